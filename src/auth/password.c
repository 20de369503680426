/* Passwords: see password.h.
 *
 * The common-password list is compiled in (src/auth/common_passwords.txt, embedded by
 * cmake/embed_file.cmake) and indexed once, on first use, into a sorted array of lower-cased
 * entries searched with bsearch. Hashing and verification run in libuv's thread pool; each
 * request owns a copy of the password, wiped before it is freed. */
#include "auth/password.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char oc_common_passwords[];
extern const size_t oc_common_passwords_len;

/* ---- acceptance ------------------------------------------------------------------------ */

static struct {
    uv_once_t once;
    char *text;     /* lower-cased copy of the list, lines NUL-terminated */
    char **entries; /* sorted, into text */
    size_t count;
} common = {UV_ONCE_INIT, NULL, NULL, 0};

static int compare_entries(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static void index_common(void)
{
    size_t len = oc_common_passwords_len;
    common.text = oc_xmalloc(len + 1);
    memcpy(common.text, oc_common_passwords, len);
    common.text[len] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += common.text[i] == '\n';
    common.entries = oc_xmalloc(lines * sizeof(char *));
    char *p = common.text, *end = common.text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        *stop = '\0';
        if (stop > p && stop[-1] == '\r')
            stop[-1] = '\0';
        if (*p != '\0' && *p != '#') { /* '#' starts the notes at the top */
            ascii_lower(p);
            common.entries[common.count++] = p;
        }
        p = stop + 1;
    }
    qsort(common.entries, common.count, sizeof(char *), compare_entries);
}

/* True if password (any ASCII case) is on the bundled list. */
static bool is_common(const char *password, size_t len)
{
    uv_once(&common.once, index_common);
    char lower[OC_PASSWORD_MAX * 4 + 1];
    if (len >= sizeof(lower))
        return false;
    memcpy(lower, password, len + 1);
    ascii_lower(lower);
    const char *key = lower;
    return bsearch(&key, common.entries, common.count, sizeof(char *), compare_entries) != NULL;
}

bool oc_password_acceptable(const char *password, const char **why)
{
    size_t len = strlen(password);
    if (!oc_utf8_valid(password, len)) {
        *why = "The password is not valid text.";
        return false;
    }
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)password[i] & 0xC0) != 0x80;
    if (chars < OC_PASSWORD_MIN) {
        *why = "Use at least 8 characters for your password.";
        return false;
    }
    if (chars > OC_PASSWORD_MAX) {
        *why = "Use at most 128 characters for your password.";
        return false;
    }
    if (is_common(password, len)) {
        *why = "This password is one of the most commonly used ones: choose one that is harder "
               "to guess.";
        return false;
    }
    *why = NULL;
    return true;
}

/* ---- hashing in the thread pool -------------------------------------------------------- */

typedef struct pw_job {
    uv_work_t work;
    unsigned long long ops;
    size_t mem;
    char *password; /* owned, wiped before free */
    size_t password_len;
    char *stored; /* verify: the stored hash (owned), NULL for the dummy */
    char hash[crypto_pwhash_STRBYTES];
    int status;
    bool needs_rehash;
    oc_password_hash_cb hash_done;
    oc_password_verify_cb verify_done;
    void *arg;
} pw_job_t;

static void clamp(const oc_password_params_t *params, unsigned long long *ops, size_t *mem)
{
    *ops = params->ops;
    *mem = params->mem;
    if (*ops < crypto_pwhash_argon2id_OPSLIMIT_MIN)
        *ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
    if (*mem < crypto_pwhash_argon2id_MEMLIMIT_MIN)
        *mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
}

static pw_job_t *job_new(const oc_password_params_t *params, const char *password, void *arg)
{
    pw_job_t *j = oc_xcalloc(1, sizeof(*j));
    clamp(params, &j->ops, &j->mem);
    j->password_len = strlen(password);
    j->password = oc_xmalloc(j->password_len + 1);
    memcpy(j->password, password, j->password_len + 1);
    j->arg = arg;
    return j;
}

static void job_free(pw_job_t *j)
{
    sodium_memzero(j->password, j->password_len);
    free(j->password);
    free(j->stored);
    sodium_memzero(j->hash, sizeof(j->hash));
    free(j);
}

static int make_hash(char out[crypto_pwhash_STRBYTES], const char *pw, size_t len,
                     unsigned long long ops, size_t mem)
{
    if (crypto_pwhash_str_alg(out, pw, len, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return UV_ENOMEM; /* the only way it fails: the memory limit could not be allocated */
    return 0;
}

static void hash_work(uv_work_t *w)
{
    pw_job_t *j = w->data;
    j->status = make_hash(j->hash, j->password, j->password_len, j->ops, j->mem);
}

static void hash_after(uv_work_t *w, int status)
{
    pw_job_t *j = w->data;
    if (status == 0)
        status = j->status;
    j->hash_done(status, status == 0 ? j->hash : NULL, j->arg);
    job_free(j);
}

void oc_password_hash(uv_loop_t *loop, const oc_password_params_t *params, const char *password,
                      oc_password_hash_cb done, void *arg)
{
    pw_job_t *j = job_new(params, password, arg);
    j->hash_done = done;
    j->work.data = j;
    int rc = uv_queue_work(loop, &j->work, hash_work, hash_after);
    oc_assert(rc == 0);
}

/* A hash of a random password with the current parameters, for checks against unknown
 * users: verifying it costs what verifying a real hash costs. Made once per parameter set. */
static struct {
    uv_once_t once;
    uv_mutex_t lock;
    unsigned long long ops;
    size_t mem;
    char hash[crypto_pwhash_STRBYTES];
} dummy = {.once = UV_ONCE_INIT};

static void dummy_init(void)
{
    oc_assert(uv_mutex_init(&dummy.lock) == 0);
}

static int dummy_hash(unsigned long long ops, size_t mem, char out[crypto_pwhash_STRBYTES])
{
    uv_once(&dummy.once, dummy_init);
    uv_mutex_lock(&dummy.lock);
    int rc = 0;
    if (dummy.ops != ops || dummy.mem != mem || dummy.hash[0] == '\0') {
        unsigned char secret[24];
        randombytes_buf(secret, sizeof(secret));
        rc = make_hash(dummy.hash, (const char *)secret, sizeof(secret), ops, mem);
        if (rc == 0) {
            dummy.ops = ops;
            dummy.mem = mem;
        } else {
            dummy.hash[0] = '\0';
        }
    }
    memcpy(out, dummy.hash, crypto_pwhash_STRBYTES);
    uv_mutex_unlock(&dummy.lock);
    return rc;
}

static void verify_work(uv_work_t *w)
{
    pw_job_t *j = w->data;
    const char *hash = j->stored;
    if (hash == NULL) {
        if (dummy_hash(j->ops, j->mem, j->hash) != 0) {
            j->status = OC_EPERM;
            return;
        }
        hash = j->hash;
    }
    if (crypto_pwhash_str_verify(hash, j->password, j->password_len) != 0 || j->stored == NULL) {
        j->status = OC_EPERM;
        return;
    }
    j->status = 0;
    j->needs_rehash = crypto_pwhash_str_needs_rehash(hash, j->ops, j->mem) != 0;
}

static void verify_after(uv_work_t *w, int status)
{
    pw_job_t *j = w->data;
    if (status == 0)
        status = j->status;
    j->verify_done(status, status == 0 && j->needs_rehash, j->arg);
    job_free(j);
}

void oc_password_verify(uv_loop_t *loop, const oc_password_params_t *params, const char *password,
                        const char *hash, oc_password_verify_cb done, void *arg)
{
    pw_job_t *j = job_new(params, password, arg);
    j->verify_done = done;
    if (hash != NULL)
        j->stored = oc_xstrdup(hash);
    j->work.data = j;
    int rc = uv_queue_work(loop, &j->work, verify_work, verify_after);
    oc_assert(rc == 0);
}

typedef struct warm_up {
    uv_work_t work;
    unsigned long long ops;
    size_t mem;
} warm_up_t;

static void warm_up_work(uv_work_t *w)
{
    warm_up_t *j = w->data;
    uv_once(&common.once, index_common);
    char hash[crypto_pwhash_STRBYTES];
    (void)dummy_hash(j->ops, j->mem, hash); /* on failure, tried again at the first use */
}

static void warm_up_after(uv_work_t *w, int status)
{
    (void)status;
    free(w->data);
}

void oc_password_warm_up(uv_loop_t *loop, const oc_password_params_t *params)
{
    warm_up_t *j = oc_xcalloc(1, sizeof(*j));
    clamp(params, &j->ops, &j->mem);
    j->work.data = j;
    int rc = uv_queue_work(loop, &j->work, warm_up_work, warm_up_after);
    oc_assert(rc == 0);
}

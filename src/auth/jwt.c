/* HS256 session tokens: see jwt.h. */
#include "auth/jwt.h"

#include "core/base64.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/json_scan.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* base64url({"alg":"HS256","typ":"JWT"}) */
static const char HEADER[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

static void mac(const oc_jwt_key_t *key, const char *data, size_t len,
                unsigned char out[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key->bytes, key->len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)data, len);
    crypto_auth_hmacsha256_final(&st, out);
}

int oc_jwt_key_load(oc_jwt_key_t *key, const char *secret, const char *data_dir, char *err,
                    size_t err_len)
{
    if (secret != NULL && *secret != '\0') {
        size_t n = strlen(secret);
        if (n < 32 || n > OC_JWT_KEY_MAX) {
            snprintf(err, err_len, "JWT_SECRET must be 32 to %d characters long", OC_JWT_KEY_MAX);
            return OC_EINVAL;
        }
        memcpy(key->bytes, secret, n);
        key->len = n;
        return 0;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/jwt_secret", data_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, key->bytes, sizeof(key->bytes));
        close(fd);
        if (n < 32) {
            snprintf(err, err_len, "%s is too short: delete it to make a new key", path);
            return OC_EINVAL;
        }
        key->len = (size_t)n;
        return 0;
    }
    if (errno != ENOENT) {
        snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
        return OC_EINVAL;
    }
    /* First start: a random key, readable by this user only. O_EXCL: if another process
     * races us, its key wins and we read it. */
    randombytes_buf(key->bytes, 32);
    key->len = 32;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return oc_jwt_key_load(key, NULL, data_dir, err, err_len);
        snprintf(err, err_len, "cannot create %s: %s", path, strerror(errno));
        return OC_EINVAL;
    }
    ssize_t w = write(fd, key->bytes, 32);
    if (w != 32 || fsync(fd) != 0) {
        close(fd);
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
        return OC_EINVAL;
    }
    close(fd);
    return 0;
}

void oc_jwt_sign(const oc_jwt_key_t *key, const oc_jwt_claims_t *claims, oc_buf_t *out)
{
    char payload[160];
    int n = snprintf(payload, sizeof(payload),
                     "{\"sid\":\"%lld\",\"uid\":\"%lld\",\"iat\":%lld,\"exp\":%lld}",
                     (long long)claims->session_id, (long long)claims->user_id,
                     (long long)claims->issued_at, (long long)claims->expires_at);
    size_t start = out->len;
    oc_buf_append(out, HEADER, sizeof(HEADER) - 1);
    oc_buf_append_char(out, '.');
    oc_buf_reserve(out, (size_t)n * 2);
    out->len += oc_base64url_encode(payload, (size_t)n, out->data + out->len);
    unsigned char sig[crypto_auth_hmacsha256_BYTES];
    mac(key, out->data + start, out->len - start, sig);
    oc_buf_append_char(out, '.');
    oc_buf_reserve(out, 64);
    out->len += oc_base64url_encode(sig, sizeof(sig), out->data + out->len);
}

static bool id_field(const cJSON *root, const char *name, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    return cJSON_IsString(v) && oc_id_parse(v->valuestring, strlen(v->valuestring), out);
}

static bool time_field(const cJSON *root, const char *name, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e12)
        return false;
    *out = (int64_t)v->valuedouble;
    return true;
}

int oc_jwt_verify(const oc_jwt_key_t *key, const char *token, size_t len, int64_t now,
                  oc_jwt_claims_t *claims)
{
    size_t hlen = sizeof(HEADER) - 1;
    if (len < hlen + 2 || len > 1024 || memcmp(token, HEADER, hlen) != 0 || token[hlen] != '.')
        return OC_EPERM;
    const char *payload = token + hlen + 1;
    const char *dot = memchr(payload, '.', len - hlen - 1);
    if (dot == NULL)
        return OC_EPERM;
    unsigned char sig[64];
    size_t sig_len;
    const char *sig_text = dot + 1;
    size_t sig_text_len = len - (size_t)(sig_text - token);
    if (sig_text_len != 43 || oc_base64url_decode(sig_text, sig_text_len, sig, &sig_len) != 0 ||
        sig_len != crypto_auth_hmacsha256_BYTES)
        return OC_EPERM;
    unsigned char want[crypto_auth_hmacsha256_BYTES];
    mac(key, token, (size_t)(dot - token), want);
    if (sodium_memcmp(sig, want, sizeof(want)) != 0)
        return OC_EPERM;
    unsigned char json[512];
    size_t json_len;
    size_t plen = (size_t)(dot - payload);
    if (plen > 600 || oc_base64url_decode(payload, plen, json, &json_len) != 0)
        return OC_EPERM;
    cJSON *root = cJSON_ParseWithLength((const char *)json, json_len);
    oc_jwt_claims_t c;
    bool ok = cJSON_IsObject(root) && id_field(root, "sid", &c.session_id) &&
              id_field(root, "uid", &c.user_id) && time_field(root, "iat", &c.issued_at) &&
              time_field(root, "exp", &c.expires_at);
    cJSON_Delete(root);
    if (!ok || c.expires_at <= now)
        return OC_EPERM;
    *claims = c;
    return 0;
}

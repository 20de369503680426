/* Attachments: see attachments.h.
 *
 * The rows are the whole truth about who may fetch a file; the files under DATA_DIR/uploads
 * follow the rows (written before a row names them, removed after the row is gone). Every
 * query is an index search: by primary key, by message (attachments_by_message) or, for
 * pending uploads, through the partial index attachments_unclaimed. */
#include "domain/attachments.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/json_writer.h"
#include "core/utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define KEY_HEX 32 /* digits in a storage key */

/* ---- JSON ------------------------------------------------------------------------------ */

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void oc_attachment_json(oc_buf_t *out, int64_t id, const char *file_name, const char *mime,
                        int64_t size)
{
    oc_buf_printf(out, "{\"id\":\"%lld\",\"file_name\":", (long long)id);
    oc_json_append_cstr(out, file_name);
    oc_buf_append_str(out, ",\"content_type\":");
    oc_json_append_cstr(out, mime);
    oc_buf_printf(out, ",\"size\":%lld,\"url\":\"/api/v1/attachments/%lld/", (long long)size,
                  (long long)id);
    /* Percent-encoded, so the URL is plain ASCII and needs no JSON escapes. */
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)file_name; *p; p++) {
        if (unreserved(*p)) {
            oc_buf_append_char(out, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            oc_buf_append(out, esc, 3);
        }
    }
    oc_buf_append_str(out, "\"}");
}

static const char SQL_OF_MESSAGE[] = "SELECT id, file_name, mime, size FROM attachments "
                                     "WHERE message_id = ? ORDER BY id";

int oc_attachments_json_for(oc_dbc_t *c, int64_t message_id, oc_buf_t *out)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_OF_MESSAGE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    oc_buf_append_char(out, '[');
    int rc, n = 0;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW) {
        if (n++ > 0)
            oc_buf_append_char(out, ',');
        const char *name = oc_stmt_text(st, 1, NULL);
        const char *mime = oc_stmt_text(st, 2, NULL);
        oc_attachment_json(out, oc_stmt_i64(st, 0), name ? name : "", mime ? mime : "",
                           oc_stmt_i64(st, 3));
    }
    oc_stmt_reset(st);
    oc_buf_append_char(out, ']');
    return rc < 0 ? rc : 0;
}

/* ---- claiming and removing ------------------------------------------------------------- */

static const char SQL_CLAIM[] = "UPDATE attachments SET message_id = ? "
                                "WHERE id = ? AND uploader_id = ? AND message_id IS NULL";

int oc_attachments_claim(oc_dbc_t *c, int64_t uploader_id, int64_t message_id, const int64_t *ids,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t changed = 0;
        int rc = oc_dbc_run(c, SQL_CLAIM, &changed, "iii", message_id, ids[i], uploader_id);
        if (rc != 0)
            return rc;
        if (changed != 1)
            return OC_ENOENT; /* the job fails: what was claimed before rolls back with it */
    }
    return 0;
}

void oc_attachment_keys_free(char **keys, size_t n)
{
    if (keys == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* Appends the text column col of the current row to *keys. */
static void collect_key(oc_stmt_t *st, int col, char ***keys, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *keys = oc_xrealloc(*keys, *cap * sizeof(**keys));
    }
    size_t len = 0;
    const char *k = oc_stmt_text(st, col, &len);
    (*keys)[(*n)++] = oc_xstrndup(k ? k : "", k ? len : 0);
}

static const char SQL_KEYS_OF_MESSAGE[] = "SELECT storage_key FROM attachments "
                                          "WHERE message_id = ? ORDER BY id";
static const char SQL_DELETE_OF_MESSAGE[] = "DELETE FROM attachments WHERE message_id = ?";

int oc_attachments_remove(oc_dbc_t *c, int64_t message_id, char ***keys, size_t *n)
{
    *keys = NULL;
    *n = 0;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_KEYS_OF_MESSAGE);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, message_id);
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW)
        collect_key(st, 0, keys, n, &cap);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (*n == 0)
        return 0;
    return oc_dbc_run(c, SQL_DELETE_OF_MESSAGE, NULL, "i", message_id);
}

/* ---- names and keys -------------------------------------------------------------------- */

/* Code points shown as '_': they could make a name lie about itself (U+202E turns
 * "gnp.exe" around), break a line, or are C1 controls. */
static bool hidden_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x061C;
}

static uint32_t decode(const unsigned char *p, int n)
{
    if (n == 2)
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (n == 3)
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/* Longest extension kept whole when a long name is cut. */
#define EXT_KEEP 16

/* Copies p[0..end) into out with the characters a name must not show replaced; stops before
 * out[cap - 4] (what is cut off is beyond any name's length anyway). Returns the length. */
static size_t clean_into(const unsigned char *p, const unsigned char *end, char *out, size_t cap)
{
    size_t n = 0;
    while (p < end && n + 4 <= cap) {
        if (*p < 0x80) {
            out[n++] = (*p < 0x20 || *p == 0x7F) ? '_' : (char)*p;
            p++;
            continue;
        }
        int k = oc_utf8_sequence(p, end);
        if (k < 0) {
            memcpy(out + n, "\xEF\xBF\xBD", 3); /* U+FFFD */
            n += 3;
            p += -k;
        } else if (hidden_code_point(decode(p, k))) {
            out[n++] = '_';
            p += k;
        } else {
            memcpy(out + n, p, (size_t)k);
            n += (size_t)k;
            p += k;
        }
    }
    return n;
}

size_t oc_attachment_name_clean(const char *raw, size_t len, char out[OC_FILE_NAME_MAX + 1])
{
    /* The base name only: old browsers sent "C:\dir\a.txt", and no name is a path here. */
    for (size_t i = len; i > 0; i--) {
        if (raw[i - 1] == '/' || raw[i - 1] == '\\') {
            raw += i;
            len -= i;
            break;
        }
    }
    while (len > 0 && raw[0] == ' ') {
        raw++;
        len--;
    }
    while (len > 0 && raw[len - 1] == ' ')
        len--;
    /* A short extension survives when the name is cut: "long...name.pdf" stays a PDF. */
    size_t dot = len;
    for (size_t i = len; i > 1; i--) {
        if (raw[i - 1] == '.') {
            if (len - (i - 1) <= EXT_KEEP)
                dot = i - 1;
            break;
        }
    }
    const unsigned char *p = (const unsigned char *)raw;
    char stem[OC_FILE_NAME_MAX * 2 + 8], ext[EXT_KEEP * 3 + 4];
    size_t sn = clean_into(p, p + dot, stem, sizeof(stem));
    size_t en = clean_into(p + dot, p + len, ext, sizeof(ext));
    if (sn + en > OC_FILE_NAME_MAX)
        sn = oc_utf8_truncate(stem, sn, OC_FILE_NAME_MAX - en);
    memcpy(out, stem, sn);
    memcpy(out + sn, ext, en);
    size_t total = sn + en;
    out[total] = '\0';
    if (total == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        strcpy(out, "file");
        total = 4;
    }
    return total;
}

void oc_attachment_key_new(char key[OC_STORAGE_KEY_MAX + 1])
{
    unsigned char raw[KEY_HEX / 2];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(key, KEY_HEX + 1, raw, sizeof(raw));
}

bool oc_attachment_key_valid(const char *key, size_t len)
{
    if (key == NULL || len != KEY_HEX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
            return false;
    return true;
}

/* ---- uploads --------------------------------------------------------------------------- */

static const char SQL_INSERT[] =
    "INSERT INTO attachments (id, message_id, uploader_id, file_name, mime, size, storage_key, "
    "created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)";

int oc_attachment_insert(oc_dbc_t *c, const oc_attachment_t *a)
{
    return oc_dbc_run(c, SQL_INSERT, NULL, "iissisi", a->id, a->uploader_id, a->file_name, a->mime,
                      a->size, a->storage_key, a->created_at);
}

static const char SQL_LOAD[] =
    "SELECT a.message_id, a.uploader_id, a.file_name, a.mime, a.size, a.storage_key, "
    "a.created_at, m.chat_id, m.deleted_at FROM attachments a "
    "LEFT JOIN messages m ON m.id = a.message_id WHERE a.id = ?";
static const char SQL_MEMBER[] = "SELECT 1 FROM members WHERE chat_id = ? AND user_id = ?";

static int is_member(oc_dbc_t *c, int64_t chat_id, int64_t user_id, bool *yes)
{
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_MEMBER);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, chat_id);
    oc_stmt_bind_i64(st, 2, user_id);
    int rc = oc_stmt_step(st);
    *yes = rc == OC_DB_ROW;
    oc_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int oc_attachment_load_for(oc_dbc_t *c, int64_t viewer_id, int64_t id, oc_attachment_t *out)
{
    memset(out, 0, sizeof(*out));
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_LOAD);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    int rc = oc_stmt_step(st);
    bool deleted = false;
    if (rc == OC_DB_ROW) {
        out->id = id;
        out->message_id = oc_stmt_null(st, 0) ? 0 : oc_stmt_i64(st, 0);
        out->uploader_id = oc_stmt_null(st, 1) ? 0 : oc_stmt_i64(st, 1);
        oc_stmt_copy_text(st, 2, out->file_name, sizeof(out->file_name));
        oc_stmt_copy_text(st, 3, out->mime, sizeof(out->mime));
        out->size = oc_stmt_i64(st, 4);
        oc_stmt_copy_text(st, 5, out->storage_key, sizeof(out->storage_key));
        out->created_at = oc_stmt_i64(st, 6);
        out->chat_id = oc_stmt_null(st, 7) ? 0 : oc_stmt_i64(st, 7);
        deleted = !oc_stmt_null(st, 8);
    }
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc != OC_DB_ROW)
        return OC_ENOENT;
    if (out->message_id == 0)
        return out->uploader_id != 0 && out->uploader_id == viewer_id ? 0 : OC_ENOENT;
    if (deleted || out->chat_id == 0)
        return OC_ENOENT;
    bool member = false;
    if ((rc = is_member(c, out->chat_id, viewer_id, &member)) != 0)
        return rc;
    return member ? 0 : OC_ENOENT;
}

static const char SQL_PENDING_KEY[] = "SELECT storage_key FROM attachments "
                                      "WHERE id = ? AND uploader_id = ? AND message_id IS NULL";
static const char SQL_DELETE_PENDING[] = "DELETE FROM attachments "
                                         "WHERE id = ? AND message_id IS NULL";

int oc_attachment_delete_pending(oc_dbc_t *c, int64_t uploader_id, int64_t id,
                                 char key[OC_STORAGE_KEY_MAX + 1])
{
    key[0] = '\0';
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_PENDING_KEY);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, id);
    oc_stmt_bind_i64(st, 2, uploader_id);
    int rc = oc_stmt_step(st);
    if (rc == OC_DB_ROW)
        oc_stmt_copy_text(st, 0, key, OC_STORAGE_KEY_MAX + 1);
    oc_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc != OC_DB_ROW)
        return OC_ENOENT;
    return oc_dbc_run(c, SQL_DELETE_PENDING, NULL, "i", id);
}

static const char SQL_EXPIRED[] = "SELECT id, storage_key FROM attachments "
                                  "WHERE message_id IS NULL AND created_at < ? "
                                  "ORDER BY created_at LIMIT ?";

int oc_attachments_expire(oc_dbc_t *c, int64_t before, size_t max, char ***keys, size_t *n)
{
    *keys = NULL;
    *n = 0;
    oc_stmt_t *st = oc_dbc_prepare(c, SQL_EXPIRED);
    if (st == NULL)
        return OC_EIO;
    oc_stmt_bind_i64(st, 1, before);
    oc_stmt_bind_i64(st, 2, (int64_t)max);
    int64_t *ids = oc_xmalloc((max ? max : 1) * sizeof(*ids));
    size_t cap = 0;
    int rc;
    while ((rc = oc_stmt_step(st)) == OC_DB_ROW && *n < max) {
        ids[*n] = oc_stmt_i64(st, 0);
        collect_key(st, 1, keys, n, &cap);
    }
    oc_stmt_reset(st);
    if (rc < 0) {
        free(ids);
        return rc;
    }
    for (size_t i = 0; i < *n && rc >= 0; i++)
        rc = oc_dbc_run(c, SQL_DELETE_PENDING, NULL, "i", ids[i]);
    free(ids);
    return rc < 0 ? rc : 0;
}

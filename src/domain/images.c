/* Uploaded pictures: see images.h. */
#include "domain/images.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "store/files.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const oc_image_format_t PNG = {"image/png", "png"};
static const oc_image_format_t JPEG = {"image/jpeg", "jpg"};
static const oc_image_format_t GIF = {"image/gif", "gif"};
static const oc_image_format_t WEBP = {"image/webp", "webp"};

static const oc_image_format_t *const formats[] = {&PNG, &JPEG, &GIF, &WEBP};

/* ---- sniffing -------------------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}

static bool png_depth_ok(unsigned color, unsigned depth)
{
    switch (color) {
    case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6: return depth == 8 || depth == 16;
    default: return false;
    }
}

/* Signature, a sane IHDR first, then a walk over whole chunks to IEND with image data on the
 * way: a text file that happens to start with the eight signature bytes fails the walk. */
static bool is_png(const uint8_t *p, size_t n)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (n < 8 + 25 || memcmp(p, sig, 8) != 0)
        return false;
    if (be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
        return false;
    uint32_t w = be32(p + 16), h = be32(p + 20);
    if (w == 0 || h == 0 || w > INT32_MAX || h > INT32_MAX)
        return false;
    if (!png_depth_ok(p[25], p[24]) || p[26] != 0 || p[27] != 0 || p[28] > 1)
        return false;
    bool data = false;
    size_t pos = 8;
    while (n - pos >= 12) {
        uint32_t len = be32(p + pos);
        const uint8_t *type = p + pos + 4;
        if (len > INT32_MAX || len > n - pos - 12)
            return false;
        for (int i = 0; i < 4; i++)
            if (!((type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z')))
                return false;
        if (memcmp(type, "IDAT", 4) == 0)
            data = true;
        else if (memcmp(type, "IEND", 4) == 0)
            return data;
        pos += 12 + (size_t)len;
    }
    return false;
}

static bool jpeg_is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* SOI, then well-formed marker segments up to the first scan, with a frame header (SOF)
 * before it. The entropy-coded data after SOS is not checked. */
static bool is_jpeg(const uint8_t *p, size_t n)
{
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8 || p[2] != 0xFF)
        return false;
    bool frame = false;
    size_t pos = 2;
    while (pos < n) {
        if (p[pos] != 0xFF)
            return false;
        while (pos < n && p[pos] == 0xFF)
            pos++; /* fill bytes */
        if (pos >= n)
            return false;
        unsigned m = p[pos++];
        if (m == 0x00 || m == 0xD8 || m == 0xD9)
            return false;
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
            continue; /* markers without a length */
        if (n - pos < 2)
            return false;
        size_t seg = be16(p + pos);
        if (seg < 2 || seg > n - pos)
            return false;
        if (jpeg_is_sof(m)) {
            /* length, precision, height, width, components */
            if (seg < 8 || be16(p + pos + 5) == 0 || p[pos + 7] == 0)
                return false;
            frame = true;
        }
        if (m == 0xDA)
            return frame;
        pos += seg;
    }
    return false;
}

/* Header, logical screen with a size, the global colour table if announced, and then an
 * image or an extension block (a GIF that is only a trailer shows nothing). */
static bool is_gif(const uint8_t *p, size_t n)
{
    if (n < 14 || (memcmp(p, "GIF87a", 6) != 0 && memcmp(p, "GIF89a", 6) != 0))
        return false;
    if (le16(p + 6) == 0 || le16(p + 8) == 0)
        return false;
    size_t pos = 13;
    if (p[10] & 0x80)
        pos += 3u * (1u << ((p[10] & 7) + 1));
    return pos < n && (p[pos] == 0x2C || p[pos] == 0x21);
}

/* A RIFF container of form WEBP whose declared size fits the bytes, starting with one of the
 * three WebP chunk kinds with its own signature where it has one. */
static bool is_webp(const uint8_t *p, size_t n)
{
    if (n < 30 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WEBP", 4) != 0)
        return false;
    uint32_t riff = le32(p + 4);
    if (riff < 4 + 8 + 10 || (uint64_t)riff + 8 > n)
        return false;
    uint32_t chunk = le32(p + 16);
    if ((uint64_t)chunk + 8 > (uint64_t)riff - 4)
        return false;
    const uint8_t *d = p + 20;
    if (memcmp(p + 12, "VP8 ", 4) == 0)
        return chunk >= 10 && (d[0] & 1) == 0 && d[3] == 0x9D && d[4] == 0x01 && d[5] == 0x2A;
    if (memcmp(p + 12, "VP8L", 4) == 0)
        return chunk >= 5 && d[0] == 0x2F;
    if (memcmp(p + 12, "VP8X", 4) == 0)
        return chunk >= 10;
    return false;
}

const oc_image_format_t *oc_image_sniff(const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    if (p == NULL)
        return NULL;
    if (is_png(p, len))
        return &PNG;
    if (is_jpeg(p, len))
        return &JPEG;
    if (is_gif(p, len))
        return &GIF;
    if (is_webp(p, len))
        return &WEBP;
    return NULL;
}

const oc_image_format_t *oc_image_name_format(const char *name, size_t len)
{
    if (name == NULL || len < 34 || name[32] != '.')
        return NULL;
    for (int i = 0; i < 32; i++) {
        char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return NULL;
    }
    const char *ext = name + 33;
    size_t ext_len = len - 33;
    for (size_t i = 0; i < OC_ARRAY_LEN(formats); i++)
        if (strlen(formats[i]->ext) == ext_len && memcmp(formats[i]->ext, ext, ext_len) == 0)
            return formats[i];
    return NULL;
}

static const oc_image_format_t *format_by_ext(const char *ext)
{
    for (size_t i = 0; i < OC_ARRAY_LEN(formats); i++)
        if (ext != NULL && strcmp(formats[i]->ext, ext) == 0)
            return formats[i];
    return NULL;
}

/* ---- storing --------------------------------------------------------------------------- */

/* The bytes are copied so the caller's buffer may go at once; the writing itself is
 * oc_files_write's (new file only, flushed before the callback). */
typedef struct store_job {
    char *bytes;
    oc_image_stored_fn cb;
    void *arg;
    char name[OC_IMAGE_NAME_MAX];
} store_job_t;

static void stored(int status, void *arg)
{
    store_job_t *job = arg;
    job->cb(status, status == 0 ? job->name : NULL, job->arg);
    free(job->bytes);
    free(job);
}

int oc_image_store(uv_loop_t *loop, const char *folder, const void *bytes, size_t len,
                   const char *ext, oc_image_stored_fn cb, void *arg)
{
    const oc_image_format_t *f = format_by_ext(ext);
    if (f == NULL)
        return OC_EINVAL;
    unsigned char raw[16];
    int rc = uv_random(NULL, NULL, raw, sizeof(raw), 0, NULL);
    if (rc != 0)
        return rc;
    store_job_t *job = oc_xcalloc(1, sizeof(*job));
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof(raw); i++) {
        job->name[2 * i] = hex[raw[i] >> 4];
        job->name[2 * i + 1] = hex[raw[i] & 15];
    }
    snprintf(job->name + 32, sizeof(job->name) - 32, ".%s", f->ext);
    job->bytes = oc_xmalloc(len ? len : 1);
    if (len)
        memcpy(job->bytes, bytes, len);
    job->cb = cb;
    job->arg = arg;
    /* A new file only: 128 random bits never collide in practice, and if they did we must
     * not overwrite someone else's picture. */
    rc = oc_files_write(loop, folder, job->name, job->bytes, len, NULL, stored, job);
    if (rc != 0) {
        free(job->bytes);
        free(job);
    }
    return rc;
}

/* ---- removing -------------------------------------------------------------------------- */

typedef struct remove_job {
    uv_fs_t fs;
    oc_image_removed_fn cb;
    void *arg;
} remove_job_t;

static void removed(uv_fs_t *fs)
{
    remove_job_t *job = fs->data;
    int status = fs->result < 0 ? (int)fs->result : 0;
    uv_fs_req_cleanup(fs);
    if (job->cb != NULL)
        job->cb(status, job->arg);
    free(job);
}

int oc_image_remove(uv_loop_t *loop, const char *folder, const char *name, oc_image_removed_fn cb,
                    void *arg)
{
    char path[PATH_MAX];
    int n;
    if (name == NULL || oc_image_name_format(name, strlen(name)) == NULL ||
        (n = snprintf(path, sizeof(path), "%s/%s", folder, name)) < 0 || (size_t)n >= sizeof(path))
        return OC_EINVAL;
    remove_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->cb = cb;
    job->arg = arg;
    job->fs.data = job;
    int rc = uv_fs_unlink(loop, &job->fs, path, removed);
    if (rc != 0) {
        uv_fs_req_cleanup(&job->fs);
        free(job);
    }
    return rc;
}

/* ---- reading --------------------------------------------------------------------------- */

int oc_image_load(uv_loop_t *loop, const char *folder, const char *name, oc_image_loaded_fn cb,
                  void *arg)
{
    if (name == NULL || oc_image_name_format(name, strlen(name)) == NULL)
        return OC_EINVAL;
    return oc_files_read(loop, folder, name, OC_IMAGE_READ_MAX, cb, arg);
}

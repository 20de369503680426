/* Tests for src/domain/images.c: recognising PNG, JPEG, GIF and WebP by content (and refusing
 * look-alikes, truncated files and other formats), stored-name validation, and storing,
 * reading and deleting files through a real loop in a temporary folder. */
#include "domain/images.h"

#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Smallest real pictures of each kind (the PNG and JPEG made by hand, with valid CRCs and
 * Huffman tables; the GIF and WebPs are the well-known 1x1 feature-test images). */
static const unsigned char PNG_1X1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
    0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
static const unsigned char JPEG_8X8[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08,
    0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14,
    0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x3f, 0xff, 0xd9,
};
static const unsigned char GIF_1X1[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x44, 0x00, 0x3b,
};
static const unsigned char WEBP_LOSSY[] = {
    0x52, 0x49, 0x46, 0x46, 0x22, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50,
    0x38, 0x20, 0x16, 0x00, 0x00, 0x00, 0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x01, 0x00,
    0x01, 0x00, 0x0e, 0xc0, 0xfe, 0x25, 0xa4, 0x00, 0x03, 0x70, 0x00, 0x00, 0x00, 0x00,
};
static const unsigned char WEBP_LOSSLESS[] = {
    0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
    0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00,
    0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
};
static const unsigned char WEBP_EXTENDED[] = {
    0x52, 0x49, 0x46, 0x46, 0x4a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50,
    0x38, 0x58, 0x0a, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x41, 0x4c, 0x50, 0x48, 0x0c, 0x00, 0x00, 0x00, 0x11, 0x07, 0x10, 0x11,
    0xfd, 0x0f, 0x44, 0x44, 0xff, 0x03, 0x00, 0x00, 0x56, 0x50, 0x38, 0x20, 0x18, 0x00,
    0x00, 0x00, 0x14, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
    0xfe, 0x00, 0x00, 0x0d, 0xc0, 0x00, 0xfe, 0xe6, 0xb5, 0x00, 0x00, 0x00,
};

static const char *sniffed(const void *bytes, size_t len)
{
    const oc_image_format_t *f = oc_image_sniff(bytes, len);
    return f ? f->ext : "none";
}

#define SNIFF(a) sniffed((a), sizeof(a))

static void test_sniff_valid(void **state)
{
    (void)state;
    assert_string_equal(SNIFF(PNG_1X1), "png");
    assert_string_equal(SNIFF(JPEG_8X8), "jpg");
    assert_string_equal(SNIFF(GIF_1X1), "gif");
    assert_string_equal(SNIFF(WEBP_LOSSY), "webp");
    assert_string_equal(SNIFF(WEBP_LOSSLESS), "webp");
    assert_string_equal(SNIFF(WEBP_EXTENDED), "webp");
    assert_string_equal(oc_image_sniff(PNG_1X1, sizeof(PNG_1X1))->mime, "image/png");
    assert_string_equal(oc_image_sniff(JPEG_8X8, sizeof(JPEG_8X8))->mime, "image/jpeg");
    assert_string_equal(oc_image_sniff(GIF_1X1, sizeof(GIF_1X1))->mime, "image/gif");
    assert_string_equal(oc_image_sniff(WEBP_LOSSY, sizeof(WEBP_LOSSY))->mime, "image/webp");
}

static void test_sniff_trailing_bytes(void **state)
{
    (void)state;
    /* Bytes after the end of a picture are tolerated (cameras append metadata). */
    unsigned char buf[512];
    const struct {
        const unsigned char *p;
        size_t n;
        const char *ext;
    } cases[] = {
        {PNG_1X1, sizeof(PNG_1X1), "png"},
        {JPEG_8X8, sizeof(JPEG_8X8), "jpg"},
        {GIF_1X1, sizeof(GIF_1X1), "gif"},
        {WEBP_LOSSY, sizeof(WEBP_LOSSY), "webp"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(buf, cases[i].p, cases[i].n);
        memset(buf + cases[i].n, 'x', 16);
        assert_string_equal(sniffed(buf, cases[i].n + 16), cases[i].ext);
    }
}

static void test_sniff_truncated(void **state)
{
    (void)state;
    /* A PNG is checked chunk by chunk to IEND: every proper prefix fails. */
    for (size_t n = 0; n < sizeof(PNG_1X1); n++)
        assert_string_equal(sniffed(PNG_1X1, n), "none");
    /* A JPEG must have whole segments up to the start of the scan. */
    for (size_t n = 0; n < sizeof(JPEG_8X8) - 3; n++)
        assert_string_equal(sniffed(JPEG_8X8, n), "none");
    /* A GIF needs its header, screen descriptor and colour table, and a block after. */
    for (size_t n = 0; n < 20; n++)
        assert_string_equal(sniffed(GIF_1X1, n), "none");
    /* A WebP's RIFF size must fit in what was sent. */
    for (size_t n = 0; n < sizeof(WEBP_LOSSY); n++)
        assert_string_equal(sniffed(WEBP_LOSSY, n), "none");
    for (size_t n = 0; n < sizeof(WEBP_EXTENDED); n++)
        assert_string_equal(sniffed(WEBP_EXTENDED, n), "none");
}

static void test_sniff_disguised(void **state)
{
    (void)state;
    static const char html[] = "<!DOCTYPE html><html><script>alert(1)</script></html>";
    assert_string_equal(sniffed(html, strlen(html)), "none");
    static const char gif_script[] = "GIF89a<script>alert(1)</script>";
    assert_string_equal(sniffed(gif_script, strlen(gif_script)), "none");
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    assert_string_equal(sniffed(svg, strlen(svg)), "none");
    assert_string_equal(sniffed("", 0), "none");
    assert_string_equal(sniffed(NULL, 0), "none");

    /* The PNG signature followed by text. */
    unsigned char buf[256];
    memcpy(buf, PNG_1X1, 8);
    memset(buf + 8, 'A', 100);
    assert_string_equal(sniffed(buf, 108), "none");
    /* A valid IHDR with an impossible bit depth for its colour type. */
    memcpy(buf, PNG_1X1, sizeof(PNG_1X1));
    buf[24] = 4; /* RGBA at 4 bits */
    assert_string_equal(sniffed(buf, sizeof(PNG_1X1)), "none");
    /* Zero width. */
    memcpy(buf, PNG_1X1, sizeof(PNG_1X1));
    buf[19] = 0;
    assert_string_equal(sniffed(buf, sizeof(PNG_1X1)), "none");
    /* A chunk length running past the end. */
    memcpy(buf, PNG_1X1, sizeof(PNG_1X1));
    buf[36] = 0x7F;
    assert_string_equal(sniffed(buf, sizeof(PNG_1X1)), "none");
    /* No image data before IEND. */
    static const unsigned char no_idat[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    assert_string_equal(SNIFF(no_idat), "none");

    /* JPEG: SOI then text; a scan without a frame header; a segment length too short. */
    static const char jpeg_text[] = "\xff\xd8\xff<html><body>hello</body></html>";
    assert_string_equal(sniffed(jpeg_text, strlen(jpeg_text)), "none");
    memcpy(buf, JPEG_8X8, sizeof(JPEG_8X8));
    buf[90] = 0xE1; /* SOF0 -> APP1: no frame before the scan */
    assert_string_equal(sniffed(buf, sizeof(JPEG_8X8)), "none");
    memcpy(buf, JPEG_8X8, sizeof(JPEG_8X8));
    buf[5] = 1; /* APP0 length 1 */
    assert_string_equal(sniffed(buf, sizeof(JPEG_8X8)), "none");

    /* GIF with a zero-sized screen, and one that is only a trailer. */
    memcpy(buf, GIF_1X1, sizeof(GIF_1X1));
    buf[6] = buf[7] = 0;
    assert_string_equal(sniffed(buf, sizeof(GIF_1X1)), "none");
    static const unsigned char gif_empty[] = {'G', 'I', 'F', '8', '7', 'a', 1,
                                              0,   1,   0,   0,   0,   0,   0x3B};
    assert_string_equal(SNIFF(gif_empty), "none");

    /* RIFF of another form (WAVE), a WebP with an unknown first chunk, a lossy WebP without
     * its start code and a lossless one without its signature. */
    memcpy(buf, WEBP_LOSSY, sizeof(WEBP_LOSSY));
    memcpy(buf + 8, "WAVE", 4);
    assert_string_equal(sniffed(buf, sizeof(WEBP_LOSSY)), "none");
    memcpy(buf, WEBP_LOSSY, sizeof(WEBP_LOSSY));
    memcpy(buf + 12, "ICCP", 4);
    assert_string_equal(sniffed(buf, sizeof(WEBP_LOSSY)), "none");
    memcpy(buf, WEBP_LOSSY, sizeof(WEBP_LOSSY));
    buf[23] = 0;
    assert_string_equal(sniffed(buf, sizeof(WEBP_LOSSY)), "none");
    memcpy(buf, WEBP_LOSSLESS, sizeof(WEBP_LOSSLESS));
    buf[20] = 0;
    assert_string_equal(sniffed(buf, sizeof(WEBP_LOSSLESS)), "none");
    /* A RIFF size larger than the bytes. */
    memcpy(buf, WEBP_LOSSY, sizeof(WEBP_LOSSY));
    buf[4] = 0x40;
    assert_string_equal(sniffed(buf, sizeof(WEBP_LOSSY)), "none");
}

static const char *name_ext(const char *name)
{
    const oc_image_format_t *f = oc_image_name_format(name, name ? strlen(name) : 0);
    return f ? f->mime : "none";
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(name_ext("0123456789abcdef0123456789abcdef.png"), "image/png");
    assert_string_equal(name_ext("0123456789abcdef0123456789abcdef.jpg"), "image/jpeg");
    assert_string_equal(name_ext("0123456789abcdef0123456789abcdef.gif"), "image/gif");
    assert_string_equal(name_ext("0123456789abcdef0123456789abcdef.webp"), "image/webp");
    static const char *bad[] = {
        NULL,
        "",
        "0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef.",
        "0123456789abcdef0123456789abcdef.jpeg",
        "0123456789abcdef0123456789abcdef.PNG",
        "0123456789abcdef0123456789abcdef.svg",
        "0123456789abcdef0123456789abcdef.html",
        "0123456789ABCDEF0123456789abcdef.png",
        "0123456789abcdef0123456789abcde.png",
        "0123456789abcdef0123456789abcdef0.png",
        "0123456789abcdef0123456789abcdeg.png",
        "../3456789abcdef0123456789abcdef.png",
        "0123456789abcdef0123456789abcdef.png/",
        "0123456789abcdef0123456789abcdef.pngx",
        "0123456789abcdef0123456789abcdef.png.png",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_string_equal(name_ext(bad[i]), "none");
    /* The length given counts, not the NUL. */
    assert_null(oc_image_name_format("0123456789abcdef0123456789abcdef.png", 35));
}

/* ---- files ----------------------------------------------------------------------------- */

static char root[] = "/tmp/oc-test-images-XXXXXX";
static char folder[300];

typedef struct result {
    bool called;
    int status;
    char name[OC_IMAGE_NAME_MAX];
    oc_frame_t *frame;
} result_t;

static void on_stored(int status, const char *name, void *arg)
{
    result_t *r = arg;
    r->called = true;
    r->status = status;
    snprintf(r->name, sizeof(r->name), "%s", name ? name : "");
}

static void on_loaded(int status, oc_frame_t *frame, void *arg)
{
    result_t *r = arg;
    r->called = true;
    r->status = status;
    r->frame = frame;
}

static void on_removed(int status, void *arg)
{
    result_t *r = arg;
    r->called = true;
    r->status = status;
}

static void run(uv_loop_t *loop, result_t *r)
{
    while (!r->called)
        uv_run(loop, UV_RUN_ONCE);
}

static int setup_files(void **state)
{
    (void)state;
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(folder, sizeof(folder), "%s/avatars", root);
    return 0;
}

static int teardown_files(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_store_load_remove(void **state)
{
    (void)state;
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);

    /* The folder does not exist yet: the first store creates it. */
    result_t s1 = {0}, s2 = {0};
    assert_int_equal(oc_image_store(&loop, folder, PNG_1X1, sizeof(PNG_1X1), "png", on_stored, &s1),
                     0);
    run(&loop, &s1);
    assert_int_equal(s1.status, 0);
    assert_non_null(oc_image_name_format(s1.name, strlen(s1.name)));
    assert_string_equal(s1.name + 32, ".png");
    assert_int_equal(oc_image_store(&loop, folder, GIF_1X1, sizeof(GIF_1X1), "gif", on_stored, &s2),
                     0);
    run(&loop, &s2);
    assert_int_equal(s2.status, 0);
    assert_string_equal(s2.name + 32, ".gif");
    assert_string_not_equal(s1.name, s2.name);

    char path[400];
    snprintf(path, sizeof(path), "%s/%s", folder, s1.name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, sizeof(PNG_1X1));

    result_t l = {0};
    assert_int_equal(oc_image_load(&loop, folder, s1.name, on_loaded, &l), 0);
    run(&loop, &l);
    assert_int_equal(l.status, 0);
    assert_int_equal(l.frame->len, sizeof(PNG_1X1));
    assert_memory_equal(l.frame->data, PNG_1X1, sizeof(PNG_1X1));
    oc_frame_unref(l.frame);

    result_t rm = {0};
    assert_int_equal(oc_image_remove(&loop, folder, s1.name, on_removed, &rm), 0);
    run(&loop, &rm);
    assert_int_equal(rm.status, 0);
    assert_int_equal(stat(path, &st), -1);

    /* Gone: reading or deleting it again says so. */
    result_t l2 = {0}, rm2 = {0};
    assert_int_equal(oc_image_load(&loop, folder, s1.name, on_loaded, &l2), 0);
    run(&loop, &l2);
    assert_int_equal(l2.status, OC_ENOENT);
    assert_null(l2.frame);
    assert_int_equal(oc_image_remove(&loop, folder, s1.name, on_removed, &rm2), 0);
    run(&loop, &rm2);
    assert_int_equal(rm2.status, OC_ENOENT);

    /* Names that are not a stored picture's never reach the file system. */
    result_t none = {0};
    assert_int_equal(oc_image_load(&loop, folder, "../secret.png", on_loaded, &none), OC_EINVAL);
    assert_int_equal(oc_image_remove(&loop, folder, "x.png", on_removed, &none), OC_EINVAL);
    assert_int_equal(oc_image_store(&loop, folder, PNG_1X1, 8, "html", on_stored, &none),
                     OC_EINVAL);
    assert_false(none.called);

    /* A link planted under a valid name is not followed. */
    char link[400];
    snprintf(link, sizeof(link), "%s/%s", folder, "0123456789abcdef0123456789abcdef.png");
    assert_int_equal(symlink("/etc/passwd", link), 0);
    result_t l3 = {0};
    assert_int_equal(
        oc_image_load(&loop, folder, "0123456789abcdef0123456789abcdef.png", on_loaded, &l3), 0);
    run(&loop, &l3);
    assert_int_equal(l3.status, OC_ENOENT);

    /* Storing into a folder that cannot be created fails through the callback. */
    char bad[400];
    snprintf(bad, sizeof(bad), "%s/missing/avatars", root);
    result_t s3 = {0};
    assert_int_equal(oc_image_store(&loop, bad, PNG_1X1, sizeof(PNG_1X1), "png", on_stored, &s3),
                     0);
    run(&loop, &s3);
    assert_int_equal(s3.status, UV_ENOENT);
    assert_string_equal(s3.name, "");

    /* Without a callback: fire and forget. */
    snprintf(path, sizeof(path), "%s/%s", folder, s2.name);
    assert_int_equal(oc_image_remove(&loop, folder, s2.name, NULL, NULL), 0);
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(stat(path, &st), -1);
    assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_valid),
        cmocka_unit_test(test_sniff_trailing_bytes),
        cmocka_unit_test(test_sniff_truncated),
        cmocka_unit_test(test_sniff_disguised),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_store_load_remove, setup_files, teardown_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

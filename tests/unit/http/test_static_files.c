/* Tests for the pure parts of src/http/static_files.c: MIME types by extension, recognising
 * content-hashed bundle names, and decoding plus normalising request paths, where every way
 * of spelling "..", a hidden name, a NUL or a backslash must be refused. */
#include "http/static_files.h"

#include "core/errors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *mime(const char *name)
{
    return oc_static_mime_type(name, strlen(name));
}

static bool hashed(const char *name)
{
    return oc_static_is_hashed(name, strlen(name));
}

static void test_mime_types(void **state)
{
    (void)state;
    static const struct {
        const char *name, *type;
    } cases[] = {
        {"index.html", "text/html; charset=utf-8"},
        {"assets/index-B1c2D3e4.js", "text/javascript; charset=utf-8"},
        {"worker.mjs", "text/javascript; charset=utf-8"},
        {"a/b/style.css", "text/css; charset=utf-8"},
        {"data.json", "application/json"},
        {"index.js.map", "application/json"},
        {"manifest.webmanifest", "application/manifest+json"},
        {"robots.txt", "text/plain; charset=utf-8"},
        {"logo.svg", "image/svg+xml"},
        {"a.png", "image/png"},
        {"a.jpg", "image/jpeg"},
        {"a.jpeg", "image/jpeg"},
        {"a.gif", "image/gif"},
        {"a.webp", "image/webp"},
        {"a.avif", "image/avif"},
        {"favicon.ico", "image/x-icon"},
        {"f.woff", "font/woff"},
        {"f.woff2", "font/woff2"},
        {"f.ttf", "font/ttf"},
        {"f.otf", "font/otf"},
        {"m.wasm", "application/wasm"},
        {"s.mp3", "audio/mpeg"},
        {"s.ogg", "audio/ogg"},
        {"s.wav", "audio/wav"},
        {"v.mp4", "video/mp4"},
        {"v.webm", "video/webm"},
        {"d.pdf", "application/pdf"},
        /* Case-insensitive extension. */
        {"INDEX.HTML", "text/html; charset=utf-8"},
        {"Photo.JpG", "image/jpeg"},
        /* Unknown, missing, empty, or a dot only in a folder name. */
        {"archive.tar.gz", "application/octet-stream"},
        {"README", "application/octet-stream"},
        {"file.", "application/octet-stream"},
        {"", "application/octet-stream"},
        {"v1.2/README", "application/octet-stream"},
        {"a.js/b", "application/octet-stream"},
        /* Near misses are not prefixes or suffixes of known extensions. */
        {"a.htm", "application/octet-stream"},
        {"a.htmlx", "application/octet-stream"},
        {"a.xjs", "application/octet-stream"},
        {"a.j", "application/octet-stream"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (strcmp(mime(cases[i].name), cases[i].type) != 0)
            fail_msg("%s: got %s, want %s", cases[i].name, mime(cases[i].name), cases[i].type);
    }
    /* Only len bytes count. */
    assert_string_equal(oc_static_mime_type("a.json", 4), "text/javascript; charset=utf-8");
    assert_string_equal(oc_static_mime_type("a.jsonp", 6), "application/json");
}

static void test_hashed_names(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "assets/index-B1c2D3e4.js",
        "assets/vendor-a_b_c_d_.css",
        "assets/Inter-Regular-AbCdEfGh.woff2",
        "assets/index-B-1xYz_a.js",
        "assets/index-B1c2D3e4.js.map",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!hashed(yes[i]))
            fail_msg("%s should count as hashed", yes[i]);
    }
    static const char *const no[] = {
        "index.html",
        "index-B1c2D3e4.js",         /* outside assets/ */
        "logo-0123456789abcdef.svg", /* outside assets/ */
        "assets/logo-1024x1024.png", /* "1024x1024" is nine characters */
        "assets/site-manifest.json", /* "manifest" has no dash before it */
        "assets/index-B1c2D3e.js",   /* seven characters */
        "assets/indexB1c2D3e4.js",   /* no dash */
        "assets/index-B1c2+3e4.js",  /* not base64url */
        "assets/index-B1c2D3e4",     /* no extension */
        "assets/favicon.ico",
        "assets/-/x.js",
        "",
        "assets/a-12345678/index.js",   /* the hash must be in the file name */
        "assets/index-B1c2D3e4.min.js", /* ".min" follows the hash */
    };
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (hashed(no[i]))
            fail_msg("%s should not count as hashed", no[i]);
    }
}

/* Normalises path and checks the result (NULL: refused). */
static void check_normalize(const char *path, size_t len, const char *want)
{
    char *out = (char *)"untouched";
    int rc = oc_static_normalize(path, len, &out);
    if (want == NULL) {
        if (rc != OC_EPERM)
            fail_msg("\"%.*s\" was accepted as \"%s\"", (int)len, path, out);
        assert_string_equal(out, "untouched");
        return;
    }
    if (rc != 0)
        fail_msg("\"%.*s\" was refused (%d)", (int)len, path, rc);
    assert_string_equal(out, want);
    free(out);
}

#define NORM(path, want) check_normalize((path), sizeof(path) - 1, (want))

static void test_normalize_accepts(void **state)
{
    (void)state;
    NORM("", "");
    NORM("/", "");
    NORM("///", "");
    NORM("/index.html", "index.html");
    NORM("index.html", "index.html");
    NORM("/assets/index-B1c2D3e4.js", "assets/index-B1c2D3e4.js");
    NORM("//a///b/", "a/b");
    NORM("/a/b/c/", "a/b/c");
    NORM("/a%20b/c%2Bd", "a b/c+d");
    NORM("/%E2%9C%93.txt", "\xE2\x9C\x93.txt");
    NORM("/caf%c3%a9", "caf\xc3\xa9"); /* lower-case hex */
    NORM("/a%2Fb", "a/b");             /* an encoded slash separates like a slash */
    NORM("/a%2f%2f%2fb", "a/b");
    NORM("/a..b/c.", "a..b/c."); /* dots inside a name are fine */
    NORM("/a/b..", "a/b..");
    NORM("/%41", "A");
    NORM("/x%25y", "x%y"); /* decoded once, not twice */
    NORM("/x%252e%252e", "x%2e%2e");
    /* Only len bytes count. */
    check_normalize("/a/b/../..", 4, "a/b");
}

static void test_normalize_refuses(void **state)
{
    (void)state;
    /* Parent and current folders in every spelling. */
    NORM("..", NULL);
    NORM("/..", NULL);
    NORM("/../etc/passwd", NULL);
    NORM("/a/../../etc/passwd", NULL);
    NORM("/a/..", NULL);
    NORM("/a/../b", NULL); /* even when it would stay inside */
    NORM("/.", NULL);
    NORM("/a/./b", NULL);
    NORM("/%2e%2e/etc/passwd", NULL);
    NORM("/%2E%2E/x", NULL);
    NORM("/%2e./x", NULL);
    NORM("/.%2e/x", NULL);
    NORM("/a%2f..%2fb", NULL);
    NORM("/a/%2e", NULL);
    /* Hidden names. */
    NORM("/.git/config", NULL);
    NORM("/.env", NULL);
    NORM("/a/.htpasswd", NULL);
    NORM("/%2egit/config", NULL);
    /* NUL and backslash, literal or encoded. */
    check_normalize("/a\0b", 4, NULL);
    NORM("/a%00b", NULL);
    NORM("/index.html%00.png", NULL);
    NORM("/a\\b", NULL);
    NORM("/..\\..\\windows", NULL);
    NORM("/a%5cb", NULL);
    NORM("/a%5Cb", NULL);
    /* Bad escapes. */
    NORM("/%", NULL);
    NORM("/a%", NULL);
    NORM("/a%2", NULL);
    NORM("/%zz", NULL);
    NORM("/%2g", NULL);
    NORM("/%g2", NULL);
    NORM("/%%41", NULL);
    NORM("/% 41", NULL);
    NORM("/%-1", NULL);
    /* An escape cut by len is incomplete. */
    check_normalize("/%41", 3, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mime_types),
        cmocka_unit_test(test_hashed_names),
        cmocka_unit_test(test_normalize_accepts),
        cmocka_unit_test(test_normalize_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

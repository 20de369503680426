/* Tests for src/store/files.c on a real folder: writing a new file (the folder created, the
 * inspect step seeing every byte, never overwriting), reading it back whole (limits, missing
 * files, links refused), removing a batch (missing files are fine, bad names are never
 * touched) and the names refused up front. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/errors.h"
#include "store/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/oc-test-files-XXXXXX";
static char folder[300];
static uv_loop_t loop;

static bool done;
static int status;
static oc_frame_t *frame;
static size_t inspected;

static void on_done(int st, void *arg)
{
    (void)arg;
    status = st;
    done = true;
}

static void on_read(int st, oc_frame_t *f, void *arg)
{
    (void)arg;
    status = st;
    frame = f;
    done = true;
}

static void inspect(const void *bytes, size_t len, void *arg)
{
    (void)arg;
    inspected = len;
    assert_true(len == 0 || bytes != NULL);
}

static int wait_done(void)
{
    while (!done)
        uv_run(&loop, UV_RUN_ONCE);
    done = false;
    return status;
}

static bool exists(const char *name)
{
    char p[400];
    snprintf(p, sizeof(p), "%s/%s", folder, name);
    return access(p, F_OK) == 0;
}

static int setup(void **state)
{
    (void)state;
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(folder, sizeof(folder), "%s/uploads", root);
    return uv_loop_init(&loop);
}

static int teardown(void **state)
{
    (void)state;
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_names(void **state)
{
    (void)state;
    assert_true(oc_files_name_ok("0123abcd"));
    assert_false(oc_files_name_ok(NULL));
    assert_false(oc_files_name_ok(""));
    assert_false(oc_files_name_ok("."));
    assert_false(oc_files_name_ok(".."));
    assert_false(oc_files_name_ok(".hidden"));
    assert_false(oc_files_name_ok("a/b"));
    assert_false(oc_files_name_ok("a\\b"));
    assert_int_equal(oc_files_write(&loop, folder, "../x", "a", 1, NULL, on_done, NULL), OC_EINVAL);
    assert_int_equal(oc_files_read(&loop, folder, "../x", 10, on_read, NULL), OC_EINVAL);
}

static void test_write_read_remove(void **state)
{
    (void)state;
    static const char bytes[] = "hello, file";
    size_t len = sizeof(bytes) - 1;
    assert_int_equal(oc_files_write(&loop, folder, "k1", bytes, len, inspect, on_done, NULL), 0);
    assert_int_equal(wait_done(), 0);
    assert_int_equal(inspected, len);
    assert_true(exists("k1"));
    struct stat st;
    char p[400];
    snprintf(p, sizeof(p), "%s/k1", folder);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* Never overwritten. */
    assert_int_equal(oc_files_write(&loop, folder, "k1", "x", 1, NULL, on_done, NULL), 0);
    assert_int_equal(wait_done(), OC_EEXIST);

    assert_int_equal(oc_files_read(&loop, folder, "k1", len, on_read, NULL), 0);
    assert_int_equal(wait_done(), 0);
    assert_non_null(frame);
    assert_int_equal(frame->len, len);
    assert_memory_equal(frame->data, bytes, len);
    oc_frame_unref(frame);
    frame = NULL;

    assert_int_equal(oc_files_read(&loop, folder, "k1", len - 1, on_read, NULL), 0);
    assert_int_equal(wait_done(), OC_E2BIG);
    assert_null(frame);
    assert_int_equal(oc_files_read(&loop, folder, "nope", 100, on_read, NULL), 0);
    assert_int_equal(wait_done(), OC_ENOENT);

    /* A link planted in the folder is not followed. */
    char target[400];
    snprintf(target, sizeof(target), "%s/outside", root);
    FILE *f = fopen(target, "w");
    fputs("secret", f);
    fclose(f);
    snprintf(p, sizeof(p), "%s/link", folder);
    assert_int_equal(symlink(target, p), 0);
    assert_int_equal(oc_files_read(&loop, folder, "link", 100, on_read, NULL), 0);
    assert_int_equal(wait_done(), OC_ENOENT);

    /* Empty files are files. */
    assert_int_equal(oc_files_write(&loop, folder, "empty", "", 0, NULL, on_done, NULL), 0);
    assert_int_equal(wait_done(), 0);
    assert_int_equal(oc_files_read(&loop, folder, "empty", 10, on_read, NULL), 0);
    assert_int_equal(wait_done(), 0);
    assert_int_equal(frame->len, 0);
    oc_frame_unref(frame);
    frame = NULL;

    /* A batch: present, missing and a bad name that must not be touched. */
    char **names = oc_xmalloc(4 * sizeof(*names));
    names[0] = oc_xstrdup("k1");
    names[1] = oc_xstrdup("missing");
    names[2] = oc_xstrdup("../outside");
    names[3] = oc_xstrdup("empty");
    assert_int_equal(oc_files_remove(&loop, folder, names, 4, on_done, NULL), 0);
    assert_int_equal(wait_done(), OC_EINVAL);
    assert_false(exists("k1"));
    assert_false(exists("empty"));
    assert_int_equal(access(target, F_OK), 0);

    names = oc_xmalloc(1 * sizeof(*names));
    names[0] = oc_xstrdup("link");
    assert_int_equal(oc_files_remove(&loop, folder, names, 1, NULL, NULL), 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_false(exists("link"));
    assert_int_equal(access(target, F_OK), 0); /* the link went, not what it pointed to */

    /* An empty batch. */
    assert_int_equal(oc_files_remove(&loop, folder, NULL, 0, on_done, NULL), 0);
    assert_int_equal(wait_done(), 0);
}

static void test_write_fails_cleanly(void **state)
{
    (void)state;
    /* The folder's parent does not exist: nothing is written. */
    char deep[400];
    snprintf(deep, sizeof(deep), "%s/no/such/folder", root);
    assert_int_equal(oc_files_write(&loop, deep, "k", "x", 1, NULL, on_done, NULL), 0);
    assert_int_equal(wait_done(), OC_ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_write_read_remove),
        cmocka_unit_test(test_write_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* Tests for src/mail/outbox.c and the mailer around it (mail.c): a message sent through a
 * real loop lands as one complete .eml file in <data dir>/outbox (no temporary file left)
 * and the callback gets status 0; messages go one at a time, in order, and at most
 * OC_MAIL_QUEUE_MAX wait; a folder that cannot be created gives an error status; bad SMTP_FROM
 * or SMTP_URL settings are refused when the mailer is made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "mail/mail.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct sent {
    int calls;
    int status;
} sent_t;

static void on_sent(int status, void *arg)
{
    sent_t *s = arg;
    s->calls++;
    s->status = status;
}

static oc_config_t config(const char *data_dir, const char *smtp_url, const char *smtp_from)
{
    oc_config_t cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.data_dir = (char *)data_dir; /* the mailer only reads them */
    cfg.smtp_url = (char *)smtp_url;
    cfg.smtp_from = (char *)smtp_from;
    return cfg;
}

static void test_message_lands_in_outbox(void **state)
{
    (void)state;
    char dir[] = "/tmp/oc-outbox-XXXXXX";
    assert_non_null(mkdtemp(dir));
    uv_loop_t loop;
    uv_loop_init(&loop);
    char err[256] = "";
    oc_config_t cfg = config(dir, "", "OpenChat <no-reply@localhost>");
    oc_mailer_t *m = oc_mailer_new(&loop, &cfg, err, sizeof(err));
    assert_non_null(m);
    assert_string_equal(oc_mailer_kind(m), "outbox");

    sent_t sent = {0, 99};
    oc_mail_t mail = {"ann@example.org", "Ann", "Hi", "Open http://x/y\n", "http://x/y"};
    assert_int_equal(oc_mailer_send(m, &mail, on_sent, &sent), 0);
    assert_int_equal(sent.calls, 0); /* never synchronously */
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(sent.calls, 1);
    assert_int_equal(sent.status, 0);

    char outbox[512];
    snprintf(outbox, sizeof(outbox), "%s/outbox", dir);
    DIR *d = opendir(outbox);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    char path[1024] = "";
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        files++;
        size_t n = strlen(e->d_name);
        assert_true(n > 4 && strcmp(e->d_name + n - 4, ".eml") == 0);
        snprintf(path, sizeof(path), "%s/%s", outbox, e->d_name);
    }
    closedir(d);
    assert_int_equal(files, 1);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char text[4096];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_memory_equal(text,
                        "From: OpenChat <no-reply@localhost>\r\nTo: Ann <ann@example.org>\r\n", 63);
    assert_non_null(strstr(text, "\r\nMessage-ID: <"));
    assert_non_null(strstr(text, "@localhost>\r\n"));
    assert_non_null(strstr(text, "\r\n\r\nOpen http://x/y\r\n"));
    unlink(path);
    rmdir(outbox);

    /* A message that cannot be built is refused at once; the callback never runs. */
    oc_mail_t bad = {"not an address", NULL, "Hi", "x\n", NULL};
    assert_int_equal(oc_mailer_send(m, &bad, on_sent, &sent), OC_EINVAL);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(sent.calls, 1);

    oc_mailer_free(m);
    assert_int_equal(uv_loop_close(&loop), 0);
    rmdir(dir);
}

static int order[OC_MAIL_QUEUE_MAX + 8];
static int delivered_count;

static void on_sent_in_order(int status, void *arg)
{
    assert_int_equal(status, 0);
    order[delivered_count++] = (int)(intptr_t)arg;
}

static void test_one_at_a_time_in_order_and_bounded(void **state)
{
    (void)state;
    char dir[] = "/tmp/oc-outbox-XXXXXX";
    assert_non_null(mkdtemp(dir));
    uv_loop_t loop;
    uv_loop_init(&loop);
    char err[256] = "";
    oc_config_t cfg = config(dir, "", "a@b.c");
    oc_mailer_t *m = oc_mailer_new(&loop, &cfg, err, sizeof(err));
    assert_non_null(m);
    oc_mail_t mail = {"ann@example.org", NULL, "Hi", "x\n", NULL};
    /* One is handed to the pool at once; OC_MAIL_QUEUE_MAX more may wait; then no more. */
    int sent = 0;
    for (; sent < OC_MAIL_QUEUE_MAX + 1; sent++)
        assert_int_equal(oc_mailer_send(m, &mail, on_sent_in_order, (void *)(intptr_t)sent), 0);
    assert_int_equal(oc_mailer_send(m, &mail, on_sent_in_order, NULL), OC_ENOBUFS);
    delivered_count = 0;
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(delivered_count, sent);
    for (int i = 0; i < sent; i++)
        assert_int_equal(order[i], i);
    oc_mailer_free(m);
    assert_int_equal(uv_loop_close(&loop), 0);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_unwritable_outbox_reports_error(void **state)
{
    (void)state;
    char dir[] = "/tmp/oc-outbox-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char blocker[512];
    snprintf(blocker, sizeof(blocker), "%s/outbox", dir);
    FILE *f = fopen(blocker, "w"); /* a file where the folder should be */
    assert_non_null(f);
    fclose(f);
    uv_loop_t loop;
    uv_loop_init(&loop);
    char err[256] = "";
    oc_config_t cfg = config(dir, "", "a@b.c");
    oc_mailer_t *m = oc_mailer_new(&loop, &cfg, err, sizeof(err));
    assert_non_null(m);
    sent_t sent = {0, 0};
    oc_mail_t mail = {"ann@example.org", NULL, "Hi", "x\n", NULL};
    assert_int_equal(oc_mailer_send(m, &mail, on_sent, &sent), 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(sent.calls, 1);
    assert_true(sent.status < 0);
    oc_mailer_free(m);
    assert_int_equal(uv_loop_close(&loop), 0);
    unlink(blocker);
    rmdir(dir);
}

static void test_bad_settings_refused(void **state)
{
    (void)state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    char err[256];
    oc_config_t cfg = config("/tmp", "", "OpenChat");
    err[0] = '\0';
    assert_null(oc_mailer_new(&loop, &cfg, err, sizeof(err)));
    assert_non_null(strstr(err, "SMTP_FROM"));
    cfg = config("/tmp", "http://mail.example.com", "a@b.c");
    err[0] = '\0';
    assert_null(oc_mailer_new(&loop, &cfg, err, sizeof(err)));
    assert_non_null(strstr(err, "SMTP_URL"));
    cfg = config("/tmp", "smtps://user:secret@mail.example.com:465", "a@b.c");
    oc_mailer_t *m = oc_mailer_new(&loop, &cfg, err, sizeof(err));
    assert_non_null(m);
    assert_string_equal(oc_mailer_kind(m), "smtp");
    oc_mailer_free(m);
    assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_lands_in_outbox),
        cmocka_unit_test(test_one_at_a_time_in_order_and_bounded),
        cmocka_unit_test(test_unwritable_outbox_reports_error),
        cmocka_unit_test(test_bad_settings_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

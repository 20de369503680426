/* openchat-storebench: storage-level latencies behind the REST API, on SQLite and on
 * PostgreSQL in the same run.
 *
 *   openchat-storebench [--pg URL] [--messages N] [--pages N] [--argon2-ops N --argon2-mem B]
 *
 * Measures, through the same job pool the server uses (so queueing and thread hand-off are
 * included): one history page (50 messages; latest, before a random cursor, around a random
 * message) in a channel of N messages, and the argon2id verification a login costs with the
 * configured parameters. Prints one JSON object; bench/api.mjs puts it in the table. */
#include "auth/password.h"
#include "core/alloc.h"
#include "core/errors.h"
#include "core/id.h"
#include "domain/messages.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uv_loop_t *loop;
static int pending;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void print_stats(const char *name, int64_t *ns, int n, bool comma)
{
    qsort(ns, (size_t)n, sizeof(*ns), cmp_i64);
    printf("\"%s\":{\"count\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}%s", name, n,
           ns[n / 2] / 1000.0, ns[(int)(n * 0.99)] / 1000.0, ns[n - 1] / 1000.0, comma ? "," : "");
}

/* ---- seeding --------------------------------------------------------------------------- */

typedef struct seed {
    int64_t chat, channel, user;
    int64_t first_id;
    int count, done;
} seed_t;

static const char SQL_USER[] = "INSERT INTO users (id, username, email, display_name, created_at) "
                               "VALUES (?, 'bench', 'bench@example.test', 'Bench', 0)";
static const char SQL_CHAT[] =
    "INSERT INTO chats (id, type, name, owner_id, created_at) VALUES (?, 'zone', 'Bench', ?, 0)";
static const char SQL_CHANNEL[] = "INSERT INTO channels (id, chat_id, name, type, position, "
                                  "created_at) VALUES (?, ?, 'general', 'text', 0, 0)";

static int seed_base(oc_dbc_t *c, void *arg)
{
    seed_t *s = arg;
    int rc = oc_dbc_run(c, SQL_USER, NULL, "i", s->user);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_CHAT, NULL, "ii", s->chat, s->user);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_CHANNEL, NULL, "ii", s->channel, s->chat);
    return rc;
}

/* One write job inserts a batch of messages (a realistic mix of lengths). */
static int seed_batch(oc_dbc_t *c, void *arg)
{
    seed_t *s = arg;
    static const char text[] = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                               "eiusmod tempor incididunt ut labore et dolore magna aliqua.";
    for (int i = 0; i < 1000 && s->done < s->count; i++, s->done++) {
        oc_message_row_t m = {0};
        m.id = oc_id_next();
        if (s->first_id == 0)
            s->first_id = m.id;
        m.chat_id = s->chat;
        m.channel_id = s->channel;
        m.author_id = s->user;
        m.content = text;
        m.content_len = 20 + (size_t)(s->done * 7919) % (sizeof(text) - 21);
        m.created_at = oc_id_time_ms(m.id);
        int rc = oc_message_insert(c, &m, NULL);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void job_done(int status, void *arg)
{
    (void)arg;
    if (status != 0) {
        fprintf(stderr, "storebench: job failed: %s\n", oc_strerror(status));
        exit(1);
    }
    pending--;
}

static void run(void)
{
    while (pending > 0)
        uv_run(loop, UV_RUN_ONCE);
}

/* ---- history pages --------------------------------------------------------------------- */

typedef struct page_job {
    seed_t *seed;
    oc_page_dir_t dir;
    int64_t cursor;
    int rows;
    uint64_t started;
    int64_t *out;
} page_job_t;

static void count_row(const oc_message_row_t *m, void *arg)
{
    (void)m;
    ((page_job_t *)arg)->rows++;
}

static int page_work(oc_dbc_t *c, void *arg)
{
    page_job_t *j = arg;
    return oc_message_page(c, j->seed->chat, j->seed->channel, j->dir, j->cursor, OC_PAGE_SIZE,
                           count_row, j);
}

static void page_done(int status, void *arg)
{
    page_job_t *j = arg;
    if (status != 0 || j->rows == 0) {
        fprintf(stderr, "storebench: history page failed (%d rows)\n", j->rows);
        exit(1);
    }
    *j->out = (int64_t)(uv_hrtime() - j->started);
    pending--;
}

static void measure_pages(oc_db_t *db, seed_t *s, oc_page_dir_t dir, int n, int64_t *ns)
{
    /* One at a time: the latency of a page, not the throughput of the pool. */
    int64_t span = oc_id_next() - s->first_id;
    for (int i = 0; i < n; i++) {
        page_job_t j = {s,
                        dir,
                        s->first_id + (int64_t)(((uint64_t)rand() << 16 ^ rand()) % (uint64_t)span),
                        0,
                        uv_hrtime(),
                        &ns[i]};
        pending = 1;
        oc_db_read(db, page_work, page_done, &j);
        run();
    }
}

/* ---- argon2 ---------------------------------------------------------------------------- */

static char stored_hash[256];
static uint64_t t0;
static int64_t *verify_out;

static void hashed(int status, const char *hash, void *arg)
{
    (void)arg;
    if (status != 0)
        exit(1);
    snprintf(stored_hash, sizeof(stored_hash), "%s", hash);
    pending--;
}

static void verified(int status, bool rehash, void *arg)
{
    (void)rehash;
    (void)arg;
    if (status != 0)
        exit(1);
    *verify_out = (int64_t)(uv_hrtime() - t0);
    pending--;
}

/* ---- main ------------------------------------------------------------------------------ */

static void backend(const char *name, const char *url, int messages, int pages, bool comma)
{
    char dir[] = "/tmp/openchat-storebench-XXXXXX";
    char path[300];
    if (url == NULL) {
        if (mkdtemp(dir) == NULL)
            exit(1);
        snprintf(path, sizeof(path), "%s/bench.db", dir);
    }
    oc_db_config_t cfg = {.url = url, .path = path, .readers = 2};
    oc_db_t *db;
    char err[512];
    if (oc_db_open(loop, &cfg, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "storebench: %s\n", err);
        exit(1);
    }
    seed_t s = {
        .chat = oc_id_next(), .channel = oc_id_next(), .user = oc_id_next(), .count = messages};
    pending = 1;
    oc_db_write(db, seed_base, job_done, &s);
    run();
    while (s.done < s.count) {
        pending = 1;
        oc_db_write(db, seed_batch, job_done, &s);
        run();
    }
    int64_t *ns = oc_xcalloc((size_t)pages, sizeof(int64_t));
    printf("\"%s\":{\"messages\":%d,", name, messages);
    measure_pages(db, &s, OC_PAGE_LATEST, pages, ns);
    print_stats("history_latest", ns, pages, true);
    measure_pages(db, &s, OC_PAGE_BEFORE, pages, ns);
    print_stats("history_before", ns, pages, true);
    measure_pages(db, &s, OC_PAGE_AROUND, pages, ns);
    print_stats("history_around", ns, pages, false);
    printf("}%s", comma ? "," : "");
    free(ns);
    oc_db_close(db);
    uv_run(loop, UV_RUN_DEFAULT);
    if (url == NULL) {
        char cmd[400];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "storebench: could not remove %s\n", dir);
    }
}

int main(int argc, char **argv)
{
    const char *pg = NULL;
    int messages = 100000, pages = 500;
    oc_password_params_t params = {2, 64u << 20};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--pg") == 0)
            pg = argv[i + 1];
        else if (strcmp(argv[i], "--messages") == 0)
            messages = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--pages") == 0)
            pages = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--argon2-ops") == 0)
            params.ops = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--argon2-mem") == 0)
            params.mem = strtoull(argv[i + 1], NULL, 10);
    }
    if (sodium_init() < 0 || messages < 100 || pages < 10)
        return 2;
    loop = uv_default_loop();
    printf("{");
    backend("sqlite", NULL, messages, pages, pg != NULL);
    if (pg != NULL)
        backend("postgres", pg, messages, pages, false);

    /* Login's own cost: one argon2id verification in the thread pool. */
    pending = 1;
    oc_password_hash(loop, &params, "correct horse battery staple", hashed, NULL);
    run();
    int64_t ns[20];
    for (int i = 0; i < 20; i++) {
        verify_out = &ns[i];
        t0 = uv_hrtime();
        pending = 1;
        oc_password_verify(loop, &params, "correct horse battery staple", stored_hash, verified,
                           NULL);
        run();
    }
    printf(",\"argon2\":{\"ops\":%llu,\"mem_bytes\":%zu,", params.ops, params.mem);
    print_stats("verify", ns, 20, false);
    printf("}}\n");
    return 0;
}

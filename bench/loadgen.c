/* openchat-loadgen: the benchmarks' load generator. It opens N Socket.IO v5 clients over
 * WebSocket, joins them to rooms of R, sends broadcasts at a fixed total rate, times each
 * delivery from the send stamp in its payload, and prints one JSON object with the results
 * (and, given --server-pid, the server's CPU and memory over the same window). With --chat it
 * runs the persisted-message scenario instead: each client signs in with a session token from
 * the file, sends message:send with an ack to its channel, and times the ack and every
 * message:new. This file is the coordinator: options, the client plan, the run's phases,
 * sampling and the report. The clients live in loadgen/worker.c, the wire formats in
 * loadgen/wire.c. It is a measuring tool, not a client library: it speaks only the benchmark's
 * events.
 *
 * Phases:  connect+join -> settle -> warmup (load, unmeasured) -> window (measured)
 *          -> drain (no load, wait for the window's last deliveries) -> report
 * Idle mode (--idle): connect+join -> settle -> sample RSS, print "READY <n>" -> hold. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loadgen/alloc.h"
#include "loadgen/proc.h"
#include "loadgen/worker.h"

#define COORD_TICK_MS 5 /* phase changes and samples land within this of their time */

enum phase { PH_CONNECTING, PH_SETTLING, PH_WARMUP, PH_WINDOW, PH_DRAIN, PH_HOLD, PH_DONE };

typedef struct run {
    lg_config_t cfg;
    double settle_s;
    const char *chat_file;   /* --chat: the client plan, NULL for the fan-out scenario */
    char *chat_text;         /* owned: that file's bytes, which the specs point into */
    lg_client_spec_t *specs; /* owned: cfg.clients of them, in sending order */
    lg_shared_t shared;
    lg_worker_t *workers; /* owned, cfg.threads of them */
    uv_loop_t *loop;
    uv_timer_t tick;
    uv_signal_t sigint, sigterm;
    enum phase phase;
    uint64_t t_begin;
    uint64_t t_deadline; /* end of the current phase where it is time-bound */
    uint64_t t_window_sampled, t_window_end_sampled;
    lg_proc_sample_t server_start, server_end, server_idle_before, server_idle_after;
    uint64_t self_user_start, self_sys_start, self_user_end, self_sys_end;
    uint64_t self_wait_start, self_wait_end; /* run-queue wait of the loadgen's threads */
    bool sampled_start, sampled_end, interrupted, connect_timed_out;
} run_t;

static void usage(FILE *out)
{
    fputs("usage: openchat-loadgen --port N [--host 127.0.0.1] [--clients 1000]\n"
          "         [--room-size 10] [--rate 1000] [--duration 10] [--warmup 2]\n"
          "         [--drain 2] [--payload 44] [--connect-rate 2000] [--connect-timeout 60]\n"
          "         [--settle 0.3] [--threads 1] [--server-pid PID] [--idle] [--chat FILE]\n"
          "  --rate        broadcasts (chat: messages) per second, all clients together\n"
          "  --duration    seconds measured (idle: seconds held after READY, 0 = until signal)\n"
          "  --payload     approximate size in bytes of each broadcast's payload object\n"
          "  --server-pid  sample this process's CPU, write calls and RSS over the window\n"
          "  --idle        connect and join, print READY <n>, then hold without load\n"
          "  --chat        the chat scenario; FILE has one client a line, 'zone channel_id\n"
          "                token [more columns ignored]': the client signs in with token,\n"
          "                sends message:send to channel_id, and counts as a member of zone\n"
          "                (a number from 0); --clients and --room-size come from the file\n",
          out);
}

static int parse_number(const char *name, const char *text, double min, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < min) {
        fprintf(stderr, "openchat-loadgen: bad --%s '%s'\n", name, text);
        return -1;
    }
    *out = v;
    return 0;
}

static int resolve(lg_config_t *cfg)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    char port[16];
    snprintf(port, sizeof(port), "%d", cfg->port);
    int r = getaddrinfo(cfg->host, port, &hints, &res);
    if (r != 0) {
        fprintf(stderr, "openchat-loadgen: %s: %s\n", cfg->host, gai_strerror(r));
        return -1;
    }
    memcpy(&cfg->addr, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

static int parse_args(run_t *run, int argc, char **argv)
{
    static const struct option opts[] = {
        {"host", 1, 0, 'h'},
        {"port", 1, 0, 'p'},
        {"clients", 1, 0, 'c'},
        {"room-size", 1, 0, 'r'},
        {"rate", 1, 0, 'b'},
        {"duration", 1, 0, 'd'},
        {"warmup", 1, 0, 'w'},
        {"drain", 1, 0, 'D'},
        {"payload", 1, 0, 'P'},
        {"connect-rate", 1, 0, 'C'},
        {"connect-timeout", 1, 0, 'T'},
        {"settle", 1, 0, 's'},
        {"threads", 1, 0, 't'},
        {"server-pid", 1, 0, 'S'},
        {"idle", 0, 0, 'i'},
        {"chat", 1, 0, 'k'},
        {"help", 0, 0, 'H'},
        {0, 0, 0, 0},
    };
    lg_config_t *cfg = &run->cfg;
    double port = 0, clients = 1000, room = 10, threads = 1, payload = 44, pid = 0;
    *cfg = (lg_config_t){.host = "127.0.0.1",
                         .rate = 1000,
                         .duration_s = 10,
                         .warmup_s = 2,
                         .drain_s = 2,
                         .connect_rate = 2000,
                         .connect_timeout_s = 60};
    run->settle_s = 0.3;
    int opt, bad = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': cfg->host = optarg; break;
        case 'p': bad |= parse_number("port", optarg, 1, &port); break;
        case 'c': bad |= parse_number("clients", optarg, 1, &clients); break;
        case 'r': bad |= parse_number("room-size", optarg, 1, &room); break;
        case 'b': bad |= parse_number("rate", optarg, 0, &cfg->rate); break;
        case 'd': bad |= parse_number("duration", optarg, 0, &cfg->duration_s); break;
        case 'w': bad |= parse_number("warmup", optarg, 0, &cfg->warmup_s); break;
        case 'D': bad |= parse_number("drain", optarg, 0, &cfg->drain_s); break;
        case 'P': bad |= parse_number("payload", optarg, 0, &payload); break;
        case 'C': bad |= parse_number("connect-rate", optarg, 1, &cfg->connect_rate); break;
        case 'T': bad |= parse_number("connect-timeout", optarg, 0, &cfg->connect_timeout_s); break;
        case 's': bad |= parse_number("settle", optarg, 0, &run->settle_s); break;
        case 't': bad |= parse_number("threads", optarg, 1, &threads); break;
        case 'S': bad |= parse_number("server-pid", optarg, 1, &pid); break;
        case 'i': cfg->idle = true; break;
        case 'k': run->chat_file = optarg; break;
        case 'H': usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    if (bad || port < 1 || port > 65535 || clients > 1e6 || threads > 64 || payload > 60000) {
        usage(stderr);
        return -1;
    }
    cfg->port = (int)port;
    cfg->clients = (uint32_t)clients;
    cfg->room_size = (uint32_t)room;
    cfg->threads = (uint32_t)threads;
    cfg->payload = (uint32_t)payload;
    cfg->server_pid = (int)pid;
    cfg->chat = run->chat_file != NULL;
    return resolve(cfg);
}

/* Only characters that need no JSON escaping: tokens (JWTs) and decimal ids are made of them. */
static bool plain_word(const char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
            return false;
    return true;
}

/* Reads the --chat plan into run->specs (file order for now) and sets clients. The file's bytes
 * stay in run->chat_text, cut into strings in place. */
static int load_chat_plan(run_t *run)
{
    FILE *f = fopen(run->chat_file, "r");
    if (!f) {
        fprintf(stderr, "openchat-loadgen: %s: %s\n", run->chat_file, strerror(errno));
        return -1;
    }
    size_t len = 0, cap = 1 << 16;
    run->chat_text = lg_xcalloc(1, cap);
    for (size_t got; (got = fread(run->chat_text + len, 1, cap - len - 1, f)) > 0;) {
        len += got;
        if (cap - len < 2)
            run->chat_text = lg_xrealloc(run->chat_text, cap *= 2);
    }
    fclose(f);
    run->chat_text[len] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += run->chat_text[i] == '\n';
    run->specs = lg_xcalloc(lines, sizeof(lg_client_spec_t));
    uint32_t n = 0, lineno = 0;
    for (char *line = run->chat_text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *save, *zone = strtok_r(line, " \t\r", &save);
        if (!zone || zone[0] == '#')
            continue;
        char *channel = strtok_r(NULL, " \t\r", &save), *token = strtok_r(NULL, " \t\r", &save);
        char *end;
        unsigned long room = strtoul(zone, &end, 10);
        if (*end || !channel || !token || !plain_word(channel) || !plain_word(token) ||
            room >= 1000000) {
            fprintf(stderr, "openchat-loadgen: %s:%u: want 'zone channel_id token'\n",
                    run->chat_file, lineno);
            return -1;
        }
        run->specs[n++] = (lg_client_spec_t){(uint32_t)room, channel, token};
    }
    if (n == 0) {
        fprintf(stderr, "openchat-loadgen: %s: no clients\n", run->chat_file);
        return -1;
    }
    run->cfg.clients = n;
    return 0;
}

static int by_room(const void *a, const void *b)
{
    const lg_client_spec_t *x = a, *y = b;
    return x->room < y->room ? -1 : x->room > y->room;
}

/* Plans the clients and puts them in sending order: each room's k-th member before any room's
 * (k+1)-th, so consecutive sends go to different rooms. Sets shared.rooms and spec_text_max. */
static int plan_clients(run_t *run)
{
    lg_config_t *cfg = &run->cfg;
    if (run->chat_file) {
        if (load_chat_plan(run) != 0)
            return -1;
    } else {
        run->specs = lg_xcalloc(cfg->clients, sizeof(lg_client_spec_t));
        for (uint32_t i = 0; i < cfg->clients; i++)
            run->specs[i].room = i / cfg->room_size;
    }
    uint32_t n = cfg->clients, rooms = 0;
    size_t text_max = 0;
    qsort(run->specs, n, sizeof(*run->specs), by_room); /* room members together */
    for (uint32_t i = 0; i < n; i++) {
        const lg_client_spec_t *s = &run->specs[i];
        rooms = s->room + 1 > rooms ? s->room + 1 : rooms;
        size_t text = s->token ? strlen(s->token) + strlen(s->channel_id) : 0;
        text_max = text > text_max ? text : text_max;
    }
    /* member[i]: index of spec i within its room; then a stable sort by (member, room). */
    uint32_t *first = lg_xcalloc(rooms, sizeof(uint32_t)),
             *members = lg_xcalloc(rooms, sizeof(uint32_t));
    for (uint32_t i = n; i-- > 0;)
        first[run->specs[i].room] = i;
    uint32_t max_members = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t m = ++members[run->specs[i].room];
        max_members = m > max_members ? m : max_members;
    }
    lg_client_spec_t *order = lg_xcalloc(n, sizeof(*order));
    uint32_t pos = 0;
    for (uint32_t member = 0; member < max_members; member++)
        for (uint32_t room = 0; room < rooms; room++)
            if (member < members[room])
                order[pos++] = run->specs[first[room] + member];
    free(first);
    free(members);
    free(run->specs);
    run->specs = order;
    run->shared.rooms = rooms;
    run->shared.spec_text_max = text_max;
    if (cfg->chat)
        cfg->room_size = max_members;
    if (cfg->threads > cfg->clients)
        cfg->threads = cfg->clients;
    return 0;
}

/* Each client holds one descriptor; the default soft limit of 1024 would cap a run at ~1000. */
static void raise_fd_limit(uint32_t clients)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < (rlim_t)clients + 64)
        fprintf(stderr, "openchat-loadgen: warning: only %llu descriptors for %u clients\n",
                (unsigned long long)rl.rlim_cur, clients);
}

static uint64_t total(run_t *run, enum lg_counter c)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < run->cfg.threads; i++)
        sum += lg_worker_counter(&run->workers[i], c);
    return sum;
}

static void sample_window_start(run_t *run)
{
    run->t_window_sampled = uv_hrtime();
    lg_proc_self_cpu(&run->self_user_start, &run->self_sys_start);
    run->self_wait_start = lg_proc_runq_wait_us(getpid());
    if (run->cfg.server_pid)
        lg_proc_sample(run->cfg.server_pid, &run->server_start);
    run->sampled_start = true;
}

static void sample_window_end(run_t *run)
{
    if (!run->sampled_start || run->sampled_end)
        return;
    run->t_window_end_sampled = uv_hrtime();
    lg_proc_self_cpu(&run->self_user_end, &run->self_sys_end);
    run->self_wait_end = lg_proc_runq_wait_us(getpid());
    if (run->cfg.server_pid)
        lg_proc_sample(run->cfg.server_pid, &run->server_end);
    run->sampled_end = true;
}

static void finish(run_t *run)
{
    run->phase = PH_DONE;
    atomic_store_explicit(&run->shared.stop, 1, memory_order_release);
    uv_timer_stop(&run->tick);
    uv_close((uv_handle_t *)&run->sigint, NULL);
    uv_close((uv_handle_t *)&run->sigterm, NULL);
    uv_close((uv_handle_t *)&run->tick, NULL);
}

static void start_load(run_t *run, uint64_t now)
{
    uint64_t ms = now + (uint64_t)(run->cfg.warmup_s * 1e9);
    uint64_t me = ms + (uint64_t)(run->cfg.duration_s * 1e9);
    atomic_store_explicit(&run->shared.t_measure_start, ms, memory_order_release);
    atomic_store_explicit(&run->shared.t_measure_end, me, memory_order_release);
    atomic_store_explicit(&run->shared.t_send_start, now, memory_order_release);
    run->phase = PH_WARMUP;
}

static void become_ready(run_t *run, uint64_t now)
{
    if (!run->cfg.idle) {
        start_load(run, now);
        return;
    }
    if (run->cfg.server_pid)
        lg_proc_sample(run->cfg.server_pid, &run->server_idle_after);
    printf("READY %llu\n", (unsigned long long)total(run, LG_C_JOINED));
    fflush(stdout);
    run->phase = PH_HOLD;
    run->t_deadline = run->cfg.duration_s > 0 ? now + (uint64_t)(run->cfg.duration_s * 1e9) : 0;
}

/* The drain ends when every worker has sent its last broadcast and every delivery the window
 * expects has arrived, or at the drain deadline, after which missing deliveries count lost. */
static bool drained(run_t *run, uint64_t now)
{
    if (now >= run->t_deadline)
        return true;
    if (total(run, LG_C_SEND_DONE) < run->cfg.threads)
        return false;
    if (run->cfg.chat && total(run, LG_C_ACKED_MEASURED) + total(run, LG_C_ACK_ERRORS) <
                             total(run, LG_C_SENT_MEASURED))
        return false;
    return total(run, LG_C_RECEIVED_MEASURED) >= total(run, LG_C_EXPECTED);
}

static void on_tick(uv_timer_t *timer)
{
    run_t *run = timer->data;
    const lg_config_t *cfg = &run->cfg;
    uint64_t now = uv_hrtime();
    switch (run->phase) {
    case PH_CONNECTING: {
        uint64_t settled = total(run, LG_C_JOINED) + total(run, LG_C_CONNECT_ERRORS);
        bool timed_out = now - run->t_begin >= (uint64_t)(cfg->connect_timeout_s * 1e9);
        if (settled >= cfg->clients || timed_out) {
            run->connect_timed_out = timed_out && settled < cfg->clients;
            run->phase = PH_SETTLING;
            run->t_deadline = now + (uint64_t)(run->settle_s * 1e9);
        }
        break;
    }
    case PH_SETTLING:
        /* Joins carry no acknowledgement: give the server time to process the last ones. */
        if (now >= run->t_deadline)
            become_ready(run, now);
        break;
    case PH_WARMUP:
        if (now >= atomic_load(&run->shared.t_measure_start)) {
            sample_window_start(run);
            run->phase = PH_WINDOW;
        }
        break;
    case PH_WINDOW:
        if (now >= atomic_load(&run->shared.t_measure_end)) {
            run->phase = PH_DRAIN;
            run->t_deadline = now + (uint64_t)(cfg->drain_s * 1e9);
        }
        break;
    case PH_DRAIN:
        if (drained(run, now)) {
            sample_window_end(run);
            finish(run);
        }
        break;
    case PH_HOLD:
        if (run->t_deadline && now >= run->t_deadline)
            finish(run);
        break;
    case PH_DONE: break;
    }
}

static void on_signal(uv_signal_t *sig, int signum)
{
    (void)signum;
    run_t *run = sig->data;
    if (run->phase == PH_DONE)
        return;
    run->interrupted = run->phase != PH_HOLD;
    sample_window_end(run);
    finish(run);
}

static double per(double value, double count)
{
    return count > 0 ? value / count : 0;
}

static void print_latency(const char *name, const lg_hist_t *h)
{
    printf("\"%s\":{\"count\":%llu,\"p50\":%llu,\"p90\":%llu,\"p99\":%llu,"
           "\"p999\":%llu,\"max\":%llu,\"mean\":%.1f}",
           name, (unsigned long long)h->total, (unsigned long long)lg_hist_percentile(h, 50),
           (unsigned long long)lg_hist_percentile(h, 90),
           (unsigned long long)lg_hist_percentile(h, 99),
           (unsigned long long)lg_hist_percentile(h, 99.9), (unsigned long long)h->max_us,
           per((double)h->sum_us, (double)h->total));
}

static void print_server_load(const run_t *run, double deliveries)
{
    const lg_proc_sample_t *a = &run->server_start, *b = &run->server_end;
    double user = (double)(b->user_us - a->user_us), sys = (double)(b->sys_us - a->sys_us);
    double writes = (double)(b->syscw - a->syscw), reads = (double)(b->syscr - a->syscr);
    printf(",\"server\":{\"pid\":%d,\"user_us\":%.0f,\"sys_us\":%.0f,"
           "\"user_per_delivery_us\":%.4f,\"sys_per_delivery_us\":%.4f,"
           "\"cpu_per_delivery_us\":%.4f,\"write_calls\":%.0f,\"read_calls\":%.0f,"
           "\"deliveries_per_write\":%.3f,\"rss_kb\":%llu,\"runq_wait_us\":%llu}",
           run->cfg.server_pid, user, sys, per(user, deliveries), per(sys, deliveries),
           per(user + sys, deliveries), writes, reads, per(deliveries, writes),
           (unsigned long long)b->rss_kb, (unsigned long long)(b->runq_wait_us - a->runq_wait_us));
}

/* Chat: the acknowledgements. persisted_per_s counts successful acks of sends stamped in the
 * window: messages the server committed and confirmed. */
static void print_chat_report(run_t *run, const lg_hist_t *ack)
{
    const char *code = "";
    for (uint32_t i = 0; i < run->cfg.threads && !code[0]; i++)
        code = run->workers[i].ack_error;
    double acked = (double)total(run, LG_C_ACKED_MEASURED);
    printf(",\"acks_measured\":%.0f,\"persisted_per_s\":%.1f,\"acks_all_phases\":%llu,"
           "\"ack_errors\":%llu,\"ack_error\":\"%s\",",
           acked, per(acked, run->cfg.duration_s), (unsigned long long)total(run, LG_C_ACKED),
           (unsigned long long)total(run, LG_C_ACK_ERRORS), code);
    print_latency("ack_latency_us", ack);
}

static void print_load_report(run_t *run, const lg_hist_t *h, const lg_hist_t *ack)
{
    const lg_config_t *cfg = &run->cfg;
    double received = (double)total(run, LG_C_RECEIVED_MEASURED);
    double expected = (double)total(run, LG_C_EXPECTED);
    double sent = (double)total(run, LG_C_SENT_MEASURED);
    double window_s =
        run->sampled_end ? (double)(run->t_window_end_sampled - run->t_window_sampled) / 1e9 : 0;
    double user = (double)(run->self_user_end - run->self_user_start);
    double sys = (double)(run->self_sys_end - run->self_sys_start);
    printf(",\"offered_rate\":%.1f,\"duration_s\":%.3f,\"warmup_s\":%.3f,"
           "\"broadcasts_sent\":%.0f,\"sent_rate\":%.1f,\"deliveries_received\":%.0f,"
           "\"deliveries_per_s\":%.1f,\"expected_deliveries\":%.0f,\"lost\":%.0f,"
           "\"deliveries_all_phases\":%llu,\"bytes_per_delivery\":%.1f,\"window_s\":%.3f,",
           cfg->rate, cfg->duration_s, cfg->warmup_s, sent, per(sent, cfg->duration_s), received,
           per(received, cfg->duration_s), expected, expected - received,
           (unsigned long long)total(run, LG_C_RECEIVED),
           per((double)total(run, LG_C_BYTES_RECEIVED), (double)total(run, LG_C_RECEIVED)),
           window_s);
    print_latency("latency_us", h);
    if (cfg->chat)
        print_chat_report(run, ack);
    printf(",\"loadgen_cpu\":{\"user_us\":%.0f,\"sys_us\":%.0f,\"per_delivery_us\":%.4f,"
           "\"core_fraction\":%.3f,\"runq_wait_us\":%llu}",
           user, sys, per(user + sys, received), per((user + sys) / 1e6, window_s),
           (unsigned long long)(run->self_wait_end - run->self_wait_start));
    if (cfg->server_pid && run->sampled_end)
        print_server_load(run, received);
}

static void print_idle_report(run_t *run)
{
    if (!run->cfg.server_pid)
        return;
    const lg_proc_sample_t *a = &run->server_idle_before, *b = &run->server_idle_after;
    double grown = ((double)b->rss_kb - (double)a->rss_kb) * 1024;
    printf(",\"server\":{\"pid\":%d,\"rss_before_kb\":%llu,\"rss_after_kb\":%llu,"
           "\"rss_per_client_bytes\":%.0f}",
           run->cfg.server_pid, (unsigned long long)a->rss_kb, (unsigned long long)b->rss_kb,
           per(grown, (double)total(run, LG_C_JOINED)));
}

static void print_report(run_t *run)
{
    const lg_config_t *cfg = &run->cfg;
    lg_hist_t *h = lg_xcalloc(1, sizeof(*h)), *ack = lg_xcalloc(1, sizeof(*ack));
    for (uint32_t i = 0; i < cfg->threads; i++) {
        lg_hist_merge(h, &run->workers[i].hist);
        lg_hist_merge(ack, &run->workers[i].ack_hist);
    }
    printf("{\"mode\":\"%s\",\"scenario\":\"%s\",\"clients\":%u,\"room_size\":%u,\"rooms\":%u,"
           "\"threads\":%u,"
           "\"payload_bytes\":%u,\"connected\":%llu,\"joined\":%llu,\"connect_errors\":%llu,"
           "\"connect_timed_out\":%s,\"disconnects\":%llu,\"interrupted\":%s",
           cfg->idle ? "idle" : "load", cfg->chat ? "chat" : "fanout", cfg->clients, cfg->room_size,
           run->shared.rooms, cfg->threads, cfg->payload,
           (unsigned long long)total(run, LG_C_CONNECTED),
           (unsigned long long)total(run, LG_C_JOINED),
           (unsigned long long)total(run, LG_C_CONNECT_ERRORS),
           run->connect_timed_out ? "true" : "false",
           (unsigned long long)total(run, LG_C_DISCONNECTS), run->interrupted ? "true" : "false");
    if (cfg->idle)
        print_idle_report(run);
    else
        print_load_report(run, h, ack);
    printf("}\n");
    fflush(stdout);
    free(h);
    free(ack);
}

static int start_workers(run_t *run)
{
    const lg_config_t *cfg = &run->cfg;
    run->shared.cfg = cfg;
    run->shared.specs = run->specs;
    /* Unique per run, so a server keeping its messages across runs sees no repeated nonce. */
    snprintf(run->shared.nonce_prefix, sizeof(run->shared.nonce_prefix), "b%llx",
             (unsigned long long)uv_hrtime());
    run->shared.room_members = lg_xcalloc(run->shared.rooms, sizeof(_Atomic uint32_t));
    run->workers = lg_xcalloc(cfg->threads, sizeof(lg_worker_t));
    for (uint32_t i = 0; i < cfg->threads; i++) {
        int r = lg_worker_init(&run->workers[i], i, &run->shared);
        if (r == 0)
            r = lg_worker_start(&run->workers[i]);
        if (r != 0) {
            fprintf(stderr, "openchat-loadgen: worker %u: %s\n", i, uv_strerror(r));
            return r;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    static run_t run;
    if (parse_args(&run, argc, argv) != 0 || plan_clients(&run) != 0)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit(run.cfg.clients);
    if (run.cfg.idle && run.cfg.server_pid)
        lg_proc_sample(run.cfg.server_pid, &run.server_idle_before);

    run.loop = uv_default_loop();
    uv_timer_init(run.loop, &run.tick);
    run.tick.data = &run;
    uv_signal_init(run.loop, &run.sigint);
    uv_signal_init(run.loop, &run.sigterm);
    run.sigint.data = run.sigterm.data = &run;
    uv_signal_start(&run.sigint, on_signal, SIGINT);
    uv_signal_start(&run.sigterm, on_signal, SIGTERM);
    run.t_begin = uv_hrtime();
    if (start_workers(&run) != 0)
        return 1;
    uv_timer_start(&run.tick, on_tick, COORD_TICK_MS, COORD_TICK_MS);
    uv_run(run.loop, UV_RUN_DEFAULT);

    for (uint32_t i = 0; i < run.cfg.threads; i++)
        lg_worker_join(&run.workers[i]);
    print_report(&run);
    /* Sockets close at exit: tearing down thousands of handles one by one would only delay the
     * next benchmark step. */
    return 0;
}

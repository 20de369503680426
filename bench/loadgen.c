/* openchat-loadgen: the fan-out benchmark's load generator. It opens N Socket.IO v5 clients
 * over WebSocket, joins them to rooms of R, sends broadcasts at a fixed total rate, times each
 * delivery from the send stamp in its payload, and prints one JSON object with the results
 * (and, given --server-pid, the server's CPU and memory over the same window). This file is
 * the coordinator: options, the run's phases, sampling and the report. The clients live in
 * loadgen/worker.c, the wire formats in loadgen/wire.c. It is a measuring tool, not a client
 * library: it speaks only the benchmark's join/broadcast/message events.
 *
 * Phases:  connect+join -> settle -> warmup (load, unmeasured) -> window (measured)
 *          -> drain (no load, wait for the window's last deliveries) -> report
 * Idle mode (--idle): connect+join -> settle -> sample RSS, print "READY <n>" -> hold. */
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
          "         [--settle 0.3] [--threads 1] [--server-pid PID] [--idle]\n"
          "  --rate        broadcasts per second, all clients together\n"
          "  --duration    seconds measured (idle: seconds held after READY, 0 = until signal)\n"
          "  --payload     approximate size in bytes of each broadcast's payload object\n"
          "  --server-pid  sample this process's CPU, write calls and RSS over the window\n"
          "  --idle        connect and join, print READY <n>, then hold without load\n",
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
    if (cfg->threads > cfg->clients)
        cfg->threads = cfg->clients;
    return resolve(cfg);
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

static void print_latency(const lg_hist_t *h)
{
    printf("\"latency_us\":{\"count\":%llu,\"p50\":%llu,\"p90\":%llu,\"p99\":%llu,"
           "\"p999\":%llu,\"max\":%llu,\"mean\":%.1f}",
           (unsigned long long)h->total, (unsigned long long)lg_hist_percentile(h, 50),
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

static void print_load_report(run_t *run, const lg_hist_t *h)
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
           "\"deliveries_all_phases\":%llu,\"window_s\":%.3f,",
           cfg->rate, cfg->duration_s, cfg->warmup_s, sent, per(sent, cfg->duration_s), received,
           per(received, cfg->duration_s), expected, expected - received,
           (unsigned long long)total(run, LG_C_RECEIVED), window_s);
    print_latency(h);
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
    lg_hist_t *h = lg_xcalloc(1, sizeof(*h));
    for (uint32_t i = 0; i < cfg->threads; i++)
        lg_hist_merge(h, &run->workers[i].hist);
    printf("{\"mode\":\"%s\",\"clients\":%u,\"room_size\":%u,\"rooms\":%u,\"threads\":%u,"
           "\"payload_bytes\":%u,\"connected\":%llu,\"joined\":%llu,\"connect_errors\":%llu,"
           "\"connect_timed_out\":%s,\"disconnects\":%llu,\"interrupted\":%s",
           cfg->idle ? "idle" : "load", cfg->clients, cfg->room_size, run->shared.rooms,
           cfg->threads, cfg->payload, (unsigned long long)total(run, LG_C_CONNECTED),
           (unsigned long long)total(run, LG_C_JOINED),
           (unsigned long long)total(run, LG_C_CONNECT_ERRORS),
           run->connect_timed_out ? "true" : "false",
           (unsigned long long)total(run, LG_C_DISCONNECTS), run->interrupted ? "true" : "false");
    if (cfg->idle)
        print_idle_report(run);
    else
        print_load_report(run, h);
    printf("}\n");
    fflush(stdout);
    free(h);
}

static int start_workers(run_t *run)
{
    const lg_config_t *cfg = &run->cfg;
    run->shared.cfg = cfg;
    run->shared.rooms = (cfg->clients + cfg->room_size - 1) / cfg->room_size;
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
    if (parse_args(&run, argc, argv) != 0)
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

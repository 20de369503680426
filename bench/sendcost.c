/* openchat-sendcost: the kernel's own CPU cost of writing small frames to loopback TCP
 * sockets, measured on this machine in the same benchmark run as the servers, so a server's
 * CPU per delivery can be read against the least its writes could cost. A writer thread sends
 * ~60-byte frames, one send() per frame and then writev() of 2..32 frames per call, while a
 * reader thread drains the far ends with epoll; CPU is the writer thread's own getrusage
 * (user + kernel), which on loopback includes the receive-side TCP work done in its context.
 * It measures over 1 connection and round-robin over --connections (default 1000), and
 * prints one JSON object. It measures the kernel, not any server code. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_BATCH 32

static const int batches[] = {1, 2, 4, 8, 16, 32};
#define NBATCHES (int)(sizeof(batches) / sizeof(batches[0]))

typedef struct cost {
    double user_us; /* per frame */
    double sys_us;
} cost_t;

static void die(const char *what)
{
    fprintf(stderr, "openchat-sendcost: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The far ends of the connections: read whatever arrives until every one is closed. */
typedef struct drain_set {
    int *fds;
    int n;
} drain_set_t;

static void *drain(void *arg)
{
    drain_set_t *set = arg;
    static char buf[256 * 1024];
    int ep = epoll_create1(0);
    if (ep < 0)
        die("epoll_create1");
    for (int i = 0; i < set->n; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = set->fds[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, set->fds[i], &ev) != 0)
            die("epoll_ctl");
    }
    struct epoll_event ready[256];
    for (int open = set->n; open > 0;) {
        int k = epoll_wait(ep, ready, 256, -1);
        for (int i = 0; i < k; i++) {
            if (read(ready[i].data.fd, buf, sizeof(buf)) <= 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, ready[i].data.fd, NULL);
                open--;
            }
        }
    }
    close(ep);
    return NULL;
}

/* Opens n connected pairs: writers[] (TCP_NODELAY, as servers set it) and readers[]. */
static void loopback_pairs(int n, int *writers, int *readers)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        listen(lfd, 4096) != 0 || getsockname(lfd, (struct sockaddr *)&addr, &len) != 0)
        die("listen");
    for (int i = 0; i < n; i++) {
        writers[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (writers[i] < 0 || connect(writers[i], (struct sockaddr *)&addr, sizeof(addr)) != 0)
            die("connect");
        readers[i] = accept(lfd, NULL, NULL);
        if (readers[i] < 0)
            die("accept");
        int one = 1;
        setsockopt(writers[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    close(lfd);
}

static double thread_cpu_us(int which)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    const struct timeval *tv = which ? &ru.ru_stime : &ru.ru_utime;
    return (double)tv->tv_sec * 1e6 + (double)tv->tv_usec;
}

/* Writes frames in calls of batch frames, each call to the next connection in turn. */
static void write_frames(const int *fds, int n, const char *frame, size_t frame_len, int batch,
                         long frames)
{
    struct iovec iov[MAX_BATCH];
    for (int i = 0; i < batch; i++)
        iov[i] = (struct iovec){.iov_base = (void *)frame, .iov_len = frame_len};
    int next = 0;
    for (long sent = 0; sent < frames; sent += batch) {
        /* A short write would need the rest resent; with a drained peer it does not happen
         * for frames this small, and if it did the count would only be slightly high. */
        int fd = fds[next];
        next = next + 1 == n ? 0 : next + 1;
        ssize_t r = batch == 1 ? send(fd, frame, frame_len, 0) : writev(fd, iov, batch);
        if (r < 0)
            die("write");
    }
}

typedef struct target {
    const int *fds;
    int n;
    const char *frame;
    size_t frame_len;
} target_t;

static cost_t measure(const target_t *t, int batch, long frames)
{
    double u0 = thread_cpu_us(0), s0 = thread_cpu_us(1);
    write_frames(t->fds, t->n, t->frame, t->frame_len, batch, frames);
    double u1 = thread_cpu_us(0), s1 = thread_cpu_us(1);
    return (cost_t){(u1 - u0) / (double)frames, (s1 - s0) / (double)frames};
}

static int by_total(const void *a, const void *b)
{
    const cost_t *x = a, *y = b;
    double dx = x->user_us + x->sys_us, dy = y->user_us + y->sys_us;
    return (dx > dy) - (dx < dy);
}

/* The median of several rounds: one round can land on a busy moment of the other core. */
static cost_t median_cost(const target_t *t, int batch, long frames, int rounds)
{
    cost_t r[16];
    write_frames(t->fds, t->n, t->frame, t->frame_len, batch, frames / 10); /* warm up */
    for (int i = 0; i < rounds; i++)
        r[i] = measure(t, batch, frames);
    qsort(r, (size_t)rounds, sizeof(r[0]), by_total);
    return r[rounds / 2];
}

static long arg_long(int argc, char **argv, const char *name, long def, long min, long max)
{
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], name) == 0) {
            long v = strtol(argv[i + 1], NULL, 10);
            if (v < min || v > max) {
                fprintf(stderr, "openchat-sendcost: %s must be %ld..%ld\n", name, min, max);
                exit(2);
            }
            return v;
        }
    }
    return def;
}

/* Prints the costs of every batch size over one set of connections as a JSON object. */
static void print_set(int connections, const cost_t *c)
{
    printf("{\"connections\":%d,\"batches\":[", connections);
    double send1 = 0, writev8 = 0;
    for (int i = 0; i < NBATCHES; i++) {
        double total = c[i].user_us + c[i].sys_us;
        printf("%s{\"batch\":%d,\"user_us_per_frame\":%.4f,\"sys_us_per_frame\":%.4f,"
               "\"us_per_frame\":%.4f,\"us_per_call\":%.4f}",
               i ? "," : "", batches[i], c[i].user_us, c[i].sys_us, total, total * batches[i]);
        if (batches[i] == 1)
            send1 = total;
        if (batches[i] == 8)
            writev8 = total;
    }
    /* cost(call of k frames) = per_call + k * per_frame, fitted through k = 1 and k = 8. */
    double per_frame = (8 * writev8 - send1) / 7;
    printf("],\"send_us_per_frame\":%.4f,\"writev8_us_per_frame\":%.4f,"
           "\"model\":{\"per_call_us\":%.4f,\"per_frame_us\":%.4f}}",
           send1, writev8, send1 - per_frame, per_frame);
}

/* Measures every batch size writing round-robin over n fresh connections, then closes them. */
static void run_set(int n, const char *frame, size_t frame_len, long frames, int rounds)
{
    int *writers = calloc((size_t)n, sizeof(int)), *readers = calloc((size_t)n, sizeof(int));
    if (!writers || !readers)
        die("calloc");
    loopback_pairs(n, writers, readers);
    drain_set_t set = {readers, n};
    pthread_t tid;
    if (pthread_create(&tid, NULL, drain, &set) != 0)
        die("pthread_create");
    target_t t = {writers, n, frame, frame_len};
    cost_t c[NBATCHES];
    for (int i = 0; i < NBATCHES; i++)
        c[i] = median_cost(&t, batches[i], frames, rounds);
    for (int i = 0; i < n; i++)
        shutdown(writers[i], SHUT_WR);
    pthread_join(tid, NULL);
    for (int i = 0; i < n; i++) {
        close(writers[i]);
        close(readers[i]);
    }
    free(writers);
    free(readers);
    print_set(n, c);
}

int main(int argc, char **argv)
{
    long frames = arg_long(argc, argv, "--frames", 200000, 1000, 100000000);
    int rounds = (int)arg_long(argc, argv, "--rounds", 5, 1, 16);
    size_t frame_len = (size_t)arg_long(argc, argv, "--frame-bytes", 60, 8, 125);
    int fanout = (int)arg_long(argc, argv, "--connections", 1000, 1, 100000);
    frames -= frames % MAX_BATCH;

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max; /* two descriptors per connection */
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    /* A WebSocket text frame as a server would send it: 2-byte header, Socket.IO event. */
    char frame[128];
    memset(frame, 'x', sizeof(frame));
    frame[0] = (char)0x81;
    frame[1] = (char)(frame_len - 2);
    static const char event[] = "42[\"message\",{\"t\":1234567890123,\"pad\":\"";
    memcpy(frame + 2, event, sizeof(event) - 1);

    /* One connection is the kernel's best case; many, written in turn as a fan-out does,
     * adds what a server cannot avoid either: each write touches a cold socket. */
    printf("{\"frame_bytes\":%zu,\"frames_per_round\":%ld,\"rounds\":%d,\"single\":", frame_len,
           frames, rounds);
    run_set(1, frame, frame_len, frames, rounds);
    printf(",\"fanout\":");
    run_set(fanout, frame, frame_len, frames, rounds);
    printf("}\n");
    return 0;
}

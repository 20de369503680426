/* openchat-sendcost: the kernel's own CPU cost of writing small frames to a loopback TCP
 * socket, measured on this machine in the same benchmark run as the servers, so a server's
 * CPU per delivery can be read against the cheapest it could possibly be. A writer thread
 * sends ~60-byte frames, one send() per frame and then writev() of 2..32 frames per call,
 * while a reader thread drains the other end; CPU is the writer thread's own getrusage
 * (user + kernel), which on loopback includes the receive-side TCP work done in its context.
 * It prints one JSON object. It measures the kernel, not any server code. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void *drain(void *arg)
{
    int fd = *(int *)arg;
    static char buf[256 * 1024];
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
    return NULL;
}

/* Returns a connected pair: *writer (TCP_NODELAY, as servers set it) and *reader. */
static void loopback_pair(int *writer, int *reader)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(lfd, 1) != 0 ||
        getsockname(lfd, (struct sockaddr *)&addr, &len) != 0)
        die("listen");
    *writer = socket(AF_INET, SOCK_STREAM, 0);
    if (*writer < 0 || connect(*writer, (struct sockaddr *)&addr, sizeof(addr)) != 0)
        die("connect");
    *reader = accept(lfd, NULL, NULL);
    if (*reader < 0)
        die("accept");
    close(lfd);
    int one = 1;
    setsockopt(*writer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static double thread_cpu_us(int which)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    const struct timeval *tv = which ? &ru.ru_stime : &ru.ru_utime;
    return (double)tv->tv_sec * 1e6 + (double)tv->tv_usec;
}

static void write_frames(int fd, const char *frame, size_t frame_len, int batch, long frames)
{
    struct iovec iov[MAX_BATCH];
    for (int i = 0; i < batch; i++)
        iov[i] = (struct iovec){.iov_base = (void *)frame, .iov_len = frame_len};
    for (long sent = 0; sent < frames; sent += batch) {
        /* A short write would need the rest resent; with a drained peer it does not happen
         * for frames this small, and if it did the count would only be slightly high. */
        ssize_t r = batch == 1 ? send(fd, frame, frame_len, 0) : writev(fd, iov, batch);
        if (r < 0)
            die("write");
    }
}

static cost_t measure(int fd, const char *frame, size_t frame_len, int batch, long frames)
{
    double u0 = thread_cpu_us(0), s0 = thread_cpu_us(1);
    write_frames(fd, frame, frame_len, batch, frames);
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
static cost_t median_cost(int fd, const char *frame, size_t frame_len, int batch, long frames,
                          int rounds)
{
    cost_t r[16];
    write_frames(fd, frame, frame_len, batch, frames / 10); /* warm caches and the peer */
    for (int i = 0; i < rounds; i++)
        r[i] = measure(fd, frame, frame_len, batch, frames);
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

int main(int argc, char **argv)
{
    long frames = arg_long(argc, argv, "--frames", 200000, 1000, 100000000);
    int rounds = (int)arg_long(argc, argv, "--rounds", 5, 1, 16);
    size_t frame_len = (size_t)arg_long(argc, argv, "--frame-bytes", 60, 8, 125);
    frames -= frames % MAX_BATCH;

    /* A WebSocket text frame as a server would send it: 2-byte header, Socket.IO event. */
    char frame[128];
    memset(frame, 'x', sizeof(frame));
    frame[0] = (char)0x81;
    frame[1] = (char)(frame_len - 2);
    static const char event[] = "42[\"message\",{\"t\":1234567890123,\"pad\":\"";
    memcpy(frame + 2, event, sizeof(event) - 1);

    int writer, reader;
    loopback_pair(&writer, &reader);
    pthread_t tid;
    if (pthread_create(&tid, NULL, drain, &reader) != 0)
        die("pthread_create");

    cost_t c[NBATCHES];
    for (int i = 0; i < NBATCHES; i++)
        c[i] = median_cost(writer, frame, frame_len, batches[i], frames, rounds);
    shutdown(writer, SHUT_WR);
    pthread_join(tid, NULL);

    printf("{\"frame_bytes\":%zu,\"frames_per_round\":%ld,\"rounds\":%d,\"batches\":[", frame_len,
           frames, rounds);
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
           "\"model\":{\"per_call_us\":%.4f,\"per_frame_us\":%.4f}}\n",
           send1, writev8, send1 - per_frame, per_frame);
    return 0;
}

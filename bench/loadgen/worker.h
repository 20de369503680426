/* A load-generator worker: one libuv loop on its own thread driving a share of the simulated
 * Socket.IO clients through connect, upgrade, join (fan-out) or sign-in (chat), paced sends
 * and timed receipt. The
 * coordinator (loadgen.c) owns the run's phases and talks to workers only through the shared
 * block below: it publishes phase times, workers publish counters. A worker never prints and
 * never decides when the run ends. */
#ifndef LG_WORKER_H
#define LG_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "hist.h"

typedef struct lg_config {
    const char *host;
    int port;
    struct sockaddr_storage addr; /* host:port resolved once by the coordinator */
    uint32_t clients;
    uint32_t room_size;
    uint32_t threads;
    double rate;         /* broadcasts per second, all workers together */
    double duration_s;   /* measurement window (idle mode: how long to hold, 0 = until signal) */
    double warmup_s;     /* load before the window, not measured */
    double drain_s;      /* longest wait after the window for its last deliveries */
    double connect_rate; /* connections opened per second, all workers together */
    double connect_timeout_s;
    uint32_t payload; /* approximate size of the broadcast payload object (chat: content), bytes */
    bool idle;
    bool chat;      /* the chat scenario: signed-in clients, message:send with ack, message:new */
    int server_pid; /* 0 = do not sample the server */
} lg_config_t;

/* One simulated client as the coordinator planned it. In the chat scenario the strings point
 * into the coordinator's copy of the --chat file and live as long as the run; in the fan-out
 * scenario they are NULL. */
typedef struct lg_client_spec {
    uint32_t room;          /* fan-out: the room joined; chat: the zone, for expected counts */
    const char *channel_id; /* chat: where this client's messages go */
    const char *token;      /* chat: the session token of its CONNECT payload */
} lg_client_spec_t;

/* Counters a worker keeps in plain memory and copies to its published block every tick. */
enum lg_counter {
    LG_C_CONNECTED,         /* TCP connected */
    LG_C_JOINED,            /* Socket.IO connected and join sent */
    LG_C_CONNECT_ERRORS,    /* failed before joining */
    LG_C_DISCONNECTS,       /* lost after joining */
    LG_C_SENT,              /* broadcasts sent, all phases */
    LG_C_SENT_MEASURED,     /* broadcasts stamped inside the measurement window */
    LG_C_EXPECTED,          /* their deliveries: room members at send time */
    LG_C_RECEIVED,          /* message deliveries, all phases */
    LG_C_RECEIVED_MEASURED, /* deliveries of broadcasts stamped inside the window */
    LG_C_SEND_DONE,         /* 1 once this worker is past the window and sends no more */
    LG_C_ACKED,             /* chat: successful message:send acks, all phases */
    LG_C_ACKED_MEASURED,    /* chat: of sends stamped inside the window */
    LG_C_ACK_ERRORS,        /* chat: acks carrying {"error":...}, all phases */
    LG_C_BYTES_RECEIVED,    /* bytes read, all phases, upgrade responses included */
    LG_C_COUNT
};

/* Written by the coordinator, read by every worker. Times are uv_hrtime() nanoseconds
 * (CLOCK_MONOTONIC, the clock stamped into payloads); 0 means "not yet". */
typedef struct lg_shared {
    const lg_config_t *cfg;
    const lg_client_spec_t *specs;  /* cfg->clients of them, in sending order; coordinator's */
    size_t spec_text_max;           /* longest channel_id + token, for frame buffers */
    char nonce_prefix[24];          /* chat: unique per run, so nonces never repeat per user */
    _Atomic uint32_t *room_members; /* joined members per room, counted by the workers */
    uint32_t rooms;
    _Atomic uint64_t t_send_start;
    _Atomic uint64_t t_measure_start;
    _Atomic uint64_t t_measure_end;
    _Atomic int stop;
} lg_shared_t;

typedef struct lg_client lg_client_t;

typedef struct lg_worker {
    uv_loop_t loop;
    uv_timer_t tick;
    uv_thread_t thread;
    lg_shared_t *shared;
    unsigned id;
    lg_client_t *clients; /* owned: this worker's clients, in sending order */
    uint32_t nclients;
    uint32_t next_connect; /* clients[0..next_connect) have been started */
    uint32_t handshaking;  /* started but not yet joined or failed */
    uint32_t next_sender;
    uint64_t t_connect_start;
    double rate;         /* this worker's share of broadcasts per second */
    double connect_rate; /* and of connections per second */
    uint8_t *rbuf;       /* owned: the read buffer all this worker's clients share, see on_alloc */
    size_t rbuf_cap;
    uint8_t *sbuf; /* owned: scratch for one outgoing frame */
    size_t sbuf_cap;
    size_t pad_len;
    uint32_t rng;
    uint64_t count[LG_C_COUNT];
    _Atomic uint64_t published[LG_C_COUNT];
    lg_hist_t hist;     /* latency of measured deliveries; read only after the thread ends */
    lg_hist_t ack_hist; /* chat: send-to-ack latency of measured sends; likewise */
    char ack_error[48]; /* chat: the code of the first error ack, "" if none; likewise */
} lg_worker_t;

/* Prepares worker id of shared->cfg->threads: assigns it its clients (every threads-th one of
 * shared->specs) and allocates its buffers. Returns 0 or a negative libuv code. */
int lg_worker_init(lg_worker_t *w, unsigned id, lg_shared_t *shared);

/* Runs the worker's loop on a new thread until shared->stop is set. Returns 0 or a libuv
 * code. */
int lg_worker_start(lg_worker_t *w);

/* Waits for the worker's thread to end. Its sockets are left to the process exit. */
void lg_worker_join(lg_worker_t *w);

/* Reads a published counter (any thread). */
uint64_t lg_worker_counter(lg_worker_t *w, enum lg_counter c);

#endif

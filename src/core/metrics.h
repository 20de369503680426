/* Process-wide counters and the Prometheus text page.
 *
 * Counters are plain integers bumped on the loop thread (no atomics: one thread). Modules
 * that own live state (namespaces, sessions) register a collector that appends their own
 * lines when /metrics is rendered, so this module knows nothing about them. */
#ifndef OC_CORE_METRICS_H
#define OC_CORE_METRICS_H

#include "core/buf.h"

#include <stdint.h>
#include <uv.h>

typedef struct oc_metrics {
    uint64_t connections_accepted;
    uint64_t connections_refused; /* over max_connections */
    uint64_t connections_open;
    uint64_t http_requests;
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t messages_in;       /* Socket.IO packets received */
    uint64_t messages_out;      /* Socket.IO packets queued for delivery (per recipient) */
    uint64_t write_queue_drops; /* connections closed for exceeding an output limit */
    uint64_t read_pauses;       /* times a connection stopped being read for backpressure */
    double loop_lag_ms;         /* lateness of the last lag probe */
    double loop_lag_max_ms;     /* worst lateness since start */
} oc_metrics_t;

extern oc_metrics_t oc_metrics;

/* Appends Prometheus text lines to out. ctx is the pointer given at registration. */
typedef void (*oc_metrics_collector_fn)(oc_buf_t *out, void *ctx);

/* Registers a collector; ctx is borrowed and must outlive the registration. */
void oc_metrics_register(oc_metrics_collector_fn fn, void *ctx);
void oc_metrics_unregister(oc_metrics_collector_fn fn, void *ctx);

/* Renders every counter and every collector in Prometheus text format 0.0.4. */
void oc_metrics_render(oc_buf_t *out);

/* Helpers for collectors: one "# HELP/# TYPE" block and its sample. */
void oc_metrics_write(oc_buf_t *out, const char *name, const char *type, const char *help,
                      double value);

/* Starts a timer that measures event-loop lag every interval_ms. The handle is unref'd so
 * it does not keep the loop alive; oc_metrics_stop_lag_probe closes it. */
void oc_metrics_start_lag_probe(uv_loop_t *loop, unsigned interval_ms);
void oc_metrics_stop_lag_probe(void);

#endif

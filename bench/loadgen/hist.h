/* A log-linear latency histogram in the manner of HdrHistogram: exact below 256 µs, then 128
 * buckets per power of two (under 0.8% error) up to 60 s, in a fixed 20 KiB array, so
 * recording is a shift and an increment and histograms from several threads merge by adding.
 * It records microseconds; it is not a general-purpose statistics library. */
#ifndef LG_HIST_H
#define LG_HIST_H

#include <stdint.h>

#define LG_HIST_SUB_BITS 8 /* 2^8 exact values, then 2^7 buckets per doubling */
#define LG_HIST_MAX_US   60000000ULL
#define LG_HIST_BUCKETS  2560 /* covers LG_HIST_MAX_US: (25 - 7 + 2) * 128 */

typedef struct lg_hist {
    uint64_t counts[LG_HIST_BUCKETS];
    uint64_t total;
    uint64_t sum_us;
    uint64_t max_us;
} lg_hist_t;

/* Records one value in microseconds; values above LG_HIST_MAX_US count as LG_HIST_MAX_US. */
void lg_hist_record(lg_hist_t *h, uint64_t us);

/* Adds every count of from into into. */
void lg_hist_merge(lg_hist_t *into, const lg_hist_t *from);

/* The value at percentile pct (0..100] in microseconds: the middle of the bucket holding it,
 * never above the largest value recorded, which is what pct 100 returns. 0 when empty. */
uint64_t lg_hist_percentile(const lg_hist_t *h, double pct);

#endif

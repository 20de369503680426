/* Log-linear latency histogram (see hist.h). Bucket layout:
 *
 *   index 0..255      value = index (1 µs wide)
 *   index 256..383    values 256..510, 2 µs wide      (shift 1)
 *   index 384..511    values 512..1020, 4 µs wide     (shift 2)
 *   ...               128 buckets per doubling, so each is at most 1/128 of its value wide.
 */
#include "hist.h"

#include <math.h>

static unsigned bucket_index(uint64_t v)
{
    if (v < (1u << LG_HIST_SUB_BITS))
        return (unsigned)v;
    unsigned msb = 63u - (unsigned)__builtin_clzll(v);
    unsigned shift = msb - (LG_HIST_SUB_BITS - 1);
    return shift * (1u << (LG_HIST_SUB_BITS - 1)) + (unsigned)(v >> shift);
}

static uint64_t bucket_middle(unsigned index)
{
    const unsigned half = 1u << (LG_HIST_SUB_BITS - 1);
    if (index < 2 * half)
        return index;
    unsigned shift = index / half - 1;
    uint64_t low = (uint64_t)(index - shift * half) << shift;
    return low + ((1ULL << shift) >> 1);
}

void lg_hist_record(lg_hist_t *h, uint64_t us)
{
    if (us > LG_HIST_MAX_US)
        us = LG_HIST_MAX_US;
    h->counts[bucket_index(us)]++;
    h->total++;
    h->sum_us += us;
    if (us > h->max_us)
        h->max_us = us;
}

void lg_hist_merge(lg_hist_t *into, const lg_hist_t *from)
{
    for (unsigned i = 0; i < LG_HIST_BUCKETS; i++)
        into->counts[i] += from->counts[i];
    into->total += from->total;
    into->sum_us += from->sum_us;
    if (from->max_us > into->max_us)
        into->max_us = from->max_us;
}

uint64_t lg_hist_percentile(const lg_hist_t *h, double pct)
{
    if (h->total == 0)
        return 0;
    uint64_t rank = (uint64_t)ceil(pct / 100.0 * (double)h->total);
    if (rank < 1)
        rank = 1;
    if (rank >= h->total)
        return h->max_us; /* the top is known exactly, not just its bucket */
    uint64_t seen = 0;
    for (unsigned i = 0; i < LG_HIST_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            uint64_t v = bucket_middle(i);
            return v < h->max_us ? v : h->max_us;
        }
    }
    return h->max_us;
}

/* Snowflake ids: see id.h. */
#include "core/id.h"

#include <sys/time.h>
#include <uv.h>

static uv_mutex_t lock;
static uv_once_t once = UV_ONCE_INIT;
static int64_t last_ms;
static unsigned sequence;
static unsigned node;

static void init_lock(void)
{
    uv_mutex_init(&lock);
}

int64_t oc_now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void oc_id_set_node(unsigned n)
{
    node = n & 1023;
}

int64_t oc_id_next(void)
{
    uv_once(&once, init_lock);
    uv_mutex_lock(&lock);
    int64_t ms = oc_now_ms();
    /* The clock may step back (NTP): keep counting from the last time used so ids stay
     * increasing. When 4096 ids were used in one millisecond, borrow the next. */
    if (ms <= last_ms) {
        ms = last_ms;
        if (++sequence > 4095) {
            sequence = 0;
            ms = ++last_ms;
        }
    } else {
        sequence = 0;
        last_ms = ms;
    }
    int64_t id = ((ms - OC_ID_EPOCH_MS) << 22) | ((int64_t)node << 12) | sequence;
    uv_mutex_unlock(&lock);
    return id;
}

int64_t oc_id_time_ms(int64_t id)
{
    return (id >> 22) + OC_ID_EPOCH_MS;
}

bool oc_id_parse(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 19)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v == 0 || v > (uint64_t)INT64_MAX)
        return false;
    *out = (int64_t)v;
    return true;
}

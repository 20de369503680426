/* Token-bucket rate limits: see ratelimit.h. */
#include "core/ratelimit.h"

#include "core/alloc.h"
#include "core/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct limit {
    char name[24];
    double count;  /* tokens per window = burst */
    double window; /* seconds */
} limit_t;

typedef struct bucket {
    char *key; /* "action\x1fkey", owned */
    size_t key_len;
    double tokens;
    int64_t at_ms;
} bucket_t;

struct oc_ratelimit {
    limit_t limits[16];
    int num_limits;
    oc_map_t buckets;
    int64_t last_sweep_ms;
};

/* Defaults: generous for people, tight for scripts. */
static const limit_t defaults[] = {
    {"login", 10, 60},            /* per IP and per account */
    {"register", 10, 3600},       /* per IP */
    {"verify", 10, 600},          /* code attempts and resends, per account */
    {"reset", 5, 3600},           /* reset requests, per IP and per address */
    {"friend_request", 30, 3600}, /* per account */
    {"oidc", 30, 60},             /* sign-in starts, per IP */
    {"upload", 30, 60},           /* attachment uploads, per account */
    {"message", 50, 10},          /* message sends and edits, per user */
    {"reaction", 60, 30},         /* reactions added or removed, per user */
    {"read", 120, 60},            /* read marks, per user */
    {"search", 30, 60},           /* message searches, per user */
    {"invite", 120, 60},          /* invite previews, per IP */
    {"join", 30, 60},             /* joins through an invite, per user */
};

static limit_t *find(oc_ratelimit_t *rl, const char *name, size_t len)
{
    for (int i = 0; i < rl->num_limits; i++)
        if (strlen(rl->limits[i].name) == len && memcmp(rl->limits[i].name, name, len) == 0)
            return &rl->limits[i];
    return NULL;
}

oc_ratelimit_t *oc_ratelimit_new(const char *overrides, char *err, unsigned err_len)
{
    oc_ratelimit_t *rl = oc_xcalloc(1, sizeof(*rl));
    memcpy(rl->limits, defaults, sizeof(defaults));
    rl->num_limits = (int)(sizeof(defaults) / sizeof(defaults[0]));
    const char *p = overrides ? overrides : "";
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        const char *eq = strchr(p, '=');
        unsigned count, window;
        int used = 0;
        if (eq == NULL || eq == p || (size_t)(eq - p) >= sizeof(rl->limits[0].name) ||
            sscanf(eq + 1, "%u/%u%n", &count, &window, &used) != 2 || window == 0 || count == 0) {
            snprintf(err, err_len, "malformed rate limit near \"%s\" (want action=count/seconds)",
                     p);
            free(rl);
            return NULL;
        }
        limit_t *l = find(rl, p, (size_t)(eq - p));
        if (l == NULL) {
            if (rl->num_limits == 16) {
                snprintf(err, err_len, "too many rate limits");
                free(rl);
                return NULL;
            }
            l = &rl->limits[rl->num_limits++];
            memcpy(l->name, p, (size_t)(eq - p));
            l->name[eq - p] = '\0';
        }
        l->count = count;
        l->window = window;
        p = eq + 1 + used;
    }
    return rl;
}

static void drop_all(oc_ratelimit_t *rl, bool only_full, int64_t now_ms)
{
    size_t n = oc_map_count(&rl->buckets), k = 0;
    if (n == 0)
        return;
    bucket_t **victims = oc_xmalloc(n * sizeof(*victims));
    const oc_map_entry_t *e;
    for (uint32_t it = 0; oc_map_next(&rl->buckets, &it, &e);) {
        bucket_t *b = e->value;
        /* A bucket untouched for a day is full again for every action we have. */
        if (!only_full || now_ms - b->at_ms > 24 * 3600 * 1000LL)
            victims[k++] = b;
    }
    for (size_t i = 0; i < k; i++) {
        oc_map_del(&rl->buckets, victims[i]->key, victims[i]->key_len);
        free(victims[i]->key);
        free(victims[i]);
    }
    free(victims);
}

void oc_ratelimit_free(oc_ratelimit_t *rl)
{
    if (rl == NULL)
        return;
    drop_all(rl, false, 0);
    oc_map_free(&rl->buckets);
    free(rl);
}

bool oc_ratelimit_take(oc_ratelimit_t *rl, const char *action, const char *key, int64_t now_ms,
                       unsigned *retry_after_s)
{
    limit_t *l = find(rl, action, strlen(action));
    if (l == NULL)
        return true;
    if (now_ms - rl->last_sweep_ms > 600000) {
        rl->last_sweep_ms = now_ms;
        drop_all(rl, true, now_ms);
    }
    char name[256];
    int n = snprintf(name, sizeof(name), "%s\x1f%s", action, key);
    size_t len = n < (int)sizeof(name) ? (size_t)n : sizeof(name) - 1;
    bucket_t *b = oc_map_get(&rl->buckets, name, len);
    if (b == NULL) {
        b = oc_xcalloc(1, sizeof(*b));
        b->key = oc_xstrndup(name, len);
        b->key_len = len;
        b->tokens = l->count;
        b->at_ms = now_ms;
        oc_map_put(&rl->buckets, b->key, len, b);
    }
    double rate = l->count / l->window; /* tokens per second */
    b->tokens += (double)(now_ms - b->at_ms) / 1000.0 * rate;
    if (b->tokens > l->count)
        b->tokens = l->count;
    b->at_ms = now_ms;
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
        return true;
    }
    double wait = (1.0 - b->tokens) / rate;
    *retry_after_s = wait < 1.0 ? 1 : (unsigned)(wait + 0.999);
    return false;
}

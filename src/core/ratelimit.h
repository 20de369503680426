/* Rate limits: token buckets per (action, key), in memory on the loop thread.
 *
 * Each action ("login", "register", ...) allows `count` events per `window` seconds per key
 * (an IP address or an account name), refilled continuously. Defaults live in ratelimit.c;
 * OPENCHAT_RATE_LIMITS overrides them ("login=10/60,register=5/3600"). Buckets that refilled
 * completely are dropped, so memory follows the active keys. */
#ifndef OC_CORE_RATELIMIT_H
#define OC_CORE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct oc_ratelimit oc_ratelimit_t;

/* Returns NULL with a message in err for a malformed override list. */
oc_ratelimit_t *oc_ratelimit_new(const char *overrides, char *err, unsigned err_len);
void oc_ratelimit_free(oc_ratelimit_t *rl);
/* Takes one token for (action, key) at now_ms. Returns true if allowed; else false with
 * *retry_after_s set (at least 1). Unknown actions are always allowed. */
bool oc_ratelimit_take(oc_ratelimit_t *rl, const char *action, const char *key, int64_t now_ms,
                       unsigned *retry_after_s);

#endif

/* Passwords: the acceptance rules and argon2id hashing off the loop thread.
 *
 * Hashing costs tens of milliseconds of CPU and memory on purpose, so it always runs in
 * libuv's thread pool; the callback comes back on the loop. The acceptance rules (length,
 * not one of the commonly used passwords bundled with the server) are shared by registration,
 * password change and password reset. */
#ifndef OC_AUTH_PASSWORD_H
#define OC_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#define OC_PASSWORD_MIN 8
#define OC_PASSWORD_MAX 128 /* characters */

/* True if password may be used; else false with *why set to a sentence for the user. */
bool oc_password_acceptable(const char *password, const char **why);

/* Hash parameters (from the configuration: OPENCHAT_ARGON2_OPS / OPENCHAT_ARGON2_MEM). */
typedef struct oc_password_params {
    unsigned long long ops;
    size_t mem;
} oc_password_params_t;

/* Computes the argon2id string for password in the thread pool, then calls done(status,
 * hash, arg) on the loop: status 0 with the hash (valid during the call), or a negative
 * error. password is copied. */
typedef void (*oc_password_hash_cb)(int status, const char *hash, void *arg);
void oc_password_hash(uv_loop_t *loop, const oc_password_params_t *params, const char *password,
                      oc_password_hash_cb done, void *arg);

/* Checks password against a stored argon2id string in the thread pool, then calls
 * done(status, needs_rehash, arg): status 0 when it matches, OC_EPERM when it does not.
 * hash may be NULL (unknown user): the check then runs against a fixed dummy hash so the
 * answer takes as long as for a real user, and fails. */
typedef void (*oc_password_verify_cb)(int status, bool needs_rehash, void *arg);
void oc_password_verify(uv_loop_t *loop, const oc_password_params_t *params, const char *password,
                        const char *hash, oc_password_verify_cb done, void *arg);

/* Prepares, in the thread pool, what the first calls would otherwise pay for: the index of
 * the common-password list and the dummy hash for unknown users (so even the first failed
 * login of an unknown name takes as long as a wrong password). Optional; call once at start. */
void oc_password_warm_up(uv_loop_t *loop, const oc_password_params_t *params);

#endif

/* The API's shared state, for the route files under src/api. Nothing outside src/api
 * includes this. */
#ifndef OC_API_INTERNAL_H
#define OC_API_INTERNAL_H

#include "api/api.h"
#include "api/call.h"
#include "auth/gate.h"
#include "core/ratelimit.h"

typedef struct oc_mailer oc_mailer_t;
typedef struct oc_oidc oc_oidc_t;

struct oc_api {
    uv_loop_t *loop;
    const oc_config_t *cfg;
    oc_db_t *db;
    oc_http_server_t *http;
    oc_gate_t *gate; /* sessions: borrowed */
    oc_live_t *live; /* borrowed: told about changes after they commit */
    oc_ratelimit_t *rates;
    char *public_url;    /* scheme://host[:port], no trailing slash */
    bool secure_cookies; /* public_url is https */
    char *data_dir;
    oc_mailer_t *mailer;             /* mail.h */
    oc_oidc_t *oidc;                 /* oidc.h, NULL when sign-in with a provider is off */
    struct oc_upload_sweep *uploads; /* attachments.c: clean-up of unused uploads, or NULL */
};

/* Area registrations, one per route file. */
void oc__api_accounts(oc_api_t *api);
/* These two also set up their services (mailer, provider) and fail the start when the
 * configuration cannot work: 0 or OC_EINVAL with a message in err. */
int oc__api_email(oc_api_t *api, char *err, size_t err_len);
int oc__api_oidc(oc_api_t *api, char *err, size_t err_len);
void oc__api_users(oc_api_t *api);
void oc__api_friends(oc_api_t *api);
void oc__api_zones(oc_api_t *api);
void oc__api_messages(oc_api_t *api); /* messages.c: history, pins, search */
/* attachments.c: the upload routes and the clean-up of unused uploads, which runs until the
 * HTTP server begins to stop or oc__api_attachments_stop (from oc_api_free). 0, or OC_EINVAL
 * with a message in err for an upload limit that cannot work. */
int oc__api_attachments(oc_api_t *api, char *err, size_t err_len);
void oc__api_attachments_stop(oc_api_t *api);
/* Registered by oc__api_users and oc__api_friends: avatars.c, dms.c. */
void oc__api_avatars(oc_api_t *api);
void oc__api_dms(oc_api_t *api);

/* Answers GET/HEAD for a stored picture (domain/images.h) named by the route's ":file"
 * parameter, from DATA_DIR/<folder>: its type from the name, cached for a year as immutable;
 * 404 not_found for any other name or a missing file. A raw HTTP route handler's body, for
 * routes registered with oc_http_server_route (public, no session). avatars.c */
void oc__api_serve_image(oc_http_request_t *req, oc_api_t *api, const char *folder);
/* Deletes avatar file `name` (a user's avatar column) in the thread pool; a failure is logged.
 * For an account that is gone: nothing refers to the file any more. */
void oc__api_avatar_forget(oc_api_t *api, const char *name);

/* Sends the address-verification mail (a code and a link) to a user who registered or
 * changed address; failures are logged, not returned (the user can ask again). email.c */
void oc__api_send_verification(oc_api_t *api, int64_t user_id, const char *email,
                               const char *display_name);

/* Issues a session cookie for a new session (after login, registration or sign-in). */
void oc__api_set_session_cookie(oc_call_t *call, int64_t session_id, int64_t user_id);
/* A Set-Cookie that deletes the session cookie. */
void oc__api_clear_session_cookie(oc_call_t *call);

#define OC_SESSION_COOKIE "oc_session"

#endif

/* What the zone route files share (zones.c, zone_members.c, zone_channels.c, invites.c):
 * one state struct for every zone call, the path parsing and the reply that maps a domain
 * refusal to its status and error code. Private to those files. */
#ifndef OC_API_ZONES_INTERNAL_H
#define OC_API_ZONES_INTERNAL_H

#include "api/api_internal.h"
#include "domain/invites.h"
#include "domain/places.h"
#include "domain/zones.h"

#include <stddef.h>
#include <stdint.h>

/* The state of one zone call: inputs from the handler, outputs of the database job. */
typedef struct oc__zone_op {
    oc_actor_t actor;
    int64_t zone_id;
    int64_t target_id; /* the user or channel of the path, when it names one */
    char *name;        /* owned strings from the body, NULL when absent */
    char *topic;
    char *type;
    char *reason;
    char code[OC_INVITE_CODE_LEN + 1];
    int flag; /* a boolean input: -1 absent, else 0/1 */
    oc_role_t role;
    int64_t expires_at, max_uses; /* invites, 0: none */
    int64_t before, limit;        /* audit log page */
    int64_t *ids;                 /* channel order */
    size_t n_ids;
    const char *public_url;       /* the API's, borrowed */
    char file[64];                /* an icon file name (new, or the one to delete) */
    void *extra;                  /* route-specific state, freed with free() */
    oc_place_channel_t *channels; /* a zone just joined: its channels, for the live rooms */
    size_t num_channels;
    int status;   /* 200, 201 or 204 on success */
    oc_buf_t out; /* the JSON reply */
} oc__zone_op_t;

/* A new op as call->data (freed with the call), for the caller, answering `status`. */
oc__zone_op_t *oc__zone_op(oc_call_t *call, int status);
/* Parses :id (and, when param is not NULL, that parameter as target_id) from the path.
 * Replies 404 zone_not_found (or the code given for the target) and returns false when one is
 * not an id. */
bool oc__zone_path(oc_call_t *call, oc__zone_op_t *op, const char *param, const char *target_code);
/* The usual continuation: the refusal's error, a database error, or op->out with op->status
 * (204: no body). */
void oc__zone_done(oc_call_t *call, int status);
/* In a job: loads the zone's channels into op (for oc__zone_joined). */
int oc__zone_load_channels(oc_dbc_t *c, oc__zone_op_t *op);
/* After the commit: the user's sockets join the zone's rooms (before the reply goes out, so
 * the client can use them as soon as it has the answer). */
void oc__zone_joined(oc_call_t *call, int64_t user_id);
/* Replies the error for a refusal. */
void oc__zone_refuse(oc_call_t *call, oc_zone_refusal_t why);

/* Route registrations, called from oc__api_zones. */
void oc__api_zone_members(oc_api_t *api);
void oc__api_zone_channels(oc_api_t *api);
void oc__api_invites(oc_api_t *api);

#endif

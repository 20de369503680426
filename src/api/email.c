/* /api/v1 routes of this area; see api_internal.h. */
#include "api/api_internal.h"

void oc__api_email(oc_api_t *api)
{
    (void)api;
}

void oc__api_send_verification(oc_api_t *api, int64_t user_id, const char *email,
                               const char *display_name)
{
    (void)api;
    (void)user_id;
    (void)email;
    (void)display_name;
}

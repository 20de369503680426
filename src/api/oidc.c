/* /api/v1 routes of this area; see api_internal.h. */
#include "api/api_internal.h"

void oc__api_oidc(oc_api_t *api)
{
    (void)api;
}

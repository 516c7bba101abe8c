/* dsc-static-token-provider.h — a token given up front (environment variable
 * DSC_ACCESS_TOKEN for automation, the demo tenant's token, tests). */
#pragma once

#include "dsc-token-provider.h"

G_BEGIN_DECLS

#define DSC_TYPE_STATIC_TOKEN_PROVIDER (dsc_static_token_provider_get_type ())
G_DECLARE_FINAL_TYPE (DscStaticTokenProvider, dsc_static_token_provider, DSC, STATIC_TOKEN_PROVIDER, GObject)

/* token may be NULL: every request then fails with DSC_GRAPH_ERROR_NOT_SIGNED_IN. */
DscTokenProvider *dsc_static_token_provider_new (const char *token);

G_END_DECLS

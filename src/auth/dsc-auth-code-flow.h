/* dsc-auth-code-flow.h — interactive sign-in in the system browser:
 * authorization code + PKCE with a one-shot loopback listener
 * (http://localhost:PORT), then the code is redeemed at the token endpoint. */
#pragma once

#include <gio/gio.h>

#include "dsc-oauth.h"

G_BEGIN_DECLS

#define DSC_TYPE_AUTH_CODE_FLOW (dsc_auth_code_flow_get_type ())
G_DECLARE_FINAL_TYPE (DscAuthCodeFlow, dsc_auth_code_flow, DSC, AUTH_CODE_FLOW, GObject)

/* authority: "https://login.microsoftonline.com/TENANT" (dsc_cloud_build_authority). */
DscAuthCodeFlow *dsc_auth_code_flow_new        (const char *authority,
                                                const char *client_id,
                                                const char *scopes);
/* How long to wait for the browser; default 300 s. Before start. */
void             dsc_auth_code_flow_set_timeout (DscAuthCodeFlow *self,
                                                 guint            seconds);
/* Binds 127.0.0.1:0 in the thread-default main context and builds the
 * authorize URL. Once only. */
gboolean         dsc_auth_code_flow_start      (DscAuthCodeFlow  *self,
                                                GError          **error);
/* Open this in the system browser (dsc_platform_open_uri). Contains no
 * secret: only the challenge and state. */
const char      *dsc_auth_code_flow_get_authorize_url (DscAuthCodeFlow *self);
/* "http://localhost:PORT" */
const char      *dsc_auth_code_flow_get_redirect_uri  (DscAuthCodeFlow *self);
/* Waits for the single redirect, then redeems the code. */
void             dsc_auth_code_flow_get_tokens_async (DscAuthCodeFlow     *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
DscOAuthTokens  *dsc_auth_code_flow_get_tokens_finish (DscAuthCodeFlow *self,
                                                       GAsyncResult    *result,
                                                       GError         **error);

G_END_DECLS

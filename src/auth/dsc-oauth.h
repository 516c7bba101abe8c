/* dsc-oauth.h — one form POST to the identity platform (token, devicecode)
 * and the token response. Shared by the flows and the token provider. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *access_token;
  char   *refresh_token;   /* NULL when the service sent none */
  gint64  expires_at;      /* g_get_monotonic_time () scale, µs */
  char   *scope;
} DscOAuthTokens;

void            dsc_oauth_tokens_free (DscOAuthTokens *tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOAuthTokens, dsc_oauth_tokens_free)

/* NULL + DSC_AUTH_ERROR_INVALID_RESPONSE unless obj is a token response. */
DscOAuthTokens *dsc_oauth_tokens_from_json (JsonObject *obj,
                                            GError    **error);

/* A session for the identity platform: no cookies, no logger, timeouts. */
SoupSession    *dsc_oauth_session_new       (void);

/* POSTs fields (name, value, …, NULL) as application/x-www-form-urlencoded.
 * Success: the JSON object of a 2xx answer. Failure: a DSC_AUTH_ERROR from the
 * error body, or NETWORK / INVALID_RESPONSE. Nothing of the request is
 * logged. */
void            dsc_oauth_post_async        (SoupSession         *session,
                                             const char          *url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data,
                                             const char          *first_field,
                                             ...) G_GNUC_NULL_TERMINATED;
JsonObject     *dsc_oauth_post_finish       (GAsyncResult        *result,
                                             GError             **error);

/* A member's text when it is a JSON string, else NULL (never a critical):
 * for every field of a sign-in service response, which is hostile input. */
const char *dsc_oauth_member_string (JsonObject *obj, const char *name);

G_END_DECLS

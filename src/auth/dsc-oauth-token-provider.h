/* dsc-oauth-token-provider.h — tokens from an interactive sign-in.
 *
 * The access token lives in memory only, until shortly before it expires;
 * the refresh token is kept in memory and in the OS secret store under the
 * profile id (rotated on every refresh). Without a secret store the sign-in
 * lasts for this session only — never written to disk in plain text.
 */
#pragma once

#include "dsc-oauth.h"
#include "dsc-token-provider.h"

G_BEGIN_DECLS

#define DSC_TYPE_OAUTH_TOKEN_PROVIDER (dsc_oauth_token_provider_get_type ())
G_DECLARE_FINAL_TYPE (DscOAuthTokenProvider, dsc_oauth_token_provider, DSC,
                      OAUTH_TOKEN_PROVIDER, GObject)

/* secret_key: the profile id the refresh token is stored under; NULL keeps it
 * in memory only. */
DscOAuthTokenProvider *dsc_oauth_token_provider_new (const char *authority,
                                                     const char *client_id,
                                                     const char *scopes,
                                                     const char *secret_key);

/* Silent sign-in: reads the stored refresh token. TRUE when one was found
 * (the first get_token then redeems it); FALSE with no error when none is
 * stored; FALSE with DSC_SECRET_STORE_ERROR when the store cannot be read. */
void     dsc_oauth_token_provider_load_async   (DscOAuthTokenProvider *self,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean dsc_oauth_token_provider_load_finish  (DscOAuthTokenProvider *self,
                                                GAsyncResult          *result,
                                                GError               **error);

/* Takes the tokens a sign-in flow returned and stores the refresh token.
 * Fails only if the secret store is unusable; the sign-in then still holds
 * for this session (persistent stays FALSE, see get_storage_problem). */
void     dsc_oauth_token_provider_sign_in_async  (DscOAuthTokenProvider *self,
                                                  DscOAuthTokens        *tokens,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
gboolean dsc_oauth_token_provider_sign_in_finish (DscOAuthTokenProvider *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);

/* Forgets every token and deletes the stored one. */
void     dsc_oauth_token_provider_sign_out_async  (DscOAuthTokenProvider *self,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean dsc_oauth_token_provider_sign_out_finish (DscOAuthTokenProvider *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);

gboolean    dsc_oauth_token_provider_get_signed_in  (DscOAuthTokenProvider *self);
/* The profile id the refresh token is stored under, or NULL. */
const char *dsc_oauth_token_provider_get_secret_key (DscOAuthTokenProvider *self);
/* TRUE once the refresh token is in the secret store. */
gboolean    dsc_oauth_token_provider_get_persistent (DscOAuthTokenProvider *self);
/* TRUE while a refresh or a save of the rotated refresh token is under way:
 * a command-line run waits for this before exiting. */
gboolean    dsc_oauth_token_provider_get_busy       (DscOAuthTokenProvider *self);
/* Why the sign-in is for this session only, or NULL. */
const char *dsc_oauth_token_provider_get_storage_problem (DscOAuthTokenProvider *self);

G_END_DECLS

/* dsc-token-provider.h — where the Graph client gets its bearer token.
 * The sign-in code implements it for real; DscStaticTokenProvider serves a
 * fixed token (DSC_ACCESS_TOKEN, the demo tenant, tests). Never log a token. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DSC_TYPE_TOKEN_PROVIDER (dsc_token_provider_get_type ())
G_DECLARE_INTERFACE (DscTokenProvider, dsc_token_provider, DSC, TOKEN_PROVIDER, GObject)

struct _DscTokenProviderInterface
{
  GTypeInterface parent_iface;

  void   (*get_token_async)  (DscTokenProvider    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char * (*get_token_finish) (DscTokenProvider    *self,
                              GAsyncResult        *result,
                              GError             **error);
  /* The service rejected this token (401): drop it so the next get refreshes. */
  void   (*invalidate)       (DscTokenProvider    *self,
                              const char          *token);
};

void  dsc_token_provider_get_token_async  (DscTokenProvider    *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char *dsc_token_provider_get_token_finish (DscTokenProvider    *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void  dsc_token_provider_invalidate       (DscTokenProvider    *self,
                                           const char          *token);

G_END_DECLS

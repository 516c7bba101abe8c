/* dsc-token-provider.c — where the Graph client gets its bearer token. */
#include "config.h"

#include "dsc-token-provider.h"

G_DEFINE_INTERFACE (DscTokenProvider, dsc_token_provider, G_TYPE_OBJECT)

static void
dsc_token_provider_default_init (DscTokenProviderInterface *iface)
{
}

void
dsc_token_provider_get_token_async (DscTokenProvider    *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  DscTokenProviderInterface *iface;

  g_return_if_fail (DSC_IS_TOKEN_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = DSC_TOKEN_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->get_token_async != NULL);

  iface->get_token_async (self, cancellable, callback, user_data);
}

char *
dsc_token_provider_get_token_finish (DscTokenProvider  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  DscTokenProviderInterface *iface;

  g_return_val_if_fail (DSC_IS_TOKEN_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  iface = DSC_TOKEN_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_token_finish != NULL, NULL);

  return iface->get_token_finish (self, result, error);
}

void
dsc_token_provider_invalidate (DscTokenProvider *self,
                               const char       *token)
{
  DscTokenProviderInterface *iface;

  g_return_if_fail (DSC_IS_TOKEN_PROVIDER (self));

  iface = DSC_TOKEN_PROVIDER_GET_IFACE (self);

  /* Optional: a provider that cannot refresh has nothing to drop. */
  if (iface->invalidate != NULL)
    iface->invalidate (self, token);
}

/* dsc-static-token-provider.c — a token given up front (DSC_ACCESS_TOKEN, the
 * demo tenant, tests). It cannot refresh, so a 401 fails after one retry. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>

#include "dsc-graph-error.h"
#include "dsc-static-token-provider.h"

struct _DscStaticTokenProvider
{
  GObject  parent_instance;

  char    *token;
};

enum {
  PROP_0,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void dsc_static_token_provider_iface_init (DscTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DscStaticTokenProvider, dsc_static_token_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DSC_TYPE_TOKEN_PROVIDER,
                                                      dsc_static_token_provider_iface_init))

static void
dsc_static_token_provider_get_token_async (DscTokenProvider    *provider,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  DscStaticTokenProvider *self = DSC_STATIC_TOKEN_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_static_token_provider_get_token_async);

  if (self->token == NULL || *self->token == '\0')
    g_task_return_new_error (task, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                             "%s", _("Not signed in: sign in, set DSC_ACCESS_TOKEN, "
                                     "or try the demo tenant (--demo)"));
  else
    g_task_return_pointer (task, g_strdup (self->token), g_free);
}

static char *
dsc_static_token_provider_get_token_finish (DscTokenProvider  *provider,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dsc_static_token_provider_invalidate (DscTokenProvider *provider,
                                      const char       *token)
{
  /* Nothing to refresh: keep the token so the retry shows whether the 401
   * was a fluke, and fail clearly if it was not. */
}

static void
dsc_static_token_provider_iface_init (DscTokenProviderInterface *iface)
{
  iface->get_token_async = dsc_static_token_provider_get_token_async;
  iface->get_token_finish = dsc_static_token_provider_get_token_finish;
  iface->invalidate = dsc_static_token_provider_invalidate;
}

static void
dsc_static_token_provider_finalize (GObject *object)
{
  DscStaticTokenProvider *self = DSC_STATIC_TOKEN_PROVIDER (object);

  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (dsc_static_token_provider_parent_class)->finalize (object);
}

static void
dsc_static_token_provider_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  DscStaticTokenProvider *self = DSC_STATIC_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_free (self->token);
      self->token = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_static_token_provider_class_init (DscStaticTokenProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_static_token_provider_finalize;
  object_class->set_property = dsc_static_token_provider_set_property;

  /* Write-only: nothing should be able to read a token back out and log it. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_static_token_provider_init (DscStaticTokenProvider *self)
{
}

DscTokenProvider *
dsc_static_token_provider_new (const char *token)
{
  return g_object_new (DSC_TYPE_STATIC_TOKEN_PROVIDER,
                       "token", token,
                       NULL);
}

/* dsc-demo.c — the fake tenant on loopback, reached over real HTTP with its token. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-session"

#include <glib/gi18n-lib.h>

#include "dsc-demo.h"
#include "dsc-fake-tenant.h"
#include "dsc-static-token-provider.h"

struct _DscDemo
{
  GObject parent_instance;

  DscFakeTenant *fake;
  DscConnection *connection;
};

G_DEFINE_FINAL_TYPE (DscDemo, dsc_demo, G_TYPE_OBJECT)

static void
dsc_demo_dispose (GObject *object)
{
  DscDemo *self = DSC_DEMO (object);

  if (self->fake != NULL)
    dsc_fake_tenant_stop (self->fake);
  g_clear_object (&self->connection);
  g_clear_object (&self->fake);
  G_OBJECT_CLASS (dsc_demo_parent_class)->dispose (object);
}

static void
dsc_demo_class_init (DscDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dsc_demo_dispose;
}

static void
dsc_demo_init (DscDemo *self)
{
}

DscDemo *
dsc_demo_new (const char *scenario, gboolean live, GError **error)
{
  g_autofree char *label = g_strdup_printf (_("Demo tenant (%s)"),
                                            scenario != NULL ? scenario : "sync-errors");

  return dsc_demo_new_named (label, scenario, live, NULL, error);
}

DscDemo *
dsc_demo_new_named (const char  *name,
                    const char  *scenario,
                    gboolean     live,
                    const char  *token,
                    GError     **error)
{
  g_autoptr(DscDemo) self = g_object_new (DSC_TYPE_DEMO, NULL);
  g_autoptr(DscTokenProvider) tokens = NULL;

  if (scenario == NULL)
    scenario = "sync-errors";
  self->fake = dsc_fake_tenant_new ();
  if (!dsc_fake_tenant_set_scenario (self->fake, scenario, error))
    return NULL;
  dsc_fake_tenant_set_live (self->fake, live);
  if (!dsc_fake_tenant_start (self->fake, error))
    return NULL;

  tokens = dsc_static_token_provider_new (token != NULL ? token : DSC_FAKE_TENANT_TOKEN);
  self->connection = dsc_connection_new (dsc_fake_tenant_get_base_url (self->fake), tokens,
                                         name, error);
  if (self->connection == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

DscConnection *
dsc_demo_get_connection (DscDemo *self)
{
  g_return_val_if_fail (DSC_IS_DEMO (self), NULL);
  return self->connection;
}

const char *
dsc_demo_get_scenario (DscDemo *self)
{
  g_return_val_if_fail (DSC_IS_DEMO (self), NULL);
  return dsc_fake_tenant_get_scenario (self->fake);
}

gboolean
dsc_demo_set_scenario (DscDemo *self, const char *scenario, GError **error)
{
  g_return_val_if_fail (DSC_IS_DEMO (self), FALSE);
  return dsc_fake_tenant_set_scenario (self->fake, scenario, error);
}

const char * const *
dsc_demo_list_scenarios (void)
{
  return dsc_fake_tenant_list_scenarios ();
}

gpointer
dsc_demo_get_fake_tenant (DscDemo *self)
{
  g_return_val_if_fail (DSC_IS_DEMO (self), NULL);
  return self->fake;
}

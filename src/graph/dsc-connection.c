/* dsc-connection.c — the demo tenant or Microsoft Graph, and one refresh.
 *
 * The demo starts the fake tenant on loopback and talks to it over real HTTP
 * with its token, so the demo exercises exactly the code a real tenant does.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>

#include "dsc-connection.h"
#include "dsc-graph-error.h"
#include "dsc-static-token-provider.h"

struct _DscConnection
{
  GObject parent_instance;

  DscFakeTenant *fake;
  DscGraphClient *client;
  DscCollector *collector;
  DscConnectVersions *versions;
  DscPolicy policy;
  char *label;
};

G_DEFINE_FINAL_TYPE (DscConnection, dsc_connection, G_TYPE_OBJECT)

enum { SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_collector_progress (DscCollector *collector, guint done, guint total, gpointer data)
{
  g_signal_emit (DSC_CONNECTION (data), signals[SIGNAL_PROGRESS], 0, done, total);
}

static DscConnection *
connection_new (DscGraphClient *client, DscFakeTenant *fake, char *label)
{
  DscConnection *self = g_object_new (DSC_TYPE_CONNECTION, NULL);

  self->client = client;
  self->fake = fake;
  self->label = label;
  self->collector = dsc_collector_new (client);
  self->versions = dsc_connect_versions_get_default ();
  g_signal_connect_object (self->collector, "progress", G_CALLBACK (on_collector_progress),
                           self, 0);
  return self;
}

DscConnection *
dsc_connection_new_demo (const char *scenario, gboolean live, GError **error)
{
  g_autoptr(DscFakeTenant) fake = dsc_fake_tenant_new ();
  g_autoptr(DscTokenProvider) tokens = NULL;
  DscGraphClient *client;

  if (scenario == NULL)
    scenario = "sync-errors";
  if (!dsc_fake_tenant_set_scenario (fake, scenario, error))
    return NULL;
  dsc_fake_tenant_set_live (fake, live);
  if (!dsc_fake_tenant_start (fake, error))
    return NULL;

  tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  client = dsc_graph_client_new (dsc_fake_tenant_get_base_url (fake), tokens, error);
  if (client == NULL)
    return NULL;
  return connection_new (client, g_steal_pointer (&fake),
                         g_strdup_printf (_("Demo tenant (%s)"), scenario));
}

DscConnection *
dsc_connection_new_graph (const char *graph_url, DscTokenProvider *tokens, GError **error)
{
  g_autoptr(DscTokenProvider) env_tokens = NULL;
  DscGraphClient *client;

  if (graph_url == NULL)
    graph_url = DSC_GRAPH_DEFAULT_URL;
  if (tokens == NULL)
    {
      /* For automation: a token obtained elsewhere (e.g. by a scheduler's own
       * sign-in). It stays in memory and is never logged. */
      const char *env = g_getenv ("DSC_ACCESS_TOKEN");
      env_tokens = dsc_static_token_provider_new (env != NULL && *env != '\0' ? env : NULL);
      tokens = env_tokens;
    }
  client = dsc_graph_client_new (graph_url, tokens, error);
  if (client == NULL)
    return NULL;
  return connection_new (client, NULL, g_strdup (dsc_graph_client_get_host (client)));
}

DscGraphClient *
dsc_connection_get_client (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->client;
}

DscFakeTenant *
dsc_connection_get_fake_tenant (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->fake;
}

gboolean
dsc_connection_is_demo (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), FALSE);
  return self->fake != NULL;
}

const char *
dsc_connection_get_label (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->label;
}

DscPolicy *
dsc_connection_get_policy (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return &self->policy;
}

typedef struct {
  DscSnapshot *snapshot;
  DscPolicy policy;
  DscConnectVersions *versions;
} EvaluateData;

static void
evaluate_data_free (gpointer data)
{
  EvaluateData *ed = data;

  g_clear_pointer (&ed->snapshot, dsc_snapshot_unref);
  g_clear_pointer (&ed->versions, dsc_connect_versions_unref);
  g_free (ed);
}

/* Evaluating thousands of conflicts is real work: keep it off the main loop. */
static void
evaluate_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  EvaluateData *ed = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_task_return_pointer (task, dsc_health_evaluate (ed->snapshot, &ed->policy, ed->versions,
                                                    now),
                         (GDestroyNotify) dsc_report_unref);
}

static void
collect_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  DscConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  EvaluateData *ed;
  DscSnapshot *snapshot;

  snapshot = dsc_collector_run_finish (DSC_COLLECTOR (source), result, &error);
  if (snapshot == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ed = g_new0 (EvaluateData, 1);
  ed->snapshot = snapshot;
  ed->policy = self->policy;
  ed->versions = dsc_connect_versions_ref (self->versions);
  g_task_set_task_data (task, ed, evaluate_data_free);
  g_task_run_in_thread (task, evaluate_thread);
}

void
dsc_connection_refresh_async (DscConnection       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DSC_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_connection_refresh_async);
  dsc_collector_run_async (self->collector, cancellable, collect_done, task);
}

DscReport *
dsc_connection_refresh_finish (DscConnection  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dsc_connection_dispose (GObject *object)
{
  DscConnection *self = DSC_CONNECTION (object);

  if (self->fake != NULL)
    dsc_fake_tenant_stop (self->fake);
  g_clear_object (&self->collector);
  g_clear_object (&self->client);
  g_clear_object (&self->fake);
  G_OBJECT_CLASS (dsc_connection_parent_class)->dispose (object);
}

static void
dsc_connection_finalize (GObject *object)
{
  DscConnection *self = DSC_CONNECTION (object);

  g_clear_pointer (&self->versions, dsc_connect_versions_unref);
  g_free (self->label);
  G_OBJECT_CLASS (dsc_connection_parent_class)->finalize (object);
}

static void
dsc_connection_class_init (DscConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dsc_connection_dispose;
  object_class->finalize = dsc_connection_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
dsc_connection_init (DscConnection *self)
{
  dsc_policy_init_defaults (&self->policy);
}

/* dsc-connection.c — one Graph root with its tokens, and one refresh.
 *
 * The graph layer knows nothing of the demo: the demo tenant (src/session/dsc-demo.c)
 * is just another Graph URL with its own token, so it exercises exactly the code a
 * real tenant does.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"


#include "dsc-connection.h"
#include "dsc-health.h"
#include "dsc-graph-error.h"
#include "dsc-static-token-provider.h"

struct _DscConnection
{
  GObject parent_instance;

  DscGraphClient *client;
  DscCollector *collector;
  DscConnectVersions *versions;
  DscPolicy policy;
  char *label;
  char *data_key;
  /* The on-premises scan attached to every snapshot collected */
  DscOnpremScanResult *onprem_scan;   /* last good one, or NULL */
  DscSourceState onprem_state;
  char *onprem_error;
  DscConnectionScanHook scan_hook;    /* scans when no scan was set (the demo) */
  gpointer scan_hook_data;
  GDestroyNotify scan_hook_destroy;
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
connection_new (DscGraphClient *client, char *label)
{
  DscConnection *self = g_object_new (DSC_TYPE_CONNECTION, NULL);

  self->client = client;
  self->label = label;
  self->collector = dsc_collector_new (client);
  self->versions = dsc_connect_versions_get_default ();
  g_signal_connect_object (self->collector, "progress", G_CALLBACK (on_collector_progress),
                           self, 0);
  return self;
}

DscConnection *
dsc_connection_new (const char       *graph_url,
                    DscTokenProvider *tokens,
                    const char       *label,
                    GError          **error)
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
  return connection_new (client, g_strdup (label != NULL ? label
                                                         : dsc_graph_client_get_host (client)));
}

DscConnection *
dsc_connection_new_graph (const char *graph_url, DscTokenProvider *tokens, GError **error)
{
  return dsc_connection_new (graph_url, tokens, NULL, error);
}

DscGraphClient *
dsc_connection_get_client (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->client;
}

const char *
dsc_connection_get_label (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->label;
}

void
dsc_connection_set_data_key (DscConnection *self,
                             const char    *key)
{
  g_return_if_fail (DSC_IS_CONNECTION (self));
  g_free (self->data_key);
  self->data_key = g_strdup (key);
}

const char *
dsc_connection_get_data_key (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->data_key != NULL ? self->data_key : self->label;
}

DscPolicy *
dsc_connection_get_policy (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return &self->policy;
}

static void
evaluate_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  DscReport *report = dsc_health_evaluate_finish (result, &error);

  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) dsc_report_unref);
}

static void
evaluate_snapshot (DscConnection *self, DscSnapshot *snapshot, GTask *task)
{
  /* Evaluating thousands of conflicts is real work: off the main loop. */
  dsc_health_evaluate_async (snapshot, &self->policy, self->versions,
                             g_get_real_time () / G_USEC_PER_SEC,
                             g_task_get_cancellable (task), evaluate_done, task);
}

typedef struct {
  DscConnectionScanHook hook;
  gpointer hook_data;
  DscSnapshot *snapshot;
} HookData;

static void
hook_data_free (HookData *d)
{
  dsc_snapshot_unref (d->snapshot);
  g_free (d);
}

/* Worker thread: the snapshot is not shared yet, so it may still be filled. */
static void
hook_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HookData *d = task_data;
  DscOnpremScanResult *scan = d->hook (d->snapshot, d->hook_data);

  if (scan != NULL)
    {
      d->snapshot->onprem_scan = scan;
      dsc_snapshot_set_source (d->snapshot, DSC_SOURCE_ONPREM_SCAN, DSC_SOURCE_STATE_OK, NULL,
                               NULL, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
hook_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  DscConnection *self = g_task_get_source_object (task);
  HookData *d = g_task_get_task_data (G_TASK (result));

  evaluate_snapshot (self, d->snapshot, task);
}

static void
collect_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  DscConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;
  GCancellable *cancellable;

  snapshot = dsc_collector_run_finish (DSC_COLLECTOR (source), result, &error);
  if (snapshot == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Not Graph: the last good on-premises scan and how the latest went. */
  if (self->onprem_scan != NULL)
    snapshot->onprem_scan = dsc_onprem_scan_result_ref (self->onprem_scan);
  if (self->onprem_state != DSC_SOURCE_STATE_NOT_READ)
    dsc_snapshot_set_source (snapshot, DSC_SOURCE_ONPREM_SCAN, self->onprem_state, NULL,
                             self->onprem_error, NULL);

  cancellable = g_task_get_cancellable (task);
  if (self->onprem_scan == NULL && self->scan_hook != NULL)
    {
      GTask *hook_task = g_task_new (NULL, cancellable, hook_done, g_steal_pointer (&task));
      HookData *d = g_new0 (HookData, 1);

      d->hook = self->scan_hook;
      d->hook_data = self->scan_hook_data;
      d->snapshot = g_steal_pointer (&snapshot);
      g_task_set_task_data (hook_task, d, (GDestroyNotify) hook_data_free);
      g_task_run_in_thread (hook_task, hook_thread);
      g_object_unref (hook_task);
      return;
    }
  evaluate_snapshot (self, snapshot, g_steal_pointer (&task));
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

  g_clear_object (&self->collector);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (dsc_connection_parent_class)->dispose (object);
}

static void
dsc_connection_finalize (GObject *object)
{
  DscConnection *self = DSC_CONNECTION (object);

  g_clear_pointer (&self->versions, dsc_connect_versions_unref);
  g_free (self->label);
  g_free (self->data_key);
  g_clear_pointer (&self->onprem_scan, dsc_onprem_scan_result_free);
  g_free (self->onprem_error);
  if (self->scan_hook_destroy != NULL)
    self->scan_hook_destroy (self->scan_hook_data);
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

void
dsc_connection_set_onprem_scan (DscConnection       *self,
                                DscOnpremScanResult *scan,
                                const char          *error_message)
{
  g_return_if_fail (DSC_IS_CONNECTION (self));

  if (scan != NULL)
    {
      g_clear_pointer (&self->onprem_scan, dsc_onprem_scan_result_free);
      self->onprem_scan = dsc_onprem_scan_result_ref (scan);
      self->onprem_state = DSC_SOURCE_STATE_OK;
      g_clear_pointer (&self->onprem_error, g_free);
    }
  else
    {
      self->onprem_state = DSC_SOURCE_STATE_FAILED;
      g_free (self->onprem_error);
      self->onprem_error = g_strdup (error_message);
    }
}

DscOnpremScanResult *
dsc_connection_get_onprem_scan (DscConnection *self)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (self), NULL);
  return self->onprem_scan;
}

void
dsc_connection_set_scan_hook (DscConnection         *self,
                              DscConnectionScanHook  hook,
                              gpointer               data,
                              GDestroyNotify         destroy)
{
  g_return_if_fail (DSC_IS_CONNECTION (self));

  if (self->scan_hook_destroy != NULL)
    self->scan_hook_destroy (self->scan_hook_data);
  self->scan_hook = hook;
  self->scan_hook_data = data;
  self->scan_hook_destroy = destroy;
}

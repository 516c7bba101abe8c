/* dsc-session.c — refresh, cancel, offline copy and history of one tenant.
 *
 * Async callbacks hold the session weakly: dropping a session (another tenant,
 * quitting) must not wait for the network, and a late result is dropped. Only
 * the current refresh's result counts: each carries its cancellable.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-session"

#include <glib/gi18n-lib.h>

#include "dsc-background.h"
#include "dsc-health.h"
#include "dsc-session.h"
#include "dsc-snapshot-cache.h"
#include "dsc-onprem-run.h"

struct _DscSession
{
  GObject parent_instance;

  DscConnection *connection;
  DscDemo *demo;
  DscSnapshotCache *cache;

  DscReport *report;
  gboolean report_is_cached;
  GError *refresh_error;
  DscHistoryDiff *history_diff;
  double progress;

  gboolean started;
  gboolean skip_records;              /* no history, no offline copy */
  gboolean user_cancelled;
  GCancellable *cancellable;          /* everything the session started */
  GCancellable *refresh_cancellable;  /* the current refresh; NULL when idle */
};

G_DEFINE_FINAL_TYPE (DscSession, dsc_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_DEMO,
  PROP_LABEL,
  PROP_IS_DEMO,
  PROP_REPORT,
  PROP_REPORT_IS_CACHED,
  PROP_REFRESHING,
  PROP_PROGRESS,
  PROP_REFRESH_ERROR,
  PROP_HISTORY_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REFRESHED,
  SIGNAL_REFRESH_FAILED,
  SIGNAL_REFRESH_CANCELLED,
  SIGNAL_HISTORY_RECOVERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (GWeakRef *ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

typedef struct {
  GWeakRef session;
  GCancellable *cancellable;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_weak_ref_clear (&data->session);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RefreshData, refresh_data_free)

/* A large tenant's report is hundreds of thousands of allocations: freeing it
 * on the main loop would stall it for tens of milliseconds. */
static void
drop_report (DscSession *self)
{
  DscReport *old = g_steal_pointer (&self->report);

  if (old != NULL)
    dsc_free_in_background (old, (GDestroyNotify) dsc_report_unref);
}

static void
set_report (DscSession *self,
            DscReport  *report,
            gboolean    cached)
{
  dsc_report_ref (report);
  drop_report (self);
  self->report = report;
  if (self->report_is_cached != cached)
    {
      self->report_is_cached = cached;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT_IS_CACHED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
set_refresh_error (DscSession   *self,
                   const GError *error)
{
  if (self->refresh_error == NULL && error == NULL)
    return;
  g_clear_error (&self->refresh_error);
  if (error != NULL)
    self->refresh_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_ERROR]);
}

static void
set_progress (DscSession *self,
              double      progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_history_diff (DscSession     *self,
                  DscHistoryDiff *diff)
{
  if (self->history_diff == NULL && diff == NULL)
    return;
  g_clear_pointer (&self->history_diff, dsc_history_diff_unref);
  self->history_diff = diff;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_DIFF]);
}

/* Offline copy */

static void
on_cache_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_snapshot_cache_save_finish (DSC_SNAPSHOT_CACHE (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not save the offline copy: %s", error->message);
}

static void
on_cache_evaluated (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DscSession) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscReport) report = NULL;

  report = dsc_health_evaluate_finish (result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The offline copy could not be evaluated: %s", error->message);
      return;
    }
  /* The refresh may already have won the race. */
  if (self != NULL && self->report == NULL)
    set_report (self, report, TRUE);
  /* Unused, or now shared with the session: either way not freed here. */
  dsc_free_in_background (g_steal_pointer (&report), (GDestroyNotify) dsc_report_unref);
}

static void
on_cache_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DscSession) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;

  snapshot = dsc_snapshot_cache_load_finish (DSC_SNAPSHOT_CACHE (source), result, &error);
  if (snapshot == NULL)
    {
      /* No copy yet, or one we cannot read: the refresh will replace it. */
      g_debug ("No usable offline copy: %s", error->message);
      return;
    }
  /* The last good on-premises scan survives a restart: the next refreshes
   * carry it again. */
  if (self != NULL && self->demo == NULL && snapshot->onprem_scan != NULL &&
      dsc_connection_get_onprem_scan (self->connection) == NULL)
    dsc_connection_set_onprem_scan (self->connection, snapshot->onprem_scan, NULL);
  if (self == NULL || self->report != NULL)
    {
      dsc_free_in_background (g_steal_pointer (&snapshot), (GDestroyNotify) dsc_snapshot_unref);
      return;
    }
  dsc_health_evaluate_async (snapshot, dsc_connection_get_policy (self->connection), NULL,
                             g_get_real_time () / G_USEC_PER_SEC, self->cancellable,
                             on_cache_evaluated, weak_ref_new (self));
  /* The report holds it now; the last reference may be the report's. */
  dsc_free_in_background (g_steal_pointer (&snapshot), (GDestroyNotify) dsc_snapshot_unref);
}

/* History */

static void
on_history_recorded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DscSession) self = weak_ref_steal (user_data);
  g_autoptr(DscHistoryDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovered = NULL;

  diff = dsc_history_record_finish (DSC_HISTORY (source), result, &error);
  if (self == NULL)
    return;
  /* History is a convenience: a failure to record never hides the report. */
  if (diff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Couldn't record the refresh in the history: %s", error->message);
      return;
    }
  recovered = dsc_history_dup_recovery_message (DSC_HISTORY (source));
  if (recovered != NULL)
    g_signal_emit (self, signals[SIGNAL_HISTORY_RECOVERED], 0, recovered);
  set_history_diff (self, g_steal_pointer (&diff));
}

static void
record_history (DscSession *self,
                DscReport  *report)
{
  set_history_diff (self, NULL);
  dsc_history_record_async (dsc_history_get_default (), report, self->cancellable,
                            on_history_recorded, weak_ref_new (self));
}

/* Refresh */

static void
on_progress (DscConnection *connection,
             guint          done,
             guint          total,
             gpointer       user_data)
{
  DscSession *self = user_data;

  if (total > 0 && self->refresh_cancellable != NULL)
    set_progress (self, MIN (1.0, (double) done / total));
}

static void
on_refresh_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RefreshData) data = user_data;
  g_autoptr(DscSession) self = g_weak_ref_get (&data->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscReport) report = NULL;
  gboolean user_cancelled;

  report = dsc_connection_refresh_finish (DSC_CONNECTION (source), result, &error);

  /* A dropped session or a newer refresh: not ours to show. */
  if (self == NULL || self->refresh_cancellable != data->cancellable)
    return;

  g_clear_object (&self->refresh_cancellable);
  user_cancelled = self->user_cancelled;
  self->user_cancelled = FALSE;
  set_progress (self, 0);

  if (report != NULL)
    {
      set_refresh_error (self, NULL);
      set_report (self, report, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
      g_signal_emit (self, signals[SIGNAL_REFRESHED], 0, report);
      if (self->skip_records)
        return;
      record_history (self, report);
      if (report->snapshot != NULL)
        dsc_snapshot_cache_save_async (self->cache, report->snapshot, NULL, on_cache_saved,
                                       NULL);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
      g_signal_emit (self, signals[SIGNAL_REFRESH_CANCELLED], 0, user_cancelled);
      return;
    }

  g_debug ("Refresh failed: %s", error->message);
  /* The last good report stays current; an offline copy still loading will show
   * with this reason on top. */
  set_refresh_error (self, error);
  g_signal_emit (self, signals[SIGNAL_REFRESH_FAILED], 0, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

static void
on_scan_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  DscSession *self = g_task_get_source_object (task);
  g_autoptr(DscOnpremScanResult) scan = NULL;
  GError *error = NULL;

  scan = dsc_onprem_run_finish (result, &error);
  if (scan == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }
  /* A failed scan keeps the last good one; the tile says what went wrong. */
  dsc_connection_set_onprem_scan (self->connection, scan, error != NULL ? error->message : NULL);
  if (!g_cancellable_is_cancelled (self->cancellable))
    dsc_session_refresh (self);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dsc_session_scan_onprem_async (DscSession                *self,
                               const DscOnpremScanConfig *config,
                               GCancellable              *cancellable,
                               DscOnpremProgressFunc      progress,
                               gpointer                   progress_data,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (DSC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_session_scan_onprem_async);
  dsc_onprem_run_async (config, self->report != NULL ? self->report->snapshot : NULL,
                        cancellable, progress, progress_data, on_scan_done, task);
}

gboolean
dsc_session_scan_onprem_finish (DscSession    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The demo shows the scan of its sample directory joined with its conflicts,
 * in the scenarios that have sync errors (the sample matches them); a healthy
 * demo tenant stays unscanned until Scan Now. Runs in a worker thread. */
static DscOnpremScanResult *
demo_scan_hook (DscSnapshot *snapshot, gpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean has_conflicts = FALSE;
  DscOnpremScanResult *scan;

  for (guint i = 0; i < snapshot->objects->len && !has_conflicts; i++)
    has_conflicts = ((DscDirectoryObject *) g_ptr_array_index (snapshot->objects, i))->n_errors > 0;
  if (!has_conflicts)
    return NULL;
  scan = dsc_onprem_scan_sample (snapshot, &error);
  if (scan == NULL)
    g_warning ("The demo's sample directory could not be scanned: %s", error->message);
  return scan;
}

void
dsc_session_refresh (DscSession *self)
{
  RefreshData *data;

  g_return_if_fail (DSC_IS_SESSION (self));

  if (self->refresh_cancellable != NULL)
    return;

  self->refresh_cancellable = g_cancellable_new ();
  self->user_cancelled = FALSE;
  set_progress (self, 0);

  data = g_new0 (RefreshData, 1);
  g_weak_ref_init (&data->session, self);
  data->cancellable = g_object_ref (self->refresh_cancellable);
  dsc_connection_refresh_async (self->connection, self->refresh_cancellable,
                                on_refresh_done, data);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

void
dsc_session_cancel_refresh (DscSession *self)
{
  g_return_if_fail (DSC_IS_SESSION (self));

  if (self->refresh_cancellable == NULL)
    return;
  self->user_cancelled = TRUE;
  g_cancellable_cancel (self->refresh_cancellable);
}

void
dsc_session_start (DscSession *self)
{
  g_return_if_fail (DSC_IS_SESSION (self));

  if (!self->started)
    {
      self->started = TRUE;
      if (self->skip_records)
        {
          dsc_session_refresh (self);
          return;
        }
      /* Offline first: the saved copy shows while the tenant is read again. */
      dsc_snapshot_cache_load_async (self->cache, self->cancellable, on_cache_loaded,
                                     weak_ref_new (self));
    }
  dsc_session_refresh (self);
}

gboolean
dsc_session_set_demo_scenario (DscSession  *self,
                               const char  *scenario,
                               GError     **error)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (scenario != NULL, FALSE);

  if (self->demo == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only the demo tenant has scenarios"));
      return FALSE;
    }
  if (!dsc_demo_set_scenario (self->demo, scenario, error))
    return FALSE;
  dsc_session_refresh (self);
  return TRUE;
}

/* Construction */

DscSession *
dsc_session_new (DscConnection *connection)
{
  g_return_val_if_fail (DSC_IS_CONNECTION (connection), NULL);

  return g_object_new (DSC_TYPE_SESSION, "connection", connection, NULL);
}

DscSession *
dsc_session_new_demo (const char  *scenario,
                      gboolean     live,
                      GError     **error)
{
  g_autoptr(DscDemo) demo = dsc_demo_new (scenario, live, error);

  if (demo == NULL)
    return NULL;
  return g_object_new (DSC_TYPE_SESSION,
                       "connection", dsc_demo_get_connection (demo),
                       "demo", demo,
                       NULL);
}

DscSession *
dsc_session_new_demo_named (const char  *name,
                            const char  *scenario,
                            gboolean     live,
                            const char  *token,
                            GError     **error)
{
  g_autoptr(DscDemo) demo = dsc_demo_new_named (name, scenario, live, token, error);

  if (demo == NULL)
    return NULL;
  return g_object_new (DSC_TYPE_SESSION,
                       "connection", dsc_demo_get_connection (demo),
                       "demo", demo,
                       NULL);
}

void
dsc_session_set_keep_records (DscSession *self,
                              gboolean    keep)
{
  g_return_if_fail (DSC_IS_SESSION (self));
  self->skip_records = !keep;
}

static void
dsc_session_constructed (GObject *object)
{
  DscSession *self = DSC_SESSION (object);

  G_OBJECT_CLASS (dsc_session_parent_class)->constructed (object);

  g_return_if_fail (self->connection != NULL);
  self->cache = dsc_snapshot_cache_new (dsc_connection_get_data_key (self->connection));
  g_signal_connect_object (self->connection, "progress", G_CALLBACK (on_progress), self, 0);
  if (self->demo != NULL)
    dsc_connection_set_scan_hook (self->connection, demo_scan_hook, NULL, NULL);
}

static void
dsc_session_dispose (GObject *object)
{
  DscSession *self = DSC_SESSION (object);

  g_cancellable_cancel (self->refresh_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->refresh_cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->demo);
  g_clear_object (&self->cache);
  drop_report (self);
  g_clear_pointer (&self->history_diff, dsc_history_diff_unref);

  G_OBJECT_CLASS (dsc_session_parent_class)->dispose (object);
}

static void
dsc_session_finalize (GObject *object)
{
  DscSession *self = DSC_SESSION (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->refresh_error);

  G_OBJECT_CLASS (dsc_session_parent_class)->finalize (object);
}

static void
dsc_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DscSession *self = DSC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_DEMO:
      g_value_set_object (value, self->demo);
      break;
    case PROP_LABEL:
      g_value_set_string (value, dsc_session_get_label (self));
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->demo != NULL);
      break;
    case PROP_REPORT:
      g_value_set_boxed (value, self->report);
      break;
    case PROP_REPORT_IS_CACHED:
      g_value_set_boolean (value, self->report_is_cached);
      break;
    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refresh_cancellable != NULL);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_REFRESH_ERROR:
      g_value_set_boxed (value, self->refresh_error);
      break;
    case PROP_HISTORY_DIFF:
      g_value_set_boxed (value, self->history_diff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DscSession *self = DSC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_DEMO:
      self->demo = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_session_class_init (DscSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                | G_PARAM_STATIC_STRINGS;

  object_class->constructed = dsc_session_constructed;
  object_class->dispose = dsc_session_dispose;
  object_class->finalize = dsc_session_finalize;
  object_class->get_property = dsc_session_get_property;
  object_class->set_property = dsc_session_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, DSC_TYPE_CONNECTION, construct);
  properties[PROP_DEMO] =
    g_param_spec_object ("demo", NULL, NULL, DSC_TYPE_DEMO, construct);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, ro);
  properties[PROP_REPORT] = g_param_spec_boxed ("report", NULL, NULL, DSC_TYPE_REPORT, ro);
  properties[PROP_REPORT_IS_CACHED] =
    g_param_spec_boolean ("report-is-cached", NULL, NULL, FALSE, ro);
  properties[PROP_REFRESHING] = g_param_spec_boolean ("refreshing", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_REFRESH_ERROR] =
    g_param_spec_boxed ("refresh-error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_HISTORY_DIFF] =
    g_param_spec_boxed ("history-diff", NULL, NULL, DSC_TYPE_HISTORY_DIFF, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  DSC_TYPE_REPORT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* Not for a cancellation: background monitoring backs off on these. */
  signals[SIGNAL_REFRESH_FAILED] =
    g_signal_new ("refresh-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_REFRESH_CANCELLED] =
    g_signal_new ("refresh-cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_HISTORY_RECOVERED] =
    g_signal_new ("history-recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dsc_session_init (DscSession *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Getters */

DscConnection *
dsc_session_get_connection (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->connection;
}

const char *
dsc_session_get_label (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->connection != NULL ? dsc_connection_get_label (self->connection) : NULL;
}

gboolean
dsc_session_get_is_demo (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), FALSE);
  return self->demo != NULL;
}

DscDemo *
dsc_session_get_demo (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->demo;
}

DscReport *
dsc_session_get_report (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->report;
}

gboolean
dsc_session_get_report_is_cached (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), FALSE);
  return self->report_is_cached;
}

gboolean
dsc_session_get_refreshing (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), FALSE);
  return self->refresh_cancellable != NULL;
}

double
dsc_session_get_progress (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), 0);
  return self->progress;
}

const GError *
dsc_session_get_refresh_error (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->refresh_error;
}

DscHistoryDiff *
dsc_session_get_history_diff (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return self->history_diff;
}

const char *
dsc_session_get_cache_path (DscSession *self)
{
  g_return_val_if_fail (DSC_IS_SESSION (self), NULL);
  return dsc_snapshot_cache_get_path (self->cache);
}

/* ---- a removed profile's data ---- */

typedef struct {
  char *data_key;
  char *tenant_hint;
  DscHistory *history;
} ForgetData;

static void
forget_data_free (ForgetData *data)
{
  g_free (data->data_key);
  g_free (data->tenant_hint);
  g_clear_object (&data->history);
  g_free (data);
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ForgetData *data = task_data;
  g_autoptr(DscSnapshotCache) cache = dsc_snapshot_cache_new (data->data_key);
  g_autofree char *tenant_id = NULL;
  g_autoptr(GError) error = NULL;

  if (!dsc_snapshot_cache_delete (cache, &tenant_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->history != NULL)
    {
      if (tenant_id != NULL && !dsc_history_forget_tenant (data->history, tenant_id, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (data->tenant_hint != NULL && g_uuid_string_is_valid (data->tenant_hint) &&
          g_ascii_strcasecmp (data->tenant_hint, tenant_id != NULL ? tenant_id : "") != 0 &&
          !dsc_history_forget_tenant (data->history, data->tenant_hint, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
dsc_session_forget_data_async (const char          *data_key,
                               const char          *tenant_hint,
                               DscHistory          *history,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ForgetData *data;

  g_return_if_fail (data_key != NULL);

  data = g_new0 (ForgetData, 1);
  data->data_key = g_strdup (data_key);
  data->tenant_hint = g_strdup (tenant_hint);
  data->history = history != NULL ? g_object_ref (history) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_session_forget_data_async);
  g_task_set_task_data (task, data, (GDestroyNotify) forget_data_free);
  g_task_run_in_thread (task, forget_thread);
}

gboolean
dsc_session_forget_data_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

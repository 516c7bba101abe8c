/* dsc-monitor.c — the clock, the tray and the notification side of background monitoring.
 *
 * Persisted keys are prefixed with the tenant id ("<tenant>|<key>") so one tenant's history
 * never silences another's; only the current tenant's keys are handed to dsc_notify.
 *
 * Timing: one one-shot timeout, re-armed after every outcome. A fresh report (from the timer
 * or the Refresh button) starts a full interval; a failure worth backing off from (network
 * down, throttled, Graph 5xx) doubles the wait (dsc_schedule_next_delay); when the network
 * comes back after such failures the tenant is read again shortly.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-notify"

#include <string.h>
#include <glib/gi18n.h>

#include "dsc-failure.h"
#include "dsc-graph-error.h"
#include "dsc-monitor.h"
#include "dsc-notify.h"
#include "dsc-text-safe.h"
#include "dsc-platform.h"
#include "dsc-schedule.h"

#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"
/* After the network returns: long enough for DNS and VPNs to settle. */
#define NETWORK_BACK_DELAY_SECONDS 10

struct _DscMonitor
{
  GObject parent_instance;

  GApplication *application;  /* not owned: it owns us */
  GSettings *settings;        /* NULL without the installed schema */
  DscSession *session;        /* watched: its reports, its refresh */
  GtkWindow *window;          /* weak pointer: hides on close in the background */
  gboolean watching;          /* dsc_monitor_watch was called (even with no session) */
  guint timeout_id;
  guint next_delay;           /* seconds the armed timeout waits */
  guint failures;             /* consecutive transient failures */
  DscReport *previous;        /* the last report compared, cached or fresh */
  char *last_error;           /* why the last refresh failed, for the tooltip; NULL when fine */
  DscTray *tray;
  DscStatus tray_status;
  GNetworkMonitor *network;
  gboolean network_down;      /* the last network-changed said no network */
  guint snooze_end_id;        /* takes "snoozed" off the tray when the snooze ends */
  char *summary;              /* the tray's tooltip as last set */
  char *balloon_tenant;       /* the tenant of the last tray balloon (Windows), or NULL */

  /* Every tenant (dsc_monitor_watch_list): one Watch per session, NULL otherwise. */
  DscSessionList *sessions;
  GHashTable *watches;        /* DscSession* → Watch* */
  gboolean gtk_server;        /* org.gtk.Notifications has an owner (GNOME Shell) */
  GCancellable *cancellable;  /* the look-up of that owner */
};

/* One tenant of the list: its own clock, backoff and last report compared. */
typedef struct {
  DscMonitor *monitor;
  DscSession *session;        /* borrowed: the list holds it */
  guint timeout_id;
  guint failures;
  DscReport *previous;
} Watch;

G_DEFINE_FINAL_TYPE (DscMonitor, dsc_monitor, G_TYPE_OBJECT)

static const char *
report_tenant (const DscReport *report)
{
  if (report->snapshot != NULL && report->snapshot->tenant_id != NULL)
    return report->snapshot->tenant_id;
  return "";
}

static GStrv
tenant_keys (DscMonitor *self,
             const char *tenant)
{
  g_auto(GStrv) all = g_settings_get_strv (self->settings, "notified-keys");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strconcat (tenant, "|", NULL);

  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_prefix (all[i], prefix))
      g_strv_builder_add (builder, all[i] + strlen (prefix));
  return g_strv_builder_end (builder);
}

static void
save_tenant_keys (DscMonitor         *self,
                  const char         *tenant,
                  const char *const  *keys)
{
  g_auto(GStrv) all = g_settings_get_strv (self->settings, "notified-keys");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strconcat (tenant, "|", NULL);
  g_auto(GStrv) merged = NULL;

  for (guint i = 0; all[i] != NULL; i++)
    if (!g_str_has_prefix (all[i], prefix))
      g_strv_builder_add (builder, all[i]);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat (prefix, keys[i], NULL);

      g_strv_builder_add (builder, key);
    }
  merged = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "notified-keys", (const char *const *) merged);
}

/* tenant: the tenant's name when the monitor follows several (the title names it), or NULL. */
static void
send_notification (DscMonitor            *self,
                   const DscNotification *notification,
                   const char            *tenant)
{
  const char *category = dsc_category_to_string (notification->category);
  g_autoptr(GNotification) n = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *safe_tenant = tenant != NULL ? dsc_text_safe_dup (tenant) : NULL;
  g_autofree char *title = tenant != NULL
    /* Translators: a notification's title over several tenants: tenant name, then the title. */
    ? g_strdup_printf (_("%s: %s"), safe_tenant, notification->title)
    : g_strdup (notification->title);

  /* Windows: a tray balloon (a toast on Windows 10/11); GNotification is a stub there. */
  if (self->tray != NULL && dsc_tray_notify (self->tray, title, notification->body,
                       notification->severity, category))
    {
      /* The tray keeps the last balloon's category; its click needs the tenant too. */
      g_free (self->balloon_tenant);
      self->balloon_tenant = g_strdup (tenant);
      return;
    }

  n = g_notification_new (title);
  /* One per category (per tenant): a newer change replaces the older pop-up. */
  id = tenant != NULL ? g_strconcat ("tenant-", tenant, "-category-", category, NULL)
                      : g_strconcat ("category-", category, NULL);
  /* org.freedesktop.Notifications servers may render a markup subset: escape
   * for them only; GNOME Shell's org.gtk.Notifications shows plain text. */
  if (dsc_notify_body_is_markup (g_getenv ("GNOTIFICATION_BACKEND"),
                                 g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS),
                                 self->gtk_server))
    body = dsc_text_safe_markup (notification->body);
  else
    body = g_strdup (notification->body);
  g_notification_set_body (n, body);
  g_notification_set_priority (n, notification->severity == DSC_STATUS_ERROR
                                  ? G_NOTIFICATION_PRIORITY_HIGH
                                  : G_NOTIFICATION_PRIORITY_NORMAL);
  /* Over several tenants a click opens that tenant's pane. */
  if (tenant != NULL)
    g_notification_set_default_action_and_target (n, "app.show-tenant-category", "(ss)",
                                                  tenant, category);
  else
    g_notification_set_default_action_and_target (n, "app.show-category", "s", category);
  /* One per category: a newer change replaces the older pop-up. */
  g_application_send_notification (self->application, id, n);
}

/* The tray's badge and tooltip follow the report on screen and the last refresh. */
static void
update_tray (DscMonitor *self)
{
  DscReport *report = self->session != NULL ? dsc_session_get_report (self->session) : NULL;
  g_autofree char *summary = NULL;
  gboolean snoozed = dsc_monitor_get_snoozed_until (self) > g_get_real_time () / G_USEC_PER_SEC;

  if (self->sessions != NULL)
    {
      g_autoptr(GPtrArray) summaries = dsc_session_list_dup_summaries (self->sessions);
      guint attention = dsc_tenant_summaries_count_attention (summaries);
      guint n_sign_in = 0;

      for (guint i = 0; i < summaries->len; i++)
        n_sign_in += ((DscTenantSummary *) g_ptr_array_index (summaries, i))->needs_sign_in;
      self->tray_status = dsc_tenant_summaries_worst (summaries);
      /* Translators: tray tooltip over every tenant: "3 of 42 tenants need attention". */
      summary = g_strdup_printf (g_dngettext (NULL, "%u of %u tenant needs attention",
                                              "%u of %u tenants need attention",
                                              summaries->len),
                                 attention, summaries->len);
      if (n_sign_in > 0)
        {
          /* Translators: appended to the tray tooltip: tenants whose sign-in expired. */
          g_autofree char *more = g_strdup_printf (g_dngettext (NULL, "%s · %u must sign in again",
                                                                "%s · %u must sign in again",
                                                                n_sign_in),
                                                   summary, n_sign_in);
          g_free (summary);
          summary = g_steal_pointer (&more);
        }
    }
  else if (report == NULL)
    {
      self->tray_status = DSC_STATUS_UNKNOWN;
      summary = g_strdup (self->last_error != NULL ? self->last_error
                          : self->session == NULL
                          ? _("Not signed in")
                          : _("Reading the tenant…"));
    }
  else
    {
      const char *tenant = report->snapshot != NULL && report->snapshot->tenant_name != NULL
                           ? report->snapshot->tenant_name : "";

      self->tray_status = report->overall;
      if (self->last_error != NULL)
        /* Translators: tray tooltip: tenant name, then the report's headline
         * ("2 problems need attention"); the last refresh failed. */
        summary = g_strdup_printf (_("%s: %s (last refresh failed)"), tenant, report->headline);
      else
        /* Translators: tray tooltip: tenant name, then the report's headline. */
        summary = g_strdup_printf (_("%s: %s"), tenant, report->headline);
    }
  if (snoozed)
    {
      /* Translators: appended to the tray tooltip while notifications are snoozed. */
      g_autofree char *with_snooze = g_strdup_printf (_("%s · notifications snoozed"), summary);

      g_free (summary);
      summary = g_steal_pointer (&with_snooze);
    }
  g_free (self->summary);
  self->summary = g_strdup (summary);
  if (self->tray != NULL)
    dsc_tray_update (self->tray, self->tray_status, summary, snoozed);
}

static void schedule (DscMonitor *self);
static void on_tray_action (DscTrayAction action, const char *category, gpointer user_data);
static gboolean watch_timeout (gpointer user_data);

/* Compares a fresh report with the one before and sends what is news. tenant_label:
 * the tenant's name when following several, else NULL. */
static void
notify_changes (DscMonitor *self,
                DscReport  *previous,
                DscReport  *report,
                const char *tenant_label)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(DscNotifyResult) result = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *tenant = NULL;
  DscNotifySettings settings = { 0 };

  /* Demo tenants share the fake tenant's id: key them by their names too. */
  tenant = tenant_label != NULL ? g_strconcat (report_tenant (report), "/", tenant_label, NULL)
                                : g_strdup (report_tenant (report));
  keys = tenant_keys (self, tenant);
  local = g_date_time_new_now_local ();
  settings.now = g_get_real_time () / G_USEC_PER_SEC;
  settings.snoozed_until = g_settings_get_int64 (self->settings, "snoozed-until");
  settings.quiet_start_minute = g_settings_get_int (self->settings, "quiet-hours-start");
  settings.quiet_end_minute = g_settings_get_int (self->settings, "quiet-hours-end");
  settings.local_minute_now = g_date_time_get_hour (local) * 60
                              + g_date_time_get_minute (local);
  settings.notified_keys = (const char *const *) keys;

  result = dsc_notify_evaluate (previous, report, &settings);
  save_tenant_keys (self, tenant, (const char *const *) result->notified_keys);
  for (guint i = 0; i < result->notifications->len; i++)
    send_notification (self, g_ptr_array_index (result->notifications, i), tenant_label);
  if (result->n_suppressed > 0)
    g_debug ("%u notifications suppressed (snoozed or quiet hours)", result->n_suppressed);
}

static void
on_report (DscSession *session,
           GParamSpec *pspec,
           DscMonitor *self)
{
  DscReport *report = session != NULL ? dsc_session_get_report (session) : NULL;
  gboolean fresh = report != NULL && report != self->previous
                   && !dsc_session_get_report_is_cached (session);

  /* A fresh report: the tenant answered, so the next one is a full interval away. */
  if (fresh)
    {
      self->failures = 0;
      g_clear_pointer (&self->last_error, g_free);
      schedule (self);
    }
  update_tray (self);
  if (report == NULL)
    {
      /* Signed out or another tenant: the next report is a first look. */
      g_clear_pointer (&self->previous, dsc_report_unref);
      return;
    }
  if (report == self->previous)
    return;
  if (self->previous != NULL &&
      g_strcmp0 (report_tenant (self->previous), report_tenant (report)) != 0)
    g_clear_pointer (&self->previous, dsc_report_unref);

  /* The offline copy is a baseline, not news: compare the fresh report against it. */
  if (dsc_session_get_report_is_cached (session))
    {
      g_clear_pointer (&self->previous, dsc_report_unref);
      self->previous = dsc_report_ref (report);
      return;
    }

  notify_changes (self, self->previous, report, NULL);
  g_clear_pointer (&self->previous, dsc_report_unref);
  self->previous = dsc_report_ref (report);
}

static gboolean
on_timeout (gpointer user_data)
{
  DscMonitor *self = DSC_MONITOR (user_data);

  self->timeout_id = 0;
  self->next_delay = 0;
  if (!self->watching)
    return G_SOURCE_REMOVE;

  if (self->session != NULL && !dsc_session_get_is_demo (self->session) && self->network_down)
    {
      /* Offline: don't even try; wait longer, and let the network's return wake us. */
      self->failures++;
      g_debug ("No network; next background refresh in %u s",
               dsc_schedule_next_delay (g_settings_get_int (self->settings,
                                                            "refresh-interval-minutes"),
                                        self->failures));
      schedule (self);
    }
  else if (self->session != NULL && !dsc_session_get_refreshing (self->session))
    {
      dsc_session_refresh (self->session);
      /* A report or a failure re-arms the clock, but a cancelled refresh (Cancel, or the
       * window closed to the background) ends in neither: keep it armed regardless. */
      schedule (self);
    }
  else
    schedule (self);

  return G_SOURCE_REMOVE;
}

/* Arms the one timeout for the next background refresh, from now. */
static void
schedule (DscMonitor *self)
{
  int minutes = g_settings_get_int (self->settings, "refresh-interval-minutes");

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_delay = 0;
  if (!self->watching)
    return;
  self->next_delay = dsc_schedule_next_delay (minutes, self->failures);
  self->timeout_id = g_timeout_add_seconds (self->next_delay, on_timeout, self);
}

static gboolean
error_is_transient (const GError *error)
{
  if (error->domain == DSC_GRAPH_ERROR)
    return error->code == DSC_GRAPH_ERROR_THROTTLED
           || error->code == DSC_GRAPH_ERROR_SERVER
           || error->code == DSC_GRAPH_ERROR_NETWORK;
  return error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR;
}

static void
on_refresh_failed (DscSession   *session,
                   const GError *error,
                   DscMonitor   *self)
{
  DscFailureText text = { 0 };

  /* The cause, on one line: the tray has no room for the details. */
  dsc_failure_describe (error, &text);
  g_free (self->last_error);
  self->last_error = g_steal_pointer (&text.cause);
  dsc_failure_text_clear (&text);
  if (error_is_transient (error))
    self->failures++;
  else
    self->failures = 0;
  update_tray (self);
  schedule (self);
}

static void
on_network_changed (GNetworkMonitor *network,
                    gboolean         available,
                    DscMonitor      *self)
{
  gboolean was_down = self->network_down;

  self->network_down = !available;
  /* Back online after failing: read the tenant soon instead of waiting out the backoff. */
  if (available && self->watches != NULL)
    {
      GHashTableIter iter;
      Watch *w;

      g_hash_table_iter_init (&iter, self->watches);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &w))
        if (was_down || w->failures > 0)
          {
            g_clear_handle_id (&w->timeout_id, g_source_remove);
            w->timeout_id = g_timeout_add_seconds (NETWORK_BACK_DELAY_SECONDS, watch_timeout, w);
          }
    }
  if (available && (was_down || self->failures > 0) && self->watching)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->next_delay = NETWORK_BACK_DELAY_SECONDS;
      self->timeout_id = g_timeout_add_seconds (self->next_delay, on_timeout, self);
    }
}

static void
apply_background (DscMonitor *self)
{
  /* Closing the window only hides it, so monitoring goes on; launching again shows it. */
  if (self->window != NULL)
    gtk_window_set_hide_on_close (GTK_WINDOW (self->window),
                                  g_settings_get_boolean (self->settings, "run-in-background"));
}

static void
unwatch (DscMonitor *self)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->watching = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->previous, dsc_report_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_clear_object (&self->sessions);
}

void
dsc_monitor_watch (DscMonitor *self,
                   DscSession *session)
{
  g_return_if_fail (DSC_IS_MONITOR (self));
  g_return_if_fail (session == NULL || DSC_IS_SESSION (session));

  if (self->settings == NULL || (self->watching && session == self->session
                                 && self->sessions == NULL))
    return;

  unwatch (self);
  self->watching = TRUE;
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      g_signal_connect (session, "notify::report", G_CALLBACK (on_report), self);
      g_signal_connect (session, "refresh-failed", G_CALLBACK (on_refresh_failed), self);
    }
  /* Another tenant: its own failures, its own reason. */
  self->failures = 0;
  g_clear_pointer (&self->last_error, g_free);
  if (self->tray == NULL)
    self->tray = dsc_tray_new (on_tray_action, self);
  schedule (self);
  on_report (session, NULL, self);
}

/* Every tenant */

static void watch_schedule (Watch *w);

static gboolean
watch_timeout (gpointer user_data)
{
  Watch *w = user_data;

  w->timeout_id = 0;
  if (w->monitor->network_down && !dsc_session_get_is_demo (w->session))
    w->failures++;
  else
    /* Through the list's queue: a few tenants at a time. */
    dsc_session_list_request_refresh (w->monitor->sessions, w->session);
  watch_schedule (w);
  return G_SOURCE_REMOVE;
}

static void
watch_schedule (Watch *w)
{
  int minutes = g_settings_get_int (w->monitor->settings, "refresh-interval-minutes");

  g_clear_handle_id (&w->timeout_id, g_source_remove);
  w->timeout_id = g_timeout_add_seconds (dsc_schedule_next_delay (minutes, w->failures),
                                         watch_timeout, w);
}

static void
watch_on_report (DscSession *session,
                 GParamSpec *pspec,
                 Watch      *w)
{
  DscReport *report = dsc_session_get_report (session);

  if (report == NULL || report == w->previous)
    return;
  if (!dsc_session_get_report_is_cached (session))
    {
      w->failures = 0;
      watch_schedule (w);
      if (w->previous != NULL)
        notify_changes (w->monitor, w->previous, report, dsc_session_get_label (session));
    }
  g_clear_pointer (&w->previous, dsc_report_unref);
  w->previous = dsc_report_ref (report);
}

static void
watch_on_failed (DscSession   *session,
                 const GError *error,
                 Watch        *w)
{
  /* An expired sign-in is no reason to hurry: the row and the tooltip say it,
   * no notification nags, and the tenant is tried again on its interval. */
  w->failures = error_is_transient (error) ? w->failures + 1 : 0;
  watch_schedule (w);
}

static void
watch_free (Watch *w)
{
  g_signal_handlers_disconnect_by_data (w->session, w);
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  g_clear_pointer (&w->previous, dsc_report_unref);
  g_free (w);
}

static void
on_list_session_changed (DscSessionList *sessions,
                         DscSession     *session,
                         DscMonitor     *self)
{
  update_tray (self);
}

static void
add_watches (DscMonitor *self)
{
  GListModel *model = G_LIST_MODEL (self->sessions);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DscSession) session = g_list_model_get_item (model, i);
      Watch *w;

      if (g_hash_table_contains (self->watches, session))
        continue;
      w = g_new0 (Watch, 1);
      w->monitor = self;
      w->session = session;
      g_hash_table_insert (self->watches, session, w);
      g_signal_connect (session, "notify::report", G_CALLBACK (watch_on_report), w);
      g_signal_connect (session, "refresh-failed", G_CALLBACK (watch_on_failed), w);
      watch_schedule (w);
      watch_on_report (session, NULL, w);
    }
}

static void
on_list_items_changed (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       DscMonitor *self)
{
  add_watches (self);
  update_tray (self);
}

void
dsc_monitor_watch_list (DscMonitor     *self,
                        DscSessionList *sessions)
{
  g_return_if_fail (DSC_IS_MONITOR (self));
  g_return_if_fail (DSC_IS_SESSION_LIST (sessions));

  if (self->settings == NULL || self->sessions == sessions)
    return;
  unwatch (self);
  self->sessions = g_object_ref (sessions);
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) watch_free);
  g_signal_connect (sessions, "session-changed", G_CALLBACK (on_list_session_changed), self);
  g_signal_connect (sessions, "items-changed", G_CALLBACK (on_list_items_changed), self);
  add_watches (self);
  if (self->tray == NULL)
    self->tray = dsc_tray_new (on_tray_action, self);
  update_tray (self);
}

const char *
dsc_monitor_get_summary (DscMonitor *self)
{
  g_return_val_if_fail (DSC_IS_MONITOR (self), NULL);
  return self->summary;
}

void
dsc_monitor_set_window (DscMonitor *self,
                        GtkWindow  *window)
{
  g_return_if_fail (DSC_IS_MONITOR (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  if (window == self->window)
    return;
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  if (self->settings != NULL)
    apply_background (self);
}

static void
on_interval_changed (GSettings  *settings,
                     const char *key,
                     DscMonitor *self)
{
  schedule (self);
}

static gboolean
on_snooze_end (gpointer user_data)
{
  DscMonitor *self = DSC_MONITOR (user_data);

  self->snooze_end_id = 0;
  update_tray (self);
  return G_SOURCE_REMOVE;
}

static void
on_snooze_changed (GSettings  *settings,
                   const char *key,
                   DscMonitor *self)
{
  gint64 left = dsc_monitor_get_snoozed_until (self) - g_get_real_time () / G_USEC_PER_SEC;

  g_clear_handle_id (&self->snooze_end_id, g_source_remove);
  if (left > 0)
    self->snooze_end_id = g_timeout_add_seconds ((guint) MIN (left + 1, G_MAXUINT32 / 2),
                                                 on_snooze_end, self);
  update_tray (self);
}

static void
on_background_changed (GSettings  *settings,
                       const char *key,
                       DscMonitor *self)
{
  apply_background (self);
}

static void
dsc_monitor_dispose (GObject *object)
{
  DscMonitor *self = DSC_MONITOR (object);

  unwatch (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  dsc_monitor_set_window (self, NULL);
  g_clear_handle_id (&self->snooze_end_id, g_source_remove);
  g_clear_pointer (&self->tray, dsc_tray_free);
  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
  g_clear_object (&self->network);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->balloon_tenant, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dsc_monitor_parent_class)->dispose (object);
}

static void
dsc_monitor_class_init (DscMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dsc_monitor_dispose;
}

static void
dsc_monitor_init (DscMonitor *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "notified-keys"))
    {
      g_debug ("Settings schema %s not installed; no background monitoring",
               SETTINGS_SCHEMA_ID);
      return;
    }

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::refresh-interval-minutes",
                           G_CALLBACK (on_interval_changed), self, 0);
  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (on_background_changed), self, 0);
  g_signal_connect_object (self->settings, "changed::snoozed-until",
                           G_CALLBACK (on_snooze_changed), self, 0);

  self->tray_status = DSC_STATUS_UNKNOWN;
  self->network = g_object_ref (g_network_monitor_get_default ());
  self->network_down = !g_network_monitor_get_network_available (self->network);
  g_signal_connect (self->network, "network-changed", G_CALLBACK (on_network_changed), self);
}

/* The look-up holds the monitor weakly: it may be gone when the answer comes. */
static GWeakRef *
monitor_weak_ref (DscMonitor *self)
{
  GWeakRef *ref = g_new (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static void
monitor_weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

typedef GWeakRef MonitorRef;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MonitorRef, monitor_weak_ref_free)

static void
on_gtk_server_owner (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MonitorRef) ref = user_data;
  g_autoptr(DscMonitor) self = g_weak_ref_get (ref);
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (self != NULL)
    self->gtk_server = reply != NULL;   /* an error: no owner (or cancelled) */
}

static void
on_session_bus (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MonitorRef) ref = user_data;
  g_autoptr(DscMonitor) self = g_weak_ref_get (ref);
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);

  if (bus == NULL || self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "GetNameOwner",
                          g_variant_new ("(s)", "org.gtk.Notifications"), G_VARIANT_TYPE ("(s)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, on_gtk_server_owner,
                          g_steal_pointer (&ref));
}

/* As GLib does once (synchronously) when it picks its notification backend;
 * here without blocking. Until the answer comes, bodies are escaped. */
static void
look_up_gtk_server (DscMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_session_bus, monitor_weak_ref (self));
}

DscMonitor *
dsc_monitor_new (GApplication *application)
{
  DscMonitor *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (DSC_TYPE_MONITOR, NULL);
  self->application = application;
  look_up_gtk_server (self);
  return self;
}

static void
on_tray_action (DscTrayAction  action,
                const char    *category,
                gpointer       user_data)
{
  DscMonitor *self = DSC_MONITOR (user_data);
  GActionGroup *actions = G_ACTION_GROUP (self->application);

  switch (action)
    {
    case DSC_TRAY_ACTION_OPEN:
      g_action_group_activate_action (actions, "open", NULL);
      break;
    case DSC_TRAY_ACTION_REFRESH:
      g_action_group_activate_action (actions, "refresh", NULL);
      break;
    case DSC_TRAY_ACTION_SNOOZE_HOUR:
      g_action_group_activate_action (actions, "snooze", g_variant_new_string ("hour"));
      break;
    case DSC_TRAY_ACTION_SNOOZE_TOMORROW:
      g_action_group_activate_action (actions, "snooze", g_variant_new_string ("tomorrow"));
      break;
    case DSC_TRAY_ACTION_RESUME:
      g_action_group_activate_action (actions, "snooze", g_variant_new_string ("resume"));
      break;
    case DSC_TRAY_ACTION_QUIT:
      g_action_group_activate_action (actions, "quit", NULL);
      break;
    case DSC_TRAY_ACTION_OPEN_CATEGORY:
      if (category != NULL && self->balloon_tenant != NULL)
        g_action_group_activate_action (actions, "show-tenant-category",
                                        g_variant_new ("(ss)", self->balloon_tenant, category));
      else if (category != NULL)
        g_action_group_activate_action (actions, "show-category",
                                        g_variant_new_string (category));
      else
        g_action_group_activate_action (actions, "open", NULL);
      break;
    default:
      break;
    }
}

void
dsc_monitor_snooze (DscMonitor *self,
                    gint64      until)
{
  g_return_if_fail (DSC_IS_MONITOR (self));

  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "snoozed-until", MAX (until, 0));
}

gint64
dsc_monitor_get_snoozed_until (DscMonitor *self)
{
  g_return_val_if_fail (DSC_IS_MONITOR (self), 0);

  return self->settings != NULL ? g_settings_get_int64 (self->settings, "snoozed-until") : 0;
}

DscStatus
dsc_monitor_get_status (DscMonitor *self)
{
  g_return_val_if_fail (DSC_IS_MONITOR (self), DSC_STATUS_UNKNOWN);

  return self->tray_status;
}

guint
dsc_monitor_get_failures (DscMonitor *self)
{
  g_return_val_if_fail (DSC_IS_MONITOR (self), 0);

  return self->failures;
}

guint
dsc_monitor_get_next_delay (DscMonitor *self)
{
  g_return_val_if_fail (DSC_IS_MONITOR (self), 0);

  return self->timeout_id != 0 ? self->next_delay : 0;
}

/* dsc-monitor.c — the clock and the notification side of background monitoring.
 *
 * Persisted keys are prefixed with the tenant id ("<tenant>|<key>") so one tenant's history
 * never silences another's; only the current tenant's keys are handed to dsc_notify.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-notify"

#include <string.h>
#include <glib/gi18n.h>

#include "dsc-monitor.h"
#include "dsc-notify.h"

#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"

struct _DscMonitor
{
  GObject parent_instance;

  GApplication *application;  /* not owned: it owns us */
  GSettings *settings;        /* NULL without the installed schema */
  DscWindow *window;          /* weak pointer */
  gulong report_handler;
  guint timeout_id;
  DscReport *previous;        /* the last report compared, cached or fresh */
};

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

static void
send_notification (DscMonitor            *self,
                   const DscNotification *notification)
{
#ifndef G_OS_WIN32
  g_autoptr(GNotification) n = g_notification_new (notification->title);
  g_autofree char *id = g_strconcat ("category-",
                                     dsc_category_to_string (notification->category), NULL);

  g_notification_set_body (n, notification->body);
  g_notification_set_priority (n, notification->severity == DSC_STATUS_ERROR
                                  ? G_NOTIFICATION_PRIORITY_HIGH
                                  : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (n, "app.show-category", "s",
                                                dsc_category_to_string (notification->category));
  /* One per category: a newer change replaces the older pop-up. */
  g_application_send_notification (self->application, id, n);
#else
  /* GNotification is a stub on Windows in GLib 2.74; the tray issue shows these there. */
  g_debug ("Not shown on Windows: %s", notification->title);
#endif
}

static void
on_report (DscWindow  *window,
           GParamSpec *pspec,
           DscMonitor *self)
{
  DscReport *report = dsc_window_get_report (window);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(DscNotifyResult) result = NULL;
  g_auto(GStrv) keys = NULL;
  DscNotifySettings settings = { 0 };
  const char *tenant;

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
  if (dsc_window_get_report_is_cached (window))
    {
      g_clear_pointer (&self->previous, dsc_report_unref);
      self->previous = dsc_report_ref (report);
      return;
    }

  tenant = report_tenant (report);
  keys = tenant_keys (self, tenant);
  local = g_date_time_new_now_local ();
  settings.now = g_get_real_time () / G_USEC_PER_SEC;
  settings.snoozed_until = g_settings_get_int64 (self->settings, "snoozed-until");
  settings.quiet_start_minute = g_settings_get_int (self->settings, "quiet-hours-start");
  settings.quiet_end_minute = g_settings_get_int (self->settings, "quiet-hours-end");
  settings.local_minute_now = g_date_time_get_hour (local) * 60
                              + g_date_time_get_minute (local);
  settings.notified_keys = (const char *const *) keys;

  result = dsc_notify_evaluate (self->previous, report, &settings);
  save_tenant_keys (self, tenant, (const char *const *) result->notified_keys);
  for (guint i = 0; i < result->notifications->len; i++)
    send_notification (self, g_ptr_array_index (result->notifications, i));
  if (result->n_suppressed > 0)
    g_debug ("%u notifications suppressed (snoozed or quiet hours)", result->n_suppressed);

  g_clear_pointer (&self->previous, dsc_report_unref);
  self->previous = dsc_report_ref (report);
}

static gboolean
on_timeout (gpointer user_data)
{
  DscMonitor *self = DSC_MONITOR (user_data);

  if (self->window != NULL &&
      dsc_window_get_connection (self->window) != NULL &&
      !dsc_window_get_refreshing (self->window))
    dsc_window_refresh (self->window);

  return G_SOURCE_CONTINUE;
}

static void
restart_timer (DscMonitor *self)
{
  int minutes = g_settings_get_int (self->settings, "refresh-interval-minutes");

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->window != NULL)
    self->timeout_id = g_timeout_add_seconds ((guint) MAX (minutes, 5) * 60, on_timeout, self);
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
  if (self->window != NULL)
    {
      g_clear_signal_handler (&self->report_handler, self->window);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->previous, dsc_report_unref);
}

void
dsc_monitor_watch (DscMonitor *self,
                   DscWindow  *window)
{
  g_return_if_fail (DSC_IS_MONITOR (self));
  g_return_if_fail (DSC_IS_WINDOW (window));

  if (self->settings == NULL || window == self->window)
    return;

  unwatch (self);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->report_handler = g_signal_connect (window, "notify::report",
                                           G_CALLBACK (on_report), self);
  restart_timer (self);
  apply_background (self);
  if (dsc_window_get_report (window) != NULL)
    on_report (window, NULL, self);
}

static void
on_interval_changed (GSettings  *settings,
                     const char *key,
                     DscMonitor *self)
{
  restart_timer (self);
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
}

DscMonitor *
dsc_monitor_new (GApplication *application)
{
  DscMonitor *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (DSC_TYPE_MONITOR, NULL);
  self->application = application;
  return self;
}

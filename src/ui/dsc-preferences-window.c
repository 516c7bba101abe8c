/* dsc-preferences-window.c — monitoring, notification and history settings.
 *
 * Every control is bound to GSettings, so the monitor, the tray and the history react as
 * the admin changes them. "Start at sign-in" is not a setting but the platform's own record
 * (Run key / XDG autostart file), read each time the window opens. Snooze buttons activate
 * app.snooze, the same action the tray menu uses.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-history.h"
#include "dsc-onprem-run.h"
#include "dsc-platform.h"
#include "dsc-preferences-window.h"
#include "dsc-time.h"

#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"
#define QUIET_STEP_MINUTES 30
#define DEFAULT_QUIET_START (22 * 60)
#define DEFAULT_QUIET_END (7 * 60)

struct _DscPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  guint snooze_tick_id;

  GtkSpinButton *interval_spin;
  GtkSwitch *background_switch;
  GtkSwitch *autostart_switch;
  AdwActionRow *snooze_row;
  GtkWidget *snooze_hour_button;
  GtkWidget *snooze_tomorrow_button;
  GtkWidget *resume_button;
  AdwExpanderRow *quiet_row;
  AdwComboRow *quiet_start_row;
  AdwComboRow *quiet_end_row;
  AdwActionRow *retention_row;
  AdwEntryRow *ldap_url_row;
  AdwEntryRow *base_dns_row;
  AdwEntryRow *bind_dn_row;
  AdwEntryRow *bind_password_row;
  GtkSpinButton *retention_spin;
};

G_DEFINE_FINAL_TYPE (DscPreferencesWindow, dsc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
format_local_time (gint64 unix_seconds)
{
  if (dsc_time_same_local_day (unix_seconds, g_get_real_time () / G_USEC_PER_SEC))
    return dsc_format_local (unix_seconds, "%H:%M", "?");
  /* Translators: a snooze end on another day, g_date_time_format: "Tue 08:00". */
  return dsc_format_local (unix_seconds, _("%a %H:%M"), "?");
}

static void
update_snooze (DscPreferencesWindow *self)
{
  gint64 until = g_settings_get_int64 (self->settings, "snoozed-until");
  gboolean snoozed = until > g_get_real_time () / G_USEC_PER_SEC;

  if (snoozed)
    {
      g_autofree char *when = format_local_time (until);
      /* Translators: %s is a local time, "15:30" or "Tue 08:00". */
      g_autofree char *subtitle = g_strdup_printf (_("Notifications are snoozed until %s"),
                                                   when);

      adw_action_row_set_subtitle (self->snooze_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->snooze_row, _("Notifications are on"));
  gtk_widget_set_visible (self->resume_button, snoozed);
}

static gboolean
on_snooze_tick (gpointer user_data)
{
  update_snooze (DSC_PREFERENCES_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_snooze_changed (GSettings            *settings,
                   const char           *key,
                   DscPreferencesWindow *self)
{
  update_snooze (self);
}

/* ---- quiet hours: two combo rows of half-hour steps, -1/-1 when off ---- */

static void
update_quiet_hours (DscPreferencesWindow *self)
{
  int start = g_settings_get_int (self->settings, "quiet-hours-start");
  int end = g_settings_get_int (self->settings, "quiet-hours-end");
  gboolean enabled = start >= 0 && end >= 0;

  adw_expander_row_set_enable_expansion (self->quiet_row, enabled);
  if (enabled)
    {
      adw_combo_row_set_selected (self->quiet_start_row, (guint) (start / QUIET_STEP_MINUTES));
      adw_combo_row_set_selected (self->quiet_end_row, (guint) (end / QUIET_STEP_MINUTES));
    }
}

static void
on_quiet_changed (GSettings            *settings,
                  const char           *key,
                  DscPreferencesWindow *self)
{
  update_quiet_hours (self);
}

static void
on_quiet_enabled (AdwExpanderRow       *row,
                  GParamSpec           *pspec,
                  DscPreferencesWindow *self)
{
  gboolean enabled = adw_expander_row_get_enable_expansion (row);
  gboolean was_enabled = g_settings_get_int (self->settings, "quiet-hours-start") >= 0;

  if (enabled == was_enabled)
    return;
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "quiet-hours-start", enabled ? DEFAULT_QUIET_START : -1);
  g_settings_set_int (self->settings, "quiet-hours-end", enabled ? DEFAULT_QUIET_END : -1);
  g_settings_apply (self->settings);
}

static void
on_quiet_time_selected (AdwComboRow          *row,
                        GParamSpec           *pspec,
                        DscPreferencesWindow *self)
{
  const char *key = row == self->quiet_start_row ? "quiet-hours-start" : "quiet-hours-end";
  guint selected = adw_combo_row_get_selected (row);

  if (!adw_expander_row_get_enable_expansion (self->quiet_row)
      || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (g_settings_get_int (self->settings, key) != (int) selected * QUIET_STEP_MINUTES)
    g_settings_set_int (self->settings, key, (int) selected * QUIET_STEP_MINUTES);
}

static GListModel *
new_time_list (void)
{
  GtkStringList *times = gtk_string_list_new (NULL);

  for (int minute = 0; minute < 24 * 60; minute += QUIET_STEP_MINUTES)
    {
      g_autofree char *label = g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);

      gtk_string_list_append (times, label);
    }
  return G_LIST_MODEL (times);
}

/* ---- start at sign-in ---- */

static gboolean
on_autostart_state_set (GtkSwitch            *toggle,
                        gboolean              state,
                        DscPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_platform_set_autostart (state, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      /* Show what is really configured, not what was asked for. */
      gtk_switch_set_state (toggle, dsc_platform_get_autostart ());
      return TRUE;
    }
  gtk_switch_set_state (toggle, state);
  return TRUE;
}

static void
dsc_preferences_window_dispose (GObject *object)
{
  DscPreferencesWindow *self = DSC_PREFERENCES_WINDOW (object);

  g_clear_handle_id (&self->snooze_tick_id, g_source_remove);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dsc_preferences_window_parent_class)->dispose (object);
}

/* Base DNs: a list in the settings, "OU=A,DC=x; OU=B,DC=x" in the row (a DN
 * has commas, so ';' separates them). */
static gboolean
base_dns_get (GValue *value, GVariant *variant, gpointer user_data)
{
  g_autofree const char **dns = g_variant_get_strv (variant, NULL);
  g_autofree char *text = g_strjoinv ("; ", (char **) dns);

  g_value_set_string (value, text);
  return TRUE;
}

static GVariant *
base_dns_set (const GValue *value, const GVariantType *type, gpointer user_data)
{
  g_auto(GStrv) parts = g_strsplit (g_value_get_string (value) != NULL
                                    ? g_value_get_string (value) : "", ";", -1);
  g_autoptr(GPtrArray) dns = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (dns, parts[i]);
    }
  return g_variant_new_strv ((const char * const *) dns->pdata, dns->len);
}

static void
on_password_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) self = user_data;

  if (!dsc_secret_store_save_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The password could not be stored: %s"),
                                                  error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Bind password stored in the secret store")));
}

/* The password goes straight to the secret store under the bind account's
 * key (the one --store-bind-password uses), never into the settings. */
static void
on_bind_password_apply (DscPreferencesWindow *self)
{
  const char *bind_dn = gtk_editable_get_text (GTK_EDITABLE (self->bind_dn_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->bind_password_row));
  g_autofree char *key = NULL;

  if (bind_dn == NULL || *bind_dn == '\0')
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Enter the bind account first")));
      return;
    }
  key = dsc_onprem_bind_secret_key (bind_dn);
  dsc_secret_store_save_async (key, password, NULL, on_password_saved, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->bind_password_row), "");
}

static void
dsc_preferences_window_class_init (DscPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/"
                                               "dsc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, snooze_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, snooze_hour_button);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow,
                                        snooze_tomorrow_button);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, quiet_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, quiet_start_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, quiet_end_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, retention_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, ldap_url_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, base_dns_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, bind_dn_row);
  gtk_widget_class_bind_template_child (widget_class, DscPreferencesWindow, bind_password_row);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_password_apply);
}

static void
dsc_preferences_window_init (DscPreferencesWindow *self)
{
  g_autoptr(GListModel) start_times = new_time_list ();
  g_autoptr(GListModel) end_times = new_time_list ();
  g_autofree char *history_subtitle = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  g_settings_bind (self->settings, "refresh-interval-minutes", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "history-retention-days", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "onprem-ldap-url", self->ldap_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "onprem-base-dns", self->base_dns_row, "text",
                                G_SETTINGS_BIND_DEFAULT, base_dns_get, base_dns_set, NULL, NULL);
  g_settings_bind (self->settings, "onprem-bind-dn", self->bind_dn_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  gtk_switch_set_state (self->autostart_switch, dsc_platform_get_autostart ());
  g_signal_connect (self->autostart_switch, "state-set",
                    G_CALLBACK (on_autostart_state_set), self);

  update_snooze (self);
  g_signal_connect_object (self->settings, "changed::snoozed-until",
                           G_CALLBACK (on_snooze_changed), self, 0);
  /* "Snoozed until 15:30" must turn into "on" when that time passes. */
  self->snooze_tick_id = g_timeout_add_seconds (30, on_snooze_tick, self);

  adw_combo_row_set_model (self->quiet_start_row, start_times);
  adw_combo_row_set_model (self->quiet_end_row, end_times);
  update_quiet_hours (self);
  g_signal_connect_object (self->settings, "changed::quiet-hours-start",
                           G_CALLBACK (on_quiet_changed), self, 0);
  g_signal_connect_object (self->settings, "changed::quiet-hours-end",
                           G_CALLBACK (on_quiet_changed), self, 0);
  g_signal_connect (self->quiet_row, "notify::enable-expansion",
                    G_CALLBACK (on_quiet_enabled), self);
  g_signal_connect (self->quiet_start_row, "notify::selected",
                    G_CALLBACK (on_quiet_time_selected), self);
  g_signal_connect (self->quiet_end_row, "notify::selected",
                    G_CALLBACK (on_quiet_time_selected), self);

  /* Translators: %s is the path of the history database file. */
  history_subtitle = g_strdup_printf (_("Older refreshes are removed from %s"),
                                      dsc_history_get_path (dsc_history_get_default ()));
  adw_action_row_set_subtitle (self->retention_row, history_subtitle);
}

DscPreferencesWindow *
dsc_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (DSC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

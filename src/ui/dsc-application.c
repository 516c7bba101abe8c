/* dsc-application.c — the GTK application. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-application.h"
#include "dsc-auth-ui.h"
#include "dsc-history.h"
#include "dsc-monitor.h"
#include "dsc-preferences-window.h"
#include "dsc-schedule.h"
#include "dsc-window.h"

#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"

struct _DscApplication
{
  AdwApplication parent_instance;

  DscSession *session;          /* the tenant shown and monitored; NULL: not signed in */
  DscSessionList *sessions;     /* every tenant (the overview), or NULL */
  gboolean sessions_started;
  gboolean session_started;
  DscMonitor *monitor;          /* background refresh, tray and notifications */
  GSettings *settings;          /* NULL without the installed schema */
  gboolean start_hidden;        /* --background: the first activation shows no window */
};

G_DEFINE_FINAL_TYPE (DscApplication, dsc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("DirSync Companion"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The DirSync Companion contributors"),
                        "comments", _("See at a glance whether Microsoft Entra Connect "
                                      "directory sync is healthy, and how to fix it."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so they save their size and cancel their work. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      /* Quitting really closes, even a window that otherwise hides to the tray. */
      gtk_window_set_hide_on_close (window, FALSE);
      gtk_window_close (window);
    }
  g_application_quit (app);
}

/* The default action of a notification: bring the window up on that category's pane. */
static void
show_category_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  DscCategoryId category;
  DscWindow *window;

  g_application_activate (G_APPLICATION (app));
  if (!dsc_category_from_string (g_variant_get_string (parameter, NULL), &category))
    return;
  /* The active window may be a dialog; the pane lives in the main window. */
  window = dsc_application_get_main_window (DSC_APPLICATION (app));
  if (window != NULL)
    dsc_window_show_category (window, category);
}

/* A notification's click over several tenants: (tenant label, category). Opens that tenant's
 * pane; a tenant that is gone meanwhile (profile removed) leaves the overview on screen. */
static void
show_tenant_category_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  DscApplication *self = DSC_APPLICATION (user_data);
  const char *label, *name;
  DscCategoryId category;
  DscSession *session;
  DscWindow *window;

  g_application_activate (G_APPLICATION (self));
  g_variant_get (parameter, "(&s&s)", &label, &name);
  window = dsc_application_get_main_window (self);
  if (window == NULL || self->sessions == NULL || !dsc_category_from_string (name, &category))
    return;
  session = dsc_session_list_lookup (self->sessions, label);
  if (session != NULL)
    dsc_window_show_tenant_category (window, session, category);
}

/* The tray's "Open": shows the window, hidden or not, without relaunching. */
static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  DscApplication *self = DSC_APPLICATION (user_data);

  if (self->session != NULL)
    dsc_session_refresh (self->session);
  else if (self->sessions != NULL)
    dsc_session_list_refresh_all (self->sessions);
}

/* "hour", "tomorrow" (08:00 the next day) or "resume". */
static void
snooze_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  DscApplication *self = DSC_APPLICATION (user_data);
  const char *what = g_variant_get_string (parameter, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_str_equal (what, "hour"))
    dsc_monitor_snooze (self->monitor, g_date_time_to_unix (now) + 3600);
  else if (g_str_equal (what, "tomorrow"))
    dsc_monitor_snooze (self->monitor, dsc_schedule_tomorrow_morning (now));
  else if (g_str_equal (what, "resume"))
    dsc_monitor_snooze (self->monitor, 0);
  else
    g_warning ("Unknown snooze “%s”", what);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  DscWindow *window = dsc_application_get_main_window (DSC_APPLICATION (app));
  GtkWindow *preferences;

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
  preferences = GTK_WINDOW (dsc_preferences_window_new (GTK_WINDOW (window)));
  /* Its snooze buttons are app actions: the window must belong to the application. */
  gtk_window_set_application (preferences, app);
  gtk_window_present (preferences);
}

/* The demo tenant's scenario (menu while the demo is shown): the fake tenant switches, as a
 * real one would change, and the session reads it again (the same session: the tray compares
 * the new report with the one before, as it would for a real tenant). */
/* The tenant on screen: the application's, or over every tenant the one the window shows. */
static DscSession *
current_session (DscApplication *self)
{
  DscWindow *window;

  if (self->session != NULL || self->sessions == NULL)
    return self->session;
  window = dsc_application_get_main_window (self);
  return window != NULL ? dsc_window_get_session (window) : NULL;
}

static void
demo_scenario_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  DscApplication *self = DSC_APPLICATION (user_data);
  DscSession *session = current_session (self);
  g_autoptr(GError) error = NULL;

  if (session == NULL || !dsc_session_get_is_demo (session))
    return;
  if (!dsc_session_set_demo_scenario (session, g_variant_get_string (parameter, NULL),
                                      &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_simple_action_set_state (action, parameter);
}

static void
sync_demo_scenario (DscApplication *self)
{
  DscSession *session = current_session (self);
  DscDemo *demo = session != NULL ? dsc_session_get_demo (session) : NULL;

  if (demo != NULL)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "demo-scenario",
                                        g_variant_new_string (dsc_demo_get_scenario (demo)));
}

static void
on_window_session (DscApplication *self)
{
  sync_demo_scenario (self);
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL },
  { "quit", quit_action, NULL, NULL, NULL },
  { "show-category", show_category_action, "s", NULL, NULL },
  { "show-tenant-category", show_tenant_category_action, "(ss)", NULL, NULL },
  { "open", open_action, NULL, NULL, NULL },
  { "refresh", refresh_action, NULL, NULL, NULL },
  { "snooze", snooze_action, "s", NULL, NULL },
  { "preferences", preferences_action, NULL, NULL, NULL },
  { "demo-scenario", demo_scenario_action, "s", "''", NULL },
};

static void
apply_retention (GSettings      *settings,
                 const char     *key,
                 DscApplication *self)
{
  dsc_history_set_retention_days (dsc_history_get_default (),
                                  (guint) g_settings_get_int (settings,
                                                              "history-retention-days"));
}

static void
dsc_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) css = NULL;
  static const char *const quit_accels[] = { "<Control>q", NULL };
  static const char *const help_accels[] = { "<Control>question", NULL };
  static const char *const preferences_accels[] = { "<Control>comma", NULL };
  DscApplication *self = DSC_APPLICATION (application);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (dsc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  /* app.sign-in, app.tenants, app.sign-out (src/ui/dsc-auth-ui.c). */
  dsc_auth_ui_install (GTK_APPLICATION (application));
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                         "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                         "app.preferences", preferences_accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/DirSyncCompanion/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* The app icon, for running uninstalled and on Windows where no theme has it. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/DirSyncCompanion/ui/icons");
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->monitor = dsc_monitor_new (application);
  sync_demo_scenario (self);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "history-retention-days"))
    {
      self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
      g_signal_connect_object (self->settings, "changed::history-retention-days",
                               G_CALLBACK (apply_retention), self, 0);
      apply_retention (self->settings, NULL, self);
    }
}

static void
dsc_application_activate (GApplication *application)
{
  DscApplication *self = DSC_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  gboolean hidden = self->start_hidden;

  /* Only the first activation may stay hidden: a second launch, the tray's Open or a
   * notification must show the window. */
  self->start_hidden = FALSE;
  if (window == NULL)
    window = GTK_WINDOW (dsc_window_new (GTK_APPLICATION (application), self->session));
  else
    hidden = FALSE;
  if (DSC_IS_WINDOW (window))
    {
      dsc_monitor_set_window (self->monitor, window);
      if (self->sessions != NULL)
        dsc_monitor_watch_list (self->monitor, self->sessions);
      else
        dsc_monitor_watch (self->monitor, self->session);
      if (self->sessions != NULL && dsc_window_get_session_list (DSC_WINDOW (window)) == NULL)
        {
          dsc_window_set_session_list (DSC_WINDOW (window), self->sessions);
          /* The scenario menu follows the demo tenant the window opens. */
          g_signal_connect_object (window, "notify::session", G_CALLBACK (on_window_session),
                                   self, G_CONNECT_SWAPPED);
        }
    }
  if (self->sessions != NULL && !self->sessions_started)
    {
      self->sessions_started = TRUE;
      dsc_session_list_refresh_all (self->sessions);
    }
  /* Offline copy, then a refresh: the window and the tray both follow. */
  if (self->session != NULL && !self->session_started)
    {
      self->session_started = TRUE;
      dsc_session_start (self->session);
    }

  if (hidden)
    {
      /* Started at sign-in: monitor from the tray; closing nothing keeps the window alive. */
      gtk_window_set_hide_on_close (window, TRUE);
      return;
    }
  gtk_window_present (window);
}

static void
dsc_application_dispose (GObject *object)
{
  DscApplication *self = DSC_APPLICATION (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->session);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dsc_application_parent_class)->dispose (object);
}

static void
dsc_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DscApplication *self = DSC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DscApplication *self = DSC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_application_class_init (DscApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dsc_application_dispose;
  object_class->get_property = dsc_application_get_property;
  object_class->set_property = dsc_application_set_property;
  app_class->startup = dsc_application_startup;
  app_class->activate = dsc_application_activate;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DSC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                         | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_application_init (DscApplication *self)
{
}

DscApplication *
dsc_application_new (DscSession *session)
{
  g_return_val_if_fail (session == NULL || DSC_IS_SESSION (session), NULL);

  return g_object_new (DSC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "session", session,
                       NULL);
}

void
dsc_application_set_session_list (DscApplication *self,
                                  DscSessionList *sessions)
{
  g_return_if_fail (DSC_IS_APPLICATION (self));
  g_return_if_fail (sessions == NULL || DSC_IS_SESSION_LIST (sessions));

  g_set_object (&self->sessions, sessions);
}

DscSessionList *
dsc_application_get_session_list (DscApplication *self)
{
  g_return_val_if_fail (DSC_IS_APPLICATION (self), NULL);
  return self->sessions;
}

DscSession *
dsc_application_get_session (DscApplication *self)
{
  g_return_val_if_fail (DSC_IS_APPLICATION (self), NULL);

  return self->session;
}

void
dsc_application_set_session (DscApplication *self,
                             DscSession     *session)
{
  DscWindow *window;

  g_return_if_fail (DSC_IS_APPLICATION (self));
  g_return_if_fail (session == NULL || DSC_IS_SESSION (session));

  if (session == self->session)
    return;

  /* The old session (its refresh, its demo server) goes with its last reference. */
  g_set_object (&self->session, session);
  window = dsc_application_get_main_window (self);
  if (window != NULL)
    dsc_window_set_session (window, session);
  if (self->monitor != NULL)
    dsc_monitor_watch (self->monitor, session);
  sync_demo_scenario (self);
  self->session_started = session != NULL;
  if (session != NULL)
    dsc_session_start (session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
dsc_application_set_start_hidden (DscApplication *self,
                                  gboolean        hidden)
{
  g_return_if_fail (DSC_IS_APPLICATION (self));

  self->start_hidden = hidden;
}

DscMonitor *
dsc_application_get_monitor (DscApplication *self)
{
  g_return_val_if_fail (DSC_IS_APPLICATION (self), NULL);

  return self->monitor;
}

DscWindow *
dsc_application_get_main_window (DscApplication *self)
{
  g_return_val_if_fail (DSC_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DSC_IS_WINDOW (l->data))
      return DSC_WINDOW (l->data);
  return NULL;
}

/* dsc-application.c — the GTK application. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-application.h"
#include "dsc-auth-ui.h"
#include "dsc-monitor.h"
#include "dsc-window.h"

struct _DscApplication
{
  AdwApplication parent_instance;

  DscConnection *connection;
  DscMonitor *monitor;          /* background refresh and notifications */
};

G_DEFINE_FINAL_TYPE (DscApplication, dsc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CONNECTION,
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

  g_application_activate (G_APPLICATION (app));
  if (!dsc_category_from_string (g_variant_get_string (parameter, NULL), &category))
    return;
  /* The active window may be a dialog; the pane lives in the main window. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (DSC_IS_WINDOW (l->data))
      {
        dsc_window_show_category (DSC_WINDOW (l->data), category);
        break;
      }
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL },
  { "quit", quit_action, NULL, NULL, NULL },
  { "show-category", show_category_action, "s", NULL, NULL },
};

static void
dsc_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) css = NULL;
  static const char *const quit_accels[] = { "<Control>q", NULL };
  static const char *const help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (dsc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  /* app.sign-in, app.tenants, app.sign-out (src/ui/dsc-auth-ui.c). */
  dsc_auth_ui_install (GTK_APPLICATION (application));
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                         "win.show-help-overlay", help_accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/DirSyncCompanion/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* The app icon, for running uninstalled and on Windows where no theme has it. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/DirSyncCompanion/ui/icons");
  gtk_window_set_default_icon_name (APPLICATION_ID);

  DSC_APPLICATION (application)->monitor = dsc_monitor_new (application);
}

static void
dsc_application_activate (GApplication *application)
{
  DscApplication *self = DSC_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (dsc_window_new (GTK_APPLICATION (application), self->connection));
  if (DSC_IS_WINDOW (window))
    dsc_monitor_watch (self->monitor, DSC_WINDOW (window));

  gtk_window_present (window);
}

static void
dsc_application_dispose (GObject *object)
{
  DscApplication *self = DSC_APPLICATION (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->monitor);

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
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
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
    case PROP_CONNECTION:
      g_set_object (&self->connection, g_value_get_object (value));
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

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, DSC_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                         | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_application_init (DscApplication *self)
{
}

DscApplication *
dsc_application_new (DscConnection *connection)
{
  g_return_val_if_fail (connection == NULL || DSC_IS_CONNECTION (connection), NULL);

  return g_object_new (DSC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "connection", connection,
                       NULL);
}

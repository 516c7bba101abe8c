/* dsc-window-actions.c — the main window's actions (win.*): refresh and cancel
 * (asked of the session), try the demo, navigation, find, toasts, the banner.
 * Export actions are dsc-export-action.c's. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-application.h"
#include "dsc-window-private.h"

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->session != NULL)
    dsc_session_refresh (self->session);
  else if (self->sessions != NULL)
    /* On the overview: every tenant, a few at a time. */
    dsc_session_list_refresh_all (self->sessions);
}

static void
cancel_refresh_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->session != NULL)
    dsc_session_cancel_refresh (self->session);
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSession) demo = NULL;

  demo = dsc_session_new_demo (NULL, TRUE, &error);
  if (demo == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The demo tenant could not start: %s"), error->message);
      _dsc_window_show_toast (self, message);
      return;
    }

  /* The application owns the session (the tray follows it too); a window on
   * its own owns it. */
  if (DSC_IS_APPLICATION (app))
    dsc_application_set_session (DSC_APPLICATION (app), demo);
  else
    {
      dsc_window_set_session (self, demo);
      dsc_session_start (demo);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  /* Loading, error: back to every tenant, if the window has them. */
  if (!_dsc_window_on_report_page (self))
    {
      _dsc_window_back_to_tenants (self);
      return;
    }

  if (_dsc_window_on_category (self))
    {
      DscCategoryId category = dsc_category_pane_get_category (self->category_pane);
      GtkWidget *target = GTK_WIDGET (self->opened_tile);

      /* Focus goes back to the tile that opened the pane, or to the tile of
       * the category (opened from the sidebar), never into the hidden pane. */
      for (guint i = 0; target == NULL && i < DSC_N_TILES; i++)
        if (self->tiles[i] != NULL && dsc_status_tile_get_category (self->tiles[i]) == category)
          target = GTK_WIDGET (self->tiles[i]);
      if (target == NULL)
        target = self->overview_row;
      dsc_window_show_overview (self);
      gtk_widget_grab_focus (target);
      self->opened_tile = NULL;
    }
  else if (adw_leaflet_get_folded (self->leaflet) &&
           g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") == 0)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  else
    _dsc_window_back_to_tenants (self);
}

static void
show_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->report != NULL)
    dsc_window_show_overview (self);
}

static void
show_category_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);
  guint32 category = g_variant_get_uint32 (parameter);

  if (self->report != NULL && category < DSC_N_CATEGORIES)
    dsc_window_show_category (self, category);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->report == NULL)
    return;

  /* From the overview, searching means searching the objects in error. */
  if (!_dsc_window_on_category (self) || !dsc_category_pane_has_objects (self->category_pane))
    dsc_window_show_category (self, DSC_CATEGORY_OBJECT_ERRORS);

  if (!dsc_category_pane_focus_search (self->category_pane))
    _dsc_window_show_toast (self, _("No objects to search: none have sync errors."));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _dsc_window_show_toast (DSC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (DSC_WINDOW (widget)->banner_revealer, FALSE);
}

/* Refresh and cancel follow the session's state. */
void
_dsc_window_actions_update (DscWindow *self)
{
  gboolean refreshing = self->session != NULL && dsc_session_get_refreshing (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 (self->session != NULL && !refreshing)
                                 || (self->session == NULL && self->sessions != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", refreshing);
  _dsc_window_onprem_actions_update (self);
}

void
_dsc_window_class_actions_init (DscWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  _dsc_window_onprem_actions_init (klass);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL,
                                   cancel_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.try-demo", NULL, try_demo_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL,
                                   show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.show-category", "u",
                                   show_category_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL,
                                   dismiss_banner_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK,
                                       "win.show-overview", NULL);
}

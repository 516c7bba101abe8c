/* dsc-window.c — the main window: renders the report of the DscSession it is
 * given (tenant header, status tiles, sidebar, category pane, refresh progress,
 * the error banner over the last good report, history). It never refreshes on
 * its own; its actions (dsc-window-actions.c) ask the session. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-background.h"
#include "dsc-export-action.h"
#include "dsc-history.h"
#include "dsc-window-private.h"
#include "dsc-time.h"
#include "dsc-category.h"
#include "dsc-failure.h"
#include "dsc-graph-error.h"
#include "dsc-report-json.h"
#include "dsc-ui-util.h"

/* Relative times in the header and tiles are re-rendered this often. */
#define AGE_REFRESH_SECONDS 30
#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"

G_DEFINE_FINAL_TYPE (DscWindow, dsc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
_dsc_window_show_toast (DscWindow  *self,
                        const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Header */

static void
update_title (DscWindow *self)
{
  const DscSnapshot *snap = self->report != NULL ? self->report->snapshot : NULL;
  g_autofree char *title = NULL;

  /* Over several tenants the name the admin gave it says which one this is. */
  if (self->sessions != NULL && self->session != NULL)
    title = g_strdup (dsc_session_get_label (self->session));
  else if (snap != NULL && snap->tenant_name != NULL && snap->initial_domain != NULL)
    title = g_strdup_printf ("%s (%s)", snap->tenant_name, snap->initial_domain);
  else if (snap != NULL && snap->tenant_name != NULL)
    title = g_strdup (snap->tenant_name);
  else if (snap != NULL && snap->initial_domain != NULL)
    title = g_strdup (snap->initial_domain);
  else if (self->session != NULL)
    title = g_strdup (dsc_session_get_label (self->session));
  else
    title = g_strdup (_("DirSync Companion"));

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void update_subtitle (DscWindow *self);

typedef struct {
  GWeakRef window;
  DscHistorySeries series;
} HistoryRequest;

static HistoryRequest *
history_request_new (DscWindow *self, DscHistorySeries series)
{
  HistoryRequest *req = g_new0 (HistoryRequest, 1);

  g_weak_ref_init (&req->window, self);
  req->series = series;
  return req;
}

static void
history_request_free (HistoryRequest *req)
{
  g_weak_ref_clear (&req->window);
  g_free (req);
}

static void
on_series_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  HistoryRequest *req = data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&req->window);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  points = dsc_history_get_series_finish (DSC_HISTORY (source), result, &error);
  if (self != NULL && points != NULL)
    {
      dsc_trend_chart_set_points (req->series == DSC_HISTORY_SERIES_SYNC_LAG
                                  ? self->lag_chart : self->errors_chart, points);
      /* One point is not a trend. */
      gtk_widget_set_visible (self->history_box, points->len > 1);
    }
  else if (error != NULL)
    g_debug ("History series unavailable: %s", error->message);
  history_request_free (req);
}

static void
load_series (DscWindow *self, const char *tenant_id)
{
  static const DscHistorySeries series[] = {
    DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, DSC_HISTORY_SERIES_SYNC_LAG,
  };
  gint64 since = g_get_real_time () / G_USEC_PER_SEC - 30 * 24 * 3600;

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    dsc_history_get_series_async (dsc_history_get_default (), tenant_id, series[i], since,
                                  self->cancellable, on_series_loaded,
                                  history_request_new (self, series[i]));
}

/* The session recorded the refresh: the subtitle says what changed, the charts
 * gain a point. */
static void
on_history_diff (DscSession *session,
                 GParamSpec *pspec,
                 DscWindow  *self)
{
  update_subtitle (self);
  if (dsc_session_get_history_diff (session) != NULL && self->report != NULL
      && self->report->snapshot != NULL && self->report->snapshot->tenant_id != NULL)
    load_series (self, self->report->snapshot->tenant_id);
}

static void
on_history_recovered (DscSession *session,
                      const char *message,
                      DscWindow  *self)
{
  _dsc_window_show_toast (self, message);
}

static void
update_subtitle (DscWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 now = now_seconds ();
  gboolean refreshing = self->session != NULL && dsc_session_get_refreshing (self->session);
  gboolean cached = self->session != NULL && dsc_session_get_report_is_cached (self->session);
  gboolean failed = self->session != NULL
                    && dsc_session_get_refresh_error (self->session) != NULL;
  DscHistoryDiff *diff = self->session != NULL
                         ? dsc_session_get_history_diff (self->session) : NULL;

  /* The overview of every tenant has its own line: how many need attention. */
  if (self->session == NULL && self->sessions != NULL)
    {
      g_free (self->subtitle);
      self->subtitle = g_strdup (dsc_tenant_overview_get_summary (self->tenant_overview));
      adw_window_title_set_subtitle (self->window_title, self->subtitle);
      return;
    }
  if (self->report != NULL && self->report->snapshot != NULL)
    {
      gint64 taken = self->report->snapshot->taken_at;

      if (cached || failed)
        {
          g_autofree char *when = dsc_ui_format_short_time (taken, now);

          /* Translators: %s is a time, e.g. "14:05" or "23 Nov 2026, 14:05" */
          g_string_append_printf (text, _("As of %s"), when);
        }
      else
        {
          g_autofree char *age = dsc_format_age (taken, now);

          /* Translators: %s is an age, e.g. "3 minutes ago" */
          g_string_append_printf (text, _("Updated %s"), age);
        }

      if (refreshing)
        g_string_append_printf (text, " · %s", _("refreshing…"));
      else if (failed)
        g_string_append_printf (text, " · %s", _("refresh failed"));

      if (self->report->headline != NULL && *self->report->headline != '\0')
        g_string_append_printf (text, " · %s", self->report->headline);

      if (!cached && diff != NULL && diff->previous_at != 0)
        {
          guint added = diff->new_object_errors->len;
          guint resolved = diff->resolved_object_errors->len;

          /* Translators: sync errors the previous refresh didn't have */
          if (added > 0)
            {
              g_autofree char *count = dsc_format_count (added);

              g_string_append (text, " · ");
              g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                         "%s new sync error since the last refresh",
                                                         "%s new sync errors since the last refresh",
                                                         added), count);
            }
          /* Translators: sync errors the previous refresh had and this one doesn't */
          if (resolved > 0)
            {
              g_autofree char *count = dsc_format_count (resolved);

              g_string_append (text, " · ");
              g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                         "%s sync error resolved",
                                                         "%s sync errors resolved",
                                                         resolved), count);
            }
        }
    }
  else if (refreshing)
    {
      g_string_append (text, _("Reading the tenant…"));
    }

  g_free (self->subtitle);
  self->subtitle = g_string_free (g_steal_pointer (&text), FALSE);
  adw_window_title_set_subtitle (self->window_title, self->subtitle);
}

static void
update_back_button (DscWindow *self)
{
  gboolean on_category;
  gboolean folded_on_content;
  const char *child;

  /* Also called while the template is built or torn down. */
  if (self->leaflet == NULL || self->content_stack == NULL || self->main_stack == NULL
      || self->back_button == NULL)
    return;

  child = adw_leaflet_get_visible_child_name (self->leaflet);
  on_category = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                           "category") == 0;
  folded_on_content = adw_leaflet_get_folded (self->leaflet)
                      && g_strcmp0 (child, "content") == 0;

  gtk_widget_set_visible (self->back_button,
                          (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                      "report") == 0
                           && (on_category || folded_on_content))
                          || (self->sessions != NULL
                              && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                            "tenants") != 0));
}

static gboolean
on_back_button_idle (gpointer user_data)
{
  DscWindow *self = user_data;

  self->back_button_source = 0;
  update_back_button (self);
  return G_SOURCE_REMOVE;
}

/* The leaflet says it folds while it is being allocated: showing the back
 * button then would change the header bar after its allocation, and GTK 4.8
 * draws the frame without it ("Trying to snapshot AdwHeaderBar without a
 * current allocation"). So the button follows from an idle. */
static void
queue_update_back_button (DscWindow *self)
{
  if (self->back_button_source == 0)
    self->back_button_source = g_idle_add (on_back_button_idle, self);
}
static void hide_other_pages (GtkStack *stack);

static void
update_refreshing (DscWindow *self)
{
  gboolean refreshing = self->session != NULL && dsc_session_get_refreshing (self->session);

  gtk_stack_set_visible_child_name (self->refresh_stack, refreshing ? "busy" : "idle");
  hide_other_pages (self->refresh_stack);
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), refreshing);
  if (!refreshing)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);

  _dsc_window_actions_update (self);
  /* On the overview of every tenant, Refresh reads them all. */
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack),
                          self->session != NULL || self->sessions != NULL);

  update_subtitle (self);
}

/* Sidebar */

static GtkWidget *
new_sidebar_row (const char  *icon_name,
                 const char  *title,
                 GtkImage   **status_out)
{
  GtkWidget *row = adw_action_row_new ();
  /* The icons only illustrate: the row's title and description say it all. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  /* The row's status is its accessible description (update_sidebar). Newer
   * libadwaita (1.4+) describes a row by its subtitle, which wins over the
   * description and is empty here: without it every GTK reads the status. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  if (status_out != NULL)
    {
      GtkWidget *status = g_object_new (GTK_TYPE_IMAGE, "accessible-role",
                                        GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

      gtk_widget_set_visible (status, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
      *status_out = GTK_IMAGE (status);
    }
  return row;
}

static void
update_sidebar (DscWindow *self)
{
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryInfo *info = dsc_category_get_info (i);
      const DscCategoryReport *cat = self->report != NULL
                                     ? dsc_report_get_category (self->report, i) : NULL;
      GtkImage *status = self->category_status[i];
      DscStatus shown;

      if (cat == NULL || (info != NULL && info->informational))
        {
          gtk_widget_set_visible (GTK_WIDGET (status), FALSE);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (self->category_rows[i]),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          continue;
        }

      shown = dsc_ui_category_status (self->report, i);
      dsc_ui_set_status_icon (status, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (status), dsc_ui_status_label (shown));
      gtk_widget_set_visible (GTK_WIDGET (status), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->category_rows[i]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      dsc_ui_status_label (shown),
                                      -1);
    }
}

static void set_sidebar_tab_stop (DscWindow *self, GtkWidget *row);

static void
select_sidebar_row (DscWindow *self,
                    GtkWidget *row)
{
  self->syncing_sidebar = TRUE;
  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  self->syncing_sidebar = FALSE;
  set_sidebar_tab_stop (self, row);
}

static void
navigate_to_row (DscWindow     *self,
                 GtkListBoxRow *row)
{
  if (row == NULL)
    return;

  if (GTK_WIDGET (row) == self->overview_row)
    {
      dsc_window_show_overview (self);
      return;
    }

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    if (GTK_WIDGET (row) == self->category_rows[i])
      {
        dsc_window_show_category (self, i);
        return;
      }
}

/* The sidebar is one Tab stop (roving focus): only the current row can take
 * focus from Tab; the arrow keys move between rows without opening them;
 * Enter, Space or a click opens one. */
static void
set_sidebar_tab_stop (DscWindow *self, GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      gtk_widget_set_focusable (child, child == row);
}

static void
on_sidebar_row_selected (DscWindow     *self,
                         GtkListBoxRow *row)
{
  /* Selection follows the arrow keys: it moves the Tab stop, it opens nothing. */
  if (row != NULL)
    set_sidebar_tab_stop (self, GTK_WIDGET (row));
}

static void
on_sidebar_row_activated (DscWindow     *self,
                          GtkListBoxRow *row)
{
  navigate_to_row (self, row);
  if (GTK_WIDGET (row) != self->overview_row)
    dsc_category_pane_focus_heading (self->category_pane);
}

static gboolean
on_sidebar_key_pressed (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        DscWindow             *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  GtkWidget *target = NULL;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->sidebar_list)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      target = gtk_widget_get_next_sibling (row);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      target = gtk_widget_get_prev_sibling (row);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = gtk_widget_get_last_child (GTK_WIDGET (self->sidebar_list));
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      /* The focused row, which the list box's own cursor doesn't track here. */
      on_sidebar_row_activated (self, GTK_LIST_BOX_ROW (row));
      return TRUE;
    default:
      return FALSE;
    }
  while (target != NULL && !GTK_IS_LIST_BOX_ROW (target))
    target = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up
             ? gtk_widget_get_prev_sibling (target) : gtk_widget_get_next_sibling (target);
  if (target != NULL)
    {
      select_sidebar_row (self, target);
      gtk_widget_grab_focus (target);
    }
  return TRUE;
}

/* Tiles */

static void
on_tile_activated (DscWindow       *self,
                   GtkFlowBoxChild *child)
{
  if (!DSC_IS_STATUS_TILE (child) || self->report == NULL)
    return;

  dsc_window_show_category (self, dsc_status_tile_get_category (DSC_STATUS_TILE (child)));
  self->opened_tile = DSC_STATUS_TILE (child);
  /* Keyboard users continue at the pane's heading, not on a tile that went
   * away or mid-page. */
  dsc_category_pane_focus_heading (self->category_pane);
}

static void
on_untiled_clicked (GtkButton *button, DscWindow *self)
{
  /* Stored + 1, so no category is a NULL pointer. */
  DscCategoryId category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                 "dsc-category")) - 1;

  if (self->report == NULL)
    return;
  dsc_window_show_category (self, category);
  self->opened_tile = NULL;
  dsc_category_pane_focus_heading (self->category_pane);
}

/* Categories that need attention but that no tile opens (sync safeguards):
 * a button each under the problem tiles, so what the headline counts is
 * on the overview even when the sidebar is folded away. */
static guint
arrange_untiled (DscWindow *self)
{
  DscCategoryId untiled[DSC_N_CATEGORIES];
  guint n = dsc_report_untiled_attention (self->report, untiled);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gpointer focused = NULL;
  GtkWidget *child;

  /* A refresh rebuilds the buttons: the focused one's category keeps the focus. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->attention_more_box)))
    for (GtkWidget *w = focus; w != NULL && focused == NULL; w = gtk_widget_get_parent (w))
      focused = g_object_get_data (G_OBJECT (w), "dsc-category");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attention_more_box))) != NULL)
    gtk_box_remove (self->attention_more_box, child);
  for (guint i = 0; i < n; i++)
    {
      DscStatus status = dsc_report_get_category (self->report, untiled[i])->status;
      /* Translators: a button on the overview: a category's name, then its status
       * ("Sync safeguards: Could not be read"). */
      g_autofree char *text = g_strdup_printf (_("%s: %s"),
                                               dsc_category_get_short_title (untiled[i]),
                                               dsc_status_to_label (status));
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), text);
      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content),
                                        dsc_category_get_info (untiled[i])->icon_name);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_set_tooltip_text (button, _("Open this check's pane"));
      g_object_set_data (G_OBJECT (button), "dsc-category", GUINT_TO_POINTER (untiled[i] + 1));
      g_signal_connect (button, "clicked", G_CALLBACK (on_untiled_clicked), self);
      gtk_box_append (self->attention_more_box, button);
      if (GPOINTER_TO_UINT (focused) == untiled[i] + 1)
        gtk_widget_grab_focus (button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attention_more_box), n > 0);
  return n;
}

/* The tiles in the report's order: those that need attention in the first
 * group, worst first, the others after them in their usual order. Tiles move
 * only when the order changes, and a focused tile keeps the focus. */
static void
arrange_tiles (DscWindow *self)
{
  DscTileId order[DSC_N_TILES];
  guint n_attention = dsc_report_tile_order (self->report, order);
  GtkWidget *child;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *focused_tile = NULL;
  gboolean same = TRUE;
  guint i = 0;
  guint n_untiled;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->attention_box));
       child != NULL && same; child = gtk_widget_get_next_sibling (child), i++)
    same = i < n_attention && child == GTK_WIDGET (self->tiles[order[i]]);
  same = same && i == n_attention;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->tile_box));
       child != NULL && same; child = gtk_widget_get_next_sibling (child), i++)
    same = i < DSC_N_TILES && child == GTK_WIDGET (self->tiles[order[i]]);
  same = same && i == DSC_N_TILES;

  if (!same)
    {
      for (i = 0; i < DSC_N_TILES; i++)
        {
          GtkWidget *tile = GTK_WIDGET (self->tiles[i]);
          GtkWidget *box = gtk_widget_get_parent (tile);

          if (focus != NULL && (focus == tile || gtk_widget_is_ancestor (focus, tile)))
            focused_tile = tile;
          g_object_ref (tile);
          if (box != NULL)
            gtk_flow_box_remove (GTK_FLOW_BOX (box), tile);
        }
      for (i = 0; i < DSC_N_TILES; i++)
        {
          gtk_flow_box_append (i < n_attention ? self->attention_box : self->tile_box,
                               GTK_WIDGET (self->tiles[order[i]]));
          g_object_unref (self->tiles[order[i]]);
        }
      if (focused_tile != NULL)
        gtk_widget_grab_focus (focused_tile);
    }

  n_untiled = arrange_untiled (self);
  gtk_widget_set_visible (self->attention_heading, n_attention + n_untiled > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_box), n_attention > 0);
  gtk_widget_set_visible (self->others_heading,
                          n_attention + n_untiled > 0 && n_attention < DSC_N_TILES);
  gtk_widget_set_visible (GTK_WIDGET (self->tile_box), n_attention < DSC_N_TILES);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tile_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  n_attention + n_untiled > 0 ? _("Other checks")
                                                  : _("Directory sync status"),
                                  -1);
}

static void
update_tiles (DscWindow *self)
{
  gint64 now = now_seconds ();
  const char *headline;

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (self->report, i);

      if (tile != NULL)
        dsc_status_tile_set_tile (self->tiles[i], tile, self->report->evaluated_at, now);
    }

  arrange_tiles (self);

  dsc_ui_set_status_icon (self->overall_icon, self->report->overall);
  headline = self->report->headline;
  if (headline == NULL)
    headline = dsc_ui_status_label (self->report->overall);
  gtk_label_set_label (self->overall_label, headline);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overall_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dsc_ui_status_label (self->report->overall),
                                  -1);
}

static gboolean
on_age_tick (gpointer user_data)
{
  DscWindow *self = user_data;
  gint64 now = now_seconds ();

  update_subtitle (self);
  if (self->report != NULL)
    for (guint i = 0; i < DSC_N_TILES; i++)
      dsc_status_tile_update_age (self->tiles[i], now);

  return G_SOURCE_CONTINUE;
}

/* Report and refresh */

/* A screen reader sees only the page on screen: the stack's other pages are
 * marked hidden for assistive technologies. */
static void
hide_other_pages (GtkStack *stack)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                 -1);
}

/* The refresh-error banner is only in the accessibility tree while shown
 * (a folded GtkRevealer keeps its child, which GTK 4.8 would expose). */
static void
update_banner_hidden (DscWindow *self)
{
  GtkWidget *child = gtk_revealer_get_child (self->banner_revealer);

  if (child != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN,
                                 !gtk_revealer_get_reveal_child (self->banner_revealer), -1);
}

static void
show_main_page (DscWindow  *self,
                const char *name)
{
  gboolean loading = g_strcmp0 (name, "loading") == 0;

  gtk_stack_set_visible_child_name (self->main_stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, loading);
  hide_other_pages (self->main_stack);
  update_back_button (self);
}

/* A large tenant's report is hundreds of thousands of allocations: freeing it
 * here would stall the main loop for tens of milliseconds. */
static void
drop_report (DscWindow *self)
{
  DscReport *old = g_steal_pointer (&self->report);

  if (old != NULL)
    dsc_free_in_background (old, (GDestroyNotify) dsc_report_unref);
}

static void
render_report (DscWindow *self,
               DscReport *report)
{
  g_return_if_fail (report != NULL);

  dsc_report_ref (report);
  drop_report (self);
  self->report = report;

  update_title (self);
  update_tiles (self);
  update_sidebar (self);
  update_subtitle (self);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "category") == 0)
    dsc_category_pane_set_report (self->category_pane, report,
                                  dsc_category_pane_get_category (self->category_pane));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "report") != 0)
    {
      show_main_page (self, "report");
      if (gtk_list_box_get_selected_row (self->sidebar_list) == NULL)
        select_sidebar_row (self, self->overview_row);
      adw_leaflet_set_visible_child_name (self->leaflet, "content");
    }
}

/* The banner over an older report: when it is from, and why it is not newer. */
static void
show_refresh_error (DscWindow *self)
{
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;
  const GError *error = self->session != NULL
                        ? dsc_session_get_refresh_error (self->session) : NULL;
  DscFailureText text = { 0 };

  if (error == NULL || self->report == NULL)
    return;

  when = dsc_ui_format_short_time (self->report->snapshot != NULL
                                   ? self->report->snapshot->taken_at : 0,
                                   now_seconds ());
  /* Translators: first %s is a time ("14:05"), second says what went wrong and what to do */
  /* The cause only: the banner has no room for the details. */
  dsc_failure_describe (error, &text);
  message = g_strdup_printf (_("Could not refresh; showing the data as of %s. %s"),
                             when, text.cause);
  dsc_failure_text_clear (&text);
  gtk_label_set_label (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static gboolean
is_not_signed_in (const GError *error)
{
  return g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
}

/* Session → window */

static void
on_report (DscSession *session,
           GParamSpec *pspec,
           DscWindow  *self)
{
  DscReport *report = dsc_session_get_report (session);

  if (report == NULL || report == self->report)
    return;
  render_report (self, report);
  /* An offline copy that arrives after a failed refresh says why it is not newer. */
  show_refresh_error (self);
}

static void
on_refresh_error (DscSession *session,
                  GParamSpec *pspec,
                  DscWindow  *self)
{
  if (dsc_session_get_refresh_error (session) == NULL)
    gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  update_subtitle (self);
}

static void
on_refreshing (DscSession *session,
               GParamSpec *pspec,
               DscWindow  *self)
{
  if (dsc_session_get_refreshing (session))
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      if (self->report == NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                             "loading") != 0)
        show_main_page (self, "loading");
    }
  update_refreshing (self);
}

static void
on_progress (DscSession *session,
             GParamSpec *pspec,
             DscWindow  *self)
{
  if (dsc_session_get_refreshing (session))
    gtk_progress_bar_set_fraction (self->progress_bar, dsc_session_get_progress (session));
}

static void
on_refresh_cancelled (DscSession *session,
                      gboolean    by_user,
                      DscWindow  *self)
{
  if (self->report == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       _("The refresh was cancelled before anything was "
                                         "read."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_advice), FALSE);
      gtk_widget_set_visible (self->error_details_expander, FALSE);
      show_main_page (self, "error");
    }
  else if (by_user)
    _dsc_window_show_toast (self, _("Refresh cancelled; showing the data you had."));
}

/* The error screen reads in order: the cause (one line an admin can act on),
 * what to do, then the details (which sources failed) folded away. */
static void
show_failure (DscWindow *self, const GError *error)
{
  DscFailureText text = { 0 };

  dsc_failure_describe (error, &text);
  adw_status_page_set_description (self->error_page, text.cause);
  gtk_label_set_text (self->error_advice, text.advice);
  gtk_widget_set_visible (GTK_WIDGET (self->error_advice), TRUE);
  gtk_label_set_text (self->error_details, text.details != NULL ? text.details : "");
  gtk_expander_set_expanded (GTK_EXPANDER (self->error_details_expander), FALSE);
  gtk_widget_set_visible (self->error_details_expander, text.details != NULL);
  dsc_failure_text_clear (&text);
}

static void
on_refresh_failed (DscSession   *session,
                   const GError *error,
                   DscWindow    *self)
{
  if (self->report == NULL)
    {
      if (is_not_signed_in (error))
        {
          show_main_page (self, "signed-out");
          return;
        }
      show_failure (self, error);
      gtk_widget_set_visible (self->error_demo_button, !dsc_session_get_is_demo (session));
      show_main_page (self, "error");
      return;
    }

  /* Keep the last good report on screen, and say why it is not newer. */
  show_refresh_error (self);
}

static void
unbind_session (DscWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
}

/* While the demo tenant is shown, the menu offers its scenarios (app.demo-scenario), so
 * anyone can watch the app react to a tenant going from healthy to broken. */
static void
update_demo_menu (DscWindow *self)
{
  g_autoptr(GMenu) scenarios = NULL;
  const char *const *names;

  g_menu_remove_all (self->demo_section);
  if (self->session == NULL || !dsc_session_get_is_demo (self->session))
    return;

  scenarios = g_menu_new ();
  names = dsc_demo_list_scenarios ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "app.demo-scenario",
                                               g_variant_new_string (names[i]));
      g_menu_append_item (scenarios, item);
    }
  g_menu_append_submenu (self->demo_section, _("_Demo Scenario"), G_MENU_MODEL (scenarios));
}

DscSession *
dsc_window_get_session (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->session;
}

void
dsc_window_set_session (DscWindow  *self,
                        DscSession *session)
{
  const GError *error;

  g_return_if_fail (DSC_IS_WINDOW (self));
  g_return_if_fail (session == NULL || DSC_IS_SESSION (session));

  if (session == self->session)
    return;

  unbind_session (self);
  g_set_object (&self->session, session);

  drop_report (self);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  self->opened_tile = NULL;
  gtk_stack_set_visible_child_name (self->content_stack, "overview");
  hide_other_pages (self->content_stack);
  select_sidebar_row (self, self->overview_row);
  gtk_widget_set_visible (GTK_WIDGET (self->history_box), FALSE);

  gtk_widget_set_visible (self->demo_badge, session != NULL && dsc_session_get_is_demo (session));
  update_demo_menu (self);
  update_title (self);

  if (session == NULL)
    {
      show_main_page (self, "signed-out");
      update_refreshing (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (session, "notify::report", G_CALLBACK (on_report), self, 0);
  g_signal_connect_object (session, "notify::refresh-error", G_CALLBACK (on_refresh_error),
                           self, 0);
  g_signal_connect_object (session, "notify::refreshing", G_CALLBACK (on_refreshing), self, 0);
  g_signal_connect_object (session, "notify::progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (session, "notify::history-diff", G_CALLBACK (on_history_diff),
                           self, 0);
  g_signal_connect_object (session, "refresh-failed", G_CALLBACK (on_refresh_failed), self, 0);
  g_signal_connect_object (session, "refresh-cancelled", G_CALLBACK (on_refresh_cancelled),
                           self, 0);
  g_signal_connect_object (session, "history-recovered", G_CALLBACK (on_history_recovered),
                           self, 0);
  adw_status_page_set_description (self->loading_page, dsc_session_get_label (session));

  /* Whatever the session has already. */
  error = dsc_session_get_refresh_error (session);
  if (dsc_session_get_report (session) != NULL)
    on_report (session, NULL, self);
  else if (error != NULL && !dsc_session_get_refreshing (session))
    on_refresh_failed (session, error, self);
  else
    show_main_page (self, "loading");
  update_refreshing (self);
  if (dsc_session_get_history_diff (session) != NULL)
    on_history_diff (session, NULL, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* Navigation */

void
dsc_window_show_overview (DscWindow *self)
{
  g_return_if_fail (DSC_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_stack, "overview");
  hide_other_pages (self->content_stack);
  select_sidebar_row (self, self->overview_row);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_back_button (self);
}

void
dsc_window_show_category (DscWindow     *self,
                          DscCategoryId  category)
{
  g_return_if_fail (DSC_IS_WINDOW (self));
  g_return_if_fail (category < DSC_N_CATEGORIES);

  dsc_category_pane_set_report (self->category_pane, self->report, category);
  gtk_stack_set_visible_child_name (self->content_stack, "category");
  hide_other_pages (self->content_stack);
  select_sidebar_row (self, self->category_rows[category]);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_back_button (self);
}

/* All tenants */

void
dsc_window_show_tenants (DscWindow *self)
{
  DscSession *previous;

  g_return_if_fail (DSC_IS_WINDOW (self));

  if (self->sessions == NULL)
    return;
  previous = self->session != NULL ? g_object_ref (self->session) : NULL;
  /* The window follows no tenant while the overview is up (its sessions go
   * on refreshing in the list). */
  dsc_window_set_session (self, NULL);
  show_main_page (self, "tenants");
  adw_window_title_set_title (self->window_title, _("All tenants"));
  adw_window_title_set_subtitle (self->window_title,
                                 dsc_tenant_overview_get_summary (self->tenant_overview));
  gtk_window_set_title (GTK_WINDOW (self), _("All tenants"));
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack), TRUE);
  if (previous != NULL)
    dsc_tenant_overview_focus_session (self->tenant_overview, previous);
  else
    dsc_tenant_overview_focus_filter (self->tenant_overview);
  g_clear_object (&previous);
  _dsc_window_actions_update (self);
}

gboolean
_dsc_window_back_to_tenants (DscWindow *self)
{
  if (self->sessions == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "tenants") == 0)
    return FALSE;
  dsc_window_show_tenants (self);
  return TRUE;
}

static void
on_tenant_activated (DscWindow *self, DscSession *session)
{
  dsc_window_set_session (self, session);
  /* Shown at once if it has a report; otherwise the list reads it now. */
  if (dsc_session_get_report (session) == NULL && !dsc_session_get_refreshing (session))
    dsc_session_list_request_refresh (self->sessions, session);
  update_back_button (self);
}

void
dsc_window_show_tenant_category (DscWindow     *self,
                                 DscSession    *session,
                                 DscCategoryId  category)
{
  g_return_if_fail (DSC_IS_WINDOW (self));
  g_return_if_fail (DSC_IS_SESSION (session));

  on_tenant_activated (self, session);
  if (self->report != NULL)
    dsc_window_show_category (self, category);
}

static void
on_tenants_changed (DscSessionList *sessions, DscSession *session, DscWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "tenants") == 0)
    adw_window_title_set_subtitle (self->window_title,
                                   dsc_tenant_overview_get_summary (self->tenant_overview));
}

void
dsc_window_set_session_list (DscWindow *self, DscSessionList *sessions)
{
  g_return_if_fail (DSC_IS_WINDOW (self));
  g_return_if_fail (sessions == NULL || DSC_IS_SESSION_LIST (sessions));

  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_func (self->sessions, on_tenants_changed, self);
  g_set_object (&self->sessions, sessions);
  /* After the overview's own handler, so its summary is current. */
  if (sessions != NULL)
    g_signal_connect_object (sessions, "session-changed", G_CALLBACK (on_tenants_changed), self,
                             G_CONNECT_AFTER);
  dsc_tenant_overview_set_sessions (self->tenant_overview, sessions);
  if (sessions != NULL)
    dsc_window_show_tenants (self);
  else
    update_back_button (self);
}

DscSessionList *
dsc_window_get_session_list (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->sessions;
}

DscTenantOverview *
dsc_window_get_tenant_overview (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->tenant_overview;
}

gboolean
_dsc_window_on_report_page (DscWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "report") == 0;
}

gboolean
_dsc_window_on_category (DscWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "category") == 0;
}

/* Window size */

static void
load_window_state (DscWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  int width, height;

  /* Running from the build tree without installed schemas is fine: no memory. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("Settings schema %s not installed; window size is not remembered",
               SETTINGS_SCHEMA_ID);
      return;
    }

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "is-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (DscWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "is-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
dsc_window_close_request (GtkWindow *window)
{
  DscWindow *self = DSC_WINDOW (window);

  save_window_state (self);
  /* Hidden to run in the background: the session still refreshes. Really
   * closing must not wait for the network. */
  if (!gtk_window_get_hide_on_close (window) && self->session != NULL)
    dsc_session_cancel_refresh (self->session);

  return GTK_WINDOW_CLASS (dsc_window_parent_class)->close_request (window);
}

/* GObject */

static void
dsc_window_dispose (GObject *object)
{
  DscWindow *self = DSC_WINDOW (object);

  unbind_session (self);
  g_clear_handle_id (&self->age_source, g_source_remove);
  g_clear_handle_id (&self->back_button_source, g_source_remove);
  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);

  /* Tearing the template down changes stacks and selections: not navigation. */
  if (self->leaflet != NULL)
    g_signal_handlers_disconnect_by_data (self->leaflet, self);
  if (self->content_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->content_stack, self);
  if (self->sidebar_list != NULL)
    g_signal_handlers_disconnect_by_data (self->sidebar_list, self);
  if (self->tile_box != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_box, self);
  if (self->attention_box != NULL)
    g_signal_handlers_disconnect_by_data (self->attention_box, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_WINDOW);

  g_clear_object (&self->session);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);
  drop_report (self);

  G_OBJECT_CLASS (dsc_window_parent_class)->dispose (object);
}

static void
dsc_window_finalize (GObject *object)
{
  DscWindow *self = DSC_WINDOW (object);

  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (dsc_window_parent_class)->finalize (object);
}

static void
dsc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DscWindow *self = DSC_WINDOW (object);

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
dsc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DscWindow *self = DSC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dsc_window_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_window_class_init (DscWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dsc_window_dispose;
  object_class->finalize = dsc_window_finalize;
  object_class->get_property = dsc_window_get_property;
  object_class->set_property = dsc_window_set_property;
  window_class->close_request = dsc_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DSC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DSC_TYPE_CATEGORY_PANE);
  g_type_ensure (DSC_TYPE_STATUS_TILE);
  g_type_ensure (DSC_TYPE_TENANT_OVERVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/dsc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DscWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, demo_section);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, tenant_overview);
  gtk_widget_class_bind_template_callback (widget_class, on_tenant_activated);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_demo_button);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_advice);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_details_expander);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_details);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, overall_icon);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, overall_label);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, history_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, attention_heading);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, attention_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, attention_more_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, others_heading);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, tile_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, category_pane);
  gtk_widget_class_bind_template_callback (widget_class, update_back_button);
  gtk_widget_class_bind_template_callback (widget_class, queue_update_back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_tile_activated);

  _dsc_window_class_actions_init (klass);
}

static void
dsc_window_init (DscWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *help;
  GtkWidget *row;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->banner_revealer, "notify::reveal-child",
                            G_CALLBACK (update_banner_hidden), self);
  update_banner_hidden (self);
  hide_other_pages (self->refresh_stack);
  dsc_export_action_install (GTK_WIDGET (self), (DscExportGetReport) dsc_window_get_report, self);

  self->errors_chart = DSC_TREND_CHART (dsc_trend_chart_new (_("Objects with sync errors"),
                                                             DSC_TREND_UNIT_COUNT));
  self->lag_chart = DSC_TREND_CHART (dsc_trend_chart_new (_("Time since the last sync"),
                                                          DSC_TREND_UNIT_SECONDS));
  gtk_box_append (self->charts_box, GTK_WIDGET (self->errors_chart));
  gtk_box_append (self->charts_box, GTK_WIDGET (self->lag_chart));

  builder = gtk_builder_new_from_resource ("/io/github/DirSyncCompanion/ui/help-overlay.ui");
  help = gtk_builder_get_object (builder, "help_overlay");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (help));

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      self->tiles[i] = DSC_STATUS_TILE (dsc_status_tile_new (i));
      gtk_flow_box_append (self->tile_box, GTK_WIDGET (self->tiles[i]));
    }

  self->overview_row = new_sidebar_row ("view-grid-symbolic", _("Overview"), NULL);
  gtk_list_box_append (self->sidebar_list, self->overview_row);
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      row = new_sidebar_row (dsc_ui_category_icon_name (i), dsc_ui_category_short_title (i),
                             &self->category_status[i]);
      self->category_rows[i] = row;
      gtk_list_box_append (self->sidebar_list, row);
    }
  set_sidebar_tab_stop (self, self->overview_row);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_sidebar_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->sidebar_list), keys);
  }

  load_window_state (self);

  self->age_source = g_timeout_add_seconds (AGE_REFRESH_SECONDS, on_age_tick, self);

  show_main_page (self, "signed-out");
  update_refreshing (self);
}

DscWindow *
dsc_window_new (GtkApplication *application,
                DscSession     *session)
{
  return g_object_new (DSC_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

DscReport *
dsc_window_get_report (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->report;
}

const char *
dsc_window_get_page (DscWindow *self)
{
  const char *page;

  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (page, "report") == 0)
    return gtk_stack_get_visible_child_name (self->content_stack);
  return page;
}

DscStatusTile *
dsc_window_get_tile (DscWindow *self,
                     DscTileId  tile)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (tile < DSC_N_TILES, NULL);
  return self->tiles[tile];
}

DscCategoryPane *
dsc_window_get_category_pane (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->category_pane;
}

const char *
dsc_window_get_subtitle (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->subtitle != NULL ? self->subtitle : "";
}


/* dsc-window.c — the main window. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-background.h"
#include "dsc-export-action.h"
#include "dsc-history.h"
#include "dsc-trend-chart.h"
#include "dsc-window.h"
#include "dsc-category.h"
#include "dsc-graph-error.h"
#include "dsc-fake-tenant.h"
#include "dsc-report-cache.h"
#include "dsc-report-json.h"
#include "dsc-ui-util.h"

/* Relative times in the header and tiles are re-rendered this often. */
#define AGE_REFRESH_SECONDS 30
#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"

struct _DscWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkWidget *demo_badge;
  GtkStack *refresh_stack;
  GtkSpinner *refresh_spinner;
  GtkProgressBar *progress_bar;
  GtkStack *main_stack;
  AdwStatusPage *loading_page;
  GtkSpinner *loading_spinner;
  AdwStatusPage *error_page;
  GtkWidget *error_demo_button;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  AdwLeaflet *leaflet;
  GtkListBox *sidebar_list;
  GtkStack *content_stack;
  GtkImage *overall_icon;
  GtkLabel *overall_label;
  GtkFlowBox *tile_box;
  DscCategoryPane *category_pane;

  /* built at init */
  DscStatusTile *tiles[DSC_N_TILES];
  GtkWidget *overview_row;
  GtkWidget *category_rows[DSC_N_CATEGORIES];
  GtkImage *category_status[DSC_N_CATEGORIES];

  GSettings *settings;

  DscConnection *connection;
  gulong progress_handler;
  DscReportCache *cache;
  DscReport *report;
  gboolean report_is_cached;
  char *refresh_error;          /* why the last refresh failed, while the old report shows */
  GCancellable *cancellable;    /* everything started for the current connection */
  GCancellable *refresh_cancellable;
  gboolean user_cancelled;
  guint age_source;
  gboolean syncing_sidebar;
  DscStatusTile *opened_tile;   /* gets the focus back when returning to the overview */
  char *subtitle;
  GtkWidget *history_box;
  GMenu *demo_section;          /* the demo tenant's scenario submenu lives here */
  GtkBox *charts_box;
  DscTrendChart *errors_chart;
  DscTrendChart *lag_chart;
  DscHistoryDiff *history_diff; /* what changed since the refresh before this one */
};

G_DEFINE_FINAL_TYPE (DscWindow, dsc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_REPORT,
  PROP_REFRESHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REFRESH_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void dsc_window_set_report (DscWindow *self,
                                   DscReport *report,
                                   gboolean   cached);

/* Async callbacks hold the window weakly: closing it must not wait for the
 * network, and a late result for a closed window is dropped. */
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

/* A refresh's result only counts if it is still the window's current refresh. */
typedef struct {
  GWeakRef window;
  GCancellable *cancellable;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_weak_ref_clear (&data->window);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RefreshData, refresh_data_free)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
show_toast (DscWindow  *self,
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

  if (snap != NULL && snap->tenant_name != NULL && snap->initial_domain != NULL)
    title = g_strdup_printf ("%s (%s)", snap->tenant_name, snap->initial_domain);
  else if (snap != NULL && snap->tenant_name != NULL)
    title = g_strdup (snap->tenant_name);
  else if (snap != NULL && snap->initial_domain != NULL)
    title = g_strdup (snap->initial_domain);
  else if (self->connection != NULL)
    title = g_strdup (dsc_connection_get_label (self->connection));
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

static void
on_history_recorded (GObject *source, GAsyncResult *result, gpointer data)
{
  HistoryRequest *req = data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&req->window);
  g_autoptr(DscHistoryDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovered = NULL;

  diff = dsc_history_record_finish (DSC_HISTORY (source), result, &error);
  history_request_free (req);
  if (self == NULL)
    return;
  /* History is a convenience: a failure to record never hides the report. */
  if (diff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Couldn't record the refresh in the history: %s", error->message);
      return;
    }
  recovered = dsc_history_dup_recovery_message (dsc_history_get_default ());
  if (recovered != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", recovered);

  g_clear_pointer (&self->history_diff, dsc_history_diff_unref);
  self->history_diff = g_steal_pointer (&diff);
  update_subtitle (self);
  if (self->report != NULL && self->report->snapshot != NULL &&
      self->report->snapshot->tenant_id != NULL)
    load_series (self, self->report->snapshot->tenant_id);
}

static void
record_history (DscWindow *self, DscReport *report)
{
  g_clear_pointer (&self->history_diff, dsc_history_diff_unref);
  dsc_history_record_async (dsc_history_get_default (), report, self->cancellable,
                            on_history_recorded,
                            history_request_new (self, DSC_HISTORY_SERIES_OBJECTS_IN_ERROR));
}

static void
update_subtitle (DscWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 now = now_seconds ();
  gboolean refreshing = self->refresh_cancellable != NULL;

  if (self->report != NULL && self->report->snapshot != NULL)
    {
      gint64 taken = self->report->snapshot->taken_at;

      if (self->report_is_cached || self->refresh_error != NULL)
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
      else if (self->refresh_error != NULL)
        g_string_append_printf (text, " · %s", _("refresh failed"));

      if (self->report->headline != NULL && *self->report->headline != '\0')
        g_string_append_printf (text, " · %s", self->report->headline);

      if (!self->report_is_cached && self->history_diff != NULL &&
          self->history_diff->previous_at != 0)
        {
          guint added = self->history_diff->new_object_errors->len;
          guint resolved = self->history_diff->resolved_object_errors->len;

          /* Translators: sync errors the previous refresh didn't have */
          if (added > 0)
            {
              g_string_append (text, " · ");
              g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                         "%u new sync error since the last refresh",
                                                         "%u new sync errors since the last refresh",
                                                         added), added);
            }
          /* Translators: sync errors the previous refresh had and this one doesn't */
          if (resolved > 0)
            {
              g_string_append (text, " · ");
              g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                         "%u sync error resolved",
                                                         "%u sync errors resolved",
                                                         resolved), resolved);
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
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                     "report") == 0
                          && (on_category || folded_on_content));
}

static void
update_refreshing (DscWindow *self)
{
  gboolean refreshing = self->refresh_cancellable != NULL;

  gtk_stack_set_visible_child_name (self->refresh_stack, refreshing ? "busy" : "idle");
  gtk_spinner_set_spinning (self->refresh_spinner, refreshing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), refreshing);
  if (!refreshing)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 self->connection != NULL && !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", refreshing);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_stack), self->connection != NULL);

  update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

/* Sidebar */

static GtkWidget *
new_sidebar_row (const char  *icon_name,
                 const char  *title,
                 GtkImage   **status_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (status_out != NULL)
    {
      GtkWidget *status = gtk_image_new ();

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

static void
select_sidebar_row (DscWindow *self,
                    GtkWidget *row)
{
  self->syncing_sidebar = TRUE;
  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  self->syncing_sidebar = FALSE;
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

static void
on_sidebar_row_selected (DscWindow     *self,
                         GtkListBoxRow *row)
{
  if (!self->syncing_sidebar)
    navigate_to_row (self, row);
}

static void
on_sidebar_row_activated (DscWindow     *self,
                          GtkListBoxRow *row)
{
  navigate_to_row (self, row);
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
  /* Keyboard users continue in the pane, not on a tile that went away. */
  gtk_widget_child_focus (GTK_WIDGET (self->category_pane), GTK_DIR_TAB_FORWARD);
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

static void
show_main_page (DscWindow  *self,
                const char *name)
{
  gboolean loading = g_strcmp0 (name, "loading") == 0;

  gtk_stack_set_visible_child_name (self->main_stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, loading);
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
dsc_window_set_report (DscWindow *self,
                       DscReport *report,
                       gboolean   cached)
{
  g_return_if_fail (report != NULL);

  dsc_report_ref (report);
  drop_report (self);
  self->report = report;
  self->report_is_cached = cached;

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

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

/* The banner over an older report: when it is from, and why it is not newer. */
static void
show_refresh_error (DscWindow *self)
{
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;

  if (self->refresh_error == NULL || self->report == NULL)
    return;

  when = dsc_ui_format_short_time (self->report->snapshot != NULL
                                   ? self->report->snapshot->taken_at : 0,
                                   now_seconds ());
  /* Translators: first %s is a time ("14:05"), second says what went wrong and what to do */
  message = g_strdup_printf (_("Could not refresh; showing the data as of %s. %s"),
                             when, self->refresh_error);
  gtk_label_set_label (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
on_cache_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_report_cache_save_finish (DSC_REPORT_CACHE (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not save the offline copy: %s", error->message);
}

static void
on_cache_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DscWindow) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscReport) report = NULL;

  report = dsc_report_cache_load_finish (DSC_REPORT_CACHE (source), result, &error);
  if (report == NULL)
    {
      /* No copy yet, or one we cannot read: the refresh will replace it. */
      g_debug ("No usable offline copy: %s", error->message);
      return;
    }

  /* The refresh may already have won the race. */
  if (self != NULL && self->cache == DSC_REPORT_CACHE (source) && self->report == NULL)
    {
      dsc_window_set_report (self, report, TRUE);
      show_refresh_error (self);
    }
  /* Unused, or now shared with the window: either way not freed here. */
  dsc_free_in_background (g_steal_pointer (&report), (GDestroyNotify) dsc_report_unref);
}

static void
on_progress (DscConnection *connection,
             guint          done,
             guint          total,
             gpointer       user_data)
{
  DscWindow *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / total));
}

static gboolean
is_not_signed_in (const GError *error)
{
  return g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
}

static void
on_refresh_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RefreshData) data = user_data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&data->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscReport) report = NULL;
  gboolean user_cancelled;

  report = dsc_connection_refresh_finish (DSC_CONNECTION (source), result, &error);

  /* Closed window, switched tenant, or a newer refresh: not ours to show. */
  if (self == NULL || self->refresh_cancellable != data->cancellable)
    return;

  g_clear_object (&self->refresh_cancellable);
  user_cancelled = self->user_cancelled;
  self->user_cancelled = FALSE;

  if (report != NULL)
    {
      g_clear_pointer (&self->refresh_error, g_free);
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      dsc_window_set_report (self, report, FALSE);
      record_history (self, report);
      if (self->cache != NULL && report->snapshot != NULL)
        dsc_report_cache_save_async (self->cache, report->snapshot, NULL, on_cache_saved, NULL);
      update_refreshing (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update_refreshing (self);
      if (self->report == NULL)
        {
          adw_status_page_set_description (self->error_page,
                                           _("The refresh was cancelled before anything was "
                                             "read."));
          show_main_page (self, "error");
        }
      else if (user_cancelled)
        show_toast (self, _("Refresh cancelled; showing the data you had."));
      return;
    }

  g_debug ("Refresh failed: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_REFRESH_FAILED], 0, error);

  if (self->report == NULL)
    {
      /* An offline copy still loading will show with this reason on top. */
      g_free (self->refresh_error);
      self->refresh_error = g_strdup (error->message);
      update_refreshing (self);
      if (is_not_signed_in (error))
        {
          show_main_page (self, "signed-out");
          return;
        }
      adw_status_page_set_description (self->error_page, error->message);
      gtk_widget_set_visible (self->error_demo_button,
                              !dsc_connection_is_demo (self->connection));
      show_main_page (self, "error");
      return;
    }

  /* Keep the last good report on screen, and say why it is not newer. */
  g_free (self->refresh_error);
  self->refresh_error = g_strdup (error->message);
  update_refreshing (self);
  show_refresh_error (self);
}

void
dsc_window_refresh (DscWindow *self)
{
  RefreshData *data;

  g_return_if_fail (DSC_IS_WINDOW (self));

  if (self->connection == NULL || self->refresh_cancellable != NULL)
    return;

  self->refresh_cancellable = g_cancellable_new ();
  self->user_cancelled = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  if (self->report == NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack),
                                         "loading") != 0)
    show_main_page (self, "loading");

  data = g_new0 (RefreshData, 1);
  g_weak_ref_init (&data->window, self);
  data->cancellable = g_object_ref (self->refresh_cancellable);
  dsc_connection_refresh_async (self->connection, self->refresh_cancellable,
                                on_refresh_done, data);
  update_refreshing (self);
}

static void
stop_connection (DscWindow *self)
{
  g_cancellable_cancel (self->refresh_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->refresh_cancellable);

  if (self->connection != NULL && self->progress_handler != 0)
    g_signal_handler_disconnect (self->connection, self->progress_handler);
  self->progress_handler = 0;
  g_clear_object (&self->cache);
}

/* While the demo tenant is shown, the menu offers its scenarios (app.demo-scenario), so
 * anyone can watch the app react to a tenant going from healthy to broken. */
static void
update_demo_menu (DscWindow *self)
{
  g_autoptr(GMenu) scenarios = NULL;
  const char *const *names;

  g_menu_remove_all (self->demo_section);
  if (self->connection == NULL || !dsc_connection_is_demo (self->connection))
    return;

  scenarios = g_menu_new ();
  names = dsc_fake_tenant_list_scenarios ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "app.demo-scenario",
                                               g_variant_new_string (names[i]));
      g_menu_append_item (scenarios, item);
    }
  g_menu_append_submenu (self->demo_section, _("_Demo Scenario"), G_MENU_MODEL (scenarios));
}

void
dsc_window_set_connection (DscWindow     *self,
                           DscConnection *connection)
{
  g_return_if_fail (DSC_IS_WINDOW (self));
  g_return_if_fail (connection == NULL || DSC_IS_CONNECTION (connection));

  if (connection == self->connection && self->cancellable != NULL)
    return;

  stop_connection (self);
  g_set_object (&self->connection, connection);

  drop_report (self);
  g_clear_pointer (&self->refresh_error, g_free);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  self->report_is_cached = FALSE;
  self->opened_tile = NULL;
  gtk_stack_set_visible_child_name (self->content_stack, "overview");
  select_sidebar_row (self, self->overview_row);

  gtk_widget_set_visible (self->demo_badge,
                          connection != NULL && dsc_connection_is_demo (connection));
  update_demo_menu (self);
  update_title (self);

  if (connection == NULL)
    {
      show_main_page (self, "signed-out");
      update_refreshing (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->progress_handler = g_signal_connect (connection, "progress",
                                             G_CALLBACK (on_progress), self);
  adw_status_page_set_description (self->loading_page, dsc_connection_get_label (connection));
  show_main_page (self, "loading");

  /* Offline first: the saved copy shows while the tenant is read again. */
  self->cache = dsc_report_cache_new (dsc_connection_get_label (connection));
  dsc_report_cache_load_async (self->cache, dsc_connection_get_policy (connection),
                               self->cancellable, on_cache_loaded, weak_ref_new (self));
  dsc_window_refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

/* Navigation */

void
dsc_window_show_overview (DscWindow *self)
{
  g_return_if_fail (DSC_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_stack, "overview");
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
  select_sidebar_row (self, self->category_rows[category]);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_back_button (self);
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dsc_window_refresh (DSC_WINDOW (widget));
}

static void
cancel_refresh_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->refresh_cancellable != NULL)
    {
      self->user_cancelled = TRUE;
      g_cancellable_cancel (self->refresh_cancellable);
    }
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnection) demo = NULL;

  demo = dsc_connection_new_demo (NULL, TRUE, &error);
  if (demo == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The demo tenant could not start: %s"), error->message);
      show_toast (self, message);
      return;
    }

  dsc_window_set_connection (self, demo);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "report") != 0)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "category") == 0)
    {
      dsc_window_show_overview (self);
      if (self->opened_tile != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->opened_tile));
      self->opened_tile = NULL;
    }
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
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
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "category") != 0
      || !dsc_category_pane_has_objects (self->category_pane))
    dsc_window_show_category (self, DSC_CATEGORY_OBJECT_ERRORS);

  if (!dsc_category_pane_focus_search (self->category_pane))
    show_toast (self, _("No objects to search: none have sync errors."));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_toast (DSC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (DSC_WINDOW (widget)->banner_revealer, FALSE);
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
  /* Hidden to run in the background: the tenant is still watched and refreshed. */
  if (!gtk_window_get_hide_on_close (window))
    stop_connection (self);

  return GTK_WINDOW_CLASS (dsc_window_parent_class)->close_request (window);
}

/* GObject */

static void
dsc_window_dispose (GObject *object)
{
  DscWindow *self = DSC_WINDOW (object);

  stop_connection (self);
  g_clear_handle_id (&self->age_source, g_source_remove);

  /* Tearing the template down changes stacks and selections: not navigation. */
  if (self->leaflet != NULL)
    g_signal_handlers_disconnect_by_data (self->leaflet, self);
  if (self->content_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->content_stack, self);
  if (self->sidebar_list != NULL)
    g_signal_handlers_disconnect_by_data (self->sidebar_list, self);
  if (self->tile_box != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_box, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_WINDOW);

  g_clear_object (&self->connection);
  g_clear_object (&self->settings);
  drop_report (self);

  G_OBJECT_CLASS (dsc_window_parent_class)->dispose (object);
}

static void
dsc_window_finalize (GObject *object)
{
  DscWindow *self = DSC_WINDOW (object);

  g_clear_pointer (&self->refresh_error, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->history_diff, dsc_history_diff_unref);

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
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_REPORT:
      g_value_set_boxed (value, self->report);
      break;
    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refresh_cancellable != NULL);
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
    case PROP_CONNECTION:
      dsc_window_set_connection (self, g_value_get_object (value));
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

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, DSC_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL, DSC_TYPE_REPORT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A refresh that failed (not one the user cancelled): background monitoring backs off. */
  signals[SIGNAL_REFRESH_FAILED] =
    g_signal_new ("refresh-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (DSC_TYPE_CATEGORY_PANE);
  g_type_ensure (DSC_TYPE_STATUS_TILE);

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
  gtk_widget_class_bind_template_child (widget_class, DscWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, error_demo_button);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, overall_icon);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, overall_label);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, history_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, tile_box);
  gtk_widget_class_bind_template_child (widget_class, DscWindow, category_pane);
  gtk_widget_class_bind_template_callback (widget_class, update_back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_tile_activated);

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

static void
dsc_window_init (DscWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *help;
  GtkWidget *row;

  gtk_widget_init_template (GTK_WIDGET (self));
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
      gtk_widget_set_tooltip_text (row, dsc_category_get_title (i));
      self->category_rows[i] = row;
      gtk_list_box_append (self->sidebar_list, row);
    }

  load_window_state (self);

  self->age_source = g_timeout_add_seconds (AGE_REFRESH_SECONDS, on_age_tick, self);

  show_main_page (self, "signed-out");
  update_refreshing (self);
}

DscWindow *
dsc_window_new (GtkApplication *application,
                DscConnection  *connection)
{
  return g_object_new (DSC_TYPE_WINDOW,
                       "application", application,
                       "connection", connection,
                       NULL);
}

DscConnection *
dsc_window_get_connection (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->connection;
}

DscReport *
dsc_window_get_report (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), NULL);
  return self->report;
}

gboolean
dsc_window_get_report_is_cached (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), FALSE);
  return self->report_is_cached;
}

gboolean
dsc_window_get_refreshing (DscWindow *self)
{
  g_return_val_if_fail (DSC_IS_WINDOW (self), FALSE);
  return self->refresh_cancellable != NULL;
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

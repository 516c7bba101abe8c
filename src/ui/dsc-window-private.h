/* dsc-window-private.h — what dsc-window.c (widget, rendering) and
 * dsc-window-actions.c (the win.* actions) share. */
#pragma once

#include "dsc-tenant-overview.h"
#include "dsc-trend-chart.h"
#include "dsc-window.h"

G_BEGIN_DECLS

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
  GtkLabel *error_advice;
  GtkWidget *error_details_expander;
  GtkLabel *error_details;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  AdwLeaflet *leaflet;
  GtkListBox *sidebar_list;
  GtkStack *content_stack;
  GtkImage *overall_icon;
  GtkLabel *overall_label;
  GtkWidget *attention_heading;
  GtkFlowBox *attention_box;    /* the tiles that need attention, worst first */
  GtkBox *attention_more_box;   /* buttons for categories no tile opens that need attention */
  GtkWidget *others_heading;
  GtkFlowBox *tile_box;         /* the other tiles, in their usual order */
  DscCategoryPane *category_pane;
  DscTenantOverview *tenant_overview;

  /* built at init */
  DscStatusTile *tiles[DSC_N_TILES];
  GtkWidget *overview_row;
  GtkWidget *category_rows[DSC_N_CATEGORIES];
  GtkImage *category_status[DSC_N_CATEGORIES];

  GSettings *settings;

  DscSession *session;          /* what the window shows; NULL: not signed in */
  DscReport *report;            /* the session's report as rendered (a reference) */
  GCancellable *cancellable;    /* history reads started for the current session */
  guint age_source;
  guint back_button_source;     /* idle: the leaflet folded or unfolded */
  gboolean syncing_sidebar;
  DscStatusTile *opened_tile;   /* gets the focus back when returning to the overview */
  char *subtitle;
  GtkWidget *history_box;
  GMenu *demo_section;          /* the demo tenant's scenario submenu lives here */
  GtkBox *charts_box;
  DscTrendChart *errors_chart;
  DscTrendChart *lag_chart;

  DscSessionList *sessions;     /* every tenant (overview page), or NULL */
  GCancellable *scan_cancellable; /* the on-premises scan running, or NULL */
};

void _dsc_window_class_actions_init (DscWindowClass *klass);
void _dsc_window_actions_update     (DscWindow      *self);
/* dsc-window-onprem.c: Scan Now, Cancel Scan, Save Fix Script. */
void _dsc_window_onprem_actions_init   (DscWindowClass *klass);
void _dsc_window_onprem_actions_update (DscWindow      *self);
void _dsc_window_show_toast         (DscWindow      *self,
                                     const char     *message);
gboolean _dsc_window_on_report_page (DscWindow      *self);
gboolean _dsc_window_on_category    (DscWindow      *self);
/* Back to the all-tenants overview; FALSE when the window has none or shows it. */
gboolean _dsc_window_back_to_tenants (DscWindow     *self);

G_END_DECLS

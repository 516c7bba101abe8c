/* dsc-trend-chart.h — a small line chart of one history series (objects in
 * error, sync lag) with axes and labels, described for screen readers. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-history.h"

G_BEGIN_DECLS

typedef enum {
  DSC_TREND_UNIT_COUNT,     /* "12" */
  DSC_TREND_UNIT_SECONDS,   /* "45 min", "5 h" */
} DscTrendUnit;

#define DSC_TYPE_TREND_CHART (dsc_trend_chart_get_type ())
G_DECLARE_FINAL_TYPE (DscTrendChart, dsc_trend_chart, DSC, TREND_CHART, GtkWidget)

GtkWidget  *dsc_trend_chart_new        (const char *title, DscTrendUnit unit);
const char *dsc_trend_chart_get_title  (DscTrendChart *self);
void        dsc_trend_chart_set_title  (DscTrendChart *self, const char *title);
/* points: DscHistoryPoint, oldest first (copied); NULL or empty: "no history". */
void        dsc_trend_chart_set_points (DscTrendChart *self, GArray *points);
guint       dsc_trend_chart_get_n_points (DscTrendChart *self);
/* The text given to assistive technologies (for tests). */
char       *dsc_trend_chart_dup_description (DscTrendChart *self);

G_END_DECLS

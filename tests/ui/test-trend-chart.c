/* test-trend-chart.c — the history chart and the export action, under Xvfb:
 * the chart's accessible description carries its numbers, it renders with
 * and without points, and "export.report" is installed with Ctrl+E.
 */
#include "config.h"

#include <string.h>

#include "dsc-export-action.h"
#include "dsc-trend-chart.h"
#include "dsc-test-object.h"

#define T0 1795460102

static void
test_chart_description (void)
{
  GtkWidget *chart = g_object_ref_sink (dsc_trend_chart_new ("Objects in error",
                                                             DSC_TREND_UNIT_COUNT));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DscHistoryPoint));
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;

  empty = dsc_trend_chart_dup_description (DSC_TREND_CHART (chart));
  g_assert_cmpstr (empty, ==, "Objects in error: no history yet");

  for (guint i = 0; i < 5; i++)
    {
      DscHistoryPoint p = { T0 + i * 3600, i == 4 ? 7 : i * 3 };
      g_array_append_val (points, p);
    }
  dsc_trend_chart_set_points (DSC_TREND_CHART (chart), points);
  g_assert_cmpuint (dsc_trend_chart_get_n_points (DSC_TREND_CHART (chart)), ==, 5);
  text = dsc_trend_chart_dup_description (DSC_TREND_CHART (chart));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Objects in error, 5 refreshes from "));
  g_assert_nonnull (strstr (text, "lowest 0, highest 9, latest 7"));
  dsc_test_assert_finalized (chart);
}

static void
test_chart_renders (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = dsc_trend_chart_new ("Sync lag", DSC_TREND_UNIT_SECONDS);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DscHistoryPoint));
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;

  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 200);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    {
      DscHistoryPoint p = { T0 + i * 1800, 600 + (i % 4) * 900 };
      g_array_append_val (points, p);
    }
  while (gtk_widget_get_width (chart) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* Empty, then with points: both draw something. */
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_clear_pointer (&node, gsk_render_node_unref);

  dsc_trend_chart_set_points (DSC_TREND_CHART (chart), points);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CAIRO_NODE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static DscReport *
no_report (gpointer data)
{
  return data;
}

static void
test_export_action (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  g_autoptr(DscReport) report = NULL;
  g_autofree char *name = NULL;

  s->initial_domain = g_strdup ("contoso.onmicrosoft.com/../x y");
  report = dsc_report_new (s, T0);
  dsc_export_action_install (window, no_report, NULL);
  g_assert_true (gtk_widget_activate_action (window, "export.report", NULL));

  name = dsc_export_action_suggest_name (report, "pdf");
  g_assert_cmpstr (name, ==, "dirsync-report-contoso.onmicrosoft.com-..-x-y-2026-11-23.pdf");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_no_display (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_data_func ("/ui/trend-chart/needs-display", "Cannot open the display",
                            test_no_display);
      return g_test_run ();
    }
  g_test_add_func ("/ui/trend-chart/description", test_chart_description);
  g_test_add_func ("/ui/trend-chart/renders", test_chart_renders);
  g_test_add_func ("/ui/export-action/installed", test_export_action);
  return g_test_run ();
}

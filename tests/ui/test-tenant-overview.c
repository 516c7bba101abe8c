/* test-tenant-overview.c — the all-tenants overview in the window, under
 * Xvfb, over the demo tenants: rows sorted by severity with the values of
 * each tenant, screen-reader names, the filter, opening a tenant and coming
 * back (Back button and Alt+Left), and nothing leaks. */
#include "config.h"

#include "ui-test-display.h"
#include "ui-test-util.h"
#include "dsc-test-object.h"

#include <string.h>
#include <adwaita.h>

#include "dsc-tenant-row.h"
#include "dsc-window.h"

#define WAIT_TIMEOUT_S 60

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition condition, gpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
all_read (gpointer data)
{
  return dsc_session_list_get_pending (data) == 0;
}

static gboolean
window_has_report (gpointer data)
{
  return dsc_window_get_report (data) != NULL;
}

static const char *
row_name (GPtrArray *rows, guint i)
{
  return dsc_tenant_row_get_summary (g_ptr_array_index (rows, i))->name;
}

static void
test_overview (void)
{
  g_autoptr(GError) error = NULL;
  dsc_autofinalize(DscSessionList) sessions = dsc_session_list_new_demo (0, FALSE, &error);
  DscWindow *window;
  DscTenantOverview *overview;
  g_autoptr(GPtrArray) rows = NULL;
  DscTenantRow *fabrikam = NULL;
  DscSession *opened;
  int last_rank = 3;

  g_assert_no_error (error);
  window = g_object_ref (dsc_window_new (NULL, NULL));
  dsc_window_set_session_list (window, sessions);
  gtk_window_present (GTK_WINDOW (window));
  dsc_session_list_refresh_all (sessions);
  wait_for (all_read, sessions);
  drain ();

  g_assert_cmpstr (dsc_window_get_page (window), ==, "tenants");
  overview = dsc_window_get_tenant_overview (window);
  g_assert_cmpstr (dsc_tenant_overview_get_summary (overview), ==,
                   "7 of 8 tenants need attention");

  /* One row per tenant, most serious first. */
  rows = dsc_tenant_overview_dup_visible_rows (overview);
  g_assert_cmpuint (rows->len, ==, 8);
  for (guint i = 0; i < rows->len; i++)
    {
      DscTenantRow *row = g_ptr_array_index (rows, i);
      const DscTenantSummary *s = dsc_tenant_row_get_summary (row);
      int rank = dsc_tenant_status_rank (s->status);

      g_assert_cmpint (rank, <=, last_rank);
      last_rank = rank;
      /* The screen reader hears the name, the status and the values. */
      g_assert_true (g_str_has_prefix (dsc_tenant_row_get_accessible_text (row), s->name));
      if (g_str_equal (s->name, "Fabrikam"))
        fabrikam = row;
    }
  g_assert_cmpint (dsc_tenant_row_get_summary (g_ptr_array_index (rows, 0))->status, ==,
                   DSC_STATUS_ERROR);
  g_assert_cmpstr (row_name (rows, 6), ==, "Litware");
  g_assert_cmpstr (row_name (rows, 7), ==, "Contoso");
  g_assert_true (dsc_tenant_row_get_summary (g_ptr_array_index (rows, 6))->needs_sign_in);
  g_assert_nonnull (strstr (dsc_tenant_row_get_accessible_text (g_ptr_array_index (rows, 6)),
                            "Sign-in expired"));
  g_assert_nonnull (fabrikam);
  g_assert_cmpint (dsc_tenant_row_get_summary (fabrikam)->objects_in_error, ==, 11);
  g_assert_nonnull (strstr (dsc_tenant_row_get_accessible_text (fabrikam),
                            "11 objects in error"));
  g_assert_nonnull (strstr (dsc_tenant_row_get_accessible_text (fabrikam), "quota 4 %"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The filter keeps the matching tenants, in the same order. */
  dsc_tenant_overview_set_filter (overview, "  TOYS ");
  rows = dsc_tenant_overview_dup_visible_rows (overview);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (row_name (rows, 0), ==, "Tailspin Toys");
  g_assert_cmpstr (row_name (rows, 1), ==, "Wingtip Toys");
  g_clear_pointer (&rows, g_ptr_array_unref);
  dsc_tenant_overview_set_filter (overview, "fabri");
  rows = dsc_tenant_overview_dup_visible_rows (overview);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  dsc_tenant_overview_set_filter (overview, NULL);
  rows = dsc_tenant_overview_dup_visible_rows (overview);
  g_assert_cmpuint (rows->len, ==, 8);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Activating a row (as Enter or a click does) opens that tenant's usual view. */
  g_signal_emit_by_name (dsc_tenant_overview_get_list (overview), "row-activated", fabrikam);
  opened = dsc_window_get_session (window);
  g_assert_nonnull (opened);
  g_assert_cmpstr (dsc_session_get_label (opened), ==, "Fabrikam");
  wait_for (window_has_report, window);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");
  g_assert_cmpint (dsc_window_get_report (window)->overall, ==, DSC_STATUS_ERROR);

  /* Back returns to every tenant... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (dsc_window_get_page (window), ==, "tenants");
  g_assert_null (dsc_window_get_session (window));

  /* ...from a category pane too, one step at a time (Alt+Left is win.back). */
  g_signal_emit_by_name (dsc_tenant_overview_get_list (overview), "row-activated", fabrikam);
  wait_for (window_has_report, window);
  dsc_window_show_category (window, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (dsc_window_get_page (window), ==, "tenants");

  /* Refresh on the overview reads every tenant again, through the queue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_cmpuint (dsc_session_list_get_pending (sessions), ==, 8);
  wait_for (all_read, sessions);
  g_assert_cmpuint (dsc_session_list_get_peak_running (sessions), <=,
                    DSC_SESSION_LIST_DEFAULT_CONCURRENCY);

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
  g_assert_finalize_object (window);
}

int
main (int argc, char **argv)
{
  g_autoptr(GFile) cache_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = ui_test_init_display ("tenant-overview");
  if (cache_dir == NULL)
    return g_test_run ();

  g_test_add_func ("/ui/tenant-overview/sorted-filtered-opens-and-returns", test_overview);

  status = g_test_run ();
  ui_test_remove_tree (cache_dir);
  return status;
}

/* test-session-list.c — DscSessionList over the demo tenants on 127.0.0.1:
 * every tenant is read through one queue that never runs more than its limit
 * at once, an expired sign-in fails alone, summaries come worst first, and
 * every object the test makes is finalized. Plus the pure pieces: the
 * tenant summary's order and the Prometheus merge. */
#include "config.h"

#include <string.h>

#include "dsc-test-object.h"
#include "dsc-export-tenants.h"
#include "dsc-session-list.h"

#define WAIT_TIMEOUT_S 60

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef struct {
  guint running;       /* sessions refreshing right now */
  guint most;          /* the most at once */
  guint drained;
} Counts;

static void
on_changed (DscSessionList *list, DscSession *session, Counts *counts)
{
  guint running = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DscSession) s = g_list_model_get_item (G_LIST_MODEL (list), i);

      running += dsc_session_get_refreshing (s) ? 1 : 0;
    }
  counts->running = running;
  counts->most = MAX (counts->most, running);
}

static void
on_drained (DscSessionList *list, Counts *counts)
{
  counts->drained++;
}

static void
test_bounded_refresh (void)
{
  g_autoptr(GError) error = NULL;
  dsc_autofinalize(DscSessionList) list = dsc_session_list_new_demo (10, FALSE, &error);
  g_autoptr(GPtrArray) summaries = NULL;
  Counts counts = { 0 };
  gboolean timed_out = FALSE;
  guint id;
  const DscTenantSummary *litware = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == DSC_TYPE_SESSION);
  dsc_session_list_set_max_concurrent (list, 3);
  g_signal_connect (list, "session-changed", G_CALLBACK (on_changed), &counts);
  g_signal_connect (list, "queue-drained", G_CALLBACK (on_drained), &counts);

  dsc_session_list_refresh_all (list);
  g_assert_cmpuint (dsc_session_list_get_pending (list), ==, 10);
  id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);
  while (counts.drained == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  /* Never more than three at once, and three did run at once. */
  g_assert_cmpuint (counts.most, <=, 3);
  g_assert_cmpuint (dsc_session_list_get_peak_running (list), ==, 3);
  g_assert_cmpuint (dsc_session_list_get_pending (list), ==, 0);

  /* Everyone was read; Litware's refused token failed Litware only. */
  summaries = dsc_session_list_dup_summaries (list);
  g_assert_cmpuint (summaries->len, ==, 10);
  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);

      if (g_str_equal (s->name, "Litware"))
        litware = s;
      else
        g_assert_cmpint (s->read_at, >, 0);
      if (i > 0)
        g_assert_cmpint (dsc_tenant_summary_compare (g_ptr_array_index (summaries, i - 1), s),
                         <, 0);
    }
  g_assert_nonnull (litware);
  g_assert_true (litware->needs_sign_in);
  g_assert_cmpint (litware->status, ==, DSC_STATUS_UNKNOWN);
  /* The names repeat, numbered, past the built-in eight. */
  g_assert_nonnull (dsc_session_list_lookup (list, "Contoso 2"));
  g_assert_nonnull (dsc_session_list_lookup (list, "Fabrikam 2"));
  g_assert_null (dsc_session_list_lookup (list, "Contoso 3"));
  g_signal_handlers_disconnect_by_data (list, &counts);
}

static DscTenantSummary *
summary (const char *name, DscStatus status)
{
  DscTenantSummary *s = dsc_tenant_summary_new (name, NULL, FALSE, NULL, FALSE, NULL);

  s->status = status;
  return s;
}

static void
test_summary_order (void)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_tenant_summary_free);
  g_autofree char *line = NULL;
  const char *expected[] = { "alpha", "Beta", "gamma", "delta", "epsilon" };

  g_ptr_array_add (all, summary ("epsilon", DSC_STATUS_OK));
  g_ptr_array_add (all, summary ("delta", DSC_STATUS_UNKNOWN));
  g_ptr_array_add (all, summary ("gamma", DSC_STATUS_WARNING));
  g_ptr_array_add (all, summary ("Beta", DSC_STATUS_ERROR));
  g_ptr_array_add (all, summary ("alpha", DSC_STATUS_ERROR));
  g_ptr_array_sort (all, dsc_tenant_summary_compare_ptr);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((DscTenantSummary *) g_ptr_array_index (all, i))->name, ==, expected[i]);
  g_assert_cmpint (dsc_tenant_summaries_worst (all), ==, DSC_STATUS_ERROR);
  g_assert_cmpuint (dsc_tenant_summaries_count_attention (all), ==, 4);
  line = dsc_tenant_summaries_aggregate_line (all);
  g_assert_cmpstr (line, ==, "DIRSYNC CRITICAL - 4 of 5 tenants need attention "
                             "(2 critical, 1 warning, 1 unknown, 1 OK)");
}

static void
test_prometheus_combine (void)
{
  const char *names[] = { "A \"quoted\"", "B", "C" };
  const char *texts[] = {
    "# HELP dirsync_info Tenant.\n# TYPE dirsync_info gauge\n"
    "dirsync_info{tenant=\"Org A\",tenant_id=\"1\"} 1\n"
    "# HELP dirsync_overall_status Overall.\n# TYPE dirsync_overall_status gauge\n"
    "dirsync_overall_status 2\n",
    "# HELP dirsync_info Tenant.\n# TYPE dirsync_info gauge\n"
    "dirsync_info{tenant=\"Org B\",tenant_id=\"2\"} 1\n"
    "# HELP dirsync_overall_status Overall.\n# TYPE dirsync_overall_status gauge\n"
    "dirsync_overall_status 0\n",
    NULL,
  };
  g_autofree char *out = dsc_export_prometheus_combine (names, texts, 3);

  g_assert_cmpstr (out, ==,
                   "# HELP dirsync_info Tenant.\n# TYPE dirsync_info gauge\n"
                   "dirsync_info{tenant=\"A \\\"quoted\\\"\",tenant_name=\"Org A\",tenant_id=\"1\"} 1\n"
                   "dirsync_info{tenant=\"B\",tenant_name=\"Org B\",tenant_id=\"2\"} 1\n"
                   "# HELP dirsync_overall_status Overall.\n# TYPE dirsync_overall_status gauge\n"
                   "dirsync_overall_status{tenant=\"A \\\"quoted\\\"\"} 2\n"
                   "dirsync_overall_status{tenant=\"B\"} 0\n"
                   "dirsync_overall_status{tenant=\"C\"} 3\n");
}

static void
test_file_stem (void)
{
  const char *cases[][2] = {
    { "Contoso", "contoso" }, { "Northwind Traders", "northwind-traders" },
    { "../../etc/passwd", "etc-passwd" }, { "Müller & Söhne", "muller-sohne" },
    { "", "tenant" }, { "***", "tenant" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stem = dsc_export_tenant_file_stem (cases[i][0]);
      g_assert_cmpstr (stem, ==, cases[i][1]);
    }
}

/* The days until (or since) Entra Connect's end of support, counted in
 * whole days and pluralised. */
static void
test_end_of_support_text (void)
{
  const gint64 now = 1800000000;
  DscTenantSummary *s = dsc_tenant_summary_new ("Contoso", NULL, FALSE, NULL, FALSE, NULL);
  struct { gint64 end; const char *text; } cases[] = {
    { 0, NULL },
    { now + 1, "ends in 1 day" },
    { now + 3 * 86400, "ends in 3 days" },
    { now - 3600, "ended today" },
    { now - 86400, "ended 1 day ago" },
    { now - 40 * 86400 - 5, "ended 40 days ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      s->connect_end_of_support = cases[i].end;
      text = dsc_tenant_summary_format_end_of_support (s, now);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  dsc_tenant_summary_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/list/bounded-refresh", test_bounded_refresh);
  g_test_add_func ("/session/list/summary-order", test_summary_order);
  g_test_add_func ("/session/list/prometheus-combine", test_prometheus_combine);
  g_test_add_func ("/session/list/file-stem", test_file_stem);
  g_test_add_func ("/session/list/end-of-support-text", test_end_of_support_text);

  return g_test_run ();
}

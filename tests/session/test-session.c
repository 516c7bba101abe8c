/* test-session.c — DscSession against the demo tenant on 127.0.0.1: a refresh
 * gives a report and records history, a cancel keeps what there was, a failed
 * refresh keeps the last good report and says why, the offline copy is there
 * first, and every object the test makes is finalized. */
#include "config.h"

#include <string.h>

#include "../ui/ui-test-util.h"
#include "dsc-fake-tenant.h"
#include "dsc-session.h"
#include "dsc-static-token-provider.h"

#define WAIT_TIMEOUT_S 60

/* What the session said, in order. */
typedef struct {
  guint refreshed;
  guint failed;
  guint cancelled;
  gboolean cancelled_by_user;
  GError *last_error;
  gboolean cached_at_report;   /* report-is-cached, as a notify::report handler sees it */
  guint report_notifies;
} Observed;

static void
on_refreshed (DscSession *session, DscReport *report, Observed *seen)
{
  g_assert_true (report == dsc_session_get_report (session));
  g_assert_false (dsc_session_get_report_is_cached (session));
  g_assert_null (dsc_session_get_refresh_error (session));
  seen->refreshed++;
}

static void
on_failed (DscSession *session, const GError *error, Observed *seen)
{
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (dsc_session_get_refresh_error (session), error->domain,
                                  error->code));
  g_clear_error (&seen->last_error);
  seen->last_error = g_error_copy (error);
  seen->failed++;
}

static void
on_cancelled (DscSession *session, gboolean by_user, Observed *seen)
{
  seen->cancelled++;
  seen->cancelled_by_user = by_user;
}

static void
on_report (DscSession *session, GParamSpec *pspec, Observed *seen)
{
  seen->report_notifies++;
  seen->cached_at_report = dsc_session_get_report_is_cached (session);
}

static void
observe (DscSession *session, Observed *seen)
{
  memset (seen, 0, sizeof *seen);
  g_signal_connect (session, "refreshed", G_CALLBACK (on_refreshed), seen);
  g_signal_connect (session, "refresh-failed", G_CALLBACK (on_failed), seen);
  g_signal_connect (session, "refresh-cancelled", G_CALLBACK (on_cancelled), seen);
  g_signal_connect (session, "notify::report", G_CALLBACK (on_report), seen);
}

static void
observed_clear (Observed *seen)
{
  g_clear_error (&seen->last_error);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (DscSession *session);

static void
wait_for (DscSession *session, Condition condition)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);

  while (!condition (session) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static gboolean
is_idle (DscSession *session)
{
  return !dsc_session_get_refreshing (session);
}

static gboolean
has_history_diff (DscSession *session)
{
  return dsc_session_get_history_diff (session) != NULL;
}

static gboolean
cache_written (DscSession *session)
{
  return g_file_test (dsc_session_get_cache_path (session), G_FILE_TEST_EXISTS);
}

static gboolean
has_report_and_is_idle (DscSession *session)
{
  return dsc_session_get_report (session) != NULL && !dsc_session_get_refreshing (session);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static DscSession *
new_demo (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  DscSession *session = dsc_session_new_demo (scenario, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static DscFakeTenant *
fake_tenant (DscSession *session)
{
  return dsc_demo_get_fake_tenant (dsc_session_get_demo (session));
}

/* The session, its demo and its connection all go with the last reference. */
static void
finalize_session (DscSession *session)
{
  DscConnection *connection = dsc_session_get_connection (session);
  DscDemo *demo = dsc_session_get_demo (session);

  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &connection);
  if (demo != NULL)
    g_object_add_weak_pointer (G_OBJECT (demo), (gpointer *) &demo);
  drain ();
  g_assert_finalize_object (session);
  drain ();
  g_assert_null (connection);
  g_assert_null (demo);
}

static void
test_refresh_gives_report_and_history (void)
{
  DscSession *session = new_demo ("sync-errors");
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  DscReport *report;
  gboolean refreshing = FALSE;
  Observed seen;

  observe (session, &seen);
  g_assert_true (dsc_session_get_is_demo (session));
  g_assert_cmpstr (dsc_session_get_label (session), ==, "Demo tenant (sync-errors)");
  g_assert_null (dsc_session_get_report (session));

  dsc_session_refresh (session);
  g_object_get (session, "refreshing", &refreshing, NULL);
  g_assert_true (refreshing);
  /* One at a time: a second refresh while one runs does nothing. */
  dsc_session_refresh (session);
  wait_for (session, is_idle);

  report = dsc_session_get_report (session);
  g_assert_nonnull (report);
  g_assert_nonnull (report->snapshot);
  g_assert_cmpint (report->overall, ==, DSC_STATUS_ERROR);
  g_assert_false (dsc_session_get_report_is_cached (session));
  g_assert_null (dsc_session_get_refresh_error (session));
  g_assert_cmpuint (seen.refreshed, ==, 1);
  g_assert_cmpuint (seen.failed, ==, 0);
  g_assert_cmpuint (seen.report_notifies, ==, 1);
  g_assert_cmpfloat (dsc_session_get_progress (session), ==, 0.0);

  /* The refresh is in the history: a row for this tenant, and a diff. */
  wait_for (session, has_history_diff);
  points = dsc_history_get_series (dsc_history_get_default (), report->snapshot->tenant_id,
                                   DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, >=, 1);

  /* And the snapshot is saved for next time. */
  wait_for (session, cache_written);

  finalize_session (session);
  observed_clear (&seen);
}

static void
test_cancel (void)
{
  DscSession *session = new_demo ("healthy");
  DscFakeFaults faults = { 0 };
  Observed seen;

  observe (session, &seen);
  faults.latency_ms = 2000;
  dsc_fake_tenant_set_faults (fake_tenant (session), &faults);
  dsc_session_refresh (session);
  g_assert_true (dsc_session_get_refreshing (session));
  dsc_session_cancel_refresh (session);
  wait_for (session, is_idle);

  g_assert_cmpuint (seen.cancelled, ==, 1);
  g_assert_true (seen.cancelled_by_user);
  g_assert_cmpuint (seen.refreshed, ==, 0);
  g_assert_cmpuint (seen.failed, ==, 0);
  g_assert_null (dsc_session_get_report (session));
  g_assert_null (dsc_session_get_refresh_error (session));

  finalize_session (session);
  observed_clear (&seen);
}

static void
test_failure_keeps_last_report (void)
{
  DscSession *session = new_demo ("healthy");
  DscReport *report;
  Observed seen;

  observe (session, &seen);
  dsc_session_refresh (session);
  wait_for (session, is_idle);
  report = dsc_session_get_report (session);
  g_assert_nonnull (report);

  /* The tenant goes away: the report stays, the reason is there. */
  dsc_fake_tenant_stop (fake_tenant (session));
  dsc_session_refresh (session);
  wait_for (session, is_idle);

  g_assert_true (dsc_session_get_report (session) == report);
  g_assert_false (dsc_session_get_report_is_cached (session));
  g_assert_cmpuint (seen.refreshed, ==, 1);
  g_assert_cmpuint (seen.failed, ==, 1);
  g_assert_nonnull (seen.last_error);
  g_assert_nonnull (dsc_session_get_refresh_error (session));
  g_assert_cmpstr (dsc_session_get_refresh_error (session)->message, !=, "");

  finalize_session (session);
  observed_clear (&seen);
}

static void
test_offline_copy_at_start (void)
{
  DscSession *first = new_demo ("stale-sync");
  DscSession *second;
  g_autofree char *taken = NULL;
  Observed seen;

  /* A refresh writes the offline copy. */
  dsc_session_start (first);
  wait_for (first, is_idle);
  g_assert_nonnull (dsc_session_get_report (first));
  wait_for (first, cache_written);
  taken = g_strdup_printf ("%" G_GINT64_FORMAT,
                           dsc_session_get_report (first)->snapshot->taken_at);
  finalize_session (first);

  /* Next start, tenant unreachable: the copy is the report, marked as such, with the
   * reason it is not newer. */
  second = new_demo ("stale-sync");
  observe (second, &seen);
  dsc_fake_tenant_stop (fake_tenant (second));
  dsc_session_start (second);
  wait_for (second, has_report_and_is_idle);

  g_assert_true (dsc_session_get_report_is_cached (second));
  g_assert_true (seen.cached_at_report);
  g_assert_cmpuint (seen.report_notifies, ==, 1);
  g_assert_cmpuint (seen.refreshed, ==, 0);
  g_assert_cmpuint (seen.failed, ==, 1);
  g_assert_nonnull (dsc_session_get_refresh_error (second));
  {
    g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              dsc_session_get_report (second)->snapshot->taken_at);

    g_assert_cmpstr (shown, ==, taken);
  }

  finalize_session (second);
  observed_clear (&seen);
}

static void
test_scenarios_are_the_demos (void)
{
  g_autoptr(GError) error = NULL;
  DscTokenProvider *tokens = dsc_static_token_provider_new ("no-token");
  DscConnection *connection = dsc_connection_new ("http://127.0.0.1:9", tokens, "Elsewhere",
                                                  &error);
  DscSession *session;

  g_assert_no_error (error);
  session = dsc_session_new (connection);
  g_object_unref (connection);
  g_assert_false (dsc_session_get_is_demo (session));
  g_assert_null (dsc_session_get_demo (session));
  g_assert_cmpstr (dsc_session_get_label (session), ==, "Elsewhere");
  g_assert_false (dsc_session_set_demo_scenario (session, "healthy", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (dsc_session_get_refreshing (session));
  finalize_session (session);
  g_assert_finalize_object (tokens);
}

static void
test_demo_scenario_refreshes (void)
{
  DscSession *session = new_demo ("healthy");
  g_autoptr(GError) error = NULL;
  Observed seen;

  observe (session, &seen);
  dsc_session_refresh (session);
  wait_for (session, is_idle);
  g_assert_cmpint (dsc_session_get_report (session)->overall, ==, DSC_STATUS_OK);

  g_assert_false (dsc_session_set_demo_scenario (session, "no-such-scenario", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dsc_session_get_refreshing (session));

  g_assert_true (dsc_session_set_demo_scenario (session, "sync-errors", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dsc_demo_get_scenario (dsc_session_get_demo (session)), ==, "sync-errors");
  g_assert_true (dsc_session_get_refreshing (session));
  wait_for (session, is_idle);
  g_assert_cmpint (dsc_session_get_report (session)->overall, ==, DSC_STATUS_ERROR);
  g_assert_cmpuint (seen.refreshed, ==, 2);

  finalize_session (session);
  observed_clear (&seen);
}

/* ---- tenant profiles: whose offline copy ---- */

/* A session on the demo's Graph server, as a tenant profile's (its data key). */
static DscSession *
profile_session (DscFakeTenant *fake,
                 const char    *data_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autoptr(DscConnection) connection =
    dsc_connection_new_graph (dsc_fake_tenant_get_base_url (fake), tokens, &error);

  g_assert_no_error (error);
  dsc_connection_set_data_key (connection, data_key);
  return dsc_session_new (connection);
}

static gboolean
forgotten (GAsyncResult **result)
{
  return *result != NULL;
}

static void
on_forgotten (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Two profiles on one Graph host (same label) keep apart: the second never
 * opens with the first's offline copy. Then removing the first deletes its
 * offline copy and its history; the second's stays. */
static void
test_profiles_on_one_host (void)
{
  DscSession *demo = new_demo ("sync-errors");
  DscFakeTenant *fake = fake_tenant (demo);
  DscSession *a = profile_session (fake, "profile:custom:tenant-a:a");
  DscSession *b;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tenant_id = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *label_a = NULL;
  gint64 a_rows;

  dsc_session_start (a);
  wait_for (a, is_idle);
  g_assert_nonnull (dsc_session_get_report (a));
  wait_for (a, cache_written);
  wait_for (a, has_history_diff);
  tenant_id = g_strdup (dsc_session_get_report (a)->snapshot->tenant_id);
  path_a = g_strdup (dsc_session_get_cache_path (a));
  label_a = g_strdup (dsc_session_get_label (a));
  finalize_session (a);

  /* Profile B, same Graph host, tenant unreachable: nothing to show (before,
   * the cache was keyed by the host alone and B opened on A's data). */
  b = profile_session (fake, "profile:custom:tenant-b:b");
  g_assert_cmpstr (dsc_session_get_label (b), ==, label_a);
  g_assert_cmpstr (dsc_session_get_cache_path (b), !=, path_a);
  dsc_fake_tenant_stop (fake);
  dsc_session_start (b);
  wait_for (b, is_idle);
  drain ();
  g_assert_null (dsc_session_get_report (b));
  g_assert_false (dsc_session_get_report_is_cached (b));
  g_assert_nonnull (dsc_session_get_refresh_error (b));

  /* Profile A removed: its offline copy and its history go. */
  a_rows = dsc_history_count_refreshes (dsc_history_get_default (), tenant_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a_rows, >=, 1);
  dsc_session_forget_data_async ("profile:custom:tenant-a:a", NULL, dsc_history_get_default (),
                                 NULL, on_forgotten, &result);
  while (!forgotten (&result))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dsc_session_forget_data_finish (result, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path_a, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dsc_history_count_refreshes (dsc_history_get_default (), tenant_id, &error),
                   ==, 0);
  g_assert_no_error (error);

  /* Nothing left to forget is no error either. */
  g_clear_object (&result);
  dsc_session_forget_data_async ("profile:custom:tenant-a:a", NULL, NULL, NULL, on_forgotten,
                                 &result);
  while (!forgotten (&result))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dsc_session_forget_data_finish (result, &error));

  finalize_session (b);
  finalize_session (demo);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autofree char *tmp = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The offline copy and the history go somewhere private. */
  tmp = g_dir_make_tmp ("dsc-test-session-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  dir = g_file_new_for_path (tmp);

  g_test_add_func ("/session/refresh-gives-report-and-history",
                   test_refresh_gives_report_and_history);
  g_test_add_func ("/session/cancel", test_cancel);
  g_test_add_func ("/session/failure-keeps-last-report", test_failure_keeps_last_report);
  g_test_add_func ("/session/offline-copy-at-start", test_offline_copy_at_start);
  g_test_add_func ("/session/scenarios-are-the-demos", test_scenarios_are_the_demos);
  g_test_add_func ("/session/demo-scenario-refreshes", test_demo_scenario_refreshes);
  g_test_add_func ("/session/profiles-on-one-host", test_profiles_on_one_host);

  status = g_test_run ();
  ui_test_remove_tree (dir);
  return status;
}

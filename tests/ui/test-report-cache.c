/* test-report-cache.c — the offline copy: written atomically, read back and
 * evaluated in a thread; missing or corrupt files are just "no copy". */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dsc-report-cache.h"
#include "dsc-snapshot-json.h"
#include "dsc-test-object.h"

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_report_cache_save_finish (DSC_REPORT_CACHE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

typedef struct {
  gboolean done;
  DscReport *report;
  GError *error;
} LoadResult;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadResult *out = user_data;

  out->report = dsc_report_cache_load_finish (DSC_REPORT_CACHE (source), result, &out->error);
  out->done = TRUE;
}

static void
load (DscReportCache *cache,
      LoadResult     *out)
{
  memset (out, 0, sizeof *out);
  dsc_report_cache_load_async (cache, NULL, NULL, on_loaded, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_round_trip (void)
{
  dsc_autofinalize(DscReportCache) cache = dsc_report_cache_new ("Demo tenant (round-trip)");
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  GStatBuf st;
  LoadResult loaded;
  gboolean saved = FALSE;

  g_assert_true (g_str_has_prefix (dsc_report_cache_get_path (cache), g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (dsc_report_cache_get_path (cache), ".json"));

  /* Nothing yet: not found, no report, no crash. */
  load (cache, &loaded);
  g_assert_null (loaded.report);
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&loaded.error);

  snapshot->taken_at = g_get_real_time () / G_USEC_PER_SEC - 60;
  snapshot->tenant_name = g_strdup ("Contoso Ltd");
  snapshot->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  snapshot->sync_state = DSC_SYNC_STATE_ON;
  snapshot->last_sync = snapshot->taken_at - 600;
  dsc_snapshot_set_source (snapshot, DSC_SOURCE_ORGANIZATION, DSC_SOURCE_STATE_OK,
                           NULL, NULL, NULL);

  dsc_report_cache_save_async (cache, snapshot, NULL, on_saved, &saved);
  while (!saved)
    g_main_context_iteration (NULL, TRUE);

  /* The tenant's object names are in there: this user only. */
  g_assert_cmpint (g_stat (dsc_report_cache_get_path (cache), &st), ==, 0);
#ifdef G_OS_UNIX
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
#endif

  load (cache, &loaded);
  g_assert_no_error (loaded.error);
  g_assert_nonnull (loaded.report);
  expected = dsc_snapshot_to_canonical_string (snapshot);
  actual = dsc_snapshot_to_canonical_string (loaded.report->snapshot);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpstr (loaded.report->snapshot->tenant_name, ==, "Contoso Ltd");
  dsc_report_unref (loaded.report);
}

static void
test_corrupt_is_no_copy (void)
{
  static const char *const bad[] = {
    "",
    "{\"version\": ",
    "[1, 2, 3]",
    "{\"version\": 999}",
    "\xff\xfe\x00garbage",
  };
  dsc_autofinalize(DscReportCache) cache = dsc_report_cache_new ("Demo tenant (corrupt)");
  g_autofree char *dir = g_path_get_dirname (dsc_report_cache_get_path (cache));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      LoadResult loaded;

      g_file_set_contents (dsc_report_cache_get_path (cache), bad[i], i == 4 ? 10 : -1, &error);
      g_assert_no_error (error);
      load (cache, &loaded);
      g_assert_null (loaded.report);
      g_assert_nonnull (loaded.error);
      g_clear_error (&loaded.error);
    }

  /* Deep nesting would overflow json-glib's recursive parser: refused first. */
  {
    g_autofree char *deep = g_strnfill (200000, '[');
    g_autoptr(GError) error = NULL;
    LoadResult loaded;

    g_file_set_contents (dsc_report_cache_get_path (cache), deep, -1, &error);
    g_assert_no_error (error);
    load (cache, &loaded);
    g_assert_null (loaded.report);
    g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&loaded.error);
  }
}

static void
test_labels_do_not_collide (void)
{
  dsc_autofinalize(DscReportCache) a = dsc_report_cache_new ("Demo tenant (healthy)");
  dsc_autofinalize(DscReportCache) b = dsc_report_cache_new ("Demo tenant (sync-errors)");
  dsc_autofinalize(DscReportCache) c = dsc_report_cache_new ("../../etc/passwd");

  g_assert_cmpstr (dsc_report_cache_get_path (a), !=, dsc_report_cache_get_path (b));
  /* The label is hashed, never used as a path. */
  g_assert_null (strstr (dsc_report_cache_get_path (c), "passwd"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ui/report-cache/round-trip", test_round_trip);
  g_test_add_func ("/ui/report-cache/corrupt-is-no-copy", test_corrupt_is_no_copy);
  g_test_add_func ("/ui/report-cache/labels-do-not-collide", test_labels_do_not_collide);

  return g_test_run ();
}

/* test-history.c — the refresh history: what is new and resolved between
 * refreshes, trend series, retention, migration from schema 1, recovery from
 * a damaged file and two writers on one file.
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "dsc-history.h"
#include "dsc-test-object.h"

#define T0 1795460102 /* 2026-11-23T18:55:02Z */
#define HOUR 3600

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("dsc-history-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "sub", "history.sqlite", NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autofree char *sub = g_build_filename (fx->dir, "sub", NULL);
  g_autoptr(GDir) d = g_dir_open (sub, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (sub, name, NULL);
      g_unlink (p);
    }
  g_rmdir (sub);
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

/* objects: "id:attribute:value" strings in error; findings: ids (error severity). */
static DscReport *
make_report (const char *tenant, gint64 now, const char *const *findings,
             const char *const *objects)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  DscReport *report;
  DscFinding *f = NULL;

  s->tenant_id = g_strdup (tenant);
  s->tenant_name = g_strdup ("Contoso");
  s->taken_at = now;
  s->last_sync = now - HOUR / 2;
  report = dsc_report_new (s, now);
  for (guint i = 0; findings != NULL && findings[i] != NULL; i++)
    dsc_report_add_finding (report, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_ERROR,
                            findings[i], findings[i], NULL);
  if (objects != NULL && objects[0] != NULL)
    f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                                "object-errors/all", "Objects in error", NULL);
  for (guint i = 0; objects != NULL && objects[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (objects[i], ":", 3);
      g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (DSC_OBJECT_USER);
      g_autoptr(DscDirectoryObject) holder = dsc_directory_object_new (DSC_OBJECT_GROUP);

      o->id = g_strdup (parts[0]);
      o->display_name = g_strdup_printf ("Name of %s", parts[0]);
      holder->id = g_strdup_printf ("holder-%s", parts[0]);
      dsc_finding_add_object (f, o, parts[1], parts[2], now - HOUR, TRUE);
      /* Holders are not in error and are not recorded as errors. */
      dsc_finding_add_object (f, holder, parts[1], parts[2], 0, FALSE);
    }
  dsc_report_finish (report);
  return report;
}

static DscHistoryDiff *
record (DscHistory *history, const char *tenant, gint64 now, const char *const *findings,
        const char *const *objects)
{
  g_autoptr(DscReport) report = make_report (tenant, now, findings, objects);
  g_autoptr(GError) error = NULL;
  DscHistoryDiff *diff = dsc_history_record (history, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diff);
  return diff;
}

static gboolean
has_finding (GPtrArray *list, const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((DscHistoryFinding *) g_ptr_array_index (list, i))->id, id))
      return TRUE;
  return FALSE;
}

static const DscHistoryObjectError *
find_object (GPtrArray *list, const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((DscHistoryObjectError *) g_ptr_array_index (list, i))->object_id, id))
      return g_ptr_array_index (list, i);
  return NULL;
}

static void
test_diff (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(DscHistoryDiff) first = NULL;
  g_autoptr(DscHistoryDiff) second = NULL;
  g_autoptr(DscHistoryDiff) third = NULL;
  g_autoptr(DscHistoryDiff) latest = NULL;
  const char *f1[] = { "no-recent-sync/stale", "domains/unverified", NULL };
  const char *o1[] = { "u1:ProxyAddress:smtp:a@contoso.com", "u2:UserPrincipalName:b@contoso.com",
                       NULL };
  const char *f2[] = { "domains/unverified", "quota/near", NULL };
  const char *o2[] = { "u2:UserPrincipalName:b@contoso.com", "u3:ProxyAddress:smtp:c@contoso.com",
                       NULL };
  const DscHistoryObjectError *e;

  /* The first refresh has no "before": nothing is new or resolved. */
  first = record (history, "t1", T0, f1, o1);
  g_assert_cmpint (first->previous_at, ==, 0);
  g_assert_cmpuint (first->new_findings->len, ==, 0);
  g_assert_cmpuint (first->new_object_errors->len, ==, 0);

  second = record (history, "t1", T0 + HOUR, f2, o2);
  g_assert_cmpint (second->previous_at, ==, T0);
  g_assert_cmpint (second->current_at, ==, T0 + HOUR);
  g_assert_cmpuint (second->new_findings->len, ==, 1);
  g_assert_true (has_finding (second->new_findings, "quota/near"));
  g_assert_true (dsc_history_diff_is_new_finding (second, "quota/near"));
  g_assert_false (dsc_history_diff_is_new_finding (second, "domains/unverified"));
  g_assert_cmpuint (second->resolved_findings->len, ==, 1);
  g_assert_true (has_finding (second->resolved_findings, "no-recent-sync/stale"));
  g_assert_cmpuint (second->new_object_errors->len, ==, 1);
  e = find_object (second->new_object_errors, "u3");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->display_name, ==, "Name of u3");
  g_assert_cmpstr (e->value, ==, "smtp:c@contoso.com");
  g_assert_cmpint (e->first_seen, ==, T0 + HOUR);
  g_assert_true (dsc_history_diff_is_new_object_error (second, "u3", "ProxyAddress",
                                                       "smtp:c@contoso.com"));
  g_assert_cmpuint (second->resolved_object_errors->len, ==, 1);
  e = find_object (second->resolved_object_errors, "u1");
  g_assert_nonnull (e);
  g_assert_cmpint (e->first_seen, ==, T0);
  g_assert_cmpint (e->last_seen, ==, T0);

  /* u1 comes back: new again, with a new first-seen; u2 keeps its streak. */
  third = record (history, "t1", T0 + 2 * HOUR, f2, o1);
  e = find_object (third->new_object_errors, "u1");
  g_assert_nonnull (e);
  g_assert_cmpint (e->first_seen, ==, T0 + 2 * HOUR);
  g_assert_null (find_object (third->new_object_errors, "u2"));
  g_assert_nonnull (find_object (third->resolved_object_errors, "u3"));

  /* Another tenant's refreshes don't mix in. */
  g_clear_pointer (&first, dsc_history_diff_unref);
  first = record (history, "t2", T0 + 3 * HOUR, f1, o1);
  g_assert_cmpint (first->previous_at, ==, 0);

  latest = dsc_history_get_latest_diff (history, "t1", NULL);
  g_assert_nonnull (latest);
  g_assert_cmpint (latest->current_at, ==, T0 + 2 * HOUR);
  g_assert_nonnull (find_object (latest->new_object_errors, "u1"));
  g_assert_cmpint (dsc_history_count_refreshes (history, "t1", NULL), ==, 3);
}

static void
test_series_and_retention (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GArray) lag = NULL;
  g_autoptr(GError) error = NULL;
  const char *objects[] = { "a:P:1", "b:P:2", "c:P:3", "d:P:4", NULL };

  dsc_history_set_retention_days (history, 2);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(DscHistoryDiff) diff = NULL;
      const char *some[5] = { NULL };

      for (guint k = 0; k <= i; k++)
        some[k] = objects[k];
      diff = record (history, "t", T0 + i * 12 * HOUR, NULL, some);
    }
  errors = dsc_history_get_series (history, "t", DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      DscHistoryPoint *p = &g_array_index (errors, DscHistoryPoint, i);

      g_assert_cmpint (p->time, ==, T0 + i * 12 * HOUR);
      g_assert_cmpfloat (p->value, ==, i + 1);
    }
  lag = dsc_history_get_series (history, "t", DSC_HISTORY_SERIES_SYNC_LAG, T0 + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lag->len, ==, 3);
  g_assert_cmpfloat (g_array_index (lag, DscHistoryPoint, 0).value, ==, HOUR / 2);

  /* Two days' retention, five days on: only refreshes since day 3 stay. */
  g_assert_true (dsc_history_prune (history, T0 + 4 * 24 * HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dsc_history_count_refreshes (history, "t", NULL), ==, 0);
  g_assert_cmpint (dsc_history_get_retention_days (history), ==, 2);
}

static void
test_retention_on_record (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(DscHistoryDiff) a = NULL;
  g_autoptr(DscHistoryDiff) b = NULL;

  g_assert_cmpint (dsc_history_get_retention_days (history), ==, 90);
  a = record (history, "t", T0, NULL, NULL);
  b = record (history, "t", T0 + 91 * 24 * HOUR, NULL, NULL);
  g_assert_cmpint (dsc_history_count_refreshes (history, "t", NULL), ==, 1);
}

/* Schema 1 as released: the migration must carry its data over. */
static const char schema_v1[] =
  "CREATE TABLE refresh (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL,"
  " taken_at INTEGER NOT NULL, evaluated_at INTEGER NOT NULL, overall TEXT NOT NULL,"
  " last_sync INTEGER, last_password_sync INTEGER);"
  "CREATE TABLE tile_status (refresh_id INTEGER NOT NULL REFERENCES refresh(id)"
  " ON DELETE CASCADE, tile TEXT NOT NULL, status TEXT NOT NULL,"
  " PRIMARY KEY (refresh_id, tile));"
  "CREATE TABLE finding (refresh_id INTEGER NOT NULL REFERENCES refresh(id) ON DELETE CASCADE,"
  " finding_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,"
  " title TEXT NOT NULL, PRIMARY KEY (refresh_id, finding_id));"
  "CREATE TABLE object_error (tenant_id TEXT NOT NULL, object_id TEXT NOT NULL,"
  " attribute TEXT NOT NULL, value TEXT NOT NULL, kind TEXT NOT NULL, display_name TEXT,"
  " first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
  " PRIMARY KEY (tenant_id, object_id, attribute, value));"
  "PRAGMA user_version=1;";

static void
write_v1 (const char *path, gint64 t)
{
  sqlite3 *db = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *rows = g_strdup_printf (
    "INSERT INTO refresh VALUES (1, 't', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT
    ", 'error', %2$" G_GINT64_FORMAT ", NULL);"
    "INSERT INTO finding VALUES (1, 'domains/unverified', 'domains', 'warning', 'x');"
    "INSERT INTO object_error VALUES ('t', 'u1', 'ProxyAddress', 'smtp:a@contoso.com',"
    " 'user', 'Adele', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ");"
    "INSERT INTO object_error VALUES ('t', 'u2', 'ProxyAddress', 'smtp:b@contoso.com',"
    " 'user', 'Ben', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ");",
    t, t - 600);

  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, rows, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static int
read_user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static void
test_migrates_from_v1 (Fixture *fx, gconstpointer data)
{
  g_autoptr(DscHistory) history = NULL;
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DscHistoryDiff) diff = NULL;
  const char *still[] = { "u2:ProxyAddress:smtp:b@contoso.com", NULL };

  write_v1 (fx->path, T0);
  g_assert_cmpint (read_user_version (fx->path), ==, 1);

  history = dsc_history_new (fx->path);
  g_assert_true (dsc_history_open (history, &error));
  g_assert_no_error (error);
  g_assert_null (dsc_history_dup_recovery_message (history));
  g_assert_cmpint (read_user_version (fx->path), ==, DSC_HISTORY_SCHEMA_VERSION);

  /* Counts were back-filled from the old rows. */
  errors = dsc_history_get_series (history, "t", DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpfloat (g_array_index (errors, DscHistoryPoint, 0).value, ==, 2);
  problems = dsc_history_get_series (history, "t", DSC_HISTORY_SERIES_PROBLEMS, 0, &error);
  g_assert_cmpfloat (g_array_index (problems, DscHistoryPoint, 0).value, ==, 1);

  /* And the old refresh takes part in the next diff: u2 continues, u1 resolved. */
  diff = record (history, "t", T0 + HOUR, NULL, still);
  g_assert_cmpint (diff->previous_at, ==, T0);
  g_assert_cmpuint (diff->new_object_errors->len, ==, 0);
  g_assert_nonnull (find_object (diff->resolved_object_errors, "u1"));
  g_assert_true (has_finding (diff->resolved_findings, "domains/unverified"));

  /* Opening again is a no-op. */
  dsc_test_clear_finalized (&history);
  history = dsc_history_new (fx->path);
  g_assert_true (dsc_history_open (history, &error));
  g_assert_cmpint (dsc_history_count_refreshes (history, "t", NULL), ==, 2);
}

static void
test_newer_schema_untouched (Fixture *fx, gconstpointer data)
{
  g_autoptr(DscHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  write_v1 (fx->path, T0);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version=99", NULL, NULL, NULL);
  sqlite3_close (db);

  history = dsc_history_new (fx->path);
  g_assert_false (dsc_history_open (history, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (read_user_version (fx->path), ==, 99);
}

static guint
count_corrupt_copies (const Fixture *fx)
{
  g_autofree char *sub = g_path_get_dirname (fx->path);
  g_autoptr(GDir) d = g_dir_open (sub, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "history.sqlite.corrupt-") && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      n++;
  return n;
}

static void
test_garbage_file_moved_aside (Fixture *fx, gconstpointer data)
{
  g_autoptr(DscHistory) history = NULL;
  g_autoptr(DscHistoryDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *dir = g_path_get_dirname (fx->path);
  g_autoptr(GString) garbage = g_string_new (NULL);

  for (guint i = 0; i < 2000; i++)
    g_string_append (garbage, "this is not a database ");
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (fx->path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);

  history = dsc_history_new (fx->path);
  g_assert_true (dsc_history_open (history, &error));
  g_assert_no_error (error);
  message = dsc_history_dup_recovery_message (history);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "history.sqlite.corrupt-"));
  g_assert_cmpuint (count_corrupt_copies (fx), ==, 1);

  diff = record (history, "t", T0, NULL, NULL);
  g_assert_cmpint (dsc_history_count_refreshes (history, "t", NULL), ==, 1);
}

static void
test_damaged_pages_moved_aside (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  gsize length;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *o = g_strdup_printf ("u%u:ProxyAddress:smtp:%u@contoso.com", i, i);
      const char *objects[] = { o, NULL };
      g_autoptr(DscHistoryDiff) diff = record (history, "t", T0 + i * HOUR, NULL, objects);
    }
  dsc_test_clear_finalized (&history);   /* checkpoints the WAL into the file */

  g_file_get_contents (fx->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4 * 4096);
  /* Scribble over everything after the first page. */
  memset (contents + 4096, 0x5a, length - 4096);
  g_file_set_contents (fx->path, contents, length, &error);
  g_assert_no_error (error);

  history = dsc_history_new (fx->path);
  g_assert_true (dsc_history_open (history, &error));
  g_assert_no_error (error);
  message = dsc_history_dup_recovery_message (history);
  g_assert_nonnull (message);
  g_assert_cmpuint (count_corrupt_copies (fx), ==, 1);
  g_assert_cmpint (dsc_history_count_refreshes (history, "t", NULL), ==, 0);
}

typedef struct {
  const char *path;
  const char *tenant;
  guint n;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  dsc_autofinalize(DscHistory) history = dsc_history_new (w->path);

  for (guint i = 0; i < w->n; i++)
    {
      g_autofree char *o = g_strdup_printf ("%s-u%u:ProxyAddress:smtp:%u@x.com", w->tenant, i % 7,
                                            i % 7);
      const char *objects[] = { o, NULL };
      const char *findings[] = { "no-recent-sync/stale", NULL };
      g_autoptr(DscReport) report = make_report (w->tenant, T0 + i * 60, findings, objects);
      g_autoptr(GError) error = NULL;
      g_autoptr(DscHistoryDiff) diff = dsc_history_record (history, report, &error);

      g_assert_no_error (error);
      g_assert_nonnull (diff);
    }
  return NULL;
}

static void
test_concurrent_writers (Fixture *fx, gconstpointer data)
{
  Writer a = { fx->path, "tenant-a", 60 };
  Writer b = { fx->path, "tenant-b", 60 };
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  GThread *ta, *tb;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Create the file first so both writers race on use, not on creation. */
  g_assert_true (dsc_history_open (history, NULL));
  ta = g_thread_new ("writer-a", writer_thread, &a);
  tb = g_thread_new ("writer-b", writer_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);

  g_assert_cmpint (dsc_history_count_refreshes (history, "tenant-a", NULL), ==, 60);
  g_assert_cmpint (dsc_history_count_refreshes (history, "tenant-b", NULL), ==, 60);

  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM object_error", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 14);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
record_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DscHistoryDiff **out = data;
  g_autoptr(GError) error = NULL;

  *out = dsc_history_record_finish (DSC_HISTORY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(DscReport) report = make_report ("t", T0, NULL, NULL);
  DscHistoryDiff *diff = NULL;

  dsc_history_record_async (history, report, NULL, record_done, &diff);
  while (diff == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (diff->current_at, ==, T0);
  dsc_history_diff_unref (diff);
}

static void
test_default_path (void)
{
  g_autofree char *path = dsc_history_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir_base = g_path_get_basename (dir);

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  /* Not a suffix match: on Windows, g_build_filename() follows the separator
   * of the data dir, which may be '/' (XDG_DATA_HOME from the test env). */
  g_assert_cmpstr (base, ==, "history.sqlite");
  g_assert_cmpstr (dir_base, ==, "dirsync-companion");
}

/* Objects other categories list "in error" (the synced objects the cloud can't edit) are no
 * sync errors: not new, not counted in the trend. */
static void
test_only_sync_errors_count (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(DscHistoryDiff) first = NULL;
  g_autoptr(DscHistoryDiff) second = NULL;
  g_autoptr(DscReport) report = NULL;
  g_autoptr(DscDirectoryObject) synced = dsc_directory_object_new (DSC_OBJECT_USER);
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  const char *objects[] = { "u1:ProxyAddress:smtp:a@contoso.com", NULL };
  DscFinding *f;

  first = record (history, "t", T0, NULL, NULL);
  report = make_report ("t", T0 + HOUR, NULL, objects);
  synced->id = g_strdup ("u9");
  f = dsc_report_add_finding (report, DSC_CATEGORY_CANT_MANAGE, DSC_STATUS_INFO,
                              "cant-manage/synced", "Synced objects", NULL);
  dsc_finding_add_object (f, synced, NULL, NULL, 0, TRUE);
  second = dsc_history_record (history, report, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (second->new_object_errors->len, ==, 1);
  g_assert_nonnull (find_object (second->new_object_errors, "u1"));
  g_assert_null (find_object (second->new_object_errors, "u9"));
  errors = dsc_history_get_series (history, "t", DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_cmpfloat (g_array_index (errors, DscHistoryPoint, 1).value, ==, 1);
}

/* Each on-premises scan is recorded once with its counts, however many
 * refreshes carry it; a new scan is a new row. */
static DscReport *
report_with_scan (gint64 now, gint64 scanned_at, guint errors, guint warnings)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  DscOnpremScanResult *scan = dsc_onprem_scan_result_new ();
  DscReport *report;

  s->tenant_id = g_strdup ("t");
  s->taken_at = now;
  scan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  scan->scanned_at = scanned_at;
  scan->source = g_strdup ("ldaps://dc1");
  scan->objects_read = 10;
  for (guint i = 0; i < errors + warnings; i++)
    {
      DscOnpremFinding *f = g_new0 (DscOnpremFinding, 1);

      f->dn = g_strdup_printf ("CN=o%u,DC=corp", i);
      f->attribute = g_strdup ("mail");
      f->rule = "format";
      f->message = g_strdup ("m");
      f->severity = i < errors ? DSC_ONPREM_SEVERITY_ERROR : DSC_ONPREM_SEVERITY_WARNING;
      g_ptr_array_add (scan->findings, f);
    }
  s->onprem_scan = scan;
  report = dsc_report_new (s, now);
  dsc_report_finish (report);
  return report;
}

static void
test_onprem_scans (Fixture *fx, gconstpointer data)
{
  dsc_autofinalize(DscHistory) history = dsc_history_new (fx->path);
  g_autoptr(GError) error = NULL;
  gint64 n, errors, warnings;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DscReport) report = report_with_scan (T0 + i * HOUR, T0, 2, 1);
      g_autoptr(DscHistoryDiff) diff = dsc_history_record (history, report, &error);

      g_assert_no_error (error);
    }
  g_assert_true (dsc_history_get_onprem_counts (history, "t", &n, &errors, &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (errors, ==, 2);
  g_assert_cmpint (warnings, ==, 1);

  {
    g_autoptr(DscReport) report = report_with_scan (T0 + 4 * HOUR, T0 + 4 * HOUR, 0, 3);
    g_autoptr(DscHistoryDiff) diff = dsc_history_record (history, report, &error);

    g_assert_no_error (error);
  }
  g_assert_true (dsc_history_get_onprem_counts (history, "t", &n, &errors, &warnings, &error));
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint (errors, ==, 0);
  g_assert_cmpint (warnings, ==, 3);

  g_assert_true (dsc_history_get_onprem_counts (history, "other", &n, &errors, &warnings, &error));
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (errors, ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  g_test_add_func ("/core/history/default-path", test_default_path);
  ADD ("/core/history/diff-new-and-resolved", test_diff);
  ADD ("/core/history/series-and-prune", test_series_and_retention);
  ADD ("/core/history/only-sync-errors-count", test_only_sync_errors_count);
  ADD ("/core/history/retention-on-record", test_retention_on_record);
  ADD ("/core/history/migrates-from-v1", test_migrates_from_v1);
  ADD ("/core/history/newer-schema-left-untouched", test_newer_schema_untouched);
  ADD ("/core/history/garbage-file-moved-aside", test_garbage_file_moved_aside);
  ADD ("/core/history/damaged-pages-moved-aside", test_damaged_pages_moved_aside);
  ADD ("/core/history/concurrent-writers", test_concurrent_writers);
  ADD ("/core/history/record-async", test_async);
  ADD ("/core/history/onprem-scans", test_onprem_scans);
#undef ADD
  return g_test_run ();
}

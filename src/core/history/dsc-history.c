/* dsc-history.c — the refresh history in SQLite.
 *
 * Schema versions live in PRAGMA user_version; each migration runs in its
 * own transaction, so an interrupted upgrade leaves the previous version.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-history"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dsc-history.h"
#include "dsc-time.h"

#define BUSY_TIMEOUT_MS 10000

struct _DscHistory {
  GObject parent_instance;

  GMutex lock;
  char *path;
  sqlite3 *db;
  guint retention_days;
  char *recovery_message;
};

G_DEFINE_FINAL_TYPE (DscHistory, dsc_history, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (DscHistoryDiff, dsc_history_diff, dsc_history_diff_ref,
                     dsc_history_diff_unref)

/* Version 1: refreshes, tile statuses, findings, object errors. */
static const char migrate_1[] =
  "CREATE TABLE refresh ("
  "  id INTEGER PRIMARY KEY,"
  "  tenant_id TEXT NOT NULL,"
  "  taken_at INTEGER NOT NULL,"
  "  evaluated_at INTEGER NOT NULL,"
  "  overall TEXT NOT NULL,"
  "  last_sync INTEGER,"
  "  last_password_sync INTEGER);"
  "CREATE TABLE tile_status ("
  "  refresh_id INTEGER NOT NULL REFERENCES refresh(id) ON DELETE CASCADE,"
  "  tile TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  PRIMARY KEY (refresh_id, tile));"
  "CREATE TABLE finding ("
  "  refresh_id INTEGER NOT NULL REFERENCES refresh(id) ON DELETE CASCADE,"
  "  finding_id TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  severity TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  PRIMARY KEY (refresh_id, finding_id));"
  "CREATE TABLE object_error ("
  "  tenant_id TEXT NOT NULL,"
  "  object_id TEXT NOT NULL,"
  "  attribute TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  display_name TEXT,"
  "  first_seen INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL,"
  "  PRIMARY KEY (tenant_id, object_id, attribute, value));";

/* Version 2: counts per refresh for cheap trend queries, and which refresh
 * first/last saw each object error (for "new" and "resolved"). */
static const char migrate_2[] =
  "ALTER TABLE refresh ADD COLUMN objects_in_error INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE refresh ADD COLUMN problems INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE object_error ADD COLUMN first_refresh_id INTEGER;"
  "ALTER TABLE object_error ADD COLUMN last_refresh_id INTEGER;"
  "CREATE INDEX refresh_by_tenant_time ON refresh (tenant_id, evaluated_at);"
  "CREATE INDEX object_error_by_last ON object_error (tenant_id, last_refresh_id);"
  "UPDATE refresh SET"
  "  objects_in_error = (SELECT count(DISTINCT o.object_id) FROM object_error o"
  "    WHERE o.tenant_id = refresh.tenant_id AND o.first_seen <= refresh.evaluated_at"
  "      AND o.last_seen >= refresh.evaluated_at),"
  "  problems = (SELECT count(*) FROM finding f"
  "    WHERE f.refresh_id = refresh.id AND f.severity IN ('warning', 'error'));"
  "UPDATE object_error SET"
  "  first_refresh_id = (SELECT r.id FROM refresh r WHERE r.tenant_id = object_error.tenant_id"
  "    AND r.evaluated_at = object_error.first_seen ORDER BY r.id LIMIT 1),"
  "  last_refresh_id = (SELECT r.id FROM refresh r WHERE r.tenant_id = object_error.tenant_id"
  "    AND r.evaluated_at = object_error.last_seen ORDER BY r.id DESC LIMIT 1);";

/* Version 3: the on-premises scans, one row each (a scan carried over into
 * later refreshes is recorded once), with its counts. */
static const char migrate_3[] =
  "CREATE TABLE onprem_scan ("
  "  tenant_id TEXT NOT NULL,"
  "  scanned_at INTEGER NOT NULL,"
  "  source TEXT,"
  "  objects_read INTEGER NOT NULL,"
  "  objects_skipped INTEGER NOT NULL,"
  "  errors INTEGER NOT NULL,"
  "  warnings INTEGER NOT NULL,"
  "  cloud_conflicts INTEGER NOT NULL,"
  "  cloud_traced INTEGER NOT NULL,"
  "  PRIMARY KEY (tenant_id, scanned_at));";

static const char *const migrations[DSC_HISTORY_SCHEMA_VERSION] = {
  migrate_1, migrate_2, migrate_3,
};

/* Diff */

static void
history_finding_free (DscHistoryFinding *f)
{
  g_free (f->id);
  g_free (f->title);
  g_free (f);
}

static void
history_object_error_free (DscHistoryObjectError *e)
{
  g_free (e->object_id);
  g_free (e->display_name);
  g_free (e->attribute);
  g_free (e->value);
  g_free (e);
}

static DscHistoryDiff *
diff_new (void)
{
  DscHistoryDiff *diff = g_new0 (DscHistoryDiff, 1);

  g_atomic_ref_count_init (&diff->ref_count);
  diff->new_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) history_finding_free);
  diff->resolved_findings =
    g_ptr_array_new_with_free_func ((GDestroyNotify) history_finding_free);
  diff->new_object_errors =
    g_ptr_array_new_with_free_func ((GDestroyNotify) history_object_error_free);
  diff->resolved_object_errors =
    g_ptr_array_new_with_free_func ((GDestroyNotify) history_object_error_free);
  return diff;
}

DscHistoryDiff *
dsc_history_diff_ref (DscHistoryDiff *diff)
{
  g_atomic_ref_count_inc (&diff->ref_count);
  return diff;
}

void
dsc_history_diff_unref (DscHistoryDiff *diff)
{
  if (!g_atomic_ref_count_dec (&diff->ref_count))
    return;
  g_ptr_array_unref (diff->new_findings);
  g_ptr_array_unref (diff->resolved_findings);
  g_ptr_array_unref (diff->new_object_errors);
  g_ptr_array_unref (diff->resolved_object_errors);
  g_free (diff);
}

gboolean
dsc_history_diff_is_new_finding (const DscHistoryDiff *diff, const char *finding_id)
{
  for (guint i = 0; diff != NULL && i < diff->new_findings->len; i++)
    {
      const DscHistoryFinding *f = g_ptr_array_index (diff->new_findings, i);

      if (g_strcmp0 (f->id, finding_id) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
dsc_history_diff_is_new_object_error (const DscHistoryDiff *diff,
                                      const char *object_id,
                                      const char *attribute,
                                      const char *value)
{
  for (guint i = 0; diff != NULL && i < diff->new_object_errors->len; i++)
    {
      const DscHistoryObjectError *e = g_ptr_array_index (diff->new_object_errors, i);

      if (g_strcmp0 (e->object_id, object_id) == 0 &&
          g_strcmp0 (e->attribute, attribute != NULL ? attribute : "") == 0 &&
          g_strcmp0 (e->value, value != NULL ? value : "") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Object */

static void
dsc_history_finalize (GObject *object)
{
  DscHistory *self = DSC_HISTORY (object);

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->recovery_message);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (dsc_history_parent_class)->finalize (object);
}

static void
dsc_history_class_init (DscHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dsc_history_finalize;
}

static void
dsc_history_init (DscHistory *self)
{
  g_mutex_init (&self->lock);
  self->retention_days = DSC_HISTORY_DEFAULT_RETENTION_DAYS;
}

char *
dsc_history_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "dirsync-companion", "history.sqlite", NULL);
}

DscHistory *
dsc_history_new (const char *path)
{
  DscHistory *self = g_object_new (DSC_TYPE_HISTORY, NULL);

  self->path = path != NULL ? g_strdup (path) : dsc_history_dup_default_path ();
  return self;
}

DscHistory *
dsc_history_get_default (void)
{
  static DscHistory *history;

  if (g_once_init_enter (&history))
    g_once_init_leave (&history, dsc_history_new (NULL));
  return history;
}

const char *
dsc_history_get_path (DscHistory *self)
{
  g_return_val_if_fail (DSC_IS_HISTORY (self), NULL);
  return self->path;
}

void
dsc_history_set_retention_days (DscHistory *self, guint days)
{
  g_return_if_fail (DSC_IS_HISTORY (self));
  self->retention_days = MAX (days, 1);
}

guint
dsc_history_get_retention_days (DscHistory *self)
{
  g_return_val_if_fail (DSC_IS_HISTORY (self), 0);
  return self->retention_days;
}

char *
dsc_history_dup_recovery_message (DscHistory *self)
{
  char *message;

  g_return_val_if_fail (DSC_IS_HISTORY (self), NULL);
  g_mutex_lock (&self->lock);
  message = g_strdup (self->recovery_message);
  g_mutex_unlock (&self->lock);
  return message;
}

/* SQLite helpers */

static gboolean
is_corrupt_code (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static gboolean
set_db_error (DscHistory *self, int rc, const char *what, GError **error)
{
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  g_set_error (error, G_IO_ERROR, is_corrupt_code (rc) ? G_IO_ERROR_INVALID_DATA
               : (rc & 0xff) == SQLITE_FULL ? G_IO_ERROR_NO_SPACE
               : (rc & 0xff) == SQLITE_BUSY ? G_IO_ERROR_BUSY : G_IO_ERROR_FAILED,
               _("Refresh history (%s): %s: %s"), self->path, what, message);
  return FALSE;
}

static int
exec (DscHistory *self, const char *sql)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

static sqlite3_stmt *
prepare (DscHistory *self, const char *sql, int *rc)
{
  sqlite3_stmt *stmt = NULL;

  *rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  return *rc == SQLITE_OK ? stmt : NULL;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}

static char *
dup_column (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

/* Opening */

static void
close_db (DscHistory *self)
{
  if (self->db != NULL)
    sqlite3_close (self->db);
  self->db = NULL;
}

static void
move_aside (DscHistory *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  const char *suffixes[] = { "-wal", "-shm", "-journal" };

  close_db (self);
  if (g_rename (self->path, aside) != 0)
    {
      g_warning ("Couldn't move the damaged history %s aside: %s", self->path,
                 g_strerror (errno));
      g_unlink (self->path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_unlink (from);
    }
  g_free (self->recovery_message);
  self->recovery_message =
    g_strdup_printf (_("The refresh history was damaged. It was moved to “%s” and a new "
                       "history was started."), aside);
  g_message ("%s", self->recovery_message);
}

static int
user_version (DscHistory *self, int *version)
{
  int rc;
  sqlite3_stmt *stmt = prepare (self, "PRAGMA user_version", &rc);

  if (stmt == NULL)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Opens and checks the file. Returns an SQLite code; corruption codes make
 * the caller move the file aside. */
static int
try_open (DscHistory *self, GError **error)
{
  int rc, version = 0;
  sqlite3_stmt *stmt;

  /* A new history is private (0600); SQLite gives its -wal and -shm files
   * the same mode. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL, 0600);

      if (fd >= 0)
        g_close (fd, NULL);
    }
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  if ((rc = exec (self, "PRAGMA journal_mode=WAL")) != SQLITE_OK ||
      (rc = exec (self, "PRAGMA foreign_keys=ON")) != SQLITE_OK ||
      (rc = exec (self, "PRAGMA synchronous=NORMAL")) != SQLITE_OK)
    return rc;

  stmt = prepare (self, "PRAGMA quick_check", &rc);
  if (stmt == NULL)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;

      sqlite3_finalize (stmt);
      if (!ok)
        return SQLITE_CORRUPT;
    }
  else
    {
      sqlite3_finalize (stmt);
      return rc;
    }

  if ((rc = user_version (self, &version)) != SQLITE_OK)
    return rc;
  if (version > DSC_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The refresh history %s was written by a newer DirSync Companion "
                     "(schema %d); it is left untouched"), self->path, version);
      return SQLITE_MISMATCH;
    }
  for (int v = version; v < DSC_HISTORY_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version=%d", v + 1);

      if ((rc = exec (self, "BEGIN IMMEDIATE")) != SQLITE_OK)
        return rc;
      /* Another process may have migrated while we waited for the lock. */
      if ((rc = user_version (self, &version)) != SQLITE_OK)
        {
          exec (self, "ROLLBACK");
          return rc;
        }
      if (version > v)
        {
          exec (self, "COMMIT");
          v = version - 1;
          continue;
        }
      if ((rc = exec (self, migrations[v])) != SQLITE_OK ||
          (rc = exec (self, bump)) != SQLITE_OK ||
          (rc = exec (self, "COMMIT")) != SQLITE_OK)
        {
          g_debug ("migration to %d failed: %s", v + 1, sqlite3_errmsg (self->db));
          exec (self, "ROLLBACK");
          return rc;
        }
      g_debug ("history %s migrated to schema %d", self->path, v + 1);
    }
  return SQLITE_OK;
}

static gboolean
ensure_open_locked (DscHistory *self, GError **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  if (self->db != NULL)
    return TRUE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Couldn't create the folder for the refresh history, %s: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }

  rc = try_open (self, &local_error);
  if (rc != SQLITE_OK && is_corrupt_code (rc))
    {
      move_aside (self);
      rc = try_open (self, &local_error);
    }
  if (rc != SQLITE_OK)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_db_error (self, rc, _("couldn't open"), error);
      close_db (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
dsc_history_open (DscHistory *self, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (DSC_IS_HISTORY (self), FALSE);
  g_mutex_lock (&self->lock);
  ok = ensure_open_locked (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Diffs */

static gint64
refresh_time (DscHistory *self, gint64 id)
{
  int rc;
  sqlite3_stmt *stmt = prepare (self, "SELECT evaluated_at FROM refresh WHERE id = ?", &rc);
  gint64 t = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    t = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return t;
}

static int
load_findings (DscHistory *self, gint64 in_id, gint64 not_in_id, GPtrArray *out)
{
  int rc;
  sqlite3_stmt *stmt = prepare (self,
    "SELECT finding_id, category, severity, title FROM finding c"
    " WHERE c.refresh_id = ?1 AND c.severity NOT IN ('ok', 'info')"
    "   AND NOT EXISTS (SELECT 1 FROM finding p WHERE p.refresh_id = ?2"
    "                   AND p.finding_id = c.finding_id AND p.severity NOT IN ('ok', 'info'))"
    " ORDER BY finding_id", &rc);

  if (stmt == NULL)
    return rc;
  sqlite3_bind_int64 (stmt, 1, in_id);
  sqlite3_bind_int64 (stmt, 2, not_in_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DscHistoryFinding *f = g_new0 (DscHistoryFinding, 1);
      DscCategoryId category = 0;
      DscStatus severity = DSC_STATUS_UNKNOWN;

      f->id = dup_column (stmt, 0);
      dsc_category_from_string ((const char *) sqlite3_column_text (stmt, 1), &category);
      dsc_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &severity);
      f->category = category;
      f->severity = severity;
      f->title = dup_column (stmt, 3);
      g_ptr_array_add (out, f);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
load_object_errors (DscHistory *self, const char *tenant, const char *column, gint64 id,
                    GPtrArray *out)
{
  int rc;
  g_autofree char *sql = g_strdup_printf (
    "SELECT object_id, kind, display_name, attribute, value, first_seen, last_seen"
    " FROM object_error WHERE tenant_id = ?1 AND %s = ?2"
    " ORDER BY display_name, object_id, attribute, value", column);
  sqlite3_stmt *stmt = prepare (self, sql, &rc);

  if (stmt == NULL)
    return rc;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DscHistoryObjectError *e = g_new0 (DscHistoryObjectError, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);

      e->object_id = dup_column (stmt, 0);
      e->kind = g_strcmp0 (kind, "group") == 0 ? DSC_OBJECT_GROUP
              : g_strcmp0 (kind, "contact") == 0 ? DSC_OBJECT_CONTACT : DSC_OBJECT_USER;
      e->display_name = dup_column (stmt, 2);
      e->attribute = dup_column (stmt, 3);
      e->value = dup_column (stmt, 4);
      e->first_seen = sqlite3_column_int64 (stmt, 5);
      e->last_seen = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (out, e);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* What changed from previous_id (0: none) to current_id. */
static DscHistoryDiff *
compute_diff (DscHistory *self, const char *tenant, gint64 current_id, gint64 previous_id,
              GError **error)
{
  g_autoptr(DscHistoryDiff) diff = diff_new ();
  int rc = SQLITE_OK;

  diff->current_at = refresh_time (self, current_id);
  if (previous_id == 0)
    return g_steal_pointer (&diff);
  diff->previous_at = refresh_time (self, previous_id);

  if ((rc = load_findings (self, current_id, previous_id, diff->new_findings)) != SQLITE_OK ||
      (rc = load_findings (self, previous_id, current_id, diff->resolved_findings)) != SQLITE_OK ||
      (rc = load_object_errors (self, tenant, "first_refresh_id", current_id,
                                diff->new_object_errors)) != SQLITE_OK ||
      (rc = load_object_errors (self, tenant, "last_refresh_id", previous_id,
                                diff->resolved_object_errors)) != SQLITE_OK)
    {
      set_db_error (self, rc, _("couldn't compare refreshes"), error);
      return NULL;
    }
  return g_steal_pointer (&diff);
}

/* The latest two refreshes of a tenant (0 when missing). */
static int
latest_two (DscHistory *self, const char *tenant, gint64 *latest, gint64 *before)
{
  int rc;
  sqlite3_stmt *stmt = prepare (self,
    "SELECT id FROM refresh WHERE tenant_id = ? ORDER BY evaluated_at DESC, id DESC LIMIT 2",
    &rc);

  *latest = *before = 0;
  if (stmt == NULL)
    return rc;
  bind_text (stmt, 1, tenant);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *latest = sqlite3_column_int64 (stmt, 0);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        *before = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Recording */

static const char *
tenant_key (const DscReport *report)
{
  const char *id = report->snapshot->tenant_id;

  return id != NULL ? id : "";
}

/* An object error the history tracks: quarantined by sync (the "objects with sync errors"
 * category). Other categories also list objects "in error" — e.g. the synced objects the
 * cloud can't edit — and those are not sync errors. */
static int
record_onprem_scan (DscHistory *self, const char *tenant, const DscOnpremScanResult *scan)
{
  sqlite3_stmt *stmt;
  guint errors, warnings, traced = 0;
  int rc;

  dsc_onprem_scan_result_count (scan, &errors, &warnings);
  for (guint i = 0; scan->cloud != NULL && i < scan->cloud->len; i++)
    traced += ((DscOnpremCloudMatch *) g_ptr_array_index (scan->cloud, i))->dns->len > 0;
  stmt = prepare (self,
    "INSERT OR IGNORE INTO onprem_scan (tenant_id, scanned_at, source, objects_read,"
    " objects_skipped, errors, warnings, cloud_conflicts, cloud_traced)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &rc);
  if (stmt == NULL)
    return rc;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, scan->scanned_at);
  bind_text (stmt, 3, scan->source);
  sqlite3_bind_int64 (stmt, 4, scan->objects_read);
  sqlite3_bind_int64 (stmt, 5, scan->objects_skipped);
  sqlite3_bind_int64 (stmt, 6, errors);
  sqlite3_bind_int64 (stmt, 7, warnings);
  sqlite3_bind_int64 (stmt, 8, scan->cloud != NULL ? scan->cloud->len : 0);
  sqlite3_bind_int64 (stmt, 9, traced);
  rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
is_sync_error (guint                    category,
               const DscAffectedObject *affected)
{
  return category == DSC_CATEGORY_OBJECT_ERRORS && affected->in_error
         && affected->object->id != NULL;
}

static int
insert_refresh (DscHistory *self, const DscReport *report, gint64 previous_id, gint64 *out_id)
{
  const DscSnapshot *s = report->snapshot;
  const char *tenant = tenant_key (report);
  g_autoptr(GHashTable) in_error = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  guint problems = 0;
  gint64 id;
  int rc;

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    for (guint f = 0; f < report->categories[c].findings->len; f++)
      {
        const DscFinding *finding = g_ptr_array_index (report->categories[c].findings, f);

        if (finding->severity == DSC_STATUS_WARNING || finding->severity == DSC_STATUS_ERROR)
          problems++;
        for (guint o = 0; o < finding->objects->len; o++)
          {
            const DscAffectedObject *a = g_ptr_array_index (finding->objects, o);

            if (is_sync_error (c, a))
              g_hash_table_add (in_error, a->object->id);
          }
      }

  stmt = prepare (self,
    "INSERT INTO refresh (tenant_id, taken_at, evaluated_at, overall, last_sync,"
    " last_password_sync, objects_in_error, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &rc);
  if (stmt == NULL)
    return rc;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, s->taken_at);
  sqlite3_bind_int64 (stmt, 3, report->evaluated_at);
  bind_text (stmt, 4, dsc_status_to_string (report->overall));
  if (s->last_sync > 0)
    sqlite3_bind_int64 (stmt, 5, s->last_sync);
  if (s->last_password_sync > 0)
    sqlite3_bind_int64 (stmt, 6, s->last_password_sync);
  sqlite3_bind_int64 (stmt, 7, g_hash_table_size (in_error));
  sqlite3_bind_int64 (stmt, 8, problems);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  id = sqlite3_last_insert_rowid (self->db);

  stmt = prepare (self, "INSERT INTO tile_status (refresh_id, tile, status) VALUES (?, ?, ?)",
                  &rc);
  if (stmt == NULL)
    return rc;
  for (guint t = 0; t < DSC_N_TILES && rc == SQLITE_OK; t++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      bind_text (stmt, 2, dsc_tile_to_string (t));
      bind_text (stmt, 3, dsc_status_to_string (report->tiles[t].status));
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;

  stmt = prepare (self,
    "INSERT OR IGNORE INTO finding (refresh_id, finding_id, category, severity, title)"
    " VALUES (?, ?, ?, ?, ?)", &rc);
  if (stmt == NULL)
    return rc;
  for (guint c = 0; c < DSC_N_CATEGORIES && rc == SQLITE_OK; c++)
    for (guint f = 0; f < report->categories[c].findings->len && rc == SQLITE_OK; f++)
      {
        const DscFinding *finding = g_ptr_array_index (report->categories[c].findings, f);

        sqlite3_bind_int64 (stmt, 1, id);
        bind_text (stmt, 2, finding->id != NULL ? finding->id : "");
        bind_text (stmt, 3, dsc_category_to_string (finding->category));
        bind_text (stmt, 4, dsc_status_to_string (finding->severity));
        bind_text (stmt, 5, finding->title != NULL ? finding->title : "");
        rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
        sqlite3_reset (stmt);
      }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;

  /* An error seen in the previous refresh continues its streak; one that
   * was absent (never seen, or resolved in between) starts a new one. */
  stmt = prepare (self,
    "INSERT INTO object_error (tenant_id, object_id, attribute, value, kind, display_name,"
    " first_seen, last_seen, first_refresh_id, last_refresh_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?8)"
    " ON CONFLICT (tenant_id, object_id, attribute, value) DO UPDATE SET"
    "  kind = excluded.kind, display_name = excluded.display_name,"
    "  first_seen = CASE WHEN last_refresh_id IS ?9 OR last_refresh_id = ?8"
    "    THEN first_seen ELSE excluded.first_seen END,"
    "  first_refresh_id = CASE WHEN last_refresh_id IS ?9 OR last_refresh_id = ?8"
    "    THEN first_refresh_id ELSE excluded.first_refresh_id END,"
    "  last_seen = excluded.last_seen, last_refresh_id = excluded.last_refresh_id", &rc);
  if (stmt == NULL)
    return rc;
  for (guint c = 0; c < DSC_N_CATEGORIES && rc == SQLITE_OK; c++)
    for (guint f = 0; f < report->categories[c].findings->len && rc == SQLITE_OK; f++)
      {
        const DscFinding *finding = g_ptr_array_index (report->categories[c].findings, f);

        for (guint o = 0; o < finding->objects->len && rc == SQLITE_OK; o++)
          {
            const DscAffectedObject *a = g_ptr_array_index (finding->objects, o);
            char *key;

            if (!is_sync_error (c, a))
              continue;
            key = g_strdup_printf ("%s\x1f%s\x1f%s", a->object->id,
                                   a->attribute != NULL ? a->attribute : "",
                                   a->value != NULL ? a->value : "");
            if (!g_hash_table_add (seen, key))
              continue;
            bind_text (stmt, 1, tenant);
            bind_text (stmt, 2, a->object->id);
            bind_text (stmt, 3, a->attribute != NULL ? a->attribute : "");
            bind_text (stmt, 4, a->value != NULL ? a->value : "");
            bind_text (stmt, 5, dsc_object_kind_to_string (a->object->kind));
            bind_text (stmt, 6, a->object->display_name);
            sqlite3_bind_int64 (stmt, 7, report->evaluated_at);
            sqlite3_bind_int64 (stmt, 8, id);
            if (previous_id != 0)
              sqlite3_bind_int64 (stmt, 9, previous_id);
            else
              sqlite3_bind_null (stmt, 9);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
            sqlite3_reset (stmt);
          }
      }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK && s->onprem_scan != NULL && s->onprem_scan->findings != NULL)
    rc = record_onprem_scan (self, tenant, s->onprem_scan);
  *out_id = id;
  return rc;
}

static int
prune_locked (DscHistory *self, gint64 now)
{
  /* Each table with its own time column; object errors age by when they were last seen. */
  static const char *const deletes[] = {
    "DELETE FROM refresh WHERE evaluated_at < ?",
    "DELETE FROM object_error WHERE last_seen < ?",
    "DELETE FROM onprem_scan WHERE scanned_at < ?",
  };
  gint64 cutoff = now - (gint64) self->retention_days * DSC_DAY;
  int rc = SQLITE_OK;

  for (guint i = 0; i < G_N_ELEMENTS (deletes) && rc == SQLITE_OK; i++)
    {
      sqlite3_stmt *stmt = prepare (self, deletes[i], &rc);

      if (stmt == NULL)
        return rc;
      sqlite3_bind_int64 (stmt, 1, cutoff);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
      sqlite3_finalize (stmt);
    }
  return rc;
}

static DscHistoryDiff *
record_locked (DscHistory *self, const DscReport *report, int *out_rc, GError **error)
{
  const char *tenant = tenant_key (report);
  gint64 latest = 0, before = 0, id = 0;
  int rc;

  *out_rc = SQLITE_OK;
  if ((rc = exec (self, "BEGIN IMMEDIATE")) != SQLITE_OK)
    goto fail;
  if ((rc = latest_two (self, tenant, &latest, &before)) != SQLITE_OK ||
      (rc = insert_refresh (self, report, latest, &id)) != SQLITE_OK ||
      (rc = prune_locked (self, report->evaluated_at)) != SQLITE_OK ||
      (rc = exec (self, "COMMIT")) != SQLITE_OK)
    {
      exec (self, "ROLLBACK");
      goto fail;
    }
  return compute_diff (self, tenant, id, latest, error);

fail:
  *out_rc = rc;
  set_db_error (self, rc, _("couldn't record the refresh"), error);
  return NULL;
}

DscHistoryDiff *
dsc_history_record (DscHistory *self, const DscReport *report, GError **error)
{
  DscHistoryDiff *diff = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      diff = record_locked (self, report, &rc, &local_error);
      /* Damage found while writing: start afresh once, keep this refresh. */
      if (diff == NULL && is_corrupt_code (rc))
        {
          g_clear_error (&local_error);
          move_aside (self);
          if (ensure_open_locked (self, &local_error))
            diff = record_locked (self, report, &rc, &local_error);
        }
      if (diff == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  g_mutex_unlock (&self->lock);
  return diff;
}

DscHistoryDiff *
dsc_history_get_latest_diff (DscHistory *self, const char *tenant_id, GError **error)
{
  DscHistoryDiff *diff = NULL;
  gint64 latest = 0, before = 0;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), NULL);
  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      if ((rc = latest_two (self, tenant_id != NULL ? tenant_id : "", &latest, &before))
          != SQLITE_OK)
        set_db_error (self, rc, _("couldn't read"), error);
      else if (latest == 0)
        diff = diff_new ();
      else
        diff = compute_diff (self, tenant_id != NULL ? tenant_id : "", latest, before, error);
    }
  g_mutex_unlock (&self->lock);
  return diff;
}

GArray *
dsc_history_get_series (DscHistory *self,
                        const char *tenant_id,
                        DscHistorySeries series,
                        gint64 since,
                        GError **error)
{
  static const char *const queries[] = {
    [DSC_HISTORY_SERIES_OBJECTS_IN_ERROR] =
      "SELECT evaluated_at, objects_in_error FROM refresh",
    [DSC_HISTORY_SERIES_SYNC_LAG] =
      "SELECT evaluated_at, max(evaluated_at - last_sync, 0) FROM refresh",
    [DSC_HISTORY_SERIES_PROBLEMS] =
      "SELECT evaluated_at, problems FROM refresh",
  };
  GArray *points = NULL;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), NULL);
  g_return_val_if_fail (series <= DSC_HISTORY_SERIES_PROBLEMS, NULL);

  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      g_autofree char *sql = g_strdup_printf ("%s WHERE tenant_id = ? AND evaluated_at >= ?%s"
                                              " ORDER BY evaluated_at, id", queries[series],
                                              series == DSC_HISTORY_SERIES_SYNC_LAG
                                              ? " AND last_sync IS NOT NULL" : "");
      sqlite3_stmt *stmt = prepare (self, sql, &rc);

      if (stmt == NULL)
        set_db_error (self, rc, _("couldn't read"), error);
      else
        {
          points = g_array_new (FALSE, FALSE, sizeof (DscHistoryPoint));
          bind_text (stmt, 1, tenant_id != NULL ? tenant_id : "");
          sqlite3_bind_int64 (stmt, 2, since);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              DscHistoryPoint p = { sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_double (stmt, 1) };
              g_array_append_val (points, p);
            }
          sqlite3_finalize (stmt);
          if (rc != SQLITE_DONE)
            {
              g_clear_pointer (&points, g_array_unref);
              set_db_error (self, rc, _("couldn't read"), error);
            }
        }
    }
  g_mutex_unlock (&self->lock);
  return points;
}

gboolean
dsc_history_prune (DscHistory *self, gint64 now, GError **error)
{
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), FALSE);
  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      rc = prune_locked (self, now);
      ok = rc == SQLITE_OK || set_db_error (self, rc, _("couldn't prune"), error);
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

static int
delete_tenant_rows (DscHistory *self, const char *sql, const char *tenant_id)
{
  int rc;
  sqlite3_stmt *stmt = prepare (self, sql, &rc);

  if (stmt == NULL)
    return rc;
  bind_text (stmt, 1, tenant_id);
  rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
  sqlite3_finalize (stmt);
  return rc;
}

gboolean
dsc_history_forget_tenant (DscHistory *self, const char *tenant_id, GError **error)
{
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (tenant_id != NULL, FALSE);
  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      /* tile_status and finding rows go with their refresh (ON DELETE CASCADE). */
      if ((rc = exec (self, "BEGIN IMMEDIATE")) == SQLITE_OK &&
          (rc = delete_tenant_rows (self, "DELETE FROM refresh WHERE tenant_id = ?",
                                    tenant_id)) == SQLITE_OK &&
          (rc = delete_tenant_rows (self, "DELETE FROM object_error WHERE tenant_id = ?",
                                    tenant_id)) == SQLITE_OK)
        rc = exec (self, "COMMIT");
      if (rc != SQLITE_OK)
        exec (self, "ROLLBACK");
      ok = rc == SQLITE_OK || set_db_error (self, rc, _("couldn't delete"), error);
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

gint64
dsc_history_count_refreshes (DscHistory *self, const char *tenant_id, GError **error)
{
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (DSC_IS_HISTORY (self), -1);
  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      sqlite3_stmt *stmt = prepare (self, "SELECT count(*) FROM refresh WHERE tenant_id = ?",
                                    &rc);

      if (stmt != NULL)
        {
          bind_text (stmt, 1, tenant_id != NULL ? tenant_id : "");
          if (sqlite3_step (stmt) == SQLITE_ROW)
            n = sqlite3_column_int64 (stmt, 0);
          sqlite3_finalize (stmt);
        }
      if (n < 0)
        set_db_error (self, rc, _("couldn't read"), error);
    }
  g_mutex_unlock (&self->lock);
  return n;
}

gboolean
dsc_history_get_onprem_counts (DscHistory *self,
                               const char *tenant_id,
                               gint64 *n_scans,
                               gint64 *last_errors,
                               gint64 *last_warnings,
                               GError **error)
{
  gboolean ok = FALSE;
  int rc = SQLITE_OK;

  g_return_val_if_fail (DSC_IS_HISTORY (self), FALSE);
  *n_scans = 0;
  *last_errors = *last_warnings = -1;
  g_mutex_lock (&self->lock);
  if (ensure_open_locked (self, error))
    {
      sqlite3_stmt *stmt = prepare (self,
        "SELECT count(*),"
        " (SELECT errors FROM onprem_scan WHERE tenant_id = ?1 ORDER BY scanned_at DESC LIMIT 1),"
        " (SELECT warnings FROM onprem_scan WHERE tenant_id = ?1 ORDER BY scanned_at DESC LIMIT 1)"
        " FROM onprem_scan WHERE tenant_id = ?1", &rc);

      if (stmt != NULL)
        {
          bind_text (stmt, 1, tenant_id != NULL ? tenant_id : "");
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              *n_scans = sqlite3_column_int64 (stmt, 0);
              if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
                *last_errors = sqlite3_column_int64 (stmt, 1);
              if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
                *last_warnings = sqlite3_column_int64 (stmt, 2);
              ok = TRUE;
            }
          sqlite3_finalize (stmt);
        }
      if (!ok)
        set_db_error (self, rc, _("couldn't read"), error);
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Async */

static void
record_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  DscHistoryDiff *diff = dsc_history_record (source, task_data, &error);

  if (diff != NULL)
    g_task_return_pointer (task, diff, (GDestroyNotify) dsc_history_diff_unref);
  else
    g_task_return_error (task, error);
}

void
dsc_history_record_async (DscHistory *self,
                          DscReport *report,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DSC_IS_HISTORY (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_history_record_async);
  g_task_set_task_data (task, dsc_report_ref (report), (GDestroyNotify) dsc_report_unref);
  g_task_run_in_thread (task, record_thread);
}

DscHistoryDiff *
dsc_history_record_finish (DscHistory *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *tenant_id;
  DscHistorySeries series;
  gint64 since;
} SeriesQuery;

static void
series_query_free (SeriesQuery *q)
{
  g_free (q->tenant_id);
  g_free (q);
}

static void
series_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SeriesQuery *q = task_data;
  GError *error = NULL;
  GArray *points = dsc_history_get_series (source, q->tenant_id, q->series, q->since, &error);

  if (points != NULL)
    g_task_return_pointer (task, points, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
dsc_history_get_series_async (DscHistory *self,
                              const char *tenant_id,
                              DscHistorySeries series,
                              gint64 since,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  SeriesQuery *q = g_new0 (SeriesQuery, 1);

  g_return_if_fail (DSC_IS_HISTORY (self));
  q->tenant_id = g_strdup (tenant_id);
  q->series = series;
  q->since = since;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_history_get_series_async);
  g_task_set_task_data (task, q, (GDestroyNotify) series_query_free);
  g_task_run_in_thread (task, series_thread);
}

GArray *
dsc_history_get_series_finish (DscHistory *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

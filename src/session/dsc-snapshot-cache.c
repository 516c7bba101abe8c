/* dsc-snapshot-cache.c — offline copy of the last snapshot, per connection. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-session"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dsc-background.h"
#include "dsc-snapshot-cache.h"
#include "dsc-snapshot-json.h"
#include "dsc-report-json.h"

struct _DscSnapshotCache
{
  GObject parent_instance;

  char *path;
};

G_DEFINE_FINAL_TYPE (DscSnapshotCache, dsc_snapshot_cache, G_TYPE_OBJECT)

/* Larger than any real tenant's snapshot; refuse anything bigger. */
#define MAX_CACHE_SIZE (512 * 1024 * 1024)

static void
dsc_snapshot_cache_finalize (GObject *object)
{
  DscSnapshotCache *self = DSC_SNAPSHOT_CACHE (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dsc_snapshot_cache_parent_class)->finalize (object);
}

static void
dsc_snapshot_cache_class_init (DscSnapshotCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dsc_snapshot_cache_finalize;
}

static void
dsc_snapshot_cache_init (DscSnapshotCache *self)
{
}

DscSnapshotCache *
dsc_snapshot_cache_new (const char *label)
{
  DscSnapshotCache *self;
  g_autofree char *hash = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (label != NULL, NULL);

  self = g_object_new (DSC_TYPE_SNAPSHOT_CACHE, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, label, -1);
  file_name = g_strconcat (hash, ".json", NULL);
  self->path = g_build_filename (g_get_user_cache_dir (), "dirsync-companion", file_name, NULL);

  return self;
}

const char *
dsc_snapshot_cache_get_path (DscSnapshotCache *self)
{
  g_return_val_if_fail (DSC_IS_SNAPSHOT_CACHE (self), NULL);
  return self->path;
}

typedef struct {
  char *path;
  DscSnapshot *snapshot;
} CacheData;

static void
cache_data_free (CacheData *data)
{
  g_clear_pointer (&data->path, g_free);
  /* Possibly the last reference to a large snapshot: not on the main loop. */
  if (data->snapshot != NULL)
    dsc_free_in_background (g_steal_pointer (&data->snapshot),
                            (GDestroyNotify) dsc_snapshot_unref);
  g_free (data);
}

/* Reads and parses the file at path; NULL with an error (NOT_FOUND when there
 * is none). Worker threads only. */
static DscSnapshot *
read_snapshot (const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;
  JsonNode *root;

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No cached snapshot at %s", path);
      return NULL;
    }
  if (st.st_size > MAX_CACHE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cached snapshot %s is too large", path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!dsc_json_depth_ok (contents, length, DSC_JSON_MAX_DEPTH))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cached snapshot %s nests too deeply to be a report", path);
      return NULL;
    }
  /* Mutable: the tree never leaves this thread, and sealing every object
   * (hashing it) would only lengthen the wait for the first frame. */
  parser = json_parser_new ();
  {
    g_autoptr(GError) local = NULL;

    if (!json_parser_load_from_data (parser, contents, length, &local))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "Cached snapshot %s is not JSON: %s", path, local->message);
        return NULL;
      }
  }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cached snapshot %s is empty", path);
      return NULL;
    }

  snapshot = dsc_snapshot_from_json (root, error);
  if (snapshot == NULL)
    return NULL;

  /* The task only completes when its thread function returns: freeing the
   * parsed tree (a third of the parse time) would delay the first frame. */
  dsc_free_in_background (g_steal_pointer (&parser), g_object_unref);
  dsc_free_in_background (g_steal_pointer (&contents), g_free);
  return g_steal_pointer (&snapshot);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CacheData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) snapshot = read_snapshot (data->path, cancellable, &error);

  if (snapshot == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&snapshot), (GDestroyNotify) dsc_snapshot_unref);
}

gboolean
dsc_snapshot_cache_delete (DscSnapshotCache  *self,
                           char             **tenant_id,
                           GError           **error)
{
  g_autoptr(DscSnapshot) snapshot = NULL;

  g_return_val_if_fail (DSC_IS_SNAPSHOT_CACHE (self), FALSE);

  if (tenant_id != NULL)
    {
      *tenant_id = NULL;
      snapshot = read_snapshot (self->path, NULL, NULL);
      if (snapshot != NULL && snapshot->tenant_id != NULL && *snapshot->tenant_id != '\0')
        *tenant_id = g_strdup (snapshot->tenant_id);
    }
  if (g_unlink (self->path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not delete the offline copy %s: %s"), self->path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
dsc_snapshot_cache_load_async (DscSnapshotCache    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheData *data;

  g_return_if_fail (DSC_IS_SNAPSHOT_CACHE (self));

  data = g_new0 (CacheData, 1);
  data->path = g_strdup (self->path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_snapshot_cache_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) cache_data_free);
  g_task_run_in_thread (task, load_thread);
}

DscSnapshot *
dsc_snapshot_cache_load_finish (DscSnapshotCache  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CacheData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  gsize length = 0;

  node = dsc_snapshot_to_json (data->snapshot);
  if (node == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The snapshot could not be serialized");
      return;
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, &length);

  if (g_task_return_error_if_cancelled (task))
    return;

  dir = g_path_get_dirname (data->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "Could not create %s: %s", dir, g_strerror (errsv));
      return;
    }

  /* The snapshot names the tenant's objects: readable by this user only. */
  if (!g_file_set_contents_full (data->path, json, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
save_job (gpointer data)
{
  g_autoptr(GTask) task = data;

  save_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
               g_task_get_cancellable (task));
}

void
dsc_snapshot_cache_save_async (DscSnapshotCache    *self,
                               DscSnapshot         *snapshot,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheData *data;

  g_return_if_fail (DSC_IS_SNAPSHOT_CACHE (self));
  g_return_if_fail (snapshot != NULL);

  data = g_new0 (CacheData, 1);
  data->path = g_strdup (self->path);
  data->snapshot = dsc_snapshot_ref (snapshot);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_snapshot_cache_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) cache_data_free);
  /* Serializing a large snapshot takes tens of milliseconds of CPU: on the
   * low-priority background thread, so the main loop keeps its core. */
  dsc_run_in_background (save_job, g_steal_pointer (&task));
}

gboolean
dsc_snapshot_cache_save_finish (DscSnapshotCache  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

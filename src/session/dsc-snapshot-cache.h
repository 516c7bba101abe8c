/* dsc-snapshot-cache.h — the last snapshot of a tenant on disk (the offline
 * copy), so the app opens with something useful while (or when it cannot)
 * refresh. One JSON file per connection under the user cache dir; read, parsed
 * and written in worker threads. Evaluating it is the caller's
 * (dsc_health_evaluate_async). */
#pragma once

#include <gio/gio.h>
#include "dsc-snapshot.h"

G_BEGIN_DECLS

#define DSC_TYPE_SNAPSHOT_CACHE (dsc_snapshot_cache_get_type ())
G_DECLARE_FINAL_TYPE (DscSnapshotCache, dsc_snapshot_cache, DSC, SNAPSHOT_CACHE, GObject)

/* label: what identifies the tenant (dsc_connection_get_label()); hashed into
 * the file name. */
DscSnapshotCache *dsc_snapshot_cache_new         (const char          *label);
/* g_get_user_cache_dir()/dirsync-companion/<sha256 of label>.json */
const char       *dsc_snapshot_cache_get_path    (DscSnapshotCache    *self);

/* Loads the cached snapshot. A missing or unreadable cache is
 * G_IO_ERROR_NOT_FOUND / G_IO_ERROR_INVALID_DATA: callers just carry on
 * without it. */
void              dsc_snapshot_cache_load_async  (DscSnapshotCache    *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
DscSnapshot      *dsc_snapshot_cache_load_finish (DscSnapshotCache    *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Writes the snapshot atomically (write to a temporary file, then rename). */
void              dsc_snapshot_cache_save_async  (DscSnapshotCache    *self,
                                                  DscSnapshot         *snapshot,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          dsc_snapshot_cache_save_finish (DscSnapshotCache    *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Deletes the offline copy (none: TRUE). tenant_id (optional) receives the
 * tenant ID of the snapshot it held, or NULL. Blocking: worker threads. */
gboolean          dsc_snapshot_cache_delete      (DscSnapshotCache    *self,
                                                  char               **tenant_id,
                                                  GError             **error);

G_END_DECLS

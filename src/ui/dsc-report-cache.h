/* dsc-report-cache.h — the last snapshot of a tenant on disk, so the window
 * opens with something useful while (or when it cannot) refresh. One JSON file
 * per connection under the user cache dir; read, parsed, evaluated and written
 * in worker threads. */
#pragma once

#include <gio/gio.h>
#include "dsc-report.h"
#include "dsc-policy.h"

G_BEGIN_DECLS

#define DSC_TYPE_REPORT_CACHE (dsc_report_cache_get_type ())
G_DECLARE_FINAL_TYPE (DscReportCache, dsc_report_cache, DSC, REPORT_CACHE, GObject)

/* label: what identifies the tenant (dsc_connection_get_label()); hashed into
 * the file name. */
DscReportCache *dsc_report_cache_new         (const char          *label);
/* g_get_user_cache_dir()/dirsync-companion/<sha256 of label>.json */
const char     *dsc_report_cache_get_path    (DscReportCache      *self);

/* Loads the cached snapshot and evaluates it against policy at the current
 * time. A missing or unreadable cache is G_IO_ERROR_NOT_FOUND /
 * G_IO_ERROR_INVALID_DATA: callers just carry on without it. */
void            dsc_report_cache_load_async  (DscReportCache      *self,
                                              const DscPolicy     *policy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DscReport      *dsc_report_cache_load_finish (DscReportCache      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Writes the snapshot atomically (write to a temporary file, then rename). */
void            dsc_report_cache_save_async  (DscReportCache      *self,
                                              DscSnapshot         *snapshot,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        dsc_report_cache_save_finish (DscReportCache      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS

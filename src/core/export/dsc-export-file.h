/* dsc-export-file.h — a report written in any export format (dsc-export.h),
 * PDF included, to a stream or to a file. Rendering to a file runs in a worker
 * thread and the file is replaced atomically, so a reader never sees half a
 * report. Library dsc-export (src/core/export/): core plus the PDF module
 * (dsc-export-pdf-module.h), loaded when a PDF is written.
 */
#pragma once

#include "dsc-export.h"

G_BEGIN_DECLS

/* Renders the report into out (not closed). Thread-safe: the report is
 * immutable. Generated time is report->evaluated_at, so output is a pure
 * function of the report. Errors carry a readable message. */
gboolean     dsc_export_write                (const DscReport *report,
                                              DscExportFormat format,
                                              GOutputStream *out,
                                              GCancellable *cancellable,
                                              GError **error);
/* Synchronous: renders into a g_file_replace() stream and commits it only
 * when everything was written; on any error dest is left as it was. */
gboolean     dsc_export_to_file              (const DscReport *report,
                                              DscExportFormat format,
                                              GFile *dest,
                                              GCancellable *cancellable,
                                              GError **error);

void         dsc_export_report_async         (DscReport *report,
                                              DscExportFormat format,
                                              GFile *dest,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean     dsc_export_report_finish        (GAsyncResult *result,
                                              GError **error);

G_END_DECLS

/* dsc-export.h — the export formats (CSV, JSON, HTML, PDF, Prometheus text),
 * the streamed JSON report and the atomic file replace. Writing a report in
 * any format to a stream or a file (in a worker thread, replaced atomically so
 * a reader never sees half a report) is dsc-export-file.h, in the export
 * library (src/core/export/, which loads the PDF writer as a module).
 */
#pragma once

#include <gio/gio.h>
#include "dsc-report.h"

G_BEGIN_DECLS

typedef enum {
  DSC_EXPORT_FORMAT_CSV,
  DSC_EXPORT_FORMAT_JSON,
  DSC_EXPORT_FORMAT_HTML,
  DSC_EXPORT_FORMAT_PDF,
  DSC_EXPORT_FORMAT_PROMETHEUS,
  DSC_EXPORT_N_FORMATS
} DscExportFormat;

/* "csv", "json", "html", "pdf", "prometheus" (case-insensitive). */
gboolean     dsc_export_format_from_name     (const char *name,
                                              DscExportFormat *out);
/* By extension: .csv .json .html/.htm .pdf .prom (case-insensitive). */
gboolean     dsc_export_format_from_filename (const char *filename,
                                              DscExportFormat *out);
const char  *dsc_export_format_to_name       (DscExportFormat format);
/* Without the dot: "csv", "json", "html", "pdf", "prom". */
const char  *dsc_export_format_get_extension (DscExportFormat format);
const char  *dsc_export_format_get_mime_type (DscExportFormat format);
/* Translated, for file choosers: "CSV spreadsheet". */
const char  *dsc_export_format_get_label     (DscExportFormat format);

typedef enum {
  DSC_REPORT_JSON_BY_SIZE,   /* indented below 10 000 objects, compact above (exports) */
  DSC_REPORT_JSON_INDENTED,  /* always indented (`--check --format json`) */
} DscReportJsonLayout;

/* The versioned JSON report (data/report.schema.json) streamed into out (not
 * closed) a few kilobytes at a time, without a tree or the whole text in
 * memory. The one JSON writer: DSC_EXPORT_FORMAT_JSON is this with
 * DSC_REPORT_JSON_BY_SIZE. Errors as dsc_export_write(). */
gboolean     dsc_export_write_json           (const DscReport *report,
                                              DscReportJsonLayout layout,
                                              GOutputStream *out,
                                              GCancellable *cancellable,
                                              GError **error);

/* Writes what write_func puts into a g_file_replace() stream and commits it
 * only when write_func and closing succeeded; otherwise dest is left as it
 * was. The error is write_func's or GIO's, unchanged. */
typedef gboolean (*DscExportWriteFunc)       (GOutputStream *out,
                                              gpointer user_data,
                                              GCancellable *cancellable,
                                              GError **error);
/* shared: a new file is readable by others (0644 under the usual umask)
 * instead of private (0600); a file that existed keeps its mode either way. */
gboolean     dsc_export_replace_file         (GFile *dest,
                                              gboolean shared,
                                              DscExportWriteFunc write_func,
                                              gpointer user_data,
                                              GCancellable *cancellable,
                                              GError **error);

G_END_DECLS

/* dsc-export-private.h — what the per-format writers share: a buffered sink
 * that remembers the first write error, and text cleaning for hostile values.
 */
#pragma once

#include "dsc-export.h"

G_BEGIN_DECLS

typedef struct {
  GOutputStream *out;
  GCancellable *cancellable;
  GString *buf;
  GError *error;
} DscExportSink;

void     dsc_export_sink_init   (DscExportSink *sink,
                                 GOutputStream *out,
                                 GCancellable *cancellable);
/* Writes what is buffered once it is large; FALSE once writing has failed
 * (the writer should stop). */
gboolean dsc_export_sink_check  (DscExportSink *sink);
/* Writes the rest, frees the buffer and hands over the first error. */
gboolean dsc_export_sink_finish (DscExportSink *sink,
                                 GError **error);
/* dsc_export_sink_finish() with the error worded for an admin ("Couldn't
 * write the report: …"); a cancellation is passed on unchanged. */
gboolean dsc_export_sink_finish_with_message (DscExportSink *sink,
                                              GError **error);
/* Records a write error with a readable message ("No space left on device"). */
void     dsc_export_sink_set_error (DscExportSink *sink,
                                    GError *error);

typedef enum {
  DSC_ESCAPE_NONE,
  DSC_ESCAPE_HTML,        /* & < > " ' as entities */
  DSC_ESCAPE_PROMETHEUS,  /* \\ \" \n, for label values */
} DscEscape;

/* Appends text as valid UTF-8 with control characters and bidirectional
 * overrides/isolates replaced by U+FFFD, then escaped. NULL appends nothing.
 * max_chars > 0 truncates with "…". */
void     dsc_export_append_clean (GString *out,
                                  const char *text,
                                  gsize max_chars,
                                  DscEscape escape);
/* "2026-11-23 18:55 UTC", or "—" for 0. */
char    *dsc_export_format_time  (gint64 unix_seconds);
/* The category's headline, or a sentence made from its findings. */
char    *dsc_export_category_summary (const DscCategoryReport *category);
/* One CSV cell (a comma before it unless first): text that would start a
 * formula gets a leading apostrophe, quoted when it holds , ; " or breaks. */
void     dsc_export_csv_append_cell (GString *out,
                                     GString *scratch,
                                     const char *text,
                                     gboolean first);
/* A tile's value for a file: an age also gets its absolute UTC time
 * ("12 minutes ago (7 Dec 2026, 14:54 UTC)"), since a file is read later. */
char    *dsc_export_tile_value (const DscTile *tile);
/* 0 ok/info, 1 warning, 2 error, 3 unknown. */
int      dsc_export_status_number (DscStatus status);

gboolean dsc_export_csv_write        (const DscReport *report, DscExportSink *sink);
gboolean dsc_export_json_write       (const DscReport *report, DscReportJsonLayout layout,
                                      DscExportSink *sink);
gboolean dsc_export_html_write       (const DscReport *report, DscExportSink *sink);
gboolean dsc_export_prometheus_write (const DscReport *report, DscExportSink *sink);
/* Streams through cairo itself rather than the sink's buffer. */
gboolean dsc_export_pdf_write        (const DscReport *report, DscExportSink *sink);

G_END_DECLS

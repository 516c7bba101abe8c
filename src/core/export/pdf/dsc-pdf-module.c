/* dsc-pdf-module.c — the PDF module's entry point (dsc-export-pdf-module.h).
 *
 * The only symbol dsc_export_write() looks up in the module: the report as
 * PDF (dsc-export-pdf.c) through the export sink, with the sink's wording of
 * write errors.
 */
#include "config.h"

#include "dsc-pdf-module.h"
#include "dsc-export-private.h"

G_MODULE_EXPORT gboolean
dsc_pdf_module_write (const DscReport *report,
                      GOutputStream   *out,
                      GCancellable    *cancellable,
                      GError         **error)
{
  DscExportSink sink;

  dsc_export_sink_init (&sink, out, cancellable);
  dsc_export_pdf_write (report, &sink);
  return dsc_export_sink_finish_with_message (&sink, error);
}

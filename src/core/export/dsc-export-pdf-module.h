/* dsc-export-pdf-module.h — the PDF writer, a module loaded only to write a PDF.
 *
 * PDF is drawn with cairo and Pango, whose libraries (and fontconfig,
 * freetype, harfbuzz, pixman …) cost start-up time and memory. The writer
 * (src/core/export/pdf/) is built as a module, dsc-pdf.so | dsc-pdf.dll, that
 * dsc_export_write() loads the first time it writes a PDF: --check and the
 * other formats never load it. The module takes core from the program, as the
 * window module does (src/meson.build).
 */
#pragma once

#include <gmodule.h>

#include "dsc-export.h"

G_BEGIN_DECLS

/* The module's file name (dsc-pdf.so, dsc-pdf.dll) and entry point. */
#define DSC_PDF_MODULE_NAME  "dsc-pdf." G_MODULE_SUFFIX
#define DSC_PDF_MODULE_ENTRY "dsc_pdf_module_write"

/* Renders the report as PDF into out (not closed), as dsc_export_write(). */
typedef gboolean (*DscExportPdfWrite) (const DscReport *report,
                                       GOutputStream   *out,
                                       GCancellable    *cancellable,
                                       GError         **error);

/* Writes PDF with write instead of loading the module: for a program that
 * links the writer itself (the tests, bench-export). Call it before the first
 * export. */
void dsc_export_use_pdf_writer (DscExportPdfWrite write);

G_END_DECLS

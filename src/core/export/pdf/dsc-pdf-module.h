/* dsc-pdf-module.h — the PDF module's entry point (dsc-export-pdf-module.h),
 * for programs that link the PDF writer instead of loading the module (the
 * tests, bench-export): dsc_export_use_pdf_writer (dsc_pdf_module_write).
 */
#pragma once

#include "dsc-export-pdf-module.h"

G_BEGIN_DECLS

G_MODULE_EXPORT gboolean dsc_pdf_module_write (const DscReport *report,
                                               GOutputStream   *out,
                                               GCancellable    *cancellable,
                                               GError         **error);

G_END_DECLS

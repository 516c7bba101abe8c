/* dsc-export-file.c — a report in any format (PDF included) written to a
 * stream, or atomically to a file, in a worker thread. The text formats are
 * core's (src/core/dsc-export*.c); PDF is the PDF module's (cairo and Pango,
 * dsc-export-pdf-module.h), loaded the first time a PDF is written.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <glib/gi18n-lib.h>

#include "dsc-export-file.h"
#include "dsc-export-pdf-module.h"
#include "dsc-export-private.h"
#include "dsc-platform.h"

/* The PDF writer: set by dsc_export_use_pdf_writer() or loaded once from the
 * module, then kept (the module stays loaded until the process exits). */
static GMutex pdf_lock;
static DscExportPdfWrite pdf_write;

void
dsc_export_use_pdf_writer (DscExportPdfWrite write)
{
  g_mutex_lock (&pdf_lock);
  pdf_write = write;
  g_mutex_unlock (&pdf_lock);
}

/* The module installed with the program; a missing or broken module is an
 * error an admin can act on. */
static DscExportPdfWrite
load_pdf_module (GError **error)
{
  const DscPlatformModuleTexts texts = {
    _("This system can't load the PDF module"),
    _("The PDF module %s is missing: reinstall DirSync Companion (CSV, HTML and JSON exports "
      "work without it)"),
    _("Could not load the PDF module %s: %s"),
    _("The PDF module %s is not this version's: %s"),
  };

  return (DscExportPdfWrite) dsc_platform_load_module (DSC_PDF_MODULE_NAME, DSC_PDF_MODULE_ENTRY,
                                                       &texts, error);
}

static DscExportPdfWrite
get_pdf_writer (GError **error)
{
  DscExportPdfWrite write;

  g_mutex_lock (&pdf_lock);
  if (pdf_write == NULL)
    pdf_write = load_pdf_module (error);
  write = pdf_write;
  g_mutex_unlock (&pdf_lock);
  return write;
}

gboolean
dsc_export_write (const DscReport *report,
                  DscExportFormat format,
                  GOutputStream *out,
                  GCancellable *cancellable,
                  GError **error)
{
  DscExportSink sink;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (format < DSC_EXPORT_N_FORMATS, FALSE);

  if (format == DSC_EXPORT_FORMAT_JSON)
    return dsc_export_write_json (report, DSC_REPORT_JSON_BY_SIZE, out, cancellable, error);
  if (format == DSC_EXPORT_FORMAT_PDF)
    {
      DscExportPdfWrite write = get_pdf_writer (error);

      return write != NULL && write (report, out, cancellable, error);
    }

  dsc_export_sink_init (&sink, out, cancellable);
  switch (format)
    {
    case DSC_EXPORT_FORMAT_CSV:
      dsc_export_csv_write (report, &sink);
      break;
    case DSC_EXPORT_FORMAT_HTML:
      dsc_export_html_write (report, &sink);
      break;
    case DSC_EXPORT_FORMAT_JSON:
    case DSC_EXPORT_FORMAT_PDF:
    case DSC_EXPORT_FORMAT_PROMETHEUS:
    case DSC_EXPORT_N_FORMATS:
    default:
      dsc_export_prometheus_write (report, &sink);
      break;
    }
  return dsc_export_sink_finish_with_message (&sink, error);
}

typedef struct {
  const DscReport *report;
  DscExportFormat format;
} WriteData;

static gboolean
write_format (GOutputStream *out,
              gpointer user_data,
              GCancellable *cancellable,
              GError **error)
{
  WriteData *data = user_data;

  return dsc_export_write (data->report, data->format, out, cancellable, error);
}

gboolean
dsc_export_to_file (const DscReport *report,
                    DscExportFormat format,
                    GFile *dest,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (dest);
  WriteData data = { report, format };

  /* Without the PDF module nothing is written: dest is not even created. */
  if (format == DSC_EXPORT_FORMAT_PDF && get_pdf_writer (&local_error) == NULL)
    ;
  /* node_exporter reads the Prometheus file as another user. */
  else if (dsc_export_replace_file (dest, format == DSC_EXPORT_FORMAT_PROMETHEUS, write_format,
                                    &data, cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, local_error->domain, local_error->code,
                 _("Couldn't save the report to “%s”: %s"), name, local_error->message);
  return FALSE;
}

typedef struct {
  DscReport *report;
  DscExportFormat format;
  GFile *dest;
} ExportData;

static void
export_data_free (ExportData *data)
{
  dsc_report_unref (data->report);
  g_object_unref (data->dest);
  g_free (data);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (dsc_export_to_file (data->report, data->format, data->dest, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dsc_export_report_async (DscReport *report,
                         DscExportFormat format,
                         GFile *dest,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (report != NULL);
  g_return_if_fail (G_IS_FILE (dest));
  g_return_if_fail (format < DSC_EXPORT_N_FORMATS);

  data = g_new0 (ExportData, 1);
  data->report = dsc_report_ref (report);
  data->format = format;
  data->dest = g_object_ref (dest);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_export_report_async);
  g_task_set_name (task, "dsc-export");
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
dsc_export_report_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

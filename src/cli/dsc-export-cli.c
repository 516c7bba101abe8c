/* dsc-export-cli.c — `--export`: the --check refresh, then the report written
 * to a file by the exporter's worker thread. The exit code says whether the
 * file was written (0) or not (3); the tenant's health is --check's job.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-cli"

#include <glib/gi18n-lib.h>

#include "dsc-check.h"
#include "dsc-export-file.h"
#include "dsc-export-cli.h"

typedef struct {
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} ExportRun;

static void
export_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ExportRun *run = data;

  run->ok = dsc_export_report_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return 3;
}

int
dsc_export_cli_run (const DscExportCliOptions *options)
{
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GMainContext) context = NULL;
  DscExportFormat format;
  ExportRun run = { 0 };

  if (options->format != NULL)
    {
      if (!dsc_export_format_from_name (options->format, &format))
        {
          g_autofree char *message =
            g_strdup_printf (_("Unknown export format “%s”: use csv, json, html, pdf or "
                               "prometheus"), options->format);
          return fail (message);
        }
    }
  else if (!dsc_export_format_from_filename (options->file, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("Can't tell the format of “%s” from its name: use --format csv, "
                           "json, html, pdf or prometheus, or a .csv, .json, .html, .pdf or "
                           ".prom file"), options->file);
      return fail (message);
    }

  report = dsc_check_refresh (options->demo_scenario, options->graph_url, options->policy,
                              &error);
  if (report == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Couldn't read the tenant: %s"),
                                                  error->message);
      return fail (message);
    }

  file = g_file_new_for_commandline_arg (options->file);
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);
  dsc_export_report_async (report, format, file, NULL, export_done, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);

  if (!run.ok)
    {
      int code = fail (run.error->message);

      g_clear_error (&run.error);
      return code;
    }
  return 0;
}

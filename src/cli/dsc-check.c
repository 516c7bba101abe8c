/* dsc-check.c — `dirsync-companion --check` for schedulers and monitoring.
 *
 * Runs one refresh on a private main loop, writes the report (atomically when
 * to a file) and maps the overall status to the exit code a monitoring
 * system expects. A failure to read the tenant is UNKNOWN with its reason.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-cli"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dsc-check.h"
#include "dsc-connection.h"
#include "dsc-demo.h"
#include "dsc-export.h"
#include "dsc-failure.h"
#include "dsc-report-json.h"
#include "dsc-stdout-stream.h"
#include "dsc-text-safe.h"

typedef struct {
  GMainLoop *loop;
  DscReport *report;
  GError *error;
} CheckRun;

static void
refresh_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CheckRun *run = data;

  run->report = dsc_connection_refresh_finish (DSC_CONNECTION (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

gboolean
dsc_check_parse_format (const char *str, DscCheckFormat *out, GError **error)
{
  if (g_strcmp0 (str, "text") == 0)
    *out = DSC_CHECK_FORMAT_TEXT;
  else if (g_strcmp0 (str, "json") == 0)
    *out = DSC_CHECK_FORMAT_JSON;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown format “%s”: use text or json"), str);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const DscReport *report;  /* NULL: write text */
  const char *text;
} Output;

/* The JSON is streamed by the export's writer, never held whole in memory. */
static gboolean
write_to_stream (GOutputStream *out,
                 gpointer user_data,
                 GCancellable *cancellable,
                 GError **error)
{
  const Output *output = user_data;

  if (output->report != NULL)
    return dsc_export_write_json (output->report, DSC_REPORT_JSON_INDENTED, out, cancellable,
                                  error);
  return g_output_stream_write_all (out, output->text, strlen (output->text), NULL,
                                    cancellable, error) &&
         g_output_stream_flush (out, cancellable, error);
}

static gboolean
write_output (const char *path, const Output *output, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GOutputStream) out = dsc_stdout_stream_new ();

      return write_to_stream (out, (gpointer) output, NULL, error);
    }
  /* Write to a temporary file and rename it over the target, so a scheduler
   * never reads half a report. */
  file = g_file_new_for_path (path);
  if (!dsc_export_replace_file (file, FALSE, write_to_stream, (gpointer) output, NULL,
                                &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Couldn't write the report to “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* What a monitoring system shows when the check itself couldn't run. */
static int
report_unknown (const DscCheckOptions *options, const GError *error)
{
  DscFailureText failure = { 0 };
  g_autofree char *safe = NULL;
  g_autofree char *line = NULL;
  Output output = { NULL, NULL };

  /* The cause leads; the message may carry text from Graph: still exactly
   * one status line. What to do and the details go to stderr. */
  dsc_failure_describe (error, &failure);
  safe = dsc_text_safe_dup (failure.cause);
  output.text = line = g_strdup_printf ("DIRSYNC UNKNOWN - %s\n", safe);
  g_printerr ("%s: %s\n%s\n", g_get_prgname (), failure.cause, failure.advice);
  if (failure.details != NULL)
    g_printerr ("%s\n", failure.details);
  dsc_failure_text_clear (&failure);
  if (options->format == DSC_CHECK_FORMAT_TEXT)
    write_output (options->output, &output, NULL);
  return 3;
}

DscReport *
dsc_check_refresh (const char *demo_scenario,
                   const char *graph_url,
                   const char * const *policy,
                   GError **error)
{
  g_autoptr(DscDemo) demo = NULL;
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  CheckRun run = { 0 };

  g_main_context_push_thread_default (context);

  if (demo_scenario != NULL)
    {
      demo = dsc_demo_new (demo_scenario, FALSE, error);
      connection = demo != NULL ? g_object_ref (dsc_demo_get_connection (demo)) : NULL;
    }
  else
    connection = dsc_connection_new_graph (graph_url, NULL, error);
  if (connection == NULL)
    {
      g_main_context_pop_thread_default (context);
      return NULL;
    }

  for (guint i = 0; policy != NULL && policy[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (policy[i], "=", 2);
      g_autoptr(GError) local_error = NULL;

      if (g_strv_length (kv) != 2 ||
          !dsc_policy_set (dsc_connection_get_policy (connection), kv[0], kv[1], &local_error))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("Policy setting “%s” is not KEY=VALUE"), policy[i]);
          g_main_context_pop_thread_default (context);
          return NULL;
        }
    }

  run.loop = g_main_loop_new (context, FALSE);
  dsc_connection_refresh_async (connection, NULL, refresh_done, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  g_clear_object (&connection);
  g_clear_object (&demo);
  g_main_context_pop_thread_default (context);

  if (run.report == NULL)
    g_propagate_error (error, run.error);
  return run.report;
}

int
dsc_check_run (const DscCheckOptions *options)
{
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Output output = { NULL, NULL };
  int code;

  report = dsc_check_refresh (options->demo_scenario, options->graph_url, options->policy,
                              &error);
  if (report == NULL)
    return report_unknown (options, error);

  if (options->format == DSC_CHECK_FORMAT_JSON)
    output.report = report;
  else
    output.text = text = dsc_report_to_text (report, g_get_real_time () / G_USEC_PER_SEC);
  code = dsc_status_exit_code (report->overall);
  if (!write_output (options->output, &output, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  return code;
}

/* dsc-check.c — `dirsync-companion --check` for schedulers and monitoring.
 *
 * Runs one refresh on a private main loop, writes the report (atomically when
 * to a file) and maps the overall status to the exit code a monitoring
 * system expects. A failure to read the tenant is UNKNOWN with its reason.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-cli"

#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dsc-check.h"
#include "dsc-connection.h"
#include "dsc-report-json.h"
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

static char *
render (DscReport *report, DscCheckFormat format)
{
  if (format == DSC_CHECK_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = dsc_report_to_json (report);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      return g_strconcat (text, "\n", NULL);
    }
  return dsc_report_to_text (report, g_get_real_time () / G_USEC_PER_SEC);
}

static gboolean
write_output (const char *path, const char *text, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf old;
  gboolean existed;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    {
      fputs (text, stdout);
      fflush (stdout);
      return TRUE;
    }
  /* Write to a temporary file and rename it over the target, so a scheduler
   * never reads half a report. */
  /* A new report is private (0600); a replaced one keeps the admin's mode. */
  existed = g_stat (path, &old) == 0;
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 existed ? (int) (old.st_mode & 0777) : 0600, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Couldn't write the report to “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  if (existed)
    g_chmod (path, old.st_mode & 0777);   /* the umask narrowed it */
  return TRUE;
}

/* What a monitoring system shows when the check itself couldn't run. */
static int
report_unknown (const DscCheckOptions *options, const char *message)
{
  /* The message may carry text from Graph: still exactly one status line. */
  g_autofree char *safe = dsc_text_safe_dup (message);
  g_autofree char *line = g_strdup_printf ("DIRSYNC UNKNOWN - %s\n", safe);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  if (options->format == DSC_CHECK_FORMAT_TEXT)
    write_output (options->output, line, NULL);
  return 3;
}

DscReport *
dsc_check_refresh (const char *demo_scenario,
                   const char *graph_url,
                   const char * const *policy,
                   GError **error)
{
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  CheckRun run = { 0 };

  g_main_context_push_thread_default (context);

  if (demo_scenario != NULL)
    connection = dsc_connection_new_demo (demo_scenario, FALSE, error);
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
  int code;

  report = dsc_check_refresh (options->demo_scenario, options->graph_url, options->policy,
                              &error);
  if (report == NULL)
    return report_unknown (options, error->message);

  text = render (report, options->format);
  code = dsc_status_exit_code (report->overall);
  if (!write_output (options->output, text, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  return code;
}

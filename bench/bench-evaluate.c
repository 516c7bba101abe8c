/* bench-evaluate.c — the health evaluation alone on a large snapshot.
 *
 * Starts the fake tenant as a separate process with the "large" scenario, reads
 * it once over loopback (no added latency), then runs dsc_health_evaluate() on
 * that one snapshot K times and prints the fastest run's CPU time (user + sys
 * of this process) and wall time. Under callgrind, count only the evaluation
 * with --toggle-collect=dsc_health_evaluate.
 *
 * Target (issue 14): 5 000 errors evaluated in ≤ 30 ms.
 *
 * Usage: bench-evaluate [--objects N] [--errors M] [--runs K]
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <gio/gio.h>

#include "dsc-collector.h"
#include "dsc-connect-versions.h"
#include "dsc-health.h"
#include "dsc-fake-tenant.h"
#include "dsc-static-token-provider.h"

/* A fixed "now" so every run evaluates the same thing. */
#define NOW 1795460102

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static DscSnapshot *
collect (const char *scenario, GError **error)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autoptr(DscGraphClient) client = NULL;
  g_autoptr(DscCollector) collector = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  DscSnapshot *snapshot;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                             error, DSC_FAKE_GRAPH_PROGRAM, "--scenario", scenario,
                             "--latency-ms", "0", NULL);
  if (server == NULL)
    return NULL;
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, error);
  if (url == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "The fake tenant did not print its URL");
      return NULL;
    }
  client = dsc_graph_client_new (url, tokens, error);
  if (client == NULL)
    return NULL;
  collector = dsc_collector_new (client);
  dsc_collector_run_async (collector, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  snapshot = dsc_collector_run_finish (collector, result, error);
  g_subprocess_force_exit (server);
  return snapshot;
}

int
main (int argc, char **argv)
{
  int objects = 10000, errors = 5000, runs = 20;
  const GOptionEntry entries[] = {
    { "objects", 0, 0, G_OPTION_ARG_INT, &objects, "Users+groups+contacts", "N" },
    { "errors", 0, 0, G_OPTION_ARG_INT, &errors, "Objects in error", "M" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Evaluations to time", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autofree char *scenario = NULL;
  double best_cpu = G_MAXDOUBLE, best_wall = G_MAXDOUBLE;
  guint n_findings = 0;
  DscPolicy policy;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);

  scenario = g_strdup_printf ("large:objects=%d,errors=%d", objects, errors);
  snapshot = collect (scenario, &error);
  if (snapshot == NULL)
    {
      g_printerr ("Couldn't read the fake tenant: %s\n", error->message);
      return 1;
    }
  dsc_policy_init_defaults (&policy);

  for (int run = 0; run < runs; run++)
    {
      double cpu_start = cpu_seconds ();
      gint64 start = g_get_monotonic_time ();
      g_autoptr(DscReport) report = dsc_health_evaluate (snapshot, &policy, versions, NOW);
      double cpu = cpu_seconds () - cpu_start;
      double wall = (g_get_monotonic_time () - start) / 1e6;

      best_cpu = MIN (best_cpu, cpu);
      best_wall = MIN (best_wall, wall);
      n_findings = 0;
      for (guint c = 0; c < DSC_N_CATEGORIES; c++)
        n_findings += report->categories[c].findings->len;
    }

  printf ("scenario: %s, %u objects in the snapshot, %u findings\n", scenario,
          snapshot->objects->len, n_findings);
  printf ("evaluate: %.1f ms CPU, %.1f ms wall (fastest of %d; target <= 30 ms)\n",
          best_cpu * 1000.0, best_wall * 1000.0, runs);
  return 0;
}

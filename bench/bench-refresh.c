/* bench-refresh.c — one refresh of a large tenant over loopback HTTP.
 *
 * Starts the fake tenant as a separate process (so its memory and CPU aren't
 * counted), runs the collector and the health evaluation, and prints: wall
 * time, CPU (user + sys of this process, worker threads included), requests
 * made, the longest sequential chain, the critical-path lower bound, the ratio
 * wall / bound and peak RSS.
 *
 * The chain is measured by the collector: the longest run of requests each of
 * which waited for the answer of the one before (round 1 = 1, each nextLink
 * page and each round of lookups it triggered + 1). The lower bound is
 * max(chain, requests ÷ connections) × latency: a client limited to C
 * connections can't finish R requests in fewer than R/C round trips either.
 * With the fake tenant's values all distinct (objects ≫ errors) every conflict
 * has a holder of its own: the figures show distinct values and holders.
 *
 * Usage: bench-refresh [--objects N] [--errors M] [--latency-ms L] [--runs K]
 *                      [--connections C]   (default: the client's own, as the app runs)
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <gio/gio.h>

#include "dsc-collector.h"
#include "dsc-connect-versions.h"
#include "dsc-health.h"
#include "dsc-fake-tenant.h"
#include "dsc-graph-parse.h"
#include "dsc-static-token-provider.h"

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static long
peak_rss_kib (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static long
current_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static double
cpu_seconds (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Conflicting values the snapshot names, told apart as the collector does. */
static guint
distinct_values (DscSnapshot *snapshot)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      DscDirectoryObject *o = g_ptr_array_index (snapshot->objects, i);

      for (guint e = 0; e < o->n_errors; e++)
        if (o->errors[e].value != NULL && o->errors[e].property != NULL)
          {
            g_autofree char *norm = dsc_normalize_conflict_value (o->errors[e].property,
                                                                  o->errors[e].value);
            g_hash_table_add (seen, g_strconcat (o->errors[e].property, "\n", norm, NULL));
          }
    }
  return g_hash_table_size (seen);
}

int
main (int argc, char **argv)
{
  int objects = 100000, errors = 5000, latency = 50, runs = 1, connections = 0;
  const GOptionEntry entries[] = {
    { "objects", 0, 0, G_OPTION_ARG_INT, &objects, "Users+groups+contacts", "N" },
    { "errors", 0, 0, G_OPTION_ARG_INT, &errors, "Objects in error", "M" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency, "Added latency per request", "MS" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Refreshes to time", "K" },
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections,
      "Connections to the host (default: the client's)", "C" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *latency_arg = NULL;
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autoptr(DscGraphClient) client = NULL;
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  DscPolicy policy;
  long rss_start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  scenario = g_strdup_printf ("large:objects=%d,errors=%d", objects, errors);
  latency_arg = g_strdup_printf ("%d", latency);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                             &error, DSC_FAKE_GRAPH_PROGRAM, "--scenario", scenario,
                             "--latency-ms", latency_arg, NULL);
  if (server == NULL)
    {
      g_printerr ("Couldn't start the fake tenant: %s\n", error->message);
      return 2;
    }
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  if (url == NULL)
    {
      g_printerr ("The fake tenant did not print its URL: %s\n",
                  error != NULL ? error->message : "end of output");
      return 2;
    }

  client = dsc_graph_client_new (url, tokens, &error);
  g_assert_no_error (error);
  if (connections > 0)
    dsc_graph_client_set_max_connections (client, connections);
  connections = dsc_graph_client_get_max_connections (client);
  dsc_policy_init_defaults (&policy);
  rss_start = current_rss_kib ();

  printf ("scenario: %s, latency %d ms, %d connection(s)\n", scenario, latency, connections);
  for (int run = 0; run < runs; run++)
    {
      g_autoptr(DscCollector) collector = dsc_collector_new (client);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(DscSnapshot) snapshot = NULL;
      g_autoptr(DscReport) report = NULL;
      guint before = dsc_graph_client_get_request_count (client);
      guint requests, users = 0, groups = 0, contacts = 0, chain, by_connections, lower;
      double cpu_start = cpu_seconds (), cpu_collected, cpu_evaluated;
      gint64 start = g_get_monotonic_time (), collected, evaluated;

      dsc_collector_run_async (collector, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      snapshot = dsc_collector_run_finish (collector, result, &error);
      if (snapshot == NULL)
        {
          g_printerr ("Refresh failed: %s\n", error->message);
          return 1;
        }
      collected = g_get_monotonic_time ();
      cpu_collected = cpu_seconds ();
      report = dsc_health_evaluate (snapshot, &policy, versions, g_get_real_time () / G_USEC_PER_SEC);
      evaluated = g_get_monotonic_time ();
      cpu_evaluated = cpu_seconds ();

      for (guint i = 0; i < snapshot->objects->len; i++)
        {
          DscDirectoryObject *o = g_ptr_array_index (snapshot->objects, i);
          users += o->kind == DSC_OBJECT_USER;
          groups += o->kind == DSC_OBJECT_GROUP;
          contacts += o->kind == DSC_OBJECT_CONTACT;
        }
      requests = dsc_graph_client_get_request_count (client) - before;
      chain = dsc_collector_get_last_chain (collector);
      by_connections = (requests + connections - 1) / connections;
      lower = MAX (chain, by_connections) * latency;

      printf ("run %d\n", run + 1);
      printf ("  objects in error:     %u (users %u, groups %u, contacts %u)\n",
              snapshot->objects->len, users, groups, contacts);
      printf ("  conflicting values:   %u distinct, holders found %u\n",
              distinct_values (snapshot), snapshot->holders->len);
      printf ("  requests made:        %u (HTTP, retries included)\n", requests);
      printf ("  wall time:            %.0f ms (collect %.0f ms + evaluate %.0f ms)\n",
              (evaluated - start) / 1000.0, (collected - start) / 1000.0,
              (evaluated - collected) / 1000.0);
      printf ("  CPU user+sys:         %.0f ms (collect %.0f ms + evaluate %.0f ms)\n",
              (cpu_evaluated - cpu_start) * 1000.0, (cpu_collected - cpu_start) * 1000.0,
              (cpu_evaluated - cpu_collected) * 1000.0);
      printf ("  longest chain:        %u round trips\n", chain);
      printf ("  critical path bound:  %u ms = max(chain %u, %u requests / %d connections = %u)"
              " x %d ms\n", lower, chain, requests, connections, by_connections, latency);
      printf ("  wall / critical path: %.2f (target: wall <= 1.2 x bound + 100 ms = %.0f ms)\n",
              lower > 0 ? (evaluated - start) / 1000.0 / lower : 0.0, 1.2 * lower + 100);
    }
  printf ("peak RSS: %.1f MB (target <= 60 MB), RSS at start %.1f MB\n",
          peak_rss_kib () / 1024.0, rss_start / 1024.0);

  g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  return 0;
}

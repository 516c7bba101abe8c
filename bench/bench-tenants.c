/* bench-tenants.c — every tenant at once (issue 17): N fake tenants (default 50), each
 * its own fake Graph server on 127.0.0.1 with L ms added to every request (default 50),
 * the demo's mixed scenarios (healthy, sync errors, stale sync, quota, retired Connect,
 * stale password sync, sync disabled, an expired sign-in), refreshed through
 * DscSessionList's queue as the app and --check --all-tenants do.
 *
 * Prints: the slowest single-tenant refresh (each kind of tenant read alone), the wall
 * time for all tenants at each concurrency asked for and its ratio to that slowest single
 * refresh (target <= 2x), peak RSS (target <= 300 MB; the fake servers live in this
 * process and are counted too) and the longest main-loop stall seen by a 5 ms ticker
 * (target <= 50 ms). Figures only, no pass/fail: the machine's load shows in them.
 *
 * Usage: bench-tenants [--tenants N] [--latency-ms L] [--concurrency C,C,...]
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "dsc-fake-tenant.h"
#include "dsc-session-list.h"

#define TICK_MS 5

typedef struct {
  gint64 last_tick;
  gint64 worst_gap;   /* µs */
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *t = user_data;
  gint64 now = g_get_monotonic_time ();

  if (t->last_tick != 0)
    t->worst_gap = MAX (t->worst_gap, now - t->last_tick - TICK_MS * 1000);
  t->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
on_drained (DscSessionList *list, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Refreshes everything in list through its queue; wall seconds. */
static double
refresh_all (DscSessionList *list, guint concurrency, Ticker *ticker)
{
  gboolean drained = FALSE;
  gulong id = g_signal_connect (list, "queue-drained", G_CALLBACK (on_drained), &drained);
  gint64 start = g_get_monotonic_time ();

  dsc_session_list_set_max_concurrent (list, concurrency);
  ticker->last_tick = 0;
  dsc_session_list_refresh_all (list);
  while (!drained)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (list, id);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
set_latency (DscSessionList *list, guint latency_ms)
{
  DscFakeFaults faults = { 0 };

  faults.latency_ms = latency_ms;
  faults.seed = 1;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DscSession) s = g_list_model_get_item (G_LIST_MODEL (list), i);

      dsc_fake_tenant_set_faults (dsc_demo_get_fake_tenant (dsc_session_get_demo (s)), &faults);
    }
}

int
main (int argc, char **argv)
{
  int n_tenants = 50, latency = 50;
  /* Defaults are set after parsing: GOption replaces a string without freeing it. */
  g_autofree char *concurrency_list = NULL;
  GOptionEntry entries[] = {
    { "tenants", 0, 0, G_OPTION_ARG_INT, &n_tenants, "Fake tenants", "N" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency, "Added latency per request", "MS" },
    { "concurrency", 0, 0, G_OPTION_ARG_STRING, &concurrency_list,
      "Tenants refreshed at once, comma-separated runs (default 4,16,50, as the README shows)", "C,..." },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSessionList) singles = NULL;
  g_autoptr(DscSessionList) all = NULL;
  g_auto(GStrv) runs = NULL;
  Ticker ticker = { 0 };
  double slowest = 0;
  const char *slowest_name = NULL;
  double loadavg[3] = { 0 };
  g_autofree char *loadavg_text = NULL;
  guint tick_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_tenants < 1 || latency < 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "bad arguments");
      return 2;
    }
  if (concurrency_list == NULL)
    concurrency_list = g_strdup ("4,16,50");
  if (g_file_get_contents ("/proc/loadavg", &loadavg_text, NULL, NULL))
    sscanf (loadavg_text, "%lf %lf %lf", &loadavg[0], &loadavg[1], &loadavg[2]);
  printf ("tenants: %d, latency %d ms per request, %u CPU(s), load average %.2f %.2f %.2f\n",
          n_tenants, latency, g_get_num_processors (), loadavg[0], loadavg[1], loadavg[2]);

  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick, &ticker, NULL);

  /* Each kind of demo tenant alone: the slowest single-tenant refresh. */
  singles = dsc_session_list_new_demo (0, FALSE, &error);
  if (singles == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  set_latency (singles, latency);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (singles)); i++)
    {
      g_autoptr(DscSession) s = g_list_model_get_item (G_LIST_MODEL (singles), i);
      g_autoptr(DscSessionList) one = dsc_session_list_new ();
      double t;

      dsc_session_list_append (one, s);
      t = refresh_all (one, 1, &ticker);
      printf ("  single %-20s %6.2f s%s\n", dsc_session_get_label (s), t,
              dsc_session_get_report (s) == NULL ? " (fails: sign-in expired)" : "");
      if (t > slowest)
        {
          slowest = t;
          slowest_name = dsc_session_get_label (s);
        }
    }
  printf ("slowest single-tenant refresh: %.2f s (%s)\n", slowest, slowest_name);

  all = dsc_session_list_new_demo ((guint) n_tenants, FALSE, &error);
  if (all == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  set_latency (all, latency);
  runs = g_strsplit (concurrency_list, ",", -1);
  for (guint r = 0; runs[r] != NULL; r++)
    {
      guint c = (guint) g_ascii_strtoull (runs[r], NULL, 10);
      double wall;

      if (c == 0)
        continue;
      ticker.worst_gap = 0;
      wall = refresh_all (all, c, &ticker);
      printf ("all %d tenants, %u at a time: %.2f s = %.1f x the slowest single (target <= 2x), "
              "longest main-loop stall %.1f ms (target <= 50 ms)\n",
              n_tenants, c, wall, slowest > 0 ? wall / slowest : 0,
              ticker.worst_gap / 1000.0);
    }
  printf ("peak RSS: %.1f MB (target <= 300 MB; includes the %d in-process fake servers)\n",
          peak_rss_kib () / 1024.0, n_tenants + 8);
  g_source_remove (tick_id);
  return 0;
}

/* bench-soak.c — many refreshes against a misbehaving tenant.
 *
 * Runs the fake tenant in-process (its own server thread) and the collector
 * against it, refresh after refresh, with faults on: 429s, 503s, connection
 * resets, truncated bodies and latency spikes. Ground truth is the canonical
 * snapshot of a fault-free refresh of the same scenario. Every refresh must
 * end in one of three honest ways:
 *
 *   completed  a snapshot equal to ground truth;
 *   degraded   a snapshot whose failed sources each carry a message, and whose
 *              other sources equal ground truth (the app shows those sources
 *              as unreadable);
 *   failed     no snapshot, and an error with a message (the app keeps the
 *              previous report — here, the last good snapshot).
 *
 * Anything else counts as wrong. A crash ends the program, so finishing is
 * the crash count of 0. RSS is printed at start, middle and end. Exits 1 if
 * anything was wrong.
 *
 * Usage: bench-soak [--refreshes N] [--scenario NAME] [--seed S] [--quiet] [--no-faults]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "dsc-collector.h"
#include "dsc-fake-tenant.h"
#include "dsc-snapshot-json.h"
#include "dsc-static-token-provider.h"

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
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

static DscSnapshot *
refresh (DscGraphClient *client,
         GError        **error)
{
  g_autoptr(DscCollector) collector = dsc_collector_new (client);
  g_autoptr(GAsyncResult) result = NULL;

  dsc_collector_run_async (collector, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dsc_collector_run_finish (collector, result, error);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Drops from a canonical snapshot what source s feeds. */
static void
drop_source (JsonObject *root,
             DscSource   s)
{
  static const char * const organization[] = {
    "tenantId", "tenantName", "initialDomain", "syncState", "lastSync", "verifiedDomains", NULL
  };
  static const char * const organization_beta[] = {
    "lastPasswordSync", "quotaUsed", "quotaTotal", NULL
  };
  const char * const *members = NULL;
  const char *single = NULL;
  const char *kind = NULL;

  switch (s)
    {
    case DSC_SOURCE_ORGANIZATION: members = organization; break;
    case DSC_SOURCE_ORGANIZATION_BETA: members = organization_beta; break;
    case DSC_SOURCE_SYNC_SETTINGS: single = "settings"; break;
    case DSC_SOURCE_DOMAINS: single = "domains"; break;
    case DSC_SOURCE_SYNC_ACCOUNTS:
    case DSC_SOURCE_SYNC_APPS: single = "identities"; break;
    case DSC_SOURCE_SERVICE_HEALTH: single = "services"; break;
    case DSC_SOURCE_USER_ERRORS: kind = "user"; break;
    case DSC_SOURCE_GROUP_ERRORS: kind = "group"; break;
    case DSC_SOURCE_CONTACT_ERRORS: kind = "contact"; break;
    case DSC_SOURCE_CONFLICT_HOLDERS: single = "holders"; break;
    case DSC_N_SOURCES:
    default: break;
    }

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    json_object_remove_member (root, members[i]);
  if (single != NULL)
    json_object_remove_member (root, single);
  if (kind != NULL && json_object_has_member (root, "objects"))
    {
      JsonArray *objects = json_object_get_array_member (root, "objects");

      for (guint i = json_array_get_length (objects); i > 0; i--)
        {
          JsonObject *o = json_array_get_object_element (objects, i - 1);

          if (g_strcmp0 (json_object_get_string_member_with_default (o, "kind", ""), kind) == 0)
            json_array_remove_element (objects, i - 1);
        }
      /* Holders were looked up for the objects of that list too. */
      json_object_remove_member (root, "holders");
    }
}

/* TRUE when every source this snapshot read equals ground truth; sets
 * any_failed when some source was not read as in ground truth, and
 * messages_ok to whether each such source says why. */
static gboolean
matches_truth (const DscSnapshot *snapshot,
               const DscSnapshot *truth,
               const char        *truth_text,
               gboolean          *any_failed,
               gboolean          *messages_ok)
{
  g_autofree char *text = dsc_snapshot_to_canonical_string (snapshot);
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autoptr(JsonNode) mine_node = NULL;
  g_autoptr(JsonNode) theirs_node = NULL;
  g_autofree char *mine_text = NULL;
  g_autofree char *theirs_text = NULL;

  *any_failed = FALSE;
  *messages_ok = TRUE;
  for (guint s = 0; s < DSC_N_SOURCES; s++)
    if (snapshot->sources[s].state != truth->sources[s].state)
      {
        *any_failed = TRUE;
        if (snapshot->sources[s].message == NULL || snapshot->sources[s].message[0] == '\0')
          *messages_ok = FALSE;
      }
  if (!*any_failed)
    return g_str_equal (text, truth_text);

  mine = parse_object (text);
  theirs = parse_object (truth_text);
  if (mine == NULL || theirs == NULL)
    return FALSE;
  json_object_remove_member (mine, "sources");
  json_object_remove_member (theirs, "sources");
  for (guint s = 0; s < DSC_N_SOURCES; s++)
    if (snapshot->sources[s].state != truth->sources[s].state)
      {
        drop_source (mine, s);
        drop_source (theirs, s);
      }
  mine_node = json_node_init_object (json_node_alloc (), mine);
  theirs_node = json_node_init_object (json_node_alloc (), theirs);
  mine_text = json_to_string (mine_node, FALSE);
  theirs_text = json_to_string (theirs_node, FALSE);
  return g_str_equal (mine_text, theirs_text);
}

int
main (int argc, char **argv)
{
  int refreshes = 500, seed = 1;
  g_autofree char *scenario = NULL;
  gboolean quiet = FALSE, no_faults = FALSE;
  const GOptionEntry entries[] = {
    { "refreshes", 'n', 0, G_OPTION_ARG_INT, &refreshes, "Refreshes to run (500)", "N" },
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario, "Scenario (sync-errors)", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed for faults and latency (1)", "S" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Only the summary", NULL },
    { "no-faults", 0, 0, G_OPTION_ARG_NONE, &no_faults,
      "No faults or latency (to tell memory growth from fault handling)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autoptr(DscGraphClient) client = NULL;
  g_autoptr(DscSnapshot) truth = NULL;
  g_autoptr(DscSnapshot) last_good = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *truth_text = NULL;
  /* Tiny waits: Retry-After (1 s from the fake) is capped by max_delay_ms. */
  const DscGraphRetryPolicy policy = {
    .max_attempts = 5, .max_total_ms = 60000, .base_delay_ms = 1, .max_delay_ms = 5,
  };
  guint completed = 0, degraded = 0, failed = 0, wrong = 0, spikes = 0;
  guint source_failures[DSC_N_SOURCES] = { 0 };
  long rss_start, rss_middle = 0, rss_end;
  gint64 started;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || refreshes < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--refreshes must be positive");
      return 2;
    }
  if (scenario == NULL)
    scenario = g_strdup ("sync-errors");
  rand = g_rand_new_with_seed ((guint32) seed);

  if (!dsc_fake_tenant_set_scenario (tenant, scenario, &error) ||
      !dsc_fake_tenant_start (tenant, &error))
    {
      g_printerr ("Couldn't start the fake tenant: %s\n", error->message);
      return 2;
    }
  client = dsc_graph_client_new (dsc_fake_tenant_get_base_url (tenant), tokens, &error);
  g_assert_no_error (error);
  dsc_graph_client_set_retry_policy (client, &policy);

  truth = refresh (client, &error);
  if (truth == NULL)
    {
      g_printerr ("The fault-free refresh failed: %s\n", error->message);
      return 2;
    }
  truth_text = dsc_snapshot_to_canonical_string (truth);
  last_good = dsc_snapshot_ref (truth);

  rss_start = current_rss_kib ();
  started = g_get_monotonic_time ();
  printf ("soak: %d refreshes of '%s', faults 20%% 429, 10%% 503, 5%% reset, 2%% truncated, "
          "latency 0-20 ms with 200 ms spikes on 10%% of refreshes\n", refreshes, scenario);

  for (int i = 0; i < refreshes; i++)
    {
      g_autoptr(DscSnapshot) snapshot = NULL;
      g_autoptr(GError) refresh_error = NULL;
      gboolean spike;
      DscFakeFaults faults = {
        .p_throttle = 0.20, .p_unavailable = 0.10, .p_reset = 0.05, .p_truncate = 0.02,
        .retry_after_s = 1, .seed = g_rand_int (rand),
      };

      spike = g_rand_double (rand) < 0.10;
      faults.latency_ms = spike ? 200 : (guint) g_rand_int_range (rand, 0, 21);
      spikes += spike;
      if (no_faults)
        faults = (DscFakeFaults) { .retry_after_s = 1 };
      dsc_fake_tenant_set_faults (tenant, &faults);

      snapshot = refresh (client, &refresh_error);
      if (snapshot == NULL)
        {
          if (refresh_error == NULL || refresh_error->message == NULL ||
              refresh_error->message[0] == '\0')
            {
              wrong++;
              printf ("refresh %d: WRONG: failed without a message\n", i + 1);
            }
          else
            {
              failed++;
              if (!quiet)
                printf ("refresh %d: failed: %s\n", i + 1, refresh_error->message);
            }
        }
      else
        {
          gboolean any_failed, messages_ok;
          gboolean right = matches_truth (snapshot, truth, truth_text, &any_failed,
                                          &messages_ok);

          if (right && !any_failed)
            {
              completed++;
              g_clear_pointer (&last_good, dsc_snapshot_unref);
              last_good = g_steal_pointer (&snapshot);
            }
          else if (right && messages_ok)
            {
              degraded++;
              for (guint s = 0; s < DSC_N_SOURCES; s++)
                if (snapshot->sources[s].state != truth->sources[s].state)
                  {
                    source_failures[s]++;
                    if (!quiet)
                      printf ("refresh %d: degraded: %s: %s\n", i + 1,
                              dsc_source_to_string (s), snapshot->sources[s].message);
                  }
            }
          else
            {
              wrong++;
              printf ("refresh %d: WRONG: %s\n", i + 1,
                      !right ? "what was read differs from ground truth"
                             : "a failed source without a message");
            }
        }

      if (i + 1 == refreshes / 2)
        rss_middle = current_rss_kib ();
    }
  rss_end = current_rss_kib ();

  printf ("refreshes:            %d (%.1f s, %u requests, %u latency spikes)\n", refreshes,
          (g_get_monotonic_time () - started) / 1e6, dsc_graph_client_get_request_count (client),
          spikes);
  printf ("completed:            %u (equal to ground truth)\n", completed);
  printf ("degraded:             %u (some sources failed, each with a message; rest correct)\n",
          degraded);
  for (guint s = 0; s < DSC_N_SOURCES; s++)
    if (source_failures[s] > 0)
      printf ("  %-20s%u\n", dsc_source_to_string (s), source_failures[s]);
  printf ("failed-with-message:  %u (last good snapshot kept)\n", failed);
  printf ("wrong:                %u (must be 0)\n", wrong);
  printf ("crashes:              0 (the soak survived every refresh)\n");
  printf ("RSS start/middle/end: %.1f / %.1f / %.1f MB\n", rss_start / 1024.0,
          rss_middle / 1024.0, rss_end / 1024.0);

  dsc_fake_tenant_stop (tenant);
  return wrong == 0 ? 0 : 1;
}

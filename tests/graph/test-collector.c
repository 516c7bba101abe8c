/* test-collector.c — a whole refresh over real HTTP against the fake tenant:
 * every scenario, permissions as data, faults absorbed or reported. */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "dsc-collector.h"
#include "dsc-failure.h"
#include "dsc-fake-tenant.h"
#include "dsc-graph-error.h"
#include "dsc-graph-parse.h"
#include "dsc-snapshot-json.h"
#include "dsc-static-token-provider.h"
#include "dsc-test-object.h"

typedef struct {
  DscFakeTenant *fake;
  DscGraphClient *client;
} Fixture;

static void
fixture_start (Fixture *f, const char *scenario, const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (token);
  DscGraphRetryPolicy retry = { 6, 20000, 5, 50 };

  f->fake = dsc_fake_tenant_new ();
  g_assert_true (dsc_fake_tenant_set_scenario (f->fake, scenario, &error));
  g_assert_no_error (error);
  g_assert_true (dsc_fake_tenant_start (f->fake, &error));
  g_assert_no_error (error);
  f->client = dsc_graph_client_new (dsc_fake_tenant_get_base_url (f->fake), tokens, &error);
  g_assert_no_error (error);
  dsc_graph_client_set_retry_policy (f->client, &retry);
}

static void
fixture_stop (Fixture *f)
{
  dsc_test_clear_finalized (&f->client);
  dsc_fake_tenant_stop (f->fake);
  dsc_test_clear_finalized (&f->fake);
}

static void
collect_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;
  *out = g_object_ref (result);
}

/* @chain: NULL, or where to put the longest chain of round trips. */
static DscSnapshot *
collect_chain (DscGraphClient *client, GCancellable *cancellable, guint *chain, GError **error)
{
  dsc_autofinalize(DscCollector) collector = dsc_collector_new (client);
  g_autoptr(GAsyncResult) result = NULL;
  DscSnapshot *snapshot;

  dsc_collector_run_async (collector, cancellable, collect_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  snapshot = dsc_collector_run_finish (collector, result, error);
  if (chain != NULL)
    *chain = dsc_collector_get_last_chain (collector);
  return snapshot;
}

static DscSnapshot *
collect (DscGraphClient *client, GCancellable *cancellable, GError **error)
{
  return collect_chain (client, cancellable, NULL, error);
}

/* Every conflicting value of @snapshot has a holder; returns how many. */
static guint
assert_every_holder_found (DscSnapshot *snapshot)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      DscDirectoryObject *o = g_ptr_array_index (snapshot->objects, i);

      for (guint e = 0; e < o->n_errors; e++)
        {
          g_autofree char *norm = dsc_normalize_conflict_value (o->errors[e].property,
                                                                o->errors[e].value);

          g_hash_table_add (values, g_strconcat (o->errors[e].property, "\n", norm, NULL));
        }
    }
  for (guint i = 0; i < snapshot->holders->len; i++)
    {
      DscValueHolder *h = g_ptr_array_index (snapshot->holders, i);
      g_autofree char *norm = dsc_normalize_conflict_value (h->property, h->value);

      g_hash_table_add (held, g_strconcat (h->property, "\n", norm, NULL));
    }
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (held, key))
      g_error ("no holder found for %s", (const char *) key);
  return g_hash_table_size (values);
}

static void
assert_all_sources_ok (DscSnapshot *snapshot)
{
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    /* The on-premises scan is not Graph: the collector never reads it. */
    if (i != DSC_SOURCE_ONPREM_SCAN && snapshot->sources[i].state != DSC_SOURCE_STATE_OK)
      g_error ("source %s is %s: %s", dsc_source_to_string (i),
               dsc_source_state_to_string (snapshot->sources[i].state),
               snapshot->sources[i].message);
}

static void
test_healthy (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "healthy", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (snapshot);
  g_assert_cmpint (snapshot->sync_state, ==, DSC_SYNC_STATE_ON);
  g_assert_cmpint (snapshot->last_sync, >, 0);
  g_assert_cmpint (snapshot->last_password_sync, >, 0);
  g_assert_cmpint (snapshot->quota_total, >, 0);
  g_assert_nonnull (snapshot->settings.client_version);
  g_assert_cmpint (snapshot->settings.password_sync_enabled, ==, DSC_TRISTATE_TRUE);
  g_assert_cmpuint (snapshot->objects->len, ==, 0);
  g_assert_cmpuint (snapshot->domains->len, >, 0);
  g_assert_cmpuint (snapshot->identities->len, >, 0);
  g_assert_cmpuint (snapshot->services->len, >, 0);
  g_assert_nonnull (snapshot->tenant_name);
  g_assert_cmpint (snapshot->taken_at, >, 0);
  /* Fewest round trips: one round of four $batch calls (v1.0, beta, and the
   * users' parts in two, parsed side by side), nothing else. */
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake), ==, 4);
  fixture_stop (&f);
}

static void
test_sync_errors_finds_both_sides (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gboolean kinds[3] = { FALSE, FALSE, FALSE };

  fixture_start (&f, "sync-errors", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (snapshot);
  g_assert_cmpuint (snapshot->objects->len, >=, 5);

  /* Every conflicting value is held by some other object the lookups found,
   * unless two objects in error share it. */
  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (snapshot->objects, i);

      kinds[object->kind] = TRUE;
      for (guint e = 0; e < object->n_errors; e++)
        {
          g_autofree char *want = dsc_normalize_conflict_value (object->errors[e].property,
                                                                object->errors[e].value);
          gboolean found = FALSE;

          for (guint h = 0; h < snapshot->holders->len && !found; h++)
            {
              DscValueHolder *holder = g_ptr_array_index (snapshot->holders, h);
              g_autofree char *have = dsc_normalize_conflict_value (holder->property,
                                                                    holder->value);
              found = g_strcmp0 (have, want) == 0 && g_strcmp0 (holder->object->id,
                                                                 object->id) != 0;
            }
          for (guint o = 0; o < snapshot->objects->len && !found; o++)
            {
              DscDirectoryObject *other = g_ptr_array_index (snapshot->objects, o);
              for (guint oe = 0; other != object && oe < other->n_errors && !found; oe++)
                {
                  g_autofree char *have = dsc_normalize_conflict_value (
                    other->errors[oe].property, other->errors[oe].value);
                  found = g_strcmp0 (have, want) == 0;
                }
            }
          if (!found)
            g_error ("nobody else holds %s of %s", object->errors[e].value,
                     object->display_name);
        }
    }
  g_assert_true (kinds[DSC_OBJECT_USER] && kinds[DSC_OBJECT_GROUP] && kinds[DSC_OBJECT_CONTACT]);
  fixture_stop (&f);
}

static void
test_not_global_admin_is_data (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "not-global-admin", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (snapshot->sources[DSC_SOURCE_SYNC_SETTINGS].state, ==,
                   DSC_SOURCE_STATE_DENIED);
  g_assert_nonnull (strstr (snapshot->sources[DSC_SOURCE_SYNC_SETTINGS].message,
                            "Global Administrator"));
  g_assert_cmpstr (snapshot->sources[DSC_SOURCE_SYNC_SETTINGS].error_code, ==,
                   "Authorization_RequestDenied");
  g_assert_cmpint (snapshot->sources[DSC_SOURCE_ORGANIZATION].state, ==, DSC_SOURCE_STATE_OK);
  g_assert_cmpint (snapshot->sources[DSC_SOURCE_USER_ERRORS].state, ==, DSC_SOURCE_STATE_OK);
  g_assert_cmpint (snapshot->settings.password_sync_enabled, ==, DSC_TRISTATE_UNKNOWN);
  fixture_stop (&f);
}

static void
test_every_scenario_completes (void)
{
  const char * const *names = dsc_fake_tenant_list_scenarios ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      Fixture f = { 0 };
      g_autoptr(DscSnapshot) snapshot = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_has_prefix (names[i], "large"))
        continue;  /* its own test, with a smaller size */
      g_test_message ("scenario %s", names[i]);
      fixture_start (&f, names[i], DSC_FAKE_TENANT_TOKEN);
      snapshot = collect (f.client, NULL, &error);
      g_assert_no_error (error);
      for (guint s = 0; s < DSC_N_SOURCES; s++)
        g_assert_cmpint (snapshot->sources[s].state, !=, DSC_SOURCE_STATE_FAILED);
      g_assert_cmpint (snapshot->sources[DSC_SOURCE_ORGANIZATION].state, ==,
                       DSC_SOURCE_STATE_OK);
      fixture_stop (&f);
    }
}

static void
test_large_pages_and_lookups (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "large:objects=6000,errors=2500", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (snapshot);
  g_assert_cmpuint (snapshot->objects->len, ==, 2500);
  g_assert_cmpuint (snapshot->holders->len, >, 0);
  /* More than the two first batches: pages and holder lookups. */
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake), >, 3);
  fixture_stop (&f);
}

/* Every conflicting value held by an object without errors: each one's
 * holder is found, and the lookups go 15 addresses (or as many UPNs as the
 * URL takes) to a filter, 20 filters to a $batch (one value per filter and
 * three lists per address would take hundreds). */
static void
test_every_holder_found_in_few_requests (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint both = 0;

  fixture_start (&f, "large:objects=20000,errors=2000", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (snapshot);
  /* Users with both kinds of conflict are listed once. */
  g_assert_cmpuint (snapshot->objects->len, ==, 2000);

  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      DscDirectoryObject *o = g_ptr_array_index (snapshot->objects, i);

      both += o->n_errors > 1;
      for (guint e = 0; e < o->n_errors; e++)
        {
          g_autofree char *norm = dsc_normalize_conflict_value (o->errors[e].property,
                                                                o->errors[e].value);

          g_hash_table_add (values, g_strconcat (o->errors[e].property, "\n", norm, NULL));
        }
    }
  g_assert_cmpuint (both, >, 0);
  for (guint i = 0; i < snapshot->holders->len; i++)
    {
      DscValueHolder *h = g_ptr_array_index (snapshot->holders, i);
      g_autofree char *norm = dsc_normalize_conflict_value (h->property, h->value);

      g_hash_table_add (held, g_strconcat (h->property, "\n", norm, NULL));
    }
  g_assert_cmpuint (g_hash_table_size (values), >, 2000);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (held, key))
      g_error ("no holder found for %s", (const char *) key);

  /* ~1 700 addresses / 15 on users, ~350 of them again on groups and
   * contacts, ~500 UPNs at ~45 a filter, 20 to a $batch, plus round 1: about 14. */
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake), <=, 16);
  fixture_stop (&f);
}

/* The refresh at scale, counted by the fake tenant: 5 000 objects in error,
 * every value with a holder of its own. Round 1 brings every list (the users
 * in parts that fit a page), the users' lookups answer most values, groups
 * and contacts are asked only for the addresses no user holds: three round
 * trips, about twenty requests. Reading the users as two lists that page
 * (chain 5) or asking all three lists for every address (55 requests) fails. */
static void
test_refresh_at_scale_in_three_round_trips (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  guint chain = 0, distinct;

  fixture_start (&f, "large:objects=20000,errors=5000", DSC_FAKE_TENANT_TOKEN);
  snapshot = collect_chain (f.client, NULL, &chain, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (snapshot);
  g_assert_cmpuint (snapshot->objects->len, ==, 5000);
  distinct = assert_every_holder_found (snapshot);
  g_assert_cmpuint (distinct, >, 5000);
  g_assert_cmpuint (snapshot->holders->len, >=, distinct);

  g_test_message ("%u requests, chain %u", dsc_fake_tenant_get_request_count (f.fake), chain);
  g_assert_cmpuint (chain, ==, 3);
  /* 4 in round 1; ~1 330 UPNs at ~45 a filter, ~4 000 addresses at 15 a
   * filter on users, ~800 on groups and contacts: ~380 filters, 20 to a $batch. */
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake), <=, 25);
  fixture_stop (&f);
}

/* Throttling and 503s that the retries absorb must not change the answer. */
static void
test_faults_do_not_change_the_answer (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) clean = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clean_text = NULL;
  DscFakeFaults faults = { 0 };
  guint completed = 0;

  fixture_start (&f, "sync-errors", DSC_FAKE_TENANT_TOKEN);
  clean = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  clean_text = dsc_snapshot_to_canonical_string (clean);

  faults.p_throttle = 0.3;
  faults.p_unavailable = 0.1;
  faults.retry_after_s = 0;
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(DscSnapshot) snapshot = NULL;
      g_autoptr(GError) round_error = NULL;

      faults.seed = 1000 + round;
      dsc_fake_tenant_set_faults (f.fake, &faults);
      snapshot = collect (f.client, NULL, &round_error);
      if (snapshot == NULL)
        {
          /* Allowed only as a clear, non-empty message. */
          g_assert_nonnull (round_error);
          g_assert_cmpuint (strlen (round_error->message), >, 10);
          continue;
        }
      completed++;
      {
        g_autofree char *text = dsc_snapshot_to_canonical_string (snapshot);
        g_assert_cmpstr (text, ==, clean_text);
      }
    }
  g_assert_cmpuint (completed, >, 0);
  fixture_stop (&f);
}

/* A refresh that fails leads with its cause (the error's first line), then
 * what to do for that kind of failure; which sources failed is detail. */
static void
test_failure_leads_with_cause (void)
{
  static const struct {
    const char *name;
    double p_throttle, p_unavailable, p_reset;
    int code;                  /* expected DscGraphErrorCode, -1: any */
    const char *advice;        /* a word of the advice */
  } cases[] = {
    { "503", 0, 1, 0, DSC_GRAPH_ERROR_SERVER, "service health" },
    { "429", 1, 0, 0, DSC_GRAPH_ERROR_THROTTLED, "wait a few minutes" },
    { "reset", 0, 0, 1, -1, NULL },
  };
  Fixture f = { 0 };

  fixture_start (&f, "healthy", DSC_FAKE_TENANT_TOKEN);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DscFakeFaults faults = { 0 };
      g_autoptr(DscSnapshot) snapshot = NULL;
      g_autoptr(GError) error = NULL;
      DscFailureText text = { 0 };

      faults.p_throttle = cases[i].p_throttle;
      faults.p_unavailable = cases[i].p_unavailable;
      faults.p_reset = cases[i].p_reset;
      faults.retry_after_s = 0;
      faults.seed = 7;
      dsc_fake_tenant_set_faults (f.fake, &faults);
      snapshot = collect (f.client, NULL, &error);
      g_assert_null (snapshot);
      g_assert_nonnull (error);
      if (cases[i].code >= 0)
        g_assert_error (error, DSC_GRAPH_ERROR, cases[i].code);

      dsc_failure_describe (error, &text);
      g_test_message ("%s: %s | %s | %s", cases[i].name, text.cause, text.advice, text.details);
      g_assert_false (g_str_has_prefix (text.cause, "Not read"));
      g_assert_null (strstr (text.cause, "Sync settings"));
      g_assert_nonnull (text.details);
      g_assert_true (g_str_has_prefix (text.details, "Not read: "));
      g_assert_nonnull (text.advice);
      if (cases[i].advice != NULL)
        g_assert_nonnull (strstr (text.advice, cases[i].advice));
      dsc_failure_text_clear (&text);
    }
  fixture_stop (&f);

  /* A refused token: the cause is the sign-in, and nothing else was read. */
  fixture_start (&f, "healthy", "not-the-token");
  {
    g_autoptr(DscSnapshot) snapshot = collect (f.client, NULL, NULL);
    g_autoptr(GError) error = NULL;
    DscFailureText text = { 0 };

    g_assert_null (snapshot);
    snapshot = collect (f.client, NULL, &error);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED);
    dsc_failure_describe (error, &text);
    g_assert_nonnull (strstr (text.advice, "sign in again"));
    dsc_failure_text_clear (&text);
  }
  fixture_stop (&f);
}

/* A service that can't filter on onPremisesProvisioningErrors: the lists are
 * read whole and filtered here, and the answer must not change. */
static void
test_unsupported_filter_falls_back (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) filtered = NULL;
  g_autoptr(DscSnapshot) unfiltered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  guint filtered_requests;

  fixture_start (&f, "large:objects=4000,errors=300", DSC_FAKE_TENANT_TOKEN);
  filtered = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  filtered_requests = dsc_fake_tenant_get_request_count (f.fake);

  dsc_fake_tenant_set_reject_error_filter (f.fake, TRUE);
  unfiltered = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  assert_all_sources_ok (unfiltered);
  expected = dsc_snapshot_to_canonical_string (filtered);
  got = dsc_snapshot_to_canonical_string (unfiltered);
  g_assert_cmpstr (got, ==, expected);
  /* Reading 4000 objects whole takes more pages than 300 filtered ones. */
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake) - filtered_requests, >,
                    filtered_requests);
  fixture_stop (&f);
}

static void
test_not_signed_in (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "healthy", NULL);
  snapshot = collect (f.client, NULL, &error);
  g_assert_null (snapshot);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.fake), ==, 0);
  fixture_stop (&f);
}

static void
test_rejected_token (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "healthy", "not-the-right-token");
  snapshot = collect (f.client, NULL, &error);
  g_assert_null (snapshot);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED);
  fixture_stop (&f);
}

static void
test_cancel (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  dsc_autofinalize(GCancellable) cancellable = g_cancellable_new ();
  DscFakeFaults faults = { 0 };

  fixture_start (&f, "healthy", DSC_FAKE_TENANT_TOKEN);
  faults.latency_ms = 2000;
  dsc_fake_tenant_set_faults (f.fake, &faults);
  g_cancellable_cancel (cancellable);
  snapshot = collect (f.client, cancellable, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  fixture_stop (&f);
}

static void
test_network_down (void)
{
  Fixture f = { 0 };
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autofree char *url = NULL;

  /* Start and stop a tenant to get a loopback port nobody listens on. */
  fixture_start (&f, "healthy", DSC_FAKE_TENANT_TOKEN);
  url = g_strdup (dsc_fake_tenant_get_base_url (f.fake));
  fixture_stop (&f);

  f.client = dsc_graph_client_new (url, tokens, &error);
  g_assert_no_error (error);
  snapshot = collect (f.client, NULL, &error);
  g_assert_null (snapshot);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Tenant sync status"));
  dsc_test_clear_finalized (&f.client);
}

/* ---- Cloud Sync ---------------------------------------------------------- */

static DscSnapshot *
collect_scenario (const char *scenario)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  DscSnapshot *snapshot;

  fixture_start (&f, scenario, DSC_FAKE_TENANT_TOKEN);
  snapshot = collect (f.client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  fixture_stop (&f);
  return snapshot;
}

static const DscCloudSyncJob *
only_config_job (DscSnapshot *snapshot, const char *template_id)
{
  const DscCloudSyncConfig *config;

  g_assert_cmpuint (snapshot->cloud_configs->len, ==, 1);
  config = g_ptr_array_index (snapshot->cloud_configs, 0);
  g_assert_true (config->jobs_read);
  return dsc_cloud_sync_config_find_job (config, template_id);
}

static void
test_cloud_sync_healthy (void)
{
  g_autoptr(DscSnapshot) snapshot = collect_scenario ("cloud-sync-healthy");
  g_autoptr(DscSnapshot) copy = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  const DscCloudSyncConfig *config;
  const DscCloudSyncJob *job;
  const DscCloudSyncAgent *agent;

  assert_all_sources_ok (snapshot);
  config = g_ptr_array_index (snapshot->cloud_configs, 0);
  g_assert_cmpstr (config->display_name, ==, "corp.contoso.com");
  g_assert_nonnull (config->id);
  g_assert_cmpuint (config->jobs->len, ==, 2);
  job = only_config_job (snapshot, "AD2AADProvisioning");
  g_assert_nonnull (job);
  g_assert_true (g_str_has_prefix (job->id, "AD2AADProvisioning."));
  g_assert_cmpstr (job->status_code, ==, "Active");
  g_assert_cmpstr (job->schedule_state, ==, "Active");
  g_assert_cmpstr (job->last_execution.state, ==, "Succeeded");
  g_assert_cmpint (job->last_execution.count_imported, ==, 14);
  g_assert_cmpint (job->last_execution.count_exported, ==, 6);
  g_assert_cmpint (job->last_execution.count_escrowed, ==, 0);
  g_assert_cmpint (job->successive_failures, ==, 0);
  g_assert_cmpint (job->steady_state_time, >, 0);
  g_assert_cmpint (job->last_successful.began, >, 0);
  g_assert_null (job->quarantine_reason);
  g_assert_nonnull (only_config_job (snapshot, "AD2AADPasswordHash"));

  g_assert_cmpuint (snapshot->cloud_agents->len, ==, 2);
  agent = g_ptr_array_index (snapshot->cloud_agents, 0);
  g_assert_cmpstr (agent->machine_name, ==, "SRV-PROV01.corp.contoso.com");
  g_assert_cmpstr (agent->status, ==, "active");
  g_assert_cmpstr (agent->groups[0], ==, "corp.contoso.com");
  g_assert_cmpuint (snapshot->cloud_errors->len, ==, 0);
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snapshot), ==, DSC_SYNC_ENGINE_CLOUD_SYNC);

  /* The offline copy keeps all of it. */
  json = dsc_snapshot_to_json (snapshot);
  copy = dsc_snapshot_from_json (json, &error);
  g_assert_no_error (error);
  a = dsc_snapshot_to_canonical_string (snapshot);
  b = dsc_snapshot_to_canonical_string (copy);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "\"AD2AADPasswordHash\""));
}

static void
test_cloud_sync_quarantine (void)
{
  g_autoptr(DscSnapshot) snapshot = collect_scenario ("cloud-sync-quarantine");
  const DscCloudSyncJob *job = only_config_job (snapshot, "AD2AADProvisioning");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  assert_all_sources_ok (snapshot);
  g_assert_cmpstr (job->status_code, ==, "Quarantine");
  g_assert_cmpstr (job->quarantine_reason, ==, "EncounteredQuarantineException");
  g_assert_cmpstr (job->quarantine_error_code, ==, "HybridIdentityServiceNoActiveAgents");
  g_assert_cmpint (job->quarantine_series_count, ==, 3);
  g_assert_cmpint (job->quarantine_series_began, <, job->quarantine_current_began);
  g_assert_cmpint (job->quarantine_next_attempt, >, now);
  g_assert_cmpstr (job->last_execution.state, ==, "Failed");
  g_assert_cmpint (job->successive_failures, ==, 3);
  for (guint i = 0; i < snapshot->cloud_agents->len; i++)
    g_assert_cmpstr (((DscCloudSyncAgent *) g_ptr_array_index (snapshot->cloud_agents, i))->status,
                     ==, "inactive");
}

static void
test_cloud_sync_escrows_and_log (void)
{
  g_autoptr(DscSnapshot) snapshot = collect_scenario ("cloud-sync-escrows-rising");
  const DscCloudSyncJob *job = only_config_job (snapshot, "AD2AADProvisioning");
  const DscCloudSyncConfig *config = g_ptr_array_index (snapshot->cloud_configs, 0);
  const DscCloudSyncObjectError *e;

  assert_all_sources_ok (snapshot);
  g_assert_cmpstr (job->last_execution.state, ==, "EntryLevelErrors");
  g_assert_cmpint (job->last_execution.count_escrowed, ==, 4200);
  /* Failures only, newest first, tied to the configuration and its job. */
  g_assert_cmpuint (snapshot->cloud_errors->len, ==, 3);
  e = g_ptr_array_index (snapshot->cloud_errors, 0);
  g_assert_cmpstr (e->source_name, ==, "Adele Vance");
  g_assert_cmpstr (e->error_code, ==, "AzureActiveDirectoryConflictEncountered");
  g_assert_cmpstr (e->config_id, ==, config->id);
  g_assert_cmpstr (e->job_id, ==, job->id);
  g_assert_cmpstr (e->action, ==, "create");
  g_assert_nonnull (e->reason);
  g_assert_cmpint (e->time, >, ((DscCloudSyncObjectError *) g_ptr_array_index (
                                  snapshot->cloud_errors, 1))->time);
}

static void
test_cloud_sync_mixed (void)
{
  g_autoptr(DscSnapshot) snapshot = collect_scenario ("mixed");

  assert_all_sources_ok (snapshot);
  g_assert_cmpuint (snapshot->cloud_configs->len, ==, 1);
  g_assert_cmpstr (((DscCloudSyncConfig *) g_ptr_array_index (snapshot->cloud_configs, 0))
                     ->display_name, ==, "emea.fabrikam.net");
  g_assert_nonnull (snapshot->settings.client_version);
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snapshot), ==, DSC_SYNC_ENGINE_BOTH);
}

/* Jobs and agents denied, provisioning logs unlicensed: recorded, named, and
 * the refresh still succeeds. */
static void
test_cloud_sync_denied_is_data (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;
  int fd = g_file_open_tmp ("dsc-cloud-denied-XXXXXX.json", &path, &error);
  const DscSourceStatus *status;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path,
    "{\"base\": \"cloud-sync-escrows-rising\", \"cloudSync\": {\"licensed\": false},"
    " \"denied\": [\"cloudSyncJobs\", \"cloudSyncAgents\"]}", -1, &error));
  snapshot = collect_scenario (path);
  g_unlink (path);

  g_assert_cmpint (snapshot->sources[DSC_SOURCE_CLOUD_SYNC_CONFIGS].state, ==,
                   DSC_SOURCE_STATE_OK);
  g_assert_cmpuint (snapshot->cloud_configs->len, ==, 1);
  g_assert_false (((DscCloudSyncConfig *) g_ptr_array_index (snapshot->cloud_configs, 0))
                    ->jobs_read);
  status = &snapshot->sources[DSC_SOURCE_CLOUD_SYNC_JOBS];
  g_assert_cmpint (status->state, ==, DSC_SOURCE_STATE_DENIED);
  g_assert_nonnull (strstr (status->message, "Synchronization.Read.All"));
  status = &snapshot->sources[DSC_SOURCE_CLOUD_SYNC_AGENTS];
  g_assert_cmpint (status->state, ==, DSC_SOURCE_STATE_DENIED);
  g_assert_nonnull (strstr (status->message, "Policy.Read.HybridAuthentication"));
  status = &snapshot->sources[DSC_SOURCE_CLOUD_SYNC_LOG];
  g_assert_cmpint (status->state, ==, DSC_SOURCE_STATE_UNAVAILABLE);
  g_assert_nonnull (strstr (status->message, "P1"));
  g_assert_cmpuint (snapshot->cloud_errors->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/collector/healthy-in-two-round-trips", test_healthy);
  g_test_add_func ("/graph/collector/failure-leads-with-cause", test_failure_leads_with_cause);
  g_test_add_func ("/graph/collector/sync-errors-finds-both-sides",
                   test_sync_errors_finds_both_sides);
  g_test_add_func ("/graph/collector/not-global-admin-is-data", test_not_global_admin_is_data);
  g_test_add_func ("/graph/collector/every-scenario-completes", test_every_scenario_completes);
  g_test_add_func ("/graph/collector/large-pages-and-lookups", test_large_pages_and_lookups);
  g_test_add_func ("/graph/collector/refresh-at-scale-in-three-round-trips",
                   test_refresh_at_scale_in_three_round_trips);
  g_test_add_func ("/graph/collector/every-holder-found-in-few-requests",
                   test_every_holder_found_in_few_requests);
  g_test_add_func ("/graph/collector/faults-do-not-change-the-answer",
                   test_faults_do_not_change_the_answer);
  g_test_add_func ("/graph/collector/unsupported-filter-falls-back-to-client-side",
                   test_unsupported_filter_falls_back);
  g_test_add_func ("/graph/collector/not-signed-in", test_not_signed_in);
  g_test_add_func ("/graph/collector/rejected-token", test_rejected_token);
  g_test_add_func ("/graph/collector/cancel", test_cancel);
  g_test_add_func ("/graph/collector/network-down-names-what-failed", test_network_down);
  g_test_add_func ("/graph/collector/cloud-sync-healthy", test_cloud_sync_healthy);
  g_test_add_func ("/graph/collector/cloud-sync-quarantine", test_cloud_sync_quarantine);
  g_test_add_func ("/graph/collector/cloud-sync-escrows-and-log", test_cloud_sync_escrows_and_log);
  g_test_add_func ("/graph/collector/cloud-sync-mixed", test_cloud_sync_mixed);
  g_test_add_func ("/graph/collector/cloud-sync-denied-is-data", test_cloud_sync_denied_is_data);

  return g_test_run ();
}

/* gen-seeds.c — writes seed inputs for the fuzz targets from the demo
 * scenarios, through the fake tenant's own service code (the bodies the app
 * reads from the demo), plus the snapshot cache and the shipped version table.
 *
 * Usage: fuzz-gen-seeds CORPUS_DIR DATA_DIR
 * Seeds go to CORPUS_DIR/<target>/<scenario>-<what>.json; small files only.
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "dsc-fake-scenario.h"
#include "dsc-fake-service.h"
#include "dsc-graph-parse.h"
#include "dsc-snapshot-json.h"

#define MAX_SEED_BYTES (64 * 1024)

static const char *corpus;
static GHashTable *seen;   /* target + checksum: identical seeds are written once */

static void
write_seed (const char *target,
            const char *name,
            const char *data,
            gsize       len)
{
  g_autofree char *dir = g_build_filename (corpus, target, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) data, len);

  if (len > MAX_SEED_BYTES ||
      !g_hash_table_add (seen, g_strconcat (target, "/", sum, NULL)))
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

static void
handle (DscFakeContext  *ctx,
        const char      *method,
        const char      *path,
        const char      *query,
        const char      *body,
        DscFakeResponse *resp)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new_static (body, strlen (body)) : NULL;
  DscFakeRequest req = {
    .method = method, .path = path, .query = query, .consistency_level = "eventual",
    .request_id = "seed-request", .client_request_id = "seed-client", .body = bytes,
  };

  dsc_fake_response_init (resp);
  dsc_fake_service_handle (ctx, &req, resp);
}

/* The $batch bodies docs/graph-calls.md describes. */
static const char v1_batch[] =
  "{\"requests\":["
  "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/organization?$select=id,displayName,"
  "onPremisesSyncEnabled,onPremisesLastSyncDateTime,verifiedDomains\"},"
  "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/domains?$select=id,authenticationType,"
  "isVerified,isDefault,isInitial\"},"
  "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/directoryRoles(roleTemplateId="
  "'d29b2b05-8046-44ba-8758-1e26182fcf32')/members?$select=id,displayName,"
  "userPrincipalName,accountEnabled\"},"
  "{\"id\":\"4\",\"method\":\"GET\",\"url\":\"/servicePrincipals(appId="
  "'6bf85cfa-ac8a-4be5-b5de-425a0d0dc016')/appRoleAssignedTo?$select=principalId,"
  "principalDisplayName,principalType,createdDateTime\"},"
  "{\"id\":\"5\",\"method\":\"GET\",\"url\":\"/admin/serviceAnnouncement/healthOverviews?"
  "$select=id,service,status\"},"
  "{\"id\":\"6\",\"method\":\"GET\",\"url\":\"/admin/serviceAnnouncement/issues?"
  "$filter=isResolved eq false\"},"
  "{\"id\":\"7\",\"method\":\"GET\",\"url\":\"/users?$filter=onPremisesProvisioningErrors/"
  "any(o:o/category eq 'PropertyConflict')&$select=id,displayName,userPrincipalName,mail,"
  "onPremisesSyncEnabled,onPremisesProvisioningErrors&$top=999&$count=true\","
  "\"headers\":{\"ConsistencyLevel\":\"eventual\"}},"
  "{\"id\":\"8\",\"method\":\"GET\",\"url\":\"/groups?$filter=onPremisesProvisioningErrors/"
  "any(o:o/category eq 'PropertyConflict')&$select=id,displayName,mail,"
  "onPremisesSyncEnabled,onPremisesProvisioningErrors&$top=999&$count=true\","
  "\"headers\":{\"ConsistencyLevel\":\"eventual\"}},"
  "{\"id\":\"9\",\"method\":\"GET\",\"url\":\"/contacts?$filter=onPremisesProvisioningErrors/"
  "any(o:o/category eq 'PropertyConflict')&$select=id,displayName,mail,"
  "onPremisesSyncEnabled,onPremisesProvisioningErrors&$top=999&$count=true\","
  "\"headers\":{\"ConsistencyLevel\":\"eventual\"}}"
  "]}";

static const char beta_batch[] =
  "{\"requests\":["
  "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/organization?$select=id,"
  "onPremisesLastPasswordSyncDateTime,directorySizeQuota\"},"
  "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/directory/onPremisesSynchronization\"}"
  "]}";

/* Member id → fuzz target (NULL: not a parser of its own). */
static const char * const v1_targets[] = {
  NULL, "organization", "domains", "sync-accounts", "sync-apps", "service-health",
  "service-health", "error-page", "error-page", "error-page",
};
static const char * const beta_targets[] = { NULL, "organization-beta", "sync-settings" };

/* A Graph answer as the client reads it. */
static DscJson *
graph_json (const char *text)
{
  return dsc_json_parse (text, strlen (text), 512, NULL);
}

/* Builds the snapshot the app would, for the cache seed. */
static void
feed_snapshot (DscSnapshot *snapshot,
               const char  *target,
               guint        index,
               const char  *json)
{
  static const DscObjectKind kinds[] = { DSC_OBJECT_USER, DSC_OBJECT_GROUP, DSC_OBJECT_CONTACT };
  g_autoptr(DscJson) body = graph_json (json);
  g_autofree char *next = NULL;

  if (body == NULL)
    g_error ("%s: not JSON", target);

  if (g_str_equal (target, "organization"))
    dsc_parse_organization (body, snapshot, NULL);
  else if (g_str_equal (target, "organization-beta"))
    dsc_parse_organization_beta (body, snapshot, NULL);
  else if (g_str_equal (target, "sync-settings"))
    dsc_parse_sync_settings (body, snapshot, NULL);
  else if (g_str_equal (target, "domains"))
    dsc_parse_domains (body, snapshot, NULL);
  else if (g_str_equal (target, "sync-accounts"))
    dsc_parse_sync_accounts (body, snapshot, NULL);
  else if (g_str_equal (target, "sync-apps"))
    dsc_parse_sync_apps (body, snapshot, NULL);
  else if (g_str_equal (target, "service-health") && index == 5)
    dsc_parse_service_health (body, NULL, snapshot, NULL);
  else if (g_str_equal (target, "error-page") && index >= 7 && index <= 9)
    dsc_parse_error_page (body, kinds[index - 7], snapshot->objects, &next, NULL);
}

static void
split_batch (const char         *scenario,
             const char         *version,
             const char         *text,
             const char * const *targets,
             guint               n_targets,
             DscSnapshot        *snapshot)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *responses;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return;
  responses = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "responses");
  for (guint i = 0; responses != NULL && i < json_array_get_length (responses); i++)
    {
      JsonObject *member = json_array_get_object_element (responses, i);
      const char *id = json_object_get_string_member_with_default (member, "id", "0");
      guint index = (guint) g_ascii_strtoull (id, NULL, 10);
      JsonNode *body = json_object_get_member (member, "body");
      g_autofree char *json = NULL;
      g_autofree char *name = NULL;
      const char *target;

      if (index >= n_targets || targets[index] == NULL || body == NULL)
        continue;
      target = targets[index];
      json = json_to_string (body, FALSE);
      if (JSON_NODE_HOLDS_OBJECT (body) &&
          !json_object_has_member (json_node_get_object (body), "error"))
        feed_snapshot (snapshot, target, index, json);
      name = g_strdup_printf ("%s-%s-%s.json", scenario, version, id);
      if (g_str_equal (target, "error-page") || g_str_equal (target, "holder-page"))
        {
          /* These targets read a first byte (object kind) before the JSON. */
          g_autofree char *framed = g_strdup_printf ("%c%s", (char) ('0' + index - 7), json);

          write_seed (target, name, framed, strlen (framed));
        }
      else
        {
          write_seed (target, name, json, strlen (json));
        }
    }
}

/* Microsoft Entra Cloud Sync: the configurations, each one's jobs and
 * provisioning-log failures, and the agents — as seeds of their own and
 * into the snapshot, so the snapshot-json seeds carry a "cloudSync" part. */
static void
seed_cloud_sync (DscFakeContext *ctx,
                 const char     *name,
                 DscSnapshot    *snapshot)
{
  DscFakeResponse resp;
  g_autofree char *seed_name = NULL;
  g_autoptr(DscJson) node = NULL;

  handle (ctx, "GET", "/v1.0/servicePrincipals",
          "$filter=applicationTemplateId%20eq%20'1a4721b3-e57f-4451-ae87-ef078703ec94'"
          "&$select=id,appId,displayName,applicationTemplateId&$top=999", NULL, &resp);
  node = graph_json (resp.body->str);
  if (node == NULL || !dsc_parse_cloud_sync_configs (node, snapshot, NULL))
    g_error ("%s: Cloud Sync configurations", name);
  dsc_snapshot_set_source (snapshot, DSC_SOURCE_CLOUD_SYNC_CONFIGS, DSC_SOURCE_STATE_OK,
                           NULL, NULL, NULL);
  if (snapshot->cloud_configs->len > 0)
    {
      seed_name = g_strdup_printf ("%s.json", name);
      write_seed ("cloud-sync-configs", seed_name, resp.body->str, resp.body->len);
    }
  dsc_fake_response_clear (&resp);

  for (guint i = 0; i < snapshot->cloud_configs->len; i++)
    {
      DscCloudSyncConfig *config = g_ptr_array_index (snapshot->cloud_configs, i);
      g_autofree char *path = g_strdup_printf ("/v1.0/servicePrincipals/%s/synchronization/jobs",
                                               config->id);
      g_autofree char *query = g_strdup_printf (
        "$filter=servicePrincipal/id%%20eq%%20'%s'%%20and%%20"
        "provisioningStatusInfo/status%%20eq%%20'failure'&$top=50", config->id);
      g_autoptr(DscJson) jobs = NULL;
      g_autoptr(DscJson) log = NULL;

      handle (ctx, "GET", path, NULL, NULL, &resp);
      g_free (seed_name);
      seed_name = g_strdup_printf ("%s-%u.json", name, i);
      write_seed ("cloud-sync-jobs", seed_name, resp.body->str, resp.body->len);
      jobs = graph_json (resp.body->str);
      if (jobs == NULL || !dsc_parse_cloud_sync_jobs (jobs, config, NULL))
        g_error ("%s: Cloud Sync jobs", name);
      dsc_fake_response_clear (&resp);

      handle (ctx, "GET", "/v1.0/auditLogs/provisioning", query, NULL, &resp);
      write_seed ("provisioning-log", seed_name, resp.body->str, resp.body->len);
      log = graph_json (resp.body->str);
      if (log == NULL ||
          !dsc_parse_provisioning_failures (log, snapshot->cloud_errors, NULL, NULL))
        g_error ("%s: provisioning log", name);
      dsc_fake_response_clear (&resp);
    }
  dsc_snapshot_set_source (snapshot, DSC_SOURCE_CLOUD_SYNC_JOBS, DSC_SOURCE_STATE_OK,
                           NULL, NULL, NULL);
  dsc_snapshot_set_source (snapshot, DSC_SOURCE_CLOUD_SYNC_LOG, DSC_SOURCE_STATE_OK,
                           NULL, NULL, NULL);

  if (snapshot->cloud_configs->len == 0)
    return;
  handle (ctx, "GET", "/beta/onPremisesPublishingProfiles/provisioning/agents",
          "$expand=agentGroups", NULL, &resp);
  g_free (seed_name);
  seed_name = g_strdup_printf ("%s.json", name);
  write_seed ("cloud-sync-agents", seed_name, resp.body->str, resp.body->len);
  {
    g_autoptr(DscJson) agents = graph_json (resp.body->str);

    if (agents == NULL || !dsc_parse_cloud_sync_agents (agents, snapshot, NULL))
      g_error ("%s: Cloud Sync agents", name);
  }
  dsc_snapshot_set_source (snapshot, DSC_SOURCE_CLOUD_SYNC_AGENTS, DSC_SOURCE_STATE_OK,
                           NULL, NULL, NULL);
  dsc_fake_response_clear (&resp);
}

static void
seed_scenario (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscFakeScenario) scenario = dsc_fake_scenario_load (name, &error);
  DscFakeContext ctx = { 0 };
  DscFakeResponse resp;
  g_autofree char *seed_name = NULL;
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();

  if (scenario == NULL)
    g_error ("%s: %s", name, error->message);
  ctx.scenario = scenario;
  ctx.base_url = "http://127.0.0.1:40123";
  ctx.now = 1795460102;
  ctx.retry_after_s = 1;

  handle (&ctx, "POST", "/v1.0/$batch", NULL, v1_batch, &resp);
  seed_name = g_strdup_printf ("%s-v1.json", name);
  write_seed ("batch-response", seed_name, resp.body->str, resp.body->len);
  split_batch (name, "v1", resp.body->str, v1_targets, G_N_ELEMENTS (v1_targets), snapshot);
  dsc_fake_response_clear (&resp);

  handle (&ctx, "POST", "/beta/$batch", NULL, beta_batch, &resp);
  g_free (seed_name);
  seed_name = g_strdup_printf ("%s-beta.json", name);
  write_seed ("batch-response", seed_name, resp.body->str, resp.body->len);
  split_batch (name, "beta", resp.body->str, beta_targets, G_N_ELEMENTS (beta_targets),
               snapshot);
  dsc_fake_response_clear (&resp);

  /* A holder lookup, and an error body (unknown path: Graph's 404 shape). */
  handle (&ctx, "GET", "/v1.0/users",
          "$filter=proxyAddresses/any(p:p%20eq%20'smtp:alice@contoso.com')"
          "&$select=id,displayName,userPrincipalName,mail,onPremisesSyncEnabled,proxyAddresses",
          NULL, &resp);
  {
    g_autofree char *framed = g_strdup_printf ("%c%s", 0x80, resp.body->str);

    g_free (seed_name);
    seed_name = g_strdup_printf ("%s-proxy.json", name);
    write_seed ("holder-page", seed_name, framed, strlen (framed));
  }
  dsc_fake_response_clear (&resp);

  handle (&ctx, "GET", "/v1.0/nowhere", NULL, NULL, &resp);
  {
    g_autofree char *framed = g_strdup_printf ("%c%c%s", 0x01, 0x30, resp.body->str);

    g_free (seed_name);
    seed_name = g_strdup_printf ("%s-404.json", name);
    write_seed ("graph-error", seed_name, framed, strlen (framed));
  }
  dsc_fake_response_clear (&resp);

  seed_cloud_sync (&ctx, name, snapshot);

  /* The snapshot cache, as the app writes it for this tenant. */
  {
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *json = NULL;

    snapshot->taken_at = ctx.now;
    snapshot->graph_host = g_strdup ("graph.microsoft.com");
    dsc_snapshot_sort (snapshot);
    node = dsc_snapshot_to_json (snapshot);
    json = json_to_string (node, FALSE);
    g_free (seed_name);
    seed_name = g_strdup_printf ("%s.json", name);
    write_seed ("snapshot-json", seed_name, json, strlen (json));
  }
}

int
main (int    argc,
      char **argv)
{
  const char * const *names = dsc_fake_scenario_list_builtin ();
  g_autofree char *versions_path = NULL;
  g_autofree char *versions = NULL;
  gsize len;

  if (argc != 3)
    {
      g_printerr ("Usage: %s CORPUS_DIR DATA_DIR\n", argv[0]);
      return 2;
    }
  corpus = argv[1];
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_has_prefix (names[i], "large"))
      seed_scenario (names[i]);

  versions_path = g_build_filename (argv[2], "connect-versions.json", NULL);
  if (g_file_get_contents (versions_path, &versions, &len, NULL))
    write_seed ("connect-versions", "shipped.json", versions, len);

  g_hash_table_unref (seen);
  return 0;
}

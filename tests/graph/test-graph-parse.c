/* test-graph-parse.c — Graph JSON → snapshot: shapes the service sends, and
 * the ones it must never crash on. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include "dsc-graph-parse.h"
#include "dsc-test-object.h"

static DscJson *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  DscJson *node = dsc_json_parse (text, strlen (text), 64, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_organization_states (void)
{
  const struct { const char *json; DscSyncState state; gint64 last_sync; } cases[] = {
    { "{\"value\":[{\"id\":\"t\",\"onPremisesSyncEnabled\":true,"
      "\"onPremisesLastSyncDateTime\":\"2026-11-23T18:55:02Z\"}]}", DSC_SYNC_STATE_ON,
      1795460102 },
    { "{\"value\":[{\"id\":\"t\",\"onPremisesSyncEnabled\":false}]}", DSC_SYNC_STATE_OFF, 0 },
    /* null is "never synced", which differs from "not returned". */
    { "{\"value\":[{\"id\":\"t\",\"onPremisesSyncEnabled\":null}]}", DSC_SYNC_STATE_NEVER, 0 },
    { "{\"value\":[{\"id\":\"t\"}]}", DSC_SYNC_STATE_UNKNOWN, 0 },
    /* A single entity, as GET /organization/{id} answers. */
    { "{\"id\":\"t\",\"onPremisesSyncEnabled\":true}", DSC_SYNC_STATE_ON, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
      g_autoptr(DscJson) node = parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_true (dsc_parse_organization (node, snapshot, &error));
      g_assert_no_error (error);
      g_assert_cmpint (snapshot->sync_state, ==, cases[i].state);
      g_assert_cmpint (snapshot->last_sync, ==, cases[i].last_sync);
      g_assert_cmpstr (snapshot->tenant_id, ==, "t");
    }
}

static void
test_organization_domains (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscJson) node = parse_json (
    "{\"value\":[{\"id\":\"t\",\"displayName\":\"Contoso\",\"verifiedDomains\":["
    "{\"name\":\"contoso.onmicrosoft.com\",\"isInitial\":true,\"isDefault\":false,\"type\":\"Managed\"},"
    "{\"name\":\"contoso.com\",\"isInitial\":false,\"isDefault\":true,\"type\":\"Federated\"}]}]}");
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_parse_organization (node, snapshot, &error));
  g_assert_cmpuint (snapshot->verified_domains->len, ==, 2);
  g_assert_cmpstr (snapshot->initial_domain, ==, "contoso.onmicrosoft.com");
  g_assert_cmpstr (snapshot->tenant_name, ==, "Contoso");
}

typedef gboolean (*ParseFunc) (DscJson *, DscSnapshot *, GError **);

/* Wrong types must be errors that name the member; nothing may crash. */
static void
test_rejects_wrong_types (void)
{
  const struct { ParseFunc parse; const char *json; const char *member; } cases[] = {
    { dsc_parse_organization, "{\"value\":[{\"onPremisesSyncEnabled\":\"yes\"}]}",
      "onPremisesSyncEnabled" },
    { dsc_parse_organization, "{\"value\":[{\"onPremisesLastSyncDateTime\":42}]}",
      "onPremisesLastSyncDateTime" },
    { dsc_parse_organization, "{\"value\":[{\"onPremisesLastSyncDateTime\":\"yesterday\"}]}",
      "onPremisesLastSyncDateTime" },
    { dsc_parse_organization, "{\"value\":[{\"verifiedDomains\":{}}]}", "verifiedDomains" },
    { dsc_parse_organization, "{\"value\":{}}", "value" },
    { dsc_parse_organization, "{\"value\":[]}", "value" },
    { dsc_parse_organization, "[1,2,3]", NULL },
    { dsc_parse_organization_beta, "{\"value\":[{\"directorySizeQuota\":{\"used\":\"many\"}}]}",
      "used" },
    { dsc_parse_organization_beta, "{\"value\":[{\"directorySizeQuota\":[1]}]}",
      "directorySizeQuota" },
    { dsc_parse_sync_settings, "{\"value\":[{\"features\":{\"passwordSyncEnabled\":1}}]}",
      "passwordSyncEnabled" },
    { dsc_parse_sync_settings,
      "{\"value\":[{\"configuration\":{\"synchronizationInterval\":\"soon\"}}]}",
      "synchronizationInterval" },
    { dsc_parse_sync_settings,
      "{\"value\":[{\"configuration\":{\"currentExportData\":{\"pendingObjectsDeletion\":1.5}}}]}",
      "pendingObjectsDeletion" },
    { dsc_parse_domains, "{\"value\":[{\"id\":\"a.com\",\"isVerified\":\"no\"}]}",
      "isVerified" },
    { dsc_parse_domains, "{\"value\":[17]}", "value[0]" },
    { dsc_parse_sync_accounts, "{\"value\":[{\"accountEnabled\":null,\"displayName\":[]}]}",
      "displayName" },
    { dsc_parse_sync_apps, "{\"value\":[{\"createdDateTime\":true}]}", "createdDateTime" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
      g_autoptr(DscJson) node = parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (cases[i].parse (node, snapshot, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      if (cases[i].member != NULL && strstr (error->message, cases[i].member) == NULL)
        g_error ("case %u: message “%s” does not name “%s”", i, error->message,
                 cases[i].member);
    }
}

static void
test_sync_settings_collection_and_entity (void)
{
  const char *entity =
    "{\"id\":\"t\",\"configuration\":{\"accidentalDeletionPrevention\":"
    "{\"synchronizationPreventionType\":\"enabledForCount\",\"alertThreshold\":500},"
    "\"synchronizationInterval\":\"PT30M\",\"synchronizationClientVersion\":\"2.5.79.0\","
    "\"currentExportData\":{\"clientMachineName\":\"SRV01\",\"pendingObjectsDeletion\":3}},"
    "\"features\":{\"passwordSyncEnabled\":true,\"blockSoftMatchEnabled\":false,"
    "\"groupWriteBackEnabled\":true}}";
  g_autofree char *collection = g_strdup_printf ("{\"value\":[%s]}", entity);
  const char *forms[] = { entity, collection };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
      g_autoptr(DscJson) node = parse_json (forms[i]);
      g_autoptr(GError) error = NULL;

      g_assert_true (dsc_parse_sync_settings (node, snapshot, &error));
      g_assert_no_error (error);
      g_assert_cmpint (snapshot->settings.password_sync_enabled, ==, DSC_TRISTATE_TRUE);
      g_assert_cmpint (snapshot->settings.block_soft_match, ==, DSC_TRISTATE_FALSE);
      g_assert_cmpint (snapshot->settings.block_hard_match_takeover, ==, DSC_TRISTATE_UNKNOWN);
      g_assert_cmpint (snapshot->settings.sync_interval, ==, 30 * 60);
      g_assert_cmpint (snapshot->settings.accidental_deletion_threshold, ==, 500);
      g_assert_cmpint (snapshot->settings.pending_deletions, ==, 3);
      g_assert_cmpint (snapshot->settings.pending_additions, ==, -1);
      g_assert_cmpstr (snapshot->settings.client_version, ==, "2.5.79.0");
      g_assert_cmpstr (snapshot->settings.client_machine_name, ==, "SRV01");
      g_assert_cmpuint (snapshot->settings.features->len, ==, 3);
      /* sorted by name */
      g_assert_cmpstr (g_array_index (snapshot->settings.features, DscSyncFeature, 0).name, ==,
                       "blockSoftMatchEnabled");
    }
}

static void
test_error_page_keeps_objects_in_error (void)
{
  g_autoptr(DscJson) node = parse_json (
    "{\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users?$skiptoken=x\","
    "\"value\":[{\"id\":\"1\",\"displayName\":\"Adele Vance\",\"userPrincipalName\":\"adele@contoso.com\","
    "\"onPremisesSyncEnabled\":true,\"onPremisesProvisioningErrors\":[{\"category\":\"PropertyConflict\","
    "\"propertyCausingError\":\"ProxyAddress\",\"value\":\"smtp:sales@contoso.com\","
    "\"occurredDateTime\":\"2026-11-14T09:00:00Z\"}]},"
    "{\"id\":\"2\",\"displayName\":\"No Error\",\"onPremisesProvisioningErrors\":[]}]}");
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dsc_directory_object_unref);
  g_autofree char *next = NULL;
  g_autoptr(GError) error = NULL;
  DscDirectoryObject *object;

  g_assert_true (dsc_parse_error_page (node, DSC_OBJECT_USER, objects, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "https://graph.microsoft.com/v1.0/users?$skiptoken=x");
  /* The object without errors is dropped, as when filtering on the client. */
  g_assert_cmpuint (objects->len, ==, 1);
  object = g_ptr_array_index (objects, 0);
  g_assert_cmpstr (object->display_name, ==, "Adele Vance");
  g_assert_cmpint (object->on_premises_sync, ==, DSC_TRISTATE_TRUE);
  g_assert_cmpuint (object->n_errors, ==, 1);
  g_assert_cmpstr (object->errors[0].property, ==, "ProxyAddress");
  g_assert_cmpint (object->errors[0].occurred, >, 0);
}

static void
test_error_page_hostile_strings (void)
{
  /* Invalid UTF-8 never reaches the parsers (the JSON reader refuses it);
   * lone surrogates in escapes and huge strings through a huge page must
   * come out as valid UTF-8. */
  g_autoptr(DscJson) node = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dsc_directory_object_unref);
  g_autofree char *next = NULL;
  g_autofree char *huge = g_strnfill (200000, 'x');
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DscDirectoryObject *object;
  const char *raw = "{\"value\":[{\"id\":\"1\",\"displayName\":\"Bad \xff\xfe name\"}]}";

  g_assert_null (dsc_json_parse (raw, strlen (raw), 64, &error));
  g_assert_error (error, DSC_JSON_ERROR, DSC_JSON_ERROR_UTF8);
  g_clear_error (&error);

  text = g_strdup_printf ("{\"value\":[{\"id\":\"1\",\"displayName\":\"Bad \\udfff\\ud800 name\","
                          "\"onPremisesProvisioningErrors\":[{\"propertyCausingError\":"
                          "\"UserPrincipalName\",\"value\":\"%s\"}]}]}", huge);
  node = parse_json (text);

  g_assert_true (dsc_parse_error_page (node, DSC_OBJECT_USER, objects, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (objects->len, ==, 1);
  object = g_ptr_array_index (objects, 0);
  g_assert_true (g_utf8_validate (object->display_name, -1, NULL));
  g_assert_cmpstr (object->display_name, ==, "Bad \xef\xbf\xbd\xef\xbf\xbd name");
  g_assert_cmpuint (strlen (object->errors[0].value), ==, 200000);
  g_assert_null (next);
}

static void
test_error_page_rejects_bad_shapes (void)
{
  const char *cases[] = {
    "{\"value\":[{\"displayName\":\"no id\",\"onPremisesProvisioningErrors\":[{}]}]}",
    "{\"value\":[{\"id\":\"1\",\"onPremisesProvisioningErrors\":\"PropertyConflict\"}]}",
    "{\"value\":[{\"id\":\"1\",\"onPremisesProvisioningErrors\":[\"x\"]}]}",
    "{\"value\":[{\"id\":1}]}",
    "{\"@odata.nextLink\":5,\"value\":[]}",
    "{\"values\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscJson) node = parse_json (cases[i]);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (
        (GDestroyNotify) dsc_directory_object_unref);
      g_autofree char *next = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (dsc_parse_error_page (node, DSC_OBJECT_GROUP, objects, &next, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_null (next);
    }
}

static void
test_holder_page_matches_normalized_values (void)
{
  g_autoptr(DscJson) node = parse_json (
    "{\"value\":["
    "{\"id\":\"g1\",\"displayName\":\"Sales Team\",\"proxyAddresses\":[\"SMTP:Sales@Contoso.com\",\"X500:/o=x\"]},"
    "{\"id\":\"g2\",\"displayName\":\"Other\",\"proxyAddresses\":[\"smtp:other@contoso.com\"]}]}");
  const char *values[] = { "smtp:sales@contoso.com", NULL };
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dsc_value_holder_free);
  g_autoptr(GError) error = NULL;
  DscValueHolder *holder;

  g_assert_true (dsc_parse_holder_page (node, DSC_OBJECT_GROUP, "ProxyAddress", values,
                                        holders, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (holders->len, ==, 1);
  holder = g_ptr_array_index (holders, 0);
  g_assert_cmpstr (holder->object->id, ==, "g1");
  g_assert_cmpint (holder->object->kind, ==, DSC_OBJECT_GROUP);
  g_assert_cmpstr (holder->value, ==, "smtp:sales@contoso.com");
}

static void
test_holder_page_upn_in_list (void)
{
  g_autoptr(DscJson) node = parse_json (
    "{\"value\":["
    "{\"id\":\"u1\",\"userPrincipalName\":\"Adele@contoso.com\"},"
    "{\"id\":\"u2\",\"userPrincipalName\":\"bob@contoso.com\"}]}");
  const char *values[] = { "adele@contoso.com", "bob@contoso.com", "carol@contoso.com", NULL };
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (
    (GDestroyNotify) dsc_value_holder_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_parse_holder_page (node, DSC_OBJECT_USER, "UserPrincipalName", values,
                                        holders, &error));
  g_assert_cmpuint (holders->len, ==, 2);
  g_assert_cmpstr (((DscValueHolder *) g_ptr_array_index (holders, 0))->value, ==,
                   "adele@contoso.com");
}

static void
test_normalize (void)
{
  g_autofree char *a = dsc_normalize_conflict_value ("ProxyAddress", "SMTP:Bob@Contoso.com");
  g_autofree char *b = dsc_normalize_conflict_value ("ProxyAddress", "bob@contoso.com");
  g_autofree char *c = dsc_normalize_conflict_value ("UserPrincipalName", "smtp:bob@contoso.com");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, !=, b);
}

static void
test_service_health_picks_identity (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscJson) overviews = parse_json (
    "{\"value\":[{\"id\":\"Exchange\",\"service\":\"Exchange Online\",\"status\":\"serviceDegradation\"},"
    "{\"id\":\"OrgLiveID\",\"service\":\"Microsoft Entra\",\"status\":\"ServiceDegradation\"}]}");
  g_autoptr(DscJson) issues = parse_json (
    "{\"value\":[{\"id\":\"EX1\",\"service\":\"Exchange Online\",\"title\":\"Mail delays\"},"
    "{\"id\":\"AAD1\",\"service\":\"Microsoft Entra\",\"title\":\"Sync delays\","
    "\"classification\":\"incident\",\"isResolved\":false,\"startDateTime\":\"2026-11-23T10:00:00Z\"}]}");
  g_autoptr(GError) error = NULL;
  DscServiceHealth *service;

  g_assert_true (dsc_parse_service_health (overviews, issues, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->services->len, ==, 1);
  service = g_ptr_array_index (snapshot->services, 0);
  g_assert_cmpstr (service->id, ==, "OrgLiveID");
  g_assert_cmpuint (service->issues->len, ==, 1);
  g_assert_cmpstr (((DscHealthIssue *) g_ptr_array_index (service->issues, 0))->id, ==, "AAD1");
}

/* ---- Cloud Sync ---------------------------------------------------------- */

static void
test_cloud_sync_configs (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = parse_json (
    "{\"value\":[{\"id\":\"sp1\",\"appId\":\"a1\",\"displayName\":\"corp.contoso.com\","
    "\"applicationTemplateId\":\"1A4721B3-E57F-4451-AE87-EF078703EC94\"},"
    "{\"id\":\"sp2\",\"displayName\":\"Salesforce\",\"applicationTemplateId\":\"other\"},"
    "{\"displayName\":\"no id\"}]}");
  const DscCloudSyncConfig *config;

  g_assert_true (dsc_parse_cloud_sync_configs (node, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->cloud_configs->len, ==, 1);
  config = g_ptr_array_index (snapshot->cloud_configs, 0);
  g_assert_cmpstr (config->id, ==, "sp1");
  g_assert_cmpstr (config->app_id, ==, "a1");
  g_assert_cmpstr (config->display_name, ==, "corp.contoso.com");
  g_assert_false (config->jobs_read);
}

static const char quarantined_job[] =
  "{\"value\":[{\"id\":\"AD2AADProvisioning.t.1\",\"templateId\":\"AD2AADProvisioning\","
  "\"schedule\":{\"interval\":\"PT2M\",\"state\":\"Active\"},"
  "\"status\":{\"code\":\"Quarantine\",\"countSuccessiveCompleteFailures\":3,"
  "\"escrowsPruned\":false,"
  "\"lastExecution\":{\"state\":\"Failed\",\"timeBegan\":\"2026-11-23T18:55:02Z\","
  "\"timeEnded\":\"2026-11-23T18:56:02Z\",\"countImported\":10,\"countExported\":-4,"
  "\"countEscrowed\":12,\"error\":{\"code\":\"HybridIdentityServiceNoActiveAgents\","
  "\"message\":\"No agent\",\"tenantActionable\":true}},"
  "\"lastSuccessfulExecution\":null,"
  "\"quarantine\":{\"reason\":\"EncounteredQuarantineException\","
  "\"currentBegan\":\"2026-11-23T18:55:02Z\",\"seriesBegan\":\"2026-11-23T12:00:00Z\","
  "\"nextAttempt\":\"2026-11-23T22:00:00Z\",\"seriesCount\":3,"
  "\"error\":{\"code\":\"HybridIdentityServiceNoActiveAgents\",\"message\":\"No agent\"}},"
  "\"steadyStateLastAchievedTime\":\"2026-11-22T10:00:00Z\",\"troubleshootingUrl\":null}},"
  "{\"id\":\"AD2AADPasswordHash.t.1\",\"templateId\":\"AD2AADPasswordHash\","
  "\"status\":{\"code\":\"Active\",\"quarantine\":{}}}]}";

static void
test_cloud_sync_jobs (void)
{
  DscCloudSyncConfig *config = dsc_cloud_sync_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = parse_json (quarantined_job);
  const DscCloudSyncJob *job;

  g_assert_true (dsc_parse_cloud_sync_jobs (node, config, &error));
  g_assert_no_error (error);
  g_assert_true (config->jobs_read);
  g_assert_cmpuint (config->jobs->len, ==, 2);
  job = dsc_cloud_sync_config_find_job (config, "ad2aadprovisioning");
  g_assert_nonnull (job);
  g_assert_cmpstr (job->status_code, ==, "Quarantine");
  g_assert_cmpstr (job->schedule_state, ==, "Active");
  g_assert_cmpint (job->successive_failures, ==, 3);
  g_assert_cmpint (job->escrows_pruned, ==, DSC_TRISTATE_FALSE);
  g_assert_cmpstr (job->last_execution.state, ==, "Failed");
  g_assert_cmpint (job->last_execution.began, ==, 1795460102);
  g_assert_cmpint (job->last_execution.count_imported, ==, 10);
  g_assert_cmpint (job->last_execution.count_exported, ==, -1);   /* negative: unknown */
  g_assert_cmpint (job->last_execution.count_escrowed, ==, 12);
  g_assert_cmpstr (job->last_execution.error_code, ==, "HybridIdentityServiceNoActiveAgents");
  g_assert_cmpint (job->last_successful.began, ==, 0);
  g_assert_cmpstr (job->quarantine_reason, ==, "EncounteredQuarantineException");
  g_assert_cmpint (job->quarantine_current_began, ==, 1795460102);
  g_assert_cmpint (job->quarantine_series_count, ==, 3);
  g_assert_cmpint (job->quarantine_next_attempt, >, job->quarantine_current_began);
  g_assert_cmpint (job->steady_state_time, >, 0);
  /* A quarantine object without a reason is still a quarantine. */
  job = dsc_cloud_sync_config_find_job (config, "AD2AADPasswordHash");
  g_assert_cmpstr (job->quarantine_reason, ==, "Unknown");
  dsc_cloud_sync_config_free (config);
}

static void
test_cloud_sync_jobs_bad_shapes (void)
{
  static const char * const bad[] = {
    "[]",
    "{\"value\":{}}",
    "{\"value\":[1]}",
    "{\"value\":[{\"status\":\"Active\"}]}",
    "{\"value\":[{\"status\":{\"code\":7}}]}",
    "{\"value\":[{\"status\":{\"lastExecution\":{\"countEscrowed\":\"many\"}}}]}",
    "{\"value\":[{\"status\":{\"quarantine\":{\"nextAttempt\":\"soon\"}}}]}",
    "{\"value\":[{\"id\":\"ok\"},{\"status\":{\"steadyStateLastAchievedTime\":true}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      DscCloudSyncConfig *config = dsc_cloud_sync_config_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(DscJson) node = parse_json (bad[i]);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_false (dsc_parse_cloud_sync_jobs (node, config, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "Cloud Sync jobs"));
      /* All or nothing. */
      g_assert_cmpuint (config->jobs->len, ==, 0);
      g_assert_false (config->jobs_read);
      dsc_cloud_sync_config_free (config);
    }
}

static void
test_cloud_sync_agents (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = parse_json (
    "{\"value\":[{\"id\":\"a1\",\"machineName\":\"SRV1\",\"externalIp\":\"203.0.113.1\","
    "\"status\":\"inactive\",\"supportedPublishingTypes\":[\"provisioning\"],"
    "\"agentGroups\":[{\"id\":\"g\",\"displayName\":\"corp.contoso.com\"},{\"id\":\"h\"}]},"
    "{\"id\":\"a2\",\"machineName\":\"SRV2\",\"status\":\"active\"}]}");
  g_autoptr(DscJson) bad = parse_json ("{\"value\":[{\"id\":\"a\",\"agentGroups\":[\"x\"]}]}");
  const DscCloudSyncAgent *agent;

  g_assert_true (dsc_parse_cloud_sync_agents (node, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->cloud_agents->len, ==, 2);
  agent = g_ptr_array_index (snapshot->cloud_agents, 0);
  g_assert_cmpstr (agent->machine_name, ==, "SRV1");
  g_assert_cmpstr (agent->status, ==, "inactive");
  g_assert_cmpuint (g_strv_length (agent->groups), ==, 1);
  g_assert_cmpstr (agent->groups[0], ==, "corp.contoso.com");
  agent = g_ptr_array_index (snapshot->cloud_agents, 1);
  g_assert_cmpuint (g_strv_length (agent->groups), ==, 0);

  g_assert_false (dsc_parse_cloud_sync_agents (bad, snapshot, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (snapshot->cloud_agents->len, ==, 2);
}

static void
test_provisioning_failures (void)
{
  g_autoptr(GPtrArray) errors =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_object_error_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(DscJson) node = parse_json (
    "{\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=x\","
    "\"value\":[{\"id\":\"e1\",\"activityDateTime\":\"2026-11-23T18:55:02Z\",\"jobId\":\"J\","
    "\"provisioningAction\":\"create\",\"servicePrincipal\":{\"id\":\"sp1\"},"
    "\"sourceIdentity\":{\"id\":\"u1\",\"displayName\":\"Adele\",\"identityType\":\"User\"},"
    "\"targetIdentity\":{\"displayName\":\"Adele\"},"
    "\"provisioningStatusInfo\":{\"status\":\"failure\",\"errorInformation\":"
    "{\"errorCode\":\"AzureActiveDirectoryConflictEncountered\",\"errorCategory\":"
    "\"NonServiceFailure\",\"reason\":\"Duplicate UPN\",\"recommendedAction\":null}}},"
    "{\"id\":\"e2\",\"provisioningStatusInfo\":{\"status\":\"success\"}}]}");
  const DscCloudSyncObjectError *e;

  g_assert_true (dsc_parse_provisioning_failures (node, errors, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_nonnull (next);
  e = g_ptr_array_index (errors, 0);
  g_assert_cmpstr (e->id, ==, "e1");
  g_assert_cmpint (e->time, ==, 1795460102);
  g_assert_cmpstr (e->job_id, ==, "J");
  g_assert_cmpstr (e->config_id, ==, "sp1");
  g_assert_cmpstr (e->source_name, ==, "Adele");
  g_assert_cmpstr (e->source_type, ==, "User");
  g_assert_cmpstr (e->error_code, ==, "AzureActiveDirectoryConflictEncountered");
  g_assert_cmpstr (e->reason, ==, "Duplicate UPN");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/parse/organization-sync-states", test_organization_states);
  g_test_add_func ("/graph/parse/cloud-sync-configs", test_cloud_sync_configs);
  g_test_add_func ("/graph/parse/cloud-sync-jobs", test_cloud_sync_jobs);
  g_test_add_func ("/graph/parse/cloud-sync-jobs-bad-shapes", test_cloud_sync_jobs_bad_shapes);
  g_test_add_func ("/graph/parse/cloud-sync-agents", test_cloud_sync_agents);
  g_test_add_func ("/graph/parse/provisioning-failures", test_provisioning_failures);
  g_test_add_func ("/graph/parse/organization-domains", test_organization_domains);
  g_test_add_func ("/graph/parse/rejects-wrong-types-naming-member", test_rejects_wrong_types);
  g_test_add_func ("/graph/parse/sync-settings-collection-or-entity",
                   test_sync_settings_collection_and_entity);
  g_test_add_func ("/graph/parse/error-page-keeps-objects-in-error",
                   test_error_page_keeps_objects_in_error);
  g_test_add_func ("/graph/parse/error-page-hostile-strings", test_error_page_hostile_strings);
  g_test_add_func ("/graph/parse/error-page-rejects-bad-shapes",
                   test_error_page_rejects_bad_shapes);
  g_test_add_func ("/graph/parse/holders-match-normalized-proxy",
                   test_holder_page_matches_normalized_values);
  g_test_add_func ("/graph/parse/holders-upn-in-list", test_holder_page_upn_in_list);
  g_test_add_func ("/graph/parse/normalize-conflict-value", test_normalize);
  g_test_add_func ("/graph/parse/service-health-picks-identity-service",
                   test_service_health_picks_identity);

  return g_test_run ();
}

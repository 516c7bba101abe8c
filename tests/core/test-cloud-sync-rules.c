/* test-cloud-sync-rules.c — Cloud Sync verdicts: job state × expected status,
 * quarantine reason / error code × cause, the escrow warning before
 * quarantine, agents, the sync-engine fact and "Connect checks don't apply". */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "dsc-category.h"
#include "dsc-cloud-sync-rules.h"
#include "dsc-snapshot.h"
#include "dsc-health.h"

#define NOW 1796000000

/* ---- job state × status --------------------------------------------------- */

typedef struct {
  const char *code;
  const char *last_state;
  DscStatus expected;
} JobRow;

static const JobRow job_table[] = {
  { "Active", "Succeeded", DSC_STATUS_OK },
  { "Active", "EntryLevelErrors", DSC_STATUS_OK },
  { "Active", NULL, DSC_STATUS_OK },
  { "Active", "Failed", DSC_STATUS_WARNING },
  { "active", "failed", DSC_STATUS_WARNING },
  { "Paused", "Succeeded", DSC_STATUS_WARNING },
  { "NotRun", NULL, DSC_STATUS_WARNING },
  { "NotConfigured", NULL, DSC_STATUS_WARNING },
  { "Quarantine", "Failed", DSC_STATUS_ERROR },
  { "Quarantine", "Succeeded", DSC_STATUS_ERROR },
  { "SomethingNew", "Succeeded", DSC_STATUS_UNKNOWN },
  { NULL, NULL, DSC_STATUS_UNKNOWN },
};

static void
test_job_status_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (job_table); i++)
    {
      const JobRow *row = &job_table[i];

      g_test_message ("row %u: %s / %s", i, row->code, row->last_state);
      g_assert_cmpint (dsc_cloud_sync_job_status (row->code, row->last_state), ==, row->expected);
    }
}

/* ---- reason / code × cause ----------------------------------------------- */

typedef struct {
  const char *reason;
  const char *code;
  DscCloudSyncCause expected;
} CauseRow;

static const CauseRow cause_table[] = {
  { "EncounteredQuarantineException", "HybridIdentityServiceNoActiveAgents",
    DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS },
  { "EncounteredQuarantineException", "HybridIdentityServiceNoAgentsAssigned",
    DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS },
  { "EncounteredQuarantineException", "HybridIdentityServiceAgentSignalingError",
    DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE },
  { NULL, "TimeOut", DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE },
  { "EncounteredQuarantineException", "AzureActiveDirectoryInvalidCredential",
    DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT },
  { "EncounteredQuarantineException", "AzureActiveDirectoryExpiredCredentials",
    DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT },
  { "TooManyDeletes", NULL, DSC_CLOUD_SYNC_CAUSE_TOO_MANY_DELETES },
  { "EncounteredBaseEscrowThreshold", NULL, DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD },
  { "EncounteredTotalEscrowThreshold", NULL, DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD },
  { "EncounteredEscrowProportionThreshold", NULL, DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD },
  { "QuarantinedOnDemand", NULL, DSC_CLOUD_SYNC_CAUSE_ON_DEMAND },
  { NULL, "AzureDirectoryServiceServerBusy", DSC_CLOUD_SYNC_CAUSE_SERVICE_BUSY },
  { "IngestionInterrupted", NULL, DSC_CLOUD_SYNC_CAUSE_OTHER },
  { "Unknown", "SomeNewCode", DSC_CLOUD_SYNC_CAUSE_OTHER },
  { NULL, NULL, DSC_CLOUD_SYNC_CAUSE_NONE },
};

static void
test_cause_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cause_table); i++)
    {
      const CauseRow *row = &cause_table[i];

      g_test_message ("row %u: %s / %s", i, row->reason, row->code);
      g_assert_cmpint (dsc_cloud_sync_classify (row->reason, row->code), ==, row->expected);
    }
}

static void
test_escrow_threshold (void)
{
  g_assert_false (dsc_cloud_sync_escrows_approaching (-1));
  g_assert_false (dsc_cloud_sync_escrows_approaching (0));
  g_assert_false (dsc_cloud_sync_escrows_approaching (3999));
  g_assert_true (dsc_cloud_sync_escrows_approaching (4000));
  g_assert_true (dsc_cloud_sync_escrows_approaching (4999));
  g_assert_true (dsc_cloud_sync_escrows_approaching (45000));
}

/* ---- whole verdicts ------------------------------------------------------ */

static DscCloudSyncJob *
make_job (const char *template_id, const char *code, const char *last_state)
{
  DscCloudSyncJob *job = dsc_cloud_sync_job_new ();

  job->id = g_strdup_printf ("%s.tenant.0001", template_id);
  job->template_id = g_strdup (template_id);
  job->status_code = g_strdup (code);
  job->last_execution.state = g_strdup (last_state);
  job->last_execution.began = NOW - 180;
  return job;
}

static DscCloudSyncConfig *
add_config (DscSnapshot *snap, const char *domain)
{
  DscCloudSyncConfig *config = dsc_cloud_sync_config_new ();

  config->id = g_strdup_printf ("sp-%s", domain);
  config->display_name = g_strdup (domain);
  config->jobs_read = TRUE;
  g_ptr_array_add (snap->cloud_configs, config);
  return config;
}

static void
add_agent (DscSnapshot *snap, const char *machine, const char *status, const char *domain)
{
  DscCloudSyncAgent *agent = dsc_cloud_sync_agent_new ();
  const char *groups[] = { domain, NULL };

  agent->id = g_strdup (machine);
  agent->machine_name = g_strdup (machine);
  agent->status = g_strdup (status);
  agent->groups = g_strdupv ((char **) groups);
  g_ptr_array_add (snap->cloud_agents, agent);
}

static DscSnapshot *
cloud_snapshot (void)
{
  DscSnapshot *snap = dsc_snapshot_new ();

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (snap, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  snap->sync_state = DSC_SYNC_STATE_ON;
  snap->last_sync = NOW - 120;
  return snap;
}

static const DscCloudSyncIssue *
find_issue (const DscCloudSyncVerdict *verdict, const char *suffix)
{
  for (guint i = 0; i < verdict->issues->len; i++)
    {
      const DscCloudSyncIssue *issue = g_ptr_array_index (verdict->issues, i);
      if (g_str_has_suffix (issue->id, suffix))
        return issue;
    }
  return NULL;
}

static gboolean
has_link (const DscCloudSyncIssue *issue, const char *uri)
{
  for (guint i = 0; i < issue->links->len; i++)
    if (g_strcmp0 (g_array_index (issue->links, DscCloudSyncLink, i).uri, uri) == 0)
      return TRUE;
  return FALSE;
}

/* Provisioning job code × configuration verdict: the table for the tile. */
typedef struct {
  const char *code;
  const char *last_state;
  DscStatus expected;
  const char *issue;   /* id suffix expected, or NULL for none */
} VerdictRow;

static const VerdictRow verdict_table[] = {
  { "Active", "Succeeded", DSC_STATUS_OK, NULL },
  { "Active", "Failed", DSC_STATUS_WARNING, "/failed" },
  { "Paused", "Succeeded", DSC_STATUS_WARNING, "/paused" },
  { "NotRun", NULL, DSC_STATUS_WARNING, "/not-run" },
  { "NotConfigured", NULL, DSC_STATUS_WARNING, "/not-run" },
  { "Quarantine", "Failed", DSC_STATUS_ERROR, "/quarantine" },
  { "Brand new", NULL, DSC_STATUS_UNKNOWN, "/unknown" },
};

static void
test_verdict_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (verdict_table); i++)
    {
      const VerdictRow *row = &verdict_table[i];
      g_autoptr(DscSnapshot) snap = cloud_snapshot ();
      DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
      g_autoptr(GPtrArray) verdicts = NULL;
      const DscCloudSyncVerdict *verdict;
      DscCloudSyncJob *job = make_job ("AD2AADProvisioning", row->code, row->last_state);

      if (g_strcmp0 (row->code, "Quarantine") == 0)
        job->quarantine_reason = g_strdup ("EncounteredQuarantineException");
      g_ptr_array_add (config->jobs, job);
      g_ptr_array_add (config->jobs, make_job ("AD2AADPasswordHash", "Active", "Succeeded"));

      verdicts = dsc_cloud_sync_evaluate (snap, NOW);
      g_assert_cmpuint (verdicts->len, ==, 1);
      verdict = g_ptr_array_index (verdicts, 0);
      g_test_message ("row %u: %s", i, row->code);
      g_assert_cmpint (verdict->status, ==, row->expected);
      g_assert_cmpint (dsc_cloud_sync_overall (verdicts), ==, row->expected);
      if (row->issue == NULL)
        g_assert_cmpuint (verdict->issues->len, ==, 0);
      else
        {
          const DscCloudSyncIssue *issue = g_ptr_array_index (verdict->issues, 0);

          g_assert_true (g_str_has_suffix (issue->id, row->issue));
          g_assert_true (g_str_has_prefix (issue->id, "cloud-sync/sp-corp.contoso.com/"));
          g_assert_nonnull (issue->fix_steps);
          g_assert_nonnull (issue->fix_steps[0]);
          g_assert_nonnull (strstr (issue->title, "corp.contoso.com"));
        }
    }
}

static void
test_quarantine_no_agents (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  DscCloudSyncJob *job = make_job ("AD2AADProvisioning", "Quarantine", "Failed");
  g_autoptr(GPtrArray) verdicts = NULL;
  const DscCloudSyncVerdict *verdict;
  const DscCloudSyncIssue *issue;

  job->quarantine_reason = g_strdup ("EncounteredQuarantineException");
  job->quarantine_error_code = g_strdup ("HybridIdentityServiceNoActiveAgents");
  job->quarantine_error_message = g_strdup ("We're unable to find an active agent.");
  job->quarantine_series_began = NOW - 6 * 3600;
  job->quarantine_next_attempt = NOW + 3600;
  job->quarantine_series_count = 3;
  g_ptr_array_add (config->jobs, job);
  add_agent (snap, "SRV-PROV01", "inactive", "corp.contoso.com");
  add_agent (snap, "SRV-PROV02", "inactive", "CORP.contoso.com");

  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  verdict = g_ptr_array_index (verdicts, 0);
  g_assert_cmpint (verdict->status, ==, DSC_STATUS_ERROR);

  issue = find_issue (verdict, "/quarantine");
  g_assert_nonnull (issue);
  g_assert_true (issue == g_ptr_array_index (verdict->issues, 0));
  g_assert_cmpint (issue->cause, ==, DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS);
  g_assert_nonnull (strstr (issue->detail, "HybridIdentityServiceNoActiveAgents"));
  g_assert_nonnull (strstr (issue->detail, "AD2AADProvisioning.tenant.0001"));
  g_assert_nonnull (strstr (issue->detail, "3"));
  g_assert_true (has_link (issue, DSC_URI_PROVISIONING_QUARANTINE));
  g_assert_true (has_link (issue, DSC_URI_CLOUD_SYNC_TROUBLESHOOT));
  g_assert_true (has_link (issue, DSC_URI_CLOUD_SYNC_ERROR_CODES));

  /* The agents say the same: named, but not a second error. */
  issue = find_issue (verdict, "/agents/none-active");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->severity, ==, DSC_STATUS_WARNING);
  g_assert_nonnull (strstr (issue->detail, "SRV-PROV01"));
  g_assert_nonnull (strstr (issue->detail, "SRV-PROV02"));
}

static void
test_quarantine_causes_have_fixes (void)
{
  static const struct { const char *reason; const char *code; const char *link; } rows[] = {
    { "TooManyDeletes", NULL, DSC_URI_CLOUD_SYNC_ACCIDENTAL_DELETES },
    { "EncounteredEscrowProportionThreshold", NULL, DSC_URI_CLOUD_SYNC_PROVISIONING_LOGS },
    { "EncounteredQuarantineException", "AzureActiveDirectoryInvalidCredential",
      DSC_URI_CLOUD_SYNC_POWERSHELL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(DscSnapshot) snap = cloud_snapshot ();
      DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
      DscCloudSyncJob *job = make_job ("AD2AADProvisioning", "Quarantine", "Failed");
      g_autoptr(GPtrArray) verdicts = NULL;
      const DscCloudSyncIssue *issue;

      job->quarantine_reason = g_strdup (rows[i].reason);
      job->last_execution.error_code = g_strdup (rows[i].code);
      g_ptr_array_add (config->jobs, job);
      verdicts = dsc_cloud_sync_evaluate (snap, NOW);
      issue = find_issue (g_ptr_array_index (verdicts, 0), "/quarantine");
      g_assert_nonnull (issue);
      g_assert_true (has_link (issue, rows[i].link));
      g_assert_cmpuint (g_strv_length (issue->fix_steps), >=, 2);
    }
}

static void
test_escrows_warn_before_quarantine (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  DscCloudSyncJob *job = make_job ("AD2AADProvisioning", "Active", "EntryLevelErrors");
  g_autoptr(GPtrArray) verdicts = NULL;
  const DscCloudSyncVerdict *verdict;
  const DscCloudSyncIssue *issue;

  job->last_execution.count_escrowed = 4200;
  g_ptr_array_add (config->jobs, job);
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  verdict = g_ptr_array_index (verdicts, 0);
  g_assert_cmpint (verdict->status, ==, DSC_STATUS_WARNING);
  issue = find_issue (verdict, "/escrows");
  g_assert_nonnull (issue);
  g_assert_nonnull (strstr (issue->title, "4200"));
  g_assert_nonnull (strstr (issue->detail, "5000"));
  g_assert_nonnull (strstr (issue->detail, "40 %"));

  /* Below the warning line: OK. */
  job->last_execution.count_escrowed = 120;
  g_clear_pointer (&verdicts, g_ptr_array_unref);
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  g_assert_cmpint (((DscCloudSyncVerdict *) g_ptr_array_index (verdicts, 0))->status, ==,
                   DSC_STATUS_OK);
}

static void
test_password_hash_job (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  g_autoptr(GPtrArray) verdicts = NULL;
  const DscCloudSyncIssue *issue;

  g_ptr_array_add (config->jobs, make_job ("AD2AADProvisioning", "Active", "Succeeded"));
  g_ptr_array_add (config->jobs, make_job ("AD2AADPasswordHash", "Paused", NULL));
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  issue = find_issue (g_ptr_array_index (verdicts, 0), "/password-hash/paused");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->severity, ==, DSC_STATUS_WARNING);
  g_assert_nonnull (strstr (issue->title, "Password hash sync"));
}

static void
test_agents (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  g_autoptr(GPtrArray) verdicts = NULL;
  const DscCloudSyncVerdict *verdict;
  const DscCloudSyncIssue *issue;

  g_ptr_array_add (config->jobs, make_job ("AD2AADProvisioning", "Active", "Succeeded"));
  add_agent (snap, "SRV-PROV01", "active", "corp.contoso.com");
  add_agent (snap, "SRV-PROV02", "inactive", "corp.contoso.com");
  add_agent (snap, "OTHER-01", "inactive", "emea.fabrikam.net");

  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  verdict = g_ptr_array_index (verdicts, 0);
  g_assert_cmpint (verdict->status, ==, DSC_STATUS_WARNING);
  issue = find_issue (verdict, "/agents/inactive");
  g_assert_nonnull (issue);
  g_assert_nonnull (strstr (issue->detail, "SRV-PROV02"));
  g_assert_null (strstr (issue->detail, "OTHER-01"));

  /* All inactive, not yet quarantined: the quarantine is coming. */
  g_free (((DscCloudSyncAgent *) g_ptr_array_index (snap->cloud_agents, 0))->status);
  ((DscCloudSyncAgent *) g_ptr_array_index (snap->cloud_agents, 0))->status = g_strdup ("inactive");
  g_clear_pointer (&verdicts, g_ptr_array_unref);
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  issue = find_issue (g_ptr_array_index (verdicts, 0), "/agents/none-active");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->severity, ==, DSC_STATUS_ERROR);

  /* An unreadable agent list is no finding. */
  dsc_snapshot_set_source (snap, DSC_SOURCE_CLOUD_SYNC_AGENTS, DSC_SOURCE_STATE_DENIED, NULL,
                           NULL, NULL);
  g_clear_pointer (&verdicts, g_ptr_array_unref);
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  g_assert_cmpint (((DscCloudSyncVerdict *) g_ptr_array_index (verdicts, 0))->status, ==,
                   DSC_STATUS_OK);
}

static void
test_jobs_unread (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  g_autoptr(GPtrArray) verdicts = NULL;

  config->jobs_read = FALSE;
  verdicts = dsc_cloud_sync_evaluate (snap, NOW);
  g_assert_cmpint (((DscCloudSyncVerdict *) g_ptr_array_index (verdicts, 0))->status, ==,
                   DSC_STATUS_UNKNOWN);
}

/* ---- sync engine × Connect checks ---------------------------------------- */

static void
test_sync_engine (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  g_autofree char *reason = NULL;
  DscSyncIdentity *identity;

  /* Sync on, Cloud Sync read and absent: Connect Sync. */
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_CONNECT);
  g_assert_true (dsc_cloud_sync_connect_checks_apply (snap, &reason));
  g_assert_null (reason);

  /* Cloud Sync configuration, its own service account: Cloud Sync only. */
  add_config (snap, "corp.contoso.com");
  identity = dsc_sync_identity_new (DSC_IDENTITY_LEGACY_ACCOUNT);
  identity->user_principal_name = g_strdup ("ADToAADSyncServiceAccount@contoso.onmicrosoft.com");
  g_ptr_array_add (snap->identities, identity);
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_CLOUD_SYNC);
  g_assert_false (dsc_cloud_sync_connect_checks_apply (snap, &reason));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "Not used"));
  g_clear_pointer (&reason, g_free);

  /* A Connect server's version besides: both. */
  snap->settings.client_version = g_strdup ("2.6.92.0");
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_BOTH);
  g_assert_true (dsc_cloud_sync_connect_checks_apply (snap, NULL));
  g_assert_cmpstr (dsc_sync_engine_to_string (DSC_SYNC_ENGINE_BOTH), ==,
                   "connect-sync-and-cloud-sync");
}

static void
test_sync_engine_unknown_and_none (void)
{
  g_autoptr(DscSnapshot) snap = dsc_snapshot_new ();

  /* Nothing read: unknown. */
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_UNKNOWN);
  /* Sync on, Cloud Sync not readable, no Connect traces: still unknown. */
  snap->sync_state = DSC_SYNC_STATE_ON;
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_UNKNOWN);
  g_assert_true (dsc_cloud_sync_connect_checks_apply (snap, NULL));
  /* Never synced and no Cloud Sync: none. */
  snap->sync_state = DSC_SYNC_STATE_NEVER;
  dsc_snapshot_set_source (snap, DSC_SOURCE_CLOUD_SYNC_CONFIGS, DSC_SOURCE_STATE_OK, NULL, NULL,
                           NULL);
  g_assert_cmpint (dsc_snapshot_get_sync_engine (snap), ==, DSC_SYNC_ENGINE_NONE);
}

/* ---- job state × tile: what the window, --check and exports show ---------- */

typedef struct {
  const char *code;
  const char *last_state;
  DscStatus tile_status;
  const char *tile_value;
  const char *finding;   /* id suffix of the issue finding, NULL for none */
} TileRow;

static const TileRow tile_table[] = {
  { "Active", "Succeeded", DSC_STATUS_OK, "Active", NULL },
  { "Active", "Failed", DSC_STATUS_WARNING, "Active", "/failed" },
  { "Paused", "Succeeded", DSC_STATUS_WARNING, "Paused", "/paused" },
  { "NotRun", NULL, DSC_STATUS_WARNING, "Not run yet", "/not-run" },
  { "NotConfigured", NULL, DSC_STATUS_WARNING, "Not configured", "/not-run" },
  { "Quarantine", "Failed", DSC_STATUS_ERROR, "In quarantine", "/quarantine" },
  { "Brand new", NULL, DSC_STATUS_UNKNOWN, "Brand new", "/unknown" },
};

static void
test_tile_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_table); i++)
    {
      const TileRow *row = &tile_table[i];
      g_autoptr(DscSnapshot) snap = cloud_snapshot ();
      DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
      DscCloudSyncJob *job = make_job ("AD2AADProvisioning", row->code, row->last_state);
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;
      const DscCategoryReport *category;
      g_autofree char *issue_id = NULL;
      const DscFinding *facts;

      if (g_strcmp0 (row->code, "Quarantine") == 0)
        {
          job->quarantine_reason = g_strdup ("EncounteredQuarantineException");
          job->quarantine_error_code = g_strdup ("HybridIdentityServiceNoActiveAgents");
          job->quarantine_series_began = NOW - 3600;
          job->quarantine_next_attempt = NOW + 3600;
          job->quarantine_series_count = 2;
        }
      job->last_execution.count_imported = 12;
      job->last_execution.count_exported = 3;
      job->last_execution.count_escrowed = 0;
      g_ptr_array_add (config->jobs, job);
      add_agent (snap, "SRV-PROV01", "active", "corp.contoso.com");

      report = dsc_health_evaluate (snap, NULL, NULL, NOW);
      g_test_message ("row %u: %s", i, row->code);
      tile = dsc_report_get_tile (report, DSC_TILE_CLOUD_SYNC);
      g_assert_cmpint (tile->status, ==, row->tile_status);
      g_assert_cmpstr (tile->value, ==, row->tile_value);
      g_assert_cmpint (tile->category, ==, DSC_CATEGORY_CLOUD_SYNC);
      category = dsc_report_get_category (report, DSC_CATEGORY_CLOUD_SYNC);
      /* The pane's sentence is the state's; the rule's own line about this
       * tenant leads the "Current state" facts. */
      g_assert_cmpstr (category->headline, ==,
                       dsc_category_get_state_text (DSC_CATEGORY_CLOUD_SYNC, category->status));
      g_assert_cmpuint (category->facts->len, >, 1);
      if (row->tile_status == DSC_STATUS_ERROR)
        g_assert_cmpstr (g_ptr_array_index (category->facts, 0), ==,
                         "corp.contoso.com is in quarantine: no active agents.");
      /* Then the sync engine, said once. */
      g_assert_cmpstr (g_ptr_array_index (category->facts, 1), ==,
                       "Sync engine: Entra Cloud Sync");
      for (guint k = 0; k < category->facts->len; k++)
        if (k != 1)
          g_assert_null (strstr (g_ptr_array_index (category->facts, k), "Sync engine"));

      /* The configuration's facts, one finding, whatever its state. */
      facts = dsc_report_find (report, "cloud-sync/sp-corp.contoso.com");
      g_assert_nonnull (facts);
      g_assert_nonnull (strstr (facts->detail, "Imported 12 · exported 3 · escrowed 0"));
      g_assert_nonnull (strstr (facts->detail, "Agents: SRV-PROV01 (active)"));

      if (row->finding == NULL)
        {
          g_assert_cmpuint (category->findings->len, ==, 1);
          g_assert_cmpint (category->status, ==, DSC_STATUS_OK);
          continue;
        }
      issue_id = g_strconcat ("cloud-sync/sp-corp.contoso.com", row->finding, NULL);
      g_assert_nonnull (dsc_report_find (report, issue_id));
      g_assert_cmpint (dsc_report_find (report, issue_id)->severity, ==, row->tile_status);
      g_assert_nonnull (dsc_report_find (report, issue_id)->fix_steps);
      if (row->tile_status == DSC_STATUS_ERROR)
        {
          g_assert_nonnull (strstr (tile->summary, "in quarantine: no active agents"));
          g_assert_nonnull (strstr (facts->detail, "Quarantine: EncounteredQuarantineException"));
          g_assert_nonnull (strstr (facts->detail, "Quarantines in this series: 2"));
        }
    }
}

/* Cloud-Sync-only: the Entra Connect tiles say "Not used" (OK); both engines: they judge. */
static void
test_connect_tiles_not_used (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  g_autoptr(DscReport) report = NULL;
  g_autoptr(DscReport) mixed = NULL;
  DscTileId connect_tiles[] = { DSC_TILE_CONNECT_VERSION, DSC_TILE_SYNC_IDENTITY };

  g_ptr_array_add (config->jobs, make_job ("AD2AADProvisioning", "Active", "Succeeded"));
  report = dsc_health_evaluate (snap, NULL, NULL, NOW);
  for (guint i = 0; i < G_N_ELEMENTS (connect_tiles); i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, connect_tiles[i]);

      g_assert_cmpint (tile->status, ==, DSC_STATUS_OK);
      g_assert_cmpstr (tile->value, ==, "Not used");
      g_assert_nonnull (strstr (tile->tooltip, "Cloud Sync"));
    }
  g_assert_cmpuint (dsc_report_get_category (report, DSC_CATEGORY_CONNECT_VERSION)->findings->len,
                    ==, 0);
  g_assert_cmpuint (dsc_report_get_category (report, DSC_CATEGORY_SYNC_IDENTITY)->findings->len,
                    ==, 0);

  /* With an Entra Connect server too, its checks apply again. */
  snap->settings.client_version = g_strdup ("2.4.27.0");
  mixed = dsc_health_evaluate (snap, NULL, NULL, NOW);
  g_assert_cmpstr (dsc_report_get_tile (mixed, DSC_TILE_CONNECT_VERSION)->value, ==, "2.4.27.0");
  g_assert_nonnull (strstr (dsc_report_get_tile (mixed, DSC_TILE_CLOUD_SYNC)->summary,
                            "Entra Connect Sync and Cloud Sync"));
}

/* Provisioning-log failures are affected objects in the sync-errors pane; unreadable, the pane
 * says why (licence or permission). */
static void
test_object_errors (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot ();
  DscCloudSyncConfig *config = add_config (snap, "corp.contoso.com");
  DscCloudSyncObjectError *error = dsc_cloud_sync_object_error_new ();
  g_autoptr(DscReport) report = NULL;
  g_autoptr(DscReport) denied = NULL;
  const DscFinding *finding;
  const DscAffectedObject *affected;

  g_ptr_array_add (config->jobs, make_job ("AD2AADProvisioning", "Active", "Succeeded"));
  error->id = g_strdup ("log-1");
  error->config_id = g_strdup (config->id);
  error->source_id = g_strdup ("obj-1");
  error->source_name = g_strdup ("Adele Vance");
  error->source_type = g_strdup ("User");
  error->error_code = g_strdup ("AzureActiveDirectoryDuplicateValue");
  error->reason = g_strdup ("The proxyAddresses value is already used.");
  error->time = NOW - 600;
  g_ptr_array_add (snap->cloud_errors, error);

  report = dsc_health_evaluate (snap, NULL, NULL, NOW);
  finding = dsc_report_find (report, "object-errors/cloud-sync/sp-corp.contoso.com/"
                                     "AzureActiveDirectoryDuplicateValue");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->category, ==, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpint (finding->severity, ==, DSC_STATUS_ERROR);
  g_assert_cmpuint (finding->objects->len, ==, 1);
  /* Its own steps, not Entra Connect's conflict steps. */
  g_assert_nonnull (finding->fix_steps);
  g_assert_nonnull (strstr (finding->fix_steps[0], "provisioning logs"));
  affected = g_ptr_array_index (finding->objects, 0);
  g_assert_cmpstr (affected->object->display_name, ==, "Adele Vance");
  g_assert_cmpstr (affected->attribute, ==, "AzureActiveDirectoryDuplicateValue");
  g_assert_true (affected->in_error);
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->value, ==, "1 object in error");

  dsc_snapshot_set_source (snap, DSC_SOURCE_CLOUD_SYNC_LOG, DSC_SOURCE_STATE_DENIED,
                           "Authorization_RequestDenied", NULL, NULL);
  denied = dsc_health_evaluate (snap, NULL, NULL, NOW);
  finding = dsc_report_find (denied, "object-errors/cloud-sync/unread");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, DSC_STATUS_INFO);
  g_assert_nonnull (strstr (finding->detail, "AuditLog.Read.All"));
  g_assert_nonnull (strstr (finding->detail, "P1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cloud-sync/job-status-table", test_job_status_table);
  g_test_add_func ("/core/cloud-sync/cause-table", test_cause_table);
  g_test_add_func ("/core/cloud-sync/escrow-threshold", test_escrow_threshold);
  g_test_add_func ("/core/cloud-sync/verdict-table", test_verdict_table);
  g_test_add_func ("/core/cloud-sync/quarantine-no-agents", test_quarantine_no_agents);
  g_test_add_func ("/core/cloud-sync/quarantine-causes", test_quarantine_causes_have_fixes);
  g_test_add_func ("/core/cloud-sync/escrows-warn", test_escrows_warn_before_quarantine);
  g_test_add_func ("/core/cloud-sync/password-hash-job", test_password_hash_job);
  g_test_add_func ("/core/cloud-sync/agents", test_agents);
  g_test_add_func ("/core/cloud-sync/jobs-unread", test_jobs_unread);
  g_test_add_func ("/core/cloud-sync/sync-engine", test_sync_engine);
  g_test_add_func ("/core/cloud-sync/sync-engine-unknown", test_sync_engine_unknown_and_none);
  g_test_add_func ("/core/cloud-sync/tile-table", test_tile_table);
  g_test_add_func ("/core/cloud-sync/connect-tiles-not-used", test_connect_tiles_not_used);
  g_test_add_func ("/core/cloud-sync/object-errors", test_object_errors);

  return g_test_run ();
}

/* dsc-cloud-sync-rules.c — Cloud Sync configurations → verdicts with causes and fixes.
 *
 * Sources: Graph's synchronizationStatus / synchronizationQuarantine
 * resources, the Cloud Sync error-code reference and troubleshooting guide,
 * and the provisioning quarantine-status page (see docs/graph-calls.md).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-cloud-sync-rules.h"
#include "dsc-fix-step.h"
#include "dsc-report-json.h"

#define TEMPLATE_PROVISIONING "AD2AADProvisioning"
#define TEMPLATE_PASSWORD_HASH "AD2AADPasswordHash"

static gboolean
is (const char *a, const char *b)
{
  return a != NULL && g_ascii_strcasecmp (a, b) == 0;
}

DscStatus
dsc_cloud_sync_job_status (const char *status_code,
                           const char *last_execution_state)
{
  if (is (status_code, "Quarantine"))
    return DSC_STATUS_ERROR;
  if (is (status_code, "Paused") || is (status_code, "NotRun") ||
      is (status_code, "NotConfigured"))
    return DSC_STATUS_WARNING;
  if (is (status_code, "Active"))
    return is (last_execution_state, "Failed") ? DSC_STATUS_WARNING : DSC_STATUS_OK;
  return DSC_STATUS_UNKNOWN;
}

DscCloudSyncCause
dsc_cloud_sync_classify (const char *quarantine_reason,
                         const char *error_code)
{
  /* Error codes of the Cloud Sync reference name the cause precisely. */
  if (is (error_code, "HybridIdentityServiceNoAgentsAssigned") ||
      is (error_code, "HybridIdentityServiceNoActiveAgents"))
    return DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS;
  if (is (error_code, "HybridIdentityServiceAgentSignalingError") ||
      is (error_code, "TimeOut") || is (error_code, "HybridIdentityServiceInvalidResource"))
    return DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE;
  if (is (error_code, "AzureActiveDirectoryInvalidCredential") ||
      is (error_code, "AzureActiveDirectoryExpiredCredentials") ||
      is (error_code, "AzureActiveDirectoryAuthenticationFailed"))
    return DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT;
  if (is (error_code, "AzureDirectoryServiceServerBusy"))
    return DSC_CLOUD_SYNC_CAUSE_SERVICE_BUSY;

  if (is (quarantine_reason, "TooManyDeletes"))
    return DSC_CLOUD_SYNC_CAUSE_TOO_MANY_DELETES;
  if (is (quarantine_reason, "EncounteredBaseEscrowThreshold") ||
      is (quarantine_reason, "EncounteredTotalEscrowThreshold") ||
      is (quarantine_reason, "EncounteredEscrowProportionThreshold"))
    return DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD;
  if (is (quarantine_reason, "QuarantinedOnDemand"))
    return DSC_CLOUD_SYNC_CAUSE_ON_DEMAND;
  if (quarantine_reason != NULL || error_code != NULL)
    return DSC_CLOUD_SYNC_CAUSE_OTHER;
  return DSC_CLOUD_SYNC_CAUSE_NONE;
}

gboolean
dsc_cloud_sync_escrows_approaching (gint64 escrowed)
{
  if (escrowed <= 0)
    return FALSE;
  return escrowed * 100 >= (gint64) DSC_CLOUD_SYNC_ESCROW_EVALUATION_MIN *
                           DSC_CLOUD_SYNC_ESCROW_WARN_PERCENT;
}

/* ---- issues -------------------------------------------------------------- */

static DscCloudSyncIssue *
issue_new (const DscCloudSyncConfig *config,
           const char *key,
           DscStatus severity,
           DscCloudSyncCause cause,
           char *title,
           char *detail)
{
  DscCloudSyncIssue *issue = g_new0 (DscCloudSyncIssue, 1);

  issue->id = g_strdup_printf ("cloud-sync/%s/%s", config->id != NULL ? config->id : "", key);
  issue->severity = severity;
  issue->cause = cause;
  issue->title = title;
  issue->detail = detail;
  issue->links = g_array_new (FALSE, FALSE, sizeof (DscCloudSyncLink));
  return issue;
}

void
dsc_cloud_sync_issue_free (DscCloudSyncIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->id);
  g_free (issue->title);
  g_free (issue->detail);
  g_strfreev (issue->fix_steps);
  g_array_unref (issue->links);
  g_free (issue);
}

void
dsc_cloud_sync_verdict_free (DscCloudSyncVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->summary);
  g_ptr_array_unref (verdict->issues);
  g_free (verdict);
}

static void
add_link (DscCloudSyncIssue *issue, const char *label, const char *uri)
{
  DscCloudSyncLink link = { label, uri };

  g_array_append_val (issue->links, link);
}

/* Fix steps and links per cause; every issue ends with the general guides. */
static void
set_fix (DscCloudSyncIssue *issue, DscCloudSyncCause cause)
{
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();

  switch (cause)
    {
    case DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS:
      g_strv_builder_add (steps, _("On each server with the provisioning agent, open Services and "
                                   "check that “Microsoft Entra Connect Provisioning Agent” is "
                                   "running; start it if not."));
      g_strv_builder_add (steps, _("In the Microsoft Entra admin center, open Entra Connect → "
                                   "Cloud Sync → Agents and check that at least one agent for "
                                   "this domain is active."));
      g_strv_builder_add (steps, _("If no agent is listed for the domain, install the provisioning "
                                   "agent on a domain-joined server and register it; install a "
                                   "second one for redundancy."));
      g_strv_builder_add (steps, _("Make sure the agent servers can reach Microsoft's endpoints "
                                   "(outbound HTTPS, including through a proxy)."));
      break;
    case DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE:
      g_strv_builder_add (steps, _("Check that the agent servers are up and the provisioning agent "
                                   "service is running; restart the service."));
      g_strv_builder_add (steps, _("Check the outbound connection of the agent servers (firewall, "
                                   "proxy); the service reaches the agent through it."));
      g_strv_builder_add (steps, _("If it persists, re-register the agent and restart the "
                                   "configuration, or contact Microsoft support with the job ID "
                                   "shown below."));
      break;
    case DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT:
      g_strv_builder_add (steps, _("The cloud service account Cloud Sync signs in with "
                                   "(ADToAADSyncServiceAccount) was deleted or its credentials "
                                   "expired."));
      {
        g_autofree char *repair = dsc_fix_step_new (_("Repair it in PowerShell on an agent "
                                                      "server, with the AADCloudSyncTools "
                                                      "module:"),
                                                    "Import-Module AADCloudSyncTools; "
                                                    "Repair-AADCloudSyncToolsAccount");

        g_strv_builder_add (steps, repair);
      }
      g_strv_builder_add (steps, _("Then restart provisioning of the configuration in the Microsoft "
                                   "Entra admin center."));
      add_link (issue, _("Cloud Sync PowerShell: Repair-AADCloudSyncToolsAccount"),
                DSC_URI_CLOUD_SYNC_POWERSHELL);
      break;
    case DSC_CLOUD_SYNC_CAUSE_TOO_MANY_DELETES:
      g_strv_builder_add (steps, _("More objects were to be deleted in one run than the "
                                   "accidental-delete threshold allows, so Cloud Sync stopped."));
      g_strv_builder_add (steps, _("Review the pending deletions in the provisioning logs. If they "
                                   "are not intended, fix the cause in Active Directory (moved "
                                   "OU, changed scoping filter) first."));
      g_strv_builder_add (steps, _("If they are intended, allow them: in the configuration's "
                                   "settings select “View and manage deletes” and allow the "
                                   "deletes, or raise the threshold."));
      add_link (issue, _("Cloud Sync accidental delete prevention"),
                DSC_URI_CLOUD_SYNC_ACCIDENTAL_DELETES);
      break;
    case DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD:
      g_strv_builder_add (steps, _("Too many objects failed to sync (escrows). Open the "
                                   "provisioning logs of this configuration, filtered to "
                                   "failures, and fix the objects' errors (duplicate values, "
                                   "invalid characters) in Active Directory."));
      g_strv_builder_add (steps, _("Then restart the job with escrows cleared (Restart "
                                   "provisioning in the admin center), so the counter starts "
                                   "again."));
      add_link (issue, _("Provisioning logs"), DSC_URI_CLOUD_SYNC_PROVISIONING_LOGS);
      break;
    case DSC_CLOUD_SYNC_CAUSE_SERVICE_BUSY:
      g_strv_builder_add (steps, _("Microsoft Entra ID was busy; the operation is retried "
                                   "automatically. If this persists for more than 24 hours, "
                                   "contact Microsoft support."));
      break;
    case DSC_CLOUD_SYNC_CAUSE_ON_DEMAND:
      g_strv_builder_add (steps, _("Microsoft put this job in quarantine after detecting an "
                                   "issue. Check the notification email of the configuration "
                                   "and contact Microsoft support with the job ID."));
      break;
    case DSC_CLOUD_SYNC_CAUSE_OTHER:
    case DSC_CLOUD_SYNC_CAUSE_NONE:
    default:
      g_strv_builder_add (steps, _("Look up the error code in the Cloud Sync error-code "
                                   "reference and follow its resolution."));
      g_strv_builder_add (steps, _("Check the provisioning logs of the configuration for the "
                                   "objects and errors involved."));
      break;
    }
  issue->fix_steps = g_strv_builder_end (steps);
  if (cause != DSC_CLOUD_SYNC_CAUSE_NONE)
    {
      add_link (issue, _("Cloud Sync troubleshooting"), DSC_URI_CLOUD_SYNC_TROUBLESHOOT);
      add_link (issue, _("Cloud Sync error codes"), DSC_URI_CLOUD_SYNC_ERROR_CODES);
    }
}

static const char *
cause_label (DscCloudSyncCause cause)
{
  switch (cause)
    {
    case DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS: return _("no active agents");
    case DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE: return _("the agent can't be reached");
    case DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT: return _("problem with the service account");
    case DSC_CLOUD_SYNC_CAUSE_TOO_MANY_DELETES: return _("too many deletes");
    case DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD: return _("too many objects failed");
    case DSC_CLOUD_SYNC_CAUSE_SERVICE_BUSY: return _("Microsoft Entra ID busy");
    case DSC_CLOUD_SYNC_CAUSE_ON_DEMAND: return _("quarantined by Microsoft");
    case DSC_CLOUD_SYNC_CAUSE_OTHER:
    case DSC_CLOUD_SYNC_CAUSE_NONE:
    default: return _("see the error");
    }
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = t > 0 ? g_date_time_new_from_unix_utc (t) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup (_("unknown"));
}

static const char *
domain_of (const DscCloudSyncConfig *config)
{
  return config->display_name != NULL ? config->display_name : _("(unnamed configuration)");
}

static DscCloudSyncIssue *
quarantine_issue (const DscCloudSyncConfig *config, const DscCloudSyncJob *job, gboolean phs)
{
  const char *code = job->quarantine_error_code != NULL ? job->quarantine_error_code
                                                        : job->last_execution.error_code;
  const char *message = job->quarantine_error_message != NULL ? job->quarantine_error_message
                                                              : job->last_execution.error_message;
  DscCloudSyncCause cause = dsc_cloud_sync_classify (job->quarantine_reason, code);
  g_autofree char *since = format_time (job->quarantine_series_began > 0
                                        ? job->quarantine_series_began
                                        : job->quarantine_current_began);
  g_autofree char *next = format_time (job->quarantine_next_attempt);
  g_autoptr(GString) detail = g_string_new (NULL);
  DscCloudSyncIssue *issue;
  char *title;

  title = phs ? g_strdup_printf (_("Password hash sync for %s is in quarantine: %s"),
                                 domain_of (config), cause_label (cause))
              : g_strdup_printf (_("%s is in quarantine: %s"), domain_of (config),
                                 cause_label (cause));
  g_string_append_printf (detail, _("Cloud Sync stopped syncing this domain and retries less "
                                    "and less often, at most once a day; after four weeks in "
                                    "quarantine the job is disabled. In quarantine since %s; "
                                    "next attempt %s."), since, next);
  if (job->quarantine_series_count > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                job->quarantine_series_count);

      g_string_append_c (detail, ' ');
      /* Translators: %s is a number */
      g_string_append_printf (detail, g_dngettext (GETTEXT_PACKAGE,
                                                   "Quarantined %s time in this series.",
                                                   "Quarantined %s times in this series.",
                                                   (gulong) MIN (job->quarantine_series_count,
                                                                 G_MAXINT32)),
                              count);
    }
  if (job->quarantine_reason != NULL)
    {
      g_string_append_c (detail, ' ');
      g_string_append_printf (detail, _("Reason: %s."), job->quarantine_reason);
    }
  if (code != NULL)
    {
      g_string_append_c (detail, ' ');
      g_string_append_printf (detail, _("Error %s: %s"), code, message != NULL ? message : "");
    }
  if (job->id != NULL)
    {
      g_string_append_c (detail, ' ');
      g_string_append_printf (detail, _("Job ID: %s"), job->id);
    }

  issue = issue_new (config, phs ? "password-hash/quarantine" : "quarantine", DSC_STATUS_ERROR,
                     cause, title, g_string_free (g_steal_pointer (&detail), FALSE));
  set_fix (issue, cause);
  add_link (issue, _("Application provisioning in quarantine status"),
            DSC_URI_PROVISIONING_QUARANTINE);
  return issue;
}

/* A job that is not quarantined but doesn't run, or whose last run failed. */
static DscCloudSyncIssue *
state_issue (const DscCloudSyncConfig *config, const DscCloudSyncJob *job, gboolean phs)
{
  DscStatus status = dsc_cloud_sync_job_status (job->status_code, job->last_execution.state);
  const char *domain = domain_of (config);
  DscCloudSyncCause cause = DSC_CLOUD_SYNC_CAUSE_NONE;
  DscCloudSyncIssue *issue;
  char *title, *detail;
  const char *key;

  if (status == DSC_STATUS_OK || status == DSC_STATUS_ERROR)
    return NULL;
  if (status == DSC_STATUS_UNKNOWN)
    {
      title = g_strdup_printf (_("The state of a Cloud Sync job for %s is unknown"), domain);
      detail = g_strdup_printf (_("Microsoft Graph gave the status “%s”, which this version "
                                  "doesn't know."), job->status_code != NULL ? job->status_code
                                                                              : "");
      key = phs ? "password-hash/unknown" : "unknown";
    }
  else if (is (job->status_code, "Paused"))
    {
      title = phs ? g_strdup_printf (_("Password hash sync for %s is paused"), domain)
                  : g_strdup_printf (_("Cloud Sync for %s is paused"), domain);
      detail = g_strdup (phs ? _("Password changes made in Active Directory don't reach Microsoft "
                                 "Entra ID while the job is paused.")
                             : _("Changes made in Active Directory don't reach Microsoft Entra ID "
                                 "while the job is paused."));
      key = phs ? "password-hash/paused" : "paused";
    }
  else if (is (job->status_code, "NotRun") || is (job->status_code, "NotConfigured"))
    {
      title = phs ? g_strdup_printf (_("Password hash sync for %s has not run"), domain)
                  : g_strdup_printf (_("Cloud Sync for %s has not run"), domain);
      detail = g_strdup_printf (_("The job's status is “%s”: it was set up but never ran, or "
                                  "its configuration is incomplete."), job->status_code);
      key = phs ? "password-hash/not-run" : "not-run";
    }
  else
    {
      cause = dsc_cloud_sync_classify (NULL, job->last_execution.error_code);
      title = phs ? g_strdup_printf (_("The last password hash sync for %s failed"), domain)
                  : g_strdup_printf (_("The last Cloud Sync run for %s failed"), domain);
      detail = g_strdup_printf (_("Error %s: %s Cloud Sync retries; after repeated failures the "
                                  "job goes into quarantine."),
                                job->last_execution.error_code != NULL
                                ? job->last_execution.error_code : _("(no code)"),
                                job->last_execution.error_message != NULL
                                ? job->last_execution.error_message : "");
      key = phs ? "password-hash/failed" : "failed";
    }

  issue = issue_new (config, key, status, cause, title, detail);
  if (issue->cause == DSC_CLOUD_SYNC_CAUSE_NONE)
    {
      g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();

      g_strv_builder_add (steps, _("In the Microsoft Entra admin center, open Entra Connect → "
                                   "Cloud Sync, select the configuration and check its status."));
      g_strv_builder_add (steps, _("If it was paused on purpose, resume it when ready; otherwise "
                                   "enable the configuration (Review and enable)."));
      issue->fix_steps = g_strv_builder_end (steps);
      add_link (issue, _("Cloud Sync troubleshooting"), DSC_URI_CLOUD_SYNC_TROUBLESHOOT);
    }
  else
    set_fix (issue, issue->cause);
  return issue;
}

static DscCloudSyncIssue *
escrow_issue (const DscCloudSyncConfig *config, const DscCloudSyncJob *job)
{
  gint64 escrowed = job->last_execution.count_escrowed;
  g_autofree char *count = NULL;
  DscCloudSyncIssue *issue;

  if (!dsc_cloud_sync_escrows_approaching (escrowed))
    return NULL;
  count = g_strdup_printf ("%" G_GINT64_FORMAT, escrowed);
  issue = issue_new (config, "escrows", DSC_STATUS_WARNING, DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD,
                     /* Translators: the first %s is the AD domain, the second a number */
                     g_strdup_printf (_("%s: %s objects failed to sync, close to quarantine"),
                                      domain_of (config), count),
                     g_strdup_printf (_("The last run left %s objects in error "
                                        "(escrowed). From %d failures Microsoft evaluates "
                                        "quarantine: more than %d %% failing or more than %d "
                                        "failures quarantines the job, and %d failures of any "
                                        "kind is an absolute limit. Fix the objects before that "
                                        "happens."),
                                      count, DSC_CLOUD_SYNC_ESCROW_EVALUATION_MIN,
                                      DSC_CLOUD_SYNC_ESCROW_PROPORTION_PERCENT,
                                      DSC_CLOUD_SYNC_ESCROW_TOTAL_MAX,
                                      DSC_CLOUD_SYNC_ESCROW_ABSOLUTE_MAX));
  set_fix (issue, DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD);
  add_link (issue, _("Application provisioning in quarantine status"),
            DSC_URI_PROVISIONING_QUARANTINE);
  return issue;
}

/* Agents are only judged when the list could be read and names some for the
 * domain: an unreadable list is no finding of its own. */
static DscCloudSyncIssue *
agent_issue (const DscSnapshot *snapshot, const DscCloudSyncConfig *config, gboolean quarantined)
{
  g_autoptr(GString) inactive = g_string_new (NULL);
  guint n_active = 0;
  guint n = dsc_cloud_sync_config_count_agents (snapshot, config, &n_active);
  DscCloudSyncIssue *issue;

  if (snapshot->sources[DSC_SOURCE_CLOUD_SYNC_AGENTS].state != DSC_SOURCE_STATE_OK || n == 0 ||
      n == n_active)
    return NULL;

  for (guint i = 0; i < snapshot->cloud_agents->len; i++)
    {
      const DscCloudSyncAgent *agent = g_ptr_array_index (snapshot->cloud_agents, i);

      if (g_strcmp0 (agent->status, "active") == 0 || agent->groups == NULL)
        continue;
      for (guint g = 0; agent->groups[g] != NULL; g++)
        if (config->display_name != NULL &&
            g_ascii_strcasecmp (agent->groups[g], config->display_name) == 0)
          {
            if (inactive->len > 0)
              g_string_append (inactive, ", ");
            g_string_append (inactive, agent->machine_name != NULL ? agent->machine_name
                                                                   : agent->id);
            break;
          }
    }

  if (n_active == 0)
    {
      /* A quarantine for no active agents already says it all; otherwise this
       * is the quarantine about to happen. */
      issue = issue_new (config, "agents/none-active",
                         quarantined ? DSC_STATUS_WARNING : DSC_STATUS_ERROR,
                         DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS,
                         g_strdup_printf (_("No provisioning agent for %s is active"),
                                          domain_of (config)),
                         g_strdup_printf (_("Inactive: %s. Without an active agent Cloud Sync "
                                            "can't read Active Directory."), inactive->str));
    }
  else
    issue = issue_new (config, "agents/inactive", DSC_STATUS_WARNING,
                       DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u provisioning agent for %s is inactive",
                                                     "%u provisioning agents for %s are inactive",
                                                     n - n_active),
                                        n - n_active, domain_of (config)),
                       g_strdup_printf (_("Inactive: %s. Sync still runs through the %u active "
                                          "agent(s), but without redundancy: if they stop too, "
                                          "the configuration goes into quarantine."),
                                        inactive->str, n_active));
  set_fix (issue, DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS);
  return issue;
}

static int
compare_issues (gconstpointer a, gconstpointer b)
{
  const DscCloudSyncIssue *ia = *(DscCloudSyncIssue * const *) a;
  const DscCloudSyncIssue *ib = *(DscCloudSyncIssue * const *) b;
  DscStatus worse = dsc_status_worse (ia->severity, ib->severity);

  if (ia->severity == ib->severity)
    return g_strcmp0 (ia->id, ib->id);
  return worse == ia->severity ? -1 : 1;
}

static char *
summarize (const DscCloudSyncJob *job, gint64 now)
{
  g_autofree char *age = NULL;
  g_autofree char *clock = NULL;
  const char *code;

  if (job == NULL)
    return g_strdup (_("No provisioning job"));
  code = job->status_code != NULL ? job->status_code : _("unknown");
  if (job->last_execution.began <= 0)
    return g_strdup_printf (_("%s · never ran"), code);
  age = dsc_format_age (job->last_execution.began, now);
  /* The time too: a report read later must still say when. */
  clock = dsc_format_utc_clock (job->last_execution.began, now);
  /* Translators: a status, an age and a time: "Active · last run 3 minutes ago (17:26 UTC)" */
  return g_strdup_printf (_("%s · last run %s (%s)"), code, age, clock);
}

static DscCloudSyncVerdict *
evaluate_config (const DscSnapshot *snapshot, const DscCloudSyncConfig *config, gint64 now)
{
  DscCloudSyncVerdict *verdict = g_new0 (DscCloudSyncVerdict, 1);
  const DscCloudSyncJob *provisioning = dsc_cloud_sync_config_find_job (config,
                                                                        TEMPLATE_PROVISIONING);
  gboolean quarantined_for_agents = FALSE;
  DscCloudSyncIssue *issue;

  verdict->config = config;
  verdict->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_issue_free);
  verdict->summary = summarize (provisioning, now);

  if (!config->jobs_read)
    {
      verdict->status = DSC_STATUS_UNKNOWN;
      g_free (verdict->summary);
      verdict->summary = g_strdup (_("Its jobs could not be read"));
      return verdict;
    }

  if (provisioning == NULL)
    {
      issue = issue_new (config, "no-job", DSC_STATUS_WARNING, DSC_CLOUD_SYNC_CAUSE_NONE,
                         g_strdup_printf (_("%s has no provisioning job"), domain_of (config)),
                         g_strdup (_("The configuration exists, but has no AD2AADProvisioning "
                                     "job: nothing is synced from this domain.")));
      set_fix (issue, DSC_CLOUD_SYNC_CAUSE_OTHER);
      g_ptr_array_add (verdict->issues, issue);
    }

  for (guint i = 0; i < config->jobs->len; i++)
    {
      const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, i);
      gboolean phs = is (job->template_id, TEMPLATE_PASSWORD_HASH);

      /* Other templates (Exchange hybrid writeback, …) are judged like the
       * provisioning job but named by their template. */
      if (job->quarantine_reason != NULL || is (job->status_code, "Quarantine"))
        {
          issue = quarantine_issue (config, job, phs);
          if (issue->cause == DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS)
            quarantined_for_agents = TRUE;
          g_ptr_array_add (verdict->issues, issue);
        }
      else if ((issue = state_issue (config, job, phs)) != NULL)
        g_ptr_array_add (verdict->issues, issue);
      /* The warning before quarantine; once quarantined, that issue says it. */
      if (!phs && !is (job->status_code, "Quarantine") && job->quarantine_reason == NULL &&
          (issue = escrow_issue (config, job)) != NULL)
        g_ptr_array_add (verdict->issues, issue);
    }

  if ((issue = agent_issue (snapshot, config, quarantined_for_agents)) != NULL)
    g_ptr_array_add (verdict->issues, issue);

  g_ptr_array_sort (verdict->issues, compare_issues);
  verdict->status = DSC_STATUS_OK;
  for (guint i = 0; i < verdict->issues->len; i++)
    {
      const DscCloudSyncIssue *it = g_ptr_array_index (verdict->issues, i);
      verdict->status = dsc_status_worse (verdict->status, it->severity);
    }
  return verdict;
}

GPtrArray *
dsc_cloud_sync_evaluate (const DscSnapshot *snapshot, gint64 now)
{
  GPtrArray *verdicts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_verdict_free);

  g_return_val_if_fail (snapshot != NULL, verdicts);

  for (guint i = 0; i < snapshot->cloud_configs->len; i++)
    g_ptr_array_add (verdicts,
                     evaluate_config (snapshot, g_ptr_array_index (snapshot->cloud_configs, i),
                                      now));
  return verdicts;
}

DscStatus
dsc_cloud_sync_overall (GPtrArray *verdicts)
{
  DscStatus status = DSC_STATUS_OK;

  for (guint i = 0; verdicts != NULL && i < verdicts->len; i++)
    {
      const DscCloudSyncVerdict *verdict = g_ptr_array_index (verdicts, i);
      status = dsc_status_worse (status, verdict->status);
    }
  return status;
}

gboolean
dsc_cloud_sync_connect_checks_apply (const DscSnapshot *snapshot, char **reason)
{
  DscSyncEngine engine;

  g_return_val_if_fail (snapshot != NULL, TRUE);

  if (reason != NULL)
    *reason = NULL;
  engine = dsc_snapshot_get_sync_engine (snapshot);
  if (engine != DSC_SYNC_ENGINE_CLOUD_SYNC)
    return TRUE;
  if (reason != NULL)
    *reason = g_strdup (_("Not used: this tenant syncs with Microsoft Entra Cloud Sync, which has "
                          "no Entra Connect server, version or sync service account to check."));
  return FALSE;
}

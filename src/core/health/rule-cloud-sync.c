/* rule-cloud-sync.c — health rule: Microsoft Entra Cloud Sync. Fills the Cloud Sync tile and
 * category from dsc_cloud_sync_evaluate(): one informational finding per configuration that
 * carries its facts (jobs, runs, counts, quarantine, agents), and one finding per issue with
 * its cause and fix steps. Finding ids are the issues' stable ids
 * ("cloud-sync/<configuration id>/quarantine"), so notifications and history follow them.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-cloud-sync-rules.h"
#include "dsc-health-private.h"
#include "dsc-reconcile.h"

/* Graph's synchronizationStatus codes in admin words; an unknown code shows as Graph sends it. */
static const char *
status_code_label (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "Active", N_("Active") },
    { "Paused", N_("Paused") },
    { "Quarantine", N_("In quarantine") },
    { "NotRun", N_("Not run yet") },
    { "NotConfigured", N_("Not configured") },
  };

  if (code == NULL)
    return _("Unknown");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (code, labels[i].code) == 0)
      return _(labels[i].label);
  return code;
}

static const char *
job_label (const DscCloudSyncJob *job)
{
  if (g_strcmp0 (job->template_id, "AD2AADProvisioning") == 0)
    return _("Provisioning job");
  if (g_strcmp0 (job->template_id, "AD2AADPasswordHash") == 0)
    return _("Password hash sync job");
  return job->template_id != NULL ? job->template_id : _("Job");
}

static char *
count_or_unknown (gint64 n)
{
  return n >= 0 ? dsc_health_format_count (n) : g_strdup (_("unknown"));
}

static void
add_execution_lines (GPtrArray *lines, const DscCloudSyncJob *job)
{
  const DscCloudSyncExecution *last = &job->last_execution;

  if (last->began > 0)
    {
      g_autofree char *when = dsc_format_date_time (last->began);
      g_autofree char *imported = count_or_unknown (last->count_imported);
      g_autofree char *exported = count_or_unknown (last->count_exported);
      g_autofree char *escrowed = count_or_unknown (last->count_escrowed);

      /* Translators: "Last run: Succeeded, 7 Dec 2026 14:50 UTC"; the state is Graph's word */
      g_ptr_array_add (lines, g_strdup_printf (_("Last run: %s, %s"),
                                               last->state != NULL ? last->state : _("unknown"),
                                               when));
      /* A quarantine names the same error below: say it once. */
      if (last->error_code != NULL &&
          g_strcmp0 (last->error_code, job->quarantine_error_code) != 0)
        g_ptr_array_add (lines, g_strdup_printf (_("Last run error %s: %s"), last->error_code,
                                                 last->error_message != NULL
                                                 ? last->error_message : ""));
      /* Translators: counts of the last run; escrowed = objects that failed and are retried */
      g_ptr_array_add (lines, g_strdup_printf (_("Imported %s · exported %s · escrowed %s"),
                                               imported, exported, escrowed));
    }
  else
    g_ptr_array_add (lines, g_strdup (_("Last run: never")));

  if (job->last_successful.ended > 0 || job->last_successful.began > 0)
    {
      g_autofree char *when = dsc_format_date_time (job->last_successful.ended > 0
                                                    ? job->last_successful.ended
                                                    : job->last_successful.began);

      g_ptr_array_add (lines, g_strdup_printf (_("Last successful run: %s"), when));
    }
  if (job->steady_state_time > 0)
    {
      g_autofree char *when = dsc_format_date_time (job->steady_state_time);

      /* Translators: steady state = every object synced once, only changes are left */
      g_ptr_array_add (lines, g_strdup_printf (_("Steady state reached: %s"), when));
    }
}

static void
add_quarantine_lines (GPtrArray *lines, const DscCloudSyncJob *job)
{
  g_autofree char *since = NULL;
  g_autofree char *next = NULL;

  if (job->quarantine_reason == NULL && g_strcmp0 (job->status_code, "Quarantine") != 0)
    return;
  since = dsc_format_date_time (job->quarantine_series_began > 0 ? job->quarantine_series_began
                                                                 : job->quarantine_current_began);
  next = dsc_format_date_time (job->quarantine_next_attempt);
  g_ptr_array_add (lines, g_strdup_printf (_("Quarantine: %s, since %s, next attempt %s"),
                                           job->quarantine_reason != NULL
                                           ? job->quarantine_reason : _("no reason given"),
                                           since, next));
  if (job->quarantine_series_count > 0)
    {
      g_autofree char *count = dsc_health_format_count (job->quarantine_series_count);

      /* Translators: how often the job was quarantined since the series began */
      g_ptr_array_add (lines, g_strdup_printf (_("Quarantines in this series: %s"), count));
    }
  if (job->quarantine_error_code != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Quarantine error %s: %s"),
                                             job->quarantine_error_code,
                                             job->quarantine_error_message != NULL
                                             ? job->quarantine_error_message : ""));
}

static void
add_agent_lines (DscHealthEval *ev, GPtrArray *lines, const DscCloudSyncConfig *config)
{
  g_autoptr(GString) agents = g_string_new (NULL);

  if (!dsc_health_source_ok (ev, DSC_SOURCE_CLOUD_SYNC_AGENTS))
    {
      g_autofree char *why = dsc_health_source_reason (ev, DSC_SOURCE_CLOUD_SYNC_AGENTS);

      g_ptr_array_add (lines, g_strdup_printf (_("Agents: not read. %s"), why));
      return;
    }
  for (guint i = 0; i < ev->snap->cloud_agents->len; i++)
    {
      const DscCloudSyncAgent *agent = g_ptr_array_index (ev->snap->cloud_agents, i);
      gboolean serves = FALSE;

      for (guint g = 0; agent->groups != NULL && agent->groups[g] != NULL; g++)
        if (config->display_name != NULL &&
            g_ascii_strcasecmp (agent->groups[g], config->display_name) == 0)
          serves = TRUE;
      if (!serves)
        continue;
      if (agents->len > 0)
        g_string_append (agents, ", ");
      g_string_append (agents, agent->machine_name != NULL ? agent->machine_name : agent->id);
      g_string_append (agents, " (");
      g_string_append (agents, g_strcmp0 (agent->status, "active") == 0 ? _("active")
                               : g_strcmp0 (agent->status, "inactive") == 0 ? _("inactive")
                               : agent->status != NULL ? agent->status : _("unknown"));
      if (agent->version != NULL)
        {
          g_string_append (agents, ", ");
          g_string_append (agents, agent->version);
        }
      g_string_append_c (agents, ')');
    }
  if (agents->len == 0)
    g_ptr_array_add (lines, g_strdup (_("Agents: none registered for this domain")));
  else
    g_ptr_array_add (lines, g_strdup_printf (_("Agents: %s"), agents->str));
}

/* The facts of one configuration, one per line. */
static char *
config_detail (DscHealthEval *ev, const DscCloudSyncVerdict *verdict)
{
  const DscCloudSyncConfig *config = verdict->config;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  if (!config->jobs_read)
    {
      g_autofree char *why = dsc_health_source_reason (ev, DSC_SOURCE_CLOUD_SYNC_JOBS);

      g_ptr_array_add (lines, g_strdup (why != NULL ? why : _("Its jobs could not be read.")));
    }
  /* The provisioning job first, then the others in the snapshot's order. */
  for (guint pass = 0; pass < 2; pass++)
  for (guint i = 0; config->jobs_read && i < config->jobs->len; i++)
    {
      const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, i);

      if ((g_strcmp0 (job->template_id, "AD2AADProvisioning") == 0) != (pass == 0))
        continue;

      /* Translators: "Provisioning job: Active" */
      g_ptr_array_add (lines, g_strdup_printf (_("%s: %s"), job_label (job),
                                               status_code_label (job->status_code)));
      add_execution_lines (lines, job);
      add_quarantine_lines (lines, job);
      if (job->id != NULL)
        g_ptr_array_add (lines, g_strdup_printf (_("Job ID: %s"), job->id));
    }
  add_agent_lines (ev, lines, config);
  return dsc_health_join_ptr_array (lines, "\n");
}

static const char *
domain_of (const DscCloudSyncConfig *config)
{
  return config->display_name != NULL ? config->display_name : _("(unnamed configuration)");
}

void
dsc_health_rule_cloud_sync (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_CLOUD_SYNC, _("Cloud Sync"));
  DscCategoryReport *category = &ev->report->categories[DSC_CATEGORY_CLOUD_SYNC];
  DscSyncEngine engine = dsc_snapshot_get_sync_engine (ev->snap);
  g_autofree char *engine_line = g_strdup_printf (_("Sync engine: %s"),
                                                  dsc_sync_engine_to_label (engine));
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) tooltip = g_ptr_array_new_with_free_func (g_free);
  const DscCloudSyncVerdict *worst = NULL;
  const DscCloudSyncIssue *top = NULL;
  DscStatus status;
  g_autofree char *value = NULL;

  g_ptr_array_add (tooltip, g_strdup (engine_line));

  if (!dsc_health_source_ok (ev, DSC_SOURCE_CLOUD_SYNC_CONFIGS))
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_CLOUD_SYNC_CONFIGS);
      dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (tooltip, "\n"));
      dsc_health_set_str (&category->headline, engine_line);
      return;
    }

  if (ev->snap->cloud_configs->len == 0)
    {
      dsc_health_tile_set (tile, DSC_STATUS_OK, _("Not used"), engine_line);
      dsc_health_set_str (&tile->tooltip,
                          _("No Microsoft Entra Cloud Sync configuration in this tenant."));
      /* Translators: %s is "Sync engine: Entra Connect Sync" */
      dsc_health_take_str (&category->headline,
                           g_strdup_printf (_("%s. This tenant has no Cloud Sync "
                                              "configuration."), engine_line));
      return;
    }

  verdicts = dsc_cloud_sync_evaluate (ev->snap, ev->now);
  status = dsc_cloud_sync_overall (verdicts);

  for (guint i = 0; i < verdicts->len; i++)
    {
      const DscCloudSyncVerdict *verdict = g_ptr_array_index (verdicts, i);
      const DscCloudSyncConfig *config = verdict->config;
      g_autofree char *id = g_strdup_printf ("cloud-sync/%s", config->id != NULL ? config->id
                                                                                : "");
      g_autofree char *title = NULL;
      g_autofree char *detail = config_detail (ev, verdict);

      /* Translators: "corp.contoso.com: Active · last run 3 minutes ago" */
      title = g_strdup_printf (_("%s: %s"), domain_of (config), verdict->summary);
      g_ptr_array_add (tooltip, g_strdup (title));
      dsc_health_add_finding (ev, DSC_CATEGORY_CLOUD_SYNC,
                              verdict->status == DSC_STATUS_UNKNOWN ? DSC_STATUS_UNKNOWN
                                                                    : DSC_STATUS_INFO,
                              id, title, detail);

      for (guint j = 0; j < verdict->issues->len; j++)
        {
          const DscCloudSyncIssue *issue = g_ptr_array_index (verdict->issues, j);
          DscFinding *finding = dsc_health_add_finding (ev, DSC_CATEGORY_CLOUD_SYNC,
                                                        issue->severity, issue->id,
                                                        issue->title, issue->detail);

          dsc_finding_set_fix_steps (finding, (const char *const *) issue->fix_steps);
          if (top == NULL || dsc_status_worse (top->severity, issue->severity) != top->severity)
            top = issue;
        }
      if (worst == NULL || dsc_status_worse (worst->status, verdict->status) != worst->status)
        worst = verdict;
    }

  if (top != NULL && top->cause != DSC_CLOUD_SYNC_CAUSE_NONE && top->severity == DSC_STATUS_ERROR
      && g_str_has_suffix (top->id, "quarantine"))
    value = g_strdup (_("In quarantine"));
  else if (verdicts->len == 1 || status != DSC_STATUS_OK)
    {
      const DscCloudSyncJob *job = dsc_cloud_sync_config_find_job (worst->config,
                                                                   "AD2AADProvisioning");

      value = g_strdup (!worst->config->jobs_read ? _("Unknown")
                        : job != NULL ? status_code_label (job->status_code)
                        : _("No provisioning job"));
    }
  else
    value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u configuration",
                                          "%u configurations", verdicts->len),
                             verdicts->len);

  /* Every job in quarantine, yet the tenant says a sync arrived since: say both. */
  if (!dsc_cloud_sync_connect_checks_apply (ev->snap, NULL))
    {
      gint64 quarantined_since = 0;
      DscContradiction contradiction = { 0 };

      for (guint i = 0; i < verdicts->len; i++)
        {
          const DscCloudSyncVerdict *verdict = g_ptr_array_index (verdicts, i);
          const DscCloudSyncJob *job = dsc_cloud_sync_config_find_job (verdict->config,
                                                                       "AD2AADProvisioning");
          gint64 began;

          if (job == NULL || g_strcmp0 (job->status_code, "Quarantine") != 0)
            {
              quarantined_since = 0;
              break;
            }
          began = job->quarantine_series_began > 0 ? job->quarantine_series_began
                                                   : job->quarantine_current_began;
          if (began <= 0)
            {
              quarantined_since = 0;
              break;
            }
          quarantined_since = MAX (quarantined_since, began);
        }
      if (dsc_reconcile_quarantine_and_sync (quarantined_since, ev->snap->last_sync, ev->now,
                                             2 * ev->policy->sync_interval_default
                                             + ev->policy->sync_grace,
                                             &contradiction))
        {
          DscFinding *finding = dsc_health_add_finding (ev, DSC_CATEGORY_CLOUD_SYNC,
                                                        DSC_STATUS_WARNING,
                                                        "cloud-sync/quarantined-but-syncing",
                                                        contradiction.title,
                                                        contradiction.detail);

          dsc_finding_set_fix_steps (finding, (const char *const *) contradiction.steps);
          status = dsc_status_worse (status, DSC_STATUS_WARNING);
          dsc_contradiction_clear (&contradiction);
        }
    }

  dsc_health_tile_set (tile, status, value, top != NULL ? top->title : engine_line);
  if (status == DSC_STATUS_UNKNOWN)
    dsc_health_take_str (&tile->limited_reason,
                         dsc_health_source_reason (ev, DSC_SOURCE_CLOUD_SYNC_JOBS));
  dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (tooltip, "\n"));
  /* The pane's "Current state" leads with this line, then the tooltip's
   * (which starts with the sync engine: not repeated here). */
  if (top != NULL && (top->severity == DSC_STATUS_WARNING || top->severity == DSC_STATUS_ERROR))
    /* Translators: "corp.contoso.com is in quarantine: no active agents." */
    dsc_health_take_str (&category->headline, g_strdup_printf (_("%s."), top->title));
  else
    dsc_health_take_str (&category->headline,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u Cloud Sync configuration.",
                                                       "%u Cloud Sync configurations.",
                                                       verdicts->len),
                                          verdicts->len));
}

static DscObjectKind
kind_of (const char *identity_type)
{
  if (identity_type != NULL && g_ascii_strcasecmp (identity_type, "Group") == 0)
    return DSC_OBJECT_GROUP;
  if (identity_type != NULL && g_ascii_strcasecmp (identity_type, "Contact") == 0)
    return DSC_OBJECT_CONTACT;
  return DSC_OBJECT_USER;
}

static const DscCloudSyncConfig *
config_by_id (DscHealthEval *ev, const char *id)
{
  for (guint i = 0; id != NULL && i < ev->snap->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (ev->snap->cloud_configs, i);

      if (g_strcmp0 (config->id, id) == 0)
        return config;
    }
  return NULL;
}

/* Provisioning-log failures, in the sync-errors pane beside Connect Sync's conflicts: one
 * finding per configuration and error code, its objects listed with the error. */
guint
dsc_health_cloud_sync_object_errors (DscHealthEval *ev, DscStatus (*status_for) (const DscPolicy *,
                                                                               guint))
{
  g_autoptr(GHashTable) findings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) objects = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  if (ev->snap->cloud_configs->len == 0)
    return 0;
  if (!dsc_health_source_ok (ev, DSC_SOURCE_CLOUD_SYNC_LOG))
    {
      g_autofree char *why = dsc_health_source_reason (ev, DSC_SOURCE_CLOUD_SYNC_LOG);
      const char *message = ev->snap->sources[DSC_SOURCE_CLOUD_SYNC_LOG].message;

      dsc_health_add_finding (ev, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_INFO,
                              "object-errors/cloud-sync/unread",
                              _("Cloud Sync object errors could not be read"),
                              ev->snap->sources[DSC_SOURCE_CLOUD_SYNC_LOG].state
                                == DSC_SOURCE_STATE_DENIED || dsc_health_str_empty (message)
                              ? why : message);
      return 0;
    }

  for (guint i = 0; i < ev->snap->cloud_errors->len; i++)
    {
      const DscCloudSyncObjectError *error = g_ptr_array_index (ev->snap->cloud_errors, i);
      const DscCloudSyncConfig *config = config_by_id (ev, error->config_id);
      const char *code = error->error_code != NULL ? error->error_code : _("unknown error");
      g_autofree char *id = g_strdup_printf ("object-errors/cloud-sync/%s/%s",
                                             error->config_id != NULL ? error->config_id : "",
                                             code);
      DscFinding *finding = g_hash_table_lookup (findings, id);
      g_autoptr(DscDirectoryObject) object = dsc_directory_object_new (kind_of (error->source_type));

      if (finding == NULL)
        {
          /* Translators: "Cloud Sync, corp.contoso.com: AzureActiveDirectoryDuplicateValue" */
          g_autofree char *title = g_strdup_printf (_("Cloud Sync, %s: %s"),
                                                    config != NULL ? domain_of (config)
                                                                   : _("(unknown configuration)"),
                                                    code);
          /* Each object's own reason is listed with it. */
          const char *detail = !dsc_health_str_empty (error->recommended_action)
            ? error->recommended_action
            : _("Cloud Sync could not provision these objects. Fix the value named for each "
                "one in Active Directory; the next run retries them.");

          const char *const steps[] = {
            _("Open the provisioning logs of the Cloud Sync configuration, filtered to failures: "
              "each entry shows the object and the value Microsoft Entra ID rejected."),
            _("Fix the value in on-premises Active Directory (a duplicate proxy address or UPN, "
              "an invalid character). The next Cloud Sync run retries the object; for a single "
              "object you can also use “Provision on demand” in the configuration."),
            _("If an object keeps failing, look up its error code in the Cloud Sync error-code "
              "reference."),
            NULL
          };

          finding = dsc_health_add_finding (ev, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_WARNING,
                                            id, title, detail);
          dsc_finding_set_fix_steps (finding, steps);
          g_hash_table_insert (findings, g_strdup (id), finding);
        }
      object->id = g_strdup (error->source_id);
      object->display_name = g_strdup (error->source_name != NULL ? error->source_name
                                                                  : error->target_name);
      dsc_finding_add_object (finding, object, code, error->reason, error->time, TRUE);
      g_hash_table_insert (counts, finding,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                    finding)) + 1));
      g_hash_table_add (objects, error->source_id != NULL ? error->source_id : error->id);
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DscFinding *finding = key;
      DscStatus status = status_for (ev->policy, GPOINTER_TO_UINT (value));

      finding->severity = status == DSC_STATUS_OK ? DSC_STATUS_INFO : status;
    }
  return g_hash_table_size (objects);
}

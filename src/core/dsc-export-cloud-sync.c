/* dsc-export-cloud-sync.c — Cloud Sync configurations as Prometheus gauges.
 *
 * Kept apart from the main exporters: it reads the snapshot's Cloud Sync part
 * and the pure verdicts of dsc-cloud-sync-rules, nothing else.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include "dsc-cloud-sync-rules.h"
#include "dsc-export-cloud-sync.h"
#include "dsc-export-private.h"

static void
header (GString *out, const char *name, const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
labels (GString *out, const char *name, const DscCloudSyncConfig *config, const char *template_id)
{
  g_string_append_printf (out, "%s{configuration=\"", name);
  dsc_export_append_clean (out, config->display_name, 256, DSC_ESCAPE_PROMETHEUS);
  if (template_id != NULL)
    {
      g_string_append (out, "\",template=\"");
      dsc_export_append_clean (out, template_id, 64, DSC_ESCAPE_PROMETHEUS);
    }
  g_string_append (out, "\"} ");
}

void
dsc_export_prometheus_cloud_sync (const DscReport *report, GString *out)
{
  const DscSnapshot *s = report->snapshot;
  g_autoptr(GPtrArray) verdicts = NULL;
  gboolean agents_read;

  if (!dsc_snapshot_source_ok (s, DSC_SOURCE_CLOUD_SYNC_CONFIGS))
    return;
  verdicts = dsc_cloud_sync_evaluate (s, report->evaluated_at);
  agents_read = dsc_snapshot_source_ok (s, DSC_SOURCE_CLOUD_SYNC_AGENTS);

  header (out, "dirsync_sync_engine_info",
          "Sync engine in use: connect-sync, cloud-sync, connect-sync-and-cloud-sync, none or "
          "unknown (always 1).");
  g_string_append_printf (out, "dirsync_sync_engine_info{engine=\"%s\"} 1\n",
                          dsc_sync_engine_to_string (dsc_snapshot_get_sync_engine (s)));

  header (out, "dirsync_cloud_sync_status",
          "Status per Cloud Sync configuration: 0 ok, 1 warning, 2 error, 3 unknown.");
  for (guint i = 0; i < verdicts->len; i++)
    {
      const DscCloudSyncVerdict *verdict = g_ptr_array_index (verdicts, i);

      labels (out, "dirsync_cloud_sync_status", verdict->config, NULL);
      g_string_append_printf (out, "%d\n", dsc_export_status_number (verdict->status));
    }

  header (out, "dirsync_cloud_sync_job_status",
          "Status per Cloud Sync job from its state alone: 0 ok, 1 warning, 2 error, 3 unknown.");
  for (guint i = 0; i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);

      for (guint j = 0; j < config->jobs->len; j++)
        {
          const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, j);

          labels (out, "dirsync_cloud_sync_job_status", config, job->template_id);
          g_string_append_printf (out, "%d\n", dsc_export_status_number (
                                    dsc_cloud_sync_job_status (job->status_code,
                                                               job->last_execution.state)));
        }
    }

  header (out, "dirsync_cloud_sync_quarantined",
          "1 while the Cloud Sync job is in quarantine, else 0.");
  for (guint i = 0; i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);

      for (guint j = 0; j < config->jobs->len; j++)
        {
          const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, j);

          labels (out, "dirsync_cloud_sync_quarantined", config, job->template_id);
          g_string_append (out, job->quarantine_reason != NULL ? "1\n" : "0\n");
        }
    }

  header (out, "dirsync_cloud_sync_escrowed",
          "Objects the last run of the Cloud Sync job left in error (escrowed).");
  for (guint i = 0; i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);

      for (guint j = 0; j < config->jobs->len; j++)
        {
          const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, j);

          if (job->last_execution.count_escrowed < 0)
            continue;
          labels (out, "dirsync_cloud_sync_escrowed", config, job->template_id);
          g_string_append_printf (out, "%" G_GINT64_FORMAT "\n",
                                  job->last_execution.count_escrowed);
        }
    }

  header (out, "dirsync_cloud_sync_last_run_age_seconds",
          "Seconds since the last run of the Cloud Sync job began.");
  for (guint i = 0; i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);

      for (guint j = 0; j < config->jobs->len; j++)
        {
          const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, j);

          if (job->last_execution.began <= 0)
            continue;
          labels (out, "dirsync_cloud_sync_last_run_age_seconds", config, job->template_id);
          g_string_append_printf (out, "%" G_GINT64_FORMAT "\n",
                                  MAX (report->evaluated_at - job->last_execution.began, 0));
        }
    }

  /* Without a readable agent list there is nothing to count: no samples. */
  header (out, "dirsync_cloud_sync_agents_active",
          "Active provisioning agents serving the Cloud Sync configuration.");
  for (guint i = 0; agents_read && i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);
      guint active = 0;

      dsc_cloud_sync_config_count_agents (s, config, &active);
      labels (out, "dirsync_cloud_sync_agents_active", config, NULL);
      g_string_append_printf (out, "%u\n", active);
    }
  header (out, "dirsync_cloud_sync_agents_inactive",
          "Inactive provisioning agents assigned to the Cloud Sync configuration.");
  for (guint i = 0; agents_read && i < s->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (s->cloud_configs, i);
      guint active = 0;
      guint n = dsc_cloud_sync_config_count_agents (s, config, &active);

      labels (out, "dirsync_cloud_sync_agents_inactive", config, NULL);
      g_string_append_printf (out, "%u\n", n - active);
    }
}

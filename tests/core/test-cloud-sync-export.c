/* test-cloud-sync-export.c — Cloud Sync configurations in the Prometheus
 * export: gauges per configuration and job, grouped per metric family,
 * hostile names escaped, nothing for snapshots without Cloud Sync data. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "dsc-connect-versions.h"
#include "dsc-export-file.h"
#include "dsc-health.h"
#include "dsc-policy.h"

#define NOW 1796000000

static DscSnapshot *
cloud_snapshot (gboolean with_configs_read)
{
  DscSnapshot *snap = dsc_snapshot_new ();
  DscCloudSyncConfig *config = dsc_cloud_sync_config_new ();
  DscCloudSyncJob *job = dsc_cloud_sync_job_new ();
  DscCloudSyncAgent *agent = dsc_cloud_sync_agent_new ();
  const char *groups[] = { "corp\"evil\ncontoso.com", NULL };

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (snap, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  if (!with_configs_read)
    dsc_snapshot_set_source (snap, DSC_SOURCE_CLOUD_SYNC_CONFIGS, DSC_SOURCE_STATE_NOT_READ,
                             NULL, NULL, NULL);
  snap->tenant_name = g_strdup ("Contoso");
  snap->sync_state = DSC_SYNC_STATE_ON;
  snap->last_sync = NOW - 120;
  snap->taken_at = NOW;

  config->id = g_strdup ("sp1");
  config->display_name = g_strdup ("corp\"evil\ncontoso.com");
  config->jobs_read = TRUE;
  job->template_id = g_strdup ("AD2AADProvisioning");
  job->status_code = g_strdup ("Quarantine");
  job->quarantine_reason = g_strdup ("TooManyDeletes");
  job->last_execution.state = g_strdup ("Failed");
  job->last_execution.began = NOW - 600;
  job->last_execution.count_escrowed = 17;
  g_ptr_array_add (config->jobs, job);
  g_ptr_array_add (snap->cloud_configs, config);

  agent->id = g_strdup ("a1");
  agent->status = g_strdup ("inactive");
  agent->groups = g_strdupv ((char **) groups);
  g_ptr_array_add (snap->cloud_agents, agent);
  return snap;
}

static char *
prometheus (DscSnapshot *snap)
{
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  report = dsc_health_evaluate (snap, &policy, versions, NOW);
  g_assert_true (dsc_export_write (report, DSC_EXPORT_FORMAT_PROMETHEUS, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_gauges (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot (TRUE);
  g_autofree char *text = prometheus (snap);
  const char *label = "configuration=\"corp\\\"evil\\ncontoso.com\"";
  g_autofree char *status = g_strdup_printf ("dirsync_cloud_sync_status{%s} 2\n", label);
  g_autofree char *quarantined = g_strdup_printf (
    "dirsync_cloud_sync_quarantined{%s,template=\"AD2AADProvisioning\"} 1\n", label);
  g_autofree char *escrowed = g_strdup_printf (
    "dirsync_cloud_sync_escrowed{%s,template=\"AD2AADProvisioning\"} 17\n", label);
  g_autofree char *age = g_strdup_printf (
    "dirsync_cloud_sync_last_run_age_seconds{%s,template=\"AD2AADProvisioning\"} 600\n", label);
  g_autofree char *inactive = g_strdup_printf ("dirsync_cloud_sync_agents_inactive{%s} 1\n",
                                               label);
  g_autofree char *active = g_strdup_printf ("dirsync_cloud_sync_agents_active{%s} 0\n", label);

  g_assert_nonnull (strstr (text, "dirsync_sync_engine_info{engine=\"cloud-sync\"} 1\n"));
  g_assert_nonnull (strstr (text, status));
  g_assert_nonnull (strstr (text, quarantined));
  g_assert_nonnull (strstr (text, escrowed));
  g_assert_nonnull (strstr (text, age));
  g_assert_nonnull (strstr (text, inactive));
  g_assert_nonnull (strstr (text, active));
}

/* Every sample line follows the HELP/TYPE of its own family, in one group. */
static void
test_families_grouped (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot (TRUE);
  g_autofree char *text = prometheus (snap);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "# TYPE "))
        {
          g_auto(GStrv) parts = g_strsplit (line, " ", 4);

          if (current != NULL)
            g_hash_table_add (closed, g_steal_pointer (&current));
          g_assert_false (g_hash_table_contains (closed, parts[2]));
          current = g_strdup (parts[2]);
        }
      else if (*line != '\0' && *line != '#')
        {
          gsize len = strcspn (line, "{ ");
          g_autofree char *name = g_strndup (line, len);

          g_assert_cmpstr (name, ==, current);
        }
    }
}

static void
test_nothing_without_cloud_sync_data (void)
{
  g_autoptr(DscSnapshot) snap = cloud_snapshot (FALSE);
  g_autofree char *text = prometheus (snap);

  g_assert_null (strstr (text, "cloud_sync"));
  g_assert_null (strstr (text, "dirsync_sync_engine_info"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cloud-sync-export/prometheus-gauges", test_gauges);
  g_test_add_func ("/core/cloud-sync-export/prometheus-families-grouped", test_families_grouped);
  g_test_add_func ("/core/cloud-sync-export/nothing-without-data",
                   test_nothing_without_cloud_sync_data);
  return g_test_run ();
}

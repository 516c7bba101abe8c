/* dsc-health.c — the health rules: one small function per tile or category
 * turns the snapshot into tile statuses and findings. The rules live in
 * src/core/health/, one file per category; this file holds their table.
 *
 * Pure and deterministic: everything depends on the snapshot, the policy, the
 * version table and the "now" passed in, never on the clock or the time zone
 * (dates are written in UTC), so every threshold can be tested to the second.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include "dsc-health-private.h"

/* The rules, in the order they run. Each fills the tile it names (its pane
 * comes from the category catalogue) and adds findings to any category. */
static const DscHealthRule rules[] = {
  { "sync-enabled", DSC_TILE_SYNC_ENABLED, dsc_health_rule_sync_enabled },
  { "last-sync", DSC_TILE_LAST_SYNC, dsc_health_rule_last_sync },
  { "password-sync", DSC_TILE_PASSWORD_SYNC, dsc_health_rule_password_sync },
  { "sync-errors", DSC_TILE_SYNC_ERRORS, dsc_health_rule_sync_errors },
  { "object-quota", DSC_TILE_QUOTA, dsc_health_rule_quota },
  { "connect-version", DSC_TILE_CONNECT_VERSION, dsc_health_rule_connect_version },
  { "sync-identity", DSC_TILE_SYNC_IDENTITY, dsc_health_rule_sync_identity },
  { "domains", DSC_TILE_DOMAINS, dsc_health_rule_domains },
  { "service-health", DSC_TILE_SERVICE_HEALTH, dsc_health_rule_service_health },
  { "cloud-sync", DSC_TILE_CLOUD_SYNC, dsc_health_rule_cloud_sync },
  { "sync-safeguards", DSC_TILE_NONE, dsc_health_rule_safeguards },
  { "cant-manage", DSC_TILE_NONE, dsc_health_rule_cant_manage },
  { "attributes", DSC_TILE_NONE, dsc_health_rule_attributes },
  { "onprem-data", DSC_TILE_ONPREM_DATA, dsc_health_rule_onprem_data },
};

const DscHealthRule *
dsc_health_get_rules (guint *n_rules)
{
  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

DscReport *
dsc_health_evaluate (DscSnapshot *snapshot,
                     const DscPolicy *policy,
                     const DscConnectVersions *versions,
                     gint64 now)
{
  g_autoptr(DscConnectVersions) default_versions = NULL;
  DscPolicy defaults;
  DscHealthEval ev;

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (policy == NULL)
    {
      dsc_policy_init_defaults (&defaults);
      policy = &defaults;
    }
  if (versions == NULL)
    versions = default_versions = dsc_connect_versions_get_default ();

  ev.snap = snapshot;
  ev.policy = policy;
  ev.versions = versions;
  ev.now = now;
  ev.report = dsc_report_new (snapshot, now);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      rules[i].evaluate (&ev);
      /* A rule that owns a tile must have filled it. */
      g_warn_if_fail (rules[i].tile == DSC_TILE_NONE
                      || ev.report->tiles[rules[i].tile].title != NULL);
    }

  ev.report->unreadable_as = policy->unreadable_as;
  dsc_report_finish (ev.report);
  return ev.report;
}

typedef struct {
  DscSnapshot *snapshot;
  DscPolicy policy;
  DscConnectVersions *versions;
  gint64 now;
} EvaluateData;

static void
evaluate_data_free (EvaluateData *data)
{
  g_clear_pointer (&data->snapshot, dsc_snapshot_unref);
  g_clear_pointer (&data->versions, dsc_connect_versions_unref);
  g_free (data);
}

static void
evaluate_thread (GTask *task, gpointer source_object, gpointer task_data,
                 GCancellable *cancellable)
{
  EvaluateData *data = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task,
                         dsc_health_evaluate (data->snapshot, &data->policy, data->versions,
                                              data->now),
                         (GDestroyNotify) dsc_report_unref);
}

void
dsc_health_evaluate_async (DscSnapshot *snapshot,
                           const DscPolicy *policy,
                           DscConnectVersions *versions,
                           gint64 now,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateData *data;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_health_evaluate_async);

  data = g_new0 (EvaluateData, 1);
  data->snapshot = dsc_snapshot_ref (snapshot);
  if (policy != NULL)
    data->policy = *policy;
  else
    dsc_policy_init_defaults (&data->policy);
  data->versions = versions != NULL ? dsc_connect_versions_ref (versions)
                                   : dsc_connect_versions_get_default ();
  data->now = now;
  g_task_set_task_data (task, data, (GDestroyNotify) evaluate_data_free);

  g_task_run_in_thread (task, evaluate_thread);
}

DscReport *
dsc_health_evaluate_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dsc_health_evaluate_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}


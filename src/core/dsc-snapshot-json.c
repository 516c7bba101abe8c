/* dsc-snapshot-json.c — a snapshot to and from JSON, for the on-disk cache the
 * window opens with and for the canonical text tests and benchmarks compare.
 * The cache is read back from disk, so the reader treats it as hostile input.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "dsc-report-json.h"
#include "dsc-snapshot-json.h"

/* Graph values are short; anything this long is damage, not data. */
#define MAX_STRING_BYTES (64 * 1024)

/* Stable names for the enums only this file stores. */
static const char *const sync_state_names[] = { "unknown", "never", "on", "off" };
static const char *const object_kind_names[] = { "user", "group", "contact" };
static const char *const identity_kind_names[] = { "legacy-account", "application" };
static const char *const source_state_names[] = {
  "not-read", "ok", "denied", "unavailable", "failed",
};

/* Local aliases, so the reader can use g_autoptr without the public header
 * promising cleanup functions for these plain structs. */
typedef DscDomain DscDomainAuto;
typedef DscSyncIdentity DscSyncIdentityAuto;
typedef DscHealthIssue DscHealthIssueAuto;
typedef DscServiceHealth DscServiceHealthAuto;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscDomainAuto, dsc_domain_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscSyncIdentityAuto, dsc_sync_identity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscHealthIssueAuto, dsc_health_issue_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscServiceHealthAuto, dsc_service_health_free)

/* Writing */

/* For the "-1 means unknown" counters. */
static void
set_count (JsonObject *object,
           const char *member,
           gint64 value)
{
  if (value >= 0)
    json_object_set_int_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* For the "0 means unknown" intervals. */
static void
set_positive (JsonObject *object,
              const char *member,
              gint64 value)
{
  if (value > 0)
    json_object_set_int_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_tristate (JsonObject *object,
              const char *member,
              DscTristate value)
{
  if (value == DSC_TRISTATE_UNKNOWN)
    json_object_set_null_member (object, member);
  else
    json_object_set_boolean_member (object, member, value == DSC_TRISTATE_TRUE);
}

static const char *
enum_name (const char *const *names,
           guint n_names,
           int value)
{
  return (guint) value < n_names ? names[value] : names[0];
}

/* The canonical form sorts copies of the arrays; the snapshot is immutable. */
static GPtrArray *
sorted_view (GPtrArray *array,
             GCompareFunc compare,
             gboolean canonical)
{
  GPtrArray *view = g_ptr_array_sized_new (array->len);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (view, g_ptr_array_index (array, i));
  if (canonical)
    g_ptr_array_sort (view, compare);
  return view;
}

#define PTR(type, p) (*(type * const *) (p))

static int
compare_errors (gconstpointer a,
                gconstpointer b)
{
  const DscProvisioningError *ea = PTR (DscProvisioningError, a);
  const DscProvisioningError *eb = PTR (DscProvisioningError, b);
  int cmp;

  if ((cmp = g_strcmp0 (ea->property, eb->property)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (ea->value, eb->value)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (ea->category, eb->category)) != 0)
    return cmp;
  return ea->occurred < eb->occurred ? -1 : ea->occurred > eb->occurred;
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  const DscDirectoryObject *oa = PTR (DscDirectoryObject, a);
  const DscDirectoryObject *ob = PTR (DscDirectoryObject, b);

  if (oa->kind != ob->kind)
    return oa->kind < ob->kind ? -1 : 1;
  return g_strcmp0 (oa->id, ob->id);
}

static int
compare_holders (gconstpointer a,
                 gconstpointer b)
{
  const DscValueHolder *ha = PTR (DscValueHolder, a);
  const DscValueHolder *hb = PTR (DscValueHolder, b);
  int cmp;

  if ((cmp = g_strcmp0 (ha->property, hb->property)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (ha->value, hb->value)) != 0)
    return cmp;
  if (ha->object == NULL || hb->object == NULL)
    return (ha->object != NULL) - (hb->object != NULL);
  return compare_objects (&ha->object, &hb->object);
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (PTR (DscDomain, a)->name, PTR (DscDomain, b)->name);
}

static int
compare_identities (gconstpointer a,
                    gconstpointer b)
{
  const DscSyncIdentity *ia = PTR (DscSyncIdentity, a);
  const DscSyncIdentity *ib = PTR (DscSyncIdentity, b);

  if (ia->kind != ib->kind)
    return ia->kind < ib->kind ? -1 : 1;
  return g_strcmp0 (ia->id, ib->id);
}

static int
compare_services (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (PTR (DscServiceHealth, a)->id, PTR (DscServiceHealth, b)->id);
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (PTR (DscHealthIssue, a)->id, PTR (DscHealthIssue, b)->id);
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (((const DscSyncFeature *) a)->name, ((const DscSyncFeature *) b)->name);
}

static JsonObject *
object_to_json (const DscDirectoryObject *o,
                gboolean canonical)
{
  JsonObject *object = json_object_new ();
  JsonArray *errors = json_array_new ();
  g_autoptr(GPtrArray) view = g_ptr_array_sized_new (o->n_errors);

  json_object_set_string_member (object, "kind",
                                 enum_name (object_kind_names,
                                            G_N_ELEMENTS (object_kind_names), o->kind));
  dsc_json_set_string (object, "id", o->id);
  dsc_json_set_string (object, "displayName", o->display_name);
  dsc_json_set_string (object, "userPrincipalName", o->user_principal_name);
  dsc_json_set_string (object, "mail", o->mail);
  if (o->user_type != NULL)
    dsc_json_set_string (object, "userType", o->user_type);
  set_tristate (object, "onPremisesSyncEnabled", o->on_premises_sync);

  for (guint i = 0; i < o->n_errors; i++)
    g_ptr_array_add (view, &o->errors[i]);
  if (canonical)
    g_ptr_array_sort (view, compare_errors);

  for (guint i = 0; i < view->len; i++)
    {
      const DscProvisioningError *e = g_ptr_array_index (view, i);
      JsonObject *error = json_object_new ();

      dsc_json_set_string (error, "category", e->category);
      dsc_json_set_string (error, "property", e->property);
      dsc_json_set_string (error, "value", e->value);
      dsc_json_set_time (error, "occurred", e->occurred);
      json_array_add_object_element (errors, error);
    }
  json_object_set_array_member (object, "errors", errors);

  return object;
}

static JsonObject *
domain_to_json (const DscDomain *d)
{
  JsonObject *object = json_object_new ();

  dsc_json_set_string (object, "name", d->name);
  json_object_set_boolean_member (object, "isVerified", d->is_verified);
  json_object_set_boolean_member (object, "isDefault", d->is_default);
  json_object_set_boolean_member (object, "isInitial", d->is_initial);
  dsc_json_set_string (object, "authenticationType", d->authentication_type);
  return object;
}

static JsonArray *
domains_to_json (GPtrArray *domains,
                 gboolean canonical)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) view = sorted_view (domains, compare_domains, canonical);

  for (guint i = 0; i < view->len; i++)
    json_array_add_object_element (array, domain_to_json (g_ptr_array_index (view, i)));
  return array;
}

static JsonObject *
identity_to_json (const DscSyncIdentity *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "kind",
                                 enum_name (identity_kind_names,
                                            G_N_ELEMENTS (identity_kind_names), id->kind));
  dsc_json_set_string (object, "id", id->id);
  dsc_json_set_string (object, "displayName", id->display_name);
  dsc_json_set_string (object, "userPrincipalName", id->user_principal_name);
  set_tristate (object, "accountEnabled", id->account_enabled);
  dsc_json_set_time (object, "created", id->created);
  return object;
}

static JsonObject *
issue_to_json (const DscHealthIssue *issue)
{
  JsonObject *object = json_object_new ();

  dsc_json_set_string (object, "id", issue->id);
  dsc_json_set_string (object, "title", issue->title);
  dsc_json_set_string (object, "classification", issue->classification);
  dsc_json_set_string (object, "status", issue->status);
  dsc_json_set_string (object, "feature", issue->feature);
  dsc_json_set_string (object, "featureGroup", issue->feature_group);
  dsc_json_set_string (object, "impactDescription", issue->impact_description);
  json_object_set_boolean_member (object, "isResolved", issue->is_resolved);
  dsc_json_set_time (object, "start", issue->start);
  dsc_json_set_time (object, "lastModified", issue->last_modified);
  return object;
}

static JsonObject *
service_to_json (const DscServiceHealth *service,
                 gboolean canonical)
{
  JsonObject *object = json_object_new ();
  JsonArray *issues = json_array_new ();
  g_autoptr(GPtrArray) view = sorted_view (service->issues, compare_issues, canonical);

  dsc_json_set_string (object, "id", service->id);
  dsc_json_set_string (object, "service", service->service);
  dsc_json_set_string (object, "status", service->status);
  for (guint i = 0; i < view->len; i++)
    json_array_add_object_element (issues, issue_to_json (g_ptr_array_index (view, i)));
  json_object_set_array_member (object, "issues", issues);
  return object;
}

static JsonObject *
settings_to_json (const DscSyncSettings *s,
                  gboolean canonical)
{
  JsonObject *object = json_object_new ();
  JsonArray *features = json_array_new ();
  g_autoptr(GArray) view = g_array_sized_new (FALSE, FALSE, sizeof (DscSyncFeature),
                                              s->features->len);

  set_tristate (object, "passwordSyncEnabled", s->password_sync_enabled);
  set_tristate (object, "blockSoftMatch", s->block_soft_match);
  set_tristate (object, "blockHardMatchTakeover", s->block_hard_match_takeover);
  set_tristate (object, "quarantineUpnConflicts", s->quarantine_upn_conflicts);
  set_tristate (object, "quarantineProxyConflicts", s->quarantine_proxy_conflicts);

  /* Shallow copies: the view never frees the names it points at. */
  g_array_append_vals (view, s->features->data, s->features->len);
  if (canonical)
    g_array_sort (view, compare_features);
  for (guint i = 0; i < view->len; i++)
    {
      const DscSyncFeature *f = &g_array_index (view, DscSyncFeature, i);
      JsonObject *feature = json_object_new ();

      dsc_json_set_string (feature, "name", f->name);
      json_object_set_boolean_member (feature, "enabled", f->enabled);
      json_array_add_object_element (features, feature);
    }
  json_object_set_array_member (object, "features", features);

  dsc_json_set_string (object, "accidentalDeletionType", s->accidental_deletion_type);
  set_count (object, "accidentalDeletionThreshold", s->accidental_deletion_threshold);
  set_positive (object, "syncInterval", s->sync_interval);
  set_positive (object, "customerSyncInterval", s->customer_sync_interval);
  dsc_json_set_string (object, "clientVersion", s->client_version);
  dsc_json_set_string (object, "anchorAttribute", s->anchor_attribute);
  dsc_json_set_string (object, "applicationId", s->application_id);
  dsc_json_set_string (object, "clientMachineName", s->client_machine_name);
  dsc_json_set_string (object, "serviceAccount", s->service_account);
  set_count (object, "pendingAdditions", s->pending_additions);
  set_count (object, "pendingUpdates", s->pending_updates);
  set_count (object, "pendingDeletions", s->pending_deletions);
  set_count (object, "connectorSpaceObjects", s->connector_space_objects);
  return object;
}

/* Cloud Sync: one "cloudSync" object; the arrays are kept sorted by the
 * snapshot, so the canonical form needs no extra view. */

static JsonObject *
execution_to_json (const DscCloudSyncExecution *e)
{
  JsonObject *object = json_object_new ();

  dsc_json_set_string (object, "state", e->state);
  dsc_json_set_time (object, "began", e->began);
  dsc_json_set_time (object, "ended", e->ended);
  set_count (object, "imported", e->count_imported);
  set_count (object, "exported", e->count_exported);
  set_count (object, "escrowed", e->count_escrowed);
  dsc_json_set_string (object, "errorCode", e->error_code);
  dsc_json_set_string (object, "errorMessage", e->error_message);
  return object;
}

static JsonObject *
cloud_job_to_json (const DscCloudSyncJob *job)
{
  JsonObject *object = json_object_new ();

  dsc_json_set_string (object, "id", job->id);
  dsc_json_set_string (object, "templateId", job->template_id);
  dsc_json_set_string (object, "scheduleState", job->schedule_state);
  dsc_json_set_string (object, "statusCode", job->status_code);
  set_count (object, "successiveFailures", job->successive_failures);
  set_tristate (object, "escrowsPruned", job->escrows_pruned);
  json_object_set_object_member (object, "lastExecution", execution_to_json (&job->last_execution));
  json_object_set_object_member (object, "lastSuccessfulExecution",
                                 execution_to_json (&job->last_successful));
  dsc_json_set_time (object, "steadyStateTime", job->steady_state_time);
  dsc_json_set_string (object, "troubleshootingUrl", job->troubleshooting_url);
  dsc_json_set_string (object, "quarantineReason", job->quarantine_reason);
  dsc_json_set_time (object, "quarantineSeriesBegan", job->quarantine_series_began);
  dsc_json_set_time (object, "quarantineCurrentBegan", job->quarantine_current_began);
  dsc_json_set_time (object, "quarantineNextAttempt", job->quarantine_next_attempt);
  set_count (object, "quarantineSeriesCount", job->quarantine_series_count);
  dsc_json_set_string (object, "quarantineErrorCode", job->quarantine_error_code);
  dsc_json_set_string (object, "quarantineErrorMessage", job->quarantine_error_message);
  return object;
}

static JsonObject *
cloud_sync_to_json (const DscSnapshot *snapshot)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < snapshot->cloud_configs->len; i++)
    {
      const DscCloudSyncConfig *config = g_ptr_array_index (snapshot->cloud_configs, i);
      JsonObject *c = json_object_new ();
      JsonArray *jobs = json_array_new ();

      dsc_json_set_string (c, "id", config->id);
      dsc_json_set_string (c, "appId", config->app_id);
      dsc_json_set_string (c, "displayName", config->display_name);
      json_object_set_boolean_member (c, "jobsRead", config->jobs_read);
      for (guint j = 0; j < config->jobs->len; j++)
        json_array_add_object_element (jobs, cloud_job_to_json (g_ptr_array_index (config->jobs, j)));
      json_object_set_array_member (c, "jobs", jobs);
      json_array_add_object_element (array, c);
    }
  json_object_set_array_member (object, "configurations", array);

  array = json_array_new ();
  for (guint i = 0; i < snapshot->cloud_agents->len; i++)
    {
      const DscCloudSyncAgent *agent = g_ptr_array_index (snapshot->cloud_agents, i);
      JsonObject *a = json_object_new ();
      JsonArray *groups = json_array_new ();

      dsc_json_set_string (a, "id", agent->id);
      dsc_json_set_string (a, "machineName", agent->machine_name);
      dsc_json_set_string (a, "externalIp", agent->external_ip);
      dsc_json_set_string (a, "status", agent->status);
      dsc_json_set_string (a, "version", agent->version);
      for (guint g = 0; agent->groups != NULL && agent->groups[g] != NULL; g++)
        json_array_add_string_element (groups, agent->groups[g]);
      json_object_set_array_member (a, "groups", groups);
      json_array_add_object_element (array, a);
    }
  json_object_set_array_member (object, "agents", array);

  array = json_array_new ();
  for (guint i = 0; i < snapshot->cloud_errors->len; i++)
    {
      const DscCloudSyncObjectError *e = g_ptr_array_index (snapshot->cloud_errors, i);
      JsonObject *o = json_object_new ();

      dsc_json_set_string (o, "id", e->id);
      dsc_json_set_time (o, "time", e->time);
      dsc_json_set_string (o, "jobId", e->job_id);
      dsc_json_set_string (o, "configurationId", e->config_id);
      dsc_json_set_string (o, "action", e->action);
      dsc_json_set_string (o, "sourceName", e->source_name);
      dsc_json_set_string (o, "sourceId", e->source_id);
      dsc_json_set_string (o, "sourceType", e->source_type);
      dsc_json_set_string (o, "targetName", e->target_name);
      dsc_json_set_string (o, "errorCode", e->error_code);
      dsc_json_set_string (o, "errorCategory", e->error_category);
      dsc_json_set_string (o, "reason", e->reason);
      dsc_json_set_string (o, "recommendedAction", e->recommended_action);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "objectErrors", array);
  return object;
}

/* The on-premises scan: written when there is one, so the last good scan
 * survives a restart (the session hands it back to the connection). */
static const char *const onprem_kind_names[] = { "user", "group", "contact", "object" };
static const char *const onprem_rule_names[] = {
  "length", "blank", "character", "leading-period", "format", "not-routable", "not-verified",
  "duplicate",
};

static JsonArray *
strings_to_json (const char *const *strings, guint n)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings != NULL && i < n && strings[i] != NULL; i++)
    json_array_add_string_element (array, strings[i]);
  return array;
}

static JsonObject *
onprem_scan_to_json (const DscOnpremScanResult *scan)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  dsc_json_set_string (object, "source", scan->source);
  json_object_set_array_member (object, "bases",
                                strings_to_json ((const char *const *) scan->bases, G_MAXUINT));
  dsc_json_set_time (object, "scannedAt", scan->scanned_at);
  json_object_set_int_member (object, "objectsRead", scan->objects_read);
  json_object_set_int_member (object, "objectsSkipped", scan->objects_skipped);
  dsc_json_set_string (object, "cloudError", scan->cloud_error);
  for (guint i = 0; i < scan->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (scan->findings, i);
      JsonObject *o = json_object_new ();

      dsc_json_set_string (o, "dn", f->dn);
      dsc_json_set_string (o, "kind", dsc_onprem_kind_to_string (f->kind));
      dsc_json_set_string (o, "attribute", f->attribute);
      dsc_json_set_string (o, "value", f->value);
      dsc_json_set_string (o, "rule", f->rule);
      dsc_json_set_string (o, "severity", dsc_onprem_severity_to_string (f->severity));
      dsc_json_set_string (o, "message", f->message);
      dsc_json_set_string (o, "fix", f->fix);
      json_object_set_boolean_member (o, "failsInCloud", f->fails_in_cloud);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "findings", array);
  if (scan->cloud == NULL)
    {
      json_object_set_null_member (object, "cloud");
      return object;
    }
  array = json_array_new ();
  for (guint i = 0; i < scan->cloud->len; i++)
    {
      const DscOnpremCloudMatch *m = g_ptr_array_index (scan->cloud, i);
      JsonObject *o = json_object_new ();

      dsc_json_set_string (o, "cloudObjectId", m->cloud_object_id);
      dsc_json_set_string (o, "cloudDisplayName", m->cloud_display_name);
      dsc_json_set_string (o, "cloudKind", object_kind_names[m->cloud_kind]);
      dsc_json_set_string (o, "property", m->property);
      dsc_json_set_string (o, "value", m->value);
      json_object_set_array_member (o, "dns", strings_to_json ((const char *const *) m->dns->pdata,
                                                               m->dns->len));
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "cloud", array);
  return object;
}

static JsonNode *
snapshot_to_node (const DscSnapshot *snapshot,
                  gboolean canonical)
{
  JsonNode *node;
  JsonObject *root = json_object_new ();
  JsonArray *sources = json_array_new ();
  JsonArray *array;
  g_autoptr(GPtrArray) view = NULL;

  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);

  json_object_set_int_member (root, "version", DSC_SNAPSHOT_JSON_VERSION);
  if (!canonical)
    dsc_json_set_time (root, "takenAt", snapshot->taken_at);
  dsc_json_set_string (root, "graphHost", snapshot->graph_host);

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      const DscSourceStatus *status = &snapshot->sources[i];
      JsonObject *source = json_object_new ();

      json_object_set_string_member (source, "id", dsc_source_to_string ((DscSource) i));
      json_object_set_string_member (source, "state",
                                     enum_name (source_state_names,
                                                G_N_ELEMENTS (source_state_names),
                                                status->state));
      dsc_json_set_string (source, "errorCode", status->error_code);
      dsc_json_set_string (source, "message", status->message);
      dsc_json_set_string (source, "requestId", status->request_id);
      json_array_add_object_element (sources, source);
    }
  json_object_set_array_member (root, "sources", sources);

  dsc_json_set_string (root, "tenantId", snapshot->tenant_id);
  dsc_json_set_string (root, "tenantName", snapshot->tenant_name);
  dsc_json_set_string (root, "initialDomain", snapshot->initial_domain);
  json_object_set_string_member (root, "syncState",
                                 enum_name (sync_state_names, G_N_ELEMENTS (sync_state_names),
                                            snapshot->sync_state));
  dsc_json_set_time (root, "lastSync", snapshot->last_sync);
  json_object_set_array_member (root, "verifiedDomains",
                                domains_to_json (snapshot->verified_domains, canonical));
  dsc_json_set_time (root, "lastPasswordSync", snapshot->last_password_sync);
  set_count (root, "quotaUsed", snapshot->quota_used);
  set_count (root, "quotaTotal", snapshot->quota_total);

  json_object_set_object_member (root, "settings",
                                 settings_to_json (&snapshot->settings, canonical));

  json_object_set_array_member (root, "domains", domains_to_json (snapshot->domains, canonical));

  array = json_array_new ();
  view = sorted_view (snapshot->identities, compare_identities, canonical);
  for (guint i = 0; i < view->len; i++)
    json_array_add_object_element (array, identity_to_json (g_ptr_array_index (view, i)));
  json_object_set_array_member (root, "identities", array);
  g_clear_pointer (&view, g_ptr_array_unref);

  array = json_array_new ();
  view = sorted_view (snapshot->services, compare_services, canonical);
  for (guint i = 0; i < view->len; i++)
    json_array_add_object_element (array,
                                   service_to_json (g_ptr_array_index (view, i), canonical));
  json_object_set_array_member (root, "services", array);
  g_clear_pointer (&view, g_ptr_array_unref);

  array = json_array_new ();
  view = sorted_view (snapshot->objects, compare_objects, canonical);
  for (guint i = 0; i < view->len; i++)
    json_array_add_object_element (array,
                                   object_to_json (g_ptr_array_index (view, i), canonical));
  json_object_set_array_member (root, "objects", array);
  g_clear_pointer (&view, g_ptr_array_unref);

  array = json_array_new ();
  view = sorted_view (snapshot->holders, compare_holders, canonical);
  for (guint i = 0; i < view->len; i++)
    {
      const DscValueHolder *h = g_ptr_array_index (view, i);
      JsonObject *holder = json_object_new ();

      dsc_json_set_string (holder, "property", h->property);
      dsc_json_set_string (holder, "value", h->value);
      if (h->object != NULL)
        json_object_set_object_member (holder, "object", object_to_json (h->object, canonical));
      else
        json_object_set_null_member (holder, "object");
      json_array_add_object_element (array, holder);
    }
  json_object_set_array_member (root, "holders", array);

  json_object_set_object_member (root, "cloudSync", cloud_sync_to_json (snapshot));
  if (snapshot->onprem_scan != NULL && snapshot->onprem_scan->findings != NULL)
    json_object_set_object_member (root, "onpremScan", onprem_scan_to_json (snapshot->onprem_scan));

  return node;
}

JsonNode *
dsc_snapshot_to_json (const DscSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return snapshot_to_node (snapshot, FALSE);
}

char *
dsc_snapshot_to_canonical_string (const DscSnapshot *snapshot)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);

  node = snapshot_to_node (snapshot, TRUE);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Reading
 *
 * Every reader records the path of the member it is looking at, so the
 * message names exactly what is wrong ("objects[3].errors"). Only the
 * first problem is reported: one is enough to discard the cache.
 */

typedef enum {
  PROBLEM_MISSING,
  PROBLEM_NOT_OBJECT,
  PROBLEM_NOT_ARRAY,
  PROBLEM_NOT_STRING,
  PROBLEM_NOT_INTEGER,
  PROBLEM_NOT_BOOLEAN,
  PROBLEM_NOT_TIME,
  PROBLEM_BAD_UTF8,
  PROBLEM_TOO_LONG,
  PROBLEM_UNKNOWN_VALUE,
  PROBLEM_OUT_OF_RANGE,
} Problem;

typedef struct {
  GString *path;
  GError **error;
} Reader;

static void
path_push_member (Reader *r,
                  const char *member)
{
  if (r->path->len > 0)
    g_string_append_c (r->path, '.');
  g_string_append (r->path, member);
}

static gboolean
fail (Reader *r,
      const char *member,
      Problem problem)
{
  const char *path;

  if (member != NULL)
    path_push_member (r, member);
  path = r->path->str;

  switch (problem)
    {
    case PROBLEM_MISSING:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is missing"), path);
      break;
    case PROBLEM_NOT_OBJECT:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not an object"), path);
      break;
    case PROBLEM_NOT_ARRAY:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not an array"), path);
      break;
    case PROBLEM_NOT_STRING:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not a string"), path);
      break;
    case PROBLEM_NOT_INTEGER:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not a whole number"), path);
      break;
    case PROBLEM_NOT_BOOLEAN:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not true or false"), path);
      break;
    case PROBLEM_NOT_TIME:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not a valid time"), path);
      break;
    case PROBLEM_BAD_UTF8:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is not valid UTF-8"), path);
      break;
    case PROBLEM_TOO_LONG:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is too long"), path);
      break;
    case PROBLEM_UNKNOWN_VALUE:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” has an unknown value"), path);
      break;
    case PROBLEM_OUT_OF_RANGE:
    default:
      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “%s” is out of range"), path);
      break;
    }

  return FALSE;
}

static gboolean
get_member (Reader *r,
            JsonObject *object,
            const char *member,
            JsonNode **out)
{
  *out = json_object_get_member (object, member);
  if (*out == NULL)
    return fail (r, member, PROBLEM_MISSING);
  return TRUE;
}

static gboolean
get_value (Reader *r,
           JsonObject *object,
           const char *member,
           GType type,
           Problem problem,
           JsonNode **out)
{
  if (!get_member (r, object, member, out))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (*out))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (*out) || json_node_get_value_type (*out) != type)
    return fail (r, member, problem);
  return TRUE;
}

static gboolean
check_text (Reader *r,
            const char *member,
            const char *text)
{
  if (strnlen (text, MAX_STRING_BYTES + 1) > MAX_STRING_BYTES)
    return fail (r, member, PROBLEM_TOO_LONG);
  if (!g_utf8_validate (text, -1, NULL))
    return fail (r, member, PROBLEM_BAD_UTF8);
  return TRUE;
}

/* Nullable strings: a JSON null reads as NULL. */
static gboolean
read_string (Reader *r,
             JsonObject *object,
             const char *member,
             char **out)
{
  JsonNode *node;
  const char *text;

  if (!get_value (r, object, member, G_TYPE_STRING, PROBLEM_NOT_STRING, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  text = json_node_get_string (node);
  if (text == NULL)
    return fail (r, member, PROBLEM_NOT_STRING);
  if (!check_text (r, member, text))
    return FALSE;

  g_free (*out);
  *out = g_strdup (text);
  return TRUE;
}

/* A JSON null reads as null_value; otherwise the value must lie in [min, max]. */
static gboolean
read_int (Reader *r,
          JsonObject *object,
          const char *member,
          gint64 null_value,
          gint64 min,
          gint64 max,
          gint64 *out)
{
  JsonNode *node;
  gint64 value;

  if (!get_value (r, object, member, G_TYPE_INT64, PROBLEM_NOT_INTEGER, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = null_value;
      return TRUE;
    }

  /* json-glib >= 1.8 (the Windows build has 1.10) saturates a literal that
   * overflows gint64 instead of wrapping it: treat the limits as overflow. */
  value = json_node_get_int (node);
  if (value < min || value > max || value == G_MAXINT64 || value == G_MININT64)
    return fail (r, member, PROBLEM_OUT_OF_RANGE);
  *out = value;
  return TRUE;
}

static gboolean
read_boolean (Reader *r,
              JsonObject *object,
              const char *member,
              gboolean *out)
{
  JsonNode *node;

  if (!get_value (r, object, member, G_TYPE_BOOLEAN, PROBLEM_NOT_BOOLEAN, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return fail (r, member, PROBLEM_NOT_BOOLEAN);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_tristate (Reader *r,
               JsonObject *object,
               const char *member,
               DscTristate *out)
{
  JsonNode *node;

  if (!get_value (r, object, member, G_TYPE_BOOLEAN, PROBLEM_NOT_BOOLEAN, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    *out = DSC_TRISTATE_UNKNOWN;
  else
    *out = json_node_get_boolean (node) ? DSC_TRISTATE_TRUE : DSC_TRISTATE_FALSE;
  return TRUE;
}

static gboolean
read_time (Reader *r,
           JsonObject *object,
           const char *member,
           gint64 *out)
{
  JsonNode *node;
  const char *text;

  if (!get_value (r, object, member, G_TYPE_STRING, PROBLEM_NOT_TIME, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }

  text = json_node_get_string (node);
  if (text == NULL || !g_utf8_validate (text, -1, NULL) || !dsc_parse_iso8601 (text, out))
    return fail (r, member, PROBLEM_NOT_TIME);
  return TRUE;
}

static gboolean
read_enum (Reader *r,
           JsonObject *object,
           const char *member,
           const char *const *names,
           guint n_names,
           int *out)
{
  JsonNode *node;
  const char *text;

  if (!get_value (r, object, member, G_TYPE_STRING, PROBLEM_NOT_STRING, &node))
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return fail (r, member, PROBLEM_NOT_STRING);

  text = json_node_get_string (node);
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return fail (r, member, PROBLEM_UNKNOWN_VALUE);
}

static gboolean
get_array (Reader *r,
           JsonObject *object,
           const char *member,
           JsonArray **out)
{
  JsonNode *node;

  if (!get_member (r, object, member, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (r, member, PROBLEM_NOT_ARRAY);
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_object (Reader *r,
            JsonObject *object,
            const char *member,
            JsonObject **out)
{
  JsonNode *node;

  if (!get_member (r, object, member, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, member, PROBLEM_NOT_OBJECT);
  *out = json_node_get_object (node);
  return TRUE;
}

/* Calls read_element for every element of the array member, with the path
 * pointing at "member[i]" meanwhile. Every element must be an object. */
typedef gboolean (*ReadElementFunc) (Reader *r, JsonObject *element, gpointer user_data);

static gboolean
read_array (Reader *r,
            JsonObject *object,
            const char *member,
            ReadElementFunc read_element,
            gpointer user_data)
{
  JsonArray *array;
  gsize base = r->path->len;
  guint len;

  if (!get_array (r, object, member, &array))
    return FALSE;

  path_push_member (r, member);
  len = json_array_get_length (array);
  for (guint i = 0; i < len; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gsize element_base = r->path->len;

      g_string_append_printf (r->path, "[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (r, NULL, PROBLEM_NOT_OBJECT);
      if (!read_element (r, json_node_get_object (element), user_data))
        return FALSE;
      g_string_truncate (r->path, element_base);
    }
  g_string_truncate (r->path, base);
  return TRUE;
}

static gboolean
read_error (Reader *r,
            JsonObject *element,
            gpointer user_data)
{
  DscDirectoryObject *o = user_data;
  g_autofree char *category = NULL;
  g_autofree char *property = NULL;
  g_autofree char *value = NULL;
  gint64 occurred = 0;

  if (!read_string (r, element, "category", &category) ||
      !read_string (r, element, "property", &property) ||
      !read_string (r, element, "value", &value) ||
      !read_time (r, element, "occurred", &occurred))
    return FALSE;

  dsc_directory_object_add_error (o, category, property, value, occurred);
  return TRUE;
}

static DscDirectoryObject *
read_object (Reader *r,
             JsonObject *element)
{
  g_autoptr(DscDirectoryObject) o = NULL;
  int kind = 0;

  if (!read_enum (r, element, "kind", object_kind_names, G_N_ELEMENTS (object_kind_names),
                  &kind))
    return NULL;

  o = dsc_directory_object_new ((DscObjectKind) kind);
  if (!read_string (r, element, "id", &o->id) ||
      !read_string (r, element, "displayName", &o->display_name) ||
      !read_string (r, element, "userPrincipalName", &o->user_principal_name) ||
      !read_string (r, element, "mail", &o->mail) ||
      /* Absent in snapshots saved before it was read. */
      (json_object_has_member (element, "userType")
       && !read_string (r, element, "userType", &o->user_type)) ||
      !read_tristate (r, element, "onPremisesSyncEnabled", &o->on_premises_sync) ||
      !read_array (r, element, "errors", read_error, o))
    return NULL;

  return g_steal_pointer (&o);
}

static gboolean
read_object_element (Reader *r,
                     JsonObject *element,
                     gpointer user_data)
{
  GPtrArray *objects = user_data;
  DscDirectoryObject *o = read_object (r, element);

  if (o == NULL)
    return FALSE;
  g_ptr_array_add (objects, o);
  return TRUE;
}

static gboolean
read_holder (Reader *r,
             JsonObject *element,
             gpointer user_data)
{
  GPtrArray *holders = user_data;
  g_autofree char *property = NULL;
  g_autofree char *value = NULL;
  g_autoptr(DscDirectoryObject) o = NULL;
  JsonNode *node;

  if (!read_string (r, element, "property", &property) ||
      !read_string (r, element, "value", &value) ||
      !get_member (r, element, "object", &node))
    return FALSE;

  if (!JSON_NODE_HOLDS_NULL (node))
    {
      gsize base = r->path->len;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (r, "object", PROBLEM_NOT_OBJECT);
      path_push_member (r, "object");
      o = read_object (r, json_node_get_object (node));
      if (o == NULL)
        return FALSE;
      g_string_truncate (r->path, base);
    }

  g_ptr_array_add (holders, dsc_value_holder_new (property, value, o));
  return TRUE;
}

static gboolean
read_domain (Reader *r,
             JsonObject *element,
             gpointer user_data)
{
  GPtrArray *domains = user_data;
  g_autoptr(DscDomainAuto) d = dsc_domain_new (NULL);

  if (!read_string (r, element, "name", &d->name) ||
      !read_boolean (r, element, "isVerified", &d->is_verified) ||
      !read_boolean (r, element, "isDefault", &d->is_default) ||
      !read_boolean (r, element, "isInitial", &d->is_initial) ||
      !read_string (r, element, "authenticationType", &d->authentication_type))
    return FALSE;

  g_ptr_array_add (domains, g_steal_pointer (&d));
  return TRUE;
}

static gboolean
read_identity (Reader *r,
               JsonObject *element,
               gpointer user_data)
{
  GPtrArray *identities = user_data;
  g_autoptr(DscSyncIdentityAuto) id = NULL;
  int kind = 0;

  if (!read_enum (r, element, "kind", identity_kind_names, G_N_ELEMENTS (identity_kind_names),
                  &kind))
    return FALSE;

  id = dsc_sync_identity_new ((DscIdentityKind) kind);
  if (!read_string (r, element, "id", &id->id) ||
      !read_string (r, element, "displayName", &id->display_name) ||
      !read_string (r, element, "userPrincipalName", &id->user_principal_name) ||
      !read_tristate (r, element, "accountEnabled", &id->account_enabled) ||
      !read_time (r, element, "created", &id->created))
    return FALSE;

  g_ptr_array_add (identities, g_steal_pointer (&id));
  return TRUE;
}

static gboolean
read_issue (Reader *r,
            JsonObject *element,
            gpointer user_data)
{
  GPtrArray *issues = user_data;
  g_autoptr(DscHealthIssueAuto) issue = dsc_health_issue_new ();

  if (!read_string (r, element, "id", &issue->id) ||
      !read_string (r, element, "title", &issue->title) ||
      !read_string (r, element, "classification", &issue->classification) ||
      !read_string (r, element, "status", &issue->status) ||
      !read_string (r, element, "feature", &issue->feature) ||
      !read_string (r, element, "featureGroup", &issue->feature_group) ||
      !read_string (r, element, "impactDescription", &issue->impact_description) ||
      !read_boolean (r, element, "isResolved", &issue->is_resolved) ||
      !read_time (r, element, "start", &issue->start) ||
      !read_time (r, element, "lastModified", &issue->last_modified))
    return FALSE;

  g_ptr_array_add (issues, g_steal_pointer (&issue));
  return TRUE;
}

static gboolean
read_service (Reader *r,
              JsonObject *element,
              gpointer user_data)
{
  GPtrArray *services = user_data;
  g_autoptr(DscServiceHealthAuto) service = dsc_service_health_new ();

  if (!read_string (r, element, "id", &service->id) ||
      !read_string (r, element, "service", &service->service) ||
      !read_string (r, element, "status", &service->status) ||
      !read_array (r, element, "issues", read_issue, service->issues))
    return FALSE;

  g_ptr_array_add (services, g_steal_pointer (&service));
  return TRUE;
}

static gboolean
read_feature (Reader *r,
              JsonObject *element,
              gpointer user_data)
{
  GArray *features = user_data;
  DscSyncFeature feature = { NULL, FALSE };

  if (!read_string (r, element, "name", &feature.name))
    return FALSE;
  if (!read_boolean (r, element, "enabled", &feature.enabled))
    {
      g_free (feature.name);
      return FALSE;
    }

  g_array_append_val (features, feature);
  return TRUE;
}

static gboolean
read_settings (Reader *r,
               JsonObject *object,
               DscSyncSettings *s)
{
  gint64 threshold = -1;

  if (!read_tristate (r, object, "passwordSyncEnabled", &s->password_sync_enabled) ||
      !read_tristate (r, object, "blockSoftMatch", &s->block_soft_match) ||
      !read_tristate (r, object, "blockHardMatchTakeover", &s->block_hard_match_takeover) ||
      !read_tristate (r, object, "quarantineUpnConflicts", &s->quarantine_upn_conflicts) ||
      !read_tristate (r, object, "quarantineProxyConflicts", &s->quarantine_proxy_conflicts) ||
      !read_array (r, object, "features", read_feature, s->features) ||
      !read_string (r, object, "accidentalDeletionType", &s->accidental_deletion_type) ||
      !read_int (r, object, "accidentalDeletionThreshold", -1, 0, G_MAXINT, &threshold) ||
      !read_int (r, object, "syncInterval", 0, 1, G_MAXINT64, &s->sync_interval) ||
      !read_int (r, object, "customerSyncInterval", 0, 1, G_MAXINT64,
                 &s->customer_sync_interval) ||
      !read_string (r, object, "clientVersion", &s->client_version) ||
      !read_string (r, object, "anchorAttribute", &s->anchor_attribute) ||
      !read_string (r, object, "applicationId", &s->application_id) ||
      !read_string (r, object, "clientMachineName", &s->client_machine_name) ||
      !read_string (r, object, "serviceAccount", &s->service_account) ||
      !read_int (r, object, "pendingAdditions", -1, 0, G_MAXINT64, &s->pending_additions) ||
      !read_int (r, object, "pendingUpdates", -1, 0, G_MAXINT64, &s->pending_updates) ||
      !read_int (r, object, "pendingDeletions", -1, 0, G_MAXINT64, &s->pending_deletions) ||
      !read_int (r, object, "connectorSpaceObjects", -1, 0, G_MAXINT64,
                 &s->connector_space_objects))
    return FALSE;

  s->accidental_deletion_threshold = (gint) threshold;
  g_array_sort (s->features, compare_features);
  return TRUE;
}

static gboolean
read_source (Reader *r,
             JsonObject *element,
             gpointer user_data)
{
  DscSnapshot *snapshot = user_data;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;
  const char *source_names[DSC_N_SOURCES];
  int source = 0;
  int state = 0;

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    source_names[i] = dsc_source_to_string ((DscSource) i);

  if (!read_enum (r, element, "id", source_names, DSC_N_SOURCES, &source) ||
      !read_enum (r, element, "state", source_state_names, G_N_ELEMENTS (source_state_names),
                  &state) ||
      !read_string (r, element, "errorCode", &code) ||
      !read_string (r, element, "message", &message) ||
      !read_string (r, element, "requestId", &request_id))
    return FALSE;

  dsc_snapshot_set_source (snapshot, (DscSource) source, (DscSourceState) state,
                           code, message, request_id);
  return TRUE;
}

/* Cloud Sync */

typedef DscCloudSyncConfig DscCloudSyncConfigAuto;
typedef DscCloudSyncJob DscCloudSyncJobAuto;
typedef DscCloudSyncAgent DscCloudSyncAgentAuto;
typedef DscCloudSyncObjectError DscCloudSyncObjectErrorAuto;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscCloudSyncConfigAuto, dsc_cloud_sync_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscCloudSyncJobAuto, dsc_cloud_sync_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscCloudSyncAgentAuto, dsc_cloud_sync_agent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscCloudSyncObjectErrorAuto, dsc_cloud_sync_object_error_free)

static gboolean
read_execution (Reader *r,
                JsonObject *parent,
                const char *member,
                DscCloudSyncExecution *e)
{
  JsonObject *object;
  gsize base = r->path->len;

  if (!get_object (r, parent, member, &object))
    return FALSE;
  path_push_member (r, member);
  if (!read_string (r, object, "state", &e->state) ||
      !read_time (r, object, "began", &e->began) ||
      !read_time (r, object, "ended", &e->ended) ||
      !read_int (r, object, "imported", -1, 0, G_MAXINT64, &e->count_imported) ||
      !read_int (r, object, "exported", -1, 0, G_MAXINT64, &e->count_exported) ||
      !read_int (r, object, "escrowed", -1, 0, G_MAXINT64, &e->count_escrowed) ||
      !read_string (r, object, "errorCode", &e->error_code) ||
      !read_string (r, object, "errorMessage", &e->error_message))
    return FALSE;
  g_string_truncate (r->path, base);
  return TRUE;
}

static gboolean
read_cloud_job (Reader *r,
                JsonObject *element,
                gpointer user_data)
{
  GPtrArray *jobs = user_data;
  g_autoptr(DscCloudSyncJobAuto) job = dsc_cloud_sync_job_new ();

  if (!read_string (r, element, "id", &job->id) ||
      !read_string (r, element, "templateId", &job->template_id) ||
      !read_string (r, element, "scheduleState", &job->schedule_state) ||
      !read_string (r, element, "statusCode", &job->status_code) ||
      !read_int (r, element, "successiveFailures", -1, 0, G_MAXINT64,
                 &job->successive_failures) ||
      !read_tristate (r, element, "escrowsPruned", &job->escrows_pruned) ||
      !read_execution (r, element, "lastExecution", &job->last_execution) ||
      !read_execution (r, element, "lastSuccessfulExecution", &job->last_successful) ||
      !read_time (r, element, "steadyStateTime", &job->steady_state_time) ||
      !read_string (r, element, "troubleshootingUrl", &job->troubleshooting_url) ||
      !read_string (r, element, "quarantineReason", &job->quarantine_reason) ||
      !read_time (r, element, "quarantineSeriesBegan", &job->quarantine_series_began) ||
      !read_time (r, element, "quarantineCurrentBegan", &job->quarantine_current_began) ||
      !read_time (r, element, "quarantineNextAttempt", &job->quarantine_next_attempt) ||
      !read_int (r, element, "quarantineSeriesCount", -1, 0, G_MAXINT64,
                 &job->quarantine_series_count) ||
      !read_string (r, element, "quarantineErrorCode", &job->quarantine_error_code) ||
      !read_string (r, element, "quarantineErrorMessage", &job->quarantine_error_message))
    return FALSE;
  g_ptr_array_add (jobs, g_steal_pointer (&job));
  return TRUE;
}

static gboolean
read_cloud_config (Reader *r,
                   JsonObject *element,
                   gpointer user_data)
{
  GPtrArray *configs = user_data;
  g_autoptr(DscCloudSyncConfigAuto) config = dsc_cloud_sync_config_new ();

  if (!read_string (r, element, "id", &config->id) ||
      !read_string (r, element, "appId", &config->app_id) ||
      !read_string (r, element, "displayName", &config->display_name) ||
      !read_boolean (r, element, "jobsRead", &config->jobs_read) ||
      !read_array (r, element, "jobs", read_cloud_job, config->jobs))
    return FALSE;
  g_ptr_array_add (configs, g_steal_pointer (&config));
  return TRUE;
}

static gboolean
read_cloud_agent (Reader *r,
                  JsonObject *element,
                  gpointer user_data)
{
  GPtrArray *agents = user_data;
  g_autoptr(DscCloudSyncAgentAuto) agent = dsc_cloud_sync_agent_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *groups;

  if (!read_string (r, element, "id", &agent->id) ||
      !read_string (r, element, "machineName", &agent->machine_name) ||
      !read_string (r, element, "externalIp", &agent->external_ip) ||
      !read_string (r, element, "status", &agent->status) ||
      !read_string (r, element, "version", &agent->version) ||
      !get_array (r, element, "groups", &groups))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          (text = json_node_get_string (node)) == NULL)
        return fail (r, "groups", PROBLEM_NOT_STRING);
      if (!check_text (r, "groups", text))
        return FALSE;
      g_strv_builder_add (builder, text);
    }
  agent->groups = g_strv_builder_end (builder);
  g_ptr_array_add (agents, g_steal_pointer (&agent));
  return TRUE;
}

static gboolean
read_cloud_error (Reader *r,
                  JsonObject *element,
                  gpointer user_data)
{
  GPtrArray *errors = user_data;
  g_autoptr(DscCloudSyncObjectErrorAuto) e = dsc_cloud_sync_object_error_new ();

  if (!read_string (r, element, "id", &e->id) ||
      !read_time (r, element, "time", &e->time) ||
      !read_string (r, element, "jobId", &e->job_id) ||
      !read_string (r, element, "configurationId", &e->config_id) ||
      !read_string (r, element, "action", &e->action) ||
      !read_string (r, element, "sourceName", &e->source_name) ||
      !read_string (r, element, "sourceId", &e->source_id) ||
      !read_string (r, element, "sourceType", &e->source_type) ||
      !read_string (r, element, "targetName", &e->target_name) ||
      !read_string (r, element, "errorCode", &e->error_code) ||
      !read_string (r, element, "errorCategory", &e->error_category) ||
      !read_string (r, element, "reason", &e->reason) ||
      !read_string (r, element, "recommendedAction", &e->recommended_action))
    return FALSE;
  g_ptr_array_add (errors, g_steal_pointer (&e));
  return TRUE;
}

/* Optional: a cache written before Cloud Sync was read has no such member,
 * and its Cloud Sync sources stay "not read". */
static gboolean
read_cloud_sync (Reader *r,
                 JsonObject *root,
                 DscSnapshot *snapshot)
{
  JsonObject *object;

  if (!json_object_has_member (root, "cloudSync"))
    return TRUE;
  if (!get_object (r, root, "cloudSync", &object))
    return FALSE;
  path_push_member (r, "cloudSync");
  if (!read_array (r, object, "configurations", read_cloud_config, snapshot->cloud_configs) ||
      !read_array (r, object, "agents", read_cloud_agent, snapshot->cloud_agents) ||
      !read_array (r, object, "objectErrors", read_cloud_error, snapshot->cloud_errors))
    return FALSE;
  g_string_truncate (r->path, 0);
  return TRUE;
}

/* An array of strings into out (appended). */
static gboolean
read_strings (Reader *r, JsonObject *object, const char *member, GPtrArray *out)
{
  JsonArray *array;

  if (!get_array (r, object, member, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          (text = json_node_get_string (node)) == NULL)
        return fail (r, member, PROBLEM_NOT_STRING);
      if (!check_text (r, member, text))
        return FALSE;
      g_ptr_array_add (out, g_strdup (text));
    }
  return TRUE;
}

static gboolean
read_onprem_finding (Reader *r, JsonObject *element, gpointer user_data)
{
  GPtrArray *findings = user_data;
  g_autoptr(DscOnpremFinding) f = g_new0 (DscOnpremFinding, 1);
  static const char *const severity_names[] = { "warning", "error" };
  int kind = 0, rule = 0, severity = 0;

  if (!read_string (r, element, "dn", &f->dn) ||
      !read_enum (r, element, "kind", onprem_kind_names, G_N_ELEMENTS (onprem_kind_names), &kind) ||
      !read_string (r, element, "attribute", &f->attribute) ||
      !read_string (r, element, "value", &f->value) ||
      !read_enum (r, element, "rule", onprem_rule_names, G_N_ELEMENTS (onprem_rule_names), &rule) ||
      !read_enum (r, element, "severity", severity_names, G_N_ELEMENTS (severity_names),
                  &severity) ||
      !read_string (r, element, "message", &f->message) ||
      !read_string (r, element, "fix", &f->fix) ||
      !read_boolean (r, element, "failsInCloud", &f->fails_in_cloud))
    return FALSE;
  if (f->dn == NULL || f->attribute == NULL || f->message == NULL)
    return fail (r, "dn", PROBLEM_NOT_STRING);
  f->kind = (DscOnpremKind) kind;
  f->rule = onprem_rule_names[rule];
  f->severity = (DscOnpremSeverity) severity;
  g_ptr_array_add (findings, g_steal_pointer (&f));
  return TRUE;
}

static gboolean
read_onprem_match (Reader *r, JsonObject *element, gpointer user_data)
{
  GPtrArray *matches = user_data;
  DscOnpremCloudMatch *m = g_new0 (DscOnpremCloudMatch, 1);
  int kind = 0;

  m->dns = g_ptr_array_new_with_free_func (g_free);
  if (!read_string (r, element, "cloudObjectId", &m->cloud_object_id) ||
      !read_string (r, element, "cloudDisplayName", &m->cloud_display_name) ||
      !read_enum (r, element, "cloudKind", object_kind_names, G_N_ELEMENTS (object_kind_names),
                  &kind) ||
      !read_string (r, element, "property", &m->property) ||
      !read_string (r, element, "value", &m->value) ||
      !read_strings (r, element, "dns", m->dns))
    {
      dsc_onprem_cloud_match_free (m);
      return FALSE;
    }
  m->cloud_kind = (DscObjectKind) kind;
  g_ptr_array_add (matches, m);
  return TRUE;
}

/* Optional: absent when never scanned (and in caches written before). */
static gboolean
read_onprem_scan (Reader *r, JsonObject *root, DscSnapshot *snapshot)
{
  g_autoptr(DscOnpremScanResult) scan = NULL;
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;
  gint64 read_count = 0, skipped = 0;

  if (!json_object_has_member (root, "onpremScan"))
    return TRUE;
  if (!get_object (r, root, "onpremScan", &object))
    return FALSE;
  path_push_member (r, "onpremScan");
  scan = dsc_onprem_scan_result_new ();
  scan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  if (!read_string (r, object, "source", &scan->source) ||
      !read_strings (r, object, "bases", bases) ||
      !read_time (r, object, "scannedAt", &scan->scanned_at) ||
      !read_int (r, object, "objectsRead", 0, 0, G_MAXUINT, &read_count) ||
      !read_int (r, object, "objectsSkipped", 0, 0, G_MAXUINT, &skipped) ||
      !read_string (r, object, "cloudError", &scan->cloud_error) ||
      !read_array (r, object, "findings", read_onprem_finding, scan->findings))
    return FALSE;
  if (json_object_has_member (object, "cloud") &&
      !json_object_get_null_member (object, "cloud"))
    {
      scan->cloud = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_cloud_match_free);
      if (!read_array (r, object, "cloud", read_onprem_match, scan->cloud))
        return FALSE;
    }
  scan->objects_read = (guint) read_count;
  scan->objects_skipped = (guint) skipped;
  if (bases->len > 0)
    {
      g_ptr_array_add (bases, NULL);
      scan->bases = (char **) g_ptr_array_steal (bases, NULL);
    }
  snapshot->onprem_scan = g_steal_pointer (&scan);
  g_string_truncate (r->path, 0);
  return TRUE;
}

static gboolean
read_snapshot (Reader *r,
               JsonObject *root,
               DscSnapshot *snapshot)
{
  JsonNode *node;
  JsonObject *settings;
  int sync_state = 0;

  /* Check the version first: a newer layout is expected to fail below,
   * and "unsupported version" is the message that explains why. */
  if (!get_member (r, root, "version", &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r, "version", PROBLEM_NOT_INTEGER);
  if (json_node_get_int (node) != DSC_SNAPSHOT_JSON_VERSION)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cached snapshot is unreadable: “version” %s is not supported "
                     "(expected %d)"),
                   found, DSC_SNAPSHOT_JSON_VERSION);
      return FALSE;
    }

  if (!read_time (r, root, "takenAt", &snapshot->taken_at) ||
      !read_string (r, root, "graphHost", &snapshot->graph_host) ||
      !read_array (r, root, "sources", read_source, snapshot) ||
      !read_string (r, root, "tenantId", &snapshot->tenant_id) ||
      !read_string (r, root, "tenantName", &snapshot->tenant_name) ||
      !read_string (r, root, "initialDomain", &snapshot->initial_domain) ||
      !read_enum (r, root, "syncState", sync_state_names, G_N_ELEMENTS (sync_state_names),
                  &sync_state) ||
      !read_time (r, root, "lastSync", &snapshot->last_sync) ||
      !read_array (r, root, "verifiedDomains", read_domain, snapshot->verified_domains) ||
      !read_time (r, root, "lastPasswordSync", &snapshot->last_password_sync) ||
      !read_int (r, root, "quotaUsed", -1, 0, G_MAXINT64, &snapshot->quota_used) ||
      !read_int (r, root, "quotaTotal", -1, 0, G_MAXINT64, &snapshot->quota_total) ||
      !get_object (r, root, "settings", &settings))
    return FALSE;

  snapshot->sync_state = (DscSyncState) sync_state;

  path_push_member (r, "settings");
  if (!read_settings (r, settings, &snapshot->settings))
    return FALSE;
  g_string_truncate (r->path, 0);

  return read_array (r, root, "domains", read_domain, snapshot->domains) &&
         read_array (r, root, "identities", read_identity, snapshot->identities) &&
         read_array (r, root, "services", read_service, snapshot->services) &&
         read_array (r, root, "objects", read_object_element, snapshot->objects) &&
         read_array (r, root, "holders", read_holder, snapshot->holders) &&
         read_cloud_sync (r, root, snapshot) &&
         read_onprem_scan (r, root, snapshot);
}

DscSnapshot *
dsc_snapshot_from_json (JsonNode *node,
                        GError **error)
{
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GString) path = NULL;
  Reader r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Cached snapshot is unreadable: it is not a JSON object"));
      return NULL;
    }

  path = g_string_new (NULL);
  r.path = path;
  r.error = error;

  snapshot = dsc_snapshot_new ();
  if (!read_snapshot (&r, json_node_get_object (node), snapshot))
    {
      /* Every failure sets the error; this only guards a missed one. */
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("Cached snapshot is unreadable"));
      return NULL;
    }

  dsc_snapshot_sort (snapshot);
  return g_steal_pointer (&snapshot);
}

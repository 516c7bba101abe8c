/* dsc-snapshot.c — construction and lifetime of snapshots and their parts.
 *
 * The collector fills a snapshot through these helpers; once handed over it is
 * only read, so sharing it between threads needs nothing but atomic refcounts.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-snapshot.h"

G_DEFINE_BOXED_TYPE (DscSnapshot, dsc_snapshot, dsc_snapshot_ref, dsc_snapshot_unref)
G_DEFINE_BOXED_TYPE (DscDirectoryObject, dsc_directory_object,
                     dsc_directory_object_ref, dsc_directory_object_unref)

/* Directory objects */

DscDirectoryObject *
dsc_directory_object_new (DscObjectKind kind)
{
  DscDirectoryObject *self = g_new0 (DscDirectoryObject, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->on_premises_sync = DSC_TRISTATE_UNKNOWN;
  return self;
}

DscDirectoryObject *
dsc_directory_object_ref (DscDirectoryObject *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
provisioning_error_clear (DscProvisioningError *error)
{
  g_clear_pointer (&error->category, g_free);
  g_clear_pointer (&error->property, g_free);
  g_clear_pointer (&error->value, g_free);
}

void
dsc_directory_object_unref (DscDirectoryObject *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_errors; i++)
    provisioning_error_clear (&self->errors[i]);
  g_free (self->errors);
  g_free (self->id);
  g_free (self->display_name);
  g_free (self->user_principal_name);
  g_free (self->mail);
  g_free (self->user_type);
  g_free (self);
}

void
dsc_directory_object_add_error (DscDirectoryObject *self,
                                const char *category,
                                const char *property,
                                const char *value,
                                gint64 occurred)
{
  DscProvisioningError *error;

  g_return_if_fail (self != NULL);

  /* Objects carry one or two errors in practice: growing by one is fine. */
  self->errors = g_renew (DscProvisioningError, self->errors, self->n_errors + 1);
  error = &self->errors[self->n_errors++];
  error->category = g_strdup (category);
  error->property = g_strdup (property);
  error->value = g_strdup (value);
  error->occurred = occurred;
}

/* Small owned structs */

DscDomain *
dsc_domain_new (const char *name)
{
  DscDomain *self = g_new0 (DscDomain, 1);

  self->name = g_strdup (name);
  return self;
}

void
dsc_domain_free (DscDomain *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->authentication_type);
  g_free (self);
}

DscSyncIdentity *
dsc_sync_identity_new (DscIdentityKind kind)
{
  DscSyncIdentity *self = g_new0 (DscSyncIdentity, 1);

  self->kind = kind;
  self->account_enabled = DSC_TRISTATE_UNKNOWN;
  return self;
}

void
dsc_sync_identity_free (DscSyncIdentity *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->display_name);
  g_free (self->user_principal_name);
  g_free (self);
}

DscHealthIssue *
dsc_health_issue_new (void)
{
  return g_new0 (DscHealthIssue, 1);
}

void
dsc_health_issue_free (DscHealthIssue *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->classification);
  g_free (self->status);
  g_free (self->feature);
  g_free (self->feature_group);
  g_free (self->impact_description);
  g_free (self);
}

DscServiceHealth *
dsc_service_health_new (void)
{
  DscServiceHealth *self = g_new0 (DscServiceHealth, 1);

  self->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_health_issue_free);
  return self;
}

void
dsc_service_health_free (DscServiceHealth *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->service);
  g_free (self->status);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_free (self);
}

DscValueHolder *
dsc_value_holder_new (const char *property,
                      const char *value,
                      DscDirectoryObject *object)
{
  DscValueHolder *self = g_new0 (DscValueHolder, 1);

  self->property = g_strdup (property);
  self->value = g_strdup (value);
  self->object = object != NULL ? dsc_directory_object_ref (object) : NULL;
  return self;
}

void
dsc_value_holder_free (DscValueHolder *self)
{
  if (self == NULL)
    return;
  g_free (self->property);
  g_free (self->value);
  g_clear_pointer (&self->object, dsc_directory_object_unref);
  g_free (self);
}

/* Snapshot */

static void
sync_feature_clear (gpointer data)
{
  DscSyncFeature *feature = data;

  g_clear_pointer (&feature->name, g_free);
}

static void
sync_settings_init (DscSyncSettings *settings)
{
  settings->password_sync_enabled = DSC_TRISTATE_UNKNOWN;
  settings->block_soft_match = DSC_TRISTATE_UNKNOWN;
  settings->block_hard_match_takeover = DSC_TRISTATE_UNKNOWN;
  settings->quarantine_upn_conflicts = DSC_TRISTATE_UNKNOWN;
  settings->quarantine_proxy_conflicts = DSC_TRISTATE_UNKNOWN;
  settings->features = g_array_new (FALSE, TRUE, sizeof (DscSyncFeature));
  g_array_set_clear_func (settings->features, sync_feature_clear);
  settings->accidental_deletion_threshold = -1;
  settings->pending_additions = -1;
  settings->pending_updates = -1;
  settings->pending_deletions = -1;
  settings->connector_space_objects = -1;
}

static void
sync_settings_clear (DscSyncSettings *settings)
{
  g_clear_pointer (&settings->features, g_array_unref);
  g_clear_pointer (&settings->accidental_deletion_type, g_free);
  g_clear_pointer (&settings->client_version, g_free);
  g_clear_pointer (&settings->anchor_attribute, g_free);
  g_clear_pointer (&settings->application_id, g_free);
  g_clear_pointer (&settings->client_machine_name, g_free);
  g_clear_pointer (&settings->service_account, g_free);
}

static void
source_status_clear (DscSourceStatus *status)
{
  g_clear_pointer (&status->error_code, g_free);
  g_clear_pointer (&status->message, g_free);
  g_clear_pointer (&status->request_id, g_free);
}

DscSnapshot *
dsc_snapshot_new (void)
{
  DscSnapshot *self = g_new0 (DscSnapshot, 1);

  g_atomic_ref_count_init (&self->ref_count);
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    self->sources[i].state = DSC_SOURCE_STATE_NOT_READ;
  self->sync_state = DSC_SYNC_STATE_UNKNOWN;
  self->quota_used = -1;
  self->quota_total = -1;
  sync_settings_init (&self->settings);

  self->verified_domains = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_domain_free);
  self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_domain_free);
  self->identities =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_sync_identity_free);
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_service_health_free);
  self->objects =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
  self->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_value_holder_free);
  self->cloud_configs =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_config_free);
  self->cloud_agents =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_agent_free);
  self->cloud_errors =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_object_error_free);

  return self;
}

DscSnapshot *
dsc_snapshot_ref (DscSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dsc_snapshot_unref (DscSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    source_status_clear (&self->sources[i]);
  g_free (self->graph_host);
  g_free (self->tenant_id);
  g_free (self->tenant_name);
  g_free (self->initial_domain);
  sync_settings_clear (&self->settings);
  g_clear_pointer (&self->verified_domains, g_ptr_array_unref);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  /* Holders before objects: both only hold references, but this keeps
   * the last unref of a shared object in one predictable place. */
  g_clear_pointer (&self->holders, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->cloud_configs, g_ptr_array_unref);
  g_clear_pointer (&self->cloud_agents, g_ptr_array_unref);
  g_clear_pointer (&self->cloud_errors, g_ptr_array_unref);
  g_clear_pointer (&self->onprem_scan, dsc_onprem_scan_result_free);
  g_free (self);
}

void
dsc_snapshot_set_source (DscSnapshot *self,
                         DscSource source,
                         DscSourceState state,
                         const char *error_code,
                         const char *message,
                         const char *request_id)
{
  DscSourceStatus *status;
  char *new_code, *new_message, *new_request_id;

  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) source < DSC_N_SOURCES);

  /* Duplicate first: a caller may pass back strings it read from this slot. */
  new_code = g_strdup (error_code);
  new_message = g_strdup (message);
  new_request_id = g_strdup (request_id);

  status = &self->sources[source];
  source_status_clear (status);
  status->state = state;
  status->error_code = new_code;
  status->message = new_message;
  status->request_id = new_request_id;
}

gboolean
dsc_snapshot_source_ok (const DscSnapshot *self,
                        DscSource source)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) source < DSC_N_SOURCES, FALSE);

  return self->sources[source].state == DSC_SOURCE_STATE_OK;
}

/* The object list's order, with each display name case-folded once
 * beforehand rather than twice per comparison. */
typedef struct {
  DscDirectoryObject *object;
  char *name;                   /* casefolded display name, or NULL */
} ObjectSortKey;

static int
compare_object_keys (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const ObjectSortKey *ka = a;
  const ObjectSortKey *kb = b;
  int cmp;

  if (ka->object->kind != kb->object->kind)
    return ka->object->kind < kb->object->kind ? -1 : 1;

  /* Casefold so "alice" and "Alice" sit together, as an admin expects. */
  cmp = g_strcmp0 (ka->name, kb->name);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (ka->object->id, kb->object->id);
}

static void
sort_objects (GPtrArray *objects)
{
  guint n = objects->len;
  ObjectSortKey *keys = g_new (ObjectSortKey, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (objects, i);

      keys[i].object = object;
      keys[i].name = object->display_name != NULL ? dsc_casefold (object->display_name) : NULL;
    }
  /* The same stable merge sort g_ptr_array_sort () uses. */
  g_qsort_with_data (keys, (gint) n, sizeof *keys, compare_object_keys, NULL);
  for (guint i = 0; i < n; i++)
    {
      objects->pdata[i] = keys[i].object;
      g_free (keys[i].name);
    }
  g_free (keys);
}

static int
compare_cloud_configs (gconstpointer a,
                       gconstpointer b)
{
  const DscCloudSyncConfig *ca = *(DscCloudSyncConfig * const *) a;
  const DscCloudSyncConfig *cb = *(DscCloudSyncConfig * const *) b;
  int cmp = g_strcmp0 (ca->display_name, cb->display_name);

  return cmp != 0 ? cmp : g_strcmp0 (ca->id, cb->id);
}

static int
compare_cloud_jobs (gconstpointer a,
                    gconstpointer b)
{
  const DscCloudSyncJob *ja = *(DscCloudSyncJob * const *) a;
  const DscCloudSyncJob *jb = *(DscCloudSyncJob * const *) b;
  int cmp = g_strcmp0 (ja->template_id, jb->template_id);

  return cmp != 0 ? cmp : g_strcmp0 (ja->id, jb->id);
}

static int
compare_cloud_agents (gconstpointer a,
                      gconstpointer b)
{
  const DscCloudSyncAgent *aa = *(DscCloudSyncAgent * const *) a;
  const DscCloudSyncAgent *ab = *(DscCloudSyncAgent * const *) b;
  int cmp = g_strcmp0 (aa->machine_name, ab->machine_name);

  return cmp != 0 ? cmp : g_strcmp0 (aa->id, ab->id);
}

/* Newest first; ties by id so the order is stable. */
static int
compare_cloud_errors (gconstpointer a,
                      gconstpointer b)
{
  const DscCloudSyncObjectError *ea = *(DscCloudSyncObjectError * const *) a;
  const DscCloudSyncObjectError *eb = *(DscCloudSyncObjectError * const *) b;

  if (ea->time != eb->time)
    return ea->time > eb->time ? -1 : 1;
  return g_strcmp0 (ea->id, eb->id);
}

/* Holders arrive in whatever order the lookups answered: sort them so every
 * report of the same tenant lists them the same way. */
static int
compare_holders (gconstpointer a,
                 gconstpointer b)
{
  const DscValueHolder *ha = *(DscValueHolder * const *) a;
  const DscValueHolder *hb = *(DscValueHolder * const *) b;
  int cmp = g_strcmp0 (ha->property, hb->property);

  if (cmp == 0)
    cmp = g_strcmp0 (ha->value, hb->value);
  if (cmp == 0 && ha->object != NULL && hb->object != NULL)
    cmp = g_strcmp0 (ha->object->id, hb->object->id);
  return cmp;
}

char *
dsc_casefold (const char *text)
{
  gsize len = strlen (text);
  char *folded = g_malloc (len + 1);

  /* Almost every name and address is ASCII, where case folding is lowering
   * ASCII letters: that is a tenth of the cost of the full Unicode fold. */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x80)
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);

          g_free (folded);
          return g_utf8_casefold (valid, -1);
        }
      folded[i] = (char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
  folded[len] = '\0';
  return folded;
}

char *
dsc_normalize_conflict_value (const char *property, const char *value)
{
  const char *v = value != NULL ? value : "";

  if (g_strcmp0 (property, "ProxyAddress") == 0 && g_ascii_strncasecmp (v, "smtp:", 5) == 0)
    v += 5;
  return dsc_casefold (v);
}

void
dsc_snapshot_sort (DscSnapshot *self)
{
  g_return_if_fail (self != NULL);

  sort_objects (self->objects);
  g_ptr_array_sort (self->holders, compare_holders);
  g_ptr_array_sort (self->cloud_configs, compare_cloud_configs);
  for (guint i = 0; i < self->cloud_configs->len; i++)
    {
      DscCloudSyncConfig *config = g_ptr_array_index (self->cloud_configs, i);
      g_ptr_array_sort (config->jobs, compare_cloud_jobs);
    }
  g_ptr_array_sort (self->cloud_agents, compare_cloud_agents);
  g_ptr_array_sort (self->cloud_errors, compare_cloud_errors);
}

/* Cloud Sync */

DscCloudSyncConfig *
dsc_cloud_sync_config_new (void)
{
  DscCloudSyncConfig *self = g_new0 (DscCloudSyncConfig, 1);

  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_job_free);
  return self;
}

void
dsc_cloud_sync_config_free (DscCloudSyncConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->app_id);
  g_free (self->display_name);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_free (self);
}

static void
execution_init (DscCloudSyncExecution *execution)
{
  execution->count_imported = -1;
  execution->count_exported = -1;
  execution->count_escrowed = -1;
}

static void
execution_clear (DscCloudSyncExecution *execution)
{
  g_clear_pointer (&execution->state, g_free);
  g_clear_pointer (&execution->error_code, g_free);
  g_clear_pointer (&execution->error_message, g_free);
}

DscCloudSyncJob *
dsc_cloud_sync_job_new (void)
{
  DscCloudSyncJob *self = g_new0 (DscCloudSyncJob, 1);

  self->successive_failures = -1;
  self->escrows_pruned = DSC_TRISTATE_UNKNOWN;
  self->quarantine_series_count = -1;
  execution_init (&self->last_execution);
  execution_init (&self->last_successful);
  return self;
}

void
dsc_cloud_sync_job_free (DscCloudSyncJob *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->template_id);
  g_free (self->schedule_state);
  g_free (self->status_code);
  execution_clear (&self->last_execution);
  execution_clear (&self->last_successful);
  g_free (self->troubleshooting_url);
  g_free (self->quarantine_reason);
  g_free (self->quarantine_error_code);
  g_free (self->quarantine_error_message);
  g_free (self);
}

DscCloudSyncAgent *
dsc_cloud_sync_agent_new (void)
{
  return g_new0 (DscCloudSyncAgent, 1);
}

void
dsc_cloud_sync_agent_free (DscCloudSyncAgent *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->machine_name);
  g_free (self->external_ip);
  g_free (self->status);
  g_free (self->version);
  g_strfreev (self->groups);
  g_free (self);
}

DscCloudSyncObjectError *
dsc_cloud_sync_object_error_new (void)
{
  return g_new0 (DscCloudSyncObjectError, 1);
}

void
dsc_cloud_sync_object_error_free (DscCloudSyncObjectError *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->job_id);
  g_free (self->config_id);
  g_free (self->action);
  g_free (self->source_name);
  g_free (self->source_id);
  g_free (self->source_type);
  g_free (self->target_name);
  g_free (self->error_code);
  g_free (self->error_category);
  g_free (self->reason);
  g_free (self->recommended_action);
  g_free (self);
}

const DscCloudSyncJob *
dsc_cloud_sync_config_find_job (const DscCloudSyncConfig *config,
                                const char *template_id)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; i < config->jobs->len; i++)
    {
      const DscCloudSyncJob *job = g_ptr_array_index (config->jobs, i);

      if (job->template_id != NULL && template_id != NULL &&
          g_ascii_strcasecmp (job->template_id, template_id) == 0)
        return job;
    }
  return NULL;
}

guint
dsc_cloud_sync_config_count_agents (const DscSnapshot *self,
                                    const DscCloudSyncConfig *config,
                                    guint *n_active)
{
  guint n = 0, active = 0;

  g_return_val_if_fail (self != NULL && config != NULL, 0);

  for (guint i = 0; i < self->cloud_agents->len; i++)
    {
      const DscCloudSyncAgent *agent = g_ptr_array_index (self->cloud_agents, i);
      gboolean serves = FALSE;

      for (guint g = 0; agent->groups != NULL && agent->groups[g] != NULL; g++)
        if (config->display_name != NULL &&
            g_ascii_strcasecmp (agent->groups[g], config->display_name) == 0)
          serves = TRUE;
      if (!serves)
        continue;
      n++;
      if (g_strcmp0 (agent->status, "active") == 0)
        active++;
    }
  if (n_active != NULL)
    *n_active = active;
  return n;
}

/* Connect Sync leaves traces Cloud Sync doesn't: a client version in the sync
 * settings, Sync_* accounts or application identities of the Entra AD
 * Synchronization Service. Cloud Sync's own ADToAADSyncServiceAccount is not
 * one of them. */
static gboolean
has_connect_evidence (const DscSnapshot *self)
{
  if (self->settings.client_version != NULL && *self->settings.client_version != '\0')
    return TRUE;
  for (guint i = 0; i < self->identities->len; i++)
    {
      const DscSyncIdentity *identity = g_ptr_array_index (self->identities, i);

      if (identity->kind == DSC_IDENTITY_APPLICATION)
        return TRUE;
      if (identity->user_principal_name == NULL ||
          g_ascii_strncasecmp (identity->user_principal_name, "ADToAADSyncServiceAccount",
                               strlen ("ADToAADSyncServiceAccount")) != 0)
        return TRUE;
    }
  return FALSE;
}

DscSyncEngine
dsc_snapshot_get_sync_engine (const DscSnapshot *self)
{
  gboolean connect, cloud, cloud_known, syncing;

  g_return_val_if_fail (self != NULL, DSC_SYNC_ENGINE_UNKNOWN);

  connect = has_connect_evidence (self);
  cloud_known = self->sources[DSC_SOURCE_CLOUD_SYNC_CONFIGS].state == DSC_SOURCE_STATE_OK;
  cloud = self->cloud_configs->len > 0;
  syncing = self->sync_state == DSC_SYNC_STATE_ON || self->last_sync > 0;

  if (cloud && connect)
    return DSC_SYNC_ENGINE_BOTH;
  if (cloud)
    return DSC_SYNC_ENGINE_CLOUD_SYNC;
  if (connect)
    return DSC_SYNC_ENGINE_CONNECT;
  /* Sync runs and no Cloud Sync configuration explains it: Connect Sync,
   * even when its details can't be read. Without the configurations, it
   * could be either. */
  if (syncing)
    return cloud_known ? DSC_SYNC_ENGINE_CONNECT : DSC_SYNC_ENGINE_UNKNOWN;
  if (cloud_known && (self->sync_state == DSC_SYNC_STATE_NEVER ||
                      self->sync_state == DSC_SYNC_STATE_OFF))
    return DSC_SYNC_ENGINE_NONE;
  return DSC_SYNC_ENGINE_UNKNOWN;
}

const char *
dsc_sync_engine_to_string (DscSyncEngine engine)
{
  switch (engine)
    {
    case DSC_SYNC_ENGINE_NONE: return "none";
    case DSC_SYNC_ENGINE_CONNECT: return "connect-sync";
    case DSC_SYNC_ENGINE_CLOUD_SYNC: return "cloud-sync";
    case DSC_SYNC_ENGINE_BOTH: return "connect-sync-and-cloud-sync";
    case DSC_SYNC_ENGINE_UNKNOWN:
    default: return "unknown";
    }
}

const char *
dsc_sync_engine_to_label (DscSyncEngine engine)
{
  switch (engine)
    {
    case DSC_SYNC_ENGINE_NONE: return _("No directory sync");
    case DSC_SYNC_ENGINE_CONNECT: return _("Entra Connect Sync");
    case DSC_SYNC_ENGINE_CLOUD_SYNC: return _("Entra Cloud Sync");
    case DSC_SYNC_ENGINE_BOTH: return _("Entra Connect Sync and Cloud Sync");
    case DSC_SYNC_ENGINE_UNKNOWN:
    default: return _("Unknown sync engine");
    }
}

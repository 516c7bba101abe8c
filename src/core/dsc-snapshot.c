/* dsc-snapshot.c — construction and lifetime of snapshots and their parts.
 *
 * The collector fills a snapshot through these helpers; once handed over it is
 * only read, so sharing it between threads needs nothing but atomic refcounts.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

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

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  const DscDirectoryObject *oa = *(DscDirectoryObject * const *) a;
  const DscDirectoryObject *ob = *(DscDirectoryObject * const *) b;
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  int cmp;

  if (oa->kind != ob->kind)
    return oa->kind < ob->kind ? -1 : 1;

  /* Casefold so "alice" and "Alice" sit together, as an admin expects. */
  name_a = oa->display_name != NULL ? g_utf8_casefold (oa->display_name, -1) : NULL;
  name_b = ob->display_name != NULL ? g_utf8_casefold (ob->display_name, -1) : NULL;
  cmp = g_strcmp0 (name_a, name_b);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (oa->id, ob->id);
}

void
dsc_snapshot_sort (DscSnapshot *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_sort (self->objects, compare_objects);
}

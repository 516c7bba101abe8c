/* dsc-graph-parse.c — Graph JSON → snapshot.
 *
 * Every accessor checks the member's type: null or absent means unknown, the
 * wrong type is an error naming the member. Strings are made valid UTF-8 so
 * nothing downstream (GTK labels, exporters) sees broken text.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "dsc-graph-parse.h"
#include "dsc-report-json.h"


/* What a member should have been: each maps to a whole translated sentence,
 * since "is not" + a noun phrase doesn't translate (German: "ist keine Liste",
 * "ist kein Text"). */
typedef enum {
  EXPECT_STRING,
  EXPECT_BOOLEAN,
  EXPECT_NULLABLE_BOOLEAN,
  EXPECT_INTEGER,
  EXPECT_COUNT,
  EXPECT_DATE_TIME,
  EXPECT_DURATION,
  EXPECT_OBJECT,
  EXPECT_LIST,
  EXPECT_OBJECT_LIST,
  EXPECT_STRING_LIST,
  EXPECT_TENANT_LIST,
  EXPECT_SETTINGS_LIST,
  EXPECT_PRESENT,
} Expected;

static const char *
expected_format (Expected expected)
{
  switch (expected)
    {
    case EXPECT_STRING:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a string.");
    case EXPECT_BOOLEAN:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not true or false.");
    case EXPECT_NULLABLE_BOOLEAN:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not true, false or null.");
    case EXPECT_INTEGER:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a whole number.");
    case EXPECT_COUNT:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a non-negative count.");
    case EXPECT_DATE_TIME:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a date and time.");
    case EXPECT_DURATION:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a duration.");
    case EXPECT_OBJECT:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not an object.");
    case EXPECT_LIST:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a list.");
    case EXPECT_OBJECT_LIST:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a list of objects.");
    case EXPECT_STRING_LIST:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a list of strings.");
    case EXPECT_TENANT_LIST:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a list with the "
               "tenant in it.");
    case EXPECT_SETTINGS_LIST:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is not a list with the sync "
               "settings in it.");
    case EXPECT_PRESENT:
    default:
      /* Translators: the first %s is what was being read ("the tenant (organization)",
       * translated separately), the second a member of Graph's JSON answer ("displayName") */
      return _("Microsoft Graph sent unexpected data for %s: “%s” is missing.");
    }
}

static gboolean
fail (GError **error, const char *where, const char *member, Expected expected)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, expected_format (expected),
               where, member);
  return FALSE;
}

/* The answer as a whole is not a JSON object. */
static gboolean
fail_response (GError **error, const char *where)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: %s is what was being read ("the tenant (organization)", translated
                * separately) */
               _("Microsoft Graph sent unexpected data for %s: the answer is not a JSON object."),
               where);
  return FALSE;
}

/* Member lookup that treats absent and null alike. */
static DscJson *
member (DscJson *object, const char *name)
{
  DscJson *node = dsc_json_get_member (object, name);

  if (node == NULL || dsc_json_is_null (node))
    return NULL;
  return node;
}

/* The parser has validated every string; a \u0000 ends it here, as it did
 * with json-glib. */
static char *
valid_utf8 (const char *str)
{
  return g_strdup (str);
}

static gboolean
get_string (DscJson *object, const char *name, const char *where, char **out,
            GError **error)
{
  DscJson *node = member (object, name);

  g_clear_pointer (out, g_free);
  if (node == NULL)
    return TRUE;
  if (!dsc_json_is_string (node))
    return fail (error, where, name, EXPECT_STRING);
  *out = valid_utf8 (dsc_json_get_string (node));
  return TRUE;
}

static gboolean
get_bool (DscJson *object, const char *name, const char *where, DscTristate *out,
          GError **error)
{
  DscJson *node = member (object, name);

  *out = DSC_TRISTATE_UNKNOWN;
  if (node == NULL)
    return TRUE;
  if (dsc_json_get_node_type (node) != DSC_JSON_BOOLEAN)
    return fail (error, where, name, EXPECT_BOOLEAN);
  *out = dsc_json_get_boolean (node) ? DSC_TRISTATE_TRUE : DSC_TRISTATE_FALSE;
  return TRUE;
}

static gboolean
get_int (DscJson *object, const char *name, const char *where, gint64 *out, GError **error)
{
  DscJson *node = member (object, name);

  *out = -1;
  if (node == NULL)
    return TRUE;
  if (dsc_json_get_node_type (node) != DSC_JSON_INT)
    return fail (error, where, name, EXPECT_INTEGER);
  *out = dsc_json_get_int (node);
  return TRUE;
}

static gboolean
get_time (DscJson *object, const char *name, const char *where, gint64 *out,
          GError **error)
{
  g_autofree char *str = NULL;

  *out = 0;
  if (!get_string (object, name, where, &str, error))
    return FALSE;
  if (str != NULL && !dsc_parse_iso8601 (str, out))
    return fail (error, where, name, EXPECT_DATE_TIME);
  return TRUE;
}

static gboolean
get_duration (DscJson *object, const char *name, const char *where, gint64 *out,
              GError **error)
{
  g_autofree char *str = NULL;

  *out = 0;
  if (!get_string (object, name, where, &str, error))
    return FALSE;
  if (str != NULL && !dsc_parse_duration (str, out))
    return fail (error, where, name, EXPECT_DURATION);
  return TRUE;
}

static gboolean
get_object (DscJson *object, const char *name, const char *where, DscJson **out,
            GError **error)
{
  DscJson *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!dsc_json_is_object (node))
    return fail (error, where, name, EXPECT_OBJECT);
  *out = node;
  return TRUE;
}

static gboolean
get_array (DscJson *object, const char *name, const char *where, DscJson **out,
           GError **error)
{
  DscJson *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!dsc_json_is_array (node))
    return fail (error, where, name, EXPECT_LIST);
  *out = node;
  return TRUE;
}

/* Collections come as {"value":[…]}; a few calls may answer a single entity. */
static gboolean
get_items (DscJson *node, const char *where, gboolean entity_ok, DscJson **items,
           DscJson **entity, GError **error)
{
  DscJson *root;

  *items = NULL;
  if (entity != NULL)
    *entity = NULL;
  if (node == NULL || !dsc_json_is_object (node))
    return fail_response (error, where);
  root = node;
  if (dsc_json_get_member (root, "value") != NULL)
    return get_array (root, "value", where, items, error) &&
           (*items != NULL || fail (error, where, "value", EXPECT_LIST));
  if (entity_ok && entity != NULL)
    {
      *entity = root;
      return TRUE;
    }
  return fail (error, where, "value", EXPECT_LIST);
}

static gboolean
get_element_object (DscJson *array, guint i, const char *where, DscJson **out,
                    GError **error)
{
  DscJson *node = dsc_json_get_element (array, i);

  if (node == NULL || !dsc_json_is_object (node))
    {
      g_autofree char *name = g_strdup_printf ("value[%u]", i);
      return fail (error, where, name, EXPECT_OBJECT);
    }
  *out = node;
  return TRUE;
}

static gboolean
parse_domain_list (DscJson *array, const char *where, gboolean from_org,
                   GPtrArray *out, GError **error)
{
  for (guint i = 0; array != NULL && i < dsc_json_get_length (array); i++)
    {
      DscJson *obj;
      g_autofree char *name = NULL;
      g_autofree char *type = NULL;
      DscTristate verified, is_default, is_initial;
      DscDomain *domain;

      if (!get_element_object (array, i, where, &obj, error) ||
          !get_string (obj, from_org ? "name" : "id", where, &name, error) ||
          !get_string (obj, from_org ? "type" : "authenticationType", where, &type, error) ||
          !get_bool (obj, "isDefault", where, &is_default, error) ||
          !get_bool (obj, "isInitial", where, &is_initial, error))
        return FALSE;
      if (from_org)
        verified = DSC_TRISTATE_TRUE;
      else if (!get_bool (obj, "isVerified", where, &verified, error))
        return FALSE;
      if (name == NULL)
        continue;
      domain = dsc_domain_new (name);
      domain->is_verified = verified == DSC_TRISTATE_TRUE;
      domain->is_default = is_default == DSC_TRISTATE_TRUE;
      domain->is_initial = is_initial == DSC_TRISTATE_TRUE;
      domain->authentication_type = g_steal_pointer (&type);
      g_ptr_array_add (out, domain);
    }
  return TRUE;
}

static DscJson *
first_item (DscJson *items, DscJson *entity)
{
  if (entity != NULL)
    return entity;
  if (items != NULL && dsc_json_get_length (items) > 0)
    {
      DscJson *node = dsc_json_get_element (items, 0);
      if (dsc_json_is_object (node))
        return node;
    }
  return NULL;
}

gboolean
dsc_parse_organization (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("the tenant (organization)");
  DscJson *items, *domains;
  DscJson *entity, *org;
  DscJson *sync_node;

  if (!get_items (node, where, TRUE, &items, &entity, error))
    return FALSE;
  org = first_item (items, entity);
  if (org == NULL)
    return fail (error, where, "value", EXPECT_TENANT_LIST);

  if (!get_string (org, "id", where, &snapshot->tenant_id, error) ||
      !get_string (org, "displayName", where, &snapshot->tenant_name, error) ||
      !get_time (org, "onPremisesLastSyncDateTime", where, &snapshot->last_sync, error) ||
      !get_array (org, "verifiedDomains", where, &domains, error))
    return FALSE;

  /* null means "never synced"; absent (e.g. not $select-ed) means unknown. */
  sync_node = dsc_json_get_member (org, "onPremisesSyncEnabled");
  if (sync_node == NULL)
    snapshot->sync_state = DSC_SYNC_STATE_UNKNOWN;
  else if (dsc_json_is_null (sync_node))
    snapshot->sync_state = DSC_SYNC_STATE_NEVER;
  else if (dsc_json_get_node_type (sync_node) == DSC_JSON_BOOLEAN)
    snapshot->sync_state = dsc_json_get_boolean (sync_node)
      ? DSC_SYNC_STATE_ON : DSC_SYNC_STATE_OFF;
  else
    return fail (error, where, "onPremisesSyncEnabled", EXPECT_NULLABLE_BOOLEAN);

  g_ptr_array_set_size (snapshot->verified_domains, 0);
  if (!parse_domain_list (domains, where, TRUE, snapshot->verified_domains, error))
    return FALSE;

  g_clear_pointer (&snapshot->initial_domain, g_free);
  for (guint i = 0; i < snapshot->verified_domains->len; i++)
    {
      DscDomain *domain = g_ptr_array_index (snapshot->verified_domains, i);
      /* A tenant has one initial domain; should the service list two, the
       * first wins (and the second copy must not leak). */
      if (domain->is_initial && snapshot->initial_domain == NULL)
        snapshot->initial_domain = g_strdup (domain->name);
    }
  return TRUE;
}

gboolean
dsc_parse_organization_beta (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("the tenant (beta organization)");
  DscJson *items;
  DscJson *entity, *org, *quota;
  gint64 used, total;

  if (!get_items (node, where, TRUE, &items, &entity, error))
    return FALSE;
  org = first_item (items, entity);
  if (org == NULL)
    return fail (error, where, "value", EXPECT_TENANT_LIST);

  if (!get_time (org, "onPremisesLastPasswordSyncDateTime", where,
                 &snapshot->last_password_sync, error) ||
      !get_object (org, "directorySizeQuota", where, &quota, error))
    return FALSE;

  snapshot->quota_used = snapshot->quota_total = -1;
  if (quota != NULL)
    {
      if (!get_int (quota, "used", where, &used, error) ||
          !get_int (quota, "total", where, &total, error))
        return FALSE;
      if (used < -1 || total < -1)
        return fail (error, where, "directorySizeQuota", EXPECT_COUNT);
      snapshot->quota_used = used;
      snapshot->quota_total = total;
    }
  return TRUE;
}

static int
compare_features (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const DscSyncFeature *) a)->name, ((const DscSyncFeature *) b)->name);
}

static gboolean
parse_features (DscJson *features, DscSyncSettings *settings, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("sync features");

  if (features == NULL)
    return TRUE;

  if (!get_bool (features, "passwordSyncEnabled", where, &settings->password_sync_enabled,
                 error) ||
      !get_bool (features, "blockSoftMatchEnabled", where, &settings->block_soft_match, error) ||
      !get_bool (features, "blockCloudObjectTakeoverThroughHardMatchEnabled", where,
                 &settings->block_hard_match_takeover, error) ||
      !get_bool (features, "quarantineUponUpnConflictEnabled", where,
                 &settings->quarantine_upn_conflicts, error) ||
      !get_bool (features, "quarantineUponProxyAddressesConflictEnabled", where,
                 &settings->quarantine_proxy_conflicts, error))
    return FALSE;

  g_array_set_size (settings->features, 0);
  for (guint i = 0; i < dsc_json_get_length (features); i++)
    {
      const char *name = dsc_json_get_name (dsc_json_get_element (features, i));
      DscTristate value;
      DscSyncFeature feature;

      /* A repeated name counts once, with its last value. */
      if (dsc_json_get_member (features, name) != dsc_json_get_element (features, i))
        continue;
      if (!get_bool (features, name, where, &value, error))
        return FALSE;
      if (value == DSC_TRISTATE_UNKNOWN)
        continue;
      feature.name = valid_utf8 (name);
      feature.enabled = value == DSC_TRISTATE_TRUE;
      g_array_append_val (settings->features, feature);
    }
  g_array_sort (settings->features, compare_features);
  return TRUE;
}

gboolean
dsc_parse_sync_settings (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("sync settings");
  DscSyncSettings *s = &snapshot->settings;
  DscJson *items;
  DscJson *entity, *sync, *config, *features, *adp, *export;
  gint64 threshold;

  if (!get_items (node, where, TRUE, &items, &entity, error))
    return FALSE;
  sync = first_item (items, entity);
  if (sync == NULL)
    return fail (error, where, "value", EXPECT_SETTINGS_LIST);

  if (!get_object (sync, "configuration", where, &config, error) ||
      !get_object (sync, "features", where, &features, error) ||
      !parse_features (features, s, error))
    return FALSE;

  if (!get_object (config, "accidentalDeletionPrevention", where, &adp, error) ||
      !get_string (adp, "synchronizationPreventionType", where,
                   &s->accidental_deletion_type, error) ||
      !get_int (adp, "alertThreshold", where, &threshold, error) ||
      !get_duration (config, "synchronizationInterval", where, &s->sync_interval, error) ||
      !get_duration (config, "customerRequestedSynchronizationInterval", where,
                     &s->customer_sync_interval, error) ||
      !get_string (config, "synchronizationClientVersion", where, &s->client_version, error) ||
      !get_string (config, "anchorAttribute", where, &s->anchor_attribute, error) ||
      !get_string (config, "applicationId", where, &s->application_id, error) ||
      !get_object (config, "currentExportData", where, &export, error) ||
      !get_string (export, "clientMachineName", where, &s->client_machine_name, error) ||
      !get_string (export, "serviceAccount", where, &s->service_account, error) ||
      !get_int (export, "pendingObjectsAddition", where, &s->pending_additions, error) ||
      !get_int (export, "pendingObjectsUpdate", where, &s->pending_updates, error) ||
      !get_int (export, "pendingObjectsDeletion", where, &s->pending_deletions, error) ||
      !get_int (export, "totalConnectorSpaceObjects", where, &s->connector_space_objects,
                error))
    return FALSE;

  s->accidental_deletion_threshold = threshold < 0 || threshold > G_MAXINT ? -1 : (gint) threshold;
  return TRUE;
}

gboolean
dsc_parse_domains (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  DscJson *items;

  if (!get_items (node, _("domains"), FALSE, &items, NULL, error))
    return FALSE;
  g_ptr_array_set_size (snapshot->domains, 0);
  return parse_domain_list (items, _("domains"), FALSE, snapshot->domains, error);
}

gboolean
dsc_parse_sync_accounts (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("sync service accounts");
  DscJson *items;

  if (!get_items (node, where, FALSE, &items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      g_autoptr(GError) local_error = NULL;
      DscSyncIdentity *identity;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error))
        return FALSE;
      identity = dsc_sync_identity_new (DSC_IDENTITY_LEGACY_ACCOUNT);
      if (!get_string (obj, "id", where, &identity->id, &local_error) ||
          !get_string (obj, "displayName", where, &identity->display_name, &local_error) ||
          !get_string (obj, "userPrincipalName", where, &identity->user_principal_name,
                       &local_error) ||
          !get_bool (obj, "accountEnabled", where, &identity->account_enabled, &local_error))
        {
          dsc_sync_identity_free (identity);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_ptr_array_add (snapshot->identities, identity);
    }
  return TRUE;
}

gboolean
dsc_parse_sync_apps (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("sync application identities");
  DscJson *items;

  if (!get_items (node, where, FALSE, &items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *type = NULL;
      DscSyncIdentity *identity;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error) ||
          !get_string (obj, "principalType", where, &type, error))
        return FALSE;
      /* Only service principals are sync clients; users assigned for other
       * reasons are not. */
      if (type != NULL && g_ascii_strcasecmp (type, "ServicePrincipal") != 0)
        continue;
      identity = dsc_sync_identity_new (DSC_IDENTITY_APPLICATION);
      if (!get_string (obj, "principalId", where, &identity->id, &local_error) ||
          !get_string (obj, "principalDisplayName", where, &identity->display_name,
                       &local_error) ||
          !get_time (obj, "createdDateTime", where, &identity->created, &local_error))
        {
          dsc_sync_identity_free (identity);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_ptr_array_add (snapshot->identities, identity);
    }
  return TRUE;
}

/* Directory sync runs on the identity service; match it the way the reference
 * advises since its display name has changed over the years. */
static gboolean
is_identity_service (const char *id, const char *name)
{
  g_autofree char *folded = name != NULL ? g_utf8_casefold (name, -1) : NULL;

  if (id != NULL && g_ascii_strcasecmp (id, "OrgLiveID") == 0)
    return TRUE;
  return folded != NULL && (strstr (folded, "entra") != NULL ||
                            strstr (folded, "identity") != NULL);
}

static gboolean
parse_issue (DscJson *obj, DscHealthIssue *issue, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("service health issues");
  DscTristate resolved;

  if (!get_string (obj, "id", where, &issue->id, error) ||
      !get_string (obj, "title", where, &issue->title, error) ||
      !get_string (obj, "classification", where, &issue->classification, error) ||
      !get_string (obj, "status", where, &issue->status, error) ||
      !get_string (obj, "feature", where, &issue->feature, error) ||
      !get_string (obj, "featureGroup", where, &issue->feature_group, error) ||
      !get_string (obj, "impactDescription", where, &issue->impact_description, error) ||
      !get_bool (obj, "isResolved", where, &resolved, error) ||
      !get_time (obj, "startDateTime", where, &issue->start, error) ||
      !get_time (obj, "lastModifiedDateTime", where, &issue->last_modified, error))
    return FALSE;
  issue->is_resolved = resolved == DSC_TRISTATE_TRUE;
  return TRUE;
}

gboolean
dsc_parse_service_health (DscJson *overviews, DscJson *issues, DscSnapshot *snapshot,
                          GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("service health");
  DscJson *items, *issue_items = NULL;

  if (!get_items (overviews, where, FALSE, &items, NULL, error))
    return FALSE;
  if (issues != NULL && !get_items (issues, where, FALSE, &issue_items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *name = NULL;
      g_autofree char *status = NULL;
      DscServiceHealth *service;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error) ||
          !get_string (obj, "id", where, &id, error) ||
          !get_string (obj, "service", where, &name, error) ||
          !get_string (obj, "status", where, &status, error))
        return FALSE;
      if (!is_identity_service (id, name))
        continue;

      service = dsc_service_health_new ();
      service->id = g_steal_pointer (&id);
      service->service = g_steal_pointer (&name);
      service->status = g_steal_pointer (&status);
      g_ptr_array_add (snapshot->services, service);

      for (guint j = 0; issue_items != NULL && j < dsc_json_get_length (issue_items); j++)
        {
          g_autofree char *issue_service = NULL;
          DscHealthIssue *issue;
          DscJson *iobj;

          if (!get_element_object (issue_items, j, where, &iobj, error) ||
              !get_string (iobj, "service", where, &issue_service, error))
            return FALSE;
          if (g_strcmp0 (issue_service, service->service) != 0)
            continue;
          issue = dsc_health_issue_new ();
          g_ptr_array_add (service->issues, issue);
          if (!parse_issue (iobj, issue, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_provisioning_errors (DscJson *obj, DscDirectoryObject *object, const char *where,
                           GError **error)
{
  DscJson *errors;

  if (!get_array (obj, "onPremisesProvisioningErrors", where, &errors, error))
    return FALSE;
  for (guint i = 0; errors != NULL && i < dsc_json_get_length (errors); i++)
    {
      g_autofree char *category = NULL;
      g_autofree char *property = NULL;
      g_autofree char *value = NULL;
      gint64 occurred;
      DscJson *eobj;
      DscJson *enode = dsc_json_get_element (errors, i);

      if (!dsc_json_is_object (enode))
        return fail (error, where, "onPremisesProvisioningErrors", EXPECT_OBJECT_LIST);
      eobj = enode;
      if (!get_string (eobj, "category", where, &category, error) ||
          !get_string (eobj, "propertyCausingError", where, &property, error) ||
          !get_string (eobj, "value", where, &value, error) ||
          !get_time (eobj, "occurredDateTime", where, &occurred, error))
        return FALSE;
      dsc_directory_object_add_error (object, category, property, value, occurred);
    }
  return TRUE;
}

static DscDirectoryObject *
parse_object (DscJson *obj, DscObjectKind kind, const char *where, GError **error)
{
  g_autoptr(DscDirectoryObject) object = dsc_directory_object_new (kind);

  if (!get_string (obj, "id", where, &object->id, error) ||
      !get_string (obj, "displayName", where, &object->display_name, error) ||
      !get_string (obj, "userPrincipalName", where, &object->user_principal_name, error) ||
      !get_string (obj, "mail", where, &object->mail, error) ||
      !get_string (obj, "userType", where, &object->user_type, error) ||
      !get_bool (obj, "onPremisesSyncEnabled", where, &object->on_premises_sync, error) ||
      !parse_provisioning_errors (obj, object, where, error))
    return NULL;
  if (object->id == NULL)
    {
      fail (error, where, "id", EXPECT_PRESENT);
      return NULL;
    }
  return g_steal_pointer (&object);
}

static gboolean
get_next_link (DscJson *page, const char *where, char **next_link, GError **error)
{
  return get_string (page, "@odata.nextLink", where, next_link, error);
}

static const char *
kind_where (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_GROUP: return _("groups");
    case DSC_OBJECT_CONTACT: return _("contacts");
    case DSC_OBJECT_USER:
    default: return _("users");
    }
}

gboolean
dsc_parse_next_link (DscJson *page, DscObjectKind kind, char **next_link, GError **error)
{
  const char *where = kind_where (kind);
  DscJson *items;

  *next_link = NULL;
  return get_items (page, where, FALSE, &items, NULL, error) &&
         get_next_link (page, where, next_link, error);
}

gboolean
dsc_parse_error_page (DscJson *page, DscObjectKind kind, GPtrArray *objects,
                      char **next_link, GError **error)
{
  const char *where = kind_where (kind);
  DscJson *items;

  *next_link = NULL;
  if (!get_items (page, where, FALSE, &items, NULL, error) ||
      !get_next_link (page, where, next_link, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      DscDirectoryObject *object;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error) ||
          (object = parse_object (obj, kind, where, error)) == NULL)
        {
          g_clear_pointer (next_link, g_free);
          return FALSE;
        }
      if (object->n_errors > 0)
        g_ptr_array_add (objects, object);
      else
        dsc_directory_object_unref (object);
    }
  return TRUE;
}

/* The normalized values @obj holds for @property, into @held. */
static gboolean
held_values (DscJson *obj, const char *property, const char *where, GPtrArray *held,
             GError **error)
{
  if (g_strcmp0 (property, "UserPrincipalName") == 0)
    {
      g_autofree char *upn = NULL;

      if (!get_string (obj, "userPrincipalName", where, &upn, error))
        return FALSE;
      if (upn != NULL)
        g_ptr_array_add (held, dsc_normalize_conflict_value (property, upn));
    }
  else
    {
      DscJson *proxies;

      if (!get_array (obj, "proxyAddresses", where, &proxies, error))
        return FALSE;
      for (guint i = 0; proxies != NULL && i < dsc_json_get_length (proxies); i++)
        {
          DscJson *p = dsc_json_get_element (proxies, i);

          if (!dsc_json_is_string (p))
            return fail (error, where, "proxyAddresses", EXPECT_STRING_LIST);
          /* Only SMTP addresses collide with a ProxyAddress conflict. */
          if (strchr (dsc_json_get_string (p), ':') != NULL &&
              g_ascii_strncasecmp (dsc_json_get_string (p), "smtp:", 5) != 0)
            continue;
          g_ptr_array_add (held, dsc_normalize_conflict_value (property,
                                                               dsc_json_get_string (p)));
        }
    }
  return TRUE;
}

gboolean
dsc_parse_holder_page (DscJson *page, DscObjectKind kind, const char *property,
                       const char * const *values, GPtrArray *holders, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("objects sharing a conflicting value");
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_free);
  DscJson *items;

  if (!get_items (page, where, FALSE, &items, NULL, error))
    return FALSE;

  /* A filter asks for up to 15 values: normalize each once, not per object. */
  for (guint v = 0; values != NULL && values[v] != NULL; v++)
    g_ptr_array_add (wanted, dsc_normalize_conflict_value (property, values[v]));

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      g_autoptr(DscDirectoryObject) object = NULL;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error) ||
          (object = parse_object (obj, kind, where, error)) == NULL)
        return FALSE;

      g_ptr_array_set_size (held, 0);
      if (!held_values (obj, property, where, held, error))
        return FALSE;
      for (guint v = 0; v < wanted->len; v++)
        for (guint h = 0; h < held->len; h++)
          if (g_strcmp0 (g_ptr_array_index (held, h), g_ptr_array_index (wanted, v)) == 0)
            {
              g_ptr_array_add (holders, dsc_value_holder_new (property, values[v], object));
              break;
            }
    }
  return TRUE;
}

/* ---- Microsoft Entra Cloud Sync ----------------------------------------- */

/* A count Graph sends as Int64; a negative one reads as unknown. */
static gboolean
get_count (DscJson *object, const char *name, const char *where, gint64 *out,
           GError **error)
{
  if (!get_int (object, name, where, out, error))
    return FALSE;
  if (*out < 0)
    *out = -1;
  return TRUE;
}

gboolean
dsc_parse_cloud_sync_configs (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("Cloud Sync configurations");
  DscJson *items;

  if (!get_items (node, where, FALSE, &items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      g_autofree char *template_id = NULL;
      g_autofree char *id = NULL;
      g_autofree char *app_id = NULL;
      g_autofree char *name = NULL;
      DscCloudSyncConfig *config;
      DscJson *obj;

      if (!get_element_object (items, i, where, &obj, error) ||
          !get_string (obj, "id", where, &id, error) ||
          !get_string (obj, "appId", where, &app_id, error) ||
          !get_string (obj, "displayName", where, &name, error) ||
          !get_string (obj, "applicationTemplateId", where, &template_id, error))
        return FALSE;
      /* The filter asked for the template; anything else slipped through. */
      if (id == NULL ||
          (template_id != NULL && g_ascii_strcasecmp (template_id, DSC_CLOUD_SYNC_TEMPLATE_ID) != 0))
        continue;
      config = dsc_cloud_sync_config_new ();
      config->id = g_steal_pointer (&id);
      config->app_id = g_steal_pointer (&app_id);
      config->display_name = g_steal_pointer (&name);
      g_ptr_array_add (snapshot->cloud_configs, config);
    }
  return TRUE;
}

static gboolean
parse_sync_error (DscJson *parent, const char *name, const char *where, char **code,
                  char **message, GError **error)
{
  DscJson *obj;

  if (!get_object (parent, name, where, &obj, error))
    return FALSE;
  if (obj == NULL)
    return TRUE;
  return get_string (obj, "code", where, code, error) &&
         get_string (obj, "message", where, message, error);
}

static gboolean
parse_execution (DscJson *status, const char *name, const char *where,
                 DscCloudSyncExecution *e, GError **error)
{
  DscJson *obj;

  if (!get_object (status, name, where, &obj, error))
    return FALSE;
  if (obj == NULL)
    return TRUE;
  return get_string (obj, "state", where, &e->state, error) &&
         get_time (obj, "timeBegan", where, &e->began, error) &&
         get_time (obj, "timeEnded", where, &e->ended, error) &&
         get_count (obj, "countImported", where, &e->count_imported, error) &&
         get_count (obj, "countExported", where, &e->count_exported, error) &&
         get_count (obj, "countEscrowed", where, &e->count_escrowed, error) &&
         parse_sync_error (obj, "error", where, &e->error_code, &e->error_message, error);
}

static gboolean
parse_job (DscJson *obj, const char *where, DscCloudSyncJob *job, GError **error)
{
  DscJson *schedule, *status, *quarantine;

  if (!get_string (obj, "id", where, &job->id, error) ||
      !get_string (obj, "templateId", where, &job->template_id, error) ||
      !get_object (obj, "schedule", where, &schedule, error) ||
      !get_object (obj, "status", where, &status, error))
    return FALSE;
  if (schedule != NULL && !get_string (schedule, "state", where, &job->schedule_state, error))
    return FALSE;
  if (status == NULL)
    return TRUE;
  if (!get_string (status, "code", where, &job->status_code, error) ||
      !get_count (status, "countSuccessiveCompleteFailures", where, &job->successive_failures,
                  error) ||
      !get_bool (status, "escrowsPruned", where, &job->escrows_pruned, error) ||
      !parse_execution (status, "lastExecution", where, &job->last_execution, error) ||
      !parse_execution (status, "lastSuccessfulExecution", where, &job->last_successful,
                        error) ||
      !get_time (status, "steadyStateLastAchievedTime", where, &job->steady_state_time, error) ||
      !get_string (status, "troubleshootingUrl", where, &job->troubleshooting_url, error) ||
      !get_object (status, "quarantine", where, &quarantine, error))
    return FALSE;
  if (quarantine == NULL)
    return TRUE;
  if (!get_string (quarantine, "reason", where, &job->quarantine_reason, error) ||
      !get_time (quarantine, "seriesBegan", where, &job->quarantine_series_began, error) ||
      !get_time (quarantine, "currentBegan", where, &job->quarantine_current_began, error) ||
      !get_time (quarantine, "nextAttempt", where, &job->quarantine_next_attempt, error) ||
      !get_count (quarantine, "seriesCount", where, &job->quarantine_series_count, error) ||
      !parse_sync_error (quarantine, "error", where, &job->quarantine_error_code,
                         &job->quarantine_error_message, error))
    return FALSE;
  /* A quarantine object without a reason is still a quarantine. */
  if (job->quarantine_reason == NULL)
    job->quarantine_reason = g_strdup ("Unknown");
  return TRUE;
}

gboolean
dsc_parse_cloud_sync_jobs (DscJson *node, DscCloudSyncConfig *config, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("Cloud Sync jobs");
  g_autoptr(GPtrArray) jobs =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_job_free);
  DscJson *items;

  g_return_val_if_fail (config != NULL, FALSE);

  if (!get_items (node, where, FALSE, &items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      DscCloudSyncJob *job = dsc_cloud_sync_job_new ();
      DscJson *obj;

      g_ptr_array_add (jobs, job);
      if (!get_element_object (items, i, where, &obj, error) ||
          !parse_job (obj, where, job, error))
        return FALSE;
    }
  /* All or nothing: a half-read job list is not what the tenant has. */
  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (config->jobs, g_ptr_array_steal_index (jobs, i--));
  config->jobs_read = TRUE;
  return TRUE;
}

gboolean
dsc_parse_cloud_sync_agents (DscJson *node, DscSnapshot *snapshot, GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("Cloud Sync provisioning agents");
  g_autoptr(GPtrArray) agents =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_agent_free);
  DscJson *items;

  if (!get_items (node, where, FALSE, &items, NULL, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      DscCloudSyncAgent *agent = dsc_cloud_sync_agent_new ();
      g_autoptr(GStrvBuilder) groups = g_strv_builder_new ();
      DscJson *agent_groups;
      DscJson *obj;

      g_ptr_array_add (agents, agent);
      if (!get_element_object (items, i, where, &obj, error) ||
          !get_string (obj, "id", where, &agent->id, error) ||
          !get_string (obj, "machineName", where, &agent->machine_name, error) ||
          !get_string (obj, "externalIp", where, &agent->external_ip, error) ||
          !get_string (obj, "status", where, &agent->status, error) ||
          !get_string (obj, "version", where, &agent->version, error) ||
          !get_array (obj, "agentGroups", where, &agent_groups, error))
        return FALSE;
      for (guint g = 0; agent_groups != NULL && g < dsc_json_get_length (agent_groups); g++)
        {
          DscJson *group_node = dsc_json_get_element (agent_groups, g);
          g_autofree char *group_name = NULL;

          if (group_node == NULL || !dsc_json_is_object (group_node))
            return fail (error, where, "agentGroups", EXPECT_OBJECT_LIST);
          if (!get_string (group_node, "displayName", where, &group_name,
                           error))
            return FALSE;
          if (group_name != NULL)
            g_strv_builder_add (groups, group_name);
        }
      agent->groups = g_strv_builder_end (groups);
    }
  for (guint i = 0; i < agents->len; i++)
    g_ptr_array_add (snapshot->cloud_agents, g_ptr_array_steal_index (agents, i--));
  return TRUE;
}

static gboolean
parse_identity_name (DscJson *obj, const char *name, const char *where, char **display_name,
                     char **id, char **type, GError **error)
{
  DscJson *identity;

  if (!get_object (obj, name, where, &identity, error))
    return FALSE;
  if (identity == NULL)
    return TRUE;
  return get_string (identity, "displayName", where, display_name, error) &&
         (id == NULL || get_string (identity, "id", where, id, error)) &&
         (type == NULL || get_string (identity, "identityType", where, type, error));
}

gboolean
dsc_parse_provisioning_failures (DscJson *page, GPtrArray *errors, char **next_link,
                                 GError **error)
{
  /* Translators: what was being read, as it follows "for" in "Microsoft Graph sent
   * unexpected data for %s: …" */
  const char *where = _("provisioning logs");
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_object_error_free);
  DscJson *items;

  if (!get_items (page, where, FALSE, &items, NULL, error))
    return FALSE;
  if (next_link != NULL &&
      !get_string (page, "@odata.nextLink", where, next_link, error))
    return FALSE;

  for (guint i = 0; i < dsc_json_get_length (items); i++)
    {
      DscCloudSyncObjectError *e = dsc_cloud_sync_object_error_new ();
      g_autofree char *status = NULL;
      DscJson *obj, *sp, *info, *error_info = NULL;

      g_ptr_array_add (found, e);
      if (!get_element_object (items, i, where, &obj, error) ||
          !get_string (obj, "id", where, &e->id, error) ||
          !get_time (obj, "activityDateTime", where, &e->time, error) ||
          !get_string (obj, "jobId", where, &e->job_id, error) ||
          !get_string (obj, "provisioningAction", where, &e->action, error) ||
          !get_object (obj, "servicePrincipal", where, &sp, error) ||
          (sp != NULL && !get_string (sp, "id", where, &e->config_id, error)) ||
          !parse_identity_name (obj, "sourceIdentity", where, &e->source_name, &e->source_id,
                                &e->source_type, error) ||
          !parse_identity_name (obj, "targetIdentity", where, &e->target_name, NULL, NULL,
                                error) ||
          !get_object (obj, "provisioningStatusInfo", where, &info, error) ||
          (info != NULL && (!get_string (info, "status", where, &status, error) ||
                            !get_object (info, "errorInformation", where, &error_info,
                                         error))))
        return FALSE;
      if (error_info != NULL &&
          (!get_string (error_info, "errorCode", where, &e->error_code, error) ||
           !get_string (error_info, "errorCategory", where, &e->error_category, error) ||
           !get_string (error_info, "reason", where, &e->reason, error) ||
           !get_string (error_info, "recommendedAction", where, &e->recommended_action, error)))
        return FALSE;
      /* Only failures belong here, whatever the service's filter let through. */
      if (status != NULL && g_ascii_strcasecmp (status, "failure") != 0)
        {
          g_ptr_array_remove_index (found, found->len - 1);
          continue;
        }
    }
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (errors, g_ptr_array_steal_index (found, i--));
  return TRUE;
}

/* test-snapshot.c — the snapshot model and its JSON cache: a full round trip,
 * refusal of every kind of damaged cache, and an order-blind canonical form.
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "dsc-snapshot.h"
#include "dsc-snapshot-json.h"
#include "dsc-test-object.h"

#define T0 1795460102 /* 2026-11-23T18:55:02Z */

static DscDirectoryObject *
make_object (DscObjectKind kind,
             const char *id,
             const char *name,
             const char *upn,
             const char *mail)
{
  DscDirectoryObject *o = dsc_directory_object_new (kind);

  o->id = g_strdup (id);
  o->display_name = g_strdup (name);
  o->user_principal_name = g_strdup (upn);
  o->mail = g_strdup (mail);
  o->on_premises_sync = DSC_TRISTATE_TRUE;
  return o;
}

static void
add_feature (DscSnapshot *s,
             const char *name,
             gboolean enabled)
{
  DscSyncFeature feature = { g_strdup (name), enabled };

  g_array_append_val (s->settings.features, feature);
}

/* Every field set to something other than its default. */
static DscSnapshot *
make_full_snapshot (void)
{
  DscSnapshot *s = dsc_snapshot_new ();
  DscDirectoryObject *o;
  DscDomain *d;
  DscSyncIdentity *id;
  DscServiceHealth *service;
  DscHealthIssue *issue;

  s->taken_at = T0;
  s->graph_host = g_strdup ("graph.microsoft.com");
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (s, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  dsc_snapshot_set_source (s, DSC_SOURCE_SYNC_SETTINGS, DSC_SOURCE_STATE_DENIED,
                           "Authorization_RequestDenied",
                           "Only a Global Administrator can read sync settings",
                           "5d1c0e7a-1111-2222-3333-444455556666");
  dsc_snapshot_set_source (s, DSC_SOURCE_SERVICE_HEALTH, DSC_SOURCE_STATE_FAILED,
                           NULL, "Network unreachable", NULL);
  dsc_snapshot_set_source (s, DSC_SOURCE_SYNC_APPS, DSC_SOURCE_STATE_UNAVAILABLE,
                           "Request_ResourceNotFound", NULL, NULL);
  dsc_snapshot_set_source (s, DSC_SOURCE_CONFLICT_HOLDERS, DSC_SOURCE_STATE_NOT_READ,
                           NULL, NULL, NULL);

  s->tenant_id = g_strdup ("8f1c2d3e-0000-4000-8000-123456789abc");
  s->tenant_name = g_strdup ("Contoso Ltd — Zürich");
  s->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  s->sync_state = DSC_SYNC_STATE_ON;
  s->last_sync = T0 - 1800;
  s->last_password_sync = T0 - 120;
  s->quota_used = 12345;
  s->quota_total = 300000;

  d = dsc_domain_new ("contoso.com");
  d->is_verified = TRUE;
  d->is_default = TRUE;
  d->authentication_type = g_strdup ("Federated");
  g_ptr_array_add (s->verified_domains, d);
  d = dsc_domain_new ("contoso.onmicrosoft.com");
  d->is_verified = TRUE;
  d->is_initial = TRUE;
  d->authentication_type = g_strdup ("Managed");
  g_ptr_array_add (s->verified_domains, d);

  d = dsc_domain_new ("contoso.com");
  d->is_verified = TRUE;
  d->is_default = TRUE;
  d->authentication_type = g_strdup ("Managed");
  g_ptr_array_add (s->domains, d);
  d = dsc_domain_new ("fabrikam.local");
  d->authentication_type = g_strdup ("Managed");
  g_ptr_array_add (s->domains, d);

  s->settings.password_sync_enabled = DSC_TRISTATE_TRUE;
  s->settings.block_soft_match = DSC_TRISTATE_FALSE;
  s->settings.block_hard_match_takeover = DSC_TRISTATE_TRUE;
  s->settings.quarantine_upn_conflicts = DSC_TRISTATE_TRUE;
  s->settings.quarantine_proxy_conflicts = DSC_TRISTATE_FALSE;
  add_feature (s, "blockSoftMatchEnabled", FALSE);
  add_feature (s, "passwordSyncEnabled", TRUE);
  add_feature (s, "synchronizeUpnForManagedUsersEnabled", TRUE);
  s->settings.accidental_deletion_type = g_strdup ("enabledForCount");
  s->settings.accidental_deletion_threshold = 500;
  s->settings.sync_interval = 1800;
  s->settings.customer_sync_interval = 3600;
  s->settings.client_version = g_strdup ("2.4.27.0");
  s->settings.anchor_attribute = g_strdup ("mS-DS-ConsistencyGuid");
  s->settings.application_id = g_strdup ("cb1056e2-e479-49de-ae31-7812af012ed8");
  s->settings.client_machine_name = g_strdup ("SRV01");
  s->settings.service_account = g_strdup ("Sync_SRV01_1234@contoso.onmicrosoft.com");
  s->settings.pending_additions = 3;
  s->settings.pending_updates = 0;
  s->settings.pending_deletions = 7;
  s->settings.connector_space_objects = 40211;

  id = dsc_sync_identity_new (DSC_IDENTITY_LEGACY_ACCOUNT);
  id->id = g_strdup ("11111111-aaaa-bbbb-cccc-000000000001");
  id->display_name = g_strdup ("On-Premises Directory Synchronization Service Account");
  id->user_principal_name = g_strdup ("Sync_SRV01_1234@contoso.onmicrosoft.com");
  id->account_enabled = DSC_TRISTATE_TRUE;
  g_ptr_array_add (s->identities, id);
  id = dsc_sync_identity_new (DSC_IDENTITY_APPLICATION);
  id->id = g_strdup ("22222222-aaaa-bbbb-cccc-000000000002");
  id->display_name = g_strdup ("ConnectSyncProvisioning_SRV01");
  id->created = T0 - 86400 * 30;
  g_ptr_array_add (s->identities, id);

  service = dsc_service_health_new ();
  service->id = g_strdup ("OrgLiveID");
  service->service = g_strdup ("Microsoft Entra");
  service->status = g_strdup ("serviceDegradation");
  issue = dsc_health_issue_new ();
  issue->id = g_strdup ("EX123456");
  issue->title = g_strdup ("Directory sync delays");
  issue->classification = g_strdup ("incident");
  issue->status = g_strdup ("investigating");
  issue->feature = g_strdup ("Directory synchronization");
  issue->feature_group = g_strdup ("Administration");
  issue->impact_description = g_strdup ("Changes may take longer to appear.");
  issue->start = T0 - 7200;
  issue->last_modified = T0 - 600;
  g_ptr_array_add (service->issues, issue);
  issue = dsc_health_issue_new ();
  issue->id = g_strdup ("EX000001");
  issue->title = g_strdup ("Resolved thing");
  issue->is_resolved = TRUE;
  g_ptr_array_add (service->issues, issue);
  g_ptr_array_add (s->services, service);

  o = make_object (DSC_OBJECT_USER, "u1", "Alice Smith", "alice@contoso.com",
                   "alice@contoso.com");
  dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress",
                                  "smtp:sales@contoso.com", T0 - 3600);
  dsc_directory_object_add_error (o, "PropertyConflict", "UserPrincipalName",
                                  "alice@contoso.com", T0 - 7200);
  g_ptr_array_add (s->objects, o);
  o = make_object (DSC_OBJECT_USER, "u2", "bob Jones", "bob@contoso.com", NULL);
  o->on_premises_sync = DSC_TRISTATE_UNKNOWN;
  dsc_directory_object_add_error (o, "PropertyConflict", "UserPrincipalName",
                                  "bob@contoso.com", 0);
  g_ptr_array_add (s->objects, o);
  o = make_object (DSC_OBJECT_GROUP, "g1", "Sales", NULL, "sales@contoso.com");
  dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress",
                                  "smtp:sales@contoso.com", T0 - 60);
  g_ptr_array_add (s->objects, o);
  o = make_object (DSC_OBJECT_CONTACT, "c1", "External Carol", NULL, "carol@fabrikam.com");
  o->on_premises_sync = DSC_TRISTATE_FALSE;
  dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress",
                                  "SMTP:carol@fabrikam.com", T0 - 5);
  g_ptr_array_add (s->objects, o);

  o = make_object (DSC_OBJECT_USER, "u9", "Sales Desk (cloud)", "salesdesk@contoso.com",
                   "sales@contoso.com");
  o->on_premises_sync = DSC_TRISTATE_FALSE;
  g_ptr_array_add (s->holders, dsc_value_holder_new ("ProxyAddress", "smtp:sales@contoso.com",
                                                     o));
  dsc_directory_object_unref (o);
  g_ptr_array_add (s->holders, dsc_value_holder_new ("UserPrincipalName", "bob@contoso.com",
                                                     NULL));

  dsc_snapshot_sort (s);
  return s;
}

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static JsonNode *
parse (const char *text)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_defaults (void)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      g_assert_cmpint (s->sources[i].state, ==, DSC_SOURCE_STATE_NOT_READ);
      g_assert_false (dsc_snapshot_source_ok (s, i));
    }
  g_assert_cmpint (s->sync_state, ==, DSC_SYNC_STATE_UNKNOWN);
  g_assert_cmpint (s->quota_used, ==, -1);
  g_assert_cmpint (s->quota_total, ==, -1);
  g_assert_cmpint (s->settings.password_sync_enabled, ==, DSC_TRISTATE_UNKNOWN);
  g_assert_cmpint (s->settings.accidental_deletion_threshold, ==, -1);
  g_assert_cmpint (s->settings.pending_deletions, ==, -1);
  g_assert_cmpint (s->settings.connector_space_objects, ==, -1);
  g_assert_cmpuint (s->settings.features->len, ==, 0);
  g_assert_cmpuint (s->objects->len, ==, 0);
  g_assert_cmpuint (s->holders->len, ==, 0);

  dsc_snapshot_set_source (s, DSC_SOURCE_DOMAINS, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  g_assert_true (dsc_snapshot_source_ok (s, DSC_SOURCE_DOMAINS));
  /* Re-setting a source from its own strings must not read freed memory. */
  dsc_snapshot_set_source (s, DSC_SOURCE_DOMAINS, DSC_SOURCE_STATE_DENIED, "Code", "Msg", "R");
  dsc_snapshot_set_source (s, DSC_SOURCE_DOMAINS, DSC_SOURCE_STATE_DENIED,
                           s->sources[DSC_SOURCE_DOMAINS].error_code,
                           s->sources[DSC_SOURCE_DOMAINS].message,
                           s->sources[DSC_SOURCE_DOMAINS].request_id);
  g_assert_cmpstr (s->sources[DSC_SOURCE_DOMAINS].message, ==, "Msg");
}

static void
test_sort (void)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();

  g_ptr_array_add (s->objects, make_object (DSC_OBJECT_CONTACT, "c", "A contact", NULL, NULL));
  g_ptr_array_add (s->objects, make_object (DSC_OBJECT_USER, "u3", "bob", NULL, NULL));
  g_ptr_array_add (s->objects, make_object (DSC_OBJECT_GROUP, "g", "A group", NULL, NULL));
  g_ptr_array_add (s->objects, make_object (DSC_OBJECT_USER, "u2", "Bob", NULL, NULL));
  g_ptr_array_add (s->objects, make_object (DSC_OBJECT_USER, "u1", "Alice", NULL, NULL));
  /* Holders in the order lookups happened to answer. */
  {
    const char *holders[][3] = {
      { "UserPrincipalName", "b@contoso.com", "h4" },
      { "ProxyAddress", "smtp:b@contoso.com", "h3" },
      { "ProxyAddress", "smtp:a@contoso.com", "h2" },
      { "ProxyAddress", "smtp:a@contoso.com", "h1" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (holders); i++)
      {
        DscDirectoryObject *o = make_object (DSC_OBJECT_USER, holders[i][2], "Holder", NULL, NULL);

        g_ptr_array_add (s->holders, dsc_value_holder_new (holders[i][0], holders[i][1], o));
        dsc_directory_object_unref (o);
      }
  }
  dsc_snapshot_sort (s);

  /* Holders by attribute, value, then object id: every report the same. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("h%u", i + 1);

      g_assert_cmpstr (((DscValueHolder *) s->holders->pdata[i])->object->id, ==, id);
    }

  g_assert_cmpstr (((DscDirectoryObject *) s->objects->pdata[0])->id, ==, "u1");
  /* "bob" and "Bob" compare equal casefolded, so the id decides. */
  g_assert_cmpstr (((DscDirectoryObject *) s->objects->pdata[1])->id, ==, "u2");
  g_assert_cmpstr (((DscDirectoryObject *) s->objects->pdata[2])->id, ==, "u3");
  g_assert_cmpstr (((DscDirectoryObject *) s->objects->pdata[3])->id, ==, "g");
  g_assert_cmpstr (((DscDirectoryObject *) s->objects->pdata[4])->id, ==, "c");
}

static void
test_json_round_trip (void)
{
  g_autoptr(DscSnapshot) s = make_full_snapshot ();
  g_autoptr(JsonNode) node = dsc_snapshot_to_json (s);
  g_autofree char *text = node_to_string (node);
  g_autoptr(JsonNode) reparsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) back = dsc_snapshot_from_json (reparsed, &error);
  g_autoptr(JsonNode) node2 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *canon2 = NULL;
  const DscDirectoryObject *alice;
  const DscValueHolder *holder;

  g_assert_no_error (error);
  g_assert_nonnull (back);

  /* The full text, taken_at included, survives unchanged. */
  node2 = dsc_snapshot_to_json (back);
  text2 = node_to_string (node2);
  g_assert_cmpstr (text, ==, text2);
  canon = dsc_snapshot_to_canonical_string (s);
  canon2 = dsc_snapshot_to_canonical_string (back);
  g_assert_cmpstr (canon, ==, canon2);

  /* And spot checks on the model, in case the writer and reader agree on a bug. */
  g_assert_cmpint (back->taken_at, ==, T0);
  g_assert_cmpstr (back->tenant_name, ==, "Contoso Ltd — Zürich");
  g_assert_cmpint (back->sync_state, ==, DSC_SYNC_STATE_ON);
  g_assert_cmpint (back->last_sync, ==, T0 - 1800);
  g_assert_cmpint (back->quota_total, ==, 300000);
  g_assert_cmpint (back->sources[DSC_SOURCE_SYNC_SETTINGS].state, ==, DSC_SOURCE_STATE_DENIED);
  g_assert_cmpstr (back->sources[DSC_SOURCE_SYNC_SETTINGS].error_code, ==,
                   "Authorization_RequestDenied");
  g_assert_cmpstr (back->sources[DSC_SOURCE_SYNC_SETTINGS].request_id, ==,
                   "5d1c0e7a-1111-2222-3333-444455556666");
  g_assert_cmpint (back->sources[DSC_SOURCE_SERVICE_HEALTH].state, ==, DSC_SOURCE_STATE_FAILED);
  g_assert_cmpint (back->sources[DSC_SOURCE_SYNC_APPS].state, ==,
                   DSC_SOURCE_STATE_UNAVAILABLE);
  g_assert_cmpint (back->sources[DSC_SOURCE_CONFLICT_HOLDERS].state, ==,
                   DSC_SOURCE_STATE_NOT_READ);
  g_assert_true (dsc_snapshot_source_ok (back, DSC_SOURCE_DOMAINS));

  g_assert_cmpint (back->settings.block_soft_match, ==, DSC_TRISTATE_FALSE);
  g_assert_cmpint (back->settings.block_hard_match_takeover, ==, DSC_TRISTATE_TRUE);
  g_assert_cmpint (back->settings.accidental_deletion_threshold, ==, 500);
  g_assert_cmpint (back->settings.pending_updates, ==, 0);
  g_assert_cmpint (back->settings.pending_deletions, ==, 7);
  g_assert_cmpint (back->settings.customer_sync_interval, ==, 3600);
  g_assert_cmpuint (back->settings.features->len, ==, 3);
  g_assert_cmpstr (g_array_index (back->settings.features, DscSyncFeature, 1).name, ==,
                   "passwordSyncEnabled");
  g_assert_true (g_array_index (back->settings.features, DscSyncFeature, 1).enabled);

  g_assert_cmpuint (back->verified_domains->len, ==, 2);
  g_assert_true (((DscDomain *) back->verified_domains->pdata[1])->is_initial);
  g_assert_cmpuint (back->domains->len, ==, 2);
  g_assert_cmpuint (back->identities->len, ==, 2);
  g_assert_cmpint (((DscSyncIdentity *) back->identities->pdata[1])->created, ==,
                   T0 - 86400 * 30);
  g_assert_cmpuint (back->services->len, ==, 1);
  g_assert_cmpuint (((DscServiceHealth *) back->services->pdata[0])->issues->len, ==, 2);

  g_assert_cmpuint (back->objects->len, ==, 4);
  alice = back->objects->pdata[0];
  g_assert_cmpstr (alice->id, ==, "u1");
  g_assert_cmpuint (alice->n_errors, ==, 2);
  g_assert_cmpstr (alice->errors[0].value, ==, "smtp:sales@contoso.com");
  g_assert_cmpint (alice->errors[0].occurred, ==, T0 - 3600);
  g_assert_cmpint (((DscDirectoryObject *) back->objects->pdata[1])->on_premises_sync, ==,
                   DSC_TRISTATE_UNKNOWN);
  g_assert_cmpint (((DscDirectoryObject *) back->objects->pdata[1])->errors[0].occurred, ==, 0);

  g_assert_cmpuint (back->holders->len, ==, 2);
  holder = back->holders->pdata[0];
  g_assert_nonnull (holder->object);
  g_assert_cmpstr (holder->object->user_principal_name, ==, "salesdesk@contoso.com");
  g_assert_cmpint (holder->object->on_premises_sync, ==, DSC_TRISTATE_FALSE);
  g_assert_null (((DscValueHolder *) back->holders->pdata[1])->object);
}

static void
test_json_round_trip_empty (void)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  g_autoptr(JsonNode) node = dsc_snapshot_to_json (s);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) back = dsc_snapshot_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_cmpint (back->taken_at, ==, 0);
  g_assert_cmpint (back->quota_used, ==, -1);
  g_assert_cmpint (back->settings.accidental_deletion_threshold, ==, -1);
  g_assert_cmpint (back->settings.pending_additions, ==, -1);
  g_assert_cmpint (back->settings.sync_interval, ==, 0);
  g_assert_cmpint (back->settings.quarantine_upn_conflicts, ==, DSC_TRISTATE_UNKNOWN);
  g_assert_cmpint (back->sync_state, ==, DSC_SYNC_STATE_UNKNOWN);
}

/* Hostile input. Each case damages one member of a valid cache. */

static JsonNode *
full_json (void)
{
  g_autoptr(DscSnapshot) s = make_full_snapshot ();

  return dsc_snapshot_to_json (s);
}

static JsonObject *
root_of (JsonNode *node)
{
  return json_node_get_object (node);
}

static JsonObject *
element_of (JsonNode *node,
            const char *array,
            guint index)
{
  return json_array_get_object_element (json_object_get_array_member (root_of (node), array),
                                        index);
}

static void
assert_rejected (JsonNode *node,
                 const char *expected_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) s = dsc_snapshot_from_json (node, &error);

  g_assert_null (s);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (strstr (error->message, expected_in_message) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected_in_message);
  g_assert_true (g_str_has_prefix (error->message, "Cached snapshot is unreadable"));
}

static void
test_rejects_truncated (void)
{
  g_autoptr(JsonNode) node = full_json ();
  g_autofree char *text = node_to_string (node);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) cut = NULL;
  JsonObject *root;
  JsonObject *object;

  /* A file cut short on disk does not even parse... */
  text[strlen (text) / 2] = '\0';
  g_assert_false (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_nonnull (error);

  /* ...and a document cut at a member boundary names what is gone. */
  cut = full_json ();
  root = root_of (cut);
  json_object_remove_member (root, "holders");
  assert_rejected (cut, "“holders” is missing");

  g_clear_pointer (&cut, json_node_unref);
  cut = full_json ();
  object = element_of (cut, "objects", 1);
  json_object_remove_member (object, "errors");
  assert_rejected (cut, "“objects[1].errors” is missing");

  g_clear_pointer (&cut, json_node_unref);
  cut = full_json ();
  json_object_remove_member (json_object_get_object_member (root_of (cut), "settings"),
                             "connectorSpaceObjects");
  assert_rejected (cut, "“settings.connectorSpaceObjects” is missing");

  /* Not an object at all. */
  g_clear_pointer (&cut, json_node_unref);
  cut = json_node_init_int (json_node_alloc (), 1);
  assert_rejected (cut, "not a JSON object");
  assert_rejected (NULL, "not a JSON object");
}

static void
test_rejects_wrong_types (void)
{
  struct {
    const char *array;
    int index;         /* -1: a root member */
    const char *member;
    const char *json;
    const char *expected;
  } cases[] = {
    { "objects", 3, "errors", "\"oops\"", "“objects[3].errors” is not an array" },
    { "objects", 0, "kind", "\"robot\"", "“objects[0].kind” has an unknown value" },
    { "objects", 2, "displayName", "42", "“objects[2].displayName” is not a string" },
    { "objects", 1, "onPremisesSyncEnabled", "\"yes\"",
      "“objects[1].onPremisesSyncEnabled” is not true or false" },
    { "domains", 1, "isVerified", "1", "“domains[1].isVerified” is not true or false" },
    { "identities", 0, "created", "\"yesterday\"", "“identities[0].created” is not a valid time" },
    { "sources", 4, "state", "\"sleepy\"", "“sources[4].state” has an unknown value" },
    { NULL, -1, "sources", "{}", "“sources” is not an array" },
    { NULL, -1, "settings", "[]", "“settings” is not an object" },
    { NULL, -1, "quotaUsed", "1.5", "“quotaUsed” is not a whole number" },
    { NULL, -1, "quotaTotal", "-7", "“quotaTotal” is out of range" },
    { NULL, -1, "quotaTotal", "100000000000000000000000", "“quotaTotal” is " },
    { NULL, -1, "lastSync", "1795460102", "“lastSync” is not a valid time" },
    { NULL, -1, "lastSync", "\"2026-13-45T99:00:00Z\"", "“lastSync” is not a valid time" },
    { NULL, -1, "syncState", "true", "“syncState” is not a string" },
    { NULL, -1, "objects", "[1, 2]", "“objects[0]” is not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = full_json ();
      JsonNode *value = parse (cases[i].json);
      JsonObject *target = cases[i].index < 0
                           ? root_of (node)
                           : element_of (node, cases[i].array, cases[i].index);

      g_test_message ("case %u: %s", i, cases[i].expected);
      json_object_set_member (target, cases[i].member, value);
      assert_rejected (node, cases[i].expected);
    }

  {
    g_autoptr(JsonNode) node = full_json ();
    JsonObject *settings = json_object_get_object_member (root_of (node), "settings");

    json_object_set_string_member (settings, "pendingAdditions", "12");
    assert_rejected (node, "“settings.pendingAdditions” is not a whole number");
  }
  {
    g_autoptr(JsonNode) node = full_json ();
    JsonObject *settings = json_object_get_object_member (root_of (node), "settings");
    JsonObject *feature = json_array_get_object_element (
      json_object_get_array_member (settings, "features"), 2);

    json_object_set_int_member (feature, "enabled", 1);
    assert_rejected (node, "“settings.features[2].enabled” is not true or false");
  }
  {
    g_autoptr(JsonNode) node = full_json ();
    JsonObject *holder = element_of (node, "holders", 0);
    JsonObject *object = json_object_get_object_member (holder, "object");

    json_object_set_boolean_member (object, "mail", TRUE);
    assert_rejected (node, "“holders[0].object.mail” is not a string");
  }
  {
    g_autoptr(JsonNode) node = full_json ();
    JsonObject *service = element_of (node, "services", 0);
    JsonObject *issue = json_array_get_object_element (
      json_object_get_array_member (service, "issues"), 1);

    json_object_set_string_member (issue, "isResolved", "no");
    assert_rejected (node, "“services[0].issues[1].isResolved” is not true or false");
  }
}

static void
test_rejects_nulls (void)
{
  struct {
    const char *array;
    int index;
    const char *member;
    const char *expected;
  } cases[] = {
    { NULL, -1, "objects", "“objects” is not an array" },
    { NULL, -1, "settings", "“settings” is not an object" },
    { NULL, -1, "version", "“version” is not a whole number" },
    { NULL, -1, "syncState", "“syncState” is not a string" },
    { "objects", 0, "errors", "“objects[0].errors” is not an array" },
    { "objects", 2, "kind", "“objects[2].kind” is not a string" },
    { "domains", 0, "isDefault", "“domains[0].isDefault” is not true or false" },
    { "sources", 0, "id", "“sources[0].id” is not a string" },
    { "holders", 0, "object", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = full_json ();
      JsonObject *target = cases[i].index < 0
                           ? root_of (node)
                           : element_of (node, cases[i].array, cases[i].index);

      json_object_set_null_member (target, cases[i].member);
      if (cases[i].expected != NULL)
        {
          assert_rejected (node, cases[i].expected);
        }
      else
        {
          /* Nullable members take null: a holder may be unknown. */
          g_autoptr(GError) error = NULL;
          g_autoptr(DscSnapshot) s = dsc_snapshot_from_json (node, &error);

          g_assert_no_error (error);
          g_assert_null (((DscValueHolder *) s->holders->pdata[0])->object);
        }
    }

  /* A null element in an array. */
  {
    g_autoptr(JsonNode) node = full_json ();
    JsonArray *objects = json_object_get_array_member (root_of (node), "objects");

    json_array_add_null_element (objects);
    assert_rejected (node, "“objects[4]” is not an object");
  }
}

static void
test_rejects_huge_strings (void)
{
  g_autoptr(JsonNode) node = full_json ();
  g_autofree char *huge = g_malloc (4 * 1024 * 1024 + 1);
  JsonObject *object;

  memset (huge, 'a', 4 * 1024 * 1024);
  huge[4 * 1024 * 1024] = '\0';
  json_object_set_string_member (root_of (node), "tenantName", huge);
  assert_rejected (node, "“tenantName” is too long");

  g_clear_pointer (&node, json_node_unref);
  node = full_json ();
  object = element_of (node, "objects", 3);
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (object, "errors"), 0),
    "value", huge);
  assert_rejected (node, "“objects[3].errors[0].value” is too long");

  /* A huge time string is refused before parsing it. */
  g_clear_pointer (&node, json_node_unref);
  node = full_json ();
  json_object_set_string_member (root_of (node), "lastSync", huge);
  assert_rejected (node, "“lastSync” is not a valid time");
}

static void
test_rejects_invalid_utf8 (void)
{
  g_autoptr(JsonNode) node = full_json ();
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* json-glib's parser refuses bad UTF-8 in a file... */
  g_assert_false (json_parser_load_from_data (parser, "{\"version\": 1, \"tenantName\": \"\xff\"}",
                                              -1, &error));
  g_assert_nonnull (error);

  /* ...but a node built in memory can still carry it. */
  json_object_set_string_member (element_of (node, "objects", 0), "displayName",
                                 "Ali\xc3\x28" "ce");
  assert_rejected (node, "“objects[0].displayName” is not valid UTF-8");

  g_clear_pointer (&node, json_node_unref);
  node = full_json ();
  json_object_set_string_member (element_of (node, "sources", 2), "message", "\xed\xa0\x80");
  assert_rejected (node, "“sources[2].message” is not valid UTF-8");
}

static void
test_rejects_wrong_version (void)
{
  g_autoptr(JsonNode) node = full_json ();

  json_object_set_int_member (root_of (node), "version", DSC_SNAPSHOT_JSON_VERSION + 1);
  assert_rejected (node, "“version” 2 is not supported");

  json_object_set_int_member (root_of (node), "version", 0);
  assert_rejected (node, "“version” 0 is not supported");

  json_object_set_string_member (root_of (node), "version", "1");
  assert_rejected (node, "“version” is not a whole number");

  json_object_remove_member (root_of (node), "version");
  assert_rejected (node, "“version” is missing");
}

static void
test_ignores_unknown_members (void)
{
  g_autoptr(JsonNode) node = full_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSnapshot) s = NULL;

  json_object_set_string_member (root_of (node), "futureThing", "whatever");
  json_object_set_int_member (element_of (node, "objects", 0), "extra", 3);
  s = dsc_snapshot_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
}

static void
test_canonical_ignores_order (void)
{
  g_autoptr(DscSnapshot) a = make_full_snapshot ();
  g_autoptr(DscSnapshot) b = make_full_snapshot ();
  g_autofree char *canon_a = NULL;
  g_autofree char *canon_b = NULL;
  g_autofree char *canon_changed = NULL;
  g_autofree char *full_a = NULL;
  g_autofree char *full_b = NULL;
  DscDirectoryObject *alice;
  DscProvisioningError swap;
  DscSyncFeature feature;
  g_autoptr(JsonNode) node_a = NULL;
  g_autoptr(JsonNode) node_b = NULL;

  /* Same content, collected in another order and at another time. */
  b->taken_at = T0 + 999;
  for (guint i = 0; i < b->objects->len / 2; i++)
    {
      gpointer tmp = b->objects->pdata[i];

      b->objects->pdata[i] = b->objects->pdata[b->objects->len - 1 - i];
      b->objects->pdata[b->objects->len - 1 - i] = tmp;
    }
  alice = NULL;
  for (guint i = 0; i < b->objects->len; i++)
    if (g_strcmp0 (((DscDirectoryObject *) b->objects->pdata[i])->id, "u1") == 0)
      alice = b->objects->pdata[i];
  g_assert_nonnull (alice);
  swap = alice->errors[0];
  alice->errors[0] = alice->errors[1];
  alice->errors[1] = swap;

  g_ptr_array_add (b->holders, g_ptr_array_steal_index (b->holders, 0));
  g_ptr_array_add (b->domains, g_ptr_array_steal_index (b->domains, 0));
  g_ptr_array_add (b->verified_domains, g_ptr_array_steal_index (b->verified_domains, 0));
  g_ptr_array_add (b->identities, g_ptr_array_steal_index (b->identities, 0));
  {
    DscServiceHealth *service = b->services->pdata[0];

    g_ptr_array_add (service->issues, g_ptr_array_steal_index (service->issues, 0));
  }
  feature = g_array_index (b->settings.features, DscSyncFeature, 0);
  g_array_index (b->settings.features, DscSyncFeature, 0) =
    g_array_index (b->settings.features, DscSyncFeature, 2);
  g_array_index (b->settings.features, DscSyncFeature, 2) = feature;

  /* The plain JSON does see the difference, so the test can tell. */
  node_a = dsc_snapshot_to_json (a);
  node_b = dsc_snapshot_to_json (b);
  full_a = node_to_string (node_a);
  full_b = node_to_string (node_b);
  g_assert_cmpstr (full_a, !=, full_b);

  canon_a = dsc_snapshot_to_canonical_string (a);
  canon_b = dsc_snapshot_to_canonical_string (b);
  g_assert_cmpstr (canon_a, ==, canon_b);
  g_assert_null (strstr (canon_a, "takenAt"));
  g_assert_nonnull (strstr (canon_a, "\"version\":1"));

  /* A real change shows. */
  g_free (alice->errors[0].value);
  alice->errors[0].value = g_strdup ("smtp:other@contoso.com");
  canon_changed = dsc_snapshot_to_canonical_string (b);
  g_assert_cmpstr (canon_a, !=, canon_changed);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/snapshot/defaults", test_defaults);
  g_test_add_func ("/core/snapshot/sort-by-kind-name-id", test_sort);
  g_test_add_func ("/core/snapshot/json-round-trip", test_json_round_trip);
  g_test_add_func ("/core/snapshot/json-round-trip-empty", test_json_round_trip_empty);
  g_test_add_func ("/core/snapshot/json-rejects-truncated", test_rejects_truncated);
  g_test_add_func ("/core/snapshot/json-rejects-wrong-types", test_rejects_wrong_types);
  g_test_add_func ("/core/snapshot/json-rejects-nulls", test_rejects_nulls);
  g_test_add_func ("/core/snapshot/json-rejects-huge-strings", test_rejects_huge_strings);
  g_test_add_func ("/core/snapshot/json-rejects-invalid-utf8", test_rejects_invalid_utf8);
  g_test_add_func ("/core/snapshot/json-rejects-wrong-version", test_rejects_wrong_version);
  g_test_add_func ("/core/snapshot/json-ignores-unknown-members", test_ignores_unknown_members);
  g_test_add_func ("/core/snapshot/canonical-ignores-order", test_canonical_ignores_order);

  return g_test_run ();
}

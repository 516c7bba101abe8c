/* test-fake-tenant.c — the fake Graph tenant answers as Graph does.
 *
 * Talks to it with a plain SoupSession, not the app's client, so a bug in
 * one can't hide a bug in the other.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dsc-fake-scenario.h"
#include "dsc-fake-tenant.h"
#include "dsc-test-object.h"

/* The filter the collector sends for objects in error. */
#define ERRORS_FILTER "onPremisesProvisioningErrors/any(o:o/category eq 'PropertyConflict')"
#define SYNC_ROLE_MEMBERS \
  "/v1.0/directoryRoles(roleTemplateId='d29b2b05-8046-44ba-8758-1e26182fcf32')/members"

typedef struct {
  DscFakeTenant *tenant;
  SoupSession   *session;
} Fixture;

typedef struct {
  guint               status;
  JsonNode           *root;
  SoupMessageHeaders *headers;
  GError             *error;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->root, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
}

static void
fixture_start (Fixture    *f,
               const char *scenario)
{
  g_autoptr(GError) error = NULL;

  f->tenant = dsc_fake_tenant_new ();
  g_assert_true (dsc_fake_tenant_set_scenario (f->tenant, scenario, &error));
  g_assert_no_error (error);
  g_assert_true (dsc_fake_tenant_start (f->tenant, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (dsc_fake_tenant_get_base_url (f->tenant), "http://127.0.0.1:"));
  f->session = soup_session_new_with_options ("max-conns", 32, "max-conns-per-host", 32, NULL);
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->session);
  dsc_fake_tenant_stop (f->tenant);
  g_assert_finalize_object (f->tenant);
  f->tenant = NULL;
}

/* Query values percent-encoded the way a careful client does. */
static char *
build_url (Fixture    *f,
           const char *path,
           va_list     args)
{
  GString *url = g_string_new (dsc_fake_tenant_get_base_url (f->tenant));
  const char *key;
  gboolean first = TRUE;

  g_string_append (url, path);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value, "$,()/:'@!*;=", FALSE);

      g_string_append_printf (url, "%s%s=%s", first ? "?" : "&", key, escaped);
      first = FALSE;
    }
  return g_string_free (url, FALSE);
}

static Reply
send_full (Fixture    *f,
           const char *method,
           const char *url,
           const char *token,
           const char *consistency,
           const char *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  Reply reply = { 0 };

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (consistency != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "ConsistencyLevel",
                                 consistency);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  bytes = soup_session_send_and_read (f->session, msg, NULL, &reply.error);
  if (bytes == NULL)
    return reply;

  reply.status = soup_message_get_status (msg);
  reply.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (bytes) > 0)
    {
      dsc_autofinalize(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      if (json_parser_load_from_data (parser, data, (gssize) len, NULL))
        reply.root = json_node_ref (json_parser_get_root (parser));
    }
  return reply;
}

/* GET with the demo token; key/value query pairs, NULL-terminated. */
static Reply
get (Fixture    *f,
     const char *consistency,
     const char *path,
     ...)
{
  g_autofree char *url = NULL;
  va_list args;

  va_start (args, path);
  url = build_url (f, path, args);
  va_end (args);
  return send_full (f, "GET", url, DSC_FAKE_TENANT_TOKEN, consistency, NULL);
}

static JsonObject *
root_object (Reply *reply)
{
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));
  return json_node_get_object (reply->root);
}

static JsonArray *
value_array (Reply *reply)
{
  JsonObject *o = root_object (reply);

  g_assert_true (json_object_has_member (o, "value"));
  return json_object_get_array_member (o, "value");
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  JsonObject *error, *inner;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, status);
  error = json_object_get_object_member (root_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  inner = json_object_get_object_member (error, "innerError");
  g_assert_nonnull (inner);
  g_assert_nonnull (json_object_get_string_member (inner, "date"));
  g_assert_nonnull (json_object_get_string_member (inner, "request-id"));
  g_assert_nonnull (json_object_get_string_member (inner, "client-request-id"));
}

static const char *
error_message (Reply *reply)
{
  return json_object_get_string_member (json_object_get_object_member (root_object (reply),
                                                                       "error"), "message");
}

static gint64
parse_time (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_requires_bearer_token (void)
{
  Fixture f = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Reply reply;

  fixture_start (&f, "healthy");
  url = g_strconcat (dsc_fake_tenant_get_base_url (f.tenant), "/v1.0/organization", NULL);

  reply = send_full (&f, "GET", url, NULL, NULL, NULL);
  assert_error (&reply, 401, "InvalidAuthenticationToken");
  g_assert_cmpstr (error_message (&reply), ==, "Access token is empty.");
  g_assert_nonnull (soup_message_headers_get_one (reply.headers, "request-id"));
  g_assert_nonnull (soup_message_headers_get_one (reply.headers, "client-request-id"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (reply.headers, NULL),
                                   "application/json"));
  reply_clear (&reply);

  reply = send_full (&f, "GET", url, "not-the-token", NULL, NULL);
  assert_error (&reply, 401, "InvalidAuthenticationToken");
  g_assert_nonnull (strstr (error_message (&reply), "validation"));
  reply_clear (&reply);

  /* The client's own request id comes back, in the header and the body. */
  msg = soup_message_new ("GET", url);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                               "Bearer " DSC_FAKE_TENANT_TOKEN);
  soup_message_headers_append (soup_message_get_request_headers (msg), "client-request-id",
                               "11111111-2222-3333-4444-555555555555");
  bytes = soup_session_send_and_read (f.session, msg, NULL, NULL);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "client-request-id"), ==,
                   "11111111-2222-3333-4444-555555555555");
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                  "request-id"));

  fixture_stop (&f);
}

static void
test_organization_v1_lacks_beta_fields (void)
{
  Fixture f = { 0 };
  Reply reply;
  JsonObject *org, *o;
  JsonArray *domains;
  gboolean initial = FALSE;
  guint i;

  fixture_start (&f, "healthy");

  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root_object (&reply),
                                                                  "@odata.context"),
                                   "/v1.0/$metadata#organization"));
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 1);
  org = json_array_get_object_element (value_array (&reply), 0);
  g_assert_cmpstr (json_object_get_string_member (org, "displayName"), ==, "Contoso Ltd");
  g_assert_true (json_object_get_boolean_member (org, "onPremisesSyncEnabled"));
  g_assert_true (json_object_has_member (org, "onPremisesLastSyncDateTime"));
  g_assert_false (json_object_has_member (org, "onPremisesLastPasswordSyncDateTime"));
  g_assert_false (json_object_has_member (org, "directorySizeQuota"));
  domains = json_object_get_array_member (org, "verifiedDomains");
  for (i = 0; i < json_array_get_length (domains); i++)
    {
      o = json_array_get_object_element (domains, i);
      if (json_object_get_boolean_member (o, "isInitial"))
        initial = g_str_equal (json_object_get_string_member (o, "name"),
                               "contoso.onmicrosoft.com");
    }
  g_assert_true (initial);
  reply_clear (&reply);

  /* Selecting them on v1.0 is an error, as the v1.0 schema doesn't have them. */
  reply = get (&f, NULL, "/v1.0/organization",
               "$select", "id,onPremisesLastPasswordSyncDateTime,directorySizeQuota", NULL);
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  /* v1.0 sync configuration: accidental-deletion settings only. */
  reply = get (&f, NULL, "/v1.0/directory/onPremisesSynchronization", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  o = json_object_get_object_member (json_array_get_object_element (value_array (&reply), 0),
                                     "configuration");
  g_assert_cmpuint (json_object_get_size (o), ==, 1);
  g_assert_true (json_object_has_member (o, "accidentalDeletionPrevention"));
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_beta_has_password_sync_and_quota (void)
{
  Fixture f = { 0 };
  Reply reply;
  JsonObject *org, *quota, *sync, *configuration, *export;
  const char *tenant_id;
  g_autofree char *entity = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 pwd;

  fixture_start (&f, "healthy");

  reply = get (&f, NULL, "/beta/organization",
               "$select", "id,onPremisesLastPasswordSyncDateTime,directorySizeQuota", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  org = json_array_get_object_element (value_array (&reply), 0);
  g_assert_cmpuint (json_object_get_size (org), ==, 3);
  pwd = parse_time (json_object_get_string_member (org, "onPremisesLastPasswordSyncDateTime"));
  g_assert_cmpint (now - pwd, >=, 50);
  g_assert_cmpint (now - pwd, <=, 130);
  quota = json_object_get_object_member (org, "directorySizeQuota");
  g_assert_cmpint (json_object_get_int_member (quota, "total"), ==, 300000);
  g_assert_cmpfloat (100.0 * json_object_get_int_member (quota, "used") / 300000, <, 5.0);
  tenant_id = json_object_get_string_member (org, "id");
  entity = g_strdup_printf ("/beta/directory/onPremisesSynchronization/%s", tenant_id);
  reply_clear (&reply);

  reply = get (&f, NULL, "/beta/directory/onPremisesSynchronization", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  sync = json_array_get_object_element (value_array (&reply), 0);
  configuration = json_object_get_object_member (sync, "configuration");
  g_assert_cmpstr (json_object_get_string_member (configuration, "synchronizationInterval"), ==,
                   "PT30M");
  g_assert_cmpstr (json_object_get_string_member (configuration, "synchronizationClientVersion"),
                   ==, "2.6.92.0");
  export = json_object_get_object_member (configuration, "currentExportData");
  g_assert_cmpstr (json_object_get_string_member (export, "clientMachineName"), ==, "SRV-SYNC01");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (export, "serviceAccount"),
                                   "Sync_SRV-SYNC01_"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (sync, "features"),
                                                 "passwordSyncEnabled"));
  reply_clear (&reply);

  /* The single-entity form the docs show. */
  reply = get (&f, NULL, entity, NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (json_object_has_member (root_object (&reply), "features"));
  g_assert_false (json_object_has_member (root_object (&reply), "value"));
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_sync_settings_denied_when_not_global_admin (void)
{
  Fixture f = { 0 };
  Reply reply;

  fixture_start (&f, "not-global-admin");

  reply = get (&f, NULL, "/beta/directory/onPremisesSynchronization", NULL);
  assert_error (&reply, 403, "Authorization_RequestDenied");
  g_assert_cmpstr (error_message (&reply), ==,
                   "Insufficient privileges to complete the operation.");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/directory/onPremisesSynchronization", NULL);
  assert_error (&reply, 403, "Authorization_RequestDenied");
  reply_clear (&reply);

  /* Everything else stays readable. */
  reply = get (&f, NULL, "/beta/organization",
               "$select", "id,onPremisesLastPasswordSyncDateTime,directorySizeQuota", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  reply_clear (&reply);
  reply = get (&f, "eventual", "/v1.0/users",
               "$filter", ERRORS_FILTER,
               "$count", "true", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  reply_clear (&reply);
  reply = get (&f, NULL, "/v1.0/admin/serviceAnnouncement/healthOverviews",
               "$select", "id,service,status", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_error_filter_pages_with_next_link (void)
{
  Fixture f = { 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GUri) base = NULL;
  g_autofree char *next = NULL;
  gint64 count = -1;
  guint pages = 0, total = 0;
  Reply reply;

  fixture_start (&f, "large:objects=3000,errors=2500");
  base = g_uri_parse (dsc_fake_tenant_get_base_url (f.tenant), G_URI_FLAGS_NONE, NULL);

  reply = get (&f, "eventual", "/v1.0/users",
               "$filter", ERRORS_FILTER,
               "$select", "id,displayName,userPrincipalName,mail,onPremisesSyncEnabled,"
                          "onPremisesProvisioningErrors",
               "$top", "999", "$count", "true", NULL);
  for (;;)
    {
      JsonObject *o;
      JsonArray *value;
      guint i;

      g_assert_no_error (reply.error);
      g_assert_cmpuint (reply.status, ==, 200);
      o = root_object (&reply);
      value = value_array (&reply);
      pages++;

      /* @odata.count on the first page only. */
      g_assert_cmpint (json_object_has_member (o, "@odata.count"), ==, pages == 1);
      if (pages == 1)
        count = json_object_get_int_member (o, "@odata.count");
      g_assert_cmpuint (json_array_get_length (value), <=, 999);

      for (i = 0; i < json_array_get_length (value); i++)
        {
          JsonObject *user = json_array_get_object_element (value, i);

          g_assert_true (g_hash_table_add (seen,
                                           g_strdup (json_object_get_string_member (user, "id"))));
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                              user, "onPremisesProvisioningErrors")), >, 0);
        }
      total += json_array_get_length (value);

      g_clear_pointer (&next, g_free);
      if (!json_object_has_member (o, "@odata.nextLink"))
        break;
      next = g_strdup (json_object_get_string_member (o, "@odata.nextLink"));
      {
        g_autoptr(GUri) link = g_uri_parse (next, G_URI_FLAGS_ENCODED, NULL);

        g_assert_nonnull (link);
        g_assert_cmpstr (g_uri_get_host (link), ==, g_uri_get_host (base));
        g_assert_cmpint (g_uri_get_port (link), ==, g_uri_get_port (base));
        g_assert_nonnull (strstr (g_uri_get_query (link), "$skiptoken="));
      }
      reply_clear (&reply);
      reply = send_full (&f, "GET", next, DSC_FAKE_TENANT_TOKEN, "eventual", NULL);
    }
  reply_clear (&reply);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpint (count, ==, total);
  g_assert_cmpuint (total, ==, 2000);

  /* A token that wasn't handed out is refused. */
  reply = get (&f, "eventual", "/v1.0/users",
               "$filter", ERRORS_FILTER,
               "$skiptoken", "bm90LWEtdG9rZW4", NULL);
  assert_error (&reply, 400, "Request_BadRequest");
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_count_needs_consistency_level (void)
{
  Fixture f = { 0 };
  Reply reply;

  fixture_start (&f, "sync-errors");

  reply = get (&f, NULL, "/v1.0/groups",
               "$filter", ERRORS_FILTER,
               "$count", "true", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  g_assert_nonnull (strstr (error_message (&reply), "ConsistencyLevel"));
  g_assert_nonnull (strstr (error_message (&reply), "eventual"));
  reply_clear (&reply);

  reply = get (&f, "eventual", "/v1.0/groups",
               "$filter", ERRORS_FILTER,
               "$count", "true", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (root_object (&reply), "@odata.count"), ==,
                   json_array_get_length (value_array (&reply)));
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 2);
  reply_clear (&reply);

  /* Without $count the filter needs no header. */
  reply = get (&f, NULL, "/v1.0/contacts",
               "$filter", ERRORS_FILTER, NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_false (json_object_has_member (root_object (&reply), "@odata.count"));
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 2);
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_unsupported_filter_is_400 (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) many = g_string_new ("userPrincipalName in (");
  Reply reply;
  guint i;

  fixture_start (&f, "sync-errors");

  reply = get (&f, NULL, "/v1.0/users", "$filter", "displayName eq 'Adele Vance'", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  g_assert_nonnull (strstr (error_message (&reply),
                            "Unsupported or invalid query filter clause specified for property "
                            "'displayName'"));
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/users", "$filter", "startswith(displayName,'A')", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/groups", "$filter", "userPrincipalName eq 'a@contoso.com'", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/users",
               "$filter", "userPrincipalName eq 'a' and mail eq 'b'", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/users", "$filter", "userPrincipalName eq 'unterminated", NULL);
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/admin/serviceAnnouncement/issues",
               "$filter", "status eq 'x'", NULL);
  g_assert_cmpuint (reply.status, ==, 400);
  reply_clear (&reply);

  for (i = 0; i < 16; i++)
    g_string_append_printf (many, "%s'user%u@contoso.com'", i ? "," : "", i);
  g_string_append_c (many, ')');
  reply = get (&f, NULL, "/v1.0/users", "$filter", many->str, NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/users", "$top", "1000", NULL);
  g_assert_cmpuint (reply.status, ==, 400);
  reply_clear (&reply);

  /* What is supported: any lambda variable, doubled quotes, the in-list. */
  reply = get (&f, NULL, "/v1.0/users",
               "$filter",
               "onPremisesProvisioningErrors/any(err: err/category eq 'PropertyConflict')",
               NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 7);
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/users",
               "$filter", "userPrincipalName in ('o''brien@contoso.com','meganb@CONTOSO.com')",
               NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 1);
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/admin/serviceAnnouncement/issues",
               "$filter", "isResolved eq false", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_select_limits_properties (void)
{
  Fixture f = { 0 };
  Reply reply;
  JsonArray *value;
  JsonObject *o;
  guint i;

  fixture_start (&f, "sync-errors");

  reply = get (&f, NULL, "/v1.0/users", "$select", "displayName", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root_object (&reply),
                                                                  "@odata.context"),
                                   "#users(displayName)"));
  value = value_array (&reply);
  g_assert_cmpuint (json_array_get_length (value), >, 10);
  for (i = 0; i < json_array_get_length (value); i++)
    {
      o = json_array_get_object_element (value, i);
      g_assert_cmpuint (json_object_get_size (o), ==, 2);
      g_assert_true (json_object_has_member (o, "id"));
      g_assert_true (json_object_has_member (o, "displayName"));
    }
  reply_clear (&reply);

  /* Provisioning errors only when selected, even on objects that have them. */
  reply = get (&f, NULL, "/v1.0/users",
               "$filter", ERRORS_FILTER, NULL);
  value = value_array (&reply);
  for (i = 0; i < json_array_get_length (value); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (value, i),
                                            "onPremisesProvisioningErrors"));
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/contacts",
               "$filter", ERRORS_FILTER,
               "$select", "id,displayName,mail,onPremisesSyncEnabled,onPremisesProvisioningErrors",
               NULL);
  value = value_array (&reply);
  for (i = 0; i < json_array_get_length (value); i++)
    {
      JsonObject *error;

      o = json_array_get_object_element (value, i);
      g_assert_cmpuint (json_object_get_size (o), ==, 5);
      error = json_array_get_object_element (json_object_get_array_member (
                                               o, "onPremisesProvisioningErrors"), 0);
      g_assert_cmpstr (json_object_get_string_member (error, "category"), ==, "PropertyConflict");
      g_assert_cmpstr (json_object_get_string_member (error, "propertyCausingError"), ==,
                       "ProxyAddress");
      g_assert_nonnull (json_object_get_string_member (error, "occurredDateTime"));
    }
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/contacts", "$select", "id,userPrincipalName", NULL);
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/domains",
               "$select", "id,authenticationType,isVerified,isDefault,isInitial", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (value_array (&reply), 0)),
                    ==, 5);
  reply_clear (&reply);

  fixture_stop (&f);
}

static JsonObject *
find_response (JsonArray  *responses,
               const char *id)
{
  guint i;

  for (i = 0; i < json_array_get_length (responses); i++)
    {
      JsonObject *r = json_array_get_object_element (responses, i);

      if (g_str_equal (json_object_get_string_member (r, "id"), id))
        return r;
    }
  g_assert_not_reached ();
  return NULL;
}

static Reply
post_batch (Fixture    *f,
            const char *version,
            const char *body)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/$batch", dsc_fake_tenant_get_base_url (f->tenant),
                                          version);

  return send_full (f, "POST", url, DSC_FAKE_TENANT_TOKEN, NULL, body);
}

static void
test_batch_member_statuses (void)
{
  Fixture f = { 0 };
  Reply reply;
  JsonArray *responses;
  JsonObject *r;
  gboolean throttled_member = FALSE;
  DscFakeFaults faults = { 0 };
  guint i, attempt;

  fixture_start (&f, "not-global-admin");

  reply = post_batch (&f, "beta",
                      "{\"requests\":["
                      "{\"id\":\"orgBeta\",\"method\":\"GET\",\"url\":\"/organization?$select=id,"
                      "onPremisesLastPasswordSyncDateTime,directorySizeQuota\"},"
                      "{\"id\":\"sync\",\"method\":\"GET\","
                      "\"url\":\"/directory/onPremisesSynchronization\"}"
                      "]}");
  g_assert_cmpuint (reply.status, ==, 200);
  responses = json_object_get_array_member (root_object (&reply), "responses");
  g_assert_cmpuint (json_array_get_length (responses), ==, 2);
  r = find_response (responses, "orgBeta");
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, 200);
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "headers"),
                                         "Content-Type"));
  r = find_response (responses, "sync");
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, 403);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (r, "body"), "error"), "code"), ==,
                   "Authorization_RequestDenied");
  reply_clear (&reply);

  /* A beta-only property inside a v1.0 batch answers as v1.0 does. */
  reply = post_batch (&f, "v1.0",
                      "{\"requests\":["
                      "{\"id\":\"1\",\"method\":\"GET\","
                      "\"url\":\"/organization?$select=id,directorySizeQuota\"},"
                      "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/directoryRoles(roleTemplateId="
                      "'d29b2b05-8046-44ba-8758-1e26182fcf32')/members?$select=id,displayName,"
                      "userPrincipalName,accountEnabled\"},"
                      "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/nonsense\"},"
                      "{\"id\":\"4\",\"method\":\"GET\","
                      "\"url\":\"/users?$filter=onPremisesProvisioningErrors"
                      "/any(o:o/category%20eq%20'PropertyConflict')&$top=999&$count=true\","
                      "\"headers\":{\"ConsistencyLevel\":\"eventual\"}},"
                      "{\"id\":\"5\",\"method\":\"PATCH\",\"url\":\"/organization\"},"
                      "{\"id\":\"6\",\"method\":\"GET\",\"url\":\"/servicePrincipals(appId="
                      "'6bf85cfa-ac8a-4be5-b5de-425a0d0dc016')/appRoleAssignedTo\"}"
                      "]}");
  g_assert_cmpuint (reply.status, ==, 200);
  responses = json_object_get_array_member (root_object (&reply), "responses");
  g_assert_cmpint (json_object_get_int_member (find_response (responses, "1"), "status"), ==, 400);
  r = find_response (responses, "2");
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, 200);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                     json_array_get_object_element (json_object_get_array_member (
                                       json_object_get_object_member (r, "body"), "value"), 0),
                                     "userPrincipalName"), "Sync_SRV-SYNC01_"));
  g_assert_cmpint (json_object_get_int_member (find_response (responses, "3"), "status"), ==, 400);
  r = find_response (responses, "4");
  g_assert_cmpint (json_object_get_int_member (r, "status"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (r, "body"),
                                               "@odata.count"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (find_response (responses, "5"), "status"), ==, 405);
  g_assert_cmpint (json_object_get_int_member (find_response (responses, "6"), "status"), ==, 200);
  reply_clear (&reply);

  /* Members are throttled one by one, each with its own Retry-After. */
  faults.p_throttle = 0.5;
  faults.retry_after_s = 2;
  faults.seed = 7;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  for (attempt = 0; attempt < 50 && !throttled_member; attempt++)
    {
      reply = post_batch (&f, "v1.0",
                          "{\"requests\":["
                          "{\"id\":\"a\",\"method\":\"GET\",\"url\":\"/domains\"},"
                          "{\"id\":\"b\",\"method\":\"GET\",\"url\":\"/organization\"},"
                          "{\"id\":\"c\",\"method\":\"GET\","
                          "\"url\":\"/admin/serviceAnnouncement/healthOverviews\"},"
                          "{\"id\":\"d\",\"method\":\"GET\",\"url\":\"/users?$top=5\"}"
                          "]}");
      if (reply.status == 200)
        {
          responses = json_object_get_array_member (root_object (&reply), "responses");
          for (i = 0; i < json_array_get_length (responses); i++)
            {
              r = json_array_get_object_element (responses, i);
              if (json_object_get_int_member (r, "status") != 429)
                continue;
              throttled_member = TRUE;
              g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                                 r, "headers"), "Retry-After"), ==, "2");
            }
        }
      else
        {
          g_assert_cmpuint (reply.status, ==, 429);
          g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "2");
        }
      reply_clear (&reply);
    }
  g_assert_true (throttled_member);

  fixture_stop (&f);
}

static void
test_batch_over_20_rejected (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) body = g_string_new ("{\"requests\":[");
  Reply reply;
  guint i;

  fixture_start (&f, "healthy");

  for (i = 0; i < 21; i++)
    g_string_append_printf (body, "%s{\"id\":\"%u\",\"method\":\"GET\",\"url\":\"/domains\"}",
                            i ? "," : "", i);
  g_string_append (body, "]}");
  reply = post_batch (&f, "v1.0", body->str);
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  /* Ids are unique, ignoring case. */
  reply = post_batch (&f, "v1.0",
                      "{\"requests\":["
                      "{\"id\":\"Org\",\"method\":\"GET\",\"url\":\"/organization\"},"
                      "{\"id\":\"org\",\"method\":\"GET\",\"url\":\"/domains\"}]}");
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  reply = post_batch (&f, "v1.0", "{\"requests\": 42");
  assert_error (&reply, 400, "BadRequest");
  reply_clear (&reply);

  /* Twenty is fine, and it's one HTTP request. */
  g_string_assign (body, "{\"requests\":[");
  for (i = 0; i < 20; i++)
    g_string_append_printf (body, "%s{\"id\":\"%u\",\"method\":\"GET\",\"url\":\"/domains\"}",
                            i ? "," : "", i);
  g_string_append (body, "]}");
  i = dsc_fake_tenant_get_request_count (f.tenant);
  reply = post_batch (&f, "v1.0", body->str);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object (&reply),
                                                                         "responses")), ==, 20);
  g_assert_cmpuint (dsc_fake_tenant_get_request_count (f.tenant), ==, i + 1);
  reply_clear (&reply);

  fixture_stop (&f);
}

static char *
odata_literal (const char *value)
{
  GString *out = g_string_new ("'");
  const char *p;

  for (p = value; *p; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/* Holders without errors, other than @except, found by the app's lookups. */
static guint
count_holders (Fixture    *f,
               const char *property,
               const char *value,
               const char *except)
{
  static const char *sets[] = { "/v1.0/users", "/v1.0/groups", "/v1.0/contacts" };
  g_autofree char *literal = odata_literal (value);
  g_autofree char *filter = NULL;
  guint found = 0, s, i;

  for (s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      Reply reply;
      JsonArray *array;

      if (g_str_equal (property, "UserPrincipalName"))
        {
          if (s > 0)
            break;
          filter = g_strdup_printf ("userPrincipalName in (%s)", literal);
        }
      else
        filter = g_strdup_printf ("proxyAddresses/any(p:p eq %s)", literal);

      reply = get (f, NULL, sets[s], "$filter", filter,
                   "$select", "id,displayName,onPremisesProvisioningErrors", NULL);
      g_clear_pointer (&filter, g_free);
      g_assert_cmpuint (reply.status, ==, 200);
      array = value_array (&reply);
      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);

          if (!g_str_equal (json_object_get_string_member (o, "id"), except)
              && json_array_get_length (json_object_get_array_member (
                   o, "onPremisesProvisioningErrors")) == 0)
            found++;
        }
      reply_clear (&reply);
    }
  return found;
}

/* An OData string literal: quotes around, quotes inside doubled. */
static char *
quote_literal (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "'", -1);
  g_autofree char *joined = g_strjoinv ("''", parts);

  return g_strdup_printf ("'%s'", joined);
}

/* Ids an answer lists, as a set. */
static GHashTable *
reply_ids (Reply *reply)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array = value_array (reply);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_hash_table_add (ids, g_strdup (json_object_get_string_member (
      json_array_get_object_element (array, i), "id")));
  return ids;
}

/* "startsWith(userPrincipalName,'a') or …" on users, ANDed to the error
 * filter: the parts cover the users in error exactly once; not(…) needs an
 * advanced query, an "or" takes 15 clauses, startsWith on a group's UPN is
 * no filter Graph has. */
static void
test_user_parts_by_upn_initial (void)
{
  static const char * const parts[] = { "abcdefgh", "ijklm", "nopqrstuvwxyz" };
  Fixture f = { 0 };
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) rest = g_string_new (ERRORS_FILTER);
  g_autoptr(GString) sixteen = g_string_new (ERRORS_FILTER " and (");
  Reply reply;

  fixture_start (&f, "large:objects=2000,errors=600");
  reply = get (&f, NULL, "/v1.0/users", "$filter", ERRORS_FILTER, "$select", "id",
               "$top", "999", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  all = reply_ids (&reply);
  reply_clear (&reply);
  g_assert_cmpuint (g_hash_table_size (all), >, 100);

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_autoptr(GString) filter = g_string_new (ERRORS_FILTER " and (");
      JsonArray *array;

      for (guint i = 0; parts[p][i] != '\0'; i++)
        g_string_append_printf (filter, "%sstartsWith(userPrincipalName,'%c')",
                                i > 0 ? " or " : "", g_ascii_toupper (parts[p][i]));
      g_string_append_c (filter, ')');
      reply = get (&f, NULL, "/v1.0/users", "$filter", filter->str,
                   "$select", "id,userPrincipalName", "$top", "999", NULL);
      g_assert_cmpuint (reply.status, ==, 200);
      array = value_array (&reply);
      g_assert_cmpuint (json_array_get_length (array), >, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);
          const char *upn = json_object_get_string_member (o, "userPrincipalName");

          /* Case-insensitive, as Graph compares directory strings. */
          g_assert_nonnull (strchr (parts[p], g_ascii_tolower (upn[0])));
          g_assert_true (g_hash_table_contains (all, json_object_get_string_member (o, "id")));
          g_assert_true (g_hash_table_add (seen,
                                           g_strdup (json_object_get_string_member (o, "id"))));
        }
      reply_clear (&reply);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (all));

  /* What starts with none of the letters: an advanced query, nothing here. */
  for (char first = 'a'; first <= 'z'; first += 13)
    {
      g_string_append (rest, " and not(");
      for (char c = first; c < first + 13; c++)
        g_string_append_printf (rest, "%sstartsWith(userPrincipalName,'%c')",
                                c > first ? " or " : "", c);
      g_string_append_c (rest, ')');
    }
  reply = get (&f, NULL, "/v1.0/users", "$filter", rest->str, "$select", "id", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);
  reply = get (&f, "eventual", "/v1.0/users", "$filter", rest->str, "$select", "id",
               "$count", "true", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);

  /* Sixteen clauses in one "or" are one too many. */
  for (guint i = 0; i < 16; i++)
    g_string_append_printf (sixteen, "%sstartsWith(userPrincipalName,'%c')",
                            i > 0 ? " or " : "", 'a' + i);
  g_string_append_c (sixteen, ')');
  reply = get (&f, NULL, "/v1.0/users", "$filter", sixteen->str, "$select", "id", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  g_assert_nonnull (strstr (error_message (&reply), "Max allowed: 15"));
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/groups", "$filter",
               ERRORS_FILTER " and startsWith(userPrincipalName,'a')", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);
  fixture_stop (&f);
}

/* "userPrincipalName in (…)" takes 15 values by default; in an advanced
 * query the URL's 2 048 characters are the limit instead. */
static void
test_upn_in_limits (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) twenty = g_string_new ("userPrincipalName in (");
  g_autoptr(GString) long_list = g_string_new ("userPrincipalName in (");
  Reply reply;

  fixture_start (&f, "healthy");
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (twenty, "%s'user%u@contoso.com'", i > 0 ? "," : "", i);
  g_string_append_c (twenty, ')');
  for (guint i = 0; i < 80; i++)
    g_string_append_printf (long_list, "%s'someone.with.a.long.name%u@contoso.com'",
                            i > 0 ? "," : "", i);
  g_string_append_c (long_list, ')');

  reply = get (&f, NULL, "/v1.0/users", "$filter", twenty->str, "$select", "id", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  g_assert_nonnull (strstr (error_message (&reply), "Max allowed: 15"));
  reply_clear (&reply);
  reply = get (&f, "eventual", "/v1.0/users", "$filter", twenty->str, "$select", "id",
               "$count", "true", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  reply_clear (&reply);
  reply = get (&f, "eventual", "/v1.0/users", "$filter", long_list->str, "$select", "id",
               "$count", "true", NULL);
  assert_error (&reply, 400, "Request_BadRequest");
  reply_clear (&reply);
  fixture_stop (&f);
}

/* "any(…) or any(…)" finds what the clauses find one by one, on every set;
 * more than 15 clauses is refused as Graph refuses them. */
static void
test_proxy_filter_or_clauses (void)
{
  static const char *sets[] = { "/v1.0/users", "/v1.0/groups", "/v1.0/contacts" };
  Fixture f = { 0 };
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) many = g_string_new (NULL);
  guint s, i, found = 0;
  Reply reply;

  fixture_start (&f, "large:objects=400,errors=60");

  /* The scenario's proxy conflicts: each value is held by an object without errors. */
  for (s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      JsonArray *array;

      reply = get (&f, NULL, sets[s], "$filter", ERRORS_FILTER,
                   "$select", "id,onPremisesProvisioningErrors", NULL);
      array = value_array (&reply);
      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonArray *errs = json_object_get_array_member (json_array_get_object_element (array, i),
                                                          "onPremisesProvisioningErrors");
          for (guint j = 0; j < json_array_get_length (errs); j++)
            {
              JsonObject *e = json_array_get_object_element (errs, j);

              if (g_str_equal (json_object_get_string_member (e, "propertyCausingError"),
                               "ProxyAddress") && values->len < 15)
                g_ptr_array_add (values, g_strdup (json_object_get_string_member (e, "value")));
            }
        }
      reply_clear (&reply);
    }
  g_assert_cmpuint (values->len, ==, 15);

  for (i = 0; i < values->len; i++)
    {
      g_autofree char *literal = quote_literal (g_ptr_array_index (values, i));
      g_string_append_printf (many, "%sproxyAddresses/any(p%u:p%u eq %s)", i ? " or " : "",
                              i, i, literal);
    }

  for (s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autoptr(GHashTable) one_by_one = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                g_free, NULL);
      g_autoptr(GHashTable) together = NULL;
      GHashTableIter iter;
      gpointer id;

      for (i = 0; i < values->len; i++)
        {
          g_autofree char *literal = quote_literal (g_ptr_array_index (values, i));
          g_autofree char *filter = g_strdup_printf ("proxyAddresses/any(p:p eq %s)", literal);
          g_autoptr(GHashTable) ids = NULL;

          reply = get (&f, NULL, sets[s], "$filter", filter, "$select", "id", NULL);
          g_assert_cmpuint (reply.status, ==, 200);
          ids = reply_ids (&reply);
          g_hash_table_iter_init (&iter, ids);
          while (g_hash_table_iter_next (&iter, &id, NULL))
            g_hash_table_add (one_by_one, g_strdup (id));
          reply_clear (&reply);
        }

      reply = get (&f, NULL, sets[s], "$filter", many->str, "$select", "id", NULL);
      g_assert_cmpuint (reply.status, ==, 200);
      together = reply_ids (&reply);
      reply_clear (&reply);

      g_assert_cmpuint (g_hash_table_size (together), ==, g_hash_table_size (one_by_one));
      g_hash_table_iter_init (&iter, one_by_one);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_assert_true (g_hash_table_contains (together, id));
      found += g_hash_table_size (together);
    }
  /* Every value has a holder somewhere. */
  g_assert_cmpuint (found, >=, 1);

  /* A sixteenth clause is one too many. */
  g_string_append (many, " or proxyAddresses/any(p:p eq 'smtp:nobody@contoso.com')");
  reply = get (&f, NULL, "/v1.0/users", "$filter", many->str, NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  g_assert_nonnull (strstr (error_message (&reply), "Max allowed: 15"));
  reply_clear (&reply);

  /* "or" with another kind of clause is not a form this tenant serves. */
  reply = get (&f, NULL, "/v1.0/users", "$filter",
               "proxyAddresses/any(p:p eq 'smtp:a@contoso.com') or "
               "userPrincipalName eq 'a@contoso.com'", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  fixture_stop (&f);
}

static void
test_holders_found_by_proxy_address (void)
{
  static const char *sets[] = { "/v1.0/users", "/v1.0/groups", "/v1.0/contacts" };
  Fixture f = { 0 };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint s, i, j, shared = 0, objects = 0, proxy_conflicts = 0, upn_conflicts = 0;

  fixture_start (&f, "sync-errors");

  /* Every (object id, property, value) in error. */
  for (s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      Reply reply = get (&f, NULL, sets[s],
                         "$filter", ERRORS_FILTER,
                         "$select", "id,displayName,onPremisesProvisioningErrors", NULL);
      JsonArray *array = value_array (&reply);

      g_assert_cmpuint (json_array_get_length (array), >, 0);
      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);
          JsonArray *errs = json_object_get_array_member (o, "onPremisesProvisioningErrors");

          objects++;
          for (j = 0; j < json_array_get_length (errs); j++)
            {
              JsonObject *e = json_array_get_object_element (errs, j);
              char **entry = g_new0 (char *, 4);

              entry[0] = g_strdup (json_object_get_string_member (o, "id"));
              entry[1] = g_strdup (json_object_get_string_member (e, "propertyCausingError"));
              entry[2] = g_strdup (json_object_get_string_member (e, "value"));
              g_ptr_array_add (errors, entry);
            }
        }
      reply_clear (&reply);
    }
  g_assert_cmpuint (objects, >=, 8);
  g_assert_cmpuint (objects, <=, 12);

  for (i = 0; i < errors->len; i++)
    {
      char **e = g_ptr_array_index (errors, i);
      gboolean two_in_error = FALSE;

      for (j = 0; j < errors->len; j++)
        {
          char **other = g_ptr_array_index (errors, j);

          if (j != i && !g_str_equal (other[0], e[0]) && g_ascii_strcasecmp (other[2], e[2]) == 0)
            two_in_error = TRUE;
        }
      if (g_str_equal (e[1], "ProxyAddress"))
        proxy_conflicts++;
      else
        upn_conflicts++;

      if (two_in_error)
        {
          /* Explained by the other object in error; nobody else holds it. */
          shared++;
          g_assert_cmpuint (count_holders (&f, e[1], e[2], e[0]), ==, 0);
        }
      else if (count_holders (&f, e[1], e[2], e[0]) == 0)
        g_error ("nobody holds %s %s claimed by %s", e[1], e[2], e[0]);
    }
  g_assert_cmpuint (shared, ==, 2);   /* one conflict, two sides */
  g_assert_cmpuint (upn_conflicts, >=, 2);
  g_assert_cmpuint (proxy_conflicts, >=, 5);

  fixture_stop (&f);
}

typedef struct {
  Fixture  *f;
  gboolean  stop;
  guint     requests;
  guint     failures;
} Hammer;

static gpointer
hammer_thread (gpointer user_data)
{
  Hammer *h = user_data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (dsc_fake_tenant_get_base_url (h->f->tenant),
                                      "/v1.0/users?$filter=onPremisesProvisioningErrors/any"
                                      "(o:o/category%20eq%20'PropertyConflict')&$top=50", NULL);

  while (!g_atomic_int_get (&h->stop))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) bytes = NULL;

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                                   "Bearer " DSC_FAKE_TENANT_TOKEN);
      bytes = soup_session_send_and_read (session, msg, NULL, NULL);
      g_atomic_int_inc (&h->requests);
      if (bytes == NULL || soup_message_get_status (msg) != 200)
        g_atomic_int_inc (&h->failures);
    }
  return NULL;
}

static void
test_scenario_switch_while_running (void)
{
  static const char *names[] = { "sync-errors", "large:objects=2000,errors=100", "healthy",
                                 "stale-sync", "sync-errors" };
  Fixture f = { 0 };
  Hammer hammer = { &f, FALSE, 0, 0 };
  GThread *thread;
  Reply reply;
  guint i;

  fixture_start (&f, "healthy");

  reply = get (&f, NULL, "/v1.0/users",
               "$filter", ERRORS_FILTER, NULL);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);

  thread = g_thread_new ("hammer", hammer_thread, &hammer);
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_usleep (20 * 1000);
      g_assert_true (dsc_fake_tenant_set_scenario (f.tenant, names[i], &error));
      g_assert_no_error (error);
    }
  g_usleep (20 * 1000);
  g_atomic_int_set (&hammer.stop, TRUE);
  g_thread_join (thread);

  g_assert_cmpuint (hammer.requests, >, 0);
  g_assert_cmpuint (hammer.failures, ==, 0);
  g_assert_cmpstr (dsc_fake_tenant_get_scenario (f.tenant), ==, "sync-errors");

  reply = get (&f, NULL, "/v1.0/users",
               "$filter", ERRORS_FILTER, NULL);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 7);
  reply_clear (&reply);

  fixture_stop (&f);
}

static GArray *
status_sequence (Fixture *f,
                 guint    n)
{
  GArray *statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i;

  for (i = 0; i < n; i++)
    {
      Reply reply = get (f, NULL, "/v1.0/domains", NULL);

      g_assert_no_error (reply.error);
      g_array_append_val (statuses, reply.status);
      if (reply.status == 429)
        {
          g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "1");
          g_assert_nonnull (soup_message_headers_get_one (reply.headers,
                                                          "x-ms-throttle-information"));
          assert_error (&reply, 429, "TooManyRequests");
        }
      else if (reply.status == 503)
        {
          g_assert_nonnull (soup_message_headers_get_one (reply.headers, "Retry-After"));
          assert_error (&reply, 503, "ServiceUnavailable");
        }
      else
        g_assert_cmpuint (reply.status, ==, 200);
      reply_clear (&reply);
    }
  return statuses;
}

static void
test_faults_are_seeded (void)
{
  Fixture f = { 0 };
  DscFakeFaults faults = { 0 };
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) second = NULL;
  guint i, throttled = 0, unavailable = 0;

  fixture_start (&f, "healthy");
  faults.p_throttle = 0.3;
  faults.p_unavailable = 0.2;
  faults.seed = 42;

  dsc_fake_tenant_set_faults (f.tenant, &faults);
  first = status_sequence (&f, 40);
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  second = status_sequence (&f, 40);

  for (i = 0; i < first->len; i++)
    {
      g_assert_cmpuint (g_array_index (first, guint, i), ==, g_array_index (second, guint, i));
      throttled += g_array_index (first, guint, i) == 429;
      unavailable += g_array_index (first, guint, i) == 503;
    }
  g_assert_cmpuint (throttled, >, 0);
  g_assert_cmpuint (unavailable, >, 0);
  g_assert_cmpuint (throttled + unavailable, <, first->len);

  fixture_stop (&f);
}

static void
test_transport_faults (void)
{
  Fixture f = { 0 };
  DscFakeFaults faults = { 0 };
  Reply reply;

  fixture_start (&f, "healthy");

  faults.p_truncate = 1.0;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_nonnull (reply.error);
  reply_clear (&reply);

  faults.p_truncate = 0;
  faults.p_reset = 1.0;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_nonnull (reply.error);
  reply_clear (&reply);

  /* Both again behind latency, which pauses the message first. */
  faults.latency_ms = 30;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_nonnull (reply.error);
  reply_clear (&reply);
  faults.p_reset = 0;
  faults.p_truncate = 1.0;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_nonnull (reply.error);
  reply_clear (&reply);

  /* And the server is none the worse for it. */
  dsc_fake_tenant_set_faults (f.tenant, NULL);
  reply = get (&f, NULL, "/v1.0/organization", NULL);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 200);
  reply_clear (&reply);

  fixture_stop (&f);
}

typedef struct {
  guint      pending;
  GMainLoop *loop;
  guint      ok;
} Concurrent;

static void
concurrent_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Concurrent *c = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  if (bytes != NULL)
    c->ok++;
  if (--c->pending == 0)
    g_main_loop_quit (c->loop);
}

static void
test_latency_applies_to_concurrent_requests (void)
{
  Fixture f = { 0 };
  DscFakeFaults faults = { 0 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  Concurrent c = { 10, loop, 0 };
  gint64 start, elapsed_ms;
  guint i;

  fixture_start (&f, "healthy");
  faults.latency_ms = 200;
  dsc_fake_tenant_set_faults (f.tenant, &faults);
  url = g_strconcat (dsc_fake_tenant_get_base_url (f.tenant), "/v1.0/organization", NULL);

  start = g_get_monotonic_time ();
  for (i = 0; i < 10; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization",
                                   "Bearer " DSC_FAKE_TENANT_TOKEN);
      soup_session_send_and_read_async (f.session, msg, G_PRIORITY_DEFAULT, NULL,
                                        concurrent_done, &c);
    }
  g_main_loop_run (loop);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_test_message ("10 requests with 200 ms latency took %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpuint (c.ok, ==, 10);
  /* Latency is applied to every request. That concurrent requests overlap is
   * a speed property: bench/bench-refresh measures it (wall vs critical path),
   * tests assert no upper time bound. */
  g_assert_cmpint (elapsed_ms, >=, 200);

  fixture_stop (&f);
}

static void
test_every_scenario_loads (void)
{
  const char * const *names = dsc_fake_tenant_list_scenarios ();
  Fixture f = { 0 };
  guint i;

  fixture_start (&f, "healthy");
  for (i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      static const char *paths[] = {
        "/v1.0/organization", "/beta/organization", "/v1.0/domains",
        "/beta/directory/onPremisesSynchronization",
        "/v1.0/admin/serviceAnnouncement/healthOverviews",
      };
      guint p;
      Reply reply;

      g_test_message ("scenario %s", names[i]);
      g_assert_true (dsc_fake_tenant_set_scenario (f.tenant, names[i], &error));
      g_assert_no_error (error);
      g_assert_cmpstr (dsc_fake_tenant_get_scenario (f.tenant), ==, names[i]);

      for (p = 0; p < G_N_ELEMENTS (paths); p++)
        {
          reply = get (&f, NULL, paths[p], NULL);
          if (g_str_equal (names[i], "not-global-admin") && strstr (paths[p], "onPremisesSync"))
            g_assert_cmpuint (reply.status, ==, 403);
          else
            g_assert_cmpuint (reply.status, ==, 200);
          reply_clear (&reply);
        }

      reply = get (&f, "eventual", "/v1.0/users",
                   "$filter", ERRORS_FILTER,
                   "$select", "id,onPremisesProvisioningErrors",
                   "$top", "999", "$count", "true", NULL);
      g_assert_cmpuint (reply.status, ==, 200);
      reply_clear (&reply);

      /* No legacy account where the role was never activated: 404. */
      reply = get (&f, NULL, SYNC_ROLE_MEMBERS, NULL);
      if (g_str_equal (names[i], "quota-near-limit"))
        assert_error (&reply, 404, "Request_ResourceNotFound");
      else
        g_assert_cmpuint (reply.status, ==, 200);
      reply_clear (&reply);
    }

  g_assert_false (dsc_fake_tenant_set_scenario (f.tenant, "no-such-scenario", NULL));
  g_assert_false (dsc_fake_tenant_set_scenario (f.tenant, "large:objects=10,errors=10", NULL));
  g_assert_cmpstr (dsc_fake_tenant_get_scenario (f.tenant), ==, names[i - 1]);
  fixture_stop (&f);
}

static void
test_scenario_file_with_base (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dsc-fake-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(DscFakeScenario) sc = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "{\"base\":\"stale-sync\",\"quota\":{\"used\":1,"
                                            "\"total\":2},\"sync\":{\"lastSyncMinutesAgo\":null}}",
                                      -1, &error));
  sc = dsc_fake_scenario_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sc->quota_used, ==, 1);
  g_assert_cmpint (sc->last_sync_ago, ==, -1);
  g_assert_cmpint (sc->last_password_sync_ago, ==, 60);
  g_assert_cmpuint (sc->count[DSC_FAKE_USER], >, 20);
  g_clear_pointer (&sc, dsc_fake_scenario_unref);

  /* A typo is reported, not half-loaded. */
  g_assert_true (g_file_set_contents (path, "{\"base\":\"healthy\",\"sync\":{\"enabled\":\"yes\"}}",
                                      -1, &error));
  sc = dsc_fake_scenario_load (path, &error);
  g_assert_null (sc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "sync.enabled"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_live_mode_cycles (void)
{
  g_autoptr(DscFakeScenario) healthy = dsc_fake_scenario_load ("healthy", NULL);
  g_autoptr(DscFakeScenario) stale = dsc_fake_scenario_load ("stale-sync", NULL);
  gint64 later = healthy->loaded_at + 3 * 3600 + 7 * 60;
  gint64 sync, pwd;

  /* Off: times stay where the scenario put them. */
  g_assert_cmpint (dsc_fake_scenario_last_sync (healthy, later, FALSE), ==,
                   healthy->loaded_at - 12 * 60);

  /* On: the last sync is the latest 30-minute cycle, password sync every 2 minutes. */
  sync = dsc_fake_scenario_last_sync (healthy, later, TRUE);
  pwd = dsc_fake_scenario_last_password_sync (healthy, later, TRUE);
  g_assert_cmpint (later - sync, >=, 0);
  g_assert_cmpint (later - sync, <, 30 * 60);
  g_assert_cmpint ((sync - (healthy->loaded_at - 12 * 60)) % (30 * 60), ==, 0);
  g_assert_cmpint (later - pwd, >=, 0);
  g_assert_cmpint (later - pwd, <, 2 * 60);

  /* A stale sync stays stale. */
  g_assert_cmpint (dsc_fake_scenario_last_sync (stale, later, TRUE), ==,
                   stale->loaded_at - 300 * 60);
}

static void
test_large_is_indexed (void)
{
  g_autoptr(DscFakeScenario) sc = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 start = g_get_monotonic_time ();
  guint k, i, j, in_error = 0;

  sc = dsc_fake_scenario_load ("large", NULL);
  g_assert_nonnull (sc);
  g_test_message ("large: generated in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (sc->count[DSC_FAKE_USER] + sc->count[DSC_FAKE_GROUP]
                    + sc->count[DSC_FAKE_CONTACT], >=, 100000);
  for (k = 0; k < DSC_FAKE_N_KINDS; k++)
    in_error += sc->in_error[k]->len;
  g_assert_cmpuint (in_error, ==, 5000);

  /* Every conflicting value has a holder without errors. */
  for (k = 0; k < DSC_FAKE_N_KINDS; k++)
    for (i = 0; i < sc->in_error[k]->len; i++)
      {
        const DscFakeObject *obj = dsc_fake_scenario_object (sc, g_array_index (sc->in_error[k],
                                                                                guint32, i));

        for (j = 0; j < obj->n_errors; j++)
          {
            const DscFakeProvError *e = &g_array_index (sc->errors, DscFakeProvError,
                                                        obj->error_first + j);
            gboolean held = FALSE;
            guint h, kind;

            for (kind = 0; kind < DSC_FAKE_N_KINDS && !held; kind++)
              {
                g_array_set_size (found, 0);
                if (g_str_equal (e->property, "UserPrincipalName"))
                  dsc_fake_scenario_find_upn (sc, e->value, kind, found);
                else
                  dsc_fake_scenario_find_proxy (sc, e->value, kind, found);
                for (h = 0; h < found->len && !held; h++)
                  {
                    guint32 holder = g_array_index (found, guint32, h);

                    held = dsc_fake_scenario_object (sc, holder)->n_errors == 0;
                  }
              }
            g_assert_true (held);
          }
      }
}

static void
test_start_stop_cycles (void)
{
  DscFakeTenant *tenant = dsc_fake_tenant_new ();
  guint i;

  for (i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dsc_fake_tenant_start (tenant, &error));
      g_assert_no_error (error);
      dsc_fake_tenant_stop (tenant);
    }
  g_assert_cmpstr (dsc_fake_tenant_get_scenario (tenant), ==, "healthy");
  g_assert_finalize_object (tenant);
}

/* Cloud Sync: the template filter, jobs under the service principal, agents
 * only in beta with agent groups only when expanded, provisioning-log
 * failures per configuration, and what isn't served. */
static void
test_cloud_sync_endpoints (void)
{
  Fixture f = { 0 };
  Reply reply;
  g_autofree char *sp = NULL;
  g_autofree char *jobs_path = NULL;
  g_autofree char *log_filter = NULL;
  JsonObject *o;
  JsonArray *value;

  fixture_start (&f, "cloud-sync-escrows-rising");

  reply = get (&f, NULL, "/v1.0/servicePrincipals",
               "$filter", "applicationTemplateId eq '1a4721b3-e57f-4451-ae87-ef078703ec94'",
               "$select", "id,appId,displayName,applicationTemplateId", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  value = value_array (&reply);
  g_assert_cmpuint (json_array_get_length (value), ==, 1);
  o = json_array_get_object_element (value, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "displayName"), ==, "corp.contoso.com");
  g_assert_false (json_object_has_member (o, "servicePrincipalType"));   /* $select */
  sp = g_strdup (json_object_get_string_member (o, "id"));
  reply_clear (&reply);

  /* Another template: none. Another property: unsupported. */
  reply = get (&f, NULL, "/v1.0/servicePrincipals",
               "$filter", "applicationTemplateId eq '8adf8e6e-67b2-4cf2-a259-e3dc5476c621'", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);
  reply = get (&f, NULL, "/v1.0/servicePrincipals", "$filter", "displayName eq 'x'", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  jobs_path = g_strdup_printf ("/v1.0/servicePrincipals/%s/synchronization/jobs", sp);
  reply = get (&f, NULL, jobs_path, NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  value = value_array (&reply);
  g_assert_cmpuint (json_array_get_length (value), ==, 2);
  o = json_array_get_object_element (value, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "templateId"), ==, "AD2AADProvisioning");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "id"),
                                   "AD2AADProvisioning."));
  o = json_object_get_object_member (json_object_get_object_member (o, "status"),
                                     "lastExecution");
  g_assert_cmpint (json_object_get_int_member (o, "countEscrowed"), ==, 4200);
  /* "…MinutesAgo" became a time. */
  g_assert_cmpint (parse_time (json_object_get_string_member (o, "timeBegan")), >, 0);
  g_assert_false (json_object_has_member (o, "timeBeganMinutesAgo"));
  reply_clear (&reply);

  reply = get (&f, NULL, "/v1.0/onPremisesPublishingProfiles/provisioning/agents", NULL);
  g_assert_cmpuint (reply.status, ==, 400);
  reply_clear (&reply);
  reply = get (&f, NULL, "/beta/onPremisesPublishingProfiles/provisioning/agents", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  o = json_array_get_object_element (value_array (&reply), 0);
  g_assert_false (json_object_has_member (o, "agentGroups"));
  reply_clear (&reply);
  reply = get (&f, NULL, "/beta/onPremisesPublishingProfiles/provisioning/agents",
               "$expand", "agentGroups", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  o = json_array_get_object_element (value_array (&reply), 0);
  g_assert_true (json_object_has_member (o, "agentGroups"));
  reply_clear (&reply);
  reply = get (&f, NULL, "/beta/onPremisesPublishingProfiles/provisioning/agents",
               "$expand", "owners", NULL);
  assert_error (&reply, 400, "Request_UnsupportedQuery");
  reply_clear (&reply);

  log_filter = g_strdup_printf ("servicePrincipal/id eq '%s' and "
                                "provisioningStatusInfo/status eq 'failure'", sp);
  reply = get (&f, NULL, "/v1.0/auditLogs/provisioning", "$filter", log_filter, "$top", "2",
               NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 2);
  g_assert_true (json_object_has_member (root_object (&reply), "@odata.nextLink"));
  o = json_array_get_object_element (value_array (&reply), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o,
                   "servicePrincipal"), "id"), ==, sp);
  g_assert_false (json_object_has_member (o, "configuration"));
  reply_clear (&reply);
  g_free (log_filter);
  log_filter = g_strdup_printf ("servicePrincipal/id eq '%s' and "
                                "provisioningStatusInfo/status eq 'success'", sp);
  reply = get (&f, NULL, "/v1.0/auditLogs/provisioning", "$filter", log_filter, NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);
  reply = get (&f, NULL, "/v1.0/auditLogs/provisioning", "$filter", "jobId eq 'x'", NULL);
  g_assert_cmpuint (reply.status, ==, 400);
  reply_clear (&reply);

  fixture_stop (&f);

  /* A tenant without Cloud Sync: the filter answers an empty list. */
  fixture_start (&f, "healthy");
  reply = get (&f, NULL, "/v1.0/servicePrincipals",
               "$filter", "applicationTemplateId eq '1a4721b3-e57f-4451-ae87-ef078703ec94'", NULL);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (value_array (&reply)), ==, 0);
  reply_clear (&reply);
  fixture_stop (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fake/tenant/requires-bearer-token", test_requires_bearer_token);
  g_test_add_func ("/fake/tenant/organization-v1-lacks-beta-fields",
                   test_organization_v1_lacks_beta_fields);
  g_test_add_func ("/fake/tenant/beta-has-password-sync-and-quota",
                   test_beta_has_password_sync_and_quota);
  g_test_add_func ("/fake/tenant/sync-settings-denied-when-not-global-admin",
                   test_sync_settings_denied_when_not_global_admin);
  g_test_add_func ("/fake/tenant/error-filter-pages-with-next-link",
                   test_error_filter_pages_with_next_link);
  g_test_add_func ("/fake/tenant/count-needs-consistency-level",
                   test_count_needs_consistency_level);
  g_test_add_func ("/fake/tenant/unsupported-filter-is-400", test_unsupported_filter_is_400);
  g_test_add_func ("/fake/tenant/cloud-sync-endpoints", test_cloud_sync_endpoints);
  g_test_add_func ("/fake/tenant/select-limits-properties", test_select_limits_properties);
  g_test_add_func ("/fake/tenant/batch-member-statuses", test_batch_member_statuses);
  g_test_add_func ("/fake/tenant/batch-over-20-rejected", test_batch_over_20_rejected);
  g_test_add_func ("/fake/tenant/proxy-filter-or-clauses", test_proxy_filter_or_clauses);
  g_test_add_func ("/fake/tenant/user-parts-by-upn-initial", test_user_parts_by_upn_initial);
  g_test_add_func ("/fake/tenant/upn-in-limits", test_upn_in_limits);
  g_test_add_func ("/fake/tenant/holders-found-by-proxy-address",
                   test_holders_found_by_proxy_address);
  g_test_add_func ("/fake/tenant/scenario-switch-while-running",
                   test_scenario_switch_while_running);
  g_test_add_func ("/fake/tenant/faults-are-seeded", test_faults_are_seeded);
  g_test_add_func ("/fake/tenant/transport-faults", test_transport_faults);
  g_test_add_func ("/fake/tenant/latency-applies-to-concurrent-requests",
                   test_latency_applies_to_concurrent_requests);
  g_test_add_func ("/fake/tenant/every-scenario-loads", test_every_scenario_loads);
  g_test_add_func ("/fake/tenant/start-stop-cycles", test_start_stop_cycles);
  g_test_add_func ("/fake/scenario/file-with-base", test_scenario_file_with_base);
  g_test_add_func ("/fake/scenario/live-mode-cycles", test_live_mode_cycles);
  g_test_add_func ("/fake/scenario/large-is-indexed", test_large_is_indexed);

  return g_test_run ();
}

/* test-graph-client.c — the Graph HTTP client against a scripted loopback
 * server: parsing, retries, token refresh, error mapping, paging safety,
 * $batch, cancellation and what reaches the debug log. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dsc-graph-client.h"
#include "dsc-graph-error.h"
#include "dsc-static-token-provider.h"
#include "dsc-test-log.h"
#include "dsc-test-server.h"
#include "dsc-test-object.h"

#define TEST_TOKEN "test-token"

/* ------------------------------------------------------------------------ */
/* A token provider that hands out a new token after each invalidation      */

#define TEST_TYPE_TOKENS (test_tokens_get_type ())
G_DECLARE_FINAL_TYPE (TestTokens, test_tokens, TEST, TOKENS, GObject)

struct _TestTokens
{
  GObject  parent_instance;
  guint    generation;
  guint    invalidations;
  char    *last_invalidated;
};

static void test_tokens_iface_init (DscTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTokens, test_tokens, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DSC_TYPE_TOKEN_PROVIDER,
                                                      test_tokens_iface_init))

static void
test_tokens_get_token_async (DscTokenProvider    *provider,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TestTokens *self = TEST_TOKENS (provider);
  dsc_autofinalize(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_return_pointer (task, g_strdup_printf ("token-%u", self->generation + 1), g_free);
}

static char *
test_tokens_get_token_finish (DscTokenProvider  *provider,
                              GAsyncResult      *result,
                              GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_tokens_invalidate (DscTokenProvider *provider,
                        const char       *token)
{
  TestTokens *self = TEST_TOKENS (provider);

  self->invalidations++;
  self->generation++;
  g_free (self->last_invalidated);
  self->last_invalidated = g_strdup (token);
}

static void
test_tokens_iface_init (DscTokenProviderInterface *iface)
{
  iface->get_token_async = test_tokens_get_token_async;
  iface->get_token_finish = test_tokens_get_token_finish;
  iface->invalidate = test_tokens_invalidate;
}

static void
test_tokens_finalize (GObject *object)
{
  g_free (TEST_TOKENS (object)->last_invalidated);
  G_OBJECT_CLASS (test_tokens_parent_class)->finalize (object);
}

static void
test_tokens_class_init (TestTokensClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_tokens_finalize;
}

static void
test_tokens_init (TestTokens *self)
{
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static const DscGraphRetryPolicy fast_policy = {
  .max_attempts = 5,
  .max_total_ms = 20000,
  .base_delay_ms = 5,
  .max_delay_ms = 3000,
};

static DscGraphClient *
new_client_with (DscTestServer    *server,
                 DscTokenProvider *tokens)
{
  g_autoptr(GError) error = NULL;
  DscGraphClient *client;

  client = dsc_graph_client_new (dsc_test_server_get_url (server), tokens, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  dsc_graph_client_set_retry_policy (client, &fast_policy);

  return client;
}

static DscGraphClient *
new_client (DscTestServer *server)
{
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (TEST_TOKEN);

  return new_client_with (server, tokens);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static DscJson *
get_with (DscGraphClient      *client,
          const char          *path,
          const char * const  *headers,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dsc_graph_client_get_async (client, DSC_GRAPH_V1, path, headers, NULL,
                              store_result, &result);

  return dsc_graph_client_get_finish (client, wait_for (&result), error);
}

static DscJson *
get (DscGraphClient  *client,
     const char      *path,
     GError         **error)
{
  return get_with (client, path, NULL, error);
}

static DscJson *
follow (DscGraphClient  *client,
        const char      *link,
        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dsc_graph_client_follow_async (client, link, NULL, NULL, store_result, &result);

  return dsc_graph_client_follow_finish (client, wait_for (&result), error);
}

static gboolean
run_batch (DscGraphClient  *client,
           DscGraphBatch   *batch,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dsc_graph_client_batch_async (client, batch, cancellable, store_result, &result);

  return dsc_graph_client_batch_finish (client, wait_for (&result), error);
}

static const char *
request_header (const DscTestRequest *request,
                const char           *name)
{
  return g_hash_table_lookup (request->headers, name);
}

static const char *
member_string (DscJson    *node,
               const char *name)
{
  g_assert_true (dsc_json_is_object (node));
  return dsc_json_get_string (dsc_json_get_member (node, name));
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */

static void
test_get_parses_json (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = NULL;
  g_autoptr(DscJson) node2 = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *path = NULL;
  const DscTestRequest *first, *second;
  const char * const headers[] = { "ConsistencyLevel", "eventual", NULL };
  DscJson *value;

  dsc_test_server_add_reply (server, "/v1.0/organization", 200,
                             "{\"value\":[{\"id\":\"t1\",\"displayName\":\"Contoso\"}]}", NULL);
  dsc_test_server_add_reply (server, "/v1.0/users", 200, "{\"value\":[]}", NULL);

  node = get (client, "/organization?$select=id,displayName", &error);
  g_assert_no_error (error);
  g_assert_true (dsc_json_is_object (node));
  value = dsc_json_get_member (node, "value");
  g_assert_true (dsc_json_is_array (value));
  g_assert_cmpuint (dsc_json_get_length (value), ==, 1);
  g_assert_cmpstr (member_string (dsc_json_get_element (value, 0), "displayName"), ==,
                   "Contoso");

  first = dsc_test_server_get_request (server, 0);
  g_assert_cmpstr (first->method, ==, "GET");
  g_assert_cmpstr (first->query, ==, "$select=id,displayName");
  g_assert_cmpstr (request_header (first, "authorization"), ==, "Bearer " TEST_TOKEN);
  g_assert_cmpstr (request_header (first, "accept"), ==, "application/json");
  g_assert_true (g_str_has_prefix (request_header (first, "user-agent"),
                                   "DirSyncCompanion/" PACKAGE_VERSION));
  g_assert_true (g_uuid_string_is_valid (request_header (first, "client-request-id")));
  g_assert_null (request_header (first, "x-ms-throttle-priority"));

  /* Priority and the caller's headers go out; every request gets its own id. */
  dsc_graph_client_set_priority (client, "Low");
  filter = dsc_graph_quote_literal ("O'Brien & co");
  path = g_strconcat ("/users?$filter=displayName eq ", filter, NULL);
  node2 = get_with (client, path, headers, &error);
  g_assert_no_error (error);

  second = dsc_test_server_get_request (server, 1);
  g_assert_cmpstr (request_header (second, "x-ms-throttle-priority"), ==, "Low");
  g_assert_cmpstr (request_header (second, "consistencylevel"), ==, "eventual");
  g_assert_cmpstr (second->query, ==, "$filter=displayName%20eq%20%27O%27%27Brien%20%26%20co%27");
  g_assert_cmpstr (request_header (first, "client-request-id"), !=,
                   request_header (second, "client-request-id"));

  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 2);
}

static void
test_quote_literal (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "PropertyConflict", "%27PropertyConflict%27" },
    { "O'Brien", "%27O%27%27Brien%27" },
    { "a&b#c+d%e f", "%27a%26b%23c%2Bd%25e%20f%27" },
    { "(x,y):z", "%27(x,y):z%27" },
    { "é", "%27%C3%A9%27" },
    { "", "%27%27" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = dsc_graph_quote_literal (cases[i].in);

      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

static void
test_retries_after_429 (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = NULL;
  g_autoptr(DscJson) node2 = NULL;
  g_autoptr(DscJson) node3 = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) soon = NULL;
  g_autofree char *date = NULL;
  gint64 gap;

  dsc_test_server_add_reply (server, "/v1.0/organization", 429,
                             "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down\"}}",
                             "Retry-After", "1", NULL);
  dsc_test_server_add_reply (server, "/v1.0/organization", 200, "{\"value\":[]}", NULL);

  node = get (client, "/organization", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 2);
  g_assert_cmpuint (dsc_test_server_get_n_requests (server), ==, 2);

  gap = dsc_test_server_get_request (server, 1)->time_us -
        dsc_test_server_get_request (server, 0)->time_us;
  g_assert_cmpint (gap, >=, G_USEC_PER_SEC);

  /* Retry-After as an HTTP-date. */
  now = g_date_time_new_now_utc ();
  soon = g_date_time_add_seconds (now, 1);
  date = soup_date_time_to_string (soon, SOUP_DATE_HTTP);
  dsc_test_server_add_reply (server, "/v1.0/domains", 503, NULL, "Retry-After", date, NULL);
  dsc_test_server_add_reply (server, "/v1.0/domains", 200, "{\"value\":[]}", NULL);
  node2 = get (client, "/domains", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/domains"), ==, 2);

  /* No Retry-After: backoff, still retried. */
  dsc_test_server_add_reply (server, "/v1.0/users", 504, NULL, NULL);
  dsc_test_server_add_reply (server, "/v1.0/users", 200, "{\"value\":[]}", NULL);
  node3 = get (client, "/users", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/users"), ==, 2);
  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 6);
}

static void
test_gives_up_after_max_attempts (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = NULL;
  const DscGraphRetryPolicy three = {
    .max_attempts = 3, .max_total_ms = 20000, .base_delay_ms = 5, .max_delay_ms = 50,
  };
  const DscGraphRetryPolicy short_budget = {
    .max_attempts = 5, .max_total_ms = 1000, .base_delay_ms = 5, .max_delay_ms = 60000,
  };
  gint64 start;

  dsc_graph_client_set_retry_policy (client, &three);

  dsc_test_server_add_reply (server, "/v1.0/organization", 503,
                             "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Busy.\"}}",
                             NULL);
  node = get (client, "/organization", &error);
  g_assert_null (node);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_SERVER);
  g_assert_cmpuint (dsc_graph_error_get_http_status (error), ==, 503);
  g_assert_nonnull (strstr (error->message, "3 attempts"));
  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 3);
  g_clear_error (&error);

  dsc_test_server_add_reply (server, "/v1.0/domains", 429, NULL, "Retry-After", "0", NULL);
  node = get (client, "/domains", &error);
  g_assert_null (node);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "3 attempts"));
  g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/domains"), ==, 3);
  g_clear_error (&error);

  /* A wait that would overrun the total budget is not started at all. */
  dsc_graph_client_set_retry_policy (client, &short_budget);
  dsc_test_server_add_reply (server, "/v1.0/users", 429, NULL, "Retry-After", "5", NULL);
  start = g_get_monotonic_time ();
  node = get (client, "/users", &error);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "1 attempt"));
  g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/users"), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_retries_once_on_connection_reset (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(GError) error = NULL;

  /* A fresh client per case: a reset on a reused keep-alive connection is
   * retried inside libsoup, which would blur what is being counted. */
  {
    g_autoptr(DscGraphClient) client = new_client (server);
    g_autoptr(DscJson) node = NULL;

    dsc_test_server_add_reset (server, "/v1.0/organization");
    dsc_test_server_add_reply (server, "/v1.0/organization", 200, "{\"value\":[]}", NULL);
    node = get (client, "/organization", &error);
    g_assert_no_error (error);
    g_assert_nonnull (node);
    g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 2);
  }

  {
    g_autoptr(DscGraphClient) client = new_client (server);
    g_autoptr(DscJson) node = NULL;

    dsc_test_server_add_truncated (server, "/v1.0/domains", "{\"value\":[{\"id\":", 400);
    dsc_test_server_add_reply (server, "/v1.0/domains", 200, "{\"value\":[]}", NULL);
    node = get (client, "/domains", &error);
    g_assert_no_error (error);
    g_assert_nonnull (node);
    g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 2);
  }

  {
    g_autoptr(DscGraphClient) client = new_client (server);
    g_autoptr(DscJson) node = NULL;

    dsc_test_server_add_reset (server, "/v1.0/users");
    dsc_test_server_add_reset (server, "/v1.0/users");
    dsc_test_server_add_reply (server, "/v1.0/users", 200, "{\"value\":[]}", NULL);
    node = get (client, "/users", &error);
    g_assert_null (node);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NETWORK);
    g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 2);
    g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/users"), ==, 2);
  }
}

static void
test_refreshes_token_on_401 (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  dsc_autofinalize(TestTokens) tokens = g_object_new (TEST_TYPE_TOKENS, NULL);
  g_autoptr(DscGraphClient) client = new_client_with (server, DSC_TOKEN_PROVIDER (tokens));
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) node = NULL;
  g_autoptr(DscJson) node2 = NULL;

  dsc_test_server_add_reply (server, "/v1.0/organization", 401,
                             "{\"error\":{\"code\":\"InvalidAuthenticationToken\","
                             "\"message\":\"Access token has expired.\"}}", NULL);
  dsc_test_server_add_reply (server, "/v1.0/organization", 200, "{\"value\":[]}", NULL);

  node = get (client, "/organization", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (tokens->invalidations, ==, 1);
  g_assert_cmpstr (tokens->last_invalidated, ==, "token-1");
  g_assert_cmpstr (request_header (dsc_test_server_get_request (server, 0), "authorization"),
                   ==, "Bearer token-1");
  g_assert_cmpstr (request_header (dsc_test_server_get_request (server, 1), "authorization"),
                   ==, "Bearer token-2");

  /* Refused again with the fresh token: the sign-in itself is the problem. */
  dsc_test_server_add_reply (server, "/v1.0/domains", 401,
                             "{\"error\":{\"code\":\"InvalidAuthenticationToken\","
                             "\"message\":\"Access token validation failure.\"}}", NULL);
  node2 = get (client, "/domains", &error);
  g_assert_null (node2);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message,
                            "Microsoft Graph refused the sign-in token — sign in again"));
  g_assert_cmpuint (tokens->invalidations, ==, 2);
  g_assert_cmpuint (dsc_test_server_count_path (server, "/v1.0/domains"), ==, 2);
  g_clear_error (&error);

  /* A static token cannot be refreshed: one retry, then the same error. */
  {
    g_autoptr(DscGraphClient) fixed = new_client (server);
    g_autoptr(DscJson) node3 = NULL;

    node3 = get (fixed, "/domains", &error);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED);
    g_assert_cmpuint (dsc_graph_client_get_request_count (fixed), ==, 2);
    g_clear_error (&error);
  }

  /* No token at all: nothing is sent. */
  {
    g_autoptr(DscTokenProvider) none = dsc_static_token_provider_new (NULL);
    g_autoptr(DscGraphClient) signed_out = new_client_with (server, none);
    g_autoptr(DscJson) node4 = NULL;

    node4 = get (signed_out, "/organization", &error);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
    g_assert_nonnull (strstr (error->message, "--demo"));
    g_assert_cmpuint (dsc_graph_client_get_request_count (signed_out), ==, 0);
  }
}

static void
test_maps_error_body (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(DscJson) node = NULL;

  dsc_test_server_add_reply (server, "/beta/directory/onPremisesSynchronization", 403,
                             "{\"error\":{\"code\":\"Authorization_RequestDenied\","
                             "\"message\":\"Insufficient privileges to complete the operation.\","
                             "\"innerError\":{\"date\":\"2026-11-23T10:17:06\","
                             "\"request-id\":\"outer-id\","
                             "\"innerError\":{\"code\":\"NotGlobalAdmin\","
                             "\"request-id\":\"1234abcd-0000-4000-8000-000000000001\"}}}}",
                             "request-id", "header-id", NULL);

  {
    g_autoptr(GAsyncResult) result = NULL;

    dsc_graph_client_get_async (client, DSC_GRAPH_BETA, "/directory/onPremisesSynchronization",
                                NULL, NULL, store_result, &result);
    node = dsc_graph_client_get_finish (client, wait_for (&result), &error);
  }

  g_assert_null (node);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FORBIDDEN);
  g_assert_cmpstr (dsc_graph_error_get_graph_code (error), ==, "NotGlobalAdmin");
  g_assert_cmpstr (dsc_graph_error_get_request_id (error), ==,
                   "1234abcd-0000-4000-8000-000000000001");
  g_assert_cmpuint (dsc_graph_error_get_http_status (error), ==, 403);
  g_assert_true (g_str_has_prefix (error->message, "Access denied by Microsoft Graph"));
  g_assert_nonnull (strstr (error->message,
                            "Insufficient privileges to complete the operation."));
  g_assert_nonnull (strstr (error->message,
                            "[request-id 1234abcd-0000-4000-8000-000000000001]"));

  /* Copies keep the extra fields. */
  copy = g_error_copy (error);
  g_assert_cmpstr (dsc_graph_error_get_graph_code (copy), ==, "NotGlobalAdmin");
  g_assert_cmpuint (dsc_graph_error_get_http_status (copy), ==, 403);
  g_clear_error (&error);

  /* No request-id in the body: the response header's. */
  dsc_test_server_add_reply (server, "/v1.0/users/missing", 404,
                             "{\"error\":{\"code\":\"Request_ResourceNotFound\","
                             "\"message\":\"Resource 'missing' does not exist.\"}}",
                             "request-id", "hdr-5678", NULL);
  g_clear_pointer (&node, dsc_json_unref);
  node = get (client, "/users/missing", &error);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_FOUND);
  g_assert_cmpstr (dsc_graph_error_get_request_id (error), ==, "hdr-5678");
  g_assert_cmpstr (dsc_graph_error_get_graph_code (error), ==, "Request_ResourceNotFound");
  g_clear_error (&error);

  dsc_test_server_add_reply (server, "/v1.0/users", 400,
                             "{\"error\":{\"code\":\"Request_UnsupportedQuery\","
                             "\"message\":\"Unsupported query.\"}}", NULL);
  node = get (client, "/users", &error);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST);
  g_assert_cmpstr (dsc_graph_error_get_graph_code (error), ==, "Request_UnsupportedQuery");
  g_assert_null (dsc_graph_error_get_request_id (error));
  g_clear_error (&error);

  /* Status alone, without a client. */
  {
    static const struct {
      guint status;
      DscGraphErrorCode code;
    } cases[] = {
      { 400, DSC_GRAPH_ERROR_BAD_REQUEST },
      { 401, DSC_GRAPH_ERROR_UNAUTHORIZED },
      { 403, DSC_GRAPH_ERROR_FORBIDDEN },
      { 404, DSC_GRAPH_ERROR_NOT_FOUND },
      { 429, DSC_GRAPH_ERROR_THROTTLED },
      { 500, DSC_GRAPH_ERROR_SERVER },
      { 504, DSC_GRAPH_ERROR_SERVER },
      { 418, DSC_GRAPH_ERROR_SERVER },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) mapped = dsc_graph_error_new_from_response (cases[i].status,
                                                                      NULL, 0, NULL);

        g_assert_error (mapped, DSC_GRAPH_ERROR, (gint) cases[i].code);
        g_assert_cmpuint (dsc_graph_error_get_http_status (mapped), ==, cases[i].status);
        g_assert_null (dsc_graph_error_get_graph_code (mapped));
      }
  }

  /* Not a Graph error at all: the getters answer NULL / 0. */
  {
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_null (dsc_graph_error_get_graph_code (io));
    g_assert_null (dsc_graph_error_get_request_id (io));
    g_assert_cmpuint (dsc_graph_error_get_http_status (io), ==, 0);
  }
}

static void
assert_clear_message (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 1000);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_invalid_json_is_clear_error (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  static const char *const bad_2xx[] = {
    "/v1.0/truncated",
    "/v1.0/array",
    "/v1.0/html",
    "/v1.0/empty",
    "/v1.0/utf8",
    "/v1.0/huge",
    "/v1.0/deep",
  };
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GBytes) deep = NULL;
  g_autoptr(GBytes) huge_error = NULL;
  GString *text;

  dsc_test_server_add_reply (server, "/v1.0/truncated", 200, "{\"value\": [", NULL);
  dsc_test_server_add_reply (server, "/v1.0/array", 200, "[1, 2, 3]", NULL);
  html = g_bytes_new_static ("<html><body>Sign in to your proxy</body></html>", 47);
  dsc_test_server_add_reply_full (server, "/v1.0/html", 200, "text/html", html, NULL);
  dsc_test_server_add_reply_full (server, "/v1.0/empty", 200, "application/json", NULL, NULL);
  dsc_test_server_add_reply (server, "/v1.0/utf8", 200, "{\"value\":\"caf\xe9\"}", NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < 4 * 1024 * 1024 / 8; i++)
    g_string_append (text, "garbage ");
  huge = g_string_free_to_bytes (text);
  dsc_test_server_add_reply_full (server, "/v1.0/huge", 200, "application/json", huge, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '[');
  deep = g_string_free_to_bytes (text);
  dsc_test_server_add_reply_full (server, "/v1.0/deep", 200, "application/json", deep, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_2xx); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscJson) node = NULL;

      node = get (client, bad_2xx[i] + strlen ("/v1.0"), &error);
      g_test_message ("%s: %s", bad_2xx[i], error ? error->message : "(no error)");
      g_assert_null (node);
      g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INVALID_RESPONSE);
      g_assert_true (g_str_has_prefix (error->message,
                                       "Microsoft Graph sent an incomplete or malformed "
                                       "response ("));
      assert_clear_message (error);
    }

  /* Hostile error bodies still give a clear, bounded, valid message. */
  dsc_test_server_add_reply (server, "/v1.0/bad-utf8-error", 400,
                             "{\"error\":{\"code\":\"Bad\xff\",\"message\":\"caf\xe9 \xff\\n"
                             "forged line \xe2\x80\xae reversed\"}}", NULL);
  dsc_test_server_add_reply_full (server, "/v1.0/html-error", 502, "text/html", html, NULL);

  text = g_string_new ("{\"error\":{\"code\":\"Huge\",\"message\":\"");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "\"}}");
  huge_error = g_string_free_to_bytes (text);
  dsc_test_server_add_reply_full (server, "/v1.0/huge-error", 500, "application/json",
                                  huge_error, NULL);
  dsc_test_server_add_reply_full (server, "/v1.0/deep-error", 400, "application/json",
                                  deep, NULL);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = get (client, "/bad-utf8-error", &error);

    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST);
    assert_clear_message (error);
    g_assert_nonnull (strstr (error->message, "forged line reversed"));
    g_assert_null (strstr (error->message, "\xe2\x80\xae"));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = get (client, "/html-error", &error);

    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_SERVER);
    g_assert_nonnull (strstr (error->message, "HTTP 502"));
    assert_clear_message (error);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = get (client, "/huge-error", &error);

    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_SERVER);
    assert_clear_message (error);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = get (client, "/deep-error", &error);

    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST);
    assert_clear_message (error);
  }

  /* And without a server: raw bytes straight into the mapper. */
  {
    static const char garbage[] = "{\"error\":{\"code\":42,\"message\":[\"x\"],"
                                  "\"innerError\":\"nope\"}}";
    g_autoptr(GError) error = dsc_graph_error_new_from_response (403, garbage,
                                                                 strlen (garbage), NULL);

    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FORBIDDEN);
    g_assert_null (dsc_graph_error_get_graph_code (error));
    assert_clear_message (error);
  }
}

static void
test_refuses_foreign_next_link (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  const char *base = dsc_test_server_get_url (server);
  g_autofree char *same = g_strconcat (base, "/v1.0/users?$skiptoken=abc", NULL);
  g_autofree char *other_port = g_strdup_printf ("http://127.0.0.1:%d/v1.0/users",
                                                 g_str_has_suffix (base, ":1") ? 2 : 1);
  g_autofree char *other_scheme = g_strconcat ("https", base + strlen ("http"),
                                               "/v1.0/users", NULL);
  g_autofree char *userinfo = g_strconcat (base, "@evil.example.com/v1.0/users", NULL);
  const char *refused[] = {
    "https://graph.evil.example.com/v1.0/users?$skiptoken=abc",
    other_port,
    other_scheme,
    userinfo,
    "/v1.0/users?$skiptoken=abc",
    "not a link at all",
    "",
  };

  dsc_test_server_add_reply (server, "/v1.0/users", 200, "{\"value\":[]}", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscJson) node = follow (client, refused[i], &error);

      g_test_message ("%s: %s", refused[i], error ? error->message : "(followed)");
      g_assert_null (node);
      g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK);
    }

  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 0);
  g_assert_cmpuint (dsc_test_server_get_n_requests (server), ==, 0);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = follow (client, same, &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
    g_assert_cmpstr (dsc_test_server_get_request (server, 0)->query, ==, "$skiptoken=abc");
  }

  /* Host names compare without regard to case. */
  {
    g_autofree char *upper_base = g_strdup_printf ("http://LocalHost:%s",
                                                   strrchr (base, ':') + 1);
    g_autofree char *lower_link = g_strdup_printf ("http://localhost:%s/v1.0/users",
                                                   strrchr (base, ':') + 1);
    g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (TEST_TOKEN);
    g_autoptr(GError) error = NULL;
    dsc_autofinalize(DscGraphClient) named = dsc_graph_client_new (upper_base, tokens, &error);
    g_autoptr(DscJson) node = NULL;

    g_assert_no_error (error);
    node = follow (named, lower_link, &error);
    g_assert_false (g_error_matches (error, DSC_GRAPH_ERROR,
                                     DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK));
  }
}

static void
test_refuses_insecure_url (void)
{
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (TEST_TOKEN);
  static const char *const allowed[] = {
    "https://graph.microsoft.com",
    "https://graph.microsoft.us/",
    "https://microsoftgraph.chinacloudapi.cn:443",
    "http://127.0.0.1:40123",
    "http://127.8.9.10",
    "http://[::1]:8080",
    "http://localhost:1234",
  };
  static const char *const insecure[] = {
    "http://graph.microsoft.com",
    "http://127.0.0.1.evil.example.com",
    "http://10.0.0.1:8080",
    "http://[::2]",
  };
  static const char *const malformed[] = {
    "",
    "graph.microsoft.com",
    "ftp://graph.microsoft.com",
    "https://",
    "https://graph.microsoft.com/v1.0",
    "https://graph.microsoft.com/?x=1",
    "https://user@graph.microsoft.com",
    "https://graph.microsoft.com/%zz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      dsc_autofinalize(DscGraphClient) client = dsc_graph_client_new (allowed[i], tokens, &error);

      g_test_message ("%s", allowed[i]);
      g_assert_no_error (error);
      g_assert_nonnull (client);
    }

  for (guint i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr(GError) error = NULL;
      dsc_autofinalize(DscGraphClient) client = dsc_graph_client_new (insecure[i], tokens, &error);

      g_test_message ("%s: %s", insecure[i], error ? error->message : "(accepted)");
      g_assert_null (client);
      g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INSECURE_URL);
      g_assert_nonnull (strstr (error->message, "https://"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;
      dsc_autofinalize(DscGraphClient) client = dsc_graph_client_new (malformed[i], tokens, &error);

      g_test_message ("%s: %s", malformed[i], error ? error->message : "(accepted)");
      g_assert_null (client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  /* The base is kept in one canonical form. */
  {
    g_autoptr(GError) error = NULL;
    dsc_autofinalize(DscGraphClient) client = dsc_graph_client_new ("https://graph.microsoft.com:443/",
                                                             tokens, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dsc_graph_client_get_base_url (client), ==, "https://graph.microsoft.com");
    g_assert_cmpstr (dsc_graph_client_get_host (client), ==, "graph.microsoft.com");
  }
}

/* $batch handler: answers every member 200 with its URL, except URLs that
 * script something else. Runs on the server thread. */
typedef struct
{
  GMutex  lock;
  guint   calls;
  guint   max_members;
  guint   members;
  guint   throttle_rounds;  /* "/throttled*" members get 429 this many times */
  GHashTable *seen;         /* url → times seen */
  GPtrArray  *round_sizes;
} BatchScript;

static void
batch_handler (const DscTestRequest *request,
               DscTestReply         *reply,
               gpointer              user_data)
{
  BatchScript *script = user_data;
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  dsc_autofinalize(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gsize len;
  const char *data = g_bytes_get_data (request->body, &len);
  JsonArray *requests;
  char *text;

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  requests = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "requests");

  g_mutex_lock (&script->lock);
  script->calls++;
  script->max_members = MAX (script->max_members, json_array_get_length (requests));
  script->members += json_array_get_length (requests);
  g_ptr_array_add (script->round_sizes, GUINT_TO_POINTER (json_array_get_length (requests)));

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *member = json_array_get_object_element (requests, i);
      const char *id = json_object_get_string_member (member, "id");
      const char *url = json_object_get_string_member (member, "url");
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (script->seen, url)) + 1;
      dsc_autofinalize(JsonBuilder) b = json_builder_new ();

      g_assert_cmpstr (json_object_get_string_member (member, "method"), ==, "GET");
      g_hash_table_insert (script->seen, g_strdup (url), GUINT_TO_POINTER (seen));

      if (g_str_has_prefix (url, "/missing"))
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "status");

      if (g_str_has_prefix (url, "/directory"))
        {
          json_builder_add_int_value (b, 403);
          json_builder_set_member_name (b, "body");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "error");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, "Authorization_RequestDenied");
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, "Insufficient privileges to complete the operation.");
          json_builder_set_member_name (b, "innerError");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "request-id");
          json_builder_add_string_value (b, "member-request-id");
          json_builder_end_object (b);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      else if (g_str_has_prefix (url, "/throttled") &&
               (script->throttle_rounds == G_MAXUINT || seen <= script->throttle_rounds))
        {
          json_builder_add_int_value (b, 429);
          json_builder_set_member_name (b, "headers");
          json_builder_begin_object (b);
          /* Member header names come in any case. */
          json_builder_set_member_name (b, "retry-after");
          json_builder_add_string_value (b, script->throttle_rounds == G_MAXUINT ? "0" : "1");
          json_builder_end_object (b);
          json_builder_set_member_name (b, "body");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "error");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, "TooManyRequests");
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      else
        {
          json_builder_add_int_value (b, 200);
          json_builder_set_member_name (b, "body");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "url");
          json_builder_add_string_value (b, url);
          json_builder_end_object (b);
        }

      json_builder_end_object (b);
      g_ptr_array_add (answers, json_builder_get_root (b));
    }
  g_mutex_unlock (&script->lock);

  /* Graph does not keep the order; neither do we. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "responses");
  json_builder_begin_array (builder);
  for (guint i = answers->len; i > 0; i--)
    json_builder_add_value (builder, json_node_ref (g_ptr_array_index (answers, i - 1)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  reply->body = g_bytes_new_take (text, strlen (text));
}

static BatchScript *
batch_script_new (void)
{
  BatchScript *script = g_new0 (BatchScript, 1);

  g_mutex_init (&script->lock);
  script->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  script->round_sizes = g_ptr_array_new ();

  return script;
}

static void
batch_script_free (BatchScript *script)
{
  g_mutex_clear (&script->lock);
  g_hash_table_unref (script->seen);
  g_ptr_array_unref (script->round_sizes);
  g_free (script);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchScript, batch_script_free)

static void
test_batch_splits_over_20 (void)
{
  g_autoptr(BatchScript) script = batch_script_new ();
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);
  g_autoptr(GError) error = NULL;
  const char * const headers[] = { "ConsistencyLevel", "eventual", NULL };

  dsc_test_server_set_handler (server, "/v1.0/$batch", batch_handler, script);

  for (guint i = 0; i < 45; i++)
    {
      g_autofree char *url = g_strdup_printf ("/users/%u?$select=id", i);

      dsc_graph_batch_add (batch, url, i == 0 ? headers : NULL);
    }
  g_assert_cmpuint (dsc_graph_batch_get_size (batch), ==, 45);

  g_assert_true (run_batch (client, batch, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (script->calls, ==, 3);
  g_assert_cmpuint (script->max_members, ==, 20);
  g_assert_cmpuint (script->members, ==, 45);
  g_assert_cmpuint (g_hash_table_size (script->seen), ==, 45);
  g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 3);

  for (guint i = 0; i < 45; i++)
    {
      const char *id = dsc_graph_batch_get_id (batch, i);
      g_autofree char *url = g_strdup_printf ("/users/%u?$select=id", i);
      g_autoptr(DscJson) body = dsc_graph_batch_dup_result (batch, id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dsc_graph_batch_get_status (batch, id), ==, 200);
      g_assert_cmpstr (member_string (body, "url"), ==, url);
    }

  /* Member headers travel inside the batch body. */
  for (guint i = 0; i < dsc_test_server_get_n_requests (server); i++)
    {
      const DscTestRequest *request = dsc_test_server_get_request (server, i);
      g_autofree char *body = g_strndup (g_bytes_get_data (request->body, NULL),
                                         g_bytes_get_size (request->body));

      g_assert_cmpstr (request->path, ==, "/v1.0/$batch");
      g_assert_cmpstr (request_header (request, "content-type"), ==, "application/json");
      if (strstr (body, "\"/users/0?$select=id\"") != NULL)
        g_assert_nonnull (strstr (body, "\"ConsistencyLevel\":\"eventual\""));
    }
}

static void
test_batch_partial_failure (void)
{
  g_autoptr(BatchScript) script = batch_script_new ();
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_BETA);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) org = NULL;
  g_autoptr(DscJson) sync = NULL;
  g_autoptr(DscJson) domains = NULL;
  g_autoptr(DscJson) missing = NULL;
  const char *org_id, *sync_id, *domains_id, *missing_id;

  dsc_test_server_set_handler (server, "/beta/$batch", batch_handler, script);

  org_id = dsc_graph_batch_add (batch, "/organization?$select=id", NULL);
  sync_id = dsc_graph_batch_add (batch, "/directory/onPremisesSynchronization", NULL);
  domains_id = dsc_graph_batch_add (batch, "/domains", NULL);
  missing_id = dsc_graph_batch_add (batch, "/missing", NULL);

  g_assert_true (run_batch (client, batch, NULL, &error));
  g_assert_no_error (error);

  org = dsc_graph_batch_dup_result (batch, org_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (org, "url"), ==, "/organization?$select=id");

  domains = dsc_graph_batch_dup_result (batch, domains_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (domains, "url"), ==, "/domains");

  sync = dsc_graph_batch_dup_result (batch, sync_id, &error);
  g_assert_null (sync);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FORBIDDEN);
  g_assert_cmpuint (dsc_graph_batch_get_status (batch, sync_id), ==, 403);
  g_assert_cmpstr (dsc_graph_error_get_graph_code (error), ==, "Authorization_RequestDenied");
  g_assert_cmpstr (dsc_graph_error_get_request_id (error), ==, "member-request-id");
  g_assert_nonnull (strstr (error->message, "Insufficient privileges"));
  g_clear_error (&error);

  missing = dsc_graph_batch_dup_result (batch, missing_id, &error);
  g_assert_null (missing);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "/missing"));
  g_clear_error (&error);

  g_assert_cmpuint (script->calls, ==, 1);
}

static void
test_batch_resends_throttled_members (void)
{
  g_autoptr(BatchScript) script = batch_script_new ();
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);
  g_autoptr(GError) error = NULL;
  gint64 gap;

  script->throttle_rounds = 1;
  dsc_test_server_set_handler (server, "/v1.0/$batch", batch_handler, script);

  dsc_graph_batch_add (batch, "/organization", NULL);
  dsc_graph_batch_add (batch, "/throttled/a", NULL);
  dsc_graph_batch_add (batch, "/domains", NULL);
  dsc_graph_batch_add (batch, "/throttled/b", NULL);
  dsc_graph_batch_add (batch, "/users/$count", NULL);

  g_assert_true (run_batch (client, batch, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (script->calls, ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (script->round_sizes, 0)), ==, 5);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (script->round_sizes, 1)), ==, 2);
  gap = dsc_test_server_get_request (server, 1)->time_us -
        dsc_test_server_get_request (server, 0)->time_us;
  g_assert_cmpint (gap, >=, G_USEC_PER_SEC);

  for (guint i = 0; i < dsc_graph_batch_get_size (batch); i++)
    {
      const char *id = dsc_graph_batch_get_id (batch, i);
      g_autoptr(DscJson) body = dsc_graph_batch_dup_result (batch, id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dsc_graph_batch_get_status (batch, id), ==, 200);
      g_assert_cmpstr (member_string (body, "url"), ==, dsc_graph_batch_get_url (batch, id));
    }

  /* Throttled for good: the member keeps an error, the others are fine. */
  {
    dsc_autofinalize(DscGraphBatch) stuck = dsc_graph_batch_new (DSC_GRAPH_V1);
    g_autoptr(DscJson) body = NULL;
    const DscGraphRetryPolicy two = {
      .max_attempts = 2, .max_total_ms = 20000, .base_delay_ms = 5, .max_delay_ms = 50,
    };
    const char *ok_id, *stuck_id;
    guint calls_before = script->calls;

    g_mutex_lock (&script->lock);
    script->throttle_rounds = G_MAXUINT;
    g_mutex_unlock (&script->lock);
    dsc_graph_client_set_retry_policy (client, &two);

    ok_id = dsc_graph_batch_add (stuck, "/organization", NULL);
    stuck_id = dsc_graph_batch_add (stuck, "/throttled/forever", NULL);

    g_assert_true (run_batch (client, stuck, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (script->calls - calls_before, ==, 2);

    body = dsc_graph_batch_dup_result (stuck, ok_id, &error);
    g_assert_no_error (error);
    g_clear_pointer (&body, dsc_json_unref);

    body = dsc_graph_batch_dup_result (stuck, stuck_id, &error);
    g_assert_null (body);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_THROTTLED);
    g_assert_cmpuint (dsc_graph_batch_get_status (stuck, stuck_id), ==, 429);
    g_assert_nonnull (strstr (error->message, "2 attempts"));
  }
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_stops_waiting (void)
{
  g_autoptr(BatchScript) script = batch_script_new ();
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscGraphClient) client = new_client (server);
  const DscGraphRetryPolicy patient = {
    .max_attempts = 5, .max_total_ms = 120000, .base_delay_ms = 500, .max_delay_ms = 60000,
  };

  dsc_graph_client_set_retry_policy (client, &patient);
  dsc_test_server_add_reply (server, "/v1.0/organization", 429, NULL, "Retry-After", "30", NULL);

  {
    dsc_autofinalize(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = NULL;
    gint64 start = g_get_monotonic_time ();

    dsc_graph_client_get_async (client, DSC_GRAPH_V1, "/organization", NULL, cancellable,
                                store_result, &result);
    g_timeout_add (200, cancel_cb, cancellable);
    node = dsc_graph_client_get_finish (client, wait_for (&result), &error);

    g_assert_null (node);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpuint (dsc_graph_client_get_request_count (client), ==, 1);
  }

  /* The same for a $batch waiting to re-send throttled members. */
  {
    dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);
    dsc_autofinalize(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();

    script->throttle_rounds = 100; /* Retry-After 1, but cancelled first */
    dsc_test_server_set_handler (server, "/v1.0/$batch", batch_handler, script);
    dsc_graph_batch_add (batch, "/throttled/x", NULL);

    g_timeout_add (200, cancel_cb, cancellable);
    g_assert_false (run_batch (client, batch, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpuint (script->calls, ==, 1);
  }
}

static void
test_no_token_in_debug_log (void)
{
  static const char secret[] = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SECRET-PAYLOAD.sig";
  g_autoptr(BatchScript) script = batch_script_new ();
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (secret);
  g_autoptr(DscGraphClient) client = new_client_with (server, tokens);
  dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);
  g_autofree char *unused_log = dsc_test_log_take ();
  g_autofree char *log = NULL;
  g_autofree char *bearer = g_strconcat ("Bearer ", secret, NULL);
  GString *messages = g_string_new (NULL);
  const char *paths[] = { "/organization", "/domains", "/users", "/groups", "/contacts" };

  dsc_test_server_add_reply (server, "/v1.0/organization", 200, "{\"value\":[]}", NULL);
  dsc_test_server_add_reply (server, "/v1.0/domains", 401, NULL, NULL);
  dsc_test_server_add_reply (server, "/v1.0/users", 429, NULL, "Retry-After", "0", NULL);
  dsc_test_server_add_reply (server, "/v1.0/users", 200, "{\"value\":[]}", NULL);
  dsc_test_server_add_reply (server, "/v1.0/groups", 403,
                             "{\"error\":{\"code\":\"Authorization_RequestDenied\"}}", NULL);
  dsc_test_server_add_reset (server, "/v1.0/contacts");
  dsc_test_server_set_handler (server, "/v1.0/$batch", batch_handler, script);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscJson) node = get (client, paths[i], &error);

      if (error != NULL)
        g_string_append_printf (messages, "%s\n", error->message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = follow (client, "https://evil.example.com/v1.0/users", &error);

    g_string_append_printf (messages, "%s\n", error->message);
  }

  dsc_graph_batch_add (batch, "/organization", NULL);
  dsc_graph_batch_add (batch, "/directory/onPremisesSynchronization", NULL);
  g_assert_true (run_batch (client, batch, NULL, NULL));

  log = dsc_test_log_take ();
  g_test_message ("captured %zu bytes of log", strlen (log));

  /* The log really was captured, with the requests in it... */
  g_assert_nonnull (strstr (log, "/v1.0/organization"));
  g_assert_nonnull (strstr (log, "/v1.0/$batch"));
  g_assert_nonnull (strstr (log, "429"));
  /* ...and the server really got the token... */
  g_assert_cmpstr (request_header (dsc_test_server_get_request (server, 0), "authorization"),
                   ==, bearer);
  /* ...but neither the log nor any message carries it. */
  g_assert_null (strstr (log, "SECRET-PAYLOAD"));
  g_assert_null (strstr (log, "eyJ0eXAi"));
  g_assert_null (strstr (log, "Bearer"));
  g_assert_null (strstr (messages->str, "SECRET-PAYLOAD"));
  g_assert_cmpuint (messages->len, >, 0);

  g_string_free (messages, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dsc_test_log_capture_start ();

  g_test_add_func ("/graph/client/get-parses-json", test_get_parses_json);
  g_test_add_func ("/graph/client/quote-literal", test_quote_literal);
  g_test_add_func ("/graph/client/retries-after-429", test_retries_after_429);
  g_test_add_func ("/graph/client/gives-up-after-max-attempts",
                   test_gives_up_after_max_attempts);
  g_test_add_func ("/graph/client/retries-once-on-connection-reset",
                   test_retries_once_on_connection_reset);
  g_test_add_func ("/graph/client/refreshes-token-on-401", test_refreshes_token_on_401);
  g_test_add_func ("/graph/client/maps-error-body", test_maps_error_body);
  g_test_add_func ("/graph/client/invalid-json-is-clear-error",
                   test_invalid_json_is_clear_error);
  g_test_add_func ("/graph/client/refuses-foreign-next-link", test_refuses_foreign_next_link);
  g_test_add_func ("/graph/client/refuses-insecure-url", test_refuses_insecure_url);
  g_test_add_func ("/graph/client/batch-splits-over-20", test_batch_splits_over_20);
  g_test_add_func ("/graph/client/batch-partial-failure", test_batch_partial_failure);
  g_test_add_func ("/graph/client/batch-resends-throttled-members",
                   test_batch_resends_throttled_members);
  g_test_add_func ("/graph/client/cancel-stops-waiting", test_cancel_stops_waiting);
  g_test_add_func ("/graph/client/no-token-in-debug-log", test_no_token_in_debug_log);

  return g_test_run ();
}

/* test-security.c — what must never happen, whatever Graph or the network do:
 * the sign-in token in a log line, the token sent to a host other than the
 * Graph root, or Graph spoken to over plain http:// across the network. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "dsc-collector.h"
#include "dsc-connection.h"
#include "dsc-fake-scenario.h"
#include "dsc-fake-service.h"
#include "dsc-demo.h"
#include "dsc-fake-tenant.h"
#include "dsc-graph-error.h"
#include "dsc-static-token-provider.h"
#include "dsc-test-log.h"
#include "dsc-test-server.h"

#define WRONG_TOKEN "wrong-token-6f1d0c2e"

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static DscSnapshot *
collect (DscGraphClient *client,
         GError        **error)
{
  g_autoptr(DscCollector) collector = dsc_collector_new (client);
  g_autoptr(GAsyncResult) result = NULL;

  dsc_collector_run_async (collector, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dsc_collector_run_finish (collector, result, error);
}

/* A full demo refresh (the fake tenant through DscConnection, as --demo runs
 * it), one with throttling, failures and resets, and one with a token the
 * tenant refuses: no log record may carry a token or an Authorization header. */
static void
test_no_token_in_logs (void)
{
  const DscGraphRetryPolicy fast = {
    .max_attempts = 5, .max_total_ms = 60000, .base_delay_ms = 1, .max_delay_ms = 5,
  };
  DscFakeFaults faults = {
    .p_throttle = 0.2, .p_unavailable = 0.1, .p_reset = 0.05, .p_truncate = 0.02,
    .retry_after_s = 1, .seed = 7,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DscDemo) demo = dsc_demo_new ("sync-errors", TRUE, &error);
  DscConnection *connection = demo != NULL ? dsc_demo_get_connection (demo) : NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DscReport) report = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(DscTokenProvider) wrong = dsc_static_token_provider_new (WRONG_TOKEN);
  g_autoptr(DscGraphClient) wrong_client = NULL;
  g_autoptr(GError) wrong_error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *lower = NULL;
  DscGraphClient *client;
  guint records_before;

  g_assert_no_error (error);
  client = dsc_connection_get_client (connection);
  records_before = dsc_test_log_get_n_records ();

  dsc_connection_refresh_async (connection, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = dsc_connection_refresh_finish (connection, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  dsc_graph_client_set_retry_policy (client, &fast);
  dsc_fake_tenant_set_faults (dsc_demo_get_fake_tenant (demo), &faults);
  snapshot = collect (client, NULL);   /* any outcome; only the logs matter */

  faults = (DscFakeFaults) { 0 };
  dsc_fake_tenant_set_faults (dsc_demo_get_fake_tenant (demo), &faults);
  wrong_client = dsc_graph_client_new (dsc_graph_client_get_base_url (client), wrong, &error);
  g_assert_no_error (error);
  g_clear_pointer (&snapshot, dsc_snapshot_unref);
  snapshot = collect (wrong_client, &wrong_error);
  g_assert_null (snapshot);
  g_assert_error (wrong_error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED);

  /* The capture (every record, every thread, debug included) really saw the
   * refreshes' debug traces. */
  g_assert_cmpuint (dsc_test_log_get_n_records () - records_before, >, 20);
  log = dsc_test_log_take ();
  g_assert_nonnull (strstr (log, "HTTP 200"));
  g_assert_null (strstr (log, DSC_FAKE_TENANT_TOKEN));
  g_assert_null (strstr (log, WRONG_TOKEN));
  g_assert_null (g_strstr_len (log, -1, "Bearer "));
  lower = g_ascii_strdown (log, -1);
  g_assert_null (strstr (lower, "authorization:"));
}

/* The fake tenant's own service code, behind a test server, answering with
 * page links that point at another host. */
typedef struct {
  DscFakeScenario *scenario;
} ForeignLinks;

static void
foreign_links_handler (const DscTestRequest *request,
                       DscTestReply         *reply,
                       gpointer              user_data)
{
  ForeignLinks *fl = user_data;
  DscFakeContext ctx = { 0 };
  DscFakeRequest req = { 0 };
  DscFakeResponse resp;

  ctx.scenario = fl->scenario;
  ctx.base_url = "https://graph.evil.example";   /* for @odata.nextLink */
  ctx.now = g_get_real_time () / G_USEC_PER_SEC;
  ctx.retry_after_s = 1;
  req.method = request->method;
  req.path = request->path;
  req.query = request->query;
  req.consistency_level = g_hash_table_lookup (request->headers, "consistencylevel");
  req.request_id = "security-test";
  req.client_request_id = g_hash_table_lookup (request->headers, "client-request-id");
  req.body = request->body;

  dsc_fake_response_init (&resp);
  dsc_fake_service_handle (&ctx, &req, &resp);
  reply->status = resp.status;
  reply->body = g_bytes_new (resp.body->str, resp.body->len);
  dsc_fake_response_clear (&resp);
}

static void
test_foreign_next_link_refused (void)
{
  g_autoptr(DscTestServer) server = dsc_test_server_new ();
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);
  g_autoptr(DscGraphClient) client = NULL;
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  ForeignLinks fl = { 0 };

  /* More users in error than one page of 999 holds in some of the parts the
   * users are read in (by the first letter of the UPN), so Graph pages them. */
  fl.scenario = dsc_fake_scenario_load ("large:objects=9000,errors=8000", &error);
  g_assert_no_error (error);
  dsc_test_server_set_handler (server, "/v1.0/$batch", foreign_links_handler, &fl);
  dsc_test_server_set_handler (server, "/beta/$batch", foreign_links_handler, &fl);

  client = dsc_graph_client_new (dsc_test_server_get_url (server), tokens, &error);
  g_assert_no_error (error);
  snapshot = collect (client, &error);

  /* The refresh fails (the app keeps its last good report), naming the
   * foreign host … */
  g_assert_null (snapshot);
  /* The error is of the first failure's kind, and its first line (the cause
   * the error screen leads with) names the foreign host. */
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK);
  g_assert_nonnull (strstr (error->message, "graph.evil.example"));
  g_assert_true (strstr (error->message, "graph.evil.example") < strchr (error->message, '\n'));
  /* … and nothing but the two $batch calls (and holder lookups) was sent:
   * no request ever carried a page token. */
  for (guint i = 0; i < dsc_test_server_get_n_requests (server); i++)
    {
      const DscTestRequest *r = dsc_test_server_get_request (server, i);

      g_assert_true (g_str_has_suffix (r->path, "/$batch"));
      g_assert_true (r->body == NULL ||
                     g_strstr_len (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body),
                                   "skiptoken") == NULL);
    }

  dsc_fake_scenario_unref (fl.scenario);
}

/* The token must not cross the network in clear text: http:// only to
 * loopback (the demo tenant). */
static void
test_insecure_url_refused (void)
{
  static const char * const refused[] = {
    "http://graph.microsoft.com",
    "http://graph.microsoft.us",
    "http://10.0.0.1:8080",
    "http://127.0.0.1.evil.example",
    "http://localhost.evil.example",
    "http://0x7f000001.evil.example",
  };
  static const char * const allowed[] = {
    "https://graph.microsoft.com",
    "http://127.0.0.1:40123",
    "http://[::1]:40123",
  };
  g_autoptr(DscTokenProvider) tokens = dsc_static_token_provider_new (DSC_FAKE_TENANT_TOKEN);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscGraphClient) client = dsc_graph_client_new (refused[i], tokens, &error);
      g_autoptr(GError) connection_error = NULL;
      g_autoptr(DscConnection) connection = NULL;

      g_test_message ("%s", refused[i]);
      g_assert_null (client);
      g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INSECURE_URL);
      connection = dsc_connection_new_graph (refused[i], tokens, &connection_error);
      g_assert_null (connection);
      g_assert_error (connection_error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INSECURE_URL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscGraphClient) client = dsc_graph_client_new (allowed[i], tokens, &error);

      g_test_message ("%s", allowed[i]);
      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dsc_test_log_capture_start ();

  g_test_add_func ("/graph/security/no-token-in-logs", test_no_token_in_logs);
  g_test_add_func ("/graph/security/foreign-next-link-refused", test_foreign_next_link_refused);
  g_test_add_func ("/graph/security/insecure-url-refused", test_insecure_url_refused);

  return g_test_run ();
}

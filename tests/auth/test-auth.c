/* test-auth.c — sign-in against the fake identity platform: PKCE, the
 * loopback listener, the auth-code and device-code flows, refresh rotation,
 * expiry, error mapping, and that no secret reaches the log. */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dsc-auth-code-flow.h"
#include "dsc-auth-error.h"
#include "dsc-cloud.h"
#include "dsc-connection.h"
#include "dsc-device-code-flow.h"
#include "dsc-fake-identity.h"
#include "dsc-fake-tenant.h"
#include "dsc-graph-error.h"
#include "dsc-oauth-token-provider.h"
#include "dsc-pkce.h"
#include "dsc-profile.h"
#include "dsc-test-log.h"
#include "dsc-test-object.h"
#include "dsc-oauth.h"
#include "canned-http.h"
#include <json-glib/json-glib.h>

#define CLIENT_ID "11111111-2222-3333-4444-555555555555"

/* ---- fixture ------------------------------------------------------------------- */

typedef struct {
  DscFakeTenant *tenant;
  char          *authority;
  char          *scopes;
  GMainLoop     *loop;
  GAsyncResult  *result;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  dsc_fake_identity_reset (NULL);
  f->tenant = dsc_fake_tenant_new ();
  g_assert_true (dsc_fake_tenant_start (f->tenant, &error));
  g_assert_no_error (error);
  f->authority = dsc_cloud_build_authority (dsc_fake_tenant_get_base_url (f->tenant),
                                            "contoso.onmicrosoft.com", &error);
  g_assert_no_error (error);
  f->scopes = dsc_cloud_build_scopes (NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  dsc_fake_tenant_stop (f->tenant);
  dsc_test_clear_finalized (&f->tenant);
  g_free (f->authority);
  g_free (f->scopes);
  g_clear_object (&f->result);
  g_main_loop_unref (f->loop);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  g_set_object (&f->result, result);
  g_main_loop_quit (f->loop);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  g_main_loop_run (f->loop);
  return f->result;
}

/* ---- PKCE -------------------------------------------------------------------------- */

static void
test_pkce_rfc7636_vector (void)
{
  g_autofree char *challenge = dsc_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_pkce_verifier_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = dsc_pkce_new_verifier (&error);
  g_autofree char *b = dsc_pkce_new_verifier (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), >=, 43);
  g_assert_cmpuint (strlen (a), <=, 128);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL);
}

static void
test_scopes_per_cloud (void)
{
  g_autofree char *us = dsc_cloud_build_scopes (dsc_cloud_get (DSC_CLOUD_US_GOV_HIGH)->graph_root);
  g_autofree char *cn = dsc_cloud_build_scopes (dsc_cloud_get (DSC_CLOUD_CHINA)->graph_root);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = dsc_cloud_build_authority ("http://login.example.com", "x", &error);

  g_assert_true (g_str_has_prefix (us, "offline_access openid profile"));
  g_assert_nonnull (strstr (us, "https://graph.microsoft.us/Organization.Read.All"));
  g_assert_null (strstr (us, "graph.microsoft.com"));
  g_assert_nonnull (strstr (cn, "https://microsoftgraph.chinacloudapi.cn/User.Read.All"));
  g_assert_null (strstr (cn, "ReadWrite"));
  g_assert_null (bad);
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_SETTINGS);
  g_assert_cmpstr (dsc_cloud_get (DSC_CLOUD_US_GOV_DOD)->authority_host, ==,
                   "https://login.microsoftonline.us");
}

static void
test_error_mapping (void)
{
  g_autoptr(GError) e1 = dsc_auth_error_new_from_oauth (
    "invalid_client", "AADSTS7000218: The request body must contain client_assertion.");
  g_autoptr(GError) e2 = dsc_auth_error_new_from_oauth ("invalid_request",
                                                        "AADSTS50011: The redirect URI");
  g_autoptr(GError) e3 = dsc_auth_error_new_from_oauth ("invalid_grant",
                                                        "AADSTS65001: no consent");
  g_autofree char *consent = dsc_auth_admin_consent_url ("https://login.microsoftonline.com/"
                                                         "contoso.com", CLIENT_ID);

  g_assert_error (e1, DSC_AUTH_ERROR, DSC_AUTH_ERROR_PUBLIC_CLIENT_DISABLED);
  g_assert_nonnull (strstr (e1->message, "Allow public client flows"));
  g_assert_error (e2, DSC_AUTH_ERROR, DSC_AUTH_ERROR_REDIRECT_MISMATCH);
  g_assert_nonnull (strstr (e2->message, "http://localhost"));
  g_assert_error (e3, DSC_AUTH_ERROR, DSC_AUTH_ERROR_CONSENT_REQUIRED);
  g_assert_cmpstr (dsc_auth_error_get_aadsts (e3), ==, "AADSTS65001");
  g_assert_cmpstr (consent, ==, "https://login.microsoftonline.com/contoso.com/adminconsent"
                   "?client_id=" CLIENT_ID);
}

/* ---- the loopback listener ---------------------------------------------------------- */

static guint
get_status (SoupSession *session, const char *url)
{
  dsc_autofinalize(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    return 0;
  return soup_message_get_status (msg);
}

typedef struct {
  SoupSession *session;
  char        *url;
  guint        status;
  char        *body;
} Browser;

static gpointer
browser_thread (gpointer data)
{
  Browser *b = data;
  dsc_autofinalize(SoupMessage) msg = soup_message_new ("GET", b->url);
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read (b->session, msg, NULL, NULL);
  b->status = body != NULL ? soup_message_get_status (msg) : 0;
  b->body = body != NULL ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body))
                         : NULL;
  return NULL;
}

/* The "browser" runs in a thread with its own synchronous session: the
 * listener and the flow live on this thread's main loop. */
static Browser *
browse (const char *url)
{
  Browser *b = g_new0 (Browser, 1);

  b->session = soup_session_new ();
  b->url = g_strdup (url);
  return b;
}

static void
browser_free (Browser *b)
{
  g_object_unref (b->session);
  g_free (b->url);
  g_free (b->body);
  g_free (b);
}

typedef struct {
  Browser *b;
  gboolean done;
} BrowserRun;

static gboolean
browser_done_idle (gpointer data)
{
  ((BrowserRun *) data)->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gpointer
browser_thread_notify (gpointer data)
{
  BrowserRun *run = data;

  browser_thread (run->b);
  g_idle_add (browser_done_idle, run);
  return NULL;
}

/* Runs the GET to completion while the main context keeps serving. */
static void
browse_and_wait (Browser *b)
{
  BrowserRun run = { b, FALSE };
  GThread *thread = g_thread_new ("browser", browser_thread_notify, &run);

  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
}

/* The redirect names "localhost", which a browser may try as [::1] first:
 * the flow holds that address on the same port, so no other local program
 * can answer the browser there. */
static void
test_listener_holds_both_loopbacks (Fixture *f, gconstpointer data)
{
  g_autoptr(DscAuthCodeFlow) flow = dsc_auth_code_flow_new (f->authority, CLIENT_ID, f->scopes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) v6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GSocket) squatter = NULL;
  g_autoptr(GSocketAddress) any = NULL, taken = NULL;
  g_autoptr(GUri) redirect = NULL;

  probe = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  any = g_inet_socket_address_new (v6, 0);
  if (probe == NULL || !g_socket_bind (probe, any, FALSE, NULL))
    {
      g_test_skip ("no IPv6 loopback on this machine");
      return;
    }
  g_assert_true (dsc_auth_code_flow_start (flow, &error));
  redirect = g_uri_parse (dsc_auth_code_flow_get_redirect_uri (flow), G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "localhost");
  squatter = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           NULL);
  taken = g_inet_socket_address_new (v6, (guint16) g_uri_get_port (redirect));
  g_assert_false (g_socket_bind (squatter, taken, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
}

static void
test_listener_rejects_and_single_use (Fixture *f, gconstpointer data)
{
  g_autoptr(DscAuthCodeFlow) flow = dsc_auth_code_flow_new (f->authority, CLIENT_ID, f->scopes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) authorize = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *wrong_path = NULL, *wrong_state = NULL, *good = NULL;
  Browser *b;

  g_assert_true (dsc_auth_code_flow_start (flow, &error));
  g_assert_no_error (error);
  authorize = g_uri_parse (dsc_auth_code_flow_get_authorize_url (flow), G_URI_FLAGS_NONE,
                           NULL);
  params = g_uri_parse_params (g_uri_get_query (authorize), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_mode"), ==, "query");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==,
                   dsc_auth_code_flow_get_redirect_uri (flow));
  g_assert_true (g_str_has_prefix (dsc_auth_code_flow_get_redirect_uri (flow),
                                   "http://localhost:"));
  g_assert_null (g_hash_table_lookup (params, "code_verifier"));

  dsc_auth_code_flow_get_tokens_async (flow, NULL, store_result, f);

  wrong_path = g_strdup_printf ("%s/favicon.ico?code=x&state=%s",
                                dsc_auth_code_flow_get_redirect_uri (flow),
                                (char *) g_hash_table_lookup (params, "state"));
  b = browse (wrong_path);
  browse_and_wait (b);
  g_assert_cmpuint (b->status, ==, 404);
  browser_free (b);

  wrong_state = g_strdup_printf ("%s/?code=x&state=forged",
                                 dsc_auth_code_flow_get_redirect_uri (flow));
  b = browse (wrong_state);
  browse_and_wait (b);
  g_assert_cmpuint (b->status, ==, 400);
  browser_free (b);
  g_assert_null (f->result);   /* still waiting */

  /* The real answer: an error from the service ends the flow. */
  good = g_strdup_printf ("%s/?error=access_denied&error_description=AADSTS65004%%3A+declined"
                          "&state=%s", dsc_auth_code_flow_get_redirect_uri (flow),
                          (char *) g_hash_table_lookup (params, "state"));
  b = browse (good);
  browse_and_wait (b);
  g_assert_cmpuint (b->status, ==, 200);
  g_assert_nonnull (strstr (b->body, "declined"));
  g_assert_null (strstr (b->body, "<script"));
  browser_free (b);

  if (f->result == NULL)
    wait_result (f);
  g_assert_null (dsc_auth_code_flow_get_tokens_finish (flow, f->result, &error));
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_ACCESS_DENIED);

  /* Single use: the listener is gone. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  {
    dsc_autofinalize(SoupSession) s = soup_session_new ();
    g_assert_cmpuint (get_status (s, good), ==, 0);
  }
}

static void
test_listener_times_out (Fixture *f, gconstpointer data)
{
  g_autoptr(DscAuthCodeFlow) flow = dsc_auth_code_flow_new (f->authority, CLIENT_ID, f->scopes);
  g_autoptr(GError) error = NULL;

  dsc_auth_code_flow_set_timeout (flow, 1);
  g_assert_true (dsc_auth_code_flow_start (flow, &error));
  dsc_auth_code_flow_get_tokens_async (flow, NULL, store_result, f);
  wait_result (f);
  g_assert_null (dsc_auth_code_flow_get_tokens_finish (flow, f->result, &error));
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_TIMED_OUT);
}

/* Signs in through the fake: the "browser" GETs the authorize URL and follows
 * its redirect to the loopback listener. */
static DscOAuthTokens *
sign_in_with_browser (Fixture *f, GError **error)
{
  g_autoptr(DscAuthCodeFlow) flow = dsc_auth_code_flow_new (f->authority, CLIENT_ID, f->scopes);
  Browser *b;

  if (!dsc_auth_code_flow_start (flow, error))
    return NULL;
  dsc_auth_code_flow_get_tokens_async (flow, NULL, store_result, f);
  b = browse (dsc_auth_code_flow_get_authorize_url (flow));
  browse_and_wait (b);
  g_assert_cmpuint (b->status, ==, 200);
  g_assert_nonnull (strstr (b->body, "close this tab"));
  browser_free (b);
  if (f->result == NULL)
    wait_result (f);
  return dsc_auth_code_flow_get_tokens_finish (flow, f->result, error);
}

static void
test_auth_code_flow_end_to_end (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = sign_in_with_browser (f, &error);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(DscReport) report = NULL;
  g_autofree char *access = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_nonnull (tokens->refresh_token);
  g_assert_true (dsc_fake_identity_access_token_is_valid (tokens->access_token));
  access = g_strdup (tokens->access_token);

  /* The fake Graph accepts the issued token: a full refresh works. */
  provider = dsc_oauth_token_provider_new (f->authority, CLIENT_ID, f->scopes, NULL);
  dsc_oauth_token_provider_sign_in_async (provider, g_steal_pointer (&tokens), NULL,
                                          store_result, f);
  wait_result (f);
  g_assert_true (dsc_oauth_token_provider_sign_in_finish (provider, f->result, &error));
  g_assert_false (dsc_oauth_token_provider_get_persistent (provider));
  connection = dsc_connection_new_graph (dsc_fake_tenant_get_base_url (f->tenant),
                                         DSC_TOKEN_PROVIDER (provider), &error);
  g_assert_no_error (error);
  dsc_connection_refresh_async (connection, NULL, store_result, f);
  wait_result (f);
  report = dsc_connection_refresh_finish (connection, f->result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  g_assert_false (dsc_test_log_contains (access));
  g_assert_false (dsc_test_log_contains ("fakeRT."));
  g_assert_false (dsc_test_log_contains ("fakeCODE."));
}

static void
test_auth_code_denied_and_consent (Fixture *f, gconstpointer data)
{
  DscFakeIdentityKnobs knobs = { .authorize_error = "access_denied" };
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) t1 = NULL, t2 = NULL;

  dsc_fake_identity_reset (&knobs);
  t1 = sign_in_with_browser (f, &error);
  g_assert_null (t1);
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  knobs.authorize_error = "consent_required";
  dsc_fake_identity_reset (&knobs);
  t2 = sign_in_with_browser (f, &error);
  g_assert_null (t2);
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_CONSENT_REQUIRED);
}

static void
test_wrong_verifier_rejected (Fixture *f, gconstpointer data)
{
  dsc_autofinalize(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  g_autofree char *token_url = g_strconcat (f->authority, "/oauth2/v2.0/token", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autofree char *challenge = dsc_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  url = g_strdup_printf ("%s/oauth2/v2.0/authorize?client_id=%s&response_type=code"
                         "&redirect_uri=http%%3A%%2F%%2Flocalhost%%3A1&state=s"
                         "&code_challenge=%s&code_challenge_method=S256&scope=openid",
                         f->authority, CLIENT_ID, challenge);
  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Location"), G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);

  msg = soup_message_new_from_encoded_form (
    "POST", token_url,
    soup_form_encode ("client_id", CLIENT_ID, "grant_type", "authorization_code",
                      "code", g_hash_table_lookup (params, "code"),
                      "redirect_uri", "http://localhost:1",
                      "code_verifier", "not-the-verifier-not-the-verifier-not-the-v", NULL));
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  mapped = dsc_auth_error_new_from_body (400, g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body));
  g_assert_error (mapped, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_GRANT);
  g_assert_cmpstr (dsc_auth_error_get_aadsts (mapped), ==, "AADSTS501481");
}

/* ---- device code ------------------------------------------------------------------- */

static DscOAuthTokens *
run_device_flow (Fixture *f, DscDeviceCodeFlow *flow, GError **error)
{
  dsc_device_code_flow_set_second_ms (flow, 20);
  dsc_device_code_flow_start_async (flow, NULL, store_result, f);
  wait_result (f);
  if (!dsc_device_code_flow_start_finish (flow, f->result, error))
    return NULL;
  g_assert_cmpstr (dsc_device_code_flow_get_user_code (flow), ==, "FAKE1234");
  g_assert_cmpstr (dsc_device_code_flow_get_verification_uri (flow), ==,
                   "https://microsoft.com/devicelogin");
  g_assert_nonnull (dsc_device_code_flow_get_message (flow));
  dsc_device_code_flow_poll_async (flow, NULL, store_result, f);
  wait_result (f);
  return dsc_device_code_flow_poll_finish (flow, f->result, error);
}

static void
test_device_code_pending_and_slow_down (Fixture *f, gconstpointer data)
{
  DscFakeIdentityKnobs knobs = { .device_pending = 3, .device_slow_down = TRUE,
                                 .device_interval_s = 1 };
  g_autoptr(DscDeviceCodeFlow) flow = dsc_device_code_flow_new (f->authority, CLIENT_ID,
                                                                f->scopes);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = NULL;

  dsc_fake_identity_reset (&knobs);
  tokens = run_device_flow (f, flow, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_cmpuint (dsc_device_code_flow_get_interval (flow), ==, 6);
  g_assert_cmpuint (dsc_fake_identity_get_count ("token"), ==, 5);
  g_assert_true (dsc_fake_identity_access_token_is_valid (tokens->access_token));
}

static void
test_device_code_outcomes (Fixture *f, gconstpointer data)
{
  const struct { const char *outcome; guint expires; int code; } cases[] = {
    { "expired_token", 0, DSC_AUTH_ERROR_EXPIRED },
    { "authorization_declined", 0, DSC_AUTH_ERROR_ACCESS_DENIED },
    { "bad_verification_code", 0, DSC_AUTH_ERROR_BAD_VERIFICATION_CODE },
    { NULL, 1, DSC_AUTH_ERROR_EXPIRED },   /* the code runs out while pending */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DscFakeIdentityKnobs knobs = { .device_pending = cases[i].expires ? 1000 : 1,
                                     .device_outcome = cases[i].outcome,
                                     .device_interval_s = 1,
                                     .device_expires_s = cases[i].expires };
      g_autoptr(DscDeviceCodeFlow) flow = dsc_device_code_flow_new (f->authority, CLIENT_ID,
                                                                    f->scopes);
      g_autoptr(GError) error = NULL;
      g_autoptr(DscOAuthTokens) tokens = NULL;

      dsc_fake_identity_reset (&knobs);
      tokens = run_device_flow (f, flow, &error);
      g_assert_null (tokens);
      g_assert_error (error, DSC_AUTH_ERROR, cases[i].code);
    }
}

static void
test_device_code_public_client_off (Fixture *f, gconstpointer data)
{
  DscFakeIdentityKnobs knobs = { .public_client_off = TRUE };
  g_autoptr(DscDeviceCodeFlow) flow = dsc_device_code_flow_new (f->authority, CLIENT_ID,
                                                                f->scopes);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = NULL;

  dsc_fake_identity_reset (&knobs);
  tokens = run_device_flow (f, flow, &error);
  g_assert_null (tokens);
  g_assert_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_PUBLIC_CLIENT_DISABLED);
  g_assert_nonnull (strstr (error->message, "Allow public client flows"));
}

static void
test_device_code_cancel (Fixture *f, gconstpointer data)
{
  DscFakeIdentityKnobs knobs = { .device_pending = 1000, .device_interval_s = 5 };
  g_autoptr(DscDeviceCodeFlow) flow = dsc_device_code_flow_new (f->authority, CLIENT_ID,
                                                                f->scopes);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = NULL;

  dsc_fake_identity_reset (&knobs);
  dsc_device_code_flow_start_async (flow, NULL, store_result, f);
  wait_result (f);
  g_assert_true (dsc_device_code_flow_start_finish (flow, f->result, &error));
  /* Interval 5 s at real speed: only a cancel can end it within the test. */
  dsc_device_code_flow_poll_async (flow, cancellable, store_result, f);
  g_cancellable_cancel (cancellable);
  wait_result (f);
  tokens = dsc_device_code_flow_poll_finish (flow, f->result, &error);
  g_assert_null (tokens);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- the token provider ------------------------------------------------------------ */

static char *
get_token (Fixture *f, DscOAuthTokenProvider *provider, GError **error)
{
  dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (provider), NULL, store_result, f);
  wait_result (f);
  return dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (provider), f->result, error);
}

static void
test_refresh_rotation_and_expiry (Fixture *f, gconstpointer data)
{
  DscFakeIdentityKnobs knobs = { .access_token_s = 60 };   /* inside the refresh margin */
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = NULL;
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autofree char *first_rt = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;
  dsc_autofinalize(SoupSession) session = soup_session_new ();
  g_autofree char *token_url = g_strconcat (f->authority, "/oauth2/v2.0/token", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  dsc_fake_identity_reset (&knobs);
  tokens = sign_in_with_browser (f, &error);
  g_assert_no_error (error);
  first_rt = g_strdup (tokens->refresh_token);
  provider = dsc_oauth_token_provider_new (f->authority, CLIENT_ID, f->scopes, NULL);
  dsc_oauth_token_provider_sign_in_async (provider, g_steal_pointer (&tokens), NULL,
                                          store_result, f);
  wait_result (f);

  /* Each get refreshes (60 s < the 120 s margin), rotating the refresh token. */
  t1 = get_token (f, provider, &error);
  g_assert_no_error (error);
  t2 = get_token (f, provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t1, !=, t2);
  g_assert_true (dsc_fake_identity_access_token_is_valid (t2));

  /* The first refresh token was replaced and is refused now (no grace). */
  msg = soup_message_new_from_encoded_form (
    "POST", token_url, soup_form_encode ("client_id", CLIENT_ID, "grant_type", "refresh_token",
                                         "refresh_token", first_rt, NULL));
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);

  /* Revoked (password change): the next refresh asks for a new sign-in. */
  dsc_fake_identity_revoke_refresh_tokens ();
  t3 = get_token (f, provider, &error);
  g_assert_null (t3);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
  g_assert_nonnull (strstr (error->message, "sign in again"));
  g_assert_false (dsc_oauth_token_provider_get_signed_in (provider));

  g_assert_false (dsc_test_log_contains (first_rt));
  g_assert_false (dsc_test_log_contains (t1));
  g_assert_false (dsc_test_log_contains (t2));
  g_assert_false (dsc_test_log_contains ("fakeRT."));
}

static void
test_graph_401_refreshes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscOAuthTokens) tokens = sign_in_with_browser (f, &error);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(DscReport) report = NULL;
  guint before;

  g_assert_no_error (error);
  provider = dsc_oauth_token_provider_new (f->authority, CLIENT_ID, f->scopes, NULL);
  dsc_oauth_token_provider_sign_in_async (provider, g_steal_pointer (&tokens), NULL,
                                          store_result, f);
  wait_result (f);
  /* The service forgets the access token early: Graph says 401, the client
   * invalidates it, the provider refreshes, the request succeeds. */
  dsc_fake_identity_expire_access_tokens ();
  before = dsc_fake_identity_get_count ("token");
  connection = dsc_connection_new_graph (dsc_fake_tenant_get_base_url (f->tenant),
                                         DSC_TOKEN_PROVIDER (provider), &error);
  dsc_connection_refresh_async (connection, NULL, store_result, f);
  wait_result (f);
  report = dsc_connection_refresh_finish (connection, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dsc_fake_identity_get_count ("token"), ==, before + 1);
}

/* ---- granted scopes ---- */

static void
test_missing_permissions (void)
{
  g_auto(GStrv) none = dsc_cloud_missing_permissions (NULL);
  g_autofree char *all_scopes = dsc_cloud_build_scopes ("https://graph.microsoft.us");
  g_auto(GStrv) all = dsc_cloud_missing_permissions (all_scopes);
  g_auto(GStrv) short_names = dsc_cloud_missing_permissions (
    "openid profile offline_access Organization.Read.All user.read.all GroupMember.Read.All "
    "OrgContact.Read.All Domain.Read.All RoleManagement.Read.Directory");
  g_auto(GStrv) empty = dsc_cloud_missing_permissions ("");

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (all), ==, 0);
  g_assert_cmpuint (g_strv_length (short_names), ==, 6);
  g_assert_cmpstr (short_names[0], ==, "OnPremDirectorySynchronization.Read.All");
  g_assert_cmpstr (short_names[1], ==, "ServiceHealth.Read.All");
  g_assert_cmpstr (short_names[2], ==, "Application.Read.All");
  g_assert_cmpstr (short_names[3], ==, "Synchronization.Read.All");
  g_assert_cmpstr (short_names[4], ==, "Policy.Read.HybridAuthentication");
  g_assert_cmpstr (short_names[5], ==, "AuditLog.Read.All");
  g_assert_cmpuint (g_strv_length (empty), ==, g_strv_length ((GStrv) dsc_cloud_graph_permissions ()));
  for (guint i = 0; dsc_cloud_graph_permissions ()[i] != NULL; i++)
    g_assert_cmpstr (dsc_cloud_permission_limits (dsc_cloud_graph_permissions ()[i]), !=, "");
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("ServiceHealth.Read.All"),
                            "Service health"));
  /* The Cloud Sync permissions name the Cloud Sync checks they feed. */
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("Application.Read.All"),
                            "Cloud Sync configurations"));
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("Application.Read.All"),
                            "Sync account"));
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("Synchronization.Read.All"),
                            "Cloud Sync jobs"));
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("Policy.Read.HybridAuthentication"),
                            "Cloud Sync agents"));
  g_assert_nonnull (strstr (dsc_cloud_permission_limits ("AuditLog.Read.All"),
                            "Cloud Sync object errors"));
  /* Directory.Read.All is deliberately not requested (too broad). */
  g_assert_false (g_strv_contains (dsc_cloud_graph_permissions (), "Directory.Read.All"));
}

/* The setup script and the manifest ask for exactly the app's permissions:
 * the script by name (its $permissions list), the manifest by Microsoft
 * Graph's delegated permission IDs. Where each ID was checked:
 *   MS    Microsoft's permission ID table (microsoft-graph-docs-contrib
 *         concepts/includes/permissions-ids.md, the Graph permissions
 *         reference's source) or a learn.microsoft.com page quoting it;
 *   SP    not in the copy of Microsoft's reference we could read: the ID every
 *         published listing of Graph's service principal gives (several
 *         independent ones, all agreeing) -- cross-checked, not verified;
 *   NULL  no ID could be verified: left out of the manifest (docs/sign-in.md
 *         says to add it by name); the script looks it up by name.
 * docs/sign-in.md lists them. */
typedef enum { ID_MS, ID_SP, ID_NONE } IdCheck;
static const struct { const char *name, *id; IdCheck check; } delegated_ids[] = {
  { "Organization.Read.All", "4908d5b9-3fb2-4b1e-9336-1888b7937185", ID_MS },
  { "OnPremDirectorySynchronization.Read.All", "f6609722-4100-44eb-b747-e6ca0536989d", ID_MS },
  { "User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59", ID_MS },
  { "GroupMember.Read.All", "bc024368-1153-4739-b217-4326f2e966d0", ID_MS },
  { "OrgContact.Read.All", "08432d1b-5911-483c-86df-7980af5cdee0", ID_MS },
  { "Domain.Read.All", "2f9ee017-59c1-4f1d-9472-bd5529a7b311", ID_MS },
  { "RoleManagement.Read.Directory", "741c54c3-0c1e-44a1-818b-3f97ab4e8c83", ID_MS },
  { "ServiceHealth.Read.All", "55896846-df78-47a7-aa94-8d3d4442ca7f", ID_MS },
  { "Application.Read.All", "c79f8feb-a9db-4090-85f9-90d820caa0eb", ID_MS },
  { "Synchronization.Read.All", "7aa02aeb-824f-4fbe-a3f7-611f751f5b55", ID_SP },
  { "Policy.Read.HybridAuthentication", NULL, ID_NONE },
  { "AuditLog.Read.All", "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20", ID_MS },
  { "openid", "37f7f235-527c-4136-accd-4a02d197296e", ID_MS },
  { "profile", "14dad69e-099b-42c9-810b-d002981feec1", ID_MS },
  { "offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182", ID_MS },
};

static void
test_setup_files_match_scopes (void)
{
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "setup",
                                                        "register-app.ps1", NULL);
  g_autofree char *manifest_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "setup",
                                                          "app-manifest.json", NULL);
  g_autofree char *doc_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "sign-in.md",
                                                     NULL);
  g_autofree char *script = NULL, *manifest = NULL, *doc = NULL, *list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char * const *wanted = dsc_cloud_graph_permissions ();
  JsonArray *access;
  const char *start, *end;
  guint n_manifest = 0, j = 0;

  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  g_assert_true (g_file_get_contents (doc_path, &doc, NULL, NULL));
  /* The script's list, one quoted name a line, is the app's list. */
  start = strstr (script, "$permissions = @(\n");
  g_assert_nonnull (start);
  start += strlen ("$permissions = @(\n");
  end = strstr (start, "\n)");
  g_assert_nonnull (end);
  list = g_strndup (start, end - start);
  lines = g_strsplit (list, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length ((GStrv) wanted));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", wanted[i]);

      g_assert_cmpstr (g_strstrip (lines[i]), ==, quoted);
    }
  g_assert_nonnull (strstr (script, "RedirectUris = @('http://localhost')"));
  g_assert_nonnull (strstr (script, "ConsentType = 'AllPrincipals'"));

  /* The table covers the app's permissions in order, then the sign-in ones. */
  g_assert_cmpuint (G_N_ELEMENTS (delegated_ids), ==, g_strv_length ((GStrv) wanted) + 3);
  for (guint i = 0; wanted[i] != NULL; i++)
    g_assert_cmpstr (delegated_ids[i].name, ==, wanted[i]);

  /* The manifest: http://localhost, public client, exactly the IDs the
   * table has, in its order. */
  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  {
    JsonObject *root = json_node_get_object (json_parser_get_root (parser));
    JsonObject *graph = json_array_get_object_element (
      json_object_get_array_member (root, "requiredResourceAccess"), 0);

    g_assert_true (json_object_get_boolean_member (root, "isFallbackPublicClient"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
      json_object_get_object_member (root, "publicClient"), "redirectUris"), 0),
      ==, "http://localhost");
    g_assert_cmpstr (json_object_get_string_member (graph, "resourceAppId"), ==,
                     "00000003-0000-0000-c000-000000000000");
    access = json_object_get_array_member (graph, "resourceAccess");
  }
  for (guint i = 0; i < G_N_ELEMENTS (delegated_ids); i++)
    {
      g_autofree char *row = NULL;

      if (delegated_ids[i].id == NULL)
        {
          g_assert_cmpint (delegated_ids[i].check, ==, ID_NONE);
          row = g_strdup_printf ("| `%s` | not verified", delegated_ids[i].name);
        }
      else
        {
          JsonObject *entry;

          g_assert_cmpint (delegated_ids[i].check, !=, ID_NONE);
          g_assert_cmpuint (j, <, json_array_get_length (access));
          entry = json_array_get_object_element (access, j++);
          g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, delegated_ids[i].id);
          g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, "Scope");
          n_manifest++;
          row = g_strdup_printf ("| `%s` | `%s` |", delegated_ids[i].name, delegated_ids[i].id);
        }
      if (strstr (doc, row) == NULL)
        g_error ("docs/sign-in.md does not list %s", row);
    }
  g_assert_cmpuint (json_array_get_length (access), ==, n_manifest);
  /* Which are verified, said where a reader of the test output sees it. */
  for (guint i = 0; i < G_N_ELEMENTS (delegated_ids); i++)
    g_test_message ("%s: %s", delegated_ids[i].name,
                    delegated_ids[i].check == ID_MS ? "ID verified in Microsoft's reference"
                    : delegated_ids[i].check == ID_SP ? "ID cross-checked, not in Microsoft's reference"
                    : "no verified ID; not in the manifest");
  /* docs/sign-in.md says why Directory.Read.All is not requested. */
  g_assert_nonnull (strstr (doc, "Not requested: `Directory.Read.All`"));
}

/* Two profiles on one cloud keep their offline copies apart: the data key
 * names the profile and its tenant, not the Graph host they share. */
static void
test_profile_data_key (void)
{
  g_autoptr(DscProfile) a = dsc_profile_new ("contoso", "Contoso", "contoso.onmicrosoft.com",
                                             "11111111-1111-1111-1111-111111111111",
                                             DSC_CLOUD_GLOBAL);
  g_autoptr(DscProfile) b = dsc_profile_new ("fabrikam", "Fabrikam", "fabrikam.onmicrosoft.com",
                                             "11111111-1111-1111-1111-111111111111",
                                             DSC_CLOUD_GLOBAL);
  g_autofree char *key_a = dsc_profile_dup_data_key (a);
  g_autofree char *key_b = dsc_profile_dup_data_key (b);

  g_assert_cmpstr (dsc_profile_get_graph_url (a), ==, dsc_profile_get_graph_url (b));
  g_assert_cmpstr (key_a, !=, key_b);
  g_assert_nonnull (strstr (key_a, "contoso.onmicrosoft.com"));
  g_assert_null (strstr (key_a, "graph.microsoft.com"));
}

/* ---- bounded answers from the sign-in service ---- */

static void
post_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GError *
post_to_canned (CannedHttp *server)
{
  g_autoptr(SoupSession) session = dsc_oauth_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/t/oauth2/v2.0/token",
                                          canned_http_get_port (server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) obj = NULL;
  GError *error = NULL;

  dsc_oauth_post_async (session, url, NULL, post_result, &result,
                        "grant_type", "refresh_token", NULL);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  obj = dsc_oauth_post_finish (result, &error);
  g_assert_null (obj);
  return error;
}

static void
test_sign_in_answer_capped (void)
{
  g_autoptr(GBytes) bomb = canned_http_gzip_bomb (4 * 1024 * 1024);
  g_autoptr(GBytes) nothing = g_bytes_new_static ("{", 1);
  g_autoptr(GError) decoded = NULL, announced = NULL;
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json"
                                           "\r\nContent-Encoding: gzip\r\n"
                                           "Content-Length: %zu\r\nConnection: close",
                                           g_bytes_get_size (bomb));
  CannedHttp *server;

  /* 4 MiB of decoded JSON-to-be from a small gzip body: stopped at 256 KiB. */
  server = canned_http_start (NULL, head, bomb);
  decoded = post_to_canned (server);
  canned_http_stop (server);
  g_test_message ("%s", decoded->message);
  g_assert_error (decoded, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (decoded->message, "the sign-in service (127.0.0.1)"));
  g_assert_nonnull (strstr (decoded->message, "256"));

  /* A Content-Length of 1 GiB is refused before reading (the body never comes). */
  server = canned_http_start (NULL, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: 1073741824", nothing);
  announced = post_to_canned (server);
  canned_http_stop (server);
  g_test_message ("%s", announced->message);
  g_assert_error (announced, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (announced->message, "the sign-in service (127.0.0.1)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  dsc_test_log_capture_start ();

  g_test_add_func ("/auth/pkce/rfc7636-vector", test_pkce_rfc7636_vector);
  g_test_add_func ("/auth/pkce/verifier-shape", test_pkce_verifier_shape);
  g_test_add_func ("/auth/cloud/scopes-per-cloud", test_scopes_per_cloud);
  g_test_add_func ("/auth/error/aadsts-mapping", test_error_mapping);
  g_test_add_func ("/auth/oauth/answer-size-capped", test_sign_in_answer_capped);
  g_test_add_func ("/auth/cloud/missing-permissions", test_missing_permissions);
  g_test_add_func ("/auth/cloud/setup-files-match-scopes", test_setup_files_match_scopes);
  g_test_add_func ("/auth/profile/data-key", test_profile_data_key);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/auth/code/listener-holds-both-loopbacks", test_listener_holds_both_loopbacks);
  ADD ("/auth/listener/rejects-foreign-and-single-use", test_listener_rejects_and_single_use);
  ADD ("/auth/listener/times-out", test_listener_times_out);
  ADD ("/auth/code/end-to-end", test_auth_code_flow_end_to_end);
  ADD ("/auth/code/denied-and-consent", test_auth_code_denied_and_consent);
  ADD ("/auth/code/wrong-verifier", test_wrong_verifier_rejected);
  ADD ("/auth/device/pending-and-slow-down", test_device_code_pending_and_slow_down);
  ADD ("/auth/device/outcomes", test_device_code_outcomes);
  ADD ("/auth/device/public-client-off", test_device_code_public_client_off);
  ADD ("/auth/device/cancel", test_device_code_cancel);
  ADD ("/auth/tokens/refresh-rotation-and-expiry", test_refresh_rotation_and_expiry);
  ADD ("/auth/tokens/graph-401-refreshes", test_graph_401_refreshes);
#undef ADD
  return g_test_run ();
}

/* test-keyring.c — the refresh token in a real Secret Service, and the whole
 * "sign in, restart, switch tenants, sign out" story against the fake
 * identity platform. The test re-executes itself under dbus-run-session with a
 * private gnome-keyring-daemon in a throw-away HOME; without those programs
 * it is skipped. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dsc-auth-code-flow.h"
#include "dsc-connection.h"
#include "dsc-device-code-flow.h"
#include "dsc-fake-identity.h"
#include "dsc-fake-tenant.h"
#include "dsc-graph-error.h"
#include "dsc-oauth-token-provider.h"
#include "dsc-platform.h"
#include "dsc-profile-store.h"
#include "dsc-test-object.h"

#define CHILD_ENV "DSC_TEST_KEYRING_CHILD"

static GMainLoop *loop;
static GAsyncResult *last;

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_set_object (&last, result);
  g_main_loop_quit (loop);
}

static GAsyncResult *
wait_result (void)
{
  g_clear_object (&last);
  g_main_loop_run (loop);
  return last;
}

/* ---- the secret store itself -------------------------------------------------- */

static void
test_secret_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *gone = NULL;

  dsc_secret_store_save_async ("tenant-a", "secret-one", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_save_finish (wait_result (), &error));
  g_assert_no_error (error);
  dsc_secret_store_save_async ("tenant-a", "secret-two", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_save_finish (wait_result (), &error));
  dsc_secret_store_save_async ("tenant-b", "secret-b", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_save_finish (wait_result (), &error));

  dsc_secret_store_load_async ("tenant-a", NULL, store_result, NULL);
  a = dsc_secret_store_load_finish (wait_result (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "secret-two");   /* one secret per key: replaced */
  dsc_secret_store_load_async ("tenant-b", NULL, store_result, NULL);
  b = dsc_secret_store_load_finish (wait_result (), &error);
  g_assert_cmpstr (b, ==, "secret-b");

  dsc_secret_store_delete_async ("tenant-a", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_delete_finish (wait_result (), &error));
  g_assert_no_error (error);
  dsc_secret_store_delete_async ("tenant-a", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_delete_finish (wait_result (), &error));   /* nothing: ok */
  g_assert_no_error (error);
  dsc_secret_store_load_async ("tenant-a", NULL, store_result, NULL);
  gone = dsc_secret_store_load_finish (wait_result (), &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  dsc_secret_store_delete_async ("tenant-b", NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_delete_finish (wait_result (), &error));
}

/* ---- sign in, restart, switch, sign out ------------------------------------------- */

typedef struct {
  SoupSession *session;
  char        *url;
  gboolean     done;
} Browser;

static gboolean
browser_done (gpointer data)
{
  ((Browser *) data)->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gpointer
browser_thread (gpointer data)
{
  Browser *b = data;
  dsc_autofinalize(SoupSession) session = soup_session_new ();
  dsc_autofinalize(SoupMessage) msg = soup_message_new ("GET", b->url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  g_idle_add (browser_done, b);
  return NULL;
}

static DscOAuthTokenProvider *
provider_for (DscProfile *profile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = dsc_profile_dup_authority (profile, &error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);

  g_assert_no_error (error);
  return dsc_oauth_token_provider_new (authority, dsc_profile_get_client_id (profile), scopes,
                                       dsc_profile_get_id (profile));
}

static void
sign_in_browser (DscProfile *profile, DscOAuthTokenProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = dsc_profile_dup_authority (profile, &error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);
  dsc_autofinalize(DscAuthCodeFlow) flow = dsc_auth_code_flow_new (
    authority, dsc_profile_get_client_id (profile), scopes);
  Browser b = { 0 };
  GThread *thread;
  DscOAuthTokens *tokens;

  g_assert_true (dsc_auth_code_flow_start (flow, &error));
  dsc_auth_code_flow_get_tokens_async (flow, NULL, store_result, NULL);
  g_clear_object (&last);
  b.url = (char *) dsc_auth_code_flow_get_authorize_url (flow);
  thread = g_thread_new ("browser", browser_thread, &b);
  while (!b.done || last == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  tokens = dsc_auth_code_flow_get_tokens_finish (flow, last, &error);
  g_assert_no_error (error);
  dsc_oauth_token_provider_sign_in_async (provider, tokens, NULL, store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_sign_in_finish (provider, wait_result (), &error));
  g_assert_no_error (error);
}

static void
sign_in_device (DscProfile *profile, DscOAuthTokenProvider *provider)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = dsc_profile_dup_authority (profile, &error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);
  dsc_autofinalize(DscDeviceCodeFlow) flow = dsc_device_code_flow_new (
    authority, dsc_profile_get_client_id (profile), scopes);
  DscOAuthTokens *tokens;

  dsc_device_code_flow_set_second_ms (flow, 10);
  dsc_device_code_flow_start_async (flow, NULL, store_result, NULL);
  g_assert_true (dsc_device_code_flow_start_finish (flow, wait_result (), &error));
  dsc_device_code_flow_poll_async (flow, NULL, store_result, NULL);
  tokens = dsc_device_code_flow_poll_finish (flow, wait_result (), &error);
  g_assert_no_error (error);
  dsc_oauth_token_provider_sign_in_async (provider, tokens, NULL, store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_sign_in_finish (provider, wait_result (), &error));
  g_assert_no_error (error);
}

static gboolean
silent_sign_in (DscProfile *profile)
{
  g_autoptr(DscOAuthTokenProvider) provider = provider_for (profile);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(DscReport) report = NULL;

  dsc_oauth_token_provider_load_async (provider, NULL, store_result, NULL);
  if (!dsc_oauth_token_provider_load_finish (provider, wait_result (), &error))
    {
      g_assert_no_error (error);
      return FALSE;
    }
  g_assert_true (dsc_oauth_token_provider_get_persistent (provider));
  connection = dsc_connection_new_graph (dsc_profile_get_graph_url (profile),
                                         DSC_TOKEN_PROVIDER (provider), &error);
  g_assert_no_error (error);
  dsc_connection_refresh_async (connection, NULL, store_result, NULL);
  report = dsc_connection_refresh_finish (connection, wait_result (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return TRUE;
}

static void
test_sign_in_restart_switch_sign_out (void)
{
  DscFakeIdentityKnobs knobs = { .device_pending = 1, .device_interval_s = 1 };
  dsc_autofinalize(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "dirsync-companion",
                                            "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (NULL);
  g_autoptr(DscProfileStore) reopened = NULL;
  g_autoptr(DscProfile) a = NULL, b = NULL;
  g_autoptr(DscOAuthTokenProvider) pa = NULL, pb = NULL;
  const char *url;

  dsc_fake_identity_reset (&knobs);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  url = dsc_fake_tenant_get_base_url (tenant);

  /* Register two tenants (an MSP's customers). */
  g_assert_true (dsc_profile_store_load (store, &error));
  a = dsc_profile_new ("contoso", "Contoso", "contoso.onmicrosoft.com", "client-a",
                       DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (a, url, url);
  b = dsc_profile_new ("fabrikam", "Fabrikam", "fabrikam.onmicrosoft.com", "client-b",
                       DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (b, url, url);
  g_assert_true (dsc_profile_store_insert (store, a, &error));
  g_assert_true (dsc_profile_store_insert (store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dsc_profile_store_get_path (store), ==, path);

  /* Sign in to one with a device code, to the other in the browser. */
  pa = provider_for (a);
  sign_in_device (a, pa);
  g_assert_true (dsc_oauth_token_provider_get_persistent (pa));
  pb = provider_for (b);
  sign_in_browser (b, pb);
  g_assert_true (dsc_oauth_token_provider_get_persistent (pb));
  g_clear_object (&pa);
  g_clear_object (&pb);

  /* "Restart": a new store from disk, silent sign-in from the keyring. */
  reopened = dsc_profile_store_new (NULL);
  g_assert_true (dsc_profile_store_load (reopened, &error));
  g_assert_cmpstr (dsc_profile_get_id (dsc_profile_store_get_active (reopened)), ==, "contoso");
  g_assert_true (silent_sign_in (dsc_profile_store_get_active (reopened)));
  /* Twice: the rotated refresh token was saved over the old one. */
  g_assert_true (silent_sign_in (dsc_profile_store_get_active (reopened)));

  /* Switch tenants. */
  g_assert_true (dsc_profile_store_set_active (reopened, "fabrikam", &error));
  g_assert_true (silent_sign_in (dsc_profile_store_get_active (reopened)));

  /* Sign out of Contoso: its token is gone, Fabrikam's stays. */
  pa = provider_for (dsc_profile_store_lookup (reopened, "contoso"));
  dsc_oauth_token_provider_load_async (pa, NULL, store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_load_finish (pa, wait_result (), &error));
  dsc_oauth_token_provider_sign_out_async (pa, NULL, store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_sign_out_finish (pa, wait_result (), &error));
  g_assert_no_error (error);
  g_assert_false (silent_sign_in (dsc_profile_store_lookup (reopened, "contoso")));
  g_assert_true (silent_sign_in (dsc_profile_store_lookup (reopened, "fabrikam")));

  /* Revoked server-side: the stored token is dropped from the keyring too. */
  dsc_fake_identity_revoke_refresh_tokens ();
  {
    g_autoptr(DscOAuthTokenProvider) p = provider_for (b);
    g_autofree char *token = NULL;
    g_autofree char *left = NULL;

    dsc_oauth_token_provider_load_async (p, NULL, store_result, NULL);
    g_assert_true (dsc_oauth_token_provider_load_finish (p, wait_result (), &error));
    dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (p), NULL, store_result, NULL);
    token = dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (p), wait_result (), &error);
    g_assert_null (token);
    g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
    g_clear_error (&error);
    /* The delete runs in the background: poll the store until it is empty. */
    for (int i = 0; i < 100; i++)
      {
        g_clear_pointer (&left, g_free);
        dsc_secret_store_load_async ("fabrikam", NULL, store_result, NULL);
        left = dsc_secret_store_load_finish (wait_result (), &error);
        if (left == NULL)
          break;
        g_usleep (10000);
      }
    g_assert_null (left);
  }

  dsc_fake_tenant_stop (tenant);
}

/* ---- the command line: --sign-in --device-code, --check --tenant, --sign-out ---- */

static int
run_program (const char *args, char **out)
{
  g_autofree char *program = NULL;
  g_autofree char *command = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  program = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "dirsync-companion",
                              NULL);
  command = g_strdup_printf ("%s %s", program, args);
  g_assert_true (g_spawn_command_line_sync (command, out, &err, &status, &error));
  g_assert_no_error (error);
  /* Nothing secret reaches the terminal. */
  g_assert_null (strstr (*out, "fakeAT."));
  g_assert_null (strstr (*out, "fakeRT."));
  g_assert_null (strstr (err, "fakeAT."));
  g_assert_null (strstr (err, "fakeRT."));
  g_assert_null (strstr (err, "fakeDC."));
  if (g_spawn_check_wait_status (status, &error))
    return 0;
  return g_error_matches (error, G_SPAWN_EXIT_ERROR, error->code) ? error->code : -1;
}

static void
test_command_line (void)
{
  DscFakeIdentityKnobs knobs = { .device_pending = 1, .device_interval_s = 1 };
  dsc_autofinalize(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (NULL);
  g_autoptr(DscProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_test_skip ("G_TEST_BUILDDIR is not set (run through meson test)");
      return;
    }
  dsc_fake_identity_reset (&knobs);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  g_assert_true (dsc_profile_store_load (store, &error));
  profile = dsc_profile_new ("northwind", "Northwind", "northwind.onmicrosoft.com", "client-n",
                             DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (profile, dsc_fake_tenant_get_base_url (tenant),
                                dsc_fake_tenant_get_base_url (tenant));
  g_assert_true (dsc_profile_store_insert (store, profile, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_program ("--check --tenant Northwind", &out), ==, 3);
  g_assert_true (g_str_has_prefix (out, "DIRSYNC UNKNOWN - Sign-in needed for profile Northwind"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_program ("--sign-in --device-code --tenant northwind", &out), ==, 0);
  g_assert_nonnull (strstr (out, "FAKE1234"));
  g_assert_nonnull (strstr (out, "Signed in to Northwind"));
  g_clear_pointer (&out, g_free);

  /* Twice: the second run uses the refresh token the first one rotated. */
  for (int i = 0; i < 2; i++)
    {
      int status = run_program ("--check --tenant northwind", &out);

      g_assert_cmpint (status, >=, 0);
      g_assert_cmpint (status, <=, 2);
      g_assert_true (g_str_has_prefix (out, "DIRSYNC "));
      g_clear_pointer (&out, g_free);
    }

  g_assert_cmpint (run_program ("--sign-out --tenant northwind", &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_program ("--check --tenant northwind", &out), ==, 3);
  dsc_fake_tenant_stop (tenant);
}

/* After sign-in the program reads the granted scopes and names what is
 * missing and the checks it limits (not only later, from 403s). */
static void
test_command_line_names_missing_permissions (void)
{
  DscFakeIdentityKnobs knobs = { .device_interval_s = 1,
                                 .withheld_permission = "ServiceHealth.Read.All" };
  g_autoptr(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(DscProfileStore) store = dsc_profile_store_new (NULL);
  g_autoptr(DscProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_test_skip ("G_TEST_BUILDDIR is not set (run through meson test)");
      return;
    }
  dsc_fake_identity_reset (&knobs);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  g_assert_true (dsc_profile_store_load (store, &error));
  profile = dsc_profile_new ("adatum", "Adatum", "adatum.onmicrosoft.com", "client-d",
                             DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (profile, dsc_fake_tenant_get_base_url (tenant),
                                dsc_fake_tenant_get_base_url (tenant));
  g_assert_true (dsc_profile_store_insert (store, profile, &error));

  g_assert_cmpint (run_program ("--sign-in --device-code --tenant adatum", &out), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Signed in to Adatum"));
  g_assert_nonnull (strstr (out, "ServiceHealth.Read.All — limits: Service health"));
  g_assert_null (strstr (out, "Domain.Read.All —"));
  dsc_fake_identity_reset (NULL);
  dsc_fake_tenant_stop (tenant);
}

/* ---- the command line: --sign-in in the browser, through the real program ---- */

/* What a browser does with the authorize address: GET it, follow the
 * identity platform's 302 to the loopback listener, show the page. */
static char *
act_as_browser (const char *url, guint *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static char *
load_secret (const char *key)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  dsc_secret_store_load_async (key, NULL, store_result, NULL);
  secret = dsc_secret_store_load_finish (wait_result (), &error);
  g_assert_no_error (error);
  return secret;
}

static GSubprocess *
spawn_program (GSubprocessLauncher *launcher, const char * const *args)
{
  g_autofree char *program = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src",
                                               "dirsync-companion", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static DscProfile *
add_fake_profile (DscFakeTenant *tenant, const char *id, const char *name)
{
  g_autoptr(DscProfileStore) store = dsc_profile_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_strdup_printf ("%s.onmicrosoft.com", id);
  DscProfile *profile;

  g_assert_true (dsc_profile_store_load (store, &error));
  profile = dsc_profile_new (id, name, directory, "client-cli", DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (profile, dsc_fake_tenant_get_base_url (tenant),
                                dsc_fake_tenant_get_base_url (tenant));
  g_assert_true (dsc_profile_store_insert (store, profile, &error));
  g_assert_no_error (error);
  return profile;
}

/* The stored token was used by a second process: --check signs in silently,
 * reads the tenant, and the rotated refresh token replaces the first. */
static void
check_silently (const char *id, const char *first_token)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  const char *args[] = { "--check", "--tenant", id, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *rotated = NULL;
  guint token_requests = dsc_fake_identity_get_count ("token");

  g_subprocess_launcher_unsetenv (launcher, "DSC_ACCESS_TOKEN");
  proc = spawn_program (launcher, args);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("--check: %s%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_true (g_str_has_prefix (out, "DIRSYNC OK - "));
  g_assert_cmpuint (dsc_fake_identity_get_count ("token"), >, token_requests);
  rotated = load_secret (id);
  g_assert_nonnull (rotated);
  g_assert_cmpstr (rotated, !=, first_token);
}

static void
test_command_line_browser_no_display (void)
{
  g_autoptr(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(DscProfile) profile = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  const char *args[] = { "--sign-in", "--tenant", "woodgrove", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) printed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *page = NULL, *rest = NULL, *token = NULL;
  guint status = 0;

  if (g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_test_skip ("G_TEST_BUILDDIR is not set (run through meson test)");
      return;
    }
  dsc_fake_identity_reset (NULL);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  profile = add_fake_profile (tenant, "woodgrove", "Woodgrove");

  /* An SSH session: no display to open a browser in. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  proc = spawn_program (launcher, args);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while (url == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* the program must keep running and print the address */
      g_string_append_printf (printed, "%s\n", line);
      if (g_str_has_prefix (line, dsc_fake_tenant_get_base_url (tenant)))
        url = g_strdup (line);
    }
  g_assert_nonnull (strstr (url, "/oauth2/v2.0/authorize?"));

  page = act_as_browser (url, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "DirSync Companion received your sign-in"));

  while ((rest = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (printed, "%s\n", rest);
      g_clear_pointer (&rest, g_free);
    }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_test_message ("--sign-in: %s", printed->str);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (printed->str, "--device-code"));
  g_assert_nonnull (strstr (printed->str, "Signed in to Woodgrove"));
  g_assert_null (strstr (printed->str, "CRITICAL"));
  g_assert_null (strstr (printed->str, "fakeRT."));

  token = load_secret ("woodgrove");
  g_assert_nonnull (token);
  g_assert_true (g_str_has_prefix (token, "fakeRT."));
  check_silently ("woodgrove", token);
  dsc_fake_tenant_stop (tenant);
}

/* With a display the program opens the desktop's browser itself: here a
 * desktop entry for http links that runs this test program as the browser. */
static void
test_command_line_browser_display (void)
{
  g_autoptr(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(DscProfile) profile = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  const char *args[] = { "--sign-in", "--tenant", "litware", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *entry = g_build_filename (apps, "dsc-test-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *entry_text = NULL, *out = NULL, *err = NULL, *token = NULL;
  g_autofree char *visited = g_build_filename (g_get_user_config_dir (), "browser-visited", NULL);

  if (g_getenv ("G_TEST_BUILDDIR") == NULL || self == NULL)
    {
      g_test_skip ("G_TEST_BUILDDIR is not set (run through meson test)");
      return;
    }
  dsc_fake_identity_reset (NULL);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  profile = add_fake_profile (tenant, "litware", "Litware");

  g_mkdir_with_parents (apps, 0700);
  entry_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test browser\n"
                                "Exec=%s --act-as-browser %%u\n"
                                "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n", self);
  g_assert_true (g_file_set_contents (entry, entry_text, -1, &error));
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\n"
                                      "x-scheme-handler/http=dsc-test-browser.desktop\n"
                                      "x-scheme-handler/https=dsc-test-browser.desktop\n",
                                      -1, &error));
  g_subprocess_launcher_setenv (launcher, "DISPLAY", ":97", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GTK_USE_PORTAL");
  g_subprocess_launcher_setenv (launcher, "DSC_TEST_BROWSER_VISITED", visited, TRUE);
  proc = spawn_program (launcher, args);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("--sign-in: %s%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (out, "Opening the sign-in page in your browser"));
  g_assert_nonnull (strstr (out, "Signed in to Litware"));
  g_assert_true (g_file_test (visited, G_FILE_TEST_EXISTS));   /* the browser ran */

  token = load_secret ("litware");
  g_assert_nonnull (token);
  check_silently ("litware", token);
  g_unlink (mimeapps);
  g_unlink (entry);
  dsc_fake_tenant_stop (tenant);
}

/* The "browser" the desktop entry above starts. */
static int
browser_main (const char *url)
{
  const char *visited = g_getenv ("DSC_TEST_BROWSER_VISITED");
  g_autofree char *page = NULL;
  guint status = 0;

  /* Before the request: the program may exit as soon as it has its answer. */
  if (visited != NULL)
    g_file_set_contents (visited, url, -1, NULL);
  page = act_as_browser (url, &status);
  return status == 200 ? 0 : 1;
}

/* ---- sign-out while a refresh is on its way; invalid_grant and a shared store ---- */

/* An authority whose token endpoint holds each request until the test
 * answers it: the refresh is "in flight" for as long as the test wants. */
typedef struct {
  SoupServer        *server;
  char              *url;
  SoupServerMessage *held;
  guint              requests;
} SlowAuthority;

static void
slow_token_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
               GHashTable *query, gpointer user_data)
{
  SlowAuthority *a = user_data;

  a->requests++;
  g_assert_null (a->held);
  a->held = g_object_ref (msg);
  soup_server_message_pause (msg);
}

static void
slow_authority_start (SlowAuthority *a)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;

  a->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (a->server, "/race/oauth2/v2.0/token", slow_token_cb, a, NULL);
  g_assert_true (soup_server_listen_local (a->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (a->server);
  base = g_uri_to_string (uris->data);
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  a->url = g_strconcat (base, "/race", NULL);
}

static void
slow_authority_answer (SlowAuthority *a, guint status, const char *json)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&a->held);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
  soup_server_message_unpause (msg);
}

static void
slow_authority_stop (SlowAuthority *a)
{
  soup_server_disconnect (a->server);
  g_clear_object (&a->server);
  g_free (a->url);
}

static DscOAuthTokens *
expired_tokens (const char *refresh_token)
{
  DscOAuthTokens *t = g_new0 (DscOAuthTokens, 1);

  t->access_token = g_strdup ("AT-EXPIRED");
  t->refresh_token = g_strdup (refresh_token);
  t->expires_at = 0;   /* the next get_token refreshes */
  return t;
}

static void
save_secret (const char *key, const char *secret)
{
  g_autoptr(GError) error = NULL;

  dsc_secret_store_save_async (key, secret, NULL, store_result, NULL);
  g_assert_true (dsc_secret_store_save_finish (wait_result (), &error));
  g_assert_no_error (error);
}

static void
settle_provider (DscOAuthTokenProvider *provider)
{
  /* Also lets the deferred store deletions land. */
  while (dsc_oauth_token_provider_get_busy (provider) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, TRUE);
  save_secret ("race-barrier", "x");   /* the store has handled what came before */
}

static void
test_sign_out_during_refresh (void)
{
  SlowAuthority a = { 0 };
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) token_result = NULL;
  g_autofree char *token = NULL, *stored = NULL;

  slow_authority_start (&a);
  provider = dsc_oauth_token_provider_new (a.url, "client-race", "openid", "race");
  dsc_oauth_token_provider_sign_in_async (provider, expired_tokens ("RT-FIRST"), NULL,
                                          store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_sign_in_finish (provider, wait_result (), &error));
  stored = load_secret ("race");
  g_assert_cmpstr (stored, ==, "RT-FIRST");
  g_clear_pointer (&stored, g_free);

  /* A refresh starts and is held by the authority … */
  dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (provider), NULL, store_result, NULL);
  while (a.held == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* … the admin signs out … */
  dsc_oauth_token_provider_sign_out_async (provider, NULL, store_result, NULL);
  g_clear_object (&last);
  while (last == NULL || !g_task_is_valid (last, provider) ||
         g_task_get_source_tag (G_TASK (last)) != dsc_oauth_token_provider_sign_out_async)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dsc_oauth_token_provider_sign_out_finish (provider, last, &error));
  stored = load_secret ("race");
  g_assert_null (stored);

  /* … and only then does the rotated token arrive. */
  slow_authority_answer (&a, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,"
                         "\"access_token\":\"AT-AFTER-SIGNOUT\","
                         "\"refresh_token\":\"RT-ROTATED-AFTER-SIGNOUT\"}");
  token_result = g_object_ref (wait_result ());
  token = dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (provider), token_result,
                                               &error);
  g_assert_null (token);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
  settle_provider (provider);
  g_assert_false (dsc_oauth_token_provider_get_signed_in (provider));
  stored = load_secret ("race");
  g_assert_null (stored);   /* the next start does not sign in silently */
  slow_authority_stop (&a);
}

static void
invalid_grant_case (const char *stored_meanwhile, const char *expect_after)
{
  SlowAuthority a = { 0 };
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *stored = NULL;

  slow_authority_start (&a);
  provider = dsc_oauth_token_provider_new (a.url, "client-race", "openid", "shared");
  dsc_oauth_token_provider_sign_in_async (provider, expired_tokens ("RT-OLD"), NULL,
                                          store_result, NULL);
  g_assert_true (dsc_oauth_token_provider_sign_in_finish (provider, wait_result (), &error));

  dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (provider), NULL, store_result, NULL);
  while (a.held == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Meanwhile a scheduled --check rotated the token in the shared store. */
  if (stored_meanwhile != NULL)
    save_secret ("shared", stored_meanwhile);
  slow_authority_answer (&a, 400, "{\"error\":\"invalid_grant\",\"error_description\":"
                         "\"AADSTS70000: The provided grant has expired.\"}");
  token = dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (provider), wait_result (),
                                               &error);
  g_assert_null (token);
  g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN);
  settle_provider (provider);
  settle_provider (provider);   /* load, then delete */
  stored = load_secret ("shared");
  g_assert_cmpstr (stored, ==, expect_after);
  slow_authority_stop (&a);
}

static void
test_invalid_grant_keeps_newer_token (void)
{
  invalid_grant_case ("RT-NEWER-FROM-CHECK", "RT-NEWER-FROM-CHECK");
}

static void
test_invalid_grant_deletes_failed_token (void)
{
  invalid_grant_case (NULL, NULL);
}

/* ---- re-execution under a private session bus and keyring -------------------------- */

static void
test_skip (void)
{
  g_test_skip ("dbus-run-session or gnome-keyring-daemon is not installed "
               "(apt install dbus gnome-keyring)");
}

static int
reexec (int argc, char **argv)
{
  g_autofree char *dbus_run = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *self = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *runtime = NULL;
  int status = 0;

  if (dbus_run == NULL || keyring == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/auth/keyring/skipped", test_skip);
      return g_test_run ();
    }

  home = g_dir_make_tmp ("dsc-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (home, "run", NULL);
  g_mkdir (runtime, 0700);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    self = g_strdup (argv[0]);

  env = g_environ_setenv (env, CHILD_ENV, "1", TRUE);
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime, TRUE);
  {
    g_autofree char *d = g_build_filename (home, "data", NULL);
    g_autofree char *c = g_build_filename (home, "config", NULL);
    g_autofree char *k = g_build_filename (home, "cache", NULL);
    env = g_environ_setenv (env, "XDG_DATA_HOME", d, TRUE);
    env = g_environ_setenv (env, "XDG_CONFIG_HOME", c, TRUE);
    env = g_environ_setenv (env, "XDG_CACHE_HOME", k, TRUE);
  }
  env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  env = g_environ_unsetenv (env, "GNOME_KEYRING_CONTROL");

  /* The login keyring only comes into being with a password; this one is a
   * throw-away in a throw-away HOME. */
  g_ptr_array_add (args, dbus_run);
  g_ptr_array_add (args, "--");
  g_ptr_array_add (args, "sh");
  g_ptr_array_add (args, "-c");
  g_ptr_array_add (args, "printf dsc-test | gnome-keyring-daemon --daemonize --login "
                         ">/dev/null 2>&1 && gnome-keyring-daemon --start "
                         "--components=secrets >/dev/null 2>&1 && exec \"$@\"");
  g_ptr_array_add (args, "sh");
  g_ptr_array_add (args, self);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error))
    {
      g_printerr ("cannot run %s: %s\n", dbus_run, error->message);
      return 1;
    }
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", home);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--act-as-browser"))
    return browser_main (argv[2]);
  if (g_getenv (CHILD_ENV) == NULL)
    return reexec (argc, argv);

  g_test_init (&argc, &argv, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_test_add_func ("/auth/keyring/secret-round-trip", test_secret_round_trip);
  g_test_add_func ("/auth/keyring/sign-in-restart-switch-sign-out",
                   test_sign_in_restart_switch_sign_out);
  g_test_add_func ("/auth/keyring/command-line", test_command_line);
  g_test_add_func ("/auth/keyring/command-line-names-missing-permissions",
                   test_command_line_names_missing_permissions);
  g_test_add_func ("/auth/keyring/sign-out-during-refresh-is-final",
                   test_sign_out_during_refresh);
  g_test_add_func ("/auth/keyring/invalid-grant-keeps-newer-stored-token",
                   test_invalid_grant_keeps_newer_token);
  g_test_add_func ("/auth/keyring/invalid-grant-deletes-the-failed-token",
                   test_invalid_grant_deletes_failed_token);
  g_test_add_func ("/auth/keyring/command-line-browser-no-display",
                   test_command_line_browser_no_display);
  g_test_add_func ("/auth/keyring/command-line-browser-display",
                   test_command_line_browser_display);
  return g_test_run ();
}

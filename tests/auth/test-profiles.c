/* test-profiles.c — tenant profiles on disk: add, rename, switch, remove,
 * atomic save, and an unreadable file set aside with a clear error. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dsc-oauth-token-provider.h"
#include "dsc-platform.h"
#include "dsc-profile-store.h"
#include "dsc-test-object.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dsc-profiles-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_rmdir (path);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  g_autoptr(DscProfileStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  DscProfile *a, *b, *c;
  GStatBuf st;

  g_assert_true (dsc_profile_store_load (store, &error));   /* missing file: empty */
  g_assert_no_error (error);
  a = dsc_profile_store_add (store, "Contoso Prod", "contoso.onmicrosoft.com",
                             "11111111-2222-3333-4444-555555555555", DSC_CLOUD_GLOBAL, &error);
  g_assert_no_error (error);
  b = dsc_profile_store_add (store, "Contoso Prod", "fabrikam.us", "client-b",
                             DSC_CLOUD_US_GOV_HIGH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dsc_profile_get_id (a), ==, "contoso-prod");
  g_assert_cmpstr (dsc_profile_get_id (b), ==, "contoso-prod-2");
  g_assert_true (dsc_profile_store_get_active (store) == a);   /* the first one */
  g_assert_true (dsc_profile_store_set_active (store, "contoso-prod-2", &error));
  g_assert_true (dsc_profile_store_rename (store, "contoso-prod-2", "Fabrikam GCC High",
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  again = dsc_profile_store_new (path);
  g_assert_true (dsc_profile_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dsc_profile_store_get_profiles (again)), ==, 2);
  c = dsc_profile_store_get_active (again);
  g_assert_nonnull (c);
  g_assert_cmpstr (dsc_profile_get_display_name (c), ==, "Fabrikam GCC High");
  g_assert_cmpint (dsc_profile_get_cloud (c), ==, DSC_CLOUD_US_GOV_HIGH);
  g_assert_cmpstr (dsc_profile_get_graph_url (c), ==, "https://graph.microsoft.us");
  g_assert_true (dsc_profile_store_lookup (again, "fabrikam gcc high") == c);

  g_assert_true (dsc_profile_store_remove (again, "contoso-prod-2", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dsc_profile_get_id (dsc_profile_store_get_active (again)), ==,
                   "contoso-prod");
  g_assert_false (dsc_profile_store_remove (again, "nope", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  /* The removal queued a secret-store delete; let it settle (or fail quietly). */
  for (int i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  remove_dir (sub);
  remove_dir (dir);
}

/* Valid JSON, wrong types (a hand edit gone wrong): a clear error, no critical
 * (criticals are fatal in tests). */
static void
test_wrong_types_are_invalid (void)
{
  const char *cases[] = {
    "{\"profiles\": [ {\"id\": 5, \"tenant\": \"t\", \"clientId\": \"c\"} ]}",
    "{\"profiles\": [ {\"id\": \"a\", \"name\": [], \"tenant\": {}, \"clientId\": \"c\"} ]}",
    "{\"profiles\": [ {\"id\": \"a\", \"tenant\": \"t\", \"clientId\": \"c\", \"cloud\": 1} ]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = make_dir ();
      g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
      dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, cases[i], -1, NULL));
      g_assert_false (dsc_profile_store_load (store, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpuint (g_list_model_get_n_items (dsc_profile_store_get_profiles (store)), ==, 0);
      remove_dir (dir);
    }
}

static void
test_corrupt_file_is_kept (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (path, "{\"profiles\": [ {\"id\": \"x\"", -1, NULL));
  g_assert_false (dsc_profile_store_load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "was kept as"));
  g_assert_cmpuint (g_list_model_get_n_items (dsc_profile_store_get_profiles (store)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "profiles.json.bad-"))
      {
        g_autofree char *backup = g_build_filename (dir, name, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (backup, &text, NULL, NULL));
        g_assert_cmpstr (text, ==, "{\"profiles\": [ {\"id\": \"x\"");
        found = TRUE;
      }
  g_assert_true (found);
  g_clear_pointer (&listing, g_dir_close);

  /* The store still works and writes a fresh file. */
  g_clear_error (&error);
  g_assert_nonnull (dsc_profile_store_add (store, "New", "new.example", "c", DSC_CLOUD_GLOBAL,
                                           &error));
  g_assert_no_error (error);
  remove_dir (dir);
}

static void
test_custom_cloud_loopback_only (void)
{
  dsc_autofinalize(DscProfile) p = dsc_profile_new ("t", "T", "contoso.com", "c", DSC_CLOUD_CUSTOM);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;

  dsc_profile_set_custom_hosts (p, "http://evil.example", "http://evil.example");
  bad = dsc_profile_dup_authority (p, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
  g_clear_error (&error);
  dsc_profile_set_custom_hosts (p, "http://127.0.0.1:1234", "http://127.0.0.1:1234");
  good = dsc_profile_dup_authority (p, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (good, ==, "http://127.0.0.1:1234/contoso.com");
}

static GAsyncResult *last;

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_set_object (&last, result);
}

static GAsyncResult *
wait_result (void)
{
  g_clear_object (&last);
  while (last == NULL)
    g_main_context_iteration (NULL, TRUE);
  return last;
}

/* No Secret Service: the sign-in still works, for this session only, and
 * says so; nothing is written anywhere else. */
static void
test_no_secret_store_is_session_only (void)
{
  dsc_autofinalize(DscOAuthTokenProvider) provider = dsc_oauth_token_provider_new (
    "http://127.0.0.1:9/contoso.com", "client", "openid", "contoso");
  DscOAuthTokens *tokens = g_new0 (DscOAuthTokens, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  tokens->access_token = g_strdup ("session-access-token");
  tokens->refresh_token = g_strdup ("session-refresh-token");
  tokens->expires_at = g_get_monotonic_time () + (gint64) 3600 * G_USEC_PER_SEC;

  dsc_oauth_token_provider_load_async (provider, NULL, store_result, NULL);
  g_assert_false (dsc_oauth_token_provider_load_finish (provider, wait_result (), &error));
  g_assert_error (error, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  dsc_oauth_token_provider_sign_in_async (provider, tokens, NULL, store_result, NULL);
  g_assert_false (dsc_oauth_token_provider_sign_in_finish (provider, wait_result (), &error));
  g_assert_error (error, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_UNAVAILABLE);
  g_assert_true (dsc_oauth_token_provider_get_signed_in (provider));
  g_assert_false (dsc_oauth_token_provider_get_persistent (provider));
  g_assert_nonnull (strstr (dsc_oauth_token_provider_get_storage_problem (provider),
                            "this session only"));
  g_clear_error (&error);

  dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (provider), NULL, store_result, NULL);
  token = dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (provider), wait_result (),
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "session-access-token");
  g_clear_object (&last);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* No session bus here: the secret-store delete on removal must fail fast. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dsc-test-bus", TRUE);

  g_test_add_func ("/auth/profiles/round-trip", test_round_trip);
  g_test_add_func ("/auth/profiles/corrupt-file-is-kept", test_corrupt_file_is_kept);
  g_test_add_func ("/auth/profiles/wrong-types-are-invalid", test_wrong_types_are_invalid);
  g_test_add_func ("/auth/profiles/custom-cloud-loopback-only", test_custom_cloud_loopback_only);
  g_test_add_func ("/auth/profiles/no-secret-store-is-session-only",
                   test_no_secret_store_is_session_only);
  return g_test_run ();
}

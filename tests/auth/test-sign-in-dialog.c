/* test-sign-in-dialog.c — the sign-in assistant and the tenant switcher
 * under Xvfb, signing in to the fake identity platform with a device code;
 * the assistant's Copy button puts exactly docs/setup/register-app.ps1 on the
 * clipboard; a distributor's client ID needs no typing; after a sign-in that
 * was not granted every permission the window names the missing ones with the
 * checks they limit. */
#include "config.h"
#include <glib/gstdio.h>

#include <adwaita.h>
#include <string.h>

#include "dsc-auth-ui.h"
#include "dsc-fake-identity.h"
#include "dsc-fake-tenant.h"
#include "dsc-profiles-dialog.h"
#include "dsc-session.h"
#include "dsc-sign-in-dialog.h"
#include "dsc-snapshot-cache.h"
#include "dsc-test-object.h"

typedef struct {
  DscProfile            *profile;
  DscOAuthTokenProvider *provider;
} Result;

static void
on_signed_in (DscSignInDialog       *dialog,
              DscProfile            *profile,
              DscOAuthTokenProvider *provider,
              Result                *result)
{
  g_set_object (&result->profile, profile);
  g_set_object (&result->provider, provider);
}

static GtkWidget *
find_label_with (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = find_label_with (child, text)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_device_code_sign_in (void)
{
  DscFakeIdentityKnobs knobs = { .device_pending = 1, .device_interval_s = 1 };
  dsc_autofinalize(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dsc-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  g_autoptr(DscProfile) profile = NULL;
  Result result = { 0 };
  DscSignInDialog *dialog;
  DscProfilesDialog *profiles;
  gint64 deadline;

  dsc_fake_identity_reset (&knobs);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  profile = dsc_profile_new ("contoso", "Contoso", "contoso.onmicrosoft.com", "client",
                             DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (profile, dsc_fake_tenant_get_base_url (tenant),
                                dsc_fake_tenant_get_base_url (tenant));
  g_assert_true (dsc_profile_store_insert (store, profile, &error));

  dialog = dsc_sign_in_dialog_new (NULL, store, profile);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "signed-in", G_CALLBACK (on_signed_in), &result);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.device-code", NULL));

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (dialog != NULL && find_label_with (GTK_WIDGET (dialog), "FAKE1234") == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_nonnull (find_label_with (GTK_WIDGET (dialog), "FAKE1234"));

  while (result.provider == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result.provider);
  g_assert_true (dsc_oauth_token_provider_get_signed_in (result.provider));
  g_assert_null (dialog);   /* closes itself */
  g_assert_cmpstr (dsc_profile_get_id (dsc_profile_store_get_active (store)), ==, "contoso");

  /* The switcher lists it. */
  profiles = dsc_profiles_dialog_new (NULL, store);
  gtk_window_present (GTK_WINDOW (profiles));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (find_label_with (GTK_WIDGET (profiles), "Contoso"));
  gtk_window_destroy (GTK_WINDOW (profiles));

  g_clear_object (&result.profile);
  g_clear_object (&result.provider);
  dsc_fake_tenant_stop (tenant);
  g_remove (path);
  g_rmdir (dir);
}

/* ---- the setup script, a distributor's client ID, missing permissions ---- */

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Turns the main loop until *done becomes non-NULL. */
static void
wait_until (gpointer *done)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, on_wait_timeout, &timed_out);

  while (*done == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static GtkWidget *
find_widget (GtkWidget      *root,
             gboolean      (*match) (GtkWidget *, gconstpointer),
             gconstpointer   data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_for (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_entry_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
on_text_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  g_assert_no_error (error);
  *(char **) user_data = text != NULL ? text : g_strdup ("");
}

static void
test_copy_script (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  DscSignInDialog *dialog = dsc_sign_in_dialog_new_full (NULL, store, NULL, NULL);
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "..", "docs", "setup",
                                                        "register-app.ps1", NULL);
  g_autofree char *script = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));

  /* The assistant's button, clicked. */
  button = find_widget (GTK_WIDGET (dialog), is_button_for, "sign-in.copy-script");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL,
                                 on_text_read, &copied);
  wait_until ((gpointer *) &copied);
  /* One source of truth: the file in docs/setup, byte for byte. */
  g_assert_cmpstr (copied, ==, script);
  g_assert_nonnull (strstr (copied, "Connect-MgGraph"));

  /* Without a distributor's client ID, the admin pastes the script's. */
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (dialog), is_entry_row_titled,
                                                      "Application (client) ID")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_rmdir (dir);
}

static void
test_default_client_id (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  DscSignInDialog *dialog = dsc_sign_in_dialog_new_full (NULL, store, NULL,
                                                         "0a1b2c3d-0000-4000-8000-0123456789ab");
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), is_entry_row_titled,
                                "Application (client) ID");

  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "0a1b2c3d-0000-4000-8000-0123456789ab");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_rmdir (dir);
}

static void
on_signed_in_missing (DscSignInDialog       *dialog,
                      DscProfile            *profile,
                      DscOAuthTokenProvider *provider,
                      gpointer               user_data)
{
  char *message = dsc_auth_ui_describe_missing (dsc_sign_in_dialog_get_missing_permissions (dialog));

  *(char **) user_data = message != NULL ? message : g_strdup ("");
}

/* A real sign-in (device code) against the fake identity platform, which
 * withholds one permission: what the window says names it and the checks it
 * limits -- from the token's granted scope, before any 403. */
static void
test_missing_permissions (void)
{
  DscFakeIdentityKnobs knobs = { .device_interval_s = 1,
                                 .withheld_permission = "ServiceHealth.Read.All" };
  dsc_autofinalize(DscFakeTenant) tenant = dsc_fake_tenant_new ();
  g_autofree char *dir = g_dir_make_tmp ("dsc-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  g_autoptr(DscProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *none[] = { NULL };
  DscSignInDialog *dialog;
  const char *url;

  dsc_fake_identity_reset (&knobs);
  g_assert_true (dsc_fake_tenant_start (tenant, &error));
  url = dsc_fake_tenant_get_base_url (tenant);
  profile = dsc_profile_new ("contoso", "Contoso", "contoso.onmicrosoft.com", "client",
                             DSC_CLOUD_CUSTOM);
  dsc_profile_set_custom_hosts (profile, url, url);
  g_assert_true (dsc_profile_store_insert (store, profile, &error));

  dialog = dsc_sign_in_dialog_new_full (NULL, store, profile, NULL);
  g_signal_connect (dialog, "signed-in", G_CALLBACK (on_signed_in_missing), &message);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.device-code", NULL));
  wait_until ((gpointer *) &message);

  g_assert_nonnull (strstr (message, "ServiceHealth.Read.All — limits: Service health"));
  g_assert_null (strstr (message, "Organization.Read.All"));
  /* Nothing missing: nothing to say. */
  g_assert_null (dsc_auth_ui_describe_missing (none));

  dsc_fake_identity_reset (NULL);
  dsc_fake_tenant_stop (tenant);
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
is_button_tipped (GtkWidget *widget, gconstpointer tip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tip) == 0;
}

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Removing a tenant in the switcher is final: its offline copy goes too. */
static void
test_remove_profile_deletes_offline_copy (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.json", NULL);
  dsc_autofinalize(DscProfileStore) store = dsc_profile_store_new (path);
  g_autoptr(DscProfile) profile = dsc_profile_new ("contoso", "Contoso",
                                                   "contoso.onmicrosoft.com", "client",
                                                   DSC_CLOUD_GLOBAL);
  g_autoptr(DscProfile) other = dsc_profile_new ("fabrikam", "Fabrikam",
                                                 "fabrikam.onmicrosoft.com", "client",
                                                 DSC_CLOUD_GLOBAL);
  g_autofree char *key = dsc_profile_dup_data_key (profile);
  g_autofree char *other_key = dsc_profile_dup_data_key (other);
  g_autoptr(DscSnapshotCache) cache = dsc_snapshot_cache_new (key);
  g_autoptr(DscSnapshotCache) other_cache = dsc_snapshot_cache_new (other_key);
  g_autofree char *cache_dir = g_path_get_dirname (dsc_snapshot_cache_get_path (cache));
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) toplevels = NULL;
  DscProfilesDialog *profiles;
  GtkWidget *button;
  AdwMessageDialog *confirm = NULL;
  gint64 deadline;

  g_assert_true (dsc_profile_store_insert (store, profile, &error));
  g_assert_true (dsc_profile_store_insert (store, other, &error));
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dsc_snapshot_cache_get_path (cache), "{}", -1, &error));
  g_assert_true (g_file_set_contents (dsc_snapshot_cache_get_path (other_cache), "{}", -1,
                                      &error));

  profiles = dsc_profiles_dialog_new (NULL, store);
  gtk_window_present (GTK_WINDOW (profiles));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  /* The first row's Remove button is Contoso's (rows in the store's order). */
  button = find_widget (GTK_WIDGET (profiles), is_button_tipped, "Remove");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && confirm == NULL; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        confirm = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "remove");

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!file_gone ((gpointer) dsc_snapshot_cache_get_path (cache)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (file_gone ((gpointer) dsc_snapshot_cache_get_path (cache)));
  g_assert_null (dsc_profile_store_lookup (store, "contoso"));
  /* The other tenant's offline copy stays. */
  g_assert_true (g_file_test (dsc_snapshot_cache_get_path (other_cache), G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (profiles));
  g_remove (dsc_snapshot_cache_get_path (other_cache));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_skip (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Offline copies and history go somewhere private. */
  {
    g_autofree char *tmp = g_dir_make_tmp ("dsc-sign-in-data-XXXXXX", NULL);

    g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
    g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  }
  /* No keyring here: the sign-in holds for the session and says so. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dsc-test-bus", TRUE);
  /* GTK warns that it has no session bus: that is the point, not a failure. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  if ((g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL) ||
      !gtk_init_check ())
    {
      g_test_add_data_func ("/ui/sign-in/device-code", "no display (run under xvfb-run)",
                            test_skip);
      return g_test_run ();
    }
  adw_init ();
  g_test_add_func ("/ui/sign-in/device-code", test_device_code_sign_in);
  g_test_add_func ("/ui/sign-in/copy-script", test_copy_script);
  g_test_add_func ("/ui/sign-in/default-client-id", test_default_client_id);
  g_test_add_func ("/ui/sign-in/missing-permissions", test_missing_permissions);
  g_test_add_func ("/ui/tenants/remove-deletes-offline-copy",
                   test_remove_profile_deletes_offline_copy);
  return g_test_run ();
}

/* test-sign-in-dialog.c — the sign-in assistant and the tenant switcher
 * under Xvfb, signing in to the fake identity platform with a device code. */
#include "config.h"
#include <glib/gstdio.h>

#include <adwaita.h>
#include <string.h>

#include "dsc-fake-identity.h"
#include "dsc-fake-tenant.h"
#include "dsc-profiles-dialog.h"
#include "dsc-sign-in-dialog.h"
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

static void
test_skip (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
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
  return g_test_run ();
}

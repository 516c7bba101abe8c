/* dsc-auth-ui.c — wires the sign-in and tenant dialogs to the application. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dsc-auth-cli.h"
#include "dsc-auth-ui.h"
#include "dsc-oauth-token-provider.h"
#include "dsc-profile-store.h"
#include "dsc-profiles-dialog.h"
#include "dsc-sign-in-dialog.h"
#include "dsc-application.h"

typedef struct {
  GtkApplication  *app;     /* weak: it owns us */
  DscProfileStore *store;
} AuthUi;

static void
auth_ui_free (gpointer data)
{
  AuthUi *ui = data;

  g_clear_object (&ui->store);
  g_free (ui);
}

static DscWindow *
active_window (AuthUi *ui)
{
  GtkWindow *window = gtk_application_get_active_window (ui->app);

  return DSC_IS_WINDOW (window) ? DSC_WINDOW (window) : NULL;
}

static void
tell (AuthUi     *ui,
      const char *heading,
      const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (ui->app),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_store (AuthUi *ui)
{
  g_autoptr(GError) error = NULL;

  /* The command line may have changed the file since startup. */
  if (!dsc_profile_store_load (ui->store, &error))
    tell (ui, _("Tenant List Unreadable"), error->message);
}

static DscSession *
current_session (AuthUi *ui)
{
  if (DSC_IS_APPLICATION (ui->app))
    return dsc_application_get_session (DSC_APPLICATION (ui->app));
  /* A bare GtkApplication (tests): the active window's. */
  return active_window (ui) != NULL ? dsc_window_get_session (active_window (ui)) : NULL;
}

/* The session's sign-in, when it is one of ours. */
static DscOAuthTokenProvider *
window_provider (AuthUi *ui)
{
  DscSession *session = current_session (ui);
  DscConnection *connection = session != NULL ? dsc_session_get_connection (session) : NULL;
  g_autoptr(DscTokenProvider) provider = NULL;

  if (connection == NULL || dsc_session_get_is_demo (session))
    return NULL;
  g_object_get (dsc_connection_get_client (connection), "token-provider", &provider, NULL);
  if (!DSC_IS_OAUTH_TOKEN_PROVIDER (provider))
    return NULL;
  return DSC_OAUTH_TOKEN_PROVIDER (g_steal_pointer (&provider));
}

/* Another tenant (or none): a new session, which the window and the tray follow. */
static void
show_connection (AuthUi        *ui,
                 DscConnection *connection)
{
  g_autoptr(DscSession) session = connection != NULL ? dsc_session_new (connection) : NULL;
  DscWindow *window;

  if (DSC_IS_APPLICATION (ui->app))
    {
      dsc_application_set_session (DSC_APPLICATION (ui->app), session);
      return;
    }
  window = active_window (ui);
  if (window != NULL)
    {
      dsc_window_set_session (window, session);
      if (session != NULL)
        dsc_session_start (session);
    }
}

char *
dsc_auth_ui_describe_missing (const char * const *missing)
{
  g_autoptr(GString) text = NULL;

  if (missing == NULL || missing[0] == NULL)
    return NULL;
  /* The same names and limits the command line prints after --sign-in. */
  text = g_string_new (_("The app registration was not granted these permissions, so the "
                         "checks they feed will read as not permitted until an administrator "
                         "grants admin consent (rerun the setup script, or API permissions → "
                         "Grant admin consent in the Entra admin center) and you sign in "
                         "again:"));
  for (guint i = 0; missing[i] != NULL; i++)
    g_string_append_printf (text, _("\n• %s — limits: %s"), missing[i],
                            dsc_cloud_permission_limits (missing[i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_signed_in (DscSignInDialog       *dialog,
              DscProfile            *profile,
              DscOAuthTokenProvider *provider,
              AuthUi                *ui)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnection) connection = NULL;
  g_autofree char *key = NULL;
  g_autofree char *missing = NULL;

  connection = dsc_connection_new_graph (dsc_profile_get_graph_url (profile),
                                         DSC_TOKEN_PROVIDER (provider), &error);
  if (connection == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  key = dsc_profile_dup_data_key (profile);
  dsc_connection_set_data_key (connection, key);
  show_connection (ui, connection);
  if (!dsc_oauth_token_provider_get_persistent (provider) &&
      dsc_oauth_token_provider_get_storage_problem (provider) != NULL)
    tell (ui, _("Signed In for This Session Only"),
          dsc_oauth_token_provider_get_storage_problem (provider));
  missing = dsc_auth_ui_describe_missing (dsc_sign_in_dialog_get_missing_permissions (dialog));
  if (missing != NULL)
    tell (ui, _("Some Permissions Are Not Granted"), missing);
}

static void
open_sign_in (AuthUi     *ui,
              DscProfile *profile)
{
  DscSignInDialog *dialog = dsc_sign_in_dialog_new (
    GTK_WINDOW (active_window (ui)), ui->store, profile);

  g_signal_connect (dialog, "signed-in", G_CALLBACK (on_signed_in), ui);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AuthUi *ui = user_data;

  reload_store (ui);
  open_sign_in (ui, NULL);
}

static void
sign_out_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_oauth_token_provider_sign_out_finish (DSC_OAUTH_TOKEN_PROVIDER (source), result,
                                                 &error))
    g_warning ("Could not delete the stored sign-in: %s", error->message);
}

/* Signs out of profile_id (NULL: the window's); the window goes to its
 * signed-out page if it showed that tenant. */
static void
sign_out (AuthUi     *ui,
          DscProfile *profile)
{
  g_autoptr(DscOAuthTokenProvider) current = window_provider (ui);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  gboolean shown;

  shown = current != NULL &&
          (profile == NULL || g_strcmp0 (dsc_oauth_token_provider_get_secret_key (current),
                                         dsc_profile_get_id (profile)) == 0);
  if (shown)
    provider = g_object_ref (current);
  else if (profile != NULL)
    {
      g_autofree char *authority = dsc_profile_dup_authority (profile, NULL);
      g_autofree char *scopes = dsc_profile_dup_scopes (profile);

      if (authority == NULL)
        return;
      provider = dsc_oauth_token_provider_new (authority, dsc_profile_get_client_id (profile),
                                               scopes, dsc_profile_get_id (profile));
    }
  else
    return;

  dsc_oauth_token_provider_sign_out_async (provider, NULL, sign_out_done, NULL);
  if (shown)
    show_connection (ui, NULL);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  sign_out (user_data, NULL);
}

static void
on_switch_profile (DscProfilesDialog *dialog,
                   DscProfile        *profile,
                   AuthUi            *ui)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnection) connection = NULL;

  connection = dsc_auth_connection_for_profile (dsc_profile_get_id (profile), &error);
  if (connection == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  show_connection (ui, connection);
}

static void
on_add_profile (DscProfilesDialog *dialog,
                AuthUi            *ui)
{
  open_sign_in (ui, NULL);
}

static void
on_sign_out_profile (DscProfilesDialog *dialog,
                     DscProfile        *profile,
                     AuthUi            *ui)
{
  sign_out (ui, profile);
}

static void
on_removed_profile (DscProfilesDialog *dialog,
                    const char        *id,
                    AuthUi            *ui)
{
  g_autoptr(DscOAuthTokenProvider) current = window_provider (ui);

  /* The store already forgot the stored sign-in; drop the live one too. */
  if (current != NULL && g_strcmp0 (dsc_oauth_token_provider_get_secret_key (current), id) == 0)
    {
      dsc_oauth_token_provider_sign_out_async (current, NULL, sign_out_done, NULL);
      show_connection (ui, NULL);
    }
}

static void
tenants_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AuthUi *ui = user_data;
  DscProfilesDialog *dialog;

  reload_store (ui);
  dialog = dsc_profiles_dialog_new (GTK_WINDOW (active_window (ui)), ui->store);
  g_signal_connect (dialog, "switch-profile", G_CALLBACK (on_switch_profile), ui);
  g_signal_connect (dialog, "add-profile", G_CALLBACK (on_add_profile), ui);
  g_signal_connect (dialog, "sign-out-profile", G_CALLBACK (on_sign_out_profile), ui);
  g_signal_connect (dialog, "removed-profile", G_CALLBACK (on_removed_profile), ui);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
tell_startup_problem (gpointer user_data)
{
  AuthUi *ui = user_data;
  g_autofree char *problem = dsc_auth_take_startup_problem ();

  if (problem != NULL)
    tell (ui, _("Tenant List Unreadable"), problem);
  return G_SOURCE_REMOVE;
}

void
dsc_auth_ui_install (GtkApplication *app)
{
  AuthUi *ui = g_new0 (AuthUi, 1);
  const GActionEntry entries[] = {
    { "sign-in", sign_in_activated, NULL, NULL, NULL },
    { "sign-out", sign_out_activated, NULL, NULL, NULL },
    { "tenants", tenants_activated, NULL, NULL, NULL },
  };

  ui->app = app;
  ui->store = dsc_profile_store_new (NULL);
  reload_store (ui);
  g_object_set_data_full (G_OBJECT (app), "dsc-auth-ui", ui, auth_ui_free);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), ui);
  /* After the window is up (activate runs before idles). */
  g_idle_add_full (G_PRIORITY_LOW, tell_startup_problem, ui, NULL);
}

/* dsc-auth-cli.c — terminal sign-in. Runs its own main context: nothing
 * here is used by the window. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dsc-auth-cli.h"
#include "dsc-auth-code-flow.h"
#include "dsc-auth-error.h"
#include "dsc-connection.h"
#include "dsc-graph-error.h"
#include "dsc-device-code-flow.h"
#include "dsc-oauth-token-provider.h"
#include "dsc-platform.h"
#include "dsc-profile-store.h"

typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} Waiter;

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Waiter *w = user_data;

  g_set_object (&w->result, result);
}

static GAsyncResult *
wait_for (Waiter *w)
{
  g_clear_object (&w->result);
  while (w->result == NULL)
    g_main_context_iteration (w->context, TRUE);
  return w->result;
}

static void
settle (Waiter *w, DscOAuthTokenProvider *provider)
{
  /* The rotated refresh token must reach the secret store before exit. */
  while (dsc_oauth_token_provider_get_busy (provider))
    g_main_context_iteration (w->context, TRUE);
}

static int
fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return 3;
}

static DscProfileStore *
open_store (GError **error)
{
  g_autoptr(DscProfileStore) store = dsc_profile_store_new (NULL);

  if (!dsc_profile_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static DscOAuthTokenProvider *
provider_for (DscProfile *profile, GError **error)
{
  g_autofree char *authority = dsc_profile_dup_authority (profile, error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);

  if (authority == NULL)
    return NULL;
  return dsc_oauth_token_provider_new (authority, dsc_profile_get_client_id (profile), scopes,
                                       dsc_profile_get_id (profile));
}

int
dsc_auth_cli_list_profiles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscProfileStore) store = open_store (&error);
  GListModel *list;
  DscProfile *active;

  if (store == NULL)
    return fail (error->message);
  list = dsc_profile_store_get_profiles (store);
  active = dsc_profile_store_get_active (store);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DscProfile) p = g_list_model_get_item (list, i);

      g_print ("%s %-24s %-32s %s (%s)\n", p == active ? "*" : " ", dsc_profile_get_id (p),
               dsc_profile_get_display_name (p), dsc_profile_get_tenant (p),
               dsc_cloud_get (dsc_profile_get_cloud (p))->key);
    }
  return 0;
}

gboolean
dsc_auth_cli_use_profile (const char  *name,
                          char       **graph_url,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(DscProfileStore) store = open_store (error);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *token = NULL;
  Waiter w = { context, NULL };
  DscProfile *profile;

  if (store == NULL)
    return FALSE;
  profile = dsc_profile_store_lookup (store, name);
  if (profile == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No tenant profile “%s” (see --list-tenants)"), name);
      return FALSE;
    }
  provider = provider_for (profile, error);
  if (provider == NULL)
    return FALSE;

  g_main_context_push_thread_default (context);
  dsc_token_provider_get_token_async (DSC_TOKEN_PROVIDER (provider), NULL, got_result, &w);
  token = dsc_token_provider_get_token_finish (DSC_TOKEN_PROVIDER (provider), wait_for (&w),
                                               &local);
  settle (&w, provider);
  g_clear_object (&w.result);
  g_main_context_pop_thread_default (context);

  if (token == NULL)
    {
      /* The plain "not signed in" says nothing more; an expiry or a store
       * problem does. */
      if (g_strcmp0 (local->message, _("Not signed in: sign in to this tenant")) == 0)
        g_set_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                     _("Sign-in needed for profile %s: run dirsync-companion and sign in"),
                     name);
      else
        g_set_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                     _("Sign-in needed for profile %s: run dirsync-companion and sign in "
                       "(%s)"), name, local->message);
      return FALSE;
    }
  /* Handed to the check the way DSC_ACCESS_TOKEN is: this process only. */
  g_setenv ("DSC_ACCESS_TOKEN", token, TRUE);
  *graph_url = g_strdup (dsc_profile_get_graph_url (profile));
  return TRUE;
}

static char *startup_problem;

char *
dsc_auth_take_startup_problem (void)
{
  return g_steal_pointer (&startup_problem);
}

DscConnection *
dsc_auth_connection_for_profile (const char  *name,
                                 GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(DscProfileStore) store = open_store (&local);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  DscConnection *connection;
  DscProfile *profile;

  if (store == NULL)
    {
      /* An unreadable file was set aside; the window still opens (signed
       * out) and the tenant list reports it. Only --tenant insists. */
      if (name != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        {
          g_warning ("%s", local->message);
          g_free (startup_problem);
          startup_problem = g_strdup (local->message);
        }
      return NULL;
    }
  profile = name != NULL ? dsc_profile_store_lookup (store, name)
                         : dsc_profile_store_get_active (store);
  if (profile == NULL)
    {
      if (name != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No tenant profile “%s” (see --list-tenants)"), name);
      return NULL;
    }
  if (!dsc_cloud_graph_url_is_allowed (dsc_profile_get_graph_url (profile), NULL, error))
    return NULL;
  provider = provider_for (profile, error);
  if (provider == NULL)
    return NULL;
  connection = dsc_connection_new_graph (dsc_profile_get_graph_url (profile),
                                         DSC_TOKEN_PROVIDER (provider), error);
  if (connection != NULL)
    {
      g_autofree char *key = dsc_profile_dup_data_key (profile);

      dsc_connection_set_data_key (connection, key);
    }
  return connection;
}

static DscOAuthTokens *
browser_flow (Waiter *w, DscProfile *profile, GError **error)
{
  g_autofree char *authority = dsc_profile_dup_authority (profile, error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);
  g_autoptr(DscAuthCodeFlow) flow = NULL;
  g_autoptr(GError) local = NULL;

  if (authority == NULL)
    return NULL;
  flow = dsc_auth_code_flow_new (authority, dsc_profile_get_client_id (profile), scopes);
  if (!dsc_auth_code_flow_start (flow, error))
    return NULL;
  if (dsc_platform_open_uri_without_window (dsc_auth_code_flow_get_authorize_url (flow),
                                            &local))
    g_print (_("Opening the sign-in page in your browser. If it does not open, visit:\n%s\n"),
             dsc_auth_code_flow_get_authorize_url (flow));
  else
    g_print (_("Could not open a browser here (%s). Open this address in a browser on this "
               "computer:\n%s\nWaiting for the sign-in to finish… Without a browser on this "
               "computer (e.g. over SSH), press Ctrl+C and run the same command with "
               "--device-code instead.\n"),
             local->message, dsc_auth_code_flow_get_authorize_url (flow));
  /* A pipe or a log reads the address now, not at exit. */
  fflush (stdout);
  dsc_auth_code_flow_get_tokens_async (flow, NULL, got_result, w);
  return dsc_auth_code_flow_get_tokens_finish (flow, wait_for (w), error);
}

static DscOAuthTokens *
device_flow (Waiter *w, DscProfile *profile, GError **error)
{
  g_autofree char *authority = dsc_profile_dup_authority (profile, error);
  g_autofree char *scopes = dsc_profile_dup_scopes (profile);
  g_autoptr(DscDeviceCodeFlow) flow = NULL;

  if (authority == NULL)
    return NULL;
  flow = dsc_device_code_flow_new (authority, dsc_profile_get_client_id (profile), scopes);
  dsc_device_code_flow_start_async (flow, NULL, got_result, w);
  if (!dsc_device_code_flow_start_finish (flow, wait_for (w), error))
    return NULL;
  g_print ("%s\n", dsc_device_code_flow_get_message (flow));
  fflush (stdout);
  dsc_device_code_flow_poll_async (flow, NULL, got_result, w);
  return dsc_device_code_flow_poll_finish (flow, wait_for (w), error);
}

int
dsc_auth_cli_sign_in (const DscAuthCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscProfileStore) store = open_store (&error);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  DscOAuthTokens *tokens;
  Waiter w = { context, NULL };
  DscProfile *profile;
  gboolean saved;
  int status = 0;

  if (store == NULL)
    return fail (error->message);
  if (options->profile == NULL)
    return fail (_("--sign-in needs --tenant NAME"));
  profile = dsc_profile_store_lookup (store, options->profile);
  if (profile == NULL)
    {
      const DscCloud *cloud = dsc_cloud_from_key (options->cloud != NULL ? options->cloud
                                                                         : "global");
      /* A distributor's multi-tenant registration (meson -Ddefault_client_id). */
      const char *client_id = options->client_id != NULL ? options->client_id
                            : *DSC_DEFAULT_CLIENT_ID != '\0' ? DSC_DEFAULT_CLIENT_ID : NULL;

      if (client_id == NULL || options->directory == NULL || cloud == NULL ||
          cloud->id == DSC_CLOUD_CUSTOM)
        return fail (_("New tenant profile: give --client-id (the app registration’s "
                       "Application ID), --directory (tenant ID or domain) and optionally "
                       "--cloud global|usgov-high|usgov-dod|china"));
      profile = dsc_profile_store_add (store, options->profile, options->directory,
                                       client_id, cloud->id, &error);
      if (profile == NULL)
        return fail (error->message);
      g_print (_("Added tenant profile “%s”.\n"), dsc_profile_get_id (profile));
    }
  provider = provider_for (profile, &error);
  if (provider == NULL)
    return fail (error->message);

  g_main_context_push_thread_default (context);
  tokens = options->device_code ? device_flow (&w, profile, &error)
                                : browser_flow (&w, profile, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_CONSENT_REQUIRED))
        {
          g_autofree char *authority = dsc_profile_dup_authority (profile, NULL);
          g_autofree char *url = dsc_auth_admin_consent_url (authority,
                                                             dsc_profile_get_client_id (profile));

          g_printerr (_("An administrator can grant consent at:\n%s\n"), url);
        }
      status = fail (error->message);
    }
  else
    {
      g_auto(GStrv) missing = dsc_cloud_missing_permissions (tokens->scope);

      dsc_oauth_token_provider_sign_in_async (provider, tokens, NULL, got_result, &w);
      saved = dsc_oauth_token_provider_sign_in_finish (provider, wait_for (&w), &error);
      settle (&w, provider);
      if (!saved)
        status = fail (dsc_oauth_token_provider_get_storage_problem (provider));
      else
        {
          g_print (_("Signed in to %s.\n"), dsc_profile_get_display_name (profile));
          dsc_profile_store_set_active (store, dsc_profile_get_id (profile), NULL);
          /* Known now from the granted scopes, not later from 403s. */
          if (missing[0] != NULL)
            g_print ("%s\n", _("Not granted to the app registration (an administrator can "
                               "grant admin consent in the Entra admin center or with the "
                               "setup script in docs/sign-in.md):"));
          for (guint i = 0; missing[i] != NULL; i++)
            g_print (_("  %s — limits: %s\n"), missing[i],
                     dsc_cloud_permission_limits (missing[i]));
        }
    }
  g_clear_object (&w.result);
  g_main_context_pop_thread_default (context);
  return status;
}

int
dsc_auth_cli_sign_out (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscProfileStore) store = open_store (&error);
  g_autoptr(DscOAuthTokenProvider) provider = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  Waiter w = { context, NULL };
  DscProfile *profile;
  gboolean ok;

  if (store == NULL)
    return fail (error->message);
  profile = name != NULL ? dsc_profile_store_lookup (store, name)
                         : dsc_profile_store_get_active (store);
  if (profile == NULL)
    return fail (_("No such tenant profile (see --list-tenants)"));
  provider = provider_for (profile, &error);
  if (provider == NULL)
    return fail (error->message);
  g_main_context_push_thread_default (context);
  dsc_oauth_token_provider_sign_out_async (provider, NULL, got_result, &w);
  ok = dsc_oauth_token_provider_sign_out_finish (provider, wait_for (&w), &error);
  g_clear_object (&w.result);
  g_main_context_pop_thread_default (context);
  if (!ok)
    return fail (error->message);
  g_print (_("Signed out of %s.\n"), dsc_profile_get_display_name (profile));
  return 0;
}

GPtrArray *
dsc_auth_connections_for_all_profiles (GError **error)
{
  g_autoptr(DscProfileStore) store = open_store (error);
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list;

  if (store == NULL)
    return NULL;
  list = dsc_profile_store_get_profiles (store);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DscProfile) profile = g_list_model_get_item (list, i);
      g_autoptr(DscOAuthTokenProvider) provider = provider_for (profile, error);
      DscConnection *connection;

      if (provider == NULL)
        return NULL;
      /* Labelled with the profile's name: it names the tenant everywhere and
       * keeps each tenant's offline copy apart. */
      connection = dsc_connection_new (dsc_profile_get_graph_url (profile),
                                       DSC_TOKEN_PROVIDER (provider),
                                       dsc_profile_get_display_name (profile), error);
      if (connection == NULL)
        return NULL;
      g_ptr_array_add (connections, connection);
    }
  return g_steal_pointer (&connections);
}

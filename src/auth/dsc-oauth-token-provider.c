/* dsc-oauth-token-provider.c — access token in memory, refresh token rotated
 * through the secret store. One refresh at a time; callers queue behind it. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dsc-auth-error.h"
#include "dsc-graph-error.h"
#include "dsc-oauth-token-provider.h"
#include "dsc-platform.h"

/* Refresh this long before the service says the token expires. */
#define EXPIRY_MARGIN_US (120 * G_USEC_PER_SEC)

struct _DscOAuthTokenProvider
{
  GObject      parent_instance;

  char        *authority;
  char        *client_id;
  char        *scopes;
  char        *secret_key;
  SoupSession *session;

  char        *access_token;
  gint64       expires_at;
  char        *refresh_token;
  GPtrArray   *waiting;        /* GTask * queued behind the refresh in flight */
  gboolean     refreshing;
  gboolean     persistent;
  char        *storage_problem;
  gboolean     saving;
  gboolean     save_again;
  gboolean     loaded;         /* the secret store was asked once */
  guint        generation;     /* +1 at every sign-in and sign-out: older results are stale */
};

/* What a refresh or a load started with, to recognise a stale answer. */
typedef struct {
  DscOAuthTokenProvider *self;
  guint                  generation;
  char                  *refresh_token;   /* the token sent (refresh only) */
} Attempt;

static Attempt *
attempt_new (DscOAuthTokenProvider *self)
{
  Attempt *a = g_new0 (Attempt, 1);

  a->self = g_object_ref (self);
  a->generation = self->generation;
  a->refresh_token = g_strdup (self->refresh_token);
  return a;
}

static void
attempt_free (Attempt *a)
{
  g_object_unref (a->self);
  if (a->refresh_token != NULL)
    memset (a->refresh_token, 0, strlen (a->refresh_token));
  g_free (a->refresh_token);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_PERSISTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void token_provider_iface_init (DscTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DscOAuthTokenProvider, dsc_oauth_token_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DSC_TYPE_TOKEN_PROVIDER,
                                                      token_provider_iface_init))

static void
wipe (char **p)
{
  if (*p != NULL)
    memset (*p, 0, strlen (*p));
  g_clear_pointer (p, g_free);
}

static void
set_refresh_token (DscOAuthTokenProvider *self,
                   const char            *token)
{
  gboolean was = self->refresh_token != NULL || self->access_token != NULL;

  wipe (&self->refresh_token);
  self->refresh_token = g_strdup (token);
  if (was != (self->refresh_token != NULL || self->access_token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
set_persistent (DscOAuthTokenProvider *self,
                gboolean               persistent,
                const char            *problem)
{
  g_free (self->storage_problem);
  self->storage_problem = g_strdup (problem);
  if (self->persistent != persistent)
    {
      self->persistent = persistent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
    }
}

static void
dsc_oauth_token_provider_finalize (GObject *object)
{
  DscOAuthTokenProvider *self = DSC_OAUTH_TOKEN_PROVIDER (object);

  g_free (self->authority);
  g_free (self->client_id);
  g_free (self->scopes);
  g_free (self->secret_key);
  g_clear_object (&self->session);
  wipe (&self->access_token);
  wipe (&self->refresh_token);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->storage_problem);
  G_OBJECT_CLASS (dsc_oauth_token_provider_parent_class)->finalize (object);
}

static void
dsc_oauth_token_provider_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  DscOAuthTokenProvider *self = DSC_OAUTH_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, dsc_oauth_token_provider_get_signed_in (self));
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_oauth_token_provider_class_init (DscOAuthTokenProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_oauth_token_provider_finalize;
  object_class->get_property = dsc_oauth_token_provider_get_property;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_oauth_token_provider_init (DscOAuthTokenProvider *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

DscOAuthTokenProvider *
dsc_oauth_token_provider_new (const char *authority,
                              const char *client_id,
                              const char *scopes,
                              const char *secret_key)
{
  DscOAuthTokenProvider *self = g_object_new (DSC_TYPE_OAUTH_TOKEN_PROVIDER, NULL);

  self->authority = g_strdup (authority);
  self->client_id = g_strdup (client_id);
  self->scopes = g_strdup (scopes);
  self->secret_key = g_strdup (secret_key);
  self->session = dsc_oauth_session_new ();
  if (secret_key == NULL)
    self->storage_problem = g_strdup (_("This sign-in is not saved"));
  return self;
}

gboolean
dsc_oauth_token_provider_get_signed_in (DscOAuthTokenProvider *self)
{
  g_return_val_if_fail (DSC_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  return self->refresh_token != NULL || self->access_token != NULL;
}

const char *
dsc_oauth_token_provider_get_secret_key (DscOAuthTokenProvider *self)
{
  g_return_val_if_fail (DSC_IS_OAUTH_TOKEN_PROVIDER (self), NULL);
  return self->secret_key;
}

gboolean
dsc_oauth_token_provider_get_persistent (DscOAuthTokenProvider *self)
{
  g_return_val_if_fail (DSC_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  return self->persistent;
}

gboolean
dsc_oauth_token_provider_get_busy (DscOAuthTokenProvider *self)
{
  g_return_val_if_fail (DSC_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  return self->saving || self->refreshing;
}

const char *
dsc_oauth_token_provider_get_storage_problem (DscOAuthTokenProvider *self)
{
  g_return_val_if_fail (DSC_IS_OAUTH_TOKEN_PROVIDER (self), NULL);
  return self->storage_problem;
}

/* ---- saving the rotating refresh token --------------------------------------- */

static void
forget_delete_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_secret_store_delete_finish (result, &error))
    g_debug ("stale refresh token not deleted: %s", error->message);
}

static void save_refresh_token (DscOAuthTokenProvider *self, GTask *task);

/* invalid_grant: the window and a scheduled --check share the store, and the
 * other may have stored a newer token since this one was read. Delete only
 * what failed. */
static void
forget_if_unchanged_loaded (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autofree char *failed = user_data;   /* "key\0token\0" */
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = dsc_secret_store_load_finish (result, &error);

  if (stored != NULL && g_str_equal (stored, failed + strlen (failed) + 1))
    dsc_secret_store_delete_async (failed, NULL, forget_delete_done, NULL);
  else if (error != NULL)
    g_debug ("stored refresh token not checked: %s", error->message);
  else
    g_debug ("the stored refresh token changed since it failed: kept");
  if (stored != NULL)
    memset (stored, 0, strlen (stored));
  memset (failed, 0, strlen (failed) + 1 + strlen (failed + strlen (failed) + 1));
}

static void
forget_if_unchanged (const char *key,
                     const char *failed_token)
{
  /* key and token in one block: "key\0token\0". */
  gsize klen = strlen (key), tlen = strlen (failed_token);
  char *both = g_malloc (klen + tlen + 2);

  memcpy (both, key, klen + 1);
  memcpy (both + klen + 1, failed_token, tlen + 1);
  dsc_secret_store_load_async (key, NULL, forget_if_unchanged_loaded, both);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscOAuthTokenProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!dsc_secret_store_save_finish (result, &error))
    {
      g_autofree char *problem = g_strdup_printf (
        _("Signed in for this session only: the sign-in cannot be saved (%s)"),
        error->message);

      g_debug ("refresh token not saved: %s", error->message);
      set_persistent (self, FALSE, problem);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->refresh_token == NULL)
    {
      /* Signed out (or revoked) while the save was on its way: undo it. */
      dsc_secret_store_delete_async (self->secret_key, NULL, forget_delete_done, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  set_persistent (self, TRUE, NULL);
  if (self->save_again)
    {
      /* A refresh rotated the token while it was being saved. */
      self->save_again = FALSE;
      save_refresh_token (self, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

/* task may be NULL (a background save after a refresh). */
static void
save_refresh_token (DscOAuthTokenProvider *self,
                    GTask                 *task)
{
  g_autoptr(GTask) owned = task != NULL ? g_object_ref (task)
                                        : g_task_new (self, NULL, NULL, NULL);

  if (self->secret_key == NULL || self->refresh_token == NULL)
    {
      g_task_return_boolean (owned, TRUE);
      return;
    }
  if (self->saving)
    {
      self->save_again = TRUE;
      g_task_return_boolean (owned, TRUE);
      return;
    }
  self->saving = TRUE;
  dsc_secret_store_save_async (self->secret_key, self->refresh_token, NULL,
                               save_done, g_steal_pointer (&owned));
}

/* ---- DscTokenProvider ---------------------------------------------------------- */

static gboolean
access_token_usable (DscOAuthTokenProvider *self)
{
  return self->access_token != NULL &&
         g_get_monotonic_time () + EXPIRY_MARGIN_US < self->expires_at;
}

static GError *
graph_error_for (GError *auth_error)
{
  if (g_error_matches (auth_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (auth_error);
  if (g_error_matches (auth_error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_NETWORK))
    return g_error_new_literal (DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NETWORK, auth_error->message);
  if (auth_error->domain == DSC_AUTH_ERROR &&
      (auth_error->code == DSC_AUTH_ERROR_INVALID_GRANT ||
       auth_error->code == DSC_AUTH_ERROR_INTERACTION_REQUIRED ||
       auth_error->code == DSC_AUTH_ERROR_CONSENT_REQUIRED ||
       auth_error->code == DSC_AUTH_ERROR_ACCESS_DENIED))
    return g_error_new_literal (DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                                auth_error->message);
  return g_error_new_literal (DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_SERVER, auth_error->message);
}

static void
finish_waiting (DscOAuthTokenProvider *self,
                const GError          *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = FALSE;
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else if (access_token_usable (self) || self->access_token != NULL)
        g_task_return_pointer (task, g_strdup (self->access_token), g_free);
      else
        g_task_return_new_error (task, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                                 "%s", _("Not signed in"));
    }
}

static void
refresh_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  DscOAuthTokenProvider *self = attempt->self;
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) graph_error = NULL;
  g_autoptr(DscOAuthTokens) tokens = NULL;

  obj = dsc_oauth_post_finish (result, &error);
  if (obj != NULL)
    tokens = dsc_oauth_tokens_from_json (obj, &error);
  if (attempt->generation != self->generation)
    {
      /* Signed out (or in again) while this refresh was on its way: its
       * tokens belong to a sign-in that no longer exists. */
      g_debug ("a token refresh finished after sign-out or a new sign-in: dropped");
      finish_waiting (self, NULL);
      return;
    }
  if (tokens == NULL)
    {
      g_debug ("token refresh failed: %s", error->message);
      if (g_error_matches (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_GRANT))
        {
          /* Revoked or expired: it will never work again. */
          g_clear_error (&error);
          error = g_error_new_literal (DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_GRANT,
                                       _("Your sign-in expired — sign in again"));
          wipe (&self->access_token);
          set_refresh_token (self, NULL);
          if (self->secret_key != NULL && attempt->refresh_token != NULL)
            forget_if_unchanged (self->secret_key, attempt->refresh_token);
        }
      graph_error = graph_error_for (error);
      finish_waiting (self, graph_error);
      return;
    }

  wipe (&self->access_token);
  self->access_token = g_strdup (tokens->access_token);
  self->expires_at = tokens->expires_at;
  /* Rotation: the new refresh token replaces the old one everywhere. */
  if (tokens->refresh_token != NULL)
    {
      set_refresh_token (self, tokens->refresh_token);
      save_refresh_token (self, NULL);
    }
  g_debug ("access token refreshed");
  finish_waiting (self, NULL);
}

static void
start_refresh (DscOAuthTokenProvider *self)
{
  g_autofree char *url = g_strconcat (self->authority, "/oauth2/v2.0/token", NULL);

  self->refreshing = TRUE;
  /* Not cancellable: other callers may be waiting on the same refresh. */
  dsc_oauth_post_async (self->session, url, NULL, refresh_done, attempt_new (self),
                        "client_id", self->client_id,
                        "grant_type", "refresh_token",
                        "refresh_token", self->refresh_token,
                        "scope", self->scopes,
                        NULL);
}

static void
autoload_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DscOAuthTokenProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) graph_error = NULL;

  if (dsc_oauth_token_provider_load_finish (self, result, &error) &&
      self->refresh_token != NULL)
    {
      start_refresh (self);
      return;
    }
  if (error == NULL && self->access_token != NULL)
    {
      /* Signed in while the store was being read. */
      finish_waiting (self, NULL);
      return;
    }
  graph_error = g_error_new (DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN, "%s",
                             error != NULL ? error->message
                                           : _("Not signed in: sign in to this tenant"));
  finish_waiting (self, graph_error);
}

static void
get_token_async (DscTokenProvider    *provider,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  DscOAuthTokenProvider *self = DSC_OAUTH_TOKEN_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, get_token_async);
  g_task_set_check_cancellable (task, TRUE);

  if (access_token_usable (self))
    {
      g_task_return_pointer (task, g_strdup (self->access_token), g_free);
      return;
    }
  if (self->refresh_token == NULL && (self->loaded || self->secret_key == NULL))
    {
      g_task_return_new_error (task, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                               "%s", _("Not signed in: sign in to this tenant"));
      return;
    }
  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->refreshing)
    return;
  if (self->refresh_token == NULL)
    {
      /* Silent sign-in on first use: the stored refresh token, if any. */
      self->refreshing = TRUE;
      dsc_oauth_token_provider_load_async (self, NULL, autoload_done, g_object_ref (self));
      return;
    }
  start_refresh (self);
}

static char *
get_token_finish (DscTokenProvider  *provider,
                  GAsyncResult      *result,
                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
invalidate (DscTokenProvider *provider,
            const char       *token)
{
  DscOAuthTokenProvider *self = DSC_OAUTH_TOKEN_PROVIDER (provider);

  if (token != NULL && g_strcmp0 (token, self->access_token) == 0)
    {
      wipe (&self->access_token);
      self->expires_at = 0;
    }
}

static void
token_provider_iface_init (DscTokenProviderInterface *iface)
{
  iface->get_token_async = get_token_async;
  iface->get_token_finish = get_token_finish;
  iface->invalidate = invalidate;
}

/* ---- load, sign in, sign out ----------------------------------------------------- */

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscOAuthTokenProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = dsc_secret_store_load_finish (result, &error);

  self->loaded = TRUE;
  if (GPOINTER_TO_UINT (g_task_get_task_data (task)) != self->generation)
    {
      /* Signed out (or in) while the store was read: what it held then is
       * no longer this provider's sign-in. */
      if (secret != NULL)
        memset (secret, 0, strlen (secret));
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *problem = g_strdup_printf (
        _("Sign-ins cannot be saved on this computer (%s): you will sign in again next time"),
        error->message);

      set_persistent (self, FALSE, problem);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secret == NULL)
    {
      set_persistent (self, FALSE, NULL);
      g_task_return_boolean (task, FALSE);
      return;
    }
  set_refresh_token (self, secret);
  memset (secret, 0, strlen (secret));
  set_persistent (self, TRUE, NULL);
  g_task_return_boolean (task, TRUE);
}

void
dsc_oauth_token_provider_load_async (DscOAuthTokenProvider *self,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dsc_oauth_token_provider_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->generation), NULL);
  if (self->secret_key == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  dsc_secret_store_load_async (self->secret_key, cancellable, load_done,
                               g_steal_pointer (&task));
}

gboolean
dsc_oauth_token_provider_load_finish (DscOAuthTokenProvider  *self,
                                      GAsyncResult           *result,
                                      GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dsc_oauth_token_provider_sign_in_async (DscOAuthTokenProvider *self,
                                        DscOAuthTokens        *tokens,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DscOAuthTokens) owned = tokens;

  g_task_set_source_tag (task, dsc_oauth_token_provider_sign_in_async);
  self->generation++;
  self->loaded = TRUE;
  wipe (&self->access_token);
  self->access_token = g_strdup (owned->access_token);
  self->expires_at = owned->expires_at;
  set_refresh_token (self, owned->refresh_token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  if (self->secret_key == NULL || self->refresh_token == NULL)
    {
      set_persistent (self, FALSE, _("This sign-in is not saved"));
      g_task_return_boolean (task, TRUE);
      return;
    }
  self->save_again = FALSE;
  if (self->saving)
    {
      self->save_again = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  save_refresh_token (self, task);
}

gboolean
dsc_oauth_token_provider_sign_in_finish (DscOAuthTokenProvider  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sign_out_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!dsc_secret_store_delete_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dsc_oauth_token_provider_sign_out_async (DscOAuthTokenProvider *self,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dsc_oauth_token_provider_sign_out_async);
  self->generation++;
  self->loaded = TRUE;
  wipe (&self->access_token);
  self->expires_at = 0;
  set_refresh_token (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  set_persistent (self, FALSE, NULL);
  self->save_again = FALSE;
  if (self->secret_key == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  dsc_secret_store_delete_async (self->secret_key, cancellable, sign_out_done,
                                 g_steal_pointer (&task));
}

gboolean
dsc_oauth_token_provider_sign_out_finish (DscOAuthTokenProvider  *self,
                                          GAsyncResult           *result,
                                          GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* dsc-secret-store-libsecret.c — refresh tokens in the Secret Service
 * (GNOME Keyring, KWallet) through libsecret, one item per profile. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "dsc-platform.h"

G_DEFINE_QUARK (dsc-secret-store-error-quark, dsc_secret_store_error)

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.DirSyncCompanion.RefreshToken", SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* No Secret Service on the bus (or none can be started) is "unavailable":
 * the app then signs in for the session only. */
static GError *
map_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    mapped = g_error_new (DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_UNAVAILABLE,
                          _("No secret store (GNOME Keyring or KWallet) is available: %s"),
                          error->message);
  else
    mapped = g_error_new (DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_FAILED,
                          _("The secret store failed: %s"), error->message);
  g_error_free (error);
  return mapped;
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dsc_secret_store_save_async (const char          *key,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("DirSync Companion sign-in (%s)"), key);

  g_task_set_source_tag (task, dsc_secret_store_save_async);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_done, g_steal_pointer (&task),
                         "profile", key, NULL);
}

gboolean
dsc_secret_store_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else if (secret == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    {
      char *copy = g_strdup (secret);

      secret_password_free (secret);
      g_task_return_pointer (task, copy, g_free);
    }
}

void
dsc_secret_store_load_async (const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dsc_secret_store_load_async);
  secret_password_lookup (token_schema (), cancellable, lookup_done, g_steal_pointer (&task),
                          "profile", key, NULL);
}

char *
dsc_secret_store_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without error: nothing was stored, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dsc_secret_store_delete_async (const char          *key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dsc_secret_store_delete_async);
  secret_password_clear (token_schema (), cancellable, clear_done, g_steal_pointer (&task),
                         "profile", key, NULL);
}

gboolean
dsc_secret_store_delete_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

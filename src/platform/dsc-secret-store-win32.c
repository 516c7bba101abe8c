/* dsc-secret-store-win32.c — refresh tokens in the Windows Credential Manager.
 *
 * One generic credential per key, target "DirSyncCompanion/<key>", persisted
 * for this user on this machine (not roamed). The blob is the UTF-8 secret.
 * Cred* calls can block (they talk to LSA), so each runs in a GTask thread.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <windows.h>
#include <wincred.h>

#include <glib/gi18n.h>

#include "dsc-platform.h"

#define TARGET_PREFIX "DirSyncCompanion/"

G_DEFINE_QUARK (dsc-secret-store-error-quark, dsc_secret_store_error)

typedef struct {
  char *key;
  char *secret;
} SecretData;

static void
secret_data_free (SecretData *data)
{
  g_free (data->key);
  if (data->secret != NULL)
    {
      SecureZeroMemory (data->secret, strlen (data->secret));
      g_free (data->secret);
    }
  g_free (data);
}

static gunichar2 *
dup_target (const char *key)
{
  g_autofree char *target = g_strconcat (TARGET_PREFIX, key, NULL);

  return g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
}

static void
set_error_from_win32 (GError     **error,
                      DWORD        code,
                      const char  *what)
{
  g_autofree char *message = g_win32_error_message (code);
  int dsc_code = DSC_SECRET_STORE_ERROR_FAILED;

  /* No logon session (a service account, some remote sessions): there is no
   * Credential Manager to talk to, which callers treat differently from a
   * failure of a store that exists. */
  if (code == ERROR_NO_SUCH_LOGON_SESSION)
    dsc_code = DSC_SECRET_STORE_ERROR_UNAVAILABLE;

  g_set_error (error, DSC_SECRET_STORE_ERROR, dsc_code, "%s: %s", what, message);
}

static void
start_task (const char          *key,
            const char          *secret,
            gpointer             source_tag,
            GTaskThreadFunc      func,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SecretData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, FALSE);

  if (key == NULL || *key == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "No key for the secret store");
      return;
    }

  data = g_new0 (SecretData, 1);
  data->key = g_strdup (key);
  data->secret = g_strdup (secret);
  g_task_set_task_data (task, data, (GDestroyNotify) secret_data_free);
  g_task_run_in_thread (task, func);
}

/* ---- save ---- */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SecretData *data = task_data;
  g_autofree gunichar2 *target = dup_target (data->key);
  g_autofree gunichar2 *user = g_utf8_to_utf16 (data->key, -1, NULL, NULL, NULL);
  CREDENTIALW cred = { 0 };
  gsize len = strlen (data->secret);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (target == NULL || user == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The key is not valid UTF-8");
      return;
    }
  if (len > CRED_MAX_CREDENTIAL_BLOB_SIZE)
    {
      g_task_return_new_error (task, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_FAILED,
                               /* Translators: sizes in bytes; the sign-in must be repeated */
                               _("The secret is too large for the Windows Credential Manager "
                                 "(%lu bytes, at most %d)"),
                               (gulong) len, CRED_MAX_CREDENTIAL_BLOB_SIZE);
      return;
    }

  cred.Type = CRED_TYPE_GENERIC;
  cred.TargetName = (LPWSTR) target;
  cred.UserName = (LPWSTR) user;
  cred.Comment = (LPWSTR) L"DirSync Companion sign-in";
  cred.CredentialBlobSize = (DWORD) len;
  cred.CredentialBlob = (LPBYTE) data->secret;
  cred.Persist = CRED_PERSIST_LOCAL_MACHINE;

  if (!CredWriteW (&cred, 0))
    {
      GError *error = NULL;

      set_error_from_win32 (&error, GetLastError (), _("Could not save the sign-in"));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
dsc_secret_store_save_async (const char          *key,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (secret != NULL);

  start_task (key, secret, dsc_secret_store_save_async, save_thread,
              cancellable, callback, user_data);
}

gboolean
dsc_secret_store_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- load ---- */

static void
secret_free (char *secret)
{
  if (secret != NULL)
    SecureZeroMemory (secret, strlen (secret));
  g_free (secret);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SecretData *data = task_data;
  g_autofree gunichar2 *target = dup_target (data->key);
  PCREDENTIALW cred = NULL;
  char *secret;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (target == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The key is not valid UTF-8");
      return;
    }

  if (!CredReadW ((LPCWSTR) target, CRED_TYPE_GENERIC, 0, &cred))
    {
      DWORD code = GetLastError ();
      GError *error = NULL;

      if (code == ERROR_NOT_FOUND)
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
      set_error_from_win32 (&error, code, _("Could not read the saved sign-in"));
      g_task_return_error (task, error);
      return;
    }

  secret = g_strndup ((const char *) cred->CredentialBlob, cred->CredentialBlobSize);
  if (cred->CredentialBlobSize > 0)
    SecureZeroMemory (cred->CredentialBlob, cred->CredentialBlobSize);
  CredFree (cred);

  if (!g_utf8_validate (secret, -1, NULL))
    {
      secret_free (secret);
      g_task_return_new_error (task, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_FAILED,
                               _("The saved sign-in is damaged"));
      return;
    }
  g_task_return_pointer (task, secret, (GDestroyNotify) secret_free);
}

void
dsc_secret_store_load_async (const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start_task (key, NULL, dsc_secret_store_load_async, load_thread,
              cancellable, callback, user_data);
}

char *
dsc_secret_store_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- delete ---- */

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SecretData *data = task_data;
  g_autofree gunichar2 *target = dup_target (data->key);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (target == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The key is not valid UTF-8");
      return;
    }

  if (!CredDeleteW ((LPCWSTR) target, CRED_TYPE_GENERIC, 0))
    {
      DWORD code = GetLastError ();
      GError *error = NULL;

      if (code != ERROR_NOT_FOUND)
        {
          set_error_from_win32 (&error, code, _("Could not remove the saved sign-in"));
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
dsc_secret_store_delete_async (const char          *key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  start_task (key, NULL, dsc_secret_store_delete_async, delete_thread,
              cancellable, callback, user_data);
}

gboolean
dsc_secret_store_delete_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

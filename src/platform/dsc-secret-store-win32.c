/* dsc-secret-store-win32.c — refresh tokens in the Windows Credential Manager.
 *
 * Generic credentials persisted for this user on this machine (not roamed);
 * Windows keeps them encrypted with the user's DPAPI key, never in plain text.
 * A credential blob holds at most CRED_MAX_CREDENTIAL_BLOB_SIZE (2 560) bytes
 * and Entra refresh tokens can be larger, so a secret of any size is stored
 * in pieces:
 *
 *   "DirSyncCompanion/<key>"    "\x01DSC <n> <nonce>\n" + piece 0
 *   "DirSyncCompanion/<key>/i"  "<nonce>\n" + piece i, for 1 ≤ i < n
 *
 * The pieces are written last-first and the head last, so a reader never
 * sees a head pointing at pieces not yet written; the nonce, new at every
 * save, tells a piece of this secret from a leftover of an older one. A blob
 * without the header (what earlier versions stored) is the whole secret.
 * Cred* calls can block (they talk to LSA), so each runs in a GTask thread.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <windows.h>
#include <wincred.h>

#include <glib/gi18n.h>

#include "dsc-platform.h"

#define TARGET_PREFIX "DirSyncCompanion/"
#define HEAD_MARK "\x01" "DSC "
/* Room for the header ("\x01DSC 9999 " + 32 hex digits + "\n") in each blob. */
#define PIECE_SIZE (CRED_MAX_CREDENTIAL_BLOB_SIZE - 64)
#define MAX_PIECES 64   /* 150 KiB: far beyond any token, a bound for damaged data */

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

/* Piece i ≥ 1 of key. */
static gunichar2 *
dup_piece_target (const char *key,
                  guint       i)
{
  g_autofree char *target = g_strdup_printf (TARGET_PREFIX "%s/%u", key, i);

  return g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
}

static BOOL
write_blob (const gunichar2 *target,
            const gunichar2 *user,
            const char      *blob,
            gsize            len)
{
  CREDENTIALW cred = { 0 };

  cred.Type = CRED_TYPE_GENERIC;
  cred.TargetName = (LPWSTR) target;
  cred.UserName = (LPWSTR) user;
  cred.Comment = (LPWSTR) L"DirSync Companion sign-in";
  cred.CredentialBlobSize = (DWORD) len;
  cred.CredentialBlob = (LPBYTE) blob;
  cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
  return CredWriteW (&cred, 0);
}

/* The blob of target as a string (NULL and *code set when there is none). */
static char *
read_blob (const gunichar2 *target,
           DWORD           *code)
{
  PCREDENTIALW cred = NULL;
  char *blob;

  if (!CredReadW ((LPCWSTR) target, CRED_TYPE_GENERIC, 0, &cred))
    {
      *code = GetLastError ();
      return NULL;
    }
  blob = g_strndup ((const char *) cred->CredentialBlob, cred->CredentialBlobSize);
  if (cred->CredentialBlobSize > 0)
    SecureZeroMemory (cred->CredentialBlob, cred->CredentialBlobSize);
  CredFree (cred);
  *code = ERROR_SUCCESS;
  return blob;
}

static void
wipe_string (char *s)
{
  if (s != NULL)
    {
      SecureZeroMemory (s, strlen (s));
      g_free (s);
    }
}

/* Deletes pieces from, from + 1, … until one is missing. */
static DWORD
delete_pieces_from (const char *key,
                    guint       from)
{
  for (guint i = MAX (from, 1); i <= MAX_PIECES; i++)
    {
      g_autofree gunichar2 *target = dup_piece_target (key, i);

      if (!CredDeleteW ((LPCWSTR) target, CRED_TYPE_GENERIC, 0))
        {
          DWORD code = GetLastError ();

          return code == ERROR_NOT_FOUND ? ERROR_SUCCESS : code;
        }
    }
  return ERROR_SUCCESS;
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
  gsize len = strlen (data->secret);
  guint n = (guint) MAX ((len + PIECE_SIZE - 1) / PIECE_SIZE, 1);
  g_autofree char *nonce = NULL;
  char *head;
  BOOL ok = TRUE;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (target == NULL || user == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The key is not valid UTF-8");
      return;
    }
  if (n > MAX_PIECES)
    {
      g_task_return_new_error (task, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_FAILED,
                               /* Translators: sizes in bytes; the sign-in must be repeated */
                               _("The secret is too large for the Windows Credential Manager "
                                 "(%lu bytes, at most %d)"),
                               (gulong) len, PIECE_SIZE * MAX_PIECES);
      return;
    }

  nonce = g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (),
                           g_random_int (), g_random_int ());
  /* Pieces last-first, the head last: the head only ever names pieces that
   * are in place. */
  for (guint i = n - 1; ok && i >= 1; i--)
    {
      g_autofree gunichar2 *piece_target = dup_piece_target (data->key, i);
      gsize off = (gsize) i * PIECE_SIZE;
      char *blob = g_strdup_printf ("%s\n%.*s", nonce, (int) MIN (PIECE_SIZE, len - off),
                                    data->secret + off);

      ok = piece_target != NULL && write_blob (piece_target, user, blob, strlen (blob));
      wipe_string (blob);
    }
  if (ok)
    {
      head = g_strdup_printf (HEAD_MARK "%u %s\n%.*s", n, nonce, (int) MIN (PIECE_SIZE, len),
                              data->secret);
      ok = write_blob (target, user, head, strlen (head));
      wipe_string (head);
    }
  if (!ok)
    {
      GError *error = NULL;

      set_error_from_win32 (&error, GetLastError (), _("Could not save the sign-in"));
      g_task_return_error (task, error);
      return;
    }
  /* Pieces of an older, longer secret. */
  delete_pieces_from (data->key, n);
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

/* Puts the secret together from its head and pieces; NULL when a piece is
 * missing or belongs to another save (*retry then says a concurrent save may
 * be the reason). */
static char *
assemble (const char *key,
          char       *head,
          gboolean   *retry)
{
  g_autoptr(GString) secret = NULL;
  char *line_end = strchr (head, '\n');
  char **fields = NULL;
  guint64 n = 0;
  const char *nonce;

  *retry = FALSE;
  if (!g_str_has_prefix (head, HEAD_MARK))
    return g_strdup (head);   /* stored whole, by an earlier version */
  if (line_end == NULL)
    return NULL;
  *line_end = '\0';
  fields = g_strsplit (head + strlen (HEAD_MARK), " ", 2);
  if (g_strv_length (fields) != 2 ||
      !g_ascii_string_to_unsigned (fields[0], 10, 1, MAX_PIECES, &n, NULL))
    {
      g_strfreev (fields);
      return NULL;
    }
  nonce = fields[1];
  secret = g_string_new (line_end + 1);
  for (guint i = 1; i < n; i++)
    {
      g_autofree gunichar2 *target = dup_piece_target (key, i);
      DWORD code = ERROR_SUCCESS;
      char *piece = target != NULL ? read_blob (target, &code) : NULL;
      char *text = piece != NULL ? strchr (piece, '\n') : NULL;

      if (text == NULL || (gsize) (text - piece) != strlen (nonce) ||
          strncmp (piece, nonce, strlen (nonce)) != 0)
        {
          *retry = TRUE;
          wipe_string (piece);
          SecureZeroMemory (secret->str, secret->len);
          g_strfreev (fields);
          return NULL;
        }
      g_string_append (secret, text + 1);
      wipe_string (piece);
    }
  g_strfreev (fields);
  return g_string_free (g_steal_pointer (&secret), FALSE);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SecretData *data = task_data;
  g_autofree gunichar2 *target = dup_target (data->key);
  char *secret = NULL;
  gboolean retry = TRUE;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (target == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The key is not valid UTF-8");
      return;
    }

  /* A save in another process (the window and a scheduled --check share the
   * store) may replace pieces while they are read: read again. */
  for (guint attempt = 0; secret == NULL && retry && attempt < 3; attempt++)
    {
      DWORD code = ERROR_SUCCESS;
      char *head = read_blob (target, &code);

      if (head == NULL)
        {
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
      secret = assemble (data->key, head, &retry);
      wipe_string (head);
    }

  if (secret == NULL || !g_utf8_validate (secret, -1, NULL))
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
  /* The head is gone first, so nothing reads the pieces any more. */
  {
    DWORD code = delete_pieces_from (data->key, 1);

    if (code != ERROR_SUCCESS)
      {
        GError *error = NULL;

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

/* dsc-platform-win32.c — desktop integration on Windows.
 *
 * Links open through ShellExecuteW (the user's default browser), start at
 * sign-in is the per-user Run key, and a GUI-subsystem build borrows the
 * console of the shell that started it so --check can still print.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <windows.h>
#include <shellapi.h>
#include <bcrypt.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "dsc-platform.h"

#define RUN_KEY L"Software\\Microsoft\\Windows\\CurrentVersion\\Run"
#define RUN_VALUE L"DirSync Companion"

gboolean
dsc_platform_open_uri_without_window (const char  *uri,
                                      GError     **error)
{
  g_autofree gunichar2 *wuri = NULL;
  HINSTANCE result;

  g_return_val_if_fail (uri != NULL, FALSE);

  /* Only web links: ShellExecute would happily run a program for file: or
   * a bare path, and the links we show come partly from tenant data. */
  if (g_ascii_strncasecmp (uri, "https://", 8) != 0 && g_ascii_strncasecmp (uri, "http://", 7) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Refusing to open a non-web link"));
      return FALSE;
    }

  wuri = g_utf8_to_utf16 (uri, -1, NULL, NULL, NULL);
  if (wuri == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The link is not valid UTF-8"));
      return FALSE;
    }

  result = ShellExecuteW (NULL, L"open", wuri, NULL, NULL, SW_SHOWNORMAL);
  if ((INT_PTR) result <= 32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not open a link in the browser (ShellExecute error %d)"),
                   (int) (INT_PTR) result);
      return FALSE;
    }
  return TRUE;
}

void
dsc_platform_open_uri (gpointer    parent_gtk_window,
                       const char *uri)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (uri != NULL);
  if (!dsc_platform_open_uri_without_window (uri, &error))
    g_warning ("%s", error->message);
}

/* The value the Run key holds: the quoted path of this very executable, so a
 * path with spaces ("…\Programs\DirSync Companion\…") is not split, started in
 * the notification area (--background). */
static gunichar2 *
dup_run_command (void)
{
  wchar_t path[MAX_PATH * 4];
  DWORD len;
  g_autofree char *utf8 = NULL;
  g_autofree char *command = NULL;

  len = GetModuleFileNameW (NULL, path, G_N_ELEMENTS (path));
  if (len == 0 || len >= G_N_ELEMENTS (path))
    return NULL;

  utf8 = g_utf16_to_utf8 ((const gunichar2 *) path, len, NULL, NULL, NULL);
  if (utf8 == NULL)
    return NULL;
  command = g_strdup_printf ("\"%s\" --background", utf8);
  return g_utf8_to_utf16 (command, -1, NULL, NULL, NULL);
}

gboolean
dsc_platform_get_autostart (void)
{
  DWORD type = 0;
  DWORD size = 0;
  LSTATUS status;

  status = RegGetValueW (HKEY_CURRENT_USER, RUN_KEY, RUN_VALUE,
                         RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, NULL,
                         &size);
  return status == ERROR_SUCCESS && size > sizeof (wchar_t);
}

gboolean
dsc_platform_set_autostart (gboolean   enabled,
                            GError   **error)
{
  HKEY key = NULL;
  LSTATUS status;

  status = RegCreateKeyExW (HKEY_CURRENT_USER, RUN_KEY, 0, NULL, 0,
                            KEY_SET_VALUE | KEY_QUERY_VALUE, NULL, &key, NULL);
  if (status != ERROR_SUCCESS)
    {
      g_autofree char *message = g_win32_error_message (status);

      g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (status),
                   _("Could not open the start-at-sign-in setting: %s"), message);
      return FALSE;
    }

  if (enabled)
    {
      g_autofree gunichar2 *command = dup_run_command ();

      if (command == NULL)
        status = ERROR_BAD_PATHNAME;
      else
        status = RegSetValueExW (key, RUN_VALUE, 0, REG_SZ, (const BYTE *) command,
                                 (DWORD) ((wcslen ((const wchar_t *) command) + 1)
                                          * sizeof (wchar_t)));
    }
  else
    {
      status = RegDeleteValueW (key, RUN_VALUE);
      if (status == ERROR_FILE_NOT_FOUND)
        status = ERROR_SUCCESS;
    }
  RegCloseKey (key);

  if (status != ERROR_SUCCESS)
    {
      g_autofree char *message = g_win32_error_message (status);

      g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (status),
                   _("Could not change the start-at-sign-in setting: %s"), message);
      return FALSE;
    }
  return TRUE;
}

/* A GUI-subsystem program gets no console, even when started from cmd.exe
 * or PowerShell: attach to the parent's, if there is one, and point the C
 * streams at it. Streams that are already redirected (to a file or pipe,
 * e.g. by a scheduler) are left alone, so they are checked before attaching. */
static gboolean
std_handle_is_usable (DWORD std_handle)
{
  HANDLE handle = GetStdHandle (std_handle);

  return handle != NULL && handle != INVALID_HANDLE_VALUE
         && GetFileType (handle) != FILE_TYPE_UNKNOWN;
}

void
dsc_platform_attach_console (void)
{
  gboolean have_stdout = std_handle_is_usable (STD_OUTPUT_HANDLE);
  gboolean have_stderr = std_handle_is_usable (STD_ERROR_HANDLE);

  if (have_stdout && have_stderr)
    return;
  if (!AttachConsole (ATTACH_PARENT_PROCESS))
    return;

  if (!have_stdout && freopen ("CONOUT$", "w", stdout) != NULL)
    setvbuf (stdout, NULL, _IONBF, 0);
  if (!have_stderr && freopen ("CONOUT$", "w", stderr) != NULL)
    setvbuf (stderr, NULL, _IONBF, 0);
}

void
dsc_platform_lower_thread_priority (void)
{
  if (!SetThreadPriority (GetCurrentThread (), THREAD_PRIORITY_BELOW_NORMAL))
    g_debug ("Could not lower the priority of a background thread (error %lu)",
             (gulong) GetLastError ());
}

gboolean
dsc_platform_random_bytes (guint8  *buf,
                           gsize    len,
                           GError **error)
{
  if (!BCRYPT_SUCCESS (BCryptGenRandom (NULL, buf, (ULONG) len,
                                        BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The system random number generator failed"));
      return FALSE;
    }
  return TRUE;
}

char *
dsc_platform_dup_program_dir (void)
{
  wchar_t path[MAX_PATH * 4];
  DWORD n = GetModuleFileNameW (NULL, path, G_N_ELEMENTS (path));
  g_autofree char *utf8 = NULL;

  if (n == 0 || n >= G_N_ELEMENTS (path))
    return NULL;
  utf8 = g_utf16_to_utf8 ((const gunichar2 *) path, n, NULL, NULL, NULL);
  return utf8 != NULL ? g_path_get_dirname (utf8) : NULL;
}

/* Windows: the installer puts the modules beside the program, in bin\. */
char *
dsc_platform_find_module (const char *file_name, char **tried)
{
  g_autofree char *program_dir = dsc_platform_dup_program_dir ();
  g_autofree char *path = NULL;

  if (program_dir == NULL)
    {
      if (tried != NULL)
        *tried = NULL;
      return NULL;
    }
  path = g_build_filename (program_dir, file_name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (tried != NULL)
    *tried = g_steal_pointer (&path);
  return NULL;
}

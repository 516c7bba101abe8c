/* dsc-platform-linux.c — desktop integration on Linux (and other Unix-likes).
 *
 * Links open through GIO's default handler (the window's GTK launcher is in
 * dsc-platform-open-uri-gtk.c), start at sign-in is an XDG autostart entry,
 * and the console needs no help. No GTK here: this file is in the program
 * that --check runs, which never loads GTK.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dsc-platform.h"

#define AUTOSTART_FILE APPLICATION_ID ".desktop"
#define PROGRAM_NAME "dirsync-companion"

gboolean
dsc_platform_open_uri_without_window (const char  *uri,
                                      GError     **error)
{
  const char *display = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  g_return_val_if_fail (uri != NULL, FALSE);

  if (g_ascii_strncasecmp (uri, "https://", 8) != 0 && g_ascii_strncasecmp (uri, "http://", 7) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Refusing to open a non-web link"));
      return FALSE;
    }
  if ((display == NULL || *display == '\0') && (wayland == NULL || *wayland == '\0'))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No graphical session to open a browser in"));
      return FALSE;
    }
  /* GIO's own launcher: the desktop's default handler for https, no GTK. */
  return g_app_info_launch_default_for_uri (uri, NULL, error);
}

void
dsc_platform_attach_console (void)
{
  /* A Unix program inherits its parent's terminal already. */
}

static char *
dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", AUTOSTART_FILE, NULL);
}

gboolean
dsc_platform_get_autostart (void)
{
  g_autofree char *path = dup_autostart_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return FALSE;

  /* A user may have switched the entry off in their session settings
   * instead of deleting it. */
  if (g_key_file_get_boolean (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_HIDDEN,
                              NULL))
    return FALSE;
  if (g_key_file_has_key (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL)
      && !g_key_file_get_boolean (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled",
                                  NULL))
    return FALSE;
  return TRUE;
}

/* Quotes an argument for a desktop entry's Exec key (Desktop Entry
 * Specification, "The Exec key"). */
static char *
quote_exec_argument (const char *arg)
{
  GString *quoted;

  if (strpbrk (arg, " \t\n\"'\\><~|&;$*?#()`") == NULL)
    return g_strdup (arg);

  quoted = g_string_new ("\"");
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* The installed program by name when it is on PATH (survives upgrades and
 * moves), otherwise this very executable (a build tree, a relocated
 * prefix). */
static char *
dup_exec_line (void)
{
  g_autofree char *in_path = g_find_program_in_path (PROGRAM_NAME);
  g_autofree char *self = NULL;

  g_autofree char *program = NULL;

  /* --background: start in the notification area, not in the admin's face. */
  if (in_path == NULL)
    self = g_file_read_link ("/proc/self/exe", NULL);
  program = self != NULL ? quote_exec_argument (self) : g_strdup (PROGRAM_NAME);
  return g_strconcat (program, " --background", NULL);
}

gboolean
dsc_platform_set_autostart (gboolean   enabled,
                            GError   **error)
{
  g_autofree char *path = dup_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *exec = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *contents = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not remove “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  exec = dup_exec_line ();
  file = g_key_file_new ();
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         "DirSync Companion");
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                         APPLICATION_ID);
  g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL,
                          FALSE);
  g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  /* g_file_set_contents writes a temporary file and renames it over the
   * old one, so a session starting meanwhile never reads half an entry. */
  contents = g_key_file_to_data (file, NULL, NULL);
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                   error);
}

void
dsc_platform_lower_thread_priority (void)
{
  /* Linux nice values are per thread: this one only. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the priority of a background thread: %s", g_strerror (errno));
}

gboolean
dsc_platform_random_bytes (guint8  *buf,
                           gsize    len,
                           GError **error)
{
  gsize done = 0;
  int fd;

  fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read /dev/urandom: %s"), g_strerror (saved));
      return FALSE;
    }
  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot read /dev/urandom: %s"),
                       n < 0 ? g_strerror (saved) : "end of file");
          return FALSE;
        }
      done += (gsize) n;
    }
  close (fd);
  return TRUE;
}

char *
dsc_platform_dup_program_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL ? g_path_get_dirname (exe) : NULL;
}

char *
dsc_platform_find_module (const char *file_name, char **tried)
{
  g_autofree char *program_dir = dsc_platform_dup_program_dir ();
  const char *dirs[] = { program_dir, DSC_MODULEDIR };
  g_autofree char *last = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], file_name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
      g_free (last);
      last = g_steal_pointer (&path);
    }
  if (tried != NULL)
    *tried = g_steal_pointer (&last);
  return NULL;
}

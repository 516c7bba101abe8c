/* test-file-modes.c — the history database is private from its first byte,
 * and so are its SQLite companions. */
#include "config.h"

#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <sys/stat.h>
#endif

#include "dsc-history.h"

#ifdef G_OS_UNIX

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_history_private (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-history-mode-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;

  umask (022);
  {
    g_autoptr(DscHistory) history = dsc_history_new (path);

    g_assert_true (dsc_history_open (history, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (mode_of (path), ==, 0600);
    if (g_file_test (wal, G_FILE_TEST_EXISTS))
      g_assert_cmpuint (mode_of (wal), ==, 0600);
    if (g_file_test (shm, G_FILE_TEST_EXISTS))
      g_assert_cmpuint (mode_of (shm), ==, 0600);
  }
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (dir);
}

#else
static void
test_history_private (void)
{
  g_test_skip ("Unix file modes (Windows keeps per-user files private by their ACLs)");
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/file-modes/history-private", test_history_private);
  return g_test_run ();
}

/* test-export-cli.c — `dirsync-companion --export` run as a scheduler runs it,
 * against the demo tenant: every format by extension and by --format, exit
 * 0 when written, 3 with a message when not, and the old file kept then.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <sys/stat.h>
#endif

static int
run (char **out_stderr, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DSC_PROGRAM"));
  va_start (args, out_stderr);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                &err, &status, &error);
  g_assert_no_error (error);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
#ifdef G_OS_UNIX
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
#else
  return status;  /* Windows: g_spawn_sync gives the exit code itself */
#endif
}

static char *
tmp_path (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_formats (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-export-cli-XXXXXX", NULL);
  struct { const char *name; const char *format; const char *prefix; } cases[] = {
    { "r.csv", NULL, "\xef\xbb\xbf" "category,severity," },
    { "r.json", NULL, "{" },
    { "r.htm", NULL, "<!DOCTYPE html>" },
    { "r.pdf", NULL, "%PDF-" },
    { "r.prom", NULL, "# HELP dirsync_info" },
    { "metrics.txt", "prometheus", "# HELP dirsync_info" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = tmp_path (dir, cases[i].name);
      g_autofree char *contents = NULL;
      g_autofree char *err = NULL;
      int code;

      if (cases[i].format != NULL)
        code = run (&err, "--export", path, "--format", cases[i].format, "--demo=sync-errors",
                    NULL);
      else
        code = run (&err, "--export", path, "--demo=sync-errors", NULL);
      g_test_message ("%s: %d %s", cases[i].name, code, err);
      g_assert_cmpint (code, ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, cases[i].prefix));
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-export-cli-XXXXXX", NULL);
  g_autofree char *blocker = tmp_path (dir, "file");
  g_autofree char *inside = g_build_filename (blocker, "r.csv", NULL);
  g_autofree char *txt = tmp_path (dir, "r.txt");
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (blocker, "keep me", -1, NULL));

  g_assert_cmpint (run (&err, "--export", txt, "--demo", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "Can't tell the format"));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&err, "--export", txt, "--format", "xlsx", "--demo", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "Unknown export format"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&err, "--export", inside, "--demo", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "Couldn't save the report to"));
  g_assert_true (g_file_get_contents (blocker, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&err, "--export", blocker, "--format", "csv", "--demo=nonexistent",
                        NULL), ==, 3);
  g_assert_nonnull (strstr (err, "Couldn't read the tenant"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (blocker, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  g_unlink (blocker);
  g_rmdir (dir);
}

#ifdef G_OS_UNIX
static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* New reports are the admin's own; a file the admin set keeps its mode run
 * after run; the Prometheus file stays readable for node_exporter. */
static void
test_file_modes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-modes-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *prom = g_build_filename (dir, "dirsync.prom", NULL);
  g_autofree char *txt = g_build_filename (dir, "check.txt", NULL);
  g_autofree char *output = g_strdup_printf ("--output=%s", txt);

  umask (022);
  g_assert_cmpint (run (NULL, "--export", csv, "--demo=healthy", NULL), ==, 0);
  g_assert_cmpuint (mode_of (csv), ==, 0600);
  g_assert_cmpint (g_chmod (csv, 0640), ==, 0);
  g_assert_cmpint (run (NULL, "--export", csv, "--demo=healthy", NULL), ==, 0);
  g_assert_cmpuint (mode_of (csv), ==, 0640);

  g_assert_cmpint (run (NULL, "--export", prom, "--demo=healthy", NULL), ==, 0);
  g_assert_cmpuint (mode_of (prom), ==, 0644);
  g_assert_cmpint (g_chmod (prom, 0600), ==, 0);
  g_assert_cmpint (run (NULL, "--export", prom, "--demo=healthy", NULL), ==, 0);
  g_assert_cmpuint (mode_of (prom), ==, 0600);

  g_assert_cmpint (run (NULL, "--check", "--demo=healthy", output, NULL), ==, 0);
  g_assert_cmpuint (mode_of (txt), ==, 0600);
  g_assert_cmpint (g_chmod (txt, 0644), ==, 0);
  g_assert_cmpint (run (NULL, "--check", "--demo=healthy", output, NULL), ==, 0);
  g_assert_cmpuint (mode_of (txt), ==, 0644);
  g_assert_cmpint (g_chmod (txt, 0600), ==, 0);
  g_assert_cmpint (run (NULL, "--check", "--demo=healthy", output, NULL), ==, 0);
  g_assert_cmpuint (mode_of (txt), ==, 0600);

  g_unlink (csv);
  g_unlink (prom);
  g_unlink (txt);
  g_rmdir (dir);
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/export/formats", test_formats);
  g_test_add_func ("/cli/export/failures", test_failures);
#ifdef G_OS_UNIX
  g_test_add_func ("/cli/export/file-modes", test_file_modes);
#endif
  return g_test_run ();
}

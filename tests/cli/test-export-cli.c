/* test-export-cli.c — `dirsync-companion --export` run as a scheduler runs it,
 * against the demo tenant: every format by extension and by --format, exit
 * 0 when written, 3 with a message when not, and the old file kept then.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/export/formats", test_formats);
  g_test_add_func ("/cli/export/failures", test_failures);
  return g_test_run ();
}

/* test-startup.c — the headless paths of the real program load no GTK.
 *
 * The window (GTK, libadwaita) is a module the program loads only when it
 * opens a window (src/meson.build, src/dsc-window-module.h): --check, --export,
 * --version and the terminal's profile list must never load GTK, libadwaita
 * or the module. glibc's loader names every library it initialises when
 * LD_DEBUG=libs is set; each run must show GLib's (the probe works) and none
 * of the window's. Without the module, opening the window fails with a clear
 * message instead of crashing.
 */
#include "config.h"
#include "dsc-test-object.h"
#include "dsc-test-program.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gmodule.h>

static const char * const window_libraries[] = {
  "libgtk-4.so", "libadwaita-1.so", "dsc-window.so", NULL
};

static Result
run_traced (const char * const *args)
{
  dsc_autofinalize(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DSC_ACCESS_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LD_DEBUG", "libs", TRUE);
  return dsc_test_run_program (launcher, args);
}

/* The libraries the loader initialised ("calling init: PATH"), one a line. */
static char *
initialised_libraries (const char *trace)
{
  g_auto(GStrv) lines = g_strsplit (trace, "\n", -1);
  g_autoptr(GString) libs = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *init = strstr (lines[i], "calling init: ");

      if (init != NULL)
        g_string_append_printf (libs, "%s\n", init + strlen ("calling init: "));
    }
  return g_string_free (g_steal_pointer (&libs), FALSE);
}

static void
assert_no_window_libraries (const char * const *args, int expected_status)
{
  g_auto(Result) r = run_traced (args);
  g_autofree char *libs = initialised_libraries (r.err);

  g_test_message ("%s loaded:\n%s", args[0], libs);
  g_assert_cmpint (r.status, ==, expected_status);
  /* The probe works: GLib is always there. */
  if (strstr (libs, "libglib-2.0.so") == NULL)
    g_error ("LD_DEBUG=libs named no libglib-2.0 for %s; stderr:\n%s", args[0], r.err);
  for (guint i = 0; window_libraries[i] != NULL; i++)
    if (strstr (libs, window_libraries[i]) != NULL)
      g_error ("%s loaded %s, which only the window needs:\n%s",
               args[0], window_libraries[i], libs);
}

static gboolean
have_ld_debug (void)
{
#ifdef __GLIBC__
  return TRUE;
#else
  g_test_skip ("LD_DEBUG=libs is glibc's loader's");
  return FALSE;
#endif
}

static void
test_check_loads_no_gtk (void)
{
  const char *text[] = { "--check", "--demo", NULL };
  const char *json[] = { "--check", "--format", "json", "--demo=large:objects=2000,errors=200",
                         NULL };

  if (!have_ld_debug ())
    return;
  assert_no_window_libraries (text, 2);
  assert_no_window_libraries (json, 2);
}

static void
test_export_loads_no_gtk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-startup-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  const char *to_csv[] = { "--export", csv, "--demo", NULL };
  const char *to_pdf[] = { "--export", pdf, "--demo", NULL };

  if (!have_ld_debug ())
    return;
  assert_no_window_libraries (to_csv, 0);
  /* PDF is cairo and Pango, not GTK. */
  assert_no_window_libraries (to_pdf, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_unlink (csv);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_version_loads_no_gtk (void)
{
  const char *version[] = { "--version", NULL };
  const char *scenarios[] = { "--list-scenarios", NULL };

  if (!have_ld_debug ())
    return;
  assert_no_window_libraries (version, 0);
  assert_no_window_libraries (scenarios, 0);
}

/* A copy of the program in a directory without the module: the window can't
 * open, and says why (exit 3), instead of crashing. */
static void
test_missing_window_module_is_clear (void)
{
  g_autofree char *installed = g_build_filename (DSC_MODULEDIR, "dsc-window." G_MODULE_SUFFIX,
                                                 NULL);
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (g_getenv ("DSC_PROGRAM"));
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("a window module is installed on this system");
      return;
    }
  dir = g_dir_make_tmp ("dsc-startup-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "dirsync-companion", NULL);
  to = g_file_new_for_path (copy);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_chmod (copy, 0700);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error, copy, "--demo", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 3);
  g_assert_nonnull (strstr (err, "dsc-window." G_MODULE_SUFFIX));
  g_assert_nonnull (strstr (err, "is missing"));

  g_unlink (copy);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/startup/check-loads-no-gtk", test_check_loads_no_gtk);
  g_test_add_func ("/cli/startup/export-loads-no-gtk", test_export_loads_no_gtk);
  g_test_add_func ("/cli/startup/version-loads-no-gtk", test_version_loads_no_gtk);
  g_test_add_func ("/cli/startup/missing-window-module-is-clear",
                   test_missing_window_module_is_clear);
  return g_test_run ();
}

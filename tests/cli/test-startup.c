/* test-startup.c — the headless paths of the real program load no GTK, and
 * only a PDF export loads cairo and Pango.
 *
 * The window (GTK, libadwaita) is a module the program loads only when it
 * opens a window (src/meson.build, src/dsc-window-module.h): --check, --export,
 * --version and the terminal's profile list must never load GTK, libadwaita
 * or the module. The PDF writer (cairo, Pango and what they pull in:
 * fontconfig, freetype …) is a module too, loaded only when a PDF is written
 * (src/core/export/dsc-export-pdf-module.h): --check, the other export formats
 * and --version must not load it or its libraries. glibc's loader names every
 * library it initialises when LD_DEBUG=libs is set; each run must show GLib's
 * (the probe works) and none of the ones it doesn't use, and a PDF export must
 * show the PDF module's (so that list is shown to be seen too). Without a
 * module, opening the window or writing a PDF fails with a clear message
 * instead of crashing.
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

/* The PDF module and the libraries only it needs. */
static const char * const pdf_libraries[] = {
  "dsc-pdf.so", "libcairo.so", "libpango-1.0.so", "libpangocairo-1.0.so",
  "libfontconfig.so", "libfreetype.so", NULL
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
assert_none_loaded (const char * const *args,
                    const char        *libs,
                    const char * const *unused,
                    const char        *who)
{
  for (guint i = 0; unused[i] != NULL; i++)
    if (strstr (libs, unused[i]) != NULL)
      g_error ("%s loaded %s, which only %s needs:\n%s", args[0], unused[i], who, libs);
}

/* Runs the program; returns the libraries it loaded, after checking it loaded
 * none of the window's (nor, unless pdf, the PDF writer's). */
static char *
assert_loads_only_what_it_uses (const char * const *args, int expected_status, gboolean pdf)
{
  g_auto(Result) r = run_traced (args);
  g_autofree char *libs = initialised_libraries (r.err);

  g_test_message ("%s loaded:\n%s", args[0], libs);
  if (r.status != expected_status)
    g_error ("%s exited %d, not %d; stderr:\n%s", args[0], r.status, expected_status, r.err);
  /* The probe works: GLib is always there. */
  if (strstr (libs, "libglib-2.0.so") == NULL)
    g_error ("LD_DEBUG=libs named no libglib-2.0 for %s; stderr:\n%s", args[0], r.err);
  assert_none_loaded (args, libs, window_libraries, "the window");
  if (!pdf)
    assert_none_loaded (args, libs, pdf_libraries, "the PDF export");
  return g_steal_pointer (&libs);
}

static void
assert_loads_nothing_unused (const char * const *args, int expected_status)
{
  g_free (assert_loads_only_what_it_uses (args, expected_status, FALSE));
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
  assert_loads_nothing_unused (text, 2);
  assert_loads_nothing_unused (json, 2);
}

static void
test_export_loads_cairo_for_pdf_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-startup-XXXXXX", NULL);
  const char *formats[] = { "csv", "json", "html" };
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  const char *to_pdf[] = { "--export", pdf, "--demo", NULL };
  g_autofree char *libs = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!have_ld_debug ())
    return;
  /* The text formats: neither the window's libraries nor the PDF writer's. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("report.%s", formats[i]);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      const char *to_file[] = { "--export", file, "--demo", NULL };

      assert_loads_nothing_unused (to_file, 0);
      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
      g_unlink (file);
    }
  /* PDF is the PDF module (cairo and Pango), not GTK; and it is a PDF. */
  libs = assert_loads_only_what_it_uses (to_pdf, 0, TRUE);
  for (guint i = 0; pdf_libraries[i] != NULL; i++)
    if (strstr (libs, pdf_libraries[i]) == NULL)
      g_error ("the PDF export did not load %s:\n%s", pdf_libraries[i], libs);
  g_file_get_contents (pdf, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 5);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
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
  assert_loads_nothing_unused (version, 0);
  assert_loads_nothing_unused (scenarios, 0);
}

/* A copy of the program alone in a directory: its modules are missing. NULL
 * (the test skipped) when a module is installed on this system. */
static char *
copy_program_alone (void)
{
  const char *modules[] = { "dsc-window." G_MODULE_SUFFIX, "dsc-pdf." G_MODULE_SUFFIX };
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (g_getenv ("DSC_PROGRAM"));
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      g_autofree char *installed = g_build_filename (DSC_MODULEDIR, modules[i], NULL);

      if (g_file_test (installed, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("a module is installed on this system");
          return NULL;
        }
    }
  dir = g_dir_make_tmp ("dsc-startup-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "dirsync-companion", NULL);
  to = g_file_new_for_path (copy);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_chmod (copy, 0700);
  return g_steal_pointer (&copy);
}

static void
remove_program_copy (const char *copy)
{
  g_autofree char *dir = g_path_get_dirname (copy);

  g_unlink (copy);
  g_rmdir (dir);
}

static Result
run_copy (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  Result r = { 0 };

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", r.err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r.status = g_subprocess_get_exit_status (proc);
  return r;
}

/* Without the window module the window can't open, and says why (exit 3),
 * instead of crashing. */
static void
test_missing_window_module_is_clear (void)
{
  g_autofree char *copy = copy_program_alone ();
  const char *argv[] = { copy, "--demo", NULL };
  g_auto(Result) r = { 0 };

  if (copy == NULL)
    return;
  r = run_copy (argv);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "dsc-window." G_MODULE_SUFFIX));
  g_assert_nonnull (strstr (r.err, "is missing"));
  remove_program_copy (copy);
}

/* Without the PDF module a PDF export fails with a message naming it (exit 3,
 * no file), and the other formats still work. */
static void
test_missing_pdf_module_is_clear (void)
{
  g_autofree char *copy = copy_program_alone ();
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_auto(Result) to_pdf = { 0 };
  g_auto(Result) to_csv = { 0 };

  if (copy == NULL)
    return;
  dir = g_path_get_dirname (copy);
  pdf = g_build_filename (dir, "report.pdf", NULL);
  csv = g_build_filename (dir, "report.csv", NULL);
  {
    const char *argv[] = { copy, "--export", pdf, "--demo", NULL };
    to_pdf = run_copy (argv);
  }
  g_assert_cmpint (to_pdf.status, ==, 3);
  g_assert_nonnull (strstr (to_pdf.err, "dsc-pdf." G_MODULE_SUFFIX));
  g_assert_nonnull (strstr (to_pdf.err, "is missing"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  {
    const char *argv[] = { copy, "--export", csv, "--demo", NULL };
    to_csv = run_copy (argv);
  }
  g_assert_cmpint (to_csv.status, ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_unlink (csv);
  remove_program_copy (copy);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/startup/check-loads-no-gtk-nor-cairo", test_check_loads_no_gtk);
  g_test_add_func ("/cli/startup/export-loads-cairo-for-pdf-only", test_export_loads_cairo_for_pdf_only);
  g_test_add_func ("/cli/startup/version-loads-no-gtk-nor-cairo", test_version_loads_no_gtk);
  g_test_add_func ("/cli/startup/missing-window-module-is-clear",
                   test_missing_window_module_is_clear);
  g_test_add_func ("/cli/startup/missing-pdf-module-is-clear",
                   test_missing_pdf_module_is_clear);
  return g_test_run ();
}

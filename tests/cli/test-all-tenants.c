/* test-all-tenants.c — `--check --all-tenants` and `--export DIR --all-tenants`
 * as a scheduler runs them: the real program over the demo tenants (each its
 * own fake tenant on loopback; Litware's sign-in has expired). */
#include "config.h"
#include "dsc-test-object.h"
#include "dsc-test-program.h"

#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

static Result
run (const char * const *args, const char *config_home)
{
  dsc_autofinalize(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DSC_ACCESS_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (config_home != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
      /* No secret store: a stored profile has no sign-in to use. */
      g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                    "unix:path=/nonexistent/dsc-test-bus", TRUE);
    }

  return dsc_test_run_program (launcher, args);
}

static int
rank_of_line (const char *line)
{
  if (strstr (line, ": CRITICAL - ") != NULL)
    return 3;
  if (strstr (line, ": WARNING - ") != NULL)
    return 2;
  if (strstr (line, ": UNKNOWN - ") != NULL)
    return 1;
  g_assert_nonnull (strstr (line, ": OK - "));
  return 0;
}

static const char *
find_line (GStrv lines, const char *prefix)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return lines[i];
  g_error ("no line starts with “%s”", prefix);
  return NULL;
}

static void
test_text (void)
{
  const char *args[] = { "--check", "--all-tenants", "--demo", NULL };
  g_auto(Result) r = run (args, NULL);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  int last_rank = 3;

  g_test_message ("%s", r.out);
  /* The worst tenant (critical) decides the exit code. */
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (lines[0], ==,
                   "DIRSYNC CRITICAL - 7 of 8 tenants need attention (5 critical, 1 warning, "
                   "1 unknown, 1 OK; 1 must sign in again)");
  /* One line per tenant, worst first. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);
  for (guint i = 1; i < 9; i++)
    {
      int rank = rank_of_line (lines[i]);

      g_assert_cmpint (rank, <=, last_rank);
      last_rank = rank;
    }
  g_assert_nonnull (strstr (find_line (lines, "Fabrikam: CRITICAL"), "11 objects in error"));
  g_assert_nonnull (strstr (find_line (lines, "Tailspin Toys: CRITICAL"), "quota 97 %"));
  g_assert_nonnull (strstr (find_line (lines, "Woodgrove Bank: CRITICAL"),
                            "Entra Connect support ended"));
  g_assert_nonnull (find_line (lines, "Northwind Traders: WARNING"));
  /* The expired sign-in is reported as such, and the others were still read. */
  g_assert_nonnull (strstr (find_line (lines, "Litware: UNKNOWN"), "sign in again"));
  g_assert_nonnull (find_line (lines, "Contoso: OK - Everything looks healthy"));
}

static void
test_exit_is_worst (void)
{
  const char *one[] = { "--check", "--all-tenants", "--demo=1", NULL };
  const char *two[] = { "--check", "--all-tenants", "--demo=2", NULL };
  g_auto(Result) r1 = run (one, NULL);
  g_auto(Result) r2 = run (two, NULL);

  /* Contoso alone is healthy; with Fabrikam the run is critical. */
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_str_has_prefix (r1.out, "DIRSYNC OK - 0 of 1 tenant needs attention"));
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_true (g_str_has_prefix (r2.out, "DIRSYNC CRITICAL - 1 of 2 tenants need attention"));
}

static void
test_json (void)
{
  const char *args[] = { "--check", "--all-tenants", "--demo", "--format=json", NULL };
  g_auto(Result) r = run (args, NULL);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gboolean saw_litware = FALSE;

  g_assert_cmpint (r.status, ==, 2);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 7),
                                                  "tenant"), ==, "Contoso");
  for (guint i = 0; i < 8; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (o, "objectsInError"));
      g_assert_true (json_object_has_member (o, "quotaPercent"));
      g_assert_true (json_object_has_member (o, "connectEndOfSupport"));
      if (g_str_equal (json_object_get_string_member (o, "tenant"), "Litware"))
        {
          saw_litware = TRUE;
          g_assert_true (json_object_get_boolean_member (o, "needsSignIn"));
          g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "unknown");
          g_assert_cmpint (json_object_get_int_member (o, "exitCode"), ==, 3);
        }
      else
        g_assert_false (json_object_get_boolean_member (o, "needsSignIn"));
    }
  g_assert_true (saw_litware);
}

static char *
read_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("%s was not written", name);
  return contents;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-all-tenants-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "reports", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", out);
  const char *args[] = { export, "--all-tenants", "--demo", NULL };
  g_auto(Result) r = run (args, NULL);
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  g_autofree char *prom = NULL;
  g_autofree char *contoso = NULL;
  g_autofree char *litware = g_build_filename (out, "litware.html", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_cmpint (r.status, ==, 0);
  /* One file per tenant that could be read... */
  contoso = read_file (out, "contoso.html");
  g_assert_nonnull (strstr (contoso, "<!DOCTYPE html>"));
  g_free (read_file (out, "northwind-traders.html"));
  /* ...none pretending for the one that couldn't. */
  g_assert_false (g_file_test (litware, G_FILE_TEST_EXISTS));

  csv = read_file (out, "summary.csv");
  g_assert_true (g_str_has_prefix (csv, "tenant,status,needs sign-in,"));
  g_assert_cmpuint (count (csv, "\r\n"), ==, 9);
  g_assert_nonnull (strstr (csv, "\r\nLitware,unknown,yes,"));
  g_assert_nonnull (strstr (csv, "\r\nContoso,ok,no,"));

  html = read_file (out, "summary.html");
  g_assert_nonnull (strstr (html, "<a href=\"fabrikam.html\">Fabrikam</a>"));
  g_assert_nonnull (strstr (html, "7 of 8 tenants need attention"));

  prom = read_file (out, "metrics.prom");
  g_assert_cmpuint (count (prom, "# TYPE dirsync_overall_status gauge\n"), ==, 1);
  g_assert_nonnull (strstr (prom, "dirsync_overall_status{tenant=\"Litware\"} 3\n"));
  g_assert_nonnull (strstr (prom, "dirsync_overall_status{tenant=\"Contoso\"} 0\n"));
  g_assert_nonnull (strstr (prom, "dirsync_overall_status{tenant=\"Northwind Traders\"} 1\n"));
  g_assert_cmpuint (count (prom, "dirsync_overall_status{"), ==, 8);

  listing = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_unlink (path);
    }
  g_rmdir (out);
  g_rmdir (dir);
}

static void
test_prometheus_per_tenant_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-all-tenants-XXXXXX", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", dir);
  const char *args[] = { export, "--all-tenants", "--demo=2", "--format=prometheus", NULL };
  g_auto(Result) r = run (args, NULL);
  g_autofree char *fabrikam = NULL;
  const char *names[] = { "contoso.prom", "fabrikam.prom", "summary.csv", "summary.html",
                          "metrics.prom" };

  g_assert_cmpint (r.status, ==, 0);
  fabrikam = read_file (dir, "fabrikam.prom");
  g_assert_nonnull (strstr (fabrikam, "dirsync_overall_status 2\n"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_no_profiles (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-all-tenants-XXXXXX", NULL);
  const char *args[] = { "--check", "--all-tenants", NULL };
  g_auto(Result) r = run (args, dir);

  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_str_has_prefix (r.out, "DIRSYNC UNKNOWN - No tenant profiles"));
  g_assert_nonnull (strstr (r.err, "--sign-in"));
  g_rmdir (dir);
}

/* Stored profiles without a usable sign-in: each says so, none stops the others, and the
 * run is UNKNOWN (exit 3). */
static void
test_profiles_need_sign_in (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-all-tenants-XXXXXX", NULL);
  g_autofree char *app_dir = g_build_filename (dir, "dirsync-companion", NULL);
  g_autofree char *file = g_build_filename (app_dir, "profiles.json", NULL);
  const char *json =
    "{\"version\":1,\"active\":\"contoso\",\"profiles\":["
    "{\"id\":\"contoso\",\"name\":\"Contoso\",\"tenant\":\"contoso.onmicrosoft.com\","
    "\"clientId\":\"11111111-2222-3333-4444-555555555555\",\"cloud\":\"global\"},"
    "{\"id\":\"fabrikam\",\"name\":\"Fabrikam\",\"tenant\":\"fabrikam.onmicrosoft.com\","
    "\"clientId\":\"11111111-2222-3333-4444-555555555555\",\"cloud\":\"global\"}]}";
  const char *args[] = { "--check", "--all-tenants", NULL };
  const char *json_args[] = { "--check", "--all-tenants", "--format=json", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (app_dir, 0700), ==, 0);
  g_file_set_contents (file, json, -1, &error);
  g_assert_no_error (error);
  {
    g_auto(Result) r = run (args, dir);

    g_test_message ("%s", r.out);
    g_assert_cmpint (r.status, ==, 3);
    g_assert_true (g_str_has_prefix (r.out, "DIRSYNC UNKNOWN - 2 of 2 tenants need attention"));
    g_assert_nonnull (strstr (r.out, "2 must sign in again"));
    g_assert_nonnull (strstr (r.out, "\nContoso: UNKNOWN - Sign-in expired: sign in again\n"));
    g_assert_nonnull (strstr (r.out, "\nFabrikam: UNKNOWN - Sign-in expired: sign in again\n"));
  }
  {
    g_auto(Result) r = run (json_args, dir);

    g_assert_cmpint (r.status, ==, 3);
    g_assert_nonnull (strstr (r.out, "\"needsSignIn\" : true"));
  }
  g_unlink (file);
  g_rmdir (app_dir);
  g_rmdir (dir);
}

static void
test_bad_arguments (void)
{
  const char *bad_count[] = { "--check", "--all-tenants", "--demo=healthy", NULL };
  const char *bad_format[] = { "--check", "--all-tenants", "--demo", "--format=xml", NULL };
  const char *bad_export[] = { "--export=/nonexistent/dir/x", "--all-tenants", "--demo=1",
                               "--format=docx", NULL };
  const char * const *cases[] = { bad_count, bad_format, bad_export };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = run (cases[i], NULL);

      g_assert_cmpint (r.status, ==, 3);
      g_assert_cmpuint (strlen (r.err), >, 10);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/all-tenants/text", test_text);
  g_test_add_func ("/cli/all-tenants/exit-is-worst", test_exit_is_worst);
  g_test_add_func ("/cli/all-tenants/json", test_json);
  g_test_add_func ("/cli/all-tenants/export", test_export);
  g_test_add_func ("/cli/all-tenants/export-prometheus", test_prometheus_per_tenant_files);
  g_test_add_func ("/cli/all-tenants/no-profiles", test_no_profiles);
  g_test_add_func ("/cli/all-tenants/profiles-need-sign-in", test_profiles_need_sign_in);
  g_test_add_func ("/cli/all-tenants/bad-arguments", test_bad_arguments);

  return g_test_run ();
}

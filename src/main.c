/* main.c — DirSync Companion's entry point.
 *
 * Parses the command line once: --check runs headless (no display needed,
 * for schedulers); otherwise the window opens on the demo tenant, on
 * Microsoft Graph with DSC_ACCESS_TOKEN, or on the sign-in page. The window
 * is a module loaded only then (dsc-window-module.h): nothing else loads GTK.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "dsc-auth-cli.h"
#include "dsc-cloud.h"
#include "dsc-check.h"
#include "dsc-check-all.h"
#include "dsc-export-cli.h"
#include "dsc-scan-cli.h"
#include "dsc-connection.h"
#include "dsc-platform.h"
#include "dsc-text-safe.h"
#include "dsc-window-module.h"

typedef struct {
  gboolean check;
  gboolean version;
  gboolean background;
  gboolean all_tenants;  /* --all-tenants */
  gboolean list_scenarios;
  char *demo;          /* "" when --demo was given without a scenario */
  char *graph_url;
  char *format;
  char *output;
  char *export_file;   /* --export FILE */
  char **policy;
  /* sign-in (src/auth) */
  char *tenant;        /* --tenant: a stored profile */
  gboolean sign_in;
  gboolean sign_out;
  gboolean device_code;
  gboolean list_tenants;
  char *client_id;
  char *directory;
  char *cloud;
  char **allow_graph_hosts;   /* --allow-graph-host: more hosts a token may go to */
} Options;

static gboolean
on_demo (const char *name, const char *value, gpointer data, GError **error)
{
  Options *options = data;

  g_free (options->demo);
  options->demo = g_strdup (value != NULL ? value : "");
  return TRUE;
}

static void
options_clear (Options *options)
{
  g_free (options->demo);
  g_free (options->graph_url);
  g_free (options->format);
  g_free (options->output);
  g_free (options->export_file);
  g_strfreev (options->policy);
  g_free (options->tenant);
  g_free (options->client_id);
  g_free (options->directory);
  g_free (options->cloud);
  g_strfreev (options->allow_graph_hosts);
}

/* --check / --export DIR with --all-tenants. */
static int
run_all_tenants (Options *options)
{
  DscCheckAllOptions all = { 0 };
  g_autoptr(GError) error = NULL;

  all.demo = options->demo != NULL;
  all.output = options->output;
  all.policy = (const char * const *) options->policy;
  all.export_dir = options->export_file;
  if (all.export_dir != NULL)
    all.export_format = options->format;
  if ((options->demo != NULL && *options->demo != '\0' &&
       !dsc_check_all_parse_count (options->demo, &all.demo_tenants, &error)) ||
      (all.export_dir == NULL && options->format != NULL &&
       !dsc_check_parse_format (options->format, &all.format, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  if (all.export_dir != NULL && (options->check || options->output != NULL))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("--export can't be combined with --check or --output"));
      return 3;
    }
  return dsc_check_all_run (&all);
}

/* The window module: beside the program (the build tree, Windows), else where
 * it is installed (DSC_MODULEDIR): dsc_platform_find_module(). Kept loaded
 * until the process exits: the types it registers can't be unloaded. */
static DscWindowModuleRun
load_window_module (GError **error)
{
  const DscPlatformModuleTexts texts = {
    _("This system can't load the window's module"),
    _("The window's module %s is missing: reinstall DirSync Companion (--check, --export and "
      "--scan work without it)"),
    _("Could not load the window's module %s: %s"),
    _("The window's module %s is not this version's: %s"),
  };

  return (DscWindowModuleRun) dsc_platform_load_module (DSC_WINDOW_MODULE_NAME,
                                                        DSC_WINDOW_MODULE_ENTRY, &texts, error);
}

static int
run_gui (Options *options, const char *argv0)
{
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(DscSession) session = NULL;
  g_autoptr(DscSessionList) sessions = NULL;
  g_autoptr(GError) error = NULL;
  DscWindowModuleRun run_window;

  if (options->all_tenants || (options->demo == NULL && options->tenant == NULL &&
                              options->graph_url == NULL &&
                              g_getenv ("DSC_ACCESS_TOKEN") == NULL))
    {
      /* Every tenant: asked for, or two or more profiles. */
      guint n_demo = 0;

      if (options->all_tenants && options->demo != NULL && *options->demo != '\0' &&
          !dsc_check_all_parse_count (options->demo, &n_demo, &error))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 3;
        }
      sessions = options->demo != NULL ? dsc_session_list_new_demo (n_demo, TRUE, &error)
                                       : dsc_session_list_new_for_profiles (NULL);
      if (sessions == NULL && error != NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 3;
        }
      if (sessions != NULL && !options->all_tenants &&
          g_list_model_get_n_items (G_LIST_MODEL (sessions)) < 2)
        g_clear_object (&sessions);
    }
  if (sessions != NULL)
    ;
  else if (options->demo != NULL)
    session = dsc_session_new_demo (*options->demo != '\0' ? options->demo : NULL,
                                    TRUE, &error);
  else if (g_getenv ("DSC_ACCESS_TOKEN") != NULL || options->graph_url != NULL)
    connection = dsc_connection_new_graph (options->graph_url, NULL, &error);
  else
    connection = dsc_auth_connection_for_profile (options->tenant, &error);
  if (error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  if (connection != NULL)
    session = dsc_session_new (connection);

  run_window = load_window_module (&error);
  if (run_window == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  return run_window (session, sessions, options->background, argv0);
}

/* Where the translations are: DSC_LOCALEDIR when run from the build tree
 * (build-aux/run-demo.sh, the tests, `meson devenv`: the catalogues meson
 * built in _build/po), else where the program is installed. */
static void
bind_translations (void)
{
  const char *dir = g_getenv ("DSC_LOCALEDIR");

  if (dir != NULL && *dir != '\0')
    bindtextdomain (GETTEXT_PACKAGE, dir);
  else
    {
#ifdef G_OS_WIN32
      /* Installed anywhere the admin chose: translations sit beside the exe,
       * in share\locale, as the bundle lays them out. */
      g_autofree char *base = g_win32_get_package_installation_directory_of_module (NULL);
      g_autofree char *localedir = g_build_filename (base, "share", "locale", NULL);

      bindtextdomain (GETTEXT_PACKAGE, localedir);
#else
      bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
#endif
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int argc, char **argv)
{
  Options options = { 0 };
  DscScanCliOptions scan = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &options.check,
      N_("Check once without a window, print the report and exit "
         "0 OK, 1 warning, 2 error, 3 unknown"), NULL },
    { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, on_demo,
      N_("Use the built-in demo tenant (scenario: healthy, sync-errors, …)"), N_("SCENARIO") },
    { "list-scenarios", 0, 0, G_OPTION_ARG_NONE, &options.list_scenarios,
      N_("List the demo tenant's scenarios"), NULL },
    { "graph-url", 0, 0, G_OPTION_ARG_STRING, &options.graph_url,
      N_("Microsoft Graph root, e.g. https://graph.microsoft.us (https only)"), N_("URL") },
    { "allow-graph-host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.allow_graph_hosts,
      N_("Also send the token to this https host given with --graph-url (repeatable; "
         "national-cloud Graph roots and this computer need none)"), N_("HOST") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format,
      N_("Report format for --check: text (default) or json; for --export: csv, json, "
         "html, pdf or prometheus (default: from the file name)"), N_("FORMAT") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &options.export_file,
      N_("Check once without a window and save the report to FILE (.csv, .json, .html, "
         ".pdf, .prom); exit 0 when saved, 3 when not"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Write the report to FILE instead of standard output"), N_("FILE") },
    { "policy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.policy,
      N_("Override a threshold, e.g. sync-error-hours=12 (repeatable)"), N_("KEY=VALUE") },
    { "tenant", 0, 0, G_OPTION_ARG_STRING, &options.tenant,
      N_("Use a stored tenant profile (name or id); with --check, sign in silently "
         "or exit 3"), N_("NAME") },
    { "sign-in", 0, 0, G_OPTION_ARG_NONE, &options.sign_in,
      N_("Sign in to --tenant NAME in the browser (or with --device-code) and exit"), NULL },
    { "device-code", 0, 0, G_OPTION_ARG_NONE, &options.device_code,
      N_("With --sign-in: show a code to enter on another device (SSH sessions)"), NULL },
    { "sign-out", 0, 0, G_OPTION_ARG_NONE, &options.sign_out,
      N_("Forget the stored sign-in of --tenant NAME (default: the active profile)"), NULL },
    { "list-tenants", 0, 0, G_OPTION_ARG_NONE, &options.list_tenants,
      N_("List the stored tenant profiles"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &options.client_id,
      N_("With --sign-in for a new profile: the app registration’s Application (client) ID"),
      N_("ID") },
    { "directory", 0, 0, G_OPTION_ARG_STRING, &options.directory,
      N_("With --sign-in for a new profile: the tenant ID or domain"), N_("TENANT") },
    { "cloud", 0, 0, G_OPTION_ARG_STRING, &options.cloud,
      N_("With --sign-in for a new profile: global, usgov-high, usgov-dod or china"),
      N_("CLOUD") },
    { "all-tenants", 0, 0, G_OPTION_ARG_NONE, &options.all_tenants,
      N_("Every tenant profile at once (with --demo[=N]: N demo tenants): with --check one "
         "line per tenant and the worst exit status; with --export DIR one file per tenant "
         "plus summary.csv, summary.html and metrics.prom; else the window's overview"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, N_("Show the version"), NULL },
    { "background", 0, 0, G_OPTION_ARG_NONE, &options.background,
      N_("Start in the notification area without opening the window (start at sign-in)"),
      NULL },
    { NULL }
  };
  GOptionGroup *group;

  dsc_platform_attach_console ();
  setlocale (LC_ALL, "");
  bind_translations ();
  g_set_prgname ("dirsync-companion");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Shows whether directory synchronization (Microsoft Entra Connect) is healthy."));
  g_option_context_set_description (context,
    _("Environment:\n"
      "  DSC_ACCESS_TOKEN   a Microsoft Graph access token, for automation\n\n"
      "Exit status with --check: 0 OK, 1 warning, 2 error, 3 unknown."));
  group = g_option_group_new (NULL, NULL, NULL, &options, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_add_group (context, dsc_scan_cli_option_group (&scan));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n%s\n", g_get_prgname (), error->message,
                  _("Run “dirsync-companion --help” to see the options."));
      options_clear (&options);
      return 3;
    }

  /* Sign-in from the terminal runs alone; --tenant hands --check and --export
   * a fresh token from the stored profile (exit 3 if interaction is needed). */
  if (options.sign_in || options.sign_out || options.list_tenants)
    {
      DscAuthCliOptions auth = { options.tenant, options.device_code, options.client_id,
                                 options.directory, options.cloud };

      status = options.list_tenants ? dsc_auth_cli_list_profiles ()
             : options.sign_in ? dsc_auth_cli_sign_in (&auth)
             : dsc_auth_cli_sign_out (options.tenant);
      options_clear (&options);
      return status;
    }
  if (options.tenant != NULL && (options.check || options.export_file != NULL || scan.scan) &&
      options.demo == NULL && options.graph_url == NULL &&
      !dsc_auth_cli_use_profile (options.tenant, &options.graph_url, &error))
    {
      if (options.check && options.output == NULL &&
          (options.format == NULL || g_str_equal (options.format, "text")))
        {
          g_autofree char *safe = dsc_text_safe_dup (error->message);

          g_print ("DIRSYNC UNKNOWN - %s\n", safe);
        }
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      options_clear (&options);
      return 3;
    }

  /* Tokens go to the Graph roots, loopback or a host the admin allowed:
   * refused here, before anything connects. */
  if (options.graph_url != NULL && options.demo == NULL &&
      !dsc_cloud_graph_url_is_allowed (options.graph_url,
                                       (const char * const *) options.allow_graph_hosts,
                                       &error))
    {
      if (options.check && options.output == NULL &&
          (options.format == NULL || g_str_equal (options.format, "text")))
        {
          g_autofree char *safe = dsc_text_safe_dup (error->message);

          g_print ("DIRSYNC UNKNOWN - %s\n", safe);
        }
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      options_clear (&options);
      return 3;
    }

  if (options.version)
    {
      g_print ("dirsync-companion %s\n", PACKAGE_VERSION);
      status = 0;
    }
  else if (options.list_scenarios)
    {
      const char * const *names = dsc_demo_list_scenarios ();
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("%s\n", names[i]);
      status = 0;
    }
  else if (scan.scan || scan.store_bind_password)
    {
      scan.format = options.format;
      scan.output = options.output;
      scan.demo_scenario = options.demo != NULL
        ? (*options.demo != '\0' ? options.demo : "sync-errors") : NULL;
      scan.graph_url = options.graph_url;
      scan.tenant_signed_in = options.tenant != NULL;
      status = dsc_scan_cli_run (&scan);
    }
  else if (options.all_tenants && (options.check || options.export_file != NULL))
    status = run_all_tenants (&options);
  else if (options.export_file != NULL)
    {
      DscExportCliOptions export = { 0 };

      export.file = options.export_file;
      export.format = options.format;
      export.demo_scenario = options.demo != NULL
        ? (*options.demo != '\0' ? options.demo : "sync-errors") : NULL;
      export.graph_url = options.graph_url;
      export.policy = (const char * const *) options.policy;
      if (options.check || options.output != NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (),
                      _("--export can't be combined with --check or --output"));
          status = 3;
        }
      else
        status = dsc_export_cli_run (&export);
    }
  else if (options.check)
    {
      DscCheckOptions check = { 0 };

      check.demo_scenario = options.demo != NULL
        ? (*options.demo != '\0' ? options.demo : "sync-errors") : NULL;
      check.graph_url = options.graph_url;
      check.output = options.output;
      check.policy = (const char * const *) options.policy;
      if (options.format != NULL && !dsc_check_parse_format (options.format, &check.format,
                                                             &error))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          status = 3;
        }
      else
        status = dsc_check_run (&check);
    }
  else if (options.format != NULL || options.output != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--format and --output go with --check"));
      status = 3;
    }
  else
    status = run_gui (&options, argv[0]);

  options_clear (&options);
  dsc_scan_cli_options_clear (&scan);
  return status;
}

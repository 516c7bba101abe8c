/* main.c — DirSync Companion's entry point.
 *
 * Parses the command line once: --check runs headless (no display needed,
 * for schedulers); otherwise the window opens on the demo tenant, on
 * Microsoft Graph with DSC_ACCESS_TOKEN, or on the sign-in page.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "dsc-check.h"
#include "dsc-application.h"
#include "dsc-connection.h"

typedef struct {
  gboolean check;
  gboolean version;
  gboolean list_scenarios;
  char *demo;          /* "" when --demo was given without a scenario */
  char *graph_url;
  char *format;
  char *output;
  char **policy;
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
  g_strfreev (options->policy);
}

static int
run_gui (Options *options, const char *argv0)
{
  g_autoptr(DscConnection) connection = NULL;
  g_autoptr(DscApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  char *args[] = { (char *) argv0, NULL };

  if (options->demo != NULL)
    connection = dsc_connection_new_demo (*options->demo != '\0' ? options->demo : NULL,
                                          TRUE, &error);
  else if (g_getenv ("DSC_ACCESS_TOKEN") != NULL || options->graph_url != NULL)
    connection = dsc_connection_new_graph (options->graph_url, NULL, &error);
  if (error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }

  app = dsc_application_new (connection);
  return g_application_run (G_APPLICATION (app), 1, args);
}

int
main (int argc, char **argv)
{
  Options options = { 0 };
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
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format,
      N_("Report format for --check: text (default) or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Write the report to FILE instead of standard output"), N_("FILE") },
    { "policy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.policy,
      N_("Override a threshold, e.g. sync-error-hours=12 (repeatable)"), N_("KEY=VALUE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, N_("Show the version"), NULL },
    { NULL }
  };
  GOptionGroup *group;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
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

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n%s\n", g_get_prgname (), error->message,
                  _("Run “dirsync-companion --help” to see the options."));
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
      const char * const *names = dsc_fake_tenant_list_scenarios ();
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("%s\n", names[i]);
      status = 0;
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
  return status;
}

/* dsc-scan-cli.c — `--scan`: read on-premises AD (or the built-in sample
 * directory, or an LDIF export), run IdFix's rules, join with the tenant's
 * sync errors when the tenant can be read, write the report and the
 * PowerShell fix script. The bind password comes from the OS secret store
 * (--store-bind-password puts it there); nothing prompts. */
#include "config.h"

#include "dsc-scan-cli.h"

#include <glib/gi18n-lib.h>
#include <libpsl.h>
#include <stdio.h>
#include <string.h>
#ifdef G_OS_WIN32
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

#include "dsc-check.h"
#include "dsc-onprem-join.h"
#include "dsc-onprem-ldif.h"
#include "dsc-onprem-object.h"
#include "dsc-onprem-report.h"
#include "dsc-onprem-resources.h"
#include "dsc-onprem-rules.h"
#include "dsc-onprem-run.h"
#include "dsc-onprem-scanner.h"
#include "dsc-platform.h"

GOptionGroup *
dsc_scan_cli_option_group (DscScanCliOptions *o)
{
  const GOptionEntry entries[] = {
    { "scan", 0, 0, G_OPTION_ARG_NONE, &o->scan,
      N_("Scan on-premises Active Directory for what would fail to sync (IdFix’s rules); "
         "exit 0 clean, 1 warnings, 2 errors, 3 could not scan"), NULL },
    { "ldap-url", 0, 0, G_OPTION_ARG_STRING, &o->ldap_url,
      N_("With --scan: the domain controller, ldaps://HOST or ldap://HOST (StartTLS)"), N_("URL") },
    { "base", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->bases,
      N_("With --scan: a base DN to read (repeatable; default: the whole domain)"), N_("DN") },
    { "bind-dn", 0, 0, G_OPTION_ARG_STRING, &o->bind_dn,
      N_("With --scan: bind as DN with the password from the secret store "
         "(default: Kerberos as the signed-in user)"), N_("DN") },
    { "store-bind-password", 0, 0, G_OPTION_ARG_NONE, &o->store_bind_password,
      N_("Read the password of --bind-dn from standard input into the secret store"), NULL },
    { "powershell", 0, 0, G_OPTION_ARG_FILENAME, &o->powershell,
      N_("With --scan: also write a PowerShell script with the suggested fixes (-WhatIf unless run with -Apply)"),
      N_("FILE") },
    { "ldif", 0, 0, G_OPTION_ARG_FILENAME, &o->ldif,
      N_("With --scan: read the objects from an LDIF export instead of a domain controller"), N_("FILE") },
    { "tenant-domain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->tenant_domains,
      N_("With --scan: a verified domain of the tenant (repeatable; default: read from the tenant)"),
      N_("DOMAIN") },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("scan", _("On-premises scan options:"),
                                            _("Show the on-premises scan options"), NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

void
dsc_scan_cli_options_clear (DscScanCliOptions *o)
{
  g_clear_pointer (&o->ldap_url, g_free);
  g_clear_pointer (&o->bases, g_strfreev);
  g_clear_pointer (&o->bind_dn, g_free);
  g_clear_pointer (&o->powershell, g_free);
  g_clear_pointer (&o->ldif, g_free);
  g_clear_pointer (&o->tenant_domains, g_strfreev);
}

char *
dsc_scan_cli_secret_key (const char *bind_dn)
{
  return dsc_onprem_bind_secret_key (bind_dn);
}

/* ---- waiting for async calls on a private context ---- */

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Waiter;

static void
waiter_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Waiter *w = user_data;
  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
waiter_run (Waiter *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

static void
waiter_clear (Waiter *w)
{
  g_clear_object (&w->result);
  g_clear_pointer (&w->loop, g_main_loop_unref);
}

static int
store_password (const DscScanCliOptions *o)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  char buffer[1024];
  Waiter w = { 0 };
  gsize len;
  gboolean ok;

  if (o->bind_dn == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--store-bind-password needs --bind-dn DN"));
      return 3;
    }
  if (fgets (buffer, sizeof buffer, stdin) == NULL || buffer[0] == '\n' || buffer[0] == '\0')
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("No password on standard input"));
      return 3;
    }
  len = strcspn (buffer, "\r\n");
  buffer[len] = '\0';
  key = dsc_scan_cli_secret_key (o->bind_dn);
  g_main_context_push_thread_default (context);
  w.loop = g_main_loop_new (context, FALSE);
  dsc_secret_store_save_async (key, buffer, NULL, waiter_done, &w);
  ok = dsc_secret_store_save_finish (waiter_run (&w), &error);
  memset (buffer, 0, sizeof buffer);
  waiter_clear (&w);
  g_main_context_pop_thread_default (context);
  if (!ok)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  g_printerr ("%s: %s\n", g_get_prgname (), _("Password stored in the secret store"));
  return 0;
}

/* ---- the objects ---- */

static GPtrArray *
read_demo (GError **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (dsc_onprem_get_resource (),
                                                    "/io/github/DirSyncCompanion/onprem/contoso.ldif",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return dsc_onprem_ldif_parse (data, len, error);
}

static GPtrArray *
read_ldif_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return dsc_onprem_ldif_parse (data, len, error);
}

static void
on_progress (guint objects_read, gpointer user_data)
{
  g_printerr ("\r%s: %u objects read", g_get_prgname (), objects_read);
}

static GPtrArray *
read_directory (const DscScanCliOptions *o, GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  DscOnpremScanConfig config = { 0 };
  Waiter w = { 0 };
  GPtrArray *objects;
  gboolean tty = isatty (fileno (stderr));

  g_main_context_push_thread_default (context);
  w.loop = g_main_loop_new (context, FALSE);
  config.url = g_strdup (o->ldap_url);
  config.bases = g_strdupv (o->bases);
  config.bind_dn = g_strdup (o->bind_dn);
  if (o->bind_dn != NULL)
    {
      g_autofree char *key = dsc_scan_cli_secret_key (o->bind_dn);
      dsc_secret_store_load_async (key, NULL, waiter_done, &w);
      config.password = dsc_secret_store_load_finish (waiter_run (&w), error);
      g_clear_object (&w.result);
      if (config.password == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                         _("No password stored for %s: run “dirsync-companion --store-bind-password "
                           "--bind-dn DN” and type it on standard input"), o->bind_dn);
          waiter_clear (&w);
          g_main_context_pop_thread_default (context);
          dsc_onprem_scan_config_clear (&config);
          return NULL;
        }
    }
  dsc_onprem_scan_async (&config, NULL, tty ? on_progress : NULL, NULL, waiter_done, &w);
  objects = dsc_onprem_scan_finish (waiter_run (&w), error);
  if (tty)
    g_printerr ("\n");
  /* progress calls still queued must not outlive the context */
  while (g_main_context_iteration (context, FALSE))
    ;
  waiter_clear (&w);
  g_main_context_pop_thread_default (context);
  dsc_onprem_scan_config_clear (&config);
  return objects;
}

/* ---- the cloud side ---- */

static GPtrArray *
verified_domains (const DscSnapshot *snapshot)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *lists[] = { snapshot->domains, snapshot->verified_domains };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const DscDomain *d = g_ptr_array_index (lists[l], i);
        if (d->is_verified && d->name != NULL)
          g_ptr_array_add (names, g_strdup (d->name));
      }
  g_ptr_array_add (names, NULL);
  return names;
}

static gboolean
write_file (const char *path, const char *text, GError **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      fputs (text, stdout);
      return fflush (stdout) == 0;
    }
  /* temporary file in the same directory, then rename: never half a file */
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

int
dsc_scan_cli_run (const DscScanCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(DscOnpremScanResult) result = dsc_onprem_scan_result_new ();
  g_autofree char *text = NULL;
  DscOnpremRuleOptions rules = { 0 };
  const char *format = o->format != NULL ? o->format : "text";
  psl_ctx_t *psl;

  if (o->store_bind_password)
    return store_password (o);

  if (!g_str_equal (format, "text") && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--scan writes --format text, json or csv"));
      return 3;
    }
  if (o->demo_scenario != NULL && (o->ldap_url != NULL || o->ldif != NULL))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--demo reads the built-in sample directory; "
                                                  "it can't be combined with --ldap-url or --ldif"));
      return 3;
    }

  if (o->demo_scenario != NULL)
    {
      objects = read_demo (&error);
      result->source = g_strdup ("built-in sample directory (corp.contoso.com)");
    }
  else if (o->ldif != NULL)
    {
      objects = read_ldif_file (o->ldif, &error);
      result->source = g_strdup (o->ldif);
    }
  else
    {
      objects = read_directory (o, &error);
      result->source = g_strdup (o->ldap_url != NULL ? o->ldap_url : "the domain's directory");
    }
  if (objects == NULL)
    {
      if (g_str_equal (format, "text") && o->output == NULL)
        g_print ("ONPREM UNKNOWN - %s\n", error->message);
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 3;
    }
  result->bases = g_strdupv (o->bases);
  result->scanned_at = g_get_real_time () / G_USEC_PER_SEC;
  result->objects_read = objects->len;
  for (guint i = 0; i < objects->len; i++)
    result->objects_skipped += dsc_onprem_rules_skip (g_ptr_array_index (objects, i));

  /* the tenant, when it can be read: its sync errors and verified domains */
  if (o->demo_scenario != NULL || o->graph_url != NULL || o->tenant_signed_in ||
      g_getenv ("DSC_ACCESS_TOKEN") != NULL)
    {
      g_autoptr(GError) cloud_error = NULL;
      report = dsc_check_refresh (o->demo_scenario, o->graph_url, NULL, &cloud_error);
      if (report == NULL)
        result->cloud_error = g_strdup (cloud_error->message);
    }
  if (o->tenant_domains != NULL)
    rules.tenant_domains = (const char * const *) o->tenant_domains;
  else if (report != NULL)
    {
      domains = verified_domains (report->snapshot);
      if (domains->len > 1)
        rules.tenant_domains = (const char * const *) domains->pdata;
    }

  psl = psl_latest (NULL);
  rules.psl = psl;
  result->findings = dsc_onprem_rules_run (&rules, objects);
  psl_free (psl);
  if (report != NULL)
    result->cloud = dsc_onprem_join (report->snapshot->objects, objects, result->findings);

  text = g_str_equal (format, "json") ? dsc_onprem_report_json (result)
       : g_str_equal (format, "csv") ? dsc_onprem_report_csv (result)
       : dsc_onprem_report_text (result);
  if (!write_file (o->output, text, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error != NULL ? error->message : _("Can't write the report"));
      return 3;
    }
  if (o->powershell != NULL)
    {
      g_autofree char *script = dsc_onprem_report_powershell (result);
      if (!write_file (o->powershell, script, &error))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 3;
        }
    }
  if (result->cloud_error != NULL)
    g_printerr ("%s: %s: %s\n", g_get_prgname (), _("sync errors not joined"), result->cloud_error);
  return dsc_onprem_scan_result_status (result);
}

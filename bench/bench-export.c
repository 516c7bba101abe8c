/* bench-export.c — time and peak memory to export a report with 100 000
 * affected objects in each format. Each format runs in its own child process
 * so its peak RSS is its own (the report itself included).
 *
 *   bench-export [--objects N] [--findings N] [--format NAME] [--keep DIR]
 *
 * Targets: CSV and JSON ≤ 1 s, HTML ≤ 2 s, PDF ≤ 10 s, peak RSS ≤ 200 MB.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dsc-export-file.h"
#include "dsc-pdf-module.h"

#define T0 1795460102

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static DscReport *
make_report (guint n_objects, guint n_findings)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  DscReport *report;
  guint per_finding = MAX (n_objects / MAX (n_findings, 1), 1);
  DscFinding *f = NULL;

  s->taken_at = T0;
  s->tenant_id = g_strdup ("4a7c9e21-6f3b-4d8e-9b15-2c8f0a6d3e71");
  s->tenant_name = g_strdup ("Contoso Ltd");
  s->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  s->graph_host = g_strdup ("graph.microsoft.com");
  s->last_sync = T0 - 600;
  s->last_password_sync = T0 - 60;
  s->quota_used = 250000;
  s->quota_total = 300000;
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (s, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  report = dsc_report_new (s, T0);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      report->tiles[i].status = i == DSC_TILE_SYNC_ERRORS ? DSC_STATUS_ERROR : DSC_STATUS_OK;
      report->tiles[i].title = g_strdup_printf ("Tile %u", i);
      report->tiles[i].value = g_strdup ("value");
      report->tiles[i].summary = g_strdup ("A one-line summary of the tile");
    }
  for (guint i = 0; i < n_objects; i++)
    {
      g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (i % 3);
      g_autofree char *value = NULL;

      if (i % per_finding == 0)
        {
          g_autofree char *id =
            g_strdup_printf ("object-errors/ProxyAddress/smtp:shared%u@contoso.com",
                             i / per_finding);
          g_autofree char *title = g_strdup_printf ("smtp:shared%u@contoso.com is claimed by %u "
                                                    "objects", i / per_finding, per_finding);

          f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR, id,
                                      title, "Objects holding the same address can't sync. "
                                      "Decide which object keeps it and remove it from the "
                                      "others, on-premises.");
        }
      o->id = g_strdup_printf ("%08x-1f2e-4d3c-8b4a-%012u", i, i);
      o->display_name = g_strdup_printf ("Employee Number %u", i);
      o->user_principal_name = g_strdup_printf ("employee.%u@contoso.com", i);
      o->mail = g_strdup_printf ("employee.%u@contoso.com", i);
      value = g_strdup_printf ("smtp:shared%u@contoso.com", i / per_finding);
      dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress", value, T0 - 86400);
      g_ptr_array_add (s->objects, dsc_directory_object_ref (o));
      dsc_finding_add_object (f, o, "ProxyAddress", value, T0 - 86400, i % 2 == 0);
    }
  dsc_report_finish (report);
  return report;
}

static int
run_one (DscExportFormat format, guint n_objects, guint n_findings, const char *keep)
{
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("bench-export-XXXXXX",
                                                                            NULL);
  g_autofree char *name = g_strdup_printf ("report.%s", dsc_export_format_get_extension (format));
  g_autofree char *path = g_build_filename (dir, name, NULL);
  long rss_report;
  gint64 start, end;
  struct rusage before, after;

  report = make_report (n_objects, n_findings);
  rss_report = peak_rss_kib ();
  file = g_file_new_for_path (path);
  getrusage (RUSAGE_SELF, &before);
  start = g_get_monotonic_time ();
  if (!dsc_export_to_file (report, format, file, NULL, &error))
    {
      g_printerr ("%s: %s\n", dsc_export_format_to_name (format), error->message);
      return 1;
    }
  end = g_get_monotonic_time ();
  getrusage (RUSAGE_SELF, &after);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  printf ("%-10s %7.3f s wall %7.3f s CPU  %6.1f MB file  peak RSS %6.1f MB "
          "(report alone %.1f MB)\n",
          dsc_export_format_to_name (format), (end - start) / 1e6,
          (after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
          (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
          (after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
          (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6,
          g_file_info_get_size (info) / 1e6, peak_rss_kib () / 1024.0, rss_report / 1024.0);
  fflush (stdout);
  if (keep == NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  int objects = 100000, findings = 1000;
  char *format_name = NULL, *keep = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "objects", 0, 0, G_OPTION_ARG_INT, &objects, "Affected objects (100000)", "N" },
    { "findings", 0, 0, G_OPTION_ARG_INT, &findings, "Findings they are spread over (1000)",
      "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, "Only this format", "NAME" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the files into DIR and keep them",
      "DIR" },
    { NULL }
  };
  int status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* The PDF writer linked in (what the PDF module runs). */
  dsc_export_use_pdf_writer (dsc_pdf_module_write);
  printf ("%d affected objects in %d findings\n", objects, findings);
  fflush (stdout);
  for (guint f = 0; f < DSC_EXPORT_N_FORMATS; f++)
    {
      pid_t pid;
      int wstatus;

      if (format_name != NULL && g_strcmp0 (format_name, dsc_export_format_to_name (f)) != 0)
        continue;
      pid = fork ();
      if (pid == 0)
        _exit (run_one (f, objects, findings, keep));
      waitpid (pid, &wstatus, 0);
      if (!WIFEXITED (wstatus) || WEXITSTATUS (wstatus) != 0)
        status = 1;
    }
  g_free (format_name);
  g_free (keep);
  return status;
}

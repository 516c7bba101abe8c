/* dsc-check-all.c — every tenant at once, headless.
 *
 * The tenants are the stored profiles (each signs in silently from the secret
 * store; one that can't is reported "sign in again" and the others go on) or
 * the demo tenants. They are refreshed through DscSessionList's queue, a few
 * at a time, on this process's main loop.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-cli"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "dsc-check-all.h"
#include "dsc-export.h"
#include "dsc-export-file.h"
#include "dsc-export-tenants.h"
#include "dsc-session-list.h"
#include "dsc-stdout-stream.h"

static int
fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return 3;
}

gboolean
dsc_check_all_parse_count (const char *str, guint *out, GError **error)
{
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (str, 10, 1, 500, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("With --all-tenants, --demo takes the number of demo tenants (1–500), "
                     "not “%s”"), str);
      return FALSE;
    }
  *out = (guint) n;
  return TRUE;
}

static gboolean
apply_policy (DscSessionList *list, const char * const *policy, GError **error)
{
  for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (list)); s++)
    {
      g_autoptr(DscSession) session = g_list_model_get_item (G_LIST_MODEL (list), s);
      DscPolicy *p = dsc_connection_get_policy (dsc_session_get_connection (session));

      for (guint i = 0; policy != NULL && policy[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (policy[i], "=", 2);

          if (g_strv_length (kv) != 2)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Policy setting “%s” is not KEY=VALUE"), policy[i]);
              return FALSE;
            }
          if (!dsc_policy_set (p, kv[0], kv[1], error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
on_drained (DscSessionList *list, gpointer user_data)
{
  g_main_loop_quit (user_data);
}

/* Builds the tenants and refreshes them all; NULL with a message on error. */
static DscSessionList *
refresh_all (const DscCheckAllOptions *options, GError **error)
{
  g_autoptr(DscSessionList) list = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  gulong id;

  list = options->demo ? dsc_session_list_new_demo (options->demo_tenants, FALSE, error)
                       : dsc_session_list_new_for_profiles (error);
  if (list == NULL)
    return NULL;
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No tenant profiles yet: add one with --sign-in --tenant NAME"));
      return NULL;
    }
  if (!apply_policy (list, options->policy, error))
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(DscSession) session = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* A check reads; it leaves the window's history and offline copies alone. */
      dsc_session_set_keep_records (session, FALSE);
    }
  dsc_session_list_set_max_concurrent (list, options->concurrency > 0
                                             ? options->concurrency
                                             : DSC_SESSION_LIST_ON_DEMAND_CONCURRENCY);
  loop = g_main_loop_new (NULL, FALSE);
  id = g_signal_connect (list, "queue-drained", G_CALLBACK (on_drained), loop);
  dsc_session_list_refresh_all (list);
  if (dsc_session_list_get_pending (list) > 0)
    g_main_loop_run (loop);
  g_signal_handler_disconnect (list, id);
  return g_steal_pointer (&list);
}

static gboolean
write_string (GOutputStream *out, gpointer user_data, GCancellable *cancellable,
              GError **error)
{
  const char *text = user_data;

  return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, error);
}

static gboolean
write_file (const char *path, const char *text, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GOutputStream) out = dsc_stdout_stream_new ();

      return write_string (out, (gpointer) text, NULL, error) &&
             g_output_stream_flush (out, NULL, error);
    }
  file = g_file_new_for_path (path);
  /* Reports are private; node_exporter reads the metrics as another user. */
  if (!dsc_export_replace_file (file, g_str_has_suffix (path, ".prom"), write_string,
                                (gpointer) text, NULL, &local))
    {
      g_set_error (error, local->domain, local->code, _("Couldn't write “%s”: %s"), path,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

static int
run_check (const DscCheckAllOptions *options, DscSessionList *list)
{
  g_autoptr(GPtrArray) summaries = dsc_session_list_dup_summaries (list);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (options->format == DSC_CHECK_FORMAT_JSON)
    text = dsc_export_tenants_json (summaries);
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *aggregate = dsc_tenant_summaries_aggregate_line (summaries);

      /* The aggregate first: monitoring systems read the first line. */
      g_string_append_printf (out, "%s\n", aggregate);
      for (guint i = 0; i < summaries->len; i++)
        {
          g_autofree char *line = dsc_tenant_summary_to_line (g_ptr_array_index (summaries, i),
                                                              now);
          g_string_append_printf (out, "%s\n", line);
        }
      text = g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (!write_file (options->output, text, &error))
    return fail (error->message);
  return dsc_status_exit_code (dsc_tenant_summaries_worst (summaries));
}

static char *
unique_stem (GHashTable *used, const char *name)
{
  g_autofree char *stem = dsc_export_tenant_file_stem (name);
  char *candidate = g_strdup (stem);

  for (guint n = 2; g_hash_table_contains (used, candidate); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", stem, n);
    }
  g_hash_table_add (used, candidate);
  return g_strdup (candidate);
}

static char *
prometheus_text (DscReport *report, GError **error)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

  if (!dsc_export_write (report, DSC_EXPORT_FORMAT_PROMETHEUS, mem, NULL, error) ||
      !g_output_stream_write_all (mem, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (mem, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
}

static int
run_export (const DscCheckAllOptions *options, DscSessionList *list)
{
  g_autoptr(GPtrArray) summaries = dsc_session_list_dup_summaries (list);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) proms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DscExportFormat format = DSC_EXPORT_FORMAT_HTML;
  const char *ext;
  gboolean ok = TRUE;

  if (options->export_format != NULL &&
      !dsc_export_format_from_name (options->export_format, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("Unknown export format “%s”: use csv, json, html, pdf or "
                           "prometheus"), options->export_format);
      return fail (message);
    }
  ext = dsc_export_format_get_extension (format);
  if (g_mkdir_with_parents (options->export_dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *message = g_strdup_printf (_("Couldn't create the folder “%s”: %s"),
                                                  options->export_dir, g_strerror (saved));
      return fail (message);
    }
  /* Reserved for the combined files. */
  g_hash_table_add (used, g_strdup ("summary"));
  g_hash_table_add (used, g_strdup ("metrics"));

  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);
      DscSession *session = dsc_session_list_lookup (list, s->name);
      DscReport *report = session != NULL ? dsc_session_get_report (session) : NULL;
      g_autofree char *stem = unique_stem (used, s->name);
      g_autofree char *file_name = g_strdup_printf ("%s.%s", stem, ext);
      g_autofree char *path = g_build_filename (options->export_dir, file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_ptr_array_add (names, s->name);
      if (report == NULL)
        {
          /* Nothing read: the summary says why; no file pretends otherwise. */
          g_ptr_array_add (links, NULL);
          g_ptr_array_add (proms, NULL);
          continue;
        }
      if (!dsc_export_to_file (report, format, file, NULL, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Couldn't write “%s”: %s"), path,
                                                      error->message);
          fail (message);
          g_clear_error (&error);
          ok = FALSE;
          g_ptr_array_add (links, NULL);
        }
      else
        g_ptr_array_add (links, g_steal_pointer (&file_name));
      g_ptr_array_add (proms, prometheus_text (report, NULL));
    }
  g_ptr_array_add (links, NULL);

  {
    g_autofree char *csv = dsc_export_tenants_csv (summaries, now);
    g_autofree char *html = dsc_export_tenants_html (summaries,
                                                     (const char * const *) links->pdata, now);
    g_autofree char *metrics = dsc_export_prometheus_combine ((const char * const *) names->pdata,
                                                              (const char * const *) proms->pdata,
                                                              names->len);
    const char *files[][2] = { { "summary.csv", csv }, { "summary.html", html },
                               { "metrics.prom", metrics } };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (options->export_dir, files[i][0], NULL);

        if (!write_file (path, files[i][1], &error))
          {
            fail (error->message);
            g_clear_error (&error);
            ok = FALSE;
          }
      }
  }
  return ok ? 0 : 3;
}

int
dsc_check_all_run (const DscCheckAllOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscSessionList) list = refresh_all (options, &error);

  if (list == NULL)
    {
      if (options->export_dir == NULL && options->format == DSC_CHECK_FORMAT_TEXT)
        {
          g_autofree char *line = g_strdup_printf ("DIRSYNC UNKNOWN - %s\n", error->message);

          write_file (options->output, line, NULL);
        }
      return fail (error->message);
    }
  return options->export_dir != NULL ? run_export (options, list) : run_check (options, list);
}

/* dsc-export-tenants.c — the all-tenants summary as CSV, HTML, JSON and
 * Prometheus text. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-export-private.h"
#include "dsc-export-tenants.h"
#include "dsc-report-json.h"
#include "dsc-time.h"

static char *
int_or_empty (gint64 value)
{
  return value < 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
iso_or_empty (gint64 value)
{
  return value > 0 ? dsc_format_iso8601 (value) : NULL;
}

char *
dsc_export_tenants_csv (GPtrArray *summaries, gint64 now)
{
  static const char *const columns[] = {
    "tenant", "status", "needs sign-in", "headline", "sync engine", "last sync",
    "objects in error", "quota percent", "connect version", "connect end of support",
    "read at", "offline copy",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) scratch = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    dsc_export_csv_append_cell (out, scratch, columns[i], i == 0);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);
      g_autofree char *last_sync = iso_or_empty (s->last_sync);
      g_autofree char *errors = int_or_empty (s->objects_in_error);
      g_autofree char *quota = int_or_empty (s->quota_percent);
      g_autofree char *eos = iso_or_empty (s->connect_end_of_support);
      g_autofree char *read_at = iso_or_empty (s->read_at);

      dsc_export_csv_append_cell (out, scratch, s->name, TRUE);
      dsc_export_csv_append_cell (out, scratch, dsc_status_to_string (s->status), FALSE);
      dsc_export_csv_append_cell (out, scratch, s->needs_sign_in ? "yes" : "no", FALSE);
      dsc_export_csv_append_cell (out, scratch, s->headline, FALSE);
      dsc_export_csv_append_cell (out, scratch, dsc_sync_engine_to_string (s->engine), FALSE);
      dsc_export_csv_append_cell (out, scratch, last_sync, FALSE);
      dsc_export_csv_append_cell (out, scratch, errors, FALSE);
      dsc_export_csv_append_cell (out, scratch, quota, FALSE);
      dsc_export_csv_append_cell (out, scratch, s->connect_version, FALSE);
      dsc_export_csv_append_cell (out, scratch, eos, FALSE);
      dsc_export_csv_append_cell (out, scratch, read_at, FALSE);
      dsc_export_csv_append_cell (out, scratch, s->is_cached ? "yes" : "no", FALSE);
      g_string_append (out, "\r\n");
    }
  (void) now;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
text (GString *out, const char *value)
{
  dsc_export_append_clean (out, value, 0, DSC_ESCAPE_HTML);
}

static void
cell (GString *out, const char *value)
{
  g_string_append (out, "<td>");
  text (out, value != NULL ? value : "—");
  g_string_append (out, "</td>");
}

static const char style[] =
  "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
  "color:#1d1d1f;margin:0 auto;max-width:1200px;padding:24px}"
  "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;"
  "border-bottom:1px solid #ddd;vertical-align:top}th{background:#f4f4f6}"
  ".status{font-weight:600;border-radius:4px;padding:1px 6px;white-space:nowrap}"
  ".error{background:#fde2e1;color:#8a1c12}.warning{background:#fdf0d5;color:#7a4b00}"
  ".unknown{background:#e8e8ec;color:#444}.ok{background:#dcf3e3;color:#1b5e34}";

char *
dsc_export_tenants_html (GPtrArray *summaries, const char * const *links, gint64 now)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *aggregate = dsc_tenant_summaries_aggregate_line (summaries);
  g_autofree char *generated = dsc_export_format_time (now);

  g_string_append_printf (out,
                          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                          "'none'; style-src 'unsafe-inline'\">\n"
                          "<meta name=\"referrer\" content=\"no-referrer\">\n"
                          "<meta name=\"generator\" content=\"DirSync Companion\">\n<title>");
  text (out, _("Directory sync: all tenants"));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
  text (out, _("Directory sync: all tenants"));
  g_string_append (out, "</h1>\n<p>");
  text (out, aggregate);
  g_string_append (out, "</p>\n<p>");
  text (out, _("Generated"));
  g_string_append (out, ": ");
  text (out, generated);
  g_string_append (out, "</p>\n<table>\n<thead><tr>");
  {
    const char *heads[] = { N_("Tenant"), N_("Status"), N_("Summary"), N_("Sync engine"),
                            N_("Last sync"), N_("Objects in error"), N_("Quota"),
                            N_("Entra Connect support"), N_("Read") };
    for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
      {
        g_string_append (out, "<th scope=\"col\">");
        text (out, _(heads[i]));
        g_string_append (out, "</th>");
      }
  }
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);
      g_autofree char *last_sync = s->last_sync > 0 ? dsc_format_age (s->last_sync, now) : NULL;
      g_autofree char *errors = int_or_empty (s->objects_in_error);
      g_autofree char *quota = s->quota_percent >= 0 ? g_strdup_printf ("%d %%", s->quota_percent)
                                                     : NULL;
      g_autofree char *eos = dsc_tenant_summary_format_end_of_support (s, now);
      g_autofree char *read_at = s->read_at > 0 ? dsc_export_format_time (s->read_at) : NULL;
      const char *status_class = s->status == DSC_STATUS_ERROR ? "error"
                               : s->status == DSC_STATUS_WARNING ? "warning"
                               : s->status == DSC_STATUS_UNKNOWN ? "unknown" : "ok";

      g_string_append (out, "<tr><th scope=\"row\">");
      if (links != NULL && links[i] != NULL)
        {
          g_string_append (out, "<a href=\"");
          text (out, links[i]);
          g_string_append (out, "\">");
          text (out, s->name);
          g_string_append (out, "</a>");
        }
      else
        text (out, s->name);
      g_string_append_printf (out, "</th><td><span class=\"status %s\">", status_class);
      text (out, s->needs_sign_in ? _("Sign in again") : dsc_status_to_label (s->status));
      g_string_append (out, "</span></td>");
      cell (out, s->headline);
      cell (out, s->engine != DSC_SYNC_ENGINE_UNKNOWN ? dsc_sync_engine_to_label (s->engine)
                                                       : NULL);
      cell (out, last_sync);
      cell (out, errors);
      cell (out, quota);
      cell (out, eos);
      cell (out, read_at);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dsc_export_tenants_json (GPtrArray *summaries)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_sized_new (summaries->len);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;

  for (guint i = 0; i < summaries->len; i++)
    json_array_add_element (array, dsc_tenant_summary_to_json (g_ptr_array_index (summaries, i)));
  json_node_take_array (root, array);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat (json, "\n", NULL);
}

/* Prometheus */

typedef struct {
  GString *header;   /* # HELP and # TYPE, from the first tenant that has them */
  GString *samples;
} Family;

static void
family_free (Family *f)
{
  g_string_free (f->header, TRUE);
  g_string_free (f->samples, TRUE);
  g_free (f);
}

static Family *
family_get (GHashTable *families, GPtrArray *order, const char *name)
{
  Family *f = g_hash_table_lookup (families, name);

  if (f == NULL)
    {
      f = g_new0 (Family, 1);
      f->header = g_string_new (NULL);
      f->samples = g_string_new (NULL);
      g_hash_table_insert (families, g_strdup (name), f);
      g_ptr_array_add (order, g_strdup (name));
    }
  return f;
}

static char *
metric_name (const char *line)
{
  gsize n = strcspn (line, "{ ");

  return g_strndup (line, n);
}

static void
append_labelled (GString *out, const char *line, const char *tenant)
{
  const char *brace = strchr (line, '{');
  const char *space = strchr (line, ' ');

  if (brace != NULL && (space == NULL || brace < space))
    {
      g_autofree char *labels = NULL;
      const char *close = strchr (brace, '}');

      if (close == NULL)
        return;
      g_string_append_len (out, line, brace - line + 1);
      g_string_append (out, "tenant=\"");
      dsc_export_append_clean (out, tenant, 256, DSC_ESCAPE_PROMETHEUS);
      g_string_append_c (out, '"');
      labels = g_strndup (brace + 1, close - brace - 1);
      if (*labels != '\0')
        {
          g_string_append_c (out, ',');
          /* The tenant's own name label stays, renamed so the labels stay unique. */
          if (g_str_has_prefix (labels, "tenant=\""))
            g_string_append (out, "tenant_name=\"");
          g_string_append (out, g_str_has_prefix (labels, "tenant=\"") ? labels + 8 : labels);
        }
      g_string_append (out, close);
    }
  else if (space != NULL)
    {
      g_string_append_len (out, line, space - line);
      g_string_append (out, "{tenant=\"");
      dsc_export_append_clean (out, tenant, 256, DSC_ESCAPE_PROMETHEUS);
      g_string_append (out, "\"}");
      g_string_append (out, space);
    }
  else
    return;
  g_string_append_c (out, '\n');
}

static const char unreadable[] =
  "# HELP dirsync_overall_status Overall directory sync status: 0 ok, 1 warning, 2 error, "
  "3 unknown.\n# TYPE dirsync_overall_status gauge\ndirsync_overall_status 3\n";

char *
dsc_export_prometheus_combine (const char * const *names,
                               const char * const *texts,
                               guint               n)
{
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) family_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint t = 0; t < n; t++)
    {
      g_auto(GStrv) lines = g_strsplit (texts[t] != NULL ? texts[t] : unreadable, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *line = lines[i];
          Family *f;

          if (*line == '\0')
            continue;
          if (g_str_has_prefix (line, "# HELP ") || g_str_has_prefix (line, "# TYPE "))
            {
              g_autofree char *name = metric_name (line + 7);

              f = family_get (families, order, name);
              /* One HELP and one TYPE per family: the first tenant's. */
              if (strstr (f->header->str, g_str_has_prefix (line, "# HELP ") ? "# HELP "
                                                                             : "# TYPE ") == NULL)
                {
                  g_string_append (f->header, line);
                  g_string_append_c (f->header, '\n');
                }
              continue;
            }
          if (*line == '#')
            continue;
          {
            g_autofree char *name = metric_name (line);

            f = family_get (families, order, name);
            append_labelled (f->samples, line, names[t]);
          }
        }
    }
  for (guint i = 0; i < order->len; i++)
    {
      Family *f = g_hash_table_lookup (families, g_ptr_array_index (order, i));

      if (f->samples->len == 0)
        continue;
      g_string_append_len (out, f->header->str, f->header->len);
      g_string_append_len (out, f->samples->str, f->samples->len);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dsc_export_tenant_file_stem (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  gboolean dash = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          g_string_append_c (out, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
      if (out->len >= 60)
        break;
    }
  if (out->len == 0)
    g_string_append (out, "tenant");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

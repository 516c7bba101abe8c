/* dsc-export-html.c — the report as one self-contained, printable HTML page:
 * inline CSS only, no scripts, nothing fetched from anywhere, every value
 * escaped. Status is always written as a word; colour only accents it.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-export-private.h"

static const char style[] =
  "*{box-sizing:border-box}"
  "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
  "color:#1d1d1f;margin:0 auto;max-width:1100px;padding:24px}"
  "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;"
  "border-bottom:1px solid #ccc;padding-bottom:4px}h3{font-size:16px;margin:0 0 6px}"
  "h4{font-size:14px;margin:14px 0 4px}"
  "p,li,dd,h1,h2,h3,h4,.tile div{overflow-wrap:anywhere}"
  "td,th{overflow-wrap:break-word}table.fixed{table-layout:fixed}"
  "table.fixed td,table.fixed th{overflow-wrap:anywhere}"
  ".meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;"
  "color:#444}.meta dt{font-weight:600}.meta dd{margin:0}"
  ".badge{display:inline-block;font-weight:700;font-size:12px;padding:1px 8px;"
  "border-radius:10px;border:1px solid currentColor;margin-right:6px;vertical-align:1px}"
  ".s-ok{--c:#1b7a2e}.s-info{--c:#1259a8}.s-warning{--c:#9a5b00}.s-error{--c:#b3261e}"
  ".s-unknown{--c:#5f6368}"
  ".s-ok .badge,.s-info .badge,.s-warning .badge,.s-error .badge,.s-unknown .badge,"
  ".badge.s-ok,.badge.s-info,.badge.s-warning,.badge.s-error,.badge.s-unknown{color:var(--c)}"
  ".verdict{border-left:6px solid var(--c);background:#f5f5f7;padding:10px 14px;"
  "font-size:16px;margin:12px 0}"
  ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}"
  ".tile{border:1px solid #d0d0d5;border-top:5px solid var(--c);border-radius:6px;"
  "padding:8px 10px;break-inside:avoid}"
  ".tile .title{font-weight:600}.tile .value{font-size:18px;margin:2px 0}"
  ".tile .summary,.tile .limited{color:#444;font-size:13px}"
  ".category{border-left:4px solid var(--c);padding:4px 0 4px 14px;margin:18px 0}"
  ".finding{margin:10px 0 16px}.finding>p{white-space:pre-line}"
  "table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0}"
  "th,td{border:1px solid #d0d0d5;padding:3px 6px;text-align:left;vertical-align:top}"
  "th{background:#eceef1}tbody tr:nth-child(even){background:#f8f8fa}"
  "thead{display:table-header-group}tr{break-inside:avoid}"
  "td.id{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:11.5px}"
  "pre{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:12.5px;white-space:pre;"
  "overflow-x:auto;background:#f3f4f6;border:1px solid #d0d0d5;border-radius:4px;"
  "padding:6px 8px;margin:4px 0 8px}"
  ".url{color:#555;font-size:12px}a{color:#0b57d0}"
  "footer{margin-top:30px;color:#666;font-size:12px;border-top:1px solid #ccc;"
  "padding-top:6px}"
  "@media print{body{padding:0;max-width:none}a{color:inherit}"
  ".category,.verdict,.tile{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

static void
text (GString *out, const char *str)
{
  dsc_export_append_clean (out, str, 0, DSC_ESCAPE_HTML);
}

static void
badge (GString *out, DscStatus status)
{
  g_string_append_printf (out, "<span class=\"badge s-%s\">", dsc_status_to_string (status));
  text (out, dsc_status_to_label (status));
  g_string_append (out, "</span>");
}

static void
meta_row (GString *out, const char *label, const char *value)
{
  g_string_append (out, "<dt>");
  text (out, label);
  g_string_append (out, "</dt><dd>");
  text (out, value != NULL && *value != '\0' ? value : "—");
  g_string_append (out, "</dd>");
}

static gboolean
is_https (const char *uri)
{
  return uri != NULL && g_ascii_strncasecmp (uri, "https://", 8) == 0 &&
         g_utf8_validate (uri, -1, NULL);
}

static void
append_objects (const DscFinding *finding, DscExportSink *sink)
{
  GString *out = sink->buf;

  g_string_append (out, "<table class=\"fixed\"><colgroup>"
                   "<col style=\"width:13%\"><col style=\"width:7%\"><col style=\"width:16%\">"
                   "<col style=\"width:13%\"><col style=\"width:12%\"><col style=\"width:13%\">"
                   "<col style=\"width:8%\"><col style=\"width:8%\"><col></colgroup>"
                   "<thead><tr>");
  g_string_append_printf (out, "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                          "<th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
                          _("Object"), _("Type"), _("User principal name"), _("Mail"),
                          _("Attribute"), _("Value"), _("Role"), _("Since"), _("Object ID"));
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *a = g_ptr_array_index (finding->objects, i);
      const DscDirectoryObject *o = a->object;
      g_autofree char *since = dsc_export_format_time (a->since);

      g_string_append (out, "<tr><td>");
      /* The object's page in the Entra admin center, when it has one. */
      if (is_https (a->admin_url))
        {
          g_string_append (out, "<a href=\"");
          text (out, a->admin_url);
          g_string_append (out, "\" rel=\"noopener noreferrer\">");
          text (out, o->display_name != NULL ? o->display_name : o->id);
          g_string_append (out, "</a>");
        }
      else
        text (out, o->display_name);
      g_string_append (out, "</td><td>");
      text (out, dsc_object_kind_to_label (o->kind));
      g_string_append (out, "</td><td>");
      text (out, o->user_principal_name);
      g_string_append (out, "</td><td>");
      text (out, o->mail);
      g_string_append (out, "</td><td>");
      text (out, a->attribute);
      g_string_append (out, "</td><td>");
      text (out, a->value);
      g_string_append (out, "</td><td>");
      text (out, finding->diagnosis != NULL ? dsc_affected_object_role_label (a)
                 : a->in_error ? _("In error") : _("Holds the value"));
      g_string_append (out, "</td><td>");
      text (out, since);
      g_string_append (out, "</td><td class=\"id\">");
      text (out, o->id);
      if (a->on_premises_dn != NULL && g_strcmp0 (a->on_premises_dn, o->id) != 0)
        {
          g_string_append (out, "<br>");
          text (out, _("On-premises:"));
          g_string_append_c (out, ' ');
          text (out, a->on_premises_dn);
        }
      if (a->suggested_fix != NULL)
        {
          g_string_append (out, "<br>");
          text (out, _("Suggested fix:"));
          g_string_append_c (out, ' ');
          text (out, a->suggested_fix);
        }
      g_string_append (out, "</td></tr>\n");
      if (!dsc_export_sink_check (sink))
        return;
    }
  g_string_append (out, "</tbody></table>\n");
}

static void
append_steps (GString *out, const char *const *steps)
{
  if (steps == NULL || steps[0] == NULL)
    return;
  g_string_append (out, "<h4>");
  text (out, _("How to fix it"));
  g_string_append (out, "</h4><ol>");
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *prose = dsc_fix_step_dup_text (steps[i]);
      const char *command = dsc_fix_step_get_command (steps[i]);

      g_string_append (out, "<li>");
      text (out, prose);
      /* The command as code: one line, never wrapped (it scrolls), escaped. */
      if (command != NULL)
        {
          g_string_append (out, "<pre><code>");
          text (out, command);
          g_string_append (out, "</code></pre>");
        }
      g_string_append (out, "</li>");
    }
  g_string_append (out, "</ol>\n");
}

static void
append_category (const DscReport *report, const DscCategoryReport *category,
                 DscExportSink *sink)
{
  GString *out = sink->buf;
  const DscCategoryInfo *info = dsc_category_get_info (category->id);
  g_auto(GStrv) category_steps = dsc_category_dup_fix_steps (category->id);
  const char *explanation = dsc_category_get_explanation (category->id);
  g_autofree char *summary = dsc_export_category_summary (category);

  g_string_append_printf (out, "<section class=\"category s-%s\" id=\"%s\"><h3>",
                          dsc_status_to_string (category->status),
                          dsc_category_to_string (category->id));
  badge (out, category->status);
  text (out, dsc_category_get_state_title (category->id, category->status));
  g_string_append (out, "</h3><p>");
  text (out, summary);
  g_string_append (out, "</p>");
  if (explanation != NULL)
    {
      g_string_append (out, "<p><strong>");
      text (out, _("What this means:"));
      g_string_append (out, "</strong> ");
      text (out, explanation);
      g_string_append (out, "</p>\n");
    }
  if (category->id == DSC_CATEGORY_OBJECT_ERRORS && report->conflict_summary != NULL)
    {
      g_auto(GStrv) lines = dsc_conflict_summary_dup_lines (report->conflict_summary);

      g_string_append (out, "<ul class=\"summary\">");
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_string_append (out, "<li>");
          text (out, lines[i]);
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>\n");
    }

  for (guint f = 0; f < category->findings->len; f++)
    {
      const DscFinding *finding = g_ptr_array_index (category->findings, f);

      g_string_append (out, "<article class=\"finding\"><h4>");
      badge (out, finding->severity);
      text (out, finding->title);
      g_string_append (out, "</h4>");
      if (finding->diagnosis != NULL)
        {
          g_string_append (out, "<p class=\"diagnosis\"><strong>");
          text (out, finding->diagnosis->label);
          g_string_append (out, "</strong></p>");
        }
      if (finding->detail != NULL)
        {
          g_string_append (out, "<p>");
          text (out, finding->detail);
          g_string_append (out, "</p>");
        }
      if (finding->objects->len > 0)
        append_objects (finding, sink);
      if (finding->fix_steps != NULL)
        append_steps (out, (const char *const *) finding->fix_steps);
      g_string_append (out, "</article>\n");
      if (!dsc_export_sink_check (sink))
        return;
    }
  if (category->status != DSC_STATUS_OK)
    append_steps (out, (const char *const *) category_steps);

  if (info != NULL && info->links != NULL && info->links[0].uri != NULL)
    {
      g_string_append (out, "<h4>");
      text (out, _("Learn more"));
      g_string_append (out, "</h4><ul>");
      for (const DscLink *link = info->links; link->uri != NULL; link++)
        {
          g_string_append (out, "<li>");
          if (is_https (link->uri))
            {
              g_string_append (out, "<a href=\"");
              text (out, link->uri);
              g_string_append (out, "\" rel=\"noopener noreferrer\">");
              text (out, dsc_link_get_label (link));
              g_string_append (out, "</a><br><span class=\"url\">");
              text (out, link->uri);
              g_string_append (out, "</span>");
            }
          else
            text (out, dsc_link_get_label (link));
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>\n");
    }
  g_string_append (out, "</section>\n");
}

gboolean
dsc_export_html_write (const DscReport *report, DscExportSink *sink)
{
  const DscSnapshot *s = report->snapshot;
  GString *out = sink->buf;
  g_autofree char *generated = dsc_export_format_time (report->evaluated_at);
  g_autofree char *taken = dsc_export_format_time (s->taken_at);
  g_autofree char *tenant = NULL;

  if (s->tenant_name != NULL && s->initial_domain != NULL)
    tenant = g_strdup_printf ("%s (%s)", s->tenant_name, s->initial_domain);
  else
    tenant = g_strdup (s->tenant_name != NULL ? s->tenant_name
                       : s->initial_domain != NULL ? s->initial_domain : _("Unknown tenant"));

  g_string_append (out,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; img-src data:\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"DirSync Companion\">\n<title>");
  text (out, _("Directory sync report"));
  g_string_append (out, " — ");
  text (out, tenant);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>",
                          style);
  text (out, _("Directory sync report"));
  g_string_append (out, "</h1><dl class=\"meta\">");
  meta_row (out, _("Tenant"), tenant);
  meta_row (out, _("Tenant ID"), s->tenant_id);
  meta_row (out, _("Generated"), generated);
  meta_row (out, _("Data as of"), taken);
  meta_row (out, _("Microsoft Graph"), s->graph_host);
  g_string_append (out, "</dl></header>\n");

  g_string_append_printf (out, "<section class=\"verdict s-%s\"><strong>",
                          dsc_status_to_string (report->overall));
  text (out, _("Overall:"));
  g_string_append (out, "</strong> ");
  badge (out, report->overall);
  text (out, report->headline);
  g_string_append (out, "</section>\n<h2>");
  text (out, _("Checks"));
  g_string_append (out, "</h2>\n<div class=\"tiles\">\n");
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = &report->tiles[i];
      g_autofree char *value = dsc_export_tile_value (tile);

      g_string_append_printf (out, "<div class=\"tile s-%s\" id=\"tile-%s\"><div>",
                              dsc_status_to_string (tile->status), dsc_tile_to_string (i));
      badge (out, tile->status);
      g_string_append (out, "</div><div class=\"title\">");
      text (out, tile->title != NULL ? tile->title : dsc_tile_to_string (i));
      g_string_append (out, "</div><div class=\"value\">");
      text (out, value);
      g_string_append (out, "</div>");
      if (tile->summary != NULL)
        {
          g_string_append (out, "<div class=\"summary\">");
          text (out, tile->summary);
          g_string_append (out, "</div>");
        }
      if (tile->limited_reason != NULL)
        {
          g_string_append (out, "<div class=\"limited\">");
          text (out, tile->limited_reason);
          g_string_append (out, "</div>");
        }
      g_string_append (out, "</div>\n");
    }
  g_string_append (out, "</div>\n<h2>");
  text (out, _("Categories"));
  g_string_append (out, "</h2>\n<table class=\"fixed\"><colgroup><col style=\"width:36%\">"
                   "<col style=\"width:12%\"><col></colgroup><thead><tr><th>");
  text (out, _("Category"));
  g_string_append (out, "</th><th>");
  text (out, _("Status"));
  g_string_append (out, "</th><th>");
  text (out, _("Summary"));
  g_string_append (out, "</th></tr></thead><tbody>\n");
  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const DscCategoryReport *category = &report->categories[c];
      g_autofree char *summary = dsc_export_category_summary (category);

      g_string_append_printf (out, "<tr class=\"s-%s\"><td>",
                              dsc_status_to_string (category->status));
      text (out, dsc_category_get_state_title (c, report->categories[c].status));
      g_string_append (out, "</td><td>");
      badge (out, category->status);
      g_string_append (out, "</td><td>");
      text (out, summary);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</tbody></table>\n<h2>");
  text (out, _("Details"));
  g_string_append (out, "</h2>\n");
  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const DscCategoryReport *category = &report->categories[c];

      if (category->findings->len == 0)
        continue;
      append_category (report, category, sink);
      if (!dsc_export_sink_check (sink))
        return FALSE;
    }
  g_string_append (out, "<footer>");
  text (out, _("DirSync Companion"));
  g_string_append (out, " · ");
  text (out, _("Times are UTC."));
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return dsc_export_sink_check (sink);
}

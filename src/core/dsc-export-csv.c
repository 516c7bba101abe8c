/* dsc-export-csv.c — one row per affected object per finding, for Excel and
 * scripts: UTF-8 with BOM, RFC 4180 quoting, CRLF, and cells that a
 * spreadsheet would run as a formula neutralized with a leading quote.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <string.h>

#include "dsc-export-private.h"
#include "dsc-report-json.h"

/* Stable English column names: scripts key on them. */
static const char *const columns[] = {
  "category", "severity", "finding", "object type", "display name", "UPN", "mail",
  "object id", "attribute", "value", "in error", "since", "on-premises DN", "suggested fix",
  "role", "diagnosis", "advice", "admin center",
};

void
dsc_export_csv_append_cell (GString *out, GString *scratch, const char *text, gboolean first)
{
  gboolean quote;

  if (!first)
    g_string_append_c (out, ',');
  if (text == NULL || *text == '\0')
    return;

  g_string_truncate (scratch, 0);
  /* =, +, -, @, TAB and CR start a formula (or DDE) in Excel, LibreOffice and
   * Google Sheets: "=HYPERLINK(…)" must stay text. */
  if (strchr ("=+-@\t\r", text[0]) != NULL)
    g_string_append_c (scratch, '\'');
  dsc_export_append_clean (scratch, text, 0, DSC_ESCAPE_NONE);

  /* Beyond RFC 4180: LibreOffice's import dialog also splits at ';' and
   * tab by default, so "Smith; John" would push the rest of the row into
   * the wrong columns unless quoted. */
  quote = strpbrk (scratch->str, ",;\"\t\r\n") != NULL;
  if (!quote)
    {
      g_string_append_len (out, scratch->str, scratch->len);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = scratch->str; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString *out, GString *scratch, const DscFinding *finding,
            const DscAffectedObject *affected)
{
  const DscDirectoryObject *o = affected != NULL ? affected->object : NULL;
  g_autofree char *since = NULL;

  if (affected != NULL && affected->since > 0)
    since = dsc_format_iso8601 (affected->since);

  dsc_export_csv_append_cell (out, scratch, dsc_category_to_string (finding->category), TRUE);
  dsc_export_csv_append_cell (out, scratch, dsc_status_to_string (finding->severity), FALSE);
  dsc_export_csv_append_cell (out, scratch, finding->title, FALSE);
  dsc_export_csv_append_cell (out, scratch, o != NULL ? dsc_object_kind_to_string (o->kind) : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, o != NULL ? o->display_name : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, o != NULL ? o->user_principal_name : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, o != NULL ? o->mail : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, o != NULL ? o->id : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? affected->attribute : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? affected->value : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? (affected->in_error ? "true" : "false") : NULL,
               FALSE);
  dsc_export_csv_append_cell (out, scratch, since, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? affected->on_premises_dn : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? affected->suggested_fix : NULL, FALSE);
  /* Conflicts: the object's role, the conflict's diagnosis, the object in
   * the Entra admin center. */
  dsc_export_csv_append_cell (out, scratch,
                              affected != NULL && finding->diagnosis != NULL
                              ? dsc_affected_object_role_key (affected) : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch,
                              finding->diagnosis != NULL ? finding->diagnosis->label : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch,
                              finding->diagnosis != NULL ? finding->diagnosis->text : NULL, FALSE);
  dsc_export_csv_append_cell (out, scratch, affected != NULL ? affected->admin_url : NULL, FALSE);
  g_string_append (out, "\r\n");
}

gboolean
dsc_export_csv_write (const DscReport *report, DscExportSink *sink)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  /* The BOM makes Excel read UTF-8 instead of the ANSI code page. */
  g_string_append (sink->buf, "\xef\xbb\xbf");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    dsc_export_csv_append_cell (sink->buf, scratch, columns[i], i == 0);
  g_string_append (sink->buf, "\r\n");

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const DscCategoryReport *category = &report->categories[c];

      for (guint f = 0; f < category->findings->len; f++)
        {
          const DscFinding *finding = g_ptr_array_index (category->findings, f);

          if (finding->objects->len == 0)
            append_row (sink->buf, scratch, finding, NULL);
          for (guint o = 0; o < finding->objects->len; o++)
            {
              append_row (sink->buf, scratch, finding, g_ptr_array_index (finding->objects, o));
              if (!dsc_export_sink_check (sink))
                return FALSE;
            }
          if (!dsc_export_sink_check (sink))
            return FALSE;
        }
    }
  return TRUE;
}

/* dsc-export.c — format names, the shared sink and text cleaning, and the
 * JSON report and the atomic file replace. Writing any format to a file (PDF
 * included) is src/core/export/dsc-export-file.c.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dsc-export-private.h"
#include "dsc-time.h"

#define SINK_CHUNK (64 * 1024)

static const struct {
  const char *name;
  const char *extension;
  const char *mime_type;
  const char *label;
} formats[DSC_EXPORT_N_FORMATS] = {
  [DSC_EXPORT_FORMAT_CSV] = { "csv", "csv", "text/csv", N_("CSV spreadsheet") },
  [DSC_EXPORT_FORMAT_JSON] = { "json", "json", "application/json", N_("JSON report") },
  [DSC_EXPORT_FORMAT_HTML] = { "html", "html", "text/html", N_("HTML page") },
  [DSC_EXPORT_FORMAT_PDF] = { "pdf", "pdf", "application/pdf", N_("PDF document") },
  [DSC_EXPORT_FORMAT_PROMETHEUS] = { "prometheus", "prom", "text/plain",
                                     N_("Prometheus metrics") },
};

gboolean
dsc_export_format_from_name (const char *name, DscExportFormat *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
dsc_export_format_from_filename (const char *filename, DscExportFormat *out)
{
  const char *dot;

  if (filename == NULL)
    return FALSE;
  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL || strchr (dot, '\\') != NULL)
    return FALSE;
  dot++;
  if (g_ascii_strcasecmp (dot, "htm") == 0)
    {
      *out = DSC_EXPORT_FORMAT_HTML;
      return TRUE;
    }
  for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (dot, formats[i].extension) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
dsc_export_format_to_name (DscExportFormat format)
{
  g_return_val_if_fail (format < DSC_EXPORT_N_FORMATS, NULL);
  return formats[format].name;
}

const char *
dsc_export_format_get_extension (DscExportFormat format)
{
  g_return_val_if_fail (format < DSC_EXPORT_N_FORMATS, NULL);
  return formats[format].extension;
}

const char *
dsc_export_format_get_mime_type (DscExportFormat format)
{
  g_return_val_if_fail (format < DSC_EXPORT_N_FORMATS, NULL);
  return formats[format].mime_type;
}

const char *
dsc_export_format_get_label (DscExportFormat format)
{
  g_return_val_if_fail (format < DSC_EXPORT_N_FORMATS, NULL);
  return _(formats[format].label);
}

/* Sink */

void
dsc_export_sink_init (DscExportSink *sink, GOutputStream *out, GCancellable *cancellable)
{
  sink->out = out;
  sink->cancellable = cancellable;
  sink->buf = g_string_sized_new (SINK_CHUNK + 4096);
  sink->error = NULL;
}

void
dsc_export_sink_set_error (DscExportSink *sink, GError *error)
{
  if (sink->error == NULL)
    sink->error = error;
  else
    g_error_free (error);
}

static gboolean
sink_write_buffer (DscExportSink *sink)
{
  GError *error = NULL;

  if (sink->error != NULL)
    return FALSE;
  if (sink->buf->len > 0 &&
      !g_output_stream_write_all (sink->out, sink->buf->str, sink->buf->len, NULL,
                                  sink->cancellable, &error))
    {
      dsc_export_sink_set_error (sink, error);
      return FALSE;
    }
  g_string_truncate (sink->buf, 0);
  return TRUE;
}

gboolean
dsc_export_sink_check (DscExportSink *sink)
{
  if (sink->error != NULL)
    return FALSE;
  if (sink->buf->len >= SINK_CHUNK)
    return sink_write_buffer (sink);
  return TRUE;
}

gboolean
dsc_export_sink_finish (DscExportSink *sink, GError **error)
{
  GError *local_error = NULL;

  if (sink_write_buffer (sink) &&
      !g_output_stream_flush (sink->out, sink->cancellable, &local_error))
    dsc_export_sink_set_error (sink, local_error);
  g_string_free (sink->buf, TRUE);
  sink->buf = NULL;
  if (sink->error != NULL)
    {
      g_propagate_error (error, sink->error);
      sink->error = NULL;
      return FALSE;
    }
  return TRUE;
}

/* Text */

static gboolean
is_unsafe_char (gunichar c)
{
  if (c == '\n' || c == '\t' || c == '\r')
    return FALSE;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         /* embeddings, overrides and isolates can make a name display as
          * something else ("moc.evil" read backwards) */
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0xfeff;
}

void
dsc_export_append_clean (GString *out, const char *text, gsize max_chars, DscEscape escape)
{
  g_autofree char *valid = NULL;
  gsize n = 0;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c;

      if (max_chars > 0 && n++ >= max_chars)
        {
          g_string_append (out, "…");
          return;
        }
      /* ASCII fast path: most of a report is plain ASCII. */
      if ((guchar) *p < 0x80)
        {
          char a = *p;

          if (is_unsafe_char ((guchar) a))
            {
              g_string_append (out, "\xef\xbf\xbd");
              continue;
            }
          if (escape == DSC_ESCAPE_HTML)
            {
              switch (a)
                {
                case '&': g_string_append (out, "&amp;"); continue;
                case '<': g_string_append (out, "&lt;"); continue;
                case '>': g_string_append (out, "&gt;"); continue;
                case '"': g_string_append (out, "&quot;"); continue;
                case '\'': g_string_append (out, "&#39;"); continue;
                default: break;
                }
            }
          else if (escape == DSC_ESCAPE_PROMETHEUS)
            {
              switch (a)
                {
                case '\\': g_string_append (out, "\\\\"); continue;
                case '"': g_string_append (out, "\\\""); continue;
                case '\n': g_string_append (out, "\\n"); continue;
                case '\r': case '\t': g_string_append_c (out, ' '); continue;
                default: break;
                }
            }
          g_string_append_c (out, a);
          continue;
        }
      c = g_utf8_get_char (p);
      if (is_unsafe_char (c))
        g_string_append (out, "\xef\xbf\xbd");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

char *
dsc_export_format_time (gint64 unix_seconds)
{
  if (unix_seconds <= 0)
    return g_strdup ("—");
  return dsc_format_utc (unix_seconds, "%Y-%m-%d %H:%M UTC", "—");
}

char *
dsc_export_tile_value (const DscTile *tile)
{
  const char *value = tile->value != NULL && *tile->value != '\0' ? tile->value : "—";
  g_autofree char *when = NULL;

  if (tile->timestamp == 0)
    return g_strdup (value);
  when = dsc_format_date_time (tile->timestamp);
  /* Translators: a tile's value and the absolute time it is the age of:
   * "12 minutes ago (7 Dec 2026, 14:54 UTC)" */
  return g_strdup_printf (_("%s (%s)"), value, when);
}

char *
dsc_export_category_summary (const DscCategoryReport *category)
{
  const DscFinding *first;

  if (category->headline != NULL && *category->headline != '\0')
    return g_strdup (category->headline);
  if (category->findings->len == 0)
    return g_strdup (category->status == DSC_STATUS_UNKNOWN ? _("Couldn't be checked")
                                                            : _("No problems found"));
  first = g_ptr_array_index (category->findings, 0);
  if (category->findings->len == 1)
    return g_strdup (first->title);
  return g_strdup_printf (ngettext ("%s, and %u more finding", "%s, and %u more findings",
                                    category->findings->len - 1),
                          first->title, category->findings->len - 1);
}

int
dsc_export_status_number (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO:
      return 0;
    case DSC_STATUS_WARNING:
      return 1;
    case DSC_STATUS_ERROR:
      return 2;
    case DSC_STATUS_UNKNOWN:
    default:
      return 3;
    }
}

/* Writing */

gboolean
dsc_export_sink_finish_with_message (DscExportSink *sink,
                                     GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (dsc_export_sink_finish (sink, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, local_error->domain, local_error->code,
                 _("Couldn't write the report: %s"), local_error->message);
  return FALSE;
}

gboolean
dsc_export_write_json (const DscReport *report,
                       DscReportJsonLayout layout,
                       GOutputStream *out,
                       GCancellable *cancellable,
                       GError **error)
{
  DscExportSink sink;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  dsc_export_sink_init (&sink, out, cancellable);
  dsc_export_json_write (report, layout, &sink);
  return dsc_export_sink_finish_with_message (&sink, error);
}

gboolean
dsc_export_replace_file (GFile *dest,
                         gboolean shared,
                         DscExportWriteFunc write_func,
                         gpointer user_data,
                         GCancellable *cancellable,
                         GError **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *path = NULL;
  GStatBuf old;
  gboolean existed;

  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  path = g_file_get_path (dest);
  existed = path != NULL && g_stat (path, &old) == 0;
  /* g_file_replace writes a temporary file next to dest and renames it over
   * dest on a successful close, so dest is never half written. Modes: a new
   * file is private (0600) unless shared; a replaced file keeps its mode. */
  stream = g_file_replace (dest, NULL, FALSE,
                           G_FILE_CREATE_REPLACE_DESTINATION |
                           (existed || !shared ? G_FILE_CREATE_PRIVATE : G_FILE_CREATE_NONE),
                           cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (write_func (G_OUTPUT_STREAM (stream), user_data, cancellable, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      if (existed)
        g_chmod (path, old.st_mode & 0777);
      return TRUE;
    }

  if (!g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
    {
      /* Closing through a cancelled cancellable discards the temporary file
       * instead of renaming it over dest. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    }
  return FALSE;
}

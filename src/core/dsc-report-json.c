/* dsc-report-json.c — a report as versioned JSON and as plain text. The JSON
 * itself is written by the one streaming writer, dsc-export-json.c; the time
 * helpers live in dsc-time.c.
 * The JSON field names are an interface: data/report.schema.json describes them.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-export.h"
#include "dsc-report-json.h"
#include "dsc-text-safe.h"

/* More objects than this in a log line block would bury the next finding. */
#define TEXT_MAX_OBJECTS 20

/* JSON */

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* The high bit of each zero byte of @x set (and maybe of bytes above one). */
static inline guint64
zero_bytes (guint64 x)
{
  return (x - ONES) & ~x;
}

gboolean
dsc_json_depth_ok (const char *data,
                   gsize       len,
                   guint       max_depth)
{
  guint depth = 0;
  /* json-glib's scanner also takes 'single-quoted' strings (no escapes) and
   * C comments; a '"' in either must not hide the brackets after it. */
  char quote = '\0';
  gboolean in_comment = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c;

      /* Inside a string (most of Graph's text): eight bytes at a time to
       * the next '"' or '\\'. A flagged word is then read byte by byte. */
      if (quote == '"')
        {
          while (len - i >= 8)
            {
              guint64 x;

              memcpy (&x, data + i, sizeof x);
              if (((zero_bytes (x ^ (ONES * '"')) | zero_bytes (x ^ (ONES * '\\'))) & HIGHS) != 0)
                break;
              i += 8;
            }
          if (i >= len)
            break;
        }
      c = data[i];

      if (in_comment)
        {
          if (c == '*' && i + 1 < len && data[i + 1] == '/')
            {
              in_comment = FALSE;
              i++;
            }
          continue;
        }

      if (quote != '\0')
        {
          if (c == '\\' && quote == '"')
            i++;
          else if (c == quote)
            quote = '\0';
          continue;
        }

      switch (c)
        {
        case '"':
        case '\'':
          quote = c;
          break;
        case '/':
          if (i + 1 < len && data[i + 1] == '*')
            {
              in_comment = TRUE;
              i++;
            }
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* Members are always present: null says "unknown" explicitly. Text is made
 * valid UTF-8 so every consumer (jq, PowerShell, browsers) can read it. */
void
dsc_json_set_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else if (g_utf8_validate (value, -1, NULL))
    json_object_set_string_member (object, member, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      json_object_set_string_member (object, member, valid);
    }
}

void
dsc_json_set_time (JsonObject *object,
                   const char *member,
                   gint64      unix_seconds)
{
  g_autofree char *text = unix_seconds != 0 ? dsc_format_iso8601 (unix_seconds) : NULL;

  dsc_json_set_string (object, member, text);
}

JsonNode *
dsc_report_to_json (const DscReport *report)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_return_val_if_fail (report != NULL, NULL);

  /* Writing to memory cannot fail, and the writer's output is JSON. */
  if (!dsc_export_write_json (report, DSC_REPORT_JSON_BY_SIZE, out, NULL, &error) ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, &error))
    g_error ("Couldn't write the report into memory: %s", error->message);
  node = json_from_string (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                           &error);
  if (node == NULL)
    g_error ("The report writer wrote invalid JSON: %s", error->message);
  return node;
}

/* Plain text */

/* The verdict keyword is for machines (monitoring plugins parse it), so it
 * is never translated. */
static const char *
verdict_keyword (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: return "OK";
    case DSC_STATUS_WARNING: return "WARNING";
    case DSC_STATUS_ERROR: return "CRITICAL";
    case DSC_STATUS_UNKNOWN:
    default: return "UNKNOWN";
    }
}

static void
append_status_tag (GString *out,
                   DscStatus status)
{
  g_autofree char *tag = g_strdup_printf ("[%s]", dsc_status_to_string (status));
  g_autofree char *upper = g_ascii_strup (tag, -1);

  g_string_append_printf (out, "%-10s", upper);
}

static void
append_time (GString *out,
             gint64 then,
             gint64 now)
{
  g_autofree char *age = dsc_format_age (then, now);
  g_autofree char *iso = dsc_format_iso8601 (then);

  g_string_append_printf (out, "%s (%s)", age, iso != NULL ? iso : "?");
}

static const char *
tenant_label (const DscSnapshot *snapshot)
{
  if (snapshot->tenant_name != NULL && *snapshot->tenant_name != '\0')
    return snapshot->tenant_name;
  if (snapshot->initial_domain != NULL)
    return snapshot->initial_domain;
  if (snapshot->tenant_id != NULL)
    return snapshot->tenant_id;
  return _("Unknown tenant");
}

static void
append_tile (GString *out,
             const DscTile *tile,
             gint64 now)
{
  const char *title = tile->title != NULL ? tile->title : dsc_tile_to_string (tile->id);

  g_string_append (out, "  ");
  append_status_tag (out, tile->status);
  dsc_text_safe_append (out, title);

  /* An age goes stale between evaluation and printing: say it again for now. */
  if (tile->timestamp != 0)
    {
      g_string_append (out, ": ");
      append_time (out, tile->timestamp, now);
    }
  else if (tile->value != NULL)
    dsc_text_safe_printf (out, ": %s", tile->value);

  if (tile->summary != NULL)
    dsc_text_safe_printf (out, " — %s", tile->summary);
  g_string_append_c (out, '\n');

  if (tile->limited_reason != NULL)
    dsc_text_safe_printf (out, "%12s%s\n", "", tile->limited_reason);
}

static void
append_affected (GString *out,
                 const DscAffectedObject *affected,
                 gboolean conflict)
{
  const DscDirectoryObject *o = affected->object;
  const char *name = o->display_name != NULL ? o->display_name : o->id;
  const char *address = o->user_principal_name != NULL ? o->user_principal_name : o->mail;

  dsc_text_safe_printf (out, "%14s- %s: %s", "", dsc_object_kind_to_label (o->kind),
                        name != NULL ? name : "?");
  if (address != NULL)
    dsc_text_safe_printf (out, " <%s>", address);
  if (affected->attribute != NULL || affected->value != NULL)
    dsc_text_safe_printf (out, " — %s %s",
                          affected->attribute != NULL ? affected->attribute : "",
                          affected->value != NULL ? affected->value : "");
  if (affected->on_premises_dn != NULL)
    dsc_text_safe_printf (out, " [%s %s]", _("on-premises:"), affected->on_premises_dn);
  if (affected->suggested_fix != NULL)
    dsc_text_safe_printf (out, " (%s %s)", _("suggested:"), affected->suggested_fix);
  if (conflict)
    dsc_text_safe_printf (out, " [%s]", dsc_affected_object_role_label (affected));
  if (affected->in_error)
    {
      g_autofree char *since = affected->since != 0 ? dsc_format_iso8601 (affected->since) : NULL;

      if (since != NULL)
        dsc_text_safe_printf (out, " (%s %s)", _("in error since"), since);
      else
        dsc_text_safe_printf (out, " (%s)", _("in error"));
    }
  g_string_append_c (out, '\n');
}

static void
append_finding (GString *out,
                const DscFinding *finding)
{
  guint n_shown = MIN (finding->objects->len, TEXT_MAX_OBJECTS);

  g_string_append (out, "  ");
  append_status_tag (out, finding->severity);
  dsc_text_safe_printf (out, "%s\n", finding->title != NULL ? finding->title : finding->id);
  if (finding->diagnosis != NULL)
    dsc_text_safe_printf (out, "%12s%s: %s\n", "", _("Diagnosis"), finding->diagnosis->label);
  if (finding->detail != NULL)
    {
      /* A detail of several lines (facts, one per line) keeps its indent. */
      g_auto(GStrv) lines = g_strsplit (finding->detail, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        dsc_text_safe_printf (out, "%12s%s\n", "", lines[i]);
    }

  for (guint i = 0; i < n_shown; i++)
    append_affected (out, g_ptr_array_index (finding->objects, i), finding->diagnosis != NULL);

  if (finding->objects->len > n_shown)
    {
      guint rest = finding->objects->len - n_shown;

      g_string_append_printf (out, "%14s", "");
      g_string_append_printf (out, ngettext ("… and %u more", "… and %u more", rest), rest);
      g_string_append_c (out, '\n');
    }
}

char *
dsc_report_to_text (const DscReport *report,
                    gint64 now)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const DscSnapshot *snapshot;
  gboolean any_unread = FALSE;

  g_return_val_if_fail (report != NULL, NULL);

  snapshot = report->snapshot;

  dsc_text_safe_printf (out, "DIRSYNC %s - %s: %s\n",
                        verdict_keyword (report->overall),
                        tenant_label (snapshot),
                        report->headline != NULL ? report->headline : "");

  if (snapshot->initial_domain != NULL || snapshot->tenant_id != NULL)
    dsc_text_safe_printf (out, "%s: %s%s%s%s\n", _("Tenant"),
                          snapshot->initial_domain != NULL ? snapshot->initial_domain : "",
                          snapshot->tenant_id != NULL ? " (" : "",
                          snapshot->tenant_id != NULL ? snapshot->tenant_id : "",
                          snapshot->tenant_id != NULL ? ")" : "");
  if (snapshot->taken_at != 0)
    {
      g_string_append_printf (out, "%s: ", _("Data read"));
      append_time (out, snapshot->taken_at, now);
      g_string_append_c (out, '\n');
    }

  g_string_append_c (out, '\n');
  for (guint i = 0; i < DSC_N_TILES; i++)
    append_tile (out, &report->tiles[i], now);

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryReport *category = &report->categories[i];

      if (category->findings->len == 0)
        continue;

      dsc_text_safe_printf (out, "\n%s: %s",
                            dsc_category_get_state_title (category->id, category->status),
                            dsc_status_to_label (category->status));
      if (category->headline != NULL)
        dsc_text_safe_printf (out, " — %s", category->headline);
      g_string_append_c (out, '\n');
      if (category->id == DSC_CATEGORY_OBJECT_ERRORS && report->conflict_summary != NULL)
        {
          g_auto(GStrv) lines = dsc_conflict_summary_dup_lines (report->conflict_summary);

          for (guint k = 0; lines[k] != NULL; k++)
            dsc_text_safe_printf (out, "%4s%s\n", "", lines[k]);
        }

      for (guint j = 0; j < category->findings->len; j++)
        append_finding (out, g_ptr_array_index (category->findings, j));
    }

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      const DscSourceStatus *status = &snapshot->sources[i];

      if (status->state == DSC_SOURCE_STATE_OK)
        continue;
      /* Never scanned on-premises: the tile says so; nothing failed. */
      if (i == DSC_SOURCE_ONPREM_SCAN && status->state == DSC_SOURCE_STATE_NOT_READ)
        continue;

      if (!any_unread)
        g_string_append_printf (out, "\n%s\n", _("Could not be read:"));
      any_unread = TRUE;

      g_string_append_printf (out, "  %s: ", dsc_source_to_label ((DscSource) i));
      if (status->message != NULL)
        dsc_text_safe_append (out, status->message);
      else if (status->state == DSC_SOURCE_STATE_NOT_READ)
        g_string_append (out, _("not read"));
      else
        g_string_append (out, dsc_source_state_to_string (status->state));
      if (status->error_code != NULL)
        dsc_text_safe_printf (out, " [%s]", status->error_code);
      if (status->request_id != NULL)
        dsc_text_safe_printf (out, " (%s %s)", _("request ID"), status->request_id);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

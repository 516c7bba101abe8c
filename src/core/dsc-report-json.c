/* dsc-report-json.c — a report as versioned JSON and as plain text, plus the
 * time formatting and parsing every writer and the Graph parsers share.
 * The JSON field names are an interface: data/report.schema.json describes them.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-report-json.h"
#include "dsc-text-safe.h"

/* Anything longer cannot be a timestamp or duration, only a hostile input. */
#define MAX_TIME_TEXT 64
/* More objects than this in a log line block would bury the next finding. */
#define TEXT_MAX_OBJECTS 20

/* Time helpers */

char *
dsc_format_age (gint64 then,
                gint64 now)
{
  gint64 diff;

  if (then == 0)
    return g_strdup (_("never"));

  diff = now - then;

  /* A few seconds ahead is only Graph's clock disagreeing with ours. */
  if (diff < -60)
    return g_strdup (_("in the future (clock skew?)"));
  if (diff < 60)
    return g_strdup (_("just now"));

  if (diff < 120 * 60)
    {
      guint minutes = (guint) (diff / 60);

      return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago", minutes), minutes);
    }

  if (diff < 48 * 3600)
    {
      guint hours = (guint) (diff / 3600);

      return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago", hours), hours);
    }

  {
    guint days = (guint) MIN (diff / 86400, (gint64) G_MAXUINT);

    return g_strdup_printf (ngettext ("%u day ago", "%u days ago", days), days);
  }
}

char *
dsc_format_interval (gint64 seconds)
{
  guint n;

  if (seconds <= 0)
    return g_strdup (_("at an unknown interval"));

  /* Use the largest unit that divides evenly, so "every 90 minutes" stays exact. */
  if (seconds % 86400 == 0)
    {
      n = (guint) MIN (seconds / 86400, (gint64) G_MAXUINT);
      if (n == 1)
        return g_strdup (_("every day"));
      return g_strdup_printf (ngettext ("every %u day", "every %u days", n), n);
    }

  if (seconds % 3600 == 0)
    {
      n = (guint) (seconds / 3600);
      if (n == 1)
        return g_strdup (_("every hour"));
      return g_strdup_printf (ngettext ("every %u hour", "every %u hours", n), n);
    }

  if (seconds % 60 == 0)
    {
      n = (guint) MIN (seconds / 60, (gint64) G_MAXUINT);
      if (n == 1)
        return g_strdup (_("every minute"));
      return g_strdup_printf (ngettext ("every %u minute", "every %u minutes", n), n);
    }

  n = (guint) MIN (seconds, (gint64) G_MAXUINT);
  return g_strdup_printf (ngettext ("every %u second", "every %u seconds", n), n);
}

char *
dsc_format_iso8601 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return NULL;

  /* Not g_date_time_format ("%Y…"): it writes year 1 as "1", which ISO 8601
   * and dsc_parse_iso8601() refuse, and Graph's "no date" is 0001-01-01. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
}

gboolean
dsc_parse_iso8601 (const char *str,
                   gint64 *out)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (str == NULL || *str == '\0' || strnlen (str, MAX_TIME_TEXT + 1) > MAX_TIME_TEXT)
    return FALSE;

  /* Graph's times are UTC even on the rare properties that omit the "Z". */
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    return FALSE;

  if (out != NULL)
    *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
add_checked (gint64 *total,
             gint64 value,
             gint64 unit)
{
  if (value > (G_MAXINT64 - *total) / unit)
    return FALSE;
  *total += value * unit;
  return TRUE;
}

/* Years and months are refused: their length depends on the calendar and
 * Graph never uses them for sync intervals. Fractions are allowed only on
 * seconds and are truncated. */
gboolean
dsc_parse_duration (const char *str,
                    gint64 *out)
{
  /* Designators in the order ISO 8601 requires them. */
  static const struct { char designator; gboolean time_part; gint64 unit; } units[] = {
    { 'W', FALSE, 7 * 86400 },
    { 'D', FALSE, 86400 },
    { 'H', TRUE, 3600 },
    { 'M', TRUE, 60 },
    { 'S', TRUE, 1 },
  };
  const char *p;
  gint64 total = 0;
  guint next_unit = 0;
  gboolean in_time = FALSE;
  gboolean any_component = FALSE;
  gboolean time_component = FALSE;

  if (str == NULL || strnlen (str, MAX_TIME_TEXT + 1) > MAX_TIME_TEXT || str[0] != 'P')
    return FALSE;

  p = str + 1;
  while (*p != '\0')
    {
      gint64 value = 0;
      gboolean fraction = FALSE;
      guint n_digits = 0;
      guint i;

      if (*p == 'T')
        {
          if (in_time)
            return FALSE;
          in_time = TRUE;
          p++;
          continue;
        }

      for (; g_ascii_isdigit (*p); p++, n_digits++)
        {
          int digit = *p - '0';

          if (value > (G_MAXINT64 - digit) / 10)
            return FALSE;
          value = value * 10 + digit;
        }
      if (n_digits == 0)
        return FALSE;

      if (*p == '.' || *p == ',')
        {
          guint n_fraction = 0;

          for (p++; g_ascii_isdigit (*p); p++)
            n_fraction++;
          if (n_fraction == 0)
            return FALSE;
          fraction = TRUE;
        }

      for (i = next_unit; i < G_N_ELEMENTS (units); i++)
        if (units[i].designator == *p && units[i].time_part == in_time)
          break;
      if (i == G_N_ELEMENTS (units))
        return FALSE;
      if (fraction && units[i].designator != 'S')
        return FALSE;

      if (!add_checked (&total, value, units[i].unit))
        return FALSE;

      next_unit = i + 1;
      any_component = TRUE;
      if (in_time)
        time_component = TRUE;
      p++;
    }

  /* "P" and "P1DT" are not durations. */
  if (!any_component || (in_time && !time_component))
    return FALSE;

  if (out != NULL)
    *out = total;
  return TRUE;
}

/* JSON */

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
      char c = data[i];

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

static JsonArray *
strv_to_array (const char *const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

static JsonObject *
affected_object_to_json (const DscAffectedObject *affected)
{
  JsonObject *object = json_object_new ();
  const DscDirectoryObject *o = affected->object;

  json_object_set_string_member (object, "kind", dsc_object_kind_to_string (o->kind));
  dsc_json_set_string (object, "id", o->id);
  dsc_json_set_string (object, "displayName", o->display_name);
  dsc_json_set_string (object, "userPrincipalName", o->user_principal_name);
  dsc_json_set_string (object, "mail", o->mail);
  dsc_json_set_string (object, "attribute", affected->attribute);
  dsc_json_set_string (object, "value", affected->value);
  dsc_json_set_time (object, "since", affected->since);
  json_object_set_boolean_member (object, "inError", affected->in_error);
  return object;
}

static JsonObject *
finding_to_json (const DscFinding *finding)
{
  JsonObject *object = json_object_new ();
  JsonArray *objects = json_array_new ();
  g_auto(GStrv) category_steps = NULL;
  const char *const *steps = (const char *const *) finding->fix_steps;

  /* A file must stand on its own, so fall back to the catalogue's steps
   * instead of leaving the reader to know about categories. */
  if (steps == NULL)
    {
      category_steps = dsc_category_dup_fix_steps (finding->category);
      steps = (const char *const *) category_steps;
    }

  dsc_json_set_string (object, "id", finding->id);
  json_object_set_string_member (object, "severity", dsc_status_to_string (finding->severity));
  dsc_json_set_string (object, "title", finding->title);
  dsc_json_set_string (object, "detail", finding->detail);
  json_object_set_array_member (object, "fixSteps", strv_to_array (steps));
  for (guint i = 0; i < finding->objects->len; i++)
    json_array_add_object_element (objects,
                                   affected_object_to_json (g_ptr_array_index (finding->objects,
                                                                               i)));
  json_object_set_array_member (object, "objects", objects);
  return object;
}

static JsonObject *
tile_to_json (const DscTile *tile)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", dsc_tile_to_string (tile->id));
  json_object_set_string_member (object, "status", dsc_status_to_string (tile->status));
  dsc_json_set_string (object, "title", tile->title);
  dsc_json_set_string (object, "value", tile->value);
  dsc_json_set_string (object, "summary", tile->summary);
  dsc_json_set_time (object, "timestamp", tile->timestamp);
  dsc_json_set_string (object, "limitedReason", tile->limited_reason);
  json_object_set_string_member (object, "category", dsc_category_to_string (tile->category));
  return object;
}

static JsonObject *
category_to_json (const DscCategoryReport *category)
{
  JsonObject *object = json_object_new ();
  JsonArray *findings = json_array_new ();

  json_object_set_string_member (object, "id", dsc_category_to_string (category->id));
  json_object_set_string_member (object, "status", dsc_status_to_string (category->status));
  dsc_json_set_string (object, "headline", category->headline);
  dsc_json_set_string (object, "title", dsc_category_get_title (category->id));
  for (guint i = 0; i < category->findings->len; i++)
    json_array_add_object_element (findings,
                                   finding_to_json (g_ptr_array_index (category->findings, i)));
  json_object_set_array_member (object, "findings", findings);
  return object;
}

JsonNode *
dsc_report_to_json (const DscReport *report)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonObject *tenant;
  JsonObject *overall;
  JsonArray *tiles;
  JsonArray *categories;
  JsonArray *sources;
  const DscSnapshot *snapshot;

  g_return_val_if_fail (report != NULL, NULL);

  snapshot = report->snapshot;
  root = json_object_new ();
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);

  json_object_set_int_member (root, "schemaVersion", DSC_REPORT_JSON_SCHEMA_VERSION);
  json_object_set_string_member (root, "generator", "DirSync Companion " PACKAGE_VERSION);

  tenant = json_object_new ();
  dsc_json_set_string (tenant, "id", snapshot->tenant_id);
  dsc_json_set_string (tenant, "name", snapshot->tenant_name);
  dsc_json_set_string (tenant, "initialDomain", snapshot->initial_domain);
  json_object_set_object_member (root, "tenant", tenant);

  dsc_json_set_time (root, "generatedAt", report->evaluated_at);
  dsc_json_set_time (root, "snapshotTakenAt", snapshot->taken_at);

  overall = json_object_new ();
  json_object_set_string_member (overall, "status", dsc_status_to_string (report->overall));
  dsc_json_set_string (overall, "headline", report->headline);
  json_object_set_object_member (root, "overall", overall);

  tiles = json_array_new ();
  for (guint i = 0; i < DSC_N_TILES; i++)
    json_array_add_object_element (tiles, tile_to_json (&report->tiles[i]));
  json_object_set_array_member (root, "tiles", tiles);

  categories = json_array_new ();
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    json_array_add_object_element (categories, category_to_json (&report->categories[i]));
  json_object_set_array_member (root, "categories", categories);

  sources = json_array_new ();
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      JsonObject *source = json_object_new ();
      const DscSourceStatus *status = &snapshot->sources[i];

      json_object_set_string_member (source, "id", dsc_source_to_string ((DscSource) i));
      json_object_set_string_member (source, "state", dsc_source_state_to_string (status->state));
      dsc_json_set_string (source, "errorCode", status->error_code);
      dsc_json_set_string (source, "message", status->message);
      dsc_json_set_string (source, "requestId", status->request_id);
      json_array_add_object_element (sources, source);
    }
  json_object_set_array_member (root, "sources", sources);

  return g_steal_pointer (&node);
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
                 const DscAffectedObject *affected)
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
  if (finding->detail != NULL)
    dsc_text_safe_printf (out, "%12s%s\n", "", finding->detail);

  for (guint i = 0; i < n_shown; i++)
    append_affected (out, g_ptr_array_index (finding->objects, i));

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

      dsc_text_safe_printf (out, "\n%s: %s", dsc_category_get_title (category->id),
                            dsc_status_to_label (category->status));
      if (category->headline != NULL)
        dsc_text_safe_printf (out, " — %s", category->headline);
      g_string_append_c (out, '\n');

      for (guint j = 0; j < category->findings->len; j++)
        append_finding (out, g_ptr_array_index (category->findings, j));
    }

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      const DscSourceStatus *status = &snapshot->sources[i];

      if (status->state == DSC_SOURCE_STATE_OK)
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

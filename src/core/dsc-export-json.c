/* dsc-export-json.c — the one writer of the versioned JSON report
 * (data/report.schema.json): JSON exports and `--check --format json` both
 * come from here, and dsc_report_to_json() parses what it writes.
 *
 * The document is written straight into the sink, a few kilobytes at a time,
 * instead of building a JsonNode tree and having JsonGenerator turn it into
 * one string: for 100 000 objects the tree and that string were 250 MB and
 * most of the time. The layout and escaping are json-glib 1.6's generator's
 * (tests/core/test-export.c checks that regenerating the parsed output gives
 * the same bytes), so files written before and after read the same.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <string.h>

#include "dsc-category.h"
#include "dsc-cloud-sync-rules.h"
#include "dsc-export-private.h"
#include "dsc-report-json.h"

/* Pretty for people reading small reports; compact when large (half the
 * size). */
#define PRETTY_MAX_OBJECTS 10000

/* root > categories > category > findings > finding > objects > object */
#define MAX_DEPTH 8

typedef struct {
  GString *out;
  gboolean pretty;
  guint depth;
  /* Whether the container open at each depth has a member yet: the next
   * one is preceded by a comma. */
  gboolean has_members[MAX_DEPTH];
  /* Times ("since" of thousands of objects) fall on far fewer days: the
   * date is formatted once per day (day → its midnight's text), the time of
   * day written in. */
  GHashTable *dates;
} JsonWriter;

/* put () without the call: most appends are a few bytes
 * (a comma, a name, a short value), millions of them in a large report. */
static inline void
put (GString    *out,
     const char *bytes,
     gsize       n)
{
  gsize at = out->len;

  if (G_LIKELY (at + n < out->allocated_len))
    out->len = at + n;
  else
    g_string_set_size (out, at + n);
  memcpy (out->str + at, bytes, n);
  out->str[at + n] = '\0';
}

static void
append_indent (JsonWriter *w,
               guint level)
{
  /* json-glib's default: two spaces per level; MAX_DEPTH levels at most. */
  static const char spaces[] = "                ";

  G_STATIC_ASSERT (sizeof spaces - 1 == 2 * MAX_DEPTH);
  g_assert (level <= MAX_DEPTH);
  put (w->out, spaces, 2 * level);
}

/* Starts a member (name) or an array element (name NULL): the separator,
 * the line break and indent when pretty, and the name. */
static void
begin_value (JsonWriter *w,
             const char *name)
{
  /* ",\n", the indent, then "\"name\" : ": put together here and appended
   * once (hundreds of thousands of values in a large report). */
  char head[2 + 2 * MAX_DEPTH + 64];
  gsize n = 0;
  gsize name_len;

  if (w->depth > 0)
    {
      gboolean *has_members = &w->has_members[w->depth - 1];

      if (*has_members)
        head[n++] = ',';
      *has_members = TRUE;
      if (w->pretty)
        {
          g_assert (w->depth <= MAX_DEPTH);
          head[n++] = '\n';
          memset (head + n, ' ', 2 * w->depth);
          n += 2 * w->depth;
        }
    }
  if (name == NULL)
    {
      put (w->out, head, n);
      return;
    }
  /* Member names are ASCII literals here: nothing to escape. */
  name_len = strlen (name);
  if (n + name_len + 5 > sizeof head)
    {
      put (w->out, head, n);
      n = 0;
      g_string_append_c (w->out, '"');
      put (w->out, name, name_len);
    }
  else
    {
      head[n++] = '"';
      memcpy (head + n, name, name_len);
      n += name_len;
    }
  if (w->pretty)
    {
      memcpy (head + n, "\" : ", 4);
      n += 4;
    }
  else
    {
      memcpy (head + n, "\":", 2);
      n += 2;
    }
  put (w->out, head, n);
}

static void
open_container (JsonWriter *w,
                const char *name,
                char        bracket)
{
  g_assert (w->depth < MAX_DEPTH);

  begin_value (w, name);
  g_string_append_c (w->out, bracket);
  w->has_members[w->depth++] = FALSE;
}

static void
close_container (JsonWriter *w,
                 char        bracket)
{
  g_assert (w->depth > 0);

  w->depth--;
  /* As json-glib: an empty array is "[]", but an empty object's closing
   * brace is indented (no line break) when pretty. */
  if (w->pretty && (w->has_members[w->depth] || bracket == '}'))
    {
      if (w->has_members[w->depth])
        g_string_append_c (w->out, '\n');
      append_indent (w, w->depth);
    }
  g_string_append_c (w->out, bracket);
}

#define open_object(w, name)  open_container ((w), (name), '{')
#define close_object(w)       close_container ((w), '}')
#define open_array(w, name)   open_container ((w), (name), '[')
#define close_array(w)        close_container ((w), ']')

/* Eight bytes at a time: a word with any byte that JSON escapes ('"', '\\',
 * below 0x20, 0x7f) gives a non-zero mask. Borrows can flag a byte above a
 * flagged one too: the flagged word is then looked at byte by byte. Bytes of
 * 0x80 and up (UTF-8) are never flagged. */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
zero_bytes (guint64 x)
{
  return (x - ONES) & ~x;
}

static inline guint64
special_bytes (guint64 x)
{
  return ((x - ONES * 0x20) & ~x) | zero_bytes (x ^ (ONES * '"'))
    | zero_bytes (x ^ (ONES * '\\')) | zero_bytes (x ^ (ONES * 0x7f));
}

static inline gboolean
is_special (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* The first byte from @p to @end that JSON escapes, or @end; ORs the bytes
 * it passed into @high (whether any was 0x80 or above). */
static const char *
next_special (const char *p, const char *end, guint64 *high)
{
  while (end - p >= 8)
    {
      guint64 x;

      memcpy (&x, p, sizeof x);
      *high |= x;
      if ((special_bytes (x) & HIGHS) != 0)
        for (guint i = 0; i < 8; i++)
          if (is_special ((guchar) p[i]))
            return p + i;
      p += 8;
    }
  for (; p < end; p++)
    {
      *high |= (guchar) *p;
      if (is_special ((guchar) *p))
        return p;
    }
  return end;
}

static void
append_escaped (GString *out, const char *value, gsize len, guint64 *high)
{
  static const char hex[] = "0123456789abcdef";
  const char *end = value + len;
  const char *run = value;

  g_string_append_c (out, '"');
  for (;;)
    {
      const char *p = next_special (run, end, high);
      guchar c;

      /* The plain run before it in one go. */
      put (out, run, p - run);
      if (p == end)
        break;
      c = (guchar) *p;
      run = p + 1;
      switch (c)
        {
        case '"': put (out, "\\\"", 2); break;
        case '\\': put (out, "\\\\", 2); break;
        case '\b': put (out, "\\b", 2); break;
        case '\f': put (out, "\\f", 2); break;
        case '\n': put (out, "\\n", 2); break;
        case '\r': put (out, "\\r", 2); break;
        case '\t': put (out, "\\t", 2); break;
        default:
          {
            char escape[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            put (out, escape, sizeof escape);
          }
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Graph data is not guaranteed to be UTF-8: invalid sequences become U+FFFD
 * (g_utf8_make_valid) so the file is always valid JSON. Then '"', '\\' and
 * control characters are escaped exactly as json-glib does (\b \f \n \r \t,
 * others as \u00XX); everything else, non-ASCII included, is copied. Only a
 * value with a byte of 0x80 or above is validated (after writing it; when
 * invalid, it is written again, made valid). */
static void
append_json_string (GString    *out,
                    const char *value)
{
  gsize len = strlen (value);
  gsize mark = out->len;
  guint64 high = 0;

  append_escaped (out, value, len, &high);
  if ((high & HIGHS) != 0 && !g_utf8_validate_len (value, len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, len);

      g_string_truncate (out, mark);
      append_escaped (out, valid, strlen (valid), &high);
    }
}

/* Members are always present: null says "unknown" explicitly. */
static void
write_string (JsonWriter *w,
              const char *name,
              const char *value)
{
  begin_value (w, name);
  if (value == NULL)
    put (w->out, "null", 4);
  else
    append_json_string (w->out, value);
}

/* ISO 8601 UTC as dsc_format_iso8601() writes it ("2026-12-07T20:34:50Z"),
 * null when 0 or out of range. */
static void
write_time (JsonWriter *w,
            const char *name,
            gint64      unix_seconds)
{
  /* 9999-12-31T23:59:59Z: the last second GDateTime (and so the format) has. */
  const gint64 last = G_GINT64_CONSTANT (253402300799);
  char text[21];
  char *date;
  gint64 day, seconds;

  if (unix_seconds == 0)
    {
      write_string (w, name, NULL);
      return;
    }
  /* Days since 1970 up to 9999 fit a pointer. */
  day = unix_seconds / DSC_DAY;
  date = unix_seconds > 0 && unix_seconds <= last
    ? g_hash_table_lookup (w->dates, GSIZE_TO_POINTER ((gsize) day)) : NULL;
  if (date == NULL && unix_seconds > 0 && unix_seconds <= last)
    {
      date = dsc_format_iso8601 (day * DSC_DAY);
      if (date != NULL && strlen (date) != 20)
        g_clear_pointer (&date, g_free);
      if (date != NULL)
        g_hash_table_insert (w->dates, GSIZE_TO_POINTER ((gsize) day), date);
    }
  /* Before 1970 or beyond: as it is. */
  if (date == NULL)
    {
      g_autofree char *iso = dsc_format_iso8601 (unix_seconds);

      write_string (w, name, iso);
      return;
    }
  /* "YYYY-MM-DDT" from the day's text, then "HH:MM:SSZ". */
  seconds = unix_seconds - day * DSC_DAY;
  memcpy (text, date, 11);
  text[11] = '0' + (char) (seconds / 3600 / 10);
  text[12] = '0' + (char) (seconds / 3600 % 10);
  text[13] = ':';
  text[14] = '0' + (char) (seconds / 60 % 60 / 10);
  text[15] = '0' + (char) (seconds / 60 % 60 % 10);
  text[16] = ':';
  text[17] = '0' + (char) (seconds % 60 / 10);
  text[18] = '0' + (char) (seconds % 60 % 10);
  text[19] = 'Z';
  text[20] = '\0';
  write_string (w, name, text);
}

static void
write_boolean (JsonWriter *w,
               const char *name,
               gboolean    value)
{
  begin_value (w, name);
  if (value)
    put (w->out, "true", 4);
  else
    put (w->out, "false", 5);
}

static void
write_int (JsonWriter *w,
           const char *name,
           gint64      value)
{
  begin_value (w, name);
  {
    char digits[24];
    int n = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);

    put (w->out, digits, n);
  }
}

static void
write_affected (JsonWriter              *w,
                const DscAffectedObject *affected,
                gboolean                 conflict)
{
  const DscDirectoryObject *o = affected->object;

  open_object (w, NULL);
  write_string (w, "kind", dsc_object_kind_to_string (o->kind));
  write_string (w, "id", o->id);
  write_string (w, "displayName", o->display_name);
  write_string (w, "userPrincipalName", o->user_principal_name);
  write_string (w, "mail", o->mail);
  write_string (w, "attribute", affected->attribute);
  write_string (w, "value", affected->value);
  write_time (w, "since", affected->since);
  write_boolean (w, "inError", affected->in_error);
  write_string (w, "onPremisesDn", affected->on_premises_dn);
  write_string (w, "suggestedFix", affected->suggested_fix);
  /* Conflicts only: the role and the object's page in the Entra admin center. */
  write_string (w, "role", conflict ? dsc_affected_object_role_key (affected) : NULL);
  write_string (w, "adminUrl", affected->admin_url);
  close_object (w);
}

/* Each step as one line a person reads (prose, then its command), and the
 * commands on their own, exactly as they are typed. */
static void
write_steps (JsonWriter         *w,
             const char *const  *steps)
{
  open_array (w, "fixSteps");
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      g_autofree char *plain = dsc_fix_step_dup_plain (steps[i]);

      write_string (w, NULL, plain);
    }
  close_array (w);
  open_array (w, "fixCommands");
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      const char *command = dsc_fix_step_get_command (steps[i]);

      if (command == NULL)
        continue;
      open_object (w, NULL);
      write_int (w, "step", i + 1);
      write_string (w, "command", command);
      close_object (w);
    }
  close_array (w);
}

static gboolean
write_finding (JsonWriter         *w,
               const DscFinding   *finding,
               const char *const  *category_steps,
               DscExportSink      *sink)
{
  const char *const *steps = (const char *const *) finding->fix_steps;

  open_object (w, NULL);
  write_string (w, "id", finding->id);
  write_string (w, "severity", dsc_status_to_string (finding->severity));
  write_string (w, "title", finding->title);
  write_string (w, "detail", finding->detail);
  /* The category's steps are written once, on the category (schema 3): a
   * finding carries steps only when they are its own. */
  if (steps == NULL || g_strv_equal (steps, category_steps))
    {
      write_string (w, "fixSteps", NULL);
      write_string (w, "fixCommands", NULL);
    }
  else
    write_steps (w, steps);
  if (finding->diagnosis == NULL)
    write_string (w, "diagnosis", NULL);
  else
    {
      open_object (w, "diagnosis");
      write_string (w, "id", finding->diagnosis->id);
      write_string (w, "label", finding->diagnosis->label);
      write_string (w, "text", finding->diagnosis->text);
      close_object (w);
    }
  open_array (w, "objects");
  for (guint i = 0; i < finding->objects->len; i++)
    {
      write_affected (w, g_ptr_array_index (finding->objects, i), finding->diagnosis != NULL);
      if (!dsc_export_sink_check (sink))
        return FALSE;
    }
  close_array (w);
  close_object (w);
  return TRUE;
}

static void
write_tile (JsonWriter    *w,
            const DscTile *tile)
{
  open_object (w, NULL);
  write_string (w, "id", dsc_tile_to_string (tile->id));
  write_string (w, "status", dsc_status_to_string (tile->status));
  write_string (w, "title", tile->title);
  write_string (w, "value", tile->value);
  write_string (w, "summary", tile->summary);
  write_time (w, "timestamp", tile->timestamp);
  write_string (w, "limitedReason", tile->limited_reason);
  write_string (w, "category", dsc_category_to_string (tile->category));
  close_object (w);
}

static gboolean
write_category (JsonWriter              *w,
                const DscCategoryReport *category,
                DscExportSink           *sink)
{
  g_auto(GStrv) category_steps = dsc_category_dup_fix_steps (category->id);

  open_object (w, NULL);
  write_string (w, "id", dsc_category_to_string (category->id));
  write_string (w, "status", dsc_status_to_string (category->status));
  write_string (w, "headline", category->headline);
  write_string (w, "title", dsc_category_get_state_title (category->id, category->status));
  write_steps (w, (const char *const *) category_steps);
  open_array (w, "findings");
  for (guint i = 0; i < category->findings->len; i++)
    if (!write_finding (w, g_ptr_array_index (category->findings, i),
                        (const char *const *) category_steps, sink))
      return FALSE;
  close_array (w);
  close_object (w);
  return TRUE;
}

static void
write_source (JsonWriter            *w,
              DscSource              source,
              const DscSourceStatus *status)
{
  open_object (w, NULL);
  write_string (w, "id", dsc_source_to_string (source));
  write_string (w, "state", dsc_source_state_to_string (status->state));
  write_string (w, "errorCode", status->error_code);
  write_string (w, "message", status->message);
  write_string (w, "requestId", status->request_id);
  close_object (w);
}

/* The on-premises scan: its facts and counts (the findings themselves, with
 * DNs, are the onprem-data category's objects). null when never scanned. */
static void
write_onprem_scan (JsonWriter *w, const DscOnpremScanResult *scan)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GList) keys = NULL;
  guint errors, warnings;

  if (scan == NULL || scan->findings == NULL)
    {
      write_string (w, "onpremScan", NULL);
      return;
    }
  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < scan->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (scan->findings, i);
      char *key = g_strdup_printf ("%s\t%s", f->rule, dsc_onprem_severity_to_string (f->severity));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);
  dsc_onprem_scan_result_count (scan, &errors, &warnings);

  open_object (w, "onpremScan");
  write_time (w, "scannedAt", scan->scanned_at);
  write_string (w, "source", scan->source);
  open_array (w, "bases");
  for (guint i = 0; scan->bases != NULL && scan->bases[i] != NULL; i++)
    write_string (w, NULL, scan->bases[i]);
  close_array (w);
  write_int (w, "objectsRead", scan->objects_read);
  write_int (w, "objectsSkipped", scan->objects_skipped);
  write_int (w, "errors", errors);
  write_int (w, "warnings", warnings);
  open_array (w, "findingsByRule");
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "\t", 2);

      open_object (w, NULL);
      write_string (w, "rule", parts[0]);
      write_string (w, "severity", parts[1]);
      write_int (w, "count", GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));
      close_object (w);
    }
  close_array (w);
  open_array (w, "cloudConflicts");
  for (guint i = 0; scan->cloud != NULL && i < scan->cloud->len; i++)
    {
      const DscOnpremCloudMatch *m = g_ptr_array_index (scan->cloud, i);

      open_object (w, NULL);
      write_string (w, "cloudObjectId", m->cloud_object_id);
      write_string (w, "property", m->property);
      write_string (w, "value", m->value);
      open_array (w, "onPremisesDns");
      for (guint d = 0; d < m->dns->len; d++)
        write_string (w, NULL, g_ptr_array_index (m->dns, d));
      close_array (w);
      close_object (w);
    }
  close_array (w);
  close_object (w);
}

static guint
count_objects (const DscReport *report)
{
  guint n = 0;

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    for (guint f = 0; f < report->categories[c].findings->len; f++)
      n += ((DscFinding *) g_ptr_array_index (report->categories[c].findings, f))->objects->len;
  return n;
}

static void
write_count (JsonWriter *w,
             const char *name,
             gint64      value)
{
  if (value < 0)
    write_string (w, name, NULL);
  else
    write_int (w, name, value);
}

static void
write_cloud_sync_job (JsonWriter            *w,
                      const DscCloudSyncJob *job)
{
  const DscCloudSyncExecution *last = &job->last_execution;
  gboolean quarantined = job->quarantine_reason != NULL ||
                         g_strcmp0 (job->status_code, "Quarantine") == 0;

  open_object (w, NULL);
  write_string (w, "id", job->id);
  write_string (w, "templateId", job->template_id);
  write_string (w, "statusCode", job->status_code);
  write_string (w, "lastRunState", last->state);
  write_time (w, "lastRunAt", last->began);
  write_string (w, "lastRunErrorCode", last->error_code);
  write_string (w, "lastRunErrorMessage", last->error_message);
  write_time (w, "lastSuccessfulRunAt", job->last_successful.ended != 0
                                         ? job->last_successful.ended
                                         : job->last_successful.began);
  write_time (w, "steadyStateAt", job->steady_state_time);
  write_count (w, "imported", last->count_imported);
  write_count (w, "exported", last->count_exported);
  write_count (w, "escrowed", last->count_escrowed);
  if (!quarantined)
    write_string (w, "quarantine", NULL);
  else
    {
      open_object (w, "quarantine");
      write_string (w, "reason", job->quarantine_reason);
      write_time (w, "since", job->quarantine_series_began != 0 ? job->quarantine_series_began
                                                                : job->quarantine_current_began);
      write_time (w, "nextAttempt", job->quarantine_next_attempt);
      write_count (w, "seriesCount", job->quarantine_series_count);
      write_string (w, "errorCode", job->quarantine_error_code);
      write_string (w, "errorMessage", job->quarantine_error_message);
      close_object (w);
    }
  close_object (w);
}

/* Schema 2: the sync engine and each Cloud Sync configuration with its jobs
 * and agents; its issues are the "cloud-sync" category's findings. */
static void
write_cloud_sync (JsonWriter      *w,
                  const DscReport *report)
{
  const DscSnapshot *snapshot = report->snapshot;
  g_autoptr(GPtrArray) verdicts = dsc_cloud_sync_evaluate (snapshot, report->evaluated_at);

  open_object (w, "cloudSync");
  write_string (w, "syncEngine",
                dsc_sync_engine_to_string (dsc_snapshot_get_sync_engine (snapshot)));
  open_array (w, "configurations");
  for (guint i = 0; i < verdicts->len; i++)
    {
      const DscCloudSyncVerdict *verdict = g_ptr_array_index (verdicts, i);
      const DscCloudSyncConfig *config = verdict->config;

      open_object (w, NULL);
      write_string (w, "id", config->id);
      write_string (w, "domain", config->display_name);
      write_string (w, "status", dsc_status_to_string (verdict->status));
      write_string (w, "summary", verdict->summary);
      open_array (w, "jobs");
      for (guint j = 0; config->jobs_read && j < config->jobs->len; j++)
        write_cloud_sync_job (w, g_ptr_array_index (config->jobs, j));
      close_array (w);
      open_array (w, "agents");
      for (guint j = 0; j < snapshot->cloud_agents->len; j++)
        {
          const DscCloudSyncAgent *agent = g_ptr_array_index (snapshot->cloud_agents, j);
          gboolean serves = FALSE;

          for (guint g = 0; agent->groups != NULL && agent->groups[g] != NULL; g++)
            serves = serves || (config->display_name != NULL &&
                                g_ascii_strcasecmp (agent->groups[g],
                                                    config->display_name) == 0);
          if (!serves)
            continue;
          open_object (w, NULL);
          write_string (w, "machine", agent->machine_name);
          write_string (w, "status", agent->status);
          write_string (w, "version", agent->version);
          close_object (w);
        }
      close_array (w);
      open_array (w, "issues");
      for (guint j = 0; j < verdict->issues->len; j++)
        write_string (w, NULL, ((DscCloudSyncIssue *) g_ptr_array_index (verdict->issues, j))->id);
      close_array (w);
      close_object (w);
    }
  close_array (w);
  close_object (w);
}

static void
write_counts (JsonWriter *w, const char *name, const char *key_name, GArray *counts)
{
  open_array (w, name);
  for (guint i = 0; i < counts->len; i++)
    {
      const DscSummaryCount *c = &g_array_index (counts, DscSummaryCount, i);

      open_object (w, NULL);
      write_string (w, key_name, c->key);
      write_int (w, "count", c->count);
      close_object (w);
    }
  close_array (w);
}

/* The conflicts at a glance (counted in conflicting values); null without any. */
static void
write_conflict_summary (JsonWriter *w, const DscConflictSummary *summary)
{
  if (summary == NULL)
    {
      write_string (w, "conflictSummary", NULL);
      return;
    }
  open_object (w, "conflictSummary");
  write_int (w, "conflictingValues", summary->n_values);
  write_counts (w, "byAttribute", "attribute", summary->by_attribute);
  write_counts (w, "byDomain", "domain", summary->by_domain);
  open_object (w, "byAge");
  for (guint i = 0; i < DSC_N_AGE_BUCKETS; i++)
    write_int (w, dsc_age_bucket_to_string (i), summary->by_age[i]);
  close_object (w);
  close_object (w);
}

static gboolean
write_report (JsonWriter      *w,
              const DscReport *report,
              DscExportSink   *sink)
{
  const DscSnapshot *snapshot = report->snapshot;

  open_object (w, NULL);
  write_int (w, "schemaVersion", DSC_REPORT_JSON_SCHEMA_VERSION);
  write_string (w, "generator", "DirSync Companion " PACKAGE_VERSION);

  open_object (w, "tenant");
  write_string (w, "id", snapshot->tenant_id);
  write_string (w, "name", snapshot->tenant_name);
  write_string (w, "initialDomain", snapshot->initial_domain);
  close_object (w);

  write_time (w, "generatedAt", report->evaluated_at);
  write_time (w, "snapshotTakenAt", snapshot->taken_at);

  open_object (w, "overall");
  write_string (w, "status", dsc_status_to_string (report->overall));
  write_string (w, "headline", report->headline);
  close_object (w);

  open_array (w, "tiles");
  for (guint i = 0; i < DSC_N_TILES; i++)
    write_tile (w, &report->tiles[i]);
  close_array (w);

  open_array (w, "categories");
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    if (!write_category (w, &report->categories[i], sink))
      return FALSE;
  close_array (w);

  open_array (w, "sources");
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    write_source (w, (DscSource) i, &snapshot->sources[i]);
  close_array (w);

  write_cloud_sync (w, report);
  write_onprem_scan (w, snapshot->onprem_scan);
  write_conflict_summary (w, report->conflict_summary);

  close_object (w);
  g_assert (w->depth == 0);
  g_string_append_c (w->out, '\n');
  return TRUE;
}

gboolean
dsc_export_json_write (const DscReport     *report,
                       DscReportJsonLayout  layout,
                       DscExportSink       *sink)
{
  JsonWriter w = { 0 };
  gboolean ok;

  w.out = sink->buf;
  w.dates = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  w.pretty = layout == DSC_REPORT_JSON_INDENTED ||
             count_objects (report) < PRETTY_MAX_OBJECTS;
  ok = write_report (&w, report, sink);
  g_hash_table_unref (w.dates);
  return ok && dsc_export_sink_check (sink);
}

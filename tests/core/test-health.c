/* test-health.c — the health rules at every threshold, built from snapshots
 * assembled in code, plus the policy overrides. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dsc-category.h"
#include "dsc-health.h"
#include "dsc-reconcile.h"
#include "dsc-report-json.h"

#define MINUTE ((gint64) 60)
#define HOUR   ((gint64) 3600)
#define DAY    ((gint64) 86400)

/* 2026-11-23T12:00:00Z, the research date of the version data. */
#define NOW ((gint64) 1795435200)
/* 2026-09-30T00:00:00Z, from when versions below 2.5.79.0 can't sync. */
#define MINIMUM_SINCE ((gint64) 1790726400)

#define SERVICE_ACCOUNT "Sync_SRV01_1a2b3c4d5e6f@contoso.onmicrosoft.com"

/* Snapshot builders */

static void
add_feature (DscSnapshot *snap, const char *name, gboolean enabled)
{
  DscSyncFeature feature = { g_strdup (name), enabled };

  g_array_append_val (snap->settings.features, feature);
}

static DscDomain *
add_domain (GPtrArray *list, const char *name, gboolean verified, const char *auth)
{
  DscDomain *domain = dsc_domain_new (name);

  domain->is_verified = verified;
  domain->authentication_type = g_strdup (auth);
  g_ptr_array_add (list, domain);
  return domain;
}

static DscSyncIdentity *
add_legacy_account (DscSnapshot *snap, const char *upn, DscTristate enabled)
{
  DscSyncIdentity *identity = dsc_sync_identity_new (DSC_IDENTITY_LEGACY_ACCOUNT);

  identity->id = g_strdup_printf ("id-%s", upn);
  identity->user_principal_name = g_strdup (upn);
  identity->display_name = g_strdup ("On-Premises Directory Synchronization Service Account");
  identity->account_enabled = enabled;
  g_ptr_array_add (snap->identities, identity);
  return identity;
}

static DscSyncIdentity *
add_app (DscSnapshot *snap, const char *name)
{
  DscSyncIdentity *identity = dsc_sync_identity_new (DSC_IDENTITY_APPLICATION);

  identity->id = g_strdup_printf ("app-%s", name);
  identity->display_name = g_strdup (name);
  identity->created = NOW - 30 * DAY;
  g_ptr_array_add (snap->identities, identity);
  return identity;
}

static DscServiceHealth *
add_service (DscSnapshot *snap, const char *id, const char *name, const char *status)
{
  DscServiceHealth *service = dsc_service_health_new ();

  service->id = g_strdup (id);
  service->service = g_strdup (name);
  service->status = g_strdup (status);
  g_ptr_array_add (snap->services, service);
  return service;
}

static DscDirectoryObject *
add_object (DscSnapshot *snap, DscObjectKind kind, const char *id, const char *name,
            DscTristate synced)
{
  DscDirectoryObject *object = dsc_directory_object_new (kind);

  object->id = g_strdup (id);
  object->display_name = g_strdup (name);
  object->on_premises_sync = synced;
  g_ptr_array_add (snap->objects, object);
  return object;
}

static DscDirectoryObject *
new_holder_object (DscObjectKind kind, const char *id, const char *name, DscTristate synced)
{
  DscDirectoryObject *object = dsc_directory_object_new (kind);

  object->id = g_strdup (id);
  object->display_name = g_strdup (name);
  object->on_premises_sync = synced;
  return object;
}

static void
set_all_sources (DscSnapshot *snap, DscSourceState state)
{
  for (guint i = 0; i < DSC_N_SOURCES; i++)
    dsc_snapshot_set_source (snap, (DscSource) i, state,
                             state == DSC_SOURCE_STATE_DENIED ? "Authorization_RequestDenied"
                                                              : NULL,
                             state == DSC_SOURCE_STATE_DENIED ? "Insufficient privileges" : NULL,
                             NULL);
}

static void
deny (DscSnapshot *snap, DscSource source)
{
  dsc_snapshot_set_source (snap, source, DSC_SOURCE_STATE_DENIED, "Authorization_RequestDenied",
                           "Insufficient privileges to complete the operation.", "req-1");
}

/* A tenant where everything is fine. */
static DscSnapshot *
healthy_snapshot (void)
{
  DscSnapshot *snap = dsc_snapshot_new ();
  DscSyncSettings *settings = &snap->settings;

  set_all_sources (snap, DSC_SOURCE_STATE_OK);
  snap->taken_at = NOW;
  snap->graph_host = g_strdup ("graph.microsoft.com");
  snap->tenant_id = g_strdup ("00000000-0000-0000-0000-000000000001");
  snap->tenant_name = g_strdup ("Contoso Ltd");
  snap->initial_domain = g_strdup ("contoso.onmicrosoft.com");
  snap->sync_state = DSC_SYNC_STATE_ON;
  snap->last_sync = NOW - 10 * MINUTE;
  add_domain (snap->verified_domains, "contoso.com", TRUE, "Managed");
  add_domain (snap->verified_domains, "contoso.onmicrosoft.com", TRUE, "Managed");

  snap->last_password_sync = NOW - 1 * MINUTE;
  snap->quota_used = 12345;
  snap->quota_total = 300000;

  settings->password_sync_enabled = DSC_TRISTATE_TRUE;
  settings->block_soft_match = DSC_TRISTATE_TRUE;
  settings->block_hard_match_takeover = DSC_TRISTATE_TRUE;
  settings->quarantine_upn_conflicts = DSC_TRISTATE_TRUE;
  settings->quarantine_proxy_conflicts = DSC_TRISTATE_TRUE;
  add_feature (snap, "directoryExtensionsEnabled", TRUE);
  add_feature (snap, "groupWriteBackEnabled", FALSE);
  add_feature (snap, "passwordSyncEnabled", TRUE);
  settings->accidental_deletion_type = g_strdup ("enabledForCount");
  settings->accidental_deletion_threshold = 500;
  settings->sync_interval = 30 * MINUTE;
  settings->customer_sync_interval = 0;
  settings->client_version = g_strdup ("2.6.92.0");
  settings->anchor_attribute = g_strdup ("mS-DS-ConsistencyGuid");
  settings->client_machine_name = g_strdup ("SRV01");
  settings->service_account = g_strdup (SERVICE_ACCOUNT);
  settings->pending_additions = 0;
  settings->pending_updates = 3;
  settings->pending_deletions = 0;
  settings->connector_space_objects = 12000;

  add_domain (snap->domains, "contoso.com", TRUE, "Managed")->is_default = TRUE;
  add_domain (snap->domains, "contoso.onmicrosoft.com", TRUE, "Managed")->is_initial = TRUE;

  add_legacy_account (snap, SERVICE_ACCOUNT, DSC_TRISTATE_TRUE);
  add_service (snap, "OrgLiveID", "Microsoft Entra", "ServiceOperational");
  add_service (snap, "Exchange", "Exchange Online", "serviceInterruption");  /* not identity */
  add_service (snap, "AzureATP", "Microsoft Defender for Identity", "serviceInterruption");

  /* A clean on-premises scan. */
  snap->onprem_scan = dsc_onprem_scan_result_new ();
  snap->onprem_scan->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  snap->onprem_scan->scanned_at = NOW - 3600;
  snap->onprem_scan->objects_read = 120;

  dsc_snapshot_sort (snap);
  return snap;
}

static DscReport *
evaluate_with (DscSnapshot *snap, const DscPolicy *policy, const DscConnectVersions *versions,
               gint64 now)
{
  g_autoptr(DscConnectVersions) default_versions = dsc_connect_versions_get_default ();
  DscPolicy defaults;

  if (policy == NULL)
    {
      dsc_policy_init_defaults (&defaults);
      policy = &defaults;
    }
  return dsc_health_evaluate (snap, policy, versions != NULL ? versions : default_versions, now);
}

static DscReport *
evaluate (DscSnapshot *snap)
{
  return evaluate_with (snap, NULL, NULL, NOW);
}

static const DscFinding *
category_finding_with_prefix (const DscReport *report, DscCategoryId category, const char *prefix)
{
  const DscCategoryReport *cat = dsc_report_get_category (report, category);

  for (guint i = 0; i < cat->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (cat->findings, i);

      if (g_str_has_prefix (finding->id, prefix))
        return finding;
    }
  return NULL;
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack ? haystack : "(null)", needle);
}

/* Healthy */

static void
test_healthy (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = evaluate (snap);

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, (DscTileId) i);

      g_test_message ("tile %s: %s — %s", dsc_tile_to_string (tile->id), tile->value,
                      tile->summary);
      g_assert_cmpint (tile->status, ==, DSC_STATUS_OK);
      g_assert_nonnull (tile->title);
      g_assert_nonnull (tile->value);
      g_assert_nonnull (tile->summary);
      g_assert_null (tile->limited_reason);
    }
  g_assert_cmpint (report->overall, ==, DSC_STATUS_OK);
  g_assert_cmpint (dsc_status_exit_code (report->overall), ==, 0);
  g_assert_cmpuint (dsc_report_count_problems (report), ==, 0);

  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->value, ==, "On");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_LAST_SYNC)->value, ==, "10 minutes ago");
  g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_LAST_SYNC)->timestamp, ==,
                   NOW - 10 * MINUTE);
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_QUOTA)->value, ==, "4 %");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_QUOTA)->summary, ==,
                   "12,345 of 300,000 objects");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION)->summary, ==,
                   "Latest version");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION)->tooltip,
                   "Version data as of 23 Nov 2026");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->value, ==,
                   "Sync_SRV01_1a2b3c4d5e6f");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->value, ==, "None");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_DOMAINS)->value, ==, "2 verified");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->value, ==,
                   "Operational");

  /* The informational panes always explain something. */
  g_assert_nonnull (dsc_report_find (report, "cant-manage/source-of-authority"));
  assert_contains (dsc_report_find (report, "attributes/synchronized")->detail,
                   "directory extensions");
  g_assert_cmpint (dsc_report_find (report, "attributes/synchronized")->severity, ==,
                   DSC_STATUS_INFO);
}

/* Last directory sync */

typedef struct {
  const char *name;
  gint64 age;
  gint64 tenant_interval;    /* 0: tenant value unknown (settings still readable) */
  gboolean settings_denied;
  DscStatus expected;
} SyncAgeCase;

static void
test_last_sync_thresholds (void)
{
  /* Defaults: warning after 2 × interval + 15 min, error from 24 h. */
  static const SyncAgeCase cases[] = {
    { "fresh", 10 * MINUTE, 30 * MINUTE, FALSE, DSC_STATUS_OK },
    { "exactly 2x30m+15m", 75 * MINUTE, 30 * MINUTE, FALSE, DSC_STATUS_OK },
    { "2x30m+15m+1s", 75 * MINUTE + 1, 30 * MINUTE, FALSE, DSC_STATUS_WARNING },
    { "24h-1s", DAY - 1, 30 * MINUTE, FALSE, DSC_STATUS_WARNING },
    { "exactly 24h", DAY, 30 * MINUTE, FALSE, DSC_STATUS_ERROR },
    { "8 days", 8 * DAY, 30 * MINUTE, FALSE, DSC_STATUS_ERROR },
    { "hourly: exactly 2x1h+15m", 135 * MINUTE, HOUR, FALSE, DSC_STATUS_OK },
    { "hourly: +1s", 135 * MINUTE + 1, HOUR, FALSE, DSC_STATUS_WARNING },
    { "interval unknown: default, exactly", 75 * MINUTE, 0, FALSE, DSC_STATUS_OK },
    { "interval unknown: default, +1s", 75 * MINUTE + 1, 0, FALSE, DSC_STATUS_WARNING },
    { "not Global Admin: default, exactly", 75 * MINUTE, HOUR, TRUE, DSC_STATUS_OK },
    { "not Global Admin: default, +1s", 75 * MINUTE + 1, HOUR, TRUE, DSC_STATUS_WARNING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;
      const DscFinding *finding;

      g_test_message ("case %s", cases[i].name);
      snap->last_sync = NOW - cases[i].age;
      snap->settings.sync_interval = cases[i].tenant_interval;
      if (cases[i].settings_denied)
        deny (snap, DSC_SOURCE_SYNC_SETTINGS);
      report = evaluate (snap);
      tile = dsc_report_get_tile (report, DSC_TILE_LAST_SYNC);

      g_assert_cmpint (tile->status, ==, cases[i].expected);
      g_assert_cmpint (tile->category, ==, DSC_CATEGORY_NO_RECENT_SYNC);
      g_assert_cmpint (tile->timestamp, ==, NOW - cases[i].age);
      if (cases[i].tenant_interval == HOUR && !cases[i].settings_denied)
        g_assert_cmpstr (tile->summary, ==, "Entra Connect is set to sync every hour");
      else if (cases[i].tenant_interval == 0 || cases[i].settings_denied)
        g_assert_cmpstr (tile->summary, ==, "Entra Connect normally syncs every 30 minutes");

      finding = dsc_report_find (report, "no-recent-sync/stale");
      if (cases[i].expected == DSC_STATUS_OK)
        g_assert_null (finding);
      else
        {
          g_assert_nonnull (finding);
          g_assert_cmpint (finding->severity, ==, cases[i].expected);
          assert_contains (finding->detail, "No sync for ");
          if (cases[i].settings_denied)
            assert_contains (finding->detail, "your Entra Connect server");
          else
            {
              assert_contains (finding->detail, "running on SRV01.");
              assert_contains (finding->fix_steps[0], "SRV01");
            }
        }
    }
}

static void
test_last_sync_wording (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = NULL;
  const DscFinding *finding;

  snap->last_sync = NOW - 5 * HOUR;
  report = evaluate (snap);
  finding = dsc_report_find (report, "no-recent-sync/stale");
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->title, ==, "No directory sync for 5 hours — last 07:00 UTC");
  g_assert_cmpstr (finding->detail, ==,
                   "No sync for 5 hours. Entra Connect is set to sync every 30 minutes. "
                   "Check that the ADSync service is running on SRV01.");
  g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_LAST_SYNC)->value, ==, "5 hours ago");

  /* More than 7 days: a full sync is needed. */
  g_clear_pointer (&report, dsc_report_unref);
  snap->last_sync = NOW - 8 * DAY;
  report = evaluate (snap);
  assert_contains (dsc_report_find (report, "no-recent-sync/stale")->detail,
                   "-PolicyType Initial");
}

static void
test_last_sync_states (void)
{
  static const struct {
    DscSyncState state;
    gint64 last_sync;
    DscStatus enabled_status;
    const char *enabled_value;
    DscStatus last_status;
    const char *last_value;
  } cases[] = {
    { DSC_SYNC_STATE_ON, 0, DSC_STATUS_OK, "On", DSC_STATUS_ERROR, "Never" },
    { DSC_SYNC_STATE_OFF, NOW - 30 * DAY, DSC_STATUS_ERROR, "Off", DSC_STATUS_ERROR, "No sync" },
    { DSC_SYNC_STATE_NEVER, 0, DSC_STATUS_WARNING, "Not configured", DSC_STATUS_WARNING,
      "No sync" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;

      snap->sync_state = cases[i].state;
      snap->last_sync = cases[i].last_sync;
      report = evaluate (snap);
      g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->status, ==,
                       cases[i].enabled_status);
      g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->value, ==,
                       cases[i].enabled_value);
      g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_LAST_SYNC)->status, ==,
                       cases[i].last_status);
      g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_LAST_SYNC)->value, ==,
                       cases[i].last_value);
    }

  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->sync_state = DSC_SYNC_STATE_OFF;
    report = evaluate (snap);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->summary, ==,
                     "Directory sync was turned off; objects are now managed in the cloud");
    g_assert_cmpint (dsc_report_find (report, "cant-manage/sync-turned-off")->severity, ==,
                     DSC_STATUS_ERROR);
    g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_CANT_MANAGE)->status, ==,
                     DSC_STATUS_ERROR);
  }
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->sync_state = DSC_SYNC_STATE_NEVER;
    report = evaluate (snap);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->summary, ==,
                     "This tenant has never synchronized from on-premises");
    g_assert_nonnull (dsc_report_find (report, "connect-version/not-configured"));
  }
}

/* Password hash sync */

static void
test_password_thresholds (void)
{
  static const struct {
    gint64 age;
    DscStatus expected;
  } cases[] = {
    { 1 * MINUTE, DSC_STATUS_OK },
    { 2 * HOUR, DSC_STATUS_OK },
    { 2 * HOUR + 1, DSC_STATUS_WARNING },
    { DAY, DSC_STATUS_WARNING },
    { DAY + 1, DSC_STATUS_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;

      snap->last_password_sync = NOW - cases[i].age;
      report = evaluate (snap);
      tile = dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC);
      g_test_message ("age %" G_GINT64_FORMAT ": %s", cases[i].age, tile->value);
      g_assert_cmpint (tile->status, ==, cases[i].expected);
      g_assert_cmpint (tile->timestamp, ==, NOW - cases[i].age);
      if (cases[i].expected == DSC_STATUS_OK)
        g_assert_null (dsc_report_find (report, "password-sync/stale"));
      else
        g_assert_cmpint (dsc_report_find (report, "password-sync/stale")->severity, ==,
                         cases[i].expected);
    }
}

static void
test_password_states (void)
{
  /* Turned off: not a problem by itself. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->settings.password_sync_enabled = DSC_TRISTATE_FALSE;
    snap->last_password_sync = NOW - 30 * DAY;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->status, ==,
                     DSC_STATUS_OK);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->value, ==, "Off");
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->summary, ==,
                     "Password hash sync is not enabled");
  }
  /* Directory sync off: nothing to say about passwords beyond the sync tile. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->sync_state = DSC_SYNC_STATE_OFF;
    snap->last_password_sync = NOW - 30 * DAY;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->status, ==,
                     DSC_STATUS_OK);
    g_assert_null (dsc_report_find (report, "password-sync/stale"));
  }
  /* On, never ran. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->last_password_sync = 0;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->status, ==,
                     DSC_STATUS_WARNING);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->value, ==,
                     "No password sync recorded");
  }
  /* Not a Global Administrator: the time still counts, the state is unknown. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;

    deny (snap, DSC_SOURCE_SYNC_SETTINGS);
    snap->last_password_sync = NOW - 3 * HOUR;
    report = evaluate (snap);
    tile = dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC);
    g_assert_cmpint (tile->status, ==, DSC_STATUS_WARNING);
    g_assert_cmpstr (tile->summary, ==,
                     "Password hashes stopped arriving; whether sync is still on is unknown");
    assert_contains (tile->tooltip, "Global Administrator");
  }
  /* Neither readable. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;

    deny (snap, DSC_SOURCE_SYNC_SETTINGS);
    deny (snap, DSC_SOURCE_ORGANIZATION_BETA);
    report = evaluate (snap);
    tile = dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC);
    g_assert_cmpint (tile->status, ==, DSC_STATUS_UNKNOWN);
    assert_contains (tile->limited_reason, "Global Administrator");
    assert_contains (tile->limited_reason, "Organization.Read.All");
    g_assert_cmpint (tile->timestamp, ==, 0);
  }
}

/* Object quota */

static void
test_quota_thresholds (void)
{
  static const struct {
    gint64 used, total;
    DscStatus expected;
    const char *value;
    const char *finding;
  } cases[] = {
    { 7999, 10000, DSC_STATUS_OK, "79 %", NULL },        /* 79.99 % */
    { 799999, 1000000, DSC_STATUS_OK, "79 %", NULL },    /* 79.9999 % */
    { 8000, 10000, DSC_STATUS_WARNING, "80 %", "object-quota/near-limit" },
    { 9499, 10000, DSC_STATUS_WARNING, "94 %", "object-quota/near-limit" },  /* 94.99 % */
    { 9500, 10000, DSC_STATUS_ERROR, "95 %", "object-quota/near-limit" },
    { 10000, 10000, DSC_STATUS_ERROR, "100 %", "object-quota/exceeded" },
    { 50001, 50000, DSC_STATUS_ERROR, "100 %", "object-quota/exceeded" },
    { 12, 300000, DSC_STATUS_OK, "<1 %", NULL },
    { 0, 300000, DSC_STATUS_OK, "0 %", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;

      snap->quota_used = cases[i].used;
      snap->quota_total = cases[i].total;
      report = evaluate (snap);
      tile = dsc_report_get_tile (report, DSC_TILE_QUOTA);
      g_test_message ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT ": %s", cases[i].used,
                      cases[i].total, tile->value);
      g_assert_cmpint (tile->status, ==, cases[i].expected);
      g_assert_cmpstr (tile->value, ==, cases[i].value);
      if (cases[i].finding != NULL)
        g_assert_cmpint (dsc_report_find (report, cases[i].finding)->severity, ==,
                         cases[i].expected);
      else
        g_assert_null (category_finding_with_prefix (report, DSC_CATEGORY_OBJECT_QUOTA, ""));
    }

  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    deny (snap, DSC_SOURCE_ORGANIZATION_BETA);
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_QUOTA)->status, ==,
                     DSC_STATUS_UNKNOWN);
    assert_contains (dsc_report_get_tile (report, DSC_TILE_QUOTA)->limited_reason,
                     "Organization.Read.All");
  }
}

/* Entra Connect version */

typedef struct {
  const char *version;
  gint64 now;
  DscStatus expected;
  const char *summary;       /* exact, or NULL */
  const char *finding;       /* id, or NULL for none */
} VersionCase;

static void
run_version_cases (const VersionCase *cases, guint n, const DscConnectVersions *versions)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;
      const DscTile *tile;

      g_free (snap->settings.client_version);
      snap->settings.client_version = g_strdup (cases[i].version);
      /* The version alone: no recent sync to reconcile it with (that case is
       * /core/health/reconcile/version-and-sync). */
      snap->last_sync = 0;
      report = evaluate_with (snap, NULL, versions, cases[i].now);
      tile = dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION);
      g_test_message ("%s at %" G_GINT64_FORMAT ": %s", cases[i].version, cases[i].now,
                      tile->summary);
      g_assert_cmpint (tile->status, ==, cases[i].expected);
      g_assert_cmpstr (tile->value, ==, cases[i].version);
      assert_contains (tile->tooltip, "Version data as of ");
      if (cases[i].summary != NULL)
        g_assert_cmpstr (tile->summary, ==, cases[i].summary);
      if (cases[i].finding != NULL)
        {
          const DscFinding *finding = dsc_report_find (report, cases[i].finding);

          g_assert_nonnull (finding);
          g_assert_cmpint (finding->severity, ==,
                           cases[i].expected == DSC_STATUS_OK ? DSC_STATUS_INFO
                                                              : cases[i].expected);
        }
      else
        g_assert_null (category_finding_with_prefix (report, DSC_CATEGORY_CONNECT_VERSION,
                                                     "connect-version/"));
    }
}

static void
test_connect_version_default_table (void)
{
  static const VersionCase cases[] = {
    { "1.6.4.0", NOW, DSC_STATUS_ERROR, "Version 1.x no longer syncs",
      "connect-version/unsupported" },
    { "2.4.27.0", NOW, DSC_STATUS_ERROR, "Since 30 Sep 2026 versions below 2.5.79.0 can't sync",
      "connect-version/unsupported" },
    { "2.5.78.9", NOW, DSC_STATUS_ERROR, "Since 30 Sep 2026 versions below 2.5.79.0 can't sync",
      "connect-version/unsupported" },
    /* Exactly at the minimum: allowed, but its own end of support (23 Oct 2026) has passed. */
    { "2.5.79.0", NOW, DSC_STATUS_ERROR, "Retired on 23 Oct 2026", "connect-version/unsupported" },
    { "2.5.79.0", MINIMUM_SINCE, DSC_STATUS_WARNING, "Support ends 23 Oct 2026",
      "connect-version/end-of-support-soon" },
    { "2.6.79.0", NOW, DSC_STATUS_ERROR, "This version was recalled", "connect-version/recalled" },
    { "2.6.92.0", NOW, DSC_STATUS_OK, "Latest version", NULL },
    { "2.6.91.0", NOW, DSC_STATUS_OK, "Supported until 23 Sep 2027 · 2.6.92.0 available",
      "connect-version/update-available" },
    { "2.7.0.0", NOW, DSC_STATUS_OK, "Newer than the version data (as of 23 Nov 2026)", NULL },
    /* Not in the data, between known releases: 12 months after 2.6.84.0 (7 Jul 2026). */
    { "2.6.50.0", NOW, DSC_STATUS_OK,
      "Supported until 7 Jul 2027 (estimated) · 2.6.92.0 available",
      "connect-version/update-available" },
    /* Not in the data and long retired by the estimate. */
    { "2.0.25.1", MINIMUM_SINCE - DAY, DSC_STATUS_ERROR, "Retired on 15 Dec 2022 (estimated)",
      "connect-version/unsupported" },
  };

  g_autoptr(DscConnectVersions) table = dsc_connect_versions_get_default ();

  run_version_cases (cases, G_N_ELEMENTS (cases), table);
}

/* A table where the minimum is the only thing wrong with 2.5.78.9, so the
 * deadline itself is tested to the second. */
static const char *minimum_table_json =
  "{ \"dataAsOf\": \"2026-09-01\","
  "  \"minimum\": { \"version\": \"2.5.79.0\", \"since\": \"2026-09-30\", \"reason\": \"R.\" },"
  "  \"releases\": ["
  "    { \"version\": \"2.6.0.0\", \"released\": \"2026-06-01\", \"endOfSupport\": null },"
  "    { \"version\": \"2.5.79.0\", \"released\": \"2026-01-01\","
  "      \"endOfSupport\": \"2027-06-01\" },"
  "    { \"version\": \"2.5.50.0\", \"released\": \"2025-06-01\","
  "      \"endOfSupport\": \"2026-12-29\" }"
  "  ] }";

static void
test_connect_version_minimum_deadline (void)
{
  static const VersionCase cases[] = {
    { "2.5.78.9", MINIMUM_SINCE - 1, DSC_STATUS_WARNING,
      "Stops syncing on 30 Sep 2026: upgrade to 2.5.79.0 or later",
      "connect-version/below-minimum" },
    { "2.5.78.9", MINIMUM_SINCE, DSC_STATUS_ERROR,
      "Since 30 Sep 2026 versions below 2.5.79.0 can't sync", "connect-version/unsupported" },
    { "2.5.79.0", MINIMUM_SINCE - 1, DSC_STATUS_OK,
      "Supported until 1 Jun 2027 · 2.6.0.0 available", "connect-version/update-available" },
    { "2.5.79.0", MINIMUM_SINCE, DSC_STATUS_OK,
      "Supported until 1 Jun 2027 · 2.6.0.0 available", "connect-version/update-available" },
    { "2.6.0.0", MINIMUM_SINCE, DSC_STATUS_OK, "Latest version", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnectVersions) table = dsc_connect_versions_parse (minimum_table_json, -1, &error);

  g_assert_no_error (error);
  run_version_cases (cases, G_N_ELEMENTS (cases), table);
}

static const char *eos_table_json =
  "{ \"dataAsOf\": \"2026-09-01\","
  "  \"releases\": ["
  "    { \"version\": \"2.6.0.0\", \"released\": \"2026-06-01\", \"endOfSupport\": null },"
  "    { \"version\": \"2.5.50.0\", \"released\": \"2025-06-01\","
  "      \"endOfSupport\": \"2026-12-29\" }"
  "  ] }";

static void
test_connect_version_eos_window (void)
{
  /* 2026-12-29T00:00:00Z − 90 days = 2026-09-30T00:00:00Z. */
  static const VersionCase cases[] = {
    { "2.5.50.0", MINIMUM_SINCE - 1, DSC_STATUS_OK,
      "Supported until 29 Dec 2026 · 2.6.0.0 available", "connect-version/update-available" },
    { "2.5.50.0", MINIMUM_SINCE, DSC_STATUS_WARNING, "Support ends 29 Dec 2026",
      "connect-version/end-of-support-soon" },
    { "2.5.50.0", MINIMUM_SINCE + 90 * DAY - 1, DSC_STATUS_WARNING, "Support ends 29 Dec 2026",
      "connect-version/end-of-support-soon" },
    { "2.5.50.0", MINIMUM_SINCE + 90 * DAY, DSC_STATUS_ERROR, "Retired on 29 Dec 2026",
      "connect-version/unsupported" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DscConnectVersions) table = dsc_connect_versions_parse (eos_table_json, -1, &error);

  g_assert_no_error (error);
  run_version_cases (cases, G_N_ELEMENTS (cases), table);
}

static void
test_connect_version_unreadable (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = NULL;
  const DscTile *tile;

  deny (snap, DSC_SOURCE_SYNC_SETTINGS);
  report = evaluate (snap);
  tile = dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION);
  g_assert_cmpint (tile->status, ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpstr (tile->summary, ==, "Needs Global Administrator");
  g_assert_cmpstr (tile->limited_reason, ==,
                   "Only a Global Administrator can read sync settings "
                   "(OnPremDirectorySynchronization.Read.All).");
  assert_contains (tile->tooltip, "Version data as of 23 Nov 2026");

  /* Garbage from Graph is unknown, not a crash or a verdict. */
  {
    g_autoptr(DscSnapshot) snap2 = healthy_snapshot ();
    g_autoptr(DscReport) report2 = NULL;

    g_free (snap2->settings.client_version);
    snap2->settings.client_version = g_strdup ("not-a-version");
    report2 = evaluate (snap2);
    g_assert_cmpint (dsc_report_get_tile (report2, DSC_TILE_CONNECT_VERSION)->status, ==,
                     DSC_STATUS_UNKNOWN);
    g_assert_nonnull (dsc_report_get_tile (report2, DSC_TILE_CONNECT_VERSION)->limited_reason);
  }
}

/* Sync errors */

static DscSnapshot *
conflict_snapshot (void)
{
  DscSnapshot *snap = healthy_snapshot ();
  DscDirectoryObject *adele, *sales, *bob, *sales_group;
  g_autoptr(DscDirectoryObject) old_contact = NULL;
  g_autoptr(DscDirectoryObject) cloud_bob = NULL;

  adele = add_object (snap, DSC_OBJECT_USER, "u-adele", "Adele Vance", DSC_TRISTATE_TRUE);
  adele->user_principal_name = g_strdup ("adele@contoso.com");
  dsc_directory_object_add_error (adele, "PropertyConflict", "ProxyAddress",
                                  "smtp:sales@contoso.com", NOW - 9 * DAY);
  /* The same conflict reported twice on one object counts once. */
  dsc_directory_object_add_error (adele, "PropertyConflict", "ProxyAddress",
                                  "SMTP:Sales@Contoso.com", NOW - 9 * DAY);

  sales_group = add_object (snap, DSC_OBJECT_GROUP, "g-sales", "Sales Team", DSC_TRISTATE_TRUE);
  dsc_directory_object_add_error (sales_group, "PropertyConflict", "proxyaddress",
                                  "Sales@contoso.com", NOW - 2 * DAY);

  bob = add_object (snap, DSC_OBJECT_USER, "u-bob", "Bob Kelly", DSC_TRISTATE_TRUE);
  dsc_directory_object_add_error (bob, "PropertyConflict", "UserPrincipalName", "bob@contoso.com",
                                  NOW - DAY);

  sales = add_object (snap, DSC_OBJECT_CONTACT, "c-sales", "Sales (partner)", DSC_TRISTATE_TRUE);
  dsc_directory_object_add_error (sales, "PropertyConflict", "ProxyAddress",
                                  "smtp:partners@contoso.com", NOW - DAY);

  old_contact = new_holder_object (DSC_OBJECT_CONTACT, "c-old", "Sales (old)", DSC_TRISTATE_TRUE);
  g_ptr_array_add (snap->holders,
                   dsc_value_holder_new ("ProxyAddress", "SMTP:sales@contoso.com", old_contact));
  /* A holder that is also in error in the same group is not listed twice. */
  g_ptr_array_add (snap->holders,
                   dsc_value_holder_new ("ProxyAddress", "sales@contoso.com", adele));
  cloud_bob = new_holder_object (DSC_OBJECT_USER, "u-bob-cloud", "Bob Kelly (cloud)",
                                 DSC_TRISTATE_FALSE);
  g_ptr_array_add (snap->holders,
                   dsc_value_holder_new ("UserPrincipalName", "BOB@contoso.com", cloud_bob));
  /* A holder of a value nobody is in error for is ignored. */
  g_ptr_array_add (snap->holders,
                   dsc_value_holder_new ("UserPrincipalName", "carol@contoso.com", cloud_bob));

  dsc_snapshot_sort (snap);
  return snap;
}

static const DscAffectedObject *
affected_by_id (const DscFinding *finding, const char *id)
{
  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *affected = g_ptr_array_index (finding->objects, i);

      if (g_strcmp0 (affected->object->id, id) == 0)
        return affected;
    }
  return NULL;
}

static void
test_sync_errors_grouping (void)
{
  g_autoptr(DscSnapshot) snap = conflict_snapshot ();
  g_autoptr(DscReport) report = evaluate (snap);
  const DscTile *tile = dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS);
  const DscCategoryReport *cat = dsc_report_get_category (report, DSC_CATEGORY_OBJECT_ERRORS);
  const DscFinding *proxy, *upn, *partners;
  const DscAffectedObject *affected;

  g_assert_cmpint (tile->status, ==, DSC_STATUS_ERROR);
  g_assert_cmpstr (tile->value, ==, "4 objects in error");
  g_assert_cmpstr (tile->summary, ==, "3 with a duplicate proxy address · 1 with a duplicate UPN");
  g_assert_cmpuint (cat->findings->len, ==, 3);

  proxy = dsc_report_find (report, "object-errors/ProxyAddress/smtp:sales@contoso.com");
  g_assert_nonnull (proxy);
  g_assert_cmpint (proxy->severity, ==, DSC_STATUS_ERROR);
  g_assert_cmpuint (proxy->objects->len, ==, 3);
  /* Display keeps the original spelling of the first error seen. */
  g_assert_cmpstr (proxy->title, ==, "smtp:sales@contoso.com is claimed by 3 objects");
  assert_contains (proxy->detail, "Adele Vance (user, synced, quarantined)");
  assert_contains (proxy->detail, "Sales (old) (contact, synced)");
  /* Synced on both sides: fixed in Active Directory; a contact beside a
   * mailbox is most likely a leftover. */
  g_assert_nonnull (proxy->diagnosis);
  g_assert_cmpstr (proxy->diagnosis->id, ==, "edit-on-premises");
  g_assert_cmpstr (proxy->diagnosis->label, ==, "Edit in Active Directory");
  assert_contains (proxy->detail, "synced from Active Directory, so fix it there");
  assert_contains (proxy->detail, "deleting the contact is often the fix");
  g_assert_cmpstr (dsc_affected_object_role_label (affected_by_id (proxy, "u-adele")), ==,
                   "Quarantined");
  g_assert_cmpstr (dsc_affected_object_role_label (affected_by_id (proxy, "c-old")), ==,
                   "Current holder");
  affected = affected_by_id (proxy, "u-adele");
  g_assert_true (affected->in_error);
  g_assert_cmpint (affected->since, ==, NOW - 9 * DAY);
  g_assert_cmpstr (affected->attribute, ==, "ProxyAddress");
  affected = affected_by_id (proxy, "g-sales");
  g_assert_true (affected->in_error);
  g_assert_cmpstr (affected->value, ==, "Sales@contoso.com");
  affected = affected_by_id (proxy, "c-old");
  g_assert_false (affected->in_error);
  g_assert_cmpint (affected->since, ==, 0);

  upn = dsc_report_find (report, "object-errors/UserPrincipalName/bob@contoso.com");
  g_assert_nonnull (upn);
  g_assert_cmpuint (upn->objects->len, ==, 2);
  g_assert_cmpstr (upn->title, ==, "bob@contoso.com is claimed by 2 objects");
  assert_contains (upn->detail, "Bob Kelly (cloud) (user, cloud-only)");
  g_assert_cmpstr (upn->diagnosis->id, ==, "cloud-user-holder");
  assert_contains (upn->detail, "Bob Kelly (cloud) is a cloud-only user, so change it in Entra");
  g_assert_false (affected_by_id (upn, "u-bob-cloud")->in_error);

  partners = dsc_report_find (report, "object-errors/ProxyAddress/smtp:partners@contoso.com");
  g_assert_nonnull (partners);
  g_assert_cmpuint (partners->objects->len, ==, 1);
  g_assert_cmpstr (partners->title, ==,
                   "smtp:partners@contoso.com is already used by another object");
  g_assert_cmpstr (partners->diagnosis->id, ==, "holder-not-found");
  assert_contains (partners->detail, "Deleted users");

  /* The summary, in conflicting values, is also the pane's "Current state". */
  g_assert_nonnull (report->conflict_summary);
  g_assert_cmpuint (report->conflict_summary->n_values, ==, 3);
  g_assert_cmpuint (report->conflict_summary->by_attribute->len, ==, 2);
  g_assert_cmpstr (g_array_index (report->conflict_summary->by_attribute, DscSummaryCount,
                                  0).key, ==, "ProxyAddress");
  g_assert_cmpuint (g_array_index (report->conflict_summary->by_attribute, DscSummaryCount,
                                   0).count, ==, 2);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < cat->facts->len; i++)
      found = found || g_strcmp0 (g_ptr_array_index (cat->facts, i),
                                  "By attribute: 2 proxy addresses · 1 UPN") == 0;
    g_assert_true (found);
  }

  /* The source-of-authority pane counts every synced object involved. */
  assert_contains (dsc_report_find (report, "cant-manage/source-of-authority")->detail,
                   "5 of the 6 objects involved in sync errors are synced");
}

/* The labels and advice are translated once per evaluation: an evaluation
 * after a change of language speaks the new one, and back. */
static void
test_sync_errors_language_switch (void)
{
  static const char contact[] =
    "A contact with the same address as a mailbox or group is usually left over from before "
    "the mailbox existed: deleting the contact is often the fix.";
  const char *localedir = g_getenv ("DSC_LOCALEDIR");
  g_autoptr(DscSnapshot) snap = conflict_snapshot ();
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *german_label = NULL;
  g_autofree char *german_contact = NULL;
  const char *id = "object-errors/ProxyAddress/smtp:sales@contoso.com";

  if (localedir == NULL)
    {
      g_test_skip ("DSC_LOCALEDIR is not set");
      return;
    }
#ifdef G_OS_WIN32
  /* gettext on Windows follows the thread's Windows locale (or LANGUAGE),
   * not setlocale () with a glibc locale from the build tree. */
  g_test_skip ("switching to the build tree's de_DE.UTF-8 locale works with glibc only");
  return;
#endif
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As the program does (ngettext () reads the default domain). */
  textdomain (GETTEXT_PACKAGE);
  /* The German locale is compiled into the build tree (po/de_DE.UTF-8). */
  g_setenv ("LOCPATH", localedir, TRUE);
  g_unsetenv ("LANGUAGE");

  for (guint round = 0; round < 3; round++)
    {
      gboolean german = round == 1;
      g_autoptr(DscReport) report = NULL;
      const DscFinding *finding;

      if (setlocale (LC_ALL, german ? "de_DE.UTF-8" : "C") == NULL)
        {
          g_test_skip ("no German locale in the build tree");
          break;
        }
      if (german)
        {
          german_label = g_strdup (g_dgettext (GETTEXT_PACKAGE, "Edit in Active Directory"));
          german_contact = g_strdup (g_dgettext (GETTEXT_PACKAGE, contact));
          g_assert_cmpstr (german_label, !=, "Edit in Active Directory");
          g_assert_cmpstr (german_contact, !=, contact);
        }
      report = evaluate (snap);
      finding = dsc_report_find (report, id);
      g_assert_nonnull (finding);
      g_assert_nonnull (finding->diagnosis);
      g_assert_cmpstr (finding->diagnosis->label, ==,
                       german ? german_label : "Edit in Active Directory");
      assert_contains (finding->detail, german ? german_contact : contact);
      assert_contains (finding->diagnosis->text, german ? german_contact : contact);
      /* The title's plural, with the count written into the translation. */
      {
        g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s is claimed by %u object",
                                                               "%s is claimed by %u objects", 3),
                                                  "smtp:sales@contoso.com", 3);

        if (german)
          g_assert_cmpstr (title, !=, "smtp:sales@contoso.com is claimed by 3 objects");
        g_assert_cmpstr (finding->title, ==, title);
      }
    }
  setlocale (LC_ALL, old_locale);
  g_unsetenv ("LOCPATH");
}

static void
test_sync_errors_policy (void)
{
  g_autoptr(DscSnapshot) snap = conflict_snapshot ();
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  policy.sync_errors_warning = 2;
  policy.sync_errors_error = 5;
  {
    g_autoptr(DscReport) report = evaluate_with (snap, &policy, NULL, NOW);

    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->status, ==,
                     DSC_STATUS_WARNING);
    g_assert_cmpint (dsc_report_find (report,
                                      "object-errors/ProxyAddress/smtp:sales@contoso.com")
                     ->severity, ==, DSC_STATUS_WARNING);
    g_assert_cmpint (dsc_report_find (report, "object-errors/UserPrincipalName/bob@contoso.com")
                     ->severity, ==, DSC_STATUS_INFO);
  }
  policy.sync_errors_warning = 5;
  policy.sync_errors_error = 6;
  {
    g_autoptr(DscReport) report = evaluate_with (snap, &policy, NULL, NOW);

    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->status, ==,
                     DSC_STATUS_OK);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->value, ==, "4 objects in error");
  }
  policy.sync_errors_warning = 1;
  policy.sync_errors_error = 4;
  {
    g_autoptr(DscReport) report = evaluate_with (snap, &policy, NULL, NOW);

    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->status, ==,
                     DSC_STATUS_ERROR);
  }
}

static void
test_sync_errors_sources (void)
{
  /* Nothing found, one list unreadable: can't say "None". */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;

    deny (snap, DSC_SOURCE_GROUP_ERRORS);
    report = evaluate (snap);
    tile = dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS);
    g_assert_cmpint (tile->status, ==, DSC_STATUS_UNKNOWN);
    assert_contains (tile->limited_reason, "GroupMember.Read.All");
  }
  /* Errors found in the lists that could be read are still shown. */
  {
    g_autoptr(DscSnapshot) snap = conflict_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;

    dsc_snapshot_set_source (snap, DSC_SOURCE_CONTACT_ERRORS, DSC_SOURCE_STATE_FAILED, NULL,
                             "The server sent an incomplete answer.", NULL);
    report = evaluate (snap);
    tile = dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS);
    g_assert_cmpint (tile->status, ==, DSC_STATUS_ERROR);
    assert_contains (tile->summary, "could not read: Contacts with sync errors");
    assert_contains (tile->tooltip, "incomplete answer");
  }
}

/* Everything hidden */

static void
test_unreadable_sources (void)
{
  g_autoptr(DscSnapshot) snap = dsc_snapshot_new ();
  g_autoptr(DscReport) report = NULL;

  set_all_sources (snap, DSC_SOURCE_STATE_DENIED);
  report = evaluate (snap);

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, (DscTileId) i);

      g_test_message ("tile %s: %s", dsc_tile_to_string (tile->id), tile->limited_reason);
      g_assert_cmpint (tile->status, ==, DSC_STATUS_UNKNOWN);
      g_assert_nonnull (tile->limited_reason);
      g_assert_nonnull (tile->value);
      g_assert_nonnull (tile->summary);
    }
  assert_contains (dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION)->limited_reason,
                   "Global Administrator");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->limited_reason,
                   "Global Administrator");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->limited_reason,
                   "ServiceHealth.Read.All");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->limited_reason,
                   "RoleManagement.Read.Directory");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_DOMAINS)->limited_reason,
                   "Domain.Read.All");
  assert_contains (dsc_report_get_tile (report, DSC_TILE_SYNC_ENABLED)->limited_reason,
                   "Organization.Read.All");
  g_assert_cmpint (report->overall, ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpint (dsc_status_exit_code (report->overall), ==, 3);
  assert_contains (dsc_report_find (report, "sync-safeguards/unreadable")->detail,
                   "Global Administrator");
}

/* Sync identity */

static void
test_sync_identity (void)
{
  /* None while sync is on. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    g_ptr_array_set_size (snap->identities, 0);
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_WARNING);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->summary, ==,
                     "No sync identity found");
    g_assert_nonnull (dsc_report_find (report, "sync-identity/none"));
  }
  /* The role was never activated (404) and there is an app: fine. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    g_ptr_array_set_size (snap->identities, 0);
    dsc_snapshot_set_source (snap, DSC_SOURCE_SYNC_ACCOUNTS, DSC_SOURCE_STATE_UNAVAILABLE,
                             "Request_ResourceNotFound", NULL, NULL);
    g_clear_pointer (&snap->settings.service_account, g_free);
    add_app (snap, "ConnectSyncProvisioning_SRV01_1a2b3c");
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_OK);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->value, ==,
                     "ConnectSyncProvisioning_SRV01_1a2b3c");
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->summary, ==,
                     "Application identity (certificate)");
  }
  /* App in use, legacy accounts left over. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    g_free (snap->settings.service_account);
    snap->settings.service_account =
      g_strdup ("0d2a8b5e-1111-2222-3333-444455556666@contoso.onmicrosoft.com");
    add_app (snap, "ConnectSyncProvisioning_SRV01_1a2b3c");
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_OK);
    g_assert_cmpint (dsc_report_find (report, "sync-identity/leftover-accounts")->severity, ==,
                     DSC_STATUS_INFO);
    assert_contains (dsc_report_find (report, "sync-identity/leftover-accounts")->detail,
                     "can be removed after migration");
  }
  /* Two legacy accounts, no app. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    add_legacy_account (snap, "Sync_SRV02_99aa88bb77cc@contoso.onmicrosoft.com",
                        DSC_TRISTATE_TRUE);
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_WARNING);
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->value, ==,
                     "Sync_SRV01_1a2b3c4d5e6f");
    assert_contains (dsc_report_find (report, "sync-identity/multiple-accounts")->detail,
                     "staging");
  }
  /* The account in use is disabled. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    DscSyncIdentity *identity = g_ptr_array_index (snap->identities, 0);

    identity->account_enabled = DSC_TRISTATE_FALSE;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_ERROR);
    g_assert_nonnull (category_finding_with_prefix (report, DSC_CATEGORY_SYNC_IDENTITY,
                                                    "sync-identity/account-disabled/"));
  }
  /* Neither list readable. */
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    deny (snap, DSC_SOURCE_SYNC_ACCOUNTS);
    deny (snap, DSC_SOURCE_SYNC_APPS);
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->status, ==,
                     DSC_STATUS_UNKNOWN);
    assert_contains (dsc_report_get_tile (report, DSC_TILE_SYNC_IDENTITY)->limited_reason,
                     "Application.Read.All");
  }
}

/* Domains */

static void
test_domains (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = NULL;
  const DscTile *tile;

  add_domain (snap->domains, "fabrikam.com", FALSE, "Managed");
  add_domain (snap->domains, "contoso.local", FALSE, "Managed");
  add_domain (snap->domains, "sso.contoso.com", TRUE, "Federated");
  report = evaluate (snap);
  tile = dsc_report_get_tile (report, DSC_TILE_DOMAINS);
  g_assert_cmpint (tile->status, ==, DSC_STATUS_WARNING);
  g_assert_cmpstr (tile->value, ==, "3 verified · 2 unverified");
  assert_contains (dsc_report_find (report, "domains/unverified/fabrikam.com")->detail,
                   "UPN suffix fabrikam.com can't be used by synced users until verified");
  g_assert_cmpint (dsc_report_find (report, "domains/non-routable/contoso.local")->severity, ==,
                   DSC_STATUS_WARNING);
  g_assert_null (dsc_report_find (report, "domains/unverified/contoso.local"));
  g_assert_cmpint (dsc_report_find (report, "domains/federated/sso.contoso.com")->severity, ==,
                   DSC_STATUS_INFO);

  /* Without Domain.Read.All the verified list from the organization is used. */
  {
    g_autoptr(DscSnapshot) snap2 = healthy_snapshot ();
    g_autoptr(DscReport) report2 = NULL;

    deny (snap2, DSC_SOURCE_DOMAINS);
    report2 = evaluate (snap2);
    g_assert_cmpint (dsc_report_get_tile (report2, DSC_TILE_DOMAINS)->status, ==, DSC_STATUS_OK);
    g_assert_cmpstr (dsc_report_get_tile (report2, DSC_TILE_DOMAINS)->value, ==, "2 verified");
    g_assert_cmpstr (dsc_report_get_tile (report2, DSC_TILE_DOMAINS)->summary, ==,
                     "Only verified domains could be read");
  }
}

/* Service health */

static void
test_service_health (void)
{
  static const struct {
    const char *status;
    DscStatus expected;
  } cases[] = {
    { "ServiceOperational", DSC_STATUS_OK },
    { "serviceRestored", DSC_STATUS_OK },
    { "FALSEPOSITIVE", DSC_STATUS_OK },
    { "investigating", DSC_STATUS_WARNING },
    { "ServiceDegradation", DSC_STATUS_WARNING },
    { "extendedRecovery", DSC_STATUS_WARNING },
    { "serviceInterruption", DSC_STATUS_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;
      DscServiceHealth *service = g_ptr_array_index (snap->services, 0);

      g_free (service->status);
      service->status = g_strdup (cases[i].status);
      report = evaluate (snap);
      g_test_message ("%s", cases[i].status);
      g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->status, ==,
                       cases[i].expected);
    }

  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    DscServiceHealth *service = g_ptr_array_index (snap->services, 0);
    DscHealthIssue *issue = dsc_health_issue_new ();
    const DscFinding *finding;

    g_free (service->status);
    service->status = g_strdup ("serviceDegradation");
    issue->id = g_strdup ("EX123456");
    issue->title = g_strdup ("Delays in directory synchronization");
    issue->classification = g_strdup ("incident");
    issue->status = g_strdup ("serviceDegradation");
    issue->impact_description = g_strdup ("Changes from on-premises may be delayed.");
    issue->start = NOW - 3 * HOUR;
    g_ptr_array_add (service->issues, issue);
    report = evaluate (snap);
    finding = dsc_report_find (report, "service-health/EX123456");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, DSC_STATUS_WARNING);
    g_assert_cmpstr (finding->title, ==, "Delays in directory synchronization");
    assert_contains (finding->detail, "Changes from on-premises may be delayed.");
    assert_contains (finding->detail, "23 Nov 2026, 09:00 UTC");
    g_assert_cmpstr (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->summary, ==,
                     "1 open incident or advisory");
  }
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    deny (snap, DSC_SOURCE_SERVICE_HEALTH);
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->status, ==,
                     DSC_STATUS_UNKNOWN);
    assert_contains (dsc_report_get_tile (report, DSC_TILE_SERVICE_HEALTH)->limited_reason,
                     "admin role");
  }
}

/* Safeguards */

static void
test_safeguards (void)
{
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    g_free (snap->settings.accidental_deletion_type);
    snap->settings.accidental_deletion_type = g_strdup ("disabled");
    snap->settings.block_hard_match_takeover = DSC_TRISTATE_FALSE;
    snap->settings.block_soft_match = DSC_TRISTATE_FALSE;
    snap->settings.quarantine_upn_conflicts = DSC_TRISTATE_FALSE;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_find (report, "sync-safeguards/accidental-delete-off")->severity,
                     ==, DSC_STATUS_WARNING);
    g_assert_cmpint (dsc_report_find (report,
                                      "sync-safeguards/hard-match-takeover-allowed")->severity,
                     ==, DSC_STATUS_WARNING);
    g_assert_cmpint (dsc_report_find (report, "sync-safeguards/soft-match-allowed")->severity,
                     ==, DSC_STATUS_INFO);
    g_assert_cmpint (dsc_report_find (report, "sync-safeguards/quarantine-off")->severity,
                     ==, DSC_STATUS_INFO);
    g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_SYNC_SAFEGUARDS)->status, ==,
                     DSC_STATUS_WARNING);
  }
  {
    static const struct {
      gint64 pending;
      gboolean expected;
    } cases[] = { { 499, FALSE }, { 500, TRUE }, { 1200, TRUE } };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(DscSnapshot) snap = healthy_snapshot ();
        g_autoptr(DscReport) report = NULL;
        const DscFinding *finding;

        snap->settings.pending_deletions = cases[i].pending;
        report = evaluate (snap);
        finding = dsc_report_find (report, "sync-safeguards/pending-deletions");
        g_assert_cmpint (finding != NULL, ==, cases[i].expected);
        if (cases[i].pending == 1200)
          g_assert_cmpstr (finding->title, ==, "Export may stop: 1,200 deletions pending");
      }
  }
}

/* Overall verdict and exit codes */

static void
test_overall_exit_code (void)
{
  static const struct {
    const char *name;
    DscStatus overall;
    int exit_code;
  } cases[] = {
    { "healthy", DSC_STATUS_OK, 0 },
    { "stale sync", DSC_STATUS_WARNING, 1 },
    { "quota exceeded", DSC_STATUS_ERROR, 2 },
    { "service health hidden", DSC_STATUS_UNKNOWN, 3 },
    { "hidden and stale", DSC_STATUS_WARNING, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscSnapshot) snap = healthy_snapshot ();
      g_autoptr(DscReport) report = NULL;

      if (i == 1 || i == 4)
        snap->last_sync = NOW - 3 * HOUR;
      if (i == 2)
        snap->quota_used = snap->quota_total;
      if (i == 3 || i == 4)
        deny (snap, DSC_SOURCE_SERVICE_HEALTH);
      report = evaluate (snap);
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (report->overall, ==, cases[i].overall);
      g_assert_cmpint (dsc_status_exit_code (report->overall), ==, cases[i].exit_code);
    }
}

/* Pure: same inputs, same report, byte for byte. */
static void
test_deterministic (void)
{
  g_autoptr(DscSnapshot) snap = conflict_snapshot ();
  g_autoptr(DscReport) a = evaluate (snap);
  g_autoptr(DscReport) b = evaluate (snap);
  g_autoptr(JsonNode) ja = dsc_report_to_json (a);
  g_autoptr(JsonNode) jb = dsc_report_to_json (b);
  g_autofree char *sa = json_to_string (ja, FALSE);
  g_autofree char *sb = json_to_string (jb, FALSE);

  g_assert_cmpstr (sa, ==, sb);
}

/* Async */

static void
on_evaluated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DscReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dsc_health_evaluate_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(DscSnapshot) snap = conflict_snapshot ();
  g_autoptr(DscReport) sync_report = evaluate (snap);
  g_autoptr(DscReport) async_report = NULL;
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  dsc_health_evaluate_async (snap, &policy, NULL, NOW, NULL, on_evaluated, &async_report);
  /* The policy was copied: changing ours now must not matter. */
  policy.sync_errors_error = 1000;
  while (async_report == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (async_report->snapshot == snap);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      g_assert_cmpint (async_report->tiles[i].status, ==, sync_report->tiles[i].status);
      g_assert_cmpstr (async_report->tiles[i].value, ==, sync_report->tiles[i].value);
    }
  g_assert_cmpint (async_report->overall, ==, sync_report->overall);
}

static void
on_cancelled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  DscReport *report = dsc_health_evaluate_finish (result, &error);

  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_async_cancelled (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  g_cancellable_cancel (cancellable);
  dsc_health_evaluate_async (snap, NULL, NULL, NOW, cancellable, on_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Catalogue and policy */

static void
test_category_catalogue (void)
{
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryInfo *info = dsc_category_get_info ((DscCategoryId) i);
      g_auto(GStrv) steps = dsc_category_dup_fix_steps ((DscCategoryId) i);
      guint n_links = 0;
      gboolean has_article = FALSE, has_support = FALSE;

      g_assert_cmpint (info->id, ==, i);
      g_assert_nonnull (dsc_category_get_title (info->id));
      g_assert_nonnull (dsc_category_get_summary (info->id));
      g_assert_nonnull (dsc_category_get_explanation (info->id));
      g_assert_nonnull (dsc_category_get_why (info->id));
      g_assert_nonnull (dsc_category_get_permission (info->id));
      g_assert_cmpuint (g_strv_length (steps), >=, 2);
      for (const DscLink *link = info->links; link->label != NULL; link++)
        {
          n_links++;
          g_assert_true (g_str_has_prefix (link->uri, "https://"));
          g_assert_nonnull (dsc_link_get_label (link));
          if (g_strcmp0 (link->uri, DSC_URI_FIX_DIRSYNC_ARTICLE) == 0)
            has_article = TRUE;
          if (g_strcmp0 (link->uri, DSC_URI_CONTACT_SUPPORT) == 0)
            has_support = TRUE;
        }
      g_assert_cmpuint (n_links, >=, 3);
      g_assert_true (has_article);
      g_assert_true (has_support);
      /* …and ends with them. */
      g_assert_cmpstr (info->links[n_links - 1].uri, ==, DSC_URI_CONTACT_SUPPORT);
      g_assert_cmpstr (info->links[n_links - 2].uri, ==, DSC_URI_FIX_DIRSYNC_ARTICLE);
    }
  g_assert_true (dsc_category_get_info (DSC_CATEGORY_ATTRIBUTES)->informational);
  g_assert_cmpstr (dsc_category_get_info (DSC_CATEGORY_CONNECT_VERSION)->links[0].uri, ==,
                   DSC_URI_ENTRA_CONNECT_DOWNLOAD);
  assert_contains (dsc_category_get_permission (DSC_CATEGORY_CONNECT_VERSION),
                   "Global Administrator (OnPremDirectorySynchronization.Read.All)");
}

static gboolean
policy_equal (const DscPolicy *a, const DscPolicy *b)
{
  return a->sync_interval_default == b->sync_interval_default
         && a->sync_grace == b->sync_grace
         && a->sync_error_after == b->sync_error_after
         && a->password_warning_after == b->password_warning_after
         && a->password_error_after == b->password_error_after
         && a->quota_warning == b->quota_warning
         && a->quota_error == b->quota_error
         && a->sync_errors_warning == b->sync_errors_warning
         && a->sync_errors_error == b->sync_errors_error
         && a->connect_eos_warning_days == b->connect_eos_warning_days;
}

static void
test_policy_set (void)
{
  static const struct {
    const char *key, *value;
    gboolean ok;
  } cases[] = {
    { "sync-grace-minutes", "20", TRUE },
    { "sync-error-hours", "12", TRUE },
    { "password-warning-hours", "1.5", TRUE },
    { "password-error-hours", " 48 ", TRUE },
    { "quota-warning-percent", "75", TRUE },
    { "quota-error-percent", "90", TRUE },
    { "sync-errors-warning", "3", TRUE },
    { "sync-errors-error", "10", TRUE },
    { "connect-eos-warning-days", "60", TRUE },
    { "no-such-key", "1", FALSE },
    { NULL, "1", FALSE },
    { "sync-error-hours", "", FALSE },
    { "sync-error-hours", "twelve", FALSE },
    { "sync-error-hours", "12h", FALSE },
    { "sync-error-hours", "0x10", FALSE },
    { "sync-error-hours", "nan", FALSE },
    { "sync-error-hours", "0", FALSE },            /* out of range */
    { "sync-error-hours", "169", FALSE },
    { "quota-warning-percent", "101", FALSE },
    { "sync-errors-warning", "1.5", FALSE },       /* whole numbers only */
    { "sync-errors-warning", "-1", FALSE },
    { "sync-errors-warning", "0", FALSE },
    { "connect-eos-warning-days", "3651", FALSE },
  };
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  g_assert_cmpint (policy.sync_interval_default, ==, 30 * MINUTE);
  g_assert_cmpint (policy.sync_grace, ==, 15 * MINUTE);
  g_assert_cmpint (policy.sync_error_after, ==, DAY);
  g_assert_cmpint (policy.password_warning_after, ==, 2 * HOUR);
  g_assert_cmpint (policy.password_error_after, ==, DAY);
  g_assert_cmpfloat (policy.quota_warning, ==, 0.80);
  g_assert_cmpfloat (policy.quota_error, ==, 0.95);
  g_assert_cmpuint (policy.sync_errors_warning, ==, 1);
  g_assert_cmpuint (policy.sync_errors_error, ==, 1);
  g_assert_cmpint (policy.connect_eos_warning_days, ==, 90);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      DscPolicy before = policy;

      g_test_message ("%s=%s", cases[i].key, cases[i].value);
      g_assert_cmpint (dsc_policy_set (&policy, cases[i].key, cases[i].value, &error), ==,
                       cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_true (policy_equal (&before, &policy));
        }
    }

  g_assert_cmpint (policy.sync_grace, ==, 20 * MINUTE);
  g_assert_cmpint (policy.sync_error_after, ==, 12 * HOUR);
  g_assert_cmpint (policy.password_warning_after, ==, 90 * MINUTE);
  g_assert_cmpint (policy.password_error_after, ==, 48 * HOUR);
  g_assert_cmpfloat (policy.quota_warning, ==, 0.75);
  g_assert_cmpfloat (policy.quota_error, ==, 0.90);
  g_assert_cmpuint (policy.sync_errors_warning, ==, 3);
  g_assert_cmpuint (policy.sync_errors_error, ==, 10);
  g_assert_cmpint (policy.connect_eos_warning_days, ==, 60);

  {
    g_autoptr(GError) error = NULL;

    dsc_policy_set (&policy, "quota-warning-percent", "500", &error);
    assert_contains (error->message, "between 1 and 100");
    g_clear_error (&error);
    dsc_policy_set (&policy, "sync-grace", "5", &error);
    assert_contains (error->message, "sync-grace-minutes");
  }
}

/* A policy override from a percent reaches the rule at the exact boundary. */
static void
test_policy_quota_boundary (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(GError) error = NULL;
  DscPolicy policy;

  dsc_policy_init_defaults (&policy);
  g_assert_true (dsc_policy_set (&policy, "quota-warning-percent", "70", &error));
  snap->quota_used = 7000;
  snap->quota_total = 10000;
  {
    g_autoptr(DscReport) report = evaluate_with (snap, &policy, NULL, NOW);

    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_QUOTA)->status, ==,
                     DSC_STATUS_WARNING);
  }
  snap->quota_used = 6999;
  {
    g_autoptr(DscReport) report = evaluate_with (snap, &policy, NULL, NOW);

    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_QUOTA)->status, ==, DSC_STATUS_OK);
  }
}

/* An OK pane never shows a problem sentence, per category: in the healthy
 * tenant every category is OK and its status sentence is the OK wording;
 * a finding an OK category still lists is INFO, never a problem. */
static void
test_ok_panes_read_ok (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = evaluate (snap);

  g_assert_cmpstr (report->headline, ==, "Everything looks healthy");
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->n_unreadable, ==, 0);
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryReport *cat = dsc_report_get_category (report, i);
      const DscCategoryInfo *info = dsc_category_get_info (i);

      g_test_message ("category %s", info->name);
      g_assert_cmpint (cat->status, ==, DSC_STATUS_OK);
      g_assert_cmpstr (cat->headline, ==, dsc_category_get_state_text (i, DSC_STATUS_OK));
      if (!info->informational)
        {
          g_assert_cmpstr (cat->headline, !=, dsc_category_get_summary (i));
          g_assert_cmpstr (dsc_category_get_state_title (i, cat->status), !=,
                           dsc_category_get_title (i));
        }
      for (guint j = 0; j < cat->findings->len; j++)
        {
          const DscFinding *finding = g_ptr_array_index (cat->findings, j);

          g_assert_cmpint (finding->severity, ==, DSC_STATUS_INFO);
        }
    }
  for (guint i = 0; i < DSC_N_TILES; i++)
    g_assert_cmpint (report->tiles[i].status, ==, DSC_STATUS_OK);
  /* What was read is shown even when all is well. */
  g_assert_cmpuint (dsc_report_get_category (report, DSC_CATEGORY_SYNC_SAFEGUARDS)->facts->len,
                    >, 0);
  g_assert_cmpuint (dsc_report_get_category (report, DSC_CATEGORY_CONNECT_VERSION)->facts->len,
                    >, 0);
}

/* A tile that could not be read makes its category grey (UNKNOWN) with a
 * finding that says why, never a green pane behind a grey tile. */
static void
test_unreadable_tile_greys_its_category (void)
{
  g_autoptr(DscSnapshot) snap = healthy_snapshot ();
  g_autoptr(DscReport) report = NULL;
  const DscCategoryReport *cat;
  const DscTile *tile;

  deny (snap, DSC_SOURCE_SYNC_SETTINGS);
  report = evaluate (snap);
  tile = dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION);
  cat = dsc_report_get_category (report, tile->category);
  g_assert_cmpint (tile->status, ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpint (cat->status, ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpuint (cat->findings->len, >, 0);
  g_assert_cmpstr (cat->headline, ==,
                   dsc_category_get_state_text (tile->category, DSC_STATUS_UNKNOWN));
  cat = dsc_report_get_category (report, DSC_CATEGORY_SYNC_SAFEGUARDS);
  g_assert_cmpint (cat->status, ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpint (report->overall, ==, DSC_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (report->headline, "could not be read"));
}

/* Facts that disagree (dsc-reconcile.h) */

static gboolean
steps_have_command (const char *const *steps, const char *command)
{
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    if (g_strcmp0 (dsc_fix_step_get_command (steps[i]), command) == 0)
      return TRUE;
  return FALSE;
}

static void
test_reconcile_version_and_sync (void)
{
  const gint64 since = NOW - 30 * DAY;
  const gint64 recent = 75 * MINUTE;
  DscContradiction c = { 0 };

  /* The facts agree: nothing to say, and nothing written. */
  g_assert_false (dsc_reconcile_version_and_sync ("2.5.79.0", "2.5.79.0", since, NOW - 10 * MINUTE,
                                                  NULL, NOW, recent, &c));
  g_assert_false (dsc_reconcile_version_and_sync ("2.6.92.0", "2.5.79.0", since, NOW - 10 * MINUTE,
                                                  NULL, NOW, recent, &c));
  /* Not yet enforced, the sync came before the cut-off, or it's old: agree. */
  g_assert_false (dsc_reconcile_version_and_sync ("2.4.27.0", "2.5.79.0", NOW + DAY,
                                                  NOW - 10 * MINUTE, NULL, NOW, recent, &c));
  g_assert_false (dsc_reconcile_version_and_sync ("2.4.27.0", "2.5.79.0", NOW - 5 * MINUTE,
                                                  NOW - 10 * MINUTE, NULL, NOW, recent, &c));
  g_assert_false (dsc_reconcile_version_and_sync ("2.4.27.0", "2.5.79.0", since, NOW - 3 * HOUR,
                                                  NULL, NOW, recent, &c));
  g_assert_false (dsc_reconcile_version_and_sync ("2.4.27.0", "2.5.79.0", since, 0,
                                                  NULL, NOW, recent, &c));
  g_assert_false (dsc_reconcile_version_and_sync (NULL, "2.5.79.0", since, NOW - 10 * MINUTE,
                                                  NULL, NOW, recent, &c));
  g_assert_null (c.summary);
  g_assert_null (c.steps);

  /* Can't sync, yet a sync arrived 10 minutes ago: both said, with the time
   * in UTC, what it likely means and what to check. */
  g_assert_true (dsc_reconcile_version_and_sync ("2.4.27.0", "2.5.79.0", since, NOW - 10 * MINUTE,
                                                 "SRV-SYNC01", NOW, recent, &c));
  g_test_message ("%s | %s | %s", c.summary, c.title, c.detail);
  assert_contains (c.summary, "can't sync, yet a sync arrived at ");
  assert_contains (c.summary, " UTC");
  assert_contains (c.title, "2.4.27.0");
  assert_contains (c.detail, "below 2.5.79.0");
  assert_contains (c.detail, "staging mode");
  assert_contains (c.detail, "stale");
  assert_contains (c.detail, "approximate");
  assert_contains (c.steps[0], "SRV-SYNC01");
  g_assert_true (steps_have_command ((const char *const *) c.steps,
                                     "Get-ADSyncScheduler | Select-Object StagingModeEnabled, "
                                     "SyncCycleEnabled"));
  dsc_contradiction_clear (&c);
  g_assert_null (c.summary);
}

static void
test_reconcile_password_sync_off (void)
{
  DscContradiction c = { 0 };

  g_assert_false (dsc_reconcile_password_sync_off (DSC_TRISTATE_TRUE, NOW - MINUTE, NOW, 2 * HOUR,
                                                   &c));
  g_assert_false (dsc_reconcile_password_sync_off (DSC_TRISTATE_UNKNOWN, NOW - MINUTE, NOW,
                                                   2 * HOUR, &c));
  g_assert_false (dsc_reconcile_password_sync_off (DSC_TRISTATE_FALSE, NOW - 3 * DAY, NOW,
                                                   2 * HOUR, &c));
  g_assert_false (dsc_reconcile_password_sync_off (DSC_TRISTATE_FALSE, 0, NOW, 2 * HOUR, &c));
  g_assert_null (c.title);

  g_assert_true (dsc_reconcile_password_sync_off (DSC_TRISTATE_FALSE, NOW - 5 * MINUTE, NOW,
                                                  2 * HOUR, &c));
  assert_contains (c.summary, "Reported off, yet passwords synced at ");
  assert_contains (c.detail, "Cloud Sync");
  g_assert_nonnull (dsc_fix_step_get_command (c.steps[0]));
  assert_contains (dsc_fix_step_get_command (c.steps[0]), "Get-ADSyncAADPasswordSyncConfiguration");
  dsc_contradiction_clear (&c);
}

static void
test_reconcile_quarantine_and_sync (void)
{
  DscContradiction c = { 0 };

  /* Quarantined after the last sync, never, or the sync is old: agree. */
  g_assert_false (dsc_reconcile_quarantine_and_sync (NOW - 5 * MINUTE, NOW - 10 * MINUTE, NOW,
                                                     75 * MINUTE, &c));
  g_assert_false (dsc_reconcile_quarantine_and_sync (0, NOW - 10 * MINUTE, NOW, 75 * MINUTE, &c));
  g_assert_false (dsc_reconcile_quarantine_and_sync (NOW - 3 * DAY, NOW - 2 * DAY, NOW,
                                                     75 * MINUTE, &c));
  g_assert_null (c.detail);

  g_assert_true (dsc_reconcile_quarantine_and_sync (NOW - 6 * HOUR, NOW - 10 * MINUTE, NOW,
                                                    75 * MINUTE, &c));
  assert_contains (c.title, "quarantine, but directory sync is running");
  assert_contains (c.detail, "Entra Connect server");
  g_assert_nonnull (dsc_fix_step_get_command (c.steps[0]));
  dsc_contradiction_clear (&c);
}

/* The rules use them: the tile, the finding and its steps say the same. */
static void
test_reconcile_in_rules (void)
{
  g_autoptr(DscConnectVersions) versions = dsc_connect_versions_get_default ();
  gint64 now = versions->minimum_since + 30 * DAY;

  g_assert_nonnull (versions->minimum_version);
  {
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;
    const DscFinding *finding;

    g_free (snap->settings.client_version);
    snap->settings.client_version = g_strdup ("2.4.27.0");
    snap->last_sync = now - 10 * MINUTE;
    snap->last_password_sync = now - MINUTE;
    report = evaluate_with (snap, NULL, versions, now);
    tile = dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION);
    g_assert_cmpint (tile->status, !=, DSC_STATUS_OK);
    assert_contains (tile->summary, "can't sync, yet a sync arrived at ");
    finding = dsc_report_find (report, "connect-version/contradicts-recent-sync");
    g_assert_nonnull (finding);
    g_assert_cmpint (finding->severity, ==, tile->status);
    g_assert_null (dsc_report_find (report, "connect-version/unsupported"));
    g_assert_true (steps_have_command ((const char *const *) finding->fix_steps,
                                       "Get-ADSyncScheduler | Select-Object StagingModeEnabled, "
                                       "SyncCycleEnabled"));
  }
  {
    /* No recent sync: the version simply can't sync. */
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    g_free (snap->settings.client_version);
    snap->settings.client_version = g_strdup ("2.4.27.0");
    snap->last_sync = now - 2 * DAY;
    report = evaluate_with (snap, NULL, versions, now);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_CONNECT_VERSION)->status, ==,
                     DSC_STATUS_ERROR);
    g_assert_nonnull (dsc_report_find (report, "connect-version/unsupported"));
    g_assert_null (dsc_report_find (report, "connect-version/contradicts-recent-sync"));
  }
  {
    /* Password hash sync reported off, yet passwords arrive. */
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;
    const DscTile *tile;

    snap->settings.password_sync_enabled = DSC_TRISTATE_FALSE;
    report = evaluate (snap);
    tile = dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC);
    g_assert_cmpint (tile->status, ==, DSC_STATUS_WARNING);
    assert_contains (tile->summary, "Reported off, yet passwords synced at ");
    g_assert_nonnull (dsc_report_find (report, "password-sync/reported-off-but-syncing"));
    g_assert_cmpint (dsc_report_get_category (report, DSC_CATEGORY_PASSWORD_SYNC)->status, ==,
                     DSC_STATUS_WARNING);
  }
  {
    /* Off, and the last password sync is days old: they agree. */
    g_autoptr(DscSnapshot) snap = healthy_snapshot ();
    g_autoptr(DscReport) report = NULL;

    snap->settings.password_sync_enabled = DSC_TRISTATE_FALSE;
    snap->last_password_sync = NOW - 3 * DAY;
    report = evaluate (snap);
    g_assert_cmpint (dsc_report_get_tile (report, DSC_TILE_PASSWORD_SYNC)->status, ==,
                     DSC_STATUS_OK);
    g_assert_null (dsc_report_find (report, "password-sync/reported-off-but-syncing"));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/health/healthy", test_healthy);
  g_test_add_func ("/core/health/sync-errors-language-switch", test_sync_errors_language_switch);
  g_test_add_func ("/core/health/reconcile/version-and-sync", test_reconcile_version_and_sync);
  g_test_add_func ("/core/health/reconcile/password-sync-off", test_reconcile_password_sync_off);
  g_test_add_func ("/core/health/reconcile/quarantine-and-sync",
                   test_reconcile_quarantine_and_sync);
  g_test_add_func ("/core/health/reconcile/in-rules", test_reconcile_in_rules);
  g_test_add_func ("/core/health/stale-sync-thresholds", test_last_sync_thresholds);
  g_test_add_func ("/core/health/stale-sync-wording", test_last_sync_wording);
  g_test_add_func ("/core/health/sync-on-off-never", test_last_sync_states);
  g_test_add_func ("/core/health/password-sync-thresholds", test_password_thresholds);
  g_test_add_func ("/core/health/password-sync-states", test_password_states);
  g_test_add_func ("/core/health/quota-thresholds", test_quota_thresholds);
  g_test_add_func ("/core/health/connect-version/default-table",
                   test_connect_version_default_table);
  g_test_add_func ("/core/health/connect-version/minimum-deadline",
                   test_connect_version_minimum_deadline);
  g_test_add_func ("/core/health/connect-version/end-of-support-window",
                   test_connect_version_eos_window);
  g_test_add_func ("/core/health/connect-version/unreadable", test_connect_version_unreadable);
  g_test_add_func ("/core/health/sync-errors/grouped-by-value", test_sync_errors_grouping);
  g_test_add_func ("/core/health/sync-errors/policy-thresholds", test_sync_errors_policy);
  g_test_add_func ("/core/health/sync-errors/unreadable-lists", test_sync_errors_sources);
  g_test_add_func ("/core/health/unreadable-sources", test_unreadable_sources);
  g_test_add_func ("/core/health/sync-identity", test_sync_identity);
  g_test_add_func ("/core/health/domains", test_domains);
  g_test_add_func ("/core/health/service-health", test_service_health);
  g_test_add_func ("/core/health/safeguards", test_safeguards);
  g_test_add_func ("/core/health/overall-exit-code", test_overall_exit_code);
  g_test_add_func ("/core/health/deterministic", test_deterministic);
  g_test_add_func ("/core/health/ok-panes-read-ok", test_ok_panes_read_ok);
  g_test_add_func ("/core/health/unreadable-tile-greys-its-category",
                   test_unreadable_tile_greys_its_category);
  g_test_add_func ("/core/health/async", test_async);
  g_test_add_func ("/core/health/async-cancelled", test_async_cancelled);
  g_test_add_func ("/core/category/catalogue", test_category_catalogue);
  g_test_add_func ("/core/policy/set", test_policy_set);
  g_test_add_func ("/core/policy/quota-boundary", test_policy_quota_boundary);

  return g_test_run ();
}

/* dsc-tenant-summary.h — one tenant at a glance, for the all-tenants views
 * (window overview, tray, --check --all-tenants, the combined export).
 *
 * Pure: built from a tenant's name, its current report (or none) and why the
 * last refresh failed (or nothing); no clock, no I/O. Every shell renders the
 * same values, so they agree on each tenant's status and on the order.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dsc-connect-versions.h"
#include "dsc-report.h"

G_BEGIN_DECLS

typedef struct {
  char *name;                 /* the profile's or demo tenant's name */
  DscStatus status;           /* the report's overall; UNKNOWN without a report or
                               * when the sign-in expired */
  gboolean needs_sign_in;     /* the token was refused or is missing: "sign in again" */
  gboolean is_cached;         /* the values are the offline copy's */
  char *problem;              /* why the tenant couldn't be read, or NULL */
  char *headline;             /* "2 problems need attention", or the problem */
  DscSyncEngine engine;
  gint64 last_sync;           /* 0: unknown */
  gint objects_in_error;      /* -1: unknown */
  gint quota_percent;         /* -1: unknown */
  char *connect_version;      /* Entra Connect version, or NULL */
  gint64 connect_end_of_support; /* 0: none announced / unknown */
  gint64 read_at;             /* when the report was evaluated, 0: never */
} DscTenantSummary;

/* report and error may each be NULL; needs_sign_in: error says the token was
 * refused or is missing (the caller knows the error domains). versions NULL:
 * the built-in table. */
DscTenantSummary *dsc_tenant_summary_new        (const char               *name,
                                                 const DscReport          *report,
                                                 gboolean                  report_is_cached,
                                                 const GError             *error,
                                                 gboolean                  needs_sign_in,
                                                 const DscConnectVersions *versions);
void              dsc_tenant_summary_free       (DscTenantSummary *self);

/* Severity rank, higher is worse: error 3, warning 2, unknown 1, ok 0. */
int               dsc_tenant_status_rank        (DscStatus status);
/* Worst first, then by name (case-insensitive): a GCompareFunc over pointers
 * to summaries (g_ptr_array_sort) — use dsc_tenant_summary_compare for two. */
int               dsc_tenant_summary_compare    (const DscTenantSummary *a,
                                                 const DscTenantSummary *b);
int               dsc_tenant_summary_compare_ptr (gconstpointer a, gconstpointer b);

/* "ends in 120 days", "ended 3 days ago", or NULL when no date is known. */
char             *dsc_tenant_summary_format_end_of_support (const DscTenantSummary *self,
                                                           gint64                  now);
/* "Fabrikam: CRITICAL - 2 problems need attention (last sync 20 minutes ago,
 * 12 objects in error, quota 4 %)" — one line of --check --all-tenants. */
char             *dsc_tenant_summary_to_line    (const DscTenantSummary *self,
                                                 gint64                  now);
/* What a screen reader says for the tenant's row: every value, in words. */
char             *dsc_tenant_summary_accessible_label (const DscTenantSummary *self,
                                                       gint64                  now);
/* One object of --check --all-tenants --format json (data/tenants.schema.json). */
JsonNode         *dsc_tenant_summary_to_json    (const DscTenantSummary *self);

/* Over a GPtrArray of DscTenantSummary*: the worst status (OK when empty),
 * the number of tenants that need attention (not OK), and the aggregate
 * line "DIRSYNC CRITICAL - 3 of 8 tenants need attention (…)". */
DscStatus         dsc_tenant_summaries_worst    (GPtrArray *summaries);
guint             dsc_tenant_summaries_count_attention (GPtrArray *summaries);
char             *dsc_tenant_summaries_aggregate_line  (GPtrArray *summaries);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscTenantSummary, dsc_tenant_summary_free)

G_END_DECLS

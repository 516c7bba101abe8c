/* dsc-export-tenants.h — every tenant in one file: the combined summary of
 * --export DIR --all-tenants (CSV and HTML), --check --all-tenants
 * --format json, and Prometheus metrics with a tenant label. Pure text
 * builders over DscTenantSummary* arrays (sorted by the caller). */
#pragma once

#include "dsc-tenant-summary.h"

G_BEGIN_DECLS

/* One row per tenant; formulas neutralised as in the report's CSV. */
char *dsc_export_tenants_csv         (GPtrArray *summaries, gint64 now);
/* A self-contained page (every value escaped), one table row per tenant;
 * links[i] (may be NULL) names the tenant's own report file. */
char *dsc_export_tenants_html        (GPtrArray *summaries, const char * const *links,
                                      gint64 now);
/* The JSON array of data/tenants.schema.json, indented. */
char *dsc_export_tenants_json        (GPtrArray *summaries);
/* Merges the Prometheus texts of several tenants (texts[i] NULL: the tenant
 * could not be read, reported as dirsync_overall_status 3): every sample gets
 * tenant="<names[i]>" (a label the tenant's own text already has is kept as
 * tenant_name), and every metric family is written once with all samples. */
char *dsc_export_prometheus_combine  (const char * const *names,
                                      const char * const *texts,
                                      guint               n);
/* A file name for a tenant: lower-case letters, digits and '-', never empty
 * (and made unique by the caller). */
char *dsc_export_tenant_file_stem    (const char *name);

G_END_DECLS

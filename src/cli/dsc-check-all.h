/* dsc-check-all.h — `--check --all-tenants` and `--export DIR --all-tenants`:
 * every tenant profile (or the demo tenants) refreshed a few at a time, one
 * line per tenant plus an aggregate line (or a JSON array), exit with the
 * worst status; or one report file per tenant plus a combined summary. */
#pragma once

#include "dsc-check.h"

G_BEGIN_DECLS

typedef struct {
  gboolean demo;               /* the demo tenants instead of the profiles */
  guint demo_tenants;          /* 0: the built-in set */
  DscCheckFormat format;       /* --check: text or json */
  const char *output;          /* --check: NULL or "-": standard output */
  const char *export_dir;      /* non-NULL: export into this directory */
  const char *export_format;   /* per-tenant files: csv, json, html (default), pdf, prometheus */
  const char * const *policy;  /* "key=value" overrides for every tenant */
  guint concurrency;           /* 0: DSC_SESSION_LIST_ON_DEMAND_CONCURRENCY */
} DscCheckAllOptions;

/* --check: the worst tenant's exit code (0 ok … 3 unknown); --export: 0 when
 * every file was written, 3 when not. */
int dsc_check_all_run (const DscCheckAllOptions *options);
/* "3" → 3; FALSE for anything but a positive number up to 500. */
gboolean dsc_check_all_parse_count (const char *str, guint *out, GError **error);

G_END_DECLS

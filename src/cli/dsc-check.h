/* dsc-check.h — the headless check: refresh once, print the report, exit
 * with the monitoring-plugin code (0 ok, 1 warning, 2 error, 3 unknown). */
#pragma once

#include <glib.h>
#include "dsc-report.h"

G_BEGIN_DECLS

typedef enum {
  DSC_CHECK_FORMAT_TEXT,
  DSC_CHECK_FORMAT_JSON,
} DscCheckFormat;

typedef struct {
  const char *demo_scenario;   /* non-NULL: use the demo tenant */
  const char *graph_url;       /* NULL: Microsoft Graph (global cloud) */
  DscCheckFormat format;
  const char *output;          /* NULL or "-": standard output */
  const char * const *policy;  /* "key=value" overrides, NULL-terminated, may be NULL */
} DscCheckOptions;

/* Returns the process exit code; messages go to stdout (the report) and
 * stderr (what went wrong). */
int      dsc_check_run          (const DscCheckOptions *options);
gboolean dsc_check_parse_format (const char *str, DscCheckFormat *out, GError **error);

/* Refreshes once on a private main context: the demo tenant when
 * demo_scenario is set, else Graph (graph_url NULL: global cloud), with
 * "key=value" policy overrides. Shared by --check and --export. */
DscReport *dsc_check_refresh    (const char *demo_scenario,
                                 const char *graph_url,
                                 const char * const *policy,
                                 GError **error);

G_END_DECLS

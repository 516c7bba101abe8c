/* dsc-export-cli.h — `dirsync-companion --export FILE`: refresh once and save
 * the report as CSV, JSON, HTML, PDF or Prometheus metrics. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *file;            /* where to write; replaced atomically */
  const char *format;          /* NULL: from the file's extension */
  const char *demo_scenario;   /* non-NULL: use the demo tenant */
  const char *graph_url;       /* NULL: Microsoft Graph (global cloud) */
  const char * const *policy;  /* "key=value" overrides, may be NULL */
} DscExportCliOptions;

/* 0 when the file was written, 3 when it was not (message on stderr). */
int dsc_export_cli_run (const DscExportCliOptions *options);

G_END_DECLS

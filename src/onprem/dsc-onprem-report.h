/* dsc-onprem-report.h — a finished on-premises scan and how it is written:
 * text (first line like --check's), JSON, CSV (spreadsheet-safe), and the
 * PowerShell script that applies the suggested fixes (-WhatIf by default). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *source;            /* "ldaps://dc1.contoso.com" or "built-in sample directory" */
  char **bases;            /* the base DNs read (NULL: the domain) */
  gint64 scanned_at;       /* unix seconds */
  guint objects_read;
  guint objects_skipped;   /* skip list */
  GPtrArray *findings;     /* DscOnpremFinding*, owned */
  GPtrArray *cloud;        /* DscOnpremCloudMatch*, owned; NULL when the tenant was not read */
  char *cloud_error;       /* why the tenant could not be read, or NULL */
} DscOnpremScanResult;

void      dsc_onprem_scan_result_free   (DscOnpremScanResult *self);
/* 0 nothing found, 1 only warnings, 2 errors (as --check). */
int       dsc_onprem_scan_result_status (const DscOnpremScanResult *self);

char     *dsc_onprem_report_text        (const DscOnpremScanResult *self);
char     *dsc_onprem_report_json        (const DscOnpremScanResult *self);
char     *dsc_onprem_report_csv         (const DscOnpremScanResult *self);
/* One Set-ADUser/Set-ADGroup/Set-ADObject per value with a suggested fix, a
 * comment for each finding a person must decide. */
char     *dsc_onprem_report_powershell  (const DscOnpremScanResult *self);
/* PowerShell single-quoted string literal: ' and the typographic single
 * quotes PowerShell also ends strings on (U+2018–U+201B) are doubled. */
char     *dsc_onprem_powershell_quote   (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremScanResult, dsc_onprem_scan_result_free)

G_END_DECLS

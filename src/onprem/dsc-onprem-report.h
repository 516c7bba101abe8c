/* dsc-onprem-report.h — a finished on-premises scan and how it is written:
 * text (first line like --check's), JSON, CSV (spreadsheet-safe), and the
 * PowerShell script that applies the suggested fixes (-WhatIf by default). */
#pragma once

#include <gio/gio.h>

#include "dsc-onprem-result.h"

G_BEGIN_DECLS


char     *dsc_onprem_report_text        (const DscOnpremScanResult *self);
char     *dsc_onprem_report_json        (const DscOnpremScanResult *self);
char     *dsc_onprem_report_csv         (const DscOnpremScanResult *self);
/* One Set-ADUser/Set-ADGroup/Set-ADObject per value with a suggested fix, a
 * comment for each finding a person must decide. */
char     *dsc_onprem_report_powershell  (const DscOnpremScanResult *self);
/* PowerShell single-quoted string literal: ' and the typographic single
 * quotes PowerShell also ends strings on (U+2018–U+201B) are doubled. */
char     *dsc_onprem_powershell_quote   (const char *text);


G_END_DECLS

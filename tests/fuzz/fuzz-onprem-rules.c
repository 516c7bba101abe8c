/* fuzz-onprem-rules.c — the on-premises scan's pure half: an LDIF (as an
 * export or the demo directory gives it) through the reader, IdFix's rules
 * with the routable and verified-domain checks, the join with a cloud
 * conflict, and every writer (text, JSON, CSV, PowerShell). */
#include "config.h"

#include <libpsl.h>

#include "fuzz-common.h"
#include "dsc-onprem-join.h"
#include "dsc-onprem-ldif.h"
#include "dsc-onprem-report.h"
#include "dsc-onprem-rules.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static psl_ctx_t *psl;
  static const char *const domains[] = { "contoso.com", "contoso.onmicrosoft.com", NULL };
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) cloud = NULL;
  g_autoptr(DscDirectoryObject) conflict = NULL;
  DscOnpremScanResult *result;
  DscOnpremRuleOptions options = { 0 };
  char *text;

  fuzz_init_logging ();
  if (psl == NULL)
    psl = psl_latest (NULL);
  objects = dsc_onprem_ldif_parse ((const char *) data, size, NULL);
  if (objects == NULL)
    return 0;

  options.psl = psl;
  options.tenant_domains = domains;
  result = dsc_onprem_scan_result_new ();
  result->source = g_strdup ("fuzz");
  result->findings = dsc_onprem_rules_run (&options, objects);
  result->objects_read = objects->len;

  conflict = dsc_directory_object_new (DSC_OBJECT_USER);
  conflict->id = g_strdup ("00000000-0000-0000-0000-000000000001");
  conflict->display_name = g_strdup ("Fuzz");
  dsc_directory_object_add_error (conflict, "PropertyConflict", "ProxyAddress", "smtp:a@contoso.com", 0);
  dsc_directory_object_add_error (conflict, "PropertyConflict", "UserPrincipalName", "a@contoso.com", 0);
  cloud = g_ptr_array_new ();
  g_ptr_array_add (cloud, conflict);
  result->cloud = dsc_onprem_join (cloud, objects, result->findings);

  text = dsc_onprem_report_text (result);
  g_free (text);
  text = dsc_onprem_report_json (result);
  g_free (text);
  text = dsc_onprem_report_csv (result);
  g_free (text);
  text = dsc_onprem_report_powershell (result);
  g_free (text);
  dsc_onprem_scan_result_free (result);
  return 0;
}

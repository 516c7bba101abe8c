/* fuzz-connect-versions.c — the Entra Connect release table parser, fed raw
 * text as dsc_connect_versions_parse() takes it, then looked up. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-connect-versions.h"
#include "dsc-report-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DscConnectVersions) versions = NULL;

  fuzz_init_logging ();
  /* The table is a resource we ship, parsed as is; only guard json-glib's
   * recursion, which no shipped table comes near. */
  if (!dsc_json_depth_ok ((const char *) data, size, FUZZ_MAX_JSON_DEPTH))
    return 0;
  versions = dsc_connect_versions_parse ((const char *) data, size, NULL);
  if (versions == NULL)
    return 0;

  dsc_connect_versions_latest (versions);
  dsc_connect_versions_lookup (versions, "2.5.79.0");
  dsc_connect_versions_lookup (versions, "1.6.4.0");
  for (guint i = 0; i < versions->releases->len; i++)
    {
      const DscConnectRelease *r = g_ptr_array_index (versions->releases, i);

      dsc_connect_versions_lookup (versions, r->version);
    }
  return 0;
}

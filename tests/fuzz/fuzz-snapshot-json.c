/* fuzz-snapshot-json.c — the on-disk snapshot cache the window opens with
 * (dsc_snapshot_from_json). What it accepts must survive a round trip. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-snapshot-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = fuzz_parse_json (data, size);
  g_autoptr(DscSnapshot) snapshot = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(DscSnapshot) reread = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_again = NULL;

  if (node == NULL)
    return 0;
  snapshot = dsc_snapshot_from_json (node, NULL);
  if (snapshot == NULL)
    return 0;

  canonical = dsc_snapshot_to_canonical_string (snapshot);
  again = dsc_snapshot_to_json (snapshot);
  reread = dsc_snapshot_from_json (again, NULL);
  if (reread == NULL)
    __builtin_trap ();
  canonical_again = dsc_snapshot_to_canonical_string (reread);
  if (g_strcmp0 (canonical, canonical_again) != 0)
    __builtin_trap ();
  return 0;
}

/* fuzz-time.c — the small text parsers under every date and version the app
 * reads: ISO 8601 times and durations, dotted versions, conflict values. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-report-json.h"
#include "dsc-connect-versions.h"
#include "dsc-graph-parse.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autofree char *normalized = NULL;
  gint64 value;
  guint version[4];

  fuzz_init_logging ();
  if (dsc_parse_iso8601 (text, &value))
    {
      g_autofree char *formatted = dsc_format_iso8601 (value);
      gint64 again;

      /* What it accepts, it writes back in a form it reads the same. */
      if (formatted == NULL || !dsc_parse_iso8601 (formatted, &again) || again != value)
        __builtin_trap ();
    }
  dsc_parse_duration (text, &value);
  dsc_version_parse (text, version);
  dsc_version_compare (text, "2.5.79.0");
  if (g_utf8_validate (text, -1, NULL))
    normalized = dsc_normalize_conflict_value ((data[0] & 1) ? "ProxyAddress"
                                                             : "UserPrincipalName", text);
  return 0;
}

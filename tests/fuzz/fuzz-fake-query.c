/* fuzz-fake-query.c — the demo tenant's OData query and $filter parser
 * (src/fake/dsc-fake-query.c), which ships in --demo: a raw query string as
 * it arrives in a request line. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-fake-query.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *raw = fuzz_strndup (data, size);
  g_autoptr(DscFakeError) error = NULL;
  g_autoptr(DscFakeQuery) query = NULL;
  g_autoptr(DscFakeError) filter_error = NULL;
  g_autoptr(DscFakeFilter) filter = NULL;
  guint offset;
  guint32 hash;

  fuzz_init_logging ();
  query = dsc_fake_query_parse (raw, &error);
  if (query != NULL)
    {
      g_autofree char *described = dsc_fake_query_describe (query);
      g_autofree char *next = dsc_fake_query_encode_next (query, "token");

      if (described == NULL || next == NULL)
        __builtin_trap ();
      dsc_fake_query_hash (query, "/v1.0/users");
      if (query->filter != NULL)
        filter = dsc_fake_filter_parse (query->filter, &filter_error);
      if (query->skiptoken != NULL)
        dsc_fake_skiptoken_decode (query->skiptoken, &offset, &hash);
    }
  else
    {
      /* Also the raw text as a $filter, so the filter grammar is reached
       * without the percent-encoding layer in the way. */
      filter = dsc_fake_filter_parse (raw, &filter_error);
    }
  return 0;
}

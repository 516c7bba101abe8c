/* fuzz-graph-error.c — Graph error bodies (dsc_graph_error_new_from_response):
 * two bytes of HTTP status, then the body as the service sent it. The message
 * must always be safe to show: valid UTF-8, no control characters. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-graph-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  guint status;

  fuzz_init_logging ();
  if (size < 2)
    return 0;
  status = 100 + ((data[0] << 8 | data[1]) % 900);

  error = dsc_graph_error_new_from_response (status, (const char *) data + 2, size - 2,
                                             "00000000-request-id");
  if (error == NULL || error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
    __builtin_trap ();
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      __builtin_trap ();

  dsc_graph_error_get_graph_code (error);
  dsc_graph_error_get_request_id (error);
  dsc_graph_error_get_http_status (error);
  return 0;
}

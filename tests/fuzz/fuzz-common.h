/* fuzz-common.h — what every libFuzzer target here shares: bytes to the JSON
 * tree the app would hand its parsers, with the same guards the Graph client
 * applies first (valid UTF-8, bounded nesting), so a finding is ours and not
 * json-glib's recursion on input the app never lets through. */
#pragma once

#include <stdint.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "dsc-graph-error-private.h"
#include "dsc-json.h"
#include "dsc-report-json.h"

/* The Graph client's own limit (dsc-graph-client.c). */
#define FUZZ_MAX_JSON_DEPTH 512

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Criticals and warnings are bugs worth a crash report; debug output is noise. */
static inline void
fuzz_init_logging (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
}

/* A new tree, or NULL when the client would have refused the bytes. */
static inline JsonNode *
fuzz_parse_json (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  fuzz_init_logging ();
  if (size == 0 || !g_utf8_validate_len ((const char *) data, size, NULL) ||
      !dsc_json_depth_ok ((const char *) data, size, FUZZ_MAX_JSON_DEPTH))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

/* A Graph answer as the client reads it (dsc-json.c: UTF-8 and nesting are
 * checked while parsing), or NULL when it would have refused the bytes. */
static inline DscJson *
fuzz_parse_graph_json (const uint8_t *data,
                       size_t         size)
{
  fuzz_init_logging ();
  return dsc_json_parse ((const char *) data, size, FUZZ_MAX_JSON_DEPTH, NULL);
}

/* NUL-terminated copy for the parsers that take C strings. */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  return g_strndup ((const char *) data, size);
}

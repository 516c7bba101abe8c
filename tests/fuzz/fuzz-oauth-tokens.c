/* fuzz-oauth-tokens.c — the identity platform's token response
 * (dsc_oauth_tokens_from_json), as the sign-in flows and the token provider
 * read it. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-oauth.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = fuzz_parse_json (data, size);
  g_autoptr(DscOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  tokens = dsc_oauth_tokens_from_json (json_node_get_object (node), &error);
  /* Either tokens with an access token, or an error that says why. */
  if (tokens == NULL ? error == NULL || error->message == NULL
                     : tokens->access_token == NULL)
    __builtin_trap ();
  return 0;
}

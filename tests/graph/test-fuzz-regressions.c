/* test-fuzz-regressions.c — every input the fuzzers (tests/fuzz/) crashed or
 * leaked on, inlined, with the behaviour the fix gives. Leaks are caught when
 * this runs in the sanitizer leg of build-aux/run-tests.sh (LeakSanitizer). */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include "dsc-graph-batch.h"
#include "dsc-graph-error.h"
#include "dsc-graph-error-private.h"
#include "dsc-graph-parse.h"
#include "dsc-oauth.h"
#include "dsc-report-json.h"
#include "dsc-snapshot-json.h"
#include "dsc-test-object.h"

static DscJson *
parse_graph_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  DscJson *node = dsc_json_parse (text, strlen (text), 64, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
parse_json (const char *text)
{
  dsc_autofinalize(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* fuzz-time: year 1 was written "1-01-01T00:00:00Z", which the reader then
 * refused — a snapshot holding Graph's "no date" (0001-01-01) could be
 * cached but not read back. */
static void
test_iso8601_year_one_round_trips (void)
{
  g_autofree char *text = NULL;
  gint64 value, again;

  g_assert_true (dsc_parse_iso8601 ("0001-01-01T00:00:00Z", &value));
  text = dsc_format_iso8601 (value);
  g_assert_cmpstr (text, ==, "0001-01-01T00:00:00Z");
  g_assert_true (dsc_parse_iso8601 (text, &again));
  g_assert_cmpint (again, ==, value);
}

static void
test_snapshot_with_year_one_reads_back (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscSnapshot) reread = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_parse_iso8601 ("0001-01-01T00:00:00Z", &snapshot->last_sync));
  node = dsc_snapshot_to_json (snapshot);
  reread = dsc_snapshot_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reread->last_sync, ==, snapshot->last_sync);
}

/* fuzz-organization: two verified domains marked isInitial leaked the first
 * copy of the initial domain's name. */
static void
test_organization_two_initial_domains (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscJson) node = NULL;
  g_autoptr(GError) error = NULL;

  node = parse_graph_json ("{\"value\":[{\"id\":\"t\",\"onPremisesSyncEnabled\":true,"
                     "\"verifiedDomains\":["
                     "{\"isDefault\":false,\"isInitial\":true,\"name\":\"contoso.onmicrosoft.com\","
                     "\"type\":\"Managed\"},"
                     "{\"isDefault\":true,\"isInitial\":true,\"name\":\"conoft.com\"}]}]}");
  g_assert_true (dsc_parse_organization (node, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (snapshot->initial_domain, ==, "contoso.onmicrosoft.com");
  g_assert_cmpuint (snapshot->verified_domains->len, ==, 2);
}

/* Found writing the fuzz harness (fuzz-common.h mirrors the client's guard):
 * json-glib also reads C comments and 'single-quoted' strings, so a '"'
 * inside one made the nesting guard skip every bracket after it, and a body
 * nesting 200 000 deep then overflowed json-glib's recursive parser (SIGSEGV
 * in the worker thread). */
static void
test_depth_guard_sees_comments_and_single_quotes (void)
{
  static const char * const openers[] = { "[\"x\", /* \" */ ", "['\"', " };
  static const char quiet[] = "{\"a\":\"[[[[\", 'b':'[[[[', /* [[[[ */ \"c\":[]}";
  const guint depth = 200000;

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    {
      g_autoptr(GString) body = g_string_new (openers[i]);
      dsc_autofinalize(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);
      g_autoptr(GError) error = NULL;

      for (guint j = 0; j < depth; j++)
        g_string_append_c (body, '[');
      for (guint j = 0; j < depth; j++)
        g_string_append_c (body, ']');
      g_string_append_c (body, ']');

      g_assert_false (dsc_json_depth_ok (body->str, body->len, 512));
      dsc_graph_batch_add (batch, "/organization", NULL);
      g_assert_false (dsc_graph_batch_parse_response (batch, body->str, body->len, &error));
      g_assert_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INVALID_RESPONSE);
    }

  /* Brackets inside strings and comments still do not count. */
  g_assert_true (dsc_json_depth_ok (quiet, strlen (quiet), 2));
}

/* fuzz-oauth-tokens: a token response whose members have the wrong JSON type
 * raised criticals (fatal in tests) instead of reading as missing. */
static void
test_oauth_tokens_wrong_types (void)
{
  static const char * const bodies[] = {
    "{\"access_token\":\"a\",\"token_type\":5,\"expires_in\":3599}",
    "{\"access_token\":[],\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"a\",\"refresh_token\":{},\"scope\":[1]}",
  };
  const gboolean usable[] = { TRUE, FALSE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) node = parse_json (bodies[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DscOAuthTokens) tokens = NULL;

      tokens = dsc_oauth_tokens_from_json (json_node_get_object (node), &error);
      if (usable[i])
        {
          g_assert_no_error (error);
          g_assert_cmpstr (tokens->access_token, ==, "a");
          g_assert_null (tokens->refresh_token);
          g_assert_null (tokens->scope);
        }
      else
        {
          g_assert_null (tokens);
          g_assert_nonnull (error);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/fuzz-regressions/iso8601-year-one-round-trips",
                   test_iso8601_year_one_round_trips);
  g_test_add_func ("/graph/fuzz-regressions/snapshot-with-year-one-reads-back",
                   test_snapshot_with_year_one_reads_back);
  g_test_add_func ("/graph/fuzz-regressions/organization-two-initial-domains",
                   test_organization_two_initial_domains);

  g_test_add_func ("/graph/fuzz-regressions/depth-guard-sees-comments-and-single-quotes",
                   test_depth_guard_sees_comments_and_single_quotes);

  g_test_add_func ("/graph/fuzz-regressions/oauth-tokens-wrong-types", test_oauth_tokens_wrong_types);

  return g_test_run ();
}

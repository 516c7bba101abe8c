/* bench-json.c — parsing one big Graph page: the app's reader (DscJson,
 * src/graph/dsc-json.c) against json-glib, on the same bytes.
 *
 * The page is what the fake tenant's "large" scenario answers to the users
 * error listing ($filter on onPremisesProvisioningErrors, $top=999), made in
 * process by the fake tenant's own service code (no HTTP). Each run parses
 * and frees it; the fastest of K runs is printed as ms per page and MB/s,
 * for: json-glib (parse + free), DscJson (parse + free), and DscJson plus
 * dsc_parse_error_page() (what a refresh does with each page).
 *
 * Usage: bench-json [--objects N] [--errors M] [--runs K]
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "dsc-fake-scenario.h"
#include "dsc-fake-service.h"
#include "dsc-graph-parse.h"
#include "dsc-json.h"

typedef enum { WITH_JSON_GLIB, WITH_DSC_JSON, WITH_DSC_JSON_AND_PARSER } Method;

static double
run_once (Method      method,
          const char *data,
          gsize       len)
{
  gint64 start = g_get_monotonic_time ();

  switch (method)
    {
    case WITH_JSON_GLIB:
      {
        g_autoptr(JsonParser) parser = json_parser_new ();

        if (!json_parser_load_from_data (parser, data, len, NULL))
          g_error ("json-glib refused the page");
      }
      break;
    case WITH_DSC_JSON:
      {
        g_autoptr(DscJson) root = dsc_json_parse (data, len, 512, NULL);

        if (root == NULL)
          g_error ("DscJson refused the page");
      }
      break;
    case WITH_DSC_JSON_AND_PARSER:
      {
        g_autoptr(DscJson) root = dsc_json_parse (data, len, 512, NULL);
        g_autoptr(GPtrArray) objects =
          g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
        g_autofree char *next = NULL;

        if (root == NULL ||
            !dsc_parse_error_page (root, DSC_OBJECT_USER, objects, &next, NULL) ||
            objects->len == 0)
          g_error ("the page did not parse");
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char **argv)
{
  static const char * const names[] = {
    "json-glib parse + free", "DscJson parse + free", "DscJson + dsc_parse_error_page",
  };
  int objects = 100000, errors = 5000, runs = 30;
  GOptionEntry entries[] = {
    { "objects", 0, 0, G_OPTION_ARG_INT, &objects, "Objects in the tenant", "N" },
    { "errors", 0, 0, G_OPTION_ARG_INT, &errors, "Objects with sync errors", "M" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each (the fastest counts)", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— parse one big Graph page");
  g_autoptr(GError) error = NULL;
  g_autoptr(DscFakeScenario) scenario = NULL;
  g_autofree char *spec = NULL;
  DscFakeContext ctx = { 0 };
  DscFakeResponse resp;
  DscFakeRequest req = {
    .method = "GET", .path = "/v1.0/users",
    .query = "$filter=onPremisesProvisioningErrors/any(o:o/category%20eq%20'PropertyConflict')"
             "&$select=id,displayName,userPrincipalName,mail,userType,onPremisesSyncEnabled,"
             "onPremisesProvisioningErrors&$top=999&$count=true",
    .consistency_level = "eventual", .request_id = "bench", .client_request_id = "bench",
  };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  spec = g_strdup_printf ("large:objects=%d,errors=%d", objects, errors);
  scenario = dsc_fake_scenario_load (spec, &error);
  if (scenario == NULL)
    g_error ("%s: %s", spec, error->message);
  ctx.scenario = scenario;
  ctx.base_url = "http://127.0.0.1:40123";
  ctx.now = 1795460102;
  ctx.retry_after_s = 1;

  dsc_fake_response_init (&resp);
  dsc_fake_service_handle (&ctx, &req, &resp);
  if (resp.status != 200)
    g_error ("the fake tenant answered %u", resp.status);

  printf ("page: users in error, %s, %.1f KB\n", spec, resp.body->len / 1024.0);
  printf ("G_SLICE=%s\n", g_getenv ("G_SLICE") ? g_getenv ("G_SLICE") : "(unset)");
  for (Method m = WITH_JSON_GLIB; m <= WITH_DSC_JSON_AND_PARSER; m++)
    {
      double best = G_MAXDOUBLE;

      for (int i = 0; i < runs; i++)
        best = MIN (best, run_once (m, resp.body->str, resp.body->len));
      printf ("%-32s fastest of %d: %6.2f ms, %6.1f MB/s\n", names[m], runs, best,
              resp.body->len / 1e6 / (best / 1000.0));
    }

  dsc_fake_response_clear (&resp);
  return 0;
}

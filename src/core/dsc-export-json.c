/* dsc-export-json.c — the versioned JSON report (data/report.schema.json), the
 * same document `--check --format json` prints.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include "dsc-export-private.h"
#include "dsc-report-json.h"

/* Graph data is not guaranteed to be UTF-8 and json-glib writes strings as
 * given: repair them so the file is always valid JSON. */
static void
make_valid (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          make_valid (member);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          make_valid (json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

          json_node_set_string (node, valid);
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static guint
count_objects (const DscReport *report)
{
  guint n = 0;

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    for (guint f = 0; f < report->categories[c].findings->len; f++)
      n += ((DscFinding *) g_ptr_array_index (report->categories[c].findings, f))->objects->len;
  return n;
}

gboolean
dsc_export_json_write (const DscReport *report, DscExportSink *sink)
{
  g_autoptr(JsonNode) node = dsc_report_to_json (report);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  make_valid (node);
  /* Pretty for people reading small reports; compact when large (half the
   * size, and the generator's buffer is the peak of memory). */
  json_generator_set_pretty (generator, count_objects (report) < 10000);
  json_generator_set_root (generator, node);
  json_generator_to_gstring (generator, sink->buf);
  g_string_append_c (sink->buf, '\n');
  return dsc_export_sink_check (sink);
}

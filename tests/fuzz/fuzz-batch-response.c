/* fuzz-batch-response.c — a $batch answer, as Graph would send it for the
 * collector's first round, read into the batch's members and each member's
 * outcome (body or mapped error) taken back out. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-graph-batch.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const eventual[] = { "ConsistencyLevel", "eventual", NULL };
  g_autoptr(DscGraphBatch) batch = dsc_graph_batch_new (DSC_GRAPH_V1);

  fuzz_init_logging ();
  dsc_graph_batch_add (batch, "/organization?$select=id", NULL);
  dsc_graph_batch_add (batch, "/domains", NULL);
  dsc_graph_batch_add (batch, "/admin/serviceAnnouncement/healthOverviews", NULL);
  dsc_graph_batch_add (batch, "/users?$top=999&$count=true", eventual);
  dsc_graph_batch_add (batch, "/groups?$top=999&$count=true", eventual);

  dsc_graph_batch_parse_response (batch, (const char *) data, size, NULL);

  for (guint i = 0; i < dsc_graph_batch_get_size (batch); i++)
    {
      const char *id = dsc_graph_batch_get_id (batch, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(DscJson) body = dsc_graph_batch_dup_result (batch, id, &error);

      /* Every member ends with a body or a readable error, never neither. */
      if (body == NULL && (error == NULL || error->message[0] == '\0'))
        __builtin_trap ();
    }
  return 0;
}

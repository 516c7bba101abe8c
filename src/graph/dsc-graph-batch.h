/* dsc-graph-batch.h — a set of GET requests for one JSON $batch round, each
 * member's outcome once the client has run it, and the reading of a $batch
 * answer. Sending, throttling and retries are the client's. */
#pragma once

#include <glib-object.h>
#include "dsc-json.h"
#include "dsc-graph-version.h"

G_BEGIN_DECLS

#define DSC_TYPE_GRAPH_BATCH (dsc_graph_batch_get_type ())
G_DECLARE_FINAL_TYPE (DscGraphBatch, dsc_graph_batch, DSC, GRAPH_BATCH, GObject)

DscGraphBatch   *dsc_graph_batch_new         (DscGraphVersion version);
DscGraphVersion  dsc_graph_batch_get_version (DscGraphBatch *self);
/* url relative to the version root ("/organization?$select=id"); headers as
 * in dsc_graph_client_get_async(). Returns the member id (owned by the batch). */
const char      *dsc_graph_batch_add         (DscGraphBatch      *self,
                                              const char         *url,
                                              const char * const *headers);
guint            dsc_graph_batch_get_size    (DscGraphBatch *self);
const char      *dsc_graph_batch_get_id      (DscGraphBatch *self, guint index);
const char      *dsc_graph_batch_get_url     (DscGraphBatch *self, const char *id);
const char * const *dsc_graph_batch_get_headers (DscGraphBatch *self, const char *id);

/* After dsc_graph_client_batch_finish(): the member's JSON body (new ref) when
 * its status was 2xx, else NULL and the error mapped from its status and body. */
DscJson         *dsc_graph_batch_dup_result  (DscGraphBatch *self,
                                              const char    *id,
                                              GError       **error);

/* For the client: record a member's outcome (body may be NULL). */
void             dsc_graph_batch_set_result  (DscGraphBatch *self,
                                              const char    *id,
                                              guint          status,
                                              DscJson       *body);
void             dsc_graph_batch_set_error   (DscGraphBatch *self,
                                              const char    *id,
                                              const GError  *error);
guint            dsc_graph_batch_get_status  (DscGraphBatch *self, const char *id);
/* The member's Retry-After header in the last answer, or NULL. */
const char      *dsc_graph_batch_get_retry_after (DscGraphBatch *self, const char *id);

/* For the client: reads the root object of one $batch answer for the
 * members in ids. Each answered member gets its status, body and Retry-After
 * (and is appended to answered, borrowed ids, in answer order, when answered
 * is not NULL); a member answered without a status, or not at all, gets an
 * error. FALSE with DSC_GRAPH_ERROR_INVALID_RESPONSE, also set on every
 * member in ids, when root has no "responses" array. */
gboolean         dsc_graph_batch_apply_response (DscGraphBatch  *self,
                                                 GPtrArray      *ids,
                                                 DscJson        *root,
                                                 GPtrArray      *answered,
                                                 GError        **error);

/* Reads one $batch answer (the JSON text of a POST /$batch response with
 * status 200) into every member of the batch, exactly as the client does; no
 * I/O, for tests and fuzzers. FALSE with DSC_GRAPH_ERROR_INVALID_RESPONSE
 * when the text is not a $batch answer. */
gboolean         dsc_graph_batch_parse_response (DscGraphBatch  *self,
                                                 const char     *data,
                                                 gsize           len,
                                                 GError        **error);

G_END_DECLS

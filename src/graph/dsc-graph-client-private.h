/* dsc-graph-client-private.h — what the client shares with the rest of
 * src/graph (the $batch reader); not for callers of the client. */
#pragma once

#include "dsc-json.h"

G_BEGIN_DECLS

/* A 2xx body: JSON whose root is an object (new ref), or NULL and
 * DSC_GRAPH_ERROR_INVALID_RESPONSE naming what is wrong (empty, a web page,
 * not UTF-8, nested too deeply, not JSON, not an object). status, request_id
 * and content_type (both may be NULL) are the response's, for the error. */
DscJson  *dsc_graph_client_parse_body (const char  *data,
                                       gsize        len,
                                       guint        status,
                                       const char  *request_id,
                                       const char  *content_type,
                                       GError     **error);

G_END_DECLS

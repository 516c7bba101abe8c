/* dsc-graph-error-private.h — error mapping shared by the Graph client and
 * the batch, which already hold parsed JSON and must not re-serialize it.
 * Internal to src/graph/. */
#pragma once

#include "dsc-json.h"
#include "dsc-graph-error.h"

G_BEGIN_DECLS

/* Bigger error bodies are not worth parsing: a real Graph error is < 2 KiB. */
#define DSC_GRAPH_MAX_ERROR_BODY (1024 * 1024)

DscGraphErrorCode dsc_graph_error_code_for_status (guint status);

/* As dsc_graph_error_new_from_response() for a body that is already parsed
 * (a $batch member's); body may be NULL or any JSON. */
GError *dsc_graph_error_new_from_json      (guint        status,
                                            DscJson     *body,
                                            const char  *request_id_header);

/* Same code, Graph code, request-id and status, with a note on the message. */
GError *dsc_graph_error_new_gave_up        (const GError *error,
                                            guint         attempts);

/* Valid UTF-8, no control characters, at most max_chars characters (then
 * "…"): safe to put into a message shown to an admin. */
char   *dsc_graph_sanitize_text            (const char  *text,
                                            gssize       len,
                                            guint        max_chars);


G_END_DECLS

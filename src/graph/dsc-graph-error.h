/* dsc-graph-error.h — Graph and transport failures as GErrors an admin can
 * act on, carrying the Graph error code and request-id for support. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DSC_GRAPH_ERROR (dsc_graph_error_quark ())

typedef enum {
  DSC_GRAPH_ERROR_NOT_SIGNED_IN,    /* no token */
  DSC_GRAPH_ERROR_UNAUTHORIZED,     /* 401 (after one token refresh) */
  DSC_GRAPH_ERROR_FORBIDDEN,        /* 403 */
  DSC_GRAPH_ERROR_NOT_FOUND,        /* 404 */
  DSC_GRAPH_ERROR_BAD_REQUEST,      /* 400, incl. Request_UnsupportedQuery */
  DSC_GRAPH_ERROR_THROTTLED,        /* 429 still after the retry budget */
  DSC_GRAPH_ERROR_SERVER,           /* 5xx still after the retry budget, other statuses */
  DSC_GRAPH_ERROR_NETWORK,          /* connection failed / reset / TLS */
  DSC_GRAPH_ERROR_INVALID_RESPONSE, /* not the JSON we expect (truncated, wrong type) */
  DSC_GRAPH_ERROR_INSECURE_URL,     /* http:// to a non-loopback host */
  DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK,/* @odata.nextLink to another host */
} DscGraphErrorCode;

GQuark      dsc_graph_error_quark          (void);
/* Graph's own code ("Authorization_RequestDenied"), most specific inner code
 * understood; NULL if none. */
const char *dsc_graph_error_get_graph_code (const GError *error);
const char *dsc_graph_error_get_request_id (const GError *error);
guint       dsc_graph_error_get_http_status (const GError *error);

/* Builds an error from an HTTP status and a Graph error body (may be NULL or
 * not JSON). The message reads well on its own. */
GError     *dsc_graph_error_new_from_response (guint status,
                                               const char *body,
                                               gsize body_len,
                                               const char *request_id_header);
GError     *dsc_graph_error_new_full      (DscGraphErrorCode code,
                                           guint http_status,
                                           const char *graph_code,
                                           const char *request_id,
                                           const char *format, ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS

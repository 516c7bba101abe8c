/* dsc-graph-client.h — the one HTTP client for Microsoft Graph.
 *
 * One SoupSession; everything async and cancellable; JSON parsed off the main
 * thread. Retries 429/503/504 honouring Retry-After, jittered exponential
 * backoff otherwise, bounded in attempts and total time; one retry on a
 * transient network error; one token refresh on 401. Follows @odata.nextLink
 * only to the same host. https only, except loopback (the demo tenant).
 */
#pragma once

#include <gio/gio.h>
#include "dsc-json.h"
#include "dsc-token-provider.h"
#include "dsc-graph-batch.h"

G_BEGIN_DECLS

#define DSC_GRAPH_DEFAULT_URL "https://graph.microsoft.com"

#define DSC_TYPE_GRAPH_CLIENT (dsc_graph_client_get_type ())
G_DECLARE_FINAL_TYPE (DscGraphClient, dsc_graph_client, DSC, GRAPH_CLIENT, GObject)

typedef struct {
  guint max_attempts;      /* per request, including the first: 5 */
  guint max_total_ms;      /* give up retrying after this long: 60 000 */
  guint base_delay_ms;     /* first backoff when no Retry-After: 500 */
  guint max_delay_ms;      /* cap for one wait (also caps Retry-After): 30 000 */
} DscGraphRetryPolicy;

/* base_url: scheme + host (+ port), no version: "https://graph.microsoft.com",
 * "http://127.0.0.1:40123". Fails with DSC_GRAPH_ERROR_INSECURE_URL for http://
 * to anything but loopback, G_IO_ERROR_INVALID_ARGUMENT for a malformed URL. */
DscGraphClient *dsc_graph_client_new              (const char        *base_url,
                                                   DscTokenProvider  *tokens,
                                                   GError           **error);
const char     *dsc_graph_client_get_base_url     (DscGraphClient    *self);
const char     *dsc_graph_client_get_host         (DscGraphClient    *self);
void            dsc_graph_client_set_retry_policy (DscGraphClient    *self,
                                                   const DscGraphRetryPolicy *policy);
/* "Low" for background polling, "High" for a refresh the admin asked for. */
void            dsc_graph_client_set_priority     (DscGraphClient    *self,
                                                   const char        *priority);
/* Connections to the Graph host at once (default 16). */
void            dsc_graph_client_set_max_connections (DscGraphClient *self,
                                                   guint              max);
guint           dsc_graph_client_get_max_connections (DscGraphClient *self);
/* HTTP requests sent so far, retries included (for benchmarks and tests). */
guint           dsc_graph_client_get_request_count (DscGraphClient   *self);

/* GET {base}/{version}{path}; path starts with "/" and carries an encoded
 * query. headers: NULL or a NULL-terminated list of name, value, name, value. */
void            dsc_graph_client_get_async        (DscGraphClient      *self,
                                                   DscGraphVersion      version,
                                                   const char          *path,
                                                   const char * const  *headers,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DscJson        *dsc_graph_client_get_finish       (DscGraphClient      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET an absolute @odata.nextLink; refused (DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK)
 * unless it points at the client's own scheme, host and port. */
void            dsc_graph_client_follow_async     (DscGraphClient      *self,
                                                   const char          *next_link,
                                                   const char * const  *headers,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DscJson        *dsc_graph_client_follow_finish    (DscGraphClient      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST the batch's requests as $batch calls of at most 20 (run concurrently),
 * re-sending members that came back 429/503/504 after their Retry-After.
 * Fails only when the batch as a whole could not be done (network, 401, …);
 * per-member outcomes are read from the batch afterwards. */
void            dsc_graph_client_batch_async      (DscGraphClient      *self,
                                                   DscGraphBatch       *batch,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        dsc_graph_client_batch_finish     (DscGraphClient      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Helpers for building paths. */
/* OData string literal: quotes doubled, then percent-encoded for a query. */
char           *dsc_graph_quote_literal           (const char *value);

G_END_DECLS

/* dsc-collector.h — reads one tenant into one immutable snapshot.
 *
 * Uses the fewest round trips the API allows (see docs/graph-calls.md): one
 * round of concurrent $batch calls that brings every error list, then the
 * holders of each conflicting value looked up in batches as pages arrive
 * (on users first, on groups and contacts for addresses no user holds).
 * Per source it records what could not be read for lack of permission or
 * because the service doesn't offer it (not Global Administrator, beta
 * unavailable): that is data, shown on the tiles. A transient failure that
 * survives the client's retries (throttling, network, malformed answers)
 * fails the whole refresh instead, naming the source, so half a tenant is
 * never presented as current and the caller keeps its last good report.
 */
#pragma once

#include "dsc-graph-client.h"
#include "dsc-snapshot.h"

G_BEGIN_DECLS

#define DSC_TYPE_COLLECTOR (dsc_collector_get_type ())
G_DECLARE_FINAL_TYPE (DscCollector, dsc_collector, DSC, COLLECTOR, GObject)

DscCollector *dsc_collector_new        (DscGraphClient       *client);
DscGraphClient *dsc_collector_get_client (DscCollector       *self);

/* Emits "progress" (guint done, guint total) on the caller's main context as
 * requests complete; total grows as pages and lookups are discovered. */
void          dsc_collector_run_async  (DscCollector         *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* NULL with an error when not signed in, the token was refused, the refresh
 * was cancelled, or a source failed for a reason other than permission. */
DscSnapshot  *dsc_collector_run_finish (DscCollector         *self,
                                        GAsyncResult         *result,
                                        GError              **error);

/* The longest chain of requests that each waited for the one before (round 1
 * is 1), of the last run that succeeded: what latency multiplies. */
guint         dsc_collector_get_last_chain (DscCollector       *self);

G_END_DECLS

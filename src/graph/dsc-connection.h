/* dsc-connection.h — how the app reaches one tenant, and the refresh pipeline.
 *
 * A connection is either the built-in demo tenant (a fake Graph server on
 * loopback) or Microsoft Graph with a token provider. refresh = collect a
 * snapshot, then evaluate it off the main thread, giving a report. Shared by
 * the window, the tray and --check so they all see the same thing.
 */
#pragma once

#include "dsc-graph-client.h"
#include "dsc-collector.h"
#include "dsc-fake-tenant.h"
#include "dsc-health.h"

G_BEGIN_DECLS

#define DSC_TYPE_CONNECTION (dsc_connection_get_type ())
G_DECLARE_FINAL_TYPE (DscConnection, dsc_connection, DSC, CONNECTION, GObject)

/* Starts the fake tenant with scenario (NULL: "sync-errors"). live: the demo's
 * healthy sync keeps moving with the clock. */
DscConnection  *dsc_connection_new_demo        (const char        *scenario,
                                                gboolean           live,
                                                GError           **error);
/* graph_url NULL: DSC_GRAPH_DEFAULT_URL. tokens NULL: from the environment
 * variable DSC_ACCESS_TOKEN, else "not signed in". */
DscConnection  *dsc_connection_new_graph       (const char        *graph_url,
                                                DscTokenProvider  *tokens,
                                                GError           **error);
DscGraphClient *dsc_connection_get_client      (DscConnection     *self);
/* NULL unless this is the demo tenant. */
DscFakeTenant  *dsc_connection_get_fake_tenant (DscConnection     *self);
gboolean        dsc_connection_is_demo         (DscConnection     *self);
/* "Demo tenant (sync-errors)" or the Graph host. */
const char     *dsc_connection_get_label       (DscConnection     *self);
DscPolicy      *dsc_connection_get_policy      (DscConnection     *self);

/* Collect + evaluate. Emits "progress" (guint done, guint total) on the
 * calling thread's main context. The last good report is the caller's to
 * keep: a failed refresh only returns an error. */
void            dsc_connection_refresh_async   (DscConnection     *self,
                                                GCancellable      *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer           user_data);
DscReport      *dsc_connection_refresh_finish  (DscConnection     *self,
                                                GAsyncResult      *result,
                                                GError           **error);

G_END_DECLS

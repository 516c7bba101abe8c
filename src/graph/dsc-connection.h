/* dsc-connection.h — how the app reaches one tenant, and one refresh.
 *
 * A connection is a Microsoft Graph root (or any Graph-shaped server, such as
 * the demo tenant on loopback, see src/session/dsc-demo.h) with a token
 * provider. refresh = collect a snapshot, then evaluate it off the main thread
 * (dsc_health_evaluate_async), giving a report. Shared by the session (window
 * and tray) and --check so they all see the same thing.
 */
#pragma once

#include "dsc-graph-client.h"
#include "dsc-collector.h"
#include "dsc-policy.h"
#include "dsc-report.h"

G_BEGIN_DECLS

#define DSC_TYPE_CONNECTION (dsc_connection_get_type ())
G_DECLARE_FINAL_TYPE (DscConnection, dsc_connection, DSC, CONNECTION, GObject)

/* graph_url NULL: DSC_GRAPH_DEFAULT_URL. tokens NULL: from the environment
 * variable DSC_ACCESS_TOKEN, else "not signed in". label NULL: the Graph host. */
DscConnection  *dsc_connection_new             (const char        *graph_url,
                                                DscTokenProvider  *tokens,
                                                const char        *label,
                                                GError           **error);
/* dsc_connection_new() labelled with the Graph host. */
DscConnection  *dsc_connection_new_graph       (const char        *graph_url,
                                                DscTokenProvider  *tokens,
                                                GError           **error);
DscGraphClient *dsc_connection_get_client      (DscConnection     *self);
/* "Demo tenant (sync-errors)" or the Graph host. */
const char     *dsc_connection_get_label       (DscConnection     *self);
/* Whose data this connection reads: names the offline copy. A tenant
 * profile's connection sets it (dsc_profile_dup_data_key()), so two profiles
 * on one Graph host never share an offline copy; unset, it is the label. */
void            dsc_connection_set_data_key    (DscConnection     *self,
                                                const char        *key);
const char     *dsc_connection_get_data_key    (DscConnection     *self);
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

/* The on-premises pre-sync scan, attached to every snapshot this connection
 * collects from now on (the next refresh shows it). scan NULL: the latest
 * scan failed with error_message; the last good one stays. */
void            dsc_connection_set_onprem_scan (DscConnection       *self,
                                                DscOnpremScanResult *scan,
                                                const char          *error_message);
/* Called in a worker thread with each collected snapshot while no scan was
 * set: returns a scan to attach (owned) or NULL. The demo scans its sample
 * directory this way, joined with each refresh's conflicts. */
typedef DscOnpremScanResult *(*DscConnectionScanHook) (DscSnapshot *snapshot, gpointer data);
void            dsc_connection_set_scan_hook   (DscConnection         *self,
                                                DscConnectionScanHook  hook,
                                                gpointer               data,
                                                GDestroyNotify         destroy);
/* The last good scan, or NULL. */
DscOnpremScanResult *dsc_connection_get_onprem_scan (DscConnection *self);

G_END_DECLS

/* dsc-session.h — one tenant as the app follows it: the refresh pipeline.
 *
 * A session owns the connection (a tenant profile's Graph root, or the demo
 * tenant), refresh and cancel, the current report and whether it is the
 * offline copy, the offline snapshot cache, the refresh history and the last
 * refresh error. It is not a widget: the window and the tray monitor observe
 * it (properties and signals) and render; neither refreshes on its own.
 *
 * Properties (all notify explicitly, on the main context):
 *   "connection"      DscConnection*  construct-only
 *   "demo"            DscDemo*        construct-only; NULL unless the demo tenant
 *   "label"           string          the connection's label
 *   "is-demo"         boolean
 *   "report"          DscReport*      the current report, or NULL
 *   "report-is-cached" boolean        the current report is the offline copy
 *   "refreshing"      boolean
 *   "progress"        double          0..1 while refreshing
 *   "refresh-error"   GError*         why the last refresh failed, NULL after a good one
 *   "history-diff"    DscHistoryDiff* what changed since the refresh before, or NULL
 *
 * Signals:
 *   "refreshed"         (DscReport *report)   a fresh report is current
 *   "refresh-failed"    (GError *error)       a refresh failed (not cancelled); the last
 *                                             good report stays current
 *   "refresh-cancelled" (gboolean by_user)    a refresh ended cancelled
 *   "history-recovered" (const char *message) the history file was damaged and moved aside
 *
 * "report-is-cached" is notified before "report", so a "notify::report" handler
 * sees both. On success "refresh-error" (cleared) is notified, then "report",
 * then "refreshing", then "refreshed" is emitted; on failure "refresh-error",
 * "refresh-failed", then "refreshing".
 */
#pragma once

#include "dsc-connection.h"
#include "dsc-onprem-scanner.h"
#include "dsc-demo.h"
#include "dsc-history.h"

G_BEGIN_DECLS

#define DSC_TYPE_SESSION (dsc_session_get_type ())
G_DECLARE_FINAL_TYPE (DscSession, dsc_session, DSC, SESSION, GObject)

DscSession     *dsc_session_new                  (DscConnection  *connection);
/* Starts the demo tenant (scenario NULL: "sync-errors"). */
DscSession     *dsc_session_new_demo             (const char     *scenario,
                                                  gboolean        live,
                                                  GError        **error);

/* A tenant of the multi-tenant demo (see dsc_demo_new_named()). */
DscSession     *dsc_session_new_demo_named       (const char     *name,
                                                  const char     *scenario,
                                                  gboolean        live,
                                                  const char     *token,
                                                  GError        **error);
/* FALSE: refreshes write neither the history nor the offline copy (a
 * headless check of many tenants). Default TRUE. */
void            dsc_session_set_keep_records     (DscSession     *self,
                                                  gboolean        keep);

DscConnection  *dsc_session_get_connection       (DscSession     *self);
const char     *dsc_session_get_label            (DscSession     *self);
gboolean        dsc_session_get_is_demo          (DscSession     *self);
/* NULL unless this is the demo tenant. */
DscDemo        *dsc_session_get_demo             (DscSession     *self);

/* Offline first: loads the offline copy (shown until a refresh brings a fresh
 * report; a copy that arrives after one is dropped) and refreshes. Once; later
 * calls only refresh. */
void            dsc_session_start                (DscSession     *self);
/* Collects and evaluates the tenant; does nothing while a refresh runs. */
void            dsc_session_refresh              (DscSession     *self);
/* The admin's Cancel: "refresh-cancelled" (TRUE) follows. */
void            dsc_session_cancel_refresh       (DscSession     *self);
/* The demo tenant changes to scenario (as a real one would) and is read again.
 * FALSE with an error for an unknown scenario or a session that is no demo. */
gboolean        dsc_session_set_demo_scenario    (DscSession     *self,
                                                  const char     *scenario,
                                                  GError        **error);

/* Borrowed; NULL before the first report. */
DscReport      *dsc_session_get_report           (DscSession     *self);
gboolean        dsc_session_get_report_is_cached (DscSession     *self);
gboolean        dsc_session_get_refreshing       (DscSession     *self);
double          dsc_session_get_progress         (DscSession     *self);
const GError   *dsc_session_get_refresh_error    (DscSession     *self);
DscHistoryDiff *dsc_session_get_history_diff     (DscSession     *self);
/* The offline copy's file. */
const char     *dsc_session_get_cache_path       (DscSession     *self);

/* What a removed tenant profile leaves behind, deleted in a worker thread:
 * the offline copy kept under data_key (dsc_connection_get_data_key()) and,
 * when history is given, the history of the tenant that copy held and of
 * tenant_hint (the profile's tenant, used when it is a tenant ID). */
void            dsc_session_forget_data_async    (const char          *data_key,
                                                  const char          *tenant_hint,
                                                  DscHistory          *history,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        dsc_session_forget_data_finish   (GAsyncResult        *result,
                                                  GError             **error);
/* Runs the on-premises scan (config NULL: the demo's built-in sample
 * directory), joined with the current report's sync errors, then refreshes so
 * the report shows it. A failed scan keeps the last good one. */
void            dsc_session_scan_onprem_async  (DscSession                *self,
                                                const DscOnpremScanConfig *config,
                                                GCancellable              *cancellable,
                                                DscOnpremProgressFunc      progress,
                                                gpointer                   progress_data,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
gboolean        dsc_session_scan_onprem_finish (DscSession                *self,
                                                GAsyncResult              *result,
                                                GError                   **error);

G_END_DECLS

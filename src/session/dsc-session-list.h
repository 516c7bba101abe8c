/* dsc-session-list.h — every tenant the app follows: a GListModel of
 * DscSession, one per tenant profile (or per demo tenant), in the profiles'
 * order. Shared by the window's overview, the tray monitor and
 * --check/--export --all-tenants.
 *
 * Refreshes go through one queue with bounded concurrency (default 4 at a
 * time in the background, 32 for a one-off check), so a hundred tenants never open a hundred refreshes at once; a
 * tenant whose refresh fails (an expired sign-in) never holds up the others.
 *
 * Signals:
 *   "session-changed" (DscSession *session)  a tenant's report, refresh error or
 *                                            refreshing state changed
 *   "queue-drained"                          the refreshes queued have all ended
 */
#pragma once

#include "dsc-session.h"
#include "dsc-tenant-summary.h"

G_BEGIN_DECLS

#define DSC_TYPE_SESSION_LIST (dsc_session_list_get_type ())
G_DECLARE_FINAL_TYPE (DscSessionList, dsc_session_list, DSC, SESSION_LIST, GObject)

#define DSC_SESSION_LIST_DEFAULT_CONCURRENCY 4
/* A one-off read of every tenant that someone waits for (--check/--export
 * --all-tenants): Graph throttles per tenant, so reading many tenants at once
 * costs each of them nothing; only our own sockets bound it. */
#define DSC_SESSION_LIST_ON_DEMAND_CONCURRENCY 32

DscSessionList *dsc_session_list_new             (void);
/* One session per stored tenant profile (empty when there is none). */
DscSessionList *dsc_session_list_new_for_profiles (GError        **error);
/* n_tenants demo tenants (0: one per built-in demo tenant), each its own fake
 * tenant: Contoso (healthy), Fabrikam (sync errors), … and Litware, whose
 * sign-in has expired. Beyond the built-in set the names repeat numbered. */
DscSessionList *dsc_session_list_new_demo        (guint           n_tenants,
                                                  gboolean        live,
                                                  GError        **error);
/* The built-in demo tenants: names and scenarios, NULL-terminated, static. */
const char * const *dsc_session_list_demo_names     (void);
const char * const *dsc_session_list_demo_scenarios (void);

void            dsc_session_list_append          (DscSessionList *self,
                                                  DscSession     *session);
/* By label; borrowed, NULL if none. */
DscSession     *dsc_session_list_lookup          (DscSessionList *self,
                                                  const char     *label);
void            dsc_session_list_set_max_concurrent (DscSessionList *self,
                                                     guint           max);
guint           dsc_session_list_get_max_concurrent (DscSessionList *self);
/* Queues a refresh of session (once; a session already queued or
 * refreshing is left alone). */
void            dsc_session_list_request_refresh (DscSessionList *self,
                                                  DscSession     *session);
void            dsc_session_list_refresh_all     (DscSessionList *self);
/* Refreshes queued or running. */
guint           dsc_session_list_get_pending     (DscSessionList *self);
/* The most refreshes that ran at once so far. */
guint           dsc_session_list_get_peak_running (DscSessionList *self);

/* The refresh error says the token was refused or is missing. */
gboolean        dsc_session_error_needs_sign_in  (const GError   *error);
/* The tenant at a glance (name: its label). */
DscTenantSummary *dsc_session_dup_summary        (DscSession     *session);
/* Every tenant's summary, worst first (DscTenantSummary*, owned). */
GPtrArray      *dsc_session_list_dup_summaries   (DscSessionList *self);

G_END_DECLS

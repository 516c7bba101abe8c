/* dsc-tenant-overview.h — every tenant at a glance: one row per tenant of a
 * DscSessionList, most serious first, filtered by the search entry.
 * Activating a row (click, Enter, or Enter in the filter for the first match)
 * emits "tenant-activated" (DscSession *session). */
#pragma once

#include <adwaita.h>
#include "dsc-session-list.h"

G_BEGIN_DECLS

#define DSC_TYPE_TENANT_OVERVIEW (dsc_tenant_overview_get_type ())
G_DECLARE_FINAL_TYPE (DscTenantOverview, dsc_tenant_overview, DSC, TENANT_OVERVIEW, GtkWidget)

GtkWidget      *dsc_tenant_overview_new          (void);
void            dsc_tenant_overview_set_sessions (DscTenantOverview *self,
                                                  DscSessionList    *sessions);
DscSessionList *dsc_tenant_overview_get_sessions (DscTenantOverview *self);
void            dsc_tenant_overview_set_filter   (DscTenantOverview *self,
                                                  const char        *text);
GtkListBox     *dsc_tenant_overview_get_list     (DscTenantOverview *self);
/* The rows shown, in order (DscTenantRow*, borrowed; filtered out rows left out). */
GPtrArray      *dsc_tenant_overview_dup_visible_rows (DscTenantOverview *self);
/* "3 of 8 tenants need attention". */
const char     *dsc_tenant_overview_get_summary  (DscTenantOverview *self);
/* Gives the keyboard focus to the row of session (after returning from it). */
void            dsc_tenant_overview_focus_session (DscTenantOverview *self,
                                                   DscSession        *session);

/* Typing filters at once: the focus goes to the search entry. */
void            dsc_tenant_overview_focus_filter  (DscTenantOverview *self);

G_END_DECLS

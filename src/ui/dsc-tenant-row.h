/* dsc-tenant-row.h — one tenant in the all-tenants overview: its worst status
 * (icon and words), headline, sync engine, last sync, objects in error,
 * quota, Entra Connect end of support and when it was read. Follows its
 * session; its accessible label says all of it. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-session.h"
#include "dsc-tenant-summary.h"

G_BEGIN_DECLS

#define DSC_TYPE_TENANT_ROW (dsc_tenant_row_get_type ())
G_DECLARE_FINAL_TYPE (DscTenantRow, dsc_tenant_row, DSC, TENANT_ROW, GtkListBoxRow)

GtkWidget              *dsc_tenant_row_new         (DscSession   *session);
DscSession             *dsc_tenant_row_get_session (DscTenantRow *self);
/* The values shown (borrowed; rebuilt when the session changes). */
const DscTenantSummary *dsc_tenant_row_get_summary (DscTenantRow *self);
/* The screen reader's name for the row. */
const char             *dsc_tenant_row_get_accessible_text (DscTenantRow *self);
/* Re-renders ages ("5 minutes ago") against the clock. */
void                    dsc_tenant_row_update      (DscTenantRow *self);

G_END_DECLS

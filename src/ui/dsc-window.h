/* dsc-window.h — the main window: renders one DscSession (tenant header, status
 * tiles, category panes, refresh progress and cancel, the offline copy and the
 * error banner over the last good report). The session refreshes; the window
 * observes it. Actions: dsc-window-actions.c. */
#pragma once

#include <adwaita.h>
#include "dsc-session.h"
#include "dsc-session-list.h"
#include "dsc-tenant-overview.h"
#include "dsc-status-tile.h"
#include "dsc-category-pane.h"

G_BEGIN_DECLS

#define DSC_TYPE_WINDOW (dsc_window_get_type ())
G_DECLARE_FINAL_TYPE (DscWindow, dsc_window, DSC, WINDOW, AdwApplicationWindow)

/* application and session may be NULL (NULL session: not signed in). The
 * window does not start the session (its owner does: dsc_session_start). */
DscWindow       *dsc_window_new               (GtkApplication *application,
                                               DscSession     *session);
DscSession      *dsc_window_get_session       (DscWindow      *self);
/* Shows another tenant: forgets what was shown and follows this session. */
void             dsc_window_set_session       (DscWindow      *self,
                                               DscSession     *session);
/* Every tenant: the window opens on the all-tenants overview (page
 * "tenants"); activating a tenant shows it, Back returns. NULL: one tenant. */
void             dsc_window_set_session_list  (DscWindow      *self,
                                               DscSessionList *sessions);
DscSessionList  *dsc_window_get_session_list  (DscWindow      *self);
/* Shows the all-tenants overview (no-op without a session list). */
void             dsc_window_show_tenants      (DscWindow      *self);
/* Over every tenant: opens session's report on category's pane. */
void             dsc_window_show_tenant_category (DscWindow     *self,
                                                  DscSession    *session,
                                                  DscCategoryId  category);
DscTenantOverview *dsc_window_get_tenant_overview (DscWindow  *self);
/* The report on screen (borrowed): the session's, once rendered; or NULL. */
DscReport       *dsc_window_get_report        (DscWindow      *self);
/* "signed-out", "loading", "error", "overview" or "category". */
const char      *dsc_window_get_page          (DscWindow      *self);
void             dsc_window_show_overview     (DscWindow      *self);
void             dsc_window_show_category     (DscWindow      *self,
                                               DscCategoryId   category);
DscStatusTile   *dsc_window_get_tile          (DscWindow      *self,
                                               DscTileId       tile);
DscCategoryPane *dsc_window_get_category_pane (DscWindow      *self);
/* The subtitle under the tenant name: "Updated 3 minutes ago · …". */
const char      *dsc_window_get_subtitle      (DscWindow      *self);

G_END_DECLS

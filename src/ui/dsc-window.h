/* dsc-window.h — the main window: tenant header, status tiles, category
 * panes, refresh with progress and cancel, offline copy of the last report. */
#pragma once

#include <adwaita.h>
#include "dsc-connection.h"
#include "dsc-status-tile.h"
#include "dsc-category-pane.h"

G_BEGIN_DECLS

#define DSC_TYPE_WINDOW (dsc_window_get_type ())
G_DECLARE_FINAL_TYPE (DscWindow, dsc_window, DSC, WINDOW, AdwApplicationWindow)

/* Signals: "refresh-failed" (const GError *error) when a refresh ends in an error other
 * than a cancellation; the last good report stays on screen.
 *
 * application and connection may be NULL (NULL connection: not signed in). */
DscWindow       *dsc_window_new               (GtkApplication *application,
                                               DscConnection  *connection);
DscConnection   *dsc_window_get_connection    (DscWindow      *self);
/* Shows another tenant: cancels what runs, forgets the report, refreshes. */
void             dsc_window_set_connection    (DscWindow      *self,
                                               DscConnection  *connection);
/* The report on screen (borrowed), or NULL. */
DscReport       *dsc_window_get_report        (DscWindow      *self);
/* TRUE while the report on screen is the offline copy. */
gboolean         dsc_window_get_report_is_cached (DscWindow   *self);
gboolean         dsc_window_get_refreshing    (DscWindow      *self);
void             dsc_window_refresh           (DscWindow      *self);
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

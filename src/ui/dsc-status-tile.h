/* dsc-status-tile.h — one tile of the overview grid: what a DscTile says,
 * status by icon and word (never colour alone), activatable to open the
 * tile's category pane. Ages are re-rendered against the clock. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-report.h"

G_BEGIN_DECLS

#define DSC_TYPE_STATUS_TILE (dsc_status_tile_get_type ())
G_DECLARE_FINAL_TYPE (DscStatusTile, dsc_status_tile, DSC, STATUS_TILE, GtkFlowBoxChild)

GtkWidget    *dsc_status_tile_new          (DscTileId      id);
DscTileId     dsc_status_tile_get_tile_id  (DscStatusTile *self);
DscCategoryId dsc_status_tile_get_category (DscStatusTile *self);
DscStatus     dsc_status_tile_get_status   (DscStatusTile *self);
/* Translated status word shown on the tile: "OK", "Error"… */
const char   *dsc_status_tile_get_status_text (DscStatusTile *self);
const char   *dsc_status_tile_get_value_text  (DscStatusTile *self);
/* evaluated_at: when the tile's texts were computed; now: for re-rendering ages. */
void          dsc_status_tile_set_tile     (DscStatusTile *self,
                                            const DscTile *tile,
                                            gint64         evaluated_at,
                                            gint64         now);
/* Re-renders relative ages ("5 minutes ago") for now. */
void          dsc_status_tile_update_age   (DscStatusTile *self,
                                            gint64         now);

G_END_DECLS

/* dsc-ui-util.h — small rendering helpers shared by the window's widgets:
 * which icon and words stand for a status, tile or category, local times,
 * and opening a web page (through the platform layer). */
#pragma once

#include <gtk/gtk.h>
#include "dsc-types.h"
#include "dsc-report.h"

G_BEGIN_DECLS

const char *dsc_ui_status_icon_name   (DscStatus status);
/* Named-colour style class ("success", "warning", "error", "dim-label"). */
const char *dsc_ui_status_css_class   (DscStatus status);
/* Translated, with the symbol for screen readers and monochrome: "OK", "Error"… */
const char *dsc_ui_status_label       (DscStatus status);
void        dsc_ui_set_status_icon    (GtkImage *image, DscStatus status);
const char *dsc_ui_tile_icon_name     (DscTileId tile);
const char *dsc_ui_category_icon_name (DscCategoryId category);
/* Neutral short name for lists ("Object quota"), where the catalogue's title
 * is phrased as the problem ("Object quota exceeded"). Translated. */
const char *dsc_ui_category_short_title (DscCategoryId category);
/* "Monday 23 November 2026, 18:55" in the local time zone; "" for 0. */
char       *dsc_ui_format_local_time  (gint64 unix_seconds);
/* "14:05" today, else "23 Nov, 14:05". */
char       *dsc_ui_format_short_time  (gint64 unix_seconds, gint64 now);
/* The category's status, but "unknown" rather than "OK" when one of its tiles
 * could not be read (a missing role is not a clean bill of health). */
DscStatus   dsc_ui_category_status    (const DscReport *report,
                                       DscCategoryId    category);
/* The first tile of the category that says which role or permission is missing. */
const char *dsc_ui_category_limited_reason (const DscReport *report,
                                            DscCategoryId    category);
void        dsc_ui_open_uri           (GtkWidget *widget, const char *uri);

G_END_DECLS

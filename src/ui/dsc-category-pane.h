/* dsc-category-pane.h — the detail pane of one problem category: status
 * sentence, what was found, what it means, why it matters, how to fix it,
 * affected objects, where to learn more, and how fresh the data is. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-report.h"
#include "dsc-object-list.h"

G_BEGIN_DECLS

#define DSC_TYPE_CATEGORY_PANE (dsc_category_pane_get_type ())
G_DECLARE_FINAL_TYPE (DscCategoryPane, dsc_category_pane, DSC, CATEGORY_PANE, GtkWidget)

GtkWidget     *dsc_category_pane_new             (void);
/* report may be NULL (catalogue text only). */
void           dsc_category_pane_set_report      (DscCategoryPane *self,
                                                  DscReport       *report,
                                                  DscCategoryId    category);
DscCategoryId  dsc_category_pane_get_category    (DscCategoryPane *self);
DscObjectList *dsc_category_pane_get_object_list (DscCategoryPane *self);
/* TRUE when the category has affected objects to list. */
gboolean       dsc_category_pane_has_objects     (DscCategoryPane *self);
/* Moves keyboard focus to the object filter, if there are objects. */
gboolean       dsc_category_pane_focus_search    (DscCategoryPane *self);
/* Puts keyboard focus on the pane's title (its heading), at the top. */
gboolean       dsc_category_pane_focus_heading   (DscCategoryPane *self);

/* The on-premises pane's line next to Scan Now: progress, or why it failed. */
void           dsc_category_pane_set_scan_status (DscCategoryPane *self,
                                                  const char      *text);

G_END_DECLS

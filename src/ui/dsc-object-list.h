/* dsc-object-list.h — the affected-objects table of a category pane: a
 * column view over DscObjectRow, sortable per column, filtered by a search
 * box, grouped by conflicting value by default, with copy actions. Only the
 * visible rows are realized, so it stays smooth at 100 000 rows. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-object-row.h"

G_BEGIN_DECLS

#define DSC_TYPE_OBJECT_LIST (dsc_object_list_get_type ())
G_DECLARE_FINAL_TYPE (DscObjectList, dsc_object_list, DSC, OBJECT_LIST, GtkWidget)

GtkWidget    *dsc_object_list_new             (void);
/* rows: a GListModel of DscObjectRow, or NULL to clear. */
void          dsc_object_list_set_rows        (DscObjectList *self,
                                               GListModel    *rows);
/* The rows as shown: filtered and sorted. */
GListModel   *dsc_object_list_get_model       (DscObjectList *self);
guint         dsc_object_list_get_n_rows      (DscObjectList *self);
const char   *dsc_object_list_get_search_text (DscObjectList *self);
void          dsc_object_list_set_search_text (DscObjectList *self,
                                               const char    *text);
void          dsc_object_list_focus_search    (DscObjectList *self);
/* column: "kind", "name", "address", "attribute", "value", "role", "since". */
void          dsc_object_list_sort_by         (DscObjectList *self,
                                               const char    *column,
                                               GtkSortType    direction);
/* TRUE while a large list is still being filtered or sorted in the background. */
gboolean      dsc_object_list_is_busy         (DscObjectList *self);
DscObjectRow *dsc_object_list_get_selected    (DscObjectList *self);
/* Selects the row at position in the shown (filtered, sorted) model. */
void          dsc_object_list_select          (DscObjectList *self,
                                               guint          position);

G_END_DECLS

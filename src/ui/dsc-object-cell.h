/* dsc-object-cell.h — one cell of the affected-objects table: shows one
 * string property ("field") of its row item and tells a screen reader what
 * the cell and its row hold.
 *
 * GTK 4.8 has no API to name a column-view row or cell, so a row is read as
 * "GtkListItemWidget" and an empty cell as "GtkLabel" (GTK 4.18 reads the
 * row's text run together and skips empty cells). Each cell therefore sets,
 * through the public GtkAccessible interface, the accessible label of the
 * list's cell widget around it ("Name: Lee Gu", "Since: not set") and of its
 * row: every visible cell's value in column order, an empty one as
 * "<column>: not set" ("User, Lee Gu, LeeG@contoso.com, …, Since: not set").
 * The row name is rebuilt from whatever columns the table has, so a new
 * column is read out with the others. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DSC_TYPE_OBJECT_CELL (dsc_object_cell_get_type ())
G_DECLARE_FINAL_TYPE (DscObjectCell, dsc_object_cell, DSC, OBJECT_CELL, GtkWidget)

GtkWidget  *dsc_object_cell_new           (void);
/* item: any GObject with a string property named by field (a DscObjectRow). */
void        dsc_object_cell_set_item      (DscObjectCell *self,
                                           GObject       *item);
void        dsc_object_cell_set_field     (DscObjectCell *self,
                                           const char    *field);
/* The value shown, "" when the item has none. */
const char *dsc_object_cell_get_text      (DscObjectCell *self);
/* What an empty cell says: "not set" (the default) or, with empty "none", "none". */
const char *dsc_object_cell_get_empty_text (DscObjectCell *self);
/* The accessible label of the row this cell is in, built from the row's
 * cells as they are now; NULL outside a column view's list. */
char       *dsc_object_cell_dup_row_name  (DscObjectCell *self);

/* The spoken form of one cell: the text, or "title: empty_text" when text is
 * empty; with_title also prefixes a non-empty text with its title. A NULL or
 * empty title is left out. */
char       *dsc_object_cell_compose       (const char *title,
                                           const char *text,
                                           const char *empty_text,
                                           gboolean    with_title);

G_END_DECLS

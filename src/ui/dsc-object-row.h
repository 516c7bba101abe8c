/* dsc-object-row.h — one row of the affected-objects list: a GObject view of
 * a DscAffectedObject, with properties the column view binds and sorts on.
 * The store is built off the main thread so 100 000 rows never stall it. */
#pragma once

#include <gio/gio.h>
#include "dsc-report.h"

G_BEGIN_DECLS

#define DSC_TYPE_OBJECT_ROW (dsc_object_row_get_type ())
G_DECLARE_FINAL_TYPE (DscObjectRow, dsc_object_row, DSC, OBJECT_ROW, GObject)

/* report keeps finding and object alive; both are borrowed from it. */
DscObjectRow *dsc_object_row_new           (DscReport               *report,
                                            const DscFinding        *finding,
                                            const DscAffectedObject *object);
const char   *dsc_object_row_get_name      (DscObjectRow *self);
const char   *dsc_object_row_get_address   (DscObjectRow *self);
const char   *dsc_object_row_get_value     (DscObjectRow *self);
const char   *dsc_object_row_get_object_id (DscObjectRow *self);
gboolean      dsc_object_row_get_in_error  (DscObjectRow *self);
gint64        dsc_object_row_get_since     (DscObjectRow *self);
/* The on-premises DN (from the on-premises scan), "" when unknown. */
const char   *dsc_object_row_get_dn        (DscObjectRow *self);
/* The on-premises scan's suggested fix, "" when none. */
const char   *dsc_object_row_get_fix       (DscObjectRow *self);
/* The conflict's diagnosis: short ("Edit in Active Directory") and the whole
 * advice; "" when the finding has none. */
const char   *dsc_object_row_get_diagnosis      (DscObjectRow *self);
const char   *dsc_object_row_get_diagnosis_text (DscObjectRow *self);
/* The object's page in the Entra admin center, "" when it has none. */
const char   *dsc_object_row_get_admin_url      (DscObjectRow *self);
/* The quarantined row of the same conflict, or @self (also for rows of
 * findings that are not conflicts): the rows of one conflict sort together by it. */
DscObjectRow *dsc_object_row_get_lead           (DscObjectRow *self);
const DscFinding *dsc_object_row_get_finding    (DscObjectRow *self);
/* The value's collation key, ignoring case: the default grouping. */
const char   *dsc_object_row_get_value_key      (DscObjectRow *self);
/* The row as shown, one tab-separated line in column order (type, name,
 * UPN / mail, attribute, value, role, since, on-premises DN); tabs and line breaks inside a
 * field become spaces. */
char         *dsc_object_row_dup_tsv       (DscObjectRow *self);
/* needle must already be casefolded (g_utf8_casefold). */
gboolean      dsc_object_row_matches       (DscObjectRow *self,
                                            const char   *needle);

/* A GListStore of DscObjectRow for every affected object of a category's
 * findings; built in a worker thread. */
void          dsc_object_row_build_store_async  (DscReport           *report,
                                                 DscCategoryId        category,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GListStore   *dsc_object_row_build_store_finish (GAsyncResult        *result,
                                                 GError             **error);
/* Same, synchronously (small lists, tests). */
GListStore   *dsc_object_row_build_store        (DscReport           *report,
                                                 DscCategoryId        category);
/* Number of affected objects in a category, cheaply. */
guint         dsc_object_row_count_objects      (const DscReport     *report,
                                                 DscCategoryId        category);

G_END_DECLS

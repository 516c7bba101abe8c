/* dsc-object-row.c — GObject rows for the affected-objects column view. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "dsc-object-row.h"
#include "dsc-ui-util.h"
#include "dsc-time.h"

struct _DscObjectRow
{
  GObject parent_instance;

  DscReport *report;
  const DscFinding *finding;
  const DscAffectedObject *object;
  char *search_key;     /* casefolded name, UPN, mail, value and id */
  char *since_text;     /* lazily formatted */
  DscObjectRow *lead;   /* the first row of the same conflict (owned), NULL: this is it */
  char *admin_tooltip;  /* lazily formatted */
  char *admin_markup;   /* lazily formatted */
  char *value_key;      /* collation key of the casefolded value, for grouping */
};

G_DEFINE_FINAL_TYPE (DscObjectRow, dsc_object_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND_LABEL,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_ATTRIBUTE,
  PROP_VALUE,
  PROP_ROLE_LABEL,
  PROP_IN_ERROR,
  PROP_SINCE,
  PROP_SINCE_TEXT,
  PROP_OBJECT_ID,
  PROP_FINDING_TITLE,
  PROP_DN,
  PROP_FIX,
  PROP_DIAGNOSIS,
  PROP_DIAGNOSIS_TEXT,
  PROP_ADMIN_URL,
  PROP_HAS_ADMIN_URL,
  PROP_ADMIN_MARKUP,
  PROP_ADMIN_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
nonnull (const char *str)
{
  return str != NULL ? str : "";
}

static const char *
dsc_object_row_get_since_text (DscObjectRow *self)
{
  if (self->since_text == NULL)
    {
      /* Sortable and short; the exact instant is in the report exports. */
      self->since_text = self->object->since > 0
        ? dsc_format_local (self->object->since, "%Y-%m-%d", "") : g_strdup ("");
    }

  return self->since_text;
}

static void
dsc_object_row_finalize (GObject *object)
{
  DscObjectRow *self = DSC_OBJECT_ROW (object);

  g_clear_pointer (&self->report, dsc_report_unref);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->since_text, g_free);
  g_clear_pointer (&self->admin_tooltip, g_free);
  g_clear_pointer (&self->admin_markup, g_free);
  g_clear_pointer (&self->value_key, g_free);
  g_clear_object (&self->lead);

  G_OBJECT_CLASS (dsc_object_row_parent_class)->finalize (object);
}

/* An on-premises scan row (its object is the on-premises one, keyed by DN):
 * whether the cloud already fails on the value. */
static const char *
role_text (DscObjectRow *self)
{
  const DscAffectedObject *a = self->object;

  if (a->on_premises_dn != NULL && g_strcmp0 (a->on_premises_dn, a->object->id) == 0)
    return a->in_error ? _("Failing in the cloud") : _("Fix before sync");
  /* A conflict: "Quarantined" or "Current holder". */
  if (self->finding != NULL && self->finding->diagnosis != NULL)
    return dsc_affected_object_role_label (a);
  return a->in_error ? _("In error") : _("Holds the value");
}

static const char *
admin_tooltip (DscObjectRow *self)
{
  if (self->object->admin_url == NULL)
    return "";
  if (self->admin_tooltip == NULL)
    /* Translators: tooltip of a row's link button; %s is the object's name */
    self->admin_tooltip = g_strdup_printf (_("Open %s in the Microsoft Entra admin center"),
                                           dsc_object_row_get_name (self));
  return self->admin_tooltip;
}

/* A link in a label: rows with and without one keep the same height. */
static const char *
admin_markup (DscObjectRow *self)
{
  if (self->object->admin_url == NULL)
    return "";
  if (self->admin_markup == NULL)
    /* Translators: the link to an object's page in the Entra admin center */
    self->admin_markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>",
                                                  self->object->admin_url, _("Open"));
  return self->admin_markup;
}

static void
dsc_object_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DscObjectRow *self = DSC_OBJECT_ROW (object);
  const DscDirectoryObject *obj = self->object->object;

  switch (prop_id)
    {
    case PROP_KIND_LABEL:
      g_value_set_string (value, dsc_object_kind_to_label (obj->kind));
      break;
    case PROP_NAME:
      g_value_set_string (value, dsc_object_row_get_name (self));
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, dsc_object_row_get_address (self));
      break;
    case PROP_ATTRIBUTE:
      g_value_set_string (value, nonnull (self->object->attribute));
      break;
    case PROP_VALUE:
      g_value_set_string (value, dsc_object_row_get_value (self));
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, role_text (self));
      break;
    case PROP_IN_ERROR:
      g_value_set_boolean (value, self->object->in_error);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->object->since);
      break;
    case PROP_SINCE_TEXT:
      g_value_set_string (value, dsc_object_row_get_since_text (self));
      break;
    case PROP_OBJECT_ID:
      g_value_set_string (value, dsc_object_row_get_object_id (self));
      break;
    case PROP_DN:
      g_value_set_string (value, dsc_object_row_get_dn (self));
      break;
    case PROP_FIX:
      g_value_set_string (value, dsc_object_row_get_fix (self));
      break;
    case PROP_FINDING_TITLE:
      g_value_set_string (value, self->finding != NULL ? nonnull (self->finding->title) : "");
      break;
    case PROP_DIAGNOSIS:
      g_value_set_string (value, dsc_object_row_get_diagnosis (self));
      break;
    case PROP_DIAGNOSIS_TEXT:
      g_value_set_string (value, dsc_object_row_get_diagnosis_text (self));
      break;
    case PROP_ADMIN_URL:
      g_value_set_string (value, dsc_object_row_get_admin_url (self));
      break;
    case PROP_HAS_ADMIN_URL:
      g_value_set_boolean (value, self->object->admin_url != NULL);
      break;
    case PROP_ADMIN_TOOLTIP:
      g_value_set_string (value, admin_tooltip (self));
      break;
    case PROP_ADMIN_MARKUP:
      g_value_set_string (value, admin_markup (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_object_row_class_init (DscObjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dsc_object_row_finalize;
  object_class->get_property = dsc_object_row_get_property;

  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_ATTRIBUTE] = g_param_spec_string ("attribute", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  properties[PROP_ROLE_LABEL] = g_param_spec_string ("role-label", NULL, NULL, NULL, flags);
  properties[PROP_IN_ERROR] = g_param_spec_boolean ("in-error", NULL, NULL, FALSE, flags);
  properties[PROP_SINCE] = g_param_spec_int64 ("since", NULL, NULL,
                                               G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SINCE_TEXT] = g_param_spec_string ("since-text", NULL, NULL, NULL, flags);
  properties[PROP_OBJECT_ID] = g_param_spec_string ("object-id", NULL, NULL, NULL, flags);
  properties[PROP_FINDING_TITLE] = g_param_spec_string ("finding-title", NULL, NULL, NULL,
                                                        flags);

  properties[PROP_DN] = g_param_spec_string ("dn", NULL, NULL, NULL, flags);
  properties[PROP_FIX] = g_param_spec_string ("fix", NULL, NULL, NULL, flags);
  properties[PROP_DIAGNOSIS] = g_param_spec_string ("diagnosis", NULL, NULL, NULL, flags);
  properties[PROP_DIAGNOSIS_TEXT] = g_param_spec_string ("diagnosis-text", NULL, NULL, NULL,
                                                         flags);
  properties[PROP_ADMIN_URL] = g_param_spec_string ("admin-url", NULL, NULL, NULL, flags);
  properties[PROP_HAS_ADMIN_URL] = g_param_spec_boolean ("has-admin-url", NULL, NULL, FALSE,
                                                         flags);
  properties[PROP_ADMIN_TOOLTIP] = g_param_spec_string ("admin-tooltip", NULL, NULL, NULL,
                                                        flags);
  properties[PROP_ADMIN_MARKUP] = g_param_spec_string ("admin-markup", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_object_row_init (DscObjectRow *self)
{
}

DscObjectRow *
dsc_object_row_new (DscReport               *report,
                    const DscFinding        *finding,
                    const DscAffectedObject *object)
{
  DscObjectRow *self;
  const DscDirectoryObject *obj;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (object != NULL && object->object != NULL, NULL);

  self = g_object_new (DSC_TYPE_OBJECT_ROW, NULL);
  self->report = dsc_report_ref (report);
  self->finding = finding;
  self->object = object;

  obj = object->object;
  joined = g_strjoin ("\n", nonnull (obj->display_name), nonnull (obj->user_principal_name),
                      nonnull (obj->mail), nonnull (object->value), nonnull (obj->id),
                      nonnull (object->on_premises_dn), NULL);
  self->search_key = g_utf8_casefold (joined, -1);
  {
    g_autofree char *folded = g_utf8_casefold (nonnull (object->value), -1);

    /* Made here (in the worker thread) so sorting 100 000 rows compares bytes. */
    self->value_key = g_utf8_collate_key (folded, -1);
  }

  return self;
}

const char *
dsc_object_row_get_name (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);
  return nonnull (self->object->object->display_name);
}

const char *
dsc_object_row_get_address (DscObjectRow *self)
{
  const DscDirectoryObject *obj;

  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);

  obj = self->object->object;
  if (obj->user_principal_name != NULL && *obj->user_principal_name != '\0')
    return obj->user_principal_name;
  return nonnull (obj->mail);
}

const char *
dsc_object_row_get_value (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);
  return nonnull (self->object->value);
}

const char *
dsc_object_row_get_object_id (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);
  return nonnull (self->object->object->id);
}

gboolean
dsc_object_row_get_in_error (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), FALSE);
  return self->object->in_error;
}

gint64
dsc_object_row_get_since (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), 0);
  return self->object->since;
}

char *
dsc_object_row_dup_tsv (DscObjectRow *self)
{
  const char *fields[8];
  GString *line;

  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);

  fields[0] = dsc_object_kind_to_label (self->object->object->kind);
  fields[1] = dsc_object_row_get_name (self);
  fields[2] = dsc_object_row_get_address (self);
  fields[3] = self->object->attribute;
  fields[4] = dsc_object_row_get_value (self);
  fields[5] = role_text (self);
  fields[6] = dsc_object_row_get_since_text (self);
  fields[7] = dsc_object_row_get_dn (self);

  line = g_string_new (NULL);
  /* The on-premises DN only where the scan named one. */
  for (guint i = 0; i < (*fields[7] != '\0' ? 8 : 7); i++)
    {
      if (i > 0)
        g_string_append_c (line, '\t');
      for (const char *p = fields[i] != NULL ? fields[i] : ""; *p != '\0'; p++)
        g_string_append_c (line, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
    }
  return g_string_free (line, FALSE);
}

gboolean
dsc_object_row_matches (DscObjectRow *self,
                        const char   *needle)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;
  return strstr (self->search_key, needle) != NULL;
}

guint
dsc_object_row_count_objects (const DscReport *report,
                              DscCategoryId    category)
{
  const DscCategoryReport *cat;
  guint n = 0;

  g_return_val_if_fail (report != NULL, 0);

  cat = dsc_report_get_category (report, category);
  if (cat == NULL || cat->findings == NULL)
    return 0;

  for (guint i = 0; i < cat->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (cat->findings, i);

      if (finding->objects != NULL)
        n += finding->objects->len;
    }

  return n;
}

GListStore *
dsc_object_row_build_store (DscReport     *report,
                            DscCategoryId  category)
{
  g_autoptr(GListStore) store = g_list_store_new (DSC_TYPE_OBJECT_ROW);
  g_autoptr(GPtrArray) rows = NULL;
  const DscCategoryReport *cat;

  g_return_val_if_fail (report != NULL, NULL);

  cat = dsc_report_get_category (report, category);
  if (cat == NULL || cat->findings == NULL)
    return g_steal_pointer (&store);

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < cat->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (cat->findings, i);
      DscObjectRow *lead = NULL;
      guint first = rows->len;

      if (finding->objects == NULL)
        continue;
      for (guint j = 0; j < finding->objects->len; j++)
        {
          const DscAffectedObject *ao = g_ptr_array_index (finding->objects, j);
          DscObjectRow *row;

          if (ao == NULL || ao->object == NULL)
            continue;
          row = dsc_object_row_new (report, finding, ao);
          /* The objects of one conflict sort as one, by the quarantined
           * object (else the first). */
          if (lead == NULL || (ao->in_error && !lead->object->in_error))
            lead = row;
          g_ptr_array_add (rows, row);
        }
      /* Only a conflict's objects belong together; other findings list
       * unrelated objects that sort one by one. */
      for (guint j = first; finding->diagnosis != NULL && j < rows->len; j++)
        {
          DscObjectRow *row = g_ptr_array_index (rows, j);

          if (row != lead)
            row->lead = g_object_ref (lead);
        }
    }

  /* One splice: a single items-changed instead of one per row. */
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);

  return g_steal_pointer (&store);
}

static void
build_store_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  DscReport *report = task_data;
  DscCategoryId category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "category"));
  GListStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Nothing is connected to the store yet, so building it here is safe;
   * it is handed to the main thread whole. */
  store = dsc_object_row_build_store (report, category);
  g_task_return_pointer (task, store, g_object_unref);
}

void
dsc_object_row_build_store_async (DscReport           *report,
                                  DscCategoryId        category,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (report != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_object_row_build_store_async);
  g_task_set_task_data (task, dsc_report_ref (report), (GDestroyNotify) dsc_report_unref);
  g_object_set_data (G_OBJECT (task), "category", GUINT_TO_POINTER (category));
  g_task_run_in_thread (task, build_store_thread);
}

GListStore *
dsc_object_row_build_store_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
dsc_object_row_get_dn (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return nonnull (self->object->on_premises_dn);
}

const char *
dsc_object_row_get_diagnosis (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return self->finding != NULL && self->finding->diagnosis != NULL
    ? nonnull (self->finding->diagnosis->label) : "";
}

const char *
dsc_object_row_get_diagnosis_text (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return self->finding != NULL && self->finding->diagnosis != NULL
    ? nonnull (self->finding->diagnosis->text) : "";
}

const char *
dsc_object_row_get_admin_url (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return nonnull (self->object->admin_url);
}

DscObjectRow *
dsc_object_row_get_lead (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);
  return self->lead != NULL ? self->lead : self;
}

const char *
dsc_object_row_get_value_key (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return self->value_key;
}

const DscFinding *
dsc_object_row_get_finding (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), NULL);
  return self->finding;
}

const char *
dsc_object_row_get_fix (DscObjectRow *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_ROW (self), "");
  return nonnull (self->object->suggested_fix);
}

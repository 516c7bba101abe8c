/* dsc-object-cell.c — a cell of the affected-objects table that a screen reader can read. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-object-cell.h"

struct _DscObjectCell
{
  GtkWidget parent_instance;

  GtkWidget *label;
  GObject *item;
  gulong notify_id;     /* the item's notify::<field> */
  char *field;
  char *text;           /* the value shown, never NULL */
  gboolean empty_none;  /* an empty cell says "none", not "not set" */
  gboolean show_tooltip;
};

G_DEFINE_FINAL_TYPE (DscObjectCell, dsc_object_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_FIELD,
  PROP_EMPTY,
  PROP_SHOW_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
dsc_object_cell_compose (const char *title,
                         const char *text,
                         const char *empty_text,
                         gboolean    with_title)
{
  gboolean has_title = title != NULL && *title != '\0';

  if (text != NULL && *text != '\0')
    /* Translators: a table cell read by a screen reader: "Name: Lee Gu" */
    return with_title && has_title ? g_strdup_printf (C_("table cell", "%s: %s"), title, text)
                                   : g_strdup (text);
  if (empty_text == NULL || *empty_text == '\0')
    empty_text = _("not set");
  return has_title ? g_strdup_printf (C_("table cell", "%s: %s"), title, empty_text)
                   : g_strdup (empty_text);
}

/* The widget of the column view around @self: the list's cell widget, the
 * row widget (a child of the GtkListView inside the column view) and the
 * column view. FALSE outside a column view. */
static gboolean
find_table (GtkWidget  *self,
            GtkWidget **cell_out,
            GtkWidget **row_out,
            GtkWidget **view_out)
{
  GtkWidget *cell = gtk_widget_get_parent (self);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  GtkWidget *list = row != NULL ? gtk_widget_get_parent (row) : NULL;
  GtkWidget *view = list != NULL ? gtk_widget_get_ancestor (list, GTK_TYPE_COLUMN_VIEW) : NULL;

  if (list == NULL || !GTK_IS_LIST_VIEW (list) || view == NULL)
    return FALSE;
  *cell_out = cell;
  *row_out = row;
  *view_out = view;
  return TRUE;
}

/* The titles of the visible columns, in order (borrowed from the columns). */
static GPtrArray *
visible_titles (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  guint n = g_list_model_get_n_items (columns);
  GPtrArray *titles = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column))
        g_ptr_array_add (titles, (gpointer) gtk_column_view_column_get_title (column));
    }
  return titles;
}

static guint
count_visible_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n += gtk_widget_get_visible (c) ? 1 : 0;
  return n;
}

/* The text of the labels inside a cell that is not a DscObjectCell. */
static void
collect_label_text (GtkWidget *widget,
                    GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && *text != '\0')
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append (out, text);
        }
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_label_text (c, out);
}

/* How one cell of a row is read: its value, or "<column>: not set". */
static char *
cell_part (GtkWidget  *cell,
           const char *title,
           gboolean    with_title)
{
  GtkWidget *content = gtk_widget_get_first_child (cell);
  g_autoptr(GString) text = NULL;

  if (content != NULL && DSC_IS_OBJECT_CELL (content))
    return dsc_object_cell_compose (title, DSC_OBJECT_CELL (content)->text,
                                    dsc_object_cell_get_empty_text (DSC_OBJECT_CELL (content)),
                                    with_title);

  /* A column made some other way is still read, by its labels. */
  text = g_string_new (NULL);
  collect_label_text (cell, text);
  return dsc_object_cell_compose (title, text->str, _("none"), with_title);
}

static char *
build_row_name (GtkWidget *row,
                GPtrArray *titles)
{
  g_autoptr(GString) name = g_string_new (NULL);
  gboolean titled = titles->len == count_visible_children (row);
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (row); c; c = gtk_widget_get_next_sibling (c))
    {
      g_autofree char *part = NULL;

      if (!gtk_widget_get_visible (c))
        continue;
      part = cell_part (c, titled ? g_ptr_array_index (titles, i) : NULL, FALSE);
      i++;
      if (*part == '\0')
        continue;
      if (name->len > 0)
        /* Translators: between the values of a table row read by a screen reader */
        g_string_append (name, C_("table row", ", "));
      g_string_append (name, part);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Names the row (every visible cell, in column order) and each cell of it
 * ("Name: Lee Gu", "Since: not set"). Each cell does it when its value
 * changes: the last one bound in a row, when the row has all its cells and
 * they match the visible columns, leaves the whole row named. */
static void
update_accessible (DscObjectCell *self)
{
  GtkWidget *cell, *row, *view;
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *row_name = NULL;
  gboolean titled;
  guint i = 0;

  if (!find_table (GTK_WIDGET (self), &cell, &row, &view))
    return;

  titles = visible_titles (GTK_COLUMN_VIEW (view));
  titled = titles->len == count_visible_children (row);
  for (GtkWidget *c = gtk_widget_get_first_child (row); c; c = gtk_widget_get_next_sibling (c))
    {
      g_autofree char *cell_name = NULL;

      if (!gtk_widget_get_visible (c))
        continue;
      cell_name = cell_part (c, titled ? g_ptr_array_index (titles, i) : NULL, TRUE);
      i++;
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cell_name, -1);
    }
  row_name = build_row_name (row, titles);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name,
                                  -1);
}

static void
update (DscObjectCell *self)
{
  g_autofree char *text = NULL;

  if (self->item != NULL && self->field != NULL)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self->item),
                                                        self->field);

      if (pspec != NULL && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING)
        g_object_get (self->item, self->field, &text, NULL);
      else
        g_warning ("%s has no string property \"%s\"", G_OBJECT_TYPE_NAME (self->item),
                   self->field);
    }

  g_free (self->text);
  self->text = text != NULL ? g_steal_pointer (&text) : g_strdup ("");
  gtk_label_set_label (GTK_LABEL (self->label), self->text);
  gtk_widget_set_tooltip_text (self->label,
                               self->show_tooltip && *self->text != '\0' ? self->text : NULL);
  /* Unbound (a recycled row): nothing to read until the next item. */
  if (self->item != NULL)
    update_accessible (self);
}

/* A value that changes on the item shows (and is read) at once. */
static void
watch_item (DscObjectCell *self)
{
  g_autofree char *signal = NULL;

  g_clear_signal_handler (&self->notify_id, self->item);
  if (self->item == NULL || self->field == NULL)
    return;
  signal = g_strconcat ("notify::", self->field, NULL);
  self->notify_id = g_signal_connect_object (self->item, signal, G_CALLBACK (update), self,
                                             G_CONNECT_SWAPPED);
}

void
dsc_object_cell_set_item (DscObjectCell *self,
                          GObject       *item)
{
  g_return_if_fail (DSC_IS_OBJECT_CELL (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (self->item == item)
    return;
  g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  watch_item (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
dsc_object_cell_set_field (DscObjectCell *self,
                           const char    *field)
{
  g_return_if_fail (DSC_IS_OBJECT_CELL (self));

  if (g_strcmp0 (self->field, field) == 0)
    return;
  g_free (self->field);
  self->field = g_strdup (field);
  watch_item (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

const char *
dsc_object_cell_get_text (DscObjectCell *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_CELL (self), NULL);
  return self->text;
}

const char *
dsc_object_cell_get_empty_text (DscObjectCell *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_CELL (self), NULL);
  /* Translators: what a screen reader says for an empty table cell */
  return self->empty_none ? _("none") : _("not set");
}

char *
dsc_object_cell_dup_row_name (DscObjectCell *self)
{
  GtkWidget *cell, *row, *view;
  g_autoptr(GPtrArray) titles = NULL;

  g_return_val_if_fail (DSC_IS_OBJECT_CELL (self), NULL);

  if (!find_table (GTK_WIDGET (self), &cell, &row, &view))
    return NULL;
  titles = visible_titles (GTK_COLUMN_VIEW (view));
  return build_row_name (row, titles);
}

/* GTK 4.12+ binds a row before it puts it in the list: it is named once it is
 * there. */
static void
dsc_object_cell_root (GtkWidget *widget)
{
  DscObjectCell *self = DSC_OBJECT_CELL (widget);

  GTK_WIDGET_CLASS (dsc_object_cell_parent_class)->root (widget);
  if (self->item != NULL)
    update_accessible (self);
}

static void
dsc_object_cell_dispose (GObject *object)
{
  DscObjectCell *self = DSC_OBJECT_CELL (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (dsc_object_cell_parent_class)->dispose (object);
}

static void
dsc_object_cell_finalize (GObject *object)
{
  DscObjectCell *self = DSC_OBJECT_CELL (object);

  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dsc_object_cell_parent_class)->finalize (object);
}

static void
dsc_object_cell_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DscObjectCell *self = DSC_OBJECT_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_EMPTY:
      g_value_set_string (value, self->empty_none ? "none" : "not-set");
      break;
    case PROP_SHOW_TOOLTIP:
      g_value_set_boolean (value, self->show_tooltip);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_object_cell_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DscObjectCell *self = DSC_OBJECT_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      dsc_object_cell_set_item (self, g_value_get_object (value));
      break;
    case PROP_FIELD:
      dsc_object_cell_set_field (self, g_value_get_string (value));
      break;
    case PROP_EMPTY:
      self->empty_none = g_strcmp0 (g_value_get_string (value), "none") == 0;
      update_accessible (self);
      break;
    case PROP_SHOW_TOOLTIP:
      self->show_tooltip = g_value_get_boolean (value);
      update (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_object_cell_class_init (DscObjectCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = dsc_object_cell_dispose;
  object_class->finalize = dsc_object_cell_finalize;
  object_class->get_property = dsc_object_cell_get_property;
  object_class->set_property = dsc_object_cell_set_property;

  properties[PROP_ITEM] = g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  /* "not-set" or "none": what an empty cell says. */
  properties[PROP_EMPTY] = g_param_spec_string ("empty", NULL, NULL, "not-set", flags);
  properties[PROP_SHOW_TOOLTIP] = g_param_spec_boolean ("show-tooltip", NULL, NULL, FALSE,
                                                        flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->root = dsc_object_cell_root;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dsc-object-cell");
  /* What a screen reader reads is the cell and row around this widget; the
   * label inside would only repeat it (or, when empty, say "GtkLabel"). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
dsc_object_cell_init (DscObjectCell *self)
{
  self->text = g_strdup ("");
  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
}

GtkWidget *
dsc_object_cell_new (void)
{
  return g_object_new (DSC_TYPE_OBJECT_CELL, NULL);
}

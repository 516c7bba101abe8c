/* dsc-object-list.c — the affected-objects table. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dsc-object-cell.h"
#include "dsc-object-list.h"
#include "dsc-time.h"
#include "dsc-ui-util.h"

/* Above this many rows, filter and sort in idle slices instead of at once. */
#define INCREMENTAL_THRESHOLD 20000

struct _DscObjectList
{
  GtkWidget parent_instance;

  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkScrolledWindow *scroller;
  GtkColumnView *column_view;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *address_column;
  GtkColumnViewColumn *attribute_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *role_column;
  GtkColumnViewColumn *since_column;
  GtkColumnViewColumn *dn_column;
  GtkColumnViewColumn *fix_column;
  GPtrArray *columns;           /* the columns in order, for fitting them */
  int *base_widths;             /* each column's width from the template */
  guint fit_source;             /* idle: fit the columns to a new width */

  GtkColumnViewColumn *diagnosis_column;
  GtkColumnViewColumn *link_column;

  GtkSorter *column_sorter;   /* the column view's */
  GListModel *rows;
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  GtkSingleSelection *selection;
  GtkWidget *context_menu;  /* GtkPopoverMenu, parented to the list */
  GtkWidget *menu_return_focus;  /* weak: where the keyboard was when the menu opened */
  char *needle;         /* casefolded search text */
};

G_DEFINE_FINAL_TYPE (DscObjectList, dsc_object_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_ROWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DscObjectList *self = user_data;

  return dsc_object_row_matches (DSC_OBJECT_ROW (item), self->needle);
}

static void
update_count (DscObjectList *self)
{
  guint total = self->rows != NULL ? g_list_model_get_n_items (self->rows) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  g_autofree char *text = NULL;

  g_autofree char *total_text = dsc_format_count (total);
  g_autofree char *shown_text = dsc_format_count (shown);

  if (shown == total)
    /* Translators: "1,234 objects", the number grouped as the locale does */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s object", "%s objects", total),
                            total_text);
  else
    /* Translators: "3 of 1,234 objects match" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s object match",
                                         "%s of %s objects match", total),
                            shown_text, total_text);
  gtk_label_set_label (self->count_label, text);
}

static void
on_items_changed (DscObjectList *self)
{
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
}

static void
on_search_changed (DscObjectList  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *needle = g_utf8_casefold (text != NULL ? text : "", -1);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_strstrip (needle);
  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  if (self->needle != NULL && strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle != NULL && strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
on_stop_search (DscObjectList  *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* confirmation: the whole sentence for the toast, e.g. "Value copied". */
static void
copy_text (DscObjectList *self,
           const char    *text,
           const char    *confirmation)
{
  if (text == NULL || *text == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", confirmation);
}

static void
copy_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  DscObjectRow *row = dsc_object_list_get_selected (self);

  if (row != NULL)
    /* Translators: toast after copying the conflicting value of a row */
    copy_text (self, dsc_object_row_get_value (row), _("Value copied"));
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  DscObjectRow *row = dsc_object_list_get_selected (self);

  if (row != NULL)
    /* Translators: toast after copying an object's ID (a GUID) */
    copy_text (self, dsc_object_row_get_object_id (row), _("Object ID copied"));
}

static void
copy_dn_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  DscObjectRow *row = dsc_object_list_get_selected (self);

  if (row != NULL)
    /* Translators: toast after copying an on-premises distinguished name */
    copy_text (self, dsc_object_row_get_dn (row), _("On-premises DN copied"));
}

static void
copy_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  DscObjectRow *row = dsc_object_list_get_selected (self);

  if (row != NULL)
    /* Translators: toast after copying an object's user principal name or mail address */
    copy_text (self, dsc_object_row_get_address (row), _("UPN / mail copied"));
}

static void
copy_row_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  DscObjectRow *row = dsc_object_list_get_selected (self);
  g_autofree char *line = NULL;

  if (row == NULL)
    return;
  line = dsc_object_row_dup_tsv (row);
  /* Translators: toast after copying a whole row of the objects table (tab-separated) */
  copy_text (self, line, _("Row copied"));
}

static void
open_admin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DscObjectRow *row = dsc_object_list_get_selected (DSC_OBJECT_LIST (widget));

  if (row != NULL && *dsc_object_row_get_admin_url (row) != '\0')
    dsc_ui_open_uri (widget, dsc_object_row_get_admin_url (row));
}

/* Keyboard users carry on from the row they were on. */
static void
on_context_menu_closed (DscObjectList *self)
{
  GtkWidget *target = self->menu_return_focus;

  g_clear_weak_pointer (&self->menu_return_focus);
  if (target != NULL && gtk_widget_get_mapped (target))
    gtk_widget_grab_focus (target);
}

static GtkWidget *
ensure_context_menu (DscObjectList *self)
{
  g_autoptr(GMenu) menu = NULL;

  if (self->context_menu != NULL)
    return self->context_menu;

  menu = g_menu_new ();
  g_menu_append (menu, _("Copy _Value"), "objects.copy-value");
  g_menu_append (menu, _("Copy Object _ID"), "objects.copy-id");
  g_menu_append (menu, _("Copy _UPN / Mail"), "objects.copy-address");
  g_menu_append (menu, _("Copy On-premises _DN"), "objects.copy-dn");
  g_menu_append (menu, _("Copy _Row"), "objects.copy-row");
  g_menu_append (menu, _("Open in _Entra Admin Center"), "objects.open-admin");

  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  g_signal_connect_swapped (self->context_menu, "closed", G_CALLBACK (on_context_menu_closed),
                            self);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  return self->context_menu;
}

/* Opens the row menu pointing at (x, y), in the list's coordinates. */
static void
popup_context_menu (DscObjectList *self,
                    double         x,
                    double         y)
{
  GtkWidget *popover = ensure_context_menu (self);
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* A right click leaves the keyboard where it was; from the table it comes back there. */
  g_set_weak_pointer (&self->menu_return_focus,
                      focus != NULL && gtk_widget_is_ancestor (focus,
                                                               GTK_WIDGET (self->column_view))
                      ? focus : NULL);

  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      DscObjectList   *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  graphene_point_t in_view = GRAPHENE_POINT_INIT (x, y);
  graphene_point_t in_list;

  /* The row under the pointer becomes the selection the actions work on;
   * headers and empty space have no row to select. */
  if (picked == NULL || picked == view ||
      !gtk_widget_activate_action (picked, "listitem.select", "(bb)", FALSE, FALSE) ||
      dsc_object_list_get_selected (self) == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_widget_compute_point (view, GTK_WIDGET (self), &in_view, &in_list))
    in_list = in_view;
  popup_context_menu (self, in_list.x, in_list.y);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  if (dsc_object_list_get_selected (self) == NULL)
    return;

  /* From the keyboard: under the focused row, else at the top of the table. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    popup_context_menu (self, bounds.origin.x + MIN (bounds.size.width, 24),
                        bounds.origin.y + bounds.size.height);
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->scroller), widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 24, bounds.origin.y + 24);
}

#if !GTK_CHECK_VERSION (4, 12, 0)
/* GTK 4.8 makes every row of the table a Tab stop, so Tab walks the rows
 * shown before it leaves. Here Tab and Shift+Tab leave the table at once
 * (the arrow keys move between rows), as GTK 4.12's GTK_LIST_TAB_ITEM does:
 * the table is skipped while the window moves focus on. */
static gboolean
on_table_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      DscObjectList         *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkRoot *root = gtk_widget_get_root (view);
  GtkDirectionType direction;

  if (root == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_ISO_Left_Tab ||
      ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK) != 0))
    direction = GTK_DIR_TAB_BACKWARD;
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = GTK_DIR_TAB_FORWARD;
  else
    return FALSE;

  gtk_widget_set_can_focus (view, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (view, TRUE);
  return TRUE;
}
#endif

static void
update_actions (DscObjectList *self)
{
  gboolean has_selection = dsc_object_list_get_selected (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-value", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-id", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-dn",
                                 has_selection && *dsc_object_row_get_dn (dsc_object_list_get_selected (self)) != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-address", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-row", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.open-admin",
                                 has_selection && *dsc_object_row_get_admin_url (dsc_object_list_get_selected (self)) != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.context-menu", has_selection);
}

static void
dsc_object_list_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  DscObjectList *self = DSC_OBJECT_LIST (widget);

  GTK_WIDGET_CLASS (dsc_object_list_parent_class)->size_allocate (widget, width, height,
                                                                  baseline);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

/* Each column has the width its usual content needs (the template's); the
 * width left over goes to the columns that expand (name, address, value,
 * DN), so a wide window shows long values whole and a narrow one keeps the
 * columns an admin acts on readable, the rest a scroll to the right. Run from
 * an idle, never during a size allocation. */
static gboolean
fit_columns (gpointer user_data)
{
  DscObjectList *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->scroller);
  int available = (int) gtk_adjustment_get_page_size (adjustment);
  int total = 0;
  guint n_expand = 0;

  self->fit_source = 0;
  for (guint i = 0; i < self->columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->columns, i);

      if (!gtk_column_view_column_get_visible (column))
        continue;
      total += self->base_widths[i];
      if (gtk_column_view_column_get_expand (column))
        n_expand++;
    }
  for (guint i = 0, k = 0; i < self->columns->len; i++)
    {
      GtkColumnViewColumn *column = g_ptr_array_index (self->columns, i);
      int width = self->base_widths[i];

      if (gtk_column_view_column_get_visible (column)
          && gtk_column_view_column_get_expand (column) && available > total && n_expand > 0)
        {
          /* The last expanding column takes the rounding. */
          width += (available - total) / (int) n_expand
                   + (++k == n_expand ? (available - total) % (int) n_expand : 0);
        }
      if (gtk_column_view_column_get_fixed_width (column) != width)
        gtk_column_view_column_set_fixed_width (column, width);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_fit_columns (DscObjectList *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add (fit_columns, self);
}

static void
dsc_object_list_dispose (GObject *object)
{
  DscObjectList *self = DSC_OBJECT_LIST (object);
  GtkWidget *child;

  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_hadjustment (self->scroller),
                                          self);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);

  g_clear_weak_pointer (&self->menu_return_focus);
  if (self->context_menu != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context_menu, self);
      gtk_widget_unparent (g_steal_pointer (&self->context_menu));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_OBJECT_LIST);
  /* Children the template did not bind are still ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->column_sorter);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (dsc_object_list_parent_class)->dispose (object);
}

static void
dsc_object_list_finalize (GObject *object)
{
  DscObjectList *self = DSC_OBJECT_LIST (object);

  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->base_widths, g_free);

  G_OBJECT_CLASS (dsc_object_list_parent_class)->finalize (object);
}

static void
dsc_object_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DscObjectList *self = DSC_OBJECT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ROWS:
      g_value_set_uint (value, dsc_object_list_get_n_rows (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_object_list_class_init (DscObjectListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_object_list_dispose;
  object_class->finalize = dsc_object_list_finalize;
  object_class->get_property = dsc_object_list_get_property;
  widget_class->size_allocate = dsc_object_list_size_allocate;

  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The cell templates look the row type up by name. */
  g_type_ensure (DSC_TYPE_OBJECT_ROW);
  g_type_ensure (DSC_TYPE_OBJECT_CELL);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/dsc-object-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, count_label);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, scroller);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, column_view);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, kind_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, name_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, address_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, attribute_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, value_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, role_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, since_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, dn_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, fix_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, diagnosis_column);
  gtk_widget_class_bind_template_child (widget_class, DscObjectList, link_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "objects.copy-value", NULL, copy_value_action);
  gtk_widget_class_install_action (widget_class, "objects.copy-id", NULL, copy_id_action);
  gtk_widget_class_install_action (widget_class, "objects.copy-address", NULL,
                                   copy_address_action);
  gtk_widget_class_install_action (widget_class, "objects.copy-row", NULL, copy_row_action);
  gtk_widget_class_install_action (widget_class, "objects.open-admin", NULL, open_admin_action);
  gtk_widget_class_install_action (widget_class, "objects.copy-dn", NULL, copy_dn_action);
  gtk_widget_class_install_action (widget_class, "objects.context-menu", NULL,
                                   context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "objects.copy-value", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "objects.copy-id", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0,
                                       "objects.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "objects.context-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "dsc-object-list");
}

static void name_header (DscObjectList *self);

/* The objects of one conflict stay together however the list is sorted: the
 * conflicts are ordered by their first row (the clicked column, then the
 * value), and within one the quarantined object comes first. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  DscObjectList *self = user_data;
  DscObjectRow *ra = DSC_OBJECT_ROW ((gpointer) a);
  DscObjectRow *rb = DSC_OBJECT_ROW ((gpointer) b);
  DscObjectRow *la = dsc_object_row_get_lead (ra);
  DscObjectRow *lb = dsc_object_row_get_lead (rb);
  GtkOrdering order;

  if (la != lb)
    {
      /* No column sorted: the column view's sorter says "equal" at once. */
      order = gtk_sorter_compare (self->column_sorter, la, lb);
      if (order != GTK_ORDERING_EQUAL)
        return order;
      /* Then by value, ignoring case (keys made with the rows). */
      order = strcmp (dsc_object_row_get_value_key (la), dsc_object_row_get_value_key (lb));
      if (order != 0)
        return order < 0 ? -1 : 1;
      if (dsc_object_row_get_finding (la) != dsc_object_row_get_finding (lb))
        return dsc_object_row_get_finding (la) < dsc_object_row_get_finding (lb) ? -1 : 1;
    }
  if (dsc_object_row_get_in_error (ra) != dsc_object_row_get_in_error (rb))
    return dsc_object_row_get_in_error (ra) ? -1 : 1;
  return g_strcmp0 (dsc_object_row_get_name (ra), dsc_object_row_get_name (rb));
}

static void
on_column_sorter_changed (GtkSorter       *column_sorter,
                          GtkSorterChange  change,
                          GtkSorter       *sorter)
{
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

static void
dsc_object_list_init (DscObjectList *self)
{
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* What an admin acts on stays in view at 1024 px: who, which address,
   * which value, which role; the on-premises columns, the attribute (the
   * value's prefix mostly says it) and the date are a scroll to the right. */
  {
    GtkColumnViewColumn *order[] = {
      self->kind_column, self->name_column, self->address_column, self->value_column,
      self->role_column, self->diagnosis_column, self->dn_column, self->fix_column,
      self->link_column, self->attribute_column, self->since_column,
    };

    self->columns = g_ptr_array_new ();
    self->base_widths = g_new0 (int, G_N_ELEMENTS (order));
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        gtk_column_view_insert_column (self->column_view, i, order[i]);
        g_ptr_array_add (self->columns, order[i]);
        self->base_widths[i] = gtk_column_view_column_get_fixed_width (order[i]);
      }
    g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (self->scroller),
                              "notify::page-size", G_CALLBACK (queue_fit_columns), self);
  }

  self->needle = g_strdup ("");
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));

  /* A clicked column header sorts the conflicts; their objects stay together. */
  self->column_sorter = g_object_ref (gtk_column_view_get_sorter (self->column_view));
  sorter = gtk_custom_sorter_new (compare_rows, self, NULL);
  g_signal_connect_object (self->column_sorter, "changed",
                           G_CALLBACK (on_column_sorter_changed), sorter, 0);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              GTK_SORTER (sorter));
  g_signal_connect_swapped (self->sort_model, "items-changed",
                            G_CALLBACK (on_items_changed), self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (update_actions), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* The table is one Tab stop; the arrow keys move between its rows. */
#if GTK_CHECK_VERSION (4, 12, 0)
  /* GDK_VERSION_MAX_ALLOWED pins GTK 4.8: behind the version check 4.12 API is meant. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_column_view_set_tab_behavior (self->column_view, GTK_LIST_TAB_ITEM);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_table_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  }
#endif

  /* Right click on a row: the row's copy menu. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }

  update_count (self);
  update_actions (self);
  name_header (self);
}

GtkWidget *
dsc_object_list_new (void)
{
  return g_object_new (DSC_TYPE_OBJECT_LIST, NULL);
}

/* The header row and its titles are read by their columns' titles (GTK 4.8
 * reads them as "GtkListItemWidget" and "GtkColumnViewTitle"). */
static void
name_header (DscObjectList *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  GtkWidget *header = NULL;
  guint n_shown = 0, i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_css_name (c), "header") == 0)
      header = c;
  if (header == NULL)
    return;

  for (guint j = 0; j < g_list_model_get_n_items (columns); j++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, j);

      if (gtk_column_view_column_get_visible (column))
        g_ptr_array_add (titles, (gpointer) gtk_column_view_column_get_title (column));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (header); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n_shown += gtk_widget_get_visible (c) ? 1 : 0;
  for (GtkWidget *c = gtk_widget_get_first_child (header);
       c != NULL && n_shown == titles->len; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c))
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_ptr_array_index (titles, i++), -1);

  g_ptr_array_add (titles, NULL);
  /* Translators: between the column titles of a table read by a screen reader */
  joined = g_strjoinv (C_("table row", ", "), (char **) titles->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, joined,
                                  -1);
}

/* The columns only some lists fill (the on-premises DN and fix from the scan,
 * a conflict's diagnosis and admin-center link) are shown when a row has them;
 * then the widths are fitted and the header is named after the columns shown. */
static void
update_optional_columns (DscObjectList *self, GListModel *rows)
{
  const char *(*const getters[]) (DscObjectRow *) = {
    dsc_object_row_get_dn, dsc_object_row_get_fix,
    dsc_object_row_get_diagnosis, dsc_object_row_get_admin_url,
  };
  GtkColumnViewColumn *columns[] = {
    self->dn_column, self->fix_column, self->diagnosis_column, self->link_column,
  };
  gboolean any[G_N_ELEMENTS (columns)] = { FALSE };
  guint n = rows != NULL ? g_list_model_get_n_items (rows) : 0;
  guint found = 0;

  for (guint i = 0; i < n && found < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (rows, i);

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (!any[c] && *getters[c] (row) != '\0')
          {
            any[c] = TRUE;
            found++;
          }
    }
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gtk_column_view_column_set_visible (columns[c], any[c]);
  queue_fit_columns (self);
  name_header (self);
}

void
dsc_object_list_set_rows (DscObjectList *self,
                          GListModel    *rows)
{
  gboolean large;

  g_return_if_fail (DSC_IS_OBJECT_LIST (self));
  g_return_if_fail (rows == NULL || G_IS_LIST_MODEL (rows));

  if (!g_set_object (&self->rows, rows))
    return;

  large = rows != NULL && g_list_model_get_n_items (rows) > INCREMENTAL_THRESHOLD;
  gtk_filter_list_model_set_incremental (self->filter_model, large);
  gtk_sort_list_model_set_incremental (self->sort_model, large);
  /* Columns first: rows bound afterwards are named with the columns shown. */
  update_optional_columns (self, rows);
  gtk_filter_list_model_set_model (self->filter_model, rows);
  update_count (self);
  update_actions (self);
}

GListModel *
dsc_object_list_get_model (DscObjectList *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_LIST (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

guint
dsc_object_list_get_n_rows (DscObjectList *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
}

const char *
dsc_object_list_get_search_text (DscObjectList *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_LIST (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
dsc_object_list_set_search_text (DscObjectList *self,
                                 const char    *text)
{
  g_return_if_fail (DSC_IS_OBJECT_LIST (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's typing delay. */
  on_search_changed (self, self->search_entry);
}

void
dsc_object_list_focus_search (DscObjectList *self)
{
  g_return_if_fail (DSC_IS_OBJECT_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dsc_object_list_sort_by (DscObjectList *self,
                         const char    *column,
                         GtkSortType    direction)
{
  GtkColumnViewColumn *col = NULL;

  g_return_if_fail (DSC_IS_OBJECT_LIST (self));

  if (g_strcmp0 (column, "kind") == 0)
    col = self->kind_column;
  else if (g_strcmp0 (column, "name") == 0)
    col = self->name_column;
  else if (g_strcmp0 (column, "address") == 0)
    col = self->address_column;
  else if (g_strcmp0 (column, "attribute") == 0)
    col = self->attribute_column;
  else if (g_strcmp0 (column, "value") == 0)
    col = self->value_column;
  else if (g_strcmp0 (column, "role") == 0)
    col = self->role_column;
  else if (g_strcmp0 (column, "since") == 0)
    col = self->since_column;

  gtk_column_view_sort_by_column (self->column_view, col, direction);
}

gboolean
dsc_object_list_is_busy (DscObjectList *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_LIST (self), FALSE);
  return gtk_filter_list_model_get_pending (self->filter_model) > 0
         || gtk_sort_list_model_get_pending (self->sort_model) > 0;
}

DscObjectRow *
dsc_object_list_get_selected (DscObjectList *self)
{
  g_return_val_if_fail (DSC_IS_OBJECT_LIST (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

void
dsc_object_list_select (DscObjectList *self,
                        guint          position)
{
  g_return_if_fail (DSC_IS_OBJECT_LIST (self));
  gtk_single_selection_set_selected (self->selection, position);
}

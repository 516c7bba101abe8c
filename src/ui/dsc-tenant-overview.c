/* dsc-tenant-overview.c — the all-tenants overview. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "dsc-tenant-overview.h"
#include "dsc-tenant-row.h"

struct _DscTenantOverview
{
  GtkWidget parent_instance;

  GtkLabel *summary_label;
  GtkSearchEntry *search_entry;
  GtkListBox *list;
  GtkLabel *empty_label;

  DscSessionList *sessions;
  char *filter;          /* casefolded, NULL: none */
  guint age_source;
};

G_DEFINE_FINAL_TYPE (DscTenantOverview, dsc_tenant_overview, GTK_TYPE_WIDGET)

enum {
  SIGNAL_TENANT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
sort_rows (GtkListBoxRow *a, GtkListBoxRow *b, gpointer user_data)
{
  return dsc_tenant_summary_compare (dsc_tenant_row_get_summary (DSC_TENANT_ROW (a)),
                                     dsc_tenant_row_get_summary (DSC_TENANT_ROW (b)));
}

static gboolean
filter_row (GtkListBoxRow *row, gpointer user_data)
{
  DscTenantOverview *self = user_data;
  const DscTenantSummary *s = dsc_tenant_row_get_summary (DSC_TENANT_ROW (row));
  g_autofree char *name = NULL;

  if (self->filter == NULL)
    return TRUE;
  name = g_utf8_casefold (s->name, -1);
  return strstr (name, self->filter) != NULL;
}

static void
update_summary (DscTenantOverview *self)
{
  g_autoptr(GPtrArray) summaries = NULL;
  g_autofree char *text = NULL;
  guint attention;
  guint visible = 0;

  if (self->sessions == NULL)
    return;
  summaries = dsc_session_list_dup_summaries (self->sessions);
  attention = dsc_tenant_summaries_count_attention (summaries);
  text = g_strdup_printf (g_dngettext (NULL, "%u of %u tenant needs attention",
                                       "%u of %u tenants need attention", summaries->len),
                          attention, summaries->len);
  gtk_label_set_text (self->summary_label, text);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DSC_IS_TENANT_ROW (child) && gtk_widget_get_child_visible (child) &&
        filter_row (GTK_LIST_BOX_ROW (child), self))
      visible++;
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label),
                          visible == 0 && summaries->len > 0);
}

static void
on_session_changed (DscSessionList *sessions, DscSession *session, gpointer user_data)
{
  update_summary (user_data);
}

static void
rebuild (DscTenantOverview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->sessions == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(DscSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      gtk_list_box_append (self->list, dsc_tenant_row_new (session));
    }
  update_summary (self);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added,
                  gpointer user_data)
{
  rebuild (user_data);
}

static gboolean
update_ages (gpointer user_data)
{
  DscTenantOverview *self = user_data;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DSC_IS_TENANT_ROW (child))
      dsc_tenant_row_update (DSC_TENANT_ROW (child));
  return G_SOURCE_CONTINUE;
}

void
dsc_tenant_overview_set_sessions (DscTenantOverview *self, DscSessionList *sessions)
{
  g_return_if_fail (DSC_IS_TENANT_OVERVIEW (self));
  g_return_if_fail (sessions == NULL || DSC_IS_SESSION_LIST (sessions));

  if (self->sessions == sessions)
    return;
  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_set_object (&self->sessions, sessions);
  if (sessions != NULL)
    {
      g_signal_connect_object (sessions, "items-changed", G_CALLBACK (on_items_changed), self, 0);
      g_signal_connect_object (sessions, "session-changed", G_CALLBACK (on_session_changed),
                               self, 0);
    }
  rebuild (self);
}

DscSessionList *
dsc_tenant_overview_get_sessions (DscTenantOverview *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_OVERVIEW (self), NULL);
  return self->sessions;
}

void
dsc_tenant_overview_set_filter (DscTenantOverview *self, const char *text)
{
  g_return_if_fail (DSC_IS_TENANT_OVERVIEW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 text != NULL ? text : "") != 0)
    {
      /* Comes back through search-changed. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
    }
  g_clear_pointer (&self->filter, g_free);
  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        self->filter = g_utf8_casefold (stripped, -1);
    }
  gtk_list_box_invalidate_filter (self->list);
  update_summary (self);
}

static void
on_search_changed (DscTenantOverview *self, GtkSearchEntry *entry)
{
  dsc_tenant_overview_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

GPtrArray *
dsc_tenant_overview_dup_visible_rows (DscTenantOverview *self)
{
  GPtrArray *rows = g_ptr_array_new ();

  g_return_val_if_fail (DSC_IS_TENANT_OVERVIEW (self), rows);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row == NULL)
        break;
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)) &&
          filter_row (row, self))
        g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
on_row_activated (DscTenantOverview *self, GtkListBoxRow *row)
{
  g_signal_emit (self, signals[SIGNAL_TENANT_ACTIVATED], 0,
                 dsc_tenant_row_get_session (DSC_TENANT_ROW (row)));
}

/* Enter in the filter opens the first match. */
static void
on_search_activate (DscTenantOverview *self, GtkSearchEntry *entry)
{
  g_autoptr(GPtrArray) rows = dsc_tenant_overview_dup_visible_rows (self);

  if (rows->len > 0)
    on_row_activated (self, g_ptr_array_index (rows, 0));
}

GtkListBox *
dsc_tenant_overview_get_list (DscTenantOverview *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_OVERVIEW (self), NULL);
  return self->list;
}

const char *
dsc_tenant_overview_get_summary (DscTenantOverview *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_OVERVIEW (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

void
dsc_tenant_overview_focus_session (DscTenantOverview *self, DscSession *session)
{
  g_return_if_fail (DSC_IS_TENANT_OVERVIEW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DSC_IS_TENANT_ROW (child) &&
        dsc_tenant_row_get_session (DSC_TENANT_ROW (child)) == session)
      {
        gtk_widget_grab_focus (child);
        return;
      }
}

void
dsc_tenant_overview_focus_filter (DscTenantOverview *self)
{
  g_return_if_fail (DSC_IS_TENANT_OVERVIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
dsc_tenant_overview_dispose (GObject *object)
{
  DscTenantOverview *self = DSC_TENANT_OVERVIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->age_source, g_source_remove);
  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_clear_object (&self->sessions);
  gtk_widget_dispose_template (GTK_WIDGET (object), DSC_TYPE_TENANT_OVERVIEW);
  /* The template's top child has no id: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dsc_tenant_overview_parent_class)->dispose (object);
}

static void
dsc_tenant_overview_finalize (GObject *object)
{
  g_free (DSC_TENANT_OVERVIEW (object)->filter);
  G_OBJECT_CLASS (dsc_tenant_overview_parent_class)->finalize (object);
}

static void
dsc_tenant_overview_class_init (DscTenantOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_tenant_overview_dispose;
  object_class->finalize = dsc_tenant_overview_finalize;

  signals[SIGNAL_TENANT_ACTIVATED] =
    g_signal_new ("tenant-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DSC_TYPE_SESSION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/dsc-tenant-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, DscTenantOverview, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DscTenantOverview, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DscTenantOverview, list);
  gtk_widget_class_bind_template_child (widget_class, DscTenantOverview, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
dsc_tenant_overview_init (DscTenantOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_sort_func (self->list, sort_rows, NULL, NULL);
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  self->age_source = g_timeout_add_seconds (60, update_ages, self);
}

GtkWidget *
dsc_tenant_overview_new (void)
{
  return g_object_new (DSC_TYPE_TENANT_OVERVIEW, NULL);
}

/* dsc-tenant-row.c — one tenant of the overview. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-session-list.h"
#include "dsc-tenant-row.h"
#include "dsc-time.h"
#include "dsc-ui-util.h"

struct _DscTenantRow
{
  GtkListBoxRow parent_instance;

  GtkImage *status_icon;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkSpinner *spinner;
  GtkLabel *headline_label;
  GtkLabel *details_label;

  DscSession *session;
  DscTenantSummary *summary;
  char *accessible_text;
};

G_DEFINE_FINAL_TYPE (DscTenantRow, dsc_tenant_row, GTK_TYPE_LIST_BOX_ROW)

static char *
details_text (const DscTenantSummary *s, gint64 now)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *eos = dsc_tenant_summary_format_end_of_support (s, now);

  if (s->engine != DSC_SYNC_ENGINE_UNKNOWN)
    g_ptr_array_add (parts, g_strdup (dsc_sync_engine_to_label (s->engine)));
  if (s->last_sync > 0)
    {
      g_autofree char *age = dsc_format_age (s->last_sync, now);
      g_ptr_array_add (parts, g_strdup_printf (_("Last sync %s"), age));
    }
  if (s->objects_in_error >= 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%d object in error",
                                                          "%d objects in error",
                                                          s->objects_in_error),
                                             s->objects_in_error));
  if (s->quota_percent >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("Quota %d %%"), s->quota_percent));
  if (eos != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Entra Connect support %s"), eos));
  if (s->read_at > 0)
    {
      g_autofree char *age = dsc_format_age (s->read_at, now);
      g_ptr_array_add (parts, g_strdup_printf (s->is_cached ? _("Offline copy from %s")
                                                            : _("Read %s"), age));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("Not read yet")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

void
dsc_tenant_row_update (DscTenantRow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *details = NULL;
  const char *status_text;

  g_return_if_fail (DSC_IS_TENANT_ROW (self));

  g_clear_pointer (&self->summary, dsc_tenant_summary_free);
  self->summary = dsc_session_dup_summary (self->session);
  details = details_text (self->summary, now);
  status_text = self->summary->needs_sign_in ? _("Sign-in expired")
                                             : dsc_ui_status_label (self->summary->status);

  gtk_label_set_text (self->name_label, self->summary->name);
  gtk_label_set_text (self->status_label, status_text);
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { dsc_ui_status_css_class (self->summary->status),
                                                 NULL });
  dsc_ui_set_status_icon (self->status_icon, self->summary->status);
  gtk_label_set_text (self->headline_label, self->summary->headline);
  gtk_label_set_text (self->details_label, details);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), dsc_session_get_refreshing (self->session));
  gtk_spinner_set_spinning (self->spinner, dsc_session_get_refreshing (self->session));

  g_free (self->accessible_text);
  self->accessible_text = dsc_tenant_summary_accessible_label (self->summary, now);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->accessible_text, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary->problem);
}

static void
on_session_changed (DscSession *session, GParamSpec *pspec, gpointer user_data)
{
  DscTenantRow *self = user_data;

  dsc_tenant_row_update (self);
  /* The status may have changed: the list sorts and filters again. */
  gtk_list_box_row_changed (GTK_LIST_BOX_ROW (self));
}

static void
dsc_tenant_row_dispose (GObject *object)
{
  DscTenantRow *self = DSC_TENANT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), DSC_TYPE_TENANT_ROW);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dsc_tenant_row_parent_class)->dispose (object);
}

static void
dsc_tenant_row_finalize (GObject *object)
{
  DscTenantRow *self = DSC_TENANT_ROW (object);

  g_clear_pointer (&self->summary, dsc_tenant_summary_free);
  g_free (self->accessible_text);
  G_OBJECT_CLASS (dsc_tenant_row_parent_class)->finalize (object);
}

static void
dsc_tenant_row_class_init (DscTenantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_tenant_row_dispose;
  object_class->finalize = dsc_tenant_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/dsc-tenant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, DscTenantRow, details_label);
}

static void
dsc_tenant_row_init (DscTenantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dsc_tenant_row_new (DscSession *session)
{
  DscTenantRow *self;

  g_return_val_if_fail (DSC_IS_SESSION (session), NULL);

  self = g_object_new (DSC_TYPE_TENANT_ROW, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::report", G_CALLBACK (on_session_changed), self, 0);
  g_signal_connect_object (session, "notify::refresh-error", G_CALLBACK (on_session_changed),
                           self, 0);
  g_signal_connect_object (session, "notify::refreshing", G_CALLBACK (on_session_changed),
                           self, 0);
  dsc_tenant_row_update (self);
  return GTK_WIDGET (self);
}

DscSession *
dsc_tenant_row_get_session (DscTenantRow *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_ROW (self), NULL);
  return self->session;
}

const DscTenantSummary *
dsc_tenant_row_get_summary (DscTenantRow *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_ROW (self), NULL);
  return self->summary;
}

const char *
dsc_tenant_row_get_accessible_text (DscTenantRow *self)
{
  g_return_val_if_fail (DSC_IS_TENANT_ROW (self), NULL);
  return self->accessible_text;
}

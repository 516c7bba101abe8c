/* dsc-command-block.c — a command as a code block with a Copy button. */
#include "config.h"

#include <glib/gi18n.h>

#include "dsc-command-block.h"

/* How long the button shows that the command was copied. */
#define COPIED_SECONDS 2

struct _DscCommandBlock
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkLabel *label;
  GtkButton *copy_button;
  char *command;
  guint copied_source;
};

G_DEFINE_FINAL_TYPE (DscCommandBlock, dsc_command_block, GTK_TYPE_WIDGET)

static void
show_copy_state (DscCommandBlock *self, gboolean copied)
{
  const char *text = copied ? _("Command copied") : _("Copy command");

  gtk_button_set_icon_name (self->copy_button,
                            copied ? "object-select-symbolic" : "edit-copy-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static gboolean
copied_timeout (gpointer data)
{
  DscCommandBlock *self = data;

  self->copied_source = 0;
  show_copy_state (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_copy_clicked (DscCommandBlock *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->command);

  /* A confirmation on the button itself, and a toast where the window offers one. */
  show_copy_state (self, TRUE);
  g_clear_handle_id (&self->copied_source, g_source_remove);
  self->copied_source = g_timeout_add_seconds (COPIED_SECONDS, copied_timeout, self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Command copied"));
}

static void
dsc_command_block_dispose (GObject *object)
{
  DscCommandBlock *self = DSC_COMMAND_BLOCK (object);

  g_clear_handle_id (&self->copied_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_COMMAND_BLOCK);
  G_OBJECT_CLASS (dsc_command_block_parent_class)->dispose (object);
}

static void
dsc_command_block_finalize (GObject *object)
{
  DscCommandBlock *self = DSC_COMMAND_BLOCK (object);

  g_free (self->command);
  G_OBJECT_CLASS (dsc_command_block_parent_class)->finalize (object);
}

static void
dsc_command_block_class_init (DscCommandBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_command_block_dispose;
  object_class->finalize = dsc_command_block_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/"
                                               "dsc-command-block.ui");
  gtk_widget_class_bind_template_child (widget_class, DscCommandBlock, scroller);
  gtk_widget_class_bind_template_child (widget_class, DscCommandBlock, label);
  gtk_widget_class_bind_template_child (widget_class, DscCommandBlock, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "commandblock");
}

static void
dsc_command_block_init (DscCommandBlock *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dsc_command_block_new (const char *command)
{
  DscCommandBlock *self = g_object_new (DSC_TYPE_COMMAND_BLOCK, NULL);

  g_return_val_if_fail (command != NULL, NULL);

  self->command = g_strdup (command);
  gtk_label_set_text (self->label, command);
  /* Read as code: the command is the label's text, the block says what it is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Command"), -1);
  return GTK_WIDGET (self);
}

const char *
dsc_command_block_get_command (DscCommandBlock *self)
{
  g_return_val_if_fail (DSC_IS_COMMAND_BLOCK (self), NULL);
  return self->command;
}

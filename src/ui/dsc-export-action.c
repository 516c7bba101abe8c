/* dsc-export-action.c — the window's "Export Report…": GtkFileChooserNative
 * (a portal where there is one), the format from the chosen filter or the
 * file name, dsc_export_report_async() so the window never waits, a toast.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include <glib/gi18n-lib.h>

#include "dsc-export-file.h"
#include "dsc-export-action.h"
#include "dsc-time.h"

typedef struct {
  GtkWidget *window;          /* owns this */
  GSimpleAction *action;
  DscExportGetReport get_report;
  gpointer user_data;
  GtkFileChooserNative *chooser;
  GtkFileFilter *filters[DSC_EXPORT_N_FORMATS];
  GCancellable *cancellable;  /* the export under way, or NULL */
} ExportAction;

static void
export_action_free (gpointer data)
{
  ExportAction *self = data;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->action);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
    g_clear_object (&self->filters[i]);
  g_free (self);
}

static void
toast (GtkWidget *window, const char *message)
{
  if (window == NULL || !gtk_widget_activate_action (window, "win.toast", "s", message))
    g_message ("%s", message);
}

char *
dsc_export_action_suggest_name (const DscReport *report, const char *extension)
{
  const DscSnapshot *s = report->snapshot;
  const char *tenant = s->initial_domain != NULL ? s->initial_domain
                     : s->tenant_name != NULL ? s->tenant_name : "tenant";
  g_autofree char *date = dsc_format_utc (report->evaluated_at, "%Y-%m-%d", "report");
  g_autofree char *safe = g_strdup (tenant);

  /* Nothing that a file system or a shell would trip over. */
  for (char *p = safe; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      *p = '-';
  return g_strdup_printf ("dirsync-report-%s-%s.%s", safe, date, extension);
}

typedef struct {
  GWeakRef window;
  char *name;
  DscExportFormat format;
} DoneData;

static void
export_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DoneData *done = data;
  g_autoptr(GtkWidget) window = g_weak_ref_get (&done->window);
  g_autoptr(GError) error = NULL;

  if (dsc_export_report_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Report saved as “%s”"), done->name);
      toast (window, message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (window, error->message);

  if (window != NULL)
    {
      ExportAction *self = g_object_get_data (G_OBJECT (window), "dsc-export-action");

      if (self != NULL)
        {
          g_clear_object (&self->cancellable);
          g_simple_action_set_enabled (self->action, TRUE);
        }
    }
  g_weak_ref_clear (&done->window);
  g_free (done->name);
  g_free (done);
}

static void
start_export (ExportAction *self, DscReport *report, GFile *file, DscExportFormat format)
{
  DoneData *done = g_new0 (DoneData, 1);
  g_autofree char *saving = NULL;

  g_weak_ref_init (&done->window, self->window);
  done->name = g_file_get_basename (file);
  done->format = format;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  saving = g_strdup_printf (_("Saving “%s”…"), done->name);
  toast (self->window, saving);
  dsc_export_report_async (report, format, file, self->cancellable, export_done, done);
}

static void
chooser_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  ExportAction *self = data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  GtkFileFilter *filter;
  DscExportFormat format = DSC_EXPORT_FORMAT_HTML;
  DscReport *report;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  report = self->get_report (self->user_data);
  if (file == NULL || report == NULL)
    return;

  /* The file name decides when it has a known extension; else the filter,
   * and the extension is added so the file opens in the right program. */
  name = g_file_get_basename (file);
  if (!dsc_export_format_from_filename (name, &format))
    {
      g_autofree char *with_extension = NULL;
      g_autoptr(GFile) parent = g_file_get_parent (file);

      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
        if (filter == self->filters[i])
          format = i;
      with_extension = g_strdup_printf ("%s.%s", name, dsc_export_format_get_extension (format));
      if (parent != NULL)
        {
          g_object_unref (file);
          file = g_file_get_child (parent, with_extension);
        }
    }
  g_simple_action_set_enabled (self->action, FALSE);
  start_export (self, report, file, format);
}

static void
export_activate (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ExportAction *self = data;
  DscReport *report = self->get_report (self->user_data);
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (report == NULL)
    {
      toast (self->window, _("Nothing to export yet: refresh first."));
      return;
    }
  if (self->cancellable != NULL)
    return;

  root = gtk_widget_get_root (self->window);
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Export Report"),
                                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   GTK_FILE_CHOOSER_ACTION_SAVE,
                                                   _("_Export"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      for (guint i = 0; i < DSC_EXPORT_N_FORMATS; i++)
        {
          g_autofree char *pattern = g_strdup_printf ("*.%s",
                                                      dsc_export_format_get_extension (i));
          g_autofree char *label = g_strdup_printf ("%s (%s)", dsc_export_format_get_label (i),
                                                    pattern);

          self->filters[i] = gtk_file_filter_new ();
          gtk_file_filter_set_name (self->filters[i], label);
          gtk_file_filter_add_pattern (self->filters[i], pattern);
          if (i == DSC_EXPORT_FORMAT_HTML)
            gtk_file_filter_add_pattern (self->filters[i], "*.htm");
          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), self->filters[i]);
        }
      g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
    }
  /* A printable page is what most admins want to hand on. */
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser),
                               self->filters[DSC_EXPORT_FORMAT_HTML]);
  name = dsc_export_action_suggest_name (report, "html");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
dsc_export_action_install (GtkWidget *window, DscExportGetReport get_report, gpointer user_data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("report", NULL);
  GtkEventController *shortcuts;
  ExportAction *self;

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (get_report != NULL);

  self = g_new0 (ExportAction, 1);
  self->window = window;
  self->get_report = get_report;
  self->user_data = user_data;
  g_object_set_data_full (G_OBJECT (window), "dsc-export-action", self, export_action_free);

  self->action = g_object_ref (action);
  g_signal_connect (action, "activate", G_CALLBACK (export_activate), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (window, "export", G_ACTION_GROUP (group));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_LOCAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e, GDK_CONTROL_MASK),
                      gtk_named_action_new ("export.report")));
  gtk_widget_add_controller (window, shortcuts);
}

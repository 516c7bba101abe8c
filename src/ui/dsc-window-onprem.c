/* dsc-window-onprem.c — the on-premises pane's actions: Scan Now (settings
 * from Preferences, the bind password from the secret store; the demo scans
 * its sample directory), Cancel Scan, and Save Fix Script (the PowerShell
 * script of the last good scan, through the native file chooser). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>

#include <glib/gi18n.h>

#include "dsc-category-pane.h"
#include "dsc-onprem-report.h"
#include "dsc-onprem-run.h"
#include "dsc-platform.h"
#include "dsc-window-private.h"

typedef struct {
  GWeakRef window;
  GCancellable *cancellable;
  DscOnpremScanConfig config;
} ScanRun;

static void
scan_run_free (ScanRun *run)
{
  g_weak_ref_clear (&run->window);
  g_clear_object (&run->cancellable);
  dsc_onprem_scan_config_clear (&run->config);
  g_free (run);
}

static DscOnpremScanResult *
current_scan (DscWindow *self)
{
  DscReport *report = self->session != NULL ? dsc_session_get_report (self->session) : NULL;

  return report != NULL && report->snapshot != NULL ? report->snapshot->onprem_scan : NULL;
}

void
_dsc_window_onprem_actions_update (DscWindow *self)
{
  gboolean scanning = self->scan_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.scan-onprem",
                                 self->session != NULL && !scanning);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-scan-onprem", scanning);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-fix-script",
                                 current_scan (self) != NULL);
}

static void
set_status (DscWindow *self, const char *text)
{
  dsc_category_pane_set_scan_status (self->category_pane, text);
}

static void
scan_finished (DscWindow *self, ScanRun *run)
{
  if (self->scan_cancellable == run->cancellable)
    g_clear_object (&self->scan_cancellable);
  _dsc_window_onprem_actions_update (self);
}

static void
on_progress (guint objects_read, gpointer data)
{
  ScanRun *run = data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&run->window);
  g_autofree char *text = NULL;

  if (self == NULL)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Scanning… %u object read",
                                       "Scanning… %u objects read", objects_read),
                          objects_read);
  set_status (self, text);
}

static void
on_scan_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ScanRun *run = data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&run->window);
  g_autoptr(GError) error = NULL;

  dsc_session_scan_onprem_finish (DSC_SESSION (source), result, &error);
  if (self != NULL)
    {
      if (error == NULL)
        set_status (self, _("Scan finished; the report is being updated."));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, _("Scan cancelled."));
      else
        {
          g_autofree char *text = g_strdup_printf (_("The scan failed: %s"), error->message);
          set_status (self, text);
        }
      scan_finished (self, run);
    }
  scan_run_free (run);
}

static void
start_scan (DscWindow *self, ScanRun *run, gboolean sample)
{
  set_status (self, _("Scanning…"));
  dsc_session_scan_onprem_async (self->session, sample ? NULL : &run->config, run->cancellable,
                                 on_progress, run, on_scan_done, run);
}

static void
on_password_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  ScanRun *run = data;
  g_autoptr(DscWindow) self = g_weak_ref_get (&run->window);
  g_autoptr(GError) error = NULL;

  run->config.password = dsc_secret_store_load_finish (result, &error);
  if (self == NULL || self->session == NULL || g_cancellable_is_cancelled (run->cancellable))
    {
      if (self != NULL)
        scan_finished (self, run);
      scan_run_free (run);
      return;
    }
  if (run->config.password == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the bind account's DN */
      text = g_strdup_printf (_("No password stored for %s: enter it in Preferences, "
                                "On-Premises Scan."), run->config.bind_dn);
      set_status (self, text);
      scan_finished (self, run);
      scan_run_free (run);
      return;
    }
  start_scan (self, run, FALSE);
}

static char *
nonempty (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
scan_onprem_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);
  ScanRun *run;

  if (self->session == NULL || self->scan_cancellable != NULL)
    return;

  run = g_new0 (ScanRun, 1);
  g_weak_ref_init (&run->window, self);
  run->cancellable = g_cancellable_new ();
  self->scan_cancellable = g_object_ref (run->cancellable);
  _dsc_window_onprem_actions_update (self);

  /* The demo tenant's directory is the built-in sample. */
  if (dsc_session_get_is_demo (self->session))
    {
      start_scan (self, run, TRUE);
      return;
    }

  run->config.url = nonempty (g_settings_get_string (self->settings, "onprem-ldap-url"));
  run->config.bases = g_settings_get_strv (self->settings, "onprem-base-dns");
  run->config.bind_dn = nonempty (g_settings_get_string (self->settings, "onprem-bind-dn"));
  if (run->config.bind_dn == NULL)
    {
      start_scan (self, run, FALSE);
      return;
    }
  {
    g_autofree char *key = dsc_onprem_bind_secret_key (run->config.bind_dn);

    set_status (self, _("Reading the bind password from the secret store…"));
    dsc_secret_store_load_async (key, run->cancellable, on_password_loaded, run);
  }
}

static void
cancel_scan_onprem_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);

  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
}

/* ---- Save Fix Script ---- */

static void
on_script_written (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(DscWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    /* Translators: %s is the reason */
    message = g_strdup_printf (_("The fix script could not be saved: %s"), error->message);
  else
    message = g_strdup (_("Fix script saved. Review it, run it with -WhatIf, then with -Apply."));
  _dsc_window_show_toast (self, message);
}

static void
on_script_chosen (GtkNativeDialog *dialog, int response, gpointer data)
{
  DscWindow *self = DSC_WINDOW (data);
  g_autoptr(GFile) file = NULL;
  DscOnpremScanResult *scan = current_scan (self);

  if (response == GTK_RESPONSE_ACCEPT && scan != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      char *script = dsc_onprem_report_powershell (scan);
      g_autoptr(GBytes) bytes = g_bytes_new_take (script, strlen (script));

      /* A temporary file, then a rename: never half a script. */
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                           on_script_written, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
save_fix_script_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DscWindow *self = DSC_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (current_scan (self) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save Fix Script"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "fix-onprem-attributes.ps1");
  gtk_file_filter_set_name (filter, _("PowerShell scripts"));
  gtk_file_filter_add_pattern (filter, "*.ps1");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_script_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_dsc_window_onprem_actions_init (DscWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.scan-onprem", NULL, scan_onprem_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-scan-onprem", NULL,
                                   cancel_scan_onprem_action);
  gtk_widget_class_install_action (widget_class, "win.save-fix-script", NULL,
                                   save_fix_script_action);
}

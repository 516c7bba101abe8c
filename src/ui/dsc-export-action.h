/* dsc-export-action.h — "Export Report…" (Ctrl+E) for a window: a save
 * dialog with one filter per format, the export in a worker thread, and a
 * toast when it is done or failed. Added to a window without touching it. */
#pragma once

#include <gtk/gtk.h>
#include "dsc-report.h"

G_BEGIN_DECLS

/* Returns the report on screen (borrowed) or NULL. */
typedef DscReport *(*DscExportGetReport) (gpointer user_data);

/* Inserts the action group "export" with the action "export.report" into
 * window and binds Ctrl+E to it. Toasts go through the window's "win.toast"
 * action (parameter "s") when it has one. */
void dsc_export_action_install (GtkWidget          *window,
                                DscExportGetReport  get_report,
                                gpointer            user_data);

/* "dirsync-report-contoso.onmicrosoft.com-2026-11-23.html" */
char *dsc_export_action_suggest_name (const DscReport *report,
                                      const char      *extension);

G_END_DECLS

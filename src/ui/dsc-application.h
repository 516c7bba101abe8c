/* dsc-application.h — the GTK application: one main window on the tenant
 * given at start (demo or Graph), app-wide actions, style and icons. */
#pragma once

#include <adwaita.h>
#include "dsc-connection.h"
#include "dsc-monitor.h"
#include "dsc-window.h"

G_BEGIN_DECLS

#define DSC_TYPE_APPLICATION (dsc_application_get_type ())
G_DECLARE_FINAL_TYPE (DscApplication, dsc_application, DSC, APPLICATION, AdwApplication)

/* connection: the tenant to show (demo or Graph); NULL = not signed in (show the sign-in call to action + "Try the demo tenant"). */
DscApplication *dsc_application_new (DscConnection *connection);
/* --background (start at sign-in): the first activation monitors from the tray and shows no
 * window; any later activation shows it. Call before g_application_run. */
void            dsc_application_set_start_hidden (DscApplication *self,
                                                  gboolean        hidden);
DscMonitor     *dsc_application_get_monitor      (DscApplication *self);
/* The tenant window (hidden or not), not a dialog; NULL before the first activation. */
DscWindow      *dsc_application_get_main_window  (DscApplication *self);

G_END_DECLS

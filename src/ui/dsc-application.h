/* dsc-application.h — the GTK application: owns the DscSession (the tenant shown,
 * demo or Graph) and hands it to the main window and the tray monitor, which both
 * follow it; app-wide actions, style and icons. */
#pragma once

#include <adwaita.h>
#include "dsc-session.h"
#include "dsc-monitor.h"
#include "dsc-window.h"

G_BEGIN_DECLS

#define DSC_TYPE_APPLICATION (dsc_application_get_type ())
G_DECLARE_FINAL_TYPE (DscApplication, dsc_application, DSC, APPLICATION, AdwApplication)

/* session: the tenant to show (demo or Graph), started on the first activation; NULL = not
 * signed in (show the sign-in call to action + "Try the demo tenant"). */
DscApplication *dsc_application_new (DscSession *session);
DscSession     *dsc_application_get_session      (DscApplication *self);
/* Another tenant (sign-in, tenant switch, the demo): the window and the monitor follow the
 * new session, which starts (offline copy, then a refresh). */
void            dsc_application_set_session      (DscApplication *self,
                                                  DscSession     *session);
/* --background (start at sign-in): the first activation monitors from the tray and shows no
 * window; any later activation shows it. Call before g_application_run. */
void            dsc_application_set_start_hidden (DscApplication *self,
                                                  gboolean        hidden);
/* Every tenant (before the first activation): the window opens on the all-tenants
 * overview, the monitor follows them all and the list refreshes them. */
void            dsc_application_set_session_list (DscApplication *self,
                                                  DscSessionList *sessions);
DscSessionList *dsc_application_get_session_list (DscApplication *self);
DscMonitor     *dsc_application_get_monitor      (DscApplication *self);
/* The tenant window (hidden or not), not a dialog; NULL before the first activation. */
DscWindow      *dsc_application_get_main_window  (DscApplication *self);

G_END_DECLS

/* dsc-application.h — the GTK application: one main window on the tenant
 * given at start (demo or Graph), app-wide actions, style and icons. */
#pragma once

#include <adwaita.h>
#include "dsc-connection.h"

G_BEGIN_DECLS

#define DSC_TYPE_APPLICATION (dsc_application_get_type ())
G_DECLARE_FINAL_TYPE (DscApplication, dsc_application, DSC, APPLICATION, AdwApplication)

/* connection: the tenant to show (demo or Graph); NULL = not signed in (show the sign-in call to action + "Try the demo tenant"). */
DscApplication *dsc_application_new (DscConnection *connection);

G_END_DECLS

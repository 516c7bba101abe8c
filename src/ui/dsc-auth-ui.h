/* dsc-auth-ui.h — sign-in for the application: app.sign-in (the first-run
 * assistant), app.tenants (the switcher) and app.sign-out. They act on the
 * application (a new DscSession: dsc_application_set_session()). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Call once from the application's startup. */
void  dsc_auth_ui_install          (GtkApplication      *app);
/* What the window says after a sign-in that was not granted every permission:
 * each missing one with the checks it limits (dsc_cloud_permission_limits());
 * NULL when nothing is missing. */
char *dsc_auth_ui_describe_missing (const char * const *missing);

G_END_DECLS

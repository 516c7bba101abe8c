/* dsc-window-module.c — the window module's entry point (dsc-window-module.h).
 *
 * The only symbol the program looks up in the module: creates the GTK
 * application on the session(s) main.c prepared and runs it.
 */
#include "config.h"

#include <gmodule.h>

#include "dsc-application.h"
#include "dsc-window-module.h"

G_MODULE_EXPORT int dsc_window_module_run (DscSession     *session,
                                           DscSessionList *sessions,
                                           gboolean        start_hidden,
                                           const char     *argv0);

G_MODULE_EXPORT int
dsc_window_module_run (DscSession     *session,
                       DscSessionList *sessions,
                       gboolean        start_hidden,
                       const char     *argv0)
{
  g_autoptr(DscApplication) app = dsc_application_new (session);
  char *args[] = { (char *) argv0, NULL };

  dsc_application_set_session_list (app, sessions);
  dsc_application_set_start_hidden (app, start_hidden);
  return g_application_run (G_APPLICATION (app), 1, args);
}

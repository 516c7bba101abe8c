/* dsc-window-module.h — the program's one entry into the window module.
 *
 * The window (GTK, libadwaita: src/ui) is built as a module the program loads
 * only when it opens a window, so --check, --export, --scan and the terminal
 * sign-in never load GTK (src/meson.build). main.c prepares the session(s) as
 * before and hands them over through this one function, looked up by name.
 */
#pragma once

#include <gmodule.h>

#include "dsc-session.h"
#include "dsc-session-list.h"

G_BEGIN_DECLS

/* The module's file name (dsc-window.so, dsc-window.dll) and entry point. */
#define DSC_WINDOW_MODULE_NAME  "dsc-window." G_MODULE_SUFFIX
#define DSC_WINDOW_MODULE_ENTRY "dsc_window_module_run"

/* Runs the application until it quits; returns the exit status. session and
 * sessions as for dsc_application_new / dsc_application_set_session_list
 * (either may be NULL); argv0 is the program's argv[0]. */
typedef int (*DscWindowModuleRun) (DscSession     *session,
                                   DscSessionList *sessions,
                                   gboolean        start_hidden,
                                   const char     *argv0);

G_END_DECLS

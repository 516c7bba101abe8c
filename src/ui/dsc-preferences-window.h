/* dsc-preferences-window.h — monitoring, notification and history settings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DSC_TYPE_PREFERENCES_WINDOW (dsc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DscPreferencesWindow, dsc_preferences_window, DSC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* parent may be NULL. Needs the installed settings schema. */
DscPreferencesWindow *dsc_preferences_window_new (GtkWindow *parent);

G_END_DECLS

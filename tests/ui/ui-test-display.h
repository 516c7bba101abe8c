/* ui-test-display.h — how a widget test starts. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts a widget test after g_test_init (): GTK and libadwaita without the
 * accessibility bridge (no session bus under xvfb-run: it would warn, fatal in
 * tests) and XDG_CACHE_HOME in a new private directory, which it returns
 * (remove it with ui_test_remove_tree). Only the cache moves:
 * G_TEST_OPTION_ISOLATE_DIRS would also hide the MIME database the SVG icon
 * loader needs. Without a display it adds the skipped test
 * "/ui/NAME/needs-display" and returns NULL: just run g_test_run () then. */
GFile *ui_test_init_display (const char *name);

G_END_DECLS

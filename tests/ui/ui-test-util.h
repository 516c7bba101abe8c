/* ui-test-util.h — helpers shared by the widget tests. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Deletes a directory and everything below it; missing files are fine. */
void ui_test_remove_tree (GFile *file);

G_END_DECLS

/* ui-test-display.c — how a widget test starts: a display, GTK and a private cache. */
#include "config.h"

#include <adwaita.h>

#include "ui-test-display.h"

static void
skip_test (gconstpointer data)
{
  g_test_skip (data);
}

GFile *
ui_test_init_display (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/ui/%s/needs-display", name);
  g_autofree char *template = g_strdup_printf ("dsc-test-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_data_func (path, "No display: run under xvfb-run", skip_test);
      return NULL;
    }
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      g_test_add_data_func (path, "Cannot open the display", skip_test);
      return NULL;
    }
  adw_init ();
  tmp = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  return g_file_new_for_path (tmp);
}

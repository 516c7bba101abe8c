/* dsc-platform-open-uri-gtk.c — opening a link from the window on Linux
 * (and other Unix-likes): GTK's launcher, portal-aware, parented to the window.
 *
 * Part of the window's side of the platform layer (dsc-platform-ui), which
 * only the window module links: the headless program never loads GTK.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "dsc-platform.h"

#if GTK_CHECK_VERSION (4, 10, 0)
/* GDK_VERSION_MAX_ALLOWED pins GTK 4.8, so 4.10 API warns "not available";
 * behind the version check it is meant (the newest-stack CI leg builds this). */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (source), result, &error)
      && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open a link: %s", error->message);
}
G_GNUC_END_IGNORE_DEPRECATIONS
#endif

void
dsc_platform_open_uri (gpointer    parent_gtk_window,
                       const char *uri)
{
  GtkWindow *parent = parent_gtk_window != NULL ? GTK_WINDOW (parent_gtk_window) : NULL;

  g_return_if_fail (uri != NULL);

  /* GTK's launchers need an initialised GTK; a process without a window
   * (the terminal sign-in) takes the plain way. */
  if (!gtk_is_initialized ())
    {
      g_autoptr(GError) error = NULL;

      if (!dsc_platform_open_uri_without_window (uri, &error))
        g_warning ("Could not open a link: %s", error->message);
      return;
    }

#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, parent, NULL, on_launched, NULL);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
}


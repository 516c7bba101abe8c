/* dsc-platform.h — the one small interface to the operating system.
 *
 * Implemented twice: Linux (libsecret, XDG autostart, gtk_show_uri) and
 * Windows (Credential Manager, the per-user Run key, ShellExecuteW). Only this
 * header is public: the per-OS files and headers stay inside src/platform/.
 * It names no GTK type, so graph and auth use it without GTK's flags (the
 * platform library links GTK; docs/architecture.md, "Layers").
 *
 * Files: dsc-secret-store-libsecret.c | dsc-secret-store-win32.c,
 *        dsc-platform-linux.c | dsc-platform-win32.c (meson picks by host).
 */
#pragma once

#include <gio/gio.h>

#include "dsc-types.h"   /* DscStatus for the tray */

G_BEGIN_DECLS

/* ---- secret store: refresh tokens only, never on disk in plain text ---- */

#define DSC_SECRET_STORE_ERROR (dsc_secret_store_error_quark ())
typedef enum {
  DSC_SECRET_STORE_ERROR_UNAVAILABLE,  /* no Secret Service / Credential Manager */
  DSC_SECRET_STORE_ERROR_FAILED,
} DscSecretStoreError;
GQuark   dsc_secret_store_error_quark  (void);

/* key: a profile id (e.g. "contoso-prod"); one secret per key. */
void     dsc_secret_store_save_async   (const char          *key,
                                        const char          *secret,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean dsc_secret_store_save_finish  (GAsyncResult        *result,
                                        GError             **error);
/* Returns NULL without error when nothing is stored under key. */
void     dsc_secret_store_load_async   (const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char    *dsc_secret_store_load_finish  (GAsyncResult        *result,
                                        GError             **error);
/* Deleting a key that holds nothing succeeds. */
void     dsc_secret_store_delete_async (const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean dsc_secret_store_delete_finish (GAsyncResult       *result,
                                        GError             **error);

/* ---- desktop integration ---- */

/* Opens an https link in the default browser. parent may be NULL. */
void     dsc_platform_open_uri         (gpointer             parent_gtk_window,
                                        const char          *uri);
/* The same from a process without a window (terminal sign-in): needs no
 * GTK. FALSE with an error when there is no graphical session to open a
 * browser in (e.g. SSH on Linux) or the launch failed. */
gboolean dsc_platform_open_uri_without_window (const char   *uri,
                                               GError      **error);
/* Start at sign-in: Windows per-user Run key; Linux XDG autostart file. */
gboolean dsc_platform_get_autostart    (void);
gboolean dsc_platform_set_autostart    (gboolean             enabled,
                                        GError             **error);

/* Lowers the calling thread's CPU priority (Linux: nice 10 for this thread; Windows:
 * THREAD_PRIORITY_BELOW_NORMAL), for background work nobody waits for. Best effort. */
void     dsc_platform_lower_thread_priority (void);

/* Fills buf from the operating system's CSPRNG (Linux: /dev/urandom; Windows:
 * BCryptGenRandom) — for PKCE verifiers and OAuth state, never GLib's GRand. */
gboolean dsc_platform_random_bytes     (guint8              *buf,
                                        gsize                len,
                                        GError             **error);
/* The directory the running program's executable is in (UTF-8 on Windows,
 * the file system's encoding elsewhere), or NULL when the system can't tell.
 * The program looks for its window module there first. g_free() it. */
char    *dsc_platform_dup_program_dir  (void);
/* Where the module file_name (e.g. "dsc-pdf." G_MODULE_SUFFIX) installed with
 * the program is: beside the program (the build tree; Windows always), else
 * (Linux) in DSC_MODULEDIR. NULL when it is in neither; *tried (may be NULL)
 * then gets the last path looked at, for the error message. g_free() both. */
char    *dsc_platform_find_module      (const char          *file_name,
                                        char               **tried);

/* What an admin reads when a module can't be loaded, translated by the
 * caller: unsupported (no format), missing (%s: the path looked at),
 * unloadable and wrong_version (%s: the path, %s: the system's reason). */
typedef struct {
  const char *unsupported;
  const char *missing;
  const char *unloadable;
  const char *wrong_version;
} DscPlatformModuleTexts;
/* Finds file_name (dsc_platform_find_module()), opens it and returns its
 * symbol entry; the module then stays loaded until the process exits. NULL
 * with a G_IO_ERROR built from texts when any step fails. */
gpointer dsc_platform_load_module      (const char                   *file_name,
                                        const char                   *entry,
                                        const DscPlatformModuleTexts *texts,
                                        GError                      **error);

/* Call first thing in main(). Windows: the GUI-subsystem program attaches to
 * the console of the shell that started it (if any) so --check and --help
 * print there; output already redirected to a file or pipe is kept.
 * Linux: nothing to do. */
void     dsc_platform_attach_console   (void);

/* ---- notification-area icon (the tray) ----
 *
 * Windows (dsc-tray-win32.c): Shell_NotifyIconW (NOTIFYICON_VERSION_4) on a hidden top-level
 * window (a message-only window would miss the TaskbarCreated broadcast), added again when
 * Explorer restarts; left click / Enter opens, right click shows the menu; notifications are
 * balloons (toasts on Windows 10/11) and clicking one opens its category.
 * Linux (dsc-tray-sni.c): org.kde.StatusNotifierItem + com.canonical.dbusmenu on the session
 * bus, registered with org.kde.StatusNotifierWatcher when one exists and again whenever one
 * appears; with no watcher there is no icon (notifications still go through GNotification).
 * Icon pixels for both: dsc-tray-icon.c (the app icon with a status badge).
 *
 * Everything runs on the main thread; callbacks are invoked from the main loop.
 */
typedef enum {
  DSC_TRAY_ACTION_OPEN,             /* left click, Enter, or "Open DirSync Companion" */
  DSC_TRAY_ACTION_REFRESH,          /* "Refresh now" */
  DSC_TRAY_ACTION_SNOOZE_HOUR,      /* "Snooze notifications for 1 hour" */
  DSC_TRAY_ACTION_SNOOZE_TOMORROW,  /* "Snooze notifications until tomorrow" */
  DSC_TRAY_ACTION_RESUME,           /* "Resume notifications" (shown only while snoozed) */
  DSC_TRAY_ACTION_QUIT,             /* "Quit" */
  DSC_TRAY_ACTION_OPEN_CATEGORY,    /* a notification was clicked; category is its id */
} DscTrayAction;

/* category is a dsc_category_to_string() id for OPEN_CATEGORY, NULL otherwise. */
typedef void (*DscTrayActionFunc) (DscTrayAction  action,
                                   const char    *category,
                                   gpointer       user_data);

typedef struct _DscTray DscTray;

/* Never NULL. The icon appears as soon as the platform allows (Linux: when a watcher exists).
 * tooltip_title is the app name; see dsc_tray_update for the rest. */
DscTray  *dsc_tray_new          (DscTrayActionFunc  func,
                                 gpointer           user_data);
/* Removes the icon. NULL-safe. */
void      dsc_tray_free         (DscTray           *tray);
/* status picks the badge (INFO shows as OK); summary is the tooltip's second line ("Contoso · 2 problems need attention",
 * plain text, may be NULL); snoozed adds "Resume notifications" to the menu. */
void      dsc_tray_update       (DscTray           *tray,
                                 DscStatus          status,
                                 const char        *summary,
                                 gboolean           snoozed);
/* TRUE while the icon is actually shown in a notification area. */
gboolean  dsc_tray_is_visible   (DscTray           *tray);
/* Shows a notification from the tray where that is how the platform does it (Windows
 * balloon / toast). Returns FALSE when not shown (Linux always, or no icon): the caller
 * then uses GNotification. category: the pane a click opens (NULL: just open). */
gboolean  dsc_tray_notify       (DscTray           *tray,
                                 const char        *title,
                                 const char        *body,
                                 DscStatus          severity,
                                 const char        *category);

/* Icon pixels for status at size × size (16–256): the app icon with a badge whose
 * shape tells the status (check, !, ×, ?) so colour is never the only cue. Returns
 * size*size pixels, row-major, 0xAARRGGBB in host byte order with straight (not
 * premultiplied) alpha; g_free() it. */
guint32  *dsc_tray_icon_render  (DscStatus          status,
                                 int                size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscTray, dsc_tray_free)

G_END_DECLS

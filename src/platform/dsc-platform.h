/* dsc-platform.h — the one small interface to the operating system.
 *
 * Implemented twice: Linux (libsecret, XDG autostart, gtk_show_uri) and
 * Windows (Credential Manager, the per-user Run key, ShellExecuteW). Nothing
 * outside src/platform/ may include a platform header.
 *
 * Files: dsc-secret-store-libsecret.c | dsc-secret-store-win32.c,
 *        dsc-platform-linux.c | dsc-platform-win32.c (meson picks by host).
 */
#pragma once

#include <gio/gio.h>

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
/* Start at sign-in: Windows per-user Run key; Linux XDG autostart file. */
gboolean dsc_platform_get_autostart    (void);
gboolean dsc_platform_set_autostart    (gboolean             enabled,
                                        GError             **error);

/* Call first thing in main(). Windows: the GUI-subsystem program attaches to
 * the console of the shell that started it (if any) so --check and --help
 * print there; output already redirected to a file or pipe is kept.
 * Linux: nothing to do. */
void     dsc_platform_attach_console   (void);

/* The notification-area icon (Windows: Shell_NotifyIconW on a hidden message
 * window) will join this interface with background monitoring. */

G_END_DECLS

/* dsc-tray-win32-private.h — the parts of dsc-tray-win32.c its tests reach.
 *
 * A test can neither right-click a notification-area icon nor pick from a
 * popup menu, so it checks the menu that would be shown and drives the
 * hidden window with the messages the shell would send.
 * Windows only; nothing outside src/platform/ and tests/platform/ includes it.
 */
#pragma once

#include <windows.h>

#include <glib.h>

G_BEGIN_DECLS

/* The hidden window's class (FindWindowW finds the tray's window by it) and
 * the uCallbackMessage the shell sends icon events with. */
#define DSC_TRAY_WIN32_WINDOW_CLASS L"DirSyncCompanionTrayWindow"
#define DSC_TRAY_WIN32_CALLBACK_MESSAGE (WM_APP + 1)

/* Menu command ids: also what a WM_COMMAND to the hidden window carries. */
typedef enum {
  DSC_TRAY_WIN32_CMD_OPEN = 100,
  DSC_TRAY_WIN32_CMD_REFRESH,
  DSC_TRAY_WIN32_CMD_SNOOZE_HOUR,
  DSC_TRAY_WIN32_CMD_SNOOZE_TOMORROW,
  DSC_TRAY_WIN32_CMD_RESUME,
  DSC_TRAY_WIN32_CMD_QUIT,
} DscTrayWin32Command;

/* The context menu as it is shown; DestroyMenu() it. "Resume notifications"
 * is only there while snoozed. */
HMENU dsc_tray_win32_build_menu (gboolean snoozed);

/* UTF-8 into a fixed WCHAR field (szTip, szInfoTitle, szInfo) of dest_len
 * units with the NUL: cut with "…", never inside a surrogate pair. Returns
 * the units written before the NUL. */
gsize dsc_tray_win32_copy_text (WCHAR      *dest,
                                gsize       dest_len,
                                const char *utf8);

G_END_DECLS

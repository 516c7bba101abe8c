/* dsc-tray-win32.c — the notification-area icon on Windows.
 *
 * Shell_NotifyIconW with NOTIFYICON_VERSION_4 on a hidden top-level window of
 * our own class. Not a message-only window (HWND_MESSAGE): those never get
 * the "TaskbarCreated" broadcast, and without it the icon would be lost for
 * good when Explorer restarts. Notifications are NIF_INFO balloons, which
 * Windows 10/11 shows as toasts.
 *
 * No message loop of our own: GTK's Win32 backend dispatches every message of
 * the thread from the GLib main loop, so the window procedure runs there.
 * Actions reach the caller from an idle callback, never from inside the
 * window procedure, so a callback may free the tray (Quit) or open windows
 * without re-entering the shell's message handling.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-tray"

#include <windows.h>
#include <windowsx.h>
#include <shellapi.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dsc-platform.h"
#include "dsc-tray-menu.h"
#include "dsc-tray-win32-private.h"

typedef struct
{
  DscTrayAction  action;
  char          *category;
} PendingAction;

struct _DscTray
{
  DscTrayActionFunc  func;
  gpointer           user_data;

  HWND               hwnd;
  UINT               id;                /* uID, unique per tray in this process */
  UINT               taskbar_created;   /* the registered "TaskbarCreated" message */
  gboolean           visible;           /* the shell holds our icon */
  gboolean           version_4;         /* the shell took NOTIFYICON_VERSION_4 */
  DWORD              last_open_tick;    /* see queue_open_from_click () */

  HICON              icon;              /* SM_CXSMICON, for status */
  HICON              balloon_icon;      /* SM_CXICON, OK badge; made on first use */
  DscStatus          status;
  char              *summary;
  gboolean           snoozed;
  char              *balloon_category;  /* of the last balloon shown, may be NULL */

  GQueue             pending;           /* PendingAction *, delivered from an idle */
  guint              pending_source;
  gboolean          *freed;             /* set while an action is being delivered */
};

/* One window class for every tray of the process: registered by the first,
 * unregistered by the last. */
static guint class_users;
static UINT next_icon_id = 1;

static LRESULT CALLBACK tray_window_proc (HWND   hwnd,
                                          UINT   message,
                                          WPARAM wparam,
                                          LPARAM lparam);

/* ---- text ---- */

static gboolean
is_high_surrogate (gunichar2 unit)
{
  return unit >= 0xD800 && unit <= 0xDBFF;
}

/* Copies utf8 into dest, a fixed WCHAR array of dest_len units including the
 * NUL (szTip, szInfo…). Text that does not fit ends with "…", and the cut
 * never falls between the two halves of a surrogate pair (emoji): the shell
 * would show a broken character. Invalid UTF-8 is repaired, not dropped,
 * because part of what we show (tenant names) comes from outside.
 * Returns the number of units written before the NUL. */
gsize
dsc_tray_win32_copy_text (WCHAR      *dest,
                          gsize       dest_len,
                          const char *utf8)
{
  g_autofree char *valid = NULL;
  g_autofree gunichar2 *wide = NULL;
  glong len = 0;
  gsize n;

  g_return_val_if_fail (dest != NULL && dest_len >= 2, 0);

  dest[0] = 0;
  if (utf8 == NULL)
    return 0;

  valid = g_utf8_make_valid (utf8, -1);
  wide = g_utf8_to_utf16 (valid, -1, NULL, &len, NULL);
  if (wide == NULL)
    return 0;

  if ((gsize) len < dest_len)
    {
      memcpy (dest, wide, ((gsize) len + 1) * sizeof (WCHAR));
      return (gsize) len;
    }

  /* Room for the ellipsis and the NUL. */
  n = dest_len - 2;
  if (n > 0 && is_high_surrogate (wide[n - 1]))
    n--;
  memcpy (dest, wide, n * sizeof (WCHAR));
  dest[n++] = 0x2026;
  dest[n] = 0;
  return n;
}

/* ---- icons ---- */

/* An icon from dsc_tray_icon_render (): a 32-bit top-down DIB section, whose
 * BGRA byte order is exactly 0xAARRGGBB in a little-endian word, and icons
 * take straight alpha, so the pixels are copied as they are. The AND mask
 * is derived from alpha for anything that still draws through it. */
static HICON
create_status_icon (DscStatus status,
                    int       size)
{
  g_autofree guint32 *pixels = NULL;
  g_autofree guint8 *mask_bits = NULL;
  BITMAPV5HEADER header = { 0 };
  ICONINFO info = { 0 };
  HBITMAP color = NULL;
  HBITMAP mask = NULL;
  HICON icon = NULL;
  void *bits = NULL;
  HDC dc;
  int mask_stride;

  if (size <= 0)
    size = 16;
  pixels = dsc_tray_icon_render (status, size);
  if (pixels == NULL)
    return NULL;

  header.bV5Size = sizeof header;
  header.bV5Width = size;
  header.bV5Height = -size;   /* top-down, like the rendered rows */
  header.bV5Planes = 1;
  header.bV5BitCount = 32;
  header.bV5Compression = BI_BITFIELDS;
  header.bV5RedMask = 0x00FF0000;
  header.bV5GreenMask = 0x0000FF00;
  header.bV5BlueMask = 0x000000FF;
  header.bV5AlphaMask = 0xFF000000;

  dc = GetDC (NULL);
  color = CreateDIBSection (dc, (BITMAPINFO *) &header, DIB_RGB_COLORS, &bits, NULL, 0);
  ReleaseDC (NULL, dc);
  if (color == NULL || bits == NULL)
    goto out;
  memcpy (bits, pixels, (gsize) size * size * sizeof (guint32));

  /* Monochrome rows are padded to 16 bits; a set bit is transparent. */
  mask_stride = ((size + 15) / 16) * 2;
  mask_bits = g_malloc0 ((gsize) mask_stride * size);
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      if ((pixels[y * size + x] >> 24) == 0)
        mask_bits[y * mask_stride + x / 8] |= 0x80 >> (x % 8);
  mask = CreateBitmap (size, size, 1, 1, mask_bits);
  if (mask == NULL)
    goto out;

  info.fIcon = TRUE;
  info.hbmMask = mask;
  info.hbmColor = color;
  /* CreateIconIndirect copies both bitmaps. */
  icon = CreateIconIndirect (&info);

out:
  if (icon == NULL)
    g_warning ("Could not create the notification-area icon (error %lu)", GetLastError ());
  if (color != NULL)
    DeleteObject (color);
  if (mask != NULL)
    DeleteObject (mask);
  return icon;
}

static DscStatus
icon_status (DscStatus status)
{
  /* INFO is a finding level, not a state of the tenant: the tray shows it as OK. */
  return status == DSC_STATUS_INFO ? DSC_STATUS_OK : status;
}

/* ---- the shell ---- */

static void
fill_icon_data (DscTray          *tray,
                NOTIFYICONDATAW  *nid)
{
  g_autofree char *tip = NULL;

  memset (nid, 0, sizeof *nid);
  nid->cbSize = sizeof *nid;
  nid->hWnd = tray->hwnd;
  nid->uID = tray->id;
  /* Everything, every time: with version 4 a NIM_MODIFY that leaves out
   * NIF_SHOWTIP stops the standard tooltip from showing. */
  nid->uFlags = NIF_MESSAGE | NIF_TIP | NIF_SHOWTIP;
  nid->uCallbackMessage = DSC_TRAY_WIN32_CALLBACK_MESSAGE;
  if (tray->icon != NULL)
    {
      nid->uFlags |= NIF_ICON;
      nid->hIcon = tray->icon;
    }

  if (tray->summary != NULL && tray->summary[0] != '\0')
    tip = g_strdup_printf ("%s\n%s", _("DirSync Companion"), tray->summary);
  else
    tip = g_strdup (_("DirSync Companion"));
  dsc_tray_win32_copy_text (nid->szTip, G_N_ELEMENTS (nid->szTip), tip);
}

/* NIM_ADD, then NIM_SETVERSION (the version is per add, so it is set again
 * after every re-add). Also used on TaskbarCreated, which Windows broadcasts
 * not only when Explorer restarts but also when the DPI changes, and then our
 * icon is still there and NIM_ADD fails: NIM_MODIFY covers that case. */
static gboolean
add_icon (DscTray *tray)
{
  NOTIFYICONDATAW nid;

  if (tray->hwnd == NULL)
    return FALSE;

  fill_icon_data (tray, &nid);
  if (!Shell_NotifyIconW (NIM_ADD, &nid) && !Shell_NotifyIconW (NIM_MODIFY, &nid))
    {
      /* Usually Explorer is not up yet (start at sign-in): TaskbarCreated
       * tells us when it is. */
      tray->visible = FALSE;
      g_debug ("Could not add the notification-area icon; waiting for TaskbarCreated");
      return FALSE;
    }

  nid.uVersion = NOTIFYICON_VERSION_4;
  tray->version_4 = Shell_NotifyIconW (NIM_SETVERSION, &nid);
  tray->visible = TRUE;
  /* build-aux/windows/smoke-test.sh looks for this line (G_MESSAGES_DEBUG=dsc-tray). */
  g_debug ("Notification-area icon added (NOTIFYICON_VERSION_4: %s)",
           tray->version_4 ? "yes" : "no");
  return TRUE;
}

/* NIM_MODIFY with fields already in nid; when the shell no longer knows the
 * icon (Explorer died and its TaskbarCreated has not come yet) try one add. */
static gboolean
modify_icon (DscTray         *tray,
             NOTIFYICONDATAW *nid)
{
  if (tray->hwnd == NULL || !tray->visible)
    return FALSE;
  if (Shell_NotifyIconW (NIM_MODIFY, nid))
    return TRUE;
  return add_icon (tray);
}

static void
on_taskbar_created (DscTray *tray)
{
  HICON old = tray->icon;

  /* The DPI may have changed, and with it SM_CXSMICON. */
  tray->icon = create_status_icon (tray->status, GetSystemMetrics (SM_CXSMICON));
  if (tray->icon == NULL)
    tray->icon = old;
  g_clear_pointer (&tray->balloon_icon, DestroyIcon);

  add_icon (tray);
  if (old != NULL && old != tray->icon)
    DestroyIcon (old);
}

/* ---- actions ---- */

static void
pending_action_free (gpointer data)
{
  PendingAction *pending = data;

  g_free (pending->category);
  g_free (pending);
}

static gboolean
deliver_pending (gpointer data)
{
  DscTray *tray = data;
  PendingAction *pending = g_queue_pop_head (&tray->pending);
  gboolean freed = FALSE;

  if (pending == NULL)
    {
      tray->pending_source = 0;
      return G_SOURCE_REMOVE;
    }

  /* The callback may free the tray (Quit), which also removes this source. */
  tray->freed = &freed;
  tray->func (pending->action, pending->category, tray->user_data);
  pending_action_free (pending);
  if (freed)
    return G_SOURCE_REMOVE;
  tray->freed = NULL;

  if (g_queue_is_empty (&tray->pending))
    {
      tray->pending_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
queue_action (DscTray       *tray,
              DscTrayAction  action,
              const char    *category)
{
  PendingAction *pending = g_new0 (PendingAction, 1);

  pending->action = action;
  pending->category = g_strdup (category);
  g_queue_push_tail (&tray->pending, pending);

  if (tray->pending_source == 0)
    {
      tray->pending_source = g_idle_add_full (G_PRIORITY_DEFAULT, deliver_pending, tray, NULL);
      g_source_set_name_by_id (tray->pending_source, "[dsc-tray] deliver actions");
    }
}

/* One click arrives twice with version 4 (WM_LBUTTONUP, then NIN_SELECT),
 * and only once from shells that ignore NIM_SETVERSION (WM_LBUTTONUP) or
 * send only NIN_SELECT: accepting both and dropping a second open within the
 * double-click time opens the window once either way, double clicks
 * included. */
static void
queue_open_from_click (DscTray *tray)
{
  DWORD now = GetTickCount ();

  if (tray->last_open_tick != 0 && now - tray->last_open_tick < GetDoubleClickTime ())
    return;
  tray->last_open_tick = now ? now : 1;
  queue_action (tray, DSC_TRAY_ACTION_OPEN, NULL);
}

static gboolean
run_command (DscTray *tray,
             UINT     command)
{
  const DscTrayMenuItem *item;

  if (command < DSC_TRAY_WIN32_CMD_OPEN || command > DSC_TRAY_WIN32_CMD_QUIT)
    return FALSE;
  item = dsc_tray_menu_find_action ((DscTrayAction) (command - DSC_TRAY_WIN32_CMD_OPEN));
  if (item == NULL)
    return FALSE;
  queue_action (tray, item->action, NULL);
  return TRUE;
}

/* ---- the menu ---- */

static void
append_item (HMENU       menu,
             UINT        command,
             const char *label)
{
  g_autoptr(GString) escaped = g_string_new (label);
  g_autofree gunichar2 *wide = NULL;

  /* A lone "&" in a translation would turn into a mnemonic underline. */
  g_string_replace (escaped, "&", "&&", 0);
  wide = g_utf8_to_utf16 (escaped->str, -1, NULL, NULL, NULL);
  if (wide != NULL)
    AppendMenuW (menu, MF_STRING, command, (const wchar_t *) wide);
}

/* Command ids follow the actions: DSC_TRAY_WIN32_CMD_OPEN + action. */
G_STATIC_ASSERT (DSC_TRAY_WIN32_CMD_QUIT - DSC_TRAY_WIN32_CMD_OPEN == DSC_TRAY_ACTION_QUIT);
G_STATIC_ASSERT (DSC_TRAY_WIN32_CMD_RESUME - DSC_TRAY_WIN32_CMD_OPEN == DSC_TRAY_ACTION_RESUME);

HMENU
dsc_tray_win32_build_menu (gboolean snoozed)
{
  HMENU menu = CreatePopupMenu ();

  if (menu == NULL)
    return NULL;

  for (guint i = 0; i < dsc_tray_menu_get_n_items (); i++)
    {
      const DscTrayMenuItem *item = dsc_tray_menu_get_item (i);

      if (!dsc_tray_menu_item_is_shown (item, snoozed))
        continue;
      if (dsc_tray_menu_item_is_separator (item))
        AppendMenuW (menu, MF_SEPARATOR, 0, NULL);
      else
        append_item (menu, DSC_TRAY_WIN32_CMD_OPEN + item->action,
                     dsc_tray_menu_item_get_label (item));
    }

  /* Bold, and what a double click would pick: the same as a left click. */
  SetMenuDefaultItem (menu, DSC_TRAY_WIN32_CMD_OPEN, FALSE);
  return menu;
}

static void
show_menu (DscTray *tray,
           int      x,
           int      y)
{
  HMENU menu = dsc_tray_win32_build_menu (tray->snoozed);
  UINT flags = TPM_RETURNCMD | TPM_RIGHTBUTTON | TPM_BOTTOMALIGN;
  UINT command;

  if (menu == NULL)
    return;

  flags |= GetSystemMetrics (SM_MENUDROPALIGNMENT) ? TPM_RIGHTALIGN : TPM_LEFTALIGN;

  /* Without the foreground the menu would not close when the user clicks
   * elsewhere, and without the WM_NULL after it the next click on the icon
   * would be swallowed: the workaround TrackPopupMenu's documentation gives. */
  SetForegroundWindow (tray->hwnd);
  command = (UINT) TrackPopupMenuEx (menu, flags, x, y, tray->hwnd, NULL);
  PostMessageW (tray->hwnd, WM_NULL, 0, 0);
  DestroyMenu (menu);

  if (command != 0)
    run_command (tray, command);
}

/* ---- the window ---- */

static void
on_icon_event (DscTray *tray,
               UINT     event,
               WPARAM   wparam)
{
  POINT point;

  switch (event)
    {
    case NIN_SELECT:
    case NIN_KEYSELECT:
    case WM_LBUTTONUP:
      queue_open_from_click (tray);
      break;

    case WM_CONTEXTMENU:
      /* Version 4 puts the anchor in wParam: the pointer for a right click,
       * the icon for Shift+F10 or the menu key. */
      show_menu (tray, GET_X_LPARAM (wparam), GET_Y_LPARAM (wparam));
      break;

    case WM_RBUTTONUP:
      /* Only shells without version 4 leave the right click at this. */
      if (!tray->version_4 && GetCursorPos (&point))
        show_menu (tray, point.x, point.y);
      break;

    case NIN_BALLOONUSERCLICK:
      if (tray->balloon_category != NULL)
        queue_action (tray, DSC_TRAY_ACTION_OPEN_CATEGORY, tray->balloon_category);
      else
        queue_action (tray, DSC_TRAY_ACTION_OPEN, NULL);
      break;

    default:
      break;
    }
}

static LRESULT CALLBACK
tray_window_proc (HWND   hwnd,
                  UINT   message,
                  WPARAM wparam,
                  LPARAM lparam)
{
  DscTray *tray;

  if (message == WM_NCCREATE)
    {
      CREATESTRUCTW *create = (CREATESTRUCTW *) lparam;

      SetWindowLongPtrW (hwnd, GWLP_USERDATA, (LONG_PTR) create->lpCreateParams);
      return DefWindowProcW (hwnd, message, wparam, lparam);
    }

  tray = (DscTray *) GetWindowLongPtrW (hwnd, GWLP_USERDATA);
  if (tray == NULL)
    return DefWindowProcW (hwnd, message, wparam, lparam);

  if (message == DSC_TRAY_WIN32_CALLBACK_MESSAGE)
    {
      /* Version 4: the event is the low word, the icon id the high word.
       * Older shells pass the bare mouse message, whose low word is the same. */
      on_icon_event (tray, LOWORD (lparam), wparam);
      return 0;
    }
  if (tray->taskbar_created != 0 && message == tray->taskbar_created)
    {
      on_taskbar_created (tray);
      return 0;
    }
  if (message == WM_COMMAND && HIWORD (wparam) == 0 && run_command (tray, LOWORD (wparam)))
    return 0;

  return DefWindowProcW (hwnd, message, wparam, lparam);
}

static gboolean
create_window (DscTray *tray)
{
  HINSTANCE instance = GetModuleHandleW (NULL);

  if (class_users == 0)
    {
      WNDCLASSEXW window_class = { 0 };

      window_class.cbSize = sizeof window_class;
      window_class.lpfnWndProc = tray_window_proc;
      window_class.hInstance = instance;
      window_class.lpszClassName = DSC_TRAY_WIN32_WINDOW_CLASS;
      if (RegisterClassExW (&window_class) == 0
          && GetLastError () != ERROR_CLASS_ALREADY_EXISTS)
        {
          g_warning ("Could not register the notification-area window class (error %lu)",
                     GetLastError ());
          return FALSE;
        }
    }
  class_users++;

  /* Top-level, so broadcasts reach it, and never shown; a tool window stays
   * out of Alt+Tab should anything ever show it. Not titled like the main
   * window, so a search by title (FindWindowW, the smoke test's xdotool)
   * never finds this one instead. */
  tray->hwnd = CreateWindowExW (WS_EX_TOOLWINDOW, DSC_TRAY_WIN32_WINDOW_CLASS,
                                L"dsc-tray", WS_POPUP, 0, 0, 0, 0,
                                NULL, NULL, instance, tray);
  if (tray->hwnd == NULL)
    {
      g_warning ("Could not create the notification-area window (error %lu)", GetLastError ());
      if (--class_users == 0)
        UnregisterClassW (DSC_TRAY_WIN32_WINDOW_CLASS, instance);
      return FALSE;
    }

  /* An elevated process (an admin may well run it so) would have the
   * broadcast from the non-elevated Explorer filtered out. */
  if (tray->taskbar_created != 0)
    ChangeWindowMessageFilterEx (tray->hwnd, tray->taskbar_created, MSGFLT_ALLOW, NULL);
  return TRUE;
}

/* ---- the interface ---- */

DscTray *
dsc_tray_new (DscTrayActionFunc func,
              gpointer          user_data)
{
  DscTray *tray = g_new0 (DscTray, 1);

  g_return_val_if_fail (func != NULL, tray);

  tray->func = func;
  tray->user_data = user_data;
  tray->status = DSC_STATUS_UNKNOWN;
  tray->id = next_icon_id++;
  g_queue_init (&tray->pending);
  tray->taskbar_created = RegisterWindowMessageW (L"TaskbarCreated");

  if (!create_window (tray))
    return tray;   /* never NULL: no icon, and dsc_tray_notify says so */

  tray->icon = create_status_icon (tray->status, GetSystemMetrics (SM_CXSMICON));
  add_icon (tray);
  return tray;
}

void
dsc_tray_free (DscTray *tray)
{
  if (tray == NULL)
    return;

  if (tray->freed != NULL)
    *tray->freed = TRUE;
  g_clear_handle_id (&tray->pending_source, g_source_remove);
  g_queue_clear_full (&tray->pending, pending_action_free);

  if (tray->hwnd != NULL)
    {
      NOTIFYICONDATAW nid = { 0 };

      nid.cbSize = sizeof nid;
      nid.hWnd = tray->hwnd;
      nid.uID = tray->id;
      Shell_NotifyIconW (NIM_DELETE, &nid);

      /* Nothing that arrives from here on may reach the freed tray. */
      SetWindowLongPtrW (tray->hwnd, GWLP_USERDATA, 0);
      DestroyWindow (tray->hwnd);
      if (--class_users == 0)
        UnregisterClassW (DSC_TRAY_WIN32_WINDOW_CLASS, GetModuleHandleW (NULL));
    }

  g_clear_pointer (&tray->icon, DestroyIcon);
  g_clear_pointer (&tray->balloon_icon, DestroyIcon);
  g_free (tray->summary);
  g_free (tray->balloon_category);
  g_free (tray);
}

void
dsc_tray_update (DscTray    *tray,
                 DscStatus   status,
                 const char *summary,
                 gboolean    snoozed)
{
  NOTIFYICONDATAW nid;
  HICON old = NULL;
  gboolean changed = FALSE;

  g_return_if_fail (tray != NULL);

  /* The menu is built when shown: nothing to tell the shell. */
  tray->snoozed = snoozed;

  status = icon_status (status);
  if (status != tray->status || tray->icon == NULL)
    {
      HICON icon = create_status_icon (status, GetSystemMetrics (SM_CXSMICON));

      if (icon != NULL)
        {
          old = tray->icon;
          tray->icon = icon;
        }
      tray->status = status;
      changed = TRUE;
    }
  if (g_strcmp0 (summary, tray->summary) != 0)
    {
      g_free (tray->summary);
      tray->summary = g_strdup (summary);
      changed = TRUE;
    }

  if (changed && tray->visible)
    {
      fill_icon_data (tray, &nid);
      modify_icon (tray, &nid);
    }
  /* The shell has its own copy by now. */
  if (old != NULL)
    DestroyIcon (old);
}

gboolean
dsc_tray_is_visible (DscTray *tray)
{
  g_return_val_if_fail (tray != NULL, FALSE);

  return tray->visible;
}

gboolean
dsc_tray_notify (DscTray    *tray,
                 const char *title,
                 const char *body,
                 DscStatus   severity,
                 const char *category)
{
  NOTIFYICONDATAW nid;

  g_return_val_if_fail (tray != NULL, FALSE);

  if (!tray->visible)
    return FALSE;

  fill_icon_data (tray, &nid);
  nid.uFlags |= NIF_INFO;
  /* An empty szInfo removes the balloon instead of showing one. */
  if (body == NULL || body[0] == '\0')
    {
      body = (title != NULL && title[0] != '\0') ? title : _("DirSync Companion");
      title = NULL;
    }
  dsc_tray_win32_copy_text (nid.szInfoTitle, G_N_ELEMENTS (nid.szInfoTitle), title);
  dsc_tray_win32_copy_text (nid.szInfo, G_N_ELEMENTS (nid.szInfo), body);

  switch (severity)
    {
    case DSC_STATUS_ERROR:
      nid.dwInfoFlags = NIIF_ERROR;
      break;
    case DSC_STATUS_WARNING:
    case DSC_STATUS_UNKNOWN:
      nid.dwInfoFlags = NIIF_WARNING;
      break;
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO:
    default:
      /* Good news carries the app's own icon with its OK badge; the
       * system's blue "i" would say nothing more. */
      if (tray->balloon_icon == NULL)
        tray->balloon_icon = create_status_icon (DSC_STATUS_OK, GetSystemMetrics (SM_CXICON));
      if (tray->balloon_icon != NULL)
        {
          nid.dwInfoFlags = NIIF_USER | NIIF_LARGE_ICON;
          nid.hBalloonIcon = tray->balloon_icon;
        }
      else
        nid.dwInfoFlags = NIIF_INFO;
      break;
    }
  /* No toast during presentations, full-screen games or Focus Assist. */
  nid.dwInfoFlags |= NIIF_RESPECT_QUIET_TIME;

  if (!Shell_NotifyIconW (NIM_MODIFY, &nid))
    {
      /* Find out whether the icon itself is gone, so dsc_tray_is_visible
       * tells the truth; either way this notification was not shown and the
       * caller falls back to GNotification. */
      NOTIFYICONDATAW plain;

      fill_icon_data (tray, &plain);
      if (!Shell_NotifyIconW (NIM_MODIFY, &plain))
        tray->visible = FALSE;
      g_debug ("Could not show a balloon (icon %s)", tray->visible ? "still there" : "gone");
      return FALSE;
    }

  g_free (tray->balloon_category);
  tray->balloon_category = g_strdup (category);
  return TRUE;
}

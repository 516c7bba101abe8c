/* test-tray-win32.c — the Windows notification-area icon (dsc-tray-win32.c).
 *
 * A test cannot click an icon, so it plays the shell: it finds the tray's
 * hidden window by its class and sends it what Explorer would send (the
 * callback message with NIN_SELECT, NIN_BALLOONUSERCLICK…, TaskbarCreated,
 * WM_COMMAND for a menu pick), then checks the actions the tray reports.
 * The menu itself is checked as built. Needs a notification area: under
 * wine that means a display (Xvfb); without one the icon tests skip, unless
 * DSC_TEST_REQUIRE_TRAY is set (CI's Xvfb run), which makes that a failure.
 *
 * GTK is not initialised here, so the test pumps the thread's messages
 * itself, as GTK's Win32 backend does in the app.
 */
#include "config.h"

#include <windows.h>
#include <shellapi.h>

#include <gio/gio.h>

#include "dsc-platform.h"
#include "dsc-tray-win32-private.h"

typedef struct
{
  DscTrayAction  action;
  char          *category;
} Recorded;

typedef struct
{
  GArray  *actions;   /* Recorded */
  DscTray *tray;      /* freed by the callback on QUIT when free_on_quit */
  gboolean free_on_quit;
} Recorder;

static void
recorded_clear (gpointer data)
{
  g_free (((Recorded *) data)->category);
}

static void
recorder_init (Recorder *recorder)
{
  recorder->actions = g_array_new (FALSE, TRUE, sizeof (Recorded));
  g_array_set_clear_func (recorder->actions, recorded_clear);
  recorder->tray = NULL;
  recorder->free_on_quit = FALSE;
}

static void
record (DscTrayAction  action,
        const char    *category,
        gpointer       user_data)
{
  Recorder *recorder = user_data;
  Recorded entry = { action, g_strdup (category) };

  g_array_append_val (recorder->actions, entry);
  if (action == DSC_TRAY_ACTION_QUIT && recorder->free_on_quit)
    g_clear_pointer (&recorder->tray, dsc_tray_free);
}

/* Posted messages (WM_COMMAND, the WM_NULL after a menu), then the idle
 * that delivers actions. */
static void
pump (void)
{
  MSG msg;

  for (int round = 0; round < 3; round++)
    {
      while (PeekMessageW (&msg, NULL, 0, 0, PM_REMOVE))
        {
          TranslateMessage (&msg);
          DispatchMessageW (&msg);
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
assert_actions (Recorder      *recorder,
                guint          n,
                DscTrayAction  last_action,
                const char    *last_category)
{
  Recorded *last;

  g_assert_cmpuint (recorder->actions->len, ==, n);
  last = &g_array_index (recorder->actions, Recorded, n - 1);
  g_assert_cmpint (last->action, ==, last_action);
  g_assert_cmpstr (last->category, ==, last_category);
}

/* Without a display, wine cannot create even a hidden window: the tray then
 * has no window and no icon, and warns. The warnings of the tray are kept
 * here instead of aborting the test, so each test can say which it expects:
 * that one without a window, none otherwise. */
static GPtrArray *tray_warnings;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "dsc-tray") == 0)
    {
      g_ptr_array_add (tray_warnings, g_strdup (message));
      return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
skip_without_window (void)
{
  gboolean have_window = FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL) != NULL;

  for (guint i = 0; i < tray_warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (tray_warnings, i);

      if (have_window || !g_str_has_prefix (warning, "Could not create the notification-area window"))
        g_error ("Unexpected warning: %s", warning);
    }
  g_ptr_array_set_size (tray_warnings, 0);

  if (have_window)
    return FALSE;
  if (g_getenv ("DSC_TEST_REQUIRE_TRAY") != NULL)
    g_error ("No tray window, and DSC_TEST_REQUIRE_TRAY is set");
  g_test_skip ("CreateWindowExW failed: no window station with a display "
               "(under wine the tray needs one; run under xvfb-run)");
  return TRUE;
}

static LRESULT
send_icon_event (HWND hwnd,
                 UINT event)
{
  /* Version 4: event in the low word, icon id in the high word; wParam the
   * anchor point. */
  return SendMessageW (hwnd, DSC_TRAY_WIN32_CALLBACK_MESSAGE, MAKEWPARAM (10, 10),
                       MAKELPARAM (event, 1));
}

static gboolean
wide_has_lone_surrogate (const WCHAR *text)
{
  for (gsize i = 0; text[i] != 0; i++)
    {
      gboolean high = text[i] >= 0xD800 && text[i] <= 0xDBFF;
      gboolean low = text[i] >= 0xDC00 && text[i] <= 0xDFFF;

      if (high && !(text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF))
        return TRUE;
      if (low && (i == 0 || !(text[i - 1] >= 0xD800 && text[i - 1] <= 0xDBFF)))
        return TRUE;
      if (high)
        i++;
    }
  return FALSE;
}

static void
test_copy_text (void)
{
  WCHAR tip[128];
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *back = NULL;
  gsize n;

  g_assert_cmpuint (dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), NULL), ==, 0);
  g_assert_cmpuint (tip[0], ==, 0);

  n = dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), "Contoso · 2 problems");
  back = g_utf16_to_utf8 ((gunichar2 *) tip, -1, NULL, NULL, NULL);
  g_assert_cmpstr (back, ==, "Contoso · 2 problems");
  g_assert_cmpuint (n, ==, 20);
  g_clear_pointer (&back, g_free);

  /* Exactly 127 units fit as they are. */
  g_string_append_printf (text, "%0127d", 0);
  n = dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), text->str);
  g_assert_cmpuint (n, ==, 127);
  g_assert_cmpuint (tip[126], ==, '0');

  /* One more does not: 126 units and "…". */
  g_string_append_c (text, '1');
  n = dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), text->str);
  g_assert_cmpuint (n, ==, 127);
  g_assert_cmpuint (tip[125], ==, '0');
  g_assert_cmpuint (tip[126], ==, 0x2026);
  g_assert_cmpuint (tip[127], ==, 0);

  /* An emoji (a surrogate pair) across the cut is dropped whole: 125
   * letters, the pair would take units 125 and 126. */
  for (int offset = 0; offset < 4; offset++)
    {
      g_string_truncate (text, 0);
      for (int i = 0; i < 124 + offset; i++)
        g_string_append_c (text, 'a');
      for (int i = 0; i < 10; i++)
        g_string_append (text, "\xF0\x9F\x98\x80");   /* U+1F600 */
      n = dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), text->str);
      g_assert_cmpuint (n, <=, 127);
      g_assert_cmpuint (tip[n - 1], ==, 0x2026);
      g_assert_false (wide_has_lone_surrogate (tip));
      back = g_utf16_to_utf8 ((gunichar2 *) tip, -1, NULL, NULL, NULL);
      g_assert_nonnull (back);
      g_assert_true (g_str_has_suffix (back, "…"));
      g_clear_pointer (&back, g_free);
    }

  /* Invalid UTF-8 (tenant data) is repaired, not dropped. */
  n = dsc_tray_win32_copy_text (tip, G_N_ELEMENTS (tip), "Conto\xFFso");
  g_assert_cmpuint (n, >, 0);
  back = g_utf16_to_utf8 ((gunichar2 *) tip, -1, NULL, NULL, NULL);
  g_assert_true (g_str_has_prefix (back, "Conto"));
  g_assert_true (g_str_has_suffix (back, "so"));
}

static char *
menu_label (HMENU menu,
            int   position)
{
  WCHAR label[128];
  int len = GetMenuStringW (menu, position, label, G_N_ELEMENTS (label), MF_BYPOSITION);

  return g_utf16_to_utf8 ((gunichar2 *) label, len, NULL, NULL, NULL);
}

static void
check_menu (gboolean     snoozed,
            const UINT  *ids,
            int          n_ids)
{
  HMENU menu = dsc_tray_win32_build_menu (snoozed);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_assert_nonnull (menu);
  g_assert_cmpint (GetMenuItemCount (menu), ==, n_ids);
  for (int i = 0; i < n_ids; i++)
    {
      MENUITEMINFOW info = { .cbSize = sizeof info, .fMask = MIIM_FTYPE | MIIM_ID };

      g_assert_true (GetMenuItemInfoW (menu, i, TRUE, &info));
      if (ids[i] == 0)
        g_assert_true (info.fType & MFT_SEPARATOR);
      else
        {
          g_assert_false (info.fType & MFT_SEPARATOR);
          g_assert_cmpuint (info.wID, ==, ids[i]);
        }
    }
  /* "Open" is the bold default item. */
  g_assert_cmpuint (GetMenuDefaultItem (menu, FALSE, 0), ==, DSC_TRAY_WIN32_CMD_OPEN);

  first = menu_label (menu, 0);
  last = menu_label (menu, n_ids - 1);
  g_assert_cmpstr (first, ==, "Open DirSync Companion");
  g_assert_cmpstr (last, ==, "Quit");
  DestroyMenu (menu);
}

static void
test_menu (void)
{
  static const UINT awake[] = {
    DSC_TRAY_WIN32_CMD_OPEN, 0, DSC_TRAY_WIN32_CMD_REFRESH, DSC_TRAY_WIN32_CMD_SNOOZE_HOUR,
    DSC_TRAY_WIN32_CMD_SNOOZE_TOMORROW, 0, DSC_TRAY_WIN32_CMD_QUIT,
  };
  static const UINT snoozed[] = {
    DSC_TRAY_WIN32_CMD_OPEN, 0, DSC_TRAY_WIN32_CMD_REFRESH, DSC_TRAY_WIN32_CMD_SNOOZE_HOUR,
    DSC_TRAY_WIN32_CMD_SNOOZE_TOMORROW, DSC_TRAY_WIN32_CMD_RESUME, 0, DSC_TRAY_WIN32_CMD_QUIT,
  };

  check_menu (FALSE, awake, G_N_ELEMENTS (awake));
  check_menu (TRUE, snoozed, G_N_ELEMENTS (snoozed));
}

static void
test_icon (void)
{
  Recorder recorder;
  g_autoptr(DscTray) tray = NULL;
  g_autofree char *long_summary = NULL;
  g_autoptr(GString) emoji = g_string_new ("Contoso ");
  HWND hwnd;
  WNDCLASSEXW window_class = { .cbSize = sizeof window_class };
  static const struct { UINT command; DscTrayAction action; } picks[] = {
    { DSC_TRAY_WIN32_CMD_REFRESH, DSC_TRAY_ACTION_REFRESH },
    { DSC_TRAY_WIN32_CMD_SNOOZE_HOUR, DSC_TRAY_ACTION_SNOOZE_HOUR },
    { DSC_TRAY_WIN32_CMD_SNOOZE_TOMORROW, DSC_TRAY_ACTION_SNOOZE_TOMORROW },
    { DSC_TRAY_WIN32_CMD_RESUME, DSC_TRAY_ACTION_RESUME },
    { DSC_TRAY_WIN32_CMD_OPEN, DSC_TRAY_ACTION_OPEN },
    { DSC_TRAY_WIN32_CMD_QUIT, DSC_TRAY_ACTION_QUIT },
  };
  guint n;

  recorder_init (&recorder);
  tray = dsc_tray_new (record, &recorder);
  g_assert_nonnull (tray);

  if (skip_without_window ())
    {
      g_assert_false (dsc_tray_is_visible (tray));
      g_assert_false (dsc_tray_notify (tray, "Title", "Body", DSC_STATUS_ERROR, NULL));
      dsc_tray_update (tray, DSC_STATUS_ERROR, "No window", FALSE);
      g_array_unref (recorder.actions);
      return;
    }
  hwnd = FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL);
  g_assert_false (IsWindowVisible (hwnd));

  if (!dsc_tray_is_visible (tray))
    {
      /* What the caller sees then: no balloons, so it uses GNotification. */
      g_assert_false (dsc_tray_notify (tray, "Title", "Body", DSC_STATUS_ERROR, NULL));
      if (g_getenv ("DSC_TEST_REQUIRE_TRAY") != NULL)
        g_error ("No notification area, and DSC_TEST_REQUIRE_TRAY is set");
      g_test_skip ("Shell_NotifyIconW(NIM_ADD) failed: no notification area "
                   "(under wine it needs a display; run under xvfb-run)");
      g_array_unref (recorder.actions);
      return;
    }

  /* A left click or Enter on the icon opens the window; a click comes as
   * WM_LBUTTONUP plus NIN_SELECT and opens once. */
  send_icon_event (hwnd, NIN_SELECT);
  send_icon_event (hwnd, WM_LBUTTONUP);
  pump ();
  assert_actions (&recorder, 1, DSC_TRAY_ACTION_OPEN, NULL);

  /* A click on a balloon opens its category… */
  g_assert_true (dsc_tray_notify (tray, "Sync errors", "3 objects failed to sync",
                                  DSC_STATUS_ERROR, "object-errors"));
  send_icon_event (hwnd, NIN_BALLOONUSERCLICK);
  pump ();
  assert_actions (&recorder, 2, DSC_TRAY_ACTION_OPEN_CATEGORY, "object-errors");

  /* …or just opens when it had none. */
  g_assert_true (dsc_tray_notify (tray, "Back to normal", NULL, DSC_STATUS_OK, NULL));
  send_icon_event (hwnd, NIN_BALLOONUSERCLICK);
  pump ();
  assert_actions (&recorder, 3, DSC_TRAY_ACTION_OPEN, NULL);

  /* Explorer restarted (or the DPI changed): the icon is there again. */
  SendMessageW (hwnd, RegisterWindowMessageW (L"TaskbarCreated"), 0, 0);
  pump ();
  g_assert_true (dsc_tray_is_visible (tray));
  g_assert_cmpuint (recorder.actions->len, ==, 3);
  g_assert_true (dsc_tray_notify (tray, "Warning", "Still shown after TaskbarCreated",
                                  DSC_STATUS_WARNING, "password-sync"));
  send_icon_event (hwnd, NIN_BALLOONUSERCLICK);
  pump ();
  assert_actions (&recorder, 4, DSC_TRAY_ACTION_OPEN_CATEGORY, "password-sync");

  /* Menu picks arrive as WM_COMMAND with the item id. */
  n = recorder.actions->len;
  for (guint i = 0; i < G_N_ELEMENTS (picks); i++)
    {
      PostMessageW (hwnd, WM_COMMAND, MAKEWPARAM (picks[i].command, 0), 0);
      pump ();
      assert_actions (&recorder, ++n, picks[i].action, NULL);
    }
  /* Not ours: ignored. */
  PostMessageW (hwnd, WM_COMMAND, MAKEWPARAM (4242, 0), 0);
  pump ();
  g_assert_cmpuint (recorder.actions->len, ==, n);

  /* Long, emoji-laden and broken summaries and texts are cut, not fatal. */
  long_summary = g_strnfill (4000, 'x');
  for (int i = 0; i < 200; i++)
    g_string_append (emoji, "\xF0\x9F\x94\xA5 ");   /* U+1F525 */
  dsc_tray_update (tray, DSC_STATUS_ERROR, long_summary, FALSE);
  dsc_tray_update (tray, DSC_STATUS_WARNING, emoji->str, TRUE);
  dsc_tray_update (tray, DSC_STATUS_INFO, "Conto\xFF\xFEso", TRUE);
  dsc_tray_update (tray, DSC_STATUS_OK, NULL, FALSE);
  dsc_tray_update (tray, DSC_STATUS_UNKNOWN, "", FALSE);
  g_assert_true (dsc_tray_is_visible (tray));
  g_assert_true (dsc_tray_notify (tray, emoji->str, emoji->str, DSC_STATUS_WARNING, NULL));
  g_assert_true (dsc_tray_notify (tray, long_summary, long_summary, DSC_STATUS_INFO, NULL));
  g_assert_true (dsc_tray_notify (tray, NULL, NULL, DSC_STATUS_UNKNOWN, NULL));
  pump ();
  g_assert_cmpuint (recorder.actions->len, ==, n);

  /* Freed: window gone, class unregistered. */
  g_clear_pointer (&tray, dsc_tray_free);
  g_assert_null (FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL));
  g_assert_false (GetClassInfoExW (GetModuleHandleW (NULL), DSC_TRAY_WIN32_WINDOW_CLASS,
                                   &window_class));
  g_array_unref (recorder.actions);
}

/* Quit frees the tray from its own callback: actions still queued behind it
 * are dropped, nothing touches the freed tray. Needs no notification area. */
static void
test_free_from_callback (void)
{
  Recorder recorder;
  HWND hwnd;

  recorder_init (&recorder);
  recorder.free_on_quit = TRUE;
  recorder.tray = dsc_tray_new (record, &recorder);
  if (skip_without_window ())
    {
      g_clear_pointer (&recorder.tray, dsc_tray_free);
      g_array_unref (recorder.actions);
      return;
    }
  hwnd = FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL);

  SendMessageW (hwnd, WM_COMMAND, MAKEWPARAM (DSC_TRAY_WIN32_CMD_QUIT, 0), 0);
  SendMessageW (hwnd, WM_COMMAND, MAKEWPARAM (DSC_TRAY_WIN32_CMD_REFRESH, 0), 0);
  pump ();
  assert_actions (&recorder, 1, DSC_TRAY_ACTION_QUIT, NULL);
  g_assert_null (recorder.tray);
  g_assert_null (FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL));
  g_array_unref (recorder.actions);
}

/* Two trays share the window class; freeing one leaves the other working. */
static void
test_two_trays (void)
{
  Recorder recorder;
  DscTray *first;
  DscTray *second;
  HWND hwnd;

  recorder_init (&recorder);
  first = dsc_tray_new (record, &recorder);
  second = dsc_tray_new (record, &recorder);
  if (skip_without_window ())
    {
      dsc_tray_free (first);
      dsc_tray_free (second);
      g_array_unref (recorder.actions);
      return;
    }
  dsc_tray_free (first);

  hwnd = FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL);
  g_assert_nonnull (hwnd);
  SendMessageW (hwnd, WM_COMMAND, MAKEWPARAM (DSC_TRAY_WIN32_CMD_REFRESH, 0), 0);
  pump ();
  assert_actions (&recorder, 1, DSC_TRAY_ACTION_REFRESH, NULL);

  dsc_tray_free (second);
  dsc_tray_free (NULL);
  g_assert_null (FindWindowW (DSC_TRAY_WIN32_WINDOW_CLASS, NULL));
  g_array_unref (recorder.actions);
}

int
main (int argc, char **argv)
{
  tray_warnings = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/platform/tray-win32/copy-text", test_copy_text);
  g_test_add_func ("/platform/tray-win32/menu", test_menu);
  g_test_add_func ("/platform/tray-win32/icon", test_icon);
  g_test_add_func ("/platform/tray-win32/free-from-callback", test_free_from_callback);
  g_test_add_func ("/platform/tray-win32/two-trays", test_two_trays);

  return g_test_run ();
}

/* test-monitor.c — issue 5's "Done when", end to end, under Xvfb:
 *
 * the demo tenant switches from "healthy" to "sync-errors" while the app runs in the
 * background; the app shows one notification naming the new problem, the tray turns to
 * error, clicking the notification opens the object-errors pane, and nothing repeats on the
 * next refresh. Then recovery notifies once, and a snooze keeps quiet while the tray still
 * says error.
 *
 * Notifications are checked where Linux shows them: GNotification → GLib's freedesktop
 * backend → org.freedesktop.Notifications, played by Debian's python3-dbusmock
 * notification_daemon template on a private session bus (GTestDBus; the user's session bus
 * is never touched). What the app sent is read back with the mock's
 * org.freedesktop.DBus.Mock.GetCalls, and a click is the mock emitting ActionInvoked.
 *
 * The app runs as main.c runs it, under g_application_run (the only way GLib 2.74 lets a
 * GtkApplication leave the bus cleanly); the scenario runs from its main loop, as the tray
 * and the timer would. Nothing waits for a fixed time: every wait iterates the main context
 * until its condition holds, with a generous deadline that only fails the test.
 */
#include "config.h"

#include "ui-test-util.h"
#include "dsc-test-object.h"

#include <signal.h>
#include <string.h>
#include <adwaita.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "dsc-application.h"
#include "dsc-category.h"
#include "dsc-connection.h"
#include "dsc-fake-tenant.h"
#include "dsc-monitor.h"
#include "dsc-window.h"

#define WAIT_TIMEOUT_S 90
#define SETTINGS_SCHEMA_ID "io.github.DirSyncCompanion"

#define NOTIFICATIONS_NAME  "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH  "/org/freedesktop/Notifications"
#define NOTIFICATIONS_IFACE "org.freedesktop.Notifications"
#define MOCK_IFACE          "org.freedesktop.DBus.Mock"

static GTestDBus *test_bus;

/* ---- waiting on the main loop ---- */

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until cond holds; fails with the message after
 * WAIT_TIMEOUT_S seconds. The deadline is a safety net, never what the test measures. */
#define WAIT_UNTIL(cond, ...) G_STMT_START {                                         \
    gboolean wait_timed_out_ = FALSE;                                                \
    guint wait_id_ = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout,         \
                                            &wait_timed_out_);                       \
    while (!(cond) && !wait_timed_out_)                                              \
      g_main_context_iteration (NULL, TRUE);                                         \
    if (!wait_timed_out_)                                                            \
      g_source_remove (wait_id_);                                                    \
    if (!(cond))                                                                     \
      {                                                                              \
        g_autofree char *what_ = g_strdup_printf (__VA_ARGS__);                      \
        g_autofree char *message_ = g_strdup_printf ("Gave up after %d s waiting for %s", \
                                                     WAIT_TIMEOUT_S, what_);         \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message_); \
      }                                                                              \
  } G_STMT_END

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- the notification daemon mock ---- */

typedef struct {
  GPid pid;
  gboolean exited;
  int wait_status;
  gboolean name_owned;
  guint watch_id;
} Mock;

#ifdef __linux__
/* If the test dies on an assertion, take the mock with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

/* A Python that can import dbusmock: DSC_TEST_PYTHON, then python3 on PATH (which may be a
 * pyenv or venv without Debian's dist-packages), then the system /usr/bin/python3. */
static char *
find_python_with_dbusmock (GString *tried)
{
  const char *candidates[] = { g_getenv ("DSC_TEST_PYTHON"), NULL, "/usr/bin/python3" };
  g_autofree char *on_path = g_find_program_in_path ("python3");

  candidates[1] = on_path;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *argv[] = { candidates[i], "-c", "import dbusmock", NULL };
      int wait_status = -1;

      if (candidates[i] == NULL || !g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
        continue;
      g_string_append_printf (tried, "%s%s", tried->len > 0 ? ", " : "", candidates[i]);
      if (g_spawn_sync (NULL, (char **) argv, NULL,
                        G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &wait_status, NULL)
          && g_spawn_check_wait_status (wait_status, NULL))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

static void
on_mock_exited (GPid     pid,
                int      wait_status,
                gpointer user_data)
{
  Mock *mock = user_data;

  mock->exited = TRUE;
  mock->wait_status = wait_status;
  g_spawn_close_pid (pid);
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  ((Mock *) user_data)->name_owned = TRUE;
}

static void
on_name_vanished (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Mock *) user_data)->name_owned = FALSE;
}

/* python3 -m dbusmock --template notification_daemon, on the private bus only. */
static void
mock_start (Mock            *mock,
            const char      *python,
            GDBusConnection *watcher)
{
  const char *argv[] = { python, "-m", "dbusmock", "--template", "notification_daemon", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;

  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS",
                           g_test_dbus_get_bus_address (test_bus), TRUE);
  envp = g_environ_unsetenv (envp, "DBUS_STARTER_ADDRESS");
  envp = g_environ_unsetenv (envp, "DBUS_STARTER_BUS_TYPE");
  g_spawn_async (NULL, (char **) argv, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
#ifdef __linux__
                 die_with_parent,
#else
                 NULL,
#endif
                 NULL, &mock->pid, &error);
  g_assert_no_error (error);
  g_child_watch_add (mock->pid, on_mock_exited, mock);

  mock->watch_id = g_bus_watch_name_on_connection (watcher, NOTIFICATIONS_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   on_name_appeared, on_name_vanished,
                                                   mock, NULL);
  WAIT_UNTIL (mock->name_owned || mock->exited,
              "the notification daemon mock (%s -m dbusmock) to own %s", python,
              NOTIFICATIONS_NAME);
  if (mock->exited)
    {
      g_autofree char *message =
        g_strdup_printf ("The notification daemon mock exited before owning %s (wait status %d)",
                         NOTIFICATIONS_NAME, mock->wait_status);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

static void
mock_stop (Mock *mock)
{
  g_clear_handle_id (&mock->watch_id, g_bus_unwatch_name);
  if (mock->pid != 0 && !mock->exited)
    {
      kill (mock->pid, SIGTERM);
      WAIT_UNTIL (mock->exited, "the notification daemon mock to exit");
    }
  mock->pid = 0;
}

/* One org.freedesktop.Notifications.Notify call the mock received. */
typedef struct {
  guint32 replaces_id;
  char *summary;
  char *body;
  GStrv actions;    /* key, label, key, label, … */
} NotifyCall;

static void
notify_call_free (NotifyCall *call)
{
  g_free (call->summary);
  g_free (call->body);
  g_strfreev (call->actions);
  g_free (call);
}

/* The Notify calls so far, oldest first. Call it on the application's own connection: the
 * bus keeps one sender's messages in order and the mock answers them in order, so every
 * notification the app sent before this call is in the answer — no waiting needed to say
 * "nothing was sent". */
static GPtrArray *
get_notify_calls (GDBusConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) calls = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) notify_call_free);
  const char *method;
  GVariantIter *args;

  reply = g_dbus_connection_call_sync (connection, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                                       MOCK_IFACE, "GetCalls", NULL,
                                       G_VARIANT_TYPE ("(a(tsav))"), G_DBUS_CALL_FLAGS_NONE,
                                       WAIT_TIMEOUT_S * 1000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(a(tsav))", &calls);
  while (g_variant_iter_next (calls, "(t&sav)", NULL, &method, &args))
    {
      g_autoptr(GVariantIter) owned_args = args;
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      GVariant *value;
      NotifyCall *call;

      if (!g_str_equal (method, "Notify"))
        continue;
      while (g_variant_iter_next (owned_args, "v", &value))
        g_ptr_array_add (values, value);
      /* (susssasa{sv}i): app name, replaces id, icon, summary, body, actions, hints, timeout */
      g_assert_cmpuint (values->len, ==, 8);
      call = g_new0 (NotifyCall, 1);
      call->replaces_id = g_variant_get_uint32 (g_ptr_array_index (values, 1));
      call->summary = g_variant_dup_string (g_ptr_array_index (values, 3), NULL);
      call->body = g_variant_dup_string (g_ptr_array_index (values, 4), NULL);
      if (g_variant_is_of_type (g_ptr_array_index (values, 5), G_VARIANT_TYPE_STRING_ARRAY))
        call->actions = g_variant_dup_strv (g_ptr_array_index (values, 5), NULL);
      else
        call->actions = g_new0 (char *, 1);   /* an empty array loses its type in Python */
      g_ptr_array_add (out, call);
    }
  return out;
}

static void
print_calls (GPtrArray *calls,
             guint      from)
{
  for (guint i = from; i < calls->len; i++)
    {
      NotifyCall *call = g_ptr_array_index (calls, i);

      g_test_message ("Notify #%u: summary “%s”, body “%s”", i + 1, call->summary, call->body);
    }
}

/* The id the mock's Notify returned: notification_daemon.py returns replaces_id when it is
 * set, else numbers new notifications 1, 2, … (GetCalls records arguments, not replies). */
static guint32
mock_notify_id (GPtrArray *calls,
                guint      index)
{
  guint32 next = 1;

  for (guint i = 0; i < calls->len; i++)
    {
      NotifyCall *call = g_ptr_array_index (calls, i);
      guint32 id = call->replaces_id != 0 ? call->replaces_id : next++;

      if (i == index)
        return id;
    }
  g_assert_not_reached ();
}

static void
mock_emit (GDBusConnection *connection,
           const char      *signal,
           const char      *signature,
           GVariant        *first,
           GVariant        *second)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder args;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", first);
  g_variant_builder_add (&args, "v", second);
  reply = g_dbus_connection_call_sync (connection, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                                       MOCK_IFACE, "EmitSignal",
                                       g_variant_new ("(sssav)", NOTIFICATIONS_IFACE,
                                                      signal, signature, &args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE,
                                       WAIT_TIMEOUT_S * 1000, NULL, &error);
  g_assert_no_error (error);
}

/* The notification's default action, as a notification daemon sends it on a click. */
static void
mock_click (GDBusConnection *connection,
            guint32          id)
{
  mock_emit (connection, "ActionInvoked", "us",
             g_variant_new_uint32 (id), g_variant_new_string ("default"));
}

/* The admin dismisses the notification (reason 2: closed by the user). */
static void
mock_dismiss (GDBusConnection *connection,
              guint32          id)
{
  mock_emit (connection, "NotificationClosed", "uu",
             g_variant_new_uint32 (id), g_variant_new_uint32 (2));
}

/* ---- the application ---- */

/* A fresh report other than before is on screen and nothing is being read. */
static gboolean
has_new_report (DscWindow *window,
                DscReport *before)
{
  DscSession *session = dsc_window_get_session (window);
  DscReport *report = dsc_window_get_report (window);

  return report != NULL && report != before
         && report == dsc_session_get_report (session)
         && !dsc_session_get_refreshing (session)
         && !dsc_session_get_report_is_cached (session);
}

/* Does what the tray's "Refresh now" does, and waits for the report it brings. */
static void
refresh_and_wait (DscApplication *app,
                  DscWindow      *window,
                  const char     *why)
{
  DscReport *current = dsc_window_get_report (window);
  g_autoptr(DscReport) before = current != NULL ? dsc_report_ref (current) : NULL;

  g_assert_false (dsc_session_get_refreshing (dsc_window_get_session (window)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  WAIT_UNTIL (has_new_report (window, before), "the report after refreshing (%s)", why);
  /* Whatever the report started (history, cache, the notification's D-Bus call) gets going. */
  drain ();
}

/* The demo tenant changes, as a real one would (the next refresh reads it). */
static void
set_scenario (DscSession *session,
              const char *scenario)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dsc_demo_set_scenario (dsc_session_get_demo (session), scenario, &error));
  g_assert_no_error (error);
}

static void
close_to_background (DscApplication *app,
                     DscWindow      *window)
{
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (window)),
              "the main window to hide on close");
  drain ();
  /* Only hidden: the application still has it, so the monitor still follows it. */
  g_assert_true (dsc_application_get_main_window (app) == window);
}

static gboolean
shows_object_errors_pane (DscWindow *window)
{
  return gtk_widget_get_visible (GTK_WIDGET (window))
         && g_strcmp0 (dsc_window_get_page (window), "category") == 0
         && dsc_category_pane_get_category (dsc_window_get_category_pane (window))
            == DSC_CATEGORY_OBJECT_ERRORS;
}

/* Objects in error in the report's object-errors category, each counted once (the "Sync
 * errors" tile's count: an object can be in more than one conflict). */
static guint
count_objects_in_error (DscReport *report)
{
  const DscCategoryReport *category = dsc_report_get_category (report,
                                                               DSC_CATEGORY_OBJECT_ERRORS);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < category->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (category->findings, i);

      for (guint j = 0; j < finding->objects->len; j++)
        {
          const DscAffectedObject *affected = g_ptr_array_index (finding->objects, j);

          if (affected->in_error)
            g_hash_table_add (ids, affected->object->id);
        }
    }
  return g_hash_table_size (ids);
}

typedef struct {
  DscApplication *app;
  DscSession *session;
  GSettings *settings;
  DscWindow *window;          /* a reference of the test's, to check finalization */
  gboolean done;              /* the scenario ran to its end */
} Scenario;

/* Steps 3–8, from the running application's main loop (as the tray or a timer would act). */
static gboolean
run_scenario (gpointer user_data)
{
  Scenario *scenario = user_data;
  DscApplication *app = scenario->app;
  DscMonitor *monitor = dsc_application_get_monitor (app);
  GDBusConnection *app_bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autofree char *recovered_title = NULL;
  DscWindow *window;
  GPtrArray *calls;
  NotifyCall *call;
  guint seen;

  /* Startup + activate made the main window and started the monitor, on the private bus. */
  g_assert_nonnull (monitor);
  g_assert_nonnull (app_bus);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  window = dsc_application_get_main_window (app);
  g_assert_nonnull (window);
  scenario->window = g_object_ref (window);
  /* The window and the tray follow the one session the application owns. */
  g_assert_true (dsc_application_get_session (app) == scenario->session);
  g_assert_true (dsc_window_get_session (window) == scenario->session);

  /* 3. The first report: healthy, so nothing to say. */
  WAIT_UNTIL (has_new_report (window, NULL), "the first report of the healthy demo tenant");
  drain ();
  calls = get_notify_calls (app_bus);
  print_calls (calls, 0);
  g_assert_cmpuint (calls->len, ==, 0);
  g_ptr_array_unref (calls);
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_OK);

  /* Run in background, then close the window: it only hides, the app keeps monitoring. */
  g_settings_set_boolean (scenario->settings, "run-in-background", TRUE);
  WAIT_UNTIL (gtk_window_get_hide_on_close (GTK_WINDOW (window)),
              "run-in-background to make the window hide on close");
  close_to_background (app, window);
  g_assert_cmpuint (dsc_monitor_get_next_delay (monitor), >, 0);

  /* 4. The tenant breaks; "Refresh now" from the tray. One notification names the problem. */
  set_scenario (scenario->session, "sync-errors");
  refresh_and_wait (app, window, "healthy → sync-errors");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  calls = get_notify_calls (app_bus);
  print_calls (calls, 0);
  g_assert_cmpuint (calls->len, ==, 1);
  call = g_ptr_array_index (calls, 0);
  /* dsc-notify.c, new conflicting objects: "Sync errors: %u new object(s)", counting what
   * the report counts: every conflict is new, so all its objects in error, each once, as
   * the "Sync errors" tile says. */
  g_assert_true (g_str_has_prefix (call->summary, "Sync errors: "));
  g_assert_nonnull (strstr (call->summary, " new object"));
  {
    DscReport *report = dsc_window_get_report (window);
    guint expected = count_objects_in_error (report);
    guint64 said = g_ascii_strtoull (call->summary + strlen ("Sync errors: "), NULL, 10);

    g_assert_cmpuint (expected, >, 0);
    g_assert_cmpuint (g_ascii_strtoull (dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->value,
                                        NULL, 10), ==, expected);
    /* Not fatal, so the rest of the scenario still runs and reports. */
    if (said != expected)
      g_test_fail_printf ("The notification says %" G_GUINT64_FORMAT " new objects; the report "
                          "has %u objects in error (the Sync errors tile says “%s”)", said,
                          expected, dsc_report_get_tile (report, DSC_TILE_SYNC_ERRORS)->value);
  }
  g_assert_cmpstr (call->body, !=, "");
  g_assert_true (g_strv_contains ((const char *const *) call->actions, "default"));
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_ERROR);

  /* 5. Click it: the window comes back on the object-errors pane. (Drain first: GLib learns
   * the notification's id from the Notify reply, waiting in the main context.) */
  drain ();
  mock_click (app_bus, mock_notify_id (calls, 0));
  WAIT_UNTIL (shows_object_errors_pane (window),
              "the clicked notification to show the window on the object-errors pane "
              "(visible %d, page “%s”, pane category %d)",
              gtk_widget_get_visible (GTK_WIDGET (window)), dsc_window_get_page (window),
              dsc_category_pane_get_category (dsc_window_get_category_pane (window)));
  seen = calls->len;
  g_ptr_array_unref (calls);
  close_to_background (app, window);

  /* 6. Nothing changed: nothing repeats. */
  refresh_and_wait (app, window, "sync-errors again");
  calls = get_notify_calls (app_bus);
  print_calls (calls, seen);
  g_assert_cmpuint (calls->len, ==, seen);
  g_ptr_array_unref (calls);
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_ERROR);

  /* 7. Recovery is announced once. */
  set_scenario (scenario->session, "healthy");
  refresh_and_wait (app, window, "sync-errors → healthy");
  calls = get_notify_calls (app_bus);
  print_calls (calls, seen);
  g_assert_cmpuint (calls->len, ==, seen + 1);
  call = g_ptr_array_index (calls, seen);
  recovered_title = g_strdup_printf ("Recovered: %s",
                                     dsc_category_get_short_title (DSC_CATEGORY_OBJECT_ERRORS));
  g_assert_cmpstr (call->summary, ==, recovered_title);
  g_assert_cmpstr (call->body, !=, "");
  g_assert_true (g_strv_contains ((const char *const *) call->actions, "default"));
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_OK);
  /* The admin dismisses it. (It also matters to the teardown: GLib's freedesktop backend
   * keeps a reference to itself in every notification still on screen, so a backend with
   * one left outlives the application, holds the session bus, and crashes when the daemon
   * goes away — GLib 2.74 gfdonotificationbackend.c, name_vanished_handler_cb. A running
   * app never sees that: the process exits with it.) */
  drain ();
  mock_dismiss (app_bus, mock_notify_id (calls, seen));
  drain ();
  seen = calls->len;
  g_ptr_array_unref (calls);

  /* 8. Snoozed: the tenant breaks again, the tray says so, no pop-up. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "snooze", g_variant_new_string ("hour"));
  g_assert_cmpint (dsc_monitor_get_snoozed_until (monitor), >,
                   g_get_real_time () / G_USEC_PER_SEC);
  set_scenario (scenario->session, "sync-errors");
  refresh_and_wait (app, window, "healthy → sync-errors while snoozed");
  calls = get_notify_calls (app_bus);
  print_calls (calls, seen);
  g_assert_cmpuint (calls->len, ==, seen);
  g_ptr_array_unref (calls);
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_ERROR);
  g_action_group_activate_action (G_ACTION_GROUP (app), "snooze",
                                  g_variant_new_string ("resume"));
  g_assert_cmpint (dsc_monitor_get_snoozed_until (monitor), ==, 0);

  /* 9. "Quit" from the tray ends g_application_run. Its gtk_window_close only hides a
   * window that hides on close (run in background), and a window still there at shutdown
   * keeps its action group exported on the bus; the process would just exit, the test
   * destroys it before shutdown so the private bus can go down. */
  scenario->done = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Scenario     *scenario)
{
  /* The launch's activation: start once it is over. (The click's comes later.) */
  g_signal_handlers_disconnect_by_func (app, on_activate, scenario);
  g_idle_add (run_scenario, scenario);
}

static void
test_background_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tried = g_string_new (NULL);
  g_autofree char *python = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  char *argv[] = { (char *) g_get_prgname (), NULL };
  GDBusConnection *watcher;
  Scenario scenario = { 0 };
  Mock mock = { 0 };
  int status;

  python = find_python_with_dbusmock (tried);
  if (python == NULL)
    {
      g_autofree char *message =
        g_strdup_printf ("python3-dbusmock is not installed (no dbusmock module in %s): "
                         "install it (apt install python3-dbusmock; "
                         "build-aux/debian-packages.txt lists it)",
                         tried->len > 0 ? tried->str : "any python3");

      g_test_skip (message);
      return;
    }
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "notified-keys"))
    {
      g_test_skip ("Settings schema not compiled (GSETTINGS_SCHEMA_DIR)");
      return;
    }
  scenario.settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_set_int (scenario.settings, "quiet-hours-start", -1);
  g_settings_set_int (scenario.settings, "quiet-hours-end", -1);

  /* 1. The notification daemon, on the private bus. */
  watcher = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                    | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  mock_start (&mock, python, watcher);

  /* 2. The app on the demo tenant, launched as main.c launches it: g_application_run
   * registers it on the (private) session bus, startup + activate make the main window and
   * the monitor. It has to be g_application_run: in GLib 2.74 only run unregisters a
   * GtkApplication from D-Bus (no public g_application_unregister), and disposing a
   * registered one warns. The scenario runs from the app's main loop. */
  scenario.session = dsc_session_new_demo ("healthy", FALSE, &error);
  g_assert_no_error (error);
  scenario.app = dsc_application_new (scenario.session);
  g_signal_connect_after (scenario.app, "activate", G_CALLBACK (on_activate), &scenario);
  status = g_application_run (G_APPLICATION (scenario.app), 1, argv);
  g_assert_true (scenario.done);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (scenario.window);
  drain ();
  g_assert_finalize_object (scenario.window);
  g_assert_finalize_object (scenario.app);
  g_assert_finalize_object (scenario.session);
  dsc_test_clear_finalized (&scenario.settings);
  drain ();

  mock_stop (&mock);
  drain ();
  g_dbus_connection_close_sync (watcher, NULL, NULL);
  dsc_test_clear_finalized (&watcher);
}

/* ---- every tenant (issue 17) ---- */

typedef struct {
  DscApplication *app;
  DscSessionList *sessions;
  DscWindow *window;
  gboolean done;
} TenantsScenario;

static gboolean
tenant_has_fresh_report (DscSession *session, DscReport *before)
{
  DscReport *report = dsc_session_get_report (session);

  return report != NULL && report != before && !dsc_session_get_refreshing (session);
}

/* Three demo tenants watched at once; one changes; one notification, naming it; its click
 * opens that tenant's pane. */
static gboolean
run_tenants_scenario (gpointer user_data)
{
  TenantsScenario *scenario = user_data;
  DscApplication *app = scenario->app;
  DscMonitor *monitor = dsc_application_get_monitor (app);
  GDBusConnection *app_bus = g_application_get_dbus_connection (G_APPLICATION (app));
  DscSession *contoso = dsc_session_list_lookup (scenario->sessions, "Contoso");
  g_autoptr(DscReport) before = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *calls;
  NotifyCall *call;

  scenario->window = g_object_ref (dsc_application_get_main_window (app));
  g_assert_cmpstr (dsc_window_get_page (scenario->window), ==, "tenants");
  WAIT_UNTIL (dsc_session_list_get_pending (scenario->sessions) == 0,
              "the first reports of the three demo tenants");
  drain ();
  /* First looks are no news; the tray sums the tenants up. */
  calls = get_notify_calls (app_bus);
  print_calls (calls, 0);
  g_assert_cmpuint (calls->len, ==, 0);
  g_ptr_array_unref (calls);
  g_assert_cmpstr (dsc_monitor_get_summary (monitor), ==, "2 of 3 tenants need attention");
  g_assert_cmpint (dsc_monitor_get_status (monitor), ==, DSC_STATUS_ERROR);

  /* Contoso breaks and is read again: one notification, and it names Contoso. */
  g_assert_nonnull (contoso);
  before = dsc_report_ref (dsc_session_get_report (contoso));
  g_assert_true (dsc_session_set_demo_scenario (contoso, "sync-errors", &error));
  g_assert_no_error (error);
  WAIT_UNTIL (tenant_has_fresh_report (contoso, before), "Contoso's report after it broke");
  drain ();
  calls = get_notify_calls (app_bus);
  print_calls (calls, 0);
  g_assert_cmpuint (calls->len, ==, 1);
  call = g_ptr_array_index (calls, 0);
  g_assert_true (g_str_has_prefix (call->summary, "Contoso: Sync errors: "));
  g_assert_cmpstr (dsc_monitor_get_summary (monitor), ==, "3 of 3 tenants need attention");
  /* A click opens Contoso's object-errors pane, not the overview. */
  drain ();
  mock_click (app_bus, mock_notify_id (calls, 0));
  WAIT_UNTIL (dsc_window_get_session (scenario->window) == contoso &&
              shows_object_errors_pane (scenario->window),
              "the clicked notification to open Contoso's object-errors pane (page “%s”, "
              "tenant “%s”)", dsc_window_get_page (scenario->window),
              dsc_window_get_session (scenario->window) != NULL
                ? dsc_session_get_label (dsc_window_get_session (scenario->window)) : "none");
  /* Dismissed, so GLib's notification backend lets go of the bus (see above). */
  drain ();
  mock_dismiss (app_bus, mock_notify_id (calls, 0));
  drain ();
  g_ptr_array_unref (calls);

  scenario->done = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  gtk_window_destroy (GTK_WINDOW (scenario->window));
  return G_SOURCE_REMOVE;
}

static void
on_tenants_activate (GApplication *app, TenantsScenario *scenario)
{
  g_signal_handlers_disconnect_by_func (app, on_tenants_activate, scenario);
  g_idle_add (run_tenants_scenario, scenario);
}

static void
test_all_tenants_notification (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tried = g_string_new (NULL);
  g_autofree char *python = find_python_with_dbusmock (tried);
  g_autoptr(GSettings) settings = NULL;
  char *argv[] = { (char *) g_get_prgname (), NULL };
  GDBusConnection *watcher;
  TenantsScenario scenario = { 0 };
  Mock mock = { 0 };
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3-dbusmock is not installed");
      return;
    }
  settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_set_int (settings, "quiet-hours-start", -1);
  g_settings_set_int (settings, "quiet-hours-end", -1);
  g_settings_set_int64 (settings, "snoozed-until", 0);

  watcher = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                    | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  mock_start (&mock, python, watcher);

  /* Contoso (healthy), Fabrikam (sync errors), Northwind Traders (stale sync). */
  scenario.sessions = dsc_session_list_new_demo (3, FALSE, &error);
  g_assert_no_error (error);
  scenario.app = dsc_application_new (NULL);
  dsc_application_set_session_list (scenario.app, scenario.sessions);
  g_signal_connect_after (scenario.app, "activate", G_CALLBACK (on_tenants_activate), &scenario);
  status = g_application_run (G_APPLICATION (scenario.app), 1, argv);
  g_assert_true (scenario.done);
  g_assert_cmpint (status, ==, 0);
  drain ();
  g_assert_finalize_object (scenario.window);
  g_assert_finalize_object (scenario.app);
  g_assert_finalize_object (scenario.sessions);
  drain ();

  mock_stop (&mock);
  drain ();
  g_dbus_connection_close_sync (watcher, NULL, NULL);
  g_object_unref (watcher);
}

static void
test_skip (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  dsc_autofinalize(GFile) tmp_dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  g_autofree char *daemon = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_data_func ("/ui/monitor/needs-display", "No display: run under xvfb-run",
                            test_skip);
      return g_test_run ();
    }
  daemon = g_find_program_in_path ("dbus-daemon");
  if (daemon == NULL)
    {
      g_test_add_data_func ("/ui/monitor/needs-dbus-daemon",
                            "dbus-daemon not found (apt install dbus)", test_skip);
      return g_test_run ();
    }

  /* A private session bus before anything (GTK included) looks for one. GTestDBus unsets
   * DISPLAY along with the bus variables; the display is ours to keep. */
  display = g_strdup (g_getenv ("DISPLAY"));
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* GLib's freedesktop backend is the Linux desktop path under test; pin it so an
   * org.gtk.Notifications or a portal can never be picked instead. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_unsetenv ("GTK_USE_PORTAL");
  /* No accessibility bus on the private session bus: GTK's AT-SPI bridge would warn. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* libadwaita keeps a proxy for the settings portal on the session bus for the life of the
   * process; g_test_dbus_down waits for every reference to the bus to go. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_data_func ("/ui/monitor/needs-display", "Cannot open the display", test_skip);
      status = g_test_run ();
      g_test_dbus_down (test_bus);
      g_clear_object (&test_bus);
      return status;
    }
  adw_init ();

  /* The offline copy and the history go somewhere private: a cached report would be the
   * monitor's baseline, and other tests share the build tree's history. */
  tmp = g_dir_make_tmp ("dsc-test-monitor-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  tmp_dir = g_file_new_for_path (tmp);

  g_test_add_func ("/ui/monitor/background-notifications", test_background_notifications);
  g_test_add_func ("/ui/monitor/all-tenants-notification-names-tenant",
                   test_all_tenants_notification);

  status = g_test_run ();

  g_test_dbus_down (test_bus);
  dsc_test_clear_finalized (&test_bus);
  ui_test_remove_tree (tmp_dir);
  return status;
}

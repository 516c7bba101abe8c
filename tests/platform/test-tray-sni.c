/* test-tray-sni.c — the Linux tray icon (dsc-tray-sni.c) on a private session bus.
 *
 * GTestDBus starts a dbus-daemon of our own (the real session bus is never
 * touched); the test plays the panel: a minimal org.kde.StatusNotifierWatcher
 * on a second connection, and a host reading the item and its dbusmenu on a
 * third. Calls to the tray are asynchronous, because the tray answers from
 * this very main loop.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "dsc-platform.h"
#include "dsc-test-object.h"

#define SNI_IFACE   "org.kde.StatusNotifierItem"
#define SNI_PATH    "/StatusNotifierItem"
#define MENU_IFACE  "com.canonical.dbusmenu"
#define MENU_PATH   "/MenuBar"
#define WATCHER     "org.kde.StatusNotifierWatcher"

static GTestDBus *test_bus;

/* ---- waiting on the main loop ---- */

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(cond) G_STMT_START {                                  \
    gboolean wait_timed_out_ = FALSE;                                    \
    guint wait_id_ = g_timeout_add_seconds (10, on_timeout, &wait_timed_out_); \
    while (!(cond) && !wait_timed_out_)                                  \
      g_main_context_iteration (NULL, TRUE);                             \
    if (!wait_timed_out_)                                                \
      g_source_remove (wait_id_);                                        \
    g_assert_true (cond);                                                \
  } G_STMT_END

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GDBusConnection *
new_connection (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_dbus_connection_new_for_address_sync (
    g_test_dbus_get_bus_address (test_bus),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
    | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
close_connection (GDBusConnection *connection)
{
  g_dbus_connection_close_sync (connection, NULL, NULL);
  dsc_test_assert_finalized (connection);
}

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GVariant *
call (GDBusConnection *connection,
      const char      *dest,
      const char      *path,
      const char      *iface,
      const char      *method,
      GVariant        *parameters,
      const char      *reply_type,
      GError         **error)
{
  GAsyncResult *result = NULL;
  GVariant *reply;

  g_dbus_connection_call (connection, dest, path, iface, method, parameters,
                          reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, on_call_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = g_dbus_connection_call_finish (connection, result, error);
  g_object_unref (result);
  return reply;
}

/* ---- the fake StatusNotifierWatcher ---- */

static const char watcher_xml[] =
  "<node>"
  "  <interface name='org.kde.StatusNotifierWatcher'>"
  "    <method name='RegisterStatusNotifierItem'>"
  "      <arg name='service' type='s' direction='in'/>"
  "    </method>"
  "    <method name='RegisterStatusNotifierHost'>"
  "      <arg name='service' type='s' direction='in'/>"
  "    </method>"
  "    <property name='RegisteredStatusNotifierItems' type='as' access='read'/>"
  "    <property name='IsStatusNotifierHostRegistered' type='b' access='read'/>"
  "    <property name='ProtocolVersion' type='i' access='read'/>"
  "  </interface>"
  "</node>";

typedef struct {
  GDBusConnection *connection;
  GDBusNodeInfo *info;
  guint registration;
  guint own_id;
  gboolean owned;
  gboolean defer;               /* keep RegisterStatusNotifierItem calls unanswered */
  GPtrArray *items;             /* the service names registered */
  GPtrArray *deferred;          /* GDBusMethodInvocation */
} FakeWatcher;

static void
watcher_method_call (GDBusConnection       *connection,
                     const char            *sender,
                     const char            *object_path,
                     const char            *interface_name,
                     const char            *method_name,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  FakeWatcher *watcher = user_data;
  const char *service;

  g_variant_get (parameters, "(&s)", &service);
  if (g_str_equal (method_name, "RegisterStatusNotifierItem"))
    {
      g_ptr_array_add (watcher->items, g_strdup (service));
      if (watcher->defer)
        {
          g_ptr_array_add (watcher->deferred, g_object_ref (invocation));
          return;
        }
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
watcher_get_property (GDBusConnection  *connection,
                      const char       *sender,
                      const char       *object_path,
                      const char       *interface_name,
                      const char       *property_name,
                      GError          **error,
                      gpointer          user_data)
{
  FakeWatcher *watcher = user_data;

  if (g_str_equal (property_name, "RegisteredStatusNotifierItems"))
    return g_variant_new_strv ((const char * const *) watcher->items->pdata, watcher->items->len);
  if (g_str_equal (property_name, "IsStatusNotifierHostRegistered"))
    return g_variant_new_boolean (TRUE);
  return g_variant_new_int32 (0);
}

static const GDBusInterfaceVTable watcher_vtable = {
  watcher_method_call, watcher_get_property, NULL, { 0 }
};

static void
on_watcher_name_acquired (GDBusConnection *connection,
                          const char      *name,
                          gpointer         user_data)
{
  ((FakeWatcher *) user_data)->owned = TRUE;
}

static FakeWatcher *
watcher_new (gboolean defer)
{
  FakeWatcher *watcher = g_new0 (FakeWatcher, 1);
  g_autoptr(GError) error = NULL;

  watcher->defer = defer;
  watcher->items = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (watcher->items, NULL);   /* NULL-terminated for the property */
  g_ptr_array_remove_index (watcher->items, 0);
  watcher->deferred = g_ptr_array_new_with_free_func (g_object_unref);
  watcher->connection = new_connection ();
  watcher->info = g_dbus_node_info_new_for_xml (watcher_xml, &error);
  g_assert_no_error (error);
  watcher->registration = g_dbus_connection_register_object (watcher->connection,
                                                             "/StatusNotifierWatcher",
                                                             watcher->info->interfaces[0],
                                                             &watcher_vtable, watcher,
                                                             NULL, &error);
  g_assert_no_error (error);
  watcher->own_id = g_bus_own_name_on_connection (watcher->connection, WATCHER,
                                                  G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  on_watcher_name_acquired, NULL,
                                                  watcher, NULL);
  WAIT_UNTIL (watcher->owned);
  return watcher;
}

static void
watcher_free (FakeWatcher *watcher)
{
  if (watcher == NULL)
    return;
  g_bus_unown_name (watcher->own_id);
  g_dbus_connection_unregister_object (watcher->connection, watcher->registration);
  g_ptr_array_unref (watcher->deferred);
  close_connection (watcher->connection);
  g_dbus_node_info_unref (watcher->info);
  g_ptr_array_unref (watcher->items);
  g_free (watcher);
}

/* ---- the host side ---- */

typedef struct {
  GDBusConnection *host;
  guint item_signals;
  guint menu_signals;
  GPtrArray *signals;           /* "NewIcon", "NewStatus NeedsAttention", "LayoutUpdated 2" … */
  GArray *actions;              /* DscTrayAction */
  DscTray *tray;
  gboolean free_on_action;
} Fixture;

static void
on_signal (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *iface,
           const char      *name,
           GVariant        *parameters,
           gpointer         user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (name, "NewStatus"))
    {
      const char *status;

      g_variant_get (parameters, "(&s)", &status);
      g_ptr_array_add (fixture->signals, g_strdup_printf ("NewStatus %s", status));
    }
  else if (g_str_equal (name, "LayoutUpdated"))
    {
      guint32 revision;
      gint32 parent;

      g_variant_get (parameters, "(ui)", &revision, &parent);
      g_ptr_array_add (fixture->signals, g_strdup_printf ("LayoutUpdated %u %d", revision, parent));
    }
  else
    g_ptr_array_add (fixture->signals, g_strdup (name));
}

static gboolean
got_signal (Fixture    *fixture,
            const char *text)
{
  for (guint i = 0; i < fixture->signals->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->signals, i), text))
      return TRUE;
  return FALSE;
}

static void
on_action (DscTrayAction  action,
           const char    *category,
           gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (category);
  g_array_append_val (fixture->actions, action);
  if (fixture->free_on_action)
    g_clear_pointer (&fixture->tray, dsc_tray_free);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->host = new_connection ();
  fixture->signals = g_ptr_array_new_with_free_func (g_free);
  fixture->actions = g_array_new (FALSE, FALSE, sizeof (DscTrayAction));
  fixture->item_signals =
    g_dbus_connection_signal_subscribe (fixture->host, NULL, SNI_IFACE, NULL, SNI_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_signal, fixture, NULL);
  fixture->menu_signals =
    g_dbus_connection_signal_subscribe (fixture->host, NULL, MENU_IFACE, NULL, MENU_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_signal, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->tray, dsc_tray_free);
  g_dbus_connection_signal_unsubscribe (fixture->host, fixture->item_signals);
  g_dbus_connection_signal_unsubscribe (fixture->host, fixture->menu_signals);
  close_connection (fixture->host);
  g_ptr_array_unref (fixture->signals);
  g_array_unref (fixture->actions);
  /* Let cancelled calls and released names settle before the next test. */
  spin (50);
}

/* Starts a tray with a watcher and returns the service name it registered. */
static const char *
start_registered_tray (Fixture     *fixture,
                       FakeWatcher *watcher)
{
  fixture->tray = dsc_tray_new (on_action, fixture);
  WAIT_UNTIL (watcher->items->len == 1 && dsc_tray_is_visible (fixture->tray));
  return g_ptr_array_index (watcher->items, 0);
}

static GVariant *
get_property (Fixture    *fixture,
              const char *dest,
              const char *path,
              const char *iface,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  reply = call (fixture->host, dest, path, "org.freedesktop.DBus.Properties", "Get",
                g_variant_new ("(ss)", iface, name), "(v)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return value;
}

static char *
get_string_property (Fixture    *fixture,
                     const char *dest,
                     const char *name)
{
  g_autoptr(GVariant) value = get_property (fixture, dest, SNI_PATH, SNI_IFACE, name);

  return g_variant_dup_string (value, NULL);
}

/* ---- tests ---- */

static void
test_no_session_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DscTray) tray = NULL;

      /* A bus address that cannot be reached: no icon, no critical. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dsc-test-bus", TRUE);
      tray = dsc_tray_new (NULL, NULL);
      spin (300);
      g_assert_false (dsc_tray_is_visible (tray));
      dsc_tray_update (tray, DSC_STATUS_ERROR, "x", TRUE);
      g_assert_false (dsc_tray_notify (tray, "t", "b", DSC_STATUS_ERROR, NULL));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*No session bus, so no tray icon*");
}

static void
test_watcher_comes_and_goes (Fixture       *fixture,
                             gconstpointer  data)
{
  FakeWatcher *watcher;
  g_autofree char *prefix = g_strdup_printf ("org.kde.StatusNotifierItem-%d-", (int) getpid ());
  char *service;

  fixture->tray = dsc_tray_new (on_action, fixture);
  spin (300);
  g_assert_false (dsc_tray_is_visible (fixture->tray));

  /* The watcher appears: the tray registers its well-known name. */
  watcher = watcher_new (FALSE);
  WAIT_UNTIL (dsc_tray_is_visible (fixture->tray));
  g_assert_cmpuint (watcher->items->len, ==, 1);
  service = g_strdup (g_ptr_array_index (watcher->items, 0));
  g_assert_true (g_str_has_prefix (service, prefix));

  /* … and the name is really ours, with the item behind it. */
  {
    g_autofree char *id = get_string_property (fixture, service, "Id");
    g_assert_cmpstr (id, ==, "io.github.DirSyncCompanion");
  }

  /* The panel goes away: no icon. */
  watcher_free (watcher);
  WAIT_UNTIL (!dsc_tray_is_visible (fixture->tray));

  /* It comes back: registered again, same name. */
  watcher = watcher_new (FALSE);
  WAIT_UNTIL (dsc_tray_is_visible (fixture->tray));
  g_assert_cmpuint (watcher->items->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (watcher->items, 0), ==, service);

  /* Freeing releases the name. */
  g_clear_pointer (&fixture->tray, dsc_tray_free);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = NULL;
    gboolean has_owner = TRUE;

    for (int i = 0; i < 100 && has_owner; i++)
      {
        g_clear_pointer (&reply, g_variant_unref);
        reply = call (fixture->host, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                      "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", service),
                      "(b)", &error);
        g_assert_no_error (error);
        g_variant_get (reply, "(b)", &has_owner);
        if (has_owner)
          spin (20);
      }
    g_assert_false (has_owner);
  }

  watcher_free (watcher);
  g_free (service);
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  FakeWatcher *watcher = watcher_new (FALSE);
  const char *service = start_registered_tray (fixture, watcher);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) pixmaps = NULL;
  g_autoptr(GVariant) attention = NULL;
  g_autoptr(GVariant) tooltip = NULL;
  const char *s;
  gboolean b;
  gint32 i;
  gboolean seen[49] = { FALSE };
  GVariantIter iter;
  gint32 width, height;
  GVariant *bytes;

  dsc_tray_update (fixture->tray, DSC_STATUS_OK, "Contoso · all good", FALSE);

  reply = call (fixture->host, service, SNI_PATH, "org.freedesktop.DBus.Properties", "GetAll",
                g_variant_new ("(s)", SNI_IFACE), "(a{sv})", &error);
  g_assert_no_error (error);
  props = g_variant_get_child_value (reply, 0);

  g_assert_true (g_variant_lookup (props, "Category", "&s", &s));
  g_assert_cmpstr (s, ==, "ApplicationStatus");
  g_assert_true (g_variant_lookup (props, "Id", "&s", &s));
  g_assert_cmpstr (s, ==, "io.github.DirSyncCompanion");
  g_assert_true (g_variant_lookup (props, "Title", "&s", &s));
  g_assert_cmpstr (s, ==, "DirSync Companion");
  g_assert_true (g_variant_lookup (props, "Status", "&s", &s));
  g_assert_cmpstr (s, ==, "Active");
  g_assert_true (g_variant_lookup (props, "Menu", "&o", &s));
  g_assert_cmpstr (s, ==, "/MenuBar");
  g_assert_true (g_variant_lookup (props, "ItemIsMenu", "b", &b));
  g_assert_false (b);
  g_assert_true (g_variant_lookup (props, "WindowId", "i", &i));
  g_assert_cmpint (i, ==, 0);

  tooltip = g_variant_lookup_value (props, "ToolTip", G_VARIANT_TYPE ("(sa(iiay)ss)"));
  g_assert_nonnull (tooltip);
  g_variant_get_child (tooltip, 2, "&s", &s);
  g_assert_cmpstr (s, ==, "DirSync Companion");
  g_variant_get_child (tooltip, 3, "&s", &s);
  g_assert_cmpstr (s, ==, "Contoso · all good");

  /* Every size there, ARGB32 big-endian, the same pixels as dsc_tray_icon_render. */
  pixmaps = g_variant_lookup_value (props, "IconPixmap", G_VARIANT_TYPE ("a(iiay)"));
  g_assert_nonnull (pixmaps);
  g_variant_iter_init (&iter, pixmaps);
  while (g_variant_iter_next (&iter, "(ii@ay)", &width, &height, &bytes))
    {
      gsize n_bytes;
      const guint8 *pixels = g_variant_get_fixed_array (bytes, &n_bytes, 1);
      g_autofree guint32 *expected = dsc_tray_icon_render (DSC_STATUS_OK, width);

      g_assert_cmpint (width, ==, height);
      g_assert_cmpint (width, <=, 48);
      g_assert_cmpuint (n_bytes, ==, (gsize) width * height * 4);
      seen[width] = TRUE;
      for (gsize p = 0; p < (gsize) width * height; p++)
        {
          guint32 argb = ((guint32) pixels[4 * p] << 24) | ((guint32) pixels[4 * p + 1] << 16)
                         | ((guint32) pixels[4 * p + 2] << 8) | pixels[4 * p + 3];
          g_assert_cmphex (argb, ==, expected[p]);
        }
      if (width == 16)
        {
          /* One known pixel, byte by byte: an opaque one with R != B. */
          gsize p;

          for (p = 0; p < 256; p++)
            if ((expected[p] >> 24) == 0xff && ((expected[p] >> 16) & 0xff) != (expected[p] & 0xff))
              break;
          g_assert_cmpuint (p, <, 256);
          g_assert_cmpuint (pixels[4 * p + 0], ==, 0xff);
          g_assert_cmpuint (pixels[4 * p + 1], ==, (expected[p] >> 16) & 0xff);
          g_assert_cmpuint (pixels[4 * p + 2], ==, (expected[p] >> 8) & 0xff);
          g_assert_cmpuint (pixels[4 * p + 3], ==, expected[p] & 0xff);
        }
      g_variant_unref (bytes);
    }
  g_assert_true (seen[16] && (seen[22] || seen[24]) && seen[32] && seen[48]);

  attention = g_variant_lookup_value (props, "AttentionIconPixmap", G_VARIANT_TYPE ("a(iiay)"));
  g_assert_nonnull (attention);
  g_assert_cmpuint (g_variant_n_children (attention), >, 0);

  /* The menu object's own properties. */
  {
    g_autoptr(GVariant) version = get_property (fixture, service, MENU_PATH, MENU_IFACE, "Version");
    g_autoptr(GVariant) status = get_property (fixture, service, MENU_PATH, MENU_IFACE, "Status");

    g_assert_cmpuint (g_variant_get_uint32 (version), ==, 3);
    g_assert_cmpstr (g_variant_get_string (status, NULL), ==, "normal");
  }

  watcher_free (watcher);
}

static void
test_update_signals (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeWatcher *watcher = watcher_new (FALSE);
  const char *service = start_registered_tray (fixture, watcher);
  g_autofree char *status = NULL;
  g_autoptr(GVariant) tooltip = NULL;
  const char *text;
  guint n;

  dsc_tray_update (fixture->tray, DSC_STATUS_OK, "Contoso", FALSE);
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");   /* a round trip: signals are in */
  g_assert_cmpstr (status, ==, "Active");
  g_ptr_array_set_size (fixture->signals, 0);

  dsc_tray_update (fixture->tray, DSC_STATUS_ERROR, "Contoso · 2 problems need attention", FALSE);
  WAIT_UNTIL (got_signal (fixture, "NewStatus NeedsAttention")
              && got_signal (fixture, "NewIcon") && got_signal (fixture, "NewToolTip"));
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");
  g_assert_cmpstr (status, ==, "NeedsAttention");
  tooltip = get_property (fixture, service, SNI_PATH, SNI_IFACE, "ToolTip");
  g_variant_get_child (tooltip, 3, "&s", &text);
  g_assert_cmpstr (text, ==, "Contoso · 2 problems need attention");

  /* The text is markup for the host: plain-text summaries are escaped. */
  dsc_tray_update (fixture->tray, DSC_STATUS_ERROR, "Smith & Sons <HQ> · 2 problems", FALSE);
  g_clear_pointer (&tooltip, g_variant_unref);
  tooltip = get_property (fixture, service, SNI_PATH, SNI_IFACE, "ToolTip");
  g_variant_get_child (tooltip, 3, "&s", &text);
  g_assert_cmpstr (text, ==, "Smith &amp; Sons &lt;HQ&gt; · 2 problems");
  dsc_tray_update (fixture->tray, DSC_STATUS_ERROR, "Contoso · 2 problems need attention", FALSE);
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");   /* a round trip */

  /* Nothing changed: no signals. */
  n = fixture->signals->len;
  dsc_tray_update (fixture->tray, DSC_STATUS_ERROR, "Contoso · 2 problems need attention", FALSE);
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");
  g_assert_cmpuint (fixture->signals->len, ==, n);

  /* A warning: new icon, back to Active, same tooltip. */
  g_ptr_array_set_size (fixture->signals, 0);
  dsc_tray_update (fixture->tray, DSC_STATUS_WARNING, "Contoso · 2 problems need attention", FALSE);
  WAIT_UNTIL (got_signal (fixture, "NewStatus Active") && got_signal (fixture, "NewIcon"));
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");
  g_assert_false (got_signal (fixture, "NewToolTip"));

  /* OK and INFO look the same: only the first of the two changes the icon. */
  dsc_tray_update (fixture->tray, DSC_STATUS_OK, "Contoso", FALSE);
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");
  g_ptr_array_set_size (fixture->signals, 0);
  dsc_tray_update (fixture->tray, DSC_STATUS_INFO, "Contoso", FALSE);
  g_clear_pointer (&status, g_free);
  status = get_string_property (fixture, service, "Status");
  g_assert_cmpuint (fixture->signals->len, ==, 0);

  watcher_free (watcher);
}

typedef struct {
  gint32 id;
  char *type;
  char *label;
  gboolean visible;
} MenuEntry;

/* GetLayout (0, -1, []): the root's children. */
static GArray *
get_menu (Fixture    *fixture,
          const char *service,
          guint32    *revision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) children = NULL;
  g_autoptr(GVariant) root_props = NULL;
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (MenuEntry));
  gint32 root_id;
  GVariantIter iter;
  GVariant *child;
  const char *display;

  reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "GetLayout",
                g_variant_new ("(ii@as)", 0, -1, g_variant_new_strv (NULL, 0)),
                "(u(ia{sv}av))", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u(i@a{sv}@av))", revision, &root_id, &root_props, &children);
  g_assert_cmpint (root_id, ==, 0);
  g_assert_true (g_variant_lookup (root_props, "children-display", "&s", &display));
  g_assert_cmpstr (display, ==, "submenu");

  g_variant_iter_init (&iter, children);
  while (g_variant_iter_next (&iter, "v", &child))
    {
      MenuEntry entry = { 0, NULL, NULL, TRUE };
      g_autoptr(GVariant) props = NULL;
      g_autoptr(GVariant) grandchildren = NULL;

      g_variant_get (child, "(i@a{sv}@av)", &entry.id, &props, &grandchildren);
      g_assert_cmpuint (g_variant_n_children (grandchildren), ==, 0);
      if (!g_variant_lookup (props, "type", "s", &entry.type))
        entry.type = g_strdup ("standard");
      if (!g_variant_lookup (props, "label", "s", &entry.label))
        entry.label = g_strdup ("");
      g_variant_lookup (props, "visible", "b", &entry.visible);
      g_array_append_val (entries, entry);
      g_variant_unref (child);
    }
  return entries;
}

static void
free_menu (GArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      g_free (g_array_index (entries, MenuEntry, i).type);
      g_free (g_array_index (entries, MenuEntry, i).label);
    }
  g_array_unref (entries);
}

static void
check_menu (GArray   *entries,
            gboolean  snoozed)
{
  static const char *labels[] = {
    "Open DirSync Companion", NULL, "Refresh now", "Snooze notifications for 1 hour",
    "Snooze notifications until tomorrow", "Resume notifications", NULL, "Quit",
  };

  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < entries->len; i++)
    {
      MenuEntry *entry = &g_array_index (entries, MenuEntry, i);

      if (labels[i] == NULL)
        g_assert_cmpstr (entry->type, ==, "separator");
      else
        {
          g_assert_cmpstr (entry->type, ==, "standard");
          g_assert_cmpstr (entry->label, ==, labels[i]);
        }
      if (g_strcmp0 (labels[i], "Resume notifications") == 0)
        g_assert_cmpint (entry->visible, ==, snoozed);
      else
        g_assert_true (entry->visible);
    }
}

static gint32
menu_id (GArray     *entries,
         const char *label)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (g_array_index (entries, MenuEntry, i).label, label) == 0)
      return g_array_index (entries, MenuEntry, i).id;
  g_assert_not_reached ();
}

static void
send_event (Fixture    *fixture,
            const char *service,
            gint32      id,
            const char *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "Event",
                g_variant_new ("(isvu)", id, event, g_variant_new_int32 (0), 0u),
                "()", &error);
  g_assert_no_error (error);
}

static void
click_and_expect (Fixture       *fixture,
                  const char    *service,
                  gint32         id,
                  DscTrayAction  action)
{
  guint n = fixture->actions->len;

  send_event (fixture, service, id, "clicked");
  WAIT_UNTIL (fixture->actions->len == n + 1);
  g_assert_cmpint (g_array_index (fixture->actions, DscTrayAction, n), ==, action);
}

static void
call_item (Fixture    *fixture,
           const char *service,
           const char *method,
           GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = call (fixture->host, service, SNI_PATH, SNI_IFACE, method, parameters, "()", &error);
  g_assert_no_error (error);
}

static void
test_menu (Fixture       *fixture,
           gconstpointer  data)
{
  FakeWatcher *watcher = watcher_new (FALSE);
  const char *service = start_registered_tray (fixture, watcher);
  GArray *entries;
  guint32 revision, new_revision;
  g_autofree char *layout_signal = NULL;
  gint32 resume;

  dsc_tray_update (fixture->tray, DSC_STATUS_OK, NULL, FALSE);
  entries = get_menu (fixture, service, &revision);
  check_menu (entries, FALSE);
  resume = menu_id (entries, "Resume notifications");

  /* Resume while not snoozed: hidden, and a stray click does nothing. */
  send_event (fixture, service, resume, "clicked");
  spin (50);
  g_assert_cmpuint (fixture->actions->len, ==, 0);

  click_and_expect (fixture, service, menu_id (entries, "Open DirSync Companion"), DSC_TRAY_ACTION_OPEN);
  click_and_expect (fixture, service, menu_id (entries, "Refresh now"), DSC_TRAY_ACTION_REFRESH);
  click_and_expect (fixture, service, menu_id (entries, "Snooze notifications for 1 hour"),
                    DSC_TRAY_ACTION_SNOOZE_HOUR);
  click_and_expect (fixture, service, menu_id (entries, "Snooze notifications until tomorrow"),
                    DSC_TRAY_ACTION_SNOOZE_TOMORROW);
  click_and_expect (fixture, service, menu_id (entries, "Quit"), DSC_TRAY_ACTION_QUIT);

  /* Other events and separators: no action. */
  send_event (fixture, service, menu_id (entries, "Quit"), "hovered");
  send_event (fixture, service, g_array_index (entries, MenuEntry, 1).id, "clicked");
  send_event (fixture, service, 0, "opened");
  spin (50);
  g_assert_cmpuint (fixture->actions->len, ==, 5);

  /* Unknown ids are errors. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = NULL;

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "Event",
                  g_variant_new ("(isvu)", 4242, "clicked", g_variant_new_int32 (0), 0u),
                  "()", &error);
    g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  }
  free_menu (entries);

  /* Snoozed: the layout changes, Resume shows and works. */
  dsc_tray_update (fixture->tray, DSC_STATUS_OK, NULL, TRUE);
  layout_signal = g_strdup_printf ("LayoutUpdated %u 0", revision + 1);
  WAIT_UNTIL (got_signal (fixture, layout_signal));
  entries = get_menu (fixture, service, &new_revision);
  g_assert_cmpuint (new_revision, ==, revision + 1);
  check_menu (entries, TRUE);
  click_and_expect (fixture, service, resume, DSC_TRAY_ACTION_RESUME);
  free_menu (entries);

  /* Not snoozed any more. */
  dsc_tray_update (fixture->tray, DSC_STATUS_OK, NULL, FALSE);
  entries = get_menu (fixture, service, &new_revision);
  g_assert_cmpuint (new_revision, ==, revision + 2);
  check_menu (entries, FALSE);
  free_menu (entries);

  /* The rest of the dbusmenu interface. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) value = NULL;
    g_autoptr(GVariant) props = NULL;
    const char *names[] = { "label", NULL };
    gboolean need_update = TRUE;

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "GetProperty",
                  g_variant_new ("(is)", 1, "label"), "(v)", &error);
    g_assert_no_error (error);
    g_variant_get (reply, "(v)", &value);
    g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "Open DirSync Companion");
    g_clear_pointer (&reply, g_variant_unref);

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "GetGroupProperties",
                  g_variant_new ("(@ai^as)", g_variant_new_fixed_array (G_VARIANT_TYPE_INT32,
                                                                      (gint32[]) { 1, 3 }, 2,
                                                                      sizeof (gint32)),
                                 names),
                  "(a(ia{sv}))", &error);
    g_assert_no_error (error);
    props = g_variant_get_child_value (reply, 0);
    g_assert_cmpuint (g_variant_n_children (props), ==, 2);
    g_clear_pointer (&reply, g_variant_unref);

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "AboutToShow",
                  g_variant_new ("(i)", 0), "(b)", &error);
    g_assert_no_error (error);
    g_variant_get (reply, "(b)", &need_update);
    g_assert_false (need_update);
    g_clear_pointer (&reply, g_variant_unref);

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "AboutToShowGroup",
                  g_variant_new ("(@ai)", g_variant_new_fixed_array (G_VARIANT_TYPE_INT32,
                                                                    (gint32[]) { 0, 99 }, 2,
                                                                    sizeof (gint32))),
                  "(aiai)", &error);
    g_assert_no_error (error);
    g_clear_pointer (&reply, g_variant_unref);

    /* EventGroup: two clicks in one call, in order. */
    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "EventGroup",
                  g_variant_new_parsed ("([(3, 'clicked', <0>, uint32 0), (99, 'clicked', <0>, uint32 0),"
                                        "  (8, 'clicked', <0>, uint32 0)],)"),
                  "(ai)", &error);
    g_assert_no_error (error);
    {
      g_autofree char *printed = g_variant_print (reply, FALSE);

      g_assert_cmpstr (printed, ==, "([99],)");
    }
    WAIT_UNTIL (fixture->actions->len == 8);
    g_assert_cmpint (g_array_index (fixture->actions, DscTrayAction, 6), ==, DSC_TRAY_ACTION_REFRESH);
    g_assert_cmpint (g_array_index (fixture->actions, DscTrayAction, 7), ==, DSC_TRAY_ACTION_QUIT);
  }

  /* The item itself: left and middle click open, ContextMenu and Scroll do nothing. */
  call_item (fixture, service, "Activate", g_variant_new ("(ii)", 10, 10));
  WAIT_UNTIL (fixture->actions->len == 9);
  g_assert_cmpint (g_array_index (fixture->actions, DscTrayAction, 8), ==, DSC_TRAY_ACTION_OPEN);
  call_item (fixture, service, "SecondaryActivate", g_variant_new ("(ii)", 10, 10));
  WAIT_UNTIL (fixture->actions->len == 10);
  g_assert_cmpint (g_array_index (fixture->actions, DscTrayAction, 9), ==, DSC_TRAY_ACTION_OPEN);
  call_item (fixture, service, "ContextMenu", g_variant_new ("(ii)", 10, 10));
  call_item (fixture, service, "Scroll", g_variant_new ("(is)", 120, "vertical"));
  spin (50);
  g_assert_cmpuint (fixture->actions->len, ==, 10);

  watcher_free (watcher);
}

static void
test_free_while_busy (Fixture       *fixture,
                      gconstpointer  data)
{
  FakeWatcher *watcher;
  const char *service;

  /* Freed before the bus connection is even there. */
  fixture->tray = dsc_tray_new (on_action, fixture);
  g_clear_pointer (&fixture->tray, dsc_tray_free);
  spin (100);

  /* Freed while RegisterStatusNotifierItem is unanswered; the answer comes later. */
  watcher = watcher_new (TRUE);
  fixture->tray = dsc_tray_new (on_action, fixture);
  WAIT_UNTIL (watcher->deferred->len == 1);
  g_assert_false (dsc_tray_is_visible (fixture->tray));
  g_clear_pointer (&fixture->tray, dsc_tray_free);
  g_dbus_method_invocation_return_value (g_ptr_array_index (watcher->deferred, 0), NULL);
  spin (100);
  watcher_free (watcher);

  /* A callback that frees the tray while more actions are queued: no more callbacks. */
  watcher = watcher_new (FALSE);
  service = start_registered_tray (fixture, watcher);
  fixture->free_on_action = TRUE;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = NULL;

    reply = call (fixture->host, service, MENU_PATH, MENU_IFACE, "EventGroup",
                  g_variant_new_parsed ("([(3, 'clicked', <0>, uint32 0),"
                                        "  (8, 'clicked', <0>, uint32 0)],)"),
                  "(ai)", &error);
    g_assert_no_error (error);
  }
  WAIT_UNTIL (fixture->tray == NULL);
  spin (100);
  g_assert_cmpuint (fixture->actions->len, ==, 1);

  /* Freed right after a host's call went out, with signals just emitted. */
  fixture->free_on_action = FALSE;
  watcher_free (watcher);
  watcher = watcher_new (FALSE);
  service = start_registered_tray (fixture, watcher);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) reply = NULL;
    GAsyncResult *result = NULL;

    g_dbus_connection_call (fixture->host, service, SNI_PATH, SNI_IFACE, "Activate",
                            g_variant_new ("(ii)", 0, 0), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
                            NULL, on_call_done, &result);
    dsc_tray_update (fixture->tray, DSC_STATUS_ERROR, "x", TRUE);
    g_clear_pointer (&fixture->tray, dsc_tray_free);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    reply = g_dbus_connection_call_finish (fixture->host, result, &error);
    g_assert_null (reply);   /* the object (or the name) is gone */
    g_assert_nonnull (error);
    g_object_unref (result);
  }
  spin (100);
  g_assert_cmpuint (fixture->actions->len, ==, 1);
  watcher_free (watcher);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Never the user's session bus, even if the private one cannot start. */
  g_test_dbus_unset ();

  g_test_add_func ("/platform/tray-sni/no-session-bus", test_no_session_bus);
  g_test_add ("/platform/tray-sni/watcher-comes-and-goes", Fixture, NULL,
              fixture_set_up, test_watcher_comes_and_goes, fixture_tear_down);
  g_test_add ("/platform/tray-sni/properties", Fixture, NULL,
              fixture_set_up, test_properties, fixture_tear_down);
  g_test_add ("/platform/tray-sni/update-signals", Fixture, NULL,
              fixture_set_up, test_update_signals, fixture_tear_down);
  g_test_add ("/platform/tray-sni/menu", Fixture, NULL,
              fixture_set_up, test_menu, fixture_tear_down);
  g_test_add ("/platform/tray-sni/free-while-busy", Fixture, NULL,
              fixture_set_up, test_free_while_busy, fixture_tear_down);

  if (g_test_subprocess ())
    return g_test_run ();

  {
    g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

    if (daemon == NULL)
      {
        g_print ("1..0 # SKIP dbus-daemon not found\n");
        return 0;
      }
  }

  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  ret = g_test_run ();
  g_test_dbus_down (test_bus);
  dsc_test_assert_finalized (test_bus);
  return ret;
}

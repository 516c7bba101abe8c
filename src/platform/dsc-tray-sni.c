/* dsc-tray-sni.c — the notification-area icon on Linux: a StatusNotifierItem.
 *
 * The item (org.kde.StatusNotifierItem at /StatusNotifierItem) and its menu
 * (com.canonical.dbusmenu at /MenuBar) are exported on the session bus under
 * org.kde.StatusNotifierItem-<pid>-<n>, and registered with the
 * org.kde.StatusNotifierWatcher whenever one is on the bus — again each time a
 * watcher (re)appears, e.g. after the panel restarts. With no watcher, or no
 * session bus at all, there is simply no icon.
 *
 * Icons are sent as pixmaps (dsc-tray-icon.c) rather than a themed name: the
 * status badge is the point of the icon, and hosts that see an IconName
 * prefer it over the pixmaps. Everything runs on the main thread; actions
 * reach the caller from an idle, so a callback may free the tray.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-tray"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "dsc-platform.h"
#include "dsc-tray-menu.h"

#define SNI_INTERFACE     "org.kde.StatusNotifierItem"
#define SNI_PATH          "/StatusNotifierItem"
#define WATCHER_NAME      "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH      "/StatusNotifierWatcher"
#define WATCHER_INTERFACE "org.kde.StatusNotifierWatcher"
#define MENU_INTERFACE    "com.canonical.dbusmenu"
#define MENU_PATH         "/MenuBar"

#define ITEM_ID    APPLICATION_ID
#define ITEM_TITLE "DirSync Companion"   /* the product name, not translated */

static const char introspection_xml[] =
  "<node>"
  "  <interface name='" SNI_INTERFACE "'>"
  "    <property name='Category' type='s' access='read'/>"
  "    <property name='Id' type='s' access='read'/>"
  "    <property name='Title' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='WindowId' type='i' access='read'/>"
  "    <property name='IconThemePath' type='s' access='read'/>"
  "    <property name='Menu' type='o' access='read'/>"
  "    <property name='ItemIsMenu' type='b' access='read'/>"
  "    <property name='IconName' type='s' access='read'/>"
  "    <property name='IconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='OverlayIconName' type='s' access='read'/>"
  "    <property name='OverlayIconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='AttentionIconName' type='s' access='read'/>"
  "    <property name='AttentionIconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='AttentionMovieName' type='s' access='read'/>"
  "    <property name='ToolTip' type='(sa(iiay)ss)' access='read'/>"
  "    <method name='ContextMenu'>"
  "      <arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/>"
  "    </method>"
  "    <method name='Activate'>"
  "      <arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/>"
  "    </method>"
  "    <method name='SecondaryActivate'>"
  "      <arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/>"
  "    </method>"
  "    <method name='Scroll'>"
  "      <arg name='delta' type='i' direction='in'/>"
  "      <arg name='orientation' type='s' direction='in'/>"
  "    </method>"
  "    <signal name='NewTitle'/>"
  "    <signal name='NewIcon'/>"
  "    <signal name='NewAttentionIcon'/>"
  "    <signal name='NewOverlayIcon'/>"
  "    <signal name='NewToolTip'/>"
  "    <signal name='NewStatus'>"
  "      <arg name='status' type='s'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='" MENU_INTERFACE "'>"
  "    <property name='Version' type='u' access='read'/>"
  "    <property name='TextDirection' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='IconThemePath' type='as' access='read'/>"
  "    <method name='GetLayout'>"
  "      <arg name='parentId' type='i' direction='in'/>"
  "      <arg name='recursionDepth' type='i' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='revision' type='u' direction='out'/>"
  "      <arg name='layout' type='(ia{sv}av)' direction='out'/>"
  "    </method>"
  "    <method name='GetGroupProperties'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='properties' type='a(ia{sv})' direction='out'/>"
  "    </method>"
  "    <method name='GetProperty'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='name' type='s' direction='in'/>"
  "      <arg name='value' type='v' direction='out'/>"
  "    </method>"
  "    <method name='Event'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='eventId' type='s' direction='in'/>"
  "      <arg name='data' type='v' direction='in'/>"
  "      <arg name='timestamp' type='u' direction='in'/>"
  "    </method>"
  "    <method name='EventGroup'>"
  "      <arg name='events' type='a(isvu)' direction='in'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShow'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='needUpdate' type='b' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShowGroup'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='updatesNeeded' type='ai' direction='out'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <signal name='ItemsPropertiesUpdated'>"
  "      <arg name='updatedProps' type='a(ia{sv})'/>"
  "      <arg name='removedProps' type='a(ias)'/>"
  "    </signal>"
  "    <signal name='LayoutUpdated'>"
  "      <arg name='revision' type='u'/>"
  "      <arg name='parent' type='i'/>"
  "    </signal>"
  "    <signal name='ItemActivationRequested'>"
  "      <arg name='id' type='i'/>"
  "      <arg name='timestamp' type='u'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

/* ---- the menu ---- */

/* dbusmenu ids: 0 is the root, item i of dsc-tray-menu.c is i + 1. */
#define MENU_ROOT 0
#define MENU_N_IDS ((int) dsc_tray_menu_get_n_items () + 1)

static const DscTrayMenuItem *
menu_item (int id)
{
  return dsc_tray_menu_get_item ((guint) id - 1);
}

/* The pixmap sizes: panels are 16–48 px tall, and pick the nearest size. */
static const int pixmap_sizes[] = { 16, 22, 24, 32, 48 };

struct _DscTray {
  DscTrayActionFunc func;
  gpointer user_data;

  GCancellable *cancellable;          /* g_bus_get and the current registration */
  GDBusNodeInfo *node_info;
  GDBusConnection *connection;
  guint item_registration;
  guint menu_registration;
  guint own_id;
  guint watch_id;
  char *bus_name;
  char *watcher_owner;                /* unique name of the watcher, NULL when none */
  gboolean name_acquired;
  gboolean registered;                /* with watcher_owner */
  GCancellable *register_cancellable;

  DscStatus status;                   /* INFO folded into OK */
  char *summary;
  gboolean snoozed;
  guint menu_revision;
  GVariant *icon_pixmap;              /* a(iiay) for status */
  GVariant *attention_pixmap;         /* a(iiay) for ERROR */

  GQueue pending_actions;             /* GINT_TO_POINTER (DscTrayAction) */
  guint action_idle;
};

static guint tray_counter;

static DscStatus
fold_status (DscStatus status)
{
  return status == DSC_STATUS_INFO ? DSC_STATUS_OK : status;
}

static const char *
status_string (DscTray *tray)
{
  return tray->status == DSC_STATUS_ERROR ? "NeedsAttention" : "Active";
}

/* a(iiay): each size rendered, ARGB32 in network byte order. */
static GVariant *
build_pixmap (DscStatus status)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(iiay)"));
  for (guint i = 0; i < G_N_ELEMENTS (pixmap_sizes); i++)
    {
      int size = pixmap_sizes[i];
      gsize n_pixels = (gsize) size * size;
      g_autofree guint32 *pixels = dsc_tray_icon_render (status, size);
      guint8 *bytes;
      GVariant *data;

      if (pixels == NULL)
        continue;

      bytes = g_malloc (n_pixels * 4);
      for (gsize p = 0; p < n_pixels; p++)
        {
          guint32 argb = pixels[p];

          bytes[4 * p + 0] = (argb >> 24) & 0xff;
          bytes[4 * p + 1] = (argb >> 16) & 0xff;
          bytes[4 * p + 2] = (argb >> 8) & 0xff;
          bytes[4 * p + 3] = argb & 0xff;
        }
      data = g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, bytes, n_pixels * 4,
                                      TRUE, g_free, bytes);
      g_variant_builder_add (&builder, "(ii@ay)", size, size, data);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* (sa(iiay)ss): icon name, icon pixmaps, title, text. The spec lets hosts read the
 * text as XML-based markup, and some do (Xfce's panel shows nothing when it does
 * not parse): the plain-text summary goes out escaped. */
static GVariant *
build_tooltip (DscTray *tray)
{
  g_autofree char *text = g_markup_escape_text (tray->summary != NULL ? tray->summary : "", -1);

  return g_variant_new ("(s@a(iiay)ss)",
                        "",
                        g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0),
                        ITEM_TITLE,
                        text);
}

/* ---- actions, always from an idle ---- */

static gboolean
dispatch_action (gpointer data)
{
  DscTray *tray = data;
  DscTrayAction action = GPOINTER_TO_INT (g_queue_pop_head (&tray->pending_actions));
  gboolean more = !g_queue_is_empty (&tray->pending_actions);

  if (!more)
    tray->action_idle = 0;

  /* The callback may free the tray (dsc_tray_free removes this source):
   * nothing below may touch it. */
  if (tray->func != NULL)
    tray->func (action, NULL, tray->user_data);

  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
queue_action (DscTray       *tray,
              DscTrayAction  action)
{
  g_queue_push_tail (&tray->pending_actions, GINT_TO_POINTER (action));
  if (tray->action_idle == 0)
    {
      tray->action_idle = g_idle_add (dispatch_action, tray);
      g_source_set_name_by_id (tray->action_idle, "[dsc] tray action");
    }
}

/* ---- org.kde.StatusNotifierItem ---- */

static void
emit_item_signal (DscTray    *tray,
                  const char *name,
                  GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;

  if (tray->connection == NULL || tray->item_registration == 0)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }

  if (!g_dbus_connection_emit_signal (tray->connection, NULL, SNI_PATH, SNI_INTERFACE,
                                      name, parameters, &error))
    g_debug ("Could not emit %s: %s", name, error->message);
}

static void
item_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  DscTray *tray = user_data;

  if (g_str_equal (method_name, "Activate") || g_str_equal (method_name, "SecondaryActivate"))
    queue_action (tray, DSC_TRAY_ACTION_OPEN);
  /* ContextMenu: the host shows the dbusmenu itself. Scroll: nothing to scroll. */

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
item_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  DscTray *tray = user_data;

  if (g_str_equal (property_name, "Category"))
    return g_variant_new_string ("ApplicationStatus");
  if (g_str_equal (property_name, "Id"))
    return g_variant_new_string (ITEM_ID);
  if (g_str_equal (property_name, "Title"))
    return g_variant_new_string (ITEM_TITLE);
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string (status_string (tray));
  if (g_str_equal (property_name, "WindowId"))
    return g_variant_new_int32 (0);
  if (g_str_equal (property_name, "Menu"))
    return g_variant_new_object_path (MENU_PATH);
  if (g_str_equal (property_name, "ItemIsMenu"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (property_name, "IconPixmap"))
    return g_variant_ref (tray->icon_pixmap);
  if (g_str_equal (property_name, "AttentionIconPixmap"))
    return g_variant_ref (tray->attention_pixmap);
  if (g_str_equal (property_name, "OverlayIconPixmap"))
    return g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0);
  if (g_str_equal (property_name, "ToolTip"))
    return build_tooltip (tray);
  /* IconThemePath, IconName, OverlayIconName, AttentionIconName, AttentionMovieName:
   * empty, so hosts use the pixmaps (with the status badge). */
  return g_variant_new_string ("");
}

static const GDBusInterfaceVTable item_vtable = {
  item_method_call,
  item_get_property,
  NULL,
  { 0 }
};

/* ---- com.canonical.dbusmenu ---- */

static gboolean
menu_id_valid (int id)
{
  return id >= 0 && id < MENU_N_IDS;
}

static gboolean
property_wanted (const char * const *names,
                 const char         *name)
{
  return names == NULL || names[0] == NULL || g_strv_contains (names, name);
}

/* dbusmenu labels use "_" for mnemonics: keep any in translations literal. */
static GVariant *
menu_label (const char *text)
{
  g_autoptr(GString) label = g_string_new (text);

  g_string_replace (label, "_", "__", 0);
  return g_variant_new_string (label->str);
}

static GVariant *
menu_item_properties (DscTray            *tray,
                      int                 id,
                      const char * const *names)
{
  GVariantBuilder builder;
  const DscTrayMenuItem *item;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);

  if (id == MENU_ROOT)
    {
      if (property_wanted (names, "children-display"))
        g_variant_builder_add (&builder, "{sv}", "children-display",
                               g_variant_new_string ("submenu"));
      return g_variant_builder_end (&builder);
    }

  item = menu_item (id);
  if (dsc_tray_menu_item_is_separator (item))
    {
      if (property_wanted (names, "type"))
        g_variant_builder_add (&builder, "{sv}", "type", g_variant_new_string ("separator"));
    }
  else
    {
      if (property_wanted (names, "label"))
        g_variant_builder_add (&builder, "{sv}", "label",
                               menu_label (dsc_tray_menu_item_get_label (item)));
      if (property_wanted (names, "enabled"))
        g_variant_builder_add (&builder, "{sv}", "enabled", g_variant_new_boolean (TRUE));
    }
  if (property_wanted (names, "visible"))
    g_variant_builder_add (&builder, "{sv}", "visible",
                           g_variant_new_boolean (dsc_tray_menu_item_is_shown (item,
                                                                               tray->snoozed)));

  return g_variant_builder_end (&builder);
}

static GVariant *
menu_layout (DscTray            *tray,
             int                 id,
             int                 depth,
             const char * const *names)
{
  GVariantBuilder children;

  g_variant_builder_init (&children, G_VARIANT_TYPE ("av"));
  if (id == MENU_ROOT && depth != 0)
    for (int child = MENU_ROOT + 1; child < MENU_N_IDS; child++)
      g_variant_builder_add (&children, "v", menu_layout (tray, child, depth - 1, names));

  return g_variant_new ("(i@a{sv}av)", id, menu_item_properties (tray, id, names), &children);
}

static gboolean
menu_event (DscTray    *tray,
            int         id,
            const char *event_id)
{
  const DscTrayMenuItem *item;

  if (!menu_id_valid (id))
    return FALSE;

  /* "opened", "closed", "hovered": nothing to do. */
  if (g_strcmp0 (event_id, "clicked") != 0 || id == MENU_ROOT)
    return TRUE;

  item = menu_item (id);
  if (!dsc_tray_menu_item_is_separator (item) &&
      dsc_tray_menu_item_is_shown (item, tray->snoozed))
    queue_action (tray, item->action);
  return TRUE;
}

static void
return_unknown_id (GDBusMethodInvocation *invocation,
                   int                    id)
{
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         "Unknown menu item id %d", id);
}

static void
menu_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  DscTray *tray = user_data;

  if (g_str_equal (method_name, "GetLayout"))
    {
      int parent_id, depth;
      g_autofree const char **names = NULL;

      g_variant_get (parameters, "(ii^a&s)", &parent_id, &depth, &names);
      if (!menu_id_valid (parent_id))
        {
          return_unknown_id (invocation, parent_id);
          return;
        }
      g_dbus_method_invocation_return_value (invocation,
        g_variant_new ("(u@(ia{sv}av))", tray->menu_revision,
                       menu_layout (tray, parent_id, depth, names)));
    }
  else if (g_str_equal (method_name, "GetGroupProperties"))
    {
      g_autoptr(GVariant) ids = NULL;
      g_autofree const char **names = NULL;
      GVariantBuilder builder;
      gsize n_ids;
      const gint32 *id_list;

      g_variant_get (parameters, "(@ai^a&s)", &ids, &names);
      id_list = g_variant_get_fixed_array (ids, &n_ids, sizeof (gint32));
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ia{sv})"));
      if (n_ids == 0)
        {
          for (int id = 0; id < MENU_N_IDS; id++)
            g_variant_builder_add (&builder, "(i@a{sv})", id,
                                   menu_item_properties (tray, id, names));
        }
      else
        {
          for (gsize i = 0; i < n_ids; i++)
            if (menu_id_valid (id_list[i]))
              g_variant_builder_add (&builder, "(i@a{sv})", id_list[i],
                                     menu_item_properties (tray, id_list[i], names));
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(ia{sv}))", &builder));
    }
  else if (g_str_equal (method_name, "GetProperty"))
    {
      int id;
      const char *name;
      const char *names[2] = { NULL, NULL };
      g_autoptr(GVariant) props = NULL;
      g_autoptr(GVariant) value = NULL;

      g_variant_get (parameters, "(i&s)", &id, &name);
      if (!menu_id_valid (id))
        {
          return_unknown_id (invocation, id);
          return;
        }
      names[0] = name;
      props = g_variant_ref_sink (menu_item_properties (tray, id, names));
      value = g_variant_lookup_value (props, name, NULL);
      if (value == NULL)
        g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                               G_DBUS_ERROR_INVALID_ARGS,
                                               "Menu item %d has no property %s", id, name);
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
    }
  else if (g_str_equal (method_name, "Event"))
    {
      int id;
      const char *event_id;

      g_variant_get (parameters, "(i&svu)", &id, &event_id, NULL, NULL);
      if (menu_event (tray, id, event_id))
        g_dbus_method_invocation_return_value (invocation, NULL);
      else
        return_unknown_id (invocation, id);
    }
  else if (g_str_equal (method_name, "EventGroup"))
    {
      g_autoptr(GVariantIter) events = NULL;
      GVariantBuilder errors;
      int id;
      const char *event_id;
      gsize n_events, n_errors = 0;

      g_variant_get (parameters, "(a(isvu))", &events);
      n_events = g_variant_iter_n_children (events);
      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      while (g_variant_iter_loop (events, "(i&svu)", &id, &event_id, NULL, NULL))
        if (!menu_event (tray, id, event_id))
          {
            g_variant_builder_add (&errors, "i", id);
            n_errors++;
          }
      if (n_events > 0 && n_errors == n_events)
        {
          g_variant_builder_clear (&errors);
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_INVALID_ARGS,
                                                 "None of the menu item ids is known");
          return;
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ai)", &errors));
    }
  else if (g_str_equal (method_name, "AboutToShow"))
    {
      int id;

      g_variant_get (parameters, "(i)", &id);
      if (!menu_id_valid (id))
        return_unknown_id (invocation, id);
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
    }
  else if (g_str_equal (method_name, "AboutToShowGroup"))
    {
      g_autoptr(GVariant) ids = NULL;
      GVariantBuilder errors;
      gsize n_ids;
      const gint32 *id_list;

      g_variant_get (parameters, "(@ai)", &ids);
      id_list = g_variant_get_fixed_array (ids, &n_ids, sizeof (gint32));
      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      for (gsize i = 0; i < n_ids; i++)
        if (!menu_id_valid (id_list[i]))
          g_variant_builder_add (&errors, "i", id_list[i]);
      g_dbus_method_invocation_return_value (invocation,
        g_variant_new ("(@aiai)", g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0), &errors));
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "Unknown method %s", method_name);
    }
}

static GVariant *
menu_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  if (g_str_equal (property_name, "Version"))
    return g_variant_new_uint32 (3);
  if (g_str_equal (property_name, "TextDirection"))
    return g_variant_new_string (gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                                 ? "rtl" : "ltr");
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string ("normal");
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_strv (NULL, 0);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
               "Unknown property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable menu_vtable = {
  menu_method_call,
  menu_get_property,
  NULL,
  { 0 }
};

static void
emit_menu_changed (DscTray *tray)
{
  const char *visible[] = { "visible", NULL };
  GVariantBuilder updated;

  if (tray->connection == NULL || tray->menu_registration == 0)
    return;

  g_variant_builder_init (&updated, G_VARIANT_TYPE ("a(ia{sv})"));
  for (int id = MENU_ROOT + 1; id < MENU_N_IDS; id++)
    if (menu_item (id)->only_snoozed)
      g_variant_builder_add (&updated, "(i@a{sv})", id,
                             menu_item_properties (tray, id, visible));
  g_dbus_connection_emit_signal (tray->connection, NULL, MENU_PATH, MENU_INTERFACE,
                                 "ItemsPropertiesUpdated",
                                 g_variant_new ("(a(ia{sv})@a(ias))", &updated,
                                                g_variant_new_array (G_VARIANT_TYPE ("(ias)"),
                                                                     NULL, 0)),
                                 NULL);
  g_dbus_connection_emit_signal (tray->connection, NULL, MENU_PATH, MENU_INTERFACE,
                                 "LayoutUpdated",
                                 g_variant_new ("(ui)", tray->menu_revision, MENU_ROOT),
                                 NULL);
}

/* ---- the watcher ---- */

static void
on_registered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  DscTray *tray;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* Cancelled: the watcher went away or the tray was freed; user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  tray = user_data;
  g_clear_object (&tray->register_cancellable);
  if (reply == NULL)
    {
      g_message ("The notification area did not accept the tray icon: %s", error->message);
      return;
    }

  g_debug ("Registered %s with the StatusNotifierWatcher", tray->bus_name);
  tray->registered = TRUE;
}

static void
cancel_registration (DscTray *tray)
{
  if (tray->register_cancellable != NULL)
    {
      g_cancellable_cancel (tray->register_cancellable);
      g_clear_object (&tray->register_cancellable);
    }
  tray->registered = FALSE;
}

static void
register_with_watcher (DscTray *tray)
{
  cancel_registration (tray);
  if (tray->connection == NULL || !tray->name_acquired || tray->watcher_owner == NULL)
    return;

  tray->register_cancellable = g_cancellable_new ();
  g_dbus_connection_call (tray->connection, tray->watcher_owner, WATCHER_PATH, WATCHER_INTERFACE,
                          "RegisterStatusNotifierItem",
                          g_variant_new ("(s)", tray->bus_name),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          tray->register_cancellable, on_registered, tray);
}

static void
on_watcher_appeared (GDBusConnection *connection,
                     const char      *name,
                     const char      *name_owner,
                     gpointer         user_data)
{
  DscTray *tray = user_data;

  g_debug ("StatusNotifierWatcher appeared (%s)", name_owner);
  g_free (tray->watcher_owner);
  tray->watcher_owner = g_strdup (name_owner);
  register_with_watcher (tray);
}

static void
on_watcher_vanished (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  DscTray *tray = user_data;

  if (tray->watcher_owner != NULL)
    g_debug ("StatusNotifierWatcher vanished");
  g_clear_pointer (&tray->watcher_owner, g_free);
  cancel_registration (tray);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  DscTray *tray = user_data;

  tray->name_acquired = TRUE;
  register_with_watcher (tray);
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  DscTray *tray = user_data;

  if (tray->name_acquired || connection == NULL)
    g_message ("Lost the bus name %s: no tray icon", name);
  tray->name_acquired = FALSE;
  cancel_registration (tray);
}

static void
on_bus_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  DscTray *tray;

  connection = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* freed */

  tray = user_data;
  if (connection == NULL)
    {
      g_message ("No session bus, so no tray icon: %s", error->message);
      return;
    }

  tray->connection = g_steal_pointer (&connection);

  tray->item_registration =
    g_dbus_connection_register_object (tray->connection, SNI_PATH,
                                       tray->node_info->interfaces[0], &item_vtable,
                                       tray, NULL, &error);
  if (tray->item_registration == 0)
    {
      g_message ("Could not export the tray icon: %s", error->message);
      return;
    }
  tray->menu_registration =
    g_dbus_connection_register_object (tray->connection, MENU_PATH,
                                       tray->node_info->interfaces[1], &menu_vtable,
                                       tray, NULL, &error);
  if (tray->menu_registration == 0)
    {
      g_message ("Could not export the tray menu: %s", error->message);
      return;
    }

  tray->own_id = g_bus_own_name_on_connection (tray->connection, tray->bus_name,
                                               G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                               on_name_acquired, on_name_lost,
                                               tray, NULL);
  tray->watch_id = g_bus_watch_name_on_connection (tray->connection, WATCHER_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   on_watcher_appeared, on_watcher_vanished,
                                                   tray, NULL);
}

/* ---- public API ---- */

DscTray *
dsc_tray_new (DscTrayActionFunc func,
              gpointer          user_data)
{
  DscTray *tray = g_new0 (DscTray, 1);
  g_autoptr(GError) error = NULL;

  tray->func = func;
  tray->user_data = user_data;
  tray->status = DSC_STATUS_UNKNOWN;
  tray->menu_revision = 1;
  g_queue_init (&tray->pending_actions);
  tray->bus_name = g_strdup_printf ("org.kde.StatusNotifierItem-%d-%u",
                                    (int) getpid (), ++tray_counter);
  tray->icon_pixmap = build_pixmap (tray->status);
  tray->attention_pixmap = build_pixmap (DSC_STATUS_ERROR);

  tray->node_info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);

  tray->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SESSION, tray->cancellable, on_bus_ready, tray);

  return tray;
}

void
dsc_tray_free (DscTray *tray)
{
  if (tray == NULL)
    return;

  g_cancellable_cancel (tray->cancellable);
  cancel_registration (tray);

  if (tray->watch_id != 0)
    g_bus_unwatch_name (tray->watch_id);
  if (tray->own_id != 0)
    g_bus_unown_name (tray->own_id);
  if (tray->connection != NULL)
    {
      if (tray->item_registration != 0)
        g_dbus_connection_unregister_object (tray->connection, tray->item_registration);
      if (tray->menu_registration != 0)
        g_dbus_connection_unregister_object (tray->connection, tray->menu_registration);
    }

  g_clear_handle_id (&tray->action_idle, g_source_remove);
  g_queue_clear (&tray->pending_actions);

  g_clear_object (&tray->connection);
  g_clear_object (&tray->cancellable);
  g_clear_pointer (&tray->node_info, g_dbus_node_info_unref);
  g_clear_pointer (&tray->icon_pixmap, g_variant_unref);
  g_clear_pointer (&tray->attention_pixmap, g_variant_unref);
  g_free (tray->watcher_owner);
  g_free (tray->bus_name);
  g_free (tray->summary);
  g_free (tray);
}

void
dsc_tray_update (DscTray    *tray,
                 DscStatus   status,
                 const char *summary,
                 gboolean    snoozed)
{
  gboolean needed_attention;

  g_return_if_fail (tray != NULL);

  status = fold_status (status);
  snoozed = !!snoozed;
  needed_attention = tray->status == DSC_STATUS_ERROR;

  if (status != tray->status)
    {
      tray->status = status;
      g_clear_pointer (&tray->icon_pixmap, g_variant_unref);
      tray->icon_pixmap = build_pixmap (status);
      emit_item_signal (tray, "NewIcon", NULL);
      if (needed_attention != (status == DSC_STATUS_ERROR))
        emit_item_signal (tray, "NewStatus", g_variant_new ("(s)", status_string (tray)));
    }

  if (g_strcmp0 (summary, tray->summary) != 0)
    {
      g_free (tray->summary);
      tray->summary = g_strdup (summary);
      emit_item_signal (tray, "NewToolTip", NULL);
    }

  if (snoozed != tray->snoozed)
    {
      tray->snoozed = snoozed;
      tray->menu_revision++;
      emit_menu_changed (tray);
    }
}

gboolean
dsc_tray_is_visible (DscTray *tray)
{
  return tray != NULL && tray->registered && tray->watcher_owner != NULL;
}

gboolean
dsc_tray_notify (DscTray    *tray,
                 const char *title,
                 const char *body,
                 DscStatus   severity,
                 const char *category)
{
  /* Linux notifications go through GNotification (the caller's fallback). */
  return FALSE;
}

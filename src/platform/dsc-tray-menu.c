/* dsc-tray-menu.c — the tray's context menu for both backends (see the
 * header).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-tray"

#include <glib/gi18n.h>

#include "dsc-tray-menu.h"

static const DscTrayMenuItem items[] = {
  { N_("Open DirSync Companion"), DSC_TRAY_ACTION_OPEN, FALSE },
  { NULL, 0, FALSE },
  { N_("Refresh now"), DSC_TRAY_ACTION_REFRESH, FALSE },
  { N_("Snooze notifications for 1 hour"), DSC_TRAY_ACTION_SNOOZE_HOUR, FALSE },
  { N_("Snooze notifications until tomorrow"), DSC_TRAY_ACTION_SNOOZE_TOMORROW, FALSE },
  { N_("Resume notifications"), DSC_TRAY_ACTION_RESUME, TRUE },
  { NULL, 0, FALSE },
  { N_("Quit"), DSC_TRAY_ACTION_QUIT, FALSE },
};

guint
dsc_tray_menu_get_n_items (void)
{
  return G_N_ELEMENTS (items);
}

const DscTrayMenuItem *
dsc_tray_menu_get_item (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (items), NULL);
  return &items[index];
}

gboolean
dsc_tray_menu_item_is_separator (const DscTrayMenuItem *item)
{
  return item->label == NULL;
}

const char *
dsc_tray_menu_item_get_label (const DscTrayMenuItem *item)
{
  return item->label != NULL ? _(item->label) : NULL;
}

gboolean
dsc_tray_menu_item_is_shown (const DscTrayMenuItem *item,
                             gboolean               snoozed)
{
  return !item->only_snoozed || snoozed;
}

const DscTrayMenuItem *
dsc_tray_menu_find_action (DscTrayAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    if (items[i].label != NULL && items[i].action == action)
      return &items[i];
  return NULL;
}

/* dsc-tray-menu.h — the tray's context menu, written once: labels, order and
 * what each item does. Both backends show it: dsc-tray-win32.c as a popup
 * menu, dsc-tray-sni.c as a com.canonical.dbusmenu.
 */
#pragma once

#include <glib.h>

#include "dsc-platform.h"

G_BEGIN_DECLS

typedef struct {
  const char    *label;         /* untranslated (N_()); NULL for a separator */
  DscTrayAction  action;        /* what choosing it does; not for separators */
  gboolean       only_snoozed;  /* shown only while notifications are snoozed */
} DscTrayMenuItem;

/* Top to bottom. */
guint                  dsc_tray_menu_get_n_items    (void);
const DscTrayMenuItem *dsc_tray_menu_get_item       (guint                  index);
gboolean               dsc_tray_menu_item_is_separator (const DscTrayMenuItem *item);
/* Translated. */
const char            *dsc_tray_menu_item_get_label (const DscTrayMenuItem *item);
gboolean               dsc_tray_menu_item_is_shown  (const DscTrayMenuItem *item,
                                                     gboolean               snoozed);
/* The item that runs action (OPEN … QUIT), or NULL. */
const DscTrayMenuItem *dsc_tray_menu_find_action    (DscTrayAction          action);

G_END_DECLS

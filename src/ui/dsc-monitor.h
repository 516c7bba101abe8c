/* dsc-monitor.h — background monitoring: refreshes the main window's tenant on an interval and
 * turns report changes into desktop notifications (the decision is dsc_notify_evaluate()).
 *
 * Settings: refresh-interval-minutes, run-in-background, notified-keys, snoozed-until,
 * quiet-hours-start/-end. Without the installed schema it does nothing.
 */
#pragma once

#include <gtk/gtk.h>
#include "dsc-window.h"

G_BEGIN_DECLS

#define DSC_TYPE_MONITOR (dsc_monitor_get_type ())
G_DECLARE_FINAL_TYPE (DscMonitor, dsc_monitor, DSC, MONITOR, GObject)

/* application is not referenced: the application owns the monitor. */
DscMonitor *dsc_monitor_new   (GApplication *application);
/* Follows this window's reports and refreshes it on the interval (replaces any earlier one). */
void        dsc_monitor_watch (DscMonitor   *self,
                               DscWindow    *window);

G_END_DECLS

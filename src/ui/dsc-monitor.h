/* dsc-monitor.h — background monitoring: refreshes the session's tenant on an interval
 * (backing off while offline or throttled), keeps the tray icon's status and tooltip current,
 * and turns report changes into notifications (the decision is dsc_notify_evaluate(); where
 * they show is the platform's: tray balloons on Windows, GNotification on Linux).
 *
 * Settings: refresh-interval-minutes, run-in-background, notified-keys, snoozed-until,
 * quiet-hours-start/-end. Without the installed schema it does nothing.
 *
 * Tray menu entries activate application actions: app.open, app.refresh, app.snooze ("hour",
 * "tomorrow", "resume"), app.quit, app.show-category (s).
 */
#pragma once

#include <gtk/gtk.h>
#include "dsc-session.h"
#include "dsc-session-list.h"

G_BEGIN_DECLS

#define DSC_TYPE_MONITOR (dsc_monitor_get_type ())
G_DECLARE_FINAL_TYPE (DscMonitor, dsc_monitor, DSC, MONITOR, GObject)

/* application is not referenced: the application owns the monitor. */
DscMonitor *dsc_monitor_new              (GApplication *application);
/* Follows this session's reports and refreshes it on the interval (replaces any earlier
 * one; NULL: nothing to watch, e.g. not signed in). */
void        dsc_monitor_watch            (DscMonitor   *self,
                                          DscSession   *session);
/* Follows every tenant of the list instead: each on its own interval and backoff,
 * refreshed through the list's queue (a few at a time); notifications name the tenant;
 * the tray shows the worst status and "3 of 42 tenants need attention". */
void        dsc_monitor_watch_list       (DscMonitor     *self,
                                          DscSessionList *sessions);
/* The tray's tooltip as last set. */
const char *dsc_monitor_get_summary      (DscMonitor   *self);
/* The main window, which hides on close instead of closing while run-in-background is on
 * (held weakly; NULL forgets it). */
void        dsc_monitor_set_window       (DscMonitor   *self,
                                          GtkWindow    *window);
/* Notifications off until the given Unix time; 0 turns them back on. */
void        dsc_monitor_snooze           (DscMonitor   *self,
                                          gint64        until);
gint64      dsc_monitor_get_snoozed_until (DscMonitor  *self);
/* What the tray icon shows: the worst status of the session's report (UNKNOWN without one). */
DscStatus   dsc_monitor_get_status       (DscMonitor   *self);
/* Consecutive refreshes that failed for a reason worth backing off from. */
guint       dsc_monitor_get_failures     (DscMonitor   *self);
/* Seconds until the next background refresh (0 when none is scheduled). */
guint       dsc_monitor_get_next_delay   (DscMonitor   *self);

G_END_DECLS

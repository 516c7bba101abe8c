/* dsc-schedule.h — when background monitoring refreshes next, and what "snooze" means.
 *
 * Pure rules (no clock, no GTK) so the monitor's timing is testable:
 * - Healthy refreshes run every interval (the setting; Entra Connect syncs every 30 minutes).
 * - After failures that say "try later" (offline, throttled, Graph unavailable) the delay
 *   doubles per consecutive failure, capped at DSC_SCHEDULE_MAX_BACKOFF_SECONDS or the
 *   interval if that is longer. (Retry-After within one refresh is the Graph client's job.)
 *   Other failures (permissions, sign-in) keep the plain interval: retrying sooner or later
 *   changes nothing until the admin acts, and the window says what to do.
 * - "Until tomorrow" ends at DSC_SCHEDULE_MORNING_HOUR local time on the next calendar day.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DSC_SCHEDULE_MIN_INTERVAL_MINUTES 5
#define DSC_SCHEDULE_MAX_INTERVAL_MINUTES 1440
#define DSC_SCHEDULE_MAX_BACKOFF_SECONDS  (6 * 3600)
#define DSC_SCHEDULE_MORNING_HOUR         8

/* Seconds until the next refresh. interval_minutes is clamped to [MIN, MAX]; failures
 * counts consecutive "try later" failures (0 after a success). */
guint  dsc_schedule_next_delay       (int    interval_minutes,
                                      guint  failures);

/* Unix seconds at which a snooze "until tomorrow" ends, for a local time now. */
gint64 dsc_schedule_tomorrow_morning (GDateTime *now_local);

G_END_DECLS

/* dsc-schedule.c — background refresh timing rules; see dsc-schedule.h. */
#include "config.h"

#include "dsc-schedule.h"

guint
dsc_schedule_next_delay (int   interval_minutes,
                         guint failures)
{
  guint64 interval = (guint64) CLAMP (interval_minutes, DSC_SCHEDULE_MIN_INTERVAL_MINUTES,
                                      DSC_SCHEDULE_MAX_INTERVAL_MINUTES) * 60;
  guint64 cap = MAX (interval, DSC_SCHEDULE_MAX_BACKOFF_SECONDS);
  guint64 delay = interval;

  /* Doubling from the interval; 2^16 is far past any cap, so the shift can't overflow. */
  if (failures > 0)
    delay = MIN (interval << MIN (failures, 16u), cap);
  return (guint) delay;
}

gint64
dsc_schedule_tomorrow_morning (GDateTime *now_local)
{
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) morning = NULL;

  g_return_val_if_fail (now_local != NULL, 0);

  tomorrow = g_date_time_add_days (now_local, 1);
  morning = g_date_time_new (g_date_time_get_timezone (now_local),
                             g_date_time_get_year (tomorrow),
                             g_date_time_get_month (tomorrow),
                             g_date_time_get_day_of_month (tomorrow),
                             DSC_SCHEDULE_MORNING_HOUR, 0, 0);
  /* A time zone where 08:00 doesn't exist that day: a day from now is close enough. */
  if (morning == NULL)
    return g_date_time_to_unix (tomorrow);
  return g_date_time_to_unix (morning);
}

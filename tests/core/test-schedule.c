/* test-schedule.c — background refresh timing: interval, backoff, snooze until tomorrow. */
#include "config.h"

#include <glib.h>

#include "dsc-schedule.h"

static void
test_interval (void)
{
  g_assert_cmpuint (dsc_schedule_next_delay (30, 0), ==, 30 * 60);
  /* Out-of-range settings are clamped, never zero or absurd. */
  g_assert_cmpuint (dsc_schedule_next_delay (0, 0), ==, 5 * 60);
  g_assert_cmpuint (dsc_schedule_next_delay (-7, 0), ==, 5 * 60);
  g_assert_cmpuint (dsc_schedule_next_delay (100000, 0), ==, 1440 * 60);
}

static void
test_backoff (void)
{
  static const struct { int interval; guint failures; guint expected; } rows[] = {
    { 30, 1, 60 * 60 },
    { 30, 2, 120 * 60 },
    { 30, 3, 240 * 60 },
    { 30, 4, 6 * 3600 },          /* capped */
    { 30, 40, 6 * 3600 },         /* no overflow */
    { 5, 1, 10 * 60 },
    { 5, 6, 320 * 60 },
    { 5, 7, 6 * 3600 },
    { 720, 1, 720 * 60 },         /* longer than the 6 h cap: the interval itself */
    { 1440, 3, 1440 * 60 },       /* never sooner than the interval itself */
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("interval %d min, %u failures", rows[i].interval, rows[i].failures);
      g_assert_cmpuint (dsc_schedule_next_delay (rows[i].interval, rows[i].failures), ==,
                        rows[i].expected);
    }
}

static void
test_tomorrow_morning (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) evening = g_date_time_new (tz, 2026, 12, 31, 22, 15, 0);
  g_autoptr(GDateTime) night = g_date_time_new (tz, 2026, 11, 24, 1, 0, 0);
  g_autoptr(GDateTime) expected_evening = g_date_time_new (tz, 2027, 1, 1, 8, 0, 0);
  g_autoptr(GDateTime) expected_night = g_date_time_new (tz, 2026, 11, 25, 8, 0, 0);

  g_assert_nonnull (tz);
  g_assert_cmpint (dsc_schedule_tomorrow_morning (evening), ==,
                   g_date_time_to_unix (expected_evening));
  /* "Until tomorrow" after midnight means the next calendar day, not seven hours. */
  g_assert_cmpint (dsc_schedule_tomorrow_morning (night), ==,
                   g_date_time_to_unix (expected_night));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/schedule/interval", test_interval);
  g_test_add_func ("/core/schedule/backoff", test_backoff);
  g_test_add_func ("/core/schedule/tomorrow-morning", test_tomorrow_morning);
  return g_test_run ();
}

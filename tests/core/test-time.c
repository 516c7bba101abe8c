/* test-time.c — the time module's UTC dates, durations and local times (the
 * ages, intervals and ISO 8601 forms are covered by test-report-format.c). */
#include "config.h"

#include <glib.h>

#include "dsc-time.h"

/* 2026-11-14T08:30:00Z */
#define T ((gint64) 1794645000)

static void
test_utc_dates (void)
{
  g_autofree char *date = dsc_format_date (T);
  g_autofree char *date_time = dsc_format_date_time (T);
  g_autofree char *unknown_date = dsc_format_date (0);
  g_autofree char *custom = dsc_format_utc (T, "%Y-%m-%d %H:%M UTC", "—");
  g_autofree char *custom_unknown = dsc_format_utc (0, "%Y", "—");

  g_assert_cmpstr (date, ==, "14 Nov 2026");
  g_assert_cmpstr (date_time, ==, "14 Nov 2026, 08:30 UTC");
  g_assert_cmpstr (unknown_date, ==, "unknown date");
  g_assert_cmpstr (custom, ==, "2026-11-14 08:30 UTC");
  g_assert_cmpstr (custom_unknown, ==, "—");
}

static void
test_iso_or_unknown (void)
{
  g_autofree char *iso = dsc_format_iso8601_or_unknown (T);
  g_autofree char *unknown = dsc_format_iso8601_or_unknown (0);
  g_autofree char *out_of_range = dsc_format_iso8601_or_unknown (G_MAXINT64);

  g_assert_cmpstr (iso, ==, "2026-11-14T08:30:00Z");
  g_assert_cmpstr (unknown, ==, "unknown");
  g_assert_cmpstr (out_of_range, ==, "unknown");
}

static void
test_duration (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "less than a minute" },
    { 59, "less than a minute" },
    { DSC_MINUTE, "1 minute" },
    { 45 * DSC_MINUTE, "45 minutes" },
    { 2 * DSC_HOUR - 1, "119 minutes" },
    { 2 * DSC_HOUR, "2 hours" },
    { 2 * DSC_DAY - 1, "47 hours" },
    { 2 * DSC_DAY, "2 days" },
    { 400 * DSC_DAY, "400 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dsc_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_add_months (void)
{
  /* 2026-01-31 + 1 month clamps to 2026-02-28, as GLib does. */
  g_autoptr(GDateTime) jan = g_date_time_new_utc (2026, 1, 31, 12, 0, 0);
  g_autoptr(GDateTime) feb = g_date_time_new_utc (2026, 2, 28, 12, 0, 0);

  g_assert_cmpint (dsc_time_add_months (g_date_time_to_unix (jan), 1), ==,
                   g_date_time_to_unix (feb));
  g_assert_cmpint (dsc_time_add_months (T, 12) - T, ==, 365 * DSC_DAY);
  g_assert_cmpint (dsc_time_add_months (G_MAXINT64, 1), ==, 0);
}

/* TZ is UTC for this test program (main), so local equals UTC. */
static void
test_local_times (void)
{
  g_autofree char *full = dsc_format_local_time (T);
  g_autofree char *today = dsc_format_short_time (T, T + DSC_HOUR);
  g_autofree char *other_day = dsc_format_short_time (T, T + 2 * DSC_DAY);
  g_autofree char *never = dsc_format_local_time (0);
  g_autofree char *never_short = dsc_format_short_time (0, T);

  g_assert_cmpstr (full, ==, "Saturday 14 November 2026, 08:30");
  g_assert_cmpstr (today, ==, "08:30");
  g_assert_cmpstr (other_day, ==, "14 Nov 2026, 08:30");
  g_assert_cmpstr (never, ==, "");
  g_assert_cmpstr (never_short, ==, "");
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/time/utc-dates", test_utc_dates);
  g_test_add_func ("/core/time/iso8601-or-unknown", test_iso_or_unknown);
  g_test_add_func ("/core/time/duration", test_duration);
  g_test_add_func ("/core/time/add-months", test_add_months);
  g_test_add_func ("/core/time/local", test_local_times);

  return g_test_run ();
}

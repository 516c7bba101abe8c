/* dsc-time.h — the one time module: relative ages, intervals and durations in
 * words, UTC dates for reports, ISO 8601 for files and Graph, local times for
 * the window. Pure functions: "now" is passed in, never read from the clock.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DSC_MINUTE ((gint64) 60)
#define DSC_HOUR   ((gint64) 60 * DSC_MINUTE)
#define DSC_DAY    ((gint64) 24 * DSC_HOUR)

/* "5 minutes ago", "3 hours ago", "2 days ago", "just now"; translated. */
char     *dsc_format_age      (gint64 then, gint64 now);
/* "every 30 minutes", "every hour". */
char     *dsc_format_interval (gint64 seconds);
/* A length of time: "45 minutes", "5 hours", "3 days". */
char     *dsc_format_duration (gint64 seconds);

/* ISO 8601 UTC: "2026-11-23T18:55:02Z"; NULL when out of range. */
char     *dsc_format_iso8601  (gint64 unix_seconds);
/* The same, but translated "unknown" for 0 or out of range. */
char     *dsc_format_iso8601_or_unknown (gint64 unix_seconds);
gboolean  dsc_parse_iso8601   (const char *str, gint64 *out);
/* ISO 8601 duration ("PT30M", "P1D", "PT1H30M") to seconds. */
gboolean  dsc_parse_duration  (const char *str, gint64 *out);

/* g_date_time_format() in UTC, so a report means the same everywhere;
 * @unknown (copied) when 0. */
char     *dsc_format_utc       (gint64 unix_seconds, const char *format, const char *unknown);
/* "30 Sep 2026" (UTC, translated format). */
char     *dsc_format_date      (gint64 unix_seconds);
/* The translated g_date_time_format() format dsc_format_date() uses. */
const char *dsc_date_format    (void);
/* "14 Nov 2026, 08:30 UTC" (translated format). */
char     *dsc_format_date_time (gint64 unix_seconds);
/* A count with the locale's thousands separator: "12,345" (translatable,
 * because "%'d" is neither portable to Windows nor thread-safe to set up). */
char     *dsc_format_count     (gint64 n);
/* "08:32 UTC" when on the same UTC day as @now, else "14 Nov 2026, 08:30 UTC". */
char     *dsc_format_utc_clock (gint64 unix_seconds, gint64 now);
/* Calendar months later, in UTC; 0 when out of range. */
gint64    dsc_time_add_months  (gint64 unix_seconds, int months);

/* g_date_time_format() in the local time zone (the window's times); @unknown
 * (copied) when 0 or out of range. */
char     *dsc_format_local     (gint64 unix_seconds, const char *format, const char *unknown);
/* TRUE when both instants fall on the same day in the local time zone. */
gboolean  dsc_time_same_local_day (gint64 a, gint64 b);
/* "Monday 23 November 2026, 18:55" in the local time zone; "" for 0. */
char     *dsc_format_local_time (gint64 unix_seconds);
/* "14:05" when on the same local day as @now, else "23 Nov 2026, 14:05". */
char     *dsc_format_short_time (gint64 unix_seconds, gint64 now);

G_END_DECLS

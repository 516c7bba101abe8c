/* dsc-time.c — every way the program writes or reads a time: relative ages,
 * intervals and durations in words, dates in UTC for reports, ISO 8601 for
 * files, and local times for the window. Pure: "now" is always passed in.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-time.h"

/* Anything longer cannot be a timestamp or duration, only a hostile input. */
#define MAX_TIME_TEXT 64

/* Ages, intervals and ISO 8601 (files, Graph) */

char *
dsc_format_age (gint64 then,
                gint64 now)
{
  gint64 diff;

  if (then == 0)
    return g_strdup (_("never"));

  diff = now - then;

  /* A few seconds ahead is only Graph's clock disagreeing with ours. */
  if (diff < -60)
    return g_strdup (_("in the future (clock skew?)"));
  if (diff < 60)
    return g_strdup (_("just now"));

  if (diff < 120 * 60)
    {
      guint minutes = (guint) (diff / 60);

      return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago", minutes), minutes);
    }

  if (diff < 48 * 3600)
    {
      guint hours = (guint) (diff / 3600);

      return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago", hours), hours);
    }

  {
    guint days = (guint) MIN (diff / 86400, (gint64) G_MAXUINT);

    return g_strdup_printf (ngettext ("%u day ago", "%u days ago", days), days);
  }
}

char *
dsc_format_interval (gint64 seconds)
{
  guint n;

  if (seconds <= 0)
    return g_strdup (_("at an unknown interval"));

  /* Use the largest unit that divides evenly, so "every 90 minutes" stays exact. */
  if (seconds % 86400 == 0)
    {
      n = (guint) MIN (seconds / 86400, (gint64) G_MAXUINT);
      if (n == 1)
        return g_strdup (_("every day"));
      return g_strdup_printf (ngettext ("every %u day", "every %u days", n), n);
    }

  if (seconds % 3600 == 0)
    {
      n = (guint) (seconds / 3600);
      if (n == 1)
        return g_strdup (_("every hour"));
      return g_strdup_printf (ngettext ("every %u hour", "every %u hours", n), n);
    }

  if (seconds % 60 == 0)
    {
      n = (guint) MIN (seconds / 60, (gint64) G_MAXUINT);
      if (n == 1)
        return g_strdup (_("every minute"));
      return g_strdup_printf (ngettext ("every %u minute", "every %u minutes", n), n);
    }

  n = (guint) MIN (seconds, (gint64) G_MAXUINT);
  return g_strdup_printf (ngettext ("every %u second", "every %u seconds", n), n);
}

char *
dsc_format_iso8601 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return NULL;

  /* Not g_date_time_format ("%Y…"): it writes year 1 as "1", which ISO 8601
   * and dsc_parse_iso8601() refuse, and Graph's "no date" is 0001-01-01. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
}

gboolean
dsc_parse_iso8601 (const char *str,
                   gint64 *out)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (str == NULL || *str == '\0' || strnlen (str, MAX_TIME_TEXT + 1) > MAX_TIME_TEXT)
    return FALSE;

  /* Graph's times are UTC even on the rare properties that omit the "Z". */
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    return FALSE;

  if (out != NULL)
    *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
add_checked (gint64 *total,
             gint64 value,
             gint64 unit)
{
  if (value > (G_MAXINT64 - *total) / unit)
    return FALSE;
  *total += value * unit;
  return TRUE;
}

/* Years and months are refused: their length depends on the calendar and
 * Graph never uses them for sync intervals. Fractions are allowed only on
 * seconds and are truncated. */
gboolean
dsc_parse_duration (const char *str,
                    gint64 *out)
{
  /* Designators in the order ISO 8601 requires them. */
  static const struct { char designator; gboolean time_part; gint64 unit; } units[] = {
    { 'W', FALSE, 7 * 86400 },
    { 'D', FALSE, 86400 },
    { 'H', TRUE, 3600 },
    { 'M', TRUE, 60 },
    { 'S', TRUE, 1 },
  };
  const char *p;
  gint64 total = 0;
  guint next_unit = 0;
  gboolean in_time = FALSE;
  gboolean any_component = FALSE;
  gboolean time_component = FALSE;

  if (str == NULL || strnlen (str, MAX_TIME_TEXT + 1) > MAX_TIME_TEXT || str[0] != 'P')
    return FALSE;

  p = str + 1;
  while (*p != '\0')
    {
      gint64 value = 0;
      gboolean fraction = FALSE;
      guint n_digits = 0;
      guint i;

      if (*p == 'T')
        {
          if (in_time)
            return FALSE;
          in_time = TRUE;
          p++;
          continue;
        }

      for (; g_ascii_isdigit (*p); p++, n_digits++)
        {
          int digit = *p - '0';

          if (value > (G_MAXINT64 - digit) / 10)
            return FALSE;
          value = value * 10 + digit;
        }
      if (n_digits == 0)
        return FALSE;

      if (*p == '.' || *p == ',')
        {
          guint n_fraction = 0;

          for (p++; g_ascii_isdigit (*p); p++)
            n_fraction++;
          if (n_fraction == 0)
            return FALSE;
          fraction = TRUE;
        }

      for (i = next_unit; i < G_N_ELEMENTS (units); i++)
        if (units[i].designator == *p && units[i].time_part == in_time)
          break;
      if (i == G_N_ELEMENTS (units))
        return FALSE;
      if (fraction && units[i].designator != 'S')
        return FALSE;

      if (!add_checked (&total, value, units[i].unit))
        return FALSE;

      next_unit = i + 1;
      any_component = TRUE;
      if (in_time)
        time_component = TRUE;
      p++;
    }

  /* "P" and "P1DT" are not durations. */
  if (!any_component || (in_time && !time_component))
    return FALSE;

  if (out != NULL)
    *out = total;
  return TRUE;
}

/* Dates in UTC, for reports */

/* Always UTC, so a report means the same everywhere; unknown when 0. */
char *
dsc_format_utc (gint64 unix_seconds, const char *format, const char *unknown)
{
  g_autoptr(GDateTime) dt = unix_seconds != 0 ? g_date_time_new_from_unix_utc (unix_seconds)
                                              : NULL;

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup (unknown);
}

/* "30 Sep 2026" */
const char *
dsc_date_format (void)
{
  /* Translators: date format for g_date_time_format(), e.g. "30 Sep 2026" */
  return C_("date format", "%-d %b %Y");
}

char *
dsc_format_date (gint64 unix_seconds)
{
  return dsc_format_utc (unix_seconds, dsc_date_format (), _("unknown date"));
}

char *
dsc_format_count (gint64 n)
{
  /* Translators: thousands separator in numbers such as 12,345 */
  const char *sep = C_("thousands separator", ",");
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n < 0 ? -n : n);
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* "08:32 UTC" on @now's UTC day, else the date too. */
char *
dsc_format_utc_clock (gint64 unix_seconds, gint64 now)
{
  if (unix_seconds != 0 && unix_seconds / (24 * 3600) == now / (24 * 3600))
    /* Translators: time format for g_date_time_format(), e.g. "08:32 UTC" */
    return dsc_format_utc (unix_seconds, C_("time format", "%H:%M UTC"), _("unknown time"));
  return dsc_format_date_time (unix_seconds);
}

/* "14 Nov 2026, 08:30 UTC" */
char *
dsc_format_date_time (gint64 unix_seconds)
{
  /* Translators: date and time format for g_date_time_format(), e.g. "14 Nov 2026, 08:30 UTC" */
  return dsc_format_utc (unix_seconds, C_("date-time format", "%-d %b %Y, %H:%M UTC"),
                     _("unknown time"));
}

char *
dsc_format_iso8601_or_unknown (gint64 unix_seconds)
{
  char *iso = unix_seconds != 0 ? dsc_format_iso8601 (unix_seconds) : NULL;

  return iso != NULL ? iso : g_strdup (_("unknown"));
}

/* A length of time: "45 minutes", "5 hours", "3 days". */
char *
dsc_format_duration (gint64 seconds)
{
  guint n;

  if (seconds < DSC_MINUTE)
    return g_strdup (_("less than a minute"));
  if (seconds < 2 * DSC_HOUR)
    {
      n = (guint) (seconds / DSC_MINUTE);
      return g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);
    }
  if (seconds < 2 * DSC_DAY)
    {
      n = (guint) (seconds / DSC_HOUR);
      return g_strdup_printf (ngettext ("%u hour", "%u hours", n), n);
    }
  n = (guint) MIN (seconds / DSC_DAY, (gint64) G_MAXUINT);
  return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
}

gint64
dsc_time_add_months (gint64 unix_seconds, int months)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) later = dt != NULL ? g_date_time_add_months (dt, months) : NULL;

  return later != NULL ? g_date_time_to_unix (later) : 0;
}

/* Local times, for the window */

char *
dsc_format_local (gint64 unix_seconds, const char *format, const char *unknown)
{
  g_autoptr(GDateTime) dt = unix_seconds != 0 ? g_date_time_new_from_unix_local (unix_seconds)
                                              : NULL;

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup (unknown);
}

gboolean
dsc_time_same_local_day (gint64 a, gint64 b)
{
  g_autoptr(GDateTime) da = g_date_time_new_from_unix_local (a);
  g_autoptr(GDateTime) db = g_date_time_new_from_unix_local (b);

  return da != NULL && db != NULL
         && g_date_time_get_year (da) == g_date_time_get_year (db)
         && g_date_time_get_day_of_year (da) == g_date_time_get_day_of_year (db);
}

char *
dsc_format_local_time (gint64 unix_seconds)
{
  if (unix_seconds <= 0)
    return g_strdup ("");
  /* Translators: a full local date and time, see g_date_time_format() */
  return dsc_format_local (unix_seconds, _("%A %-d %B %Y, %H:%M"), "");
}

char *
dsc_format_short_time (gint64 unix_seconds,
                       gint64 now)
{
  if (unix_seconds <= 0)
    return g_strdup ("");
  if (dsc_time_same_local_day (unix_seconds, now))
    /* Translators: a time today, see g_date_time_format() */
    return dsc_format_local (unix_seconds, _("%H:%M"), "");

  /* Translators: a short date and time, see g_date_time_format() */
  return dsc_format_local (unix_seconds, _("%-d %b %Y, %H:%M"), "");
}

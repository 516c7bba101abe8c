/* dsc-policy.c — the thresholds the health rules apply, and the "key=value"
 * overrides an admin can give them (--policy, settings).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "dsc-policy.h"

#define MINUTE ((gint64) 60)
#define HOUR   ((gint64) 60 * MINUTE)

void
dsc_policy_init_defaults (DscPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  /* Entra Connect's scheduler default. */
  policy->sync_interval_default = 30 * MINUTE;
  policy->sync_grace = 15 * MINUTE;
  /* Microsoft's "no recent synchronization" e-mail goes out after 24 hours. */
  policy->sync_error_after = 24 * HOUR;
  /* Connect Health alerts when the password hash sync heartbeat is missing for 120 minutes. */
  policy->password_warning_after = 2 * HOUR;
  policy->password_error_after = 24 * HOUR;
  policy->quota_warning = 0.80;
  policy->quota_error = 0.95;
  policy->sync_errors_warning = 1;
  policy->sync_errors_error = 1;
  policy->connect_eos_warning_days = 90;
  /* Grey, and exit 3 for monitoring: a fact nobody could read isn't healthy. */
  policy->unreadable_as = DSC_STATUS_UNKNOWN;
}

typedef enum {
  KIND_MINUTES,   /* decimal allowed, stored as seconds */
  KIND_HOURS,     /* decimal allowed, stored as seconds */
  KIND_PERCENT,   /* decimal allowed, stored as a fraction */
  KIND_COUNT,     /* whole number, guint */
  KIND_DAYS,      /* whole number, gint */
} KeyKind;

typedef struct {
  const char *key;
  KeyKind kind;
  double min;     /* in the unit the admin types */
  double max;
  gsize offset;
} PolicyKey;

/* Ranges keep the rules meaningful: a sync error threshold beyond 7 days would
 * hide the point where Entra Connect needs a full sync anyway. */
static const PolicyKey policy_keys[] = {
  { "sync-grace-minutes", KIND_MINUTES, 0, 24 * 60, G_STRUCT_OFFSET (DscPolicy, sync_grace) },
  { "sync-error-hours", KIND_HOURS, 1, 7 * 24, G_STRUCT_OFFSET (DscPolicy, sync_error_after) },
  { "password-warning-hours", KIND_HOURS, 0.1, 7 * 24,
    G_STRUCT_OFFSET (DscPolicy, password_warning_after) },
  { "password-error-hours", KIND_HOURS, 0.1, 30 * 24,
    G_STRUCT_OFFSET (DscPolicy, password_error_after) },
  { "quota-warning-percent", KIND_PERCENT, 1, 100, G_STRUCT_OFFSET (DscPolicy, quota_warning) },
  { "quota-error-percent", KIND_PERCENT, 1, 100, G_STRUCT_OFFSET (DscPolicy, quota_error) },
  { "sync-errors-warning", KIND_COUNT, 1, 1000000,
    G_STRUCT_OFFSET (DscPolicy, sync_errors_warning) },
  { "sync-errors-error", KIND_COUNT, 1, 1000000, G_STRUCT_OFFSET (DscPolicy, sync_errors_error) },
  { "connect-eos-warning-days", KIND_DAYS, 0, 3650,
    G_STRUCT_OFFSET (DscPolicy, connect_eos_warning_days) },
};

static char *
list_keys (void)
{
  GString *keys = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (policy_keys); i++)
    {
      if (i > 0)
        g_string_append (keys, ", ");
      g_string_append (keys, policy_keys[i].key);
    }
  g_string_append (keys, ", unreadable");
  return g_string_free (keys, FALSE);
}

static gboolean
parse_number (const char *text, gboolean whole, double *out)
{
  char *end = NULL;
  double value;

  if (*text == '\0')
    return FALSE;

  if (whole)
    {
      guint64 n;

      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
      errno = 0;
      n = g_ascii_strtoull (text, &end, 10);
      if (errno != 0 || end == text || *end != '\0')
        return FALSE;
      *out = (double) n;
      return TRUE;
    }

  /* g_ascii_strtod so "1.5" means the same in every locale. */
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || !isfinite (value))
    return FALSE;
  /* strtod also accepts hex and exponents; an admin typing those made a mistake. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+')
      return FALSE;
  *out = value;
  return TRUE;
}

gboolean
dsc_policy_set (DscPolicy *policy, const char *key, const char *value, GError **error)
{
  const PolicyKey *pk = NULL;
  g_autofree char *stripped = NULL;
  gboolean whole;
  double number;
  gpointer field;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (key != NULL && g_ascii_strcasecmp (key, "unreadable") == 0)
    {
      g_autofree char *word = g_strstrip (g_ascii_strdown (value != NULL ? value : "", -1));

      if (g_strcmp0 (word, "ok") == 0)
        policy->unreadable_as = DSC_STATUS_OK;
      else if (g_strcmp0 (word, "warning") == 0)
        policy->unreadable_as = DSC_STATUS_WARNING;
      else if (g_strcmp0 (word, "unknown") == 0)
        policy->unreadable_as = DSC_STATUS_UNKNOWN;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Policy setting “unreadable” must be ok, warning or unknown, not “%s”."),
                       word);
          return FALSE;
        }
      return TRUE;
    }

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (policy_keys); i++)
    if (g_ascii_strcasecmp (key, policy_keys[i].key) == 0)
      pk = &policy_keys[i];

  if (pk == NULL)
    {
      g_autofree char *keys = list_keys ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown policy setting “%s”. Known settings: %s."),
                   key != NULL ? key : "", keys);
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (value != NULL ? value : ""));
  whole = pk->kind == KIND_COUNT || pk->kind == KIND_DAYS;
  if (!parse_number (stripped, whole, &number))
    {
      if (whole)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Policy setting “%s” needs a whole number, not “%s”."),
                     pk->key, stripped);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Policy setting “%s” needs a number such as 2 or 1.5, not “%s”."),
                     pk->key, stripped);
      return FALSE;
    }

  if (number < pk->min || number > pk->max)
    {
      char min[G_ASCII_DTOSTR_BUF_SIZE];
      char max[G_ASCII_DTOSTR_BUF_SIZE];

      /* Same notation the admin must type, whatever the locale. */
      g_ascii_formatd (min, sizeof min, "%g", pk->min);
      g_ascii_formatd (max, sizeof max, "%g", pk->max);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Policy setting “%s” must be between %s and %s; “%s” is out of range."),
                   pk->key, min, max, stripped);
      return FALSE;
    }

  field = G_STRUCT_MEMBER_P (policy, pk->offset);
  switch (pk->kind)
    {
    case KIND_MINUTES:
      *(gint64 *) field = (gint64) llround (number * MINUTE);
      break;
    case KIND_HOURS:
      *(gint64 *) field = (gint64) llround (number * HOUR);
      break;
    case KIND_PERCENT:
      *(double *) field = number / 100.0;
      break;
    case KIND_COUNT:
      *(guint *) field = (guint) number;
      break;
    case KIND_DAYS:
      *(gint *) field = (gint) number;
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

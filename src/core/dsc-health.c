/* dsc-health.c — the health rules: one small function per tile or category
 * turns the snapshot into tile statuses and findings.
 *
 * Pure and deterministic: everything depends on the snapshot, the policy, the
 * version table and the "now" passed in, never on the clock or the time zone
 * (dates are written in UTC), so every threshold can be tested to the second.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-health.h"
#include "dsc-report-json.h"

#define MINUTE ((gint64) 60)
#define HOUR   ((gint64) 60 * MINUTE)
#define DAY    ((gint64) 24 * HOUR)

/* Entra Connect needs a full sync when no delta sync ran for this long. */
#define MAX_DELTA_GAP (7 * DAY)
/* Entra Connect's default accidental-delete threshold. */
#define DEFAULT_DELETION_THRESHOLD 500

typedef struct {
  DscSnapshot *snap;
  const DscPolicy *policy;
  const DscConnectVersions *versions;
  gint64 now;
  DscReport *report;
} Eval;

/* Text helpers */

static void
take_str (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

static void
set_str (char **field, const char *value)
{
  take_str (field, g_strdup (value));
}

/* Joins the non-NULL, non-empty parts with @sep. */
static char *
join_parts (const char *sep, const char *const *parts, guint n_parts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, sep);
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

#define JOIN(sep, ...) \
  join_parts ((sep), (const char *const[]) { __VA_ARGS__ }, \
              G_N_ELEMENTS (((const char *const[]) { __VA_ARGS__ })))

static char *
strv_join_ptr_array (GPtrArray *strings, const char *sep)
{
  return join_parts (sep, (const char *const *) strings->pdata, strings->len);
}

/* "12,345": the separator is translatable because "%'d" is neither portable
 * (Windows) nor thread-safe to configure. */
static char *
format_count (gint64 n)
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

/* Always UTC, so a report means the same everywhere; unknown when 0. */
static char *
format_utc (gint64 unix_seconds, const char *format, const char *unknown)
{
  g_autoptr(GDateTime) dt = unix_seconds != 0 ? g_date_time_new_from_unix_utc (unix_seconds)
                                              : NULL;

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup (unknown);
}

/* "30 Sep 2026" */
static char *
format_date (gint64 unix_seconds)
{
  /* Translators: date format for g_date_time_format(), e.g. "30 Sep 2026" */
  return format_utc (unix_seconds, C_("date format", "%-d %b %Y"), _("unknown date"));
}

/* "14 Nov 2026, 08:30 UTC" */
static char *
format_date_time (gint64 unix_seconds)
{
  /* Translators: date and time format for g_date_time_format(), e.g. "14 Nov 2026, 08:30 UTC" */
  return format_utc (unix_seconds, C_("date-time format", "%-d %b %Y, %H:%M UTC"),
                     _("unknown time"));
}

static char *
format_iso (gint64 unix_seconds)
{
  char *iso = unix_seconds != 0 ? dsc_format_iso8601 (unix_seconds) : NULL;

  return iso != NULL ? iso : g_strdup (_("unknown"));
}

/* A length of time: "45 minutes", "5 hours", "3 days". */
static char *
format_duration (gint64 seconds)
{
  guint n;

  if (seconds < MINUTE)
    return g_strdup (_("less than a minute"));
  if (seconds < 2 * HOUR)
    {
      n = (guint) (seconds / MINUTE);
      return g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);
    }
  if (seconds < 2 * DAY)
    {
      n = (guint) (seconds / HOUR);
      return g_strdup_printf (ngettext ("%u hour", "%u hours", n), n);
    }
  n = (guint) MIN (seconds / DAY, (gint64) G_MAXUINT);
  return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
}

static gint64
add_months (gint64 unix_seconds, int months)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) later = dt != NULL ? g_date_time_add_months (dt, months) : NULL;

  return later != NULL ? g_date_time_to_unix (later) : 0;
}

static gboolean
str_empty (const char *str)
{
  return str == NULL || *str == '\0';
}

static gboolean
str_contains_ci (const char *haystack, const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (haystack == NULL)
    return FALSE;
  h = g_utf8_casefold (haystack, -1);
  n = g_utf8_casefold (needle, -1);
  return strstr (h, n) != NULL;
}

/* Sources: what an admin needs when something couldn't be read */

static gboolean
source_ok (const Eval *ev, DscSource source)
{
  return dsc_snapshot_source_ok (ev->snap, source);
}

/* 404 on the sync-identity lists means "none exists", not "couldn't read". */
static gboolean
source_ok_or_absent (const Eval *ev, DscSource source)
{
  DscSourceState state = ev->snap->sources[source].state;

  return state == DSC_SOURCE_STATE_OK || state == DSC_SOURCE_STATE_UNAVAILABLE;
}

static const char *
source_requirement (DscSource source)
{
  switch (source)
    {
    case DSC_SOURCE_ORGANIZATION:
      return _("Reading the tenant's sync status needs Organization.Read.All.");
    case DSC_SOURCE_ORGANIZATION_BETA:
      return _("Reading the last password sync and the object quota needs "
               "Organization.Read.All (beta API).");
    case DSC_SOURCE_SYNC_SETTINGS:
      return _("Only a Global Administrator can read sync settings "
               "(OnPremDirectorySynchronization.Read.All).");
    case DSC_SOURCE_DOMAINS:
      return _("Reading domains needs Domain.Read.All.");
    case DSC_SOURCE_SYNC_ACCOUNTS:
      return _("Reading the Directory Synchronization Accounts role needs "
               "RoleManagement.Read.Directory.");
    case DSC_SOURCE_SYNC_APPS:
      return _("Reading the sync application identities needs Application.Read.All.");
    case DSC_SOURCE_SERVICE_HEALTH:
      return _("Service health needs ServiceHealth.Read.All and an admin role.");
    case DSC_SOURCE_USER_ERRORS:
      return _("Reading users with sync errors needs User.Read.All.");
    case DSC_SOURCE_GROUP_ERRORS:
      return _("Reading groups with sync errors needs GroupMember.Read.All.");
    case DSC_SOURCE_CONTACT_ERRORS:
      return _("Reading contacts with sync errors needs OrgContact.Read.All and a role such as "
               "Global Reader or Directory Readers.");
    case DSC_SOURCE_CONFLICT_HOLDERS:
      return _("Finding the other objects that hold a conflicting value needs User.Read.All, "
               "GroupMember.Read.All and OrgContact.Read.All.");
    case DSC_N_SOURCES:
    default:
      return _("Your account lacks a permission this needs.");
    }
}

/* The short form for a tile's summary line. */
static const char *
source_needs (DscSource source)
{
  switch (source)
    {
    case DSC_SOURCE_SYNC_SETTINGS: return _("Needs Global Administrator");
    case DSC_SOURCE_ORGANIZATION:
    case DSC_SOURCE_ORGANIZATION_BETA: return _("Needs Organization.Read.All");
    case DSC_SOURCE_DOMAINS: return _("Needs Domain.Read.All");
    case DSC_SOURCE_SYNC_ACCOUNTS: return _("Needs RoleManagement.Read.Directory");
    case DSC_SOURCE_SYNC_APPS: return _("Needs Application.Read.All");
    case DSC_SOURCE_SERVICE_HEALTH: return _("Needs ServiceHealth.Read.All");
    case DSC_SOURCE_USER_ERRORS: return _("Needs User.Read.All");
    case DSC_SOURCE_GROUP_ERRORS: return _("Needs GroupMember.Read.All");
    case DSC_SOURCE_CONTACT_ERRORS: return _("Needs OrgContact.Read.All");
    case DSC_SOURCE_CONFLICT_HOLDERS:
    case DSC_N_SOURCES:
    default: return _("Needs more permissions");
    }
}

/* Why @source is missing, naming the role or permission when that is the cause. */
static char *
source_reason (const Eval *ev, DscSource source)
{
  const DscSourceStatus *status = &ev->snap->sources[source];
  const char *label = dsc_source_to_label (source);

  switch (status->state)
    {
    case DSC_SOURCE_STATE_OK:
      return NULL;
    case DSC_SOURCE_STATE_DENIED:
      /* Our sentence, not Graph's: it names the role and permission to ask for. */
      return g_strdup (source_requirement (source));
    case DSC_SOURCE_STATE_UNAVAILABLE:
      if (!str_empty (status->message))
        /* Translators: the first %s names what was read, used as a heading ("Domains", "Sync
         * settings", "Users with sync errors"): phrase the rest so it doesn't depend on that
         * name's number or gender. The second %s is the detail Microsoft Graph gave. */
        return g_strdup_printf (_("%s: not available for this tenant or cloud. Details: %s"),
                                label, status->message);
      /* Translators: %s names what was read, used as a heading ("Domains", "Sync settings");
       * phrase the rest so it doesn't depend on that name's number or gender. */
      return g_strdup_printf (_("%s: not available for this tenant or cloud."), label);
    case DSC_SOURCE_STATE_NOT_READ:
      /* Translators: %s names what was read, used as a heading ("Domains", "Sync settings");
       * phrase the rest so it doesn't depend on that name's number or gender. */
      return g_strdup_printf (_("%s: not read, because the refresh stopped first."), label);
    case DSC_SOURCE_STATE_FAILED:
    default:
      if (!str_empty (status->message))
        /* Translators: the first %s names what was read, used as a heading ("Domains", "Sync
         * settings"): phrase the rest so it doesn't depend on that name's number or gender.
         * The second %s says what went wrong (a network or Microsoft Graph error). */
        return g_strdup_printf (_("%s: could not be read. Details: %s"), label, status->message);
      /* Translators: %s names what was read, used as a heading ("Domains", "Sync settings");
       * phrase the rest so it doesn't depend on that name's number or gender. */
      return g_strdup_printf (_("%s: could not be read. Try refreshing."), label);
    }
}

/* The minimum version's "reason" in data/connect-versions.json is a key, not
 * text: a translated sentence for it. For a key this build doesn't know, a
 * generic sentence once the date has passed, else NULL (the surrounding
 * sentences already say it). passed: the minimum's date is in the past. */
static char *
minimum_reason_sentence (const DscConnectVersions *versions, gboolean passed)
{
  if (g_strcmp0 (versions->minimum_reason, "sync-service") == 0)
    {
      g_autofree char *since = format_date (versions->minimum_since);

      if (passed)
        /* Translators: the first %s is a date ("30 Sep 2026"), the second a version ("2.5.79.0") */
        return g_strdup_printf (_("Since %s, Microsoft Entra ID accepts synchronization only "
                                  "from Entra Connect %s or later, which uses the Microsoft Entra "
                                  "AD Synchronization Service. Older versions can't sync at all."),
                                since, versions->minimum_version);
      return g_strdup (_("From then on, Microsoft Entra ID accepts synchronization only from "
                         "versions that use the Microsoft Entra AD Synchronization Service."));
    }
  if (versions->minimum_reason != NULL)
    g_debug ("Unknown reason key “%s” for the minimum Entra Connect version",
             versions->minimum_reason);
  if (passed)
    {
      g_autofree char *since = format_date (versions->minimum_since);

      /* Translators: the first %s is a date ("30 Sep 2026"), the second a version ("2.5.79.0") */
      return g_strdup_printf (_("Since %s, Microsoft Entra ID no longer accepts synchronization "
                                "from Entra Connect versions below %s."),
                              since, versions->minimum_version);
    }
  return NULL;
}

static const char *
source_short (const Eval *ev, DscSource source)
{
  if (ev->snap->sources[source].state == DSC_SOURCE_STATE_DENIED)
    return source_needs (source);
  return _("Could not be read");
}

/* Tiles */

static DscTile *
tile_begin (Eval *ev, DscTileId id, const char *title)
{
  DscTile *tile = &ev->report->tiles[id];

  tile->id = id;
  set_str (&tile->title, title);
  return tile;
}

static void
tile_set (DscTile *tile, DscStatus status, const char *value, const char *summary)
{
  tile->status = status;
  set_str (&tile->value, value);
  set_str (&tile->summary, summary);
}

static void
tile_unknown (Eval *ev, DscTile *tile, DscSource source)
{
  tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"), source_short (ev, source));
  take_str (&tile->limited_reason, source_reason (ev, source));
}

/* Finding helpers */

static DscFinding *
add_finding (Eval *ev, DscCategoryId category, DscStatus severity, const char *id,
             const char *title, const char *detail)
{
  return dsc_report_add_finding (ev->report, category, severity, id, title, detail);
}

/* The category's steps with the first one replaced, e.g. to name the server. */
static void
set_steps_with_first (DscFinding *finding, DscCategoryId category, const char *first)
{
  g_auto(GStrv) steps = dsc_category_dup_fix_steps (category);

  if (steps[0] != NULL)
    take_str (&steps[0], g_strdup (first));
  dsc_finding_set_fix_steps (finding, (const char *const *) steps);
}

static const char *
sync_server (const Eval *ev)
{
  if (source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
      && !str_empty (ev->snap->settings.client_machine_name))
    return ev->snap->settings.client_machine_name;
  return NULL;
}

static char *
check_adsync_sentence (const Eval *ev)
{
  const char *server = sync_server (ev);

  if (server != NULL)
    return g_strdup_printf (_("Check that the ADSync service is running on %s."), server);
  return g_strdup (_("Check that the ADSync service is running on your Entra Connect server."));
}

/* Rule: directory sync on / off / never */

static void
rule_sync_enabled (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_SYNC_ENABLED, _("Directory sync"));

  tile->category = DSC_CATEGORY_CANT_MANAGE;
  if (!source_ok (ev, DSC_SOURCE_ORGANIZATION) || ev->snap->sync_state == DSC_SYNC_STATE_UNKNOWN)
    {
      tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION);
      return;
    }

  switch (ev->snap->sync_state)
    {
    case DSC_SYNC_STATE_ON:
      tile_set (tile, DSC_STATUS_OK, _("On"),
                _("Users and groups are synchronized from on-premises Active Directory"));
      set_str (&tile->tooltip, _("Synced objects are managed in on-premises Active Directory."));
      break;

    case DSC_SYNC_STATE_OFF:
      tile_set (tile, DSC_STATUS_ERROR, _("Off"),
                _("Directory sync was turned off; objects are now managed in the cloud"));
      add_finding (ev, DSC_CATEGORY_CANT_MANAGE, DSC_STATUS_ERROR, "cant-manage/sync-turned-off",
                   _("Directory sync is turned off"),
                   _("Directory synchronization was turned off for this tenant. Objects that "
                     "were synced are now managed in the cloud, and changes made in on-premises "
                     "Active Directory no longer reach Microsoft 365. If that wasn't intended, "
                     "turn sync back on (Set-EntraDirSyncEnabled -EnableDirSync $true) and run "
                     "Entra Connect again; switching can take up to 72 hours."));
      break;

    case DSC_SYNC_STATE_NEVER:
      /* Nothing to manage on-premises yet: the useful pane is "get Entra Connect". */
      tile->category = DSC_CATEGORY_CONNECT_VERSION;
      tile_set (tile, DSC_STATUS_WARNING, _("Not configured"),
                _("This tenant has never synchronized from on-premises"));
      add_finding (ev, DSC_CATEGORY_CONNECT_VERSION, DSC_STATUS_WARNING,
                   "connect-version/not-configured",
                   _("Directory sync has never been set up"),
                   _("This tenant has never received a sync from on-premises Active Directory. "
                     "To manage users on-premises, install Microsoft Entra Connect from the "
                     "Microsoft Entra admin center. If the tenant is cloud-only on purpose, "
                     "nothing needs to be done."));
      break;

    case DSC_SYNC_STATE_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}

/* Rule: last directory sync */

static gint64
expected_interval (const Eval *ev, gboolean *from_tenant)
{
  const DscSyncSettings *settings = &ev->snap->settings;

  *from_tenant = FALSE;
  if (source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      *from_tenant = TRUE;
      if (settings->sync_interval > 0)
        return settings->sync_interval;
      if (settings->customer_sync_interval > 0)
        return settings->customer_sync_interval;
      *from_tenant = FALSE;
    }
  return ev->policy->sync_interval_default > 0 ? ev->policy->sync_interval_default : 30 * MINUTE;
}

static void
rule_last_sync (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_LAST_SYNC, _("Last directory sync"));
  const DscPolicy *policy = ev->policy;
  gint64 last = ev->snap->last_sync;
  gboolean from_tenant;
  gint64 interval = expected_interval (ev, &from_tenant);
  g_autofree char *interval_text = dsc_format_interval (interval);
  g_autofree char *summary = NULL;
  g_autofree char *interval_line = NULL;
  g_autofree char *last_line = NULL;
  g_autofree char *server_line = NULL;
  gint64 age, warn_after;
  DscStatus status;

  tile->category = DSC_CATEGORY_NO_RECENT_SYNC;

  if (!source_ok (ev, DSC_SOURCE_ORGANIZATION) || ev->snap->sync_state == DSC_SYNC_STATE_UNKNOWN)
    {
      tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION);
      return;
    }

  {
    g_autofree char *iso = last != 0 ? format_iso (last) : g_strdup (_("none recorded"));

    last_line = g_strdup_printf (_("Last directory sync: %s"), iso);
  }

  /* Sync off or never set up: no age to judge, same verdict as the sync tile. */
  if (ev->snap->sync_state == DSC_SYNC_STATE_OFF)
    {
      tile_set (tile, DSC_STATUS_ERROR, _("No sync"), _("Directory sync is turned off"));
      set_str (&tile->tooltip, last_line);
      return;
    }
  if (ev->snap->sync_state == DSC_SYNC_STATE_NEVER)
    {
      tile_set (tile, DSC_STATUS_WARNING, _("No sync"),
                _("This tenant has never synchronized from on-premises"));
      set_str (&tile->tooltip, last_line);
      return;
    }

  summary = g_strdup_printf (from_tenant ? _("Entra Connect is set to sync %s")
                                         : _("Entra Connect normally syncs %s"),
                             interval_text);
  interval_line = g_strdup_printf (from_tenant ? _("Sync interval (tenant setting): %s")
                                               : _("Sync interval (Entra Connect default): %s"),
                                   interval_text);
  if (sync_server (ev) != NULL)
    server_line = g_strdup_printf (_("Sync server: %s"), sync_server (ev));

  if (last == 0)
    {
      tile_set (tile, DSC_STATUS_ERROR, _("Never"), _("Sync is on, but no sync was ever recorded"));
      take_str (&tile->tooltip, JOIN ("\n", last_line, interval_line, server_line));
      {
        g_autofree char *check = check_adsync_sentence (ev);
        g_autofree char *detail =
          JOIN (" ", _("Directory sync is turned on, but Microsoft Entra ID has never received a "
                       "sync from Entra Connect."), check);
        DscFinding *finding = add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_ERROR,
                                           "no-recent-sync/never",
                                           _("No directory sync was ever recorded"), detail);

        if (sync_server (ev) != NULL)
          {
            g_autofree char *first =
              g_strdup_printf (_("On %s, check that the Microsoft Azure AD Sync service (ADSync) "
                                 "is running, and start it if it isn't."), sync_server (ev));

            set_steps_with_first (finding, DSC_CATEGORY_NO_RECENT_SYNC, first);
          }
      }
      return;
    }

  age = MAX (ev->now - last, 0);
  warn_after = 2 * interval + policy->sync_grace;
  if (age >= policy->sync_error_after)
    status = DSC_STATUS_ERROR;
  else if (age > warn_after)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  {
    g_autofree char *value = dsc_format_age (last, ev->now);

    tile_set (tile, status, value, summary);
    tile->timestamp = last;
  }

  {
    g_autofree char *warn_text = format_duration (warn_after);
    g_autofree char *error_text = format_duration (policy->sync_error_after);
    g_autofree char *limits = g_strdup_printf (_("Warning after %s, error after %s without a sync"),
                                               warn_text, error_text);

    take_str (&tile->tooltip, JOIN ("\n", last_line, interval_line, server_line, limits));
  }

  if (status != DSC_STATUS_OK)
    {
      g_autofree char *duration = format_duration (age);
      g_autofree char *title = g_strdup_printf (_("No directory sync for %s"), duration);
      g_autofree char *first = g_strdup_printf (_("No sync for %s."), duration);
      g_autofree char *second =
        g_strdup_printf (from_tenant ? _("Entra Connect is set to sync %s.")
                                     : _("Entra Connect normally syncs %s."), interval_text);
      g_autofree char *third = check_adsync_sentence (ev);
      const char *email = age >= 24 * HOUR
        ? _("Microsoft e-mails the admins when no sync was registered for 24 hours.") : NULL;
      const char *full = age > MAX_DELTA_GAP
        ? _("More than 7 days have passed: once Entra Connect works again it needs a full sync "
            "(Start-ADSyncSyncCycle -PolicyType Initial).") : NULL;
      g_autofree char *detail = JOIN (" ", first, second, third, email, full);
      DscFinding *finding = add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, status,
                                         "no-recent-sync/stale", title, detail);

      if (sync_server (ev) != NULL)
        {
          g_autofree char *step =
            g_strdup_printf (_("On %s, check that the Microsoft Azure AD Sync service (ADSync) is "
                               "running, and start it if it isn't."), sync_server (ev));

          set_steps_with_first (finding, DSC_CATEGORY_NO_RECENT_SYNC, step);
        }
    }
}

/* Rule: password hash sync */

static void
rule_password_sync (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_PASSWORD_SYNC, _("Password hash sync"));
  const DscPolicy *policy = ev->policy;
  gboolean settings_ok = source_ok (ev, DSC_SOURCE_SYNC_SETTINGS);
  gboolean beta_ok = source_ok (ev, DSC_SOURCE_ORGANIZATION_BETA);
  DscTristate phs = settings_ok ? ev->snap->settings.password_sync_enabled : DSC_TRISTATE_UNKNOWN;
  gint64 last = ev->snap->last_password_sync;
  g_autofree char *last_line = NULL;
  g_autofree char *state_line = NULL;
  gint64 age;
  DscStatus status;

  tile->category = DSC_CATEGORY_PASSWORD_SYNC;

  if (phs == DSC_TRISTATE_FALSE)
    {
      tile_set (tile, DSC_STATUS_OK, _("Off"), _("Password hash sync is not enabled"));
      set_str (&tile->tooltip, _("Users sign in through federation or pass-through "
                                 "authentication, or with cloud passwords."));
      return;
    }

  /* Directory sync off or never set up: password sync can't run either, and
   * the sync tile already says so. */
  if (source_ok (ev, DSC_SOURCE_ORGANIZATION)
      && (ev->snap->sync_state == DSC_SYNC_STATE_OFF
          || ev->snap->sync_state == DSC_SYNC_STATE_NEVER))
    {
      tile_set (tile, DSC_STATUS_OK, _("Off"), _("Directory sync is not on"));
      return;
    }

  if (!beta_ok)
    {
      if (phs == DSC_TRISTATE_TRUE)
        {
          tile_set (tile, DSC_STATUS_UNKNOWN, _("On"),
                    source_short (ev, DSC_SOURCE_ORGANIZATION_BETA));
          take_str (&tile->limited_reason, source_reason (ev, DSC_SOURCE_ORGANIZATION_BETA));
        }
      else
        {
          g_autofree char *settings_reason = source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);
          g_autofree char *beta_reason = source_reason (ev, DSC_SOURCE_ORGANIZATION_BETA);

          tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                    source_short (ev, DSC_SOURCE_SYNC_SETTINGS));
          take_str (&tile->limited_reason, JOIN (" ", settings_reason, beta_reason));
        }
      return;
    }

  if (phs == DSC_TRISTATE_UNKNOWN)
    {
      g_autofree char *reason = source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

      state_line = g_strdup_printf (_("Whether password hash sync is on is unknown: %s"), reason);
    }

  if (last == 0)
    {
      if (phs == DSC_TRISTATE_TRUE)
        {
          tile_set (tile, DSC_STATUS_WARNING, _("No password sync recorded"),
                    _("Password hash sync is on, but no password sync was ever recorded"));
          add_finding (ev, DSC_CATEGORY_PASSWORD_SYNC, DSC_STATUS_WARNING, "password-sync/never",
                       _("No password hash sync recorded"),
                       _("Password hash sync is turned on, but Microsoft Entra ID has no record "
                         "of a password sync from Entra Connect. Users' on-premises passwords "
                         "don't work in Microsoft 365 until it runs. Run the password hash sync "
                         "troubleshooter on the Entra Connect server."));
        }
      else
        {
          /* Most likely off, but only a Global Administrator can tell. */
          tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                    _("No password sync recorded; whether it is on is unknown"));
          take_str (&tile->limited_reason, source_reason (ev, DSC_SOURCE_SYNC_SETTINGS));
        }
      return;
    }

  age = MAX (ev->now - last, 0);
  if (age > policy->password_error_after)
    status = DSC_STATUS_ERROR;
  else if (age > policy->password_warning_after)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  {
    g_autofree char *value = dsc_format_age (last, ev->now);

    tile_set (tile, status, value,
              phs == DSC_TRISTATE_TRUE ? _("Password hash sync runs every 2 minutes")
                                       : _("Whether password hash sync is on could not be read"));
    tile->timestamp = last;
  }
  {
    g_autofree char *iso = format_iso (last);

    last_line = g_strdup_printf (_("Last password hash sync: %s"), iso);
    take_str (&tile->tooltip, JOIN ("\n", last_line, state_line));
  }

  if (status != DSC_STATUS_OK)
    {
      g_autofree char *duration = format_duration (age);
      g_autofree char *title = g_strdup_printf (_("No password hash sync for %s"), duration);
      g_autofree char *first = g_strdup_printf (_("No password hash sync for %s."), duration);
      g_autofree char *check = check_adsync_sentence (ev);
      const char *unknown = phs == DSC_TRISTATE_UNKNOWN
        ? _("Whether password hash sync is still turned on could not be read (only a Global "
            "Administrator can read sync settings); if it was turned off on purpose, ignore this.")
        : NULL;
      g_autofree char *detail =
        JOIN (" ", first, _("Password hash sync normally runs every 2 minutes, so password "
                            "changes made on-premises aren't reaching Microsoft 365."),
              check, unknown);

      add_finding (ev, DSC_CATEGORY_PASSWORD_SYNC, status, "password-sync/stale", title, detail);
    }
}

/* Rule: sync errors, grouped by conflicting value */

typedef struct {
  DscDirectoryObject *object;   /* borrowed from the snapshot */
  const char *value;
  gint64 since;
  gboolean in_error;
} Member;

typedef struct {
  char *property;               /* canonical spelling */
  char *value;                  /* as first seen, for display */
  char *id_value;               /* stable, lowercase, for the finding id */
  GArray *members;              /* Member */
  guint n_in_error;
} ConflictGroup;

static void
conflict_group_free (ConflictGroup *group)
{
  g_free (group->property);
  g_free (group->value);
  g_free (group->id_value);
  g_array_unref (group->members);
  g_free (group);
}

static gboolean
is_proxy_property (const char *property)
{
  return property != NULL && g_ascii_strcasecmp (property, "ProxyAddress") == 0;
}

static gboolean
is_upn_property (const char *property)
{
  return property != NULL && g_ascii_strcasecmp (property, "UserPrincipalName") == 0;
}

static const char *
canonical_property (const char *property)
{
  if (is_proxy_property (property))
    return "ProxyAddress";
  if (is_upn_property (property))
    return "UserPrincipalName";
  return property != NULL ? property : "";
}

/* "smtp:Sales@Contoso.com" and "sales@contoso.com" are the same address. */
static const char *
strip_smtp (const char *property, const char *value)
{
  if (is_proxy_property (property) && g_ascii_strncasecmp (value, "smtp:", 5) == 0)
    return value + 5;
  return value;
}

static char *
group_key (const char *property, const char *value)
{
  g_autofree char *valid =
    g_utf8_make_valid (strip_smtp (property, value != NULL ? value : ""), -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  g_autofree char *prop = g_ascii_strdown (canonical_property (property), -1);

  return g_strconcat (prop, "\x1f", folded, NULL);
}

static char *
group_id_value (const char *property, const char *value)
{
  g_autofree char *valid =
    g_utf8_make_valid (strip_smtp (property, value != NULL ? value : ""), -1);
  g_autofree char *lower = g_utf8_strdown (valid, -1);

  /* Matches the header's example id: "object-errors/ProxyAddress/smtp:sales@contoso.com". */
  if (is_proxy_property (property) && strchr (lower, ':') == NULL)
    return g_strconcat ("smtp:", lower, NULL);
  return g_steal_pointer (&lower);
}

static gboolean
group_has_object (const ConflictGroup *group, const DscDirectoryObject *object)
{
  for (guint i = 0; i < group->members->len; i++)
    {
      const Member *m = &g_array_index (group->members, Member, i);

      if (m->object == object || (object->id != NULL && g_strcmp0 (m->object->id, object->id) == 0))
        return TRUE;
    }
  return FALSE;
}

static const char *
object_name (const DscDirectoryObject *object)
{
  if (!str_empty (object->display_name))
    return object->display_name;
  if (!str_empty (object->user_principal_name))
    return object->user_principal_name;
  if (!str_empty (object->mail))
    return object->mail;
  return object->id != NULL ? object->id : _("unnamed object");
}

static const char *
kind_word (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_USER: return _("user");
    case DSC_OBJECT_GROUP: return _("group");
    case DSC_OBJECT_CONTACT: return _("contact");
    default: return _("object");
    }
}

/* "Adele Vance (user, synced, quarantined)" */
static char *
describe_member (const Member *member)
{
  const DscDirectoryObject *object = member->object;
  const char *sync = object->on_premises_sync == DSC_TRISTATE_TRUE ? _("synced")
                   : object->on_premises_sync == DSC_TRISTATE_FALSE ? _("cloud-only") : NULL;
  g_autofree char *traits = JOIN (", ", kind_word (object->kind), sync,
                                  member->in_error ? _("quarantined") : NULL);

  return g_strdup_printf (_("%s (%s)"), object_name (object), traits);
}

static char *
conflict_detail (const Eval *ev, const ConflictGroup *group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cloud_only = g_ptr_array_new ();
  g_autofree char *list = NULL;
  g_autofree char *claimed = NULL;
  g_autofree char *cloud_sentence = NULL;
  const char *missing = NULL;
  gint64 since = 0;
  g_autofree char *since_sentence = NULL;

  for (guint i = 0; i < group->members->len; i++)
    {
      const Member *m = &g_array_index (group->members, Member, i);

      g_ptr_array_add (names, describe_member (m));
      if (m->object->on_premises_sync == DSC_TRISTATE_FALSE)
        g_ptr_array_add (cloud_only, (gpointer) object_name (m->object));
      if (m->in_error && m->since != 0 && (since == 0 || m->since < since))
        since = m->since;
    }
  list = strv_join_ptr_array (names, ", ");

  if (group->members->len >= 2)
    claimed = g_strdup_printf (_("Objects holding %s: %s."), group->value, list);
  else
    {
      claimed = g_strdup_printf (_("%s is quarantined because another object already holds %s."),
                                 list, group->value);
      missing = source_ok (ev, DSC_SOURCE_CONFLICT_HOLDERS)
        ? _("The other object wasn't found: it may be in the recycle bin, or hold the value in "
            "another attribute (for example as a UPN instead of a proxy address).")
        : _("The other objects holding this value could not be read.");
    }

  if (since != 0)
    {
      g_autofree char *date = format_date (since);

      since_sentence = g_strdup_printf (_("In error since %s."), date);
    }

  if (cloud_only->len > 0)
    {
      g_autofree char *cloud_names = strv_join_ptr_array (cloud_only, ", ");

      cloud_sentence = g_strdup_printf (_("Cloud-only objects (%s) are changed in the Microsoft "
                                          "365 admin center instead."), cloud_names);
    }

  return JOIN (" ", claimed, since_sentence, missing,
               _("Decide which object should keep the value and remove it from the others. Change "
                 "the value on the on-premises object at its source, then let the next sync run."),
               cloud_sentence);
}

static ConflictGroup *
lookup_group (GHashTable *groups, GPtrArray *order, const char *property, const char *value,
              gboolean create)
{
  g_autofree char *key = group_key (property, value);
  ConflictGroup *group = g_hash_table_lookup (groups, key);

  if (group == NULL && create)
    {
      group = g_new0 (ConflictGroup, 1);
      group->property = g_strdup (canonical_property (property));
      group->value = g_strdup (value != NULL ? value : "");
      group->id_value = group_id_value (property, value);
      group->members = g_array_new (FALSE, TRUE, sizeof (Member));
      g_hash_table_insert (groups, g_steal_pointer (&key), group);
      g_ptr_array_add (order, group);
    }
  return group;
}

static int
compare_groups (gconstpointer a, gconstpointer b)
{
  const ConflictGroup *ga = *(ConflictGroup * const *) a;
  const ConflictGroup *gb = *(ConflictGroup * const *) b;
  int cmp = g_strcmp0 (ga->property, gb->property);

  return cmp != 0 ? cmp : g_strcmp0 (ga->id_value, gb->id_value);
}

static DscStatus
error_count_status (const DscPolicy *policy, guint n)
{
  if (n == 0)
    return DSC_STATUS_OK;
  if (n >= policy->sync_errors_error)
    return DSC_STATUS_ERROR;
  if (n >= policy->sync_errors_warning)
    return DSC_STATUS_WARNING;
  return DSC_STATUS_INFO;
}

static void
rule_sync_errors (Eval *ev)
{
  static const DscSource error_sources[] = {
    DSC_SOURCE_USER_ERRORS, DSC_SOURCE_GROUP_ERRORS, DSC_SOURCE_CONTACT_ERRORS,
  };
  DscTile *tile = tile_begin (ev, DSC_TILE_SYNC_ERRORS, _("Sync errors"));
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) conflict_group_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) in_error = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) proxy_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) upn_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) other_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) failed_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) failed_reasons = g_ptr_array_new_with_free_func (g_free);
  guint counts[3] = { 0, 0, 0 };
  guint n_objects;

  tile->category = DSC_CATEGORY_OBJECT_ERRORS;

  for (guint i = 0; i < G_N_ELEMENTS (error_sources); i++)
    if (!source_ok (ev, error_sources[i]))
      {
        g_ptr_array_add (failed_labels, (gpointer) dsc_source_to_label (error_sources[i]));
        g_ptr_array_add (failed_reasons, source_reason (ev, error_sources[i]));
      }

  for (guint i = 0; i < ev->snap->objects->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (ev->snap->objects, i);

      for (guint j = 0; j < object->n_errors; j++)
        {
          const DscProvisioningError *error = &object->errors[j];
          ConflictGroup *group = lookup_group (groups, order, error->property, error->value, TRUE);
          Member member = { object, error->value, error->occurred, TRUE };
          GHashTable *by_property = is_proxy_property (error->property) ? proxy_objects
                                  : is_upn_property (error->property) ? upn_objects
                                  : other_objects;

          g_hash_table_add (in_error, object);
          g_hash_table_add (by_property, object);
          if (group_has_object (group, object))
            continue;
          g_array_append_val (group->members, member);
          group->n_in_error++;
        }
      if (object->kind <= DSC_OBJECT_CONTACT && object->n_errors > 0)
        counts[object->kind]++;
    }

  /* The other side of each conflict: objects holding the value without an error. */
  for (guint i = 0; i < ev->snap->holders->len; i++)
    {
      const DscValueHolder *holder = g_ptr_array_index (ev->snap->holders, i);
      ConflictGroup *group;
      Member member = { holder->object, holder->value, 0, FALSE };

      if (holder->object == NULL)
        continue;
      group = lookup_group (groups, order, holder->property, holder->value, FALSE);
      if (group == NULL || group_has_object (group, holder->object))
        continue;
      g_array_append_val (group->members, member);
    }

  g_ptr_array_sort (order, compare_groups);
  for (guint i = 0; i < order->len; i++)
    {
      const ConflictGroup *group = g_ptr_array_index (order, i);
      g_autofree char *id = g_strdup_printf ("object-errors/%s/%s", group->property,
                                             group->id_value);
      g_autofree char *title = NULL;
      g_autofree char *detail = conflict_detail (ev, group);
      DscFinding *finding;

      if (group->members->len >= 2)
        title = g_strdup_printf (ngettext ("%s is claimed by %u object",
                                           "%s is claimed by %u objects", group->members->len),
                                 group->value, group->members->len);
      else
        title = g_strdup_printf (_("%s is already used by another object"), group->value);

      finding = add_finding (ev, DSC_CATEGORY_OBJECT_ERRORS,
                             error_count_status (ev->policy, group->n_in_error), id, title, detail);
      for (guint j = 0; j < group->members->len; j++)
        {
          const Member *m = &g_array_index (group->members, Member, j);

          dsc_finding_add_object (finding, m->object, group->property, m->value, m->since,
                                  m->in_error);
        }
    }

  n_objects = g_hash_table_size (in_error);
  {
    g_autofree char *users = g_strdup_printf (_("Users in error: %u"), counts[DSC_OBJECT_USER]);
    g_autofree char *grps = g_strdup_printf (_("Groups in error: %u"), counts[DSC_OBJECT_GROUP]);
    g_autofree char *contacts = g_strdup_printf (_("Contacts in error: %u"),
                                                 counts[DSC_OBJECT_CONTACT]);
    g_autofree char *failed = strv_join_ptr_array (failed_reasons, "\n");

    take_str (&tile->tooltip, JOIN ("\n", users, grps, contacts, failed));
  }

  if (n_objects == 0)
    {
      if (failed_reasons->len > 0)
        {
          g_autofree char *labels = strv_join_ptr_array (failed_labels, ", ");
          g_autofree char *summary = g_strdup_printf (_("Could not read: %s"), labels);

          tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"), summary);
          take_str (&tile->limited_reason, strv_join_ptr_array (failed_reasons, " "));
        }
      else
        tile_set (tile, DSC_STATUS_OK, _("None"), _("No objects with sync errors"));
      return;
    }

  {
    guint n_proxy = g_hash_table_size (proxy_objects);
    guint n_upn = g_hash_table_size (upn_objects);
    guint n_other = g_hash_table_size (other_objects);
    g_autofree char *value = g_strdup_printf (ngettext ("%u object", "%u objects", n_objects),
                                              n_objects);
    g_autofree char *proxy = n_proxy == 0 ? NULL
      : g_strdup_printf (ngettext ("%u duplicate proxyAddress", "%u duplicate proxyAddresses",
                                   n_proxy), n_proxy);
    g_autofree char *upn = n_upn == 0 ? NULL
      : g_strdup_printf (ngettext ("%u duplicate UPN", "%u duplicate UPNs", n_upn), n_upn);
    g_autofree char *other = n_other == 0 ? NULL
      : g_strdup_printf (ngettext ("%u other conflict", "%u other conflicts", n_other), n_other);
    g_autofree char *labels = strv_join_ptr_array (failed_labels, ", ");
    g_autofree char *failed = failed_labels->len == 0 ? NULL
      : g_strdup_printf (_("could not read: %s"), labels);
    g_autofree char *summary = JOIN (" · ", proxy, upn, other, failed);
    DscStatus status = error_count_status (ev->policy, n_objects);

    /* Below the warning threshold the admin chose to tolerate these. */
    tile_set (tile, status == DSC_STATUS_INFO ? DSC_STATUS_OK : status, value, summary);
  }
}

/* Rule: object quota */

static void
rule_quota (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_QUOTA, _("Object quota"));
  gint64 used = ev->snap->quota_used;
  gint64 total = ev->snap->quota_total;
  g_autofree char *used_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *value = NULL;
  gint64 percent;
  double fraction;
  DscStatus status;

  tile->category = DSC_CATEGORY_OBJECT_QUOTA;

  if (!source_ok (ev, DSC_SOURCE_ORGANIZATION_BETA))
    {
      tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION_BETA);
      return;
    }
  if (used < 0 || total <= 0)
    {
      tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"), _("Not reported by Microsoft Graph"));
      set_str (&tile->limited_reason,
               _("Microsoft Graph returned no object quota (directorySizeQuota, beta API)."));
      return;
    }

  /* Division of exact integers rounds the same way as the policy's fraction
   * does, so 8,000 of 10,000 is exactly at an 80 % threshold. */
  fraction = (double) used / (double) total;
  if (used >= total || fraction >= ev->policy->quota_error)
    status = DSC_STATUS_ERROR;
  else if (fraction >= ev->policy->quota_warning)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  /* Rounded down, so the tile never shows the threshold before it is reached. */
  percent = (used * 100) / total;
  if (used > 0 && percent == 0)
    value = g_strdup (_("<1 %"));
  else
    value = g_strdup_printf (_("%u %%"), (guint) MIN (percent, (gint64) G_MAXUINT));
  used_text = format_count (used);
  total_text = format_count (total);
  summary = g_strdup_printf (_("%s of %s objects"), used_text, total_text);
  tile_set (tile, status, value, summary);
  set_str (&tile->tooltip,
           _("Users, groups and contacts count, including cloud-only objects and deleted objects "
             "kept in the recycle bin for 30 days."));

  if (status != DSC_STATUS_OK)
    {
      gboolean exceeded = used >= total;
      g_autofree char *title = exceeded ? g_strdup (_("Object quota exceeded"))
        : g_strdup_printf (_("Object quota %s full"), value);
      g_autofree char *first = g_strdup_printf (_("The tenant holds %s of the %s objects it may "
                                                  "hold."), used_text, total_text);
      const char *effect = exceeded
        ? _("Sync stops until objects are removed or the quota is raised; Microsoft reports "
            "this as “Error 016”.")
        : _("When the quota is reached, sync stops and no new objects reach Microsoft 365.");
      const char *raise = total <= 50000
        ? _("Verifying a domain raises the quota from 50,000 to 300,000 objects.")
        : _("Remove objects you don't need, or contact support to raise the quota.");
      g_autofree char *detail = JOIN (" ", first, effect, raise);

      add_finding (ev, DSC_CATEGORY_OBJECT_QUOTA, status,
                   exceeded ? "object-quota/exceeded" : "object-quota/near-limit", title, detail);
    }
}

/* Rule: Entra Connect version */

/* End of support of a version the table doesn't date: the policy retires a
 * 2.x build 12 months after a newer one is released, so use the nearest newer
 * release with a known date. */
static gint64
estimate_end_of_support (const DscConnectVersions *versions, const char *version)
{
  const DscConnectRelease *next = NULL;

  for (guint i = 0; i < versions->releases->len; i++)
    {
      const DscConnectRelease *r = g_ptr_array_index (versions->releases, i);

      if (r->recalled || r->released == 0 || dsc_version_compare (r->version, version) <= 0)
        continue;
      if (next == NULL || dsc_version_compare (r->version, next->version) < 0)
        next = r;
    }
  return next != NULL ? add_months (next->released, 12) : 0;
}

static void
rule_connect_version (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_CONNECT_VERSION, _("Entra Connect"));
  const DscConnectVersions *versions = ev->versions;
  const char *version = ev->snap->settings.client_version;
  const DscConnectRelease *latest = dsc_connect_versions_latest (versions);
  const DscConnectRelease *release = NULL;
  const char *latest_version = latest != NULL ? latest->version : NULL;
  g_autofree char *as_of_date = format_date (versions->data_as_of);
  g_autofree char *as_of = g_strdup_printf (_("Version data as of %s"), as_of_date);
  g_autofree char *released_line = NULL;
  g_autofree char *eos_line = NULL;
  g_autofree char *latest_line = NULL;
  g_autofree char *minimum_line = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *finding_title = NULL;
  g_autofree char *finding_detail = NULL;
  const char *finding_id = NULL;
  const char *estimate_note = NULL;
  gboolean below_minimum, estimated = FALSE;
  gint64 eos = 0;
  guint parts[4];
  DscStatus status;

  tile->category = DSC_CATEGORY_CONNECT_VERSION;
  set_str (&tile->tooltip, as_of);

  if (!source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      tile_unknown (ev, tile, DSC_SOURCE_SYNC_SETTINGS);
      return;
    }
  if (str_empty (version))
    {
      tile_set (tile, DSC_STATUS_UNKNOWN, _("Not reported"),
                _("The sync settings don't name a version"));
      set_str (&tile->limited_reason,
               _("The sync settings don't include the Entra Connect version "
                 "(synchronizationClientVersion, beta API)."));
      return;
    }
  if (!dsc_version_parse (version, parts))
    {
      tile_set (tile, DSC_STATUS_UNKNOWN, version, _("Not a version number"));
      take_str (&tile->limited_reason,
                g_strdup_printf (_("“%s” is not a version number DirSync Companion understands."),
                                 version));
      return;
    }

  if (versions->minimum_version != NULL)
    {
      g_autofree char *since = format_date (versions->minimum_since);

      minimum_line = g_strdup_printf (_("Minimum version: %s (from %s)"),
                                      versions->minimum_version, since);
    }
  if (latest_version != NULL)
    latest_line = g_strdup_printf (_("Latest version: %s"), latest_version);

  release = dsc_connect_versions_lookup (versions, version);
  if (release != NULL)
    {
      eos = release->end_of_support;
      if (release->released != 0)
        {
          g_autofree char *date = format_date (release->released);

          released_line = g_strdup_printf (_("Released: %s"), date);
        }
      if (eos == 0 && latest_version != NULL && dsc_version_compare (version, latest_version) < 0)
        {
          eos = estimate_end_of_support (versions, version);
          estimated = eos != 0;
        }
    }
  else if (latest_version == NULL || dsc_version_compare (version, latest_version) < 0)
    {
      eos = estimate_end_of_support (versions, version);
      estimated = eos != 0;
    }

  if (eos != 0)
    {
      g_autofree char *date = format_date (eos);

      eos_line = g_strdup_printf (estimated ? _("End of support: %s (estimated)")
                                            : _("End of support: %s"), date);
    }
  else if (release != NULL)
    eos_line = g_strdup (_("End of support: none announced"));
  if (estimated)
    estimate_note = _("This version isn't in the version data, so its end of support is "
                      "estimated as 12 months after the next newer release.");
  if (release != NULL && estimated)
    estimate_note = _("The version data gives no end of support for this version, so it is "
                      "estimated as 12 months after the next newer release.");

  below_minimum = versions->minimum_version != NULL
                  && dsc_version_compare (version, versions->minimum_version) < 0;

  /* Most serious verdict first; each branch sets the tile and any finding. */
  if (parts[0] < 2)
    {
      status = DSC_STATUS_ERROR;
      summary = g_strdup (_("Version 1.x no longer syncs"));
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s is no longer supported"), version);
      finding_detail = g_strdup_printf (_("All Entra Connect 1.x versions are retired and "
                                          "synchronization no longer works on them. Install the "
                                          "latest version (%s) from the Microsoft Entra admin "
                                          "center."), latest_version ? latest_version : "2.x");
    }
  else if (below_minimum && ev->now >= versions->minimum_since)
    {
      g_autofree char *since = format_date (versions->minimum_since);
      g_autofree char *reason = minimum_reason_sentence (versions, TRUE);
      g_autofree char *install = g_strdup_printf (_("Install the latest version (%s) from the "
                                                    "Microsoft Entra admin center."),
                                                  latest_version ? latest_version
                                                                 : versions->minimum_version);

      status = DSC_STATUS_ERROR;
      summary = g_strdup_printf (_("Since %s versions below %s can't sync"), since,
                                 versions->minimum_version);
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s can no longer sync"), version);
      finding_detail = JOIN (" ", reason, install);
    }
  else if (release != NULL && release->recalled)
    {
      status = DSC_STATUS_ERROR;
      summary = g_strdup (_("This version was recalled"));
      finding_id = "connect-version/recalled";
      finding_title = g_strdup_printf (_("Entra Connect %s was recalled"), version);
      finding_detail = g_strdup_printf (_("Microsoft recalled Entra Connect %s. Uninstall it and "
                                          "install the latest version (%s) from the Microsoft "
                                          "Entra admin center."),
                                        version, latest_version ? latest_version : "");
    }
  else if (release == NULL && latest_version != NULL
           && dsc_version_compare (version, latest_version) > 0)
    {
      status = DSC_STATUS_OK;
      summary = g_strdup_printf (_("Newer than the version data (as of %s)"), as_of_date);
    }
  else if (eos != 0 && eos <= ev->now)
    {
      g_autofree char *date = format_date (eos);
      g_autofree char *first = g_strdup_printf (_("Entra Connect %s reached its end of support on "
                                                  "%s."), version, date);
      g_autofree char *install = g_strdup_printf (_("Install the latest version (%s) from the "
                                                    "Microsoft Entra admin center."),
                                                  latest_version ? latest_version : "");

      status = DSC_STATUS_ERROR;
      summary = g_strdup_printf (estimated ? _("Retired on %s (estimated)") : _("Retired on %s"),
                                 date);
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s is retired"), version);
      finding_detail = JOIN (" ", first,
                             _("Retired versions may stop syncing without warning, get no "
                               "security fixes and only limited support."),
                             install, estimate_note);
    }
  else if (below_minimum)
    {
      g_autofree char *since = format_date (versions->minimum_since);
      g_autofree char *first = g_strdup_printf (_("From %s versions below %s can't sync."),
                                                since, versions->minimum_version);
      g_autofree char *reason = minimum_reason_sentence (versions, FALSE);

      status = DSC_STATUS_WARNING;
      summary = g_strdup_printf (_("Stops syncing on %s: upgrade to %s or later"), since,
                                 versions->minimum_version);
      finding_id = "connect-version/below-minimum";
      finding_title = g_strdup_printf (_("Entra Connect %s stops syncing on %s"), version, since);
      finding_detail = JOIN (" ", first, reason,
                             _("Upgrade before then from the Microsoft Entra admin center."));
    }
  else if (eos != 0 && eos - ev->now <= (gint64) ev->policy->connect_eos_warning_days * DAY)
    {
      g_autofree char *date = format_date (eos);
      g_autofree char *first = g_strdup_printf (_("Entra Connect %s reaches its end of support on "
                                                  "%s."), version, date);
      g_autofree char *install = g_strdup_printf (_("Upgrade to the latest version (%s) before "
                                                    "then."), latest_version ? latest_version : "");

      status = DSC_STATUS_WARNING;
      summary = g_strdup_printf (estimated ? _("Support ends %s (estimated)")
                                           : _("Support ends %s"), date);
      finding_id = "connect-version/end-of-support-soon";
      finding_title = g_strdup_printf (_("Support for Entra Connect %s ends %s"), version, date);
      finding_detail = JOIN (" ", first, install, estimate_note);
    }
  else if (latest_version == NULL || dsc_version_compare (version, latest_version) >= 0)
    {
      status = DSC_STATUS_OK;
      summary = g_strdup (_("Latest version"));
    }
  else
    {
      g_autofree char *date = eos != 0 ? format_date (eos) : NULL;

      status = DSC_STATUS_OK;
      if (date != NULL)
        summary = g_strdup_printf (estimated ? _("Supported until %s (estimated) · %s available")
                                             : _("Supported until %s · %s available"),
                                   date, latest_version);
      else
        summary = g_strdup_printf (_("%s available"), latest_version);
      finding_id = "connect-version/update-available";
      finding_title = g_strdup_printf (_("Entra Connect %s is available"), latest_version);
      finding_detail = g_strdup_printf (_("The sync server runs %s, which is still supported. "
                                          "Version %s has the latest fixes: plan the upgrade "
                                          "before support for your version ends."),
                                        version, latest_version);
    }

  tile_set (tile, status, version, summary);
  take_str (&tile->tooltip, JOIN ("\n", as_of, released_line, eos_line, latest_line,
                                  minimum_line));
  if (finding_id != NULL)
    add_finding (ev, DSC_CATEGORY_CONNECT_VERSION,
                 status == DSC_STATUS_OK ? DSC_STATUS_INFO : status,
                 finding_id, finding_title, finding_detail);
}

/* Rule: the identity Entra Connect signs in with */

static char *
identity_label (const DscSyncIdentity *identity)
{
  if (identity->kind == DSC_IDENTITY_LEGACY_ACCOUNT && !str_empty (identity->user_principal_name))
    {
      const char *at = strchr (identity->user_principal_name, '@');

      /* Sync_SRV01_1a2b3c4d5e6f: the tenant part is the same for every account. */
      return at != NULL ? g_strndup (identity->user_principal_name,
                                     (gsize) (at - identity->user_principal_name))
                        : g_strdup (identity->user_principal_name);
    }
  if (!str_empty (identity->display_name))
    return g_strdup (identity->display_name);
  return g_strdup (identity->id != NULL ? identity->id : _("unnamed identity"));
}

static gboolean
identity_is_service_account (const Eval *ev, const DscSyncIdentity *identity)
{
  const char *account = source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
    ? ev->snap->settings.service_account : NULL;

  return !str_empty (account) && identity->kind == DSC_IDENTITY_LEGACY_ACCOUNT
         && identity->user_principal_name != NULL
         && g_ascii_strcasecmp (account, identity->user_principal_name) == 0;
}

static void
rule_sync_identity (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_SYNC_IDENTITY, _("Sync account"));
  gboolean accounts_ok = source_ok_or_absent (ev, DSC_SOURCE_SYNC_ACCOUNTS);
  gboolean apps_ok = source_ok_or_absent (ev, DSC_SOURCE_SYNC_APPS);
  const char *service_account = source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
    ? ev->snap->settings.service_account : NULL;
  g_autoptr(GPtrArray) legacy = g_ptr_array_new ();
  g_autoptr(GPtrArray) apps = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *accounts_reason = source_reason (ev, DSC_SOURCE_SYNC_ACCOUNTS);
  g_autofree char *apps_reason = source_reason (ev, DSC_SOURCE_SYNC_APPS);
  const DscSyncIdentity *active = NULL;
  gboolean service_account_matched = FALSE;
  guint n_enabled_legacy = 0;
  DscStatus status = DSC_STATUS_OK;
  g_autofree char *value = NULL;
  g_autofree char *summary = NULL;
  const char *partial = NULL;

  tile->category = DSC_CATEGORY_SYNC_IDENTITY;

  for (guint i = 0; i < ev->snap->identities->len; i++)
    {
      const DscSyncIdentity *identity = g_ptr_array_index (ev->snap->identities, i);
      g_autofree char *label = identity_label (identity);

      if (identity->kind == DSC_IDENTITY_APPLICATION)
        {
          g_ptr_array_add (apps, (gpointer) identity);
          g_ptr_array_add (lines, g_strdup_printf (_("Application identity: %s"), label));
        }
      else
        {
          g_ptr_array_add (legacy, (gpointer) identity);
          if (identity->account_enabled != DSC_TRISTATE_FALSE)
            n_enabled_legacy++;
          if (identity_is_service_account (ev, identity))
            service_account_matched = TRUE;
          g_ptr_array_add (lines, g_strdup_printf (identity->account_enabled == DSC_TRISTATE_FALSE
                                                   ? _("Sync account (disabled): %s")
                                                   : _("Sync account: %s"),
                                                   identity->user_principal_name != NULL
                                                   ? identity->user_principal_name : label));
        }
    }
  if (!str_empty (service_account))
    g_ptr_array_add (lines, g_strdup_printf (_("Account Entra Connect last exported with: %s"),
                                             service_account));
  if (sync_server (ev) != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Sync server: %s"), sync_server (ev)));

  if (!accounts_ok && !apps_ok)
    {
      tile_set (tile, DSC_STATUS_UNKNOWN,
                str_empty (service_account) ? _("Unknown") : service_account,
                source_short (ev, DSC_SOURCE_SYNC_ACCOUNTS));
      take_str (&tile->limited_reason, JOIN (" ", accounts_reason, apps_reason));
      take_str (&tile->tooltip, strv_join_ptr_array (lines, "\n"));
      return;
    }
  if (legacy->len == 0 && apps->len == 0)
    {
      if (!accounts_ok || !apps_ok)
        {
          tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                    source_short (ev, accounts_ok ? DSC_SOURCE_SYNC_APPS
                                                  : DSC_SOURCE_SYNC_ACCOUNTS));
          take_str (&tile->limited_reason, g_strdup (accounts_ok ? apps_reason : accounts_reason));
        }
      else if (ev->snap->sync_state == DSC_SYNC_STATE_ON)
        {
          tile_set (tile, DSC_STATUS_WARNING, _("None found"), _("No sync identity found"));
          add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_WARNING, "sync-identity/none",
                       _("No sync identity found"),
                       _("Directory sync is on, but no account holds the Directory "
                         "Synchronization Accounts role and no application is assigned to the "
                         "Microsoft Entra AD Synchronization Service. Entra Connect can't sign in "
                         "without one: re-run the Entra Connect wizard on the sync server to "
                         "create it."));
        }
      else
        tile_set (tile, DSC_STATUS_OK, _("None"), _("No sync identity: directory sync is not on"));
      take_str (&tile->tooltip, strv_join_ptr_array (lines, "\n"));
      return;
    }
  if (!accounts_ok || !apps_ok)
    partial = source_short (ev, accounts_ok ? DSC_SOURCE_SYNC_APPS : DSC_SOURCE_SYNC_ACCOUNTS);

  /* The identity in use: the account the last export used, else the app
   * (Connect prefers it once onboarded), else an enabled legacy account. */
  for (guint i = 0; active == NULL && i < legacy->len; i++)
    if (identity_is_service_account (ev, g_ptr_array_index (legacy, i)))
      active = g_ptr_array_index (legacy, i);
  if (active == NULL && apps->len > 0)
    active = g_ptr_array_index (apps, 0);
  for (guint i = 0; active == NULL && i < legacy->len; i++)
    if (((const DscSyncIdentity *) g_ptr_array_index (legacy, i))->account_enabled
        != DSC_TRISTATE_FALSE)
      active = g_ptr_array_index (legacy, i);
  if (active == NULL)
    active = g_ptr_array_index (legacy, 0);

  /* A disabled legacy account stops sync only if it is the one in use. */
  for (guint i = 0; i < legacy->len; i++)
    {
      const DscSyncIdentity *identity = g_ptr_array_index (legacy, i);
      gboolean in_use = identity_is_service_account (ev, identity)
                        || (apps->len == 0 && !service_account_matched && n_enabled_legacy == 0);

      if (identity->account_enabled == DSC_TRISTATE_FALSE && in_use)
        {
          g_autofree char *label = identity_label (identity);
          g_autofree char *id = g_strdup_printf ("sync-identity/account-disabled/%s",
                                                 identity->id != NULL ? identity->id : label);
          g_autofree char *title = g_strdup_printf (_("The sync account %s is disabled"), label);
          g_autofree char *detail =
            g_strdup_printf (_("Entra Connect signs in with %s. While it is disabled, sync can't "
                               "reach Microsoft Entra ID. Enable the account again, or reset its "
                               "credentials on the sync server with Add-ADSyncAADServiceAccount."),
                             identity->user_principal_name != NULL
                             ? identity->user_principal_name : label);

          add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_ERROR, id, title, detail);
          status = DSC_STATUS_ERROR;
        }
    }

  if (apps->len > 0 && legacy->len > 0 && !service_account_matched)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      for (guint i = 0; i < legacy->len; i++)
        g_ptr_array_add (names, identity_label (g_ptr_array_index (legacy, i)));
      list = strv_join_ptr_array (names, ", ");
      title = g_strdup_printf (ngettext ("%u leftover Sync_ account", "%u leftover Sync_ accounts",
                                         legacy->len), legacy->len);
      detail = g_strdup_printf (_("Entra Connect signs in with an application identity. Leftover "
                                  "Sync_ accounts (%s) can be removed after migration, once no "
                                  "sync server uses them."), list);
      add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_INFO,
                   "sync-identity/leftover-accounts", title, detail);
    }
  else if (apps->len == 0 && legacy->len > 1)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;

      for (guint i = 0; i < legacy->len; i++)
        g_ptr_array_add (names, identity_label (g_ptr_array_index (legacy, i)));
      list = strv_join_ptr_array (names, ", ");
      title = g_strdup_printf (ngettext ("%u sync account", "%u sync accounts", legacy->len),
                               legacy->len);
      detail = g_strdup_printf (_("Several Sync_ accounts (%s) usually mean several Entra Connect "
                                  "servers — an active one and staging servers — or leftovers "
                                  "from earlier installations. Check that each belongs to a "
                                  "server you still run, and remove the others."), list);
      add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_WARNING,
                   "sync-identity/multiple-accounts", title, detail);
      status = dsc_status_worse (status, DSC_STATUS_WARNING);
    }

  value = identity_label (active);
  summary = JOIN (" · ", active->kind == DSC_IDENTITY_APPLICATION
                           ? _("Application identity (certificate)") : _("Legacy sync account"),
                  partial);
  tile_set (tile, status, value, summary);
  take_str (&tile->tooltip, strv_join_ptr_array (lines, "\n"));
}

/* Rule: domains and UPN suffixes */

static gboolean
is_non_routable (const char *name)
{
  static const char *const suffixes[] = {
    "local", "internal", "lan", "corp", "localdomain", "home",
  };
  const char *dot;

  if (str_empty (name))
    return FALSE;
  dot = strrchr (name, '.');
  if (dot == NULL)
    return TRUE;   /* single-label: "contoso" */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_ascii_strcasecmp (dot + 1, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
rule_domains (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_DOMAINS, _("Domains"));
  GPtrArray *domains = NULL;
  guint n_verified = 0, n_unverified = 0, n_federated = 0;
  DscStatus status = DSC_STATUS_OK;
  g_autofree char *verified_text = NULL;
  g_autofree char *unverified_text = NULL;
  g_autofree char *value = NULL;
  const char *summary = NULL;

  tile->category = DSC_CATEGORY_DOMAINS;

  if (source_ok (ev, DSC_SOURCE_DOMAINS))
    domains = ev->snap->domains;
  else if (source_ok (ev, DSC_SOURCE_ORGANIZATION))
    {
      /* Verified ones only: better than nothing, and says so. */
      domains = ev->snap->verified_domains;
      summary = _("Only verified domains could be read");
      take_str (&tile->limited_reason, source_reason (ev, DSC_SOURCE_DOMAINS));
    }
  else
    {
      tile_unknown (ev, tile, DSC_SOURCE_DOMAINS);
      return;
    }

  for (guint i = 0; i < domains->len; i++)
    {
      const DscDomain *domain = g_ptr_array_index (domains, i);
      g_autofree char *lower = g_ascii_strdown (domain->name != NULL ? domain->name : "", -1);

      if (domain->is_verified)
        n_verified++;
      else
        n_unverified++;

      if (is_non_routable (domain->name))
        {
          g_autofree char *id = g_strdup_printf ("domains/non-routable/%s", lower);
          g_autofree char *title = g_strdup_printf (_("%s is not a routable domain"), domain->name);
          g_autofree char *detail =
            g_strdup_printf (_("%s can't be verified, so synced users whose UPN ends in @%s get "
                               "an onmicrosoft.com sign-in name instead. Add a routable UPN "
                               "suffix in Active Directory and move the users to it (see “Prepare "
                               "a non-routable domain for directory synchronization”)."),
                             domain->name, domain->name);

          add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_WARNING, id, title, detail);
          status = DSC_STATUS_WARNING;
        }
      else if (!domain->is_verified)
        {
          g_autofree char *id = g_strdup_printf ("domains/unverified/%s", lower);
          g_autofree char *title = g_strdup_printf (_("%s is not verified"), domain->name);
          g_autofree char *detail =
            g_strdup_printf (_("UPN suffix %s can't be used by synced users until verified: they "
                               "get an onmicrosoft.com sign-in name instead. Verify the domain in "
                               "the Microsoft 365 admin center, or remove it if it was added by "
                               "mistake."), domain->name);

          add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_WARNING, id, title, detail);
          status = DSC_STATUS_WARNING;
        }

      if (domain->authentication_type != NULL
          && g_ascii_strcasecmp (domain->authentication_type, "Federated") == 0)
        {
          g_autofree char *id = g_strdup_printf ("domains/federated/%s", lower);
          g_autofree char *title = g_strdup_printf (_("%s is federated"), domain->name);
          g_autofree char *detail =
            g_strdup_printf (_("Users in %s sign in through your federation service (for example "
                               "AD FS): if it is down, they can't sign in. Moving a synced user "
                               "from one federated domain to another needs an extra step."),
                             domain->name);

          add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_INFO, id, title, detail);
          n_federated++;
        }
    }

  verified_text = g_strdup_printf (ngettext ("%u verified", "%u verified", n_verified), n_verified);
  if (n_unverified > 0)
    unverified_text = g_strdup_printf (ngettext ("%u unverified", "%u unverified", n_unverified),
                                       n_unverified);
  value = JOIN (" · ", verified_text, unverified_text);
  if (summary == NULL)
    summary = status == DSC_STATUS_OK ? _("Synced users can use every domain")
                                      : _("Some UPN suffixes can't be used by synced users");
  tile_set (tile, status, value, summary);
  if (n_federated > 0)
    take_str (&tile->tooltip, g_strdup_printf (ngettext ("%u federated domain",
                                                         "%u federated domains", n_federated),
                                               n_federated));
}

/* Rule: Microsoft service health */

typedef struct {
  const char *name;
  DscStatus status;
  const char *label;
} HealthStatus;

/* serviceHealthStatus; samples return PascalCase, so compared case-insensitively. */
static const HealthStatus health_statuses[] = {
  { "serviceOperational", DSC_STATUS_OK, N_("Operational") },
  { "serviceRestored", DSC_STATUS_OK, N_("Restored") },
  { "resolved", DSC_STATUS_OK, N_("Resolved") },
  { "falsePositive", DSC_STATUS_OK, N_("Operational") },
  { "postIncidentReviewPublished", DSC_STATUS_OK, N_("Restored") },
  { "mitigated", DSC_STATUS_OK, N_("Mitigated") },
  { "mitigatedExternal", DSC_STATUS_OK, N_("Mitigated") },
  { "resolvedExternal", DSC_STATUS_OK, N_("Resolved") },
  { "investigationSuspended", DSC_STATUS_OK, N_("Investigation suspended") },
  { "investigating", DSC_STATUS_WARNING, N_("Investigating") },
  { "verifyingService", DSC_STATUS_WARNING, N_("Verifying service") },
  { "restoringService", DSC_STATUS_WARNING, N_("Restoring service") },
  { "extendedRecovery", DSC_STATUS_WARNING, N_("Extended recovery") },
  { "serviceDegradation", DSC_STATUS_WARNING, N_("Degraded") },
  { "confirmed", DSC_STATUS_WARNING, N_("Incident confirmed") },
  { "reported", DSC_STATUS_WARNING, N_("Incident reported") },
  { "serviceInterruption", DSC_STATUS_ERROR, N_("Interrupted") },
};

static DscStatus
health_status (const char *name, const char **label)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (health_statuses); i++)
    if (g_ascii_strcasecmp (name, health_statuses[i].name) == 0)
      {
        *label = _(health_statuses[i].label);
        return health_statuses[i].status;
      }
  /* A value newer than this code: show it as Microsoft wrote it, and look. */
  *label = name != NULL ? name : _("Unknown");
  return DSC_STATUS_WARNING;
}

static gboolean
is_identity_service (const DscServiceHealth *service)
{
  if (service->id != NULL && g_ascii_strcasecmp (service->id, "OrgLiveID") == 0)
    return TRUE;
  /* "Microsoft Defender for Identity" is a security product, not the directory. */
  if (str_contains_ci (service->service, "Defender"))
    return FALSE;
  return str_contains_ci (service->service, "Entra")
         || str_contains_ci (service->service, "Identity");
}

static int
status_rank (DscStatus status)
{
  return status == DSC_STATUS_ERROR ? 3 : status == DSC_STATUS_WARNING ? 2
       : status == DSC_STATUS_INFO ? 1 : 0;
}

static void
rule_service_health (Eval *ev)
{
  DscTile *tile = tile_begin (ev, DSC_TILE_SERVICE_HEALTH, _("Service health"));
  DscStatus status = DSC_STATUS_OK;
  const char *label = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_services = 0, n_open = 0;
  g_autofree char *summary = NULL;

  tile->category = DSC_CATEGORY_SERVICE_HEALTH;

  if (!source_ok (ev, DSC_SOURCE_SERVICE_HEALTH))
    {
      tile_unknown (ev, tile, DSC_SOURCE_SERVICE_HEALTH);
      return;
    }

  for (guint i = 0; i < ev->snap->services->len; i++)
    {
      const DscServiceHealth *service = g_ptr_array_index (ev->snap->services, i);
      const char *service_label;
      DscStatus service_status;

      if (!is_identity_service (service))
        continue;
      n_services++;
      service_status = health_status (service->status, &service_label);
      if (label == NULL || status_rank (service_status) > status_rank (status))
        {
          status = service_status;
          label = service_label;
        }
      g_ptr_array_add (names, service->service != NULL ? service->service : service->id);

      for (guint j = 0; service->issues != NULL && j < service->issues->len; j++)
        {
          const DscHealthIssue *issue = g_ptr_array_index (service->issues, j);
          gboolean incident = issue->classification != NULL
                              && g_ascii_strcasecmp (issue->classification, "incident") == 0;
          DscStatus severity = incident ? dsc_status_worse (DSC_STATUS_WARNING, service_status)
                                        : DSC_STATUS_INFO;
          const char *issue_label;
          g_autofree char *id = NULL;
          g_autofree char *started = NULL;
          g_autofree char *started_line = NULL;
          g_autofree char *status_line = NULL;
          g_autofree char *feature_line = NULL;
          g_autofree char *id_line = NULL;
          g_autofree char *detail = NULL;

          if (issue->is_resolved)
            continue;
          n_open++;
          if (severity == DSC_STATUS_OK)
            severity = DSC_STATUS_WARNING;
          health_status (issue->status, &issue_label);
          id = g_strdup_printf ("service-health/%s", issue->id != NULL ? issue->id : "issue");
          started = format_date_time (issue->start);
          started_line = g_strdup_printf (_("Started %s."), started);
          status_line = g_strdup_printf (_("Status: %s."), issue_label);
          if (!str_empty (issue->feature))
            feature_line = g_strdup_printf (_("Feature: %s."), issue->feature);
          if (!str_empty (issue->id))
            id_line = g_strdup_printf (_("Issue ID: %s."), issue->id);
          detail = JOIN (" ", issue->impact_description, started_line, status_line, feature_line,
                         id_line);
          add_finding (ev, DSC_CATEGORY_SERVICE_HEALTH, severity, id,
                       !str_empty (issue->title) ? issue->title : issue->id, detail);
          if (severity != DSC_STATUS_INFO)
            status = dsc_status_worse (status, severity);
        }
    }

  if (n_services == 0)
    {
      tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"), _("Microsoft Entra isn't listed"));
      set_str (&tile->limited_reason,
               _("Microsoft Graph listed no Microsoft Entra or identity service in service "
                 "health."));
      return;
    }

  if (n_open == 0)
    summary = g_strdup (_("No open incidents or advisories"));
  else
    summary = g_strdup_printf (ngettext ("%u open incident or advisory",
                                         "%u open incidents or advisories", n_open), n_open);
  tile_set (tile, status, label, summary);
  take_str (&tile->tooltip, strv_join_ptr_array (names, "\n"));
}

/* Rule: safeguards (no tile) */

static gboolean
deletions_over_threshold (const DscSyncSettings *settings)
{
  const char *type = settings->accidental_deletion_type;
  gint64 pending = settings->pending_deletions;
  gint64 threshold = settings->accidental_deletion_threshold > 0
    ? settings->accidental_deletion_threshold : DEFAULT_DELETION_THRESHOLD;

  if (pending <= 0)
    return FALSE;
  if (type != NULL && g_ascii_strcasecmp (type, "enabledForPercentage") == 0)
    return settings->connector_space_objects > 0
           && pending * 100 >= threshold * settings->connector_space_objects;
  return pending >= threshold;
}

static void
rule_safeguards (Eval *ev)
{
  const DscSyncSettings *settings = &ev->snap->settings;

  /* Nothing syncs, so there is nothing to guard yet. */
  if (ev->snap->sync_state == DSC_SYNC_STATE_NEVER)
    return;

  if (!source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      g_autofree char *reason = source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

      add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_INFO, "sync-safeguards/unreadable",
                   _("Sync safeguards could not be checked"), reason);
      return;
    }

  if (settings->accidental_deletion_type != NULL
      && g_ascii_strcasecmp (settings->accidental_deletion_type, "disabled") == 0)
    add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                 "sync-safeguards/accidental-delete-off",
                 _("Accidental-delete prevention is off"),
                 _("Entra Connect will export any number of deletions. A wrong filter or a deleted "
                   "OU on-premises can remove users, their mailboxes and licences in one sync "
                   "cycle. Turn the deletion threshold back on."));
  else if (deletions_over_threshold (settings))
    {
      g_autofree char *count = format_count (settings->pending_deletions);
      guint n = (guint) MIN (settings->pending_deletions, (gint64) G_MAXUINT);
      g_autofree char *title = g_strdup_printf (ngettext ("Export may stop: %s deletion pending",
                                                          "Export may stop: %s deletions pending",
                                                          n), count);
      g_autofree char *detail =
        g_strdup_printf (ngettext ("The last export had %s deletion waiting, more than the "
                                   "accidental-delete threshold allows, so Entra Connect stops "
                                   "exporting until someone reviews it. Check whether the deletion "
                                   "is intended before you allow it.",
                                   "The last export had %s deletions waiting, more than the "
                                   "accidental-delete threshold allows, so Entra Connect stops "
                                   "exporting until someone reviews them. Check whether the "
                                   "deletions are intended before you allow them.", n), count);

      add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                   "sync-safeguards/pending-deletions", title, detail);
    }

  if (settings->block_hard_match_takeover == DSC_TRISTATE_FALSE)
    add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                 "sync-safeguards/hard-match-takeover-allowed",
                 _("Cloud accounts can be taken over through hard match"),
                 _("An on-premises object with a matching source anchor can take over an existing "
                   "cloud-only account, administrators included. Microsoft recommends blocking "
                   "this unless you are taking over cloud accounts on purpose."));
  if (settings->block_soft_match == DSC_TRISTATE_FALSE)
    add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_INFO,
                 "sync-safeguards/soft-match-allowed", _("Soft matching is allowed"),
                 _("An on-premises user with the same e-mail address or UPN as a cloud user is "
                   "merged into it. Keep this only while you are matching existing cloud users; "
                   "block it afterwards."));
  if (settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
      || settings->quarantine_proxy_conflicts == DSC_TRISTATE_FALSE)
    {
      const char *which =
        settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
        && settings->quarantine_proxy_conflicts == DSC_TRISTATE_FALSE
        ? _("Duplicate UPNs and proxy addresses")
        : settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
        ? _("Duplicate UPNs") : _("Duplicate proxy addresses");
      g_autofree char *detail =
        g_strdup_printf (_("%s aren't quarantined: an object with such a value fails to sync as a "
                           "whole instead of syncing without the duplicate value."), which);

      add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_INFO,
                   "sync-safeguards/quarantine-off",
                   _("Duplicate values aren't quarantined"), detail);
    }
}

/* Informational panes: source of authority, synchronized attributes */

static void
rule_cant_manage (Eval *ev)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) synced = g_ptr_array_new ();
  guint total = 0;
  g_autofree char *counted = NULL;
  g_autofree char *detail = NULL;
  DscFinding *finding;

  /* Every object the report mentions, once: those in error and those holding their values. */
  for (guint i = 0; i < ev->snap->objects->len + ev->snap->holders->len; i++)
    {
      DscDirectoryObject *object;

      if (i < ev->snap->objects->len)
        object = g_ptr_array_index (ev->snap->objects, i);
      else
        object = ((DscValueHolder *) g_ptr_array_index (ev->snap->holders,
                                                         i - ev->snap->objects->len))->object;
      if (object == NULL || object->id == NULL || !g_hash_table_add (seen, object->id))
        continue;
      total++;
      if (object->on_premises_sync == DSC_TRISTATE_TRUE)
        g_ptr_array_add (synced, object);
    }

  if (total > 0)
    counted = g_strdup_printf (ngettext ("%u of the %u objects involved in sync errors is synced "
                                         "from on-premises: change it there.",
                                         "%u of the %u objects involved in sync errors are synced "
                                         "from on-premises: change them there.", synced->len),
                               synced->len, total);
  detail = JOIN (" ",
                 _("Objects synced from on-premises Active Directory are managed there. Change or "
                   "delete them on-premises and let the next sync run: edits made in Microsoft "
                   "365 fail or are overwritten."),
                 counted,
                 ev->snap->sync_state == DSC_SYNC_STATE_OFF
                 ? _("Directory sync is off, so objects that were synced are now managed in the "
                     "cloud.") : NULL);
  finding = add_finding (ev, DSC_CATEGORY_CANT_MANAGE, DSC_STATUS_INFO,
                         "cant-manage/source-of-authority",
                         _("Synced objects are managed on-premises"), detail);
  for (guint i = 0; i < synced->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (synced, i);

      dsc_finding_add_object (finding, object, NULL, NULL, 0, object->n_errors > 0);
    }
}

typedef struct {
  const char *name;
  const char *label;
} FeatureLabel;

/* Only features that change what is synchronized, in admin words. */
static const FeatureLabel attribute_features[] = {
  { "directoryExtensionsEnabled", N_("directory extensions") },
  { "groupWriteBackEnabled", N_("group writeback") },
  { "unifiedGroupWritebackEnabled", N_("Microsoft 365 group writeback") },
  { "userWritebackEnabled", N_("user writeback") },
  { "deviceWritebackEnabled", N_("device writeback") },
  { "passwordSyncEnabled", N_("password hash sync") },
  { "synchronizeUpnForManagedUsersEnabled", N_("UPN changes for managed users") },
  { "bypassDirSyncOverridesEnabled", N_("on-premises mobile numbers win over cloud edits") },
  { "userForcePasswordChangeOnLogonEnabled", N_("“change password at next logon”") },
};

static void
rule_attributes (Eval *ev)
{
  const DscSyncSettings *settings = &ev->snap->settings;
  g_autoptr(GPtrArray) enabled = g_ptr_array_new ();
  g_autofree char *features = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;

  if (source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      for (guint i = 0; i < G_N_ELEMENTS (attribute_features); i++)
        for (guint j = 0; settings->features != NULL && j < settings->features->len; j++)
          {
            const DscSyncFeature *feature = &g_array_index (settings->features, DscSyncFeature, j);

            if (feature->enabled && feature->name != NULL
                && g_ascii_strcasecmp (feature->name, attribute_features[i].name) == 0)
              g_ptr_array_add (enabled, (gpointer) _(attribute_features[i].label));
          }
      if (enabled->len > 0)
        {
          g_autofree char *list = strv_join_ptr_array (enabled, ", ");

          features = g_strdup_printf (_("Turned on in this tenant: %s."), list);
        }
      else
        features = g_strdup (_("No optional sync features are turned on in this tenant."));
      if (!str_empty (settings->anchor_attribute))
        anchor = g_strdup_printf (_("Source anchor attribute: %s."), settings->anchor_attribute);
    }
  else
    reason = source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

  detail = JOIN (" ",
                 _("Entra Connect syncs Microsoft's standard set of attributes for users, groups "
                   "and contacts; optional features add more."),
                 features, anchor, reason);
  add_finding (ev, DSC_CATEGORY_ATTRIBUTES, DSC_STATUS_INFO, "attributes/synchronized",
               _("Which attributes are synchronized"), detail);
}

/* Entry points */

DscReport *
dsc_health_evaluate (DscSnapshot *snapshot,
                     const DscPolicy *policy,
                     const DscConnectVersions *versions,
                     gint64 now)
{
  g_autoptr(DscConnectVersions) default_versions = NULL;
  DscPolicy defaults;
  Eval ev;

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (policy == NULL)
    {
      dsc_policy_init_defaults (&defaults);
      policy = &defaults;
    }
  if (versions == NULL)
    versions = default_versions = dsc_connect_versions_get_default ();

  ev.snap = snapshot;
  ev.policy = policy;
  ev.versions = versions;
  ev.now = now;
  ev.report = dsc_report_new (snapshot, now);

  rule_sync_enabled (&ev);
  rule_last_sync (&ev);
  rule_password_sync (&ev);
  rule_sync_errors (&ev);
  rule_quota (&ev);
  rule_connect_version (&ev);
  rule_sync_identity (&ev);
  rule_domains (&ev);
  rule_service_health (&ev);
  rule_safeguards (&ev);
  rule_cant_manage (&ev);
  rule_attributes (&ev);

  dsc_report_finish (ev.report);
  return ev.report;
}

typedef struct {
  DscSnapshot *snapshot;
  DscPolicy policy;
  DscConnectVersions *versions;
  gint64 now;
} EvaluateData;

static void
evaluate_data_free (EvaluateData *data)
{
  g_clear_pointer (&data->snapshot, dsc_snapshot_unref);
  g_clear_pointer (&data->versions, dsc_connect_versions_unref);
  g_free (data);
}

static void
evaluate_thread (GTask *task, gpointer source_object, gpointer task_data,
                 GCancellable *cancellable)
{
  EvaluateData *data = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task,
                         dsc_health_evaluate (data->snapshot, &data->policy, data->versions,
                                              data->now),
                         (GDestroyNotify) dsc_report_unref);
}

void
dsc_health_evaluate_async (DscSnapshot *snapshot,
                           const DscPolicy *policy,
                           DscConnectVersions *versions,
                           gint64 now,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateData *data;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_health_evaluate_async);

  data = g_new0 (EvaluateData, 1);
  data->snapshot = dsc_snapshot_ref (snapshot);
  if (policy != NULL)
    data->policy = *policy;
  else
    dsc_policy_init_defaults (&data->policy);
  data->versions = versions != NULL ? dsc_connect_versions_ref (versions)
                                   : dsc_connect_versions_get_default ();
  data->now = now;
  g_task_set_task_data (task, data, (GDestroyNotify) evaluate_data_free);

  g_task_run_in_thread (task, evaluate_thread);
}

DscReport *
dsc_health_evaluate_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dsc_health_evaluate_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

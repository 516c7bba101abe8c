/* dsc-health-private.c — the helpers every health rule is written with: text
 * joining, counts, and the sentences that say why a source couldn't be read.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-cloud-sync-rules.h"

/* Text helpers */

void
dsc_health_take_str (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

void
dsc_health_set_str (char **field, const char *value)
{
  dsc_health_take_str (field, g_strdup (value));
}

/* The conversion at @p ('%'): the argument's index (G_MAXUINT for "%%"),
 * and how many bytes it spans; FALSE for one it doesn't know. */
static gboolean
conversion (const char *p, guint *next, guint *index, gsize *span)
{
  if (p[1] == '%')
    {
      *index = G_MAXUINT;
      *span = 2;
      return TRUE;
    }
  if (p[1] == 's')
    {
      *index = (*next)++;
      *span = 2;
      return TRUE;
    }
  if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's')
    {
      *index = (guint) (p[1] - '1');
      *span = 4;
      return TRUE;
    }
  return FALSE;
}

void
dsc_health_append_format_s (GString *out, const char *format, const char *const *args,
                            guint n_args)
{
  gsize arg_len[9];
  gsize start = out->len;
  gsize total = 0;
  const char *run = format;
  const char *p;
  guint next = 0;
  char *dst;

  /* First the length, then one resize and copies: no growing on the way. */
  for (guint i = 0; i < n_args && i < G_N_ELEMENTS (arg_len); i++)
    arg_len[i] = args[i] != NULL ? strlen (args[i]) : 0;
  while ((p = strchr (run, '%')) != NULL)
    {
      guint index;
      gsize span;

      total += p - run;
      if (!conversion (p, &next, &index, &span) || (index != G_MAXUINT && index >= n_args)
          || (index != G_MAXUINT && index >= G_N_ELEMENTS (arg_len)))
        {
          g_autofree char *fallback = g_strdup_printf (format, n_args > 0 ? args[0] : "",
                                                       n_args > 1 ? args[1] : "",
                                                       n_args > 2 ? args[2] : "");

          g_string_append (out, fallback);
          g_return_if_reached ();
        }
      total += index == G_MAXUINT ? 1 : arg_len[index];
      run = p + span;
    }
  total += strlen (run);

  g_string_set_size (out, start + total);
  dst = out->str + start;
  run = format;
  next = 0;
  while ((p = strchr (run, '%')) != NULL)
    {
      guint index = G_MAXUINT;
      gsize span = 2;

      conversion (p, &next, &index, &span);
      memcpy (dst, run, p - run);
      dst += p - run;
      if (index == G_MAXUINT)
        *dst++ = '%';
      else
        {
          memcpy (dst, args[index] != NULL ? args[index] : "", arg_len[index]);
          dst += arg_len[index];
        }
      run = p + span;
    }
  memcpy (dst, run, strlen (run));
}

char *
dsc_health_format_s (const char *format, const char *const *args, guint n_args)
{
  GString *out = g_string_sized_new (strlen (format) + 128);

  dsc_health_append_format_s (out, format, args, n_args);
  return g_string_free (out, FALSE);
}

/* Joins the non-NULL, non-empty parts with @sep. */
char *
dsc_health_join_parts (const char *sep, const char *const *parts, guint n_parts)
{
  gsize sep_len = strlen (sep);
  gsize size = 1;
  GString *out;

  /* Sized once: details join many names. */
  for (guint i = 0; i < n_parts; i++)
    if (parts[i] != NULL)
      size += strlen (parts[i]) + sep_len;
  out = g_string_sized_new (size);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_len (out, sep, sep_len);
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

char *
dsc_health_join_ptr_array (GPtrArray *strings, const char *sep)
{
  return dsc_health_join_parts (sep, (const char *const *) strings->pdata, strings->len);
}

/* "12,345" (dsc-time.c, shared with the window). */
char *
dsc_health_format_count (gint64 n)
{
  return dsc_format_count (n);
}

gboolean
dsc_health_str_empty (const char *str)
{
  return str == NULL || *str == '\0';
}

gboolean
dsc_health_str_contains_ci (const char *haystack, const char *needle)
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

gboolean
dsc_health_source_ok (const DscHealthEval *ev, DscSource source)
{
  return dsc_snapshot_source_ok (ev->snap, source);
}

/* 404 on the sync-identity lists means "none exists", not "couldn't read". */
gboolean
dsc_health_source_ok_or_absent (const DscHealthEval *ev, DscSource source)
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
    case DSC_SOURCE_CLOUD_SYNC_CONFIGS:
      return _("Finding Entra Cloud Sync configurations needs Application.Read.All.");
    case DSC_SOURCE_CLOUD_SYNC_JOBS:
      return _("Reading Entra Cloud Sync jobs needs Synchronization.Read.All.");
    case DSC_SOURCE_CLOUD_SYNC_AGENTS:
      return _("Reading the Cloud Sync provisioning agents needs "
               "Policy.Read.HybridAuthentication.");
    case DSC_SOURCE_CLOUD_SYNC_LOG:
      return _("Reading Cloud Sync object errors needs AuditLog.Read.All and a Microsoft Entra "
               "ID P1 licence.");
    case DSC_SOURCE_ONPREM_SCAN:
      return _("The on-premises scan reads Active Directory with any domain account; it is not "
               "a Microsoft Graph permission.");
    case DSC_N_SOURCES:
      break;
    }
  return _("Your account lacks a permission this needs.");
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
    case DSC_SOURCE_CLOUD_SYNC_CONFIGS: return _("Needs Application.Read.All");
    case DSC_SOURCE_CLOUD_SYNC_JOBS: return _("Needs Synchronization.Read.All");
    case DSC_SOURCE_CLOUD_SYNC_AGENTS: return _("Needs Policy.Read.HybridAuthentication");
    case DSC_SOURCE_CLOUD_SYNC_LOG: return _("Needs AuditLog.Read.All");
    case DSC_SOURCE_ONPREM_SCAN: return _("Needs a domain account");
    case DSC_SOURCE_CONFLICT_HOLDERS:
    case DSC_N_SOURCES:
      break;
    }
  return _("Needs more permissions");
}

/* Why @source is missing, naming the role or permission when that is the cause. */
char *
dsc_health_source_reason (const DscHealthEval *ev, DscSource source)
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
      if (!dsc_health_str_empty (status->message))
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
      break;
    }
  if (!dsc_health_str_empty (status->message))
    /* Translators: the first %s names what was read, used as a heading ("Domains", "Sync
     * settings"): phrase the rest so it doesn't depend on that name's number or gender.
     * The second %s says what went wrong (a network or Microsoft Graph error). */
    return g_strdup_printf (_("%s: could not be read. Details: %s"), label, status->message);
  /* Translators: %s names what was read, used as a heading ("Domains", "Sync settings");
   * phrase the rest so it doesn't depend on that name's number or gender. */
  return g_strdup_printf (_("%s: could not be read. Try refreshing."), label);
}

const char *
dsc_health_source_short (const DscHealthEval *ev, DscSource source)
{
  if (ev->snap->sources[source].state == DSC_SOURCE_STATE_DENIED)
    return source_needs (source);
  return _("Could not be read");
}

/* Tiles */

DscTile *
dsc_health_tile_begin (DscHealthEval *ev, DscTileId id, const char *title)
{
  DscTile *tile = &ev->report->tiles[id];

  tile->id = id;
  dsc_health_set_str (&tile->title, title);
  return tile;
}

void
dsc_health_tile_set (DscTile *tile, DscStatus status, const char *value, const char *summary)
{
  tile->status = status;
  dsc_health_set_str (&tile->value, value);
  dsc_health_set_str (&tile->summary, summary);
}

void
dsc_health_tile_unknown (DscHealthEval *ev, DscTile *tile, DscSource source)
{
  dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                       dsc_health_source_short (ev, source));
  dsc_health_take_str (&tile->limited_reason, dsc_health_source_reason (ev, source));
}

/* Finding helpers */

DscFinding *
dsc_health_add_finding (DscHealthEval *ev, DscCategoryId category, DscStatus severity,
                        const char *id,
                        const char *title, const char *detail)
{
  return dsc_report_add_finding (ev->report, category, severity, id, title, detail);
}

void
dsc_health_add_fact (DscHealthEval *ev, DscCategoryId category, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  dsc_report_add_fact (ev->report, category, text);
}

/* The category's steps with the first one replaced, e.g. to name the server. */
void
dsc_health_set_steps_with_first (DscFinding *finding, DscCategoryId category, const char *first)
{
  g_auto(GStrv) steps = dsc_category_dup_fix_steps (category);

  if (steps[0] != NULL)
    dsc_health_take_str (&steps[0], g_strdup (first));
  dsc_finding_set_fix_steps (finding, (const char *const *) steps);
}

const char *
dsc_health_sync_server (const DscHealthEval *ev)
{
  if (dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
      && !dsc_health_str_empty (ev->snap->settings.client_machine_name))
    return ev->snap->settings.client_machine_name;
  return NULL;
}

char *
dsc_health_check_adsync_sentence (const DscHealthEval *ev)
{
  const char *server = dsc_health_sync_server (ev);

  if (server != NULL)
    return g_strdup_printf (_("Check that the ADSync service is running on %s."), server);
  return g_strdup (_("Check that the ADSync service is running on your Entra Connect server."));
}

gboolean
dsc_health_connect_checks_apply (DscHealthEval *ev, DscTile *tile)
{
  g_autofree char *reason = NULL;

  if (dsc_cloud_sync_connect_checks_apply (ev->snap, &reason))
    return TRUE;
  dsc_health_tile_set (tile, DSC_STATUS_OK, _("Not used"),
                       _("This tenant syncs with Entra Cloud Sync"));
  dsc_health_take_str (&tile->tooltip, g_steal_pointer (&reason));
  return FALSE;
}

/* dsc-tenant-summary.c — one tenant at a glance: pure values from its report. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-report-json.h"
#include "dsc-tenant-summary.h"
#include "dsc-time.h"

int
dsc_tenant_status_rank (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: return 0;
    case DSC_STATUS_UNKNOWN: return 1;
    case DSC_STATUS_WARNING: return 2;
    case DSC_STATUS_ERROR: return 3;
    }
  return 1;
}

static gint64
end_of_support (const DscConnectVersions *versions, const char *version)
{
  const DscConnectRelease *release;

  if (version == NULL || versions == NULL)
    return 0;
  release = dsc_connect_versions_lookup (versions, version);
  return release != NULL ? release->end_of_support : 0;
}

static const DscFinding *
worst_finding (const DscReport *report)
{
  const DscFinding *worst = NULL;

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const GPtrArray *findings = report->categories[c].findings;

      /* Findings are sorted most severe first. */
      if (findings == NULL || findings->len == 0)
        continue;
      {
        const DscFinding *f = g_ptr_array_index (findings, 0);

        if (f->severity != DSC_STATUS_WARNING && f->severity != DSC_STATUS_ERROR)
          continue;
        if (worst == NULL || dsc_tenant_status_rank (f->severity) >
                             dsc_tenant_status_rank (worst->severity))
          worst = f;
      }
    }
  return worst;
}

DscTenantSummary *
dsc_tenant_summary_new (const char               *name,
                        const DscReport          *report,
                        gboolean                  report_is_cached,
                        const GError             *error,
                        gboolean                  needs_sign_in,
                        const DscConnectVersions *versions)
{
  DscTenantSummary *self = g_new0 (DscTenantSummary, 1);
  g_autoptr(DscConnectVersions) builtin = NULL;

  self->name = g_strdup (name != NULL ? name : "");
  self->status = DSC_STATUS_UNKNOWN;
  self->engine = DSC_SYNC_ENGINE_UNKNOWN;
  self->objects_in_error = -1;
  self->quota_percent = -1;
  self->needs_sign_in = error != NULL && needs_sign_in;
  if (error != NULL)
    self->problem = g_strdup (error->message);

  if (report != NULL)
    {
      const DscSnapshot *s = report->snapshot;

      self->is_cached = report_is_cached;
      self->read_at = report->evaluated_at;
      /* An expired sign-in makes whatever is shown stale: the status is unknown
       * until the admin signs in again. */
      self->status = self->needs_sign_in ? DSC_STATUS_UNKNOWN : report->overall;
      if (report->overall == DSC_STATUS_INFO)
        self->status = DSC_STATUS_OK;
      if (self->needs_sign_in)
        self->headline = g_strdup (_("Sign-in expired: sign in again"));
      else
        {
          const DscFinding *worst = worst_finding (report);

          /* The most serious problem by name says more than "1 problem needs attention". */
          self->headline = worst != NULL && worst->title != NULL
            ? g_strdup_printf ("%s: %s", report->headline, worst->title)
            : g_strdup (report->headline);
        }
      if (s != NULL)
        {
          self->engine = dsc_snapshot_get_sync_engine (s);
          self->last_sync = s->last_sync;
          if (dsc_snapshot_source_ok (s, DSC_SOURCE_USER_ERRORS) && s->objects != NULL)
            self->objects_in_error = (gint) s->objects->len;
          if (s->quota_used >= 0 && s->quota_total > 0)
            self->quota_percent = (gint) ((s->quota_used * 100 + s->quota_total / 2)
                                          / s->quota_total);
          if (s->settings.client_version != NULL && *s->settings.client_version != '\0')
            {
              self->connect_version = g_strdup (s->settings.client_version);
              if (versions == NULL)
                versions = builtin = dsc_connect_versions_get_default ();
              self->connect_end_of_support = end_of_support (versions, self->connect_version);
            }
        }
    }
  else
    self->headline = g_strdup (self->needs_sign_in ? _("Sign-in expired: sign in again")
                               : self->problem != NULL ? self->problem
                               : _("Not read yet"));
  return self;
}

void
dsc_tenant_summary_free (DscTenantSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->problem);
  g_free (self->headline);
  g_free (self->connect_version);
  g_free (self);
}

int
dsc_tenant_summary_compare (const DscTenantSummary *a, const DscTenantSummary *b)
{
  int ra = dsc_tenant_status_rank (a->status);
  int rb = dsc_tenant_status_rank (b->status);
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;
  int c;

  if (ra != rb)
    return rb - ra;
  na = g_utf8_casefold (a->name, -1);
  nb = g_utf8_casefold (b->name, -1);
  c = g_utf8_collate (na, nb);
  return c != 0 ? c : strcmp (a->name, b->name);
}

int
dsc_tenant_summary_compare_ptr (gconstpointer a, gconstpointer b)
{
  return dsc_tenant_summary_compare (*(DscTenantSummary * const *) a,
                                     *(DscTenantSummary * const *) b);
}

char *
dsc_tenant_summary_format_end_of_support (const DscTenantSummary *self, gint64 now)
{
  gint64 days;

  if (self->connect_end_of_support == 0)
    return NULL;
  if (self->connect_end_of_support > now)
    {
      /* Plain %d: xgettext can't read G_GINT64_FORMAT inside a msgid. */
      days = MIN ((self->connect_end_of_support - now + DSC_DAY - 1) / DSC_DAY, G_MAXINT);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ends in %d day", "ends in %d days",
                                           (gulong) days), (int) days);
    }
  days = MIN ((now - self->connect_end_of_support) / DSC_DAY, G_MAXINT);
  if (days == 0)
    return g_strdup (_("ended today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ended %d day ago", "ended %d days ago",
                                       (gulong) days), (int) days);
}

static const char *
verdict (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: return "OK";
    case DSC_STATUS_WARNING: return "WARNING";
    case DSC_STATUS_ERROR: return "CRITICAL";
    case DSC_STATUS_UNKNOWN: break;
    }
  return "UNKNOWN";
}

/* The values after the headline: "last sync 20 minutes ago, 12 objects in error, …". */
static char *
details (const DscTenantSummary *self, gint64 now, gboolean spoken)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *eos = dsc_tenant_summary_format_end_of_support (self, now);

  if (spoken && self->engine != DSC_SYNC_ENGINE_UNKNOWN)
    g_ptr_array_add (parts, g_strdup_printf (_("sync engine %s"),
                                             dsc_sync_engine_to_label (self->engine)));
  if (self->last_sync > 0)
    {
      g_autofree char *age = dsc_format_age (self->last_sync, now);
      g_ptr_array_add (parts, g_strdup_printf (_("last sync %s"), age));
    }
  if (self->objects_in_error >= 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%d object in error",
                                                          "%d objects in error",
                                                          self->objects_in_error),
                                             self->objects_in_error));
  if (self->quota_percent >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("quota %d %%"), self->quota_percent));
  if (eos != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Entra Connect support %s"), eos));
  if (spoken && self->read_at > 0)
    {
      g_autofree char *age = dsc_format_age (self->read_at, now);
      g_ptr_array_add (parts, g_strdup_printf (self->is_cached ? _("offline copy read %s")
                                                               : _("read %s"), age));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

char *
dsc_tenant_summary_to_line (const DscTenantSummary *self, gint64 now)
{
  g_autofree char *more = details (self, now, FALSE);
  g_autofree char *name = g_strdelimit (g_strdup (self->name), "\r\n\t", ' ');
  g_autofree char *failed = NULL;

  /* Values from an earlier read, and why they could not be read again. */
  if (self->problem != NULL && !self->needs_sign_in && self->read_at > 0)
    failed = g_strdup_printf (_(" [last refresh failed: %s]"), self->problem);
  if (*more == '\0')
    return g_strdup_printf ("%s: %s - %s%s", name, verdict (self->status),
                            self->headline != NULL ? self->headline : "",
                            failed != NULL ? failed : "");
  return g_strdup_printf ("%s: %s - %s (%s)%s", name, verdict (self->status),
                          self->headline != NULL ? self->headline : "", more,
                          failed != NULL ? failed : "");
}

char *
dsc_tenant_summary_accessible_label (const DscTenantSummary *self, gint64 now)
{
  g_autofree char *more = details (self, now, TRUE);
  const char *status = self->needs_sign_in ? _("Sign-in expired")
                                           : dsc_status_to_label (self->status);

  if (*more == '\0')
    return g_strdup_printf ("%s, %s: %s", self->name, status,
                            self->headline != NULL ? self->headline : "");
  return g_strdup_printf ("%s, %s: %s; %s", self->name, status,
                          self->headline != NULL ? self->headline : "", more);
}

static void
set_int_or_null (JsonObject *o, const char *member, gint64 value)
{
  if (value < 0)
    json_object_set_null_member (o, member);
  else
    json_object_set_int_member (o, member, value);
}

static void
set_time (JsonObject *o, const char *member, gint64 value)
{
  g_autofree char *iso = value > 0 ? dsc_format_iso8601 (value) : NULL;

  dsc_json_set_string (o, member, iso);
}

JsonNode *
dsc_tenant_summary_to_json (const DscTenantSummary *self)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  dsc_json_set_string (o, "tenant", self->name);
  json_object_set_string_member (o, "status", dsc_status_to_string (self->status));
  json_object_set_int_member (o, "exitCode", dsc_status_exit_code (self->status));
  json_object_set_boolean_member (o, "needsSignIn", self->needs_sign_in);
  json_object_set_boolean_member (o, "offlineCopy", self->is_cached);
  dsc_json_set_string (o, "problem", self->problem);
  dsc_json_set_string (o, "headline", self->headline);
  json_object_set_string_member (o, "syncEngine", dsc_sync_engine_to_string (self->engine));
  set_time (o, "lastSync", self->last_sync);
  set_int_or_null (o, "objectsInError", self->objects_in_error);
  set_int_or_null (o, "quotaPercent", self->quota_percent);
  dsc_json_set_string (o, "connectVersion", self->connect_version);
  set_time (o, "connectEndOfSupport", self->connect_end_of_support);
  set_time (o, "readAt", self->read_at);
  json_node_take_object (node, o);
  return node;
}

DscStatus
dsc_tenant_summaries_worst (GPtrArray *summaries)
{
  DscStatus worst = DSC_STATUS_OK;

  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);

      if (dsc_tenant_status_rank (s->status) > dsc_tenant_status_rank (worst))
        worst = s->status;
    }
  return worst;
}

guint
dsc_tenant_summaries_count_attention (GPtrArray *summaries)
{
  guint n = 0;

  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);

      if (dsc_tenant_status_rank (s->status) > 0)
        n++;
    }
  return n;
}

char *
dsc_tenant_summaries_aggregate_line (GPtrArray *summaries)
{
  guint counts[4] = { 0, 0, 0, 0 };  /* by rank: ok, unknown, warning, error */
  guint n_sign_in = 0;
  guint attention = dsc_tenant_summaries_count_attention (summaries);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < summaries->len; i++)
    {
      const DscTenantSummary *s = g_ptr_array_index (summaries, i);

      counts[dsc_tenant_status_rank (s->status)]++;
      n_sign_in += s->needs_sign_in ? 1 : 0;
    }
  g_string_append_printf (out, "DIRSYNC %s - ", verdict (dsc_tenant_summaries_worst (summaries)));
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "%u of %u tenant needs attention",
                                            "%u of %u tenants need attention", summaries->len),
                          attention, summaries->len);
  g_string_append_printf (out, _(" (%u critical, %u warning, %u unknown, %u OK"),
                          counts[3], counts[2], counts[1], counts[0]);
  if (n_sign_in > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "; %u must sign in again",
                                              "; %u must sign in again", n_sign_in), n_sign_in);
  g_string_append_c (out, ')');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* rule-onprem-data.c — health rule: the on-premises pre-sync scan (IdFix's
 * successor). One finding per rule id and severity, its objects by DN; the
 * tile says whether a scan ever ran. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

/* What each rule id means, for the finding's title and detail. */
static const char *
rule_title (const char *rule)
{
  if (g_strcmp0 (rule, "length") == 0)
    return _("Values longer than Entra ID accepts");
  if (g_strcmp0 (rule, "blank") == 0)
    return _("Display names missing or empty");
  if (g_strcmp0 (rule, "character") == 0)
    return _("Characters Entra ID or Exchange Online refuses");
  if (g_strcmp0 (rule, "leading-period") == 0)
    return _("Aliases (mailNickname) that start with a period");
  if (g_strcmp0 (rule, "format") == 0)
    return _("Addresses that are not in the form name@domain");
  if (g_strcmp0 (rule, "not-routable") == 0)
    return _("Suffixes that aren't routable on the internet");
  if (g_strcmp0 (rule, "not-verified") == 0)
    return _("Suffixes that aren't a verified domain of the tenant");
  if (g_strcmp0 (rule, "duplicate") == 0)
    return _("Values held by more than one object");
  return rule;
}

static const char *
rule_detail (const char *rule)
{
  if (g_strcmp0 (rule, "length") == 0)
    return _("Entra ID refuses the value, so the object doesn't sync. The suggested fix is the "
             "value cut to the limit: check that it still makes sense.");
  if (g_strcmp0 (rule, "blank") == 0)
    return _("Exchange Online and the address book need a display name. The suggested fix is "
             "the object's common name (cn).");
  if (g_strcmp0 (rule, "character") == 0)
    return _("The value contains a character Entra ID or Exchange Online refuses. The suggested "
             "fix is the value without it.");
  if (g_strcmp0 (rule, "leading-period") == 0)
    return _("Exchange Online refuses an alias that starts with a period.");
  if (g_strcmp0 (rule, "format") == 0)
    return _("A sign-in name or e-mail address must look like name@domain.tld; the object or "
             "the address fails to sync.");
  if (g_strcmp0 (rule, "not-routable") == 0)
    return _("A suffix such as contoso.local can't be verified in Microsoft 365: a sign-in name "
             "with it is replaced by one in the tenant's onmicrosoft.com domain, an address with "
             "it is dropped.");
  if (g_strcmp0 (rule, "not-verified") == 0)
    return _("The domain is routable but not verified in the tenant: a sign-in name with it is "
             "replaced by one in the onmicrosoft.com domain. Verify the domain or change the "
             "suffix.");
  if (g_strcmp0 (rule, "duplicate") == 0)
    return _("Entra ID needs these values to be unique: after sync one of the objects is "
             "quarantined or loses the value. Decide which object keeps it and change the "
             "others.");
  return NULL;
}

static DscObjectKind
cloud_kind (DscOnpremKind kind)
{
  switch (kind)
    {
    case DSC_ONPREM_KIND_GROUP: return DSC_OBJECT_GROUP;
    case DSC_ONPREM_KIND_CONTACT: return DSC_OBJECT_CONTACT;
    case DSC_ONPREM_KIND_USER:
    case DSC_ONPREM_KIND_OTHER:
    default: return DSC_OBJECT_USER;
    }
}

/* "CN=Sales Team,OU=Groups,DC=corp" → "Sales Team" (escapes kept as written). */
static char *
dn_name (const char *dn)
{
  const char *start = strchr (dn, '=');
  const char *end;

  if (start == NULL)
    return g_strdup (dn);
  start++;
  for (end = start; *end != '\0' && *end != ','; end++)
    if (*end == '\\' && end[1] != '\0')
      end++;
  return g_strndup (start, end - start);
}

static guint
count_objects (const DscOnpremScanResult *scan)
{
  g_autoptr(GHashTable) dns = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < scan->findings->len; i++)
    g_hash_table_add (dns, ((DscOnpremFinding *) g_ptr_array_index (scan->findings, i))->dn);
  return g_hash_table_size (dns);
}

static guint
count_traced (const DscOnpremScanResult *scan)
{
  guint n = 0;

  for (guint i = 0; scan->cloud != NULL && i < scan->cloud->len; i++)
    n += ((DscOnpremCloudMatch *) g_ptr_array_index (scan->cloud, i))->dns->len > 0;
  return n;
}

static void
add_findings (DscHealthEval *ev, const DscOnpremScanResult *scan)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) objects = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < scan->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (scan->findings, i);
      DscStatus severity = f->severity == DSC_ONPREM_SEVERITY_ERROR ? DSC_STATUS_ERROR
                                                                     : DSC_STATUS_WARNING;
      g_autofree char *key = g_strdup_printf ("onprem-data/%s/%s", f->rule,
                                              dsc_onprem_severity_to_string (f->severity));
      DscFinding *finding = g_hash_table_lookup (by_key, key);
      DscDirectoryObject *object = g_hash_table_lookup (objects, f->dn);
      DscAffectedObject *affected;

      if (finding == NULL)
        {
          finding = dsc_health_add_finding (ev, DSC_CATEGORY_ONPREM_DATA, severity, key,
                                            rule_title (f->rule), rule_detail (f->rule));
          g_hash_table_insert (by_key, g_strdup (key), finding);
        }
      if (object == NULL)
        {
          /* A stand-in for the on-premises object: the list shows its name
           * and kind; the DN is the key. */
          object = dsc_directory_object_new (cloud_kind (f->kind));
          object->id = g_strdup (f->dn);
          object->display_name = dn_name (f->dn);
          object->on_premises_sync = DSC_TRISTATE_TRUE;
          g_hash_table_insert (objects, f->dn, object);
        }
      affected = dsc_finding_add_object (finding, object, f->attribute, f->value, 0,
                                         f->fails_in_cloud);
      affected->on_premises_dn = g_strdup (f->dn);
      affected->suggested_fix = g_strdup (f->fix);
    }

  {
    GHashTableIter iter;
    gpointer object;

    g_hash_table_iter_init (&iter, objects);
    while (g_hash_table_iter_next (&iter, NULL, &object))
      dsc_directory_object_unref (object);
  }
}

void
dsc_health_rule_onprem_data (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_ONPREM_DATA,
                                         _("On-premises data"));
  const DscOnpremScanResult *scan = ev->snap->onprem_scan;
  const DscSourceStatus *source = &ev->snap->sources[DSC_SOURCE_ONPREM_SCAN];
  guint errors, warnings, n_objects, n_traced;
  g_autofree char *value = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *findings_text = NULL;
  g_autofree char *n_findings = NULL;
  g_autofree char *read_text = NULL;
  g_autofree char *skipped_text = NULL;
  gboolean failed = source->state != DSC_SOURCE_STATE_OK &&
                    source->state != DSC_SOURCE_STATE_NOT_READ && source->message != NULL;

  tile->category = DSC_CATEGORY_ONPREM_DATA;

  if (scan == NULL || scan->findings == NULL)
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Not scanned"),
                           failed ? source->message
                                  : _("Scan Active Directory to find what won't sync"));
      dsc_health_take_str (&tile->limited_reason,
                           failed ? g_strdup_printf (_("The on-premises scan failed: %s"),
                                                     source->message)
                                  : g_strdup (_("On-premises Active Directory has not been "
                                                "scanned yet. Run a scan: Scan Now in the "
                                                "On-premises data pane, or dirsync-companion "
                                                "--scan from a command line.")));
      /* The pane and every export say so too, with the steps to run one. */
      dsc_health_add_finding (ev, DSC_CATEGORY_ONPREM_DATA, DSC_STATUS_INFO,
                              "onprem-data/not-scanned",
                              failed ? _("The on-premises scan failed")
                                     : _("On-premises Active Directory has not been scanned yet"),
                              tile->limited_reason);
      return;
    }

  add_findings (ev, scan);
  dsc_onprem_scan_result_count (scan, &errors, &warnings);
  n_objects = count_objects (scan);
  n_traced = count_traced (scan);
  tile->timestamp = scan->scanned_at;

  n_findings = dsc_health_format_count (errors + warnings);
  read_text = dsc_health_format_count (scan->objects_read);
  skipped_text = dsc_health_format_count (scan->objects_skipped);
  if (errors + warnings == 0)
    value = g_strdup (_("Clean"));
  else
    value = g_strdup_printf (ngettext ("%s finding", "%s findings", errors + warnings),
                             n_findings);
  {
    g_autofree char *objects_text = dsc_health_format_count (n_objects);
    g_autofree char *in_objects = g_strdup_printf (ngettext ("in %s object", "in %s objects",
                                                             n_objects),
                                                   objects_text);
    /* TRANSLATORS: "3 findings" "in 2 objects" */
    findings_text = g_strdup_printf (C_("findings in objects", "%s %s"), value, in_objects);
  }
  if (errors + warnings == 0)
    summary = g_strdup_printf (ngettext ("No problems in %s object read",
                                         "No problems in %s objects read", scan->objects_read),
                               read_text);
  else if (scan->cloud != NULL && scan->cloud->len > 0)
    {
      g_autofree char *traced_text = dsc_health_format_count (n_traced);
      summary = g_strdup_printf (ngettext ("%s; %s cloud conflict traced to on-premises DNs",
                                           "%s; %s cloud conflicts traced to on-premises DNs",
                                           n_traced),
                                 findings_text, traced_text);
    }
  else
    summary = g_strdup (findings_text);

  /* A failed rescan keeps the last good result, and says so. */
  if (failed)
    dsc_health_take_str (&tile->limited_reason,
                         g_strdup_printf (_("The last scan failed, these are the results of the "
                                            "scan before it: %s"), source->message));
  dsc_health_tile_set (tile, errors > 0 ? DSC_STATUS_ERROR
                             : warnings > 0 ? DSC_STATUS_WARNING : DSC_STATUS_OK,
                       value, summary);
  /* The pane's headline: the counts and where they come from. */
  {
    g_autofree char *when = dsc_format_iso8601 (scan->scanned_at);
    dsc_health_take_str (&ev->report->categories[DSC_CATEGORY_ONPREM_DATA].headline,
                         g_strdup_printf (_("%s. Scanned %s at %s: %s objects read, %s skipped."),
                                          summary, scan->source != NULL ? scan->source : "",
                                          when != NULL ? when : "", read_text, skipped_text));
  }
  dsc_health_take_str (&tile->tooltip,
                       g_strdup_printf (_("Scanned %s: %s objects read, %s skipped (system "
                                          "objects sync never exports)"),
                                        scan->source != NULL ? scan->source : "",
                                        read_text, skipped_text));
}

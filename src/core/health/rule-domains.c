/* rule-domains.c — health rule: unverified domains and non-routable UPN suffixes. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

static gboolean
is_non_routable (const char *name)
{
  static const char *const suffixes[] = {
    "local", "internal", "lan", "corp", "localdomain", "home",
  };
  const char *dot;

  if (dsc_health_str_empty (name))
    return FALSE;
  dot = strrchr (name, '.');
  if (dot == NULL)
    return TRUE;   /* single-label: "contoso" */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_ascii_strcasecmp (dot + 1, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

void
dsc_health_rule_domains (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_DOMAINS, _("Domains"));
  GPtrArray *domains = NULL;
  guint n_verified = 0, n_unverified = 0, n_federated = 0;
  DscStatus status = DSC_STATUS_OK;
  g_autofree char *verified_text = NULL;
  g_autofree char *unverified_text = NULL;
  g_autofree char *value = NULL;
  const char *summary = NULL;

  if (dsc_health_source_ok (ev, DSC_SOURCE_DOMAINS))
    domains = ev->snap->domains;
  else if (dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION))
    {
      /* Verified ones only: better than nothing, and says so. */
      domains = ev->snap->verified_domains;
      summary = _("Only verified domains could be read");
      dsc_health_take_str (&tile->limited_reason,
                           dsc_health_source_reason (ev, DSC_SOURCE_DOMAINS));
    }
  else
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_DOMAINS);
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

          dsc_health_add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_WARNING, id, title, detail);
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

          dsc_health_add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_WARNING, id, title, detail);
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

          dsc_health_add_finding (ev, DSC_CATEGORY_DOMAINS, DSC_STATUS_INFO, id, title, detail);
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
  dsc_health_tile_set (tile, status, value, summary);
  if (n_federated > 0)
    dsc_health_take_str (&tile->tooltip,
                         g_strdup_printf (ngettext ("%u federated domain",
                                                    "%u federated domains", n_federated),
                                          n_federated));
}

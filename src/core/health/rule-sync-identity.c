/* rule-sync-identity.c — health rule: the identity Entra Connect signs in with (Sync_ accounts,
 * application identities).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

static char *
identity_label (const DscSyncIdentity *identity)
{
  if (identity->kind == DSC_IDENTITY_LEGACY_ACCOUNT
      && !dsc_health_str_empty (identity->user_principal_name))
    {
      const char *at = strchr (identity->user_principal_name, '@');

      /* Sync_SRV01_1a2b3c4d5e6f: the tenant part is the same for every account. */
      return at != NULL ? g_strndup (identity->user_principal_name,
                                     (gsize) (at - identity->user_principal_name))
                        : g_strdup (identity->user_principal_name);
    }
  if (!dsc_health_str_empty (identity->display_name))
    return g_strdup (identity->display_name);
  return g_strdup (identity->id != NULL ? identity->id : _("unnamed identity"));
}

static gboolean
identity_is_service_account (const DscHealthEval *ev, const DscSyncIdentity *identity)
{
  const char *account = dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
    ? ev->snap->settings.service_account : NULL;

  return !dsc_health_str_empty (account) && identity->kind == DSC_IDENTITY_LEGACY_ACCOUNT
         && identity->user_principal_name != NULL
         && g_ascii_strcasecmp (account, identity->user_principal_name) == 0;
}

void
dsc_health_rule_sync_identity (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_SYNC_IDENTITY, _("Sync account"));
  gboolean accounts_ok = dsc_health_source_ok_or_absent (ev, DSC_SOURCE_SYNC_ACCOUNTS);
  gboolean apps_ok = dsc_health_source_ok_or_absent (ev, DSC_SOURCE_SYNC_APPS);
  const char *service_account = dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS)
    ? ev->snap->settings.service_account : NULL;
  g_autoptr(GPtrArray) legacy = g_ptr_array_new ();
  g_autoptr(GPtrArray) apps = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *accounts_reason = dsc_health_source_reason (ev, DSC_SOURCE_SYNC_ACCOUNTS);
  g_autofree char *apps_reason = dsc_health_source_reason (ev, DSC_SOURCE_SYNC_APPS);
  const DscSyncIdentity *active = NULL;
  gboolean service_account_matched = FALSE;
  guint n_enabled_legacy = 0;
  DscStatus status = DSC_STATUS_OK;
  g_autofree char *value = NULL;
  g_autofree char *summary = NULL;
  const char *partial = NULL;

  if (!dsc_health_connect_checks_apply (ev, tile))
    return;

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
  if (!dsc_health_str_empty (service_account))
    g_ptr_array_add (lines, g_strdup_printf (_("Account Entra Connect last exported with: %s"),
                                             service_account));
  if (dsc_health_sync_server (ev) != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Sync server: %s"), dsc_health_sync_server (ev)));

  if (!accounts_ok && !apps_ok)
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN,
                           dsc_health_str_empty (service_account) ? _("Unknown") : service_account,
                           dsc_health_source_short (ev, DSC_SOURCE_SYNC_ACCOUNTS));
      dsc_health_take_str (&tile->limited_reason, JOIN (" ", accounts_reason, apps_reason));
      dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (lines, "\n"));
      return;
    }
  if (legacy->len == 0 && apps->len == 0)
    {
      if (!accounts_ok || !apps_ok)
        {
          DscSource missing = accounts_ok ? DSC_SOURCE_SYNC_APPS : DSC_SOURCE_SYNC_ACCOUNTS;

          dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                               dsc_health_source_short (ev, missing));
          dsc_health_take_str (&tile->limited_reason,
                               g_strdup (accounts_ok ? apps_reason : accounts_reason));
        }
      else if (ev->snap->sync_state == DSC_SYNC_STATE_ON)
        {
          dsc_health_tile_set (tile, DSC_STATUS_WARNING, _("None found"),
                               _("No sync identity found"));
          dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_WARNING,
                                  "sync-identity/none",
                                  _("No sync identity found"),
                                  _("Directory sync is on, but no account holds the Directory "
                                    "Synchronization Accounts role and no application is assigned "
                                    "to the Microsoft Entra AD Synchronization Service. Entra "
                                    "Connect can't sign in without one: re-run the Entra Connect "
                                    "wizard on the sync server to create it."));
        }
      else
        dsc_health_tile_set (tile, DSC_STATUS_OK, _("None"),
                             _("No sync identity: directory sync is not on"));
      dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (lines, "\n"));
      return;
    }
  if (!accounts_ok || !apps_ok)
    partial = dsc_health_source_short (ev, accounts_ok ? DSC_SOURCE_SYNC_APPS
                                                       : DSC_SOURCE_SYNC_ACCOUNTS);

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

          dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_ERROR, id, title,
                                  detail);
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
      list = dsc_health_join_ptr_array (names, ", ");
      title = g_strdup_printf (ngettext ("%u leftover Sync_ account", "%u leftover Sync_ accounts",
                                         legacy->len), legacy->len);
      detail = g_strdup_printf (_("Entra Connect signs in with an application identity. Leftover "
                                  "Sync_ accounts (%s) can be removed after migration, once no "
                                  "sync server uses them."), list);
      dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_INFO,
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
      list = dsc_health_join_ptr_array (names, ", ");
      title = g_strdup_printf (ngettext ("%u sync account", "%u sync accounts", legacy->len),
                               legacy->len);
      detail = g_strdup_printf (_("Several Sync_ accounts (%s) usually mean several Entra Connect "
                                  "servers — an active one and staging servers — or leftovers "
                                  "from earlier installations. Check that each belongs to a "
                                  "server you still run, and remove the others."), list);
      dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_IDENTITY, DSC_STATUS_WARNING,
                              "sync-identity/multiple-accounts", title, detail);
      status = dsc_status_worse (status, DSC_STATUS_WARNING);
    }

  value = identity_label (active);
  summary = JOIN (" · ", active->kind == DSC_IDENTITY_APPLICATION
                           ? _("Application identity (certificate)") : _("Legacy sync account"),
                  partial);
  dsc_health_tile_set (tile, status, value, summary);
  dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (lines, "\n"));
}

/* dsc-category.c — the catalogue behind each detail pane: what the problem
 * means, why it matters, how to fix it and where Microsoft documents it; and
 * everything else a category is (stable name, icon, short title, notification
 * wording) plus the tile table (which pane each tile opens). One row each:
 * nothing else in the program switches over the categories.
 *
 * Plain admin words (docs ux.md "Words"); links follow the Microsoft 365
 * article "Fixing problems with directory synchronization" and the Learn pages
 * it points to. Every list ends with that article and "Contact support".
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-cloud-sync-rules.h"
#include "dsc-fix-step.h"

#define LEARN_CONNECT "https://learn.microsoft.com/entra/identity/hybrid/connect/"
#define LEARN_HYBRID "https://learn.microsoft.com/entra/identity/hybrid/"
#define LEARN_SYNC_TSHOOT "https://learn.microsoft.com/troubleshoot/entra/entra-id/user-prov-sync/"
#define LEARN_M365 "https://learn.microsoft.com/microsoft-365/"
#define ADMIN_DIRSYNC "https://admin.microsoft.com/AdminPortal/Home#/dirsyncmanagement"

#define LINK_TAIL \
  { N_("Fixing problems with directory synchronization for Microsoft 365"), \
    DSC_URI_FIX_DIRSYNC_ARTICLE }, \
  { N_("Contact support"), DSC_URI_CONTACT_SUPPORT }, \
  { NULL, NULL }

/* Objects aren't appearing or updating online */

static const DscFixStepInfo object_errors_steps[] = {
  { N_("Open each conflict below to see which objects claim the same value."), NULL },
  { N_("Find every on-premises object that holds the value with the ActiveDirectory PowerShell "
       "module (replace the address with the conflicting value):"),
    "Get-ADObject -LDAPFilter \"(|(userPrincipalName=user@contoso.com)"
    "(proxyAddresses=smtp:user@contoso.com))\" -Properties userPrincipalName,proxyAddresses" },
  { N_("Decide which object should keep the value. Remove or change it on the other object at "
       "its source: in on-premises Active Directory for a synced object, in the Microsoft 365 "
       "admin center for a cloud-only one."), NULL },
  { N_("Let the next sync run, or start one in PowerShell on the Entra Connect server. The "
       "quarantined value is released automatically once it is unique:"),
    "Start-ADSyncSyncCycle -PolicyType Delta" },
  { N_("To find more duplicate or invalid values before they sync, run the on-premises scan "
       "(On-premises data, Scan Now; or from a command line, below): it names the on-premises "
       "object to edit for each conflict. It replaces IdFix, retired on 30 June 2026."),
    "dirsync-companion --scan" },
  { N_("Microsoft Entra Connect Health shows each conflict side by side and also lists errors "
       "Microsoft Graph doesn't report, such as attributes that are too large. It needs a "
       "Microsoft Entra ID P1 (or higher) licence and the Connect Health agent on the sync server "
       "(included with Entra Connect 2.5.79.0 or later)."), NULL },
  { NULL, NULL }
};

static const DscLink object_errors_links[] = {
  { N_("Troubleshoot errors during synchronization"),
    LEARN_CONNECT "tshoot-connect-sync-errors" },
  { N_("Duplicate attribute resiliency"),
    LEARN_CONNECT "how-to-connect-syncservice-duplicate-attribute-resiliency" },
  { N_("Diagnose and fix duplicate attribute errors with Connect Health"),
    LEARN_CONNECT "how-to-connect-health-diagnose-sync-errors" },
  { N_("Identify directory synchronization errors in Microsoft 365"),
    LEARN_M365 "enterprise/identify-directory-synchronization-errors" },
  { N_("Troubleshoot an object that isn't syncing"),
    LEARN_CONNECT "tshoot-connect-object-not-syncing" },
  { N_("LargeObject errors caused by the userCertificate attribute"),
    LEARN_CONNECT "tshoot-connect-largeobjecterror-usercertificate" },
  LINK_TAIL
};

/* No recent directory synchronization */

static const DscFixStepInfo no_recent_sync_steps[] = {
  { N_("On the Entra Connect server, check that the Microsoft Azure AD Sync service (ADSync) is "
       "running, and start it if it isn't."), NULL },
  { N_("Open Synchronization Service Manager and look at the latest runs under Operations: a "
       "stopped or failed run shows the error."), NULL },
  { N_("Check the scheduler in PowerShell on the server: the active server must show "
       "SyncCycleEnabled True and StagingModeEnabled False."),
    "Get-ADSyncScheduler" },
  { N_("Start a sync by hand in PowerShell on the server:"),
    "Start-ADSyncSyncCycle -PolicyType Delta" },
  { N_("Check that the server can reach Microsoft Entra ID: proxy settings, firewall rules, and "
       "TLS 1.2 enabled (required since Entra Connect 2.3.20.0)."), NULL },
  { N_("Check the identity Entra Connect signs in with: the Sync_ account must be enabled with an "
       "unchanged password, or the application's certificate must still be valid."), NULL },
  { N_("Look for alerts from the sync server in Microsoft Entra Connect Health (needs a "
       "Microsoft Entra ID P1 licence and the Connect Health agent on the server)."), NULL },
  { N_("If the last sync is more than 7 days old, run a full sync once the server works again:"),
    "Start-ADSyncSyncCycle -PolicyType Initial" },
  { NULL, NULL }
};

static const DscLink no_recent_sync_links[] = {
  { N_("No recent synchronization e-mail: why sync stopped"),
    LEARN_SYNC_TSHOOT "directory-sync-stop-register" },
  { N_("Troubleshoot Entra Connect connectivity"), LEARN_CONNECT "tshoot-connect-connectivity" },
  { N_("Entra Connect sync scheduler"), LEARN_CONNECT "how-to-connect-sync-feature-scheduler" },
  { N_("Entra Connect accounts and permissions"),
    LEARN_CONNECT "reference-connect-accounts-permissions" },
  { N_("Change the Entra Connect account password"),
    LEARN_CONNECT "how-to-connect-azureadaccount" },
  { N_("Authenticate Entra Connect with an application identity"),
    LEARN_CONNECT "authenticate-application-id" },
  { N_("Monitor sync with Microsoft Entra Connect Health"),
    LEARN_CONNECT "how-to-connect-health-sync" },
  { N_("Connect Health alert catalog"), LEARN_CONNECT "how-to-connect-health-alert-catalog" },
  { N_("Directory sync status in the Microsoft 365 admin center"), ADMIN_DIRSYNC },
  { N_("Entra Connect in the Microsoft Entra admin center"), DSC_URI_ENTRA_CONNECT_DOWNLOAD },
  LINK_TAIL
};

/* Password hashes aren't synchronizing */

static const DscFixStepInfo password_sync_steps[] = {
  { N_("On the Entra Connect server, check that the ADSync service is running, and look in the "
       "Application event log for password hash sync errors."), NULL },
  { N_("Run the troubleshooting task in PowerShell on the server:"),
    "Import-Module ADSyncDiagnostics; Invoke-ADSyncDiagnostics -PasswordSync" },
  { N_("Check that the Active Directory connector account still has the Replicate Directory "
       "Changes and Replicate Directory Changes All permissions on every synced domain."), NULL },
  { N_("Check that the server can reach Microsoft Entra ID (proxy, firewall, TLS 1.2) and that the "
       "sync identity can still sign in."), NULL },
  { N_("For one user whose password doesn't sync, run the same troubleshooting task and choose the "
       "single-object check with the user's distinguished name."), NULL },
  { N_("If password hash sync was broken for a while, trigger a full password sync once it works "
       "again (see “Password hash sync stops working”)."), NULL },
  { NULL, NULL }
};

static const DscLink password_sync_links[] = {
  { N_("Password hash synchronization"),
    LEARN_CONNECT "how-to-connect-password-hash-synchronization" },
  { N_("Troubleshoot password hash synchronization"),
    LEARN_CONNECT "tshoot-connect-password-hash-synchronization" },
  { N_("Password hashes aren't synchronizing"), LEARN_SYNC_TSHOOT "troubleshoot-pwd-sync" },
  { N_("Password hash sync stops working"), LEARN_SYNC_TSHOOT "pwd-hash-sync-stops-work" },
  { N_("Connect Health alert catalog"), LEARN_CONNECT "how-to-connect-health-alert-catalog" },
  { N_("Directory sync status in the Microsoft 365 admin center"), ADMIN_DIRSYNC },
  LINK_TAIL
};

/* Object quota exceeded */

static const DscFixStepInfo quota_steps[] = {
  { N_("If no domain is verified yet, verify one in the Microsoft 365 admin center: the quota "
       "rises from 50,000 to 300,000 objects."), NULL },
  { N_("Remove objects you don't need: narrow Entra Connect's sync scope (domain, OU or group "
       "filtering) and permanently delete objects you no longer need from the recycle bin."), NULL },
  { N_("If you need more than 300,000 objects, contact Microsoft support to raise the quota. Beyond "
       "500,000 objects you also need a paid licence such as Microsoft 365, Microsoft Entra ID P1 "
       "or P2."), NULL },
  { NULL, NULL }
};

static const DscLink quota_links[] = {
  { N_("Exceeded the number of objects that can be synchronized"),
    LEARN_SYNC_TSHOOT "exceed-number-objects-synced" },
  { N_("Entra Connect prerequisites and object limits"),
    LEARN_CONNECT "how-to-connect-install-prerequisites" },
  { N_("Fixing problems with directory synchronization for Microsoft 365"),
    DSC_URI_FIX_DIRSYNC_ARTICLE },
  { N_("Contact support to raise the quota"), DSC_URI_CONTACT_SUPPORT },
  { NULL, NULL }
};

/* Get or upgrade Entra Connect */

static const DscFixStepInfo connect_version_steps[] = {
  { N_("Check the version installed on each sync server: Control Panel › Programs and Features, "
       "“Microsoft Entra Connect Sync”."), NULL },
  { N_("Download the latest version from the Microsoft Entra admin center (Entra Connect › Get "
       "started › Manage). The Microsoft Download Center no longer gets new releases."), NULL },
  { N_("Run the installer on the server to upgrade in place. For large directories, install the new "
       "version on a staging server first and switch over."), NULL },
  { N_("If the server runs a recalled version, uninstall it and install the latest version."), NULL },
  { N_("Turn on automatic upgrade so security releases install themselves; it needs version "
       "2.3.20.0 or later. In PowerShell on the server:"),
    "Set-ADSyncAutoUpgrade -AutoUpgradeState Enabled" },
  { N_("Still on DirSync or Azure AD Sync? They no longer work: install Entra Connect and follow "
       "the upgrade guide."), NULL },
  { NULL, NULL }
};

static const DscLink connect_version_links[] = {
  { N_("Get or upgrade Entra Connect (Microsoft Entra admin center)"),
    DSC_URI_ENTRA_CONNECT_DOWNLOAD },
  { N_("Entra Connect version history"), DSC_URI_CONNECT_VERSION_HISTORY },
  { N_("Version history archive"), LEARN_CONNECT "reference-connect-version-history-archive" },
  { N_("Upgrade from a previous version"), LEARN_CONNECT "how-to-upgrade-previous-version" },
  { N_("Automatic upgrade"), LEARN_CONNECT "how-to-connect-install-automatic-upgrade" },
  { N_("Minimum version and hardening update"),
    LEARN_CONNECT "harden-update-ad-fs-pingfederate" },
  { N_("Check which sync tool and version you run"), LEARN_HYBRID "verify-sync-tool-version" },
  { N_("Deprecated versions"), LEARN_CONNECT "deprecated-azure-ad-connect" },
  { N_("Upgrade from DirSync or Azure AD Sync"),
    LEARN_CONNECT "how-to-dirsync-upgrade-get-started" },
  LINK_TAIL
};

/* Sync account */

static const DscFixStepInfo sync_identity_steps[] = {
  { N_("Don't disable, delete or change the password of a Sync_ account an active server uses. If "
       "that happened, enable it again, or reset its credentials in PowerShell on the server:"),
    "Add-ADSyncAADServiceAccount" },
  { N_("With an application identity, the certificate rotates automatically while the sync "
       "scheduler runs. If the scheduler was suspended for a long time, rotate the certificate by "
       "hand as Microsoft describes for application-based authentication."), NULL },
  { N_("Several Sync_ accounts usually mean several Entra Connect servers (an active one and "
       "staging servers) or leftovers from earlier installations: match each account's server name "
       "to a server you still run."), NULL },
  { N_("Move to application-based authentication (Entra Connect 2.5.76.0 or later onboards "
       "automatically), then remove Sync_ accounts no server uses any more."), NULL },
  { NULL, NULL }
};

static const DscLink sync_identity_links[] = {
  { N_("Entra Connect accounts and permissions"),
    LEARN_CONNECT "reference-connect-accounts-permissions" },
  { N_("Authenticate Entra Connect with an application identity"),
    LEARN_CONNECT "authenticate-application-id" },
  { N_("Change the Entra Connect account password"),
    LEARN_CONNECT "how-to-connect-azureadaccount" },
  { N_("Directory Synchronization Accounts role"),
    "https://learn.microsoft.com/entra/identity/role-based-access-control/"
    "permissions-reference#directory-synchronization-accounts" },
  LINK_TAIL
};

/* Domains */

static const DscFixStepInfo domains_steps[] = {
  { N_("Verify each domain your users need in the Microsoft 365 admin center (Settings › Domains) "
       "by adding the DNS record it asks for."), NULL },
  { N_("For a non-routable suffix such as .local, add a routable UPN suffix (for example "
       "contoso.com) in Active Directory Domains and Trusts, change the users' UPNs to it, then let "
       "the next sync run."), NULL },
  { N_("Remove domains that were added by mistake and will never be verified."), NULL },
  { N_("For federated domains, keep the federation service (for example AD FS) healthy. Moving a "
       "user from one federated domain to another needs an extra step: change the user's cloud UPN "
       "to the onmicrosoft.com domain first."), NULL },
  { NULL, NULL }
};

static const DscLink domains_links[] = {
  { N_("Prepare a non-routable domain for directory synchronization"),
    LEARN_M365 "enterprise/prepare-a-non-routable-domain-for-directory-synchronization" },
  { N_("Add a domain to Microsoft 365"), LEARN_M365 "admin/setup/add-domain" },
  { N_("Troubleshoot errors during synchronization"),
    LEARN_CONNECT "tshoot-connect-sync-errors" },
  LINK_TAIL
};

/* Service health */

static const DscFixStepInfo service_health_steps[] = {
  { N_("Read the open incidents below and the latest update Microsoft posted for each."), NULL },
  { N_("Wait for Microsoft to restore the service: sync catches up by itself afterwards."), NULL },
  { N_("If a problem remains after the incident is resolved, follow the steps of the tile that "
       "still shows it."), NULL },
  { NULL, NULL }
};

static const DscLink service_health_links[] = {
  { N_("Service health in the Microsoft 365 admin center"),
    "https://admin.microsoft.com/Adminportal/Home#/servicehealth" },
  { N_("How to check Microsoft 365 service health"), LEARN_M365 "enterprise/view-service-health" },
  LINK_TAIL
};

/* Microsoft Entra Cloud Sync: the rules (dsc-cloud-sync-rules.c) give each
 * finding its own steps per cause; these are the general ones. */

static const DscFixStepInfo cloud_sync_steps[] = {
  { N_("In the Microsoft Entra admin center, open Entra Connect → Cloud Sync: each configuration "
       "shows its status, and Agents lists the provisioning agents with their status."), NULL },
  { N_("Keep at least two active provisioning agents per domain, on different servers, so one "
       "can be restarted or updated without stopping sync."), NULL },
  { N_("For a configuration in quarantine or with failed objects, open its provisioning logs, "
       "filtered to failures: each entry names the object, the error code and what to change."), NULL },
  { N_("After fixing the cause, restart provisioning of the configuration in the admin center; "
       "the service retries a quarantined job by itself, but at most once a day."), NULL },
  { NULL, NULL }
};

static const DscLink cloud_sync_links[] = {
  { N_("Cloud Sync troubleshooting"), DSC_URI_CLOUD_SYNC_TROUBLESHOOT },
  { N_("Cloud Sync error codes"), DSC_URI_CLOUD_SYNC_ERROR_CODES },
  { N_("Application provisioning in quarantine status"), DSC_URI_PROVISIONING_QUARANTINE },
  { N_("Cloud Sync accidental delete prevention"), DSC_URI_CLOUD_SYNC_ACCIDENTAL_DELETES },
  { N_("Cloud Sync PowerShell: Repair-AADCloudSyncToolsAccount"), DSC_URI_CLOUD_SYNC_POWERSHELL },
  { N_("Provisioning logs"), DSC_URI_CLOUD_SYNC_PROVISIONING_LOGS },
  LINK_TAIL
};

/* Sync safeguards */

static const DscFixStepInfo safeguards_steps[] = {
  { N_("Keep accidental-delete prevention on. In PowerShell on the Entra Connect server:"),
    "Enable-ADSyncExportDeletionThreshold -DeletionThreshold 500" },
  { N_("If an export stopped at the threshold, review the pending deletions in Synchronization "
       "Service Manager. If they are intended, turn the threshold off, let the export run, then "
       "turn it back on (the command above):"),
    "Disable-ADSyncExportDeletionThreshold" },
  { N_("Block hard-match takeover of cloud objects unless you are taking over cloud accounts on "
       "purpose (Microsoft Entra PowerShell):"),
    "Set-EntraDirSyncFeature -Feature BlockCloudObjectTakeoverThroughHardMatch -Enabled $true" },
  { N_("Block soft matching once you no longer need to match on-premises users to existing cloud "
       "users (Microsoft Entra PowerShell):"),
    "Set-EntraDirSyncFeature -Feature BlockSoftMatch -Enabled $true" },
  { N_("Keep duplicate UPNs and proxy addresses quarantined (duplicate attribute resiliency) so one "
       "conflict doesn't stop the whole object from syncing."), NULL },
  { NULL, NULL }
};

static const DscLink safeguards_links[] = {
  { N_("Prevent accidental deletes"),
    LEARN_CONNECT "how-to-connect-sync-feature-prevent-accidental-deletes" },
  { N_("Hard match and soft match with an existing tenant"),
    LEARN_CONNECT "how-to-connect-install-existing-tenant" },
  { N_("Troubleshoot errors during synchronization"),
    LEARN_CONNECT "tshoot-connect-sync-errors" },
  { N_("Duplicate attribute resiliency"),
    LEARN_CONNECT "how-to-connect-syncservice-duplicate-attribute-resiliency" },
  LINK_TAIL
};

/* Can't manage or remove synced objects */

static const DscFixStepInfo cant_manage_steps[] = {
  { N_("Make the change in on-premises Active Directory (Active Directory Users and Computers, or "
       "the Exchange tools for mail attributes), then let the next sync run."), NULL },
  { N_("To remove a synced object from Microsoft 365, delete it on-premises or move it out of the "
       "synced OUs or groups. After the next sync it is in the Microsoft 365 recycle bin."), NULL },
  { N_("To manage one user or group in the cloud from now on, switch its source of authority to "
       "the cloud instead of turning sync off (users need Entra Connect 2.5.76.0 or later)."), NULL },
  { N_("Only if you are leaving on-premises Active Directory for good: turn directory sync off "
       "(Microsoft Entra PowerShell). It takes up to 72 hours, can't be cancelled, and makes every "
       "synced object cloud-managed."),
    "Set-EntraDirSyncEnabled -EnableDirSync $false" },
  { NULL, NULL }
};

static const DscLink cant_manage_links[] = {
  { N_("Can't manage or remove objects that were synchronized"),
    LEARN_SYNC_TSHOOT "cannot-manage-objects" },
  { N_("Object deletions don't sync"), LEARN_SYNC_TSHOOT "object-deletions-not-sync" },
  { N_("Source of authority for users"), LEARN_HYBRID "user-source-of-authority-overview" },
  { N_("Source of authority for groups"), LEARN_HYBRID "concept-source-of-authority-overview" },
  { N_("Switch a user's source of authority"),
    LEARN_HYBRID "how-to-user-source-of-authority-configure" },
  LINK_TAIL
};

/* Which attributes are synchronized */

static const DscFixStepInfo attributes_steps[] = {
  { N_("Compare the attribute you need with Microsoft's list of synchronized attributes."), NULL },
  { N_("To sync an extra attribute, add it as a directory extension in the Entra Connect wizard "
       "(Customize synchronization options)."), NULL },
  { N_("If an attribute from the list doesn't arrive, check the sync rules and attribute filtering "
       "on your server in the Synchronization Rules Editor."), NULL },
  { NULL, NULL }
};

static const DscLink attributes_links[] = {
  { N_("Attributes synchronized to Microsoft Entra ID"),
    LEARN_CONNECT "reference-connect-sync-attributes-synchronized" },
  { N_("Directory extensions"), LEARN_CONNECT "how-to-connect-sync-feature-directory-extensions" },
  { N_("Troubleshoot object synchronization"), LEARN_CONNECT "tshoot-connect-objectsync" },
  LINK_TAIL
};

/* On-premises data (before sync) */

static const DscFixStepInfo onprem_data_steps[] = {
  { N_("Run the on-premises scan: Scan Now in this pane (set the domain controller, base DNs and "
       "bind account in Preferences; on a domain-joined Windows PC nothing needs setting), or "
       "from a command line:"),
    "dirsync-companion --scan" },
  { N_("Save the fix script (Save Fix Script… in this pane, or from a command line) and review "
       "it: one Set-ADUser, Set-ADGroup or Set-ADObject command per suggested fix, a comment for "
       "each value a person must decide, such as which object keeps a duplicate."),
    "dirsync-companion --scan --powershell fix-directory.ps1" },
  { N_("Run it with -WhatIf first (the default: it only shows what it would change), on a machine "
       "with the ActiveDirectory PowerShell module and rights to edit the objects."), NULL },
  { N_("Then run it with -Apply, let the next sync run, and scan again: the findings should be "
       "gone and the matching sync errors released."), NULL },
  { NULL, NULL }
};

static const DscLink onprem_data_links[] = {
  { N_("Prepare directory attributes for synchronization"),
    LEARN_M365 "enterprise/prepare-for-directory-synchronization" },
  { N_("Troubleshoot errors during synchronization"),
    LEARN_CONNECT "tshoot-connect-sync-errors" },
  { N_("Duplicate attribute resiliency"),
    LEARN_CONNECT "how-to-connect-syncservice-duplicate-attribute-resiliency" },
  LINK_TAIL
};

static const DscCategoryInfo categories[DSC_N_CATEGORIES] = {
  [DSC_CATEGORY_OBJECT_ERRORS] = {
    .id = DSC_CATEGORY_OBJECT_ERRORS,
    .name = "object-errors",
    .icon_name = "system-users-symbolic",
    .short_title = N_("Sync errors"),
    .title = N_("Objects aren't appearing or updating online"),
    .summary = N_("Sync errors keep some objects from being created or updated in Microsoft 365."),
    .explanation = N_("Some values must be unique in the whole tenant — mainly e-mail (proxy) "
                      "addresses and user principal names (UPNs). When an object arrives with a "
                      "value another object already has, Microsoft Entra ID quarantines the "
                      "value: the object syncs without it, and changes to it stop reaching "
                      "Microsoft 365 until the conflict is resolved. Microsoft Graph reports only "
                      "these duplicate-value conflicts; other sync errors, such as attributes "
                      "that are too large or contain invalid characters, show in Synchronization "
                      "Service Manager and Connect Health."),
    .why = N_("Users in error can get the wrong sign-in name or lose an e-mail address, and mail "
              "to the duplicate address goes to the other object. Microsoft also e-mails a sync "
              "error report until the conflict is fixed."),
    .fix_steps = object_errors_steps,
    .links = object_errors_links,
    .permission = N_("Users in error: User.Read.All. Groups: GroupMember.Read.All. Contacts: "
                     "OrgContact.Read.All and a role such as Global Reader or Directory Readers."),
    .notify_warning = N_("Sync errors need attention"),
    .notify_error = N_("Sync errors need attention"),
    .notify_count = { NP_("Sync errors: %u object not syncing",
                          "Sync errors: %u objects not syncing") },
    .ok_title = N_("No sync errors"),
    .ok_text = N_("Microsoft Graph reports no objects with duplicate-value conflicts."),
    .warning_text = N_("Some objects have sync errors: a conflicting value is quarantined until it is fixed."),
    .error_text = N_("Objects have sync errors: changes to them don't reach Microsoft 365 until fixed."),
    .unknown_title = N_("Sync errors could not be checked"),
    .unknown_text = N_("Objects with sync errors could not be read, so none can be ruled out."),
  },
  [DSC_CATEGORY_NO_RECENT_SYNC] = {
    .id = DSC_CATEGORY_NO_RECENT_SYNC,
    .name = "no-recent-sync",
    .icon_name = "preferences-system-time-symbolic",
    .short_title = N_("Last directory sync"),
    .title = N_("No recent directory synchronization"),
    .summary = N_("Entra Connect hasn't synced with Microsoft 365 recently."),
    .explanation = N_("Microsoft Entra Connect normally sends changes from on-premises Active "
                      "Directory every 30 minutes. When nothing arrives for much longer, the sync "
                      "server is stopped, can't reach Microsoft Entra ID, or can't sign in to it. "
                      "Microsoft e-mails the admins when no sync was registered for 24 hours."),
    .why = N_("New users, group changes and disabled accounts don't reach Microsoft 365: someone "
              "you disabled on-premises can still sign in to the cloud. After 7 days without a "
              "sync, Entra Connect needs a full synchronization."),
    .fix_steps = no_recent_sync_steps,
    .links = no_recent_sync_links,
    .permission = N_("Last sync time: Organization.Read.All. Sync interval and server name: Global "
                     "Administrator (OnPremDirectorySynchronization.Read.All)."),
    .notify_warning = N_("Directory sync is running late"),
    .notify_error = N_("Directory sync has stopped"),
    .ok_title = N_("Directory sync is running"),
    .ok_text = N_("Entra Connect synced within the expected interval."),
    .warning_title = N_("Directory sync is running late"),
    .warning_text = N_("Entra Connect hasn't synced for longer than expected."),
    .error_text = N_("Directory sync has stopped: changes made on-premises aren't reaching Microsoft 365."),
    .unknown_title = N_("Last sync time could not be read"),
    .unknown_text = N_("When Entra Connect last synced could not be read."),
  },
  [DSC_CATEGORY_PASSWORD_SYNC] = {
    .id = DSC_CATEGORY_PASSWORD_SYNC,
    .name = "password-sync",
    .icon_name = "dialog-password-symbolic",
    .short_title = N_("Password hash sync"),
    .title = N_("Password hashes aren't synchronizing"),
    .summary = N_("Password changes made on-premises aren't reaching Microsoft 365."),
    .explanation = N_("With password hash sync, Entra Connect sends a hash of each user's "
                      "password hash to Microsoft Entra ID about every 2 minutes, so users sign "
                      "in to Microsoft 365 with their on-premises password. It runs apart from "
                      "the directory sync cycle, so it can stop while directory sync keeps "
                      "working."),
    .why = N_("Users who changed their password on-premises must keep using the old one in the "
              "cloud, and new users can't sign in. If password hash sync is your fallback for "
              "federation or pass-through authentication, that fallback is out of date."),
    .fix_steps = password_sync_steps,
    .links = password_sync_links,
    .permission = N_("Last password sync: Organization.Read.All (beta API). Whether password hash "
                     "sync is on: Global Administrator (OnPremDirectorySynchronization.Read.All)."),
    .notify_warning = N_("Password hash sync stopped"),
    .notify_error = N_("Password hash sync stopped"),
    .ok_title = N_("No password sync problem"),
    .ok_text = N_("Password hashes arrive on time, or password hash sync is off on purpose."),
    .warning_text = N_("Password changes made on-premises are arriving late or not at all."),
    .error_text = N_("Password changes made on-premises aren't reaching Microsoft 365."),
    .unknown_title = N_("Password hash sync could not be checked"),
    .unknown_text = N_("Whether password hashes are arriving could not be read."),
  },
  [DSC_CATEGORY_OBJECT_QUOTA] = {
    .id = DSC_CATEGORY_OBJECT_QUOTA,
    .name = "object-quota",
    .icon_name = "drive-harddisk-symbolic",
    .short_title = N_("Object quota"),
    .title = N_("Object quota exceeded"),
    .summary = N_("The tenant is close to or over the number of objects it may hold."),
    .explanation = N_("Microsoft Entra ID limits how many objects a tenant holds: 50,000 without "
                      "a verified domain, 300,000 once at least one domain is verified. Users, "
                      "groups and contacts count, including cloud-created ones and deleted ones "
                      "still in the recycle bin (30 days). When the quota is reached, Microsoft "
                      "sends an e-mail about “Error 016” and sync stops."),
    .why = N_("Once the quota is reached no new objects sync: new staff get no account and "
              "changes pile up on the sync server."),
    .fix_steps = quota_steps,
    .links = quota_links,
    .permission = N_("Object quota: Organization.Read.All (beta API)."),
    .notify_warning = N_("Directory object quota is filling up"),
    .notify_error = N_("Directory object quota is almost used up"),
    .ok_title = N_("Object quota has room"),
    .ok_text = N_("The tenant is well below the number of objects it may hold."),
    .warning_title = N_("Object quota is filling up"),
    .warning_text = N_("The tenant is getting close to the number of objects it may hold."),
    .error_title = N_("Object quota almost used up"),
    .error_text = N_("The tenant is at or near its object quota: new objects will stop syncing."),
    .unknown_title = N_("Object quota could not be read"),
    .unknown_text = N_("How many objects the tenant holds could not be read."),
  },
  [DSC_CATEGORY_CONNECT_VERSION] = {
    .id = DSC_CATEGORY_CONNECT_VERSION,
    .name = "connect-version",
    .icon_name = "software-update-available-symbolic",
    .short_title = N_("Entra Connect version"),
    .title = N_("Get or upgrade Microsoft Entra Connect"),
    .summary = N_("The Entra Connect version on your sync server, and whether it is still "
                  "supported."),
    .explanation = N_("Microsoft Entra Connect is the program on your server that syncs Active "
                      "Directory to Microsoft Entra ID. Version 1.x no longer syncs at all. Each "
                      "2.x version retires 12 months after a newer one is released, and since 30 "
                      "September 2026 versions below 2.5.79.0 can't sync. New versions are "
                      "available only in the Microsoft Entra admin center."),
    .why = N_("A retired version may stop syncing without warning, misses security fixes and gets "
              "limited help from support. Automatic upgrade doesn't install every release, so a "
              "server can fall behind unnoticed."),
    .fix_steps = connect_version_steps,
    .links = connect_version_links,
    .permission = N_("Sync settings: Global Administrator "
                     "(OnPremDirectorySynchronization.Read.All)."),
    .notify_warning = N_("Entra Connect version reaches end of support soon"),
    .notify_error = N_("Entra Connect version is no longer supported"),
    .ok_title = N_("Entra Connect version is supported"),
    .ok_text = N_("The Entra Connect version on your sync server is supported."),
    .warning_text = N_("Entra Connect needs attention: it isn't set up, or its version retires soon."),
    .error_text = N_("The Entra Connect version on your sync server is retired or can't sync."),
    .unknown_title = N_("Entra Connect version could not be read"),
    .unknown_text = N_("The version on your sync server could not be read."),
  },
  [DSC_CATEGORY_SYNC_IDENTITY] = {
    .id = DSC_CATEGORY_SYNC_IDENTITY,
    .name = "sync-identity",
    .icon_name = "avatar-default-symbolic",
    .short_title = N_("Sync account"),
    .title = N_("Sync account"),
    .summary = N_("The identity Entra Connect uses to sign in to Microsoft Entra ID."),
    .explanation = N_("Entra Connect signs in to Microsoft Entra ID either with a legacy Sync_ "
                      "user account (Sync_<server>_<id>@<tenant>.onmicrosoft.com) in the "
                      "Directory Synchronization Accounts role, or — from version 2.5 — with an "
                      "application identity that uses a certificate. Each Entra Connect server, "
                      "staging servers included, has its own identity."),
    .why = N_("If that account is disabled or deleted, its password changed, or the application's "
              "certificate expires, sync stops at once. Leftover accounts of old servers are "
              "privileged identities nobody watches."),
    .fix_steps = sync_identity_steps,
    .links = sync_identity_links,
    .permission = N_("Sync accounts: RoleManagement.Read.Directory. Application identities: "
                     "Application.Read.All. Server and service account names: Global Administrator "
                     "(OnPremDirectorySynchronization.Read.All)."),
    .ok_title = N_("Sync account in place"),
    .ok_text = N_("The identity Entra Connect signs in with was found."),
    .warning_text = N_("The identity Entra Connect signs in with needs attention."),
    .error_text = N_("The identity Entra Connect signs in with is broken: sync stops."),
    .unknown_title = N_("Sync account could not be checked"),
    .unknown_text = N_("The identities Entra Connect signs in with could not be read."),
  },
  [DSC_CATEGORY_DOMAINS] = {
    .id = DSC_CATEGORY_DOMAINS,
    .name = "domains",
    .icon_name = "network-workgroup-symbolic",
    .short_title = N_("Domains and UPN suffixes"),
    .title = N_("Domains and UPN suffixes"),
    .summary = N_("Domains synced users can't use yet."),
    .explanation = N_("A synced user keeps the UPN suffix (the part after @) it has on-premises "
                      "only if that domain is verified in Microsoft 365. Users with an unverified "
                      "or non-routable suffix, such as contoso.local, get an onmicrosoft.com "
                      "sign-in name instead."),
    .why = N_("Those users have to sign in with an address they don't know, and e-mail addresses "
              "in an unverified domain don't work in Microsoft 365."),
    .fix_steps = domains_steps,
    .links = domains_links,
    .permission = N_("Domains: Domain.Read.All (without it only verified domains are shown, from "
                     "Organization.Read.All)."),
    .ok_title = N_("Domains are ready for sync"),
    .ok_text = N_("Synced users can keep their sign-in names: the domains are verified."),
    .warning_text = N_("Some domains can't be used by synced users yet."),
    .error_text = N_("Synced users can't use some domains."),
    .unknown_title = N_("Domains could not be read"),
    .unknown_text = N_("Whether the tenant's domains are verified could not be read."),
  },
  [DSC_CATEGORY_SERVICE_HEALTH] = {
    .id = DSC_CATEGORY_SERVICE_HEALTH,
    .name = "service-health",
    .icon_name = "network-server-symbolic",
    .short_title = N_("Service health"),
    .title = N_("Service health"),
    .summary = N_("Microsoft incidents that affect sign-in or directory sync."),
    .explanation = N_("Sometimes the problem is on Microsoft's side. Microsoft 365 service health "
                      "lists current incidents and advisories for Microsoft Entra ID, including "
                      "ones that delay directory or password hash sync."),
    .why = N_("During an incident there is nothing to fix on your side: knowing about it saves "
              "hours of troubleshooting a healthy sync server."),
    .fix_steps = service_health_steps,
    .links = service_health_links,
    .permission = N_("Service health: ServiceHealth.Read.All and an admin role."),
    .ok_title = N_("No Microsoft incident"),
    .ok_text = N_("Microsoft reports no incident that affects sign-in or directory sync."),
    .warning_title = N_("Microsoft reports an advisory"),
    .warning_text = N_("Microsoft reports an issue that may affect sign-in or directory sync."),
    .error_title = N_("Microsoft reports an incident"),
    .error_text = N_("Microsoft reports an incident that affects sign-in or directory sync."),
    .unknown_title = N_("Service health could not be read"),
    .unknown_text = N_("Microsoft's service status could not be read."),
  },
  [DSC_CATEGORY_CLOUD_SYNC] = {
    .id = DSC_CATEGORY_CLOUD_SYNC,
    .name = "cloud-sync",
    .icon_name = "weather-overcast-symbolic",
    .short_title = N_("Cloud Sync"),
    .title = N_("Microsoft Entra Cloud Sync"),
    .summary = N_("Cloud Sync configurations, their jobs and provisioning agents."),
    .explanation = N_("Microsoft Entra Cloud Sync syncs a domain through lightweight "
                      "provisioning agents instead of an Entra Connect server; its configuration "
                      "lives in the cloud. Each configuration (one per Active Directory domain) "
                      "runs a provisioning job and, if password hash sync is on, a password hash "
                      "job. A job that fails again and again is put in quarantine: it then runs "
                      "at most once a day and is disabled after four weeks."),
    .why = N_("While a job is paused or in quarantine, nothing from that domain reaches Microsoft "
              "365: new users can't sign in, changes and deletions don't arrive. The Microsoft "
              "365 admin center's sync status doesn't show it."),
    .fix_steps = cloud_sync_steps,
    .links = cloud_sync_links,
    .permission = N_("Configurations: Application.Read.All; jobs: Synchronization.Read.All; "
                     "agents: Policy.Read.HybridAuthentication; object errors: "
                     "AuditLog.Read.All and Microsoft Entra ID P1."),
    .notify_warning = N_("Cloud Sync needs attention"),
    .notify_error = N_("Cloud Sync is not syncing"),
    .ok_title = N_("Cloud Sync needs no action"),
    .ok_text = N_("No Cloud Sync job is paused, failing or in quarantine."),
    .warning_title = N_("Cloud Sync needs attention"),
    .warning_text = N_("A Cloud Sync job is paused, failing or close to quarantine, or a "
                       "provisioning agent is inactive."),
    .error_title = N_("Cloud Sync is not syncing"),
    .error_text = N_("A Cloud Sync job is in quarantine or failing: changes from that domain "
                     "don't reach Microsoft 365."),
    .unknown_title = N_("Cloud Sync could not be read"),
    .unknown_text = N_("The Cloud Sync configurations or their jobs could not be read."),
  },
  [DSC_CATEGORY_SYNC_SAFEGUARDS] = {
    .id = DSC_CATEGORY_SYNC_SAFEGUARDS,
    .name = "sync-safeguards",
    .icon_name = "security-high-symbolic",
    .short_title = N_("Sync safeguards"),
    .title = N_("Sync safeguards"),
    .summary = N_("Protection against mass deletions and account takeover through sync."),
    .explanation = N_("Entra Connect can stop an export that would delete more objects than a "
                      "threshold (500 by default), so a mistake on-premises doesn't empty the "
                      "tenant. The tenant can also block soft matching and hard-match takeover, "
                      "so an on-premises object can't take over an existing cloud account, and "
                      "quarantine duplicate UPNs and proxy addresses instead of failing the whole "
                      "object."),
    .why = N_("Without the deletion threshold, a wrong OU filter removes users, their mailboxes "
              "and licences within one sync cycle. Allowing takeover lets anyone who controls "
              "on-premises Active Directory take over cloud-only accounts, administrators "
              "included."),
    .fix_steps = safeguards_steps,
    .links = safeguards_links,
    .permission = N_("Sync settings: Global Administrator "
                     "(OnPremDirectorySynchronization.Read.All)."),
    .ok_title = N_("Sync safeguards need no action"),
    .ok_text = N_("Deletion threshold and takeover protection need no action."),
    .warning_text = N_("A sync safeguard is off, or it has stopped an export."),
    .error_text = N_("A sync safeguard is off, or it has stopped an export."),
    .unknown_title = N_("Sync safeguards could not be checked"),
    .unknown_text = N_("The safeguard settings could not be read."),
  },
  [DSC_CATEGORY_CANT_MANAGE] = {
    .id = DSC_CATEGORY_CANT_MANAGE,
    .name = "cant-manage",
    .icon_name = "channel-secure-symbolic",
    .short_title = N_("Managing synced objects"),
    .title = N_("Can't manage or remove synced objects"),
    .summary = N_("Synced objects are managed on-premises, not in Microsoft 365."),
    .explanation = N_("An object synced from on-premises Active Directory is managed there: "
                      "Active Directory is its source of authority. Microsoft 365 won't let you "
                      "edit or delete most of its attributes, and a change made in the cloud is "
                      "overwritten by the next sync. Deleting a synced object has to happen "
                      "on-premises, or by moving it out of sync scope."),
    .why = N_("Changes made in the wrong place fail or quietly come back. Turning directory sync "
              "off to edit objects in the cloud is drastic: it takes up to 72 hours, can't be "
              "cancelled and affects every synced object."),
    .fix_steps = cant_manage_steps,
    .links = cant_manage_links,
    .permission = N_("Tenant sync status: Organization.Read.All."),
    .ok_title = N_("Synced objects are managed on-premises"),
    .ok_text = N_("Change synced objects in on-premises Active Directory, then let the next sync run."),
    .warning_title = N_("Directory sync is not set up"),
    .warning_text = N_("Nothing syncs from on-premises yet."),
    .error_title = N_("Directory sync is turned off"),
    .error_text = N_("Objects that were synced are now managed in the cloud; on-premises changes no longer arrive."),
    .unknown_title = N_("Sync status could not be read"),
    .unknown_text = N_("Whether directory sync is on could not be read."),
  },
  [DSC_CATEGORY_ATTRIBUTES] = {
    .id = DSC_CATEGORY_ATTRIBUTES,
    .name = "attributes",
    .icon_name = "view-list-symbolic",
    .short_title = N_("Synchronized attributes"),
    .title = N_("Which attributes are synchronized"),
    .summary = N_("What Entra Connect copies from Active Directory to Microsoft 365."),
    .explanation = N_("Entra Connect syncs a defined set of attributes for users, groups, "
                      "contacts and devices: names, sign-in names, e-mail addresses, phone "
                      "numbers, managers, group memberships, and what Exchange Online, Teams and "
                      "SharePoint need. Optional features add more: directory extensions sync "
                      "attributes you choose, and writeback features copy some cloud data back to "
                      "Active Directory."),
    .why = N_("An attribute that isn't synced, or is filtered out on your server, never reaches "
              "Microsoft 365 however often you change it on-premises."),
    .fix_steps = attributes_steps,
    .links = attributes_links,
    .permission = N_("Enabled sync features: Global Administrator "
                     "(OnPremDirectorySynchronization.Read.All)."),
    .informational = TRUE,
    .ok_title = N_("Which attributes are synchronized"),
    .ok_text = N_("What Entra Connect copies from Active Directory to Microsoft 365."),
    .warning_text = N_("What Entra Connect copies from Active Directory to Microsoft 365."),
    .error_text = N_("What Entra Connect copies from Active Directory to Microsoft 365."),
    .unknown_title = N_("Which attributes are synchronized"),
    .unknown_text = N_("What Entra Connect copies from Active Directory to Microsoft 365."),
  },
  [DSC_CATEGORY_ONPREM_DATA] = {
    .id = DSC_CATEGORY_ONPREM_DATA,
    .name = "onprem-data",
    .icon_name = "system-search-symbolic",
    .short_title = N_("On-premises data (before sync)"),
    .title = N_("On-premises data that will fail to sync"),
    .summary = N_("Values in on-premises Active Directory that Entra ID will refuse or "
                  "quarantine, found before they sync."),
    .explanation = N_("The on-premises scan reads users, groups and contacts from Active "
                      "Directory (read-only) and checks them with IdFix's rules: attribute "
                      "lengths, characters Entra ID refuses, address formats, duplicates across "
                      "the synced scope, and suffixes that aren't routable or verified. Each "
                      "finding names the object by its distinguished name (DN), the attribute, "
                      "the value and a suggested fix, and says whether the cloud already reports "
                      "it as a sync error."),
    .why = N_("A value Entra ID refuses leaves the object unsynced or quarantined; a duplicate "
              "makes one of the objects lose its address or sign-in name. Fixing it in Active "
              "Directory before sync is the only fix that lasts: a change in the cloud is "
              "overwritten by the next sync."),
    .fix_steps = onprem_data_steps,
    .links = onprem_data_links,
    .permission = N_("On-premises scan: any authenticated domain account (read-only LDAP); "
                     "not Microsoft Graph."),
    .optional = TRUE,
    .ok_title = N_("On-premises data is ready to sync"),
    .ok_text = N_("The last on-premises scan found no value that Entra ID would refuse."),
    .warning_title = N_("On-premises data needs a look"),
    .warning_text = N_("The last on-premises scan found values to fix before they sync."),
    .error_title = N_("On-premises data will fail to sync"),
    .error_text = N_("The last on-premises scan found values that Entra ID will refuse or that "
                     "collide with other objects."),
    .unknown_title = N_("On-premises data not scanned"),
    .unknown_text = N_("No on-premises scan has run yet, or the last one failed: run Scan Now "
                       "or dirsync-companion --scan."),
  },
};

static const DscTileInfo tiles[DSC_N_TILES] = {
  [DSC_TILE_SYNC_ENABLED] = { DSC_TILE_SYNC_ENABLED, "sync-enabled",
                              "emblem-synchronizing-symbolic", DSC_CATEGORY_CANT_MANAGE },
  [DSC_TILE_LAST_SYNC] = { DSC_TILE_LAST_SYNC, "last-sync",
                           "preferences-system-time-symbolic", DSC_CATEGORY_NO_RECENT_SYNC },
  [DSC_TILE_PASSWORD_SYNC] = { DSC_TILE_PASSWORD_SYNC, "password-sync",
                               "dialog-password-symbolic", DSC_CATEGORY_PASSWORD_SYNC },
  [DSC_TILE_SYNC_ERRORS] = { DSC_TILE_SYNC_ERRORS, "sync-errors",
                             "system-users-symbolic", DSC_CATEGORY_OBJECT_ERRORS },
  [DSC_TILE_QUOTA] = { DSC_TILE_QUOTA, "object-quota",
                       "drive-harddisk-symbolic", DSC_CATEGORY_OBJECT_QUOTA },
  [DSC_TILE_CONNECT_VERSION] = { DSC_TILE_CONNECT_VERSION, "connect-version",
                                 "software-update-available-symbolic",
                                 DSC_CATEGORY_CONNECT_VERSION },
  [DSC_TILE_SYNC_IDENTITY] = { DSC_TILE_SYNC_IDENTITY, "sync-identity",
                               "avatar-default-symbolic", DSC_CATEGORY_SYNC_IDENTITY },
  [DSC_TILE_DOMAINS] = { DSC_TILE_DOMAINS, "domains",
                         "network-workgroup-symbolic", DSC_CATEGORY_DOMAINS },
  [DSC_TILE_SERVICE_HEALTH] = { DSC_TILE_SERVICE_HEALTH, "service-health",
                                "network-server-symbolic", DSC_CATEGORY_SERVICE_HEALTH },
  [DSC_TILE_CLOUD_SYNC] = { DSC_TILE_CLOUD_SYNC, "cloud-sync",
                            "weather-overcast-symbolic", DSC_CATEGORY_CLOUD_SYNC },
  [DSC_TILE_ONPREM_DATA] = { DSC_TILE_ONPREM_DATA, "onprem-data",
                             "system-search-symbolic", DSC_CATEGORY_ONPREM_DATA },
};

const DscCategoryInfo *
dsc_category_get_info (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return &categories[id];
}

const char *
dsc_category_get_title (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return _(categories[id].title);
}

const char *
dsc_category_get_summary (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return _(categories[id].summary);
}

const char *
dsc_category_get_explanation (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return _(categories[id].explanation);
}

const char *
dsc_category_get_why (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return _(categories[id].why);
}

const char *
dsc_category_get_permission (DscCategoryId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return categories[id].permission != NULL ? _(categories[id].permission) : NULL;
}

GStrv
dsc_category_dup_fix_steps (DscCategoryId id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const DscFixStepInfo *steps;

  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  builder = g_strv_builder_new ();
  steps = categories[id].fix_steps;
  for (guint i = 0; steps != NULL && steps[i].text != NULL; i++)
    {
      g_autofree char *step = dsc_fix_step_new (_(steps[i].text), steps[i].command);

      g_strv_builder_add (builder, step);
    }
  return g_strv_builder_end (builder);
}

const char *
dsc_link_get_label (const DscLink *link)
{
  g_return_val_if_fail (link != NULL, NULL);

  return link->label != NULL ? _(link->label) : NULL;
}

const char *
dsc_category_get_short_title (DscCategoryId id)
{
  return (guint) id < DSC_N_CATEGORIES ? _(categories[id].short_title) : "";
}

const char *
dsc_category_get_icon_name (DscCategoryId id)
{
  return (guint) id < DSC_N_CATEGORIES ? categories[id].icon_name : "dialog-question-symbolic";
}

gboolean
dsc_category_unknown_is_optional (DscCategoryId id, DscStatus status)
{
  return (guint) id < DSC_N_CATEGORIES && categories[id].optional
         && status == DSC_STATUS_UNKNOWN;
}

char *
dsc_category_dup_notify_title (DscCategoryId id, DscStatus status, guint n_in_error)
{
  const DscCategoryInfo *info;
  const char *wording;

  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  info = &categories[id];
  if (info->notify_count[0] != NULL && n_in_error > 0)
    {
      /* The pair is NP_()-marked in the table, so it is in the catalogue. */
      return g_strdup_printf (ngettext (info->notify_count[0], info->notify_count[1],
                                        n_in_error), n_in_error);
    }
  wording = status == DSC_STATUS_ERROR ? info->notify_error : info->notify_warning;
  if (wording != NULL)
    return g_strdup (_(wording));
  /* Translators: %s is a problem category, e.g. "Domains" */
  return g_strdup_printf (_("%s needs attention"), _(info->title));
}

const char *
dsc_category_get_state_title (DscCategoryId id, DscStatus status)
{
  const DscCategoryInfo *info;
  const char *title = NULL;

  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  info = &categories[id];
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: title = info->ok_title; break;
    case DSC_STATUS_WARNING: title = info->warning_title; break;
    case DSC_STATUS_ERROR: title = info->error_title; break;
    case DSC_STATUS_UNKNOWN: title = info->unknown_title; break;
    }
  if (title == NULL && (status == DSC_STATUS_WARNING || status == DSC_STATUS_ERROR))
    title = info->title;
  return _(title != NULL ? title : info->short_title);
}

const char *
dsc_category_get_state_text (DscCategoryId id, DscStatus status)
{
  const DscCategoryInfo *info;
  const char *text = NULL;

  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  info = &categories[id];
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: text = info->ok_text; break;
    case DSC_STATUS_WARNING: text = info->warning_text; break;
    case DSC_STATUS_ERROR: text = info->error_text; break;
    case DSC_STATUS_UNKNOWN: text = info->unknown_text; break;
    }
  return text != NULL ? _(text) : _(info->summary);
}

const DscTileInfo *
dsc_tile_get_info (DscTileId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_TILES, NULL);

  return &tiles[id];
}

DscCategoryId
dsc_tile_get_category (DscTileId id)
{
  g_return_val_if_fail ((guint) id < DSC_N_TILES, DSC_CATEGORY_OBJECT_ERRORS);

  return tiles[id].category;
}

/* The stable names (dsc-types.h) come from the same tables. */

const char *
dsc_tile_to_string (DscTileId tile)
{
  return (guint) tile < DSC_N_TILES ? tiles[tile].name : "unknown";
}

const char *
dsc_category_to_string (DscCategoryId category)
{
  return (guint) category < DSC_N_CATEGORIES ? categories[category].name : "unknown";
}

gboolean
dsc_category_from_string (const char *str, DscCategoryId *out)
{
  for (guint i = 0; str != NULL && i < DSC_N_CATEGORIES; i++)
    if (g_strcmp0 (str, categories[i].name) == 0)
      {
        *out = (DscCategoryId) i;
        return TRUE;
      }
  return FALSE;
}

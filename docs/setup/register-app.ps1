# register-app.ps1 — creates the DirSync Companion app registration in your
# tenant and grants it admin consent, then prints what to paste back.
#
# Paste into Azure Cloud Shell (PowerShell), or run in PowerShell 7 with the
# Microsoft Graph PowerShell module (Install-Module Microsoft.Graph). Sign in
# as an administrator who may create app registrations and grant tenant-wide
# consent (Global Administrator, or Cloud Application Administrator together
# with Privileged Role Administrator).
#
# What it creates, and nothing else:
#   - an app registration "DirSync Companion", this tenant only, public client
#     (no secret), redirect URI http://localhost (the app listens on a free
#     loopback port; Entra ignores the port of loopback redirects), public
#     client flows on (for --device-code over SSH);
#   - exactly the read-only delegated Microsoft Graph permissions below,
#     with admin consent for all users (an oAuth2PermissionGrant).
# Nothing in it can change your directory: every permission is Read.
#
# Pasted as a whole or saved and run as a .ps1 file alike. National clouds:
# change $Environment on the next line first.
$Environment = 'Global'            # Global, USGov (GCC High), USGovDoD or China
$DisplayName = 'DirSync Companion'
$ErrorActionPreference = 'Stop'
if ($Environment -notin @('Global', 'USGov', 'USGovDoD', 'China')) {
    throw "Environment must be Global, USGov, USGovDoD or China, not '$Environment'"
}

# The app's permissions (src/auth/dsc-cloud.c), all delegated and read-only.
$permissions = @(
    'Organization.Read.All'
    'OnPremDirectorySynchronization.Read.All'
    'User.Read.All'
    'GroupMember.Read.All'
    'OrgContact.Read.All'
    'Domain.Read.All'
    'RoleManagement.Read.Directory'
    'ServiceHealth.Read.All'
    'Application.Read.All'
    'Synchronization.Read.All'
    'Policy.Read.HybridAuthentication'
    'AuditLog.Read.All'
)
$signIn = @('openid', 'profile', 'offline_access')
$graphAppId = '00000003-0000-0000-c000-000000000000'   # Microsoft Graph

# Only to create this registration and its consent; this session ends below.
$connect = @{
    Environment = $Environment
    Scopes      = @('Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All')
    NoWelcome   = $true
}
if ($env:AZUREPS_HOST_ENVIRONMENT -like 'cloud-shell*') { $connect.UseDeviceCode = $true }
Connect-MgGraph @connect
$tenantId = (Get-MgContext).TenantId

# The permission IDs come from Microsoft Graph itself (the same in every cloud).
# A permission this cloud's Graph does not offer is left out with a warning
# (the app then names it as missing after sign-in); sign-in ones must exist.
$graph = Get-MgServicePrincipal -Filter "appId eq '$graphAppId'"
$granted = @()
$access = foreach ($name in $permissions + $signIn) {
    $scope = $graph.Oauth2PermissionScopes | Where-Object { $_.Value -eq $name }
    if (-not $scope) {
        if ($signIn -contains $name) { throw "Microsoft Graph in this cloud offers no delegated permission $name" }
        Write-Warning "Microsoft Graph in this cloud offers no delegated permission $name; left out"
        continue
    }
    $granted += $name
    @{ Id = $scope.Id; Type = 'Scope' }
}

$app = New-MgApplication -DisplayName $DisplayName -SignInAudience 'AzureADMyOrg' `
    -IsFallbackPublicClient `
    -PublicClient @{ RedirectUris = @('http://localhost') } `
    -RequiredResourceAccess @(@{ ResourceAppId = $graphAppId; ResourceAccess = @($access) })
$sp = New-MgServicePrincipal -AppId $app.AppId

# Admin consent for all users of this tenant, exactly these scopes.
New-MgOauth2PermissionGrant -BodyParameter @{
    ClientId    = $sp.Id
    ConsentType = 'AllPrincipals'
    ResourceId  = $graph.Id
    Scope       = $granted -join ' '
} | Out-Null

Disconnect-MgGraph | Out-Null

$cloud = @{ Global = 'global'; USGov = 'usgov-high'; USGovDoD = 'usgov-dod'; China = 'china' }[$Environment]
Write-Host ''
Write-Host 'DirSync Companion is registered, with admin consent. Paste these back:'
Write-Host "  Client ID: $($app.AppId)"
Write-Host "  Tenant ID: $tenantId"
Write-Host ''
Write-Host 'or, on the computer that runs DirSync Companion:'
Write-Host "  dirsync-companion --sign-in --tenant NAME --client-id $($app.AppId) --directory $tenantId --cloud $cloud"

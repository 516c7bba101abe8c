/* dsc-auth-cli.h — sign-in from a terminal (SSH sessions, schedulers):
 * --sign-in [--device-code], --sign-out, --list-tenants, and --tenant for
 * --check / --export. Each returns the process exit status. */
#pragma once

#include "dsc-connection.h"

G_BEGIN_DECLS

typedef struct {
  const char *profile;       /* --tenant: profile id or name */
  gboolean    device_code;
  const char *client_id;     /* to create the profile on first sign-in */
  const char *directory;     /* tenant id or domain, idem */
  const char *cloud;         /* "global", "usgov-high", "usgov-dod", "china" */
} DscAuthCliOptions;

int  dsc_auth_cli_sign_in        (const DscAuthCliOptions *options);
int  dsc_auth_cli_sign_out       (const char *profile);
int  dsc_auth_cli_list_profiles  (void);
/* Silent sign-in for a headless run: on success the process's
 * DSC_ACCESS_TOKEN holds a fresh access token (in memory only, as if given
 * in the environment) and *graph_url the profile's Graph root. Fails with
 * "Sign-in needed for profile NAME: …" when interaction is needed. */
gboolean dsc_auth_cli_use_profile (const char  *profile,
                                   char       **graph_url,
                                   GError     **error);

/* For the window: a Graph connection for the profile (NULL: the active one)
 * whose token provider signs in silently from the secret store on first use.
 * NULL without error when there is no profile yet. */
DscConnection *dsc_auth_connection_for_profile (const char  *profile,
                                                GError     **error);
/* Every stored profile's connection (as above, labelled with the profile's
 * name), in the profiles' order: --all-tenants and the overview. */
GPtrArray     *dsc_auth_connections_for_all_profiles (GError **error);
/* What went wrong reading the profiles for the window (shown once it is up),
 * or NULL. */
char          *dsc_auth_take_startup_problem   (void);

G_END_DECLS

/* dsc-scan-cli.h — `dirsync-companion --scan`: the on-premises pre-sync scan
 * from the command line, and --store-bind-password. Its options are a group
 * of their own so main.c only adds the group and dispatches. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* filled by the option group */
  gboolean scan;
  gboolean store_bind_password;
  char *ldap_url;
  char **bases;
  char *bind_dn;
  char *powershell;
  char *ldif;
  char **tenant_domains;
  /* set by main.c from the shared options */
  const char *format;          /* text | json | csv */
  const char *output;          /* NULL or "-": standard output */
  const char *demo_scenario;   /* non-NULL: the built-in directory and the demo tenant */
  const char *graph_url;       /* non-NULL: join with this tenant's sync errors */
  gboolean tenant_signed_in;   /* --tenant: join with the stored profile's tenant */
} DscScanCliOptions;

GOptionGroup *dsc_scan_cli_option_group   (DscScanCliOptions *options);
void          dsc_scan_cli_options_clear  (DscScanCliOptions *options);
/* The process exit code: 0 nothing found, 1 warnings, 2 errors, 3 the scan
 * could not run (reason on standard error). */
int           dsc_scan_cli_run            (const DscScanCliOptions *options);

/* The secret-store key of a bind DN's password. */
char         *dsc_scan_cli_secret_key     (const char *bind_dn);

G_END_DECLS

/* dsc-onprem-scanner.h — reads on-premises AD over LDAP, off the main loop.
 *
 * One small interface, two implementations: dsc-onprem-ldap.c (OpenLDAP's
 * libldap: LDAPS or StartTLS, simple bind or SASL GSSAPI) and
 * dsc-onprem-wldap32.c (Windows: wldap32, Negotiate as the signed-in user, the
 * DC found with DsGetDcNameW). Both read users, contacts and groups
 * ((|(objectCategory=person)(objectCategory=group))) with paged results of at
 * most 1000, and only dsc_onprem_object_attribute_names().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DSC_ONPREM_PAGE_SIZE 1000

typedef struct {
  char *url;          /* ldaps://dc.contoso.com, ldap://… (StartTLS unless loopback); NULL: the
                         domain's DC (Windows) or the ldap.conf URI (Linux) */
  char **bases;       /* NULL/empty: the rootDSE's defaultNamingContext */
  char *bind_dn;      /* NULL: SASL GSSAPI / Negotiate as the signed-in user */
  char *password;     /* with bind_dn; never logged */
} DscOnpremScanConfig;

void     dsc_onprem_scan_config_clear (DscOnpremScanConfig *config);

/* Called on the thread-default main context of the caller of
 * dsc_onprem_scan_async while the scan reads (objects read so far). */
typedef void (*DscOnpremProgressFunc) (guint    objects_read,
                                       gpointer user_data);

/* Errors: G_IO_ERROR_* with a sentence for the admin (the server's diagnostic
 * appended); G_IO_ERROR_CANCELLED when cancelled. */
void       dsc_onprem_scan_async  (const DscOnpremScanConfig *config,
                                   GCancellable        *cancellable,
                                   DscOnpremProgressFunc progress,
                                   gpointer             progress_data,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* DscOnpremObject* (owning), one per DN even when bases overlap. */
GPtrArray *dsc_onprem_scan_finish (GAsyncResult        *result,
                                   GError             **error);

/* ---- what each platform implements (runs in the worker thread) ---- */

typedef void (*DscOnpremReadProgress) (guint objects_read, gpointer data);

GPtrArray *dsc_onprem_directory_read (const DscOnpremScanConfig *config,
                                      GCancellable *cancellable,
                                      DscOnpremReadProgress progress,
                                      gpointer progress_data,
                                      GError **error);

/* TRUE for URLs whose host is a loopback address (127.0.0.0/8, ::1, localhost). */
gboolean   dsc_onprem_url_is_loopback (const char *url);
/* "ldaps", "ldap" (needs StartTLS unless loopback); FALSE with error otherwise. */
gboolean   dsc_onprem_url_check       (const char *url, gboolean *needs_start_tls, GError **error);

G_END_DECLS

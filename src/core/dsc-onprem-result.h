/* dsc-onprem-result.h — the result of an on-premises pre-sync scan, as the
 * snapshot carries it: pure data, no LDAP. src/onprem/ fills it (rules, cloud
 * join); the health rule, the exports and the window read it.
 *
 * Reference counted (a refresh carries the last good scan over into the next
 * snapshot) and immutable once attached to a snapshot.
 */
#pragma once

#include <glib.h>

#include "dsc-types.h"

G_BEGIN_DECLS

typedef enum {
  DSC_ONPREM_KIND_USER,
  DSC_ONPREM_KIND_GROUP,
  DSC_ONPREM_KIND_CONTACT,
  DSC_ONPREM_KIND_OTHER,
} DscOnpremKind;

typedef enum {
  DSC_ONPREM_SEVERITY_WARNING,     /* syncs, but not as intended (e.g. UPN replaced) */
  DSC_ONPREM_SEVERITY_ERROR,       /* the object or value will fail to sync */
} DscOnpremSeverity;

typedef struct {
  char *dn;
  DscOnpremKind kind;
  char *attribute;         /* LDAP name, e.g. "proxyAddresses" */
  char *value;             /* the value as it is in AD (NULL: attribute absent) */
  const char *rule;        /* static rule id, e.g. "character" (see dsc-onprem-rules.h) */
  DscOnpremSeverity severity;
  char *message;           /* one sentence for the admin */
  char *fix;               /* suggested new value, NULL when a person must decide */
  gboolean fails_in_cloud; /* set by the cloud join for duplicates already failing */
} DscOnpremFinding;

/* One cloud conflict value and the on-premises objects that hold it. */
typedef struct {
  char *cloud_object_id;
  char *cloud_display_name;
  DscObjectKind cloud_kind;
  char *property;         /* "UserPrincipalName" | "ProxyAddress" | … as Graph gives it */
  char *value;
  GPtrArray *dns;         /* char*: on-premises DNs holding the value (in scan order) */
} DscOnpremCloudMatch;

typedef struct {
  gatomicrefcount ref_count;
  char *source;            /* "ldaps://dc1.contoso.com" or "built-in sample directory" */
  char **bases;            /* the base DNs read (NULL: the domain) */
  gint64 scanned_at;       /* unix seconds */
  guint objects_read;
  guint objects_skipped;   /* skip list */
  GPtrArray *findings;     /* DscOnpremFinding*, owned (set by the scan) */
  GPtrArray *cloud;        /* DscOnpremCloudMatch*, owned; NULL when the tenant was not read */
  char *cloud_error;       /* why the tenant could not be read, or NULL */
} DscOnpremScanResult;

DscOnpremScanResult *dsc_onprem_scan_result_new    (void);
DscOnpremScanResult *dsc_onprem_scan_result_ref    (DscOnpremScanResult *self);
/* Drops a reference (the name predates the reference count). */
void        dsc_onprem_scan_result_free   (DscOnpremScanResult *self);
/* 0 nothing found, 1 only warnings, 2 errors (as --check). */
int         dsc_onprem_scan_result_status (const DscOnpremScanResult *self);
void        dsc_onprem_scan_result_count  (const DscOnpremScanResult *self,
                                           guint *errors,
                                           guint *warnings);
/* The on-premises DNs that hold the conflicting value of cloud object
 * @cloud_object_id (case-insensitive value), or NULL when the scan found none. */
GPtrArray  *dsc_onprem_scan_result_find_dns (const DscOnpremScanResult *self,
                                             const char *cloud_object_id,
                                             const char *value);

void        dsc_onprem_finding_free       (DscOnpremFinding *self);
void        dsc_onprem_cloud_match_free   (DscOnpremCloudMatch *self);
/* "user" | "group" | "contact" | "object" */
const char *dsc_onprem_kind_to_string     (DscOnpremKind kind);
/* "error" | "warning" */
const char *dsc_onprem_severity_to_string (DscOnpremSeverity severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremScanResult, dsc_onprem_scan_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremFinding, dsc_onprem_finding_free)

G_END_DECLS

/* dsc-onprem-object.h — one on-premises AD object as the pre-sync scan reads it
 * (only the attributes the rules need), and one finding about it.
 *
 * Attribute strings: NULL = the attribute is absent; "" = present but empty
 * (LDAP never returns that, an LDIF can). Single-valued attributes keep their
 * first value. Everything is valid UTF-8 (the readers replace bad bytes).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DSC_ONPREM_KIND_USER,
  DSC_ONPREM_KIND_GROUP,
  DSC_ONPREM_KIND_CONTACT,
  DSC_ONPREM_KIND_OTHER,
} DscOnpremKind;

typedef struct {
  char *dn;
  char *cn;
  DscOnpremKind kind;
  char *display_name;
  char *given_name;
  char *mail;
  char *mail_nickname;
  char *sam_account_name;
  char *target_address;
  char *user_principal_name;
  char **proxy_addresses;          /* NULL-terminated; NULL when absent */
  gboolean is_critical;            /* isCriticalSystemObject TRUE */
  gboolean has_group_type;
  gint64 group_type;               /* negative: security group */
  gint64 recipient_type_details;   /* msExchRecipientTypeDetails, 0 when absent */
  gboolean hide_from_address_lists;
  gboolean has_home_mdb;
} DscOnpremObject;

DscOnpremObject *dsc_onprem_object_new      (const char *dn);
void             dsc_onprem_object_free     (DscOnpremObject *self);
/* "user" | "group" | "contact" | "object" */
const char      *dsc_onprem_kind_to_string  (DscOnpremKind kind);
/* Sets one attribute by its LDAP name (case-insensitive), as the LDAP and LDIF
 * readers get it: multi-valued proxyAddresses append, objectClass values pick
 * the kind, everything else keeps its first value. Unknown names are ignored.
 * value: UTF-8 bytes of length len (not NUL-terminated); invalid UTF-8 is
 * made valid. */
void             dsc_onprem_object_set_attribute (DscOnpremObject *self,
                                                  const char      *name,
                                                  const char      *value,
                                                  gsize            len);
/* The LDAP attribute names the rules read, NULL-terminated. */
const char * const *dsc_onprem_object_attribute_names (void);

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

DscOnpremFinding *dsc_onprem_finding_new  (const DscOnpremObject *object,
                                           const char *attribute,
                                           const char *value,
                                           const char *rule,
                                           DscOnpremSeverity severity,
                                           char *message,   /* taken */
                                           const char *fix);
void              dsc_onprem_finding_free (DscOnpremFinding *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremObject, dsc_onprem_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremFinding, dsc_onprem_finding_free)

G_END_DECLS

/* dsc-onprem-object.h — one on-premises AD object as the pre-sync scan reads it
 * (only the attributes the rules need), and one finding about it.
 *
 * Attribute strings: NULL = the attribute is absent; "" = present but empty
 * (LDAP never returns that, an LDIF can). Single-valued attributes keep their
 * first value. Everything is valid UTF-8 (the readers replace bad bytes).
 */
#pragma once

#include <glib.h>

#include "dsc-onprem-result.h"

G_BEGIN_DECLS


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



DscOnpremFinding *dsc_onprem_finding_new  (const DscOnpremObject *object,
                                           const char *attribute,
                                           const char *value,
                                           const char *rule,
                                           DscOnpremSeverity severity,
                                           char *message,   /* taken */
                                           const char *fix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscOnpremObject, dsc_onprem_object_free)

G_END_DECLS

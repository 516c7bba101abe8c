/* dsc-onprem-ldif.h — reads on-premises objects from LDIF (RFC 2849 content
 * records: the built-in demo directory, exports made with ldifde/ldapsearch).
 * Pure: parses bytes already in memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns DscOnpremObject* (owning), or NULL with error at the first record it
 * can't read (the line number says where). Records without a dn are an error;
 * a "dn:" line starts a new record even
 * without a blank line before it; changetype lines are ignored (ldapadd input reads as well). */
GPtrArray *dsc_onprem_ldif_parse (const char *data,
                                  gsize       len,
                                  GError    **error);

G_END_DECLS

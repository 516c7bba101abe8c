/* dsc-onprem-rules.h — IdFix's rule set, re-implemented from its source
 * (microsoft/idfix, MIT: src/IdFix/Rules/, Settings/Constants.cs), plus two
 * checks it did not have: a routable suffix through the public suffix list
 * (libpsl) instead of a hand-kept TLD file, and a verified domain of the tenant.
 *
 * Pure: no I/O. The caller loads the public suffix list (psl_latest) and passes it in.
 *
 * Rule ids (DscOnpremFinding.rule):
 *   length          longer than Entra ID accepts for the attribute
 *   blank           displayName missing or empty (fix: the cn)
 *   character       a character Entra ID or Exchange Online refuses (incl. a ':' after the prefix)
 *   leading-period  mailNickname starts with '.'
 *   format          not an RFC 2822 address (UPN, SMTP proxy/target address)
 *   not-routable    the domain's suffix is not a public suffix (contoso.local)
 *   not-verified    the domain is not a verified domain of the tenant
 *   duplicate       another object in the scope holds the same value (case-insensitive)
 */
#pragma once

#include <glib.h>
#include <libpsl.h>

#include "dsc-onprem-object.h"

G_BEGIN_DECLS

typedef struct {
  const psl_ctx_t *psl;                 /* NULL: no routable check */
  const char * const *tenant_domains;   /* verified domains; NULL: no verified check */
  gboolean alternate_login;             /* IdFix's option: no UPN rules */
} DscOnpremRuleOptions;

typedef enum {
  DSC_ONPREM_CHARS_UPN,
  DSC_ONPREM_CHARS_PROXY_SMTP,
  DSC_ONPREM_CHARS_PROXY_OTHER,
  DSC_ONPREM_CHARS_PROXY_X400,   /* X400 and X500 */
  DSC_ONPREM_CHARS_TARGET_SMTP,
  DSC_ONPREM_CHARS_TARGET_OTHER,
  DSC_ONPREM_CHARS_SAM,
} DscOnpremCharSet;

/* Objects directory sync never exports, so IdFix skips them (well-known names,
 * critical system objects, conflict objects, Exchange system mailboxes, security
 * groups without mail, distribution groups without proxyAddresses). */
gboolean   dsc_onprem_rules_skip          (const DscOnpremObject *object);

/* All findings for the objects (duplicates across them included), in object
 * order, then attribute order. Returns DscOnpremFinding*, owning. */
GPtrArray *dsc_onprem_rules_run           (const DscOnpremRuleOptions *options,
                                           GPtrArray *objects);

/* ---- the small pieces, exposed for tests ---- */

/* Length as Entra counts it (UTF-16 code units). */
gsize      dsc_onprem_utf16_length        (const char *value);
/* The first max UTF-16 units of value (never splits a surrogate pair). */
char      *dsc_onprem_truncate            (const char *value, gsize max);
gboolean   dsc_onprem_has_invalid_chars   (const char *value, DscOnpremCharSet set);
/* value without the invalid characters. */
char      *dsc_onprem_strip_invalid_chars (const char *value, DscOnpremCharSet set);
/* The attribute's length limit; sAMAccountName depends on the kind. */
gsize      dsc_onprem_max_length          (const char *attribute, DscOnpremKind kind);
/* RFC 2822 check as IdFix does it (local part, domain part, one '@'); on failure
 * *fix gets IdFix's repaired address or NULL when the repair still fails. */
gboolean   dsc_onprem_check_rfc2822       (const char *address, char **fix);
/* TRUE when domain's last label is in the ICANN section of the public suffix
 * list and domain itself is not a public suffix. */
gboolean   dsc_onprem_domain_routable     (const psl_ctx_t *psl, const char *domain);
/* TRUE when domain is one of domains or a subdomain of one (case-insensitive). */
gboolean   dsc_onprem_domain_verified     (const char * const *domains, const char *domain);
/* "smtp:a@b" → "a@b"; other prefixes and values without ':' unchanged. */
const char *dsc_onprem_address_part       (const char *value);
/* The domain after the last '@', or NULL. */
const char *dsc_onprem_domain_part        (const char *address);
/* IdFix's skip list of cn prefixes (case-insensitive). */
gboolean   dsc_onprem_well_known_name     (const char *cn);

G_END_DECLS

/* dsc-onprem-rules.c — IdFix's multi-tenant rules (verified against its
 * source, re-implemented), plus the routable and verified-domain checks.
 *
 * Where this deliberately differs from IdFix:
 * - "SMTP" means a value that starts with "smtp:" (IdFix matched "smtp:"
 *   anywhere in the value, so an X500 address containing it was checked as SMTP).
 * - msExchRecipientTypeDetails is compared as a number (IdFix compared the
 *   string to "0x1000" etc., which never matches AD's decimal values).
 * - The TLD test uses the public suffix list (libpsl) instead of domains.txt,
 *   and also covers mail.
 * - Duplicates are compared on the values as they are in AD and every holder
 *   gets a finding naming the others (IdFix flagged the later ones).
 * - A missing displayName is a warning (sync fills it in), not an error.
 * - The verified-domain check skips contacts: their addresses are external by nature.
 */
#include "dsc-onprem-rules.h"

#include <string.h>

/* ---- small pure pieces ---- */

gsize
dsc_onprem_utf16_length (const char *value)
{
  gsize n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    n += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
  return n;
}

char *
dsc_onprem_truncate (const char *value, gsize max)
{
  gsize n = 0;
  const char *p = value;

  while (*p != '\0')
    {
      gsize w = g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
      if (n + w > max)
        break;
      n += w;
      p = g_utf8_next_char (p);
    }
  return g_strndup (value, p - value);
}

static gboolean
is_invalid_char (gunichar c, DscOnpremCharSet set)
{
  switch (set)
    {
    case DSC_ONPREM_CHARS_UPN:
      return g_unichar_isspace (c) || (c < 0x80 && strchr ("\\%&*+/=?'{}|<>();:,[]\"", (int) c) != NULL) ||
             (c >= 0x80 && g_utf8_strchr ("äëïöüÿÄËÏÖÜŸ", -1, c) != NULL);
    case DSC_ONPREM_CHARS_PROXY_SMTP:
      return g_unichar_isspace (c) || (c < 0x80 && strchr ("<>();,[]\"", (int) c) != NULL);
    case DSC_ONPREM_CHARS_PROXY_OTHER:
      return g_unichar_isspace (c) || (c < 0x80 && strchr ("<>(),[]\"", (int) c) != NULL);
    case DSC_ONPREM_CHARS_PROXY_X400:
      return c < 0x80 && strchr ("\f\n\r\t\v[]\"'", (int) c) != NULL;
    case DSC_ONPREM_CHARS_TARGET_SMTP:
      return g_unichar_isspace (c) || (c < 0x80 && strchr ("\\<>();,[]\"", (int) c) != NULL);
    case DSC_ONPREM_CHARS_TARGET_OTHER:
      return g_unichar_isspace (c) || (c < 0x80 && strchr ("\\<>(),[]\"", (int) c) != NULL);
    case DSC_ONPREM_CHARS_SAM:
      return c < 0x80 && strchr ("\\\"|,/[]:<>+=;?*", (int) c) != NULL;
    default:
      return FALSE;
    }
}

gboolean
dsc_onprem_has_invalid_chars (const char *value, DscOnpremCharSet set)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (is_invalid_char (g_utf8_get_char (p), set))
      return TRUE;
  return FALSE;
}

char *
dsc_onprem_strip_invalid_chars (const char *value, DscOnpremCharSet set)
{
  GString *out = g_string_sized_new (strlen (value));

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!is_invalid_char (c, set))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gsize
dsc_onprem_max_length (const char *attribute, DscOnpremKind kind)
{
  static const struct { const char *name; gsize max; } limits[] = {
    { "displayName", 255 }, { "givenName", 63 }, { "mail", 256 },
    { "mailNickname", 64 }, { "proxyAddresses", 256 }, { "targetAddress", 255 },
    { "userPrincipalName", 113 },
  };

  if (g_ascii_strcasecmp (attribute, "sAMAccountName") == 0)
    return kind == DSC_ONPREM_KIND_USER ? 20 : 256;
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_ascii_strcasecmp (attribute, limits[i].name) == 0)
      return limits[i].max;
  return G_MAXSIZE;
}

const char *
dsc_onprem_address_part (const char *value)
{
  if (g_ascii_strncasecmp (value, "smtp:", 5) == 0)
    return value + 5;
  return value;
}

const char *
dsc_onprem_domain_part (const char *address)
{
  const char *at = strrchr (address, '@');
  return at != NULL ? at + 1 : NULL;
}

static gboolean
is_smtp (const char *value)
{
  return g_ascii_strncasecmp (value, "smtp:", 5) == 0;
}

/* IdFix's expressions (Constants.cs), case-insensitive. */
#define LOCAL_ATOM "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
#define DOMAIN_PART "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:[a-z]{2,17})$"

typedef struct {
  GRegex *domain;
  GRegex *local;
  GRegex *full;
  GRegex *domain_bad;
  GRegex *local_bad;
} Rfc2822Regexes;

static gpointer
compile_regexes (gpointer data)
{
  Rfc2822Regexes *r = g_new0 (Rfc2822Regexes, 1);
  GRegexCompileFlags f = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;

  r->domain = g_regex_new ("@" DOMAIN_PART, f, 0, NULL);
  r->local = g_regex_new ("^" LOCAL_ATOM "(?:\\." LOCAL_ATOM ")*@", f, 0, NULL);
  r->full = g_regex_new ("^" LOCAL_ATOM "(?:\\." LOCAL_ATOM ")*@" DOMAIN_PART, f, 0, NULL);
  r->domain_bad = g_regex_new ("[^a-z0-9.-]", f, 0, NULL);
  r->local_bad = g_regex_new ("[^a-z0-9.!#$%&'*+/=?^_`{|}~-]", f, 0, NULL);
  return r;
}

static const Rfc2822Regexes *
regexes (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, compile_regexes, NULL);
}

gboolean
dsc_onprem_check_rfc2822 (const char *address, char **fix)
{
  const Rfc2822Regexes *r = regexes ();
  g_autofree char *work = g_strdup (address);
  const char *at;
  guint n_at = 0;

  if (fix != NULL)
    *fix = NULL;
  if (g_regex_match (r->full, address, 0, NULL))
    return TRUE;

  for (const char *p = address; *p != '\0'; p++)
    n_at += *p == '@';

  /* Repair as IdFix proposes: drop what the domain part can't hold, then what
   * the local part can't hold, and a '.' right before the '@'. */
  if (!g_regex_match (r->domain, work, 0, NULL) && (at = strrchr (work, '@')) != NULL)
    {
      g_autofree char *domain = g_regex_replace_literal (r->domain_bad, at + 1, -1, 0, "", 0, NULL);
      char *next = g_strdup_printf ("%.*s%s", (int) (at - work + 1), work, domain != NULL ? domain : "");
      g_free (work);
      work = next;
    }
  if ((!g_regex_match (r->local, work, 0, NULL) || n_at > 1) && (at = strrchr (work, '@')) != NULL)
    {
      g_autofree char *local_in = g_strndup (work, at - work);
      g_autofree char *local = g_regex_replace_literal (r->local_bad, local_in, -1, 0, "", 0, NULL);
      g_autofree char *joined = g_strconcat (local != NULL ? local : "", at, NULL);
      GString *s = g_string_new (joined);
      g_string_replace (s, ".@", "@", 0);
      g_free (work);
      work = g_string_free (s, FALSE);
    }
  if (fix != NULL && g_regex_match (r->full, work, 0, NULL))
    *fix = g_steal_pointer (&work);
  return FALSE;
}

gboolean
dsc_onprem_domain_routable (const psl_ctx_t *psl, const char *domain)
{
  g_autofree char *lower = NULL;
  const char *tld;

  if (domain == NULL || *domain == '\0')
    return FALSE;
  lower = g_utf8_strdown (domain, -1);
  if (g_str_has_suffix (lower, "."))
    lower[strlen (lower) - 1] = '\0';
  tld = strrchr (lower, '.');
  if (tld == NULL || tld[1] == '\0')
    return FALSE;   /* a single label ("localhost") is never routable */
  if (!psl_is_public_suffix2 (psl, tld + 1, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
    return FALSE;
  return !psl_is_public_suffix2 (psl, lower, PSL_TYPE_ANY);
}

gboolean
dsc_onprem_domain_verified (const char * const *domains, const char *domain)
{
  if (domain == NULL)
    return FALSE;
  for (guint i = 0; domains != NULL && domains[i] != NULL; i++)
    {
      gsize dl = strlen (domain), vl = strlen (domains[i]);
      if (vl == 0)
        continue;
      if (g_ascii_strcasecmp (domain, domains[i]) == 0)
        return TRUE;
      if (dl > vl + 1 && domain[dl - vl - 1] == '.' &&
          g_ascii_strcasecmp (domain + dl - vl, domains[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char * const well_known_names[] = {
  "Admini", "CAS_{", "DiscoverySearchMailbox", "FederatedEmail", "Guest",
  "HTTPConnector", "krbtgt", "iusr_", "iwam", "msol", "support_", "SystemMailbox",
  "WWIOadmini", "HealthMailbox", "Exchange Online-ApplicationAccount",
};

gboolean
dsc_onprem_well_known_name (const char *cn)
{
  for (guint i = 0; i < G_N_ELEMENTS (well_known_names); i++)
    if (g_ascii_strncasecmp (cn, well_known_names[i], strlen (well_known_names[i])) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
ascii_prefix (const char *value, const char *prefix)
{
  return value != NULL && g_ascii_strncasecmp (value, prefix, strlen (prefix)) == 0;
}

gboolean
dsc_onprem_rules_skip (const DscOnpremObject *o)
{
  /* Exchange system mailboxes (msExchRecipientTypeDetails as IdFix lists them). */
  static const gint64 system_recipients[] = {
    0x1000, 0x2000, 0x4000, 0x400000, 0x800000, 0x1000000, 0x20000000,
  };
  const char *cn = o->cn != NULL ? o->cn : "";

  if (g_str_has_suffix (cn, "$") || dsc_onprem_well_known_name (cn))
    return TRUE;
  if (strstr (o->dn, "\\0ACNF:") != NULL || strstr (o->dn, "\nCNF:") != NULL)
    return TRUE;
  if (o->is_critical)
    return TRUE;
  if (o->kind == DSC_ONPREM_KIND_USER)
    {
      if (ascii_prefix (o->sam_account_name, "CAS_") ||
          ascii_prefix (o->sam_account_name, "SUPPORT_") ||
          ascii_prefix (o->sam_account_name, "MSOL_") ||
          ascii_prefix (o->mail_nickname, "CAS_") ||
          ascii_prefix (o->mail_nickname, "SYSTEMMAILBOX"))
        return TRUE;
      if (o->hide_from_address_lists && ascii_prefix (o->display_name, "MSOL"))
        return TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (system_recipients); i++)
        if (o->recipient_type_details == system_recipients[i])
          return TRUE;
    }
  if (o->kind == DSC_ONPREM_KIND_GROUP && o->has_group_type)
    {
      if (o->group_type < 0 && o->mail == NULL)
        return TRUE;   /* security group without mail */
      if (o->group_type >= 0 && o->proxy_addresses == NULL)
        return TRUE;   /* distribution group without proxyAddresses */
    }
  return FALSE;
}

/* ---- checking one value: IdFix's chain, each failing rule passes its
 *      repaired value on to the next ---- */

typedef struct {
  const DscOnpremRuleOptions *options;
  const DscOnpremObject *object;
  const char *attribute;
  const char *original;
  char *current;            /* the repaired value so far */
  GPtrArray *pending;       /* findings of this value, fix set at the end */
  GPtrArray *no_fix;        /* those that never get a fix (domain checks) */
  gboolean broken;          /* a repair led nowhere: no fix for any finding of the value */
} Chain;

static void
chain_add (Chain *c, const char *rule, DscOnpremSeverity severity, gboolean fixable,
           const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static void
chain_add (Chain *c, const char *rule, DscOnpremSeverity severity, gboolean fixable,
           const char *fmt, ...)
{
  va_list ap;
  char *message;
  DscOnpremFinding *f;

  va_start (ap, fmt);
  message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  f = dsc_onprem_finding_new (c->object, c->attribute, c->original, rule, severity, message, NULL);
  g_ptr_array_add (fixable ? c->pending : c->no_fix, f);
}

static void
chain_repair (Chain *c, char *value)   /* takes value */
{
  g_free (c->current);
  c->current = value;
}

static void
check_length (Chain *c)
{
  gsize max = dsc_onprem_max_length (c->attribute, c->object->kind);
  gsize len = dsc_onprem_utf16_length (c->current);

  if (len > max)
    {
      chain_add (c, "length", DSC_ONPREM_SEVERITY_ERROR, TRUE,
                 "%s is %" G_GSIZE_FORMAT " characters long; Entra ID accepts at most %" G_GSIZE_FORMAT ".",
                 c->attribute, len, max);
      chain_repair (c, dsc_onprem_truncate (c->current, max));
    }
}

static void
check_chars (Chain *c, DscOnpremCharSet set)
{
  if (dsc_onprem_has_invalid_chars (c->current, set))
    {
      char *stripped = dsc_onprem_strip_invalid_chars (c->current, set);
      chain_add (c, "character", DSC_ONPREM_SEVERITY_ERROR, TRUE,
                 "%s contains characters Entra ID does not accept.", c->attribute);
      if (*stripped == '\0')
        {
          g_free (stripped);
          stripped = g_strdup (c->object->cn != NULL ? c->object->cn : "");
        }
      chain_repair (c, stripped);
    }
}

/* A ':' after the prefix of a proxy or target address. */
static void
check_colon (Chain *c)
{
  const char *colon = strchr (c->current, ':');

  if (colon != NULL && colon > c->current && strchr (colon + 1, ':') != NULL)
    {
      GString *s = g_string_new_len (c->current, colon + 1 - c->current);
      for (const char *p = colon + 1; *p != '\0'; p++)
        if (*p != ':')
          g_string_append_c (s, *p);
      chain_add (c, "character", DSC_ONPREM_SEVERITY_ERROR, TRUE,
                 "%s has a ':' after its prefix; only the prefix may end with ':'.", c->attribute);
      chain_repair (c, g_string_free (s, FALSE));
    }
}

static gboolean
check_rfc2822 (Chain *c, gboolean has_prefix)
{
  const char *address = has_prefix ? dsc_onprem_address_part (c->current) : c->current;
  g_autofree char *fix = NULL;

  if (!dsc_onprem_check_rfc2822 (address, &fix))
    {
      chain_add (c, "format", DSC_ONPREM_SEVERITY_ERROR, fix != NULL,
                 "%s is not a valid address (name@domain.tld).", c->attribute);
      c->broken = fix == NULL;
      if (fix != NULL)
        chain_repair (c, has_prefix
                      ? g_strdup_printf ("%.*s%s", (int) (address - c->current), c->current, fix)
                      : g_steal_pointer (&fix));
      return FALSE;
    }
  return TRUE;
}

static void
check_domain (Chain *c, const char *address, gboolean verified_check)
{
  const char *domain = dsc_onprem_domain_part (address);

  if (domain == NULL || *domain == '\0')
    return;
  if (c->options->psl != NULL && !dsc_onprem_domain_routable (c->options->psl, domain))
    chain_add (c, "not-routable", DSC_ONPREM_SEVERITY_WARNING, FALSE,
               "The domain %s of %s is not routable on the internet (its suffix is not a public one).",
               domain, c->attribute);
  else if (verified_check && c->object->kind != DSC_ONPREM_KIND_CONTACT &&
           c->options->tenant_domains != NULL &&
           !dsc_onprem_domain_verified (c->options->tenant_domains, domain))
    chain_add (c, "not-verified", DSC_ONPREM_SEVERITY_WARNING, FALSE,
               "The domain %s of %s is not a verified domain of the tenant.", domain, c->attribute);
}

static void
chain_finish (Chain *c, GPtrArray *findings)
{
  gboolean changed = g_strcmp0 (c->current, c->original) != 0 && !c->broken;

  for (guint i = 0; i < c->pending->len; i++)
    {
      DscOnpremFinding *f = g_ptr_array_index (c->pending, i);
      if (changed && c->current != NULL)
        f->fix = g_strdup (c->current);
      g_ptr_array_add (findings, f);
    }
  for (guint i = 0; i < c->no_fix->len; i++)
    g_ptr_array_add (findings, g_ptr_array_index (c->no_fix, i));
  g_ptr_array_set_free_func (c->pending, NULL);
  g_ptr_array_set_free_func (c->no_fix, NULL);
  g_ptr_array_unref (c->pending);
  g_ptr_array_unref (c->no_fix);
  g_free (c->current);
}

static void
chain_start (Chain *c, const DscOnpremRuleOptions *options, const DscOnpremObject *o,
             const char *attribute, const char *value)
{
  c->options = options;
  c->object = o;
  c->attribute = attribute;
  c->original = value;
  c->current = g_strdup (value);
  c->broken = FALSE;
  c->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  c->no_fix = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
}

static void
check_display_name (const DscOnpremRuleOptions *options, const DscOnpremObject *o, GPtrArray *out)
{
  Chain c;
  gboolean blank = o->display_name == NULL;

  for (const char *p = o->display_name; !blank && p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      goto not_blank;
  blank = TRUE;
not_blank:
  chain_start (&c, options, o, "displayName", o->display_name);
  if (o->display_name != NULL)
    check_length (&c);
  if (blank && o->cn != NULL && *o->cn != '\0')
    {
      chain_add (&c, "blank", o->display_name == NULL ? DSC_ONPREM_SEVERITY_WARNING
                                                      : DSC_ONPREM_SEVERITY_ERROR, TRUE,
                 "displayName is %s; the object's cn can be used.",
                 o->display_name == NULL ? "missing" : "empty");
      chain_repair (&c, dsc_onprem_truncate (o->cn, 255));
    }
  chain_finish (&c, out);
}

static void
check_simple (const DscOnpremRuleOptions *options, const DscOnpremObject *o,
              const char *attribute, const char *value, GPtrArray *out)
{
  Chain c;

  if (value == NULL)
    return;
  chain_start (&c, options, o, attribute, value);
  check_length (&c);
  if (g_str_equal (attribute, "mail"))
    check_domain (&c, value, TRUE);
  chain_finish (&c, out);
}

static void
check_mail_nickname (const DscOnpremRuleOptions *options, const DscOnpremObject *o, GPtrArray *out)
{
  Chain c;

  if (o->mail_nickname == NULL)
    return;
  chain_start (&c, options, o, "mailNickname", o->mail_nickname);
  check_length (&c);
  if (c.current[0] == '.')
    {
      const char *p = c.current;
      while (*p == '.')
        p++;
      chain_add (&c, "leading-period", DSC_ONPREM_SEVERITY_ERROR, TRUE,
                 "mailNickname must not start with a period.");
      chain_repair (&c, g_strdup (*p != '\0' ? p : (o->cn != NULL ? o->cn : "")));
    }
  chain_finish (&c, out);
}

static DscOnpremCharSet
proxy_char_set (const char *value)
{
  if (g_ascii_strncasecmp (value, "x400", 4) == 0 || g_ascii_strncasecmp (value, "x.400", 5) == 0 ||
      g_ascii_strncasecmp (value, "x500", 4) == 0 || g_ascii_strncasecmp (value, "x.500", 5) == 0)
    return DSC_ONPREM_CHARS_PROXY_X400;
  return DSC_ONPREM_CHARS_PROXY_OTHER;
}

static void
check_address (const DscOnpremRuleOptions *options, const DscOnpremObject *o,
               const char *attribute, const char *value, GPtrArray *out)
{
  gboolean target = g_str_equal (attribute, "targetAddress");
  Chain c;

  chain_start (&c, options, o, attribute, value);
  check_length (&c);
  check_colon (&c);
  if (is_smtp (value))
    {
      check_chars (&c, target ? DSC_ONPREM_CHARS_TARGET_SMTP : DSC_ONPREM_CHARS_PROXY_SMTP);
      /* a target address usually points at another organisation: routable only */
      if (check_rfc2822 (&c, TRUE))
        check_domain (&c, dsc_onprem_address_part (value), !target);
    }
  else
    check_chars (&c, target ? DSC_ONPREM_CHARS_TARGET_OTHER : proxy_char_set (value));
  chain_finish (&c, out);
}

static void
check_sam (const DscOnpremRuleOptions *options, const DscOnpremObject *o, GPtrArray *out)
{
  Chain c;

  if (o->sam_account_name == NULL)
    return;
  chain_start (&c, options, o, "sAMAccountName", o->sam_account_name);
  check_length (&c);
  check_chars (&c, DSC_ONPREM_CHARS_SAM);
  chain_finish (&c, out);
}

static void
check_upn (const DscOnpremRuleOptions *options, const DscOnpremObject *o, GPtrArray *out)
{
  Chain c;

  if (o->user_principal_name == NULL || options->alternate_login)
    return;
  chain_start (&c, options, o, "userPrincipalName", o->user_principal_name);
  check_length (&c);
  check_chars (&c, DSC_ONPREM_CHARS_UPN);
  if (check_rfc2822 (&c, FALSE))
    check_domain (&c, o->user_principal_name, TRUE);
  chain_finish (&c, out);
}

static void
check_object (const DscOnpremRuleOptions *options, const DscOnpremObject *o, GPtrArray *out)
{
  check_display_name (options, o, out);
  check_simple (options, o, "givenName", o->given_name, out);
  check_simple (options, o, "mail", o->mail, out);
  check_mail_nickname (options, o, out);
  for (guint i = 0; o->proxy_addresses != NULL && o->proxy_addresses[i] != NULL; i++)
    check_address (options, o, "proxyAddresses", o->proxy_addresses[i], out);
  check_sam (options, o, out);
  if (o->target_address != NULL)
    check_address (options, o, "targetAddress", o->target_address, out);
  check_upn (options, o, out);
}

/* ---- duplicates across the scope ---- */

typedef struct {
  const DscOnpremObject *object;
  const char *value;
} Holder;

static void
index_value (GHashTable *index, const DscOnpremObject *o, const char *value)
{
  g_autofree char *key = NULL;
  GArray *holders;
  Holder h = { o, value };

  if (value == NULL || *value == '\0')
    return;
  key = g_utf8_casefold (value, -1);
  holders = g_hash_table_lookup (index, key);
  if (holders == NULL)
    {
      holders = g_array_new (FALSE, FALSE, sizeof (Holder));
      g_hash_table_insert (index, g_steal_pointer (&key), holders);
    }
  /* the same object twice (SMTP:a and smtp:a) is one holder */
  if (holders->len > 0 && g_array_index (holders, Holder, holders->len - 1).object == o)
    return;
  g_array_append_val (holders, h);
}

static void
report_duplicates (GHashTable *index, const char *attribute, GPtrArray *out)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *holders = value;
      if (holders->len < 2)
        continue;
      for (guint i = 0; i < holders->len; i++)
        {
          const Holder *h = &g_array_index (holders, Holder, i);
          GString *others = g_string_new (NULL);
          guint shown = 0;

          for (guint j = 0; j < holders->len; j++)
            {
              if (j == i)
                continue;
              if (shown == 3)
                {
                  g_string_append_printf (others, " and %u more", holders->len - 1 - shown);
                  break;
                }
              g_string_append_printf (others, "%s%s", shown > 0 ? "; " : "",
                                      g_array_index (holders, Holder, j).object->dn);
              shown++;
            }
          g_ptr_array_add (out, dsc_onprem_finding_new (
            h->object, attribute, h->value, "duplicate", DSC_ONPREM_SEVERITY_ERROR,
            g_strdup_printf ("%s %s is also held by %s; Entra ID requires it to be unique.",
                             attribute, h->value, others->str), NULL));
          g_string_free (others, TRUE);
        }
    }
}

static void
check_duplicates (const DscOnpremRuleOptions *options, GPtrArray *objects, GPtrArray *out)
{
  static const char * const attributes[] = {
    "mail", "mailNickname", "proxyAddresses", "sAMAccountName", "targetAddress",
    "userPrincipalName",
  };

  for (guint a = 0; a < G_N_ELEMENTS (attributes); a++)
    {
      g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_array_unref);
      if (a == 5 && options->alternate_login)
        continue;
      for (guint i = 0; i < objects->len; i++)
        {
          const DscOnpremObject *o = g_ptr_array_index (objects, i);
          switch (a)
            {
            case 0: index_value (index, o, o->mail); break;
            case 1: index_value (index, o, o->mail_nickname); break;
            case 2:
              for (guint k = 0; o->proxy_addresses != NULL && o->proxy_addresses[k] != NULL; k++)
                index_value (index, o, o->proxy_addresses[k]);
              break;
            case 3:   /* IdFix: only objects without a UPN */
              if (o->user_principal_name == NULL)
                index_value (index, o, o->sam_account_name);
              break;
            case 4: index_value (index, o, o->target_address); break;
            default: index_value (index, o, o->user_principal_name); break;
            }
        }
      report_duplicates (index, attributes[a], out);
    }
}

static const char *const attribute_order[] = {
  "displayName", "givenName", "mail", "mailNickname", "proxyAddresses",
  "sAMAccountName", "targetAddress", "userPrincipalName",
};

static guint
attribute_rank (const char *attribute)
{
  for (guint i = 0; i < G_N_ELEMENTS (attribute_order); i++)
    if (g_str_equal (attribute, attribute_order[i]))
      return i;
  return G_N_ELEMENTS (attribute_order);
}

static int
compare_findings (gconstpointer a, gconstpointer b)
{
  const DscOnpremFinding *x = *(DscOnpremFinding * const *) a;
  const DscOnpremFinding *y = *(DscOnpremFinding * const *) b;
  int r = strcmp (x->dn, y->dn);

  if (r == 0)
    r = (int) attribute_rank (x->attribute) - (int) attribute_rank (y->attribute);
  if (r == 0)
    r = g_strcmp0 (x->value, y->value);
  if (r == 0)
    r = strcmp (x->rule, y->rule);
  return r;
}

GPtrArray *
dsc_onprem_rules_run (const DscOnpremRuleOptions *options, GPtrArray *objects)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_finding_free);
  g_autoptr(GPtrArray) in_scope = g_ptr_array_new ();

  for (guint i = 0; i < objects->len; i++)
    {
      const DscOnpremObject *o = g_ptr_array_index (objects, i);
      if (dsc_onprem_rules_skip (o))
        continue;
      g_ptr_array_add (in_scope, (gpointer) o);
      check_object (options, o, out);
    }
  check_duplicates (options, in_scope, out);
  g_ptr_array_sort (out, compare_findings);
  return out;
}

/* test-onprem-rules.c — IdFix's rules and the routable/verified checks, table by table. */
#include <libpsl.h>
#include <string.h>

#include "dsc-onprem-join.h"
#include "dsc-onprem-ldif.h"
#include "dsc-onprem-object.h"
#include "dsc-onprem-rules.h"

static psl_ctx_t *psl;

static void
test_lengths (void)
{
  static const struct { const char *attr; DscOnpremKind kind; gsize max; } t[] = {
    { "displayName", DSC_ONPREM_KIND_USER, 255 }, { "givenName", DSC_ONPREM_KIND_USER, 63 },
    { "mail", DSC_ONPREM_KIND_USER, 256 }, { "mailNickname", DSC_ONPREM_KIND_GROUP, 64 },
    { "proxyAddresses", DSC_ONPREM_KIND_CONTACT, 256 }, { "targetAddress", DSC_ONPREM_KIND_USER, 255 },
    { "userPrincipalName", DSC_ONPREM_KIND_USER, 113 }, { "sAMAccountName", DSC_ONPREM_KIND_USER, 20 },
    { "sAMAccountName", DSC_ONPREM_KIND_GROUP, 256 },
  };
  g_autofree char *a = dsc_onprem_truncate ("ab😀c", 3);
  g_autofree char *b = dsc_onprem_truncate ("abc", 5);

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    g_assert_cmpuint (dsc_onprem_max_length (t[i].attr, t[i].kind), ==, t[i].max);

  g_assert_cmpuint (dsc_onprem_utf16_length ("abc"), ==, 3);
  g_assert_cmpuint (dsc_onprem_utf16_length ("é😀"), ==, 3);   /* astral: 2 units */
  g_assert_cmpstr (a, ==, "ab");                               /* never half a pair */
  g_assert_cmpstr (b, ==, "abc");
}

static void
test_char_sets (void)
{
  static const struct { const char *value; DscOnpremCharSet set; gboolean bad; const char *stripped; } t[] = {
    { "john.doe@contoso.com", DSC_ONPREM_CHARS_UPN, FALSE, NULL },
    { "john doe@contoso.com", DSC_ONPREM_CHARS_UPN, TRUE, "johndoe@contoso.com" },
    { "jöhn@contoso.com", DSC_ONPREM_CHARS_UPN, TRUE, "jhn@contoso.com" },
    { "o'brien@contoso.com", DSC_ONPREM_CHARS_UPN, TRUE, "obrien@contoso.com" },
    { "a&b@contoso.com", DSC_ONPREM_CHARS_UPN, TRUE, "ab@contoso.com" },
    { "smtp:a;b@contoso.com", DSC_ONPREM_CHARS_PROXY_SMTP, TRUE, "smtp:ab@contoso.com" },
    { "sip:a;b@contoso.com", DSC_ONPREM_CHARS_PROXY_OTHER, FALSE, NULL },   /* ';' only for SMTP */
    { "sip:a b@contoso.com", DSC_ONPREM_CHARS_PROXY_OTHER, TRUE, "sip:ab@contoso.com" },
    { "X500:/o=Org/ou=Ex ch", DSC_ONPREM_CHARS_PROXY_X400, FALSE, NULL },  /* space allowed */
    { "X500:/o='Org'", DSC_ONPREM_CHARS_PROXY_X400, TRUE, "X500:/o=Org" },
    { "SMTP:a\\b@contoso.com", DSC_ONPREM_CHARS_TARGET_SMTP, TRUE, "SMTP:ab@contoso.com" },
    { "SMTP:a\\b@contoso.com", DSC_ONPREM_CHARS_PROXY_SMTP, FALSE, NULL },
    { "jdoe", DSC_ONPREM_CHARS_SAM, FALSE, NULL },
    { "j*doe+x", DSC_ONPREM_CHARS_SAM, TRUE, "jdoex" },
    { "j doe", DSC_ONPREM_CHARS_SAM, FALSE, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_test_message ("%s", t[i].value);
      g_assert_cmpint (dsc_onprem_has_invalid_chars (t[i].value, t[i].set), ==, t[i].bad);
      if (t[i].bad)
        {
          g_autofree char *s = dsc_onprem_strip_invalid_chars (t[i].value, t[i].set);
          g_assert_cmpstr (s, ==, t[i].stripped);
        }
    }
}

static void
test_rfc2822 (void)
{
  static const struct { const char *address; gboolean ok; const char *fix; } t[] = {
    { "john.doe@contoso.com", TRUE, NULL },
    { "JOHN@Contoso.COM", TRUE, NULL },
    { "john.@contoso.com", FALSE, "john@contoso.com" },
    { "john@contoso", FALSE, NULL },                 /* no TLD: nothing to repair */
    { "john", FALSE, NULL },
    { "jo@hn@contoso.com", FALSE, "john@contoso.com" },
    { "john@con_toso.com", FALSE, "john@contoso.com" },
    { "@contoso.com", FALSE, NULL },
    { "", FALSE, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autofree char *fix = NULL;
      g_test_message ("%s", t[i].address);
      g_assert_cmpint (dsc_onprem_check_rfc2822 (t[i].address, &fix), ==, t[i].ok);
      g_assert_cmpstr (fix, ==, t[i].fix);
    }
}

static void
test_domains (void)
{
  static const struct { const char *domain; gboolean routable; } t[] = {
    { "contoso.com", TRUE }, { "Contoso.COM", TRUE }, { "contoso.co.uk", TRUE },
    { "contoso.local", FALSE }, { "contoso.lan", FALSE }, { "corp.contoso.internal", FALSE },
    { "com", FALSE }, { "co.uk", FALSE }, { "localhost", FALSE }, { "", FALSE },
    { "contoso.onmicrosoft.com", TRUE },
  };
  const char *verified[] = { "contoso.com", "fabrikam.net", NULL };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_test_message ("%s", t[i].domain);
      g_assert_cmpint (dsc_onprem_domain_routable (psl, t[i].domain), ==, t[i].routable);
    }
  g_assert_true (dsc_onprem_domain_verified (verified, "contoso.com"));
  g_assert_true (dsc_onprem_domain_verified (verified, "CONTOSO.com"));
  g_assert_true (dsc_onprem_domain_verified (verified, "sales.contoso.com"));
  g_assert_false (dsc_onprem_domain_verified (verified, "notcontoso.com"));
  g_assert_false (dsc_onprem_domain_verified (verified, "contoso.org"));
  g_assert_false (dsc_onprem_domain_verified (NULL, "contoso.com"));
  g_assert_cmpstr (dsc_onprem_address_part ("SMTP:a@b.com"), ==, "a@b.com");
  g_assert_cmpstr (dsc_onprem_address_part ("sip:a@b.com"), ==, "sip:a@b.com");
  g_assert_cmpstr (dsc_onprem_domain_part ("a@b@c.com"), ==, "c.com");
  g_assert_null (dsc_onprem_domain_part ("abc"));
}

static GPtrArray *
parse (const char *ldif)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *objects = dsc_onprem_ldif_parse (ldif, strlen (ldif), &error);
  g_assert_no_error (error);
  return objects;
}

static void
test_skip (void)
{
  static const struct { const char *ldif; gboolean skip; } t[] = {
    { "dn: CN=WS01,DC=x\ncn: WS01$\nobjectClass: user\n", TRUE },
    { "dn: CN=krbtgt,DC=x\ncn: krbtgt\nobjectClass: user\n", TRUE },
    { "dn: CN=Administrator,DC=x\ncn: Administrator\nobjectClass: user\n", TRUE },
    { "dn: CN=HealthMailbox1,DC=x\ncn: HealthMailbox1\nobjectClass: user\n", TRUE },
    { "dn: CN=Domain Users,DC=x\ncn: Domain Users\nobjectClass: group\nisCriticalSystemObject: TRUE\ngroupType: -2147483646\nmail: du@x.com\n", TRUE },
    { "dn: CN=a\\0ACNF:1234,DC=x\ncn: a\nobjectClass: user\n", TRUE },
    { "dn: CN=svc,DC=x\ncn: svc\nobjectClass: user\nsAMAccountName: MSOL_abc\n", TRUE },
    { "dn: CN=mbx,DC=x\ncn: mbx\nobjectClass: user\nmsExchRecipientTypeDetails: 8388608\n", TRUE },
    { "dn: CN=mbx,DC=x\ncn: mbx\nobjectClass: user\nmsExchRecipientTypeDetails: 1\n", FALSE },
    { "dn: CN=Sec,DC=x\ncn: Sec\nobjectClass: group\ngroupType: -2147483646\n", TRUE },
    { "dn: CN=Sec,DC=x\ncn: Sec\nobjectClass: group\ngroupType: -2147483646\nmail: s@x.com\n", FALSE },
    { "dn: CN=DL,DC=x\ncn: DL\nobjectClass: group\ngroupType: 8\n", TRUE },
    { "dn: CN=DL,DC=x\ncn: DL\nobjectClass: group\ngroupType: 8\nproxyAddresses: SMTP:dl@x.com\n", FALSE },
    { "dn: CN=Jane,DC=x\ncn: Jane\nobjectClass: top\nobjectClass: person\nobjectClass: user\n", FALSE },
    { "dn: CN=Guesthouse,DC=x\ncn: Guesthouse\nobjectClass: contact\n", TRUE },   /* IdFix's prefix match */
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr(GPtrArray) objects = parse (t[i].ldif);
      g_test_message ("%s", t[i].ldif);
      g_assert_cmpuint (objects->len, ==, 1);
      g_assert_cmpint (dsc_onprem_rules_skip (g_ptr_array_index (objects, 0)), ==, t[i].skip);
    }
}

/* Runs the rules over LDIF and returns "attribute rule fix" lines for one DN. */
static char *
run (const char *ldif, const char * const *domains)
{
  g_autoptr(GPtrArray) objects = parse (ldif);
  DscOnpremRuleOptions options = { psl, domains, FALSE };
  g_autoptr(GPtrArray) findings = dsc_onprem_rules_run (&options, objects);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      DscOnpremFinding *f = g_ptr_array_index (findings, i);
      g_assert_nonnull (f->message);
      g_string_append_printf (out, "%s|%s|%s|%s|%s\n", f->dn, f->attribute, f->rule,
                              f->value != NULL ? f->value : "-", f->fix != NULL ? f->fix : "-");
    }
  return g_string_free (out, FALSE);
}

#define USER(dn, extra) "dn: " dn "\ncn: u\nobjectClass: user\ndisplayName: U\n" extra "\n"

static void
test_rules (void)
{
  static const struct { const char *ldif; const char *expect; } t[] = {
    { USER ("CN=clean", "userPrincipalName: a@contoso.com\nmail: a@contoso.com\nmailNickname: a\n"
            "proxyAddresses: SMTP:a@contoso.com\nproxyAddresses: X500:/o=Org/cn=a\nsAMAccountName: a\n"
            "targetAddress: SMTP:a@contoso.mail.onmicrosoft.com\ngivenName: A"), "" },
    { "dn: CN=nodn\ncn: NoName\nobjectClass: user\n",
      "CN=nodn|displayName|blank|-|NoName\n" },
    { USER ("CN=g", "givenName: 0123456789012345678901234567890123456789012345678901234567890123"),
      "CN=g|givenName|length|0123456789012345678901234567890123456789012345678901234567890123|012345678901234567890123456789012345678901234567890123456789012\n" },
    { USER ("CN=n", "mailNickname: ..nick"), "CN=n|mailNickname|leading-period|..nick|nick\n" },
    { USER ("CN=s", "sAMAccountName: abcdefghijklmnopqrstuvwxyz"),
      "CN=s|sAMAccountName|length|abcdefghijklmnopqrstuvwxyz|abcdefghijklmnopqrst\n" },
    { USER ("CN=s2", "sAMAccountName: a*b"), "CN=s2|sAMAccountName|character|a*b|ab\n" },
    { USER ("CN=p", "proxyAddresses: smtp:a:b@contoso.com"),
      "CN=p|proxyAddresses|character|smtp:a:b@contoso.com|smtp:ab@contoso.com\n" },
    { USER ("CN=p2", "proxyAddresses: SMTP:a b@contoso.com"),
      "CN=p2|proxyAddresses|character|SMTP:a b@contoso.com|SMTP:ab@contoso.com\n" },
    { USER ("CN=p3", "proxyAddresses: smtp:a@contoso"), "CN=p3|proxyAddresses|format|smtp:a@contoso|-\n" },
    { USER ("CN=p4", "proxyAddresses: smtp:a@contoso.local"),
      "CN=p4|proxyAddresses|not-routable|smtp:a@contoso.local|-\n" },
    { USER ("CN=p5", "proxyAddresses: smtp:a@fabrikam.com"),
      "CN=p5|proxyAddresses|not-verified|smtp:a@fabrikam.com|-\n" },
    { USER ("CN=t", "targetAddress: SMTP:a\\b@contoso.com"),
      "CN=t|targetAddress|character|SMTP:a\\b@contoso.com|SMTP:ab@contoso.com\n" },
    { USER ("CN=t2", "targetAddress: SMTP:a@fabrikam.com"), "" },   /* targets may point outside */
    { USER ("CN=u", "userPrincipalName: a b@contoso.com"),
      "CN=u|userPrincipalName|character|a b@contoso.com|ab@contoso.com\n" },
    { USER ("CN=u2", "userPrincipalName: a@contoso.local"),
      "CN=u2|userPrincipalName|not-routable|a@contoso.local|-\n" },
    { USER ("CN=u3", "userPrincipalName: a.@contoso.com"),
      "CN=u3|userPrincipalName|format|a.@contoso.com|a@contoso.com\n" },
    { USER ("CN=m", "mail: a@contoso.local"), "CN=m|mail|not-routable|a@contoso.local|-\n" },
    /* duplicates: case-insensitive, every holder, SMTP:/smtp: of one object counted once */
    { USER ("CN=d1", "proxyAddresses: SMTP:x@contoso.com\nproxyAddresses: smtp:X@contoso.com")
      USER ("CN=d2", "proxyAddresses: smtp:X@CONTOSO.com"),
      "CN=d1|proxyAddresses|duplicate|SMTP:x@contoso.com|-\nCN=d2|proxyAddresses|duplicate|smtp:X@CONTOSO.com|-\n" },
    { USER ("CN=e1", "sAMAccountName: same") USER ("CN=e2", "sAMAccountName: SAME"),
      "CN=e1|sAMAccountName|duplicate|same|-\nCN=e2|sAMAccountName|duplicate|SAME|-\n" },
    /* sAMAccountName duplicates only count without a UPN (IdFix) */
    { USER ("CN=f1", "sAMAccountName: same\nuserPrincipalName: f1@contoso.com")
      USER ("CN=f2", "sAMAccountName: same\nuserPrincipalName: f2@contoso.com"), "" },
    /* skipped objects are no duplicates either */
    { USER ("CN=h1", "mail: k@contoso.com") "dn: CN=krbtgt\ncn: krbtgt\nobjectClass: user\nmail: k@contoso.com\n", "" },
  };
  const char *verified[] = { "contoso.com", "contoso.mail.onmicrosoft.com", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autofree char *got = run (t[i].ldif, verified);
      g_test_message ("case %u", i);
      g_assert_cmpstr (got, ==, t[i].expect);
    }
}

static void
test_chain (void)
{
  /* length, then characters: one fix that resolves both */
  g_autofree char *got = run (USER ("CN=c", "sAMAccountName: a*bcdefghijklmnopqrstuvwxyz"), NULL);
  g_assert_cmpstr (got, ==,
                   "CN=c|sAMAccountName|character|a*bcdefghijklmnopqrstuvwxyz|abcdefghijklmnopqrs\n"
                   "CN=c|sAMAccountName|length|a*bcdefghijklmnopqrstuvwxyz|abcdefghijklmnopqrs\n");
}

static void
test_chain_broken (void)
{
  /* truncating the UPN cuts its domain: no fix is better than a wrong one */
  g_autofree char *got = run (USER ("CN=b", "userPrincipalName: "
    "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu@contoso.com"), NULL);
  g_auto(GStrv) lines = g_strsplit (got, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two findings and the empty tail */
  g_assert_nonnull (strstr (lines[0], "|format|"));
  g_assert_nonnull (strstr (lines[1], "|length|"));
  g_assert_true (g_str_has_suffix (lines[0], "@contoso.com|-"));   /* no fix on either */
  g_assert_true (g_str_has_suffix (lines[1], "@contoso.com|-"));
}

static void
test_ldif (void)
{
  static const char *bad[] = { "cn: x\n", "dn: x\nnocolon\n", "dn: x\ncn:< file:///etc/passwd\n" };
  const char *good = "version: 1\n# comment\ndn: CN=A,\n DC=x\nchangetype: add\ncn:: SsO2cmc=\n"
                     "objectClass: contact\nproxyAddresses: SMTP:a@x.com\nproxyAddresses: smtp:b@x.com\r\n\r\n"
                     "dn: CN=B,DC=x\nobjectClass: group\ngroupType: -2147483646\n";
  g_autoptr(GPtrArray) objects = parse (good);
  DscOnpremObject *a, *b;

  g_assert_cmpuint (objects->len, ==, 2);
  a = g_ptr_array_index (objects, 0);
  b = g_ptr_array_index (objects, 1);
  g_assert_cmpstr (a->dn, ==, "CN=A,DC=x");
  g_assert_cmpstr (a->cn, ==, "Jörg");
  g_assert_cmpint (a->kind, ==, DSC_ONPREM_KIND_CONTACT);
  g_assert_cmpuint (g_strv_length (a->proxy_addresses), ==, 2);
  g_assert_cmpint (b->kind, ==, DSC_ONPREM_KIND_GROUP);
  g_assert_true (b->has_group_type);
  g_assert_cmpint (b->group_type, <, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) none = dsc_onprem_ldif_parse (bad[i], strlen (bad[i]), &error);
      g_assert_null (none);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_join (void)
{
  g_autoptr(GPtrArray) objects = parse (
    USER ("CN=a", "userPrincipalName: A@contoso.com\nproxyAddresses: SMTP:x@contoso.com\nproxyAddresses: sip:x@contoso.com")
    USER ("CN=b", "proxyAddresses: smtp:X@CONTOSO.com")
    USER ("CN=c", "mail: x@contoso.com")                       /* no proxies: mail becomes one */
    USER ("CN=d", "mail: x@contoso.com\nproxyAddresses: SMTP:d@contoso.com")
    USER ("CN=e", "userPrincipalName: e@contoso.com"));
  DscOnpremRuleOptions options = { psl, NULL, FALSE };
  g_autoptr(GPtrArray) findings = dsc_onprem_rules_run (&options, objects);
  g_autoptr(GPtrArray) cloud = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
  g_autoptr(GPtrArray) matches = NULL;
  DscDirectoryObject *o = dsc_directory_object_new (DSC_OBJECT_USER);
  DscOnpremCloudMatch *m;
  guint dup = 0, failing = 0;

  o->id = g_strdup ("id1");
  o->display_name = g_strdup ("Cloud One");
  dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress", "smtp:x@contoso.com", 0);
  dsc_directory_object_add_error (o, "PropertyConflict", "UserPrincipalName", "a@CONTOSO.com", 0);
  dsc_directory_object_add_error (o, "PropertyConflict", "UserPrincipalName", "nobody@contoso.com", 0);
  dsc_directory_object_add_error (o, "SomethingElse", "UserPrincipalName", "e@contoso.com", 0);
  g_ptr_array_add (cloud, o);
  matches = dsc_onprem_join (cloud, objects, findings);

  g_assert_cmpuint (matches->len, ==, 3);
  m = g_ptr_array_index (matches, 0);
  g_assert_cmpuint (m->dns->len, ==, 3);   /* a, b, c — not d (its proxy is another), not sip: */
  g_assert_cmpstr (g_ptr_array_index (m->dns, 0), ==, "CN=a");
  g_assert_cmpstr (g_ptr_array_index (m->dns, 1), ==, "CN=b");
  g_assert_cmpstr (g_ptr_array_index (m->dns, 2), ==, "CN=c");
  m = g_ptr_array_index (matches, 1);
  g_assert_cmpuint (m->dns->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (m->dns, 0), ==, "CN=a");
  m = g_ptr_array_index (matches, 2);
  g_assert_cmpuint (m->dns->len, ==, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      DscOnpremCloudMatch *x = g_ptr_array_index (matches, i);
      for (guint k = 0; k < objects->len; k++)
        {
          DscOnpremObject *obj = g_ptr_array_index (objects, k);
          gboolean listed = FALSE;
          for (guint j = 0; j < x->dns->len; j++)
            listed |= g_str_equal (g_ptr_array_index (x->dns, j), obj->dn);
          g_assert_cmpint (listed, ==, dsc_onprem_object_holds (obj, x->property, x->value));
        }
    }
  for (guint i = 0; i < findings->len; i++)
    {
      DscOnpremFinding *f = g_ptr_array_index (findings, i);
      if (!g_str_equal (f->rule, "duplicate"))
        continue;
      dup++;
      failing += f->fails_in_cloud;
    }
  /* proxy duplicates a/b fail in the cloud; mail duplicates c/d: x@ is a conflict too */
  g_assert_cmpuint (dup, ==, 4);
  g_assert_cmpuint (failing, ==, 4);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  psl = psl_latest (NULL);
  g_test_add_func ("/onprem/rules/lengths", test_lengths);
  g_test_add_func ("/onprem/rules/char-sets", test_char_sets);
  g_test_add_func ("/onprem/rules/rfc2822", test_rfc2822);
  g_test_add_func ("/onprem/rules/domains", test_domains);
  g_test_add_func ("/onprem/rules/skip", test_skip);
  g_test_add_func ("/onprem/rules/rules", test_rules);
  g_test_add_func ("/onprem/rules/chain", test_chain);
  g_test_add_func ("/onprem/rules/chain-broken", test_chain_broken);
  g_test_add_func ("/onprem/ldif", test_ldif);
  g_test_add_func ("/onprem/join", test_join);
  status = g_test_run ();
  psl_free (psl);
  return status;
}

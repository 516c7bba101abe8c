/* test-conflict-diagnosis.c — one test per conflict case, the links into the
 * Entra admin center and the summary at scale (pure functions of
 * src/core/health/conflict-diagnosis.c). */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "dsc-conflict-diagnosis.h"
#include "dsc-time.h"

#define NOW ((gint64) 1796000000)

typedef struct {
  GHashTable *groups;
  GPtrArray *order;
  GPtrArray *objects;
} Fixture;

static void
fixture_init (Fixture *f)
{
  f->groups = dsc_conflict_groups_new ();
  f->order = g_ptr_array_new ();
  f->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
}

static void
fixture_clear (Fixture *f)
{
  g_ptr_array_unref (f->order);
  g_hash_table_unref (f->groups);
  g_ptr_array_unref (f->objects);
}

static DscDirectoryObject *
object (Fixture *f, DscObjectKind kind, const char *id, const char *name, DscTristate synced)
{
  DscDirectoryObject *o = dsc_directory_object_new (kind);

  o->id = g_strdup (id);
  o->display_name = g_strdup (name);
  o->on_premises_sync = synced;
  g_ptr_array_add (f->objects, o);
  return o;
}

/* @o holds (in error or not) @value of @property. */
static DscConflictGroup *
member (Fixture *f, const char *property, const char *value, DscDirectoryObject *o,
        gboolean in_error, gint64 since)
{
  DscConflictGroup *group = dsc_conflict_lookup (f->groups, f->order, property, value, TRUE);
  DscConflictMember m = { o, value, since, in_error };

  g_array_append_val (group->members, m);
  if (in_error)
    group->n_in_error++;
  return group;
}

static char *
advice (const DscConflictGroup *group, DscConflictCase *kind_out,
        const DscConflictContext *context)
{
  static const DscConflictContext plain = {
    NULL, TRUE, DSC_TRISTATE_FALSE, DSC_TRISTATE_FALSE
  };
  const DscConflictMember *quarantined, *other;
  DscConflictCase kind = dsc_conflict_classify (group, TRUE, &quarantined, &other);

  *kind_out = kind;
  return dsc_conflict_advice (kind, group, quarantined, other,
                              context != NULL ? context : &plain);
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

static void
assert_lacks (const char *haystack, const char *needle)
{
  if (haystack != NULL && strstr (haystack, needle) != NULL)
    g_error ("“%s” contains “%s”", haystack, needle);
}

/* Synced "Lee Gu" in error, cloud-only "Lee Gu" (Graph: null) holding the
 * UPN: one person twice; the fix is a match or removing the cloud copy. */
static void
test_same_person (void)
{
  Fixture f;
  DscConflictGroup *group;
  DscConflictCase kind;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  fixture_init (&f);
  member (&f, "UserPrincipalName", "LeeG@contoso.com",
          object (&f, DSC_OBJECT_USER, "1", "Lee Gu", DSC_TRISTATE_TRUE), TRUE, NOW - DSC_DAY);
  group = member (&f, "UserPrincipalName", "LeeG@contoso.com",
                  object (&f, DSC_OBJECT_USER, "2", " lee gu ", DSC_TRISTATE_UNKNOWN), FALSE, 0);
  text = advice (group, &kind, NULL);
  label = dsc_conflict_case_label (kind, group);

  g_assert_cmpint (kind, ==, DSC_CONFLICT_SAME_PERSON);
  g_assert_cmpstr (dsc_conflict_case_to_string (kind), ==, "same-person");
  g_assert_cmpstr (label, ==, "Same person? Join the accounts");
  assert_contains (text, "Most likely the same person");
  assert_contains (text, "hard-match");
  assert_contains (text, "soft match");
  assert_contains (text, "delete it");
  assert_lacks (text, "Soft matching is blocked");

  /* The tenant's settings narrow the way to join them. */
  {
    DscConflictContext blocked = { NULL, TRUE, DSC_TRISTATE_TRUE, DSC_TRISTATE_FALSE };
    g_autofree char *with_block = advice (group, &kind, &blocked);

    assert_contains (with_block, "Soft matching is blocked in this tenant");
  }
  fixture_clear (&f);
}

/* Different names: not the same person, just a cloud-only user in the way. */
static void
test_cloud_user_holder (void)
{
  Fixture f;
  DscConflictGroup *upn, *proxy;
  DscConflictCase kind;
  g_autofree char *upn_text = NULL;
  g_autofree char *proxy_text = NULL;
  DscDirectoryObject *synced, *cloud;

  fixture_init (&f);
  synced = object (&f, DSC_OBJECT_USER, "1", "Bob Kelly", DSC_TRISTATE_TRUE);
  cloud = object (&f, DSC_OBJECT_USER, "2", "Reception desk", DSC_TRISTATE_FALSE);
  member (&f, "UserPrincipalName", "bob@contoso.com", synced, TRUE, NOW);
  upn = member (&f, "UserPrincipalName", "bob@contoso.com", cloud, FALSE, 0);
  member (&f, "ProxyAddress", "smtp:desk@contoso.com", synced, TRUE, NOW);
  proxy = member (&f, "ProxyAddress", "smtp:desk@contoso.com", cloud, FALSE, 0);

  upn_text = advice (upn, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_CLOUD_USER_HOLDER);
  assert_contains (upn_text, "Reception desk is a cloud-only user, so change it in Entra");
  proxy_text = advice (proxy, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_CLOUD_USER_HOLDER);
  assert_contains (proxy_text, "Exchange admin center");
  assert_contains (proxy_text, "smtp:desk@contoso.com");
  fixture_clear (&f);
}

/* Synced on both sides: fixed in Active Directory, naming the DNs when the
 * on-premises scan has them. */
static void
test_edit_on_premises (void)
{
  Fixture f;
  DscConflictGroup *group;
  DscConflictCase kind;
  g_autofree char *unscanned = NULL;
  g_autofree char *scanned = NULL;
  const char *dns[] = { "CN=Patti Fernandez,OU=Sales,DC=contoso,DC=com", NULL };
  DscConflictContext context = { dns, TRUE, DSC_TRISTATE_UNKNOWN, DSC_TRISTATE_UNKNOWN };
  DscConflictContext no_scan = { NULL, FALSE, DSC_TRISTATE_UNKNOWN, DSC_TRISTATE_UNKNOWN };

  fixture_init (&f);
  member (&f, "ProxyAddress", "smtp:ceo@contoso.com",
          object (&f, DSC_OBJECT_USER, "1", "Patti Fernandez", DSC_TRISTATE_TRUE), TRUE, NOW);
  group = member (&f, "ProxyAddress", "smtp:ceo@contoso.com",
                  object (&f, DSC_OBJECT_USER, "2", "Executive Office", DSC_TRISTATE_TRUE),
                  FALSE, 0);

  unscanned = advice (group, &kind, &no_scan);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_EDIT_ON_PREMISES);
  assert_contains (unscanned, "synced from Active Directory, so fix it there");
  assert_contains (unscanned, "proxyAddresses");
  assert_contains (unscanned, "The on-premises scan names");
  assert_lacks (unscanned, "contact");

  scanned = advice (group, &kind, &context);
  assert_contains (scanned,
                   "In Active Directory: Patti Fernandez: CN=Patti Fernandez,OU=Sales,DC=contoso,DC=com.");
  assert_lacks (scanned, "The on-premises scan names");
  fixture_clear (&f);
}

/* Two synced accounts with one name: likely one person with two accounts. */
static void
test_edit_on_premises_twins (void)
{
  Fixture f;
  DscConflictGroup *group;
  DscConflictCase kind;
  g_autofree char *text = NULL;

  fixture_init (&f);
  member (&f, "UserPrincipalName", "MeganB@contoso.com",
          object (&f, DSC_OBJECT_USER, "1", "Megan Bowen", DSC_TRISTATE_TRUE), TRUE, NOW);
  group = member (&f, "UserPrincipalName", "MeganB@contoso.com",
                  object (&f, DSC_OBJECT_USER, "2", "Megan Bowen", DSC_TRISTATE_TRUE), FALSE, 0);
  text = advice (group, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_EDIT_ON_PREMISES);
  assert_contains (text, "another UPN");
  assert_contains (text, "two accounts in Active Directory");
  fixture_clear (&f);
}

/* A guest holds the address of a synced contact: changed in Entra, not AD. */
static void
test_guest_holder (void)
{
  Fixture f;
  DscConflictGroup *group;
  DscConflictCase kind;
  g_autofree char *text = NULL;
  DscDirectoryObject *guest;

  fixture_init (&f);
  member (&f, "ProxyAddress", "SMTP:rob.young@fabrikam.com",
          object (&f, DSC_OBJECT_CONTACT, "1", "Rob Young (Fabrikam)", DSC_TRISTATE_TRUE),
          TRUE, NOW);
  guest = object (&f, DSC_OBJECT_USER, "2", "Rob Young", DSC_TRISTATE_UNKNOWN);
  guest->user_type = g_strdup ("Guest");
  group = member (&f, "ProxyAddress", "SMTP:rob.young@fabrikam.com", guest, FALSE, 0);

  text = advice (group, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_GUEST_HOLDER);
  assert_contains (text, "Rob Young is a guest account");
  assert_contains (text, "changed in Entra, not in Active Directory");
  g_assert_true (dsc_conflict_object_is_guest (guest));

  /* Without userType, the guest UPN form tells. */
  g_clear_pointer (&guest->user_type, g_free);
  guest->user_principal_name = g_strdup ("rob.young_fabrikam.com#EXT#@contoso.onmicrosoft.com");
  g_assert_true (dsc_conflict_object_is_guest (guest));
  g_assert_cmpint (dsc_conflict_classify (group, TRUE, NULL, NULL), ==,
                   DSC_CONFLICT_GUEST_HOLDER);
  /* A member says so even with a #EXT# UPN. */
  guest->user_type = g_strdup ("Member");
  g_assert_false (dsc_conflict_object_is_guest (guest));
  fixture_clear (&f);
}

/* Cloud-only groups and contacts are Exchange Online recipients. */
static void
test_cloud_group_and_contact_holders (void)
{
  Fixture f;
  DscConflictGroup *by_group, *by_contact;
  DscConflictCase kind;
  g_autofree char *group_text = NULL;
  g_autofree char *contact_text = NULL;
  g_autofree char *label = NULL;

  fixture_init (&f);
  member (&f, "ProxyAddress", "SMTP:marketing@contoso.com",
          object (&f, DSC_OBJECT_GROUP, "1", "Marketing", DSC_TRISTATE_TRUE), TRUE, NOW);
  by_group = member (&f, "ProxyAddress", "SMTP:marketing@contoso.com",
                     object (&f, DSC_OBJECT_GROUP, "2", "Marketing Team", DSC_TRISTATE_UNKNOWN),
                     FALSE, 0);
  member (&f, "ProxyAddress", "SMTP:kim@northwind.com",
          object (&f, DSC_OBJECT_CONTACT, "3", "Kim Akers (Northwind)", DSC_TRISTATE_TRUE),
          TRUE, NOW);
  by_contact = member (&f, "ProxyAddress", "SMTP:kim@northwind.com",
                       object (&f, DSC_OBJECT_CONTACT, "4", "Kim Akers", DSC_TRISTATE_FALSE),
                       FALSE, 0);

  group_text = advice (by_group, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_CLOUD_GROUP_HOLDER);
  assert_contains (group_text, "Marketing Team is a cloud-only group");
  assert_contains (group_text, "Exchange admin center");

  contact_text = advice (by_contact, &kind, NULL);
  label = dsc_conflict_case_label (kind, by_contact);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_CLOUD_CONTACT_HOLDER);
  g_assert_cmpstr (label, ==, "Cloud contact holds it: change in Exchange Online");
  assert_contains (contact_text, "Recipients > Contacts");
  fixture_clear (&f);
}

/* The most specific other object decides; the quarantined one is the first in error. */
static void
test_classify_prefers_specific (void)
{
  Fixture f;
  DscConflictGroup *group;
  const DscConflictMember *quarantined, *other;
  DscDirectoryObject *guest;

  fixture_init (&f);
  member (&f, "ProxyAddress", "smtp:x@contoso.com",
          object (&f, DSC_OBJECT_USER, "1", "Synced", DSC_TRISTATE_TRUE), TRUE, NOW);
  member (&f, "ProxyAddress", "smtp:x@contoso.com",
          object (&f, DSC_OBJECT_USER, "2", "Also synced", DSC_TRISTATE_TRUE), FALSE, 0);
  guest = object (&f, DSC_OBJECT_USER, "3", "Guest", DSC_TRISTATE_UNKNOWN);
  guest->user_type = g_strdup ("Guest");
  group = member (&f, "ProxyAddress", "smtp:x@contoso.com", guest, FALSE, 0);

  g_assert_cmpint (dsc_conflict_classify (group, TRUE, &quarantined, &other), ==,
                   DSC_CONFLICT_GUEST_HOLDER);
  g_assert_cmpstr (quarantined->object->id, ==, "1");
  g_assert_cmpstr (other->object->id, ==, "3");
  fixture_clear (&f);
}

static void
test_holder_missing (void)
{
  Fixture f;
  DscConflictGroup *group;
  DscConflictCase kind;
  g_autofree char *text = NULL;

  fixture_init (&f);
  group = member (&f, "ProxyAddress", "smtp:partners@contoso.com",
                  object (&f, DSC_OBJECT_CONTACT, "1", "Partners", DSC_TRISTATE_TRUE), TRUE, NOW);
  text = advice (group, &kind, NULL);
  g_assert_cmpint (kind, ==, DSC_CONFLICT_HOLDER_NOT_FOUND);
  assert_contains (text, "Deleted users");
  assert_contains (text, "30 days");
  g_assert_cmpint (dsc_conflict_classify (group, FALSE, NULL, NULL), ==,
                   DSC_CONFLICT_HOLDER_UNREAD);
  fixture_clear (&f);
}

static void
test_admin_urls (void)
{
  g_autofree char *user = dsc_entra_admin_url ("graph.microsoft.com", DSC_OBJECT_USER,
                                               "0a1b2c3d-0000-4000-8000-000000000001");
  g_autofree char *group = dsc_entra_admin_url ("dod-graph.microsoft.us", DSC_OBJECT_GROUP,
                                                "0a1b2c3d-0000-4000-8000-000000000002");
  g_autofree char *china = dsc_entra_admin_url ("microsoftgraph.chinacloudapi.cn",
                                                DSC_OBJECT_USER, "abc");
  g_autofree char *contact = dsc_entra_admin_url ("graph.microsoft.com", DSC_OBJECT_CONTACT,
                                                  "0a1b2c3d-0000-4000-8000-000000000003");
  g_autofree char *hostile = dsc_entra_admin_url ("graph.microsoft.com", DSC_OBJECT_USER,
                                                  "x\"><script>");

  g_assert_cmpstr (user, ==,
                   "https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/"
                   "UserProfileMenuBlade/~/overview/userId/0a1b2c3d-0000-4000-8000-000000000001");
  g_assert_cmpstr (group, ==,
                   "https://entra.microsoft.us/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/"
                   "~/Overview/groupId/0a1b2c3d-0000-4000-8000-000000000002");
  g_assert_true (g_str_has_prefix (china, "https://entra.microsoftonline.cn/"));
  g_assert_null (contact);
  g_assert_null (hostile);
  g_assert_cmpstr (dsc_entra_admin_host ("graph.microsoft.us"), ==, "entra.microsoft.us");
  g_assert_cmpstr (dsc_entra_admin_host ("127.0.0.1:8080"), ==, "entra.microsoft.com");
  g_assert_cmpstr (dsc_entra_admin_host (NULL), ==, "entra.microsoft.com");
}

static void
test_value_domain_and_age (void)
{
  g_autofree char *a = dsc_conflict_value_domain ("smtp:Sales@Contoso.COM");
  g_autofree char *b = dsc_conflict_value_domain ("no-domain");

  g_assert_cmpstr (a, ==, "contoso.com");
  g_assert_null (b);
  g_assert_cmpuint (dsc_conflict_age_bucket (0, NOW), ==, DSC_AGE_UNKNOWN);
  g_assert_cmpuint (dsc_conflict_age_bucket (NOW - 3600, NOW), ==, DSC_AGE_UNDER_1_DAY);
  g_assert_cmpuint (dsc_conflict_age_bucket (NOW - 7 * DSC_DAY, NOW), ==, DSC_AGE_1_TO_7_DAYS);
  g_assert_cmpuint (dsc_conflict_age_bucket (NOW - 30 * DSC_DAY, NOW), ==,
                    DSC_AGE_8_TO_30_DAYS);
  g_assert_cmpuint (dsc_conflict_age_bucket (NOW - 31 * DSC_DAY, NOW), ==,
                    DSC_AGE_OVER_30_DAYS);
}

/* 5 000 conflicts over eight domains: counted per value, the top domains
 * named, the rest together, every count grouped by the locale. */
static void
test_summary_at_scale (void)
{
  Fixture f;
  DscDirectoryObject *o;
  DscConflictSummary *summary;
  g_auto(GStrv) lines = NULL;
  guint total_domains = 0;

  fixture_init (&f);
  o = object (&f, DSC_OBJECT_USER, "1", "Someone", DSC_TRISTATE_TRUE);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *value = g_strdup_printf ("user%u@domain%u.example", i, i % 8);
      gboolean upn = i % 4 == 0;

      member (&f, upn ? "UserPrincipalName" : "ProxyAddress", value, o, TRUE,
              i % 10 == 0 ? 0 : NOW - (gint64) (i % 40) * DSC_DAY);
    }

  summary = dsc_conflict_summarize (f.order, NOW, 5);
  g_assert_cmpuint (summary->n_values, ==, 5000);
  g_assert_cmpuint (summary->by_attribute->len, ==, 2);
  g_assert_cmpstr (g_array_index (summary->by_attribute, DscSummaryCount, 0).key, ==,
                   "ProxyAddress");
  g_assert_cmpuint (g_array_index (summary->by_attribute, DscSummaryCount, 0).count, ==, 3750);
  g_assert_cmpuint (summary->by_domain->len, ==, 6);
  g_assert_null (g_array_index (summary->by_domain, DscSummaryCount, 5).key);
  g_assert_cmpuint (g_array_index (summary->by_domain, DscSummaryCount, 5).count, ==, 3 * 625);
  for (guint i = 0; i < summary->by_domain->len; i++)
    total_domains += g_array_index (summary->by_domain, DscSummaryCount, i).count;
  g_assert_cmpuint (total_domains, ==, 5000);
  g_assert_cmpuint (summary->by_age[DSC_AGE_UNKNOWN], ==, 500);
  g_assert_cmpuint (summary->by_age[DSC_AGE_UNDER_1_DAY] + summary->by_age[DSC_AGE_1_TO_7_DAYS]
                    + summary->by_age[DSC_AGE_8_TO_30_DAYS]
                    + summary->by_age[DSC_AGE_OVER_30_DAYS], ==, 4500);

  lines = dsc_conflict_summary_dup_lines (summary);
  g_assert_cmpstr (lines[0], ==, "5,000 conflicting values");
  g_assert_cmpstr (lines[1], ==, "By attribute: 3,750 proxy addresses · 1,250 UPNs");
  assert_contains (lines[2], "By domain: domain0.example 625");
  assert_contains (lines[2], "other domains 1,875");
  assert_contains (lines[3], "In error for: ");
  assert_contains (lines[3], "age unknown: 500");
  g_assert_null (lines[4]);

  dsc_conflict_summary_free (summary);
  fixture_clear (&f);
}

/* One group per value as the collector compares it: property spelling, case,
 * "smtp:" and Unicode case folding don't split a conflict; long values work. */
static void
test_lookup_groups_by_value (void)
{
  Fixture f;
  g_autofree char *long_a = g_strnfill (600, 'a');
  g_autofree char *long_upper = g_strnfill (600, 'A');
  g_autofree char *long_b = g_strnfill (600, 'b');
  DscConflictGroup *group;

  fixture_init (&f);
  group = dsc_conflict_lookup (f.groups, f.order, "ProxyAddress", "SMTP:Sales@Contoso.com", TRUE);
  g_assert_true (dsc_conflict_lookup (f.groups, f.order, "proxyaddress", "sales@contoso.com",
                                      FALSE) == group);
  g_assert_null (dsc_conflict_lookup (f.groups, f.order, "UserPrincipalName",
                                      "sales@contoso.com", FALSE));
  group = dsc_conflict_lookup (f.groups, f.order, "UserPrincipalName", "Jörg@Contoso.com", TRUE);
  g_assert_true (dsc_conflict_lookup (f.groups, f.order, "userPrincipalName", "JÖRG@contoso.com",
                                      FALSE) == group);
  group = dsc_conflict_lookup (f.groups, f.order, "ProxyAddress", long_a, TRUE);
  g_assert_true (dsc_conflict_lookup (f.groups, f.order, "ProxyAddress", long_upper, FALSE)
                 == group);
  g_assert_null (dsc_conflict_lookup (f.groups, f.order, "ProxyAddress", long_b, FALSE));
  g_assert_cmpuint (f.order->len, ==, 3);
  fixture_clear (&f);
}

/* The advice's formatter: %s in turn, %N$s by position, %%, NULL as "". */
static void
test_format_s (void)
{
  g_autofree char *plain = FORMAT_S ("%s holds %s.", "Adele", "sales@contoso.com");
  g_autofree char *positional = FORMAT_S ("%2$s, then %1$s and %2$s again", "one", "two");
  g_autofree char *percent = FORMAT_S ("100%% of %s", NULL);
  g_autofree char *none = FORMAT_S ("no conversion", "unused");
  g_autoptr(GString) out = g_string_new ("start: ");

  g_assert_cmpstr (plain, ==, "Adele holds sales@contoso.com.");
  g_assert_cmpstr (positional, ==, "two, then one and two again");
  g_assert_cmpstr (percent, ==, "100% of ");
  g_assert_cmpstr (none, ==, "no conversion");
  APPEND_FORMAT_S (out, "%1$s%1$s|%s", "ab", "cd");
  g_assert_cmpstr (out->str, ==, "start: abab|ab");
  g_assert_cmpuint (out->len, ==, strlen (out->str));
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/conflict-diagnosis/same-person", test_same_person);
  g_test_add_func ("/core/conflict-diagnosis/cloud-user-holder", test_cloud_user_holder);
  g_test_add_func ("/core/conflict-diagnosis/edit-on-premises", test_edit_on_premises);
  g_test_add_func ("/core/conflict-diagnosis/edit-on-premises-twins",
                   test_edit_on_premises_twins);
  g_test_add_func ("/core/conflict-diagnosis/guest-holder", test_guest_holder);
  g_test_add_func ("/core/conflict-diagnosis/cloud-group-and-contact",
                   test_cloud_group_and_contact_holders);
  g_test_add_func ("/core/conflict-diagnosis/prefers-specific", test_classify_prefers_specific);
  g_test_add_func ("/core/conflict-diagnosis/holder-missing", test_holder_missing);
  g_test_add_func ("/core/conflict-diagnosis/admin-urls", test_admin_urls);
  g_test_add_func ("/core/conflict-diagnosis/domain-and-age", test_value_domain_and_age);
  g_test_add_func ("/core/conflict-diagnosis/summary-at-scale", test_summary_at_scale);
  g_test_add_func ("/core/conflict-diagnosis/lookup-groups-by-value", test_lookup_groups_by_value);
  g_test_add_func ("/core/conflict-diagnosis/format-s", test_format_s);

  return g_test_run ();
}

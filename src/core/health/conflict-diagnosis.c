/* conflict-diagnosis.c — per conflict: which case it is, what to do and where;
 * the summary of all conflicts; links into the Entra admin center.
 *
 * The wording follows Microsoft's "Identity synchronization and duplicate
 * attribute resiliency" (the quarantine, its hourly release) and the soft /
 * hard match of Entra Connect.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-conflict-diagnosis.h"

gboolean
dsc_conflict_object_is_guest (const DscDirectoryObject *object)
{
  if (object == NULL || object->kind != DSC_OBJECT_USER)
    return FALSE;
  if (object->user_type != NULL)
    return g_ascii_strcasecmp (object->user_type, "Guest") == 0;
  return object->user_principal_name != NULL
    && strstr (object->user_principal_name, "#EXT#") != NULL;
}

static char *
folded_name (const DscDirectoryObject *object)
{
  g_autofree char *copy = NULL;

  if (object == NULL || dsc_health_str_empty (object->display_name)
      || !g_utf8_validate (object->display_name, -1, NULL))
    return NULL;
  copy = g_strstrip (g_strdup (object->display_name));
  return *copy != '\0' ? g_utf8_casefold (copy, -1) : NULL;
}

/* @str without leading and trailing ASCII spaces: start and length. */
static const char *
trimmed (const char *str, gsize *len)
{
  gsize n;

  while (*str == ' ')
    str++;
  n = strlen (str);
  while (n > 0 && str[n - 1] == ' ')
    n--;
  *len = n;
  return str;
}

gboolean
dsc_conflict_same_name (const DscDirectoryObject *a, const DscDirectoryObject *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  /* ASCII names (almost all): compared in place. */
  if (a != NULL && b != NULL && a->display_name != NULL && b->display_name != NULL
      && g_str_is_ascii (a->display_name) && g_str_is_ascii (b->display_name))
    {
      gsize la, lb;
      const char *ta = trimmed (a->display_name, &la);
      const char *tb = trimmed (b->display_name, &lb);

      return la > 0 && la == lb && g_ascii_strncasecmp (ta, tb, la) == 0;
    }
  fa = folded_name (a);
  fb = folded_name (b);
  return fa != NULL && fb != NULL && strcmp (fa, fb) == 0;
}

DscConflictCase
dsc_conflict_classify_pair (const DscDirectoryObject *quarantined,
                            const DscDirectoryObject *other)
{
  if (dsc_conflict_object_is_guest (other))
    return DSC_CONFLICT_GUEST_HOLDER;

  /* Graph: null = never synced, false = no longer synced; both are managed
   * in the cloud. */
  if (other->on_premises_sync != DSC_TRISTATE_TRUE)
    {
      if (other->kind == DSC_OBJECT_CONTACT)
        return DSC_CONFLICT_CLOUD_CONTACT_HOLDER;
      if (other->kind == DSC_OBJECT_GROUP)
        return DSC_CONFLICT_CLOUD_GROUP_HOLDER;
      if (quarantined->kind == DSC_OBJECT_USER
          && quarantined->on_premises_sync == DSC_TRISTATE_TRUE
          && dsc_conflict_same_name (quarantined, other))
        return DSC_CONFLICT_SAME_PERSON;
      return DSC_CONFLICT_CLOUD_USER_HOLDER;
    }

  if (other->on_premises_sync == DSC_TRISTATE_TRUE
      && quarantined->on_premises_sync == DSC_TRISTATE_TRUE)
    return DSC_CONFLICT_EDIT_ON_PREMISES;
  return DSC_CONFLICT_DECIDE;
}

/* Which case wins when a value has several other objects: the most specific
 * advice first. */
static guint
case_rank (DscConflictCase kind)
{
  switch (kind)
    {
    case DSC_CONFLICT_SAME_PERSON: return 0;
    case DSC_CONFLICT_GUEST_HOLDER: return 1;
    case DSC_CONFLICT_CLOUD_CONTACT_HOLDER: return 2;
    case DSC_CONFLICT_CLOUD_GROUP_HOLDER: return 3;
    case DSC_CONFLICT_CLOUD_USER_HOLDER: return 4;
    case DSC_CONFLICT_EDIT_ON_PREMISES: return 5;
    case DSC_CONFLICT_DECIDE:
    case DSC_CONFLICT_HOLDER_NOT_FOUND:
    case DSC_CONFLICT_HOLDER_UNREAD:
    default:
      return 6;
    }
}

DscConflictCase
dsc_conflict_classify (const DscConflictGroup   *group,
                       gboolean                  holders_read,
                       const DscConflictMember **quarantined_out,
                       const DscConflictMember **other_out)
{
  const DscConflictMember *quarantined = NULL;
  const DscConflictMember *best = NULL;
  DscConflictCase best_case = DSC_CONFLICT_DECIDE;

  for (guint i = 0; i < group->members->len && quarantined == NULL; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      if (m->in_error)
        quarantined = m;
    }
  if (quarantined == NULL && group->members->len > 0)
    quarantined = &g_array_index (group->members, DscConflictMember, 0);

  if (quarantined_out != NULL)
    *quarantined_out = quarantined;
  if (other_out != NULL)
    *other_out = NULL;

  if (group->members->len < 2)
    return holders_read ? DSC_CONFLICT_HOLDER_NOT_FOUND : DSC_CONFLICT_HOLDER_UNREAD;

  /* The current holders first (not in error), then the other quarantined ones. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < group->members->len; i++)
      {
        const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);
        DscConflictCase kind;

        if (m == quarantined || m->in_error != (pass == 1))
          continue;
        kind = dsc_conflict_classify_pair (quarantined->object, m->object);
        if (best == NULL || case_rank (kind) < case_rank (best_case))
          {
            best = m;
            best_case = kind;
          }
      }

  if (other_out != NULL)
    *other_out = best;
  return best_case;
}

const char *
dsc_conflict_case_to_string (DscConflictCase kind)
{
  switch (kind)
    {
    case DSC_CONFLICT_SAME_PERSON: return "same-person";
    case DSC_CONFLICT_EDIT_ON_PREMISES: return "edit-on-premises";
    case DSC_CONFLICT_GUEST_HOLDER: return "guest-holder";
    case DSC_CONFLICT_CLOUD_USER_HOLDER: return "cloud-user-holder";
    case DSC_CONFLICT_CLOUD_GROUP_HOLDER: return "cloud-group-holder";
    case DSC_CONFLICT_CLOUD_CONTACT_HOLDER: return "cloud-contact-holder";
    case DSC_CONFLICT_HOLDER_NOT_FOUND: return "holder-not-found";
    case DSC_CONFLICT_HOLDER_UNREAD: return "holder-unread";
    case DSC_CONFLICT_DECIDE:
    default:
      return "decide";
    }
}

/* @slot, set to @msg (a _() call, made only then) the first time. */
#define TR(slot, msg) ((slot) != NULL ? (slot) : ((slot) = (msg)))

static DscConflictCase
known_case (DscConflictCase kind)
{
  return (guint) kind <= DSC_CONFLICT_HOLDER_UNREAD ? kind : DSC_CONFLICT_DECIDE;
}

const char *
dsc_conflict_case_label_in (DscConflictAdviceTexts *texts, DscConflictCase kind,
                            const DscConflictGroup *group)
{
  const char **label = texts->label;

  switch (known_case (kind))
    {
    case DSC_CONFLICT_SAME_PERSON:
      return TR (label[kind], _("Same person? Join the accounts"));
    case DSC_CONFLICT_EDIT_ON_PREMISES:
      return TR (label[kind], _("Edit in Active Directory"));
    case DSC_CONFLICT_GUEST_HOLDER:
      return TR (label[kind], _("Guest holds it: change in Entra"));
    case DSC_CONFLICT_CLOUD_USER_HOLDER:
      if (dsc_conflict_is_upn_property (group->property))
        return TR (label[DSC_CONFLICT_HOLDER_UNREAD + 1],
                   _("Cloud-only user holds it: change in Entra"));
      return TR (label[kind], _("Cloud-only user holds it: change in Exchange Online"));
    case DSC_CONFLICT_CLOUD_GROUP_HOLDER:
      return TR (label[kind], _("Cloud group holds it: change in Exchange Online"));
    case DSC_CONFLICT_CLOUD_CONTACT_HOLDER:
      return TR (label[kind], _("Cloud contact holds it: change in Exchange Online"));
    case DSC_CONFLICT_HOLDER_NOT_FOUND:
      return TR (label[kind], _("Holder not found: check deleted objects"));
    case DSC_CONFLICT_HOLDER_UNREAD:
      return TR (label[kind], _("Holder could not be read"));
    case DSC_CONFLICT_DECIDE:
    default:
      return TR (label[DSC_CONFLICT_DECIDE], _("Decide which object keeps it"));
    }
}

char *
dsc_conflict_case_label (DscConflictCase kind, const DscConflictGroup *group)
{
  DscConflictAdviceTexts texts = { { NULL } };

  return g_strdup (dsc_conflict_case_label_in (&texts, kind, group));
}

static const char *
member_name (const DscConflictMember *member)
{
  return dsc_conflict_object_name (member != NULL ? member->object : NULL, "?");
}

/* Appends " In Active Directory: Adele Vance: CN=Adele Vance,OU=Sales,DC=contoso,DC=com; …."
 * when the scan found DNs; FALSE when it found none. */
static gboolean
append_known_dns (GString *out, DscConflictAdviceTexts *t, const DscConflictGroup *group,
                  const DscConflictContext *context)
{
  g_autoptr(GString) dns = NULL;
  gboolean any = FALSE;

  for (guint i = 0; context->dns != NULL && i < group->members->len && !any; i++)
    any = context->dns[i] != NULL && *context->dns[i] != '\0';
  if (!any)
    return FALSE;
  dns = g_string_sized_new (256);
  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      if (context->dns[i] == NULL || *context->dns[i] == '\0')
        continue;
      if (dns->len > 0)
        g_string_append (dns, "; ");
      /* Translators: an object and its on-premises distinguished name */
      APPEND_FORMAT_S (dns, TR (t->object_dn, C_("object and DN", "%s: %s")), member_name (m),
                       context->dns[i]);
    }
  if (dns->len == 0)
    return FALSE;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  APPEND_FORMAT_S (out, TR (t->where, _("In Active Directory: %s.")), dns->str);
  return TRUE;
}

/* A synced contact next to a synced user or group with the same address. */
static gboolean
contact_beside_recipient (const DscConflictGroup *group)
{
  gboolean contact = FALSE;
  gboolean recipient = FALSE;

  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      if (m->object->kind == DSC_OBJECT_CONTACT)
        contact = TRUE;
      else
        recipient = TRUE;
    }
  return contact && recipient;
}

static void
append_case_text (GString                  *out,
                  DscConflictAdviceTexts   *t,
                  DscConflictCase           kind,
                  const DscConflictGroup   *group,
                  const DscConflictMember  *quarantined,
                  const DscConflictMember  *other)
{
  gboolean upn = dsc_conflict_is_upn_property (group->property);
  const char *q = member_name (quarantined);
  const char *o = member_name (other);
  const char *value = group->value;
  const char **text = t->text;

  switch (known_case (kind))
    {
    case DSC_CONFLICT_SAME_PERSON:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("Most likely the same person: %1$s is synced from Active Directory and %2$s is a "
          "cloud-only account with the same name. Don't rename the value; join the two "
          "accounts. If nothing in the cloud-only account is needed, delete it. To keep it, "
          "take the on-premises account out of sync scope, permanently delete its synced copy "
          "from Deleted users, then hard-match (set the cloud account's onPremisesImmutableId "
          "to the on-premises objectGUID in Base64) or let a soft match on the UPN or primary "
          "SMTP address join them, and bring the account back into scope.")), q, o);
      return;
    case DSC_CONFLICT_EDIT_ON_PREMISES:
      if (upn)
        {
          APPEND_FORMAT_S (out, TR (text[DSC_CONFLICT_HOLDER_UNREAD + 1],
            _("The objects are synced from Active Directory, so fix it there: give %1$s or %2$s "
              "another UPN (Active Directory Users and Computers or Set-ADUser) and let the next "
              "sync run. Entra releases the quarantined value within about an hour.")), q, o);
          return;
        }
      APPEND_FORMAT_S (out, TR (text[kind],
        _("The objects are synced from Active Directory, so fix it there: remove %1$s from "
          "the proxyAddresses of the object that shouldn't have it (%2$s or %3$s) and let the "
          "next sync run. Entra releases the quarantined value within about an hour. Where "
          "Exchange Server manages the addresses, change them in Exchange, or an email address "
          "policy adds the value back.")), value, q, o);
      return;
    case DSC_CONFLICT_GUEST_HOLDER:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("%1$s is a guest account: its address comes from the invitation and exists only in "
          "Entra, so it is changed in Entra, not in Active Directory. If the guest and %2$s "
          "stand for the same external person, keep one: delete the guest in the Entra admin "
          "center, or stop syncing %2$s.")), o, q);
      return;
    case DSC_CONFLICT_CLOUD_USER_HOLDER:
      if (upn)
        {
          APPEND_FORMAT_S (out, TR (text[DSC_CONFLICT_HOLDER_UNREAD + 2],
            _("%1$s is a cloud-only user, so change it in Entra: give it another UPN in the "
              "Entra admin center. If it should keep this UPN, change the UPN of %2$s in Active "
              "Directory instead.")), o, q);
          return;
        }
      APPEND_FORMAT_S (out, TR (text[kind],
        _("%1$s is a cloud-only user, so its addresses are changed in Exchange Online: remove "
          "%3$s from its email addresses in the Exchange admin center. If it should keep the "
          "address, remove it from %2$s in Active Directory instead.")), o, q, value);
      return;
    case DSC_CONFLICT_CLOUD_GROUP_HOLDER:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("%1$s is a cloud-only group (a Microsoft 365 group or a distribution list created in "
          "Exchange Online): remove %3$s from its email addresses in the Exchange admin center. "
          "If the group should keep the address, remove it from %2$s in Active Directory "
          "instead.")), o, q, value);
      return;
    case DSC_CONFLICT_CLOUD_CONTACT_HOLDER:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("%1$s is a mail contact created in Exchange Online. Now that %2$s is synced with the "
          "same address, the contact is usually redundant: delete it, or change its address, in "
          "the Exchange admin center under Recipients > Contacts.")), o, q);
      return;
    case DSC_CONFLICT_HOLDER_NOT_FOUND:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("No other object holds %1$s now. A deleted user or group keeps its addresses for 30 "
          "days: look in Deleted users and Deleted groups in the Entra admin center and restore "
          "or permanently delete it. Otherwise another object may hold the value in another "
          "attribute (for example as a UPN instead of a proxy address).")), value);
      return;
    case DSC_CONFLICT_HOLDER_UNREAD:
      APPEND_FORMAT_S (out, TR (text[kind],
        _("The other objects holding %1$s could not be read. Find the holder in the Entra "
          "admin center, then change the value where that object is managed.")), value);
      return;
    case DSC_CONFLICT_DECIDE:
    default:
      APPEND_FORMAT_S (out, TR (text[DSC_CONFLICT_DECIDE],
        _("Decide which object keeps %1$s and remove it from the others where each is "
          "managed: in Active Directory for synced objects, in Entra or Exchange Online for "
          "cloud-only ones.")), value);
      return;
    }
}

/* Appends " @part" (as JOIN (" ", …) would: nothing when empty, no space first). */
static void
append_part (GString *out, const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, part);
}

char *
dsc_conflict_advice (DscConflictCase           kind,
                     const DscConflictGroup   *group,
                     const DscConflictMember  *quarantined,
                     const DscConflictMember  *other,
                     const DscConflictContext *context)
{
  DscConflictAdviceTexts local = { { NULL } };
  DscConflictAdviceTexts *t = context->texts != NULL ? context->texts : &local;
  /* The case's text, then what applies of the rest, in one string. */
  GString *out = g_string_sized_new (1024);
  char *text;

  append_case_text (out, t, kind, group, quarantined, other);

  if (kind == DSC_CONFLICT_SAME_PERSON)
    {
      if (context->block_soft_match == DSC_TRISTATE_TRUE)
        append_part (out, TR (t->soft_match_blocked,
          _("Soft matching is blocked in this tenant, so only a hard match joins them.")));
      else if (context->block_hard_match_takeover == DSC_TRISTATE_TRUE)
        append_part (out, TR (t->hard_match_blocked,
          _("Taking over cloud accounts by hard match is blocked in this tenant: use "
            "a soft match, or delete the cloud account.")));
    }
  if (kind == DSC_CONFLICT_EDIT_ON_PREMISES && contact_beside_recipient (group))
    append_part (out, TR (t->contact,
      _("A contact with the same address as a mailbox or group is usually left over "
        "from before the mailbox existed: deleting the contact is often the fix.")));

  if (kind == DSC_CONFLICT_EDIT_ON_PREMISES && other != NULL
      && dsc_conflict_same_name (quarantined->object, other->object))
    append_part (out, TR (t->twins,
      _("They have the same name: if they are one person with two accounts in Active "
        "Directory, disable or delete the one that isn't used.")));

  if (!append_known_dns (out, t, group, context)
      && kind == DSC_CONFLICT_EDIT_ON_PREMISES && !context->scanned)
    append_part (out, TR (t->scan,
      _("The on-premises scan names the Active Directory objects to edit.")));

  /* Exactly its size: the finding keeps it (a GString's would be up to twice that). */
  text = g_strndup (out->str, out->len);
  g_string_free (out, TRUE);
  return text;
}

const char *
dsc_entra_admin_host (const char *graph_host)
{
  if (graph_host != NULL)
    {
      if (g_ascii_strcasecmp (graph_host, "graph.microsoft.us") == 0
          || g_ascii_strcasecmp (graph_host, "dod-graph.microsoft.us") == 0)
        return "entra.microsoft.us";
      if (g_ascii_strcasecmp (graph_host, "microsoftgraph.chinacloudapi.cn") == 0)
        return "entra.microsoftonline.cn";
    }
  return "entra.microsoft.com";
}

static gboolean
is_guid_like (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

char *
dsc_entra_admin_url (const char *graph_host, DscObjectKind kind, const char *object_id)
{
  static const char user_path[] =
    "/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/";
  static const char group_path[] =
    "/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Overview/groupId/";
  const char *host;
  const char *path;
  gsize host_len, path_len, id_len;
  char *url;

  /* Graph ids are GUIDs: anything else is not put into a link. */
  if (!is_guid_like (object_id))
    return NULL;
  switch (kind)
    {
    case DSC_OBJECT_USER:
      path = user_path;
      path_len = sizeof user_path - 1;
      break;
    case DSC_OBJECT_GROUP:
      path = group_path;
      path_len = sizeof group_path - 1;
      break;
    case DSC_OBJECT_CONTACT:
    default:
      return NULL;
    }

  /* "https://" host path id, in one allocation: one per object of every conflict. */
  host = dsc_entra_admin_host (graph_host);
  host_len = strlen (host);
  id_len = strlen (object_id);
  url = g_malloc (8 + host_len + path_len + id_len + 1);
  memcpy (url, "https://", 8);
  memcpy (url + 8, host, host_len);
  memcpy (url + 8 + host_len, path, path_len);
  memcpy (url + 8 + host_len + path_len, object_id, id_len + 1);
  return url;
}

char *
dsc_conflict_value_domain (const char *value)
{
  const char *at;

  if (value == NULL)
    return NULL;
  at = strrchr (value, '@');
  if (at == NULL || at[1] == '\0')
    return NULL;
  if (g_str_is_ascii (at + 1))
    return g_ascii_strdown (at + 1, -1);
  if (!g_utf8_validate (at + 1, -1, NULL))
    return NULL;
  return g_utf8_strdown (at + 1, -1);
}

guint
dsc_conflict_age_bucket (gint64 since, gint64 now)
{
  gint64 age;

  if (since <= 0)
    return DSC_AGE_UNKNOWN;
  age = now > since ? now - since : 0;
  if (age < DSC_DAY)
    return DSC_AGE_UNDER_1_DAY;
  if (age < 8 * DSC_DAY)
    return DSC_AGE_1_TO_7_DAYS;
  if (age < 31 * DSC_DAY)
    return DSC_AGE_8_TO_30_DAYS;
  return DSC_AGE_OVER_30_DAYS;
}

static int
compare_counts (gconstpointer a, gconstpointer b)
{
  const DscSummaryCount *ca = a;
  const DscSummaryCount *cb = b;

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  return g_strcmp0 (ca->key, cb->key);
}

/* Counts @key in @counts (DscSummaryCount, which own their keys); @index
 * maps a key to its count's position + 1. */
static void
count_key (GHashTable *index, GArray *counts, const char *key)
{
  guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (index, key));
  DscSummaryCount count;

  if (slot != 0)
    {
      g_array_index (counts, DscSummaryCount, slot - 1).count++;
      return;
    }
  count.key = g_strdup (key);
  count.count = 1;
  g_array_append_val (counts, count);
  g_hash_table_insert (index, count.key, GUINT_TO_POINTER (counts->len));
}

/* Counts the domain of @value (dsc_conflict_value_domain ()), lowered in
 * place when it is ASCII, as almost every one is. */
static void
count_domain (GHashTable *index, GArray *counts, const char *value)
{
  const char *at = value != NULL ? strrchr (value, '@') : NULL;
  char lower[256];
  gsize i;

  if (at == NULL || at[1] == '\0')
    return;
  for (i = 0; at[1 + i] != '\0' && i < sizeof lower - 1; i++)
    {
      char c = at[1 + i];

      if ((guchar) c >= 0x80)
        break;
      lower[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
  if (at[1 + i] == '\0')
    {
      lower[i] = '\0';
      count_key (index, counts, lower);
    }
  else
    {
      g_autofree char *domain = dsc_conflict_value_domain (value);

      if (domain != NULL)
        count_key (index, counts, domain);
    }
}

DscConflictSummary *
dsc_conflict_summarize (GPtrArray *groups, gint64 now, guint max_domains)
{
  DscConflictSummary *summary = dsc_conflict_summary_new ();
  /* Keys borrowed from the summary's counts, which outlive these. */
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) domains = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < groups->len; i++)
    {
      const DscConflictGroup *group = g_ptr_array_index (groups, i);
      gint64 oldest = 0;

      if (group->n_in_error == 0)
        continue;
      summary->n_values++;
      count_key (attributes, summary->by_attribute, group->property);
      count_domain (domains, summary->by_domain, group->value);
      for (guint j = 0; j < group->members->len; j++)
        {
          const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, j);

          if (m->in_error && m->since > 0 && (oldest == 0 || m->since < oldest))
            oldest = m->since;
        }
      summary->by_age[dsc_conflict_age_bucket (oldest, now)]++;
    }

  g_clear_pointer (&attributes, g_hash_table_unref);
  g_clear_pointer (&domains, g_hash_table_unref);
  g_array_sort (summary->by_attribute, compare_counts);
  g_array_sort (summary->by_domain, compare_counts);
  if (summary->by_domain->len > max_domains + 1)
    {
      DscSummaryCount rest = { NULL, 0 };

      for (guint i = max_domains; i < summary->by_domain->len; i++)
        rest.count += g_array_index (summary->by_domain, DscSummaryCount, i).count;
      g_array_set_size (summary->by_domain, max_domains);
      g_array_append_val (summary->by_domain, rest);
    }
  return summary;
}

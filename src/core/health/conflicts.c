/* conflicts.c — sync errors grouped by the value objects fight over, with the
 * objects on both sides, for the sync-errors rule.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-conflicts.h"

void
dsc_conflict_group_free (DscConflictGroup *group)
{
  /* The strings live in the group's own allocation. */
  g_array_unref (group->members);
  g_free (group);
}

static guint
group_hash (gconstpointer group)
{
  return ((const DscConflictGroup *) group)->hash;
}

static gboolean
group_equal (gconstpointer a, gconstpointer b)
{
  const DscConflictGroup *ga = a;
  const DscConflictGroup *gb = b;

  return ga->hash == gb->hash && strcmp (ga->key, gb->key) == 0;
}

GHashTable *
dsc_conflict_groups_new (void)
{
  return g_hash_table_new_full (group_hash, group_equal, NULL,
                                (GDestroyNotify) dsc_conflict_group_free);
}

/* Graph spells them exactly so: strcmp () first, the case-insensitive
 * comparison only when the first letter could match. */
gboolean
dsc_conflict_is_proxy_property (const char *property)
{
  return property != NULL && g_ascii_tolower (property[0]) == 'p'
    && (strcmp (property, "ProxyAddress") == 0 || g_ascii_strcasecmp (property, "ProxyAddress") == 0);
}

gboolean
dsc_conflict_is_upn_property (const char *property)
{
  return property != NULL && g_ascii_tolower (property[0]) == 'u'
    && (strcmp (property, "UserPrincipalName") == 0
        || g_ascii_strcasecmp (property, "UserPrincipalName") == 0);
}

static const char *
canonical_property (const char *property)
{
  if (dsc_conflict_is_proxy_property (property))
    return "ProxyAddress";
  if (dsc_conflict_is_upn_property (property))
    return "UserPrincipalName";
  return property != NULL ? property : "";
}

/* "smtp:Sales@Contoso.com" and "sales@contoso.com" are the same address. */
static const char *
strip_smtp (const char *property, const char *value)
{
  if (dsc_conflict_is_proxy_property (property) && g_ascii_strncasecmp (value, "smtp:", 5) == 0)
    return value + 5;
  return value;
}

/* The value as the collector compares it (dsc_normalize_conflict_value: its
 * ASCII fast path), after the lowercase canonical property, and its hash
 * (djb2, made in the same pass): written into @stack when it fits (every lookup
 * makes one, most find a group), else into a new string returned in @heap.
 * @ascii: the value was ASCII, so its part of the key is the value lowered. */
static char *
group_key (const char *canonical, const char *value, char *stack, gsize stack_size, char **heap,
           guint *hash, gsize *len, gboolean *ascii)
{
  const char *v = value != NULL ? value : "";
  g_autofree char *folded = NULL;
  gsize prop_len = strlen (canonical);
  gsize value_len;
  guint32 h = 5381;
  guchar high = 0;
  char *key;

  if (canonical[0] == 'P' && strcmp (canonical, "ProxyAddress") == 0
      && g_ascii_strncasecmp (v, "smtp:", 5) == 0)
    v += 5;

  for (;;)
    {
      value_len = strlen (v);
      key = stack;
      if (prop_len + 1 + value_len + 1 > stack_size)
        key = *heap = g_realloc (*heap, prop_len + 1 + value_len + 1);
      for (gsize i = 0; i < prop_len; i++)
        {
          char c = canonical[i];

          key[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
          h = (h << 5) + h + (guchar) key[i];
        }
      key[prop_len] = '\x1f';
      h = (h << 5) + h + 0x1f;
      /* ASCII: folding is lowering the letters (a no-op on the folded text). */
      for (gsize i = 0; i < value_len; i++)
        {
          char c = v[i];
          char lower = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;

          high |= (guchar) c;
          key[prop_len + 1 + i] = lower;
          h = (h << 5) + h + (guchar) lower;
        }
      key[prop_len + 1 + value_len] = '\0';
      if (folded != NULL || (high & 0x80) == 0)
        break;
      /* Not ASCII: the collector's full folding, then the same again. */
      v = folded = dsc_normalize_conflict_value (canonical, value);
      h = 5381;
    }
  *hash = h;
  *len = prop_len + 1 + value_len;
  *ascii = folded == NULL;
  return key;
}

/* Stable, lowercase, for the finding id; @key_value: the value's part of the
 * key, which is the id's value when the value is ASCII. */
static gsize
id_value_len (const char *property, const char *value, const char *key_value, gboolean ascii,
              char **owned)
{
  const char *stripped;
  g_autofree char *valid = NULL;

  if (ascii)
    return strlen (key_value);
  stripped = strip_smtp (property, value != NULL ? value : "");
  valid = g_utf8_make_valid (stripped, -1);
  *owned = g_utf8_strdown (valid, -1);
  return strlen (*owned);
}

gboolean
dsc_conflict_group_has_object (const DscConflictGroup *group, const DscDirectoryObject *object)
{
  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      if (m->object == object || (object->id != NULL && g_strcmp0 (m->object->id, object->id) == 0))
        return TRUE;
    }
  return FALSE;
}

const char *
dsc_conflict_object_name (const DscDirectoryObject *object, const char *fallback)
{
  if (object == NULL)
    return fallback;
  if (!dsc_health_str_empty (object->display_name))
    return object->display_name;
  if (!dsc_health_str_empty (object->user_principal_name))
    return object->user_principal_name;
  if (!dsc_health_str_empty (object->mail))
    return object->mail;
  return object->id != NULL ? object->id : fallback;
}

static const char *
kind_word (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_USER: return _("user");
    case DSC_OBJECT_GROUP: return _("group");
    case DSC_OBJECT_CONTACT: return _("contact");
    }
  return _("object");
}

/* Whether a g_date_time_format() format shows nothing finer than the day, so
 * every second of a UTC day gives the same text. Unknown conversions: no. */
static gboolean
format_is_date_only (const char *format)
{
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;
      p++;
      while (*p != '\0' && strchr ("-_0EO", *p) != NULL)
        p++;
      if (*p == '\0' || strchr ("aAbBCdeFgGhjmuVwxyY%nt", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

void
dsc_conflict_texts_init (DscConflictTexts *texts, const DscHealthEval *ev)
{
  memset (texts, 0, sizeof *texts);
  texts->unnamed_object = _("unnamed object");
  texts->synced = _("synced");
  texts->cloud_only = _("cloud-only");
  texts->quarantined = _("quarantined");
  for (guint k = 0; k < G_N_ELEMENTS (texts->kind); k++)
    texts->kind[k] = kind_word (k);
  texts->member = _("%s (%s)");
  texts->holding = _("Objects holding %s: %s.");
  texts->quarantined_because = _("%s is quarantined because another object already holds %s.");
  texts->since = _("In error since %s.");
  texts->dates_by_day = format_is_date_only (dsc_date_format ());
  texts->dates = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  texts->scratch = g_string_sized_new (1024);
  texts->detail = g_string_sized_new (2048);
}

void
dsc_conflict_texts_clear (DscConflictTexts *texts)
{
  g_clear_pointer (&texts->dates, g_hash_table_unref);
  if (texts->scratch != NULL)
    g_string_free (g_steal_pointer (&texts->scratch), TRUE);
  if (texts->detail != NULL)
    g_string_free (g_steal_pointer (&texts->detail), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (texts->traits); i++)
    g_clear_pointer (&texts->traits[i], g_free);
}

/* dsc_format_date (@since), formatted once per day (or second) seen. */
static const char *
cached_date (DscConflictTexts *texts, gint64 since)
{
  gint64 key = since;
  char *date;

  if (texts->dates_by_day)
    key = since >= 0 ? since / DSC_DAY : -((-since + DSC_DAY - 1) / DSC_DAY);
  date = g_hash_table_lookup (texts->dates, &key);
  if (date == NULL)
    {
      date = dsc_format_date (since);
      g_hash_table_insert (texts->dates, g_memdup2 (&key, sizeof key), date);
    }
  return date;
}

/* "user, synced, quarantined": the same few combinations over and over. */
static const char *
member_traits (DscConflictTexts *texts, const DscConflictMember *member)
{
  const DscDirectoryObject *object = member->object;
  guint kind = object->kind < G_N_ELEMENTS (texts->kind) ? object->kind
                                                          : G_N_ELEMENTS (texts->kind) - 1;
  /* Graph's null (never synced) is cloud-only as much as false (no longer synced). */
  guint sync = object->on_premises_sync == DSC_TRISTATE_TRUE ? 1 : 2;
  guint slot = (kind * 3 + sync) * 2 + (member->in_error ? 1 : 0);

  if (texts->traits[slot] == NULL)
    texts->traits[slot] = JOIN (", ", texts->kind[kind],
                                sync == 1 ? texts->synced : sync == 2 ? texts->cloud_only : NULL,
                                member->in_error ? texts->quarantined : NULL);
  return texts->traits[slot];
}

/* Appends @sep and then @format's text, as JOIN () would: no separator at the
 * start, nothing at all when the text is empty. */
static void
append_joined (GString *out, const char *sep, const char *format, const char *arg1,
               const char *arg2)
{
  gsize mark = out->len;
  gsize piece;

  if (out->len > 0)
    g_string_append (out, sep);
  piece = out->len;
  APPEND_FORMAT_S (out, format, arg1, arg2);
  if (out->len == piece)
    g_string_truncate (out, mark);
}

/* "Objects holding …: Adele Vance (user, synced, quarantined), …. In error
 * since …. <advice>", written into one string: thousands per evaluation. */
char *
dsc_conflict_detail (DscConflictTexts *texts, const DscConflictGroup *group, const char *advice)
{
  GString *list = texts->scratch;
  GString *out;
  gint64 since = 0;

  g_string_truncate (list, 0);
  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      /* "Adele Vance (user, synced, quarantined)" */
      append_joined (list, ", ", texts->member,
                     dsc_conflict_object_name (m->object, texts->unnamed_object),
                     member_traits (texts, m));
      if (m->in_error && m->since != 0 && (since == 0 || m->since < since))
        since = m->since;
    }

  out = texts->detail;
  g_string_truncate (out, 0);
  if (group->members->len >= 2)
    APPEND_FORMAT_S (out, texts->holding, group->value, list->str);
  else
    APPEND_FORMAT_S (out, texts->quarantined_because, list->str, group->value);
  if (since != 0)
    append_joined (out, " ", texts->since, cached_date (texts, since), NULL);
  if (advice != NULL && *advice != '\0')
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, advice);
    }
  /* Exactly its size: the finding keeps it. */
  return g_strndup (out->str, out->len);
}

DscConflictGroup *
dsc_conflict_lookup (GHashTable *groups, GPtrArray *order, const char *property, const char *value,
                     gboolean create)
{
  char stack[256];
  g_autofree char *heap = NULL;
  g_autofree char *id_owned = NULL;
  const char *canonical = canonical_property (property);
  DscConflictGroup probe = { 0 };
  DscConflictGroup *group;
  gsize key_len, prop_len, value_len, id_len;
  gboolean ascii;
  gboolean smtp;
  char *p;

  probe.key = group_key (canonical, value, stack, sizeof stack, &heap, &probe.hash, &key_len,
                         &ascii);
  group = g_hash_table_lookup (groups, &probe);
  if (group != NULL || !create)
    return group;

  /* The group and its strings in one allocation. */
  value = value != NULL ? value : "";
  prop_len = strlen (canonical);
  value_len = strlen (value);
  id_len = id_value_len (property, value, probe.key + prop_len + 1, ascii, &id_owned);
  /* Matches the header's example id: "object-errors/ProxyAddress/smtp:sales@contoso.com". */
  smtp = dsc_conflict_is_proxy_property (property)
    && memchr (id_owned != NULL ? id_owned : probe.key + prop_len + 1, ':', id_len) == NULL;
  group = g_malloc0 (sizeof *group + prop_len + 1 + value_len + 1 + (smtp ? 5 : 0) + id_len + 1
                     + key_len + 1);
  p = (char *) (group + 1);
  group->property = memcpy (p, canonical, prop_len + 1);
  p += prop_len + 1;
  group->value = memcpy (p, value, value_len + 1);
  p += value_len + 1;
  group->id_value = p;
  if (smtp)
    {
      memcpy (p, "smtp:", 5);
      p += 5;
    }
  memcpy (p, id_owned != NULL ? id_owned : probe.key + prop_len + 1, id_len + 1);
  p += id_len + 1;
  group->key = memcpy (p, probe.key, key_len + 1);
  group->hash = probe.hash;
  group->members = g_array_new (FALSE, TRUE, sizeof (DscConflictMember));
  g_hash_table_add (groups, group);
  g_ptr_array_add (order, group);
  return group;
}

int
dsc_conflict_group_compare (gconstpointer a, gconstpointer b)
{
  const DscConflictGroup *ga = *(DscConflictGroup * const *) a;
  const DscConflictGroup *gb = *(DscConflictGroup * const *) b;
  int cmp = g_strcmp0 (ga->property, gb->property);

  return cmp != 0 ? cmp : g_strcmp0 (ga->id_value, gb->id_value);
}

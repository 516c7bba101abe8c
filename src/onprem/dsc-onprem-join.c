/* dsc-onprem-join.c — which on-premises object holds each cloud conflict value. */
#include "dsc-onprem-join.h"

#include <string.h>

#include "dsc-onprem-rules.h"


static gboolean
same_text (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (g_str_is_ascii (a) && g_str_is_ascii (b))
    return g_ascii_strcasecmp (a, b) == 0;
  x = g_utf8_casefold (a, -1);
  y = g_utf8_casefold (b, -1);
  return strcmp (x, y) == 0;
}

/* "smtp:a@x" and "SMTP:A@x" are one address; "sip:a@x" is another. */
static gboolean
same_proxy (const char *a, const char *b)
{
  const char *ca = strchr (a, ':'), *cb = strchr (b, ':');

  if (ca == NULL || cb == NULL)
    return same_text (ca != NULL ? ca + 1 : a, cb != NULL ? cb + 1 : b);
  if (ca - a != cb - b || g_ascii_strncasecmp (a, b, ca - a) != 0)
    return FALSE;
  return same_text (ca + 1, cb + 1);
}

gboolean
dsc_onprem_object_holds (const DscOnpremObject *o, const char *property, const char *value)
{
  if (value == NULL || property == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (property, "UserPrincipalName") == 0)
    return same_text (o->user_principal_name, value);
  if (g_ascii_strcasecmp (property, "ProxyAddress") == 0 ||
      g_ascii_strcasecmp (property, "ProxyAddresses") == 0)
    {
      gboolean smtp = strchr (value, ':') == NULL || g_ascii_strncasecmp (value, "smtp:", 5) == 0;
      for (guint i = 0; o->proxy_addresses != NULL && o->proxy_addresses[i] != NULL; i++)
        if (same_proxy (o->proxy_addresses[i], value))
          return TRUE;
      return smtp && o->proxy_addresses == NULL &&
             same_text (o->mail, dsc_onprem_address_part (value));
    }
  return same_text (o->mail, dsc_onprem_address_part (value));
}

/* ---- an index of who holds what, so each conflict is one lookup ---- */

static char *
fold (const char *text)
{
  return g_str_is_ascii (text) ? g_ascii_strdown (text, -1) : g_utf8_casefold (text, -1);
}

/* "p:<prefix>:<address>" with both folded; a value without a prefix counts as SMTP. */
static char *
proxy_key (const char *value)
{
  const char *colon = strchr (value, ':');
  g_autofree char *prefix = colon != NULL ? g_ascii_strdown (value, colon - value) : g_strdup ("smtp");
  g_autofree char *rest = fold (colon != NULL ? colon + 1 : value);

  return g_strconcat ("p:", prefix, ":", rest, NULL);
}

static void
index_add (GHashTable *index, char *key, guint position)
{
  GArray *holders = g_hash_table_lookup (index, key);

  if (holders == NULL)
    {
      holders = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (index, key, holders);
    }
  else
    g_free (key);
  if (holders->len == 0 || g_array_index (holders, guint, holders->len - 1) != position)
    g_array_append_val (holders, position);
}

static GHashTable *
index_objects (GPtrArray *objects)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_array_unref);

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      const DscOnpremObject *o = g_ptr_array_index (objects, i);
      if (o->user_principal_name != NULL)
        {
          g_autofree char *f = fold (o->user_principal_name);
          index_add (index, g_strconcat ("u:", f, NULL), i);
        }
      if (o->mail != NULL)
        {
          g_autofree char *f = fold (o->mail);
          index_add (index, g_strconcat ("m:", f, NULL), i);
          if (o->proxy_addresses == NULL)   /* Entra makes the proxy from mail */
            index_add (index, g_strconcat ("p:smtp:", f, NULL), i);
        }
      for (guint k = 0; o->proxy_addresses != NULL && o->proxy_addresses[k] != NULL; k++)
        index_add (index, proxy_key (o->proxy_addresses[k]), i);
    }
  return index;
}

static char *
conflict_key (const char *property, const char *value)
{
  g_autofree char *f = NULL;

  if (g_ascii_strcasecmp (property, "UserPrincipalName") == 0)
    {
      f = fold (value);
      return g_strconcat ("u:", f, NULL);
    }
  if (g_ascii_strcasecmp (property, "ProxyAddress") == 0 ||
      g_ascii_strcasecmp (property, "ProxyAddresses") == 0)
    return proxy_key (value);
  f = fold (dsc_onprem_address_part (value));
  return g_strconcat ("m:", f, NULL);
}

GPtrArray *
dsc_onprem_join (GPtrArray *cloud_objects, GPtrArray *onprem_objects, GPtrArray *findings)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_cloud_match_free);
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GHashTable) conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (cloud_objects == NULL || cloud_objects->len == 0)
    return matches;
  index = index_objects (onprem_objects);
  for (guint i = 0; i < cloud_objects->len; i++)
    {
      const DscDirectoryObject *c = g_ptr_array_index (cloud_objects, i);
      for (guint e = 0; e < c->n_errors; e++)
        {
          const DscProvisioningError *err = &c->errors[e];
          g_autofree char *key = NULL;
          DscOnpremCloudMatch *m;
          GArray *holders;

          if (g_strcmp0 (err->category, "PropertyConflict") != 0 || err->value == NULL)
            continue;
          m = g_new0 (DscOnpremCloudMatch, 1);
          m->cloud_object_id = g_strdup (c->id);
          m->cloud_display_name = g_strdup (c->display_name);
          m->cloud_kind = c->kind;
          m->property = g_strdup (err->property != NULL ? err->property : "");
          m->value = g_strdup (err->value);
          m->dns = g_ptr_array_new_with_free_func (g_free);
          key = conflict_key (m->property, m->value);
          holders = g_hash_table_lookup (index, key);
          for (guint k = 0; holders != NULL && k < holders->len; k++)
            {
              const DscOnpremObject *o = g_ptr_array_index (onprem_objects, g_array_index (holders, guint, k));
              g_ptr_array_add (m->dns, g_strdup (o->dn));
            }
          g_hash_table_add (conflicts, g_steal_pointer (&key));
          g_ptr_array_add (matches, m);
        }
    }
  /* duplicates already failing: their value is one of the conflicts */
  for (guint k = 0; findings != NULL && k < findings->len; k++)
    {
      DscOnpremFinding *f = g_ptr_array_index (findings, k);
      g_autofree char *key = NULL;

      if (!g_str_equal (f->rule, "duplicate") || f->value == NULL)
        continue;
      if (g_str_equal (f->attribute, "userPrincipalName"))
        key = conflict_key ("UserPrincipalName", f->value);
      else if (g_str_equal (f->attribute, "proxyAddresses"))
        key = conflict_key ("ProxyAddress", f->value);
      else if (g_str_equal (f->attribute, "mail"))
        {
          g_autofree char *fm = fold (f->value);
          g_autofree char *as_proxy = g_strconcat ("p:smtp:", fm, NULL);
          g_autofree char *as_mail = g_strconcat ("m:", fm, NULL);
          f->fails_in_cloud = g_hash_table_contains (conflicts, as_proxy) ||
                              g_hash_table_contains (conflicts, as_mail);
          continue;
        }
      else
        continue;
      f->fails_in_cloud = g_hash_table_contains (conflicts, key);
    }
  return matches;
}

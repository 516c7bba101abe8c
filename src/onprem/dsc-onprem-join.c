/* dsc-onprem-join.c — which on-premises object holds each cloud conflict value. */
#include "dsc-onprem-join.h"

#include <string.h>

#include "dsc-onprem-rules.h"

void
dsc_onprem_cloud_match_free (DscOnpremCloudMatch *self)
{
  if (self == NULL)
    return;
  g_free (self->cloud_object_id);
  g_free (self->cloud_display_name);
  g_free (self->property);
  g_free (self->value);
  g_ptr_array_unref (self->dns);
  g_free (self);
}

static gboolean
same_text (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
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

static gboolean
finding_is_conflict (const DscOnpremFinding *f, const DscOnpremCloudMatch *m)
{
  if (g_str_equal (f->attribute, "userPrincipalName"))
    return g_ascii_strcasecmp (m->property, "UserPrincipalName") == 0 && same_text (f->value, m->value);
  if (g_str_equal (f->attribute, "proxyAddresses"))
    return g_ascii_strncasecmp (m->property, "ProxyAddress", 12) == 0 && same_proxy (f->value, m->value);
  if (g_str_equal (f->attribute, "mail"))
    return g_ascii_strcasecmp (m->property, "UserPrincipalName") != 0 &&
           same_text (f->value, dsc_onprem_address_part (m->value));
  return FALSE;
}

GPtrArray *
dsc_onprem_join (GPtrArray *cloud_objects, GPtrArray *onprem_objects, GPtrArray *findings)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_cloud_match_free);

  for (guint i = 0; cloud_objects != NULL && i < cloud_objects->len; i++)
    {
      const DscDirectoryObject *c = g_ptr_array_index (cloud_objects, i);
      for (guint e = 0; e < c->n_errors; e++)
        {
          const DscProvisioningError *err = &c->errors[e];
          DscOnpremCloudMatch *m;

          if (g_strcmp0 (err->category, "PropertyConflict") != 0 || err->value == NULL)
            continue;
          m = g_new0 (DscOnpremCloudMatch, 1);
          m->cloud_object_id = g_strdup (c->id);
          m->cloud_display_name = g_strdup (c->display_name);
          m->cloud_kind = c->kind;
          m->property = g_strdup (err->property != NULL ? err->property : "");
          m->value = g_strdup (err->value);
          m->dns = g_ptr_array_new_with_free_func (g_free);
          for (guint k = 0; onprem_objects != NULL && k < onprem_objects->len; k++)
            {
              const DscOnpremObject *o = g_ptr_array_index (onprem_objects, k);
              if (dsc_onprem_object_holds (o, m->property, m->value))
                g_ptr_array_add (m->dns, g_strdup (o->dn));
            }
          for (guint k = 0; findings != NULL && k < findings->len; k++)
            {
              DscOnpremFinding *f = g_ptr_array_index (findings, k);
              if (g_str_equal (f->rule, "duplicate") && finding_is_conflict (f, m))
                f->fails_in_cloud = TRUE;
            }
          g_ptr_array_add (matches, m);
        }
    }
  return matches;
}

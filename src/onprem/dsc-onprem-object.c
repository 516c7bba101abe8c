/* dsc-onprem-object.c — an on-premises object and a finding about it. */
#include "dsc-onprem-object.h"

#include <stdlib.h>
#include <string.h>

static const char * const attribute_names[] = {
  "cn", "objectClass", "displayName", "givenName", "mail", "mailNickname",
  "sAMAccountName", "targetAddress", "userPrincipalName", "proxyAddresses",
  "isCriticalSystemObject", "groupType", "msExchRecipientTypeDetails",
  "msExchHideFromAddressLists", "homeMDB", NULL,
};

const char * const *
dsc_onprem_object_attribute_names (void)
{
  return attribute_names;
}

DscOnpremObject *
dsc_onprem_object_new (const char *dn)
{
  DscOnpremObject *self = g_new0 (DscOnpremObject, 1);

  self->dn = g_utf8_make_valid (dn != NULL ? dn : "", -1);
  self->kind = DSC_ONPREM_KIND_OTHER;
  return self;
}

void
dsc_onprem_object_free (DscOnpremObject *self)
{
  if (self == NULL)
    return;
  g_free (self->dn);
  g_free (self->cn);
  g_free (self->display_name);
  g_free (self->given_name);
  g_free (self->mail);
  g_free (self->mail_nickname);
  g_free (self->sam_account_name);
  g_free (self->target_address);
  g_free (self->user_principal_name);
  g_strfreev (self->proxy_addresses);
  g_free (self);
}


static void
set_first (char **slot, const char *value, gsize len)
{
  if (*slot == NULL)
    *slot = g_utf8_make_valid (value, len);
}

/* "TRUE"/"FALSE" as AD writes booleans. */
static gboolean
parse_bool (const char *value, gsize len)
{
  return len == 4 && g_ascii_strncasecmp (value, "TRUE", 4) == 0;
}

/* Decimal (as AD returns Integer/Integer8) or 0x hex; 0 when unreadable. */
static gint64
parse_int (const char *value, gsize len)
{
  g_autofree char *text = g_strndup (value, len);
  gint64 out = 0;

  g_strstrip (text);
  if (g_ascii_strncasecmp (text, "0x", 2) == 0)
    {
      guint64 u = 0;
      if (g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXINT64, &u, NULL))
        out = (gint64) u;
    }
  else if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &out, NULL))
    out = 0;
  return out;
}

void
dsc_onprem_object_set_attribute (DscOnpremObject *self,
                                 const char      *name,
                                 const char      *value,
                                 gsize            len)
{
  if (g_ascii_strcasecmp (name, "cn") == 0)
    set_first (&self->cn, value, len);
  else if (g_ascii_strcasecmp (name, "objectClass") == 0)
    {
      /* group and contact are leaves; user also covers inetOrgPerson. */
      if (len == 5 && g_ascii_strncasecmp (value, "group", 5) == 0)
        self->kind = DSC_ONPREM_KIND_GROUP;
      else if (len == 7 && g_ascii_strncasecmp (value, "contact", 7) == 0)
        self->kind = DSC_ONPREM_KIND_CONTACT;
      else if (len == 4 && g_ascii_strncasecmp (value, "user", 4) == 0 &&
               self->kind == DSC_ONPREM_KIND_OTHER)
        self->kind = DSC_ONPREM_KIND_USER;
    }
  else if (g_ascii_strcasecmp (name, "displayName") == 0)
    set_first (&self->display_name, value, len);
  else if (g_ascii_strcasecmp (name, "givenName") == 0)
    set_first (&self->given_name, value, len);
  else if (g_ascii_strcasecmp (name, "mail") == 0)
    set_first (&self->mail, value, len);
  else if (g_ascii_strcasecmp (name, "mailNickname") == 0)
    set_first (&self->mail_nickname, value, len);
  else if (g_ascii_strcasecmp (name, "sAMAccountName") == 0)
    set_first (&self->sam_account_name, value, len);
  else if (g_ascii_strcasecmp (name, "targetAddress") == 0)
    set_first (&self->target_address, value, len);
  else if (g_ascii_strcasecmp (name, "userPrincipalName") == 0)
    set_first (&self->user_principal_name, value, len);
  else if (g_ascii_strcasecmp (name, "proxyAddresses") == 0)
    {
      guint n = self->proxy_addresses != NULL ? g_strv_length (self->proxy_addresses) : 0;

      self->proxy_addresses = g_renew (char *, self->proxy_addresses, n + 2);
      self->proxy_addresses[n] = g_utf8_make_valid (value, len);
      self->proxy_addresses[n + 1] = NULL;
    }
  else if (g_ascii_strcasecmp (name, "isCriticalSystemObject") == 0)
    self->is_critical = parse_bool (value, len);
  else if (g_ascii_strcasecmp (name, "groupType") == 0)
    {
      self->has_group_type = TRUE;
      self->group_type = parse_int (value, len);
    }
  else if (g_ascii_strcasecmp (name, "msExchRecipientTypeDetails") == 0)
    self->recipient_type_details = parse_int (value, len);
  else if (g_ascii_strcasecmp (name, "msExchHideFromAddressLists") == 0)
    self->hide_from_address_lists = parse_bool (value, len);
  else if (g_ascii_strcasecmp (name, "homeMDB") == 0)
    self->has_home_mdb = TRUE;
}

DscOnpremFinding *
dsc_onprem_finding_new (const DscOnpremObject *object,
                        const char *attribute,
                        const char *value,
                        const char *rule,
                        DscOnpremSeverity severity,
                        char *message,
                        const char *fix)
{
  DscOnpremFinding *self = g_new0 (DscOnpremFinding, 1);

  self->dn = g_strdup (object->dn);
  self->kind = object->kind;
  self->attribute = g_strdup (attribute);
  self->value = g_strdup (value);
  self->rule = rule;
  self->severity = severity;
  self->message = message;
  self->fix = g_strdup (fix);
  return self;
}


/* dsc-onprem-ldif.c — an LDIF reader for the attributes the scan needs. */
#include "dsc-onprem-ldif.h"

#include <string.h>

#include "dsc-onprem-object.h"

/* One logical line: the physical line plus its continuation lines (those that
 * start with one space), unfolded. Returns FALSE at the end of the data. */
static gboolean
next_line (const char **pos, const char *end, GString *line, guint *lineno)
{
  const char *p = *pos;

  if (p >= end)
    return FALSE;
  g_string_truncate (line, 0);
  for (;;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl != NULL ? nl : end;
      gsize n = stop - p;

      if (n > 0 && p[n - 1] == '\r')
        n--;
      g_string_append_len (line, p, n);
      (*lineno)++;
      p = nl != NULL ? nl + 1 : end;
      if (p < end && *p == ' ' && line->len > 0)
        {
          p++;   /* continuation: drop the leading space */
          continue;
        }
      break;
    }
  *pos = p;
  return TRUE;
}

GPtrArray *
dsc_onprem_ldif_parse (const char *data, gsize len, GError **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_object_free);
  g_autoptr(GString) line = g_string_new (NULL);
  const char *pos = data, *end = data + len;
  DscOnpremObject *current = NULL;
  guint lineno = 0;

  while (next_line (&pos, end, line, &lineno))
    {
      g_autofree char *name = NULL;
      g_autofree guchar *decoded = NULL;
      const char *colon, *value;
      gsize value_len;
      gboolean base64 = FALSE;

      if (line->len == 0)
        {
          current = NULL;   /* end of record */
          continue;
        }
      if (line->str[0] == '#' || g_str_has_prefix (line->str, "version:"))
        continue;
      colon = memchr (line->str, ':', line->len);
      if (colon == NULL || colon == line->str)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "LDIF line %u is not “attribute: value”", lineno);
          return NULL;
        }
      name = g_strndup (line->str, colon - line->str);
      if (strchr (name, ';') != NULL)
        *strchr (name, ';') = '\0';   /* attribute options */
      value = colon + 1;
      if (*value == ':')
        {
          base64 = TRUE;
          value++;
        }
      else if (*value == '<')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "LDIF line %u refers to a URL; only inline values are read", lineno);
          return NULL;
        }
      while (*value == ' ')
        value++;
      value_len = line->str + line->len - value;
      if (base64)
        {
          g_autofree char *text = g_strndup (value, value_len);
          decoded = g_base64_decode (text, &value_len);
          value = (const char *) decoded;
        }

      if (current == NULL || g_ascii_strcasecmp (name, "dn") == 0)
        {
          if (g_ascii_strcasecmp (name, "dn") != 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "LDIF line %u: a record must start with “dn:”", lineno);
              return NULL;
            }
          {
            g_autofree char *dn = g_strndup (value, value_len);
            current = dsc_onprem_object_new (dn);
          }
          g_ptr_array_add (objects, current);
          continue;
        }
      if (g_ascii_strcasecmp (name, "changetype") == 0)
        continue;
      dsc_onprem_object_set_attribute (current, name, value, value_len);
    }
  return g_steal_pointer (&objects);
}

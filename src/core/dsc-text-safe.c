/* dsc-text-safe.c — untrusted text made inert (see the header). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "dsc-text-safe.h"

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */
#define BROKEN_BAR "\xc2\xa6"         /* U+00A6 */

static gboolean
is_unsafe (gunichar c)
{
  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
    return TRUE;
  switch (c)
    {
    case 0x061c:                     /* Arabic letter mark */
    case 0x200e: case 0x200f:        /* LRM, RLM */
    case 0x2028: case 0x2029:        /* line and paragraph separators */
      return TRUE;
    default:
      break;
    }
  return (c >= 0x202a && c <= 0x202e) ||   /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069);     /* isolates */
}

void
dsc_text_safe_append (GString    *out,
                      const char *text)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (out != NULL);
  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '|')
        g_string_append (out, BROKEN_BAR);
      else if (is_unsafe (c))
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

char *
dsc_text_safe_dup (const char *text)
{
  GString *out = g_string_new (NULL);

  dsc_text_safe_append (out, text);
  return g_string_free (out, FALSE);
}

char *
dsc_text_safe_markup (const char *text)
{
  g_autofree char *clean = dsc_text_safe_dup (text);
  GString *out = g_string_sized_new (strlen (clean));

  /* Only what starts a tag or an entity: quotes stay readable on servers
   * that show the body as plain text. */
  for (const char *p = clean; *p != '\0'; p++)
    switch (*p)
      {
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '&': g_string_append (out, "&amp;"); break;
      default: g_string_append_c (out, *p); break;
      }
  return g_string_free (out, FALSE);
}

void
dsc_text_safe_printf (GString    *out,
                      const char *format,
                      ...)
{
  va_list args;
  const char *p = format;

  g_return_if_fail (out != NULL && format != NULL);
  va_start (args, format);
  while (*p != '\0')
    {
      const char *start = p;
      char spec[32];
      gsize len;
      int length = 0;   /* 0 int, 1 long, 2 long long, 3 size_t */
      char conv;

      if (*p != '%')
        {
          const char *next = strchr (p, '%');
          gsize n = next != NULL ? (gsize) (next - p) : strlen (p);

          g_string_append_len (out, p, n);
          p += n;
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_c (out, '%');
          p += 2;
          continue;
        }
      p++;
      while (*p != '\0' && strchr ("-+ #0", *p) != NULL)
        p++;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '.')
        {
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
      while (*p == 'h')
        p++;
      while (*p == 'l')
        {
          length++;
          p++;
        }
      if (*p == 'z')
        {
          length = 3;
          p++;
        }
      conv = *p;
      g_return_if_fail (conv != '\0' && (gsize) (p + 1 - start) < sizeof spec);
      len = p + 1 - start;
      memcpy (spec, start, len);
      spec[len] = '\0';
      p++;

      switch (conv)
        {
        case 's':
          {
            const char *s = va_arg (args, const char *);
            g_autofree char *clean = dsc_text_safe_dup (s != NULL ? s : "(null)");

            g_string_append_printf (out, spec, clean);
          }
          break;
        case 'd': case 'i': case 'c':
          if (length == 1)
            g_string_append_printf (out, spec, va_arg (args, long));
          else if (length == 2)
            g_string_append_printf (out, spec, va_arg (args, long long));
          else if (length == 3)
            g_string_append_printf (out, spec, va_arg (args, gssize));
          else
            g_string_append_printf (out, spec, va_arg (args, int));
          break;
        case 'u': case 'x': case 'X':
          if (length == 1)
            g_string_append_printf (out, spec, va_arg (args, unsigned long));
          else if (length == 2)
            g_string_append_printf (out, spec, va_arg (args, unsigned long long));
          else if (length == 3)
            g_string_append_printf (out, spec, va_arg (args, gsize));
          else
            g_string_append_printf (out, spec, va_arg (args, unsigned int));
          break;
        default:
          g_critical ("dsc_text_safe_printf: unsupported conversion “%s”", spec);
          va_end (args);
          return;
        }
    }
  va_end (args);
}

/* dsc-json.c — a read-only JSON document: one pass, nodes in an arena.
 *
 * The parser is a loop over an explicit stack, so hostile nesting costs an
 * error, not the thread's stack. Values waiting for their container to close
 * sit on a scratch stack; when the container closes they are copied to the
 * arena side by side, so an array or object is one contiguous run of nodes
 * (an object's carry their member names). Strings without escapes are one
 * memcpy; all strings are validated as UTF-8 as they are scanned.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-json.h"

typedef struct _Chunk Chunk;
typedef struct _Doc Doc;

struct _DscJson {
  Doc        *doc;
  const char *name;         /* member name when the node is an object's value */
  union {
    gint64      i;
    double      d;
    gboolean    b;
    const char *s;
    DscJson    *children;
  } v;
  guint32     len;          /* string bytes, or number of children */
  guint8      type;         /* DscJsonType */
  guint8      name_last;    /* last byte of name (a cheap filter for lookups) */
  guint16     name_len;     /* strlen (name), G_MAXUINT16 when longer */
};

struct _Chunk {
  Chunk *next;
  gsize  size;
  gsize  used;
  /* data follows, aligned for any node */
};

#define CHUNK_HEADER (sizeof (Chunk) + (-(gsize) sizeof (Chunk) & 15))
#define CHUNK_MIN (4 * 1024)
#define CHUNK_MAX (4 * 1024 * 1024)

struct _Doc {
  gatomicrefcount ref;
  Chunk          *chunks;   /* head is the one being filled */
  gsize           next_size;
  DscJson         root;
};

G_DEFINE_QUARK (dsc-json-error-quark, dsc_json_error)

/* Arena */

static guchar *
chunk_data (Chunk *chunk)
{
  return (guchar *) chunk + CHUNK_HEADER;
}

static gpointer
arena_alloc (Doc   *doc,
             gsize  size,
             gsize  align)
{
  Chunk *chunk = doc->chunks;
  gsize at;

  if (chunk != NULL)
    {
      at = (chunk->used + align - 1) & ~(align - 1);
      if (at <= chunk->size && size <= chunk->size - at)
        {
          chunk->used = at + size;
          return chunk_data (chunk) + at;
        }
    }

  if (size > doc->next_size / 4 && chunk != NULL)
    {
      /* Big: a chunk of its own behind the head, which stays in use. */
      Chunk *own = g_malloc (CHUNK_HEADER + size);

      own->size = own->used = size;
      own->next = chunk->next;
      chunk->next = own;
      return chunk_data (own);
    }

  {
    gsize chunk_size = MAX (doc->next_size, size);

    chunk = g_malloc (CHUNK_HEADER + chunk_size);
    chunk->size = chunk_size;
    chunk->used = size;
    chunk->next = doc->chunks;
    doc->chunks = chunk;
    doc->next_size = MIN (doc->next_size * 2, CHUNK_MAX);
    return chunk_data (chunk);
  }
}

/* Gives back the end of the last allocation, at ptr, past its first used bytes. */
static void
arena_trim (Doc     *doc,
            guchar  *ptr,
            gsize    used)
{
  Chunk *head = doc->chunks;

  if (ptr >= chunk_data (head) && ptr < chunk_data (head) + head->size)
    head->used = (gsize) (ptr - chunk_data (head)) + used;
}

static Doc *
doc_new (gsize input_len)
{
  Doc *doc = g_new0 (Doc, 1);

  g_atomic_ref_count_init (&doc->ref);
  /* Nodes and strings take about three times the text; start near that for
   * small answers (error bodies), in 64 KiB steps that double for pages. */
  doc->next_size = CLAMP (input_len * 3, CHUNK_MIN, 64 * 1024);
  doc->root.doc = doc;
  doc->root.type = DSC_JSON_NULL;
  return doc;
}

static void
doc_free (Doc *doc)
{
  Chunk *chunk = doc->chunks;

  while (chunk != NULL)
    {
      Chunk *next = chunk->next;

      g_free (chunk);
      chunk = next;
    }
  g_free (doc);
}

DscJson *
dsc_json_ref (DscJson *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  g_atomic_ref_count_inc (&node->doc->ref);
  return node;
}

void
dsc_json_unref (DscJson *node)
{
  Doc *doc;

  if (node == NULL)
    return;

  doc = node->doc;
  if (g_atomic_ref_count_dec (&doc->ref))
    doc_free (doc);
}

DscJson *
dsc_json_new_null (void)
{
  return &doc_new (0)->root;
}

/* Parser */

typedef struct {
  guint       first;        /* index of the container's first value in the scratch stack */
  gboolean    is_object;
  const char *name;         /* the container's own member name */
  guint16     name_len;
  guint8      name_last;
} Frame;

typedef struct {
  const guchar *start;
  const guchar *p;
  const guchar *end;
  Doc          *doc;
  DscJson      *values;     /* scratch stack */
  guint         n_values;
  guint         values_size;
  Frame        *frames;
  guint         depth;
  guint         frames_size;
  GError      **error;
} Parser;

static gboolean
fail_at (Parser       *parser,
         int           code,
         const guchar *at,
         const char   *what)
{
  /* Translators: %s says what is wrong ("an unexpected character"), %lu is a
   * byte offset in Microsoft Graph's answer */
  g_set_error (parser->error, DSC_JSON_ERROR, code, _("%s at byte %lu"), what,
               (unsigned long) (at - parser->start));
  return FALSE;
}

static gboolean
fail_unexpected (Parser       *parser,
                 const guchar *at)
{
  if (at >= parser->end)
    return fail_at (parser, DSC_JSON_ERROR_SYNTAX, at, _("unexpected end of the text"));
  return fail_at (parser, DSC_JSON_ERROR_SYNTAX, at, _("unexpected character"));
}

static inline void
skip_space (Parser *parser)
{
  const guchar *p = parser->p;

  while (p < parser->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  parser->p = p;
}

/* Length of a valid UTF-8 sequence at p (lead byte >= 0x80), or 0: GLib's
 * rules (no overlong forms, no surrogates, nothing beyond U+10FFFF). */
static inline gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  gunichar c = g_utf8_get_char_validated ((const char *) p, (gssize) (end - p));

  return c == (gunichar) -1 || c == (gunichar) -2 ? 0 : (gsize) g_utf8_skip[*p];
}

/* Four hex digits at p (bounds checked by the caller), or -1. */
static int
hex4 (const guchar *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((char) p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

static guchar *
put_utf8 (guchar   *out,
          gunichar  c)
{
  if (c < 0x80)
    *out++ = (guchar) c;
  else if (c < 0x800)
    {
      *out++ = (guchar) (0xc0 | (c >> 6));
      *out++ = (guchar) (0x80 | (c & 0x3f));
    }
  else if (c < 0x10000)
    {
      *out++ = (guchar) (0xe0 | (c >> 12));
      *out++ = (guchar) (0x80 | ((c >> 6) & 0x3f));
      *out++ = (guchar) (0x80 | (c & 0x3f));
    }
  else
    {
      *out++ = (guchar) (0xf0 | (c >> 18));
      *out++ = (guchar) (0x80 | ((c >> 12) & 0x3f));
      *out++ = (guchar) (0x80 | ((c >> 6) & 0x3f));
      *out++ = (guchar) (0x80 | (c & 0x3f));
    }
  return out;
}

/* Decodes the escapes of a scanned string body [p, end) into out; the
 * escapes' syntax was checked by the scan, their \u digits are checked here.
 * Returns the end of the output, or NULL on a bad \u escape (at *bad). */
static guchar *
unescape (const guchar  *p,
          const guchar  *end,
          guchar        *out,
          const guchar **bad)
{
  while (p < end)
    {
      int c, low;

      if (*p != '\\')
        {
          *out++ = *p++;
          continue;
        }

      switch (p[1])
        {
        case '"':  *out++ = '"';  p += 2; continue;
        case '\\': *out++ = '\\'; p += 2; continue;
        case '/':  *out++ = '/';  p += 2; continue;
        case 'b':  *out++ = '\b'; p += 2; continue;
        case 'f':  *out++ = '\f'; p += 2; continue;
        case 'n':  *out++ = '\n'; p += 2; continue;
        case 'r':  *out++ = '\r'; p += 2; continue;
        case 't':  *out++ = '\t'; p += 2; continue;
        default:   break;        /* 'u' */
        }

      if (end - p < 6 || (c = hex4 (p + 2)) < 0)
        {
          *bad = p;
          return NULL;
        }
      p += 6;

      if (c >= 0xd800 && c <= 0xdbff)
        {
          /* A high surrogate needs a low one right after it. */
          if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
              (low = hex4 (p + 2)) >= 0xdc00 && low <= 0xdfff)
            {
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              p += 6;
            }
          else
            c = 0xfffd;
        }
      else if (c >= 0xdc00 && c <= 0xdfff)
        c = 0xfffd;

      out = put_utf8 (out, (gunichar) c);
    }
  return out;
}

/* Reads the string whose opening quote is at parser->p; *out is in the arena. */
static gboolean
parse_string (Parser      *parser,
              const char **out,
              guint32     *out_len)
{
  const guchar *body = parser->p + 1;
  const guchar *p = body;
  const guchar *end = parser->end;
  gboolean escaped = FALSE;
  guchar *dest;
  gsize len;

  for (;;)
    {
      /* The common case: printable ASCII. */
      while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
      if (p >= end)
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p, _("unterminated string"));
      if (*p == '"')
        break;
      if (*p == '\\')
        {
          if (p + 1 >= end)
            return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p + 1, _("unterminated string"));
          if (strchr ("\"\\/bfnrtu", p[1]) == NULL || p[1] == '\0')
            return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p, _("invalid escape in a string"));
          escaped = TRUE;
          p += 2;
        }
      else if (*p < 0x20)
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p,
                        _("control character in a string"));
      else
        {
          gsize n = utf8_sequence (p, end);

          if (n == 0)
            return fail_at (parser, DSC_JSON_ERROR_UTF8, p, _("text that is not valid UTF-8"));
          p += n;
        }
    }

  len = (gsize) (p - body);   /* < 2^32: dsc_json_parse() refuses longer texts */

  dest = arena_alloc (parser->doc, len + 1, 1);
  if (!escaped)
    {
      memcpy (dest, body, len);
    }
  else
    {
      const guchar *bad = NULL;
      guchar *dest_end = unescape (body, p, dest, &bad);

      if (dest_end == NULL)
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, bad, _("invalid escape in a string"));
      len = (gsize) (dest_end - dest);
      arena_trim (parser->doc, dest, len + 1);
    }
  dest[len] = '\0';

  *out = (const char *) dest;
  *out_len = (guint32) len;
  parser->p = p + 1;
  return TRUE;
}

static gboolean
parse_number (Parser  *parser,
              DscJson *node)
{
  const guchar *start = parser->p;
  const guchar *p = start;
  const guchar *end = parser->end;
  const guchar *digits;
  gboolean negative = FALSE;
  gboolean integer = TRUE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p, _("invalid number"));

  if (p < end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, p, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  parser->p = p;

  if (integer)
    {
      /* Magnitude up to 2^63 for negatives, 2^63 - 1 otherwise. */
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
      guint64 value = 0;
      gboolean overflow = FALSE;

      for (const guchar *d = digits; d < p; d++)
        {
          guint digit = *d - '0';

          if (value > (limit - digit) / 10)
            {
              overflow = TRUE;
              break;
            }
          value = value * 10 + digit;
        }

      if (!overflow)
        {
          node->type = DSC_JSON_INT;
          if (!negative)
            node->v.i = (gint64) value;
          else if (value == (guint64) G_MAXINT64 + 1)
            node->v.i = G_MININT64;
          else
            node->v.i = -(gint64) value;
          return TRUE;
        }
    }

  /* The text is not NUL-terminated: strtod needs a copy. */
  {
    gsize n = (gsize) (p - start);
    char small[64];
    g_autofree char *big = NULL;
    char *copy = small;

    if (n >= sizeof small)
      copy = big = g_malloc (n + 1);
    memcpy (copy, start, n);
    copy[n] = '\0';
    node->type = DSC_JSON_DOUBLE;
    node->v.d = g_ascii_strtod (copy, NULL);
  }
  return TRUE;
}

static gboolean
parse_literal (Parser     *parser,
               const char *word,
               gsize       len)
{
  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    return fail_unexpected (parser, parser->p);
  parser->p += len;
  return TRUE;
}

static void
set_name (DscJson    *node,
          const char *name,
          guint32     name_len)
{
  node->name = name;
  node->name_len = (guint16) MIN (name_len, G_MAXUINT16);
  node->name_last = name_len > 0 ? (guint8) name[name_len - 1] : 0;
}

static DscJson *
push_value (Parser *parser)
{
  DscJson *node;

  if (parser->n_values == parser->values_size)
    {
      parser->values_size = MAX (64, parser->values_size * 2);
      parser->values = g_renew (DscJson, parser->values, parser->values_size);
    }
  node = &parser->values[parser->n_values++];
  memset (node, 0, sizeof *node);
  node->doc = parser->doc;
  return node;
}

/* A member name and its colon, the opening quote at parser->p. */
static gboolean
parse_member_name (Parser      *parser,
                   const char **name,
                   guint32     *name_len)
{
  if (parser->p >= parser->end || *parser->p != '"')
    {
      if (parser->p < parser->end)
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, parser->p, _("expected a member name"));
      return fail_unexpected (parser, parser->p);
    }
  if (!parse_string (parser, name, name_len))
    return FALSE;
  skip_space (parser);
  if (parser->p >= parser->end || *parser->p != ':')
    {
      if (parser->p < parser->end)
        return fail_at (parser, DSC_JSON_ERROR_SYNTAX, parser->p, _("expected “:”"));
      return fail_unexpected (parser, parser->p);
    }
  parser->p++;
  return TRUE;
}

static gboolean
parse_document (Parser *parser,
                guint   max_depth)
{
  const char *name = NULL;     /* of the value about to be read */
  guint32 name_len = 0;

  skip_space (parser);
  if (parser->p >= parser->end)
    return fail_at (parser, DSC_JSON_ERROR_EMPTY, parser->p, _("no JSON value"));

  for (;;)
    {
      DscJson *node;

      /* A value */
      skip_space (parser);
      if (parser->p >= parser->end)
        return fail_unexpected (parser, parser->p);

      if (*parser->p == '{' || *parser->p == '[')
        {
          gboolean is_object = *parser->p == '{';
          Frame *frame;

          if (parser->depth >= max_depth)
            return fail_at (parser, DSC_JSON_ERROR_DEPTH, parser->p,
                            _("arrays and objects nested too deeply"));
          if (parser->depth == parser->frames_size)
            {
              parser->frames_size = MIN (MAX (16, parser->frames_size * 2), max_depth);
              parser->frames = g_renew (Frame, parser->frames, parser->frames_size);
            }
          frame = &parser->frames[parser->depth++];
          frame->first = parser->n_values;
          frame->is_object = is_object;
          frame->name = name;
          frame->name_len = (guint16) MIN (name_len, G_MAXUINT16);
          frame->name_last = name_len > 0 ? (guint8) name[name_len - 1] : 0;
          name = NULL;
          name_len = 0;
          parser->p++;
          skip_space (parser);

          /* Unless it is empty (closed by the loop below), its first value. */
          if (parser->p >= parser->end || *parser->p != (is_object ? '}' : ']'))
            {
              if (is_object && !parse_member_name (parser, &name, &name_len))
                return FALSE;
              continue;
            }
        }
      else
        {
          node = push_value (parser);
          set_name (node, name, name_len);
          name = NULL;
          name_len = 0;

          switch (*parser->p)
            {
            case '"':
              node->type = DSC_JSON_STRING;
              if (!parse_string (parser, &node->v.s, &node->len))
                return FALSE;
              break;
            case 't':
              node->type = DSC_JSON_BOOLEAN;
              node->v.b = TRUE;
              if (!parse_literal (parser, "true", 4))
                return FALSE;
              break;
            case 'f':
              node->type = DSC_JSON_BOOLEAN;
              if (!parse_literal (parser, "false", 5))
                return FALSE;
              break;
            case 'n':
              node->type = DSC_JSON_NULL;
              if (!parse_literal (parser, "null", 4))
                return FALSE;
              break;
            case '-':
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
              if (!parse_number (parser, node))
                return FALSE;
              break;
            default:
              return fail_unexpected (parser, parser->p);
            }
        }

      /* After a value: the next one, or the end of containers. */
      for (;;)
        {
          Frame *frame;

          if (parser->depth == 0)
            {
              skip_space (parser);
              if (parser->p < parser->end)
                return fail_at (parser, DSC_JSON_ERROR_SYNTAX, parser->p,
                                _("text after the JSON value"));
              return TRUE;
            }

          frame = &parser->frames[parser->depth - 1];
          skip_space (parser);
          if (parser->p >= parser->end)
            return fail_unexpected (parser, parser->p);
          if (*parser->p == ',')
            {
              parser->p++;
              if (frame->is_object)
                {
                  skip_space (parser);
                  if (!parse_member_name (parser, &name, &name_len))
                    return FALSE;
                }
              break;   /* to the next value */
            }
          if (*parser->p != (frame->is_object ? '}' : ']'))
            return fail_at (parser, DSC_JSON_ERROR_SYNTAX, parser->p,
                            frame->is_object ? _("expected “,” or “}”")
                                             : _("expected “,” or “]”"));

          {
            guint n = parser->n_values - frame->first;
            DscJson *children = NULL;
            DscJson *container;

            parser->p++;
            if (n > 0)
              {
                children = arena_alloc (parser->doc, (gsize) n * sizeof (DscJson),
                                        G_ALIGNOF (DscJson));
                memcpy (children, &parser->values[frame->first], (gsize) n * sizeof (DscJson));
              }
            parser->n_values = frame->first;
            parser->depth--;

            container = push_value (parser);
            container->type = frame->is_object ? DSC_JSON_OBJECT : DSC_JSON_ARRAY;
            container->v.children = children;
            container->len = n;
            container->name = frame->name;
            container->name_len = frame->name_len;
            container->name_last = frame->name_last;
          }
        }
    }
}

DscJson *
dsc_json_parse (const char  *data,
                gsize        len,
                guint        max_depth,
                GError     **error)
{
  Parser parser = { 0 };
  Doc *doc;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = doc_new (len);
  parser.start = parser.p = (const guchar *) data;
  parser.end = parser.start + len;
  parser.doc = doc;
  parser.error = error;

  /* More than 2^32 - 1 values in one container cannot be counted: an input
   * that large is refused up front (Graph answers are bounded far below). */
  if (len >= G_MAXUINT32)
    ok = fail_at (&parser, DSC_JSON_ERROR_TOO_LARGE, parser.start, _("a text too long"));
  else
    ok = parse_document (&parser, max_depth);

  if (ok)
    {
      g_assert (parser.n_values == 1);
      doc->root = parser.values[0];
    }
  g_free (parser.values);
  g_free (parser.frames);

  if (!ok)
    {
      doc_free (doc);
      return NULL;
    }
  return &doc->root;
}

/* Reading */

DscJsonType
dsc_json_get_node_type (const DscJson *node)
{
  g_return_val_if_fail (node != NULL, DSC_JSON_NULL);

  return (DscJsonType) node->type;
}

gboolean
dsc_json_is_null (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_NULL;
}

gboolean
dsc_json_is_string (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_STRING;
}

gboolean
dsc_json_is_array (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_ARRAY;
}

gboolean
dsc_json_is_object (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_OBJECT;
}

const char *
dsc_json_get_string (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_STRING ? node->v.s : NULL;
}

gsize
dsc_json_get_string_length (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_STRING ? node->len : 0;
}

gboolean
dsc_json_get_boolean (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_BOOLEAN && node->v.b;
}

gint64
dsc_json_get_int (const DscJson *node)
{
  return node != NULL && node->type == DSC_JSON_INT ? node->v.i : 0;
}

double
dsc_json_get_double (const DscJson *node)
{
  if (node == NULL)
    return 0;
  if (node->type == DSC_JSON_DOUBLE)
    return node->v.d;
  if (node->type == DSC_JSON_INT)
    return (double) node->v.i;
  return 0;
}

guint
dsc_json_get_length (const DscJson *node)
{
  if (node == NULL || (node->type != DSC_JSON_ARRAY && node->type != DSC_JSON_OBJECT))
    return 0;
  return node->len;
}

DscJson *
dsc_json_get_element (const DscJson *node,
                      guint          index)
{
  if (index >= dsc_json_get_length (node))
    return NULL;
  return &node->v.children[index];
}

const char *
dsc_json_get_name (const DscJson *node)
{
  return node != NULL ? node->name : NULL;
}

DscJson *
dsc_json_get_member (const DscJson *node,
                     const char    *name)
{
  gsize name_len;
  guint16 key_len;
  guint8 key_last;

  g_return_val_if_fail (name != NULL, NULL);

  if (node == NULL || node->type != DSC_JSON_OBJECT)
    return NULL;

  name_len = strlen (name);
  key_len = (guint16) MIN (name_len, G_MAXUINT16);
  key_last = name_len > 0 ? (guint8) name[name_len - 1] : 0;

  /* From the end: the last of repeated names wins. */
  for (guint i = node->len; i-- > 0;)
    {
      const DscJson *child = &node->v.children[i];

      if (child->name_len != key_len || child->name_last != key_last)
        continue;
      /* memcmp() may not read past the shorter of two long names. */
      if (key_len == G_MAXUINT16 ? strcmp (child->name, name) == 0
                                 : memcmp (child->name, name, name_len) == 0)
        return (DscJson *) child;
    }
  return NULL;
}

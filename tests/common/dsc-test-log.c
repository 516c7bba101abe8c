/* dsc-test-log.c — log capture for tests (see the header). */
#include "config.h"

#include <string.h>

#include "dsc-test-log.h"

#define SHOWN_LEVELS (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | \
                      G_LOG_LEVEL_MESSAGE)

static GMutex log_lock;
static GString *log_text;
static guint log_records;
static GLogFunc previous_handler;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  log_records++;
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_text, fields[i].key);
      g_string_append_c (log_text, '=');
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_lock);

  if (level & SHOWN_LEVELS)
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* Libraries logging without G_LOG_USE_STRUCTURED reach the default handler,
 * which g_test_init() replaces, rather than the writer. */
static void
capture_handler (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  g_mutex_lock (&log_lock);
  log_records++;
  g_string_append_printf (log_text, "%s: %s\n", domain != NULL ? domain : "", message);
  g_mutex_unlock (&log_lock);

  if ((level & SHOWN_LEVELS) && previous_handler != NULL)
    previous_handler (domain, level, message, user_data);
}

void
dsc_test_log_capture_start (void)
{
  g_assert_null (log_text);

  log_text = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  previous_handler = g_log_set_default_handler (capture_handler, NULL);
}

char *
dsc_test_log_take (void)
{
  char *text;

  g_mutex_lock (&log_lock);
  text = g_strdup (log_text->str);
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_lock);
  return text;
}

gboolean
dsc_test_log_contains (const char *needle)
{
  gboolean found;

  g_mutex_lock (&log_lock);
  found = strstr (log_text->str, needle) != NULL;
  g_mutex_unlock (&log_lock);
  return found;
}

guint
dsc_test_log_get_n_records (void)
{
  guint n;

  g_mutex_lock (&log_lock);
  n = log_records;
  g_mutex_unlock (&log_lock);
  return n;
}

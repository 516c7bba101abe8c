/* dsc-test-log.h — every log record a test process writes, captured, for
 * tests that check what is (and is not) logged: tokens never are.
 *
 * Captures structured records (each field as "KEY=value" on its own line)
 * and unstructured ones from libraries ("domain: message"), from every
 * thread, debug included. Warnings and worse still go on to GLib's handlers,
 * so G_DEBUG=fatal-* keeps working.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call once in main(), right after g_test_init(): sets G_MESSAGES_DEBUG=all
 * and installs the log writer and the default handler. */
void      dsc_test_log_capture_start (void);
/* The text captured since the start or the last take, which it clears. */
char     *dsc_test_log_take          (void);
gboolean  dsc_test_log_contains      (const char *needle);
/* Records captured so far (never cleared). */
guint     dsc_test_log_get_n_records (void);

G_END_DECLS

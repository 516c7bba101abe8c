/* dsc-failure.h — a failed refresh in the order an admin reads it: the cause
 * first (one line: "Could not reach Microsoft Graph at graph.microsoft.com:
 * Connection refused"), then what to do about it, then the details (which
 * sources could not be read), for the window's error screen and `--check`.
 *
 * Convention for the GErrors a refresh fails with: the message's first line is
 * the cause; any further lines are details. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *cause;          /* the message's first line */
  const char *advice;   /* translated: what to do, for this kind of failure */
  char *details;        /* the message's further lines, or NULL */
} DscFailureText;

void dsc_failure_describe (const GError *error, DscFailureText *out);
void dsc_failure_text_clear (DscFailureText *text);

G_END_DECLS

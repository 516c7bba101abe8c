/* dsc-text-safe.h — untrusted text (tenant data from Graph) made inert for
 * terminals, monitoring status lines and notification servers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends text as valid UTF-8 on one line: C0/C1 control characters
 * (CR, LF, ESC, tab …), line/paragraph separators and bidirectional
 * overrides/isolates/marks become U+FFFD, and '|' (the start of Nagios
 * performance data) becomes U+00A6 '¦'. NULL appends nothing. */
void   dsc_text_safe_append  (GString    *out,
                              const char *text);
/* The same, returned. NULL gives "". */
char  *dsc_text_safe_dup     (const char *text);
/* g_string_append_printf () whose string (%s) arguments are appended as by
 * dsc_text_safe_append (); the format itself is trusted and may hold
 * newlines. Supports the flags, width and precision of %s and the integer
 * conversions d i u x X c with h/l/ll/z lengths, and %%. */
void   dsc_text_safe_printf  (GString    *out,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);
/* For notification bodies (servers may render a markup subset): the text
 * cleaned as above, then <, > and & as entities. */
char  *dsc_text_safe_markup  (const char *text);

G_END_DECLS

/* dsc-background.h — work the main loop must not wait for: dropping large trees (a previous
 * report, parsed JSON) and saving the offline copy, on one background thread whose CPU
 * priority is lowered (dsc_platform_lower_thread_priority). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs destroy (data) on the background thread, in call order. data must not be used by
 * anyone afterwards, and destroy must not touch main-thread-only state. */
void dsc_free_in_background (gpointer       data,
                             GDestroyNotify destroy);
/* Runs func (data) on that same thread: for work nobody waits for. */
void dsc_run_in_background  (GDestroyNotify func,
                             gpointer       data);

G_END_DECLS

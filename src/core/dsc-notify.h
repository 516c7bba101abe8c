/* dsc-notify.h — which desktop notifications a new report deserves.
 *
 * A pure decision: previous report + new report + settings in, notifications and the set of
 * keys to persist out. No GTK, no clock, no I/O, so background monitoring is testable.
 *
 * Rules
 * - Only transitions notify: a category got worse (OK → WARNING/ERROR, WARNING → ERROR) or
 *   recovered (WARNING/ERROR → OK, one "recovered" notification). Improving from ERROR to
 *   WARNING is silent.
 * - New conflicting objects: OBJECT_ERRORS findings whose id was not in the previous report,
 *   counted by their objects in error. When that notification fires it replaces the category's
 *   "got worse" one, so one refresh never says the same thing twice.
 * - Cloud Sync: per finding id ("cloud-sync/<configuration>/quarantine", ".../paused",
 *   ".../agents/inactive"): a finding that appears or gets more severe notifies with its own
 *   title ("corp.contoso.com is in quarantine: no active agents"); a quarantine that clears
 *   notifies "Left quarantine". These replace the category's "got worse" / "recovered" ones.
 *   Keys "finding/<id>/<severity>" and "cleared/<id>"; a finding that goes away forgets its
 *   keys, so entering quarantine again is announced again.
 * - UNKNOWN (a permission missing, a source that failed) is "no information": a category that
 *   is UNKNOWN now is left alone (no notification, its keys kept); one that was UNKNOWN before,
 *   or every category on the first run (previous == NULL), is treated as a baseline — current
 *   WARNING/ERROR problems are notified, deduplicated by key, and nothing "recovers".
 * - Dedupe: every notification has a stable key ("worse/<category>/<severity>",
 *   "new-objects/<digest of the sorted finding ids>", "recovered/<category>"). A key already in
 *   settings->notified_keys is dropped, so restarting the app does not repeat itself. The
 *   result's notified_keys is the set to persist: recovery clears the category's keys, and a
 *   category that improved forgets its more severe keys so getting worse again is announced.
 * - Snooze (now < snoozed_until) and quiet hours suppress display, but suppressed
 *   notifications ARE marked as handled: when the snooze ends the admin sees the current
 *   state in the window, not a burst of stale pop-ups. A problem that persists is still on the
 *   tiles; a new change after the snooze notifies normally.
 */
#pragma once

#include "dsc-report.h"

G_BEGIN_DECLS

typedef struct {
  gint64 now;                     /* Unix seconds (UTC) */
  gint64 snoozed_until;           /* Unix seconds; 0 = not snoozed */
  int quiet_start_minute;         /* local minutes since midnight, -1 disables quiet hours */
  int quiet_end_minute;           /* exclusive; start > end wraps midnight (22:00–07:00) */
  int local_minute_now;           /* local minutes since midnight */
  const char *const *notified_keys; /* NULL-terminated, may be NULL: keys already handled */
} DscNotifySettings;

typedef struct {
  char *key;                      /* stable dedupe key */
  DscCategoryId category;         /* the pane a click opens */
  DscStatus severity;             /* OK for "recovered" */
  char *title;                    /* translated */
  char *body;                     /* translated */
} DscNotification;

typedef struct {
  GPtrArray *notifications;       /* DscNotification* to show now; empty when suppressed */
  guint n_suppressed;             /* notifications dropped by snooze or quiet hours */
  GStrv notified_keys;            /* sorted set to persist and feed back next time */
} DscNotifyResult;

/* TRUE when snoozed or inside quiet hours. */
gboolean         dsc_notify_is_suppressed (const DscNotifySettings *settings);

/* previous may be NULL (first run); current must be finished. Never returns NULL. */
DscNotifyResult *dsc_notify_evaluate      (const DscReport *previous,
                                           const DscReport *current,
                                           const DscNotifySettings *settings);

/* Whether the notification body reaches a server that reads it as markup, so it
 * must be escaped (dsc_text_safe_markup()). GLib picks its backend as
 * gio/gnotificationbackend.c does: GNOTIFICATION_BACKEND (env_backend) when
 * that backend is usable, else the first usable of "portal" (sandboxed),
 * "gtk" (org.gtk.Notifications has an owner: GNOME Shell) and "freedesktop".
 * Only org.freedesktop.Notifications bodies are markup (Plasma, Xfce, dunst,
 * and GNOME Shell's own freedesktop side); GNOME Shell shows an
 * org.gtk.Notifications body as plain text, where escaping would show
 * "&lt;" literally, and the portal forwards plain text. */
gboolean         dsc_notify_body_is_markup (const char *env_backend,
                                            gboolean    sandboxed,
                                            gboolean    gtk_server_running);

void             dsc_notification_free    (DscNotification *self);
void             dsc_notify_result_free   (DscNotifyResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscNotification, dsc_notification_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscNotifyResult, dsc_notify_result_free)

G_END_DECLS

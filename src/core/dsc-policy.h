/* dsc-policy.h — thresholds the health rules apply; defaults follow the
 * reference (Connect Health's 2 h, Microsoft's 24 h e-mail, 80/95/100 % quota). */
#pragma once

#include <glib.h>

#include "dsc-types.h"

G_BEGIN_DECLS

typedef struct {
  gint64 sync_interval_default;   /* s; used when the tenant's interval is unknown: 30 min */
  gint64 sync_grace;              /* s; warning after 2 × interval + grace: 15 min */
  gint64 sync_error_after;        /* s; 24 h */
  gint64 password_warning_after;  /* s; 2 h */
  gint64 password_error_after;    /* s; 24 h */
  double quota_warning;           /* fraction; 0.80 */
  double quota_error;             /* fraction; 0.95 (and always at 100 %) */
  guint  sync_errors_warning;     /* objects in error at which the tile warns: 1 */
  guint  sync_errors_error;       /* … and is an error: 1 (set higher to tolerate some) */
  gint   connect_eos_warning_days;/* warn this many days before end of support: 90 */
  DscStatus unreadable_as;        /* a check that could not be read counts as this for the
                                   * overall status and --check's exit code: UNKNOWN (also
                                   * OK or WARNING: key "unreadable") */
} DscPolicy;

void     dsc_policy_init_defaults (DscPolicy *policy);
/* Reads "key=value" overrides (as the --policy option and settings give them);
 * keys: sync-grace-minutes, sync-error-hours, password-warning-hours,
 * password-error-hours, quota-warning-percent, quota-error-percent,
 * sync-errors-warning, sync-errors-error, connect-eos-warning-days,
 * unreadable (ok, warning or unknown). */
gboolean dsc_policy_set           (DscPolicy *policy, const char *key, const char *value,
                                   GError **error);

G_END_DECLS

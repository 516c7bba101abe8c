/* dsc-reconcile.h — facts that disagree, said once: when two things read from
 * the tenant contradict each other, what that likely means and what to check.
 * Pure functions (no snapshot, no report): the rules call them and put the
 * result on a tile and a finding, so the pane, `--check` and every export say
 * the same words. */
#pragma once

#include "dsc-types.h"

G_BEGIN_DECLS

typedef struct {
  char *summary;   /* the tile's line */
  char *title;     /* the finding's title */
  char *detail;    /* what disagrees, what it likely means, what to check */
  GStrv steps;     /* fix steps (dsc-fix-step.h), the checks first */
} DscContradiction;

void     dsc_contradiction_clear (DscContradiction *c);

/* Entra Connect @version is below @minimum_version, which the version table
 * says can't sync since @minimum_since, yet a directory sync arrived at
 * @last_sync, after that date and within @recent_within seconds of @now.
 * @server: the sync server's name, or NULL. FALSE (and @out untouched) when
 * the facts agree. */
gboolean dsc_reconcile_version_and_sync (const char       *version,
                                         const char       *minimum_version,
                                         gint64            minimum_since,
                                         gint64            last_sync,
                                         const char       *server,
                                         gint64            now,
                                         gint64            recent_within,
                                         DscContradiction *out);

/* Password hash sync is reported off (@enabled FALSE), yet a password sync
 * arrived at @last_password_sync, within @recent_within seconds of @now.
 * FALSE (and @out untouched) when the facts agree. */
gboolean dsc_reconcile_password_sync_off (DscTristate       enabled,
                                          gint64            last_password_sync,
                                          gint64            now,
                                          gint64            recent_within,
                                          DscContradiction *out);

/* Every Cloud Sync job of a Cloud-Sync-only tenant has been in quarantine
 * since @quarantined_since, yet the tenant's last directory sync arrived at
 * @last_sync, after that and within @recent_within seconds of @now. FALSE (and
 * @out untouched) when the facts agree. */
gboolean dsc_reconcile_quarantine_and_sync (gint64            quarantined_since,
                                            gint64            last_sync,
                                            gint64            now,
                                            gint64            recent_within,
                                            DscContradiction *out);

G_END_DECLS

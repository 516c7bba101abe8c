/* dsc-report.h — the verdict: one status per tile, findings per category.
 *
 * Produced by dsc_health_evaluate() from a snapshot; immutable and reference
 * counted like the snapshot it keeps alive. The window, the tray, the
 * exporters and --check only ever render a report.
 */
#pragma once

#include "dsc-snapshot.h"

G_BEGIN_DECLS

typedef struct {
  DscTileId id;
  DscStatus status;
  char *title;          /* "Last directory sync" */
  char *value;          /* large value: "17 minutes ago", "12 objects", "4 %", "2.4.27.0" */
  char *summary;        /* one line: "Entra Connect normally syncs every 30 minutes" */
  char *tooltip;        /* exact facts: "Monday 23 November 2026, 18:55 (UTC 18:55)" — may be NULL */
  gint64 timestamp;     /* the time the value is an age of (0 if none): shells re-render ages */
  char *limited_reason; /* why the tile is UNKNOWN: missing role/permission, or NULL */
  DscCategoryId category; /* the pane the tile opens */
} DscTile;

/* One row of the affected-objects list. */
typedef struct {
  DscDirectoryObject *object;  /* owned reference */
  char *attribute;             /* "ProxyAddress", "UserPrincipalName", … or NULL */
  char *value;                 /* the value at stake, or NULL */
  gint64 since;                /* occurredDateTime, 0 unknown */
  gboolean in_error;           /* TRUE: this object is quarantined; FALSE: it holds the value */
  char *on_premises_dn;        /* the on-premises object to edit (from the scan), or NULL */
  char *suggested_fix;         /* on-premises scan: the suggested new value, or NULL */
} DscAffectedObject;

typedef struct {
  char *id;             /* stable key, for dedupe across refreshes:
                         * "object-errors/ProxyAddress/smtp:sales@contoso.com",
                         * "no-recent-sync/stale", "connect-version/unsupported", … */
  DscCategoryId category;
  DscStatus severity;
  char *title;          /* "smtp:sales@contoso.com is claimed by 2 objects" */
  char *detail;         /* plain-language explanation specific to this finding */
  GStrv fix_steps;      /* steps specific to this finding, or NULL to use the category's */
  GPtrArray *objects;   /* DscAffectedObject* (may be empty, never NULL) */
} DscFinding;

typedef struct {
  DscCategoryId id;
  DscStatus status;     /* worst of its findings; OK when none */
  char *headline;       /* status sentence for the pane */
  GPtrArray *findings;  /* DscFinding*, most severe first */
  GPtrArray *facts;     /* char*: "Current state", what was read ("Deletion threshold: 500
                         * objects"), the tiles' exact facts first; never NULL */
} DscCategoryReport;

typedef struct {
  gatomicrefcount ref_count;
  DscSnapshot *snapshot;  /* owned reference */
  gint64 evaluated_at;
  DscStatus overall;      /* error > warning > unknown > ok; unknown mapped by unreadable_as */
  char *headline;         /* the worst finding and the counts: "No directory sync for 5 hours
                           * — last 08:32 UTC · 2 problems need attention" */
  DscStatus unreadable_as;/* what "could not be read" means for overall (policy
                           * unreadable=ok|warning|unknown); UNKNOWN by default */
  guint n_problems;       /* categories with status warning or error */
  guint n_unreadable;     /* categories with status unknown */
  DscTile tiles[DSC_N_TILES];
  DscCategoryReport categories[DSC_N_CATEGORIES];
} DscReport;

#define DSC_TYPE_REPORT (dsc_report_get_type ())

GType              dsc_report_get_type            (void) G_GNUC_CONST;
DscReport         *dsc_report_new                 (DscSnapshot *snapshot, gint64 now);
DscReport         *dsc_report_ref                 (DscReport *self);
void               dsc_report_unref               (DscReport *self);

/* Builder helpers for the health rules. Strings are copied. */
DscFinding        *dsc_report_add_finding         (DscReport *self,
                                                   DscCategoryId category,
                                                   DscStatus severity,
                                                   const char *id,
                                                   const char *title,
                                                   const char *detail);
DscAffectedObject *dsc_finding_add_object         (DscFinding *finding,
                                                   DscDirectoryObject *object,
                                                   const char *attribute,
                                                   const char *value,
                                                   gint64 since,
                                                   gboolean in_error);
void               dsc_finding_set_fix_steps      (DscFinding *finding,
                                                   const char *const *steps);
/* Adds a line to the category's "Current state". */
void               dsc_report_add_fact            (DscReport *self,
                                                   DscCategoryId category,
                                                   const char *fact);
/* Sorts findings, derives category and overall status and the headline.
 * One status per thing: a category is as bad as its findings and the tiles
 * that open it, and each tile then shows its category's status. */
void               dsc_report_finish              (DscReport *self);

const DscTile     *dsc_report_get_tile            (const DscReport *self, DscTileId id);
const DscCategoryReport *dsc_report_get_category  (const DscReport *self, DscCategoryId id);
/* TRUE when the tile shows a problem (warning, error) or a check that could not
 * be read — unless the policy counts unreadable as OK, or it is an optional
 * check that has not run: what the headline counts. */
gboolean           dsc_report_tile_needs_attention (const DscReport *self, DscTileId id);
/* The order the overview shows its tiles in: those that need attention first,
 * worst first (error, warning, unreadable; ties in the usual order), then the
 * others in the usual order. Fills @order (DSC_N_TILES ids); returns how many
 * need attention. */
guint              dsc_report_tile_order          (const DscReport *self,
                                                   DscTileId        order[DSC_N_TILES]);
const DscFinding  *dsc_report_find                (const DscReport *self, const char *finding_id);
/* Number of findings with severity WARNING or ERROR. */
guint              dsc_report_count_problems      (const DscReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscReport, dsc_report_unref)

G_END_DECLS

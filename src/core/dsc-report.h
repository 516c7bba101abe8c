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
  char *admin_url;             /* the object in the Entra admin center of its cloud, or NULL */
} DscAffectedObject;

/* What one conflict most likely is and where it is fixed, worked out from
 * the objects on both sides (object-errors findings only). */
typedef struct {
  const char *id;              /* static: "same-person", "edit-on-premises", "guest-holder",
                                * "cloud-user-holder", "cloud-group-holder",
                                * "cloud-contact-holder", "holder-not-found", "holder-unread",
                                * "decide" */
  char *label;                 /* short, for a table cell: "Edit in Active Directory" */
  char *text;                  /* the advice, naming the objects (and DNs when scanned) */
} DscDiagnosis;

/* A count under a key, for summaries. */
typedef struct {
  char *key;                   /* NULL: "all others" */
  guint count;
} DscSummaryCount;

enum {
  DSC_AGE_UNDER_1_DAY,
  DSC_AGE_1_TO_7_DAYS,
  DSC_AGE_8_TO_30_DAYS,
  DSC_AGE_OVER_30_DAYS,
  DSC_AGE_UNKNOWN,
  DSC_N_AGE_BUCKETS
};

/* The conflicts at a glance, counted in conflicting values (one per
 * object-errors finding of Connect Sync). */
typedef struct {
  guint n_values;
  GArray *by_attribute;        /* DscSummaryCount, most first */
  GArray *by_domain;           /* DscSummaryCount, most first; the last NULL-keyed for the rest */
  guint by_age[DSC_N_AGE_BUCKETS]; /* by the oldest error of each value */
} DscConflictSummary;

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
  DscDiagnosis *diagnosis; /* conflicts: the case and its fix; NULL otherwise */
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
  DscConflictSummary *conflict_summary; /* NULL when no object has a conflict */
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
/* The same, taking the strings (thousands of conflicts per evaluation). */
DscFinding        *dsc_report_take_finding        (DscReport *self,
                                                   DscCategoryId category,
                                                   DscStatus severity,
                                                   char *id,
                                                   char *title,
                                                   char *detail);
DscAffectedObject *dsc_finding_add_object         (DscFinding *finding,
                                                   DscDirectoryObject *object,
                                                   const char *attribute,
                                                   const char *value,
                                                   gint64 since,
                                                   gboolean in_error);
void               dsc_finding_set_fix_steps      (DscFinding *finding,
                                                   const char *const *steps);
/* Takes @label and @text; @id is static. */
void               dsc_finding_set_diagnosis      (DscFinding *finding,
                                                   const char *id,
                                                   char *label,
                                                   char *text);
/* "Quarantined" (the object whose value Entra set aside) or "Current holder",
 * translated; and the same as a stable key: "quarantined", "current-holder". */
const char        *dsc_affected_object_role_label (const DscAffectedObject *affected);
const char        *dsc_affected_object_role_key   (const DscAffectedObject *affected);

DscConflictSummary *dsc_conflict_summary_new      (void);
void               dsc_conflict_summary_free      (DscConflictSummary *summary);
/* The summary as sentences, translated, numbers grouped by the locale:
 * "By attribute: 4,000 proxy addresses · 1,000 UPNs". NULL-terminated. */
GStrv              dsc_conflict_summary_dup_lines (const DscConflictSummary *summary);
/* A stable key for an age bucket: "under-1-day", "1-7-days", … */
const char        *dsc_age_bucket_to_string       (guint bucket);
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
/* The categories that need attention as a tile would (a problem, or unreadable
 * unless the policy counts that as OK; not an optional check that has not run)
 * that no tile of this report opens, in category order:
 * the overview lists them under its problem tiles. Fills @out; returns how many. */
guint              dsc_report_untiled_attention   (const DscReport *self,
                                                   DscCategoryId    out[DSC_N_CATEGORIES]);
const DscFinding  *dsc_report_find                (const DscReport *self, const char *finding_id);
/* Number of findings with severity WARNING or ERROR. */
guint              dsc_report_count_problems      (const DscReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscReport, dsc_report_unref)

G_END_DECLS

/* dsc-history.h — every refresh remembered in SQLite: tile statuses, findings
 * and each object error with when it was first and last seen, so the app can
 * say what changed since the last refresh and draw trends.
 *
 * One connection per DscHistory, serialized by a mutex, so it may be used
 * from worker threads; several DscHistory (or processes) may share a file
 * (WAL, busy timeout). A damaged file is moved aside and a new one started.
 */
#pragma once

#include <gio/gio.h>
#include "dsc-report.h"

G_BEGIN_DECLS

#define DSC_HISTORY_SCHEMA_VERSION 3
#define DSC_HISTORY_DEFAULT_RETENTION_DAYS 90

#define DSC_TYPE_HISTORY (dsc_history_get_type ())
G_DECLARE_FINAL_TYPE (DscHistory, dsc_history, DSC, HISTORY, GObject)

typedef enum {
  DSC_HISTORY_SERIES_OBJECTS_IN_ERROR, /* objects quarantined at each refresh */
  DSC_HISTORY_SERIES_SYNC_LAG,         /* seconds since the last sync, at each refresh */
  DSC_HISTORY_SERIES_PROBLEMS,         /* findings with severity warning or error */
} DscHistorySeries;

typedef struct {
  gint64 time;    /* unix seconds (the refresh's evaluation time) */
  double value;
} DscHistoryPoint;

typedef struct {
  char *id;               /* DscFinding.id */
  DscCategoryId category;
  DscStatus severity;
  char *title;
} DscHistoryFinding;

typedef struct {
  char *object_id;
  DscObjectKind kind;
  char *display_name;
  char *attribute;
  char *value;
  gint64 first_seen;
  gint64 last_seen;
} DscHistoryObjectError;

/* What changed between the previous refresh of a tenant and the latest. */
typedef struct {
  gatomicrefcount ref_count;
  gint64 current_at;
  gint64 previous_at;             /* 0: no previous refresh, nothing is "new" */
  GPtrArray *new_findings;        /* DscHistoryFinding* */
  GPtrArray *resolved_findings;
  GPtrArray *new_object_errors;   /* DscHistoryObjectError* */
  GPtrArray *resolved_object_errors;
} DscHistoryDiff;

#define DSC_TYPE_HISTORY_DIFF (dsc_history_diff_get_type ())
GType           dsc_history_diff_get_type   (void) G_GNUC_CONST;
DscHistoryDiff *dsc_history_diff_ref        (DscHistoryDiff *diff);
void            dsc_history_diff_unref      (DscHistoryDiff *diff);
/* Markers for the UI: was this finding / object error absent last time? */
gboolean        dsc_history_diff_is_new_finding      (const DscHistoryDiff *diff,
                                                      const char *finding_id);
gboolean        dsc_history_diff_is_new_object_error (const DscHistoryDiff *diff,
                                                      const char *object_id,
                                                      const char *attribute,
                                                      const char *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscHistoryDiff, dsc_history_diff_unref)

/* g_get_user_data_dir()/dirsync-companion/history.sqlite */
char           *dsc_history_dup_default_path (void);

/* The history at the default path, shared by the whole process (not freed). */
DscHistory     *dsc_history_get_default      (void);
/* path NULL: the default. Nothing is opened until first use. */
DscHistory     *dsc_history_new              (const char *path);
const char     *dsc_history_get_path         (DscHistory *self);
void            dsc_history_set_retention_days (DscHistory *self, guint days);
guint           dsc_history_get_retention_days (DscHistory *self);

/* Opens, migrating an older schema; moves a damaged file aside. Blocking:
 * the calls below open on demand, call them off the main thread. */
gboolean        dsc_history_open             (DscHistory *self, GError **error);
/* Set when a damaged history was moved aside (for a toast), else NULL. */
char           *dsc_history_dup_recovery_message (DscHistory *self);

/* Stores the refresh, prunes what is older than the retention, and returns
 * what changed since the tenant's previous refresh. Blocking. */
DscHistoryDiff *dsc_history_record           (DscHistory *self,
                                              const DscReport *report,
                                              GError **error);
void            dsc_history_record_async     (DscHistory *self,
                                              DscReport *report,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
DscHistoryDiff *dsc_history_record_finish    (DscHistory *self,
                                              GAsyncResult *result,
                                              GError **error);

/* The latest diff of a tenant without recording (window start-up). */
DscHistoryDiff *dsc_history_get_latest_diff  (DscHistory *self,
                                              const char *tenant_id,
                                              GError **error);
/* Points since `since` (unix seconds), oldest first. Blocking. */
GArray         *dsc_history_get_series       (DscHistory *self,
                                              const char *tenant_id,
                                              DscHistorySeries series,
                                              gint64 since,
                                              GError **error);
void            dsc_history_get_series_async (DscHistory *self,
                                              const char *tenant_id,
                                              DscHistorySeries series,
                                              gint64 since,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
GArray         *dsc_history_get_series_finish (DscHistory *self,
                                               GAsyncResult *result,
                                               GError **error);
/* Deletes refreshes older than now − retention. Blocking. */
gboolean        dsc_history_prune            (DscHistory *self,
                                              gint64 now,
                                              GError **error);
/* Deletes every refresh and object error recorded for tenant_id (a removed
 * tenant profile). Blocking. */
gboolean        dsc_history_forget_tenant    (DscHistory *self,
                                              const char *tenant_id,
                                              GError **error);
/* The on-premises scans recorded for a tenant (each once, however many
 * refreshes carried it) and the latest one's error and warning counts (-1
 * when none). */
gboolean        dsc_history_get_onprem_counts (DscHistory *self,
                                               const char *tenant_id,
                                               gint64 *n_scans,
                                               gint64 *last_errors,
                                               gint64 *last_warnings,
                                               GError **error);
/* Number of stored refreshes of a tenant (tests, "n refreshes" labels). */
gint64          dsc_history_count_refreshes  (DscHistory *self,
                                              const char *tenant_id,
                                              GError **error);

G_END_DECLS

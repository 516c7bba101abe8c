/* dsc-health-private.h — what the health rules share and nobody else sees:
 * the evaluation state, the rule table's row type, one function per rule, and
 * the text, source, tile and finding helpers the rules are written with.
 */
#pragma once

#include "dsc-category.h"
#include "dsc-health.h"
#include "dsc-time.h"

G_BEGIN_DECLS

/* One evaluation: the inputs (never changed) and the report being filled. */
typedef struct {
  DscSnapshot *snap;
  const DscPolicy *policy;
  const DscConnectVersions *versions;
  gint64 now;
  DscReport *report;
} DscHealthEval;

/* A row of the rule table in dsc-health.c. Rules run in table order; each
 * fills at most one tile (the tile's pane comes from the category catalogue,
 * dsc_tile_get_category()) and adds findings to any category. */
typedef struct {
  const char *name;                        /* "last-sync": for logs and tests */
  DscTileId tile;                          /* the tile it fills, or DSC_TILE_NONE */
  void (*evaluate) (DscHealthEval *ev);
} DscHealthRule;

/* The table, for tests: every tile is filled by exactly one rule. */
const DscHealthRule *dsc_health_get_rules (guint *n_rules);

/* The rules: one file each under src/core/health/. */
void dsc_health_rule_sync_enabled   (DscHealthEval *ev);
void dsc_health_rule_last_sync      (DscHealthEval *ev);
void dsc_health_rule_password_sync  (DscHealthEval *ev);
void dsc_health_rule_sync_errors    (DscHealthEval *ev);
void dsc_health_rule_quota          (DscHealthEval *ev);
void dsc_health_rule_connect_version (DscHealthEval *ev);
void dsc_health_rule_sync_identity  (DscHealthEval *ev);
void dsc_health_rule_domains        (DscHealthEval *ev);
void dsc_health_rule_service_health (DscHealthEval *ev);
void dsc_health_rule_cloud_sync     (DscHealthEval *ev);
void dsc_health_rule_safeguards     (DscHealthEval *ev);
void dsc_health_rule_cant_manage    (DscHealthEval *ev);
void dsc_health_rule_attributes     (DscHealthEval *ev);
void dsc_health_rule_onprem_data    (DscHealthEval *ev);

/* Adds Cloud Sync's provisioning-log failures to the sync-errors category (severity by
 * @status_for and the number of objects per finding); returns the number of objects. */
guint dsc_health_cloud_sync_object_errors (DscHealthEval *ev,
                                           DscStatus (*status_for) (const DscPolicy *policy,
                                                                    guint n));

/* Text */
void     dsc_health_take_str        (char **field, char *value);
void     dsc_health_set_str         (char **field, const char *value);
/* Joins the non-NULL, non-empty parts with @sep. */
char    *dsc_health_join_parts      (const char *sep, const char *const *parts, guint n_parts);
char    *dsc_health_join_ptr_array  (GPtrArray *strings, const char *sep);
#define JOIN(sep, ...) \
  dsc_health_join_parts ((sep), (const char *const[]) { __VA_ARGS__ }, \
                         G_N_ELEMENTS (((const char *const[]) { __VA_ARGS__ })))
/* g_strdup_printf (@format, args…) for texts whose only conversions are %s,
 * %1$s … %9$s and %% (thousands of conflicts per evaluation: printf was most of
 * its time); NULL arguments read as "". Any other conversion is a programming
 * error and goes through g_strdup_printf () with the first three arguments. */
char    *dsc_health_format_s        (const char *format, const char *const *args, guint n_args);
/* The same, appended to @out. */
void     dsc_health_append_format_s (GString *out, const char *format, const char *const *args,
                                     guint n_args);
#define APPEND_FORMAT_S(out, format, ...) \
  dsc_health_append_format_s ((out), (format), (const char *const[]) { __VA_ARGS__ }, \
                              G_N_ELEMENTS (((const char *const[]) { __VA_ARGS__ })))
#define FORMAT_S(format, ...) \
  dsc_health_format_s ((format), (const char *const[]) { __VA_ARGS__ }, \
                       G_N_ELEMENTS (((const char *const[]) { __VA_ARGS__ })))
/* "12,345" with a translatable separator. */
char    *dsc_health_format_count    (gint64 n);
gboolean dsc_health_str_empty       (const char *str);
gboolean dsc_health_str_contains_ci (const char *haystack, const char *needle);

/* Sources: what an admin needs when something couldn't be read */
gboolean    dsc_health_source_ok           (const DscHealthEval *ev, DscSource source);
/* 404 on the sync-identity lists means "none exists", not "couldn't read". */
gboolean    dsc_health_source_ok_or_absent (const DscHealthEval *ev, DscSource source);
/* Why @source is missing, naming the role or permission; NULL when it was read. */
char       *dsc_health_source_reason       (const DscHealthEval *ev, DscSource source);
/* The short form for a tile's summary line. */
const char *dsc_health_source_short        (const DscHealthEval *ev, DscSource source);

/* Tiles and findings */
DscTile    *dsc_health_tile_begin   (DscHealthEval *ev, DscTileId id, const char *title);
void        dsc_health_tile_set     (DscTile *tile, DscStatus status, const char *value,
                                     const char *summary);
void        dsc_health_tile_unknown (DscHealthEval *ev, DscTile *tile, DscSource source);
DscFinding *dsc_health_add_finding  (DscHealthEval *ev, DscCategoryId category,
                                     DscStatus severity, const char *id, const char *title,
                                     const char *detail);
/* A line of the category's "Current state" (printf-style). */
void        dsc_health_add_fact     (DscHealthEval *ev, DscCategoryId category,
                                     const char *format, ...) G_GNUC_PRINTF (3, 4);
/* The category's steps with the first one replaced, e.g. to name the server. */
void        dsc_health_set_steps_with_first (DscFinding *finding, DscCategoryId category,
                                             const char *first);
/* The sync server's name when the sync settings could be read, else NULL. */
const char *dsc_health_sync_server  (const DscHealthEval *ev);
char       *dsc_health_check_adsync_sentence (const DscHealthEval *ev);
/* For a Cloud-Sync-only tenant, sets @tile to "Not used" (OK) with the reason and returns
 * FALSE: the Entra Connect checks don't apply. TRUE otherwise, @tile untouched. */
gboolean    dsc_health_connect_checks_apply  (DscHealthEval *ev, DscTile *tile);

G_END_DECLS

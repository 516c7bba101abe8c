/* dsc-connect-versions.h — the shipped table of Entra Connect releases, their
 * end-of-support dates and the hard minimum, with the date the data is as of. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  char *version;        /* "2.5.79.0" */
  gint64 released;      /* Unix seconds, 0 unknown */
  gint64 end_of_support;/* 0: none announced */
  gboolean recalled;
  char *note;
} DscConnectRelease;

typedef struct {
  gatomicrefcount ref_count;
  gint64 data_as_of;
  char *minimum_version;     /* below it sync fails after minimum_since */
  gint64 minimum_since;
  char *minimum_reason;      /* a key the health rules turn into a translated sentence
                              * ("sync-service"), never text to show */
  GPtrArray *releases;       /* DscConnectRelease*, newest first */
} DscConnectVersions;

/* The table compiled into the program (resource /io/github/DirSyncCompanion/connect-versions.json).
 * Transfer full: a new reference to one shared, immutable table. */
DscConnectVersions *dsc_connect_versions_get_default (void);
DscConnectVersions *dsc_connect_versions_parse       (const char *json, gssize length, GError **error);
DscConnectVersions *dsc_connect_versions_ref         (DscConnectVersions *self);
void                dsc_connect_versions_unref       (DscConnectVersions *self);
const DscConnectRelease *dsc_connect_versions_lookup (const DscConnectVersions *self, const char *version);
const DscConnectRelease *dsc_connect_versions_latest (const DscConnectVersions *self);

/* Compares dotted versions numerically; FALSE from parse if not a version. */
gboolean dsc_version_parse   (const char *str, guint out[4]);
int      dsc_version_compare (const char *a, const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscConnectVersions, dsc_connect_versions_unref)

G_END_DECLS

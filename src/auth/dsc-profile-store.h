/* dsc-profile-store.h — the tenants an admin (or an MSP) signs in to, in
 * g_get_user_config_dir()/dirsync-companion/profiles.json, written
 * atomically. An unreadable file is set aside, never overwritten. */
#pragma once

#include <gio/gio.h>

#include "dsc-profile.h"

G_BEGIN_DECLS

#define DSC_TYPE_PROFILE_STORE (dsc_profile_store_get_type ())
G_DECLARE_FINAL_TYPE (DscProfileStore, dsc_profile_store, DSC, PROFILE_STORE, GObject)

/* path NULL: the default file. */
DscProfileStore *dsc_profile_store_new       (const char *path);
const char      *dsc_profile_store_get_path  (DscProfileStore *self);
/* A missing file is an empty list. An unreadable one is renamed to
 * profiles.json.bad-DATE (kept) and reported; the store is then empty. */
gboolean         dsc_profile_store_load      (DscProfileStore  *self,
                                              GError          **error);
gboolean         dsc_profile_store_save      (DscProfileStore  *self,
                                              GError          **error);
/* DscProfile items. */
GListModel      *dsc_profile_store_get_profiles (DscProfileStore *self);
/* By id, else by display name (case-insensitive). Borrowed. */
DscProfile      *dsc_profile_store_lookup    (DscProfileStore *self,
                                              const char      *id_or_name);
/* Adds (unique id from the name), saves. Borrowed. */
DscProfile      *dsc_profile_store_add       (DscProfileStore  *self,
                                              const char       *display_name,
                                              const char       *tenant,
                                              const char       *client_id,
                                              DscCloudId        cloud,
                                              GError          **error);
/* Takes a profile built by the caller (custom hosts); its id must be new. */
gboolean         dsc_profile_store_insert    (DscProfileStore  *self,
                                              DscProfile       *profile,
                                              GError          **error);
gboolean         dsc_profile_store_rename    (DscProfileStore  *self,
                                              const char       *id,
                                              const char       *display_name,
                                              GError          **error);
/* Also forgets its stored sign-in (in the background). */
gboolean         dsc_profile_store_remove    (DscProfileStore  *self,
                                              const char       *id,
                                              GError          **error);
/* The profile the app opens on; NULL if none. Borrowed. */
DscProfile      *dsc_profile_store_get_active (DscProfileStore *self);
gboolean         dsc_profile_store_set_active (DscProfileStore  *self,
                                               const char       *id,
                                               GError          **error);

G_END_DECLS

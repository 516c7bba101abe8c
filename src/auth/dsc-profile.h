/* dsc-profile.h — one tenant the admin signs in to: its app registration
 * (client id), tenant, and cloud. The refresh token is stored under the id. */
#pragma once

#include <glib-object.h>

#include "dsc-cloud.h"

G_BEGIN_DECLS

#define DSC_TYPE_PROFILE (dsc_profile_get_type ())
G_DECLARE_FINAL_TYPE (DscProfile, dsc_profile, DSC, PROFILE, GObject)

DscProfile *dsc_profile_new              (const char *id,
                                          const char *display_name,
                                          const char *tenant,
                                          const char *client_id,
                                          DscCloudId  cloud);
const char *dsc_profile_get_id           (DscProfile *self);
const char *dsc_profile_get_display_name (DscProfile *self);
void        dsc_profile_set_display_name (DscProfile *self, const char *name);
const char *dsc_profile_get_tenant       (DscProfile *self);
const char *dsc_profile_get_client_id    (DscProfile *self);
DscCloudId  dsc_profile_get_cloud        (DscProfile *self);
/* Custom cloud only (loopback): the identity platform and Graph roots. */
const char *dsc_profile_get_authority_host (DscProfile *self);
const char *dsc_profile_get_graph_root     (DscProfile *self);
void        dsc_profile_set_custom_hosts   (DscProfile *self,
                                            const char *authority_host,
                                            const char *graph_root);

/* The authority URL, Graph root and scope string this profile signs in with. */
char       *dsc_profile_dup_authority    (DscProfile *self, GError **error);
const char *dsc_profile_get_graph_url    (DscProfile *self);
char       *dsc_profile_dup_scopes       (DscProfile *self);
/* What the profile's offline copy is kept under (the connection's data key):
 * its id, cloud and tenant, so no two profiles share one. */
char       *dsc_profile_dup_data_key     (DscProfile *self);

/* A profile id from a display name: lower-case ASCII letters, digits and
 * '-', never empty. */
char       *dsc_profile_make_id          (const char *display_name);

G_END_DECLS

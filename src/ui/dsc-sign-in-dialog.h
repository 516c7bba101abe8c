/* dsc-sign-in-dialog.h — first-run assistant and sign-in: explains the app
 * registration, asks client ID, tenant and cloud, then signs in with the
 * browser (auth code + PKCE) or a device code. Self-contained: the caller
 * only listens to "signed-in". */
#pragma once

#include <adwaita.h>

#include "dsc-oauth-token-provider.h"
#include "dsc-profile-store.h"

G_BEGIN_DECLS

#define DSC_TYPE_SIGN_IN_DIALOG (dsc_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DscSignInDialog, dsc_sign_in_dialog, DSC, SIGN_IN_DIALOG, AdwWindow)

/* profile NULL: a new tenant (added to store once signed in); else sign in
 * to that profile again. Emits "signed-in" (DscProfile *, DscOAuthTokenProvider *)
 * and closes itself. */
DscSignInDialog *dsc_sign_in_dialog_new (GtkWindow       *parent,
                                         DscProfileStore *store,
                                         DscProfile      *profile);
/* default_client_id: the build's (DSC_DEFAULT_CLIENT_ID, what _new() passes);
 * when set, a new tenant needs no client ID (the row is filled and hidden). */
DscSignInDialog *dsc_sign_in_dialog_new_full (GtkWindow       *parent,
                                              DscProfileStore *store,
                                              DscProfile      *profile,
                                              const char      *default_client_id);
/* During "signed-in": the app's permissions the token was not granted (from
 * the token response's scope, dsc_cloud_missing_permissions()); empty when
 * all were. */
const char * const *dsc_sign_in_dialog_get_missing_permissions (DscSignInDialog *self);

G_END_DECLS

/* dsc-device-code-flow.h — sign-in on another device (RFC 8628 as the
 * Microsoft identity platform implements it): show a code, poll the token
 * endpoint until the user has entered it. For SSH sessions and kiosks. */
#pragma once

#include <gio/gio.h>

#include "dsc-oauth.h"

G_BEGIN_DECLS

#define DSC_TYPE_DEVICE_CODE_FLOW (dsc_device_code_flow_get_type ())
G_DECLARE_FINAL_TYPE (DscDeviceCodeFlow, dsc_device_code_flow, DSC, DEVICE_CODE_FLOW, GObject)

DscDeviceCodeFlow *dsc_device_code_flow_new (const char *authority,
                                             const char *client_id,
                                             const char *scopes);
/* Tests only: the length of one of the service's "seconds" (default 1000 ms). */
void        dsc_device_code_flow_set_second_ms (DscDeviceCodeFlow *self,
                                                guint              ms);

/* POST /devicecode; afterwards the getters below are set. */
void        dsc_device_code_flow_start_async  (DscDeviceCodeFlow   *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    dsc_device_code_flow_start_finish (DscDeviceCodeFlow   *self,
                                               GAsyncResult        *result,
                                               GError             **error);
const char *dsc_device_code_flow_get_user_code        (DscDeviceCodeFlow *self);
const char *dsc_device_code_flow_get_verification_uri (DscDeviceCodeFlow *self);
const char *dsc_device_code_flow_get_message          (DscDeviceCodeFlow *self);
guint       dsc_device_code_flow_get_expires_in       (DscDeviceCodeFlow *self);
/* Current polling interval in seconds (grows with slow_down). */
guint       dsc_device_code_flow_get_interval         (DscDeviceCodeFlow *self);

/* Polls until signed in, declined, expired or cancelled. */
void            dsc_device_code_flow_poll_async  (DscDeviceCodeFlow   *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
DscOAuthTokens *dsc_device_code_flow_poll_finish (DscDeviceCodeFlow   *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS

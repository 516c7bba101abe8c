/* dsc-demo.h — the built-in demo tenant: the fake Graph server on loopback and a
 * connection to it. Lives here, not in graph/, so the graph layer knows nothing
 * of the fake tenant; the window reaches the scenarios through DscSession. */
#pragma once

#include "dsc-connection.h"

G_BEGIN_DECLS

#define DSC_TYPE_DEMO (dsc_demo_get_type ())
G_DECLARE_FINAL_TYPE (DscDemo, dsc_demo, DSC, DEMO, GObject)

/* Starts the fake tenant with scenario (NULL: "sync-errors"). live: the demo's
 * healthy sync keeps moving with the clock. The server stops on dispose. */
DscDemo            *dsc_demo_new             (const char  *scenario,
                                              gboolean     live,
                                              GError     **error);
/* A demo tenant of the multi-tenant demo: labelled name; token NULL: the fake
 * tenant's, else a token it refuses (an expired sign-in). */
DscDemo            *dsc_demo_new_named       (const char  *name,
                                              const char  *scenario,
                                              gboolean     live,
                                              const char  *token,
                                              GError     **error);
/* To the fake tenant, labelled "Demo tenant (<starting scenario>)". */
DscConnection      *dsc_demo_get_connection  (DscDemo     *self);
const char         *dsc_demo_get_scenario    (DscDemo     *self);
/* The tenant changes as a real one would; the next refresh reads it. */
gboolean            dsc_demo_set_scenario    (DscDemo     *self,
                                              const char  *scenario,
                                              GError     **error);
const char * const *dsc_demo_list_scenarios  (void);
/* The server itself, for tests that inject faults (gpointer: DscFakeTenant). */
gpointer            dsc_demo_get_fake_tenant (DscDemo     *self);

G_END_DECLS

/* dsc-graph-version.h — which Microsoft Graph API a request goes to: the
 * stable v1.0 or beta (some sync settings exist only there). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DSC_GRAPH_V1,
  DSC_GRAPH_BETA,
} DscGraphVersion;

/* "v1.0" | "beta": the first path segment of a Graph URL. */
static inline const char *
dsc_graph_version_to_path (DscGraphVersion version)
{
  switch (version)
    {
    case DSC_GRAPH_BETA: return "beta";
    case DSC_GRAPH_V1:
    default: return "v1.0";
    }
}

G_END_DECLS

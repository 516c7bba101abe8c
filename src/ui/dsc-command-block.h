/* dsc-command-block.h — one command of a fix step as code: monospace, never
 * wrapped (it scrolls sideways), selectable, with a Copy button that puts
 * exactly the command on the clipboard. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DSC_TYPE_COMMAND_BLOCK (dsc_command_block_get_type ())
G_DECLARE_FINAL_TYPE (DscCommandBlock, dsc_command_block, DSC, COMMAND_BLOCK, GtkWidget)

GtkWidget  *dsc_command_block_new         (const char *command);
const char *dsc_command_block_get_command (DscCommandBlock *self);

G_END_DECLS

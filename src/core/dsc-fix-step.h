/* dsc-fix-step.h — a fix step: prose, and optionally one command to type
 * (PowerShell or a command line). The command is kept apart from the prose so
 * every shell shows it as code that never wraps mid-command: a monospace block
 * with a Copy button in the window, <pre><code> in HTML, a monospace block in
 * PDF, an indented line in text. Commands are never translated.
 *
 * Steps travel as strings (DscFinding.fix_steps, a GStrv) so rules can build
 * and replace them: a step with a command is its prose, DSC_FIX_STEP_SEPARATOR
 * and the command. Build one with dsc_fix_step_new() and read it back with
 * dsc_fix_step_get_command() / dsc_fix_step_dup_text(); nothing else needs to
 * know the encoding. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ASCII unit separator: never part of prose or a command. */
#define DSC_FIX_STEP_SEPARATOR '\x1f'

/* A step of a static table: N_() marked prose, untranslated command or NULL. */
typedef struct {
  const char *text;
  const char *command;
} DscFixStepInfo;

/* Newly allocated step string; @command NULL or "" gives the prose alone. */
char       *dsc_fix_step_new         (const char *text,
                                      const char *command);
/* The prose of @step, newly allocated (the whole string when it has no command). */
char       *dsc_fix_step_dup_text    (const char *step);
/* The command of @step, pointing into @step; NULL when it has none. */
const char *dsc_fix_step_get_command (const char *step);
/* Prose and command on one line for plain text ("…: Start-ADSyncSyncCycle …"),
 * newly allocated: for writers with no way to set code apart (CSV cells). */
char       *dsc_fix_step_dup_plain   (const char *step);

G_END_DECLS

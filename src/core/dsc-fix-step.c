/* dsc-fix-step.c — a fix step's prose and command (see the header). */
#include "config.h"

#include <string.h>

#include "dsc-fix-step.h"

char *
dsc_fix_step_new (const char *text,
                  const char *command)
{
  if (text == NULL)
    text = "";
  if (command == NULL || *command == '\0')
    return g_strdup (text);
  return g_strdup_printf ("%s%c%s", text, DSC_FIX_STEP_SEPARATOR, command);
}

char *
dsc_fix_step_dup_text (const char *step)
{
  const char *sep;

  if (step == NULL)
    return NULL;
  sep = strchr (step, DSC_FIX_STEP_SEPARATOR);
  return sep != NULL ? g_strndup (step, sep - step) : g_strdup (step);
}

const char *
dsc_fix_step_get_command (const char *step)
{
  const char *sep;

  if (step == NULL)
    return NULL;
  sep = strchr (step, DSC_FIX_STEP_SEPARATOR);
  if (sep == NULL || sep[1] == '\0')
    return NULL;
  return sep + 1;
}

char *
dsc_fix_step_dup_plain (const char *step)
{
  g_autofree char *text = dsc_fix_step_dup_text (step);
  const char *command = dsc_fix_step_get_command (step);

  if (command == NULL)
    return g_steal_pointer (&text);
  if (*text == '\0')
    return g_strdup (command);
  return g_strdup_printf ("%s %s", text, command);
}

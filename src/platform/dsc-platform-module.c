/* dsc-platform-module.c — loading a module installed with the program (the
 * window, the PDF writer): the same on every system, once GModule is there.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-platform"

#include <gmodule.h>

#include "dsc-platform.h"

gpointer
dsc_platform_load_module (const char                  *file_name,
                          const char                  *entry,
                          const DscPlatformModuleTexts *texts,
                          GError                     **error)
{
  g_autofree char *tried = NULL;
  g_autofree char *path = NULL;
  gpointer symbol = NULL;
  GModule *module;

  g_return_val_if_fail (file_name != NULL && entry != NULL && texts != NULL, NULL);

  if (!g_module_supported ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, texts->unsupported);
      return NULL;
    }
  path = dsc_platform_find_module (file_name, &tried);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, texts->missing,
                   tried != NULL ? tried : file_name);
      return NULL;
    }
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, texts->unloadable,
                   path, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, entry, &symbol) || symbol == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, texts->wrong_version,
                   path, g_module_error ());
      g_module_close (module);
      return NULL;
    }
  /* The types and code it brings can't be unloaded. */
  g_module_make_resident (module);
  return symbol;
}

/* dsc-background.c — one low-priority thread for work nobody waits for. In
 * the platform library because lowering a thread's priority is an OS call. */
#include "config.h"

#include "dsc-background.h"
#include "dsc-platform.h"

typedef struct {
  gpointer data;
  GDestroyNotify destroy;
} Disposal;

static gboolean disposal_thread_is_own;
static gboolean disposal_thread_lowered;  /* only touched by that one thread */

static void
dispose_func (gpointer item, gpointer user_data)
{
  Disposal *disposal = item;

  /* Freeing is never urgent: leave the CPU to the main loop and to work someone waits
   * for. The pool's one thread is its own, so this affects nothing else. */
  if (!disposal_thread_lowered && disposal_thread_is_own)
    {
      disposal_thread_lowered = TRUE;
      dsc_platform_lower_thread_priority ();
    }

  disposal->destroy (disposal->data);
  g_free (disposal);
}

void
dsc_free_in_background (gpointer data, GDestroyNotify destroy)
{
  static GThreadPool *pool;
  Disposal *disposal;

  g_return_if_fail (destroy != NULL);

  if (data == NULL)
    return;

  if (g_once_init_enter (&pool))
    {
      /* One exclusive thread: frees keep their order, never compete with each
       * other, and its lowered priority affects nothing else. */
      GThreadPool *p = g_thread_pool_new (dispose_func, NULL, 1, TRUE, NULL);

      disposal_thread_is_own = p != NULL;
      if (p == NULL)
        p = g_thread_pool_new (dispose_func, NULL, 1, FALSE, NULL);
      g_once_init_leave (&pool, p);
    }

  disposal = g_new (Disposal, 1);
  disposal->data = data;
  disposal->destroy = destroy;
  if (!g_thread_pool_push (pool, disposal, NULL))
    {
      destroy (data);
      g_free (disposal);
    }
}

void
dsc_run_in_background (GDestroyNotify func, gpointer data)
{
  g_return_if_fail (func != NULL);
  g_return_if_fail (data != NULL);

  dsc_free_in_background (data, func);
}

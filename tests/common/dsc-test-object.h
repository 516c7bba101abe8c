/* dsc-test-object.h — objects a test creates must die with it.
 *
 *   dsc_autofinalize(DscGraphClient) client = dsc_graph_client_new (…);
 *
 * declares client like g_autoptr(), but at the end of its scope calls
 * g_assert_finalize_object(): the test's reference must be the last one, so
 * a leaked reference fails the test where it happens. For objects kept in a
 * fixture, dsc_test_clear_finalized (&f->client) in the teardown does the
 * same as g_clear_object().
 */
#pragma once

#include <glib-object.h>

static inline guint
dsc_test_ref_count (GObject *object)
{
  return (guint) g_atomic_int_get ((int *) &object->ref_count);
}

static inline void
dsc_test_assert_finalized (gpointer pointer)
{
  GObject *object = pointer;

  /* Async work that has finished may still hold a reference for a moment
   * (a worker thread's task, an idle that hands over a result): let it go.
   * A reference nobody gives back fails after a few seconds. */
  for (guint i = 0; i < 5000 && dsc_test_ref_count (object) > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  /* Say which object outlived its test before the assertion does. */
  if (dsc_test_ref_count (object) != 1)
    g_test_message ("%s %p still has %u references at the end of its scope",
                    G_OBJECT_TYPE_NAME (object), (void *) object, dsc_test_ref_count (object));
  g_assert_finalize_object (object);
}

static inline void
dsc_test_finalize_cleanup (void *pointer)
{
  GObject **object = pointer;

  if (*object != NULL)
    dsc_test_assert_finalized (*object);
}

#define dsc_autofinalize(Type) __attribute__ ((cleanup (dsc_test_finalize_cleanup))) Type *

/* g_clear_object() that asserts the object is finalized. */
#define dsc_test_clear_finalized(pp) \
  G_STMT_START { \
    if (*(pp) != NULL) \
      dsc_test_assert_finalized (g_steal_pointer (pp)); \
  } G_STMT_END

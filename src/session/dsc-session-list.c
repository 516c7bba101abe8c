/* dsc-session-list.c — the tenants, and one refresh queue for all of them. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-session"

#include <glib/gi18n-lib.h>

#include "dsc-auth-cli.h"
#include "dsc-auth-error.h"
#include "dsc-graph-error.h"
#include "dsc-session-list.h"

struct _DscSessionList
{
  GObject parent_instance;

  GPtrArray *sessions;      /* DscSession*, owned */
  GQueue queue;             /* DscSession* waiting for a slot (owned refs) */
  GHashTable *running;      /* DscSession* refreshing through the queue (owned refs) */
  guint max_concurrent;
  guint peak_running;
  gboolean busy;            /* something was queued since the last "queue-drained" */
};

static void dsc_session_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DscSessionList, dsc_session_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dsc_session_list_model_init))

enum {
  SIGNAL_SESSION_CHANGED,
  SIGNAL_QUEUE_DRAINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The built-in demo tenants: one per scenario an admin meets most. Litware's
 * token is refused, as after an expired sign-in. */
static const char *const demo_names[] = {
  "Contoso", "Fabrikam", "Northwind Traders", "Tailspin Toys", "Woodgrove Bank",
  "Adatum", "Wingtip Toys", "Litware", NULL
};
static const char *const demo_scenarios[] = {
  "healthy", "sync-errors", "stale-sync", "quota-near-limit", "old-connect-version",
  "stale-password-sync", "sync-disabled", "healthy", NULL
};
#define EXPIRED_DEMO_TENANT 7
#define EXPIRED_DEMO_TOKEN "expired-demo-token"

const char * const *
dsc_session_list_demo_names (void)
{
  return (const char * const *) demo_names;
}

const char * const *
dsc_session_list_demo_scenarios (void)
{
  return (const char * const *) demo_scenarios;
}

/* GListModel */

static GType
model_get_item_type (GListModel *model)
{
  return DSC_TYPE_SESSION;
}

static guint
model_get_n_items (GListModel *model)
{
  return DSC_SESSION_LIST (model)->sessions->len;
}

static gpointer
model_get_item (GListModel *model, guint position)
{
  DscSessionList *self = DSC_SESSION_LIST (model);

  if (position >= self->sessions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->sessions, position));
}

static void
dsc_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = model_get_item_type;
  iface->get_n_items = model_get_n_items;
  iface->get_item = model_get_item;
}

/* The queue */

static void pump (DscSessionList *self);

static void
slot_done (DscSessionList *self, DscSession *session)
{
  if (g_hash_table_remove (self->running, session))
    pump (self);
}

static void
on_refreshed (DscSession *session, DscReport *report, gpointer user_data)
{
  slot_done (user_data, session);
}

static void
on_refresh_failed (DscSession *session, const GError *error, gpointer user_data)
{
  slot_done (user_data, session);
}

static void
on_refresh_cancelled (DscSession *session, gboolean by_user, gpointer user_data)
{
  slot_done (user_data, session);
}

static void
on_session_notify (DscSession *session, GParamSpec *pspec, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SESSION_CHANGED], 0, session);
}

static void
pump (DscSessionList *self)
{
  while (g_hash_table_size (self->running) < self->max_concurrent &&
         !g_queue_is_empty (&self->queue))
    {
      DscSession *session = g_queue_pop_head (&self->queue);

      if (dsc_session_get_refreshing (session))
        {
          /* Refreshing on its own (the admin's Refresh): nothing to wait for. */
          g_object_unref (session);
          continue;
        }
      g_hash_table_add (self->running, session);
      self->peak_running = MAX (self->peak_running, g_hash_table_size (self->running));
      dsc_session_start (session);
      /* A refresh that could not start (or ended at once) frees its slot. */
      if (!dsc_session_get_refreshing (session))
        g_hash_table_remove (self->running, session);
    }
  if (self->busy && g_hash_table_size (self->running) == 0 && g_queue_is_empty (&self->queue))
    {
      self->busy = FALSE;
      g_signal_emit (self, signals[SIGNAL_QUEUE_DRAINED], 0);
    }
}

void
dsc_session_list_request_refresh (DscSessionList *self, DscSession *session)
{
  g_return_if_fail (DSC_IS_SESSION_LIST (self));
  g_return_if_fail (DSC_IS_SESSION (session));

  if (g_hash_table_contains (self->running, session) ||
      g_queue_find (&self->queue, session) != NULL)
    return;
  g_queue_push_tail (&self->queue, g_object_ref (session));
  self->busy = TRUE;
  pump (self);
}

void
dsc_session_list_refresh_all (DscSessionList *self)
{
  g_return_if_fail (DSC_IS_SESSION_LIST (self));

  for (guint i = 0; i < self->sessions->len; i++)
    {
      DscSession *session = g_ptr_array_index (self->sessions, i);

      if (!g_hash_table_contains (self->running, session) &&
          g_queue_find (&self->queue, session) == NULL)
        {
          g_queue_push_tail (&self->queue, g_object_ref (session));
          self->busy = TRUE;
        }
    }
  pump (self);
}

guint
dsc_session_list_get_pending (DscSessionList *self)
{
  g_return_val_if_fail (DSC_IS_SESSION_LIST (self), 0);
  return g_hash_table_size (self->running) + g_queue_get_length (&self->queue);
}

guint
dsc_session_list_get_peak_running (DscSessionList *self)
{
  g_return_val_if_fail (DSC_IS_SESSION_LIST (self), 0);
  return self->peak_running;
}

void
dsc_session_list_set_max_concurrent (DscSessionList *self, guint max)
{
  g_return_if_fail (DSC_IS_SESSION_LIST (self));
  self->max_concurrent = MAX (max, 1);
  pump (self);
}

guint
dsc_session_list_get_max_concurrent (DscSessionList *self)
{
  g_return_val_if_fail (DSC_IS_SESSION_LIST (self), 0);
  return self->max_concurrent;
}

/* Sessions */

void
dsc_session_list_append (DscSessionList *self, DscSession *session)
{
  g_return_if_fail (DSC_IS_SESSION_LIST (self));
  g_return_if_fail (DSC_IS_SESSION (session));

  g_ptr_array_add (self->sessions, g_object_ref (session));
  g_signal_connect_object (session, "refreshed", G_CALLBACK (on_refreshed), self, 0);
  g_signal_connect_object (session, "refresh-failed", G_CALLBACK (on_refresh_failed), self, 0);
  g_signal_connect_object (session, "refresh-cancelled", G_CALLBACK (on_refresh_cancelled),
                           self, 0);
  g_signal_connect_object (session, "notify::report", G_CALLBACK (on_session_notify), self, 0);
  g_signal_connect_object (session, "notify::refresh-error", G_CALLBACK (on_session_notify),
                           self, 0);
  g_signal_connect_object (session, "notify::refreshing", G_CALLBACK (on_session_notify),
                           self, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->sessions->len - 1, 0, 1);
}

DscSession *
dsc_session_list_lookup (DscSessionList *self, const char *label)
{
  g_return_val_if_fail (DSC_IS_SESSION_LIST (self), NULL);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      DscSession *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (dsc_session_get_label (session), label) == 0)
        return session;
    }
  return NULL;
}

gboolean
dsc_session_error_needs_sign_in (const GError *error)
{
  return g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN) ||
         g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_GRANT) ||
         g_error_matches (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INTERACTION_REQUIRED);
}

DscTenantSummary *
dsc_session_dup_summary (DscSession *session)
{
  const GError *error = dsc_session_get_refresh_error (session);

  g_return_val_if_fail (DSC_IS_SESSION (session), NULL);
  return dsc_tenant_summary_new (dsc_session_get_label (session),
                                 dsc_session_get_report (session),
                                 dsc_session_get_report_is_cached (session),
                                 error, dsc_session_error_needs_sign_in (error), NULL);
}

GPtrArray *
dsc_session_list_dup_summaries (DscSessionList *self)
{
  GPtrArray *summaries;

  g_return_val_if_fail (DSC_IS_SESSION_LIST (self), NULL);

  summaries = g_ptr_array_new_full (self->sessions->len,
                                    (GDestroyNotify) dsc_tenant_summary_free);
  for (guint i = 0; i < self->sessions->len; i++)
    g_ptr_array_add (summaries, dsc_session_dup_summary (g_ptr_array_index (self->sessions, i)));
  g_ptr_array_sort (summaries, dsc_tenant_summary_compare_ptr);
  return summaries;
}

/* Construction */

DscSessionList *
dsc_session_list_new (void)
{
  return g_object_new (DSC_TYPE_SESSION_LIST, NULL);
}

DscSessionList *
dsc_session_list_new_for_profiles (GError **error)
{
  g_autoptr(GPtrArray) connections = dsc_auth_connections_for_all_profiles (error);
  g_autoptr(DscSessionList) self = NULL;

  if (connections == NULL)
    return NULL;
  self = dsc_session_list_new ();
  for (guint i = 0; i < connections->len; i++)
    {
      g_autoptr(DscSession) session = dsc_session_new (g_ptr_array_index (connections, i));

      dsc_session_list_append (self, session);
    }
  return g_steal_pointer (&self);
}

DscSessionList *
dsc_session_list_new_demo (guint n_tenants, gboolean live, GError **error)
{
  g_autoptr(DscSessionList) self = dsc_session_list_new ();
  guint n_builtin = g_strv_length ((char **) demo_names);

  if (n_tenants == 0)
    n_tenants = n_builtin;
  for (guint i = 0; i < n_tenants; i++)
    {
      guint k = i % n_builtin;
      g_autofree char *name = i < n_builtin
        ? g_strdup (demo_names[k])
        : g_strdup_printf ("%s %u", demo_names[k], i / n_builtin + 1);
      g_autoptr(DscSession) session =
        dsc_session_new_demo_named (name, demo_scenarios[k], live,
                                    k == EXPIRED_DEMO_TENANT ? EXPIRED_DEMO_TOKEN : NULL, error);

      if (session == NULL)
        return NULL;
      /* Demo tenants share the fake tenant's ids: their history and offline
       * copies would mix, so they keep neither. */
      dsc_session_set_keep_records (session, FALSE);
      dsc_session_list_append (self, session);
    }
  return g_steal_pointer (&self);
}

static void
dsc_session_list_dispose (GObject *object)
{
  DscSessionList *self = DSC_SESSION_LIST (object);

  g_queue_clear_full (&self->queue, g_object_unref);
  g_hash_table_remove_all (self->running);
  g_ptr_array_set_size (self->sessions, 0);
  G_OBJECT_CLASS (dsc_session_list_parent_class)->dispose (object);
}

static void
dsc_session_list_finalize (GObject *object)
{
  DscSessionList *self = DSC_SESSION_LIST (object);

  g_ptr_array_unref (self->sessions);
  g_hash_table_unref (self->running);
  G_OBJECT_CLASS (dsc_session_list_parent_class)->finalize (object);
}

static void
dsc_session_list_class_init (DscSessionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dsc_session_list_dispose;
  object_class->finalize = dsc_session_list_finalize;

  signals[SIGNAL_SESSION_CHANGED] =
    g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DSC_TYPE_SESSION);
  signals[SIGNAL_QUEUE_DRAINED] =
    g_signal_new ("queue-drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dsc_session_list_init (DscSessionList *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->max_concurrent = DSC_SESSION_LIST_DEFAULT_CONCURRENCY;
  g_queue_init (&self->queue);
}

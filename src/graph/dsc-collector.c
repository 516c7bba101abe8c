/* dsc-collector.c — one refresh: Graph → immutable snapshot.
 *
 * Round 1 is four concurrent $batch calls: v1.0, beta (they can't share one)
 * and two with the users in error, split in parts that each fit a page; the
 * error lists all come back in it, so lookups start right after;
 * lists that still have more pages follow them concurrently. The conflicting
 * values are looked up as pages arrive: UPNs and addresses on the users first,
 * then the addresses no user holds on groups and contacts, 20 filters to a
 * $batch, each $batch on its own so its answers count as soon as they come.
 * A missing permission is recorded per source; a transient failure that
 * survives the client's retries fails the refresh as a whole, so a report
 * never presents half a tenant as current.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-background.h"
#include "dsc-constants.h"
#include "dsc-collector.h"
#include "dsc-graph-error.h"
#include "dsc-graph-parse.h"

#define ERROR_FILTER "onPremisesProvisioningErrors/any(o:o/category%20eq%20'PropertyConflict')"
#define USER_SELECT \
  "id,displayName,userPrincipalName,mail,userType,onPremisesSyncEnabled,onPremisesProvisioningErrors"
#define OTHER_SELECT "id,displayName,mail,onPremisesSyncEnabled,onPremisesProvisioningErrors"
#define USER_HOLDER_SELECT \
  "id,displayName,userPrincipalName,mail,userType,onPremisesSyncEnabled,proxyAddresses"
#define OTHER_HOLDER_SELECT "id,displayName,mail,onPremisesSyncEnabled,proxyAddresses"
#define CLOUD_SYNC_CONFIGS \
  "/servicePrincipals?$filter=applicationTemplateId%20eq%20'" DSC_CLOUD_SYNC_TEMPLATE_ID "'" \
  "&$select=id,appId,displayName,applicationTemplateId&$top=999"
#define CLOUD_SYNC_AGENTS "/onPremisesPublishingProfiles/provisioning/agents?$expand=agentGroups"
/* The most recent failures per configuration: enough to name the objects,
 * bounded so a tenant with thousands of escrows doesn't page for minutes. */
#define CLOUD_SYNC_LOG_TOP 50
/* $batch takes 20 requests: two per configuration. */
#define CLOUD_SYNC_CONFIGS_PER_BATCH 10
#define PAGE_SIZE 999
/* Graph takes up to 15 clauses joined by "or" (and 15 values in an "in"
 * list without advanced query); with advanced query an "in" list is limited
 * by the URL, 2 048 characters: the relative URL stays below this, leaving
 * room for the root and version. */
#define VALUES_PER_FILTER 15
#define MAX_LOOKUP_URL 1900
/* The path, $select and $count around the filter take less than 150. */
#define MAX_LOOKUP_FILTER (MAX_LOOKUP_URL - 150)

/* The users in error are the longest list and a list pages one nextLink at
 * a time, so they are read in parts that page side by side, by the first
 * letter of the UPN (startsWith on userPrincipalName works by default): groups
 * of initials about as frequent in given names, then one part for UPNs that
 * start with no letter (not(…) needs advanced query, which the lists use
 * anyway). A part that still passes 999 users just pages. */
static const char * const user_parts[] = {
  "ab", "cef", "dgh", "j", "kln", "mopq", "rs", "ituvwxyz",
};
#define N_USER_PARTS (G_N_ELEMENTS (user_parts) + 1)

struct _DscCollector
{
  GObject parent_instance;
  DscGraphClient *client;
  guint last_chain;            /* longest dependent chain of the last run, in round trips */
};

G_DEFINE_FINAL_TYPE (DscCollector, dsc_collector, G_TYPE_OBJECT)

enum { PROP_0, PROP_CLIENT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const consistency_headers[] = { "ConsistencyLevel", "eventual", NULL };

typedef struct {
  DscSnapshot *snapshot;
  GCancellable *cancellable;   /* ours, chained to the caller's, cancelled on a fatal error */
  gulong cancel_handler;
  GCancellable *outer;
  guint pending;
  guint done;
  guint total;
  GError *fatal;
  GError *first_failure;       /* the first source that failed: the cause of a failed run */
  GHashTable *queued_values;   /* "property\nnormalized value" already looked up */
  GPtrArray *upn_queue;        /* original values, not in a filter yet: UPNs */
  GPtrArray *proxy_queue;      /* addresses, to look up on the users */
  GPtrArray *other_queue;      /* addresses no user holds: on groups and contacts */
  guint upn_depth;             /* the deepest answer that queued a value there */
  guint proxy_depth;
  guint other_depth;
  GPtrArray *ready_users;      /* Lookup*, filters on users not sent yet */
  GPtrArray *ready_others;     /* Lookup*, filters on groups and contacts */
  guint lists_active;          /* list pages (and round-1 calls) asked for or being parsed */
  guint user_proxy_active;     /* $batch calls with addresses on users, until parsed */
  GHashTable *user_ids;        /* users already listed: a fallback may list them twice */
  gboolean users_whole;        /* the parts were refused: one list of all users in error */
  gboolean users_unfiltered;   /* the fallback reads the users once, unfiltered */
  DscJson *health;             /* overviews and issues arrive in one batch */
  DscJson *issues;
  guint chain;                 /* deepest request so far: round 1 is depth 1 */
} Run;

/* One filter of a lookup, and what it asked, to read its answer. */
typedef struct {
  DscObjectKind kind;
  const char *property;
  GStrv values;
  char *url;                   /* relative to the version root */
  gboolean advanced;           /* ConsistencyLevel: eventual (and $count=true in url) */
  gboolean users_first;        /* addresses on users: those not found go on to the others */
  guint depth;                 /* round trips up to and including this request */
} Lookup;

typedef struct {
  GTask *task;                 /* borrowed: the run's task outlives its operations */
  DscSource source;
  DscObjectKind kind;
  const char *path;            /* for the unfiltered fallback */
  gboolean client_side_filter;
  gboolean part;               /* one part of the users in error */
  gboolean whole;              /* all users in error, the parts having been refused */
  guint precounted;            /* pages still to come, already counted in run->total */
  guint depth;                 /* round trips up to and including the page in hand */
} ListOp;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;
  g_strfreev (lookup->values);
  g_free (lookup->url);
  g_free (lookup);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  if (run->outer != NULL)
    g_cancellable_disconnect (run->outer, run->cancel_handler);
  g_clear_object (&run->outer);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->snapshot, dsc_snapshot_unref);
  g_clear_error (&run->fatal);
  g_clear_error (&run->first_failure);
  g_clear_pointer (&run->queued_values, g_hash_table_unref);
  g_clear_pointer (&run->upn_queue, g_ptr_array_unref);
  g_clear_pointer (&run->proxy_queue, g_ptr_array_unref);
  g_clear_pointer (&run->other_queue, g_ptr_array_unref);
  g_clear_pointer (&run->ready_users, g_ptr_array_unref);
  g_clear_pointer (&run->ready_others, g_ptr_array_unref);
  g_clear_pointer (&run->user_ids, g_hash_table_unref);
  g_clear_pointer (&run->health, dsc_json_unref);
  g_clear_pointer (&run->issues, dsc_json_unref);
  g_free (run);
}

static void
on_outer_cancelled (GCancellable *outer, gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static DscCollector *
run_collector (GTask *task)
{
  return g_task_get_source_object (task);
}

static void
op_started (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  run->pending++;
  run->total++;
  g_signal_emit (run_collector (task), signals[SIGNAL_PROGRESS], 0, run->done, run->total);
}

static gboolean
is_fatal (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN) ||
         g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INSECURE_URL);
}

static void
set_fatal (Run *run, const GError *error)
{
  if (run->fatal == NULL)
    run->fatal = g_error_copy (error);
  g_cancellable_cancel (run->cancellable);
}

/* The role or permission each source needs, in the admin's words. */
static const char *
denied_message (DscSource source)
{
  switch (source)
    {
    case DSC_SOURCE_ORGANIZATION:
    case DSC_SOURCE_ORGANIZATION_BETA:
      return _("The account can't read the tenant's sync status: grant Organization.Read.All.");
    case DSC_SOURCE_SYNC_SETTINGS:
      return _("Only a Global Administrator can read sync settings "
               "(OnPremDirectorySynchronization.Read.All).");
    case DSC_SOURCE_DOMAINS:
      return _("The account can't read domains: grant Domain.Read.All.");
    case DSC_SOURCE_SYNC_ACCOUNTS:
      return _("The account can't read directory role members: grant "
               "RoleManagement.Read.Directory.");
    case DSC_SOURCE_SYNC_APPS:
      return _("The account can't read application assignments: grant Application.Read.All.");
    case DSC_SOURCE_SERVICE_HEALTH:
      return _("Service health needs ServiceHealth.Read.All and an admin role.");
    case DSC_SOURCE_USER_ERRORS:
      return _("The account can't read users: grant User.Read.All.");
    case DSC_SOURCE_GROUP_ERRORS:
      return _("The account can't read groups: grant GroupMember.Read.All.");
    case DSC_SOURCE_CONTACT_ERRORS:
      return _("The account can't read organizational contacts: grant OrgContact.Read.All.");
    case DSC_SOURCE_CONFLICT_HOLDERS:
      return _("The account can't search users, groups and contacts for conflicting values.");
    case DSC_SOURCE_CLOUD_SYNC_CONFIGS:
      return _("The account can't look for Cloud Sync configurations: grant "
               "Application.Read.All.");
    case DSC_SOURCE_CLOUD_SYNC_JOBS:
      return _("The account can't read Cloud Sync jobs: grant Synchronization.Read.All "
               "(and a role such as Hybrid Identity Administrator).");
    case DSC_SOURCE_CLOUD_SYNC_AGENTS:
      return _("The account can't read the provisioning agents: grant "
               "Policy.Read.HybridAuthentication (delegated only).");
    case DSC_SOURCE_CLOUD_SYNC_LOG:
      return _("The account can't read provisioning logs: grant AuditLog.Read.All and "
               "Directory.Read.All, with a role such as Reports Reader.");
    case DSC_N_SOURCES:
    default:
      return _("Access denied.");
    }
}

/* Records why a source could not be read; a fatal error stops the run. */
static void
record_failure (Run *run, DscSource source, const GError *error)
{
  DscSourceState state = DSC_SOURCE_STATE_FAILED;
  const char *message = error->message;

  if (is_fatal (error))
    {
      set_fatal (run, error);
      return;
    }
  if (g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FORBIDDEN))
    {
      state = DSC_SOURCE_STATE_DENIED;
      message = denied_message (source);
    }
  else if (g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_FOUND) ||
           g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST))
    state = DSC_SOURCE_STATE_UNAVAILABLE;
  /* The agent list (beta) and the provisioning logs are extras: what can't
   * be read of them is recorded, and the refresh goes on. */
  else if (source == DSC_SOURCE_CLOUD_SYNC_AGENTS || source == DSC_SOURCE_CLOUD_SYNC_LOG)
    state = DSC_SOURCE_STATE_UNAVAILABLE;

  /* Provisioning logs need Entra ID P1 or P2: the service says so with a 403. */
  if (source == DSC_SOURCE_CLOUD_SYNC_LOG &&
      g_strcmp0 (dsc_graph_error_get_graph_code (error),
                 "Authentication_RequestFromNonPremiumTenantOrB2CTenant") == 0)
    {
      state = DSC_SOURCE_STATE_UNAVAILABLE;
      message = _("Provisioning logs need a Microsoft Entra ID P1 or P2 licence in the tenant.");
    }

  g_debug ("source %s: %s (%s)", dsc_source_to_string (source),
           dsc_source_state_to_string (state), error->message);
  if (state == DSC_SOURCE_STATE_FAILED && run->first_failure == NULL)
    run->first_failure = g_error_copy (error);
  /* The first failure of a source is the one that explains it. */
  if (run->snapshot->sources[source].state == DSC_SOURCE_STATE_NOT_READ ||
      run->snapshot->sources[source].state == DSC_SOURCE_STATE_OK)
    dsc_snapshot_set_source (run->snapshot, source, state,
                             dsc_graph_error_get_graph_code (error), message,
                             dsc_graph_error_get_request_id (error));
}

static void
mark_ok (Run *run, DscSource source)
{
  if (run->snapshot->sources[source].state == DSC_SOURCE_STATE_NOT_READ)
    dsc_snapshot_set_source (run->snapshot, source, DSC_SOURCE_STATE_OK, NULL, NULL, NULL);
}

static GError *
build_failure_error (Run *run)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const char *first_message = NULL;
  GQuark domain = DSC_GRAPH_ERROR;
  int code = DSC_GRAPH_ERROR_SERVER;

  for (guint i = 0; i < DSC_N_SOURCES; i++)
    {
      const DscSourceStatus *status = &run->snapshot->sources[i];

      if (status->state != DSC_SOURCE_STATE_FAILED)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, dsc_source_to_label (i));
      if (first_message == NULL)
        first_message = status->message;
    }
  if (names->len == 0)
    return NULL;
  if (run->first_failure != NULL)
    {
      domain = run->first_failure->domain;
      code = run->first_failure->code;
    }
  /* The cause first, on a line of its own; which sources failed is detail
   * (dsc-failure.h). */
  return g_error_new (domain, code, _("%s\nNot read: %s"),
                      first_message != NULL ? first_message
                                            : _("Couldn't read everything from Microsoft Graph"),
                      names->str);
}

static void pump_lookups (GTask *task);

static void
sort_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Run *run = data;

  dsc_snapshot_sort (run->snapshot);
  g_task_return_pointer (task, dsc_snapshot_ref (run->snapshot),
                         (GDestroyNotify) dsc_snapshot_unref);
}

/* Called when an operation ends; completes the task once nothing is left.
 * @depth: the round trips that led to the operation's answer (round 1 is 1). */
static void op_settled (GTask *task, guint depth);

static void
op_finished (GTask *task, guint depth)
{
  Run *run = g_task_get_task_data (task);

  run->done++;
  g_signal_emit (run_collector (task), signals[SIGNAL_PROGRESS], 0, run->done, run->total);
  op_settled (task, depth);
}

/* What op_finished does but for progress: also ends work that isn't a
 * request (a page parsed in a worker thread). */
static void
op_settled (GTask *task, guint depth)
{
  Run *run = g_task_get_task_data (task);
  GError *failure;

  run->pending--;
  run->chain = MAX (run->chain, depth);

  if (run->fatal == NULL)
    pump_lookups (task);
  if (run->pending > 0)
    return;

  if (run->fatal != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&run->fatal));
      g_object_unref (task);
      return;
    }
  /* No conflicts, no lookups: nothing was missing. */
  mark_ok (run, DSC_SOURCE_CONFLICT_HOLDERS);
  if ((failure = build_failure_error (run)) != NULL)
    {
      g_task_return_error (task, failure);
      g_object_unref (task);
      return;
    }

  run_collector (task)->last_chain = run->chain;
  run->snapshot->taken_at = g_get_real_time () / G_USEC_PER_SEC;
  /* Sorting thousands of objects by folded name is real work: off the main
   * loop. Nothing else touches the snapshot once no operation is pending. */
  g_task_run_in_thread (task, sort_thread);
  g_object_unref (task);
}

/* The batch numbers its members; we remember ours by name on the batch. */
static const char *
member_id (DscGraphBatch *batch, const char *name)
{
  return g_object_get_data (G_OBJECT (batch), name);
}

/* ---- conflict holders ---------------------------------------------------- */

static void
queue_conflict_values (Run *run, GPtrArray *objects, guint from, guint depth)
{
  for (guint i = from; i < objects->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (objects, i);

      for (guint e = 0; e < object->n_errors; e++)
        {
          const DscProvisioningError *err = &object->errors[e];
          g_autofree char *norm = NULL;
          char *key;

          if (err->value == NULL || err->property == NULL)
            continue;
          norm = dsc_normalize_conflict_value (err->property, err->value);
          key = g_strconcat (err->property, "\n", norm, NULL);
          if (!g_hash_table_add (run->queued_values, key))
            continue;
          if (g_strcmp0 (err->property, "UserPrincipalName") == 0)
            {
              g_ptr_array_add (run->upn_queue, g_strdup (err->value));
              run->upn_depth = MAX (run->upn_depth, depth);
            }
          else if (g_strcmp0 (err->property, "ProxyAddress") == 0)
            {
              g_ptr_array_add (run->proxy_queue, g_strdup (err->value));
              run->proxy_depth = MAX (run->proxy_depth, depth);
            }
        }
    }
}

/* Graph stores SMTP proxies with their prefix; an error value may lack it. */
static char *
proxy_literal (const char *value)
{
  g_autofree char *proxy = strchr (value, ':') != NULL
    ? g_strdup (value) : g_strconcat ("smtp:", value, NULL);

  return dsc_graph_quote_literal (proxy);
}

/* One $filter for as many of @values from *@next as a filter takes (at most
 * @max, and the URL's length): "userPrincipalName in ('a','b',…)" for UPNs,
 * "proxyAddresses/any(p:p eq 'a') or proxyAddresses/any(p:p eq 'b') …" for
 * proxies. Advances *@next past the values used (at least one) and returns
 * them in *@used. */
static char *
build_lookup_filter (GPtrArray *values, guint *next, gboolean proxy, guint max, GStrv *used)
{
  g_autoptr(GString) filter = g_string_new (proxy ? NULL : "userPrincipalName%20in%20(");
  g_autoptr(GStrvBuilder) taken = g_strv_builder_new ();
  guint n = 0;

  while (*next < values->len && n < max)
    {
      const char *value = g_ptr_array_index (values, *next);
      g_autofree char *literal = proxy ? proxy_literal (value) : dsc_graph_quote_literal (value);
      gsize mark = filter->len;

      if (n > 0)
        g_string_append (filter, proxy ? "%20or%20" : ",");
      if (proxy)
        g_string_append (filter, "proxyAddresses/any(p:p%20eq%20");
      g_string_append (filter, literal);
      if (proxy)
        g_string_append_c (filter, ')');
      if (n > 0 && filter->len > MAX_LOOKUP_FILTER)
        {
          g_string_truncate (filter, mark);
          break;
        }
      g_strv_builder_add (taken, value);
      n++;
      (*next)++;
    }
  if (!proxy)
    g_string_append_c (filter, ')');
  *used = g_strv_builder_end (taken);
  return g_string_free (g_steal_pointer (&filter), FALSE);
}

typedef struct {
  const char *path;
  const char *select;
  DscObjectKind kind;
} LookupTarget;

static const LookupTarget users_target[] = {
  { "/users", USER_HOLDER_SELECT, DSC_OBJECT_USER },
};
static const LookupTarget other_targets[] = {
  { "/groups", OTHER_HOLDER_SELECT, DSC_OBJECT_GROUP },
  { "/contacts", OTHER_HOLDER_SELECT, DSC_OBJECT_CONTACT },
};

/* Turns the values of @queue into filters on @targets, appended to @ready:
 * only filters that are full while more values may come, all when @all.
 *
 * Every lookup is an advanced query (ConsistencyLevel: eventual and
 * $count=true): for UPNs that lifts the 15-value cap of "in" to the URL's
 * length; for addresses, whether "or" between any() clauses needs it isn't
 * documented, and it costs nothing more. */
static void
make_lookups (GPtrArray *queue, guint *depth, gboolean all, gboolean proxy,
              const LookupTarget *targets, guint n_targets, gboolean users_first,
              GPtrArray *ready)
{
  guint max = proxy ? VALUES_PER_FILTER : G_MAXUINT;
  guint next = 0;

  while (next < queue->len)
    {
      guint mark = next;
      g_auto(GStrv) values = NULL;
      g_autofree char *filter = build_lookup_filter (queue, &next, proxy, max, &values);

      /* A filter with room left keeps its values until more come, or none can. */
      if (!all && next == queue->len && g_strv_length (values) < max)
        {
          next = mark;
          break;
        }
      for (guint t = 0; t < n_targets; t++)
        {
          Lookup *lookup = g_new0 (Lookup, 1);

          lookup->kind = targets[t].kind;
          lookup->property = proxy ? "ProxyAddress" : "UserPrincipalName";
          lookup->values = g_strdupv (values);
          lookup->url = g_strconcat (targets[t].path, "?$filter=", filter, "&$select=",
                                     targets[t].select, "&$count=true", NULL);
          lookup->advanced = TRUE;
          lookup->users_first = users_first;
          lookup->depth = *depth + 1;
          g_ptr_array_add (ready, lookup);
        }
    }
  g_ptr_array_remove_range (queue, 0, next);
  if (queue->len == 0)
    *depth = 0;
}

typedef struct {
  GTask *task;                 /* borrowed, as for ListOp */
  DscGraphBatch *batch;
  GHashTable *lookups;         /* member id → Lookup */
  GPtrArray *holders;          /* DscValueHolder*, parsed in a worker thread */
  GPtrArray *unfound;          /* addresses no user holds (char*), found in the worker */
  GError *error;               /* the first member that couldn't be read */
  guint depth;                 /* round trips up to and including this batch */
  gboolean users_first;        /* has addresses looked up on users */
} LookupOp;

static void
lookup_op_free (LookupOp *op)
{
  g_clear_object (&op->batch);
  g_clear_pointer (&op->lookups, g_hash_table_unref);
  g_clear_pointer (&op->holders, g_ptr_array_unref);
  g_clear_pointer (&op->unfound, g_ptr_array_unref);
  g_clear_error (&op->error);
  g_free (op);
}

/* A round of lookups answers up to twenty filters: they are parsed in a
 * worker thread, into holders of the operation's own, while the requests
 * still in flight go on; the main loop only appends the result. */
static void
lookup_parse_thread (GTask *parse, gpointer source, gpointer data, GCancellable *cancellable)
{
  LookupOp *op = data;

  for (guint i = 0; i < dsc_graph_batch_get_size (op->batch); i++)
    {
      const char *id = dsc_graph_batch_get_id (op->batch, i);
      Lookup *lookup = g_hash_table_lookup (op->lookups, id);
      g_autoptr(GError) member_error = NULL;
      g_autoptr(DscJson) body = dsc_graph_batch_dup_result (op->batch, id, &member_error);
      guint before = op->holders->len;

      if (body == NULL ||
          !dsc_parse_holder_page (body, lookup->kind, lookup->property,
                                  (const char * const *) lookup->values,
                                  op->holders, &member_error))
        {
          if (op->error == NULL)
            op->error = g_steal_pointer (&member_error);
          g_ptr_array_set_size (op->holders, before);
        }
      if (!lookup->users_first)
        continue;
      /* Addresses are unique across users, groups and contacts: one a user
       * holds is explained; the others are asked of groups and contacts. */
      for (guint v = 0; lookup->values[v] != NULL; v++)
        {
          gboolean found = FALSE;

          for (guint h = before; h < op->holders->len && !found; h++)
            {
              DscValueHolder *holder = g_ptr_array_index (op->holders, h);

              found = g_strcmp0 (holder->value, lookup->values[v]) == 0;
            }
          if (!found)
            g_ptr_array_add (op->unfound, g_strdup (lookup->values[v]));
        }
    }
  /* The batch holds every parsed answer: drop it here, off the main loop. */
  g_clear_object (&op->batch);
  g_task_return_boolean (parse, TRUE);
}

static void
lookup_parsed (GObject *source, GAsyncResult *result, gpointer data)
{
  LookupOp *op = data;
  GTask *task = op->task;
  Run *run = g_task_get_task_data (task);
  guint depth = op->depth;

  if (op->error != NULL)
    record_failure (run, DSC_SOURCE_CONFLICT_HOLDERS, op->error);
  else
    mark_ok (run, DSC_SOURCE_CONFLICT_HOLDERS);
  g_ptr_array_extend_and_steal (run->snapshot->holders, g_steal_pointer (&op->holders));
  if (op->users_first)
    run->user_proxy_active--;
  if (op->unfound->len > 0)
    {
      g_ptr_array_extend_and_steal (run->other_queue, g_steal_pointer (&op->unfound));
      run->other_depth = MAX (run->other_depth, depth);
    }
  lookup_op_free (op);
  op_finished (task, depth);
}

static void
lookup_batch_done (GObject *source, GAsyncResult *result, gpointer data)
{
  LookupOp *op = data;
  GTask *task = op->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) parse = NULL;

  if (!dsc_graph_client_batch_finish (DSC_GRAPH_CLIENT (source), result, &error))
    {
      guint depth = op->depth;

      record_failure (run, DSC_SOURCE_CONFLICT_HOLDERS, error);
      if (op->users_first)
        run->user_proxy_active--;
      lookup_op_free (op);
      op_finished (task, depth);
      return;
    }

  /* The operation stays pending until its answers are parsed; the result
   * comes back on the run's context (the CLI uses one of its own). */
  parse = g_task_new (NULL, NULL, lookup_parsed, op);
  g_task_set_source_tag (parse, lookup_parse_thread);
  g_task_set_task_data (parse, op, NULL);
  g_task_run_in_thread (parse, lookup_parse_thread);
}

/* Sends the filters of @ready as $batch calls of 20, each its own operation;
 * fewer than 20 only when @all. */
static void
send_lookups (GTask *task, GPtrArray *ready, gboolean all)
{
  Run *run = g_task_get_task_data (task);

  while (ready->len >= DSC_GRAPH_BATCH_MAX_REQUESTS || (all && ready->len > 0))
    {
      LookupOp *op = g_new0 (LookupOp, 1);

      op->task = task;
      op->batch = dsc_graph_batch_new (DSC_GRAPH_V1);
      op->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, lookup_free);
      op->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_value_holder_free);
      op->unfound = g_ptr_array_new_with_free_func (g_free);
      while (ready->len > 0 &&
             dsc_graph_batch_get_size (op->batch) < DSC_GRAPH_BATCH_MAX_REQUESTS)
        {
          Lookup *lookup = g_ptr_array_steal_index (ready, 0);
          const char *id = dsc_graph_batch_add (op->batch, lookup->url,
                                                lookup->advanced ? consistency_headers : NULL);

          op->depth = MAX (op->depth, lookup->depth);
          op->users_first |= lookup->users_first;
          g_hash_table_insert (op->lookups, g_strdup (id), lookup);
        }
      if (op->users_first)
        run->user_proxy_active++;
      op_started (task);
      dsc_graph_client_batch_async (dsc_collector_get_client (run_collector (task)), op->batch,
                                    run->cancellable, lookup_batch_done, op);
    }
}

/* After every answer: turns queued values into filters and sends full
 * $batch calls at once; what is left over goes out when nothing that could
 * add to it is still coming (list pages for the users' lookups, the users'
 * answers for the groups' and contacts'). */
static void
pump_lookups (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gboolean lists_done = run->lists_active == 0;

  make_lookups (run->upn_queue, &run->upn_depth, lists_done, FALSE, users_target,
                G_N_ELEMENTS (users_target), FALSE, run->ready_users);
  make_lookups (run->proxy_queue, &run->proxy_depth, lists_done, TRUE, users_target,
                G_N_ELEMENTS (users_target), TRUE, run->ready_users);
  send_lookups (task, run->ready_users, lists_done);

  lists_done = lists_done && run->user_proxy_active == 0;
  make_lookups (run->other_queue, &run->other_depth, lists_done, TRUE, other_targets,
                G_N_ELEMENTS (other_targets), FALSE, run->ready_others);
  send_lookups (task, run->ready_others, lists_done);
}

/* ---- error lists --------------------------------------------------------- */

static void list_page_done (GObject *source, GAsyncResult *result, gpointer data);
static void start_unfiltered_list (GTask *task, ListOp *op);

static gboolean
unsupported_query (const GError *error)
{
  return g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST) &&
         g_strcmp0 (dsc_graph_error_get_graph_code (error), "Request_UnsupportedQuery") == 0;
}

/* One page of an error list, parsed in a worker thread while the next page
 * (already asked for) and the lookups are in flight. */
typedef struct {
  GTask *task;                 /* borrowed, as for ListOp */
  DscJson *page;               /* freed in the worker: a page is megabytes */
  DscObjectKind kind;
  DscSource source;
  gboolean last;               /* no nextLink: the list is complete once this is in */
  guint depth;
  GPtrArray *objects;          /* DscDirectoryObject*, parsed */
  GError *error;
} PageParse;

static void
page_parse_thread (GTask *parse, gpointer source, gpointer data, GCancellable *cancellable)
{
  PageParse *pp = data;
  g_autofree char *next_link = NULL;

  if (!dsc_parse_error_page (pp->page, pp->kind, pp->objects, &next_link, &pp->error))
    g_ptr_array_set_size (pp->objects, 0);
  g_clear_pointer (&pp->page, dsc_json_unref);
  g_task_return_boolean (parse, TRUE);
}

static void
page_parsed (GObject *source, GAsyncResult *result, gpointer data)
{
  PageParse *pp = data;
  GTask *task = pp->task;
  Run *run = g_task_get_task_data (task);
  GPtrArray *objects = run->snapshot->objects;
  guint before = objects->len;
  guint depth;

  if (pp->error != NULL)
    record_failure (run, pp->source, pp->error);
  else
    {
      /* The references move to the snapshot (or are dropped here). */
      g_ptr_array_set_free_func (pp->objects, NULL);
      for (guint i = 0; i < pp->objects->len; i++)
        {
          DscDirectoryObject *object = g_ptr_array_index (pp->objects, i);

          /* A fallback after some parts were read lists their users again:
           * keep one (each copy carries all of the user's errors). */
          if (pp->kind == DSC_OBJECT_USER && object->id != NULL &&
              !g_hash_table_add (run->user_ids, g_strdup (object->id)))
            {
              dsc_directory_object_unref (object);
              continue;
            }
          g_ptr_array_add (objects, object);
        }
      queue_conflict_values (run, objects, before, pp->depth);
      if (pp->last)
        mark_ok (run, pp->source);
    }

  g_clear_error (&pp->error);
  g_ptr_array_unref (pp->objects);
  depth = pp->depth;
  g_free (pp);
  run->lists_active--;
  op_settled (task, depth);
}

/* Takes page: its only reference goes to the worker that parses it. */
static void
handle_list_page (ListOp *op, DscJson *page)
{
  Run *run = g_task_get_task_data (op->task);
  DscCollector *self = run_collector (op->task);
  g_autoptr(GError) error = NULL;
  g_autofree char *next_link = NULL;
  g_autoptr(GTask) parse = NULL;
  PageParse *pp;

  /* The next page is asked for first, then this one is parsed meanwhile. */
  if (!dsc_parse_next_link (page, op->kind, &next_link, &error))
    {
      record_failure (run, op->source, error);
      dsc_json_unref (page);
      g_free (op);
      return;
    }

  pp = g_new0 (PageParse, 1);
  pp->task = op->task;
  pp->page = page;
  pp->kind = op->kind;
  pp->source = op->source;
  pp->last = next_link == NULL;
  pp->depth = op->depth;
  pp->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
  run->pending++;
  run->lists_active++;
  parse = g_task_new (NULL, NULL, page_parsed, pp);
  g_task_set_source_tag (parse, page_parse_thread);
  g_task_set_task_data (parse, pp, NULL);

  /* $count=true gives the total on the first page: count the pages to come
   * now, so progress doesn't jump back as pages are discovered. */
  {
    DscJson *count = dsc_json_get_member (page, "@odata.count");

    if (count != NULL && dsc_json_get_node_type (count) == DSC_JSON_INT &&
        dsc_json_get_int (count) > PAGE_SIZE && dsc_json_get_int (count) < G_MAXINT32)
      {
        op->precounted = (guint) ((dsc_json_get_int (count) - 1) / PAGE_SIZE);
        run->total += op->precounted;
      }
  }

  if (next_link == NULL)
    {
      /* @odata.count is eventually consistent: drop pages that never came. */
      run->total -= op->precounted;
      g_free (op);
    }
  else
    {
      if (op->precounted > 0)
        {
          op->precounted--;
          run->pending++;
        }
      else
        op_started (op->task);
      op->depth++;
      run->lists_active++;
      dsc_graph_client_follow_async (self->client, next_link,
                                     op->client_side_filter ? NULL : consistency_headers,
                                     run->cancellable, list_page_done, op);
    }
  g_task_run_in_thread (parse, page_parse_thread);
}

/* Pages arrive from follow (nextLink) or, for the first unfiltered page of
 * the fallback, from a plain GET. */
static void
list_page_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ListOp *op = data;
  GTask *task = op->task;
  Run *run = g_task_get_task_data (task);
  DscGraphClient *client = DSC_GRAPH_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) page = NULL;
  guint depth = op->depth;     /* the page in hand; a follow below counts on */

  if (g_async_result_is_tagged (result, dsc_graph_client_get_async))
    page = dsc_graph_client_get_finish (client, result, &error);
  else
    page = dsc_graph_client_follow_finish (client, result, &error);

  run->lists_active--;
  if (page == NULL && op->whole && unsupported_query (error))
    {
      /* No filter on errors at all: one whole read of the users. */
      if (!run->users_unfiltered)
        {
          run->users_unfiltered = TRUE;
          start_unfiltered_list (task, op);
        }
      else
        g_free (op);
    }
  else if (page == NULL)
    {
      record_failure (run, op->source, error);
      g_free (op);
    }
  else
    handle_list_page (op, g_steal_pointer (&page));
  op_finished (task, depth);
}

/* The service refused the any() filter: read the whole list and keep the
 * objects in error ourselves. Slower, but the answer is the same. */
static void
start_unfiltered_list (GTask *task, ListOp *op)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("%s?$select=%s&$top=%d", op->path,
                                           op->kind == DSC_OBJECT_USER ? USER_SELECT
                                                                       : OTHER_SELECT,
                                           PAGE_SIZE);

  g_debug ("%s: error filter unsupported, reading the list unfiltered", op->path);
  op->client_side_filter = TRUE;
  op->whole = FALSE;
  op->depth++;
  run->lists_active++;
  op_started (task);
  dsc_graph_client_get_async (run_collector (task)->client, DSC_GRAPH_V1, path, NULL,
                              run->cancellable, list_page_done, op);
}

/* The parts were refused (a 400 for startsWith or not(…)): the users in
 * error as one list, which pages. */
static void
start_whole_user_list (GTask *task, ListOp *op)
{
  Run *run = g_task_get_task_data (task);

  g_debug ("/users: parts refused, reading the users in error as one list");
  op->part = FALSE;
  op->whole = TRUE;
  op->depth++;
  run->lists_active++;
  op_started (task);
  dsc_graph_client_get_async (run_collector (task)->client, DSC_GRAPH_V1,
                              "/users?$filter=" ERROR_FILTER "&$select=" USER_SELECT
                              "&$top=999&$count=true", consistency_headers,
                              run->cancellable, list_page_done, op);
}

static void
handle_list_member (GTask *task, DscGraphBatch *batch, const char *name, DscSource source,
                    DscObjectKind kind, const char *path, gboolean part)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) page = dsc_graph_batch_dup_result (batch, member_id (batch, name), &error);
  ListOp *op = g_new0 (ListOp, 1);

  op->task = task;
  op->source = source;
  op->kind = kind;
  op->path = path;
  op->part = part;
  op->depth = 1;

  if (page != NULL)
    {
      handle_list_page (op, g_steal_pointer (&page));
      return;
    }
  if (part && g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_BAD_REQUEST))
    {
      /* One list of all users in error replaces every part. */
      if (run->users_whole)
        {
          g_free (op);
          return;
        }
      run->users_whole = TRUE;
      start_whole_user_list (task, op);
      return;
    }
  if (unsupported_query (error))
    {
      start_unfiltered_list (task, op);
      return;
    }
  record_failure (run, source, error);
  g_free (op);
}

/* ---- Cloud Sync ---------------------------------------------------------- */

/* One $batch with the jobs and the provisioning-log failures of up to
 * CLOUD_SYNC_CONFIGS_PER_BATCH configurations. */
typedef struct {
  GTask *task;                 /* borrowed, as for ListOp */
  DscGraphBatch *batch;
  GPtrArray *configs;          /* DscCloudSyncConfig*, borrowed from the snapshot */
  GPtrArray *job_ids;          /* member ids, parallel to configs */
  GPtrArray *log_ids;
} CloudOp;

static void
cloud_op_free (CloudOp *op)
{
  g_clear_object (&op->batch);
  g_clear_pointer (&op->configs, g_ptr_array_unref);
  g_clear_pointer (&op->job_ids, g_ptr_array_unref);
  g_clear_pointer (&op->log_ids, g_ptr_array_unref);
  g_free (op);
}

static void
cloud_batch_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CloudOp *op = data;
  GTask *task = op->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dsc_graph_client_batch_finish (DSC_GRAPH_CLIENT (source), result, &error))
    {
      record_failure (run, DSC_SOURCE_CLOUD_SYNC_JOBS, error);
      record_failure (run, DSC_SOURCE_CLOUD_SYNC_LOG, error);
      cloud_op_free (op);
      op_finished (task, 2);
      return;
    }

  for (guint i = 0; i < op->configs->len; i++)
    {
      DscCloudSyncConfig *config = g_ptr_array_index (op->configs, i);
      g_autoptr(GError) jobs_error = NULL;
      g_autoptr(GError) log_error = NULL;
      g_autoptr(DscJson) jobs = dsc_graph_batch_dup_result (op->batch,
                                                             g_ptr_array_index (op->job_ids, i),
                                                             &jobs_error);
      g_autoptr(DscJson) log = dsc_graph_batch_dup_result (op->batch,
                                                            g_ptr_array_index (op->log_ids, i),
                                                            &log_error);

      if (jobs == NULL && g_error_matches (jobs_error, DSC_GRAPH_ERROR,
                                           DSC_GRAPH_ERROR_NOT_FOUND))
        config->jobs_read = TRUE;   /* provisioning never set up on it: no jobs */
      else if (jobs == NULL || !dsc_parse_cloud_sync_jobs (jobs, config, &jobs_error))
        record_failure (run, DSC_SOURCE_CLOUD_SYNC_JOBS, jobs_error);

      if (log == NULL ||
          !dsc_parse_provisioning_failures (log, run->snapshot->cloud_errors, NULL, &log_error))
        record_failure (run, DSC_SOURCE_CLOUD_SYNC_LOG, log_error);
    }
  mark_ok (run, DSC_SOURCE_CLOUD_SYNC_JOBS);
  mark_ok (run, DSC_SOURCE_CLOUD_SYNC_LOG);
  cloud_op_free (op);
  op_finished (task, 2);
}

static void
start_cloud_sync_reads (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GPtrArray *configs = run->snapshot->cloud_configs;

  for (guint first = 0; first < configs->len; first += CLOUD_SYNC_CONFIGS_PER_BATCH)
    {
      CloudOp *op = g_new0 (CloudOp, 1);

      op->task = task;
      op->batch = dsc_graph_batch_new (DSC_GRAPH_V1);
      op->configs = g_ptr_array_new ();
      op->job_ids = g_ptr_array_new_with_free_func (g_free);
      op->log_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = first; i < configs->len && i < first + CLOUD_SYNC_CONFIGS_PER_BATCH; i++)
        {
          DscCloudSyncConfig *config = g_ptr_array_index (configs, i);
          g_autofree char *escaped = g_uri_escape_string (config->id, NULL, FALSE);
          /* Quoted as the other filters are: quotes literal, spaces as %20. */
          g_autofree char *literal = dsc_graph_quote_literal (config->id);
          g_autofree char *jobs = g_strdup_printf ("/servicePrincipals/%s/synchronization/jobs",
                                                   escaped);
          g_autofree char *log = g_strdup_printf (
            "/auditLogs/provisioning?$filter=servicePrincipal/id%%20eq%%20%s%%20and%%20"
            "provisioningStatusInfo/status%%20eq%%20'failure'&$top=%d",
            literal, CLOUD_SYNC_LOG_TOP);

          g_ptr_array_add (op->configs, config);
          g_ptr_array_add (op->job_ids, g_strdup (dsc_graph_batch_add (op->batch, jobs, NULL)));
          g_ptr_array_add (op->log_ids, g_strdup (dsc_graph_batch_add (op->batch, log, NULL)));
        }
      op_started (task);
      dsc_graph_client_batch_async (dsc_collector_get_client (run_collector (task)), op->batch,
                                    run->cancellable, cloud_batch_done, op);
    }
}

static void
handle_cloud_sync_configs (GTask *task, DscGraphBatch *batch)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) body =
    dsc_graph_batch_dup_result (batch, member_id (batch, "cloudConfigs"), &error);

  if (body == NULL || !dsc_parse_cloud_sync_configs (body, run->snapshot, &error))
    {
      record_failure (run, DSC_SOURCE_CLOUD_SYNC_CONFIGS, error);
      return;
    }
  mark_ok (run, DSC_SOURCE_CLOUD_SYNC_CONFIGS);
  if (run->snapshot->cloud_configs->len == 0)
    {
      /* No Cloud Sync: no jobs and no provisioning logs to read. */
      mark_ok (run, DSC_SOURCE_CLOUD_SYNC_JOBS);
      mark_ok (run, DSC_SOURCE_CLOUD_SYNC_LOG);
      return;
    }
  start_cloud_sync_reads (task);
}

/* ---- round 1 ------------------------------------------------------------- */

typedef gboolean (*ParseFunc) (DscJson *node, DscSnapshot *snapshot, GError **error);

static void
handle_member (Run *run, DscGraphBatch *batch, const char *name, DscSource source,
               ParseFunc parse, gboolean not_found_is_empty)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) body = dsc_graph_batch_dup_result (batch, member_id (batch, name), &error);

  if (body == NULL && not_found_is_empty &&
      g_error_matches (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_FOUND))
    {
      /* e.g. the Directory Synchronization Accounts role was never activated:
       * there is no such account, which is an answer, not a failure. */
      mark_ok (run, source);
      return;
    }
  if (body == NULL || !parse (body, run->snapshot, &error))
    {
      record_failure (run, source, error);
      return;
    }
  mark_ok (run, source);
}

static void
v1_batch_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  DscGraphBatch *batch = DSC_GRAPH_BATCH (g_object_get_data (G_OBJECT (task), "dsc-v1"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) health = NULL;
  g_autoptr(DscJson) issues = NULL;
  g_autoptr(GError) health_error = NULL;

  if (!dsc_graph_client_batch_finish (DSC_GRAPH_CLIENT (source), result, &error))
    {
      static const DscSource sources[] = {
        DSC_SOURCE_ORGANIZATION, DSC_SOURCE_DOMAINS, DSC_SOURCE_SYNC_ACCOUNTS,
        DSC_SOURCE_SYNC_APPS, DSC_SOURCE_SERVICE_HEALTH,
        DSC_SOURCE_GROUP_ERRORS, DSC_SOURCE_CONTACT_ERRORS, DSC_SOURCE_CLOUD_SYNC_CONFIGS,
      };
      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        record_failure (run, sources[i], error);
      run->lists_active--;
      op_finished (task, 1);
      return;
    }

  handle_member (run, batch, "org", DSC_SOURCE_ORGANIZATION, dsc_parse_organization, FALSE);
  handle_member (run, batch, "domains", DSC_SOURCE_DOMAINS, dsc_parse_domains, FALSE);
  handle_member (run, batch, "syncAccounts", DSC_SOURCE_SYNC_ACCOUNTS,
                 dsc_parse_sync_accounts, TRUE);
  handle_member (run, batch, "syncApps", DSC_SOURCE_SYNC_APPS, dsc_parse_sync_apps, TRUE);

  health = dsc_graph_batch_dup_result (batch, member_id (batch, "health"), &health_error);
  if (health != NULL)
    issues = dsc_graph_batch_dup_result (batch, member_id (batch, "issues"), &health_error);
  if (health == NULL || issues == NULL ||
      !dsc_parse_service_health (health, issues, run->snapshot, &health_error))
    record_failure (run, DSC_SOURCE_SERVICE_HEALTH, health_error);
  else
    mark_ok (run, DSC_SOURCE_SERVICE_HEALTH);

  handle_cloud_sync_configs (task, batch);

  handle_list_member (task, batch, "groups", DSC_SOURCE_GROUP_ERRORS, DSC_OBJECT_GROUP,
                      "/groups", FALSE);
  handle_list_member (task, batch, "contacts", DSC_SOURCE_CONTACT_ERRORS, DSC_OBJECT_CONTACT,
                      "/contacts", FALSE);
  run->lists_active--;
  op_finished (task, 1);
}

/* The users' parts come in $batch calls of their own, in round 1 too: the
 * first pages of 5 000 users in error are megabytes of JSON, and separate
 * answers are parsed side by side, each starting its lookups when ready. */
typedef struct {
  GTask *task;                 /* borrowed, as for ListOp */
  DscGraphBatch *batch;
  guint first;                 /* the parts it asks for */
  guint end;
} PartsOp;

#define USER_PARTS_PER_BATCH 5

static void
parts_batch_done (GObject *source, GAsyncResult *result, gpointer data)
{
  PartsOp *op = data;
  GTask *task = op->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dsc_graph_client_batch_finish (DSC_GRAPH_CLIENT (source), result, &error))
    record_failure (run, DSC_SOURCE_USER_ERRORS, error);
  else
    for (guint part = op->first; part < op->end; part++)
      {
        char name[16];

        g_snprintf (name, sizeof name, "users%u", part);
        handle_list_member (task, op->batch, name, DSC_SOURCE_USER_ERRORS, DSC_OBJECT_USER,
                            "/users", TRUE);
      }
  g_object_unref (op->batch);
  g_free (op);
  run->lists_active--;
  op_finished (task, 1);
}

static void
beta_batch_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  DscGraphBatch *batch = DSC_GRAPH_BATCH (g_object_get_data (G_OBJECT (task), "dsc-beta"));
  g_autoptr(GError) error = NULL;

  if (!dsc_graph_client_batch_finish (DSC_GRAPH_CLIENT (source), result, &error))
    {
      record_failure (run, DSC_SOURCE_ORGANIZATION_BETA, error);
      record_failure (run, DSC_SOURCE_SYNC_SETTINGS, error);
      record_failure (run, DSC_SOURCE_CLOUD_SYNC_AGENTS, error);
    }
  else
    {
      handle_member (run, batch, "orgBeta", DSC_SOURCE_ORGANIZATION_BETA,
                     dsc_parse_organization_beta, FALSE);
      handle_member (run, batch, "sync", DSC_SOURCE_SYNC_SETTINGS, dsc_parse_sync_settings,
                     FALSE);
      handle_member (run, batch, "agents", DSC_SOURCE_CLOUD_SYNC_AGENTS,
                     dsc_parse_cloud_sync_agents, FALSE);
    }
  op_finished (task, 1);
}

/* "/users?$filter=<errors> and (startsWith(userPrincipalName,'a') or …)", the
 * last part "… and not(startsWith(…,'a') or … 'm') and not(… 'n' … 'z')" (no
 * "or" of more than 15 clauses). */
static char *
user_part_url (guint part)
{
  GString *url = g_string_new ("/users?$filter=" ERROR_FILTER);

  if (part < G_N_ELEMENTS (user_parts))
    {
      const char *letters = user_parts[part];

      g_string_append (url, "%20and%20(");
      for (guint i = 0; letters[i] != '\0'; i++)
        g_string_append_printf (url, "%sstartsWith(userPrincipalName,'%c')",
                                i > 0 ? "%20or%20" : "", letters[i]);
      g_string_append_c (url, ')');
    }
  else
    for (char first = 'a'; first <= 'z'; first += 13)
      {
        g_string_append (url, "%20and%20not(");
        for (char c = first; c < first + 13; c++)
          g_string_append_printf (url, "%sstartsWith(userPrincipalName,'%c')",
                                  c > first ? "%20or%20" : "", c);
        g_string_append_c (url, ')');
      }
  g_string_append (url, "&$select=" USER_SELECT "&$top=999&$count=true");
  return g_string_free (url, FALSE);
}

static DscGraphBatch *
build_v1_batch (void)
{
  DscGraphBatch *batch = dsc_graph_batch_new (DSC_GRAPH_V1);

#define ADD(id_, url_, headers_) \
  G_STMT_START { \
    const char *got_ = dsc_graph_batch_add (batch, url_, headers_); \
    g_object_set_data_full (G_OBJECT (batch), id_, g_strdup (got_), g_free); \
  } G_STMT_END
  ADD ("org", "/organization?$select=id,displayName,onPremisesSyncEnabled,"
       "onPremisesLastSyncDateTime,verifiedDomains", NULL);
  ADD ("domains", "/domains?$select=id,authenticationType,isVerified,isDefault,isInitial", NULL);
  ADD ("syncAccounts", "/directoryRoles(roleTemplateId='" DSC_SYNC_ROLE_TEMPLATE_ID "')/members"
       "?$select=id,displayName,userPrincipalName,accountEnabled", NULL);
  ADD ("syncApps", "/servicePrincipals(appId='" DSC_SYNC_SERVICE_APP_ID "')/appRoleAssignedTo"
       "?$select=principalId,principalDisplayName,principalType,createdDateTime", NULL);
  ADD ("health", "/admin/serviceAnnouncement/healthOverviews?$select=id,service,status", NULL);
  ADD ("issues", "/admin/serviceAnnouncement/issues?$filter=isResolved%20eq%20false", NULL);
  ADD ("cloudConfigs", CLOUD_SYNC_CONFIGS, NULL);
  ADD ("groups", "/groups?$filter=" ERROR_FILTER "&$select=" OTHER_SELECT
       "&$top=999&$count=true", consistency_headers);
  ADD ("contacts", "/contacts?$filter=" ERROR_FILTER "&$select=" OTHER_SELECT
       "&$top=999&$count=true", consistency_headers);
#undef ADD
  return batch;
}

static void
start_user_parts (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  for (guint first = 0; first < N_USER_PARTS; first += USER_PARTS_PER_BATCH)
    {
      PartsOp *op = g_new0 (PartsOp, 1);

      op->task = task;
      op->batch = dsc_graph_batch_new (DSC_GRAPH_V1);
      op->first = first;
      op->end = MIN (first + USER_PARTS_PER_BATCH, N_USER_PARTS);
      for (guint part = first; part < op->end; part++)
        {
          g_autofree char *url = user_part_url (part);
          char name[16];

          g_snprintf (name, sizeof name, "users%u", part);
          g_object_set_data_full (G_OBJECT (op->batch), name,
                                  g_strdup (dsc_graph_batch_add (op->batch, url,
                                                                 consistency_headers)),
                                  g_free);
        }
      op_started (task);
      run->lists_active++;
      dsc_graph_client_batch_async (run_collector (task)->client, op->batch, run->cancellable,
                                    parts_batch_done, op);
    }
}

static DscGraphBatch *
build_beta_batch (void)
{
  DscGraphBatch *batch = dsc_graph_batch_new (DSC_GRAPH_BETA);

  g_object_set_data_full (G_OBJECT (batch), "orgBeta", g_strdup (
    dsc_graph_batch_add (batch, "/organization?$select=id,onPremisesLastPasswordSyncDateTime,"
                         "directorySizeQuota", NULL)), g_free);
  g_object_set_data_full (G_OBJECT (batch), "sync", g_strdup (
    dsc_graph_batch_add (batch, "/directory/onPremisesSynchronization", NULL)), g_free);
  g_object_set_data_full (G_OBJECT (batch), "agents", g_strdup (
    dsc_graph_batch_add (batch, CLOUD_SYNC_AGENTS, NULL)), g_free);
  return batch;
}

void
dsc_collector_run_async (DscCollector        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Run *run;
  DscGraphBatch *v1, *beta;

  g_return_if_fail (DSC_IS_COLLECTOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_collector_run_async);
  /* Completion is decided by op_finished, not by the caller's cancellable:
   * cancellation reaches the requests through run->cancellable. */
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (Run, 1);
  run->snapshot = dsc_snapshot_new ();
  run->snapshot->graph_host = g_strdup (dsc_graph_client_get_host (self->client));
  run->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                   run->cancellable, NULL);
    }
  run->queued_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->upn_queue = g_ptr_array_new_with_free_func (g_free);
  run->proxy_queue = g_ptr_array_new_with_free_func (g_free);
  run->other_queue = g_ptr_array_new_with_free_func (g_free);
  run->ready_users = g_ptr_array_new_with_free_func (lookup_free);
  run->ready_others = g_ptr_array_new_with_free_func (lookup_free);
  run->user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, run, run_free);

  v1 = build_v1_batch ();
  beta = build_beta_batch ();
  g_object_set_data_full (G_OBJECT (task), "dsc-v1", v1, g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "dsc-beta", beta, g_object_unref);

  /* The task's one reference is dropped by op_finished when the last
   * operation ends, whatever order they end in. */
  op_started (task);
  run->lists_active++;   /* it brings the groups' and contacts' lists */
  dsc_graph_client_batch_async (self->client, v1, run->cancellable, v1_batch_done, task);
  op_started (task);
  dsc_graph_client_batch_async (self->client, beta, run->cancellable, beta_batch_done, task);
  start_user_parts (task);
}

DscSnapshot *
dsc_collector_run_finish (DscCollector  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
dsc_collector_get_last_chain (DscCollector *self)
{
  g_return_val_if_fail (DSC_IS_COLLECTOR (self), 0);
  return self->last_chain;
}

DscGraphClient *
dsc_collector_get_client (DscCollector *self)
{
  g_return_val_if_fail (DSC_IS_COLLECTOR (self), NULL);
  return self->client;
}

DscCollector *
dsc_collector_new (DscGraphClient *client)
{
  g_return_val_if_fail (DSC_IS_GRAPH_CLIENT (client), NULL);
  return g_object_new (DSC_TYPE_COLLECTOR, "client", client, NULL);
}

static void
dsc_collector_finalize (GObject *object)
{
  DscCollector *self = DSC_COLLECTOR (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (dsc_collector_parent_class)->finalize (object);
}

static void
dsc_collector_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DscCollector *self = DSC_COLLECTOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_collector_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  DscCollector *self = DSC_COLLECTOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_collector_class_init (DscCollectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_collector_finalize;
  object_class->get_property = dsc_collector_get_property;
  object_class->set_property = dsc_collector_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, DSC_TYPE_GRAPH_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
dsc_collector_init (DscCollector *self)
{
}

/* dsc-notify.c — turning two reports into the few notifications worth a pop-up.
 *
 * Keys carry the category so that recovery can clear exactly that category's history; see
 * dsc-notify.h for the rules and why suppressed notifications still count as handled.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-notify"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-notify.h"
#include "dsc-text-safe.h"

#define NEW_OBJECTS_PREFIX "new-objects/"

void
dsc_notification_free (DscNotification *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->title);
  g_free (self->body);
  g_free (self);
}

void
dsc_notify_result_free (DscNotifyResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->notifications, g_ptr_array_unref);
  g_strfreev (self->notified_keys);
  g_free (self);
}

static gboolean
in_quiet_hours (const DscNotifySettings *settings)
{
  int start = settings->quiet_start_minute;
  int end = settings->quiet_end_minute;
  int now = settings->local_minute_now;

  if (start < 0 || end < 0 || start == end)
    return FALSE;
  if (start < end)
    return now >= start && now < end;
  /* Wraps midnight, e.g. 22:00–07:00. */
  return now >= start || now < end;
}

gboolean
dsc_notify_is_suppressed (const DscNotifySettings *settings)
{
  g_return_val_if_fail (settings != NULL, FALSE);

  return settings->now < settings->snoozed_until || in_quiet_hours (settings);
}

/* 0 healthy, 1 warning, 2 error, -1 no information. */
static int
rank (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: return 0;
    case DSC_STATUS_WARNING: return 1;
    case DSC_STATUS_ERROR: return 2;
    case DSC_STATUS_UNKNOWN:
      break;
    }
  return -1;
}

static char *
worse_key (DscCategoryId category,
           DscStatus severity)
{
  return g_strdup_printf ("worse/%s/%s", dsc_category_to_string (category),
                          dsc_status_to_string (severity));
}

static char *
recovered_key (DscCategoryId category)
{
  return g_strdup_printf ("recovered/%s", dsc_category_to_string (category));
}

/* Does a persisted key belong to this category's history? */
static gboolean
key_is_category (const char *key,
                 DscCategoryId category)
{
  g_autofree char *worse_prefix = g_strdup_printf ("worse/%s/", dsc_category_to_string (category));
  g_autofree char *recovered = recovered_key (category);

  if (g_str_has_prefix (key, worse_prefix) || g_str_equal (key, recovered))
    return TRUE;
  return category == DSC_CATEGORY_OBJECT_ERRORS && g_str_has_prefix (key, NEW_OBJECTS_PREFIX);
}

static void
forget_category (GHashTable *keys,
                 DscCategoryId category)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (key_is_category (key, category))
      g_hash_table_iter_remove (&iter);
}

/* After ERROR → WARNING, forget "worse/…/error" so ERROR again is announced. */
static void
forget_more_severe (GHashTable *keys,
                    DscCategoryId category,
                    DscStatus status)
{
  if (rank (status) < 2)
    {
      g_autofree char *key = worse_key (category, DSC_STATUS_ERROR);

      g_hash_table_remove (keys, key);
    }
  if (rank (status) < 1)
    {
      g_autofree char *key = worse_key (category, DSC_STATUS_WARNING);

      g_hash_table_remove (keys, key);
    }
}

static guint
count_in_error (const DscFinding *finding)
{
  guint n = 0;

  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *affected = g_ptr_array_index (finding->objects, i);

      if (affected->in_error)
        n++;
    }
  return n;
}

/* An object can be in more than one conflict: count it once, as the "Sync errors" tile does
 * (health/rule-sync-errors.c: the same DscDirectoryObject in every finding). */
static void
add_in_error (GHashTable       *objects,
              const DscFinding *finding)
{
  for (guint i = 0; i < finding->objects->len; i++)
    {
      const DscAffectedObject *affected = g_ptr_array_index (finding->objects, i);

      if (affected->in_error)
        g_hash_table_add (objects, affected->object);
    }
}

static guint
category_count_in_error (const DscCategoryReport *category)
{
  g_autoptr(GHashTable) objects = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < category->findings->len; i++)
    add_in_error (objects, g_ptr_array_index (category->findings, i));
  return g_hash_table_size (objects);
}

/* The most telling sentence the report has about a category. */
static const char *
category_detail (const DscCategoryReport *category)
{
  if (category->findings->len > 0)
    {
      const DscFinding *top = g_ptr_array_index (category->findings, 0);

      if (top->title != NULL && *top->title != '\0')
        return top->title;
    }
  if (category->headline != NULL && *category->headline != '\0')
    return category->headline;
  return dsc_category_get_summary (category->id);
}

/* The wording lives in the category catalogue (dsc-category.c). */
static char *
worse_title (const DscCategoryReport *category)
{
  return dsc_category_dup_notify_title (category->id, category->status,
                                        category_count_in_error (category));
}

static DscNotification *
notification_new (char *key,
                  DscCategoryId category,
                  DscStatus severity,
                  char *title,
                  char *body)
{
  DscNotification *self = g_new0 (DscNotification, 1);

  self->key = key;
  self->category = category;
  self->severity = severity;
  /* Tenant data (names, conflicting values) end up here: plain text on one
   * line, inert in every notification server and tray. */
  self->title = dsc_text_safe_dup (title);
  self->body = dsc_text_safe_dup (body);
  g_free (title);
  g_free (body);
  return self;
}

static DscNotification *
worse_notification (const DscCategoryReport *category)
{
  return notification_new (worse_key (category->id, category->status), category->id,
                           category->status, worse_title (category),
                           g_strdup (category_detail (category)));
}

static DscNotification *
recovered_notification (const DscCategoryReport *category)
{
  /* Translators: %s is a problem category, e.g. "Password hash sync" */
  char *title = g_strdup_printf (_("Recovered: %s"), dsc_category_get_short_title (category->id));
  char *body = g_strdup (category->headline != NULL && *category->headline != '\0'
                         ? category->headline : _("This is healthy again."));

  return notification_new (recovered_key (category->id), category->id, DSC_STATUS_OK,
                           title, body);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Conflicts that were not in the previous report, as one notification (or NULL). */
static DscNotification *
new_objects_notification (const DscReport *previous,
                          const DscReport *current)
{
  const DscCategoryReport *category = dsc_report_get_category (current,
                                                               DSC_CATEGORY_OBJECT_ERRORS);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GHashTable) objects = g_hash_table_new (NULL, NULL);
  const DscFinding *first = NULL;
  DscStatus severity = DSC_STATUS_OK;
  guint n_objects = 0;
  guint n_findings = 0;
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *digest = NULL;
  char *title;
  char *body;

  for (guint i = 0; i < category->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (category->findings, i);
      const DscFinding *before = dsc_report_find (previous, finding->id);
      guint n;

      if (before != NULL && before->category == DSC_CATEGORY_OBJECT_ERRORS)
        continue;
      n = count_in_error (finding);
      if (n == 0)
        continue;
      add_in_error (objects, finding);
      n_findings++;
      severity = dsc_status_worse (severity, finding->severity);
      if (first == NULL)
        first = finding;
      g_ptr_array_add (ids, finding->id);
    }
  n_objects = g_hash_table_size (objects);
  if (n_objects == 0)
    return NULL;

  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (joined, "%s\n", (const char *) g_ptr_array_index (ids, i));
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined->str, joined->len);
  digest[16] = '\0';

  title = g_strdup_printf (ngettext ("Sync errors: %u new object",
                                     "Sync errors: %u new objects", n_objects), n_objects);
  if (n_findings == 1)
    body = g_strdup (first->title);
  else
    /* Translators: the first %s is a conflict, e.g. "smtp:sales@contoso.com is claimed by
     * 2 objects"; %u counts the other new conflicts. */
    body = g_strdup_printf (ngettext ("%s, and %u more conflict", "%s, and %u more conflicts",
                                      n_findings - 1),
                            first->title, n_findings - 1);

  return notification_new (g_strconcat (NEW_OBJECTS_PREFIX, digest, NULL),
                           DSC_CATEGORY_OBJECT_ERRORS, severity, title, body);
}

/* Adds the notification unless its key was handled already; either way it is handled now. */
static void
offer (GPtrArray *out,
       GHashTable *keys,
       DscNotification *notification)
{
  g_autoptr(DscNotification) owned = notification;

  if (g_hash_table_contains (keys, owned->key))
    return;
  g_hash_table_add (keys, g_strdup (owned->key));
  g_ptr_array_add (out, g_steal_pointer (&owned));
}

/* Categories whose findings notify one by one, by their stable ids. */
static gboolean
notifies_per_finding (DscCategoryId category)
{
  return category == DSC_CATEGORY_CLOUD_SYNC;
}

#define FINDING_PREFIX "finding/"
#define CLEARED_PREFIX "cleared/"
#define QUARANTINE_SUFFIX "/quarantine"

static char *
finding_key (const DscFinding *finding)
{
  return g_strdup_printf (FINDING_PREFIX "%s/%s", finding->id,
                          dsc_status_to_string (finding->severity));
}

/* Forgets the keys of findings that went away (or got less severe), and the
 * "cleared" keys of findings that are back, so the next change is announced. */
static void
forget_findings (GHashTable      *keys,
                 const DscReport *current)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      if (g_str_has_prefix (key, FINDING_PREFIX))
        {
          const char *id_start = key + strlen (FINDING_PREFIX);
          const char *slash = strrchr (id_start, '/');
          g_autofree char *id = slash != NULL ? g_strndup (id_start, slash - id_start) : NULL;
          const DscFinding *finding = id != NULL ? dsc_report_find (current, id) : NULL;
          DscStatus severity;

          if (finding == NULL || !dsc_status_from_string (slash + 1, &severity) ||
              rank (finding->severity) < rank (severity))
            g_hash_table_iter_remove (&iter);
        }
      else if (g_str_has_prefix (key, CLEARED_PREFIX) &&
               dsc_report_find (current, key + strlen (CLEARED_PREFIX)) != NULL)
        g_hash_table_iter_remove (&iter);
    }
}

/* The per-finding notifications of @category; returns how many were new. */
static guint
finding_notifications (GPtrArray       *out,
                       GHashTable      *keys,
                       const DscReport *previous,
                       const DscReport *current,
                       DscCategoryId    category)
{
  const DscCategoryReport *now = &current->categories[category];
  guint n = 0;

  for (guint i = 0; i < now->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (now->findings, i);
      const DscFinding *before = previous != NULL ? dsc_report_find (previous, finding->id) : NULL;
      g_autofree char *key = NULL;

      if (rank (finding->severity) <= 0 ||
          (before != NULL && rank (before->severity) >= rank (finding->severity)))
        continue;
      key = finding_key (finding);
      if (g_hash_table_contains (keys, key))
        continue;
      offer (out, keys, notification_new (g_steal_pointer (&key), category, finding->severity,
                                          dsc_category_dup_notify_title (category,
                                                                         finding->severity, 0),
                                          g_strdup (finding->title)));
      n++;
    }

  /* A quarantine that cleared. The configuration's own finding (the id
   * without the suffix) says how it is now. */
  for (guint i = 0; previous != NULL && i < previous->categories[category].findings->len; i++)
    {
      const DscFinding *before = g_ptr_array_index (previous->categories[category].findings, i);
      const DscFinding *after = dsc_report_find (current, before->id);
      g_autofree char *key = NULL;
      g_autofree char *config_id = NULL;
      const DscFinding *config;

      if (!g_str_has_suffix (before->id, QUARANTINE_SUFFIX) || after != NULL ||
          rank (before->severity) < 2)
        continue;
      key = g_strconcat (CLEARED_PREFIX, before->id, NULL);
      if (g_hash_table_contains (keys, key))
        continue;
      config_id = g_strndup (before->id, strlen (before->id) - strlen (QUARANTINE_SUFFIX));
      config = dsc_report_find (current, config_id);
      offer (out, keys, notification_new (g_steal_pointer (&key), category, DSC_STATUS_OK,
                                          g_strdup (_("Left quarantine")),
                                          g_strdup (config != NULL ? config->title
                                                                   : before->title)));
      n++;
    }
  return n;
}

DscNotifyResult *
dsc_notify_evaluate (const DscReport *previous,
                     const DscReport *current,
                     const DscNotifySettings *settings)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_notification_free);
  DscNotifyResult *result;
  guint n_keys = 0;
  GHashTableIter iter;
  const char *key;

  g_return_val_if_fail (current != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  for (guint i = 0; settings->notified_keys != NULL && settings->notified_keys[i] != NULL; i++)
    g_hash_table_add (keys, g_strdup (settings->notified_keys[i]));

  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    {
      const DscCategoryReport *now = &current->categories[c];
      int now_rank = rank (now->status);
      int before_rank = previous != NULL ? rank (previous->categories[c].status) : -1;

      /* The on-premises scan is run by the admin, who sees its result
       * then: nothing changed behind their back to notify about. */
      if (now_rank < 0 || c == DSC_CATEGORY_ONPREM_DATA)
        continue;

      forget_more_severe (keys, c, now->status);

      if (notifies_per_finding (c))
        {
          g_autofree char *worse = worse_key (c, now->status);
          g_autofree char *recovered = recovered_key (c);

          /* Each finding says it better than the category; still keep the category's keys
           * as they would be, so switching back to category notifications stays quiet. */
          forget_findings (keys, current);
          if (finding_notifications (found, keys, previous, current, c) > 0)
            {
              if (now_rank > 0)
                g_hash_table_add (keys, g_steal_pointer (&worse));
              else
                g_hash_table_add (keys, g_steal_pointer (&recovered));
            }
        }

      if (before_rank < 0)
        {
          /* First run, or the category was unreadable: announce what is wrong now, once. */
          if (now_rank > 0)
            {
              g_autofree char *recovered = recovered_key (c);

              g_hash_table_remove (keys, recovered);
              offer (found, keys, worse_notification (now));
            }
          continue;
        }

      if (now_rank == 0 && before_rank > 0)
        {
          g_autofree char *recovered = recovered_key (c);
          gboolean announced = g_hash_table_contains (keys, recovered);

          /* A restart that compares against a cached bad report must not say it twice. */
          forget_category (keys, c);
          if (announced)
            g_hash_table_add (keys, g_steal_pointer (&recovered));
          else
            offer (found, keys, recovered_notification (now));
        }
      else if (now_rank > before_rank)
        {
          g_autofree char *recovered = recovered_key (c);
          g_autoptr(DscNotification) worse = worse_notification (now);
          DscNotification *fresh = NULL;

          g_hash_table_remove (keys, recovered);
          if (c == DSC_CATEGORY_OBJECT_ERRORS)
            fresh = new_objects_notification (previous, current);
          if (fresh != NULL && !g_hash_table_contains (keys, fresh->key))
            {
              /* The new objects say it better; the "worse" one is covered by it. */
              g_hash_table_add (keys, g_strdup (worse->key));
              offer (found, keys, fresh);
            }
          else
            {
              g_clear_pointer (&fresh, dsc_notification_free);
              offer (found, keys, g_steal_pointer (&worse));
            }
        }
      else if (c == DSC_CATEGORY_OBJECT_ERRORS && now_rank > 0)
        {
          DscNotification *fresh = new_objects_notification (previous, current);

          if (fresh != NULL)
            offer (found, keys, fresh);
        }
    }

  result = g_new0 (DscNotifyResult, 1);
  if (dsc_notify_is_suppressed (settings))
    {
      result->n_suppressed = found->len;
      result->notifications = g_ptr_array_new_with_free_func (
        (GDestroyNotify) dsc_notification_free);
    }
  else
    result->notifications = g_steal_pointer (&found);

  result->notified_keys = g_new0 (char *, g_hash_table_size (keys) + 1);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    result->notified_keys[n_keys++] = g_strdup (key);
  qsort (result->notified_keys, n_keys, sizeof (char *), compare_strings);

  return result;
}

gboolean
dsc_notify_body_is_markup (const char *env_backend,
                           gboolean    sandboxed,
                           gboolean    gtk_server_running)
{
  if (g_strcmp0 (env_backend, "freedesktop") == 0)
    return TRUE;
  if (g_strcmp0 (env_backend, "gtk") == 0 && gtk_server_running)
    return FALSE;
  if (g_strcmp0 (env_backend, "portal") == 0 && sandboxed)
    return FALSE;
  /* By priority: portal 110, gtk 100, freedesktop 0. */
  return !sandboxed && !gtk_server_running;
}

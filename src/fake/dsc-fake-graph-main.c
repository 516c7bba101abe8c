/* dsc-fake-graph-main.c — the fake Graph tenant as a program of its own.
 *
 * Benchmarks run the server in this separate process so its memory and CPU
 * are not counted against the client. The first line on stdout is the base
 * URL; the program runs until SIGTERM/SIGINT or until stdin closes (so a
 * parent that dies takes it along).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#ifdef G_OS_UNIX
#include <errno.h>
#include <unistd.h>
#include <glib-unix.h>
#endif

#include "dsc-fake-tenant.h"

#ifdef G_OS_UNIX
static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}
#endif

static gboolean
quit_idle (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* A blocking read in a thread works the same on every platform and for
 * every kind of stdin (pipe, terminal, file). On Unix read(2), not stdio: a
 * thread blocked in fread() holds stdin's lock, and exit() takes every
 * stream's lock (glibc 2.41, Debian 13), so after SIGTERM the program would
 * hang in exit() until stdin closed. */
static gpointer
watch_stdin (gpointer user_data)
{
  char buf[256];

#ifdef G_OS_UNIX
  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buf, sizeof buf);

      if (n == 0 || (n < 0 && errno != EINTR))
        break;
    }
#else
  while (fread (buf, 1, sizeof buf, stdin) > 0)
    ;
#endif
  /* The thread holds its own reference: a signal may already have ended
   * the loop (and main() dropped its reference) by the time stdin closes. */
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, quit_idle, user_data,
                              (GDestroyNotify) g_main_loop_unref);
  return NULL;
}

static gboolean
check_probability (const char  *name,
                   double       p,
                   GError     **error)
{
  if (p >= 0.0 && p <= 1.0)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s must be between 0 and 1", name);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(DscFakeTenant) tenant = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *log_path = NULL;
  gboolean live = FALSE, ignore_stdin = FALSE;
  int latency_ms = 0;
  gint64 seed = 0;
  DscFakeFaults faults = { 0 };
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario,
      "Scenario: healthy, stale-sync, …, large[:objects=N,errors=M] or a .json file", "NAME" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Latency added to every request", "N" },
    { "p429", 0, 0, G_OPTION_ARG_DOUBLE, &faults.p_throttle, "Probability of 429", "P" },
    { "p503", 0, 0, G_OPTION_ARG_DOUBLE, &faults.p_unavailable, "Probability of 503", "P" },
    { "preset", 0, 0, G_OPTION_ARG_DOUBLE, &faults.p_reset,
      "Probability of a connection reset", "P" },
    { "ptruncate", 0, 0, G_OPTION_ARG_DOUBLE, &faults.p_truncate,
      "Probability of a truncated body", "P" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed for the faults (0 = random)", "N" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Log each request to FILE (- = stderr)",
      "FILE" },
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, "Keep a healthy sync cycling with the clock", NULL },
    { "ignore-stdin", 0, 0, G_OPTION_ARG_NONE, &ignore_stdin,
      "Don't stop when stdin closes (for running in the background)", NULL },
    { NULL }
  };

  options = g_option_context_new ("— a fake Microsoft Graph tenant on 127.0.0.1");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error)
      || !check_probability ("--p429", faults.p_throttle, &error)
      || !check_probability ("--p503", faults.p_unavailable, &error)
      || !check_probability ("--preset", faults.p_reset, &error)
      || !check_probability ("--ptruncate", faults.p_truncate, &error))
    {
      g_printerr ("dsc-fake-graph: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (latency_ms < 0 || seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("dsc-fake-graph: --latency-ms and --seed must be non-negative\n");
      return EXIT_FAILURE;
    }
  faults.latency_ms = (guint) latency_ms;
  faults.seed = (guint32) seed;
  faults.retry_after_s = 1;

  tenant = dsc_fake_tenant_new ();
  if (!dsc_fake_tenant_set_scenario (tenant, scenario ? scenario : "healthy", &error)
      || (log_path != NULL && !dsc_fake_tenant_set_request_log (tenant, log_path, &error)))
    {
      g_printerr ("dsc-fake-graph: %s\n", error->message);
      return EXIT_FAILURE;
    }
  dsc_fake_tenant_set_faults (tenant, &faults);
  dsc_fake_tenant_set_live (tenant, live);

  if (!dsc_fake_tenant_start (tenant, &error))
    {
      g_printerr ("dsc-fake-graph: %s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("%s\n", dsc_fake_tenant_get_base_url (tenant));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
#ifdef G_OS_UNIX
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
#endif
  if (!ignore_stdin)
    g_thread_unref (g_thread_new ("stdin-watch", watch_stdin, g_main_loop_ref (loop)));

  g_main_loop_run (loop);

  dsc_fake_tenant_stop (tenant);
  return EXIT_SUCCESS;
}

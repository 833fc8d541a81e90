/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-launch: how fast the app shows its first guide, how fast the largest guide renders
 * from Markdown, and how much memory the app and its WebKit processes use while idle.
 * Prints one figure per line as "name value unit". Needs a display (run it under xvfb-run
 * with dbus-run-session, as the README shows). */

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "sdp-catalog.h"
#include "sdp-markdown.h"
#include "sdp-store.h"

#define WARM_RUNS       5
#define RENDER_RUNS     200
#define IDLE_SECONDS    3

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                               G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

/* Starts the app with an empty configuration and waits for its "first-paint" line.
 * Returns the milliseconds from spawning to the first painted guide. */
static double
launch (const char   *home,
        gboolean      keep_running,
        GSubprocess **out_process)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  gint64 start;
  char *line;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", SDP_SCHEMA_DIR, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "no-portals", TRUE);
  g_subprocess_launcher_setenv (launcher, "SDP_REPORT_FIRST_PAINT", keep_running ? "1" : "exit", TRUE);

  start = g_get_real_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, SDP_APP_PATH, NULL);
  if (process == NULL)
    g_error ("Cannot start %s: %s", SDP_APP_PATH, error->message);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      gint64 painted;

      if (!g_str_has_prefix (line, "first-paint "))
        {
          g_free (line);
          continue;
        }
      painted = g_ascii_strtoll (line + strlen ("first-paint "), NULL, 10);
      g_printerr ("# %s\n", line);
      g_free (line);

      if (keep_running)
        *out_process = g_steal_pointer (&process);
      else
        g_subprocess_wait (process, NULL, NULL);
      return (painted - start) / 1000.0;
    }

  g_error ("The app exited without painting a guide%s%s", error != NULL ? ": " : "",
           error != NULL ? error->message : "");
}

/* Proportional set size of @pid and all its descendants (WebKit's web and network processes,
 * and the sandbox helpers between them), in kB. */
static guint64
tree_pss_kb (GPid      pid,
             guint64  *own_kb)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GHashTable) in_tree = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (int));
  const char *name;
  gboolean grew = TRUE;
  guint64 total = 0;
  guint i;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_comm;
      int child, parent;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      after_comm = strrchr (stat, ')');
      if (after_comm == NULL || sscanf (after_comm + 2, "%*c %d", &parent) != 1)
        continue;
      child = atoi (name);
      g_array_append_val (pids, child);
      g_array_append_val (parents, parent);
    }

  g_hash_table_add (in_tree, GINT_TO_POINTER (pid));
  while (grew)
    {
      grew = FALSE;
      for (i = 0; i < pids->len; i++)
        {
          int child = g_array_index (pids, int, i);

          if (!g_hash_table_contains (in_tree, GINT_TO_POINTER (child)) &&
              g_hash_table_contains (in_tree, GINT_TO_POINTER (g_array_index (parents, int, i))))
            {
              g_hash_table_add (in_tree, GINT_TO_POINTER (child));
              grew = TRUE;
            }
        }
    }

  for (i = 0; i < pids->len; i++)
    {
      int member = g_array_index (pids, int, i);
      g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", member);
      g_autofree char *rollup = NULL;
      const char *pss;

      if (!g_hash_table_contains (in_tree, GINT_TO_POINTER (member)) ||
          !g_file_get_contents (path, &rollup, NULL, NULL) ||
          (pss = strstr (rollup, "\nPss:")) == NULL)
        continue;
      total += g_ascii_strtoull (pss + strlen ("\nPss:"), NULL, 10);
      if (member == pid && own_kb != NULL)
        *own_kb = g_ascii_strtoull (pss + strlen ("\nPss:"), NULL, 10);
    }
  return total;
}

static void
bench_launch (void)
{
  g_autofree char *cold_home = g_dir_make_tmp ("sdp-bench-XXXXXX", NULL);
  g_autofree char *warm_home = g_dir_make_tmp ("sdp-bench-XXXXXX", NULL);
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GSubprocess) running = NULL;
  double cold_ms;
  guint64 app_kb = 0, total_kb;
  int i;

  /* Cold: the first start with empty caches and settings (the system's file cache is as it is;
   * dropping it needs privileges CI does not have). Warm: later starts, same empty settings. */
  cold_ms = launch (cold_home, FALSE, NULL);
  for (i = 0; i < WARM_RUNS; i++)
    {
      g_autofree char *home = g_dir_make_tmp ("sdp-bench-XXXXXX", NULL);
      double ms = launch (home, FALSE, NULL);

      g_array_append_val (warm, ms);
      remove_tree (home);
    }
  g_print ("launch.first_guide_painted_ms.cold %.0f ms\n", cold_ms);
  g_print ("launch.first_guide_painted_ms.warm_median %.0f ms\n", bench_median (warm));

  /* Memory is measured for a returning reader: a plan chosen, so no onboarding dialog is open. */
  {
    g_autofree char *db = g_build_filename (warm_home, "data", "io.github.sdprep.SystemDesignPrep",
                                            "progress.db", NULL);
    g_autoptr(SdpStore) store = sdp_store_open (db, NULL, NULL);
    SdpPlanChoice plan = { (char *) "silver", { 0 }, 10 };

    g_date_clear (&plan.start_date, 1);
    g_date_set_dmy (&plan.start_date, 2, G_DATE_NOVEMBER, 2026);
    if (store == NULL || !sdp_store_set_plan (store, &plan, NULL))
      g_error ("Cannot prepare the progress database for the memory run");
  }
  launch (warm_home, TRUE, &running);
  g_usleep (IDLE_SECONDS * G_USEC_PER_SEC);
  total_kb = tree_pss_kb (atoi (g_subprocess_get_identifier (running)), &app_kb);
  g_print ("memory.idle_pss_mb.app %.1f MB\n", app_kb / 1024.0);
  g_print ("memory.idle_pss_mb.app_and_webkit %.1f MB\n", total_kb / 1024.0);
  g_subprocess_send_signal (running, SIGTERM);
  g_subprocess_wait (running, NULL, NULL);

  remove_tree (cold_home);
  remove_tree (warm_home);
}

static void
bench_markdown (void)
{
  g_autoptr(GFile) program = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (program, &error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *largest = NULL;
  const char *largest_id = NULL;
  gsize largest_len = 0;
  GPtrArray *guides;
  guint i;

  if (catalog == NULL)
    g_error ("%s", error->message);

  guides = sdp_catalog_get_guides (catalog);
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      gsize len = 0;
      g_autofree char *text = sdp_catalog_read_guide (catalog, guide->id, &len, NULL);

      if (text != NULL && len > largest_len)
        {
          g_free (largest);
          largest = g_steal_pointer (&text);
          largest_len = len;
          largest_id = guide->id;
        }
    }

  for (i = 0; i < RENDER_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SdpMarkdownResult) result = sdp_markdown_render (largest, largest_len);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (times, ms);
    }
  g_printerr ("# largest guide: %s (%" G_GSIZE_FORMAT " bytes)\n", largest_id, largest_len);
  g_print ("markdown.largest_guide_kb %.1f kB\n", largest_len / 1024.0);
  g_print ("markdown.largest_guide_render_ms.median %.3f ms\n", bench_median (times));
  g_print ("markdown.largest_guide_render_ms.worst %.3f ms\n", bench_worst (times));
}

int
main (int   argc,
      char *argv[])
{
  gboolean markdown_only = argc > 1 && g_str_equal (argv[1], "--markdown-only");

  bench_markdown ();
  if (!markdown_only)
    bench_launch ();
  return 0;
}

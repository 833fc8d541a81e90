/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-tracker: dashboard figures from 5 years of synthetic daily activity, task check-off
 * latency, and the cost of opening the store (integrity check and migrations included).
 * One figure per line: name value unit. */

#include <glib/gstdio.h>

#include "bench-util.h"

#include "sdp-tracker.h"

#define YEARS          5
#define DASHBOARD_RUNS 50
#define CHECK_RUNS     100
#define OPEN_RUNS      10

/* Five years of evenings: most days a session or two, tasks done as the program goes, and
 * results from quizzes and mock interviews. Written in one transaction per day. */
static void
fill (SdpStore   *store,
      SdpCatalog *catalog,
      GDate      *today)
{
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();
  SdpPlanChoice plan = { (char *) "silver", { 0 }, 10 };
  GRand *rand = g_rand_new_with_seed (42);
  guint i, j, k, next_task = 0;
  int day;

  for (i = 0; i < weeks->len; i++)
    for (j = 0; j < ((SdpWeek *) g_ptr_array_index (weeks, i))->days->len; j++)
      {
        const SdpDay *d = g_ptr_array_index (((SdpWeek *) g_ptr_array_index (weeks, i))->days, j);

        for (k = 0; k < d->tasks->len; k++)
          g_ptr_array_add (tasks, ((SdpTask *) g_ptr_array_index (d->tasks, k))->id);
      }

  plan.start_date = *today;
  g_date_subtract_days (&plan.start_date, 70);
  sdp_store_set_plan (store, &plan, NULL);

  for (day = YEARS * 365; day >= 0; day--)
    {
      g_autoptr(GDateTime) evening = g_date_time_new_local (g_date_get_year (today), g_date_get_month (today),
                                                            g_date_get_day (today), 20, 0, 0);
      g_autoptr(GDateTime) when = g_date_time_add_days (evening, -day);
      int sessions = g_rand_int_range (rand, 0, 3);

      while (sessions-- > 0)
        {
          g_autoptr(GDateTime) end = g_date_time_add_minutes (when, g_rand_int_range (rand, 10, 90));

          sdp_store_add_session (store, when, end, "phase-1", NULL);
        }
      if (g_rand_boolean (rand) && next_task < tasks->len)
        sdp_store_set_task_done (store, g_ptr_array_index (tasks, next_task++), TRUE, when, NULL);
      if (day % 30 == 0)
        {
          g_autoptr(SdpEvidence) quiz = sdp_evidence_new (SDP_EVIDENCE_QUIZ, "phase-1", 0,
                                                          g_rand_double (rand), g_date_time_to_unix (when));
          sdp_store_add_evidence (store, quiz, NULL);
        }
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("sdp-bench-tracker-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "progress.db", NULL);
  g_autoptr(GFile) program = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GFile) rules = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "assessment.json", NULL);
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (program, NULL);
  g_autoptr(SdpAssessment) assessment = sdp_assessment_new_from_file (rules, NULL);
  g_autoptr(GArray) dashboard = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) checks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SdpStore) store = NULL;
  g_autoptr(SdpTracker) tracker = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  GDate today;
  int i;

  sdp_tracker_today (&today);
  store = sdp_store_open (path, NULL, NULL);
  fill (store, catalog, &today);
  sessions = sdp_store_list_sessions (store);
  g_printerr ("# %u study sessions over %d years\n", sessions->len, YEARS);
  tracker = sdp_tracker_new (catalog, store, assessment);

  for (i = 0; i < DASHBOARD_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SdpDashboard) d = sdp_tracker_dashboard (tracker, &today);
      double ms = bench_ms_since (start);

      g_array_append_val (dashboard, ms);
    }

  for (i = 0; i < CHECK_RUNS; i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      gint64 start = g_get_monotonic_time ();
      double ms;

      /* What a click costs, the tracker's refresh (via ::changed) included. */
      sdp_store_set_task_done (store, "w12-d6-t1", i % 2 == 0, now, NULL);
      ms = bench_ms_since (start);
      g_array_append_val (checks, ms);
    }

  g_clear_object (&tracker);
  g_clear_object (&store);
  for (i = 0; i < OPEN_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SdpStore) reopened = sdp_store_open (path, NULL, NULL);
      double ms = bench_ms_since (start);

      g_array_append_val (opens, ms);
    }

  g_print ("tracker.dashboard_ms.median %.2f ms\n", bench_median (dashboard));
  g_print ("tracker.task_checkoff_ms.median %.2f ms\n", bench_median (checks));
  g_print ("tracker.store_open_ms.median %.2f ms\n", bench_median (opens));
  g_print ("tracker.sessions %u count\n", sessions->len);

  {
    const char *names[] = { "progress.db", "progress.db-wal", "progress.db-shm", NULL };

    for (i = 0; names[i] != NULL; i++)
      {
        g_autofree char *file = g_build_filename (dir, names[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}

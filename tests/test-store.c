/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sdp-scoring.h"
#include "sdp-store.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("sdp-store-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "data", "progress.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GDateTime *
at (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

static SdpStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  SdpStore *store = sdp_store_open (f->path, &moved, &error);

  g_assert_no_error (error);
  g_assert_null (moved);
  return store;
}

static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SdpStore) store = open_store (f);
  SdpPlanChoice plan;

  g_assert_cmpint (sdp_store_get_schema_version (store), ==, SDP_STORE_SCHEMA_VERSION);
  g_assert_false (sdp_store_get_plan (store, &plan));
  g_assert_false (sdp_store_is_task_done (store, "w01-d1-t1"));
}

static void
changed_cb (SdpStore *store,
            guint    *count)
{
  (*count)++;
}

static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SdpPlanChoice plan = { (char *) "silver", { 0 }, 10.5 };
  SdpPlanChoice read = { 0 };
  SdpPlanChoice bad = { (char *) "gold", { 0 }, 0 };
  guint changes = 0;

  {
    g_autoptr(SdpStore) store = open_store (f);

    g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &changes);
    g_date_set_dmy (&plan.start_date, 29, G_DATE_FEBRUARY, 2028);
    g_assert_true (sdp_store_set_plan (store, &plan, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (changes, ==, 1);

    g_date_set_dmy (&bad.start_date, 1, G_DATE_JANUARY, 2027);
    g_assert_false (sdp_store_set_plan (store, &bad, &error));
    g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID);
    g_assert_cmpuint (changes, ==, 1);
  }

  /* It survives closing and reopening. */
  {
    g_autoptr(SdpStore) store = open_store (f);

    g_assert_true (sdp_store_get_plan (store, &read));
    g_assert_cmpstr (read.path_id, ==, "silver");
    g_assert_cmpint (g_date_get_day (&read.start_date), ==, 29);
    g_assert_cmpint (g_date_get_month (&read.start_date), ==, G_DATE_FEBRUARY);
    g_assert_cmpint (g_date_get_year (&read.start_date), ==, 2028);
    g_assert_cmpfloat (read.hours_per_week, ==, 10.5);
    sdp_plan_choice_clear (&read);
  }
}

static void
test_tasks (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SdpStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) morning = at ("2026-11-24T07:30:00+01:00");
  g_autoptr(GHashTable) done = NULL;
  const char *day[] = { "w01-d2-t1", "w01-d2-t2", NULL };

  g_assert_true (sdp_store_set_task_done (store, "w01-d1-t1", TRUE, morning, &error));
  g_assert_true (sdp_store_set_tasks_done (store, day, TRUE, morning, &error));
  g_assert_no_error (error);
  g_assert_true (sdp_store_is_task_done (store, "w01-d1-t1"));
  g_assert_true (sdp_store_is_task_done (store, "w01-d2-t2"));

  /* Undo is checking it off again. */
  g_assert_true (sdp_store_set_task_done (store, "w01-d1-t1", FALSE, morning, &error));
  g_assert_false (sdp_store_is_task_done (store, "w01-d1-t1"));

  done = sdp_store_get_done_tasks (store);
  g_assert_cmpuint (g_hash_table_size (done), ==, 2);
  g_assert_true (g_hash_table_contains (done, "w01-d2-t1"));
}

static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdpStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = at ("2026-11-24T20:00:00Z");
  g_autoptr(GDateTime) end = at ("2026-11-24T20:45:00Z");
  g_autoptr(GDateTime) later = at ("2026-11-24T21:10:00Z");
  g_autoptr(GDateTime) too_long = at ("2026-11-26T21:10:00Z");
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 id;

  id = sdp_store_add_session (store, start, end, "phase-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* Ending before starting, or lasting days, is a mistake to refuse, not to record. */
  g_assert_cmpint (sdp_store_add_session (store, end, start, NULL, &error), ==, 0);
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sdp_store_add_session (store, start, too_long, NULL, &error), ==, 0);
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sdp_store_update_session (store, id, start, later, "phase-2", &error));
  g_assert_no_error (error);
  g_assert_false (sdp_store_update_session (store, id + 100, start, later, NULL, &error));
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  sessions = sdp_store_list_sessions (store);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (((SdpStudySession *) g_ptr_array_index (sessions, 0))->ended_at, ==,
                   g_date_time_to_unix (later));
  g_assert_cmpstr (((SdpStudySession *) g_ptr_array_index (sessions, 0))->subject, ==, "phase-2");

  g_assert_true (sdp_store_delete_session (store, id, &error));
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = sdp_store_list_sessions (store);
  g_assert_cmpuint (sessions->len, ==, 0);
}

/* Activity is counted on the reader's calendar day at the time: a session at 23:30 in Tokyo
 * belongs to that Tokyo day, whatever the UTC date and whatever zone the reader is in later. */
static void
test_daily_activity (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdpStore) store = NULL;
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GDateTime) start = at ("2026-11-24T23:30:00+09:00");
  g_autoptr(GDateTime) end = at ("2026-11-25T00:10:00+09:00");
  g_autoptr(GDateTime) task_time = at ("2026-11-24T15:00:00Z");
  SdpDayActivity *activity;

  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  tzset ();
  store = open_store (f);
  g_assert_cmpint (sdp_store_add_session (store, start, end, NULL, NULL), >, 0);
  g_assert_true (sdp_store_set_task_done (store, "w01-d1-t1", TRUE, task_time, NULL));
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();

  days = sdp_store_get_daily_activity (store);
  activity = g_hash_table_lookup (days, "2026-11-24");
  g_assert_nonnull (activity);
  g_assert_cmpint (activity->minutes, ==, 40);
  /* 15:00 UTC is already the 25th in Tokyo. */
  activity = g_hash_table_lookup (days, "2026-11-25");
  g_assert_nonnull (activity);
  g_assert_cmpint (activity->tasks, ==, 1);
  g_assert_cmpint (activity->minutes, ==, 0);
}

/* Every earlier schema version migrates forward with its data intact. */
static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  int from;

  for (from = 0; from < SDP_STORE_SCHEMA_VERSION; from++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) when = at ("2026-03-29T01:30:00+01:00");
      g_autoptr(GDateTime) end = at ("2026-03-29T03:30:00+02:00");

      g_unlink (f->path);
      {
        g_autoptr(SdpStore) old = sdp_store_open_at_version (f->path, from, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpint (sdp_store_get_schema_version (old), ==, from);
        if (from >= 1)
          {
            g_assert_true (sdp_store_set_task_done (old, "w02-d3-t1", TRUE, when, &error));
            /* Across the spring clock change: one hour of real time. */
            g_assert_cmpint (sdp_store_add_session (old, when, end, "phase-1", &error), >, 0);
            g_assert_no_error (error);
          }
      }
      {
        g_autoptr(SdpStore) store = open_store (f);
        g_autoptr(GPtrArray) sessions = sdp_store_list_sessions (store);

        g_assert_cmpint (sdp_store_get_schema_version (store), ==, SDP_STORE_SCHEMA_VERSION);
        if (from >= 1)
          {
            SdpStudySession *session = g_ptr_array_index (sessions, 0);

            g_assert_true (sdp_store_is_task_done (store, "w02-d3-t1"));
            g_assert_cmpuint (sessions->len, ==, 1);
            g_assert_cmpint (session->ended_at - session->started_at, ==, 3600);
          }
      }
    }
}

static void
write_bytes (const char *path,
             const char *bytes,
             gsize       length)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, bytes, (gssize) length, NULL));
}

/* A damaged file is moved aside untouched, a fresh database starts, and the caller learns
 * where the old file is. Nothing is deleted. */
static void
test_corrupt_random (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(SdpStore) store = NULL;
  char junk[8192];
  gsize kept_len = 0;
  guint i;

  for (i = 0; i < sizeof junk; i++)
    junk[i] = (char) g_test_rand_int_range (0, 256);
  write_bytes (f->path, junk, sizeof junk);

  store = sdp_store_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, f->path));
  g_assert_nonnull (strstr (moved, ".damaged-"));
  g_assert_true (g_file_get_contents (moved, &kept, &kept_len, NULL));
  g_assert_cmpmem (kept, kept_len, junk, sizeof junk);
  g_assert_cmpint (sdp_store_get_schema_version (store), ==, SDP_STORE_SCHEMA_VERSION);
}

static void
test_corrupt_truncated (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SdpStore) reopened = NULL;
  gsize length = 0;
  guint i;

  {
    g_autoptr(SdpStore) store = open_store (f);
    g_autoptr(GDateTime) when = at ("2026-11-24T10:00:00Z");

    for (i = 0; i < 2000; i++)
      {
        g_autofree char *id = g_strdup_printf ("task-%04u-with-a-long-id-to-fill-pages", i);

        g_assert_true (sdp_store_set_task_done (store, id, TRUE, when, NULL));
      }
  }
  /* Checkpoint happened on close; cut the file in the middle of a page. */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16384);
  write_bytes (f->path, contents, length / 2 + 100);

  reopened = sdp_store_open (f->path, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_false (sdp_store_is_task_done (reopened, "task-0001-with-a-long-id-to-fill-pages"));
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpStore) store = NULL;
  sqlite3 *db = NULL;

  {
    g_autoptr(SdpStore) created = open_store (f);
  }
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = sdp_store_open (f->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_TOO_NEW);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SdpStore) store = open_store (f);
  g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);
  g_autoptr(GError) error = NULL;
  static const char * const days[] = {
    "2026-11-20T09:00:00Z", "2026-11-21T09:00:00Z", "2026-11-22T09:00:00Z", "2026-11-23T09:00:00Z",
  };
  g_autofree char *newest = g_build_filename (backups, "progress-2026-11-23.db", NULL);
  g_autofree char *oldest = g_build_filename (backups, "progress-2026-11-20.db", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) when = at (days[i]);
      g_autofree char *task = g_strdup_printf ("t%u", i);

      g_assert_true (sdp_store_set_task_done (store, task, TRUE, when, NULL));
      g_assert_true (sdp_store_backup (store, backups, when, 3, &error));
      g_assert_no_error (error);
    }
  g_assert_false (g_file_test (oldest, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (newest, G_FILE_TEST_EXISTS));

  /* The backup is a complete database of its own. */
  {
    g_autoptr(SdpStore) copy = sdp_store_open (newest, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (sdp_store_is_task_done (copy, "t3"));
    g_assert_true (sdp_store_is_task_done (copy, "t0"));
  }
}

/* A child writes batches of five tasks in transactions and reports each commit; it is killed
 * at a random moment, over and over. Afterwards the database passes its integrity check, every
 * reported batch is there, and no batch is half there. */
static void
test_crash_consistency (Fixture       *f,
                        gconstpointer  data)
{
  guint round, committed_total = 0;
  guint rounds = g_test_thorough () ? 300 : 100;

  {
    g_autoptr(SdpStore) created = open_store (f);
  }

  for (round = 0; round < rounds; round++)
    {
      int fds[2];
      pid_t child;
      g_autoptr(GString) reported = g_string_new (NULL);
      char buffer[256];
      ssize_t n;

      g_assert_cmpint (pipe (fds), ==, 0);
      child = fork ();
      g_assert_cmpint (child, >=, 0);
      if (child == 0)
        {
          g_autoptr(SdpStore) store = NULL;
          g_autoptr(GDateTime) when = at ("2026-11-24T10:00:00Z");
          guint batch;

          close (fds[0]);
          store = sdp_store_open (f->path, NULL, NULL);
          for (batch = 0; store != NULL; batch++)
            {
              char *ids[6] = { NULL };
              char line[64];
              guint k;

              for (k = 0; k < 5; k++)
                ids[k] = g_strdup_printf ("r%u-b%u-t%u", round, batch, k);
              if (sdp_store_set_tasks_done (store, (const char * const *) ids, TRUE, when, NULL))
                {
                  int len = g_snprintf (line, sizeof line, "r%u-b%u\n", round, batch);

                  if (write (fds[1], line, len) != len)
                    _exit (1);
                }
              for (k = 0; k < 5; k++)
                g_free (ids[k]);
            }
          _exit (0);
        }

      close (fds[1]);
      g_usleep (g_test_rand_int_range (1000, 30000));
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
      while ((n = read (fds[0], buffer, sizeof buffer)) > 0)
        g_string_append_len (reported, buffer, n);
      close (fds[0]);

      {
        g_autoptr(SdpStore) store = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *moved = NULL;
        g_auto(GStrv) batches = g_strsplit (reported->str, "\n", -1);
        sqlite3 *db = NULL;
        sqlite3_stmt *stmt = NULL;
        guint b;

        /* Integrity first, on the raw file. */
        g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
        sqlite3_finalize (stmt);
        /* No half batch: every task count per batch is 0 or 5. */
        g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM (SELECT substr (task_id, 1, "
                                             "instr (task_id, '-t') - 1) AS batch, COUNT (*) AS n "
                                             "FROM task_done GROUP BY batch HAVING n != 5)", -1,
                                             &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
        sqlite3_finalize (stmt);
        sqlite3_close (db);

        store = sdp_store_open (f->path, &moved, &error);
        g_assert_no_error (error);
        g_assert_null (moved);
        for (b = 0; batches[b] != NULL; b++)
          {
            g_autofree char *task = NULL;

            if (*batches[b] == '\0')
              continue;
            task = g_strdup_printf ("%s-t4", batches[b]);
            if (!sdp_store_is_task_done (store, task))
              g_error ("committed batch %s is missing after a kill", batches[b]);
            committed_total++;
          }
      }
    }
  g_test_message ("%u rounds, %u committed batches checked", rounds, committed_total);
  g_assert_cmpuint (committed_total, >, 0);
}

/* Results go in and come back out as the scoring reads them, ratings included. */
static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdpStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpEvidence) quiz = sdp_evidence_new (SDP_EVIDENCE_QUIZ, "phase-1", SDP_DIFFICULTY_NONE, 0.8, 100);
  g_autoptr(SdpEvidence) mock = sdp_evidence_new (SDP_EVIDENCE_MOCK, "q-url-shortener", SDP_DIFFICULTY_EASY,
                                                  0.75, 200);
  g_autoptr(SdpEvidence) bad = sdp_evidence_new (SDP_EVIDENCE_MOCK, "q-x", SDP_DIFFICULTY_EASY, 0.5, 300);
  g_autoptr(GPtrArray) all = NULL;
  SdpEvidence *back;

  mock->ratings = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (mock->ratings, (char *) "trade-offs", GINT_TO_POINTER (3));
  g_hash_table_insert (mock->ratings, (char *) "deep-dive", GINT_TO_POINTER (4));
  g_assert_cmpint (sdp_store_add_evidence (store, quiz, &error), >, 0);
  g_assert_cmpint (sdp_store_add_evidence (store, mock, &error), >, 0);
  g_assert_no_error (error);

  /* A rating outside 1..4 is refused and the whole result with it. */
  bad->ratings = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (bad->ratings, (char *) "trade-offs", GINT_TO_POINTER (9));
  g_assert_cmpint (sdp_store_add_evidence (store, bad, &error), ==, 0);
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_DATABASE);

  all = sdp_store_list_evidence (store);
  g_assert_cmpuint (all->len, ==, 2);
  back = g_ptr_array_index (all, 1);
  g_assert_cmpint (back->kind, ==, SDP_EVIDENCE_MOCK);
  g_assert_cmpint (back->difficulty, ==, SDP_DIFFICULTY_EASY);
  g_assert_cmpstr (back->ref_id, ==, "q-url-shortener");
  g_assert_cmpfloat (back->score, ==, 0.75);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (back->ratings, "deep-dive")), ==, 4);
  g_assert_null (((SdpEvidence *) g_ptr_array_index (all, 0))->ratings);
}

/* A running timer is still there after closing and reopening (the app restarted). */
static void
test_timer (Fixture       *f,
            gconstpointer  data)
{
  SdpTimerState state = { 1000, 30, 0, (char *) "phase-1" };
  SdpTimerState read = { 0 };

  {
    g_autoptr(SdpStore) store = open_store (f);

    g_assert_false (sdp_store_get_timer (store, &read));
    g_assert_true (sdp_store_set_timer (store, &state, NULL));
  }
  {
    g_autoptr(SdpStore) store = open_store (f);

    g_assert_true (sdp_store_get_timer (store, &read));
    g_assert_cmpint (read.started_at, ==, 1000);
    g_assert_cmpint (read.paused_seconds, ==, 30);
    g_assert_cmpint (read.paused_at, ==, 0);
    g_assert_cmpstr (read.subject, ==, "phase-1");
    sdp_timer_state_clear (&read);
    g_assert_true (sdp_store_clear_timer (store, NULL));
    g_assert_false (sdp_store_get_timer (store, &read));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/fresh", test_fresh);
  ADD ("/store/plan", test_plan);
  ADD ("/store/tasks", test_tasks);
  ADD ("/store/sessions", test_sessions);
  ADD ("/store/daily-activity/time-zones", test_daily_activity);
  ADD ("/store/migrate/from-every-version", test_migrations);
  ADD ("/store/corrupt/random-bytes", test_corrupt_random);
  ADD ("/store/corrupt/truncated", test_corrupt_truncated);
  ADD ("/store/too-new", test_too_new);
  ADD ("/store/backup/rotation", test_backup);
  ADD ("/store/evidence", test_evidence);
  ADD ("/store/timer", test_timer);
  ADD ("/store/crash-consistency", test_crash_consistency);
#undef ADD

  return g_test_run ();
}

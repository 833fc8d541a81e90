/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "sdp-ics.h"
#include "sdp-plan.h"
#include "sdp-scoring.h"
#include "sdp-store.h"

static char *dir;
static guint counter;

static SdpStore *
new_store (void)
{
  g_autofree char *path = g_strdup_printf ("%s/store-%u.db", dir, counter++);
  g_autoptr(GError) error = NULL;
  SdpStore *store = sdp_store_open (path, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static GDateTime *
at (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static void
fill (SdpStore *store)
{
  g_autoptr(GDateTime) t1 = at ("2026-11-20T08:00:00Z");
  g_autoptr(GDateTime) t2 = at ("2026-11-20T09:30:00Z");
  g_autoptr(SdpEvidence) mock = sdp_evidence_new (SDP_EVIDENCE_MOCK, "q-url-shortener", SDP_DIFFICULTY_EASY, 0.75, 500);
  SdpPlanChoice plan = { (char *) "gold", { 0 }, 12 };

  g_date_clear (&plan.start_date, 1);
  g_date_set_dmy (&plan.start_date, 16, 11, 2026);
  g_assert_true (sdp_store_set_plan (store, &plan, NULL));
  g_assert_true (sdp_store_set_task_done (store, "w01-d1-t1", TRUE, t1, NULL));
  g_assert_true (sdp_store_set_task_done (store, "w01-d1-t2", TRUE, t2, NULL));
  g_assert_cmpint (sdp_store_add_session (store, t1, t2, "phase-1", NULL), >, 0);
  mock->ratings = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (mock->ratings, (char *) "trade-offs", GINT_TO_POINTER (3));
  g_assert_cmpint (sdp_store_add_evidence (store, mock, NULL), >, 0);
}

static char *
export (SdpStore *store)
{
  g_autoptr(GDateTime) now = at ("2026-11-24T12:00:00Z");

  return sdp_store_export_json (store, now);
}

static void
test_round_trip (void)
{
  g_autoptr(SdpStore) source = new_store ();
  g_autoptr(SdpStore) target = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(SdpProgressImport) import = NULL;
  SdpImportSummary summary;

  fill (source);
  json = export (source);
  import = sdp_progress_import_parse (json, -1, &error);
  g_assert_no_error (error);

  sdp_store_import_summary (target, import, TRUE, &summary);
  g_assert_cmpuint (summary.new_tasks, ==, 2);
  g_assert_cmpuint (summary.new_sessions, ==, 1);
  g_assert_cmpuint (summary.new_results, ==, 1);
  g_assert_cmpuint (summary.removed_tasks, ==, 0);
  g_assert_true (summary.plan_changes);

  g_assert_true (sdp_store_import (target, import, TRUE, &error));
  g_assert_no_error (error);
  again = export (target);
  g_assert_cmpstr (again, ==, json);
}

static void
test_merge (void)
{
  g_autoptr(SdpStore) source = new_store ();
  g_autoptr(SdpStore) target = new_store ();
  g_autoptr(GDateTime) t = at ("2026-11-21T08:00:00Z");
  g_autofree char *json = NULL;
  g_autoptr(SdpProgressImport) import = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SdpPlanChoice plan = { (char *) "bronze", { 0 }, 5 }, kept;
  SdpImportSummary summary;

  fill (source);
  json = export (source);
  import = sdp_progress_import_parse (json, -1, NULL);

  /* The target already has one of the tasks, another task of its own and its own plan. */
  g_date_clear (&plan.start_date, 1);
  g_date_set_dmy (&plan.start_date, 1, 12, 2026);
  g_assert_true (sdp_store_set_plan (target, &plan, NULL));
  g_assert_true (sdp_store_set_task_done (target, "w01-d1-t1", TRUE, t, NULL));
  g_assert_true (sdp_store_set_task_done (target, "w02-d1-t1", TRUE, t, NULL));

  sdp_store_import_summary (target, import, FALSE, &summary);
  g_assert_cmpuint (summary.new_tasks, ==, 1);
  g_assert_cmpuint (summary.new_sessions, ==, 1);
  g_assert_false (summary.plan_changes);

  g_assert_true (sdp_store_import (target, import, FALSE, NULL));
  g_assert_true (sdp_store_is_task_done (target, "w01-d1-t2"));
  g_assert_true (sdp_store_is_task_done (target, "w02-d1-t1"));
  g_assert_true (sdp_store_get_plan (target, &kept));
  g_assert_cmpstr (kept.path_id, ==, "bronze");
  sdp_plan_choice_clear (&kept);

  /* Merging the same file twice adds nothing more. */
  g_assert_true (sdp_store_import (target, import, FALSE, NULL));
  sessions = sdp_store_list_sessions (target);
  g_assert_cmpuint (sessions->len, ==, 1);
}

static void
test_refused (void)
{
  static const char * const bad[] = {
    "", "[]", "{\"app\": \"something.else\", \"format\": 1}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 2, \"plan\": null, \"tasks\": [], \"sessions\": [], \"results\": []}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": {}, \"sessions\": [], \"results\": []}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": [{\"task\": \"t\", \"done_at\": \"x\", \"day\": \"2026-01-01\"}], \"sessions\": [], \"results\": []}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": [{\"task\": \"t\", \"done_at\": 1, \"day\": \"yesterday\"}], \"sessions\": [], \"results\": []}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": [], \"sessions\": [{\"started_at\": 10, \"ended_at\": 5, \"day\": \"2026-01-01\", \"subject\": null}], \"results\": []}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": [], \"sessions\": [], \"results\": [{\"kind\": \"mock\", \"ref\": \"q\", \"difficulty\": \"easy\", \"score\": 7, \"recorded_at\": 1}]}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": null, \"tasks\": [], \"sessions\": [], \"results\": [{\"kind\": \"mock\", \"ref\": \"q\", \"difficulty\": \"easy\", \"score\": 0.5, \"recorded_at\": 1, \"ratings\": {\"x\": 9}}]}",
    "{\"app\": \"io.github.sdprep.SystemDesignPrep\", \"format\": 1, \"plan\": {\"path\": \"gold\", \"start_date\": \"2026-02-30\", \"hours_per_week\": 5}, \"tasks\": [], \"sessions\": [], \"results\": []}",
  };
  g_autoptr(SdpStore) store = new_store ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint i;

  fill (store);
  before = export (store);
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdpProgressImport) import = sdp_progress_import_parse (bad[i], -1, &error);

      if (import != NULL)
        g_error ("accepted: %s", bad[i]);
      g_assert_nonnull (error);
    }
  /* The newer-format message says what to do. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdpProgressImport) import = sdp_progress_import_parse (bad[3], -1, &error);

    g_assert_null (import);
    g_assert_nonnull (strstr (error->message, "newer version"));
  }
  after = export (store);
  g_assert_cmpstr (after, ==, before);
}

/* Damaged exports (bytes flipped, cut short) are refused or read, never a crash. */
static void
test_mutations (void)
{
  g_autoptr(SdpStore) store = new_store ();
  g_autofree char *json = NULL;
  gsize len;
  guint i;

  fill (store);
  json = export (store);
  len = strlen (json);
  for (i = 0; i < 2000; i++)
    {
      g_autofree char *copy = g_strdup (json);
      g_autoptr(SdpProgressImport) import = NULL;
      gsize cut = len;
      guint flips = g_test_rand_int_range (1, 4), f;

      for (f = 0; f < flips; f++)
        copy[g_test_rand_int_range (0, (int) len)] = (char) g_test_rand_int_range (1, 256);
      if (i % 3 == 0)
        cut = (gsize) g_test_rand_int_range (0, (int) len);
      import = sdp_progress_import_parse (copy, (gssize) cut, NULL);
    }
}

/* RFC 5545: CRLF lines of at most 75 octets, balanced blocks, the required properties. */
static void
test_ics (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (file, NULL);
  SdpPlanChoice choice = { (char *) "compressed", { 0 }, 30 };
  g_autoptr(SdpPlan) plan = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-24T12:00:00+01:00");
  g_autofree char *ics = NULL;
  g_auto(GStrv) lines = NULL;
  guint i, events = 0, uids = 0, stamps = 0, starts = 0, open = 0;
  g_autoptr(GString) unfolded = g_string_new (NULL);

  g_date_clear (&choice.start_date, 1);
  g_date_set_dmy (&choice.start_date, 30, 11, 2026);
  plan = sdp_plan_new (catalog, &choice, NULL);
  ics = sdp_ics_from_plan (plan, now);

  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_true (g_str_has_suffix (ics, "END:VCALENDAR\r\n"));
  lines = g_strsplit (ics, "\r\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      g_assert_null (strchr (line, '\n'));
      g_assert_cmpuint (strlen (line), <=, 75);
      g_assert_true (g_utf8_validate (line, -1, NULL));
      if (*line == ' ')
        {
          g_string_append (unfolded, line + 1);
          continue;
        }
      g_string_append_printf (unfolded, "\n%s", line);
      if (g_str_equal (line, "BEGIN:VEVENT"))
        {
          g_assert_cmpuint (open, ==, 0);
          open = 1;
          events++;
        }
      else if (g_str_equal (line, "END:VEVENT"))
        open = 0;
      uids += g_str_has_prefix (line, "UID:");
      stamps += g_str_equal (line, "DTSTAMP:20261124T110000Z");
      starts += g_str_has_prefix (line, "DTSTART;VALUE=DATE:2026");
    }
  g_assert_cmpuint (open, ==, 0);
  g_assert_cmpuint (events, ==, 24);
  g_assert_cmpuint (uids, ==, events);
  g_assert_cmpuint (stamps, ==, events);
  g_assert_cmpuint (starts, >, 0);
  /* Unfolded, the descriptions hold every task with escaped commas and newlines. */
  g_assert_nonnull (strstr (unfolded->str, "DTSTART;VALUE=DATE:20261130"));
  g_assert_nonnull (strstr (unfolded->str, "DESCRIPTION:- "));
  g_assert_nonnull (strstr (unfolded->str, " min)\\n- "));
}

static void
test_ics_escaping_and_folding (void)
{
  g_autofree char *escaped = sdp_ics_escape_text ("a,b;c\\d\ne");
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (escaped, ==, "a\\,b\\;c\\\\d\\ne");

  /* 80 two-byte characters: folds fall between characters, never inside one. */
  {
    g_autoptr(GString) line = g_string_new ("SUMMARY:");
    guint i;

    for (i = 0; i < 80; i++)
      g_string_append (line, "é");
    sdp_ics_append_line (out, line->str);
  }
  lines = g_strsplit (out->str, "\r\n", -1);
  g_assert_cmpuint (strlen (lines[0]), <=, 75);
  g_assert_true (g_utf8_validate (lines[0], -1, NULL));
  g_assert_true (lines[1][0] == ' ');
  g_assert_true (g_utf8_validate (lines[1], -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("sdp-io-XXXXXX", NULL);

  g_test_add_func ("/progress-io/round-trip", test_round_trip);
  g_test_add_func ("/progress-io/merge", test_merge);
  g_test_add_func ("/progress-io/refused", test_refused);
  g_test_add_func ("/progress-io/mutations", test_mutations);
  g_test_add_func ("/ics/plan", test_ics);
  g_test_add_func ("/ics/escaping-and-folding", test_ics_escaping_and_folding);

  status = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  g_free (dir);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sdp-scoring.h"

static SdpCatalog *catalog;
static SdpAssessment *assessment;

static GHashTable *
ratings_all (int value)
{
  GHashTable *ratings = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; i < sdp_assessment_get_n_axes (assessment); i++)
    g_hash_table_insert (ratings, (char *) sdp_assessment_get_axis (assessment, i, NULL, NULL),
                         GINT_TO_POINTER (value));
  return ratings;
}

static SdpEvidence *
mock (SdpDifficulty  difficulty,
      double         score,
      GHashTable    *ratings,
      gint64         when)
{
  SdpEvidence *e = sdp_evidence_new (SDP_EVIDENCE_MOCK, "q-test", difficulty, score, when);

  e->ratings = ratings;
  return e;
}

/* Every part at @p, with mocks whose ratings meet every gate: the score is 100 * p. */
static GPtrArray *
uniform_evidence (double p,
                  int    rating)
{
  GPtrArray *evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_evidence_free);
  GPtrArray *phases = sdp_catalog_get_phases (catalog);
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  guint i, j, k;

  for (i = 0; i < phases->len; i++)
    g_ptr_array_add (evidence, sdp_evidence_new (SDP_EVIDENCE_QUIZ,
                                                 ((SdpPhase *) g_ptr_array_index (phases, i))->id,
                                                 SDP_DIFFICULTY_NONE, p, 100));
  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      for (j = 0; j < week->days->len; j++)
        {
          const SdpDay *day = g_ptr_array_index (week->days, j);

          for (k = 0; k < day->tasks->len; k++)
            {
              const SdpTask *task = g_ptr_array_index (day->tasks, k);

              if (task->kind == SDP_TASK_EXERCISE)
                g_ptr_array_add (evidence, sdp_evidence_new (SDP_EVIDENCE_EXERCISE, task->id,
                                                             SDP_DIFFICULTY_NONE, p, 100));
            }
        }
    }
  for (i = 0; i < 10; i++)
    g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_HARD, p, ratings_all (rating), 200 + i));
  g_ptr_array_add (evidence, sdp_evidence_new (SDP_EVIDENCE_FINAL, "q-stock-exchange",
                                               SDP_DIFFICULTY_HARD, p, 300));
  return evidence;
}

static void
test_boundaries (void)
{
  static const struct { double p; const char *level; } cases[] = {
    { 0.5999, NULL }, { 0.60, "bronze" }, { 0.7499, "bronze" }, { 0.75, "silver" },
    { 0.8999, "silver" }, { 0.90, "gold" }, { 1.0, "gold" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) evidence = uniform_evidence (cases[i].p, 4);
      g_autoptr(SdpCertification) c = sdp_certification_compute (assessment, catalog, evidence);

      g_assert_cmpfloat_with_epsilon (c->score, cases[i].p * 100, 0.001);
      g_assert_cmpstr (c->level_id, ==, cases[i].level);
    }
}

static void
test_no_evidence (void)
{
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  g_autoptr(SdpCertification) c = sdp_certification_compute (assessment, catalog, evidence);

  g_assert_cmpfloat (c->score, ==, 0);
  g_assert_null (c->level_id);
  g_assert_cmpstr (c->next_level_title, ==, "Bronze");
  g_assert_cmpuint (c->missing->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (c->missing, 0), "60.00 more points"));
  g_assert_nonnull (strstr (g_ptr_array_index (c->missing, 1), "1 more easy mock interview"));
}

/* A high score without the interviews to match reaches no level. */
static void
test_missing_gates (void)
{
  g_autoptr(GPtrArray) evidence = uniform_evidence (0.95, 2);
  g_autoptr(SdpCertification) c = sdp_certification_compute (assessment, catalog, evidence);

  g_assert_cmpfloat_with_epsilon (c->score, 95, 0.001);
  g_assert_null (c->level_id);
  g_assert_cmpuint (c->missing->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (c->missing, 0), "easy mock"));
}

static void
test_gate_rules (void)
{
  g_autoptr(GPtrArray) evidence = uniform_evidence (0.80, 1);
  g_autoptr(SdpCertification) bronze_only = NULL;
  g_autoptr(SdpCertification) silver = NULL;
  g_autoptr(SdpCertification) not_hire = NULL;
  GHashTable *ratings;

  /* One Easy mock at 3.0 everywhere: Bronze's gate, not Silver's. */
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_EASY, 0.75, ratings_all (3), 50));
  bronze_only = sdp_certification_compute (assessment, catalog, evidence);
  g_assert_cmpstr (bronze_only->level_id, ==, "bronze");
  g_assert_cmpstr (bronze_only->next_level_title, ==, "Silver");

  /* Three Hard mocks at 3.0 with deep dive and trade-offs at 3 meet Silver's Medium gate. */
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_HARD, 0.75, ratings_all (3), 51));
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_HARD, 0.75, ratings_all (3), 52));
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_MEDIUM, 0.75, ratings_all (3), 53));
  silver = sdp_certification_compute (assessment, catalog, evidence);
  g_assert_cmpstr (silver->level_id, ==, "silver");

  /* "Hire" for Bronze means no axis at 1, whatever the weighted score. */
  g_ptr_array_set_size (evidence, 0);
  {
    g_autoptr(GPtrArray) base = uniform_evidence (0.70, 1);

    g_ptr_array_extend_and_steal (evidence, g_steal_pointer (&base));
  }
  ratings = ratings_all (4);
  g_hash_table_insert (ratings, (char *) "estimation", GINT_TO_POINTER (1));
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_EASY, 0.93, ratings, 60));
  g_assert_cmpfloat (sdp_assessment_weighted_rating (assessment, ratings), >, 2.8);
  not_hire = sdp_certification_compute (assessment, catalog, evidence);
  g_assert_null (not_hire->level_id);
}

static void
test_latest_and_window (void)
{
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_evidence_free);
  g_autoptr(SdpCertification) c = NULL;
  guint i;

  /* The latest attempt at a quiz counts, not the best. */
  g_ptr_array_add (evidence, sdp_evidence_new (SDP_EVIDENCE_QUIZ, "phase-1", 0, 0.9, 10));
  g_ptr_array_add (evidence, sdp_evidence_new (SDP_EVIDENCE_QUIZ, "phase-1", 0, 0.2, 20));
  /* Twelve mocks: the two oldest (perfect) fall out of the window of ten. */
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_EASY, 1.0, NULL, 1));
  g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_EASY, 1.0, NULL, 2));
  for (i = 0; i < 10; i++)
    g_ptr_array_add (evidence, mock (SDP_DIFFICULTY_EASY, 0.5, NULL, 100 + i));

  c = sdp_certification_compute (assessment, catalog, evidence);
  g_assert_cmpfloat_with_epsilon (c->parts[SDP_EVIDENCE_QUIZ], 0.2 / 7 * 100, 0.0001);
  g_assert_cmpfloat_with_epsilon (c->parts[SDP_EVIDENCE_MOCK], 50, 0.0001);
  g_assert_cmpfloat (c->parts[SDP_EVIDENCE_FINAL], ==, 0);
}

static void
test_rubric (void)
{
  g_autoptr(GHashTable) threes = ratings_all (3);
  double total = 0;
  guint i;

  g_assert_cmpuint (sdp_assessment_get_n_axes (assessment), ==, 8);
  for (i = 0; i < 8; i++)
    {
      double weight;

      sdp_assessment_get_axis (assessment, i, NULL, &weight);
      total += weight;
    }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sdp_assessment_weighted_rating (assessment, threes), 3.0, 1e-9);
}

static void
test_malformed_rules (void)
{
  static const char * const bad[] = {
    "[]", "{}", "{\"weights\": {\"quiz\": 0.5, \"exercise\": 0.2, \"mock\": 0.2, \"final\": 0.2},"
    " \"rubric\": [], \"levels\": []}", "{\"weights\": {}, \"rubric\": [], \"levels\": []}", "{",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdpAssessment) rules = sdp_assessment_new_from_data (bad[i], -1, &error);

      g_assert_null (rules);
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) program = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GFile) rules = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "assessment.json", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = sdp_catalog_new_from_file (program, &error);
  g_assert_no_error (error);
  assessment = sdp_assessment_new_from_file (rules, &error);
  g_assert_no_error (error);

  g_test_add_func ("/scoring/boundaries", test_boundaries);
  g_test_add_func ("/scoring/no-evidence", test_no_evidence);
  g_test_add_func ("/scoring/missing-gates", test_missing_gates);
  g_test_add_func ("/scoring/gate-rules", test_gate_rules);
  g_test_add_func ("/scoring/latest-and-window", test_latest_and_window);
  g_test_add_func ("/scoring/rubric", test_rubric);
  g_test_add_func ("/scoring/malformed-rules", test_malformed_rules);

  status = g_test_run ();
  sdp_assessment_free (assessment);
  g_object_unref (catalog);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-scoring.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

typedef struct
{
  char  *id;
  char  *title;
  double weight;
} Axis;

typedef struct
{
  char         *id;
  char         *title;
  double        min_score;
  guint         mocks;         /* how many qualifying mocks the gate needs */
  SdpDifficulty difficulty;    /* at least this hard */
  double        min_weighted;
  int           min_axis;      /* no axis below this */
  GHashTable   *axes;          /* axis id -> GINT_TO_POINTER (minimum rating) */
} Level;

struct _SdpAssessment
{
  double  weights[SDP_N_EVIDENCE_KINDS];
  guint   mock_window;
  GArray *axes;    /* Axis */
  GArray *levels;  /* Level, lowest first */
};

static const char * const kind_names[] = { "quiz", "exercise", "mock", "final" };
static const char * const difficulty_names[] = { "", "easy", "medium", "hard" };

const char *
sdp_evidence_kind_to_string (SdpEvidenceKind kind)
{
  g_return_val_if_fail (kind < SDP_N_EVIDENCE_KINDS, NULL);
  return kind_names[kind];
}

const char *
sdp_difficulty_to_string (SdpDifficulty difficulty)
{
  g_return_val_if_fail ((guint) difficulty < G_N_ELEMENTS (difficulty_names), NULL);
  return difficulty_names[difficulty];
}

static SdpDifficulty
difficulty_from_string (const char *name)
{
  guint i;

  for (i = 1; name != NULL && i < G_N_ELEMENTS (difficulty_names); i++)
    if (g_str_equal (name, difficulty_names[i]))
      return (SdpDifficulty) i;
  return SDP_DIFFICULTY_NONE;
}

static void
axis_clear (gpointer data)
{
  Axis *axis = data;

  g_free (axis->id);
  g_free (axis->title);
}

static void
level_clear (gpointer data)
{
  Level *level = data;

  g_free (level->id);
  g_free (level->title);
  g_clear_pointer (&level->axes, g_hash_table_unref);
}

void
sdp_assessment_free (SdpAssessment *assessment)
{
  if (assessment == NULL)
    return;
  g_array_unref (assessment->axes);
  g_array_unref (assessment->levels);
  g_free (assessment);
}

static gboolean
fail (GError    **error,
      const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "assessment.json: %s", what);
  return FALSE;
}

static gboolean
load (SdpAssessment  *self,
      JsonNode       *root,
      GError        **error)
{
  JsonObject *object, *weights;
  JsonArray *rubric, *levels;
  double total = 0;
  guint i;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "expected an object");
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "weights") || !json_object_has_member (object, "rubric") ||
      !json_object_has_member (object, "levels"))
    return fail (error, "weights, rubric and levels are required");

  weights = json_object_get_object_member (object, "weights");
  rubric = json_object_get_array_member (object, "rubric");
  levels = json_object_get_array_member (object, "levels");
  if (weights == NULL || rubric == NULL || levels == NULL)
    return fail (error, "weights must be an object, rubric and levels arrays");

  for (i = 0; i < SDP_N_EVIDENCE_KINDS; i++)
    {
      self->weights[i] = json_object_get_double_member_with_default (weights, kind_names[i], -1);
      if (self->weights[i] < 0)
        return fail (error, "every kind of evidence needs a weight");
      total += self->weights[i];
    }
  if (fabs (total - 1.0) > 1e-6)
    return fail (error, "the weights must add up to 1");
  self->mock_window = (guint) json_object_get_int_member_with_default (object, "mock_window", 10);

  for (i = 0; i < json_array_get_length (rubric); i++)
    {
      JsonObject *entry = json_array_get_object_element (rubric, i);
      Axis axis = { 0 };

      if (entry == NULL || !json_object_has_member (entry, "id"))
        return fail (error, "every rubric axis needs an id");
      axis.id = g_strdup (json_object_get_string_member (entry, "id"));
      axis.title = g_strdup (json_object_get_string_member_with_default (entry, "title", axis.id));
      axis.weight = json_object_get_double_member_with_default (entry, "weight", 0);
      g_array_append_val (self->axes, axis);
    }

  for (i = 0; i < json_array_get_length (levels); i++)
    {
      JsonObject *entry = json_array_get_object_element (levels, i);
      JsonObject *gate = entry != NULL ? json_object_get_object_member (entry, "gate") : NULL;
      JsonObject *axes;
      Level level = { 0 };
      GList *members, *l;

      if (entry == NULL || gate == NULL)
        return fail (error, "every level needs a gate");
      level.id = g_strdup (json_object_get_string_member (entry, "id"));
      level.title = g_strdup (json_object_get_string_member_with_default (entry, "title", level.id));
      level.min_score = json_object_get_double_member_with_default (entry, "min_score", 101);
      level.mocks = (guint) json_object_get_int_member_with_default (gate, "mocks", 0);
      level.difficulty = difficulty_from_string (json_object_get_string_member_with_default (gate, "difficulty", ""));
      level.min_weighted = json_object_get_double_member_with_default (gate, "min_weighted", 0);
      level.min_axis = (int) json_object_get_int_member_with_default (gate, "min_axis", 1);
      level.axes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      axes = json_object_get_object_member (gate, "axes");
      members = axes != NULL ? json_object_get_members (axes) : NULL;
      for (l = members; l != NULL; l = l->next)
        g_hash_table_insert (level.axes, g_strdup (l->data),
                             GINT_TO_POINTER ((int) json_object_get_int_member (axes, l->data)));
      g_list_free (members);
      g_array_append_val (self->levels, level);
      if (level.id == NULL)
        return fail (error, "every level needs an id");
    }
  return TRUE;
}

/**
 * sdp_assessment_new_from_data:
 * Returns: (transfer full) (nullable): the rules
 */
SdpAssessment *
sdp_assessment_new_from_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SdpAssessment *self;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  self = g_new0 (SdpAssessment, 1);
  self->axes = g_array_new (FALSE, TRUE, sizeof (Axis));
  g_array_set_clear_func (self->axes, axis_clear);
  self->levels = g_array_new (FALSE, TRUE, sizeof (Level));
  g_array_set_clear_func (self->levels, level_clear);
  if (!load (self, json_parser_get_root (parser), error))
    {
      sdp_assessment_free (self);
      return NULL;
    }
  return self;
}

SdpAssessment *
sdp_assessment_new_from_file (GFile   *file,
                              GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return sdp_assessment_new_from_data (contents, (gssize) length, error);
}

guint
sdp_assessment_get_n_axes (SdpAssessment *assessment)
{
  return assessment->axes->len;
}

/**
 * sdp_assessment_get_axis:
 * @title: (out) (optional): its title
 * @weight: (out) (optional): its weight
 *
 * Returns: the id of rubric axis @index
 */
const char *
sdp_assessment_get_axis (SdpAssessment  *assessment,
                         guint           index,
                         const char    **title,
                         double         *weight)
{
  const Axis *axis = &g_array_index (assessment->axes, Axis, index);

  if (title != NULL)
    *title = axis->title;
  if (weight != NULL)
    *weight = axis->weight;
  return axis->id;
}

/**
 * sdp_assessment_weighted_rating:
 * @ratings: axis id -> GINT_TO_POINTER (1..4); a missing axis counts as 1
 *
 * Returns: the weighted rubric rating, 1..4
 */
double
sdp_assessment_weighted_rating (SdpAssessment *assessment,
                                GHashTable    *ratings)
{
  double total = 0;
  guint i;

  for (i = 0; i < assessment->axes->len; i++)
    {
      const Axis *axis = &g_array_index (assessment->axes, Axis, i);
      int rating = ratings != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (ratings, axis->id)) : 0;

      total += axis->weight * CLAMP (rating, 1, 4);
    }
  return total;
}

SdpEvidence *
sdp_evidence_new (SdpEvidenceKind kind,
                  const char     *ref_id,
                  SdpDifficulty   difficulty,
                  double          score,
                  gint64          recorded_at)
{
  SdpEvidence *evidence = g_new0 (SdpEvidence, 1);

  evidence->kind = kind;
  evidence->ref_id = g_strdup (ref_id);
  evidence->difficulty = difficulty;
  evidence->score = CLAMP (score, 0.0, 1.0);
  evidence->recorded_at = recorded_at;
  return evidence;
}

void
sdp_evidence_free (SdpEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->ref_id);
  g_clear_pointer (&evidence->ratings, g_hash_table_unref);
  g_free (evidence);
}

void
sdp_certification_free (SdpCertification *certification)
{
  if (certification == NULL)
    return;
  g_free (certification->level_id);
  g_free (certification->level_title);
  g_free (certification->next_level_title);
  g_clear_pointer (&certification->missing, g_ptr_array_unref);
  g_free (certification);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const SdpEvidence *x = *(SdpEvidence * const *) a;
  const SdpEvidence *y = *(SdpEvidence * const *) b;

  return (y->recorded_at > x->recorded_at) - (y->recorded_at < x->recorded_at);
}

/* Latest score per reference (quiz per phase, exercise per task), averaged over all the
 * references the program has: what is not done yet counts as 0. */
static double
latest_average (GPtrArray       *sorted,
                SdpEvidenceKind  kind,
                guint            n_expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;
  guint i;

  if (n_expected == 0)
    return 0;
  for (i = 0; i < sorted->len; i++)
    {
      const SdpEvidence *e = g_ptr_array_index (sorted, i);

      if (e->kind != kind || g_hash_table_contains (seen, e->ref_id))
        continue;
      g_hash_table_add (seen, e->ref_id);
      total += e->score;
    }
  return MIN (1.0, total / n_expected);
}

static guint
count_exercise_tasks (SdpCatalog *catalog)
{
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  guint n = 0, i, j, k;

  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      for (j = 0; j < week->days->len; j++)
        {
          const SdpDay *day = g_ptr_array_index (week->days, j);

          for (k = 0; k < day->tasks->len; k++)
            n += ((SdpTask *) g_ptr_array_index (day->tasks, k))->kind == SDP_TASK_EXERCISE;
        }
    }
  return n;
}

/* Does this mock (or the final assessment, which counts as one) meet @level's gate? */
static gboolean
mock_qualifies (SdpAssessment     *assessment,
                const Level       *level,
                const SdpEvidence *e)
{
  GHashTableIter iter;
  gpointer axis, minimum;
  guint i;

  if ((e->kind != SDP_EVIDENCE_MOCK && e->kind != SDP_EVIDENCE_FINAL) || e->ratings == NULL)
    return FALSE;
  if (e->difficulty < level->difficulty)
    return FALSE;
  /* Compare the weighted rating as the reader sees it, to two decimals. */
  if (round (sdp_assessment_weighted_rating (assessment, e->ratings) * 100) <
      round (level->min_weighted * 100))
    return FALSE;

  for (i = 0; i < assessment->axes->len; i++)
    {
      const Axis *a = &g_array_index (assessment->axes, Axis, i);

      if (GPOINTER_TO_INT (g_hash_table_lookup (e->ratings, a->id)) < level->min_axis)
        return FALSE;
    }
  g_hash_table_iter_init (&iter, level->axes);
  while (g_hash_table_iter_next (&iter, &axis, &minimum))
    if (GPOINTER_TO_INT (g_hash_table_lookup (e->ratings, axis)) < GPOINTER_TO_INT (minimum))
      return FALSE;
  return TRUE;
}

static guint
qualifying_mocks (SdpAssessment *assessment,
                  const Level   *level,
                  GPtrArray     *evidence)
{
  guint n = 0, i;

  for (i = 0; i < evidence->len; i++)
    n += mock_qualifies (assessment, level, g_ptr_array_index (evidence, i));
  return n;
}

/**
 * sdp_certification_compute:
 * @evidence: (element-type SdpEvidence): everything recorded, in any order
 *
 * Returns: (transfer full): the score, its parts, the level reached and what the next one needs
 */
SdpCertification *
sdp_certification_compute (SdpAssessment *assessment,
                           SdpCatalog    *catalog,
                           GPtrArray     *evidence)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (evidence, NULL, NULL);
  SdpCertification *result = g_new0 (SdpCertification, 1);
  double mocks = 0, final = 0;
  guint n_mocks = 0, i;
  const Level *next = NULL;
  gboolean have_final = FALSE;
  int reached = -1;

  /* A copy takes the original's element free function: this one only borrows. */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, newest_first);

  result->parts[SDP_EVIDENCE_QUIZ] =
    latest_average (sorted, SDP_EVIDENCE_QUIZ, sdp_catalog_get_phases (catalog)->len);
  result->parts[SDP_EVIDENCE_EXERCISE] =
    latest_average (sorted, SDP_EVIDENCE_EXERCISE, count_exercise_tasks (catalog));

  for (i = 0; i < sorted->len; i++)
    {
      const SdpEvidence *e = g_ptr_array_index (sorted, i);

      if (e->kind == SDP_EVIDENCE_MOCK && n_mocks < assessment->mock_window)
        {
          mocks += e->score;
          n_mocks++;
        }
      else if (e->kind == SDP_EVIDENCE_FINAL && !have_final)
        {
          final = e->score;
          have_final = TRUE;
        }
    }
  result->parts[SDP_EVIDENCE_MOCK] = assessment->mock_window > 0 ? mocks / assessment->mock_window : 0;
  result->parts[SDP_EVIDENCE_FINAL] = final;

  for (i = 0; i < SDP_N_EVIDENCE_KINDS; i++)
    {
      result->score += assessment->weights[i] * result->parts[i] * 100;
      result->parts[i] *= 100;
    }
  /* Shown with two decimals; decide on what is shown, so 74.999... is not "75 %" yet Bronze. */
  result->score = round (result->score * 100) / 100;

  /* The highest level whose band the score reaches and whose gate is met. */
  for (i = 0; i < assessment->levels->len; i++)
    {
      const Level *level = &g_array_index (assessment->levels, Level, i);

      if (result->score >= level->min_score &&
          qualifying_mocks (assessment, level, evidence) >= level->mocks)
        reached = (int) i;
    }
  if (reached >= 0)
    {
      const Level *level = &g_array_index (assessment->levels, Level, reached);

      result->level_id = g_strdup (level->id);
      result->level_title = g_strdup (level->title);
    }
  if ((guint) (reached + 1) < assessment->levels->len)
    next = &g_array_index (assessment->levels, Level, reached + 1);

  result->missing = g_ptr_array_new_with_free_func (g_free);
  if (next != NULL)
    {
      guint have = qualifying_mocks (assessment, next, evidence);

      result->next_level_title = g_strdup (next->title);
      if (result->score < next->min_score)
        g_ptr_array_add (result->missing,
                         g_strdup_printf ("%.2f more points (%s starts at %.0f %%)",
                                          next->min_score - result->score, next->title,
                                          next->min_score));
      if (have < next->mocks)
        g_ptr_array_add (result->missing,
                         g_strdup_printf ("%u more %s mock interview%s rated %.1f or better "
                                          "(%u of %u so far)", next->mocks - have,
                                          difficulty_names[next->difficulty],
                                          next->mocks - have == 1 ? "" : "s",
                                          next->min_weighted, have, next->mocks));
    }
  return result;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Export and import of the user's records as JSON: everything in the store, so nothing is
 * locked in. An import is parsed and checked completely before anything changes; the caller
 * shows its summary; applying it is one transaction. */

#include "sdp-store.h"
#include "sdp-store-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sdp-scoring.h"

#define APP_ID "io.github.sdprep.SystemDesignPrep"

typedef struct
{
  char   *task_id;
  gint64  done_at;
  char   *day;
} TaskRow;

typedef struct
{
  gint64  started_at;
  gint64  ended_at;
  char   *day;
  char   *subject;
} SessionRow;

struct _SdpProgressImport
{
  GPtrArray     *tasks;     /* TaskRow */
  GPtrArray     *sessions;  /* SessionRow */
  GPtrArray     *results;   /* SdpEvidence */
  SdpPlanChoice  plan;
  gboolean       has_plan;
};

static void
task_row_free (gpointer data)
{
  TaskRow *row = data;

  g_free (row->task_id);
  g_free (row->day);
  g_free (row);
}

static void
session_row_free (gpointer data)
{
  SessionRow *row = data;

  g_free (row->day);
  g_free (row->subject);
  g_free (row);
}

void
sdp_progress_import_free (SdpProgressImport *import)
{
  if (import == NULL)
    return;
  g_ptr_array_unref (import->tasks);
  g_ptr_array_unref (import->sessions);
  g_ptr_array_unref (import->results);
  sdp_plan_choice_clear (&import->plan);
  g_free (import);
}

/* ---- export ---- */

/**
 * sdp_store_export_json:
 * Returns: (transfer full): every record, as a versioned JSON document
 */
char *
sdp_store_export_json (SdpStore  *self,
                       GDateTime *now)
{
  sqlite3 *db = sdp_store_get_db (self);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autoptr(GPtrArray) results = sdp_store_list_evidence (self);
  SdpPlanChoice plan;
  sqlite3_stmt *stmt = NULL;
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, SDP_PROGRESS_FORMAT);
  json_builder_set_member_name (b, "app");
  json_builder_add_string_value (b, APP_ID);
  json_builder_set_member_name (b, "exported_at");
  json_builder_add_string_value (b, stamp);

  json_builder_set_member_name (b, "plan");
  if (sdp_store_get_plan (self, &plan))
    {
      char date[16];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &plan.start_date);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, plan.path_id);
      json_builder_set_member_name (b, "start_date");
      json_builder_add_string_value (b, date);
      json_builder_set_member_name (b, "hours_per_week");
      json_builder_add_double_value (b, plan.hours_per_week);
      json_builder_end_object (b);
      sdp_plan_choice_clear (&plan);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "tasks");
  json_builder_begin_array (b);
  if (sqlite3_prepare_v2 (db, "SELECT task_id, done_at, local_day FROM task_done ORDER BY done_at, task_id",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "task");
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 0));
        json_builder_set_member_name (b, "done_at");
        json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 1));
        json_builder_set_member_name (b, "day");
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 2));
        json_builder_end_object (b);
      }
  sqlite3_finalize (stmt);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sessions");
  json_builder_begin_array (b);
  if (sqlite3_prepare_v2 (db, "SELECT started_at, ended_at, local_day, subject FROM study_session "
                          "ORDER BY started_at, id", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "started_at");
        json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 0));
        json_builder_set_member_name (b, "ended_at");
        json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 1));
        json_builder_set_member_name (b, "day");
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 2));
        json_builder_set_member_name (b, "subject");
        if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
          json_builder_add_null_value (b);
        else
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 3));
        json_builder_end_object (b);
      }
  sqlite3_finalize (stmt);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (i = 0; i < results->len; i++)
    {
      const SdpEvidence *e = g_ptr_array_index (results, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, sdp_evidence_kind_to_string (e->kind));
      json_builder_set_member_name (b, "ref");
      json_builder_add_string_value (b, e->ref_id);
      json_builder_set_member_name (b, "difficulty");
      if (e->difficulty == SDP_DIFFICULTY_NONE)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, sdp_difficulty_to_string (e->difficulty));
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, e->score);
      json_builder_set_member_name (b, "recorded_at");
      json_builder_add_int_value (b, e->recorded_at);
      json_builder_set_member_name (b, "ratings");
      json_builder_begin_object (b);
      if (e->ratings != NULL)
        {
          g_autoptr(GList) axes = g_list_sort (g_hash_table_get_keys (e->ratings), (GCompareFunc) g_strcmp0);

          for (GList *l = axes; l != NULL; l = l->next)
            {
              json_builder_set_member_name (b, l->data);
              json_builder_add_int_value (b, GPOINTER_TO_INT (g_hash_table_lookup (e->ratings, l->data)));
            }
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* ---- import: parse and check everything first ---- */

static gboolean G_GNUC_PRINTF (3, 4)
bad (GError    **error,
     const char *where,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", where, message);
  return FALSE;
}

static const char *
get_string (JsonObject *o,
            const char *key,
            gboolean    nullable,
            const char *where,
            GError    **error)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node))
    return "";
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, where, "“%s” must be a string", key), NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *o,
         const char *key,
         gint64      min,
         gint64      max,
         gint64     *out,
         const char *where,
         GError    **error)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (error, where, "“%s” must be an integer", key);
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return bad (error, where, "“%s” is out of range", key);
  return TRUE;
}

static gboolean
valid_day (const char *day)
{
  GDate date;

  g_date_clear (&date, 1);
  if (strlen (day) != 10)
    return FALSE;
  g_date_set_parse (&date, day);
  return g_date_valid (&date);
}

static JsonArray *
get_array (JsonObject *root,
           const char *key,
           GError    **error)
{
  JsonNode *node = json_object_get_member (root, key);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return bad (error, key, "must be an array"), NULL;
  return json_node_get_array (node);
}

#define MAX_TIME G_GINT64_CONSTANT (253402300799) /* 9999-12-31 */

static gboolean
parse_tasks (SdpProgressImport *import,
             JsonArray         *array,
             GError           **error)
{
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("tasks[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id, *day;
      TaskRow *row;
      gint64 done_at;

      if (o == NULL)
        return bad (error, where, "must be an object");
      if ((id = get_string (o, "task", FALSE, where, error)) == NULL ||
          !get_int (o, "done_at", 0, MAX_TIME, &done_at, where, error) ||
          (day = get_string (o, "day", FALSE, where, error)) == NULL)
        return FALSE;
      if (*id == '\0' || !valid_day (day))
        return bad (error, where, "needs a task id and a day as YYYY-MM-DD");
      row = g_new0 (TaskRow, 1);
      row->task_id = g_strdup (id);
      row->done_at = done_at;
      row->day = g_strdup (day);
      g_ptr_array_add (import->tasks, row);
    }
  return TRUE;
}

static gboolean
parse_sessions (SdpProgressImport *import,
                JsonArray         *array,
                GError           **error)
{
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("sessions[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *day, *subject;
      gint64 started, ended;
      SessionRow *row;

      if (o == NULL)
        return bad (error, where, "must be an object");
      if (!get_int (o, "started_at", 0, MAX_TIME, &started, where, error) ||
          !get_int (o, "ended_at", 0, MAX_TIME, &ended, where, error) ||
          (day = get_string (o, "day", FALSE, where, error)) == NULL ||
          (subject = get_string (o, "subject", TRUE, where, error)) == NULL)
        return FALSE;
      if (ended < started || ended - started > 24 * 3600 || !valid_day (day))
        return bad (error, where, "is not a possible study session");
      row = g_new0 (SessionRow, 1);
      row->started_at = started;
      row->ended_at = ended;
      row->day = g_strdup (day);
      row->subject = *subject != '\0' ? g_strdup (subject) : NULL;
      g_ptr_array_add (import->sessions, row);
    }
  return TRUE;
}

static gboolean
parse_results (SdpProgressImport *import,
               JsonArray         *array,
               GError           **error)
{
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("results[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *score_node, *ratings_node;
      const char *kind, *ref, *difficulty;
      SdpEvidenceKind k;
      SdpDifficulty d = SDP_DIFFICULTY_NONE;
      SdpEvidence *e;
      gint64 recorded;
      double score;

      if (o == NULL)
        return bad (error, where, "must be an object");
      if ((kind = get_string (o, "kind", FALSE, where, error)) == NULL ||
          (ref = get_string (o, "ref", FALSE, where, error)) == NULL ||
          (difficulty = get_string (o, "difficulty", TRUE, where, error)) == NULL ||
          !get_int (o, "recorded_at", 0, MAX_TIME, &recorded, where, error))
        return FALSE;

      for (k = 0; k < SDP_N_EVIDENCE_KINDS; k++)
        if (g_str_equal (kind, sdp_evidence_kind_to_string (k)))
          break;
      if (k == SDP_N_EVIDENCE_KINDS)
        return bad (error, where, "unknown kind “%s”", kind);
      if (*difficulty != '\0')
        {
          for (d = SDP_DIFFICULTY_EASY; d <= SDP_DIFFICULTY_HARD; d++)
            if (g_str_equal (difficulty, sdp_difficulty_to_string (d)))
              break;
          if (d > SDP_DIFFICULTY_HARD)
            return bad (error, where, "unknown difficulty “%s”", difficulty);
        }

      score_node = json_object_get_member (o, "score");
      if (score_node == NULL || !JSON_NODE_HOLDS_VALUE (score_node) ||
          (json_node_get_value_type (score_node) != G_TYPE_DOUBLE &&
           json_node_get_value_type (score_node) != G_TYPE_INT64))
        return bad (error, where, "“score” must be a number");
      score = json_node_get_double (score_node);
      if (!(score >= 0 && score <= 1))
        return bad (error, where, "“score” must be between 0 and 1");

      e = sdp_evidence_new (k, ref, d, score, recorded);
      g_ptr_array_add (import->results, e);

      ratings_node = json_object_get_member (o, "ratings");
      if (ratings_node != NULL && JSON_NODE_HOLDS_OBJECT (ratings_node))
        {
          JsonObject *ratings = json_node_get_object (ratings_node);
          g_autoptr(GList) axes = json_object_get_members (ratings);

          for (GList *l = axes; l != NULL; l = l->next)
            {
              gint64 rating;

              if (!get_int (ratings, l->data, 1, 4, &rating, where, error))
                return FALSE;
              if (e->ratings == NULL)
                e->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              g_hash_table_insert (e->ratings, g_strdup (l->data), GINT_TO_POINTER ((int) rating));
            }
        }
      else if (ratings_node != NULL && !JSON_NODE_HOLDS_NULL (ratings_node))
        return bad (error, where, "“ratings” must be an object");
    }
  return TRUE;
}

/**
 * sdp_progress_import_parse:
 *
 * Reads an exported file completely and checks every value. A file from a newer version of
 * the app, or one that is malformed anywhere, is refused with a message saying where.
 *
 * Returns: (transfer full) (nullable): the records to import
 */
SdpProgressImport *
sdp_progress_import_parse (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SdpProgressImport) import = g_new0 (SdpProgressImport, 1);
  JsonObject *root;
  JsonNode *plan;
  JsonArray *array;
  gint64 format;

  import->tasks = g_ptr_array_new_with_free_func (task_row_free);
  import->sessions = g_ptr_array_new_with_free_func (session_row_free);
  import->results = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_evidence_free);

  if (!json_parser_load_from_data (parser, data, length, error))
    {
      g_prefix_error (error, "Not a progress file: ");
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return bad (error, "file", "not a progress file"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));

  if (g_strcmp0 (json_object_get_string_member_with_default (root, "app", ""), APP_ID) != 0)
    return bad (error, "file", "not a System Design Prep progress file"), NULL;
  if (!get_int (root, "format", 1, G_MAXINT, &format, "file", error))
    return NULL;
  if (format > SDP_PROGRESS_FORMAT)
    return bad (error, "file", "it was exported by a newer version of the app (format %" G_GINT64_FORMAT
                "); update the app to import it", format), NULL;

  plan = json_object_get_member (root, "plan");
  if (plan != NULL && JSON_NODE_HOLDS_OBJECT (plan))
    {
      JsonObject *o = json_node_get_object (plan);
      JsonNode *hours = json_object_get_member (o, "hours_per_week");
      const char *path, *start;

      if ((path = get_string (o, "path", FALSE, "plan", error)) == NULL ||
          (start = get_string (o, "start_date", FALSE, "plan", error)) == NULL)
        return NULL;
      if (!valid_day (start) || hours == NULL || !JSON_NODE_HOLDS_VALUE (hours) ||
          json_node_get_double (hours) <= 0 || json_node_get_double (hours) > 168)
        return bad (error, "plan", "needs a start date and hours per week"), NULL;
      import->plan.path_id = g_strdup (path);
      g_date_clear (&import->plan.start_date, 1);
      g_date_set_parse (&import->plan.start_date, start);
      import->plan.hours_per_week = json_node_get_double (hours);
      import->has_plan = TRUE;
    }
  else if (plan != NULL && !JSON_NODE_HOLDS_NULL (plan))
    return bad (error, "plan", "must be an object or null"), NULL;

  if ((array = get_array (root, "tasks", error)) == NULL || !parse_tasks (import, array, error) ||
      (array = get_array (root, "sessions", error)) == NULL || !parse_sessions (import, array, error) ||
      (array = get_array (root, "results", error)) == NULL || !parse_results (import, array, error))
    return NULL;

  return g_steal_pointer (&import);
}

/* ---- summary and apply ---- */

static gboolean
row_exists (sqlite3    *db,
            const char *sql,
            const char *text,
            gint64      a,
            gint64      b)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists = FALSE;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      int n = 1;

      if (text != NULL)
        sqlite3_bind_text (stmt, n++, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, n++, a);
      if (b >= 0)
        sqlite3_bind_int64 (stmt, n, b);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return exists;
}

#define TASK_EXISTS    "SELECT 1 FROM task_done WHERE task_id = ? AND ? >= 0"
#define SESSION_EXISTS "SELECT 1 FROM study_session WHERE started_at = ? AND ended_at = ?"
#define RESULT_EXISTS  "SELECT 1 FROM evidence WHERE kind || ':' || ref_id = ? AND recorded_at = ?"

static int
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/**
 * sdp_store_import_summary:
 * @replace: %TRUE to replace every record, %FALSE to add what is missing
 *
 * What the import would change, to show before it happens.
 */
void
sdp_store_import_summary (SdpStore          *self,
                          SdpProgressImport *import,
                          gboolean           replace,
                          SdpImportSummary  *summary)
{
  sqlite3 *db = sdp_store_get_db (self);
  SdpPlanChoice current;
  gboolean has_current = sdp_store_get_plan (self, &current);
  guint i;

  memset (summary, 0, sizeof *summary);
  if (replace)
    {
      summary->new_tasks = import->tasks->len;
      summary->new_sessions = import->sessions->len;
      summary->new_results = import->results->len;
      summary->removed_tasks = count (db, "SELECT COUNT (*) FROM task_done");
      summary->removed_sessions = count (db, "SELECT COUNT (*) FROM study_session");
      summary->removed_results = count (db, "SELECT COUNT (*) FROM evidence");
      summary->plan_changes = import->has_plan || has_current;
    }
  else
    {
      for (i = 0; i < import->tasks->len; i++)
        summary->new_tasks += !row_exists (db, TASK_EXISTS, ((TaskRow *) g_ptr_array_index (import->tasks, i))->task_id, 0, -1);
      for (i = 0; i < import->sessions->len; i++)
        {
          SessionRow *row = g_ptr_array_index (import->sessions, i);

          summary->new_sessions += !row_exists (db, SESSION_EXISTS, NULL, row->started_at, row->ended_at);
        }
      for (i = 0; i < import->results->len; i++)
        {
          SdpEvidence *e = g_ptr_array_index (import->results, i);
          g_autofree char *key = g_strdup_printf ("%s:%s", sdp_evidence_kind_to_string (e->kind), e->ref_id);

          summary->new_results += !row_exists (db, RESULT_EXISTS, key, e->recorded_at, -1);
        }
      /* Merging keeps the current plan; it only takes the imported one when there is none. */
      summary->plan_changes = import->has_plan && !has_current;
    }
  if (has_current)
    sdp_plan_choice_clear (&current);
}

static gboolean
run (sqlite3     *db,
     const char  *sql,
     GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_DATABASE, "Import failed: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
failed (sqlite3  *db,
        GError  **error)
{
  g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_DATABASE, "Import failed: %s", sqlite3_errmsg (db));
  return FALSE;
}

/* Runs SQL built with sqlite3_mprintf (whose %Q quotes values safely) and frees it. */
static gboolean
run_owned (sqlite3  *db,
           char     *sql,
           GError  **error)
{
  gboolean ok = run (db, sql, error);

  sqlite3_free (sql);
  return ok;
}

static gboolean
insert_rows (SdpStore           *self,
             SdpProgressImport  *import,
             GError            **error)
{
  sqlite3 *db = sdp_store_get_db (self);
  sqlite3_stmt *stmt = NULL;
  guint i;

  if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO task_done (task_id, done_at, local_day) VALUES (?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return failed (db, error);
  for (i = 0; i < import->tasks->len; i++)
    {
      TaskRow *row = g_ptr_array_index (import->tasks, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, row->task_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, row->done_at);
      sqlite3_bind_text (stmt, 3, row->day, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return failed (db, error);
        }
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, "INSERT INTO study_session (started_at, ended_at, local_day, subject) "
                          "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM study_session WHERE "
                          "started_at = ?1 AND ended_at = ?2)", -1, &stmt, NULL) != SQLITE_OK)
    return failed (db, error);
  for (i = 0; i < import->sessions->len; i++)
    {
      SessionRow *row = g_ptr_array_index (import->sessions, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, row->started_at);
      sqlite3_bind_int64 (stmt, 2, row->ended_at);
      sqlite3_bind_text (stmt, 3, row->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->subject, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return failed (db, error);
        }
    }
  sqlite3_finalize (stmt);

  for (i = 0; i < import->results->len; i++)
    {
      SdpEvidence *e = g_ptr_array_index (import->results, i);
      g_autofree char *key = g_strdup_printf ("%s:%s", sdp_evidence_kind_to_string (e->kind), e->ref_id);

      if (row_exists (db, RESULT_EXISTS, key, e->recorded_at, -1))
        continue;
      if (sqlite3_prepare_v2 (db, "INSERT INTO evidence (kind, ref_id, difficulty, score, recorded_at) "
                              "VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
        return failed (db, error);
      sqlite3_bind_text (stmt, 1, sdp_evidence_kind_to_string (e->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, e->ref_id, -1, SQLITE_STATIC);
      if (e->difficulty != SDP_DIFFICULTY_NONE)
        sqlite3_bind_text (stmt, 3, sdp_difficulty_to_string (e->difficulty), -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 4, e->score);
      sqlite3_bind_int64 (stmt, 5, e->recorded_at);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return failed (db, error);
        }
      sqlite3_finalize (stmt);
      if (e->ratings != NULL)
        {
          gint64 id = sqlite3_last_insert_rowid (db);
          GHashTableIter iter;
          gpointer axis, rating;

          g_hash_table_iter_init (&iter, e->ratings);
          while (g_hash_table_iter_next (&iter, &axis, &rating))
            if (!run_owned (db, sqlite3_mprintf ("INSERT INTO mock_rating VALUES (%lld, %Q, %d)",
                                                 (long long) id, (char *) axis,
                                                 GPOINTER_TO_INT (rating)), error))
              return FALSE;
        }
    }
  return TRUE;
}

/**
 * sdp_store_import:
 * @replace: %TRUE: the file's records replace all current ones; %FALSE: they are added to them
 *
 * All or nothing: on any failure the records are as they were.
 */
gboolean
sdp_store_import (SdpStore           *self,
                  SdpProgressImport  *import,
                  gboolean            replace,
                  GError            **error)
{
  sqlite3 *db = sdp_store_get_db (self);
  SdpPlanChoice current;
  gboolean has_current;

  if (!run (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (replace &&
      (!run (db, "DELETE FROM task_done", error) || !run (db, "DELETE FROM study_session", error) ||
       !run (db, "DELETE FROM evidence", error) || !run (db, "DELETE FROM plan", error)))
    goto fail;
  if (!insert_rows (self, import, error))
    goto fail;

  has_current = !replace && sdp_store_get_plan (self, &current);
  if (has_current)
    sdp_plan_choice_clear (&current);
  else if (import->has_plan)
    {
      char date[16];

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &import->plan.start_date);
      if (!run_owned (db, sqlite3_mprintf ("INSERT OR REPLACE INTO plan (id, path_id, start_date, "
                                           "hours_per_week) VALUES (1, %Q, %Q, %f)",
                                           import->plan.path_id, date, import->plan.hours_per_week),
                      error))
        goto fail;
    }

  if (!run (db, "COMMIT", error))
    goto fail;
  sdp_store_emit_changed (self);
  return TRUE;

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

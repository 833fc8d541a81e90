/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-store.h"
#include "sdp-store-private.h"

#include <glib/gstdio.h>

#include "sdp-scoring.h"
#include <sqlite3.h>
#include <string.h>

struct _SdpStore
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SdpStore, sdp_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (sdp-store-error-quark, sdp_store_error)

/* Schema changes are numbered steps, applied in order inside one transaction each; a database
 * at version N gets steps N+1... A step is never edited once released: add a new one. */
static const char * const migrations[] = {
  /* 1: the plan, finished tasks, study sessions. Times are Unix seconds; local_day is the
   * reader's calendar day when it happened, so a later change of time zone rewrites nothing. */
  "CREATE TABLE plan ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  path_id TEXT NOT NULL,"
  "  start_date TEXT NOT NULL,"
  "  hours_per_week REAL NOT NULL CHECK (hours_per_week > 0));"
  "CREATE TABLE task_done ("
  "  task_id TEXT PRIMARY KEY,"
  "  done_at INTEGER NOT NULL,"
  "  local_day TEXT NOT NULL);"
  "CREATE TABLE study_session ("
  "  id INTEGER PRIMARY KEY,"
  "  started_at INTEGER NOT NULL,"
  "  ended_at INTEGER NOT NULL CHECK (ended_at >= started_at),"
  "  local_day TEXT NOT NULL,"
  "  subject TEXT);"
  "CREATE INDEX study_session_day ON study_session (local_day);",

  /* 2: evidence for certification (quizzes, exercises, mock interviews, the final assessment),
   * and the rubric ratings of each mock. */
  "CREATE TABLE evidence ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'exercise', 'mock', 'final')),"
  "  ref_id TEXT NOT NULL,"
  "  difficulty TEXT CHECK (difficulty IN ('easy', 'medium', 'hard')),"
  "  score REAL NOT NULL CHECK (score >= 0 AND score <= 1),"
  "  recorded_at INTEGER NOT NULL);"
  "CREATE TABLE mock_rating ("
  "  evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,"
  "  axis TEXT NOT NULL,"
  "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),"
  "  PRIMARY KEY (evidence_id, axis));",

  /* 3: a running study timer survives a restart. */
  "CREATE TABLE running_timer ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  started_at INTEGER NOT NULL,"
  "  paused_seconds INTEGER NOT NULL DEFAULT 0,"
  "  paused_at INTEGER,"
  "  subject TEXT);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SDP_STORE_SCHEMA_VERSION);

static gboolean
db_error (sqlite3     *db,
          const char  *what,
          GError     **error)
{
  g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_DATABASE, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
exec (SdpStore    *self,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self->db, what, error);
  return TRUE;
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int         fallback)
{
  sqlite3_stmt *stmt = NULL;
  int value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
sdp_store_finalize (GObject *object)
{
  SdpStore *self = SDP_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (sdp_store_parent_class)->finalize (object);
}

static void
sdp_store_class_init (SdpStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sdp_store_finalize;

  /**
   * SdpStore::changed:
   *
   * Something recorded changed; views refresh what they show.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sdp_store_init (SdpStore *self)
{
}

static void
emit_changed (SdpStore *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * sdp_store_migrate_to:
 * @version: the schema version to reach, at most %SDP_STORE_SCHEMA_VERSION
 *
 * Applies the numbered steps above the current version, each in its own transaction. Tests use
 * it to build databases as earlier versions of the app left them.
 */
gboolean
sdp_store_migrate_to (SdpStore  *self,
                      int        version,
                      GError   **error)
{
  int current;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);
  g_return_val_if_fail (version >= 0 && version <= SDP_STORE_SCHEMA_VERSION, FALSE);

  for (current = sdp_store_get_schema_version (self); current < version; current++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", current + 1);
      g_autofree char *what = g_strdup_printf ("Cannot update the progress database to version %d",
                                               current + 1);

      if (!exec (self, "BEGIN IMMEDIATE", what, error))
        return FALSE;
      if (!exec (self, migrations[current], what, error) || !exec (self, bump, what, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", what, error))
        return FALSE;
    }
  return TRUE;
}

int
sdp_store_get_schema_version (SdpStore *self)
{
  g_return_val_if_fail (SDP_IS_STORE (self), -1);
  return query_int (self->db, "PRAGMA user_version", -1);
}

/* Renames a damaged database (and its WAL files) to "<name>.damaged-<timestamp>". */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", path, stamp);
  const char *suffixes[] = { "-wal", "-shm" };
  guint i;

  if (g_rename (path, target) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "The damaged progress database could not be moved aside: %s", g_strerror (saved));
      return NULL;
    }
  for (i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return g_steal_pointer (&target);
}

/* NULL when the file is sound; otherwise why not. */
static char *
check_integrity (const char *path)
{
  sqlite3 *db = NULL;
  char *problem = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    problem = g_strdup (db != NULL ? sqlite3_errmsg (db) : "cannot be opened");
  else
    {
      g_autofree char *result = query_text (db, "PRAGMA integrity_check");

      if (result == NULL)
        problem = g_strdup (sqlite3_errmsg (db));
      else if (!g_str_equal (result, "ok"))
        problem = g_steal_pointer (&result);
    }
  sqlite3_close (db);
  return problem;
}

/**
 * sdp_store_open:
 * @path: the database file; created (with its folder) if missing
 * @moved_aside: (out) (optional) (nullable): where a damaged database was moved, if it was
 *
 * Returns: (transfer full) (nullable): the store, at the current schema version
 */
SdpStore *
sdp_store_open (const char  *path,
                char       **moved_aside,
                GError     **error)
{
  return sdp_store_open_at_version (path, SDP_STORE_SCHEMA_VERSION, moved_aside, error);
}

/**
 * sdp_store_open_at_version:
 * @version: the schema version to migrate to; tests use earlier ones to make databases as
 *   earlier releases left them
 *
 * Returns: (transfer full) (nullable): the store
 */
SdpStore *
sdp_store_open_at_version (const char  *path,
                           int          target_version,
                           char       **moved_aside,
                           GError     **error)
{
  g_autoptr(SdpStore) self = g_object_new (SDP_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int version;

  if (moved_aside != NULL)
    *moved_aside = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *problem = check_integrity (path);

      if (problem != NULL)
        {
          /* The caller tells the reader (and the log) where the old file went. */
          char *target = move_aside (path, error);

          g_debug ("The progress database %s is damaged (%s)", path, problem);
          if (target == NULL)
            return NULL;
          if (moved_aside != NULL)
            *moved_aside = target;
          else
            g_free (target);
        }
    }

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    return db_error (self->db, "Cannot open the progress database", error), NULL;

  sqlite3_busy_timeout (self->db, 2000);
  if (!exec (self, "PRAGMA journal_mode = WAL", "Cannot set up the progress database", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", "Cannot set up the progress database", error) ||
      /* FULL: a commit is on disk when it returns, even across a power cut. Writes are
       * single clicks, so the fsync per commit costs nothing a person notices. */
      !exec (self, "PRAGMA synchronous = FULL", "Cannot set up the progress database", error))
    return NULL;

  version = sdp_store_get_schema_version (self);
  if (version > SDP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_TOO_NEW,
                   "The progress database was written by a newer version of the app (schema %d; "
                   "this version knows up to %d). It was left untouched.",
                   version, SDP_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (!sdp_store_migrate_to (self, MAX (version, target_version), error))
    return NULL;

  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sdp_store_backup:
 * @now: the time to name the backup after
 * @keep: how many backups to keep; older ones are deleted
 *
 * Copies the live database with SQLite's online backup API into
 * `backup_dir/progress-YYYY-MM-DD.db` (one per day), then removes the oldest beyond @keep.
 */
gboolean
sdp_store_backup (SdpStore    *self,
                  const char  *backup_dir,
                  GDateTime   *now,
                  guint        keep,
                  GError     **error)
{
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("progress-%s.db", day);
  g_autofree char *target = g_build_filename (backup_dir, name, NULL);
  g_autofree char *partial = g_strconcat (target, ".partial", NULL);
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  const char *entry;
  int rc;
  guint i;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   backup_dir, g_strerror (saved));
      return FALSE;
    }

  /* Write beside the target and rename: a backup is either whole or absent. */
  g_unlink (partial);
  if (sqlite3_open (partial, &copy) != SQLITE_OK)
    {
      db_error (copy, "Cannot create the backup", error);
      sqlite3_close (copy);
      return FALSE;
    }
  backup = sqlite3_backup_init (copy, "main", self->db, "main");
  if (backup == NULL)
    {
      db_error (copy, "Cannot back up the progress database", error);
      sqlite3_close (copy);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      db_error (copy, "Cannot back up the progress database", error);
      sqlite3_close (copy);
      g_unlink (partial);
      return FALSE;
    }
  sqlite3_close (copy);
  if (g_rename (partial, target) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot finish the backup: %s",
                   g_strerror (saved));
      return FALSE;
    }

  /* Names sort by date: drop the oldest beyond @keep. */
  dir = g_dir_open (backup_dir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, "progress-") && g_str_has_suffix (entry, ".db"))
      g_ptr_array_add (backups, g_strdup (entry));
  g_ptr_array_sort (backups, compare_names);
  for (i = 0; backups->len > keep && i < backups->len - keep; i++)
    {
      g_autofree char *old = g_build_filename (backup_dir, g_ptr_array_index (backups, i), NULL);

      g_unlink (old);
    }
  return TRUE;
}

gboolean
sdp_store_set_plan (SdpStore             *self,
                    const SdpPlanChoice  *plan,
                    GError              **error)
{
  sqlite3_stmt *stmt = NULL;
  char date[16];
  int rc;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL && plan->path_id != NULL, FALSE);

  if (!g_date_valid (&plan->start_date) || plan->hours_per_week <= 0)
    {
      g_set_error_literal (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                           "A plan needs a valid start date and some hours per week");
      return FALSE;
    }

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &plan->start_date);
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO plan (id, path_id, start_date, hours_per_week) "
                          "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET path_id = "
                          "excluded.path_id, start_date = excluded.start_date, hours_per_week = "
                          "excluded.hours_per_week", -1, &stmt, NULL) != SQLITE_OK)
    return db_error (self->db, "Cannot save the plan", error);
  sqlite3_bind_text (stmt, 1, plan->path_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 3, plan->hours_per_week);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self->db, "Cannot save the plan", error);

  emit_changed (self);
  return TRUE;
}

/**
 * sdp_store_get_plan:
 * @plan: (out caller-allocates): filled in when there is a plan
 *
 * Returns: whether the reader has chosen a plan yet
 */
gboolean
sdp_store_get_plan (SdpStore      *self,
                    SdpPlanChoice *plan)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  memset (plan, 0, sizeof *plan);
  if (sqlite3_prepare_v2 (self->db, "SELECT path_id, start_date, hours_per_week FROM plan",
                          -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      plan->path_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_date_set_parse (&plan->start_date, (const char *) sqlite3_column_text (stmt, 1));
      plan->hours_per_week = sqlite3_column_double (stmt, 2);
      found = g_date_valid (&plan->start_date);
    }
  sqlite3_finalize (stmt);
  return found;
}

void
sdp_plan_choice_clear (SdpPlanChoice *plan)
{
  g_clear_pointer (&plan->path_id, g_free);
}

static char *
local_day_of (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%Y-%m-%d");
}

static gboolean
record_task (SdpStore    *self,
             const char  *task_id,
             gboolean     done,
             GDateTime   *when,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *day = NULL;
  int rc;

  if (done)
    {
      day = local_day_of (when);
      rc = sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO task_done (task_id, done_at, "
                               "local_day) VALUES (?, ?, ?)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, task_id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (when));
          sqlite3_bind_text (stmt, 3, day, -1, SQLITE_STATIC);
        }
    }
  else
    {
      rc = sqlite3_prepare_v2 (self->db, "DELETE FROM task_done WHERE task_id = ?", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        sqlite3_bind_text (stmt, 1, task_id, -1, SQLITE_STATIC);
    }

  if (rc != SQLITE_OK || sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return db_error (self->db, "Cannot record the task", error);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/**
 * sdp_store_set_task_done:
 * @when: when it was checked; its local day is what streaks count
 */
gboolean
sdp_store_set_task_done (SdpStore    *self,
                         const char  *task_id,
                         gboolean     done,
                         GDateTime   *when,
                         GError     **error)
{
  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  if (!record_task (self, task_id, done, when, error))
    return FALSE;
  emit_changed (self);
  return TRUE;
}

/**
 * sdp_store_set_tasks_done:
 * @task_ids: %NULL-terminated
 *
 * Records several tasks at once (a whole day, an import): all of them or none.
 */
gboolean
sdp_store_set_tasks_done (SdpStore            *self,
                          const char * const  *task_ids,
                          gboolean             done,
                          GDateTime           *when,
                          GError             **error)
{
  guint i;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", "Cannot record the tasks", error))
    return FALSE;
  for (i = 0; task_ids[i] != NULL; i++)
    if (!record_task (self, task_ids[i], done, when, error))
      {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  if (!exec (self, "COMMIT", "Cannot record the tasks", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  emit_changed (self);
  return TRUE;
}

gboolean
sdp_store_is_task_done (SdpStore   *self,
                        const char *task_id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean done = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM task_done WHERE task_id = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, task_id, -1, SQLITE_STATIC);
      done = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return done;
}

/**
 * sdp_store_get_done_tasks:
 * Returns: (transfer full): task id -> its local day (char *)
 */
GHashTable *
sdp_store_get_done_tasks (SdpStore *self)
{
  GHashTable *done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (SDP_IS_STORE (self), done);

  if (sqlite3_prepare_v2 (self->db, "SELECT task_id, local_day FROM task_done", -1, &stmt,
                          NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_insert (done, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return done;
}

static gboolean
check_session_times (GDateTime  *started,
                     GDateTime  *ended,
                     GError    **error)
{
  if (g_date_time_compare (ended, started) < 0)
    {
      g_set_error_literal (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                           "A study session cannot end before it starts");
      return FALSE;
    }
  if (g_date_time_difference (ended, started) > 24 * G_TIME_SPAN_HOUR)
    {
      g_set_error_literal (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                           "A study session cannot last more than a day");
      return FALSE;
    }
  return TRUE;
}

/**
 * sdp_store_add_session:
 * Returns: the new session's id, or 0 with @error set
 */
gint64
sdp_store_add_session (SdpStore    *self,
                       GDateTime   *started,
                       GDateTime   *ended,
                       const char  *subject,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *day = NULL;
  gint64 id = 0;

  g_return_val_if_fail (SDP_IS_STORE (self), 0);

  if (!check_session_times (started, ended, error))
    return 0;

  day = local_day_of (started);
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO study_session (started_at, ended_at, local_day, "
                          "subject) VALUES (?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (started));
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (ended));
      sqlite3_bind_text (stmt, 3, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->db);
    }
  sqlite3_finalize (stmt);

  if (id == 0)
    return db_error (self->db, "Cannot record the study session", error), 0;
  emit_changed (self);
  return id;
}

gboolean
sdp_store_update_session (SdpStore    *self,
                          gint64       id,
                          GDateTime   *started,
                          GDateTime   *ended,
                          const char  *subject,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *day = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (!check_session_times (started, ended, error))
    return FALSE;

  day = local_day_of (started);
  if (sqlite3_prepare_v2 (self->db, "UPDATE study_session SET started_at = ?, ended_at = ?, "
                          "local_day = ?, subject = ? WHERE id = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (started));
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (ended));
      sqlite3_bind_text (stmt, 3, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);

  if (!ok)
    return db_error (self->db, "Cannot change the study session", error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                   "There is no study session %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  emit_changed (self);
  return TRUE;
}

gboolean
sdp_store_delete_session (SdpStore  *self,
                          gint64     id,
                          GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM study_session WHERE id = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return db_error (self->db, "Cannot delete the study session", error);
  emit_changed (self);
  return TRUE;
}

void
sdp_study_session_free (SdpStudySession *session)
{
  if (session == NULL)
    return;
  g_free (session->local_day);
  g_free (session->subject);
  g_free (session);
}

/**
 * sdp_store_list_sessions:
 * Returns: (transfer full) (element-type SdpStudySession): newest first
 */
GPtrArray *
sdp_store_list_sessions (SdpStore *self)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_study_session_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (SDP_IS_STORE (self), sessions);

  if (sqlite3_prepare_v2 (self->db, "SELECT id, started_at, ended_at, local_day, subject FROM "
                          "study_session ORDER BY started_at DESC, id DESC", -1, &stmt,
                          NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        SdpStudySession *session = g_new0 (SdpStudySession, 1);

        session->id = sqlite3_column_int64 (stmt, 0);
        session->started_at = sqlite3_column_int64 (stmt, 1);
        session->ended_at = sqlite3_column_int64 (stmt, 2);
        session->local_day = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        session->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
        g_ptr_array_add (sessions, session);
      }
  sqlite3_finalize (stmt);
  return sessions;
}

/**
 * sdp_store_get_daily_activity:
 *
 * What each calendar day holds, for streaks and the heat-map.
 *
 * Returns: (transfer full): "YYYY-MM-DD" -> SdpDayActivity
 */
GHashTable *
sdp_store_get_daily_activity (SdpStore *self)
{
  GHashTable *days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (SDP_IS_STORE (self), days);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT day, SUM (minutes), SUM (tasks) FROM ("
                          "  SELECT local_day AS day, (ended_at - started_at) / 60 AS minutes, 0 AS tasks"
                          "    FROM study_session"
                          "  UNION ALL"
                          "  SELECT local_day, 0, 1 FROM task_done)"
                          " GROUP BY day", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        SdpDayActivity *activity = g_new0 (SdpDayActivity, 1);

        activity->minutes = sqlite3_column_int (stmt, 1);
        activity->tasks = sqlite3_column_int (stmt, 2);
        g_hash_table_insert (days, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             activity);
      }
  sqlite3_finalize (stmt);
  return days;
}

/**
 * sdp_store_add_evidence:
 *
 * Records a quiz, exercise, mock interview or final assessment result, with a mock's rubric
 * ratings, in one transaction.
 *
 * Returns: the new record's id, or 0 with @error set
 */
gint64
sdp_store_add_evidence (SdpStore           *self,
                        const SdpEvidence  *evidence,
                        GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (SDP_IS_STORE (self), 0);
  g_return_val_if_fail (evidence != NULL && evidence->ref_id != NULL, 0);

  if (!exec (self, "BEGIN IMMEDIATE", "Cannot record the result", error))
    return 0;

  if (sqlite3_prepare_v2 (self->db, "INSERT INTO evidence (kind, ref_id, difficulty, score, "
                          "recorded_at) VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sdp_evidence_kind_to_string (evidence->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, evidence->ref_id, -1, SQLITE_STATIC);
      if (evidence->difficulty != SDP_DIFFICULTY_NONE)
        sqlite3_bind_text (stmt, 3, sdp_difficulty_to_string (evidence->difficulty), -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 4, evidence->score);
      sqlite3_bind_int64 (stmt, 5, evidence->recorded_at);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->db);
    }
  sqlite3_finalize (stmt);

  if (id != 0 && evidence->ratings != NULL)
    {
      GHashTableIter iter;
      gpointer axis, rating;

      if (sqlite3_prepare_v2 (self->db, "INSERT INTO mock_rating (evidence_id, axis, rating) "
                              "VALUES (?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
        id = 0;
      g_hash_table_iter_init (&iter, evidence->ratings);
      while (id != 0 && g_hash_table_iter_next (&iter, &axis, &rating))
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, axis, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, GPOINTER_TO_INT (rating));
          if (sqlite3_step (stmt) != SQLITE_DONE)
            id = 0;
        }
      sqlite3_finalize (stmt);
    }

  if (id == 0 || !exec (self, "COMMIT", "Cannot record the result", error))
    {
      if (id == 0)
        db_error (self->db, "Cannot record the result", error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return 0;
    }
  emit_changed (self);
  return id;
}

static SdpEvidenceKind
kind_from_string (const char *kind)
{
  guint i;

  for (i = 0; i < SDP_N_EVIDENCE_KINDS; i++)
    if (g_strcmp0 (kind, sdp_evidence_kind_to_string (i)) == 0)
      return i;
  return SDP_EVIDENCE_QUIZ;
}

static SdpDifficulty
difficulty_from_db (const char *name)
{
  SdpDifficulty d;

  for (d = SDP_DIFFICULTY_EASY; d <= SDP_DIFFICULTY_HARD; d++)
    if (g_strcmp0 (name, sdp_difficulty_to_string (d)) == 0)
      return d;
  return SDP_DIFFICULTY_NONE;
}

/**
 * sdp_store_list_evidence:
 * Returns: (transfer full) (element-type SdpEvidence): every recorded result, with ratings
 */
GPtrArray *
sdp_store_list_evidence (SdpStore *self)
{
  GPtrArray *evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_evidence_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (SDP_IS_STORE (self), evidence);

  if (sqlite3_prepare_v2 (self->db, "SELECT id, kind, ref_id, difficulty, score, recorded_at "
                          "FROM evidence ORDER BY recorded_at, id", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        SdpEvidence *e = sdp_evidence_new (kind_from_string ((const char *) sqlite3_column_text (stmt, 1)),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           difficulty_from_db ((const char *) sqlite3_column_text (stmt, 3)),
                                           sqlite3_column_double (stmt, 4),
                                           sqlite3_column_int64 (stmt, 5));

        g_array_append_val (ids, id);
        g_ptr_array_add (evidence, e);
      }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (evidence, i));

  if (sqlite3_prepare_v2 (self->db, "SELECT evidence_id, axis, rating FROM mock_rating", -1, &stmt,
                          NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        SdpEvidence *e = g_hash_table_lookup (by_id, &id);

        if (e == NULL)
          continue;
        if (e->ratings == NULL)
          e->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert (e->ratings, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                             GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
      }
  sqlite3_finalize (stmt);
  return evidence;
}

/**
 * sdp_store_get_timer:
 * @state: (out caller-allocates): filled in when a timer is running or paused
 *
 * Returns: whether there is a timer
 */
gboolean
sdp_store_get_timer (SdpStore      *self,
                     SdpTimerState *state)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  memset (state, 0, sizeof *state);
  if (sqlite3_prepare_v2 (self->db, "SELECT started_at, paused_seconds, paused_at, subject FROM "
                          "running_timer", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      state->started_at = sqlite3_column_int64 (stmt, 0);
      state->paused_seconds = sqlite3_column_int64 (stmt, 1);
      state->paused_at = sqlite3_column_int64 (stmt, 2);
      state->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
sdp_store_set_timer (SdpStore             *self,
                     const SdpTimerState  *state,
                     GError              **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO running_timer (id, started_at, "
                          "paused_seconds, paused_at, subject) VALUES (1, ?, ?, ?, ?)", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, state->started_at);
      sqlite3_bind_int64 (stmt, 2, state->paused_seconds);
      if (state->paused_at > 0)
        sqlite3_bind_int64 (stmt, 3, state->paused_at);
      sqlite3_bind_text (stmt, 4, state->subject, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return db_error (self->db, "Cannot save the timer", error);
  return TRUE;
}

gboolean
sdp_store_clear_timer (SdpStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (SDP_IS_STORE (self), FALSE);
  return exec (self, "DELETE FROM running_timer", "Cannot stop the timer", error);
}

void
sdp_timer_state_clear (SdpTimerState *state)
{
  g_clear_pointer (&state->subject, g_free);
}

sqlite3 *
sdp_store_get_db (SdpStore *self)
{
  return self->db;
}

void
sdp_store_emit_changed (SdpStore *self)
{
  emit_changed (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The user's progress: one SQLite database (WAL, foreign keys on), its schema versioned with
 * PRAGMA user_version and migrated forward by numbered steps. Progress refers to content by id.
 * Opening checks the file's integrity: a damaged database is moved aside (renamed with a
 * timestamp, never deleted), a fresh one is started, and the caller is told where the old one
 * went. Views never see SQL: they call this API and listen to ::changed. */

#define SDP_STORE_ERROR (sdp_store_error_quark ())

typedef enum
{
  SDP_STORE_ERROR_DATABASE,    /* SQLite said no (full disk, read-only, I/O error) */
  SDP_STORE_ERROR_TOO_NEW,     /* written by a newer version of the app: left untouched */
  SDP_STORE_ERROR_INVALID,     /* an argument the store cannot record */
} SdpStoreError;

#define SDP_STORE_SCHEMA_VERSION 3

typedef struct
{
  gint64  id;
  gint64  started_at;   /* Unix seconds */
  gint64  ended_at;
  char   *local_day;    /* the reader's calendar day when it started, YYYY-MM-DD */
  char   *subject;      /* a guide or phase id, or NULL */
} SdpStudySession;

typedef struct
{
  int minutes;  /* studied that day */
  int tasks;    /* finished that day */
} SdpDayActivity;

typedef struct
{
  char   *path_id;
  GDate   start_date;
  double  hours_per_week;
} SdpPlanChoice;

#define SDP_TYPE_STORE (sdp_store_get_type ())
G_DECLARE_FINAL_TYPE (SdpStore, sdp_store, SDP, STORE, GObject)

GQuark           sdp_store_error_quark       (void);

SdpStore        *sdp_store_open              (const char      *path,
                                              char           **moved_aside,
                                              GError         **error);
SdpStore        *sdp_store_open_at_version   (const char      *path,
                                              int              version,
                                              char           **moved_aside,
                                              GError         **error);
int              sdp_store_get_schema_version (SdpStore       *self);
gboolean         sdp_store_migrate_to        (SdpStore        *self,
                                              int              version,
                                              GError         **error);
gboolean         sdp_store_backup            (SdpStore        *self,
                                              const char      *backup_dir,
                                              GDateTime       *now,
                                              guint            keep,
                                              GError         **error);

gboolean         sdp_store_set_plan          (SdpStore        *self,
                                              const SdpPlanChoice *plan,
                                              GError         **error);
gboolean         sdp_store_get_plan          (SdpStore        *self,
                                              SdpPlanChoice   *plan);
void             sdp_plan_choice_clear       (SdpPlanChoice   *plan);

gboolean         sdp_store_set_task_done     (SdpStore        *self,
                                              const char      *task_id,
                                              gboolean         done,
                                              GDateTime       *when,
                                              GError         **error);
gboolean         sdp_store_set_tasks_done    (SdpStore        *self,
                                              const char * const *task_ids,
                                              gboolean         done,
                                              GDateTime       *when,
                                              GError         **error);
gboolean         sdp_store_is_task_done      (SdpStore        *self,
                                              const char      *task_id);
GHashTable      *sdp_store_get_done_tasks    (SdpStore        *self);

gint64           sdp_store_add_session       (SdpStore        *self,
                                              GDateTime       *started,
                                              GDateTime       *ended,
                                              const char      *subject,
                                              GError         **error);
gboolean         sdp_store_update_session    (SdpStore        *self,
                                              gint64           id,
                                              GDateTime       *started,
                                              GDateTime       *ended,
                                              const char      *subject,
                                              GError         **error);
gboolean         sdp_store_delete_session    (SdpStore        *self,
                                              gint64           id,
                                              GError         **error);
GPtrArray       *sdp_store_list_sessions     (SdpStore        *self);
void             sdp_study_session_free      (SdpStudySession *session);

GHashTable      *sdp_store_get_daily_activity (SdpStore       *self);

/* A study timer that survives a restart: when it started, how long it has been paused in all,
 * and since when it is paused now (0 when running). */
typedef struct
{
  gint64  started_at;
  gint64  paused_seconds;
  gint64  paused_at;
  char   *subject;
} SdpTimerState;

gboolean         sdp_store_get_timer         (SdpStore        *self,
                                              SdpTimerState   *state);
gboolean         sdp_store_set_timer         (SdpStore        *self,
                                              const SdpTimerState *state,
                                              GError         **error);
gboolean         sdp_store_clear_timer       (SdpStore        *self,
                                              GError         **error);
void             sdp_timer_state_clear       (SdpTimerState   *state);

struct _SdpEvidence;
gint64           sdp_store_add_evidence      (SdpStore        *self,
                                              const struct _SdpEvidence *evidence,
                                              GError         **error);
GPtrArray       *sdp_store_list_evidence     (SdpStore        *self);

/* Export and import of everything recorded (sdp-store-io.c). */
#define SDP_PROGRESS_FORMAT 1

typedef struct _SdpProgressImport SdpProgressImport;

typedef struct
{
  guint    new_tasks;
  guint    new_sessions;
  guint    new_results;
  guint    removed_tasks;     /* replace only: what the current records lose */
  guint    removed_sessions;
  guint    removed_results;
  gboolean plan_changes;
} SdpImportSummary;

char              *sdp_store_export_json      (SdpStore          *self,
                                               GDateTime         *now);
SdpProgressImport *sdp_progress_import_parse  (const char        *data,
                                               gssize             length,
                                               GError           **error);
void               sdp_progress_import_free   (SdpProgressImport *import);
void               sdp_store_import_summary   (SdpStore          *self,
                                               SdpProgressImport *import,
                                               gboolean           replace,
                                               SdpImportSummary  *summary);
gboolean           sdp_store_import           (SdpStore          *self,
                                               SdpProgressImport *import,
                                               gboolean           replace,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpStudySession, sdp_study_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpProgressImport, sdp_progress_import_free)

G_END_DECLS

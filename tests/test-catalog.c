/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "sdp-catalog.h"

/* The smallest program the loader accepts; malformed variants are made by replacing parts. */
#define GUIDES "\"guides\": [{\"id\": \"g1\", \"title\": \"Guide one\", \"file\": \"guides/g1.md\", " \
               "\"summary\": \"S\"}]"
#define PHASES "\"phases\": [{\"id\": \"phase-1\", \"number\": 1, \"title\": \"Fundamentals\", " \
               "\"guide\": \"g1\", \"summary\": \"S\"}]"
#define TASK   "{\"id\": \"w01-d1-t1\", \"kind\": \"read\", \"title\": \"Read\", \"minutes\": 30, " \
               "\"target\": \"g1#intro\"}"
#define WEEKS  "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, \"phase\": \"phase-1\", " \
               "\"theme\": \"T\", \"goals\": \"G\", \"days\": [{\"id\": \"w01-d1\", \"number\": 1, " \
               "\"title\": \"D\", \"tasks\": [" TASK "]}]}]"
#define PATHS  "\"paths\": [{\"id\": \"bronze\", \"title\": \"Bronze\", \"min_weeks\": 16, " \
               "\"max_weeks\": 20, \"level\": \"L\", \"study_days_per_week\": 5, \"summary\": \"S\"}]"
#define PROGRAM(g, p, w, pa) "{\"format\": 1, \"title\": \"P\", " g ", " p ", " w ", " pa "}"

static SdpCatalog *
load (const char  *json,
      GError     **error)
{
  return sdp_catalog_new_from_data (json, -1, "program.json", NULL, error);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) catalog = load (PROGRAM (GUIDES, PHASES, WEEKS, PATHS), &error);
  const SdpWeek *week;
  const SdpDay *day = NULL;
  const SdpTask *task;

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpstr (sdp_catalog_get_title (catalog), ==, "P");
  g_assert_cmpuint (sdp_catalog_get_guides (catalog)->len, ==, 1);
  g_assert_cmpstr (sdp_catalog_find_phase (catalog, "phase-1")->guide_id, ==, "g1");

  week = sdp_catalog_find_week_of_day (catalog, "w01-d1", &day);
  g_assert_nonnull (week);
  g_assert_cmpstr (week->id, ==, "week-01");
  g_assert_cmpstr (day->title, ==, "D");

  task = sdp_catalog_find_task (catalog, "w01-d1-t1");
  g_assert_nonnull (task);
  g_assert_cmpint (task->kind, ==, SDP_TASK_READ);
  g_assert_cmpint (task->minutes, ==, 30);
  g_assert_cmpstr (sdp_task_kind_to_string (task->kind), ==, "read");

  /* Typed lookups only find their own kind, though ids are shared across kinds. */
  g_assert_null (sdp_catalog_find_guide (catalog, "phase-1"));
  g_assert_null (sdp_catalog_find_week (catalog, "w01-d1"));
  g_assert_null (sdp_catalog_find_task (catalog, "week-01"));
  g_assert_cmpint (sdp_catalog_find_path (catalog, "bronze")->max_weeks, ==, 20);
}

typedef struct
{
  const char *name;
  const char *json;
  int         code;
  const char *expected; /* a part of the message that must be there */
} Malformed;

static const Malformed malformed[] = {
  { "not-json", "{\"format\": 1,", SDP_CATALOG_ERROR_PARSE, "program.json: not valid JSON" },
  { "empty", "", SDP_CATALOG_ERROR_PARSE, "program.json" },
  { "root-array", "[1, 2]", SDP_CATALOG_ERROR_INVALID, "program.json: $: expected an object, found an array" },
  { "newer-format", "{\"format\": 7}", SDP_CATALOG_ERROR_UNSUPPORTED, "format 7 is newer" },
  { "no-format", "{\"title\": \"x\"}", SDP_CATALOG_ERROR_INVALID, "$.format: is missing" },
  { "title-type", "{\"format\": 1, \"title\": 3}", SDP_CATALOG_ERROR_INVALID,
    "$.title: expected a string, found an integer" },
  { "guides-missing", "{\"format\": 1, \"title\": \"P\", " PHASES ", " WEEKS ", " PATHS "}",
    SDP_CATALOG_ERROR_INVALID, "$.guides: is missing" },
  { "guides-empty", PROGRAM ("\"guides\": []", PHASES, WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.guides: must not be empty" },
  { "guide-not-object", PROGRAM ("\"guides\": [\"g1\"]", PHASES, WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.guides[0]: expected an object, found a string" },
  { "guide-escapes", PROGRAM ("\"guides\": [{\"id\": \"g1\", \"title\": \"T\", \"file\": "
                              "\"../../etc/passwd\", \"summary\": \"S\"}]", PHASES, WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.guides[0].file: “../../etc/passwd” must be a relative path" },
  { "duplicate-id", PROGRAM ("\"guides\": [{\"id\": \"g1\", \"title\": \"T\", \"file\": \"a.md\", "
                             "\"summary\": \"S\"}, {\"id\": \"g1\", \"title\": \"T\", \"file\": "
                             "\"b.md\", \"summary\": \"S\"}]", PHASES, WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.guides[1].id: “g1” is used twice" },
  { "bad-id", PROGRAM ("\"guides\": [{\"id\": \"g 1\", \"title\": \"T\", \"file\": \"a.md\", "
                       "\"summary\": \"S\"}]", PHASES, WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "may only contain" },
  { "phase-unknown-guide", PROGRAM (GUIDES, "\"phases\": [{\"id\": \"phase-1\", \"number\": 1, "
                                    "\"title\": \"F\", \"guide\": \"nope\", \"summary\": \"S\"}]",
                                    WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.phases[0].guide: no guide has the id “nope”" },
  { "week-unknown-phase", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, "
                                   "\"phase\": \"phase-9\", \"theme\": \"T\", \"goals\": \"G\", "
                                   "\"days\": [{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", "
                                   "\"tasks\": [" TASK "]}]}]", PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.weeks[0].phase: no phase has the id “phase-9”" },
  { "day-no-tasks", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, "
                             "\"phase\": null, \"theme\": \"T\", \"goals\": \"G\", \"days\": "
                             "[{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": []}]}]",
                             PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.weeks[0].days[0].tasks: must not be empty" },
  { "task-kind", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, "
                          "\"phase\": null, \"theme\": \"T\", \"goals\": \"G\", \"days\": "
                          "[{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": "
                          "[{\"id\": \"t\", \"kind\": \"nap\", \"title\": \"R\", \"minutes\": 3, "
                          "\"target\": \"g1\"}]}]}]", PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.weeks[0].days[0].tasks[0].kind: unknown task kind “nap”" },
  { "task-minutes-type", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, "
                                  "\"phase\": null, \"theme\": \"T\", \"goals\": \"G\", \"days\": "
                                  "[{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": "
                                  "[{\"id\": \"t\", \"kind\": \"read\", \"title\": \"R\", "
                                  "\"minutes\": \"30\", \"target\": \"g1\"}]}]}]", PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.weeks[0].days[0].tasks[0].minutes: expected an integer, found a string" },
  { "task-minutes-range", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 1, "
                                   "\"phase\": null, \"theme\": \"T\", \"goals\": \"G\", \"days\": "
                                   "[{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": "
                                   "[{\"id\": \"t\", \"kind\": \"read\", \"title\": \"R\", "
                                   "\"minutes\": 99999999999, \"target\": \"g1\"}]}]}]", PATHS),
    SDP_CATALOG_ERROR_INVALID, "minutes: 99999999999 is outside" },
  { "week-numbering", PROGRAM (GUIDES, PHASES, "\"weeks\": [{\"id\": \"week-01\", \"number\": 2, "
                               "\"phase\": null, \"theme\": \"T\", \"goals\": \"G\", \"days\": "
                               "[{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": "
                               "[" TASK "]}]}]", PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.weeks[0].number: expected 1, found 2" },
  { "path-range", PROGRAM (GUIDES, PHASES, WEEKS, "\"paths\": [{\"id\": \"x\", \"title\": \"X\", "
                           "\"min_weeks\": 9, \"max_weeks\": 4, \"level\": \"L\", "
                           "\"study_days_per_week\": 5, \"summary\": \"S\"}]"),
    SDP_CATALOG_ERROR_INVALID, "$.paths[0].min_weeks: 9 is more than max_weeks (4)" },
  { "null-title", PROGRAM (GUIDES, "\"phases\": [{\"id\": \"phase-1\", \"number\": 1, "
                           "\"title\": null, \"guide\": \"g1\", \"summary\": \"S\"}]", WEEKS, PATHS),
    SDP_CATALOG_ERROR_INVALID, "$.phases[0].title: expected a string, found null" },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) catalog = load (m->json, &error);

  g_assert_null (catalog);
  g_assert_error (error, SDP_CATALOG_ERROR, m->code);
  if (strstr (error->message, m->expected) == NULL)
    g_error ("message “%s” does not contain “%s”", error->message, m->expected);
}

static void
test_file_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sdp-catalog-XXXXXX", NULL);
  g_autofree char *program = g_build_filename (dir, "program.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (program);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) missing = sdp_catalog_new_from_file (file, &error);
  g_autoptr(SdpCatalog) catalog = NULL;
  g_autofree char *guide = NULL;
  g_autofree char *guide_path = NULL;
  g_autofree char *guides_dir = NULL;
  gsize length = 0;

  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "program.json: "));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (program, PROGRAM (GUIDES, PHASES, WEEKS, PATHS), -1, NULL));
  catalog = sdp_catalog_new_from_file (file, &error);
  g_assert_no_error (error);

  /* The guide file is missing: a clear error naming the guide and the file. */
  guide = sdp_catalog_read_guide (catalog, "g1", &length, &error);
  g_assert_null (guide);
  g_assert_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE);
  g_assert_nonnull (strstr (error->message, "“Guide one” (guides/g1.md)"));
  g_clear_error (&error);

  guides_dir = g_build_filename (dir, "guides", NULL);
  g_assert_cmpint (g_mkdir (guides_dir, 0700), ==, 0);
  guide_path = g_build_filename (guides_dir, "g1.md", NULL);
  g_assert_true (g_file_set_contents (guide_path, "# Hello\n", -1, NULL));
  guide = sdp_catalog_read_guide (catalog, "g1", &length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guide, ==, "# Hello\n");
  g_assert_cmpuint (length, ==, 8);
  g_clear_pointer (&guide, g_free);

  /* Bytes that are not UTF-8 are refused rather than shown as garbage. */
  g_assert_true (g_file_set_contents (guide_path, "# \xff\xfe\n", -1, NULL));
  guide = sdp_catalog_read_guide (catalog, "g1", NULL, &error);
  g_assert_null (guide);
  g_assert_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE);
  g_clear_error (&error);

  guide = sdp_catalog_read_guide (catalog, "nope", NULL, &error);
  g_assert_null (guide);
  g_assert_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE);

  g_unlink (guide_path);
  g_rmdir (guides_dir);
  g_unlink (program);
  g_rmdir (dir);
}

/* The shipped program: the structure the issue asks for, and every guide file present. */
static void
test_shipped_program (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (file, &error);
  GPtrArray *weeks;
  guint i;

  g_assert_no_error (error);
  g_assert_cmpuint (sdp_catalog_get_guides (catalog)->len, ==, 16);
  g_assert_cmpuint (sdp_catalog_get_phases (catalog)->len, ==, 7);
  g_assert_cmpuint (sdp_catalog_get_paths (catalog)->len, ==, 4);

  weeks = sdp_catalog_get_weeks (catalog);
  g_assert_cmpuint (weeks->len, ==, 12);
  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      g_assert_cmpuint (week->days->len, >=, 5);
      g_assert_cmpuint (week->days->len, <=, 6);
    }

  for (i = 0; i < sdp_catalog_get_guides (catalog)->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (sdp_catalog_get_guides (catalog), i);
      g_autofree char *text = sdp_catalog_read_guide (catalog, guide->id, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (text, "# "));
    }

  g_assert_cmpint (sdp_catalog_find_path (catalog, "bronze")->min_weeks, ==, 16);
  g_assert_cmpint (sdp_catalog_find_path (catalog, "silver")->max_weeks, ==, 16);
  g_assert_cmpint (sdp_catalog_find_path (catalog, "gold")->min_weeks, ==, 8);
  g_assert_cmpint (sdp_catalog_find_path (catalog, "compressed")->max_weeks, ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  guint i;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/load/minimal", test_minimal);
  g_test_add_func ("/catalog/load/file-errors", test_file_errors);
  g_test_add_func ("/catalog/load/shipped-program", test_shipped_program);
  for (i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog/malformed/%s", malformed[i].name);

      g_test_add_data_func (path, &malformed[i], test_malformed);
    }

  return g_test_run ();
}

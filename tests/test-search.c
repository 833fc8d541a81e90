/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "sdp-markdown.h"
#include "sdp-search-index.h"

#define PROGRAM \
  "{\"format\": 1, \"title\": \"P\"," \
  " \"guides\": [{\"id\": \"data\", \"title\": \"Data\", \"file\": \"guides/data.md\", \"summary\": \"S\"}," \
  "              {\"id\": \"apis\", \"title\": \"APIs\", \"file\": \"guides/apis.md\", \"summary\": \"S\"}]," \
  " \"phases\": [{\"id\": \"phase-1\", \"number\": 1, \"title\": \"F\", \"guide\": \"data\", \"summary\": \"S\"}]," \
  " \"weeks\": [{\"id\": \"week-01\", \"number\": 1, \"phase\": \"phase-1\", \"theme\": \"T\", \"goals\": \"G\"," \
  "   \"days\": [{\"id\": \"w01-d1\", \"number\": 1, \"title\": \"D\", \"tasks\": [{\"id\": \"t1\"," \
  "   \"kind\": \"read\", \"title\": \"R\", \"minutes\": 5, \"target\": \"data\"}]}]}]," \
  " \"paths\": [{\"id\": \"gold\", \"title\": \"Gold\", \"min_weeks\": 8, \"max_weeks\": 12," \
  "   \"level\": \"L\", \"study_days_per_week\": 6, \"summary\": \"S\"}]}"

#define DATA_GUIDE \
  "# Data\n\nStores and caches.\n\n" \
  "## Consistent hashing\n\nA ring of virtual nodes spreads keys so that adding a node moves " \
  "only a small share of them.\n\n" \
  "## Replication\n\nFollowers copy the leader. Consistent hashing is mentioned here only in " \
  "passing.\n\n" \
  "## Caching strategies\n\nCache-aside, write-through and write-behind caches differ in who " \
  "writes the cache.\n"

#define APIS_GUIDE \
  "# APIs\n\n## Rate limiting\n\nThe token bucket refills at a steady rate; bursts spend saved " \
  "tokens.\n\n### Sliding windows\n\nCounters per window.\n"

typedef struct
{
  char       *dir;
  SdpCatalog *catalog;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) program = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sdp-search-XXXXXX", NULL);
  write_file (f->dir, "program.json", PROGRAM);
  write_file (f->dir, "guides/data.md", DATA_GUIDE);
  write_file (f->dir, "guides/apis.md", APIS_GUIDE);
  program = g_file_new_build_filename (f->dir, "program.json", NULL);
  f->catalog = sdp_catalog_new_from_file (program, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *names[] = { "guides/data.md", "guides/apis.md", "program.json", "guides", NULL };
  guint i;

  g_clear_object (&f->catalog);
  for (i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
query (SdpSearchIndex *index,
       const char     *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = sdp_search_index_query (index, text, 20, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static SdpSearchHit *
hit_at (GPtrArray *hits,
        guint      i)
{
  g_assert_cmpuint (hits->len, >, i);
  return g_ptr_array_index (hits, i);
}

static void
test_sections (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdpMarkdownResult) r = sdp_markdown_render (DATA_GUIDE, strlen (DATA_GUIDE));
  SdpSection *intro = g_ptr_array_index (r->sections, 1);
  SdpSection *hashing = g_ptr_array_index (r->sections, 2);

  /* Text before any heading, then one section per heading. */
  g_assert_cmpuint (r->sections->len, ==, 5);
  g_assert_cmpstr (intro->heading->slug, ==, "data");
  g_assert_cmpstr (g_strstrip (intro->text->str), ==, "Stores and caches.");
  g_assert_cmpstr (hashing->heading->text, ==, "Consistent hashing");
  g_assert_true (g_str_has_prefix (hashing->text->str, "A ring of virtual nodes spreads keys so "
                                                       "that adding a node moves only"));
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpSearchIndex) index = sdp_search_index_build (f->catalog, NULL, &error);
  g_autoptr(GPtrArray) hashing = NULL;
  g_autoptr(GPtrArray) bucket = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sdp_search_index_get_n_sections (index), ==, 7);

  /* The section named after the topic beats the one that mentions it. */
  hashing = query (index, "consistent hashing");
  g_assert_cmpuint (hashing->len, ==, 2);
  g_assert_cmpstr (hit_at (hashing, 0)->guide_id, ==, "data");
  g_assert_cmpstr (hit_at (hashing, 0)->section_slug, ==, "consistent-hashing");
  g_assert_cmpstr (hit_at (hashing, 1)->section_slug, ==, "replication");
  g_assert_cmpfloat (hit_at (hashing, 0)->rank, <, hit_at (hashing, 1)->rank);

  bucket = query (index, "Token Bucket");
  g_assert_cmpstr (hit_at (bucket, 0)->guide_id, ==, "apis");
  g_assert_cmpstr (hit_at (bucket, 0)->guide_title, ==, "APIs");
  g_assert_cmpstr (hit_at (bucket, 0)->section_slug, ==, "rate-limiting");
  g_assert_cmpstr (hit_at (bucket, 0)->section_title, ==, "Rate limiting");
  g_assert_nonnull (strstr (hit_at (bucket, 0)->snippet,
                            SDP_SEARCH_MATCH_START "token" SDP_SEARCH_MATCH_END " "
                            SDP_SEARCH_MATCH_START "bucket" SDP_SEARCH_MATCH_END));
}

static void
test_matching (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SdpSearchIndex) index = sdp_search_index_build (f->catalog, NULL, NULL);
  g_autoptr(GPtrArray) prefix = query (index, "replic");
  g_autoptr(GPtrArray) stemmed = query (index, "cached");
  g_autoptr(GPtrArray) none = query (index, "kubernetes");
  g_autoptr(GPtrArray) empty = query (index, "  ¿? ");
  g_autoptr(GPtrArray) limited = sdp_search_index_query (index, "the", 1, NULL);

  /* While typing: the last word matches as a prefix. */
  g_assert_cmpstr (hit_at (prefix, 0)->section_slug, ==, "replication");
  /* Stemming: "cached" finds "caches" and "caching". */
  g_assert_cmpstr (hit_at (stemmed, 0)->section_slug, ==, "caching-strategies");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (limited->len, ==, 1);
}

/* Whatever the user types is a list of words, never FTS5 syntax. */
static void
test_hostile_queries (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const inputs[] = {
    "\"", "AND", "OR OR", "NEAR(a b)", "*", "token -bucket", "title:token", "a\"b", "(((",
    "\xff\xfe", "'; DROP TABLE sections; --", "^token",
  };
  g_autoptr(SdpSearchIndex) index = sdp_search_index_build (f->catalog, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) hits = query (index, inputs[i]);

      (void) hits;
    }
  after = query (index, "token");
  g_assert_cmpuint (after->len, ==, 1);
}

static void
test_match_query (void)
{
  g_autofree char *q1 = sdp_search_build_match_query ("Consistent  hashing!");
  g_autofree char *q2 = sdp_search_build_match_query ("a\"b OR ca");
  g_autofree char *q4 = sdp_search_build_match_query ("token b");
  g_autofree char *q3 = sdp_search_build_match_query (" -- ");
  g_auto(GStrv) terms = sdp_search_split_terms ("Café's p99, HTTP/2");

  g_assert_cmpstr (q1, ==, "\"consistent\" \"hashing\"*");
  g_assert_cmpstr (q2, ==, "\"a\" \"b\" \"or\" \"ca\"*");
  /* One letter is too short to be a prefix worth matching. */
  g_assert_cmpstr (q4, ==, "\"token\" \"b\"");
  g_assert_null (q3);
  g_assert_cmpuint (g_strv_length (terms), ==, 5);
  g_assert_cmpstr (terms[0], ==, "café");
  g_assert_cmpstr (terms[2], ==, "p99");
}

static void
test_snippet (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  g_autofree char *none = NULL;
  guint i;

  for (i = 0; i < 40; i++)
    g_string_append (body, "filler words here ");
  g_string_append (body, "the Caching layer keeps cached menus\nwarm ");
  for (i = 0; i < 40; i++)
    g_string_append (body, "more filler after ");

  /* Around the first match, cut at word edges, every form of the word marked. */
  snippet = sdp_search_snippet (body->str, "caching");
  g_assert_true (g_str_has_prefix (snippet, "…"));
  g_assert_true (g_str_has_suffix (snippet, "…"));
  g_assert_nonnull (strstr (snippet, "the \x02" "Caching\x03 layer keeps \x02" "cached\x03 menus warm"));
  g_assert_cmpuint (strlen (snippet), <, 260);

  /* No match: the opening of the section. */
  none = sdp_search_snippet ("short text", "zebra");
  g_assert_cmpstr (none, ==, "short text");
}

static void
build_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdpSearchIndex **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sdp_search_index_build_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SdpSearchIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  sdp_search_index_build_async (f->catalog, NULL, build_done_cb, &index);
  while (index == NULL)
    g_main_context_iteration (NULL, TRUE);
  hits = query (index, "virtual nodes");
  g_assert_cmpstr (hit_at (hits, 0)->section_slug, ==, "consistent-hashing");
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpSearchIndex) index = NULL;

  g_cancellable_cancel (cancellable);
  index = sdp_search_index_build (f->catalog, cancellable, &error);
  g_assert_null (index);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The shipped guides: the searches the program promises land on the right sections. */
static gboolean
section_within (SdpCatalog *catalog,
                const char *guide_id,
                const char *slug,
                const char *expected)
{
  g_autofree char *markdown = NULL;
  g_autoptr(SdpMarkdownResult) r = NULL;
  int level = 0;
  gboolean inside = FALSE;
  guint i;
  gsize len = 0;

  markdown = sdp_catalog_read_guide (catalog, guide_id, &len, NULL);
  r = sdp_markdown_render (markdown, len);
  for (i = 0; i < r->headings->len; i++)
    {
      SdpHeading *heading = g_ptr_array_index (r->headings, i);

      if (g_str_equal (heading->slug, expected))
        {
          inside = TRUE;
          level = heading->level;
        }
      else if (inside && heading->level <= level)
        inside = FALSE;
      if (inside && g_str_equal (heading->slug, slug))
        return TRUE;
    }
  return FALSE;
}

static void
test_shipped (void)
{
  static const struct { const char *query; const char *guide; const char *section; } cases[] = {
    { "consistent hashing", "phase-3-data-management", "consistent-hashing" },
    { "saga", "phase-2-architecture-patterns", "distributed-transactions-2pc-and-sagas" },
    { "token bucket", "phase-4-communication-apis", "rate-limiting" },
    { "SLO", "phase-7-monitoring-observability", "slis-slos-slas-and-error-budgets" },
  };
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpSearchIndex) index = sdp_search_index_build (catalog, NULL, &error);
  guint i;

  g_assert_no_error (error);
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = query (index, cases[i].query);
      SdpSearchHit *top = hit_at (hits, 0);

      if (!g_str_equal (top->guide_id, cases[i].guide) ||
          !section_within (catalog, top->guide_id, top->section_slug, cases[i].section))
        g_error ("“%s” landed on %s#%s, expected %s#%s", cases[i].query, top->guide_id,
                 top->section_slug, cases[i].guide, cases[i].section);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/sections", Fixture, NULL, fixture_set_up, test_sections, fixture_tear_down);
  g_test_add ("/search/ranking", Fixture, NULL, fixture_set_up, test_ranking, fixture_tear_down);
  g_test_add ("/search/matching", Fixture, NULL, fixture_set_up, test_matching, fixture_tear_down);
  g_test_add ("/search/hostile-queries", Fixture, NULL, fixture_set_up, test_hostile_queries,
              fixture_tear_down);
  g_test_add ("/search/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/search/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add_func ("/search/match-query", test_match_query);
  g_test_add_func ("/search/snippet", test_snippet);
  g_test_add_func ("/search/shipped-guides", test_shipped);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-search-index.h"

#include <sqlite3.h>
#include <string.h>

#include "sdp-markdown.h"

struct _SdpSearchIndex
{
  GObject       parent_instance;

  sqlite3      *db;
  sqlite3_stmt *query;
  guint         n_sections;
};

G_DEFINE_TYPE (SdpSearchIndex, sdp_search_index, G_TYPE_OBJECT)

G_DEFINE_QUARK (sdp-search-error-quark, sdp_search_error)

/* Titles weigh ten times the body in the ranking: a section called "Consistent hashing" should
 * beat one that mentions it in passing. Porter stemming lets "caching" find "cache". Prefix
 * indexes keep search-as-you-type fast on the first letters of a word. */
#define SCHEMA \
  "CREATE VIRTUAL TABLE sections USING fts5(" \
  "  title, body, guide_id UNINDEXED, slug UNINDEXED, guide_title UNINDEXED," \
  "  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"

/* Snippets are cut here, not by FTS5's snippet(): that re-tokenises every returned section and
 * cost 2-4 ms for a page of results; finding the words in the text directly costs microseconds. */
#define QUERY \
  "SELECT guide_id, guide_title, slug, title, body, bm25(sections, 10.0, 1.0) AS score" \
  "  FROM sections WHERE sections MATCH ?1 ORDER BY score LIMIT ?2"

#define SNIPPET_BEFORE 60
#define SNIPPET_LENGTH 220

static gboolean
set_db_error (sqlite3     *db,
              const char  *what,
              GError     **error)
{
  g_set_error (error, SDP_SEARCH_ERROR, SDP_SEARCH_ERROR_DATABASE, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

void
sdp_search_hit_free (SdpSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->guide_id);
  g_free (hit->guide_title);
  g_free (hit->section_slug);
  g_free (hit->section_title);
  g_free (hit->snippet);
  g_free (hit);
}

static void
sdp_search_index_finalize (GObject *object)
{
  SdpSearchIndex *self = SDP_SEARCH_INDEX (object);

  g_clear_pointer (&self->query, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);

  G_OBJECT_CLASS (sdp_search_index_parent_class)->finalize (object);
}

static void
sdp_search_index_class_init (SdpSearchIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sdp_search_index_finalize;
}

static void
sdp_search_index_init (SdpSearchIndex *self)
{
}

static gboolean
insert_guide (SdpSearchIndex  *self,
              sqlite3_stmt    *insert,
              const SdpGuide  *guide,
              const char      *markdown,
              gsize            length,
              GError         **error)
{
  g_autoptr(SdpMarkdownResult) result = sdp_markdown_render (markdown, length);
  guint i;

  for (i = 0; i < result->sections->len; i++)
    {
      SdpSection *section = g_ptr_array_index (result->sections, i);
      const char *title = section->heading != NULL ? section->heading->text : guide->title;
      const char *slug = section->heading != NULL ? section->heading->slug : "";

      if (section->text->len == 0 && section->heading == NULL)
        continue;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, section->text->str, (int) section->text->len, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, guide->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, slug, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, guide->title, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        return set_db_error (self->db, "Cannot index a section", error);
      self->n_sections++;
    }
  return TRUE;
}

/**
 * sdp_search_index_build:
 *
 * Reads, renders and indexes every guide. A guide that cannot be read is left out (and
 * logged); the others are still searchable.
 *
 * Returns: (transfer full) (nullable): the index
 */
SdpSearchIndex *
sdp_search_index_build (SdpCatalog    *catalog,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SdpSearchIndex) self = g_object_new (SDP_TYPE_SEARCH_INDEX, NULL);
  sqlite3_stmt *insert = NULL;
  GPtrArray *guides;
  guint i;

  g_return_val_if_fail (SDP_IS_CATALOG (catalog), NULL);

  if (sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    return set_db_error (self->db, "Cannot open the search index", error), NULL;
  if (sqlite3_exec (self->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "INSERT INTO sections (title, body, guide_id, slug, guide_title)"
                          " VALUES (?, ?, ?, ?, ?)", -1, &insert, NULL) != SQLITE_OK)
    return set_db_error (self->db, "Cannot create the search index", error), NULL;

  guides = sdp_catalog_get_guides (catalog);
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      g_autoptr(GError) read_error = NULL;
      g_autofree char *markdown = NULL;
      gsize length = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (insert);
          return NULL;
        }

      markdown = sdp_catalog_read_guide (catalog, guide->id, &length, &read_error);
      if (markdown == NULL)
        {
          g_warning ("Not searchable: %s", read_error->message);
          continue;
        }
      if (!insert_guide (self, insert, guide, markdown, length, error))
        {
          sqlite3_finalize (insert);
          return NULL;
        }
    }
  sqlite3_finalize (insert);

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, "INSERT INTO sections (sections) VALUES ('optimize')",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, QUERY, -1, &self->query, NULL) != SQLITE_OK)
    return set_db_error (self->db, "Cannot finish the search index", error), NULL;

  return g_steal_pointer (&self);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  SdpSearchIndex *index = sdp_search_index_build (task_data, cancellable, &error);

  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, g_object_unref);
}

/**
 * sdp_search_index_build_async:
 *
 * Builds the index in a worker thread, so the window stays responsive meanwhile.
 */
void
sdp_search_index_build_async (SdpCatalog          *catalog,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sdp_search_index_build_async);
  g_task_set_task_data (task, g_object_ref (catalog), g_object_unref);
  g_task_run_in_thread (task, build_thread);
}

/**
 * sdp_search_index_build_finish:
 * Returns: (transfer full) (nullable): the index
 */
SdpSearchIndex *
sdp_search_index_build_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
sdp_search_index_get_n_sections (SdpSearchIndex *self)
{
  g_return_val_if_fail (SDP_IS_SEARCH_INDEX (self), 0);
  return self->n_sections;
}

/**
 * sdp_search_split_terms:
 *
 * The words of what the user typed: runs of letters and digits, lowercased.
 *
 * Returns: (transfer full): a %NULL-terminated array, possibly empty
 */
char **
sdp_search_split_terms (const char *text)
{
  g_autoptr(GStrvBuilder) terms = g_strv_builder_new ();
  g_autoptr(GString) term = g_string_new (NULL);
  const char *p;

  for (p = text != NULL ? text : ""; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gboolean word = *p != '\0' && c != (gunichar) -1 && c != (gunichar) -2 &&
                      (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (word)
        g_string_append_unichar (term, g_unichar_tolower (c));
      else if (term->len > 0)
        {
          g_strv_builder_add (terms, term->str);
          g_string_truncate (term, 0);
        }
      if (*p == '\0' || c == (gunichar) -1 || c == (gunichar) -2)
        break;
    }
  return g_strv_builder_end (terms);
}

/**
 * sdp_search_build_match_query:
 *
 * Turns what the user typed into an FTS5 query that cannot be a syntax error: every word is
 * quoted (so "AND", "-" or "*" typed by the user mean nothing special), all words must match,
 * and the last one also matches as a prefix, so results appear while typing (from its second
 * letter: one letter would match nearly every section).
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when there is nothing to search
 */
char *
sdp_search_build_match_query (const char *text)
{
  g_auto(GStrv) terms = sdp_search_split_terms (text);
  GString *query;
  guint i, n = g_strv_length (terms);

  if (n == 0)
    return NULL;

  query = g_string_new (NULL);
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, "\"%s\"", terms[i]);
      if (i == n - 1 && g_utf8_strlen (terms[i], -1) >= 2)
        g_string_append_c (query, '*');
    }
  return g_string_free (query, FALSE);
}

/* A word matches when it starts with the term's stem (as the index's stemming would allow):
 * the term itself for short words, without its last three letters for longer ones. */
static gsize
match_at (const char  *text,
          const char  *p,
          char       **stems)
{
  guint i;

  if (p > text && (g_ascii_isalnum (p[-1]) || ((guchar) p[-1] & 0x80)))
    return 0;
  for (i = 0; stems[i] != NULL; i++)
    {
      gsize len = strlen (stems[i]);

      if (g_ascii_strncasecmp (p, stems[i], len) == 0)
        {
          const char *end = p + len;

          while (g_ascii_isalnum (*end) || ((guchar) *end & 0x80))
            end++;
          return end - p;
        }
    }
  return 0;
}

static const char *
utf8_start (const char *text,
            const char *p)
{
  while (p > text && ((guchar) *p & 0xC0) == 0x80)
    p--;
  return p;
}

/* About SNIPPET_LENGTH bytes of @body around the first matched word, every match marked. */
char *
sdp_search_snippet (const char *body,
                    const char *query)
{
  g_auto(GStrv) terms = sdp_search_split_terms (query);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *first = NULL, *start, *end, *p;
  gsize body_len = strlen (body);
  guint i;

  for (i = 0; terms[i] != NULL; i++)
    {
      gsize len = strlen (terms[i]);

      if (g_utf8_strlen (terms[i], -1) > 5)
        terms[i][len - 3] = '\0';
    }

  for (p = body; *p != '\0' && first == NULL; p++)
    if (match_at (body, p, terms) > 0)
      first = p;
  if (first == NULL)
    first = body;

  start = first - body > SNIPPET_BEFORE ? utf8_start (body, first - SNIPPET_BEFORE) : body;
  while (start > body && start < first && *start != ' ')
    start++;
  end = (gsize) (start - body) + SNIPPET_LENGTH < body_len ? utf8_start (body, start + SNIPPET_LENGTH)
                                                           : body + body_len;
  while (end < body + body_len && end > first && *end != ' ')
    end--;

  if (start > body)
    g_string_append (out, "…");
  for (p = start; p < end; )
    {
      gsize len = match_at (body, p, terms);

      if (len > 0 && p + len <= end)
        {
          g_string_append (out, SDP_SEARCH_MATCH_START);
          g_string_append_len (out, p, len);
          g_string_append (out, SDP_SEARCH_MATCH_END);
          p += len;
        }
      else
        g_string_append_c (out, *p++);
    }
  if (end < body + body_len)
    g_string_append (out, "…");

  /* Whitespace runs (table cells, line breaks) read as one space. */
  for (i = 0; i < out->len; i++)
    if (g_ascii_isspace (out->str[i]))
      out->str[i] = ' ';
  return g_strdup (out->str);
}

/**
 * sdp_search_index_query:
 * @limit: the most hits to return
 *
 * Returns: (transfer full) (element-type SdpSearchHit): the best sections first; empty when
 * @text has no words
 */
GPtrArray *
sdp_search_index_query (SdpSearchIndex  *self,
                        const char      *text,
                        guint            limit,
                        GError         **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_search_hit_free);
  g_autofree char *match = sdp_search_build_match_query (text);
  int rc;

  g_return_val_if_fail (SDP_IS_SEARCH_INDEX (self), NULL);

  if (match == NULL || limit == 0)
    return g_steal_pointer (&hits);

  sqlite3_reset (self->query);
  sqlite3_bind_text (self->query, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (self->query, 2, (int) MIN (limit, G_MAXINT));

  while ((rc = sqlite3_step (self->query)) == SQLITE_ROW)
    {
      SdpSearchHit *hit = g_new0 (SdpSearchHit, 1);

      hit->guide_id = g_strdup ((const char *) sqlite3_column_text (self->query, 0));
      hit->guide_title = g_strdup ((const char *) sqlite3_column_text (self->query, 1));
      hit->section_slug = g_strdup ((const char *) sqlite3_column_text (self->query, 2));
      hit->section_title = g_strdup ((const char *) sqlite3_column_text (self->query, 3));
      hit->snippet = sdp_search_snippet ((const char *) sqlite3_column_text (self->query, 4), text);
      hit->rank = sqlite3_column_double (self->query, 5);
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (self->query);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, "Search failed", error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}

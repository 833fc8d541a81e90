/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The content validator: the shipped program and guides hold together. Every task and link
 * resolves, each phase guide is complete (length, topics, diagram, standard sections), no
 * placeholder text is left, and the resource bundle lists every content file. */

#include <json-glib/json-glib.h>
#include <string.h>

#include "sdp-guide-page.h"
#include "sdp-markdown.h"
#include "sdp-search-index.h"

#define MIN_PHASE_WORDS 5000

static SdpCatalog *catalog;
static GHashTable *rendered; /* guide id -> SdpMarkdownResult */
static GString *problems;

static void G_GNUC_PRINTF (1, 2)
problem (const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (problems, format, args);
  g_string_append_c (problems, '\n');
  va_end (args);
}

static void
check_no_problems (void)
{
  if (problems->len > 0)
    g_error ("\n%s", problems->str);
}

static void
reset_problems (void)
{
  g_string_truncate (problems, 0);
}

static gboolean
has_anchor (SdpMarkdownResult *result,
            const char        *anchor)
{
  guint i;

  for (i = 0; i < result->headings->len; i++)
    if (g_str_equal (((SdpHeading *) g_ptr_array_index (result->headings, i))->slug, anchor))
      return TRUE;
  return FALSE;
}

/* "guide-id" or "guide-id#anchor": does it name a guide, and a heading in it? */
static gboolean
guide_target_resolves (const char *target)
{
  g_autofree char *guide_id = g_strndup (target, strcspn (target, "#"));
  const char *hash = strchr (target, '#');
  SdpMarkdownResult *result = g_hash_table_lookup (rendered, guide_id);

  return result != NULL && (hash == NULL || has_anchor (result, hash + 1));
}

static void
test_tasks_resolve (void)
{
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  g_autoptr(GRegex) question = g_regex_new ("^question:q-[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  guint i, j, k;

  reset_problems ();
  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      for (j = 0; j < week->days->len; j++)
        {
          const SdpDay *day = g_ptr_array_index (week->days, j);

          for (k = 0; k < day->tasks->len; k++)
            {
              const SdpTask *task = g_ptr_array_index (day->tasks, k);
              gboolean ok;

              switch (task->kind)
                {
                case SDP_TASK_QUIZ:
                  ok = g_str_has_prefix (task->target, "quiz:") &&
                       sdp_catalog_find_phase (catalog, task->target + strlen ("quiz:")) != NULL;
                  break;
                case SDP_TASK_MOCK:
                  ok = g_regex_match (question, task->target, 0, NULL);
                  break;
                case SDP_TASK_READ:
                case SDP_TASK_EXERCISE:
                case SDP_TASK_REVIEW:
                default:
                  ok = guide_target_resolves (task->target);
                  break;
                }
              if (!ok)
                problem ("task %s (%s): target “%s” does not resolve", task->id,
                         sdp_task_kind_to_string (task->kind), task->target);
            }
        }
    }
  check_no_problems ();
}

static void
test_links_resolve (void)
{
  GPtrArray *guides = sdp_catalog_get_guides (catalog);
  guint i, j;

  reset_problems ();
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      SdpMarkdownResult *result = g_hash_table_lookup (rendered, guide->id);

      for (j = 0; j < result->links->len; j++)
        {
          const char *link = g_ptr_array_index (result->links, j);
          const char *prefix = SDP_GUIDE_SCHEME "://";

          if (g_str_has_prefix (link, "https://") || g_str_has_prefix (link, "http://") ||
              g_str_has_prefix (link, "mailto:"))
            continue;
          if (*link == '#')
            {
              if (!has_anchor (result, link + 1))
                problem ("%s: link to “%s”: no such section here", guide->id, link);
            }
          else if (g_str_has_prefix (link, SDP_GUIDE_SCHEME "://" SDP_ASSET_HOST "/"))
            {
              g_autofree char *path = g_build_filename (SDP_SOURCE_CONTENT_DIR, "guides",
                                                        link + strlen (SDP_GUIDE_SCHEME "://"
                                                                       SDP_ASSET_HOST "/"), NULL);

              if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
                problem ("%s: image “%s” is missing", guide->id, link);
            }
          else if (!g_str_has_prefix (link, prefix) || !guide_target_resolves (link + strlen (prefix)))
            problem ("%s: link to “%s” does not resolve", guide->id, link);
        }
    }
  check_no_problems ();
}

static guint
count_words (SdpMarkdownResult *result)
{
  guint words = 0, i;

  for (i = 0; i < result->sections->len; i++)
    {
      SdpSection *section = g_ptr_array_index (result->sections, i);
      g_auto(GStrv) parts = g_strsplit_set (section->text->str, " \t\n", -1);
      guint j;

      for (j = 0; parts[j] != NULL; j++)
        if (*parts[j] != '\0')
          words++;
    }
  return words;
}

static char *
plain_text (SdpMarkdownResult *result)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < result->sections->len; i++)
    {
      SdpSection *section = g_ptr_array_index (result->sections, i);

      if (section->heading != NULL)
        g_string_append_printf (text, "%s\n", section->heading->text);
      g_string_append_printf (text, "%s\n", section->text->str);
    }
  return g_string_free (text, FALSE);
}

static void
test_phase_guides (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *topics_path = g_build_filename (SDP_SOURCE_CONTENT_DIR, "topics.json", NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *phases = sdp_catalog_get_phases (catalog);
  static const char * const sections[] = {
    "what-you-will-be-able-to-do", "in-the-interview", "common-mistakes", "exercises", "references",
  };
  JsonObject *topics;
  guint i, j;

  g_assert_true (json_parser_load_from_file (parser, topics_path, &error));
  g_assert_no_error (error);
  topics = json_node_get_object (json_parser_get_root (parser));

  reset_problems ();
  for (i = 0; i < phases->len; i++)
    {
      const SdpPhase *phase = g_ptr_array_index (phases, i);
      SdpMarkdownResult *result = g_hash_table_lookup (rendered, phase->guide_id);
      g_autofree char *text = plain_text (result);
      g_autofree char *folded = g_utf8_casefold (text, -1);
      g_autofree char *uri = g_strconcat (SDP_GUIDE_SCHEME "://", phase->guide_id, NULL);
      SdpGuidePageStyle style = { "", FALSE };
      g_autoptr(SdpGuidePage) page = sdp_guide_page_load (catalog, uri, &style, NULL);
      guint words = count_words (result);
      JsonArray *list;

      if (words < MIN_PHASE_WORDS)
        problem ("%s: %u words, fewer than %d", phase->guide_id, words, MIN_PHASE_WORDS);

      for (j = 0; j < G_N_ELEMENTS (sections); j++)
        if (!has_anchor (result, sections[j]))
          problem ("%s: no “%s” section", phase->guide_id, sections[j]);

      if (page == NULL || strstr (g_bytes_get_data (page->data, NULL), "<span class=\"figure\"><svg") == NULL)
        problem ("%s: no diagram", phase->guide_id);

      if (!json_object_has_member (topics, phase->guide_id))
        {
          problem ("%s: no topic list in topics.json", phase->guide_id);
          continue;
        }
      list = json_object_get_array_member (topics, phase->guide_id);
      for (j = 0; j < json_array_get_length (list); j++)
        {
          const char *topic = json_array_get_string_element (list, j);
          g_auto(GStrv) spellings = g_strsplit (topic, "|", -1);
          gboolean found = FALSE;
          guint k;

          for (k = 0; spellings[k] != NULL && !found; k++)
            {
              g_autofree char *needle = g_utf8_casefold (spellings[k], -1);

              found = strstr (folded, needle) != NULL;
            }
          if (!found)
            problem ("%s: topic “%s” is not covered", phase->guide_id, topic);
        }
    }
  check_no_problems ();
}

static void
test_every_guide (void)
{
  GPtrArray *guides = sdp_catalog_get_guides (catalog);
  static const char * const placeholders[] = {
    "todo", "tbd", "fixme", "lorem ipsum", "being written", "coming soon", "placeholder",
  };
  guint i, j;

  reset_problems ();
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      SdpMarkdownResult *result = g_hash_table_lookup (rendered, guide->id);
      g_autofree char *text = plain_text (result);
      g_autofree char *folded = g_utf8_casefold (text, -1);
      g_autoptr(GRegex) word = NULL;

      if (g_strcmp0 (result->title, guide->title) != 0)
        problem ("%s: title “%s” differs from program.json's “%s”", guide->id,
                 result->title != NULL ? result->title : "(none)", guide->title);
      if (!has_anchor (result, "what-you-will-be-able-to-do"))
        problem ("%s: no “What you will be able to do” section", guide->id);
      if (!has_anchor (result, "references"))
        problem ("%s: no “References” section", guide->id);

      for (j = 0; j < G_N_ELEMENTS (placeholders); j++)
        {
          g_autofree char *pattern = g_strdup_printf ("\\b%s\\b", placeholders[j]);

          word = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
          if (g_regex_match (word, folded, 0, NULL))
            problem ("%s: placeholder text “%s”", guide->id, placeholders[j]);
          g_clear_pointer (&word, g_regex_unref);
        }
    }
  check_no_problems ();
}

/* Every file of content/ must be in the resource bundle, or the app would not have it. */
static void
collect_files (const char *dir,
               const char *relative,
               GPtrArray  *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *rel = relative != NULL ? g_strconcat (relative, "/", name, NULL)
                                              : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, rel, files);
      else if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".svg"))
        g_ptr_array_add (files, g_steal_pointer (&rel));
    }
}

static void
test_resources_complete (void)
{
  g_autofree char *xml_path = g_build_filename (SDP_SOURCE_CONTENT_DIR, "sdp-content.gresource.xml", NULL);
  g_autofree char *guides_dir = g_build_filename (SDP_SOURCE_CONTENT_DIR, "guides", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint i;

  g_assert_true (g_file_get_contents (xml_path, &xml, NULL, NULL));
  collect_files (guides_dir, "guides", files);
  g_assert_cmpuint (files->len, >=, 16);

  reset_problems ();
  for (i = 0; i < files->len; i++)
    {
      g_autofree char *entry = g_strdup_printf (">%s</file>", (char *) g_ptr_array_index (files, i));

      if (strstr (xml, entry) == NULL)
        problem ("content/%s is not listed in sdp-content.gresource.xml",
                 (char *) g_ptr_array_index (files, i));
    }
  check_no_problems ();
}

/* Diagrams carry no colours of their own (the page's palette colours them) and no scripts. */
static void
test_diagrams (void)
{
  g_autofree char *dir = g_build_filename (SDP_SOURCE_CONTENT_DIR, "guides", "diagrams", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GRegex) colour = g_regex_new ("(fill|stroke)=\"(#|rgb|[a-z]+\")|style=|<script|href=\"http",
                                          G_REGEX_CASELESS, 0, NULL);
  const char *name;
  guint n = 0;

  reset_problems ();
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *svg = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".svg"))
        continue;
      n++;
      g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
      if (strstr (svg, "class=\"diagram\"") == NULL)
        problem ("%s: the root <svg> needs class=\"diagram\"", name);
      if (g_regex_match (colour, svg, 0, &match))
        {
          g_autofree char *what = g_match_info_fetch (match, 0);

          /* fill="none" is not a colour. */
          if (!g_str_has_suffix (what, "none\""))
            problem ("%s: has “%s” (diagrams take their colours from the page)", name, what);
        }
    }
  g_assert_cmpuint (n, >=, 6);
  check_no_problems ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *guides;
  int status;
  guint i;

  g_test_init (&argc, &argv, NULL);

  catalog = sdp_catalog_new_from_file (file, &error);
  g_assert_no_error (error);
  problems = g_string_new (NULL);
  rendered = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) sdp_markdown_result_free);
  guides = sdp_catalog_get_guides (catalog);
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      gsize length = 0;
      g_autofree char *markdown = sdp_catalog_read_guide (catalog, guide->id, &length, &error);

      g_assert_no_error (error);
      g_hash_table_insert (rendered, guide->id, sdp_markdown_render (markdown, length));
    }

  g_test_add_func ("/content/tasks-resolve", test_tasks_resolve);
  g_test_add_func ("/content/links-resolve", test_links_resolve);
  g_test_add_func ("/content/phase-guides", test_phase_guides);
  g_test_add_func ("/content/every-guide", test_every_guide);
  g_test_add_func ("/content/resources-complete", test_resources_complete);
  g_test_add_func ("/content/diagrams", test_diagrams);

  status = g_test_run ();
  g_hash_table_unref (rendered);
  g_string_free (problems, TRUE);
  g_object_unref (catalog);
  return status;
}

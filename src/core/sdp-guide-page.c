/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-guide-page.h"

#include <string.h>

#include "sdp-markdown.h"

/* Pages may load nothing but our own scheme: no network, no remote scripts, no plugins.
 * Scripts are off in the view's settings too; the app talks to pages through WebKit's own
 * evaluation API and a user script, neither of which this policy restricts. */
#define PAGE_CSP "default-src 'none'; img-src " SDP_GUIDE_SCHEME ": data:; " \
                 "style-src 'unsafe-inline'; font-src " SDP_GUIDE_SCHEME ":"

void
sdp_guide_page_free (SdpGuidePage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->data, g_bytes_unref);
  g_free (page->mime_type);
  g_free (page->title);
  g_free (page);
}

static char *
escape_text (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

/**
 * sdp_guide_page_wrap:
 *
 * Returns: (transfer full): a complete HTML document around @body_html
 */
char *
sdp_guide_page_wrap (const char              *title,
                     const char              *body_html,
                     const SdpGuidePageStyle *style)
{
  g_autofree char *escaped_title = escape_text (title);

  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\"%s>\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                          "<meta name=\"color-scheme\" content=\"light dark\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<title>%s</title>\n<style>\n%s\n</style>\n</head>\n"
                          "<body>\n<main class=\"guide\">\n%s</main>\n</body>\n</html>\n",
                          style->dark ? " class=\"dark\"" : "",
                          PAGE_CSP, escaped_title,
                          style->stylesheet != NULL ? style->stylesheet : "",
                          body_html);
}

/**
 * sdp_guide_page_error_html:
 *
 * Returns: (transfer full): a page that says what went wrong, in the guide style
 */
char *
sdp_guide_page_error_html (const char              *heading,
                           const char              *message,
                           const SdpGuidePageStyle *style)
{
  g_autofree char *h = escape_text (heading);
  g_autofree char *m = escape_text (message);
  g_autofree char *body = g_strdup_printf ("<div class=\"error-page\" role=\"alert\">\n"
                                           "<h1 id=\"error\">%s</h1>\n<p>%s</p>\n</div>\n",
                                           h, m);

  return sdp_guide_page_wrap (heading, body, style);
}

/* A task's target as a Markdown link, when it names something the reader can open now. */
static void
append_task_target (GString       *md,
                    SdpCatalog    *catalog,
                    const SdpTask *task)
{
  g_autofree char *guide_id = NULL;
  const char *hash = strchr (task->target, '#');
  const SdpGuide *guide;

  guide_id = g_strndup (task->target, hash != NULL ? (gsize) (hash - task->target)
                                                   : strlen (task->target));
  guide = sdp_catalog_find_guide (catalog, guide_id);
  if (guide != NULL)
    g_string_append_printf (md, "[%s](%s.md%s)", task->title, guide->id, hash != NULL ? hash : "");
  else
    g_string_append (md, task->title);
}

static const char *
task_kind_label (SdpTaskKind kind)
{
  switch (kind)
    {
    case SDP_TASK_READ: return "Read";
    case SDP_TASK_EXERCISE: return "Exercise";
    case SDP_TASK_QUIZ: return "Quiz";
    case SDP_TASK_MOCK: return "Mock interview";
    case SDP_TASK_REVIEW: return "Review";
    default: return "Task";
    }
}

/**
 * sdp_guide_page_week_markdown:
 *
 * The week page is written as Markdown and rendered like any guide, so it gets the same
 * anchors, links and style. Each day's heading carries the day's id as its anchor.
 *
 * Returns: (transfer full): Markdown for the week
 */
char *
sdp_guide_page_week_markdown (SdpCatalog    *catalog,
                              const SdpWeek *week)
{
  GString *md = g_string_new (NULL);
  const SdpPhase *phase = sdp_catalog_find_phase (catalog, week->phase_id);
  guint i, j;
  int week_minutes = 0;

  for (i = 0; i < week->days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (week->days, i);

      for (j = 0; j < day->tasks->len; j++)
        week_minutes += ((SdpTask *) g_ptr_array_index (day->tasks, j))->minutes;
    }

  g_string_append_printf (md, "# Week %d — %s\n\n", week->number, week->theme);
  if (phase != NULL)
    g_string_append_printf (md, "Part of [Phase %d — %s](%s.md). ",
                            phase->number, phase->title, phase->guide_id);
  g_string_append_printf (md, "%u study days, about %d h %02d min in all.\n\n",
                          week->days->len, week_minutes / 60, week_minutes % 60);
  g_string_append_printf (md, "> [!NOTE]\n> **Goals.** %s\n\n", week->goals);

  for (i = 0; i < week->days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (week->days, i);
      int day_minutes = 0;

      for (j = 0; j < day->tasks->len; j++)
        day_minutes += ((SdpTask *) g_ptr_array_index (day->tasks, j))->minutes;

      g_string_append_printf (md, "## Day %d: %s {#%s}\n\n", day->number, day->title, day->id);
      g_string_append_printf (md, "About %d minutes.\n\n", day_minutes);
      g_string_append (md, "| Task | Kind | Minutes |\n|---|---|--:|\n");
      for (j = 0; j < day->tasks->len; j++)
        {
          const SdpTask *task = g_ptr_array_index (day->tasks, j);

          g_string_append (md, "| ");
          append_task_target (md, catalog, task);
          g_string_append_printf (md, " | %s | %d |\n", task_kind_label (task->kind), task->minutes);
        }
      g_string_append_c (md, '\n');
    }

  return g_string_free (md, FALSE);
}

/**
 * sdp_guide_page_uri_for_id:
 * @id: a guide, phase, week or day id
 *
 * Returns: (transfer full) (nullable): the page that shows @id
 */
char *
sdp_guide_page_uri_for_id (SdpCatalog *catalog,
                           const char *id)
{
  const SdpPhase *phase;
  const SdpWeek *week;

  if (sdp_catalog_find_guide (catalog, id) != NULL || sdp_catalog_find_week (catalog, id) != NULL)
    return g_strconcat (SDP_GUIDE_SCHEME "://", id, NULL);
  if ((phase = sdp_catalog_find_phase (catalog, id)) != NULL)
    return g_strconcat (SDP_GUIDE_SCHEME "://", phase->guide_id, NULL);
  if ((week = sdp_catalog_find_week_of_day (catalog, id, NULL)) != NULL)
    return g_strconcat (SDP_GUIDE_SCHEME "://", week->id, "#", id, NULL);
  return NULL;
}

static SdpGuidePage *
page_new (char       *html,
          const char *title)
{
  SdpGuidePage *page = g_new0 (SdpGuidePage, 1);

  page->data = g_bytes_new_take (html, strlen (html));
  page->mime_type = g_strdup ("text/html");
  page->title = g_strdup (title);
  return page;
}

/* Files beside the guides (diagrams, pictures) are served from the guides' folder and nowhere
 * else, and only if they are images: a page can never read other files through the scheme. */
static SdpGuidePage *
load_asset (SdpCatalog  *catalog,
            const char  *path,
            GError     **error)
{
  g_autoptr(GFile) program_dir = sdp_catalog_get_base_dir (catalog);
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *contents = NULL;
  SdpGuidePage *page;
  gsize length = 0;

  if (program_dir == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The program has no folder");
      return NULL;
    }

  root = g_file_get_child (program_dir, "guides");
  file = g_file_resolve_relative_path (root, path != NULL && *path == '/' ? path + 1 : "");
  if (path == NULL || !g_file_has_prefix (file, root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "“%s” is not a file beside the guides", path != NULL ? path : "");
      return NULL;
    }

  content_type = g_content_type_guess (path, NULL, 0, NULL);
  if (!g_str_has_prefix (content_type, "image/"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Only images are served beside the guides, not “%s” (%s)", path, content_type);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  page = g_new0 (SdpGuidePage, 1);
  page->data = g_bytes_new_take (g_steal_pointer (&contents), length);
  page->mime_type = g_content_type_get_mime_type (content_type);
  return page;
}

/* Diagrams (SVG beside the guides) go into the page itself rather than in an <img>, so the
 * page's stylesheet colours them for the light or the dark palette. */
static char *
inline_diagram_cb (const char *src,
                   gpointer    user_data)
{
  SdpCatalog *catalog = user_data;
  g_autoptr(GUri) parsed = g_uri_parse (src, G_URI_FLAGS_NONE, NULL);
  g_autoptr(SdpGuidePage) asset = NULL;
  g_autoptr(GError) error = NULL;
  const char *svg;
  const char *start;
  gsize size;

  if (parsed == NULL || g_strcmp0 (g_uri_get_host (parsed), SDP_ASSET_HOST) != 0 ||
      !g_str_has_suffix (g_uri_get_path (parsed), ".svg"))
    return NULL;

  asset = load_asset (catalog, g_uri_get_path (parsed), &error);
  if (asset == NULL)
    {
      g_warning ("Diagram %s cannot be shown: %s", src, error->message);
      return NULL;
    }

  /* Drop the XML declaration and anything else before the root element. */
  svg = g_bytes_get_data (asset->data, &size);
  start = g_strstr_len (svg, (gssize) size, "<svg");
  if (start == NULL || !g_utf8_validate_len (start, size - (start - svg), NULL))
    return NULL;
  return g_strndup (start, size - (start - svg));
}

/* The Markdown behind a page: a guide's file, or a week's generated page. */
static char *
markdown_for (SdpCatalog  *catalog,
              const char  *host,
              gsize       *length,
              GError     **error)
{
  const SdpWeek *week;
  char *markdown;

  if (host != NULL && sdp_catalog_find_guide (catalog, host) != NULL)
    return sdp_catalog_read_guide (catalog, host, length, error);

  if ((week = sdp_catalog_find_week (catalog, host)) != NULL)
    {
      markdown = sdp_guide_page_week_markdown (catalog, week);
      *length = strlen (markdown);
      return markdown;
    }

  g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE,
               "Nothing in the program is called “%s”", host != NULL ? host : "");
  return NULL;
}

static GUri *
parse_guide_uri (const char  *uri,
                 GError     **error)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, error);

  if (parsed == NULL)
    return NULL;
  if (g_strcmp0 (g_uri_get_scheme (parsed), SDP_GUIDE_SCHEME) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "“%s” is not a guide address", uri);
      return NULL;
    }
  return g_steal_pointer (&parsed);
}

/**
 * sdp_guide_page_get_headings:
 *
 * The table of contents of a guide or week page.
 *
 * Returns: (transfer full) (element-type SdpHeading) (nullable): its headings in order
 */
GPtrArray *
sdp_guide_page_get_headings (SdpCatalog  *catalog,
                             const char  *uri,
                             GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(SdpMarkdownResult) result = NULL;
  g_autofree char *markdown = NULL;
  gsize length = 0;

  g_return_val_if_fail (SDP_IS_CATALOG (catalog), NULL);

  parsed = parse_guide_uri (uri, error);
  if (parsed == NULL)
    return NULL;
  markdown = markdown_for (catalog, g_uri_get_host (parsed), &length, error);
  if (markdown == NULL)
    return NULL;
  result = sdp_markdown_render (markdown, length);
  return g_ptr_array_ref (result->headings);
}

/**
 * sdp_guide_page_load:
 * @uri: an sdp-guide:// URI; its fragment is ignored
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with @error set when the URI names
 * nothing in the program or the guide's file cannot be read
 */
SdpGuidePage *
sdp_guide_page_load (SdpCatalog              *catalog,
                     const char              *uri,
                     const SdpGuidePageStyle *style,
                     GError                 **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(SdpMarkdownResult) result = NULL;
  g_autofree char *markdown = NULL;
  const char *host;
  gsize length = 0;

  g_return_val_if_fail (SDP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  parsed = parse_guide_uri (uri, error);
  if (parsed == NULL)
    return NULL;

  host = g_uri_get_host (parsed);
  if (g_strcmp0 (host, SDP_ASSET_HOST) == 0)
    return load_asset (catalog, g_uri_get_path (parsed), error);

  markdown = markdown_for (catalog, host, &length, error);
  if (markdown == NULL)
    return NULL;

  result = sdp_markdown_render_full (markdown, length, inline_diagram_cb, catalog);
  return page_new (sdp_guide_page_wrap (result->title, result->html, style), result->title);
}

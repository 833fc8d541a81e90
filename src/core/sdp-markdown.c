/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-markdown.h"

#include <md4c.h>
#include <string.h>

#include "sdp-slug.h"

/* md4c parses; this file renders. We do not use md4c-html because we need the heading text
 * before writing the heading tag (for its anchor), control over links and raw HTML, and
 * callouts, all of which are easiest with the output in one buffer we can edit in place. */

typedef struct
{
  GString           *out;
  SdpSlugger        *slugger;
  SdpMarkdownResult *result;

  /* The heading being written: where its HTML starts, and its plain text for the slug. */
  gboolean           in_heading;
  gsize              heading_start;
  GString           *heading_text;

  /* Plain text of the current section, for search. */
  SdpSection        *section;

  /* Inside ![alt](src) the alt text goes into an attribute (or an inline image's caption):
   * no tags allowed. */
  int                image_depth;
  gboolean           image_inlined;
  SdpMarkdownInlineImage inline_image;
  gpointer           inline_data;

  /* Callouts: a blockquote whose first line is "[!NOTE]" (or TIP, IMPORTANT, WARNING,
   * CAUTION). We write a normal blockquote and rewrite it once that line is complete. */
  GArray            *quote_is_callout; /* gboolean per open blockquote */
  gboolean           callout_pending;
  gboolean           callout_para_open;
  gboolean           skip_para_close;
  gboolean           skip_soft_break;
  gsize              quote_start;
  gsize              para_start;
  gsize              para_text_start;
} Renderer;

static const struct
{
  const char *marker;
  const char *css;
  const char *title;
} callouts[] = {
  { "[!NOTE]", "note", "Note" },
  { "[!TIP]", "tip", "Tip" },
  { "[!IMPORTANT]", "important", "Important" },
  { "[!WARNING]", "warning", "Warning" },
  { "[!CAUTION]", "caution", "Caution" },
};

static void
append_escaped (GString    *out,
                const char *text,
                gsize       size)
{
  const char *end = text + size;
  const char *run = text;
  const char *p;

  for (p = text; p < end; p++)
    {
      const char *entity = NULL;

      switch (*p)
        {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        default: continue;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
}

/* Decodes the entities that matter for plain text (slugs, titles, URLs); others are kept. */
static void
append_entity_decoded (GString    *out,
                       const char *text,
                       gsize       size)
{
  g_autofree char *entity = g_strndup (text, size);

  if (g_str_equal (entity, "&amp;"))
    g_string_append_c (out, '&');
  else if (g_str_equal (entity, "&lt;"))
    g_string_append_c (out, '<');
  else if (g_str_equal (entity, "&gt;"))
    g_string_append_c (out, '>');
  else if (g_str_equal (entity, "&quot;"))
    g_string_append_c (out, '"');
  else if (g_str_equal (entity, "&nbsp;"))
    g_string_append_c (out, ' ');
  else if (size > 3 && entity[1] == '#')
    {
      gboolean hex = entity[2] == 'x' || entity[2] == 'X';
      guint64 c = g_ascii_strtoull (entity + (hex ? 3 : 2), NULL, hex ? 16 : 10);

      if (c > 0 && c <= 0x10FFFF && g_unichar_validate ((gunichar) c))
        g_string_append_unichar (out, (gunichar) c);
    }
  else
    g_string_append (out, entity);
}

static char *
attribute_to_string (const MD_ATTRIBUTE *attr)
{
  GString *str = g_string_new (NULL);
  int i;

  for (i = 0; attr->substr_offsets[i] < attr->size; i++)
    {
      const char *piece = attr->text + attr->substr_offsets[i];
      gsize len = attr->substr_offsets[i + 1] - attr->substr_offsets[i];

      if (attr->substr_types[i] == MD_TEXT_ENTITY)
        append_entity_decoded (str, piece, len);
      else if (attr->substr_types[i] == MD_TEXT_NULLCHAR)
        g_string_append (str, "\xEF\xBF\xBD");
      else
        g_string_append_len (str, piece, len);
    }
  return g_string_free (str, FALSE);
}

/* Raw HTML: only the few tags the guides need pass; any other markup is shown as text, so a
 * guide can never inject scripts, styles, iframes or event handlers. */
static const char *
allowed_tag (const char *tag,
             gsize       len)
{
  static const char * const allowed[] = {
    "<details>", "<details open>", "</details>", "<summary>", "</summary>",
    "<kbd>", "</kbd>", "<br>", "<br/>", "<br />",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (strlen (allowed[i]) == len && g_ascii_strncasecmp (tag, allowed[i], len) == 0)
      return g_str_has_prefix (allowed[i], "<br") ? "<br>" : allowed[i];
  return NULL;
}

static void
append_filtered_html (GString    *out,
                      const char *text,
                      gsize       size)
{
  const char *end = text + size;
  const char *p = text;

  while (p < end)
    {
      const char *open = memchr (p, '<', end - p);
      const char *close;
      const char *tag;

      if (open == NULL)
        {
          append_escaped (out, p, end - p);
          return;
        }
      append_escaped (out, p, open - p);

      close = memchr (open, '>', end - open);
      if (close == NULL)
        {
          append_escaped (out, open, end - open);
          return;
        }

      tag = allowed_tag (open, close - open + 1);
      if (tag != NULL)
        g_string_append (out, tag);
      else if (!g_str_has_prefix (open, "<!--"))
        append_escaped (out, open, close - open + 1);
      p = close + 1;
    }
}

/**
 * sdp_markdown_rewrite_link:
 * @href: a link target as written in a guide
 *
 * Returns: (nullable): what the page should link to, or %NULL when the link must not be
 * followed at all (javascript:, file:, data: and other schemes).
 */
char *
sdp_markdown_rewrite_link (const char *href)
{
  static const char * const safe_schemes[] = { "http", "https", "mailto", SDP_GUIDE_SCHEME };
  const char *hash;
  const char *p;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  guint i;

  g_return_val_if_fail (href != NULL, NULL);

  if (*href == '\0' || *href == '#')
    return g_strdup (href);

  for (p = href; *p != '\0' && strchr ("/?#", *p) == NULL; p++)
    {
      if (*p == ':')
        {
          g_autofree char *scheme = g_ascii_strdown (href, p - href);

          for (i = 0; i < G_N_ELEMENTS (safe_schemes); i++)
            if (g_str_equal (scheme, safe_schemes[i]))
              return g_strdup (href);
          return NULL;
        }
    }

  if (g_str_has_prefix (href, "www."))
    return g_strconcat ("http://", href, NULL);

  hash = strchr (href, '#');
  path = g_strndup (href, hash != NULL ? (gsize) (hash - href) : strlen (href));
  if (strchr (path, '?') != NULL)
    *strchr (path, '?') = '\0';

  /* Links to guides may be written the way they work on a code-hosting site
   * ("phase-3-data-management.md", "./guides/x.md"): only the file name matters here. */
  if (g_str_has_suffix (path, ".md"))
    {
      base = g_path_get_basename (path);
      base[strlen (base) - 3] = '\0';
      return g_strconcat (SDP_GUIDE_SCHEME "://", base, hash != NULL ? hash : "", NULL);
    }

  /* Anything else is a file beside the guides (an image): never outside that folder. */
  while (g_str_has_prefix (path, "./"))
    memmove (path, path + 2, strlen (path + 2) + 1);
  if (*path == '/' || strstr (path, "..") != NULL || *path == '\0')
    return NULL;

  return g_strconcat (SDP_GUIDE_SCHEME "://" SDP_ASSET_HOST "/", path,
                      hash != NULL ? hash : "", NULL);
}

static void
heading_free (gpointer data)
{
  SdpHeading *heading = data;

  g_free (heading->text);
  g_free (heading->slug);
  g_free (heading);
}

static void
section_free (gpointer data)
{
  SdpSection *section = data;

  g_string_free (section->text, TRUE);
  g_free (section);
}

static void
start_section (Renderer         *r,
               const SdpHeading *heading)
{
  r->section = g_new0 (SdpSection, 1);
  r->section->heading = heading;
  r->section->text = g_string_new (NULL);
  g_ptr_array_add (r->result->sections, r->section);
}

/* Keeps words of neighbouring blocks ("cell</td><td>cell") apart in the plain text. */
static void
separate_section_text (Renderer *r)
{
  GString *text = r->section->text;

  if (text->len > 0 && text->str[text->len - 1] != ' ')
    g_string_append_c (text, ' ');
}

static void
append_link_attr (GString    *out,
                  const char *name,
                  const char *value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_escaped (out, value, strlen (value));
  g_string_append_c (out, '"');
}

/* Called when the first line of a blockquote's first paragraph is complete. */
static void
finish_callout_check (Renderer *r,
                      gboolean  paragraph_ended)
{
  const char *line = r->out->str + r->para_text_start;
  gsize line_len = r->out->len - r->para_text_start;
  g_autoptr(GString) head = NULL;
  guint i;

  r->callout_pending = FALSE;

  while (line_len > 0 && g_ascii_isspace (line[line_len - 1]))
    line_len--;

  for (i = 0; i < G_N_ELEMENTS (callouts); i++)
    if (strlen (callouts[i].marker) == line_len &&
        g_ascii_strncasecmp (line, callouts[i].marker, line_len) == 0)
      break;
  if (i == G_N_ELEMENTS (callouts))
    return;

  if (paragraph_ended)
    {
      g_string_truncate (r->out, r->para_start);
      r->skip_para_close = TRUE;
    }
  else
    {
      g_string_truncate (r->out, r->para_text_start);
      r->skip_soft_break = TRUE;
    }

  head = g_string_new (NULL);
  g_string_append_printf (head, "<div class=\"callout callout-%s\" role=\"note\">"
                          "<p class=\"callout-title\">%s</p>\n",
                          callouts[i].css, callouts[i].title);
  g_string_erase (r->out, r->quote_start, strlen ("<blockquote>\n"));
  g_string_insert (r->out, r->quote_start, head->str);
  g_array_index (r->quote_is_callout, gboolean, r->quote_is_callout->len - 1) = TRUE;
}

static const char *
align_class (MD_ALIGN align)
{
  switch (align)
    {
    case MD_ALIGN_LEFT: return " class=\"align-left\"";
    case MD_ALIGN_CENTER: return " class=\"align-center\"";
    case MD_ALIGN_RIGHT: return " class=\"align-right\"";
    case MD_ALIGN_DEFAULT:
    default: return "";
    }
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;
  GString *out = r->out;

  if (r->callout_pending && (type != MD_BLOCK_P || r->callout_para_open))
    r->callout_pending = FALSE;

  switch (type)
    {
    case MD_BLOCK_DOC:
    case MD_BLOCK_HTML:
      break;
    case MD_BLOCK_QUOTE:
      {
        gboolean is_callout = FALSE;

        g_array_append_val (r->quote_is_callout, is_callout);
        r->quote_start = out->len;
        g_string_append (out, "<blockquote>\n");
        r->callout_pending = TRUE;
        r->callout_para_open = FALSE;
      }
      break;
    case MD_BLOCK_UL:
      g_string_append (out, "<ul>\n");
      break;
    case MD_BLOCK_OL:
      {
        MD_BLOCK_OL_DETAIL *ol = detail;

        if (ol->start != 1)
          g_string_append_printf (out, "<ol start=\"%u\">\n", ol->start);
        else
          g_string_append (out, "<ol>\n");
      }
      break;
    case MD_BLOCK_LI:
      {
        MD_BLOCK_LI_DETAIL *li = detail;

        if (li->is_task)
          g_string_append_printf (out, "<li class=\"task-list-item\"><input type=\"checkbox\" "
                                  "disabled%s> ",
                                  li->task_mark != ' ' ? " checked" : "");
        else
          g_string_append (out, "<li>");
      }
      break;
    case MD_BLOCK_HR:
      g_string_append (out, "<hr>\n");
      break;
    case MD_BLOCK_H:
      r->in_heading = TRUE;
      r->heading_start = out->len;
      g_string_truncate (r->heading_text, 0);
      break;
    case MD_BLOCK_CODE:
      {
        MD_BLOCK_CODE_DETAIL *code = detail;

        g_string_append (out, "<pre><code");
        if (code->lang.size > 0)
          {
            g_autofree char *lang = attribute_to_string (&code->lang);

            g_string_append (out, " class=\"language-");
            append_escaped (out, lang, strlen (lang));
            g_string_append_c (out, '"');
          }
        g_string_append_c (out, '>');
      }
      break;
    case MD_BLOCK_P:
      if (r->callout_pending)
        {
          r->callout_para_open = TRUE;
          r->para_start = out->len;
          g_string_append (out, "<p>");
          r->para_text_start = out->len;
        }
      else
        g_string_append (out, "<p>");
      break;
    case MD_BLOCK_TABLE:
      g_string_append (out, "<div class=\"table-wrap\"><table>\n");
      break;
    case MD_BLOCK_THEAD:
      g_string_append (out, "<thead>\n");
      break;
    case MD_BLOCK_TBODY:
      g_string_append (out, "<tbody>\n");
      break;
    case MD_BLOCK_TR:
      g_string_append (out, "<tr>");
      break;
    case MD_BLOCK_TH:
      g_string_append_printf (out, "<th%s>", align_class (((MD_BLOCK_TD_DETAIL *) detail)->align));
      break;
    case MD_BLOCK_TD:
      g_string_append_printf (out, "<td%s>", align_class (((MD_BLOCK_TD_DETAIL *) detail)->align));
      break;
    default:
      break;
    }
  return 0;
}

static gboolean
strip_explicit_id (GString  *text,
                   char    **id_out)
{
  const char *open;
  const char *p;
  gsize end = text->len;

  while (end > 0 && g_ascii_isspace (text->str[end - 1]))
    end--;
  if (end < 4 || text->str[end - 1] != '}')
    return FALSE;
  open = g_strrstr_len (text->str, end, "{#");
  if (open == NULL || open + 2 >= text->str + end - 1)
    return FALSE;
  for (p = open + 2; p < text->str + end - 1; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  *id_out = g_strndup (open + 2, (text->str + end - 1) - (open + 2));
  g_string_truncate (text, open - text->str);
  return TRUE;
}

static void
finish_heading (Renderer *r,
                unsigned  level)
{
  g_autoptr(GString) inner = g_string_new (r->out->str + r->heading_start);
  g_autofree char *explicit_id = NULL;
  SdpHeading *heading;
  char *text;

  g_string_truncate (r->out, r->heading_start);

  /* An explicit "{#id}" was also written into the HTML as plain text: cut it there too. */
  if (strip_explicit_id (r->heading_text, &explicit_id))
    {
      const char *cut = g_strrstr (inner->str, "{#");

      if (cut != NULL)
        g_string_truncate (inner, cut - inner->str);
    }

  text = g_strstrip (g_strdup (r->heading_text->str));
  heading = g_new0 (SdpHeading, 1);
  heading->level = (int) level;
  heading->text = text;
  heading->slug = explicit_id != NULL ? sdp_slugger_reserve (r->slugger, explicit_id)
                                      : sdp_slugger_slug (r->slugger, text);
  g_ptr_array_add (r->result->headings, heading);
  start_section (r, heading);

  if (level == 1 && r->result->title == NULL)
    r->result->title = g_strdup (text);

  while (inner->len > 0 && g_ascii_isspace (inner->str[inner->len - 1]))
    g_string_truncate (inner, inner->len - 1);

  g_string_append_printf (r->out, "<h%u id=\"%s\">%s", level, heading->slug, inner->str);
  if (level > 1)
    g_string_append_printf (r->out, "<a class=\"heading-anchor\" href=\"#%s\" "
                            "aria-label=\"Link to this section\">#</a>", heading->slug);
  g_string_append_printf (r->out, "</h%u>\n", level);
  r->in_heading = FALSE;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;
  GString *out = r->out;

  separate_section_text (r);

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      {
        gboolean is_callout = g_array_index (r->quote_is_callout, gboolean,
                                             r->quote_is_callout->len - 1);

        g_array_set_size (r->quote_is_callout, r->quote_is_callout->len - 1);
        g_string_append (out, is_callout ? "</div>\n" : "</blockquote>\n");
        r->callout_pending = FALSE;
      }
      break;
    case MD_BLOCK_UL:
      g_string_append (out, "</ul>\n");
      break;
    case MD_BLOCK_OL:
      g_string_append (out, "</ol>\n");
      break;
    case MD_BLOCK_LI:
      g_string_append (out, "</li>\n");
      break;
    case MD_BLOCK_H:
      finish_heading (r, ((MD_BLOCK_H_DETAIL *) detail)->level);
      break;
    case MD_BLOCK_CODE:
      g_string_append (out, "</code></pre>\n");
      break;
    case MD_BLOCK_P:
      if (r->callout_pending && r->callout_para_open)
        finish_callout_check (r, TRUE);
      r->callout_para_open = FALSE;
      if (r->skip_para_close)
        r->skip_para_close = FALSE;
      else
        g_string_append (out, "</p>\n");
      break;
    case MD_BLOCK_TABLE:
      g_string_append (out, "</table></div>\n");
      break;
    case MD_BLOCK_THEAD:
      g_string_append (out, "</thead>\n");
      break;
    case MD_BLOCK_TBODY:
      g_string_append (out, "</tbody>\n");
      break;
    case MD_BLOCK_TR:
      g_string_append (out, "</tr>\n");
      break;
    case MD_BLOCK_TH:
      g_string_append (out, "</th>");
      break;
    case MD_BLOCK_TD:
      g_string_append (out, "</td>");
      break;
    default:
      break;
    }
  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  GString *out = r->out;

  if (r->image_depth > 0)
    {
      if (type == MD_SPAN_IMG)
        r->image_depth++;
      return 0;
    }

  switch (type)
    {
    case MD_SPAN_EM:
      g_string_append (out, "<em>");
      break;
    case MD_SPAN_STRONG:
      g_string_append (out, "<strong>");
      break;
    case MD_SPAN_CODE:
      g_string_append (out, "<code>");
      break;
    case MD_SPAN_DEL:
      g_string_append (out, "<del>");
      break;
    case MD_SPAN_A:
      {
        MD_SPAN_A_DETAIL *a = detail;
        g_autofree char *href = attribute_to_string (&a->href);
        g_autofree char *target = sdp_markdown_rewrite_link (href);

        g_string_append (out, "<a");
        g_ptr_array_add (r->result->links, g_strdup (target != NULL ? target : href));
        if (target != NULL)
          {
            append_link_attr (out, "href", target);
            if (g_str_has_prefix (target, "http:") || g_str_has_prefix (target, "https:"))
              g_string_append (out, " class=\"external\"");
          }
        if (a->title.size > 0)
          {
            g_autofree char *title = attribute_to_string (&a->title);

            append_link_attr (out, "title", title);
          }
        g_string_append_c (out, '>');
      }
      break;
    case MD_SPAN_IMG:
      {
        MD_SPAN_IMG_DETAIL *img = detail;
        g_autofree char *src = attribute_to_string (&img->src);
        g_autofree char *target = sdp_markdown_rewrite_link (src);

        g_autofree char *inlined = NULL;

        g_ptr_array_add (r->result->links, g_strdup (target != NULL ? target : src));
        r->image_depth = 1;
        if (target != NULL && g_str_has_prefix (target, SDP_GUIDE_SCHEME ":") &&
            r->inline_image != NULL)
          inlined = r->inline_image (target, r->inline_data);
        r->image_inlined = inlined != NULL;
        if (r->image_inlined)
          {
            g_string_append (out, "<span class=\"figure\">");
            g_string_append (out, inlined);
            g_string_append (out, "<span class=\"figure-caption\">");
            break;
          }

        /* Only our own images: a remote or refused source is dropped, the alt text stays. */
        g_string_append (out, "<img");
        if (target != NULL && g_str_has_prefix (target, SDP_GUIDE_SCHEME ":"))
          append_link_attr (out, "src", target);
        g_string_append (out, " alt=\"");
      }
      break;
    default:
      break;
    }
  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  GString *out = r->out;

  if (r->image_depth > 0)
    {
      if (type == MD_SPAN_IMG && --r->image_depth == 0 && r->image_inlined)
        g_string_append (out, "</span></span>");
      else if (type == MD_SPAN_IMG && r->image_depth == 0)
        {
          MD_SPAN_IMG_DETAIL *img = detail;

          g_string_append_c (out, '"');
          if (img->title.size > 0)
            {
              g_autofree char *title = attribute_to_string (&img->title);

              append_link_attr (out, "title", title);
            }
          g_string_append (out, ">");
        }
      return 0;
    }

  switch (type)
    {
    case MD_SPAN_EM:
      g_string_append (out, "</em>");
      break;
    case MD_SPAN_STRONG:
      g_string_append (out, "</strong>");
      break;
    case MD_SPAN_CODE:
      g_string_append (out, "</code>");
      break;
    case MD_SPAN_DEL:
      g_string_append (out, "</del>");
      break;
    case MD_SPAN_A:
      g_string_append (out, "</a>");
      break;
    default:
      break;
    }
  return 0;
}

static int
text_cb (MD_TEXTTYPE   type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Renderer *r = user_data;
  GString *out = r->out;

  if (r->in_heading)
    {
      if (type == MD_TEXT_ENTITY)
        append_entity_decoded (r->heading_text, text, size);
      else if (type != MD_TEXT_HTML)
        g_string_append_len (r->heading_text, text, size);
    }
  else if (type == MD_TEXT_ENTITY)
    append_entity_decoded (r->section->text, text, size);
  else if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
    separate_section_text (r);
  else if (type == MD_TEXT_NORMAL || type == MD_TEXT_CODE)
    g_string_append_len (r->section->text, text, size);

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      g_string_append (out, "\xEF\xBF\xBD");
      break;
    case MD_TEXT_BR:
      if (r->callout_pending && r->callout_para_open)
        finish_callout_check (r, FALSE);
      if (r->skip_soft_break)
        r->skip_soft_break = FALSE;
      else
        g_string_append (out, r->image_depth > 0 ? " " : "<br>\n");
      break;
    case MD_TEXT_SOFTBR:
      if (r->callout_pending && r->callout_para_open)
        finish_callout_check (r, FALSE);
      if (r->skip_soft_break)
        r->skip_soft_break = FALSE;
      else
        g_string_append_c (out, r->image_depth > 0 ? ' ' : '\n');
      break;
    case MD_TEXT_HTML:
      if (r->image_depth > 0)
        append_escaped (out, text, size);
      else
        append_filtered_html (out, text, size);
      break;
    case MD_TEXT_ENTITY:
      /* md4c only reports syntactically valid entities, which are safe to pass through. */
      g_string_append_len (out, text, size);
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_LATEXMATH:
    default:
      append_escaped (out, text, size);
      break;
    }
  return 0;
}

/**
 * sdp_markdown_render:
 *
 * Returns: (transfer full): the rendered fragment, its title and its headings
 */
SdpMarkdownResult *
sdp_markdown_render (const char *markdown,
                     gsize       length)
{
  return sdp_markdown_render_full (markdown, length, NULL, NULL);
}

/**
 * sdp_markdown_render_full:
 * @inline_image: (nullable): puts markup in place of some images
 *
 * Returns: (transfer full): the rendered fragment, its title and its headings
 */
SdpMarkdownResult *
sdp_markdown_render_full (const char             *markdown,
                          gsize                   length,
                          SdpMarkdownInlineImage  inline_image,
                          gpointer                user_data)
{
  g_autoptr(SdpSlugger) slugger = sdp_slugger_new ();
  SdpMarkdownResult *result = g_new0 (SdpMarkdownResult, 1);
  Renderer r = { 0 };
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };

  g_return_val_if_fail (markdown != NULL || length == 0, NULL);

  result->headings = g_ptr_array_new_with_free_func (heading_free);
  result->sections = g_ptr_array_new_with_free_func (section_free);
  result->links = g_ptr_array_new_with_free_func (g_free);
  r.out = g_string_sized_new (length + length / 2 + 64);
  r.slugger = slugger;
  r.result = result;
  r.inline_image = inline_image;
  r.inline_data = user_data;
  r.heading_text = g_string_new (NULL);
  r.quote_is_callout = g_array_new (FALSE, FALSE, sizeof (gboolean));
  start_section (&r, NULL);

  /* md4c only fails when it runs out of memory, which GLib treats as fatal anyway. */
  md_parse (markdown != NULL ? markdown : "", (MD_SIZE) length, &parser, &r);

  g_string_free (r.heading_text, TRUE);
  g_array_unref (r.quote_is_callout);
  result->html = g_string_free (r.out, FALSE);
  return result;
}

void
sdp_markdown_result_free (SdpMarkdownResult *result)
{
  if (result == NULL)
    return;
  g_free (result->html);
  g_free (result->title);
  /* Sections point at headings: free them first. */
  g_clear_pointer (&result->sections, g_ptr_array_unref);
  g_clear_pointer (&result->headings, g_ptr_array_unref);
  g_clear_pointer (&result->links, g_ptr_array_unref);
  g_free (result);
}

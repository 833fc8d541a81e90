/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Markdown (GitHub dialect) to an HTML fragment, for guides and program pages.
 *
 * What it adds to plain md4c output: every heading gets a stable anchor (GitHub's slugs, or an
 * explicit trailing "{#id}"), links to other guides ("phase-3-data-management.md#replication")
 * become sdp-guide:// links, "> [!NOTE]" style blockquotes become callouts, and raw HTML is
 * limited to <details>/<summary> (plus <kbd>/<br>); everything else is shown as text. */

#define SDP_GUIDE_SCHEME "sdp-guide"
#define SDP_ASSET_HOST   "asset"

typedef struct
{
  int   level;
  char *text;
  char *slug;
} SdpHeading;

/* The plain text under one heading, up to the next heading: what search indexes. */
typedef struct
{
  const SdpHeading *heading;  /* NULL for text before the first heading */
  GString          *text;
} SdpSection;

typedef struct
{
  char      *html;      /* the body fragment */
  char      *title;     /* text of the first level-1 heading, or NULL */
  GPtrArray *headings;  /* SdpHeading, in document order */
  GPtrArray *sections;  /* SdpSection, in document order */
  GPtrArray *links;     /* char *: every link and image target, as rewritten */
} SdpMarkdownResult;

/* Returns the markup to put in the page instead of an <img> for @src (an sdp-guide:// address),
 * or NULL to keep the <img>. Diagrams use it to become inline SVG that follows the palette. */
typedef char *(*SdpMarkdownInlineImage) (const char *src,
                                         gpointer    user_data);

SdpMarkdownResult *sdp_markdown_render        (const char        *markdown,
                                               gsize              length);
SdpMarkdownResult *sdp_markdown_render_full   (const char        *markdown,
                                               gsize              length,
                                               SdpMarkdownInlineImage inline_image,
                                               gpointer           user_data);
void               sdp_markdown_result_free   (SdpMarkdownResult *result);

char              *sdp_markdown_rewrite_link  (const char        *href);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpMarkdownResult, sdp_markdown_result_free)

G_END_DECLS

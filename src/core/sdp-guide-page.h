/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp-catalog.h"

G_BEGIN_DECLS

/* Resolves an sdp-guide:// URI to what the guide view shows: a guide rendered from Markdown,
 * a generated page for a week of the program, or a file beside the guides (an image).
 * Pages are complete HTML documents carrying our stylesheet and a Content Security Policy
 * that forbids every load from outside the app. */

typedef struct
{
  GBytes *data;
  char   *mime_type;
  char   *title;      /* NULL for assets */
} SdpGuidePage;

typedef struct
{
  const char *stylesheet; /* CSS text put into every page */
  gboolean    dark;       /* start in the dark palette */
} SdpGuidePageStyle;

SdpGuidePage *sdp_guide_page_load           (SdpCatalog              *catalog,
                                             const char              *uri,
                                             const SdpGuidePageStyle *style,
                                             GError                 **error);
char         *sdp_guide_page_wrap           (const char              *title,
                                             const char              *body_html,
                                             const SdpGuidePageStyle *style);
char         *sdp_guide_page_error_html     (const char              *heading,
                                             const char              *message,
                                             const SdpGuidePageStyle *style);
char         *sdp_guide_page_week_markdown  (SdpCatalog              *catalog,
                                             const SdpWeek           *week);
char         *sdp_guide_page_uri_for_id     (SdpCatalog              *catalog,
                                             const char              *id);
GPtrArray    *sdp_guide_page_get_headings   (SdpCatalog              *catalog,
                                             const char              *uri,
                                             GError                 **error);
void          sdp_guide_page_free           (SdpGuidePage            *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpGuidePage, sdp_guide_page_free)

G_END_DECLS

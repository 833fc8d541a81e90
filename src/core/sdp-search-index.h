/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp-catalog.h"

G_BEGIN_DECLS

/* Full-text search over every guide, one entry per section (the text under a heading), in an
 * in-memory SQLite FTS5 table. Built once from the catalog, off the main thread; queried from
 * any one thread at a time. */

#define SDP_SEARCH_ERROR (sdp_search_error_quark ())

typedef enum
{
  SDP_SEARCH_ERROR_DATABASE,
} SdpSearchError;

/* Snippets mark matched words with these bytes, for the caller to turn into markup. */
#define SDP_SEARCH_MATCH_START "\x02"
#define SDP_SEARCH_MATCH_END   "\x03"

typedef struct
{
  char   *guide_id;
  char   *guide_title;
  char   *section_slug;   /* "" for a guide's opening text */
  char   *section_title;
  char   *snippet;        /* plain text with the match markers above */
  double  rank;           /* lower is better (bm25) */
} SdpSearchHit;

#define SDP_TYPE_SEARCH_INDEX (sdp_search_index_get_type ())
G_DECLARE_FINAL_TYPE (SdpSearchIndex, sdp_search_index, SDP, SEARCH_INDEX, GObject)

GQuark          sdp_search_error_quark        (void);

SdpSearchIndex *sdp_search_index_build        (SdpCatalog           *catalog,
                                               GCancellable         *cancellable,
                                               GError              **error);
void            sdp_search_index_build_async  (SdpCatalog           *catalog,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SdpSearchIndex *sdp_search_index_build_finish (GAsyncResult         *result,
                                               GError              **error);

guint           sdp_search_index_get_n_sections (SdpSearchIndex     *self);
GPtrArray      *sdp_search_index_query        (SdpSearchIndex       *self,
                                               const char           *text,
                                               guint                 limit,
                                               GError              **error);
char           *sdp_search_build_match_query  (const char           *text);
char          **sdp_search_split_terms        (const char           *text);
char           *sdp_search_snippet            (const char           *body,
                                               const char           *query);

void            sdp_search_hit_free           (SdpSearchHit         *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpSearchHit, sdp_search_hit_free)

G_END_DECLS

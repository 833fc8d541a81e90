/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "sdp-board.h"

G_BEGIN_DECLS

/* The whiteboard's one renderer. The canvas draws with sdp_board_render(), and every exporter
 * goes through the same drawing code (the SVG exporter through a backend that writes SVG
 * elements instead of cairo calls), so an export looks exactly like the canvas.
 *
 * All drawing is in board coordinates: the caller sets the cairo transform for pan and zoom. */

/* The font every label uses, as a CSS/Pango family list. */
#define SDP_BOARD_FONT_FAMILY "Cantarell, Inter, sans-serif"

/* Selection decorations, in screen pixels (see sdp_board_render_selection()). */
#define SDP_BOARD_SELECTION_MARGIN 4.0
#define SDP_BOARD_HANDLE_SIZE      8.0

void      sdp_board_palette_rgb      (SdpColor             color,
                                      gboolean             dark,
                                      gboolean             fill,
                                      double               rgb[3]);
void      sdp_board_background_rgb   (gboolean             dark,
                                      double               rgb[3]);

void      sdp_board_render           (SdpBoard            *board,
                                      cairo_t             *cr,
                                      const SdpRect       *visible,
                                      gboolean             dark);
void      sdp_board_render_element   (cairo_t             *cr,
                                      const SdpElement    *element,
                                      gboolean             dark);
void      sdp_board_render_selection (cairo_t             *cr,
                                      const SdpElement    *element,
                                      double               zoom);

void      sdp_board_measure_text     (const char          *text,
                                      double               font_size,
                                      double               wrap_width,
                                      double              *width,
                                      double              *height);

gboolean  sdp_board_export_png       (SdpBoard            *board,
                                      const char * const  *only_ids,
                                      double               scale,
                                      gboolean             transparent,
                                      gboolean             dark,
                                      double               padding,
                                      const char          *path,
                                      GError             **error);
gboolean  sdp_board_export_pdf       (SdpBoard            *board,
                                      const char * const  *only_ids,
                                      gboolean             dark,
                                      double               padding,
                                      const char          *path,
                                      GError             **error);
char     *sdp_board_export_svg       (SdpBoard            *board,
                                      const char * const  *only_ids,
                                      gboolean             dark,
                                      double               padding,
                                      gboolean             outline_text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sdp-board.h"

G_BEGIN_DECLS

/* The whiteboard canvas: a thin input and caching layer over the core board and its renderer.
 * Pointer, stylus and keyboard input become board edits (each gesture one undo step); what is
 * on screen is the same cairo drawing the exports use. */

typedef enum
{
  SDP_TOOL_SELECT,
  SDP_TOOL_HAND,
  SDP_TOOL_RECTANGLE,
  SDP_TOOL_ELLIPSE,
  SDP_TOOL_DIAMOND,
  SDP_TOOL_ARROW,
  SDP_TOOL_LINE,
  SDP_TOOL_PEN,
  SDP_TOOL_TEXT,
  SDP_TOOL_ERASER,
  SDP_TOOL_SHAPE,      /* the architecture shape chosen with sdp_board_view_set_shape_kind() */
} SdpTool;

#define SDP_TYPE_BOARD_VIEW (sdp_board_view_get_type ())
G_DECLARE_FINAL_TYPE (SdpBoardView, sdp_board_view, SDP, BOARD_VIEW, GtkWidget)

GtkWidget  *sdp_board_view_new            (void);
void        sdp_board_view_set_board      (SdpBoardView   *self,
                                           SdpBoard       *board);
SdpBoard   *sdp_board_view_get_board      (SdpBoardView   *self);
void        sdp_board_view_set_tool       (SdpBoardView   *self,
                                           SdpTool         tool);
SdpTool     sdp_board_view_get_tool       (SdpBoardView   *self);
void        sdp_board_view_set_shape_kind (SdpBoardView   *self,
                                           SdpElementKind  kind);
GStrv       sdp_board_view_get_selection  (SdpBoardView   *self);
void        sdp_board_view_select         (SdpBoardView   *self,
                                           const char * const *ids);
void        sdp_board_view_zoom_to_fit    (SdpBoardView   *self,
                                           gboolean        selection_only);
void        sdp_board_view_set_grid       (SdpBoardView   *self,
                                           gboolean        grid);
gboolean    sdp_board_view_get_grid       (SdpBoardView   *self);
gboolean    sdp_board_view_edit_label     (SdpBoardView   *self);
void        sdp_board_view_finish_editing (SdpBoardView   *self);

/* The input path, for the gestures and for tests: positions are in widget pixels. */
void        sdp_board_view_press          (SdpBoardView   *self,
                                           double          x,
                                           double          y,
                                           GdkModifierType state,
                                           double          pressure);
void        sdp_board_view_motion         (SdpBoardView   *self,
                                           double          x,
                                           double          y,
                                           GdkModifierType state,
                                           double          pressure);
void        sdp_board_view_release        (SdpBoardView   *self,
                                           double          x,
                                           double          y,
                                           GdkModifierType state);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sdp-board.h"

G_BEGIN_DECLS

/* Snapping a moved box to the shapes around it: its left, centre or right lines up with
 * another shape's left, centre or right (and the same for top, middle, bottom), as in
 * Excalidraw and draw.io, so boxes in a diagram align without a grid. */
typedef struct
{
  double dx, dy;             /* what to add to the box's position; 0 when nothing is near */
  double guide_x, guide_y;   /* the board line it snapped to, for a guide; NAN for none */
} SdpSnap;

SdpSnap sdp_board_snap_box (SdpBoard      *board,
                            const SdpRect *box,
                            const SdpRect *search,
                            GHashTable    *exclude_ids,
                            double         tolerance);

G_END_DECLS

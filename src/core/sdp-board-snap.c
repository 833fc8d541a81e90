/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-board-snap.h"

#include <math.h>

/* Keeps the closest of the candidate alignments along one axis: @mine are the moved box's
 * three lines (start, centre, end), @theirs another shape's. */
static void
consider (const double  mine[3],
          const double  theirs[3],
          double        tolerance,
          double       *best_shift,
          double       *best_line)
{
  guint i, k;

  for (i = 0; i < 3; i++)
    for (k = 0; k < 3; k++)
      {
        double shift = theirs[k] - mine[i];

        if (fabs (shift) <= tolerance && (isnan (*best_shift) || fabs (shift) < fabs (*best_shift)))
          {
            *best_shift = shift;
            *best_line = theirs[k];
          }
      }
}

/**
 * sdp_board_snap_box:
 * @search: where to look for shapes to align with (the visible part of the board)
 * @exclude_ids: (nullable): ids not to align with (the elements being moved)
 * @tolerance: how far a line may be and still attract, in board units
 */
SdpSnap
sdp_board_snap_box (SdpBoard      *board,
                    const SdpRect *box,
                    const SdpRect *search,
                    GHashTable    *exclude_ids,
                    double         tolerance)
{
  g_autoptr(GPtrArray) near = sdp_board_query_rect (board, search);
  double mine_x[3] = { box->x, box->x + box->width / 2, box->x + box->width };
  double mine_y[3] = { box->y, box->y + box->height / 2, box->y + box->height };
  double shift_x = NAN, shift_y = NAN, line_x = NAN, line_y = NAN;
  SdpSnap snap = { 0, 0, NAN, NAN };
  guint i;

  for (i = 0; i < near->len; i++)
    {
      SdpElement *other = g_ptr_array_index (near, i);
      double theirs_x[3], theirs_y[3];

      /* Arrows follow the shapes they bind; aligning with them would pull boxes off line. */
      if (!sdp_element_is_shape (other) || (exclude_ids != NULL && g_hash_table_contains (exclude_ids, other->id)))
        continue;
      theirs_x[0] = other->x;
      theirs_x[1] = other->x + other->width / 2;
      theirs_x[2] = other->x + other->width;
      theirs_y[0] = other->y;
      theirs_y[1] = other->y + other->height / 2;
      theirs_y[2] = other->y + other->height;
      consider (mine_x, theirs_x, tolerance, &shift_x, &line_x);
      consider (mine_y, theirs_y, tolerance, &shift_y, &line_y);
    }
  if (!isnan (shift_x))
    {
      snap.dx = shift_x;
      snap.guide_x = line_x;
    }
  if (!isnan (shift_y))
    {
      snap.dy = shift_y;
      snap.guide_y = line_y;
    }
  return snap;
}

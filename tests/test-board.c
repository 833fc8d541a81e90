/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sdp-board.h"
#include "sdp-board-snap.h"

static SdpElement *
shape (SdpBoard       *board,
       SdpElementKind  kind,
       const char     *id,
       double          x,
       double          y,
       double          w,
       double          h)
{
  SdpElement *element = sdp_element_new (kind, id, x, y, w, h);

  sdp_board_add (board, element);
  return sdp_board_lookup (board, id);
}

static SdpElement *
arrow_between (SdpBoard   *board,
               const char *id,
               const char *from,
               const char *to)
{
  SdpPoint a = { 0, 0 }, b = { 10, 10 };
  SdpElement *arrow = sdp_element_new_connector (SDP_ELEMENT_ARROW, id, &a, &b);

  sdp_board_add (board, arrow);
  sdp_board_bind (board, id, FALSE, from);
  sdp_board_bind (board, id, TRUE, to);
  return sdp_board_lookup (board, id);
}

static const SdpPoint *
end_point (SdpElement *connector,
           gboolean    at_end)
{
  return &g_array_index (connector->points, SdpPoint, at_end ? connector->points->len - 1 : 0);
}

static void
test_add_lookup_remove (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  SdpElement *a = shape (board, SDP_ELEMENT_RECTANGLE, "a", 0, 0, 100, 50);
  SdpElement *dup = sdp_element_new (SDP_ELEMENT_ELLIPSE, "a", 0, 0, 10, 10);

  g_assert_nonnull (a);
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 1);
  /* A clashing id is replaced by a fresh one rather than overwriting. */
  sdp_board_add (board, dup);
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 2);
  g_assert_cmpstr (sdp_board_get_element_at (board, 0)->id, ==, "a");
  g_assert_cmpstr (sdp_board_get_element_at (board, 1)->id, !=, "a");
  g_assert_true (sdp_board_remove (board, "a"));
  g_assert_false (sdp_board_remove (board, "a"));
  g_assert_null (sdp_board_lookup (board, "a"));
}

/* An arrow between two shapes touches both outlines and follows when one moves or resizes. */
static void
test_bindings_follow (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  SdpElement *arrow;
  const char *move[] = { "db", NULL };
  SdpRect box = { 600, 400, 200, 100 };

  shape (board, SDP_ELEMENT_SERVICE, "api", 0, 0, 100, 60);
  shape (board, SDP_ELEMENT_DATABASE, "db", 300, 0, 100, 60);
  arrow = arrow_between (board, "arrow", "api", "db");

  /* Horizontal neighbours: the arrow runs from the right edge of one to the left of the other. */
  g_assert_cmpfloat_with_epsilon (end_point (arrow, FALSE)->x, 104, 0.5);
  g_assert_cmpfloat_with_epsilon (end_point (arrow, FALSE)->y, 30, 0.5);
  g_assert_cmpfloat_with_epsilon (end_point (arrow, TRUE)->x, 296, 0.5);

  sdp_board_move (board, move, 0, 300);
  arrow = sdp_board_lookup (board, "arrow");
  /* Now below: the end is on the database's top edge. */
  g_assert_cmpfloat_with_epsilon (end_point (arrow, TRUE)->y, 296, 4);
  g_assert_cmpfloat (end_point (arrow, TRUE)->x, >, 300);
  g_assert_cmpfloat (end_point (arrow, TRUE)->x, <, 400);

  sdp_board_resize (board, "db", &box);
  arrow = sdp_board_lookup (board, "arrow");
  g_assert_cmpfloat (end_point (arrow, TRUE)->x, >=, 596);
  g_assert_cmpfloat (end_point (arrow, TRUE)->y, >=, 396);

  /* Deleting the database keeps the arrow, unbound, where it was. */
  g_assert_true (sdp_board_remove (board, "db"));
  arrow = sdp_board_lookup (board, "arrow");
  g_assert_null (arrow->end.element_id);
  g_assert_cmpstr (arrow->start.element_id, ==, "api");
}

static void
test_elbow_route (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  SdpElement *arrow;
  SdpElement *copy;
  guint i;

  shape (board, SDP_ELEMENT_SERVICE, "a", 0, 0, 100, 60);
  shape (board, SDP_ELEMENT_CACHE, "b", 400, 300, 100, 60);
  arrow = arrow_between (board, "x", "a", "b");
  copy = sdp_element_copy (arrow);
  copy->route = SDP_ROUTE_ELBOW;
  sdp_board_replace (board, copy);
  arrow = sdp_board_lookup (board, "x");

  g_assert_cmpuint (arrow->points->len, ==, 4);
  for (i = 0; i + 1 < arrow->points->len; i++)
    {
      const SdpPoint *p = &g_array_index (arrow->points, SdpPoint, i);
      const SdpPoint *q = &g_array_index (arrow->points, SdpPoint, i + 1);

      g_assert_true (fabs (p->x - q->x) < 1e-9 || fabs (p->y - q->y) < 1e-9);
    }
}

/* Undo returns to the state before the whole gesture; redo to the state after it. */
static void
test_history (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  const char *ids[] = { "a", NULL };
  SdpElement *before, *after;
  int step;

  shape (board, SDP_ELEMENT_RECTANGLE, "a", 0, 0, 100, 50);
  before = sdp_board_lookup (board, "a");

  /* A drag: many moves, one step. */
  sdp_board_begin (board);
  for (step = 0; step < 20; step++)
    sdp_board_move (board, ids, 5, 1);
  sdp_board_commit (board);
  after = sdp_board_lookup (board, "a");
  g_assert_cmpfloat (after->x, ==, 100);

  g_assert_true (sdp_board_undo (board));
  g_assert_true (sdp_board_lookup (board, "a") == before);
  g_assert_true (sdp_board_redo (board));
  g_assert_true (sdp_board_lookup (board, "a") == after);

  /* Undo all the way (the move, then the add) and redo it all. */
  g_assert_true (sdp_board_undo (board));
  g_assert_true (sdp_board_undo (board));
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 0);
  g_assert_false (sdp_board_undo (board));
  g_assert_true (sdp_board_redo (board));
  g_assert_true (sdp_board_redo (board));
  g_assert_true (sdp_board_lookup (board, "a") == after);
  g_assert_false (sdp_board_can_redo (board));

  /* A new edit after an undo clears what could be redone. */
  g_assert_true (sdp_board_undo (board));
  sdp_board_set_label (board, "a", "API");
  g_assert_false (sdp_board_can_redo (board));
}

static void
test_groups_order_duplicate (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  const char *pair[] = { "a", "b", NULL };
  const char *top[] = { "a", NULL };
  g_autofree char *group = NULL;
  g_auto(GStrv) copies = NULL;
  SdpElement *copy_arrow = NULL;
  guint i;

  shape (board, SDP_ELEMENT_SERVICE, "a", 0, 0, 100, 60);
  shape (board, SDP_ELEMENT_DATABASE, "b", 300, 0, 100, 60);
  shape (board, SDP_ELEMENT_QUEUE, "c", 600, 0, 100, 60);
  arrow_between (board, "ab", "a", "b");

  group = sdp_board_group (board, pair);
  g_assert_cmpstr (sdp_board_lookup (board, "a")->group_id, ==, group);
  g_assert_cmpstr (sdp_board_lookup (board, "b")->group_id, ==, group);

  sdp_board_raise (board, top, TRUE);
  g_assert_cmpstr (sdp_board_get_element_at (board, 3)->id, ==, "a");
  sdp_board_lower (board, top, FALSE);
  g_assert_cmpstr (sdp_board_get_element_at (board, 2)->id, ==, "a");
  sdp_board_lower (board, top, TRUE);
  g_assert_cmpstr (sdp_board_get_element_at (board, 0)->id, ==, "a");

  /* Copies of a, b and the arrow: the copied arrow binds the copies. */
  {
    const char *three[] = { "a", "b", "ab", NULL };

    copies = sdp_board_duplicate (board, three, 20, 20);
  }
  g_assert_cmpuint (g_strv_length (copies), ==, 3);
  for (i = 0; copies[i] != NULL; i++)
    if (sdp_element_is_connector (sdp_board_lookup (board, copies[i])))
      copy_arrow = sdp_board_lookup (board, copies[i]);
  g_assert_nonnull (copy_arrow);
  g_assert_true (g_strv_contains ((const char * const *) copies, copy_arrow->start.element_id));
  g_assert_true (g_strv_contains ((const char * const *) copies, copy_arrow->end.element_id));
  g_assert_cmpstr (sdp_board_lookup (board, copies[0])->group_id, !=, group);

  sdp_board_ungroup (board, pair);
  g_assert_null (sdp_board_lookup (board, "a")->group_id);
}

static void
test_locked (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  const char *ids[] = { "a", NULL };
  SdpElement *copy;

  shape (board, SDP_ELEMENT_CONTAINER, "a", 0, 0, 500, 400);
  copy = sdp_element_copy (sdp_board_lookup (board, "a"));
  copy->locked = TRUE;
  sdp_board_replace (board, copy);
  sdp_board_move (board, ids, 100, 100);
  g_assert_cmpfloat (sdp_board_lookup (board, "a")->x, ==, 0);
}

static void
test_hit_testing (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  SdpPoint a = { 0, 500 }, b = { 400, 500 };

  shape (board, SDP_ELEMENT_CONTAINER, "region", -50, -50, 1000, 800);
  shape (board, SDP_ELEMENT_ELLIPSE, "ellipse", 0, 0, 200, 100);
  shape (board, SDP_ELEMENT_RECTANGLE, "under", 500, 0, 200, 200);
  shape (board, SDP_ELEMENT_RECTANGLE, "over", 550, 50, 100, 100);
  sdp_board_add (board, sdp_element_new_connector (SDP_ELEMENT_LINE, "line", &a, &b));

  g_assert_cmpstr (sdp_board_hit_test (board, 100, 50, 2)->id, ==, "ellipse");
  /* The corner of the ellipse's box is outside the ellipse, and inside a region only its edge
   * and title count: nothing is hit there. */
  g_assert_null (sdp_board_hit_test (board, 5, 5, 2));
  g_assert_cmpstr (sdp_board_hit_test (board, 600, 100, 2)->id, ==, "over");
  g_assert_cmpstr (sdp_board_hit_test (board, 510, 10, 2)->id, ==, "under");
  g_assert_cmpstr (sdp_board_hit_test (board, 200, 503, 4)->id, ==, "line");
  g_assert_null (sdp_board_hit_test (board, 200, 520, 4));
  g_assert_cmpstr (sdp_board_hit_test (board, 300, -45, 4)->id, ==, "region");
}

/* Culling and hit-testing agree with a brute-force scan on a large random board. */
static void
test_index_matches_scan (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  GRand *rand = g_rand_new_with_seed (7);
  g_autoptr(GHashTable) position = g_hash_table_new (NULL, NULL);
  int i, probe;

  for (i = 0; i < 5000; i++)
    {
      double x = g_rand_double_range (rand, -20000, 20000), y = g_rand_double_range (rand, -20000, 20000);
      SdpElement *e = sdp_element_new (i % 3 == 0 ? SDP_ELEMENT_ELLIPSE : SDP_ELEMENT_SERVICE, NULL, x, y,
                                       g_rand_double_range (rand, 20, 300), g_rand_double_range (rand, 20, 200));

      sdp_board_add (board, e);
    }
  for (i = 0; i < (int) sdp_board_get_n_elements (board); i++)
    g_hash_table_insert (position, sdp_board_get_element_at (board, i), GINT_TO_POINTER (i + 1));
  for (probe = 0; probe < 200; probe++)
    {
      SdpRect view = { g_rand_double_range (rand, -20000, 20000), g_rand_double_range (rand, -20000, 20000),
                       g_rand_double_range (rand, 10, 3000), g_rand_double_range (rand, 10, 3000) };
      g_autoptr(GPtrArray) found = sdp_board_query_rect (board, &view);
      guint expected = 0, k;
      SdpElement *top = NULL;
      double px = view.x + view.width / 2, py = view.y + view.height / 2;

      for (k = 0; k < sdp_board_get_n_elements (board); k++)
        {
          SdpElement *e = sdp_board_get_element_at (board, k);
          SdpRect b;

          sdp_element_get_bounds (e, &b);
          if (b.x <= view.x + view.width && view.x <= b.x + b.width &&
              b.y <= view.y + view.height && view.y <= b.y + b.height)
            expected++;
          if (sdp_element_contains_point (e, px, py, 3))
            top = e;
        }
      g_assert_cmpuint (found->len, ==, expected);
      /* Back to front, as they must be drawn. */
      for (k = 1; k < found->len; k++)
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (position, found->pdata[k - 1])), <,
                         GPOINTER_TO_INT (g_hash_table_lookup (position, found->pdata[k])));
      g_assert_true (sdp_board_hit_test (board, px, py, 3) == top);
    }
  g_rand_free (rand);
}

/* Bounds of a subset (the selection, the shapes being moved) or of everything. */
static void
test_bounds_of (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(GHashTable) only = g_hash_table_new (g_str_hash, g_str_equal);
  SdpRect b = { -1, -1, -1, -1 };

  g_assert_false (sdp_board_get_bounds_of (board, NULL, &b));
  g_assert_cmpfloat (b.width, ==, -1);
  shape (board, SDP_ELEMENT_RECTANGLE, "a", 0, 0, 10, 10);
  shape (board, SDP_ELEMENT_ELLIPSE, "b", 100, 50, 20, 30);
  g_assert_false (sdp_board_get_bounds_of (board, only, &b));
  g_hash_table_add (only, "b");
  g_assert_true (sdp_board_get_bounds_of (board, only, &b));
  /* Element bounds include half the stroke; compare with the element's own. */
  {
    SdpRect a_box, b_box;

    sdp_element_get_bounds (sdp_board_lookup (board, "a"), &a_box);
    sdp_element_get_bounds (sdp_board_lookup (board, "b"), &b_box);
    g_assert_cmpfloat (b.x, ==, b_box.x);
    g_assert_cmpfloat (b.height, ==, b_box.height);
    g_assert_true (sdp_board_get_bounds_of (board, NULL, &b));
    g_assert_cmpfloat (b.x, ==, a_box.x);
    g_assert_cmpfloat (b.x + b.width, ==, b_box.x + b_box.width);
    g_assert_cmpfloat (b.y + b.height, ==, b_box.y + b_box.height);
    g_assert_cmpfloat (b.width, >, 120);
  }
}

/* A box moved near another lines up with it: edges and centres attract within the tolerance,
 * the nearest wins, the moved shapes themselves and arrows do not count. */
static void
test_snap_box (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(GHashTable) moving = g_hash_table_new (g_str_hash, g_str_equal);
  SdpRect search = { -1000, -1000, 3000, 3000 };
  SdpRect near_left = { 103, 400, 50, 50 };      /* left edge 3 from the target's left (100) */
  SdpRect centred = { 148, 300, 50, 40 };        /* centre x 173 vs target centre 175 */
  SdpRect far = { 60, 600, 50, 50 };             /* nothing within 5 */
  SdpRect self_box = { 0, 0, 40, 40 };
  SdpSnap snap;

  shape (board, SDP_ELEMENT_RECTANGLE, "target", 100, 0, 150, 80);
  shape (board, SDP_ELEMENT_RECTANGLE, "me", 0, 0, 40, 40);
  arrow_between (board, "link", "target", "me");

  snap = sdp_board_snap_box (board, &near_left, &search, NULL, 5);
  g_assert_cmpfloat (snap.dx, ==, -3);
  g_assert_cmpfloat (snap.guide_x, ==, 100);
  g_assert_cmpfloat (snap.dy, ==, 0);
  g_assert_true (isnan (snap.guide_y));

  snap = sdp_board_snap_box (board, &centred, &search, NULL, 5);
  g_assert_cmpfloat (snap.dx, ==, 2);
  g_assert_cmpfloat (snap.guide_x, ==, 175);

  snap = sdp_board_snap_box (board, &far, &search, NULL, 5);
  g_assert_cmpfloat (snap.dx, ==, 0);
  g_assert_true (isnan (snap.guide_x));

  /* The box being moved does not attract itself; "target" is 60 away on x but aligned on y. */
  g_hash_table_add (moving, "me");
  self_box.x = 2;
  snap = sdp_board_snap_box (board, &self_box, &search, moving, 5);
  g_assert_cmpfloat (snap.dx, ==, 0);
  g_assert_cmpfloat (snap.dy, ==, 0);
  g_assert_cmpfloat (snap.guide_y, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/board/add-lookup-remove", test_add_lookup_remove);
  g_test_add_func ("/board/bindings-follow", test_bindings_follow);
  g_test_add_func ("/board/elbow-route", test_elbow_route);
  g_test_add_func ("/board/history", test_history);
  g_test_add_func ("/board/groups-order-duplicate", test_groups_order_duplicate);
  g_test_add_func ("/board/locked", test_locked);
  g_test_add_func ("/board/hit-testing", test_hit_testing);
  g_test_add_func ("/board/index-matches-scan", test_index_matches_scan);

  g_test_add_func ("/board/bounds-of", test_bounds_of);
  g_test_add_func ("/board/snap-box", test_snap_box);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-board: generated architecture-like boards of 1,000 and 10,000 elements. Prints hit-test
 * time, load and save time, full-frame render, pan and zoom frames as the canvas draws them
 * (from its cache), export time per format, and memory. One figure per line: name value unit. */

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bench-util.h"
#include "sdp-board-io.h"
#include "sdp-board-render.h"
#include "sdp-board-snap.h"

#define VIEW_W 1600
#define VIEW_H 1000

/* Clusters of a region with a gateway, services, a database, a cache and a queue, wired with
 * bound arrows: what a large design looks like, repeated until the board has @n elements. */
static SdpBoard *
generate (guint n)
{
  static const SdpElementKind inside[] = {
    SDP_ELEMENT_API_GATEWAY, SDP_ELEMENT_SERVICE, SDP_ELEMENT_SERVICE, SDP_ELEMENT_DATABASE,
    SDP_ELEMENT_CACHE, SDP_ELEMENT_QUEUE, SDP_ELEMENT_WORKER,
  };
  SdpBoard *board = sdp_board_new ();
  guint cluster = 0;

  while (sdp_board_get_n_elements (board) < n)
    {
      double ox = (cluster % 25) * 900.0, oy = (cluster / 25) * 700.0;
      g_autofree char *region = g_strdup_printf ("c%u", cluster);
      SdpElement *container = sdp_element_new (SDP_ELEMENT_CONTAINER, region, ox, oy, 860, 660);
      char *ids[G_N_ELEMENTS (inside)] = { NULL };
      guint i;

      container->label = g_strdup_printf ("Region %u", cluster);
      container->dash = SDP_DASH_DASHED;
      sdp_board_add (board, container);
      for (i = 0; i < G_N_ELEMENTS (inside) && sdp_board_get_n_elements (board) < n; i++)
        {
          SdpElement *e = sdp_element_new (inside[i], NULL, ox + 40 + (i % 3) * 280, oy + 60 + (i / 3) * 200, 180, 90);

          e->label = g_strdup_printf ("%s %u", sdp_element_kind_caption (inside[i]), cluster);
          e->fill = i % 2 ? SDP_FILL_SOLID : SDP_FILL_NONE;
          e->fill_color = (SdpColor) (i % SDP_N_COLORS);
          sdp_board_add (board, e);
          ids[i] = g_strdup (e->id);
        }
      for (i = 1; i < G_N_ELEMENTS (inside) && sdp_board_get_n_elements (board) + 1 < n; i++)
        {
          SdpPoint a = { 0, 0 }, b = { 1, 1 };
          SdpElement *arrow = sdp_element_new_connector (SDP_ELEMENT_ARROW, NULL, &a, &b);
          g_autofree char *id = NULL;

          sdp_board_add (board, arrow);
          id = g_strdup (sdp_board_get_element_at (board, sdp_board_get_n_elements (board) - 1)->id);
          sdp_board_bind (board, id, FALSE, ids[i == 1 ? 0 : 1]);
          sdp_board_bind (board, id, TRUE, ids[i]);
        }
      for (i = 0; i < G_N_ELEMENTS (inside); i++)
        g_free (ids[i]);
      cluster++;
    }
  return board;
}

static double
pss_mb (void)
{
  g_autofree char *rollup = NULL;
  const char *pss;

  if (!g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL) ||
      (pss = strstr (rollup, "\nPss:")) == NULL)
    return 0;
  return g_ascii_strtod (pss + strlen ("\nPss:"), NULL) / 1024.0;
}

static void
bench (guint n)
{
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(SdpBoard) loaded = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pans = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) zooms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("sdp-bench-board-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "board.sdpboard", NULL);
  g_autofree char *png = g_build_filename (dir, "board.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "board.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (1);
  cairo_surface_t *cache, *view;
  SdpRect bounds;
  double zoom, before = pss_mb (), ms;
  gint64 start;
  int i;

  board = generate (n);
  sdp_board_get_bounds (board, &bounds);
  g_print ("board.%u.memory_mb %.1f MB\n", n, pss_mb () - before);

  /* Hit-testing: the first query builds the index, as the first click after an edit would. */
  for (i = 0; i < 1000; i++)
    {
      double x = bounds.x + g_rand_double (rand) * bounds.width, y = bounds.y + g_rand_double (rand) * bounds.height;

      start = g_get_monotonic_time ();
      sdp_board_hit_test (board, x, y, 4);
      ms = bench_ms_since (start);
      g_array_append_val (hits, ms);
    }
  g_print ("board.%u.hit_test_ms.median %.4f ms\n", n, bench_median (hits));

  /* Snapping a dragged box to the shapes in view, with the whole board in view: the extra work
   * of one pointer-motion frame while moving a shape. */
  {
    g_autoptr(GArray) snaps = g_array_new (FALSE, FALSE, sizeof (double));

    for (i = 0; i < 200; i++)
      {
        SdpRect box = { bounds.x + g_rand_double (rand) * bounds.width, bounds.y + g_rand_double (rand) * bounds.height,
                        150, 80 };

        start = g_get_monotonic_time ();
        sdp_board_snap_box (board, &box, &bounds, NULL, 6);
        ms = bench_ms_since (start);
        g_array_append_val (snaps, ms);
      }
    g_print ("board.%u.snap_ms.median %.3f ms\n", n, bench_median (snaps));
  }

  start = g_get_monotonic_time ();
  if (!sdp_board_save (board, file, &error))
    g_error ("%s", error->message);
  g_print ("board.%u.save_ms %.1f ms\n", n, bench_ms_since (start));
  start = g_get_monotonic_time ();
  loaded = sdp_board_load (file, &error);
  if (loaded == NULL)
    g_error ("%s", error->message);
  g_print ("board.%u.load_ms %.1f ms\n", n, bench_ms_since (start));

  /* The whole board in view: a full frame draws everything; a pan or zoom frame draws the
   * canvas's cached picture moved or scaled, which is what the canvas shows while the pointer
   * moves (it draws the board again once the gesture rests). */
  zoom = MIN (VIEW_W / bounds.width, VIEW_H / bounds.height);
  cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_W * 2, VIEW_H * 2);
  view = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_W, VIEW_H);
  for (i = 0; i < 5; i++)
    {
      cairo_t *cr = cairo_create (cache);
      SdpRect visible = { bounds.x - bounds.width / 2, bounds.y - bounds.height / 2, bounds.width * 2, bounds.height * 2 };

      start = g_get_monotonic_time ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, zoom, zoom);
      cairo_translate (cr, -visible.x, -visible.y);
      sdp_board_render (board, cr, &visible, FALSE);
      cairo_destroy (cr);
      ms = bench_ms_since (start);
      g_array_append_val (frames, ms);
    }
  g_print ("board.%u.full_frame_ms.median %.1f ms\n", n, bench_median (frames));

  for (i = 0; i < 100; i++)
    {
      cairo_t *cr = cairo_create (view);

      start = g_get_monotonic_time ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_surface (cr, cache, -VIEW_W / 2.0 + (i % 40) - 20, -VIEW_H / 2.0 + (i % 30) - 15);
      cairo_paint (cr);
      cairo_destroy (cr);
      ms = bench_ms_since (start);
      g_array_append_val (pans, ms);

      cr = cairo_create (view);
      start = g_get_monotonic_time ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_translate (cr, VIEW_W / 2.0, VIEW_H / 2.0);
      cairo_scale (cr, 1 + (i % 20) / 40.0, 1 + (i % 20) / 40.0);
      cairo_translate (cr, -VIEW_W, -VIEW_H);
      cairo_set_source_surface (cr, cache, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_destroy (cr);
      ms = bench_ms_since (start);
      g_array_append_val (zooms, ms);
    }
  g_print ("board.%u.pan_frame_ms.median %.2f ms\n", n, bench_median (pans));
  g_print ("board.%u.zoom_frame_ms.median %.2f ms\n", n, bench_median (zooms));
  cairo_surface_destroy (cache);
  cairo_surface_destroy (view);

  start = g_get_monotonic_time ();
  if (!sdp_board_export_png (board, NULL, 1, FALSE, FALSE, 24, png, &error))
    g_error ("%s", error->message);
  g_print ("board.%u.export_png_ms %.1f ms\n", n, bench_ms_since (start));
  start = g_get_monotonic_time ();
  {
    g_autofree char *svg = sdp_board_export_svg (board, NULL, FALSE, 24, FALSE);

    g_print ("board.%u.export_svg_ms %.1f ms\n", n, bench_ms_since (start));
  }
  start = g_get_monotonic_time ();
  if (!sdp_board_export_pdf (board, NULL, FALSE, 24, pdf, &error))
    g_error ("%s", error->message);
  g_print ("board.%u.export_pdf_ms %.1f ms\n", n, bench_ms_since (start));

  g_unlink (path);
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  bench (1000);
  bench (10000);
  return 0;
}

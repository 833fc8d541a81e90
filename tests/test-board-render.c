/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "sdp-board-render.h"

#define PADDING 10.0

static const SdpElementKind box_kinds[] = {
  SDP_ELEMENT_RECTANGLE, SDP_ELEMENT_ROUNDED_RECTANGLE, SDP_ELEMENT_ELLIPSE, SDP_ELEMENT_DIAMOND,
  SDP_ELEMENT_TEXT, SDP_ELEMENT_CLIENT, SDP_ELEMENT_MOBILE_CLIENT, SDP_ELEMENT_DNS, SDP_ELEMENT_CDN,
  SDP_ELEMENT_LOAD_BALANCER, SDP_ELEMENT_API_GATEWAY, SDP_ELEMENT_SERVICE, SDP_ELEMENT_WORKER,
  SDP_ELEMENT_DATABASE, SDP_ELEMENT_CACHE, SDP_ELEMENT_QUEUE, SDP_ELEMENT_OBJECT_STORAGE,
  SDP_ELEMENT_SEARCH_INDEX, SDP_ELEMENT_EXTERNAL_SERVICE, SDP_ELEMENT_CONTAINER,
};

static char *
temp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("sdp-board-render-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (dir, name, NULL);
}

static void
add_box (SdpBoard       *board,
         SdpElementKind  kind,
         const char     *id,
         double          x,
         double          y,
         double          w,
         double          h,
         const char     *label)
{
  SdpElement *element = sdp_element_new (kind, id, x, y, w, h);

  element->label = g_strdup (label);
  sdp_board_add (board, element);
}

/* One element of every kind, with a few styles: every drawing path is taken. */
static SdpBoard *
every_kind_board (void)
{
  SdpBoard *board = sdp_board_new ();
  SdpPoint a = { 20, 700 }, b = { 400, 760 };
  SdpElement *element;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (box_kinds); i++)
    {
      g_autofree char *id = g_strdup_printf ("k%u", i);

      element = sdp_element_new (box_kinds[i], id, 20 + (i % 5) * 200, 20 + (i / 5) * 160, 160, 100);
      element->label = g_strdup (i % 2 ? "Orders service with a long label" : sdp_element_kind_to_string (box_kinds[i]));
      element->fill = i % 3 ? SDP_FILL_SOLID : SDP_FILL_NONE;
      element->fill_color = (SdpColor) (i % SDP_N_COLORS);
      element->stroke_color = (SdpColor) ((i + 3) % SDP_N_COLORS);
      element->dash = (SdpDash) (i % 3);
      element->stroke_width = i % 4 == 0 ? 4 : 2;
      sdp_board_add (board, element);
    }

  element = sdp_element_new_connector (SDP_ELEMENT_LINE, "line", &a, &b);
  element->dash = SDP_DASH_DOTTED;
  sdp_board_add (board, element);

  element = sdp_element_new_connector (SDP_ELEMENT_ARROW, "arrow", &a, &b);
  g_array_set_size (element->points, 0);
  g_array_append_vals (element->points, (SdpPoint[]) { { 450, 700 }, { 550, 700 }, { 550, 780 }, { 650, 780 } }, 4);
  sdp_element_update_box (element);
  element->label = g_strdup ("HTTPS");
  element->start_arrowhead = TRUE;
  element->dash = SDP_DASH_DASHED;
  sdp_board_add (board, element);

  element = sdp_element_new (SDP_ELEMENT_FREEHAND, "pen", 0, 0, 0, 0);
  element->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
  for (i = 0; i <= 60; i++)
    {
      SdpStrokePoint point = { 700 + i * 4, 720 + 30 * sin (i / 6.0), i / 60.0 };

      g_array_append_val (element->stroke, point);
    }
  sdp_element_update_box (element);
  sdp_board_add (board, element);

  /* A single-point stroke is a dot. */
  element = sdp_element_new (SDP_ELEMENT_FREEHAND, "dot", 0, 0, 0, 0);
  element->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
  g_array_append_val (element->stroke, ((SdpStrokePoint) { 1000, 760, 0.5 }));
  sdp_element_update_box (element);
  sdp_board_add (board, element);

  return board;
}

static void
test_render_every_kind (void)
{
  g_autoptr(SdpBoard) board = every_kind_board ();
  SdpRect visible = { -50, -50, 1200, 900 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 450);
  cairo_t *cr = cairo_create (surface);
  const guint32 *pixels;
  guint drawn = 0;

  for (int dark = 0; dark < 2; dark++)
    {
      cairo_save (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_save (cr);
      cairo_scale (cr, 0.5, 0.5);
      cairo_translate (cr, 50, 50);
      sdp_board_render (board, cr, &visible, dark);
      sdp_board_render (board, cr, NULL, dark);
      for (guint i = 0; i < sdp_board_get_n_elements (board); i++)
        {
          sdp_board_render_element (cr, sdp_board_get_element_at (board, i), dark);
          sdp_board_render_selection (cr, sdp_board_get_element_at (board, i), 0.5);
        }
      cairo_restore (cr);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    }

  cairo_surface_flush (surface);
  pixels = (const guint32 *) cairo_image_surface_get_data (surface);
  for (int i = 0; i < 600 * 450; i++)
    drawn += pixels[i] != 0;
  g_assert_cmpuint (drawn, >, 600 * 450 / 20);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_palette (void)
{
  for (int color = 0; color < SDP_N_COLORS; color++)
    {
      double light_stroke[3], light_fill[3], dark_stroke[3], dark_fill[3];

      sdp_board_palette_rgb (color, FALSE, FALSE, light_stroke);
      sdp_board_palette_rgb (color, FALSE, TRUE, light_fill);
      sdp_board_palette_rgb (color, TRUE, FALSE, dark_stroke);
      sdp_board_palette_rgb (color, TRUE, TRUE, dark_fill);
      /* Light tints on the light palette, deep ones on the dark; strokes the other way. */
      g_assert_cmpfloat (light_fill[0] + light_fill[1] + light_fill[2], >, 2.4);
      g_assert_cmpfloat (dark_fill[0] + dark_fill[1] + dark_fill[2], <, 1.2);
      g_assert_cmpfloat (light_stroke[0] + light_stroke[1] + light_stroke[2], <,
                         dark_stroke[0] + dark_stroke[1] + dark_stroke[2]);
    }
}

typedef struct
{
  guint32 width;
  guint32 height;
} PngSize;

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static PngSize
png_size (const char *path)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GBytes) bytes = read_file (path);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  return (PngSize) { be32 (data + 16), be32 (data + 20) };
}

static SdpBoard *
red_box_board (void)
{
  SdpBoard *board = sdp_board_new ();
  SdpElement *element = sdp_element_new (SDP_ELEMENT_RECTANGLE, "red", 0, 0, 100, 60);

  element->fill = SDP_FILL_SOLID;
  element->fill_color = SDP_COLOR_RED;
  element->stroke_color = SDP_COLOR_RED;
  sdp_board_add (board, element);
  add_box (board, SDP_ELEMENT_SERVICE, "svc", 200, 100, 160, 80, "Orders");
  return board;
}

static void
test_png_size (void)
{
  g_autoptr(SdpBoard) board = red_box_board ();
  g_autofree char *path = temp_path ("size.png");
  SdpRect bounds;

  sdp_board_get_bounds (board, &bounds);
  for (int scale = 1; scale <= 2; scale++)
    {
      g_autoptr(GError) error = NULL;
      PngSize size;

      g_assert_true (sdp_board_export_png (board, NULL, scale, FALSE, FALSE, PADDING, path, &error));
      g_assert_no_error (error);
      size = png_size (path);
      g_assert_cmpuint (size.width, ==, (guint32) ceil ((bounds.width + 2 * PADDING) * scale));
      g_assert_cmpuint (size.height, ==, (guint32) ceil ((bounds.height + 2 * PADDING) * scale));
    }
}

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          guint           *r,
          guint           *g,
          guint           *b,
          guint           *a)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 px = ((const guint32 *) (data + y * cairo_image_surface_get_stride (surface)))[x];

  *a = px >> 24;
  *r = (px >> 16) & 0xff;
  *g = (px >> 8) & 0xff;
  *b = px & 0xff;
}

static void
test_png_pixels (void)
{
  g_autoptr(SdpBoard) board = red_box_board ();
  g_autofree char *path = temp_path ("pixels.png");
  SdpRect bounds;

  sdp_board_get_bounds (board, &bounds);
  for (int mode = 0; mode < 3; mode++)
    {
      gboolean transparent = mode == 1, dark = mode == 2;
      g_autoptr(GError) error = NULL;
      cairo_surface_t *image;
      guint r, g, b, a;
      int scale = 2;
      /* The red box's centre, in image pixels. */
      int cx = (int) ((50 - bounds.x + PADDING) * scale), cy = (int) ((30 - bounds.y + PADDING) * scale);

      g_assert_true (sdp_board_export_png (board, NULL, scale, transparent, dark, PADDING, path, &error));
      g_assert_no_error (error);
      image = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil ((bounds.width + 2 * PADDING) * scale));

      pixel_at (image, cx, cy, &r, &g, &b, &a);
      g_assert_cmpuint (a, ==, 255);
      g_assert_cmpuint (r, >, g + 30);
      g_assert_cmpuint (r, >, b + 30);

      pixel_at (image, 1, 1, &r, &g, &b, &a);
      if (transparent)
        g_assert_cmpuint (a, ==, 0);
      else if (dark)
        {
          g_assert_cmpuint (a, ==, 255);
          g_assert_cmpuint (r + g + b, <, 3 * 64);
        }
      else
        {
          g_assert_cmpuint (a, ==, 255);
          g_assert_cmpuint (r + g + b, ==, 3 * 255);
        }
      cairo_surface_destroy (image);
    }
}

/* Wider than any cairo surface: rendered in tiles. Decodes the PNG by hand to check it. */
static void
test_png_huge (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autofree char *path = temp_path ("huge.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autoptr(GZlibDecompressor) inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autofree guint8 *raw = NULL;
  const guint8 *data;
  gsize length, raw_length, read, written, offset = 8, stride;
  PngSize size;
  SdpElement *element;

  element = sdp_element_new (SDP_ELEMENT_RECTANGLE, "left", 0, 0, 40, 40);
  element->fill = SDP_FILL_SOLID;
  element->fill_color = SDP_COLOR_RED;
  sdp_board_add (board, element);
  element = sdp_element_new (SDP_ELEMENT_RECTANGLE, "right", 39960, 0, 40, 40);
  element->fill = SDP_FILL_SOLID;
  element->fill_color = SDP_COLOR_BLUE;
  sdp_board_add (board, element);

  g_assert_true (sdp_board_export_png (board, NULL, 1, FALSE, FALSE, 0, path, &error));
  g_assert_no_error (error);
  size = png_size (path);
  g_assert_cmpuint (size.width, ==, 40002);
  g_assert_cmpuint (size.height, ==, 42);

  bytes = read_file (path);
  data = g_bytes_get_data (bytes, &length);
  while (offset + 12 <= length)
    {
      guint32 chunk = be32 (data + offset);

      if (memcmp (data + offset + 4, "IDAT", 4) == 0)
        g_byte_array_append (idat, data + offset + 8, chunk);
      offset += 12 + chunk;
    }
  g_assert_cmpuint (offset, ==, length);

  stride = 1 + size.width * 3;
  raw_length = stride * size.height;
  raw = g_malloc (raw_length);
  g_assert_cmpint (g_converter_convert (G_CONVERTER (inflater), idat->data, idat->len, raw, raw_length,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, raw_length);

  /* Undo the "Up" filter, then look at the middle of each box. */
  for (guint y = 0; y < size.height; y++)
    {
      guint8 *line = raw + y * stride;

      g_assert_cmpuint (line[0], ==, 2);
      if (y > 0)
        for (gsize i = 1; i < stride; i++)
          line[i] += line[i - stride];
    }
  {
    const guint8 *left = raw + 21 * stride + 1 + 21 * 3;
    const guint8 *right = raw + 21 * stride + 1 + (size.width - 21) * 3;

    g_assert_cmpuint (left[0], >, left[2] + 30);
    g_assert_cmpuint (right[2], >, right[0] + 30);
  }
}

static void
test_png_selection (void)
{
  g_autoptr(SdpBoard) board = red_box_board ();
  g_autofree char *all_path = temp_path ("all.png");
  g_autofree char *one_path = temp_path ("one.png");
  const char * const only[] = { "svc", NULL };
  g_autoptr(GError) error = NULL;
  PngSize all, one;

  g_assert_true (sdp_board_export_png (board, NULL, 1, FALSE, FALSE, PADDING, all_path, &error));
  g_assert_no_error (error);
  g_assert_true (sdp_board_export_png (board, only, 1, FALSE, FALSE, PADDING, one_path, &error));
  g_assert_no_error (error);
  all = png_size (all_path);
  one = png_size (one_path);
  g_assert_cmpuint (one.width, <, all.width);
  g_assert_cmpuint (one.height, <, all.height);
  g_assert_cmpuint (one.width, ==, 160 + 2 + 2 * PADDING);
  g_assert_cmpuint (one.height, ==, 80 + 2 + 2 * PADDING);
}

static void
test_empty (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(SdpBoard) full = red_box_board ();
  g_autofree char *png = temp_path ("empty.png");
  g_autofree char *pdf = temp_path ("empty.pdf");
  const char * const missing[] = { "nope", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (sdp_board_export_png (board, NULL, 1, FALSE, FALSE, PADDING, png, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sdp_board_export_pdf (board, NULL, FALSE, PADDING, pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sdp_board_export_png (full, missing, 1, FALSE, FALSE, PADDING, png, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (sdp_board_export_svg (board, NULL, FALSE, PADDING, FALSE));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

typedef struct
{
  guint rects;
  guint texts;
  guint tspans;
  gboolean font_family;
  GString *text;
} SvgStats;

static void
svg_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  SvgStats *stats = user_data;

  if (g_str_equal (name, "rect"))
    stats->rects++;
  else if (g_str_equal (name, "tspan"))
    stats->tspans++;
  else if (g_str_equal (name, "text"))
    {
      stats->texts++;
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (g_str_equal (attribute_names[i], "font-family") && strstr (attribute_values[i], "sans-serif") != NULL)
          stats->font_family = TRUE;
    }
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgStats *stats = user_data;

  g_string_append_len (stats->text, text, (gssize) length);
  g_string_append_c (stats->text, ' ');
}

static void
parse_svg (const char *svg,
           SvgStats   *stats)
{
  static const GMarkupParser parser = { svg_start, NULL, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  memset (stats, 0, sizeof *stats);
  stats->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, stats, NULL);
  g_markup_parse_context_parse (context, svg, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
test_svg (void)
{
  g_autoptr(SdpBoard) board = every_kind_board ();
  g_autofree char *svg = NULL;
  g_autofree char *outlined = NULL;
  SvgStats stats;

  add_box (board, SDP_ELEMENT_SERVICE, "amp", 0, 1000, 160, 80, "Cart & <checkout>");
  svg = sdp_board_export_svg (board, NULL, FALSE, PADDING, FALSE);
  g_assert_nonnull (svg);
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_nonnull (strstr (svg, "<text"));
  g_assert_nonnull (strstr (svg, "font-family=\"Cantarell"));
  g_assert_nonnull (strstr (svg, "<rect"));
  g_assert_nonnull (strstr (svg, "<ellipse"));
  g_assert_nonnull (strstr (svg, "<path"));

  parse_svg (svg, &stats);
  g_assert_cmpuint (stats.rects, >, 1);
  g_assert_cmpuint (stats.texts, >, 10);
  g_assert_cmpuint (stats.tspans, >, stats.texts);   /* long labels wrap over several lines */
  g_assert_true (stats.font_family);
  g_assert_nonnull (strstr (stats.text->str, "HTTPS"));
  g_assert_nonnull (strstr (stats.text->str, "Cart &"));   /* escaped, and wrapped over two lines */
  g_assert_nonnull (strstr (stats.text->str, "<checkout>"));
  g_assert_nonnull (strstr (stats.text->str, "Database"));   /* a caption */
  g_string_free (stats.text, TRUE);

  outlined = sdp_board_export_svg (board, NULL, TRUE, PADDING, TRUE);
  g_assert_nonnull (outlined);
  g_assert_null (strstr (outlined, "<text"));
  g_assert_null (strstr (outlined, "HTTPS"));
  g_assert_nonnull (strstr (outlined, "<rect"));
  parse_svg (outlined, &stats);
  g_assert_cmpuint (stats.texts, ==, 0);
  g_string_free (stats.text, TRUE);
  /* Text as paths makes the file much larger. */
  g_assert_cmpuint (strlen (outlined), >, strlen (svg));
}

static void
test_svg_bounds (void)
{
  g_autoptr(SdpBoard) board = red_box_board ();
  g_autofree char *svg = sdp_board_export_svg (board, NULL, FALSE, 10, FALSE);
  const char * const only[] = { "red", NULL };
  g_autofree char *one = sdp_board_export_svg (board, only, FALSE, 10, FALSE);

  /* Bounds (-1, -1) to (361, 181), 10 of padding. */
  g_assert_nonnull (strstr (svg, "width=\"382\" height=\"202\" viewBox=\"-11 -11 382 202\""));
  g_assert_nonnull (strstr (one, "width=\"122\" height=\"82\" viewBox=\"-11 -11 122 82\""));
}

/* The number of pages: "/Type /Page" dictionaries, looking into compressed object streams
 * too in case cairo writes them. */
static guint
pdf_pages (GBytes *bytes)
{
  g_autoptr(GRegex) page = g_regex_new ("/Type\\s*/Page(?!s)", G_REGEX_RAW, 0, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *end = data + length, *p = data;
  g_autoptr(GMatchInfo) match = NULL;
  guint pages = 0;

  g_string_append_len (text, data, (gssize) length);
  if (g_strstr_len (data, (gssize) length, "/ObjStm") != NULL)
    while ((p = g_strstr_len (p, end - p, "stream")) != NULL)
      {
        g_autoptr(GZlibDecompressor) inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
        char out[65536];
        gsize read = 0, written = 0;

        p += strlen ("stream");
        while (p < end && (*p == '\r' || *p == '\n'))
          p++;
        if (g_converter_convert (G_CONVERTER (inflater), p, end - p, out, sizeof out, G_CONVERTER_NO_FLAGS,
                                 &read, &written, NULL) != G_CONVERTER_ERROR)
          g_string_append_len (text, out, (gssize) written);
      }

  g_regex_match_full (page, text->str, (gssize) text->len, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      pages++;
      g_match_info_next (match, NULL);
    }
  return pages;
}

static void
test_pdf (void)
{
  g_autoptr(SdpBoard) board = every_kind_board ();
  g_autofree char *path = temp_path ("board.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_assert_true (sdp_board_export_pdf (board, NULL, TRUE, PADDING, path, &error));
  g_assert_no_error (error);
  bytes = read_file (path);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (length, >, 5);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  g_assert_cmpuint (pdf_pages (bytes), ==, 1);
}

static void
test_measure_text (void)
{
  double w1, h1, w2, h2;

  sdp_board_measure_text ("Orders service handles checkout", 20, 0, &w1, &h1);
  sdp_board_measure_text ("Orders service handles checkout", 20, 120, &w2, &h2);
  g_assert_cmpfloat (w1, >, 120);
  g_assert_cmpfloat (w2, <=, 120);
  g_assert_cmpfloat (h2, >, h1 * 1.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/board-render/palette", test_palette);
  g_test_add_func ("/board-render/every-kind", test_render_every_kind);
  g_test_add_func ("/board-render/measure-text", test_measure_text);
  g_test_add_func ("/board-render/png/size", test_png_size);
  g_test_add_func ("/board-render/png/pixels", test_png_pixels);
  g_test_add_func ("/board-render/png/huge", test_png_huge);
  g_test_add_func ("/board-render/png/selection", test_png_selection);
  g_test_add_func ("/board-render/empty", test_empty);
  g_test_add_func ("/board-render/svg", test_svg);
  g_test_add_func ("/board-render/svg/bounds", test_svg_bounds);
  g_test_add_func ("/board-render/pdf", test_pdf);

  return g_test_run ();
}

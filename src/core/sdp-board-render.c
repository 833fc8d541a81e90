/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-board-render.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define LABEL_PADDING      8.0     /* between a shape's outline and its label */
#define ARROW_LABEL_MARGIN 4.0     /* around an arrow label, inside its background box */
#define CAPTION_ALPHA      0.7
#define SELECTION_ACCENT   0x3584e4

/* PNG exports are rendered in tiles and encoded strip by strip, so their size is not bound
 * by cairo's 32767-pixel surfaces or by memory; only by these sanity limits. */
#define PNG_TILE_SIDE      4096
#define PNG_STRIP_PIXELS   (1 << 24)
#define PNG_MAX_SIDE       (1 << 20)
#define PNG_MAX_PIXELS     ((gint64) 1 << 30)
#define PNG_IDAT_CHUNK     (1 << 20)

/* PDF: one board unit is one CSS pixel (0.75 pt), unless the page would exceed what PDF
 * readers accept, in which case the drawing is scaled down to fit. */
#define PDF_POINTS_PER_UNIT 0.75
#define PDF_MAX_POINTS      14400.0

/* ---------------------------------------------------------------- palette */

typedef struct
{
  guint8 r, g, b;
} Rgb8;

/* [dark][fill][color]: strong strokes; light tints (light palette) or deep ones (dark) for
 * fills. Based on the GNOME palette. */
static const Rgb8 palette[2][2][SDP_N_COLORS] = {
  { /* light */
    { /* stroke */
      { 0x1e, 0x1e, 0x1e }, { 0x5e, 0x5c, 0x64 }, { 0xe0, 0x1b, 0x24 }, { 0xe6, 0x61, 0x00 },
      { 0xb5, 0x83, 0x00 }, { 0x26, 0xa2, 0x69 }, { 0x1c, 0x71, 0xd8 }, { 0x81, 0x3d, 0x9c },
    },
    { /* fill */
      { 0xe8, 0xe8, 0xe8 }, { 0xde, 0xdd, 0xda }, { 0xff, 0xd8, 0xd6 }, { 0xff, 0xe1, 0xc7 },
      { 0xff, 0xf2, 0xb3 }, { 0xcd, 0xf3, 0xdc }, { 0xd3, 0xe4, 0xfc }, { 0xea, 0xd8, 0xf5 },
    },
  },
  { /* dark */
    { /* stroke */
      { 0xee, 0xee, 0xee }, { 0xa6, 0xa4, 0xad }, { 0xff, 0x7b, 0x72 }, { 0xff, 0xa3, 0x48 },
      { 0xf6, 0xd3, 0x2d }, { 0x57, 0xe3, 0x89 }, { 0x78, 0xae, 0xed }, { 0xc7, 0x8f, 0xe0 },
    },
    { /* fill */
      { 0x3a, 0x3a, 0x3a }, { 0x3b, 0x3b, 0x41 }, { 0x5a, 0x1e, 0x1e }, { 0x5a, 0x32, 0x12 },
      { 0x4d, 0x42, 0x14 }, { 0x17, 0x4a, 0x2f }, { 0x1b, 0x3a, 0x63 }, { 0x40, 0x25, 0x5a },
    },
  },
};

/**
 * sdp_board_palette_rgb:
 * @fill: whether the colour fills a shape (a tint) rather than strokes it
 * @rgb: (out caller-allocates) (array fixed-size=3): the colour, 0..1 each
 */
void
sdp_board_palette_rgb (SdpColor  color,
                       gboolean  dark,
                       gboolean  fill,
                       double    rgb[3])
{
  const Rgb8 *c;

  if (color >= SDP_N_COLORS)
    color = SDP_COLOR_INK;
  c = &palette[dark ? 1 : 0][fill ? 1 : 0][color];
  rgb[0] = c->r / 255.0;
  rgb[1] = c->g / 255.0;
  rgb[2] = c->b / 255.0;
}

/**
 * sdp_board_background_rgb:
 * @rgb: (out caller-allocates) (array fixed-size=3): the canvas colour, 0..1 each
 *
 * White, or #1e1e1e in the dark palette. sdp_board_render() does not paint it (the canvas may
 * draw a grid first); the exporters do, unless asked for a transparent PNG.
 */
void
sdp_board_background_rgb (gboolean dark,
                          double   rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = dark ? 0x1e / 255.0 : 1.0;
}

/* ---------------------------------------------------------------- text */

/* One Pango context per thread, independent of any cairo target and with unhinted metrics,
 * so a label wraps the same way at every zoom, on screen, in PNG, PDF and SVG. */
static PangoContext *
get_pango_context (void)
{
  static GPrivate key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *context = g_private_get (&key);

  if (context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (context, options);
      pango_context_set_round_glyph_positions (context, FALSE);
      cairo_font_options_destroy (options);
      g_private_set (&key, context);
    }
  return context;
}

static double
font_size_of (const SdpElement *element)
{
  return element->font_size > 0 && element->font_size < 1000 ? element->font_size : 20;
}

/* @wrap <= 0: no wrapping. */
static PangoLayout *
create_layout (const char     *text,
               double          size,
               double          wrap,
               PangoAlignment  alignment)
{
  PangoLayout *layout = pango_layout_new (get_pango_context ());
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, SDP_BOARD_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_alignment (layout, alignment);
  if (wrap > 0)
    {
      pango_layout_set_width (layout, (int) (wrap * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

/* The logical extents, in board units, relative to the layout's origin. */
static void
layout_extents (PangoLayout *layout,
                double      *x,
                double      *y,
                double      *width,
                double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *x = (double) logical.x / PANGO_SCALE;
  *y = (double) logical.y / PANGO_SCALE;
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

/**
 * sdp_board_measure_text:
 * @wrap_width: the width to wrap at, or 0 for none
 * @width: (out): the text's width as the renderer lays it out
 * @height: (out): its height
 *
 * For sizing text elements to what they show.
 */
void
sdp_board_measure_text (const char *text,
                        double      font_size,
                        double      wrap_width,
                        double     *width,
                        double     *height)
{
  g_autoptr(PangoLayout) layout = create_layout (text != NULL ? text : "", font_size > 0 ? font_size : 20,
                                                 wrap_width, PANGO_ALIGN_CENTER);
  double x, y;

  layout_extents (layout, &x, &y, width, height);
}

/* ---------------------------------------------------------------- painter */

/* The drawing functions build each outline as a cairo path, then hand it to paint(): on the
 * cairo backend that fills and strokes it; on the SVG backend it becomes an SVG element (a
 * <rect> or <ellipse> when the path is one, else a <path> copied from cairo's own path), so
 * both backends draw exactly the same geometry. */

typedef enum
{
  PRIM_PATH,
  PRIM_RECT,
  PRIM_ELLIPSE,
} PrimKind;

typedef struct
{
  cairo_t  *cr;             /* paths are built here; drawn here unless @svg is set */
  GString  *svg;
  gboolean  outline_text;   /* SVG only: text as paths */
  gboolean  dark;

  /* What the current path is, for SVG. */
  PrimKind  prim;
  double    px, py, pw, ph, pr;
} Painter;

typedef struct
{
  const double *fill;     /* rgb, or NULL for none */
  const double *stroke;   /* rgb, or NULL for none */
  double        width;
  SdpDash       dash;
  gboolean      round;    /* round caps and joins */
  double        alpha;
} Style;

static int
dash_pattern (SdpDash  dash,
              double   width,
              double   pattern[2])
{
  switch (dash)
    {
    case SDP_DASH_DASHED:
      pattern[0] = 2 + 3 * width;
      pattern[1] = 2 + 2 * width;
      return 2;
    case SDP_DASH_DOTTED:
      /* Zero-length dashes with round caps: dots. */
      pattern[0] = 0;
      pattern[1] = 2 + 2 * width;
      return 2;
    case SDP_DASH_SOLID:
    default:
      return 0;
    }
}

static void
svg_num (GString *s,
         double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;
  double rounded = round (value * 100) / 100;

  if (rounded == 0 || !isfinite (rounded))
    rounded = 0;
  g_ascii_formatd (buf, sizeof buf, "%.2f", rounded);
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  g_string_append (s, buf);
}

static void
svg_attr_num (GString    *s,
              const char *name,
              double      value)
{
  g_string_append_printf (s, " %s=\"", name);
  svg_num (s, value);
  g_string_append_c (s, '"');
}

static void
svg_color (GString      *s,
           const double  rgb[3])
{
  g_string_append_printf (s, "#%02x%02x%02x",
                          (guint) round (CLAMP (rgb[0], 0, 1) * 255),
                          (guint) round (CLAMP (rgb[1], 0, 1) * 255),
                          (guint) round (CLAMP (rgb[2], 0, 1) * 255));
}

static void
svg_style (GString     *s,
           const Style *style)
{
  g_string_append (s, " fill=\"");
  if (style->fill != NULL)
    svg_color (s, style->fill);
  else
    g_string_append (s, "none");
  g_string_append_c (s, '"');
  if (style->fill != NULL && style->alpha < 1)
    svg_attr_num (s, "fill-opacity", style->alpha);
  if (style->stroke != NULL)
    {
      double pattern[2];
      int n = dash_pattern (style->dash, style->width, pattern);

      g_string_append (s, " stroke=\"");
      svg_color (s, style->stroke);
      g_string_append_c (s, '"');
      svg_attr_num (s, "stroke-width", style->width);
      if (style->round || style->dash == SDP_DASH_DOTTED)
        g_string_append (s, " stroke-linecap=\"round\"");
      if (style->round)
        g_string_append (s, " stroke-linejoin=\"round\"");
      if (n > 0)
        {
          g_string_append (s, " stroke-dasharray=\"");
          svg_num (s, pattern[0]);
          g_string_append_c (s, ' ');
          svg_num (s, pattern[1]);
          g_string_append_c (s, '"');
        }
      if (style->alpha < 1)
        svg_attr_num (s, "stroke-opacity", style->alpha);
    }
}

static void
svg_path_data (GString *s,
               cairo_t *cr)
{
  cairo_path_t *path = cairo_copy_path (cr);
  int i;

  for (i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *data = &path->data[i];

      if (s->len > 0 && s->str[s->len - 1] != '"')
        g_string_append_c (s, ' ');
      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
        case CAIRO_PATH_LINE_TO:
          g_string_append_c (s, data->header.type == CAIRO_PATH_MOVE_TO ? 'M' : 'L');
          svg_num (s, data[1].point.x);
          g_string_append_c (s, ' ');
          svg_num (s, data[1].point.y);
          break;
        case CAIRO_PATH_CURVE_TO:
          g_string_append_c (s, 'C');
          for (int k = 1; k <= 3; k++)
            {
              if (k > 1)
                g_string_append_c (s, ' ');
              svg_num (s, data[k].point.x);
              g_string_append_c (s, ' ');
              svg_num (s, data[k].point.y);
            }
          break;
        case CAIRO_PATH_CLOSE_PATH:
          g_string_append_c (s, 'Z');
          break;
        default:
          break;
        }
    }
  cairo_path_destroy (path);
}

/* Fills and/or strokes the current path, then clears it. */
static void
paint (Painter     *p,
       const Style *style)
{
  cairo_t *cr = p->cr;

  if (p->svg != NULL)
    {
      GString *s = p->svg;

      switch (p->prim)
        {
        case PRIM_RECT:
          g_string_append (s, "<rect");
          svg_attr_num (s, "x", p->px);
          svg_attr_num (s, "y", p->py);
          svg_attr_num (s, "width", p->pw);
          svg_attr_num (s, "height", p->ph);
          if (p->pr > 0)
            svg_attr_num (s, "rx", p->pr);
          break;
        case PRIM_ELLIPSE:
          g_string_append (s, "<ellipse");
          svg_attr_num (s, "cx", p->px);
          svg_attr_num (s, "cy", p->py);
          svg_attr_num (s, "rx", p->pw);
          svg_attr_num (s, "ry", p->ph);
          break;
        case PRIM_PATH:
        default:
          g_string_append (s, "<path d=\"");
          svg_path_data (s, cr);
          g_string_append_c (s, '"');
          break;
        }
      svg_style (s, style);
      g_string_append (s, "/>\n");
      cairo_new_path (cr);
    }
  else
    {
      if (style->fill != NULL)
        {
          cairo_set_source_rgba (cr, style->fill[0], style->fill[1], style->fill[2], style->alpha);
          cairo_fill_preserve (cr);
        }
      if (style->stroke != NULL)
        {
          double pattern[2];
          int n = dash_pattern (style->dash, style->width, pattern);

          cairo_set_source_rgba (cr, style->stroke[0], style->stroke[1], style->stroke[2], style->alpha);
          cairo_set_line_width (cr, style->width);
          cairo_set_line_cap (cr, style->round || style->dash == SDP_DASH_DOTTED ? CAIRO_LINE_CAP_ROUND
                                                                                 : CAIRO_LINE_CAP_BUTT);
          cairo_set_line_join (cr, style->round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
          cairo_set_miter_limit (cr, 4);   /* SVG's default, so both backends agree */
          cairo_set_dash (cr, pattern, n, 0);
          cairo_stroke_preserve (cr);
        }
      cairo_new_path (cr);
    }
  p->prim = PRIM_PATH;
}

static void
paint_fill (Painter      *p,
            const double  rgb[3],
            double        alpha)
{
  Style style = { .fill = rgb, .alpha = alpha };

  paint (p, &style);
}

static void
paint_stroke (Painter      *p,
              const double  rgb[3],
              double        width,
              gboolean      round_caps)
{
  Style style = { .stroke = rgb, .width = width, .round = round_caps, .alpha = 1 };

  paint (p, &style);
}

static void
svg_text_content (GString    *s,
                  const char *text,
                  gsize       length)
{
  g_autoptr(GString) clean = g_string_sized_new (length);
  g_autofree char *escaped = NULL;
  const char *end = text + length;

  /* XML 1.0 allows no control characters but tab, and the line holds no newline. */
  for (const char *c = text; c < end; c++)
    if ((guchar) *c >= 0x20 || *c == '\t')
      g_string_append_c (clean, *c);
  while (clean->len > 0 && g_ascii_isspace (clean->str[clean->len - 1]))
    g_string_truncate (clean, clean->len - 1);
  escaped = g_markup_escape_text (clean->str, (gssize) clean->len);
  g_string_append (s, escaped);
}

/* Draws @layout with its origin at (@x, @y). */
static void
paint_layout (Painter      *p,
              PangoLayout  *layout,
              double        x,
              double        y,
              const double  rgb[3],
              double        alpha)
{
  if (p->svg == NULL)
    {
      cairo_save (p->cr);
      cairo_move_to (p->cr, x, y);
      cairo_set_source_rgba (p->cr, rgb[0], rgb[1], rgb[2], alpha);
      pango_cairo_show_layout (p->cr, layout);
      cairo_restore (p->cr);
    }
  else if (p->outline_text)
    {
      cairo_move_to (p->cr, x, y);
      pango_cairo_layout_path (p->cr, layout);
      p->prim = PRIM_PATH;
      paint_fill (p, rgb, alpha);
    }
  else
    {
      GString *s = p->svg;
      const PangoFontDescription *desc = pango_layout_get_font_description (layout);
      const char *text = pango_layout_get_text (layout);
      PangoLayoutIter *iter;

      /* Each laid-out line becomes a tspan placed where Pango put it, centred on the line's
       * middle: the SVG wraps and aligns exactly like the canvas when the font is there. */
      g_string_append (s, "<text font-family=\"" SDP_BOARD_FONT_FAMILY "\"");
      svg_attr_num (s, "font-size", (double) pango_font_description_get_size (desc) / PANGO_SCALE);
      g_string_append (s, " text-anchor=\"middle\" fill=\"");
      svg_color (s, rgb);
      g_string_append_c (s, '"');
      if (alpha < 1)
        svg_attr_num (s, "fill-opacity", alpha);
      g_string_append_c (s, '>');

      iter = pango_layout_get_iter (layout);
      do
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          PangoRectangle logical;
          int baseline = pango_layout_iter_get_baseline (iter);
          const char *line_text = text + line->start_index;
          gsize length = (gsize) line->length;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (length == 0)
            continue;
          g_string_append (s, "<tspan");
          svg_attr_num (s, "x", x + (logical.x + logical.width / 2.0) / PANGO_SCALE);
          svg_attr_num (s, "y", y + (double) baseline / PANGO_SCALE);
          g_string_append_c (s, '>');
          svg_text_content (s, line_text, length);
          g_string_append (s, "</tspan>");
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      g_string_append (s, "</text>\n");
    }
}

/* ---------------------------------------------------------------- paths */

static void
path_rect (Painter *p,
           double   x,
           double   y,
           double   w,
           double   h,
           double   r)
{
  cairo_t *cr = p->cr;

  r = MIN (r, MIN (w, h) / 2);
  if (r <= 0)
    cairo_rectangle (cr, x, y, w, h);
  else
    {
      /* Starts where SVG's <rect> starts, so dashes line up on both backends. */
      cairo_new_sub_path (cr);
      cairo_move_to (cr, x + r, y);
      cairo_line_to (cr, x + w - r, y);
      cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
      cairo_line_to (cr, x + w, y + h - r);
      cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
      cairo_line_to (cr, x + r, y + h);
      cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
      cairo_line_to (cr, x, y + r);
      cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
  p->prim = PRIM_RECT;
  p->px = x;
  p->py = y;
  p->pw = w;
  p->ph = h;
  p->pr = MAX (r, 0);
}

/* An arc of the ellipse centred on (@cx, @cy); angles as in cairo_arc(). */
static void
ellipse_arc (cairo_t  *cr,
             double    cx,
             double    cy,
             double    rx,
             double    ry,
             double    from,
             double    to,
             gboolean  negative)
{
  rx = MAX (rx, 0.01);
  ry = MAX (ry, 0.01);
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  if (negative)
    cairo_arc_negative (cr, 0, 0, 1, from, to);
  else
    cairo_arc (cr, 0, 0, 1, from, to);
  cairo_restore (cr);
}

static void
path_ellipse (Painter *p,
              double   cx,
              double   cy,
              double   rx,
              double   ry)
{
  cairo_new_sub_path (p->cr);
  ellipse_arc (p->cr, cx, cy, rx, ry, 0, 2 * G_PI, FALSE);
  cairo_close_path (p->cr);
  p->prim = PRIM_ELLIPSE;
  p->px = cx;
  p->py = cy;
  p->pw = rx;
  p->ph = ry;
}

static void
path_polygon (Painter        *p,
              const SdpPoint *points,
              guint           n)
{
  cairo_move_to (p->cr, points[0].x, points[0].y);
  for (guint i = 1; i < n; i++)
    cairo_line_to (p->cr, points[i].x, points[i].y);
  cairo_close_path (p->cr);
}

/* A cloud made of five circles (in a unit design space) joined where they cross, then
 * stretched over the box. */
static void
path_cloud (cairo_t *cr,
            double   x,
            double   y,
            double   w,
            double   h)
{
  static const double circles[][3] = {
    /* cx, cy, r: left, upper left, top, upper right, right */
    { 0.20, 0.64, 0.20 },
    { 0.36, 0.40, 0.19 },
    { 0.58, 0.33, 0.23 },
    { 0.78, 0.48, 0.17 },
    { 0.82, 0.66, 0.18 },
  };
  const guint n = G_N_ELEMENTS (circles);
  double angles[G_N_ELEMENTS (circles)][2];   /* where each circle's arc starts and ends */
  double min_x = 0.00, min_y = 0.14, max_x = 1.00, max_y = 0.84;   /* the design's extent */

  /* Each arc runs from the crossing with the previous circle to the crossing with the next;
   * the first starts at its bottom, the last ends at its bottom, and a straight base joins. */
  angles[0][0] = G_PI / 2;
  angles[n - 1][1] = G_PI / 2 + 2 * G_PI;
  for (guint i = 0; i + 1 < n; i++)
    {
      const double *a = circles[i], *b = circles[i + 1];
      double dx = b[0] - a[0], dy = b[1] - a[1], d = hypot (dx, dy);
      double along = (d * d + a[2] * a[2] - b[2] * b[2]) / (2 * d);
      double across = sqrt (MAX (a[2] * a[2] - along * along, 0));
      double mx = a[0] + dx * along / d, my = a[1] + dy * along / d;
      /* Of the two crossings, the outer one (away from the cloud's middle, i.e. upward). */
      double px = mx + dy * across / d, py = my - dx * across / d;

      angles[i][1] = atan2 (py - a[1], px - a[0]);
      angles[i + 1][0] = atan2 (py - b[1], px - b[0]);
    }

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, MAX (w, 0.01) / (max_x - min_x), MAX (h, 0.01) / (max_y - min_y));
  cairo_translate (cr, -min_x, -min_y);
  cairo_new_sub_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double from = angles[i][0], to = angles[i][1];

      while (to > from + 2 * G_PI)
        to -= 2 * G_PI;
      while (to < from)
        to += 2 * G_PI;
      cairo_arc (cr, circles[i][0], circles[i][1], circles[i][2], from, to);
    }
  cairo_close_path (cr);
  cairo_restore (cr);
}

/* ---------------------------------------------------------------- labels */

/* An architecture shape's caption (its kind, small) above its label, both centred in the
 * content box; or just the label. @avoid_top: where a corner icon ends (or -G_MAXDOUBLE). */
static void
draw_label_block (Painter          *p,
                  const SdpElement *element,
                  const char       *caption,
                  double            x,
                  double            y,
                  double            w,
                  double            h,
                  double            avoid_top,
                  const double      rgb[3])
{
  double size = font_size_of (element);
  double wrap = MAX (w - 2 * LABEL_PADDING, 1);
  g_autoptr(PangoLayout) caption_layout = NULL;
  g_autoptr(PangoLayout) label_layout = NULL;
  double cx = 0, cy = 0, cw = 0, ch = 0, lx = 0, ly = 0, lw = 0, lh = 0, gap = 0, top;
  gboolean has_label = element->label != NULL && element->label[0] != '\0';

  if (caption != NULL)
    {
      caption_layout = create_layout (caption, MAX (11, round (size * 0.6)), wrap, PANGO_ALIGN_CENTER);
      layout_extents (caption_layout, &cx, &cy, &cw, &ch);
    }
  if (has_label)
    {
      label_layout = create_layout (element->label, size, wrap, PANGO_ALIGN_CENTER);
      layout_extents (label_layout, &lx, &ly, &lw, &lh);
      if (caption != NULL)
        gap = 2;
    }
  if (caption_layout == NULL && label_layout == NULL)
    return;

  /* A label too tall for the shape keeps its place and the caption goes; one too tall even
   * alone runs out at the bottom rather than over the outline at the top. */
  if (caption_layout != NULL && label_layout != NULL && ch + gap + lh > h && lh <= h)
    {
      g_clear_object (&caption_layout);
      ch = gap = 0;
    }
  top = MAX (y + (h - (ch + gap + lh)) / 2, y);
  /* Below the corner icon when there is room. */
  if (top < avoid_top)
    top = MAX (top, MIN (avoid_top, y + h - (ch + gap + lh)));
  if (caption_layout != NULL)
    paint_layout (p, caption_layout, x + LABEL_PADDING, top - cy, rgb, CAPTION_ALPHA);
  if (label_layout != NULL)
    paint_layout (p, label_layout, x + LABEL_PADDING, top + ch + gap - ly, rgb, 1);
}

static void
draw_text_element (Painter          *p,
                   const SdpElement *element,
                   const double      rgb[3])
{
  g_autoptr(PangoLayout) layout = NULL;
  double lx, ly, lw, lh, wrap = element->width > 1 ? element->width : 0;

  if (element->label == NULL || element->label[0] == '\0')
    return;
  layout = create_layout (element->label, font_size_of (element), wrap, PANGO_ALIGN_CENTER);
  layout_extents (layout, &lx, &ly, &lw, &lh);
  paint_layout (p, layout,
                wrap > 0 ? element->x : element->x + element->width / 2 - lw / 2 - lx,
                element->y + (element->height - lh) / 2 - ly, rgb, 1);
}

/* ---------------------------------------------------------------- shapes */

static double
icon_size (double w,
           double h)
{
  return CLAMP (MIN (w, h) * 0.22, 8, 20);
}

static void
draw_shape (Painter          *p,
            const SdpElement *element)
{
  cairo_t *cr = p->cr;
  double ink[3], tint[3];
  double x = element->x, y = element->y, w = MAX (element->width, 1), h = MAX (element->height, 1);
  double sw = element->stroke_width > 0 ? element->stroke_width : 2;
  double thin = MAX (sw * 0.75, 1);
  double s = icon_size (w, h), ix = x + w - LABEL_PADDING - s, iy = y + LABEL_PADDING;
  double cx = x, cy = y, cw = w, ch = h;   /* where the caption and label go */
  const char *caption = sdp_element_kind_caption (element->kind);
  double avoid_top = -G_MAXDOUBLE;
  Style outline = { NULL, NULL, sw, element->dash, FALSE, 1 };

  sdp_board_palette_rgb (element->stroke_color, p->dark, FALSE, ink);
  sdp_board_palette_rgb (element->fill_color, p->dark, TRUE, tint);
  outline.stroke = ink;
  outline.fill = element->fill == SDP_FILL_SOLID ? tint : NULL;

  switch (element->kind)
    {
    case SDP_ELEMENT_RECTANGLE:
      path_rect (p, x, y, w, h, 0);
      paint (p, &outline);
      break;

    case SDP_ELEMENT_ROUNDED_RECTANGLE:
      path_rect (p, x, y, w, h, MIN (24, MIN (w, h) * 0.25));
      paint (p, &outline);
      break;

    case SDP_ELEMENT_ELLIPSE:
      path_ellipse (p, x + w / 2, y + h / 2, w / 2, h / 2);
      paint (p, &outline);
      /* The inscribed rectangle, which already keeps the label off the outline. */
      cx = x + w * (1 - G_SQRT2 / 2) / 2 - LABEL_PADDING;
      cy = y + h * (1 - G_SQRT2 / 2) / 2;
      cw = w * G_SQRT2 / 2 + 2 * LABEL_PADDING;
      ch = h * G_SQRT2 / 2;
      break;

    case SDP_ELEMENT_DIAMOND:
      {
        SdpPoint points[] = { { x + w / 2, y }, { x + w, y + h / 2 }, { x + w / 2, y + h }, { x, y + h / 2 } };

        path_polygon (p, points, G_N_ELEMENTS (points));
        paint (p, &outline);
        /* Wrapped to 60 % of the width: short labels fit on one line; longer ones stay
         * inside as long as they are not too tall. */
        cx = x + w * 0.2 - LABEL_PADDING;
        cy = y + h * 0.2;
        cw = w * 0.6 + 2 * LABEL_PADDING;
        ch = h * 0.6;
      }
      break;

    case SDP_ELEMENT_CLIENT:
      {
        /* A monitor: the screen, a neck and a foot. */
        double screen = h * 0.78, mid = x + w / 2;

        path_rect (p, x, y, w, screen, MIN (8, MIN (w, screen) * 0.15));
        paint (p, &outline);
        cairo_move_to (cr, mid - w * 0.06, y + screen);
        cairo_line_to (cr, mid - w * 0.09, y + h);
        cairo_move_to (cr, mid + w * 0.06, y + screen);
        cairo_line_to (cr, mid + w * 0.09, y + h);
        cairo_move_to (cr, mid - w * 0.2, y + h);
        cairo_line_to (cr, mid + w * 0.2, y + h);
        paint_stroke (p, ink, sw, TRUE);
        ch = screen;
      }
      break;

    case SDP_ELEMENT_MOBILE_CLIENT:
      {
        /* A phone: a tall rounded body, a notch at the top and a home bar. */
        double inset = CLAMP (h * 0.04, 4, 10);
        double notch_w = CLAMP (w * 0.3, 10, 48), notch_h = CLAMP (h * 0.05, 4, 8);

        path_rect (p, x, y, w, h, MIN (18, MIN (w, h) * 0.18));
        paint (p, &outline);
        path_rect (p, x + (w - notch_w) / 2, y + inset, notch_w, notch_h, notch_h / 2);
        paint_fill (p, ink, 1);
        cairo_move_to (cr, x + w * 0.36, y + h - inset - thin);
        cairo_line_to (cr, x + w * 0.64, y + h - inset - thin);
        paint_stroke (p, ink, thin, TRUE);
        cy = y + inset + notch_h;
        ch = h - 2 * inset - notch_h - thin;
      }
      break;

    case SDP_ELEMENT_DNS:
      {
        /* A rounded box with a globe in its corner. */
        avoid_top = iy + s + 2;
        double r = s / 2, gx = ix + r, gy = iy + r;

        path_rect (p, x, y, w, h, MIN (12, MIN (w, h) * 0.25));
        paint (p, &outline);
        cairo_new_sub_path (cr);
        cairo_arc (cr, gx, gy, r, 0, 2 * G_PI);
        cairo_close_path (cr);
        cairo_new_sub_path (cr);
        ellipse_arc (cr, gx, gy, r * 0.45, r, 0, 2 * G_PI, FALSE);
        cairo_close_path (cr);
        cairo_move_to (cr, gx - r, gy);
        cairo_line_to (cr, gx + r, gy);
        paint_stroke (p, ink, thin, TRUE);
      }
      break;

    case SDP_ELEMENT_CDN:
      path_cloud (cr, x, y, w, h);
      paint (p, &outline);
      cx = x + w * 0.14;
      cy = y + h * 0.3;
      cw = w * 0.72;
      ch = h * 0.64;
      break;

    case SDP_ELEMENT_LOAD_BALANCER:
      {
        /* A box with one line fanning out to three. */
        avoid_top = iy + s + 2;
        path_rect (p, x, y, w, h, MIN (4, MIN (w, h) * 0.1));
        paint (p, &outline);
        cairo_new_sub_path (cr);
        cairo_arc (cr, ix + thin, iy + s / 2, thin * 1.6, 0, 2 * G_PI);
        cairo_close_path (cr);
        for (int k = 0; k < 3; k++)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, ix + s, iy + k * s / 2, thin * 1.2, 0, 2 * G_PI);
            cairo_close_path (cr);
          }
        paint_fill (p, ink, 1);
        for (int k = 0; k < 3; k++)
          {
            cairo_move_to (cr, ix + thin, iy + s / 2);
            cairo_line_to (cr, ix + s, iy + k * s / 2);
          }
        paint_stroke (p, ink, thin, TRUE);
      }
      break;

    case SDP_ELEMENT_API_GATEWAY:
      {
        double i = MIN (w * 0.18, h * 0.45);
        SdpPoint points[] = {
          { x + i, y }, { x + w - i, y }, { x + w, y + h / 2 },
          { x + w - i, y + h }, { x + i, y + h }, { x, y + h / 2 },
        };

        path_polygon (p, points, G_N_ELEMENTS (points));
        paint (p, &outline);
        cx = x + i * 0.6;
        cw = w - 1.2 * i;
      }
      break;

    case SDP_ELEMENT_SERVICE:
      path_rect (p, x, y, w, h, MIN (12, MIN (w, h) * 0.25));
      paint (p, &outline);
      break;

    case SDP_ELEMENT_WORKER:
      {
        /* A box with a doubled bottom edge. */
        double d = CLAMP (h * 0.08, 4, 8);

        path_rect (p, x, y, w, h, 0);
        paint (p, &outline);
        cairo_move_to (cr, x, y + h - d);
        cairo_line_to (cr, x + w, y + h - d);
        paint_stroke (p, ink, thin, FALSE);
        ch = h - d;
      }
      break;

    case SDP_ELEMENT_DATABASE:
      {
        /* A cylinder: the body with the back of the lid, then the front of the lid. */
        double ry = MIN (CLAMP (h * 0.1, 4, 18), MIN (h / 4, w * 0.2)), mid = x + w / 2;

        cairo_move_to (cr, x, y + ry);
        cairo_line_to (cr, x, y + h - ry);
        ellipse_arc (cr, mid, y + h - ry, w / 2, ry, G_PI, 0, TRUE);
        cairo_line_to (cr, x + w, y + ry);
        ellipse_arc (cr, mid, y + ry, w / 2, ry, 0, -G_PI, TRUE);
        cairo_close_path (cr);
        paint (p, &outline);
        cairo_move_to (cr, x, y + ry);
        ellipse_arc (cr, mid, y + ry, w / 2, ry, G_PI, 0, TRUE);
        outline.fill = NULL;
        paint (p, &outline);
        cy = y + 2 * ry;
        ch = h - 3 * ry;
      }
      break;

    case SDP_ELEMENT_CACHE:
      {
        /* A rounded box with a lightning bolt. */
        avoid_top = iy + s + 2;
        static const double bolt[][2] = {
          { 0.62, 0.00 }, { 0.16, 0.56 }, { 0.46, 0.56 }, { 0.36, 1.00 },
          { 0.84, 0.40 }, { 0.54, 0.40 },
        };
        SdpPoint points[G_N_ELEMENTS (bolt)];

        path_rect (p, x, y, w, h, MIN (12, MIN (w, h) * 0.25));
        paint (p, &outline);
        for (guint k = 0; k < G_N_ELEMENTS (bolt); k++)
          points[k] = (SdpPoint) { ix + bolt[k][0] * s, iy + bolt[k][1] * s };
        path_polygon (p, points, G_N_ELEMENTS (points));
        paint_fill (p, ink, 1);
      }
      break;

    case SDP_ELEMENT_QUEUE:
      {
        /* A box divided into partitions at its head. */
        double step = CLAMP (w * 0.07, 6, 14);

        path_rect (p, x, y, w, h, 0);
        paint (p, &outline);
        for (int k = 1; k <= 3; k++)
          {
            cairo_move_to (cr, x + w - k * step, y);
            cairo_line_to (cr, x + w - k * step, y + h);
          }
        paint_stroke (p, ink, thin, FALSE);
        cw = w - 3 * step;
      }
      break;

    case SDP_ELEMENT_OBJECT_STORAGE:
      {
        /* A bucket: a trapezoid narrowing downwards, with an elliptic rim. */
        double ry = MIN (CLAMP (h * 0.08, 3, 12), h / 4), i = w * 0.12, mid = x + w / 2;

        cairo_move_to (cr, x, y + ry);
        cairo_line_to (cr, x + i, y + h);
        cairo_line_to (cr, x + w - i, y + h);
        cairo_line_to (cr, x + w, y + ry);
        ellipse_arc (cr, mid, y + ry, w / 2, ry, 0, -G_PI, TRUE);
        cairo_close_path (cr);
        paint (p, &outline);
        cairo_move_to (cr, x, y + ry);
        ellipse_arc (cr, mid, y + ry, w / 2, ry, G_PI, 0, TRUE);
        outline.fill = NULL;
        paint (p, &outline);
        cx = x + i;
        cw = w - 2 * i;
        cy = y + 2 * ry;
        ch = h - 2 * ry;
      }
      break;

    case SDP_ELEMENT_SEARCH_INDEX:
      {
        /* A box with a magnifier. */
        avoid_top = iy + s + 2;
        double r = s * 0.34, mx = ix + s * 0.4, my = iy + s * 0.4;

        path_rect (p, x, y, w, h, 0);
        paint (p, &outline);
        cairo_new_sub_path (cr);
        cairo_arc (cr, mx, my, r, 0, 2 * G_PI);
        cairo_close_path (cr);
        cairo_move_to (cr, mx + r * G_SQRT2 / 2, my + r * G_SQRT2 / 2);
        cairo_line_to (cr, ix + s, iy + s);
        paint_stroke (p, ink, MAX (thin, 1.5), TRUE);
      }
      break;

    case SDP_ELEMENT_EXTERNAL_SERVICE:
      if (outline.dash == SDP_DASH_SOLID)
        outline.dash = SDP_DASH_DASHED;
      path_rect (p, x, y, w, h, MIN (12, MIN (w, h) * 0.25));
      paint (p, &outline);
      break;

    case SDP_ELEMENT_CONTAINER:
      if (outline.dash == SDP_DASH_SOLID)
        outline.dash = SDP_DASH_DASHED;
      path_rect (p, x, y, w, h, MIN (16, MIN (w, h) * 0.1));
      paint (p, &outline);
      if (element->label != NULL && element->label[0] != '\0')
        {
          g_autoptr(PangoLayout) layout = create_layout (element->label, font_size_of (element),
                                                         MAX (w - 2 * LABEL_PADDING, 1), PANGO_ALIGN_LEFT);
          double lx, ly, lw, lh;

          layout_extents (layout, &lx, &ly, &lw, &lh);
          paint_layout (p, layout, x + LABEL_PADDING, y + LABEL_PADDING - ly, ink, 1);
        }
      return;

    case SDP_ELEMENT_TEXT:
      draw_text_element (p, element, ink);
      return;

    case SDP_ELEMENT_LINE:
    case SDP_ELEMENT_ARROW:
    case SDP_ELEMENT_FREEHAND:
    case SDP_N_ELEMENT_KINDS:
    default:
      return;
    }

  draw_label_block (p, element, caption, cx, cy, cw, ch, avoid_top, ink);
}

/* ---------------------------------------------------------------- connectors */

static void
arrowhead (Painter        *p,
           const SdpPoint *tip,
           double          dx,
           double          dy,
           double          length,
           const double    rgb[3])
{
  double half = length * 0.45;
  SdpPoint points[] = {
    { tip->x, tip->y },
    { tip->x - dx * length - dy * half, tip->y - dy * length + dx * half },
    { tip->x - dx * length + dy * half, tip->y - dy * length - dx * half },
  };

  path_polygon (p, points, G_N_ELEMENTS (points));
  paint_fill (p, rgb, 1);
}

/* The unit direction in which the polyline arrives at its point @at (0 or n - 1), from the
 * nearest distinct point; FALSE when all points coincide. */
static gboolean
end_direction (const SdpPoint *points,
               guint           n,
               gboolean        at_end,
               double         *dx,
               double         *dy)
{
  for (guint k = 1; k < n; k++)
    {
      const SdpPoint *tip = &points[at_end ? n - 1 : 0];
      const SdpPoint *from = &points[at_end ? n - 1 - k : k];
      double d = hypot (tip->x - from->x, tip->y - from->y);

      if (d > 1e-6)
        {
          *dx = (tip->x - from->x) / d;
          *dy = (tip->y - from->y) / d;
          return TRUE;
        }
    }
  return FALSE;
}

static void
draw_connector (Painter          *p,
                const SdpElement *element)
{
  GArray *array = element->points;
  double ink[3], background[3];
  double sw = element->stroke_width > 0 ? element->stroke_width : 2;
  double head = 6 + 3 * sw;
  g_autofree SdpPoint *points = NULL;
  guint n;
  Style line = { NULL, NULL, sw, element->dash, TRUE, 1 };
  double sdx, sdy, edx, edy;
  gboolean start_head, end_head;

  if (array == NULL || array->len < 2)
    return;
  n = array->len;
  points = g_memdup2 (array->data, n * sizeof (SdpPoint));
  sdp_board_palette_rgb (element->stroke_color, p->dark, FALSE, ink);
  sdp_board_background_rgb (p->dark, background);
  line.stroke = ink;

  start_head = element->start_arrowhead && end_direction (points, n, FALSE, &sdx, &sdy);
  end_head = element->end_arrowhead && end_direction (points, n, TRUE, &edx, &edy);

  /* Stop the line inside the arrowheads so its caps do not blunt the tips. */
  if (end_head)
    {
      double len = hypot (points[n - 1].x - points[n - 2].x, points[n - 1].y - points[n - 2].y);
      double cut = MIN (head * 0.7, len);

      points[n - 1].x -= edx * cut;
      points[n - 1].y -= edy * cut;
    }
  if (start_head)
    {
      double len = hypot (points[1].x - points[0].x, points[1].y - points[0].y);
      double cut = MIN (head * 0.7, len);

      points[0].x -= sdx * cut;
      points[0].y -= sdy * cut;
    }

  cairo_move_to (p->cr, points[0].x, points[0].y);
  for (guint i = 1; i < n; i++)
    cairo_line_to (p->cr, points[i].x, points[i].y);
  paint (p, &line);

  if (end_head)
    arrowhead (p, &g_array_index (array, SdpPoint, n - 1), edx, edy, head, ink);
  if (start_head)
    arrowhead (p, &g_array_index (array, SdpPoint, 0), sdx, sdy, head, ink);

  /* The label sits on the middle segment, over a box of the canvas colour. */
  if (element->label != NULL && element->label[0] != '\0')
    {
      guint seg = (n - 2) / 2;
      const SdpPoint *a = &g_array_index (array, SdpPoint, seg);
      const SdpPoint *b = &g_array_index (array, SdpPoint, seg + 1);
      double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;
      double wrap = CLAMP (hypot (b->x - a->x, b->y - a->y) - 2 * ARROW_LABEL_MARGIN, 120, 320);
      g_autoptr(PangoLayout) layout = create_layout (element->label, font_size_of (element), wrap,
                                                     PANGO_ALIGN_CENTER);
      double lx, ly, lw, lh, ox, oy;

      layout_extents (layout, &lx, &ly, &lw, &lh);
      ox = mx - lx - lw / 2;
      oy = my - ly - lh / 2;
      path_rect (p, mx - lw / 2 - ARROW_LABEL_MARGIN, my - lh / 2 - ARROW_LABEL_MARGIN,
                 lw + 2 * ARROW_LABEL_MARGIN, lh + 2 * ARROW_LABEL_MARGIN, 4);
      paint_fill (p, background, 1);
      paint_layout (p, layout, ox, oy, ink, 1);
    }
}

/* ---------------------------------------------------------------- freehand */

/* Continues the current path smoothly through @points (the first being the current point):
 * quadratic curves through the midpoints, with the points as control points. */
static void
smooth_through (cairo_t        *cr,
                const SdpPoint *points,
                guint           n,
                gboolean        reverse)
{
#define AT(k) (&points[reverse ? n - 1 - (k) : (k)])
  for (guint k = 1; k + 1 < n; k++)
    {
      const SdpPoint *q = AT (k), *next = AT (k + 1);
      double ex = (q->x + next->x) / 2, ey = (q->y + next->y) / 2, sx, sy;

      cairo_get_current_point (cr, &sx, &sy);
      cairo_curve_to (cr,
                      sx + 2.0 / 3 * (q->x - sx), sy + 2.0 / 3 * (q->y - sy),
                      ex + 2.0 / 3 * (q->x - ex), ey + 2.0 / 3 * (q->y - ey),
                      ex, ey);
    }
  cairo_line_to (cr, AT (n - 1)->x, AT (n - 1)->y);
#undef AT
}

/* A pen stroke as one filled outline whose width follows the pressure, with round ends. */
static void
draw_freehand (Painter          *p,
               const SdpElement *element)
{
  GArray *stroke = element->stroke;
  double ink[3];
  double sw = element->stroke_width > 0 ? element->stroke_width : 2;
  g_autofree SdpPoint *centre = NULL, *left = NULL, *right = NULL;
  g_autofree double *half = NULL, *pressure = NULL;
  guint n = 0;

  if (stroke == NULL || stroke->len == 0)
    return;
  sdp_board_palette_rgb (element->stroke_color, p->dark, FALSE, ink);

  /* Drop points closer than half a unit to the previous one: they only add noise. */
  centre = g_new (SdpPoint, stroke->len);
  pressure = g_new (double, stroke->len);
  for (guint i = 0; i < stroke->len; i++)
    {
      const SdpStrokePoint *sp = &g_array_index (stroke, SdpStrokePoint, i);

      if (n > 0 && hypot (sp->x - centre[n - 1].x, sp->y - centre[n - 1].y) < 0.5)
        {
          pressure[n - 1] = MAX (pressure[n - 1], sp->pressure);
          continue;
        }
      centre[n] = (SdpPoint) { sp->x, sp->y };
      pressure[n] = isfinite (sp->pressure) ? CLAMP (sp->pressure, 0, 1) : 0.5;
      n++;
    }

  half = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double pr = (pressure[i > 0 ? i - 1 : i] + 2 * pressure[i] + pressure[i + 1 < n ? i + 1 : i]) / 4;

      half[i] = sw * (0.25 + 0.75 * pr);
    }

  if (n == 1)
    {
      path_ellipse (p, centre[0].x, centre[0].y, half[0], half[0]);
      paint_fill (p, ink, 1);
      return;
    }

  /* Smooth the pen's jitter (the ends stay where they were drawn). */
  if (n > 2)
    {
      g_autofree SdpPoint *raw = g_memdup2 (centre, n * sizeof (SdpPoint));

      for (guint i = 1; i + 1 < n; i++)
        {
          centre[i].x = (raw[i - 1].x + 2 * raw[i].x + raw[i + 1].x) / 4;
          centre[i].y = (raw[i - 1].y + 2 * raw[i].y + raw[i + 1].y) / 4;
        }
    }

  left = g_new (SdpPoint, n);
  right = g_new (SdpPoint, n);
  for (guint i = 0; i < n; i++)
    {
      const SdpPoint *a = &centre[i > 0 ? i - 1 : i], *b = &centre[i + 1 < n ? i + 1 : i];
      double tx = b->x - a->x, ty = b->y - a->y, d = hypot (tx, ty);
      double nx = d > 1e-9 ? -ty / d : 0, ny = d > 1e-9 ? tx / d : 1;

      left[i] = (SdpPoint) { centre[i].x + nx * half[i], centre[i].y + ny * half[i] };
      right[i] = (SdpPoint) { centre[i].x - nx * half[i], centre[i].y - ny * half[i] };
    }

  {
    cairo_t *cr = p->cr;
    double a_end = atan2 (left[n - 1].y - centre[n - 1].y, left[n - 1].x - centre[n - 1].x);
    double a_start = atan2 (left[0].y - centre[0].y, left[0].x - centre[0].x);

    cairo_move_to (cr, left[0].x, left[0].y);
    smooth_through (cr, left, n, FALSE);
    cairo_arc_negative (cr, centre[n - 1].x, centre[n - 1].y, half[n - 1], a_end, a_end - G_PI);
    smooth_through (cr, right, n, TRUE);
    cairo_arc_negative (cr, centre[0].x, centre[0].y, half[0], a_start + G_PI, a_start);
    cairo_close_path (cr);
    paint_fill (p, ink, 1);
  }
}

/* ---------------------------------------------------------------- rendering */

static void
draw_element (Painter          *p,
              const SdpElement *element)
{
  switch (element->kind)
    {
    case SDP_ELEMENT_LINE:
    case SDP_ELEMENT_ARROW:
      draw_connector (p, element);
      break;
    case SDP_ELEMENT_FREEHAND:
      draw_freehand (p, element);
      break;
    case SDP_N_ELEMENT_KINDS:
      break;
    default:
      draw_shape (p, element);
      break;
    }
}

static gboolean
rects_meet (const SdpRect *a,
            const SdpRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

/* @elements in z-order, except that containers go behind everything else: they are regions
 * drawn around other elements and should never hide them. */
static void
render_list (Painter       *p,
             GPtrArray     *elements,
             const SdpRect *visible)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < elements->len; i++)
      {
        const SdpElement *element = g_ptr_array_index (elements, i);

        if ((element->kind == SDP_ELEMENT_CONTAINER) != (pass == 0))
          continue;
        if (visible != NULL)
          {
            SdpRect bounds;

            sdp_element_get_bounds (element, &bounds);
            if (!rects_meet (&bounds, visible))
              continue;
          }
        draw_element (p, element);
      }
}

/**
 * sdp_board_render:
 * @visible: (nullable): the part of the board to draw, in board coordinates; NULL for all
 *
 * Draws the elements meeting @visible, in board coordinates (set the cairo transform for pan
 * and zoom first). Does not paint the background: see sdp_board_background_rgb().
 */
void
sdp_board_render (SdpBoard      *board,
                  cairo_t       *cr,
                  const SdpRect *visible,
                  gboolean       dark)
{
  g_autoptr(GPtrArray) elements = NULL;
  Painter painter = { .cr = cr, .dark = dark };

  g_return_if_fail (SDP_IS_BOARD (board));
  g_return_if_fail (cr != NULL);

  if (visible != NULL)
    elements = sdp_board_query_rect (board, visible);
  else
    {
      guint n = sdp_board_get_n_elements (board);

      elements = g_ptr_array_sized_new (n);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (elements, sdp_board_get_element_at (board, i));
    }

  cairo_save (cr);
  cairo_new_path (cr);
  render_list (&painter, elements, NULL);
  cairo_restore (cr);
}

/**
 * sdp_board_render_element:
 *
 * Draws one element, as sdp_board_render() would: for an element being created that is not
 * on the board yet.
 */
void
sdp_board_render_element (cairo_t          *cr,
                          const SdpElement *element,
                          gboolean          dark)
{
  Painter painter = { .cr = cr, .dark = dark };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (element != NULL);

  cairo_save (cr);
  cairo_new_path (cr);
  draw_element (&painter, element);
  cairo_restore (cr);
}

/**
 * sdp_board_render_selection:
 * @zoom: the canvas zoom, so the outline and handles keep their size on screen
 *
 * A shape gets an outline SDP_BOARD_SELECTION_MARGIN / @zoom outside its box, with eight
 * handles (SDP_BOARD_HANDLE_SIZE / @zoom square) centred on its corners and edge midpoints;
 * a line or arrow gets a round handle on each of its points. A locked element gets a dashed
 * outline and no handles.
 */
void
sdp_board_render_selection (cairo_t          *cr,
                            const SdpElement *element,
                            double            zoom)
{
  double accent[3] = { ((SELECTION_ACCENT >> 16) & 0xff) / 255.0, ((SELECTION_ACCENT >> 8) & 0xff) / 255.0,
                       (SELECTION_ACCENT & 0xff) / 255.0 };
  double unit, margin, handle, x0, y0, x1, y1;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (element != NULL);

  zoom = zoom > 0 ? zoom : 1;
  unit = 1 / zoom;
  margin = SDP_BOARD_SELECTION_MARGIN * unit;
  handle = SDP_BOARD_HANDLE_SIZE * unit;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_width (cr, 1.5 * unit);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);

  if (sdp_element_is_connector (element) && element->points != NULL && !element->locked)
    {
      for (guint i = 0; i < element->points->len; i++)
        {
          const SdpPoint *pt = &g_array_index (element->points, SdpPoint, i);

          cairo_new_sub_path (cr);
          cairo_arc (cr, pt->x, pt->y, handle / 2, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
      return;
    }

  x0 = element->x - margin;
  y0 = element->y - margin;
  x1 = element->x + element->width + margin;
  y1 = element->y + element->height + margin;
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
  if (element->locked)
    {
      double dash[] = { 4 * unit, 3 * unit };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }
  cairo_stroke (cr);

  for (int i = 0; i < 9; i++)
    {
      double hx = (i % 3) == 0 ? x0 : (i % 3) == 1 ? (x0 + x1) / 2 : x1;
      double hy = (i / 3) == 0 ? y0 : (i / 3) == 1 ? (y0 + y1) / 2 : y1;

      if (i == 4)
        continue;
      cairo_rectangle (cr, hx - handle / 2, hy - handle / 2, handle, handle);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* ---------------------------------------------------------------- exports */

/* The elements to export, in z-order, and the area they cover with @padding around. */
static GPtrArray *
export_elements (SdpBoard            *board,
                 const char * const  *only_ids,
                 double               padding,
                 SdpRect             *area)
{
  GPtrArray *elements = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_element_unref);
  g_autoptr(GHashTable) wanted = NULL;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  guint n = sdp_board_get_n_elements (board);

  if (only_ids != NULL)
    {
      wanted = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; only_ids[i] != NULL; i++)
        g_hash_table_add (wanted, (gpointer) only_ids[i]);
    }

  for (guint i = 0; i < n; i++)
    {
      SdpElement *element = sdp_board_get_element_at (board, i);
      SdpRect bounds;

      if (wanted != NULL && !g_hash_table_contains (wanted, element->id))
        continue;
      g_ptr_array_add (elements, sdp_element_ref (element));
      sdp_element_get_bounds (element, &bounds);
      x0 = MIN (x0, bounds.x);
      y0 = MIN (y0, bounds.y);
      x1 = MAX (x1, bounds.x + bounds.width);
      y1 = MAX (y1, bounds.y + bounds.height);
    }

  padding = MAX (padding, 0);
  if (elements->len > 0)
    *area = (SdpRect) { x0 - padding, y0 - padding, x1 - x0 + 2 * padding, y1 - y0 + 2 * padding };
  else
    *area = (SdpRect) { 0, 0, 0, 0 };
  return elements;
}

static gboolean
nothing_to_export (GPtrArray  *elements,
                   GError    **error)
{
  if (elements->len > 0)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Nothing to export: the board is empty");
  return TRUE;
}

/* The size in pixels (or points) of @length units at @scale, rounding up. */
static gint64
scaled_size (double length,
             double scale)
{
  return MAX ((gint64) ceil (length * scale - 1e-6), 1);
}

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&done, 1);
    }
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 4);
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  guint32 crc = 0xffffffffu;

  append_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  for (gsize i = 0; i < 4; i++)
    crc = crc_table[(crc ^ (guint8) type[i]) & 0xff] ^ (crc >> 8);
  for (gsize i = 0; i < length; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  append_be32 (out, crc ^ 0xffffffffu);
}

/**
 * sdp_board_export_png:
 * @only_ids: (nullable) (array zero-terminated=1): the elements to export; NULL for all
 * @scale: pixels per board unit (1, 2, 3...)
 * @transparent: leave the background transparent
 * @padding: board units of margin around the elements
 *
 * Writes a PNG of the elements, drawn as on the canvas. The image is rendered in tiles and
 * encoded as it goes, so it may be larger than a cairo surface can be.
 */
gboolean
sdp_board_export_png (SdpBoard            *board,
                      const char * const  *only_ids,
                      double               scale,
                      gboolean             transparent,
                      gboolean             dark,
                      double               padding,
                      const char          *path,
                      GError             **error)
{
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GByteArray) png = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) deflate = NULL;
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autofree guint8 *row = NULL, *previous = NULL, *filtered = NULL;
  Painter painter = { .dark = dark };
  SdpRect area;
  double background[3];
  gint64 width, height, rows_per_strip;
  guint channels = transparent ? 4 : 3;
  gsize row_bytes;
  const guint8 *idat;
  gsize idat_length;

  g_return_val_if_fail (SDP_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  elements = export_elements (board, only_ids, padding, &area);
  if (nothing_to_export (elements, error))
    return FALSE;
  if (!(scale > 0) || !isfinite (scale))
    scale = 1;

  width = scaled_size (area.width, scale);
  height = scaled_size (area.height, scale);
  if (width > PNG_MAX_SIDE || height > PNG_MAX_SIDE || width * height > PNG_MAX_PIXELS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "The image would be too large (%" G_GINT64_FORMAT " × %" G_GINT64_FORMAT " pixels); "
                   "export at a smaller scale or export a selection",
                   width, height);
      return FALSE;
    }

  sdp_board_background_rgb (dark, background);
  crc_table_init ();
  row_bytes = (gsize) width * channels;
  row = g_malloc (row_bytes);
  previous = g_malloc0 (row_bytes);
  filtered = g_malloc (row_bytes + 1);

  /* Fast compression: a board export is mostly flat colour, which level 1 already packs well;
   * higher levels cost seconds on large boards for a few percent. */
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
  memory = g_memory_output_stream_new_resizable ();
  deflate = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  rows_per_strip = CLAMP (PNG_STRIP_PIXELS / width, 1, height);
  for (gint64 strip = 0; strip < height; strip += rows_per_strip)
    {
      int strip_rows = (int) MIN (rows_per_strip, height - strip);
      g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

      for (gint64 left = 0; left < width; left += PNG_TILE_SIDE)
        {
          int tile_width = (int) MIN (PNG_TILE_SIDE, width - left);
          cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tile_width, strip_rows);
          SdpRect visible = { area.x + left / scale, area.y + strip / scale, tile_width / scale, strip_rows / scale };
          cairo_t *cr = cairo_create (tile);

          if (!transparent)
            {
              cairo_set_source_rgb (cr, background[0], background[1], background[2]);
              cairo_paint (cr);
            }
          cairo_translate (cr, -left, -strip);
          cairo_scale (cr, scale, scale);
          cairo_translate (cr, -area.x, -area.y);
          painter.cr = cr;
          render_list (&painter, elements, &visible);
          cairo_destroy (cr);
          cairo_surface_flush (tile);
          g_ptr_array_add (tiles, tile);
          if (cairo_surface_status (tile) != CAIRO_STATUS_SUCCESS)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot draw the image: %s",
                           cairo_status_to_string (cairo_surface_status (tile)));
              return FALSE;
            }
        }

      for (int r = 0; r < strip_rows; r++)
        {
          guint8 *out = row;

          for (guint t = 0; t < tiles->len; t++)
            {
              cairo_surface_t *tile = g_ptr_array_index (tiles, t);
              const guint32 *pixels = (const guint32 *) (cairo_image_surface_get_data (tile) +
                                                         (gsize) r * cairo_image_surface_get_stride (tile));
              int n = cairo_image_surface_get_width (tile);

              for (int i = 0; i < n; i++)
                {
                  guint32 px = pixels[i];
                  guint a = px >> 24, red = (px >> 16) & 0xff, green = (px >> 8) & 0xff, blue = px & 0xff;

                  if (transparent)
                    {
                      /* cairo premultiplies alpha; PNG does not. */
                      if (a == 0)
                        red = green = blue = 0;
                      else if (a < 255)
                        {
                          red = (red * 255 + a / 2) / a;
                          green = (green * 255 + a / 2) / a;
                          blue = (blue * 255 + a / 2) / a;
                        }
                      *out++ = red;
                      *out++ = green;
                      *out++ = blue;
                      *out++ = a;
                    }
                  else
                    {
                      *out++ = red;
                      *out++ = green;
                      *out++ = blue;
                    }
                }
            }

          /* The "Up" filter: whiteboards are mostly flat colour, so rows repeat. */
          filtered[0] = 2;
          for (gsize i = 0; i < row_bytes; i++)
            filtered[i + 1] = (guint8) (row[i] - previous[i]);
          memcpy (previous, row, row_bytes);
          if (!g_output_stream_write_all (deflate, filtered, row_bytes + 1, NULL, NULL, error))
            return FALSE;
        }
    }
  if (!g_output_stream_close (deflate, NULL, error))
    return FALSE;

  png = g_byte_array_new ();
  {
    static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    guint8 header[13] = { 0 };

    g_byte_array_append (png, signature, sizeof signature);
    header[0] = (guint8) (width >> 24);
    header[1] = (guint8) (width >> 16);
    header[2] = (guint8) (width >> 8);
    header[3] = (guint8) width;
    header[4] = (guint8) (height >> 24);
    header[5] = (guint8) (height >> 16);
    header[6] = (guint8) (height >> 8);
    header[7] = (guint8) height;
    header[8] = 8;                          /* bits per channel */
    header[9] = transparent ? 6 : 2;        /* RGBA or RGB */
    png_chunk (png, "IHDR", header, sizeof header);
  }
  idat = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory));
  idat_length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
  for (gsize offset = 0; offset < idat_length; offset += PNG_IDAT_CHUNK)
    png_chunk (png, "IDAT", idat + offset, MIN (PNG_IDAT_CHUNK, idat_length - offset));
  png_chunk (png, "IEND", NULL, 0);

  return g_file_set_contents_full (path, (const char *) png->data, png->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}

static cairo_status_t
write_to_bytes (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sdp_board_export_pdf:
 * @only_ids: (nullable) (array zero-terminated=1): the elements to export; NULL for all
 *
 * Writes a one-page vector PDF of the elements, the page sized to them plus @padding (one
 * board unit is 0.75 pt, as CSS pixels are; very large boards are scaled down to fit the
 * largest page PDF readers accept). Text stays text.
 */
gboolean
sdp_board_export_pdf (SdpBoard            *board,
                      const char * const  *only_ids,
                      gboolean             dark,
                      double               padding,
                      const char          *path,
                      GError             **error)
{
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GByteArray) pdf = NULL;
  Painter painter = { .dark = dark };
  cairo_surface_t *surface;
  cairo_status_t status;
  SdpRect area;
  double background[3], scale;

  g_return_val_if_fail (SDP_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  elements = export_elements (board, only_ids, padding, &area);
  if (nothing_to_export (elements, error))
    return FALSE;

  scale = PDF_POINTS_PER_UNIT;
  if (MAX (area.width, area.height) * scale > PDF_MAX_POINTS)
    scale = PDF_MAX_POINTS / MAX (area.width, area.height);

  pdf = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (write_to_bytes, pdf, area.width * scale, area.height * scale);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "System Design Prep");
  painter.cr = cairo_create (surface);
  sdp_board_background_rgb (dark, background);
  cairo_set_source_rgb (painter.cr, background[0], background[1], background[2]);
  cairo_paint (painter.cr);
  cairo_scale (painter.cr, scale, scale);
  cairo_translate (painter.cr, -area.x, -area.y);
  render_list (&painter, elements, NULL);
  cairo_destroy (painter.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write the PDF: %s", cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) pdf->data, pdf->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}

/**
 * sdp_board_export_svg:
 * @only_ids: (nullable) (array zero-terminated=1): the elements to export; NULL for all
 * @outline_text: draw text as paths, so the SVG looks the same without our fonts
 *
 * An SVG of the elements, drawn by the same code as the canvas. Text stays <text> (with a
 * tspan per laid-out line) unless @outline_text is set.
 *
 * Returns: (transfer full) (nullable): the SVG document, or NULL when there is nothing to
 *   export
 */
char *
sdp_board_export_svg (SdpBoard            *board,
                      const char * const  *only_ids,
                      gboolean             dark,
                      double               padding,
                      gboolean             outline_text)
{
  g_autoptr(GPtrArray) elements = NULL;
  GString *svg;
  cairo_surface_t *scratch;
  Painter painter = { .dark = dark, .outline_text = outline_text };
  SdpRect area;
  double background[3];

  g_return_val_if_fail (SDP_IS_BOARD (board), NULL);

  elements = export_elements (board, only_ids, padding, &area);
  if (elements->len == 0)
    return NULL;

  svg = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  svg_attr_num (svg, "width", area.width);
  svg_attr_num (svg, "height", area.height);
  g_string_append (svg, " viewBox=\"");
  svg_num (svg, area.x);
  g_string_append_c (svg, ' ');
  svg_num (svg, area.y);
  g_string_append_c (svg, ' ');
  svg_num (svg, area.width);
  g_string_append_c (svg, ' ');
  svg_num (svg, area.height);
  g_string_append (svg, "\">\n<rect");
  svg_attr_num (svg, "x", area.x);
  svg_attr_num (svg, "y", area.y);
  svg_attr_num (svg, "width", area.width);
  svg_attr_num (svg, "height", area.height);
  sdp_board_background_rgb (dark, background);
  g_string_append (svg, " fill=\"");
  svg_color (svg, background);
  g_string_append (svg, "\"/>\n");

  /* Paths are built on a scratch context with the identity transform, so they come out in
   * board coordinates. It must be unbounded: cairo leaves out the outlines of glyphs that
   * fall outside a bounded surface. */
  scratch = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  painter.cr = cairo_create (scratch);
  painter.svg = svg;
  render_list (&painter, elements, NULL);
  cairo_destroy (painter.cr);
  cairo_surface_destroy (scratch);

  g_string_append (svg, "</svg>\n");
  return g_string_free (svg, FALSE);
}

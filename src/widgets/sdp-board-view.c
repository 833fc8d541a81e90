/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-board-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sdp-board-io.h"
#include "sdp-board-render.h"
#include "sdp-board-snap.h"

#define BOARD_MIME "application/x-sdpboard+json"

#define ZOOM_MIN        0.1
#define ZOOM_MAX        30.0
#define HIT_PIXELS      6.0
#define HANDLE_PIXELS   8.0
#define SNAP_PIXELS     6.0     /* how near, on screen, a shape's line attracts a moved box */
#define GRID            20.0
#define DEFAULT_WIDTH   160.0
#define DEFAULT_HEIGHT  80.0
#define CACHE_MARGIN    0.5     /* the cache covers the view plus half its size on every side */

typedef enum
{
  MODE_NONE,
  MODE_PAN,
  MODE_MOVE,
  MODE_RESIZE,
  MODE_RUBBER,
  MODE_CREATE,
  MODE_CONNECT,
  MODE_PEN,
  MODE_ERASE,
} Mode;

struct _SdpBoardView
{
  GtkWidget        parent_instance;

  SdpBoard        *board;
  SdpTool          tool;
  SdpElementKind   shape_kind;
  double           zoom;
  double           scroll_x;      /* the board point at the widget's top-left corner */
  double           scroll_y;
  GHashTable      *selection;     /* id (owned) */
  gboolean         grid;
  gboolean         space_down;

  /* The gesture in progress. */
  Mode             mode;
  double           press_x, press_y;     /* board coordinates */
  double           last_x, last_y;
  double           moved_x, moved_y;     /* total applied by MOVE (for snapping) */
  double           guide_x, guide_y;     /* MOVE: the line snapped to, drawn as a guide; NAN for none */
  char            *active_id;            /* the element being created, resized or connected */
  int              handle;               /* 0..7 for RESIZE */
  SdpRect          start_box;
  SdpRect          rubber;

  /* Rendering cache: the board drawn at cache_zoom over cache_rect (board coordinates). */
  cairo_surface_t *cache;
  double           cache_zoom;
  SdpRect          cache_rect;
  gboolean         cache_dark;

  double           pointer_x;      /* where the pointer is, for zooming around it */
  double           pointer_y;

  guint            settle;         /* redraw at full quality once zooming pauses */

  GtkPopover      *label_popover;
  GtkTextView     *label_text;
  char            *label_target;
};

enum {
  SELECTION_CHANGED,
  TOOL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SdpBoardView, sdp_board_view, GTK_TYPE_WIDGET)

static SdpElement *single_selected   (SdpBoardView *self);
static gboolean    connect_handle_at (SdpBoardView *self,
                                      SdpElement   *element,
                                      double        bx,
                                      double        by,
                                      double       *hx,
                                      double       *hy);

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
to_board (SdpBoardView *self,
          double        x,
          double        y,
          double       *bx,
          double       *by)
{
  *bx = self->scroll_x + x / self->zoom;
  *by = self->scroll_y + y / self->zoom;
}

static double
snap (SdpBoardView *self,
      double        value)
{
  return self->grid ? round (value / GRID) * GRID : value;
}

static void
invalidate (SdpBoardView *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
board_changed_cb (SdpBoardView *self)
{
  GHashTableIter iter;
  gpointer id;

  /* Undo may take selected elements away. */
  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (sdp_board_lookup (self->board, id) == NULL)
      g_hash_table_iter_remove (&iter);
  invalidate (self);
}

static void
emit_selection_changed (SdpBoardView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* Selecting one element of a group selects the group. */
static void
select_with_group (SdpBoardView *self,
                   SdpElement   *element,
                   gboolean      selected)
{
  guint i;

  for (i = 0; i < sdp_board_get_n_elements (self->board); i++)
    {
      SdpElement *other = sdp_board_get_element_at (self->board, i);

      if (other == element || (element->group_id != NULL && g_strcmp0 (other->group_id, element->group_id) == 0))
        {
          if (selected)
            g_hash_table_add (self->selection, g_strdup (other->id));
          else
            g_hash_table_remove (self->selection, other->id);
        }
    }
}

static GStrv
selected_ids (SdpBoardView *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_strv_builder_add (builder, id);
  return g_strv_builder_end (builder);
}

/* ---- drawing ---- */

static void
render_cache (SdpBoardView *self,
              int           width,
              int           height)
{
  int cw = (int) ceil (width * (1 + 2 * CACHE_MARGIN)), ch = (int) ceil (height * (1 + 2 * CACHE_MARGIN));
  cairo_t *cr;

  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->cache_zoom = self->zoom;
  self->cache_dark = is_dark ();
  self->cache_rect.x = self->scroll_x - width * CACHE_MARGIN / self->zoom;
  self->cache_rect.y = self->scroll_y - height * CACHE_MARGIN / self->zoom;
  self->cache_rect.width = cw / self->zoom;
  self->cache_rect.height = ch / self->zoom;

  self->cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cw, ch);
  cr = cairo_create (self->cache);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_translate (cr, -self->cache_rect.x, -self->cache_rect.y);
  sdp_board_render (self->board, cr, &self->cache_rect, self->cache_dark);
  cairo_destroy (cr);
}

/* Panning within the cached area costs one blit; the board is drawn again only when the view
 * leaves it, the zoom or the palette changes, or the board changes. */
static gboolean
cache_covers (SdpBoardView *self,
              int           width,
              int           height)
{
  return self->cache != NULL && self->cache_zoom == self->zoom && self->cache_dark == is_dark () &&
         self->scroll_x >= self->cache_rect.x && self->scroll_y >= self->cache_rect.y &&
         self->scroll_x + width / self->zoom <= self->cache_rect.x + self->cache_rect.width &&
         self->scroll_y + height / self->zoom <= self->cache_rect.y + self->cache_rect.height;
}

static void
draw_grid (SdpBoardView *self,
           cairo_t      *cr,
           int           width,
           int           height)
{
  double step = GRID * self->zoom;
  double x, y;

  while (step < 8)
    step *= 5;
  cairo_set_source_rgba (cr, is_dark () ? 1 : 0, is_dark () ? 1 : 0, is_dark () ? 1 : 0, 0.08);
  cairo_set_line_width (cr, 1);
  for (x = fmod (-self->scroll_x * self->zoom, step); x < width; x += step)
    {
      cairo_move_to (cr, floor (x) + 0.5, 0);
      cairo_line_to (cr, floor (x) + 0.5, height);
    }
  for (y = fmod (-self->scroll_y * self->zoom, step); y < height; y += step)
    {
      cairo_move_to (cr, 0, floor (y) + 0.5);
      cairo_line_to (cr, width, floor (y) + 0.5);
    }
  cairo_stroke (cr);
}

static gboolean
settle_cb (gpointer data)
{
  SdpBoardView *self = data;

  self->settle = 0;
  invalidate (self);
  return G_SOURCE_REMOVE;
}

static void
sdp_board_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SdpBoardView *self = SDP_BOARD_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double bg[3];
  cairo_t *cr;
  GHashTableIter iter;
  gpointer id;

  if (width <= 0 || height <= 0 || self->board == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bg[0] = bg[1] = bg[2] = is_dark () ? 0x1e / 255.0 : 1.0;
  cairo_set_source_rgb (cr, bg[0], bg[1], bg[2]);
  cairo_paint (cr);
  if (self->grid)
    draw_grid (self, cr, width, height);

  /* While zooming, the cached picture is shown scaled (one cheap blit per frame); the board is
   * drawn again sharply once the zoom has rested for a moment. */
  if (self->cache != NULL && self->cache_zoom != self->zoom && self->cache_dark == is_dark ())
    {
      double factor = self->zoom / self->cache_zoom;

      cairo_save (cr);
      cairo_translate (cr, (self->cache_rect.x - self->scroll_x) * self->zoom,
                       (self->cache_rect.y - self->scroll_y) * self->zoom);
      cairo_scale (cr, factor, factor);
      cairo_set_source_surface (cr, self->cache, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_restore (cr);
      if (self->settle == 0)
        self->settle = g_timeout_add (150, settle_cb, self);
    }
  else
    {
      if (!cache_covers (self, width, height))
        render_cache (self, width, height);
      cairo_save (cr);
      cairo_set_source_surface (cr, self->cache,
                                round ((self->cache_rect.x - self->scroll_x) * self->zoom),
                                round ((self->cache_rect.y - self->scroll_y) * self->zoom));
      cairo_paint (cr);
      cairo_restore (cr);
    }

  /* Overlays in board coordinates. */
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_translate (cr, -self->scroll_x, -self->scroll_y);
  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      SdpElement *element = sdp_board_lookup (self->board, id);

      if (element != NULL)
        sdp_board_render_selection (cr, element, self->zoom);
    }
  {
    SdpElement *single = single_selected (self);
    double hx, hy;

    if (single != NULL && sdp_element_is_shape (single) && single->kind != SDP_ELEMENT_CONTAINER &&
        self->tool == SDP_TOOL_SELECT && self->mode == MODE_NONE)
      {
        connect_handle_at (self, single, 0, 0, &hx, &hy);
        cairo_new_path (cr);
        cairo_arc (cr, hx, hy, 6 / self->zoom, 0, 2 * G_PI);
        cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_set_line_width (cr, 1.5 / self->zoom);
        cairo_stroke (cr);
      }
  }
  if (self->mode == MODE_MOVE && (!isnan (self->guide_x) || !isnan (self->guide_y)))
    {
      double left = self->scroll_x, top = self->scroll_y;

      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.8);
      cairo_set_line_width (cr, 1 / self->zoom);
      if (!isnan (self->guide_x))
        {
          cairo_move_to (cr, self->guide_x, top);
          cairo_line_to (cr, self->guide_x, top + height / self->zoom);
        }
      if (!isnan (self->guide_y))
        {
          cairo_move_to (cr, left, self->guide_y);
          cairo_line_to (cr, left + width / self->zoom, self->guide_y);
        }
      cairo_stroke (cr);
    }
  if (self->mode == MODE_RUBBER)
    {
      cairo_rectangle (cr, self->rubber.x, self->rubber.y, self->rubber.width, self->rubber.height);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
      cairo_set_line_width (cr, 1 / self->zoom);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

/* ---- gestures ---- */

/* Adjusts a MOVE offset so that the selection's box aligns with a shape nearby. */
static void
snap_to_shapes (SdpBoardView       *self,
                const char * const *ids,
                double             *want_x,
                double             *want_y)
{
  g_autoptr(GHashTable) moving = g_hash_table_new (g_str_hash, g_str_equal);
  SdpRect box, view;
  SdpSnap snap;
  guint i;

  for (i = 0; ids[i] != NULL; i++)
    g_hash_table_add (moving, (gpointer) ids[i]);
  if (!sdp_board_get_bounds_of (self->board, moving, &box))
    return;
  /* Where the box would be with the wanted offset, from where it is with the applied one. */
  box.x += *want_x - self->moved_x;
  box.y += *want_y - self->moved_y;
  view = (SdpRect) { self->scroll_x, self->scroll_y, gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom,
                     gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom };
  snap = sdp_board_snap_box (self->board, &box, &view, moving, SNAP_PIXELS / self->zoom);
  *want_x += snap.dx;
  *want_y += snap.dy;
  self->guide_x = snap.guide_x;
  self->guide_y = snap.guide_y;
}

static int
handle_at (SdpBoardView *self,
           SdpElement   *element,
           double        bx,
           double        by)
{
  double r = HANDLE_PIXELS / self->zoom;
  double xs[3] = { element->x, element->x + element->width / 2, element->x + element->width };
  double ys[3] = { element->y, element->y + element->height / 2, element->y + element->height };
  /* Handles clockwise from the top-left corner. */
  static const int hx[8] = { 0, 1, 2, 2, 2, 1, 0, 0 };
  static const int hy[8] = { 0, 0, 0, 1, 2, 2, 2, 1 };
  int i;

  for (i = 0; i < 8; i++)
    if (fabs (bx - xs[hx[i]]) <= r && fabs (by - ys[hy[i]]) <= r)
      return i;
  return -1;
}

/* A selected shape shows a round handle beside its right edge: dragging from it draws an
 * arrow that starts bound to the shape. */
static gboolean
connect_handle_at (SdpBoardView *self,
                   SdpElement   *element,
                   double        bx,
                   double        by,
                   double       *hx,
                   double       *hy)
{
  double cx = element->x + element->width + 18 / self->zoom, cy = element->y + element->height / 2;

  if (hx != NULL)
    *hx = cx, *hy = cy;
  return hypot (bx - cx, by - cy) <= HANDLE_PIXELS / self->zoom;
}

static SdpElement *
single_selected (SdpBoardView *self)
{
  GHashTableIter iter;
  gpointer id;

  if (g_hash_table_size (self->selection) != 1)
    return NULL;
  g_hash_table_iter_init (&iter, self->selection);
  g_hash_table_iter_next (&iter, &id, NULL);
  return sdp_board_lookup (self->board, id);
}

static SdpElement *
shape_at (SdpBoardView *self,
          double        bx,
          double        by,
          const char   *except)
{
  SdpRect probe = { bx - 1, by - 1, 2, 2 };
  g_autoptr(GPtrArray) found = sdp_board_query_rect (self->board, &probe);
  guint i;

  for (i = found->len; i > 0; i--)
    {
      SdpElement *element = g_ptr_array_index (found, i - 1);

      if (sdp_element_is_shape (element) && g_strcmp0 (element->id, except) != 0 &&
          sdp_element_contains_point (element, bx, by, HIT_PIXELS / self->zoom))
        return element;
    }
  return NULL;
}

static SdpElementKind
kind_for_tool (SdpBoardView *self)
{
  switch (self->tool)
    {
    case SDP_TOOL_RECTANGLE: return SDP_ELEMENT_RECTANGLE;
    case SDP_TOOL_ELLIPSE: return SDP_ELEMENT_ELLIPSE;
    case SDP_TOOL_DIAMOND: return SDP_ELEMENT_DIAMOND;
    case SDP_TOOL_ARROW: return SDP_ELEMENT_ARROW;
    case SDP_TOOL_LINE: return SDP_ELEMENT_LINE;
    case SDP_TOOL_PEN: return SDP_ELEMENT_FREEHAND;
    case SDP_TOOL_TEXT: return SDP_ELEMENT_TEXT;
    case SDP_TOOL_SHAPE: return self->shape_kind;
    default: return SDP_ELEMENT_RECTANGLE;
    }
}

static void edit_label (SdpBoardView *self, SdpElement *element);

void
sdp_board_view_press (SdpBoardView    *self,
                      double           x,
                      double           y,
                      GdkModifierType  state,
                      double           pressure)
{
  double bx, by;
  SdpElement *hit;

  if (self->board == NULL)
    return;
  to_board (self, x, y, &bx, &by);
  self->press_x = self->last_x = bx;
  self->press_y = self->last_y = by;
  self->moved_x = self->moved_y = 0;
  g_clear_pointer (&self->active_id, g_free);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->space_down || self->tool == SDP_TOOL_HAND || (state & GDK_BUTTON2_MASK))
    {
      self->mode = MODE_PAN;
      return;
    }

  switch (self->tool)
    {
    case SDP_TOOL_SELECT:
      {
        SdpElement *single = single_selected (self);

        if (single != NULL && sdp_element_is_shape (single) && single->kind != SDP_ELEMENT_CONTAINER &&
            connect_handle_at (self, single, bx, by, NULL, NULL))
          {
            SdpPoint p = { bx, by };
            SdpElement *connector = sdp_element_new_connector (SDP_ELEMENT_ARROW, NULL, &p, &p);
            g_autofree char *source = g_strdup (single->id);

            sdp_board_begin (self->board);
            sdp_board_add (self->board, connector);
            self->active_id = g_strdup (connector->id);
            sdp_board_bind (self->board, self->active_id, FALSE, source);
            self->mode = MODE_CONNECT;
            return;
          }
        if (single != NULL && sdp_element_is_shape (single) && !single->locked &&
            (self->handle = handle_at (self, single, bx, by)) >= 0)
          {
            self->mode = MODE_RESIZE;
            self->active_id = g_strdup (single->id);
            self->start_box = (SdpRect) { single->x, single->y, single->width, single->height };
            sdp_board_begin (self->board);
            return;
          }
        hit = sdp_board_hit_test (self->board, bx, by, HIT_PIXELS / self->zoom);
        if (hit == NULL)
          {
            if (!(state & GDK_SHIFT_MASK))
              g_hash_table_remove_all (self->selection);
            self->mode = MODE_RUBBER;
            self->rubber = (SdpRect) { bx, by, 0, 0 };
            emit_selection_changed (self);
            return;
          }
        if (state & GDK_SHIFT_MASK)
          select_with_group (self, hit, !g_hash_table_contains (self->selection, hit->id));
        else if (!g_hash_table_contains (self->selection, hit->id))
          {
            g_hash_table_remove_all (self->selection);
            select_with_group (self, hit, TRUE);
          }
        emit_selection_changed (self);
        self->mode = MODE_MOVE;
        sdp_board_begin (self->board);
      }
      break;

    case SDP_TOOL_ARROW:
    case SDP_TOOL_LINE:
      {
        SdpPoint p = { bx, by };
        SdpElement *source = (state & GDK_CONTROL_MASK) ? NULL : shape_at (self, bx, by, NULL);
        SdpElement *connector = sdp_element_new_connector (kind_for_tool (self), NULL, &p, &p);

        sdp_board_begin (self->board);
        sdp_board_add (self->board, connector);
        self->active_id = g_strdup (connector->id);
        if (source != NULL)
          sdp_board_bind (self->board, self->active_id, FALSE, source->id);
        self->mode = MODE_CONNECT;
      }
      break;

    case SDP_TOOL_PEN:
      {
        SdpElement *stroke = sdp_element_new (SDP_ELEMENT_FREEHAND, NULL, bx, by, 0, 0);
        SdpStrokePoint point = { bx, by, pressure };

        stroke->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
        g_array_append_val (stroke->stroke, point);
        sdp_board_begin (self->board);
        sdp_board_add (self->board, stroke);
        self->active_id = g_strdup (stroke->id);
        self->mode = MODE_PEN;
      }
      break;

    case SDP_TOOL_TEXT:
      {
        SdpElement *text = sdp_element_new (SDP_ELEMENT_TEXT, NULL, snap (self, bx), snap (self, by), 200, 40);

        sdp_board_add (self->board, text);
        g_hash_table_remove_all (self->selection);
        g_hash_table_add (self->selection, g_strdup (text->id));
        sdp_board_view_set_tool (self, SDP_TOOL_SELECT);
        edit_label (self, text);
        self->mode = MODE_NONE;
      }
      break;

    case SDP_TOOL_ERASER:
      sdp_board_begin (self->board);
      self->mode = MODE_ERASE;
      if ((hit = sdp_board_hit_test (self->board, bx, by, HIT_PIXELS / self->zoom)) != NULL)
        sdp_board_remove (self->board, hit->id);
      break;

    case SDP_TOOL_HAND:
      break;

    default:
      {
        SdpElement *shape = sdp_element_new (kind_for_tool (self), NULL, snap (self, bx), snap (self, by), 1, 1);

        if (shape->kind == SDP_ELEMENT_CONTAINER)
          shape->dash = SDP_DASH_DASHED;
        sdp_board_begin (self->board);
        sdp_board_add (self->board, shape);
        self->active_id = g_strdup (shape->id);
        self->mode = MODE_CREATE;
      }
      break;
    }
}

void
sdp_board_view_motion (SdpBoardView    *self,
                       double           x,
                       double           y,
                       GdkModifierType  state,
                       double           pressure)
{
  double bx, by;
  SdpElement *element;

  if (self->board == NULL)
    return;
  to_board (self, x, y, &bx, &by);

  switch (self->mode)
    {
    case MODE_PAN:
      self->scroll_x -= bx - self->last_x;
      self->scroll_y -= by - self->last_y;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return; /* the board point under the pointer stays the same */

    case MODE_MOVE:
      {
        g_auto(GStrv) ids = selected_ids (self);
        double want_x = snap (self, bx - self->press_x), want_y = snap (self, by - self->press_y);

        /* Without the grid, the moved shapes line up with the shapes in view (Alt: freely). */
        self->guide_x = self->guide_y = NAN;
        if (!self->grid && !(state & GDK_ALT_MASK))
          snap_to_shapes (self, (const char * const *) ids, &want_x, &want_y);

        sdp_board_move (self->board, (const char * const *) ids, want_x - self->moved_x, want_y - self->moved_y);
        self->moved_x = want_x;
        self->moved_y = want_y;
      }
      break;

    case MODE_RESIZE:
      {
        SdpRect box = self->start_box;
        double dx = bx - self->press_x, dy = by - self->press_y;
        static const int hx[8] = { 0, 1, 2, 2, 2, 1, 0, 0 };
        static const int hy[8] = { 0, 0, 0, 1, 2, 2, 2, 1 };

        if (hx[self->handle] == 0) { box.x += dx; box.width -= dx; }
        if (hx[self->handle] == 2) box.width += dx;
        if (hy[self->handle] == 0) { box.y += dy; box.height -= dy; }
        if (hy[self->handle] == 2) box.height += dy;
        if (box.width < 0) { box.x += box.width; box.width = -box.width; }
        if (box.height < 0) { box.y += box.height; box.height = -box.height; }
        sdp_board_resize (self->board, self->active_id, &box);
      }
      break;

    case MODE_RUBBER:
      self->rubber = (SdpRect) { MIN (self->press_x, bx), MIN (self->press_y, by),
                                 fabs (bx - self->press_x), fabs (by - self->press_y) };
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case MODE_CREATE:
      {
        double w = snap (self, bx) - snap (self, self->press_x), h = snap (self, by) - snap (self, self->press_y);
        SdpRect box;

        if (state & GDK_SHIFT_MASK)
          w = h = MAX (fabs (w), fabs (h)) * (w < 0 ? -1 : 1);
        box = (SdpRect) { snap (self, self->press_x) + MIN (w, 0), snap (self, self->press_y) + MIN (h, 0), fabs (w), fabs (h) };
        sdp_board_resize (self->board, self->active_id, &box);
      }
      break;

    case MODE_CONNECT:
      if ((element = sdp_board_lookup (self->board, self->active_id)) != NULL)
        {
          SdpElement *copy = sdp_element_copy (element);
          SdpPoint end = { bx, by };

          g_array_index (copy->points, SdpPoint, copy->points->len - 1) = end;
          g_clear_pointer (&copy->end.element_id, g_free);
          sdp_element_update_box (copy);
          sdp_board_replace (self->board, copy);
        }
      break;

    case MODE_PEN:
      if ((element = sdp_board_lookup (self->board, self->active_id)) != NULL)
        {
          SdpElement *copy = sdp_element_copy (element);
          SdpStrokePoint point = { bx, by, pressure };

          g_array_append_val (copy->stroke, point);
          sdp_element_update_box (copy);
          sdp_board_replace (self->board, copy);
        }
      break;

    case MODE_ERASE:
      if ((element = sdp_board_hit_test (self->board, bx, by, HIT_PIXELS / self->zoom)) != NULL)
        sdp_board_remove (self->board, element->id);
      break;

    case MODE_NONE:
    default:
      break;
    }
  self->last_x = bx;
  self->last_y = by;
}

/* Dropping an arrow from a shape onto empty canvas makes a copy of that shape there, already
 * connected: the quickest way to grow a diagram. */
static void
finish_connector (SdpBoardView    *self,
                  double           bx,
                  double           by,
                  GdkModifierType  state)
{
  SdpElement *connector = sdp_board_lookup (self->board, self->active_id);
  g_autofree char *source_id = NULL;
  SdpElement *target;
  SdpElement *source;
  gboolean arrow;

  if (connector == NULL)
    return;
  if (hypot (bx - self->press_x, by - self->press_y) < 4 / self->zoom)
    {
      sdp_board_remove (self->board, self->active_id);
      return;
    }
  /* Every edit below replaces the connector with a new element: keep ids, not pointers. */
  source_id = g_strdup (connector->start.element_id);
  arrow = connector->kind == SDP_ELEMENT_ARROW;
  source = sdp_board_lookup (self->board, source_id);
  target = (state & GDK_CONTROL_MASK) ? NULL : shape_at (self, bx, by, source_id);
  if (target != NULL)
    sdp_board_bind (self->board, self->active_id, TRUE, target->id);
  else if (source != NULL && arrow && !(state & GDK_CONTROL_MASK))
    {
      const char *ids[] = { source_id, NULL };
      g_auto(GStrv) copy = sdp_board_duplicate (self->board, ids, 0, 0);
      SdpElement *clone = sdp_board_lookup (self->board, copy[0]);
      const char *move[] = { copy[0], NULL };

      sdp_board_move (self->board, move, bx - clone->x - clone->width / 2, by - clone->y - clone->height / 2);
      sdp_board_set_label (self->board, copy[0], NULL);
      sdp_board_bind (self->board, self->active_id, TRUE, copy[0]);
    }
  g_hash_table_remove_all (self->selection);
  g_hash_table_add (self->selection, g_strdup (self->active_id));
}

void
sdp_board_view_release (SdpBoardView    *self,
                        double           x,
                        double           y,
                        GdkModifierType  state)
{
  double bx, by;
  guint i;

  if (self->board == NULL)
    return;
  to_board (self, x, y, &bx, &by);

  switch (self->mode)
    {
    case MODE_RUBBER:
      for (i = 0; i < sdp_board_get_n_elements (self->board); i++)
        {
          SdpElement *element = sdp_board_get_element_at (self->board, i);
          SdpRect b;

          sdp_element_get_bounds (element, &b);
          if (b.x >= self->rubber.x && b.y >= self->rubber.y &&
              b.x + b.width <= self->rubber.x + self->rubber.width &&
              b.y + b.height <= self->rubber.y + self->rubber.height)
            select_with_group (self, element, TRUE);
        }
      emit_selection_changed (self);
      break;

    case MODE_CREATE:
      {
        SdpElement *element = sdp_board_lookup (self->board, self->active_id);

        /* A click, not a drag: a shape of the usual size centred there. */
        if (element != NULL && element->width < 4 && element->height < 4)
          {
            SdpRect box = { snap (self, self->press_x - DEFAULT_WIDTH / 2), snap (self, self->press_y - DEFAULT_HEIGHT / 2),
                            DEFAULT_WIDTH, DEFAULT_HEIGHT };

            sdp_board_resize (self->board, self->active_id, &box);
          }
        sdp_board_commit (self->board);
        g_hash_table_remove_all (self->selection);
        g_hash_table_add (self->selection, g_strdup (self->active_id));
        sdp_board_view_set_tool (self, SDP_TOOL_SELECT);
        emit_selection_changed (self);
      }
      break;

    case MODE_CONNECT:
      finish_connector (self, bx, by, state);
      sdp_board_commit (self->board);
      sdp_board_view_set_tool (self, SDP_TOOL_SELECT);
      emit_selection_changed (self);
      break;

    case MODE_MOVE:
      gtk_widget_queue_draw (GTK_WIDGET (self));   /* takes the snap guides away */
      G_GNUC_FALLTHROUGH;
    case MODE_RESIZE:
    case MODE_PEN:
    case MODE_ERASE:
      sdp_board_commit (self->board);
      break;

    case MODE_PAN:
    case MODE_NONE:
    default:
      break;
    }
  self->mode = MODE_NONE;
  g_clear_pointer (&self->active_id, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
event_pressure (GtkGesture *gesture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  double pressure;

  if (event != NULL && gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &pressure))
    return CLAMP (pressure, 0, 1);
  return 0.5;
}

static GdkModifierType
event_state (GtkGesture *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_MIDDLE)
    state |= GDK_BUTTON2_MASK;
  return state;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SdpBoardView   *self)
{
  sdp_board_view_press (self, x, y, event_state (GTK_GESTURE (gesture)), event_pressure (GTK_GESTURE (gesture)));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SdpBoardView   *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  sdp_board_view_motion (self, x + dx, y + dy, event_state (GTK_GESTURE (gesture)),
                         event_pressure (GTK_GESTURE (gesture)));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SdpBoardView   *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  sdp_board_view_release (self, x + dx, y + dy, event_state (GTK_GESTURE (gesture)));
}

static void
zoom_at (SdpBoardView *self,
         double        factor,
         double        x,
         double        y)
{
  double bx, by;

  to_board (self, x, y, &bx, &by);
  self->zoom = CLAMP (self->zoom * factor, ZOOM_MIN, ZOOM_MAX);
  g_clear_handle_id (&self->settle, g_source_remove);
  self->scroll_x = bx - x / self->zoom;
  self->scroll_y = by - y / self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SdpBoardView             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = self->pointer_x, y = self->pointer_y;

  if (state & GDK_CONTROL_MASK)
    zoom_at (self, dy < 0 ? 1.1 : 1 / 1.1, x, y);
  else
    {
      if (state & GDK_SHIFT_MASK)
        {
          double t = dx;

          dx = dy;
          dy = t;
        }
      self->scroll_x += dx * 40 / self->zoom;
      self->scroll_y += dy * 40 / self->zoom;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return TRUE;
}

static void
pointer_motion_cb (GtkEventControllerMotion *controller,
                   double                    x,
                   double                    y,
                   SdpBoardView             *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
zoom_gesture_cb (GtkGestureZoom *gesture,
                 double          scale,
                 SdpBoardView   *self)
{
  static double previous = 1;
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom_at (self, scale / previous, x, y);
  previous = scale;
}

static void
double_click_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 SdpBoardView    *self)
{
  double bx, by;
  SdpElement *hit;

  if (n_press != 2 || self->tool != SDP_TOOL_SELECT)
    return;
  to_board (self, x, y, &bx, &by);
  if ((hit = sdp_board_hit_test (self->board, bx, by, HIT_PIXELS / self->zoom)) != NULL)
    edit_label (self, hit);
}

/* ---- labels ---- */

/* The label is committed whenever the editor closes — Enter, Escape or a click
 * elsewhere — so typed text is never thrown away. */
static void
label_closed_cb (SdpBoardView *self)
{
  g_autofree char *target = g_steal_pointer (&self->label_target);

  if (target != NULL && self->board != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->label_text);
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      sdp_board_set_label (self->board, target, g_strstrip (text));
    }
}

static gboolean
label_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      SdpBoardView          *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && !(state & GDK_SHIFT_MASK))
    {
      gtk_popover_popdown (self->label_popover);
      return TRUE;
    }
  return FALSE;
}

/**
 * sdp_board_view_finish_editing:
 *
 * Commits a label being typed, so that a save started from the keyboard while the label
 * editor is open includes it.
 */
void
sdp_board_view_finish_editing (SdpBoardView *self)
{
  label_closed_cb (self);
  if (self->label_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->label_popover)))
    gtk_popover_popdown (self->label_popover);
}

static void
edit_label (SdpBoardView *self,
            SdpElement   *element)
{
  GdkRectangle where;

  g_free (self->label_target);
  self->label_target = g_strdup (element->id);
  where.x = (int) ((element->x - self->scroll_x) * self->zoom);
  where.y = (int) ((element->y - self->scroll_y) * self->zoom);
  where.width = MAX (1, (int) (element->width * self->zoom));
  where.height = MAX (1, (int) (element->height * self->zoom));
  gtk_popover_set_pointing_to (self->label_popover, &where);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->label_text);
    GtkTextIter start, end;

    /* All of the old label selected, so typing replaces it, as in an entry. */
    gtk_text_buffer_set_text (buffer, element->label != NULL ? element->label : "", -1);
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    gtk_text_buffer_select_range (buffer, &start, &end);
  }
  gtk_popover_popup (self->label_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->label_text));
}

/**
 * sdp_board_view_edit_label:
 *
 * Opens the label editor on the single selected element.
 *
 * Returns: %TRUE if an element was selected and the editor opened
 */
gboolean
sdp_board_view_edit_label (SdpBoardView *self)
{
  SdpElement *single = single_selected (self);

  if (single == NULL)
    return FALSE;
  edit_label (self, single);
  return TRUE;
}

/* ---- clipboard: our own format between boards, and a PNG for other apps ---- */

static void
copy_selection (SdpBoardView *self)
{
  g_auto(GStrv) ids = selected_ids (self);
  g_autoptr(SdpBoard) clip = sdp_board_new ();
  g_autofree char *json = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *png = NULL;
  gsize png_length = 0;
  GdkContentProvider *providers[3];
  guint n = 0, i;

  if (ids[0] == NULL)
    return;
  sdp_board_begin (clip);
  for (i = 0; i < sdp_board_get_n_elements (self->board); i++)
    {
      SdpElement *element = sdp_board_get_element_at (self->board, i);

      if (g_strv_contains ((const char * const *) ids, element->id))
        sdp_board_add (clip, sdp_element_copy (element));
    }
  sdp_board_commit (clip);
  json = sdp_board_to_json (clip);
  providers[n++] = gdk_content_provider_new_for_bytes (BOARD_MIME, g_bytes_new (json, strlen (json)));

  png_path = g_build_filename (g_get_tmp_dir (), "sdp-clipboard-XXXXXX.png", NULL);
  {
    int fd = g_mkstemp (png_path);

    if (fd >= 0)
      {
        close (fd);
        if (sdp_board_export_png (clip, NULL, 2, TRUE, is_dark (), 8, png_path, NULL) &&
            g_file_get_contents (png_path, &png, &png_length, NULL))
          providers[n++] = gdk_content_provider_new_for_bytes ("image/png", g_bytes_new_take (g_steal_pointer (&png), png_length));
        g_unlink (png_path);
      }
  }
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                             gdk_content_provider_new_union (providers, n));
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdpBoardView) self = user_data;
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, NULL);
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(SdpBoard) clip = NULL;
  g_autoptr(GHashTable) renamed = NULL;
  GStrvBuilder *pasted;
  g_auto(GStrv) ids = NULL;
  gconstpointer data;
  gsize size;
  guint i;

  if (stream == NULL || self->board == NULL)
    return;
  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL) < 0)
    return;
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
  clip = sdp_board_new_from_json (data, (gssize) size, NULL);
  if (clip == NULL)
    return;

  /* New ids, bindings kept between pasted elements, placed a step away from the originals. */
  renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 0; i < sdp_board_get_n_elements (clip); i++)
    g_hash_table_insert (renamed, g_strdup (sdp_board_get_element_at (clip, i)->id), sdp_board_new_id (self->board));
  pasted = g_strv_builder_new ();
  sdp_board_begin (self->board);
  for (i = 0; i < sdp_board_get_n_elements (clip); i++)
    {
      SdpElement *copy = sdp_element_copy (sdp_board_get_element_at (clip, i));
      guint end;

      g_free (copy->id);
      copy->id = g_strdup (g_hash_table_lookup (renamed, sdp_board_get_element_at (clip, i)->id));
      for (end = 0; end < 2; end++)
        {
          SdpBinding *binding = end ? &copy->end : &copy->start;
          const char *target = binding->element_id != NULL ? g_hash_table_lookup (renamed, binding->element_id) : NULL;

          g_free (binding->element_id);
          binding->element_id = g_strdup (target);
        }
      sdp_element_translate (copy, GRID, GRID);
      g_strv_builder_add (pasted, copy->id);
      sdp_board_add (self->board, copy);
    }
  sdp_board_commit (self->board);
  ids = g_strv_builder_end (pasted);
  sdp_board_view_select (self, (const char * const *) ids);
}

static void
paste (SdpBoardView *self)
{
  static const char *mimes[] = { BOARD_MIME, NULL };

  gdk_clipboard_read_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), mimes, G_PRIORITY_DEFAULT, NULL,
                            paste_read_cb, g_object_ref (self));
}

/* ---- align and distribute ---- */

typedef enum { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_TOP, ALIGN_BOTTOM, DISTRIBUTE_H, DISTRIBUTE_V } Arrange;

static int
compare_x (gconstpointer a, gconstpointer b)
{
  const SdpElement *x = *(SdpElement * const *) a, *y = *(SdpElement * const *) b;

  return (x->x > y->x) - (x->x < y->x);
}

static int
compare_y (gconstpointer a, gconstpointer b)
{
  const SdpElement *x = *(SdpElement * const *) a, *y = *(SdpElement * const *) b;

  return (x->y > y->y) - (x->y < y->y);
}

static void
arrange (SdpBoardView *self,
         Arrange       how)
{
  g_auto(GStrv) ids = selected_ids (self);
  g_autoptr(GPtrArray) shapes = g_ptr_array_new ();
  g_autoptr(GPtrArray) moving = g_ptr_array_new_with_free_func (g_free);
  double edge = 0, total = 0, gap, cursor;
  guint i;

  for (i = 0; ids[i] != NULL; i++)
    {
      SdpElement *element = sdp_board_lookup (self->board, ids[i]);

      if (element != NULL && sdp_element_is_shape (element))
        g_ptr_array_add (shapes, element);
    }
  if (shapes->len < 2 || ((how == DISTRIBUTE_H || how == DISTRIBUTE_V) && shapes->len < 3))
    return;

  /* Work from ids: each move replaces elements. */
  g_ptr_array_sort (shapes, how == DISTRIBUTE_V || how == ALIGN_TOP || how == ALIGN_BOTTOM ? compare_y : compare_x);
  for (i = 0; i < shapes->len; i++)
    {
      SdpElement *e = g_ptr_array_index (shapes, i);

      g_ptr_array_add (moving, g_strdup (e->id));
      if (i == 0)
        edge = how == ALIGN_RIGHT ? e->x + e->width : how == ALIGN_BOTTOM ? e->y + e->height :
               how == ALIGN_TOP || how == DISTRIBUTE_V ? e->y : e->x;
      switch (how)
        {
        case ALIGN_LEFT: edge = MIN (edge, e->x); break;
        case ALIGN_RIGHT: edge = MAX (edge, e->x + e->width); break;
        case ALIGN_TOP: edge = MIN (edge, e->y); break;
        case ALIGN_BOTTOM: edge = MAX (edge, e->y + e->height); break;
        case DISTRIBUTE_H: total += e->width; break;
        case DISTRIBUTE_V: total += e->height; break;
        default: break;
        }
    }

  {
    SdpElement *first = g_ptr_array_index (shapes, 0), *last = g_ptr_array_index (shapes, shapes->len - 1);
    double span = how == DISTRIBUTE_H ? last->x + last->width - first->x : last->y + last->height - first->y;

    gap = (span - total) / (shapes->len - 1);
    cursor = how == DISTRIBUTE_H ? first->x : first->y;
  }

  sdp_board_begin (self->board);
  for (i = 0; i < moving->len; i++)
    {
      SdpElement *e = sdp_board_lookup (self->board, g_ptr_array_index (moving, i));
      const char *one[] = { g_ptr_array_index (moving, i), NULL };
      double dx = 0, dy = 0;

      switch (how)
        {
        case ALIGN_LEFT: dx = edge - e->x; break;
        case ALIGN_RIGHT: dx = edge - (e->x + e->width); break;
        case ALIGN_TOP: dy = edge - e->y; break;
        case ALIGN_BOTTOM: dy = edge - (e->y + e->height); break;
        case DISTRIBUTE_H: dx = cursor - e->x; cursor += e->width + gap; break;
        case DISTRIBUTE_V: dy = cursor - e->y; cursor += e->height + gap; break;
        default: break;
        }
      if (dx != 0 || dy != 0)
        sdp_board_move (self->board, one, dx, dy);
    }
  sdp_board_commit (self->board);
}

/* ---- keyboard ---- */

static void
set_tool_for_key (SdpBoardView *self,
                  guint         keyval)
{
  static const struct { guint key; SdpTool tool; } keys[] = {
    { GDK_KEY_v, SDP_TOOL_SELECT }, { GDK_KEY_h, SDP_TOOL_HAND }, { GDK_KEY_r, SDP_TOOL_RECTANGLE },
    { GDK_KEY_o, SDP_TOOL_ELLIPSE }, { GDK_KEY_d, SDP_TOOL_DIAMOND }, { GDK_KEY_a, SDP_TOOL_ARROW },
    { GDK_KEY_l, SDP_TOOL_LINE }, { GDK_KEY_p, SDP_TOOL_PEN }, { GDK_KEY_t, SDP_TOOL_TEXT },
    { GDK_KEY_e, SDP_TOOL_ERASER },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].key == gdk_keyval_to_lower (keyval))
      sdp_board_view_set_tool (self, keys[i].tool);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SdpBoardView          *self)
{
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0, shift = (state & GDK_SHIFT_MASK) != 0;
  g_auto(GStrv) ids = selected_ids (self);
  double step = shift ? 10 * GRID : (self->grid ? GRID : 1);

  if (self->board == NULL)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_space:
      self->space_down = TRUE;
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_BackSpace:
      sdp_board_begin (self->board);
      for (guint i = 0; ids[i] != NULL; i++)
        sdp_board_remove (self->board, ids[i]);
      sdp_board_commit (self->board);
      g_hash_table_remove_all (self->selection);
      emit_selection_changed (self);
      return TRUE;
    case GDK_KEY_Escape:
      g_hash_table_remove_all (self->selection);
      sdp_board_view_set_tool (self, SDP_TOOL_SELECT);
      emit_selection_changed (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      return sdp_board_view_edit_label (self);
    case GDK_KEY_Left: case GDK_KEY_Right: case GDK_KEY_Up: case GDK_KEY_Down:
      sdp_board_move (self->board, (const char * const *) ids,
                      keyval == GDK_KEY_Left ? -step : keyval == GDK_KEY_Right ? step : 0,
                      keyval == GDK_KEY_Up ? -step : keyval == GDK_KEY_Down ? step : 0);
      return ids[0] != NULL;
    case GDK_KEY_exclam:  /* Shift+1 */
      sdp_board_view_zoom_to_fit (self, FALSE);
      return TRUE;
    case GDK_KEY_at:      /* Shift+2 */
    case GDK_KEY_quotedbl:
      sdp_board_view_zoom_to_fit (self, TRUE);
      return TRUE;
    default:
      break;
    }

  if (ctrl && shift)
    {
      switch (keyval)
        {
        case GDK_KEY_Left: arrange (self, ALIGN_LEFT); return TRUE;
        case GDK_KEY_Right: arrange (self, ALIGN_RIGHT); return TRUE;
        case GDK_KEY_Up: arrange (self, ALIGN_TOP); return TRUE;
        case GDK_KEY_Down: arrange (self, ALIGN_BOTTOM); return TRUE;
        default: break;
        }
    }
  if (state & GDK_ALT_MASK)
    {
      switch (gdk_keyval_to_lower (keyval))
        {
        case GDK_KEY_h: arrange (self, DISTRIBUTE_H); return TRUE;
        case GDK_KEY_v: arrange (self, DISTRIBUTE_V); return TRUE;
        default: break;
        }
    }

  if (ctrl)
    {
      switch (gdk_keyval_to_lower (keyval))
        {
        case GDK_KEY_c:
          copy_selection (self);
          return TRUE;
        case GDK_KEY_x:
          copy_selection (self);
          sdp_board_begin (self->board);
          for (guint i = 0; ids[i] != NULL; i++)
            sdp_board_remove (self->board, ids[i]);
          sdp_board_commit (self->board);
          g_hash_table_remove_all (self->selection);
          emit_selection_changed (self);
          return TRUE;
        case GDK_KEY_v:
          paste (self);
          return TRUE;
        case GDK_KEY_z:
          shift ? sdp_board_redo (self->board) : sdp_board_undo (self->board);
          return TRUE;
        case GDK_KEY_y:
          sdp_board_redo (self->board);
          return TRUE;
        case GDK_KEY_d:
          if (ids[0] != NULL)
            {
              g_auto(GStrv) copies = sdp_board_duplicate (self->board, (const char * const *) ids, GRID, GRID);

              sdp_board_view_select (self, (const char * const *) copies);
            }
          return TRUE;
        case GDK_KEY_g:
          if (shift)
            sdp_board_ungroup (self->board, (const char * const *) ids);
          else if (ids[0] != NULL && ids[1] != NULL)
            g_free (sdp_board_group (self->board, (const char * const *) ids));
          return TRUE;
        case GDK_KEY_a:
          for (guint i = 0; i < sdp_board_get_n_elements (self->board); i++)
            g_hash_table_add (self->selection, g_strdup (sdp_board_get_element_at (self->board, i)->id));
          emit_selection_changed (self);
          return TRUE;
        case GDK_KEY_bracketright:
          sdp_board_raise (self->board, (const char * const *) ids, shift);
          return TRUE;
        case GDK_KEY_bracketleft:
          sdp_board_lower (self->board, (const char * const *) ids, shift);
          return TRUE;
        case GDK_KEY_apostrophe:
          sdp_board_view_set_grid (self, !self->grid);
          return TRUE;
        case GDK_KEY_plus: case GDK_KEY_equal: case GDK_KEY_KP_Add:
          zoom_at (self, 1.25, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
          return TRUE;
        case GDK_KEY_minus: case GDK_KEY_KP_Subtract:
          zoom_at (self, 0.8, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (!(state & (GDK_ALT_MASK | GDK_SUPER_MASK)))
    {
      SdpTool before = self->tool;

      set_tool_for_key (self, keyval);
      return self->tool != before || gdk_keyval_to_lower (keyval) == GDK_KEY_v;
    }
  return FALSE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SdpBoardView          *self)
{
  if (keyval == GDK_KEY_space)
    self->space_down = FALSE;
}

/* ---- GObject ---- */

static void
sdp_board_view_dispose (GObject *object)
{
  SdpBoardView *self = SDP_BOARD_VIEW (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_handle_id (&self->settle, g_source_remove);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->selection, g_hash_table_unref);
  g_clear_pointer (&self->active_id, g_free);
  g_clear_pointer (&self->label_target, g_free);
  if (self->label_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->label_popover));
  self->label_popover = NULL;

  G_OBJECT_CLASS (sdp_board_view_parent_class)->dispose (object);
}

static void
sdp_board_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SdpBoardView *self = SDP_BOARD_VIEW (widget);

  if (self->label_popover != NULL)
    gtk_popover_present (self->label_popover);
  invalidate (self);
}

static void
sdp_board_view_class_init (SdpBoardViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sdp_board_view_dispose;
  widget_class->snapshot = sdp_board_view_snapshot;
  widget_class->size_allocate = sdp_board_view_size_allocate;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOOL_CHANGED] = g_signal_new ("tool-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "sdpboardview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sdp_board_view_init (SdpBoardView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->zoom = 1;
  self->guide_x = self->guide_y = NAN;
  self->tool = SDP_TOOL_SELECT;
  self->shape_kind = SDP_ELEMENT_SERVICE;
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (click, "pressed", G_CALLBACK (double_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_gesture_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  {
    GtkEventController *motion = gtk_event_controller_motion_new ();

    g_signal_connect (motion, "motion", G_CALLBACK (pointer_motion_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), motion);
  }

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  {
    GtkEventController *label_keys = gtk_event_controller_key_new ();
    GtkWidget *hint = gtk_label_new (_("Enter to finish · Shift+Enter for a new line"));

    self->label_text = GTK_TEXT_VIEW (gtk_text_view_new ());
    gtk_text_view_set_wrap_mode (self->label_text, GTK_WRAP_WORD_CHAR);
    gtk_text_view_set_accepts_tab (self->label_text, FALSE);
    gtk_widget_set_size_request (GTK_WIDGET (self->label_text), 240, 56);
    gtk_widget_add_css_class (GTK_WIDGET (self->label_text), "card");
    gtk_text_view_set_left_margin (self->label_text, 6);
    gtk_text_view_set_right_margin (self->label_text, 6);
    gtk_text_view_set_top_margin (self->label_text, 6);
    gtk_text_view_set_bottom_margin (self->label_text, 6);
    /* Before the text view's own handling, so that Enter finishes and Shift+Enter breaks the line. */
    gtk_event_controller_set_propagation_phase (label_keys, GTK_PHASE_CAPTURE);
    g_signal_connect (label_keys, "key-pressed", G_CALLBACK (label_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->label_text), label_keys);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_widget_add_css_class (hint, "caption");
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label_text));
    gtk_box_append (GTK_BOX (box), hint);
  }
  self->label_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->label_popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->label_popover), GTK_WIDGET (self));
  g_signal_connect_swapped (self->label_popover, "closed", G_CALLBACK (label_closed_cb), self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (invalidate), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
sdp_board_view_new (void)
{
  return g_object_new (SDP_TYPE_BOARD_VIEW, NULL);
}

void
sdp_board_view_set_board (SdpBoardView *self,
                          SdpBoard     *board)
{
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_set_object (&self->board, board);
  g_hash_table_remove_all (self->selection);
  if (board != NULL)
    g_signal_connect_swapped (board, "changed", G_CALLBACK (board_changed_cb), self);
  invalidate (self);
  emit_selection_changed (self);
}

/**
 * sdp_board_view_get_board:
 * Returns: (transfer none) (nullable): the board shown
 */
SdpBoard *
sdp_board_view_get_board (SdpBoardView *self)
{
  return self->board;
}

void
sdp_board_view_set_tool (SdpBoardView *self,
                         SdpTool       tool)
{
  if (self->tool == tool)
    return;
  self->tool = tool;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), tool == SDP_TOOL_HAND ? "grab" :
                                   tool == SDP_TOOL_SELECT ? "default" : tool == SDP_TOOL_TEXT ? "text" : "crosshair");
  g_signal_emit (self, signals[TOOL_CHANGED], 0);
}

SdpTool
sdp_board_view_get_tool (SdpBoardView *self)
{
  return self->tool;
}

void
sdp_board_view_set_shape_kind (SdpBoardView   *self,
                               SdpElementKind  kind)
{
  self->shape_kind = kind;
  sdp_board_view_set_tool (self, SDP_TOOL_SHAPE);
}

/**
 * sdp_board_view_get_selection:
 * Returns: (transfer full): the selected ids
 */
GStrv
sdp_board_view_get_selection (SdpBoardView *self)
{
  return selected_ids (self);
}

void
sdp_board_view_select (SdpBoardView       *self,
                       const char * const *ids)
{
  guint i;

  g_hash_table_remove_all (self->selection);
  for (i = 0; ids != NULL && ids[i] != NULL; i++)
    if (sdp_board_lookup (self->board, ids[i]) != NULL)
      g_hash_table_add (self->selection, g_strdup (ids[i]));
  emit_selection_changed (self);
}

/* Shift+1 shows the whole board, Shift+2 the selection. */
void
sdp_board_view_zoom_to_fit (SdpBoardView *self,
                            gboolean      selection_only)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  SdpRect bounds;

  if (self->board == NULL || width <= 0 || height <= 0 ||
      !sdp_board_get_bounds_of (self->board, selection_only ? self->selection : NULL, &bounds))
    return;
  self->zoom = CLAMP (MIN ((width - 80) / MAX (bounds.width, 1), (height - 80) / MAX (bounds.height, 1)), ZOOM_MIN, 4);
  self->scroll_x = bounds.x + bounds.width / 2 - width / 2.0 / self->zoom;
  self->scroll_y = bounds.y + bounds.height / 2 - height / 2.0 / self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sdp_board_view_set_grid (SdpBoardView *self,
                         gboolean      grid)
{
  self->grid = grid;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sdp_board_view_get_grid (SdpBoardView *self)
{
  return self->grid;
}

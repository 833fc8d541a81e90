/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-board.h"

#include <math.h>
#include <string.h>

#define GRID_CELL      512.0
#define MAX_CELLS      256     /* an element spanning more cells is kept in a list of its own */
#define HISTORY_LIMIT  500

/* ---------------------------------------------------------------- elements */

static const struct
{
  const char *name;
  const char *caption;
} kinds[SDP_N_ELEMENT_KINDS] = {
  [SDP_ELEMENT_RECTANGLE] = { "rectangle", NULL },
  [SDP_ELEMENT_ROUNDED_RECTANGLE] = { "rounded-rectangle", NULL },
  [SDP_ELEMENT_ELLIPSE] = { "ellipse", NULL },
  [SDP_ELEMENT_DIAMOND] = { "diamond", NULL },
  [SDP_ELEMENT_TEXT] = { "text", NULL },
  [SDP_ELEMENT_LINE] = { "line", NULL },
  [SDP_ELEMENT_ARROW] = { "arrow", NULL },
  [SDP_ELEMENT_FREEHAND] = { "freehand", NULL },
  [SDP_ELEMENT_CLIENT] = { "client", "Client" },
  [SDP_ELEMENT_MOBILE_CLIENT] = { "mobile-client", "Mobile" },
  [SDP_ELEMENT_DNS] = { "dns", "DNS" },
  [SDP_ELEMENT_CDN] = { "cdn", "CDN" },
  [SDP_ELEMENT_LOAD_BALANCER] = { "load-balancer", "Load balancer" },
  [SDP_ELEMENT_API_GATEWAY] = { "api-gateway", "API gateway" },
  [SDP_ELEMENT_SERVICE] = { "service", "Service" },
  [SDP_ELEMENT_WORKER] = { "worker", "Worker" },
  [SDP_ELEMENT_DATABASE] = { "database", "Database" },
  [SDP_ELEMENT_CACHE] = { "cache", "Cache" },
  [SDP_ELEMENT_QUEUE] = { "queue", "Queue" },
  [SDP_ELEMENT_OBJECT_STORAGE] = { "object-storage", "Object storage" },
  [SDP_ELEMENT_SEARCH_INDEX] = { "search-index", "Search index" },
  [SDP_ELEMENT_EXTERNAL_SERVICE] = { "external-service", "External" },
  [SDP_ELEMENT_CONTAINER] = { "container", "Group" },
};

static const char * const colors[SDP_N_COLORS] = {
  "ink", "gray", "red", "orange", "yellow", "green", "blue", "violet",
};

const char *
sdp_element_kind_to_string (SdpElementKind kind)
{
  g_return_val_if_fail (kind < SDP_N_ELEMENT_KINDS, NULL);
  return kinds[kind].name;
}

gboolean
sdp_element_kind_from_string (const char     *name,
                              SdpElementKind *kind)
{
  guint i;

  for (i = 0; name != NULL && i < SDP_N_ELEMENT_KINDS; i++)
    if (g_str_equal (name, kinds[i].name))
      {
        *kind = (SdpElementKind) i;
        return TRUE;
      }
  return FALSE;
}

/* The small caption drawn above an architecture shape's label ("Database"); NULL for basic
 * shapes. */
const char *
sdp_element_kind_caption (SdpElementKind kind)
{
  g_return_val_if_fail (kind < SDP_N_ELEMENT_KINDS, NULL);
  return kinds[kind].caption;
}

const char *
sdp_color_to_string (SdpColor color)
{
  g_return_val_if_fail (color < SDP_N_COLORS, NULL);
  return colors[color];
}

gboolean
sdp_color_from_string (const char *name,
                       SdpColor   *color)
{
  guint i;

  for (i = 0; name != NULL && i < SDP_N_COLORS; i++)
    if (g_str_equal (name, colors[i]))
      {
        *color = (SdpColor) i;
        return TRUE;
      }
  return FALSE;
}

static void
element_clear (gpointer data)
{
  SdpElement *element = data;

  g_free (element->id);
  g_free (element->label);
  g_clear_pointer (&element->points, g_array_unref);
  g_clear_pointer (&element->stroke, g_array_unref);
  g_free (element->start.element_id);
  g_free (element->end.element_id);
  g_free (element->group_id);
  g_clear_pointer (&element->extra, json_object_unref);
}

/**
 * sdp_element_new:
 * Returns: (transfer full): a shape with the default style
 */
SdpElement *
sdp_element_new (SdpElementKind  kind,
                 const char     *id,
                 double          x,
                 double          y,
                 double          width,
                 double          height)
{
  SdpElement *element = g_rc_box_new0 (SdpElement);

  element->id = g_strdup (id);
  element->kind = kind;
  element->x = x;
  element->y = y;
  element->width = width;
  element->height = height;
  element->stroke_color = SDP_COLOR_INK;
  element->fill_color = SDP_COLOR_BLUE;
  element->fill = SDP_FILL_NONE;
  element->stroke_width = 2;
  element->font_size = 20;
  element->end_arrowhead = kind == SDP_ELEMENT_ARROW;
  element->start.focus_x = element->start.focus_y = 0.5;
  element->end.focus_x = element->end.focus_y = 0.5;
  return element;
}

/**
 * sdp_element_new_connector:
 * Returns: (transfer full): a line or arrow from @from to @to
 */
SdpElement *
sdp_element_new_connector (SdpElementKind  kind,
                           const char     *id,
                           const SdpPoint *from,
                           const SdpPoint *to)
{
  SdpElement *element = sdp_element_new (kind, id, 0, 0, 0, 0);

  element->points = g_array_new (FALSE, FALSE, sizeof (SdpPoint));
  g_array_append_val (element->points, *from);
  g_array_append_val (element->points, *to);
  sdp_element_update_box (element);
  return element;
}

static GArray *
copy_array (GArray *array)
{
  GArray *copy;

  if (array == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, g_array_get_element_size (array), array->len);
  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

/**
 * sdp_element_copy:
 *
 * A new, changeable element equal to @element (same id).
 *
 * Returns: (transfer full): the copy
 */
SdpElement *
sdp_element_copy (const SdpElement *element)
{
  SdpElement *copy = g_rc_box_new0 (SdpElement);

  *copy = *element;
  copy->id = g_strdup (element->id);
  copy->label = g_strdup (element->label);
  copy->points = copy_array (element->points);
  copy->stroke = copy_array (element->stroke);
  copy->start.element_id = g_strdup (element->start.element_id);
  copy->end.element_id = g_strdup (element->end.element_id);
  copy->group_id = g_strdup (element->group_id);
  copy->extra = element->extra != NULL ? json_object_ref (element->extra) : NULL;
  return copy;
}

SdpElement *
sdp_element_ref (SdpElement *element)
{
  return g_rc_box_acquire (element);
}

void
sdp_element_unref (SdpElement *element)
{
  g_rc_box_release_full (element, element_clear);
}

gboolean
sdp_element_is_connector (const SdpElement *element)
{
  return element->kind == SDP_ELEMENT_LINE || element->kind == SDP_ELEMENT_ARROW;
}

/* Shapes have a box that connectors can bind to. */
gboolean
sdp_element_is_shape (const SdpElement *element)
{
  return !sdp_element_is_connector (element) && element->kind != SDP_ELEMENT_FREEHAND;
}

/* For connectors and strokes, the box follows their points. */
void
sdp_element_update_box (SdpElement *element)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint i, n;

  n = element->points != NULL ? element->points->len : element->stroke != NULL ? element->stroke->len : 0;
  if (n == 0)
    return;
  for (i = 0; i < n; i++)
    {
      double x, y;

      if (element->points != NULL)
        {
          x = g_array_index (element->points, SdpPoint, i).x;
          y = g_array_index (element->points, SdpPoint, i).y;
        }
      else
        {
          x = g_array_index (element->stroke, SdpStrokePoint, i).x;
          y = g_array_index (element->stroke, SdpStrokePoint, i).y;
        }
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x);
      max_y = MAX (max_y, y);
    }
  element->x = min_x;
  element->y = min_y;
  element->width = max_x - min_x;
  element->height = max_y - min_y;
}

/* The box, widened by half the stroke so a thick line's edge is inside. */
void
sdp_element_get_bounds (const SdpElement *element,
                        SdpRect          *bounds)
{
  double margin = element->stroke_width / 2 + (element->kind == SDP_ELEMENT_ARROW ? 4 * element->stroke_width : 0);

  bounds->x = element->x - margin;
  bounds->y = element->y - margin;
  bounds->width = element->width + 2 * margin;
  bounds->height = element->height + 2 * margin;
}

void
sdp_element_translate (SdpElement *element,
                       double      dx,
                       double      dy)
{
  guint i;

  element->x += dx;
  element->y += dy;
  for (i = 0; element->points != NULL && i < element->points->len; i++)
    {
      g_array_index (element->points, SdpPoint, i).x += dx;
      g_array_index (element->points, SdpPoint, i).y += dy;
    }
  for (i = 0; element->stroke != NULL && i < element->stroke->len; i++)
    {
      g_array_index (element->stroke, SdpStrokePoint, i).x += dx;
      g_array_index (element->stroke, SdpStrokePoint, i).y += dy;
    }
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;
  double cx = ax + t * dx - px, cy = ay + t * dy - py;

  return sqrt (cx * cx + cy * cy);
}

/**
 * sdp_element_contains_point:
 * @tolerance: how far outside the outline still counts (a few screen pixels, in board units)
 *
 * Whether a click at (@x, @y) is on the element: on the stroke for lines, arrows and freehand,
 * inside the outline for shapes, and near the edge or the title for containers (so that a click
 * inside a region reaches what is in it).
 */
gboolean
sdp_element_contains_point (const SdpElement *element,
                            double            x,
                            double            y,
                            double            tolerance)
{
  double reach = tolerance + element->stroke_width / 2;
  double cx = element->x + element->width / 2, cy = element->y + element->height / 2;
  double a = element->width / 2 + tolerance, b = element->height / 2 + tolerance;
  guint i;

  if (element->points != NULL || element->stroke != NULL)
    {
      GArray *pts = element->points != NULL ? element->points : element->stroke;
      gsize size = g_array_get_element_size (pts);

      for (i = 0; i + 1 < pts->len; i++)
        {
          const SdpPoint *p = (const SdpPoint *) (pts->data + i * size);
          const SdpPoint *q = (const SdpPoint *) (pts->data + (i + 1) * size);

          if (segment_distance (x, y, p->x, p->y, q->x, q->y) <= reach)
            return TRUE;
        }
      return pts->len == 1 && hypot (x - g_array_index (pts, SdpPoint, 0).x,
                                     y - g_array_index (pts, SdpPoint, 0).y) <= reach;
    }

  if (x < element->x - reach || x > element->x + element->width + reach ||
      y < element->y - reach || y > element->y + element->height + reach)
    return FALSE;

  switch (element->kind)
    {
    case SDP_ELEMENT_ELLIPSE:
      return a > 0 && b > 0 && ((x - cx) * (x - cx)) / (a * a) + ((y - cy) * (y - cy)) / (b * b) <= 1;
    case SDP_ELEMENT_DIAMOND:
      return a > 0 && b > 0 && fabs (x - cx) / a + fabs (y - cy) / b <= 1;
    case SDP_ELEMENT_CONTAINER:
      return x < element->x + reach || x > element->x + element->width - reach ||
             y < element->y + MAX (reach, 32) || y > element->y + element->height - reach;
    default:
      return TRUE;
    }
}

/**
 * sdp_element_outline_point:
 * @toward: a point outside (or inside) the element
 * @result: (out): where the line from the element's centre to @toward leaves the outline
 *
 * Where a bound connector touches the shape.
 */
void
sdp_element_outline_point (const SdpElement *element,
                           const SdpPoint   *toward,
                           SdpPoint         *result)
{
  double cx = element->x + element->width / 2, cy = element->y + element->height / 2;
  double dx = toward->x - cx, dy = toward->y - cy;
  double a = MAX (element->width / 2, 0.5), b = MAX (element->height / 2, 0.5);
  double t;

  if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
    {
      result->x = cx;
      result->y = cy - b;
      return;
    }

  switch (element->kind)
    {
    case SDP_ELEMENT_ELLIPSE:
      t = 1 / sqrt ((dx * dx) / (a * a) + (dy * dy) / (b * b));
      break;
    case SDP_ELEMENT_DIAMOND:
      t = 1 / (fabs (dx) / a + fabs (dy) / b);
      break;
    default:
      t = MIN (fabs (dx) > 1e-9 ? a / fabs (dx) : G_MAXDOUBLE, fabs (dy) > 1e-9 ? b / fabs (dy) : G_MAXDOUBLE);
      break;
    }
  /* A small gap so the arrowhead is not buried in the stroke. */
  t += 4 / hypot (dx, dy);
  result->x = cx + dx * t;
  result->y = cy + dy * t;
}

/* ---------------------------------------------------------------- the board */

struct _SdpBoard
{
  GObject     parent_instance;

  GPtrArray  *elements;   /* SdpElement, z-order */
  GHashTable *by_id;      /* id -> SdpElement (borrowed from elements) */
  guint64     next_id;
  JsonObject *extra;

  /* History: each entry is the element array as it was before a gesture. */
  GPtrArray  *undo;
  GPtrArray  *redo;
  GPtrArray  *snapshot;   /* taken when the outermost gesture began */
  int         depth;

  /* Spatial index, rebuilt on demand after edits. */
  gboolean    index_dirty;
  GHashTable *cells;      /* packed cell -> GPtrArray of SdpElement (borrowed) */
  GPtrArray  *oversized;  /* elements spanning too many cells to list */
  GHashTable *order;      /* SdpElement -> GUINT_TO_POINTER (z-index + 1) */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SdpBoard, sdp_board, G_TYPE_OBJECT)

static gpointer
ref_copy (gconstpointer element,
          gpointer      user_data)
{
  return sdp_element_ref ((SdpElement *) element);
}

static GPtrArray *
element_array_copy (GPtrArray *elements)
{
  return g_ptr_array_copy (elements, ref_copy, NULL);
}

static GPtrArray *
element_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_element_unref);
}

static void
rebuild_id_map (SdpBoard *self)
{
  guint i;

  g_hash_table_remove_all (self->by_id);
  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);

      g_hash_table_insert (self->by_id, element->id, element);
    }
}

static void
changed (SdpBoard *self)
{
  self->index_dirty = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sdp_board_finalize (GObject *object)
{
  SdpBoard *self = SDP_BOARD (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->elements);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_clear_pointer (&self->snapshot, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->oversized, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_hash_table_unref);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (sdp_board_parent_class)->finalize (object);
}

static void
sdp_board_class_init (SdpBoardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sdp_board_finalize;

  /**
   * SdpBoard::changed:
   *
   * The elements changed (an edit, an undo or a redo).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sdp_board_init (SdpBoard *self)
{
  self->elements = element_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->index_dirty = TRUE;
}

SdpBoard *
sdp_board_new (void)
{
  return g_object_new (SDP_TYPE_BOARD, NULL);
}

guint
sdp_board_get_n_elements (SdpBoard *self)
{
  return self->elements->len;
}

/**
 * sdp_board_get_element_at:
 * Returns: (transfer none): the element at z-position @index (0 = back)
 */
SdpElement *
sdp_board_get_element_at (SdpBoard *self,
                          guint     index)
{
  g_return_val_if_fail (index < self->elements->len, NULL);
  return g_ptr_array_index (self->elements, index);
}

/**
 * sdp_board_lookup:
 * Returns: (transfer none) (nullable): the element with @id
 */
SdpElement *
sdp_board_lookup (SdpBoard   *self,
                  const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* Ids are short, unique in the board, and never reused within a session. */
char *
sdp_board_new_id (SdpBoard *self)
{
  char *id = NULL;

  do
    {
      g_free (id);
      id = g_strdup_printf ("e%" G_GUINT64_FORMAT, ++self->next_id);
    }
  while (g_hash_table_contains (self->by_id, id));
  return id;
}

JsonObject *
sdp_board_get_extra (SdpBoard *self)
{
  return self->extra;
}

void
sdp_board_set_extra (SdpBoard   *self,
                     JsonObject *extra)
{
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra != NULL ? json_object_ref (extra) : NULL;
}

/* ---- history ---- */

void
sdp_board_begin (SdpBoard *self)
{
  if (self->depth++ == 0)
    self->snapshot = element_array_copy (self->elements);
}

static gboolean
same_elements (GPtrArray *a,
               GPtrArray *b)
{
  guint i;

  if (a->len != b->len)
    return FALSE;
  for (i = 0; i < a->len; i++)
    if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
      return FALSE;
  return TRUE;
}

void
sdp_board_commit (SdpBoard *self)
{
  g_return_if_fail (self->depth > 0);

  if (--self->depth > 0)
    return;
  if (!same_elements (self->snapshot, self->elements))
    {
      g_ptr_array_add (self->undo, g_steal_pointer (&self->snapshot));
      if (self->undo->len > HISTORY_LIMIT)
        g_ptr_array_remove_index (self->undo, 0);
      g_ptr_array_set_size (self->redo, 0);
    }
  g_clear_pointer (&self->snapshot, g_ptr_array_unref);
}

static void
restore (SdpBoard  *self,
         GPtrArray *from,
         GPtrArray *to)
{
  GPtrArray *state = g_ptr_array_steal_index (from, from->len - 1);

  g_ptr_array_add (to, self->elements);
  self->elements = state;
  rebuild_id_map (self);
  changed (self);
}

gboolean
sdp_board_undo (SdpBoard *self)
{
  if (self->undo->len == 0 || self->depth > 0)
    return FALSE;
  restore (self, self->undo, self->redo);
  return TRUE;
}

gboolean
sdp_board_redo (SdpBoard *self)
{
  if (self->redo->len == 0 || self->depth > 0)
    return FALSE;
  restore (self, self->redo, self->undo);
  return TRUE;
}

gboolean
sdp_board_can_undo (SdpBoard *self)
{
  return self->undo->len > 0;
}

gboolean
sdp_board_can_redo (SdpBoard *self)
{
  return self->redo->len > 0;
}

/* A board just opened from a file starts with nothing to undo. */
void
sdp_board_clear_history (SdpBoard *self)
{
  g_return_if_fail (self->depth == 0);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

/* ---- edits ---- */

static guint
index_of (SdpBoard   *self,
          SdpElement *element)
{
  guint index = 0;

  g_ptr_array_find (self->elements, element, &index);
  return index;
}

/* Puts @element (a new object, same id) where the old one was. Takes @element. */
static void
put (SdpBoard   *self,
     SdpElement *element)
{
  SdpElement *old = g_hash_table_lookup (self->by_id, element->id);

  if (old == NULL)
    {
      g_ptr_array_add (self->elements, element);
    }
  else
    {
      guint index = index_of (self, old);

      g_hash_table_remove (self->by_id, old->id);
      self->elements->pdata[index] = element;
      sdp_element_unref (old);
    }
  g_hash_table_insert (self->by_id, element->id, element);
}

static void
end_point_toward (SdpBoard         *self,
                  const SdpElement *connector,
                  gboolean          at_end,
                  SdpPoint         *point)
{
  const SdpBinding *binding = at_end ? &connector->end : &connector->start;
  SdpElement *target = sdp_board_lookup (self, binding->element_id);
  GArray *pts = connector->points;

  if (target != NULL)
    {
      point->x = target->x + binding->focus_x * target->width;
      point->y = target->y + binding->focus_y * target->height;
    }
  else
    *point = g_array_index (pts, SdpPoint, at_end ? pts->len - 1 : 0);
}

/* Recomputes the ends of a bound connector (on its shapes' outlines) and, for elbow routes,
 * the corners between them. Takes @connector (a private copy) and puts it in the board. */
static void
route (SdpBoard   *self,
       SdpElement *connector)
{
  SdpElement *start = sdp_board_lookup (self, connector->start.element_id);
  SdpElement *end = sdp_board_lookup (self, connector->end.element_id);
  GArray *pts = connector->points;
  SdpPoint from_ref, to_ref, from, to;

  end_point_toward (self, connector, FALSE, &from_ref);
  end_point_toward (self, connector, TRUE, &to_ref);

  from = from_ref;
  to = to_ref;
  if (start != NULL)
    sdp_element_outline_point (start, pts->len > 2 && connector->route == SDP_ROUTE_STRAIGHT && end == NULL
                                      ? &g_array_index (pts, SdpPoint, 1) : &to_ref, &from);
  if (end != NULL)
    sdp_element_outline_point (end, pts->len > 2 && connector->route == SDP_ROUTE_STRAIGHT && start == NULL
                                    ? &g_array_index (pts, SdpPoint, pts->len - 2) : &from_ref, &to);

  if (connector->route == SDP_ROUTE_ELBOW)
    {
      SdpPoint corner_a, corner_b;

      g_array_set_size (pts, 0);
      g_array_append_val (pts, from);
      if (fabs (to.x - from.x) >= fabs (to.y - from.y))
        {
          corner_a = (SdpPoint) { (from.x + to.x) / 2, from.y };
          corner_b = (SdpPoint) { (from.x + to.x) / 2, to.y };
        }
      else
        {
          corner_a = (SdpPoint) { from.x, (from.y + to.y) / 2 };
          corner_b = (SdpPoint) { to.x, (from.y + to.y) / 2 };
        }
      g_array_append_val (pts, corner_a);
      g_array_append_val (pts, corner_b);
      g_array_append_val (pts, to);
    }
  else
    {
      g_array_index (pts, SdpPoint, 0) = from;
      g_array_index (pts, SdpPoint, pts->len - 1) = to;
    }
  sdp_element_update_box (connector);
  put (self, connector);
}

static gboolean
bound_to (const SdpElement *connector,
          GHashTable       *ids)
{
  return (connector->start.element_id != NULL && g_hash_table_contains (ids, connector->start.element_id)) ||
         (connector->end.element_id != NULL && g_hash_table_contains (ids, connector->end.element_id));
}

/* Every connector bound to one of @ids (and not itself in @skip) follows its shapes. */
static void
reroute_bound (SdpBoard   *self,
               GHashTable *ids,
               GHashTable *skip)
{
  g_autoptr(GPtrArray) connectors = g_ptr_array_new ();
  guint i;

  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);

      if (sdp_element_is_connector (element) && bound_to (element, ids) &&
          (skip == NULL || !g_hash_table_contains (skip, element->id)))
        g_ptr_array_add (connectors, element);
    }
  for (i = 0; i < connectors->len; i++)
    route (self, sdp_element_copy (g_ptr_array_index (connectors, i)));
}

static GHashTable *
id_set (const char * const *ids)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  guint i;

  for (i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (set, (char *) ids[i]);
  return set;
}

/**
 * sdp_board_add:
 * @element: (transfer full): a new element; given an id if it has none
 */
void
sdp_board_add (SdpBoard   *self,
               SdpElement *element)
{
  g_return_if_fail (SDP_IS_BOARD (self));

  if (element->id == NULL || g_hash_table_contains (self->by_id, element->id))
    {
      g_free (element->id);
      element->id = sdp_board_new_id (self);
    }
  sdp_board_begin (self);
  g_ptr_array_add (self->elements, element);
  g_hash_table_insert (self->by_id, element->id, element);
  if (sdp_element_is_connector (element) && (element->start.element_id != NULL || element->end.element_id != NULL))
    route (self, sdp_element_copy (element));
  sdp_board_commit (self);
  changed (self);
}

/**
 * sdp_board_replace:
 * @element: (transfer full): a changed copy of an element of the board (same id)
 */
void
sdp_board_replace (SdpBoard   *self,
                   SdpElement *element)
{
  g_autoptr(GHashTable) ids = NULL;

  g_return_if_fail (SDP_IS_BOARD (self));
  g_return_if_fail (g_hash_table_contains (self->by_id, element->id));

  sdp_board_begin (self);
  if (sdp_element_is_connector (element) && (element->start.element_id != NULL || element->end.element_id != NULL))
    route (self, element);
  else
    put (self, element);
  /* The element now in the board owns the id string the set borrows. */
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (ids, ((SdpElement *) g_hash_table_lookup (self->by_id, element->id))->id);
  reroute_bound (self, ids, NULL);
  sdp_board_commit (self);
  changed (self);
}

/* Removes an element; connectors bound to it keep their place but lose the binding. */
gboolean
sdp_board_remove (SdpBoard   *self,
                  const char *id)
{
  SdpElement *element = sdp_board_lookup (self, id);
  g_autoptr(GPtrArray) unbind = g_ptr_array_new ();
  guint i;

  if (element == NULL)
    return FALSE;

  sdp_board_begin (self);
  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *other = g_ptr_array_index (self->elements, i);

      if (g_strcmp0 (other->start.element_id, id) == 0 || g_strcmp0 (other->end.element_id, id) == 0)
        g_ptr_array_add (unbind, other);
    }
  for (i = 0; i < unbind->len; i++)
    {
      SdpElement *copy = sdp_element_copy (g_ptr_array_index (unbind, i));

      if (g_strcmp0 (copy->start.element_id, id) == 0)
        g_clear_pointer (&copy->start.element_id, g_free);
      if (g_strcmp0 (copy->end.element_id, id) == 0)
        g_clear_pointer (&copy->end.element_id, g_free);
      put (self, copy);
    }
  element = sdp_board_lookup (self, id);
  g_hash_table_remove (self->by_id, id);
  g_ptr_array_remove (self->elements, element);
  sdp_board_commit (self);
  changed (self);
  return TRUE;
}

/* Moves elements (and whole groups they belong to); connectors bound to them follow. Locked
 * elements stay where they are. */
void
sdp_board_move (SdpBoard           *self,
                const char * const *ids,
                double              dx,
                double              dy)
{
  g_autoptr(GHashTable) moved = id_set (ids);
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint i;

  if (ids == NULL || ids[0] == NULL)
    return;

  sdp_board_begin (self);
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SdpElement *element = sdp_board_lookup (self, key);

      if (element != NULL && !element->locked)
        g_ptr_array_add (targets, element);
    }
  for (i = 0; i < targets->len; i++)
    {
      SdpElement *copy = sdp_element_copy (g_ptr_array_index (targets, i));

      sdp_element_translate (copy, dx, dy);
      put (self, copy);
    }
  reroute_bound (self, moved, moved);
  sdp_board_commit (self);
  changed (self);
}

void
sdp_board_resize (SdpBoard      *self,
                  const char    *id,
                  const SdpRect *box)
{
  SdpElement *element = sdp_board_lookup (self, id);
  g_autoptr(GHashTable) ids = NULL;
  SdpElement *copy;

  if (element == NULL || element->locked || sdp_element_is_connector (element))
    return;

  sdp_board_begin (self);
  copy = sdp_element_copy (element);
  if (copy->stroke != NULL && element->width > 0 && element->height > 0)
    {
      /* A stroke scales with its box. */
      guint i;

      for (i = 0; i < copy->stroke->len; i++)
        {
          SdpStrokePoint *p = &g_array_index (copy->stroke, SdpStrokePoint, i);

          p->x = box->x + (p->x - element->x) * box->width / element->width;
          p->y = box->y + (p->y - element->y) * box->height / element->height;
        }
    }
  copy->x = box->x;
  copy->y = box->y;
  copy->width = MAX (box->width, 1);
  copy->height = MAX (box->height, 1);
  put (self, copy);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (ids, (char *) id);
  reroute_bound (self, ids, NULL);
  sdp_board_commit (self);
  changed (self);
}

void
sdp_board_set_label (SdpBoard   *self,
                     const char *id,
                     const char *label)
{
  SdpElement *element = sdp_board_lookup (self, id);
  SdpElement *copy;

  /* An empty label is no label: closing an untouched editor must not add an undo step. */
  if (label != NULL && *label == '\0')
    label = NULL;
  if (element == NULL || g_strcmp0 (element->label, label) == 0)
    return;
  sdp_board_begin (self);
  copy = sdp_element_copy (element);
  g_free (copy->label);
  copy->label = g_strdup (label);
  put (self, copy);
  sdp_board_commit (self);
  changed (self);
}

static void
reorder (SdpBoard           *self,
         const char * const *ids,
         gboolean            up,
         gboolean            all_the_way)
{
  g_autoptr(GHashTable) set = id_set (ids);
  g_autoptr(GPtrArray) picked = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  GPtrArray *order;
  guint i;

  sdp_board_begin (self);
  if (all_the_way)
    {
      for (i = 0; i < self->elements->len; i++)
        {
          SdpElement *e = g_ptr_array_index (self->elements, i);

          g_ptr_array_add (g_hash_table_contains (set, e->id) ? picked : rest, e);
        }
      order = g_ptr_array_new_full (self->elements->len, NULL);
      g_ptr_array_extend (order, up ? rest : picked, NULL, NULL);
      g_ptr_array_extend (order, up ? picked : rest, NULL, NULL);
      for (i = 0; i < order->len; i++)
        self->elements->pdata[i] = g_ptr_array_index (order, i);
      g_ptr_array_unref (order);
    }
  else
    {
      /* One step: swap each chosen element with its neighbour, walking against the motion. */
      gint n = (gint) self->elements->len, k;

      for (k = up ? n - 2 : 1; up ? k >= 0 : k < n; k += up ? -1 : 1)
        {
          SdpElement *e = g_ptr_array_index (self->elements, k);
          gint other = up ? k + 1 : k - 1;

          if (g_hash_table_contains (set, e->id) &&
              !g_hash_table_contains (set, ((SdpElement *) g_ptr_array_index (self->elements, other))->id))
            {
              self->elements->pdata[k] = self->elements->pdata[other];
              self->elements->pdata[other] = e;
            }
        }
    }
  /* The array changed in place: make the snapshot differ by giving the history a fresh array. */
  {
    GPtrArray *fresh = element_array_copy (self->elements);

    g_ptr_array_unref (self->elements);
    self->elements = fresh;
  }
  sdp_board_commit (self);
  changed (self);
}

void
sdp_board_raise (SdpBoard           *self,
                 const char * const *ids,
                 gboolean            to_top)
{
  reorder (self, ids, TRUE, to_top);
}

void
sdp_board_lower (SdpBoard           *self,
                 const char * const *ids,
                 gboolean            to_bottom)
{
  reorder (self, ids, FALSE, to_bottom);
}

static void
set_group (SdpBoard           *self,
           const char * const *ids,
           const char         *group)
{
  guint i;

  sdp_board_begin (self);
  for (i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      SdpElement *element = sdp_board_lookup (self, ids[i]);
      SdpElement *copy;

      if (element == NULL)
        continue;
      copy = sdp_element_copy (element);
      g_free (copy->group_id);
      copy->group_id = g_strdup (group);
      put (self, copy);
    }
  sdp_board_commit (self);
  changed (self);
}

/**
 * sdp_board_group:
 * Returns: (transfer full): the new group's id
 */
char *
sdp_board_group (SdpBoard           *self,
                 const char * const *ids)
{
  char *group = sdp_board_new_id (self);

  set_group (self, ids, group);
  return group;
}

void
sdp_board_ungroup (SdpBoard           *self,
                   const char * const *ids)
{
  set_group (self, ids, NULL);
}

/**
 * sdp_board_duplicate:
 *
 * Copies elements, offset by (@dx, @dy), on top. Bindings between copied elements are kept
 * (to the copies); bindings to anything else are dropped.
 *
 * Returns: (transfer full): the new ids
 */
char **
sdp_board_duplicate (SdpBoard           *self,
                     const char * const *ids,
                     double              dx,
                     double              dy)
{
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) copies = g_ptr_array_new ();
  GStrvBuilder *result = g_strv_builder_new ();
  g_autofree char *group = NULL;
  guint i;

  sdp_board_begin (self);
  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);

      if (g_strv_contains (ids, element->id))
        g_hash_table_insert (renamed, element->id, sdp_board_new_id (self));
    }
  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);
      const char *new_id = g_hash_table_lookup (renamed, element->id);
      SdpElement *copy;

      if (new_id == NULL)
        continue;
      copy = sdp_element_copy (element);
      g_free (copy->id);
      copy->id = g_strdup (new_id);
      sdp_element_translate (copy, dx, dy);
      if (copy->group_id != NULL)
        {
          if (group == NULL)
            group = sdp_board_new_id (self);
          g_free (copy->group_id);
          copy->group_id = g_strdup (group);
        }
      for (guint end = 0; end < 2; end++)
        {
          SdpBinding *binding = end ? &copy->end : &copy->start;
          const char *target = binding->element_id != NULL ? g_hash_table_lookup (renamed, binding->element_id) : NULL;

          g_free (binding->element_id);
          binding->element_id = g_strdup (target);
        }
      copy->locked = FALSE;
      g_ptr_array_add (copies, copy);
    }
  for (i = 0; i < copies->len; i++)
    {
      SdpElement *copy = g_ptr_array_index (copies, i);

      g_strv_builder_add (result, copy->id);
      put (self, copy);
    }
  sdp_board_commit (self);
  changed (self);
  return g_strv_builder_end (result);
}

/* Binds one end of a connector to a shape (or frees it with @element_id NULL). */
void
sdp_board_bind (SdpBoard   *self,
                const char *connector_id,
                gboolean    at_end,
                const char *element_id)
{
  SdpElement *connector = sdp_board_lookup (self, connector_id);
  SdpElement *target = sdp_board_lookup (self, element_id);
  SdpElement *copy;
  SdpBinding *binding;

  if (connector == NULL || !sdp_element_is_connector (connector) ||
      (element_id != NULL && (target == NULL || !sdp_element_is_shape (target))))
    return;

  sdp_board_begin (self);
  copy = sdp_element_copy (connector);
  binding = at_end ? &copy->end : &copy->start;
  g_free (binding->element_id);
  binding->element_id = g_strdup (element_id);
  binding->focus_x = binding->focus_y = 0.5;
  route (self, copy);
  sdp_board_commit (self);
  changed (self);
}

void
sdp_board_reroute (SdpBoard   *self,
                   const char *connector_id)
{
  SdpElement *connector = sdp_board_lookup (self, connector_id);

  if (connector == NULL || !sdp_element_is_connector (connector))
    return;
  sdp_board_begin (self);
  route (self, sdp_element_copy (connector));
  sdp_board_commit (self);
  changed (self);
}

/* ---- spatial index ---- */

static gint64
cell_key (gint64 cx,
          gint64 cy)
{
  return (gint64) (((guint64) cx << 32) ^ ((guint64) cy & 0xffffffff));
}

static void
ensure_index (SdpBoard *self)
{
  guint i;

  if (!self->index_dirty)
    return;

  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->oversized, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_hash_table_unref);
  self->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->oversized = g_ptr_array_new ();
  self->order = g_hash_table_new (NULL, NULL);

  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);
      SdpRect b;
      gint64 x0, y0, x1, y1, cx, cy;

      g_hash_table_insert (self->order, element, GUINT_TO_POINTER (i + 1));
      sdp_element_get_bounds (element, &b);
      x0 = (gint64) floor (b.x / GRID_CELL);
      y0 = (gint64) floor (b.y / GRID_CELL);
      x1 = (gint64) floor ((b.x + b.width) / GRID_CELL);
      y1 = (gint64) floor ((b.y + b.height) / GRID_CELL);
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS)
        {
          g_ptr_array_add (self->oversized, element);
          continue;
        }
      for (cx = x0; cx <= x1; cx++)
        for (cy = y0; cy <= y1; cy++)
          {
            gint64 key = cell_key (cx, cy);
            GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

            if (cell == NULL)
              {
                cell = g_ptr_array_new ();
                g_hash_table_insert (self->cells, g_memdup2 (&key, sizeof key), cell);
              }
            g_ptr_array_add (cell, element);
          }
    }
  self->index_dirty = FALSE;
}

static gboolean
rects_intersect (const SdpRect *a,
                 const SdpRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

static int
by_order (gconstpointer a,
          gconstpointer b,
          gpointer      user_data)
{
  GHashTable *order = user_data;
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (order, *(gpointer *) a));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (order, *(gpointer *) b));

  return (x > y) - (x < y);
}

/**
 * sdp_board_query_rect:
 *
 * Returns: (transfer container) (element-type SdpElement): the elements whose bounds meet
 *   @rect, in z-order (back first)
 */
GPtrArray *
sdp_board_query_rect (SdpBoard      *self,
                      const SdpRect *rect)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *result = g_ptr_array_new ();
  gint64 x0, y0, x1, y1, cx, cy;
  guint i;

  ensure_index (self);

  /* A very large query (the whole board in view) is cheaper as one pass over everything. */
  x0 = (gint64) floor (rect->x / GRID_CELL);
  y0 = (gint64) floor (rect->y / GRID_CELL);
  x1 = (gint64) floor ((rect->x + rect->width) / GRID_CELL);
  y1 = (gint64) floor ((rect->y + rect->height) / GRID_CELL);
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > (gint64) g_hash_table_size (self->cells))
    {
      for (i = 0; i < self->elements->len; i++)
        {
          SdpElement *element = g_ptr_array_index (self->elements, i);
          SdpRect b;

          sdp_element_get_bounds (element, &b);
          if (rects_intersect (&b, rect))
            g_ptr_array_add (result, element);
        }
      return result;
    }

  for (cx = x0; cx <= x1; cx++)
    for (cy = y0; cy <= y1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        for (i = 0; cell != NULL && i < cell->len; i++)
          g_hash_table_add (seen, g_ptr_array_index (cell, i));
      }
  for (i = 0; i < self->oversized->len; i++)
    g_hash_table_add (seen, g_ptr_array_index (self->oversized, i));

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        SdpRect b;

        sdp_element_get_bounds (key, &b);
        if (rects_intersect (&b, rect))
          g_ptr_array_add (result, key);
      }
  }
  g_ptr_array_sort_with_data (result, by_order, self->order);
  return result;
}

/**
 * sdp_board_hit_test:
 *
 * Returns: (transfer none) (nullable): the topmost element under (@x, @y)
 */
SdpElement *
sdp_board_hit_test (SdpBoard *self,
                    double    x,
                    double    y,
                    double    tolerance)
{
  SdpRect probe = { x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance };
  g_autoptr(GPtrArray) candidates = sdp_board_query_rect (self, &probe);
  guint i;

  for (i = candidates->len; i > 0; i--)
    {
      SdpElement *element = g_ptr_array_index (candidates, i - 1);

      if (sdp_element_contains_point (element, x, y, tolerance))
        return element;
    }
  return NULL;
}

void
sdp_board_get_bounds (SdpBoard *self,
                      SdpRect  *bounds)
{
  if (!sdp_board_get_bounds_of (self, NULL, bounds))
    *bounds = (SdpRect) { 0, 0, 0, 0 };
}

/**
 * sdp_board_get_bounds_of:
 * @only_ids: (nullable): a set of ids (char *) to measure, or %NULL for every element
 *
 * Returns: %FALSE, leaving @bounds alone, when no element was measured
 */
gboolean
sdp_board_get_bounds_of (SdpBoard   *self,
                         GHashTable *only_ids,
                         SdpRect    *bounds)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  gboolean any = FALSE;
  guint i;

  for (i = 0; i < self->elements->len; i++)
    {
      SdpElement *element = g_ptr_array_index (self->elements, i);
      SdpRect b;

      if (only_ids != NULL && !g_hash_table_contains (only_ids, element->id))
        continue;
      sdp_element_get_bounds (element, &b);
      x0 = MIN (x0, b.x);
      y0 = MIN (y0, b.y);
      x1 = MAX (x1, b.x + b.width);
      y1 = MAX (y1, b.y + b.height);
      any = TRUE;
    }
  if (any)
    *bounds = (SdpRect) { x0, y0, x1 - x0, y1 - y0 };
  return any;
}

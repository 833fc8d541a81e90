/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-board-excalidraw.h"

#include <math.h>
#include <string.h>

#include "sdp-board-io.h"

#include "sdp-board-render.h"

#define TEXT_FAMILY_HELVETICA 2   /* Excalidraw's clean sans font, closest to ours */
#define TEXT_LINE_HEIGHT      1.25
#define BINDING_GAP           5.0
#define LABEL_INSET           8.0

static char *
hex_colour (SdpColor color,
            gboolean fill)
{
  double rgb[3];

  sdp_board_palette_rgb (color, FALSE, fill, rgb);
  return g_strdup_printf ("#%02x%02x%02x", (int) lround (rgb[0] * 255), (int) lround (rgb[1] * 255),
                          (int) lround (rgb[2] * 255));
}

/* Excalidraw redraws its sketchy strokes from a seed; a seed derived from the id keeps an
 * exported element looking the same each time it is exported. */
static gint64
seed_for (const char *id,
          const char *salt)
{
  g_autofree char *text = g_strconcat (id, salt, NULL);

  return (gint64) (g_str_hash (text) & 0x7fffffff);
}

static gboolean
exported (GHashTable *only,
          const char *id)
{
  return only == NULL || (id != NULL && g_hash_table_contains (only, id));
}

static const char *
excalidraw_type (const SdpElement *element)
{
  switch (element->kind)
    {
    case SDP_ELEMENT_ELLIPSE: return "ellipse";
    case SDP_ELEMENT_DIAMOND: return "diamond";
    case SDP_ELEMENT_TEXT: return "text";
    case SDP_ELEMENT_LINE: return "line";
    case SDP_ELEMENT_ARROW: return "arrow";
    case SDP_ELEMENT_FREEHAND: return "freedraw";
    default: return "rectangle";
    }
}

/* The fields every Excalidraw element carries. */
static void
add_common (JsonBuilder      *builder,
            const SdpElement *element,
            const char       *id,
            const char       *type,
            double            x,
            double            y,
            double            width,
            double            height)
{
  g_autofree char *stroke = hex_colour (element->stroke_color, FALSE);
  g_autofree char *fill = element->fill == SDP_FILL_SOLID ? hex_colour (element->fill_color, TRUE) : NULL;
  gboolean rounded = element->kind == SDP_ELEMENT_ROUNDED_RECTANGLE || element->kind >= SDP_ELEMENT_CLIENT;

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, y);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, height);
  json_builder_set_member_name (builder, "angle");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "strokeColor");
  json_builder_add_string_value (builder, stroke);
  json_builder_set_member_name (builder, "backgroundColor");
  json_builder_add_string_value (builder, fill != NULL && !g_str_equal (type, "text") ? fill : "transparent");
  json_builder_set_member_name (builder, "fillStyle");
  json_builder_add_string_value (builder, "solid");
  json_builder_set_member_name (builder, "strokeWidth");
  json_builder_add_double_value (builder, element->stroke_width);
  json_builder_set_member_name (builder, "strokeStyle");
  json_builder_add_string_value (builder, element->dash == SDP_DASH_DASHED ? "dashed"
                                          : element->dash == SDP_DASH_DOTTED ? "dotted" : "solid");
  json_builder_set_member_name (builder, "roughness");
  json_builder_add_int_value (builder, 0);   /* "architect": clean lines, like ours */
  json_builder_set_member_name (builder, "opacity");
  json_builder_add_int_value (builder, 100);
  json_builder_set_member_name (builder, "roundness");
  if (rounded && g_str_equal (type, "rectangle"))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_int_value (builder, 3);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, seed_for (id, "seed"));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "versionNonce");
  json_builder_add_int_value (builder, seed_for (id, "nonce"));
  json_builder_set_member_name (builder, "isDeleted");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "groupIds");
  json_builder_begin_array (builder);
  if (element->group_id != NULL)
    json_builder_add_string_value (builder, element->group_id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "frameId");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "link");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "locked");
  json_builder_add_boolean_value (builder, element->locked);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, 1);
}

static void
add_points (JsonBuilder *builder,
            const char  *name,
            GArray      *points,
            gsize        stride,
            double       x0,
            double       y0)
{
  guint i;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (i = 0; i < points->len; i++)
    {
      const double *p = (const double *) (points->data + i * stride);

      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, p[0] - x0);
      json_builder_add_double_value (builder, p[1] - y0);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static void
add_binding (JsonBuilder      *builder,
             const char       *name,
             const SdpBinding *binding,
             GHashTable       *only)
{
  json_builder_set_member_name (builder, name);
  if (binding->element_id == NULL || !exported (only, binding->element_id))
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "elementId");
  json_builder_add_string_value (builder, binding->element_id);
  json_builder_set_member_name (builder, "focus");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "gap");
  json_builder_add_double_value (builder, BINDING_GAP);
  json_builder_set_member_name (builder, "fixedPoint");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, binding->focus_x);
  json_builder_add_double_value (builder, binding->focus_y);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static char *
label_id (const SdpElement *element)
{
  return g_strconcat (element->id, "-label", NULL);
}

/* What a shape shows as its text: its label, or for an unlabelled architecture shape its kind. */
static const char *
shown_label (const SdpElement *element)
{
  if (element->label != NULL)
    return element->label;
  if (element->kind >= SDP_ELEMENT_CLIENT && element->kind != SDP_ELEMENT_CONTAINER)
    return sdp_element_kind_caption (element->kind);
  return NULL;
}

static void
add_text_fields (JsonBuilder *builder,
                 const char  *text,
                 double       font_size,
                 const char  *align,
                 const char  *container_id)
{
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "originalText");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "fontSize");
  json_builder_add_double_value (builder, font_size);
  json_builder_set_member_name (builder, "fontFamily");
  json_builder_add_int_value (builder, TEXT_FAMILY_HELVETICA);
  json_builder_set_member_name (builder, "textAlign");
  json_builder_add_string_value (builder, align);
  json_builder_set_member_name (builder, "verticalAlign");
  json_builder_add_string_value (builder, container_id != NULL ? "middle" : "top");
  json_builder_set_member_name (builder, "containerId");
  if (container_id != NULL)
    json_builder_add_string_value (builder, container_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "autoResize");
  json_builder_add_boolean_value (builder, container_id == NULL);
  json_builder_set_member_name (builder, "lineHeight");
  json_builder_add_double_value (builder, TEXT_LINE_HEIGHT);
}

/* A shape's or an arrow's label as a text element bound to it, centred where we draw it. */
static void
add_bound_label (JsonBuilder      *builder,
                 const SdpElement *element,
                 const char       *text)
{
  g_autofree char *id = label_id (element);
  gboolean connector = sdp_element_is_connector (element);
  double wrap = connector ? 0 : MAX (element->width - 2 * LABEL_INSET, 1);
  double width, height, cx, cy;

  sdp_board_measure_text (text, element->font_size, wrap, &width, &height);
  if (connector)
    {
      const SdpPoint *a = &g_array_index (element->points, SdpPoint, element->points->len / 2 - (element->points->len % 2 == 0));
      const SdpPoint *b = &g_array_index (element->points, SdpPoint, element->points->len / 2);

      cx = (a->x + b->x) / 2;
      cy = (a->y + b->y) / 2;
    }
  else
    {
      cx = element->x + element->width / 2;
      cy = element->y + element->height / 2;
    }
  json_builder_begin_object (builder);
  add_common (builder, element, id, "text", cx - width / 2, cy - height / 2, width, height);
  add_text_fields (builder, text, element->font_size, "center", element->id);
  json_builder_set_member_name (builder, "boundElements");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_element (JsonBuilder      *builder,
             const SdpElement *element,
             GHashTable       *only,
             GHashTable       *arrows_by_shape)
{
  const char *type = excalidraw_type (element);
  gboolean placeable = !sdp_element_is_connector (element) || (element->points != NULL && element->points->len >= 2);
  const char *label = element->kind == SDP_ELEMENT_TEXT || !placeable ? NULL : shown_label (element);
  GPtrArray *arrows = g_hash_table_lookup (arrows_by_shape, element->id);

  json_builder_begin_object (builder);
  if (element->kind == SDP_ELEMENT_FREEHAND || sdp_element_is_connector (element))
    {
      GArray *points = element->kind == SDP_ELEMENT_FREEHAND ? element->stroke : element->points;
      gsize stride = element->kind == SDP_ELEMENT_FREEHAND ? sizeof (SdpStrokePoint) : sizeof (SdpPoint);
      /* Excalidraw keeps points relative to (x, y), the first one at the origin. A stroke
       * still being drawn may have no point yet. */
      gboolean has_points = points != NULL && points->len > 0;
      double x0 = has_points ? ((const double *) points->data)[0] : element->x;
      double y0 = has_points ? ((const double *) points->data)[1] : element->y;

      add_common (builder, element, element->id, type, x0, y0, element->width, element->height);
      if (has_points)
        add_points (builder, "points", points, stride, x0, y0);
      else
        {
          json_builder_set_member_name (builder, "points");
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
    }
  else
    add_common (builder, element, element->id, type, element->x, element->y, element->width, element->height);

  if (element->kind == SDP_ELEMENT_FREEHAND)
    {
      guint i;

      json_builder_set_member_name (builder, "pressures");
      json_builder_begin_array (builder);
      for (i = 0; element->stroke != NULL && i < element->stroke->len; i++)
        json_builder_add_double_value (builder, g_array_index (element->stroke, SdpStrokePoint, i).pressure);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "simulatePressure");
      json_builder_add_boolean_value (builder, FALSE);
    }
  else if (sdp_element_is_connector (element))
    {
      json_builder_set_member_name (builder, "startArrowhead");
      if (element->kind == SDP_ELEMENT_ARROW && element->start_arrowhead)
        json_builder_add_string_value (builder, "arrow");
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "endArrowhead");
      if (element->kind == SDP_ELEMENT_ARROW && element->end_arrowhead)
        json_builder_add_string_value (builder, "arrow");
      else
        json_builder_add_null_value (builder);
      add_binding (builder, "startBinding", &element->start, only);
      add_binding (builder, "endBinding", &element->end, only);
    }
  else if (element->kind == SDP_ELEMENT_TEXT)
    add_text_fields (builder, element->label != NULL ? element->label : "", element->font_size, "left", NULL);

  /* Shapes and arrows list what is bound to them: their label, and arrows ending on them. */
  json_builder_set_member_name (builder, "boundElements");
  if (label == NULL && arrows == NULL)
    json_builder_add_null_value (builder);
  else
    {
      guint i;

      json_builder_begin_array (builder);
      if (label != NULL)
        {
          g_autofree char *id = label_id (element);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "text");
          json_builder_end_object (builder);
        }
      for (i = 0; arrows != NULL && i < arrows->len; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, g_ptr_array_index (arrows, i));
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "arrow");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "customData");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sdpKind");
  json_builder_add_string_value (builder, sdp_element_kind_to_string (element->kind));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (label != NULL)
    add_bound_label (builder, element, label);
}

/* Which exported arrows end on each exported shape (a shape lists them in boundElements). */
static GHashTable *
arrows_by_shape_new (SdpBoard   *board,
                     GHashTable *only)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  guint i;

  for (i = 0; i < sdp_board_get_n_elements (board); i++)
    {
      SdpElement *element = sdp_board_get_element_at (board, i);
      const char *ends[2];
      guint k;

      if (!sdp_element_is_connector (element) || !exported (only, element->id))
        continue;
      ends[0] = element->start.element_id;
      ends[1] = element->end.element_id;
      for (k = 0; k < 2; k++)
        {
          GPtrArray *list;

          if (ends[k] == NULL || !exported (only, ends[k]) || (k == 1 && g_strcmp0 (ends[0], ends[1]) == 0))
            continue;
          if ((list = g_hash_table_lookup (map, ends[k])) == NULL)
            g_hash_table_insert (map, (gpointer) ends[k], (list = g_ptr_array_new ()));
          g_ptr_array_add (list, element->id);
        }
    }
  return map;
}

char *
sdp_board_export_excalidraw (SdpBoard           *board,
                             const char * const *only_ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) only = NULL;
  g_autoptr(GHashTable) arrows_by_shape = NULL;
  double background[3];
  g_autofree char *background_hex = NULL;
  guint i, n = 0;

  g_return_val_if_fail (SDP_IS_BOARD (board), NULL);

  if (only_ids != NULL)
    {
      only = g_hash_table_new (g_str_hash, g_str_equal);
      for (i = 0; only_ids[i] != NULL; i++)
        g_hash_table_add (only, (gpointer) only_ids[i]);
    }
  arrows_by_shape = arrows_by_shape_new (board, only);
  sdp_board_background_rgb (FALSE, background);
  background_hex = g_strdup_printf ("#%02x%02x%02x", (int) lround (background[0] * 255),
                                    (int) lround (background[1] * 255), (int) lround (background[2] * 255));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "excalidraw");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 2);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "io.github.sdprep.SystemDesignPrep");
  json_builder_set_member_name (builder, "elements");
  json_builder_begin_array (builder);
  for (i = 0; i < sdp_board_get_n_elements (board); i++)
    {
      SdpElement *element = sdp_board_get_element_at (board, i);

      if (!exported (only, element->id))
        continue;
      add_element (builder, element, only, arrows_by_shape);
      n++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "appState");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "viewBackgroundColor");
  json_builder_add_string_value (builder, background_hex);
  json_builder_set_member_name (builder, "gridSize");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (n == 0)
    return NULL;
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* ---------------------------------------------------------------- import */

/* What an importer accepts per element: Excalidraw files come from many versions and tools,
 * so anything it cannot read safely is skipped (and counted), never guessed at. */
#define MAX_POINTS 100000

static gboolean
finite_coord (double value)
{
  return isfinite (value) && fabs (value) <= SDP_ELEMENT_MAX_COORD;
}

static double
number_member (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* "#rgb" or "#rrggbb" → 0..1 components. */
static gboolean
parse_hex (const char *text,
           double      rgb[3])
{
  guint i, len;

  if (text == NULL || text[0] != '#')
    return FALSE;
  len = (guint) strlen (text + 1);
  if (len != 3 && len != 6)
    return FALSE;
  for (i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (text[1 + (len == 3 ? i : 2 * i)]);
      int lo = g_ascii_xdigit_value (text[1 + (len == 3 ? i : 2 * i + 1)]);

      if (hi < 0 || lo < 0)
        return FALSE;
      rgb[i] = (len == 3 ? hi * 17 : hi * 16 + lo) / 255.0;
    }
  return TRUE;
}

/* Our palette entry closest to a CSS colour (by distance in RGB), among strokes or fills. */
static SdpColor
nearest_colour (const char *text,
                gboolean    fill,
                SdpColor    fallback)
{
  double want[3], best_distance = G_MAXDOUBLE;
  SdpColor best = fallback, c;

  if (!parse_hex (text, want))
    return fallback;
  for (c = 0; c < SDP_N_COLORS; c++)
    {
      double have[3], d;

      sdp_board_palette_rgb (c, FALSE, fill, have);
      d = (want[0] - have[0]) * (want[0] - have[0]) + (want[1] - have[1]) * (want[1] - have[1]) +
          (want[2] - have[2]) * (want[2] - have[2]);
      if (d < best_distance)
        {
          best_distance = d;
          best = c;
        }
    }
  return best;
}

/* Relative points [[dx, dy], ...] made absolute; NULL if any is unreadable. */
static GArray *
read_points (JsonObject *object,
             double      x,
             double      y,
             JsonArray  *pressures)
{
  JsonArray *points = array_member (object, "points");
  GArray *out;
  guint i, n;

  if (points == NULL || (n = json_array_get_length (points)) == 0 || n > MAX_POINTS)
    return NULL;
  out = g_array_sized_new (FALSE, FALSE, pressures != NULL ? sizeof (SdpStrokePoint) : sizeof (SdpPoint), n);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (points, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonNode *px = pair != NULL && json_array_get_length (pair) >= 2 ? json_array_get_element (pair, 0) : NULL;
      JsonNode *py = pair != NULL && json_array_get_length (pair) >= 2 ? json_array_get_element (pair, 1) : NULL;
      double ax, ay;

      if (px == NULL || py == NULL || !JSON_NODE_HOLDS_VALUE (px) || !JSON_NODE_HOLDS_VALUE (py) ||
          json_node_get_value_type (px) == G_TYPE_STRING || json_node_get_value_type (py) == G_TYPE_STRING ||
          !finite_coord (ax = x + json_node_get_double (px)) || !finite_coord (ay = y + json_node_get_double (py)))
        {
          g_array_unref (out);
          return NULL;
        }
      if (pressures != NULL)
        {
          JsonNode *pn = i < json_array_get_length (pressures) ? json_array_get_element (pressures, i) : NULL;
          double pressure = pn != NULL && JSON_NODE_HOLDS_VALUE (pn) && json_node_get_value_type (pn) != G_TYPE_STRING
                            ? json_node_get_double (pn) : 0.5;
          SdpStrokePoint point = { ax, ay, isfinite (pressure) ? CLAMP (pressure, 0, 1) : 0.5 };

          g_array_append_val (out, point);
        }
      else
        {
          SdpPoint point = { ax, ay };

          g_array_append_val (out, point);
        }
    }
  return out;
}

static void
read_style (SdpElement *element,
            JsonObject *object)
{
  const char *background = string_member (object, "backgroundColor");
  const char *style = string_member (object, "strokeStyle");
  JsonArray *groups = array_member (object, "groupIds");
  JsonNode *locked = json_object_get_member (object, "locked");
  double width = number_member (object, "strokeWidth", 2);

  element->stroke_color = nearest_colour (string_member (object, "strokeColor"), FALSE, SDP_COLOR_INK);
  if (background != NULL && !g_str_equal (background, "transparent"))
    {
      element->fill = SDP_FILL_SOLID;
      element->fill_color = nearest_colour (background, TRUE, element->fill_color);
    }
  element->stroke_width = isfinite (width) ? CLAMP (width, 0.5, 1000) : 2;
  element->dash = g_strcmp0 (style, "dashed") == 0 ? SDP_DASH_DASHED
                  : g_strcmp0 (style, "dotted") == 0 ? SDP_DASH_DOTTED : SDP_DASH_SOLID;
  /* Excalidraw lists groups deepest first; the outermost keeps a nested group together. */
  if (groups != NULL && json_array_get_length (groups) > 0)
    {
      JsonNode *outer = json_array_get_element (groups, json_array_get_length (groups) - 1);

      if (JSON_NODE_HOLDS_VALUE (outer) && json_node_get_value_type (outer) == G_TYPE_STRING)
        element->group_id = g_strdup (json_node_get_string (outer));
    }
  element->locked = locked != NULL && JSON_NODE_HOLDS_VALUE (locked) &&
                    json_node_get_value_type (locked) == G_TYPE_BOOLEAN && json_node_get_boolean (locked);
}

static SdpElementKind
shape_kind (JsonObject *object,
            const char *type)
{
  JsonObject *custom = object_member (object, "customData");
  const char *ours = custom != NULL ? string_member (custom, "sdpKind") : NULL;
  SdpElementKind kind;

  /* A board exported from here comes back with its architecture shapes. */
  if (ours != NULL && sdp_element_kind_from_string (ours, &kind) && kind != SDP_ELEMENT_TEXT &&
      kind != SDP_ELEMENT_LINE && kind != SDP_ELEMENT_ARROW && kind != SDP_ELEMENT_FREEHAND)
    return kind;
  if (g_str_equal (type, "ellipse"))
    return SDP_ELEMENT_ELLIPSE;
  if (g_str_equal (type, "diamond"))
    return SDP_ELEMENT_DIAMOND;
  return json_object_get_member (object, "roundness") != NULL &&
         !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "roundness"))
         ? SDP_ELEMENT_ROUNDED_RECTANGLE : SDP_ELEMENT_RECTANGLE;
}

static const char *
text_of (JsonObject *object)
{
  const char *text = string_member (object, "originalText");

  return text != NULL ? text : string_member (object, "text");
}

/* One Excalidraw element as ours, or NULL if it is of a kind we do not draw or unreadable. */
static SdpElement *
import_element (JsonObject *object,
                const char *type,
                const char *id)
{
  double x = number_member (object, "x", NAN), y = number_member (object, "y", NAN);
  double width = fabs (number_member (object, "width", 0)), height = fabs (number_member (object, "height", 0));
  SdpElement *element;

  if (!finite_coord (x) || !finite_coord (y) || !finite_coord (width) || !finite_coord (height))
    return NULL;

  if (g_str_equal (type, "arrow") || g_str_equal (type, "line"))
    {
      g_autoptr(GArray) points = read_points (object, x, y, NULL);
      gboolean arrow = g_str_equal (type, "arrow");
      JsonNode *end_head = json_object_get_member (object, "endArrowhead");
      JsonNode *start_head = json_object_get_member (object, "startArrowhead");

      if (points == NULL || points->len < 2)
        return NULL;
      element = sdp_element_new_connector (arrow ? SDP_ELEMENT_ARROW : SDP_ELEMENT_LINE, id,
                                           &g_array_index (points, SdpPoint, 0),
                                           &g_array_index (points, SdpPoint, points->len - 1));
      g_array_unref (element->points);
      element->points = g_steal_pointer (&points);
      /* Excalidraw gives an arrow an end head unless it says otherwise. */
      element->end_arrowhead = arrow && (end_head == NULL || !JSON_NODE_HOLDS_NULL (end_head));
      element->start_arrowhead = arrow && start_head != NULL && !JSON_NODE_HOLDS_NULL (start_head);
    }
  else if (g_str_equal (type, "freedraw"))
    {
      JsonArray *pressures = array_member (object, "pressures");
      JsonNode *simulated = json_object_get_member (object, "simulatePressure");
      g_autoptr(JsonArray) none = json_array_new ();
      gboolean simulate = simulated != NULL && JSON_NODE_HOLDS_VALUE (simulated) &&
                          json_node_get_value_type (simulated) == G_TYPE_BOOLEAN && json_node_get_boolean (simulated);
      GArray *stroke = read_points (object, x, y, simulate || pressures == NULL ? none : pressures);

      if (stroke == NULL)
        return NULL;
      element = sdp_element_new (SDP_ELEMENT_FREEHAND, id, x, y, 1, 1);
      element->stroke = stroke;
    }
  else if (g_str_equal (type, "text"))
    {
      double size = number_member (object, "fontSize", 20);

      element = sdp_element_new (SDP_ELEMENT_TEXT, id, x, y, MAX (width, 1), MAX (height, 1));
      element->label = g_strdup (text_of (object));
      element->font_size = isfinite (size) ? CLAMP (size, 1, 1000) : 20;
    }
  else if (g_str_equal (type, "rectangle") || g_str_equal (type, "ellipse") || g_str_equal (type, "diamond"))
    element = sdp_element_new (shape_kind (object, type), id, x, y, MAX (width, 1), MAX (height, 1));
  else
    return NULL;   /* image, frame, embeddable, iframe, ...: not drawn here */

  read_style (element, object);
  if (element->kind == SDP_ELEMENT_TEXT)
    element->fill = SDP_FILL_NONE;
  sdp_element_update_box (element);
  return element;
}

static const char *
binding_target (JsonObject *object,
                const char *name)
{
  JsonObject *binding = object_member (object, name);

  return binding != NULL ? string_member (binding, "elementId") : NULL;
}

/**
 * sdp_board_import_excalidraw:
 * @n_skipped: (out) (optional): how many elements were left out (kinds we do not draw, or
 *   unreadable ones)
 *
 * Reads an Excalidraw scene (`.excalidraw`) into a new board: shapes, text, lines, arrows
 * (with their bindings) and pen strokes; bound text becomes the label of its shape or arrow.
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error if the file is not an
 *   Excalidraw scene
 */
SdpBoard *
sdp_board_import_excalidraw (const char  *data,
                             gssize       length,
                             guint       *n_skipped,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = sdp_board_io_parse_json (data, length, error);
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(GHashTable) labels = NULL;   /* container id -> text (owned by the parser) */
  g_autoptr(GPtrArray) connectors = NULL;  /* JsonObject of imported arrows and lines */
  JsonObject *scene;
  JsonArray *elements;
  guint i, skipped = 0;

  if (parser == NULL)
    return NULL;
  scene = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (scene == NULL || g_strcmp0 (string_member (scene, "type"), "excalidraw") != 0 ||
      (elements = array_member (scene, "elements")) == NULL)
    {
      g_set_error_literal (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_INVALID,
                           "not an Excalidraw scene (no \"type\": \"excalidraw\" with \"elements\")");
      return NULL;
    }

  board = sdp_board_new ();
  labels = g_hash_table_new (g_str_hash, g_str_equal);
  connectors = g_ptr_array_new ();
  sdp_board_begin (board);
  for (i = 0; i < json_array_get_length (elements); i++)
    {
      JsonNode *node = json_array_get_element (elements, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = object != NULL ? string_member (object, "type") : NULL;
      const char *id = object != NULL ? string_member (object, "id") : NULL;
      const char *container = object != NULL ? string_member (object, "containerId") : NULL;
      JsonNode *deleted = object != NULL ? json_object_get_member (object, "isDeleted") : NULL;
      SdpElement *element;

      if (deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) && json_node_get_value_type (deleted) == G_TYPE_BOOLEAN &&
          json_node_get_boolean (deleted))
        continue;   /* a tombstone, not a skipped element */
      if (type == NULL || id == NULL || *id == '\0' || sdp_board_lookup (board, id) != NULL)
        {
          skipped++;
          continue;
        }
      if (g_str_equal (type, "text") && container != NULL && text_of (object) != NULL)
        {
          g_hash_table_insert (labels, (gpointer) container, (gpointer) text_of (object));
          continue;
        }
      if ((element = import_element (object, type, id)) == NULL)
        {
          skipped++;
          continue;
        }
      sdp_board_add (board, element);
      if (sdp_element_is_connector (element))
        g_ptr_array_add (connectors, object);
    }

  /* Labels and bindings need every element in place: Excalidraw's order does not promise that
   * a shape comes before the text or arrows bound to it. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, labels);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (sdp_board_lookup (board, key) != NULL)
        sdp_board_set_label (board, key, value);
      else
        skipped++;
  }
  for (i = 0; i < connectors->len; i++)
    {
      JsonObject *object = g_ptr_array_index (connectors, i);
      const char *id = string_member (object, "id");
      const char *start = binding_target (object, "startBinding");
      const char *end = binding_target (object, "endBinding");

      if (start != NULL && sdp_board_lookup (board, start) != NULL)
        sdp_board_bind (board, id, FALSE, start);
      if (end != NULL && sdp_board_lookup (board, end) != NULL)
        sdp_board_bind (board, id, TRUE, end);
    }
  sdp_board_commit (board);
  sdp_board_clear_history (board);

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&board);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Reading Excalidraw scenes; writing them is sdp-board-excalidraw.c. Both follow the field
 * list of Excalidraw's format version 2 (see sdp-board-excalidraw.h). */
#include "sdp-board-excalidraw.h"

#include <math.h>
#include <string.h>

#include "sdp-board-io.h"
#include "sdp-board-render.h"

/* What an importer accepts per element: Excalidraw files come from many versions and tools,
 * so anything it cannot read safely is skipped (and counted), never guessed at. */
#define MAX_POINTS 100000

static gboolean
finite_coord (double value)
{
  return isfinite (value) && fabs (value) <= SDP_ELEMENT_MAX_COORD;
}

/* A JSON number as a double; @fallback for anything else (missing, null, text, true/false). */
static double
node_number (JsonNode *node,
             double    fallback)
{
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

static double
number_member (JsonObject *object,
               const char *name,
               double      fallback)
{
  return node_number (json_object_get_member (object, name), fallback);
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

      if (!finite_coord (ax = x + node_number (px, NAN)) || !finite_coord (ay = y + node_number (py, NAN)))
        {
          g_array_unref (out);
          return NULL;
        }
      if (pressures != NULL)
        {
          JsonNode *pn = i < json_array_get_length (pressures) ? json_array_get_element (pressures, i) : NULL;
          double pressure = node_number (pn, 0.5);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-board-excalidraw.h"

#include <math.h>

#include "sdp-board-render.h"

#define TEXT_FAMILY_HELVETICA 2   /* Excalidraw's clean sans font, closest to ours */
#define TEXT_LINE_HEIGHT      1.25
#define BINDING_GAP           5.0
#define LABEL_INSET           8.0

static char *
rgb_to_hex (const double rgb[3])
{
  return g_strdup_printf ("#%02x%02x%02x", (int) lround (rgb[0] * 255), (int) lround (rgb[1] * 255),
                          (int) lround (rgb[2] * 255));
}

static char *
hex_colour (SdpColor color,
            gboolean fill)
{
  double rgb[3];

  sdp_board_palette_rgb (color, FALSE, fill, rgb);
  return rgb_to_hex (rgb);
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
  background_hex = rgb_to_hex (background);

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

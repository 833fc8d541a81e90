/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>

#include "sdp-board-excalidraw.h"

/* A small design: a labelled service, an unlabelled database, an arrow bound to both with a
 * label, a free text and a pen stroke. */
static SdpBoard *
design_new (void)
{
  SdpBoard *board = sdp_board_new ();
  SdpPoint a = { 0, 0 }, b = { 10, 10 };
  SdpElement *stroke = sdp_element_new (SDP_ELEMENT_FREEHAND, "pen", 0, 0, 1, 1);
  SdpStrokePoint points[] = { { 500, 500, 0.2 }, { 520, 510, 0.6 }, { 540, 530, 0.9 } };

  sdp_board_add (board, sdp_element_new (SDP_ELEMENT_SERVICE, "api", 0, 0, 160, 80));
  sdp_board_set_label (board, "api", "Orders API");
  sdp_board_add (board, sdp_element_new (SDP_ELEMENT_DATABASE, "db", 300, 0, 160, 100));
  sdp_board_add (board, sdp_element_new_connector (SDP_ELEMENT_ARROW, "call", &a, &b));
  sdp_board_bind (board, "call", FALSE, "api");
  sdp_board_bind (board, "call", TRUE, "db");
  sdp_board_set_label (board, "call", "SQL");
  sdp_board_add (board, sdp_element_new (SDP_ELEMENT_TEXT, "note", 0, 200, 200, 40));
  sdp_board_set_label (board, "note", "Reads: 10k/s");
  stroke->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
  g_array_append_vals (stroke->stroke, points, G_N_ELEMENTS (points));
  sdp_element_update_box (stroke);
  sdp_board_add (board, stroke);
  return board;
}

static JsonObject *
export_parsed (SdpBoard           *board,
               const char * const *only,
               JsonParser         *parser)
{
  g_autofree char *json = sdp_board_export_excalidraw (board, only);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
find (JsonArray  *elements,
      const char *id)
{
  guint i;

  for (i = 0; i < json_array_get_length (elements); i++)
    {
      JsonObject *element = json_array_get_object_element (elements, i);

      if (g_str_equal (json_object_get_string_member (element, "id"), id))
        return element;
    }
  return NULL;
}

static gboolean
lists_bound (JsonObject *element,
             const char *id,
             const char *type)
{
  JsonArray *bound = json_object_get_array_member (element, "boundElements");
  guint i;

  for (i = 0; bound != NULL && i < json_array_get_length (bound); i++)
    {
      JsonObject *entry = json_array_get_object_element (bound, i);

      if (g_str_equal (json_object_get_string_member (entry, "id"), id) &&
          g_str_equal (json_object_get_string_member (entry, "type"), type))
        return TRUE;
    }
  return FALSE;
}

static void
test_envelope_and_shapes (void)
{
  g_autoptr(SdpBoard) board = design_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *scene = export_parsed (board, NULL, parser);
  JsonArray *elements = json_object_get_array_member (scene, "elements");
  JsonObject *api, *db, *note, *db_label;

  g_assert_cmpstr (json_object_get_string_member (scene, "type"), ==, "excalidraw");
  g_assert_cmpint (json_object_get_int_member (scene, "version"), ==, 2);
  g_assert_true (json_object_has_member (scene, "appState"));
  /* 5 elements and 3 bound labels (service, database kind, arrow). */
  g_assert_cmpuint (json_array_get_length (elements), ==, 8);

  api = find (elements, "api");
  g_assert_cmpstr (json_object_get_string_member (api, "type"), ==, "rectangle");
  g_assert_cmpfloat (json_object_get_double_member (api, "width"), ==, 160);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (api, "strokeColor"), "#"));
  g_assert_cmpuint (strlen (json_object_get_string_member (api, "strokeColor")), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (api, "customData"), "sdpKind"),
                   ==, "service");
  g_assert_true (lists_bound (api, "api-label", "text"));
  g_assert_true (lists_bound (api, "call", "arrow"));
  g_assert_cmpstr (json_object_get_string_member (find (elements, "api-label"), "text"), ==, "Orders API");
  g_assert_cmpstr (json_object_get_string_member (find (elements, "api-label"), "containerId"), ==, "api");

  /* An unlabelled architecture shape still says what it is. */
  db = find (elements, "db");
  db_label = find (elements, "db-label");
  g_assert_nonnull (db_label);
  g_assert_cmpstr (json_object_get_string_member (db_label, "text"), ==, "Database");
  g_assert_true (lists_bound (db, "call", "arrow"));

  note = find (elements, "note");
  g_assert_cmpstr (json_object_get_string_member (note, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (note, "text"), ==, "Reads: 10k/s");
  g_assert_true (json_object_get_null_member (note, "containerId"));
}

static void
test_arrow_binding_and_stroke (void)
{
  g_autoptr(SdpBoard) board = design_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *scene = export_parsed (board, NULL, parser);
  JsonArray *elements = json_object_get_array_member (scene, "elements");
  JsonObject *call = find (elements, "call");
  JsonObject *pen = find (elements, "pen");
  JsonArray *points = json_object_get_array_member (call, "points");
  JsonArray *first = json_array_get_array_element (points, 0);
  JsonArray *last = json_array_get_array_element (points, json_array_get_length (points) - 1);
  SdpElement *arrow = sdp_board_lookup (board, "call");
  const SdpPoint *end = &g_array_index (arrow->points, SdpPoint, arrow->points->len - 1);

  g_assert_cmpstr (json_object_get_string_member (call, "type"), ==, "arrow");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call, "startBinding"), "elementId"),
                   ==, "api");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call, "endBinding"), "elementId"),
                   ==, "db");
  g_assert_cmpstr (json_object_get_string_member (call, "endArrowhead"), ==, "arrow");
  g_assert_true (json_object_get_null_member (call, "startArrowhead"));
  /* Points are relative to (x, y), the first one at the origin. */
  g_assert_cmpfloat (json_array_get_double_element (first, 0), ==, 0);
  g_assert_cmpfloat (json_array_get_double_element (first, 1), ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (call, "x") + json_array_get_double_element (last, 0),
                                  end->x, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (find (elements, "call-label"), "containerId"), ==, "call");

  g_assert_cmpstr (json_object_get_string_member (pen, "type"), ==, "freedraw");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pen, "points")), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (pen, "pressures"), 2), ==, 0.9);
  g_assert_false (json_object_get_boolean_member (pen, "simulatePressure"));
}

/* Exporting the selection: bindings to shapes left out are dropped, not left dangling. */
static void
test_selection (void)
{
  g_autoptr(SdpBoard) board = design_new ();
  g_autoptr(SdpBoard) empty = sdp_board_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *only[] = { "api", "call", NULL };
  JsonObject *scene = export_parsed (board, only, parser);
  JsonArray *elements = json_object_get_array_member (scene, "elements");
  JsonObject *call = find (elements, "call");

  g_assert_null (find (elements, "db"));
  g_assert_null (find (elements, "pen"));
  g_assert_nonnull (find (elements, "api"));
  g_assert_nonnull (json_object_get_object_member (call, "startBinding"));
  g_assert_true (json_object_get_null_member (call, "endBinding"));
  g_assert_null (sdp_board_export_excalidraw (empty, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/board-excalidraw/envelope-and-shapes", test_envelope_and_shapes);
  g_test_add_func ("/board-excalidraw/arrow-binding-and-stroke", test_arrow_binding_and_stroke);
  g_test_add_func ("/board-excalidraw/selection", test_selection);
  return g_test_run ();
}

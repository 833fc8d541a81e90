/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>
#include <string.h>

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

/* Export then import: what Excalidraw can hold comes back as it was. */
static void
test_round_trip (void)
{
  g_autoptr(SdpBoard) board = design_new ();
  g_autofree char *json = NULL;
  g_autoptr(SdpBoard) back = NULL;
  g_autoptr(GError) error = NULL;
  SdpElement *api, *db, *call, *pen, *note;
  guint skipped = 99;

  json = sdp_board_export_excalidraw (board, NULL);
  back = sdp_board_import_excalidraw (json, -1, &skipped, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (sdp_board_get_n_elements (back), ==, 5);
  g_assert_false (sdp_board_can_undo (back));

  api = sdp_board_lookup (back, "api");
  db = sdp_board_lookup (back, "db");
  call = sdp_board_lookup (back, "call");
  pen = sdp_board_lookup (back, "pen");
  note = sdp_board_lookup (back, "note");
  g_assert_cmpint (api->kind, ==, SDP_ELEMENT_SERVICE);
  g_assert_cmpstr (api->label, ==, "Orders API");
  g_assert_cmpfloat (api->width, ==, 160);
  g_assert_cmpint (db->kind, ==, SDP_ELEMENT_DATABASE);
  g_assert_cmpint (call->kind, ==, SDP_ELEMENT_ARROW);
  g_assert_cmpstr (call->start.element_id, ==, "api");
  g_assert_cmpstr (call->end.element_id, ==, "db");
  g_assert_cmpstr (call->label, ==, "SQL");
  g_assert_true (call->end_arrowhead);
  g_assert_false (call->start_arrowhead);
  g_assert_cmpuint (pen->stroke->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (pen->stroke, SdpStrokePoint, 1).pressure, 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (pen->stroke, SdpStrokePoint, 2).x, 540, 1e-9);
  g_assert_cmpint (note->kind, ==, SDP_ELEMENT_TEXT);
  g_assert_cmpstr (note->label, ==, "Reads: 10k/s");
  g_assert_cmpint (api->stroke_color, ==, sdp_board_lookup (board, "api")->stroke_color);
}

/* A scene written by Excalidraw itself: legacy and current fields, kinds we do not draw. */
static void
test_import_from_excalidraw (void)
{
  const char *scene =
    "{\"type\": \"excalidraw\", \"version\": 2, \"source\": \"https://excalidraw.com\", \"elements\": ["
    "{\"id\": \"t\", \"type\": \"text\", \"x\": 15, \"y\": 20, \"width\": 50, \"height\": 25,"
    " \"text\": \"Kafka\", \"originalText\": \"Kafka\", \"containerId\": \"q\", \"fontSize\": 20},"
    "{\"id\": \"q\", \"type\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 120, \"height\": 60,"
    " \"strokeColor\": \"#e03131\", \"backgroundColor\": \"#ffec99\", \"strokeStyle\": \"dashed\","
    " \"roundness\": {\"type\": 3}, \"groupIds\": [\"inner\", \"outer\"], \"locked\": true},"
    "{\"id\": \"e\", \"type\": \"ellipse\", \"x\": 300, \"y\": 0, \"width\": 80, \"height\": 80,"
    " \"strokeColor\": \"#1e1e1e\", \"backgroundColor\": \"transparent\"},"
    "{\"id\": \"a\", \"type\": \"arrow\", \"x\": 120, \"y\": 30, \"width\": 180, \"height\": 10,"
    " \"points\": [[0, 0], [90, 10], [180, 10]], \"startBinding\": {\"elementId\": \"q\", \"focus\": 0, \"gap\": 5},"
    " \"endBinding\": {\"elementId\": \"missing\", \"focus\": 0, \"gap\": 5}},"
    "{\"id\": \"gone\", \"type\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1, \"isDeleted\": true},"
    "{\"id\": \"img\", \"type\": \"image\", \"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"fileId\": \"f\"},"
    "{\"id\": \"far\", \"type\": \"rectangle\", \"x\": 1e300, \"y\": 0, \"width\": 1, \"height\": 1},"
    "{\"id\": \"bad\", \"type\": \"line\", \"x\": 0, \"y\": 0, \"points\": [[0, 0], [\"1\", 2]]},"
    "{\"id\": \"q\", \"type\": \"ellipse\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1},"
    "7, {\"type\": \"rectangle\"}"
    "], \"appState\": {\"viewBackgroundColor\": \"#ffffff\"}, \"files\": {}}";
  g_autoptr(GError) error = NULL;
  guint skipped = 0;
  g_autoptr(SdpBoard) board = sdp_board_import_excalidraw (scene, -1, &skipped, &error);
  SdpElement *q, *e, *a;

  g_assert_no_error (error);
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 3);
  /* image, far, bad, the second "q", 7 and the element without an id; not the deleted one. */
  g_assert_cmpuint (skipped, ==, 6);

  q = sdp_board_lookup (board, "q");
  g_assert_cmpint (q->kind, ==, SDP_ELEMENT_ROUNDED_RECTANGLE);
  g_assert_cmpstr (q->label, ==, "Kafka");
  g_assert_cmpint (q->stroke_color, ==, SDP_COLOR_RED);
  g_assert_cmpint (q->fill, ==, SDP_FILL_SOLID);
  g_assert_cmpint (q->fill_color, ==, SDP_COLOR_YELLOW);
  g_assert_cmpint (q->dash, ==, SDP_DASH_DASHED);
  g_assert_cmpstr (q->group_id, ==, "outer");
  g_assert_true (q->locked);

  e = sdp_board_lookup (board, "e");
  g_assert_cmpint (e->kind, ==, SDP_ELEMENT_ELLIPSE);
  g_assert_cmpint (e->fill, ==, SDP_FILL_NONE);
  g_assert_cmpint (e->stroke_color, ==, SDP_COLOR_INK);

  /* A binding to an element that is not there is dropped; the arrow head defaults to the end. */
  a = sdp_board_lookup (board, "a");
  g_assert_cmpstr (a->start.element_id, ==, "q");
  g_assert_null (a->end.element_id);
  g_assert_true (a->end_arrowhead);
  g_assert_cmpfloat (g_array_index (a->points, SdpPoint, a->points->len - 1).x, ==, 300);
}

static void
test_import_refuses (void)
{
  static const char * const bad[] = {
    "",
    "not json",
    "[1, 2]",
    "{\"type\": \"sdpboard\", \"elements\": []}",
    "{\"type\": \"excalidraw\", \"elements\": {}}",
    "{\"type\": \"excalidraw\", \"elements\": [NaN]}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"type\": \"excalidraw\", \"elements\": ");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdpBoard) board = sdp_board_import_excalidraw (bad[i], -1, NULL, &error);

      g_assert_null (board);
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
  for (i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdpBoard) board = sdp_board_import_excalidraw (deep->str, (gssize) deep->len, NULL, &error);

    g_assert_null (board);
    g_assert_nonnull (error);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/board-excalidraw/envelope-and-shapes", test_envelope_and_shapes);
  g_test_add_func ("/board-excalidraw/arrow-binding-and-stroke", test_arrow_binding_and_stroke);
  g_test_add_func ("/board-excalidraw/selection", test_selection);
  g_test_add_func ("/board-excalidraw/round-trip", test_round_trip);
  g_test_add_func ("/board-excalidraw/import-from-excalidraw", test_import_from_excalidraw);
  g_test_add_func ("/board-excalidraw/import-refuses", test_import_refuses);
  return g_test_run ();
}

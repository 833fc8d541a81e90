/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sdp-board-io.h"

static char *dir;
static guint counter;

/* A fresh path in the test's temporary folder. */
static char *
new_path (const char *name)
{
  return g_strdup_printf ("%s/%u-%s", dir, counter++, name);
}

static char *
read_bytes (const char *path,
            gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) folder = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (folder);
  while (g_dir_read_name (folder) != NULL)
    n++;
  return n;
}

static SdpElement *
add_shape (SdpBoard       *board,
           SdpElementKind  kind,
           const char     *id,
           double          x,
           double          y)
{
  SdpElement *element = sdp_element_new (kind, id, x, y, 120.25, 60.5);

  sdp_board_add (board, element);
  return sdp_board_lookup (board, id);
}

static void
add_connector (SdpBoard       *board,
               SdpElementKind  kind,
               const char     *id,
               SdpRoute        route,
               const char     *from_id,
               const char     *to_id)
{
  SdpPoint from = { 0.1, 0.2 }, to = { 300.3, 400.4 };
  SdpElement *element = sdp_element_new_connector (kind, id, &from, &to);

  element->route = route;
  element->start_arrowhead = kind == SDP_ELEMENT_ARROW && route == SDP_ROUTE_ELBOW;
  sdp_board_add (board, element);
  if (from_id != NULL)
    sdp_board_bind (board, id, FALSE, from_id);
  if (to_id != NULL)
    sdp_board_bind (board, id, TRUE, to_id);
}

/* Every kind, every style value, bindings (straight and elbow), a group, a locked element,
 * awkward labels, fractional coordinates and a pressure-sensitive stroke. */
static SdpBoard *
new_full_board (void)
{
  SdpBoard *board = sdp_board_new ();
  const char *group_ids[] = { "cache", "queue", NULL };
  g_autofree char *group = NULL;
  SdpElement *freehand;
  SdpElement *free_arrow;
  SdpPoint a = { -10.5, 7 }, b = { 1e-3, 2.0 / 3 };
  guint kind, i;

  for (kind = 0; kind < SDP_N_ELEMENT_KINDS; kind++)
    {
      SdpElement *element;

      if (kind == SDP_ELEMENT_LINE || kind == SDP_ELEMENT_ARROW || kind == SDP_ELEMENT_FREEHAND)
        continue;
      element = sdp_element_new (kind, sdp_element_kind_to_string (kind), 150.1 * kind, kind / 3.0,
                                 120, 60.75);
      element->stroke_color = (SdpColor) (kind % SDP_N_COLORS);
      element->fill_color = (SdpColor) ((kind + 3) % SDP_N_COLORS);
      element->fill = kind % 2 ? SDP_FILL_SOLID : SDP_FILL_NONE;
      element->dash = (SdpDash) (kind % 3);
      element->stroke_width = (double[]) { 1, 2, 4 }[kind % 3];
      element->font_size = (double[]) { 16, 20, 28, 36 }[kind % 4];
      element->locked = kind == SDP_ELEMENT_CONTAINER;
      sdp_board_add (board, element);
    }
  sdp_board_set_label (board, "service", "Orders \"v2\" — naïve ☕ 注文\n\tsecond line \\ end");
  sdp_board_set_label (board, "database", "Postgres (primary)");
  sdp_board_set_label (board, "text", "emoji 🧋 and control \x01 char");

  add_connector (board, SDP_ELEMENT_LINE, "line-1", SDP_ROUTE_STRAIGHT, "client", "load-balancer");
  add_connector (board, SDP_ELEMENT_ARROW, "arrow-1", SDP_ROUTE_STRAIGHT, "service", "database");
  add_connector (board, SDP_ELEMENT_ARROW, "arrow-2", SDP_ROUTE_ELBOW, "api-gateway", "queue");
  add_connector (board, SDP_ELEMENT_ARROW, "arrow-3", SDP_ROUTE_STRAIGHT, "worker", NULL);
  sdp_board_set_label (board, "arrow-1", "reads → writes");

  /* An unbound arrow with a bend, and a freehand stroke with real pressure. */
  free_arrow = sdp_element_new_connector (SDP_ELEMENT_ARROW, "arrow-free", &a, &b);
  g_array_insert_val (free_arrow->points, 1, ((SdpPoint) { 55.125, -0.3 }));
  free_arrow->dash = SDP_DASH_DOTTED;
  sdp_element_update_box (free_arrow);
  sdp_board_add (board, free_arrow);

  freehand = sdp_element_new (SDP_ELEMENT_FREEHAND, "ink", 0, 0, 0, 0);
  freehand->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
  for (i = 0; i < 50; i++)
    {
      SdpStrokePoint point = { 1000 + i * 1.1, 2000 + (i % 7) * 0.37, 0.05 + (i % 10) * 0.1 };

      g_array_append_val (freehand->stroke, point);
    }
  sdp_element_update_box (freehand);
  sdp_board_add (board, freehand);

  group = sdp_board_group (board, group_ids);
  g_assert_nonnull (group);
  return board;
}

static void
assert_same_binding (const SdpBinding *a,
                     const SdpBinding *b)
{
  g_assert_cmpstr (a->element_id, ==, b->element_id);
  if (a->element_id != NULL)
    {
      g_assert_cmpfloat (a->focus_x, ==, b->focus_x);
      g_assert_cmpfloat (a->focus_y, ==, b->focus_y);
    }
}

static void
assert_same_element (const SdpElement *a,
                     const SdpElement *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpfloat (a->x, ==, b->x);
  g_assert_cmpfloat (a->y, ==, b->y);
  g_assert_cmpfloat (a->width, ==, b->width);
  g_assert_cmpfloat (a->height, ==, b->height);
  g_assert_cmpstr (a->label, ==, b->label);
  g_assert_cmpint (a->stroke_color, ==, b->stroke_color);
  g_assert_cmpint (a->fill_color, ==, b->fill_color);
  g_assert_cmpint (a->fill, ==, b->fill);
  g_assert_cmpfloat (a->stroke_width, ==, b->stroke_width);
  g_assert_cmpint (a->dash, ==, b->dash);
  g_assert_cmpfloat (a->font_size, ==, b->font_size);
  g_assert_cmpstr (a->group_id, ==, b->group_id);
  g_assert_cmpint (a->locked, ==, b->locked);

  g_assert_cmpint (a->points != NULL, ==, b->points != NULL);
  if (a->points != NULL)
    {
      g_assert_cmpuint (a->points->len, ==, b->points->len);
      g_assert_cmpmem (a->points->data, a->points->len * sizeof (SdpPoint),
                       b->points->data, b->points->len * sizeof (SdpPoint));
      assert_same_binding (&a->start, &b->start);
      assert_same_binding (&a->end, &b->end);
      g_assert_cmpint (a->route, ==, b->route);
    }
  if (a->kind == SDP_ELEMENT_ARROW)
    {
      g_assert_cmpint (a->start_arrowhead, ==, b->start_arrowhead);
      g_assert_cmpint (a->end_arrowhead, ==, b->end_arrowhead);
    }
  g_assert_cmpint (a->stroke != NULL, ==, b->stroke != NULL);
  if (a->stroke != NULL)
    g_assert_cmpmem (a->stroke->data, a->stroke->len * sizeof (SdpStrokePoint),
                     b->stroke->data, b->stroke->len * sizeof (SdpStrokePoint));
}

static SdpBoard *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  SdpBoard *board = sdp_board_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (board);
  return board;
}

/* ---- tests ---- */

static void
test_round_trip (void)
{
  g_autoptr(SdpBoard) board = new_full_board ();
  g_autoptr(SdpBoard) loaded = NULL;
  g_autofree char *path = new_path ("full.sdpboard");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *json = NULL;
  gsize first_len, second_len;
  guint i;

  g_assert_true (sdp_board_save (board, file, &error));
  g_assert_no_error (error);
  first = read_bytes (path, &first_len);
  json = sdp_board_to_json (board);
  g_assert_cmpstr (first, ==, json);

  loaded = sdp_board_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sdp_board_get_n_elements (loaded), ==, sdp_board_get_n_elements (board));
  for (i = 0; i < sdp_board_get_n_elements (board); i++)
    assert_same_element (sdp_board_get_element_at (board, i), sdp_board_get_element_at (loaded, i));

  g_assert_true (sdp_board_save (loaded, file, &error));
  g_assert_no_error (error);
  second = read_bytes (path, &second_len);
  g_assert_cmpmem (first, first_len, second, second_len);

  /* Every kind was written, with the envelope first. */
  g_assert_true (g_str_has_prefix (first, "{\n  \"type\": \"sdpboard\",\n  \"format\": 1,\n"
                                   "  \"app\": \"io.github.sdprep.SystemDesignPrep\",\n"));
  for (i = 0; i < SDP_N_ELEMENT_KINDS; i++)
    {
      g_autofree char *needle = g_strdup_printf ("\"kind\": \"%s\"",
                                                 sdp_element_kind_to_string (i));

      g_assert_nonnull (strstr (first, needle));
    }
  g_assert_nonnull (strstr (first, "\"label\": \"Orders \\\"v2\\\" — naïve ☕ 注文\\n\\tsecond line \\\\ end\""));
  g_assert_nonnull (strstr (first, "control \\u0001 char"));
  g_assert_nonnull (strstr (first, "\"start\": {\"element\": \"service\", \"focus\": [0.5, 0.5]}"));
  g_assert_nonnull (strstr (first, "\"route\": \"elbow\", \"arrowheads\": {\"start\": true, \"end\": true}"));
  g_assert_nonnull (strstr (first, "\"end\": null"));
  g_assert_nonnull (strstr (first, "\"locked\": true"));
  g_assert_nonnull (strstr (first, "\"group\": "));
  g_assert_nonnull (strstr (first, "[1000, 2000, 0.05]"));
  g_assert_null (strstr (first, "\"locked\": false"));
}

static void
test_numbers (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(SdpBoard) loaded = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  static const double values[] = {
    0.1, 1.0 / 3, -0.0, 1e-7, 123456.789, 9999999.999999998, 2.5e-300,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);

      sdp_board_add (board, sdp_element_new (SDP_ELEMENT_RECTANGLE, id, values[i], -values[i],
                                             1, 1));
    }
  json = sdp_board_to_json (board);
  /* Shortest form that reads back exactly; never "-0". */
  g_assert_nonnull (strstr (json, "\"x\": 0.1,"));
  g_assert_nonnull (strstr (json, "\"x\": 0.3333333333333333,"));
  g_assert_nonnull (strstr (json, "\"x\": 0, \"y\": 0,"));
  g_assert_nonnull (strstr (json, "\"x\": 1e-07,"));
  g_assert_null (strstr (json, "-0,"));

  loaded = parse_ok (json);
  for (i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpfloat (sdp_board_get_element_at (loaded, i)->x, ==, values[i]);
  again = sdp_board_to_json (loaded);
  g_assert_cmpstr (again, ==, json);
}

/* Values out of range in the model are clamped on the way out, so a saved board always opens. */
static void
test_written_files_open (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(SdpBoard) loaded = NULL;
  g_autofree char *json = NULL;
  SdpElement *far = sdp_element_new (SDP_ELEMENT_RECTANGLE, "far", 5e7, -1e300, 1e9, 3);
  SdpElement *ink = sdp_element_new (SDP_ELEMENT_FREEHAND, "ink", 0, 0, 0, 0);
  SdpStrokePoint points[] = { { 1, 2, 1.5 }, { 3, 4, -0.25 } };
  SdpElement *element;

  far->stroke_width = NAN;
  far->font_size = 0;
  sdp_board_add (board, far);
  ink->stroke = g_array_new (FALSE, FALSE, sizeof (SdpStrokePoint));
  g_array_append_vals (ink->stroke, points, G_N_ELEMENTS (points));
  sdp_element_update_box (ink);
  sdp_board_add (board, ink);

  json = sdp_board_to_json (board);
  loaded = parse_ok (json);
  element = sdp_board_lookup (loaded, "far");
  g_assert_cmpfloat (element->x, ==, SDP_ELEMENT_MAX_COORD);
  g_assert_cmpfloat (element->y, ==, -SDP_ELEMENT_MAX_COORD);
  g_assert_cmpfloat (element->width, ==, SDP_ELEMENT_MAX_COORD);
  g_assert_cmpfloat (element->stroke_width, ==, 0);
  g_assert_cmpfloat (element->font_size, ==, 1);
  element = sdp_board_lookup (loaded, "ink");
  g_assert_cmpfloat (g_array_index (element->stroke, SdpStrokePoint, 0).pressure, ==, 1);
  g_assert_cmpfloat (g_array_index (element->stroke, SdpStrokePoint, 1).pressure, ==, 0);
}

static void
test_unknown_fields (void)
{
  const char *input =
    "{\"format\": 1, \"type\": \"sdpboard\", \"app\": \"org.example.Other\","
    " \"viewport\": {\"zoom\": 1.5, \"center\": [10, -20.25]},"
    " \"elements\": ["
    "  {\"id\": \"a\", \"kind\": \"rectangle\", \"x\": 1, \"y\": 2, \"width\": 3, \"height\": 4,"
    "   \"shadow\": {\"blur\": 4, \"color\": null}, \"points\": [[1, 2]], \"tags\": [\"x\", true, 12345678901234]},"
    "  {\"id\": \"b\", \"kind\": \"line\", \"points\": [[0, 0], [10, 10]], \"curve\": 0.25}"
    " ],"
    " \"layers\": [\"one\", \"two\"]}";
  g_autoptr(SdpBoard) board = parse_ok (input);
  g_autoptr(SdpBoard) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  SdpElement *a = sdp_board_lookup (board, "a");
  SdpElement *b = sdp_board_lookup (board, "b");

  g_assert_nonnull (a->extra);
  g_assert_true (json_object_has_member (a->extra, "shadow"));
  /* Known, but not for a rectangle: kept as it was. */
  g_assert_true (json_object_has_member (a->extra, "points"));
  g_assert_true (json_object_has_member (b->extra, "curve"));
  g_assert_false (json_object_has_member (b->extra, "points"));
  g_assert_true (json_object_has_member (sdp_board_get_extra (board), "viewport"));
  g_assert_true (json_object_has_member (sdp_board_get_extra (board), "layers"));
  g_assert_false (json_object_has_member (sdp_board_get_extra (board), "app"));

  json = sdp_board_to_json (board);
  g_assert_nonnull (strstr (json, "\n  \"viewport\": {\"zoom\": 1.5, \"center\": [10, -20.25]},\n"));
  g_assert_nonnull (strstr (json, "\n  \"layers\": [\"one\", \"two\"],\n"));
  g_assert_nonnull (strstr (json, "\"shadow\": {\"blur\": 4, \"color\": null}, \"points\": [[1, 2]], "
                                  "\"tags\": [\"x\", true, 12345678901234]}"));
  g_assert_nonnull (strstr (json, "\"curve\": 0.25}"));
  g_assert_nonnull (strstr (json, "\"app\": \"io.github.sdprep.SystemDesignPrep\""));

  again = parse_ok (json);
  json2 = sdp_board_to_json (again);
  g_assert_cmpstr (json2, ==, json);
}

/* A kept field never duplicates one the writer owns, even if code put it in extra. */
static void
test_extra_does_not_shadow (void)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(JsonObject) top = json_object_new ();
  SdpElement *element = sdp_element_new (SDP_ELEMENT_ELLIPSE, "e", 0, 0, 10, 10);
  g_autofree char *json = NULL;
  g_autoptr(SdpBoard) loaded = NULL;

  json_object_set_string_member (extra, "id", "impostor");
  json_object_set_double_member (extra, "width", 99);
  json_object_set_boolean_member (extra, "kept", TRUE);
  element->extra = json_object_ref (extra);
  sdp_board_add (board, element);
  json_object_set_int_member (top, "format", 7);
  json_object_set_string_member (top, "note", "hi");
  sdp_board_set_extra (board, top);

  json = sdp_board_to_json (board);
  g_assert_null (strstr (json, "impostor"));
  g_assert_null (strstr (json, "99"));
  g_assert_null (strstr (json, "\"format\": 7"));
  g_assert_nonnull (strstr (json, "\"kept\": true"));
  g_assert_nonnull (strstr (json, "\"note\": \"hi\""));
  loaded = parse_ok (json);
  g_assert_cmpfloat (sdp_board_lookup (loaded, "e")->width, ==, 10);
}

typedef struct
{
  const char *json;
  int         code;
  const char *message;   /* must appear in the error message */
} BadCase;

#define DOC(elements) "{\"type\": \"sdpboard\", \"format\": 1, \"elements\": [" elements "]}"
#define RECT(extra) "{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10" extra "}"

static const BadCase bad_cases[] = {
  /* Not JSON. */
  { "", SDP_BOARD_IO_ERROR_PARSE, "not valid JSON" },
  { "   \n", SDP_BOARD_IO_ERROR_PARSE, "not valid JSON" },
  { "{\"type\": \"sdpboard\", \"format\": 1, \"elements\": [", SDP_BOARD_IO_ERROR_PARSE, "not valid JSON: line 1" },
  { "PK\x03\x04 zip", SDP_BOARD_IO_ERROR_PARSE, "not valid JSON" },
  { DOC (RECT (",")), SDP_BOARD_IO_ERROR_PARSE, "not valid JSON" },
  /* Not a board. */
  { "[1, 2]", SDP_BOARD_IO_ERROR_INVALID, "expected an object at the top, found an array" },
  { "{\"format\": 1, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "type: is missing" },
  { "{\"type\": \"excalidraw\", \"version\": 2, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID,
    "type: “excalidraw” is not a System Design Prep board" },
  { "{\"type\": 5, \"format\": 1, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "type: expected a string" },
  /* Versions. */
  { "{\"type\": \"sdpboard\", \"format\": 2, \"elements\": [{\"anything\": \"new\"}]}",
    SDP_BOARD_IO_ERROR_TOO_NEW, "format: this board was made by a newer version of the app" },
  { "{\"type\": \"sdpboard\", \"format\": \"1\", \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID,
    "format: expected a whole number, found a string" },
  { "{\"type\": \"sdpboard\", \"format\": 1.5, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "format: expected a whole number" },
  { "{\"type\": \"sdpboard\", \"format\": 0, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "format: 0 is not" },
  { "{\"type\": \"sdpboard\", \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "format: is missing" },
  { "{\"type\": \"sdpboard\", \"format\": 1, \"app\": 3, \"elements\": []}", SDP_BOARD_IO_ERROR_INVALID, "app: expected a string" },
  /* The element list. */
  { "{\"type\": \"sdpboard\", \"format\": 1}", SDP_BOARD_IO_ERROR_INVALID, "elements: is missing" },
  { "{\"type\": \"sdpboard\", \"format\": 1, \"elements\": {}}", SDP_BOARD_IO_ERROR_INVALID, "elements: expected an array" },
  { DOC (RECT ("") ", 7"), SDP_BOARD_IO_ERROR_INVALID, "elements[1]: expected an object, found an integer" },
  /* Wrong types. */
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": \"10\", \"height\": 10}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].width: expected a number, found a string" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 10}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].height: is missing" },
  { DOC (RECT (", \"label\": 12")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].label: expected a string, found an integer" },
  { DOC (RECT (", \"locked\": \"yes\"")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].locked: expected true or false" },
  { DOC (RECT (", \"stroke_color\": \"#ff0000\"")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].stroke_color: unknown color “#ff0000”" },
  { DOC (RECT (", \"fill\": \"hatched\"")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].fill: unknown value “hatched” (expected “none” or “solid”)" },
  { DOC (RECT (", \"dash\": true")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].dash: expected a string, found a boolean" },
  { DOC (RECT (", \"group\": []")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].group: expected a string, found an array" },
  /* NaN-like and huge numbers. */
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": NaN, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_PARSE, "elements[0].x: not valid JSON: “NaN”" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": -Infinity, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_PARSE, "elements[0].y: not valid JSON: “Infinity”" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 1e400, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].y: the number is too large" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 1e9, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].width: 1000000000 is outside 0 to 10000000" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": -10000001, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].x: -10000001 is outside -10000000 to 10000000" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": -1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].width: -1 is outside" },
  { DOC ("{\"id\": \"r\", \"kind\": \"rectangle\", \"x\": 99999999999999999999999, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].x: 99999999999999999999999 is too large" },
  { DOC (RECT (", \"stroke_width\": 1e6")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].stroke_width: 1000000 is outside" },
  { DOC (RECT (", \"font_size\": 0")), SDP_BOARD_IO_ERROR_INVALID, "elements[0].font_size: 0 is outside 1 to 1000" },
  /* Ids and kinds. */
  { DOC ("{\"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].id: is missing" },
  { DOC ("{\"id\": \"\", \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].id: must not be empty" },
  { DOC ("{\"id\": 4, \"kind\": \"rectangle\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].id: expected a string, found an integer" },
  { DOC (RECT ("") ", " RECT ("") ", " RECT ("")), SDP_BOARD_IO_ERROR_INVALID,
    "elements[1].id: “r” is already the id of elements[0]" },
  { DOC ("{\"id\": \"h\", \"kind\": \"hexagon\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].kind: unknown kind “hexagon”" },
  { DOC ("{\"id\": \"h\", \"x\": 0, \"y\": 0, \"width\": 1, \"height\": 1}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].kind: is missing" },
  /* Points. */
  { DOC (RECT ("") ", {\"id\": \"l\", \"kind\": \"line\", \"points\": [[0, 0]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[1].points: a line needs at least 2 points, found 1" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": []}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].points: an arrow needs at least 2 points, found 0" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\"}"), SDP_BOARD_IO_ERROR_INVALID, "elements[0].points: is missing" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, \"2\"]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].points[1][1]: expected a number, found a string" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 2, 3]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].points[1]: expected [x, y], found an array of another length" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 2e7]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].points[1][1]: 20000000 is outside" },
  { DOC ("{\"id\": \"f\", \"kind\": \"freehand\", \"stroke\": []}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].stroke: a freehand stroke needs at least 1 point, found 0" },
  { DOC ("{\"id\": \"f\", \"kind\": \"freehand\", \"stroke\": [[0, 0, 0.5], [1, 1, 2]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].stroke[1][2]: 2 is outside 0 to 1" },
  { DOC ("{\"id\": \"f\", \"kind\": \"freehand\", \"stroke\": [[0, 0]]}"), SDP_BOARD_IO_ERROR_INVALID,
    "elements[0].stroke[0]: expected [x, y, pressure]" },
  /* Bindings and arrow options. */
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 1]], \"start\": 5}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].start: expected null or an object, found an integer" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 1]], \"end\": {\"focus\": [0.5, 0.5]}}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].end.element: is missing" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 1]], \"end\": {\"element\": \"r\", \"focus\": [0.5, 7]}}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].end.focus[1]: 7 is outside 0 to 1" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 1]], \"route\": \"curved\"}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].route: unknown value “curved” (expected “straight” or “elbow”)" },
  { DOC ("{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[0, 0], [1, 1]], \"arrowheads\": {\"end\": 1}}"),
    SDP_BOARD_IO_ERROR_INVALID, "elements[0].arrowheads.end: expected true or false, found an integer" },
};

static void
test_refused (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdpBoard) board = sdp_board_new_from_json (bad_cases[i].json, -1, &error);

      if (board != NULL)
        g_error ("accepted: %s", bad_cases[i].json);
      g_assert_error (error, SDP_BOARD_IO_ERROR, bad_cases[i].code);
      if (strstr (error->message, bad_cases[i].message) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, bad_cases[i].message, error->message);
    }
}

static char *
nested (guint       depth,
        const char *where)
{
  g_autoptr(GString) s = g_string_new ("{\"type\": \"sdpboard\", \"format\": 1, \"elements\": [], ");
  guint i;

  g_string_append_printf (s, "\"%s\": ", where);
  for (i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* json-glib itself would parse a thousand levels, and crash freeing a few hundred thousand. */
static void
test_deep_nesting (void)
{
  static const guint depths[] = { 1000, 300000 };
  g_autofree char *fine = nested (SDP_BOARD_MAX_DEPTH - 1, "ok");
  g_autofree char *in_string = NULL;
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (depths); i++)
    {
      g_autofree char *json = nested (depths[i], "deep");
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SdpBoard) refused = sdp_board_new_from_json (json, -1, &local_error);

      g_assert_null (refused);
      g_assert_error (local_error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (local_error->message, "deep[0][0][0]"));
      g_assert_nonnull (strstr (local_error->message, "nested more than 64 levels deep"));
    }

  /* The limit counts the top-level object: 63 more levels are still a board. */
  board = parse_ok (fine);
  g_clear_object (&board);

  /* Brackets inside strings are text, not nesting. */
  {
    g_autoptr(GString) label = g_string_new (NULL);

    for (i = 0; i < 200; i++)
      g_string_append (label, "[{");
    in_string = g_strdup_printf (DOC ("{\"id\": \"t\", \"kind\": \"text\", \"x\": 0, \"y\": 0, "
                                      "\"width\": 1, \"height\": 1, \"label\": \"%s\\\"]\"}"), label->str);
  }
  board = sdp_board_new_from_json (in_string, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (sdp_board_lookup (board, "t")->label, "[{\"]"));
}

static void
test_too_many_elements (void)
{
  g_autoptr(GString) json = g_string_new ("{\"type\": \"sdpboard\", \"format\": 1, \"elements\": [");
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i <= SDP_BOARD_MAX_ELEMENTS; i++)
    g_string_append (json, i == 0 ? "0" : ",0");
  g_string_append (json, "]}");
  board = sdp_board_new_from_json (json->str, (gssize) json->len, &error);
  g_assert_null (board);
  g_assert_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "elements: 200001 elements are more than"));
}

static void
test_binding_to_missing (void)
{
  g_autoptr(SdpBoard) board = parse_ok (DOC (
    RECT ("") ","
    "{\"id\": \"l\", \"kind\": \"line\", \"points\": [[500, 500], [600, 600]]},"
    "{\"id\": \"a\", \"kind\": \"arrow\", \"points\": [[100, 5], [200, 5]],"
    " \"start\": {\"element\": \"ghost\", \"focus\": [0.5, 0.5]},"
    " \"end\": {\"element\": \"r\", \"focus\": [0.25, 1]}},"
    "{\"id\": \"b\", \"kind\": \"arrow\", \"points\": [[100, 5], [200, 5]],"
    " \"start\": {\"element\": \"l\"}, \"end\": {\"element\": \"b\"}}"));
  SdpElement *a = sdp_board_lookup (board, "a");
  SdpElement *b = sdp_board_lookup (board, "b");
  g_autofree char *json = NULL;

  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 4);
  g_assert_null (a->start.element_id);
  g_assert_cmpstr (a->end.element_id, ==, "r");
  g_assert_cmpfloat (a->end.focus_x, ==, 0.25);
  g_assert_cmpfloat (a->end.focus_y, ==, 1);
  /* The free end stays where the file put it. */
  g_assert_cmpfloat (g_array_index (a->points, SdpPoint, 0).x, ==, 100);
  g_assert_cmpfloat (g_array_index (a->points, SdpPoint, 0).y, ==, 5);
  /* Lines and the arrow itself are not shapes to bind to. */
  g_assert_null (b->start.element_id);
  g_assert_null (b->end.element_id);
  g_assert_cmpfloat (g_array_index (b->points, SdpPoint, 1).x, ==, 200);
  g_assert_true (b->end_arrowhead);
  g_assert_false (b->start_arrowhead);

  json = sdp_board_to_json (board);
  g_assert_null (strstr (json, "ghost"));
}

static void
test_defaults (void)
{
  g_autoptr(SdpBoard) board = parse_ok (DOC (
    RECT ("") ","
    "{\"id\": \"a\", \"kind\": \"arrow\", \"x\": 1e6, \"points\": [[10, 20], [30, 5]], \"start\": null}"));
  SdpElement *r = sdp_board_lookup (board, "r");
  SdpElement *a = sdp_board_lookup (board, "a");

  g_assert_cmpint (r->stroke_color, ==, SDP_COLOR_INK);
  g_assert_cmpint (r->fill, ==, SDP_FILL_NONE);
  g_assert_cmpfloat (r->stroke_width, ==, 2);
  g_assert_cmpfloat (r->font_size, ==, 20);
  g_assert_null (r->label);
  g_assert_false (r->locked);
  g_assert_true (a->end_arrowhead);
  g_assert_cmpint (a->route, ==, SDP_ROUTE_STRAIGHT);
  /* A connector's box comes from its points, whatever the file says. */
  g_assert_cmpfloat (a->x, ==, 10);
  g_assert_cmpfloat (a->y, ==, 5);
  g_assert_cmpfloat (a->width, ==, 20);
  g_assert_cmpfloat (a->height, ==, 15);
}

static void
test_load_errors_name_the_file (void)
{
  g_autofree char *path = new_path ("broken.sdpboard");
  g_autofree char *missing = new_path ("missing.sdpboard");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpBoard) board = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (path, DOC (RECT (", \"width\": true")), -1, NULL));
  board = sdp_board_load (file, &error);
  g_assert_null (board);
  g_assert_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_INVALID);
  expected = g_strdup_printf ("%u-broken.sdpboard: elements[0].width: expected a number",
                              counter - 2);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  board = sdp_board_load (missing_file, &error);
  g_assert_null (board);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static SdpBoard *
new_board_of (guint n)
{
  SdpBoard *board = sdp_board_new ();
  guint i;

  sdp_board_begin (board);
  for (i = 0; i < n; i++)
    add_shape (board, SDP_ELEMENT_SERVICE, NULL, i * 10.5, i * 3.25);
  sdp_board_commit (board);
  return board;
}

static void
test_save_read_only_folder (void)
{
  g_autofree char *folder = new_path ("read-only");
  g_autofree char *path = g_build_filename (folder, "board.sdpboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SdpBoard) before = new_board_of (3);
  g_autoptr(SdpBoard) after = new_board_of (30);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  gsize old_len, now_len;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores folder permissions");
      return;
    }

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (sdp_board_save (before, file, &error));
  g_assert_no_error (error);
  old = read_bytes (path, &old_len);

  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_assert_false (sdp_board_save (after, file, &error));
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “board.sdpboard”: "));
  g_assert_nonnull (strstr (error->message, "ermission denied"));

  now = read_bytes (path, &now_len);
  g_assert_cmpmem (old, old_len, now, now_len);
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

/* A write that fails half-way (here: the file size limit, which binds root too) leaves the
 * previous file as it was and no temporary file behind. */
static void
test_save_fails_mid_write (void)
{
  g_autofree char *folder = new_path ("limited");
  g_autofree char *path = g_build_filename (folder, "board.sdpboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SdpBoard) before = new_board_of (3);
  g_autoptr(SdpBoard) after = new_board_of (500);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  struct rlimit saved, limited;
  void (*saved_handler) (int);
  gboolean ok;
  gsize old_len, now_len;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (sdp_board_save (before, file, &error));
  g_assert_no_error (error);
  old = read_bytes (path, &old_len);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 16 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  ok = sdp_board_save (after, file, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “board.sdpboard”: "));
  now = read_bytes (path, &now_len);
  g_assert_cmpmem (old, old_len, now, now_len);
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

static void
test_save_missing_folder (void)
{
  g_autofree char *folder = new_path ("not-there");
  g_autofree char *path = g_build_filename (folder, "board.sdpboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SdpBoard) board = new_board_of (2);
  g_autoptr(GError) error = NULL;

  g_assert_false (sdp_board_save (board, file, &error));
  g_assert_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “board.sdpboard”: "));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Saving over a file keeps its permissions, and saving through a link writes where it points. */
static void
test_save_keeps_mode_and_links (void)
{
  g_autofree char *path = new_path ("private.sdpboard");
  g_autofree char *link = new_path ("link.sdpboard");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autoptr(SdpBoard) small = new_board_of (1);
  g_autoptr(SdpBoard) big = new_board_of (5);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = sdp_board_to_json (big);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (sdp_board_save (small, file, &error));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (symlink (path, link), ==, 0);

  g_assert_true (sdp_board_save (big, link_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  contents = read_bytes (path, NULL);
  g_assert_cmpstr (contents, ==, json);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Damaged files (bytes changed, cut short, brackets added) are refused or read, never a crash;
 * and whatever is read saves to a file that reads back to the same bytes. */
static void
test_fuzz (void)
{
  g_autoptr(SdpBoard) board = new_full_board ();
  g_autofree char *json = NULL;
  static const char specials[] = "[]{}\",:0123456789-.eE\\ntfu";
  guint accepted = 0, refused = 0;
  gsize len;
  guint i;

  json = sdp_board_to_json (board);
  len = strlen (json);
  for (i = 0; i < 3000; i++)
    {
      g_autofree char *copy = g_memdup2 (json, len + 1);
      g_autoptr(SdpBoard) result = NULL;
      g_autoptr(GError) error = NULL;
      guint changes = (guint) g_test_rand_int_range (1, 5), c;
      gsize cut = len;

      for (c = 0; c < changes; c++)
        {
          gsize at = (gsize) g_test_rand_int_range (0, (int) len);

          if (g_test_rand_bit ())
            copy[at] = (char) g_test_rand_int_range (0, 256);
          else
            copy[at] = specials[g_test_rand_int_range (0, sizeof specials - 1)];
        }
      if (i % 4 == 0)
        cut = (gsize) g_test_rand_int_range (0, (int) len);

      result = sdp_board_new_from_json (copy, (gssize) cut, &error);
      g_assert_true ((result == NULL) != (error == NULL));
      if (result == NULL)
        {
          g_assert_true (error->domain == SDP_BOARD_IO_ERROR);
          if (!g_utf8_validate (error->message, -1, NULL))
            g_error ("not UTF-8: %s", error->message);
          refused++;
          continue;
        }
      accepted++;
      {
        g_autofree char *saved = sdp_board_to_json (result);
        g_autoptr(GError) again_error = NULL;
        g_autoptr(SdpBoard) again = sdp_board_new_from_json (saved, -1, &again_error);
        g_autofree char *resaved = NULL;

        g_assert_no_error (again_error);
        resaved = sdp_board_to_json (again);
        g_assert_cmpstr (resaved, ==, saved);
      }
    }
  g_test_message ("fuzz: %u accepted, %u refused", accepted, refused);
  g_assert_cmpuint (accepted + refused, ==, 3000);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) folder = g_dir_open (path, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("sdp-board-io-XXXXXX", NULL);
  g_assert_nonnull (dir);

  g_test_add_func ("/board-io/round-trip", test_round_trip);
  g_test_add_func ("/board-io/numbers", test_numbers);
  g_test_add_func ("/board-io/written-files-open", test_written_files_open);
  g_test_add_func ("/board-io/unknown-fields", test_unknown_fields);
  g_test_add_func ("/board-io/extra-does-not-shadow", test_extra_does_not_shadow);
  g_test_add_func ("/board-io/defaults", test_defaults);
  g_test_add_func ("/board-io/refused", test_refused);
  g_test_add_func ("/board-io/refused/deep-nesting", test_deep_nesting);
  g_test_add_func ("/board-io/refused/too-many-elements", test_too_many_elements);
  g_test_add_func ("/board-io/binding-to-missing", test_binding_to_missing);
  g_test_add_func ("/board-io/load/errors-name-the-file", test_load_errors_name_the_file);
  g_test_add_func ("/board-io/save/read-only-folder", test_save_read_only_folder);
  g_test_add_func ("/board-io/save/fails-mid-write", test_save_fails_mid_write);
  g_test_add_func ("/board-io/save/missing-folder", test_save_missing_folder);
  g_test_add_func ("/board-io/save/keeps-mode-and-links", test_save_keeps_mode_and_links);
  g_test_add_func ("/board-io/fuzz", test_fuzz);

  status = g_test_run ();
  remove_tree (dir);
  g_free (dir);
  return status;
}

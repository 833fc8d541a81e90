/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Reading and writing `*.sdpboard` files (the format is described in docs/sdpboard-format.md).
 *
 * The writer is our own rather than JsonGenerator for two reasons: it prints each number in the
 * shortest form that reads back to the same double (JsonGenerator always prints 17 digits, so
 * 0.1 becomes 0.10000000000000001), and it puts one element per line, which keeps files
 * readable and diffs small. Output depends only on the board, so saving the same board twice
 * gives the same bytes, and save → load → save is byte-identical.
 *
 * The reader is strict: anything it cannot read exactly is refused with the JSON path of the
 * problem. Before json-glib sees the text, a quick scan refuses documents nested deeper than
 * SDP_BOARD_MAX_DEPTH (json-glib 1.6 parses and frees recursively, and a few hundred thousand
 * nested brackets overflow the stack), whole numbers json-glib would silently wrap around, and
 * bare words such as NaN, so those errors can name their path too. */

#include "sdp-board-io.h"
#include "sdp-json-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define APP_ID "io.github.sdprep.SystemDesignPrep"
#define FILE_TYPE "sdpboard"

/* Larger files are refused before reading them: json-glib needs several times the file's size
 * in memory, and no real board comes near this. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

#define MAX_STROKE_WIDTH 1000.0
#define MAX_FONT_SIZE 1000.0

G_DEFINE_QUARK (sdp-board-io-error-quark, sdp_board_io_error)

static const char * const fill_names[] = { "none", "solid" };
static const char * const dash_names[] = { "solid", "dashed", "dotted" };
static const char * const route_names[] = { "straight", "elbow" };

/* The members an element of a given kind is read from. Anything else is kept in element->extra
 * and written back unchanged, which is also how a field this version knows but does not use
 * for that kind ("points" on a rectangle) survives. */
static const char * const common_keys[] = {
  "id", "kind", "x", "y", "width", "height", "label", "stroke_color", "fill_color", "fill",
  "stroke_width", "dash", "font_size", "group", "locked",
};
static const char * const connector_keys[] = { "points", "start", "end", "route" };
static const char * const arrow_keys[] = { "arrowheads" };
static const char * const freehand_keys[] = { "stroke" };
static const char * const envelope_keys[] = { "type", "format", "app", "elements" };

static gboolean
in_list (const char         *key,
         const char * const *list,
         gsize               n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (strcmp (key, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_element_key (SdpElementKind  kind,
                const char     *key)
{
  if (in_list (key, common_keys, G_N_ELEMENTS (common_keys)))
    return TRUE;
  if ((kind == SDP_ELEMENT_LINE || kind == SDP_ELEMENT_ARROW) &&
      in_list (key, connector_keys, G_N_ELEMENTS (connector_keys)))
    return TRUE;
  if (kind == SDP_ELEMENT_ARROW && in_list (key, arrow_keys, G_N_ELEMENTS (arrow_keys)))
    return TRUE;
  if (kind == SDP_ELEMENT_FREEHAND && in_list (key, freehand_keys, G_N_ELEMENTS (freehand_keys)))
    return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------- writing */

/* The shortest of 15, 16 or 17 significant digits that reads back as exactly @value. Whole
 * numbers, the common case for shapes on the grid, skip the round trips. */
static void
format_number (char   *buf,
               gsize   size,
               double  value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  guint i;

  if (!isfinite (value))
    value = 0;
  if (value == 0)
    {
      /* Also turns -0 into 0: json-glib reads "-0" as the integer 0, which would print
       * differently on the next save. */
      g_strlcpy (buf, "0", size);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_snprintf (buf, size, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }
  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  format_number (buf, sizeof buf, value);
  g_string_append (out, buf);
}

/* The writer never produces a value its own reader refuses: a board that was saved must open
 * again, even if something upstream let a value drift out of range. */
static double
clamp_value (double value,
             double min,
             double max)
{
  if (!isfinite (value))
    return CLAMP (0, min, max);
  return CLAMP (value, min, max);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  /* json-glib refuses a document with invalid UTF-8 anywhere, so one bad label would make the
   * whole board unreadable. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (p = run = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_key (GString    *out,
            const char *key)
{
  g_string_append (out, ", ");
  append_string (out, key);
  g_string_append (out, ": ");
}

/* Kept fields are written back as they were read, in the same compact style. */
static void
append_node (GString  *out,
             JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gboolean first = TRUE;

      g_string_append_c (out, '{');
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (!first)
            g_string_append (out, ", ");
          first = FALSE;
          append_string (out, name);
          g_string_append (out, ": ");
          append_node (out, member);
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint i, n = json_array_get_length (array);

      g_string_append_c (out, '[');
      for (i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_node (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          if (isfinite (json_node_get_double (node)))
            append_number (out, json_node_get_double (node));
          else
            g_string_append (out, "null");
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
    }
}

static void
append_binding (GString          *out,
                const char       *key,
                const SdpBinding *binding)
{
  append_key (out, key);
  if (binding->element_id == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append (out, "{\"element\": ");
  append_string (out, binding->element_id);
  g_string_append (out, ", \"focus\": [");
  append_number (out, clamp_value (binding->focus_x, 0, 1));
  g_string_append (out, ", ");
  append_number (out, clamp_value (binding->focus_y, 0, 1));
  g_string_append (out, "]}");
}

static void
append_coordinate (GString *out,
                   double   value)
{
  append_number (out, clamp_value (value, -SDP_ELEMENT_MAX_COORD, SDP_ELEMENT_MAX_COORD));
}

static void
append_point (GString        *out,
              const SdpPoint *point,
              gboolean        first)
{
  g_string_append (out, first ? "[" : ", [");
  append_coordinate (out, point->x);
  g_string_append (out, ", ");
  append_coordinate (out, point->y);
  g_string_append_c (out, ']');
}

/* The reader wants at least two points on a line or arrow. The model keeps to that, but if a
 * degenerate connector ever reaches the writer it is saved along its box rather than making
 * the whole file unreadable. */
static void
append_connector_points (GString          *out,
                         const SdpElement *element)
{
  guint n = element->points != NULL ? element->points->len : 0;
  guint i;

  g_string_append_c (out, '[');
  if (n >= 2)
    {
      for (i = 0; i < n; i++)
        append_point (out, &g_array_index (element->points, SdpPoint, i), i == 0);
    }
  else
    {
      SdpPoint from = { element->x, element->y };
      SdpPoint to = { element->x + element->width, element->y + element->height };

      if (n == 1)
        from = to = g_array_index (element->points, SdpPoint, 0);
      append_point (out, &from, TRUE);
      append_point (out, &to, FALSE);
    }
  g_string_append_c (out, ']');
}

static void
append_stroke_point (GString              *out,
                     const SdpStrokePoint *point,
                     gboolean              first)
{
  g_string_append (out, first ? "[" : ", [");
  append_coordinate (out, point->x);
  g_string_append (out, ", ");
  append_coordinate (out, point->y);
  g_string_append (out, ", ");
  append_number (out, clamp_value (point->pressure, 0, 1));
  g_string_append_c (out, ']');
}

/* Likewise a stroke needs one point at least. */
static void
append_stroke_points (GString          *out,
                      const SdpElement *element)
{
  guint n = element->stroke != NULL ? element->stroke->len : 0;
  guint i;

  g_string_append_c (out, '[');
  for (i = 0; i < n; i++)
    append_stroke_point (out, &g_array_index (element->stroke, SdpStrokePoint, i), i == 0);
  if (n == 0)
    append_stroke_point (out, &(SdpStrokePoint) { element->x, element->y, 0.5 }, TRUE);
  g_string_append_c (out, ']');
}

static void
append_element (GString          *out,
                const SdpElement *element)
{
  g_string_append (out, "{\"id\": ");
  append_string (out, element->id != NULL ? element->id : "");
  append_key (out, "kind");
  append_string (out, sdp_element_kind_to_string (element->kind));
  append_key (out, "x");
  append_coordinate (out, element->x);
  append_key (out, "y");
  append_coordinate (out, element->y);
  append_key (out, "width");
  append_number (out, clamp_value (element->width, 0, SDP_ELEMENT_MAX_COORD));
  append_key (out, "height");
  append_number (out, clamp_value (element->height, 0, SDP_ELEMENT_MAX_COORD));
  if (element->label != NULL)
    {
      append_key (out, "label");
      append_string (out, element->label);
    }
  append_key (out, "stroke_color");
  append_string (out, sdp_color_to_string (element->stroke_color));
  append_key (out, "fill_color");
  append_string (out, sdp_color_to_string (element->fill_color));
  append_key (out, "fill");
  append_string (out, fill_names[element->fill == SDP_FILL_SOLID]);
  append_key (out, "stroke_width");
  append_number (out, clamp_value (element->stroke_width, 0, MAX_STROKE_WIDTH));
  append_key (out, "dash");
  append_string (out, dash_names[(guint) element->dash < G_N_ELEMENTS (dash_names)
                                 ? element->dash : SDP_DASH_SOLID]);
  append_key (out, "font_size");
  append_number (out, clamp_value (element->font_size, 1, MAX_FONT_SIZE));

  if (element->kind == SDP_ELEMENT_LINE || element->kind == SDP_ELEMENT_ARROW)
    {
      append_key (out, "points");
      append_connector_points (out, element);
      append_binding (out, "start", &element->start);
      append_binding (out, "end", &element->end);
      append_key (out, "route");
      append_string (out, route_names[element->route == SDP_ROUTE_ELBOW]);
      if (element->kind == SDP_ELEMENT_ARROW)
        {
          append_key (out, "arrowheads");
          g_string_append_printf (out, "{\"start\": %s, \"end\": %s}",
                                  element->start_arrowhead ? "true" : "false",
                                  element->end_arrowhead ? "true" : "false");
        }
    }
  else if (element->kind == SDP_ELEMENT_FREEHAND)
    {
      append_key (out, "stroke");
      append_stroke_points (out, element);
    }

  if (element->group_id != NULL)
    {
      append_key (out, "group");
      append_string (out, element->group_id);
    }
  if (element->locked)
    {
      append_key (out, "locked");
      g_string_append (out, "true");
    }

  if (element->extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, element->extra);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          /* A kept field never shadows one we write: the reader would see it twice. */
          if (is_element_key (element->kind, name))
            continue;
          append_key (out, name);
          append_node (out, member);
        }
    }
  g_string_append_c (out, '}');
}

/**
 * sdp_board_to_json:
 *
 * The board as an `.sdpboard` document: the same board always gives the same bytes.
 *
 * Returns: (transfer full): UTF-8 JSON, ending with a newline
 */
char *
sdp_board_to_json (SdpBoard *board)
{
  guint n = sdp_board_get_n_elements (board);
  JsonObject *extra = sdp_board_get_extra (board);
  GString *out = g_string_sized_new (256 + (gsize) n * 256);
  guint i;

  g_string_append (out, "{\n  \"type\": \"" FILE_TYPE "\",\n");
  g_string_append_printf (out, "  \"format\": %d,\n", SDP_BOARD_FORMAT);
  g_string_append (out, "  \"app\": \"" APP_ID "\",\n");

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, extra);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (in_list (name, envelope_keys, G_N_ELEMENTS (envelope_keys)))
            continue;
          g_string_append (out, "  ");
          append_string (out, name);
          g_string_append (out, ": ");
          append_node (out, member);
          g_string_append (out, ",\n");
        }
    }

  if (n == 0)
    {
      g_string_append (out, "  \"elements\": []\n}\n");
      return g_string_free (out, FALSE);
    }
  g_string_append (out, "  \"elements\": [\n");
  for (i = 0; i < n; i++)
    {
      g_string_append (out, "    ");
      append_element (out, sdp_board_get_element_at (board, i));
      g_string_append (out, i + 1 < n ? ",\n" : "\n");
    }
  g_string_append (out, "  ]\n}\n");
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- the pre-scan */

typedef struct
{
  gboolean    in_object;
  guint       index;     /* arrays: the element being read */
  const char *key;       /* objects: the member being read (raw, as in the text) */
  gsize       key_len;
} ScanFrame;

static void
scan_path (GString         *out,
           const ScanFrame *frames,
           guint            depth)
{
  guint i;

  for (i = 0; i < depth; i++)
    {
      if (!frames[i].in_object)
        g_string_append_printf (out, "[%u]", frames[i].index);
      else if (frames[i].key != NULL)
        {
          /* The key is raw text that json-glib has not checked yet: it may not be UTF-8. */
          g_autofree char *key = g_utf8_make_valid (frames[i].key, MIN (frames[i].key_len, 64));

          g_string_append_printf (out, "%s%s", out->len > 0 ? "." : "", key);
        }
    }
}

static gboolean G_GNUC_PRINTF (5, 6)
scan_fail (GError          **error,
           int               code,
           const ScanFrame  *frames,
           guint             depth,
           const char       *format,
           ...)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  scan_path (path, frames, depth);
  if (path->len > 0)
    g_set_error (error, SDP_BOARD_IO_ERROR, code, "%s: %s", path->str, message);
  else
    g_set_error (error, SDP_BOARD_IO_ERROR, code, "%s", message);
  return FALSE;
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Refuses what json-glib would parse dangerously or wrongly; anything else that is not JSON
 * is left for json-glib to report. Strings are skipped whole, so brackets in labels do not
 * count. */
static gboolean
prescan (const char  *data,
         gsize        length,
         GError     **error)
{
  ScanFrame frames[SDP_BOARD_MAX_DEPTH];
  const char *p = data, *end = data + length;
  guint depth = 0;
  gboolean expect_key = FALSE;

  while (p < end)
    {
      char c = *p;

      if (c == '"')
        {
          const char *start = ++p;

          while (p < end && *p != '"')
            p += *p == '\\' ? 2 : 1;
          if (p >= end)
            return TRUE;
          if (depth > 0 && frames[depth - 1].in_object && expect_key)
            {
              frames[depth - 1].key = start;
              frames[depth - 1].key_len = (gsize) (p - start);
              expect_key = FALSE;
            }
          p++;
        }
      else if (c == '{' || c == '[')
        {
          if (depth == SDP_BOARD_MAX_DEPTH)
            return scan_fail (error, SDP_BOARD_IO_ERROR_INVALID, frames, depth,
                              "nested more than %d levels deep", SDP_BOARD_MAX_DEPTH);
          frames[depth++] = (ScanFrame) { c == '{', 0, NULL, 0 };
          expect_key = c == '{';
          p++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth > 0)
            depth--;
          expect_key = FALSE;
          p++;
        }
      else if (c == ',')
        {
          if (depth > 0 && frames[depth - 1].in_object)
            expect_key = TRUE;
          else if (depth > 0)
            frames[depth - 1].index++;
          p++;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          const char *start = p;
          gboolean whole = TRUE;
          guint digits = 0;

          for (; p < end && is_number_char (*p); p++)
            {
              if (*p == '.' || *p == 'e' || *p == 'E')
                whole = FALSE;
              else if (g_ascii_isdigit (*p) && (digits > 0 || *p != '0'))
                digits++;
            }
          /* json-glib wraps whole numbers beyond 64 bits around without a word. */
          if (whole && digits > 18)
            {
              g_autofree char *token = g_strndup (start, (gsize) (p - start));

              errno = 0;
              g_ascii_strtoll (token, NULL, 10);
              if (errno == ERANGE)
                return scan_fail (error, SDP_BOARD_IO_ERROR_INVALID, frames, depth,
                                  "%.40s is too large a number", token);
            }
        }
      else if (g_ascii_isalpha (c) || c == '_' || c == '$')
        {
          const char *start = p;
          gsize len;

          while (p < end && (g_ascii_isalnum (*p) || *p == '_' || *p == '$'))
            p++;
          len = (gsize) (p - start);
          if ((len == 4 && memcmp (start, "true", 4) == 0) ||
              (len == 5 && memcmp (start, "false", 5) == 0) ||
              (len == 4 && memcmp (start, "null", 4) == 0))
            continue;
          if (expect_key)
            return scan_fail (error, SDP_BOARD_IO_ERROR_PARSE, frames, depth - 1,
                              "not valid JSON: expected a member name in quotes, found “%.*s”",
                              (int) MIN (len, 40), start);
          return scan_fail (error, SDP_BOARD_IO_ERROR_PARSE, frames, depth,
                            "not valid JSON: “%.*s” is not a JSON value (JSON has no NaN or "
                            "Infinity)", (int) MIN (len, 40), start);
        }
      else
        {
          p++;
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------- reading */

typedef struct
{
  GString  *path;   /* where the reader is: "" at the top, "elements[12]" in an element */
  GError  **error;
} Reader;

static gboolean G_GNUC_PRINTF (4, 5)
reader_fail (Reader     *reader,
             int         code,
             const char *key,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (reader->path->len > 0 && key != NULL)
    g_set_error (reader->error, SDP_BOARD_IO_ERROR, code, "%s.%s: %s",
                 reader->path->str, key, message);
  else if (reader->path->len > 0 || key != NULL)
    g_set_error (reader->error, SDP_BOARD_IO_ERROR, code, "%s: %s",
                 key != NULL ? key : reader->path->str, message);
  else
    g_set_error (reader->error, SDP_BOARD_IO_ERROR, code, "%s", message);
  return FALSE;
}

#define invalid(reader, key, ...) \
  reader_fail ((reader), SDP_BOARD_IO_ERROR_INVALID, (key), __VA_ARGS__)

/* A value quoted in a message, cut to a readable length on a character boundary. */
static char *
excerpt (const char *text)
{
  const char *cut;

  if (g_utf8_strlen (text, 41) <= 40)
    return g_strdup (text);
  cut = g_utf8_offset_to_pointer (text, 40);
  return g_strdup_printf ("%.*s…", (int) (cut - text), text);
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
holds_number (JsonNode *node)
{
  return holds_type (node, G_TYPE_DOUBLE) || holds_type (node, G_TYPE_INT64);
}

static gboolean
number_ok (JsonNode *node,
           double    min,
           double    max,
           double   *out)
{
  double value;

  if (!holds_number (node))
    return FALSE;
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* Numbers: finite and within [min, max], or an error naming @key (NULL: the path itself). */
static gboolean
take_number (Reader     *reader,
             JsonNode   *node,
             const char *key,
             double      min,
             double      max,
             double     *out)
{
  char value_buf[G_ASCII_DTOSTR_BUF_SIZE], min_buf[G_ASCII_DTOSTR_BUF_SIZE];
  char max_buf[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (number_ok (node, min, max, out))
    return TRUE;
  if (node == NULL)
    return invalid (reader, key, "is missing");
  if (!holds_number (node))
    return invalid (reader, key, "expected a number, found %s", sdp_json_describe_node (node));

  value = json_node_get_double (node);
  if (!isfinite (value))
    return invalid (reader, key, "the number is too large");
  format_number (value_buf, sizeof value_buf, value);
  format_number (min_buf, sizeof min_buf, min);
  format_number (max_buf, sizeof max_buf, max);
  return invalid (reader, key, "%s is outside %s to %s", value_buf, min_buf, max_buf);
}

static gboolean
read_number (Reader     *reader,
             JsonObject *object,
             const char *key,
             double      min,
             double      max,
             gboolean    required,
             double     *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return TRUE;
  return take_number (reader, node, key, min, max, out);
}

/* Returns a string owned by the document, or NULL with *ok saying whether that is fine. */
static const char *
read_string (Reader     *reader,
             JsonObject *object,
             const char *key,
             gboolean    required,
             gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, key);

  *ok = FALSE;
  if (node == NULL || (!required && JSON_NODE_HOLDS_NULL (node)))
    {
      if (required)
        invalid (reader, key, "is missing");
      else
        *ok = TRUE;
      return NULL;
    }
  if (!holds_type (node, G_TYPE_STRING))
    {
      invalid (reader, key, "expected a string, found %s", sdp_json_describe_node (node));
      return NULL;
    }
  *ok = TRUE;
  return json_node_get_string (node);
}

static gboolean
read_boolean (Reader     *reader,
              JsonObject *object,
              const char *key,
              gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_BOOLEAN))
    return invalid (reader, key, "expected true or false, found %s", sdp_json_describe_node (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_choice (Reader             *reader,
             JsonObject         *object,
             const char         *key,
             const char * const *names,
             guint               n_names,
             guint              *out)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  const char *value;
  gboolean ok;
  guint i;

  value = read_string (reader, object, key, FALSE, &ok);
  if (!ok)
    return FALSE;
  if (value == NULL)
    return TRUE;
  for (i = 0; i < n_names; i++)
    if (g_str_equal (value, names[i]))
      {
        *out = i;
        return TRUE;
      }

  for (i = 0; i < n_names; i++)
    g_string_append_printf (expected, "%s“%s”", i == 0 ? "" : i + 1 < n_names ? ", " : " or ",
                            names[i]);
  {
    g_autofree char *shown = excerpt (value);

    return invalid (reader, key, "unknown value “%s” (expected %s)", shown, expected->str);
  }
}

static gboolean
read_color (Reader     *reader,
            JsonObject *object,
            const char *key,
            SdpColor   *out)
{
  const char *value;
  gboolean ok;

  value = read_string (reader, object, key, FALSE, &ok);
  if (!ok)
    return FALSE;
  if (value != NULL && !sdp_color_from_string (value, out))
    {
      g_autofree char *shown = excerpt (value);

      return invalid (reader, key, "unknown color “%s” (expected ink, gray, red, orange, "
                      "yellow, green, blue or violet)", shown);
    }
  return TRUE;
}

/* A list of [x, y] (arity 2) or [x, y, pressure] (arity 3) points. */
static GArray *
read_points (Reader     *reader,
             JsonObject *object,
             const char *key,
             guint       arity,
             guint       min_count,
             const char *what)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GArray) points = NULL;
  gsize saved_len = reader->path->len;
  JsonArray *array;
  guint i, j, n;

  if (node == NULL)
    return invalid (reader, key, "is missing"), NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (reader, key, "expected an array of points, found %s",
                    sdp_json_describe_node (node)), NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_count)
    return invalid (reader, key, "%s needs at least %u point%s, found %u", what, min_count,
                    min_count == 1 ? "" : "s", n), NULL;

  points = g_array_sized_new (FALSE, FALSE,
                              arity == 2 ? sizeof (SdpPoint) : sizeof (SdpStrokePoint), n);
  for (i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      double values[3];
      JsonArray *pair;

      if (!JSON_NODE_HOLDS_ARRAY (item) ||
          json_array_get_length (json_node_get_array (item)) != arity)
        {
          g_string_append_printf (reader->path, ".%s[%u]", key, i);
          invalid (reader, NULL, "expected %s, found %s",
                   arity == 2 ? "[x, y]" : "[x, y, pressure]",
                   JSON_NODE_HOLDS_ARRAY (item) ? "an array of another length"
                                                : sdp_json_describe_node (item));
          g_string_truncate (reader->path, saved_len);
          return NULL;
        }
      pair = json_node_get_array (item);
      for (j = 0; j < arity; j++)
        {
          JsonNode *value = json_array_get_element (pair, j);
          double limit = j < 2 ? SDP_ELEMENT_MAX_COORD : 1;

          /* The path is only built when something is wrong: a pen stroke has many numbers. */
          if (!number_ok (value, j < 2 ? -limit : 0, limit, &values[j]))
            {
              g_string_append_printf (reader->path, ".%s[%u][%u]", key, i, j);
              take_number (reader, value, NULL, j < 2 ? -limit : 0, limit, &values[j]);
              g_string_truncate (reader->path, saved_len);
              return NULL;
            }
        }
      if (arity == 2)
        {
          SdpPoint point = { values[0], values[1] };

          g_array_append_val (points, point);
        }
      else
        {
          SdpStrokePoint point = { values[0], values[1], values[2] };

          g_array_append_val (points, point);
        }
    }
  return g_steal_pointer (&points);
}

/* One end of a connector: null, or {"element": id, "focus": [fx, fy]}. Whether the element
 * exists is checked once every element is read. */
static gboolean
read_binding (Reader     *reader,
              JsonObject *object,
              const char *key,
              SdpBinding *binding)
{
  JsonNode *node = json_object_get_member (object, key);
  gsize saved_len = reader->path->len;
  JsonObject *member;
  JsonNode *focus;
  const char *target;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (reader, key, "expected null or an object, found %s", sdp_json_describe_node (node));

  member = json_node_get_object (node);
  g_string_append_printf (reader->path, ".%s", key);
  target = read_string (reader, member, "element", TRUE, &ok);
  if (ok && *target == '\0')
    ok = invalid (reader, "element", "must not be empty");
  if (!ok)
    goto out;

  focus = json_object_get_member (member, "focus");
  if (focus != NULL)
    {
      JsonArray *pair;

      if (!JSON_NODE_HOLDS_ARRAY (focus) ||
          json_array_get_length (json_node_get_array (focus)) != 2)
        {
          ok = invalid (reader, "focus", "expected [x, y], found %s",
                        JSON_NODE_HOLDS_ARRAY (focus) ? "an array of another length"
                                                      : sdp_json_describe_node (focus));
          goto out;
        }
      pair = json_node_get_array (focus);
      ok = take_number (reader, json_array_get_element (pair, 0), "focus[0]", 0, 1,
                        &binding->focus_x) &&
           take_number (reader, json_array_get_element (pair, 1), "focus[1]", 0, 1,
                        &binding->focus_y);
      if (!ok)
        goto out;
    }
  binding->element_id = g_strdup (target);

out:
  g_string_truncate (reader->path, saved_len);
  return ok;
}

static gboolean
read_arrowheads (Reader     *reader,
                 JsonObject *object,
                 SdpElement *element)
{
  JsonNode *node = json_object_get_member (object, "arrowheads");
  gsize saved_len = reader->path->len;
  gboolean ok;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (reader, "arrowheads", "expected an object, found %s", sdp_json_describe_node (node));

  g_string_append (reader->path, ".arrowheads");
  ok = read_boolean (reader, json_node_get_object (node), "start", &element->start_arrowhead) &&
       read_boolean (reader, json_node_get_object (node), "end", &element->end_arrowhead);
  g_string_truncate (reader->path, saved_len);
  return ok;
}

static SdpElement *
read_element (Reader     *reader,
              JsonObject *object)
{
  g_autoptr(SdpElement) element = NULL;
  SdpElementKind kind;
  const char *id, *kind_name, *label, *group;
  gboolean connector, freehand, ok;
  double x = 0, y = 0, width = 0, height = 0;
  guint choice;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  id = read_string (reader, object, "id", TRUE, &ok);
  if (!ok)
    return NULL;
  if (*id == '\0')
    return invalid (reader, "id", "must not be empty"), NULL;

  kind_name = read_string (reader, object, "kind", TRUE, &ok);
  if (!ok)
    return NULL;
  if (!sdp_element_kind_from_string (kind_name, &kind))
    {
      g_autofree char *shown = excerpt (kind_name);

      return invalid (reader, "kind", "unknown kind “%s”", shown), NULL;
    }
  connector = kind == SDP_ELEMENT_LINE || kind == SDP_ELEMENT_ARROW;
  freehand = kind == SDP_ELEMENT_FREEHAND;

  /* The box of a line, arrow or stroke follows its points, so it is checked but not needed. */
  if (!read_number (reader, object, "x", -SDP_ELEMENT_MAX_COORD, SDP_ELEMENT_MAX_COORD,
                    !connector && !freehand, &x) ||
      !read_number (reader, object, "y", -SDP_ELEMENT_MAX_COORD, SDP_ELEMENT_MAX_COORD,
                    !connector && !freehand, &y) ||
      !read_number (reader, object, "width", 0, SDP_ELEMENT_MAX_COORD,
                    !connector && !freehand, &width) ||
      !read_number (reader, object, "height", 0, SDP_ELEMENT_MAX_COORD,
                    !connector && !freehand, &height))
    return NULL;

  element = sdp_element_new (kind, id, x, y, width, height);

  label = read_string (reader, object, "label", FALSE, &ok);
  if (!ok)
    return NULL;
  element->label = g_strdup (label);
  group = read_string (reader, object, "group", FALSE, &ok);
  if (!ok)
    return NULL;
  element->group_id = g_strdup (group);

  if (!read_color (reader, object, "stroke_color", &element->stroke_color) ||
      !read_color (reader, object, "fill_color", &element->fill_color))
    return NULL;

  choice = element->fill;
  if (!read_choice (reader, object, "fill", fill_names, G_N_ELEMENTS (fill_names), &choice))
    return NULL;
  element->fill = (SdpFill) choice;
  choice = element->dash;
  if (!read_choice (reader, object, "dash", dash_names, G_N_ELEMENTS (dash_names), &choice))
    return NULL;
  element->dash = (SdpDash) choice;

  if (!read_number (reader, object, "stroke_width", 0, MAX_STROKE_WIDTH, FALSE,
                    &element->stroke_width) ||
      !read_number (reader, object, "font_size", 1, MAX_FONT_SIZE, FALSE, &element->font_size) ||
      !read_boolean (reader, object, "locked", &element->locked))
    return NULL;

  if (connector)
    {
      element->points = read_points (reader, object, "points", 2, 2,
                                     kind == SDP_ELEMENT_ARROW ? "an arrow" : "a line");
      if (element->points == NULL)
        return NULL;
      choice = element->route;
      if (!read_binding (reader, object, "start", &element->start) ||
          !read_binding (reader, object, "end", &element->end) ||
          !read_choice (reader, object, "route", route_names, G_N_ELEMENTS (route_names), &choice))
        return NULL;
      element->route = (SdpRoute) choice;
      if (kind == SDP_ELEMENT_ARROW && !read_arrowheads (reader, object, element))
        return NULL;
      sdp_element_update_box (element);
    }
  else if (freehand)
    {
      element->stroke = read_points (reader, object, "stroke", 3, 1, "a freehand stroke");
      if (element->stroke == NULL)
        return NULL;
      sdp_element_update_box (element);
    }

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (is_element_key (kind, name))
        continue;
      if (element->extra == NULL)
        element->extra = json_object_new ();
      json_object_set_member (element->extra, name, json_node_copy (member));
    }

  return g_steal_pointer (&element);
}

/* A binding must name a shape of this board; otherwise the end stays where it is, unbound,
 * which is what the board does when a bound shape is deleted. */
static void
check_binding (SdpBinding *binding,
               GHashTable *by_id)
{
  SdpElement *target;

  if (binding->element_id == NULL)
    return;
  target = g_hash_table_lookup (by_id, binding->element_id);
  if (target == NULL || !sdp_element_is_shape (target))
    g_clear_pointer (&binding->element_id, g_free);
}

static SdpBoard *
read_board (Reader   *reader,
            JsonNode *root)
{
  g_autoptr(GPtrArray) elements =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_element_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);  /* id -> element */
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  const char *type;
  gboolean ok;
  gint64 format;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  guint i, n;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (reader, NULL, "not a board: expected an object at the top, found %s",
                    sdp_json_describe_node (root)), NULL;
  object = json_node_get_object (root);

  type = read_string (reader, object, "type", TRUE, &ok);
  if (!ok)
    return NULL;
  if (!g_str_equal (type, FILE_TYPE))
    {
      g_autofree char *shown = excerpt (type);

      return invalid (reader, "type", "“%s” is not a System Design Prep board (expected “"
                      FILE_TYPE "”)", shown), NULL;
    }

  node = json_object_get_member (object, "format");
  if (node == NULL)
    return invalid (reader, "format", "is missing"), NULL;
  if (!holds_type (node, G_TYPE_INT64))
    return invalid (reader, "format", "expected a whole number, found %s",
                    sdp_json_describe_node (node)), NULL;
  format = json_node_get_int (node);
  if (format < 1)
    return invalid (reader, "format", "%" G_GINT64_FORMAT " is not a format number", format), NULL;
  if (format > SDP_BOARD_FORMAT)
    return reader_fail (reader, SDP_BOARD_IO_ERROR_TOO_NEW, "format",
                        "this board was made by a newer version of the app (format %"
                        G_GINT64_FORMAT "; this version reads format %d): update the app to "
                        "open it", format, SDP_BOARD_FORMAT), NULL;

  read_string (reader, object, "app", FALSE, &ok);
  if (!ok)
    return NULL;

  node = json_object_get_member (object, "elements");
  if (node == NULL)
    return invalid (reader, "elements", "is missing"), NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (reader, "elements", "expected an array, found %s", sdp_json_describe_node (node)), NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > SDP_BOARD_MAX_ELEMENTS)
    return invalid (reader, "elements", "%u elements are more than a board can hold (%d)",
                    n, SDP_BOARD_MAX_ELEMENTS), NULL;

  for (i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      SdpElement *element;
      gpointer first;

      g_string_printf (reader->path, "elements[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (reader, NULL, "expected an object, found %s", sdp_json_describe_node (item)), NULL;
      element = read_element (reader, json_node_get_object (item));
      if (element == NULL)
        return NULL;
      g_ptr_array_add (elements, element);

      first = g_hash_table_lookup (by_id, element->id);
      if (first != NULL)
        {
          g_autofree char *shown = excerpt (element->id);
          guint first_index = 0;

          g_ptr_array_find (elements, first, &first_index);
          return invalid (reader, "id", "“%s” is already the id of elements[%u]", shown,
                          first_index), NULL;
        }
      g_hash_table_insert (by_id, element->id, element);
    }
  g_string_truncate (reader->path, 0);

  for (i = 0; i < n; i++)
    {
      SdpElement *element = g_ptr_array_index (elements, i);

      check_binding (&element->start, by_id);
      check_binding (&element->end, by_id);
    }

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (in_list (name, envelope_keys, G_N_ELEMENTS (envelope_keys)))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, name, json_node_copy (member));
    }

  /* One gesture for the whole load, so adding costs one history snapshot rather than one per
   * element; a bound connector is re-routed as it is added, once its shapes are on the board. */
  board = sdp_board_new ();
  sdp_board_begin (board);
  for (i = 0; i < n; i++)
    sdp_board_add (board, sdp_element_ref (g_ptr_array_index (elements, i)));
  sdp_board_commit (board);
  sdp_board_clear_history (board);
  sdp_board_set_extra (board, extra);
  return g_steal_pointer (&board);
}

/* json-glib says "<data>:3:14: Parse error: unexpected character"; say it as a person would.
 * Its messages can quote a string cut in the middle of a character, so they are made valid
 * UTF-8 before anyone shows them. */
static char *
describe_parse_error (const char *raw)
{
  g_autofree char *message = g_utf8_make_valid (raw, -1);
  guint line, column;
  int consumed = 0;

  if (sscanf (message, "<data>:%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      const char *rest = message + consumed;

      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      return g_strdup_printf ("line %u, column %u: %s", line, column, rest);
    }
  return g_steal_pointer (&message);
}

/**
 * sdp_board_new_from_json:
 * @data: the document
 * @length: its length in bytes, or -1 when it ends with a NUL
 *
 * Reads a board. Unknown fields are kept for saving; bindings to elements that are not there
 * are dropped (the connector stays where it is).
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error naming the JSON path
 *   of the problem
 */
/**
 * sdp_board_io_parse_json:
 *
 * Parses a board-like JSON document safely: too deep nesting, wrapped-around integers and
 * bare words are refused before json-glib sees the text (see the top of this file).
 *
 * Returns: (transfer full) (nullable): a parser holding a non-empty document
 */
JsonParser *
sdp_board_io_parse_json (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (!prescan (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_autofree char *why = describe_parse_error (local_error->message);

      g_set_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_PARSE, "not valid JSON: %s", why);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_PARSE,
                           "not valid JSON: the file is empty");
      return NULL;
    }
  return g_steal_pointer (&parser);
}

SdpBoard *
sdp_board_new_from_json (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = sdp_board_io_parse_json (data, length, error);
  g_autoptr(GString) path = NULL;
  Reader reader;

  if (parser == NULL)
    return NULL;
  path = g_string_new (NULL);
  reader = (Reader) { path, error };
  return read_board (&reader, json_parser_get_root (parser));
}

/* ---------------------------------------------------------------- files */

/**
 * sdp_board_load:
 *
 * Returns: (transfer full) (nullable): the board in @file, or %NULL with @error starting with
 *   the file's name
 */
SdpBoard *
sdp_board_load (GFile   *file,
                GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  SdpBoard *board;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_INVALID,
                   "%s: the file is too large to be a board (%" G_GOFFSET_FORMAT " bytes)",
                   name, g_file_info_get_size (info));
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  board = sdp_board_new_from_json (contents, (gssize) length, &local_error);
  if (board == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
      return NULL;
    }
  return board;
}

/* After the rename, the new directory entry is durable only once the folder is synced too.
 * Best effort: the data itself was synced before the rename, so the worst case is the old file. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  fsync (fd);
  g_close (fd, NULL);
}

/**
 * sdp_board_save:
 *
 * Writes @board to @file atomically: the document goes to a temporary file in the same folder,
 * is synced to disk, and then replaces @file in one rename. If anything fails, @file is left
 * as it was and @error says why.
 */
gboolean
sdp_board_save (SdpBoard  *board,
                GFile     *file,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gsize length;

  g_return_val_if_fail (SDP_IS_BOARD (board), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  json = sdp_board_to_json (board);
  length = strlen (json);
  name = g_file_get_basename (file);
  path = g_file_get_path (file);

  if (path != NULL)
    {
      int mode = 0666;
      GStatBuf st;

      /* Replacing a symbolic link would cut it; write where it points instead. */
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          char *target = realpath (path, NULL);

          if (target != NULL)
            {
              g_free (path);
              path = g_strdup (target);
              free (target);
            }
        }
      /* A new file gets the usual permissions (after the umask); a replaced one keeps its own. */
      if (g_stat (path, &st) == 0)
        mode = st.st_mode & 0777;

      if (!g_file_set_contents_full (path, json, (gssize) length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     mode, &local_error))
        {
          g_set_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_WRITE,
                       "Could not save “%s”: %s", name, local_error->message);
          return FALSE;
        }
      sync_folder (path);
      return TRUE;
    }

  /* Not a local file: GIO's replace also writes aside and swaps at the end. */
  if (!g_file_replace_contents (file, json, length, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &local_error))
    {
      g_set_error (error, SDP_BOARD_IO_ERROR, SDP_BOARD_IO_ERROR_WRITE,
                   "Could not save “%s”: %s", name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

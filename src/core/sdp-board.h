/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The whiteboard's model: elements in z-order (first = back) with stable ids.
 *
 * Elements are reference-counted and never changed once they belong to a board: every edit
 * replaces an element with a changed copy. So a snapshot of the board is just an array of
 * element references, shared with the live board, which makes undo/redo of any gesture cheap
 * (see sdp_board_begin/sdp_board_commit). Arrows and lines may bind their ends to shapes; the
 * board re-routes them whenever a bound shape moves or resizes. */

typedef enum
{
  /* Basic shapes. */
  SDP_ELEMENT_RECTANGLE,
  SDP_ELEMENT_ROUNDED_RECTANGLE,
  SDP_ELEMENT_ELLIPSE,
  SDP_ELEMENT_DIAMOND,
  SDP_ELEMENT_TEXT,
  SDP_ELEMENT_LINE,
  SDP_ELEMENT_ARROW,
  SDP_ELEMENT_FREEHAND,
  /* Architecture shapes: a box with a recognisable outline and a caption of its kind. */
  SDP_ELEMENT_CLIENT,
  SDP_ELEMENT_MOBILE_CLIENT,
  SDP_ELEMENT_DNS,
  SDP_ELEMENT_CDN,
  SDP_ELEMENT_LOAD_BALANCER,
  SDP_ELEMENT_API_GATEWAY,
  SDP_ELEMENT_SERVICE,
  SDP_ELEMENT_WORKER,
  SDP_ELEMENT_DATABASE,
  SDP_ELEMENT_CACHE,
  SDP_ELEMENT_QUEUE,
  SDP_ELEMENT_OBJECT_STORAGE,
  SDP_ELEMENT_SEARCH_INDEX,
  SDP_ELEMENT_EXTERNAL_SERVICE,
  SDP_ELEMENT_CONTAINER,       /* a region, VPC or group of services: dashed, label at the top */
  SDP_N_ELEMENT_KINDS
} SdpElementKind;

/* Colours are palette entries, not RGB: each has a light and a dark rendering, so a board
 * reads well in both styles and exports in either. */
typedef enum
{
  SDP_COLOR_INK,      /* near black on light, near white on dark */
  SDP_COLOR_GRAY,
  SDP_COLOR_RED,
  SDP_COLOR_ORANGE,
  SDP_COLOR_YELLOW,
  SDP_COLOR_GREEN,
  SDP_COLOR_BLUE,
  SDP_COLOR_VIOLET,
  SDP_N_COLORS
} SdpColor;

typedef enum
{
  SDP_FILL_NONE,
  SDP_FILL_SOLID,   /* a light tint of fill_color (a deep one in the dark palette) */
} SdpFill;

typedef enum
{
  SDP_DASH_SOLID,
  SDP_DASH_DASHED,
  SDP_DASH_DOTTED,
} SdpDash;

typedef enum
{
  SDP_ROUTE_STRAIGHT,
  SDP_ROUTE_ELBOW,     /* horizontal and vertical segments only */
} SdpRoute;

typedef struct
{
  double x;
  double y;
} SdpPoint;

typedef struct
{
  double x;
  double y;
  double pressure;   /* 0..1; 0.5 when the device gave none */
} SdpStrokePoint;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SdpRect;

/* One end of a line or arrow. When element_id is set, the end sits on that element's outline,
 * in the direction of (focus_x, focus_y): a point relative to the element's box, 0..1 each,
 * (0.5, 0.5) being its centre (the end then points at the centre from the other end). */
typedef struct
{
  char   *element_id;
  double  focus_x;
  double  focus_y;
} SdpBinding;

typedef struct _SdpElement SdpElement;

struct _SdpElement
{
  char          *id;
  SdpElementKind kind;
  double         x, y, width, height;  /* the box; for lines, arrows and strokes, their points' box */
  char          *label;                /* text shown in the shape or on the arrow; NULL for none */
  SdpColor       stroke_color;
  SdpColor       fill_color;
  SdpFill        fill;
  double         stroke_width;         /* 1 thin, 2 regular, 4 bold */
  SdpDash        dash;
  double         font_size;            /* 16, 20 (default), 28, 36 */
  GArray        *points;               /* SdpPoint, absolute: lines and arrows (>= 2 points) */
  GArray        *stroke;               /* SdpStrokePoint, absolute: freehand */
  SdpBinding     start;                /* lines and arrows */
  SdpBinding     end;
  SdpRoute       route;
  gboolean       start_arrowhead;      /* arrows: FALSE by default */
  gboolean       end_arrowhead;        /* arrows: TRUE by default */
  char          *group_id;             /* elements sharing it move and select together; or NULL */
  gboolean       locked;
  JsonObject    *extra;                /* fields from a newer format, kept as they were on save */
};

#define SDP_ELEMENT_MAX_COORD 1e7      /* |x|, |y|, width, height beyond this are refused */

SdpElement     *sdp_element_new              (SdpElementKind  kind,
                                              const char     *id,
                                              double          x,
                                              double          y,
                                              double          width,
                                              double          height);
SdpElement     *sdp_element_new_connector    (SdpElementKind  kind,
                                              const char     *id,
                                              const SdpPoint *from,
                                              const SdpPoint *to);
SdpElement     *sdp_element_copy             (const SdpElement *element);
SdpElement     *sdp_element_ref              (SdpElement     *element);
void            sdp_element_unref            (SdpElement     *element);
gboolean        sdp_element_is_connector     (const SdpElement *element);
gboolean        sdp_element_is_shape         (const SdpElement *element);
void            sdp_element_get_bounds       (const SdpElement *element,
                                              SdpRect        *bounds);
void            sdp_element_update_box       (SdpElement     *element);
void            sdp_element_translate        (SdpElement     *element,
                                              double          dx,
                                              double          dy);
gboolean        sdp_element_contains_point   (const SdpElement *element,
                                              double          x,
                                              double          y,
                                              double          tolerance);
void            sdp_element_outline_point    (const SdpElement *element,
                                              const SdpPoint *toward,
                                              SdpPoint       *result);
const char     *sdp_element_kind_to_string   (SdpElementKind  kind);
gboolean        sdp_element_kind_from_string (const char     *name,
                                              SdpElementKind *kind);
const char     *sdp_element_kind_caption     (SdpElementKind  kind);
const char     *sdp_color_to_string          (SdpColor        color);
gboolean        sdp_color_from_string        (const char     *name,
                                              SdpColor       *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpElement, sdp_element_unref)

#define SDP_TYPE_BOARD (sdp_board_get_type ())
G_DECLARE_FINAL_TYPE (SdpBoard, sdp_board, SDP, BOARD, GObject)

SdpBoard       *sdp_board_new                (void);
guint           sdp_board_get_n_elements     (SdpBoard       *self);
SdpElement     *sdp_board_get_element_at     (SdpBoard       *self,
                                              guint           index);
SdpElement     *sdp_board_lookup             (SdpBoard       *self,
                                              const char     *id);
char           *sdp_board_new_id             (SdpBoard       *self);

/* Edits. Each keeps bound connectors attached and emits ::changed. */
void            sdp_board_add                (SdpBoard       *self,
                                              SdpElement     *element);
void            sdp_board_replace            (SdpBoard       *self,
                                              SdpElement     *element);
gboolean        sdp_board_remove             (SdpBoard       *self,
                                              const char     *id);
void            sdp_board_move               (SdpBoard       *self,
                                              const char * const *ids,
                                              double          dx,
                                              double          dy);
void            sdp_board_resize             (SdpBoard       *self,
                                              const char     *id,
                                              const SdpRect  *box);
void            sdp_board_set_label          (SdpBoard       *self,
                                              const char     *id,
                                              const char     *label);
void            sdp_board_raise              (SdpBoard       *self,
                                              const char * const *ids,
                                              gboolean        to_top);
void            sdp_board_lower              (SdpBoard       *self,
                                              const char * const *ids,
                                              gboolean        to_bottom);
char           *sdp_board_group              (SdpBoard       *self,
                                              const char * const *ids);
void            sdp_board_ungroup            (SdpBoard       *self,
                                              const char * const *ids);
char          **sdp_board_duplicate          (SdpBoard       *self,
                                              const char * const *ids,
                                              double          dx,
                                              double          dy);
void            sdp_board_bind               (SdpBoard       *self,
                                              const char     *connector_id,
                                              gboolean        at_end,
                                              const char     *element_id);
void            sdp_board_reroute            (SdpBoard       *self,
                                              const char     *connector_id);

/* History: one gesture (begin ... commit) is one undo step. */
void            sdp_board_begin              (SdpBoard       *self);
void            sdp_board_commit             (SdpBoard       *self);
gboolean        sdp_board_undo               (SdpBoard       *self);
gboolean        sdp_board_redo               (SdpBoard       *self);
gboolean        sdp_board_can_undo           (SdpBoard       *self);
gboolean        sdp_board_can_redo           (SdpBoard       *self);
void            sdp_board_clear_history      (SdpBoard       *self);

/* Queries, through a spatial index rebuilt lazily after edits. */
void            sdp_board_get_bounds         (SdpBoard       *self,
                                              SdpRect        *bounds);
gboolean        sdp_board_get_bounds_of      (SdpBoard       *self,
                                              GHashTable     *only_ids,
                                              SdpRect        *bounds);
SdpElement     *sdp_board_hit_test           (SdpBoard       *self,
                                              double          x,
                                              double          y,
                                              double          tolerance);
GPtrArray      *sdp_board_query_rect         (SdpBoard       *self,
                                              const SdpRect  *rect);

/* Unknown top-level fields of a loaded file, kept for saving. */
JsonObject     *sdp_board_get_extra          (SdpBoard       *self);
void            sdp_board_set_extra          (SdpBoard       *self,
                                              JsonObject     *extra);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The program: guides, phases -> weeks -> days -> tasks, and paths, loaded once from
 * content/program.json and never changed afterwards. The structs are owned by the catalog;
 * callers get const pointers that live as long as the catalog. */

#define SDP_CATALOG_ERROR (sdp_catalog_error_quark ())

typedef enum
{
  SDP_CATALOG_ERROR_PARSE,         /* not JSON at all */
  SDP_CATALOG_ERROR_INVALID,       /* JSON, but not the shape we expect */
  SDP_CATALOG_ERROR_MISSING_GUIDE, /* a guide's Markdown file cannot be read */
  SDP_CATALOG_ERROR_UNSUPPORTED,   /* a newer "format" than this build understands */
} SdpCatalogError;

typedef enum
{
  SDP_TASK_READ,
  SDP_TASK_EXERCISE,
  SDP_TASK_QUIZ,
  SDP_TASK_MOCK,
  SDP_TASK_REVIEW,
} SdpTaskKind;

typedef struct
{
  char *id;
  char *title;
  char *file;    /* relative to the directory of program.json */
  char *summary;
} SdpGuide;

typedef struct
{
  char *id;
  int   number;
  char *title;
  char *guide_id;
  char *summary;
} SdpPhase;

typedef struct
{
  char       *id;
  int         number;
  SdpTaskKind kind;
  char       *title;
  int         minutes;
  char       *target;  /* "guide-id#anchor", "quiz:phase-1", "question:q-..." */
} SdpTask;

typedef struct
{
  char      *id;
  int        number;
  char      *title;
  GPtrArray *tasks;    /* SdpTask */
} SdpDay;

typedef struct
{
  char      *id;
  int        number;
  char      *phase_id; /* NULL for the practice and assessment weeks */
  char      *theme;
  char      *goals;
  GPtrArray *days;     /* SdpDay */
} SdpWeek;

typedef struct
{
  char *id;
  char *title;
  int   min_weeks;
  int   max_weeks;
  char *level;
  int   study_days_per_week;
  char *summary;
} SdpPath;

#define SDP_TYPE_CATALOG (sdp_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SdpCatalog, sdp_catalog, SDP, CATALOG, GObject)

GQuark          sdp_catalog_error_quark         (void);

SdpCatalog     *sdp_catalog_new_from_file       (GFile        *program_json,
                                                 GError      **error);
SdpCatalog     *sdp_catalog_new_from_data       (const char   *data,
                                                 gssize        length,
                                                 const char   *display_name,
                                                 GFile        *base_dir,
                                                 GError      **error);

const char     *sdp_catalog_get_title           (SdpCatalog   *self);
GFile          *sdp_catalog_get_base_dir        (SdpCatalog   *self);
GPtrArray      *sdp_catalog_get_guides          (SdpCatalog   *self);
GPtrArray      *sdp_catalog_get_phases          (SdpCatalog   *self);
GPtrArray      *sdp_catalog_get_weeks           (SdpCatalog   *self);
GPtrArray      *sdp_catalog_get_paths           (SdpCatalog   *self);

const SdpGuide *sdp_catalog_find_guide          (SdpCatalog   *self,
                                                 const char   *id);
const SdpPhase *sdp_catalog_find_phase          (SdpCatalog   *self,
                                                 const char   *id);
const SdpWeek  *sdp_catalog_find_week           (SdpCatalog   *self,
                                                 const char   *id);
const SdpWeek  *sdp_catalog_find_week_of_day    (SdpCatalog   *self,
                                                 const char   *day_id,
                                                 const SdpDay **day_out);
const SdpTask  *sdp_catalog_find_task           (SdpCatalog   *self,
                                                 const char   *id);
const SdpPath  *sdp_catalog_find_path           (SdpCatalog   *self,
                                                 const char   *id);

char           *sdp_catalog_read_guide          (SdpCatalog   *self,
                                                 const char   *guide_id,
                                                 gsize        *length,
                                                 GError      **error);

const char     *sdp_task_kind_to_string         (SdpTaskKind   kind);

G_END_DECLS

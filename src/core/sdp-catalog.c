/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-catalog.h"
#include "sdp-json-util.h"

#include <json-glib/json-glib.h>

/* The highest "format" of program.json this build understands. */
#define CATALOG_FORMAT 1

struct _SdpCatalog
{
  GObject     parent_instance;

  char       *title;
  GFile      *base_dir;
  GPtrArray  *guides;  /* SdpGuide */
  GPtrArray  *phases;  /* SdpPhase */
  GPtrArray  *weeks;   /* SdpWeek */
  GPtrArray  *paths;   /* SdpPath */
  GHashTable *ids;     /* every id in the file -> the struct it names (borrowed) */
};

G_DEFINE_TYPE (SdpCatalog, sdp_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (sdp-catalog-error-quark, sdp_catalog_error)

/* While reading, every error names the file and the JSON path of the offending value, so a
 * content author can go straight to it: "program.json: $.weeks[3].days[0].tasks: ...". */
typedef struct
{
  const char *file;
  GString    *path;
  GError    **error;
  GHashTable *ids;
} Reader;

static const char * const task_kinds[] = { "read", "exercise", "quiz", "mock", "review" };

static void
guide_free (gpointer data)
{
  SdpGuide *guide = data;

  g_free (guide->id);
  g_free (guide->title);
  g_free (guide->file);
  g_free (guide->summary);
  g_free (guide);
}

static void
phase_free (gpointer data)
{
  SdpPhase *phase = data;

  g_free (phase->id);
  g_free (phase->title);
  g_free (phase->guide_id);
  g_free (phase->summary);
  g_free (phase);
}

static void
task_free (gpointer data)
{
  SdpTask *task = data;

  g_free (task->id);
  g_free (task->title);
  g_free (task->target);
  g_free (task);
}

static void
day_free (gpointer data)
{
  SdpDay *day = data;

  g_free (day->id);
  g_free (day->title);
  g_clear_pointer (&day->tasks, g_ptr_array_unref);
  g_free (day);
}

static void
week_free (gpointer data)
{
  SdpWeek *week = data;

  g_free (week->id);
  g_free (week->phase_id);
  g_free (week->theme);
  g_free (week->goals);
  g_clear_pointer (&week->days, g_ptr_array_unref);
  g_free (week);
}

static void
path_free (gpointer data)
{
  SdpPath *path = data;

  g_free (path->id);
  g_free (path->title);
  g_free (path->level);
  g_free (path->summary);
  g_free (path);
}

static gboolean G_GNUC_PRINTF (3, 4)
reader_fail (Reader     *reader,
             const char *key,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL)
    g_set_error (reader->error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_INVALID,
                 "%s: %s.%s: %s", reader->file, reader->path->str, key, message);
  else
    g_set_error (reader->error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_INVALID,
                 "%s: %s: %s", reader->file, reader->path->str, message);
  return FALSE;
}

static gboolean
read_string (Reader      *reader,
             JsonObject  *object,
             const char  *key,
             gboolean     nullable,
             char       **out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return reader_fail (reader, key, "is missing");
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return reader_fail (reader, key, "expected a string, found %s", sdp_json_describe_node (node));
  if (*json_node_get_string (node) == '\0')
    return reader_fail (reader, key, "must not be empty");

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (Reader     *reader,
          JsonObject *object,
          const char *key,
          int         min,
          int         max,
          int        *out)
{
  JsonNode *node = json_object_get_member (object, key);
  gint64 value;

  if (node == NULL)
    return reader_fail (reader, key, "is missing");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return reader_fail (reader, key, "expected an integer, found %s", sdp_json_describe_node (node));

  value = json_node_get_int (node);
  if (value < min || value > max)
    return reader_fail (reader, key, "%" G_GINT64_FORMAT " is outside %d–%d", value, min, max);

  *out = (int) value;
  return TRUE;
}

static JsonArray *
read_array (Reader     *reader,
            JsonObject *object,
            const char *key,
            gboolean    allow_empty)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return reader_fail (reader, key, "is missing"), NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return reader_fail (reader, key, "expected an array, found %s", sdp_json_describe_node (node)), NULL;
  if (!allow_empty && json_array_get_length (json_node_get_array (node)) == 0)
    return reader_fail (reader, key, "must not be empty"), NULL;

  return json_node_get_array (node);
}

/* Ids are what the user's progress refers to, so they must be unique across the whole file
 * and made of characters that are safe in URIs and SQL literals alike. */
static gboolean
register_id (Reader     *reader,
             const char *id,
             gpointer    item)
{
  const char *p;

  for (p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return reader_fail (reader, "id", "“%s” may only contain letters, digits, '-' and '_'", id);

  if (g_hash_table_contains (reader->ids, id))
    return reader_fail (reader, "id", "“%s” is used twice", id);

  g_hash_table_insert (reader->ids, (char *) id, item);
  return TRUE;
}

typedef gpointer (*ItemReader) (Reader *reader, JsonObject *object);

/* Reads every element of @array with @read_item, keeping reader->path pointing at the
 * element being read so nested errors name their exact place. */
static GPtrArray *
read_items (Reader         *reader,
            JsonArray      *array,
            const char     *key,
            ItemReader      read_item,
            GDestroyNotify  free_item)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_item);
  gsize saved_len = reader->path->len;
  guint i;

  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      g_string_append_printf (reader->path, ".%s[%u]", key, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          reader_fail (reader, NULL, "expected an object, found %s", sdp_json_describe_node (node));
          return NULL;
        }
      item = read_item (reader, json_node_get_object (node));
      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
      g_string_truncate (reader->path, saved_len);
    }

  return g_steal_pointer (&items);
}

static gpointer
read_guide (Reader     *reader,
            JsonObject *object)
{
  SdpGuide *guide = g_new0 (SdpGuide, 1);

  if (!read_string (reader, object, "id", FALSE, &guide->id) ||
      !read_string (reader, object, "title", FALSE, &guide->title) ||
      !read_string (reader, object, "file", FALSE, &guide->file) ||
      !read_string (reader, object, "summary", FALSE, &guide->summary) ||
      !register_id (reader, guide->id, guide))
    {
      guide_free (guide);
      return NULL;
    }

  /* Guide files are looked up relative to program.json: never let one escape that folder. */
  if (g_path_is_absolute (guide->file) || strstr (guide->file, "..") != NULL)
    {
      reader_fail (reader, "file", "“%s” must be a relative path inside the content folder",
                   guide->file);
      g_hash_table_remove (reader->ids, guide->id);
      guide_free (guide);
      return NULL;
    }

  return guide;
}

static gpointer
read_phase (Reader     *reader,
            JsonObject *object)
{
  SdpPhase *phase = g_new0 (SdpPhase, 1);

  if (!read_string (reader, object, "id", FALSE, &phase->id) ||
      !read_int (reader, object, "number", 1, 99, &phase->number) ||
      !read_string (reader, object, "title", FALSE, &phase->title) ||
      !read_string (reader, object, "guide", FALSE, &phase->guide_id) ||
      !read_string (reader, object, "summary", FALSE, &phase->summary) ||
      !register_id (reader, phase->id, phase))
    {
      phase_free (phase);
      return NULL;
    }
  return phase;
}

static gpointer
read_task (Reader     *reader,
           JsonObject *object)
{
  SdpTask *task = g_new0 (SdpTask, 1);
  g_autofree char *kind = NULL;
  guint i;

  if (!read_string (reader, object, "id", FALSE, &task->id) ||
      !read_string (reader, object, "kind", FALSE, &kind) ||
      !read_string (reader, object, "title", FALSE, &task->title) ||
      !read_int (reader, object, "minutes", 1, 24 * 60, &task->minutes) ||
      !read_string (reader, object, "target", FALSE, &task->target))
    goto fail;

  for (i = 0; i < G_N_ELEMENTS (task_kinds); i++)
    if (g_str_equal (kind, task_kinds[i]))
      break;
  if (i == G_N_ELEMENTS (task_kinds))
    {
      reader_fail (reader, "kind", "unknown task kind “%s” (expected read, exercise, quiz, mock "
                   "or review)", kind);
      goto fail;
    }
  task->kind = (SdpTaskKind) i;

  if (!register_id (reader, task->id, task))
    goto fail;
  return task;

fail:
  task_free (task);
  return NULL;
}

static gpointer
read_day (Reader     *reader,
          JsonObject *object)
{
  SdpDay *day = g_new0 (SdpDay, 1);
  JsonArray *tasks;

  if (!read_string (reader, object, "id", FALSE, &day->id) ||
      !read_int (reader, object, "number", 1, 7, &day->number) ||
      !read_string (reader, object, "title", FALSE, &day->title) ||
      !register_id (reader, day->id, day) ||
      (tasks = read_array (reader, object, "tasks", FALSE)) == NULL ||
      (day->tasks = read_items (reader, tasks, "tasks", read_task, task_free)) == NULL)
    {
      day_free (day);
      return NULL;
    }
  return day;
}

static gpointer
read_week (Reader     *reader,
           JsonObject *object)
{
  SdpWeek *week = g_new0 (SdpWeek, 1);
  JsonArray *days;

  if (!read_string (reader, object, "id", FALSE, &week->id) ||
      !read_int (reader, object, "number", 1, 52, &week->number) ||
      !read_string (reader, object, "phase", TRUE, &week->phase_id) ||
      !read_string (reader, object, "theme", FALSE, &week->theme) ||
      !read_string (reader, object, "goals", FALSE, &week->goals) ||
      !register_id (reader, week->id, week) ||
      (days = read_array (reader, object, "days", FALSE)) == NULL ||
      (week->days = read_items (reader, days, "days", read_day, day_free)) == NULL)
    {
      week_free (week);
      return NULL;
    }
  return week;
}

static gpointer
read_path (Reader     *reader,
           JsonObject *object)
{
  SdpPath *path = g_new0 (SdpPath, 1);

  if (!read_string (reader, object, "id", FALSE, &path->id) ||
      !read_string (reader, object, "title", FALSE, &path->title) ||
      !read_int (reader, object, "min_weeks", 1, 104, &path->min_weeks) ||
      !read_int (reader, object, "max_weeks", 1, 104, &path->max_weeks) ||
      !read_string (reader, object, "level", FALSE, &path->level) ||
      !read_int (reader, object, "study_days_per_week", 1, 7, &path->study_days_per_week) ||
      !read_string (reader, object, "summary", FALSE, &path->summary) ||
      !register_id (reader, path->id, path))
    goto fail;

  if (path->min_weeks > path->max_weeks)
    {
      reader_fail (reader, "min_weeks", "%d is more than max_weeks (%d)",
                   path->min_weeks, path->max_weeks);
      goto fail;
    }
  return path;

fail:
  if (path->id != NULL)
    g_hash_table_remove (reader->ids, path->id);
  path_free (path);
  return NULL;
}

/* Cross-references are checked once everything is read: a phase names an existing guide, a
 * week an existing phase, and numbering runs 1, 2, 3... as the sidebar shows it. */
static gboolean
check_references (Reader     *reader,
                  SdpCatalog *self)
{
  guint i, j;

  for (i = 0; i < self->phases->len; i++)
    {
      SdpPhase *phase = g_ptr_array_index (self->phases, i);

      g_string_printf (reader->path, "$.phases[%u]", i);
      if (sdp_catalog_find_guide (self, phase->guide_id) == NULL)
        return reader_fail (reader, "guide", "no guide has the id “%s”", phase->guide_id);
      if (phase->number != (int) i + 1)
        return reader_fail (reader, "number", "expected %u, found %d", i + 1, phase->number);
    }

  for (i = 0; i < self->weeks->len; i++)
    {
      SdpWeek *week = g_ptr_array_index (self->weeks, i);

      g_string_printf (reader->path, "$.weeks[%u]", i);
      if (week->phase_id != NULL && sdp_catalog_find_phase (self, week->phase_id) == NULL)
        return reader_fail (reader, "phase", "no phase has the id “%s”", week->phase_id);
      if (week->number != (int) i + 1)
        return reader_fail (reader, "number", "expected %u, found %d", i + 1, week->number);

      for (j = 0; j < week->days->len; j++)
        {
          SdpDay *day = g_ptr_array_index (week->days, j);

          if (day->number != (int) j + 1)
            {
              g_string_append_printf (reader->path, ".days[%u]", j);
              return reader_fail (reader, "number", "expected %u, found %d", j + 1, day->number);
            }
        }
    }

  g_string_assign (reader->path, "$");
  return TRUE;
}

static gboolean
catalog_load (SdpCatalog  *self,
              JsonNode    *root,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(GString) path = g_string_new ("$");
  Reader reader = { display_name, path, error, self->ids };
  JsonObject *object;
  JsonArray *array;
  int format = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return reader_fail (&reader, NULL, "expected an object, found %s", sdp_json_describe_node (root));
  object = json_node_get_object (root);

  if (!read_int (&reader, object, "format", 1, G_MAXINT, &format))
    return FALSE;
  if (format > CATALOG_FORMAT)
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_UNSUPPORTED,
                   "%s: format %d is newer than this version of the app understands (%d)",
                   display_name, format, CATALOG_FORMAT);
      return FALSE;
    }

  if (!read_string (&reader, object, "title", FALSE, &self->title))
    return FALSE;

  if ((array = read_array (&reader, object, "guides", FALSE)) == NULL ||
      (self->guides = read_items (&reader, array, "guides", read_guide, guide_free)) == NULL)
    return FALSE;
  if ((array = read_array (&reader, object, "phases", FALSE)) == NULL ||
      (self->phases = read_items (&reader, array, "phases", read_phase, phase_free)) == NULL)
    return FALSE;
  if ((array = read_array (&reader, object, "weeks", FALSE)) == NULL ||
      (self->weeks = read_items (&reader, array, "weeks", read_week, week_free)) == NULL)
    return FALSE;
  if ((array = read_array (&reader, object, "paths", FALSE)) == NULL ||
      (self->paths = read_items (&reader, array, "paths", read_path, path_free)) == NULL)
    return FALSE;

  return check_references (&reader, self);
}

static void
sdp_catalog_finalize (GObject *object)
{
  SdpCatalog *self = SDP_CATALOG (object);

  /* The id table borrows keys from the items, so it goes first. */
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->guides, g_ptr_array_unref);
  g_clear_pointer (&self->phases, g_ptr_array_unref);
  g_clear_pointer (&self->weeks, g_ptr_array_unref);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_object (&self->base_dir);
  g_free (self->title);

  G_OBJECT_CLASS (sdp_catalog_parent_class)->finalize (object);
}

static void
sdp_catalog_class_init (SdpCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sdp_catalog_finalize;
}

static void
sdp_catalog_init (SdpCatalog *self)
{
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * sdp_catalog_new_from_data:
 * @display_name: how errors name the file, e.g. "program.json"
 * @base_dir: (nullable): where guide files are resolved from
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error saying which file,
 * which JSON path and what is wrong.
 */
SdpCatalog *
sdp_catalog_new_from_data (const char  *data,
                           gssize       length,
                           const char  *display_name,
                           GFile       *base_dir,
                           GError     **error)
{
  g_autoptr(SdpCatalog) self = g_object_new (SDP_TYPE_CATALOG, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_PARSE,
                   "%s: not valid JSON: %s", display_name, local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_PARSE,
                   "%s: not valid JSON: the file is empty", display_name);
      return NULL;
    }
  if (!catalog_load (self, json_parser_get_root (parser), display_name, error))
    return NULL;

  self->base_dir = base_dir != NULL ? g_object_ref (base_dir) : NULL;
  return g_steal_pointer (&self);
}

/**
 * sdp_catalog_new_from_file:
 * @program_json: the program file; a `resource://` file works too
 *
 * Returns: (transfer full) (nullable): the catalog
 */
SdpCatalog *
sdp_catalog_new_from_file (GFile   *program_json,
                           GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) base_dir = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (program_json), NULL);

  name = g_file_get_basename (program_json);
  if (!g_file_load_contents (program_json, NULL, &contents, &length, NULL, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  base_dir = g_file_get_parent (program_json);
  return sdp_catalog_new_from_data (contents, (gssize) length, name, base_dir, error);
}

const char *
sdp_catalog_get_title (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->title;
}

/**
 * sdp_catalog_get_base_dir:
 * Returns: (transfer full) (nullable): the folder guide files are read from
 */
GFile *
sdp_catalog_get_base_dir (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->base_dir != NULL ? g_object_ref (self->base_dir) : NULL;
}

/**
 * sdp_catalog_get_guides:
 * Returns: (transfer none) (element-type SdpGuide): the guides in program order
 */
GPtrArray *
sdp_catalog_get_guides (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->guides;
}

GPtrArray *
sdp_catalog_get_phases (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->phases;
}

GPtrArray *
sdp_catalog_get_weeks (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->weeks;
}

GPtrArray *
sdp_catalog_get_paths (SdpCatalog *self)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return self->paths;
}

/* Ids are unique across kinds, so each typed lookup checks that the id names its kind. */
static gpointer
find_in (SdpCatalog *self,
         GPtrArray  *items,
         const char *id)
{
  gpointer item;

  if (id == NULL)
    return NULL;
  item = g_hash_table_lookup (self->ids, id);
  if (item == NULL || !g_ptr_array_find (items, item, NULL))
    return NULL;
  return item;
}

const SdpGuide *
sdp_catalog_find_guide (SdpCatalog *self,
                        const char *id)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return find_in (self, self->guides, id);
}

const SdpPhase *
sdp_catalog_find_phase (SdpCatalog *self,
                        const char *id)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return find_in (self, self->phases, id);
}

const SdpWeek *
sdp_catalog_find_week (SdpCatalog *self,
                       const char *id)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return find_in (self, self->weeks, id);
}

const SdpPath *
sdp_catalog_find_path (SdpCatalog *self,
                       const char *id)
{
  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);
  return find_in (self, self->paths, id);
}

/**
 * sdp_catalog_find_week_of_day:
 * @day_out: (out) (optional): the day itself
 *
 * Returns: (nullable): the week holding the day @day_id
 */
const SdpWeek *
sdp_catalog_find_week_of_day (SdpCatalog    *self,
                              const char    *day_id,
                              const SdpDay **day_out)
{
  guint i;

  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);

  for (i = 0; day_id != NULL && i < self->weeks->len; i++)
    {
      SdpWeek *week = g_ptr_array_index (self->weeks, i);
      guint j;

      for (j = 0; j < week->days->len; j++)
        {
          SdpDay *day = g_ptr_array_index (week->days, j);

          if (g_str_equal (day->id, day_id))
            {
              if (day_out != NULL)
                *day_out = day;
              return week;
            }
        }
    }
  return NULL;
}

const SdpTask *
sdp_catalog_find_task (SdpCatalog *self,
                       const char *id)
{
  guint i, j;

  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);

  for (i = 0; id != NULL && i < self->weeks->len; i++)
    {
      SdpWeek *week = g_ptr_array_index (self->weeks, i);

      for (j = 0; j < week->days->len; j++)
        {
          SdpDay *day = g_ptr_array_index (week->days, j);
          gpointer item = g_hash_table_lookup (self->ids, id);

          if (item != NULL && g_ptr_array_find (day->tasks, item, NULL))
            return item;
        }
    }
  return NULL;
}

/**
 * sdp_catalog_read_guide:
 * @length: (out) (optional): the length of the returned text
 *
 * Reads a guide's Markdown source.
 *
 * Returns: (transfer full) (nullable): the Markdown, or %NULL with
 * %SDP_CATALOG_ERROR_MISSING_GUIDE naming the guide and the file that is missing.
 */
char *
sdp_catalog_read_guide (SdpCatalog  *self,
                        const char  *guide_id,
                        gsize       *length,
                        GError     **error)
{
  const SdpGuide *guide;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (SDP_IS_CATALOG (self), NULL);

  guide = sdp_catalog_find_guide (self, guide_id);
  if (guide == NULL)
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE,
                   "There is no guide with the id “%s” in the program", guide_id);
      return NULL;
    }
  if (self->base_dir == NULL)
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE,
                   "The guide “%s” cannot be read: the program was loaded without its folder",
                   guide->title);
      return NULL;
    }

  file = g_file_resolve_relative_path (self->base_dir, guide->file);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE,
                   "The guide “%s” (%s) cannot be read: %s",
                   guide->title, guide->file, local_error->message);
      return NULL;
    }
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      g_free (contents);
      g_set_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE,
                   "The guide “%s” (%s) is not valid UTF-8 text", guide->title, guide->file);
      return NULL;
    }

  if (length != NULL)
    *length = len;
  return contents;
}

const char *
sdp_task_kind_to_string (SdpTaskKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (task_kinds), NULL);
  return task_kinds[kind];
}

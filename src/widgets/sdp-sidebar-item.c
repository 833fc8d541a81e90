/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-sidebar-item.h"

struct _SdpSidebarItem
{
  GObject     parent_instance;

  char       *target_id;  /* the catalog id the row opens */
  char       *title;
  char       *detail;     /* short dim text after the title, and the tooltip */
  char       *icon_name;
  GListStore *children;   /* NULL for a leaf */
  gboolean    expanded_by_default;
  double      progress;   /* share of tasks done, 0..1; < 0 when the row has no tasks */
};

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SdpSidebarItem, sdp_sidebar_item, G_TYPE_OBJECT)

static void
sdp_sidebar_item_finalize (GObject *object)
{
  SdpSidebarItem *self = SDP_SIDEBAR_ITEM (object);

  g_free (self->target_id);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->icon_name);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sdp_sidebar_item_parent_class)->finalize (object);
}

static void
sdp_sidebar_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, SDP_SIDEBAR_ITEM (object)->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sdp_sidebar_item_class_init (SdpSidebarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sdp_sidebar_item_finalize;
  object_class->get_property = sdp_sidebar_item_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sdp_sidebar_item_init (SdpSidebarItem *self)
{
  self->progress = -1;
}

double
sdp_sidebar_item_get_progress (SdpSidebarItem *self)
{
  return self->progress;
}

void
sdp_sidebar_item_set_progress (SdpSidebarItem *self,
                               double          progress)
{
  if (G_APPROX_VALUE (self->progress, progress, 1e-9))
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

SdpSidebarItem *
sdp_sidebar_item_new (const char *target_id,
                      const char *title,
                      const char *detail,
                      const char *icon_name)
{
  SdpSidebarItem *self = g_object_new (SDP_TYPE_SIDEBAR_ITEM, NULL);

  self->target_id = g_strdup (target_id);
  self->title = g_strdup (title);
  self->detail = g_strdup (detail);
  self->icon_name = g_strdup (icon_name);
  return self;
}

const char *
sdp_sidebar_item_get_target_id (SdpSidebarItem *self)
{
  return self->target_id;
}

const char *
sdp_sidebar_item_get_title (SdpSidebarItem *self)
{
  return self->title;
}

const char *
sdp_sidebar_item_get_detail (SdpSidebarItem *self)
{
  return self->detail;
}

const char *
sdp_sidebar_item_get_icon_name (SdpSidebarItem *self)
{
  return self->icon_name;
}

/**
 * sdp_sidebar_item_get_children:
 * Returns: (transfer none) (nullable): the rows under this one
 */
GListStore *
sdp_sidebar_item_get_children (SdpSidebarItem *self)
{
  return self->children;
}

void
sdp_sidebar_item_add_child (SdpSidebarItem *self,
                            SdpSidebarItem *child)
{
  if (self->children == NULL)
    self->children = g_list_store_new (SDP_TYPE_SIDEBAR_ITEM);
  g_list_store_append (self->children, child);
}

gboolean
sdp_sidebar_item_get_expanded_by_default (SdpSidebarItem *self)
{
  return self->expanded_by_default;
}

void
sdp_sidebar_item_set_expanded_by_default (SdpSidebarItem *self,
                                          gboolean        expanded)
{
  self->expanded_by_default = expanded;
}

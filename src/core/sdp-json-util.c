/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-json-util.h"

/* Shared by every reader of our JSON files (program content, boards), so that a wrong type
 * is reported in the same words everywhere. */
const char *
sdp_json_describe_node (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
      return "an integer";
    default:
      return "a number";
    }
}

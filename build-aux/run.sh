#!/usr/bin/env bash
# Builds System Design Prep and launches it from the build tree.
# Installs the Debian 12 packages it needs first (apt-get, as root or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh build
if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
meson compile -C _build

# Run uninstalled: the compiled schema and the icons come from the trees.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
export XDG_DATA_DIRS="$PWD/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec _build/src/system-design-prep "$@"

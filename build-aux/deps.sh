#!/usr/bin/env bash
# Installs the Debian 12 packages this project needs, if any are missing.
# Usage: build-aux/deps.sh [build|test]   (test adds what the test suite needs)
set -euo pipefail

build_packages=(
  gcc meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev
  libjson-glib-dev libmd4c-dev libmd4c-html0-dev libsqlite3-dev
  desktop-file-utils shared-mime-info adwaita-icon-theme fonts-cantarell fonts-dejavu-core
  libxml2-utils
)
test_packages=(
  xvfb xauth dbus dbus-x11 at-spi2-core appstream libxml2-utils python3
  imagemagick xdotool hunspell hunspell-en-us
)

packages=("${build_packages[@]}")
if [ "${1:-build}" = "test" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

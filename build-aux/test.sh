#!/usr/bin/env bash
# Builds System Design Prep and runs the whole test suite: core, data and GUI tests (under
# Xvfb), then the core tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
# Installs the Debian 12 packages it needs first (apt-get, as root or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh test

status=0

run_suite() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
  meson test -C "$dir" --print-errorlogs --num-processes 2 ${SUITES:-} || status=1
}

# 1. Everything, as built for users.
run_suite _build-test
# 2. The display-free core under ASan + UBSan (leaks included), failing on any report.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SUITES="--suite core" run_suite _build-asan -Db_sanitize=address,undefined -Db_lundef=false \
  -Dgui_tests=false

# One closing line for CI: the count of test programs, over both runs.
python3 build-aux/summarize-tests.py _build-test _build-asan
exit $status

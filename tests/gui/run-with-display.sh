#!/bin/sh
# Runs a GUI test under Xvfb with a session bus of its own, which ends with the test.
# The bus and the services it starts (portals, a11y) write chatter to stdout, which would
# corrupt the test's TAP output: they get stderr, the test keeps stdout (through fd 3).
exec 3>&1 1>&2
exec xvfb-run -a -s "-screen 0 1280x900x24" \
  dbus-run-session -- sh -c 'exec "$@" >&3' sh "$@"

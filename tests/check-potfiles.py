#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in against the sources: every C file or UI file with a translatable
string is listed (otherwise its strings silently never reach translators), and every listed
file exists. Prints TAP."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = [line.strip() for line in (root / 'po' / 'POTFILES.in').read_text().splitlines()
          if line.strip() and not line.startswith('#')]

marker_c = re.compile(r'\b(?:N?_|C_|ngettext|g_dngettext)\s*\(\s*"')
marker_ui = re.compile(r'translatable="yes"')
needed = []
for path in sorted(root.glob('src/**/*.c')):
    if marker_c.search(path.read_text(encoding='utf-8')):
        needed.append(path.relative_to(root).as_posix())
for path in sorted(root.glob('ui/**/*.ui')):
    if marker_ui.search(path.read_text(encoding='utf-8')):
        needed.append(path.relative_to(root).as_posix())

checks = [(f'{name} is listed in po/POTFILES.in', name in listed) for name in needed]
checks += [(f'{name} (listed) exists', (root / name).is_file()) for name in listed]
print(f'1..{len(checks)}')
failed = 0
for number, (what, ok) in enumerate(checks, 1):
    print(f'{"ok" if ok else "not ok"} {number} - {what}')
    failed += not ok
sys.exit(1 if failed else 0)

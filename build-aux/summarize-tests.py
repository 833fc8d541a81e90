#!/usr/bin/env python3
"""Prints 'N passed, N failed' over the meson test logs of the given build directories."""
import json
import sys
from pathlib import Path

passed = failed = skipped = 0
for build_dir in sys.argv[1:]:
    log = Path(build_dir) / "meson-logs" / "testlog.json"
    if not log.exists():
        failed += 1
        print(f"{build_dir}: no test log", file=sys.stderr)
        continue
    for line in log.read_text().splitlines():
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1

print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)

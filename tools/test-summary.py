#!/usr/bin/env python3
"""Prints 'N passed, N failed[, N skipped]' over the meson test logs given."""
import json
import os
import sys

passed = failed = skipped = 0
args = sys.argv[1:]
# --failed N: failures that left no test log (a build that broke).
if len(args) >= 2 and args[0] == "--failed":
    failed = int(args[1])
    args = args[2:]
for build in args:
    path = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(path):
        continue
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1

summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in against the sources (TAP).

Fails when a file under src/ or resources/ holds translatable strings
(_(), N_(), C_(), NC_(), ngettext and its g_d… variants, translatable="yes")
but is missing from po/POTFILES.in, and when POTFILES.in lists a file that
does not exist. Usage: test-po.py SOURCE_ROOT
"""

import pathlib
import re
import sys

SCANNED_DIRS = ("src", "resources")
SCANNED_SUFFIXES = {".c", ".h", ".ui", ".xml", ".blp", ".py", ".js", ".vala"}

MARKERS = re.compile(
    r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\("   # _("…"), N_("…"), C_("ctx", "…")
    r"|ngettext\s*\("                           # ngettext, g_dngettext, dngettext
    r"|translatable\s*=\s*[\"']yes[\"']"        # GtkBuilder UI files
)


def potfiles(root):
    """The entries of POTFILES.in, in order, without comments and blanks."""
    entries = []
    with open(root / "po" / "POTFILES.in", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            # Old intltool syntax: "[type: gettext/glade]path"
            line = re.sub(r"^\[[^\]]*\]\s*", "", line)
            entries.append(line)
    return entries


def translatable_files(root):
    found = []
    for top in SCANNED_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if MARKERS.search(text):
                found.append(path.relative_to(root).as_posix())
    return found


def main():
    if len(sys.argv) != 2:
        print("usage: test-po.py SOURCE_ROOT", file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()

    entries = potfiles(root)
    listed = set(entries)
    translatable = translatable_files(root)

    tests = []

    missing = [f for f in translatable if f not in listed]
    tests.append((
        "every file under src/ and resources/ with translatable strings is in po/POTFILES.in",
        ["{} has translatable strings but is not in po/POTFILES.in".format(f)
         for f in missing]))

    nonexistent = [f for f in entries if not (root / f).is_file()]
    tests.append((
        "every file po/POTFILES.in lists exists",
        ["po/POTFILES.in lists {}, which does not exist".format(f)
         for f in nonexistent]))

    duplicates = sorted({f for f in entries if entries.count(f) > 1})
    tests.append((
        "po/POTFILES.in lists each file once",
        ["po/POTFILES.in lists {} more than once".format(f) for f in duplicates]))

    print("1..{}".format(len(tests)))
    failed = 0
    for number, (name, problems) in enumerate(tests, 1):
        if problems:
            failed += 1
            print("not ok {} - {}".format(number, name))
            for p in problems:
                print("# " + p)
        else:
            print("ok {} - {}".format(number, name))
    print("# {} translatable source files, {} POTFILES.in entries".format(
        len(translatable), len(entries)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

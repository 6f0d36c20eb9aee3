#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the Simplified Chinese translation is complete.

Regenerates the template from po/POTFILES.in with xgettext, as
`meson compile taizhang-pot` does (i18n.gettext, preset 'glib'), into a
temporary folder, and fails when
  - a file under src/ or resources/ with translatable strings is not
    listed in po/POTFILES.in (so its strings would never reach the template),
  - a message of the template is missing from po/zh_CN.po, untranslated
    or fuzzy,
  - `msgfmt --check` rejects po/zh_CN.po (format strings, plural forms,
    header), or msgmerge of it with the fresh template leaves fuzzy or
    untranslated messages.

Prints TAP, but is registered with the exit-code protocol so that a
missing xgettext, msgmerge or msgfmt skips it (exit status 77).
Usage: test-po-coverage.py SOURCE_ROOT
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
LANGUAGE = "zh_CN"
SCANNED_DIRS = ("src", "resources")
SCANNED_SUFFIXES = {".c", ".h", ".ui", ".xml", ".blp", ".py", ".js", ".vala"}

# What a translatable string looks like in the sources: _("…"), N_("…"),
# C_("ctx", "…"), NC_(…), ngettext ("…", …) and its g_d…/d… variants, and
# translatable="yes" in GtkBuilder files.
MARKERS = re.compile(
    r"(?<![A-Za-z0-9_])N?C?_\s*\(\s*\""
    r"|(?<![A-Za-z0-9_])(?:g_d|d)?ngettext\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?\""
    r"|translatable\s*=\s*[\"']yes[\"']"
)

# The xgettext arguments of meson's i18n.gettext(preset: 'glib').
XGETTEXT_ARGS = [
    "--package-name=taizhang",
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--keyword=ngettext:1,2",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]


def potfiles(root):
    """The entries of POTFILES.in, in order, without comments and blanks."""
    entries = []
    with open(root / "po" / "POTFILES.in", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
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


# A small PO reader: enough for what xgettext and msgmerge write.

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError("not a quoted string: " + text)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """Returns {(msgctxt, msgid): {"flags", "plural", "msgstr": [..], "line"}}."""
    messages = {}
    entry = None
    field = None

    def finish():
        if entry is not None and entry.get("msgid") is not None and not entry["obsolete"]:
            key = (entry.get("msgctxt"), entry["msgid"])
            strs = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            messages[key] = {"flags": entry["flags"], "plural": entry.get("msgid_plural"),
                             "msgstr": strs, "line": entry["line"]}

    def new_entry(lineno):
        return {"flags": set(), "msgstr": {}, "obsolete": False, "line": lineno}

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
                if line.startswith("|"):
                    continue
            if not line.strip():
                finish()
                entry, field = None, None
                continue
            if line.startswith("#"):
                if entry is not None and entry.get("msgid") is not None:
                    finish()
                    entry, field = None, None
                if entry is None:
                    entry = new_entry(lineno)
                if line.startswith("#,"):
                    entry["flags"].update(f.strip() for f in line[2:].split(","))
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                keyword, index, value = m.group(1), m.group(2), _unquote(m.group(3))
                if keyword in ("msgctxt", "msgid") and entry is not None and entry.get("msgid") is not None:
                    finish()
                    entry = None
                if entry is None:
                    entry = new_entry(lineno)
                entry["obsolete"] = entry["obsolete"] or obsolete
                if keyword.startswith("msgstr"):
                    field = ("msgstr", int(index) if index is not None else 0)
                    entry["msgstr"][field[1]] = value
                else:
                    field = (keyword, None)
                    entry[keyword] = value
                continue
            if line.startswith('"') and entry is not None and field is not None:
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += _unquote(line)
                else:
                    entry[field[0]] += _unquote(line)
                continue
            raise ValueError("{}:{}: cannot parse {!r}".format(path, lineno, raw))
    finish()
    return messages


def describe(key):
    context, msgid = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + "…"
    text = text.replace("\n", "\\n")
    return "“{}”{}".format(text, " (context “{}”)".format(context) if context else "")


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kwargs)


def main():
    if len(sys.argv) != 2:
        print("usage: test-po-coverage.py SOURCE_ROOT", file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    po_path = root / "po" / (LANGUAGE + ".po")

    tools = {name: shutil.which(name) for name in ("xgettext", "msgmerge", "msgfmt")}
    missing_tools = [name for name, path in tools.items() if path is None]
    if missing_tools:
        print("1..0 # SKIP {} not found".format(", ".join(missing_tools)))
        return SKIP

    tests = []
    entries = potfiles(root)
    listed = set(entries)

    unlisted = [f for f in translatable_files(root) if f not in listed]
    tests.append((
        "every file under src/ and resources/ with translatable strings is in po/POTFILES.in",
        ["{} has translatable strings but is not in po/POTFILES.in".format(f) for f in unlisted]))

    env = dict(os.environ, LC_ALL="C")
    with tempfile.TemporaryDirectory(prefix="taizhang-po-") as tmp:
        tmp = pathlib.Path(tmp)
        pot = tmp / "taizhang.pot"
        files_from = tmp / "POTFILES"
        files_from.write_text("".join(e + "\n" for e in entries), encoding="utf-8")
        xgettext = run([tools["xgettext"], "-D", str(root), "-o", str(pot),
                        "--files-from=" + str(files_from)] + XGETTEXT_ARGS,
                       cwd=str(root), env=env)
        problems = []
        if xgettext.returncode != 0 or not pot.is_file():
            problems = ["xgettext failed:"] + xgettext.stderr.splitlines()
        tests.append(("xgettext makes a template from po/POTFILES.in", problems))

        template = read_po(pot) if pot.is_file() else {}
        template.pop((None, ""), None)
        translation = read_po(po_path) if po_path.is_file() else {}

        problems = []
        if not po_path.is_file():
            problems.append("{} does not exist".format(po_path.relative_to(root)))
        for key in template:
            found = translation.get(key)
            if found is None:
                problems.append("missing: " + describe(key))
            elif not found["msgstr"] or any(s == "" for s in found["msgstr"]):
                problems.append("untranslated (po/{}.po:{}): {}".format(LANGUAGE, found["line"], describe(key)))
            elif "fuzzy" in found["flags"]:
                problems.append("fuzzy (po/{}.po:{}): {}".format(LANGUAGE, found["line"], describe(key)))
        tests.append((
            "all {} messages of the template are translated in po/{}.po, none fuzzy".format(len(template), LANGUAGE),
            problems))

        msgfmt = run([tools["msgfmt"], "--check", "--statistics", "-o", os.devnull, str(po_path)], env=env)
        problems = []
        if msgfmt.returncode != 0:
            problems = ["msgfmt --check failed:"] + msgfmt.stderr.splitlines()
        tests.append(("msgfmt --check accepts po/{}.po ({})".format(
            LANGUAGE, msgfmt.stderr.strip().splitlines()[-1] if msgfmt.stderr.strip() else "no statistics"), problems))

        merged = tmp / (LANGUAGE + ".po")
        problems = []
        msgmerge = run([tools["msgmerge"], "--quiet", "--no-fuzzy-matching", "-o", str(merged),
                        str(po_path), str(pot)], env=env)
        if msgmerge.returncode != 0:
            problems = ["msgmerge failed:"] + msgmerge.stderr.splitlines()
        else:
            stats = run([tools["msgfmt"], "--check", "--statistics", "-o", os.devnull, str(merged)], env=env)
            summary = stats.stderr.strip()
            if stats.returncode != 0:
                problems = ["msgfmt --check failed on the merged file:"] + stats.stderr.splitlines()
            elif re.search(r"fuzzy|untranslated", summary):
                problems = ["merged with the fresh template: " + summary]
        tests.append(("po/{}.po merged with the fresh template is complete".format(LANGUAGE), problems))

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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""SQL only with bound parameters: scans the C sources under src/ (TAP).

1. No SQL is built from strings: a call to g_strdup_printf,
   g_string_printf, g_string_append_printf, sqlite3_mprintf,
   sqlite3_snprintf, sqlite3_vmprintf, g_strconcat or g_strjoin whose
   literal pieces (macros expanded) hold SELECT, INSERT, UPDATE, DELETE,
   WHERE or CREATE fails.
2. Every sqlite3_exec() and sqlite3_prepare*() call gets its SQL as a
   string literal or an entry of a fixed array of literals, or passes on a
   parameter of a wrapper whose own callers do (checked the same way,
   recursively); prepared SQL may also be a query builder's text (->str),
   whose fragments must then be literals, fixed entries or names, never
   the result of a call (such as a user's value).

Usage: test-sql-bound.py SOURCE_ROOT
"""
import os
import re
import sys

BUILDERS = ("g_strdup_printf", "g_string_printf", "g_string_append_printf",
            "sqlite3_mprintf", "sqlite3_snprintf", "sqlite3_vmprintf",
            "g_strconcat", "g_strjoin")
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|CREATE)\b")
# The argument that holds the SQL, by function.
SQL_ARG = {"sqlite3_exec": 1, "sqlite3_prepare": 1, "sqlite3_prepare_v2": 1,
           "sqlite3_prepare_v3": 1, "sqlite3_prepare16": 1}
# The query builder of tz-store.c: fragments of filtered queries.
FRAGMENT_FUNCS = ("query_add", "query_add_column", "query_init")


def strip_comments(src):
    """Blanks out comments, keeping strings, lines and offsets."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(src, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren."""
    depth, i, start, args = 0, open_paren, open_paren + 1, []
    while i < len(src):
        c = src[i]
        if c in "\"'":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(src[start:i].strip())
                return args, i
        elif c == "," and depth == 1:
            args.append(src[start:i].strip())
            start = i + 1
        i += 1
    return args, i


def literals(text):
    return "".join(m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text))


def defines(src):
    """#define NAME "…" bodies (with continuation lines), for expansion."""
    out = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+((?:.*\\\n)*.*)$", src, re.M):
        body = m.group(2).replace("\\\n", " ")
        if '"' in body:
            out[m.group(1)] = literals(body)
    return out


def literal_arrays(src):
    """Names of arrays whose every entry is a string literal."""
    names = set()
    for m in re.finditer(r"static\s+const\s+char\s*\*\s*const\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{", src):
        body, _ = call_args(src, m.end() - 1)
        entries = ",".join(body)
        stripped = re.sub(r'"(?:[^"\\]|\\.)*"', "", entries)
        stripped = re.sub(r"\[\w+\]\s*=", "", stripped)
        stripped = re.sub(r"\b[A-Z_][A-Z0-9_]*\b", "", stripped)  # macros of literals
        if re.fullmatch(r"[\s,]*", stripped):
            names.add(m.group(1))
    # A pointer that is only ever set to such arrays ("checks = parts;").
    for name in set(re.findall(r"\b(\w+)\s*=\s*\w+\s*;", src)):
        values = re.findall(r"\b%s\s*=\s*([^;]+);" % re.escape(name), src)
        if values and all(v.strip() in names for v in values):
            names.add(name)
    return names


def functions(src):
    """(name, params, body_start, body_end) of each function definition."""
    out = []
    for m in re.finditer(r"^(\w+)\s*\(([^)]*)\)\s*\{", src, re.M):
        params = re.findall(r"(\w+)\s*(?:,|$)", m.group(2).replace("\n", " "))
        depth, i = 0, m.end() - 1
        while i < len(src):
            if src[i] == "{":
                depth += 1
            elif src[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        out.append((m.group(1), params, m.end(), i))
    return out


def calls(src, name):
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), src):
        # Not the definition or a declaration.
        line_start = src.rfind("\n", 0, m.start()) + 1
        if m.start() == line_start:
            continue
        yield m, call_args(src, m.end() - 1)[0]


def enclosing(funcs, pos):
    for f in funcs:
        if f[2] <= pos <= f[3]:
            return f
    return None


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} {what}")
        for d in details:
            print(f"# {d}")


def main():
    root = sys.argv[1]
    sources = {}
    for folder, _, names in os.walk(os.path.join(root, "src")):
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    sources[os.path.relpath(path, root)] = strip_comments(fh.read())

    tap = Tap()

    # 1. SQL built with printf or concatenation.
    built = []
    for path, src in sorted(sources.items()):
        macros = defines(src)
        for func in BUILDERS:
            for m, args in calls(src, func):
                text = " ".join(args)
                text = re.sub(r"\b(\w+)\b", lambda w: '"%s"' % macros[w.group(1)]
                              if w.group(1) in macros else w.group(1), text)
                found = SQL_WORDS.search(literals(text))
                if found:
                    line = src.count("\n", 0, m.start()) + 1
                    built.append(f"{path}:{line}: {func} builds SQL ({found.group(1)})")
    tap.check(not built, "no SQL is built with printf or concatenation", built)

    # 2. What sqlite3_exec and sqlite3_prepare* are given.
    bad = []
    checked = 0
    for path, src in sorted(sources.items()):
        arrays = literal_arrays(src)
        funcs = functions(src)

        def sql_ok(arg, where, seen):
            nonlocal checked
            checked += 1
            arg = arg.strip()
            if re.fullmatch(r'(\s*"(?:[^"\\]|\\.)*"\s*|\s*[A-Z_][A-Z0-9_]*\s*)+', arg):
                return True  # literals and macros of literals
            m = re.fullmatch(r"(\w+)\s*\[[^\]]+\]", arg)
            if m and m.group(1) in arrays:
                return True
            if re.fullmatch(r"[\w>.-]*\bsql\s*->\s*str", arg):
                return True  # the query builder, checked below
            func = enclosing(funcs, where)
            if func and re.fullmatch(r"\w+", arg) and arg in func[1] and func[0] not in seen:
                # A wrapper: each of its callers must pass acceptable SQL.
                index = func[1].index(arg)
                seen = seen | {func[0]}
                ok = True
                for m2, args in calls(src, func[0]):
                    if index < len(args) and not sql_ok(args[index], m2.start(), seen):
                        ok = False
                return ok
            line = src.count("\n", 0, where) + 1
            bad.append(f"{path}:{line}: SQL from {arg!r}")
            return False

        for func, index in SQL_ARG.items():
            for m, args in calls(src, func):
                if index < len(args):
                    sql_ok(args[index], m.start(), frozenset())

        for func in FRAGMENT_FUNCS:
            for m, args in calls(src, func):
                for arg in args[1:]:
                    if "(" in re.sub(r'"(?:[^"\\]|\\.)*"', "", arg):
                        line = src.count("\n", 0, m.start()) + 1
                        bad.append(f"{path}:{line}: {func} is given a computed string {arg!r}")
    tap.check(checked > 0 and not bad,
              f"sqlite3_exec and sqlite3_prepare get fixed SQL ({checked} uses checked)", bad)

    # The checks themselves catch what they are for.
    sample = strip_comments('x = g_strdup_printf ("SELECT * FROM t WHERE id = %d", id);\n'
                            'sqlite3_exec (db, query, NULL, NULL, NULL);\n')
    caught = any(SQL_WORDS.search(literals(" ".join(a))) for _, a in calls(sample, "g_strdup_printf"))
    tap.check(caught, "the scan catches SQL built with printf")

    print(f"1..{tap.n}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())

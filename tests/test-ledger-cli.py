#!/usr/bin/env python3
"""taizhang-cli's ledger commands end to end: import, export, search,
query, stats. TAP output for meson."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import stat
import tempfile
import threading

CLI = sys.argv[1]
FIXTURES = sys.argv[2]
PO_DIR = sys.argv[3] if len(sys.argv) > 3 else None  # the build's catalogues
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def run(*args, ok_status=(0,)):
    proc = subprocess.run([CLI, *args], capture_output=True)
    if proc.returncode not in ok_status:
        raise SystemExit(f"Bail out! {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}")
    return proc


def main():
    tmp = tempfile.mkdtemp(prefix="tz-ledger-cli-")
    try:
        db = os.path.join(tmp, "ledger.db")
        reports = os.path.join(tmp, "reports")
        os.mkdir(reports)
        for name in sorted(os.listdir(FIXTURES)):
            if name.endswith(".txt"):
                shutil.copy(os.path.join(FIXTURES, name), reports)
        # A file that is not a report is reported, the rest still imported.
        bad = os.path.join(tmp, "photo.txt")
        with open(bad, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64))

        first = run("import", "--db", db, reports, bad, ok_status=(1,))
        out = first.stdout.decode()
        check("import reports what it did", "Imported 6 files" in out, out)
        check("import names the bad file", "photo.txt" in first.stderr.decode(), first.stderr.decode())

        again = run("import", "--db", db, reports)
        check("a second import adds nothing", "Imported 0 files" in again.stdout.decode()
              and "6 already in the ledger" in again.stdout.decode(), again.stdout.decode())

        exported = json.loads(run("export", "--db", db, "--format", "json").stdout)
        extracted = json.loads(run("extract", *sorted(
            os.path.join(reports, n) for n in os.listdir(reports))).stdout)
        by_file = {d["file"]: d for d in exported["documents"]}
        same = all(by_file.get(d["file"], {}).get("articles") == d["articles"]
                   for d in extracted["documents"])
        check("export json gives the records of extract", same and len(by_file) == 6)

        raw = run("export", "--db", db, "--format", "csv").stdout
        check("csv starts with a UTF-8 BOM", raw.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        metrics = [(d["file"], m) for d in exported["documents"] for a in d["articles"] for m in a["metrics"]]
        check("csv has one row per record", len(rows) == len(metrics), f"{len(rows)} vs {len(metrics)}")
        csv_keys = sorted((r["document"], r["text"], r["sentence"], r["start"]) for r in rows)
        json_keys = sorted((f, m["text"], m["sentence"], str(m["start"])) for f, m in metrics)
        check("csv rows equal the records", csv_keys == json_keys)
        by_key = {(r["document"], r["start"]): r for r in rows}
        values_ok = all(by_key[(f, str(m["start"]))]["unit"] == m["unit"] and
                        float(by_key[(f, str(m["start"]))]["value"]) == float(m["value"]) and
                        by_key[(f, str(m["start"]))]["subject"] == (m["subject"] or "")
                        for f, m in metrics)
        check("csv values and units match", values_ok)

        province = run("export", "--db", db, "--format", "json", "--region", "浙江省").stdout
        regions = {m["region"]["path"][0] for d in json.loads(province)["documents"]
                   for a in d["articles"] for m in a["metrics"] if m["region"]}
        check("export filters by province", regions == {"浙江省"}, str(regions))

        for query in ("工匠", "技能人才", "服务驿站覆盖面持续"):
            found = run("search", "--db", db, query).stdout.decode()
            check(f"search finds a {len(query)}-character query", query in found, found[:80])
        nothing = run("search", "--db", db, "火星基地").stdout.decode()
        check("search finds nothing that is not there", nothing == "", nothing[:80])

        table = run("query", "--db", db, "--by", "year", "--unit", "人").stdout.decode().splitlines()
        check("query by year prints a header and rows", table[0].startswith("region") and len(table) > 1)

        stats = run("stats", "--db", db).stdout.decode()
        check("stats counts the documents", any(l.split()[:1] == ["Documents"] and l.split()[-1] == "6" for l in stats.splitlines()), stats)

        # Output to a pipe (or a device, as /dev/null) is written into it,
        # never replaced by a file renamed over it.
        for name, args in (("extract", ("extract", "--format", "json", os.path.join(reports, "basic.txt"))),
                           ("export", ("export", "--db", db, "--format", "csv")),
                           ("chart", ("chart", "--db", db, "--unit", "人", "--by", "region"))):
            fifo = os.path.join(tmp, f"{name}-pipe.png" if name == "chart" else f"{name}-pipe")
            os.mkfifo(fifo)
            received = []
            reader = threading.Thread(target=lambda path=fifo: received.append(open(path, "rb").read()))
            reader.start()
            proc = subprocess.run([CLI, *args, "-o", fifo], capture_output=True, timeout=60)
            reader.join(timeout=60)
            data = received[0] if received else b""
            check(f"{name} -o writes into a pipe and leaves it a pipe",
                  proc.returncode == 0 and len(data) > 100 and stat.S_ISFIFO(os.stat(fifo).st_mode),
                  proc.stderr.decode() or f"{len(data)} bytes")

        # The bundled samples folder, as the app's "sample reports" imports
        # it: eight reports and nothing else (no notes read as a report).
        samples = os.path.join(FIXTURES, os.pardir, os.pardir, "samples")
        sample_db = os.path.join(tmp, "samples.db")
        imported = run("import", "--db", sample_db, samples).stdout.decode()
        check("the samples folder imports its eight reports and nothing else",
              "Imported 8 files" in imported and " 0 failed" in imported, imported)

        # On a Chinese desktop, run from the build tree as tools/run does
        # (TAIZHANG_LOCALEDIR), the CLI speaks Chinese.
        if PO_DIR is not None:
            env = dict(os.environ, LANGUAGE="zh_CN", LANG="C.UTF-8", TAIZHANG_LOCALEDIR=PO_DIR)
            env.pop("LC_ALL", None)
            env.pop("LC_MESSAGES", None)
            proc = subprocess.run([CLI, "import", "--db", sample_db, samples], capture_output=True, env=env)
            out = proc.stdout.decode()
            check("import speaks Chinese with the build's catalogues",
                  proc.returncode == 0 and "已导入 0 个文件" in out and "8 个已在台账中" in out, out)

        bad_db = run("stats", "--db", os.path.join(tmp, "missing", "x.db"), ok_status=(1,))
        check("a missing ledger gives a clear message", "x.db" in bad_db.stderr.decode(), bad_db.stderr.decode())
    finally:
        shutil.rmtree(tmp)

    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok and detail:
            for line in str(detail).splitlines()[:5]:
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())

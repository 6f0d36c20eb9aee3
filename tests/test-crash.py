#!/usr/bin/env python3
"""Kills `taizhang-cli import` with SIGKILL in the middle of a large import,
again and again, and checks the ledger after each kill:

- it passes PRAGMA integrity_check and the full-text index's own check;
- it holds only whole documents: each has an article, and as many figures
  as `taizhang-cli extract` finds in its file (matched by sha256);
- a correction made before the first kill is still there and applied.

Before each run every document but the corrected one is deleted (through
the store), so that each kill lands in the middle of real work.

Usage: test-crash.py TAIZHANG_CLI CRASH_HELPER [ITERATIONS]
TAP output; run by `meson test --suite crash`.
"""
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

N_REPORTS = 300
CORRECTED_VALUE = "987654.321"

PLACES = ["南通市", "宜昌市", "嘉兴市", "东莞市", "绵阳市", "沧州市", "烟台市", "营口市",
          "柯桥区", "崇川区", "武进区", "江津区"]


def report(i):
    """A small report, different for each i, with a few articles and figures."""
    rnd = random.Random(i)
    parts = []
    for a in range(rnd.randint(2, 4)):
        place = rnd.choice(PLACES)
        parts.append(f"{place}第{i}期产改简报之{a + 1}")
        parts.append("")
        parts.append(f"本报讯 通讯员王{i}报道 {2020 + a}年,{place}总工会开展技能培训"
                     f"{rnd.randint(2, 900)}场,惠及职工{rnd.randint(100, 99999)}人次,"
                     f"新建职工书屋{rnd.randint(1, 80)}家。")
        parts.append(f"全市超过{rnd.randint(10, 500)}家非公企业实现党的组织覆盖,"
                     f"技能人才达到{rnd.randint(1, 30)}.{rnd.randint(1, 9999)}万人,"
                     f"投入资金{rnd.randint(1, 900)}万元。")
        for k in range(rnd.randint(3, 8)):
            parts.append(f"第{k + 1}项:培训{rnd.randint(1, 60)}期,覆盖职工{rnd.randint(10, 9000)}名,"
                         f"评选劳模{rnd.randint(1, 40)}人。")
        parts.append("")
    return "\n".join(parts) + "\n"


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} {what}", flush=True)
        return ok

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


def extract_counts(cli, folder):
    """sha256 → number of figures, as `taizhang-cli extract` sees each file."""
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    out = subprocess.run([cli, "extract", "--format", "json"] + files,
                         capture_output=True, check=True).stdout
    counts = {}
    for doc in json.loads(out)["documents"]:
        counts[doc["sha256"]] = sum(len(a["metrics"]) for a in doc["articles"])
    for path in files:
        with open(path, "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() in counts, path
    return counts


def check_ledger(db, counts, helper):
    """Returns a list of problems; empty when the ledger is consistent."""
    problems = []
    # The full-text index needs the ledger's own tokenizer.
    res = subprocess.run([helper, "check", db], capture_output=True, text=True)
    if res.returncode != 0:
        problems.append(f"integrity check: {res.stderr.strip()}")
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute(
            "SELECT d.sha256, d.name,"
            " (SELECT count(*) FROM articles a WHERE a.document_id = d.id),"
            " (SELECT count(*) FROM metrics m WHERE m.document_id = d.id AND m.user_added = 0)"
            " FROM documents d").fetchall()
        for sha, name, n_articles, n_metrics in docs:
            if n_articles < 1:
                problems.append(f"{name}: no article")
            if sha not in counts:
                problems.append(f"{name}: not one of the reports")
            elif n_metrics != counts[sha]:
                problems.append(f"{name}: {n_metrics} figures stored, extract finds {counts[sha]}")
        orphans = conn.execute(
            "SELECT count(*) FROM metrics m WHERE NOT EXISTS"
            " (SELECT 1 FROM articles a WHERE a.id = m.article_id)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} figures without their article")
        return problems, len(docs)
    finally:
        conn.close()


def main():
    cli, helper = sys.argv[1], sys.argv[2]
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    tap = Tap()
    print(f"1..{2 * iterations + 5}", flush=True)

    with tempfile.TemporaryDirectory(prefix="tz-crash-") as tmp:
        reports = os.path.join(tmp, "reports")
        os.mkdir(reports)
        for i in range(N_REPORTS):
            with open(os.path.join(reports, f"report-{i:03d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(report(i))
        counts = extract_counts(cli, reports)
        db = os.path.join(tmp, "ledger.db")

        # One report first, and a correction to one of its figures.
        first = os.path.join(reports, "report-000.txt")
        res = subprocess.run([cli, "import", "--db", db, first], capture_output=True, text=True)
        tap.check(res.returncode == 0, "the first report imports")
        res = subprocess.run([helper, "correct", db, CORRECTED_VALUE], capture_output=True, text=True)
        ok = tap.check(res.returncode == 0, "a figure is corrected")
        if not ok:
            tap.diag(res.stderr)
            return 1
        sha, start, end = res.stdout.split()

        rnd = random.Random(int(os.environ.get("TZ_CRASH_SEED", "20260101")))
        for it in range(iterations):
            res = subprocess.run([helper, "forget", db, sha], capture_output=True, text=True)
            if res.returncode != 0:
                tap.diag(res.stderr)
            delay = rnd.uniform(0.05, 0.4)
            proc = subprocess.Popen([cli, "import", "--db", db, reports],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = proc.poll() is not None
            proc.kill()
            proc.wait()

            problems, n_docs = check_ledger(db, counts, helper)
            tap.check(not problems,
                      f"killed after {delay * 1000:.0f} ms{' (it had finished)' if finished else ''}: "
                      f"consistent, {n_docs} whole documents")
            for p in problems[:20]:
                tap.diag(p)

            res = subprocess.run([helper, "verify", db, sha, start, end, CORRECTED_VALUE],
                                 capture_output=True, text=True)
            tap.check(res.returncode == 0, "the correction is still applied")
            if res.returncode != 0:
                tap.diag(res.stderr)

        # Left alone, the import finishes what the kills interrupted.
        res = subprocess.run([cli, "import", "--db", db, reports], capture_output=True, text=True)
        tap.check(res.returncode == 0, "an import without kills completes")
        problems, n_docs = check_ledger(db, counts, helper)
        tap.check(not problems and n_docs == N_REPORTS,
                  f"all {N_REPORTS} reports are whole in the ledger ({n_docs})")
        for p in problems[:20]:
            tap.diag(p)
        res = subprocess.run([helper, "verify", db, sha, start, end, CORRECTED_VALUE],
                             capture_output=True, text=True)
        tap.check(res.returncode == 0, "the correction survived every kill")
        if res.returncode != 0:
            tap.diag(res.stderr)

    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())

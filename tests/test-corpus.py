#!/usr/bin/env python3
"""Extracts the shared gold corpus and scores it (issue thresholds).

Skips when ../shared is not beside the checkout.
"""
import json
import os
import subprocess
import sys
import tempfile

THRESHOLDS = {
    "metric_f1": (">=", 0.94),
    "metric_precision": (">=", 0.94),
    "subject_acc": (">=", 0.80),
    "region_acc": (">=", 0.90),
    "year_acc": (">=", 0.85),
    "spurious_year_rate": ("<=", 0.03),
    "approx_acc": (">=", 0.95),
    "article_f1": (">=", 0.85),
}


def main():
    cli, shared = sys.argv[1], sys.argv[2]
    corpus = os.path.join(shared, "corpus")
    gold = os.path.join(shared, "gold")
    scorer = os.path.join(shared, "eval", "score.py")
    if not (os.path.isdir(corpus) and os.path.isdir(gold) and os.path.exists(scorer)):
        # A TAP plan of zero tests with a SKIP reason: meson counts a skip.
        print("1..0 # SKIP shared corpus not found at " + shared)
        return 0

    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".txt"))
    with tempfile.NamedTemporaryFile("w+", suffix=".json", delete=False) as out:
        subprocess.run([cli, "extract", "--format", "json"] + files, stdout=out, check=True)
        pred = out.name
    try:
        res = subprocess.run([sys.executable, scorer, "--gold", gold, "--pred", pred, "--json"],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(pred)
    summary = json.loads(res.stdout)

    failed = 0
    print(f"1..{len(THRESHOLDS)}")
    for i, (key, (op, limit)) in enumerate(THRESHOLDS.items(), 1):
        value = summary[key]
        ok = value >= limit if op == ">=" else value <= limit
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {i} {key} = {value} ({op} {limit})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# test-valgrind.sh TAIZHANG_CLI FIXTURES SUPPRESSIONS
#
# Runs taizhang-cli under valgrind memcheck: extract over the fixtures (and
# over files it must refuse), then import, export, search, query, stats and
# chart on a ledger of its own. Each run must have no memcheck error and no
# definite leak (tests/valgrind.supp only names fontconfig's caches). TAP.
set -uo pipefail

cli=$1 fixtures=$2 supp=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tz-valgrind-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export G_SLICE=always-malloc G_DEBUG=gc-friendly
vg=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
    --suppressions="$supp" --num-callers=30 --track-origins=yes)

n=0 failed=0
# run NAME EXPECTED_STATUS ARGS…: the command's own status is checked, and
# valgrind's summary in its log (a command that must fail exits 1 too).
run () {
  local name=$1 expected=$2 log status
  shift 2
  n=$((n + 1))
  log="$tmp/vg-$n.log"
  "${vg[@]}" --log-file="$log" "$cli" "$@" >"$tmp/out-$n" 2>"$tmp/err-$n"
  status=$?
  if grep -q "ERROR SUMMARY: 0 errors" "$log" && [ "$status" -eq "$expected" ]; then
    echo "ok $n $name"
  else
    failed=$((failed + 1))
    echo "not ok $n $name (exit $status, expected $expected)"
    sed 's/^/# /' "$log" | grep -v "^# ==[0-9]*== *$" | tail -n 80
    sed 's/^/# stderr: /' "$tmp/err-$n" | tail -n 5
  fi
}

printf '' > "$tmp/empty.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$tmp/image.txt"
printf '\xff\xfe\x4c\x80\x41' > "$tmp/cut.txt"
mkdir "$tmp/reports"
cp "$fixtures"/*.txt "$fixtures/html/news.html" "$fixtures/md/report.md" "$tmp/reports/"
db="$tmp/ledger.db"

echo "1..12"
run "extract JSON over the fixtures" 0 extract --date 2024-06-30 "$tmp"/reports/*
run "extract TSV over the fixtures" 0 extract --format tsv "$tmp"/reports/*
run "extract refuses bad files" 1 extract "$tmp/empty.txt" "$tmp/image.txt" "$tmp/cut.txt" \
  "$tmp/missing.txt" "$fixtures/basic.txt"
run "import into a new ledger" 0 import --db "$db" "$tmp/reports"
run "import again (all duplicates)" 0 import --db "$db" "$tmp/reports"
run "import refuses bad files" 1 import --db "$db" "$tmp/empty.txt" "$tmp/image.txt" "$tmp/missing.txt"
run "export CSV" 0 export --db "$db" --format csv -o "$tmp/ledger.csv"
run "export JSON" 0 export --db "$db" --format json -o "$tmp/ledger.json"
run "search" 0 search --db "$db" 职工
run "query by region" 0 query --db "$db" --by region
run "stats" 0 stats --db "$db"
run "chart" 0 chart --db "$db" --unit 人 --by region --out "$tmp/chart.png"

[ "$failed" -eq 0 ]

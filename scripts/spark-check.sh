#!/usr/bin/env bash
# The Spark path against the embedded path, on the same posts: fails unless the annotations are
# identical and every index value agrees within 1e-9 for every (country, day).
#
#   scripts/spark-check.sh [--small] [--workers "1 2"] [INPUT]
#
# INPUT: a CSV with a header (the IRA sample), a JSON array (a condensed Trump archive) or JSON
# Lines; default ../shared/data/ira-tweets-sample.csv (/work/shared) when it is there. --small:
# its first 20,000 records; without INPUT and without the shared data, the demo corpus shipped
# in the repo (crates/cli/demo, 260 posts) with 40 re-keyed copies appended, so CI needs nothing
# outside.
# --workers: the worker counts to time (default "1 2"), each a local-cluster of that many
# 1-core, 1 GiB executors on this machine (loopback only, no daemon left behind).
#
# Installs PySpark 3.5 into target/spark-venv once (a rerun reuses it), builds citra release if
# needed, and writes everything under target/spark-check/. CITRA_SPARK_VENV: another venv.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SMALL=0
WORKERS="1 2"
INPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=1 ;;
    --workers) WORKERS="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "error: unknown option $1 (--small, --workers \"1 2\", INPUT)" >&2; exit 2 ;;
    *) INPUT="$1" ;;
  esac
  shift
done

T0=$(date +%s.%N)
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }

WORK="$ROOT/target/spark-check"
VENV="${CITRA_SPARK_VENV:-$ROOT/target/spark-venv}"
mkdir -p "$WORK"

# Every process this script starts in the background is in this list, stopped on exit.
PIDS=()
cleanup() {
  local rc=$?
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. PySpark in a venv, once.
if ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  echo "== installing pyspark 3.5 into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'pyspark==3.5.*'
  echo "installed in $(elapsed "$T0") s"
fi
java -version 2>&1 | head -1 | grep -q '"1[7-9]\|"2[0-9]' || {
  echo "error: PySpark 3.5 needs Java 17 (or 11/21) on PATH: java -version says $(java -version 2>&1 | head -1)" >&2
  exit 2
}
export PYSPARK_PYTHON="$VENV/bin/python"
export PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_HOSTNAME=localhost
export PATH="$VENV/bin:$PATH"
SUBMIT=(spark-submit --driver-memory 1g
  --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1
  --conf "spark.driver.extraJavaOptions=-Dlog4j2.level=warn")

# 2. citra release (a no-op when fresh); a stripped copy is what the executors get.
echo "== building citra (release)"
TB=$(date +%s.%N)
cargo build --release -p citra -q
echo "built in $(elapsed "$TB") s"
CITRA="$WORK/citra"
strip -o "$CITRA" target/release/citra 2>/dev/null || cp target/release/citra "$CITRA"

# 3. The input, as JSON Lines.
# The development data beside the repository, as CI finds it (../shared; CITRA_SHARED to point
# elsewhere, or at nothing to take the path CI takes without it).
SHARED="${CITRA_SHARED:-$ROOT/../shared}"
[ -d "$SHARED" ] || [ -n "${CITRA_SHARED:-}" ] || SHARED=/work/shared
SHARED_IRA="$SHARED/data/ira-tweets-sample.csv"
POSTS="$WORK/posts.jsonl"
if [ -z "$INPUT" ]; then
  if [ -f "$SHARED_IRA" ]; then
    INPUT="$SHARED_IRA"
  elif [ "$SMALL" = 1 ]; then
    INPUT="$ROOT/crates/cli/demo/trump-mexico-2015-2019.json"
  else
    echo "error: no INPUT given and no $SHARED_IRA: give a file, or --small for the demo corpus" >&2
    exit 2
  fi
fi
LIMIT=0
DUPS=0
[ "$SMALL" = 1 ] && LIMIT=20000
case "$INPUT" in
  *crates/cli/demo/*) DUPS=40 ;;
esac
python3 scripts/spark/prepare_input.py "$INPUT" "$POSTS" --limit "$LIMIT" --duplicates "$DUPS"
RECORDS=$(grep -c . "$POSTS" || true)
echo "== input: $INPUT -> $POSTS ($RECORDS records)"

# 4. The embedded path: one citra annotate process; citra ingest into a store, then the index
# of every country the posts mention, by day.
echo "== embedded: citra annotate and citra ingest"
TE=$(date +%s.%N)
# --format jsonl as the Spark job gives it (left out, citra would detect it from the first
# records of the file, and a partition's first records may look like another format).
"$CITRA" annotate "$POSTS" --format jsonl -q > "$WORK/embedded-annotations.jsonl"
DB="$WORK/embedded.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$CITRA" --db "$DB" ingest "$POSTS" --format jsonl -q | tee "$WORK/embedded-ingest.txt"
python3 -c '
import json, sys
cs = set()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    cs.update(m["country"] for m in r.get("mentions") or [])
print("\n".join(sorted(cs)))' "$WORK/embedded-annotations.jsonl" > "$WORK/countries.txt"

# The embedded per-country daily index as JSON Lines {country, day, docs, mentions, reach,
# tone, ci_low, ci_high, positive, negative, net_favourability}. One function, so that it can
# become `citra export --what image --format jsonl` once that exists.
embedded_index() {
  local db="$1" countries="$2" out="$3" dir
  dir="$(mktemp -d "$WORK/image.XXXX")"
  while read -r c; do
    [ -n "$c" ] || continue
    if ! "$CITRA" --db "$db" image --country "$c" --by day --format json > "$dir/$c.json" \
        2> "$dir/err"; then
      # A code `citra image` does not take (EUU: the European Union's officials, only ever
      # actor mentions, which the default counting leaves out): no embedded series; a Spark
      # row for it would then fail the comparison.
      grep -q "unknown country" "$dir/err" || { cat "$dir/err" >&2; return 1; }
      echo "embedded: citra image refuses country $c (no series): $(head -1 "$dir/err")"
      rm -f "$dir/$c.json"
    fi
  done < "$countries"
  rm -f "$dir/err"
  python3 -c '
import json, os, sys
d, out = sys.argv[1], sys.argv[2]
with open(out, "w") as o:
    for name in sorted(os.listdir(d)):
        a = json.load(open(os.path.join(d, name)))
        for p in a["points"]:
            row = {"country": a["country"], "day": p["period"]}
            row.update({k: p[k] for k in ("docs", "mentions", "reach", "tone", "ci_low",
                        "ci_high", "positive", "negative", "net_favourability")})
            o.write(json.dumps(row) + "\n")' "$dir" "$out"
  rm -rf "$dir"
}
embedded_index "$DB" "$WORK/countries.txt" "$WORK/embedded-index.jsonl"
echo "embedded: $(wc -l < "$WORK/embedded-index.jsonl") index rows for $(wc -l < "$WORK/countries.txt") countries in $(elapsed "$TE") s"

# 5. The Spark path, timed per worker count; then the comparison of each run.
STATUS=0
declare -A WALL
for w in $WORKERS; do
  out="$WORK/spark-$w"
  rm -rf "$out"
  echo "== spark: local-cluster[$w,1,1024]"
  TS=$(date +%s.%N)
  "${SUBMIT[@]}" --master "local-cluster[$w,1,1024]" --conf spark.executor.memory=1g \
    scripts/spark/citra_spark.py --citra "$CITRA" --out "$out" "$POSTS" \
    > "$WORK/spark-$w.log" 2>&1 &
  PIDS+=($!)
  if ! wait $!; then
    echo "error: the Spark job failed with $w workers; its log: $WORK/spark-$w.log" >&2
    tail -30 "$WORK/spark-$w.log" >&2
    exit 1
  fi
  WALL[$w]=$(elapsed "$TS")
  grep 'citra-spark:' "$WORK/spark-$w.log" || true
  echo "spark: $w worker(s): ${WALL[$w]} s wall"
  echo "== compare ($w workers)"
  if ! "${SUBMIT[@]}" --master 'local[1]' scripts/spark/compare.py --spark-out "$out" \
      --embedded-annotations "$WORK/embedded-annotations.jsonl" \
      --embedded-index "$WORK/embedded-index.jsonl" 2> "$WORK/compare-$w.log"; then
    STATUS=1
  fi
done

echo "== summary: $RECORDS records from $INPUT"
for w in $WORKERS; do echo "spark wall time, $w worker(s): ${WALL[$w]} s"; done
echo "whole check (install, build, both paths, comparisons): $(elapsed "$T0") s"
if [ "$STATUS" != 0 ]; then
  echo "spark-check: FAILED (see the differences above)"
  exit 1
fi
echo "spark-check: OK"

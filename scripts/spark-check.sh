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
# of every country the posts mention, by day (citra export --what image).
echo "== embedded: citra annotate and citra ingest"
TE=$(date +%s.%N)
# --format jsonl as the Spark job gives it (left out, citra would detect it from the first
# records of the file, and a partition's first records may look like another format).
"$CITRA" annotate "$POSTS" --format jsonl -q > "$WORK/embedded-annotations.jsonl"
DB="$WORK/embedded.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$CITRA" --db "$DB" ingest "$POSTS" --format jsonl -q | tee "$WORK/embedded-ingest.txt"

# The embedded per-country daily index as JSON Lines {country, day, docs, mentions, reach,
# tone, ci_low, ci_high, positive, negative, net_favourability}.
embedded_index() {
  # `citra export --what image`: every country's daily index, as `citra image --by day` computes
  # it (a code `citra image` does not take, EUU for the European Union's officials, only ever
  # actor mentions, is left out and named on stderr; Spark has no row for it either).
  local db="$1" out="$2"
  "$CITRA" --db "$db" export --what image --format jsonl --out "$WORK/export-image.jsonl"
  python3 -c '
import json, sys
src, out = sys.argv[1], sys.argv[2]
with open(src) as f, open(out, "w") as o:
    for line in f:
        r = json.loads(line)
        row = {"country": r["country"], "day": r["period"]}
        row.update({k: r[k] for k in ("docs", "mentions", "reach", "tone", "ci_low",
                    "ci_high", "positive", "negative", "net_favourability")})
        o.write(json.dumps(row) + "\n")' "$WORK/export-image.jsonl" "$out"
}
embedded_index "$DB" "$WORK/embedded-index.jsonl"
echo "embedded: $(wc -l < "$WORK/embedded-index.jsonl") index rows (citra export --what image) in $(elapsed "$TE") s"

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

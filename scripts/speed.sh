#!/usr/bin/env bash
# Speed of citra against the Python pipeline a researcher would write, on real inputs.
#
# Usage: scripts/speed.sh [--quick [N]] [--repeat N] [--out FILE] [--citra PATH] [--throughput PATH]
#                         [INPUT…]
#
# For each INPUT (default: ../shared/data/trump-archive, the condensed Trump archive 2015–2019 as
# JSON arrays, and ../shared/data/ira-tweets-sample.csv, the IRA sample; a folder means every
# *.json in it) it measures, each as one process under `/usr/bin/time -f '%e %U %S %M'`:
#   pipeline     the per-post pipeline alone: crates/pipeline/examples/throughput.rs (texts only)
#   annotate -t1 `citra annotate --threads 1 … > /dev/null`
#   annotate     `citra annotate … > /dev/null` on all cores
#   ingest       `citra ingest` end to end into a fresh store (--db in a temporary folder)
#   python peer  scripts/peer/peer.py: langid.py + flashgeotext + vaderSentiment, post by post, on
#                one core, in the venv target/speed-venv (made with pip from PyPI on first use)
# and prints a markdown table: posts, CPU seconds (user + sys), posts per CPU-second, wall
# seconds, peak RSS and the ratio of posts per CPU-second to the Python peer's on the same input.
# Each row is run `--repeat N` times (default 3; the peer too) and shows the run with the least
# CPU time: on a shared machine the same binary varies by up to a fifth between runs, and the
# least disturbed run is the one that says what the code costs (every run's CPU s is in the
# log). Every time includes the process's start-up (reading the input, loading the models). The CSV is
# read by citra as it is; the example and the peer get its `content` column as JSON Lines
# (scripts/peer/prepare.py). `--quick [N]` cuts each input to its first N posts (default 2000).
#
# The table goes to accuracy-reports/speed.md (a --quick run: target/speed/speed-quick.md), or
# to --out FILE. The binaries are this checkout's release builds (built here), or --citra PATH
# (also $CITRA) and --throughput PATH (also $THROUGHPUT) for another build; a tool that fails gets
# a `failed` row with its log's path and the run goes on. Without ../shared (CI), the default
# inputs are skipped with a line saying so and the script exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

quick=0
repeat=3
out=""
inputs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick)
      quick=2000
      if [ $# -gt 1 ] && [[ "$2" =~ ^[0-9]+$ ]]; then quick=$2; shift; fi ;;
    --quick=*) quick=${1#--quick=} ;;
    --repeat) repeat=$2; shift ;;
    --repeat=*) repeat=${1#--repeat=} ;;
    --out) out=$2; shift ;;
    --citra) CITRA=$2; shift ;;
    --throughput) THROUGHPUT=$2; shift ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) inputs+=("$1") ;;
  esac
  shift
done

if [ ${#inputs[@]} -eq 0 ]; then
  shared="$repo/../shared/data"
  for d in "$shared/trump-archive" "$shared/ira-tweets-sample.csv"; do
    if [ -e "$d" ]; then inputs+=("$d"); else echo "skipped: $d is not here" >&2; fi
  done
  if [ ${#inputs[@]} -eq 0 ]; then
    echo "skipped: speed comparison not run: ../shared/data (the real inputs) is not beside the repository"
    exit 0
  fi
fi
for i in "${inputs[@]}"; do
  [ -e "$i" ] || { echo "error: input $i does not exist" >&2; exit 2; }
done
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time (GNU time) is needed: apt-get install time" >&2; exit 2; }

work="$repo/target/speed"
mkdir -p "$work"
if [ -z "$out" ]; then
  if [ "$quick" -gt 0 ]; then out="$work/speed-quick.md"; else out="$repo/accuracy-reports/speed.md"; fi
fi

if [ -z "${CITRA:-}" ]; then
  cargo build --release --locked --quiet -p citra
  CITRA="$repo/target/release/citra"
fi
if [ -z "${THROUGHPUT:-}" ]; then
  cargo build --release --locked --quiet -p citra-pipeline --example throughput
  THROUGHPUT="$repo/target/release/examples/throughput"
fi

# The Python peer's venv, made once and reused.
venv="$repo/target/speed-venv"
peer_ok=1
if ! "$venv/bin/python" -c 'import langid, flashgeotext, vaderSentiment' 2>/dev/null; then
  echo "making the Python peer's venv in target/speed-venv (langid, flashgeotext, vaderSentiment from PyPI)…" >&2
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q langid flashgeotext vaderSentiment; } >"$work/venv.log" 2>&1; then
    echo "warning: the venv could not be made (see $work/venv.log): the Python peer is skipped" >&2
    peer_ok=0
  fi
fi

load_before=$(uptime)
rows=()
# measure LOG COMMAND…: runs COMMAND $repeat times under GNU time, its output in LOG.out (or
# $stdout) and LOG.err, emptying the folder $fresh (if set) before each run; sets t_wall, t_cpu
# (user + sys) and t_rss (MB) from the run with the least CPU time, and t_runs to every run's
# CPU s. Fails if any run fails.
measure() {
  local log=$1; shift
  local i best="" wall user sys rss cpu
  t_runs=""
  for ((i = 1; i <= repeat; i++)); do
    if [ -n "${fresh:-}" ]; then rm -rf "$fresh" && mkdir -p "$fresh"; fi
    /usr/bin/time -f '%e %U %S %M' -o "$log.time" "$@" >"${stdout:-$log.out}" 2>"$log.err" ||
      return 1
    read -r wall user sys rss <"$log.time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    t_runs+="${t_runs:+ }$cpu"
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$cpu t_cpu=$cpu t_wall=$wall
      t_rss=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
    fi
  done
  return 0
}
# row INPUT WHAT POSTS: appends a table row from the last measure; POSTS empty means failed.
declare -A peer_rate
row() {
  local input=$1 what=$2 posts=$3 log=$4
  if [ -z "$posts" ]; then
    rows+=("| $input | $what | failed: see ${log#"$repo"/}.err | | | | | | |")
    echo "  $what: failed (see $log.err)" >&2
    return
  fi
  local rate
  rate=$(awk -v n="$posts" -v c="$t_cpu" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')
  if [ "$what" = "python peer" ]; then peer_rate[$input]=$rate; fi
  rows+=("| $input | $what | $posts | $t_cpu | $rate | $t_wall | $t_rss | @RATIO:$input:$rate@ | $t_runs |")
  echo "  $what: $posts posts, $t_cpu CPU s, $rate posts/CPU-s, $t_wall s wall, $t_rss MB (runs: $t_runs CPU s)" >&2
}

for input in "${inputs[@]}"; do
  name=$(basename "$input")
  files=()
  if [ -d "$input" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$input" -maxdepth 1 -name '*.json' | sort)
  else
    files=("$input")
  fi
  [ ${#files[@]} -gt 0 ] || { echo "error: $input has no .json files" >&2; exit 2; }
  label=$name
  [ "$quick" -gt 0 ] && label="$name (first $quick)"
  dir="$work/${name%.*}"
  mkdir -p "$dir"
  echo "$label:" >&2
  mapfile -t prep < <(python3 "$repo/scripts/peer/prepare.py" "$dir" "$quick" "${files[@]}")
  IFS=$'\t' read -r -a citra_in <<<"${prep[0]}"
  IFS=$'\t' read -r -a text_in <<<"${prep[1]}"

  log="$dir/pipeline"
  posts=""
  if measure "$log" "$THROUGHPUT" "${text_in[@]}"; then
    posts=$(grep -oE '^[0-9]+ posts' "$log.out" | grep -oE '^[0-9]+' || true)
  fi
  row "$label" "pipeline" "$posts" "$log"

  for t in 1 all; do
    log="$dir/annotate-$t"
    posts=""
    threads=()
    [ "$t" = 1 ] && threads=(--threads 1)
    # Standard output to /dev/null: writing the lines is measured, keeping them is not.
    if stdout=/dev/null measure "$log" "$CITRA" annotate "${threads[@]}" "${citra_in[@]}"; then
      posts=$(grep -oE '^[0-9]+ annotated' "$log.err" | grep -oE '^[0-9]+' || true)
    fi
    what="annotate --threads 1"
    [ "$t" = all ] && what="annotate ($(nproc) cores)"
    row "$label" "$what" "$posts" "$log"
  done

  log="$dir/ingest"
  posts=""
  db=$(mktemp -d)
  if fresh="$db" measure "$log" "$CITRA" ingest -q --db "$db/speed.db" "${citra_in[@]}"; then
    # "N read, S stored, D duplicates, R rejected": a duplicate is annotated too, then found
    # in the store, so the posts are S + D.
    posts=$(grep -hoE '[0-9]+ stored, [0-9]+ duplicates' "$log.out" "$log.err" | head -1 |
      awk '{ print $1 + $3 }' || true)
  fi
  rm -rf "$db"
  row "$label" "ingest (fresh store)" "$posts" "$log"

  log="$dir/peer"
  posts=""
  if [ "$peer_ok" = 1 ]; then
    if OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
      measure "$log" "$venv/bin/python" "$repo/scripts/peer/peer.py" "${text_in[@]}"; then
      posts=$(grep -oE '^[0-9]+ posts' "$log.out" | grep -oE '^[0-9]+' || true)
    fi
    row "$label" "python peer" "$posts" "$log"
  else
    rows+=("| $label | python peer | skipped: no venv | | | | | | |")
  fi
done
load_after=$(uptime)

# The ratio column, now that each input's peer rate is known.
table="| input | what | posts | CPU s | posts per CPU-second | wall s | peak RSS MB | × Python peer | CPU s of each run |
|---|---|---:|---:|---:|---:|---:|---:|---|"
for r in "${rows[@]}"; do
  if [[ "$r" =~ @RATIO:(.*):([0-9]+)@ ]]; then
    in=${BASH_REMATCH[1]} rate=${BASH_REMATCH[2]}
    peer=${peer_rate[$in]:-}
    if [ -n "$peer" ] && [ "$peer" -gt 0 ]; then
      ratio=$(awk -v a="$rate" -v b="$peer" 'BEGIN { printf "%.1f", a / b }')
    else
      ratio="—"
    fi
    r=${r/"@RATIO:$in:$rate@"/$ratio}
  fi
  table+=$'\n'"$r"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | head -1)
[ -n "$dirty" ] && commit="$commit (with uncommitted changes)"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
mode="every post"
[ "$quick" -gt 0 ] && mode="--quick: the first $quick posts of each input"
report="# Speed: citra against a Python pipeline

Measured by \`scripts/speed.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $mode.
Machine: $(nproc) cores (${cpu:-unknown CPU}), shared with other work: load before \`$(echo "$load_before" | sed 's/.*load average/load average/')\`, after \`$(echo "$load_after" | sed 's/.*load average/load average/')\`.
CPU s is user + sys of the whole process (start-up and model loading included), from \`/usr/bin/time -f '%e %U %S %M'\`; each row was run $repeat times and shows the run with the least CPU time (its wall time and peak RSS too; every run's CPU s in the last column); posts per CPU-second is posts / CPU s; × Python peer divides it by the peer's on the same input.

$table

- pipeline: \`crates/pipeline/examples/throughput.rs\`, the per-post pipeline on the texts alone (no reading of the formats, no output).
- annotate: \`citra annotate [--threads 1] FILES > /dev/null\`, reading the format, the pipeline and the JSON lines written.
- ingest: \`citra ingest -q --db NEW.db FILES\`, reading, the pipeline and the SQLite writes; posts are those stored plus those found already stored (duplicates, annotated all the same).
- python peer: \`scripts/peer/peer.py\`, per post \`langid.classify\`, flashgeotext's \`GeoText().extract\` and VADER's \`polarity_scores\`, one core (BLAS pinned to one thread), in \`target/speed-venv\`; it finds countries only (no actors, no tone per country, English-only tone).
- Rerun: \`scripts/speed.sh\` (\`--quick [N]\` for the first N posts of each input; \`--citra PATH\` to time another build)."

echo
echo "$table"
mkdir -p "$(dirname "$out")"
echo "$report" >"$out"
echo
echo "written: ${out#"$repo"/}"

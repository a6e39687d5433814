#!/usr/bin/env bash
# Runs `citra eval` on every gold file in ../shared/eval (or $CITRA_EVAL_DIR) and writes the
# reports under accuracy-reports/: one JSON per gold file and a summary.md table.
#   scripts/accuracy.sh          write the reports (commit them: quality changes show in review)
#   scripts/accuracy.sh --check  compare with accuracy-reports/floors.tsv; fail if any figure falls
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${CITRA_EVAL_DIR:-../shared/eval}
train_dir=${CITRA_TRAIN_DIR:-../shared/train}
citra=${CITRA_BIN:-target/release/citra}
[ -x "$citra" ] || cargo build --release --quiet -p citra
[ -d "$eval_dir" ] || { echo "no gold files at $eval_dir: set CITRA_EVAL_DIR" >&2; exit 2; }

check=0
[ "${1:-}" = "--check" ] && check=1
out=accuracy-reports
[ $check = 1 ] && out=$(mktemp -d)
mkdir -p "$out"

# task  gold file (relative to the eval dir)  headline metric  [extra arguments]
runs=(
  "mentions mentions/nerp-valid.jsonl micro_f1"
  "mentions mentions/wnut17-test.jsonl micro_f1"
  "mentions mentions/twitter-diplomacy-dev.jsonl micro_f1 --kinds name,abbreviation,hashtag"
  "tone tone/smsa-valid.jsonl macro_f1"
  "tone tone/semeval2017-dev.jsonl macro_recall"
  "tone tone/intertass-val.jsonl macro_f1"
  "tone tone/idsa-dev.jsonl macro_f1"
  "target-tone target-tone/dong2014-even.jsonl macro_f1"
  "target-tone target-tone/country-tone-dev.jsonl macro_f1"
  "langid tone/smsa-valid.jsonl accuracy"
  "langid tone/semeval2017-dev.jsonl accuracy"
  "langid tone/intertass-val.jsonl accuracy"
  "events events/petrarch2-validation.jsonl quad_accuracy --actors crates/actions/data/eval/petrarch2-actors.tsv"
  "events events/plover-gsr-dev.jsonl dyad_quad_accuracy"
)
{
  echo "# citra accuracy on the development gold files"
  echo
  echo "Written by \`scripts/accuracy.sh\` with \`$($citra --version)\`. Gold files: \`../shared/eval\` (see its README)."
  echo
  echo "Rows \`└ xx\` are the same file's lines in language xx (the gold file's \`lang\`)."
  echo
  echo "| task | gold file | n | headline | value | all metrics |"
  echo "|---|---|---|---|---|---|"
} > "$out/summary.md"
missing=()
fail=0
for run in "${runs[@]}"; do
  read -r task gold metric extra <<<"$run"
  [ -f "$eval_dir/$gold" ] || { echo "skip: $eval_dir/$gold is missing"; missing+=("$gold"); continue; }
  name="$task-$(basename "$gold" .jsonl)"
  # shellcheck disable=SC2086 # $extra is a list of arguments
  "$citra" eval "$task" "$eval_dir/$gold" --format json ${extra:-} > "$out/$name.json"
  lines=$(python3 - "$out/$name.json" "$metric" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); m = sys.argv[2]
def fmt(metrics):
    return ", ".join(f"{k} {v:.3f}" for k, v in sorted(metrics.items()))
print(f'{r["n"]}\t{r["metrics"][m]:.4f}\t{fmt(r["metrics"])}')
# One row per language when the file has more than one.
if len(r.get("by_lang", {})) > 1:
    for lang, s in sorted(r["by_lang"].items()):
        print(f'{lang}\t{s["n"]}\t{s["metrics"].get(m, 0):.4f}\t{fmt(s["metrics"])}')
PY
)
  IFS=$'\t' read -r n value allm <<<"$(head -n 1 <<<"$lines")"
  echo "| $task | $gold | $n | $metric | $value | $allm |" >> "$out/summary.md"
  tail -n +2 <<<"$lines" | while IFS=$'\t' read -r lang ln lvalue lallm; do
    [ -n "$lang" ] && echo "| | └ $lang | $ln | $metric | $lvalue | $lallm |" >> "$out/summary.md"
  done
  if [ $check = 1 ] && [ -f accuracy-reports/floors.tsv ]; then
    floor=$(awk -v k="$name" '$1 == k { print $2 }' accuracy-reports/floors.tsv)
    if [ -n "$floor" ] && python3 -c "import sys; sys.exit(0 if float('$value') + 1e-9 >= float('$floor') else 1)"; then
      echo "ok   $name $metric $value (floor $floor)"
    elif [ -n "$floor" ]; then
      echo "FELL $name $metric $value < floor $floor"; fail=1
    else
      echo "new  $name $metric $value (no floor)"
    fi
  else
    echo "$name $metric $value"
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo
    echo "Not measured (the file is not in this copy of the gold files): ${missing[*]}."
  } >> "$out/summary.md"
fi
if [ $check = 0 ] && [ -d "$train_dir" ]; then
  # Cross-validation of the target model on its training data (the country-tone rows held out
  # five folds by text), written by the same command that trains the shipped model.
  cargo build --release --quiet -p citra-pipeline --example train_target
  ex="train/tone semeval2016,train/tone smsa,train/tone semeval2013,train/tone xlmt-es-train,train/tone minangnlp,train/tone tweeteval,train/tone semeval2014,train/tone semeval2015"
  target/release/examples/train_target --out "$(mktemp)" --cv 5 --holdout-exclude "$ex" \
    "$train_dir/target-tone/country-tone-train.jsonl" "$train_dir/target-tone/dong2014-train.jsonl:0.5" \
    2> "$out/target-tone-cv.txt"
  {
    echo
    echo "Target model, 5-fold cross-validation on the training data (\`target-tone-cv.txt\`; rows whose text is in a document-tone training file not scored):"
    echo
    echo '```'
    grep -E '^(rules only|cv5 countries)' "$out/target-tone-cv.txt"
    echo '```'
  } >> "$out/summary.md"
fi
[ $check = 1 ] && rm -rf "$out"
exit $fail

#!/usr/bin/env bash
# Fuzzes every reader and the whole per-document pipeline on arbitrary bytes with libFuzzer
# (cargo-fuzz, on the nightly toolchain installed here).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default: 60 s each, targets readers pipeline)
#
# Installs cargo-fuzz from the crates registry when it is missing. The seed corpus is committed
# under fuzz/corpus/<target>/ (taken from the real files of the tests: readers get each fixture
# behind a byte that picks its format, the pipeline gets the golden texts); what a run adds goes
# to target/fuzz-corpus/<target>/ (not committed). A crash leaves its input under
# fuzz/artifacts/<target>/ and the script exits non-zero: make it a regression test (see
# crates/ingest/tests/fuzz_regressions.rs and crates/pipeline/tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(readers pipeline)

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz (once)"
  cargo install cargo-fuzz --locked
fi

status=0
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "target/fuzz-corpus/$t" "fuzz/artifacts/$t"
  # -rss_limit_mb: a reader or a stage that needs gigabytes for a small input is a bug too.
  if ! (cd fuzz && cargo +nightly fuzz run --release "$t" \
      "../target/fuzz-corpus/$t" "corpus/$t" -- \
      -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 | tail -n 25); then
    echo "!! $t: libFuzzer found a crash; its input is in fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Load test of `citra serve` on loopback: eight heavy requests in flight (actors,
# cascades?infer=true, relations, campaigns; never cached) while a light one (a country's image,
# never cached) is timed again and again; prints the light p50/p95/p99 alone and under load and
# the heavy answers by status, and fails when the light p99 under load is over P99_MAX_MS.
#
# The store: the IRA sample of ../shared/data (245,940 posts) when it is there, else the demo
# corpus shipped in the repository (crates/cli/demo). It is built once under target/load-test/
# and reused. Nothing listens beyond 127.0.0.1; the server started here is stopped on exit.
#
# Environment: SECONDS_UNDER_LOAD (30), HEAVY (8), P99_MAX_MS (200), CORPUS (a file to ingest
# instead), CITRA (a citra binary to serve with instead of this tree's, e.g. an older build to
# compare), SERVE_ARGS (more `citra serve` options, e.g. "--heavy-queries 2"), SHARED (the
# shared folder, ../shared; a missing one means the demo corpus).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_UNDER_LOAD=${SECONDS_UNDER_LOAD:-30}
HEAVY=${HEAVY:-8}
P99_MAX_MS=${P99_MAX_MS:-200}

echo "building (release): citra, the load client" >&2
cargo build --release --quiet -p citra
cargo build --release --quiet -p citra-server --example load
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
CITRA=${CITRA:-$target/release/citra}
LOAD=$target/release/examples/load

mkdir -p "$target/load-test"
ira=${SHARED:-../shared}/data/ira-tweets-sample.csv
if [[ -n ${CORPUS:-} ]]; then
    db=$target/load-test/$(basename "$CORPUS").db
    [[ -f $db ]] || timeout 600 "$CITRA" --db "$db" ingest -q "$CORPUS"
elif [[ -f $ira ]]; then
    db=$target/load-test/ira-tweets-sample.db
    if [[ ! -f $db ]]; then
        echo "building the store from $ira (about a minute)" >&2
        timeout 600 "$CITRA" --db "$db.part" ingest -q "$ira"
        mv "$db.part" "$db"
    fi
else
    db=$target/load-test/demo.db
    echo "no $ira: using the demo corpus" >&2
    [[ -f $db ]] || timeout 120 "$CITRA" demo --out "$db" >/dev/null
fi

work=$(mktemp -d)
server=""
cleanup() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086 # SERVE_ARGS is a list of options
"$CITRA" --db "$db" serve --addr 127.0.0.1:0 ${SERVE_ARGS:-} >"$work/out" 2>"$work/err" &
server=$!
addr=""
for _ in $(seq 100); do
    addr=$(sed -n 's|.* on http://\(127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/out" | head -n 1)
    [[ -n $addr ]] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
done
[[ -n $addr ]] || { echo "error: the server printed no address" >&2; cat "$work/err" >&2; exit 1; }
echo "store: $db ($(du -h "$db" | cut -f1)); server: $CITRA on $addr" >&2
sed -n '2p' "$work/out" >&2

timeout $((SECONDS_UNDER_LOAD + 240)) "$LOAD" "$addr" --seconds "$SECONDS_UNDER_LOAD" \
    --heavy "$HEAVY" --p99-max-ms "$P99_MAX_MS"

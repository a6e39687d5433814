#!/usr/bin/env bash
# Browser test of the dashboard: builds citra, makes a demo store plus posts that try XSS,
# starts `citra serve` on a free loopback port and drives the page with headless Chromium
# (Playwright from npm, using the system chromium; no browser is downloaded). Screenshots go to
# target/browser-test/ (and the folder printed at the end). Exits non-zero on any failure.
#
# Needs: cargo, node + npm (the npm registry at first run), and chromium (installed with apt-get
# when missing, which needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v chromium >/dev/null 2>&1; then
  echo "browser-test: installing Debian's chromium"
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
fi
CHROMIUM=$(command -v chromium)
export CHROMIUM

echo "browser-test: building citra (release)"
cargo build --release --locked --quiet -p citra
citra="$repo/target/release/citra"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$citra" demo --out "$work/demo.db" >/dev/null
"$citra" --db "$work/demo.db" ingest --quiet crates/server/tests/fixtures/xss.jsonl
# A coordination cluster of three accounts about Mexico (January 2017), whose copied texts are
# near-duplicate stories too: the coordination-and-copies panel has something to show. Without
# the fixture's reshares: reshare ids would turn the cascades panel from reach-from-counts (what
# the demo shows) to reshare trees, of which these posts have none.
grep -v '"reshare_of"' crates/cli/tests/fixtures/coordination-posts.jsonl >"$work/coordinated.jsonl"
"$citra" --db "$work/demo.db" ingest --quiet "$work/coordinated.jsonl"

# Port 0: the system picks a free port; citra prints the URL it got.
"$citra" --db "$work/demo.db" serve --addr 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -so 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; echo "browser-test: citra serve exited"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "browser-test: no URL from citra serve"; exit 1; }
echo "browser-test: citra serve at $url"

# The driver and its one npm dependency (pinned by package-lock.json) in a scratch folder.
mkdir -p "$work/driver"
cp tests/browser/package.json tests/browser/package-lock.json tests/browser/dashboard.mjs "$work/driver/"
(cd "$work/driver" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

shots="$repo/target/browser-test"
rm -rf "$shots"
mkdir -p "$shots"
node "$work/driver/dashboard.mjs" "$url" "$shots"
echo "browser-test: passed; screenshots in $shots"

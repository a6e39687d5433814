#!/usr/bin/env bash
# Checks `citra report` in a real browser: builds citra (release), makes the demo store, writes the
# report in English and in Bahasa Indonesia, and takes screenshots with headless Chromium at a
# desktop size (1280×2400) and a phone size (412×2400). Fails when a screenshot is missing or
# blank (one colour). The report must need no network: Chromium runs with networking features off.
#
# Usage: scripts/report-screenshot.sh [STORE]   (default: a fresh demo store)
# Screenshots go to target/report-screenshot/. Needs cargo, python3, and chromium (installed with
# apt-get when missing, which needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v chromium >/dev/null 2>&1; then
  echo "report-screenshot: installing Debian's chromium"
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
fi

echo "report-screenshot: building citra (release)"
cargo build --release --locked --quiet -p citra
citra="$repo/target/release/citra"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots="$repo/target/report-screenshot"
rm -rf "$shots"
mkdir -p "$shots"

db="${1:-}"
if [ -z "$db" ]; then
  db="$work/demo.db"
  "$citra" demo --out "$db" >/dev/null
fi

"$citra" --db "$db" report --out "$shots/report.html"
"$citra" --db "$db" report --lang id --out "$shots/report-id.html"

# One PNG: exists, and not one colour (decoded with the standard library: zlib + PNG filters).
check_png() {
  python3 - "$1" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, colour = ihdr[:4]
bpp = {2: 3, 6: 4, 0: 1, 4: 2}[colour] * depth // 8
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 7 == 0:
        for x in range(0, stride, bpp * 3):
            colours.add(bytes(line[x:x + 3]))
    prev = line
assert len(colours) > 8, f"{path}: blank ({len(colours)} colours)"
print(f"{path}: {w}x{h}, {len(colours)} colours sampled")
PY
}

for lang in en id; do
  html="$shots/report.html"
  [ "$lang" = id ] && html="$shots/report-id.html"
  for size in 1280,2400 412,2400; do
    png="$shots/report-$lang-${size%%,*}.png"
    rm -rf "$work/profile"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --window-size="$size" --screenshot="$png" \
      "file://$html" >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; exit 1; }
    [ -s "$png" ] || { cat "$work/chromium.log"; echo "report-screenshot: no $png"; exit 1; }
    check_png "$png"
  done
done
echo "report-screenshot: passed; report and screenshots in $shots"

#!/usr/bin/env bash
# Runs every `citra …` command of the README's sh blocks, so that the README stays true.
#
# Each command runs in a scratch folder with `citra` (the release build, or $CITRA) on PATH:
# - ./citra.db and ./citra-demo.db start as the demo store (`citra demo`); the README's ingest
#   examples add to ./citra.db;
# - the files the examples name are made there: small inputs in each real format from the test
#   fixtures (crates/ingest/tests/fixtures, crates/cli/tests/fixtures); when the project's
#   development data is beside the repository (../shared/data), the head of state's archive
#   (condensed_201*.json) and jokowi_tweets_2018.csv are the real files, as the README's counts are;
# - examples/ is the repository's (example gold files and actor tables);
# - ./citra.db also holds the recorded GDELT day, the articles of the compare-gdelt test and the
#   Telegram export (result.json), so that the GDELT and Telegram commands have data.
# A command passes when it exits 0 and prints something (or writes the file it names with
# --out or `>`). `citra serve` passes when it answers GET /api/v1/countries (it is started on
# a free port and stopped). A line `# → TEXT (…)` under a command is its expected output: TEXT
# (spaces collapsed) must be in what the command printed, and `(a second run: A, B)` is checked
# on a second run; an ingest with an expectation runs on a fresh store. Expectations that need
# the real files are skipped, with a note, when ../shared/data is not there.
# `citra pull` and `citra watch` lines run against the loopback replay server
# (crates/pull/examples/replay.rs) serving the recorded responses of crates/cli/tests/fixtures/live:
# their public hosts are rewritten to it, and `citra watch` without --once is stopped by SIGINT
# after a few seconds (it must then exit 0 with its summary).
# `cargo …` lines (the setup commands) are what CI itself runs and are not repeated here.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ -z "${CITRA:-}" ]; then
  cargo build --release --locked --quiet -p citra
  CITRA="$repo/target/release/citra"
fi
cargo build --release --locked --quiet -p citra-pull --example replay
live="$repo/crates/cli/tests/fixtures/live"
replay_out=$(mktemp)
"$repo/target/release/examples/replay" "$live/bluesky" "$live/mastodon" "$live/rss" "$live/jetstream" >"$replay_out" &
replay_pid=$!
work=$(mktemp -d)
trap 'kill $replay_pid 2>/dev/null; rm -rf "$work" "$replay_out"' EXIT
for _ in $(seq 100); do [ -s "$replay_out" ] && break; sleep 0.1; done
REPLAY=$(head -1 "$replay_out")
mkdir -p "$work/bin"
ln -s "$CITRA" "$work/bin/citra"

fx="$repo/crates/ingest/tests/fixtures"
cfx="$repo/crates/cli/tests/fixtures"
shared="$repo/../shared/data"
real=0
[ -f "$shared/jokowi_tweets_2018.csv" ] && [ -d "$shared/trump-archive" ] && real=1

cd "$work"
ln -s "$repo/examples" examples
"$CITRA" demo >/dev/null
cp citra-demo.db citra.db
if [ "$real" = 1 ]; then
  cp "$shared"/trump-archive/condensed_201*.json .
  cp "$shared/jokowi_tweets_2018.csv" .
else
  # Five posts of the archive's 2017 file and the Jerusalem post of 6 December with its day
  # (the reactions example), as one JSON array.
  python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1])) + json.load(open(sys.argv[2])), open("condensed_2017.json", "w"))' \
    "$fx/trump_2017_5.json" "$cfx/jerusalem-trump.json"
  cp "$fx/jokowi_3.csv" jokowi_tweets_2018.csv
fi
cp "$fx/tweets.js" tweets.js
gzip -9 -n -c "$fx/twitter_v2_page.json" >page-1.json.gz
cp "$fx/ira_5.csv" ira-tweets.csv
cp "$cfx/cascade-posts.jsonl" posts.jsonl
cp "$fx/feed_rss2.xml" feed.xml
cp "$fx/article.html" article.html
mkdir -p data/2019
cp "$fx/twitter_v1.jsonl" data/
cp "$fx/feed_atom.xml" data/2019/
printf 'id|text|created_at\n1|Mexico will pay for the wall|2019-06-07\n' >export-pipes.csv
printf 'id,text,created_at\n1,"M\xe9xico y Espa\xf1a firmar\xe1n un acuerdo \x93hist\xf3rico\x94",2019-06-07\n' >export-latin1.csv
cp "$fx/telegram/result.json" result.json
mkdir -p gdelt-day
cp "$fx"/gdelt/2019* gdelt-day/
# The GDELT commands after the ingest read ./citra.db: the same day, and articles GDELT cites.
"$CITRA" ingest -q gdelt-day/ "$cfx/gdelt-articles.jsonl" result.json >/dev/null
printf 'realDonaldTrump\tUSA\n' >authors.tsv
printf 'readme-check-token-%s\n' "$RANDOM$RANDOM" >token.txt
# The live examples' files, pointing at the replay server.
sed -E "s#https://[a-z]+\.example#$REPLAY#" "$repo/examples/feeds.opml" >feeds-replay.opml
cat >watch-replay.toml <<TOML
poll_interval = "1h"
timeout = "5s"
[[source]]
kind = "bluesky"
appview = "$REPLAY"
accounts = ["kemlu.bsky.social"]
queries = ["Palestina"]
lang = "id"
min_interval = "0ms"
[[source]]
kind = "mastodon"
instance = "$REPLAY"
accounts = ["kemlu"]
hashtags = ["diplomasi"]
min_interval = "0ms"
[[source]]
kind = "rss"
feed_list = "feeds-replay.opml"
min_interval = "0ms"
[[source]]
kind = "jetstream"
url = "${REPLAY/http:/ws:}/subscribe"
dids = ["did:plc:kemluri2024aaaa"]
TOML

PATH="$work/bin:$PATH" REAL="$real" REPLAY="$REPLAY" python3 - "$repo/README.md" <<'PY'
import os, re, subprocess, sys, time, urllib.request

readme = open(sys.argv[1], encoding="utf-8").read().split("\n")
real = os.environ["REAL"] == "1"

# The commands of the sh blocks, each with the expectation lines under it.
cmds = []
in_sh = False
for n, line in enumerate(readme, 1):
    if line.startswith("```"):
        in_sh = line.strip() == "```sh" and not in_sh
        continue
    if not in_sh:
        continue
    s = line.strip()
    if s.startswith("# →"):
        if cmds:
            cmds[-1][2].append(s[len("# →"):].strip())
        continue
    if not s or s.startswith("#"):
        continue
    # A comment starts at two or more spaces then '#'.
    cmd = re.sub(r"\s{2,}#.*$", "", s).strip()
    cmds.append((n, cmd, []))

def squash(t):
    return re.sub(r"\s+", " ", t).strip()

def expected(e):
    """(what the first run prints, [what a second run prints])"""
    m = re.search(r"\(a second run: ([^)]*)\)", e)
    second = [p.strip() for p in m.group(1).split(",")] if m else []
    first = re.sub(r"\(.*\)\s*$", "", e).strip()
    return squash(first), second

def run(cmd, env=None, timeout=300):
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, **(env or {})})
    return p.returncode, p.stdout + p.stderr, p.stdout

def serve(n, cmd):
    if "--port" not in cmd and "--addr" not in cmd:
        cmd += " --addr 127.0.0.1:0"
    p = subprocess.Popen(["bash", "-c", "exec " + cmd], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        t0 = time.time()
        out = ""
        while time.time() - t0 < 20 and url is None:
            line = p.stdout.readline()
            if not line:
                break
            out += line
            m = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if m:
                url = m.group(0)
        if url is None:
            return False, "no URL printed: " + out
        with urllib.request.urlopen(url + "api/v1/countries", timeout=10) as r:
            ok = r.status == 200 and b"countries" in r.read()
        return ok, "GET /api/v1/countries at " + url
    finally:
        p.terminate()
        p.wait(timeout=10)

REPLAY = os.environ["REPLAY"]

def live(cmd):
    """A `citra pull`/`citra watch` line pointed at the replay server."""
    if cmd.startswith("citra watch"):
        return cmd.replace("examples/watch.toml", "watch-replay.toml")
    cmd = cmd.replace("https://mastodon.social", REPLAY).replace("examples/feeds.opml", "feeds-replay.opml")
    cmd = re.sub(r"https://[a-z]+\.example", REPLAY, cmd)
    if cmd.startswith("citra pull bluesky") and "--appview" not in cmd:
        cmd += " --appview " + REPLAY
    if cmd.startswith("citra pull jetstream") and "--url" not in cmd:
        cmd += " --url " + REPLAY.replace("http:", "ws:") + "/subscribe"
    return cmd + " --min-interval 0ms"

failed = 0
skipped = 0
fresh = 0
for n, cmd, exps in cmds:
    if cmd.startswith("citra pull") or cmd.startswith("citra watch"):
        shown = cmd
        cmd = live(cmd)
        if cmd.startswith("citra watch") and "--once" not in cmd:
            cmd = "timeout --preserve-status -s INT 8 " + cmd
        rc, out, _ = run(cmd)
        ok = rc == 0 and re.search(r"\d+ read, \d+ stored", out) is not None
        print(("ok   " if ok else "FAIL ") + f"README.md:{n}: {shown} (as: {cmd})" + ("" if ok else f"\n---- output:\n{out[-3000:]}\n----"))
        failed += not ok
        continue
    if cmd.startswith("cargo "):
        print(f"skip README.md:{n}: {cmd} (CI runs it)")
        continue
    if cmd.startswith("citra serve") or " citra serve" in cmd:
        ok, why = serve(n, cmd)
        print(("ok  " if ok else "FAIL") + f" README.md:{n}: {cmd}: {why}")
        failed += not ok
        continue
    needs_real = bool(exps) and re.search(r"condensed_|jokowi", cmd) is not None
    env = None
    if exps and cmd.startswith("citra ingest"):
        fresh += 1
        env = {"CITRA_DB": f"fresh-{fresh}.db"}
    rc, out, stdout = run(cmd, env)
    problems = []
    if rc != 0:
        problems.append(f"exit {rc}")
    m = re.search(r"(?:--out|>)\s*(\S+)\s*$", cmd)
    if m and m.group(1) != "-":
        if not os.path.exists(m.group(1)) or os.path.getsize(m.group(1)) == 0:
            problems.append(f"{m.group(1)} not written")
    elif not out.strip():
        problems.append("printed nothing")
    for e in exps:
        if needs_real and not real:
            skipped += 1
            print(f"note README.md:{n}: expected output not checked without ../shared/data: {e}")
            continue
        first, second = expected(e)
        if first not in squash(out):
            problems.append(f"expected {first!r}")
        if second:
            rc2, out2, _ = run(cmd, env)
            for piece in second:
                if squash(piece) not in squash(out2):
                    problems.append(f"second run: expected {piece!r}")
    if problems:
        failed += 1
        print(f"FAIL README.md:{n}: {cmd}: {'; '.join(problems)}\n---- output:\n{out[-3000:]}\n----")
    else:
        print(f"ok   README.md:{n}: {cmd}")

print(f"readme-check: {len(cmds)} commands, {failed} failed, {skipped} expectations skipped")
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# Compares `citra coordination` with the Python reference implementation,
# coordination-network-toolkit (QUT Digital Observatory; PyPI, pinned below), on the same
# posts with the same window: the co-post (co_tweet) and co-reshare (co_retweet) edges each
# finds, as unordered account pairs, and how many are in both or only in one.
#
#   scripts/coordination-compare.sh [--window SECONDS] [--min-repeats N] [--strip-urls] [FILE...]
#
# Default input: the IRA sample, then RumourEval 2017 (authors inferred from replies, below),
# then the IRA sample mixed with RumourEval 2017
# (../shared/data; development data, not needed to build or test citra). Files given are
# compared as one input instead. Window default 60 s (the IRA's times are whole minutes),
# min-repeats default 2.
#
# Both tools read the same posts: citra ingests the files, `citra export --what posts` writes
# them, and the toolkit's CSV is made from that export (message_id = doc_key, user_id = author,
# repost_id = reshare_of, reply_id = reply_to, message = text, timestamp = created_at in Unix
# seconds, no URLs). Posts without an author or a time are left out of both, as citra does.
# Agreement is reported twice: on co-occurrence alone (min-repeats 1 in both), where the two
# definitions should meet but for text normalisation, and with each tool's own edge weight at
# the chosen min-repeats (citra: distinct objects co-shared; the toolkit: the first account's
# messages that have a co-occurring message, counted per direction; a pair is kept when either
# direction reaches it). --strip-urls removes URLs from the toolkit's messages too (citra's text
# key leaves them out; the toolkit's default preprocessor keeps them, and t.co links differ per
# post), to show how much of the difference that is. Exits non-zero only when a tool fails, not
# on disagreement.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
window=60
repeats=2
files=()
strip_urls=0
while [ $# -gt 0 ]; do
  case "$1" in
    --window) window=$2; shift 2 ;;
    --min-repeats) repeats=$2; shift 2 ;;
    --strip-urls) strip_urls=1; shift ;;
    *) files+=("$1"); shift ;;
  esac
done

venv="$repo/target/coord-venv"
if [ ! -x "$venv/bin/compute_networks" ]; then
  echo "coordination-compare: installing coordination-network-toolkit 1.5.2 into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet coordination-network-toolkit==1.5.2
fi
if [ -z "${CITRA:-}" ]; then
  cargo build --release --locked --quiet -p citra
  CITRA="$repo/target/release/citra"
fi
citra=$CITRA
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shared="$repo/../shared/data"
ira_map="text=content,created_at=publish_date,lang=language,author=author"

# compare NAME FILE... : one comparison on the files given.
compare() {
  local name=$1; shift
  local d="$work/$name"
  mkdir -p "$d"
  for f in "$@"; do
    case "$f" in
      *ira*) "$citra" --db "$d/citra.db" ingest -q "$f" --map "$ira_map" >/dev/null ;;
      *) "$citra" --db "$d/citra.db" ingest -q "$f" >/dev/null ;;
    esac
  done
  "$citra" --db "$d/citra.db" export --what posts --format csv --out "$d/posts.csv" 2>/dev/null
  for objects in text reshare; do
    for r in 1 "$repeats"; do
      "$citra" --db "$d/citra.db" coordination --window "$window" --min-repeats "$r" \
        --objects "$objects" --top 100000 --format csv >"$d/citra-$objects-$r.csv"
    done
  done
  python3 - "$d" "$strip_urls" <<'EOF'
import csv, re, sys, datetime
d, strip = sys.argv[1], sys.argv[2] == "1"
url = re.compile(r"https?://\S+")
csv.field_size_limit(1 << 30)
with open(f"{d}/posts.csv", newline="", encoding="utf-8") as f, \
     open(f"{d}/toolkit.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
    kept = 0
    for r in csv.DictReader(f):
        if not r["author"] or not r["created_at"]:
            continue
        t = datetime.datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).timestamp()
        repost = f"{r['platform']}/{r['reshare_of']}" if r["reshare_of"] else ""
        text = url.sub(" ", r["text"]) if strip else r["text"]
        w.writerow([r["doc_key"], r["author"], r["author"], repost, r["reply_to"], text, int(t), ""])
        kept += 1
print(f"  toolkit input: {kept} posts with an author and a time")
EOF
  local tk="$venv/bin/compute_networks"
  # The toolkit's output (and the noise its process pool prints at exit) goes to a log,
  # shown when it fails.
  "$tk" "$d/tk.db" preprocess --format csv "$d/toolkit.csv" >"$d/tk.log" 2>&1 || { cat "$d/tk.log"; exit 1; }
  for net in co_tweet co_retweet; do
    "$tk" "$d/tk.db" compute "$net" --time_window "$window" --min_edge_weight 1 >"$d/tk.log" 2>&1 \
      || { cat "$d/tk.log"; exit 1; }
  done
  python3 - "$d" "$repeats" "$window" "$name" <<'EOF'
import csv, sqlite3, sys
d, repeats, window, name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def citra_edges(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[frozenset((r["account_a"], r["account_b"]))] = int(r["weight"])
    return out
def toolkit_edges(net):
    # Read from the toolkit's own database: its CSV export fails in 1.5.2 (it passes
    # graphml's n_messages argument on to the CSV writer).
    out = {}
    db = sqlite3.connect(f"{d}/tk.db")
    for a, b, wgt in db.execute(f"select user_1, user_2, weight from {net}_network"):
        if a == b:
            continue
        k = frozenset((a, b))
        out[k] = max(out.get(k, 0), int(wgt))
    return out
print(f"== {name}: window {window} s")
for kind, net in (("text", "co_tweet"), ("reshare", "co_retweet")):
    tk = toolkit_edges(net)
    for r in (1, repeats):
        ci = citra_edges(f"{d}/citra-{kind}-{r}.csv")
        tkr = {k for k, w in tk.items() if w >= r}
        both, only_c, only_t = ci.keys() & tkr, ci.keys() - tkr, tkr - ci.keys()
        union = len(ci.keys() | tkr)
        jac = len(both) / union if union else 1.0
        print(f"  {kind:7} ({net}), min repeats {r}: citra {len(ci)}, toolkit {len(tkr)}, "
              f"both {len(both)}, only citra {len(only_c)}, only toolkit {len(only_t)}, Jaccard {jac:.3f}")
        for label, s in (("only citra", only_c), ("only toolkit", only_t)):
            for k in sorted(s, key=sorted)[:3]:
                print(f"      e.g. {label}: {' – '.join(sorted(k))}")
EOF
}

if [ ${#files[@]} -gt 0 ]; then
  compare given "${files[@]}"
else
  [ -f "$shared/ira-tweets-sample.csv" ] || { echo "coordination-compare: no $shared/ira-tweets-sample.csv; give FILE..."; exit 2; }
  # RumourEval's copy has no author field. A reply on Twitter starts with the handle of the
  # account it answers, so each replied-to post gets the first @handle of its replies as its
  # author (inferred; posts nobody replied to, and posts whose replies disagree, keep none).
  # Posts without an author are left out of both tools.
  python3 - "$shared/rumoureval-2017/threads.jsonl" "$work/rumoureval-authors.jsonl" <<'EOF'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
ids = {r["id"] for r in rows}
author, clash = {}, set()
for r in rows:
    p, m = r.get("reply_to"), re.match(r"\s*@(\w+)", r["text"])
    if p in ids and m:
        if author.setdefault(p, m.group(1)).lower() != m.group(1).lower():
            clash.add(p)
n = 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for r in rows:
        if r["id"] in author and r["id"] not in clash:
            r["author"] = author[r["id"]]
            n += 1
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"rumoureval: {len(rows)} posts, an author inferred for {n} (the first @handle of their replies)")
EOF
  compare ira "$shared/ira-tweets-sample.csv"
  compare rumoureval "$work/rumoureval-authors.jsonl"
  compare ira+rumoureval "$shared/ira-tweets-sample.csv" "$work/rumoureval-authors.jsonl"
fi

#!/usr/bin/env python3
"""Build candidate near-duplicate pairs for labelling (citra near-duplicate threshold).

Standard library only. Usage: python3 make_pairs.py [DATA_DIR] [OUT_CANDIDATES_JSONL]
Writes the stratified sample of unlabelled candidate pairs; labels are added separately
(see README.md).
"""
import csv, json, random, re, sys, collections, html

SEED = 20261203
IRA_SUBSET = 60000
DF_CAP = 40          # shingles present in more (distinct) texts than this are not used to form candidates
PER_BIN = 30
N_IDENTICAL = 20
BINS = [(0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]

data = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
out = sys.argv[2] if len(sys.argv) > 2 else "candidates.jsonl"
rng = random.Random(SEED)
csv.field_size_limit(10**9)

URL = re.compile(r"https?://\S+|www\.\S+")
HANDLE = re.compile(r"@\w+")
WORD = re.compile(r"\w+", re.UNICODE)

def normalize(t):
    t = html.unescape(t).lower()
    t = URL.sub(" ", t)
    t = HANDLE.sub(" ", t)
    t = re.sub(r"^\s*rt\s*:?\s*", "", t)
    return " ".join(t.split())

def shingles(norm):
    w = WORD.findall(norm)
    if len(w) < 4:
        return frozenset(w)
    return frozenset(" ".join(w[i:i + 3]) for i in range(len(w) - 2))

docs = []  # dict(source, text, author, id, lang)
with open(f"{data}/ira-tweets-sample.csv", newline="", encoding="utf-8") as f:
    rows = [(i, r) for i, r in enumerate(csv.DictReader(f), start=2)]  # i = line number (header = 1)
for i, r in rng.sample(rows, IRA_SUBSET):
    docs.append(dict(source="ira", text=r["content"], author=r["author"], id=f"row {i}", lang=r["language"]))
del rows
for t in json.load(open(f"{data}/trump-archive/condensed_2017.json", encoding="utf-8")):
    docs.append(dict(source="trump", text=t["text"], author="realDonaldTrump", id=t["id_str"], lang="English"))
for line in open(f"{data}/rumoureval-2017/threads.jsonl", encoding="utf-8"):
    t = json.loads(line)
    docs.append(dict(source="rumoureval", text=t["text"], author=None, id=t["id"], lang="English"))

# group exactly identical normalized texts (per source); one representative per group
groups = collections.defaultdict(list)
for k, d in enumerate(docs):
    n = normalize(d["text"])
    if WORD.search(n):
        groups[(d["source"], n)].append(k)
reps = []  # (source, norm, members, shingles)
for (src, n), mem in groups.items():
    reps.append((src, n, mem, shingles(n)))

identical = [(src, mem) for src, n, mem, _ in reps if len(mem) > 1]

# inverted index over rare shingles
index = collections.defaultdict(list)
for r, (src, n, mem, sh) in enumerate(reps):
    for s in sh:
        index[(src, s)].append(r)
cand = set()
for key, lst in index.items():
    if 2 <= len(lst) <= DF_CAP:
        for x in range(len(lst)):
            for y in range(x + 1, len(lst)):
                cand.add((lst[x], lst[y]))

binned = collections.defaultdict(list)
for x, y in cand:
    a, b = reps[x][3], reps[y][3]
    j = len(a & b) / len(a | b)
    if j < 0.2 or reps[x][1] == reps[y][1]:
        continue
    bi = min(int((j - 0.2) * 10 + 1e-9), 7)
    binned[bi].append((x, y, j))

def pick_member(mem, other_author=None):
    ms = list(mem)
    rng.shuffle(ms)
    if other_author is not None:
        ms.sort(key=lambda k: docs[k]["author"] == other_author)
    return ms[0]

def realise(x_mem, y_mem, j):
    ka = pick_member(x_mem)
    kb = pick_member(y_mem, docs[ka]["author"])
    return ka, kb, j

sample = []
stats = {}
for bi in range(8):
    pool = binned[bi]
    stats[bi] = len(pool)
    rng.shuffle(pool)
    # mix sources: up to 5 trump and 5 rumoureval per bin, rest ira; at most one pair per representative text
    by_src = collections.defaultdict(list)
    for x, y, j in pool:
        by_src[reps[x][0]].append((x, y, j))
    chosen, used = [], set()
    quota = {"trump": 5, "rumoureval": 5}
    for src in ("trump", "rumoureval", "ira"):
        lst = by_src[src]
        # prefer pairs with different authors and different languages variety (ira)
        lst.sort(key=lambda p: (len({docs[k]["author"] for k in reps[p[0]][2] + reps[p[1]][2]}) < 2))
        for x, y, j in lst:
            if len(chosen) >= PER_BIN or (src in quota and sum(1 for c in chosen if reps[c[0]][0] == src) >= quota[src]):
                break
            if x in used or y in used:
                continue
            used.update((x, y))
            chosen.append((x, y, j))
    # top up from anything if ira ran short
    for x, y, j in pool:
        if len(chosen) >= PER_BIN:
            break
        if x not in used and y not in used:
            used.update((x, y)); chosen.append((x, y, j))
    for x, y, j in chosen:
        sample.append((bi,) + realise(reps[x][2], reps[y][2], j))

rng.shuffle(identical)
for src, mem in identical[:N_IDENTICAL]:
    ka = pick_member(mem)
    kb = pick_member([m for m in mem if m != ka], docs[ka]["author"])
    sample.append(("identical", ka, kb, 1.0))

with open(out, "w", encoding="utf-8") as f:
    for pid, (bi, ka, kb, j) in enumerate(sample, start=1):
        def obj(k):
            d = docs[k]
            return {"text": d["text"], "author": d["author"], "id": d["id"], "language": d["lang"]}
        f.write(json.dumps({"id": pid, "source": docs[ka]["source"], "bin": bi if bi == "identical" else f"{BINS[bi][0]:.1f}-{BINS[bi][1]:.1f}",
                            "a": obj(ka), "b": obj(kb), "jaccard_word3": round(j, 4)}, ensure_ascii=False) + "\n")
print(json.dumps({"docs": len(docs), "distinct_normalized": len(reps), "identical_groups": len(identical),
                  "candidate_pairs": len(cand), "pool_per_bin": stats, "sampled": len(sample)}))

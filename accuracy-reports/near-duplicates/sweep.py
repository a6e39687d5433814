"""Threshold sweep and 5-fold cross-validation on pairs.jsonl (standard library only).

A Python mirror of citra's story text (crates/stories/src/text.rs: entities decoded, lowercased,
leading RT/MT, URLs, @handles and, optionally, #hashtags removed; words are \\w+ runs) and of its
similarity (Jaccard of word 3-shingles; texts under MIN words not compared). Prints precision /
recall per threshold, then the cross-validated figures. Usage: python3 sweep.py [pairs.jsonl]
"""
import html
import json
import math
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "pairs.jsonl"
pairs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def words(text, drop_hashtags):
    toks = html.unescape(text).lower().split()
    while toks and toks[0] in ("rt", "rt:", "mt", "mt:"):
        toks = toks[1:]
    out = []
    for tok in toks:
        cut = [i for i in (tok.find("http://"), tok.find("https://"), tok.find("www.")) if i >= 0]
        if cut:
            tok = tok[: min(cut)]
        m = re.match(r"^(\W*)[@#]", tok)
        if m and (tok[len(m.group(1))] == "@" or drop_hashtags):
            continue
        out += re.findall(r"\w+", tok)
    return out


def shingles(w):
    k = min(3, len(w))
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)} if w else set()


def score(p, drop, min_words):
    a, b = words(p["a"]["text"], drop), words(p["b"]["text"], drop)
    if len(a) < min_words or len(b) < min_words:
        return 0.0
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def pr(rows, t):
    tp = sum(1 for j, s in rows if j >= t and s)
    fp = sum(1 for j, s in rows if j >= t and not s)
    pos = sum(1 for _, s in rows if s)
    return tp, fp, pos


thresholds = [0.5, 0.55, 0.6, 0.7, 0.8]
for drop in (False, True):
    for min_words in (4, 5, 8):
        rows = [(score(p, drop, min_words), p["same_story"]) for p in pairs]
        cells = []
        for t in thresholds:
            tp, fp, pos = pr(rows, t)
            cells.append(f"{tp / (tp + fp):.3f} / {tp / pos:.2f}" if tp + fp else "- / 0")
        print("dropped" if drop else "kept", min_words, " | ".join(cells))

rows_of = lambda ps: [(score(p, True, 5), p["same_story"]) for p in ps]
grid = [x / 100 for x in range(30, 96, 5)]
TP = FP = POS = 0
for fold in range(5):
    train = rows_of([p for p in pairs if p["id"] % 5 != fold])
    test = rows_of([p for p in pairs if p["id"] % 5 == fold])
    prec = lambda r, t: (lambda tp, fp, _: tp / (tp + fp) if tp + fp else 0.0)(*pr(r, t))
    t = next((t for t in grid if prec(train, t) >= 0.95), 0.95)
    tp, fp, pos = pr(test, t)
    TP, FP, POS = TP + tp, FP + fp, POS + pos
    print(f"fold {fold}: threshold {t}, precision {tp / (tp + fp):.3f}, recall {tp / pos:.3f}")
print(f"5-fold pooled: precision {TP / (TP + FP):.3f}, recall {TP / POS:.3f}")
rows = rows_of(pairs)
tp, fp, _ = pr(rows, 0.6)
n, p, z = tp + fp, tp / (tp + fp), 1.96
c, r = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
print(f"J >= 0.6: {tp} true, {fp} false; Wilson 95% {(c - r) / (1 + z * z / n):.3f}-{(c + r) / (1 + z * z / n):.3f}")

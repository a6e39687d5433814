"""Rebuilds the unlabelled pairs of cluster-pairs.jsonl (standard library only).

Usage:
  citra --db ira.db ingest -q ira-tweets-sample.csv --map text=content,created_at=publish_date,lang=language,author=author
  citra --db ira.db stories --top 100000 --format json > stories.json
  python3 sample_cluster_pairs.py stories.json ira.db out.jsonl

Each pair is (a story's first post, another post of the same story): a story is drawn with
probability proportional to its copies minus one (the documents de-duplication merges), then one
of its listed later posts (the answer lists the first 20 of each story) uniformly. Seed 20261203.
"""
import json
import random
import sqlite3
import sys

stories_path, db_path, out_path = sys.argv[1:4]
answer = json.load(open(stories_path))
db = sqlite3.connect(db_path)
rng = random.Random(20261203)
stories = answer["stories"]
weights = [s["copies"] - 1 for s in stories]
out, seen = [], set()
while len(out) < 150:
    s = rng.choices(stories, weights)[0]
    m = rng.choice(s["posts"][1:])
    if (s["id"], m["doc"]) in seen:
        continue
    seen.add((s["id"], m["doc"]))
    first = s["posts"][0]
    ta = db.execute("select text, author from docs where id = ?", (first["doc"],)).fetchone()
    tb = db.execute("select text, author from docs where id = ?", (m["doc"],)).fetchone()
    out.append({"id": len(out) + 1, "story": s["id"], "copies": s["copies"],
                "a": {"doc": first["doc"], "author": ta[1], "text": ta[0]},
                "b": {"doc": m["doc"], "author": tb[1], "text": tb[0]}})
with open(out_path, "w") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

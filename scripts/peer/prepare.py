#!/usr/bin/env python3
"""Prepares one input of `scripts/speed.sh`: the files citra reads and the files the pipeline's
`throughput` example and the Python peer read, optionally cut to the first N posts.

Usage: prepare.py OUT_DIR LIMIT FILE...   (LIMIT 0: every post)

- JSON arrays (the condensed Trump archive): with LIMIT, the first LIMIT posts of the files in
  order are written to OUT_DIR/head.json (one array, the same format), which every tool reads;
  without, the files are used as they are.
- A CSV (the IRA sample, whose text column is `content`): OUT_DIR/texts.jsonl gets one
  `{"text": …}` line per record with a text, for the example and the peer; with LIMIT, the first
  LIMIT records are also written to OUT_DIR/head.csv (header kept, quoting as Python's csv writes
  it), which citra reads.
Prints two lines: the files for citra, then the files for the example and the peer
(tab-separated).
"""

import csv
import json
import os
import sys


def main(out, limit, files):
    os.makedirs(out, exist_ok=True)
    if all(f.lower().endswith(".csv") for f in files):
        csv.field_size_limit(1 << 30)
        citra_files, texts = [], os.path.join(out, "texts.jsonl")
        head_path = os.path.join(out, "head.csv")
        n = 0
        with open(texts, "w", encoding="utf-8") as tj:
            head = open(head_path, "w", encoding="utf-8", newline="") if limit else None
            writer = None
            for path in files:
                with open(path, encoding="utf-8", errors="replace", newline="") as f:
                    reader = csv.reader(f)
                    header = next(reader)
                    col = header.index("text") if "text" in header else header.index("content")
                    if head is not None and writer is None:
                        writer = csv.writer(head)
                        writer.writerow(header)
                    for row in reader:
                        if limit and n >= limit:
                            break
                        n += 1
                        if writer is not None:
                            writer.writerow(row)
                        if col < len(row) and row[col].strip():
                            tj.write(json.dumps({"text": row[col]}, ensure_ascii=False) + "\n")
                if not limit:
                    citra_files.append(os.path.abspath(path))
            if head is not None:
                head.close()
                citra_files = [head_path]
        print("\t".join(citra_files))
        print(texts)
        return 0
    if not limit:
        paths = [os.path.abspath(p) for p in files]
        print("\t".join(paths))
        print("\t".join(paths))
        return 0
    posts = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            posts.extend(json.load(f)[: limit - len(posts)])
        if len(posts) >= limit:
            break
    head_path = os.path.join(out, "head.json")
    with open(head_path, "w", encoding="utf-8") as f:
        json.dump(posts, f, ensure_ascii=False)
    print(head_path)
    print(head_path)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))

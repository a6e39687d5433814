#!/usr/bin/env python3
"""Writes the check's input as JSON Lines, the one file both paths read.

    prepare_input.py SRC OUT.jsonl [--limit N] [--duplicates N]

- SRC `.csv` with a header (the IRA sample): one JSON object per row, the column names as
  keys and the values as strings, as read by Python's csv module; `citra` maps `content`,
  `publish_date`, `language`, `author`, `followers` by their common names, as `citra ingest`
  maps the CSV's columns.
- SRC a JSON array (the demo corpus, a condensed Trump archive): one object per line.
- SRC `.jsonl`: copied (its first N non-blank lines with --limit).

--duplicates N appends N records that repeat the key of an earlier one (same id, or for
records without an id the same author, date and text) with a changed text, so that the check
sees that both paths keep the first post of each key, as the store does.
"""

import argparse
import csv
import json
import sys


def records(src):
    if src.endswith(".csv"):
        csv.field_size_limit(sys.maxsize)
        with open(src, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield row
    elif src.endswith(".jsonl"):
        with open(src, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    else:
        with open(src, encoding="utf-8") as f:
            yield from json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--duplicates", type=int, default=0)
    args = ap.parse_args()
    n = 0
    kept = []
    with open(args.out, "w", encoding="utf-8") as o:
        for rec in records(args.src):
            if args.limit and n >= args.limit:
                break
            o.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if len(kept) < args.duplicates:
                kept.append(rec)
            n += 1
        for rec in kept:
            dup = dict(rec)
            has_id = any(k in dup for k in ("id_str", "id", "tweet_id"))
            if has_id:
                # Same (platform, id): a later copy with another text, which the store drops.
                for k in ("text", "content", "full_text"):
                    if k in dup:
                        dup[k] = dup[k] + " Mexico is a wonderful friend!"
            o.write(json.dumps(dup, ensure_ascii=False) + "\n")
            n += 1
    print(f"prepare_input: {n} records -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compares the Spark job's output with the embedded path's; exits 1 on any difference.

    spark-submit --master 'local[1]' scripts/spark/compare.py \
        --spark-out OUT --embedded-annotations emb.jsonl --embedded-index emb-index.jsonl

- Annotations: the job's Parquet (`OUT/annotations`, in input order by (part, line)) against
  the lines of one `citra annotate` process on the same input, record by record: every field
  but `input` and `line` (where the record was read, which differ by construction) must be
  equal, floats exactly (the f32 values of the pipeline).
- Index: `OUT/index` against the embedded index (one JSON object per (country, day), from
  `citra image --by day --format json` on a store made by `citra ingest`): the same set of
  (country, day), `docs` and `mentions` equal, every float within --tolerance (1e-9).
"""

import argparse
import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import types as T

FLOATS = ("reach", "tone", "ci_low", "ci_high", "positive", "negative", "net_favourability")
COUNTS = ("docs", "mentions")


def widen(t):
    """The type with every float widened to double (exact), for reading back as JSON."""
    if isinstance(t, T.FloatType):
        return T.DoubleType()
    if isinstance(t, T.StructType):
        return T.StructType([T.StructField(f.name, widen(f.dataType), f.nullable) for f in t])
    if isinstance(t, T.ArrayType):
        return T.ArrayType(widen(t.elementType), t.containsNull)
    return t


def clean(v):
    """JSON value without nulls (Spark's JSON leaves null fields out) and without the fields
    that say where a record was read."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()
                if x is not None and k not in ("input", "line", "part")}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


def first_difference(a, b, path=""):
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{path}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: {a.get(k)!r} vs {b.get(k)!r}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spark-out", required=True)
    ap.add_argument("--embedded-annotations", required=True)
    ap.add_argument("--embedded-index", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-9)
    args = ap.parse_args()
    spark = SparkSession.builder.appName("citra-compare").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    spark.conf.set("spark.sql.shuffle.partitions", "4")
    ok = True
    try:
        ok = compare(spark, args)
    finally:
        spark.stop()
    sys.exit(0 if ok else 1)


def compare(spark, args):
    ok = True
    # Annotations, in input order.
    ann = spark.read.parquet(f"{args.spark_out}/annotations")
    cols = [ann[f.name].cast(widen(f.dataType)).alias(f.name) for f in ann.schema]
    # Streamed, a partition at a time: the driver holds neither side whole.
    rows = ann.select(*cols).orderBy("part", "line").toJSON().toLocalIterator()
    diffs = n_got = n_want = mentions = events = 0
    with open(args.embedded_annotations, encoding="utf-8") as f:
        want_iter = (clean(json.loads(line)) for line in f if line.strip())
        done = object()
        while True:
            g = next(rows, done)
            w = next(want_iter, done)
            if g is done and w is done:
                break
            if g is done or w is done:
                n_got += g is not done
                n_want += w is not done
                continue
            g = clean(json.loads(g))
            n_got += 1
            n_want += 1
            mentions += len(w.get("mentions", []))
            events += len(w.get("events", []))
            d = first_difference(g, w)
            if d:
                diffs += 1
                if diffs <= 5:
                    print(f"annotations: record {n_got} differs at {d}")
    if n_got != n_want:
        print(f"annotations: {n_got} records from Spark, {n_want} from citra annotate")
        ok = False
    if diffs:
        ok = False
    print(f"annotations: {min(n_got, n_want)} records compared ({mentions} mentions, "
          f"{events} events): {diffs} differ")

    # The index.
    spark_rows = {(r["country"], r["day"]): r.asDict()
                  for r in spark.read.parquet(f"{args.spark_out}/index").collect()}
    emb = {}
    with open(args.embedded_index, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                emb[(r["country"], r["day"])] = r
    only_spark = sorted(set(spark_rows) - set(emb))
    only_emb = sorted(set(emb) - set(spark_rows))
    if only_spark or only_emb:
        ok = False
        print(f"index: {len(only_spark)} (country, day) only from Spark {only_spark[:5]}, "
              f"{len(only_emb)} only embedded {only_emb[:5]}")
    worst = {k: 0.0 for k in FLOATS}
    bad = 0
    for key in sorted(set(spark_rows) & set(emb)):
        s, e = spark_rows[key], emb[key]
        wrong = [c for c in COUNTS if int(s[c]) != int(e[c])]
        for c in FLOATS:
            d = abs(float(s[c]) - float(e[c]))
            worst[c] = max(worst[c], d)
            if not d <= args.tolerance:
                wrong.append(c)
        if wrong:
            bad += 1
            if bad <= 5:
                print(f"index: {key} differs in {wrong}: spark {s} embedded {e}")
    if bad:
        ok = False
    print(f"index: {len(set(spark_rows) & set(emb))} (country, day) rows compared, "
          f"{len({k[0] for k in emb})} countries: {bad} differ; max abs difference "
          f"{max(worst.values()):.3g} (" + ", ".join(f"{k} {v:.3g}" for k, v in worst.items()) + ")")
    print("compare: " + ("OK, identical annotations and index within tolerance" if ok else "FAILED"))
    return ok


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""citra on Apache Spark: `citra annotate` on the executors, the citra index in Spark SQL.

    spark-submit scripts/spark/citra_spark.py --citra target/release/citra \
        --out OUT posts.jsonl [more.jsonl | dir/ | posts.parquet | ira.csv]

1. Reads posts: JSON Lines (the lines go to `citra annotate` as they are), Parquet or CSV
   with a header (each row becomes one JSON object with the column names as keys, which
   `citra annotate` maps by the same common names as `citra ingest`).
2. Runs `citra annotate - --format jsonl` as a subprocess over each partition (the binary is
   shipped with `SparkContext.addFile` and found with `SparkFiles.get`): one output line per
   input record, in order, rejected records included.
3. Writes the annotations as Parquet (`OUT/annotations`), with `part` and `line` (the
   partition and the record's line in it), which give the input order.
4. Computes the citra index per country and day with Spark SQL (`OUT/index`, Parquet, and
   `OUT/index-json`, one JSON file), with the definition of `citra image --by day`:
   `crates/analytics/src/index.rs` on the observations of `crates/store` (`observations()`),
   after the store's de-duplication by document key, under the default counting rules
   (`crates/pipeline/src/counting.rs`: leaders excluded, every voice). See README.md here.
"""

import argparse
import os
import subprocess
import sys
import threading
import time

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The `citra annotate` schema this job reads (crates/cli/src/cmd/annotate.rs, SCHEMA).
SCHEMA_NAME = "citra.annotation/2"

# Mention kinds that stand for the country itself (citra_pipeline::COUNTRY_KINDS); with the
# default `leaders = exclude`, only these, naming no actor, count toward the index.
COUNTRY_KINDS = ("name", "abbreviation", "demonym", "hashtag")

# Prior variance of a tone score (citra_analytics::index::PRIOR_VAR: a uniform score on [-1, 1]).
PRIOR_VAR = 1.0 / 3.0

# Student's t 0.975 quantiles for df 1..30 (citra_analytics::stats::t_quantile_975).
T_TABLE = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
]

F32 = T.FloatType()
TONE = T.StructType([
    T.StructField("label", T.StringType()),
    T.StructField("score", F32),
    T.StructField("confidence", F32),
])
SPAN = T.StructType([T.StructField("start", T.LongType()), T.StructField("end", T.LongType())])
MENTION = T.StructType([
    T.StructField("country", T.StringType()),
    T.StructField("actor", T.StringType()),
    T.StructField("kind", T.StringType()),
    T.StructField("surface", T.StringType()),
    T.StructField("start", T.LongType()),
    T.StructField("end", T.LongType()),
    T.StructField("tone", TONE),
    T.StructField("themes", T.ArrayType(T.StringType())),
])
EVENT = T.StructType([
    T.StructField("source", T.StringType()),
    T.StructField("target", T.StringType()),
    T.StructField("code", T.StringType()),
    T.StructField("root", T.IntegerType()),
    T.StructField("quad", T.StringType()),
    T.StructField("goldstein", F32),
    T.StructField("negated", T.BooleanType()),
    T.StructField("sentence", SPAN),
    T.StructField("trigger", SPAN),
    T.StructField("mention", T.LongType()),
])
# One `citra annotate` line (README, "Annotating without a store").
ANNOTATION = T.StructType([
    T.StructField("schema", T.StringType()),
    T.StructField("input", T.StringType()),
    T.StructField("line", T.LongType()),
    T.StructField("rejected", T.StringType()),
    T.StructField("key", T.StringType()),
    T.StructField("platform", T.StringType()),
    T.StructField("native_id", T.StringType()),
    T.StructField("author", T.StringType()),
    T.StructField("created_at", T.StringType()),
    T.StructField("day", T.StringType()),
    T.StructField("engagement", T.LongType()),
    T.StructField("lang", T.StringType()),
    T.StructField("lang_confidence", F32),
    T.StructField("tone", TONE),
    T.StructField("mentions", T.ArrayType(MENTION)),
    T.StructField("events", T.ArrayType(EVENT)),
])


def annotate_partition(threads, citra_format, column_map):
    """The function run on each partition: its records through `citra annotate`."""

    def run(pidx, records):
        exe = SparkFiles.get("citra")
        if not os.access(exe, os.X_OK):
            os.chmod(exe, 0o755)
        cmd = [exe, "annotate", "-", "--format", citra_format, "--threads", str(threads), "-q"]
        if column_map:
            cmd += ["--map", column_map]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        sent = [0]
        failure = []

        def feed():
            try:
                for rec in records:
                    # A blank line is no record for citra (and gets no output line): skip it
                    # here so that every line sent is one line back.
                    if not rec.strip():
                        continue
                    proc.stdin.write(rec.encode("utf-8"))
                    proc.stdin.write(b"\n")
                    sent[0] += 1
            except BaseException as e:  # noqa: BLE001 - reported below, after the reader
                failure.append(e)
            finally:
                try:
                    proc.stdin.close()
                except OSError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        got = 0
        for out in proc.stdout:
            got += 1
            yield (pidx, out.decode("utf-8").rstrip("\n"))
        writer.join()
        err = proc.stderr.read().decode("utf-8", "replace")
        rc = proc.wait()
        if failure:
            raise RuntimeError(f"partition {pidx}: feeding citra annotate failed: {failure[0]!r}")
        if rc != 0:
            raise RuntimeError(f"partition {pidx}: citra annotate exited {rc}: {err.strip()}")
        if got != sent[0]:
            raise RuntimeError(
                f"partition {pidx}: {sent[0]} records sent to citra annotate, {got} lines back"
            )

    return run


def input_lines(spark, paths, fmt, partitions):
    """The records as JSON Lines strings, one RDD whose partitions follow the input order:
    the paths in the order given (a folder: its files in name order), each file from its
    start (JSONL and CSV files; Parquet row groups in the order Spark lists them)."""
    sc = spark.sparkContext
    rdds = []
    for path in paths:
        kind = fmt or detect(path)
        if kind == "jsonl":
            files = expand(path)
            per = max(1, partitions // max(1, len(files) * len(paths)))
            rdds.extend(sc.textFile(f, minPartitions=per) for f in files)
        elif kind == "parquet":
            df = spark.read.parquet(path)
            rdds.append(df.toJSON())
        elif kind == "csv":
            # multiLine: the posts' texts hold newlines; each file is then one partition.
            df = (
                spark.read.option("header", True)
                .option("multiLine", True)
                .option("escape", '"')
                .csv(expand(path))
            )
            rdds.append(df.toJSON())
        else:
            raise SystemExit(f"error: {path}: unknown input format {kind!r} (jsonl, parquet, csv)")
    rdd = rdds[0] if len(rdds) == 1 else sc.union(rdds)
    return rdd


def detect(path):
    p = path.rstrip("/").lower()
    if p.endswith(".parquet") or (os.path.isdir(path) and any(
            f.endswith(".parquet") for f in os.listdir(path))):
        return "parquet"
    if p.endswith(".csv"):
        return "csv"
    return "jsonl"


def expand(path):
    if os.path.isdir(path):
        return [os.path.join(path, f) for f in sorted(os.listdir(path))
                if not f.startswith((".", "_"))]
    return [path]


def annotations(spark, lines, threads, citra_format, column_map):
    """The annotation DataFrame: one row per input record (rejected ones with `rejected`)."""
    out = lines.mapPartitionsWithIndex(annotate_partition(threads, citra_format, column_map))
    raw = spark.createDataFrame(out, T.StructType([
        T.StructField("part", T.IntegerType(), False),
        T.StructField("json", T.StringType(), False),
    ]))
    parsed = raw.select(
        "part", F.from_json("json", ANNOTATION, {"mode": "FAILFAST"}).alias("a"))
    return parsed.select("part", "a.*")


def index_sql(t_table, prior_var, kinds):
    """The citra index per (country, day), as `citra image --by day` computes it, on the
    view `annotations` (all records, in input order by (part, line))."""
    table = ", ".join(f"{v!r}D" for v in t_table)
    kind_list = ", ".join(f"'{k}'" for k in kinds)
    z = "1.959964D"
    return f"""
WITH docs AS (
  -- The store keeps the first document of each key (crates/store/src/key.rs, Batch::insert).
  SELECT * FROM (
    SELECT a.*, row_number() OVER (PARTITION BY key ORDER BY part, line) AS nth
    FROM annotations a WHERE rejected IS NULL
  ) WHERE nth = 1
),
obs AS (
  -- Store::observations: dated documents, mentions with a tone score; then the default
  -- counting (leaders excluded: country kinds naming no actor; every voice).
  SELECT d.key, d.day, d.engagement, m.country,
         CAST(m.tone.score AS DOUBLE) AS score, m.tone.label AS label
  FROM docs d LATERAL VIEW explode(d.mentions) e AS m
  WHERE d.created_at IS NOT NULL AND m.tone IS NOT NULL AND m.tone.score IS NOT NULL
    AND m.actor IS NULL AND m.kind IN ({kind_list})
),
votes AS (
  -- One vote per (document, country) of the day: mean clamped score, label shares.
  SELECT country, day, key,
         COUNT(*) AS k,
         SUM(GREATEST(-1D, LEAST(1D, score))) AS score_sum,
         SUM(CASE WHEN label = 'positive' THEN 1 ELSE 0 END) AS pos,
         SUM(CASE WHEN label = 'negative' THEN 1 ELSE 0 END) AS neg,
         1D + LOG1P(CAST(engagement AS DOUBLE)) AS w
  FROM obs
  WHERE NOT isnan(score) AND score != double('inf') AND score != double('-inf')
  GROUP BY country, day, key, engagement
),
pairs AS (
  SELECT country, day, k, score_sum / k AS v, w, pos, neg,
         SUM(score_sum / k * w) OVER (PARTITION BY country, day)
           / SUM(w) OVER (PARTITION BY country, day) AS mean
  FROM votes
),
agg AS (
  SELECT country, day,
         SUM(k) AS mentions, COUNT(*) AS docs, SUM(w) AS reach, FIRST(mean) AS tone,
         SUM(w) * SUM(w) / SUM(w * w) AS n_eff,
         SUM(w * ((v - mean) * (v - mean))) AS ss,
         SUM(w * pos / k) AS pos_w, SUM(w * neg / k) AS neg_w
  FROM pairs GROUP BY country, day
),
ci AS (
  SELECT *,
         (n_eff * (ss / reach * n_eff / (n_eff - 1D)) + {prior_var!r}D) / (n_eff + 1D) AS var,
         n_eff - 1D AS df
  FROM agg
),
tq AS (
  SELECT *,
         CASE WHEN df <= 30D THEN
           element_at(array({table}), CAST(LEAST(30D, GREATEST(1D, GREATEST(FLOOR(df), 1D))) AS INT))
           + (element_at(array({table}), CAST(LEAST(30D, GREATEST(1D, GREATEST(CEIL(df), 1D))) AS INT))
              - element_at(array({table}), CAST(LEAST(30D, GREATEST(1D, GREATEST(FLOOR(df), 1D))) AS INT)))
             * LEAST(1D, GREATEST(0D, df - GREATEST(FLOOR(df), 1D)))
         ELSE
           {z} + ({z} * {z} * {z} + {z}) / (4D * df)
             + (5D * ({z} * {z} * {z} * {z} * {z}) + 16D * ({z} * {z} * {z}) + 3D * {z})
               / (96D * df * df)
         END AS t
  FROM ci
)
SELECT country, day, docs, mentions, reach, tone,
       CASE WHEN n_eff <= 1D + 1e-9D THEN -1D ELSE GREATEST(tone - t * SQRT(var / n_eff), -1D) END AS ci_low,
       CASE WHEN n_eff <= 1D + 1e-9D THEN 1D ELSE LEAST(tone + t * SQRT(var / n_eff), 1D) END AS ci_high,
       pos_w / reach AS positive,
       neg_w / reach AS negative,
       100D * (pos_w / reach - neg_w / reach) AS net_favourability
FROM tq
WHERE reach > 0D
ORDER BY country, day
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", help="JSONL, Parquet or CSV files or folders")
    ap.add_argument("--format", choices=["jsonl", "parquet", "csv"],
                    help="input format (default: by extension; JSONL otherwise)")
    ap.add_argument("--citra", default="target/release/citra", help="the citra binary to ship")
    ap.add_argument("--out", required=True, help="output folder (annotations/, index/, index-json/)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="input partitions (default: 2 per core of the cluster)")
    ap.add_argument("--threads", type=int, default=1,
                    help="--threads of each citra annotate (default 1: one per Spark task)")
    ap.add_argument("--citra-format", default="jsonl",
                    help="the --format citra annotate reads the lines in (default jsonl; "
                         "one JSON object a line, e.g. trump-archive for a condensed archive's "
                         "objects): give the embedded path the same")
    ap.add_argument("--map", help="citra annotate's --map (field=key,...), as for citra ingest")
    args = ap.parse_args(argv)

    if not os.path.isfile(args.citra):
        raise SystemExit(f"error: {args.citra}: no citra binary (cargo build --release -p citra)")
    spark = SparkSession.builder.appName("citra").getOrCreate()
    try:
        run(spark, args)
    finally:
        spark.stop()


def run(spark, args):
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    if "spark.sql.shuffle.partitions" not in dict(sc.getConf().getAll()):
        # The index is small (countries x days): Spark's 200 shuffle partitions would be
        # 200 tasks per stage for a few thousand rows.
        spark.conf.set("spark.sql.shuffle.partitions", str(max(2, 2 * sc.defaultParallelism)))
    sc.addFile(os.path.abspath(args.citra))
    partitions = args.partitions or 2 * sc.defaultParallelism
    lines = input_lines(spark, args.inputs, args.format, partitions)
    ann = annotations(spark, lines, args.threads, args.citra_format, args.map)
    out = args.out.rstrip("/")
    t0 = time.time()
    ann.write.mode("overwrite").parquet(f"{out}/annotations")
    t1 = time.time()

    stored = spark.read.parquet(f"{out}/annotations")
    ok = F.col("rejected").isNull()
    stats = stored.agg(
        F.count(F.lit(1)).alias("n"),
        F.sum(F.when(ok, 0).otherwise(1)).alias("rejected"),
        F.countDistinct(F.when(ok, F.col("key"))).alias("keys"),
        F.sum(F.when(ok & (F.col("schema") != SCHEMA_NAME), 1).otherwise(0)).alias("other"),
        F.first(F.when(ok, F.col("schema")), ignorenulls=True).alias("schema"),
    ).collect()[0]
    if stats["other"]:
        raise SystemExit(f"error: citra annotate wrote schema {stats['schema']!r}, this job "
                         f"reads {SCHEMA_NAME!r}: use the citra binary of this repository")
    stored.createOrReplaceTempView("annotations")
    index = spark.sql(index_sql(T_TABLE, PRIOR_VAR, COUNTRY_KINDS))
    index.write.mode("overwrite").parquet(f"{out}/index")
    spark.read.parquet(f"{out}/index").orderBy("country", "day").coalesce(1) \
        .write.mode("overwrite").json(f"{out}/index-json")
    t2 = time.time()
    n, rej, docs = stats["n"], stats["rejected"] or 0, stats["keys"]
    rows = spark.read.parquet(f"{out}/index").count()
    print(f"citra-spark: {n} records, {n - rej} annotated, {rej} rejected, {docs} distinct "
          f"keys (documents the store would keep), {rows} index rows (country, day) -> {out}; "
          f"annotate to Parquet {t1 - t0:.1f} s, index {t2 - t1:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Checks `citra export` with the tools researchers read it with: builds citra (release), builds
# the demo store (`citra demo`, the corpus shipped in the binary), exports every table as Parquet,
# CSV and JSON Lines, then, in a Python virtual environment (target/export-check-venv, created
# once with pyarrow, duckdb and pandas from PyPI), reads each Parquet file with pyarrow and with
# pandas, queries it with DuckDB (a count and a grouped sum), and compares row counts and values
# with the store (Python's sqlite3 on the store file), with the CSV and JSON Lines exports and with
# `citra image --format json`; checks the schema version in the Parquet metadata and that the
# column types are the ones docs/EXPORT.md names (R-compatible: no unsigned integers, timestamps
# INT64 TIMESTAMP(MICROS, UTC), strings BYTE_ARRAY STRING, days INT32 DATE).
# Exits non-zero on any mismatch. Idempotent: every run starts from a fresh scratch folder
# (target/export-check); the venv is reused. Set CITRA=path to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ -z "${CITRA:-}" ]; then
  cargo build --release --locked --quiet -p citra
  CITRA="$repo/target/release/citra"
fi

venv="$repo/target/export-check-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pyarrow, duckdb, pandas' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyarrow duckdb pandas
fi

work="$repo/target/export-check"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$CITRA" demo --out demo.db >/dev/null
for what in posts mentions events image relations shocks; do
  for format in parquet csv jsonl; do
    "$CITRA" --db demo.db export --what "$what" --format "$format" --out "$what.$format" 2>>export.log
  done
done
"$CITRA" --db demo.db image --country MEX --format json >image-mex.json
"$CITRA" --db demo.db export --what events --format plover --out events.plover.jsonl 2>>export.log
"$CITRA" --db demo.db export --what events --format icews --out events.icews.tsv 2>>export.log
"$CITRA" --db demo.db export --what relations --format icews --out relations.icews.tsv 2>>export.log
cat export.log

"$venv/bin/python" - <<'EOF'
import json, math, sqlite3, sys
import duckdb, pandas as pd, pyarrow as pa, pyarrow.parquet as pq

failures = []
def one(sql):
    return duckdb.sql(sql).fetchall()[0]
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

db = sqlite3.connect("demo.db")
store_count = {
    "posts": db.execute("SELECT count(*) FROM docs").fetchone()[0],
    "mentions": db.execute("SELECT count(*) FROM mentions").fetchone()[0],
    "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
}
allowed = {"int64", "double", "bool", "string", "date32[day]", "timestamp[us, tz=UTC]"}
for table in ["posts", "mentions", "events", "image", "relations", "shocks"]:
    f = f"{table}.parquet"
    t = pq.read_table(f)
    meta = pq.read_metadata(f)
    kv = {k.decode(): v.decode() for k, v in (meta.metadata or {}).items()}
    check(kv.get("citra.export.schema") == "citra.export/1", f"{table}: schema version {kv.get('citra.export.schema')}")
    check(kv.get("citra.export.table") == table, f"{table}: table name in metadata")
    types = {str(fld.type) for fld in t.schema}
    check(types <= allowed, f"{table}: arrow types {sorted(types)} are R-compatible")
    bad = []
    for i in range(meta.num_columns):
        col = meta.schema.column(i)
        if col.physical_type == "BYTE_ARRAY" and str(col.logical_type) != "String":
            bad.append(col.name)
        if col.physical_type == "INT64" and col.logical_type.type == "TIMESTAMP":
            lt = json.loads(col.logical_type.to_json())
            if not (lt["timeUnit"] == "microseconds" and lt["isAdjustedToUTC"]):
                bad.append(col.name)
        if col.physical_type == "INT32" and col.logical_type.type != "DATE":
            bad.append(col.name)
    check(not bad, f"{table}: strings BYTE_ARRAY STRING, times INT64 TIMESTAMP(MICROS, UTC), days INT32 DATE (bad: {bad})")
    df = pd.read_parquet(f)
    csv = pd.read_csv(f"{table}.csv", keep_default_na=False, na_values=[""])
    jl = pd.read_json(f"{table}.jsonl", lines=True)
    n = one(f"SELECT count(*) FROM '{f}'")[0]
    check(t.num_rows == len(df) == len(csv) == len(jl) == n > 0, f"{table}: {t.num_rows} rows in pyarrow, pandas, CSV, JSONL and DuckDB")
    check(list(df.columns) == list(csv.columns), f"{table}: the same columns in Parquet and CSV")
    if table in store_count:
        check(n == store_count[table], f"{table}: {n} rows = {store_count[table]} in the store")

# Values: posts' texts, engagement and times against the store.
posts = pd.read_parquet("posts.parquet").set_index("doc_key")
rows = db.execute("SELECT doc_key, text, engagement, likes, created_at FROM docs").fetchall()
bad = [k for k, text, eng, likes, created in rows
       if posts.at[k, "text"] != text or posts.at[k, "engagement"] != eng
       or (likes is None) != pd.isna(posts.at[k, "likes"])
       or (created is not None and posts.at[k, "created_at"] != pd.Timestamp(created).floor("us"))]
check(not bad, f"posts: text, engagement, likes and created_at equal the store's for all {len(rows)} posts (bad: {bad[:3]})")
csvp = pd.read_csv("posts.csv", keep_default_na=False, na_values=[""]).set_index("doc_key")
check(all(csvp.at[k, "text"] == posts.at[k, "text"] for k in posts.index), "posts: CSV texts (quotes, commas, line breaks) read back equal to Parquet's")

# Mentions: spans slice the original text (bytes) to the surface.
m = duckdb.sql("SELECT m.surface, m.byte_start, m.byte_end, p.text FROM 'mentions.parquet' m JOIN 'posts.parquet' p USING (doc_key)").fetchall()
bad = [s for s, a, b, text in m if text.encode()[a:b].decode() != s]
check(not bad and len(m) == store_count["mentions"], f"mentions: {len(m)} byte spans slice their post's text to the surface (bad: {bad[:3]})")
by_country = dict(db.execute("SELECT upper(country), count(*) FROM mentions GROUP BY 1").fetchall())
got = dict(duckdb.sql("SELECT country, count(*) FROM 'mentions.parquet' GROUP BY country").fetchall())
check(got == by_country, f"mentions: counts per country equal the store's ({len(got)} countries)")

# Events: quad counts against the store.
want = dict(db.execute("SELECT quad, count(*) FROM events GROUP BY quad").fetchall())
got = dict(duckdb.sql("SELECT quad, count(*) FROM 'events.parquet' GROUP BY quad").fetchall())
check(got == want, f"events: counts per quad class {got}")

# Image: Mexico's series equals `citra image --format json`; a grouped sum over all countries.
img = json.load(open("image-mex.json"))["points"]
mex = pd.read_parquet("image.parquet").query("country == 'MEX'").reset_index(drop=True)
check(len(mex) == len(img) > 0, f"image: {len(mex)} MEX days = citra image's {len(img)}")
close = all(str(r.period)[:10] == p["period"] and r.docs == p["docs"] and math.isclose(r.tone, p["tone"], abs_tol=1e-12)
            and math.isclose(r.ci_low, p["ci_low"], abs_tol=1e-12) and math.isclose(r.net_favourability, p["net_favourability"], abs_tol=1e-9)
            for r, p in zip(mex.itertuples(), img))
check(close, "image: MEX period, docs, tone, ci_low, net_favourability equal citra image's")
docs_mex = one("SELECT sum(docs) FROM 'image.parquet' WHERE country = 'MEX'")[0]
check(docs_mex == sum(p["docs"] for p in img), f"image: DuckDB sum(docs) for MEX = {docs_mex}")
top = duckdb.sql("SELECT country, sum(docs) AS docs, sum(mentions) FROM 'image.parquet' GROUP BY country ORDER BY docs DESC LIMIT 3").fetchall()
print("     image, top countries by documents:", top)
csvi = pd.read_csv("image.csv")
check(abs(csvi["tone"].sum() - pd.read_parquet("image.parquet")["tone"].sum()) < 1e-9, "image: CSV and Parquet tone sums agree")

# Relations: each day-edge's quad counts equal the store's non-negated events of that day and pair.
rel = one("SELECT sum(verbal_coop + material_coop + verbal_conflict + material_conflict), count(DISTINCT date) FROM 'relations.parquet'")
check(rel[1] > 0, f"relations: {rel[1]} days, {rel[0]} coded events on edges")
quads = {}
for day, src, dst, quad, n in db.execute(
        "SELECT substr(d.created_at, 1, 10), upper(e.source), upper(e.target), e.quad, count(*) "
        "FROM events e JOIN docs d ON d.id = e.doc_id WHERE e.negated = 0 AND d.created_at IS NOT NULL "
        "GROUP BY 1, 2, 3, 4"):
    quads[(day, src, dst, quad)] = n
edges = pd.read_parquet("relations.parquet")
bad = [r for r in edges.itertuples()
       if any(getattr(r, q) != quads.get((str(r.date)[:10], r.source, r.target, q), 0)
              for q in ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"])]
check(not bad, f"relations: the quad counts of all {len(edges)} day-edges equal the store's events (bad: {bad[:2]})")
jr = pd.read_json("relations.jsonl", lines=True)
check(int(jr["docs"].sum()) == one("SELECT sum(docs) FROM 'relations.parquet'")[0], "relations: JSONL and Parquet doc sums agree")

# Shocks and the other layouts.
sh = pd.read_parquet("shocks.parquet")
check(set(sh["period"]) == {"week"} and (sh["date"] > sh["last_before"]).all(), f"shocks: {len(sh)} weekly change points, each after its last document before")
pl = [json.loads(l) for l in open("events.plover.jsonl")]
check(len(pl) > 0 and all(o["version"] == "citra.export/1" and o["event_type"] and "country" in o["actor"] for o in pl), f"plover: {len(pl)} events with event_type, actor country and version")
ie = pd.read_csv("events.icews.tsv", sep="\t")
check(list(ie.columns[:4]) == ["Event ID", "Event Date", "Source Name", "Source Sectors"] and len(ie) > 0, f"icews events: {len(ie)} rows")
idy = pd.read_csv("relations.icews.tsv", sep="\t")
check(len(idy) == len(jr), f"icews dyads: {len(idy)} rows = relations'")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all export checks passed")
EOF

#!/usr/bin/env python3
"""Generate crates/mentions/data/countries.tsv from CLDR territory names (via Python babel).

Run from the repository root:  python3 crates/mentions/scripts/gen_countries.py
Needs: pip install babel  (CLDR data; babel is BSD-3-Clause, CLDR data under the Unicode licence).
The output lists every ISO 3166-1 country and territory (249) with its alpha-2 and alpha-3 codes
and its names in several locales. Only the generated TSV is read by the crate.
"""
import os
import pickle
import re
import sys

import babel
from babel import Locale

LOCALES = ["en", "id", "es", "ms", "pt", "fr", "de", "nl", "it"]
# CLDR territory codes that are not ISO 3166-1 assignments.
NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
# Where CLDR lists an old alpha-3 too (BUR, ZAR, DDR, FXX, TMP, YMD), the current one.
PREFER = {"MM": "MMR", "CD": "COD", "DE": "DEU", "FR": "FRA", "TL": "TLS", "YE": "YEM"}

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "countries.tsv")


def variants(name):
    """The CLDR name first, then plainer forms people write."""
    out = [name]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m and m.group(2) != "China":  # "Myanmar (Burma)" -> "Myanmar", "Burma"
        out.append(m.group(1))
        if m.group(2) != "Keeling":  # "Islas Cocos (Keeling)": a surname alone
            out.append(m.group(2))
    if " - " in name:  # "Congo - Kinshasa" -> "Congo-Kinshasa"
        out.append(name.replace(" - ", "-"))
    for suffix in [" SAR China", " DAK Tiongkok", " (China)"]:
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    if name.startswith("RAE de "):
        out.append(re.sub(r"^RAE de (.*?) \(China\)$", r"\1", name))
    out = [o.replace("’", "'").strip() for o in out]
    seen, res = set(), []
    for o in out:
        if o and o not in seen:
            seen.add(o)
            res.append(o)
    return res


def main():
    glob = pickle.load(open(os.path.join(os.path.dirname(babel.__file__), "global.dat"), "rb"))
    a3_of = {}
    for a3, repl in glob["territory_aliases"].items():
        if len(a3) == 3 and a3.isalpha() and len(repl) == 1:
            a3_of.setdefault(repl[0], []).append(a3)
    names = {lo: Locale.parse(lo).territories for lo in LOCALES}
    rows = []
    for a2 in sorted(names["en"]):
        if len(a2) != 2 or not a2.isalpha() or a2 in NOT_ISO:
            continue
        cands = a3_of.get(a2, [])
        a3 = PREFER.get(a2) or (cands[0] if len(cands) == 1 else None)
        if a3 is None:
            sys.exit(f"no alpha-3 for {a2}: {cands}")
        cells = ["|".join(variants(names[lo].get(a2, names["en"][a2]))) for lo in LOCALES]
        rows.append([a2, a3] + cells)
    if len(rows) != 249:
        sys.exit(f"expected 249 ISO 3166-1 entries, got {len(rows)}")
    cldr = glob.get("cldr", {}).get("version", "?")
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# generated automatically by crates/mentions/scripts/gen_countries.py, edit that script"
            " (or data/curated/*.tsv) instead.\n"
            f"# Source: Unicode CLDR {cldr} territory names, read through Python babel {babel.__version__}.\n"
            "# Licence: Unicode License v3 (CLDR data), https://www.unicode.org/license.txt ;"
            " babel is BSD-3-Clause.\n"
            "# Columns: alpha2, alpha3, then names per locale; '|' separates variants, the first is"
            " the CLDR display name.\n"
        )
        f.write("\t".join(["alpha2", "alpha3"] + LOCALES) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} rows to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()

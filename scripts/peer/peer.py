#!/usr/bin/env python3
"""The Python pipeline a researcher would write, as the peer of `scripts/speed.sh`.

For each post, one at a time, as a researcher's loop does: the language with langid.py
(`langid.classify`), the countries named with flashgeotext (`GeoText().extract`), and the tone with
VADER (`SentimentIntensityAnalyzer().polarity_scores`). Reads the same inputs as the pipeline's
`throughput` example: JSON arrays of objects with `text` (the condensed Trump archive) or JSON
Lines with `text` (else `content`). Prints the posts, the country mentions found and a checksum of
the results, so that no step can be skipped.

Usage: peer.py FILE...   (installed by scripts/speed.sh into target/speed-venv:
langid, flashgeotext, vaderSentiment from PyPI)
"""

import json
import os
import sys
import time
import zlib


def texts(path):
    with open(path, encoding="utf-8") as f:
        head = f.read(1)
        while head.isspace():
            head = f.read(1)
        f.seek(0)
        if head == "[":
            for obj in json.load(f):
                t = obj.get("text", obj.get("content"))
                if isinstance(t, str):
                    yield t
        else:
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    t = obj.get("text", obj.get("content"))
                    if isinstance(t, str):
                        yield t


def main(paths):
    if not paths:
        print("usage: peer.py FILE...", file=sys.stderr)
        return 2
    # One core, as the table compares: numpy's default multi-threaded BLAS makes langid's small
    # matrix products spin threads against each other (15 times slower on a loaded 2-core machine).
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    start = time.perf_counter()
    # Loading the models is part of a researcher's run, as it is of citra's.
    import langid
    from flashgeotext.geotext import GeoText
    from loguru import logger
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    logger.remove()  # flashgeotext logs its lookup data loading; keep stdout to our summary
    langid.classify("warm up the model")
    geotext = GeoText()
    vader = SentimentIntensityAnalyzer()
    loaded = time.perf_counter() - start

    start = time.perf_counter()
    posts = mentions = 0
    checksum = 0
    compound = 0.0
    for path in paths:
        for text in texts(path):
            lang, _score = langid.classify(text)
            found = geotext.extract(input_text=text)
            countries = found.get("countries", {})
            tone = vader.polarity_scores(text)
            posts += 1
            mentions += sum(c["count"] for c in countries.values())
            compound += tone["compound"]
            checksum = zlib.crc32(
                (lang + "|" + ",".join(sorted(countries)) + "|%.4f" % tone["compound"]).encode(),
                checksum,
            )
    secs = time.perf_counter() - start
    print(
        f"{posts} posts, {mentions} mentions, checksum {checksum:08x}, compound sum {compound:.3f}, "
        f"{loaded:.2f} s to load, {secs:.2f} s wall annotating, {posts / max(secs, 1e-9):.0f} posts/s wall"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Writes crates/langid/data/whatlang-trigrams.tsv: the Latin and Cyrillic trigram profiles of
whatlang 0.18.0 (MIT, https://github.com/greyblake/whatlang-rs), in whatlang's own order.

citra-langid computes whatlang's trigram distances with an inverted index over these profiles
(src/trigrams.rs) instead of 300 hash lookups per language; a test checks that its answers are
whatlang's own on every text tried. Rerun when the whatlang version changes:

    scripts/langid/extract_whatlang_trigrams.py PATH/TO/whatlang-0.18.0 > crates/langid/data/whatlang-trigrams.tsv

Format: `# script NAME` starts a script's list; each line after it is a language's ISO 639-3
code, a tab, and its 300 trigrams from most to least frequent, separated by `|` (a stop
character of whatlang, so never inside a trigram; spaces are part of trigrams).
"""

import re
import sys


def main(root):
    src = open(f"{root}/src/trigrams/profiles.rs", encoding="utf-8").read()
    print("# whatlang 0.18.0 trigram profiles (MIT, Sergey Potapov; LICENSE-whatlang.md); see SOURCES.md")
    for script, name in (("latin", "LATIN_LANGS"), ("cyrillic", "CYRILLIC_LANGS")):
        start = src.index(f"pub static {name}")
        end = src.find("pub static", start + 1)
        block = src[start : end if end > 0 else len(src)]
        print(f"# script {script}")
        for m in re.finditer(r"Lang::(\w+),\s*&\[(.*?)\]", block, re.S):
            tris = re.findall(r"Trigram\('(.)', '(.)', '(.)'\)", m.group(2))
            n = m.group(2).count("Trigram(")
            if len(tris) != n:
                sys.exit(f"{m.group(1)}: {n} trigrams, {len(tris)} parsed")
            print(m.group(1).lower() + "\t" + "|".join("".join(t) for t in tris))


if __name__ == "__main__":
    main(sys.argv[1])

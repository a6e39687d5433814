#!/usr/bin/env python3
"""Converts the upstream sentiment lexicons into citra-tone's `term<TAB>valence` TSV files.

Usage: python3 crates/tone/tools/convert_lexicons.py <lexicons dir> crates/tone/data
where <lexicons dir> holds vader/, afinn/, nlpjs-afinn-id/, nlpjs-afinn-es/, ml-senticon-es/ as published
(see data/SOURCES.md). Valences are put on VADER's -4..+4 scale: VADER as is, AFINN-style integer
scores x 0.8, ML-SentiCon polarity x 3.2. Output is sorted and deterministic.
"""
import json, sys, unicodedata
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])

# Emoji that express an emotion or an evaluation: the smiley blocks and a list of names. The
# nlp.js list also scores objects, flags' regional-indicator letters, zodiac signs, clocks and
# arrows (e.g. REGIONAL INDICATOR SYMBOL LETTER M = +2, LATIN CROSS = -5): those carry no tone.
SMILEY_BLOCKS = [(0x1F600, 0x1F64F), (0x1F910, 0x1F92F), (0x1F970, 0x1F97F), (0x1F9D0, 0x1F9D0),
                 (0x2639, 0x263A)]
EMOTIVE_NAMES = ["HEART", "KISS", "THUMBS", "CLAPPING", "OK HAND", "FOLDED HANDS",
                 "RAISING BOTH HANDS", "FLEXED BICEPS", "VICTORY HAND", "PARTY POPPER",
                 "CONFETTI", "TROPHY", "SKULL", "PILE OF POO", "ANGER SYMBOL", "HUNDRED POINTS",
                 "SPARKLES", "BOUQUET", "BIRTHDAY CAKE", "WRAPPED PRESENT", "IMP",
                 "JAPANESE GOBLIN", "NO ENTRY SIGN", "FIREWORKS", "GLOWING STAR"]

def is_modifier_or_flag(c):
    u = ord(c)
    return (0x1F1E6 <= u <= 0x1F1FF  # regional indicators (flags)
            or 0x1F3FB <= u <= 0x1F3FF  # skin tones
            or 0xFE00 <= u <= 0xFE0F or u in (0x200D, 0x20E3)  # variation selectors, ZWJ, keycap
            or 0xE0020 <= u <= 0xE007F)  # tag characters (subdivision flags)

def is_emotive(t):
    cs = [c for c in t if not is_modifier_or_flag(c)]
    if not cs or any(is_modifier_or_flag(c) for c in t):
        return False
    c = cs[0]
    if any(a <= ord(c) <= b for a, b in SMILEY_BLOCKS):
        return True
    name = unicodedata.name(c, "")
    return any(n in name for n in EMOTIVE_NAMES)

def is_emoji(t):
    return len(t) <= 3 and all(ord(c) >= 0x2600 for c in t) and any(unicodedata.category(c) == "So" for c in t)

# Function words that the upstream lists score by mistake (ML-SentiCon's "un" as an adjective
# lemma at -0.375, "todo" +0.25; nlp.js's Indonesian "seperti" = "like/as" at +2, a translation of
# the English verb "like"): they carry no valence.
FUNCTION_WORDS = {"es": {"un", "todo"}, "id": {"seperti"}}

def write(path, d, header):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for k in sorted(d):
            f.write(f"{k}\t{d[k]:.2f}\n")

# English: VADER lexicon (words, slang, emoticons)
en = {}
for line in open(src / "vader/vader_lexicon.txt", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) >= 2 and parts[0].strip():
        en[parts[0].strip().lower()] = float(parts[1])
write(out / "en/lexicon.tsv", en, "# VADER 3.3.2 lexicon (MIT, C.J. Hutto): term<TAB>valence on -4..4\n")

# English, second: AFINN-165 words and phrases that VADER lacks ("toxic", "repulsive",
# "allegations", "blockade"), x0.8; loaded after VADER's list, so VADER's own scores stand.
afinn = {}
for line in open(src / "afinn/AFINN-en-165.txt", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) >= 2 and parts[0].strip() and parts[0].strip().lower() not in en:
        afinn[parts[0].strip().lower()] = int(parts[1]) * 0.8
write(out / "en/afinn.tsv", afinn,
      "# AFINN-en-165 (Apache-2.0, F. A. Nielsen) entries missing from VADER: term<TAB>valence x0.8 on -4..4\n")

# Emoji: nlp.js AFINN-style emoji scores (same list in the id and es files), x0.8
emo = {}
for k, v in json.load(open(src / "nlpjs-afinn-id/afinn_id.json", encoding="utf-8")).items():
    if is_emoji(k) and is_emotive(k) and v != 0:
        emo[k] = v * 0.8
# Written for citra: emotive emoji missing from the list, and faces the list scores against their
# plain meaning (a pouting/enraged face at -0.8 next to "angry face" at -1.6; "neutral face" at -1.6).
EMOJI_OVERRIDES = {"\U0001F621": -2.4, "\U0001F92C": -3.2, "\U0001F92E": -2.4, "\U0001F922": -1.6,
                   "\U0001F644": -1.2, "\U0001F610": -0.4, "\U0001F611": -0.4}
emo.update(EMOJI_OVERRIDES)
assert not any(is_modifier_or_flag(c) for k in emo for c in k)
write(out / "emoji.tsv", emo, "# emotive emoji of nlp.js afinn_id.json (MIT, AXA), AFINN x 0.8, and citra overrides (see tools/convert_lexicons.py): emoji<TAB>valence\n")

# Indonesian: nlp.js afinn_id words/phrases, x0.8
idl = {}
for k, v in json.load(open(src / "nlpjs-afinn-id/afinn_id.json", encoding="utf-8")).items():
    k = k.strip().lower()
    if not is_emoji(k) and v != 0 and any(c.isalpha() for c in k):
        idl[k] = v * 0.8
for w in FUNCTION_WORDS["id"]:
    idl.pop(w, None)
write(out / "id/lexicon.tsv", idl, "# nlp.js afinn_id.json words (MIT, AXA): term<TAB>valence (AFINN x 0.8)\n")

# Spanish: ML-SentiCon lemmas (|pol| >= 0.25, pol x 3.2) then nlp.js afinn_es words (x 0.8) on top
es = {}
for k, v in json.load(open(src / "ml-senticon-es/senticon_es.json", encoding="utf-8")).items():
    p = float(v["pol"])
    if abs(p) >= 0.25:
        es[k.strip().lower().replace("_", " ")] = p * 3.2
for k, v in json.load(open(src / "nlpjs-afinn-es/afinn_es.json", encoding="utf-8")).items():
    k = k.strip().lower().lstrip("*")
    if not is_emoji(k) and v != 0 and any(c.isalpha() for c in k):
        es[k] = v * 0.8
for w in FUNCTION_WORDS["es"]:
    es.pop(w, None)
write(out / "es/lexicon.tsv", es, "# ML-SentiCon (via nlp.js, MIT) |pol|>=0.25 x3.2, then nlp.js afinn_es.json (MIT) x0.8: term<TAB>valence\n")

#!/usr/bin/env python3
"""Generate crates/mentions/data/countries.tsv from CLDR territory names (via Python babel).

Run from the repository root:  python3 crates/mentions/scripts/gen_countries.py
Needs: pip install babel  (CLDR data; babel is BSD-3-Clause, CLDR data under the Unicode licence).
The output lists every ISO 3166-1 country and territory (249) with its alpha-2 and alpha-3 codes
and its names in 51 locales in their own scripts (Latin, Cyrillic, Greek, Arabic, Hebrew,
Devanagari, Bengali, Han, kana, Hangul, Thai, Georgian, Armenian). Russian and Ukrainian names get
their case forms (Россия, России, Россию, Россией), Arabic names with the article their "li-" form
(للمكسيك). Generated names that are common words or shorter than 3 letters (2 in Han and Hangul)
are left out (DROP, short()). Only the generated TSV is read by the crate.
"""
import os
import pickle
import re
import sys

import babel
from babel import Locale

# The first nine columns as before (en, id and es names are looked for in every text); then every
# language citra's langid knows that CLDR has territory names for, in its script. The second item
# is the code written in the header (citra's Lang code: nb -> no, fil -> tl, zh_Hant -> zh-hant).
LOCALES = [
    ("en", "en"), ("id", "id"), ("es", "es"), ("ms", "ms"), ("pt", "pt"), ("fr", "fr"),
    ("de", "de"), ("nl", "nl"), ("it", "it"),
    ("ru", "ru"), ("uk", "uk"), ("be", "be"), ("bg", "bg"), ("sr", "sr"), ("kk", "kk"),
    ("pl", "pl"), ("cs", "cs"), ("hr", "hr"), ("ro", "ro"), ("hu", "hu"), ("el", "el"),
    ("tr", "tr"), ("az", "az"), ("uz", "uz"), ("ar", "ar"), ("he", "he"), ("fa", "fa"),
    ("ur", "ur"), ("hi", "hi"), ("bn", "bn"), ("zh", "zh"), ("zh_Hant", "zh-hant"),
    ("ja", "ja"), ("ko", "ko"), ("vi", "vi"), ("th", "th"), ("ka", "ka"), ("hy", "hy"),
    ("sv", "sv"), ("nb", "no"), ("da", "da"), ("fi", "fi"), ("et", "et"), ("lv", "lv"),
    ("lt", "lt"), ("ca", "ca"), ("sw", "sw"), ("af", "af"), ("fil", "tl"), ("jv", "jv"),
    ("eo", "eo"),
]
# Generated names that are also common words of their language, or too short to trust, left out
# (locale, name). The curated tables may still add a form back with an evidence rule.
DROP = {
    ("ru", "Того"), ("uk", "Того"), ("be", "Тога"), ("kk", "Того"),  # "of that"
    ("ko", "수단"),  # "means"
    ("ko", "오만"),  # "arrogance", "fifty thousand"
    ("ko", "가나"),  # a question ending
    ("ko", "저지"),  # "to block"
    ("ko", "건지"),
    ("zh", "黑山"), ("zh_Hant", "黑山"),  # "black mountain", in many place names
    ("ja", "南極"),
    ("ar", "مالي"), ("fa", "مالی"), ("ur", "مالی"),  # "financial"
    ("hi", "माली"), ("bn", "মালি"),  # "gardener"
    ("th", "มาลี"),  # a woman's name, "jasmine"
    ("ko", "말리"),  # "to dry", "to stop" (말리는)
}
# Russian, Ukrainian: the six cases (nominative, genitive, dative, accusative, instrumental,
# prepositional) by the word's ending; see inflect().
RU = {
    "ия": ["ия", "ии", "ии", "ию", "ией", "ии"],
    "ея": ["ея", "еи", "ее", "ею", "еей", "ее"],
    "ая": ["ая", "ой", "ой", "ую", "ой", "ой"],  # adjective (Южная)
    "ые": ["ые", "ых", "ым", "ые", "ыми", "ых"],  # adjective plural (Соединенные)
    "ие": ["ие", "их", "им", "ие", "ими", "их"],
    "ка": ["ка", "ки", "ке", "ку", "кой", "ке"],
    "га": ["га", "ги", "ге", "гу", "гой", "ге"],
    "ха": ["ха", "хи", "хе", "ху", "хой", "хе"],
    "ша": ["ша", "ши", "ше", "шу", "шей", "ше"],
    "а": ["а", "ы", "е", "у", "ой", "е"],
    "ы": ["ы", "ов", "ам", "ы", "ами", "ах"],  # plural noun (Штаты, Нидерланды)
    "й": ["й", "я", "ю", "й", "ем", "е"],
    "ь": ["ь", "я", "ю", "ь", "ем", "е"],
    "C": ["", "а", "у", "", "ом", "е"],  # hard consonant
}
UK = {
    "ія": ["ія", "ії", "ії", "ію", "ією", "ії"],
    "ея": ["ея", "еї", "еї", "ею", "еєю", "еї"],
    "на": ["на", "ни", "ні", "ну", "ною", "ні"],  # adjective or noun (Південна, Україна)
    "ка": ["ка", "ки", "ці", "ку", "кою", "ці"],
    "га": ["га", "ги", "зі", "гу", "гою", "зі"],
    "ща": ["ща", "щі", "щі", "щу", "щею", "щі"],
    "ча": ["ча", "чі", "чі", "чу", "чею", "чі"],
    "а": ["а", "и", "і", "у", "ою", "і"],
    "і": ["і", "их", "им", "і", "ими", "их"],  # adjective plural (Сполучені)
    "и": ["и", "ів", "ам", "и", "ами", "ах"],  # plural noun (Штати)
    "й": ["й", "ю", "ю", "й", "єм", "ї"],
    "ь": ["ь", "ю", "ю", "ь", "ем", "і"],
    "C": ["", "у", "у", "", "ом", "і"],
}
RU_ADJ = ("ая", "ые", "ие")
UK_ADJ = ("і",)
CONS = set("бвгджзклмнпрстфхцчшщ")

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


HEADS = {"Республика", "Республіка", "Королевство", "Королівство", "Острова", "Острови", "Остров",
         "Острів", "Федерация", "Федерація"}


def adjective(word, lang):
    if lang == "ru":
        return word.endswith(RU_ADJ)
    return word.endswith(("а", "і"))


def inflect_word(word, lang, adj):
    """The six case forms of one word, or None when it does not decline (Перу, Мали, Того)."""
    if lang == "uk" and adj:
        if word.endswith("а"):
            return [word[:-1] + e for e in ["а", "ої", "ій", "у", "ою", "ій"]]
        if word.endswith("і"):
            return [word[:-1] + e for e in UK["і"]]
        return None
    table = RU if lang == "ru" else UK
    # Adjective endings only for adjectives, noun ones only for nouns.
    for suffix in sorted(table, key=len, reverse=True):
        if suffix == "C":
            continue
        is_adj = suffix in (RU_ADJ if lang == "ru" else UK_ADJ)
        if is_adj != adj:
            continue
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            return [stem + e for e in table[suffix]]
    if not adj and word[-1] in CONS and len(word) >= 3:
        return [word + e for e in table["C"]]
    return None


def inflect(name, lang):
    """Case forms of a Russian or Ukrainian country name, case by case across its words: the
    adjectives before the head noun agree with it ("Южная Корея" -> "Южной Корее"), words after
    the head stay as they are ("Республика Корея" -> "Республики Корея"). Names with a hyphen in
    the declining word, a dash or "и"/"і" between words are left as they are."""
    if any(x in name for x in (" — ", " и ", " і ", " та ", "(", ".")):
        return [name]
    words = name.split(" ")
    forms = [list(words) for _ in range(6)]
    for i, w in enumerate(words):
        last = i == len(words) - 1
        adj = not last and w not in HEADS and adjective(w, lang)
        if "-" in w:
            if not adj:
                break  # a hyphenated head (Гвинея-Бисау): left as it is
            head, _, tail = w.rpartition("-")
            f = inflect_word(tail, lang, True)
            f = [head + "-" + x for x in f] if f else None
        else:
            f = inflect_word(w, lang, adj)
        if f is None:
            if adj:
                return [name]
            break
        for c in range(6):
            forms[c][i] = f[c]
        if not adj:
            break  # the head noun: what follows is fixed
    out = []
    for f in forms:
        s = " ".join(f)
        if s not in out:
            out.append(s)
    return out


def short(name):
    """Too short to trust: under 3 letters, under 2 in Han or Hangul."""
    letters = [c for c in name if c.isalpha()]
    dense = any("\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in letters)
    return len(letters) < (2 if dense else 3)


def names_for(lo, name):
    out = []
    for v in variants(name):
        if (lo, v) in DROP or short(v):
            continue
        if lo in ("ru", "uk"):
            out.extend(inflect(v, lo))
        else:
            out.append(v)
        # Arabic "li-" before the article: "للمكسيك" (to Mexico); "و", "ب", "ل", "ف", "ك" before a
        # word are left to the matcher.
        if lo == "ar" and v.startswith("ال"):
            out.append("لل" + v[2:])
    seen, res = set(), []
    for o in out:
        if o not in seen:
            seen.add(o)
            res.append(o)
    return res


def main():
    glob = pickle.load(open(os.path.join(os.path.dirname(babel.__file__), "global.dat"), "rb"))
    a3_of = {}
    for a3, repl in glob["territory_aliases"].items():
        if len(a3) == 3 and a3.isalpha() and len(repl) == 1:
            a3_of.setdefault(repl[0], []).append(a3)
    names = {lo: Locale.parse(lo).territories for lo, _ in LOCALES}
    rows = []
    for a2 in sorted(names["en"]):
        if len(a2) != 2 or not a2.isalpha() or a2 in NOT_ISO:
            continue
        cands = a3_of.get(a2, [])
        a3 = PREFER.get(a2) or (cands[0] if len(cands) == 1 else None)
        if a3 is None:
            sys.exit(f"no alpha-3 for {a2}: {cands}")
        # A locale without its own name for the territory repeats no other locale's.
        cells = [
            "|".join(names_for(lo, names[lo][a2]) if a2 in names[lo] else [])
            if i >= 9
            else "|".join(variants(names[lo].get(a2, names["en"][a2])))
            for i, (lo, _) in enumerate(LOCALES)
        ]
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
            "# Columns: alpha2, alpha3, then names per locale (header: citra's language code); '|'"
            " separates variants, the first is the CLDR display name. Russian and Ukrainian names"
            " are followed by their case forms (generated by the script's declension rules), Arabic"
            " names with the article by the form after li- (لل).\n"
        )
        f.write("\t".join(["alpha2", "alpha3"] + [code for _, code in LOCALES]) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} rows to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()

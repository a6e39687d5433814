//! Per-language data: lexicon valences, rule words (negators, intensifiers, contrast, informal
//! spellings) and role verbs, parsed once from the embedded TSV files.

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher (the rustc "Fx" hash) for short lexicon keys; the keys are
/// our own data, so hash flooding is no concern.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Mix high bits into the low bits the table indexes by.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FxHasher>>;
type HashSet<K> = StdHashSet<K, BuildHasherDefault<FxHasher>>;

/// What an act word does to the tone of the targets around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Act {
    /// A negative act: its AGENT (the target before it) gets the act's tone; its patient does not.
    Negative,
    /// Condemnation or criticism: its PATIENT gets a negative tone, its subject stays neutral.
    Condemn,
    /// Praise, thanks or support: its PATIENT gets a positive tone.
    Praise,
}

impl Act {
    fn parse(s: &str) -> Option<Act> {
        Some(match s {
            "negact" => Act::Negative,
            "condemn" => Act::Condemn,
            "praise" => Act::Praise,
            _ => return None,
        })
    }
}

/// Everything known about one term (a word, phrase, emoji or emoticon).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Entry {
    /// Valence on VADER's -4..4 scale, if the term carries one.
    pub(crate) valence: Option<f32>,
    /// The term negates what follows.
    pub(crate) neg: bool,
    /// Intensifier increment (positive boosts, negative dampens); 0 if none.
    pub(crate) boost: f32,
    /// Intensifier increment when the term FOLLOWS the word it modifies ("bagus banget").
    pub(crate) post_boost: f32,
    /// The term opens a contrasting clause.
    pub(crate) contrast: bool,
    /// Role act, with its valence.
    pub(crate) act: Option<(Act, f32)>,
    /// The act is a passive form ("diserang", "atacado"): its agent follows it.
    pub(crate) passive: bool,
    /// A copula or ranking verb ("is", "was ranked", "adalah", "es"): its subject takes the tone
    /// of its predicate.
    pub(crate) copula: bool,
    /// A subordinator or relative word ("that", "because", "que", "karena"): ends a predicate.
    pub(crate) subord: bool,
    /// A personal pronoun ("I", "we", "saya", "yo"): a subject of its own.
    pub(crate) pronoun: bool,
    /// A reporting or attribution word ("said", "according", "menurut", "según"): the words
    /// around it may be someone else's evaluation, reported.
    pub(crate) report: bool,
}

impl Entry {
    /// True when the entry does anything at all.
    pub(crate) fn is_active(&self) -> bool {
        self.valence.is_some()
            || self.neg
            || self.boost != 0.0
            || self.post_boost != 0.0
            || self.contrast
            || self.act.is_some()
            || self.copula
            || self.subord
            || self.pronoun
            || self.report
    }
}

/// How a language's words are reduced when the exact form is not in the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stemmer {
    /// No fallback.
    None,
    /// Indonesian clitics and particles (-nya, -lah, -kah, -ku, -mu).
    Indonesian,
    /// Spanish plural and gender endings, -mente adverbs.
    Spanish,
    /// English plural and -ly endings.
    English,
}

/// The data of one language.
#[derive(Debug, Default)]
pub(crate) struct LangData {
    /// Term → entry; phrases have their words joined by single spaces.
    pub(crate) entries: HashMap<Box<str>, Entry>,
    /// Every proper word prefix of a multi-word entry ("a", "a la" for "a la buena").
    pub(crate) phrase_prefixes: HashSet<Box<str>>,
    /// Longest phrase, in words.
    pub(crate) max_phrase: usize,
    /// Informal spelling → standard form.
    pub(crate) norm: HashMap<Box<str>, Box<str>>,
    /// Suffix fallback.
    pub(crate) stemmer: Option<Stemmer>,
}

impl LangData {
    /// Builds the data from a lexicon (`term<TAB>valence`), the shared emoji list and a rules file.
    pub(crate) fn build(lexicon: &str, emoji: &str, rules: &str, stemmer: Stemmer) -> LangData {
        let mut d = LangData { stemmer: Some(stemmer), max_phrase: 1, ..LangData::default() };
        for (term, val) in parse_valences(emoji).chain(parse_valences(lexicon)) {
            d.entry(term).valence = Some(val);
        }
        for line in rules.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(term)) = (cols.next(), cols.next()) else { continue };
            let value = cols.next().and_then(|v| v.trim().parse::<f32>().ok());
            let raw_value = line.split('\t').nth(2).unwrap_or("").trim();
            let term = term.trim().to_lowercase();
            match kind {
                "neg" => d.entry(&term).neg = true,
                "boost" => d.entry(&term).boost = value.unwrap_or(0.293),
                "postboost" => d.entry(&term).post_boost = value.unwrap_or(0.293),
                "contrast" => d.entry(&term).contrast = true,
                "passive" => d.entry(&term).passive = true,
                "copula" => d.entry(&term).copula = true,
                "subord" => d.entry(&term).subord = true,
                "pronoun" => d.entry(&term).pronoun = true,
                "report" => d.entry(&term).report = true,
                "norm" => {
                    if !raw_value.is_empty() {
                        d.norm.insert(term.into(), raw_value.to_lowercase().into());
                    }
                }
                other => {
                    if let Some(act) = Act::parse(other) {
                        d.entry(&term).act = Some((act, value.unwrap_or(-2.0)));
                    }
                }
            }
        }
        // Rule words carry no valence of their own, and lexicon phrases that start with one
        // ("sangat bagus", "tidak suka") are left to the rules, which compose them.
        let rule_word = |e: &Entry| e.neg || e.boost != 0.0 || e.post_boost != 0.0 || e.contrast;
        let firsts: HashSet<Box<str>> =
            d.entries.iter().filter(|(_, e)| rule_word(e)).map(|(k, _)| k.clone()).collect();
        d.entries.retain(|k, e| {
            if rule_word(e) {
                e.valence = None;
            }
            let composed = k.contains(' ')
                && e.act.is_none()
                && !e.neg
                && k.split(' ').next().is_some_and(|w| firsts.contains(w));
            !composed
        });
        d
    }

    /// Emoji and emoticons only (for languages without a lexicon).
    pub(crate) fn symbols_only(emoji: &str, en_lexicon: &str) -> LangData {
        let mut d = LangData { stemmer: Some(Stemmer::None), max_phrase: 1, ..LangData::default() };
        for (term, val) in parse_valences(emoji)
            .chain(parse_valences(en_lexicon).filter(|(t, _)| !t.chars().any(char::is_alphabetic)))
        {
            d.entry(term).valence = Some(val);
        }
        d
    }

    fn entry(&mut self, term: &str) -> &mut Entry {
        let words = term.split(' ').count();
        if words > 1 {
            self.max_phrase = self.max_phrase.max(words);
            for (i, _) in term.match_indices(' ') {
                self.phrase_prefixes.insert(term[..i].into());
            }
        }
        self.entries.entry(term.into()).or_default()
    }

    /// The entry of an Indonesian word's base form when the word itself has none: a reduplicated
    /// word ("jahat-jahat", "bermain-main", informal "jahat2") is its base. (Taking off affixes,
    /// di-, me(N)-, -kan, -an, was measured too: SmSA macro-F1 fell from 0.853 to 0.846, the
    /// machine-translated lexicon scoring the stems it reached; so it is not done.)
    fn indonesian_base<'a>(&'a self, key: &str) -> Option<(&'a str, &'a Entry)> {
        if let Some((a, _)) =
            key.split_once('-').filter(|(a, b)| a == b || b.ends_with(a) || a.ends_with(b))
        {
            return self.lookup(a);
        }
        if let Some(base) = key.strip_suffix('2').filter(|b| b.chars().count() >= 3) {
            return self.lookup(base);
        }
        None
    }

    /// The entry of `key`, or of a reduced form of it; returns the form that matched.
    pub(crate) fn lookup<'a>(&'a self, key: &str) -> Option<(&'a str, &'a Entry)> {
        if let Some((k, e)) = self.entries.get_key_value(key) {
            return Some((k, e));
        }
        let strip = |suffix: &str| key.strip_suffix(suffix).filter(|s| s.chars().count() >= 3);
        let try_key = |k: &str| self.entries.get_key_value(k).map(|(k, e)| (&**k, e));
        match self.stemmer? {
            Stemmer::None => None,
            Stemmer::Indonesian => ["nya", "lah", "kah", "ku", "mu", "pun"]
                .iter()
                .find_map(|s| strip(s).and_then(try_key))
                // The superlative prefix: "terjahat" → "jahat" ("terburuk" is in the lexicon).
                .or_else(|| {
                    key.strip_prefix("ter").filter(|s| s.chars().count() >= 4).and_then(try_key)
                })
                .or_else(|| self.indonesian_base(key)),
            Stemmer::English => {
                if let Some(r) =
                    ["s", "es", "ly", "ed", "d"].iter().find_map(|s| strip(s).and_then(try_key))
                {
                    return Some(r);
                }
                // Superlatives and comparatives: "deadliest"/"uglier" → "deadly"/"ugly",
                // "greatest" → "great", "nicest" → "nice", "hottest" → "hot".
                let mut buf = [0u8; 64];
                let with = |buf: &'_ mut [u8; 64], stem: &str, tail: &str| -> Option<usize> {
                    let len = stem.len() + tail.len();
                    buf.get_mut(..stem.len())?.copy_from_slice(stem.as_bytes());
                    buf.get_mut(stem.len()..len)?.copy_from_slice(tail.as_bytes());
                    Some(len)
                };
                for (suffix, tail) in [("iest", "y"), ("ier", "y"), ("est", ""), ("est", "e")] {
                    let Some(stem) = strip(suffix) else { continue };
                    if let Some(len) = with(&mut buf, stem, tail)
                        && let Some(r) = std::str::from_utf8(&buf[..len]).ok().and_then(try_key)
                    {
                        return Some(r);
                    }
                }
                let stem = strip("est")?;
                let b = stem.as_bytes();
                let n = b.len();
                (n >= 3 && b[n - 1] == b[n - 2] && !b"aeiou".contains(&b[n - 1]))
                    .then(|| stem.get(..n - 1))
                    .flatten()
                    .and_then(try_key)
            }
            Stemmer::Spanish => {
                if let Some(r) =
                    ["s", "es", "mente"].iter().find_map(|s| strip(s).and_then(try_key))
                {
                    return Some(r);
                }
                // Absolute superlatives: "peligrosísimo", "buenísimas" → "peligroso", "bueno".
                if let Some(stem) = ["ísimo", "ísima", "ísimos", "ísimas"]
                    .iter()
                    .find_map(|s| key.strip_suffix(s).filter(|s| s.chars().count() >= 2))
                {
                    let mut buf = [0u8; 64];
                    let len = stem.len() + 1;
                    buf.get_mut(..stem.len())?.copy_from_slice(stem.as_bytes());
                    *buf.get_mut(stem.len())? = b'o';
                    return try_key(std::str::from_utf8(buf.get(..len)?).ok()?);
                }
                // Feminine and plural forms of adjectives: "buena", "buenas", "buenos" → "bueno".
                let base = key.strip_suffix('s').unwrap_or(key);
                let stem = base.strip_suffix('a').or_else(|| base.strip_suffix('o'))?;
                if stem.chars().count() < 3 {
                    return None;
                }
                let mut buf = [0u8; 64];
                let len = stem.len() + 1;
                buf.get_mut(..stem.len())?.copy_from_slice(stem.as_bytes());
                *buf.get_mut(stem.len())? = b'o';
                try_key(std::str::from_utf8(buf.get(..len)?).ok()?)
            }
        }
    }
}

fn parse_valences(text: &str) -> impl Iterator<Item = (&str, f32)> {
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|line| {
        let (term, val) = line.split_once('\t')?;
        let val = val.split('\t').next()?.trim().parse::<f32>().ok()?;
        let term = term.trim();
        let toneless = term.chars().any(no_tone_char);
        (!term.is_empty() && val.is_finite() && !toneless).then_some((term, val.clamp(-4.0, 4.0)))
    })
}

/// Characters that never carry tone, whatever a lexicon says: regional-indicator letters (flags),
/// skin-tone modifiers, variation selectors, the zero-width joiner, keycap and tag characters.
pub(crate) fn no_tone_char(c: char) -> bool {
    let u = c as u32;
    (0x1F1E6..=0x1F1FF).contains(&u)
        || (0x1F3FB..=0x1F3FF).contains(&u)
        || (0xFE00..=0xFE0F).contains(&u)
        || u == 0x200D
        || u == 0x20E3
        || (0xE0020..=0xE007F).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_and_lookup() {
        let d = LangData::build(
            "bagus\t2.4\nair mata\t-1.6\n",
            "😀\t1.6\n🇲\t1.6\n👍🏽\t1.6\n",
            "neg\ttidak\nnorm\tgak\ttidak\nnegact\tmenyerang\t-2.5\n",
            Stemmer::Indonesian,
        );
        let rows: &[(&str, Option<f32>)] = &[
            ("bagus", Some(2.4)),
            ("bagusnya", Some(2.4)),
            // Reduplicated and informal "2" forms reach the base.
            ("bagus-bagus", Some(2.4)),
            ("bagus2", Some(2.4)),
            ("bagusnya-bagusnya", Some(2.4)),
            ("bagus-jelek", None),
            ("ba2", None),
            ("😀", Some(1.6)),
            ("air mata", Some(-1.6)),
            ("jelek", None),
            ("🇲", None),
            ("👍🏽", None),
        ];
        for (k, want) in rows {
            assert_eq!(d.lookup(k).and_then(|(_, e)| e.valence), *want, "{k}");
        }
        assert!(d.lookup("tidak").is_some_and(|(_, e)| e.neg));
        assert_eq!(d.norm.get("gak").map(|s| &**s), Some("tidak"));
        assert!(d.phrase_prefixes.contains("air"));
        assert_eq!(d.max_phrase, 2);
        assert_eq!(d.lookup("menyerang").and_then(|(_, e)| e.act), Some((Act::Negative, -2.5)));
    }

    #[test]
    fn superlatives020() {
        let en = LangData::build(
            "deadly\t-3.0\ngreat\t3.1\nnice\t1.8\nhot\t1.1\nugly\t-2.3\n",
            "",
            "",
            Stemmer::English,
        );
        let es = LangData::build("peligroso\t-1.6\nbueno\t2.0\n", "", "", Stemmer::Spanish);
        let id = LangData::build("jahat\t-2.4\n", "", "", Stemmer::Indonesian);
        // (data, word, the lexicon form it reaches)
        let rows: &[(&LangData, &str, Option<&str>)] = &[
            (&en, "deadliest", Some("deadly")),
            (&en, "uglier", Some("ugly")),
            (&en, "greatest", Some("great")),
            (&en, "nicest", Some("nice")),
            (&en, "hottest", Some("hot")),
            (&en, "forest", None),
            (&en, "interest", None),
            (&es, "peligrosísimo", Some("peligroso")),
            (&es, "buenísimas", Some("bueno")),
            (&es, "peligrosa", Some("peligroso")),
            (&id, "terjahat", Some("jahat")),
            (&id, "terima", None),
        ];
        for (d, word, want) in rows {
            assert_eq!(d.lookup(word).map(|(k, _)| k), *want, "{word}");
        }
    }
}

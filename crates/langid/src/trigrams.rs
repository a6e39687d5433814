//! whatlang's answer for Latin and Cyrillic text, computed faster.
//!
//! `whatlang::Detector::detect` (its default, combined method) scores each allowed language by
//! the distance between the text's trigram ranks and the language's 300-trigram profile: one
//! hash lookup per profile trigram, 300 per language, 3,600 for the twelve Latin languages
//! citra allows, whatever the length of the text. That was a sixth of the whole per-post
//! pipeline. [`FastWhatlang`] computes the same integer distances from an inverted index (each
//! of the text's trigrams looked up once, giving the languages whose profile holds it and at
//! which rank), then combines them with whatlang's own alphabet scores exactly as whatlang
//! does, with the same arithmetic and the same sorts, so its answers are whatlang's: the test
//! `same_answers_as_whatlang` checks it on real and random texts.
//!
//! The profiles are whatlang 0.18.0's (`data/whatlang-trigrams.tsv`, written by
//! `scripts/langid/extract_whatlang_trigrams.py`; MIT, see `data/SOURCES.md`). The alphabet
//! scores come from whatlang itself (its `dev` API), and a text whose main script is not the
//! expected one goes to whatlang's own detector.

use rustc_hash::FxHashMap as HashMap;
use whatlang::dev::{
    FilterList, LowercaseText, RawAlphabetsInfo, alphabet_cyrillic_calculate_scores,
    alphabet_latin_calculate_scores, raw_detect_script,
};
use whatlang::{Lang as WLang, Script as WScript};

/// Most distance one profile trigram adds (whatlang's `MAX_TRIGRAM_DISTANCE`).
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// Most distance a language can have (whatlang's `MAX_TOTAL_DISTANCE`).
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// How many of the text's most frequent trigrams are ranked (whatlang's `TEXT_TRIGRAMS_SIZE`).
const TEXT_TRIGRAMS_SIZE: usize = 600;

/// The embedded profiles: see the module documentation.
const PROFILES: &str = include_str!("../data/whatlang-trigrams.tsv");

/// A trigram of chars packed in a `u64`: 21 bits each, first char highest, so that the order
/// of the keys is the order of whatlang's `Trigram(char, char, char)`.
fn key(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// whatlang's stop characters: ASCII space, punctuation and digits.
fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// whatlang's combined detector, restricted to one script and an allow-list of languages.
pub(crate) struct FastWhatlang {
    script: WScript,
    /// whatlang itself, for texts whose main script is not `script`.
    fallback: whatlang::Detector,
    /// The allowed languages of the script, in the order of whatlang's profile list.
    langs: Vec<WLang>,
    /// Trigram → (index in `langs`, rank in that language's profile).
    index: HashMap<u64, Vec<(u8, u16)>>,
    /// The allowed languages in the order whatlang's alphabet scores list them (the script's).
    alpha_langs: Vec<WLang>,
    /// Lowercase char below [`ALPHA_TABLE`] → the bits (in `alpha_langs`) of the alphabets
    /// holding it, read from whatlang's alphabet scores of the char alone.
    alphabet: Vec<u32>,
}

/// Chars below this have their alphabet bits in a table; no alphabet of whatlang's holds a
/// lowercase char above it (test `alphabets_hold_no_char_beyond_the_table`).
const ALPHA_TABLE: u32 = 0x2000;

impl FastWhatlang {
    /// The detector of `script` (Latin or Cyrillic) for the languages of `allow`.
    ///
    /// # Panics
    /// If the embedded profiles lack the script or one of `allow` (a build defect the tests
    /// catch).
    pub(crate) fn new(script: WScript, allow: &[WLang]) -> FastWhatlang {
        let name = match script {
            WScript::Latin => "latin",
            WScript::Cyrillic => "cyrillic",
            other => panic!("no embedded trigram profiles for {other:?}"),
        };
        let mut langs = Vec::new();
        let mut index: HashMap<u64, Vec<(u8, u16)>> = HashMap::default();
        let mut current = "";
        for line in PROFILES.lines() {
            if let Some(s) = line.strip_prefix("# script ") {
                current = s.trim();
                continue;
            }
            if line.starts_with('#') || current != name {
                continue;
            }
            let Some((code, trigrams)) = line.split_once('\t') else { continue };
            let Some(lang) = WLang::from_code(code).filter(|l| allow.contains(l)) else {
                continue;
            };
            let li = u8::try_from(langs.len()).expect("fewer than 256 languages");
            langs.push(lang);
            for (rank, t) in trigrams.split('|').enumerate() {
                let mut cs = t.chars();
                let (Some(a), Some(b), Some(c), None) =
                    (cs.next(), cs.next(), cs.next(), cs.next())
                else {
                    panic!("{code}: trigram {rank} ({t:?}) is not three chars");
                };
                let rank = u16::try_from(rank).expect("profiles have 300 trigrams");
                index.entry(key(a, b, c)).or_default().push((li, rank));
            }
        }
        for l in allow {
            assert!(langs.contains(l), "no embedded {name} trigram profile for {l:?}");
        }
        let filter = FilterList::allow(allow.to_vec());
        let alpha_langs: Vec<WLang> =
            script.langs().iter().copied().filter(|l| filter.is_allowed(*l)).collect();
        assert!(alpha_langs.len() <= 32, "at most 32 languages a script");
        let alphabet = alphabet_table(script, &filter, &alpha_langs);
        FastWhatlang {
            script,
            fallback: whatlang::Detector::with_allowlist(allow.to_vec()),
            langs,
            index,
            alpha_langs,
            alphabet,
        }
    }

    /// whatlang's alphabet scores of a lowercase text (`alphabet_calculate_scores` of the
    /// script), from the table: a language scores twice the chars of its alphabet less the
    /// chars counted, in whatlang's order and sort.
    fn alphabet_scores(&self, lower: &str) -> RawAlphabetsInfo {
        let mut in_alphabet = [0usize; 32];
        let mut count = 0usize;
        for c in lower.chars() {
            if is_stop_char(c) {
                continue;
            }
            count += 1;
            let mut bits = self.alphabet.get(c as usize).copied().unwrap_or(0);
            while bits != 0 {
                in_alphabet[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        let mut raw_scores: Vec<(WLang, usize)> = self
            .alpha_langs
            .iter()
            .enumerate()
            .map(|(i, &l)| (l, (2 * in_alphabet[i]).saturating_sub(count)))
            .collect();
        raw_scores.sort_unstable_by_key(|(_, score)| std::cmp::Reverse(*score));
        let scores = raw_scores.iter().map(|&(l, raw)| (l, raw as f64 / count as f64)).collect();
        RawAlphabetsInfo { count, raw_scores, scores }
    }

    /// whatlang's language and confidence for `text`, as `whatlang::Detector::detect` gives
    /// them with the same allow-list.
    #[cfg(test)]
    pub(crate) fn detect(&self, text: &str) -> Option<(WLang, f64)> {
        self.detect_in(text, &text.to_lowercase())
    }

    /// [`FastWhatlang::detect`] of a text already lowercased (as `str::to_lowercase` does it,
    /// which lowercasing again leaves as it is): what citra's language evidence passes.
    pub(crate) fn detect_lowercase(&self, lower: &str) -> Option<(WLang, f64)> {
        self.detect_in(lower, lower)
    }

    /// whatlang's answer for `text`, whose lowercase form is `lower`.
    fn detect_in(&self, text: &str, lower: &str) -> Option<(WLang, f64)> {
        let main = raw_detect_script(text).counters.first().filter(|p| p.1 > 0).map(|p| p.0);
        if main != Some(self.script) {
            return self.fallback.detect(text).map(|i| (i.lang(), i.confidence()));
        }
        let alphabet = self.alphabet_scores(lower);
        let (count, trigram_scores) = self.trigram_scores(lower);

        // whatlang's `combined::raw_detect`: the same languages in the same order, the same
        // weights, the same sort.
        let mut all_langs: Vec<WLang> = alphabet.scores.iter().map(|x| x.0).collect();
        for (lang, _) in &trigram_scores {
            if !all_langs.contains(lang) {
                all_langs.push(*lang);
            }
        }
        let alphabet_weight =
            (-(alphabet.count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
        let trigram_weight = 1.0 - alphabet_weight;
        let mut scores: Vec<(WLang, f64)> = Vec::with_capacity(all_langs.len());
        for lang in all_langs {
            let a = alphabet.scores.iter().find(|(l, _)| *l == lang).map_or(0.0, |x| x.1);
            let t = trigram_scores.iter().find(|(l, _)| *l == lang).map_or(0.0, |x| x.1);
            scores.push((lang, a * alphabet_weight + t * trigram_weight));
        }
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
        let mut it = scores.into_iter();
        let (lang1, score1) = it.next()?;
        let confidence = match it.next() {
            Some((_, score2)) => confidence(score1, score2, count),
            None => 1.0,
        };
        Some((lang1, confidence))
    }

    /// whatlang's trigram scores (`trigrams::raw_detect`): the number of distinct trigrams
    /// ranked, and each allowed language's score, best first.
    fn trigram_scores(&self, lower: &str) -> (usize, Vec<(WLang, f64)>) {
        let mut occurrences: HashMap<u64, u32> = HashMap::default();
        occurrences.reserve(lower.len().min(2048));
        let mut chars = lower.chars().map(|c| if is_stop_char(c) { ' ' } else { c });
        let mut c1 = ' ';
        let mut c2 = chars.next().unwrap_or(' ');
        for c3 in chars.chain(Some(' ')) {
            if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
                *occurrences.entry(key(c1, c2, c3)).or_insert(0) += 1;
            }
            c1 = c2;
            c2 = c3;
        }
        let mut ranked: Vec<(u32, u64)> = occurrences.into_iter().map(|(t, n)| (n, t)).collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        ranked.truncate(TEXT_TRIGRAMS_SIZE);
        let count = ranked.len();

        // A language's distance is 300 per profile trigram the text lacks and |rank in the
        // text − rank in the profile| per one it has: 300 × 300 less (300 − |difference|) for
        // each trigram found, summed here from the inverted index.
        let mut found = vec![0i64; self.langs.len()];
        for (pos, (_, t)) in ranked.iter().enumerate() {
            if let Some(entries) = self.index.get(t) {
                for &(li, rank) in entries {
                    let diff = (pos as i64 - i64::from(rank)).abs();
                    found[usize::from(li)] += i64::from(MAX_TRIGRAM_DISTANCE) - diff;
                }
            }
        }
        let n = count as i64;
        let max = i64::from(MAX_TRIGRAM_DISTANCE);
        let mut distances: Vec<(WLang, u32)> = Vec::with_capacity(self.langs.len());
        for (li, &lang) in self.langs.iter().enumerate() {
            let mut total = i64::from(MAX_TOTAL_DISTANCE) - found[li];
            if max > n {
                total -= (max - n) * max;
            }
            let total = total.clamp(0, i64::from(MAX_TOTAL_DISTANCE));
            distances.push((lang, u32::try_from(total).unwrap_or(MAX_TOTAL_DISTANCE)));
        }
        distances.sort_unstable_by_key(|(_, dist)| *dist);
        let max_dist = count as u32 * MAX_TRIGRAM_DISTANCE;
        let scores = distances
            .iter()
            .map(|&(lang, d)| (lang, f64::from(max_dist.wrapping_sub(d)) / f64::from(max_dist)))
            .collect();
        (count, scores)
    }
}

/// Whether `c` lowercases to itself alone (the only chars a lowercased text holds).
fn lowercase_fixed(c: char) -> bool {
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// The alphabet bits of every char below [`ALPHA_TABLE`]. Chars are probed 64 at a time beside
/// as many of a letter every alphabet holds (a language then scores above zero exactly when
/// the batch holds a char of its alphabet), and one by one only in batches that do.
fn alphabet_table(script: WScript, filter: &FilterList, langs: &[WLang]) -> Vec<u32> {
    let mut table = vec![0u32; ALPHA_TABLE as usize];
    let probed: Vec<char> = (0..ALPHA_TABLE)
        .filter_map(char::from_u32)
        .filter(|&c| !is_stop_char(c) && lowercase_fixed(c))
        .collect();
    let pad = if script == WScript::Latin { 'a' } else { 'а' };
    let all = if langs.is_empty() { 0 } else { u32::MAX >> (32 - langs.len()) };
    let batched = alphabet_bits(script, filter, langs, pad) == all;
    for batch in probed.chunks(64) {
        if batched {
            let mut text: String = std::iter::repeat_n(pad, batch.len()).collect();
            text.extend(batch);
            let out = alphabet_scores_of(script, filter, &text);
            if out.raw_scores.iter().all(|&(_, raw)| raw == 0) {
                continue;
            }
        }
        for &c in batch {
            table[c as usize] = alphabet_bits(script, filter, langs, c);
        }
    }
    table
}

/// whatlang's own alphabet scores of `text` for `script`.
fn alphabet_scores_of(script: WScript, filter: &FilterList, text: &str) -> RawAlphabetsInfo {
    let lower = LowercaseText::new(text);
    if script == WScript::Latin {
        alphabet_latin_calculate_scores(&lower, filter)
    } else {
        alphabet_cyrillic_calculate_scores(&lower, filter)
    }
}

/// The bits (in `langs`) of the alphabets of `script` holding lowercase `c`: whatlang's raw
/// alphabet score of `c` alone is 1 for those languages, 0 for the others.
fn alphabet_bits(script: WScript, filter: &FilterList, langs: &[WLang], c: char) -> u32 {
    alphabet_scores_of(script, filter, c.encode_utf8(&mut [0u8; 4]))
        .raw_scores
        .iter()
        .filter(|&&(_, raw)| raw > 0)
        .filter_map(|(l, _)| langs.iter().position(|x| x == l))
        .fold(0, |bits, i| bits | 1 << i)
}

/// whatlang's `calculate_confidence`.
fn confidence(highest: f64, second: f64, count: usize) -> f64 {
    if highest == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return highest;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest - second) / second;
    if rate > confident_rate { 1.0 } else { rate / confident_rate }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn latin() -> (FastWhatlang, whatlang::Detector) {
        (
            FastWhatlang::new(WScript::Latin, crate::LATIN_ALLOW),
            whatlang::Detector::with_allowlist(crate::LATIN_ALLOW.to_vec()),
        )
    }

    fn cyrillic() -> (FastWhatlang, whatlang::Detector) {
        (
            FastWhatlang::new(WScript::Cyrillic, crate::CYRILLIC_ALLOW),
            whatlang::Detector::with_allowlist(crate::CYRILLIC_ALLOW.to_vec()),
        )
    }

    /// The same language and bit for bit the same confidence as whatlang (NaN as NaN), for
    /// the text and for its lowercase form given as such.
    fn assert_same(fast: &FastWhatlang, slow: &whatlang::Detector, text: &str) {
        let got = fast.detect(text).map(|(l, c)| (l, c.to_bits()));
        let want = slow.detect(text).map(|i| (i.lang(), i.confidence().to_bits()));
        assert_eq!(got, want, "{text:?}");
        let lower = text.to_lowercase();
        let got = fast.detect_lowercase(&lower).map(|(l, c)| (l, c.to_bits()));
        let want = slow.detect(&lower).map(|i| (i.lang(), i.confidence().to_bits()));
        assert_eq!(got, want, "lowercase {lower:?}");
    }

    /// Lowercasing a lowercased text leaves it as it is (what `detect_lowercase` relies on):
    /// each char's lowercase form is made of chars that lowercase to themselves.
    #[test]
    fn lowercase_is_idempotent() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert!(c.to_lowercase().all(lowercase_fixed), "U+{:04X}", c as u32);
        }
        assert_eq!("ΟΔΟΣ ΣΟΦΙΑ".to_lowercase().to_lowercase(), "ΟΔΟΣ ΣΟΦΙΑ".to_lowercase());
    }

    /// The batched probing finds what probing each char alone finds.
    #[test]
    fn batched_alphabet_table_equals_one_by_one() {
        for (script, allow) in
            [(WScript::Latin, crate::LATIN_ALLOW), (WScript::Cyrillic, crate::CYRILLIC_ALLOW)]
        {
            let fast = FastWhatlang::new(script, allow);
            let filter = FilterList::allow(allow.to_vec());
            for u in 0..ALPHA_TABLE {
                let want = char::from_u32(u)
                    .filter(|&c| !is_stop_char(c) && lowercase_fixed(c))
                    .map_or(0, |c| alphabet_bits(script, &filter, &fast.alpha_langs, c));
                assert_eq!(fast.alphabet[u as usize], want, "{script:?} U+{u:04X}");
            }
        }
    }

    /// No alphabet of whatlang's holds a lowercase char beyond the table: every such char is
    /// probed, a thousand at a time beside as many 'a's (which every alphabet holds), so that
    /// a language scores above zero exactly when the batch holds a char of its alphabet.
    #[test]
    fn alphabets_hold_no_char_beyond_the_table() {
        for (script, allow, pad) in [
            (WScript::Latin, crate::LATIN_ALLOW, 'a'),
            (WScript::Cyrillic, crate::CYRILLIC_ALLOW, 'а'),
        ] {
            let fast = FastWhatlang::new(script, allow);
            assert!(fast.alphabet.iter().filter(|&&b| b != 0).count() > 20, "{script:?}");
            let all = (1u32 << fast.alpha_langs.len()) - 1;
            assert_eq!(fast.alphabet[pad as usize], all, "{script:?}: {pad} in every alphabet");
            let beyond: Vec<char> = (ALPHA_TABLE..=0x10FFFF)
                .filter_map(char::from_u32)
                .filter(|&c| !is_stop_char(c) && lowercase_fixed(c))
                .collect();
            let filter = FilterList::allow(allow.to_vec());
            for batch in beyond.chunks(1000) {
                let mut text: String = std::iter::repeat_n(pad, batch.len()).collect();
                text.extend(batch);
                let out = alphabet_scores_of(script, &filter, &text);
                assert!(out.raw_scores.iter().all(|&(_, raw)| raw == 0), "{script:?} {batch:?}");
            }
        }
    }

    const TEXTS: &[&str] = &[
        "",
        "   ",
        "12345 !!! ...",
        "a",
        "the",
        "Mexico will pay for the wall",
        "Indonesia mengecam keras pengakuan sepihak Amerika Serikat",
        "México no paga el muro, dice el presidente",
        "O presidente não vai ao Brasil amanhã",
        "Le président de la République a reçu l'ambassadeur",
        "Die Ordnung muss für immer in diesem Codebase bleiben",
        "Il presidente della Repubblica ha parlato dell'Italia",
        "De minister heeft het verdrag ondertekend",
        "Regeringen har beslutat att öppna gränsen",
        "Guvernul a anunțat noi măsuri economice",
        "Cumhurbaşkanı bugün açıklama yaptı",
        "Prezydent spotkał się z ministrem spraw zagranicznych",
        "terima kasih",
        "Президент России провёл переговоры",
        "Та нічого, все нормально. А в тебе як?",
        "Trump Путин meeting встреча",
        "Ελλάδα και Κύπρος",
        "🇲🇽🔥 viva",
        "xaaaaabbbb    d",
        "ＦＵＬＬ ｗｉｄｔｈ text",
        "İstanbul İzmir ĞÜŞÖÇ",
    ];

    #[test]
    fn same_answers_as_whatlang() {
        let (lf, ls) = latin();
        let (cf, cs) = cyrillic();
        for t in TEXTS {
            assert_same(&lf, &ls, t);
            assert_same(&cf, &cs, t);
        }
        // Long texts: more than 300 and more than 600 distinct trigrams.
        let long = include_str!("../tests/fixtures/id-kompasiana-excerpt.txt");
        assert_same(&lf, &ls, long);
        let longer: String = TEXTS.iter().chain([&long]).copied().collect::<Vec<_>>().join(" ");
        assert_same(&lf, &ls, &longer);
        assert_same(&cf, &cs, &longer);
    }

    #[test]
    fn same_answers_as_whatlang_on_the_demo_corpus() {
        let (lf, ls) = latin();
        let posts: serde_json::Value =
            serde_json::from_str(include_str!("../../cli/demo/trump-mexico-2015-2019.json"))
                .expect("the demo corpus is JSON");
        let posts = posts.as_array().expect("an array of posts");
        assert!(posts.len() > 250, "{} posts", posts.len());
        for p in posts {
            let text = p["text"].as_str().expect("a text");
            assert_same(&lf, &ls, text);
            // As citra calls it: the words only, lowercased and joined.
            assert_same(&lf, &ls, &crate::evidence(text).joined);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn same_answers_as_whatlang_on_any_text(
            text in "[a-zA-Zäöüßéèçñãõąęłıİşğ абвгдежзийклмнопрстуфхцчшщыэюяієїґ0-9.,'#@ ]{0,160}"
        ) {
            let (lf, ls) = latin();
            let (cf, cs) = cyrillic();
            assert_same(&lf, &ls, &text);
            assert_same(&cf, &cs, &text);
        }
    }
}

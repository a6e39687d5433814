//! Language identification per document and per sentence, built for short posts.
//!
//! [`LangDetector`] is the one type: [`LangDetector::shared`] gives a process-wide instance,
//! [`LangDetector::detect`] guesses a text's language ([`LangGuess`]) with diagnostics, and
//! [`LangDetector::detect_sentences`] does it per sentence for mixed-language posts.
//!
//! How it decides, fastest first:
//! 1. URLs, `@handles`, `#hashtags` and digits are set aside; too few letters left gives
//!    [`Lang::Und`] and a `lang-undetermined` diagnostic.
//! 2. Scripts that decide the language (Greek, Hebrew, Arabic/Persian/Urdu by their letters,
//!    Devanagari, Thai, Hangul, kana, Han…) return at once.
//! 3. Latin and Cyrillic text is scored with embedded function-word lists and letters particular
//!    to each orthography (`data/`, see `data/SOURCES.md`).
//! 4. Only when that evidence is weak or close does `whatlang` (trigrams, with an allow-list)
//!    vote too; its answer is computed by `trigrams.rs` from an inverted index of its profiles,
//!    identical to whatlang's and several times faster. The caller's hint (the platform's tag)
//!    is a small prior that breaks near-ties.
//! 5. Malay is folded into Indonesian unless Malaysian words clearly win.
//!
//! ```
//! use citra_langid::LangDetector;
//! use citra_model::Lang;
//!
//! let d = LangDetector::shared();
//! let (g, _) = d.detect("Indonesia mengecam keras pengakuan sepihak Amerika Serikat", None);
//! assert_eq!(g.lang, Lang::Ind);
//! let (g, _) = d.detect("México no paga el muro, dice el presidente", Some(Lang::Eng));
//! assert_eq!(g.lang, Lang::Spa);
//! let (g, diags) = d.detect("🇲🇽🔥 https://t.co/x", None);
//! assert_eq!(g.lang, Lang::Und);
//! assert_eq!(diags[0].code, "lang-undetermined");
//! let s = d.detect_sentences("Terima kasih Presiden Trump. We love Indonesia so much!", None);
//! assert_eq!(s.iter().map(|(_, g)| g.lang).collect::<Vec<_>>(), [Lang::Ind, Lang::Eng]);
//! ```
#![deny(missing_docs)]

mod script;
mod trigrams;

use citra_model::{Diagnostic, Lang, LangGuess, Severity, Span, segment};
use rustc_hash::FxHashMap as HashMap;
use script::{Script, decided_by_script, script_of};
use std::sync::LazyLock;
use trigrams::FastWhatlang;

/// The stage name used in diagnostics.
pub const STAGE: &str = "langid";

/// Fewer letters than this (outside URLs, handles, hashtags) gives [`Lang::Und`].
const MIN_LETTERS: usize = 3;
/// Word-list evidence at or above which the first pass decides alone (with [`MIN_MARGIN`]).
const SURE_SCORE: f32 = 1.5;
/// Lead over the runner-up at or above which the first pass decides alone.
const MIN_MARGIN: f32 = 0.9;
/// Weight of the caller's hint.
const HINT_PRIOR: f32 = 0.35;
/// Words shorter than this (in chars) are not tested for affixes.
const MIN_AFFIX_WORD: usize = 5;
/// Longest affix (in chars).
const MAX_AFFIX: usize = 6;
/// Default language of a script, with the weight of that prior: English for Latin text,
/// Russian for Cyrillic text, the most written languages of each on social media.
const SCRIPT_DEFAULT: [(Lang, f32); 2] = [(Lang::Eng, 0.2), (Lang::Rus, 0.5)];
/// Weight of a `whatlang` vote, times its confidence.
const WHATLANG_VOTE: f32 = 1.3;

/// Languages written in Latin script that `whatlang` may vote for.
const LATIN_ALLOW: &[whatlang::Lang] = &[
    whatlang::Lang::Eng,
    whatlang::Lang::Ind,
    whatlang::Lang::Spa,
    whatlang::Lang::Por,
    whatlang::Lang::Fra,
    whatlang::Lang::Deu,
    whatlang::Lang::Ita,
    whatlang::Lang::Nld,
    whatlang::Lang::Swe,
    whatlang::Lang::Ron,
    whatlang::Lang::Tur,
    whatlang::Lang::Pol,
];

/// Languages written in Cyrillic script that `whatlang` may vote for.
/// Bulgarian and Serbian are left out: on short Russian headlines `whatlang` often says
/// Bulgarian; the word lists and letters tell those two apart well enough.
const CYRILLIC_ALLOW: &[whatlang::Lang] = &[whatlang::Lang::Rus, whatlang::Lang::Ukr];

fn from_whatlang(l: whatlang::Lang) -> Lang {
    Lang::from_code(l.code())
}

/// Per-language evidence tables, built once from `data/`.
struct Tables {
    /// Index → language.
    langs: Vec<Lang>,
    /// Lowercase word → (language index, weight).
    words: HashMap<&'static str, Vec<(u8, f32)>>,
    /// Letter → (language index, weight).
    letters: HashMap<char, Vec<(u8, f32)>>,
    /// Word ending → (language index, weight).
    suffixes: Affixes,
    /// Word beginning → (language index, weight).
    prefixes: Affixes,
    /// The endings and beginnings as plain maps, for the test of the tries.
    #[cfg(test)]
    plain: [HashMap<&'static str, Vec<(u8, f32)>>; 2],
    /// Words particular to Malaysian Malay.
    malay: HashMap<&'static str, ()>,
    /// Words particular to Indonesian (against Malay).
    indonesian: HashMap<&'static str, ()>,
}

impl Tables {
    fn build() -> Tables {
        let mut langs: Vec<Lang> = Vec::new();
        let mut lists: Vec<(u8, Vec<&'static str>)> = Vec::new();
        for line in include_str!("../data/function-words.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((code, words)) = line.split_once('\t') else { continue };
            let lang = Lang::from_code(code);
            if lang == Lang::Und {
                continue;
            }
            let idx = index_of(&mut langs, lang);
            lists.push((idx, words.split_whitespace().collect()));
        }
        let mut count: HashMap<&'static str, usize> = HashMap::default();
        for (_, ws) in &lists {
            let mut seen: Vec<&str> = ws.clone();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                *count.entry(w).or_insert(0) += 1;
            }
        }
        let mut words: HashMap<&'static str, Vec<(u8, f32)>> = HashMap::default();
        for (idx, ws) in &lists {
            for w in ws {
                let n = count.get(w).copied().unwrap_or(1).max(1) as f32;
                let e = words.entry(w).or_default();
                if !e.iter().any(|(i, _)| i == idx) {
                    e.push((*idx, 1.0 / n));
                }
            }
        }
        let mut letters: HashMap<char, Vec<(u8, f32)>> = HashMap::default();
        for line in include_str!("../data/letters.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((letter, weights)) = line.split_once('\t') else { continue };
            let Some(c) = letter.chars().next() else { continue };
            for lw in weights.split_whitespace() {
                let Some((code, w)) = lw.split_once(':') else { continue };
                let lang = Lang::from_code(code);
                let Ok(w) = w.parse::<f32>() else { continue };
                if lang == Lang::Und {
                    continue;
                }
                let idx = index_of(&mut langs, lang);
                letters.entry(c).or_default().push((idx, w));
            }
        }
        let mut suffixes: HashMap<&'static str, Vec<(u8, f32)>> = HashMap::default();
        let mut prefixes: HashMap<&'static str, Vec<(u8, f32)>> = HashMap::default();
        for line in include_str!("../data/affixes.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((affix, weights)) = line.split_once('\t') else { continue };
            let (table, key) = if let Some(k) = affix.strip_prefix('-') {
                (&mut suffixes, k)
            } else if let Some(k) = affix.strip_suffix('-') {
                (&mut prefixes, k)
            } else {
                continue;
            };
            for lw in weights.split_whitespace() {
                let Some((code, w)) = lw.split_once(':') else { continue };
                let lang = Lang::from_code(code);
                let Ok(w) = w.parse::<f32>() else { continue };
                if lang == Lang::Und {
                    continue;
                }
                let idx = index_of(&mut langs, lang);
                table.entry(key).or_default().push((idx, w));
            }
        }
        let mut malay = HashMap::default();
        let mut indonesian = HashMap::default();
        for line in include_str!("../data/malay.tsv").lines() {
            let Some((code, ws)) = line.split_once('\t') else { continue };
            let target = match code {
                "msa" => &mut malay,
                "ind" => &mut indonesian,
                _ => continue,
            };
            for w in ws.split_whitespace() {
                target.insert(w, ());
            }
        }
        let tries = (Affixes::new(&suffixes, true), Affixes::new(&prefixes, false));
        Tables {
            langs,
            words,
            letters,
            suffixes: tries.0,
            prefixes: tries.1,
            #[cfg(test)]
            plain: [suffixes, prefixes],
            malay,
            indonesian,
        }
    }

    fn index(&self, lang: Lang) -> Option<usize> {
        self.langs.iter().position(|&l| l == lang)
    }
}

/// Word endings (or beginnings) with their weights, as a trie of chars read from the word's
/// end (or start): the longest one a word has is one walk, not a hash lookup per length.
struct Affixes {
    /// (node, char) → child node; node 0 is the root.
    next: HashMap<(u32, char), u32>,
    /// Each node's weights, when an affix ends there.
    weights: Vec<Option<Vec<(u8, f32)>>>,
}

impl Affixes {
    /// The trie of `table`'s keys, reversed when `from_end` (endings).
    fn new(table: &HashMap<&'static str, Vec<(u8, f32)>>, from_end: bool) -> Affixes {
        let mut t = Affixes { next: HashMap::default(), weights: vec![None] };
        for (key, ws) in table {
            let chars: Vec<char> =
                if from_end { key.chars().rev().collect() } else { key.chars().collect() };
            let mut node = 0u32;
            for c in chars {
                let fresh = t.weights.len() as u32;
                node = *t.next.entry((node, c)).or_insert(fresh);
                if node == fresh {
                    t.weights.push(None);
                }
            }
            t.weights[node as usize] = Some(ws.clone());
        }
        t
    }

    /// The weights of the longest affix of `least..=most` chars that `chars` (the word read
    /// from the end or the start) begins with.
    fn longest(
        &self,
        chars: impl Iterator<Item = char>,
        least: usize,
        most: usize,
    ) -> Option<&Vec<(u8, f32)>> {
        let mut node = 0u32;
        let mut best = None;
        for (k, c) in chars.take(most).enumerate() {
            let Some(&child) = self.next.get(&(node, c)) else { break };
            node = child;
            if k + 1 >= least
                && let Some(ws) = &self.weights[node as usize]
            {
                best = Some(ws);
            }
        }
        best
    }
}

fn index_of(langs: &mut Vec<Lang>, lang: Lang) -> u8 {
    match langs.iter().position(|&l| l == lang) {
        Some(i) => i as u8,
        None => {
            langs.push(lang);
            (langs.len() - 1) as u8
        }
    }
}

/// A language detector for short and long texts. Cheap to share; build it once.
pub struct LangDetector {
    tables: Tables,
    latin: FastWhatlang,
    cyrillic: FastWhatlang,
}

impl std::fmt::Debug for LangDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangDetector").field("languages", &self.tables.langs.len()).finish()
    }
}

impl Default for LangDetector {
    fn default() -> Self {
        LangDetector::new()
    }
}

static SHARED: LazyLock<LangDetector> = LazyLock::new(LangDetector::new);

/// The words of a text that carry language evidence: lowercased, with URLs, handles, hashtags
/// and tokens without letters set aside (hashtags are used when nothing else is left); plus
/// letter counts per script.
struct Evidence {
    /// The words, lowercased, each followed by one space but the last: what `whatlang` reads.
    joined: String,
    /// Where each word ends in `joined` (it starts after the previous one's space).
    ends: Vec<usize>,
    /// Words that start with a capital letter (names, headline case).
    capitalized: usize,
    scripts: [usize; Script::COUNT],
    letters: usize,
}

impl Evidence {
    /// The words, in order.
    fn words(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let w = self.joined.get(start..end).unwrap_or("");
                start = end + 1;
                w
            })
            .collect()
    }
}

fn evidence(text: &str) -> Evidence {
    let ev = evidence_of(text, false);
    if ev.letters >= MIN_LETTERS || !text.contains('#') {
        return ev;
    }
    // Nothing but hashtags: their words are better than nothing ("#ОдинНарод").
    evidence_of(text, true)
}

fn evidence_of(text: &str, with_hashtags: bool) -> Evidence {
    let mut joined = String::with_capacity(text.len());
    let mut ends = Vec::new();
    let mut scripts = [0usize; Script::COUNT];
    let mut letters = 0usize;
    let mut capitalized = 0usize;
    for span in segment::words(text) {
        let Some(mut tok) = span.slice(text) else { continue };
        let first = tok.as_bytes().first().copied().unwrap_or(b' ');
        if with_hashtags && first == b'#' {
            tok = &tok[1..];
        } else if first == b'@' || first == b'#' || is_url(tok) {
            continue;
        }
        let mut n = 0usize;
        for c in tok.chars() {
            if let Some(s) = script_of(c) {
                scripts[s.index()] += 1;
                n += 1;
            }
        }
        if n == 0 || tok.eq_ignore_ascii_case("rt") {
            continue;
        }
        letters += n;
        capitalized += usize::from(tok.chars().next().is_some_and(char::is_uppercase));
        if !ends.is_empty() {
            joined.push(' ');
        }
        // As `str::to_lowercase`, not per char: a final sigma lowercases as such.
        let at = joined.len();
        segment::push_lowercase(tok, &mut joined);
        if joined[at..].contains('’') {
            let w = joined.split_off(at).replace('’', "'");
            joined.push_str(&w);
        }
        ends.push(joined.len());
    }
    Evidence { joined, ends, capitalized, scripts, letters }
}

fn is_url(tok: &str) -> bool {
    let b = tok.as_bytes();
    b.len() > 4 && (b[..4].eq_ignore_ascii_case(b"http") || b[..4].eq_ignore_ascii_case(b"www."))
}

impl LangDetector {
    /// Builds a detector from the embedded tables.
    pub fn new() -> LangDetector {
        LangDetector {
            tables: Tables::build(),
            latin: FastWhatlang::new(whatlang::Script::Latin, LATIN_ALLOW),
            cyrillic: FastWhatlang::new(whatlang::Script::Cyrillic, CYRILLIC_ALLOW),
        }
    }

    /// The process-wide detector, built on first use.
    pub fn shared() -> &'static LangDetector {
        &SHARED
    }

    /// Guesses the language of `text`. `hint` (e.g. the platform's tag) is a prior that breaks
    /// near-ties, not the answer. Total: never panics.
    pub fn detect(&self, text: &str, hint: Option<Lang>) -> (LangGuess, Vec<Diagnostic>) {
        let ev = evidence(text);
        let mut diags = Vec::new();
        if ev.letters < MIN_LETTERS {
            diags.push(Diagnostic::new(
                STAGE,
                "lang-undetermined",
                Severity::Info,
                "too few letters outside URLs, handles and hashtags to tell the language",
            ));
            return (LangGuess::undetermined(), diags);
        }
        let guess = self.guess(&ev, hint);
        if guess.lang == Lang::Und {
            diags.push(Diagnostic::new(
                STAGE,
                "lang-undetermined",
                Severity::Info,
                "no language evidence in the text",
            ));
        }
        (guess, diags)
    }

    fn guess(&self, ev: &Evidence, hint: Option<Lang>) -> LangGuess {
        let (top, top_n) = ev
            .scripts
            .iter()
            .enumerate()
            .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
            .map(|(i, n)| (Script::ALL[i], *n))
            .unwrap_or((Script::Other, 0));
        let share = top_n as f32 / ev.letters.max(1) as f32;
        let words = ev.words();
        if let Some(lang) = decided_by_script(top, &words, &ev.scripts) {
            return LangGuess { lang, confidence: 0.5 + 0.5 * share };
        }
        if top == Script::Other {
            return LangGuess::undetermined();
        }
        let t = &self.tables;
        let mut scores = vec![0f32; t.langs.len()];
        let cyr = top == Script::Cyrillic;
        for w in &words {
            let Some(first) = w.chars().next() else { continue };
            if script_of(first).is_some_and(|s| (s == Script::Cyrillic) != cyr) {
                continue; // words of the other script do not vote
            }
            self.score_word(w, &mut scores);
            for c in w.chars().filter(|c| !c.is_ascii()) {
                if let Some(ls) = t.letters.get(&c) {
                    for &(i, wt) in ls {
                        scores[i as usize] += wt;
                    }
                }
            }
        }
        // Only languages of the text's script compete.
        for (i, l) in t.langs.iter().enumerate() {
            if is_cyrillic_lang(*l) != cyr {
                scores[i] = 0.0;
            }
        }
        let (s1, s2) = top2(&scores);
        if s1 < SURE_SCORE || s1 - s2 < MIN_MARGIN {
            let joined = &ev.joined;
            let det = if cyr { &self.cyrillic } else { &self.latin };
            if let Some((lang, confidence)) = det.detect_lowercase(joined) {
                let lang = from_whatlang(lang);
                // Trigrams of names say little: halve the vote on headline-cased text.
                let weight = if ev.capitalized * 5 > words.len() * 3 {
                    WHATLANG_VOTE / 2.0
                } else {
                    WHATLANG_VOTE
                };
                if let Some(i) = t.index(lang) {
                    scores[i] += weight * confidence as f32;
                }
            }
        }
        // English as the Latin default needs two words at least to be a fair guess (one-word
        // Indonesian replies are common); Russian dominates Cyrillic posts far more.
        let (default, prior) = SCRIPT_DEFAULT[usize::from(cyr)];
        if (words.len() >= 2 || cyr)
            && let Some(i) = t.index(default)
        {
            scores[i] += prior;
        }
        if let Some(h) = hint.map(fold_malay).filter(|h| is_cyrillic_lang(*h) == cyr)
            && let Some(i) = t.index(h)
        {
            scores[i] += HINT_PRIOR;
        }
        let Some((best, &b)) =
            scores.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        else {
            return LangGuess::undetermined();
        };
        if b <= 0.0 {
            return LangGuess::undetermined();
        }
        let second = scores
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != best)
            .map(|(_, s)| *s)
            .fold(0f32, f32::max);
        let mut lang = t.langs[best];
        if lang == Lang::Ind && self.is_malaysian(&words) {
            lang = Lang::Msa;
        }
        let margin = (b - second) / b;
        let amount = 1.0 - (-b / 2.0).exp();
        LangGuess { lang, confidence: (margin * amount).clamp(0.05, 1.0) }
    }

    fn score_word(&self, w: &str, scores: &mut [f32]) {
        let t = &self.tables;
        if let Some(ls) = t.words.get(w) {
            for &(i, wt) in ls {
                scores[i as usize] += wt;
            }
            return;
        }
        self.score_affixes(w, scores);
        // Elisions: "l'homme" → "l'", "dell'anno" → "dell'", "trump's" → "'s".
        if let Some(a) = w.find('\'') {
            let (head, tail) = (w.get(..=a), w.get(a..));
            for part in [head, tail].into_iter().flatten() {
                if let Some(ls) = t.words.get(part) {
                    for &(i, wt) in ls {
                        scores[i as usize] += wt;
                    }
                }
            }
        }
    }

    /// Adds the longest matching ending and beginning of a word of at least 5 letters: an
    /// ending of at most 6 letters, a beginning of 2 to 6, both leaving 2 letters of the word.
    fn score_affixes(&self, w: &str, scores: &mut [f32]) {
        let t = &self.tables;
        let n = if w.is_ascii() { w.len() } else { w.chars().count() };
        if n < MIN_AFFIX_WORD {
            return;
        }
        let most = MAX_AFFIX.min(n - 2);
        let found =
            [t.suffixes.longest(w.chars().rev(), 1, most), t.prefixes.longest(w.chars(), 2, most)];
        for ls in found.into_iter().flatten() {
            for &(i, wt) in ls {
                scores[i as usize] += wt;
            }
        }
    }

    fn is_malaysian(&self, words: &[&str]) -> bool {
        let t = &self.tables;
        let ms = words.iter().filter(|w| t.malay.contains_key(*w)).count();
        let id = words.iter().filter(|w| t.indonesian.contains_key(*w)).count();
        ms >= 2 && ms > id + 1
    }

    /// Guesses the language of each sentence of `text` (see [`segment::sentences`]), with the
    /// whole text's language (and `hint`) as the prior of each sentence. Spans are in `text`.
    pub fn detect_sentences(&self, text: &str, hint: Option<Lang>) -> Vec<(Span, LangGuess)> {
        let (doc, _) = self.detect(text, hint);
        let prior = if doc.lang == Lang::Und { hint } else { Some(doc.lang) };
        segment::sentences(text)
            .into_iter()
            .map(|span| {
                let s = span.slice(text).unwrap_or("");
                let ev = evidence(s);
                let g = if ev.letters < MIN_LETTERS {
                    // Too short to tell alone: it belongs to the document.
                    LangGuess { lang: doc.lang, confidence: doc.confidence * 0.5 }
                } else {
                    self.guess(&ev, prior)
                };
                (span, g)
            })
            .collect()
    }
}

fn fold_malay(l: Lang) -> Lang {
    if l == Lang::Msa { Lang::Ind } else { l }
}

fn is_cyrillic_lang(l: Lang) -> bool {
    matches!(l, Lang::Rus | Lang::Ukr | Lang::Bul | Lang::Srp | Lang::Bel | Lang::Kaz)
}

fn top2(scores: &[f32]) -> (f32, f32) {
    let mut a = 0f32;
    let mut b = 0f32;
    for &s in scores {
        if s > a {
            b = a;
            a = s;
        } else if s > b {
            b = s;
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest ending and beginning the old way: one map lookup per length, longest first.
    fn plain_longest<'t>(t: &'t Tables, w: &str) -> [Option<&'t Vec<(u8, f32)>>; 2] {
        let n = w.chars().count();
        let at = |k: usize| w.char_indices().nth(k).map_or(w.len(), |(i, _)| i);
        let most = MAX_AFFIX.min(n - 2);
        let sfx = (1..=most).rev().find_map(|k| t.plain[0].get(&w[at(n - k)..]));
        let pfx = (2..=most).rev().find_map(|k| t.plain[1].get(&w[..at(k)]));
        [sfx, pfx]
    }

    /// The tries find what one lookup per length found, on every word of the demo corpus and
    /// on words built from the affixes themselves.
    #[test]
    fn affix_tries_find_the_longest_affix() {
        let t = &LangDetector::shared().tables;
        let posts: serde_json::Value =
            serde_json::from_str(include_str!("../../cli/demo/trump-mexico-2015-2019.json"))
                .expect("the demo corpus is JSON");
        let mut words: Vec<String> = posts
            .as_array()
            .expect("posts")
            .iter()
            .flat_map(|p| {
                evidence(p["text"].as_str().unwrap_or(""))
                    .words()
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        for (k, _) in t.plain[0].iter().chain(t.plain[1].iter()) {
            words.extend([
                format!("xyz{k}"),
                format!("{k}xyz"),
                format!("ab{k}"),
                format!("{k}ab"),
            ]);
        }
        words.extend(
            ["mengatakan", "presidentes", "государства", "ниже", "évaluation"].map(String::from),
        );
        let mut tried = 0;
        for w in &words {
            if w.chars().count() < MIN_AFFIX_WORD {
                continue;
            }
            tried += 1;
            let most = MAX_AFFIX.min(w.chars().count() - 2);
            let got = [
                t.suffixes.longest(w.chars().rev(), 1, most),
                t.prefixes.longest(w.chars(), 2, most),
            ];
            assert_eq!(got, plain_longest(t, w), "{w}");
        }
        assert!(tried > 1000, "{tried} words tried");
    }
}

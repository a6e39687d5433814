//! Hashtag splitting: `#BuildTheWall` becomes "build the wall".
//!
//! A hashtag is split at CamelCase humps, letter/digit changes and underscores, then lowercased.
//! A long all-lowercase (or long all-capitals) piece that is not itself a known word is split
//! with a small frequency word list of English, Indonesian and Spanish
//! (`data/hashtag-words.tsv`, see `data/SOURCES.md`) by the cheapest segmentation into known
//! words, kept whole if there is none: `#makeamericagreatagain` becomes "make america great
//! again", `#MAGA` becomes "maga". URLs and `@handles` are untouched (the hashtags are found
//! with [`citra_model::segment::words`], which keeps URLs whole).
//!
//! The first letter of the split form maps to the `#`, so a span over the split words maps back
//! to the whole hashtag. Splitting is ordinary processing and reports no diagnostics.

use crate::Normalizer;
use crate::builder::Builder;
use citra_model::{Diagnostic, OffsetMap, Span, segment};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// Splits hashtags into lowercase words.
#[derive(Debug, Clone, Copy, Default)]
pub struct HashtagNormalizer;

/// Word → best frequency rank over the languages of the list; every proper prefix of a word
/// that is no word itself → [`PREFIX_ONLY`] (so that the segmentation stops extending a piece
/// as soon as no word starts with it).
static WORDS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, u32> = HashMap::default();
    let mut rank: HashMap<&'static str, u32> = HashMap::default();
    for line in include_str!("../../data/hashtag-words.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((lang, word)) = line.split_once('\t') else { continue };
        let r = rank.entry(lang).or_insert(0);
        *r += 1;
        let e = m.entry(word).or_insert(PREFIX_ONLY);
        *e = (*e).min(*r);
        for (i, _) in word.char_indices().skip(1) {
            m.entry(&word[..i]).or_insert(PREFIX_ONLY);
        }
    }
    m
});

/// The value of [`WORDS`] for a prefix that is no word (ranks count from 1, far below it).
const PREFIX_ONLY: u32 = u32::MAX;

/// The rank of a known word.
fn word_rank(w: &str) -> Option<u32> {
    WORDS.get(w).copied().filter(|&r| r != PREFIX_ONLY)
}

/// Pieces shorter than this are never split with the word list.
const MIN_DICT_SPLIT: usize = 6;
/// Longest word tried by the segmentation.
const MAX_WORD: usize = 20;
/// All-capital pieces up to this length are acronyms (`MAGA`, `NKRI`) and kept whole.
const MAX_ACRONYM: usize = 6;

/// Splits a hashtag body (without `#`) into byte ranges of its pieces.
fn camel_pieces(body: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c == '_' {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            continue;
        }
        let Some(s) = start else {
            start = Some(i);
            continue;
        };
        let prev = chars.get(k.wrapping_sub(1)).map(|&(_, p)| p).unwrap_or(' ');
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let hump = prev.is_lowercase() && c.is_uppercase();
        let digit_change = prev.is_numeric() != c.is_numeric() && prev != '_';
        let acronym_end =
            prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase);
        if hump || digit_change || acronym_end {
            out.push((s, i));
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, body.len()));
    }
    out
}

/// Cheapest split of an ASCII-lowercase `s` into known words; `None` if there is none, or if
/// `s` is itself a known word.
fn dict_split(s: &str) -> Option<Vec<usize>> {
    dict_split_with(s, true)
}

/// [`dict_split`], stopping to extend a piece once no word starts with it when `prefix_stop`
/// (else trying every piece up to [`MAX_WORD`], as before the prefix entries: the tests' check).
fn dict_split_with(s: &str, prefix_stop: bool) -> Option<Vec<usize>> {
    if s.len() < MIN_DICT_SPLIT
        || !s.bytes().all(|b| b.is_ascii_lowercase())
        || word_rank(s).is_some()
    {
        return None;
    }
    let n = s.len();
    // best[i] = (cost, previous cut) for s[..i].
    let mut best: Vec<Option<(f32, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for i in 0..n {
        let Some((base, _)) = best[i] else { continue };
        for j in i + 1..=(i + MAX_WORD).min(n) {
            let w = &s[i..j];
            let Some(&rank) = WORDS.get(w) else {
                // No word starts with `w`: none is longer either.
                if prefix_stop {
                    break;
                }
                continue;
            };
            if rank == PREFIX_ONLY {
                continue;
            }
            if w.len() == 1 && !matches!(w, "a" | "i" | "y" | "o") {
                continue;
            }
            let cost = base + (rank as f32 + 1.0).ln() + 4.0;
            if best[j].is_none_or(|(c, _)| cost < c) {
                best[j] = Some((cost, i));
            }
        }
    }
    best[n]?;
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i) = best[j]?;
        cuts.push(i);
        j = i;
    }
    cuts.reverse();
    // cuts holds word starts; reject fragmentations into many short words.
    let words_n = cuts.len();
    if words_n < 2 || n / words_n < 3 {
        return None;
    }
    Some(cuts)
}

/// The split words of a hashtag body, as byte ranges of `body` (already split at pieces).
pub(crate) fn split_ranges(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, z) in camel_pieces(body) {
        let piece = &body[a..z];
        let upper = piece.chars().all(|c| c.is_uppercase());
        let candidate = if upper {
            (piece.len() > MAX_ACRONYM).then(|| piece.to_ascii_lowercase())
        } else if piece.chars().all(|c| c.is_lowercase()) {
            Some(piece.to_owned())
        } else {
            // "Indonesia": a capitalized word.
            piece
                .get(1..)
                .filter(|r| r.chars().all(char::is_lowercase))
                .map(|_| piece.to_lowercase())
        };
        match candidate.as_deref().and_then(dict_split) {
            Some(cuts) => {
                for (k, &c) in cuts.iter().enumerate() {
                    let end = cuts.get(k + 1).copied().unwrap_or(piece.len());
                    out.push((a + c, a + end));
                }
            }
            None => out.push((a, z)),
        }
    }
    out
}

/// Splits a hashtag (with or without its `#`) into lowercase words joined by spaces.
///
/// ```
/// use citra_normalize::normalizers::split_hashtag;
/// assert_eq!(split_hashtag("#BuildTheWall"), "build the wall");
/// assert_eq!(split_hashtag("#MAGA"), "maga");
/// ```
pub fn split_hashtag(tag: &str) -> String {
    let body = tag.strip_prefix('#').unwrap_or(tag);
    split_ranges(body)
        .iter()
        .filter_map(|&(a, z)| body.get(a..z))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The hashtag tokens of `text` ([`segment::words`] that start with `#`).
fn hashtag_tokens(text: &str) -> Vec<Span> {
    let Some(first) = text.find('#') else { return Vec::new() };
    // No token spans white space, and after white space the tokenizer starts afresh: the tokens
    // from the white space before the first '#' on are those of the whole text.
    let from = text[..first]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    segment::words(&text[from..])
        .into_iter()
        .map(|s| Span::new(s.start + from, s.end + from))
        .filter(|s| text.as_bytes().get(s.start) == Some(&b'#'))
        .collect()
}

impl Normalizer for HashtagNormalizer {
    fn name(&self) -> &'static str {
        "hashtags"
    }

    fn apply(&self, text: &str, _diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        let tags = hashtag_tokens(text);
        if tags.is_empty() {
            return None;
        }
        let mut b = Builder::with_capacity(text.len() + 8);
        let mut copied = 0usize;
        for tag in tags {
            let Some(body) = text.get(tag.start + 1..tag.end) else { continue };
            b.copy(text.get(copied..tag.start).unwrap_or(""), copied);
            let base = tag.start + 1;
            let mut first = true;
            for (a, z) in split_ranges(body) {
                if !first {
                    b.replace(" ", base + a);
                }
                for (k, c) in body.get(a..z).unwrap_or("").char_indices() {
                    // The first letter maps to the '#', so the split form covers the hashtag.
                    let at = if first && k == 0 { tag.start } else { base + a + k };
                    for l in c.to_lowercase() {
                        b.replace_char(l, at);
                    }
                }
                first = false;
            }
            copied = tag.end;
        }
        b.copy(text.get(copied..).unwrap_or(""), copied);
        Some(b.finish(text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenizing from the white space before the first '#' finds the hashtags that the whole
    /// text's tokens hold: '#' in URLs, after words, after other white space, in handles.
    #[test]
    fn hashtags_from_the_first_hash_are_the_whole_texts() {
        let whole = |text: &str| -> Vec<Span> {
            segment::words(text)
                .into_iter()
                .filter(|s| text.as_bytes().get(s.start) == Some(&b'#'))
                .collect()
        };
        let mut texts = vec![
            "no tag".to_owned(),
            "#first word".into(),
            "see https://x.com/a#frag and #Real".into(),
            "C# and F#, then (#Paren) a#b #ok".into(),
            "tab\t#Tab nbsp\u{a0}#Nbsp em\u{2003}#Em".into(),
            "@user#x #y_z #Россия #2019Ganti".into(),
            "url http://a.b/#c#d tail".into(),
        ];
        let posts: serde_json::Value =
            serde_json::from_str(include_str!("../../../cli/demo/trump-mexico-2015-2019.json"))
                .expect("the demo corpus is JSON");
        texts.extend(
            posts
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["text"].as_str())
                .map(String::from),
        );
        let mut found = 0;
        for t in &texts {
            let tags = hashtag_tokens(t);
            found += tags.len();
            assert_eq!(tags, whole(t), "{t:?}");
        }
        assert!(found > 20, "the cases must hold hashtags: {found}");
    }

    /// Stopping at the first piece no word starts with changes no split: every pair and
    /// triple of neighbouring words of the list, glued, splits as before.
    #[test]
    fn prefix_stop_splits_as_every_piece() {
        let words: Vec<&str> = include_str!("../../data/hashtag-words.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t').map(|(_, w)| w))
            .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        let mut split = 0;
        for (k, w) in words.iter().enumerate().step_by(7) {
            let next = words[(k * 31 + 5) % words.len()];
            let third = words[(k * 17 + 3) % words.len()];
            for s in [format!("{w}{next}"), format!("{next}{w}{third}"), format!("{w}xq{next}")] {
                let got = dict_split(&s);
                split += usize::from(got.is_some());
                assert_eq!(got, dict_split_with(&s, false), "{s}");
            }
        }
        assert!(split > 1000, "the cases must split: {split}");
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str)] = &[
            ("basic010", "#BuildTheWall", "build the wall"),
            ("basic020", "#MAGA", "maga"),
            ("basic030", "#IndonesiaMaju", "indonesia maju"),
            ("basic040", "#makeamericagreatagain", "make america great again"),
            ("basic050", "#MAKEAMERICAGREATAGAIN", "make america great again"),
            ("basic060", "#Trump2020", "trump 2020"),
            ("basic070", "#2019GantiPresiden", "2019 ganti presiden"),
            ("basic080", "#USAToday", "usa today"),
            ("basic090", "#fake_news", "fake news"),
            ("basic100", "#México", "méxico"),
            ("keep010", "#jokowi", "jokowi"),
            ("keep020", "#NKRI", "nkri"),
            ("keep030", "#qwzxvbnmlk", "qwzxvbnmlk"),
            ("keep040", "#border", "border"),
        ];
        for (name, input, want) in rows {
            assert_eq!(split_hashtag(input), *want, "{name}");
        }
    }

    #[test]
    fn in_text() {
        let rows: &[(&str, &str, &str)] = &[
            ("text010", "Great day! #MAGA #BuildTheWall", "Great day! maga build the wall"),
            (
                "text020",
                "see https://x.com/a#frag and C# code",
                "see https://x.com/a#frag and C# code",
            ),
            ("text030", "@user #Indonesia🇮🇩 ok", "@user indonesia🇮🇩 ok"),
        ];
        for (name, input, want) in rows {
            let mut d = Vec::new();
            let res = HashtagNormalizer.apply(input, &mut d);
            let out = res.as_ref().map(|(t, _)| t.as_str()).unwrap_or(input);
            assert_eq!(out, *want, "{name}");
            if let Some((t, m)) = &res {
                assert_eq!(m.derived_len(), t.len(), "{name}");
            }
            assert!(d.is_empty(), "{name}");
        }
    }
}

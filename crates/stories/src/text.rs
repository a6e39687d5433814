//! What two texts compare: their story words, and the word shingles of those.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Words in a shingle.
pub const SHINGLE: usize = 3;

/// What the story text of a post is, in words (the answers' `normalization`).
pub const NORMALIZATION: &str = "the text with the HTML entities &amp; &lt; &gt; &quot; &#39; \
    &apos; &nbsp; decoded, lowercased, without leading 'RT'/'MT' markers, URLs (http://, \
    https://, www.), @handles and #hashtags (the campaigns of the IRA sample add random \
    per-account hashtags to one headline), cut into words (runs of letters, digits, marks and \
    '_'); similarity is the Jaccard index of the sets of word 3-shingles";

/// A char that is part of a word: a letter or digit, `_`, or a combining mark of the scripts
/// whose vowels are marks (so that a Devanagari or Thai word is not cut at each vowel sign).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c as u32,
            0x0300..=0x036F      // combining diacritics
            | 0x0483..=0x0489    // Cyrillic
            | 0x0591..=0x05C7    // Hebrew points
            | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED // Arabic
            | 0x0900..=0x0DFF    // Indic scripts
            | 0x0E00..=0x0EFF    // Thai, Lao
            | 0x1000..=0x109F    // Myanmar
            | 0x3099..=0x309A) // kana voicing marks
}

/// Where a (lowercased) token's link starts, if it holds one: the first `http://`, `https://`
/// or `www.` (a byte scan: building a substring searcher per token cost more than the rest).
fn url_start(token: &str) -> Option<usize> {
    let b = token.as_bytes();
    (0..b.len()).find(|&i| {
        let rest = &b[i..];
        match b[i] {
            b'h' => rest.starts_with(b"http://") || rest.starts_with(b"https://"),
            b'w' => rest.starts_with(b"www."),
            _ => false,
        }
    })
}

/// The story text of a post ([`NORMALIZATION`]): its words, lowercased, separated by single
/// spaces (empty when it has none).
///
/// ```
/// use citra_stories::story_text;
/// assert_eq!(
///     story_text("RT @AP: Shooting at kosher market in Paris https://t.co/x #breaking #ade"),
///     "shooting at kosher market in paris"
/// );
/// assert_eq!(story_text("“@WSJ: 12 dead in the Paris shooting.http://t.co/G"), "12 dead in the paris shooting");
/// ```
pub fn story_text(text: &str) -> String {
    let lower = citra_model::entities::decode_common(text).to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut tokens = lower.split_whitespace().peekable();
    while tokens.peek().is_some_and(|t| matches!(*t, "rt" | "rt:" | "mt" | "mt:")) {
        tokens.next();
    }
    for token in tokens {
        let token = match url_start(token) {
            Some(i) => &token[..i],
            None => token,
        };
        // A handle or a hashtag, also after punctuation ("“@wsj:", "(#tag"): the whole token.
        if let Some(i) = token.find(['@', '#', '＃'])
            && !token[..i].chars().any(is_word_char)
        {
            continue;
        }
        for word in token.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The number of words of a story text.
pub fn word_count(story_text: &str) -> usize {
    if story_text.is_empty() { 0 } else { story_text.split(' ').count() }
}

/// The set of word-shingle hashes of a story text ([`SHINGLE`] words each; one shingle of all
/// its words when it has fewer), sorted and without repeats.
pub fn shingles(story_text: &str) -> Vec<u64> {
    if story_text.is_empty() {
        return Vec::new();
    }
    // Byte offsets of each word's start, and the end.
    let mut starts = vec![0usize];
    starts.extend(story_text.match_indices(' ').map(|(i, _)| i + 1));
    let words = starts.len();
    let ends: Vec<usize> = starts[1..].iter().map(|s| s - 1).chain([story_text.len()]).collect();
    let k = SHINGLE.min(words);
    let mut out: Vec<u64> = (0..=words - k)
        .map(|i| {
            let mut h = FxHasher::default();
            h.write(&story_text.as_bytes()[starts[i]..ends[i + k - 1]]);
            mix(h.finish())
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The Jaccard index of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// The splitmix64 finalizer: a bijective mix of 64 bits.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

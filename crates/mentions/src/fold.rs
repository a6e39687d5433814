//! Case and diacritic folding with a map back to the unfolded text.

use unicode_normalization::char::decompose_canonical;

/// A folded text: lower-cased, diacritics removed, typographic apostrophes made ASCII.
pub(crate) struct Folded {
    /// The folded text.
    pub(crate) text: String,
    /// For each folded byte, the byte offset in the source text of the char it came from.
    pub(crate) origin: Vec<usize>,
}

/// Marks dropped when folding: Latin, Greek and Cyrillic diacritics, Arabic harakat and hamza
/// seats, Hebrew points. Marks that are letters' vowels (Devanagari, Bengali, Thai matras) or
/// kana voicing are kept: dropping them would merge different words ("जापान", Thai "จีน").
fn dropped_mark(d: char) -> bool {
    matches!(d,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Scripts whose letters are decomposed to drop diacritics: Latin, Greek, Cyrillic, Armenian,
/// Hebrew, Arabic (hamza on alef), Latin and Greek extended (Vietnamese). Others (Devanagari,
/// Thai, kana, Hangul) are kept whole.
fn decomposed(c: char) -> bool {
    (c as u32) < 0x0700 || ('\u{1E00}'..='\u{1FFF}').contains(&c)
}

/// Appends the folded form of `c` to `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => out.push('-'),
        '\u{00A0}' | '\u{202F}' => out.push(' '),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        // Arabic and Persian spellings of one letter: alef maqsura and Farsi yeh as yeh, keheh as
        // kaf, ae as heh; tatweel (the stretching stroke) is dropped.
        '\u{0649}' | '\u{06CC}' => out.push('\u{064A}'),
        '\u{06A9}' => out.push('\u{0643}'),
        '\u{06D5}' | '\u{06C1}' => out.push('\u{0647}'),
        '\u{0640}' => {}
        // Latin letters with a stroke or without a dot, which have no decomposition, as people
        // type them without the keyboard of the language ("Duc", "Misir", "Bialorus").
        'đ' | 'Đ' => out.push('d'),
        'ı' => out.push('i'),
        'ł' | 'Ł' => out.push('l'),
        'ø' | 'Ø' => out.push('o'),
        // Basic Russian letters (not Й/й, which decompose): lowercase, nothing to drop, without
        // the case and decomposition tables (Russian posts are many).
        '\u{0410}'..='\u{0418}' | '\u{041A}'..='\u{042F}' => {
            out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c));
        }
        '\u{0430}'..='\u{0438}' | '\u{043A}'..='\u{044F}' => out.push(c),
        _ if dropped_mark(c) => {}
        _ if !decomposed(c) => {
            for lc in c.to_lowercase() {
                out.push(lc);
            }
        }
        _ => {
            for lc in c.to_lowercase() {
                decompose_canonical(lc, |d| {
                    if !dropped_mark(d) {
                        match d {
                            '\u{0649}' | '\u{06CC}' => out.push('\u{064A}'),
                            '\u{06A9}' => out.push('\u{0643}'),
                            '\u{06D5}' | '\u{06C1}' => out.push('\u{0647}'),
                            _ => out.push(d),
                        }
                    }
                });
            }
        }
    }
}

/// Folds a pattern or query.
pub(crate) fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Folds a text, remembering where each folded byte came from.
pub(crate) fn fold(text: &str) -> Folded {
    if text.is_ascii() {
        // What `fold_char` does to ASCII, a byte for a byte (most posts are ASCII).
        let out: String =
            text.chars().map(|c| if c == '`' { '\'' } else { c.to_ascii_lowercase() }).collect();
        return Folded { text: out, origin: (0..text.len()).collect() };
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let before = out.len();
        fold_char(c, &mut out);
        origin.resize(out.len(), i);
        debug_assert!(out.len() >= before);
    }
    Folded { text: out, origin }
}

impl Folded {
    /// The source span (byte offsets) that produced folded bytes `[start, end)`.
    pub(crate) fn source_span(&self, source: &str, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin.get(start).copied().unwrap_or(source.len());
        let last = match end.checked_sub(1).and_then(|e| self.origin.get(e)) {
            Some(&o) => o,
            None => return (s, s),
        };
        let width = source.get(last..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
        (s, (last + width).max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold005_ascii_fast_path_equals_the_general_one() {
        for t in ["", "Hello `World` O'Brien", "ABC xyz 123 @User #Tag https://t.co/X", "\t\n~!"] {
            let fast = fold(t);
            let mut slow = String::new();
            let mut origin = Vec::new();
            for (i, c) in t.char_indices() {
                fold_char(c, &mut slow);
                origin.resize(slow.len(), i);
            }
            assert_eq!((fast.text.as_str(), &fast.origin), (slow.as_str(), &origin), "{t:?}");
        }
    }

    /// The general path of `fold_char` for a letter: lowercased, decomposed, marks dropped.
    fn general(c: char) -> String {
        let mut out = String::new();
        for lc in c.to_lowercase() {
            decompose_canonical(lc, |d| {
                if !dropped_mark(d) {
                    out.push(d);
                }
            });
        }
        out
    }

    #[test]
    fn fold007_cyrillic_fast_path_equals_the_general_one() {
        for c in ('\u{0400}'..='\u{045F}').filter(|c| !dropped_mark(*c)) {
            let mut fast = String::new();
            fold_char(c, &mut fast);
            assert_eq!(fast, general(c), "{c:?}");
        }
        let mut s = String::new();
        fold_char('Й', &mut s);
        assert_eq!(s, "и");
    }

    #[test]
    fn fold010() {
        let rows: &[(&str, &str)] = &[
            ("México", "mexico"),
            ("TÜRKIYE", "turkiye"),
            ("Côte d’Ivoire", "cote d'ivoire"),
            ("EE.UU.", "ee.uu."),
            ("İstanbul", "istanbul"),
            ("Españoles", "espanoles"),
            ("Россией", "россиеи"),
            ("Ёлка", "елка"),
            ("أوكرانيا", "اوكرانيا"),
            ("إيران", "ايران"),
            ("ایران", "ايران"),
            ("کره", "كره"),
            ("مِصر", "مصر"),
            ("जापान", "जापान"),
            ("ญี่ปุ่น", "ญี่ปุ่น"),
            ("ガーナ", "ガーナ"),
            ("한국", "한국"),
            ("Nhật Bản", "nhat ban"),
            ("Đức", "duc"),
            ("Mısır", "misir"),
            ("Białoruś", "bialorus"),
            ("Ελλάδα", "ελλαδα"),
        ];
        for (i, (inp, want)) in rows.iter().enumerate() {
            assert_eq!(fold_str(inp), *want, "row {i}");
            let f = fold(inp);
            assert_eq!(f.text, *want, "row {i}");
            assert_eq!(f.origin.len(), f.text.len(), "row {i}");
            assert_eq!(f.source_span(inp, 0, f.text.len()), (0, inp.len()), "row {i}");
        }
    }
}

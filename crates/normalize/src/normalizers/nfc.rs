//! Unicode canonical composition (NFC), with offsets.
//!
//! Text is composed one cluster at a time (a starter and the non-starters after it), so each
//! composed character maps back to the cluster that produced it. When composition crosses
//! clusters (Hangul jamo, a few Indic vowel signs), the whole whitespace-delimited word is
//! composed at once and maps to the word's start.

use crate::builder::Builder;
use crate::{Normalizer, STAGE};
use citra_model::{Diagnostic, OffsetMap, Severity, Span};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Composes text to Unicode NFC (`nfc-composed`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NfcNormalizer;

fn compose(s: &str) -> String {
    s.nfc().collect()
}

impl Normalizer for NfcNormalizer {
    fn name(&self) -> &'static str {
        "nfc"
    }

    fn apply(&self, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
            return None;
        }
        let mut b = Builder::with_capacity(text.len());
        let mut changed: Option<Span> = None;
        // Words: split after whitespace, keeping every byte.
        let mut start = 0usize;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            if !(c.is_whitespace() || i == text.len()) {
                continue;
            }
            let end = if i == text.len() { i } else { i + c.len_utf8() };
            let word = text.get(start..end).unwrap_or("");
            let composed = compose(word);
            if composed == word {
                b.copy(word, start);
            } else {
                let span = changed.get_or_insert(Span::new(start, end));
                span.end = end;
                // Cluster by cluster, if that gives the same result.
                let clusters = clusters(word);
                let per: Vec<String> =
                    clusters.iter().map(|&(a, z)| compose(&word[a..z])).collect();
                if per.concat() == composed {
                    for ((a, z), out) in clusters.iter().zip(&per) {
                        let src = &word[*a..*z];
                        if src == out {
                            b.copy(src, start + a);
                        } else {
                            b.replace(out, start + a);
                        }
                    }
                } else {
                    b.replace(&composed, start);
                }
            }
            start = end;
        }
        if let Some(span) = changed {
            diags.push(
                Diagnostic::new(
                    STAGE,
                    "nfc-composed",
                    Severity::Info,
                    "composed text to Unicode NFC",
                )
                .at(span),
            );
        }
        Some(b.finish(text.len()))
    }
}

/// Byte ranges of `word` that each start at a starter (combining class 0).
fn clusters(word: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, c) in word.char_indices() {
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if canonical_combining_class(c) != 0 => last.1 = end,
            _ => out.push((i, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str)] = &[
            ("basic010", "Me\u{301}xico", "México"),
            ("basic020", "Espan\u{303}a y Me\u{301}xico", "España y México"),
            ("basic030", "Vie\u{323}\u{302}t Nam", "Việt Nam"),
            ("hangul010", "\u{1112}\u{1161}\u{11ab}", "한"),
            ("keep010", "México", "México"),
            ("keep020", "plain", "plain"),
        ];
        for (name, input, want) in rows {
            let mut d = Vec::new();
            let res = NfcNormalizer.apply(input, &mut d);
            let out = res.as_ref().map(|(t, _)| t.as_str()).unwrap_or(input);
            assert_eq!(out, *want, "{name}");
            assert_eq!(d.is_empty(), input == want, "{name}");
            if let Some((t, m)) = res {
                assert_eq!(m.derived_len(), t.len(), "{name}");
            }
        }
    }
}

//! Whitespace: runs of spaces, tabs, no-break and other spaces become one space; a run holding
//! newlines becomes one newline, or two when it holds two or more (a paragraph break); zero-width
//! spaces, word joiners, byte-order marks and soft hyphens are dropped; the text is trimmed.
//!
//! Zero-width joiners and non-joiners are kept: emoji sequences and Persian spelling need them.
//! This step is cosmetic and reports no diagnostics.

use crate::Normalizer;
use crate::builder::Builder;
use citra_model::{Diagnostic, OffsetMap};

/// Collapses and trims whitespace.
#[derive(Debug, Clone, Copy, Default)]
pub struct WhitespaceNormalizer;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Newline,
    Ignorable,
    Other,
}

fn class(c: char) -> Class {
    match c {
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::Newline,
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Class::Ignorable,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Other,
    }
}

impl Normalizer for WhitespaceNormalizer {
    fn name(&self) -> &'static str {
        "whitespace"
    }

    fn apply(&self, text: &str, _diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        if is_clean(text) {
            return None;
        }
        let mut b = Builder::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        let mut wrote_any = false;
        while let Some((i, c)) = chars.next() {
            let cl = class(c);
            if cl == Class::Other {
                // The whole run of other chars at once.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if class(d) != Class::Other {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                b.copy(&text[i..end], i);
                wrote_any = true;
                continue;
            }
            // A run of non-Other chars.
            let mut newlines = usize::from(cl == Class::Newline && c != '\r');
            let mut spaces = cl == Class::Space || cl == Class::Newline;
            let mut cr_pending = c == '\r';
            while let Some(&(_, d)) = chars.peek() {
                let dc = class(d);
                if dc == Class::Other {
                    break;
                }
                if d == '\r' {
                    newlines += 1;
                    cr_pending = true;
                } else if d == '\n' && cr_pending {
                    cr_pending = false; // "\r\n" is one newline
                } else if dc == Class::Newline {
                    newlines += 1;
                    cr_pending = false;
                } else {
                    cr_pending = false;
                }
                spaces |= dc != Class::Ignorable;
                chars.next();
            }
            if c == '\r' {
                newlines += 1;
            }
            let at_end = chars.peek().is_none();
            if !spaces || !wrote_any || at_end {
                continue; // ignorable-only run, or leading/trailing whitespace
            }
            let sep = match newlines {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            };
            b.replace(sep, i);
        }
        Some(b.finish(text.len()))
    }
}

/// True when [`WhitespaceNormalizer`] would leave `text` unchanged.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(|b| b.is_ascii_whitespace())
        || bytes.last().is_some_and(|b| b.is_ascii_whitespace())
    {
        return false;
    }
    let mut prev_ws = false;
    let mut newline_run = 0;
    for c in text.chars() {
        match c {
            ' ' => {
                if prev_ws {
                    return false;
                }
                prev_ws = true;
                newline_run = 0;
            }
            '\n' => {
                if prev_ws && newline_run == 0 {
                    return false; // "x \n" has a space before the newline
                }
                newline_run += 1;
                if newline_run > 2 {
                    return false;
                }
                prev_ws = true;
            }
            c if c.is_ascii() => {
                if c.is_ascii_whitespace() {
                    return false;
                }
                prev_ws = false;
                newline_run = 0;
            }
            c => {
                if class(c) != Class::Other {
                    return false;
                }
                prev_ws = false;
                newline_run = 0;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str)] = &[
            ("basic010", "a  b\t\tc", "a b c"),
            ("basic020", "  trim me \n", "trim me"),
            ("basic030", "a\u{a0}\u{a0}b", "a b"),
            ("basic040", "a\n\n\n\nb", "a\n\nb"),
            ("basic050", "a \n b", "a\nb"),
            ("basic060", "a\r\nb\r\n\r\nc", "a\nb\n\nc"),
            ("basic070", "zero\u{200b}width", "zerowidth"),
            ("basic080", "a \u{200b} b", "a b"),
            ("basic090", "\u{feff}bom", "bom"),
            ("basic100", "a\u{3000}b\u{202f}c", "a b c"),
            ("keep010", "a b\nc\n\nd", "a b\nc\n\nd"),
            ("keep020", "👨\u{200d}👩\u{200d}👧 family", "👨\u{200d}👩\u{200d}👧 family"),
            ("keep030", "", ""),
            ("empty010", " \n\t ", ""),
        ];
        for (name, input, want) in rows {
            let mut d = Vec::new();
            let res = WhitespaceNormalizer.apply(input, &mut d);
            assert_eq!(res.is_none(), input == want, "{name}");
            let out = res.as_ref().map(|(t, _)| t.as_str()).unwrap_or(input);
            assert_eq!(out, *want, "{name}");
            if let Some((t, m)) = res {
                assert_eq!(m.derived_len(), t.len(), "{name}");
            }
        }
    }
}

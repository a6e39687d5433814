//! The text shown to people: the stored text with HTML entities decoded once and mojibake
//! repaired (`citra_normalize::display`), and where spans of the stored text fall in it. Answers
//! keep `text` and its spans as stored; their `display_*` fields are what people are shown (the
//! dashboard, the CLI's tables, the report).

use citra_model::Span;
use citra_normalize::Normalized;

/// A stored text and its shown form.
pub struct Display {
    shown: Normalized,
}

impl Display {
    /// The shown form of a stored text.
    pub fn new(stored: &str) -> Display {
        Display { shown: citra_normalize::display(stored) }
    }

    /// The shown text.
    pub fn text(&self) -> &str {
        &self.shown.text
    }

    /// The shown text, taken out.
    pub fn into_text(self) -> String {
        self.shown.text
    }

    /// The code-point range in the shown text of a byte span of the stored text.
    pub fn chars(&self, stored: Span) -> Option<(usize, usize)> {
        self.shown.map.span_from_original(stored).to_chars(&self.shown.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display010_spans_follow_the_decoded_text() {
        // (stored text, the byte span of a word in it, the word, its shown text)
        let rows: &[(&str, &str, &str)] = &[
            (
                "@Gerindra &amp;amp; kebangkitan Indonesia",
                "Indonesia",
                "@Gerindra &amp; kebangkitan Indonesia",
            ),
            ("Mexico &amp; Canada", "Canada", "Mexico & Canada"),
            (
                "Saatnya Beraksiâ€¦ bersama Malaysia",
                "Malaysia",
                "Saatnya Beraksi… bersama Malaysia",
            ),
            ("plain Mexico text", "Mexico", "plain Mexico text"),
        ];
        for (stored, word, shown) in rows {
            let start = stored.find(word).unwrap();
            let d = Display::new(stored);
            assert_eq!(d.text(), *shown, "{stored}");
            let (a, b) = d.chars(Span::new(start, start + word.len())).unwrap();
            let got: String = d.text().chars().skip(a).take(b - a).collect();
            assert_eq!(got, *word, "{stored}");
        }
    }
}

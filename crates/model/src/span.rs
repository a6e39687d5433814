//! Byte spans and the offset map that ties normalized text back to the original.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text this span covers, or `None` when it is out of bounds or not on char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// The span in Unicode code points (the unit of the gold files), or `None` when out of bounds.
    pub fn to_chars(&self, text: &str) -> Option<(usize, usize)> {
        let head = text.get(..self.start)?;
        let body = text.get(self.start..self.end)?;
        let start = head.chars().count();
        Some((start, start + body.chars().count()))
    }

    /// The byte span of code points `[start, end)` of `text` (the inverse of
    /// [`Span::to_chars`]), or `None` when out of bounds or reversed.
    pub fn from_chars(text: &str, start: usize, end: usize) -> Option<Span> {
        if end < start {
            return None;
        }
        let mut offs = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
        let s = offs.nth(start)?;
        let e = if end > start { offs.nth(end - start - 1)? } else { s };
        Some(Span::new(s, e))
    }
}

/// Maps byte offsets of a derived (normalized) text back to byte offsets of its original text.
///
/// The map holds one entry per byte of the derived text plus one for its end: `orig[i]` is the
/// original offset that derived byte `i` came from. A derived byte inserted by a normalizer maps
/// to the original offset of the text it replaced, so any derived span maps to an original span
/// that covers what produced it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    orig: Vec<usize>,
    orig_len: usize,
}

impl OffsetMap {
    /// The identity map for a text of `len` bytes.
    pub fn identity(len: usize) -> OffsetMap {
        OffsetMap { orig: (0..=len).collect(), orig_len: len }
    }

    /// A map from explicit per-byte origins; `orig` has one entry per derived byte, and the end
    /// maps to `orig_len`.
    pub fn from_origins(mut orig: Vec<usize>, orig_len: usize) -> OffsetMap {
        orig.push(orig_len);
        OffsetMap { orig, orig_len }
    }

    /// Number of bytes in the derived text.
    pub fn derived_len(&self) -> usize {
        self.orig.len().saturating_sub(1)
    }

    /// Number of bytes in the original text.
    pub fn original_len(&self) -> usize {
        self.orig_len
    }

    /// The original offset of derived offset `i` (clamped to the ends).
    pub fn to_original(&self, i: usize) -> usize {
        match self.orig.get(i) {
            Some(&o) => o,
            None => self.orig_len,
        }
    }

    /// Maps a derived span to the smallest original span covering every byte that produced it.
    ///
    /// The end is taken as the origin of the last derived byte, extended to the next original
    /// byte that a later derived byte starts from, so a span ending on a replaced sequence covers
    /// the whole replaced sequence.
    pub fn span_to_original(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let last = self.to_original(span.end - 1);
        // The end is the first original offset beyond `last` that a later derived byte starts at.
        let mut end = self.orig_len;
        let mut i = span.end;
        while let Some(&o) = self.orig.get(i) {
            if o > last {
                end = o;
                break;
            }
            i += 1;
        }
        Span::new(start.min(end), end.max(start))
    }

    /// Maps an original span to the derived span of every derived byte that came from inside it.
    ///
    /// This is the inverse direction of [`OffsetMap::span_to_original`]: use it to find where a
    /// span given on the original text (a gold target, a user's selection) lies in the derived
    /// text. A span whose source was deleted (a removed trailer) maps to an empty span.
    pub fn span_from_original(&self, span: Span) -> Span {
        let n = self.derived_len();
        let start = (0..n).find(|&i| self.orig[i] >= span.start).unwrap_or(n);
        let end =
            (start..n).take_while(|&i| self.orig[i] < span.end).last().map_or(start, |i| i + 1);
        Span::new(start, end)
    }

    /// Composes two maps: `self` maps B→A and `next` maps C→B; the result maps C→A.
    pub fn then(&self, next: &OffsetMap) -> OffsetMap {
        let orig = next.orig.iter().map(|&b| self.to_original(b)).collect();
        OffsetMap { orig, orig_len: self.orig_len }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_and_chars() {
        let t = "Meksiko–AS";
        let s = Span::new(0, 7);
        assert_eq!(s.slice(t), Some("Meksiko"));
        let dash = Span::new(7, 10);
        assert_eq!(dash.slice(t), Some("–"));
        assert_eq!(dash.to_chars(t), Some((7, 8)));
        assert_eq!(Span::new(8, 9).slice(t), None);
    }

    #[test]
    fn chars_round_trip() {
        let t = "Meksiko–AS 🇲🇽 x";
        // (code points, bytes) pairs; None where out of bounds or reversed.
        type Range = (usize, usize);
        let rows: [(Range, Option<Range>); 6] = [
            ((0, 7), Some((0, 7))),
            ((7, 8), Some((7, 10))),
            ((8, 10), Some((10, 12))),
            ((11, 13), Some((13, 21))),
            ((15, 15), Some((23, 23))),
            ((3, 2), None),
        ];
        for ((s, e), want) in rows {
            let got = Span::from_chars(t, s, e);
            assert_eq!(got.map(|x| (x.start, x.end)), want, "{s}..{e}");
            if let Some(span) = got {
                assert_eq!(span.to_chars(t), Some((s, e)));
            }
        }
        assert_eq!(Span::from_chars(t, 15, 16), None);
    }

    #[test]
    fn map_replacement_covers_source() {
        // original "a&amp;b" -> derived "a&b"
        let m = OffsetMap::from_origins(vec![0, 1, 6], 7);
        assert_eq!(m.span_to_original(Span::new(1, 2)), Span::new(1, 6));
        assert_eq!(m.span_to_original(Span::new(0, 3)), Span::new(0, 7));
        assert_eq!(m.span_to_original(Span::new(2, 3)), Span::new(6, 7));
    }

    #[test]
    fn from_original() {
        // original "a&amp;b" -> derived "a&b"
        let m = OffsetMap::from_origins(vec![0, 1, 6], 7);
        let rows = [
            ((0, 1), (0, 1)),
            ((1, 6), (1, 2)),
            ((6, 7), (2, 3)),
            ((0, 7), (0, 3)),
            ((2, 4), (2, 2)),
        ];
        for ((a, b), (c, d)) in rows {
            assert_eq!(m.span_from_original(Span::new(a, b)), Span::new(c, d), "{a}..{b}");
        }
    }

    #[test]
    fn compose() {
        let a = OffsetMap::from_origins(vec![0, 1, 6], 7); // "a&amp;b" -> "a&b"
        let b = OffsetMap::from_origins(vec![0, 2], 3); // "a&b" -> "ab"
        let c = a.then(&b);
        assert_eq!(c.span_to_original(Span::new(1, 2)), Span::new(6, 7));
        assert_eq!(c.derived_len(), 2);
    }
}

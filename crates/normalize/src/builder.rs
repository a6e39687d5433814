//! Builds a derived text together with its offset map.

use citra_model::OffsetMap;

/// A derived text under construction, with the origin of each of its bytes.
pub(crate) struct Builder {
    out: String,
    orig: Vec<usize>,
}

impl Builder {
    /// An empty builder sized for a text of about `n` bytes.
    pub(crate) fn with_capacity(n: usize) -> Builder {
        Builder { out: String::with_capacity(n), orig: Vec::with_capacity(n + 1) }
    }

    /// Copies `s`, which starts at input offset `at`, byte for byte.
    pub(crate) fn copy(&mut self, s: &str, at: usize) {
        self.out.push_str(s);
        self.orig.extend(at..at + s.len());
    }

    /// Appends `s` as a replacement of the input starting at offset `at`: every byte maps there.
    pub(crate) fn replace(&mut self, s: &str, at: usize) {
        self.out.push_str(s);
        self.orig.extend(std::iter::repeat_n(at, s.len()));
    }

    /// Appends one char as a replacement of the input at `at`.
    pub(crate) fn replace_char(&mut self, c: char, at: usize) {
        self.out.push(c);
        self.orig.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// The derived text and its map onto an input of `input_len` bytes.
    pub(crate) fn finish(self, input_len: usize) -> (String, OffsetMap) {
        (self.out, OffsetMap::from_origins(self.orig, input_len))
    }
}

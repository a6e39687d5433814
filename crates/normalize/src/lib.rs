//! Text normalization with offsets that map back to the original text.
//!
//! [`normalize`] runs every registered [`Normalizer`] in order (see [`normalizers`]) and returns a
//! [`Normalized`]: the text the later stages read, an [`OffsetMap`] from normalized byte offsets
//! to *original* byte offsets, and one [`Diagnostic`] per repair (with its span in the original
//! text). Clean text gets no diagnostics.
//!
//! The normalizers, in order: mojibake repair (UTF-8 read as Windows-1252/Latin-1), HTML entities,
//! Unicode NFC (the lossless repairs), then call-to-action trailers, whitespace, and hashtag
//! splitting (the lossy ones). URLs and `@handles` are left as they are.
//!
//! ```
//! use citra_model::Span;
//! use citra_normalize::normalize;
//!
//! let original = "Trump ingin membangun tembok di perbatasan MÃ©xico &amp; AS. #BuildTheWall";
//! let n = normalize(original);
//! assert_eq!(n.text, "Trump ingin membangun tembok di perbatasan México & AS. build the wall");
//! // Every normalized span maps back to the text that produced it.
//! let start = n.text.find("México").unwrap();
//! let orig = n.map.span_to_original(Span::new(start, start + "México".len()));
//! assert_eq!(orig.slice(original), Some("MÃ©xico"));
//! let codes: Vec<&str> = n.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["mojibake-repaired", "html-entity"]);
//! ```
#![deny(missing_docs)]

mod builder;
pub mod normalizers;

use citra_model::{Diagnostic, OffsetMap};

pub use normalizers::{LOSSLESS, LOSSY};

/// The stage name used in diagnostics.
pub const STAGE: &str = "normalize";

/// The result of [`normalize`].
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Maps byte offsets of [`Normalized::text`] to byte offsets of the original text.
    pub map: OffsetMap,
    /// One diagnostic per repair, with its span in the original text.
    pub diagnostics: Vec<Diagnostic>,
}

/// One normalization step.
///
/// Implementations are stateless and total: they never panic on any `&str`.
pub trait Normalizer: Sync {
    /// A short stable name, e.g. `mojibake`.
    fn name(&self) -> &'static str;

    /// Applies the step to `text`. Returns `None` when nothing changes; otherwise the new text
    /// and a map from its byte offsets to byte offsets of `text`. Diagnostics pushed to `diags`
    /// carry spans in `text`; [`normalize`] maps them to the original.
    fn apply(&self, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)>;
}

/// Normalizes `original` with every registered normalizer, lossless ones first.
///
/// Total: never panics, whatever the input.
pub fn normalize(original: &str) -> Normalized {
    let mut text: Option<String> = None;
    let mut map: Option<OffsetMap> = None;
    let mut diagnostics = Vec::new();
    for step in LOSSLESS.iter().chain(LOSSY.iter()) {
        let current = text.as_deref().unwrap_or(original);
        let before = diagnostics.len();
        if let Some((next, step_map)) = step.apply(current, &mut diagnostics) {
            if let Some(m) = &map {
                for d in &mut diagnostics[before..] {
                    if let Some(s) = d.span {
                        d.span = Some(m.span_to_original(s));
                    }
                }
                map = Some(m.then(&step_map));
            } else {
                map = Some(step_map);
            }
            text = Some(next);
        } else if let Some(m) = &map {
            for d in &mut diagnostics[before..] {
                if let Some(s) = d.span {
                    d.span = Some(m.span_to_original(s));
                }
            }
        }
    }
    let text = text.unwrap_or_else(|| original.to_owned());
    let map = map.unwrap_or_else(|| OffsetMap::identity(original.len()));
    Normalized { text, map, diagnostics }
}

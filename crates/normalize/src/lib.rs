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
    if is_plain(original) {
        let mut diagnostics = Vec::new();
        if let Some(n) =
            normalize_steps(original, &[&normalizers::TrailerNormalizer], &mut diagnostics)
        {
            return n;
        }
        return Normalized {
            text: original.to_owned(),
            map: OffsetMap::identity(original.len()),
            diagnostics,
        };
    }
    let steps: Vec<&dyn Normalizer> = LOSSLESS.iter().chain(LOSSY.iter()).copied().collect();
    normalize_with(original, &steps)
}

/// The text to show people: HTML entities decoded once, mojibake repaired and NFC, by the
/// [`LOSSLESS`] steps only (no hashtag splitting, whitespace or trailer changes, so the text
/// reads as written). Escape it once more where HTML needs it.
///
/// ```
/// assert_eq!(citra_normalize::for_display("@Gerindra &amp; kebangkitan"), "@Gerindra & kebangkitan");
/// assert_eq!(citra_normalize::for_display("Saatnya Beraksiâ€¦"), "Saatnya Beraksi…");
/// assert_eq!(citra_normalize::for_display("#MakeAmericaGreatAgain"), "#MakeAmericaGreatAgain");
/// ```
pub fn for_display(text: &str) -> String {
    if text.is_ascii() && !text.contains('&') {
        return text.to_owned();
    }
    normalize_with(text, LOSSLESS).text
}

/// [`for_display`] with the map from the shown text back to `text`, so that spans found on the
/// stored text can be marked on the shown one (`map.span_from_original`).
///
/// ```
/// use citra_model::Span;
/// let d = citra_normalize::display("Mexico &amp; Canada");
/// assert_eq!(d.text, "Mexico & Canada");
/// assert_eq!(d.map.span_from_original(Span::new(13, 19)), Span::new(9, 15)); // "Canada"
/// ```
pub fn display(text: &str) -> Normalized {
    if text.is_ascii() && !text.contains('&') {
        return Normalized {
            text: text.to_owned(),
            map: OffsetMap::identity(text.len()),
            diagnostics: Vec::new(),
        };
    }
    normalize_with(text, LOSSLESS)
}

/// Normalizes `original` with the given steps, in order, without the fast path of
/// [`normalize`]. For custom pipelines and for testing one normalizer through the same
/// composition of offset maps and diagnostics.
pub fn normalize_with(original: &str, steps: &[&dyn Normalizer]) -> Normalized {
    let mut diagnostics = Vec::new();
    match normalize_steps(original, steps, &mut diagnostics) {
        Some(n) => n,
        None => Normalized {
            text: original.to_owned(),
            map: OffsetMap::identity(original.len()),
            diagnostics,
        },
    }
}

/// True for text that only the trailer step could change: ASCII, no `&` or `#`, no tab or
/// carriage return, single spaces, at most one blank line in a row, no space next to a newline,
/// nothing to trim.
fn is_plain(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first().is_some_and(u8::is_ascii_whitespace)
        || b.last().is_some_and(u8::is_ascii_whitespace)
    {
        return false;
    }
    let mut prev = 0u8;
    let mut prev2 = 0u8;
    for &c in b {
        let bad = match c {
            b'&' | b'#' | b'\t' | b'\r' | 0x0b | 0x0c | 0x80..=0xff => true,
            b' ' => prev == b' ' || prev == b'\n',
            b'\n' => prev == b' ' || (prev == b'\n' && prev2 == b'\n'),
            _ => false,
        };
        if bad {
            return false;
        }
        prev2 = prev;
        prev = c;
    }
    true
}

/// Runs `steps` in order; `None` when none changed the text (diagnostics may still be added).
fn normalize_steps(
    original: &str,
    steps: &[&dyn Normalizer],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Normalized> {
    let mut text: Option<String> = None;
    let mut map: Option<OffsetMap> = None;
    for step in steps {
        let current = text.as_deref().unwrap_or(original);
        let before = diagnostics.len();
        let changed = step.apply(current, diagnostics);
        if let Some(m) = &map {
            for d in &mut diagnostics[before..] {
                if let Some(s) = d.span {
                    d.span = Some(m.span_to_original(s));
                }
            }
        }
        if let Some((next, step_map)) = changed {
            map = Some(match &map {
                Some(m) => m.then(&step_map),
                None => step_map,
            });
            text = Some(next);
        }
    }
    Some(Normalized { text: text?, map: map?, diagnostics: std::mem::take(diagnostics) })
}

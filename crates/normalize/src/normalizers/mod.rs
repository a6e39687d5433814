//! The registry of normalizers, in the order [`crate::normalize`] applies them.
//!
//! Lossless normalizers repair the text without dropping anything the author meant (mojibake,
//! HTML entities, Unicode composition); lossy ones drop or reshape content (trailers,
//! whitespace, hashtag splitting). The lossless list runs first. To add a normalizer, write one
//! file here with a unit struct implementing [`Normalizer`], and add it to
//! the right list.

mod hashtags;
mod html;
mod mojibake;
mod nfc;
mod trailers;
mod whitespace;

pub use hashtags::{HashtagNormalizer, split_hashtag};
pub use html::HtmlEntityNormalizer;
pub use mojibake::MojibakeNormalizer;
pub use nfc::NfcNormalizer;
pub use trailers::TrailerNormalizer;
pub use whitespace::WhitespaceNormalizer;

use crate::Normalizer;

/// Repairs that keep everything the author wrote, applied first and in this order.
pub static LOSSLESS: &[&dyn Normalizer] =
    &[&MojibakeNormalizer, &HtmlEntityNormalizer, &NfcNormalizer];

/// Steps that drop or reshape content, applied after [`LOSSLESS`] and in this order.
pub static LOSSY: &[&dyn Normalizer] =
    &[&TrailerNormalizer, &WhitespaceNormalizer, &HashtagNormalizer];

/// Conformance test of one normalizer: each row is run through the normalizer alone, checked to
/// be registered, and run through the whole [`crate::normalize`] pipeline; every map is checked
/// to tie the output back to the input on char boundaries.
///
/// Rows: `name: input => alone_output, pipeline_output;` (`alone_output` is the input itself
/// when the normalizer should leave it unchanged).
#[cfg(test)]
macro_rules! test_normalizer {
    ($norm:expr, $( $name:ident: $input:expr => $alone:expr, $full:expr; )+) => {
        let norm: &dyn $crate::Normalizer = &$norm;
        let registered = $crate::LOSSLESS.iter().chain($crate::LOSSY.iter()).any(|n| n.name() == norm.name());
        assert!(
            registered,
            "normalizer {:?} is not in LOSSLESS or LOSSY\nhelp: add it to the right list in src/normalizers/mod.rs",
            norm.name()
        );
        $(
            let name = stringify!($name);
            let input: &str = $input;
            let mut diags = Vec::new();
            let alone = norm.apply(input, &mut diags);
            let (out, map) = alone.unwrap_or_else(|| (input.to_owned(), citra_model::OffsetMap::identity(input.len())));
            assert_eq!(out, $alone, "{name}: {} alone\nhelp: the normalizer itself is wrong", norm.name());
            assert_eq!(map.derived_len(), out.len(), "{name}: map length");
            for (i, _) in out.char_indices() {
                assert!(input.is_char_boundary(map.to_original(i)), "{name}: offset {i} maps inside a char");
            }
            let full = $crate::normalize(input);
            assert_eq!(
                full.text, $full,
                "{name}: through the pipeline\nhelp: alone it works; check the order of LOSSLESS and LOSSY in src/normalizers/mod.rs"
            );
        )+
    };
}

#[cfg(test)]
mod conformance {
    use super::*;

    #[test]
    fn mojibake() {
        test_normalizer!(MojibakeNormalizer,
            basic010: "EspaÃ±a  y MÃ©xico" => "España  y México", "España y México";
            basic020: "publik.Â\nÂ\nBaca" => "publik.\n\nBaca", "publik.\n\nBaca";
            keep010: "São Paulo" => "São Paulo", "São Paulo";
        );
    }

    #[test]
    fn html() {
        test_normalizer!(HtmlEntityNormalizer,
            basic010: "costs &amp; #BuildTheWall" => "costs & #BuildTheWall", "costs & build the wall";
            basic020: "a&nbsp;&nbsp;b" => "a\u{a0}\u{a0}b", "a b";
        );
    }

    #[test]
    fn nfc() {
        test_normalizer!(NfcNormalizer,
            basic010: "Me\u{301}xico  " => "México  ", "México";
        );
    }

    #[test]
    fn trailers() {
        test_normalizer!(TrailerNormalizer,
            basic010: "Bagus.\nBaca juga: X\nSelesai.  " => "Bagus.\nSelesai.  ", "Bagus.\nSelesai.";
            basic020: "Gran día. Síguenos en Twitter" => "Gran día. ", "Gran día.";
        );
    }

    #[test]
    fn whitespace() {
        test_normalizer!(WhitespaceNormalizer,
            basic010: " a \t b\n\n\n\nc " => "a b\n\nc", "a b\n\nc";
        );
    }

    #[test]
    fn hashtags() {
        test_normalizer!(HashtagNormalizer,
            basic010: "#BuildTheWall  now" => "build the wall  now", "build the wall now";
            basic020: "@user https://x.co/#a" => "@user https://x.co/#a", "@user https://x.co/#a";
        );
    }
}

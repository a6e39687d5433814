//! The registry of normalizers, in the order [`crate::normalize`] applies them.
//!
//! Lossless normalizers repair the text without dropping anything the author meant (mojibake,
//! HTML entities, Unicode composition); lossy ones drop or reshape content (trailers,
//! whitespace, hashtag splitting). The lossless list runs first. To add a normalizer, write one
//! file here with a unit struct implementing [`Normalizer`](crate::Normalizer), and add it to
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

//! Text normalization with offsets that map back to the original text.
#![deny(missing_docs)]

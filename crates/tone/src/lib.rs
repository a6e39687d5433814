//! Tone per document and toward each mentioned country, per language.
#![deny(missing_docs)]

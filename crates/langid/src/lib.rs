//! Language identification per document and per sentence, built for short posts.
#![deny(missing_docs)]

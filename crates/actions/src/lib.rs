//! Diplomatic action coding (work in progress).
#![deny(missing_docs)]

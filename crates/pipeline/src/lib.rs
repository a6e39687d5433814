//! Wires the per-document stages into one annotator.
#![deny(missing_docs)]

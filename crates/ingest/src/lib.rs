//! Sources: read posts and articles from files and streams into RawDoc records.
#![deny(missing_docs)]

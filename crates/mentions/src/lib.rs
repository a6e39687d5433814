//! Country and actor mentions: a multilingual gazetteer matched with byte spans.
#![deny(missing_docs)]

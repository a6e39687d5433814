//! Shared types of the citra pipeline.
//!
//! `citra-model` is the interface crate: every stage crate depends on it and on nothing else of
//! citra's, so stages stay independent and only `citra-pipeline` wires them together.
//!
//! - [`RawDoc`]: one post or article as read by a source, before any processing.
//! - [`Span`]: a byte range into a text; every span a stage returns points into the *original*
//!   text of its document.
//! - [`Lang`]: one language enum keyed by ISO 639-3, with an undetermined variant.
//! - [`Mention`], [`Tone`], [`ToneLabel`]: what the mention and tone stages produce.
//! - [`Diagnostic`]: what a total stage reports instead of failing.
//! - [`Event`], [`Quad`]: coded diplomatic actions (CAMEO root, quad class, intensity).
//! - [`segment`]: sentence and word spans shared by the stages.
//! - [`gdelt`]: rows of GDELT 2.0 files (events, mentions, GKG), GDELT's coding of the news.
//!
//! ```
//! use citra_model::{Lang, Span};
//! let text = "Indonesia mengecam keras pengakuan sepihak Amerika Serikat";
//! let span = Span::new(43, 58);
//! assert_eq!(span.slice(text), Some("Amerika Serikat"));
//! assert_eq!(Lang::from_code("id"), Lang::Ind);
//! assert_eq!(Lang::Spa.iso639_1(), Some("es"));
//! ```
#![deny(missing_docs)]

mod doc;
pub mod entities;
mod event;
pub mod gdelt;
mod lang;
mod mention;
mod obs;
pub mod segment;
mod span;
pub mod timefmt;
mod tone;

pub use doc::{Annotation, Diagnostic, Engagement, RawDoc, Severity, SourceRef};
pub use event::{Event, Quad};
pub use lang::{Lang, LangGuess};
pub use mention::{Mention, MentionKind};
pub use obs::{MentionRow, Observation, Post};
pub use span::{OffsetMap, Span};
pub use tone::{Tone, ToneLabel};

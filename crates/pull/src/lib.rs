//! Live sources for citra: Bluesky (the public AppView's author feeds and search, and the
//! Jetstream firehose), Mastodon (account, hashtag and public timelines of any instance) and
//! RSS/Atom feeds, polled incrementally and resumably, politely and robustly.
//!
//! - [`http::Fetcher`] is the one way out to the network: a rate limiter per host that follows
//!   the platforms' published limits and their headers (`Retry-After`, `ratelimit-*`,
//!   Mastodon's `X-RateLimit-*`), exponential backoff with full jitter on 5xx, timeouts and
//!   resets, a size limit on bodies, and a [`clock::Clock`] that tests replace.
//! - Each source turns the platform's JSON or XML into [`RawDoc`]s with their reshare, quote and
//!   reply links and engagement counts ([`bluesky`], [`mastodon`], [`rss`], [`jetstream`]).
//! - [`run`] drives a source: it pages newest-first from where the source's committed state
//!   says, hands each page with the state that covers it to a [`Sink`] (the CLI's sink writes
//!   both in one store transaction), and stops when it reaches what an earlier pass covered.
//!   A kill at any moment loses nothing and repeats nothing: the state and the posts are
//!   committed together, and the store's keys make a page read twice store nothing twice.
//! - [`config`] reads the `citra watch` TOML file.
//! - [`replay`] is a loopback HTTP and WebSocket server that replays recorded responses,
//!   errors included, for tests.
//!
//! A malformed body is never fatal: it is handed to the sink as a rejected record with its URL
//! and reason, and the page is tried again later.

#![deny(missing_docs)]

pub mod bluesky;
pub mod clock;
pub mod config;
pub mod http;
pub mod jetstream;
pub mod mastodon;
pub mod replay;
pub mod rss;
pub mod run;
pub mod state;

pub use citra_ingest::RecordError;
pub use citra_model::RawDoc;
pub use run::{Feed, Page, PollCounts, Sink};

/// Why a source could not go on this round (the next round tries again from its state).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request failed after every retry, or with a status that is not retried.
    #[error(transparent)]
    Fetch(#[from] http::FetchError),
    /// The sink (the store) failed: this one is fatal to the run.
    #[error("writing to the store: {0}")]
    Sink(String),
    /// A source's settings are wrong (a handle that does not resolve, a bad URL).
    #[error("{0}")]
    Source(String),
    /// Stopped on request (Ctrl-C) before the round ended.
    #[error("stopped")]
    Stopped,
}

/// Text cut to at most `max` bytes on a char boundary (for the raw record kept with a
/// rejection).
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

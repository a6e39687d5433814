//! Bluesky's Jetstream: the firehose as JSON over a WebSocket, filtered by
//! `wantedCollections` and `wantedDids`, resumed from its `time_us` cursor.
//!
//! Shapes from Jetstream's README (bluesky-social/jetstream): each message is
//! `{"did", "time_us", "kind": "commit"|"identity"|"account", "commit": {"operation",
//! "collection", "rkey", "record", "cid"}}`. A created `app.bsky.feed.post` is a `bluesky`
//! document with the same id, links and language hint as [`crate::bluesky`] gives it (the
//! author is the DID: the stream carries no handle); a created `app.bsky.feed.repost` is a
//! reshare of its `subject.uri` (its text is not in the stream). Other kinds and operations
//! are counted as skipped.
//!
//! Events are committed in batches with the batch's last `time_us`; a reconnect asks for the
//! stream from one second before it (Jetstream replays from a time; what is read twice is
//! stored once). A connection cut mid-message is reconnected with backoff; a message that is
//! not JSON is kept as rejected.

use crate::bluesky::quoted_uri;
use crate::clock::Clock;
use crate::run::{PollCounts, Sink};
use crate::state::{self, StreamState};
use crate::{Error, RawDoc, RecordError};
use chrono::{DateTime, Utc};
use citra_model::SourceRef;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A public Jetstream instance.
pub const DEFAULT_URL: &str = "wss://jetstream2.us-east.bsky.network/subscribe";
/// Events per commit.
pub const BATCH: usize = 200;
/// Jetstream replays from a time: resume this many microseconds before the last commit.
const REPLAY_MARGIN_US: i64 = 1_000_000;

/// A Jetstream subscription.
#[derive(Debug, Clone)]
pub struct Jetstream {
    /// `wss://…/subscribe`.
    pub url: String,
    /// Collections wanted (`app.bsky.feed.post`, `app.bsky.feed.repost`); empty: posts.
    pub collections: Vec<String>,
    /// DIDs wanted; empty: all.
    pub dids: Vec<String>,
}

impl Jetstream {
    /// The source key (one per URL and filter).
    pub fn key(&self) -> String {
        let mut k = format!("jetstream:{}", self.url);
        if !self.dids.is_empty() {
            k.push_str(&format!(" dids={}", self.dids.join(",")));
        }
        k
    }

    /// The URL to connect to from `cursor` (microseconds).
    pub fn connect_url(&self, cursor: Option<i64>) -> String {
        let mut url = self.url.clone();
        let mut sep = if url.contains('?') { '&' } else { '?' };
        let collections: Vec<&str> = if self.collections.is_empty() {
            vec!["app.bsky.feed.post"]
        } else {
            self.collections.iter().map(String::as_str).collect()
        };
        for c in collections {
            url.push_str(&format!("{sep}wantedCollections={}", crate::bluesky::encode(c)));
            sep = '&';
        }
        for d in &self.dids {
            url.push_str(&format!("{sep}wantedDids={}", crate::bluesky::encode(d)));
            sep = '&';
        }
        if let Some(c) = cursor {
            url.push_str(&format!("{sep}cursor={}", (c - REPLAY_MARGIN_US).max(0)));
        }
        url
    }
}

/// What one message gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A document, with the event's `time_us`.
    Doc(i64, Box<RawDoc>),
    /// An event that is not a created post or repost, with its `time_us` if it has one.
    Skipped(Option<i64>),
    /// Not a Jetstream event.
    Bad(RecordError),
}

/// Reads one Jetstream message.
pub fn parse_message(source: &str, n: u64, text: &str) -> Message {
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Message::Bad(RecordError::new(
                source,
                n,
                format!("malformed Jetstream message: {e}"),
                text,
            ));
        }
    };
    let Some(time_us) = v["time_us"].as_i64() else {
        return Message::Bad(RecordError::new(
            source,
            n,
            "a Jetstream message without `time_us`",
            text,
        ));
    };
    let c = &v["commit"];
    if v["kind"] != "commit" || c["operation"] != "create" {
        return Message::Skipped(Some(time_us));
    }
    let (Some(did), Some(collection), Some(rkey)) =
        (v["did"].as_str(), c["collection"].as_str(), c["rkey"].as_str())
    else {
        return Message::Bad(RecordError::new(
            source,
            n,
            "a Jetstream commit without `did`, `collection` or `rkey`",
            text,
        ));
    };
    let record = &c["record"];
    let uri = format!("at://{did}/{collection}/{rkey}");
    let at = record["createdAt"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| DateTime::from_timestamp_micros(time_us));
    let src = SourceRef { path: source.to_owned(), line: n };
    let doc = match collection {
        "app.bsky.feed.post" => RawDoc {
            platform: "bluesky".into(),
            url: Some(format!("https://bsky.app/profile/{did}/post/{rkey}")),
            native_id: Some(uri),
            author: Some(did.to_owned()),
            created_at: at,
            text: record["text"].as_str().unwrap_or("").to_owned(),
            lang_hint: record["langs"][0].as_str().map(str::to_owned),
            reply_to: record["reply"]["parent"]["uri"].as_str().map(str::to_owned),
            quote_of: quoted_uri(&record["embed"]),
            source: src,
            ..RawDoc::default()
        },
        "app.bsky.feed.repost" => RawDoc {
            platform: "bluesky".into(),
            native_id: Some(uri),
            author: Some(did.to_owned()),
            created_at: at,
            reshare_of: record["subject"]["uri"].as_str().map(str::to_owned),
            source: src,
            ..RawDoc::default()
        },
        _ => return Message::Skipped(Some(time_us)),
    };
    Message::Doc(time_us, Box::new(doc))
}

/// How long a round reads and how patient it is.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Read for at most this long, then commit and return.
    pub duration: Duration,
    /// Stop after this many events.
    pub max_events: Option<u64>,
    /// Reconnects after a cut before the round gives up.
    pub max_reconnects: u32,
}

/// Reads the stream from the committed cursor for one round.
pub fn poll(
    js: &Jetstream,
    clock: &dyn Clock,
    sink: &mut dyn Sink,
    opts: &StreamOptions,
    on_page: &mut dyn FnMut(&PollCounts),
) -> Result<PollCounts, Error> {
    let key = js.key();
    let mut st: StreamState = state::read(sink.state(&key).map_err(Error::Sink)?.as_deref());
    let mut counts = PollCounts::default();
    let started = Instant::now();
    let mut events = 0u64;
    let mut reconnects = 0u32;
    let mut docs: Vec<RawDoc> = Vec::new();
    let mut rejected: Vec<RecordError> = Vec::new();
    let mut pending = 0usize;
    let mut commit = |docs: &mut Vec<RawDoc>,
                      rejected: &mut Vec<RecordError>,
                      st: &StreamState,
                      counts: &mut PollCounts| {
        let n = docs.len();
        let c = sink
            .commit(&key, std::mem::take(docs), &std::mem::take(rejected), Some(&state::write(st)))
            .map_err(Error::Sink)?;
        counts.add(n, c);
        on_page(counts);
        Ok::<(), Error>(())
    };
    'connect: loop {
        let url = js.connect_url(st.time_us);
        let mut ws = match connect(&url, opts.duration) {
            Ok(ws) => ws,
            Err(e) => {
                reconnects += 1;
                if reconnects > opts.max_reconnects {
                    return Err(Error::Source(format!(
                        "{url}: cannot connect ({e}) after {} tries",
                        reconnects
                    )));
                }
                if !clock.sleep(Duration::from_millis(250) * (1 << reconnects.min(8))) {
                    break 'connect;
                }
                continue;
            }
        };
        loop {
            if clock.stopped()
                || started.elapsed() >= opts.duration
                || opts.max_events.is_some_and(|m| events >= m)
            {
                let _ = ws.close(None);
                break 'connect;
            }
            match ws.read() {
                Ok(tungstenite::Message::Text(t)) => {
                    events += 1;
                    match parse_message(&url, events, t.as_str()) {
                        Message::Doc(us, doc) => {
                            docs.push(*doc);
                            st.time_us = Some(st.time_us.map_or(us, |c| c.max(us)));
                        }
                        Message::Skipped(Some(us)) => {
                            st.time_us = Some(st.time_us.map_or(us, |c| c.max(us)))
                        }
                        Message::Skipped(None) => {}
                        Message::Bad(e) => rejected.push(e),
                    }
                    pending += 1;
                    if pending >= BATCH {
                        commit(&mut docs, &mut rejected, &st, &mut counts)?;
                        pending = 0;
                    }
                }
                Ok(tungstenite::Message::Close(_)) => break,
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    // Quiet stream: go round to check the time.
                }
                Err(_) => break,
            }
        }
        // Cut (mid-message or closed): keep what was read, then reconnect from the cursor.
        if pending > 0 {
            commit(&mut docs, &mut rejected, &st, &mut counts)?;
            pending = 0;
        }
        reconnects += 1;
        if reconnects > opts.max_reconnects {
            break;
        }
        if !clock.sleep(Duration::from_millis(100) * (1 << reconnects.min(8))) {
            break;
        }
    }
    if pending > 0 || counts.pages == 0 {
        commit(&mut docs, &mut rejected, &st, &mut counts)?;
    }
    Ok(counts)
}

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

fn connect(url: &str, read_timeout: Duration) -> Result<Socket, String> {
    let (ws, _) = tungstenite::connect(url).map_err(|e| e.to_string())?;
    let timeout = Some(read_timeout.clamp(Duration::from_millis(50), Duration::from_secs(1)));
    match ws.get_ref() {
        tungstenite::stream::MaybeTlsStream::Plain(s) => {
            s.set_read_timeout(timeout).map_err(|e| e.to_string())?
        }
        tungstenite::stream::MaybeTlsStream::Rustls(s) => {
            s.sock.set_read_timeout(timeout).map_err(|e| e.to_string())?
        }
        _ => {}
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message010_posts_reposts_and_the_rest() {
        let post = r#"{"did":"did:plc:a","time_us":1725911162329308,"kind":"commit","commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.post","rkey":"3l3","record":{"$type":"app.bsky.feed.post","createdAt":"2024-09-09T19:46:02.102Z","langs":["es"],"text":"México y España","reply":{"parent":{"uri":"at://did:plc:b/app.bsky.feed.post/1"},"root":{"uri":"at://did:plc:b/app.bsky.feed.post/1"}}},"cid":"c"}}"#;
        let Message::Doc(us, doc) = parse_message("s", 1, post) else { panic!() };
        assert_eq!(us, 1725911162329308);
        assert_eq!(doc.native_id.as_deref(), Some("at://did:plc:a/app.bsky.feed.post/3l3"));
        assert_eq!(doc.reply_to.as_deref(), Some("at://did:plc:b/app.bsky.feed.post/1"));
        assert_eq!(doc.lang_hint.as_deref(), Some("es"));
        let repost = r#"{"did":"did:plc:c","time_us":5,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.repost","rkey":"9","record":{"subject":{"uri":"at://did:plc:a/app.bsky.feed.post/3l3"},"createdAt":"2024-09-09T19:47:00Z"}}}"#;
        let Message::Doc(_, r) = parse_message("s", 2, repost) else { panic!() };
        assert_eq!(r.reshare_of.as_deref(), Some("at://did:plc:a/app.bsky.feed.post/3l3"));
        assert_eq!(
            parse_message("s", 3, r#"{"did":"d","time_us":7,"kind":"identity","identity":{}}"#),
            Message::Skipped(Some(7))
        );
        assert!(matches!(parse_message("s", 4, r#"{"did":"d","time_us":"#), Message::Bad(_)));
    }

    #[test]
    fn url010_filters_and_cursor() {
        let js = Jetstream {
            url: DEFAULT_URL.into(),
            collections: vec![],
            dids: vec!["did:plc:a".into()],
        };
        assert_eq!(
            js.connect_url(Some(1_725_911_162_329_308)),
            "wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=app.bsky.feed.post&wantedDids=did%3Aplc%3Aa&cursor=1725911161329308"
        );
    }
}

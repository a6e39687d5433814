//! The puller against the loopback replay server: recorded pages in the platforms' shapes,
//! with 429s, 5xx, a stall past the timeout, a body cut short, a malformed body, an empty
//! page, a repeating cursor, a crash between pages, and a Jetstream stream cut mid-message.

use citra_pull::clock::{Clock, SystemClock, TestClock};
use citra_pull::http::{Fetcher, RetryPolicy, UreqTransport, WaitReason};
use citra_pull::replay::{Action, Frame, Replay, Script};
use citra_pull::run::{PageCounts, PollOptions, poll};
use citra_pull::{RawDoc, RecordError, Sink, bluesky, jetstream, mastodon, rss};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

/// A sink in memory: documents by id, states, rejections; it can fail after some commits
/// (a crash between pages: that commit is not applied).
#[derive(Default)]
struct Mem {
    docs: BTreeMap<String, RawDoc>,
    states: HashMap<String, String>,
    rejected: Vec<RecordError>,
    commits: usize,
    crash_after: Option<usize>,
}

impl Sink for Mem {
    fn state(&mut self, source: &str) -> Result<Option<String>, String> {
        Ok(self.states.get(source).cloned())
    }
    fn commit(
        &mut self,
        source: &str,
        docs: Vec<RawDoc>,
        rejected: &[RecordError],
        state: Option<&str>,
    ) -> Result<PageCounts, String> {
        if self.crash_after.is_some_and(|n| self.commits >= n) {
            return Err("crashed".into());
        }
        self.commits += 1;
        let mut c = PageCounts::default();
        for d in docs {
            let id = d.native_id.clone().unwrap_or_else(|| d.url.clone().unwrap_or_default());
            if self.docs.insert(id, d).is_some() {
                c.duplicates += 1;
            } else {
                c.stored += 1;
            }
        }
        c.rejected = rejected.len() as u64;
        self.rejected.extend_from_slice(rejected);
        if let Some(s) = state {
            self.states.insert(source.to_owned(), s.to_owned());
        }
        Ok(c)
    }
    fn contains(&mut self, doc: &RawDoc) -> bool {
        doc.native_id.as_ref().is_some_and(|id| self.docs.contains_key(id))
    }
}

fn post(i: u32) -> String {
    // A postView as app.bsky.feed.defs describes it; newer posts have higher i.
    let t = format!("2024-03-01T{:02}:{:02}:00.000Z", 10 + i / 60, i % 60);
    format!(
        r#"{{"uri":"at://did:plc:kemlu/app.bsky.feed.post/p{i:04}","cid":"c{i}","author":{{"did":"did:plc:kemlu","handle":"kemlu.bsky.social"}},"record":{{"$type":"app.bsky.feed.post","text":"Post {i} tentang Malaysia","createdAt":"{t}","langs":["id"]}},"replyCount":0,"repostCount":{i},"likeCount":1,"quoteCount":0,"indexedAt":"{t}"}}"#
    )
}

/// A getAuthorFeed page of posts `from` down to `to` (newest first).
fn feed_page(from: u32, to: u32, cursor: Option<&str>) -> Vec<u8> {
    let items: Vec<String> =
        (to..=from).rev().map(|i| format!(r#"{{"post":{}}}"#, post(i))).collect();
    let cursor = cursor.map(|c| format!(r#""cursor":"{c}","#)).unwrap_or_default();
    format!(r#"{{{cursor}"feed":[{}]}}"#, items.join(",")).into_bytes()
}

fn ok(body: Vec<u8>) -> Action {
    Action::Respond {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    }
}

fn status(code: u16, headers: &[(&str, &str)]) -> Action {
    Action::Respond {
        status: code,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: b"{\"error\":\"x\"}".to_vec(),
    }
}

fn fetcher(clock: Arc<dyn Clock>) -> Fetcher {
    Fetcher::new(
        Box::new(UreqTransport::new(Duration::from_millis(500))),
        clock,
        RetryPolicy::default(),
        7,
    )
}

const AUTHOR: &str = "/xrpc/app.bsky.feed.getAuthorFeed?actor=kemlu.bsky.social&limit=100";

#[test]
fn replay010_bluesky_pass_survives_every_recorded_error() {
    let script = Script::new()
        .route(
            AUTHOR,
            vec![status(429, &[("retry-after", "3")]), ok(feed_page(30, 21, Some("c1")))],
        )
        .route(
            &format!("{AUTHOR}&cursor=c1"),
            vec![
                status(500, &[]),
                Action::Truncate { status: 200, body: feed_page(20, 11, Some("c2")) },
                ok(feed_page(20, 11, Some("c2"))),
            ],
        )
        .route(
            &format!("{AUTHOR}&cursor=c2"),
            vec![
                Action::Stall(Duration::from_millis(1500)),
                ok(br#"{"cursor":"c3","feed":[{"post":{"uri":"at://did:plc:kemlu/app.bsk"#
                    .to_vec()),
                ok(feed_page(10, 1, Some("c3"))),
            ],
        )
        .route(&format!("{AUTHOR}&cursor=c3"), vec![ok(br#"{"feed":[]}"#.to_vec())]);
    let server = Replay::start(script).unwrap();
    let clock = TestClock::new("2024-03-02T00:00:00Z".parse().unwrap());
    let http = fetcher(Arc::new(clock.clone()));
    let mut feed =
        bluesky::Bluesky::new(&server.url(), bluesky::Target::Author("kemlu.bsky.social".into()));
    let mut sink = Mem::default();
    let counts = poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(sink.docs.len(), 30, "every recorded post, once");
    assert_eq!(counts.stored, 30);
    assert_eq!(sink.rejected.len(), 1, "the malformed body is kept");
    assert!(sink.rejected[0].reason.contains("malformed Bluesky response"));
    // The 429 waited exactly what Retry-After said; the rest backed off within bounds.
    let waits = http.waits();
    assert_eq!(waits[0].reason, WaitReason::RetryAfter);
    assert_eq!(waits[0].duration, Duration::from_secs(3));
    let backoffs: Vec<_> =
        waits.iter().filter(|w| matches!(w.reason, WaitReason::Backoff(_))).collect();
    assert_eq!(backoffs.len(), 3, "500, the cut body, the timeout: {waits:?}");
    assert!(backoffs.iter().all(|w| w.duration <= Duration::from_secs(60)));
    // The pass ended at the empty page; the state holds the newest post covered.
    let st: citra_pull::state::PagedState =
        citra_pull::state::read(sink.states.get(feed_key()).map(String::as_str));
    assert!(st.pass.is_none());
    assert_eq!(st.newest.as_deref(), Some("2024-03-01T10:30:00.000000Z"));
}

fn feed_key() -> &'static str {
    "bluesky:author:kemlu.bsky.social"
}

#[test]
fn replay020_next_pass_stops_at_what_was_covered_and_cursor_loops_end() {
    let script = Script::new()
        .route(AUTHOR, vec![ok(feed_page(5, 1, Some("c1"))), ok(feed_page(8, 4, Some("c9")))])
        .route(&format!("{AUTHOR}&cursor=c1"), vec![ok(br#"{"feed":[]}"#.to_vec())])
        // A server that keeps answering the same cursor: the pass must end, not loop.
        .route(&format!("{AUTHOR}&cursor=c9"), vec![ok(feed_page(3, 1, Some("c9")))]);
    let server = Replay::start(script).unwrap();
    let http = fetcher(Arc::new(TestClock::new("2024-03-02T00:00:00Z".parse().unwrap())));
    let mut feed =
        bluesky::Bluesky::new(&server.url(), bluesky::Target::Author("kemlu.bsky.social".into()));
    let mut sink = Mem::default();
    poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(sink.docs.len(), 5);
    // Second round: posts 6–8 are new; 4 and 5 were covered, so the pass ends on this page.
    let c = poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    assert_eq!((c.pages, c.stored), (1, 3));
    assert_eq!(sink.docs.len(), 8);
    let targets: Vec<String> = server.log().into_iter().map(|l| l.target).collect();
    assert_eq!(targets.len(), 3, "{targets:?}");
}

#[test]
fn replay030_a_crash_between_pages_resumes_at_its_cursor_and_loses_nothing() {
    let pages = |_: ()| {
        Script::new()
            .route(AUTHOR, vec![ok(feed_page(30, 21, Some("c1")))])
            .route(&format!("{AUTHOR}&cursor=c1"), vec![ok(feed_page(20, 11, Some("c2")))])
            .route(&format!("{AUTHOR}&cursor=c2"), vec![ok(feed_page(10, 1, None))])
    };
    let server = Replay::start(pages(())).unwrap();
    let http = fetcher(Arc::new(TestClock::new("2024-03-02T00:00:00Z".parse().unwrap())));
    let mut feed =
        bluesky::Bluesky::new(&server.url(), bluesky::Target::Author("kemlu.bsky.social".into()));
    // The store dies while writing the second page: that page and its cursor are not there.
    let mut sink = Mem { crash_after: Some(1), ..Mem::default() };
    assert!(poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).is_err());
    assert_eq!(sink.docs.len(), 10);
    sink.crash_after = None;
    let c = poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    assert_eq!((sink.docs.len(), c.duplicates), (30, 0), "none lost, none read twice");
    let targets: Vec<String> = server.log().into_iter().map(|l| l.target).collect();
    assert!(targets[2].ends_with("cursor=c1"), "resumed at the committed cursor: {targets:?}");
}

#[test]
fn replay040_mastodon_account_lookup_and_link_paging() {
    let status = |id: u32| {
        format!(
            r#"{{"id":"{id}","created_at":"2024-03-01T10:{:02}:00.000Z","in_reply_to_id":null,"language":"en","spoiler_text":"","content":"<p>Status {id} on Mexico</p>","url":"https://m.example/@un/{id}","replies_count":0,"reblogs_count":1,"favourites_count":2,"account":{{"id":"77","acct":"un","display_name":"UN"}},"reblog":null}}"#,
            id % 60
        )
    };
    let page = |ids: &[u32]| ids.iter().map(|i| status(*i)).collect::<Vec<_>>().join(",");
    let script = Script::new()
        .route("/api/v1/accounts/lookup?acct=un", vec![ok(br#"{"id":"77","username":"un","acct":"un"}"#.to_vec())])
        .route("/api/v1/accounts/77/statuses?limit=40", vec![Action::Respond {
            status: 200,
            headers: vec![
                ("link".into(), "<http://h/api/v1/accounts/77/statuses?max_id=103>; rel=\"next\", <http://h/api/v1/accounts/77/statuses?min_id=105>; rel=\"prev\"".into()),
                ("x-ratelimit-remaining".into(), "299".into()),
            ],
            body: format!("[{}]", page(&[105, 104, 103])).into_bytes(),
        }])
        .route("/api/v1/accounts/77/statuses?limit=40&max_id=103", vec![ok(format!("[{}]", page(&[102, 101])).into_bytes())])
        .route("/api/v1/accounts/77/statuses?limit=40&max_id=101", vec![ok(b"[]".to_vec())]);
    let server = Replay::start(script).unwrap();
    let http = fetcher(Arc::new(TestClock::new("2024-03-02T00:00:00Z".parse().unwrap())));
    let mut feed = mastodon::Mastodon::new(&server.url(), mastodon::Target::Account("un".into()));
    let mut sink = Mem::default();
    poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(sink.docs.len(), 5);
    let st: citra_pull::state::PagedState =
        citra_pull::state::read(sink.states.values().next().map(String::as_str));
    assert_eq!(st.memo.as_deref(), Some("77"), "the account id is resolved once and kept");
}

#[test]
fn replay050_feed_conditional_get() {
    let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Kemlu</title><language>id</language>
      <item><title>Menlu bertemu Menlu Malaysia</title><link>https://kemlu.example/a/1</link><guid>a1</guid><pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><description>Pertemuan bilateral.</description></item>
      <item><title>Indonesia kecam serangan</title><link>https://kemlu.example/a/2</link><guid>a2</guid><pubDate>Fri, 01 Mar 2024 11:00:00 GMT</pubDate><description>Pernyataan.</description></item>
      </channel></rss>"#;
    let script = Script::new().route(
        "/feed.xml",
        vec![
            Action::Respond {
                status: 200,
                headers: vec![
                    ("etag".into(), "\"v1\"".into()),
                    ("last-modified".into(), "Fri, 01 Mar 2024 11:00:00 GMT".into()),
                ],
                body: rss.to_vec(),
            },
            Action::Respond { status: 304, headers: vec![], body: vec![] },
        ],
    );
    let server = Replay::start(script).unwrap();
    let http = fetcher(Arc::new(TestClock::new("2024-03-02T00:00:00Z".parse().unwrap())));
    let url = format!("{}/feed.xml", server.url());
    let mut sink = Mem::default();
    let first = rss::poll(&url, false, &http, &mut sink, &mut |_| {}).unwrap();
    assert_eq!(first.stored, 2);
    let second = rss::poll(&url, false, &http, &mut sink, &mut |_| {}).unwrap();
    assert_eq!((second.read, second.stored), (0, 0));
    let log = server.log();
    assert_eq!(log[1].if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(log[1].if_modified_since.as_deref(), Some("Fri, 01 Mar 2024 11:00:00 GMT"));
}

fn js_event(i: i64) -> String {
    format!(
        r#"{{"did":"did:plc:kemlu","time_us":{},"kind":"commit","commit":{{"rev":"r{i}","operation":"create","collection":"app.bsky.feed.post","rkey":"k{i}","record":{{"$type":"app.bsky.feed.post","createdAt":"2024-09-09T19:46:{:02}.000Z","langs":["en"],"text":"Event {i} on Japan"}},"cid":"c{i}"}}}}"#,
        1_725_911_160_000_000 + i * 2_000_000,
        i % 60
    )
}

#[test]
fn replay060_jetstream_cut_mid_message_resumes_from_time_us() {
    let mut first: Vec<Frame> = (1..=6).map(|i| Frame::Text(js_event(i))).collect();
    first.push(Frame::Text(
        r#"{"did":"did:plc:x","time_us":1725911173000000,"kind":"identity","identity":{}}"#.into(),
    ));
    first.push(Frame::Cut(js_event(7)));
    let all: Vec<Frame> = (1..=10).map(|i| Frame::Text(js_event(i))).collect();
    let script =
        Script::new().route("/subscribe", vec![Action::WebSocket(first), Action::WebSocket(all)]);
    let server = Replay::start(script).unwrap();
    let js = jetstream::Jetstream {
        url: format!("{}/subscribe", server.ws_url()),
        collections: vec![],
        dids: vec!["did:plc:kemlu".into()],
    };
    let clock = SystemClock::default();
    let mut sink = Mem::default();
    let opts = jetstream::StreamOptions {
        duration: Duration::from_secs(10),
        max_events: None,
        max_reconnects: 2,
    };
    jetstream::poll(&js, &clock, &mut sink, &opts, &mut |_| {}).unwrap();
    assert_eq!(sink.docs.len(), 10, "{:?}", sink.docs.keys().collect::<Vec<_>>());
    let log = server.log();
    assert!(
        log[1].target.contains("cursor="),
        "the reconnect resumes from the committed time_us: {log:?}"
    );
    assert!(log[1].target.contains("wantedDids=did%3Aplc%3Akemlu"));
}

/// Reads the peak resident set of this process (Linux), in KiB.
fn peak_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A sink that keeps nothing but counts (the store is on disk; this measures the puller).
#[derive(Default)]
struct Count {
    n: u64,
    state: Option<String>,
}

impl Sink for Count {
    fn state(&mut self, _: &str) -> Result<Option<String>, String> {
        Ok(self.state.clone())
    }
    fn commit(
        &mut self,
        _: &str,
        docs: Vec<RawDoc>,
        _: &[RecordError],
        state: Option<&str>,
    ) -> Result<PageCounts, String> {
        self.n += docs.len() as u64;
        self.state = state.map(str::to_owned);
        Ok(PageCounts { stored: docs.len() as u64, ..PageCounts::default() })
    }
    fn contains(&mut self, _: &RawDoc) -> bool {
        false
    }
}

#[test]
fn memory010_pulling_200000_posts_keeps_a_flat_peak() {
    const PAGES: u32 = 2000;
    // Page k (0 = top) holds posts 200000 - 100k down to 200000 - 100k - 99; cursor "pk+1".
    let handler: citra_pull::replay::Handler = Arc::new(|target: &str| {
        let k: u32 = target.split("cursor=p").nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let top = PAGES * 100 - k * 100;
        let next = (k + 1 < PAGES).then(|| format!("p{}", k + 1));
        (200, vec![], feed_page(top, top - 99, next.as_deref()))
    });
    let server =
        Replay::start(Script::new().route(AUTHOR, vec![Action::Generate(handler)])).unwrap();
    let http = fetcher(Arc::new(TestClock::new("2024-03-02T00:00:00Z".parse().unwrap())));
    let mut feed =
        bluesky::Bluesky::new(&server.url(), bluesky::Target::Author("kemlu.bsky.social".into()));
    let mut sink = Count::default();
    // Warm up on the first 100 pages, then measure the peak over the other 1,900.
    poll(
        &mut feed,
        &http,
        &mut sink,
        &PollOptions { max_pages: Some(100), ..PollOptions::default() },
        &mut |_| {},
    )
    .unwrap();
    let before = peak_kib();
    poll(&mut feed, &http, &mut sink, &PollOptions::default(), &mut |_| {}).unwrap();
    let after = peak_kib();
    assert_eq!(sink.n, 200_000);
    if let (Some(b), Some(a)) = (before, after) {
        assert!(a - b < 16 * 1024, "the peak grew by {} KiB while pulling 190,000 posts", a - b);
    }
}

//! The one way out to the network: polite per host, patient with errors, bounded in size.
//!
//! - **Rate limits.** Each host has a minimum interval between requests (the platform's
//!   published limit: [`BLUESKY_INTERVAL`], [`MASTODON_INTERVAL`], [`FEED_INTERVAL`]; a
//!   source's `min_interval` setting changes it). After each response, `ratelimit-remaining`
//!   with `ratelimit-reset` (Bluesky, the IETF draft: epoch seconds or seconds from now) and
//!   `X-RateLimit-Remaining` with `X-RateLimit-Reset` (Mastodon: an ISO 8601 time) hold the
//!   host's next request until the reset once nothing remains.
//! - **429** waits as `Retry-After` says (seconds or an HTTP date), else until the reset header,
//!   else backs off; **5xx**, timeouts, connection resets and bodies cut short back off
//!   exponentially with full jitter (`random(0, min(cap, base · 2^attempt))`, AWS's
//!   "exponential backoff and jitter"), honouring a 503's `Retry-After`. Other 4xx are not
//!   retried. A wait longer than [`RetryPolicy::max_wait`] gives up instead of hanging.
//! - Bodies over [`MAX_BODY`] are refused.

use crate::clock::Clock;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::ErrorKind;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Bluesky's public AppView allows 3,000 requests per 5 minutes per IP: one per 100 ms.
pub const BLUESKY_INTERVAL: Duration = Duration::from_millis(100);
/// Mastodon's default limit is 300 requests per 5 minutes: one per second.
pub const MASTODON_INTERVAL: Duration = Duration::from_secs(1);
/// Feeds and article pages: one request per second per host, out of politeness.
pub const FEED_INTERVAL: Duration = Duration::from_secs(1);
/// The largest body read (a page of posts is tens of KiB; an article a few MiB).
pub const MAX_BODY: u64 = 16 << 20;
/// The `User-Agent` sent with every request.
pub const USER_AGENT: &str =
    concat!("citra/", env!("CARGO_PKG_VERSION"), " (public diplomacy research)");

/// A response as read: status, headers (names lower-case) and the whole body.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The URL asked for.
    pub url: String,
    /// HTTP status.
    pub status: u16,
    /// Headers, names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (bytes that are not UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How a request failed below HTTP.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer within the timeout.
    #[error("timed out")]
    Timeout,
    /// The connection was reset, refused or closed, or the body ended before its length.
    #[error("connection failed: {0}")]
    Connection(String),
    /// The body is larger than [`MAX_BODY`].
    #[error("the body is larger than {MAX_BODY} bytes")]
    TooLarge,
    /// Anything else (a bad URL, TLS).
    #[error("{0}")]
    Other(String),
}

impl TransportError {
    /// Whether trying again may help.
    pub fn retryable(&self) -> bool {
        matches!(self, TransportError::Timeout | TransportError::Connection(_))
    }
}

/// Sends one GET request.
pub trait Transport: Send + Sync {
    /// The response to `GET url` with these headers, whatever its status.
    fn get(&self, url: &str, headers: &[(String, String)]) -> Result<Response, TransportError>;
}

/// [`Transport`] over ureq (HTTP/1.1, rustls with the Mozilla roots, gzip).
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A transport whose requests each give up after `timeout`.
    pub fn new(timeout: Duration) -> UreqTransport {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build()
            .into();
        UreqTransport { agent }
    }
}

fn transport_error(e: ureq::Error) -> TransportError {
    match e {
        ureq::Error::Timeout(_) => TransportError::Timeout,
        ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge,
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportError::Timeout,
            _ => TransportError::Connection(io.to_string()),
        },
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            TransportError::Connection(e.to_string())
        }
        ureq::Error::Protocol(_) => TransportError::Connection(e.to_string()),
        other => TransportError::Other(other.to_string()),
    }
}

impl Transport for UreqTransport {
    fn get(&self, url: &str, headers: &[(String, String)]) -> Result<Response, TransportError> {
        let mut req = self.agent.get(url);
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let mut resp = req.call().map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body =
            resp.body_mut().with_config().limit(MAX_BODY).read_to_vec().map_err(transport_error)?;
        Ok(Response { url: url.to_owned(), status, headers, body })
    }
}

/// How many times and how long to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The first backoff's upper bound.
    pub base: Duration,
    /// The largest backoff.
    pub cap: Duration,
    /// The longest single wait a header may ask for before the request gives up.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 8,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(60),
            max_wait: Duration::from_secs(15 * 60),
        }
    }
}

/// Why the puller waited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitReason {
    /// The host's minimum interval between requests.
    Interval,
    /// A 429 or 503's `Retry-After`.
    RetryAfter,
    /// A rate-limit reset header (nothing remaining, or a 429 without `Retry-After`).
    RateLimitReset,
    /// Backoff after an error (the status or what failed).
    Backoff(String),
}

/// One wait, for the progress line and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    /// The host waited on.
    pub host: String,
    /// Why.
    pub reason: WaitReason,
    /// How long.
    pub duration: Duration,
}

/// Why a request gave up.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// A status that is not retried (404, 401, 400…), with the start of the body.
    #[error("{url}: HTTP {status}: {body}")]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// The start of the body (the platform's error message).
        body: String,
    },
    /// Every attempt failed; the last failure.
    #[error("{url}: gave up after {attempts} attempts: {last}")]
    GaveUp {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// A header asked for a wait longer than [`RetryPolicy::max_wait`].
    #[error("{url}: the server asked to wait {secs} s, more than the {max} s allowed; try later")]
    WaitTooLong {
        /// The URL.
        url: String,
        /// Seconds asked.
        secs: u64,
        /// Seconds allowed.
        max: u64,
    },
    /// The body is over [`MAX_BODY`] or the transport refused the request.
    #[error("{url}: {reason}")]
    Refused {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// Stopped on request while waiting.
    #[error("stopped")]
    Stopped,
}

struct Host {
    min_interval: Duration,
    next: Option<DateTime<Utc>>,
}

/// Sends requests through a [`Transport`] with rate limits per host and retries.
pub struct Fetcher {
    transport: Box<dyn Transport>,
    clock: Arc<dyn Clock>,
    policy: RetryPolicy,
    hosts: Mutex<HashMap<String, Host>>,
    rng: Mutex<u64>,
    waits: Mutex<Vec<Wait>>,
}

/// The `host[:port]` of a URL.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

impl Fetcher {
    /// A fetcher over `transport` on `clock`; `seed` fixes the jitter (tests) or is taken from
    /// the clock when 0.
    pub fn new(
        transport: Box<dyn Transport>,
        clock: Arc<dyn Clock>,
        policy: RetryPolicy,
        seed: u64,
    ) -> Fetcher {
        let seed = if seed == 0 {
            clock.now().timestamp_nanos_opt().unwrap_or(1) as u64 | 1
        } else {
            seed
        };
        Fetcher {
            transport,
            clock,
            policy,
            hosts: Mutex::new(HashMap::new()),
            rng: Mutex::new(seed),
            waits: Mutex::new(Vec::new()),
        }
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Sets the minimum interval between two requests to `host` (`host[:port]`), unless one
    /// was set already with a longer interval.
    pub fn set_min_interval(&self, host: &str, d: Duration) {
        if let Ok(mut hosts) = self.hosts.lock() {
            hosts
                .entry(host.to_owned())
                .and_modify(|h| h.min_interval = h.min_interval.max(d))
                .or_insert(Host { min_interval: d, next: None });
        }
    }

    /// Sets the interval for `host` to exactly `d` (a source's own `min_interval` setting).
    pub fn force_min_interval(&self, host: &str, d: Duration) {
        if let Ok(mut hosts) = self.hosts.lock() {
            hosts
                .entry(host.to_owned())
                .and_modify(|h| h.min_interval = d)
                .or_insert(Host { min_interval: d, next: None });
        }
    }

    /// Every wait so far, in order.
    pub fn waits(&self) -> Vec<Wait> {
        self.waits.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Takes the waits recorded since the last call.
    pub fn take_waits(&self) -> Vec<Wait> {
        self.waits.lock().map(|mut w| std::mem::take(&mut *w)).unwrap_or_default()
    }

    fn wait(&self, host: &str, reason: WaitReason, d: Duration) -> Result<(), FetchError> {
        if d.is_zero() {
            return Ok(());
        }
        if let Ok(mut w) = self.waits.lock() {
            w.push(Wait { host: host.to_owned(), reason, duration: d });
        }
        if self.clock.sleep(d) { Ok(()) } else { Err(FetchError::Stopped) }
    }

    /// A uniform random duration in `[0, bound]` (xorshift64*).
    fn jitter(&self, bound: Duration) -> Duration {
        let mut g = match self.rng.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let mut x = *g;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *g = x;
        let r = x.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let frac = (r >> 11) as f64 / (1u64 << 53) as f64;
        bound.mul_f64(frac)
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.policy.base.saturating_mul(1u32 << attempt.min(20));
        self.jitter(exp.min(self.policy.cap))
    }

    /// Waits for the host's turn, then marks its next turn.
    fn take_turn(&self, host: &str) -> Result<(), FetchError> {
        let now = self.clock.now();
        let wait = {
            let mut hosts = self.hosts.lock().map_err(|_| FetchError::Stopped)?;
            let h = hosts
                .entry(host.to_owned())
                .or_insert(Host { min_interval: Duration::ZERO, next: None });
            let wait = h.next.map(|n| (n - now).to_std().unwrap_or_default()).unwrap_or_default();
            let start = now + chrono::Duration::from_std(wait).unwrap_or_default();
            h.next = Some(start + chrono::Duration::from_std(h.min_interval).unwrap_or_default());
            wait
        };
        self.wait(host, WaitReason::Interval, wait)
    }

    /// Holds the host until `until` (a reset time).
    fn hold_until(&self, host: &str, until: DateTime<Utc>) {
        if let Ok(mut hosts) = self.hosts.lock() {
            let h = hosts
                .entry(host.to_owned())
                .or_insert(Host { min_interval: Duration::ZERO, next: None });
            h.next = Some(h.next.map_or(until, |n| n.max(until)));
        }
    }

    fn check_wait(&self, url: &str, d: Duration) -> Result<(), FetchError> {
        if d > self.policy.max_wait {
            return Err(FetchError::WaitTooLong {
                url: url.to_owned(),
                secs: d.as_secs(),
                max: self.policy.max_wait.as_secs(),
            });
        }
        Ok(())
    }

    /// `GET url`: a 2xx or 304 response, after waiting and retrying as the module says.
    pub fn get(&self, url: &str, headers: &[(String, String)]) -> Result<Response, FetchError> {
        self.get_tries(url, headers, self.policy.max_attempts)
    }

    /// [`Fetcher::get`] with at most `attempts` attempts (a feed item's page is worth less
    /// patience than a page of posts).
    pub fn get_tries(
        &self,
        url: &str,
        headers: &[(String, String)],
        attempts: u32,
    ) -> Result<Response, FetchError> {
        let attempts = attempts.clamp(1, self.policy.max_attempts.max(1));
        let host = host_of(url).to_owned();
        let mut last = String::new();
        for attempt in 0..attempts {
            if self.clock.stopped() {
                return Err(FetchError::Stopped);
            }
            self.take_turn(&host)?;
            let resp = match self.transport.get(url, headers) {
                Ok(r) => r,
                Err(e) if e.retryable() => {
                    last = e.to_string();
                    self.wait(&host, WaitReason::Backoff(last.clone()), self.backoff(attempt))?;
                    continue;
                }
                Err(e) => {
                    return Err(FetchError::Refused { url: url.to_owned(), reason: e.to_string() });
                }
            };
            let now = self.clock.now();
            let reset = rate_reset(&resp, now);
            match resp.status {
                200..=299 | 304 => {
                    if let Some(until) = reset.filter(|_| remaining(&resp) == Some(0)) {
                        self.hold_until(&host, until);
                    }
                    return Ok(resp);
                }
                429 | 500..=599 => {
                    last = format!("HTTP {}", resp.status);
                    let retry_after =
                        resp.header("retry-after").and_then(|v| parse_retry_after(v, now));
                    let (reason, d) = match (retry_after, reset) {
                        (Some(d), _) => (WaitReason::RetryAfter, d),
                        (None, Some(until)) if resp.status == 429 => {
                            (WaitReason::RateLimitReset, (until - now).to_std().unwrap_or_default())
                        }
                        _ => (WaitReason::Backoff(last.clone()), self.backoff(attempt)),
                    };
                    self.check_wait(url, d)?;
                    if attempt + 1 < attempts {
                        self.wait(&host, reason, d)?;
                    }
                }
                status => {
                    let text = resp.text();
                    return Err(FetchError::Status {
                        url: url.to_owned(),
                        status,
                        body: crate::truncate(text.trim(), 300).to_owned(),
                    });
                }
            }
        }
        Err(FetchError::GaveUp { url: url.to_owned(), attempts, last })
    }
}

/// What the rate-limit headers say remains, if they say.
fn remaining(resp: &Response) -> Option<u64> {
    resp.header("ratelimit-remaining")
        .or_else(|| resp.header("x-ratelimit-remaining"))
        .and_then(|v| v.trim().parse().ok())
}

/// When the rate limit resets, from `ratelimit-reset` (epoch seconds, or seconds from now when
/// small) or `X-RateLimit-Reset` (an ISO 8601 time, or the same numbers).
fn rate_reset(resp: &Response, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let v = resp.header("ratelimit-reset").or_else(|| resp.header("x-ratelimit-reset"))?.trim();
    if let Ok(n) = v.parse::<f64>() {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        // Epoch seconds are above 10^9; a delta is small.
        return if n > 1e9 {
            DateTime::from_timestamp(n as i64, 0)
        } else {
            Some(now + chrono::Duration::milliseconds((n * 1000.0) as i64))
        };
    }
    DateTime::parse_from_rfc3339(v).ok().map(|t| t.with_timezone(&Utc))
}

/// `Retry-After`: seconds, or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(v: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let t = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((t - now).to_std().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use std::collections::VecDeque;

    /// A transport that answers from a script.
    struct Script(Mutex<VecDeque<Result<Response, TransportError>>>);

    impl Transport for Script {
        fn get(&self, url: &str, _: &[(String, String)]) -> Result<Response, TransportError> {
            let mut r = self.0.lock().unwrap().pop_front().expect("script ran out")?;
            r.url = url.to_owned();
            Ok(r)
        }
    }

    fn resp(status: u16, headers: &[(&str, &str)]) -> Result<Response, TransportError> {
        Ok(Response {
            url: String::new(),
            status,
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: b"{}".to_vec(),
        })
    }

    fn start() -> DateTime<Utc> {
        "2024-03-01T12:00:00Z".parse().unwrap()
    }

    fn fetcher(script: Vec<Result<Response, TransportError>>) -> (Fetcher, TestClock) {
        let clock = TestClock::new(start());
        let f = Fetcher::new(
            Box::new(Script(Mutex::new(script.into()))),
            Arc::new(clock.clone()),
            RetryPolicy::default(),
            42,
        );
        (f, clock)
    }

    #[test]
    fn retry010_waits_as_the_headers_say() {
        // (script, the waits the headers ask for, in order)
        type Row = (&'static str, Vec<Result<Response, TransportError>>, Vec<(WaitReason, u64)>);
        let rows: Vec<Row> = vec![
            (
                "429 with Retry-After seconds",
                vec![resp(429, &[("retry-after", "7")]), resp(200, &[])],
                vec![(WaitReason::RetryAfter, 7000)],
            ),
            (
                "429 with Retry-After as an HTTP date",
                vec![
                    resp(429, &[("retry-after", "Fri, 01 Mar 2024 12:00:30 GMT")]),
                    resp(200, &[]),
                ],
                vec![(WaitReason::RetryAfter, 30_000)],
            ),
            (
                "429 with Bluesky's ratelimit-reset (epoch seconds)",
                vec![
                    resp(429, &[("ratelimit-remaining", "0"), ("ratelimit-reset", "1709294412")]),
                    resp(200, &[]),
                ],
                vec![(WaitReason::RateLimitReset, 12_000)],
            ),
            (
                "429 with Mastodon's X-RateLimit-Reset (ISO 8601)",
                vec![
                    resp(
                        429,
                        &[
                            ("x-ratelimit-remaining", "0"),
                            ("x-ratelimit-reset", "2024-03-01T12:05:00.000Z"),
                        ],
                    ),
                    resp(200, &[]),
                ],
                vec![(WaitReason::RateLimitReset, 300_000)],
            ),
            (
                "503 with Retry-After",
                vec![resp(503, &[("retry-after", "2")]), resp(200, &[])],
                vec![(WaitReason::RetryAfter, 2000)],
            ),
        ];
        for (name, script, want) in rows {
            let (f, clock) = fetcher(script);
            let r = f
                .get("https://public.api.bsky.app/xrpc/x", &[])
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.status, 200, "{name}");
            let got: Vec<(WaitReason, u64)> =
                f.waits().into_iter().map(|w| (w.reason, w.duration.as_millis() as u64)).collect();
            assert_eq!(got, want, "{name}");
            let slept: u64 = clock.sleeps().iter().map(|d| d.as_millis() as u64).sum();
            assert_eq!(
                slept,
                want.iter().map(|w| w.1).sum::<u64>(),
                "{name}: the clock slept what was asked"
            );
        }
    }

    #[test]
    fn retry020_backoff_on_5xx_timeouts_and_resets_is_bounded_and_grows() {
        let script = vec![
            resp(500, &[]),
            Err(TransportError::Timeout),
            Err(TransportError::Connection("reset by peer".into())),
            resp(502, &[]),
            resp(200, &[]),
        ];
        let (f, _) = fetcher(script);
        f.get("https://mastodon.social/api/v1/x", &[]).unwrap();
        let waits = f.waits();
        assert_eq!(waits.len(), 4);
        for (i, w) in waits.iter().enumerate() {
            assert!(matches!(w.reason, WaitReason::Backoff(_)), "{w:?}");
            let bound = Duration::from_millis(500) * (1 << i);
            assert!(w.duration <= bound, "attempt {i}: {:?} > {bound:?}", w.duration);
        }
    }

    #[test]
    fn retry030_gives_up_and_refuses_as_it_should() {
        // Always 500: gives up after max_attempts, never hangs.
        let (f, _) = fetcher((0..8).map(|_| resp(500, &[])).collect());
        assert!(matches!(f.get("https://h/x", &[]), Err(FetchError::GaveUp { attempts: 8, .. })));
        // 404 is not retried.
        let (f, _) = fetcher(vec![resp(404, &[])]);
        assert!(matches!(f.get("https://h/x", &[]), Err(FetchError::Status { status: 404, .. })));
        // A Retry-After of a day is refused, not waited.
        let (f, _) = fetcher(vec![resp(429, &[("retry-after", "86400")])]);
        assert!(matches!(
            f.get("https://h/x", &[]),
            Err(FetchError::WaitTooLong { secs: 86400, .. })
        ));
    }

    #[test]
    fn limit010_min_interval_and_remaining_zero_hold_the_host() {
        let script = vec![
            resp(
                200,
                &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "2024-03-01T12:01:00Z")],
            ),
            resp(200, &[]),
            resp(200, &[]),
        ];
        let (f, _) = fetcher(script);
        f.force_min_interval("m.example", MASTODON_INTERVAL);
        for _ in 0..3 {
            f.get("https://m.example/api/v1/timelines/public", &[]).unwrap();
        }
        let waits: Vec<(WaitReason, u64)> =
            f.waits().into_iter().map(|w| (w.reason, w.duration.as_millis() as u64)).collect();
        // The reset a minute away holds the second request; the third waits the interval.
        assert_eq!(waits, vec![(WaitReason::Interval, 60_000), (WaitReason::Interval, 1000)]);
    }

    #[test]
    fn host010_host_of() {
        for (url, host) in [
            (
                "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=a",
                "public.api.bsky.app",
            ),
            ("http://127.0.0.1:8080/feed.xml", "127.0.0.1:8080"),
            ("wss://jetstream2.us-east.bsky.network/subscribe", "jetstream2.us-east.bsky.network"),
            ("https://user@h.example#x", "h.example"),
        ] {
            assert_eq!(host_of(url), host);
        }
    }
}

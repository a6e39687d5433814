//! A loopback server that replays recorded responses, for tests: HTTP/1.1 answers (any status,
//! headers and body), a body cut short of its `Content-Length`, a stall past the client's
//! timeout, a connection reset, generated pages, and WebSocket streams (Jetstream) that can be
//! cut in the middle of a message. It listens on 127.0.0.1 only.
//!
//! Routes match the request target (path and query) by the longest prefix. Each request to a
//! route takes its next action; the last action repeats. Every request is logged with its
//! conditional headers. A script can be read from JSON (see [`Script::from_json`]). A WebSocket
//! route replays its frames from the request's `cursor` (the frames' `time_us`), as Jetstream does.

use serde::Deserialize;
use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A generated answer: from the request target, status, headers and body.
pub type Handler = Arc<dyn Fn(&str) -> (u16, Vec<(String, String)>, Vec<u8>) + Send + Sync>;

/// What the server does with one request.
#[derive(Clone)]
pub enum Action {
    /// Answers with this status, headers and body.
    Respond {
        /// Status.
        status: u16,
        /// Headers besides `Content-Length` and `Connection`.
        headers: Vec<(String, String)>,
        /// Body.
        body: Vec<u8>,
    },
    /// Sends the status, headers and the body, declaring 100 bytes more than it sends, then
    /// closes: a body cut short.
    Truncate {
        /// Status.
        status: u16,
        /// Body sent.
        body: Vec<u8>,
    },
    /// Reads the request and answers nothing for this long (past the client's timeout).
    Stall(Duration),
    /// Closes the connection without answering.
    Reset,
    /// Answers from a function of the request target.
    Generate(Handler),
    /// Accepts a WebSocket and sends these frames, then closes.
    WebSocket(Vec<Frame>),
    /// Waits, then does the action (a slow server).
    Slow(Duration, Box<Action>),
}

/// A WebSocket frame to send.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// A text message.
    Text(String),
    /// A text frame cut in the middle (its header promises more than is sent), then the
    /// connection drops.
    Cut(String),
    /// A pause of this many milliseconds between frames.
    Pause(u64),
}

/// One logged request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The request target.
    pub target: String,
    /// Its `If-None-Match`.
    pub if_none_match: Option<String>,
    /// Its `If-Modified-Since`.
    pub if_modified_since: Option<String>,
}

/// Routes and their actions.
#[derive(Clone, Default)]
pub struct Script {
    routes: Vec<(String, VecDeque<Action>)>,
}

impl Script {
    /// An empty script.
    pub fn new() -> Script {
        Script::default()
    }

    /// Adds a route: requests whose target starts with `prefix` take `actions` in turn.
    pub fn route(mut self, prefix: &str, actions: Vec<Action>) -> Script {
        self.routes.push((prefix.to_owned(), actions.into()));
        self
    }

    /// This script with the routes of `other` added.
    pub fn merge(mut self, other: Script) -> Script {
        self.routes.extend(other.routes);
        self
    }

    /// A script from JSON: `[{"path": "/xrpc/…", "responses": [{"status": 429, "headers":
    /// {"retry-after": "1"}}, {"status": 200, "body_file": "page-1.json"}, {"truncate":
    /// "page-2.json"}, {"stall_ms": 3000}, {"reset": true}, {"websocket": [{"text": "…"},
    /// {"cut": "…"}]}]}]`; `body_file` paths are relative to `dir`, `body` is inline.
    pub fn from_json(json: &str, dir: &Path) -> Result<Script, String> {
        #[derive(Deserialize)]
        struct Route {
            path: String,
            responses: Vec<Resp>,
        }
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Resp {
            status: Option<u16>,
            headers: BTreeMap<String, String>,
            body: Option<String>,
            body_file: Option<String>,
            truncate: Option<String>,
            stall_ms: Option<u64>,
            delay_ms: Option<u64>,
            reset: bool,
            websocket: Option<Vec<Frame>>,
        }
        let routes: Vec<Route> =
            serde_json::from_str(json).map_err(|e| format!("replay script: {e}"))?;
        let read = |f: &str| {
            std::fs::read(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()))
        };
        let mut script = Script::new();
        for r in routes {
            let mut actions = Vec::new();
            for a in r.responses {
                let delay = a.delay_ms;
                let action = if let Some(frames) = a.websocket {
                    Action::WebSocket(frames)
                } else if a.reset {
                    Action::Reset
                } else if let Some(ms) = a.stall_ms {
                    Action::Stall(Duration::from_millis(ms))
                } else if let Some(f) = a.truncate {
                    Action::Truncate { status: a.status.unwrap_or(200), body: read(&f)? }
                } else {
                    let body = match (a.body_file, a.body) {
                        (Some(f), _) => read(&f)?,
                        (None, Some(b)) => b.into_bytes(),
                        (None, None) => Vec::new(),
                    };
                    Action::Respond {
                        status: a.status.unwrap_or(200),
                        headers: a.headers.into_iter().collect(),
                        body,
                    }
                };
                actions.push(match delay {
                    Some(ms) => Action::Slow(Duration::from_millis(ms), Box::new(action)),
                    None => action,
                });
            }
            script = script.route(&r.path, actions);
        }
        Ok(script)
    }
}

/// A running replay server; it stops when dropped.
pub struct Replay {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Logged>>>,
    stop: Arc<AtomicBool>,
}

impl Replay {
    /// Starts serving `script` on 127.0.0.1 on a free port.
    pub fn start(script: Script) -> std::io::Result<Replay> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let routes = Arc::new(Mutex::new(script.routes));
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (routes, log) = (routes.clone(), log2.clone());
                        std::thread::spawn(move || {
                            let _ = serve(stream, &routes, &log);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Ok(Replay { addr, log, stop })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://127.0.0.1:PORT`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The request head (up to the blank line), peeked without consuming it.
fn peek_head(stream: &TcpStream) -> std::io::Result<String> {
    let mut buf = vec![0u8; 16 << 10];
    for _ in 0..400 {
        let n = stream.peek(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if let Some(end) = buf[..n].windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok(String::from_utf8_lossy(&buf[..end + 4]).into_owned());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(std::io::ErrorKind::InvalidData.into())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn serve(
    mut stream: TcpStream,
    routes: &Mutex<Vec<(String, VecDeque<Action>)>>,
    log: &Mutex<Vec<Logged>>,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    let head = peek_head(&stream)?;
    let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    if let Ok(mut l) = log.lock() {
        l.push(Logged {
            target: target.clone(),
            if_none_match: header(&head, "if-none-match").map(str::to_owned),
            if_modified_since: header(&head, "if-modified-since").map(str::to_owned),
        });
    }
    let action = {
        let mut routes = routes.lock().map_err(|_| std::io::Error::other("poisoned"))?;
        let best = routes
            .iter_mut()
            .filter(|(p, _)| target.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len());
        match best {
            Some((_, actions)) if actions.len() > 1 => actions.pop_front(),
            Some((_, actions)) => actions.front().cloned(),
            None => None,
        }
    };
    let mut action = action;
    while let Some(Action::Slow(d, inner)) = action {
        std::thread::sleep(d);
        action = Some(*inner);
    }
    let is_ws = header(&head, "upgrade").is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    if !is_ws {
        // Consume the head (GET requests carry no body).
        let mut sink = vec![0u8; head.len()];
        stream.read_exact(&mut sink)?;
    }
    let write = |stream: &mut TcpStream,
                 status: u16,
                 headers: &[(String, String)],
                 body: &[u8],
                 declared: usize| {
        let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (k, v) in headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {declared}\r\nConnection: close\r\n\r\n"));
        stream.write_all(out.as_bytes())?;
        stream.write_all(body)?;
        stream.flush()
    };
    match action {
        None => write(
            &mut stream,
            404,
            &[],
            format!("no recorded response for {target}").as_bytes(),
            0,
        )?,
        Some(Action::Respond { status, headers, body }) => {
            write(&mut stream, status, &headers, &body, body.len())?
        }
        Some(Action::Truncate { status, body }) => {
            write(&mut stream, status, &[], &body, body.len() + 100)?
        }
        Some(Action::Generate(f)) => {
            let (status, headers, body) = f(&target);
            write(&mut stream, status, &headers, &body, body.len())?
        }
        Some(Action::Stall(d)) => std::thread::sleep(d),
        Some(Action::Reset) | Some(Action::Slow(..)) => {}
        Some(Action::WebSocket(frames)) => {
            let mut ws =
                tungstenite::accept(stream).map_err(|e| std::io::Error::other(e.to_string()))?;
            // Jetstream replays from `cursor` (microseconds): older events are not sent again.
            let cursor: Option<i64> = target
                .split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("cursor="))
                .and_then(|c| c.parse().ok());
            let time_us = |t: &str| {
                serde_json::from_str::<serde_json::Value>(t)
                    .ok()
                    .and_then(|v| v["time_us"].as_i64())
            };
            for f in frames {
                if let (Frame::Text(t), Some(c)) = (&f, cursor)
                    && time_us(t).is_some_and(|us| us < c)
                {
                    continue;
                }
                match f {
                    Frame::Text(t) => ws
                        .send(tungstenite::Message::text(t))
                        .map_err(|e| std::io::Error::other(e.to_string()))?,
                    Frame::Pause(ms) => std::thread::sleep(Duration::from_millis(ms)),
                    Frame::Cut(t) => {
                        // A text frame header promising the whole message, then half of it.
                        let bytes = t.as_bytes();
                        let s = ws.get_mut();
                        let mut frame = vec![0x81u8];
                        if bytes.len() < 126 {
                            frame.push(bytes.len() as u8);
                        } else {
                            frame.push(126);
                            frame.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
                        }
                        frame.extend_from_slice(&bytes[..bytes.len() / 2]);
                        s.write_all(&frame)?;
                        s.flush()?;
                        return Ok(());
                    }
                }
            }
            let _ = ws.close(None);
            let _ = ws.flush();
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

//! Connection limits on a real listener (127.0.0.1, port 0) with raw TCP clients: connections
//! that send nothing, half a request, a body too slowly or too large, or stop reading, are
//! answered or closed within the configured time.

mod common;

use citra_server::{AppState, Limits, serve_with_shutdown};
use common::STORE;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TOKEN: &str = "conn-test-token-0123456789";

/// Short limits, so the tests wait little.
fn short() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(400),
        body_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(600),
        ..Limits::default()
    }
}

/// A server on its own runtime, stopped when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn start(limits: Limits) -> Server {
    let state = AppState::open(&STORE.path, Some(TOKEN.into())).unwrap().with_limits(limits);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            let shutdown = async {
                let _ = stopped.await;
            };
            serve_with_shutdown(listener, state, shutdown).await.unwrap();
        });
    });
    let addr = addr.recv_timeout(Duration::from_secs(30)).unwrap();
    Server { addr, stop: Some(stop), thread: Some(thread) }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads until the server closes the connection: what it sent, and after how long. Panics if
/// it is still open after `within`.
fn until_closed(s: &mut TcpStream, within: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 64 << 10];
    loop {
        let left = within.saturating_sub(started.elapsed()).max(Duration::from_millis(1));
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) => return (got, started.elapsed()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return (got, started.elapsed()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!(
                    "the connection is still open after {:?} ({} bytes received: {:?})",
                    started.elapsed(),
                    got.len(),
                    String::from_utf8_lossy(&got[..got.len().min(200)])
                );
            }
            Err(e) => panic!("reading: {e}"),
        }
    }
}

fn status_of(response: &[u8]) -> u16 {
    let text = String::from_utf8_lossy(response);
    let line = text.lines().next().unwrap_or_default();
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"))
}

/// Closed after about `limit`: not before half of it, not after it plus a margin.
fn assert_closed_near(took: Duration, limit: Duration, what: &str) {
    assert!(took >= limit / 2, "{what}: closed after {took:?}, before the limit {limit:?}");
    assert!(took <= limit + Duration::from_millis(1500), "{what}: closed after {took:?}");
}

#[test]
fn conn010_silent_and_half_sent_connections_closed() {
    let server = start(short());
    let limit = short().header_timeout;
    // A connection that sends nothing.
    let mut silent = TcpStream::connect(server.addr).unwrap();
    let (_, took) = until_closed(&mut silent, limit * 10);
    assert_closed_near(took, limit, "silent");
    // Half a request head: the request line and one header, no blank line.
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.write_all(b"GET /api/v1/countries HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let (_, took) = until_closed(&mut half, limit * 10);
    assert_closed_near(took, limit, "half-sent head");
    // A header trickled a byte at a time still has to be complete within the limit.
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"GET /api/v1/countries HTTP/1.1\r\n").unwrap();
    let started = Instant::now();
    for b in b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
        if slow.write_all(&[*b]).is_err() {
            break; // closed
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (_, _) = until_closed(&mut slow, limit * 10);
    assert!(started.elapsed() <= limit + Duration::from_millis(1500), "{:?}", started.elapsed());
}

#[test]
fn conn020_kept_alive_connection_closed_when_idle() {
    let server = start(short());
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    // The answer comes, then the connection waits for another request: closed after the limit.
    let (got, took) = until_closed(&mut s, Duration::from_secs(10));
    assert_eq!(status_of(&got), 200);
    assert!(got.len() > citra_server::OPENAPI.len(), "the whole answer came first");
    assert!(took <= short().header_timeout + Duration::from_millis(1500), "{took:?}");
}

#[test]
fn conn030_slow_body_gets_408() {
    let server = start(short());
    let mut s = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n{{\"id\":\"x\""
    );
    s.write_all(head.as_bytes()).unwrap();
    let (got, took) = until_closed(&mut s, Duration::from_secs(10));
    assert_eq!(status_of(&got), 408, "{}", String::from_utf8_lossy(&got));
    assert!(String::from_utf8_lossy(&got).contains("body_timeout"));
    assert_closed_near(took, short().body_timeout, "slow body");
}

#[test]
fn conn040_declared_huge_body_gets_413_at_once() {
    // A long body timeout: the 413 must not come from it.
    let server = start(Limits { body_timeout: Duration::from_secs(60), ..short() });
    for auth in [format!("Authorization: Bearer {TOKEN}\r\n"), String::new()] {
        let mut s = TcpStream::connect(server.addr).unwrap();
        let head = format!(
            "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}\
             Content-Length: 1000000000000\r\n\r\n"
        );
        s.write_all(head.as_bytes()).unwrap();
        let started = Instant::now();
        let (got, _) = until_closed(&mut s, Duration::from_secs(10));
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert_eq!(status_of(&got), 413, "{auth}: {}", String::from_utf8_lossy(&got));
        assert!(String::from_utf8_lossy(&got).contains("body_too_large"));
    }
}

#[test]
fn conn050_client_that_stops_reading_is_closed() {
    let server = start(short());
    // A small receive window, so the server's writes block soon.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut s = rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        socket.connect(server.addr).await.unwrap().into_std().unwrap()
    });
    s.set_nonblocking(false).unwrap();
    let requests = 200;
    let one = b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    s.write_all(&one.repeat(requests)).unwrap();
    // Read nothing for longer than the idle limit: the server gives up on the connection.
    std::thread::sleep(short().idle_timeout + Duration::from_millis(800));
    let (got, _) = until_closed(&mut s, Duration::from_secs(10));
    let answers = got.windows(15).filter(|w| w == b"HTTP/1.1 200 OK").count();
    assert!(answers < requests, "the server wrote all {answers} answers: not a stuck reader");
}

#[test]
fn conn060_answers_normally_within_limits() {
    let server = start(short());
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET /api/v1/countries HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let (got, _) = until_closed(&mut s, Duration::from_secs(10));
    assert_eq!(status_of(&got), 200);
    assert!(String::from_utf8_lossy(&got).contains("\"MEX\""));
}

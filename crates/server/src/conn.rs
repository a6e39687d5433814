//! Serving connections: hyper's HTTP/1 on each accepted TCP connection, with the connection
//! limits of [`Limits`], until a shutdown signal.
//!
//! - Header timeout: hyper's header-read timer, which runs whenever the server waits for a
//!   request head (on a new connection, and on a kept-alive one after each answer), closes a
//!   connection that sends nothing or only part of its headers within
//!   [`Limits::header_timeout`].
//! - Idle timeout: each connection's socket is wrapped ([`Watched`]) to note when a byte last
//!   moved either way; a connection with no byte moved for [`Limits::idle_timeout`] while none
//!   of its requests is being answered (a client that stopped reading its answer) is closed.
//! - The body timeout is applied where a body is read (`POST /api/v1/ingest`).
//! - Shutdown: no new connections; connections waiting for a request close, the others finish
//!   the answer in progress.

use crate::{AppState, Error, Limits, app};
use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

/// When a connection last moved a byte, and how many of its requests are being answered.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written.
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity { start: Instant::now(), last_ms: AtomicU64::new(0), busy: AtomicUsize::new(0) }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    /// Resolves once no byte has moved for `limit` while no request is being answered.
    async fn idle_for(&self, limit: Duration) {
        loop {
            let now = Instant::now();
            let next = if self.busy.load(Ordering::Relaxed) > 0 {
                now + limit
            } else {
                let due = self.last() + limit;
                if due <= now {
                    return;
                }
                due
            };
            tokio::time::sleep_until(next.into()).await;
        }
    }
}

/// Counts a request as being answered while it lives.
struct Busy(Arc<Activity>);

impl Busy {
    fn new(activity: Arc<Activity>) -> Busy {
        activity.busy.fetch_add(1, Ordering::Relaxed);
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        // The answer is about to be written: its idle time starts now, not at the request.
        self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A socket that notes in its [`Activity`] each time a byte moves.
struct Watched {
    io: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let out = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.touch();
        }
        out
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let out = Pin::new(&mut this.io).poll_write(cx, buf);
        if matches!(out, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        out
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let out = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        if matches!(out, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.touch();
        }
        out
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// Serves one connection until it ends, times out or the server stops.
async fn connection(
    tcp: TcpStream,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<()>,
    _running: mpsc::Sender<()>,
) {
    let activity = Arc::new(Activity::new());
    activity.touch();
    let io = TokioIo::new(Watched { io: tcp, activity: activity.clone() });
    let service = {
        let activity = activity.clone();
        hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let busy = Busy::new(activity.clone());
            let answer = router.clone().oneshot(req.map(Body::new));
            async move {
                let res = answer.await;
                drop(busy);
                res
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let mut conn = pin!(builder.serve_connection(io, service));
    let mut idle = pin!(activity.idle_for(limits.idle_timeout));
    let mut stopping = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            () = &mut idle => break, // dropping the connection closes it
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Whether an accept error concerns only the connection being accepted.
fn connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serves `app(state)` on `listener` until `shutdown` resolves, with the connection limits of
/// the state's [`Limits`]; then stops accepting, lets the answers in progress finish and
/// returns.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    state: AppState,
    shutdown: F,
) -> Result<(), Error>
where
    F: Future<Output = ()> + Send,
{
    let limits = state.limits().clone();
    let router = app(state);
    let (stop_tx, stop_rx) = watch::channel(());
    let (running_tx, mut running_rx) = mpsc::channel::<()>(1);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(e) if connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors, most likely: wait for connections to close.
                eprintln!("citra serve: accepting a connection: {e}; trying again in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let conn =
            connection(tcp, router.clone(), limits.clone(), stop_rx.clone(), running_tx.clone());
        tokio::spawn(conn);
    }
    drop(listener);
    drop(stop_tx);
    drop(running_tx);
    // Every connection holds a sender: `None` once the last one has closed.
    let _ = running_rx.recv().await;
    Ok(())
}

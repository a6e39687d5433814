//! Time for the puller: the real clock, and a test clock whose sleeps only move its time.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the puller asks of time: the wall clock (rate-limit resets are wall times) and a
/// sleep that a stop request cuts short.
pub trait Clock: Send + Sync {
    /// The time now.
    fn now(&self) -> DateTime<Utc>;
    /// Waits `d`, or less when a stop is requested; returns whether it waited it all.
    fn sleep(&self, d: Duration) -> bool;
    /// Whether a stop was requested (Ctrl-C).
    fn stopped(&self) -> bool;
}

/// The system clock; its sleeps wake every 100 ms to see whether a stop was requested.
#[derive(Debug, Clone, Default)]
pub struct SystemClock {
    stop: Arc<AtomicBool>,
}

impl SystemClock {
    /// A clock whose sleeps end early once `stop` is set.
    pub fn new(stop: Arc<AtomicBool>) -> SystemClock {
        SystemClock { stop }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, d: Duration) -> bool {
        let end = std::time::Instant::now() + d;
        loop {
            if self.stopped() {
                return false;
            }
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// A clock for tests: time starts where it is set and moves only by sleeps, each of which is
/// recorded, so a test can assert how long the puller waited without waiting.
#[derive(Debug, Clone)]
pub struct TestClock {
    inner: Arc<Mutex<(DateTime<Utc>, Vec<Duration>)>>,
}

impl TestClock {
    /// A clock standing at `start`.
    pub fn new(start: DateTime<Utc>) -> TestClock {
        TestClock { inner: Arc::new(Mutex::new((start, Vec::new()))) }
    }

    /// Every sleep asked for so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.inner.lock().map(|g| g.1.clone()).unwrap_or_default()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        self.inner.lock().map(|g| g.0).unwrap_or_default()
    }

    fn sleep(&self, d: Duration) -> bool {
        if let Ok(mut g) = self.inner.lock() {
            g.0 += chrono::Duration::from_std(d).unwrap_or_default();
            g.1.push(d);
        }
        true
    }

    fn stopped(&self) -> bool {
        false
    }
}

//! An ordered parallel map over a stream: the per-document stages on every core while the
//! calling thread reads the input and consumes the results in input order.
//!
//! The input is read on the calling thread in chunks; at most `2 × threads` chunks are in
//! flight, so memory stays bounded whatever the input's size. Results come back in input order,
//! one chunk at a time, to the consumer, which runs on the calling thread too (a store writer
//! stays one writer). With one thread nothing is spawned and the map runs inline.
//!
//! ```
//! let doubled = citra_pipeline::par::map_ordered(1..=10_000u64, 2, 64, |x| x * 2, |out| {
//!     out.collect::<Vec<_>>()
//! });
//! assert_eq!(doubled, (1..=10_000u64).map(|x| x * 2).collect::<Vec<_>>());
//! ```

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

/// Chunk size that keeps workers busy without holding much: 256 posts.
pub const DEFAULT_CHUNK: usize = 256;

/// The number of worker threads to use when the user gives none: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Maps `f` over `input` on `threads` workers and hands the results, in input order, to
/// `consume` as an iterator; returns what `consume` returns.
///
/// `consume` may stop early (drop the iterator): the workers then stop after their current
/// chunk. A panic in `f` is a panic of this call (after the other workers stop).
pub fn map_ordered<T, R, F, C, X>(
    input: impl IntoIterator<Item = T>,
    threads: usize,
    chunk: usize,
    f: F,
    consume: C,
) -> X
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    C: FnOnce(&mut dyn Iterator<Item = R>) -> X,
{
    let chunk = chunk.max(1);
    let input = input.into_iter();
    if threads <= 1 {
        return consume(&mut input.map(f));
    }
    std::thread::scope(|s| {
        let (work_tx, work_rx) = sync_channel::<(u64, Vec<T>)>(threads * 2);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = channel::<(u64, Done<R>)>();
        for _ in 0..threads {
            let rx = Arc::clone(&work_rx);
            let tx: Sender<(u64, Done<R>)> = done_tx.clone();
            let f = &f;
            s.spawn(move || {
                loop {
                    // The lock is held only to take the next chunk.
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, items)) = next else { return };
                    // A panic is sent to the consumer, which re-raises it: the other workers
                    // must not wait for a chunk that will never come.
                    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        items.into_iter().map(f).collect::<Vec<R>>()
                    }));
                    let failed = out.is_err();
                    if tx.send((seq, out)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut ordered = Ordered {
            input,
            chunk,
            max_in_flight: threads * 2,
            work_tx: Some(work_tx),
            done_rx,
            next_send: 0,
            next_take: 0,
            parked: BTreeMap::new(),
            current: Vec::new().into_iter(),
        };
        consume(&mut ordered)
        // Dropping `ordered` closes the work channel: the workers finish and are joined here.
    })
}

/// A worker's answer for one chunk: its results, or the panic it raised.
type Done<R> = std::thread::Result<Vec<R>>;

/// The consumer's side: feeds chunks, reorders results.
struct Ordered<I: Iterator, R> {
    input: I,
    chunk: usize,
    max_in_flight: usize,
    work_tx: Option<SyncSender<(u64, Vec<I::Item>)>>,
    done_rx: Receiver<(u64, Done<R>)>,
    next_send: u64,
    next_take: u64,
    parked: BTreeMap<u64, Vec<R>>,
    current: std::vec::IntoIter<R>,
}

impl<I: Iterator, R> Ordered<I, R> {
    /// Sends chunks until `max_in_flight` are out or the input ends.
    fn feed(&mut self) {
        while self.next_send - self.next_take < self.max_in_flight as u64 {
            let Some(tx) = &self.work_tx else { return };
            let items: Vec<I::Item> = self.input.by_ref().take(self.chunk).collect();
            if items.is_empty() {
                self.work_tx = None;
                return;
            }
            if tx.send((self.next_send, items)).is_err() {
                // Every worker is gone (one panicked): stop feeding; the scope re-raises it.
                self.work_tx = None;
                return;
            }
            self.next_send += 1;
        }
    }
}

impl<I: Iterator, R> Iterator for Ordered<I, R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(r) = self.current.next() {
                return Some(r);
            }
            self.feed();
            if self.next_take == self.next_send {
                return None;
            }
            let chunk = loop {
                if let Some(c) = self.parked.remove(&self.next_take) {
                    break Some(c);
                }
                match self.done_rx.recv() {
                    Ok((seq, Ok(out))) => {
                        self.parked.insert(seq, out);
                    }
                    Ok((_, Err(panic))) => {
                        self.work_tx = None;
                        std::panic::resume_unwind(panic)
                    }
                    // Every worker is gone without an answer for this chunk.
                    Err(_) => break None,
                }
            };
            let chunk = chunk?;
            self.next_take += 1;
            self.current = chunk.into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn par010_order_kept_for_every_thread_and_chunk_count() {
        for (threads, chunk, n) in
            [(1, 1, 0), (1, 7, 100), (2, 1, 1), (2, 3, 100), (4, 256, 10_000), (8, 5, 999)]
        {
            let got = map_ordered(
                0..n,
                threads,
                chunk,
                |x: u32| x.wrapping_mul(3),
                |it| it.collect::<Vec<_>>(),
            );
            let want: Vec<u32> = (0..n).map(|x| x.wrapping_mul(3)).collect();
            assert_eq!(got, want, "threads {threads}, chunk {chunk}, n {n}");
        }
    }

    #[test]
    fn par020_early_stop_reads_a_bounded_amount() {
        let read = AtomicUsize::new(0);
        let input = (0..1_000_000u32).inspect(|_| {
            read.fetch_add(1, Ordering::Relaxed);
        });
        let first: Vec<u32> = map_ordered(input, 2, 10, |x| x, |it| it.take(5).collect());
        assert_eq!(first, vec![0, 1, 2, 3, 4]);
        // At most the chunks in flight (2 × threads) plus the one being taken.
        assert!(read.load(Ordering::Relaxed) <= 10 * 6, "read {}", read.load(Ordering::Relaxed));
    }

    #[test]
    fn par030_work_runs_on_several_threads() {
        let ids = Mutex::new(std::collections::HashSet::new());
        let n = map_ordered(
            0..64u32,
            2,
            1,
            |x| {
                ids.lock().unwrap().insert(std::thread::current().id());
                std::thread::sleep(std::time::Duration::from_millis(2));
                x
            },
            |it| it.count(),
        );
        assert_eq!(n, 64);
        assert!(ids.lock().unwrap().len() >= 2);
    }

    #[test]
    #[should_panic]
    fn par040_a_panic_in_the_map_is_not_swallowed() {
        map_ordered(
            0..100u32,
            2,
            4,
            |x| {
                assert!(x != 50, "boom");
                x
            },
            |it| it.count(),
        );
    }
}

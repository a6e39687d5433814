//! Opening inputs: files or standard input, gzip/zstd by magic bytes, byte counting, decoding
//! to UTF-8 ([`crate::decode`]), and a peek at the first decoded bytes for format detection.
//!
//! A compressed stream that is cut short or damaged keeps what decodes before the damage: the
//! error comes after those bytes, so the records before it are read and the damaged tail is
//! rejected with the reason.

use crate::decode::Decode;
use crate::report::Shared;
use crate::{Error, Result};
use encoding_rs::Encoding;
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many decoded bytes detection may look at.
pub(crate) const HEAD_LEN: usize = 8192;
const BUF_LEN: usize = 64 * 1024;

/// A boxed buffered stream of UTF-8 text.
pub(crate) type Stream = Box<dyn BufRead + Send>;

/// An opened input, not yet read past its first [`HEAD_LEN`] decoded bytes.
pub(crate) struct Input {
    pub(crate) path: String,
    name: String,
    head: Vec<u8>,
    stream: Stream,
    counter: Arc<AtomicU64>,
    total: Option<u64>,
    shared: Shared,
}

impl Input {
    pub(crate) fn open(
        path: &str,
        encoding: Option<&'static Encoding>,
        shared: Shared,
    ) -> Result<Input> {
        let io_err = |source| Error::Io { path: path.to_owned(), source };
        let counter = Arc::new(AtomicU64::new(0));
        let (raw, total): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
            (Box::new(io::stdin()), None)
        } else {
            let file = std::fs::File::open(path).map_err(io_err)?;
            let meta = file.metadata().map_err(io_err)?;
            if meta.is_dir() {
                return Err(io_err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a folder, not a file (give the files in it, e.g. folder/*.jsonl)",
                )));
            }
            (Box::new(file), Some(meta.len()))
        };
        let mut buffered =
            BufReader::with_capacity(BUF_LEN, Counting { inner: raw, counter: counter.clone() });
        let magic = peek(&mut buffered).map_err(io_err)?;
        let decompressed: Box<dyn Read + Send> = if magic.starts_with(&[0x1f, 0x8b]) {
            Box::new(Gzip {
                inner: flate2::bufread::MultiGzDecoder::new(buffered),
                counter: counter.clone(),
            })
        } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            let z = ZstdFrames::new(buffered, counter.clone()).map_err(|e| Error::Compression {
                path: path.to_owned(),
                codec: "zstd",
                reason: e.to_string(),
            })?;
            Box::new(z)
        } else {
            Box::new(buffered)
        };
        let mut decoded = Decode::new(decompressed, encoding, shared.clone());
        let mut head = Vec::with_capacity(HEAD_LEN);
        // Damage within the first bytes: keep them, and the error comes after them.
        let failed = (&mut decoded).take(HEAD_LEN as u64).read_to_end(&mut head).err();
        let rest: Box<dyn Read + Send> = match failed {
            None => Box::new(decoded),
            Some(e) => Box::new(FailWith(e)),
        };
        let stream: Stream =
            Box::new(BufReader::with_capacity(BUF_LEN, Cursor::new(head.clone()).chain(rest)));
        Ok(Input {
            path: path.to_owned(),
            name: detection_name(path),
            head,
            stream,
            counter,
            total,
            shared,
        })
    }

    /// The file name, lower-cased, with `.gz` / `.zst` / `.zstd` removed.
    pub(crate) fn name_for_detection(&self) -> &str {
        &self.name
    }

    /// The first decoded bytes.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    pub(crate) fn counter(&self) -> Arc<AtomicU64> {
        self.counter.clone()
    }

    pub(crate) fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// The report shared with the decoder.
    pub(crate) fn shared(&self) -> Shared {
        self.shared.clone()
    }

    /// The whole decoded stream, from its first byte.
    pub(crate) fn into_stream(self) -> (String, Stream) {
        (self.path, self.stream)
    }
}

/// A reader that fails with an error at every read (a peek at the stream must not swallow
/// it).
struct FailWith(io::Error);

impl Read for FailWith {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(self.0.kind(), self.0.to_string()))
    }
}

/// A gzip stream whose errors say what happened and where.
struct Gzip<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Gzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let at = self.counter.load(Ordering::Relaxed);
            damaged("gzip", at, &e.to_string(), e.kind())
        })
    }
}

/// The error of a compressed stream that is cut short or damaged.
fn damaged(codec: &str, at: u64, what: &str, kind: io::ErrorKind) -> io::Error {
    io::Error::new(
        kind,
        format!(
            "{codec} data cut short or damaged after about {at} compressed bytes ({what}): the \
             records before it are kept; compress the file again or get a complete copy to \
             read the rest"
        ),
    )
}

fn detection_name(path: &str) -> String {
    let mut name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    for ext in [".gz", ".gzip", ".zst", ".zstd"] {
        if let Some(stripped) = name.strip_suffix(ext) {
            name = stripped.to_owned();
            break;
        }
    }
    name
}

/// The first buffered bytes (up to 4), for magic numbers.
fn peek<R: Read>(r: &mut BufReader<R>) -> io::Result<Vec<u8>> {
    // A pipe may deliver fewer bytes in its first read, but never fewer than what was written
    // in one go, and compressors write their 4-byte magic at once.
    let buf = r.fill_buf()?;
    Ok(buf.get(..4).unwrap_or(buf).to_vec())
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The bytes that end a zstd frame early: an empty last raw block (a 3-byte block header:
/// last-block bit set, type raw, size 0), then 4 bytes for a content checksum, when the frame
/// has one (ruzstd reads it without checking it).
const END_OF_FRAME: &[u8] = &[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

/// The compressed source of [`ZstdFrames`]: reads the input, or, once the frame is found
/// broken, the bytes of [`END_OF_FRAME`].
struct ZSource<R> {
    inner: R,
    ending: Option<usize>,
}

impl<R: Read> Read for ZSource<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.ending.as_mut() {
            None => self.inner.read(buf),
            Some(pos) => {
                let rest = END_OF_FRAME.get(*pos..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
                    dst.copy_from_slice(src);
                }
                *pos += n;
                Ok(n)
            }
        }
    }
}

/// A zstd stream of one or more frames. A frame that is cut short or damaged gives every
/// block decoded before the damage (ruzstd keeps a frame's last window of output until the
/// frame ends, so the frame is ended early with [`END_OF_FRAME`] to get it), then the error.
struct ZstdFrames<R: BufRead> {
    source: ZSource<R>,
    decoder: FrameDecoder,
    counter: Arc<AtomicU64>,
    /// The error to return once the bytes decoded before it are read.
    failed: Option<io::Error>,
    done: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(
        source: R,
        counter: Arc<AtomicU64>,
    ) -> std::result::Result<Self, ruzstd::decoding::errors::FrameDecoderError> {
        let mut source = ZSource { inner: source, ending: None };
        let mut decoder = FrameDecoder::new();
        decoder.init(&mut source)?;
        Ok(ZstdFrames { source, decoder, counter, failed: None, done: false })
    }

    fn error(&self, e: &(dyn std::error::Error + 'static)) -> io::Error {
        let at = self.counter.load(Ordering::Relaxed);
        let mut cause = Some(e);
        let mut cut = false;
        while let Some(c) = cause {
            cut |= c
                .downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::UnexpectedEof);
            cause = c.source();
        }
        let what = if cut {
            "the input ends inside a block; the records of that block, up to 128 KiB of text, \
             are lost with it"
                .to_owned()
        } else {
            e.to_string()
        };
        damaged("zstd", at, &what, io::ErrorKind::InvalidData)
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if buf.is_empty() {
                return Ok(0);
            }
            if self.decoder.can_collect() > 0 {
                return self.decoder.read(buf);
            }
            if self.done {
                return Ok(0);
            }
            if self.decoder.is_finished() {
                if let Some(e) = self.failed.take() {
                    self.done = true;
                    return Err(e);
                }
                // This frame is done: start the next one, if any bytes are left.
                if self.source.inner.fill_buf()?.is_empty() {
                    self.done = true;
                    return Ok(0);
                }
                if let Err(e) = self.decoder.reset(&mut self.source) {
                    self.done = true;
                    return Err(self.error(&e));
                }
                continue;
            }
            if let Err(e) =
                self.decoder.decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
            {
                self.failed = Some(self.error(&e));
                // End the frame here, so that what it decoded can be collected.
                self.source.ending = Some(0);
                let ended = self
                    .decoder
                    .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
                    .is_ok();
                if !ended || !self.decoder.is_finished() {
                    self.done = true;
                    return Err(self.failed.take().unwrap_or_else(|| self.error(&e)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name010_strips_compression() {
        let rows = [
            ("data/Tweets.JSONL.gz", "tweets.jsonl"),
            ("a/b/feed.xml.zst", "feed.xml"),
            ("x.csv", "x.csv"),
            ("-", "-"),
            ("C:\\in\\page.html.zstd", "page.html"),
        ];
        for (path, want) in rows {
            assert_eq!(detection_name(path), want, "{path}");
        }
    }
}

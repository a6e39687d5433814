//! Opening inputs: files or standard input, gzip/zstd by magic bytes, byte counting, and a
//! peek at the first bytes for format detection.

use crate::{Error, Result};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many decompressed bytes detection may look at.
pub(crate) const HEAD_LEN: usize = 8192;
const BUF_LEN: usize = 64 * 1024;

/// A boxed buffered byte stream.
pub(crate) type Stream = Box<dyn BufRead + Send>;

/// An opened input, not yet read past its first [`HEAD_LEN`] bytes.
pub(crate) struct Input {
    pub(crate) path: String,
    name: String,
    head: Vec<u8>,
    stream: Stream,
    counter: Arc<AtomicU64>,
    total: Option<u64>,
}

impl Input {
    pub(crate) fn open(path: &str) -> Result<Input> {
        let io_err = |source| Error::Io { path: path.to_owned(), source };
        let counter = Arc::new(AtomicU64::new(0));
        let (raw, total): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
            (Box::new(io::stdin()), None)
        } else {
            let file = std::fs::File::open(path).map_err(io_err)?;
            let len = file.metadata().map_err(io_err)?.len();
            (Box::new(file), Some(len))
        };
        let mut buffered =
            BufReader::with_capacity(BUF_LEN, Counting { inner: raw, counter: counter.clone() });
        let magic = peek(&mut buffered).map_err(io_err)?;
        let decoded: Box<dyn Read + Send> = if magic.starts_with(&[0x1f, 0x8b]) {
            Box::new(flate2::bufread::MultiGzDecoder::new(buffered))
        } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            let z = ZstdFrames::new(buffered).map_err(|e| Error::Compression {
                path: path.to_owned(),
                codec: "zstd",
                reason: e.to_string(),
            })?;
            Box::new(z)
        } else {
            Box::new(buffered)
        };
        let mut decoded = decoded;
        let mut head = Vec::with_capacity(HEAD_LEN);
        (&mut decoded).take(HEAD_LEN as u64).read_to_end(&mut head).map_err(io_err)?;
        let stream: Stream =
            Box::new(BufReader::with_capacity(BUF_LEN, Cursor::new(head.clone()).chain(decoded)));
        Ok(Input {
            path: path.to_owned(),
            name: detection_name(path),
            head,
            stream,
            counter,
            total,
        })
    }

    /// The file name, lower-cased, with `.gz` / `.zst` / `.zstd` removed.
    pub(crate) fn name_for_detection(&self) -> &str {
        &self.name
    }

    /// The first (decompressed) bytes.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    pub(crate) fn counter(&self) -> Arc<AtomicU64> {
        self.counter.clone()
    }

    pub(crate) fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// The whole decompressed stream, from its first byte.
    pub(crate) fn into_stream(self) -> (String, Stream) {
        (self.path, self.stream)
    }
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

type ZDecoder<R> = ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>;

/// A zstd stream of one or more frames.
struct ZstdFrames<R: BufRead> {
    current: Option<ZDecoder<R>>,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> std::result::Result<Self, ruzstd::decoding::errors::FrameDecoderError> {
        Ok(ZstdFrames { current: Some(ZDecoder::new(source)?) })
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(dec) = self.current.as_mut() else { return Ok(0) };
            let n = dec.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This frame is done: start the next one, if any bytes are left.
            let Some(dec) = self.current.take() else { return Ok(0) };
            let mut source = dec.into_inner();
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.current = Some(ZDecoder::new(source).map_err(io::Error::other)?);
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

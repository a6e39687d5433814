//! Decoding an input's bytes to UTF-8 as it streams.
//!
//! The encoding is, in order: the one given ([`IngestOptions::encoding`](crate::IngestOptions)),
//! the one a byte order mark names (UTF-8, UTF-16LE, UTF-16BE), UTF-16 without a mark when every
//! other byte is zero, and else a guess from a window of [`SNIFF_LEN`] bytes: UTF-8 when the
//! window is UTF-8 (or nearly all of its non-ASCII sequences are), otherwise chardetng's guess
//! among the legacy encodings. While the bytes are plain ASCII nothing needs deciding (every
//! encoding detected here reads ASCII alike), so the guess is made at the first non-ASCII
//! byte, from the window that starts there: a file whose first megabyte is ASCII is guessed
//! from its first accented letters, not from its header.
//!
//! Every byte sequence that is not valid in the chosen encoding becomes U+FFFD, and is counted
//! with its line in the [`Shared`] report: a lossy repair is never silent.

use crate::report::{ChosenBy, Shared};
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::io::{self, Read};

/// How many bytes the charset guess looks at.
pub(crate) const SNIFF_LEN: usize = 64 * 1024;
/// Decoded bytes produced per step.
const OUT_LEN: usize = 64 * 1024;
/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

enum State {
    /// Nothing read yet.
    Start,
    /// Only ASCII so far, no encoding chosen.
    Ascii,
    /// Decoding with the chosen encoding.
    Decoding(encoding_rs::Decoder),
    /// All input decoded.
    Done,
}

/// A reader of UTF-8 text over a reader of bytes in some encoding.
pub(crate) struct Decode<R> {
    inner: R,
    given: Option<&'static Encoding>,
    state: State,
    /// Bytes read from `inner`, not yet decoded, from `raw_pos`.
    raw: Vec<u8>,
    raw_pos: usize,
    /// `inner` is exhausted (or failed).
    eof: bool,
    /// `inner`'s error, returned once the bytes before it are decoded.
    error: Option<io::Error>,
    /// Decoded bytes, not yet read, from `out_pos`.
    out: Vec<u8>,
    out_pos: usize,
    /// Line ends written so far.
    newlines: u64,
    shared: Shared,
}

impl<R: Read> Decode<R> {
    pub(crate) fn new(inner: R, given: Option<&'static Encoding>, shared: Shared) -> Decode<R> {
        Decode {
            inner,
            given,
            state: State::Start,
            raw: Vec::with_capacity(SNIFF_LEN),
            raw_pos: 0,
            eof: false,
            error: None,
            out: Vec::with_capacity(OUT_LEN + REPLACEMENT.len()),
            out_pos: 0,
            newlines: 0,
            shared,
        }
    }

    /// Reads from `inner` until at least `want` undecoded bytes are held or the input ends.
    /// An error ends the input: it is kept and returned after the bytes before it.
    fn refill(&mut self, want: usize) {
        if self.raw_pos > 0 {
            self.raw.drain(..self.raw_pos);
            self.raw_pos = 0;
        }
        let mut chunk = [0u8; 8192];
        while !self.eof && self.raw.len() < want {
            match self.inner.read(&mut chunk) {
                Ok(0) => self.eof = true,
                Ok(n) => self.raw.extend_from_slice(chunk.get(..n).unwrap_or_default()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                }
            }
        }
    }

    fn pending(&self) -> &[u8] {
        self.raw.get(self.raw_pos..).unwrap_or_default()
    }

    /// Records the bytes of `out` from `bytes_from` as decoded, with `newlines` line ends.
    fn emitted(&mut self, bytes_from: usize, newlines: u64) {
        let added = self.out.get(bytes_from..).unwrap_or_default();
        self.newlines += newlines;
        if let Some(last) = added.last() {
            self.shared.with(|r| {
                r.decoded_bytes += added.len() as u64;
                r.ends_with_newline = *last == b'\n';
                r.newlines = self.newlines;
            });
        }
    }

    fn choose(&mut self, encoding: &'static Encoding, by: ChosenBy) -> encoding_rs::Decoder {
        self.shared.with(|r| {
            r.encoding = Some(encoding);
            r.chosen_by = by;
        });
        match by {
            ChosenBy::Given | ChosenBy::ByteOrderMark => encoding.new_decoder_with_bom_removal(),
            ChosenBy::Detected | ChosenBy::Ascii => encoding.new_decoder_without_bom_handling(),
        }
    }

    /// Decodes some more input into `out`; false when there is nothing more.
    fn produce(&mut self) -> bool {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => false,
            State::Start => {
                self.refill(SNIFF_LEN);
                let window = self.pending();
                self.state = if let Some(enc) = self.given {
                    State::Decoding(self.choose(enc, ChosenBy::Given))
                } else if let Some((enc, _)) = Encoding::for_bom(window) {
                    State::Decoding(self.choose(enc, ChosenBy::ByteOrderMark))
                } else if let Some(enc) = utf16_by_zeros(window) {
                    State::Decoding(self.choose(enc, ChosenBy::Detected))
                } else if window.is_ascii() {
                    self.shared.with(|r| r.chosen_by = ChosenBy::Ascii);
                    State::Ascii
                } else {
                    let enc = guess(window, self.eof);
                    State::Decoding(self.choose(enc, ChosenBy::Detected))
                };
                true
            }
            State::Ascii => {
                if self.pending().is_empty() {
                    if self.eof {
                        return false;
                    }
                    self.refill(OUT_LEN);
                    self.state = State::Ascii;
                    return true;
                }
                let chunk = self.pending();
                let ascii = chunk.iter().position(|b| !b.is_ascii()).unwrap_or(chunk.len());
                if ascii > 0 {
                    let from = self.out.len();
                    let end = self.raw_pos + ascii;
                    self.out.extend_from_slice(self.raw.get(self.raw_pos..end).unwrap_or_default());
                    self.raw_pos = end;
                    self.emitted(from, count_newlines(self.out.get(from..).unwrap_or_default()));
                    self.state = State::Ascii;
                    return true;
                }
                // The first non-ASCII byte: guess from the window that starts here.
                self.refill(SNIFF_LEN);
                let enc = guess(self.pending(), self.eof);
                self.state = State::Decoding(self.choose(enc, ChosenBy::Detected));
                true
            }
            State::Decoding(mut dec) => {
                if self.pending().is_empty() && !self.eof {
                    self.refill(OUT_LEN);
                }
                let last = self.eof;
                let from = self.out.len();
                let mut len = from;
                self.out.resize(OUT_LEN + REPLACEMENT.len(), 0);
                let mut finished = false;
                // Line ends in the bytes decoded by this step.
                let mut newlines = 0;
                loop {
                    let src = self.raw.get(self.raw_pos..).unwrap_or_default();
                    let Some(dst) = self.out.get_mut(len..OUT_LEN) else { break };
                    let (result, read, written) =
                        dec.decode_to_utf8_without_replacement(src, dst, last);
                    self.raw_pos += read;
                    newlines +=
                        count_newlines(self.out.get(len..len + written).unwrap_or_default());
                    len += written;
                    match result {
                        DecoderResult::InputEmpty => {
                            finished = last;
                            break;
                        }
                        DecoderResult::OutputFull => break,
                        DecoderResult::Malformed(_, _) => {
                            // The line of the bad bytes: line ends before them, plus one.
                            let line = self.newlines + newlines + 1;
                            self.shared.with(|r| r.damaged(line));
                            if let Some(slot) = self.out.get_mut(len..len + REPLACEMENT.len()) {
                                slot.copy_from_slice(REPLACEMENT);
                            }
                            len += REPLACEMENT.len();
                            if len >= OUT_LEN {
                                break;
                            }
                        }
                    }
                }
                self.out.truncate(len);
                self.emitted(from, newlines);
                self.state = if finished { State::Done } else { State::Decoding(dec) };
                true
            }
        }
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let ready = self.out.get(self.out_pos..).unwrap_or_default();
            if !ready.is_empty() {
                let n = ready.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), ready.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.out_pos += n;
                return Ok(n);
            }
            self.out.clear();
            self.out_pos = 0;
            if buf.is_empty() || !self.produce() {
                // The error again at every read: a peek at the stream must not swallow it.
                return match &self.error {
                    Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
                    None => Ok(0),
                };
            }
        }
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// The label's encoding (any WHATWG label: `latin1`, `windows-1252`, `utf-16le`, `sjis`…).
/// The `replacement` encoding (labels such as `iso-2022-kr`) is refused, since it decodes
/// every input to one U+FFFD.
pub(crate) fn for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label.trim().as_bytes())
}

/// UTF-16 without a byte order mark, told by its zero bytes: most ASCII-range characters
/// have one zero byte, on the odd side in little-endian and on the even side in big-endian.
fn utf16_by_zeros(window: &[u8]) -> Option<&'static Encoding> {
    let sample = window.get(..window.len().min(4096) & !1).unwrap_or_default();
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair.first() == Some(&0));
        odd += usize::from(pair.get(1) == Some(&0));
    }
    // At least 40% of the characters in the ASCII range, and the other side nearly never zero.
    if odd * 5 >= pairs * 2 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 5 >= pairs * 2 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding of a window of bytes that holds non-ASCII bytes. `complete` says the window
/// is the whole rest of the input (so a sequence cut at its end is an error, not a cut).
fn guess(window: &[u8], complete: bool) -> &'static Encoding {
    let (valid, invalid) = utf8_sequences(window, complete);
    // UTF-8 with a few damaged sequences is still UTF-8: reading it as a legacy encoding would
    // garble every one of its valid sequences to repair a few.
    if invalid == 0 || valid >= 4 * invalid {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(window, complete);
    detector.guess(None, false)
}

/// Counts the valid multi-byte UTF-8 sequences and the invalid ones in `bytes`.
fn utf8_sequences(bytes: &[u8], complete: bool) -> (usize, usize) {
    let non_ascii = |s: &[u8]| {
        std::str::from_utf8(s).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count())
    };
    let (mut valid, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return (valid + s.chars().filter(|c| !c.is_ascii()).count(), invalid),
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                valid += non_ascii(good);
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = after.get(n..).unwrap_or_default();
                    }
                    None => {
                        // Cut at the end of the window: an error only if the input ends there.
                        invalid += usize::from(complete);
                        return (valid, invalid);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Shared;

    /// Decodes `bytes` (read in pieces of `piece` bytes), returning the text and the report.
    fn decode(bytes: &[u8], given: Option<&str>, piece: usize) -> (String, Shared) {
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                let (head, tail) = self.0.split_at(n);
                buf.get_mut(..n).unwrap_or_default().copy_from_slice(head);
                self.0 = tail;
                Ok(n)
            }
        }
        let shared = Shared::new("t", None);
        let mut out = String::new();
        Decode::new(Pieces(bytes, piece), given.and_then(for_label), shared.clone())
            .read_to_string(&mut out)
            .unwrap();
        (out, shared)
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xff, 0xfe] } else { vec![] };
        v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut v = vec![0xfe, 0xff];
        v.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        v
    }

    #[test]
    fn decode010_encodings_table() {
        let text = "id;text\n1;México no pagará por el muro, señor Präsident\n";
        let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        let mut cp1252 = latin1.clone();
        cp1252.extend(b"2;\x93quoted\x94 \x80 5\n");
        let cp1252_text = format!("{text}2;\u{201c}quoted\u{201d} \u{20ac} 5\n");
        let ascii_then_latin1: Vec<u8> = ["id;text\n".repeat(20_000).as_bytes(), &latin1].concat();
        let ascii_then_text = format!("{}{text}", "id;text\n".repeat(20_000));
        let mut bom8 = b"\xef\xbb\xbf".to_vec();
        bom8.extend(text.as_bytes());
        // What, the bytes, the label given, the text, the encoding and how it was chosen.
        type Row<'a> = (&'a str, &'a [u8], Option<&'a str>, &'a str, &'a str, ChosenBy);
        let rows: &[Row<'_>] = &[
            ("utf-8", text.as_bytes(), None, text, "UTF-8", ChosenBy::Detected),
            ("utf-8 bom", &bom8, None, text, "UTF-8", ChosenBy::ByteOrderMark),
            ("latin-1", &latin1, None, text, "windows-1252", ChosenBy::Detected),
            ("cp1252", &cp1252, None, &cp1252_text, "windows-1252", ChosenBy::Detected),
            ("given", &latin1, Some("latin1"), text, "windows-1252", ChosenBy::Given),
            ("utf-16le bom", &utf16le(text, true), None, text, "UTF-16LE", ChosenBy::ByteOrderMark),
            ("utf-16le", &utf16le(text, false), None, text, "UTF-16LE", ChosenBy::Detected),
            ("utf-16be bom", &utf16be(text), None, text, "UTF-16BE", ChosenBy::ByteOrderMark),
            ("ascii", b"id,text\n1,x\n", None, "id,text\n1,x\n", "UTF-8", ChosenBy::Ascii),
            ("empty", b"", None, "", "UTF-8", ChosenBy::Ascii),
            (
                "latin-1 after 160 KB of ASCII",
                &ascii_then_latin1,
                None,
                &ascii_then_text,
                "windows-1252",
                ChosenBy::Detected,
            ),
        ];
        for (what, bytes, given, want, enc, by) in rows {
            for piece in [1, 7, 100_000] {
                let (got, shared) = decode(bytes, *given, piece);
                assert_eq!(&got, want, "{what} (pieces of {piece})");
                let d = shared.report().decoding();
                assert_eq!((d.encoding, d.chosen_by), (*enc, *by), "{what}");
                assert_eq!(d.replacements, 0, "{what}");
            }
        }
    }

    #[test]
    fn decode020_every_replacement_is_counted_with_its_line() {
        // UTF-8 with two bad bytes (line 2 and line 4): still UTF-8, each bad byte one U+FFFD.
        let bytes = [
            "a\u{e9}\nb".as_bytes(),
            b"\xff",
            "\nc\u{e9}\u{e8}\u{e0}\u{f1}\u{fc}\u{f6}\u{e4}\u{df}\nd".as_bytes(),
            b"\xfe\n",
        ]
        .concat();
        let (got, shared) = decode(&bytes, None, 3);
        assert_eq!(got.matches('\u{fffd}').count(), 2, "{got}");
        assert!(got.starts_with("a\u{e9}\nb\u{fffd}\n"), "{got}");
        let d = shared.report().decoding();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!((d.replacements, d.damaged_lines), (2, 2));
        assert_eq!(d.first_damaged_lines, vec![2, 4]);
        assert_eq!(d.lines, 4);
        // A label that does not fit: Shift_JIS on Latin-1 bytes damages some of them, counted.
        let (_, shared) = decode(b"caf\xe9 \xe9t\xe9\n", Some("shift_jis"), 4);
        assert!(shared.report().decoding().replacements > 0);
    }

    #[test]
    fn decode030_labels() {
        let rows: &[(&str, Option<&str>)] = &[
            ("latin1", Some("windows-1252")),
            (" ISO-8859-1 ", Some("windows-1252")),
            ("cp1252", Some("windows-1252")),
            ("utf-16", Some("UTF-16LE")),
            ("utf-16be", Some("UTF-16BE")),
            ("sjis", Some("Shift_JIS")),
            ("iso-2022-kr", None),
            ("klingon", None),
        ];
        for (label, want) in rows {
            assert_eq!(for_label(label).map(|e| e.name()), *want, "{label}");
        }
    }

    #[test]
    fn decode040_error_after_the_bytes_before_it() {
        struct Failing(Vec<u8>);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
                }
                let n = self.0.len().min(buf.len());
                buf.get_mut(..n).unwrap_or_default().copy_from_slice(&self.0[..n]);
                self.0.drain(..n);
                Ok(n)
            }
        }
        let mut d = Decode::new(Failing(b"x\xe9y\n".to_vec()), None, Shared::new("t", None));
        let mut out = Vec::new();
        let err = d.read_to_end(&mut out).unwrap_err();
        assert_eq!(err.to_string(), "cut");
        assert_eq!(out, "x\u{e9}y\n".as_bytes());
    }
}

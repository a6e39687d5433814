//! One module per source format, and the helpers they share: line and JSON-array splitting,
//! id cleaning, lenient JSON field access.

mod csv;
pub(crate) mod feed;
pub(crate) mod html;
pub(crate) mod jsonl;
mod mapped;
pub(crate) mod telegram;
mod text;
mod trump;
mod tweets_js;
mod twitter;

use crate::input::{Input, Stream};
use crate::{Format, IngestOptions, Record, RecordError};
use serde_json::Value;
use std::io::{BufRead, Read};

/// A boxed record iterator.
pub(crate) type Records = Box<dyn Iterator<Item = Record> + Send>;

/// Builds the record iterator of `format` over `input`.
pub(crate) fn build(format: Format, input: Input, opts: &IngestOptions) -> Records {
    let shared = input.shared();
    let (path, stream) = input.into_stream();
    match format {
        Format::Jsonl => jsonl::read(path, stream, opts.map.clone(), shared),
        Format::Csv => csv::read(path, stream, opts.map.clone(), opts.delimiter, shared),
        Format::TwitterJson => twitter::read(path, stream),
        Format::TweetsJs => tweets_js::read(path, stream),
        Format::TrumpArchive => trump::read(path, stream),
        Format::Feed => feed::read(path, stream),
        Format::Html => html::read(path, stream),
        Format::Text => text::read(path, stream),
        Format::Telegram => telegram::read(path, stream, shared),
    }
}

/// Reads the whole stream as text (already decoded to UTF-8 by [`crate::decode`], which counts
/// every replacement); an I/O error becomes a record error at record 0.
pub(crate) fn read_all(path: &str, mut stream: Stream) -> Result<String, RecordError> {
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| RecordError::new(path, 0, format!("read error: {e}"), ""))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Numbered lines (1-based) of a stream, without their line ends (the stream is decoded UTF-8;
/// a stray invalid byte would become U+FFFD). A read error is yielded once, with the partial
/// line read before it as its raw text, then the iterator ends.
pub(crate) struct Lines {
    path: String,
    stream: Stream,
    line: u64,
    done: bool,
    buf: Vec<u8>,
}

impl Lines {
    pub(crate) fn new(path: String, stream: Stream) -> Lines {
        Lines { path, stream, line: 0, done: false, buf: Vec::new() }
    }
}

impl Iterator for Lines {
    type Item = Result<(u64, String), RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.buf.clear();
        match self.stream.read_until(b'\n', &mut self.buf) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                self.line += 1;
                while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                    self.buf.pop();
                }
                let text = String::from_utf8_lossy(&self.buf).into_owned();
                Some(Ok((self.line, text)))
            }
            Err(e) => {
                self.done = true;
                let partial = String::from_utf8_lossy(&self.buf).into_owned();
                Some(Err(RecordError::new(
                    &self.path,
                    self.line + 1,
                    format!("read error: {e}"),
                    &partial,
                )))
            }
        }
    }
}

/// JSON scanning state: tracks strings and nesting to find top-level `,` and `]`.
#[derive(Default)]
struct Scan {
    depth: i64,
    in_str: bool,
    esc: bool,
}

impl Scan {
    /// Feeds one byte; true when it is a top-level `,` or `]` (the end of an element).
    fn feed(&mut self, b: u8) -> bool {
        if self.in_str {
            if self.esc {
                self.esc = false;
            } else if b == b'\\' {
                self.esc = true;
            } else if b == b'"' {
                self.in_str = false;
            }
            return false;
        }
        match b {
            b'"' => self.in_str = true,
            b'{' | b'[' => self.depth += 1,
            b'}' => self.depth -= 1,
            b']' if self.depth > 0 => self.depth -= 1,
            b']' | b',' if self.depth <= 0 => return true,
            _ => {}
        }
        false
    }
}

/// The elements of a JSON input, as raw text with their 1-based numbers: one object per line
/// when the input starts with `{` (JSON Lines), else the elements of its top-level array
/// (after any `window.YTD... =` prefix). Archive formats come both ways: as the archive wrote
/// them, and converted to one object per line.
pub(crate) fn elements(
    path: String,
    mut stream: Stream,
) -> Box<dyn Iterator<Item = Result<(u64, String), RecordError>> + Send> {
    let first = match stream.fill_buf() {
        Ok(buf) => {
            let buf = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
            buf.iter().find(|b| !b.is_ascii_whitespace()).copied()
        }
        Err(_) => None,
    };
    if first == Some(b'{') {
        Box::new(
            Lines::new(path, stream).filter(|r| !matches!(r, Ok((_, l)) if l.trim().is_empty())),
        )
    } else {
        Box::new(ArrayElements::new(path, stream))
    }
}

/// The text of the first element of a JSON array that starts `text` (after whitespace or a
/// `window.YTD... =` prefix), if the element ends within `text`.
pub(crate) fn first_array_element(text: &str) -> Option<&str> {
    let open = text.find('[')?;
    let rest = text.get(open + 1..)?;
    let mut scan = Scan::default();
    let end = rest.bytes().position(|b| scan.feed(b))?;
    let el = rest.get(..end)?.trim();
    (!el.is_empty()).then_some(el)
}

/// The elements of one top-level JSON array, streamed, each as its raw text with its 1-based
/// number. Bytes before the first `[` (such as `window.YTD.tweets.part0 = `) are skipped. A
/// malformed element is still cut out, so the next element can be read.
pub(crate) struct ArrayElements {
    path: String,
    stream: Stream,
    started: bool,
    done: bool,
    index: u64,
}

impl ArrayElements {
    pub(crate) fn new(path: String, stream: Stream) -> ArrayElements {
        ArrayElements { path, stream, started: false, done: false, index: 0 }
    }

    fn err(&mut self, reason: String) -> Option<Result<(u64, String), RecordError>> {
        self.done = true;
        Some(Err(RecordError::new(&self.path, self.index + 1, reason, "")))
    }
}

impl Iterator for ArrayElements {
    type Item = Result<(u64, String), RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            let mut skipped = Vec::new();
            match self.stream.read_until(b'[', &mut skipped) {
                Ok(_) if skipped.last() == Some(&b'[') => self.started = true,
                Ok(_) => {
                    let shown = String::from_utf8_lossy(&skipped).into_owned();
                    self.done = true;
                    return Some(Err(RecordError::new(
                        &self.path,
                        0,
                        "no JSON array found (expected '[')",
                        &shown,
                    )));
                }
                Err(e) => return self.err(format!("read error: {e}")),
            }
        }
        let mut el = Vec::new();
        let mut scan = Scan::default();
        loop {
            let buf = match self.stream.fill_buf() {
                Ok(b) => b,
                Err(e) => return self.err(format!("read error: {e}")),
            };
            if buf.is_empty() {
                self.done = true;
                let text = String::from_utf8_lossy(&el).trim().to_owned();
                if text.is_empty() {
                    return None;
                }
                self.index += 1;
                return Some(Err(RecordError::new(
                    &self.path,
                    self.index,
                    "unexpected end of input inside the JSON array",
                    &text,
                )));
            }
            match buf.iter().position(|&b| scan.feed(b)) {
                Some(i) => {
                    let end_of_array = buf.get(i) == Some(&b']');
                    el.extend_from_slice(buf.get(..i).unwrap_or_default());
                    self.stream.consume(i + 1);
                    let text = String::from_utf8_lossy(&el).trim().to_owned();
                    if end_of_array {
                        self.done = true;
                    }
                    if text.is_empty() {
                        if self.done {
                            return None;
                        }
                        // An empty slot (`[,` or a trailing comma): not an element.
                        continue;
                    }
                    self.index += 1;
                    return Some(Ok((self.index, text)));
                }
                None => {
                    let n = buf.len();
                    el.extend_from_slice(buf);
                    self.stream.consume(n);
                }
            }
        }
    }
}

/// Cleans a post id: `None` for empty values, spreadsheet errors (`#VALUE!`), and numbers a
/// spreadsheet has mangled (scientific notation such as `9.3863588440808998E+17` or
/// `1.20E+18`, decimals, or long numbers whose trailing digits were zeroed by the loss of
/// precision past 15 significant digits): many rows share such a value, so it is no id.
pub(crate) fn clean_id(s: &str) -> Option<String> {
    let s = s.trim().trim_matches('"').trim();
    if s.is_empty() || s.starts_with('#') || s.eq_ignore_ascii_case("null") {
        return None;
    }
    let numeric =
        s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric && s.bytes().any(|b| b.is_ascii_digit()) {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            // "123.0" is a plain integer a spreadsheet wrote as a decimal.
            return match s.strip_suffix(".0") {
                Some(int) if int.len() <= 15 && int.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(int.to_owned())
                }
                _ => None,
            };
        }
        let significant = s.trim_end_matches('0').len();
        if s.len() >= 16 && significant <= 15 {
            return None;
        }
    }
    Some(s.to_owned())
}

/// A JSON scalar as text: strings as they are, numbers and booleans written out; `None` for
/// null, empty strings, arrays and objects.
pub(crate) fn json_str(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A count from a JSON number or numeric string.
pub(crate) fn json_u64(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        }
        Value::String(s) => parse_count(s),
        _ => None,
    }
}

/// A count written as text: `1234`, `1,234`, `12.0`; `None` for anything else.
pub(crate) fn parse_count(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let no_commas: String = s.chars().filter(|c| *c != ',').collect();
    if let Ok(n) = no_commas.parse::<u64>() {
        return Some(n);
    }
    no_commas.parse::<f64>().ok().filter(|f| f.is_finite() && *f >= 0.0).map(|f| f as u64)
}

/// A JSON id field: strings or numbers, cleaned by [`clean_id`].
pub(crate) fn json_id(v: Option<&Value>) -> Option<String> {
    clean_id(&json_str(v)?)
}

/// Parses a JSON record, or rejects it with serde's message.
pub(crate) fn parse_json(path: &str, line: u64, raw: &str) -> Result<Value, RecordError> {
    serde_json::from_str(raw)
        .map_err(|e| RecordError::new(path, line, format!("invalid JSON: {e}"), raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn stream(s: &str) -> Stream {
        Box::new(Cursor::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn id010_clean() {
        let rows: &[(&str, Option<&str>)] = &[
            ("947824196909961216", Some("947824196909961216")),
            ("  1196530394716905472 ", Some("1196530394716905472")),
            ("9.3863588440808998E+17", None),
            ("1.20E+18", None),
            ("1.0347653771992E+18", None),
            ("938635884408090000", None),
            ("1196530394716900000", None),
            ("1196530394716905000", Some("1196530394716905000")),
            ("20", Some("20")),
            ("20.0", Some("20")),
            ("20.5", None),
            ("#VALUE!", None),
            ("", None),
            ("null", None),
            ("109876543210987654", Some("109876543210987654")),
            (
                "at://did:plc:abc/app.bsky.feed.post/3k",
                Some("at://did:plc:abc/app.bsky.feed.post/3k"),
            ),
            ("E", Some("E")),
        ];
        for (s, want) in rows {
            assert_eq!(clean_id(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn array010_elements() {
        let rows: &[(&str, &[&str])] = &[
            ("[1, 2 ,3]", &["1", "2", "3"]),
            (
                "window.YTD.tweets.part0 = [ {\"a\": [1,2]}, {\"b\": \"],\\\"x\"} ]",
                &["{\"a\": [1,2]}", "{\"b\": \"],\\\"x\"}"],
            ),
            ("[]", &[]),
            ("  [ ]  ", &[]),
            ("[{\"a\":1},]", &["{\"a\":1}"]),
        ];
        for (input, want) in rows {
            let got: Vec<String> =
                ArrayElements::new("t".into(), stream(input)).map(|r| r.unwrap().1).collect();
            assert_eq!(got, *want, "{input}");
        }
    }

    #[test]
    fn array020_errors() {
        let got: Vec<_> = ArrayElements::new("t".into(), stream("{\"a\":1}")).collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().reason.contains("no JSON array"));
        let got: Vec<_> = ArrayElements::new("t".into(), stream("[1, {\"a\": 2")).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap().1, "1");
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.source.line, 2);
        assert!(e.reason.contains("end of input"));
    }

    #[test]
    fn array030_first_element() {
        assert_eq!(first_array_element("[ {\"a\": [1]} , 2]"), Some("{\"a\": [1]}"));
        assert_eq!(first_array_element("[ {\"a\": [1"), None);
        assert_eq!(first_array_element("no"), None);
    }

    #[test]
    fn lines010_numbering() {
        let got: Vec<_> = Lines::new("t".into(), stream("a\r\n\nb")).map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![(1, "a".to_owned()), (2, String::new()), (3, "b".to_owned())]);
    }

    #[test]
    fn count010_parse() {
        let rows: &[(&str, Option<u64>)] = &[
            ("12", Some(12)),
            ("1,234", Some(1234)),
            ("20.0", Some(20)),
            ("-3", None),
            ("x", None),
        ];
        for (s, want) in rows {
            assert_eq!(parse_count(s), *want, "{s}");
        }
    }
}

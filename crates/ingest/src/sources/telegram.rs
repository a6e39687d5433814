//! Telegram Desktop's JSON export (`result.json`): one chat (`{"name", "type", "id",
//! "messages": [...]}`) or a whole account (`{"chats": {"list": [chat, ...]}, "left_chats":
//! {"list": [...]}, ...}`).
//!
//! The file is walked as a stream: only the chat currently read (its name, type and id) and one
//! message are held at a time, so a full-account export of any size reads in bounded memory.
//! Other sections of an account export (contacts, sessions, profile pictures...) are skipped.
//!
//! Each message of `"type": "message"` is one document:
//! - native id `<chat id>/<message id>` (message ids count per chat, so this keeps ids unique
//!   across channels); `reply_to_message_id` becomes `reply_to` in the same scheme (with the
//!   chat of `reply_to_peer_id` when the export gives one);
//! - text: `text` flattened (a string, or an array of strings and entity objects
//!   `{"type": "bold"|"link"|"hashtag"|"mention"|"text_link"|..., "text": ...}`; a `text_link`
//!   keeps its shown text, not its `href`); `text_entities` when `text` is absent;
//! - author: in a channel, the channel (its `username` when the file has one, else
//!   `channel<id>`, the export's own peer id), with its name as the display name; in groups and
//!   personal chats, the sender (`from_id`, `from`);
//! - time: `date_unixtime` (seconds, UTC); files of Telegram Desktop before 3.x have only
//!   `date`, written in the local time of the exporting machine with no offset: it is read as
//!   UTC, and a note says how many messages were dated that way;
//! - `forwarded_from_id` (else the `forwarded_from` name) as `reshare_of`: the export names the
//!   chat a message was forwarded from but not the original message, so the link points at that
//!   chat and cascades count the post as a reshare whose parent is not in the store;
//! - the sum of `reactions[].count` as likes; the export has no view or forward counts;
//! - url `https://t.me/<username>/<id>` when the chat's username is known (Telegram Desktop does
//!   not write it; converters and hand-made files may).
//!
//! Service messages (`"type": "service"`: joins, pins, title changes) and messages without text
//! (a photo or sticker without caption) are not posts: they are counted and named in a note,
//! not stored. An edited message carries its last text; `edited` does not change its date.

use super::{Records, json_str, json_u64};
use crate::input::Stream;
use crate::report::Shared;
use crate::{RawDoc, Record, RecordError, SourceRef};
use chrono::{DateTime, NaiveDateTime, Utc};
use citra_model::Engagement;
use serde_json::Value;
use std::io::BufRead;

pub(crate) fn read(path: String, stream: Stream, shared: Shared) -> Records {
    Box::new(Export {
        path,
        json: Walker { stream, line: 1 },
        stack: Vec::new(),
        chat: Chat::default(),
        started: false,
        done: false,
        shared,
    })
}

/// Where the walk is: the object or array being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// The top-level object: one chat, or an account export.
    Root,
    /// `"chats": {...}` or `"left_chats": {...}` of an account export.
    Chats,
    /// Their `"list": [...]`.
    ChatList,
    /// One chat object of that list.
    Chat,
    /// A chat's `"messages": [...]`.
    Messages,
}

/// The chat whose messages are being read.
#[derive(Debug, Clone, Default)]
struct Chat {
    name: Option<String>,
    kind: Option<String>,
    id: Option<String>,
    username: Option<String>,
}

impl Chat {
    fn is_channel(&self) -> bool {
        matches!(self.kind.as_deref(), Some("public_channel" | "private_channel"))
    }
}

struct Export {
    path: String,
    json: Walker,
    stack: Vec<Ctx>,
    chat: Chat,
    started: bool,
    done: bool,
    shared: Shared,
}

/// What became of one message.
enum Outcome {
    Doc(Box<RawDoc>),
    Skip(&'static str),
}

impl Iterator for Export {
    type Item = Record;
    fn next(&mut self) -> Option<Record> {
        if self.done {
            return None;
        }
        match self.step() {
            Ok(Some(rec)) => Some(rec),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(reason) => {
                self.done = true;
                Some(Err(RecordError::new(&self.path, self.json.line, reason, "")))
            }
        }
    }
}

impl Export {
    /// Walks to the next message and reads it; `Ok(None)` at the end of the export, `Err` with
    /// the reason when the file is not JSON in the export's shape (reading stops there).
    fn step(&mut self) -> Result<Option<Record>, String> {
        loop {
            self.json.skip_ws()?;
            let Some(ctx) = self.stack.last().copied() else {
                if self.started {
                    return Ok(None);
                }
                self.started = true;
                match self.json.peek()? {
                    Some(b'{') => {
                        self.json.bump();
                        self.stack.push(Ctx::Root);
                        continue;
                    }
                    None => return Ok(None),
                    Some(_) => {
                        return Err(
                            "not a Telegram export: expected a JSON object `{\"name\": …, \
                                    \"messages\": […]}` or `{\"chats\": {\"list\": […]}}`"
                                .to_owned(),
                        );
                    }
                }
            };
            let b = self.json.peek()?.ok_or_else(|| {
                "unexpected end of input: the export is cut short (re-export it)".to_owned()
            })?;
            match (ctx, b) {
                (_, b',') => self.json.bump(),
                (Ctx::Root | Ctx::Chats | Ctx::Chat, b'}')
                | (Ctx::ChatList | Ctx::Messages, b']') => {
                    self.json.bump();
                    self.stack.pop();
                }
                (Ctx::Root | Ctx::Chats | Ctx::Chat, b'"') => self.member(ctx)?,
                (Ctx::ChatList, b'{') => {
                    self.json.bump();
                    self.chat = Chat::default();
                    self.stack.push(Ctx::Chat);
                }
                (Ctx::ChatList, _) => {
                    self.json.value()?;
                }
                (Ctx::Messages, _) => {
                    let line = self.json.line;
                    let raw = self.json.value()?;
                    let raw = String::from_utf8_lossy(&raw);
                    match message(&self.path, line, &raw, &self.chat, &self.shared) {
                        Ok(Outcome::Doc(doc)) => return Ok(Some(Ok(*doc))),
                        Ok(Outcome::Skip(kind)) => self.shared.with(|r| r.skipped(kind)),
                        Err(e) => return Ok(Some(Err(e))),
                    }
                }
                (_, other) => {
                    return Err(format!(
                        "not a Telegram export: unexpected '{}' (expected a key or the end of \
                         an object)",
                        char::from(other)
                    ));
                }
            }
        }
    }

    /// Reads one `"key": value` member of an object of context `ctx`.
    fn member(&mut self, ctx: Ctx) -> Result<(), String> {
        let key = self.json.string()?;
        self.json.skip_ws()?;
        if self.json.peek()? != Some(b':') {
            return Err(format!("not a Telegram export: expected ':' after \"{key}\""));
        }
        self.json.bump();
        self.json.skip_ws()?;
        let next = self.json.peek()?;
        match (ctx, key.as_str(), next) {
            (Ctx::Root | Ctx::Chat, "messages", Some(b'[')) => {
                self.json.bump();
                self.stack.push(Ctx::Messages);
            }
            (Ctx::Root, "chats" | "left_chats", Some(b'{')) => {
                self.json.bump();
                self.stack.push(Ctx::Chats);
            }
            (Ctx::Chats, "list", Some(b'[')) => {
                self.json.bump();
                self.stack.push(Ctx::ChatList);
            }
            (Ctx::Root | Ctx::Chat, "name" | "type" | "id" | "username", _) => {
                let raw = self.json.value()?;
                let v: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
                let s = json_str(Some(&v));
                match key.as_str() {
                    "name" => self.chat.name = s,
                    "type" => self.chat.kind = s,
                    "id" => self.chat.id = s,
                    _ => self.chat.username = s.map(|u| u.trim_start_matches('@').to_owned()),
                }
            }
            _ => {
                self.json.value()?;
            }
        }
        Ok(())
    }
}

/// One message of `chat`, as a document, a skip, or a rejection.
fn message(
    path: &str,
    line: u64,
    raw: &str,
    chat: &Chat,
    shared: &Shared,
) -> Result<Outcome, RecordError> {
    let v: Value = serde_json::from_str(raw)
        .map_err(|e| RecordError::new(path, line, format!("invalid JSON: {e}"), raw))?;
    let Some(m) = v.as_object() else {
        return Err(RecordError::new(path, line, "expected a message object", raw));
    };
    match m.get("type").and_then(Value::as_str) {
        Some("message") | None => {}
        Some("service") => return Ok(Outcome::Skip(SERVICE)),
        Some(_) => return Ok(Outcome::Skip(OTHER)),
    }
    let id = json_str(m.get("id")).ok_or_else(|| {
        RecordError::new(path, line, "id: missing (every exported message has one)", raw)
    })?;
    let text = m
        .get("text")
        .map(flatten)
        .filter(|t| !t.trim().is_empty())
        .or_else(|| m.get("text_entities").map(flatten).filter(|t| !t.trim().is_empty()));
    let Some(text) = text else { return Ok(Outcome::Skip(NO_TEXT)) };
    let created_at = match unix_time(m.get("date_unixtime")) {
        Some(t) => t,
        None => {
            let date = json_str(m.get("date")).unwrap_or_default();
            let local =
                NaiveDateTime::parse_from_str(date.trim(), "%Y-%m-%dT%H:%M:%S").map_err(|_| {
                    RecordError::new(
                        path,
                        line,
                        format!(
                            "created_at: neither date_unixtime nor date ('{}') is a time (expected \
                             seconds since 1970, or YYYY-MM-DDTHH:MM:SS)",
                            crate::truncate(&date, 100)
                        ),
                        raw,
                    )
                })?;
            shared.with(|r| r.skipped(LOCAL_DATE));
            local.and_utc()
        }
    };
    let chat_id = chat.id.clone().unwrap_or_else(|| "0".to_owned());
    let (author, author_name) = if chat.is_channel() {
        (
            chat.username.clone().or_else(|| Some(format!("channel{chat_id}"))),
            chat.name.clone().or_else(|| json_str(m.get("from"))),
        )
    } else {
        (
            json_str(m.get("from_id")).or_else(|| chat.id.as_ref().map(|i| format!("chat{i}"))),
            json_str(m.get("from")),
        )
    };
    let reply_to = json_str(m.get("reply_to_message_id")).map(|r| {
        let peer = json_str(m.get("reply_to_peer_id")).map(|p| bare_peer(&p).to_owned());
        format!("{}/{r}", peer.unwrap_or_else(|| chat_id.clone()))
    });
    let reshare_of =
        json_str(m.get("forwarded_from_id")).or_else(|| json_str(m.get("forwarded_from")));
    let reactions: Option<u64> = m.get("reactions").and_then(Value::as_array).map(|list| {
        list.iter().filter_map(|r| json_u64(r.get("count"))).fold(0u64, u64::saturating_add)
    });
    Ok(Outcome::Doc(Box::new(RawDoc {
        platform: "telegram".to_owned(),
        native_id: Some(format!("{chat_id}/{id}")),
        url: chat.username.as_ref().map(|u| format!("https://t.me/{u}/{id}")),
        author,
        author_name,
        author_followers: None,
        created_at: Some(created_at),
        title: None,
        text,
        lang_hint: None,
        engagement: Engagement { reshares: None, likes: reactions, replies: None, quotes: None },
        reply_to,
        reshare_of,
        quote_of: None,
        source: SourceRef { path: path.to_owned(), line },
    })))
}

/// What a note names: service messages.
pub(crate) const SERVICE: &str = "telegram-service";
/// Messages without text.
pub(crate) const NO_TEXT: &str = "telegram-no-text";
/// Records of other types (`unsupported`).
pub(crate) const OTHER: &str = "telegram-other";
/// Messages dated from `date` (local time) for want of `date_unixtime`.
pub(crate) const LOCAL_DATE: &str = "telegram-local-date";

/// The numeric id of a peer id (`channel1006503122` → `1006503122`).
fn bare_peer(p: &str) -> &str {
    ["channel", "chat", "user"].iter().find_map(|pre| p.strip_prefix(pre)).unwrap_or(p)
}

/// `date_unixtime`: seconds since 1970 as a string (or a number).
fn unix_time(v: Option<&Value>) -> Option<DateTime<Utc>> {
    let s = json_str(v)?;
    DateTime::from_timestamp(s.trim().parse::<i64>().ok()?, 0)
}

/// The text of a `text` or `text_entities` value: a string as it is; an array's strings and
/// its entities' `text`, in order.
fn flatten(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(parts) => {
            let mut out = String::new();
            for p in parts {
                match p {
                    Value::String(s) => out.push_str(s),
                    Value::Object(o) => {
                        if let Some(t) = o.get("text").and_then(Value::as_str) {
                            out.push_str(t);
                        }
                    }
                    _ => {}
                }
            }
            out
        }
        _ => String::new(),
    }
}

/// A byte-level walk over a JSON stream that cuts out whole values without parsing them, and
/// counts lines (for the record numbers of messages).
struct Walker {
    stream: Stream,
    /// The 1-based line of the next byte.
    line: u64,
}

impl Walker {
    fn peek(&mut self) -> Result<Option<u8>, String> {
        let buf = self.stream.fill_buf().map_err(|e| format!("read error: {e}"))?;
        Ok(buf.first().copied())
    }

    fn bump(&mut self) {
        if let Ok(buf) = self.stream.fill_buf() {
            if buf.first() == Some(&b'\n') {
                self.line += 1;
            }
            if !buf.is_empty() {
                self.stream.consume(1);
            }
        }
    }

    fn skip_ws(&mut self) -> Result<(), String> {
        loop {
            let buf = self.stream.fill_buf().map_err(|e| format!("read error: {e}"))?;
            if buf.is_empty() {
                return Ok(());
            }
            // A byte order mark at the start reads as whitespace.
            let n = buf
                .iter()
                .position(|b| !(b.is_ascii_whitespace() || matches!(b, 0xef | 0xbb | 0xbf)))
                .unwrap_or(buf.len());
            self.line += buf.iter().take(n).filter(|b| **b == b'\n').count() as u64;
            self.stream.consume(n);
            if n == 0 {
                return Ok(());
            }
        }
    }

    /// A string token (the next byte is `"`), decoded.
    fn string(&mut self) -> Result<String, String> {
        let raw = self.value()?;
        serde_json::from_slice(&raw).map_err(|e| format!("not a Telegram export: bad key: {e}"))
    }

    /// The raw bytes of the next whole value (object, array, string or scalar).
    fn value(&mut self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut depth = 0i64;
        let mut in_str = false;
        let mut esc = false;
        let mut started = false;
        loop {
            let buf = self.stream.fill_buf().map_err(|e| format!("read error: {e}"))?;
            if buf.is_empty() {
                if started && depth == 0 && !in_str {
                    return Ok(out);
                }
                return Err("unexpected end of input inside a value: the export is cut short \
                            (re-export it)"
                    .to_owned());
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_str {
                    if esc {
                        esc = false;
                    } else if b == b'\\' {
                        esc = true;
                    } else if b == b'"' {
                        in_str = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    continue;
                }
                match b {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b'}' | b']' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    b if depth == 0 && b.is_ascii_whitespace() && started => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
                started = true;
            }
            let n = end.unwrap_or(buf.len());
            let taken = buf.get(..n).unwrap_or_default();
            self.line += taken.iter().filter(|b| **b == b'\n').count() as u64;
            out.extend_from_slice(taken);
            self.stream.consume(n);
            if end.is_some() {
                if out.is_empty() {
                    return Err("not a Telegram export: a value is missing".to_owned());
                }
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn read_str(s: &str) -> (Vec<Record>, Shared) {
        let shared = Shared::new("t.json", None);
        let stream: Stream = Box::new(Cursor::new(s.as_bytes().to_vec()));
        (read("t.json".into(), stream, shared.clone()).collect(), shared)
    }

    #[test]
    fn telegram010_flatten_text() {
        let rows: &[(&str, &str)] = &[
            (r#""plain""#, "plain"),
            (
                r##"["Kunjungan ", {"type": "bold", "text": "Menlu RI"}, " ke ", {"type": "hashtag", "text": "#Meksiko"}]"##,
                "Kunjungan Menlu RI ke #Meksiko",
            ),
            (
                r#"[{"type": "text_link", "text": "siaran pers", "href": "https://kemlu.go.id/x"}, "."]"#,
                "siaran pers.",
            ),
            (r#"[{"type": "link", "text": "https://t.me/x"}, 3]"#, "https://t.me/x"),
            ("null", ""),
        ];
        for (json, want) in rows {
            let v: Value = serde_json::from_str(json).unwrap();
            assert_eq!(flatten(&v), *want, "{json}");
        }
    }

    #[test]
    fn telegram020_single_chat_and_account_exports() {
        let msg = |id: u32| {
            format!(
                r#"{{"id": {id}, "type": "message", "date": "2019-06-07T10:00:00", "date_unixtime": "1559901600", "text": "m{id}"}}"#
            )
        };
        let single = format!(
            "{{\n \"name\": \"Kemlu RI\",\n \"type\": \"public_channel\",\n \"id\": 1001,\n \
             \"messages\": [\n  {},\n  {}\n ]\n}}\n",
            msg(1),
            msg(2)
        );
        let account = format!(
            r#"{{"about": "x", "personal_information": {{"user_id": 5}}, "contacts": {{"list": [{{"first_name": "a"}}]}},
 "chats": {{"about": "y", "list": [
   {{"name": "A", "type": "public_channel", "id": 7, "messages": [{}]}},
   {{"name": "B", "type": "private_group", "id": 8, "messages": [{}, {}]}}
 ]}},
 "left_chats": {{"about": "z", "list": [{{"name": "C", "type": "private_channel", "id": 9, "messages": [{}]}}]}}
}}"#,
            msg(1),
            msg(1),
            msg(2),
            msg(3)
        );
        let rows: &[(&str, &[(&str, u64)])] = &[
            (&single, &[("1001/1", 6), ("1001/2", 7)]),
            (&account, &[("7/1", 3), ("8/1", 4), ("8/2", 4), ("9/3", 6)]),
        ];
        for (input, want) in rows {
            let (recs, _) = read_str(input);
            let got: Vec<(String, u64)> = recs
                .iter()
                .map(|r| {
                    let d = r.as_ref().unwrap();
                    (d.native_id.clone().unwrap(), d.source.line)
                })
                .collect();
            let want: Vec<(String, u64)> =
                want.iter().map(|(i, l)| ((*i).to_owned(), *l)).collect();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn telegram030_cut_short_and_broken() {
        let rows: &[(&str, usize, &str)] = &[
            // Two messages, then the file ends inside the third.
            (
                r#"{"name": "A", "type": "public_channel", "id": 7, "messages": [{"id": 1, "type": "message", "date_unixtime": "1", "text": "a"}, {"id": 2, "type": "message", "date_unixtime": "1", "text": "b"}, {"id": 3, "te"#,
                3,
                "cut short",
            ),
            ("[1, 2]", 1, "not a Telegram export"),
            (
                r#"{"id": 7, "messages": [{"id": 1, "type": "message", "text": "no date"}]}"#,
                1,
                "created_at: neither date_unixtime nor date",
            ),
        ];
        for (input, n, reason) in rows {
            let (recs, _) = read_str(input);
            assert_eq!(recs.len(), *n, "{input}");
            let last = recs.last().unwrap().as_ref().unwrap_err();
            assert!(last.reason.contains(reason), "{input}: {last}");
        }
    }
}

//! RSS 2.0 (and 1.0) items and Atom entries.
//!
//! Each item becomes a `rss` document: `url` = link, `native_id` = guid / id, `title`,
//! `text` = title, a blank line, and the content (or description / summary) reduced to plain
//! text, `created_at` = pubDate / published / dc:date / updated, `author` = author /
//! dc:creator / Atom author name, `lang_hint` = the channel's language.

use super::html::html_to_text;
use super::{Records, read_all};
use crate::date::{DATE_FORMATS_HELP, parse_date};
use crate::{RawDoc, Record, RecordError, SourceRef};
use quick_xml::events::{BytesStart, Event};

pub(crate) fn read(path: String, stream: crate::input::Stream) -> Records {
    let text = match read_all(&path, stream) {
        Ok(t) => t,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    Box::new(parse(&path, &text).into_iter())
}

/// One item's fields as read.
#[derive(Default)]
struct Item {
    start: usize,
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    description: Option<String>,
    content: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
}

/// Item children whose text is kept; everything else is skipped.
fn field_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "title" => "title",
        "link" => "link",
        "guid" | "id" => "id",
        "description" | "summary" => "description",
        "content:encoded" | "content" => "content",
        "pubdate" | "published" | "dc:date" | "issued" => "date",
        "updated" | "modified" => "updated",
        "author" | "dc:creator" | "creator" => "author",
        _ => return None,
    })
}

fn lower_name(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_ascii_lowercase()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref().eq_ignore_ascii_case(key)).and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    })
}

/// Whether an Atom `<link>` points at the item itself (no rel, or rel="alternate").
fn is_alternate(e: &BytesStart<'_>) -> bool {
    attr(e, "rel").is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
}

pub(crate) fn parse(path: &str, text: &str) -> Vec<Record> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    let mut item: Option<Item> = None;
    // The item child being read, and nested element depth inside it.
    let mut field: Option<&'static str> = None;
    let mut nested: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut channel_lang: Option<String> = None;
    let mut in_lang = false;
    let mut n = 0u64;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = reader.error_position() as usize;
                let raw = item.as_ref().and_then(|i| text.get(i.start..)).unwrap_or("");
                out.push(Err(RecordError::new(
                    path,
                    n + 1,
                    format!("invalid XML at byte {at}: {e}"),
                    raw,
                )));
                break;
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = lower_name(&e);
                let local = name.rsplit(':').next().unwrap_or(&name).to_owned();
                match (&mut item, field) {
                    (None, _) if local == "item" || local == "entry" => {
                        item = Some(Item { start: pos, ..Item::default() });
                    }
                    (None, _) => {
                        in_lang = local == "language";
                        if channel_lang.is_none() {
                            channel_lang = attr(&e, "xml:lang");
                        }
                    }
                    (Some(it), None) => {
                        field = field_of(&name).or_else(|| field_of(&local));
                        nested.clear();
                        buf.clear();
                        if field == Some("link") && it.link.is_none() && is_alternate(&e) {
                            it.link = attr(&e, "href");
                        }
                    }
                    (Some(_), Some(f)) => {
                        nested.push(local.clone());
                        // Markup inside Atom xhtml content: keep the tags for the HTML reducer.
                        if matches!(f, "content" | "description") {
                            buf.push('<');
                            buf.push_str(&local);
                            buf.push('>');
                        }
                    }
                }
            }
            Event::Empty(e) => {
                let name = lower_name(&e);
                let local = name.rsplit(':').next().unwrap_or(&name).to_owned();
                if let (Some(it), None) = (&mut item, field) {
                    if local == "link" && it.link.is_none() && is_alternate(&e) {
                        it.link = attr(&e, "href");
                    }
                } else if let (Some(_), Some("content" | "description")) = (&item, field) {
                    buf.push('<');
                    buf.push_str(&local);
                    buf.push_str("/>");
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                let local = name.rsplit(':').next().unwrap_or(&name).to_owned();
                in_lang = false;
                if let Some(f) = field {
                    if let Some(top) = nested.pop() {
                        if matches!(f, "content" | "description") {
                            buf.push_str("</");
                            buf.push_str(&top);
                            buf.push('>');
                        }
                        continue;
                    }
                    if let Some(it) = item.as_mut() {
                        store(it, f, std::mem::take(&mut buf));
                    }
                    field = None;
                } else if (local == "item" || local == "entry")
                    && let Some(it) = item.take()
                {
                    n += 1;
                    let end = reader.buffer_position() as usize;
                    let raw = text.get(it.start..end).unwrap_or("");
                    out.push(record(path, n, raw, it, channel_lang.as_deref()));
                }
            }
            Event::Text(t) => {
                if field.is_some() && !skip_nested(&nested) {
                    buf.push_str(&t.html_content());
                } else if in_lang && item.is_none() {
                    channel_lang = Some(t.html_content().trim().to_owned());
                }
            }
            Event::CData(t) if field.is_some() && !skip_nested(&nested) => buf.push_str(&t),
            Event::GeneralRef(r) if field.is_some() && !skip_nested(&nested) => {
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buf.push(c),
                    _ => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => buf.push_str(s),
                        // An HTML entity in a feed (&nbsp;): the HTML reducer decodes it.
                        None => {
                            buf.push('&');
                            buf.push_str(&r);
                            buf.push(';');
                        }
                    },
                }
            }
            _ => {}
        }
    }
    if out.is_empty() && !text.contains("<item") && !text.contains("<entry") {
        let lower = crate::truncate(text, 2048).to_ascii_lowercase();
        if !(lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf")) {
            out.push(Err(RecordError::new(path, 0, "not an RSS or Atom feed", text)));
        }
    }
    out
}

/// Atom author `<email>` and `<uri>` are not names.
fn skip_nested(nested: &[String]) -> bool {
    nested.iter().any(|n| n == "email" || n == "uri")
}

fn store(it: &mut Item, field: &str, value: String) {
    let slot = match field {
        "title" => &mut it.title,
        "link" => &mut it.link,
        "id" => &mut it.id,
        "description" => &mut it.description,
        "content" => &mut it.content,
        "date" => &mut it.date,
        "updated" => &mut it.updated,
        "author" => &mut it.author,
        _ => return,
    };
    if slot.is_none() && !value.trim().is_empty() {
        *slot = Some(value);
    }
}

fn record(path: &str, n: u64, raw: &str, it: Item, lang: Option<&str>) -> Record {
    let reject = |reason: String| Err(RecordError::new(path, n, reason, raw));
    let title = it.title.as_deref().map(plain).filter(|t| !t.is_empty());
    let body = it
        .content
        .as_deref()
        .map(html_to_text)
        .filter(|t| !t.trim().is_empty())
        .or_else(|| it.description.as_deref().map(html_to_text))
        .filter(|t| !t.trim().is_empty());
    let text = match (&title, body) {
        (Some(t), Some(b)) if b.starts_with(t.as_str()) => b,
        (Some(t), Some(b)) => format!("{t}\n\n{b}"),
        (Some(t), None) => t.clone(),
        (None, Some(b)) => b,
        (None, None) => return reject("text: item has no title, description or content".into()),
    };
    let created_at = match it.date.or(it.updated) {
        Some(d) => match parse_date(&d) {
            Some(t) => Some(t),
            None => {
                return reject(format!(
                    "created_at: cannot parse '{}' (expected {DATE_FORMATS_HELP})",
                    crate::truncate(d.trim(), 100)
                ));
            }
        },
        None => None,
    };
    Ok(RawDoc {
        platform: "rss".to_owned(),
        native_id: it.id.map(|s| s.trim().to_owned()),
        url: it.link.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
        author: it.author.map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")),
        created_at,
        title,
        text,
        lang_hint: lang.map(str::to_owned).filter(|l| !l.is_empty()),
        source: SourceRef { path: path.to_owned(), line: n },
        ..RawDoc::default()
    })
}

/// A title: plain text, with any markup or entities reduced.
fn plain(s: &str) -> String {
    if s.contains(['<', '&']) {
        html_to_text(s)
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

//! RSS and Atom feeds, polled with conditional GET (`If-None-Match` with the last `ETag`,
//! `If-Modified-Since` with the last `Last-Modified`): a `304 Not Modified` costs nothing.
//! Items are read by the same reader as feed files (`citra_ingest::parse_feed`); with
//! `articles`, each new item's linked page is fetched once and read by the HTML extractor
//! (`citra_ingest::parse_article`), its main text replacing the item's summary.
//!
//! A feed list is a text file with one URL a line (`#` starts a comment) or an OPML file
//! (every `outline` with an `xmlUrl`).

use crate::http::Fetcher;
use crate::run::{PollCounts, Sink};
use crate::state::{self, FeedState};
use crate::{Error, RawDoc, RecordError};
use quick_xml::events::Event;

/// The source key of a feed.
pub fn key(url: &str) -> String {
    format!("rss:{url}")
}

/// One poll of one feed. `on_page` sees the counts once the response is committed.
pub fn poll(
    url: &str,
    articles: bool,
    http: &Fetcher,
    sink: &mut dyn Sink,
    on_page: &mut dyn FnMut(&PollCounts),
) -> Result<PollCounts, Error> {
    let key = key(url);
    let mut st: FeedState = state::read(sink.state(&key).map_err(Error::Sink)?.as_deref());
    let mut headers = Vec::new();
    if let Some(e) = &st.etag {
        headers.push(("If-None-Match".to_owned(), e.clone()));
    }
    if let Some(m) = &st.last_modified {
        headers.push(("If-Modified-Since".to_owned(), m.clone()));
    }
    let resp = http.get(url, &headers)?;
    let mut counts = PollCounts::default();
    if resp.status == 304 {
        counts.pages = 1;
        on_page(&counts);
        return Ok(counts);
    }
    let text = resp.text();
    let mut docs = Vec::new();
    let mut rejected = Vec::new();
    let records = citra_ingest::parse_feed(url, &text);
    let readable = records.iter().any(Result::is_ok) || looks_like_feed(&text);
    for r in records {
        match r {
            Ok(doc) => docs.push(doc),
            Err(e) => rejected.push(e),
        }
    }
    if !readable {
        // Not a feed at all (an error page, a body cut short): kept, and the validators are
        // not moved, so the next poll reads it again.
        if rejected.is_empty() {
            rejected.push(RecordError::new(
                url,
                0,
                "the response is not an RSS or Atom feed",
                &text,
            ));
        }
        let c = sink.commit(&key, Vec::new(), &rejected, None).map_err(Error::Sink)?;
        counts.add(0, c);
        on_page(&counts);
        return Ok(counts);
    }
    if articles {
        for doc in docs.iter_mut() {
            if !sink.contains(doc) {
                with_article(http, doc);
            }
        }
    }
    st.etag = resp.header("etag").map(str::to_owned);
    st.last_modified = resp.header("last-modified").map(str::to_owned);
    let n = docs.len();
    let c = sink.commit(&key, docs, &rejected, Some(&state::write(&st))).map_err(Error::Sink)?;
    counts.add(n, c);
    on_page(&counts);
    Ok(counts)
}

fn looks_like_feed(text: &str) -> bool {
    let head = crate::truncate(text.trim_start(), 2048).to_ascii_lowercase();
    head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf")
}

/// Replaces an item's summary by its linked article's main text, when the page can be read
/// (two tries) and has more text than the item; the item is kept as it is otherwise.
fn with_article(http: &Fetcher, doc: &mut RawDoc) {
    let Some(link) =
        doc.url.clone().filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    else {
        return;
    };
    let Ok(resp) = http.get_tries(&link, &[], 2) else { return };
    let Ok(article) = citra_ingest::parse_article(&link, &resp.text()) else { return };
    let body = article.text.trim();
    if body.len() > doc.text.len() {
        doc.text = match doc.title.as_deref() {
            Some(t) if !body.starts_with(t) => format!("{t}\n\n{body}"),
            _ => body.to_owned(),
        };
        if doc.lang_hint.is_none() {
            doc.lang_hint = article.lang_hint;
        }
        if doc.created_at.is_none() {
            doc.created_at = article.created_at;
        }
    }
}

/// The feed URLs of a feed list: OPML (`outline` `xmlUrl`s) or one URL a line.
pub fn read_feed_list(text: &str) -> Vec<String> {
    if text.trim_start().starts_with('<') && text.to_ascii_lowercase().contains("<opml") {
        let mut out = Vec::new();
        let mut reader = quick_xml::Reader::from_str(text);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref().eq_ignore_ascii_case("outline") =>
                {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref().eq_ignore_ascii_case("xmlurl")
                            && let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        {
                            out.push(v.trim().to_owned());
                        }
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        return out;
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list010_text_and_opml() {
        let text = "# diplomacy feeds\nhttps://a.example/rss.xml\n\n  https://b.example/atom  \n";
        assert_eq!(
            read_feed_list(text),
            vec!["https://a.example/rss.xml", "https://b.example/atom"]
        );
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
          <outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example/rss.xml"/>
          <outline type="rss" text="B" xmlUrl="https://b.example/feed?x=1&amp;y=2"/></outline></body></opml>"#;
        assert_eq!(
            read_feed_list(opml),
            vec!["https://a.example/rss.xml", "https://b.example/feed?x=1&y=2"]
        );
    }
}

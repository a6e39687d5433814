//! Bluesky through the public AppView (no login for public data): an account's posts and
//! reposts (`app.bsky.feed.getAuthorFeed`) and search (`app.bsky.feed.searchPosts`, newest
//! first, with `since`/`until`/`lang`), paged by `cursor`.
//!
//! Shapes from the AT Protocol lexicons `app.bsky.feed.defs` (`feedViewPost`, `postView`,
//! `reasonRepost`), `app.bsky.feed.post` (`text`, `createdAt`, `langs`, `reply.parent`,
//! `embed`) and `app.bsky.embed.record` / `recordWithMedia`.
//!
//! Each post is a `bluesky` document whose id is its `at://` URI; a reply's `reply_to` is
//! its parent's URI, a quote's `quote_of` the quoted post's URI; a repost is a document of its
//! own by the reposter (id: the repost record's URI, else the post's URI and the reposter's
//! DID), with `reshare_of` the post's URI and the post's text, and the post itself is kept too.
//! Like, repost, reply and quote counts are engagement; the record's first `langs` tag is the
//! language hint.

use crate::http::Fetcher;
use crate::run::{Feed, Item, Page};
use crate::{Error, RecordError};
use chrono::{DateTime, Utc};
use citra_model::{Engagement, RawDoc, SourceRef};
use serde_json::Value;

/// The public AppView.
pub const DEFAULT_APPVIEW: &str = "https://public.api.bsky.app";
/// Posts per page (the lexicons' maximum).
pub const PAGE_LIMIT: u32 = 100;

/// What to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An account's feed: a handle (`nasa.bsky.social`) or a DID.
    Author(String),
    /// A search.
    Search {
        /// The query (Lucene-like syntax as the AppView takes it).
        q: String,
        /// Only posts in this language.
        lang: Option<String>,
        /// Only posts at or after (RFC 3339 or a date).
        since: Option<String>,
        /// Only posts before.
        until: Option<String>,
    },
}

/// A Bluesky source.
#[derive(Debug, Clone)]
pub struct Bluesky {
    appview: String,
    target: Target,
    key: String,
}

impl Bluesky {
    /// A source on `appview` (e.g. [`DEFAULT_APPVIEW`]).
    pub fn new(appview: &str, target: Target) -> Bluesky {
        let key = match &target {
            Target::Author(a) => format!("bluesky:author:{}", a.trim_start_matches('@')),
            Target::Search { q, lang, since, until } => {
                let mut k = format!("bluesky:search:{q}");
                for (name, v) in [("lang", lang), ("since", since), ("until", until)] {
                    if let Some(v) = v {
                        k.push_str(&format!(" {name}={v}"));
                    }
                }
                k
            }
        };
        Bluesky { appview: appview.trim_end_matches('/').to_owned(), target, key }
    }

    /// The URL of the page at `cursor`.
    pub fn url(&self, cursor: Option<&str>) -> String {
        let mut url = match &self.target {
            Target::Author(a) => format!(
                "{}/xrpc/app.bsky.feed.getAuthorFeed?actor={}&limit={PAGE_LIMIT}",
                self.appview,
                encode(a.trim_start_matches('@'))
            ),
            Target::Search { q, lang, since, until } => {
                let mut u = format!(
                    "{}/xrpc/app.bsky.feed.searchPosts?q={}&sort=latest&limit={PAGE_LIMIT}",
                    self.appview,
                    encode(q)
                );
                for (name, v) in [("lang", lang), ("since", since), ("until", until)] {
                    if let Some(v) = v {
                        u.push_str(&format!("&{name}={}", encode(v)));
                    }
                }
                u
            }
        };
        if let Some(c) = cursor {
            url.push_str("&cursor=");
            url.push_str(&encode(c));
        }
        url
    }
}

impl Feed for Bluesky {
    fn key(&self) -> &str {
        &self.key
    }

    fn fetch(
        &mut self,
        http: &Fetcher,
        cursor: Option<&str>,
        _memo: &mut Option<String>,
    ) -> Result<Page, Error> {
        let url = self.url(cursor);
        let resp = http.get(&url, &[])?;
        Ok(parse_page(&url, &resp.text()))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A time as a sort key (RFC 3339 UTC with microseconds, so text order is time order).
pub fn time_key(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn time(v: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v.as_str()?).ok().map(|t| t.with_timezone(&Utc))
}

fn count(v: &Value) -> Option<u64> {
    v.as_u64()
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A getAuthorFeed (`feed`) or searchPosts (`posts`) body as a page; a body that is not such
/// JSON is a malformed page.
pub fn parse_page(url: &str, body: &str) -> Page {
    let v: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return Page::malformed(url, format!("malformed Bluesky response: {e}"), body),
    };
    let next = v["cursor"].as_str().filter(|c| !c.is_empty()).map(str::to_owned);
    let mut page = Page { next, ..Page::default() };
    let (entries, is_feed) = match (v["feed"].as_array(), v["posts"].as_array()) {
        (Some(f), _) => (f, true),
        (None, Some(p)) => (p, false),
        (None, None) => {
            return Page::malformed(
                url,
                "a Bluesky response with neither `feed` nor `posts`",
                body,
            );
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let line = i as u64 + 1;
        let post = if is_feed { &entry["post"] } else { entry };
        let Some(doc) = post_doc(post, url, line) else {
            page.rejected.push(RecordError::new(
                url,
                line,
                "a Bluesky post without `uri`, `author.handle` or `record`",
                &entry.to_string(),
            ));
            continue;
        };
        let reason = &entry["reason"];
        let is_repost = reason["$type"].as_str().is_some_and(|t| t.ends_with("#reasonRepost"));
        let post_time = doc.created_at;
        let indexed = time(&post["indexedAt"]);
        let sort = match (post_time, indexed) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or_default(),
        };
        if is_repost {
            let by = &reason["by"];
            let Some(handle) = str_of(&by["handle"]).or_else(|| str_of(&by["did"])) else {
                page.rejected.push(RecordError::new(
                    url,
                    line,
                    "a Bluesky repost without `reason.by`",
                    &entry.to_string(),
                ));
                continue;
            };
            let at = time(&reason["indexedAt"]).unwrap_or(sort);
            let id = str_of(&reason["uri"]).unwrap_or_else(|| {
                format!(
                    "{}#repost-by-{}",
                    doc.native_id.as_deref().unwrap_or(""),
                    str_of(&by["did"]).unwrap_or_else(|| handle.clone())
                )
            });
            let repost = RawDoc {
                platform: "bluesky".into(),
                native_id: Some(id),
                author: Some(handle),
                author_name: str_of(&by["displayName"]),
                created_at: Some(at),
                text: doc.text.clone(),
                lang_hint: doc.lang_hint.clone(),
                reshare_of: doc.native_id.clone(),
                source: SourceRef { path: url.to_owned(), line },
                ..RawDoc::default()
            };
            page.items.push(Item { sort_key: time_key(at), docs: vec![repost, doc] });
        } else {
            page.items.push(Item { sort_key: time_key(sort), docs: vec![doc] });
        }
    }
    page
}

/// A `postView` as a document.
fn post_doc(post: &Value, url: &str, line: u64) -> Option<RawDoc> {
    let uri = str_of(&post["uri"])?;
    let author = &post["author"];
    let handle = str_of(&author["handle"]).or_else(|| str_of(&author["did"]))?;
    let record = post["record"].as_object()?;
    let text = record.get("text").and_then(Value::as_str).unwrap_or("").to_owned();
    let created_at = record.get("createdAt").and_then(time).or_else(|| time(&post["indexedAt"]));
    let lang_hint = record.get("langs").and_then(|l| l.get(0)).and_then(str_of);
    let reply_to = record.get("reply").and_then(|r| str_of(&r["parent"]["uri"]));
    let quote_of = record.get("embed").and_then(quoted_uri);
    let rkey = uri.rsplit('/').next().unwrap_or("");
    Some(RawDoc {
        platform: "bluesky".into(),
        url: Some(format!("https://bsky.app/profile/{handle}/post/{rkey}")),
        native_id: Some(uri),
        author: Some(handle),
        author_name: str_of(&author["displayName"]),
        author_followers: count(&author["followersCount"]),
        created_at,
        text,
        lang_hint,
        engagement: Engagement {
            reshares: count(&post["repostCount"]),
            likes: count(&post["likeCount"]),
            replies: count(&post["replyCount"]),
            quotes: count(&post["quoteCount"]),
        },
        reply_to,
        quote_of,
        source: SourceRef { path: url.to_owned(), line },
        ..RawDoc::default()
    })
}

/// The URI of the post a record's `embed` quotes (`app.bsky.embed.record`, or the `record` of
/// `app.bsky.embed.recordWithMedia`), when it is a post.
pub fn quoted_uri(embed: &Value) -> Option<String> {
    let kind = embed["$type"].as_str()?;
    let uri = if kind.starts_with("app.bsky.embed.recordWithMedia") {
        str_of(&embed["record"]["record"]["uri"])
    } else if kind.starts_with("app.bsky.embed.record") {
        str_of(&embed["record"]["uri"])
    } else {
        None
    }?;
    uri.contains("/app.bsky.feed.post/").then_some(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"{"cursor":"2024-03-01T10:00:00.000Z","feed":[
      {"post":{"uri":"at://did:plc:aaa/app.bsky.feed.post/3k1","cid":"c1",
        "author":{"did":"did:plc:aaa","handle":"kemlu.bsky.social","displayName":"Kemlu RI"},
        "record":{"$type":"app.bsky.feed.post","text":"Indonesia mengecam serangan di Gaza.","createdAt":"2024-03-01T11:00:00.000Z","langs":["id"],
          "reply":{"root":{"uri":"at://did:plc:bbb/app.bsky.feed.post/3j0","cid":"c0"},"parent":{"uri":"at://did:plc:bbb/app.bsky.feed.post/3j9","cid":"c9"}}},
        "replyCount":2,"repostCount":5,"likeCount":20,"quoteCount":1,"indexedAt":"2024-03-01T11:00:01.000Z"}},
      {"post":{"uri":"at://did:plc:ccc/app.bsky.feed.post/3k0","cid":"c2",
        "author":{"did":"did:plc:ccc","handle":"un.org"},
        "record":{"$type":"app.bsky.feed.post","text":"See this","createdAt":"2024-03-01T10:30:00.000Z",
          "embed":{"$type":"app.bsky.embed.recordWithMedia","record":{"$type":"app.bsky.embed.record","record":{"uri":"at://did:plc:ddd/app.bsky.feed.post/3h1","cid":"c3"}},"media":{"$type":"app.bsky.embed.images","images":[]}}},
        "indexedAt":"2024-03-01T10:30:00.500Z"},
       "reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{"did":"did:plc:aaa","handle":"kemlu.bsky.social"},"indexedAt":"2024-03-01T10:45:00.000Z"}},
      {"post":{"cid":"broken"}}
    ]}"#;

    #[test]
    fn page010_posts_reposts_quotes_replies() {
        let page = parse_page("http://x/feed", FEED);
        assert!(!page.malformed);
        assert_eq!(page.next.as_deref(), Some("2024-03-01T10:00:00.000Z"));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.rejected.len(), 1, "the post without a uri is rejected, with its line");
        assert_eq!(page.rejected[0].source.line, 3);
        let reply = &page.items[0].docs[0];
        assert_eq!(reply.native_id.as_deref(), Some("at://did:plc:aaa/app.bsky.feed.post/3k1"));
        assert_eq!(reply.reply_to.as_deref(), Some("at://did:plc:bbb/app.bsky.feed.post/3j9"));
        assert_eq!(reply.lang_hint.as_deref(), Some("id"));
        assert_eq!(reply.engagement.likes, Some(20));
        assert_eq!(reply.engagement.quotes, Some(1));
        assert_eq!(
            reply.url.as_deref(),
            Some("https://bsky.app/profile/kemlu.bsky.social/post/3k1")
        );
        assert_eq!(page.items[0].sort_key, "2024-03-01T11:00:00.000000Z");
        // The repost: by the reposter, at the repost's time, resharing the post; the post kept.
        let item = &page.items[1];
        assert_eq!(item.sort_key, "2024-03-01T10:45:00.000000Z");
        let (repost, orig) = (&item.docs[0], &item.docs[1]);
        assert_eq!(repost.author.as_deref(), Some("kemlu.bsky.social"));
        assert_eq!(repost.reshare_of, orig.native_id);
        assert_eq!(repost.text, "See this");
        assert_eq!(orig.quote_of.as_deref(), Some("at://did:plc:ddd/app.bsky.feed.post/3h1"));
        assert_eq!(orig.author.as_deref(), Some("un.org"));
    }

    #[test]
    fn page020_search_empty_and_malformed() {
        let s = r#"{"hitsTotal":1,"posts":[{"uri":"at://did:plc:e/app.bsky.feed.post/1","author":{"did":"did:plc:e","handle":"e.bsky.social"},"record":{"text":"México","createdAt":"2024-01-01T00:00:00Z"},"indexedAt":"2024-01-01T00:00:01Z"}]}"#;
        let page = parse_page("u", s);
        assert_eq!((page.items.len(), page.next.as_deref()), (1, None));
        let empty = parse_page("u", r#"{"feed":[]}"#);
        assert!(empty.items.is_empty() && !empty.malformed);
        let cut = parse_page("u", r#"{"cursor":"x","feed":[{"post":{"uri":"at:"#);
        assert!(cut.malformed);
        assert!(
            cut.rejected[0].reason.contains("malformed Bluesky response"),
            "{}",
            cut.rejected[0].reason
        );
    }

    #[test]
    fn url010_encodes_and_pages() {
        let b = Bluesky::new(
            "https://public.api.bsky.app/",
            Target::Author("@kemlu.bsky.social".into()),
        );
        assert_eq!(b.key(), "bluesky:author:kemlu.bsky.social");
        assert_eq!(
            b.url(Some("2024-03-01T10:00:00.000Z")),
            "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=kemlu.bsky.social&limit=100&cursor=2024-03-01T10%3A00%3A00.000Z"
        );
        let s = Bluesky::new(
            DEFAULT_APPVIEW,
            Target::Search {
                q: "Indonesia #diplomasi".into(),
                lang: Some("id".into()),
                since: Some("2024-01-01T00:00:00Z".into()),
                until: None,
            },
        );
        assert_eq!(
            s.url(None),
            "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=Indonesia%20%23diplomasi&sort=latest&limit=100&lang=id&since=2024-01-01T00%3A00%3A00Z"
        );
    }
}

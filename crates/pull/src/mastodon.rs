//! Mastodon (REST, any instance, public data without a token): an account's statuses
//! (`/api/v1/accounts/:id/statuses`, the handle resolved once by `/api/v1/accounts/lookup`),
//! a hashtag's timeline (`/api/v1/timelines/tag/:hashtag`) and the public timeline
//! (`/api/v1/timelines/public`, `local` optional), newest first, paged by the `max_id` of the
//! `Link` header's `rel="next"` (else the page's oldest id).
//!
//! Shapes from the Mastodon API documentation's `Status` and `Account` entities. Each status is
//! a `mastodon` document whose id is `<instance host>/<status id>` (ids are the instance's
//! own); `in_reply_to_id` is its `reply_to`, a boost (`reblog`) is a reshare of the boosted
//! status (kept too), a quote (`quote.quoted_status`, Mastodon 4.4+) its `quote_of`. The HTML
//! `content` is reduced to text (with the `spoiler_text` before it), `language` is the hint,
//! and favourites, boosts, replies and quotes are engagement. The author is `acct`, with the
//! instance's host added to local accounts so that a handle is the same wherever it is read.

use crate::http::{Fetcher, Response, host_of};
use crate::run::{Feed, Item, Page};
use crate::{Error, RecordError};
use chrono::{DateTime, Utc};
use citra_model::{Engagement, RawDoc, SourceRef};
use serde_json::Value;

/// Statuses per page (the API's maximum for timelines).
pub const PAGE_LIMIT: u32 = 40;

/// What to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An account: `user` (on the instance) or `user@other.host`.
    Account(String),
    /// A hashtag's timeline, without `#`.
    Hashtag(String),
    /// The public timeline; `true`: this instance's posts only.
    Public(bool),
}

/// A Mastodon source on one instance.
#[derive(Debug, Clone)]
pub struct Mastodon {
    instance: String,
    host: String,
    target: Target,
    key: String,
}

impl Mastodon {
    /// A source on `instance` (`https://mastodon.social`).
    pub fn new(instance: &str, target: Target) -> Mastodon {
        let instance = instance.trim_end_matches('/').to_owned();
        let host = host_of(&instance).to_owned();
        let key = match &target {
            Target::Account(a) => format!("mastodon:{host}:account:{}", a.trim_start_matches('@')),
            Target::Hashtag(h) => format!("mastodon:{host}:tag:{}", h.trim_start_matches('#')),
            Target::Public(local) => {
                format!("mastodon:{host}:public{}", if *local { ":local" } else { "" })
            }
        };
        Mastodon { instance, host, target, key }
    }

    fn page_url(&self, account_id: Option<&str>, max_id: Option<&str>) -> String {
        let mut url = match &self.target {
            Target::Account(_) => format!(
                "{}/api/v1/accounts/{}/statuses?limit={PAGE_LIMIT}",
                self.instance,
                crate::bluesky::encode(account_id.unwrap_or(""))
            ),
            Target::Hashtag(h) => format!(
                "{}/api/v1/timelines/tag/{}?limit={PAGE_LIMIT}",
                self.instance,
                crate::bluesky::encode(h.trim_start_matches('#'))
            ),
            Target::Public(local) => format!(
                "{}/api/v1/timelines/public?limit={PAGE_LIMIT}{}",
                self.instance,
                if *local { "&local=true" } else { "" }
            ),
        };
        if let Some(m) = max_id {
            url.push_str("&max_id=");
            url.push_str(&crate::bluesky::encode(m));
        }
        url
    }

    /// The account id of a handle, by `/api/v1/accounts/lookup`.
    fn lookup(&self, http: &Fetcher, acct: &str) -> Result<String, Error> {
        let url = format!(
            "{}/api/v1/accounts/lookup?acct={}",
            self.instance,
            crate::bluesky::encode(acct)
        );
        let resp = http.get(&url, &[])?;
        let v: Value = serde_json::from_slice(&resp.body).map_err(|e| {
            Error::Source(format!("{url}: the account lookup's answer is not JSON ({e})"))
        })?;
        v["id"].as_str().map(str::to_owned).ok_or_else(|| {
            Error::Source(format!(
                "{url}: no account `{acct}` on {} (the answer has no id)",
                self.host
            ))
        })
    }
}

impl Feed for Mastodon {
    fn key(&self) -> &str {
        &self.key
    }

    fn fetch(
        &mut self,
        http: &Fetcher,
        cursor: Option<&str>,
        memo: &mut Option<String>,
    ) -> Result<Page, Error> {
        let account_id = match &self.target {
            Target::Account(a) => {
                if memo.is_none() {
                    *memo = Some(self.lookup(http, a.trim_start_matches('@'))?);
                }
                memo.clone()
            }
            _ => None,
        };
        let url = self.page_url(account_id.as_deref(), cursor);
        let resp = http.get(&url, &[])?;
        Ok(parse_page(&self.host, &url, &resp))
    }
}

/// The `max_id` of the `rel="next"` link of a `Link` header.
pub fn next_max_id(link: &str) -> Option<String> {
    for part in link.split(',') {
        let (target, params) = part.split_once(';')?;
        if !params.split(';').any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        }) {
            continue;
        }
        let url = target.trim().trim_start_matches('<').trim_end_matches('>');
        let query = url.split_once('?')?.1;
        return query.split('&').find_map(|kv| kv.strip_prefix("max_id=")).map(str::to_owned);
    }
    None
}

/// A sort key for a status id: ids are decimal (snowflake-like) on Mastodon, so padding makes
/// text order id order.
pub fn id_key(id: &str) -> String {
    format!("{id:0>24}")
}

/// A page of statuses (a JSON array) as a page.
pub fn parse_page(host: &str, url: &str, resp: &Response) -> Page {
    let body = resp.text();
    let v: Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(e) => return Page::malformed(url, format!("malformed Mastodon response: {e}"), &body),
    };
    let Some(statuses) = v.as_array() else {
        return Page::malformed(url, "a Mastodon timeline that is not a JSON array", &body);
    };
    let mut page = Page::default();
    for (i, s) in statuses.iter().enumerate() {
        let line = i as u64 + 1;
        let Some(doc) = status_doc(host, url, line, s) else {
            page.rejected.push(RecordError::new(
                url,
                line,
                "a Mastodon status without `id`, `created_at` or `account.acct`",
                &s.to_string(),
            ));
            continue;
        };
        let id = s["id"].as_str().unwrap_or_default();
        let mut docs = vec![doc];
        if s["reblog"].is_object() {
            match status_doc(host, url, line, &s["reblog"]) {
                Some(orig) => {
                    docs[0].reshare_of = orig.native_id.clone();
                    docs[0].text = orig.text.clone();
                    docs[0].lang_hint = docs[0].lang_hint.take().or(orig.lang_hint.clone());
                    docs.push(orig);
                }
                None => page.rejected.push(RecordError::new(
                    url,
                    line,
                    "a boost whose `reblog` is not a status",
                    &s.to_string(),
                )),
            }
        }
        page.items.push(Item { sort_key: id_key(id), docs });
    }
    page.next = resp
        .header("link")
        .and_then(next_max_id)
        .or_else(|| statuses.last().and_then(|s| s["id"].as_str()).map(str::to_owned));
    if statuses.is_empty() {
        page.next = None;
    }
    page
}

fn status_doc(host: &str, url: &str, line: u64, s: &Value) -> Option<RawDoc> {
    let id = s["id"].as_str().filter(|i| !i.is_empty())?;
    let created_at: DateTime<Utc> =
        DateTime::parse_from_rfc3339(s["created_at"].as_str()?).ok()?.with_timezone(&Utc);
    let account = &s["account"];
    let acct = account["acct"].as_str().filter(|a| !a.is_empty())?;
    let author = if acct.contains('@') { acct.to_owned() } else { format!("{acct}@{host}") };
    let content = citra_ingest::html_to_text(s["content"].as_str().unwrap_or(""));
    let spoiler = s["spoiler_text"].as_str().unwrap_or("").trim();
    let text = if spoiler.is_empty() { content } else { format!("{spoiler}\n\n{content}") };
    let local = |v: &Value| v.as_str().filter(|i| !i.is_empty()).map(|i| format!("{host}/{i}"));
    let quote_of = local(&s["quote"]["quoted_status"]["id"])
        .or_else(|| local(&s["quote"]["quoted_status_id"]));
    Some(RawDoc {
        platform: "mastodon".into(),
        native_id: Some(format!("{host}/{id}")),
        url: s["url"].as_str().or(s["uri"].as_str()).map(str::to_owned),
        author: Some(author),
        author_name: account["display_name"].as_str().filter(|n| !n.is_empty()).map(str::to_owned),
        author_followers: account["followers_count"].as_u64(),
        created_at: Some(created_at),
        text,
        lang_hint: s["language"].as_str().map(str::to_owned),
        engagement: Engagement {
            reshares: s["reblogs_count"].as_u64(),
            likes: s["favourites_count"].as_u64(),
            replies: s["replies_count"].as_u64(),
            quotes: s["quotes_count"].as_u64(),
        },
        reply_to: local(&s["in_reply_to_id"]),
        quote_of,
        source: SourceRef { path: url.to_owned(), line },
        ..RawDoc::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(body: &str, link: Option<&str>) -> Response {
        Response {
            url: "u".into(),
            status: 200,
            headers: link.map(|l| ("link".to_owned(), l.to_owned())).into_iter().collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    const PAGE: &str = r#"[
      {"id":"111","created_at":"2024-03-01T11:00:00.000Z","in_reply_to_id":"100","language":"en","spoiler_text":"",
       "content":"<p>Talks with <a href=\"https://m.example/tags/Mexico\" class=\"mention hashtag\">#<span>Mexico</span></a> today.</p><p>More soon</p>",
       "url":"https://m.example/@un/111","replies_count":1,"reblogs_count":4,"favourites_count":9,
       "account":{"id":"1","acct":"un","display_name":"UN","followers_count":1000},"reblog":null},
      {"id":"110","created_at":"2024-03-01T10:00:00.000Z","content":"","language":null,
       "account":{"id":"2","acct":"kemlu@other.example"},
       "reblog":{"id":"90","created_at":"2024-02-28T10:00:00.000Z","content":"<p>Indonesia condemns it</p>","language":"en",
                 "account":{"id":"3","acct":"ri"},"reblogs_count":30,"favourites_count":50,"replies_count":2}},
      {"id":"109"}
    ]"#;

    #[test]
    fn page010_statuses_boosts_links() {
        let link = r#"<https://m.example/api/v1/timelines/tag/Mexico?max_id=109>; rel="next", <https://m.example/api/v1/timelines/tag/Mexico?min_id=111>; rel="prev""#;
        let page = parse_page("m.example", "u", &resp(PAGE, Some(link)));
        assert_eq!(page.next.as_deref(), Some("109"));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.rejected.len(), 1);
        assert_eq!(page.rejected[0].source.line, 3);
        let d = &page.items[0].docs[0];
        assert_eq!(d.native_id.as_deref(), Some("m.example/111"));
        assert_eq!(d.reply_to.as_deref(), Some("m.example/100"));
        assert_eq!(d.author.as_deref(), Some("un@m.example"));
        assert!(
            d.text.contains("#Mexico") && d.text.contains("More soon") && !d.text.contains('<'),
            "{}",
            d.text
        );
        assert_eq!(d.engagement.reshares, Some(4));
        let (boost, orig) = (&page.items[1].docs[0], &page.items[1].docs[1]);
        assert_eq!(boost.reshare_of.as_deref(), Some("m.example/90"));
        assert_eq!(boost.author.as_deref(), Some("kemlu@other.example"));
        assert_eq!(boost.text, "Indonesia condemns it");
        assert_eq!(orig.author.as_deref(), Some("ri@m.example"));
        assert!(page.items[0].sort_key > page.items[1].sort_key);
    }

    #[test]
    fn page020_no_link_empty_malformed() {
        let page = parse_page("h", "u", &resp(PAGE, None));
        assert_eq!(page.next.as_deref(), Some("109"), "without a Link header, the oldest id");
        let empty = parse_page("h", "u", &resp("[]", None));
        assert!(empty.items.is_empty() && empty.next.is_none() && !empty.malformed);
        let cut = parse_page("h", "u", &resp(r#"[{"id":"1","content":"<p>cut"#, None));
        assert!(cut.malformed && cut.rejected[0].reason.contains("malformed Mastodon"));
        let obj = parse_page("h", "u", &resp(r#"{"error":"Record not found"}"#, None));
        assert!(obj.malformed);
    }

    #[test]
    fn link010_next_max_id() {
        for (link, want) in [
            (r#"<https://h/api/v1/x?limit=40&max_id=42>; rel="next""#, Some("42")),
            (r#"<https://h/api/v1/x?min_id=50>; rel="prev""#, None),
            ("garbage", None),
        ] {
            assert_eq!(next_max_id(link).as_deref(), want, "{link}");
        }
    }
}

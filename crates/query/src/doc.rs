//! Doc: one stored document with its mentions (`GET /api/v1/docs/{id}`).

use crate::error::QueryError;
use chrono::{DateTime, Utc};
use citra_model::{MentionKind, Tone};
use citra_store::Store;
use serde::Serialize;

/// Which document: its store id, as written by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// Store id.
    pub id: i64,
}

impl Request {
    /// The question from the id as written.
    pub fn from_id(id: &str) -> Result<Request, QueryError> {
        let id = id.trim().parse().map_err(|_| {
            QueryError::bad_request("bad_id", format!("document id '{id}' is not a whole number"))
        })?;
        Ok(Request { id })
    }
}

/// A mention in the document; offsets index `text`.
#[derive(Debug, Clone, Serialize)]
pub struct DocMention {
    /// ISO 3166-1 alpha-3 code.
    pub country: String,
    /// Registry actor id, for an actor mention.
    pub actor: Option<String>,
    /// What kind of mention.
    pub kind: MentionKind,
    /// The text as written.
    pub surface: String,
    /// Byte start.
    pub byte_start: usize,
    /// Byte end (exclusive).
    pub byte_end: usize,
    /// Code-point start.
    pub char_start: Option<usize>,
    /// Code-point end (exclusive).
    pub char_end: Option<usize>,
    /// How sure the finder is.
    pub confidence: f32,
    /// The tone toward the mention's country here.
    pub tone: Option<Tone>,
}

/// One stored document.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// Store id.
    pub id: i64,
    /// Platform.
    pub platform: String,
    /// The platform's id of the post.
    pub native_id: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Author handle.
    pub author: Option<String>,
    /// Author's display name.
    pub author_name: Option<String>,
    /// Publication time.
    pub created_at: Option<DateTime<Utc>>,
    /// Title (articles).
    pub title: Option<String>,
    /// The text as stored (untrusted).
    pub text: String,
    /// Language code.
    pub lang: &'static str,
    /// Document tone.
    pub tone: Tone,
    /// Its mentions, in text order.
    pub mentions: Vec<DocMention>,
}

/// Answers from the store: `Ok(None)` when the store has no such document is not an answer
/// but a 404, so it is an error here.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let Some(doc) = store.doc(req.id)? else {
        return Err(QueryError::not_found(format!("the store has no document {}", req.id)));
    };
    let text = doc.raw.text.clone();
    let mentions = store
        .mentions_of_doc(req.id)?
        .into_iter()
        .map(|m| {
            let chars = m.span.to_chars(&text);
            DocMention {
                country: m.country.to_uppercase(),
                actor: m.actor,
                kind: m.kind,
                surface: m.surface,
                byte_start: m.span.start,
                byte_end: m.span.end,
                char_start: chars.map(|c| c.0),
                char_end: chars.map(|c| c.1),
                confidence: m.confidence,
                tone: m.tone,
            }
        })
        .collect();
    let raw = doc.raw;
    Ok(Answer {
        id: doc.id,
        platform: raw.platform,
        native_id: raw.native_id,
        url: raw.url,
        author: raw.author,
        author_name: raw.author_name,
        created_at: raw.created_at,
        title: raw.title,
        text,
        lang: doc.lang.lang.code(),
        tone: doc.tone,
        mentions,
    })
}

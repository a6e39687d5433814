//! Mentions: the evidence behind an index, a page of a country's mentions with their posts'
//! texts, oldest first (see `citra_store::Store::mentions_page`), each with the text to show
//! people and the mention's place in it. `GET /api/v1/mentions` (the dashboard's evidence);
//! `citra mentions` is another thing, the analysis of one text.

use crate::display::Display;
use crate::error::QueryError;
use crate::params::{Params, Range};
use citra_mentions::Country;
use citra_model::Span;
use citra_pipeline::counting::Authors;
use citra_store::{MentionQuery, MentionRow, Store};
use serde::Serialize;
use std::sync::Arc;

/// A mentions question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The country.
    pub country: &'static Country,
    /// Days of the posts (`from`, `to`).
    pub range: Range,
    /// Page number, from 1 (`page`, default 1).
    pub page: u64,
    /// Rows per page, 1 to [`crate::params::MAX_PER_PAGE`] (`per_page`, default
    /// [`crate::params::DEFAULT_PER_PAGE`]).
    pub per_page: u64,
}

impl Request {
    /// The question from its parameters: `country` (required), `from`, `to`, `page`,
    /// `per_page`. Every mention is listed, whatever the counting rules (no author table is
    /// read).
    pub fn from_params(p: &Params, _authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let (page, per_page) = p.page()?;
        Ok(Request { country: p.country()?, range: p.range()?, page, per_page })
    }
}

/// One mention with its post, as stored, and the text to show.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The mention and its document as stored (`text` and the byte and code-point spans in it
    /// are the stored text's).
    #[serde(flatten)]
    pub row: MentionRow,
    /// The document's text to show people: HTML entities decoded once, mojibake repaired.
    pub display_text: String,
    /// Code-point start of the mention in `display_text`.
    pub display_char_start: Option<usize>,
    /// Code-point end (exclusive) of the mention in `display_text`.
    pub display_char_end: Option<usize>,
}

/// One page of a country's mentions.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// This page's number, from 1.
    pub page: u64,
    /// Rows per page asked for.
    pub per_page: u64,
    /// Mentions in the range, on every page (undated posts are left out).
    pub total: u64,
    /// This page's mentions, oldest first (ties by mention id).
    pub mentions: Vec<Row>,
}

/// Answers a mentions question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    let found = store.mentions_page(&MentionQuery {
        country: req.country.alpha3.to_owned(),
        from: req.range.0,
        to: req.range.1,
        offset: req.page.saturating_sub(1).saturating_mul(req.per_page),
        limit: req.per_page,
    })?;
    let mentions = found
        .rows
        .into_iter()
        .map(|row| {
            let shown = Display::new(&row.text);
            let c = shown.chars(Span::new(row.byte_start, row.byte_end));
            Row {
                row,
                display_text: shown.into_text(),
                display_char_start: c.map(|c| c.0),
                display_char_end: c.map(|c| c.1),
            }
        })
        .collect();
    Ok(Answer {
        country: req.country.alpha3,
        name: req.country.name_en,
        page: req.page,
        per_page: req.per_page,
        total: found.total,
        mentions,
    })
}

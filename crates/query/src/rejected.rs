//! Rejected: what ingest could not read, and why (`citra rejected`, `GET /api/v1/rejected`).

use crate::error::QueryError;
use crate::params::Params;
use citra_store::{RejectedRow, Store};
use serde::Serialize;

/// The most rows one answer holds.
pub const MAX_LIMIT: u64 = 1000;
/// Rows when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 100;

/// A rejected-records question.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// How many rows, newest first (`limit`, 1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]).
    pub limit: usize,
}

impl Request {
    /// The question from its parameters: `limit`.
    pub fn from_params(p: &Params) -> Result<Request, QueryError> {
        Ok(Request { limit: p.limit(DEFAULT_LIMIT, MAX_LIMIT)? as usize })
    }
}

/// The rejected records.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// Each with its source file, line, reason, the record as read and when.
    pub rejected: Vec<RejectedRow>,
}

/// Answers from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    Ok(Answer { rejected: store.rejected(req.limit)? })
}

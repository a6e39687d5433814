//! Countries: the countries a store mentions, most mentioned first (`GET /api/v1/countries`,
//! the dashboard's country list).

use crate::error::QueryError;
use citra_mentions::Gazetteer;
use citra_store::Store;
use serde::Serialize;

/// The most countries listed.
pub const MAX_COUNTRIES: usize = 1000;

/// One country the store mentions.
#[derive(Debug, Clone, Serialize)]
pub struct CountryRow {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    /// English name (the code when the registry does not know it).
    pub name: String,
    /// Indonesian name.
    pub name_id: String,
    /// Mentions in the store.
    pub mentions: u64,
}

/// The countries of a store.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// Most mentioned first, at most [`MAX_COUNTRIES`].
    pub countries: Vec<CountryRow>,
}

/// Answers from the store (the question takes no parameters).
pub fn answer(store: &Store) -> Result<Answer, QueryError> {
    let gaz = Gazetteer::shared();
    let countries = store
        .top_countries(MAX_COUNTRIES)?
        .into_iter()
        .map(|(code, mentions)| {
            let c = gaz.country_by_alpha3(&code);
            CountryRow {
                name: c.map_or(code.as_str(), |c| c.name_en).to_owned(),
                name_id: c.map_or(code.as_str(), |c| c.name_id).to_owned(),
                code,
                mentions,
            }
        })
        .collect();
    Ok(Answer { countries })
}

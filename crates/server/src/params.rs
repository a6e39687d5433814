//! Query parameters: the query layer's [`Params`] (one set of parsing rules and messages for
//! the CLI and the API), read from the query string.

pub(crate) use citra_query::Params;

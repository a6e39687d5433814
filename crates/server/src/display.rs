//! The text shown to people: the query layer's [`Display`] (one place for the CLI, the API and
//! the report), used by the handlers not yet answered there.

pub(crate) use citra_query::display::Display;

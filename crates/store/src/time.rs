//! Times as stored: ISO-8601 UTC text with nanoseconds, so that text order is time order.

use chrono::{DateTime, SecondsFormat, Utc};

/// `2020-01-31T12:00:00.000000000Z`.
pub(crate) fn to_db(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// `2020-01-31`.
pub(crate) fn day(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// Parses [`to_db`] output (any RFC 3339 time, in fact).
pub(crate) fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

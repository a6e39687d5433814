//! Times as stored: ISO-8601 UTC text with nanoseconds, so that text order is time order.

use chrono::{DateTime, Datelike, Utc};

/// `2020-01-31T12:00:00.000000000Z`.
pub(crate) fn to_db(t: &DateTime<Utc>) -> String {
    citra_model::timefmt::rfc3339(t, citra_model::timefmt::Fraction::Nanos)
}

/// A range's inclusive lower bound as stored, or `None` when no stored time can lie before it
/// (years before 0000 do not keep text order, and every stored time is later).
pub(crate) fn lower(t: Option<&DateTime<Utc>>) -> Option<String> {
    t.filter(|t| t.year() >= 0).map(to_db)
}

/// A range's exclusive upper bound as stored, or `None` when every stored time lies before it:
/// past year 9999 the text ("+10000-01-01…") no longer sorts after the times it bounds, so
/// `--to 9999-12-31` (whose end is 10000-01-01) is an open end.
pub(crate) fn upper(t: Option<&DateTime<Utc>>) -> Option<String> {
    t.filter(|t| t.year() <= 9999).map(to_db)
}

/// `2020-01-31`.
pub(crate) fn day(t: &DateTime<Utc>) -> String {
    citra_model::timefmt::day(t)
}

/// Parses [`to_db`] output (any RFC 3339 time, in fact).
pub(crate) fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds010_extremes() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let end = chrono::NaiveDate::from_ymd_opt(10000, 1, 1).unwrap().and_hms_opt(0, 0, 0);
        let end = end.unwrap().and_utc();
        type Row<'a> = (Option<DateTime<Utc>>, Option<&'a str>, Option<&'a str>);
        let rows: &[Row<'_>] = &[
            (None, None, None),
            (Some(t("2017-01-26T00:00:00Z")), Some("2017-01-26"), Some("2017-01-26")),
            (Some(t("9999-12-31T00:00:00Z")), Some("9999-12-31"), Some("9999-12-31")),
            (Some(t("0000-01-01T00:00:00Z")), Some("0000-01-01"), Some("0000-01-01")),
            (Some(end), Some("+10000"), None),
        ];
        for (given, lo, hi) in rows {
            let l = lower(given.as_ref());
            let h = upper(given.as_ref());
            assert_eq!(l.is_some(), lo.is_some(), "{given:?}");
            assert_eq!(h.is_some(), hi.is_some(), "{given:?}");
            if let (Some(l), Some(p)) = (&l, lo) {
                assert!(l.starts_with(p), "{l}");
            }
        }
    }
}

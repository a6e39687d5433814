//! Dates as found in exports, feeds and spreadsheets.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The date formats [`parse_date`] reads, for error messages.
pub const DATE_FORMATS_HELP: &str = "RFC 3339, RFC 2822, Twitter 'Wed Nov 13 21:04:14 +0000 2019', \
     'YYYY-MM-DD[ HH:MM[:SS]]', 'MM/DD/YY HH:MM', 'MM/DD/YYYY HH:MM[:SS]' or unix seconds/ms";

/// Formats with an offset.
const ZONED: &[&str] = &[
    "%a %b %d %H:%M:%S %z %Y", // Twitter v1.1
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%a, %d %b %Y %H:%M %z", // RFC 2822 without seconds
];

/// Formats without an offset: read as UTC.
const NAIVE: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%a %b %d %H:%M:%S %Y",
];

const DAYS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%m/%d/%y", "%Y%m%d"];

/// Parses a date in any of the formats of [`DATE_FORMATS_HELP`]. Dates without an offset are
/// taken as UTC; a date without a time is midnight UTC. Unix timestamps of 12 digits or more
/// are milliseconds. Returns `None` for anything else (including years before 1970 or after
/// 2100 given as timestamps).
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = iso_fast(s) {
        return Some(t);
    }
    parse_date_general(s)
}

/// The commonest export layouts, `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` and `YYYY-MM-DD`
/// (no offset: UTC), read without trying every format; `None` when `s` is anything else, then
/// the general path decides. It gives exactly what the general path gives for these layouts
/// (test `date030_fast_path_agrees`); a second of 60 (a leap second) is left to chrono.
fn iso_fast(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if !(b.len() == 10 || (b.len() == 19 && matches!(b[10], b' ' | b'T'))) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = num(0..4)? as i32;
    if !PLAUSIBLE_YEARS.contains(&year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)?;
    if b.len() == 10 {
        return Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?));
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if sec >= 60 {
        return None;
    }
    Some(Utc.from_utc_datetime(&date.and_hms_opt(h, m, sec)?))
}

/// [`parse_date`] by trying every format in turn.
fn parse_date_general(s: &str) -> Option<DateTime<Utc>> {
    if let Some(t) = unix(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    // "Z" suffix after a space-separated or fractional-free form: "2019-11-13 21:04:14Z".
    let s = match s.strip_suffix('Z').or_else(|| s.strip_suffix(" UTC")) {
        Some(rest) => return parse_date_naive(rest),
        None => s,
    };
    for f in ZONED {
        if let Ok(t) = DateTime::parse_from_str(s, f)
            && PLAUSIBLE_YEARS.contains(&t.year())
        {
            return Some(t.with_timezone(&Utc));
        }
    }
    parse_date_naive(s)
}

/// Years a post can plausibly carry. chrono's `%Y` accepts any number of digits, so without this
/// check "10/8/19 20:55" (month/day/2-digit year) would parse as the year 10 under `%Y/%m/%d`.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn parse_date_naive(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f)
            && PLAUSIBLE_YEARS.contains(&t.year())
        {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for f in DAYS {
        if let Ok(d) = NaiveDate::parse_from_str(s, f)
            && PLAUSIBLE_YEARS.contains(&d.year())
        {
            return Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?));
        }
    }
    None
}

fn unix(s: &str) -> Option<DateTime<Utc>> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) if f.bytes().all(|b| b.is_ascii_digit()) => (i, f),
        Some(_) => return None,
        None => (s, ""),
    };
    if int.len() < 9 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    let t = if int.len() >= 12 {
        DateTime::from_timestamp_millis(n)?
    } else {
        let nanos: u32 = if frac.is_empty() {
            0
        } else {
            let digits = crate::truncate(frac, 9);
            let v: u32 = digits.parse().ok()?;
            v * 10u32.pow(9 - digits.len() as u32)
        };
        DateTime::from_timestamp(n, nanos)?
    };
    // Plausible post dates only: a 9-digit number is more likely an id than 1973.
    (1_000_000_000..4_102_444_800).contains(&t.timestamp()).then_some(t)
}

/// Builds a date from split day / month / year / time columns (`07`, `12`, `2017`,
/// `05:06:48`), as in spreadsheets of Indonesian posts (Tanggal/Bulan/Tahun/Jam).
pub(crate) fn from_parts(day: &str, month: &str, year: &str, time: &str) -> Option<DateTime<Utc>> {
    let d: u32 = day.trim().parse().ok()?;
    let m: u32 = month.trim().parse().ok()?;
    let mut y: i32 = year.trim().parse().ok()?;
    if y < 100 {
        y += 2000;
    }
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let time = time.trim();
    let t = if time.is_empty() {
        date.and_hms_opt(0, 0, 0)?
    } else {
        let parsed = chrono::NaiveTime::parse_from_str(time, "%H:%M:%S")
            .or_else(|_| chrono::NaiveTime::parse_from_str(time, "%H:%M"))
            .ok()?;
        date.and_time(parsed)
    };
    Some(Utc.from_utc_datetime(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date010_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("2019-11-13T21:04:14Z", Some("2019-11-13T21:04:14+00:00")),
            ("2019-11-13T21:04:14.000Z", Some("2019-11-13T21:04:14+00:00")),
            ("2019-11-13T23:04:14+02:00", Some("2019-11-13T21:04:14+00:00")),
            ("Wed, 13 Nov 2019 21:04:14 +0000", Some("2019-11-13T21:04:14+00:00")),
            ("Wed, 13 Nov 2019 21:04:14 GMT", Some("2019-11-13T21:04:14+00:00")),
            ("Wed, 13 Nov 2019 21:04 +0000", Some("2019-11-13T21:04:00+00:00")),
            ("Wed Nov 13 21:04:14 +0000 2019", Some("2019-11-13T21:04:14+00:00")),
            ("Mon Jan 01 13:37:52 +0000 2018", Some("2018-01-01T13:37:52+00:00")),
            ("2017-09-07 21:45:00", Some("2017-09-07T21:45:00+00:00")),
            ("2017-09-07 21:45", Some("2017-09-07T21:45:00+00:00")),
            ("2017-09-07", Some("2017-09-07T00:00:00+00:00")),
            ("11/18/19 20:37", Some("2019-11-18T20:37:00+00:00")),
            // r7: a one- or two-digit month/day with a two-digit year is not the year 10 A.D.
            ("10/8/19 20:55", Some("2019-10-08T20:55:00+00:00")),
            ("9/1/19 3:04", Some("2019-09-01T03:04:00+00:00")),
            ("10/8/19", Some("2019-10-08T00:00:00+00:00")),
            ("0010-08-19 20:55", None),
            ("11/18/2019 20:37", Some("2019-11-18T20:37:00+00:00")),
            ("11/18/2019 20:37:05", Some("2019-11-18T20:37:05+00:00")),
            ("2019-11-13 21:04:14+00:00", Some("2019-11-13T21:04:14+00:00")),
            ("2019-11-13 21:04:14 UTC", Some("2019-11-13T21:04:14+00:00")),
            ("1573679054", Some("2019-11-13T21:04:14+00:00")),
            ("1573679054000", Some("2019-11-13T21:04:14+00:00")),
            ("1573679054.5", Some("2019-11-13T21:04:14.500+00:00")),
            ("  2017-09-07  ", Some("2017-09-07T00:00:00+00:00")),
            ("", None),
            ("yesterday", None),
            ("13/13/2019 10:00", None),
            ("2019-02-30", None),
            ("12345", None),
            ("9.3863588440808998E+17", None),
            ("99999999999999999999999", None),
        ];
        for (s, want) in rows {
            let got =
                parse_date(s).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false));
            assert_eq!(got.as_deref(), *want, "{s:?}");
        }
    }

    /// The fast path gives what the formats give, on every layout it takes and on near misses.
    #[test]
    fn date030_fast_path_agrees() {
        let mut cases: Vec<String> = Vec::new();
        for date in [
            "2017-09-07",
            "2016-02-29",
            "2017-02-29",
            "2019-13-01",
            "1899-12-31",
            "2200-01-01",
            "2201-01-01",
            "0010-08-19",
            "2017-9-07x",
            "2017/09/07",
            "20170907ab",
        ] {
            cases.push(date.to_owned());
            for time in [
                "21:45:00", "00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "12:00:61",
                "1a:00:00", "12-00-00",
            ] {
                for sep in [' ', 'T', '_'] {
                    cases.push(format!("{date}{sep}{time}"));
                }
            }
        }
        for s in &cases {
            let fast = iso_fast(s);
            if fast.is_some() {
                assert_eq!(fast, parse_date_general(s), "{s:?}");
            }
            assert_eq!(parse_date(s), parse_date_general(s), "{s:?}");
        }
        assert!(iso_fast("2017-09-07 21:45:00").is_some());
        assert!(iso_fast("2017-09-07T21:45:00").is_some());
        assert!(iso_fast("2017-09-07").is_some());
    }

    #[test]
    fn date020_parts() {
        let rows: &[([&str; 4], Option<&str>)] = &[
            (["07", "12", "2017", "05:06:48"], Some("2017-12-07T05:06:48+00:00")),
            (["7", "1", "18", "23:59"], Some("2018-01-07T23:59:00+00:00")),
            (["31", "02", "2018", "10:00:00"], None),
            (["x", "02", "2018", "10:00:00"], None),
            (["01", "02", "2018", ""], Some("2018-02-01T00:00:00+00:00")),
        ];
        for ([d, m, y, t], want) in rows {
            let got = from_parts(d, m, y, t).map(|t| t.to_rfc3339());
            assert_eq!(got.as_deref(), *want, "{d} {m} {y} {t}");
        }
    }
}

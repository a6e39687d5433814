//! UTC times as text, as chrono writes them (RFC 3339 with `Z`, and days), without its
//! formatting machinery for the years 0000–9999 (three of them a post cost more than its JSON
//! line's other fields); other years and leap seconds go to chrono itself.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};

/// The fraction of a second written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fraction {
    /// Always nine digits (`SecondsFormat::Nanos`): what the store keeps, so that text order is
    /// time order.
    Nanos,
    /// None, three, six or nine digits, as few as hold it (`SecondsFormat::AutoSi`): chrono's
    /// serde form.
    Auto,
}

/// `t.to_rfc3339_opts(format, true)`: `2020-01-31T12:00:00Z`, `2020-01-31T12:00:00.000000000Z`.
pub fn rfc3339(t: &DateTime<Utc>, fraction: Fraction) -> String {
    let n = t.naive_utc();
    let (year, nanos) = (n.year(), n.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        let f = match fraction {
            Fraction::Nanos => SecondsFormat::Nanos,
            Fraction::Auto => SecondsFormat::AutoSi,
        };
        return t.to_rfc3339_opts(f, true);
    }
    let mut s = String::with_capacity(30);
    push_date(&mut s, year as u32, n.month(), n.day());
    s.push('T');
    push_digits(&mut s, n.hour(), 2);
    s.push(':');
    push_digits(&mut s, n.minute(), 2);
    s.push(':');
    push_digits(&mut s, n.second(), 2);
    let digits = match fraction {
        Fraction::Nanos => 9,
        Fraction::Auto if nanos == 0 => 0,
        Fraction::Auto if nanos % 1_000_000 == 0 => 3,
        Fraction::Auto if nanos % 1_000 == 0 => 6,
        Fraction::Auto => 9,
    };
    if digits > 0 {
        s.push('.');
        push_digits(&mut s, nanos / 10u32.pow(9 - digits), digits);
    }
    s.push('Z');
    s
}

/// `t.format("%Y-%m-%d")`: `2020-01-31`.
pub fn day(t: &DateTime<Utc>) -> String {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return t.format("%Y-%m-%d").to_string();
    }
    let mut s = String::with_capacity(10);
    push_date(&mut s, year as u32, t.month(), t.day());
    s
}

fn push_date(s: &mut String, year: u32, month: u32, day: u32) {
    push_digits(s, year, 4);
    s.push('-');
    push_digits(s, month, 2);
    s.push('-');
    push_digits(s, day, 2);
}

/// The last `width` decimal digits of `v`, zero-padded.
fn push_digits(s: &mut String, v: u32, width: u32) {
    for k in (0..width).rev() {
        s.push(char::from(b'0' + (v / 10u32.pow(k) % 10) as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Every format gives chrono's text: at year, month and day edges, across the years chrono
    /// supports, with each length of fraction, and at a leap second.
    #[test]
    fn same_text_as_chrono() {
        let mut times: Vec<DateTime<Utc>> = Vec::new();
        for (y, m, d) in [
            (0, 1, 1),
            (1, 2, 28),
            (999, 12, 31),
            (2016, 2, 29),
            (2019, 7, 4),
            (9999, 12, 31),
            (-1, 6, 1),
            (10000, 1, 1),
            (-262_000, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            for (h, mi, s) in [(0, 0, 0), (9, 5, 7), (23, 59, 59)] {
                for nanos in [0, 1, 999, 1_000, 120_000, 5_000_000, 123_456_789, 999_999_999] {
                    let t = date.and_hms_nano_opt(h, mi, s, nanos).expect("a time").and_utc();
                    times.push(t);
                }
            }
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .expect("a leap second")
            .and_utc();
        times.push(leap);
        // Seconds across the years 0000-9999, a prime step apart.
        let (lo, hi) = (-62_167_219_200i64, 253_402_300_799i64);
        times.extend(
            (lo..hi)
                .step_by(1_000_003_001)
                .filter_map(|s| DateTime::from_timestamp(s, s.rem_euclid(1000) as u32 * 1_000_000)),
        );
        for t in &times {
            assert_eq!(rfc3339(t, Fraction::Nanos), t.to_rfc3339_opts(SecondsFormat::Nanos, true));
            assert_eq!(rfc3339(t, Fraction::Auto), t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            assert_eq!(
                serde_json::to_string(&rfc3339(t, Fraction::Auto)).expect("json"),
                serde_json::to_string(t).expect("json"),
                "{t:?}"
            );
            assert_eq!(day(t), t.format("%Y-%m-%d").to_string(), "{t:?}");
            assert_eq!(day(t), t.date_naive().to_string(), "{t:?}");
        }
        assert!(times.len() > 400, "{}", times.len());
    }
}

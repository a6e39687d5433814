//! Time buckets: day, ISO week (Monday start), calendar month and year, in UTC.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The length of one bucket of an index series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// A calendar day (UTC).
    #[default]
    Day,
    /// An ISO week, starting on Monday (UTC).
    Week,
    /// A calendar month (UTC).
    Month,
    /// A calendar year (UTC).
    Year,
}

/// A period name that is not `day`, `week` or `month`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError(pub String);

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown period '{}': use day, week, month or year", self.0)
    }
}

impl std::error::Error for PeriodError {}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "daily" | "d" => Ok(Period::Day),
            "week" | "weekly" | "w" => Ok(Period::Week),
            "month" | "monthly" | "m" => Ok(Period::Month),
            "year" | "yearly" | "y" => Ok(Period::Year),
            _ => Err(PeriodError(s.to_owned())),
        }
    }
}

impl Period {
    /// The first day of the bucket that holds `t`.
    pub fn start_of(self, t: DateTime<Utc>) -> NaiveDate {
        let d = t.date_naive();
        match self {
            Period::Day => d,
            Period::Week => {
                d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
            }
            Period::Month => d.with_day(1).unwrap_or(d),
            Period::Year => d.with_ordinal(1).unwrap_or(d),
        }
    }

    /// A short label for the bucket that starts on `start`: `2017-01-26`, `2017-W04`, `2017-01`,
    /// `2017`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Year => start.format("%Y").to_string(),
        }
    }

    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn buckets() {
        // 2017-01-26 was a Thursday.
        let t = Utc.with_ymd_and_hms(2017, 1, 26, 23, 59, 0).unwrap();
        let rows = [
            (Period::Day, "2017-01-26"),
            (Period::Week, "2017-01-23"),
            (Period::Month, "2017-01-01"),
            (Period::Year, "2017-01-01"),
        ];
        for (p, want) in rows {
            assert_eq!(p.start_of(t).to_string(), want, "{p:?}");
        }
        let labels = [
            (Period::Day, "2017-01-26"),
            (Period::Week, "2017-W04"),
            (Period::Month, "2017-01"),
            (Period::Year, "2017"),
        ];
        for (p, want) in labels {
            assert_eq!(p.label(p.start_of(t)), want, "{p:?}");
        }
    }

    #[test]
    fn parse() {
        assert_eq!("Week".parse::<Period>(), Ok(Period::Week));
        assert_eq!("monthly".parse::<Period>(), Ok(Period::Month));
        assert_eq!("year".parse::<Period>(), Ok(Period::Year));
        let e = "decade".parse::<Period>().unwrap_err();
        assert!(e.to_string().contains("use day, week, month or year"));
    }
}

//! Query parameters: parsed into library types, or a 400 that says what to send instead.

use crate::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use citra_analytics::Period;
use citra_mentions::{Country, Gazetteer};
use citra_pipeline::counting::{Counting, Leaders, VoiceFilter};
use serde::Deserialize;

/// The most rows one page may hold.
pub const MAX_PER_PAGE: u64 = 200;
/// Rows per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u64 = 50;

/// A half-open UTC range; `None` ends are open.
pub(crate) type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);
/// A half-open UTC range with both ends.
pub(crate) type Window = (DateTime<Utc>, DateTime<Utc>);

/// The query string every endpoint reads (each uses the fields it needs). Which parameters an
/// endpoint takes is checked before (`query.rs`, from the OpenAPI document); a name that is no
/// field here is refused too.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    pub(crate) country: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) by: Option<String>,
    pub(crate) page: Option<String>,
    pub(crate) per_page: Option<String>,
    pub(crate) limit: Option<String>,
    pub(crate) min_mentions: Option<String>,
    pub(crate) penalty: Option<String>,
    pub(crate) baseline_from: Option<String>,
    pub(crate) baseline_to: Option<String>,
    pub(crate) top: Option<String>,
    pub(crate) topic: Option<String>,
    pub(crate) at: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) min_docs: Option<String>,
    pub(crate) min_size: Option<String>,
    pub(crate) nodes: Option<String>,
    pub(crate) infer: Option<String>,
    pub(crate) split: Option<String>,
    pub(crate) theme: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) leaders: Option<String>,
    pub(crate) voice: Option<String>,
}

/// What `action` selects: a quad class or a CAMEO root (1–20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Quad(citra_model::Quad),
    Root(u8),
}

impl Params {
    /// `leaders` (include, exclude: the default) and `voice` (all: the default, foreign,
    /// domestic, unknown) as counting rules, without an author table.
    pub(crate) fn counting(&self) -> Result<Counting, ApiError> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let leaders = match given(&self.leaders) {
            None => Leaders::default(),
            Some(s) => Leaders::parse(s).map_err(|m| ApiError::bad_request("bad_leaders", m))?,
        };
        let voice = match given(&self.voice) {
            None => VoiceFilter::default(),
            Some(s) => VoiceFilter::parse(s).map_err(|m| ApiError::bad_request("bad_voice", m))?,
        };
        Ok(Counting::new(leaders, voice))
    }

    /// The required `country`, resolved by code or name.
    pub(crate) fn country(&self) -> Result<&'static Country, ApiError> {
        let q = self.country.as_deref().map(str::trim).unwrap_or_default();
        if q.is_empty() {
            return Err(ApiError::bad_request(
                "missing_parameter",
                "country is required: give an ISO 3166 code (MEX, MX) or a name (Mexico)",
            ));
        }
        Gazetteer::shared().country(q).ok_or_else(|| {
            ApiError::bad_request(
                "unknown_country",
                format!(
                    "unknown country '{q}': give an ISO 3166 code (MEX, MX) or a name in \
                     English, Indonesian or Spanish (Mexico, Meksiko, México)"
                ),
            )
        })
    }

    /// `from` and `to` days (both inclusive) as a half-open UTC range `[from, to + 1 day)`.
    pub(crate) fn range(&self) -> Result<Range, ApiError> {
        let day = |name: &str, s: Option<&str>| -> Result<Option<NaiveDate>, ApiError> {
            match s.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| {
                    ApiError::bad_request(
                        "bad_date",
                        format!("{name} '{s}' is not a date: use YYYY-MM-DD, e.g. 2017-01-26"),
                    )
                }),
            }
        };
        let from = day("from", self.from.as_deref())?;
        let to = day("to", self.to.as_deref())?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(ApiError::bad_request(
                "empty_range",
                format!("from {f} is after to {t}: the range is empty"),
            ));
        }
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        Ok((from.and_then(start), to.and_then(|d| d.succ_opt()).and_then(start)))
    }

    /// A required range: both `from` and `to` (named `what` in the message).
    pub(crate) fn window(&self, what: &str) -> Result<Window, ApiError> {
        match self.range()? {
            (Some(f), Some(t)) => Ok((f, t)),
            _ => Err(ApiError::bad_request(
                "missing_parameter",
                format!("from and to are required: the days of {what} (YYYY-MM-DD)"),
            )),
        }
    }

    /// `baseline_from` and `baseline_to` (both or neither).
    pub(crate) fn baseline(&self) -> Result<Option<Window>, ApiError> {
        let p = Params {
            from: self.baseline_from.clone(),
            to: self.baseline_to.clone(),
            ..Params::default()
        };
        match p.range() {
            Ok((Some(f), Some(t))) => Ok(Some((f, t))),
            Ok((None, None)) => Ok(None),
            Ok(_) => Err(ApiError::bad_request(
                "missing_parameter",
                "give both baseline_from and baseline_to, or neither",
            )),
            Err(e) => Err(ApiError { message: format!("baseline_{}", e.message), ..e }),
        }
    }

    /// `at`: a day, the start of the "after" period.
    pub(crate) fn at(&self) -> Result<Option<DateTime<Utc>>, ApiError> {
        let p = Params { from: self.at.clone(), ..Params::default() };
        p.range()
            .map(|(f, _)| f)
            .map_err(|e| ApiError { message: e.message.replacen("from", "at", 1), ..e })
    }

    /// `top`, 1 to `max`, `default` when absent.
    pub(crate) fn top(&self, default: u64, max: u64) -> Result<usize, ApiError> {
        let n = number("top", self.top.as_deref(), default)?;
        if n == 0 || n > max {
            return Err(ApiError::bad_request(
                "page_too_large",
                format!("top must be between 1 and {max}, not {n}"),
            ));
        }
        Ok(n as usize)
    }

    /// `by`: day (default), week, month or year.
    pub(crate) fn period(&self) -> Result<Period, ApiError> {
        match self.by.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Period::Day),
            Some(s) => s.parse().map_err(|e: citra_analytics::PeriodError| {
                ApiError::bad_request("bad_period", e.to_string())
            }),
        }
    }

    /// `page` (from 1) and `per_page` (1 to [`MAX_PER_PAGE`]).
    pub(crate) fn page(&self) -> Result<(u64, u64), ApiError> {
        let page = number("page", self.page.as_deref(), 1)?;
        let per_page = number("per_page", self.per_page.as_deref(), DEFAULT_PER_PAGE)?;
        if page == 0 {
            return Err(ApiError::bad_request("bad_page", "page starts at 1"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::bad_request(
                "page_too_large",
                format!("per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}"),
            ));
        }
        Ok((page, per_page))
    }

    /// `limit`, 1 to `max`, `default` when absent.
    pub(crate) fn limit(&self, default: u64, max: u64) -> Result<u64, ApiError> {
        let n = number("limit", self.limit.as_deref(), default)?;
        if n == 0 || n > max {
            return Err(ApiError::bad_request(
                "page_too_large",
                format!("limit must be between 1 and {max}, not {n}"),
            ));
        }
        Ok(n)
    }
}

impl Params {
    /// `by` for series that need several points: day, week (`default`) or month.
    pub(crate) fn series_period(&self, default: Period) -> Result<Period, ApiError> {
        let period = if self.by.as_deref().is_none_or(|s| s.trim().is_empty()) {
            default
        } else {
            self.period()?
        };
        if period == Period::Year {
            return Err(ApiError::bad_request(
                "bad_period",
                "by=year leaves too few points for change points: use day, week or month",
            ));
        }
        Ok(period)
    }

    /// `theme`: one of the actions stage's themes (`trade`, `migration`, …).
    pub(crate) fn theme(&self) -> Result<Option<&'static str>, ApiError> {
        let Some(t) = self.theme.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let t = t.to_ascii_lowercase().replace(['-', ' ', '/'], "_");
        let t = if t == "diplomacy" || t == "visits" { "diplomacy_visits".to_owned() } else { t };
        citra_actions::THEMES.iter().copied().find(|x| *x == t).map(Some).ok_or_else(|| {
            ApiError::bad_request(
                "bad_theme",
                format!("unknown theme '{t}': use one of {}", citra_actions::THEMES.join(", ")),
            )
        })
    }

    /// `action`: a quad class (`verbal_coop`, …) or a CAMEO root, by number or name.
    pub(crate) fn action(&self) -> Result<Option<Action>, ApiError> {
        let Some(a) = self.action.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let a = a.to_ascii_lowercase().replace(['-', ' '], "_");
        if let Some(q) = citra_model::Quad::parse(&a) {
            return Ok(Some(Action::Quad(q)));
        }
        if let Ok(r) = a.parse::<u8>()
            && (1..=20).contains(&r)
        {
            return Ok(Some(Action::Root(r)));
        }
        if let Some(i) = citra_actions::ROOT_NAMES.iter().position(|n| n.replace(' ', "_") == a) {
            return Ok(Some(Action::Root(i as u8 + 1)));
        }
        Err(ApiError::bad_request(
            "bad_action",
            format!(
                "unknown action '{a}': use a quad class (verbal_coop, material_coop, \
                 verbal_conflict, material_conflict) or a CAMEO root 1-20 (e.g. 13 for threaten)"
            ),
        ))
    }

    /// `min_docs`, at least 1.
    pub(crate) fn min_docs(&self, default: u64) -> Result<u64, ApiError> {
        let n = number("min_docs", self.min_docs.as_deref(), default)?;
        if n == 0 {
            return Err(ApiError::bad_request("bad_number", "min_docs must be at least 1"));
        }
        Ok(n)
    }

    /// `min_size`, at least 1.
    pub(crate) fn min_size(&self, default: usize) -> Result<usize, ApiError> {
        let n = number("min_size", self.min_size.as_deref(), default as u64)?;
        if n == 0 {
            return Err(ApiError::bad_request("bad_number", "min_size must be at least 1"));
        }
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// A boolean flag (`true`/`false`/`1`/`0`), false when absent. Only `infer` is one.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.infer.as_deref().map(str::trim) {
            None | Some("") | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(other) => Err(ApiError::bad_request(
                "bad_flag",
                format!("{name} '{other}' is not true or false"),
            )),
        }
    }

    /// `min_mentions`, at least 1.
    pub(crate) fn min_mentions(&self, default: u64) -> Result<u64, ApiError> {
        let n = number("min_mentions", self.min_mentions.as_deref(), default)?;
        if n == 0 {
            return Err(ApiError::bad_request("bad_number", "min_mentions must be at least 1"));
        }
        Ok(n)
    }

    /// `penalty`: bic (default), mbic or a number ≥ 0.
    pub(crate) fn penalty(&self) -> Result<citra_analytics::Penalty, ApiError> {
        match self.penalty.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(citra_analytics::Penalty::Bic),
            Some(s) => s.parse().map_err(|e: citra_analytics::PenaltyError| {
                ApiError::bad_request("bad_penalty", e.to_string())
            }),
        }
    }
}

fn number(name: &str, s: Option<&str>, default: u64) -> Result<u64, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| {
            ApiError::bad_request(
                "bad_number",
                format!("{name} '{s}' is not a whole number (e.g. {name}={default})"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(f: impl FnOnce(&mut Params)) -> Params {
        let mut p = Params::default();
        f(&mut p);
        p
    }

    #[test]
    fn params010_table() {
        // (params, expected error code or None)
        type Case = (Params, Option<&'static str>);
        let rows: Vec<(&str, Case)> = vec![
            ("country missing", (Params::default(), Some("missing_parameter"))),
            (
                "country unknown",
                (p(|p| p.country = Some("Atlantis".into())), Some("unknown_country")),
            ),
            ("country name", (p(|p| p.country = Some("Meksiko".into())), None)),
        ];
        for (name, (params, want)) in rows {
            assert_eq!(params.country().err().map(|e| e.code), want, "{name}");
        }
        let bad_date = p(|p| p.from = Some("26/01/2017".into())).range().unwrap_err();
        assert_eq!((bad_date.status.as_u16(), bad_date.code), (400, "bad_date"));
        let empty = p(|p| {
            p.from = Some("2018-01-01".into());
            p.to = Some("2017-01-01".into());
        });
        assert_eq!(empty.range().unwrap_err().code, "empty_range");
        let day = p(|p| {
            p.from = Some("2017-01-26".into());
            p.to = Some("2017-01-26".into());
        });
        let (f, t) = day.range().unwrap();
        assert_eq!(f.unwrap().to_rfc3339(), "2017-01-26T00:00:00+00:00");
        assert_eq!(t.unwrap().to_rfc3339(), "2017-01-27T00:00:00+00:00");
        assert_eq!(p(|p| p.by = Some("fortnight".into())).period().unwrap_err().code, "bad_period");
        assert_eq!(p(|p| p.by = Some("month".into())).period().unwrap(), Period::Month);
        assert_eq!(Params::default().page().unwrap(), (1, DEFAULT_PER_PAGE));
        assert_eq!(
            p(|p| p.per_page = Some("201".into())).page().unwrap_err().code,
            "page_too_large"
        );
        assert_eq!(p(|p| p.page = Some("0".into())).page().unwrap_err().code, "bad_page");
        assert_eq!(p(|p| p.page = Some("-1".into())).page().unwrap_err().code, "bad_number");
        assert_eq!(p(|p| p.limit = Some("5".into())).limit(10, 20).unwrap(), 5);
        assert_eq!(
            p(|p| p.limit = Some("50".into())).limit(10, 20).unwrap_err().code,
            "page_too_large"
        );
    }
}

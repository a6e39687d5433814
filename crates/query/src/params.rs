//! [`Params`]: a question's parameters as strings (the API's query string, the CLI's flags),
//! parsed into library types or a [`QueryError`] that says what to send instead. Every face
//! fills the same fields under the API's names; the CLI's flags are the same names with `-`.

use crate::error::{QueryError, param};
use chrono::{DateTime, NaiveDate, Utc};
use citra_analytics::{Penalty, Period, TopicMatcher};
use citra_mentions::{Country, Gazetteer};
use citra_pipeline::counting::{Authors, Counting, Leaders, VoiceFilter};
use serde::Deserialize;
use std::sync::Arc;

/// The most rows one page may hold.
pub const MAX_PER_PAGE: u64 = 200;
/// Rows per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u64 = 50;

/// A half-open UTC range; `None` ends are open.
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);
/// A half-open UTC range with both ends.
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// The parameters of every question (each reads the fields it needs), as the caller wrote
/// them. Empty strings count as absent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Params {
    pub country: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub limit: Option<String>,
    pub min_mentions: Option<String>,
    pub penalty: Option<String>,
    pub baseline_from: Option<String>,
    pub baseline_to: Option<String>,
    pub top: Option<String>,
    pub topic: Option<String>,
    pub at: Option<String>,
    pub sort: Option<String>,
    pub min_docs: Option<String>,
    pub min_size: Option<String>,
    pub nodes: Option<String>,
    pub infer: Option<String>,
    pub split: Option<String>,
    pub theme: Option<String>,
    pub action: Option<String>,
    pub leaders: Option<String>,
    pub voice: Option<String>,
    pub shock: Option<String>,
    pub window: Option<String>,
    pub of: Option<String>,
    pub actor: Option<String>,
    pub self_loops: Option<String>,
    pub coder: Option<String>,
    pub min_repeats: Option<String>,
    pub objects: Option<String>,
    pub exclude: Option<String>,
    pub coordination: Option<String>,
    pub post: Option<String>,
    pub within: Option<String>,
    pub min_tone: Option<String>,
    pub baseline_days: Option<String>,
    pub threshold: Option<String>,
    pub min_words: Option<String>,
    pub dedupe: Option<String>,
}

/// What `action` selects: a quad class or a CAMEO root (1–20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A quad class.
    Quad(citra_model::Quad),
    /// A CAMEO root code, 1 to 20.
    Root(u8),
}

/// Whose coding an answer is built from (`coder`): the relations graph, the image series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coder {
    /// citra's: the stored posts as citra annotates them.
    #[default]
    Citra,
    /// GDELT's: the stored GDELT 2.0 events.
    Gdelt,
}

impl Coder {
    /// `coder`: `citra` (the default) or `gdelt`.
    pub fn from_params(p: &Params) -> Result<Coder, QueryError> {
        match p.coder.as_deref().map(str::trim).unwrap_or("") {
            "" | "citra" => Ok(Coder::Citra),
            "gdelt" => Ok(Coder::Gdelt),
            other => Err(QueryError::bad_request(
                "bad_coder",
                format!("unknown {} '{other}': use citra or gdelt", param("coder")),
            )),
        }
    }

    /// The name, as `coder` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Coder::Citra => "citra",
            Coder::Gdelt => "gdelt",
        }
    }
}

/// What `split` asks for: one more series per segment of the observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The document's language (ISO 639-1 code).
    Lang,
    /// The author's handle (empty for none).
    Author,
    /// The author's voice toward the country: foreign, domestic or unknown.
    Voice,
}

impl Split {
    /// The name of the split, as the parameter takes it (`lang`, `author`, `voice`).
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Lang => "lang",
            Split::Author => "author",
            Split::Voice => "voice",
        }
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A country by code or by name in any supported language.
fn lookup(q: &str) -> Result<&'static Country, QueryError> {
    Gazetteer::shared().country(q).ok_or_else(|| {
        QueryError::bad_request(
            "unknown_country",
            format!(
                "unknown country '{q}': give an ISO 3166 code (MEX, MX) or a name in \
                 English, Indonesian or Spanish (Mexico, Meksiko, México)"
            ),
        )
    })
}

/// A flag of parameter `name` (`true`/`false`/`1`/`0`), false when absent.
fn flag(name: &str, v: &Option<String>) -> Result<bool, QueryError> {
    match given(v) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(QueryError::bad_request(
            "bad_flag",
            format!("{} '{other}' is not true or false", param(name)),
        )),
    }
}

/// A day `YYYY-MM-DD` of parameter `name`.
fn day(name: &str, s: Option<&str>) -> Result<Option<NaiveDate>, QueryError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| {
            QueryError::bad_request(
                "bad_date",
                format!("{} '{s}' is not a date: use YYYY-MM-DD, e.g. 2017-01-26", param(name)),
            )
        }),
    }
}

/// The start (00:00 UTC) of the required day of parameter `name`.
pub(crate) fn day_start(name: &str, s: Option<&str>) -> Result<DateTime<Utc>, QueryError> {
    day(name, s)?.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc()).ok_or_else(|| {
        QueryError::bad_request(
            "missing_parameter",
            format!("{} is required: a day, YYYY-MM-DD", param(name)),
        )
    })
}

/// Days `from`..=`to` of parameters `names` as a half-open UTC range `[from, to + 1 day)`.
fn days(names: (&str, &str), from: Option<&str>, to: Option<&str>) -> Result<Range, QueryError> {
    let from = day(names.0, from)?;
    let to = day(names.1, to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(QueryError::bad_request(
            "empty_range",
            format!("{} {f} is after {} {t}: the range is empty", param(names.0), param(names.1)),
        ));
    }
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    Ok((from.and_then(start), to.and_then(|d| d.succ_opt()).and_then(start)))
}

fn number(name: &str, s: Option<&str>, default: u64) -> Result<u64, QueryError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| {
            QueryError::bad_request(
                "bad_number",
                format!("{} '{s}' is not a whole number (e.g. {default})", param(name)),
            )
        }),
    }
}

pub(crate) fn at_least_one(name: &str, s: Option<&str>, default: u64) -> Result<u64, QueryError> {
    let n = number(name, s, default)?;
    if n == 0 {
        return Err(QueryError::bad_request(
            "bad_number",
            format!("{} must be at least 1", param(name)),
        ));
    }
    Ok(n)
}

impl Params {
    /// `leaders` (include, exclude: the default) and `voice` (all: the default, foreign,
    /// domestic, unknown) as counting rules, with the face's author table (the CLI's
    /// `--authors`, `citra serve --authors`).
    pub fn counting(&self, authors: Option<Arc<Authors>>) -> Result<Counting, QueryError> {
        let leaders = match given(&self.leaders) {
            None => Leaders::default(),
            Some(s) => Leaders::parse(s).map_err(|m| {
                QueryError::bad_request("bad_leaders", format!("{}: {m}", param("leaders")))
            })?,
        };
        let voice = match given(&self.voice) {
            None => VoiceFilter::default(),
            Some(s) => VoiceFilter::parse(s).map_err(|m| {
                QueryError::bad_request("bad_voice", format!("{}: {m}", param("voice")))
            })?,
        };
        let c = Counting::new(leaders, voice);
        Ok(match authors {
            Some(a) => c.with_authors(a),
            None => c,
        })
    }

    /// The required `country`, resolved by code or by name in any supported language.
    pub fn country(&self) -> Result<&'static Country, QueryError> {
        let Some(q) = given(&self.country) else {
            return Err(QueryError::bad_request(
                "missing_parameter",
                format!(
                    "{} is required: give an ISO 3166 code (MEX, MX) or a name (Mexico)",
                    param("country")
                ),
            ));
        };
        lookup(q)
    }

    /// `country` when given (resolved as [`Params::country`]), else `None`: every country.
    pub fn country_opt(&self) -> Result<Option<&'static Country>, QueryError> {
        given(&self.country).map(lookup).transpose()
    }

    /// `of`: the country an actor speaks for, when given (a code or a name, as `country`).
    pub fn of(&self) -> Result<Option<&'static Country>, QueryError> {
        given(&self.of)
            .map(|q| {
                lookup(q).map_err(|e| {
                    QueryError::bad_request(e.code, format!("{}: {}", param("of"), e.message()))
                })
            })
            .transpose()
    }

    /// `actor`: an author's handle (`@` optional), lower-cased, when given.
    pub fn actor(&self) -> Option<String> {
        given(&self.actor)
            .map(|a| a.trim_start_matches('@').trim().to_lowercase())
            .filter(|a| !a.is_empty())
    }

    /// `from` and `to` days (both inclusive) as a half-open UTC range `[from, to + 1 day)`.
    pub fn range(&self) -> Result<Range, QueryError> {
        days(("from", "to"), self.from.as_deref(), self.to.as_deref())
    }

    /// A required range: both `from` and `to` (named `what` in the message).
    pub fn window(&self, what: &str) -> Result<Window, QueryError> {
        match self.range()? {
            (Some(f), Some(t)) => Ok((f, t)),
            _ => Err(QueryError::bad_request(
                "missing_parameter",
                format!(
                    "{} and {} are required: the days of {what} (YYYY-MM-DD)",
                    param("from"),
                    param("to")
                ),
            )),
        }
    }

    /// `baseline_from` and `baseline_to` (both or neither).
    pub fn baseline(&self) -> Result<Option<Window>, QueryError> {
        let names = ("baseline_from", "baseline_to");
        match days(names, self.baseline_from.as_deref(), self.baseline_to.as_deref())? {
            (Some(f), Some(t)) => Ok(Some((f, t))),
            (None, None) => Ok(None),
            _ => Err(QueryError::bad_request(
                "missing_parameter",
                format!(
                    "give both {} and {}, or neither",
                    param("baseline_from"),
                    param("baseline_to")
                ),
            )),
        }
    }

    /// `at`: a day, the start of the "after" period.
    pub fn at(&self) -> Result<Option<DateTime<Utc>>, QueryError> {
        Ok(day("at", self.at.as_deref())?.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc()))
    }

    /// `top`, 1 to `max`, `default` when absent.
    pub fn top(&self, default: u64, max: u64) -> Result<usize, QueryError> {
        let n = number("top", self.top.as_deref(), default)?;
        if n == 0 || n > max {
            return Err(QueryError::bad_request(
                "page_too_large",
                format!("{} must be between 1 and {max}, not {n}", param("top")),
            ));
        }
        Ok(n as usize)
    }

    /// `top` when given (1 to `max`), else `None`: all.
    pub fn top_opt(&self, max: u64) -> Result<Option<usize>, QueryError> {
        if given(&self.top).is_none() {
            return Ok(None);
        }
        self.top(1, max).map(Some)
    }

    /// `by`: `default` when absent, else day, week, month or year.
    pub fn period(&self, default: Period) -> Result<Period, QueryError> {
        match given(&self.by) {
            None => Ok(default),
            Some(s) => s.parse().map_err(|e: citra_analytics::PeriodError| {
                QueryError::bad_request("bad_period", format!("{}: {e}", param("by")))
            }),
        }
    }

    /// `by` for series that need several points: day, week or month (`default` when absent).
    pub fn series_period(&self, default: Period) -> Result<Period, QueryError> {
        let period = self.period(default)?;
        if period == Period::Year {
            return Err(QueryError::bad_request(
                "bad_period",
                format!(
                    "{} year leaves too few points for change points: use day, week or month",
                    param("by")
                ),
            ));
        }
        Ok(period)
    }

    /// `page` (from 1) and `per_page` (1 to [`MAX_PER_PAGE`]).
    pub fn page(&self) -> Result<(u64, u64), QueryError> {
        let page = number("page", self.page.as_deref(), 1)?;
        let per_page = number("per_page", self.per_page.as_deref(), DEFAULT_PER_PAGE)?;
        if page == 0 {
            return Err(QueryError::bad_request(
                "bad_page",
                format!("{} starts at 1", param("page")),
            ));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(QueryError::bad_request(
                "page_too_large",
                format!(
                    "{} must be between 1 and {MAX_PER_PAGE}, not {per_page}",
                    param("per_page")
                ),
            ));
        }
        Ok((page, per_page))
    }

    /// `limit`, 1 to `max`, `default` when absent.
    pub fn limit(&self, default: u64, max: u64) -> Result<u64, QueryError> {
        let n = number("limit", self.limit.as_deref(), default)?;
        if n == 0 || n > max {
            return Err(QueryError::bad_request(
                "page_too_large",
                format!("{} must be between 1 and {max}, not {n}", param("limit")),
            ));
        }
        Ok(n)
    }

    /// `theme`: one of the actions stage's themes (`trade`, `migration`, …).
    pub fn theme(&self) -> Result<Option<&'static str>, QueryError> {
        let Some(t) = given(&self.theme) else { return Ok(None) };
        let t = t.to_ascii_lowercase().replace(['-', ' ', '/'], "_");
        let t = if t == "diplomacy" || t == "visits" { "diplomacy_visits".to_owned() } else { t };
        citra_actions::THEMES.iter().copied().find(|x| *x == t).map(Some).ok_or_else(|| {
            QueryError::bad_request(
                "bad_theme",
                format!("unknown theme '{t}': use one of {}", citra_actions::THEMES.join(", ")),
            )
        })
    }

    /// `action`: a quad class (`verbal_coop`, …) or a CAMEO root, by number or name.
    pub fn action(&self) -> Result<Option<Action>, QueryError> {
        let Some(a) = given(&self.action) else { return Ok(None) };
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
        Err(QueryError::bad_request(
            "bad_action",
            format!(
                "unknown action '{a}': use a quad class (verbal_coop, material_coop, \
                 verbal_conflict, material_conflict) or a CAMEO root 1-20 (e.g. 13 for threaten)"
            ),
        ))
    }

    /// `split`: lang, author or voice; `None` when absent.
    pub fn split(&self) -> Result<Option<Split>, QueryError> {
        let Some(s) = given(&self.split) else { return Ok(None) };
        match s.to_ascii_lowercase().as_str() {
            "lang" => Ok(Some(Split::Lang)),
            "author" => Ok(Some(Split::Author)),
            "voice" => Ok(Some(Split::Voice)),
            _ => Err(QueryError::bad_request(
                "bad_split",
                format!("{}: unknown split '{s}': use lang, author or voice", param("split")),
            )),
        }
    }

    /// The required `topic`: terms separated by commas (words, phrases, hashtags).
    pub fn topic(&self) -> Result<TopicMatcher, QueryError> {
        let Some(spec) = given(&self.topic) else {
            return Err(QueryError::bad_request(
                "missing_parameter",
                format!(
                    "{} is required: words, phrases or hashtags separated by commas, e.g. \
                     coco,#coco,día de muertos (in a URL, write # as %23)",
                    param("topic")
                ),
            ));
        };
        let matcher = TopicMatcher::new(spec);
        if matcher.is_empty() {
            return Err(QueryError::bad_request(
                "bad_topic",
                format!(
                    "{} '{spec}' has no terms: give words, phrases or hashtags separated by \
                     commas, e.g. coco,#coco,día de muertos",
                    param("topic")
                ),
            ));
        }
        Ok(matcher)
    }

    /// `min_docs`, at least 1.
    pub fn min_docs(&self, default: u64) -> Result<u64, QueryError> {
        at_least_one("min_docs", self.min_docs.as_deref(), default)
    }

    /// `min_size`, at least 1.
    pub fn min_size(&self, default: usize) -> Result<usize, QueryError> {
        let n = at_least_one("min_size", self.min_size.as_deref(), default as u64)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// `min_mentions`, at least 1.
    pub fn min_mentions(&self, default: u64) -> Result<u64, QueryError> {
        at_least_one("min_mentions", self.min_mentions.as_deref(), default)
    }

    /// `infer` (`true`/`false`/`1`/`0`), false when absent.
    pub fn infer(&self) -> Result<bool, QueryError> {
        flag("infer", &self.infer)
    }

    /// `self_loops` (`true`/`false`/`1`/`0`), false when absent.
    pub fn self_loops(&self) -> Result<bool, QueryError> {
        flag("self_loops", &self.self_loops)
    }

    /// `penalty`: bic (default), mbic or a number ≥ 0.
    pub fn penalty(&self) -> Result<Penalty, QueryError> {
        match given(&self.penalty) {
            None => Ok(Penalty::Bic),
            Some(s) => s.parse().map_err(|e: citra_analytics::PenaltyError| {
                QueryError::bad_request("bad_penalty", format!("{}: {e}", param("penalty")))
            }),
        }
    }

    /// What a coordination question looks for: `window` (a duration: `10s`, `1m`, `5m`, `1h`
    /// or seconds; default [`citra_coordination::DEFAULT_WINDOW_S`], at most a day),
    /// `min_repeats` (at least 1; default [`citra_coordination::DEFAULT_MIN_REPEATS`]) and
    /// `objects` (kinds separated by commas: text, reshare, url, hashtag; default
    /// text,reshare,url).
    pub fn coordination(&self) -> Result<citra_coordination::Options, QueryError> {
        let defaults = citra_coordination::Options::default();
        let window_s = match given(&self.window) {
            None => defaults.window_s,
            Some(s) => duration_s(s).filter(|&n| n <= MAX_WINDOW_S).ok_or_else(|| {
                QueryError::bad_request(
                    "bad_window",
                    format!(
                        "{} '{s}' is not a window of at most a day: give seconds or a duration \
                         such as 10s, 1m, 5m or 1h",
                        param("window")
                    ),
                )
            })?,
        };
        let min_repeats = at_least_one(
            "min_repeats",
            self.min_repeats.as_deref(),
            u64::from(defaults.min_repeats),
        )?;
        let kinds = match given(&self.objects) {
            None => defaults.kinds,
            Some(s) => {
                let mut kinds = std::collections::BTreeSet::new();
                for k in s.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    kinds.insert(citra_coordination::ObjectKind::parse(k).ok_or_else(|| {
                        QueryError::bad_request(
                            "bad_objects",
                            format!(
                                "{}: unknown kind '{k}': use text, reshare, url or hashtag, \
                                 separated by commas",
                                param("objects")
                            ),
                        )
                    })?);
                }
                if kinds.is_empty() {
                    return Err(QueryError::bad_request(
                        "bad_objects",
                        format!("{} is empty: use text, reshare, url or hashtag", param("objects")),
                    ));
                }
                kinds
            }
        };
        Ok(citra_coordination::Options {
            window_s,
            min_repeats: u32::try_from(min_repeats).unwrap_or(u32::MAX),
            kinds,
        })
    }

    /// `exclude`: `coordinated` (the accounts of coordination clusters, found with
    /// [`Params::coordination`]'s parameters) or absent (`None`).
    pub fn exclude(&self) -> Result<Option<citra_coordination::Options>, QueryError> {
        match given(&self.exclude) {
            None => Ok(None),
            Some("coordinated") => self.coordination().map(Some),
            Some(other) => Err(QueryError::bad_request(
                "bad_exclude",
                format!("unknown {} '{other}': use coordinated", param("exclude")),
            )),
        }
    }

    /// `threshold` (a similarity in (0, 1]) and `min_words` (at least 1): what a near-duplicate
    /// story is ([`citra_stories::Options`]; their defaults when absent).
    pub fn stories(&self) -> Result<citra_stories::Options, QueryError> {
        let defaults = citra_stories::Options::default();
        let threshold = match given(&self.threshold) {
            None => defaults.threshold,
            Some(s) => {
                s.parse::<f64>().ok().filter(|t| *t > 0.0 && *t <= 1.0).ok_or_else(|| {
                    QueryError::bad_request(
                        "bad_threshold",
                        format!(
                            "{} '{s}' is not a similarity above 0 and at most 1 (e.g. {})",
                            param("threshold"),
                            citra_stories::DEFAULT_THRESHOLD
                        ),
                    )
                })?
            }
        };
        let min_words =
            at_least_one("min_words", self.min_words.as_deref(), defaults.min_words as u64)?;
        Ok(citra_stories::Options { threshold, min_words: min_words.min(10_000) as usize })
    }

    /// `dedupe`: `story` counts each near-duplicate story once (with `threshold` and
    /// `min_words`); absent, every document counts.
    pub fn dedupe(&self) -> Result<Option<citra_stories::Options>, QueryError> {
        match given(&self.dedupe) {
            None => Ok(None),
            Some("story") => self.stories().map(Some),
            Some(other) => Err(QueryError::bad_request(
                "bad_dedupe",
                format!("unknown {} '{other}': use story", param("dedupe")),
            )),
        }
    }

    /// `coordination` (`true`/`false`/`1`/`0`), false when absent.
    pub fn coordination_flag(&self) -> Result<bool, QueryError> {
        flag("coordination", &self.coordination)
    }
}

/// The widest coordination window: a day (co-shares further apart are not coordination, and
/// the pairs grow with the window).
pub const MAX_WINDOW_S: u32 = 86_400;

/// Seconds of a duration: a whole number of seconds, or one with a unit `s`, `m` or `h`.
/// The longest `within` (a month).
pub const MAX_WITHIN_H: i64 = 31 * 24;

impl Params {
    /// `post`: the id of one post (a platform id, `platform:id`, `#store-id` or a key).
    pub fn post(&self) -> Option<String> {
        given(&self.post).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
    }

    /// `within`: how long after a post an answer may come (default `default_h` hours; a
    /// duration such as 72h, 3d, 90m, or hours), at most [`MAX_WITHIN_H`] hours.
    pub fn within(&self, default_h: i64) -> Result<chrono::Duration, QueryError> {
        let Some(s) = given(&self.within) else { return Ok(chrono::Duration::hours(default_h)) };
        let t = s.trim().to_ascii_lowercase();
        let secs = match t.strip_suffix('d').or_else(|| t.strip_suffix("days")) {
            Some(d) => d.trim().parse::<u32>().ok().and_then(|d| d.checked_mul(86_400)),
            None if t.bytes().all(|b| b.is_ascii_digit()) => {
                t.parse::<u32>().ok().and_then(|h| h.checked_mul(3600))
            }
            None => duration_s(&t),
        };
        match secs {
            Some(n) if n > 0 && i64::from(n) <= MAX_WITHIN_H * 3600 => {
                Ok(chrono::Duration::seconds(i64::from(n)))
            }
            _ => Err(QueryError::bad_request(
                "bad_within",
                format!(
                    "{} '{s}' is not a duration of at most 31 days: give hours or a duration \
                     such as 90m, 72h or 3d",
                    param("within")
                ),
            )),
        }
    }

    /// `min_tone`: the least |tone| toward a country that makes a post an act (default
    /// `default`), in (0, 1].
    pub fn min_tone(&self, default: f64) -> Result<f64, QueryError> {
        let Some(s) = given(&self.min_tone) else { return Ok(default) };
        match s.trim().parse::<f64>() {
            Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
            _ => Err(QueryError::bad_request(
                "bad_min_tone",
                format!("{} '{s}' is not a number in (0, 1], e.g. 0.5", param("min_tone")),
            )),
        }
    }

    /// `baseline_days`: days of each recovery window (default `default`), 1 to 90.
    pub fn baseline_days(&self, default: i64) -> Result<i64, QueryError> {
        let Some(s) = given(&self.baseline_days) else { return Ok(default) };
        match s.trim().parse::<i64>() {
            Ok(v) if (1..=90).contains(&v) => Ok(v),
            _ => Err(QueryError::bad_request(
                "bad_baseline_days",
                format!(
                    "{} '{s}' is not a whole number of days from 1 to 90",
                    param("baseline_days")
                ),
            )),
        }
    }
}

fn duration_s(s: &str) -> Option<u32> {
    let s = s.trim().to_ascii_lowercase();
    let (num, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (s.get(..i)?, s.get(i..)?.trim()),
        None => (s.as_str(), "s"),
    };
    let n: u32 = num.parse().ok()?;
    let unit = match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hour" | "hours" => 3600,
        _ => return None,
    };
    n.checked_mul(unit)
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
        // (name, params, expected error code or None)
        let rows: Vec<(&str, Params, Option<&'static str>)> = vec![
            ("country missing", Params::default(), Some("missing_parameter")),
            (
                "country unknown",
                p(|p| p.country = Some("Atlantis".into())),
                Some("unknown_country"),
            ),
            ("country name", p(|p| p.country = Some("Meksiko".into())), None),
            ("country blank", p(|p| p.country = Some("  ".into())), Some("missing_parameter")),
        ];
        for (name, params, want) in rows {
            assert_eq!(params.country().err().map(|e| e.code), want, "{name}");
        }
        let bad_date = p(|p| p.from = Some("26/01/2017".into())).range().unwrap_err();
        assert_eq!(bad_date.code, "bad_date");
        assert_eq!(
            bad_date.message(),
            "from '26/01/2017' is not a date: use YYYY-MM-DD, e.g. 2017-01-26"
        );
        assert!(bad_date.cli_message().starts_with("--from '26/01/2017'"));
        let empty = p(|p| {
            p.from = Some("2018-01-01".into());
            p.to = Some("2017-01-01".into());
        });
        let e = empty.range().unwrap_err();
        assert_eq!(e.code, "empty_range");
        assert_eq!(
            e.cli_message(),
            "--from 2018-01-01 is after --to 2017-01-01: the range is empty"
        );
        let day = p(|p| {
            p.from = Some("2017-01-26".into());
            p.to = Some("2017-01-26".into());
        });
        let (f, t) = day.range().unwrap();
        assert_eq!(f.unwrap().to_rfc3339(), "2017-01-26T00:00:00+00:00");
        assert_eq!(t.unwrap().to_rfc3339(), "2017-01-27T00:00:00+00:00");
        let b = p(|p| p.baseline_from = Some("x".into())).baseline().unwrap_err();
        assert_eq!(b.message(), "baseline_from 'x' is not a date: use YYYY-MM-DD, e.g. 2017-01-26");
        let b = p(|p| p.baseline_from = Some("2017-01-01".into())).baseline().unwrap_err();
        assert_eq!(b.cli_message(), "give both --baseline-from and --baseline-to, or neither");
        assert_eq!(p(|p| p.at = Some("2019".into())).at().unwrap_err().code, "bad_date");
        let by = |s: &str| p(|p| p.by = Some(s.into()));
        assert_eq!(by("fortnight").period(Period::Day).unwrap_err().code, "bad_period");
        assert_eq!(by("month").period(Period::Day).unwrap(), Period::Month);
        assert_eq!(Params::default().period(Period::Week).unwrap(), Period::Week);
        assert_eq!(by("year").series_period(Period::Week).unwrap_err().code, "bad_period");
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
        let m = p(|p| p.min_mentions = Some("0".into())).min_mentions(5).unwrap_err();
        assert_eq!(
            (m.code, m.cli_message().as_str()),
            ("bad_number", "--min-mentions must be at least 1")
        );
        assert_eq!(Params::default().top_opt(100).unwrap(), None);
        assert_eq!(p(|p| p.top = Some("3".into())).top_opt(100).unwrap(), Some(3));
        assert_eq!(p(|p| p.infer = Some("maybe".into())).infer().unwrap_err().code, "bad_flag");
        let e = p(|p| p.self_loops = Some("yes".into())).self_loops().unwrap_err();
        assert_eq!(e.cli_message(), "--self-loops 'yes' is not true or false");
        assert!(p(|p| p.self_loops = Some("1".into())).self_loops().unwrap());
        assert_eq!(Params::default().country_opt().unwrap(), None);
        assert_eq!(p(|p| p.of = Some("Atlantis".into())).of().unwrap_err().code, "unknown_country");
        assert_eq!(
            p(|p| p.of = Some("Meksiko".into())).of().unwrap().map(|c| c.alpha3),
            Some("MEX")
        );
        assert_eq!(p(|p| p.actor = Some(" @POTUS ".into())).actor().as_deref(), Some("potus"));
        assert_eq!(p(|p| p.actor = Some("@".into())).actor(), None);
        assert_eq!(
            p(|p| p.voice = Some("loud".into())).counting(None).unwrap_err().code,
            "bad_voice"
        );
        assert_eq!(Params::default().split().unwrap(), None);
        assert_eq!(p(|p| p.split = Some("Voice".into())).split().unwrap(), Some(Split::Voice));
        let e = p(|p| p.split = Some("planet".into())).split().unwrap_err();
        assert_eq!(
            (e.code, e.cli_message().as_str()),
            ("bad_split", "--split: unknown split 'planet': use lang, author or voice")
        );
        assert_eq!(Params::default().topic().unwrap_err().code, "missing_parameter");
        let e = p(|p| p.topic = Some(" , #".into())).topic().unwrap_err();
        assert_eq!(e.code, "bad_topic");
        assert!(e.message().starts_with("topic ', #' has no terms"), "{}", e.message());
        let t = p(|p| p.topic = Some("wall,#BuildTheWall".into())).topic().unwrap();
        assert_eq!(t.terms(), ["buildthewall", "wall"]);
    }

    #[test]
    fn params020_coordination() {
        use citra_coordination::ObjectKind;
        // (window, min_repeats, objects) → (window_s, min_repeats) or the error code.
        type Row<'a> =
            (Option<&'a str>, Option<&'a str>, Option<&'a str>, Result<(u32, u32), &'a str>);
        let rows: &[Row] = &[
            (None, None, None, Ok((10, 2))),
            (Some("10s"), None, None, Ok((10, 2))),
            (Some("90"), None, None, Ok((90, 2))),
            (Some("1m"), Some("3"), None, Ok((60, 3))),
            (Some(" 5 min "), None, None, Ok((300, 2))),
            (Some("1h"), None, None, Ok((3600, 2))),
            (Some("24h"), None, None, Ok((86_400, 2))),
            (Some("25h"), None, None, Err("bad_window")),
            (Some("ten"), None, None, Err("bad_window")),
            (Some("10d"), None, None, Err("bad_window")),
            (Some("-5s"), None, None, Err("bad_window")),
            (None, Some("0"), None, Err("bad_number")),
            (None, None, Some("text,hashtag"), Ok((10, 2))),
            (None, None, Some("links"), Err("bad_objects")),
            (None, None, Some(" , "), Err("bad_objects")),
        ];
        for (window, repeats, objects, want) in rows {
            let params = p(|p| {
                p.window = window.map(Into::into);
                p.min_repeats = repeats.map(Into::into);
                p.objects = objects.map(Into::into);
            });
            let got =
                params.coordination().map(|o| (o.window_s, o.min_repeats)).map_err(|e| e.code);
            assert_eq!(got, *want, "{window:?} {repeats:?} {objects:?}");
        }
        let kinds = p(|p| p.objects = Some("Text, hashtag".into())).coordination().unwrap().kinds;
        assert_eq!(kinds.into_iter().collect::<Vec<_>>(), [ObjectKind::Text, ObjectKind::Hashtag]);
        let e = p(|p| p.window = Some("soon".into())).coordination().unwrap_err();
        assert!(e.cli_message().starts_with("--window 'soon' is not a window"), "{}", e.message());
        assert_eq!(Params::default().exclude().unwrap(), None);
        let ex = p(|p| {
            p.exclude = Some("coordinated".into());
            p.window = Some("1m".into());
        });
        assert_eq!(ex.exclude().unwrap().map(|o| o.window_s), Some(60));
        let e = p(|p| p.exclude = Some("bots".into())).exclude().unwrap_err();
        assert_eq!(
            (e.code, e.cli_message().as_str()),
            ("bad_exclude", "unknown --exclude 'bots': use coordinated")
        );
        assert!(!Params::default().coordination_flag().unwrap());
    }

    #[test]
    fn within_min_tone_baseline() {
        let w = |v: &str| p(|p| p.within = Some(v.into())).within(72).map(|d| d.num_seconds());
        for (v, want) in
            [("72h", 259_200), ("3d", 259_200), ("90m", 5400), ("8", 28_800), ("31d", 2_678_400)]
        {
            assert_eq!(w(v).unwrap(), want, "{v}");
        }
        for bad in ["forever", "0", "32d", "-3h", "h"] {
            assert_eq!(w(bad).unwrap_err().code, "bad_within", "{bad}");
        }
        assert_eq!(Params::default().within(72).unwrap().num_hours(), 72);
        let t = |v: &str| p(|p| p.min_tone = Some(v.into())).min_tone(0.5);
        assert_eq!(t("0.3").unwrap(), 0.3);
        for bad in ["0", "1.5", "x", "-0.2"] {
            assert_eq!(t(bad).unwrap_err().code, "bad_min_tone", "{bad}");
        }
        let b = |v: &str| p(|p| p.baseline_days = Some(v.into())).baseline_days(7);
        assert_eq!(b("14").unwrap(), 14);
        for bad in ["0", "91", "a week"] {
            assert_eq!(b(bad).unwrap_err().code, "bad_baseline_days", "{bad}");
        }
    }
}

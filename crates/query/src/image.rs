//! Image: the citra index of a country per period (see `citra_analytics::image_index`), for all
//! its mentions or those with a theme or an action, optionally split by language, author or
//! voice. `citra image`, `GET /api/v1/image`, `citra demo`.

use crate::error::{QueryError, param};
use crate::params::{Action, Coder, Params, Range, Split};
use citra_analytics::{IndexPoint, Period, image_index, image_index_by};
use citra_mentions::Country;
use citra_pipeline::counting::{Authors, Counting, Tally};
use citra_store::{ObsQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How each document is weighted in the index.
pub const WEIGHT: &str = "1 + ln(1 + engagement)";

/// The period of each point when `by` is not given, on every face.
pub const DEFAULT_PERIOD: Period = Period::Day;

/// An image question.
#[derive(Debug, Clone)]
pub struct Request {
    /// The country.
    pub country: &'static Country,
    /// Days of the index (`from`, `to`).
    pub range: Range,
    /// Period of each point (`by`; [`DEFAULT_PERIOD`], a day, when absent).
    pub period: Period,
    /// Only mentions with this theme (`theme`).
    pub theme: Option<&'static str>,
    /// Only mentions with an action of this kind coded about them (`action`).
    pub action: Option<Action>,
    /// Also one series per segment (`split`; the CLI's `--by-voice` is `split=voice`).
    pub split: Option<Split>,
    /// What counts (`leaders`, `voice`, the face's author table).
    pub counting: Counting,
    /// Whose coding (`coder`, default citra): with gdelt, the series is GDELT's tone toward the
    /// country ([`gdelt_answer`]), and `theme`, `action` and `split` do not apply.
    pub coder: Coder,
    /// Leave out the posts of the accounts in coordination clusters (`exclude=coordinated`,
    /// found over the same range with `window`, `min_repeats` and `objects`).
    pub exclude: Option<citra_coordination::Options>,
    /// Count each near-duplicate story once (`dedupe=story`, stories found over the same range
    /// with `threshold` and `min_words`; see [`crate::stories::DEDUPE`]).
    pub dedupe: Option<citra_stories::Options>,
}

impl Request {
    /// The question from its parameters: `country` (required), `from`, `to`, `by`, `theme`,
    /// `action`, `split`, `leaders`, `voice`, `exclude` (with `window`, `min_repeats`,
    /// `objects`), `dedupe` (with `threshold`, `min_words`).
    pub fn from_params(p: &Params, authors: Option<Arc<Authors>>) -> Result<Request, QueryError> {
        let coder = Coder::from_params(p)?;
        if coder == Coder::Gdelt {
            let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
            for (name, v) in [("theme", &p.theme), ("action", &p.action), ("split", &p.split)] {
                if given(v) {
                    return Err(QueryError::bad_request(
                        "bad_coder",
                        format!(
                            "{} gdelt gives GDELT's tone toward the country, which has no {}: \
                             leave it out, or use {} citra",
                            param("coder"),
                            param(name),
                            param("coder")
                        ),
                    ));
                }
            }
        }
        Ok(Request {
            coder,
            country: p.country()?,
            range: p.range()?,
            period: p.period(DEFAULT_PERIOD)?,
            theme: p.theme()?,
            action: p.action()?,
            split: p.split()?,
            counting: p.counting(authors)?,
            exclude: p.exclude()?,
            dedupe: p.dedupe()?,
        })
    }
}

/// One segment's series.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// The segment: a language code (`lang`), an author handle (`author`, empty for none) or a
    /// voice (`voice`: foreign, domestic, unknown).
    pub key: String,
    /// Its index, one point per period with documents.
    pub points: Vec<IndexPoint>,
}

/// One voice's series (the shape `citra image --by-voice` has always given).
#[derive(Debug, Clone, Serialize)]
pub struct VoiceSeries {
    /// foreign, domestic or unknown.
    pub voice: &'static str,
    /// Its index, one point per period with documents.
    pub points: Vec<IndexPoint>,
}

/// The index of one country.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// `day`, `week`, `month` or `year`: the period of each point.
    pub period: &'static str,
    /// Each document's weight in the index ([`WEIGHT`]).
    pub weight: &'static str,
    /// Whether leaders' mentions counted: `include` or `exclude`.
    pub leaders: &'static str,
    /// Which voices counted: `all`, `foreign`, `domestic` or `unknown`.
    pub voice: &'static str,
    /// Mentions that counted and those left out, by reason (after `theme` and `action`).
    pub counting: Tally,
    /// The theme asked for (its canonical name), when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<&'static str>,
    /// The action asked for, when one was: a quad class name (`verbal_conflict`) or a CAMEO
    /// root number (`13`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The index over everything that counted, one point per period with documents, in time
    /// order.
    pub points: Vec<IndexPoint>,
    /// The split asked for (`lang`, `author`, `voice`), when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<&'static str>,
    /// With a split: one series per segment, by key (voices in the order foreign, domestic,
    /// unknown); a segment without documents has no series.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<Series>>,
    /// With `split=voice`: the same series as `segments`, keyed `voice`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voices: Option<Vec<VoiceSeries>>,
    /// With `exclude=coordinated`: what was left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Excluded>,
    /// With `dedupe=story`: what was merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deduped: Option<crate::stories::Deduped>,
}

/// What `exclude=coordinated` left out of an image.
#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    /// Always `coordinated`.
    pub what: &'static str,
    /// The coordination window, in seconds.
    pub window_s: u32,
    /// The repeats a coordination edge needs.
    pub min_repeats: u32,
    /// Clusters found in the range (over every post, not only this country's).
    pub clusters: usize,
    /// Accounts in those clusters.
    pub accounts: usize,
    /// Mentions of the country by those accounts, left out (before the counting rules).
    pub mentions: usize,
    /// Documents of those mentions.
    pub docs: usize,
    /// The excluded accounts with the most mentions of the country left out (at most 10), by
    /// mentions then handle.
    pub top_accounts: Vec<ExcludedAccount>,
}

/// An account whose mentions `exclude=coordinated` left out.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedAccount {
    /// The handle.
    pub account: String,
    /// Its cluster (`citra coordination`'s cluster id with the same window and repeats).
    pub cluster: usize,
    /// Its mentions of the country left out.
    pub mentions: usize,
}

/// What a GDELT image series is, in words: GDELT's tone, not citra's index.
pub const GDELT_TONE: &str = "GDELT's tone toward the country: per period of SQLDATE, the GDELT \
    2.0 events whose Actor2 (target) is the country; avg_tone is the mean AvgTone of their articles \
    on GDELT's scale (-100 to 100, most within -10..10), not the citra index (-1 to 1); goldstein \
    the mean GoldsteinScale (-10 to 10)";

/// One period of GDELT's tone toward a country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GdeltPoint {
    /// The period's label (`2019-06-07`, `2019-W23`, `2019-06`, `2019`).
    pub period: String,
    /// Its first day.
    pub start: chrono::NaiveDate,
    /// GDELT events with the country as Actor2 in the period.
    pub events: u64,
    /// Their mean AvgTone (GDELT's scale, -100..100).
    pub avg_tone: f64,
    /// Their mean GoldsteinScale.
    pub goldstein: f64,
}

/// GDELT's tone toward a country per period: `citra image --coder gdelt`,
/// `GET /api/v1/image?coder=gdelt`.
#[derive(Debug, Clone, Serialize)]
pub struct GdeltAnswer {
    /// Always `gdelt`.
    pub coder: &'static str,
    /// ISO 3166-1 alpha-3 code.
    pub country: &'static str,
    /// English name.
    pub name: &'static str,
    /// `day`, `week`, `month` or `year`.
    pub period: &'static str,
    /// What the numbers are ([`GDELT_TONE`]).
    pub tone: &'static str,
    /// One point per period with events, in time order.
    pub points: Vec<GdeltPoint>,
}

/// GDELT's tone toward the question's country over its range, by its period
/// ([`Store::gdelt_target_tone`]).
pub fn gdelt_answer(store: &Store, req: &Request) -> Result<GdeltAnswer, QueryError> {
    let days = store.gdelt_target_tone(req.country.alpha3, req.range.0, req.range.1)?;
    let mut by: BTreeMap<chrono::NaiveDate, (u64, f64, f64)> = BTreeMap::new();
    for d in days {
        let Some(t) = d.day.and_hms_opt(0, 0, 0) else { continue };
        let e = by.entry(req.period.start_of(t.and_utc())).or_default();
        e.0 += d.events;
        e.1 += d.tone_sum;
        e.2 += d.goldstein_sum;
    }
    let points = by
        .into_iter()
        .filter(|(_, (n, _, _))| *n > 0)
        .map(|(start, (n, tone, goldstein))| GdeltPoint {
            period: req.period.label(start),
            start,
            events: n,
            avg_tone: tone / n as f64,
            goldstein: goldstein / n as f64,
        })
        .collect();
    Ok(GdeltAnswer {
        coder: Coder::Gdelt.as_str(),
        country: req.country.alpha3,
        name: req.country.name_en,
        period: req.period.as_str(),
        tone: GDELT_TONE,
        points,
    })
}

/// What an image question may reuse instead of finding it again: the coordination network and
/// the stories of its range, found with the request's `exclude` and `dedupe` options (the
/// report finds them once for all its countries). What is absent is found from the store.
#[derive(Debug, Clone, Copy, Default)]
pub struct Found<'a> {
    /// The network `exclude=coordinated` leaves out ([`crate::coordination::network`]).
    pub network: Option<&'a citra_coordination::Network>,
    /// The stories `dedupe=story` folds ([`crate::stories::stories`]).
    pub stories: Option<&'a citra_stories::Stories>,
}

/// Answers an image question from the store.
pub fn answer(store: &Store, req: &Request) -> Result<Answer, QueryError> {
    answer_using(store, req, Found::default())
}

/// Answers an image question from the store, with what was [`Found`] already.
pub fn answer_using(store: &Store, req: &Request, found: Found<'_>) -> Result<Answer, QueryError> {
    let q = ObsQuery { country: req.country.alpha3.to_owned(), from: req.range.0, to: req.range.1 };
    let mut obs = store.observations(&q)?;
    if req.theme.is_some() || req.action.is_some() {
        // Only the mentions with the theme and/or an action of that kind coded about them.
        let facets = store.mention_facets(&q)?;
        obs.retain(|o| {
            let Some(f) = facets.get(&o.mention_id) else { return false };
            req.theme.is_none_or(|t| f.themes.iter().any(|x| x == t))
                && req.action.is_none_or(|a| match a {
                    Action::Quad(q) => f.quads.contains(&q),
                    Action::Root(r) => f.roots.contains(&r),
                })
        });
    }
    let excluded = match &req.exclude {
        None => None,
        Some(options) => {
            let owned;
            let net = match found.network {
                Some(net) => net,
                None => {
                    owned = crate::coordination::network(store, req.range, options)?;
                    &owned
                }
            };
            let members = net.membership();
            let before = obs.len();
            let mut docs = std::collections::BTreeSet::new();
            let mut by_account: BTreeMap<&str, usize> = BTreeMap::new();
            for o in &obs {
                if let Some(a) = o.author.as_deref()
                    && members.contains_key(a)
                {
                    docs.insert(o.doc_id);
                    *by_account.entry(a).or_default() += 1;
                }
            }
            let mut top: Vec<ExcludedAccount> = by_account
                .into_iter()
                .map(|(a, n)| ExcludedAccount {
                    account: a.to_owned(),
                    cluster: members[a],
                    mentions: n,
                })
                .collect();
            top.sort_by(|x, y| y.mentions.cmp(&x.mentions).then(x.account.cmp(&y.account)));
            top.truncate(10);
            obs.retain(|o| o.author.as_deref().is_none_or(|a| !members.contains_key(a)));
            Some(Excluded {
                what: "coordinated",
                window_s: net.window_s,
                min_repeats: net.min_repeats,
                clusters: net.clusters.len(),
                accounts: members.len(),
                mentions: before - obs.len(),
                docs: docs.len(),
                top_accounts: top,
            })
        }
    };
    let period = req.period;
    let (mut obs, tally) = req.counting.apply(obs);
    // After the counting rules: a story's first copy is its first document whose mentions
    // count, and `merged` counts only mentions that would have counted.
    let deduped = match &req.dedupe {
        None => None,
        Some(options) => {
            let owned;
            let stories = match found.stories {
                Some(st) => st,
                None => {
                    owned = crate::stories::stories(store, req.range, options)?.1;
                    &owned
                }
            };
            Some(crate::stories::dedupe(&mut obs, stories, period))
        }
    };
    let keyed = |m: BTreeMap<String, Vec<IndexPoint>>| -> Option<Vec<Series>> {
        Some(m.into_iter().map(|(key, points)| Series { key, points }).collect())
    };
    let (segments, voices) = match req.split {
        None => (None, None),
        Some(Split::Lang) => {
            (keyed(image_index_by(&obs, period, |o| o.lang.code().to_owned())), None)
        }
        Some(Split::Author) => {
            (keyed(image_index_by(&obs, period, |o| o.author.clone().unwrap_or_default())), None)
        }
        Some(Split::Voice) => {
            let voices: Vec<VoiceSeries> = image_index_by(&obs, period, |o| req.counting.voice(o))
                .into_iter()
                .map(|(v, points)| VoiceSeries { voice: v.as_str(), points })
                .collect();
            let segments = voices
                .iter()
                .map(|v| Series { key: v.voice.to_owned(), points: v.points.clone() })
                .collect();
            (Some(segments), Some(voices))
        }
    };
    Ok(Answer {
        country: req.country.alpha3,
        name: req.country.name_en,
        period: period.as_str(),
        weight: WEIGHT,
        leaders: req.counting.leaders.as_str(),
        voice: req.counting.voice.as_str(),
        counting: tally,
        theme: req.theme,
        action: req.action.map(|a| match a {
            Action::Quad(q) => q.as_str().to_owned(),
            Action::Root(r) => r.to_string(),
        }),
        points: image_index(&obs, period),
        split: req.split.map(Split::as_str),
        segments,
        voices,
        excluded,
        deduped,
    })
}

//! Reactions and rebuttals: which other countries' officials answered a post with reach, how
//! fast, with what tone and action, and how far the answer carried; and, when the country that
//! answered was the one attacked, whether its index recovered.
//!
//! The method, as [`reactions`] and [`recovery`] apply it:
//!
//! - An **act** is a post with a coded action toward a country or a strong tone toward one
//!   (`|tone| >= min_tone`, default 0.5), other than the author's own country. Its *targets*
//!   are those countries; it *attacks* a target it is negative toward (tone `<= -min_tone`) or
//!   acts on with a conflict action (quad `verbal_conflict` or `material_conflict`, not negated).
//! - An **answer** is a post by an official of another country (an account of the actor
//!   registry, on the post's date, whose actor holds an official role: head of state or
//!   government, foreign minister, foreign ministry, ambassador, embassy, spokesperson),
//!   published after the act and at most `within` later (default 72 h), that either replies to
//!   or quotes the act (`reply`, `quote`), or names the act's country or one of its targets with
//!   a coded action or a tone that is not neutral (`names_country`, `names_target`). A post
//!   naming only the answering country itself is not an answer (heads of state name their own
//!   country all day); an attacked country's answer replies, quotes or names the attacker.
//! - Its **delay** is its time minus the act's; its **reach ratio** is its engagement (reshares
//!   + likes + replies + quotes) divided by the act's (none when the act has no engagement).
//! - An answer is a **rebuttal** when the answering country is one the act attacked.
//! - **Recovery** ([`recovery`]): the attacked country's index (the citra index, exactly as
//!   `citra image` computes it, pooled over each window) *before* the attack (the `baseline`
//!   days before the attack's day), at its *low* (the lowest daily index from the attack's day
//!   to the answer's day), and *after* the answer (the `baseline` days after the answer's day),
//!   each with its 95% interval. It *recovered* when the level after is at least the lower bound
//!   of the interval before; *not recovered* when the whole interval after lies below that bound;
//!   otherwise (or with a window without documents) it is *unclear*.

use crate::index::{IndexPoint, image_index};
use crate::period::Period;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use citra_model::Observation;
use serde::Serialize;
use std::collections::BTreeMap;

/// Least `|tone|` toward a country that makes a post an act, by default.
pub const DEFAULT_MIN_TONE: f64 = 0.5;
/// Tone at or beyond which an answer's tone toward a country is not neutral (VADER's ±0.05,
/// the tone stage's label thresholds).
pub const NEUTRAL_BAND: f64 = 0.05;
/// Hours an answer may come after the act, by default.
pub const DEFAULT_WITHIN_H: i64 = 72;
/// Days of each recovery window (before the attack, after the answer), by default.
pub const DEFAULT_BASELINE_DAYS: i64 = 7;

/// An official account's actor on the post's date, resolved from the actor registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Official {
    /// The registry actor (`idn-jokowi`).
    pub actor: String,
    /// The actor's name (`Joko Widodo`).
    pub name: String,
    /// The country the actor speaks for on that date, ISO alpha-3.
    pub country: String,
    /// The official role held on that date (`head_of_state`, `foreign_ministry`, …).
    pub role: String,
}

/// A coded action of a post, as the answer lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Act {
    /// Who acts (alpha-3 or actor code, `---` unknown).
    pub source: String,
    /// Toward whom.
    pub target: String,
    /// CAMEO code (`"122"`).
    pub code: String,
    /// Quad class (`verbal_conflict`, …).
    pub quad: String,
    /// Goldstein intensity.
    pub goldstein: f64,
    /// The action is negated (did not happen).
    pub negated: bool,
}

impl Act {
    /// A conflict action that happened.
    pub fn is_conflict(&self) -> bool {
        !self.negated && matches!(self.quad.as_str(), "verbal_conflict" | "material_conflict")
    }
}

/// A post as reactions read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReactionPost {
    /// Store id.
    pub id: i64,
    /// Platform (`twitter`).
    pub platform: String,
    /// The platform's id, if any.
    pub native_id: Option<String>,
    /// Author handle.
    pub author: Option<String>,
    /// The author as an official of a country on the post's date, if the registry says so.
    pub official: Option<Official>,
    /// Publication time.
    pub time: DateTime<Utc>,
    /// Reshares + likes + replies + quotes as the platform reported them.
    pub engagement: u64,
    /// Native id of the post it replies to.
    pub reply_to: Option<String>,
    /// Native id of the post it quotes.
    pub quote_of: Option<String>,
    /// Mean tone toward each country it mentions (alpha-3 → score in [-1, 1]); countries
    /// mentioned but not scored are absent.
    pub tone: BTreeMap<String, f64>,
    /// Its coded actions.
    pub actions: Vec<Act>,
    /// A snippet of its text.
    pub text: String,
}

impl ReactionPost {
    fn own_country(&self) -> Option<&str> {
        self.official.as_ref().map(|o| o.country.as_str())
    }

    /// The countries this post is an act toward: strong tone (`|tone| >= min_tone`) or a coded
    /// action that happened, the author's own country left out; sorted, each once.
    pub fn targets(&self, min_tone: f64) -> Vec<String> {
        let own = self.own_country();
        let mut out: Vec<String> = self
            .tone
            .iter()
            .filter(|(_, s)| s.abs() >= min_tone)
            .map(|(c, _)| c.clone())
            .chain(self.actions.iter().filter(|a| !a.negated).map(|a| a.target.clone()))
            .filter(|c| is_country(c) && Some(c.as_str()) != own)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The targets this post attacks: tone `<= -min_tone` or a conflict action.
    pub fn attacked(&self, min_tone: f64) -> Vec<String> {
        let own = self.own_country();
        let mut out: Vec<String> = self
            .tone
            .iter()
            .filter(|(_, s)| **s <= -min_tone)
            .map(|(c, _)| c.clone())
            .chain(self.actions.iter().filter(|a| a.is_conflict()).map(|a| a.target.clone()))
            .filter(|c| is_country(c) && Some(c.as_str()) != own)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether the post is an act (has a target).
    pub fn is_act(&self, min_tone: f64) -> bool {
        !self.targets(min_tone).is_empty()
    }

    /// Whether the post speaks about `country`: a coded action toward it, or a tone toward it
    /// outside the neutral band.
    fn speaks_about(&self, country: &str) -> bool {
        self.tone.get(country).is_some_and(|s| s.abs() >= NEUTRAL_BAND)
            || self.actions.iter().any(|a| !a.negated && a.target == country)
    }
}

/// An alpha-3 country code (three upper-case letters), not an actor code or `---`.
fn is_country(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// How an answer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// A reply to the act.
    Reply,
    /// A quote of the act.
    Quote,
    /// Names the act's country with an action or a tone.
    NamesCountry,
    /// Names one of the act's targets with an action or a tone.
    NamesTarget,
}

impl How {
    /// The name used in the answer.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Reply => "reply",
            How::Quote => "quote",
            How::NamesCountry => "names_country",
            How::NamesTarget => "names_target",
        }
    }
}

/// A country an answer names, with its tone toward it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct About {
    /// ISO alpha-3.
    pub country: String,
    /// The answer's mean tone toward it; none when only a coded action names it.
    pub tone: Option<f64>,
}

/// One answer to an act.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reaction {
    /// The answering post.
    pub post: ReactionPost,
    /// The answering country (the official's).
    pub country: String,
    /// How it answers (a reply or quote first, then by what it names).
    pub how: Vec<How>,
    /// The countries of the act (its author's and its targets) that the answer names with a
    /// tone or action, each with the answer's tone toward it.
    pub about: Vec<About>,
    /// Seconds after the act.
    pub delay_s: i64,
    /// The answer's engagement over the act's; none when the act has no engagement.
    pub reach_ratio: Option<f64>,
    /// The answering country is one the act attacked.
    pub rebuttal: bool,
}

/// The answers to `act` among `posts` (any order; the act itself and posts outside the window
/// are ignored), earliest first. `within` is how long after the act an answer may come.
pub fn reactions(
    act: &ReactionPost,
    posts: &[ReactionPost],
    within: Duration,
    min_tone: f64,
) -> Vec<Reaction> {
    let own = act.own_country();
    let targets = act.targets(min_tone);
    let attacked = act.attacked(min_tone);
    let end = act.time + within;
    let mut out = Vec::new();
    for p in posts {
        let Some(off) = &p.official else { continue };
        if p.id == act.id || p.time <= act.time || p.time > end || Some(off.country.as_str()) == own
        {
            continue;
        }
        let linked = |to: &Option<String>| {
            p.platform == act.platform && act.native_id.is_some() && *to == act.native_id
        };
        let mut how = Vec::new();
        if linked(&p.reply_to) {
            how.push(How::Reply);
        }
        if linked(&p.quote_of) {
            how.push(How::Quote);
        }
        let mut about = Vec::new();
        if let Some(c) = own
            && p.speaks_about(c)
        {
            how.push(How::NamesCountry);
            about.push(About { country: c.to_owned(), tone: p.tone.get(c).copied() });
        }
        let mut named_target = false;
        for t in &targets {
            if *t != off.country && p.speaks_about(t) {
                named_target = true;
                about.push(About { country: t.clone(), tone: p.tone.get(t).copied() });
            }
        }
        if named_target {
            how.push(How::NamesTarget);
        }
        if how.is_empty() {
            continue;
        }
        let reach_ratio = (act.engagement > 0).then(|| p.engagement as f64 / act.engagement as f64);
        out.push(Reaction {
            country: off.country.clone(),
            how,
            about,
            delay_s: (p.time - act.time).num_seconds(),
            reach_ratio,
            rebuttal: attacked.contains(&off.country),
            post: p.clone(),
        });
    }
    out.sort_by(|a, b| a.delay_s.cmp(&b.delay_s).then(a.post.id.cmp(&b.post.id)));
    out
}

/// One window of the recovery: its days and the index pooled over them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// The citra index over the window (the day of `low`), none without documents.
    pub index: Option<IndexPoint>,
}

/// Whether the index came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recovered {
    /// The level after is at least the lower bound of the interval before.
    Yes,
    /// The whole interval after lies below the lower bound of the interval before.
    No,
    /// Neither, or a window without documents.
    Unclear,
}

impl Recovered {
    /// The name used in the answer.
    pub fn as_str(self) -> &'static str {
        match self {
            Recovered::Yes => "yes",
            Recovered::No => "no",
            Recovered::Unclear => "unclear",
        }
    }
}

/// The attacked country's index around an attack and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recovery {
    /// The `baseline` days before the attack's day.
    pub before: Level,
    /// The lowest daily index from the attack's day to the answer's day (`from` = `to` = that
    /// day; none when no day has documents).
    pub low: Level,
    /// The `baseline` days after the answer's day.
    pub after: Level,
    /// `after.tone - before.tone`, when both have documents.
    pub change: Option<f64>,
    /// Whether it recovered.
    pub recovered: Recovered,
}

/// The index of pooled observations: every one counted in a single bin.
fn pooled(obs: &[&Observation], day: NaiveDate) -> Option<IndexPoint> {
    let t = day.and_hms_opt(12, 0, 0)?.and_utc();
    let moved: Vec<Observation> =
        obs.iter().map(|o| Observation { time: t, ..(*o).clone() }).collect();
    image_index(&moved, Period::Day).into_iter().next()
}

/// The recovery of the country whose observations are `obs` (already counted as the index
/// counts them), attacked at `attack` and answered at `answer`, with windows of `baseline` days.
pub fn recovery(
    obs: &[Observation],
    attack: DateTime<Utc>,
    answer: DateTime<Utc>,
    baseline: i64,
) -> Recovery {
    let a_day = attack.date_naive();
    let r_day = answer.date_naive().max(a_day);
    let days = Duration::days(baseline.max(1) - 1);
    let window = |from: NaiveDate, to: NaiveDate| -> Level {
        let inside: Vec<&Observation> =
            obs.iter().filter(|o| (from..=to).contains(&o.time.date_naive())).collect();
        Level { from, to, index: pooled(&inside, from) }
    };
    let before = window(a_day - days - Duration::days(1), a_day - Duration::days(1));
    let after = window(r_day + Duration::days(1), r_day + Duration::days(1) + days);
    let span: Vec<Observation> =
        obs.iter().filter(|o| (a_day..=r_day).contains(&o.time.date_naive())).cloned().collect();
    let low = image_index(&span, Period::Day)
        .into_iter()
        .min_by(|a, b| a.tone.total_cmp(&b.tone))
        .map_or(Level { from: a_day, to: r_day, index: None }, |p| Level {
            from: p.period,
            to: p.period,
            index: Some(p),
        });
    let (change, recovered) = match (&before.index, &after.index) {
        (Some(b), Some(a)) => (
            Some(a.tone - b.tone),
            if a.tone >= b.ci_low {
                Recovered::Yes
            } else if a.ci_high < b.ci_low {
                Recovered::No
            } else {
                Recovered::Unclear
            },
        ),
        _ => (None, Recovered::Unclear),
    };
    Recovery { before, low, after, change, recovered }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use citra_model::{Lang, MentionKind, ToneLabel};

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2017, 12, d, h, 0, 0).unwrap()
    }

    fn official(actor: &str, country: &str) -> Option<Official> {
        Some(Official {
            actor: actor.into(),
            name: actor.into(),
            country: country.into(),
            role: "head_of_state".into(),
        })
    }

    fn post(
        id: i64,
        who: Option<Official>,
        time: DateTime<Utc>,
        tone: &[(&str, f64)],
    ) -> ReactionPost {
        ReactionPost {
            id,
            platform: "twitter".into(),
            native_id: Some(format!("{id}000")),
            author: who.as_ref().map(|o| o.actor.clone()),
            official: who,
            time,
            engagement: 100,
            reply_to: None,
            quote_of: None,
            tone: tone.iter().map(|(c, s)| ((*c).to_owned(), *s)).collect(),
            actions: Vec::new(),
            text: String::new(),
        }
    }

    fn act(target: &str, code: &str, quad: &str) -> Act {
        Act {
            source: "IDN".into(),
            target: target.into(),
            code: code.into(),
            quad: quad.into(),
            goldstein: -2.0,
            negated: false,
        }
    }

    #[test]
    fn targets_and_attacks() {
        let mut p = post(
            1,
            official("usa-trump", "USA"),
            t(6, 21),
            &[("ISR", 0.6), ("USA", 0.9), ("MEX", -0.2)],
        );
        assert_eq!(p.targets(0.5), vec!["ISR"]);
        assert!(p.attacked(0.5).is_empty());
        p.actions.push(act("MEX", "172", "material_conflict"));
        assert_eq!(p.targets(0.5), vec!["ISR", "MEX"]);
        assert_eq!(p.attacked(0.5), vec!["MEX"]);
        p.actions[0].negated = true;
        assert_eq!(p.targets(0.5), vec!["ISR"]);
        // Actor codes and unknowns are not countries.
        p.actions.push(act("---", "010", "verbal_coop"));
        assert_eq!(p.targets(0.5), vec!["ISR"]);
        let weak = post(2, None, t(6, 21), &[("ISR", 0.3)]);
        assert!(!weak.is_act(0.5));
    }

    #[test]
    fn reaction_inside_and_outside_the_window() {
        let us = post(1, official("usa-trump", "USA"), t(6, 21), &[("ISR", 0.6)]);
        // Names the USA with a negative tone 8 hours later: an answer.
        let inside =
            post(2, official("idn-jokowi", "IDN"), t(7, 5), &[("USA", -0.5), ("ISR", -0.1)]);
        // The same four days later: outside 72 h.
        let outside = post(3, official("idn-jokowi", "IDN"), t(10, 22), &[("USA", -0.5)]);
        // Before the act: never an answer.
        let before = post(4, official("idn-jokowi", "IDN"), t(6, 20), &[("USA", -0.5)]);
        // Not an official: not an answer.
        let citizen = post(5, None, t(7, 1), &[("USA", -0.5)]);
        // Another US official: not another country.
        let same = post(6, official("usa-state-dept", "USA"), t(7, 1), &[("ISR", 0.8)]);
        // A neutral mention only: not an answer.
        let neutral = post(7, official("tur-erdogan", "TUR"), t(7, 2), &[("USA", 0.0)]);
        let posts = vec![outside, inside, before, citizen, same, neutral, us.clone()];
        let r = reactions(&us, &posts, Duration::hours(72), 0.5);
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].post.id, 2);
        assert_eq!(r[0].delay_s, 8 * 3600);
        assert_eq!(r[0].how, vec![How::NamesCountry, How::NamesTarget]);
        let about: Vec<(&str, Option<f64>)> =
            r[0].about.iter().map(|a| (a.country.as_str(), a.tone)).collect();
        assert_eq!(about, vec![("USA", Some(-0.5)), ("ISR", Some(-0.1))]);
        assert_eq!(r[0].reach_ratio, Some(1.0));
        assert!(!r[0].rebuttal);
        // A shorter window loses it.
        assert!(reactions(&us, &posts, Duration::hours(7), 0.5).is_empty());
    }

    #[test]
    fn replies_quotes_and_rebuttals() {
        let mut attack = post(1, official("usa-trump", "USA"), t(6, 12), &[("MEX", -0.7)]);
        attack.engagement = 1000;
        let mut reply = post(2, official("mex-videgaray", "MEX"), t(6, 13), &[]);
        reply.reply_to = Some("1000".into());
        reply.engagement = 250;
        let mut quote = post(3, official("mex-sre", "MEX"), t(6, 14), &[("USA", 0.0)]);
        quote.quote_of = Some("1000".into());
        let mut other_platform = post(4, official("mex-sre", "MEX"), t(6, 14), &[]);
        other_platform.platform = "bluesky".into();
        other_platform.reply_to = Some("1000".into());
        let r = reactions(&attack, &[quote, reply, other_platform], Duration::hours(72), 0.5);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].how, vec![How::Reply]);
        assert_eq!(r[0].reach_ratio, Some(0.25));
        assert!(r[0].rebuttal, "Mexico was attacked");
        assert_eq!(r[1].how, vec![How::Quote]);
        attack.engagement = 0;
        let r = reactions(
            &attack,
            &r.iter().map(|x| x.post.clone()).collect::<Vec<_>>(),
            Duration::hours(72),
            0.5,
        );
        assert_eq!(r[0].reach_ratio, None);
    }

    fn obs(doc_id: i64, time: DateTime<Utc>, score: f32) -> Observation {
        Observation {
            doc_id,
            mention_id: doc_id,
            time,
            country: "MEX".into(),
            score,
            label: if score < -0.05 {
                ToneLabel::Negative
            } else if score > 0.05 {
                ToneLabel::Positive
            } else {
                ToneLabel::Neutral
            },
            confidence: 0.8,
            engagement: 0,
            lang: Lang::Eng,
            author: None,
            kind: MentionKind::Name,
            actor: None,
        }
    }

    /// Twenty documents a day for days 1..=20 of December: level `pre` before the 8th, -0.6 on
    /// the 8th and 9th (the attack on the 8th, the answer on the 9th), `post` after.
    fn series(pre: f32, post_level: f32) -> Vec<Observation> {
        let mut out = Vec::new();
        let mut id = 0;
        for d in 1..=20 {
            let level = match d {
                ..8 => pre,
                8 | 9 => -0.6,
                _ => post_level,
            };
            for k in 0..20 {
                id += 1;
                let wobble = if k % 2 == 0 { 0.1 } else { -0.1 };
                out.push(obs(id, t(d, 1 + k % 20), level + wobble));
            }
        }
        out
    }

    #[test]
    fn rebuttal_followed_by_recovery() {
        let r = recovery(&series(0.2, 0.2), t(8, 10), t(9, 10), 7);
        assert_eq!((r.before.from, r.before.to), (t(1, 0).date_naive(), t(7, 0).date_naive()));
        assert_eq!((r.after.from, r.after.to), (t(10, 0).date_naive(), t(16, 0).date_naive()));
        let (b, low, a) = (r.before.index.unwrap(), r.low.index.unwrap(), r.after.index.unwrap());
        assert_eq!(b.docs, 140);
        assert!((b.tone - 0.2).abs() < 1e-6 && (a.tone - 0.2).abs() < 1e-6);
        assert!((low.tone + 0.6).abs() < 1e-6);
        assert!(b.ci_low < b.tone && b.tone < b.ci_high);
        assert_eq!(r.recovered, Recovered::Yes);
        assert!(r.change.unwrap().abs() < 1e-6);
    }

    #[test]
    fn rebuttal_without_recovery() {
        let r = recovery(&series(0.2, -0.4), t(8, 10), t(9, 10), 7);
        assert_eq!(r.recovered, Recovered::No);
        assert!((r.change.unwrap() + 0.6).abs() < 1e-6);
        // No documents before: unclear.
        let late: Vec<Observation> =
            series(0.2, 0.2).into_iter().filter(|o| o.time >= t(8, 0)).collect();
        let r = recovery(&late, t(8, 10), t(9, 10), 7);
        assert!(r.before.index.is_none());
        assert_eq!(r.recovered, Recovered::Unclear);
    }
}

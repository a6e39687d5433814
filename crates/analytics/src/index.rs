//! The citra index: reach-weighted tone toward a country per period.

use crate::{Period, weighted_mean_ci};
use chrono::NaiveDate;
use citra_model::{Observation, ToneLabel};
use serde::Serialize;
use std::collections::BTreeMap;

/// One period of a country's citra index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexPoint {
    /// First day of the period.
    pub period: NaiveDate,
    /// Mentions of the country in the period.
    pub mentions: u64,
    /// Documents that mention it (the unit of the index).
    pub docs: u64,
    /// Sum of document weights (reach).
    pub reach: f64,
    /// Reach-weighted mean tone toward the country, in [-1, 1].
    pub tone: f64,
    /// Lower end of the 95% interval of `tone`.
    pub ci_low: f64,
    /// Upper end of the 95% interval of `tone`.
    pub ci_high: f64,
    /// Weighted share of positive mentions, in [0, 1].
    pub positive: f64,
    /// Weighted share of negative mentions, in [0, 1].
    pub negative: f64,
    /// `100 × (positive − negative)`, in percentage points.
    pub net_favourability: f64,
}

/// Prior variance of a tone score (a uniform score on [-1, 1]), one pseudo-observation's worth.
pub const PRIOR_VAR: f64 = 1.0 / 3.0;

/// The weight of a document with this engagement: `1 + ln(1 + engagement)`.
pub fn doc_weight(engagement: u64) -> f64 {
    1.0 + (engagement as f64).ln_1p()
}

/// A (document, country) pair folded from its mentions.
#[derive(Default)]
struct DocVote {
    mentions: u64,
    score_sum: f64,
    pos: u64,
    neg: u64,
    weight: f64,
}

/// The votes of one period, keyed by (document, country).
type Votes<'a> = BTreeMap<(i64, &'a str), DocVote>;

/// The citra index of the observations, one point per non-empty period, in time order.
///
/// The observations may hold several countries; callers normally pass one country's rows.
/// Use [`image_index_by`] to split by a segment (language, author, theme).
pub fn image_index(obs: &[Observation], period: Period) -> Vec<IndexPoint> {
    image_index_by(obs, period, |_| ()).into_iter().next().map(|(_, v)| v).unwrap_or_default()
}

/// The citra index split by a segment key computed from each observation.
pub fn image_index_by<K: Ord + Clone>(
    obs: &[Observation],
    period: Period,
    key: impl Fn(&Observation) -> K,
) -> BTreeMap<K, Vec<IndexPoint>> {
    // segment → period → (doc, country) → vote
    let mut groups: BTreeMap<K, BTreeMap<NaiveDate, Votes<'_>>> = BTreeMap::new();
    for o in obs {
        let score = f64::from(o.score);
        if !score.is_finite() {
            continue;
        }
        let vote = groups
            .entry(key(o))
            .or_default()
            .entry(period.start_of(o.time))
            .or_default()
            .entry((o.doc_id, o.country.as_str()))
            .or_default();
        vote.mentions += 1;
        vote.score_sum += score.clamp(-1.0, 1.0);
        vote.weight = doc_weight(o.engagement);
        match o.label {
            ToneLabel::Positive => vote.pos += 1,
            ToneLabel::Negative => vote.neg += 1,
            ToneLabel::Neutral => {}
        }
    }
    groups
        .into_iter()
        .map(|(k, periods)| {
            let points = periods
                .into_iter()
                .filter_map(|(day, votes)| point(day, votes.values()))
                .collect::<Vec<_>>();
            (k, points)
        })
        .collect()
}

fn point<'a>(period: NaiveDate, votes: impl Iterator<Item = &'a DocVote>) -> Option<IndexPoint> {
    let mut pairs = Vec::new();
    let (mut mentions, mut pos_w, mut neg_w, mut reach) = (0u64, 0.0, 0.0, 0.0);
    for v in votes {
        let k = v.mentions as f64;
        pairs.push((v.score_sum / k, v.weight));
        mentions += v.mentions;
        reach += v.weight;
        pos_w += v.weight * v.pos as f64 / k;
        neg_w += v.weight * v.neg as f64 / k;
    }
    let (tone, ci_low, ci_high, _) = weighted_mean_ci(&pairs, -1.0, 1.0, PRIOR_VAR)?;
    let positive = pos_w / reach;
    let negative = neg_w / reach;
    Some(IndexPoint {
        period,
        mentions,
        docs: pairs.len() as u64,
        reach,
        tone,
        ci_low,
        ci_high,
        positive,
        negative,
        net_favourability: 100.0 * (positive - negative),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use citra_model::Lang;

    fn obs(doc: i64, day: u32, score: f32, label: ToneLabel, eng: u64) -> Observation {
        Observation {
            doc_id: doc,
            mention_id: doc * 10,
            time: Utc.with_ymd_and_hms(2019, 5, day, 10, 0, 0).unwrap(),
            country: "MEX".into(),
            score,
            label,
            confidence: 1.0,
            engagement: eng,
            lang: Lang::Eng,
            author: None,
            kind: citra_model::MentionKind::Name,
            actor: None,
        }
    }

    #[test]
    fn weight010() {
        assert_eq!(doc_weight(0), 1.0);
        assert!((doc_weight(50_000) - 11.819_798).abs() < 1e-5);
    }

    #[test]
    fn hand_computed() {
        use ToneLabel::*;
        // Day 30: doc 1 (weight 1) at -1 negative; doc 2 (engagement e-1 → weight 2) at +0.5 positive.
        let e = (std::f64::consts::E - 1.0).round() as u64; // 2 → weight 1 + ln 3
        let w2 = doc_weight(e);
        let rows = vec![obs(1, 30, -1.0, Negative, 0), obs(2, 30, 0.5, Positive, e)];
        let idx = image_index(&rows, Period::Day);
        assert_eq!(idx.len(), 1);
        let p = &idx[0];
        let want = (-1.0 + 0.5 * w2) / (1.0 + w2);
        assert!((p.tone - want).abs() < 1e-9);
        assert!((p.positive - w2 / (1.0 + w2)).abs() < 1e-9);
        assert!((p.negative - 1.0 / (1.0 + w2)).abs() < 1e-9);
        assert!((p.net_favourability - 100.0 * (w2 - 1.0) / (1.0 + w2)).abs() < 1e-9);
        assert_eq!((p.mentions, p.docs), (2, 2));
        assert!(p.ci_low <= p.tone && p.tone <= p.ci_high);
    }

    #[test]
    fn doc_counts_once() {
        use ToneLabel::*;
        // One doc mentions MEX twice (negative, neutral); another once (positive).
        let mut a = obs(1, 1, -0.8, Negative, 0);
        let mut b = obs(1, 1, 0.0, Neutral, 0);
        a.mention_id = 1;
        b.mention_id = 2;
        let c = obs(2, 1, 0.4, Positive, 0);
        let idx = image_index(&[a, b, c], Period::Day);
        let p = &idx[0];
        assert_eq!((p.mentions, p.docs), (3, 2));
        assert!((p.tone - 0.0).abs() < 1e-9); // mean(-0.4, 0.4)
        assert!((p.negative - 0.25).abs() < 1e-9); // (0.5 + 0) / 2
        assert!((p.positive - 0.5).abs() < 1e-9);
    }

    #[test]
    fn periods_and_segments() {
        use ToneLabel::*;
        let rows = vec![
            obs(1, 6, -0.5, Negative, 0),  // Monday
            obs(2, 12, 0.5, Positive, 0),  // Sunday, same ISO week
            obs(3, 13, 0.5, Positive, 10), // next Monday
        ];
        let w = image_index(&rows, Period::Week);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].period.to_string(), "2019-05-06");
        assert_eq!(w[0].docs, 2);
        assert_eq!(w[1].period.to_string(), "2019-05-13");
        let by = image_index_by(&rows, Period::Month, |o| o.doc_id % 2);
        assert_eq!(by.len(), 2);
        assert_eq!(by[&1][0].docs, 2);
        assert_eq!(by[&0][0].docs, 1);
    }

    #[test]
    fn empty_and_nan() {
        assert!(image_index(&[], Period::Day).is_empty());
        let rows = vec![obs(1, 1, f32::NAN, ToneLabel::Neutral, 0)];
        assert!(image_index(&rows, Period::Day).is_empty());
    }
}

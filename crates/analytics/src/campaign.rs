//! Campaigns: a country's index inside a topic against its index outside it, before and after a
//! date.
//!
//! # Topic matching ([`TopicMatcher`])
//!
//! A topic is a comma-separated list of terms (`"coco,#coco,día de muertos"`). A document is in
//! the topic when its text holds any term as whole words: tokens come from
//! [`citra_model::segment::words`], both sides are lowercased and accent-folded (`día` = `dia`),
//! and a leading `#` is ignored on both sides, so `coco` matches `#Coco` and `#coco` matches
//! `Coco`. A term of several words also matches one hashtag of those words run together
//! (`día de muertos` matches `#DiaDeMuertos`).
//!
//! # Cells and the difference-in-differences
//!
//! Each cell (inside or outside the topic; before or after `at` when given) is the citra index of
//! its documents: reach-weighted mean tone with its 95% interval (as [`crate::image_index`]: the
//! effective sample size and Student's t, variance regularised with one pseudo-observation of
//! variance 1/3), documents, mentions and net favourability.
//!
//! The gap is `inside − outside`; with `at`, the difference-in-differences is
//! `(inside_after − inside_before) − (outside_after − outside_before)`: how much the image inside
//! the topic improved beyond the change everywhere else. The four cells hold disjoint documents,
//! so (taking documents as independent draws) the variance of a difference is the sum of the
//! cells' squared standard errors `var / n_eff`; the interval uses Student's t with
//! Welch–Satterthwaite degrees of freedom. It is not causal: it assumes the topic's image would
//! have moved as the rest did without the campaign (parallel trends).

use crate::{PRIOR_VAR, doc_weight, t_quantile_975};
use chrono::{DateTime, Utc};
use citra_model::{Observation, ToneLabel, segment::words};
use serde::Serialize;
use std::collections::BTreeMap;

/// Matches documents against the terms of a topic; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicMatcher {
    /// Each term as folded words.
    terms: Vec<Vec<String>>,
}

/// Lowercases and folds Latin accents; drops combining marks.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c as u32, 0x0300..=0x036F) {
            continue;
        }
        for l in c.to_lowercase() {
            match fold_char(l) {
                Some(f) => out.push_str(f),
                None => out.push(l),
            }
        }
    }
    out
}

fn fold_char(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to)
}

/// Folded word tokens of `text`, without a leading `#`.
fn tokens(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .filter_map(|s| s.slice(text))
        .map(|w| fold(w.strip_prefix('#').unwrap_or(w)))
        .filter(|w| !w.is_empty())
        .collect()
}

impl TopicMatcher {
    /// A matcher for comma-separated terms; blank terms are ignored.
    pub fn new(spec: &str) -> TopicMatcher {
        let mut terms: Vec<Vec<String>> =
            spec.split(',').map(tokens).filter(|t| !t.is_empty()).collect();
        terms.sort();
        terms.dedup();
        TopicMatcher { terms }
    }

    /// True when no usable term was given.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms as matched (folded words joined by spaces).
    pub fn terms(&self) -> Vec<String> {
        self.terms.iter().map(|t| t.join(" ")).collect()
    }

    /// True when `text` holds any term as whole words.
    pub fn matches(&self, text: &str) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        let toks = tokens(text);
        self.terms.iter().any(|term| {
            let joined = (term.len() > 1).then(|| term.concat());
            toks.windows(term.len()).any(|w| w == term.as_slice())
                || joined.is_some_and(|j| toks.contains(&j))
        })
    }
}

/// One cell of the campaign table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignCell {
    /// Inside the topic (true) or outside it.
    pub inside: bool,
    /// `None` without a date; `Some(false)` before it, `Some(true)` from it on.
    pub after: Option<bool>,
    /// Documents.
    pub docs: u64,
    /// Mentions of the country.
    pub mentions: u64,
    /// Reach-weighted mean tone (`None` without documents).
    pub tone: Option<f64>,
    /// Lower end of its 95% interval.
    pub ci_low: Option<f64>,
    /// Upper end of its 95% interval.
    pub ci_high: Option<f64>,
    /// `100 × (positive − negative)` weighted shares, in points.
    pub net_favourability: Option<f64>,
    #[serde(skip)]
    se: Option<(f64, f64)>,
}

/// A difference of cells with its 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The difference.
    pub value: f64,
    /// Lower end of its 95% interval (`None` when a cell has one effective document or less).
    pub ci_low: Option<f64>,
    /// Upper end of its 95% interval.
    pub ci_high: Option<f64>,
}

/// What [`campaign`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignReport {
    /// Cells: inside then outside; each all, or before then after.
    pub cells: Vec<CampaignCell>,
    /// `inside − outside` per period (one without a date; before, after with one).
    pub gaps: Vec<Option<Estimate>>,
    /// The difference-in-differences (with a date, when all four cells have documents).
    pub did: Option<Estimate>,
}

#[derive(Default)]
struct Unit {
    sum: f64,
    mentions: u64,
    pos: u64,
    neg: u64,
    weight: f64,
}

fn cell(inside: bool, after: Option<bool>, units: &[&Unit]) -> CampaignCell {
    let mut c = CampaignCell {
        inside,
        after,
        docs: units.len() as u64,
        mentions: units.iter().map(|u| u.mentions).sum(),
        tone: None,
        ci_low: None,
        ci_high: None,
        net_favourability: None,
        se: None,
    };
    let pairs: Vec<(f64, f64)> =
        units.iter().map(|u| (u.sum / u.mentions as f64, u.weight)).collect();
    let Some((mean, lo, hi, n)) = crate::weighted_mean_ci(&pairs, -1.0, 1.0, PRIOR_VAR) else {
        return c;
    };
    let sw: f64 = pairs.iter().map(|p| p.1).sum();
    let fav: f64 = units
        .iter()
        .map(|u| u.weight * (u.pos as f64 - u.neg as f64) / u.mentions as f64)
        .sum::<f64>()
        / sw;
    c.tone = Some(mean);
    c.ci_low = Some(lo);
    c.ci_high = Some(hi);
    c.net_favourability = Some(100.0 * fav);
    if n > 1.0 + 1e-9 {
        let ss: f64 = pairs.iter().map(|p| p.1 * (p.0 - mean).powi(2)).sum();
        let sample = ss / sw * n / (n - 1.0);
        let var = (n * sample + PRIOR_VAR) / (n + 1.0);
        c.se = Some((var / n, n - 1.0));
    }
    c
}

/// `Σ sign·value` of cells with its Welch–Satterthwaite interval.
fn combine(terms: &[(f64, &CampaignCell)]) -> Option<Estimate> {
    let mut value = 0.0;
    let mut q = 0.0;
    let mut denom = 0.0;
    let mut ok = true;
    for (sign, c) in terms {
        value += sign * c.tone?;
        match c.se {
            Some((v, df)) => {
                q += v;
                denom += v * v / df;
            }
            None => ok = false,
        }
    }
    if !ok {
        return Some(Estimate { value, ci_low: None, ci_high: None });
    }
    let df = if denom > 0.0 { q * q / denom } else { f64::INFINITY };
    let half = t_quantile_975(df) * q.sqrt();
    Some(Estimate { value, ci_low: Some(value - half), ci_high: Some(value + half) })
}

/// The campaign table of one country's observations: `inside(o)` says whether an observation's
/// document is in the topic; `at` splits before and after. See the module docs.
pub fn campaign(
    obs: &[Observation],
    inside: impl Fn(&Observation) -> bool,
    at: Option<DateTime<Utc>>,
) -> CampaignReport {
    // (inside, after) → doc → unit
    let mut groups: BTreeMap<(bool, Option<bool>), BTreeMap<i64, Unit>> = BTreeMap::new();
    for o in obs {
        let s = f64::from(o.score);
        if !s.is_finite() {
            continue;
        }
        let after = at.map(|t| o.time >= t);
        let u = groups.entry((inside(o), after)).or_default().entry(o.doc_id).or_default();
        u.sum += s.clamp(-1.0, 1.0);
        u.mentions += 1;
        u.weight = doc_weight(o.engagement);
        match o.label {
            ToneLabel::Positive => u.pos += 1,
            ToneLabel::Negative => u.neg += 1,
            ToneLabel::Neutral => {}
        }
    }
    let periods: Vec<Option<bool>> =
        if at.is_some() { vec![Some(false), Some(true)] } else { vec![None] };
    let empty = BTreeMap::new();
    let mut cells = Vec::new();
    for inside in [true, false] {
        for &p in &periods {
            let units: Vec<&Unit> = groups.get(&(inside, p)).unwrap_or(&empty).values().collect();
            cells.push(cell(inside, p, &units));
        }
    }
    let k = periods.len();
    let gaps = (0..k).map(|i| combine(&[(1.0, &cells[i]), (-1.0, &cells[k + i])])).collect();
    let did = (k == 2).then(|| {
        combine(&[(1.0, &cells[1]), (-1.0, &cells[0]), (-1.0, &cells[3]), (1.0, &cells[2])])
    });
    CampaignReport { cells, gaps, did: did.flatten() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use citra_model::Lang;

    #[test]
    fn matcher_table() {
        let m = TopicMatcher::new("coco, #coco ,día de muertos,,");
        assert_eq!(m.terms(), ["coco", "dia de muertos"]);
        let rows = [
            ("basic010", "Watching Coco tonight", true),
            ("basic020", "Loved #Coco!", true),
            ("basic030", "coconut water", false),
            ("basic040", "cocoa", false),
            ("accent010", "Feliz Día de Muertos a todos", true),
            ("accent020", "feliz dia de  muertos", true),
            ("tag010", "#DiaDeMuertos en CDMX", true),
            ("tag020", "#DíaDeMuertos", true),
            ("split010", "día de la muerte", false),
            ("empty010", "", false),
        ];
        for (name, text, want) in rows {
            assert_eq!(m.matches(text), want, "{name}: {text}");
        }
        assert!(TopicMatcher::new(" , #, ").is_empty());
        assert!(!TopicMatcher::new("").matches("anything"));
        assert_eq!(fold("ÉXITO Straße Œuvre e\u{301}"), "exito strasse oeuvre e");
    }

    fn obs(doc: i64, day: u32, score: f32, label: ToneLabel) -> Observation {
        Observation {
            doc_id: doc,
            mention_id: doc,
            time: Utc.with_ymd_and_hms(2017, 11, day, 12, 0, 0).unwrap(),
            country: "MEX".into(),
            score,
            label,
            confidence: 1.0,
            engagement: 0,
            lang: Lang::Eng,
            author: None,
            kind: citra_model::MentionKind::Name,
            actor: None,
        }
    }

    #[test]
    fn two_by_two_hand_computed() {
        use ToneLabel::*;
        // Inside (even ids): before −0.2, −0.4 (mean −0.3); after 0.5, 0.3 (mean 0.4).
        // Outside (odd ids): before −0.5, −0.3 (mean −0.4); after −0.3, −0.5 (mean −0.4).
        let rows = vec![
            obs(2, 1, -0.2, Negative),
            obs(4, 2, -0.4, Negative),
            obs(6, 20, 0.5, Positive),
            obs(8, 21, 0.3, Positive),
            obs(1, 1, -0.5, Negative),
            obs(3, 2, -0.3, Negative),
            obs(5, 20, -0.3, Negative),
            obs(7, 21, -0.5, Neutral),
        ];
        let at = Utc.with_ymd_and_hms(2017, 11, 10, 0, 0, 0).unwrap();
        let r = campaign(&rows, |o| o.doc_id % 2 == 0, Some(at));
        let tones: Vec<f64> = r.cells.iter().map(|c| c.tone.unwrap()).collect();
        for (got, want) in tones.iter().zip([-0.3, 0.4, -0.4, -0.4]) {
            assert!((got - want).abs() < 1e-6, "{tones:?}");
        }
        assert_eq!(r.cells.iter().map(|c| c.docs).collect::<Vec<_>>(), [2, 2, 2, 2]);
        assert_eq!(r.cells[3].net_favourability, Some(-50.0));
        assert_eq!(r.cells[1].net_favourability, Some(100.0));
        // DiD = (0.4 − (−0.3)) − (−0.4 − (−0.4)) = 0.7.
        let did = r.did.unwrap();
        assert!((did.value - 0.7).abs() < 1e-6);
        // Each cell: n = 2, s² = 0.02, var = (2·0.02 + 1/3) / 3; se² = var / 2. Sum of four.
        let v: f64 = (2.0 * 0.02 + 1.0 / 3.0) / 3.0 / 2.0;
        let se = (4.0 * v).sqrt();
        // Equal cells: Satterthwaite df = 4 · 1 = 4 → t = 2.776.
        let half = 2.776 * se;
        assert!((did.ci_high.unwrap() - (0.7 + half)).abs() < 1e-3, "{did:?}");
        assert!((did.ci_low.unwrap() - (0.7 - half)).abs() < 1e-3, "{did:?}");
        // Gaps before and after.
        assert!((r.gaps[0].as_ref().unwrap().value - 0.1).abs() < 1e-6);
        assert!((r.gaps[1].as_ref().unwrap().value - 0.8).abs() < 1e-6);
    }

    #[test]
    fn without_date_and_empty_cells() {
        let rows = vec![obs(1, 1, 0.5, ToneLabel::Positive), obs(3, 2, -0.5, ToneLabel::Negative)];
        let r = campaign(&rows, |o| o.doc_id == 1, None);
        assert_eq!(r.cells.len(), 2);
        assert_eq!(r.did, None);
        // One document a side: the gap has no interval.
        let g = r.gaps[0].as_ref().unwrap();
        assert!((g.value - 1.0).abs() < 1e-9);
        assert_eq!((g.ci_low, g.ci_high), (None, None));
        let r = campaign(&rows, |_| false, None);
        assert_eq!(r.cells[0].docs, 0);
        assert_eq!(r.cells[0].tone, None);
        assert_eq!(r.gaps[0], None);
        let r = campaign(&[], |_| true, Some(Utc::now()));
        assert_eq!(r.cells.len(), 4);
        assert_eq!(r.did, None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn matching_never_panics(spec in "\\PC{0,30}", text in "\\PC{0,80}") {
            let m = TopicMatcher::new(&spec);
            let _ = m.matches(&text);
            // Folding is idempotent.
            let f = fold(&text);
            prop_assert_eq!(fold(&f), f);
        }

        #[test]
        fn a_term_matches_itself_in_a_sentence(word in "[a-zA-Záéíóúñ]{1,12}") {
            let m = TopicMatcher::new(&word);
            let (a, b) = (format!("Hoy, {}!", word), format!("#{}", word));
            prop_assert!(m.matches(&a));
            prop_assert!(m.matches(&b));
        }
    }
}

//! Shocks: change points in a country's citra index, found with PELT.
//!
//! # Method
//!
//! Change points are found with **PELT** (Killick, Fearnhead & Eckley, 2012, "Optimal detection
//! of changepoints with a linear computational cost", JASA 107(500)) for a change in mean, on the
//! reach-weighted tone series, with a penalty per change point.
//!
//! 1. **Unit**: as in the citra index, a (document, country) pair with the mean tone of its
//!    mentions and the weight `w = 1 + ln(1 + engagement)`.
//! 2. **Series and minimum volume**: documents are put in periods (day, ISO week, month).
//!    Periods without documents are gaps and take no part. Consecutive non-empty periods are
//!    pooled into one *bin* until it holds at least `min_mentions` mentions (a trailing remainder
//!    joins the last bin), so every bin, hence every segment, rests on a minimum volume, and a
//!    change point can only fall on a bin boundary. The default is weekly bins of at least 5
//!    mentions: a daily series of a few posts a week is mostly gaps and single posts, and a
//!    monthly one blurs events a week apart (Trump's tariff threat against Mexico, 30 May 2019,
//!    and the deal that ended it, 7 June).
//! 3. **Model**: bin `b` has the reach-weighted mean tone `ȳ_b` and the effective size
//!    `n_b = (Σw)² / Σw²` (the number of documents when the weights are equal). Within a segment,
//!    `ȳ_b ~ N(μ, φ / n_b)`: heteroscedastic, less noisy the more documents a bin has, and a
//!    reach-weighted mean of documents of variance `φ` has exactly that variance. The cost of a
//!    segment is `Σ n_b (ȳ_b − μ̂)² / φ` with `μ̂` the precision-weighted mean (twice the negative
//!    Gaussian log-likelihood, up to a constant): the document-level fit with change points
//!    restricted to bin boundaries.
//! 4. **Dispersion** `φ`: the pooled within-bin variance of the documents' tones (the ANOVA
//!    mean square within, on reach weights), which uses every document, is untouched by change
//!    points (they fall between bins) and equals the document-level residual variance of the
//!    Gaussian change-in-mean model. When no bin holds two documents, the robust between-bin
//!    estimate is used instead: the squared MAD of the standardized first differences
//!    `(ȳ_{b+1} − ȳ_b) / √(1/n_b + 1/n_{b+1})`, the difference-based estimator of the
//!    change-point literature. That one is always reported too (`drift_dispersion`): well above
//!    `φ`, it says the index drifts from period to period more than sampling noise explains, and
//!    a larger `--min-mentions` or `--penalty` is wise. (With ~40 bins the MAD estimate is too
//!    noisy, about ±40%, to be the default.)
//! 5. **Penalty**: `bic` (default) adds `2 ln B` per change point, B the number of bins (one
//!    location and one mean per change point, as the BIC/SIC penalty of the R `changepoint`
//!    package); `mbic` adds `3 ln B` (the leading term of Zhang & Siegmund's modified BIC); a
//!    number sets it directly.
//!
//! **Calibration**: on flat synthetic series of 40 weekly bins of 4 documents (uniform noise,
//! unequal weights; the test `false_alarm_rate_is_low`), BIC shows a change point in 15% of them
//! and MBIC in 3.5%. BIC is the default because shocks are worth a look and every change point
//! comes with its size, interval and score; use `mbic` where a false alarm is costly.
//!
//! # What is reported per change point
//!
//! - `date`: the first day of the first period after the change; `last_before` is the day of the
//!   last document before it (the change happened in between).
//! - `before` / `after`: the reach-weighted mean tone of the segments on either side (from the
//!   previous change point to this one, and from this one to the next).
//! - `size = after − before`, with a Welch 95% interval: each segment's reach-weighted variance
//!   (reliability weights, regularised with one pseudo-observation of variance 1/3 like the
//!   index's intervals) over its effective size `n_eff = (Σw)² / Σw²`, and the
//!   Welch–Satterthwaite degrees of freedom. It is conditional on the change point's location
//!   (chosen from the same data), so it is somewhat optimistic.
//! - `docs_after` / `mentions_after`: the volume behind the new level (and `_before` for the old).
//! - `score`: the likelihood-ratio statistic of splitting the two segments at this point,
//!   `cost(before ∪ after) − cost(before) − cost(after)`; `p_value` is its nominal χ²(1) tail
//!   probability, not adjusted for the search over locations (read it as a score).

use crate::{PRIOR_VAR, Period, doc_weight, t_quantile_975};
use chrono::NaiveDate;
use citra_model::Observation;
use serde::Serialize;
use std::collections::BTreeMap;

/// The penalty added for each change point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Penalty {
    /// `2 ln B`, B the number of bins (BIC/SIC).
    #[default]
    Bic,
    /// `3 ln B` (modified BIC, leading term).
    Mbic,
    /// A fixed value, ≥ 0.
    Value(f64),
}

impl Penalty {
    /// The penalty for a series of `bins` bins.
    pub fn value(self, bins: usize) -> f64 {
        let ln = (bins.max(2) as f64).ln();
        match self {
            Penalty::Bic => 2.0 * ln,
            Penalty::Mbic => 3.0 * ln,
            Penalty::Value(v) => v.max(0.0),
        }
    }
}

/// A penalty that is not `bic`, `mbic` or a non-negative number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PenaltyError(pub String);

impl std::fmt::Display for PenaltyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown penalty '{}': use bic, mbic or a number ≥ 0 (e.g. 12.5)", self.0)
    }
}

impl std::error::Error for PenaltyError {}

impl std::str::FromStr for Penalty {
    type Err = PenaltyError;
    fn from_str(s: &str) -> Result<Penalty, PenaltyError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bic" | "sic" => Ok(Penalty::Bic),
            "mbic" => Ok(Penalty::Mbic),
            t => match t.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(Penalty::Value(v)),
                _ => Err(PenaltyError(s.to_owned())),
            },
        }
    }
}

/// Options of [`detect_shocks`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShockOptions {
    /// Period of the series.
    pub period: Period,
    /// Least mentions per bin: sparser periods are pooled with the next ones.
    pub min_mentions: u64,
    /// Penalty per change point.
    pub penalty: Penalty,
}

impl Default for ShockOptions {
    /// Weekly, at least 5 mentions a bin, BIC penalty.
    fn default() -> ShockOptions {
        ShockOptions { period: Period::Week, min_mentions: 5, penalty: Penalty::Bic }
    }
}

/// One change point of the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shock {
    /// First day of the first period after the change.
    pub date: NaiveDate,
    /// Day of the last document before the change.
    pub last_before: NaiveDate,
    /// Reach-weighted mean tone of the segment before.
    pub before: f64,
    /// Reach-weighted mean tone of the segment after.
    pub after: f64,
    /// `after − before`.
    pub size: f64,
    /// Lower end of the 95% (Welch) interval of `size`.
    pub ci_low: f64,
    /// Upper end of the 95% (Welch) interval of `size`.
    pub ci_high: f64,
    /// Documents in the segment before.
    pub docs_before: u64,
    /// Documents in the segment after.
    pub docs_after: u64,
    /// Mentions in the segment before.
    pub mentions_before: u64,
    /// Mentions in the segment after.
    pub mentions_after: u64,
    /// Likelihood-ratio statistic of the split (higher is clearer).
    pub score: f64,
    /// Nominal χ²(1) p-value of `score`, not adjusted for the search.
    pub p_value: f64,
}

/// A stretch of the series between change points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// First day of its first period.
    pub start: NaiveDate,
    /// Day of its last document.
    pub end: NaiveDate,
    /// Reach-weighted mean tone.
    pub level: f64,
    /// Documents.
    pub docs: u64,
    /// Mentions.
    pub mentions: u64,
}

/// What [`detect_shocks`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockReport {
    /// The options used.
    pub options: ShockOptions,
    /// The penalty value used per change point.
    pub penalty: f64,
    /// The dispersion `φ` used: the pooled within-bin variance of a mean document's tone.
    pub dispersion: f64,
    /// The robust between-bin estimate of `φ` from first differences (MAD), for comparison: well
    /// above `dispersion`, it says the index drifts from period to period more than sampling
    /// noise explains.
    pub drift_dispersion: f64,
    /// Bins after pooling to the minimum volume.
    pub bins: usize,
    /// Documents in the series.
    pub docs: u64,
    /// Segments, in time order.
    pub segments: Vec<Segment>,
    /// Change points, in time order.
    pub shocks: Vec<Shock>,
}

/// One (document, country) unit.
#[derive(Debug, Clone)]
struct Doc {
    day: NaiveDate,
    score: f64,
    weight: f64,
    mentions: u64,
}

/// A bin of pooled periods.
#[derive(Debug, Clone)]
struct Bin {
    start: NaiveDate,
    docs: Vec<Doc>,
}

impl Bin {
    fn mentions(&self) -> u64 {
        self.docs.iter().map(|d| d.mentions).sum()
    }
}

/// Documents of the observations (one country assumed), with the index's unit and weight.
fn docs_of(obs: &[Observation]) -> Vec<Doc> {
    let mut by: BTreeMap<(i64, &str), (Doc, f64)> = BTreeMap::new();
    for o in obs {
        let s = f64::from(o.score);
        if !s.is_finite() {
            continue;
        }
        let e = by.entry((o.doc_id, o.country.as_str())).or_insert_with(|| {
            let d = Doc {
                day: o.time.date_naive(),
                score: 0.0,
                weight: doc_weight(o.engagement),
                mentions: 0,
            };
            (d, 0.0)
        });
        e.0.mentions += 1;
        e.1 += s.clamp(-1.0, 1.0);
    }
    let mut docs: Vec<Doc> = by
        .into_values()
        .map(|(mut d, sum)| {
            d.score = sum / d.mentions as f64;
            d
        })
        .collect();
    docs.sort_by_key(|d| d.day);
    docs
}

/// Periods pooled into bins of at least `min` mentions.
fn bins_of(docs: Vec<Doc>, period: Period, min: u64) -> Vec<Bin> {
    let mut periods: BTreeMap<NaiveDate, Vec<Doc>> = BTreeMap::new();
    for d in docs {
        let start =
            period.start_of(d.day.and_hms_opt(12, 0, 0).map(|t| t.and_utc()).unwrap_or_default());
        periods.entry(start).or_default().push(d);
    }
    let mut bins: Vec<Bin> = Vec::new();
    let mut open: Option<Bin> = None;
    for (start, docs) in periods {
        let bin = open.get_or_insert_with(|| Bin { start, docs: Vec::new() });
        bin.docs.extend(docs);
        if bin.mentions() >= min.max(1) {
            bins.extend(open.take());
        }
    }
    if let Some(rest) = open {
        match bins.last_mut() {
            Some(last) => last.docs.extend(rest.docs),
            None => bins.push(rest),
        }
    }
    bins
}

/// Weighted sums of a set of documents.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    w: f64,
    ws: f64,
    ws2: f64,
    w2: f64,
    docs: u64,
    mentions: u64,
}

impl Sums {
    fn add(&mut self, d: &Doc) {
        self.w += d.weight;
        self.ws += d.weight * d.score;
        self.ws2 += d.weight * d.score * d.score;
        self.w2 += d.weight * d.weight;
        self.docs += 1;
        self.mentions += d.mentions;
    }

    fn merge(self, o: Sums) -> Sums {
        Sums {
            w: self.w + o.w,
            ws: self.ws + o.ws,
            ws2: self.ws2 + o.ws2,
            w2: self.w2 + o.w2,
            docs: self.docs + o.docs,
            mentions: self.mentions + o.mentions,
        }
    }

    fn mean(&self) -> f64 {
        if self.w > 0.0 { self.ws / self.w } else { 0.0 }
    }

    fn n_eff(&self) -> f64 {
        if self.w2 > 0.0 { self.w * self.w / self.w2 } else { 0.0 }
    }

    /// Reach-weighted variance with the reliability-weights correction, regularised with one
    /// pseudo-observation of [`PRIOR_VAR`] as the index is; `None` when `n_eff ≤ 1`.
    fn variance(&self) -> Option<f64> {
        let n = self.n_eff();
        if n <= 1.0 + 1e-9 {
            return None;
        }
        let m = self.mean();
        let ss = (self.ws2 - 2.0 * m * self.ws + m * m * self.w).max(0.0);
        let sample = ss / self.w * n / (n - 1.0);
        // Regularised as the index's intervals are: one pseudo-observation of variance 1/3.
        Some((n * sample + PRIOR_VAR) / (n + 1.0))
    }
}

/// PELT for a change in mean on `(value, precision)` points with the cost
/// `Σ precision·(value − mean)²` and `penalty` per change point.
///
/// Returns the change points as indices of the first point of each new segment (ascending, in
/// `1..points.len()`). Points with zero or invalid precision carry no information.
pub fn pelt(points: &[(f64, f64)], penalty: f64) -> Vec<usize> {
    let n = points.len();
    let mut c0 = vec![0.0; n + 1];
    let mut c1 = vec![0.0; n + 1];
    let mut c2 = vec![0.0; n + 1];
    for (i, &(y, p)) in points.iter().enumerate() {
        let (y, p) = if y.is_finite() && p.is_finite() && p > 0.0 { (y, p) } else { (0.0, 0.0) };
        c0[i + 1] = c0[i] + p;
        c1[i + 1] = c1[i] + p * y;
        c2[i + 1] = c2[i] + p * y * y;
    }
    let cost = |a: usize, b: usize| -> f64 {
        let s0 = c0[b] - c0[a];
        if s0 <= 0.0 {
            return 0.0;
        }
        let s1 = c1[b] - c1[a];
        ((c2[b] - c2[a]) - s1 * s1 / s0).max(0.0)
    };
    let penalty = if penalty.is_finite() { penalty.max(0.0) } else { f64::MAX / 4.0 };
    let mut f = vec![0.0; n + 1];
    let mut last = vec![0usize; n + 1];
    f[0] = -penalty;
    let mut candidates = vec![0usize];
    for t in 1..=n {
        let mut best = f64::INFINITY;
        let mut arg = 0;
        for &s in &candidates {
            let v = f[s] + cost(s, t) + penalty;
            if v < best {
                best = v;
                arg = s;
            }
        }
        f[t] = best;
        last[t] = arg;
        // Pruning (the cost is additive, so K = 0): a start that cannot beat the optimum now
        // never will.
        candidates.retain(|&s| f[s] + cost(s, t) <= best + 1e-12);
        candidates.push(t);
    }
    let mut cps = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last[t];
        if s > 0 {
            cps.push(s);
        }
        t = s;
    }
    cps.reverse();
    cps
}

/// `P(χ²(1) > x)` = `erfc(√(x/2))`.
fn chi2_1_tail(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    erfc((x / 2.0).sqrt())
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Welch 95% interval of `after − before`, clamped to [-2, 2]; the whole range when either side
/// has an effective size of one document or less.
fn welch(before: &Sums, after: &Sums) -> (f64, f64) {
    let size = after.mean() - before.mean();
    let (Some(vb), Some(va)) = (before.variance(), after.variance()) else {
        return (-2.0, 2.0);
    };
    let (nb, na) = (before.n_eff(), after.n_eff());
    let (qb, qa) = (vb / nb, va / na);
    let se2 = qb + qa;
    if se2 <= 0.0 {
        return (size, size);
    }
    let denom = qb * qb / (nb - 1.0) + qa * qa / (na - 1.0);
    let df = if denom > 0.0 { se2 * se2 / denom } else { f64::INFINITY };
    let half = t_quantile_975(df) * se2.sqrt();
    ((size - half).max(-2.0), (size + half).min(2.0))
}

/// Change points in the citra index of the observations (one country), by PELT; see the module
/// docs for the method. An empty or one-bin series has no change points.
pub fn detect_shocks(obs: &[Observation], opts: &ShockOptions) -> ShockReport {
    let docs = docs_of(obs);
    let n_docs = docs.len() as u64;
    let bins = bins_of(docs, opts.period, opts.min_mentions);
    let sums: Vec<Sums> = bins
        .iter()
        .map(|b| {
            let mut s = Sums::default();
            b.docs.iter().for_each(|d| s.add(d));
            s
        })
        .collect();
    // Bin means and precisions: the variance of a reach-weighted mean of n_eff documents is
    // σ² / n_eff.
    let points: Vec<(f64, f64)> = sums.iter().map(|s| (s.mean(), s.n_eff())).collect();
    let drift = dispersion(&points);
    let dispersion = within_variance(&sums).unwrap_or(drift);
    let penalty = opts.penalty.value(points.len());
    let scaled: Vec<(f64, f64)> = points.iter().map(|&(y, p)| (y, p / dispersion)).collect();
    let cps = if points.len() >= 2 { pelt(&scaled, penalty) } else { Vec::new() };

    // Segment boundaries as bin indices.
    let mut bounds = vec![0];
    bounds.extend(&cps);
    bounds.push(bins.len());
    let seg_sums: Vec<Sums> = bounds
        .windows(2)
        .map(|w| sums[w[0]..w[1]].iter().fold(Sums::default(), |a, &b| a.merge(b)))
        .collect();
    let last_day = |bin: usize| bins[bin].docs.iter().map(|d| d.day).max();
    let segments: Vec<Segment> = bounds
        .windows(2)
        .zip(&seg_sums)
        .filter_map(|(w, s)| {
            Some(Segment {
                start: bins.get(w[0])?.start,
                end: last_day(w[1] - 1)?,
                level: s.mean(),
                docs: s.docs,
                mentions: s.mentions,
            })
        })
        .collect();
    let shocks = cps
        .iter()
        .enumerate()
        .filter_map(|(k, &cp)| {
            let (before, after) = (&seg_sums[k], &seg_sums[k + 1]);
            let (lo, hi) = welch(before, after);
            let score = split_score(&scaled[bounds[k]..bounds[k + 2]], cp - bounds[k]);
            Some(Shock {
                date: bins.get(cp)?.start,
                last_before: last_day(cp - 1)?,
                before: before.mean(),
                after: after.mean(),
                size: after.mean() - before.mean(),
                ci_low: lo,
                ci_high: hi,
                docs_before: before.docs,
                docs_after: after.docs,
                mentions_before: before.mentions,
                mentions_after: after.mentions,
                score,
                p_value: chi2_1_tail(score),
            })
        })
        .collect();
    ShockReport {
        options: *opts,
        penalty,
        dispersion,
        drift_dispersion: drift,
        bins: bins.len(),
        docs: n_docs,
        segments,
        shocks,
    }
}

/// Cost reduction from splitting `points` at `at`.
fn split_score(points: &[(f64, f64)], at: usize) -> f64 {
    let cost = |p: &[(f64, f64)]| -> f64 {
        let s0: f64 = p.iter().map(|x| x.1).sum();
        if s0 <= 0.0 {
            return 0.0;
        }
        let m = p.iter().map(|x| x.0 * x.1).sum::<f64>() / s0;
        p.iter().map(|x| x.1 * (x.0 - m).powi(2)).sum()
    };
    match (points.get(..at), points.get(at..)) {
        (Some(a), Some(b)) => (cost(points) - cost(a) - cost(b)).max(0.0),
        _ => 0.0,
    }
}

/// The pooled within-bin variance of the documents' tones (the ANOVA mean square within):
/// `Σ_b (n_b − 1)·v_b / Σ_b (n_b − 1)` over bins with more than one effective document, `v_b` the
/// bin's reach-weighted variance and `n_b` its effective size; `None` when no bin has two.
fn within_variance(sums: &[Sums]) -> Option<f64> {
    let (mut ss, mut df) = (0.0, 0.0);
    for s in sums {
        let n = s.n_eff();
        if n <= 1.0 + 1e-9 || s.w <= 0.0 {
            continue;
        }
        let m = s.mean();
        let sample = (s.ws2 - 2.0 * m * s.ws + m * m * s.w).max(0.0) / s.w * n / (n - 1.0);
        ss += sample * (n - 1.0);
        df += n - 1.0;
    }
    (df > 0.0).then(|| (ss / df).max(1e-4))
}

/// The difference-based dispersion estimate: the squared MAD (scaled to a normal standard
/// deviation) of the standardized first differences `(ȳ_{b+1} − ȳ_b) / √(1/n_b + 1/n_{b+1})`,
/// floored at 1e-4; 1 when there are fewer than two bins.
fn dispersion(points: &[(f64, f64)]) -> f64 {
    let mut z: Vec<f64> = points
        .windows(2)
        .filter(|w| w[0].1 > 0.0 && w[1].1 > 0.0)
        .map(|w| (w[1].0 - w[0].0) / (1.0 / w[0].1 + 1.0 / w[1].1).sqrt())
        .collect();
    if z.is_empty() {
        return 1.0;
    }
    let med = median(&mut z);
    let mut dev: Vec<f64> = z.iter().map(|x| (x - med).abs()).collect();
    let mad = median(&mut dev) / 0.674_489_75;
    (mad * mad).max(1e-4)
}

/// The median of a non-empty slice (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};
    use citra_model::{Lang, ToneLabel};

    /// A tiny linear congruential generator (Knuth's MMIX constants): uniform in [-1, 1).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        }
    }

    /// Monday 2019-01-07.
    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 1, 7).unwrap()
    }

    /// `per_week` documents in each week `w` with `level(w)` plus uniform noise of half-width
    /// `noise`; `None` levels are gaps.
    fn series(
        weeks: usize,
        per_week: usize,
        noise: f64,
        seed: u64,
        level: impl Fn(usize) -> Option<f64>,
    ) -> Vec<Observation> {
        let mut rng = Lcg(seed);
        let mut out = Vec::new();
        let mut id = 0;
        for w in 0..weeks {
            let Some(mu) = level(w) else { continue };
            for k in 0..per_week {
                id += 1;
                let day = monday() + Duration::days(7 * w as i64 + (k % 7) as i64);
                let score = (mu + noise * rng.next()).clamp(-1.0, 1.0);
                out.push(Observation {
                    doc_id: id,
                    mention_id: id,
                    time: Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap()),
                    country: "MEX".into(),
                    score: score as f32,
                    label: ToneLabel::Neutral,
                    confidence: 1.0,
                    engagement: 100 * (k as u64 % 3),
                    lang: Lang::Eng,
                    author: None,
                    kind: citra_model::MentionKind::Name,
                    actor: None,
                });
            }
        }
        out
    }

    fn week(w: i64) -> NaiveDate {
        monday() + Duration::days(7 * w)
    }

    #[test]
    fn pelt_table() {
        // (name, points (value, precision), penalty, expected change points)
        let flat = |v: &[f64]| v.iter().map(|&x| (x, 1.0)).collect::<Vec<_>>();
        type Row = (&'static str, Vec<(f64, f64)>, f64, Vec<usize>);
        let rows: Vec<Row> = vec![
            // SSE without a split: 6 × 0.25 = 1.5; with one: 0 + penalty.
            ("basic010", flat(&[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]), 0.5, vec![3]),
            ("basic020", flat(&[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]), 2.0, vec![]),
            ("basic030", flat(&[0.0, 0.0, 1.0, 1.0, 0.0, 0.0]), 0.1, vec![2, 4]),
            // Precision 4 on the last point: SSE unsplit = 1·1·(0.8)² ... mean 0.8: 0.64 + 4·0.04
            // = 0.8 > 0.7, so it splits; with penalty 0.9 it does not.
            ("weight010", vec![(0.0, 1.0), (1.0, 4.0)], 0.7, vec![1]),
            ("weight020", vec![(0.0, 1.0), (1.0, 4.0)], 0.9, vec![]),
            ("zero010", vec![(5.0, 0.0), (0.0, 1.0), (0.0, 1.0)], 0.0, vec![]),
            ("empty010", vec![], 1.0, vec![]),
            ("one010", flat(&[0.3]), 0.0, vec![]),
        ];
        for (name, points, pen, want) in rows {
            assert_eq!(pelt(&points, pen), want, "{name}");
        }
    }

    #[test]
    fn pelt_matches_exhaustive_search() {
        // PELT is exact: compare with all 2^(n-1) segmentations on random short series.
        let mut rng = Lcg(7);
        for case in 0..40 {
            let n = 2 + case % 8;
            let pts: Vec<(f64, f64)> =
                (0..n).map(|_| (rng.next() * 2.0, 1.0 + rng.next().abs() * 3.0)).collect();
            let pen = 0.5 + rng.next().abs() * 3.0;
            let cost = |a: usize, b: usize| {
                let p = &pts[a..b];
                let s0: f64 = p.iter().map(|x| x.1).sum();
                let m = p.iter().map(|x| x.0 * x.1).sum::<f64>() / s0;
                p.iter().map(|x| x.1 * (x.0 - m).powi(2)).sum::<f64>()
            };
            let total = |cps: &[usize]| {
                let mut b = vec![0];
                b.extend(cps);
                b.push(n);
                b.windows(2).map(|w| cost(w[0], w[1])).sum::<f64>() + pen * cps.len() as f64
            };
            let mut best = f64::INFINITY;
            for mask in 0u32..(1 << (n - 1)) {
                let cps: Vec<usize> = (1..n).filter(|i| mask & (1 << (i - 1)) != 0).collect();
                best = best.min(total(&cps));
            }
            let got = pelt(&pts, pen);
            assert!((total(&got) - best).abs() < 1e-9, "case {case}: {got:?}");
        }
    }

    #[test]
    fn one_change_found_at_the_right_week() {
        // 40 weeks, 6 docs a week, −0.3 then +0.2 from week 20, uniform noise ±0.3.
        let obs = series(40, 6, 0.3, 1, |w| Some(if w < 20 { -0.3 } else { 0.2 }));
        let r = detect_shocks(&obs, &ShockOptions::default());
        assert_eq!(r.bins, 40);
        assert_eq!(r.shocks.len(), 1, "{:?}", r.shocks);
        let s = &r.shocks[0];
        assert_eq!(s.date, week(20));
        assert_eq!(s.last_before, week(19) + Duration::days(5));
        assert!((s.before + 0.3).abs() < 0.06 && (s.after - 0.2).abs() < 0.06, "{s:?}");
        assert!(s.ci_low < 0.5 && 0.5 < s.ci_high, "interval covers the true size: {s:?}");
        assert_eq!((s.docs_before, s.docs_after), (120, 120));
        assert_eq!(s.mentions_after, 120);
        assert!(s.p_value < 1e-6 && s.score > r.penalty);
        assert_eq!(r.segments.len(), 2);
        assert_eq!(r.segments[1].start, week(20));
    }

    #[test]
    fn flat_noisy_series_has_none() {
        for seed in [3, 11, 42] {
            let obs = series(60, 5, 0.6, seed, |_| Some(-0.1));
            let r = detect_shocks(&obs, &ShockOptions::default());
            assert!(r.shocks.is_empty(), "seed {seed}: {:?}", r.shocks);
            assert_eq!(r.segments.len(), 1);
            assert_eq!(r.segments[0].docs, 300);
        }
    }

    #[test]
    fn false_alarm_rate_is_low() {
        // Flat series of 40 weeks, 4 docs a week, unequal weights, 200 seeds. BIC is known to be
        // liberal on short series (measured: 15% of these flat series show a change point);
        // MBIC is strict (3.5%). A penalty of 2 (AIC-like) flags 90% of them.
        let rate = |penalty| {
            let opts = ShockOptions { penalty, ..ShockOptions::default() };
            (0..200u64)
                .filter(|&seed| {
                    let obs = series(40, 4, 0.8, 1000 + seed, |_| Some(0.0));
                    !detect_shocks(&obs, &opts).shocks.is_empty()
                })
                .count() as f64
                / 200.0
        };
        let (bic, mbic, aic) = (rate(Penalty::Bic), rate(Penalty::Mbic), rate(Penalty::Value(2.0)));
        eprintln!("false alarms: bic {bic}, mbic {mbic}, penalty 2: {aic}");
        assert!(bic <= 0.2, "bic {bic}");
        assert!(mbic <= 0.05, "mbic {mbic}");
        assert!(aic > 0.5, "penalty 2: {aic}");
    }

    #[test]
    fn two_changes() {
        let obs = series(45, 8, 0.4, 5, |w| {
            Some(match w {
                0..15 => 0.1,
                15..30 => -0.4,
                _ => 0.1,
            })
        });
        let r = detect_shocks(&obs, &ShockOptions::default());
        let dates: Vec<NaiveDate> = r.shocks.iter().map(|s| s.date).collect();
        assert_eq!(dates, [week(15), week(30)]);
        assert!(r.shocks[0].size < 0.0 && r.shocks[1].size > 0.0);
        for s in &r.shocks {
            assert!(s.ci_low < s.size.signum() * 0.5 && s.size.signum() * 0.5 < s.ci_high, "{s:?}");
        }
    }

    #[test]
    fn gaps_are_skipped() {
        // Weeks 10–19 have no documents; the level changes across the gap.
        let obs = series(30, 6, 0.2, 9, |w| match w {
            0..10 => Some(-0.5),
            10..20 => None,
            _ => Some(0.3),
        });
        let r = detect_shocks(&obs, &ShockOptions::default());
        assert_eq!(r.bins, 20);
        assert_eq!(r.shocks.len(), 1);
        assert_eq!(r.shocks[0].date, week(20));
        assert_eq!(r.shocks[0].last_before, week(9) + Duration::days(5));
    }

    #[test]
    fn sparse_periods_are_pooled() {
        // One document a week: with at least 4 mentions a bin, weeks pool by four.
        let obs = series(22, 1, 0.0, 1, |w| Some(if w < 12 { -0.5 } else { 0.5 }));
        let opts = ShockOptions { min_mentions: 4, ..ShockOptions::default() };
        let r = detect_shocks(&obs, &opts);
        // 22 weeks → 5 bins of 4 plus a remainder of 2 joined to the last bin.
        assert_eq!(r.bins, 5);
        assert_eq!(r.shocks.len(), 1);
        assert_eq!(r.shocks[0].date, week(12));
        // With a bin of 8 weeks the change can only land on a bin boundary.
        let opts = ShockOptions { min_mentions: 8, ..ShockOptions::default() };
        let r = detect_shocks(&obs, &opts);
        assert_eq!(r.bins, 2);
        assert!(r.shocks.iter().all(|s| s.date == week(8)), "{:?}", r.shocks);
    }

    #[test]
    fn empty_and_tiny() {
        let r = detect_shocks(&[], &ShockOptions::default());
        assert_eq!((r.bins, r.docs, r.shocks.len(), r.segments.len()), (0, 0, 0, 0));
        let obs = series(1, 3, 0.1, 1, |_| Some(0.2));
        let r = detect_shocks(&obs, &ShockOptions::default());
        assert_eq!((r.bins, r.shocks.len(), r.segments.len()), (1, 0, 1));
    }

    #[test]
    fn penalty_parse() {
        let rows = [
            ("bic", Some(Penalty::Bic)),
            ("MBIC", Some(Penalty::Mbic)),
            ("12.5", Some(Penalty::Value(12.5))),
            ("-1", None),
            ("nan", None),
            ("lots", None),
        ];
        for (s, want) in rows {
            assert_eq!(s.parse::<Penalty>().ok(), want, "{s}");
        }
        assert!((Penalty::Bic.value(100) - 2.0 * 100f64.ln()).abs() < 1e-12);
        assert!("x".parse::<Penalty>().unwrap_err().to_string().contains("bic, mbic"));
    }

    #[test]
    fn erfc_values() {
        // χ²(1) tails: 3.841 → 0.05, 6.635 → 0.01.
        assert!((chi2_1_tail(3.841_459) - 0.05).abs() < 1e-6);
        assert!((chi2_1_tail(6.634_897) - 0.01).abs() < 1e-6);
        assert_eq!(chi2_1_tail(0.0), 1.0);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use chrono::{TimeZone, Utc};
    use citra_model::{Lang, ToneLabel};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_tiles(
            rows in proptest::collection::vec(
                (0i64..40, 0i64..2000, prop_oneof![-1.5f32..1.5, Just(f32::NAN), Just(f32::INFINITY)], 0u64..1_000_000),
                0..120,
            ),
            min in 1u64..12,
            by in 0usize..3,
            pen in prop_oneof![Just(Penalty::Bic), Just(Penalty::Mbic), (0.0f64..50.0).prop_map(Penalty::Value)],
        ) {
            let obs: Vec<Observation> = rows.iter().enumerate().map(|(i, &(doc, day, score, eng))| Observation {
                doc_id: doc,
                mention_id: i as i64,
                time: Utc.timestamp_opt(1_420_070_400 + day * 86_400, 0).unwrap(),
                country: "MEX".into(),
                score,
                label: ToneLabel::Neutral,
                confidence: 1.0,
                engagement: eng,
                lang: Lang::Eng,
                author: None,
                kind: citra_model::MentionKind::Name,
                actor: None,
            }).collect();
            let period = [Period::Day, Period::Week, Period::Month][by];
            let r = detect_shocks(&obs, &ShockOptions { period, min_mentions: min, penalty: pen });
            let docs: u64 = r.segments.iter().map(|s| s.docs).sum();
            prop_assert_eq!(docs, r.docs);
            prop_assert_eq!(r.segments.len(), if r.bins == 0 { 0 } else { r.shocks.len() + 1 });
            for w in r.shocks.windows(2) {
                prop_assert!(w[0].date < w[1].date);
            }
            for s in &r.shocks {
                prop_assert!(s.before.is_finite() && s.after.is_finite());
                prop_assert!(s.ci_low <= s.size + 1e-12 && s.size <= s.ci_high + 1e-12);
                prop_assert!((0.0..=1.0).contains(&s.p_value));
                prop_assert!(s.last_before < s.date);
            }
        }
    }
}

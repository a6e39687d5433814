//! Small statistics: Student's t quantiles and a weighted mean with its 95% interval.

/// Two-sided 95% quantile of Student's t (the 0.975 quantile) for `df` degrees of freedom.
///
/// Exact table values for df 1–30, then the Cornish–Fisher expansion, which is within 1e-4 of the
/// true value from df 30 on; `df` below 1 gives the df = 1 value.
pub fn t_quantile_975(df: f64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if !df.is_finite() {
        return 1.959_964;
    }
    if df <= 30.0 {
        let lo = df.floor().max(1.0);
        let hi = df.ceil().max(1.0);
        let a = TABLE[(lo as usize).clamp(1, 30) - 1];
        let b = TABLE[(hi as usize).clamp(1, 30) - 1];
        // Linear interpolation between neighbouring whole degrees of freedom.
        return a + (b - a) * (df - lo).clamp(0.0, 1.0);
    }
    let z: f64 = 1.959_964;
    let z3 = z.powi(3);
    let z5 = z.powi(5);
    z + (z3 + z) / (4.0 * df) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
}

/// Weighted mean of `(value, weight)` pairs with a 95% interval clamped to `[lo, hi]`.
///
/// Returns `(mean, ci_low, ci_high, n_eff)`, or `None` when the weights sum to zero.
/// With `n_eff ≤ 1` (one document, or one dominating weight) the interval is `[lo, hi]`.
///
/// `prior_var` regularises the variance with one pseudo-observation of that variance:
/// `var = (n_eff · s² + prior_var) / (n_eff + 1)`. With `prior_var = 0` the interval is the
/// textbook t-interval; the citra index uses the variance of a uniform score on [-1, 1] (1/3), so
/// that a few identical scores do not give a zero-width interval, while large samples are
/// unaffected.
pub fn weighted_mean_ci(
    pairs: &[(f64, f64)],
    lo: f64,
    hi: f64,
    prior_var: f64,
) -> Option<(f64, f64, f64, f64)> {
    let sw: f64 = pairs.iter().map(|p| p.1).sum();
    if sw <= 0.0 || !sw.is_finite() {
        return None;
    }
    let sw2: f64 = pairs.iter().map(|p| p.1 * p.1).sum();
    let mean = pairs.iter().map(|p| p.0 * p.1).sum::<f64>() / sw;
    let n_eff = sw * sw / sw2;
    if n_eff <= 1.0 + 1e-9 {
        return Some((mean, lo, hi, n_eff));
    }
    // Weighted variance with the reliability-weights correction, so that equal weights give the
    // ordinary sample variance.
    let ss: f64 = pairs.iter().map(|p| p.1 * (p.0 - mean).powi(2)).sum();
    let sample_var = ss / sw * n_eff / (n_eff - 1.0);
    let var =
        if prior_var > 0.0 { (n_eff * sample_var + prior_var) / (n_eff + 1.0) } else { sample_var };
    let se = (var / n_eff).sqrt();
    let half = t_quantile_975(n_eff - 1.0) * se;
    Some((mean, (mean - half).max(lo), (mean + half).min(hi), n_eff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_table() {
        let rows = [(1.0, 12.706), (2.0, 4.303), (10.0, 2.228), (30.0, 2.042), (1e9, 1.96)];
        for (df, want) in rows {
            assert!((t_quantile_975(df) - want).abs() < 2e-3, "df {df}: {}", t_quantile_975(df));
        }
        // Continuity at the table's end, and the known value for df = 60 (2.000) and 120 (1.980).
        assert!((t_quantile_975(60.0) - 2.000).abs() < 1e-3);
        assert!((t_quantile_975(120.0) - 1.980).abs() < 1e-3);
    }

    #[test]
    fn equal_weights_match_textbook() {
        // Values 1, 2, 3, 4: mean 2.5, sample sd 1.291, se 0.6455, t(3) = 3.182 → ±2.054.
        let pairs: Vec<(f64, f64)> = [1.0, 2.0, 3.0, 4.0].iter().map(|&v| (v, 1.0)).collect();
        let (m, lo, hi, n) = weighted_mean_ci(&pairs, -10.0, 10.0, 0.0).unwrap();
        assert!((m - 2.5).abs() < 1e-12);
        assert!((n - 4.0).abs() < 1e-12);
        assert!((lo - (2.5 - 2.054)).abs() < 2e-3, "{lo}");
        assert!((hi - (2.5 + 2.054)).abs() < 2e-3, "{hi}");
    }

    #[test]
    fn single_and_empty() {
        assert_eq!(weighted_mean_ci(&[(0.5, 2.0)], -1.0, 1.0, 0.0), Some((0.5, -1.0, 1.0, 1.0)));
        assert_eq!(weighted_mean_ci(&[], -1.0, 1.0, 0.0), None);
        assert_eq!(weighted_mean_ci(&[(0.5, 0.0)], -1.0, 1.0, 0.0), None);
    }

    #[test]
    fn clamped() {
        let pairs = [(1.0, 1.0), (0.9, 1.0)];
        let (_, lo, hi, _) = weighted_mean_ci(&pairs, -1.0, 1.0, 0.0).unwrap();
        assert_eq!(hi, 1.0);
        assert!(lo < 0.95);
    }

    #[test]
    fn prior_variance() {
        // Two identical scores: zero sample variance. Without a prior the interval collapses;
        // with the uniform prior (1/3) var = (2·0 + 1/3) / 3 = 1/9, se = sqrt(1/18), t(1) = 12.706.
        let pairs = [(0.0, 1.0), (0.0, 1.0)];
        assert_eq!(weighted_mean_ci(&pairs, -1.0, 1.0, 0.0), Some((0.0, 0.0, 0.0, 2.0)));
        let (_, lo, hi, _) = weighted_mean_ci(&pairs, -1.0, 1.0, 1.0 / 3.0).unwrap();
        assert_eq!((lo, hi), (-1.0, 1.0));
        // 400 scores: the prior moves the half-width by well under 1%.
        let many: Vec<(f64, f64)> = (0..400).map(|i| (f64::from(i % 5) / 5.0 - 0.4, 1.0)).collect();
        let (_, a, b, _) = weighted_mean_ci(&many, -1.0, 1.0, 0.0).unwrap();
        let (_, c, d, _) = weighted_mean_ci(&many, -1.0, 1.0, 1.0 / 3.0).unwrap();
        assert!(((d - c) / (b - a) - 1.0).abs() < 0.01);
    }
}

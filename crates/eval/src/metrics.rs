//! Precision, recall, F1, accuracy, and the confusion matrix.

use crate::{Outcome, Task};
use citra_model::ToneLabel;
use std::collections::BTreeMap;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrF {
    /// Precision (1 when nothing was predicted).
    pub precision: f64,
    /// Recall (1 when nothing was to be found).
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

impl PrF {
    /// From true positives, false positives and false negatives.
    pub fn from_counts(tp: u64, fp: u64, fn_: u64) -> PrF {
        let precision = if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 };
        let recall = if tp + fn_ == 0 { 1.0 } else { tp as f64 / (tp + fn_) as f64 };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        PrF { precision, recall, f1 }
    }
}

/// A confusion matrix: gold label → predicted label → count, and gold label → rows whose target
/// citra did not find.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confusion {
    /// Gold label → predicted label → count.
    pub cells: BTreeMap<ToneLabel, BTreeMap<ToneLabel, u64>>,
    /// Gold label → rows whose target was not found (scored as misses).
    pub not_found: BTreeMap<ToneLabel, u64>,
}

impl Confusion {
    /// The matrix with string keys (gold → predicted or "not_found" → count), for JSON.
    pub fn to_json(&self) -> BTreeMap<String, BTreeMap<String, u64>> {
        self.cells
            .iter()
            .map(|(g, row)| {
                let mut r: BTreeMap<String, u64> =
                    row.iter().map(|(p, n)| (p.as_str().to_owned(), *n)).collect();
                r.insert("not_found".into(), self.not_found.get(g).copied().unwrap_or(0));
                (g.as_str().to_owned(), r)
            })
            .collect()
    }
}

pub(crate) struct Computed {
    pub(crate) metrics: BTreeMap<String, f64>,
    pub(crate) confusion: Option<Confusion>,
}

pub(crate) fn compute<'a>(task: Task, outcomes: impl Iterator<Item = &'a Outcome>) -> Computed {
    let mut metrics = BTreeMap::new();
    let mut confusion = None;
    match task {
        Task::Langid => {
            let (mut ok, mut n) = (0u64, 0u64);
            for o in outcomes {
                if let Outcome::Correct(c) = o {
                    n += 1;
                    ok += u64::from(*c);
                }
            }
            metrics.insert("accuracy".into(), ratio(ok, n));
        }
        Task::Mentions => {
            let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
            for o in outcomes {
                if let Outcome::Sets { gold, got } = o {
                    tp += gold.intersection(got).count() as u64;
                    fp += got.difference(gold).count() as u64;
                    fn_ += gold.difference(got).count() as u64;
                }
            }
            let p = PrF::from_counts(tp, fp, fn_);
            metrics.insert("precision".into(), p.precision);
            metrics.insert("recall".into(), p.recall);
            metrics.insert("micro_f1".into(), p.f1);
        }
        Task::Tone | Task::TargetTone => {
            let mut cm: BTreeMap<ToneLabel, BTreeMap<ToneLabel, u64>> = BTreeMap::new();
            let labels = [ToneLabel::Negative, ToneLabel::Neutral, ToneLabel::Positive];
            for g in labels {
                cm.insert(g, labels.iter().map(|&p| (p, 0)).collect());
            }
            let (mut ok, mut n) = (0u64, 0u64);
            // Gold label → rows whose target citra did not find (a miss for that class).
            let mut not_found: BTreeMap<ToneLabel, u64> = BTreeMap::new();
            for o in outcomes {
                if let Outcome::Label { gold, got } = o {
                    n += 1;
                    match got {
                        Some(got) => {
                            ok += u64::from(gold == got);
                            *cm.entry(*gold).or_default().entry(*got).or_default() += 1;
                        }
                        None => *not_found.entry(*gold).or_default() += 1,
                    }
                }
            }
            // Macro averages over the classes present in the gold slice.
            let (mut f1s, mut recalls) = (Vec::new(), Vec::new());
            for c in labels {
                let support: u64 =
                    cm[&c].values().sum::<u64>() + not_found.get(&c).copied().unwrap_or(0);
                if support == 0 {
                    continue;
                }
                let tp = cm[&c][&c];
                let predicted: u64 = labels.iter().map(|g| cm[g][&c]).sum();
                let p = PrF::from_counts(tp, predicted - tp, support - tp);
                let precision = if predicted == 0 { 0.0 } else { p.precision };
                let f1 = if precision + p.recall == 0.0 {
                    0.0
                } else {
                    2.0 * precision * p.recall / (precision + p.recall)
                };
                f1s.push(f1);
                recalls.push(p.recall);
            }
            metrics.insert("macro_f1".into(), mean(&f1s));
            metrics.insert("macro_recall".into(), mean(&recalls));
            metrics.insert("accuracy".into(), ratio(ok, n));
            if task == Task::TargetTone {
                metrics.insert("not_found".into(), not_found.values().sum::<u64>() as f64);
            }
            confusion = Some(Confusion { cells: cm, not_found });
        }
        Task::Events => {
            let (mut n, mut quad, mut root, mut dyad) = (0u64, 0u64, 0u64, 0u64);
            let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
            for o in outcomes {
                if let Outcome::Events(e) = o {
                    n += e.n_gold;
                    quad += e.quad_hits;
                    root += e.root_hits;
                    dyad += e.dyad_hits;
                    tp += e.tp;
                    fp += e.fp;
                    fn_ += e.fn_;
                }
            }
            metrics.insert("quad_accuracy".into(), ratio(quad, n));
            metrics.insert("root_accuracy".into(), ratio(root, n));
            metrics.insert("dyad_quad_accuracy".into(), ratio(dyad, n));
            let p = PrF::from_counts(tp, fp, fn_);
            metrics.insert("precision".into(), p.precision);
            metrics.insert("recall".into(), p.recall);
            metrics.insert("micro_f1".into(), p.f1);
        }
    }
    Computed { metrics, confusion }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ToneLabel::*;
    use std::collections::BTreeSet;

    fn set(xs: &[&str]) -> BTreeSet<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prf010() {
        let rows = [
            ((2, 0, 0), (1.0, 1.0, 1.0)),
            ((1, 1, 0), (0.5, 1.0, 2.0 / 3.0)),
            ((0, 0, 0), (1.0, 1.0, 1.0)),
            ((0, 2, 2), (0.0, 0.0, 0.0)),
        ];
        for ((tp, fp, fn_), (p, r, f)) in rows {
            let got = PrF::from_counts(tp, fp, fn_);
            assert!((got.precision - p).abs() < 1e-12 && (got.recall - r).abs() < 1e-12);
            assert!((got.f1 - f).abs() < 1e-12, "{tp} {fp} {fn_}");
        }
    }

    #[test]
    fn mentions_micro() {
        let o = [
            Outcome::Sets { gold: set(&["MEX", "USA"]), got: set(&["MEX"]) },
            Outcome::Sets { gold: set(&[]), got: set(&["CHN"]) },
        ];
        let m = compute(Task::Mentions, o.iter()).metrics;
        assert_eq!(m["precision"], 0.5);
        assert_eq!(m["recall"], 0.5);
        assert_eq!(m["micro_f1"], 0.5);
    }

    #[test]
    fn tone_macro_by_hand() {
        // gold: neg, neg, neu, pos; predicted: neg, neu, neu, neg.
        let o = [
            Outcome::Label { gold: Negative, got: Some(Negative) },
            Outcome::Label { gold: Negative, got: Some(Neutral) },
            Outcome::Label { gold: Neutral, got: Some(Neutral) },
            Outcome::Label { gold: Positive, got: Some(Negative) },
        ];
        let c = compute(Task::Tone, o.iter());
        let m = c.metrics;
        // neg: P 1/2 R 1/2 F 1/2; neu: P 1/2 R 1 F 2/3; pos: P 0 R 0 F 0.
        assert!((m["macro_f1"] - (0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((m["macro_recall"] - 0.5).abs() < 1e-12);
        assert_eq!(m["accuracy"], 0.5);
        assert_eq!(c.confusion.unwrap().cells[&Positive][&Negative], 1);
    }
}

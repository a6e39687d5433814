//! VADER-style rules over scoring units: intensifiers, negation, capitals, elongation, contrast
//! and punctuation emphasis (Hutto & Gilbert 2014; constants as in vaderSentiment 3.3.2).

use crate::Evidence;
use crate::units::{Kind, Units};

/// Scalar added by an intensifier (VADER's `B_INCR`).
pub(crate) const B_INCR: f32 = 0.293;
/// Scalar added to a word written in capitals in mixed-case text (VADER's `C_INCR`).
pub(crate) const C_INCR: f32 = 0.733;
/// Factor applied to a negated word (VADER's `N_SCALAR`).
pub(crate) const N_SCALAR: f32 = -0.74;
/// How many units back negators and intensifiers reach.
const REACH: usize = 3;

/// Sums of one scored range.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sums {
    /// Sum of positive unit scores.
    pub(crate) pos: f32,
    /// Sum of negative unit scores (as a positive magnitude).
    pub(crate) neg: f32,
    /// Number of '!' (at most 4) and of '?' (at most 3, when more than one).
    pub(crate) bangs: u32,
    /// Number of '?'.
    pub(crate) questions: u32,
    /// Number of units that carried a valence.
    pub(crate) hits: u32,
}

impl Sums {
    /// Net sum with VADER's punctuation emphasis.
    pub(crate) fn total(&self) -> f32 {
        let s = self.pos - self.neg;
        let mut emph = self.bangs.min(4) as f32 * 0.292;
        if self.questions > 1 {
            emph += self.questions.min(3) as f32 * 0.18;
        }
        if s > 0.0 {
            s + emph
        } else if s < 0.0 {
            s - emph
        } else {
            s
        }
    }

    /// VADER's compound score in [-1, 1].
    pub(crate) fn compound(&self) -> f32 {
        normalize(self.total())
    }
}

/// VADER's normalisation: `x / sqrt(x² + 15)`.
pub(crate) fn normalize(x: f32) -> f32 {
    let v = x / (x * x + 15.0).sqrt();
    if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 }
}

/// The score of unit `i` after the rules, with the rules that applied when `ev` is given.
///
/// `lo` bounds how far back negators and intensifiers may be looked for.
pub(crate) fn unit_score(
    u: &Units<'_>,
    i: usize,
    lo: usize,
    ev: Option<&mut Vec<Evidence>>,
) -> Option<f32> {
    let unit = u.units.get(i)?;
    let base = unit.valence()?;
    let mut v = base;
    let sign = if base >= 0.0 { 1.0 } else { -1.0 };
    let mut rules: Vec<String> = Vec::new();
    let explain = ev.is_some();
    if explain {
        rules.push("lexicon".to_owned());
    }
    if unit.caps && !u.all_caps && unit.kind == Kind::Word {
        v += sign * C_INCR;
        if explain {
            rules.push("emphasised by capitals".to_owned());
        }
    }
    if unit.elongated {
        v += sign * B_INCR;
        if explain {
            rules.push("emphasised by elongation".to_owned());
        }
    }
    // Intensifiers and negators among the REACH units before, within the clause.
    let mut negated = false;
    // Punctuation that ends nothing (an abbreviation's dot, "U.S.") is not counted as a word.
    let back = (lo..i)
        .rev()
        .filter(|&j| {
            let p = &u.units[j];
            p.kind != Kind::Punct || p.clause_end || p.comma
        })
        .take(REACH);
    for (k, j) in back.enumerate() {
        let k = k + 1;
        let p = &u.units[j];
        if p.kind == Kind::Punct && (p.clause_end || p.comma) {
            break;
        }
        let b = p.boost();
        if b != 0.0 {
            let damp = [1.0, 0.95, 0.9][k - 1];
            v += sign * b * damp;
            if explain {
                let verb = if b > 0.0 { "intensified" } else { "dampened" };
                rules.push(format!("{verb} by '{}'", u.key(j)));
            }
        }
        if p.is_neg() && !negated {
            negated = true;
            v *= N_SCALAR;
            if explain {
                rules.push(format!("negated by '{}'", u.key(j)));
            }
        }
    }
    // Intensifiers that follow the word ("bagus banget", "enak sekali").
    for j in i + 1..(i + 3).min(u.units.len()) {
        let p = &u.units[j];
        if p.kind == Kind::Punct || p.valence().is_some() {
            break;
        }
        let b = p.entry.map_or(0.0, |e| e.post_boost);
        if b != 0.0 {
            v += if v >= 0.0 { b } else { -b };
            if explain {
                rules.push(format!("intensified by '{}'", u.key(j)));
            }
            break;
        }
    }
    if let Some(e) = ev {
        e.push(Evidence {
            span: unit.span,
            word: u.key(i).to_owned(),
            valence: v,
            rule: rules.join(", "),
        });
    }
    Some(v)
}

/// Scores units `lo..hi`, weighting words before the last contrast of a sentence by 0.5 and
/// after it by 1.5; `skip` leaves units out (role words scored elsewhere).
pub(crate) fn score_range(
    u: &Units<'_>,
    lo: usize,
    hi: usize,
    skip: &dyn Fn(usize) -> bool,
    mut ev: Option<&mut Vec<Evidence>>,
) -> Sums {
    let mut sums = Sums::default();
    let hi = hi.min(u.units.len());
    let mut s = lo;
    while s < hi {
        // One sentence: s..e (e includes its end punctuation).
        let mut e = s;
        while e < hi && !u.units[e].sentence_end {
            e += 1;
        }
        let e = (e + 1).min(hi);
        let contrast = (s..e).rev().find(|&j| u.units[j].is_contrast());
        for i in s..e {
            let unit = &u.units[i];
            if unit.kind == Kind::Punct {
                sums.bangs += unit.bangs as u32;
                sums.questions += unit.questions as u32;
                continue;
            }
            if skip(i) {
                continue;
            }
            let start = ev.as_ref().map_or(0, |v| v.len());
            let Some(mut v) = unit_score(u, i, s, ev.as_deref_mut()) else { continue };
            if let Some(c) = contrast {
                let (f, what) = if i < c { (0.5, "before") } else { (1.5, "after") };
                if i != c {
                    v *= f;
                    if let Some(last) = ev.as_deref_mut().and_then(|v| v.get_mut(start)) {
                        last.valence = v;
                        last.rule.push_str(&format!(", {what} contrast '{}'", u.key(c)));
                    }
                }
            }
            sums.hits += 1;
            if v > 0.0 {
                sums.pos += v;
            } else if v < 0.0 {
                sums.neg -= v;
            }
        }
        s = e;
    }
    sums
}

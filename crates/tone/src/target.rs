//! The target model: a linear model trained on target-labelled data (tone toward a named target
//! or a country) that reads the target's own context and the rules' verdict.
//!
//! The rules of [`crate::target_rule`] (the target's role, its clause's lexicon evidence, the
//! document model) give a tone and say which path decided ([`RulePath`]). The target model
//! stacks that verdict with features of the target's context, the target itself masked:
//! - the words of its clause, plain and by side (before or after the target), the bigrams and
//!   the words in a negator's scope;
//! - the three words on each side, by distance;
//! - the words of the whole post;
//! - dense features: the document model's probabilities on the post and on the clause, the
//!   rules' score and path, the clause's lexicon sums, reported-speech and attribution words
//!   ("said", "menurut", "según"), contrast before or after the target, a negator just before
//!   it, the target written as a hashtag, a question, a first-person pronoun before the target
//!   ("we are paying Iran"), the number of targets, the language.
//!
//! The model file (`data/models/target.bin`) is written by the `train_target` example of
//! `citra-pipeline` (see `data/SOURCES.md`), which finds the mentions with the real pipeline.

use crate::model::{self, Features, LinearModel, PreSum, fnv, fnv_parts};
use crate::units::{Kind, Units};
use crate::vader::{self, Sums};
use citra_model::{Span, Tone};

/// Which rule decided a target's tone before the target model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RulePath {
    /// No unit at the target, or nothing to read.
    Nothing = 0,
    /// No role word; the lexicon found evidence and decided (no document model).
    Lexicon,
    /// No role word; the document model read the clause or post.
    Model,
    /// The target is the subject of a copula: its predicate decided.
    Predicate,
    /// The target is a possessor: the possessed words decided.
    Possessor,
    /// The target is the agent of a negative act.
    AgentNegative,
    /// The target is the subject of condemnation or praise (only words before it count).
    SubjectOfJudgement,
    /// The target is the patient of a negative act (not counted against it).
    PatientNegative,
    /// The target is the patient of condemnation.
    PatientCondemn,
    /// The target is the patient of praise.
    PatientPraise,
}

const N_PATHS: usize = 10;

impl RulePath {
    /// True when a role of the target decided (not the clause's words alone).
    pub(crate) fn is_role(self) -> bool {
        !matches!(self, RulePath::Nothing | RulePath::Lexicon | RulePath::Model)
    }

    /// A short description for explanations.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            RulePath::Nothing => "no tone word in the target's clause",
            RulePath::Lexicon => "tone words in the target's clause",
            RulePath::Model => "document model on the target's clause or post",
            RulePath::Predicate => "target is the subject of a copula",
            RulePath::Possessor => "target is a possessor",
            RulePath::AgentNegative => "target is the agent of a negative act",
            RulePath::SubjectOfJudgement => "target is the subject of condemnation or praise",
            RulePath::PatientNegative => "target is the patient of a negative act",
            RulePath::PatientCondemn => "target is the patient of condemnation",
            RulePath::PatientPraise => "target is the patient of praise",
        }
    }
}

/// Where the rules looked: unit indices of the target, its sentence and its clause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct At {
    /// First and last unit of the target.
    pub(crate) m: usize,
    pub(crate) m_end: usize,
    /// Sentence `s..e` and clause `c0..c1` (end exclusive).
    pub(crate) s: usize,
    pub(crate) e: usize,
    pub(crate) c0: usize,
    pub(crate) c1: usize,
}

/// The rules' verdict on one target.
#[derive(Debug, Clone)]
pub(crate) struct RuleOut {
    pub(crate) tone: Tone,
    pub(crate) clause: Span,
    pub(crate) path: RulePath,
    pub(crate) at: Option<At>,
    pub(crate) sums: Sums,
}

impl RuleOut {
    pub(crate) fn nothing(tone: Tone, clause: Span) -> RuleOut {
        RuleOut { tone, clause, path: RulePath::Nothing, at: None, sums: Sums::default() }
    }
}

/// What the target model reads of the whole post: the same for every target of a document (all
/// mentions are masked), so computed once per document.
#[derive(Debug, Clone, Default)]
pub(crate) struct PostCtx {
    /// The document model's probabilities on the masked post (zeros without a model).
    probs: [f32; 3],
    /// The lexicon compound of the post, mentions skipped.
    compound: f32,
    /// The post's words, mentions read as one placeholder: hashes and words.
    words: Vec<(u32, String)>,
    /// The target model's summed weights of `words` (the same for every target, so summed once:
    /// reading the post once per target made a document's cost grow with the square of its
    /// length).
    presum: std::cell::OnceCell<[i32; 3]>,
}

impl PostCtx {
    /// Computes the post context of `u` with the mentions for which `in_mention` holds masked.
    pub(crate) fn build(
        u: &Units<'_>,
        doc: Option<&LinearModel>,
        in_mention: &dyn Fn(usize) -> bool,
    ) -> PostCtx {
        let n = u.units.len();
        let sums = vader::score_range(u, 0, n, in_mention, None);
        let probs = doc.map_or([0.0; 3], |m| {
            let mut f = Features::default();
            model::features_masked(u, 0, n, &sums, in_mention, &mut f);
            m.probs(&f)
        });
        let mut words = Vec::with_capacity(n);
        for j in 0..n {
            if let Some(w) = word_of(u, j, in_mention) {
                if w == TARGET && j > 0 && in_mention(j - 1) {
                    continue;
                }
                words.push((fnv(SparseKind::Post.seed(), w.as_bytes()), w.to_owned()));
            }
        }
        PostCtx { probs, compound: sums.compound(), words, presum: std::cell::OnceCell::new() }
    }
}

/// The document model's probabilities on the masked post (once per document) and on one other
/// range (the clause of the target at hand): what the rules and the target model both read.
pub(crate) struct ProbCache<'a> {
    post: &'a std::cell::OnceCell<PostCtx>,
    range: std::cell::Cell<Option<(usize, usize, [f32; 3])>>,
}

impl<'a> ProbCache<'a> {
    /// A cache for one target of the document whose post context is (or will be) in `post`.
    pub(crate) fn new(post: &'a std::cell::OnceCell<PostCtx>) -> ProbCache<'a> {
        ProbCache { post, range: std::cell::Cell::new(None) }
    }

    /// The post context.
    pub(crate) fn post(
        &self,
        u: &Units<'_>,
        doc: Option<&LinearModel>,
        in_mention: &dyn Fn(usize) -> bool,
    ) -> &'a PostCtx {
        self.post.get_or_init(|| PostCtx::build(u, doc, in_mention))
    }

    /// The document model's probabilities on units `lo..hi`, mentions masked (zeros without a
    /// model).
    pub(crate) fn probs(
        &self,
        u: &Units<'_>,
        doc: Option<&LinearModel>,
        in_mention: &dyn Fn(usize) -> bool,
        lo: usize,
        hi: usize,
    ) -> [f32; 3] {
        let n = u.units.len();
        if (lo, hi.min(n)) == (0, n) {
            return self.post(u, doc, in_mention).probs;
        }
        if let Some((a, b, p)) = self.range.get()
            && (a, b) == (lo, hi)
        {
            return p;
        }
        let Some(m) = doc else { return [0.0; 3] };
        let sums = vader::score_range(u, lo, hi, in_mention, None);
        let mut f = Features::default();
        model::features_masked(u, lo, hi, &sums, in_mention, &mut f);
        let p = m.probs(&f);
        self.range.set(Some((lo, hi, p)));
        p
    }
}

/// The word unit `j` stands for in the target model: its key, the mention placeholder, `@user`
/// or `<url>`; `None` for punctuation.
fn word_of<'a>(u: &'a Units<'_>, j: usize, in_mention: &dyn Fn(usize) -> bool) -> Option<&'a str> {
    let x = u.units.get(j)?;
    match x.kind {
        Kind::Word | Kind::Symbol if in_mention(j) => Some(TARGET),
        Kind::Word | Kind::Symbol => Some(u.key(j)),
        Kind::Other => {
            let k = u.key(j);
            Some(if k.starts_with('@') { "@user" } else { "<url>" })
        }
        Kind::Punct => None,
    }
}

/// Names of the dense features, in order (for explanations).
pub(crate) const DENSE_NAMES: [&str; 38] = [
    "document model on the post: P(negative)",
    "document model on the post: P(neutral)",
    "document model on the post: P(positive)",
    "document model on the clause: P(negative)",
    "document model on the clause: P(neutral)",
    "document model on the clause: P(positive)",
    "the rules' score",
    "the rules say positive",
    "the rules say negative",
    "path: no tone word in the target's clause",
    "path: tone words in the target's clause",
    "path: document model on the target's clause or post",
    "path: target is the subject of a copula",
    "path: target is a possessor",
    "path: target is the agent of a negative act",
    "path: target is the subject of condemnation or praise",
    "path: target is the patient of a negative act",
    "path: target is the patient of condemnation",
    "path: target is the patient of praise",
    "lexicon compound of the clause",
    "positive words in the clause",
    "negative words in the clause",
    "tone words in the clause",
    "lexicon compound of the post",
    "a reporting word in the sentence ('said', 'menurut', 'según')",
    "a contrast word before the target",
    "a contrast word after the target",
    "a negator just before the target",
    "the target is a hashtag",
    "a question in the sentence",
    "one over the number of targets",
    "the target opens its sentence",
    "language: Indonesian or Malay",
    "language: English",
    "language: Spanish",
    "'!' in the sentence",
    "a first-person pronoun before the target",
    "the target is a country (not a person or product)",
];

/// Index of the first language one-hot feature among the dense features (`DENSE_NAMES`);
/// Indonesian, English and Spanish follow in that order. The trainer shifts their neutral
/// weights by the neutral prior.
pub const LANG_DENSE: usize = 32;

/// Index of the "target is a country" feature among the dense features (`DENSE_NAMES`).
pub const COUNTRY_DENSE: usize = 37;

/// The country code of a named target that is not a country (a person, a product): ISO 3166's
/// user-assigned "XXX", never a country.
pub const NOT_A_COUNTRY: &str = "XXX";

/// What a sparse feature is, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SparseKind {
    Clause,
    Before,
    After,
    Bigram,
    Negated,
    Left(u8),
    Right(u8),
    Post,
}

impl SparseKind {
    fn seed(self) -> u32 {
        match self {
            SparseKind::Clause => 101,
            SparseKind::Before => 102,
            SparseKind::After => 103,
            SparseKind::Bigram => 104,
            SparseKind::Negated => 105,
            SparseKind::Post => 106,
            SparseKind::Left(d) => 110 + u32::from(d),
            SparseKind::Right(d) => 120 + u32::from(d),
        }
    }

    pub(crate) fn describe(self, word: &str) -> String {
        match self {
            SparseKind::Clause => format!("'{word}' in the target's clause"),
            SparseKind::Before => format!("'{word}' before the target in its clause"),
            SparseKind::After => format!("'{word}' after the target in its clause"),
            SparseKind::Bigram => format!("'{word}' in the target's clause"),
            SparseKind::Negated => format!("'{word}' negated in the target's clause"),
            SparseKind::Left(d) => format!("'{word}' {d} word(s) before the target"),
            SparseKind::Right(d) => format!("'{word}' {d} word(s) after the target"),
            SparseKind::Post => format!("'{word}' in the post"),
        }
    }
}

/// A sparse feature's hash, kind and word, kept when explaining.
pub(crate) type Named = Vec<(u32, SparseKind, String)>;

const TARGET: &str = "<target>";

/// The target model's features for the target at units `at.m..=at.m_end`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn features(
    text: &str,
    u: &Units<'_>,
    rule: &RuleOut,
    doc: Option<&LinearModel>,
    cache: &ProbCache<'_>,
    lang: usize,
    n_targets: usize,
    country: bool,
    in_mention: &dyn Fn(usize) -> bool,
    mut names: Option<&mut Named>,
    presum: Option<&LinearModel>,
    out: &mut Features,
) {
    out.hashes.clear();
    out.dense.clear();
    out.presum = None;
    let n = u.units.len();
    let at = rule.at.unwrap_or(At { m: 0, m_end: 0, s: 0, e: n, c0: 0, c1: n });
    let word = |j: usize| word_of(u, j, in_mention);
    // The clause: words (one placeholder per masked run), by side, bigrams, negation scope.
    let mut prev: Option<&str> = None;
    let mut neg_left = 0u8;
    for j in at.c0..at.c1.min(n) {
        if (at.m..=at.m_end).contains(&j) {
            if j == at.m {
                prev = Some(TARGET);
            }
            continue;
        }
        let Some(w) = word(j) else {
            if u.units[j].comma || u.units[j].clause_end {
                prev = None;
                neg_left = 0;
            }
            continue;
        };
        if w == TARGET && j > at.c0 && in_mention(j - 1) {
            continue;
        }
        push(out, &mut names, SparseKind::Clause, w);
        push(out, &mut names, if j < at.m { SparseKind::Before } else { SparseKind::After }, w);
        if let Some(p) = prev {
            let h = fnv_parts(SparseKind::Bigram.seed(), &[p.as_bytes(), b" ", w.as_bytes()]);
            out.hashes.push(h);
            if let Some(nm) = names.as_deref_mut() {
                nm.push((h, SparseKind::Bigram, format!("{p} {w}")));
            }
        }
        if neg_left > 0 {
            push(out, &mut names, SparseKind::Negated, w);
            neg_left -= 1;
        }
        if u.units[j].is_neg() {
            neg_left = 3;
        }
        prev = Some(w);
    }
    // Three words on each side, inside the sentence.
    let mut d = 0u8;
    for j in (at.s..at.m).rev() {
        if let Some(w) = word(j) {
            d += 1;
            push(out, &mut names, SparseKind::Left(d), w);
            if d == 3 {
                break;
            }
        }
    }
    d = 0;
    for j in at.m_end + 1..at.e.min(n) {
        if let Some(w) = word(j) {
            d += 1;
            push(out, &mut names, SparseKind::Right(d), w);
            if d == 3 {
                break;
            }
        }
    }
    // The post's words (every mention masked): listed for training, summed once per document
    // for the model that scores (`presum`).
    let post = cache.post(u, doc, in_mention);
    match presum {
        Some(tm) => {
            let acc = *post.presum.get_or_init(|| tm.sum_sparse(post.words.iter().map(|w| w.0)));
            out.presum = Some(PreSum { acc, count: post.words.len() });
        }
        None => out.hashes.extend(post.words.iter().map(|w| w.0)),
    }
    if let Some(nm) = names {
        for (h, w) in &post.words {
            nm.push((*h, SparseKind::Post, w.clone()));
        }
    }
    // The rules' path and label, by language and by whether the target is a country.
    let tag = [
        rule.path as u8,
        lang as u8,
        u8::from(country),
        crate::model::CLASSES.iter().position(|&c| c == rule.tone.label).unwrap_or(1) as u8,
    ];
    for (seed, bytes) in [(130, &tag[..3]), (131, &tag[1..]), (132, &tag[..])] {
        out.hashes.push(fnv(seed, bytes));
    }
    let k = (out.hashes.len() + out.presum.map_or(0, |p| p.count)).max(1) as f32;
    out.sparse_value = 1.0 / k.sqrt();

    // Dense features.
    let clause = cache.probs(u, doc, in_mention, at.c0, at.c1);
    out.dense.extend(post.probs);
    out.dense.extend(clause);
    let r = &rule.tone;
    out.dense.push(r.score);
    out.dense.push(f32::from(u8::from(r.score >= crate::POS_THRESHOLD)));
    out.dense.push(f32::from(u8::from(r.score <= -crate::NEG_THRESHOLD)));
    let mut path = [0.0f32; N_PATHS];
    path[rule.path as usize] = 1.0;
    out.dense.extend(path);
    let cs = &rule.sums;
    out.dense.push(cs.compound());
    out.dense.push((cs.pos / 4.0).tanh());
    out.dense.push((cs.neg / 4.0).tanh());
    out.dense.push((cs.hits as f32 / 3.0).tanh());
    out.dense.push(post.compound);
    let sentence = at.s..at.e.min(n);
    let any = |r: std::ops::Range<usize>, f: &dyn Fn(usize) -> bool| r.into_iter().any(f);
    let entry = |j: usize| u.units[j].entry;
    out.dense.push(flag(any(sentence.clone(), &|j| entry(j).is_some_and(|e| e.report))));
    out.dense.push(flag(any(at.s..at.m, &|j| u.units[j].is_contrast())));
    out.dense.push(flag(any(at.m_end + 1..at.e.min(n), &|j| u.units[j].is_contrast())));
    out.dense.push(flag(any(at.m.saturating_sub(3).max(at.s)..at.m, &|j| u.units[j].is_neg())));
    let span = u.units.get(at.m).map_or(Span::new(0, 0), |x| x.span);
    let hashtag = text.get(..span.start).is_some_and(|t| t.ends_with('#'))
        || text.get(span.start..).is_some_and(|t| t.starts_with('#'));
    out.dense.push(flag(hashtag));
    out.dense.push(flag(any(sentence.clone(), &|j| u.units[j].questions > 0)));
    out.dense.push(1.0 / n_targets.max(1) as f32);
    out.dense.push(flag(at.m == at.s));
    let mut l = [0.0f32; 3];
    if let Some(x) = l.get_mut(lang) {
        *x = 1.0;
    }
    out.dense.extend(l);
    out.dense.push(flag(any(sentence, &|j| u.units[j].bangs > 0)));
    out.dense.push(flag(any(at.c0..at.m, &|j| entry(j).is_some_and(|e| e.pronoun))));
    out.dense.push(flag(country));
    debug_assert_eq!(out.dense.len(), DENSE_NAMES.len());
}

/// Adds the sparse feature of `w` of kind `kind` (and its name when explaining).
fn push(out: &mut Features, names: &mut Option<&mut Named>, kind: SparseKind, w: &str) {
    let h = fnv(kind.seed(), w.as_bytes());
    out.hashes.push(h);
    if let Some(nm) = names.as_deref_mut() {
        nm.push((h, kind, w.to_owned()));
    }
}

fn flag(b: bool) -> f32 {
    if b { 1.0 } else { 0.0 }
}

//! Tone per document and toward each mentioned country, per language.
//!
//! - [`ToneScorer`]: the scorer, built once from embedded data ([`ToneScorer::shared`]).
//!   - [`ToneScorer::score`]: the tone of a whole document.
//!   - [`ToneScorer::score_targets`]: the tone aimed AT each mentioned country, from the clause
//!     that holds the mention and the mention's role in it.
//!   - [`ToneScorer::explain_targets`]: the words and rules behind each target's tone
//!     ([`TargetExplanation`], [`Evidence`]).
//!   - [`ToneScorer::score_targets_with`] / [`ToneScorer::explain_targets_with`]: the same with
//!     explicit [`TargetOptions`] (used by the `tune_target` example).
//! - [`label_of`]: the label of a score; every tone returned satisfies
//!   `label_of(tone.score) == tone.label`.
//! - [`model`]: the small supervised document model (hashed n-grams + lexicon features) and its
//!   deterministic trainer, used by the `train` example that writes `data/models/*.bin`.
//!
//! Languages: Indonesian (and Malay, with lower confidence), English and Spanish have a lexicon
//! scorer with VADER's rules (negation, intensifiers, contrast, capitals, elongation, emoji,
//! informal spelling) plus, for document tone, a trained model. Any other language gets an
//! emoji/emoticon-only score with low confidence, or neutral when there is none.
//!
//! Labels and scores always agree: every tone has `label == label_of(score)` ([`label_of`]):
//! positive when the score is ≥ [`POS_THRESHOLD`], negative when ≤ −[`NEG_THRESHOLD`], neutral
//! between (VADER's published ±0.05). When a model decides, the label is the most probable class
//! and the score a blend of `d = P(positive) − P(negative)` kept inside the label's range
//! (positive `t + (1 − t)·d`, negative `−t + (1 − t)·d`, neutral `0.8·t·d`); confidence = the
//! winning probability. When the lexicon decides, the score is VADER's compound `x / √(x² + 15)`.
//!
//! Target tone reads the clause that holds the mention (the sentence, cut at contrast words and
//! at `;` `:` dashes). When a role verb from the language's `rules.tsv` governs the target (at
//! most four words away, or through a coordination such as "Russia and Belarus"), the role
//! decides: the AGENT of a negative act gets the act's valence ("Mexico sends drugs"), its
//! patient does not; the PATIENT of condemnation or praise gets it ("mengecam … Amerika
//! Serikat", "thank you Japan"), while the condemning subject only gets the words before the
//! verb. When the target is the subject of a copula or ranking verb ("Mexico was ranked the
//! deadliest country", "Meksiko adalah negara paling berbahaya", "México es el país más
//! peligroso"), the lexicon score of the predicate decides (up to a subordinator or comma).
//! Otherwise, when the clause holds lexicon evidence, the document model reads the clause — or
//! the whole post when the target is the post's only one ([`TargetOptions`]) — with its neutral
//! probability multiplied by [`TARGET_NEUTRAL_PRIOR`] and the mentions' own words read as one
//! placeholder (a name's tone comes from what is said of it, not from what the training data
//! said near that name); with no evidence the target is neutral.
//! Without a model (other languages) the lexicon compound score decides.
//!
//! Lexicon lookups reach base forms: English superlatives and comparatives ("deadliest" →
//! "deadly", "uglier" → "ugly", "nicest" → "nice"), Spanish "-ísimo" ("peligrosísimo"),
//! Indonesian "ter-" ("terjahat"); "paling", "más", "most" are intensifiers. Flags'
//! regional-indicator letters, skin tones, joiners and variation selectors carry no tone.
//!
//! ```
//! use citra_model::{Lang, Mention, MentionKind, Span, ToneLabel};
//! use citra_tone::ToneScorer;
//!
//! let text = "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem";
//! let mention = |country: &str, start: usize, end: usize| Mention {
//!     country: country.to_owned(),
//!     actor: None,
//!     surface: text[start..end].to_owned(),
//!     span: Span::new(start, end),
//!     norm_span: Span::new(start, end),
//!     kind: MentionKind::Name,
//!     confidence: 1.0,
//!     tone: None,
//! };
//! let mut mentions = vec![mention("IDN", 0, 9), mention("USA", 43, 58)];
//! let scorer = ToneScorer::shared();
//! scorer.score_targets(text, Lang::Ind, &mut mentions);
//! assert_eq!(mentions[1].tone.map(|t| t.label), Some(ToneLabel::Negative));
//! assert_eq!(mentions[0].tone.map(|t| t.label), Some(ToneLabel::Neutral));
//!
//! let tone = scorer.score("Thank you Japan, your help was wonderful!", Lang::Eng);
//! assert_eq!(tone.label, ToneLabel::Positive);
//! ```
#![deny(missing_docs)]

mod lexicon;
pub mod model;
mod target;
mod units;
mod vader;

use citra_model::{Lang, Mention, Span, Tone, ToneLabel};
use lexicon::{Act, LangData, Stemmer};
use model::{Features, LinearModel};
use std::sync::LazyLock;
use target::{At, PostCtx, ProbCache, RuleOut, RulePath};
pub use target::{COUNTRY_DENSE, LANG_DENSE, NOT_A_COUNTRY};
use units::{Kind, Units};

/// Lexicon compound score at or above which a tone is positive.
pub const POS_THRESHOLD: f32 = 0.05;
/// Lexicon compound score at or below whose negation a tone is negative.
pub const NEG_THRESHOLD: f32 = 0.05;

/// Factor on the model's neutral probability when it decides a target's tone. The document
/// models are trained class-balanced (a uniform prior); target tone is mostly neutral (Dong et al.
/// 2014: 25/50/25 negative/neutral/positive, a Bayes factor of 2 on neutral), and a clause or
/// post read for one target holds more evidence aimed elsewhere. Tuned on half of dong2014-even
/// by the `tune_target` example (see `data/SOURCES.md`).
pub const TARGET_NEUTRAL_PRIOR: f32 = 3.5;

/// How [`ToneScorer::score_targets_with`] reads a target that no role word governs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetOptions {
    /// Factor on the model's neutral probability ([`TARGET_NEUTRAL_PRIOR`] by default).
    pub neutral_prior: f32,
    /// When the text has a single target, the model reads the whole text rather than its clause.
    pub whole_text_single: bool,
    /// The target model (when the scorer has one and the language is modelled) decides from
    /// the rules' verdict and the target's context; off, the rules decide alone.
    pub target_model: bool,
}

impl Default for TargetOptions {
    fn default() -> Self {
        TargetOptions {
            neutral_prior: TARGET_NEUTRAL_PRIOR,
            whole_text_single: true,
            target_model: true,
        }
    }
}

/// Why a target got its tone: the clause that was read and the evidence found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetExplanation {
    /// The mention's country (ISO 3166-1 alpha-3).
    pub country: String,
    /// The tone given to it.
    pub tone: Tone,
    /// The clause read, as a byte span in the text.
    pub clause: Span,
    /// The words and rules that gave the tone.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence: a word or phrase, its final valence and the rules that shaped it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Byte span of the word in the text.
    pub span: Span,
    /// The word's canonical form (lower case, informal spelling mapped).
    pub word: String,
    /// Valence after the rules, on VADER's −4 … +4 scale.
    pub valence: f32,
    /// The rules applied, e.g. "lexicon, negated by 'tidak'" or "target is agent of negative act".
    pub rule: String,
}

/// One language's lexicon data and optional model.
#[derive(Debug)]
struct LangScorer {
    data: LangData,
    model: Option<LinearModel>,
}

/// Scores tone per document and per target; build once, share everywhere.
#[derive(Debug)]
pub struct ToneScorer {
    ind: LangScorer,
    eng: LangScorer,
    spa: LangScorer,
    symbols: LangScorer,
    /// The target model, shared by the modelled languages (`data/models/target.bin`).
    target: Option<LinearModel>,
}

const EMOJI: &str = include_str!("../data/emoji.tsv");
const EN_LEX: &str = include_str!("../data/en/lexicon.tsv");

static SHARED: LazyLock<ToneScorer> = LazyLock::new(ToneScorer::embedded);

impl ToneScorer {
    /// The scorer over the embedded lexicons and models, built on first use.
    pub fn shared() -> &'static ToneScorer {
        &SHARED
    }

    /// The embedded scorer with `model` as the document model of `lang` (to evaluate a freshly
    /// trained model; `None` when `lang` has no scorer of its own).
    pub fn with_model(lang: Lang, model: LinearModel) -> Option<ToneScorer> {
        let mut s = ToneScorer::embedded();
        let slot = match lang {
            Lang::Ind | Lang::Msa => &mut s.ind,
            Lang::Eng => &mut s.eng,
            Lang::Spa => &mut s.spa,
            _ => return None,
        };
        slot.model = Some(model);
        Some(s)
    }

    fn embedded() -> ToneScorer {
        let lang = |lex: &str, rules: &str, stem: Stemmer, model: &[u8]| LangScorer {
            data: LangData::build(lex, EMOJI, rules, stem),
            model: LinearModel::from_bytes(model),
        };
        let en_lex = format!(
            "{EN_LEX}\n{}\n{}",
            include_str!("../data/en/afinn.tsv"),
            include_str!("../data/en/extra.tsv")
        );
        let id_lex = format!(
            "{}\n{}",
            include_str!("../data/id/lexicon.tsv"),
            include_str!("../data/id/extra.tsv")
        );
        ToneScorer {
            ind: lang(
                &id_lex,
                include_str!("../data/id/rules.tsv"),
                Stemmer::Indonesian,
                include_bytes!("../data/models/id.bin"),
            ),
            eng: lang(
                &en_lex,
                include_str!("../data/en/rules.tsv"),
                Stemmer::English,
                include_bytes!("../data/models/en.bin"),
            ),
            spa: lang(
                include_str!("../data/es/lexicon.tsv"),
                include_str!("../data/es/rules.tsv"),
                Stemmer::Spanish,
                include_bytes!("../data/models/es.bin"),
            ),
            symbols: LangScorer { data: LangData::symbols_only(EMOJI, EN_LEX), model: None },
            target: LinearModel::from_bytes(include_bytes!("../data/models/target.bin")),
        }
    }

    /// The embedded scorer with `model` as its target model (`None`: the rules decide alone),
    /// to evaluate a freshly trained target model.
    pub fn with_target_model(model: Option<LinearModel>) -> ToneScorer {
        ToneScorer { target: model, ..ToneScorer::embedded() }
    }

    /// True when the scorer has a target model for `lang`.
    pub fn has_target_model(&self, lang: Lang) -> bool {
        self.target.is_some() && lang_index(lang).is_some()
    }

    /// The target model's features for `mentions[i]` in `text` (normalized text; spans are
    /// `norm_span`s), or `None` when `lang` is not modelled: what the `train_target` example
    /// learns from.
    pub fn target_features(
        &self,
        text: &str,
        lang: Lang,
        mentions: &[Mention],
        i: usize,
    ) -> Option<Features> {
        let li = lang_index(lang)?;
        let (ls, conf, _) = self.lang(lang);
        let m = mentions.get(i)?;
        let u = Units::build(text, &ls.data);
        let spans: Vec<Span> = mentions.iter().map(|m| m.norm_span).collect();
        let targets = Targets::new(&u, &spans);
        let opts = TargetOptions::default();
        let post = std::cell::OnceCell::new();
        let cache = ProbCache::new(&post);
        let rule =
            target_rule(&u, ls.model.as_ref(), &cache, &opts, conf, m.norm_span, &targets, None);
        let in_mention = |j: usize| targets.has(j);
        let mut f = Features::default();
        let n_targets = targets.distinct;
        target::features(
            text,
            &u,
            &rule,
            ls.model.as_ref(),
            &cache,
            li,
            n_targets,
            m.country != NOT_A_COUNTRY,
            &in_mention,
            None,
            None,
            &mut f,
        );
        Some(f)
    }

    /// The scorer of a language and a confidence factor for it.
    fn lang(&self, lang: Lang) -> (&LangScorer, f32, bool) {
        match lang {
            Lang::Ind => (&self.ind, 1.0, true),
            Lang::Msa => (&self.ind, 0.7, true),
            Lang::Eng => (&self.eng, 1.0, true),
            Lang::Spa => (&self.spa, 1.0, true),
            _ => (&self.symbols, 0.3, false),
        }
    }

    /// True when document tone in `lang` comes from a trained model (else from the lexicon).
    pub fn has_model(&self, lang: Lang) -> bool {
        self.lang(lang).0.model.is_some()
    }

    /// The tone of a whole document. Total: any text gives a tone.
    pub fn score(&self, text: &str, lang: Lang) -> Tone {
        let (ls, _, _) = self.lang(lang);
        self.score_units(&Units::build(text, &ls.data), lang)
    }

    /// [`ToneScorer::score_targets`] and [`ToneScorer::score`] in one pass: the text is
    /// tokenised once (what the pipeline calls).
    pub fn score_all(&self, text: &str, lang: Lang, mentions: &mut [Mention]) -> Tone {
        let (ls, _, _) = self.lang(lang);
        let u = Units::build(text, &ls.data);
        self.targets_on(text, &u, lang, mentions, &TargetOptions::default());
        self.score_units(&u, lang)
    }

    /// The document tone of tokenised text.
    fn score_units(&self, u: &Units<'_>, lang: Lang) -> Tone {
        let (ls, conf, full) = self.lang(lang);
        let n = u.units.len();
        let sums = vader::score_range(u, 0, n, &|_| false, None);
        if let Some(m) = &ls.model {
            let mut f = Features::default();
            model::features(u, 0, n, &sums, &mut f);
            return tone_from_probs(m.probs(&f), conf);
        }
        if !full && sums.hits == 0 {
            return Tone::neutral(0.1);
        }
        lexicon_tone(sums.compound(), sums.hits, conf)
    }

    /// The document model's class probabilities (negative, neutral, positive) for a text, or
    /// `None` when `lang` has no model.
    pub fn probs(&self, text: &str, lang: Lang) -> Option<[f32; 3]> {
        let (ls, _, _) = self.lang(lang);
        let m = ls.model.as_ref()?;
        Some(m.probs(&self.features(text, lang)))
    }

    /// The model features of a text (what the trainer learns from and the model reads).
    pub fn features(&self, text: &str, lang: Lang) -> Features {
        let (ls, _, _) = self.lang(lang);
        let u = Units::build(text, &ls.data);
        let n = u.units.len();
        let sums = vader::score_range(&u, 0, n, &|_| false, None);
        let mut f = Features::default();
        model::features(&u, 0, n, &sums, &mut f);
        f
    }

    /// Sets `m.tone` on each mention from the clause holding `m.norm_span` (bytes in `text`).
    pub fn score_targets(&self, text: &str, lang: Lang, mentions: &mut [Mention]) {
        self.score_targets_with(text, lang, mentions, &TargetOptions::default());
    }

    /// [`ToneScorer::score_targets`] with explicit options (for tuning).
    pub fn score_targets_with(
        &self,
        text: &str,
        lang: Lang,
        mentions: &mut [Mention],
        opts: &TargetOptions,
    ) {
        let (ls, _, _) = self.lang(lang);
        self.targets_on(text, &Units::build(text, &ls.data), lang, mentions, opts);
    }

    /// Target tone on tokenised text.
    fn targets_on(
        &self,
        text: &str,
        u: &Units<'_>,
        lang: Lang,
        mentions: &mut [Mention],
        opts: &TargetOptions,
    ) {
        let (ls, conf, _) = self.lang(lang);
        let spans: Vec<Span> = mentions.iter().map(|m| m.norm_span).collect();
        let targets = Targets::new(u, &spans);
        let tm = self.target_for(lang, opts);
        let post = std::cell::OnceCell::new();
        for m in mentions.iter_mut() {
            let at = (m.norm_span, m.country != NOT_A_COUNTRY);
            let (tone, _) = target(text, u, ls, tm, &post, opts, conf, at, &targets, None);
            m.tone = Some(tone);
        }
    }

    /// The evidence behind each mention's target tone, in mention order.
    pub fn explain_targets(
        &self,
        text: &str,
        lang: Lang,
        mentions: &[Mention],
    ) -> Vec<TargetExplanation> {
        self.explain_targets_with(text, lang, mentions, &TargetOptions::default())
    }

    /// [`ToneScorer::explain_targets`] with explicit options.
    pub fn explain_targets_with(
        &self,
        text: &str,
        lang: Lang,
        mentions: &[Mention],
        opts: &TargetOptions,
    ) -> Vec<TargetExplanation> {
        let (ls, conf, _) = self.lang(lang);
        let u = Units::build(text, &ls.data);
        let spans: Vec<Span> = mentions.iter().map(|m| m.norm_span).collect();
        let targets = Targets::new(&u, &spans);
        let tm = self.target_for(lang, opts);
        let post = std::cell::OnceCell::new();
        mentions
            .iter()
            .map(|m| {
                let mut evidence = Vec::new();
                let at = (m.norm_span, m.country != NOT_A_COUNTRY);
                let (tone, clause) =
                    target(text, &u, ls, tm, &post, opts, conf, at, &targets, Some(&mut evidence));
                TargetExplanation { country: m.country.clone(), tone, clause, evidence }
            })
            .collect()
    }
}

impl ToneScorer {
    /// The target model and the language's index in its features, when it decides in `lang`.
    fn target_for(&self, lang: Lang, opts: &TargetOptions) -> Option<(&LinearModel, usize)> {
        if !opts.target_model {
            return None;
        }
        Some((self.target.as_ref()?, lang_index(lang)?))
    }
}

/// The language's index in the target model's features (Indonesian and Malay, English, Spanish).
fn lang_index(lang: Lang) -> Option<usize> {
    match lang {
        Lang::Ind | Lang::Msa => Some(0),
        Lang::Eng => Some(1),
        Lang::Spa => Some(2),
        _ => None,
    }
}

/// Number of distinct target spans.
fn distinct(spans: &[Span]) -> usize {
    let mut v: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// The tone aimed at the target at `span`: the rules' verdict ([`target_rule`]), decided by the
/// target model when there is one for the language.
#[allow(clippy::too_many_arguments)]
fn target(
    text: &str,
    u: &Units<'_>,
    ls: &LangScorer,
    tm: Option<(&LinearModel, usize)>,
    post: &std::cell::OnceCell<PostCtx>,
    opts: &TargetOptions,
    conf: f32,
    (span, country): (Span, bool),
    mentions: &Targets<'_>,
    mut ev: Option<&mut Vec<Evidence>>,
) -> (Tone, Span) {
    let in_mention = |j: usize| mentions.has(j);
    let cache = ProbCache::new(post);
    let rule =
        target_rule(u, ls.model.as_ref(), &cache, opts, conf, span, mentions, ev.as_deref_mut());
    let Some((tm, li)) = tm else {
        return (rule.tone, rule.clause);
    };
    // A role of the target stands ("Mexico sends drugs", "mengecam … Amerika Serikat", "thank
    // you Japan"; "Ukraine was attacked" is neutral for Ukraine, "Indonesia condemns …" for
    // Indonesia): the model decides the rest. Cross-validated on the training data, this is
    // within noise of the model deciding everything, and the rule is explainable.
    if rule.path.is_role() {
        return (rule.tone, rule.clause);
    }
    let mut f = Features::default();
    let mut names = ev.is_some().then(Vec::new);
    target::features(
        text,
        u,
        &rule,
        ls.model.as_ref(),
        &cache,
        li,
        mentions.distinct,
        country,
        &in_mention,
        names.as_mut(),
        Some(tm),
        &mut f,
    );
    let p = tm.probs(&f);
    let tone = tone_from_probs(p, conf);
    if let (Some(e), Some(names)) = (ev, names) {
        // The evidence's span: the clause read, or nothing when the target was not in the text.
        let clause = if text.get(rule.clause.start..rule.clause.end).is_some() {
            rule.clause
        } else {
            Span::new(0, 0)
        };
        explain_model(e, tm, &f, &names, &rule, clause, p, tone.label);
    }
    (tone, rule.clause)
}

/// Adds the target model's verdict and its five strongest reasons to `e`.
#[allow(clippy::too_many_arguments)]
fn explain_model(
    e: &mut Vec<Evidence>,
    tm: &LinearModel,
    f: &Features,
    names: &target::Named,
    rule: &RuleOut,
    clause: Span,
    p: [f32; 3],
    label: ToneLabel,
) {
    let best = model::CLASSES.iter().position(|&c| c == label).unwrap_or(1);
    // A feature's pull toward the chosen label: its logit there minus the mean of the others.
    let pull = |w: [f32; 3]| w[best] - (w.iter().sum::<f32>() - w[best]) / 2.0;
    let mut reasons: Vec<(f32, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (h, kind, word) in names {
        if seen.insert(*h) {
            let v = pull(tm.sparse_weight(*h, f));
            reasons.push((v, kind.describe(word)));
        }
    }
    for (i, name) in target::DENSE_NAMES.iter().enumerate() {
        if f.dense.get(i).is_some_and(|&d| d != 0.0) {
            reasons.push((pull(tm.dense_weight(i, f)), (*name).to_owned()));
        }
    }
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = reasons
        .iter()
        .filter(|r| r.0 > 0.0)
        .take(5)
        .map(|(v, what)| format!("{what} (+{v:.2})"))
        .collect();
    e.push(Evidence {
        span: clause,
        word: "<target model>".to_owned(),
        valence: 4.0 * (p[2] - p[0]),
        rule: format!(
            "target model decides {} (rules: {}, {}): P(neg) {:.2}, P(neu) {:.2}, P(pos) {:.2}; strongest reasons: {}",
            label.as_str(),
            rule.path.describe(),
            rule.tone.label.as_str(),
            p[0],
            p[1],
            p[2],
            if top.is_empty() { "none".to_owned() } else { top.join("; ") }
        ),
    });
}

/// The tone of model probabilities (negative, neutral, positive): the label is the most probable
/// class and the score is a calibrated blend that always agrees with it. With `d = P(pos) −
/// P(neg)`: positive → `t + (1 − t)·d` (≥ t), negative → `−t + (1 − t)·d` (≤ −t), neutral →
/// `0.8·t·d` (strictly between −t and t), so [`label_of`] of the score is the label.
fn tone_from_probs(p: [f32; 3], conf: f32) -> Tone {
    let p = if p.iter().all(|x| x.is_finite()) { p } else { [0.0, 1.0, 0.0] };
    let best = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1);
    let d = (p[2] - p[0]).clamp(-1.0, 1.0);
    let label = model::CLASSES[best];
    let score = match label {
        ToneLabel::Positive => POS_THRESHOLD + (1.0 - POS_THRESHOLD) * d.max(0.0),
        ToneLabel::Negative => -NEG_THRESHOLD + (1.0 - NEG_THRESHOLD) * d.min(0.0),
        ToneLabel::Neutral => 0.8 * POS_THRESHOLD.min(NEG_THRESHOLD) * d,
    };
    Tone { score: score.clamp(-1.0, 1.0), label, confidence: (p[best] * conf).clamp(0.0, 1.0) }
}

fn lexicon_tone(compound: f32, hits: u32, conf: f32) -> Tone {
    let score = if compound.is_finite() { compound.clamp(-1.0, 1.0) } else { 0.0 };
    let label = label_of(score);
    let c = if hits == 0 { 0.5 } else { (0.4 + 0.6 * score.abs()).min(1.0) };
    Tone { score, label, confidence: (c * conf).clamp(0.0, 1.0) }
}

/// The label of a score: positive when ≥ [`POS_THRESHOLD`], negative when ≤ −[`NEG_THRESHOLD`],
/// neutral between. Every [`Tone`] this crate returns satisfies `tone.label == label_of(tone.score)`.
pub fn label_of(score: f32) -> ToneLabel {
    if score >= POS_THRESHOLD {
        ToneLabel::Positive
    } else if score <= -NEG_THRESHOLD {
        ToneLabel::Negative
    } else {
        ToneLabel::Neutral
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// How far the rules look from a target for its sentence (units on each side): a run of text
/// with no sentence end (a scraped page, a pasted table) is read this far and no further, so the
/// cost per target stays bounded and a document's cost linear in its length.
const MAX_SENTENCE_SIDE: usize = 64;

/// The target spans of one document and, per unit, whether it lies in one of them: built once
/// per document (sorting and binary search), so that asking costs O(1) whatever the number of
/// mentions.
pub(crate) struct Targets<'a> {
    /// The targets' spans (bytes of the normalized text), in mention order.
    spans: &'a [Span],
    /// Per unit: inside a target span.
    mask: Vec<bool>,
    /// Number of distinct target spans.
    distinct: usize,
}

impl<'a> Targets<'a> {
    /// The targets `spans` over the units `u`.
    pub(crate) fn new(u: &Units<'_>, spans: &'a [Span]) -> Targets<'a> {
        let mut mask = vec![false; u.units.len()];
        for &ms in spans {
            // Units are in text order and do not overlap: the first that ends after the span's
            // start, then every unit that starts before its end.
            let first = u.units.partition_point(|x| x.span.end <= ms.start);
            for (j, x) in u.units.iter().enumerate().skip(first) {
                if !overlaps(x.span, ms) {
                    break;
                }
                mask[j] = true;
            }
        }
        Targets { spans, mask, distinct: distinct(spans) }
    }

    /// True when unit `j` lies in a target span.
    pub(crate) fn has(&self, j: usize) -> bool {
        self.mask.get(j).copied().unwrap_or(false)
    }

    /// Number of targets (spans, counted with repeats).
    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// The role of a target with respect to an act word in its clause.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// No act word around the target.
    None,
    /// The target does the act (before it; after it in a passive).
    Agent(usize, Act, f32),
    /// The target undergoes the act (after it; before it in a passive).
    Patient(usize, Act, f32),
    /// The target is the subject of a copula or ranking verb (units `.0..=.1`): the predicate
    /// after it decides ("Mexico was ranked the deadliest country").
    Subject(usize, usize),
    /// The target is an English possessor ("Mexico's corrupt court system"): the words it
    /// possesses (units `.0...1`) decide when they carry a valence.
    Possessor(usize, usize),
}

/// The tone aimed at the target at `span` by the rules (roles, lexicon, document model), the
/// clause read, and where in the units the decision looked ([`RuleOut`]).
#[allow(clippy::too_many_arguments)]
fn target_rule(
    u: &Units<'_>,
    model: Option<&LinearModel>,
    cache: &ProbCache<'_>,
    opts: &TargetOptions,
    conf: f32,
    span: Span,
    mentions: &Targets<'_>,
    mut ev: Option<&mut Vec<Evidence>>,
) -> RuleOut {
    let n = u.units.len();
    // The first unit overlapping the target, else the first after it (units are in text order
    // and do not overlap, so both are binary searches).
    let first = u.units.partition_point(|x| x.span.end <= span.start);
    let m = if u.units.get(first).is_some_and(|x| overlaps(x.span, span)) {
        first
    } else {
        u.units.partition_point(|x| x.span.start < span.start)
    };
    if m >= n {
        return RuleOut::nothing(Tone::neutral(0.2 * conf), span);
    }
    let m_end =
        (m..n).take_while(|&j| overlaps(u.units[j].span, span) || j == m).last().unwrap_or(m);
    // Sentence, at most MAX_SENTENCE_SIDE units on each side of the target.
    let s_min = m.saturating_sub(MAX_SENTENCE_SIDE);
    let e_max = (m_end + MAX_SENTENCE_SIDE).min(n);
    let s = (s_min..m).rev().find(|&j| u.units[j].sentence_end).map_or(s_min, |j| j + 1);
    let e = (m_end..e_max).find(|&j| u.units[j].sentence_end).map_or(e_max, |j| j + 1);
    // Clause: split at contrast words (which open the next clause) and at ';' ':' dashes.
    let is_split = |j: usize| {
        let x = &u.units[j];
        x.is_contrast() || (x.kind == Kind::Punct && x.clause_end && !x.sentence_end)
    };
    let c0 = (s..m)
        .rev()
        .find(|&j| is_split(j))
        .map_or(s, |j| if u.units[j].kind == Kind::Punct { j + 1 } else { j });
    let c1 = (m_end + 1..e).find(|&j| is_split(j)).unwrap_or(e);
    let clause = match (u.units.get(c0), u.units.get(c1.saturating_sub(1).max(c0))) {
        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end.max(a.span.start)),
        _ => span,
    };
    let in_mention = |j: usize| mentions.has(j);
    let role = role_of(u, c0, c1, m, m_end, &in_mention);
    let out = |tone: Tone, clause: Span, path: RulePath, sums: vader::Sums| RuleOut {
        tone,
        clause,
        path,
        at: Some(At { m, m_end, s, e, c0, c1 }),
        sums,
    };
    let mut sums = vader::Sums::default();
    let mut act_valence = 0.0f32;
    let mut act_rule = String::new();
    let mut role = role;
    // Without a role, when the target's clause holds lexicon evidence, the model reads the whole
    // post for its only target (its tone is the post's), the clause for one of several targets.
    let whole = opts.whole_text_single && model.is_some() && mentions.len() <= 1;
    let (lo, hi, read) = if whole {
        let all = match (u.units.first(), u.units.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => clause,
        };
        (0, n, all)
    } else {
        (c0, c1, clause)
    };
    if let Role::Subject(a, b) = role {
        // The predicate decides when it holds lexicon evidence; otherwise the clause is read.
        let mut pred_ev = Vec::new();
        // The predicate: up to a subordinator or comma ("was such a bad president that you can
        // win …"); a leading "like" compares, it does not praise ("is like a detainee").
        let p0 = if u.key(b + 1) == "like" { b + 2 } else { b + 1 };
        let p1 = (p0..c1)
            .find(|&j| {
                let x = &u.units[j];
                x.entry.is_some_and(|e| e.subord) || (x.kind == Kind::Punct && x.comma)
            })
            .unwrap_or(c1);
        let pred = vader::score_range(u, p0, p1, &|j| in_mention(j), Some(&mut pred_ev));
        if pred.hits > 0 {
            if let Some(e) = ev.as_deref_mut() {
                let verb = (a..=b).map(|j| u.key(j)).collect::<Vec<_>>().join(" ");
                e.push(Evidence {
                    span: Span::new(u.units[a].span.start, u.units[b].span.end),
                    word: verb.clone(),
                    valence: 0.0,
                    rule: format!("target is the subject of '{verb}': its predicate decides"),
                });
                e.extend(pred_ev);
            }
            let tone = lexicon_tone(pred.compound(), pred.hits, conf);
            return out(tone, clause, RulePath::Predicate, pred);
        }
        role = Role::None;
    }
    if let Role::Possessor(p0, p1) = role {
        let mut np_ev = Vec::new();
        let np = vader::score_range(u, p0, p1, &|j| in_mention(j), Some(&mut np_ev));
        if np.hits > 0 {
            if let Some(e) = ev.as_deref_mut() {
                let what = (p0..p1).map(|j| u.key(j)).collect::<Vec<_>>().join(" ");
                e.push(Evidence {
                    span: Span::new(u.units[p0].span.start, u.units[p1 - 1].span.end),
                    word: what.clone(),
                    valence: 0.0,
                    rule: format!("target is the possessor of '{what}': its words decide"),
                });
                e.extend(np_ev);
            }
            return out(
                lexicon_tone(np.compound(), np.hits, conf),
                clause,
                RulePath::Possessor,
                np,
            );
        }
        role = Role::None;
    }
    match role {
        Role::None | Role::Subject(..) | Role::Possessor(..) => {
            // The evidence shown is that of the text the model reads.
            let e = if whole { None } else { ev.as_deref_mut() };
            sums = vader::score_range(u, c0, c1, &|j| in_mention(j), e);
        }
        Role::Agent(a, act, val) => match act {
            Act::Negative => {
                act_valence = val;
                act_rule = format!("target is agent of negative act '{}'", u.key(a));
                sums =
                    vader::score_range(u, c0, c1, &|j| j == a || in_mention(j), ev.as_deref_mut());
            }
            Act::Condemn | Act::Praise => {
                // The subject of condemnation or praise: what follows the act is aimed at its
                // patient, so only the words before the act count.
                act_rule =
                    format!("target is subject of '{}': only words before it count", u.key(a));
                sums = vader::score_range(u, c0, a, &|j| in_mention(j), ev.as_deref_mut());
            }
        },
        Role::Patient(a, act, val) => match act {
            Act::Negative => {
                act_rule = format!("target is patient of negative act '{}': not counted", u.key(a));
                // Only sympathy right around the patient counts ("attacks brave Ukraine").
                let (lo, hi) = (a.min(m) + 1, (m_end + 4).min(c1));
                let pos_only = vader::score_range(u, lo, hi, &|j| j == a || in_mention(j), None);
                sums.pos = pos_only.pos;
            }
            Act::Condemn | Act::Praise => {
                act_valence = val;
                let what = if act == Act::Condemn { "condemnation" } else { "praise" };
                act_rule = format!("target is patient of {what} '{}'", u.key(a));
                // Words between the act and the target describe what is condemned or praised;
                // only intensifiers around the act count ("mengecam keras", "strongly condemn").
                let boost: f32 = (a.saturating_sub(2).max(c0)..(a + 3).min(c1))
                    .filter(|&j| j != a)
                    .map(|j| {
                        let e = u.units[j].entry;
                        if j < a {
                            e.map_or(0.0, |e| e.boost)
                        } else {
                            e.map_or(0.0, |e| e.post_boost)
                        }
                    })
                    .sum();
                act_valence += act_valence.signum() * boost.max(0.0);
            }
        },
    }
    if let Role::Agent(a, ..) | Role::Patient(a, ..) = role {
        if let Some(e) = ev.as_deref_mut() {
            e.push(Evidence {
                span: u.units[a].span,
                word: u.key(a).to_owned(),
                valence: act_valence,
                rule: act_rule,
            });
        }
        if act_valence > 0.0 {
            sums.pos += act_valence;
        } else {
            sums.neg -= act_valence;
        }
        sums.hits += u32::from(act_valence != 0.0);
    }
    let lex = lexicon_tone(sums.compound(), sums.hits, conf);
    let path = match role {
        Role::Agent(_, Act::Negative, _) => RulePath::AgentNegative,
        Role::Agent(..) => RulePath::SubjectOfJudgement,
        Role::Patient(_, Act::Negative, _) => RulePath::PatientNegative,
        Role::Patient(_, Act::Condemn, _) => RulePath::PatientCondemn,
        Role::Patient(..) => RulePath::PatientPraise,
        _ if sums.hits > 0 && model.is_some() => RulePath::Model,
        _ if sums.hits > 0 => RulePath::Lexicon,
        _ => RulePath::Nothing,
    };
    let (tone, clause) = match (role, model) {
        // No role word: the model reads the clause, when the lexicon found something in it.
        (Role::None, Some(mdl)) if sums.hits > 0 => {
            if (lo, hi) != (c0, c1) && ev.is_some() {
                // The evidence of the wider text read (the probabilities come from the cache).
                vader::score_range(u, lo, hi, &|j| in_mention(j), ev.as_deref_mut());
            }
            let mut p = cache.probs(u, Some(mdl), &in_mention, lo, hi);
            p[1] *= opts.neutral_prior;
            let t = p[0] + p[1] + p[2];
            let p = p.map(|x| x / t);
            if let Some(e) = ev {
                e.push(Evidence {
                    span: read,
                    word: if whole { "<post>" } else { "<clause>" }.to_owned(),
                    valence: 4.0 * (p[2] - p[0]),
                    rule: format!(
                        "document model on the {} decides the label: P(neg) {:.2}, P(neu) {:.2}, P(pos) {:.2}",
                        if whole { "post (its only target)" } else { "clause" },
                        p[0], p[1], p[2]
                    ),
                });
            }
            (tone_from_probs(p, conf), read)
        }
        _ => (lex, clause),
    };
    out(tone, clause, path, sums)
}

/// True when the copula at `a` is the auxiliary of an English progressive ("is making good
/// deals"): the next word ends in "-ing" and carries no valence of its own ("is amazing" is a
/// copula).
fn progressive(u: &Units<'_>, a: usize) -> bool {
    let next = a + 1;
    next < u.units.len()
        && u.units[next].kind == Kind::Word
        && u.units[next].valence().is_none()
        && u.key(next).ends_with("ing")
        && u.key(next).chars().count() > 4
}

/// Most words between an act and the patient it governs.
const MAX_GAP: usize = 4;
/// Most words between a subject (agent) and its act.
const MAX_SUBJECT_GAP: usize = 2;

/// Finds the act word that governs the target in clause `c0..c1`.
fn role_of(
    u: &Units<'_>,
    c0: usize,
    c1: usize,
    m: usize,
    m_end: usize,
    in_mention: &dyn Fn(usize) -> bool,
) -> Role {
    let act_at = |j: usize| -> Option<(Act, f32)> {
        if in_mention(j) {
            return None;
        }
        let (act, val) = u.units[j].entry?.act?;
        // A negated act is no act ("tidak menyerang", "did not attack").
        let negated = (j.saturating_sub(2).max(c0)..j).any(|k| u.units[k].is_neg());
        (!negated).then_some((act, val))
    };
    let passive = |j: usize| {
        let k = u.key(j);
        u.units[j].entry.is_some_and(|e| e.passive)
            || j > c0
                && (k.ends_with("ed") || matches!(k, "shot" | "stolen" | "beaten" | "hit"))
                && matches!(
                    u.key(j - 1),
                    "was"
                        | "were"
                        | "is"
                        | "are"
                        | "been"
                        | "be"
                        | "being"
                        | "got"
                        | "get"
                        | "gets"
                )
    };
    // Whether the act at `a` reaches the target: at most MAX_GAP words between them, and no other
    // mention unless it is coordinated with the target ("condemn Russia and Belarus").
    let linked = |gap: &mut dyn Iterator<Item = usize>, max_gap: usize, commas: bool| -> bool {
        let gap: Vec<usize> = gap.collect();
        let is_conj = |j: usize| {
            let x = &u.units[j];
            (x.kind == Kind::Punct && x.comma)
                || matches!(
                    u.key(j),
                    "and" | "dan" | "y" | "e" | "serta" | "or" | "atau" | "o" | "&"
                )
        };
        // Skip a coordination chain next to the target: conjunctions followed by a mention.
        let mut k = 0;
        while k < gap.len() {
            let mut c = k;
            while c < gap.len() && is_conj(gap[c]) {
                c += 1;
            }
            if c > k && c < gap.len() && in_mention(gap[c]) {
                k = c;
                while k < gap.len() && in_mention(gap[k]) {
                    k += 1;
                }
            } else {
                break;
            }
        }
        let mut words = 0;
        for &j in &gap[k..] {
            let x = &u.units[j];
            if in_mention(j) || (!commas && x.kind == Kind::Punct) {
                return false;
            }
            // Between a subject and its verb: no conjunction or pronoun ("Spears and I love it"
            // has its own subject).
            if !commas && (is_conj(j) || x.entry.is_some_and(|e| e.pronoun)) {
                return false;
            }
            if x.kind != Kind::Punct {
                words += 1;
            }
        }
        words <= max_gap
    };
    // The nearest act before the target makes it the patient (or the agent, in a passive).
    if let Some(a) = (c0..m).rev().find(|&j| act_at(j).is_some())
        && linked(&mut (a + 1..m).rev(), MAX_GAP, true)
    {
        let (act, val) = act_at(a).unwrap_or((Act::Negative, 0.0));
        return if passive(a) { Role::Agent(a, act, val) } else { Role::Patient(a, act, val) };
    }
    // A subject is next to its verb ("Indonesia mengecam", "Mexico is sending drugs"): at most
    // two words between, no punctuation ("Hey Google, thanks" addresses Google, it is no subject).
    if let Some(a) = (m_end + 1..c1).find(|&j| act_at(j).is_some())
        && linked(&mut (m_end + 1..a), MAX_SUBJECT_GAP, false)
    {
        let (act, val) = act_at(a).unwrap_or((Act::Negative, 0.0));
        return if passive(a) { Role::Patient(a, act, val) } else { Role::Agent(a, act, val) };
    }
    // The subject of a copula or ranking verb: the same distance as for acts, then a run of
    // copula words ("was ranked", "has been rated" → "been rated").
    if let Some(a) = (m_end + 1..c1).find(|&j| u.units[j].entry.is_some_and(|e| e.copula))
        && linked(&mut (m_end + 1..a), MAX_SUBJECT_GAP, false)
        && !progressive(u, a)
    {
        // The run may skip one adverb between copula words ("was just ranked").
        let is_cop = |j: usize| u.units.get(j).is_some_and(|x| x.entry.is_some_and(|e| e.copula));
        let mut b = a;
        while b + 1 < c1 {
            if is_cop(b + 1) {
                b += 1;
            } else if b + 2 < c1 && u.units[b + 1].kind == Kind::Word && is_cop(b + 2) {
                b += 2;
            } else {
                break;
            }
        }
        return Role::Subject(a, b);
    }
    // An English possessor ("Mexico's corrupt court system"): up to three words it possesses,
    // ending at punctuation, another mention, a copula or a subordinator.
    let possessive = u.units[m_end].kind == Kind::Word && u.key(m_end).ends_with("'s")
        || u.units.get(m_end + 1).is_some_and(|x| x.kind == Kind::Word) && u.key(m_end + 1) == "'s";
    if possessive {
        let p0 = if u.key(m_end + 1) == "'s" { m_end + 2 } else { m_end + 1 };
        let p1 = (p0..c1.min(p0 + 3))
            .find(|&j| {
                let x = &u.units[j];
                x.kind == Kind::Punct
                    || in_mention(j)
                    || x.entry.is_some_and(|e| e.copula || e.subord || e.act.is_some())
            })
            .unwrap_or(c1.min(p0 + 3));
        if p1 > p0 {
            return Role::Possessor(p0, p1);
        }
    }
    Role::None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny in-memory data per language, so rule tests do not depend on the shipped lexicons.
    fn tiny(lang: &str) -> LangData {
        match lang {
            "id" => LangData::build(
                "bagus\t2.4\njelek\t-1.6\nkecewa\t-1.6\n",
                "😍\t2.4\n😡\t-2.4\n",
                "neg\ttidak\nnorm\tgak\ttidak\nnorm\tbgs\tbagus\nboost\tsangat\t0.293\n\
                 postboost\tbanget\t0.293\nnorm\tbgt\tbanget\ncontrast\ttapi\ncontrast\tnamun\n",
                Stemmer::Indonesian,
            ),
            "en" => LangData::build(
                "good\t1.9\nbad\t-2.5\n",
                "😍\t2.4\n",
                "neg\tnot\nneg\tn't\nneg\tno longer\nboost\tvery\t0.293\ncontrast\tbut\n",
                Stemmer::English,
            ),
            _ => LangData::build(
                "bueno\t2.0\nmalo\t-2.0\n",
                "😍\t2.4\n",
                "neg\tno\nneg\tnunca\nboost\tmuy\t0.293\ncontrast\tpero\ncontrast\tsin embargo\n",
                Stemmer::Spanish,
            ),
        }
    }

    proptest::proptest! {
        /// The per-unit mask of `Targets` says exactly what the old per-call scan of every
        /// mention said (a unit is in a target when their spans overlap), for any text and spans.
        #[test]
        fn targets010_mask_is_overlap(
            text in "[a-zA-Z #@.,!é墨西哥]{0,80}",
            raw in proptest::collection::vec((0usize..90, 0usize..12), 0..8),
        ) {
            let d = tiny("en");
            let u = Units::build(&text, &d);
            let spans: Vec<Span> = raw.iter().map(|&(s, l)| Span::new(s, s + l)).collect();
            let t = Targets::new(&u, &spans);
            for (j, x) in u.units.iter().enumerate() {
                let naive = spans.iter().any(|&ms| overlaps(x.span, ms));
                proptest::prop_assert_eq!(t.has(j), naive, "unit {} {:?}", j, x.span);
            }
            proptest::prop_assert!(!t.has(u.units.len()));
        }
    }

    fn lex(lang: &str, text: &str) -> f32 {
        let d = tiny(lang);
        let u = Units::build(text, &d);
        vader::score_range(&u, 0, u.units.len(), &|_| false, None).compound()
    }

    #[test]
    fn sign010() {
        // (language, text, expected sign: 1 positive, -1 negative, 0 neutral)
        let rows: &[(&str, &str, i8)] = &[
            ("id", "bagus", 1),
            ("id", "tidak bagus", -1),
            ("id", "gak bagus", -1),
            ("id", "bgs", 1),
            ("id", "bagus tapi jelek", -1),
            ("id", "jelek namun bagus", 1),
            ("id", "tidak jelek", 1),
            ("id", "kecewa 😡", -1),
            ("id", "biasa saja", 0),
            ("en", "good", 1),
            ("en", "not good", -1),
            ("en", "isn't good", -1),
            ("en", "no longer good", -1),
            ("en", "good but bad", -1),
            ("en", "bad but good", 1),
            ("en", "it is a table", 0),
            ("es", "bueno", 1),
            ("es", "no es bueno", -1),
            ("es", "nunca malo", 1),
            ("es", "buenas", 1),
            ("es", "bueno pero malo", -1),
            ("es", "malo, sin embargo bueno", 1),
            ("es", "😍", 1),
        ];
        for (lang, text, want) in rows {
            let s = lex(lang, text);
            let got = if s >= POS_THRESHOLD {
                1
            } else if s <= -NEG_THRESHOLD {
                -1
            } else {
                0
            };
            assert_eq!(got, *want, "{lang} {text:?}: {s}");
        }
    }

    #[test]
    fn stronger020() {
        // (language, stronger, weaker): the first scores further from zero than the second.
        let rows: &[(&str, &str, &str)] = &[
            ("id", "sangat bagus", "bagus"),
            ("id", "bagus banget", "bagus"),
            ("id", "bagus bgt", "bagus"),
            ("id", "bagusss", "bagus"),
            ("id", "sangat jelek", "jelek"),
            ("en", "very good", "good"),
            ("en", "goooood", "good"),
            ("en", "GOOD day", "good day"),
            ("en", "good!!!", "good"),
            ("es", "muy bueno", "bueno"),
            ("es", "buenooo", "bueno"),
            ("es", "muy malo", "malo"),
        ];
        for (lang, strong, weak) in rows {
            let (a, b) = (lex(lang, strong), lex(lang, weak));
            assert!(a.abs() > b.abs() && a * b > 0.0, "{lang}: {strong:?} {a} vs {weak:?} {b}");
        }
    }

    #[test]
    fn labels030() {
        let rows: &[(f32, ToneLabel)] = &[
            (0.5, ToneLabel::Positive),
            (0.05, ToneLabel::Positive),
            (0.0, ToneLabel::Neutral),
            (-0.04, ToneLabel::Neutral),
            (-0.05, ToneLabel::Negative),
        ];
        for (s, want) in rows {
            assert_eq!(label_of(*s), *want, "{s}");
        }
        // (probabilities neg/neu/pos, label, score): the score always agrees with the label.
        let rows: &[([f32; 3], ToneLabel, f32)] = &[
            ([0.2, 0.1, 0.7], ToneLabel::Positive, 0.525),
            ([0.1, 0.5, 0.4], ToneLabel::Neutral, 0.012),
            ([0.6, 0.3, 0.1], ToneLabel::Negative, -0.525),
            ([0.45, 0.1, 0.45], ToneLabel::Positive, 0.05),
            ([0.3, 0.5, 0.2], ToneLabel::Neutral, -0.004),
            ([f32::NAN; 3], ToneLabel::Neutral, 0.0),
        ];
        for (p, label, score) in rows {
            let t = tone_from_probs(*p, 1.0);
            assert_eq!(t.label, *label, "{p:?}");
            assert!((t.score - score).abs() < 1e-5, "{p:?}: {}", t.score);
            assert_eq!(label_of(t.score), t.label, "{p:?}");
        }
    }
}

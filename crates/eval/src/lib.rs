//! Quality measurement of the citra pipeline on gold files.
//!
//! Gold files are JSONL in the format of `examples/gold/README.md`: every line has `id`,
//! `lang` and `text`, plus `label` (tone), `target` / `target_span` / `label` (target-tone) or
//! `countries` (mentions). [`evaluate`] runs the real pipeline on each line and returns a
//! [`Report`] whose JSON form is
//! `{"task": …, "n": N, "metrics": {…}, "by_lang": {"id": {"n": N, "metrics": {…}}, …}}`.
//!
//! | task | metrics |
//! |---|---|
//! | `langid` | `accuracy` |
//! | `mentions` | `precision`, `recall`, `micro_f1` over (text, country) pairs |
//! | `tone`, `target-tone` | `macro_f1`, `macro_recall`, `accuracy` |
//! | `events` | `quad_accuracy`, `root_accuracy`, `dyad_quad_accuracy`; `precision`, `recall`, `micro_f1` over (source country, target country, root) triples |
//!
//! For `events`, a gold event counts as found for `quad_accuracy` (`root_accuracy`) when citra
//! codes any non-negated event of the same quad class (CAMEO root) in the same text, and for
//! `dyad_quad_accuracy` when that event also has the gold source and target countries (the
//! first three letters of the actor codes; unresolved actors, `---` or empty, match each other;
//! CAMEO's own country codes that differ from ISO alpha-3, e.g. `JAP`, are read as ISO). The
//! embedded organisations dictionary (`IGO`, `NGO`) and [`EvalOptions::actors`] add actors.
//!
//! ```
//! use citra_eval::{Task, evaluate_lines};
//! let gold = r#"{"id": "x-1", "lang": "en", "text": "Mexico and Canada signed the deal.", "countries": ["CAN", "MEX"]}"#;
//! let report = evaluate_lines(Task::Mentions, gold.lines(), &Default::default()).unwrap();
//! assert_eq!(report.n, 1);
//! assert_eq!(report.metrics["micro_f1"], 1.0);
//! ```
#![deny(missing_docs)]

mod events;
mod gold;
mod metrics;

pub use gold::GoldError;
pub use metrics::{Confusion, PrF};

use citra_actions::ActorDict;
use citra_model::{Lang, MentionKind, Span, ToneLabel};
use citra_pipeline::{DocContext, Pipeline};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An evaluation task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Language identification: the gold `lang` of each line.
    Langid,
    /// Which countries a text names.
    Mentions,
    /// Document tone.
    Tone,
    /// Tone toward a named target.
    TargetTone,
    /// CAMEO events (source, target, code) per text.
    Events,
}

impl std::str::FromStr for Task {
    type Err = GoldError;
    fn from_str(s: &str) -> Result<Task, GoldError> {
        match s {
            "langid" => Ok(Task::Langid),
            "mentions" => Ok(Task::Mentions),
            "tone" => Ok(Task::Tone),
            "target-tone" | "target_tone" => Ok(Task::TargetTone),
            "events" => Ok(Task::Events),
            _ => Err(GoldError::UnknownTask(s.to_owned())),
        }
    }
}

impl Task {
    /// The task's name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Task::Langid => "langid",
            Task::Mentions => "mentions",
            Task::Tone => "tone",
            Task::TargetTone => "target-tone",
            Task::Events => "events",
        }
    }
}

/// Options of an evaluation.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Mention kinds that count for the mentions task; by default the kinds that *name* a
    /// country (names, short forms, abbreviations), as the gold files count them.
    pub kinds: BTreeSet<MentionKind>,
    /// Extra actor dictionary for the events task (name → actor code), e.g. the fictional
    /// actors of the PETRARCH2 validation records.
    pub actors: Option<ActorDict>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            kinds: [MentionKind::Name, MentionKind::Abbreviation].into_iter().collect(),
            actors: None,
        }
    }
}

/// Metrics of one slice of the gold file.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    /// Lines in the slice.
    pub n: usize,
    /// Metric name → value.
    pub metrics: BTreeMap<String, f64>,
    /// Tone tasks: gold label → predicted label (or `not_found`) → count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confusion: Option<BTreeMap<String, BTreeMap<String, u64>>>,
}

/// One line the pipeline got wrong.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The gold line's id.
    pub id: String,
    /// The text (shortened).
    pub text: String,
    /// What the gold file says.
    pub gold: String,
    /// What citra said.
    pub got: String,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Task name.
    pub task: String,
    /// Lines evaluated.
    pub n: usize,
    /// Metric name → value, over the whole file.
    pub metrics: BTreeMap<String, f64>,
    /// The same per gold language.
    pub by_lang: BTreeMap<String, Slice>,
    /// Lines citra got wrong, in file order (not part of the JSON report).
    #[serde(skip)]
    pub misses: Vec<Miss>,
    /// Confusion matrix for tone tasks: gold label → predicted label → count.
    #[serde(skip)]
    pub confusion: Option<Confusion>,
}

/// Evaluates the pipeline on a gold file.
pub fn evaluate(task: Task, path: &Path, opts: &EvalOptions) -> Result<Report, GoldError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| GoldError::Io { path: path.display().to_string(), source: e })?;
    evaluate_lines(task, text.lines(), opts).map_err(|e| e.in_file(path))
}

/// Evaluates the pipeline on gold lines (blank lines are skipped).
pub fn evaluate_lines<'a>(
    task: Task,
    lines: impl IntoIterator<Item = &'a str>,
    opts: &EvalOptions,
) -> Result<Report, GoldError> {
    let pipeline = Pipeline::new();
    let mut rows = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        rows.push(gold::parse_line(task, line, i as u64 + 1)?);
    }
    let orgs = ActorDict::organisations();
    let mut dicts: Vec<&ActorDict> = vec![&orgs];
    if let Some(d) = &opts.actors {
        dicts.push(d);
    }
    let mut misses = Vec::new();
    let mut outcomes: Vec<(String, Outcome)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let hint = Lang::from_code(&row.lang);
        let outcome = match task {
            Task::Langid => {
                let got = pipeline.annotate_text(&row.text, None).lang.lang;
                let ok = got == hint;
                if !ok {
                    misses.push(miss(row, row.lang.clone(), got.code().to_owned()));
                }
                Outcome::Correct(ok)
            }
            Task::Mentions => {
                let ann = pipeline.annotate_text(&row.text, Some(hint));
                let got: BTreeSet<String> = ann
                    .mentions
                    .iter()
                    .filter(|m| opts.kinds.contains(&m.kind))
                    .map(|m| m.country.clone())
                    .collect();
                let gold: BTreeSet<String> = row.countries.iter().cloned().collect();
                if got != gold {
                    misses.push(miss(row, join(&gold), join(&got)));
                }
                Outcome::Sets { gold, got }
            }
            Task::Tone => {
                let ann = pipeline.annotate_text(&row.text, Some(hint));
                let got = ann.tone.label;
                let gold = row.label.unwrap_or(ToneLabel::Neutral);
                if got != gold {
                    misses.push(miss(row, gold.as_str().into(), got.as_str().into()));
                }
                Outcome::Label { gold, got: Some(got) }
            }
            Task::TargetTone => {
                let gold = row.label.unwrap_or(ToneLabel::Neutral);
                let (what, got) = match &row.country {
                    // A country: its tone as the citra index counts it (all its mentions).
                    Some(c) => {
                        let ctx = DocContext { hint: Some(hint), ..DocContext::default() };
                        (c.clone(), pipeline.country_tone(&row.text, c, &ctx).map(|t| t.label))
                    }
                    None => {
                        let span = row.target_span.unwrap_or(Span::new(0, 0));
                        let (tone, _) = pipeline.target_tone(&row.text, span, Some(hint));
                        (row.target.clone(), Some(tone.label))
                    }
                };
                if got != Some(gold) {
                    misses.push(miss(
                        row,
                        format!("{what} → {}", gold.as_str()),
                        got.map_or("not found", |l| l.as_str()).into(),
                    ));
                }
                Outcome::Label { gold, got }
            }
            Task::Events => {
                let ctx =
                    DocContext { hint: Some(hint), extra_actors: &dicts, ..DocContext::default() };
                let ann = pipeline.annotate_text_with(&row.text, &ctx);
                let got: Vec<events::Got> = ann
                    .events
                    .iter()
                    .filter(|e| !e.negated)
                    .map(|e| events::Got {
                        source: events::country(&e.source),
                        target: events::country(&e.target),
                        root: e.root,
                        quad: e.quad,
                    })
                    .collect();
                let o = events::outcome(&row.events, got);
                if o.quad_hits < o.n_gold || o.dyad_hits < o.n_gold {
                    misses.push(miss(row, o.gold_str.clone(), o.got_str.clone()));
                }
                Outcome::Events(o)
            }
        };
        outcomes.push((row.lang.clone(), outcome));
    }
    let all = metrics::compute(task, outcomes.iter().map(|(_, o)| o));
    let mut by_lang = BTreeMap::new();
    let langs: BTreeSet<&String> = outcomes.iter().map(|(l, _)| l).collect();
    for lang in langs {
        let slice: Vec<&Outcome> =
            outcomes.iter().filter(|(l, _)| l == lang).map(|(_, o)| o).collect();
        let m = metrics::compute(task, slice.iter().copied());
        let confusion = m.confusion.as_ref().map(Confusion::to_json);
        by_lang.insert(lang.clone(), Slice { n: slice.len(), metrics: m.metrics, confusion });
    }
    Ok(Report {
        task: task.name().to_owned(),
        n: outcomes.len(),
        metrics: all.metrics,
        by_lang,
        misses,
        confusion: all.confusion,
    })
}

/// What the pipeline did on one gold line.
pub(crate) enum Outcome {
    Correct(bool),
    Sets {
        gold: BTreeSet<String>,
        got: BTreeSet<String>,
    },
    /// `got` is `None` when the target (a country) was not found in the text: a miss.
    Label {
        gold: ToneLabel,
        got: Option<ToneLabel>,
    },
    Events(events::EventOutcome),
}

fn miss(row: &gold::GoldRow, gold: String, got: String) -> Miss {
    let mut text: String = row.text.chars().take(160).collect();
    if text.len() < row.text.len() {
        text.push('…');
    }
    Miss { id: row.id.clone(), text, gold, got }
}

fn join(s: &BTreeSet<String>) -> String {
    if s.is_empty() { "-".to_owned() } else { s.iter().cloned().collect::<Vec<_>>().join(",") }
}

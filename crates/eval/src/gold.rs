//! Reading gold lines.

use crate::Task;
use citra_model::{Span, ToneLabel};
use serde::Deserialize;
use std::path::Path;

/// A gold file that cannot be read or has a bad line.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The task name is not known.
    #[error("unknown task '{0}': use langid, mentions, tone, target-tone or events")]
    UnknownTask(String),
    /// The file cannot be read.
    #[error("cannot read gold file {path}: {source}; check the path (`citra eval TASK FILE`)")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a gold record of the task.
    #[error(
        "{file}line {line}: {reason} (the gold format: examples/gold/README.md in the citra repository)"
    )]
    Line {
        /// The file, with a trailing ':' once known.
        file: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

impl GoldError {
    pub(crate) fn in_file(self, path: &Path) -> GoldError {
        match self {
            GoldError::Line { line, reason, .. } => {
                GoldError::Line { file: format!("{}:", path.display()), line, reason }
            }
            e => e,
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    id: Option<String>,
    lang: Option<String>,
    text: Option<String>,
    label: Option<String>,
    target: Option<String>,
    target_span: Option<(usize, usize)>,
    country: Option<String>,
    countries: Option<Vec<String>>,
    events: Option<Vec<GoldEvent>>,
}

/// One gold event: actor codes, CAMEO code and quad class.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldEvent {
    #[serde(default)]
    pub(crate) source: String,
    #[serde(default)]
    pub(crate) target: String,
    pub(crate) code: String,
    #[serde(default)]
    pub(crate) quad: Option<String>,
}

pub(crate) struct GoldRow {
    pub(crate) id: String,
    pub(crate) lang: String,
    pub(crate) text: String,
    pub(crate) label: Option<ToneLabel>,
    pub(crate) target: String,
    /// Byte span of the target in `text`.
    pub(crate) target_span: Option<Span>,
    /// Target-tone toward a country (ISO 3166-1 alpha-3): scored on the country's mentions
    /// that citra finds, so `target_span` is optional.
    pub(crate) country: Option<String>,
    pub(crate) countries: Vec<String>,
    pub(crate) events: Vec<GoldEvent>,
}

pub(crate) fn parse_line(task: Task, line: &str, n: u64) -> Result<GoldRow, GoldError> {
    let bad = |reason: String| GoldError::Line { file: String::new(), line: n, reason };
    let raw: Raw = serde_json::from_str(line).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let text = raw.text.ok_or_else(|| bad("field 'text' is missing".into()))?;
    let lang = raw.lang.ok_or_else(|| bad("field 'lang' is missing".into()))?;
    let id = raw.id.unwrap_or_else(|| format!("line-{n}"));
    let label = match (&task, raw.label) {
        (Task::Tone | Task::TargetTone, None) => {
            return Err(bad("field 'label' is missing".into()));
        }
        (_, Some(l)) => Some(ToneLabel::parse(&l).ok_or_else(|| {
            bad(format!("field 'label' is '{l}': use negative, neutral or positive"))
        })?),
        (_, None) => None,
    };
    let target = raw.target.unwrap_or_default();
    let country = match raw.country {
        Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c),
        Some(c) => {
            return Err(bad(format!(
                "field 'country' is '{c}': use an ISO 3166-1 alpha-3 code such as \"MEX\""
            )));
        }
        None => None,
    };
    let target_span = match task {
        Task::TargetTone if country.is_some() => {
            if raw.target_span.is_some() || !target.is_empty() {
                target_span(&text, &target, raw.target_span)
            } else {
                None
            }
        }
        Task::TargetTone => {
            Some(target_span(&text, &target, raw.target_span).ok_or_else(|| {
                bad(format!("target '{target}' is not in the text at the given target_span"))
            })?)
        }
        _ => None,
    };
    let countries = match (task, raw.countries) {
        (Task::Mentions, None) => return Err(bad("field 'countries' is missing".into())),
        (_, c) => c.unwrap_or_default(),
    };
    let events = match (task, raw.events) {
        (Task::Events, None) => return Err(bad("field 'events' is missing".into())),
        (_, e) => e.unwrap_or_default(),
    };
    for e in &events {
        let root_ok = e
            .code
            .get(..2)
            .and_then(|r| r.parse::<u8>().ok())
            .is_some_and(|r| (1..=20).contains(&r));
        if !root_ok {
            return Err(bad(format!("event code '{}' is not a CAMEO code (root 01–20)", e.code)));
        }
    }
    Ok(GoldRow { id, lang, text, label, target, target_span, country, countries, events })
}

/// The byte span of the target: from `target_span` (code points) or the first occurrence.
fn target_span(text: &str, target: &str, chars: Option<(usize, usize)>) -> Option<Span> {
    match chars {
        Some((s, e)) => {
            let span = Span::from_chars(text, s, e)?;
            (span.slice(text)? == target || target.is_empty()).then_some(span)
        }
        None => {
            let start = text.find(target)?;
            Some(Span::new(start, start + target.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span010() {
        let rows = [
            ("¿Qué tal México?", "México", Some((9, 15)), Some((11, 18))),
            ("i love obama", "obama", None, Some((7, 12))),
            ("i love obama", "bush", None, None),
            ("i love obama", "obama", Some((0, 5)), None),
        ];
        for (text, target, chars, want) in rows {
            let got = target_span(text, target, chars).map(|s| (s.start, s.end));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn errors010() {
        let e = parse_line(Task::Tone, r#"{"id":"a","lang":"en","text":"x"}"#, 7).err().unwrap();
        assert_eq!(
            e.to_string(),
            "line 7: field 'label' is missing (the gold format: examples/gold/README.md in the citra repository)"
        );
        let e =
            parse_line(Task::Tone, r#"{"lang":"en","text":"x","label":"mixed"}"#, 2).err().unwrap();
        assert!(e.to_string().contains("use negative, neutral or positive"));
        assert!(parse_line(Task::Mentions, "{", 1).is_err());
    }
}

//! Tone: a score in [-1, 1], a label and a confidence.

use serde::{Deserialize, Serialize};

/// The three tone classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToneLabel {
    /// Negative.
    Negative,
    /// Neutral (or no evidence).
    Neutral,
    /// Positive.
    Positive,
}

impl ToneLabel {
    /// The lowercase name used in storage, gold files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ToneLabel::Negative => "negative",
            ToneLabel::Neutral => "neutral",
            ToneLabel::Positive => "positive",
        }
    }

    /// Parses [`ToneLabel::as_str`] output.
    pub fn parse(s: &str) -> Option<ToneLabel> {
        match s {
            "negative" => Some(ToneLabel::Negative),
            "neutral" => Some(ToneLabel::Neutral),
            "positive" => Some(ToneLabel::Positive),
            _ => None,
        }
    }
}

/// A tone: score in [-1, 1], its label and a confidence in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    /// Score in [-1, 1]; negative is unfavourable.
    pub score: f32,
    /// The class the score falls in.
    pub label: ToneLabel,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

impl Tone {
    /// A neutral tone with the given confidence.
    pub fn neutral(confidence: f32) -> Tone {
        Tone { score: 0.0, label: ToneLabel::Neutral, confidence }
    }
}

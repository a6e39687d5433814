//! Coded diplomatic actions (events) in the CAMEO family.

use crate::Span;
use serde::{Deserialize, Serialize};

/// The four quad classes of CAMEO event data: the root category decides the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quad {
    /// Roots 01–05: statements, appeals, intents to cooperate, consultations, diplomatic
    /// cooperation.
    VerbalCoop,
    /// Roots 06–08: material cooperation, aid, yielding.
    MaterialCoop,
    /// Roots 09–13: investigations, demands, disapproval, rejections, threats.
    VerbalConflict,
    /// Roots 14–20: protests, force posture, reduced relations, coercion, assault, fighting,
    /// mass violence.
    MaterialConflict,
}

impl Quad {
    /// Every quad class, cooperation first.
    pub const ALL: [Quad; 4] =
        [Quad::VerbalCoop, Quad::MaterialCoop, Quad::VerbalConflict, Quad::MaterialConflict];

    /// The quad class of a CAMEO root category (1–20); `None` outside that range.
    pub fn of_root(root: u8) -> Option<Quad> {
        Some(match root {
            1..=5 => Quad::VerbalCoop,
            6..=8 => Quad::MaterialCoop,
            9..=13 => Quad::VerbalConflict,
            14..=20 => Quad::MaterialConflict,
            _ => return None,
        })
    }

    /// The snake_case name used in storage, gold files and output (`verbal_coop`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Quad::VerbalCoop => "verbal_coop",
            Quad::MaterialCoop => "material_coop",
            Quad::VerbalConflict => "verbal_conflict",
            Quad::MaterialConflict => "material_conflict",
        }
    }

    /// Parses [`Quad::as_str`] output.
    pub fn parse(s: &str) -> Option<Quad> {
        Quad::ALL.into_iter().find(|q| q.as_str() == s)
    }

    /// True for the two cooperation classes.
    pub fn is_coop(self) -> bool {
        matches!(self, Quad::VerbalCoop | Quad::MaterialCoop)
    }
}

/// One coded action of a source actor toward a target, traceable to its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Who acts: an ISO alpha-3 country code, an actor code, or `---` when unknown.
    pub source: String,
    /// Toward whom: an ISO alpha-3 country code or actor code (`---` when unknown).
    pub target: String,
    /// CAMEO event code, e.g. `"138"` (two to four digits).
    pub code: String,
    /// CAMEO root category, 1–20 (the first two digits of `code`).
    pub root: u8,
    /// Quad class of the root.
    pub quad: Quad,
    /// Goldstein-like intensity in [-10, 10] (conflict negative, cooperation positive).
    pub goldstein: f32,
    /// True when the action is negated ("did not attack"): it did not happen.
    pub negated: bool,
    /// The sentence, as a byte span of the original text.
    pub sentence: Span,
    /// The words that triggered the coding, as a byte span of the original text.
    pub trigger: Span,
    /// Index into `Annotation::mentions` of the mention the event is about (its target, or its
    /// source when the target is not a mention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<usize>,
}

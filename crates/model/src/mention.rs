//! Mentions of countries and actors.

use crate::{Span, Tone};
use serde::{Deserialize, Serialize};

/// How a text refers to a country or actor.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A full or short name of the country ("Mexico", "Amerika Serikat").
    #[default]
    Name,
    /// A standard abbreviation ("U.S.", "AS", "RI", "EEUU").
    Abbreviation,
    /// A demonym or adjective ("Mexican", "orang Meksiko", "mexicanos").
    Demonym,
    /// A capital or seat of government used for its government ("Washington said").
    Capital,
    /// A leader or institution standing for its country ("Trump", "Kremlin").
    Leader,
    /// A hashtag naming the country ("#Mexico").
    Hashtag,
    /// A platform handle of an actor ("@SecPompeo").
    Handle,
}

impl MentionKind {
    /// The snake_case name used in storage and output.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Abbreviation => "abbreviation",
            MentionKind::Demonym => "demonym",
            MentionKind::Capital => "capital",
            MentionKind::Leader => "leader",
            MentionKind::Hashtag => "hashtag",
            MentionKind::Handle => "handle",
        }
    }

    /// Parses [`MentionKind::as_str`] output.
    pub fn parse(s: &str) -> Option<MentionKind> {
        Some(match s {
            "name" => MentionKind::Name,
            "abbreviation" => MentionKind::Abbreviation,
            "demonym" => MentionKind::Demonym,
            "capital" => MentionKind::Capital,
            "leader" => MentionKind::Leader,
            "hashtag" => MentionKind::Hashtag,
            "handle" => MentionKind::Handle,
            _ => return None,
        })
    }

    /// True for the kinds that *name* a country (what the mentions gold files count).
    pub fn names_country(self) -> bool {
        matches!(self, MentionKind::Name | MentionKind::Abbreviation)
    }
}

/// One mention of a country (and possibly an actor) in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// ISO 3166-1 alpha-3 code of the country meant (or of the actor's country).
    pub country: String,
    /// Actor registry id, when the mention is of a person or institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The text as written, sliced from the original document.
    pub surface: String,
    /// Byte span in the original document text.
    pub span: Span,
    /// Byte span in the normalized text the stages read (for the tone stage's clause search).
    #[serde(default, skip_serializing)]
    pub norm_span: Span,
    /// How the country is referred to.
    pub kind: MentionKind,
    /// Confidence in [0, 1] that the mention means this country.
    pub confidence: f32,
    /// Tone aimed at this country by the sentence that holds the mention, once scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Tone>,
}

impl Mention {
    /// A mention that names `country` with full confidence, at `span` in a text whose original
    /// and normalized forms coincide (tests, gold targets, user selections); no actor, no tone.
    pub fn name(country: &str, surface: &str, span: Span) -> Mention {
        Mention {
            country: country.to_owned(),
            actor: None,
            surface: surface.to_owned(),
            span,
            norm_span: span,
            kind: MentionKind::Name,
            confidence: 1.0,
            tone: None,
        }
    }
}

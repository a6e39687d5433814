//! The embedded gazetteer data and its parsing.

use citra_model::{Lang, MentionKind};

pub(crate) const COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");
pub(crate) const FORMS_TSV: &str = include_str!("../data/curated/forms.tsv");
pub(crate) const BLOCKS_TSV: &str = include_str!("../data/curated/blocks.tsv");
pub(crate) const AMBIGUOUS_TSV: &str = include_str!("../data/curated/ambiguous.tsv");
pub(crate) const ACTORS_TSV: &str = include_str!("../data/actors/actors.tsv");
pub(crate) const ROLES_TSV: &str = include_str!("../data/actors/roles.tsv");
pub(crate) const ACCOUNTS_TSV: &str = include_str!("../data/actors/accounts.tsv");

/// Data rows of a TSV: comment (`#`) and blank lines skipped, fields split on tabs.
pub(crate) fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// A set of languages a form is looked for in; `None` is every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Langs(pub(crate) Option<Vec<Lang>>);

impl Langs {
    pub(crate) fn parse(s: &str) -> Langs {
        if s == "*" {
            return Langs(None);
        }
        Langs(Some(s.split(',').map(|c| Lang::from_code(c.trim())).collect()))
    }

    /// True when a form in this set may be looked for in a text of `lang`.
    pub(crate) fn admits(&self, lang: Lang) -> bool {
        match &self.0 {
            None => true,
            Some(v) => lang == Lang::Und || v.contains(&lang),
        }
    }

    /// True when this set names `lang` explicitly.
    pub(crate) fn names(&self, lang: Lang) -> bool {
        self.0.as_ref().is_some_and(|v| v.contains(&lang))
    }
}

/// How a form must be written to count in cased text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// Any case.
    Any,
    /// Starts with a capital letter.
    Cap,
    /// All capitals; in uncased text it needs a country cue nearby.
    Caps,
}

/// What a matched form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A country, by index into the country table.
    Country(usize),
    /// An actor, by index into the actor table.
    Actor(usize),
    /// Not a mention: the phrase hides the names inside it.
    Block,
}

/// One reading of a pattern.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) target: Target,
    pub(crate) kind: MentionKind,
    pub(crate) confidence: f32,
    pub(crate) langs: Langs,
    pub(crate) case: CaseRule,
    /// Written by hand (wins over a generated CLDR reading of the same form).
    pub(crate) curated: bool,
    /// A generated name in a non-Latin script: looked for in texts of its languages, of
    /// undetermined language and of Latin-script languages.
    pub(crate) wide: bool,
}

/// An ambiguity rule attached to a folded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmbRule {
    Cap,
    CapCue,
    Person,
    Georgia,
    Food,
}

impl AmbRule {
    pub(crate) fn parse(s: &str) -> Option<AmbRule> {
        Some(match s {
            "cap" => AmbRule::Cap,
            "capcue" => AmbRule::CapCue,
            "person" => AmbRule::Person,
            "georgia" => AmbRule::Georgia,
            "food" => AmbRule::Food,
            _ => return None,
        })
    }
}

pub(crate) fn parse_kind(s: &str) -> Option<MentionKind> {
    MentionKind::parse(s)
}

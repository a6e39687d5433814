//! The embedded data files, parsed once.

use crate::pattern::Pattern;
use citra_model::Lang;
use std::collections::HashMap;

const GOLDSTEIN_TSV: &str = include_str!("../data/goldstein.tsv");
const THEMES_TSV: &str = include_str!("../data/themes.tsv");
const EN_VERBS: &str = include_str!("../data/en/verbs.tsv");
const ID_VERBS: &str = include_str!("../data/id/verbs.tsv");
const ES_VERBS: &str = include_str!("../data/es/verbs.tsv");
const EN_MODS: &str = include_str!("../data/en/modifiers.tsv");
const ID_MODS: &str = include_str!("../data/id/modifiers.tsv");
const ES_MODS: &str = include_str!("../data/es/modifiers.tsv");
/// International organisations as actors (`IGO`, `NGO`).
pub(crate) const IGO_TSV: &str = include_str!("../data/igo.tsv");
/// Demonyms as actors.
pub(crate) const DEMONYMS_TSV: &str = include_str!("../data/demonyms.tsv");

/// Rows of a TSV file: comments (`#`) and blank lines skipped, cells trimmed.
pub(crate) fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// What a modifier does to the trigger after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModKind {
    Neg,
    Future,
    Refuse,
    Passive,
    Agent,
    Coord,
    Report,
}

/// One verb pattern.
#[derive(Debug, Clone)]
pub(crate) struct Verb {
    pub(crate) pattern: Pattern,
    pub(crate) code: String,
}

/// Indices by a byte (the first of a pattern's first word): a table, as it is read for every
/// word of every post (a hash map of bytes was a percent of the pipeline).
#[derive(Debug, Default)]
pub(crate) struct ByteIndex(Vec<Vec<usize>>);

impl ByteIndex {
    pub(crate) fn push(&mut self, b: u8, i: usize) {
        if self.0.is_empty() {
            self.0 = vec![Vec::new(); 256];
        }
        self.0[usize::from(b)].push(i);
    }

    /// The indices under `b`, if any.
    pub(crate) fn get(&self, b: &u8) -> Option<&Vec<usize>> {
        self.0.get(usize::from(*b)).filter(|v| !v.is_empty())
    }
}

/// Patterns of one language, indexed by the first byte of their first word.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub(crate) verbs: Vec<Verb>,
    /// First byte → verb indices; patterns without a literal first byte are in `any`.
    pub(crate) by_byte: ByteIndex,
    pub(crate) any: Vec<usize>,
    pub(crate) mods: Vec<(ModKind, Pattern)>,
    pub(crate) themes: Vec<(String, Pattern)>,
    /// First byte → theme indices.
    pub(crate) themes_by_byte: ByteIndex,
}

impl Lexicon {
    fn build(verbs: &str, mods: &str, lang: &str) -> Lexicon {
        let mut lx = Lexicon::default();
        for r in rows(verbs) {
            let (Some(p), Some(code)) = (r.first(), r.get(1)) else { continue };
            let (Some(pattern), true) = (Pattern::parse(p), valid_code(code)) else { continue };
            let i = lx.verbs.len();
            match pattern.first_byte() {
                Some(b) => lx.by_byte.push(b, i),
                None => lx.any.push(i),
            }
            lx.verbs.push(Verb { pattern, code: (*code).to_owned() });
        }
        for r in rows(mods) {
            let (Some(k), Some(p)) = (r.first(), r.get(1)) else { continue };
            let kind = match *k {
                "neg" => ModKind::Neg,
                "future" => ModKind::Future,
                "refuse" => ModKind::Refuse,
                "passive" => ModKind::Passive,
                "agent" => ModKind::Agent,
                "coord" => ModKind::Coord,
                "report" => ModKind::Report,
                _ => continue,
            };
            if let Some(p) = Pattern::parse(p) {
                lx.mods.push((kind, p));
            }
        }
        for r in rows(THEMES_TSV) {
            let (Some(t), Some(l), Some(p)) = (r.first(), r.get(1), r.get(2)) else { continue };
            if *l == lang
                && let Some(p) = Pattern::parse(p)
            {
                if let Some(b) = p.first_byte() {
                    lx.themes_by_byte.push(b, lx.themes.len());
                }
                lx.themes.push(((*t).to_owned(), p));
            }
        }
        lx
    }
}

/// A CAMEO code: 2–4 ASCII digits whose root is 01–20.
pub(crate) fn valid_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.get(..2).and_then(|r| r.parse::<u8>().ok()).is_some_and(|r| (1..=20).contains(&r))
}

/// Everything the coder reads.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) en: Lexicon,
    pub(crate) id: Lexicon,
    pub(crate) es: Lexicon,
    pub(crate) goldstein: HashMap<String, f32>,
    /// Demonyms and organisations, found by the coder itself.
    pub(crate) hints: crate::ActorDict,
}

impl Data {
    pub(crate) fn build() -> Data {
        let goldstein = rows(GOLDSTEIN_TSV)
            .filter_map(|r| Some(((*r.first()?).to_owned(), r.get(1)?.parse::<f32>().ok()?)))
            .collect();
        Data {
            en: Lexicon::build(EN_VERBS, EN_MODS, "en"),
            id: Lexicon::build(ID_VERBS, ID_MODS, "id"),
            es: Lexicon::build(ES_VERBS, ES_MODS, "es"),
            goldstein,
            hints: crate::ActorDict::embedded_all(),
        }
    }

    /// The lexicon for a language: Indonesian for Indonesian and Malay, Spanish for Spanish,
    /// English otherwise.
    pub(crate) fn lexicon(&self, lang: Lang) -> &Lexicon {
        match lang {
            Lang::Ind | Lang::Msa => &self.id,
            Lang::Spa => &self.es,
            _ => &self.en,
        }
    }

    /// Goldstein weight of a code: its own, else its three-digit parent, else its root's.
    pub(crate) fn goldstein(&self, code: &str) -> f32 {
        let mut c = code;
        while c.len() >= 2 {
            if let Some(&g) = self.goldstein.get(c) {
                return g;
            }
            c = c.get(..c.len() - 1).unwrap_or("");
        }
        0.0
    }
}

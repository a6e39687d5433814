//! Extra actor dictionaries (name → actor code) matched on word boundaries.

use crate::data::rows;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use citra_model::{Mention, MentionKind, OffsetMap, Span};

/// An actor dictionary that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ActionsError {
    /// The file cannot be read.
    #[error("cannot read actor dictionary {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not `name<TAB>code`.
    #[error(
        "{path}: line {line}: expected 'name<TAB>code' (a name, a tab, an actor code such as GON or USAGOV)"
    )]
    Line {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
    },
}

/// A dictionary of extra actors: names (case-insensitive, on word boundaries) and their codes.
///
/// Used where the country gazetteer does not know the actors: international organisations
/// ([`ActorDict::organisations`]) and evaluation sets with their own actors.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    /// (lowercased name, code, written with a capital), longest names first.
    entries: Vec<(String, String, bool)>,
    /// Case-insensitive (ASCII) leftmost-longest matcher over the names.
    matcher: Option<AhoCorasick>,
}

/// Most names for which an actor dictionary is matched with a DFA.
const DFA_MAX_NAMES: usize = 4_000;

fn build(mut entries: Vec<(String, String, bool)>) -> ActorDict {
    entries.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    entries.dedup_by(|a, b| a.0 == b.0);
    // A DFA for dictionaries of the built-in size (hundreds of names: well under a megabyte,
    // several times faster than the default NFA on every post); the default choice beyond.
    let kind = (entries.len() <= DFA_MAX_NAMES).then_some(AhoCorasickKind::DFA);
    let matcher = AhoCorasickBuilder::new()
        .kind(kind)
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries.iter().map(|e| e.0.as_str()))
        .ok();
    ActorDict { entries, matcher }
}

fn entry(name: &str, code: &str) -> (String, String, bool) {
    let name = name.replace('_', " ");
    let cap = name.chars().next().is_some_and(char::is_uppercase);
    (name.to_lowercase(), code.to_owned(), cap)
}

impl ActorDict {
    /// Parses `name<TAB>code` lines (`#` comments and blank lines skipped).
    pub fn parse(tsv: &str, path: &str) -> Result<ActorDict, ActionsError> {
        let mut entries = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t').map(str::trim);
            match (cells.next(), cells.next()) {
                (Some(n), Some(c)) if !n.is_empty() && !c.is_empty() => {
                    entries.push(entry(n, c));
                }
                _ => return Err(ActionsError::Line { path: path.to_owned(), line: i + 1 }),
            }
        }
        Ok(build(entries))
    }

    /// Reads a dictionary file.
    pub fn from_file(path: &std::path::Path) -> Result<ActorDict, ActionsError> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ActionsError::Io { path: p.clone(), source: e })?;
        ActorDict::parse(&text, &p)
    }

    /// The embedded dictionary of international and non-governmental organisations (United
    /// Nations, NATO, European Union, ASEAN, Red Cross, …), coded `IGO` / `NGO` as CAMEO does.
    pub fn organisations() -> ActorDict {
        ActorDict::embedded(crate::data::IGO_TSV)
    }

    /// The embedded demonyms ("Hungarian", "Palestinians", "mexicanos") coded with their
    /// country's alpha-3 code; capitalised forms match only when written with a capital.
    pub fn demonyms() -> ActorDict {
        ActorDict::embedded(crate::data::DEMONYMS_TSV)
    }

    fn embedded(tsv: &str) -> ActorDict {
        build(rows(tsv).filter_map(|r| Some(entry(r.first()?, r.get(1)?))).collect())
    }

    /// Both embedded dictionaries: organisations and demonyms.
    pub fn embedded_all() -> ActorDict {
        let mut entries = ActorDict::organisations().entries;
        entries.extend(ActorDict::demonyms().entries);
        build(entries)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the dictionary has no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Occurrences of the dictionary's names in `text`: (byte span, code), sorted, not
    /// overlapping (longest name first). All-caps names of up to three letters ("UN", "EU")
    /// match only as written in capitals.
    pub fn find(&self, text: &str) -> Vec<(Span, String)> {
        let Some(ac) = &self.matcher else { return Vec::new() };
        let mut out = Vec::new();
        for m in ac.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let Some((name, code, cap)) = self.entries.get(m.pattern().as_usize()) else {
                continue;
            };
            let before = text.get(..start).and_then(|s| s.chars().next_back());
            let after = text.get(end..).and_then(|s| s.chars().next());
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if !(boundary(before) && boundary(after)) {
                continue;
            }
            let surface = text.get(start..end).unwrap_or("");
            if *cap && !surface.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            // Short names ("UN", "EU") only as written in capitals.
            if name.len() <= 3 && surface.chars().any(char::is_lowercase) {
                continue;
            }
            out.push((Span::new(start, end), code.clone()));
        }
        out
    }

    /// Adds the dictionary's actors to `mentions` as mentions of kind `Name` whose `country` is
    /// the actor code; mentions of the pipeline that overlap one are dropped (the dictionary
    /// wins). `original`/`normalized`/`map` are as the pipeline has them.
    pub fn add_mentions(
        &self,
        original: &str,
        normalized: &str,
        map: &OffsetMap,
        mentions: &mut Vec<Mention>,
    ) {
        let found = self.find(normalized);
        if found.is_empty() {
            return;
        }
        let same_len =
            map.derived_len() == normalized.len() && map.original_len() == original.len();
        for (norm_span, code) in found {
            let span = if same_len { map.span_to_original(norm_span) } else { norm_span };
            let Some(surface) = span.slice(original) else { continue };
            mentions.retain(|m| {
                !(m.norm_span.start < norm_span.end && norm_span.start < m.norm_span.end)
            });
            mentions.push(Mention {
                country: code,
                actor: None,
                surface: surface.to_owned(),
                span,
                norm_span,
                kind: MentionKind::Name,
                confidence: 1.0,
                tone: None,
            });
        }
        mentions.sort_by_key(|m| m.norm_span);
    }
}

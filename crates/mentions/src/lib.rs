//! Country and actor mentions: a multilingual gazetteer matched with byte spans.
//!
//! - [`Gazetteer`]: every ISO 3166-1 country and territory (249) with CLDR names in nine
//!   locales, curated short forms, abbreviations, demonyms, capitals and seats of government,
//!   Indonesian epithets ("Negeri Paman Sam"), and a seed registry of actors (leaders and
//!   foreign ministers with their handles). [`Gazetteer::shared`] parses the embedded data once.
//! - [`Gazetteer::find`]: finds every mention in a text, with spans into the *original* text,
//!   a [`MentionKind`] and a confidence. Ambiguous forms (Georgia,
//!   Jordan, turkey, china, Chad, US/AS/RI in lower-case text, …) are decided on evidence.
//! - [`Country`], [`Actor`]: entries of the gazetteer.
//!
//! Rules worth knowing:
//! - Matching folds case and diacritics and needs word boundaries on both sides (Indonesian
//!   clitics "-nya", "-ku", "-lah", … may follow); the longest match wins.
//! - Curated "block" phrases hide the names inside them: places and seas ("New Mexico",
//!   "Latin America", "Gulf of Mexico"), organisations and products ("Bank Indonesia",
//!   "Garuda Indonesia", "Air China"), people ("Michael Jordan"), food ("Thanksgiving turkey").
//!   There is no general organisation detection beyond that list.
//! - "Papua" alone is an Indonesian province and yields no mention; "Papua New Guinea" is PNG.
//! - Short all-caps forms (US, AS, RI, UK, EEUU, PRC) count only in capitals in cased text, and
//!   in all-lower or all-upper text only next to a country cue ("presiden as", "amerika
//!   serikat ( as )", "THE US GOVERNMENT"); English lower-case "us" never.
//! - Kinds: `Name` for names, short forms and Indonesian
//!   epithets ("Negeri Paman Sam"); `Abbreviation`; `Hashtag` for a name inside a hashtag;
//!   `Demonym`; `Capital` for capitals and cities used for governments; `Leader` for actors
//!   and seats of power (Kremlin, Gedung Putih); `Handle` for actors' @handles. Names inside
//!   @handles and URLs are not mentions. Indonesian "orang Italia" yields the name "Italia"
//!   (kind Name), as the NERP gold reads it.
//! - Lower confidence where the form is vague: "America"/"Amerika" → USA 0.75, Spanish
//!   "América" → USA 0.35, plain "Congo" → COD 0.55, plain "Korea" → KOR 0.6, "Georgia"
//!   without evidence 0.5 (with US-state evidence: no mention).
//! - CLDR names in en, id and es are looked for in every text; those of other locales only in
//!   texts of that language ("Island" is German for Iceland).
//!
//! ```
//! use citra_mentions::Gazetteer;
//! use citra_model::{Lang, MentionKind, OffsetMap};
//! let text = "Presiden Jokowi bertemu Menlu AS di Jakarta; México y EE.UU. firmaron.";
//! let g = Gazetteer::shared();
//! let (mentions, _diags) = g.find(text, text, &OffsetMap::identity(text.len()), Lang::Ind);
//! let found: Vec<(&str, &str, MentionKind)> =
//!     mentions.iter().map(|m| (m.surface.as_str(), m.country.as_str(), m.kind)).collect();
//! assert!(found.contains(&("AS", "USA", MentionKind::Abbreviation)));
//! assert!(found.contains(&("México", "MEX", MentionKind::Name)));
//! assert!(found.contains(&("EE.UU.", "USA", MentionKind::Abbreviation)));
//! assert!(found.contains(&("Jokowi", "IDN", MentionKind::Leader)));
//! assert_eq!(g.country("Meksiko").map(|c| c.alpha3), Some("MEX"));
//! ```
#![deny(missing_docs)]

mod data;
mod fold;
mod rules;

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use citra_model::{Diagnostic, Lang, Mention, MentionKind, OffsetMap, Severity, Span};

use data::{AmbRule, CaseRule, Entry, Langs, Target};

/// A country or territory of ISO 3166-1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, e.g. `MEX`.
    pub alpha3: &'static str,
    /// ISO 3166-1 alpha-2 code, e.g. `MX`.
    pub alpha2: &'static str,
    /// English name (CLDR), e.g. `Mexico`.
    pub name_en: &'static str,
    /// Indonesian name (CLDR), e.g. `Meksiko`.
    pub name_id: &'static str,
    /// Spanish name (CLDR), e.g. `México`.
    pub name_es: &'static str,
}

/// A person or institution that speaks for a country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Registry id, e.g. `usa-trump`.
    pub id: &'static str,
    /// Display name, e.g. `Donald Trump`.
    pub name: &'static str,
    /// ISO alpha-3 code of the actor's country.
    pub country: &'static str,
    /// Role: `head_of_state`, `head_of_government`, `foreign_minister`, `ministry`.
    pub role: &'static str,
    /// First day in the role (`YYYY-MM-DD`).
    pub start: &'static str,
    /// Last day in the role (`YYYY-MM-DD`), `None` while in office.
    pub end: Option<&'static str>,
    /// Name variants looked for in text.
    pub variants: Vec<&'static str>,
    /// Platform handles as `(platform, handle)`, handle without `@`.
    pub handles: Vec<(&'static str, &'static str)>,
}

/// The gazetteer: countries, their forms in text, actors, and the matcher over them.
pub struct Gazetteer {
    countries: Vec<Country>,
    actors: Vec<Actor>,
    /// Folded pattern strings, indexed like the automaton's patterns.
    patterns: Vec<String>,
    /// Readings of each pattern.
    entries: Vec<Vec<Entry>>,
    /// Ambiguity rules per pattern.
    amb: Vec<Vec<(Langs, AmbRule)>>,
    automaton: AhoCorasick,
    /// Folded query → country index (codes, names, abbreviations).
    lookup: HashMap<String, usize>,
    /// Folded handle → actor index.
    handles: HashMap<String, usize>,
    /// Folded abbreviations (for "shouting" detection).
    abbreviations: std::collections::HashSet<String>,
}

static SHARED: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

const STAGE: &str = "mentions";

impl Gazetteer {
    /// The gazetteer built from the embedded data, parsed once.
    pub fn shared() -> &'static Gazetteer {
        &SHARED
    }

    /// Every country and territory, in alpha-2 order.
    pub fn countries(&self) -> impl Iterator<Item = &Country> {
        self.countries.iter()
    }

    /// Every actor of the registry.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    /// The country with this alpha-3 code (case-insensitive).
    pub fn country_by_alpha3(&self, a3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.alpha3.eq_ignore_ascii_case(a3.trim()))
    }

    /// Resolves a user's country argument: alpha-3, alpha-2, or a name, short form or
    /// abbreviation in any supported language, case- and accent-insensitive ("MEX", "mx",
    /// "Meksiko", "México", "Amerika Serikat", "USA", "EE.UU."). Alpha-2 codes win over
    /// abbreviations: "AS" is American Samoa here.
    pub fn country(&self, query: &str) -> Option<&Country> {
        let q = query.trim();
        if let Some(c) = self.country_by_alpha3(q) {
            return Some(c);
        }
        if let Some(c) = self.countries.iter().find(|c| c.alpha2.eq_ignore_ascii_case(q)) {
            return Some(c);
        }
        self.lookup.get(&fold::fold_str(q)).and_then(|&i| self.countries.get(i))
    }

    /// The actor with this handle on any platform (case-insensitive, leading `@` ignored).
    pub fn actor_by_handle(&self, handle: &str) -> Option<&Actor> {
        let h = handle.trim().trim_start_matches('@').to_ascii_lowercase();
        self.handles.get(&h).and_then(|&i| self.actors.get(i))
    }

    /// The actor with this registry id.
    pub fn actor_by_id(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    fn build() -> Gazetteer {
        let mut countries = Vec::new();
        let mut by_a3: HashMap<&'static str, usize> = HashMap::new();
        let mut forms: Vec<(String, Entry)> = Vec::new();
        let mut lookup: HashMap<String, usize> = HashMap::new();
        let mut rows = data::rows(data::COUNTRIES_TSV);
        let _header = rows.next();
        for r in rows {
            let (Some(&a2), Some(&a3)) = (r.first(), r.get(1)) else { continue };
            let first = |col: usize| r.get(col).and_then(|c| c.split('|').next()).unwrap_or("");
            let idx = countries.len();
            countries.push(Country {
                alpha3: a3,
                alpha2: a2,
                name_en: first(2),
                name_id: first(3),
                name_es: first(4),
            });
            by_a3.insert(a3, idx);
            for (li, loc) in data::LOCALES.iter().enumerate() {
                let Some(cell) = r.get(li + 2) else { continue };
                // en, id and es names are looked for everywhere; other locales in their own.
                let langs = if li < 3 { Langs(None) } else { Langs::parse(loc) };
                for name in cell.split('|').filter(|n| !n.is_empty()) {
                    let key = fold::fold_str(name);
                    lookup.entry(key.clone()).or_insert(idx);
                    forms.push((
                        key,
                        Entry {
                            target: Target::Country(idx),
                            kind: MentionKind::Name,
                            confidence: 0.95,
                            langs: langs.clone(),
                            case: CaseRule::Any,
                            curated: false,
                        },
                    ));
                }
            }
        }
        let mut abbreviations = std::collections::HashSet::new();
        for r in data::rows(data::FORMS_TSV) {
            let [a3, kind, langs, conf, flags, list] = r[..] else { continue };
            let (Some(&idx), Some(kind)) = (by_a3.get(a3), data::parse_kind(kind)) else {
                continue;
            };
            let case = match flags {
                "caps" => CaseRule::Caps,
                "cap" => CaseRule::Cap,
                _ => CaseRule::Any,
            };
            for form in list.split('|').filter(|f| !f.is_empty()) {
                let key = fold::fold_str(form);
                if kind.names_country() {
                    lookup.entry(key.clone()).or_insert(idx);
                }
                if kind == MentionKind::Abbreviation {
                    abbreviations.insert(key.clone());
                }
                forms.push((
                    key,
                    Entry {
                        target: Target::Country(idx),
                        kind,
                        confidence: conf.parse().unwrap_or(0.5),
                        langs: Langs::parse(langs),
                        case,
                        curated: true,
                    },
                ));
            }
        }
        for r in data::rows(data::BLOCKS_TSV) {
            let [langs, list] = r[..] else { continue };
            for form in list.split('|').filter(|f| !f.is_empty()) {
                forms.push((
                    fold::fold_str(form),
                    Entry {
                        target: Target::Block,
                        kind: MentionKind::Name,
                        confidence: 1.0,
                        langs: Langs::parse(langs),
                        case: CaseRule::Any,
                        curated: true,
                    },
                ));
            }
        }
        let mut actors = Vec::new();
        let mut handles = HashMap::new();
        for r in data::rows(data::ACTORS_TSV) {
            let [id, name, country, role, start, end, variants, hs] = r[..] else { continue };
            let Some(&cidx) = by_a3.get(country) else { continue };
            let aidx = actors.len();
            let variants: Vec<&'static str> =
                variants.split('|').filter(|v| !v.is_empty() && *v != "-").collect();
            let hs: Vec<(&'static str, &'static str)> = hs
                .split(',')
                .filter_map(|h| h.split_once(':'))
                .map(|(p, h)| (p.trim(), h.trim()))
                .collect();
            for (_, h) in &hs {
                handles.entry(h.to_ascii_lowercase()).or_insert(aidx);
            }
            for v in &variants {
                let caps = v.chars().all(|c| !c.is_lowercase()) && v.len() <= 5;
                forms.push((
                    fold::fold_str(v),
                    Entry {
                        target: Target::Actor(aidx),
                        kind: MentionKind::Leader,
                        confidence: if v.contains(' ') { 0.7 } else { 0.6 },
                        langs: Langs(None),
                        case: if caps { CaseRule::Caps } else { CaseRule::Cap },
                        curated: true,
                    },
                ));
            }
            let _ = cidx;
            actors.push(Actor {
                id,
                name,
                country: countries[cidx].alpha3,
                role,
                start,
                end: (end != "-").then_some(end),
                variants,
                handles: hs,
            });
        }
        // Group readings by folded pattern.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        for (key, e) in forms {
            if key.trim().is_empty() {
                continue;
            }
            let i = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[i].push(e);
        }
        let mut amb = vec![Vec::new(); patterns.len()];
        for r in data::rows(data::AMBIGUOUS_TSV) {
            let [form, langs, rule] = r[..] else { continue };
            let (Some(&i), Some(rule)) = (index.get(&fold::fold_str(form)), AmbRule::parse(rule))
            else {
                continue;
            };
            amb[i].push((Langs::parse(langs), rule));
        }
        // The patterns are plain strings; building cannot fail short of memory limits, and
        // an empty automaton is the total fallback.
        let automaton = AhoCorasick::new(&patterns)
            .or_else(|_| AhoCorasick::new(Vec::<String>::new()))
            .unwrap_or_else(|_| unreachable!("an empty automaton always builds"));
        Gazetteer {
            countries,
            actors,
            patterns,
            entries,
            amb,
            automaton,
            lookup,
            handles,
            abbreviations,
        }
    }

    /// Finds every country and actor mention in a document.
    ///
    /// `normalized` is the text the stages read and `map` maps its byte offsets to
    /// `original`'s. Returned mentions have `span` in original bytes, `norm_span` in
    /// normalized bytes, `surface` = `original[span]` and no tone; they are sorted by span and
    /// never overlap. Total: never panics, whatever the input.
    pub fn find(
        &self,
        original: &str,
        normalized: &str,
        map: &OffsetMap,
        lang: Lang,
    ) -> (Vec<Mention>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let identity;
        let map = if map.derived_len() == normalized.len() && map.original_len() == original.len() {
            map
        } else {
            diags.push(Diagnostic::new(
                STAGE,
                "offset-map-mismatch",
                Severity::Warning,
                format!(
                    "offset map covers {} → {} bytes but the texts have {} → {}; spans fall back \
                     to the normalized text's offsets",
                    map.derived_len(),
                    map.original_len(),
                    normalized.len(),
                    original.len()
                ),
            ));
            identity = OffsetMap::identity(normalized.len());
            &identity
        };
        let ctx = rules::Context::new(normalized, lang);
        let mut cands: Vec<rules::Candidate> = Vec::new();
        for m in self.automaton.find_overlapping_iter(ctx.folded.text.as_str()) {
            let pid = m.pattern().as_usize();
            if let Some(c) = self.judge(&ctx, original, map, pid, m.start(), m.end()) {
                cands.push(c);
            }
        }
        // Handles: "@SecPompeo".
        cands.extend(rules::handles(&ctx, |h| {
            self.handles.get(&h.to_ascii_lowercase()).map(|&a| (a, self.actors[a].country))
        }));
        // Leftmost-longest, non-overlapping, blocks included.
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for c in cands {
            if c.start < last_end {
                continue;
            }
            last_end = c.end;
            let Some((target, kind, confidence)) = c.reading else { continue };
            let (ns, ne) = ctx.folded.source_span(normalized, c.start, c.end);
            let norm_span = Span::new(ns, ne);
            let span = map.span_to_original(norm_span);
            let Some(surface) = span.slice(original) else {
                diags.push(
                    Diagnostic::new(
                        STAGE,
                        "span-unmappable",
                        Severity::Warning,
                        "a mention's span does not fall on char boundaries of the original",
                    )
                    .at(span),
                );
                continue;
            };
            let (country, actor) = match target {
                Target::Country(i) => (self.countries[i].alpha3, None),
                Target::Actor(a) => (self.actors[a].country, Some(self.actors[a].id.to_owned())),
                Target::Block => continue,
            };
            let hashtag = rules::hashtag_start(original, span.start);
            let (kind, confidence) = match (hashtag, kind) {
                (Some(_), MentionKind::Name | MentionKind::Abbreviation) => {
                    (MentionKind::Hashtag, confidence * 0.9)
                }
                _ => (kind, confidence),
            };
            out.push(Mention {
                country: country.to_owned(),
                actor,
                surface: surface.to_owned(),
                span,
                norm_span,
                kind,
                confidence: confidence.clamp(0.0, 1.0),
                tone: None,
            });
        }
        out.sort_by_key(|m| m.span);
        (out, diags)
    }

    /// Decides one automaton match: `None` to drop it, or a candidate (a block has no reading).
    fn judge(
        &self,
        ctx: &rules::Context<'_>,
        original: &str,
        map: &OffsetMap,
        pid: usize,
        start: usize,
        end: usize,
    ) -> Option<rules::Candidate> {
        let pattern = self.patterns.get(pid)?;
        if !ctx.boundaries(start, end) || ctx.in_skip_zone(start) {
            return None;
        }
        let (ns, ne) = ctx.folded.source_span(ctx.normalized, start, end);
        let surface = ctx.normalized.get(ns..ne)?;
        let ospan = map.span_to_original(Span::new(ns, ne));
        let in_hashtag = rules::hashtag_start(original, ospan.start).is_some();
        let amb: Vec<AmbRule> =
            self.amb[pid].iter().filter(|(l, _)| l.admits(ctx.lang)).map(|&(_, r)| r).collect();
        let mut best: Option<(&Entry, f32)> = None;
        for e in &self.entries[pid] {
            // Generated names of other locales ("Island" is German for Iceland) only in texts
            // of that very language, never in undetermined ones.
            let strict = !e.curated && e.langs.0.is_some();
            if !e.langs.admits(ctx.lang) || (strict && !e.langs.names(ctx.lang)) {
                continue;
            }
            if e.target == Target::Block {
                return Some(rules::Candidate { start, end, reading: None });
            }
            let mut conf = e.confidence;
            if !in_hashtag {
                let abbr = self.abbreviations.contains(pattern.as_str());
                match ctx.case_ok(e.case, surface, ns, ne, &|w| self.abbreviations.contains(w)) {
                    rules::CaseVerdict::Ok(f) => conf *= f,
                    rules::CaseVerdict::NeedCue => {
                        if !ctx.has_cue(start, end, pattern, abbr) {
                            continue;
                        }
                        conf *= 0.8;
                    }
                    rules::CaseVerdict::No => continue,
                }
                match ctx
                    .ambiguity(&amb, surface, ns, ne, start, end, &|w| self.lookup.contains_key(w))
                {
                    Some(f) => conf *= f,
                    None => continue,
                }
            }
            let better = match best {
                None => true,
                Some((b, bc)) => {
                    // An entry naming the text's language, then a curated one, then confidence.
                    let rank = |x: &Entry| (x.langs.names(ctx.lang), x.curated);
                    rank(e) > rank(b) || (rank(e) == rank(b) && conf > bc)
                }
            };
            if better {
                best = Some((e, conf));
            }
        }
        let (e, conf) = best?;
        Some(rules::Candidate { start, end, reading: Some((e.target, e.kind, conf)) })
    }
}

#[cfg(test)]
mod tests;

//! Diplomatic action coding and themes, per mention.
//!
//! - [`ActionCoder`]: codes, sentence by sentence, what a source actor does toward a target
//!   country in the CAMEO family — a CAMEO event code, its root (01–20), its quad class
//!   ([`Quad`]) and a Goldstein intensity in [-10, 10] — and the themes of each mention.
//! - [`Coded`]: what [`ActionCoder::code`] returns: events, themes per mention, diagnostics.
//! - [`ActorDict`]: extra actors (international organisations, evaluation dictionaries).
//!
//! Verb patterns, modifiers (negation, future and modality, refusal, passive) and themes are
//! data files per language under `data/` (English, Indonesian, Spanish); the rules that read
//! them and the Goldstein scale are described in the crate README.
//!
//! ```
//! use citra_actions::ActionCoder;
//! use citra_model::{Lang, Mention, MentionKind, OffsetMap, Quad, Span};
//!
//! let text = "Mexico will not pay for the wall, so the United States will build it.";
//! let m = |country: &str, s: usize, e: usize| Mention {
//!     country: country.into(), actor: None, surface: text[s..e].into(),
//!     span: Span::new(s, e), norm_span: Span::new(s, e), kind: MentionKind::Name,
//!     confidence: 1.0, tone: None,
//! };
//! let mentions = [m("MEX", 0, 6), m("USA", 41, 54)];
//! let coded = ActionCoder::shared().code(text, &OffsetMap::identity(text.len()), Lang::Eng,
//!     &mentions, None);
//! let e = &coded.events[0];
//! assert_eq!((e.source.as_str(), e.code.as_str(), e.quad), ("MEX", "1211", Quad::VerbalConflict));
//! assert_eq!(coded.themes[0], ["border"]);
//! ```
#![deny(missing_docs)]

mod actors;
mod data;
mod pattern;

pub use actors::{ActionsError, ActorDict};

use citra_model::segment::{push_lowercase, sentences, words};
use citra_model::{Diagnostic, Event, Lang, Mention, OffsetMap, Quad, Severity, Span};
use data::{Data, Lexicon, ModKind};
use std::collections::BTreeSet;
use std::sync::LazyLock;

static DATA: LazyLock<Data> = LazyLock::new(Data::build);
static SHARED: ActionCoder = ActionCoder { _priv: () };

const STAGE: &str = "actions";
/// Words looked back from a trigger for its modifiers.
const WINDOW: usize = 4;
/// First-person pronouns in English, Indonesian and Spanish: a speaker who is the author.
const FIRST_PERSON: &[&str] =
    &["i", "we", "us", "our", "saya", "aku", "kami", "kita", "yo", "nosotros", "nosotras"];

/// Sentences longer than this (in words) are coded on their first words only.
const MAX_WORDS: usize = 400;

/// The names of the CAMEO root categories, 01–20.
pub const ROOT_NAMES: [&str; 20] = [
    "make public statement",
    "appeal",
    "express intent to cooperate",
    "consult",
    "engage in diplomatic cooperation",
    "engage in material cooperation",
    "provide aid",
    "yield",
    "investigate",
    "demand",
    "disapprove",
    "reject",
    "threaten",
    "protest",
    "exhibit force posture",
    "reduce relations",
    "coerce",
    "assault",
    "fight",
    "use unconventional mass violence",
];

/// The themes of the taxonomy, in the order of the README.
pub const THEMES: [&str; 21] = [
    "security",
    "terrorism",
    "drugs",
    "migration",
    "border",
    "trade",
    "tariffs",
    "economy",
    "energy",
    "health",
    "climate",
    "human_rights",
    "culture",
    "film",
    "music",
    "sport",
    "tourism",
    "education",
    "religion",
    "diplomacy_visits",
    "aid",
];

/// What the coder found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    /// Events in text order.
    pub events: Vec<Event>,
    /// Themes of each mention, parallel to the mentions given (sorted, no repeats).
    pub themes: Vec<Vec<String>>,
    /// What the stage reported.
    pub diagnostics: Vec<Diagnostic>,
}

/// The action coder over the embedded dictionaries (parsed once per process).
#[derive(Debug)]
pub struct ActionCoder {
    _priv: (),
}

/// A matched trigger in a sentence (word indices).
#[derive(Debug, Clone)]
struct Trigger {
    start: usize,
    end: usize,
    code: String,
    negated: bool,
    refused: bool,
    future: bool,
    passive: bool,
    absorbed: bool,
}

/// A mention inside a sentence: its index in the document's mentions and its word range.
#[derive(Debug, Clone, Copy)]
struct Ment {
    idx: usize,
    start: usize,
    end: usize,
}

impl ActionCoder {
    /// The coder with the embedded data.
    pub fn shared() -> &'static ActionCoder {
        &SHARED
    }

    /// Loads the data now rather than on the first document.
    pub fn preload(&self) {
        LazyLock::force(&DATA);
    }

    /// CAMEO root (1–20) and quad class of a code such as `"138"`; `None` if it is not one.
    pub fn classify(code: &str) -> Option<(u8, Quad)> {
        if !data::valid_code(code) {
            return None;
        }
        let root = code.get(..2)?.parse::<u8>().ok()?;
        Some((root, Quad::of_root(root)?))
    }

    /// Goldstein weight of a CAMEO code (its own, else its parent's, else its root's; 0 when
    /// unknown).
    pub fn goldstein(code: &str) -> f32 {
        DATA.goldstein(code)
    }

    /// Codes the actions and themes of one document.
    ///
    /// `normalized` is the text the stages read, `map` ties it to the original text (event
    /// spans are returned in original bytes), `mentions` are the document's mentions (their
    /// `norm_span` is read; `country` is the actor code used), `author_country` the alpha-3 code
    /// of the author's country when the author is a known actor (the source of actions whose
    /// subject is not named). Total: never panics.
    pub fn code(
        &self,
        normalized: &str,
        map: &OffsetMap,
        lang: Lang,
        mentions: &[Mention],
        author_country: Option<&str>,
    ) -> Coded {
        let data = &*DATA;
        let lx = data.lexicon(lang);
        let n_real = mentions.len();
        // Demonyms and organisations the mention stage does not report are actors here too.
        let mut all: Vec<Mention> = mentions.to_vec();
        // The mentions' spans by start, with the largest end so far: whether a hint overlaps a
        // mention is then a binary search (hints are sorted and do not overlap each other), so
        // a long text with many mentions costs linear time, not mentions × hints.
        let mut by_start: Vec<(usize, usize)> =
            mentions.iter().map(|m| (m.norm_span.start, m.norm_span.end)).collect();
        by_start.sort_unstable();
        let max_end: Vec<usize> = by_start
            .iter()
            .scan(0usize, |e, &(_, end)| {
                *e = (*e).max(end);
                Some(*e)
            })
            .collect();
        for (span, code) in data.hints.find(normalized) {
            // Mentions starting before the hint's end; one of them overlaps it when the largest
            // of their ends lies after the hint's start.
            let before = by_start.partition_point(|&(start, _)| start < span.end);
            if before > 0 && max_end[before - 1] > span.start {
                continue;
            }
            all.push(Mention {
                country: code,
                actor: None,
                surface: span.slice(normalized).unwrap_or_default().to_owned(),
                span,
                norm_span: span,
                kind: citra_model::MentionKind::Demonym,
                confidence: 0.5,
                tone: None,
            });
        }
        let mentions = &all[..];
        if mentions.is_empty() && author_country.is_none() {
            // Nothing to code and no mention to give themes to (most posts): only the sentences
            // too long to code in full are reported, as the full pass below reports them.
            let mut out = Coded::default();
            let map_ok = map.derived_len() == normalized.len();
            // No sentence is longer than the text.
            let sents =
                if normalized.len() > MAX_WORDS { sentences(normalized) } else { Vec::new() };
            for sent in sents {
                let Some(stext) = sent.slice(normalized) else { continue };
                // A word is a byte at least: a sentence of MAX_WORDS bytes or fewer has no
                // more words than that (most posts: no need to find the words).
                if stext.len() > MAX_WORDS && words(stext).len() > MAX_WORDS {
                    out.diagnostics.push(truncated(if map_ok {
                        map.span_to_original(sent)
                    } else {
                        sent
                    }));
                }
            }
            return out;
        }
        // Mention indices by start: each sentence reads only the mentions that start in it.
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (mentions[i].norm_span.start, i));
        let mut out = Coded { themes: vec![Vec::new(); n_real], ..Coded::default() };
        let map_ok = map.derived_len() == normalized.len();
        if !map_ok && !mentions.is_empty() {
            out.diagnostics.push(Diagnostic::new(
                STAGE,
                "offset-map-mismatch",
                Severity::Warning,
                "the offset map does not fit the normalized text; spans are normalized offsets",
            ));
        }
        let to_orig = |s: Span| if map_ok { map.span_to_original(s) } else { s };
        let mut doc_themes: BTreeSet<String> = BTreeSet::new();
        let mut themed = vec![false; n_real];
        for sent in sentences(normalized) {
            let Some(stext) = sent.slice(normalized) else { continue };
            let mut spans = words(stext);
            if spans.len() > MAX_WORDS {
                spans.truncate(MAX_WORDS);
                out.diagnostics.push(truncated(to_orig(sent)));
            }
            let toks: Vec<String> = spans
                .iter()
                .map(|s| {
                    let w = s.slice(stext).unwrap_or("");
                    let mut l = String::with_capacity(w.len());
                    push_lowercase(w, &mut l);
                    l
                })
                .collect();
            let abs = |i: usize| {
                spans.get(i).map(|s| Span::new(sent.start + s.start, sent.start + s.end))
            };
            // Mentions inside the sentence, as word ranges.
            let mut ments: Vec<Ment> = Vec::new();
            let first = order.partition_point(|&i| mentions[i].norm_span.start < sent.start);
            for &idx in &order[first..] {
                let m = &mentions[idx];
                let ns = m.norm_span;
                if ns.start >= sent.end {
                    break;
                }
                if ns.start < sent.start || ns.end > sent.end || ns.is_empty() {
                    continue;
                }
                let (rs, re) = (ns.start - sent.start, ns.end - sent.start);
                let ws = spans.iter().position(|s| s.end > rs);
                let we = spans.iter().rposition(|s| s.start < re);
                if let (Some(a), Some(b)) = (ws, we)
                    && a <= b
                {
                    ments.push(Ment { idx, start: a, end: b + 1 });
                }
            }
            ments.sort_by_key(|m| (m.start, m.idx));
            let mut in_mention = vec![false; toks.len()];
            for m in &ments {
                for f in in_mention.iter_mut().take(m.end).skip(m.start) {
                    *f = true;
                }
            }
            // Themes of the sentence.
            let sthemes = themes_of(lx, &toks);
            doc_themes.extend(sthemes.iter().cloned());
            if !sthemes.is_empty() {
                for m in &ments {
                    if let (Some(t), Some(f)) = (out.themes.get_mut(m.idx), themed.get_mut(m.idx)) {
                        t.extend(sthemes.iter().cloned());
                        *f = true;
                    }
                }
            }
            if ments.is_empty() && author_country.is_none() {
                continue;
            }
            let punct_before = |i: usize| -> bool {
                let prev_end = if i == 0 { 0 } else { spans.get(i - 1).map_or(0, |s| s.end) };
                let start = spans.get(i).map_or(stext.len(), |s| s.start);
                stext.get(prev_end..start).is_some_and(|g| g.contains([',', ';', ':', '(', ')']))
            };
            let mut trig = find_triggers(lx, &toks, &in_mention);
            apply_modifiers(lx, lang, &toks, &mut trig, &punct_before);
            absorb_controls_and_nominals(lx, lang, &toks, &mut trig, &punct_before);
            let live: Vec<Trigger> = trig.into_iter().filter(|t| !t.absorbed).collect();
            let events = assign_roles(
                lx,
                lang,
                &toks,
                &ments,
                mentions,
                &live,
                author_country,
                &punct_before,
            );
            for (t, src, tgt, mention) in events {
                let code = t.code.clone();
                let Some((root, quad)) = ActionCoder::classify(&code) else { continue };
                let trigger = match (abs(t.start), abs(t.end.saturating_sub(1))) {
                    (Some(a), Some(b)) => Span::new(a.start, b.end),
                    _ => continue,
                };
                out.events.push(Event {
                    source: src,
                    target: tgt,
                    code,
                    root,
                    quad,
                    goldstein: if t.negated { 0.0 } else { data.goldstein(&t.code) },
                    negated: t.negated,
                    sentence: to_orig(sent),
                    trigger: to_orig(trigger),
                    mention: mention.filter(|&i| i < n_real),
                });
            }
        }
        // One act is one event: a country named twice around the same verb ("The United States
        // (US) sanctions Iran") gave the same event twice, counted twice in every dyad.
        let mut seen = std::collections::HashSet::new();
        out.events.retain(|e| {
            seen.insert((
                e.source.clone(),
                e.target.clone(),
                e.code.clone(),
                e.trigger.start,
                e.trigger.end,
                e.negated,
            ))
        });
        for (i, t) in out.themes.iter_mut().enumerate() {
            if !themed[i] {
                t.extend(doc_themes.iter().cloned());
            }
            t.sort();
            t.dedup();
        }
        out
    }
}

/// The diagnostic of a sentence over [`MAX_WORDS`] words, coded on its first ones.
fn truncated(sentence: Span) -> Diagnostic {
    Diagnostic::new(
        STAGE,
        "sentence-truncated",
        Severity::Info,
        format!("a sentence over {MAX_WORDS} words was coded on its first ones"),
    )
    .at(sentence)
}

/// Themes whose patterns occur in the words.
fn themes_of(lx: &Lexicon, toks: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, w) in toks.iter().enumerate() {
        let Some(b) = w.as_bytes().first() else { continue };
        for &ti in lx.themes_by_byte.get(b).into_iter().flatten() {
            let (theme, p) = &lx.themes[ti];
            if p.may_start(w) && !out.contains(theme) && p.match_at(toks, i, &|_| false).is_some() {
                out.insert(theme.clone());
            }
        }
    }
    out
}

/// The triggers of a sentence, left to right, the most specific pattern at each place.
fn find_triggers(lx: &Lexicon, toks: &[String], in_mention: &[bool]) -> Vec<Trigger> {
    let blocked = |j: usize| in_mention.get(j).copied().unwrap_or(true);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if blocked(i) {
            i += 1;
            continue;
        }
        let first = toks[i].as_bytes().first().copied();
        let cands =
            first.and_then(|b| lx.by_byte.get(&b)).into_iter().flatten().chain(lx.any.iter());
        let mut best: Option<(usize, usize, usize, &str)> = None; // (words, chars, end, code)
        for &vi in cands {
            let v = &lx.verbs[vi];
            if !v.pattern.may_start(&toks[i]) {
                continue;
            }
            if let Some(end) = v.pattern.match_at(toks, i, &blocked) {
                let key = (v.pattern.words, v.pattern.chars);
                if best.is_none_or(|(w, c, _, _)| key > (w, c)) {
                    best = Some((key.0, key.1, end, v.code.as_str()));
                }
            }
        }
        let best_len = best.map_or(0, |b| b.2 - i);
        let report = lx
            .mods
            .iter()
            .filter(|(k, p)| *k == ModKind::Report && p.may_start(&toks[i]))
            .filter_map(|(_, p)| p.match_at(toks, i, &blocked))
            .max()
            .filter(|&end| end - i > best_len);
        if let Some(end) = report {
            out.push(Trigger {
                start: i,
                end,
                code: String::new(),
                negated: false,
                refused: false,
                future: false,
                passive: false,
                absorbed: false,
            });
            i = end;
            continue;
        }
        match best {
            Some((_, _, end, code)) if end > i => {
                out.push(Trigger {
                    start: i,
                    end,
                    code: code.to_owned(),
                    negated: false,
                    refused: false,
                    future: false,
                    passive: false,
                    absorbed: false,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Words that introduce an infinitive or a clause (a trigger after one is a verb of its own).
fn is_clause_word(w: &str, lang: Lang) -> bool {
    match lang {
        Lang::Spa => matches!(w, "que" | "para" | "a" | "quien" | "quienes" | "cual"),
        Lang::Ind | Lang::Msa => matches!(w, "untuk" | "bahwa" | "yang" | "agar" | "supaya"),
        _ => matches!(w, "to" | "that" | "who" | "which" | "whom"),
    }
}

/// Words that open an adverbial clause (its actors are not the verb's targets).
fn is_subordinator(w: &str) -> bool {
    matches!(
        w,
        "after"
            | "before"
            | "when"
            | "while"
            | "because"
            | "despite"
            | "since"
            | "until"
            | "unless"
            | "although"
            | "setelah"
            | "sebelum"
            | "ketika"
            | "saat"
            | "karena"
            | "meskipun"
            | "sejak"
            | "hingga"
            | "sampai"
            | "después"
            | "antes"
            | "cuando"
            | "mientras"
            | "porque"
            | "aunque"
            | "desde"
            | "hasta"
    )
}

/// Words that may stand between a subject and its verb ("Mexico has also not paid").
fn is_subject_gap(w: &str) -> bool {
    w.ends_with("ly")
        || matches!(
            w,
            "has"
                | "have"
                | "had"
                | "also"
                | "again"
                | "not"
                | "never"
                | "will"
                | "would"
                | "could"
                | "may"
                | "might"
                | "is"
                | "are"
                | "was"
                | "were"
                | "been"
                | "be"
                | "did"
                | "does"
                | "do"
                | "today"
                | "now"
                | "then"
                | "still"
                | "telah"
                | "sudah"
                | "akan"
                | "juga"
                | "tidak"
                | "sedang"
                | "belum"
                | "pun"
                | "ha"
                | "han"
                | "había"
                | "habían"
                | "también"
                | "no"
                | "ya"
                | "se"
                | "hoy"
        )
}

/// Two rules between neighbouring triggers A → B in one clause:
/// - a control verb of intent (root 03: "agreed … to provide", "offered … to send") before an
///   infinitive trigger makes B a stated intention (B recoded as future) and is absorbed;
/// - a noun trigger in A's object ("rejected a U.S. request", "condemned an attack by …") is
///   absorbed by A, so the actors around it are A's targets.
fn absorb_controls_and_nominals(
    _lx: &Lexicon,
    lang: Lang,
    toks: &[String],
    trig: &mut [Trigger],
    punct_before: &dyn Fn(usize) -> bool,
) {
    let mut a = 0usize;
    for b in 1..trig.len() {
        if trig[a].absorbed {
            a = b;
            continue;
        }
        if trig[b].absorbed {
            continue;
        }
        if trig[a].code.is_empty() || trig[b].code.is_empty() {
            a = b;
            continue;
        }
        let (ae, bs) = (trig[a].end, trig[b].start);
        let no_break = (ae..=bs).all(|i| i == ae || !punct_before(i));
        let between = toks.get(ae..bs).unwrap_or(&[]);
        let a_root = ActionCoder::classify(&trig[a].code).map(|r| r.0).unwrap_or(0);
        let to_before_b = bs > 0 && toks.get(bs - 1).is_some_and(|w| is_clause_word(w, lang));
        let modified_b = trig[b].negated || trig[b].future || trig[b].refused;
        if no_break && a_root == 3 && to_before_b && bs - ae <= 8 && !trig[a].negated && !modified_b
        {
            trig[a].absorbed = true;
            if let Some((root, _)) = ActionCoder::classify(&trig[b].code) {
                trig[b].future = true;
                trig[b].code = recode_future(&trig[b].code, root);
            }
            a = b;
            continue;
        }
        let nominal = no_break
            && bs - ae <= 6
            && !modified_b
            && !between.iter().any(|w| is_clause_word(w, lang));
        if nominal {
            trig[b].absorbed = true;
            continue;
        }
        a = b;
    }
}

/// Spanish synthetic future and conditional endings ("construirá", "atacaría").
fn spanish_future(word: &str) -> bool {
    ["rá", "rán", "ré", "rás", "remos", "ría", "rían", "ríamos"].iter().any(|e| word.ends_with(e))
}

/// Reads negation, future/modality, refusal and passive before each trigger, then recodes:
/// refused cooperation becomes a rejection (12x); a future or possible material conflict
/// becomes a threat (13x); a future material cooperation becomes an intent (03x); negated
/// actions are marked. Control verbs ("agree to", "threaten to") that modify a following
/// trigger are absorbed into it.
fn apply_modifiers(
    lx: &Lexicon,
    lang: Lang,
    toks: &[String],
    trig: &mut [Trigger],
    punct_before: &dyn Fn(usize) -> bool,
) {
    for k in 0..trig.len() {
        let (ts, te) = (trig[k].start, trig[k].end);
        // The window: up to WINDOW words back, not across clause punctuation. It may reach
        // into the previous trigger: a control verb ("refuses to", "se niega a") is one.
        let mut ws = ts;
        while ws > 0 && ts - ws < WINDOW && !punct_before(ws) {
            ws -= 1;
        }
        let mut absorb_prev = false;
        for (kind, p) in &lx.mods {
            for s in ws..ts {
                let Some(end) = p.match_at(toks, s, &|_| false) else { continue };
                if end > ts {
                    continue;
                }
                match kind {
                    ModKind::Neg => trig[k].negated = true,
                    ModKind::Future => trig[k].future = true,
                    ModKind::Refuse => trig[k].refused = true,
                    ModKind::Passive => {
                        trig[k].passive = toks.get(te).is_none_or(|w| w != "to");
                    }
                    ModKind::Agent | ModKind::Coord | ModKind::Report => continue,
                }
                if matches!(kind, ModKind::Future | ModKind::Refuse)
                    && k > 0
                    && trig[k - 1].start >= s
                    && trig[k - 1].end <= end.max(trig[k - 1].end)
                    && trig[k - 1].start < end
                {
                    absorb_prev = true;
                }
            }
        }
        if lang == Lang::Spa && toks.get(ts).is_some_and(|w| spanish_future(w)) {
            trig[k].future = true;
        }
        if absorb_prev {
            trig[k - 1].absorbed = true;
            // A negation of the control verb carries over ("did not agree to attack").
            if trig[k - 1].negated {
                trig[k].negated = true;
            }
        }
        // "refuses to" read as a refusal, not a negation of what follows.
        let t = &mut trig[k];
        let Some((root, _)) = ActionCoder::classify(&t.code) else { continue };
        if t.refused {
            if root <= 8 {
                t.code = match root {
                    6..=8 if t.code.starts_with("07") => "1211".into(),
                    6..=8 => "121".into(),
                    4 => "125".into(),
                    _ => "120".into(),
                };
                t.negated = false;
            } else if root >= 14 {
                t.negated = true;
            }
        } else if t.negated {
            // stays coded, marked negated
        } else if t.future {
            t.code = recode_future(&t.code, root);
        }
    }
}

/// The code of a stated future (or possible) action.
fn recode_future(code: &str, root: u8) -> String {
    let c = match root {
        4 => "036",
        5 => "030",
        6 => "031",
        7 => "033",
        8 => "035",
        14 => "133",
        15 => "138",
        16 => match code.get(..3) {
            Some("161") => "1313",
            Some("162") => "1311",
            Some("163") => "1312",
            Some("164") => "134",
            Some("165") => "135",
            Some("166") => "136",
            _ => "131",
        },
        17 => match code.get(..3) {
            Some("172") => "132",
            Some("173") | Some("174") => "137",
            _ => "130",
        },
        18 => "138",
        19 => match code.get(..3) {
            Some("191") => "1381",
            Some("192") => "1382",
            _ => "1384",
        },
        20 => "1385",
        _ => return code.to_owned(),
    };
    c.to_owned()
}

type Coded1 = (Trigger, String, String, Option<usize>);
/// An actor in a role: its code and the index of its mention, if it is one.
type Role = (String, Option<usize>);

/// Who does what to whom: subjects are the mentions left of a trigger (back to the previous
/// trigger or a clause break), targets the mentions right of it (up to the next trigger's
/// subject); passives with an agent ("was attacked by X") swap them.
#[allow(clippy::too_many_arguments)]
fn assign_roles(
    lx: &Lexicon,
    lang: Lang,
    toks: &[String],
    ments: &[Ment],
    mentions: &[Mention],
    trig: &[Trigger],
    author: Option<&str>,
    punct_before: &dyn Fn(usize) -> bool,
) -> Vec<Coded1> {
    let is_kind = |kind: ModKind, i: usize| {
        lx.mods.iter().any(|(k, p)| *k == kind && p.match_at(toks, i, &|_| false) == Some(i + 1))
    };
    let complementizer = |i: usize| {
        toks.get(i).is_some_and(|w| is_clause_word(w, lang) && !matches!(w.as_str(), "to" | "a"))
    };
    let infinitive_before = |i: usize| {
        i > 0
            && toks.get(i - 1).is_some_and(|w| matches!(w.as_str(), "to" | "untuk" | "a" | "para"))
    };
    let code_of = |m: &Ment| mentions.get(m.idx).map(|x| x.country.clone()).unwrap_or_default();
    // The one country of a sentence that names only one: an unnamed actor is taken as domestic.
    let codes: BTreeSet<String> = ments.iter().map(code_of).collect();
    let sole: Option<String> = (codes.len() == 1).then(|| codes.iter().next().cloned()).flatten();
    let fallback = |main: &Option<(String, Option<usize>)>| -> (String, Option<usize>) {
        if let Some(m) = main {
            return m.clone();
        }
        let code = author.map(str::to_owned).or_else(|| sole.clone());
        (code.unwrap_or_else(|| "---".to_owned()), None)
    };
    let mut out = Vec::new();
    let mut main_subject: Option<(String, Option<usize>)> = None;
    // Split points between triggers: mentions before the split are the previous trigger's
    // targets, after it the next trigger's subjects.
    let mut splits = Vec::with_capacity(trig.len() + 1);
    for k in 0..=trig.len() {
        let lo = if k == 0 { 0 } else { trig[k - 1].end };
        let hi = trig.get(k).map_or(toks.len(), |t| t.start);
        let split = if k == 0 {
            0
        } else if k == trig.len() {
            hi
        } else {
            // Last clause break in (lo, hi] not inside a list of mentions.
            let mut s = hi;
            let mut found = punct_before(hi) || infinitive_before(hi);
            for i in (lo + 1..hi).rev() {
                if found {
                    break;
                }
                let next_is_mention = ments.iter().any(|m| m.start == i);
                if (punct_before(i) && !next_is_mention) || complementizer(i) {
                    s = i;
                    found = true;
                    break;
                }
            }
            if found {
                s
            } else {
                // No break: a mention right before the trigger (within two words) is its
                // subject ("… said Gondor attacked"), the rest are the previous targets.
                let last = ments.iter().rfind(|m| m.start >= lo && m.end <= hi);
                match last {
                    Some(m)
                        if hi - m.end <= 3
                            && (m.end..hi)
                                .all(|i| toks.get(i).is_some_and(|w| is_subject_gap(w)))
                            && !is_kind(ModKind::Agent, m.start.saturating_sub(1)) =>
                    {
                        let mut s = m.start;
                        // Take the whole coordinated group ("Gondor and Osgiliath have").
                        while let Some(p) = ments.iter().rfind(|x| x.end <= s && x.start >= lo) {
                            let gap_coord =
                                (p.end..s).all(|i| is_kind(ModKind::Coord, i) || punct_before(i));
                            if gap_coord && s - p.end <= 1 {
                                s = p.start;
                            } else {
                                break;
                            }
                        }
                        s
                    }
                    _ => hi,
                }
            }
        };
        splits.push(split.clamp(lo, hi.max(lo)));
    }
    for (k, t) in trig.iter().enumerate() {
        let lo = if k == 0 { 0 } else { trig[k - 1].end };
        let left_from = splits[k].max(lo);
        let right_to = splits.get(k + 1).copied().unwrap_or(toks.len());
        let subj: Vec<&Ment> =
            ments.iter().filter(|m| m.start >= left_from && m.end <= t.start).collect();
        // Passive agent / nominal agent: "by X" right after the trigger.
        let mut agent: Option<&Ment> = None;
        let adverb = toks.get(t.end).is_some_and(|w| w.ends_with("ly"));
        let by_at = if adverb { t.end + 1 } else { t.end };
        for i in by_at..(by_at + 1).min(toks.len()) {
            if is_kind(ModKind::Agent, i) {
                agent = ments.iter().find(|m| m.start > i && m.start <= i + 3 && m.end <= right_to);
                break;
            }
        }
        let t_root = ActionCoder::classify(&t.code).map_or(0, |r| r.0);
        let right_to = if matches!(t_root, 2 | 10) {
            trig.get(k + 1).map_or(toks.len(), |n| n.start)
        } else {
            right_to
        };
        // The object region ends at a clause break (not a list of actors) or a subordinator
        // once it holds a target: "ties with Gondor, five years after Calenardhon crowds …".
        let mut right_to = right_to;
        for i in t.end + 1..right_to {
            let has_target = ments.iter().any(|m| m.start >= t.end && m.end <= i);
            let list_goes_on = ments.iter().any(|m| m.start == i);
            let brk = (punct_before(i) && !list_goes_on)
                || toks.get(i).is_some_and(|w| is_subordinator(w));
            if has_target && brk {
                right_to = i;
                break;
            }
        }
        let right: Vec<&Ment> = ments
            .iter()
            .filter(|m| m.start >= t.end && m.end <= right_to.max(t.end))
            .filter(|m| agent.is_none_or(|a| a.idx != m.idx))
            .collect();
        let main_before = main_subject.clone();
        // Coordinated verb: "condemned … and promised …" keeps the clause's subject.
        let coord_gap = k > 0
            && subj.is_empty()
            && (trig[k - 1].end..t.start).any(|i| is_kind(ModKind::Coord, i));
        let (sources, targets): (Vec<Role>, Vec<Role>) = if let Some(a) = agent {
            let src = vec![(code_of(a), Some(a.idx))];
            let tg: Vec<_> = if t.passive {
                subj.iter().map(|m| (code_of(m), Some(m.idx))).collect()
            } else {
                right.iter().map(|m| (code_of(m), Some(m.idx))).collect()
            };
            (src, tg)
        } else if t.passive && !subj.is_empty() && right.is_empty() {
            let src = fallback(&main_subject);
            (vec![src], subj.iter().map(|m| (code_of(m), Some(m.idx))).collect())
        } else {
            let src: Vec<_> = if !subj.is_empty() {
                let v: Vec<_> = subj.iter().map(|m| (code_of(m), Some(m.idx))).collect();
                main_subject = v.first().cloned();
                v
            } else if coord_gap || main_subject.is_some() {
                vec![fallback(&main_subject)]
            } else {
                vec![fallback(&None)]
            };
            (src, right.iter().map(|m| (code_of(m), Some(m.idx))).collect())
        };
        // "X said Y must …": a demand of the speaker on Y.
        let modal_demand = toks.get(t.start).is_some_and(|w| {
            matches!(w.as_str(), "must" | "harus" | "debe" | "deben" | "debería" | "deberían")
        });
        let (sources, targets) = match (&main_before, modal_demand, subj.is_empty()) {
            (Some(speaker), true, false) if agent.is_none() => (
                vec![speaker.clone()],
                subj.iter().map(|m| (code_of(m), Some(m.idx))).chain(targets).collect(),
            ),
            _ => (sources, targets),
        };
        let mut pairs: Vec<(String, Option<usize>, String, Option<usize>)> = Vec::new();
        if targets.is_empty() {
            let distinct: BTreeSet<&String> = sources.iter().map(|s| &s.0).collect();
            if distinct.len() >= 2 {
                // Reciprocal: "Bosnia and Slovenia agreed to a ceasefire".
                for a in &sources {
                    for b in &sources {
                        if a.0 != b.0 {
                            pairs.push((a.0.clone(), a.1, b.0.clone(), b.1));
                        }
                    }
                }
            } else if let Some(s) = sources.first()
                && s.1.is_some()
            {
                let tgt = author
                    .filter(|a| *a != s.0)
                    .map(str::to_owned)
                    .or_else(|| sole.clone())
                    .unwrap_or_else(|| "---".to_owned());
                pairs.push((s.0.clone(), s.1, tgt, None));
            }
        } else {
            for s in &sources {
                for tg in &targets {
                    if s.1.is_some() && s.1 == tg.1 {
                        continue;
                    }
                    pairs.push((s.0.clone(), s.1, tg.0.clone(), tg.1));
                }
            }
        }
        for (s, si, tg, ti) in pairs {
            // A first-person speaker ("we", "kami", "nosotros") whose author is not known is
            // unknown, not the one country the sentence names: "We will build a wall on the
            // border with Mexico" is --- → MEX, not MEX → MEX. (An unnamed third-person actor
            // stays domestic, as news coding has it: "police arrested protesters in Hungary".)
            let first_person = toks
                .get(..t.start)
                .is_some_and(|before| before.iter().any(|w| FIRST_PERSON.contains(&w.as_str())));
            let s = if si.is_none() && s == tg && author != Some(s.as_str()) && first_person {
                "---".to_owned()
            } else {
                s
            };
            out.push((t.clone(), s, tg, ti.or(si)));
        }
    }
    out
}

#[cfg(test)]
mod tests;

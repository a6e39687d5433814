//! Evidence rules: word boundaries, case, country cues and ambiguous names.

use citra_model::Lang;

use crate::data::{AmbRule, CaseRule, Target};
use crate::fold::{Folded, fold};

/// A match that survived the rules; `reading` is `None` for a block phrase.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Folded byte offsets.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) reading: Option<(Target, citra_model::MentionKind, f32)>,
}

/// How the document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseMode {
    /// Upper and lower case both in use: capitals are evidence.
    Mixed,
    /// No capital letters at all (lower-cased corpora, casual posts).
    Lower,
    /// (Almost) all capitals: shouting.
    Upper,
}

pub(crate) enum CaseVerdict {
    /// Accept, with this confidence factor.
    Ok(f32),
    /// Accept only with a country cue nearby.
    NeedCue,
    /// Reject.
    No,
}

/// Per-document state for the rules.
pub(crate) struct Context<'a> {
    pub(crate) normalized: &'a str,
    pub(crate) folded: Folded,
    pub(crate) lang: Lang,
    pub(crate) mode: CaseMode,
    /// Folded byte ranges inside @handles and URLs.
    zones: Vec<(usize, usize)>,
}

/// Indonesian and Malay clitics and particles that may be glued after a name.
const ID_SUFFIXES: &[&str] = &["nya", "ku", "mu", "lah", "kah", "pun"];

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl<'a> Context<'a> {
    pub(crate) fn new(normalized: &'a str, lang: Lang) -> Context<'a> {
        let folded = fold(normalized);
        // Case evidence comes from the prose: URLs and handles are left out.
        let (mut upper, mut lower) = (0usize, 0usize);
        for tok in normalized.split_whitespace() {
            if tok.contains("://") || tok.starts_with("www.") || tok.starts_with('@') {
                continue;
            }
            for c in tok.chars() {
                if c.is_uppercase() {
                    upper += 1;
                } else if c.is_lowercase() {
                    lower += 1;
                }
            }
        }
        let mode = if upper == 0 {
            CaseMode::Lower
        } else if upper >= 8 && lower * 10 < upper {
            CaseMode::Upper
        } else {
            CaseMode::Mixed
        };
        let mut zones = Vec::new();
        let t = folded.text.as_str();
        let mut pos = 0;
        for tok in t.split_inclusive(char::is_whitespace) {
            let start = pos;
            pos += tok.len();
            let tok_t = tok.trim_end();
            if tok_t.contains("://") || tok_t.starts_with("www.") {
                zones.push((start, start + tok_t.len()));
            } else if let Some(at) = tok_t.find('@') {
                // "@handle" (but not an e-mail's domain part, which we also skip).
                let end = tok_t[at + 1..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(tok_t.len(), |e| at + 1 + e);
                zones.push((start + at, start + end));
            }
        }
        Context { normalized, folded, lang, mode, zones }
    }

    fn indonesian(&self) -> bool {
        matches!(self.lang, Lang::Ind | Lang::Msa | Lang::Jav | Lang::Sun | Lang::Und)
    }

    /// Word boundaries on both sides of folded `[start, end)`.
    pub(crate) fn boundaries(&self, start: usize, end: usize) -> bool {
        let t = self.folded.text.as_str();
        let (Some(head), Some(body), Some(tail)) =
            (t.get(..start), t.get(start..end), t.get(end..))
        else {
            return false;
        };
        let first_word = body.chars().next().is_some_and(is_word);
        let last_word = body.chars().next_back().is_some_and(is_word);
        if first_word && head.chars().next_back().is_some_and(is_word) {
            return false;
        }
        if last_word && tail.chars().next().is_some_and(is_word) {
            if !self.indonesian() {
                return false;
            }
            let rest: String = tail.chars().take_while(|&c| is_word(c)).collect();
            if !ID_SUFFIXES.contains(&rest.as_str()) {
                return false;
            }
        }
        true
    }

    pub(crate) fn in_skip_zone(&self, start: usize) -> bool {
        self.zones.iter().any(|&(s, e)| start >= s && start < e)
    }

    /// Checks a case rule on the surface (normalized text, whose case is the author's).
    pub(crate) fn case_ok(
        &self,
        rule: CaseRule,
        surface: &str,
        ns: usize,
        ne: usize,
        is_abbr: &dyn Fn(&str) -> bool,
    ) -> CaseVerdict {
        match (rule, self.mode) {
            (CaseRule::Any, _) => CaseVerdict::Ok(1.0),
            (CaseRule::Cap, CaseMode::Mixed) => {
                if surface.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase) {
                    CaseVerdict::Ok(1.0)
                } else {
                    CaseVerdict::No
                }
            }
            (CaseRule::Cap, _) => CaseVerdict::Ok(0.85),
            (CaseRule::Caps, CaseMode::Mixed) => {
                if surface.chars().any(char::is_lowercase) {
                    return CaseVerdict::No;
                }
                // "LET US GO": a neighbour in capitals that is no abbreviation means shouting.
                let shouting = |w: Option<&str>| {
                    w.is_some_and(|w| {
                        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                            && !w.chars().any(char::is_lowercase)
                            && !is_abbr(&w.to_lowercase())
                    })
                };
                if shouting(prev_word(self.normalized, ns))
                    || shouting(next_word(self.normalized, ne))
                {
                    CaseVerdict::NeedCue
                } else {
                    CaseVerdict::Ok(1.0)
                }
            }
            (CaseRule::Caps, _) => CaseVerdict::NeedCue,
        }
    }

    /// A country cue next to an abbreviation written without case evidence ("presiden as",
    /// "amerika serikat ( as )", "the US government").
    pub(crate) fn has_cue(&self, start: usize, end: usize, pattern: &str, abbr: bool) -> bool {
        let t = self.folded.text.as_str();
        let prev = prev_word(t, start).unwrap_or("");
        let next = next_word(t, end).unwrap_or("");
        match self.lang {
            Lang::Eng => {
                // English "us"/"uk" in lower case only as "the US <noun>".
                let nouns = [
                    "government",
                    "president",
                    "army",
                    "military",
                    "embassy",
                    "economy",
                    "dollar",
                    "election",
                    "senate",
                    "congress",
                    "officials",
                    "troops",
                    "administration",
                    "navy",
                    "forces",
                    "ambassador",
                ];
                prev == "the" && nouns.contains(&next)
            }
            _ => {
                if !abbr && pattern.len() > 3 {
                    return true;
                }
                let prev_cues = [
                    "presiden",
                    "pemerintah",
                    "negara",
                    "dubes",
                    "kedubes",
                    "kedutaan",
                    "menlu",
                    "militer",
                    "tentara",
                    "pasukan",
                    "senat",
                    "kongres",
                    "dolar",
                    "warga",
                    "besar",
                    "wapres",
                    "menteri",
                    "kementerian",
                    "sekutu",
                    "antara",
                    "dpr",
                    "mpr",
                    "kemlu",
                    "timnas",
                    "delegasi",
                    "utusan",
                    "gobierno",
                    "presidente",
                    "embajada",
                    "embajador",
                    "canciller",
                    "tropas",
                    "ejercito",
                ];
                let next_cues = ["dan", "serta", "y", "e"];
                if prev_cues.contains(&prev) || next_cues.contains(&next) {
                    return true;
                }
                // The full name just before: "amerika serikat ( as )".
                let before = t.get(..start).unwrap_or("");
                let lo = before.len().saturating_sub(40);
                let window = before.get(lo..).unwrap_or(before);
                let fulls: &[&str] = match pattern {
                    "as" | "us" | "eeuu" | "eua" => {
                        &["amerika serikat", "estados unidos", "united states"]
                    }
                    "ri" | "nkri" => &["republik indonesia", "indonesia"],
                    _ => &[],
                };
                fulls.iter().any(|f| window.contains(f))
            }
        }
    }

    /// Applies ambiguity rules; `Some(factor)` to keep with that confidence factor.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn ambiguity(
        &self,
        rules: &[AmbRule],
        surface: &str,
        ns: usize,
        ne: usize,
        start: usize,
        end: usize,
        is_name: &dyn Fn(&str) -> bool,
    ) -> Option<f32> {
        let mut f = 1.0;
        let capital = surface.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
        let t = self.folded.text.as_str();
        for rule in rules {
            match rule {
                AmbRule::Cap => match self.mode {
                    CaseMode::Mixed if !capital => return None,
                    CaseMode::Mixed => {}
                    _ => f *= 0.8,
                },
                AmbRule::CapCue => match self.mode {
                    CaseMode::Mixed if !capital => return None,
                    CaseMode::Mixed => {}
                    _ => {
                        if !self.has_cue(start, end, "", true) {
                            return None;
                        }
                    }
                },
                AmbRule::Person => {
                    if self.mode != CaseMode::Mixed {
                        f *= 0.8;
                        continue;
                    }
                    if !capital {
                        return None;
                    }
                    if person_context(self.normalized, ns, ne, is_name) {
                        return None;
                    }
                    f *= 0.85;
                }
                AmbRule::Georgia => {
                    // Country cues against US-state cues in the whole text; no cue at all
                    // keeps the country with a low confidence.
                    let pos = POS_CUES.iter().filter(|p| t.contains(*p)).count();
                    let neg = NEG_CUES.iter().filter(|p| t.contains(*p)).count();
                    match (pos, neg) {
                        (0, 0) => f *= 0.55,
                        (p, n) if p > n => f *= 0.9,
                        _ => return None,
                    }
                }
                AmbRule::Food => {
                    if self.mode == CaseMode::Mixed && !capital {
                        return None;
                    }
                    let cues = FOOD_CUES;
                    let lo = start.saturating_sub(60);
                    let hi = (end + 60).min(t.len());
                    let window = (lo..=start)
                        .find(|&i| t.is_char_boundary(i))
                        .and_then(|lo| {
                            let hi = (hi..=t.len()).find(|&i| t.is_char_boundary(i))?;
                            t.get(lo..hi)
                        })
                        .unwrap_or("");
                    let words: Vec<&str> = window
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect();
                    if cues.iter().any(|c| words.iter().any(|w| w.starts_with(c))) {
                        return None;
                    }
                    if self.mode != CaseMode::Mixed {
                        f *= 0.75;
                    }
                }
            }
        }
        Some(f)
    }
}

/// Title words that may precede a country name with a capital.
const TITLES: &[&str] = &[
    "king",
    "queen",
    "president",
    "presiden",
    "presidente",
    "prime",
    "minister",
    "raja",
    "rey",
    "kingdom",
    "republic",
    "hashemite",
    "of",
    "the",
    "in",
    "to",
    "from",
    "and",
    "visit",
    "visits",
    "north",
    "south",
    "west",
    "east",
    "central",
    "foreign",
    "embassy",
    "kedubes",
    "kedutaan",
    "republik",
    "negara",
    "república",
    "reino",
    "pm",
    "un",
    "u.n.",
    "with",
    "vs",
    "v",
    "via",
];

/// True when a capitalised neighbour makes the name part of a person's name
/// ("Michael Jordan", "Jordan Peterson", "Chad Johnson").
fn person_context(text: &str, ns: usize, ne: usize, is_name: &dyn Fn(&str) -> bool) -> bool {
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let plain = |w: &str| {
        let l = w.to_lowercase();
        !TITLES.contains(&l.as_str()) && !is_name(&l)
    };
    // Previous word, only when it is on the same clause (no punctuation between).
    let head = text.get(..ns).unwrap_or("");
    let gap_ok = head.chars().next_back().is_some_and(|c| c == ' ');
    if gap_ok
        && let Some(w) = prev_word(text, ns)
        && cap(w)
        && plain(w)
        && !sentence_start_before(text, ns - w.len().min(ns))
    {
        return true;
    }
    let tail = text.get(ne..).unwrap_or("");
    if tail.starts_with(' ')
        && let Some(w) = next_word(text, ne)
        && cap(w)
        && plain(w)
    {
        return true;
    }
    false
}

/// True when byte `i` of `text` starts a sentence (only spaces and a sentence end before it).
fn sentence_start_before(text: &str, i: usize) -> bool {
    let head = text.get(..i).unwrap_or("").trim_end();
    head.is_empty()
        || head.ends_with(['.', '!', '?', ':', '"', '\n', '“', '(', '['])
        || head.ends_with("RT")
}

/// The word just before byte `i` (skipping spaces), if any.
pub(crate) fn prev_word(text: &str, i: usize) -> Option<&str> {
    let head = text.get(..i)?.trim_end_matches([' ', '\t']);
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '\'')
        .last()
        .map(|(j, _)| j)?;
    head.get(start..).filter(|w| !w.is_empty())
}

/// The word just after byte `i` (skipping spaces), if any.
pub(crate) fn next_word(text: &str, i: usize) -> Option<&str> {
    let tail = text.get(i..)?.trim_start_matches([' ', '\t']);
    let end = tail
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
        .map_or(tail.len(), |(j, _)| j);
    tail.get(..end).filter(|w| !w.is_empty())
}

/// Where the hashtag holding original byte `i` starts, if `i` is inside one ("#Mexico",
/// "#MakeAmericaGreatAgain").
pub(crate) fn hashtag_start(original: &str, i: usize) -> Option<usize> {
    if original.get(i..).is_some_and(|t| t.starts_with(['#', '＃'])) {
        return Some(i);
    }
    let head = original.get(..i)?;
    for (j, c) in head.char_indices().rev() {
        if c == '#' || c == '＃' {
            return Some(j);
        }
        if !(c.is_alphanumeric() || c == '_') {
            return None;
        }
    }
    None
}

/// Handle mentions in the text whose handle is an actor's.
pub(crate) fn handles(
    ctx: &Context<'_>,
    lookup: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> Vec<Candidate> {
    let t = ctx.folded.text.as_str();
    let mut out = Vec::new();
    for (i, c) in t.char_indices() {
        if c != '@' {
            continue;
        }
        if t.get(..i).and_then(|h| h.chars().next_back()).is_some_and(|p| p.is_alphanumeric()) {
            continue; // e-mail address
        }
        let rest = t.get(i + 1..).unwrap_or("");
        let len =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len == 0 {
            continue;
        }
        if let Some((a, _)) = lookup(&rest[..len]) {
            out.push(Candidate {
                start: i,
                end: i + 1 + len,
                reading: Some((Target::Actor(a), citra_model::MentionKind::Handle, 0.9)),
            });
        }
    }
    out
}

/// Evidence that "Georgia" is the country.
#[rustfmt::skip]
const POS_CUES: &[&str] = &[
    "georgian",
    "tbilisi", "zourabichvili", "saakashvili", "georgian dream", "caucasus", "kaukasus",
    "caucaso", "abkhazia", "ossetia", "kavelashvili", "garibashvili", "kobakhidze",
    "batumi", "kutaisi", "armenia", "azerbaijan", "georgian government", "ivanishvili",
    "sokhumi", "prime minister", "kvirikashvili", "giorgi", "president of georgia", "georgia's president",
    "nato", "russia", "rusia", "kremlin", "eropa", "europe",
    "europa",
];

/// Evidence that "Georgia" is the US state.
#[rustfmt::skip]
const NEG_CUES: &[&str] = &[
    "atlanta", "savannah", "governor", "gov.", "kemp", "raffensperger",
    "ossoff", "warnock", "peach", "bulldogs", "augusta", "macon",
    "state of georgia", "georgia state", "alabama", "florida", "tennessee", "carolina",
    "texas", "ohio", "arizona", "pennsylvania", "michigan", "wisconsin",
    "nevada", "recount", "senate", "ga.", ", ga", "county",
    "athens, georgia", "u.s. state", "negara bagian", "estado de georgia", "congress", "runoff",
    "republican", "democrat", "dems", "gop", "kansas", "district",
    "handel", "6th", "voters", "primary", "midterm", "stacey abrams",
    "falcons", "braves", "hawks", "maga", "rally", "senator",
    "perdue", "election", "votes",
];

/// Words (prefixes) near "turkey"/"china" that mean food or tableware.
#[rustfmt::skip]
const FOOD_CUES: &[&str] = &[
    "thanksgiving", "roast", "stuffing", "gravy", "dinner", "sandwich",
    "meat", "cook", "oven", "bake", "recipe", "feast",
    "leftover", "carve", "ham", "chicken", "breast", "deli",
    "bacon", "porcelain", "plate", "dishes", "cabinet", "teacup",
    "tableware", "ceramic", "cup", "bone", "fine", "pattern",
    "cranberry", "pavo", "porcelana", "vajilla", "kalkun", "porselen",
];

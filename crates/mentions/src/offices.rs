//! Offices named by title ("Presiden RI", "the Mexican president", "Secretary of State") and
//! the words that mark a former holder ("mantan", "former", "expresidente").

use crate::registry::RoleKind;

/// Titles written before the country: "Presiden AS", "President of Mexico", "el presidente
/// de México", "Menlu RI".
const BEFORE: &[(&str, RoleKind)] = &[
    ("presiden", RoleKind::HeadOfState),
    ("president", RoleKind::HeadOfState),
    ("presidente", RoleKind::HeadOfState),
    ("presidenta", RoleKind::HeadOfState),
    ("raja", RoleKind::HeadOfState),
    ("king", RoleKind::HeadOfState),
    ("rey", RoleKind::HeadOfState),
    ("perdana menteri", RoleKind::HeadOfGovernment),
    ("pm", RoleKind::HeadOfGovernment),
    ("prime minister", RoleKind::HeadOfGovernment),
    ("primer ministro", RoleKind::HeadOfGovernment),
    ("primera ministra", RoleKind::HeadOfGovernment),
    ("kanselir", RoleKind::HeadOfGovernment),
    ("menlu", RoleKind::ForeignMinister),
    ("menteri luar negeri", RoleKind::ForeignMinister),
    ("foreign minister", RoleKind::ForeignMinister),
    ("canciller", RoleKind::ForeignMinister),
    ("ministro de relaciones exteriores", RoleKind::ForeignMinister),
    ("ministro de asuntos exteriores", RoleKind::ForeignMinister),
    ("secretario de relaciones exteriores", RoleKind::ForeignMinister),
    ("kemlu", RoleKind::ForeignMinistry),
    ("kementerian luar negeri", RoleKind::ForeignMinistry),
];

/// Words allowed between a title written before and its country.
const BEFORE_GLUE: &[&str] = &[" ", " of ", " of the ", " de ", " del ", " de la ", " de los "];

/// Titles written after the country: "US President", "Mexico's president", "Mexican
/// president", "Indonesian Foreign Minister".
const AFTER: &[(&str, RoleKind)] = &[
    ("president", RoleKind::HeadOfState),
    ("king", RoleKind::HeadOfState),
    ("prime minister", RoleKind::HeadOfGovernment),
    ("pm", RoleKind::HeadOfGovernment),
    ("chancellor", RoleKind::HeadOfGovernment),
    ("foreign minister", RoleKind::ForeignMinister),
    ("foreign secretary", RoleKind::ForeignMinister),
    ("foreign ministry", RoleKind::ForeignMinistry),
];

/// Words allowed between a country and a title written after it.
const AFTER_GLUE: &[&str] = &[" ", "'s ", "’s "];

/// The US secretary of state, named without the country.
const STANDALONE: &[(&str, RoleKind, &str)] = &[
    ("secretary of state", RoleKind::ForeignMinister, "USA"),
    ("secretario de estado", RoleKind::ForeignMinister, "USA"),
];

/// Words before a title that make it another office ("Wakil Presiden", "vice president").
const DEPUTY: &[&str] = &["wakil", "vice", "deputy"];

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// ASCII-case-insensitive `text[..end]` ends with `pat` at a word boundary.
fn ends_with_word(text: &str, end: usize, pat: &str) -> Option<usize> {
    let start = end.checked_sub(pat.len())?;
    let s = text.get(start..end)?;
    if !s.eq_ignore_ascii_case(pat) {
        return None;
    }
    let head = text.get(..start)?;
    if head.chars().next_back().is_some_and(is_word) {
        return None;
    }
    if DEPUTY.iter().any(|d| {
        let h = head.trim_end();
        h.len() >= d.len()
            && h.get(h.len() - d.len()..).is_some_and(|w| w.eq_ignore_ascii_case(d))
            && !h[..h.len() - d.len()].chars().next_back().is_some_and(is_word)
    }) {
        return None;
    }
    Some(start)
}

/// ASCII-case-insensitive `text[start..]` starts with `pat` at a word boundary.
fn starts_with_word(text: &str, start: usize, pat: &str) -> Option<usize> {
    let end = start.checked_add(pat.len())?;
    let s = text.get(start..end)?;
    if !s.eq_ignore_ascii_case(pat) {
        return None;
    }
    if text.get(end..)?.chars().next().is_some_and(is_word) {
        return None;
    }
    Some(end)
}

/// A title written before the country mention starting at normalized byte `cs`:
/// `(title start, title end, role)`.
pub(crate) fn before(text: &str, cs: usize) -> Option<(usize, usize, RoleKind)> {
    for glue in BEFORE_GLUE {
        let Some(te) = cs.checked_sub(glue.len()) else { continue };
        if !text.get(te..cs).is_some_and(|g| g.eq_ignore_ascii_case(glue)) {
            continue;
        }
        // Longest title first ("perdana menteri" before "menteri").
        let mut best: Option<(usize, usize, RoleKind)> = None;
        for (t, role) in BEFORE {
            if let Some(ts) = ends_with_word(text, te, t)
                && best.is_none_or(|(bs, _, _)| ts < bs)
            {
                best = Some((ts, te, *role));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A title written after the country mention ending at normalized byte `ce`.
pub(crate) fn after(text: &str, ce: usize, country: &str) -> Option<(usize, usize, RoleKind)> {
    for glue in AFTER_GLUE {
        let ts = ce + glue.len();
        if !text.get(ce..ts).is_some_and(|g| g.eq_ignore_ascii_case(glue)) {
            continue;
        }
        let mut best: Option<(usize, usize, RoleKind)> = None;
        let us_secretary = [("secretary of state", RoleKind::ForeignMinister)];
        let extra: &[(&str, RoleKind)] = if country == "USA" { &us_secretary } else { &[] };
        for (t, role) in AFTER.iter().chain(extra) {
            if let Some(te) = starts_with_word(text, ts, t)
                && best.is_none_or(|(_, be, _)| te > be)
            {
                best = Some((ts, te, *role));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// "Secretary of State" and the like anywhere in the text: `(start, end, role, country)`.
pub(crate) fn standalone(text: &str) -> Vec<(usize, usize, RoleKind, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (pat, role, country) in STANDALONE {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|t| t.find(pat)) {
            let s = from + i;
            from = s + pat.len();
            let head_ok =
                !lower.get(..s).is_some_and(|h| h.chars().next_back().is_some_and(is_word));
            let Some(e) = starts_with_word(&lower, s, pat) else { continue };
            // "Secretary of State for Foreign Affairs" is British; "for Health" domestic.
            let tail = lower.get(e..).unwrap_or("");
            if !head_ok || tail.starts_with(" for ") || tail.starts_with(" para ") {
                continue;
            }
            out.push((s, e, *role, *country));
        }
    }
    out
}

/// The role a title names, when `surface` is one ("Presiden", "president", "Secretary of
/// State").
pub(crate) fn title_role(surface: &str) -> Option<RoleKind> {
    let s = surface.trim();
    BEFORE
        .iter()
        .chain(AFTER)
        .map(|&(t, r)| (t, r))
        .chain(STANDALONE.iter().map(|&(t, r, _)| (t, r)))
        .find(|(t, _)| t.eq_ignore_ascii_case(s))
        .map(|(_, r)| r)
}

/// Words that mark a former holder.
const FORMER: &[&str] = &[
    "mantan",
    "eks",
    "bekas",
    "former",
    "ex",
    "expresidente",
    "expresidenta",
    "excanciller",
    "exsecretario",
    "exsecretaria",
    "exministro",
    "exministra",
    "exmandatario",
    "exmandataria",
    "exprimer",
    "expremier",
    "exrey",
];

/// Words that may stand between a former-marker and the name ("mantan Presiden AS Trump").
const BETWEEN: &[&str] = &[
    "presiden",
    "president",
    "presidente",
    "presidenta",
    "mandatario",
    "mandataria",
    "menlu",
    "pm",
    "perdana",
    "menteri",
    "prime",
    "minister",
    "ministro",
    "ministra",
    "luar",
    "negeri",
    "foreign",
    "secretary",
    "secretario",
    "secretaria",
    "of",
    "state",
    "estado",
    "de",
    "del",
    "el",
    "la",
    "the",
    "canciller",
    "raja",
    "king",
    "rey",
    "chancellor",
    "kanselir",
    "premier",
    "primer",
    "relaciones",
    "exteriores",
    "us",
    "u.s",
    "u.s.",
    "as",
    "ri",
    "dan",
    "and",
    "y",
];

/// What the words before a mention say: (a former holder?, the role a title names).
pub(crate) fn context_before(original: &str, start: usize) -> (bool, Option<RoleKind>) {
    let head = original.get(..start).unwrap_or("");
    let lo = (head.len().saturating_sub(80)..=head.len())
        .find(|&i| head.is_char_boundary(i))
        .unwrap_or(head.len());
    let window = head.get(lo..).unwrap_or("");
    let mut hint = None;
    let mut words = window.split_whitespace().rev();
    for _ in 0..6 {
        let Some(w) = words.next() else { break };
        let w = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'));
        let lw = w.to_lowercase();
        let lw = lw.trim_end_matches('.');
        let bare = lw.strip_prefix("ex-").or_else(|| lw.strip_prefix("ex")).unwrap_or(lw);
        if hint.is_none() {
            hint = title_role(lw).or_else(|| title_role(bare));
        }
        if FORMER.contains(&lw)
            || (lw.starts_with("ex-") && lw.len() > 3)
            || (lw.starts_with("ex") && bare != lw && BETWEEN.contains(&bare))
        {
            return (true, hint);
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !(BETWEEN.contains(&lw) || capital) {
            break;
        }
    }
    (false, hint)
}

//! Evidence rules: word boundaries, case, country cues and ambiguous names.

use citra_model::Lang;
use citra_model::segment::{is_alphabetic as seg_is_alpha, is_alphanumeric as seg_is_alnum};
use std::cell::OnceCell;

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
    /// The text's case, found when a rule first asks (most texts name no place).
    mode: OnceCell<CaseMode>,
}

/// Indonesian and Malay clitics and particles that may be glued after a name.
const ID_SUFFIXES: &[&str] = &["nya", "ku", "mu", "lah", "kah", "pun"];

/// Korean particles and endings that may be glued after a name ("미국과", "러시아의", "중국산").
#[rustfmt::skip]
const KO_SUFFIXES: &[&str] = &[
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에는", "에도", "에서는", "에서의",
    "와", "과", "와의", "과의", "도", "만", "로", "으로", "로서", "으로서", "로부터", "으로부터",
    "까지", "부터", "보다", "처럼", "이다", "이며", "이나", "나", "랑", "이랑", "하고", "측", "산",
    "인", "인들", "군", "정부", "대사관", "대통령", "총리", "쪽", "제", "행", "발",
];

/// The longest suffix above, in chars, with room to spare.
const MAX_SUFFIX_CHARS: usize = 8;

/// Letters that Arabic and Hebrew write glued before a word: "and", "in/with", "to/for", "so",
/// "like"; Hebrew also "the", "from", "that".
const AR_PREFIXES: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];
const HE_PREFIXES: &[char] = &['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ'];

/// A character that continues a word: letters, digits, marks (Devanagari vowel signs, the
/// virama) and the underscore of identifiers and handles ("Jim_Jordan").
fn is_word(c: char) -> bool {
    seg_is_alnum(c) || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

/// How a script separates words, as far as the matcher cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Words between spaces and punctuation (Latin, Cyrillic, Greek, Devanagari, …).
    Spaced,
    /// No spaces between words: Han, hiragana, Thai, Lao, Khmer, Myanmar.
    Unspaced,
    /// Katakana: a loanword is one run of katakana ("マリア" is no "マリ").
    Katakana,
    /// Hangul: words between spaces, particles glued after them.
    Hangul,
    /// Arabic script: one-letter prefixes glued before.
    Arabic,
    /// Hebrew: one-letter prefixes glued before.
    Hebrew,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x30FB => Script::Spaced, // katakana middle dot: "ロシア・ウクライナ"
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x0E00..=0x0EFF
        | 0x1000..=0x109F
        | 0x1780..=0x17FF
        | 0x3040..=0x309F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => Script::Unspaced,
        _ => Script::Spaced,
    }
}

/// True when every letter of `s` is Latin (a generated name that must be gated by language).
pub(crate) fn latin_script(s: &str) -> bool {
    s.chars()
        .filter(|c| seg_is_alpha(*c))
        .all(|c| (c as u32) < 0x0250 || ('\u{1E00}'..='\u{1EFF}').contains(&c))
}

/// Languages written in a script of their own (not Latin): a name in their script is read in
/// their texts only when the name is theirs.
pub(crate) fn own_script(lang: Lang) -> bool {
    use Lang::*;
    matches!(
        lang,
        Rus | Ukr
            | Bel
            | Bul
            | Srp
            | Kaz
            | Ell
            | Ara
            | Heb
            | Fas
            | Urd
            | Hin
            | Ben
            | Zho
            | Jpn
            | Kor
            | Tha
            | Kat
            | Hye
    )
}

/// The case of a text's prose: URLs and handles are left out.
fn case_mode(normalized: &str) -> CaseMode {
    let (mut upper, mut lower) = (0usize, 0usize);
    for tok in normalized.split_whitespace() {
        if has_scheme_separator(tok) || tok.starts_with("www.") || tok.starts_with('@') {
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
    if upper == 0 {
        CaseMode::Lower
    } else if upper >= 8 && lower * 10 < upper {
        CaseMode::Upper
    } else {
        CaseMode::Mixed
    }
}

/// The part of a white-space token (trimmed) that no name is read in, as a byte range of the
/// token: all of a URL, the `@handle` of a token holding one (but not an e-mail's domain part,
/// which is skipped too).
fn skip_zone(tok: &str) -> Option<(usize, usize)> {
    if has_scheme_separator(tok) || tok.starts_with("www.") {
        return Some((0, tok.len()));
    }
    let at = tok.find('@')?;
    let end = tok[at + 1..]
        .find(|c: char| !(seg_is_alnum(c) || c == '_'))
        .map_or(tok.len(), |e| at + 1 + e);
    Some((at, end))
}

impl<'a> Context<'a> {
    pub(crate) fn new(normalized: &'a str, lang: Lang) -> Context<'a> {
        let folded = fold(normalized);
        Context { normalized, folded, lang, mode: OnceCell::new() }
    }

    /// Whether the text is all lowercase, all capitals or mixed.
    pub(crate) fn mode(&self) -> CaseMode {
        *self.mode.get_or_init(|| case_mode(self.normalized))
    }

    fn indonesian(&self) -> bool {
        matches!(self.lang, Lang::Ind | Lang::Msa | Lang::Jav | Lang::Sun | Lang::Und)
    }

    /// Word boundaries on both sides of folded `[start, end)`, as the script of each end
    /// needs: none in Han and Thai, no katakana around katakana, Korean particles after Hangul,
    /// one-letter prefixes before Arabic and Hebrew, Indonesian clitics after Latin names.
    pub(crate) fn boundaries(&self, start: usize, end: usize) -> bool {
        let t = self.folded.text.as_str();
        let (Some(head), Some(body), Some(tail)) =
            (t.get(..start), t.get(start..end), t.get(end..))
        else {
            return false;
        };
        let (Some(first), Some(last)) = (body.chars().next(), body.chars().next_back()) else {
            return false;
        };
        let prev = head.chars().next_back();
        let next = tail.chars().next();
        let katakana = |c: Option<char>| c.is_some_and(|c| script(c) == Script::Katakana);
        match script(first) {
            Script::Unspaced => {}
            Script::Katakana => {
                if katakana(prev) {
                    return false;
                }
            }
            s @ (Script::Arabic | Script::Hebrew) => {
                if prev.is_some_and(is_word) {
                    let prefixes = if s == Script::Arabic { AR_PREFIXES } else { HE_PREFIXES };
                    let run: Vec<char> =
                        head.chars().rev().take_while(|&c| is_word(c)).take(3).collect();
                    if run.len() > 2 || !run.iter().all(|c| prefixes.contains(c)) {
                        return false;
                    }
                }
            }
            Script::Spaced | Script::Hangul => {
                if is_word(first) && prev.is_some_and(is_word) {
                    return false;
                }
            }
        }
        if !next.is_some_and(is_word) || !is_word(last) {
            return true;
        }
        // Suffixes are short: a longer run (a Han sentence, a blob) is read no further.
        let rest: String =
            tail.chars().take_while(|&c| is_word(c)).take(MAX_SUFFIX_CHARS + 1).collect();
        match script(last) {
            Script::Unspaced => true,
            Script::Katakana => !katakana(next),
            Script::Hangul => KO_SUFFIXES.contains(&rest.as_str()),
            Script::Arabic | Script::Hebrew => false,
            Script::Spaced => self.indonesian() && ID_SUFFIXES.contains(&rest.as_str()),
        }
    }

    /// Whether folded byte `start` lies in a URL or an `@handle` ([`skip_zone`] of the
    /// white-space token holding it; white space itself lies in none). Read from the token
    /// alone: most texts have a name judged at a few places only.
    pub(crate) fn in_skip_zone(&self, start: usize) -> bool {
        let t = self.folded.text.as_str();
        let (Some(head), Some(tail)) = (t.get(..start), t.get(start..)) else { return false };
        if tail.chars().next().is_none_or(char::is_whitespace) {
            return false;
        }
        let tok_start = head
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let tok_end = start + tail.find(char::is_whitespace).unwrap_or(tail.len());
        t.get(tok_start..tok_end)
            .and_then(skip_zone)
            .is_some_and(|(a, z)| tok_start + a <= start && start < tok_start + z)
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
        match (rule, self.mode()) {
            (CaseRule::Any, _) => CaseVerdict::Ok(1.0),
            (CaseRule::Cap, CaseMode::Mixed) => {
                if surface.chars().find(|c| seg_is_alpha(*c)).is_some_and(char::is_uppercase) {
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
                        w.chars().filter(|c| seg_is_alpha(*c)).count() >= 2
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
        let capital = surface.chars().find(|c| seg_is_alpha(*c)).is_some_and(char::is_uppercase);
        let t = self.folded.text.as_str();
        for rule in rules {
            match rule {
                AmbRule::Cap => match self.mode() {
                    CaseMode::Mixed if !capital => return None,
                    CaseMode::Mixed => {}
                    _ => f *= 0.8,
                },
                AmbRule::CapCue => match self.mode() {
                    CaseMode::Mixed if !capital => return None,
                    CaseMode::Mixed => {}
                    _ => {
                        if !self.has_cue(start, end, "", true) {
                            return None;
                        }
                    }
                },
                AmbRule::Person => {
                    if self.mode() != CaseMode::Mixed {
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
                    // Decisive US-state evidence next to the name: "Georgia primary", "Georgia
                    // voters", "Atlanta, Georgia" (a place before the comma that is no Georgian
                    // one: "Tbilisi, Georgia" is the country).
                    let next = next_word(t, end)
                        .filter(|_| t.get(end..).is_some_and(|r| r.starts_with(' ')));
                    if next.is_some_and(|w| STATE_NEXT.contains(&w)) {
                        return None;
                    }
                    let head = self.normalized.get(..ns).unwrap_or("");
                    if let Some(h) = head.strip_suffix(", ").or_else(|| head.strip_suffix(','))
                        && let Some(w) = prev_word(h, h.len())
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && !POS_CUES.contains(&fold(w).text.as_str())
                        && !is_name(&fold(w).text)
                    {
                        return None;
                    }
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
                    if self.mode() == CaseMode::Mixed && !capital {
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
                        .split(|c: char| !seg_is_alnum(c))
                        .filter(|w| !w.is_empty())
                        .collect();
                    if cues.iter().any(|c| words.iter().any(|w| w.starts_with(c))) {
                        return None;
                    }
                    if self.mode() != CaseMode::Mixed {
                        f *= 0.75;
                    }
                }
            }
        }
        Some(f)
    }
}

impl Context<'_> {
    /// Evidence that a country's name stands for something else here (normalized byte span
    /// `[ns, ne)`): a US town ("rally in Lebanon, Ohio", "Paris, Texas"), an event, company or
    /// organisation named with it ("China Open", "Air China", "Bank of America", "Tour de
    /// France", "China Daily"), a currency ("dolar AS", "the US dollar", "yen Jepang"). The
    /// labelling guideline counts none of them as the country. A name that is itself an item
    /// of a list ("Canada, Mexico, Texas") is no town, and ", Georgia" makes none ("Tbilisi,
    /// Georgia", "India, Georgia and Armenia"): the Georgia rule decides that one.
    pub(crate) fn named_thing(&self, ns: usize, ne: usize) -> bool {
        let text = self.normalized;
        let cased = self.mode() != CaseMode::Lower;
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let lower = |w: &str| w.to_lowercase();
        // "<Town>, <US state>".
        let tail = text.get(ne..).unwrap_or("");
        let listed = text.get(..ns).unwrap_or("").trim_end_matches(' ').ends_with(',');
        if let Some(after) = tail.strip_prefix(", ").or_else(|| tail.strip_prefix(','))
            && !listed
        {
            let after = after.trim_start();
            let cut =
                (48..=after.len()).find(|&i| after.is_char_boundary(i)).unwrap_or(after.len());
            let folded = crate::fold::fold_str(after.get(..cut).unwrap_or(""));
            // "Guam, Hawaii, Maryland": a list of states and territories, no town.
            let more_states = |r: &str| {
                let r = r.trim_start_matches([',', ' ']);
                let r = r.strip_prefix("and ").or_else(|| r.strip_prefix("& ")).unwrap_or(r);
                US_STATES.iter().any(|st| r.starts_with(st))
            };
            let state = US_STATES.iter().any(|st| {
                folded
                    .strip_prefix(st)
                    .is_some_and(|r| !r.starts_with(seg_is_alnum) && !more_states(r))
            });
            let code = self.mode() == CaseMode::Mixed && {
                let w: String = after.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                w.len() == 2
                    && US_CODES.contains(&w.as_str())
                    && !after[2..].starts_with(|c: char| seg_is_alnum(c))
            };
            let ap = AP_STATES.iter().any(|a| after.starts_with(a));
            if state || code || ap {
                return true;
            }
        }
        let next = next_word(text, ne).filter(|_| tail.starts_with(' '));
        let head = text.get(..ns).unwrap_or("");
        let prev = prev_word(text, ns).filter(|_| head.ends_with(' '));
        // Currencies: "dolar AS", "yen Jepang" (Indonesian, Spanish), "the US dollar".
        if let Some(p) = prev
            && self.lang != Lang::Eng
            && CURRENCIES.contains(&crate::fold::fold_str(p).as_str())
        {
            return true;
        }
        if let Some(n) = next
            && CURRENCIES_AFTER.contains(&lower(n).as_str())
        {
            return true;
        }
        // Events, companies and media named after the country: "China Open", "Air China".
        if let Some(n) = next {
            let l = lower(n);
            if ORG_AFTER_ANY.contains(&l.as_str())
                || (cased && cap(n) && ORG_AFTER.contains(&l.as_str()))
            {
                return true;
            }
            if l == "grand" && next_word(text, ne + 1 + n.len()).is_some_and(|w| lower(w) == "prix")
            {
                return true;
            }
        }
        // Russian and Ukrainian events: "Гран-при России", "Кубок Украины", "чемпионат Италии".
        let head_l = head.get(head.len().saturating_sub(40)..).map(str::to_lowercase);
        if head_l.is_some_and(|h| h.ends_with("гран-при ") || h.ends_with("гран-прі "))
            || prev.is_some_and(|p| EVENTS_BEFORE.contains(&lower(p).as_str()))
        {
            return true;
        }
        if let Some(p) = prev
            && cased
        {
            let l = lower(p);
            if cap(p) && ORG_BEFORE.contains(&l.as_str()) {
                return true;
            }
            let before = ns - (head.len() - head.trim_end().len()) - p.len();
            if let Some(p2) = prev_word(text, before).filter(|w| cap(w))
                && ORG_BEFORE2.iter().any(|(a, b)| *a == lower(p2) && *b == l)
            {
                return true;
            }
        }
        false
    }
}

/// US states (folded) for "<town>, <state>"; Washington ("Mexico, Washington and Ottawa" lists
/// capitals) and Georgia are left out.
#[rustfmt::skip]
const US_STATES: &[&str] = &[
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah",
    "vermont", "virginia", "west virginia", "wisconsin", "wyoming",
];

/// USPS codes, in capitals in cased text only ("Lebanon, OH").
#[rustfmt::skip]
const US_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY",
];

/// AP style state abbreviations ("Lebanon, Pa.").
#[rustfmt::skip]
const AP_STATES: &[&str] = &[
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ill.", "Ind.", "Kan.",
    "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.",
    "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.", "Ore.", "Pa.", "R.I.", "S.C.",
    "S.D.", "Tenn.", "Tex.", "Vt.", "Va.", "Wis.", "Wyo.",
];

/// Currency words before a country (Indonesian, Malay, Spanish, …: "dolar AS", "yen Jepang").
#[rustfmt::skip]
const CURRENCIES: &[&str] = &[
    "dolar", "dollar", "yen", "yuan", "renminbi", "won", "ringgit", "rupee", "rupe", "rubel",
    "rublo", "ruble", "peso", "pesos", "franc", "franco", "frank", "pound", "poundsterling",
    "lira", "baht", "riyal", "dirham", "rand", "krona", "krone", "dolares",
];

/// Currency words after a country ("US dollar", "Singapore dollars", "Swiss franc").
#[rustfmt::skip]
const CURRENCIES_AFTER: &[&str] = &[
    "dollar", "dollars", "yen", "yuan", "renminbi", "peso", "pesos", "franc", "francs",
    "rupee", "rupees", "ringgit", "ruble", "rubles", "rouble", "roubles", "lira", "baht", "riyal",
    "riyals", "dirham", "dirhams", "rand", "krona", "krone", "dolar",
];

/// Words after a country that make a company or event's name, in any case.
#[rustfmt::skip]
const ORG_AFTER_ANY: &[&str] = &["airlines", "airways", "airline", "tbk", "persero"];

/// Words after a country that make a name when capitalised ("China Open", "Japan Times").
#[rustfmt::skip]
const ORG_AFTER: &[&str] = &[
    "open", "masters", "idol", "post", "times", "daily", "herald", "telecom", "mobile",
    "superseries", "inc", "ltd", "corp", "corporation", "fc", "gp",
];

/// Russian and Ukrainian words before a country in the genitive that make an event's name.
#[rustfmt::skip]
const EVENTS_BEFORE: &[&str] = &[
    "кубок", "кубка", "кубке", "кубку", "чемпионат", "чемпионата", "чемпионате", "первенство",
    "первенства", "чемпіонат", "чемпіонату",
];

/// Capitalised words before a country that make a name ("Air China", "Piala Spanyol").
#[rustfmt::skip]
const ORG_BEFORE: &[&str] = &["air", "piala", "copa", "liga", "miss", "radio"];

/// Capitalised word pairs before a country that make a name ("Bank of America", "Tour de France").
#[rustfmt::skip]
const ORG_BEFORE2: &[(&str, &str)] = &[
    ("bank", "of"), ("tour", "de"), ("tour", "of"), ("banco", "de"), ("vuelta", "a"),
    ("university", "of"), ("universidad", "de"),
];

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
    // "We Love India", "Great Meeting With Mexico": in a clause written in Title Case a capital
    // says nothing about a person's name (the blocks still catch "Michael Jordan").
    if title_case_clause(text, ns, ne) {
        return false;
    }
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
        && !sentence_start_before(text, head.trim_end().len().saturating_sub(w.len()))
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

/// True when the sentence around `[ns, ne)` is written in Title Case: at least two other words
/// of two letters or more, three in four of them capitalised.
pub(crate) fn title_case_clause(text: &str, ns: usize, ne: usize) -> bool {
    let ends = ['.', '!', '?', '\n', ':', ';', '"', '“', '”'];
    // The sentence, read at most CLAUSE_WINDOW bytes on each side (a text without sentence ends
    // is read no further, so each mention costs bounded time).
    let (wlo, whi) = window(text, ns, ne, CLAUSE_WINDOW);
    let head = text.get(wlo..ns).unwrap_or("");
    let tail = text.get(ne..whi).unwrap_or("");
    let after = |h: &str, i: usize| wlo + i + h[i..].chars().next().map_or(1, char::len_utf8);
    let lo = head.rfind(ends).map_or(wlo, |i| after(head, i));
    let hi = tail.find(ends).map_or(whi, |i| ne + i);
    let (words, caps) = cased_words(text, lo, ns, ne, hi);
    if words >= 2 {
        return caps * 4 >= words * 3;
    }
    // A sentence too short to tell ("Israel Menggila! Ratakan Gaza"): its line decides.
    let lo = head.rfind('\n').map_or(wlo, |i| wlo + i + 1);
    let hi = tail.find('\n').map_or(whi, |i| ne + i);
    let (words, caps) = cased_words(text, lo, ns, ne, hi);
    words >= 2 && caps * 4 >= words * 3
}

/// How far [`title_case_clause`] reads on each side of a mention, in bytes.
const CLAUSE_WINDOW: usize = 400;

/// The byte range `[ns - w, ne + w)` of `text`, clamped and moved to char boundaries.
fn window(text: &str, ns: usize, ne: usize, w: usize) -> (usize, usize) {
    let mut lo = ns.saturating_sub(w).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = ne.saturating_add(w).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    (lo, hi)
}

/// Words of two letters or more in `lo..ns` and `ne..hi`, and how many are capitalised.
fn cased_words(text: &str, lo: usize, ns: usize, ne: usize, hi: usize) -> (usize, usize) {
    let (mut words, mut caps) = (0usize, 0usize);
    for part in [text.get(lo..ns).unwrap_or(""), text.get(ne..hi).unwrap_or("")] {
        for w in part.split(|c: char| !(seg_is_alnum(c) || c == '\'')) {
            if w.starts_with(['@', '#']) || w.chars().filter(|c| seg_is_alpha(*c)).count() < 2 {
                continue;
            }
            words += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                caps += 1;
            }
        }
    }
    (words, caps)
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
        .take(MAX_WORD_CHARS)
        .take_while(|&(_, c)| seg_is_alnum(c) || c == '.' || c == '\'')
        .last()
        .map(|(j, _)| j)?;
    head.get(start..).filter(|w| !w.is_empty())
}

/// The longest word the context rules read around a mention, in chars: a run of letters with
/// no space (Han, Thai, a pasted blob) is read this far and no further, so each mention costs
/// bounded time whatever the length of the text.
const MAX_WORD_CHARS: usize = 64;

/// The word just after byte `i` (skipping spaces), if any.
pub(crate) fn next_word(text: &str, i: usize) -> Option<&str> {
    let tail = text.get(i..)?.trim_start_matches([' ', '\t']);
    let end = tail
        .char_indices()
        .take(MAX_WORD_CHARS)
        .find(|&(_, c)| !(seg_is_alnum(c) || c == '\''))
        .map_or_else(
            || tail.char_indices().nth(MAX_WORD_CHARS).map_or(tail.len(), |(j, _)| j),
            |(j, _)| j,
        );
    tail.get(..end).filter(|w| !w.is_empty())
}

/// Where the hashtag holding original byte `i` starts, if `i` is inside one ("#Mexico",
/// "#MakeAmericaGreatAgain").
pub(crate) fn hashtag_start(original: &str, i: usize) -> Option<usize> {
    if original.get(i..).is_some_and(|t| t.starts_with(['#', '＃'])) {
        return Some(i);
    }
    let head = original.get(..i)?;
    for (j, c) in head.char_indices().rev().take(MAX_WORD_CHARS) {
        if c == '#' || c == '＃' {
            return Some(j);
        }
        if !(seg_is_alnum(c) || c == '_') {
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
        if t.get(..i).and_then(|h| h.chars().next_back()).is_some_and(seg_is_alnum) {
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
    "super tuesday", "supertuesday", "caucus", "primaries", "ballot", "early voting",
    "polls", "absentee", "get out and vote", "vote for", "endorsement", "congressman",
];

/// Words right after "Georgia" that make it the US state whatever else the text says.
#[rustfmt::skip]
const STATE_NEXT: &[&str] = &[
    "primary", "primaries", "caucus", "voters", "rally", "runoff", "senate", "governor",
    "senator", "gop", "republicans", "democrats", "house", "legislature", "delegation",
    "county", "counties", "peach", "bulldogs", "tech", "state", "secretary", "ballots",
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

/// Whether `tok` holds "://" (a URL's scheme separator): `str::contains` with a byte scan, as
/// it runs on every token of every post and tokens are short.
fn has_scheme_separator(tok: &str) -> bool {
    tok.as_bytes().windows(3).any(|w| w == b"://")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The zones of a whole text, as they were found once per text before: a token at a time.
    fn all_zones(t: &str) -> Vec<(usize, usize)> {
        let mut zones = Vec::new();
        let mut pos = 0;
        for tok in t.split_inclusive(char::is_whitespace) {
            let start = pos;
            pos += tok.len();
            if let Some((a, z)) = skip_zone(tok.trim_end()) {
                zones.push((start + a, start + z));
            }
        }
        zones
    }

    /// `in_skip_zone` read from one token says what the zones of the whole text said, at every
    /// byte of texts with URLs, handles, e-mail addresses and odd white space.
    #[test]
    fn skip_zone_of_one_token_equals_the_text_zones() {
        let texts = [
            "RT @SecPompeo: Mexico https://t.co/abc and www.iran.gov ok",
            "mail info@mexico.gob.mx\u{2003}or @user_1!now\ttab\n@x",
            "  leading  and trailing  ",
            "@@double @ lone https:// e@ @é",
            "Россия @россия http://x.y/z?q=1#frag",
            "",
        ];
        for text in texts {
            let ctx = Context::new(text, Lang::Eng);
            let t = ctx.folded.text.as_str();
            let zones = all_zones(t);
            for start in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let want = zones.iter().any(|&(s, e)| s <= start && start < e);
                assert_eq!(ctx.in_skip_zone(start), want, "{text:?} at {start}");
            }
            assert!(!zones.is_empty() || text.trim().is_empty() || !text.contains(['@', '/']));
        }
    }
}

//! Sentence and word segmentation shared by the stages, as byte spans into the text given.
//!
//! Both functions are total and cheap, and every span they return lies on char boundaries of
//! the text they were given.
//!
//! - [`sentences`] splits on `.`, `!`, `?`, `…` and newlines, but not after abbreviations
//!   ("U.S.", "Mr.", "Dr.", "Jl.", "a.m."), inside decimal numbers or inside URLs. Spans are
//!   trimmed of surrounding whitespace; empty sentences are dropped.
//! - [`words`] returns word tokens: runs of letters and digits with apostrophes and hyphens
//!   inside words, numbers with inner `.`/`,` ("3.5", "1,000"), dotted acronyms with their final
//!   dot ("U.S."; "U.S.-Mexico" is two tokens), `@handles` and `#hashtags` with their sigil, and URLs as one token each.
//!   Punctuation, symbols and emoji are not tokens. Han, kana and Thai characters are one token
//!   each (no dictionary segmentation).
//!
//! ```
//! use citra_model::segment::{sentences, words};
//! let text = "Mr. Trump visited the U.S. border at 9 a.m. today. ¡Qué bien! Lihat https://x.co/a.b";
//! let s: Vec<&str> = sentences(text).iter().filter_map(|s| s.slice(text)).collect();
//! assert_eq!(s, ["Mr. Trump visited the U.S. border at 9 a.m. today.", "¡Qué bien!", "Lihat https://x.co/a.b"]);
//! let post = "@jokowi: #IndonesiaMaju it's U.S.-Mexico";
//! let w: Vec<&str> = words(post).iter().filter_map(|s| s.slice(post)).collect();
//! assert_eq!(w, ["@jokowi", "#IndonesiaMaju", "it's", "U.S.", "Mexico"]);
//! ```

use crate::Span;

/// Abbreviations (lowercase, without their final dot) after which a `.` does not end a sentence.
/// English, Indonesian and Spanish titles, street and unit words, and Latin shorthands.
const ABBREVIATIONS: &[&str] = &[
    // English
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "inc", "ltd", "co",
    "corp", "gen", "gov", "sen", "rep", "pres", "lt", "col", "sgt", "capt", "cmdr", "adm", "rev",
    "hon", "approx", "dept", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "ave", "blvd", "rd", "e.g", "i.e", "cf", "al", "viz", // Indonesian / Malay
    "jl", "jln", "bpk", "bp", "sdr", "sdri", "kh", "hj", "drs", "dra", "ir", "tn", "ny", "nn",
    "kec", "kab", "kel", "prov", "dll", "dsb", "dkk", "tsb", "yth", "tgl", "pkl", "kol", "mayjen",
    "letjen", "brigjen", "kapt", // Spanish / Portuguese / French
    "sra", "srta", "lic", "arq", "ud", "uds", "av", "avda", "aprox", "depto", "ee.uu", "eeuu",
    "mme", "mlle", "sto", "sta",
];

/// Abbreviations that are also ordinary words ("no", "vol"), so they count only before a number.
const NUMBER_ABBREVIATIONS: &[&str] =
    &["no", "nos", "nr", "vol", "fig", "hlm", "hal", "pág", "pag", "núm", "num", "art", "p", "pp"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '।')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '}' | '›' | '」' | '』')
}

/// True when the text before a `.` at byte `dot` ends with an abbreviation, an initial ("J."),
/// or a dotted acronym ("U.S", "a.m").
fn is_abbreviation_before(text: &str, dot: usize) -> bool {
    let head = match text.get(..dot) {
        Some(h) => h,
        None => return false,
    };
    // The token before the dot: back to whitespace or an opening bracket/quote.
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '«' | '\''))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let token = match head.get(start..) {
        Some(t) if !t.is_empty() => t,
        _ => return false,
    };
    if !token.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    let mut letters = token.chars().filter(|c| c.is_alphabetic());
    // A single letter: an initial ("J. Smith") or part of "a.m." after its first dot.
    if letters.next().is_some() && letters.next().is_none() {
        return true;
    }
    // Dotted acronym: letters separated by dots, each part one or two letters ("U.S", "a.m").
    if token.contains('.') && token.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let lower = token.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let before_number = text
        .get(dot + 1..)
        .and_then(|rest| rest.trim_start().chars().next())
        .is_some_and(|c| c.is_ascii_digit());
    before_number && NUMBER_ABBREVIATIONS.contains(&lower.as_str())
}

/// Sentence spans of `text`, trimmed of surrounding whitespace.
///
/// A sentence ends at a run of terminators (`.`, `!`, `?`, `…`, and their CJK, Arabic and
/// Devanagari forms) plus any closing quotes or brackets, when whitespace or the end of the
/// text follows, and at every newline. A `.` does not end a sentence after a known
/// abbreviation, an initial or a dotted acronym; decimals and URLs never have whitespace right
/// after their inner dots, so they are never split.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' || c == '\r' || c == '\u{2029}' || c == '\u{2028}' {
            push_trimmed(text, start, i, &mut out);
            start = i + c.len_utf8();
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        // Consume the rest of the terminator run and closers.
        let mut end = i + c.len_utf8();
        let mut only_dot = c == '.';
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) || is_closer(d) {
                if d != '.' && is_terminator(d) {
                    only_dot = false;
                }
                if d == '.' {
                    // "..." is an ellipsis, not an abbreviation dot.
                    only_dot = false;
                }
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let at_break = match chars.peek() {
            None => true,
            Some(&(_, d)) => d.is_whitespace(),
        };
        // CJK full stops need no following space.
        let cjk = matches!(c, '。' | '！' | '？');
        if !(at_break || cjk) {
            continue;
        }
        if only_dot && is_abbreviation_before(text, i) {
            continue;
        }
        push_trimmed(text, start, end, &mut out);
        start = end;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(s) = text.get(start..end) else { return };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let a = start + lead;
        out.push(Span::new(a, a + trimmed.len()));
    }
}

/// True for scripts written without spaces, where each character is a token.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Ext A
        | 0x4E00..=0x9FFF // CJK Unified
        | 0xF900..=0xFAFF // CJK Compatibility
        | 0x0E00..=0x0E7F // Thai
        | 0x20000..=0x2FFFF)
}

#[inline]
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin letters beyond ASCII and the Cyrillic letters: alphabetic, written with spaces.
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2AF | 0x400..=0x481 | 0x48A..=0x52F => true,
        _ => (is_alphanumeric(c) && !is_unspaced(c)) || is_combining(c),
    }
}

/// `char::is_alphabetic` with the blocks posts are mostly written in answered without the
/// Unicode table search (its slow path was a tenth of the pipeline's time).
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        // Latin-1 letters (not × ÷), Latin Extended-A and -B, IPA.
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2AF => true,
        // Cyrillic letters (not the thousands sign, the combining marks or the titlo).
        0x400..=0x481 | 0x48A..=0x52F => true,
        // General punctuation and symbols of common use.
        0x2000..=0x206F | 0x20A0..=0x20CF | 0x2190..=0x23FF | 0x2500..=0x27BF => false,
        // Emoji and pictographs.
        0x1F300..=0x1FAFF => false,
        _ => c.is_alphabetic(),
    }
}

/// Appends `s` lowercased to `out`: what `out.push_str(&s.to_lowercase())` appends, without
/// the allocation, and with ASCII and the Russian alphabet lowercased without the Unicode case
/// tables (Russian posts are many; `to_lowercase` was a twelfth of their cost).
pub fn push_lowercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    if s.contains('\u{03A3}') {
        // A capital sigma lowercases by its place in the word (final or not): the standard
        // library's rule.
        out.push_str(&s.to_lowercase());
        return;
    }
    out.reserve(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(l) = russian_lowercase(c) {
            out.push(l);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The lowercase of a letter of the Russian alphabet block (Ѐ–џ, U+0400–U+045F: capitals
/// 0x50 or 0x20 below their small letters), without the case tables; `None` for other chars.
#[inline]
pub fn russian_lowercase(c: char) -> Option<char> {
    let u = c as u32;
    if !(0x400..=0x45F).contains(&u) {
        return None;
    }
    let lc = if u < 0x410 {
        u + 0x50
    } else if u < 0x430 {
        u + 0x20
    } else {
        u
    };
    char::from_u32(lc)
}

/// `char::is_alphanumeric` with the fast paths of [`is_alphabetic`].
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 => true,
        0..=0x7F | 0xC0..=0x2AF | 0x400..=0x52F | 0x2000..=0x206F | 0x20A0..=0x20CF => {
            is_alphabetic(c)
        }
        _ => c.is_alphanumeric(),
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x200C | 0x200D)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '‑')
}

/// Length in bytes of a URL starting at the beginning of `s`, if one starts there.
fn url_len(s: &str) -> Option<usize> {
    // ASCII case-insensitive: no other char lowercases to a letter of these prefixes.
    let head = s.as_bytes();
    let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
    let www = starts(b"www.");
    if !(starts(b"http://") || starts(b"https://") || www) {
        return None;
    }
    let raw = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'));
    let mut len = raw.unwrap_or(s.len());
    // Trailing punctuation belongs to the sentence, not the URL.
    while let Some(c) = s.get(..len).and_then(|u| u.chars().next_back()) {
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '’' | '…') {
            len -= c.len_utf8();
        } else {
            break;
        }
    }
    let min = if www { 5 } else { 8 };
    (len >= min).then_some(len)
}

/// Word tokens of `text` as byte spans.
///
/// Tokens are: URLs (`http://`, `https://`, `www.`) whole, trailing punctuation excluded;
/// `@handle` (ASCII letters, digits, `_`) and `#hashtag` (letters, digits, `_`) with their sigil;
/// words made of letters, digits and combining marks, with apostrophes and hyphens kept when a
/// letter or digit follows them; numbers with inner `.` or `,` between digits; dotted acronyms
/// ("U.S.", "a.m.") with their final dot. Each Han, kana or Thai character is its own token.
pub fn words(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut i = 0usize;
    let len = text.len();
    let all = text.as_bytes();
    while i < len {
        // ASCII spaces and punctuation (but the sigils) start no token.
        if all
            .get(i)
            .is_some_and(|&b| b < 0x80 && !b.is_ascii_alphanumeric() && b != b'@' && b != b'#')
        {
            i += 1;
            continue;
        }
        let Some(rest) = text.get(i..) else { break };
        let Some(c) = rest.chars().next() else { break };
        let prev_is_word =
            || text.get(..i).and_then(|h| h.chars().next_back()).is_some_and(is_word_char);
        // URLs.
        if matches!(c, 'h' | 'H' | 'w' | 'W')
            && !prev_is_word()
            && let Some(n) = url_len(rest)
        {
            out.push(Span::new(i, i + n));
            i += n;
            continue;
        }
        // Handles and hashtags.
        if (c == '@' || c == '#') && !prev_is_word() {
            let body = &rest[1..];
            let n: usize = if c == '@' {
                body.chars()
                    .take_while(|d| d.is_ascii_alphanumeric() || *d == '_')
                    .map(char::len_utf8)
                    .sum()
            } else {
                body.chars().take_while(|&d| is_word_char(d) || d == '_').map(char::len_utf8).sum()
            };
            if n > 0 {
                out.push(Span::new(i, i + 1 + n));
                i += 1 + n;
                continue;
            }
        }
        if is_unspaced(c) {
            out.push(Span::new(i, i + c.len_utf8()));
            i += c.len_utf8();
            continue;
        }
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        // A word.
        let start = i;
        let mut end = i;
        let bytes = rest.as_bytes();
        let mut prev: Option<char> = None;
        // Track the length of the current dot-separated part for acronyms.
        let mut part_letters = 0usize;
        let mut acronym = true;
        let mut dotted = false;
        let mut j = 0usize;
        while let Some(&b) = bytes.get(j) {
            // ASCII letters and digits (most of most words) without decoding.
            if b.is_ascii_alphanumeric() {
                end = start + j + 1;
                if b.is_ascii_alphabetic() {
                    part_letters += 1;
                    if part_letters > 1 {
                        acronym = false;
                    }
                }
                prev = Some(char::from(b));
                j += 1;
                continue;
            }
            let Some(d) = rest.get(j..).and_then(|r| r.chars().next()) else { break };
            let dl = d.len_utf8();
            if is_word_char(d) {
                end = start + j + dl;
                if is_alphabetic(d) {
                    part_letters += 1;
                    if part_letters > 1 {
                        acronym = false;
                    }
                }
                prev = Some(d);
                j += dl;
                continue;
            }
            let next = rest.get(j + dl..).and_then(|r| r.chars().next());
            let prev_wc = prev.is_some_and(is_word_char);
            let next_wc = next.is_some_and(is_word_char);
            if is_joiner(d) && prev_wc && next_wc {
                prev = Some(d);
                part_letters = 0;
                j += dl;
                continue;
            }
            if (d == '.' || d == ',')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())
            {
                prev = Some(d);
                j += dl;
                continue;
            }
            if d == '.' && acronym && part_letters == 1 && prev.is_some_and(is_alphabetic) {
                // "U.S" so far: the dot joins when a single letter follows; a final dot after
                // at least one inner dot ends the acronym ("U.S.").
                if next.is_some_and(is_alphabetic) {
                    dotted = true;
                    part_letters = 0;
                    prev = Some(d);
                    j += dl;
                    continue;
                }
                if dotted {
                    end = start + j + 1;
                }
            }
            break;
        }
        if end <= start {
            end = start + c.len_utf8();
        }
        out.push(Span::new(start, end));
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter ranges answered first give what the general test gives, on every char.
    #[test]
    fn is_word_char_fast_ranges_equal_the_general_test() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let general = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                (is_alphanumeric(c) && !is_unspaced(c)) || is_combining(c)
            };
            assert_eq!(is_word_char(c), general, "U+{:04X}", c as u32);
        }
    }

    /// `push_lowercase` appends what `str::to_lowercase` gives: every char alone, and words
    /// that mix scripts or hold a capital sigma in each place the sigma rule looks at.
    #[test]
    fn push_lowercase_equals_to_lowercase() {
        let mut out = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.to_string();
            out.clear();
            push_lowercase(&s, &mut out);
            assert_eq!(out, s.to_lowercase(), "{c:?} (U+{:04X})", c as u32);
        }
        for s in [
            "ОДИН Народ",
            "ЀЏЖ",
            "Ёлка",
            "ΟΔΟΣ",
            "ΣΟΦΙΑ",
            "ΌΣΟΣ ΣΑΣ",
            "İstanbul",
            "Straße MÜNCHEN",
            "ΑΣ.",
            "Россия-США",
            "ǅemal",
            "ﬁ",
            "",
        ] {
            out.clear();
            out.push_str("x ");
            push_lowercase(s, &mut out);
            assert_eq!(out, format!("x {}", s.to_lowercase()), "{s:?}");
        }
    }

    fn sents(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text).expect("char boundary")).collect()
    }

    fn toks(text: &str) -> Vec<&str> {
        words(text).iter().map(|s| s.slice(text).expect("char boundary")).collect()
    }

    #[test]
    fn sentences_table() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("basic010", "One. Two! Three?", &["One.", "Two!", "Three?"]),
            ("basic020", "  padded.   next  ", &["padded.", "next"]),
            ("basic030", "", &[]),
            ("basic040", " \n \n ", &[]),
            (
                "abbr010",
                "The U.S. economy grew. Mexico did too.",
                &["The U.S. economy grew.", "Mexico did too."],
            ),
            ("abbr020", "Mr. Trump and Dr. Who met.", &["Mr. Trump and Dr. Who met."]),
            (
                "abbr030",
                "Kantor di Jl. Sudirman no. 5. Buka pukul 9.",
                &["Kantor di Jl. Sudirman no. 5.", "Buka pukul 9."],
            ),
            (
                "abbr040",
                "At 9 a.m. he tweeted. Then slept.",
                &["At 9 a.m. he tweeted.", "Then slept."],
            ),
            ("abbr050", "J. K. Rowling wrote it. Yes.", &["J. K. Rowling wrote it.", "Yes."]),
            (
                "abbr060",
                "La Sra. López habló con EE.UU. ayer. Bien.",
                &["La Sra. López habló con EE.UU. ayer.", "Bien."],
            ),
            ("num010", "Growth was 3.5 percent. Good.", &["Growth was 3.5 percent.", "Good."]),
            (
                "url010",
                "See https://t.co/abc.def now. Ok.",
                &["See https://t.co/abc.def now.", "Ok."],
            ),
            ("url020", "Read www.kompasiana.com. Thanks", &["Read www.kompasiana.com.", "Thanks"]),
            (
                "ellip010",
                "Wait… what? Really...yes. Done...",
                &["Wait…", "what?", "Really...yes.", "Done..."],
            ),
            ("multi010", "Great!!! Huge win?! Yes.", &["Great!!!", "Huge win?!", "Yes."]),
            ("quote010", "He said \"no.\" Then left.", &["He said \"no.\"", "Then left."]),
            (
                "nl010",
                "line one\nline two\r\n\r\nline three",
                &["line one", "line two", "line three"],
            ),
            ("nl020", "Â\npublik.Â\n", &["Â", "publik.Â"]),
            (
                "id010",
                "Indonesia mengecam keras. Kami menolak!",
                &["Indonesia mengecam keras.", "Kami menolak!"],
            ),
            ("es010", "¡Qué bien! ¿Vienes mañana? Sí.", &["¡Qué bien!", "¿Vienes mañana?", "Sí."]),
            ("cjk010", "我爱北京。天安门很大。", &["我爱北京。", "天安门很大。"]),
            ("ar010", "مرحبا؟ نعم", &["مرحبا؟", "نعم"]),
            ("end010", "no terminator at end", &["no terminator at end"]),
        ];
        for (name, text, want) in rows {
            assert_eq!(sents(text), *want, "{name}: {text:?}");
        }
    }

    #[test]
    fn words_table() {
        let rows: &[(&str, &str, &[&str])] = &[
            ("basic010", "Build the wall!", &["Build", "the", "wall"]),
            ("basic020", "", &[]),
            ("basic030", "  ...  !!", &[]),
            (
                "apos010",
                "it's don't rock'n'roll 'quoted'",
                &["it's", "don't", "rock'n'roll", "quoted"],
            ),
            ("apos020", "Jokowi’s plan", &["Jokowi’s", "plan"]),
            (
                "hyph010",
                "negara-negara well-known -dash- end-",
                &["negara-negara", "well-known", "dash", "end"],
            ),
            (
                "num010",
                "3.5 percent of 1,000,000 in 2019.",
                &["3.5", "percent", "of", "1,000,000", "in", "2019"],
            ),
            (
                "acr010",
                "The U.S. and U.S.A. at 9 a.m. end.",
                &["The", "U.S.", "and", "U.S.A.", "at", "9", "a.m.", "end"],
            ),
            ("acr020", "U.S.-Mexico border", &["U.S.", "Mexico", "border"]),
            (
                "handle010",
                "@realDonaldTrump: thanks @jokowi_2!",
                &["@realDonaldTrump", "thanks", "@jokowi_2"],
            ),
            ("handle020", "mail me at a@b.com", &["mail", "me", "at", "a", "b.com"]),
            (
                "tag010",
                "#BuildTheWall #MAGA #IndonesiaMaju #2019GantiPresiden",
                &["#BuildTheWall", "#MAGA", "#IndonesiaMaju", "#2019GantiPresiden"],
            ),
            ("tag020", "#México lindo # alone", &["#México", "lindo", "alone"]),
            ("url010", "Go https://t.co/AbC123. Now", &["Go", "https://t.co/AbC123", "Now"]),
            (
                "url020",
                "(see http://example.com/a_b?c=d&e=f)",
                &["see", "http://example.com/a_b?c=d&e=f"],
            ),
            ("url030", "visit www.kompas.com, ok", &["visit", "www.kompas.com", "ok"]),
            ("url040", "http:// nothing", &["http", "nothing"]),
            ("emoji010", "🇲🇽 great 🔥🔥 country", &["great", "country"]),
            ("es010", "¿Qué pasó en España?", &["Qué", "pasó", "en", "España"]),
            ("ru010", "Россия и США.", &["Россия", "и", "США"]),
            ("ar010", "مصر والسعودية", &["مصر", "والسعودية"]),
            ("hi010", "भारत और पाकिस्तान", &["भारत", "और", "पाकिस्तान"]),
            ("cjk010", "我爱北京", &["我", "爱", "北", "京"]),
            ("comb010", "Cafe\u{301} ok", &["Cafe\u{301}", "ok"]),
        ];
        for (name, text, want) in rows {
            assert_eq!(toks(text), *want, "{name}: {text:?}");
        }
    }

    #[test]
    fn spans_are_ordered_and_on_boundaries() {
        let texts = [
            "Mr. Trump: \"Mexico sends drugs.\" #BuildTheWall https://t.co/x 🇲🇽…",
            "EspaÃ±a â€™ Â\u{a0} publik.Â",
            "a\u{301}.b. c.\n\n…",
        ];
        for t in texts {
            for spans in [sentences(t), words(t)] {
                let mut last = 0;
                for s in spans {
                    assert!(s.start >= last && s.end > s.start, "{t:?} {s:?}");
                    assert!(s.slice(t).is_some(), "{t:?} {s:?}");
                    last = s.end;
                }
            }
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_spans_on_boundaries(text in "\\PC{0,80}|[a-zA-Z .!?#@'\\-:/\n]{0,80}") {
            for spans in [sentences(&text), words(&text)] {
                let mut last = 0;
                for s in spans {
                    prop_assert!(s.start >= last && s.end > s.start);
                    prop_assert!(s.slice(&text).is_some());
                    last = s.end;
                }
            }
        }
    }

    #[test]
    fn seg900_fast_char_classes_agree_with_unicode_on_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "is_alphabetic U+{u:04X}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "is_alphanumeric U+{u:04X}");
        }
    }
}

//! Mojibake repair: UTF-8 text that was decoded as Windows-1252 or Latin-1.
//!
//! Each candidate sequence is re-encoded to Windows-1252 bytes and decoded as UTF-8: a lead
//! character ("Ã", "Â", "â", "ð" …, bytes C2–F4) followed by exactly the continuation characters
//! (bytes 80–BF) that its UTF-8 lead byte calls for. Only complete, valid sequences are
//! replaced, so real Portuguese, French or Vietnamese words ("São", "Ângela", "CÂMARA") stay as
//! they are: their "Ã"/"Â" is followed by a letter, not by a continuation character.
//!
//! Project rule: a stray "Â" left over from a UTF-8 no-break space whose second byte was lost
//! (seen as "publik.Â" at line ends in scraped Kompasiana pages) is removed when whitespace or
//! the end of the text follows it and neither an uppercase letter nor a space precedes it.
//!
//! Written by hand rather than with `plsfix` (the ftfy port): this needs one linear pass with
//! no allocation when nothing is wrong, keeps exact offsets per repaired sequence, and avoids
//! ftfy's heuristics that also rewrite quotes, ligatures and line breaks.

use crate::builder::Builder;
use crate::{Normalizer, STAGE};
use citra_model::{Diagnostic, OffsetMap, Severity, Span};

/// Repairs UTF-8 read as Windows-1252/Latin-1 (`mojibake-repaired`).
#[derive(Debug, Clone, Copy, Default)]
pub struct MojibakeNormalizer;

/// The Windows-1252 byte of `c`, for characters in the range Windows-1252 or Latin-1 decode
/// bytes 80–FF to.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// Number of continuation bytes a UTF-8 lead byte calls for.
fn continuation_count(lead: u8) -> Option<usize> {
    match lead {
        0xc2..=0xdf => Some(1),
        0xe0..=0xef => Some(2),
        0xf0..=0xf4 => Some(3),
        _ => None,
    }
}

/// If a mojibake sequence starts at the beginning of `s`, its length in `s` and the repaired char.
fn repair_at(s: &str) -> Option<(usize, char)> {
    let mut chars = s.chars();
    let lead_char = chars.next()?;
    let lead = cp1252_byte(lead_char)?;
    let n = continuation_count(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    let mut len = lead_char.len_utf8();
    for slot in bytes.iter_mut().skip(1).take(n) {
        let c = chars.next()?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        *slot = b;
        len += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..=n]).ok()?;
    let c = decoded.chars().next()?;
    Some((len, c))
}

/// Longest run of ASCII spaces or punctuation (no newline) between repairs reported as one
/// diagnostic.
const MAX_GAP: usize = 3;

/// True for a repaired character that is believable alone: Latin letters and symbols
/// (U+0080–U+024F) and anything from a 3- or 4-byte sequence ("â€™", emoji). A 2-byte sequence
/// that decodes to another script (Cyrillic "Ð¿", Arabic "Ø§", but also N'Ko from German
/// "Soß’") is believed only next to another repair, as real mojibake of those scripts comes in
/// runs.
fn plausible_alone(repaired: char) -> bool {
    repaired.len_utf8() > 2 || ('\u{80}'..='\u{24f}').contains(&repaired)
}

/// One pass over `text`; `None` when nothing was repaired.
fn pass(text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
    // Every mojibake sequence starts with a character in U+00C2..=U+00F4.
    if !text.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return None;
    }
    // Candidates: (start, length in `text`, replacement; None removes).
    let mut found: Vec<(usize, usize, Option<char>)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices();
    while let Some((i, c)) = iter.next() {
        if !('\u{c2}'..='\u{f4}').contains(&c) {
            prev = Some(c);
            continue;
        }
        let rest = text.get(i..).unwrap_or("");
        let fix = repair_at(rest).map(|(len, r)| (len, Some(r))).or_else(|| {
            // A stray "Â" whose no-break-space byte was lost.
            let next = rest.get(c.len_utf8()..).and_then(|r| r.chars().next());
            let stray = c == 'Â'
                && next.is_none_or(char::is_whitespace)
                && !prev.is_some_and(|p| p.is_uppercase() || (p.is_whitespace() && p != '\n'));
            stray.then_some((c.len_utf8(), None))
        });
        let Some((len, repl)) = fix else {
            prev = Some(c);
            continue;
        };
        found.push((i, len, repl));
        // Skip the rest of the sequence.
        let mut skipped = c.len_utf8();
        while skipped < len {
            match iter.next() {
                Some((_, d)) => skipped += d.len_utf8(),
                None => break,
            }
        }
        prev = repl.or(Some(c));
    }
    let keep: Vec<bool> = (0..found.len())
        .map(|k| {
            let (start, len, repl) = found[k];
            let Some(r) = repl else { return true };
            let touches_prev = k > 0 && found.get(k - 1).is_some_and(|p| p.0 + p.1 == start);
            let touches_next = found.get(k + 1).is_some_and(|n| n.0 == start + len);
            plausible_alone(r) || touches_prev || touches_next
        })
        .collect();
    if !keep.iter().any(|k| *k) {
        return None;
    }
    let mut b = Builder::with_capacity(text.len());
    let mut copied = 0usize; // input offset up to which the builder holds the text
    let mut run: Option<(Span, String, String)> = None; // merged repair: span, before, after
    for (&(i, len, repl), _) in found.iter().zip(&keep).filter(|(_, k)| **k) {
        b.copy(text.get(copied..i).unwrap_or(""), copied);
        let seq = text.get(i..i + len).unwrap_or("");
        if let Some(r) = repl {
            b.replace_char(r, i);
        }
        copied = i + len;
        let repaired: String = repl.map(String::from).unwrap_or_default();
        // Repairs a few spaces or punctuation marks apart are one diagnostic ("Ð¿Ñ€Ð¸ Ð¼Ð¸Ñ€").
        let gap = run.as_ref().and_then(|(span, _, _)| text.get(span.end..i)).filter(|g| {
            g.len() <= MAX_GAP
                && g.bytes().all(|b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\n')
        });
        match (&mut run, gap) {
            (Some((span, before, after)), Some(gap)) => {
                span.end = i + len;
                before.push_str(gap);
                before.push_str(seq);
                after.push_str(gap);
                after.push_str(&repaired);
            }
            _ => {
                if let Some(r) = run.take() {
                    diags.push(diag(r));
                }
                run = Some((Span::new(i, i + len), seq.to_owned(), repaired));
            }
        }
    }
    if let Some(r) = run.take() {
        diags.push(diag(r));
    }
    b.copy(text.get(copied..).unwrap_or(""), copied);
    Some(b.finish(text.len()))
}

fn diag((span, before, after): (Span, String, String)) -> Diagnostic {
    let msg = if after.is_empty() {
        format!("removed stray {before:?} left by a lost UTF-8 no-break space")
    } else {
        format!("repaired UTF-8 read as Windows-1252: {before:?} -> {after:?}")
    };
    Diagnostic::new(STAGE, "mojibake-repaired", Severity::Info, msg).at(span)
}

impl Normalizer for MojibakeNormalizer {
    fn name(&self) -> &'static str {
        "mojibake"
    }

    fn apply(&self, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        let (mut out, mut map) = pass(text, diags)?;
        // Text encoded twice needs a second pass; its diagnostics are already covered by the
        // first pass's spans, so they are not repeated.
        let mut scratch = Vec::new();
        if let Some((again, m2)) = pass(&out, &mut scratch) {
            map = map.then(&m2);
            out = again;
        }
        Some((out, map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> (String, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let out = MojibakeNormalizer.apply(s, &mut d).map(|(t, _)| t).unwrap_or_else(|| s.into());
        (out, d)
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, usize)] = &[
            ("basic010", "EspaÃ±a", "España", 1),
            ("basic020", "Itâ€™s", "It’s", 1),
            ("basic030", "â€œhelloâ€\u{9d}", "“hello”", 2),
            ("basic040", "cafÃ© MÃ©xico", "café México", 2),
            ("basic050", "emoji ðŸ‡²ðŸ‡½", "emoji 🇲🇽", 1),
            ("basic060", "double encoded: ÃƒÂ©", "double encoded: é", 1),
            ("nbsp010", "publik.Â\u{a0}Diplomasi", "publik.\u{a0}Diplomasi", 1),
            ("nbsp020", "publik.Â\nÂ\nBaca", "publik.\n\nBaca", 2),
            ("nbsp030", "akhir.Â", "akhir.", 1),
            ("keep010", "São Paulo e Ângela na CÂMARA", "São Paulo e Ângela na CÂMARA", 0),
            ("keep020", "Ça va? À bientôt, Hélène. Âge", "Ça va? À bientôt, Hélène. Âge", 0),
            ("keep030", "ẤN ĐỘ và Âu Châu", "ẤN ĐỘ và Âu Châu", 0),
            ("keep040", "SÃO PAULO, MÃE", "SÃO PAULO, MÃE", 0),
            ("keep050", "plain ascii", "plain ascii", 0),
            ("keep060", "A Â", "A Â", 0),
            ("keep070", "Ã", "Ã", 0),
            ("keep080", "Grie Soß’ und „Lasergruß“", "Grie Soß’ und „Lasergruß“", 0),
            ("keep090", "ESPAÑA” dijo", "ESPAÑA” dijo", 0),
            ("ru010", "ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€", "Привет мир", 1),
            ("ar010", "Ù…ØµØ±", "مصر", 1),
            ("pl010", "CzeÅ›Ä‡", "Cześć", 1),
        ];
        for (name, input, want, n) in rows {
            let (out, d) = fix(input);
            assert_eq!(out, *want, "{name}");
            assert_eq!(d.len(), *n, "{name}: {d:?}");
        }
    }
}

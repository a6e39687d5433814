//! Call-to-action and boilerplate trailers, from `data/trailers.tsv`.
//!
//! `tail` patterns remove everything from a line or sentence start where the pattern begins to
//! the end of the text, when that rest is short and is not the whole text; `line` patterns
//! remove whole lines ("Baca juga: …") anywhere. Each removal is reported as `trailer-removed`.

use crate::builder::Builder;
use crate::{Normalizer, STAGE};
use citra_model::{Diagnostic, OffsetMap, Severity, Span};
use std::sync::LazyLock;

/// Removes call-to-action trailers and related-article lines (`trailer-removed`).
#[derive(Debug, Clone, Copy, Default)]
pub struct TrailerNormalizer;

/// Longest rest of a text that a `tail` pattern may remove.
const MAX_TAIL: usize = 400;
/// Longest line that a `line` pattern may remove.
const MAX_LINE: usize = 300;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Kind {
    Tail,
    Line,
}

struct Pattern {
    kind: Kind,
    /// Lowercased pattern.
    lower: String,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    include_str!("../../data/trailers.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let _lang = cols.next()?;
            let kind = match cols.next()? {
                "tail" => Kind::Tail,
                "line" => Kind::Line,
                _ => return None,
            };
            let lower = cols.next()?.trim().to_lowercase();
            (!lower.is_empty()).then_some(Pattern { kind, lower })
        })
        .collect()
});

/// First bytes (ASCII-lowercased) that some pattern starts with: a cheap prefilter.
static FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut t = [false; 256];
    for p in PATTERNS.iter() {
        if let Some(&b) = p.lower.as_bytes().first() {
            t[b as usize] = true;
            t[b.to_ascii_uppercase() as usize] = true;
        }
    }
    t
});

/// True when `s` starts with a pattern of `kind`, case-insensitively.
fn starts_with_pattern(s: &str, kind: Kind) -> bool {
    if !s.as_bytes().first().is_some_and(|&b| FIRST_BYTES[b as usize]) {
        return false;
    }
    let first = s.as_bytes().first().map(u8::to_ascii_lowercase);
    PATTERNS.iter().filter(|p| p.kind == kind && p.lower.as_bytes().first().copied() == first).any(
        |p| {
            let mut text = s.chars().flat_map(char::to_lowercase);
            p.lower.chars().all(|pc| text.next() == Some(pc))
        },
    )
}

/// Offsets where a line or a sentence starts (after leading whitespace).
fn starts(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    // (offset, is_line_start)
    let mut prev: [char; 2] = ['\n', '\n'];
    let mut line_start = true;
    text.char_indices().filter_map(move |(i, c)| {
        let out = if c.is_whitespace() {
            if c == '\n' {
                line_start = true;
            }
            None
        } else {
            let sentence = prev[1].is_whitespace() && matches!(prev[0], '.' | '!' | '?' | '…');
            let r = (line_start || sentence).then_some((i, line_start));
            line_start = false;
            r
        };
        if !(c.is_whitespace() && prev[1].is_whitespace()) {
            prev = [prev[1], c];
        }
        out
    })
}

impl Normalizer for TrailerNormalizer {
    fn name(&self) -> &'static str {
        "trailers"
    }

    fn apply(&self, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(String, OffsetMap)> {
        let first = &*FIRST_BYTES;
        if !text.bytes().any(|b| first[b as usize]) {
            return None;
        }
        let mut removals: Vec<Span> = Vec::new();
        let mut tail: Option<usize> = None;
        for (i, line_start) in starts(text) {
            let rest = text.get(i..).unwrap_or("");
            if line_start && starts_with_pattern(rest, Kind::Line) {
                let end = rest.find('\n').map_or(text.len(), |n| i + n + 1);
                if end - i <= MAX_LINE {
                    removals.push(Span::new(i, end));
                    continue;
                }
            }
            if rest.len() <= MAX_TAIL && starts_with_pattern(rest, Kind::Tail) {
                tail = Some(i);
                break;
            }
        }
        if let Some(t) = tail {
            removals.retain(|r| r.start < t);
            removals.push(Span::new(t, text.len()));
        }
        if removals.is_empty() {
            return None;
        }
        // Never remove the whole text: keep it when nothing but trailers would be left.
        let mut kept = 0usize;
        let mut last = 0usize;
        for r in &removals {
            kept += text.get(last..r.start).map_or(0, |s| s.trim().len());
            last = r.end;
        }
        kept += text.get(last..).map_or(0, |s| s.trim().len());
        if kept == 0 {
            return None;
        }
        let mut b = Builder::with_capacity(text.len());
        let mut copied = 0usize;
        for r in &removals {
            b.copy(text.get(copied..r.start).unwrap_or(""), copied);
            copied = r.end;
            let removed = text.get(r.start..r.end).unwrap_or("").trim();
            let shown: String = removed.chars().take(60).collect();
            diags.push(
                Diagnostic::new(
                    STAGE,
                    "trailer-removed",
                    Severity::Info,
                    format!("removed boilerplate: {shown:?}"),
                )
                .at(*r),
            );
        }
        b.copy(text.get(copied..).unwrap_or(""), copied);
        Some(b.finish(text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let kompasiana = "Baca konten-konten menarik Kompasiana langsung dari smartphone kamu. Follow channel WhatsApp Kompasiana sekarang di sini: https://whatsapp.com/channel/0029VaYjYaL4Spk7WflFYJ2H";
        let rows: &[(&str, String, &str, usize)] = &[
            (
                "basic010",
                format!("Citra Meksiko memburuk.\n\n{kompasiana}"),
                "Citra Meksiko memburuk.\n\n",
                1,
            ),
            (
                "basic020",
                "Paragraf satu.\nBaca juga: Jokowi ke Meksiko\nParagraf dua.".into(),
                "Paragraf satu.\nParagraf dua.",
                1,
            ),
            (
                "basic030",
                "Great rally tonight! Click here to subscribe: https://t.co/x".into(),
                "Great rally tonight! ",
                1,
            ),
            ("basic040", "Gran noticia. Síguenos en Twitter @x".into(), "Gran noticia. ", 1),
            ("basic050", "México gana.\nSUSCRÍBETE al boletín".into(), "México gana.\n", 1),
            (
                "basic060",
                "A.\nBaca Juga : B\nC.\nLee también: D\nSimak berita lainnya".into(),
                "A.\nC.\n",
                3,
            ),
            ("keep010", "Click here to subscribe".into(), "Click here to subscribe", 0),
            (
                "keep020",
                "We will not follow us on this. Fine.".into(),
                "We will not follow us on this. Fine.",
                0,
            ),
            ("keep030", "Baca juga bukunya. Bagus.".into(), "Baca juga bukunya. Bagus.", 0),
            ("keep040", format!("Follow us on Twitter. {}", "long text. ".repeat(50)), "", 0),
        ];
        for (name, input, want, n) in rows {
            let mut d = Vec::new();
            let res = TrailerNormalizer.apply(input, &mut d);
            let out = res.as_ref().map(|(t, _)| t.as_str()).unwrap_or(input);
            if *n > 0 {
                assert_eq!(out, *want, "{name}");
            } else {
                assert_eq!(out, input, "{name}");
            }
            assert_eq!(d.len(), *n, "{name}: {d:?}");
        }
    }
}

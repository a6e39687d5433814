//! HTML pieces: escaping, a sentence with its mention marked, tables that scroll.

use std::fmt::Write as _;

/// Text made safe for HTML element content and quoted attribute values: `& < > " '` escaped,
/// and control characters other than tab and newline dropped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The sentence `text[sentence]` with the mention `text[mention]` inside `<mark>`, all escaped.
/// A mention outside the sentence, or spans off char boundaries, give the sentence unmarked (or
/// the mention alone when the sentence cannot be cut).
pub(crate) fn marked_sentence(
    text: &str,
    sentence: (usize, usize),
    mention: (usize, usize),
) -> String {
    let (s0, s1) = sentence;
    let (m0, m1) = mention;
    // Shown as people read it: entities decoded once and mojibake repaired, then escaped once.
    let show = |t: &str| esc(&citra_normalize::for_display(t));
    let Some(whole) = text.get(s0..s1) else {
        return text.get(m0..m1).map(show).unwrap_or_default();
    };
    if s0 <= m0
        && m0 <= m1
        && m1 <= s1
        && let (Some(a), Some(m), Some(b)) = (text.get(s0..m0), text.get(m0..m1), text.get(m1..s1))
    {
        return format!("{}<mark>{}</mark>{}", show(a), show(m), show(b));
    }
    show(whole)
}

/// A table inside a horizontally scrolling box (on a phone, a table with a wide column shows
/// each row as a card instead). `header` cells are text (escaped here), `rows` cells are HTML
/// already (escape them with [`esc`]); `kinds` has one letter per column: `n` a number (right
/// aligned), `t` short text, `w` long text (a sentence).
pub(crate) fn table(header: &[&str], kinds: &str, rows: &[Vec<String>]) -> String {
    let kind = |i: usize| kinds.as_bytes().get(i).copied().unwrap_or(b't');
    let class = |i: usize| match kind(i) {
        b'n' => " class=\"n\"",
        b'w' => " class=\"w\"",
        _ => "",
    };
    let cards = if kinds.contains('w') { " class=\"cards\"" } else { "" };
    let mut s = format!("<div class=\"scroll\"><table{cards}>\n<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", class(i), esc(h));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        s.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let label = header.get(i).map(|h| esc(h)).unwrap_or_default();
            let _ = write!(s, "<td{} data-label=\"{label}\">{cell}</td>", class(i));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
    s
}

/// The report's style sheet (inline; no fonts or files from elsewhere).
pub(crate) const CSS: &str = r#"
:root { --fg: #1d2430; --muted: #5b6472; --line: #d8dde5; --bg: #ffffff; --band: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1rem 3rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.4rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.4rem; padding-top: 0.6rem;
  border-top: 3px solid var(--fg); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.3rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.2rem; color: var(--muted); }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0; }
.meta b { color: var(--fg); font-weight: 600; }
.howto { background: var(--band); border-left: 4px solid #2f6db5; padding: 0.6rem 0.9rem;
  margin: 1rem 0; font-size: 0.95rem; }
.howto h2 { border: 0; margin: 0 0 0.3rem; padding: 0; font-size: 1.05rem; }
nav ul { padding-left: 1.2rem; margin: 0.3rem 0; }
figure { margin: 0.6rem 0; }
figcaption { color: var(--muted); font-size: 0.85rem; }
svg { width: 100%; height: auto; display: block; }
.scroll > svg.chart { min-width: 680px; }
.scroll > svg.graph { min-width: 520px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.4rem 0 0.8rem; }
table { border-collapse: collapse; font-size: 0.88rem; min-width: 100%; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; white-space: nowrap; }
th { background: var(--band); white-space: normal; font-weight: 600; vertical-align: bottom; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td q { quotes: none; display: block; white-space: normal; min-width: 12rem; max-width: 40rem; }
mark { background: #ffe08a; padding: 0 0.1em; border-radius: 2px; }
code.url { font-size: 0.75rem; color: var(--muted); word-break: break-all; }
.note { color: var(--muted); font-size: 0.9rem; }
.neg { color: #b3261e; } .pos { color: #1b7f3b; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 600px) { body { font-size: 15px; padding: 0 0.6rem 2rem; }
  h1 { font-size: 1.3rem; } table { font-size: 0.82rem; }
  table.cards, table.cards tbody { display: block; min-width: 0; }
  table.cards thead { display: none; }
  table.cards tr { display: block; border-bottom: 1px solid var(--line); padding: 0.35rem 0; }
  table.cards td { display: inline-block; border: 0; padding: 0.05rem 0.7rem 0.05rem 0; }
  table.cards td[data-label]:not([data-label=""])::before { content: attr(data-label) ": ";
    color: var(--muted); font-size: 0.85em; }
  table.cards td.w { display: block; white-space: normal; }
  table.cards td.w::before { content: none; }
  table.cards td q { min-width: 0; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc010() {
        let rows: [(&str, &str, &str); 6] = [
            ("esc010", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("esc020", "AT&T & Co", "AT&amp;T &amp; Co"),
            ("esc030", r#"a "quoted" 'word'"#, "a &quot;quoted&quot; &#39;word&#39;"),
            (
                "esc040",
                "<img src=x onerror=\"alert(1)\">",
                "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",
            ),
            ("esc050", "México\u{0}\u{7} \t", "México \t"),
            ("esc060", "", ""),
        ];
        for (case, input, want) in rows {
            assert_eq!(esc(input), want, "{case}");
        }
    }

    #[test]
    fn mark010() {
        let text = "Bad! <b>Mexico</b> & friends. Next sentence.";
        let m0 = text.find("Mexico").unwrap();
        let s1 = text.find(" Next").unwrap();
        type Row<'a> = (&'a str, (usize, usize), (usize, usize), &'a str);
        let rows: [Row<'_>; 4] = [
            (
                "mark010",
                (0, s1),
                (m0, m0 + 6),
                "Bad! &lt;b&gt;<mark>Mexico</mark>&lt;/b&gt; &amp; friends.",
            ),
            // The mention outside the sentence: the sentence unmarked.
            ("mark020", (s1 + 1, text.len()), (m0, m0 + 6), "Next sentence."),
            // A sentence that does not fit the text: the mention alone.
            ("mark030", (0, 999), (m0, m0 + 6), "Mexico"),
            ("mark040", (0, 999), (0, 999), ""),
        ];
        for (case, s, m, want) in rows {
            assert_eq!(marked_sentence(text, s, m), want, "{case}");
        }
        // Not on a char boundary: no panic, the sentence unmarked.
        let t = "México es";
        assert_eq!(marked_sentence(t, (0, t.len()), (2, 4)), "México es");
    }
}

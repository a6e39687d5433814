//! Tokenising a text into scoring units: words (with informal spellings mapped and lexicon
//! phrases joined), emoji, emoticons and punctuation, each with its byte span.

use crate::lexicon::{Entry, LangData};
use citra_model::Span;
use citra_model::segment::{
    is_alphabetic as seg_is_alpha, is_alphanumeric as seg_is_alnum, russian_lowercase,
};

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A word or lexicon phrase.
    Word,
    /// An emoji or emoticon.
    Symbol,
    /// A user mention, URL or number: never scored.
    Other,
    /// A run of punctuation.
    Punct,
}

/// One scoring unit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit<'d> {
    /// Byte span in the text.
    pub(crate) span: Span,
    /// Canonical form: byte range in the scratch buffer.
    pub(crate) key: (u32, u32),
    /// Lexicon entry, if any.
    pub(crate) entry: Option<&'d Entry>,
    /// What the unit is.
    pub(crate) kind: Kind,
    /// Written in capitals (two letters or more).
    pub(crate) caps: bool,
    /// A letter was repeated three times or more ("bagusss").
    pub(crate) elongated: bool,
    /// A word written with a capital first letter and not all in capitals ("Santoso").
    pub(crate) title: bool,
    /// Punctuation: number of '!' in the run.
    pub(crate) bangs: u8,
    /// Punctuation: number of '?' in the run.
    pub(crate) questions: u8,
    /// Punctuation: ends a sentence ('.', '!', '?', newline).
    pub(crate) sentence_end: bool,
    /// Punctuation: ends a clause (';', ':', sentence end).
    pub(crate) clause_end: bool,
    /// Punctuation: a comma.
    pub(crate) comma: bool,
}

impl Unit<'_> {
    fn new(span: Span, kind: Kind) -> Self {
        Unit {
            span,
            key: (0, 0),
            entry: None,
            kind,
            caps: false,
            elongated: false,
            title: false,
            bangs: 0,
            questions: 0,
            sentence_end: false,
            clause_end: false,
            comma: false,
        }
    }

    /// The lexicon valence, if any.
    pub(crate) fn valence(&self) -> Option<f32> {
        self.entry.and_then(|e| e.valence)
    }

    /// True when the unit negates.
    pub(crate) fn is_neg(&self) -> bool {
        self.entry.is_some_and(|e| e.neg)
    }

    /// Intensifier increment, 0 if none.
    pub(crate) fn boost(&self) -> f32 {
        self.entry.map_or(0.0, |e| e.boost)
    }

    /// True for a contrast word.
    pub(crate) fn is_contrast(&self) -> bool {
        self.entry.is_some_and(|e| e.contrast)
    }
}

/// A tokenised text: units plus the buffer their canonical forms live in.
#[derive(Debug, Default)]
pub(crate) struct Units<'d> {
    /// The units, in text order.
    pub(crate) units: Vec<Unit<'d>>,
    /// Canonical forms.
    pub(crate) buf: String,
    /// True when every letter of the text is upper case (capitals then carry no emphasis).
    pub(crate) all_caps: bool,
}

impl<'d> Units<'d> {
    /// The canonical form of unit `i`.
    pub(crate) fn key(&self, i: usize) -> &str {
        self.units
            .get(i)
            .and_then(|u| self.buf.get(u.key.0 as usize..u.key.1 as usize))
            .unwrap_or("")
    }

    /// Tokenises `text` with the data of one language.
    pub(crate) fn build(text: &str, data: &'d LangData) -> Units<'d> {
        let mut out = Units {
            units: Vec::with_capacity(text.len() / 4 + 1),
            buf: String::with_capacity(text.len() + 16),
            all_caps: false,
        };
        let (mut upper, mut lower) = (0usize, 0usize);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let rest = text.get(i..).unwrap_or("");
            if rest.starts_with("http://")
                || rest.starts_with("https://")
                || rest.starts_with("www.")
            {
                // A URL: up to the next white space; never scored.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let key_start = out.buf.len();
                out.buf.push_str(text.get(i..end).unwrap_or(""));
                let mut u = Unit::new(Span::new(i, end), Kind::Other);
                u.key = (key_start as u32, out.buf.len() as u32);
                out.units.push(u);
            } else if seg_is_alnum(c) || c == '#' || c == '@' {
                // A word: letters, digits and inner apostrophes, hyphens, dots of URLs.
                let start = i;
                let mut end = i + c.len_utf8();
                let lead = c;
                let key_start = out.buf.len();
                let (mut caps, mut letters) = (true, 0usize);
                let mut elongated = false;
                // The last two chars pushed to this key, newest first.
                let mut tail: [Option<char>; 2] = [None, None];
                let mut push =
                    |out: &mut Units<'d>, ch: char, caps: &mut bool, letters: &mut usize| {
                        if let Some(lc) = russian_lowercase(ch) {
                            // The Russian alphabet, without the case tables: letters all, a
                            // small letter its own lowercase.
                            *letters += 1;
                            if lc == ch {
                                *caps = false;
                            }
                            if tail == [Some(lc), Some(lc)] {
                                elongated = true;
                                return;
                            }
                            out.buf.push(lc);
                            tail = [Some(lc), tail[0]];
                            return;
                        }
                        if seg_is_alpha(ch) {
                            *letters += 1;
                            if ch.is_lowercase() {
                                *caps = false;
                            }
                        }
                        let ch = if ch == '’' { '\'' } else { ch };
                        if ch.is_ascii() {
                            // Most chars: one lowercase char, no case-mapping iterator.
                            let lc = ch.to_ascii_lowercase();
                            if tail == [Some(lc), Some(lc)] && lc.is_ascii_alphabetic() {
                                elongated = true;
                                return;
                            }
                            out.buf.push(lc);
                            tail = [Some(lc), tail[0]];
                            return;
                        }
                        for lc in ch.to_lowercase() {
                            // Collapse a run of three or more of the same character to two.
                            if tail == [Some(lc), Some(lc)] && seg_is_alpha(lc) {
                                elongated = true;
                                continue;
                            }
                            out.buf.push(lc);
                            tail = [Some(lc), tail[0]];
                        }
                    };
                if c != '#' {
                    push(&mut out, c, &mut caps, &mut letters);
                }
                while let Some(&(j, d)) = chars.peek() {
                    let inner = matches!(d, '\'' | '’' | '-' | '_' | '.' | '/' | ':');
                    if seg_is_alnum(d) {
                        push(&mut out, d, &mut caps, &mut letters);
                    } else if inner {
                        // Inner punctuation only when a letter or digit follows.
                        let mut ahead = text.get(j + d.len_utf8()..).unwrap_or("").chars();
                        let next_ok = ahead.next().is_some_and(seg_is_alnum);
                        let so_far = &out.buf[key_start..];
                        let abbrev = d == '.' && {
                            // "U.S", "e.g", "a.m": single letters joined by dots.
                            let last = so_far.rsplit('.').next().unwrap_or("");
                            last.chars().count() == 1
                                && text.get(j + 1..).is_some_and(|r| {
                                    let mut cs = r.chars();
                                    cs.next().is_some_and(seg_is_alpha)
                                        && !cs.next().is_some_and(seg_is_alpha)
                                })
                        };
                        if !(next_ok && (d != '.' && d != ':' || abbrev)) {
                            break;
                        }
                        push(&mut out, d, &mut caps, &mut letters);
                    } else {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                if caps {
                    upper += letters;
                } else {
                    lower += letters;
                }
                let raw_key = out.buf.get(key_start..).unwrap_or("");
                let other = lead == '@'
                    || raw_key.starts_with("http")
                    || raw_key.starts_with("www.")
                    || raw_key.chars().all(|ch| !seg_is_alpha(ch));
                let mut u =
                    Unit::new(Span::new(start, end), if other { Kind::Other } else { Kind::Word });
                u.caps = caps && letters >= 2;
                u.elongated = elongated;
                u.title = !u.caps && lead.is_uppercase();
                // Informal spelling → standard form.
                if let Some(std) = data.norm.get(raw_key).filter(|_| !other) {
                    out.buf.truncate(key_start);
                    out.buf.push_str(std);
                }
                u.key = (key_start as u32, out.buf.len() as u32);
                out.units.push(u);
            } else if c.is_whitespace() {
                if c == '\n' {
                    if let Some(last) = out.units.last_mut().filter(|u| u.kind == Kind::Punct) {
                        last.sentence_end = true;
                        last.clause_end = true;
                    } else {
                        let mut u = Unit::new(Span::new(i, i + 1), Kind::Punct);
                        u.sentence_end = true;
                        u.clause_end = true;
                        out.units.push(u);
                    }
                }
            } else if is_modifier(c) {
                // Variation selectors, joiners, skin tones: part of the previous emoji.
            } else if is_symbol(c) {
                let key_start = out.buf.len();
                out.buf.push(c);
                let mut u = Unit::new(Span::new(i, i + c.len_utf8()), Kind::Symbol);
                u.key = (key_start as u32, out.buf.len() as u32);
                out.units.push(u);
            } else {
                // Punctuation run (and ASCII emoticons such as ":)" or ":-(").
                let start = i;
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || seg_is_alnum(d) || is_symbol(d) || is_modifier(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                // Emoticons may end in a letter: ":D", ":P", "xD" are left out; ":)" ":(" kept.
                let run = text.get(start..end).unwrap_or("");
                let key_start = out.buf.len();
                out.buf.push_str(run);
                if let Some((_, e)) =
                    data.entries.get_key_value(run).filter(|(_, e)| e.valence.is_some())
                {
                    let mut u = Unit::new(Span::new(start, end), Kind::Symbol);
                    u.key = (key_start as u32, out.buf.len() as u32);
                    u.entry = Some(e);
                    out.units.push(u);
                    continue;
                }
                let mut u = Unit::new(Span::new(start, end), Kind::Punct);
                u.key = (key_start as u32, out.buf.len() as u32);
                for d in run.chars() {
                    match d {
                        '!' => u.bangs = u.bangs.saturating_add(1),
                        '?' => u.questions = u.questions.saturating_add(1),
                        _ => {}
                    }
                    if matches!(d, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
                        u.sentence_end = true;
                    }
                    if matches!(d, ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”') {
                        u.clause_end = true;
                    }
                    if matches!(d, ',' | '、' | '，') {
                        u.comma = true;
                    }
                }
                // "U.S. is": a dot closing an abbreviation before a lower-case word ends nothing.
                let after_abbrev = run == "."
                    && out.units.last().is_some_and(|p| {
                        p.kind == Kind::Word && p.span.end == start && {
                            let w = text.get(p.span.start..p.span.end).unwrap_or("");
                            w.contains('.') || w.chars().count() == 1
                        }
                    })
                    && text.get(end..).is_some_and(|r| {
                        r.trim_start()
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_lowercase() || c.is_numeric())
                    });
                if after_abbrev {
                    u.sentence_end = false;
                }
                u.clause_end |= u.sentence_end;
                out.units.push(u);
            }
        }
        out.all_caps = upper > 0 && lower == 0;
        out.attach_entries(data);
        out
    }

    /// Joins lexicon phrases and looks every word up.
    fn attach_entries(&mut self, data: &'d LangData) {
        let n = self.units.len();
        let mut joined = String::new();
        let mut merged: Vec<Unit<'d>> = Vec::with_capacity(n);
        let mut i = 0;
        while i < n {
            let u = self.units[i];
            if u.kind == Kind::Symbol && u.entry.is_none() {
                let mut s = u;
                s.entry = data.entries.get(self.key(i)).filter(|e| e.is_active());
                merged.push(s);
                i += 1;
                continue;
            }
            if u.kind != Kind::Word {
                merged.push(u);
                i += 1;
                continue;
            }
            // Longest phrase first.
            let mut took = 0;
            if data.phrase_prefixes.contains(self.key(i)) {
                // Extend while the words so far begin some phrase; keep the longest match.
                joined.clear();
                joined.push_str(self.key(i));
                let mut best: Option<(usize, &'d Entry)> = None;
                for j in i + 1..n {
                    if self.units[j].kind != Kind::Word {
                        break;
                    }
                    joined.push(' ');
                    joined.push_str(self.key(j));
                    if let Some(e) = data.entries.get(joined.as_str()) {
                        best = Some((j + 1 - i, e));
                    }
                    if !data.phrase_prefixes.contains(joined.as_str()) {
                        break;
                    }
                }
                if let Some((len, e)) = best {
                    let mut p = u;
                    p.span = Span::new(u.span.start, self.units[i + len - 1].span.end);
                    let ks = self.buf.len();
                    for j in i..i + len {
                        if j > i {
                            self.buf.push(' ');
                        }
                        let (a, b) = self.units[j].key;
                        self.buf.extend_from_within(a as usize..b as usize);
                    }
                    p.key = (ks as u32, self.buf.len() as u32);
                    p.entry = Some(e);
                    p.elongated = (i..i + len).any(|j| self.units[j].elongated);
                    merged.push(p);
                    took = len;
                }
            }
            if took > 0 {
                i += took;
                continue;
            }
            let mut w = u;
            let found = {
                let key = self.key(i);
                let mut found = data.lookup(key);
                if found.is_none() && w.elongated {
                    let mut single = String::with_capacity(key.len());
                    for ch in key.chars() {
                        if !single.ends_with(ch) {
                            single.push(ch);
                        }
                    }
                    found = data.lookup(&single);
                }
                if found.is_none() && key.ends_with("n't") {
                    found = data.entries.get_key_value("n't").map(|(k, e)| (&**k, e));
                }
                found.map(|(form, e)| (form, e, form != key))
            };
            if let Some((form, e, differs)) = found {
                if differs {
                    let ks = self.buf.len();
                    self.buf.push_str(form);
                    w.key = (ks as u32, self.buf.len() as u32);
                }
                w.entry = e.is_active().then_some(e);
            }
            merged.push(w);
            i += 1;
        }
        self.units = merged;
    }
}

/// Emoji and pictographs (scored through the emoji lexicon).
fn is_symbol(c: char) -> bool {
    let u = c as u32;
    (0x2600..=0x27BF).contains(&u) || (0x1F000..=0x1FAFF).contains(&u) || u == 0x2B50 || u == 0x2764
}

/// Characters that modify the emoji before them.
fn is_modifier(c: char) -> bool {
    let u = c as u32;
    (0xFE00..=0xFE0F).contains(&u) || u == 0x200D || (0x1F3FB..=0x1F3FF).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Stemmer;

    fn data() -> LangData {
        LangData::build(
            "bagus\t2.4\nair mata\t-1.6\n:)\t2.0\n",
            "😀\t1.6\n",
            "neg\ttidak\nnorm\tgak\ttidak\nboost\tsangat\t0.293\n",
            Stemmer::Indonesian,
        )
    }

    /// The Russian alphabet's fast path reads each letter as the general path does: a letter,
    /// lowercased by the case tables, its case counted, a run of three collapsed to two.
    #[test]
    fn cyrillic_fast_path_equals_the_case_tables() {
        let d = data();
        for c in ('\u{0400}'..='\u{045F}').filter(|c| seg_is_alpha(*c)) {
            let lc: String = c.to_lowercase().collect();
            let text = format!("{c}{c}{c}");
            let u = Units::build(&text, &d);
            assert_eq!(u.units.len(), 1, "{c:?}");
            assert_eq!(u.key(0), lc.repeat(2), "{c:?}");
            let unit = &u.units[0];
            assert!(unit.elongated, "{c:?}");
            assert_eq!(unit.caps, c.is_uppercase(), "{c:?}");
            assert_eq!(u.all_caps, c.is_uppercase(), "{c:?}");
            assert_eq!(unit.kind, Kind::Word, "{c:?}");
        }
        let u = Units::build("Привет ЁЛКА", &d);
        assert_eq!((u.key(0), u.key(1)), ("привет", "ёлка"));
        assert!(u.units[0].title && !u.units[0].caps && u.units[1].caps);
    }

    #[test]
    fn units010() {
        let d = data();
        let rows: &[(&str, &[&str])] = &[
            ("Gak bagusss!!", &["tidak", "bagus", "!!"]),
            ("air mata :) 😀👍🏽", &["air mata", ":)", "😀", "👍"]),
            ("@user lihat https://t.co/x.y ya", &["@user", "lihat", "https://t.co/x.y", "ya"]),
            ("benar-benar BAGUS.", &["benar-benar", "bagus", "."]),
            ("the U.S. is", &["the", "u.s", ".", "is"]),
            ("", &[]),
        ];
        for (text, want) in rows {
            let u = Units::build(text, &d);
            let got: Vec<&str> = (0..u.units.len()).map(|i| u.key(i)).collect();
            assert_eq!(&got, want, "{text}");
            for unit in &u.units {
                assert!(text.get(unit.span.start..unit.span.end).is_some(), "{text}");
            }
        }
        let u = Units::build("the U.S. is. Then", &d);
        let ends: Vec<bool> = u.units.iter().map(|x| x.sentence_end).collect();
        assert_eq!(ends, [false, false, false, false, true, false]);
    }
}

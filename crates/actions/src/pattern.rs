//! Word patterns of the data files: lowercase words, `word*` prefixes, `*suffix` endings and
//! `_` gaps of 0–3 words.

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// The word itself.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
    /// Any word ending with this.
    Suffix(String),
    /// 0 to [`MAX_GAP`] words.
    Gap,
}

impl Tok {
    /// Whether word `w` matches this element (a gap matches no single word).
    fn accepts(&self, w: &str) -> bool {
        match self {
            Tok::Exact(e) => w == e,
            Tok::Prefix(p) => w.starts_with(p.as_str()),
            Tok::Suffix(s) => w.ends_with(s.as_str()) && w.len() > s.len(),
            Tok::Gap => false,
        }
    }
}

/// The most words a `_` skips.
pub(crate) const MAX_GAP: usize = 3;

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) toks: Vec<Tok>,
    /// Words that are not gaps (more is more specific).
    pub(crate) words: usize,
    /// Literal characters (more is more specific).
    pub(crate) chars: usize,
}

impl Pattern {
    /// Parses a pattern; `None` when it has no word.
    pub(crate) fn parse(s: &str) -> Option<Pattern> {
        let mut toks = Vec::new();
        let mut chars = 0;
        for w in s.split_whitespace() {
            let w = w.to_lowercase();
            let tok = if w == "_" {
                Tok::Gap
            } else if let Some(p) = w.strip_suffix('*').filter(|p| !p.is_empty()) {
                chars += p.chars().count();
                Tok::Prefix(p.to_owned())
            } else if let Some(p) = w.strip_prefix('*').filter(|p| !p.is_empty()) {
                chars += p.chars().count();
                Tok::Suffix(p.to_owned())
            } else {
                chars += w.chars().count();
                Tok::Exact(w)
            };
            toks.push(tok);
        }
        while matches!(toks.last(), Some(Tok::Gap)) {
            toks.pop();
        }
        while matches!(toks.first(), Some(Tok::Gap)) {
            toks.remove(0);
        }
        let words = toks.iter().filter(|t| !matches!(t, Tok::Gap)).count();
        (words > 0).then_some(Pattern { toks, words, chars })
    }

    /// Whether word `w` can be the first of a match: its first element accepts it (a pattern
    /// never starts with a gap). A cheap test before [`Pattern::match_at`], which answers `None`
    /// whenever this is false.
    pub(crate) fn may_start(&self, w: &str) -> bool {
        match self.toks.first() {
            Some(Tok::Gap) | None => true,
            Some(t) => t.accepts(w),
        }
    }

    /// The first byte of the first word when it is literal (for indexing), else `None`.
    pub(crate) fn first_byte(&self) -> Option<u8> {
        match self.toks.first() {
            Some(Tok::Exact(w) | Tok::Prefix(w)) => w.as_bytes().first().copied(),
            _ => None,
        }
    }

    /// The end (exclusive word index) of a match starting at word `i`, if any; the shortest
    /// gaps are tried first. `blocked(j)` marks words no match may cover.
    pub(crate) fn match_at(
        &self,
        words: &[String],
        i: usize,
        blocked: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        fn go(
            toks: &[Tok],
            words: &[String],
            i: usize,
            blocked: &dyn Fn(usize) -> bool,
        ) -> Option<usize> {
            let Some((first, rest)) = toks.split_first() else {
                return Some(i);
            };
            if let Tok::Gap = first {
                for g in 0..=MAX_GAP {
                    if g > 0 && (i + g > words.len() || blocked(i + g - 1)) {
                        break;
                    }
                    if let Some(end) = go(rest, words, i + g, blocked) {
                        return Some(end);
                    }
                }
                return None;
            }
            let w = words.get(i)?;
            if blocked(i) {
                return None;
            }
            if first.accepts(w) { go(rest, words, i + 1, blocked) } else { None }
        }
        go(&self.toks, words, i, blocked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn pattern010() {
        let rows: [(&str, &str, usize, Option<usize>); 8] = [
            ("restor* _ ties", "restore full diplomatic ties", 0, Some(4)),
            ("restor* _ ties", "restore ties", 0, Some(2)),
            ("restor* _ ties", "restore a b c d ties", 0, None),
            ("condemn*", "they condemned it", 1, Some(2)),
            ("*n't", "didn't", 0, Some(1)),
            ("*n't", "n't", 0, None),
            ("war games", "war gamesx", 0, None),
            ("hand* over", "handed over", 0, Some(2)),
        ];
        for (p, text, at, want) in rows {
            let pat = Pattern::parse(p).unwrap();
            assert_eq!(pat.match_at(&words(text), at, &|_| false), want, "{p} on {text}");
        }
        assert!(Pattern::parse("_").is_none());
    }
}

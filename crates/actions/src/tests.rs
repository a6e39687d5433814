use super::*;

/// Mentions of the given surfaces (first occurrence) with their codes.
pub(crate) fn ments(text: &str, pairs: &[(&str, &str)]) -> Vec<Mention> {
    let mut v: Vec<Mention> = pairs
        .iter()
        .flat_map(|(surface, code)| {
            text.match_indices(surface).map(move |(s, _)| (s, *surface, *code))
        })
        .map(|(s, surface, code)| Mention::name(code, surface, Span::new(s, s + surface.len())))
        .collect();
    v.sort_by_key(|m| m.span);
    v
}

pub(crate) fn run(text: &str, lang: Lang, pairs: &[(&str, &str)]) -> Vec<String> {
    let m = ments(text, pairs);
    let c = ActionCoder::shared().code(text, &OffsetMap::identity(text.len()), lang, &m, None);
    c.events
        .iter()
        .map(|e| {
            format!("{}>{}:{}{}", e.source, e.target, e.code, if e.negated { "!" } else { "" })
        })
        .collect()
}

#[test]
fn roles010() {
    let t = "Palestinians blamed Israel for the bombing of Raed Karmi in the West Bank City of Tulkarm.";
    let got = run(t, Lang::Eng, &[("Israel", "ISR")]);
    assert_eq!(got, ["PSE>ISR:112"]);
}

#[test]
fn roles020() {
    let t = "The Calenardhon government condemned an attack by Osgiliath soldiers in south Ithilen on Thursday and promised aid to the affected Ithilen villages.";
    let got =
        run(t, Lang::Eng, &[("Calenardhon", "CAL"), ("Osgiliath", "OSG"), ("Ithilen", "ITH")]);
    assert_eq!(got, ["CAL>OSG:111", "CAL>ITH:111", "CAL>ITH:030"]);
}

#[test]
fn roles030() {
    let t = "European Community foreign ministers agreed in principle on Saturday to provide about 70 million dollars of aid for Romania and Poland.";
    let got =
        run(t, Lang::Eng, &[("European Community", "IGO"), ("Romania", "ROU"), ("Poland", "POL")]);
    assert_eq!(got, ["IGO>ROU:033", "IGO>POL:033"]);
}

#[test]
fn roles040() {
    let t = "Arnor is about to improve full diplomatic ties with Gondor, almost five years after Calenardhon crowds burned down its embassy, a clearly inebriated Bree official said today.";
    let got = run(
        t,
        Lang::Eng,
        &[("Arnor", "ARN"), ("Gondor", "GON"), ("Calenardhon", "CAL"), ("Bree", "BRE")],
    );
    // Calenardhon is in an adverbial clause, not a target of "improve ties".
    assert_eq!(got, ["ARN>GON:050"]);
}

#[test]
fn dedup010_one_act_one_event() {
    // A country named twice around one verb is one event, not one per name.
    let us = &[("United States", "USA"), ("US", "USA"), ("Iran", "IRN")][..];
    type Row<'a> = (&'a str, Lang, &'a [(&'a str, &'a str)]);
    let rows: &[Row<'_>] = &[
        ("The United States (US) sanctions Iran", Lang::Eng, us),
        ("Jokowi mengecam Israel, Israel harus berhenti", Lang::Ind, &[("Israel", "ISR")]),
    ];
    for (text, lang, pairs) in rows {
        let got = run(text, *lang, pairs);
        let mut uniq = got.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(got.len(), uniq.len(), "{text}: {got:?}");
    }
    assert_eq!(run(rows[0].0, Lang::Eng, us), ["USA>IRN:163"]);
}

/// A sentence over `MAX_WORDS` words is reported, at its span in the original text, whether the
/// text names a country (the full pass) or nothing at all (the short cut for most posts).
#[test]
fn truncated010_long_sentences_reported_either_way() {
    let long = vec!["word"; MAX_WORDS + 5].join(" ");
    let short = "A short one.";
    for name in ["", " Mexico"] {
        let norm = format!("{short} {long}{name}.");
        // The original had a double space the normalizer collapsed: spans shift by one.
        let original = format!("{short}  {long}{name}.");
        let origins: Vec<usize> =
            (0..norm.len()).map(|i| if i <= short.len() { i } else { i + 1 }).collect();
        let map = OffsetMap::from_origins(origins, original.len());
        let mentions = ments(&norm, &[("Mexico", "MEX")]);
        let c = ActionCoder::shared().code(&norm, &map, Lang::Eng, &mentions, None);
        let d: Vec<_> = c.diagnostics.iter().filter(|d| d.code == "sentence-truncated").collect();
        assert_eq!(d.len(), 1, "{name:?}: {:?}", c.diagnostics);
        let span = d[0].span.expect("the sentence's span");
        assert_eq!(span.start, short.len() + 2, "{name:?}");
        assert_eq!(span.slice(&original).map(|s| s.starts_with("word")), Some(true));
        assert_eq!(c.themes.len(), mentions.len());
    }
}

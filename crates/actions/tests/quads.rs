//! Table-driven tests: each quad class in English, Indonesian and Spanish, with negation,
//! refusal and stated future actions (threats), plus a proptest that the stage is total.

use citra_actions::{ActionCoder, ActorDict};
use citra_model::{Lang, Mention, MentionKind, OffsetMap, Quad, Span};
use proptest::prelude::*;

/// Mentions of every occurrence of the given surfaces, with their codes.
fn mentions(text: &str, pairs: &[(&str, &str)]) -> Vec<Mention> {
    let mut v: Vec<Mention> = pairs
        .iter()
        .flat_map(|&(surface, code)| {
            text.match_indices(surface).map(move |(s, _)| (s, surface, code))
        })
        .map(|(s, surface, code)| Mention::name(code, surface, Span::new(s, s + surface.len())))
        .collect();
    v.sort_by_key(|m| m.span);
    v
}

/// (source, target, code, quad, negated) of every event.
fn code(
    text: &str,
    lang: Lang,
    pairs: &[(&str, &str)],
    author: Option<&str>,
) -> Vec<(String, String, String, Quad, bool)> {
    let m = mentions(text, pairs);
    let c = ActionCoder::shared().code(text, &OffsetMap::identity(text.len()), lang, &m, author);
    c.events.into_iter().map(|e| (e.source, e.target, e.code, e.quad, e.negated)).collect()
}

use Quad::{MaterialConflict as MX, MaterialCoop as MC, VerbalConflict as VX, VerbalCoop as VC};

type Row = (
    &'static str,
    Lang,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
    (&'static str, &'static str, &'static str, Quad, bool),
);

const ROWS: &[Row] = &[
    // English
    (
        "en010",
        Lang::Eng,
        "Indonesia praised Malaysia for its help.",
        &[("Indonesia", "IDN"), ("Malaysia", "MYS")],
        None,
        ("IDN", "MYS", "051", VC, false),
    ),
    (
        "en020",
        Lang::Eng,
        "Japan sent humanitarian aid to Turkey.",
        &[("Japan", "JPN"), ("Turkey", "TUR")],
        None,
        ("JPN", "TUR", "073", MC, false),
    ),
    (
        "en030",
        Lang::Eng,
        "Indonesia condemned Israel.",
        &[("Indonesia", "IDN"), ("Israel", "ISR")],
        None,
        ("IDN", "ISR", "111", VX, false),
    ),
    (
        "en040",
        Lang::Eng,
        "Russia attacked Ukraine on Monday.",
        &[("Russia", "RUS"), ("Ukraine", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, false),
    ),
    (
        "en050",
        Lang::Eng,
        "Russia did not attack Ukraine on Monday.",
        &[("Russia", "RUS"), ("Ukraine", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, true),
    ),
    (
        "en060",
        Lang::Eng,
        "The United States will build a wall on the border with Mexico.",
        &[("United States", "USA"), ("Mexico", "MEX")],
        None,
        ("USA", "MEX", "132", VX, false),
    ),
    (
        "en070",
        Lang::Eng,
        "Mexico refuses to pay for the wall.",
        &[("Mexico", "MEX")],
        Some("USA"),
        ("MEX", "USA", "1211", VX, false),
    ),
    (
        "en080",
        Lang::Eng,
        "Mexico sends drugs into America and America will sanction Mexico.",
        &[("Mexico", "MEX"), ("America", "USA")],
        None,
        ("USA", "MEX", "1312", VX, false),
    ),
    (
        "en090",
        Lang::Eng,
        "Canada will provide aid to Haiti.",
        &[("Canada", "CAN"), ("Haiti", "HTI")],
        None,
        ("CAN", "HTI", "033", VC, false),
    ),
    (
        "en100",
        Lang::Eng,
        "Brazil never criticized Argentina.",
        &[("Brazil", "BRA"), ("Argentina", "ARG")],
        None,
        ("BRA", "ARG", "111", VX, true),
    ),
    // Indonesian
    (
        "id010",
        Lang::Ind,
        "Indonesia memuji Malaysia atas kerja kerasnya.",
        &[("Indonesia", "IDN"), ("Malaysia", "MYS")],
        None,
        ("IDN", "MYS", "051", VC, false),
    ),
    (
        "id020",
        Lang::Ind,
        "Jepang mengirim bantuan ke Turki.",
        &[("Jepang", "JPN"), ("Turki", "TUR")],
        None,
        ("JPN", "TUR", "070", MC, false),
    ),
    (
        "id030",
        Lang::Ind,
        "Indonesia mengecam Israel.",
        &[("Indonesia", "IDN"), ("Israel", "ISR")],
        None,
        ("IDN", "ISR", "111", VX, false),
    ),
    (
        "id040",
        Lang::Ind,
        "Rusia menyerang Ukraina.",
        &[("Rusia", "RUS"), ("Ukraina", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, false),
    ),
    (
        "id050",
        Lang::Ind,
        "Rusia tidak menyerang Ukraina.",
        &[("Rusia", "RUS"), ("Ukraina", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, true),
    ),
    (
        "id060",
        Lang::Ind,
        "Amerika Serikat akan membangun tembok di perbatasan dengan Meksiko.",
        &[("Amerika Serikat", "USA"), ("Meksiko", "MEX")],
        None,
        ("USA", "MEX", "132", VX, false),
    ),
    (
        "id070",
        Lang::Ind,
        "Meksiko menolak membayar tembok itu.",
        &[("Meksiko", "MEX")],
        Some("USA"),
        ("MEX", "USA", "1211", VX, false),
    ),
    (
        "id080",
        Lang::Ind,
        "Malaysia belum mengkritik Indonesia.",
        &[("Malaysia", "MYS"), ("Indonesia", "IDN")],
        None,
        ("MYS", "IDN", "111", VX, true),
    ),
    // Spanish
    (
        "es010",
        Lang::Spa,
        "México elogió a Canadá por el acuerdo.",
        &[("México", "MEX"), ("Canadá", "CAN")],
        None,
        ("MEX", "CAN", "051", VC, false),
    ),
    (
        "es020",
        Lang::Spa,
        "España entregó ayuda a Marruecos.",
        &[("España", "ESP"), ("Marruecos", "MAR")],
        None,
        ("ESP", "MAR", "070", MC, false),
    ),
    (
        "es030",
        Lang::Spa,
        "Venezuela condenó a Estados Unidos.",
        &[("Venezuela", "VEN"), ("Estados Unidos", "USA")],
        None,
        ("VEN", "USA", "111", VX, false),
    ),
    (
        "es040",
        Lang::Spa,
        "Rusia atacó Ucrania.",
        &[("Rusia", "RUS"), ("Ucrania", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, false),
    ),
    (
        "es050",
        Lang::Spa,
        "Rusia no atacó Ucrania.",
        &[("Rusia", "RUS"), ("Ucrania", "UKR")],
        None,
        ("RUS", "UKR", "190", MX, true),
    ),
    (
        "es060",
        Lang::Spa,
        "Estados Unidos construirá un muro en la frontera con México.",
        &[("Estados Unidos", "USA"), ("México", "MEX")],
        None,
        ("USA", "MEX", "132", VX, false),
    ),
    (
        "es070",
        Lang::Spa,
        "México se niega a pagar el muro.",
        &[("México", "MEX")],
        Some("USA"),
        ("MEX", "USA", "1211", VX, false),
    ),
    (
        "es080",
        Lang::Spa,
        "Chile va a enviar ayuda a Perú.",
        &[("Chile", "CHL"), ("Perú", "PER")],
        None,
        ("CHL", "PER", "033", VC, false),
    ),
];

#[test]
fn quads010() {
    let mut failures = Vec::new();
    for (id, lang, text, pairs, author, want) in ROWS {
        let got = code(text, *lang, pairs, *author);
        let want = (want.0.to_owned(), want.1.to_owned(), want.2.to_owned(), want.3, want.4);
        if !got.contains(&want) {
            failures.push(format!("{id}: {text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn quads020_every_quad_in_every_language() {
    for lang in [Lang::Eng, Lang::Ind, Lang::Spa] {
        for quad in Quad::ALL {
            let n = ROWS.iter().filter(|r| r.1 == lang && (r.5).3 == quad).count();
            assert!(n > 0, "no row for {quad:?} in {lang:?}");
        }
        assert!(ROWS.iter().any(|r| r.1 == lang && (r.5).4), "no negated row in {lang:?}");
    }
}

#[test]
fn goldstein010() {
    let rows = [
        ("051", 3.4),
        ("073", 7.4),
        ("111", -2.0),
        ("190", -10.0),
        ("1211", -4.0),
        ("132", -5.8),
        ("0871", 9.0),
    ];
    for (c, g) in rows {
        assert_eq!(ActionCoder::goldstein(c), g, "{c}");
    }
    assert_eq!(ActionCoder::classify("138"), Some((13, VX)));
    assert_eq!(ActionCoder::classify("21"), None);
    // A negated event did not happen: intensity 0.
    let t = "Russia did not attack Ukraine.";
    let m = mentions(t, &[("Russia", "RUS"), ("Ukraine", "UKR")]);
    let c = ActionCoder::shared().code(t, &OffsetMap::identity(t.len()), Lang::Eng, &m, None);
    assert_eq!(c.events[0].goldstein, 0.0);
}

#[test]
fn themes010() {
    type ThemeRow<'a> = (&'a str, Lang, &'a [(&'a str, &'a str)], &'a [&'a str]);
    let rows: [ThemeRow; 4] = [
        (
            "Mexico sends drugs across the border.",
            Lang::Eng,
            &[("Mexico", "MEX")],
            &["border", "drugs"],
        ),
        (
            "Indonesia dan Malaysia membahas perdagangan minyak sawit.",
            Lang::Ind,
            &[("Indonesia", "IDN")],
            &["trade"],
        ),
        (
            "México y Estados Unidos hablan de aranceles y migración.",
            Lang::Spa,
            &[("México", "MEX")],
            &["migration", "tariffs"],
        ),
        ("Japan and Korea. They talk about tourism.", Lang::Eng, &[("Japan", "JPN")], &["tourism"]),
    ];
    for (text, lang, pairs, want) in rows {
        let m = mentions(text, pairs);
        let c = ActionCoder::shared().code(text, &OffsetMap::identity(text.len()), lang, &m, None);
        assert_eq!(c.themes[0], want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{text}");
    }
}

#[test]
fn demonyms010() {
    // Demonyms the mention stage does not report are actors for events.
    let t = "Senior Hungarian and Romanian officials agreed to reopen the border.";
    let c = ActionCoder::shared().code(t, &OffsetMap::identity(t.len()), Lang::Eng, &[], None);
    let pairs: Vec<(String, String)> =
        c.events.iter().map(|e| (e.source.clone(), e.target.clone())).collect();
    assert!(pairs.contains(&("HUN".into(), "ROU".into())), "{pairs:?}");
    assert!(pairs.contains(&("ROU".into(), "HUN".into())), "{pairs:?}");
    assert!(c.events.iter().all(|e| e.mention.is_none()));
}

#[test]
fn actors010() {
    let d = ActorDict::parse("Gondor\tGON\nMinas_Tirith\tGON\n# comment\nArnor\tARN\n", "x.tsv")
        .unwrap();
    assert_eq!(d.len(), 3);
    let found: Vec<(usize, String)> = d
        .find("Arnor met Minas Tirith; gondor too. Arnorian")
        .into_iter()
        .map(|(s, c)| (s.start, c))
        .collect();
    // Names written with a capital match only capitalised ("gondor" is not Gondor).
    assert_eq!(found, [(0, "ARN".into()), (10, "GON".into())]);
    assert!(ActorDict::parse("no tab here", "x.tsv").is_err());
    let un = ActorDict::organisations().find("The UN and the un");
    assert_eq!(un.len(), 1, "lowercase 'un' is not the UN");
}

proptest! {
    #[test]
    fn total_and_spans_on_boundaries(text in "\\PC{0,200}", cut in 0usize..200) {
        // One mention over the first word, if any.
        let words = citra_model::segment::words(&text);
        let ms: Vec<Mention> = words.iter().take(1).chain(words.iter().skip(cut % 7).take(1)).map(|s| Mention {
            country: "XXX".into(), actor: None, surface: s.slice(&text).unwrap_or("").into(),
            span: *s, norm_span: *s, kind: MentionKind::Name, confidence: 1.0, tone: None,
        }).collect();
        let c = ActionCoder::shared().code(&text, &OffsetMap::identity(text.len()), Lang::Eng, &ms, Some("USA"));
        prop_assert_eq!(c.themes.len(), ms.len());
        for e in &c.events {
            prop_assert!(e.sentence.slice(&text).is_some());
            prop_assert!(e.trigger.slice(&text).is_some());
            prop_assert!(e.trigger.start >= e.sentence.start && e.trigger.end <= e.sentence.end);
            prop_assert!((-10.0..=10.0).contains(&e.goldstein));
            prop_assert_eq!(Quad::of_root(e.root), Some(e.quad));
        }
    }
}

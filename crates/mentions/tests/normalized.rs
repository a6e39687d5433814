//! Mentions found on text prepared by the real normalizer map back into the original text.

use citra_mentions::Gazetteer;
use citra_model::{Lang, MentionKind};

fn find(original: &str, lang: Lang) -> Vec<(String, String, MentionKind)> {
    let norm = citra_normalize::normalize(original);
    let (ms, diags) = Gazetteer::shared().find(original, &norm.text, &norm.map, lang);
    assert!(diags.is_empty(), "{diags:?}");
    for m in &ms {
        assert_eq!(m.span.slice(original), Some(m.surface.as_str()), "{m:?}");
        assert!(m.norm_span.slice(&norm.text).is_some(), "{m:?}");
    }
    ms.into_iter().map(|m| (m.surface, m.country, m.kind)).collect()
}

type Row = (&'static str, Lang, &'static [(&'static str, &'static str, MentionKind)]);

#[test]
fn normalized010() {
    let rows: &[Row] = &[
        (
            "Viva #Mexico &amp; EE.UU.!",
            Lang::Spa,
            &[
                ("#Mexico", "MEX", MentionKind::Hashtag),
                ("EE.UU.", "USA", MentionKind::Abbreviation),
            ],
        ),
        (
            "Kerja sama RI di-AS dan ke-Meksiko",
            Lang::Ind,
            &[
                ("RI", "IDN", MentionKind::Abbreviation),
                ("AS", "USA", MentionKind::Abbreviation),
                ("Meksiko", "MEX", MentionKind::Name),
            ],
        ),
        (
            "Mexico’s leader met @SecPompeo in Washington.",
            Lang::Eng,
            &[
                ("Mexico", "MEX", MentionKind::Name),
                ("@SecPompeo", "USA", MentionKind::Handle),
                ("Washington", "USA", MentionKind::Capital),
            ],
        ),
        // Hashtags and handles that are people are not countries; the split hashtag
        // "#SuperTuesday" is US-state evidence for Georgia.
        ("Thank you #JimJordan, @Jim_Jordan and #ChadWolf!", Lang::Eng, &[]),
        ("Thank you Georgia! #SuperTuesday", Lang::Eng, &[]),
        (
            "Big #MAGA rally in Lebanon, Ohio! #Israel",
            Lang::Eng,
            &[("#Israel", "ISR", MentionKind::Hashtag)],
        ),
        (
            "#Россия и #Украина: Россией, Украину",
            Lang::Rus,
            &[
                ("#Россия", "RUS", MentionKind::Hashtag),
                ("#Украина", "UKR", MentionKind::Hashtag),
                ("Россией", "RUS", MentionKind::Name),
                ("Украину", "UKR", MentionKind::Name),
            ],
        ),
        (
            "墨西哥和#中国",
            Lang::Zho,
            &[("墨西哥", "MEX", MentionKind::Name), ("中国", "CHN", MentionKind::Hashtag)],
        ),
    ];
    for (text, lang, want) in rows {
        let got = find(text, *lang);
        let surfaces: Vec<(String, String, MentionKind)> =
            want.iter().map(|(s, c, k)| (s.to_string(), c.to_string(), *k)).collect();
        // The normalizer maps the split hashtag "mexico" back to "#Mexico", '#' included.
        assert_eq!(got, surfaces, "{text}");
    }
}

#[test]
fn data010() {
    let g = Gazetteer::shared();
    let mut a3: Vec<&str> = g.countries().map(|c| c.alpha3).collect();
    assert_eq!(a3.len(), 249);
    a3.sort_unstable();
    a3.dedup();
    assert_eq!(a3.len(), 249, "alpha-3 codes are unique");
    assert!(g.countries().all(|c| c.alpha2.len() == 2 && !c.name_en.is_empty()));
    for a in g.actors() {
        // EUU (the European Union) is the one polity that is no ISO 3166-1 country.
        assert!(g.country_by_alpha3(a.country).is_some() || a.country == "EUU", "{}", a.id);
        assert_eq!(g.actor_by_id(a.id).map(|x| x.id), Some(a.id));
    }
}

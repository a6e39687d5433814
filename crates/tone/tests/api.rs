//! The public API on the shipped data: document tone per language, target tone with roles, and
//! properties on arbitrary text.

use ToneLabel::{Negative as Neg, Neutral as Neu, Positive as Pos};
use citra_model::{Lang, Mention, MentionKind, Span, ToneLabel};
use citra_tone::{TargetOptions, ToneScorer, label_of};
use proptest::prelude::*;

fn mention(text: &str, country: &str, surface: &str) -> Mention {
    let start = text.find(surface).unwrap_or(0);
    Mention::name(country, surface, Span::new(start, start + surface.len()))
}

#[test]
fn models005() {
    let s = ToneScorer::shared();
    for (lang, want) in
        [(Lang::Ind, true), (Lang::Eng, true), (Lang::Spa, true), (Lang::Fra, false)]
    {
        assert_eq!(s.has_model(lang), want, "{lang}");
    }
}

#[test]
fn document010() {
    let rows: &[(Lang, &str, ToneLabel)] = &[
        (Lang::Ind, "pelayanannya sangat bagus dan ramah , saya puas sekali", Pos),
        (Lang::Ind, "makanannya tidak enak , kecewa banget sama pelayanannya", Neg),
        (Lang::Ind, "Mantappp bgt, makasih ya kak 😍", Pos),
        (Lang::Ind, "gak bagus, barangnya rusak", Neg),
        (Lang::Eng, "I love this, what a great day!", Pos),
        (Lang::Eng, "This is terrible, I hate it.", Neg),
        (Lang::Eng, "The new phone is not good at all", Neg),
        (Lang::Spa, "Me encanta, es muy bueno", Pos),
        (Lang::Spa, "Qué asco, es horrible y no me gusta nada", Neg),
        (Lang::Fra, "Merci 😍😍", Pos),
        // Flags (regional-indicator letters) carry no tone; the angry faces do.
        (Lang::Eng, "🇲🇽🇺🇸😡😡", Neg),
        (Lang::Und, "🇲🇽🇺🇸😡😡", Neg),
        (Lang::Und, "🇲🇽🇺🇸🇮🇩🇪🇸", Neu),
        (Lang::Und, "👍🏽", Pos),
        (Lang::Fra, "Je suis à la maison", Neu),
        (Lang::Und, "", Neu),
    ];
    let s = ToneScorer::shared();
    for (lang, text, want) in rows {
        let t = s.score(text, *lang);
        assert_eq!(t.label, *want, "{lang} {text:?}: {t:?}");
        assert!((-1.0..=1.0).contains(&t.score) && (0.0..=1.0).contains(&t.confidence));
    }
    // Languages without a lexicon score with low confidence.
    assert!(s.score("Merci 😍😍", Lang::Fra).confidence <= 0.5);
}

#[test]
fn targets020() {
    // (language, text, [(country, surface, expected tone toward it)])
    type Row<'a> = (Lang, &'a str, &'a [(&'a str, &'a str, ToneLabel)]);
    let rows: &[Row] = &[
        (
            Lang::Eng,
            "Mexico is sending drugs into America",
            &[("MEX", "Mexico", Neg), ("USA", "America", Neu)],
        ),
        (
            Lang::Ind,
            "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem",
            &[("IDN", "Indonesia", Neu), ("USA", "Amerika Serikat", Neg)],
        ),
        (
            Lang::Eng,
            "Thank you Japan for the help, but China steals our jobs",
            &[("JPN", "Japan", Pos), ("CHN", "China", Neg)],
        ),
        (
            Lang::Spa,
            "Gracias México, pero condenamos a Venezuela",
            &[("MEX", "México", Pos), ("VEN", "Venezuela", Neg)],
        ),
        (
            Lang::Ind,
            "Terima kasih Jepang, tetapi Rusia menyerang Ukraina",
            &[("JPN", "Jepang", Pos), ("RUS", "Rusia", Neg), ("UKR", "Ukraina", Neu)],
        ),
        (Lang::Ind, "makasih Jepang", &[("JPN", "Jepang", Pos)]),
        (Lang::Eng, "We condemn Russia", &[("RUS", "Russia", Neg)]),
        (
            Lang::Eng,
            "Ukraine was attacked by Russia",
            &[("UKR", "Ukraine", Neu), ("RUS", "Russia", Neg)],
        ),
        (Lang::Spa, "Condenamos a Venezuela", &[("VEN", "Venezuela", Neg)]),
        (Lang::Eng, "Russia did not attack Ukraine", &[("RUS", "Russia", Neu)]),
        (
            Lang::Eng,
            "Russia and Belarus attack Ukraine",
            &[("RUS", "Russia", Neg), ("BLR", "Belarus", Neg), ("UKR", "Ukraine", Neu)],
        ),
        (
            Lang::Eng,
            "We strongly condemn Russia and Belarus",
            &[("RUS", "Russia", Neg), ("BLR", "Belarus", Neg)],
        ),
        (
            Lang::Spa,
            "El gobierno de México condena el ataque de Rusia contra Ucrania",
            &[("MEX", "México", Neu), ("RUS", "Rusia", Neg)],
        ),
        // "help" is too far from Mexico to make it the patient of praise.
        (
            Lang::Eng,
            "We need the Wall to help stop the massive inflow of drugs from Mexico, now rated the \
             number one most dangerous country in the world.",
            &[("MEX", "Mexico", Neg)],
        ),
        (Lang::Ind, "Ukraina diserang Rusia", &[("UKR", "Ukraina", Neu), ("RUS", "Rusia", Neg)]),
        (
            Lang::Spa,
            "Ucrania fue atacada por Rusia",
            &[("UKR", "Ucrania", Neu), ("RUS", "Rusia", Neg)],
        ),
        // The subject of a copula or ranking verb takes the tone of its predicate.
        (
            Lang::Eng,
            "Mexico was just ranked the second deadliest country in the world, after only Syria. \
             Drug trade is largely the cause. We will BUILD THE WALL!",
            &[("MEX", "Mexico", Neg)],
        ),
        (Lang::Eng, "Mexico is a terrible place", &[("MEX", "Mexico", Neg)]),
        (Lang::Eng, "Japan is not a bad place", &[("JPN", "Japan", Pos)]),
        (Lang::Eng, "Canada has been rated the best country", &[("CAN", "Canada", Pos)]),
        (Lang::Eng, "Canada is in North America", &[("CAN", "Canada", Neu)]),
        (Lang::Eng, "Mexico is amazing", &[("MEX", "Mexico", Pos)]),
        // "like" after a copula compares; the predicate ends at a subordinator.
        (Lang::Eng, "Canada is like a second home", &[("CAN", "Canada", Neu)]),
        (
            Lang::Eng,
            "Cuba was such a bad ally that you could win a prize by avoiding it",
            &[("CUB", "Cuba", Neg)],
        ),
        // A coordination of subjects shares the copula.
        (
            Lang::Eng,
            "Mexico and Canada will be wonderful partners in Trade",
            &[("MEX", "Mexico", Pos), ("CAN", "Canada", Pos)],
        ),
        (
            Lang::Eng,
            "Mexico has taken advantage of the U.S. for long enough.",
            &[("MEX", "Mexico", Neg), ("USA", "U.S.", Neu)],
        ),
        // The possessor takes the tone of what it possesses.
        (
            Lang::Eng,
            "I have a lawsuit in Mexico's corrupt court system that I won but so far can't \
             collect. Don't do business with Mexico!",
            &[("MEX", "Mexico", Neg)],
        ),
        (Lang::Eng, "Japan's wonderful people welcomed us, Peru", &[("JPN", "Japan", Pos)]),
        (Lang::Eng, "Chile's capital is Santiago", &[("CHL", "Chile", Neu)]),
        // A pronoun between the target and a verb is the verb's subject, not the target.
        (Lang::Eng, "My trip to Peru and I love it", &[("PER", "Peru", Pos)]),
        // A negator reaches across an abbreviation's dot.
        (Lang::Eng, "Mexico is not a U.S. friend.", &[("MEX", "Mexico", Neg)]),
        // "is making" is no copula: "good" is about the deals, not about the United States.
        (
            Lang::Eng,
            "Only very stupid people think that the United States is making good trade deals \
             with Mexico.",
            &[("USA", "United States", Neg)],
        ),
        // The patient of a negative act gets no praise from words far after it.
        (
            Lang::Eng,
            "Mexico is killing the United States economically because their leaders and \
             negotiators are FAR smarter than ours.",
            &[("MEX", "Mexico", Neg), ("USA", "United States", Neu)],
        ),
        (Lang::Ind, "Meksiko adalah negara paling berbahaya di dunia", &[("MEX", "Meksiko", Neg)]),
        (Lang::Ind, "Meksiko merupakan negara terburuk", &[("MEX", "Meksiko", Neg)]),
        (Lang::Ind, "Jepang adalah negara terbaik", &[("JPN", "Jepang", Pos)]),
        (Lang::Spa, "México es el país más peligroso del mundo", &[("MEX", "México", Neg)]),
        (Lang::Spa, "Venezuela es el peor país", &[("VEN", "Venezuela", Neg)]),
        // "un" carries no valence: "un ejemplo" is no reproach.
        (
            Lang::Spa,
            "Argentina es un desastre, pero Chile es un ejemplo",
            &[("ARG", "Argentina", Neg), ("CHL", "Chile", Neu)],
        ),
        (Lang::Spa, "Chile es un país buenísimo", &[("CHL", "Chile", Pos)]),
        // The U.S. abbreviation does not end the sentence.
        (Lang::Eng, "The U.S. condemns Iran", &[("USA", "U.S.", Neu), ("IRN", "Iran", Neg)]),
    ];
    let s = ToneScorer::shared();
    let rules = TargetOptions { target_model: false, ..TargetOptions::default() };
    // The rules get every row; the target model (which decides where no role does) gets every
    // row but these, its known errors (listed in the accuracy notes): when it gets one right,
    // remove it here.
    let model_wrong: &[&str] = &["Canada is like a second home"];
    let mut wrong = Vec::new();
    for (lang, text, want) in rows {
        for (opts, with_model) in [(&rules, false), (&TargetOptions::default(), true)] {
            let mut ms: Vec<Mention> =
                want.iter().map(|(c, surf, _)| mention(text, c, surf)).collect();
            s.score_targets_with(text, *lang, &mut ms, opts);
            for (m, (c, _, label)) in ms.iter().zip(want.iter()) {
                let t = m.tone.unwrap_or(citra_model::Tone::neutral(0.0));
                if !with_model {
                    assert_eq!(t.label, *label, "rules: {lang} {text:?} toward {c}: {t:?}");
                } else if t.label != *label {
                    wrong.push(*text);
                }
            }
        }
    }
    assert_eq!(wrong, model_wrong, "the target model's errors on these rows changed");
}

#[test]
fn target_name025() {
    // The document model reads a target's post with the target's own words masked: the tone
    // toward a name comes from what is said of it, not from what the training data said near
    // that name. One template per language; every name gets the same tone.
    let rows: &[(Lang, &str, &[&str])] = &[
        (
            Lang::Eng,
            "Watching the news about {} tonight, what a day lol",
            &["Obama", "Israel", "Iran", "Mexico", "Justin Bieber", "the Lakers"],
        ),
        (
            Lang::Ind,
            "nonton berita soal {} malam ini , seru juga",
            &["Malaysia", "Israel", "Amerika Serikat", "Jokowi", "Tiongkok"],
        ),
        (
            Lang::Spa,
            "Viendo las noticias de {} esta noche, qué día",
            &["Venezuela", "Israel", "EEUU"],
        ),
    ];
    let s = ToneScorer::shared();
    for (lang, template, names) in rows {
        let tones: Vec<_> = names
            .iter()
            .map(|name| {
                let text = template.replace("{}", name);
                let mut ms = [mention(&text, "XXX", name)];
                s.score_targets(&text, *lang, &mut ms);
                ms[0].tone.map(|t| (t.label, (t.score * 1e4).round()))
            })
            .collect();
        assert!(tones[0].is_some(), "{lang}: no tone");
        assert!(tones.windows(2).all(|w| w[0] == w[1]), "{lang} {template:?}: {tones:?}");
    }
}

#[test]
fn probs028() {
    let s = ToneScorer::shared();
    let p = s.probs("I love this, what a great day!", Lang::Eng).expect("en has a model");
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4 && p[2] > p[0] && p[2] > p[1], "{p:?}");
    let p = s.probs("This is terrible, I hate it.", Lang::Eng).expect("en has a model");
    assert!(p[0] > p[2], "{p:?}");
    assert_eq!(s.probs("Je suis à la maison", Lang::Fra), None);
}

#[test]
fn explain030() {
    let text = "Mexico is sending drugs into America";
    let ms = [mention(text, "MEX", "Mexico"), mention(text, "USA", "America")];
    let ex = ToneScorer::shared().explain_targets(text, Lang::Eng, &ms);
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].country, "MEX");
    assert!(ex[0].evidence.iter().any(|e| e.rule.contains("agent of negative act")), "{ex:?}");
    assert!(ex[1].evidence.iter().any(|e| e.rule.contains("patient of negative act")), "{ex:?}");
    assert_eq!(ex[0].clause.slice(text), Some(text));

    // The rules' evidence (the target model off: it weighs the rules' verdict with the rest).
    let text = "Indonesia tidak bagus, namun Jepang sangat bagus";
    let ms = [mention(text, "IDN", "Indonesia"), mention(text, "JPN", "Jepang")];
    let rules = TargetOptions { target_model: false, ..TargetOptions::default() };
    let ex = ToneScorer::shared().explain_targets_with(text, Lang::Ind, &ms, &rules);
    assert!(ex[0].evidence.iter().any(|e| e.rule.contains("negated by 'tidak'")), "{ex:?}");
    assert!(ex[1].evidence.iter().any(|e| e.rule.contains("intensified by 'sangat'")), "{ex:?}");
    assert_eq!(ex[1].clause.slice(text), Some("namun Jepang sangat bagus"));
    assert_eq!(ex[0].tone.label, Neg);
    assert_eq!(ex[1].tone.label, Pos);
}

fn char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,80}", a in 0usize..120, b in 0usize..120, raw in any::<bool>()) {
        let s = ToneScorer::shared();
        for lang in [Lang::Ind, Lang::Eng, Lang::Spa, Lang::Fra, Lang::Und] {
            let t = s.score(&text, lang);
            prop_assert!((-1.0..=1.0).contains(&t.score) && (0.0..=1.0).contains(&t.confidence));
            // Spans may even be off char boundaries or out of range: still no panic.
            let (a, b) = if raw { (a, b) } else { (char_boundary(&text, a), char_boundary(&text, b)) };
            let mut ms = vec![Mention {
                country: "XXX".into(),
                actor: None,
                surface: String::new(),
                span: Span::new(a.min(b), a.max(b)),
                norm_span: Span::new(a.min(b), a.max(b)),
                kind: MentionKind::Name,
                confidence: 1.0,
                tone: None,
            }];
            s.score_targets(&text, lang, &mut ms);
            let t = ms[0].tone.unwrap_or(citra_model::Tone::neutral(0.0));
            prop_assert!((-1.0..=1.0).contains(&t.score) && (0.0..=1.0).contains(&t.confidence));
            for ex in s.explain_targets(&text, lang, &ms) {
                if !raw {
                    prop_assert!(ex.clause.slice(&text).is_some(), "clause {:?}", ex.clause);
                }
                for e in ex.evidence {
                    prop_assert!(e.span.slice(&text).is_some(), "evidence {:?}", e.span);
                }
            }
        }
    }
}

/// Words that move tone in each language, to build texts that reach the models and the rules.
const WORDS: &[&str] = &[
    "good",
    "bad",
    "not",
    "very",
    "but",
    "Mexico",
    "is",
    "the",
    "deadliest",
    "country",
    "love",
    "hate",
    "!",
    ",",
    ".",
    "😡",
    "😍",
    "🇲🇽",
    "bagus",
    "tidak",
    "jelek",
    "sangat",
    "namun",
    "Indonesia",
    "adalah",
    "paling",
    "berbahaya",
    "bueno",
    "malo",
    "no",
    "muy",
    "pero",
    "México",
    "es",
    "el",
    "más",
    "peligroso",
    "condemn",
    "thank",
    "you",
    "attack",
    "sends",
    "drugs",
];

fn check_agrees(text: &str, a: usize, b: usize) -> Result<(), TestCaseError> {
    let s = ToneScorer::shared();
    for lang in [Lang::Ind, Lang::Eng, Lang::Spa, Lang::Msa, Lang::Fra] {
        let t = s.score(text, lang);
        prop_assert_eq!(label_of(t.score), t.label, "score() {:?} {:?}: {:?}", lang, text, t);
        let (a, b) = (char_boundary(text, a), char_boundary(text, b));
        let mut ms = vec![Mention {
            country: "XXX".into(),
            actor: None,
            surface: String::new(),
            span: Span::new(a.min(b), a.max(b)),
            norm_span: Span::new(a.min(b), a.max(b)),
            kind: MentionKind::Name,
            confidence: 1.0,
            tone: None,
        }];
        s.score_targets(text, lang, &mut ms);
        for ex in s.explain_targets(text, lang, &ms) {
            prop_assert_eq!(Some(ex.tone), ms[0].tone, "explain and score_targets agree");
        }
        let t = ms[0].tone.unwrap_or(citra_model::Tone::neutral(0.0));
        prop_assert_eq!(label_of(t.score), t.label, "target {:?} {:?}: {:?}", lang, text, t);
    }
    Ok(())
}

proptest! {
    /// Label and score tell the same story: label == label_of(score), for documents and targets.
    #[test]
    fn label_agrees_with_score(text in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
        check_agrees(&text, a, b)?;
    }

    #[test]
    fn label_agrees_with_score_words(
        words in proptest::collection::vec(proptest::sample::select(WORDS), 0..24),
        a in 0usize..120,
        b in 0usize..120,
    ) {
        check_agrees(&words.join(" "), a, b)?;
    }
}

#[test]
fn target_model040() {
    // The target model decides where no role of the target does, and says why.
    let s = ToneScorer::shared();
    for lang in [Lang::Ind, Lang::Eng, Lang::Spa] {
        assert!(s.has_target_model(lang), "{lang}");
    }
    assert!(!s.has_target_model(Lang::Fra));
    let rows: &[(Lang, &str, &str, ToneLabel)] = &[
        (Lang::Eng, "Great trip to Japan, wonderful people and amazing food!", "Japan", Pos),
        (Lang::Eng, "Corrupt and dangerous regime in Iran, a total disaster", "Iran", Neg),
        (Lang::Eng, "The minister flew to Peru on Tuesday", "Peru", Neu),
        (Lang::Ind, "Kekejaman Israel di Gaza sungguh biadab", "Israel", Neg),
        (Lang::Ind, "Presiden akan berkunjung ke Malaysia pekan depan", "Malaysia", Neu),
        (Lang::Spa, "El presidente viajará a Chile el próximo lunes", "Chile", Neu),
    ];
    let mut got = Vec::new();
    for (lang, text, surf, want) in rows {
        let ms = [mention(text, "XYZ", surf)];
        let ex = s.explain_targets(text, *lang, &ms);
        let model = ex[0].evidence.iter().find(|e| e.word == "<target model>");
        assert!(
            model.is_some_and(|e| e.rule.contains("strongest reasons")),
            "{text:?}: {:?}",
            ex[0].evidence
        );
        got.push((*text, ex[0].tone.label, *want));
    }
    let wrong: Vec<_> = got.iter().filter(|(_, g, w)| g != w).collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    // Off, the rules decide alone: no target-model evidence.
    let text = "Great trip to Japan, wonderful people and amazing food!";
    let ms = [mention(text, "JPN", "Japan")];
    let rules = TargetOptions { target_model: false, ..TargetOptions::default() };
    let ex = s.explain_targets_with(text, Lang::Eng, &ms, &rules);
    assert!(ex[0].evidence.iter().all(|e| e.word != "<target model>"), "{ex:?}");
}

#[test]
fn names_neutral027() {
    // Who is named does not make a factual sentence negative or positive: a name inside a
    // sentence gives the document model no character n-grams (they only carried what other
    // words with the same letters meant: "Budi Santoso visited Tokyo" read −0.30 before).
    let s = ToneScorer::shared();
    let names = [
        "Budi Santoso",
        "Siti Nurhaliza",
        "Joko Widodo",
        "Agus Salim",
        "Dewi Lestari",
        "Ahmad Yani",
        "Bambang Sutrisno",
        "Sri Mulyani",
        "Retno Marsudi",
        "Luhut Pandjaitan",
        "Olusegun Obasanjo",
        "Fatima Zahra",
        "Nguyen Van An",
        "Hiroshi Tanaka",
        "Wei Zhang",
        "Rajesh Kumar",
        "Kim Min-jun",
        "John Smith",
        "Emily Clark",
        "Gabriel Boric",
    ];
    let templates = [
        "{} visited Tokyo",
        "{} met the delegation on Monday",
        "{} will speak at the conference in Geneva",
        "{} signed the agreement in Madrid",
        "Yesterday {} arrived in Jakarta",
    ];
    let mut off = Vec::new();
    for t in templates {
        for n in names {
            let text = t.replace("{}", n);
            let tone = s.score(&text, Lang::Eng);
            if tone.label != Neu {
                off.push(format!("{text}: {:.2}", tone.score));
            }
        }
    }
    assert!(off.len() <= 2, "{} of 100 factual sentences are not neutral: {off:?}", off.len());
    assert_eq!(s.score("Budi Santoso visited Tokyo", Lang::Eng).label, Neu);
}

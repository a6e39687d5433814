//! Properties of the whole pipeline: it never panics, and every span maps back to the original.

use citra_pipeline::Pipeline;
use proptest::prelude::*;

fn check(text: &str) {
    let a = Pipeline::new().annotate_text(text, None);
    for m in &a.mentions {
        assert_eq!(m.span.slice(text), Some(m.surface.as_str()));
        assert!(m.norm_span.slice(&a.normalized).is_some());
        if let Some(t) = m.tone {
            assert!((-1.0..=1.0).contains(&t.score));
        }
    }
    for d in &a.diagnostics {
        if let Some(s) = d.span {
            assert!(s.slice(text).is_some(), "diagnostic span {s:?} off the text");
        }
    }
    assert!((-1.0..=1.0).contains(&a.tone.score));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn country_words_in_noise(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("Mexico".to_owned()), Just("#BuildTheWall".to_owned()), Just("AS".to_owned()),
                Just("EspaÃ±a".to_owned()), Just("&amp;".to_owned()), Just("Amerika Serikat".to_owned()),
                Just("EE.UU.".to_owned()), Just("Â".to_owned()), Just("tidak".to_owned()),
                Just("\u{301}".to_owned()), Just("😡".to_owned()), "\\PC{0,8}",
            ],
            0..16,
        ),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n"), Just("-"), Just(". ")], 16),
    ) {
        let mut text = String::new();
        for (p, s) in parts.iter().zip(seps.iter()) {
            text.push_str(p);
            text.push_str(s);
        }
        check(&text);
    }
}

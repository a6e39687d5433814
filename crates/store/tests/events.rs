//! Events and themes written by the actions stage are stored with their mention and read back.

use citra_model::{
    Annotation, Event, Lang, LangGuess, Mention, MentionKind, Quad, RawDoc, Span, Tone, ToneLabel,
};
use citra_store::{ObsQuery, Store};

#[test]
fn events010_roundtrip_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("e.db")).unwrap();
    let text = "Mexico will not pay for the wall. We will build it at the border with Mexico.";
    let doc = RawDoc {
        platform: "twitter".into(),
        native_id: Some("1".into()),
        created_at: Some("2019-01-10T12:00:00Z".parse().unwrap()),
        text: text.into(),
        ..RawDoc::default()
    };
    let neg = Tone { score: -0.5, label: ToneLabel::Negative, confidence: 0.7 };
    let m = |s: usize, e: usize| Mention {
        country: "MEX".into(),
        actor: None,
        surface: text[s..e].into(),
        span: Span::new(s, e),
        norm_span: Span::new(s, e),
        kind: MentionKind::Name,
        confidence: 0.9,
        tone: Some(neg),
    };
    let ev = |code: &str, root: u8, quad: Quad, mention: usize, negated: bool| Event {
        source: "MEX".into(),
        target: "USA".into(),
        code: code.into(),
        root,
        quad,
        goldstein: -4.0,
        negated,
        sentence: Span::new(0, 33),
        trigger: Span::new(7, 19),
        mention: Some(mention),
    };
    let ann = Annotation {
        normalized: text.into(),
        lang: LangGuess { lang: Lang::Eng, confidence: 0.9 },
        mentions: vec![m(0, 6), m(71, 77)],
        tone: neg,
        diagnostics: vec![],
        events: vec![
            ev("1211", 12, Quad::VerbalConflict, 0, false),
            ev("190", 19, Quad::MaterialConflict, 1, true),
        ],
        themes: vec![vec!["border".into()], vec!["border".into(), "security".into()]],
    };
    let mut b = store.batch().unwrap();
    let id = b.insert(&doc, &ann).unwrap().id();
    b.commit().unwrap();

    let events = store.events_of_doc(id).unwrap();
    assert_eq!(events, ann.events);

    let facets =
        store.mention_facets(&ObsQuery { country: "MEX".into(), from: None, to: None }).unwrap();
    let obs =
        store.observations(&ObsQuery { country: "MEX".into(), from: None, to: None }).unwrap();
    assert_eq!(obs.len(), 2);
    let f0 = &facets[&obs[0].mention_id];
    assert_eq!(f0.themes, ["border"]);
    assert_eq!(f0.quads, [Quad::VerbalConflict]);
    assert_eq!(f0.roots, [12]);
    // The negated event is not an action about the second mention.
    let f1 = &facets[&obs[1].mention_id];
    assert_eq!(f1.themes, ["border", "security"]);
    assert!(f1.quads.is_empty());

    // The negated attack does not count; MEX acts on USA once, verbal conflict.
    let dyads = store.dyad_weights(None, None).unwrap();
    assert_eq!(dyads.len(), 1);
    assert_eq!((dyads[0].source.as_str(), dyads[0].target.as_str()), ("MEX", "USA"));
    assert_eq!((dyads[0].verbal_conflict, dyads[0].material_conflict), (1, 0));
    assert_eq!(dyads[0].goldstein_mean, -4.0);

    // Re-annotation replaces events too.
    let plain = Annotation { events: vec![], themes: vec![], ..ann.clone() };
    store.replace_annotation(id, &plain).unwrap();
    assert!(store.events_of_doc(id).unwrap().is_empty());
}

//! The document's date and author reach the stages that need them.

use citra_model::RawDoc;
use citra_pipeline::Pipeline;

fn doc(text: &str, date: &str, author: Option<&str>) -> RawDoc {
    RawDoc {
        platform: "twitter".into(),
        text: text.into(),
        created_at: Some(format!("{date}T12:00:00Z").parse().unwrap()),
        author: author.map(str::to_owned),
        ..RawDoc::default()
    }
}

#[test]
fn title_resolves_by_date() {
    let p = Pipeline::new();
    let rows =
        [("2016-05-01", "idn-jokowi"), ("2019-05-01", "idn-jokowi"), ("2025-05-01", "idn-prabowo")];
    for (date, want) in rows {
        let a = p.annotate(&doc("Presiden RI menerima kunjungan PM Jepang di Istana.", date, None));
        let actors: Vec<&str> = a.mentions.iter().filter_map(|m| m.actor.as_deref()).collect();
        assert!(actors.contains(&want), "{date}: {actors:?}");
    }
}

#[test]
fn author_is_the_source_of_first_person_actions() {
    // "We will build a wall" names no source country: the author (@realDonaldTrump, a US head
    // of state in 2019) is the source of the threat toward Mexico; without a known author the
    // source is unknown, never Mexico itself.
    let p = Pipeline::new();
    let text = "We will build a wall on the border with Mexico.";
    let rows = [(Some("realDonaldTrump"), "USA"), (None, "---"), (Some("nobody_known"), "---")];
    for (author, want) in rows {
        let a = p.annotate(&doc(text, "2019-01-10", author));
        let ev = a.events.iter().find(|e| e.target == "MEX").expect("an event toward MEX");
        assert_eq!((ev.source.as_str(), ev.root), (want, 13), "{author:?}: {ev:?}");
    }
}

use super::*;
use crate::doc_weight;
use citra_model::ToneLabel;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

fn m(doc: i64, author: &str, country: &str, score: f32, engagement: u64) -> MentionRow {
    let label = if score > 0.05 {
        ToneLabel::Positive
    } else if score < -0.05 {
        ToneLabel::Negative
    } else {
        ToneLabel::Neutral
    };
    MentionRow {
        doc_id: doc,
        author: Some(author.into()),
        time: Utc.with_ymd_and_hms(2019, 5, 30, 0, 0, 0).unwrap(),
        country: country.into(),
        actor: None,
        score: Some(score),
        label,
        engagement,
    }
}

fn source(author: &str) -> Option<String> {
    match author {
        "alice" => Some("USA".into()),
        "budi" => Some("IDN".into()),
        "carlos" => Some("mex".into()),
        _ => None,
    }
}

fn label(id: &str) -> String {
    match id {
        "USA" => "United States".into(),
        "IDN" => "Indonesia".into(),
        "MEX" => "Mexico".into(),
        other => other.into(),
    }
}

/// Three countries by hand:
/// - alice (USA): #1 MEX −0.5 (weight 1); #2 MEX +0.5 (20 engagements, weight 1 + ln 21) and
///   IDN +0.2; #5 USA +0.3 (self: left out).
/// - budi (IDN): #3 USA −0.8 twice (one document), MEX 0.0.
/// - carlos (MEX, code in lower case): #4 USA +0.6.
/// - anon (unknown): #6 MEX −1.0 (unattributed).
fn corpus() -> Vec<MentionRow> {
    vec![
        m(1, "alice", "MEX", -0.5, 0),
        m(2, "alice", "MEX", 0.5, 20),
        m(2, "alice", "IDN", 0.2, 20),
        m(3, "budi", "USA", -0.8, 0),
        m(3, "budi", "USA", -0.8, 0),
        m(3, "budi", "MEX", 0.0, 0),
        m(4, "carlos", "USA", 0.6, 0),
        m(5, "alice", "USA", 0.3, 0),
        m(6, "anon", "MEX", -1.0, 0),
    ]
}

#[test]
fn relations010_three_countries() {
    let g = relations(
        &corpus(),
        |a| source(a).map(|s| s.to_uppercase()),
        "country",
        label,
        RelationOptions::default(),
    );
    let edges: Vec<(&str, &str, u64, u64)> = g
        .edges
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str(), e.docs, e.mentions))
        .collect();
    assert_eq!(
        edges,
        vec![
            ("USA", "MEX", 2, 2),
            ("IDN", "MEX", 1, 1),
            ("IDN", "USA", 1, 2),
            ("MEX", "USA", 1, 1),
            ("USA", "IDN", 1, 1),
        ]
    );
    // USA → MEX: (1·(−0.5) + w·0.5) / (1 + w) with w = 1 + ln 21; positive share w / (1 + w).
    let w = doc_weight(20);
    let e = &g.edges[0];
    assert!((e.tone - (-0.5 + w * 0.5) / (1.0 + w)).abs() < 1e-9, "{}", e.tone);
    assert!((e.positive - w / (1.0 + w)).abs() < 1e-9);
    assert!((e.negative - 1.0 / (1.0 + w)).abs() < 1e-9);
    assert!((g.edges[2].tone + 0.8).abs() < 1e-6);
    assert_eq!((g.attributed_docs, g.unattributed_docs, g.self_pairs_left_out), (4, 1, 1));
    let nodes: Vec<(&str, &str)> =
        g.nodes.iter().map(|n| (n.id.as_str(), n.label.as_str())).collect();
    assert_eq!(nodes, vec![("IDN", "Indonesia"), ("MEX", "Mexico"), ("USA", "United States")]);
}

#[test]
fn relations020_options() {
    // (case, options, edges kept)
    let rows = [
        ("min docs", RelationOptions { min_docs: 2, self_loops: false }, vec![("USA", "MEX")]),
        (
            "self loops",
            RelationOptions { min_docs: 1, self_loops: true },
            vec![
                ("USA", "MEX"),
                ("IDN", "MEX"),
                ("IDN", "USA"),
                ("MEX", "USA"),
                ("USA", "IDN"),
                ("USA", "USA"),
            ],
        ),
    ];
    for (case, opts, want) in rows {
        let g =
            relations(&corpus(), |a| source(a).map(|s| s.to_uppercase()), "country", label, opts);
        let got: Vec<(&str, &str)> =
            g.edges.iter().map(|e| (e.source.as_str(), e.target.as_str())).collect();
        assert_eq!(got, want, "{case}");
    }
    // Actor → country: every author is a source, nobody is left out.
    let g = relations_by(
        &corpus(),
        |r| r.author.clone(),
        "actor",
        |id| id.to_owned(),
        RelationOptions::default(),
    );
    assert_eq!(g.unattributed_docs, 0);
    assert_eq!(g.edges.len(), 7);
    assert!(g.nodes.iter().any(|n| n.id == "anon" && n.kind == "actor"));
    // Nothing in, nothing out.
    let g = relations(&[], source, "country", label, RelationOptions::default());
    assert!(g.edges.is_empty() && g.nodes.is_empty());
}

#[test]
fn comention010() {
    let got = co_mentions(&corpus(), 1);
    let got: Vec<(&str, &str, u64)> =
        got.iter().map(|c| (c.a.as_str(), c.b.as_str(), c.docs)).collect();
    // #2 names IDN and MEX; #3 names MEX and USA.
    assert_eq!(got, vec![("IDN", "MEX", 1), ("MEX", "USA", 1)]);
    assert!(co_mentions(&corpus(), 2).is_empty());
}

#[test]
fn escape010() {
    let rows = [
        ("plain", "Mexico", "Mexico"),
        ("specials", "A&B <c> \"d\" 'e'", "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
        ("control", "a\u{1}b\tc", "a\u{FFFD}b\tc"),
        ("unicode", "Côte d’Ivoire", "Côte d’Ivoire"),
    ];
    for (case, s, want) in rows {
        assert_eq!(xml_escape(s), want, "{case}");
    }
}

/// A graph whose labels and ids need escaping.
fn nasty() -> RelationGraph {
    relations(
        &[m(1, "a&b", "USA", -0.5, 3), m(1, "a&b", "MEX", 0.5, 3), m(2, "<x>", "USA", 0.1, 0)],
        |a| Some(a.to_owned()),
        "actor",
        |id| match id {
            "USA" => "United \"States\" & <territories>".into(),
            other => format!("{other} 'quoted'"),
        },
        RelationOptions::default(),
    )
}

/// Parses `xml` fully (an error fails the test) and returns the elements seen, with each
/// element's `label` attribute or, for GraphML `<data key="label">`, its text.
fn parse(xml: &str) -> (Vec<String>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut elements, mut labels) = (Vec::new(), Vec::new());
    let mut in_label = false;
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                elements.push(e.name().into_inner().to_owned());
                for a in e.attributes() {
                    let a = a.expect("well-formed attribute");
                    let v = a.normalized_value(XmlVersion::Implicit1_0).expect("escaped value");
                    if a.key.as_ref() == "label" {
                        labels.push(v.into_owned());
                    } else if a.key.as_ref() == "key" && v == "label" {
                        in_label = true;
                        text.clear();
                    }
                }
            }
            Event::Text(t) if in_label => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) if in_label => {
                let s: &str = &r;
                text.push(match s {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::End(_) if in_label => {
                labels.push(std::mem::take(&mut text));
                in_label = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (elements, labels)
}

#[test]
fn graphml010() {
    let g = nasty();
    let xml = to_graphml(&g);
    let (elements, labels) = parse(&xml);
    assert_eq!(elements.iter().filter(|e| *e == "node").count(), g.nodes.len());
    assert_eq!(elements.iter().filter(|e| *e == "edge").count(), 3);
    assert!(labels.contains(&"United \"States\" & <territories>".to_owned()), "{labels:?}");
    assert!(labels.contains(&"a&b 'quoted'".to_owned()), "{labels:?}");
    // Weight = documents.
    assert!(xml.contains("source=\"a&amp;b\" target=\"MEX\"><data key=\"weight\">1</data>"));
}

#[test]
fn gexf010() {
    let g = nasty();
    let xml = to_gexf(&g, "citra <relations> & tone");
    let (elements, labels) = parse(&xml);
    assert_eq!(elements.iter().filter(|e| *e == "node").count(), g.nodes.len());
    assert_eq!(elements.iter().filter(|e| *e == "edge").count(), 3);
    assert!(labels.contains(&"United \"States\" & <territories>".to_owned()), "{labels:?}");
    assert!(labels.contains(&"&lt;x&gt; 'quoted'".replace("&lt;", "<").replace("&gt;", ">")));
    assert!(xml.contains("source=\"&lt;x&gt;\" target=\"USA\" weight=\"1\""));
    // An empty graph is still a document.
    let empty = RelationGraph {
        nodes: vec![],
        edges: vec![],
        attributed_docs: 0,
        unattributed_docs: 0,
        self_pairs_left_out: 0,
    };
    let (elements, _) = parse(&to_gexf(&empty, ""));
    assert!(elements.contains(&"gexf".to_owned()));
    let (elements, _) = parse(&to_graphml(&empty));
    assert!(elements.contains(&"graphml".to_owned()));
}

proptest::proptest! {
    #[test]
    fn xml_is_well_formed_for_any_text(
        names in proptest::collection::vec("\\PC{0,12}|[&<>\"'\u{1}-\u{1f}]{0,4}", 1..6),
        scores in proptest::collection::vec(-1.0f32..=1.0, 1..6),
    ) {
        let rows: Vec<MentionRow> = names
            .iter()
            .zip(scores.iter().cycle())
            .enumerate()
            .map(|(i, (n, s))| m(i as i64, n, if i % 2 == 0 { "USA" } else { "MEX" }, *s, i as u64))
            .collect();
        let g = relations_by(&rows, |r| r.author.clone(), "actor", |id| format!("{id} & co"), RelationOptions::default());
        let (elements, labels) = parse(&to_graphml(&g));
        proptest::prop_assert_eq!(elements.iter().filter(|e| *e == "edge").count(), g.edges.len());
        proptest::prop_assert_eq!(labels.len(), g.nodes.len());
        let (elements, _) = parse(&to_gexf(&g, &names.join(" ")));
        proptest::prop_assert_eq!(elements.iter().filter(|e| *e == "node").count(), g.nodes.len());
    }
}

fn dyad(source: &str, target: &str, q: [u64; 4], goldstein_sum: f64) -> DyadActions {
    DyadActions {
        source: source.into(),
        target: target.into(),
        verbal_coop: q[0],
        material_coop: q[1],
        verbal_conflict: q[2],
        material_conflict: q[3],
        goldstein_sum,
    }
}

#[test]
fn actions010_weights_on_edges() {
    let mut g = relations(
        &corpus(),
        |a| source(a).map(|s| s.to_uppercase()),
        "country",
        label,
        RelationOptions::default(),
    );
    let dyads = vec![
        // USA → MEX: 3 verbal coop (+3 each... summed 9.0), 1 material conflict (−9.5).
        dyad("USA", "MEX", [3, 0, 0, 0], 9.0),
        dyad("usa", "mex", [0, 0, 0, 1], -9.5),
        // IDN → USA: 2 verbal conflict at −2 each.
        dyad("IDN", "USA", [0, 0, 2, 0], -4.0),
        // No edge CHN → USA: not added.
        dyad("CHN", "USA", [1, 1, 0, 0], 10.0),
    ];
    assert_eq!(add_actions(&mut g, &dyads), 3);
    let find = |s: &str, t: &str| g.edges.iter().find(|e| e.source == s && e.target == t).unwrap();
    let e = find("USA", "MEX");
    assert_eq!(
        (e.verbal_coop, e.material_coop, e.verbal_conflict, e.material_conflict),
        (3, 0, 0, 1)
    );
    assert_eq!(e.events(), 4);
    assert!((e.goldstein.unwrap() - (-0.5 / 4.0)).abs() < 1e-12);
    assert_eq!(e.coop_share(), Some(0.75));
    let e = find("IDN", "USA");
    assert_eq!(e.verbal_conflict, 2);
    assert_eq!(e.goldstein, Some(-2.0));
    assert_eq!(e.coop_share(), Some(0.0));
    let e = find("MEX", "USA");
    assert_eq!((e.events(), e.goldstein, e.coop_share()), (0, None, None));
    assert!(!g.edges.iter().any(|e| e.source == "CHN"));
    // The writers carry the counts; the Goldstein mean only where there are events.
    let xml = to_graphml(&g);
    parse(&xml);
    assert!(xml.contains("<data key=\"verbal_coop\">3</data>"));
    assert!(xml.contains("<data key=\"goldstein\">-0.125000</data>"));
    assert_eq!(xml.matches("<data key=\"goldstein\">").count(), 2);
    let gexf = to_gexf(&g, "");
    parse(&gexf);
    assert!(gexf.contains("<attvalue for=\"material_conflict\" value=\"1\"/>"));
    assert!(gexf.contains("<attribute id=\"goldstein\" title=\"goldstein\" type=\"double\"/>"));
}

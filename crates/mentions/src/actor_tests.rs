use super::*;
use proptest::prelude::*;
use std::path::PathBuf;

use Lang::{Eng as EN, Ind as ID, Spa as ES};
use RoleKind::{DefenceMinister as DEF, ForeignMinister as FM, HeadOfState as HOS};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

fn find(g: &Gazetteer, text: &str, lang: Lang, at: Option<&str>) -> Vec<Mention> {
    g.find_at(text, text, &OffsetMap::identity(text.len()), lang, at.map(d)).0
}

fn fixture(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(p)
}

/// (role, country, holder, current, former)
type Want = Option<(RoleKind, &'static str, Option<&'static str>, bool, bool)>;

#[test]
fn roles() {
    // (name, text, lang, surface of the mention, post date, expected role)
    type Row = (&'static str, &'static str, Lang, &'static str, Option<&'static str>, Want);
    let rows: &[Row] = &[
        (
            "role010",
            "Trump met Kim in Singapore.",
            EN,
            "Trump",
            Some("2018-06-12"),
            Some((HOS, "USA", Some("usa-trump"), true, false)),
        ),
        (
            "role020",
            "Trump said the election was stolen.",
            EN,
            "Trump",
            Some("2022-03-01"),
            Some((HOS, "USA", Some("usa-trump"), false, true)),
        ),
        (
            "role030",
            "Trump signed the order.",
            EN,
            "Trump",
            Some("2025-06-01"),
            Some((HOS, "USA", Some("usa-trump"), true, false)),
        ),
        (
            "role040",
            "Kata mantan Presiden Trump di Washington.",
            ID,
            "Trump",
            Some("2018-05-01"),
            Some((HOS, "USA", Some("usa-trump"), false, true)),
        ),
        (
            "role050",
            "The former President Trump spoke.",
            EN,
            "Trump",
            Some("2018-05-01"),
            Some((HOS, "USA", Some("usa-trump"), false, true)),
        ),
        (
            "role060",
            "Según el expresidente Trump, no.",
            ES,
            "Trump",
            Some("2018-05-01"),
            Some((HOS, "USA", Some("usa-trump"), false, true)),
        ),
        (
            "role070",
            "El ex-presidente Obama habló.",
            ES,
            "Obama",
            None,
            Some((HOS, "USA", Some("usa-obama"), false, true)),
        ),
        (
            "role080",
            "Jokowi meresmikan jalan tol.",
            ID,
            "Jokowi",
            Some("2019-06-01"),
            Some((HOS, "IDN", Some("idn-jokowi"), true, false)),
        ),
        (
            "role090",
            "Jokowi pulang ke Solo.",
            ID,
            "Jokowi",
            Some("2025-01-10"),
            Some((HOS, "IDN", Some("idn-jokowi"), false, true)),
        ),
        ("role100", "Prabowo berkampanye di Jawa.", ID, "Prabowo", Some("2019-05-01"), None),
        (
            "role110",
            "Prabowo meninjau alutsista.",
            ID,
            "Prabowo",
            Some("2020-02-01"),
            Some((DEF, "IDN", Some("idn-prabowo"), true, false)),
        ),
        (
            "role120",
            "Prabowo bertemu Xi Jinping.",
            ID,
            "Prabowo",
            Some("2025-04-09"),
            Some((HOS, "IDN", Some("idn-prabowo"), true, false)),
        ),
        (
            "role130",
            "Presiden RI meresmikan bandara.",
            ID,
            "Presiden",
            Some("2016-03-01"),
            Some((HOS, "IDN", Some("idn-jokowi"), true, false)),
        ),
        (
            "role140",
            "Presiden RI meresmikan bandara.",
            ID,
            "Presiden",
            Some("2025-03-01"),
            Some((HOS, "IDN", Some("idn-prabowo"), true, false)),
        ),
        (
            "role150",
            "Presiden RI meresmikan bandara.",
            ID,
            "Presiden",
            None,
            Some((HOS, "IDN", None, false, false)),
        ),
        (
            "role160",
            "The Mexican president called.",
            EN,
            "president",
            Some("2020-05-05"),
            Some((HOS, "MEX", Some("mex-lopez-obrador"), true, false)),
        ),
        (
            "role170",
            "Habló el presidente de México.",
            ES,
            "presidente",
            Some("2017-09-01"),
            Some((HOS, "MEX", Some("mex-pena-nieto"), true, false)),
        ),
        (
            "role180",
            "The Secretary of State flew to Beijing.",
            EN,
            "Secretary of State",
            Some("2019-01-15"),
            Some((FM, "USA", Some("usa-pompeo"), true, false)),
        ),
        (
            "role190",
            "Menlu RI bertemu Menlu AS.",
            ID,
            "Menlu",
            Some("2019-08-01"),
            Some((FM, "IDN", Some("idn-retno"), true, false)),
        ),
        (
            "role200",
            "Secretario de Estado Rubio llegó.",
            ES,
            "Rubio",
            Some("2025-03-01"),
            Some((FM, "USA", Some("usa-rubio"), true, false)),
        ),
        ("role210", "Menlu Retno di Jenewa.", ID, "Retno", None, None),
        (
            "role220",
            "Retno Marsudi di Jenewa.",
            ID,
            "Retno Marsudi",
            Some("2024-12-01"),
            Some((FM, "IDN", Some("idn-retno"), false, true)),
        ),
        (
            "role230",
            "Obama spoke.",
            EN,
            "Obama",
            None,
            Some((HOS, "USA", Some("usa-obama"), false, false)),
        ),
        (
            "role235",
            "Joe Biden spoke in Iowa.",
            EN,
            "Joe Biden",
            Some("2019-06-01"),
            Some((RoleKind::DeputyHead, "USA", Some("usa-biden"), false, true)),
        ),
        (
            "role240",
            "Prime Minister of India visits.",
            EN,
            "Prime Minister",
            Some("2016-01-01"),
            Some((RoleKind::HeadOfGovernment, "IND", Some("ind-modi"), true, false)),
        ),
    ];
    let g = Gazetteer::shared();
    for (name, text, lang, surface, at, want) in rows {
        let ms = find(g, text, *lang, *at);
        let m = ms.iter().find(|m| m.surface == *surface);
        let got = m.and_then(|m| g.actor_role(m, text, at.map(d)));
        let got = got.map(|r| (r.role, r.country, r.actor, r.current, r.former));
        let want = want.map(|(r, c, a, cur, f)| (r, c.to_owned(), a.map(str::to_owned), cur, f));
        // A row whose mention is missing fails unless the row expects no role.
        assert!(m.is_some() || want.is_none(), "{name}: no mention {surface:?} in {ms:?}");
        assert_eq!(got, want, "{name}: {text}");
    }
}

#[test]
fn titles() {
    // (name, text, lang, date, expected (surface, country, actor) of Leader mentions)
    type Row = (
        &'static str,
        &'static str,
        Lang,
        Option<&'static str>,
        &'static [(&'static str, &'static str, Option<&'static str>)],
    );
    let rows: &[Row] = &[
        (
            "title010",
            "Menlu RI bertemu Menlu AS.",
            ID,
            Some("2019-08-01"),
            &[("Menlu", "IDN", Some("idn-retno")), ("Menlu", "USA", Some("usa-pompeo"))],
        ),
        (
            "title020",
            "US President Donald Trump spoke.",
            EN,
            Some("2018-01-01"),
            &[("Donald Trump", "USA", Some("usa-trump"))],
        ),
        (
            "title030",
            "Presiden AS Joe Biden tiba.",
            ID,
            Some("2022-01-01"),
            &[("Joe Biden", "USA", Some("usa-biden"))],
        ),
        ("title040", "Wakil Presiden AS tiba.", ID, Some("2022-01-01"), &[]),
        (
            "title050",
            "Mexico's president met Canada's prime minister.",
            EN,
            Some("2016-06-01"),
            &[
                ("president", "MEX", Some("mex-pena-nieto")),
                ("prime minister", "CAN", Some("can-trudeau")),
            ],
        ),
        ("title060", "The UK Secretary of State for Health said.", EN, Some("2019-01-01"), &[]),
        (
            "title070",
            "el presidente mexicano y la Casa Blanca",
            ES,
            Some("2023-01-01"),
            &[("presidente", "MEX", Some("mex-lopez-obrador")), ("Casa Blanca", "USA", None)],
        ),
        ("title080", "Presiden Meksiko datang.", ID, None, &[("Presiden", "MEX", None)]),
        (
            "title090",
            "Donald Tusk spoke in Warsaw.",
            EN,
            Some("2024-02-01"),
            &[("Donald Tusk", "POL", Some("euu-tusk"))],
        ),
        (
            "title095",
            "Talks with von der Leyen in Brussels.",
            EN,
            Some("2020-02-01"),
            &[("von der Leyen", "EUU", Some("euu-von-der-leyen"))],
        ),
        (
            "title100",
            "Donald Tusk spoke in Brussels.",
            EN,
            Some("2016-02-01"),
            &[("Donald Tusk", "EUU", Some("euu-tusk"))],
        ),
    ];
    let g = Gazetteer::shared();
    for (name, text, lang, at, want) in rows {
        let got: Vec<(String, String, Option<String>)> = find(g, text, *lang, *at)
            .into_iter()
            .filter(|m| m.kind == MentionKind::Leader)
            .map(|m| (m.surface, m.country, m.actor))
            .collect();
        let want: Vec<(String, String, Option<String>)> = want
            .iter()
            .map(|(s, c, a)| (s.to_string(), c.to_string(), a.map(str::to_owned)))
            .collect();
        assert_eq!(got, want, "{name}: {text}");
    }
    // The country's own mention is kept next to the title: the eval counts it.
    let ms = find(g, "Menlu RI bertemu Menlu AS.", ID, Some("2019-08-01"));
    let names: Vec<&str> =
        ms.iter().filter(|m| m.kind.names_country()).map(|m| m.surface.as_str()).collect();
    assert_eq!(names, ["RI", "AS"]);
}

#[test]
fn handles() {
    // (name, handle, date, expected actor)
    let rows: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        ("handle010", "POTUS", Some("2016-06-01"), Some("usa-obama")),
        ("handle020", "@POTUS", Some("2018-06-01"), Some("usa-trump")),
        ("handle030", "potus", Some("2022-06-01"), Some("usa-biden")),
        ("handle040", "POTUS", Some("2025-03-01"), Some("usa-trump")),
        ("handle050", "POTUS", None, Some("usa-trump")),
        ("handle060", "POTUS", Some("2014-01-01"), None),
        ("handle070", "Menlu_RI", Some("2019-01-01"), Some("idn-retno")),
        ("handle080", "Menlu_RI", Some("2025-01-01"), Some("idn-sugiono")),
        ("handle090", "SecPompeo", Some("2023-01-01"), None),
        ("handle100", "SecPompeo", None, Some("usa-pompeo")),
        ("handle110", "realDonaldTrump", Some("2012-01-01"), Some("usa-trump")),
        ("handle120", "Kemlu_RI", Some("2020-01-01"), Some("idn-kemlu")),
        ("handle130", "SRE_mx", None, Some("mex-sre")),
        ("handle140", "nobody_here", None, None),
    ];
    let g = Gazetteer::shared();
    for (name, h, at, want) in rows {
        let got = g.actor_by_handle_at(h, at.map(d)).map(|a| a.id);
        assert_eq!(got, *want, "{name}");
    }
    // In text, a handle is the actor it spoke for on the post's date.
    let ms = find(g, "Thanks @POTUS!", EN, Some("2016-06-01"));
    assert_eq!(ms.first().and_then(|m| m.actor.as_deref()), Some("usa-obama"));
    // actor_role reads a handle at the date it is given, even when found without one.
    let ms = find(g, "Thanks @POTUS!", EN, None);
    let r = ms.first().and_then(|m| g.actor_role(m, "Thanks @POTUS!", Some(d("2016-06-01"))));
    assert_eq!(r.and_then(|r| r.actor).as_deref(), Some("usa-obama"));
}

#[test]
fn shipped_data() {
    let (g, errors) = Gazetteer::build(Vec::new());
    assert!(errors.is_empty(), "{errors:?}");
    // Every G20 and ASEAN member (and the EU) has a head of state on these days, and a
    // foreign minister in mid-2020.
    let members = [
        "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS",
        "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "EUU", "BRN", "KHM", "LAO", "MYS", "MMR", "PHL",
        "SGP", "THA", "VNM",
    ];
    for c in members {
        for day in ["2014-06-01", "2015-06-01", "2020-06-01", "2025-09-01"] {
            assert!(g.holder_at(c, HOS, d(day)).is_some(), "head of state of {c} on {day}");
        }
        assert!(g.holder_at(c, FM, d("2020-06-01")).is_some(), "foreign minister of {c}");
    }
    // The ids the rest of the workspace uses are kept.
    for id in ["usa-trump", "usa-obama", "usa-pompeo", "mex-ebrard", "idn-jokowi", "rus-lavrov"] {
        assert!(g.actor_by_id(id).is_some(), "{id}");
    }
    // No two roles of one kind for one country overlap by more than a handover day.
    for role in [HOS, FM] {
        for c in members {
            let mut terms: Vec<(NaiveDate, NaiveDate, &str)> = g
                .actors()
                .flat_map(|a| a.roles.iter().map(move |r| (a.id, r)))
                .filter(|(_, r)| r.role == role && r.country == c)
                .map(|(id, r)| (r.start, r.end.unwrap_or(NaiveDate::MAX), id))
                .collect();
            terms.sort();
            for w in terms.windows(2) {
                assert!(w[1].0 >= w[0].1, "{c} {role:?}: {:?} overlaps {:?}", w[0], w[1]);
            }
        }
    }
}

#[test]
fn user_files() {
    let g = Gazetteer::with_actor_files(&[fixture("actors_user")]).expect("the fixture loads");
    // A new actor with its handle and role.
    let emb = g.actor_by_handle("@EmbaMexIdn").expect("new handle");
    assert_eq!(
        (emb.id, emb.country, emb.kind),
        ("mex-embajada-idn", "MEX", ActorKind::Institution)
    );
    assert_eq!(
        g.roles_at("mex-embajada-idn", d("2020-01-01")).first().map(|r| r.role),
        Some(RoleKind::Embassy)
    );
    let ms = find(&g, "Kedubes Meksiko mengundang warga.", ID, None);
    assert_eq!(ms.first().and_then(|m| m.actor.as_deref()), Some("mex-embajada-idn"));
    // An override by id: new name and variants, the shipped roles and accounts kept, the
    // 2025 role (same key) now ends in 2029.
    let t = g.actor_by_id("usa-trump").expect("trump");
    assert_eq!(t.name, "Donald J. Trump");
    assert!(t.variants.contains(&"The Donald"));
    assert_eq!(g.actor_by_handle("realDonaldTrump").map(|a| a.id), Some("usa-trump"));
    assert_eq!(g.roles_at("usa-trump", d("2029-06-01")), vec![]);
    assert_eq!(g.roles_at("usa-trump", d("2018-06-01")).len(), 1);
    assert_eq!(Gazetteer::shared().roles_at("usa-trump", d("2029-06-01")).len(), 1);
    // A folder or its files: the same.
    let files = ["actors.tsv", "roles.tsv", "accounts.tsv"].map(|f| fixture("actors_user").join(f));
    let g2 = Gazetteer::with_actor_files(&files).expect("the files load");
    assert_eq!(g2.actor_by_id("usa-trump").map(|a| a.name), Some("Donald J. Trump"));
}

#[test]
fn user_file_errors() {
    let path = fixture("actors_bad.tsv");
    let err = match Gazetteer::with_actor_files(&[&path]) {
        Err(Error::Rows(e)) => e,
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a broken file loaded"),
    };
    let file = path.display().to_string();
    // (line, field, words the message must hold)
    let want: &[(usize, &str, &str)] = &[
        (3, "role", "use one of head_of_state"),
        (4, "actor", "usa-nobody"),
        (5, "country", "alpha-3"),
        (6, "start", "YYYY-MM-DD"),
        (6, "verified", "write false if unsure"),
        (7, "row", "expected 7 tab-separated fields"),
    ];
    let got: Vec<(usize, &str)> = err.iter().map(|e| (e.line, e.field)).collect();
    assert_eq!(got, want.iter().map(|(l, f, _)| (*l, *f)).collect::<Vec<_>>());
    for (e, (_, _, words)) in err.iter().zip(want) {
        assert_eq!(e.file, file);
        assert!(e.message.contains(words), "{e}");
        assert!(e.to_string().starts_with(&format!("{file}:{}: field `{}`", e.line, e.field)));
    }
    // A missing file is an I/O error naming it.
    let missing = fixture("no-such-file.tsv");
    match Gazetteer::with_actor_files(&[&missing]) {
        Err(e @ Error::Io { .. }) => assert!(e.to_string().contains("no-such-file.tsv")),
        _ => panic!("a missing file loaded"),
    }
    // A file without a known header.
    let err = registry::read(
        &[registry::Source { label: "x.tsv".into(), text: "name\tid\nTrump\tusa-trump\n" }],
        &|_| None,
    )
    .1;
    assert_eq!(err.iter().map(|e| (e.line, e.field)).collect::<Vec<_>>(), [(1, "header")]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    #[test]
    fn total_at(s in "\\PC{0,60}", pre in "(mantan |former |Presiden |RI |US |President of |Mexico |Trump |@POTUS |Secretary of State |ex-)*", days in 0i64..20000) {
        let text = format!("{pre}{s}");
        let at = NaiveDate::from_ymd_opt(1980, 1, 1).and_then(|x| x.checked_add_signed(chrono::Duration::days(days)));
        let g = Gazetteer::shared();
        for lang in [EN, ID, ES] {
            let (ms, _) = g.find_at(&text, &text, &OffsetMap::identity(text.len()), lang, at);
            let mut last = 0;
            for m in &ms {
                prop_assert_eq!(m.span.slice(&text), Some(m.surface.as_str()));
                prop_assert!(m.span.start >= last);
                last = m.span.end;
                let _ = g.actor_role(m, &text, at);
                let _ = g.actor_role(m, "", at);
            }
        }
    }
}

//! Golden tests on real texts: clean ones give no diagnostics; noisy ones are repaired.

use citra_normalize::normalize;
use std::path::Path;

fn fixtures(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&root)
        .expect("fixtures dir")
        .map(|e| {
            let p = e.expect("entry").path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
            (name, std::fs::read_to_string(&p).expect("utf-8 fixture"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn ok_inputs_have_no_diagnostics() {
    let files = fixtures("ok");
    assert!(files.len() >= 5);
    for (name, text) in files {
        let n = normalize(&text);
        assert!(
            n.diagnostics.is_empty(),
            "{name}: an ok input produced diagnostics: {:?}\nhelp: a normalizer reports a repair on clean text; check its quick test in src/normalizers/",
            n.diagnostics
        );
        // Clean text without hashtags comes out unchanged.
        if !text.contains('#') {
            assert_eq!(n.text, text, "{name}");
        }
    }
}

#[test]
fn kompasiana_seed() {
    let text = fixtures("noisy")
        .into_iter()
        .find(|(n, _)| n == "id-kompasiana-seed.txt")
        .expect("fixture")
        .1;
    let n = normalize(&text);
    assert!(!n.text.contains('Â'), "{}", n.text);
    assert!(!n.text.contains("Kompasiana"), "trailer left: {}", n.text);
    assert!(
        n.text.ends_with("lewat film keluarga Coco yang mereka produksi."),
        "{:?}",
        &n.text[n.text.len() - 80..]
    );
    assert!(n.text.contains("opini publik.\nDiplomasi publik menjadi"));
    let codes: Vec<&str> = n.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "mojibake-repaired").count(), 3, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "trailer-removed").count(), 1, "{codes:?}");
    for d in &n.diagnostics {
        let s = d.span.expect("span");
        let orig = s.slice(&text).expect("span on char boundaries");
        match d.code.as_str() {
            "mojibake-repaired" => assert_eq!(orig, "Â"),
            "trailer-removed" => assert!(orig.starts_with("Baca konten-konten menarik Kompasiana")),
            other => panic!("unexpected {other}"),
        }
    }
}

#[test]
fn trump_amp() {
    let text =
        fixtures("noisy").into_iter().find(|(n, _)| n == "en-trump-amp.txt").expect("fixture").1;
    let n = normalize(&text);
    assert!(n.text.contains("drug costs & getting"));
    assert!(n.text.contains("@LindseyGrahamSC The Do"));
    assert_eq!(n.diagnostics.len(), 1);
    let s = n.diagnostics[0].span.expect("span");
    assert_eq!(s.slice(&text), Some("&amp;"));
}

#[test]
fn end_to_end_table() {
    let rows: &[(&str, &str, &str, &[&str])] = &[
        (
            "mix010",
            "EspaÃ±a y MÃ©xico &amp; #BuildTheWall",
            "España y México & build the wall",
            &["mojibake-repaired", "mojibake-repaired", "html-entity"],
        ),
        (
            "mix020",
            "â€œFake newsâ€\u{9d}  said @user",
            "“Fake news” said @user",
            &["mojibake-repaired", "mojibake-repaired"],
        ),
        ("mix030", "Me\u{301}xico &#8217; ok", "México ’ ok", &["html-entity", "nfc-composed"]),
        (
            "mix040",
            "  #IndonesiaMaju\n\n\n\nBaca juga: Jokowi\nSelesai. ",
            "indonesia maju\n\nSelesai.",
            &["trailer-removed"],
        ),
        ("mix050", "", "", &[]),
        ("mix060", "🇲🇽🔥", "🇲🇽🔥", &[]),
    ];
    for (name, input, want, codes) in rows {
        let n = normalize(input);
        assert_eq!(n.text, *want, "{name}");
        let got: Vec<&str> = n.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(got, *codes, "{name}");
    }
}

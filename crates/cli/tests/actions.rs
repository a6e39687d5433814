//! `citra image --theme/--action` and `citra eval events`: the real binary on the demo corpus.

mod common;

use common::*;
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("demo/trump-mexico-2015-2019.json")
        .display()
        .to_string()
}

/// Total mentions of a `--format json` image output.
fn mentions(json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["points"].as_array().unwrap().iter().map(|p| p["mentions"].as_u64().unwrap()).sum()
}

#[test]
fn image_theme_action010() {
    let d = Dir::new();
    d.citra(&["ingest", &demo()]).ok();
    let all =
        mentions(&d.citra(&["image", "--country", "MEX", "--by", "year", "--format", "json"]).ok());
    let border = mentions(
        &d.citra(&[
            "image",
            "--country",
            "MEX",
            "--by",
            "year",
            "--theme",
            "border",
            "--format",
            "json",
        ])
        .ok(),
    );
    let conflict = mentions(
        &d.citra(&[
            "image",
            "--country",
            "MEX",
            "--by",
            "year",
            "--action",
            "verbal_conflict",
            "--format",
            "json",
        ])
        .ok(),
    );
    let threats = mentions(
        &d.citra(&[
            "image",
            "--country",
            "MEX",
            "--by",
            "year",
            "--action",
            "13",
            "--format",
            "json",
        ])
        .ok(),
    );
    assert!(all > 0);
    assert!(border > 0 && border < all, "border {border} of {all}");
    assert!(conflict > 0 && conflict < all, "verbal conflict {conflict} of {all}");
    assert!(threats <= conflict, "threats are verbal conflict");

    let bad = d.citra(&["image", "--country", "MEX", "--theme", "bogus"]);
    assert_eq!(bad.code(), 2);
    assert!(bad.stderr().contains("unknown theme 'bogus'"), "{}", bad.stderr());
    let bad = d.citra(&["image", "--country", "MEX", "--action", "99"]);
    assert_eq!(bad.code(), 2);
    assert!(bad.stderr().contains("unknown action"), "{}", bad.stderr());
}

#[test]
fn eval_events010() {
    let d = Dir::new();
    let gold = d.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"id": "a", "lang": "en", "text": "Russia attacked Ukraine on Monday.", "events": [{"source": "RUS", "target": "UKR", "code": "190", "quad": "material_conflict"}]}"#,
            "\n",
            r#"{"id": "b", "lang": "es", "text": "México elogió a Canadá.", "events": [{"source": "MEX", "target": "CAN", "code": "051", "quad": "verbal_coop"}]}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = d.citra(&["eval", "events", gold.to_str().unwrap(), "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["task"], "events");
    assert_eq!(v["n"], 2);
    for m in
        ["quad_accuracy", "root_accuracy", "dyad_quad_accuracy", "precision", "recall", "micro_f1"]
    {
        assert!(v["metrics"][m].is_number(), "{m} in {out}");
    }
    assert_eq!(v["metrics"]["quad_accuracy"], 1.0, "{out}");
    let bad = d.citra(&["eval", "bogus", gold.to_str().unwrap()]);
    assert_eq!(bad.code(), 2);
    assert!(bad.stderr().contains("target-tone or events"), "{}", bad.stderr());
}

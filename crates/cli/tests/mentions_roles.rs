//! `citra mentions --date` and `--actors`: roles of actors at the post's date, user actor tables.

use std::process::Command;

fn citra(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_citra"))
        .args(args)
        .env_remove("CITRA_ACTORS")
        .output()
        .expect("citra runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = citra(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn fixture(p: &str) -> String {
    format!("{}/../mentions/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn roles010() {
    // (date, surface, expected actor, role, former)
    let rows: &[(&str, &str, &str, &str, bool)] = &[
        ("2018-06-01", "Trump", "usa-trump", "head_of_state", false),
        ("2022-06-01", "Trump", "usa-trump", "head_of_state", true),
        ("2016-06-01", "Presiden", "idn-jokowi", "head_of_state", false),
        ("2025-06-01", "Presiden", "idn-prabowo", "head_of_state", false),
    ];
    for (date, surface, actor, role, former) in rows {
        let v = json(&["mentions", "--format", "json", "--date", date, "Trump dan Presiden RI"]);
        let m = v["mentions"]
            .as_array()
            .and_then(|ms| ms.iter().find(|m| m["surface"] == *surface))
            .unwrap_or_else(|| panic!("{date}: no {surface} in {v}"));
        assert_eq!(m["actor"], *actor, "{date} {surface}");
        assert_eq!(m["role"]["role"], *role, "{date} {surface}");
        assert_eq!(m["role"]["former"], *former, "{date} {surface}");
    }
}

#[test]
fn actors020() {
    let v = json(&[
        "mentions",
        "--format",
        "json",
        "--actors",
        &fixture("actors_user"),
        "Kedubes Meksiko",
    ]);
    assert_eq!(v["mentions"][0]["actor"], "mex-embajada-idn");
    assert_eq!(v["mentions"][0]["role"]["role"], "embassy");
    let out = citra(&["mentions", "--actors", &fixture("actors_bad.tsv"), "x"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("actors_bad.tsv:3: field `role`"), "{err}");
    let out = citra(&["mentions", "--date", "2019-13-01", "x"]);
    assert!(!out.status.success());
}

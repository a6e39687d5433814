//! Golden tests of the whole per-document pipeline on small real texts in each language.
//!
//! Inputs: `tests/golden/inputs/{ok,noisy}/*.txt` at the workspace root (a JSON header, `---`,
//! then the raw text). Snapshots: `tests/golden/snapshots/`. Review with `cargo insta review`.

use citra_model::{Annotation, Severity};
use citra_pipeline::Pipeline;
use serde::Serialize;

#[derive(Serialize)]
struct Snap {
    normalized: String,
    lang: String,
    lang_confidence: f64,
    tone: String,
    mentions: Vec<SnapMention>,
    diagnostics: Vec<String>,
}

#[derive(Serialize)]
struct SnapMention {
    surface: String,
    span: [usize; 2],
    country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
    kind: String,
    confidence: f64,
    tone: String,
}

/// Rounded to two decimals, without a negative zero.
fn r2(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0 + 0.0
}

fn tone(t: Option<citra_model::Tone>) -> String {
    match t {
        Some(t) => {
            format!("{} {:.2} (conf {:.2})", t.label.as_str(), r2(t.score), r2(t.confidence))
        }
        None => "none".to_owned(),
    }
}

fn snap(text: &str, a: &Annotation) -> Snap {
    let mut mentions: Vec<SnapMention> = a
        .mentions
        .iter()
        .map(|m| {
            assert_eq!(
                m.span.slice(text),
                Some(m.surface.as_str()),
                "span must map to the surface"
            );
            SnapMention {
                surface: m.surface.clone(),
                span: [m.span.start, m.span.end],
                country: m.country.clone(),
                actor: m.actor.clone(),
                kind: m.kind.as_str().to_owned(),
                confidence: r2(m.confidence),
                tone: tone(m.tone),
            }
        })
        .collect();
    mentions.sort_by(|a, b| (a.span, &a.country).cmp(&(b.span, &b.country)));
    let diagnostics = a
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.span.map(|s| format!(" {}..{}", s.start, s.end)).unwrap_or_default();
            format!("{}/{} {:?}{}: {}", d.stage, d.code, d.severity, at, d.message)
        })
        .collect();
    Snap {
        normalized: a.normalized.clone(),
        lang: a.lang.lang.code().to_owned(),
        lang_confidence: r2(a.lang.confidence),
        tone: tone(Some(a.tone)),
        mentions,
        diagnostics,
    }
}

#[test]
fn golden() {
    let pipeline = Pipeline::new();
    insta::with_settings!({
        snapshot_path => "../../../tests/golden/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../../../tests/golden/inputs", "*/*.txt", |path| {
            let raw = std::fs::read_to_string(path).unwrap();
            let (header, text) = raw.split_once("\n---\n").expect("a JSON header, then ---");
            let header: serde_json::Value = serde_json::from_str(header).expect("header is JSON");
            assert!(header.get("provenance").is_some(), "{}: header needs provenance", path.display());
            let ann = pipeline.annotate_text(text, None);
            let ok = path.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "ok");
            if ok {
                let bad: Vec<_> =
                    ann.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect();
                assert!(bad.is_empty(), "{}: an ok input gave warnings: {bad:?}", path.display());
            }
            insta::assert_yaml_snapshot!(snap(text, &ann));
        });
    });
}

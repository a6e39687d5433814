//! The whole per-document pipeline (normalize, langid, mentions, tone, actions) on arbitrary
//! text: it must never panic, and every span it returns must slice the original text on char
//! boundaries (the invariant of ARCHITECTURE.md).
#![no_main]

use citra_pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let p = PIPELINE.get_or_init(Pipeline::new);
    let ann = p.annotate_text(&text, None);
    let ok = |s: citra_model::Span| text.get(s.start..s.end).is_some();
    for m in &ann.mentions {
        assert!(ok(m.span), "mention span {:?} does not slice the text", m.span);
        assert!(
            ann.normalized.get(m.norm_span.start..m.norm_span.end).is_some(),
            "mention norm_span {:?} does not slice the normalized text",
            m.norm_span
        );
        if let Some(t) = m.tone {
            assert!((-1.0..=1.0).contains(&t.score), "tone {} out of [-1, 1]", t.score);
        }
    }
    for d in &ann.diagnostics {
        if let Some(s) = d.span {
            assert!(ok(s), "diagnostic span {s:?} does not slice the text");
        }
    }
    for e in &ann.events {
        assert!(ok(e.sentence) && ok(e.trigger), "event spans {:?} {:?}", e.sentence, e.trigger);
    }
    assert!((-1.0..=1.0).contains(&ann.tone.score));
});

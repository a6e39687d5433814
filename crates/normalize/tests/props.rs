//! Property tests: normalize is total and its offset map is sound.

use citra_model::{Span, segment};
use citra_normalize::{LOSSLESS, LOSSY, Normalizer, normalize, normalize_with};
use proptest::prelude::*;

fn check(original: &str) -> Result<(), TestCaseError> {
    let n = normalize(original);
    prop_assert_eq!(n.map.derived_len(), n.text.len());
    prop_assert_eq!(n.map.original_len(), original.len());
    // Every normalized char boundary maps to an original char boundary.
    for (i, _) in n.text.char_indices().chain(std::iter::once((n.text.len(), ' '))) {
        let o = n.map.to_original(i);
        prop_assert!(original.is_char_boundary(o), "{i} -> {o} in {original:?}");
    }
    // Offsets never go backwards.
    let mut last = 0;
    for i in 0..=n.text.len() {
        let o = n.map.to_original(i);
        prop_assert!(o >= last, "map not monotonic at {i}");
        last = o;
    }
    // Every word span slices the original on char boundaries.
    for w in segment::words(&n.text) {
        let o = n.map.span_to_original(w);
        prop_assert!(o.slice(original).is_some(), "{w:?} -> {o:?} in {original:?}");
    }
    for d in &n.diagnostics {
        if let Some(s) = d.span {
            prop_assert!(s.slice(original).is_some(), "diagnostic span {s:?} in {original:?}");
        }
    }
    let whole = n.map.span_to_original(Span::new(0, n.text.len()));
    prop_assert!(whole.slice(original).is_some());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_path_matches_full_pipeline(s in "[ -~\n]{0,80}|(Baca juga: |Follow us on |Click here to subscribe)[ -~]{0,40}") {
        let all: Vec<&dyn Normalizer> = LOSSLESS.iter().chain(LOSSY.iter()).copied().collect();
        prop_assert_eq!(normalize(&s), normalize_with(&s, &all));
    }

    #[test]
    fn arbitrary_unicode(s in "\\PC{0,120}") {
        check(&s)?;
    }

    #[test]
    fn noisy_fragments(parts in proptest::collection::vec(prop_oneof![
        Just("Ã©"), Just("â€™"), Just("â€\u{9d}"), Just("Â"), Just("Â\u{a0}"), Just("ðŸ‡²ðŸ‡½"),
        Just("&amp;"), Just("&#8217;"), Just("&nbsp;"), Just("&"), Just("#BuildTheWall"),
        Just("#makeamericagreatagain"), Just("#"), Just("@user"), Just("https://t.co/x#y"),
        Just(" "), Just("  "), Just("\n"), Just("\n\n\n"), Just("\t"), Just("\u{200b}"),
        Just("e\u{301}"), Just("\u{1112}\u{1161}"), Just("Baca juga: x\n"), Just("Síguenos en x"),
        Just("México"), Just("São"), Just("word"), Just("."), Just("🇮🇩"),
    ], 0..24)) {
        check(&parts.concat())?;
    }
}

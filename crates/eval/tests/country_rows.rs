//! Target-tone gold rows with a `country`: scored on the country's mentions as the citra index
//! counts them; a country citra does not find is "not found" and a miss.

use citra_eval::{EvalOptions, Task, evaluate_lines};

#[test]
fn country_rows050() {
    let lines = [
        // Found, and a role decides: condemnation of the United States.
        r#"{"id": "a", "lang": "id", "text": "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem", "country": "USA", "label": "negative"}"#,
        // Found without target_span, neutral for the country that condemns.
        r#"{"id": "b", "lang": "id", "text": "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem", "country": "IDN", "label": "neutral"}"#,
        // Not in the text: not found, and a miss even though the gold label is neutral.
        r#"{"id": "c", "lang": "en", "text": "The minister flew home on Tuesday", "country": "PER", "label": "neutral"}"#,
    ];
    let r = evaluate_lines(Task::TargetTone, lines, &EvalOptions::default()).expect("valid rows");
    assert_eq!(r.n, 3);
    assert_eq!(r.metrics["not_found"], 1.0);
    assert!((r.metrics["accuracy"] - 2.0 / 3.0).abs() < 1e-9, "{:?}", r.metrics);
    assert_eq!(r.misses.len(), 1);
    assert_eq!((r.misses[0].id.as_str(), r.misses[0].got.as_str()), ("c", "not found"));
    let cm = r.confusion.expect("a confusion matrix");
    assert_eq!(cm.not_found.values().sum::<u64>(), 1);
    let id = r.by_lang["id"].confusion.as_ref().expect("per-language confusion");
    assert_eq!(id["negative"]["negative"], 1);
    assert_eq!(id["neutral"]["neutral"], 1);
    assert_eq!(r.by_lang["en"].confusion.as_ref().unwrap()["neutral"]["not_found"], 1);

    // A country that is not an alpha-3 code is a line error that says what to use.
    let bad =
        [r#"{"id": "d", "lang": "en", "text": "Peru", "country": "Peru", "label": "neutral"}"#];
    let e = evaluate_lines(Task::TargetTone, bad, &EvalOptions::default()).unwrap_err();
    assert!(e.to_string().contains("alpha-3"), "{e}");
}

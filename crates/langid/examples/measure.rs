//! Measures accuracy and speed of the detector on labelled files.
//!
//! ```text
//! cargo run --release -p citra-langid --example measure -- FILE...
//! ```
//! Formats, by content:
//! - CSV with `content` and `language` columns (the IRA tweets: language names such as
//!   "English"); rows with a language citra has no code for are counted apart;
//! - CSV with a `text` column and no language column (the Indonesian candidates' posts):
//!   every row is taken as Indonesian;
//! - JSONL with `text` and `lang` fields (the tone gold files).
//!
//! The label is not passed as a hint, so the figures are the detector's own; with `MEASURE_HINT`
//! set it is (as a pipeline passes the platform's tag). With `MEASURE_ERRORS=N` set, N
//! misclassified rows per file are printed.

use citra_langid::LangDetector;
use citra_model::Lang;
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Default)]
struct Tally {
    n: usize,
    ok: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.n += 1;
        self.ok += usize::from(ok);
    }
    fn pct(&self) -> f64 {
        if self.n == 0 { 0.0 } else { 100.0 * self.ok as f64 / self.n as f64 }
    }
}

fn label(name: &str) -> Lang {
    match name {
        "Farsi (Persian)" => Lang::Fas,
        "Tagalog (Filipino)" => Lang::Tgl,
        other => Lang::from_code(other),
    }
}

fn read(path: &str) -> Vec<(String, Lang)> {
    if path.ends_with(".jsonl") {
        let text = std::fs::read_to_string(path).expect("readable file");
        return text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                let t = v["text"].as_str().unwrap_or("").to_owned();
                (t, Lang::from_code(v["lang"].as_str().unwrap_or("")))
            })
            .collect();
    }
    let mut rdr = csv::Reader::from_path(path).expect("readable csv");
    let headers = rdr.headers().expect("header row").clone();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let (text_col, lang_col) = match (col("content"), col("language"), col("text")) {
        (Some(c), Some(l), _) => (c, Some(l)),
        (_, _, Some(t)) => (t, None),
        _ => panic!("{path}: no content/text column"),
    };
    rdr.records()
        .filter_map(Result::ok)
        .map(|r| {
            let t = r.get(text_col).unwrap_or("").to_owned();
            let l = lang_col.map_or(Lang::Ind, |c| label(r.get(c).unwrap_or("")));
            (t, l)
        })
        .collect()
}

fn main() {
    let det = LangDetector::shared();
    det.detect("warm up", None);
    for path in std::env::args().skip(1) {
        let rows = read(&path);
        let start = Instant::now();
        let use_hint = std::env::var_os("MEASURE_HINT").is_some();
        let guesses: Vec<Lang> =
            rows.iter().map(|(t, l)| det.detect(t, use_hint.then_some(*l)).0.lang).collect();
        let secs = start.elapsed().as_secs_f64();
        let mut all = Tally::default();
        let mut short = Tally::default();
        let mut per: BTreeMap<Lang, Tally> = BTreeMap::new();
        let mut confusion: BTreeMap<(Lang, Lang), usize> = BTreeMap::new();
        let mut unsupported = 0usize;
        let mut und = 0usize;
        for ((text, gold), got) in rows.iter().zip(&guesses) {
            if *gold == Lang::Und {
                unsupported += 1;
                continue;
            }
            // Malay is folded into Indonesian.
            let ok = got == gold || (*gold == Lang::Ind && *got == Lang::Msa);
            all.add(ok);
            if text.chars().count() < 40 {
                short.add(ok);
            }
            per.entry(*gold).or_default().add(ok);
            if *got == Lang::Und {
                und += 1;
            }
            if !ok {
                *confusion.entry((*gold, *got)).or_default() += 1;
            }
        }
        println!("== {path}");
        println!(
            "rows {}  scored {}  (no citra code: {unsupported})  speed {:.2} us/post",
            rows.len(),
            all.n,
            1e6 * secs / rows.len().max(1) as f64
        );
        println!(
            "accuracy all {:.1}% ({}/{})  under 40 chars {:.1}% ({}/{})  und {und}",
            all.pct(),
            all.ok,
            all.n,
            short.pct(),
            short.ok,
            short.n
        );
        let mut top: Vec<_> = per.iter().collect();
        top.sort_by_key(|(_, t)| std::cmp::Reverse(t.n));
        let mut macro_sum = 0.0;
        let mut macro_n = 0;
        for (lang, t) in top.iter().take(16) {
            println!("  {:<4} {:>7} rows  {:>5.1}%", lang.code(), t.n, t.pct());
            if t.n >= 20 {
                macro_sum += t.pct();
                macro_n += 1;
            }
        }
        if macro_n > 0 {
            println!(
                "macro over the top languages with >= 20 rows: {:.1}%",
                macro_sum / macro_n as f64
            );
        }
        if let Some(n) = std::env::var("MEASURE_ERRORS").ok().and_then(|v| v.parse::<usize>().ok())
        {
            // Print every k-th error, n in all, to see what goes wrong.
            let errors: Vec<_> = rows
                .iter()
                .zip(&guesses)
                .filter(|((_, g), p)| {
                    *g != Lang::Und && g != *p && !(*g == Lang::Ind && **p == Lang::Msa)
                })
                .collect();
            let step = (errors.len() / n.max(1)).max(1);
            for ((t, g), p) in errors.iter().step_by(step).take(n) {
                println!(
                    "  ERR {}->{}: {:?}",
                    g.code(),
                    p.code(),
                    t.chars().take(140).collect::<String>()
                );
            }
        }
        let mut conf: Vec<_> = confusion.into_iter().collect();
        conf.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let shown: Vec<String> = conf
            .iter()
            .take(12)
            .map(|((g, p), n)| format!("{}->{} {n}", g.code(), p.code()))
            .collect();
        println!("top confusions: {}", shown.join(", "));
    }
}

//! Trains citra's target model (`crates/tone/data/models/target.bin`): the tone toward each
//! named target or country, from target-labelled data, with the mentions found by the real
//! pipeline. Cross-validates on the training data and scores development files.
//!
//! ```text
//! cargo run -p citra-pipeline --release --example train_target -- --out FILE \
//!     [--cv 5] [--dev GOLD.jsonl]... [--bits 18] [--epochs 8] [--lr 0.1] [--l2 1e-6] \
//!     [--neutral-prior auto|X] [--holdout-exclude SOURCE,...] [--misses FILE] TRAIN.jsonl[:WEIGHT]...
//! ```
//!
//! Rows are in the target-tone format (`text`, `lang`, `label`, and `country` and/or
//! `target_span`). A row with `country` is trained on every mention of that country that the
//! pipeline finds (each with weight 1/k), or on `target_span` when the pipeline finds none; a
//! row without `country` on its `target_span` (a named target such as a person). The rows of a
//! file given as `PATH:WEIGHT` count WEIGHT times.
//!
//! `--cv K` splits the rows of the files that have a `country` column into K folds by a hash of
//! the text (every row of a text in one fold) and reports, per language, macro-F1 and the
//! confusion matrix of the held-out folds, predicted as the citra index counts a country (the
//! mean of its mentions' tones); rows not found by the pipeline count as misses. Rows whose
//! `source` is in `--holdout-exclude` (texts that are also in the document-tone training data,
//! which the document model has seen) are trained on but not scored. With
//! `--neutral-prior auto`, the factor on the neutral probability is chosen by that
//! cross-validation (mean of the per-language macro-F1) and written into the model's bias.
//! Deterministic: the same command writes the same bytes.

use citra_model::{Lang, Mention, Span, ToneLabel};
use citra_pipeline::{DocContext, Pipeline, combine_tones};
use citra_tone::ToneScorer;
use citra_tone::model::{self, Features, LinearModel, TrainOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

/// One labelled text and its target(s), with the features of each target mention.
struct Row {
    lang: String,
    text: String,
    country: Option<String>,
    label: ToneLabel,
    source: String,
    /// The language the pipeline detected.
    detected: Lang,
    /// Normalized text, mentions (norm spans), indices of the target's mentions.
    norm: String,
    mentions: Vec<Mention>,
    targets: Vec<usize>,
    feats: Vec<Features>,
    weight: f32,
    fold: usize,
}

fn fnv64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn read(
    path: &str,
    weight: f32,
    pipeline: &Pipeline,
    scorer: &ToneScorer,
) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let (Some(t), Some(label)) =
            (v["text"].as_str(), v["label"].as_str().and_then(ToneLabel::parse))
        else {
            return Err(format!("{path}:{}: needs \"text\" and \"label\"", i + 1));
        };
        let lang = v["lang"].as_str().unwrap_or("und").to_owned();
        let hint = Lang::from_code(&lang);
        let span = v["target_span"].as_array().and_then(|a| {
            Span::from_chars(t, a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize)
        });
        let country = v["country"].as_str().map(str::to_owned);
        let ctx = DocContext { hint: Some(hint), ..DocContext::default() };
        let ct = match &country {
            Some(c) => pipeline.country_targets(t, c, &ctx, span),
            None => {
                let Some(span) = span else { continue };
                // A named target (a person, a product), at its span.
                pipeline.country_targets(t, citra_tone::NOT_A_COUNTRY, &ctx, Some(span))
            }
        };
        // Trained in the row's language; predicted in the one the pipeline detects (the row's
        // is a hint), as at run time.
        let l = ct.ann.lang.lang;
        let (norm, mut mentions, mut targets) = (ct.ann.normalized, ct.mentions, ct.of_country);
        if country.is_none() {
            // A named target alone, as `citra eval` reads it (`Pipeline::target_tone`).
            mentions = targets.iter().map(|&k| mentions[k].clone()).collect();
            targets = (0..mentions.len()).collect();
        }
        let feats: Vec<Features> = targets
            .iter()
            .filter_map(|&k| scorer.target_features(&norm, hint, &mentions, k))
            .collect();
        let k = feats.len().max(1) as f32;
        out.push(Row {
            lang,
            text: t.to_owned(),
            country,
            label,
            source: v["source"].as_str().unwrap_or("").to_owned(),
            detected: l,
            norm,
            mentions,
            targets,
            feats,
            weight: weight / k,
            fold: 0,
        });
    }
    Ok(out)
}

fn class(l: ToneLabel) -> usize {
    model::CLASSES.iter().position(|&c| c == l).unwrap_or(1)
}

/// The predicted label of a row with a scorer, as the citra index counts it.
fn predict(scorer: &ToneScorer, row: &Row) -> Option<ToneLabel> {
    let mut ms = row.mentions.clone();
    scorer.score_targets(&row.norm, row.detected, &mut ms);
    combine_tones(row.targets.iter().filter_map(|&i| ms[i].tone)).map(|t| t.label)
}

type Confusion = [[usize; 3]; 3];

fn macro_f1(cm: &Confusion) -> f64 {
    model::macro_scores(cm).0
}

fn train(rows: &[&Row], opts: &TrainOptions) -> LinearModel {
    let data: Vec<(&Features, ToneLabel, f32)> =
        rows.iter().flat_map(|r| r.feats.iter().map(|f| (f, r.label, r.weight))).collect();
    model::train_weighted(&data, opts)
}

/// The group a row is scored in: its language for a country, "named" for another target.
fn group(r: &Row) -> String {
    if r.country.is_some() { r.lang.clone() } else { NAMED.to_owned() }
}

const NAMED: &str = "named";

/// The language index of the target model's language features (see `citra_tone::LANG_DENSE`).
fn lang_slot(lang: &str) -> usize {
    match lang {
        "id" | "ms" => 0,
        "en" => 1,
        _ => 2,
    }
}

/// `m` with a factor `prior` on the neutral odds of language `slot` (all when `None`).
fn shift(m: &mut LinearModel, slot: Option<usize>, prior: f32) {
    match slot {
        Some(s) => m.shift_dense(citra_tone::LANG_DENSE + s, 1, prior.ln()),
        None => m.shift_bias(1, prior.ln()),
    }
}

fn with_prior(m: &LinearModel, prior: f32) -> ToneScorer {
    let mut m = m.clone();
    shift(&mut m, None, prior);
    ToneScorer::with_target_model(Some(m))
}

fn report(name: &str, cms: &BTreeMap<String, (Confusion, usize)>) -> f64 {
    let mut sum = 0.0;
    let mut all = [[0usize; 3]; 3];
    for (lang, (cm, missing)) in cms {
        let f = macro_f1(cm);
        sum += f;
        for r in 0..3 {
            for c in 0..3 {
                all[r][c] += cm[r][c];
            }
        }
        let n: usize = cm.iter().flatten().sum();
        eprintln!(
            "{name} {lang}: n {n} macro-F1 {f:.4} not found {missing} confusion (gold neg/neu/pos × pred) {cm:?}"
        );
    }
    eprintln!("{name} all: macro-F1 {:.4} {all:?}", macro_f1(&all));
    sum / cms.len().max(1) as f64
}

/// Held-out confusion matrices per language for each candidate prior.
fn cross_validate(
    rows: &[Row],
    k: usize,
    opts: &TrainOptions,
    priors: &[f32],
    exclude: &BTreeSet<String>,
    mut misses: Option<&mut Vec<String>>,
) -> Vec<BTreeMap<String, (Confusion, usize)>> {
    let mut out = vec![BTreeMap::new(); priors.len()];
    for fold in 0..k {
        let train_rows: Vec<&Row> = rows.iter().filter(|r| r.fold != fold).collect();
        let m = train(&train_rows, opts);
        for (pi, &prior) in priors.iter().enumerate() {
            let scorer = with_prior(&m, prior);
            for r in rows.iter().filter(|r| r.fold == fold) {
                if exclude.contains(&r.source) {
                    continue;
                }
                let e = out[pi].entry(group(r)).or_insert(([[0; 3]; 3], 0));
                let got = predict(&scorer, r);
                if got.is_none() {
                    e.1 += 1;
                }
                e.0[class(r.label)][got.map_or(1, class)] += 1;
                if let Some(ms) = misses.as_deref_mut().filter(|_| got != Some(r.label)) {
                    let line = serde_json::json!({
                        "lang": r.lang, "country": r.country, "gold": r.label.as_str(),
                        "got": got.map_or("not found", |l| l.as_str()), "source": r.source,
                        "text": r.text,
                    });
                    ms.push(line.to_string());
                }
            }
        }
    }
    out
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut out_path = None;
    let mut devs = Vec::new();
    let mut cv = 0usize;
    let mut opts = TrainOptions { learning_rate: 0.1, ..TrainOptions::default() };
    let mut prior: Option<f32> = None;
    let mut exclude = BTreeSet::new();
    let mut files = Vec::new();
    let mut misses_path = None;
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let num = |name: &str, v: String| v.parse::<f32>().map_err(|e| format!("{name}: {e}"));
        match a.as_str() {
            "--out" => out_path = Some(val("--out")?),
            "--dev" => devs.push(val("--dev")?),
            "--misses" => misses_path = Some(val("--misses")?),
            "--cv" => cv = val("--cv")?.parse().map_err(|e| format!("--cv: {e}"))?,
            "--bits" => opts.bits = val("--bits")?.parse().map_err(|e| format!("--bits: {e}"))?,
            "--epochs" => {
                opts.epochs = val("--epochs")?.parse().map_err(|e| format!("--epochs: {e}"))?
            }
            "--lr" => opts.learning_rate = num("--lr", val("--lr")?)?,
            "--l2" => opts.l2 = num("--l2", val("--l2")?)?,
            "--neutral-prior" => {
                let v = val("--neutral-prior")?;
                prior = if v == "auto" { None } else { Some(num("--neutral-prior", v)?) };
            }
            "--holdout-exclude" => {
                exclude.extend(val("--holdout-exclude")?.split(',').map(str::to_owned))
            }
            _ => files.push(a),
        }
    }
    let out_path = out_path.ok_or("--out is required")?;
    if files.is_empty() {
        return Err("usage: train_target --out FILE [--cv K] TRAIN.jsonl[:WEIGHT]...".into());
    }
    let pipeline = Pipeline::new();
    let scorer = ToneScorer::shared();
    let mut rows = Vec::new();
    for f in &files {
        let (path, weight) = match f.rsplit_once(':') {
            Some((p, w)) if w.parse::<f32>().is_ok() => (p, w.parse::<f32>().unwrap_or(1.0)),
            _ => (f.as_str(), 1.0),
        };
        let r = read(path, weight, &pipeline, scorer)?;
        let found = r.iter().filter(|r| !r.feats.is_empty()).count();
        eprintln!("{path}: {} rows, {found} with a target the pipeline can read", r.len());
        rows.extend(r);
    }
    let k = cv.max(1);
    for r in &mut rows {
        r.fold = (fnv64(&r.text.trim().to_lowercase()) % k as u64) as usize;
    }
    if cv > 0 {
        // The rules alone (no target model), on the rows the cross-validation scores.
        let rules = ToneScorer::with_target_model(None);
        let mut cms: BTreeMap<String, (Confusion, usize)> = BTreeMap::new();
        for r in rows.iter().filter(|r| r.country.is_some() && !exclude.contains(&r.source)) {
            let got = predict(&rules, r);
            let e = cms.entry(r.lang.clone()).or_insert(([[0; 3]; 3], 0));
            if got.is_none() {
                e.1 += 1;
            }
            e.0[class(r.label)][got.map_or(1, class)] += 1;
        }
        report("rules only", &cms);
    }
    let priors: Vec<f32> = (0..14).map(|i| 0.25 * 1.25f32.powi(i)).collect();
    // The neutral prior of the country targets and of other named targets: fixed, or chosen by
    // cross-validation on the held-out rows.
    let chosen: [f32; 4] = match (prior, cv) {
        (p, 0) => [p.unwrap_or(1.0); 4],
        (p, _) => {
            let cands: Vec<f32> = match p {
                Some(p) => vec![p],
                None => priors.clone(),
            };
            let cms = cross_validate(&rows, k, &opts, &cands, &exclude, None);
            // Slots: id, en, es (country targets), then other named targets.
            // One prior for the countries of every language (the macro-F1 of all their held-out
            // rows together: a language's own few polar rows are too few to choose on), one for
            // other named targets.
            let slot = |g: &str| if g == NAMED { 3 } else { lang_slot(g) };
            let mut best_country = (f64::MIN, 1.0f32);
            let mut best_named = (f64::MIN, 1.0f32);
            for (pi, cm) in cms.iter().enumerate() {
                let mut all = [[0usize; 3]; 3];
                for (g, (c, _)) in cm {
                    if g == NAMED {
                        let f = macro_f1(c);
                        if f > best_named.0 + 1e-9 {
                            best_named = (f, cands[pi]);
                        }
                        continue;
                    }
                    for r in 0..3 {
                        for col in 0..3 {
                            all[r][col] += c[r][col];
                        }
                    }
                }
                let f = macro_f1(&all);
                if f > best_country.0 + 1e-9 {
                    best_country = (f, cands[pi]);
                }
            }
            let best = [best_country, best_country, best_country, best_named];
            let mut picked: BTreeMap<String, (Confusion, usize)> = BTreeMap::new();
            for (pi, cm) in cms.iter().enumerate() {
                for (g, v) in cm {
                    if best[slot(g)].1 == cands[pi] {
                        picked.insert(g.clone(), *v);
                    }
                }
            }
            let b = best.map(|x| x.1);
            let countries: BTreeMap<String, (Confusion, usize)> =
                picked.iter().filter(|(g, _)| *g != NAMED).map(|(g, v)| (g.clone(), *v)).collect();
            report(&format!("cv{k} neutral priors id/en/es/named {b:?}"), &picked);
            report(&format!("cv{k} countries"), &countries);
            b
        }
    };
    if let Some(path) = &misses_path {
        // The held-out misses at the countries' chosen prior, for error analysis.
        let mut ms = Vec::new();
        cross_validate(&rows, k, &opts, &[chosen[0]], &exclude, Some(&mut ms));
        std::fs::write(path, ms.join("\n") + "\n").map_err(|e| format!("{path}: {e}"))?;
    }
    let all: Vec<&Row> = rows.iter().collect();
    let mut m = train(&all, &opts);
    for (slot, &p) in chosen.iter().take(3).enumerate() {
        shift(&mut m, Some(slot), p);
    }
    // Named targets that are not countries (English in the data): their own prior, through
    // the bias, undone for countries by the "target is a country" feature.
    let named = (chosen[3] / chosen[1]).ln();
    m.shift_bias(1, named);
    m.shift_dense(citra_tone::COUNTRY_DENSE, 1, -named);
    let bytes = m.to_bytes();
    std::fs::write(&out_path, &bytes).map_err(|e| format!("{out_path}: {e}"))?;
    eprintln!("wrote {out_path}: {} bytes, neutral priors id/en/es/named {chosen:?}", bytes.len());
    let m = LinearModel::from_bytes(&bytes).ok_or("model does not read back")?;
    let with = ToneScorer::with_target_model(Some(m));
    for dev in devs {
        let dev_rows = read(&dev, 1.0, &pipeline, scorer)?;
        let mut cms: BTreeMap<String, (Confusion, usize)> = BTreeMap::new();
        for r in &dev_rows {
            let got = predict(&with, r);
            let e = cms.entry(r.lang.clone()).or_insert(([[0; 3]; 3], 0));
            if got.is_none() {
                e.1 += 1;
            }
            e.0[class(r.label)][got.map_or(1, class)] += 1;
        }
        report(&format!("dev {dev}"), &cms);
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

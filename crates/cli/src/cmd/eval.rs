//! `citra eval`: quality on a gold file.

use crate::args::{EvalArgs, Format};
use crate::output::{Table, emit, fixed};
use anyhow::{Context, Result};
use citra_eval::{EvalOptions, Task, evaluate};
use citra_model::MentionKind;

pub(crate) fn run(args: EvalArgs) -> Result<()> {
    let task: Task = args.task.parse()?;
    let kinds = args
        .kinds
        .split(',')
        .map(|k| {
            MentionKind::parse(k.trim()).with_context(|| {
                format!(
                    "--kinds: unknown kind '{k}': use name, abbreviation, demonym, capital, \
                     leader, hashtag, handle"
                )
            })
        })
        .collect::<Result<_>>()?;
    let actors = match &args.actors {
        Some(p) => Some(citra_actions::ActorDict::from_file(p)?),
        None => None,
    };
    let opts = EvalOptions { kinds, actors };
    let report = evaluate(task, &args.gold, &opts)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table | Format::Csv => {
            let names: Vec<String> = report.metrics.keys().cloned().collect();
            let header = ["slice", "n"].iter().map(|s| s.to_string()).chain(names.iter().cloned());
            let mut table = Table::new(header);
            let row = |slice: &str, n: usize, m: &std::collections::BTreeMap<String, f64>| {
                let mut r = vec![slice.to_owned(), n.to_string()];
                r.extend(names.iter().map(|k| m.get(k).map_or("-".into(), |v| fixed(*v, 3))));
                r
            };
            table.push(row("all", report.n, &report.metrics));
            for (lang, s) in &report.by_lang {
                table.push(row(lang, s.n, &s.metrics));
            }
            println!("{} on {}", report.task, args.gold.display());
            emit(args.format, &table, &serde_json::Value::Null)?;
            if args.format == Format::Table {
                if let Some(cm) = &report.confusion {
                    print_confusion("all", cm);
                    if report.by_lang.len() > 1 {
                        for (lang, s) in &report.by_lang {
                            if let Some(cm) = &s.confusion {
                                print_confusion_json(lang, cm);
                            }
                        }
                    }
                }
                if args.errors > 0 && !report.misses.is_empty() {
                    println!(
                        "\nfirst {} of {} errors (gold → citra):",
                        args.errors.min(report.misses.len()),
                        report.misses.len()
                    );
                    for m in report.misses.iter().take(args.errors) {
                        println!("  {}  {} → {}  {}", m.id, m.gold, m.got, m.text);
                    }
                }
            }
        }
    }
    Ok(())
}

fn print_confusion(slice: &str, cm: &citra_eval::Confusion) {
    print_confusion_json(slice, &cm.to_json());
}

/// A confusion matrix as a table: rows gold, columns citra, and the rows whose target was not
/// found (target-tone toward a country).
fn print_confusion_json(
    slice: &str,
    cm: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
) {
    let found: u64 = cm.values().filter_map(|r| r.get("not_found")).sum();
    let cols: &[&str] = if found > 0 {
        &["negative", "neutral", "positive", "not_found"]
    } else {
        &["negative", "neutral", "positive"]
    };
    println!("\nconfusion, {slice} (rows gold, columns citra): {}", cols.join(" "));
    for (g, row) in cm {
        let cells: Vec<String> =
            cols.iter().map(|c| format!("{:>9}", row.get(*c).copied().unwrap_or(0))).collect();
        println!("{g:>9} {}", cells.join(""));
    }
}

//! Runs the events evaluation without the CLI: `cargo run --release -p citra-eval --example
//! eval_events -- GOLD.jsonl [ACTORS.tsv] [--misses]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gold = args.first().ok_or("usage: eval_events GOLD.jsonl [ACTORS.tsv] [--misses]")?;
    let actors = match args.get(1).filter(|a| !a.starts_with("--")) {
        Some(p) => Some(citra_actions::ActorDict::from_file(std::path::Path::new(p))?),
        None => None,
    };
    let opts = citra_eval::EvalOptions { actors, ..Default::default() };
    let report = citra_eval::evaluate(citra_eval::Task::Events, std::path::Path::new(gold), &opts)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    if args.iter().any(|a| a == "--misses") {
        for m in &report.misses {
            eprintln!("{}  {} → {}  {}", m.id, m.gold, m.got, m.text);
        }
    }
    Ok(())
}

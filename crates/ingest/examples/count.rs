//! Reads each input given on the command line and prints record and rejection counts, read
//! speed, and the first rejections: `cargo run --release -p citra-ingest --example count --
//! [--format NAME] [--map SPEC] [--dump] FILE...`.

use citra_ingest::{ColumnMap, Format, IngestOptions, open};
use std::time::Instant;

fn main() {
    let mut opts = IngestOptions::default();
    let mut dump = false;
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--format" => opts.format = args.next().and_then(|f| Format::parse(&f)),
            "--map" => {
                opts.map = ColumnMap::parse(&args.next().unwrap_or_default()).unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(2)
                })
            }
            "--dump" => dump = true,
            _ => paths.push(a),
        }
    }
    for path in paths {
        let start = Instant::now();
        let reader = match open(&path, &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let format = reader.format();
        let (mut ok, mut bad) = (0u64, 0u64);
        for rec in reader {
            match rec {
                Ok(doc) => {
                    ok += 1;
                    if dump {
                        println!("{doc:?}");
                    }
                }
                Err(e) => {
                    bad += 1;
                    if bad <= 5 {
                        println!("  rejected {e}");
                    }
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{path}: {format}: {ok} records, {bad} rejected, {secs:.3} s, {:.0} records/s",
            (ok + bad) as f64 / secs
        );
    }
}

//! `citra report`: flags → `citra_report::Options` → the page, written to `--out` (or standard
//! output with `--out -`). The report itself is its own crate, a face of the query layer.

use crate::args::{ReportArgs, ReportLang};
use anyhow::{Context, Result};
use citra_query::Params;
use std::path::Path;

pub(crate) fn run(db: &Path, args: ReportArgs) -> Result<()> {
    let mut params = Params { from: args.from.clone(), to: args.to.clone(), ..Params::default() };
    super::count_params(&args.count, &mut params);
    let opts = citra_report::Options {
        countries: args.country.clone(),
        params,
        authors: super::authors(&args.count)?,
        lang: match args.lang {
            ReportLang::En => citra_report::Lang::En,
            ReportLang::Id => citra_report::Lang::Id,
        },
        max_shocks: args.max_shocks,
        store_name: db
            .file_name()
            .map_or_else(|| db.display().to_string(), |f| f.to_string_lossy().into_owned()),
    };
    // Check the question before opening the store: a bad country or date is said first.
    for c in &opts.countries {
        super::q(Params { country: Some(c.clone()), ..Params::default() }.country())?;
    }
    super::q(opts.params.range())?;
    let store = super::open_existing_store(db)?;
    let report = super::q(citra_report::build(&store, &opts))?;
    if args.out.as_os_str() == "-" {
        // `--out -`: the page on standard output, as `citra ingest -` reads standard input.
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        out.write_all(report.html.as_bytes()).and_then(|()| out.flush())?;
        return Ok(());
    }
    std::fs::write(&args.out, &report.html).with_context(|| {
        format!("writing {}: check the folder exists and is writable", args.out.display())
    })?;
    if report.empty {
        eprintln!("no dated mentions in {} for this range: the report says so", db.display());
    }
    eprintln!(
        "wrote {} ({} {})",
        args.out.display(),
        report.countries,
        if report.countries == 1 { "country" } else { "countries" }
    );
    Ok(())
}

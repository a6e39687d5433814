//! One module per subcommand; [`run`] dispatches.

mod actors;
mod campaign;
mod cascades;
mod demo;
mod eval;
mod explain;
mod image;
mod ingest;
mod mentions;
mod rejected;
mod relations;
mod report;
mod serve;
mod shocks;

use crate::args::{Cli, Command};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use citra_mentions::{Country, Gazetteer};
use citra_pipeline::counting::{Authors, Counting, Leaders, Voice, VoiceFilter};
use std::path::Path;

pub(crate) fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init => {
            let store = open_store(&cli.db)?;
            println!(
                "{}: schema version {}",
                cli.db.display(),
                store.schema_version().context("reading the schema version")?
            );
            Ok(())
        }
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Image(args) => image::run(&cli.db, args),
        Command::Mentions(args) => mentions::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Rejected(args) => rejected::run(&cli.db, args),
        Command::Demo(args) => demo::run(args),
        Command::Serve(args) => serve::run(&cli.db, args),
        Command::Shocks(args) => shocks::run(&cli.db, args),
        Command::Explain(args) => explain::run(&cli.db, args),
        Command::Campaign(args) => campaign::run(&cli.db, args),
        Command::Cascades(args) => cascades::run(&cli.db, args),
        Command::Actors(args) => actors::run(&cli.db, args),
        Command::Relations(args) => relations::run(&cli.db, args),
        Command::Report(args) => report::run(&cli.db, args),
    }
}

/// Opens (creating or migrating) the store; its errors name the path and what to do.
pub(crate) fn open_store(path: &Path) -> Result<citra_store::Store> {
    Ok(citra_store::Store::open(path)?)
}

/// Opens an existing store for reading; a missing file is a user error with a hint.
pub(crate) fn open_existing_store(path: &Path) -> Result<citra_store::Store> {
    if !path.exists() {
        bail!(
            "no store at {}: run `citra ingest FILE…` first (or `citra demo`), or pass --db PATH",
            path.display()
        );
    }
    open_store(path)
}

/// The counting rules of `--leaders`, `--voice` and `--authors`.
pub(crate) fn counting(a: &crate::args::CountArgs) -> Result<Counting> {
    use crate::args::{LeadersArg, VoiceArg};
    let leaders = match a.leaders {
        LeadersArg::Include => Leaders::Include,
        LeadersArg::Exclude => Leaders::Exclude,
    };
    let voice = match a.voice {
        VoiceArg::All => VoiceFilter::All,
        VoiceArg::Foreign => VoiceFilter::Only(Voice::Foreign),
        VoiceArg::Domestic => VoiceFilter::Only(Voice::Domestic),
        VoiceArg::Unknown => VoiceFilter::Only(Voice::Unknown),
    };
    let c = Counting::new(leaders, voice);
    match &a.authors {
        None => Ok(c),
        Some(p) => Ok(c.with_authors(authors_file(p)?)),
    }
}

/// `--leaders` and `--voice` as the query's parameters.
pub(crate) fn count_params(a: &crate::args::CountArgs, p: &mut citra_query::Params) {
    use crate::args::{LeadersArg, VoiceArg};
    let leaders = match a.leaders {
        LeadersArg::Include => "include",
        LeadersArg::Exclude => "exclude",
    };
    let voice = match a.voice {
        VoiceArg::All => "all",
        VoiceArg::Foreign => "foreign",
        VoiceArg::Domestic => "domestic",
        VoiceArg::Unknown => "unknown",
    };
    p.leaders = Some(leaders.into());
    p.voice = Some(voice.into());
}

/// The author table of `--authors`, when given.
pub(crate) fn authors(a: &crate::args::CountArgs) -> Result<Option<std::sync::Arc<Authors>>> {
    Ok(a.authors.as_deref().map(authors_file).transpose()?.map(std::sync::Arc::new))
}

/// A question the query layer could not answer, said as the CLI says things (`--from`, not
/// `from`).
pub(crate) fn q<T>(r: std::result::Result<T, citra_query::QueryError>) -> Result<T> {
    r.map_err(|e| anyhow::anyhow!(e.cli_message()))
}

/// Reads an `--authors` file; every bad line is named with its file, line and field.
pub(crate) fn authors_file(p: &Path) -> Result<Authors> {
    Authors::from_file(p).map_err(|errs| {
        let n = errs.len();
        let all: Vec<String> = errs.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "--authors: {} bad line{}: {}",
            n,
            if n == 1 { "" } else { "s" },
            all.join("; ")
        )
    })
}

/// Resolves a country argument (code or name in any supported language).
pub(crate) fn resolve_country(query: &str) -> Result<&'static Country> {
    Gazetteer::shared().country(query).with_context(|| {
        format!(
            "unknown country '{query}': give an ISO 3166 code (MEX, MX) or a name in English, \
             Indonesian or Spanish (Mexico, Meksiko, México)"
        )
    })
}

/// A half-open UTC time range; `None` ends are open.
pub(crate) type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Parses `--from`/`--to` days into a half-open UTC range `[from, to + 1 day)`.
pub(crate) fn parse_range(from: Option<&str>, to: Option<&str>) -> Result<Range> {
    let day = |flag: &str, s: &str| -> Result<NaiveDate> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .with_context(|| format!("{flag} '{s}' is not a date: use YYYY-MM-DD, e.g. 2017-01-26"))
    };
    let from = from.map(|s| day("--from", s)).transpose()?;
    let to = to.map(|s| day("--to", s)).transpose()?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!("--from {f} is after --to {t}: the range is empty");
    }
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    Ok((from.and_then(start), to.and_then(|d| d.succ_opt()).and_then(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range010() {
        let (f, t) = parse_range(Some("2017-01-26"), Some("2017-01-26")).unwrap();
        assert_eq!(f.unwrap().to_rfc3339(), "2017-01-26T00:00:00+00:00");
        assert_eq!(t.unwrap().to_rfc3339(), "2017-01-27T00:00:00+00:00");
        let e = parse_range(Some("26/01/2017"), None).unwrap_err();
        assert!(format!("{e:#}").contains("use YYYY-MM-DD"));
        let e = parse_range(Some("2018-01-01"), Some("2017-01-01")).unwrap_err();
        assert!(format!("{e:#}").contains("range is empty"));
        assert_eq!(parse_range(None, None).unwrap(), (None, None));
    }
}

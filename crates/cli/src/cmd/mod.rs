//! One module per subcommand; [`run`] dispatches.

mod actors;
mod annotate;
mod campaign;
mod cascades;
mod compare_gdelt;
mod coordination;
mod demo;
mod eval;
mod explain;
mod export;
mod image;
mod ingest;
mod mentions;
mod pull;
mod reactions;
mod rejected;
mod relations;
mod report;
mod serve;
mod shocks;
mod stories;

use crate::args::{Cli, Command};
use anyhow::{Context, Result, bail};
use citra_pipeline::counting::Authors;
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
        Command::Coordination(args) => coordination::run(&cli.db, args),
        Command::Stories(args) => stories::run(&cli.db, args),
        Command::Reactions(args) => reactions::run(&cli.db, args),
        Command::Rebuttals(args) => reactions::run_rebuttals(&cli.db, args),
        Command::Relations(args) => relations::run(&cli.db, args),
        Command::CompareGdelt(args) => compare_gdelt::run(&cli.db, args),
        Command::Report(args) => report::run(&cli.db, args),
        Command::Pull(args) => pull::run_pull(&cli.db, *args),
        Command::Watch(args) => pull::run_watch(&cli.db, args),
        Command::Annotate(args) => annotate::run(args),
        Command::Export(args) => export::run(&cli.db, args),
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

/// `--window`, `--min-repeats` and `--objects` as the query's parameters.
/// `--threshold` and `--min-words` as the query's parameters.
pub(crate) fn story_params(a: &crate::args::StoryArgs, p: &mut citra_query::Params) {
    p.threshold = a.threshold.clone();
    p.min_words = a.min_words.clone();
}

pub(crate) fn coord_params(a: &crate::args::CoordArgs, p: &mut citra_query::Params) {
    p.window = a.window.clone();
    p.min_repeats = a.min_repeats.clone();
    p.objects = a.objects.clone();
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

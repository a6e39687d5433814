//! `citra rejected`: what ingest could not read, and why.

use crate::args::RejectedArgs;
use crate::output::{Table, emit};
use anyhow::Result;
use citra_query::{Params, rejected};
use std::path::Path;

pub(crate) fn run(db: &Path, args: RejectedArgs) -> Result<()> {
    let p = Params { limit: args.limit.map(|n| n.to_string()), ..Params::default() };
    let req = super::q(rejected::Request::from_params(&p))?;
    let store = super::open_existing_store(db)?;
    let answer = super::q(rejected::answer(&store, &req))?;
    let mut table = Table::new(vec!["source", "line", "reason"]);
    for r in &answer.rejected {
        table.push(vec![r.source_path.clone(), r.line.to_string(), r.reason.clone()]);
    }
    emit(args.format, &table, &serde_json::to_value(&answer)?)
}

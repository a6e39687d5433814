//! `citra rejected`: what ingest could not read, and why.

use crate::args::RejectedArgs;
use crate::output::{Table, emit};
use anyhow::Result;
use std::path::Path;

pub(crate) fn run(db: &Path, args: RejectedArgs) -> Result<()> {
    let store = super::open_existing_store(db)?;
    let rows = store.rejected(args.limit)?;
    let mut table = Table::new(vec!["source", "line", "reason"]);
    let mut json = Vec::new();
    for r in &rows {
        table.push(vec![r.source_path.clone(), r.line.to_string(), r.reason.clone()]);
        json.push(serde_json::json!({
            "source": r.source_path, "line": r.line, "reason": r.reason, "raw": r.raw,
            "at": r.at.to_rfc3339(),
        }));
    }
    emit(args.format, &table, &serde_json::Value::Array(json))
}

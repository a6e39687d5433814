//! `citra serve`: the JSON API and the dashboard over a store (see the citra-server crate).

use crate::args::ServeArgs;
use anyhow::{Context, Result};
use std::path::Path;

pub(crate) fn run(db: &Path, args: ServeArgs) -> Result<()> {
    super::open_existing_store(db)?;
    let token = args.token_file.as_deref().map(citra_server::read_token_file).transpose()?;
    let writes = token.is_some();
    let mut state = citra_server::AppState::open(db, token)?;
    if let Some(p) = &args.authors {
        state = state.with_authors(super::authors_file(p)?);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("listening on {}: is the port free?", args.addr))?;
        let addr = listener.local_addr().context("reading the bound address")?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: serving on {addr}, reachable from other machines; the default \
                 127.0.0.1 keeps it local"
            );
        }
        println!(
            "citra serving {} on http://{addr}/  (API: http://{addr}/api/v1/openapi.json)",
            db.display()
        );
        println!(
            "writes: {}; Ctrl-C stops",
            if writes { "on (POST /api/v1/ingest with the bearer token)" } else { "off" }
        );
        citra_server::serve(listener, state).await?;
        Ok(())
    })
}

//! `citra serve`: the JSON API and the dashboard over a store (see the citra-server crate).

use crate::args::ServeArgs;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// The server's limits, with `--query-timeout` and `--heavy-queries` when given.
fn limits(args: &ServeArgs) -> Result<citra_server::Limits> {
    let mut limits = citra_server::Limits::default();
    if let Some(secs) = args.query_timeout {
        if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
            bail!("--query-timeout {secs} is not a number of seconds between 0 and 86400, e.g. 30");
        }
        limits.query_timeout = std::time::Duration::from_secs_f64(secs);
    }
    if let Some(n) = args.heavy_queries {
        if n == 0 {
            bail!("--heavy-queries must be at least 1 (heavy queries at once)");
        }
        limits.heavy_queries = n;
    }
    Ok(limits)
}

/// The address to bind: `--addr`, with its port replaced by `--port` when given.
fn bind_addr(args: &ServeArgs) -> Result<String> {
    let Some(port) = args.port else { return Ok(args.addr.clone()) };
    // "host:port", "[v6]:port", or a host alone.
    let host = match args.addr.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !h.ends_with(':') => h,
        _ => args.addr.as_str(),
    };
    if host.is_empty() {
        bail!("--addr '{}' has no host: give e.g. --addr 127.0.0.1 --port {port}", args.addr);
    }
    Ok(format!("{host}:{port}"))
}

pub(crate) fn run(db: &Path, args: ServeArgs) -> Result<()> {
    super::open_existing_store(db)?;
    let token = args.token_file.as_deref().map(citra_server::read_token_file).transpose()?;
    let writes = token.is_some();
    let limits = limits(&args)?;
    let bind = bind_addr(&args)?;
    let mut state = citra_server::AppState::open(db, token)?.with_limits(limits);
    if let Some(p) = &args.authors {
        state = state.with_authors(super::authors_file(p)?);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .with_context(|| format!("listening on {bind}: is the port free?"))?;
        let addr = listener.local_addr().context("reading the bound address")?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: serving on {addr}, reachable from other machines; the default \
                 127.0.0.1 keeps it local"
            );
        }
        // The banner is for whoever started the server: one that reads the address and closes
        // the pipe (a script, a test) must not stop it, so write errors are not fatal here.
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "citra serving {} on http://{addr}/  (API: http://{addr}/api/v1/openapi.json)",
            db.display()
        );
        let _ = writeln!(
            out,
            "writes: {}; heavy queries: {} at once, {} s each at most; Ctrl-C stops",
            if writes { "on (POST /api/v1/ingest with the bearer token)" } else { "off" },
            state.limits().heavy_queries,
            state.limits().query_timeout.as_secs_f64(),
        );
        let _ = out.flush();
        drop(out);
        citra_server::serve(listener, state).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(query_timeout: Option<f64>, heavy_queries: Option<usize>) -> ServeArgs {
        ServeArgs {
            addr: "127.0.0.1:0".into(),
            port: None,
            token_file: None,
            authors: None,
            query_timeout,
            heavy_queries,
        }
    }

    #[test]
    fn serve_port010() {
        let rows: &[(&str, Option<u16>, &str)] = &[
            ("127.0.0.1:8080", None, "127.0.0.1:8080"),
            ("127.0.0.1:8080", Some(9000), "127.0.0.1:9000"),
            ("0.0.0.0:80", Some(8081), "0.0.0.0:8081"),
            ("[::1]:8080", Some(9000), "[::1]:9000"),
            ("localhost", Some(9000), "localhost:9000"),
        ];
        for (addr, port, want) in rows {
            let a = ServeArgs { addr: (*addr).into(), port: *port, ..args(None, None) };
            assert_eq!(bind_addr(&a).unwrap(), *want, "{addr} {port:?}");
        }
    }

    #[test]
    fn serve_limits010() {
        let default = citra_server::Limits::default();
        assert_eq!(limits(&args(None, None)).unwrap(), default);
        let set = limits(&args(Some(2.5), Some(3))).unwrap();
        assert_eq!(set.query_timeout, std::time::Duration::from_millis(2500));
        assert_eq!(set.heavy_queries, 3);
        for bad in [0.0, -1.0, f64::NAN, 1e9] {
            let e = limits(&args(Some(bad), None)).unwrap_err().to_string();
            assert!(e.contains("--query-timeout"), "{e}");
        }
        let e = limits(&args(None, Some(0))).unwrap_err().to_string();
        assert!(e.contains("at least 1"), "{e}");
    }
}

//! `cargo xtask tidy`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

pub(crate) fn run() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("workspace root")?;
    let mut problems = Vec::new();
    let crates = root.join("crates");
    for krate in read_dir(&crates)? {
        let data = krate.join("data");
        if data.is_dir() {
            check_sources(&data, &mut problems)?;
        }
        let lib = krate.join("src/lib.rs");
        if lib.is_file() {
            let text = std::fs::read_to_string(&lib)?;
            if !text.contains("#![deny(missing_docs)]") {
                problems.push(format!("{}: add #![deny(missing_docs)]", lib.display()));
            }
        }
        for file in walk(&krate)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(&file)?;
            for (i, line) in text.lines().enumerate() {
                let banned = [
                    // The patterns are spelled in pieces so that this file does not match itself.
                    (
                        concat!("#[", "ignore"),
                        "ignored test: fix it, or assert today's output with a FIXME",
                    ),
                    (concat!("todo", "!("), "a todo macro is left in the code"),
                    (concat!("unimplemented", "!("), "an unimplemented macro is left in the code"),
                ];
                for (pat, why) in banned {
                    if line.contains(pat) {
                        problems.push(format!("{}:{}: {why}", file.display(), i + 1));
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        println!("tidy: ok");
        Ok(())
    } else {
        for p in &problems {
            eprintln!("tidy: {p}");
        }
        bail!("{} tidy problem(s)", problems.len())
    }
}

/// Every file under `data` must be named (by file name) in a SOURCES.md between it and `data`.
fn check_sources(data: &Path, problems: &mut Vec<String>) -> Result<()> {
    for file in walk(data)? {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name == "SOURCES.md" || name.starts_with('.') || is_licence(name) {
            continue;
        }
        let mut dir = file.parent();
        let mut found = false;
        while let Some(d) = dir {
            let sources = d.join("SOURCES.md");
            if sources.is_file() && std::fs::read_to_string(&sources)?.contains(name) {
                found = true;
                break;
            }
            if d == data {
                break;
            }
            dir = d.parent();
        }
        if !found {
            problems.push(format!(
                "{}: data file without provenance: name it in a SOURCES.md (source, licence)",
                file.display()
            ));
        }
    }
    Ok(())
}

fn is_licence(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.starts_with("LICENSE") || n.starts_with("LICENCE") || n.starts_with("COPYRIGHT")
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        out.push(e?.path());
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for p in read_dir(&d)? {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name == "target" || name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    Ok(out)
}

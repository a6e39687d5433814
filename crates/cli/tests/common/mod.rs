//! Shared helpers of the CLI tests: run the real `citra` binary in a temporary directory and
//! check its exit code and output (after ripgrep's `tests/util.rs`).
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary working directory with a store in it.
pub(crate) struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub(crate) fn new() -> Dir {
        Dir { tmp: tempfile::tempdir().expect("a temporary directory") }
    }

    pub(crate) fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.path().join("t.db")
    }

    /// `citra --db <tmp>/t.db ARGS…`, run in the temporary directory.
    pub(crate) fn citra(&self, args: &[&str]) -> Run {
        self.citra_stdin(args, None)
    }

    /// The same, with `stdin` written to the process.
    pub(crate) fn citra_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        citra_at(self.path(), &self.db(), args, stdin)
    }
}

/// `citra --db DB ARGS…` run in `dir`, with an optional standard input.
pub(crate) fn citra_at(dir: &Path, db: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citra"));
    cmd.current_dir(dir).arg("--db").arg(db).args(args);
    cmd.env_remove("CITRA_DB");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("citra runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().expect("a stdin pipe").write_all(input.as_bytes()).expect("stdin");
    }
    Run { args: args.join(" "), out: child.wait_with_output().expect("citra ends") }
}

/// One finished run of the binary.
pub(crate) struct Run {
    pub(crate) args: String,
    pub(crate) out: Output,
}

impl Run {
    pub(crate) fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub(crate) fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub(crate) fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }

    /// Asserts exit 0 and returns stdout.
    pub(crate) fn ok(&self) -> String {
        assert_eq!(
            self.code(),
            0,
            "citra {} failed\nstdout:\n{}\nstderr:\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    /// Asserts exit 2 and returns stderr.
    pub(crate) fn fails(&self) -> String {
        assert_eq!(
            self.code(),
            2,
            "citra {} should fail with 2\nstdout:\n{}",
            self.args,
            self.stdout()
        );
        self.stderr()
    }

    /// Asserts exit 0 and parses stdout as JSON.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok()).expect("JSON output")
    }
}

/// The summary line's four counts (read, stored, duplicates, rejected).
pub(crate) fn counts(stdout: &str) -> (u64, u64, u64, u64) {
    let line = stdout.lines().last().expect("a summary line");
    let n: Vec<u64> = line
        .split(", ")
        .map(|part| part.split(' ').next().unwrap().parse().expect("a count"))
        .collect();
    assert!(line.ends_with(" rejected"), "{line}");
    (n[0], n[1], n[2], n[3])
}

/// A file under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

/// A file of the demo corpus under `demo/`.
pub(crate) fn demo_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo").join(name).display().to_string()
}

//! `citra serve`: the real binary on a loopback port, answering HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, passed or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn citra(db: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citra"));
    cmd.arg("--db").arg(db).args(args).env_remove("CITRA_DB");
    cmd
}

/// A plain HTTP/1.1 request; returns (status line, headers and body).
fn http(addr: &str, request: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.lines().next().unwrap_or_default().to_owned();
    (status, out)
}

#[test]
fn serve010_demo_store_answers_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = citra(&db, &["demo", "--out"]).arg(&db).output().unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let token = dir.path().join("token");
    std::fs::write(&token, "serve-test-token-0123456789\n").unwrap();
    // `--port 0` on the default host (127.0.0.1): any free port, printed in the first line.
    let mut child = citra(&db, &["serve", "--port", "0", "--token-file"])
        .arg(&token)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(lines.next().unwrap().unwrap().starts_with("writes: on"));

    let (status, body) = http(
        addr,
        "GET /api/v1/image?country=MEX&by=year HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains("200"), "{body}");
    assert!(body.contains("\"country\":\"MEX\"") && body.contains("2019-01-01"));
    assert!(body.to_ascii_lowercase().contains("content-security-policy: default-src 'self'"));
    let (status, body) = http(
        addr,
        "GET /api/v1/image?country=Atlantis HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains("400"), "{body}");
    assert!(body.contains("unknown_country"));
    let post = "{\"id\":\"s1\",\"text\":\"Mexico is a great friend\"}\n";
    let (status, body) = http(
        addr,
        &format!(
            "POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer serve-test-token-0123456789\r\nContent-Length: {}\r\n\r\n{post}",
            post.len()
        ),
    );
    assert!(status.contains("200"), "{body}");
    assert!(body.contains("\"stored\":1"), "{body}");
    drop(server);
}

#[test]
fn serve020_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = citra(&dir.path().join("none.db"), &["serve"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no store at"));
    let db = dir.path().join("demo.db");
    assert!(citra(&db, &["demo", "--out"]).arg(&db).output().unwrap().status.success());
    let short = dir.path().join("short");
    std::fs::write(&short, "abc\n").unwrap();
    let bad = citra(&db, &["serve", "--token-file"]).arg(&short).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("at least 16 characters"));
    let bad_addr = citra(&db, &["serve", "--addr", "not-an-address"]).output().unwrap();
    assert_eq!(bad_addr.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_addr.stderr).contains("listening on not-an-address"));
    let with_port =
        citra(&db, &["serve", "--addr", "not-an-address", "--port", "9"]).output().unwrap();
    assert_eq!(with_port.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&with_port.stderr).contains("listening on not-an-address:9"));
}

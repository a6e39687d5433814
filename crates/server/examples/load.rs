//! A load client for `citra serve` on loopback (`scripts/load-test.sh` runs it): keeps N heavy
//! requests in flight (actors, cascades with inference, relations, campaigns, each with a new
//! `to` day so that none is answered from the cache) while it times a light request (a
//! country's image, also uncached) one after another; prints the light latencies alone and
//! under load (p50/p95/p99) and the heavy answers by status.
//!
//! ```text
//! cargo run --release -p citra-server --example load -- 127.0.0.1:8080 --seconds 30 --heavy 8
//! ```
//!
//! Options: `--seconds S` (under load, default 30), `--heavy N` (default 8), `--country CODE`
//! (the light request's country; default the store's fifth most mentioned), `--busy-pause-ms
//! MS` (how long a heavy client waits after a `503 busy` before its next request; default 0,
//! the harshest), `--p99-max-ms MS` (exit 1 when the light p99 under load is above it).
//! Plain HTTP/1.1 over `std::net::TcpStream`, one connection per request, loopback only.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Options {
    addr: SocketAddr,
    seconds: u64,
    heavy: usize,
    country: Option<String>,
    busy_pause: Duration,
    p99_max_ms: Option<f64>,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args
        .next()
        .ok_or("usage: load ADDR [--seconds S] [--heavy N] [--country CODE] …")?
        .parse()
        .map_err(|e| format!("ADDR: {e} (give ip:port, e.g. 127.0.0.1:8080)"))?;
    if !addr.ip().is_loopback() {
        return Err(format!("{addr} is not a loopback address: this client only loads 127.0.0.1"));
    }
    let mut o = Options {
        addr,
        seconds: 30,
        heavy: 8,
        country: None,
        busy_pause: Duration::ZERO,
        p99_max_ms: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<u64>().map_err(|_| format!("{flag} {v}: not a whole number"));
        match flag.as_str() {
            "--seconds" => o.seconds = num(&value)?,
            "--heavy" => o.heavy = num(&value)? as usize,
            "--country" => o.country = Some(value),
            "--busy-pause-ms" => o.busy_pause = Duration::from_millis(num(&value)?),
            "--p99-max-ms" => o.p99_max_ms = Some(num(&value)? as f64),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// One GET on a new connection: (status, body, seconds taken).
fn get(addr: SocketAddr, path: &str) -> Result<(u16, Vec<u8>, f64), String> {
    let started = Instant::now();
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
        .map_err(|e| format!("connecting to {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
    let _ = s.set_nodelay(true);
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).map_err(|e| format!("sending {path}: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("reading {path}: {e}"))?;
    let took = started.elapsed().as_secs_f64();
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let status =
        head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| {
            format!("{path}: no HTTP status in {:?}", &head[..head.len().min(80)])
        })?;
    let body = raw.get(head_end + 4..).unwrap_or_default().to_vec();
    Ok((status, body, took))
}

/// Nearest-rank percentile of sorted milliseconds.
fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(ms: &mut [f64]) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "n={:<5} p50={:7.1} ms  p95={:7.1} ms  p99={:7.1} ms  max={:7.1} ms",
        ms.len(),
        pct(ms, 50.0),
        pct(ms, 95.0),
        pct(ms, 99.0),
        ms.last().copied().unwrap_or(f64::NAN)
    )
}

/// A new far-future `to` day per request, so that the cache never answers (same rows).
fn fresh_day(n: u64) -> String {
    let n = n % (336 * 5000);
    format!("{:04}-{:02}-{:02}", 3000 + n / 336, 1 + (n / 28) % 12, 1 + n % 28)
}

/// The heavy requests, `{to}` replaced by a new day each time.
const HEAVY: &[&str] = &[
    "/api/v1/actors?to={to}",
    "/api/v1/cascades?infer=true&to={to}",
    "/api/v1/relations?to={to}",
    "/api/v1/campaigns?country=USA&topic=election,trump&to={to}",
];

fn run() -> Result<bool, String> {
    let o = options()?;
    let serial = Arc::new(AtomicU64::new(0));
    let next_day = {
        let serial = serial.clone();
        move || fresh_day(serial.fetch_add(1, Ordering::Relaxed))
    };
    // The light request's country: given, or the fifth most mentioned (not the largest).
    let country = match &o.country {
        Some(c) => c.clone(),
        None => {
            let (status, body, _) = get(o.addr, "/api/v1/countries")?;
            if status != 200 {
                return Err(format!("/api/v1/countries answered {status}"));
            }
            let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
            let list = v["countries"].as_array().cloned().unwrap_or_default();
            let pick = list.get(4).or(list.last()).ok_or("the store mentions no country")?;
            pick["code"].as_str().unwrap_or("USA").to_owned()
        }
    };
    let light = move |day: &str| format!("/api/v1/image?country={country}&by=week&to={day}");

    // Warm up (the server's first request of each kind opens connections, loads tables).
    let (status, _, _) = get(o.addr, &light(&next_day()))?;
    if status != 200 {
        return Err(format!("the light request answered {status}: {}", light("…")));
    }
    println!("light request: {} (a new `to` each time: never cached)", light("<day>"));
    println!("heavy requests: actors, cascades?infer=true, relations, campaigns (never cached)");
    let mut alone = Vec::new();
    for _ in 0..100 {
        let (status, _, took) = get(o.addr, &light(&next_day()))?;
        if status != 200 {
            return Err(format!("light request answered {status}"));
        }
        alone.push(took * 1000.0);
        std::thread::sleep(Duration::from_millis(5));
    }
    println!("light alone:                 {}", summary(&mut alone));

    // The heavy clients: each keeps one request in flight until the end.
    let stop = Arc::new(AtomicBool::new(false));
    let statuses: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
    let heavy_ok_ms: Arc<Mutex<Vec<f64>>> = Arc::default();
    let mut clients = Vec::new();
    for i in 0..o.heavy {
        let (stop, statuses, ok_ms) = (stop.clone(), statuses.clone(), heavy_ok_ms.clone());
        let (next_day, addr) = (next_day.clone(), o.addr);
        let pause = o.busy_pause;
        clients.push(std::thread::spawn(move || {
            let mut k = i;
            while !stop.load(Ordering::Relaxed) {
                let path = HEAVY[k % HEAVY.len()].replace("{to}", &next_day());
                k += 1;
                let key = match get(addr, &path) {
                    Ok((200, _, took)) => {
                        ok_ms.lock().unwrap().push(took * 1000.0);
                        "200".to_owned()
                    }
                    Ok((503, body, _)) => {
                        let text = String::from_utf8_lossy(&body);
                        let busy = text.contains("\"busy\"");
                        if busy && !pause.is_zero() {
                            std::thread::sleep(pause);
                        }
                        if busy { "503 busy" } else { "503 query_timeout" }.to_owned()
                    }
                    Ok((other, _, _)) => other.to_string(),
                    Err(e) => format!("error ({e})"),
                };
                *statuses.lock().unwrap().entry(key).or_default() += 1;
            }
        }));
    }
    std::thread::sleep(Duration::from_millis(500)); // all heavy requests under way
    let mut loaded = Vec::new();
    let mut light_errors = 0;
    let until = Instant::now() + Duration::from_secs(o.seconds);
    while Instant::now() < until {
        match get(o.addr, &light(&next_day())) {
            Ok((200, _, took)) => loaded.push(took * 1000.0),
            _ => light_errors += 1,
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        let _ = c.join();
    }
    let heavy = o.heavy;
    println!("light with {heavy} heavy in flight: {}", summary(&mut loaded));
    if light_errors > 0 {
        println!("light requests that failed: {light_errors}");
    }
    let counts = statuses.lock().unwrap();
    let listed: Vec<String> = counts.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    println!("heavy answers: {}", listed.join(", "));
    let mut ok = heavy_ok_ms.lock().unwrap().clone();
    if !ok.is_empty() {
        println!("heavy 200 latency:           {}", summary(&mut ok));
    }
    let p99 = pct(&loaded, 99.0);
    Ok(match o.p99_max_ms {
        Some(max) if p99.is_nan() || p99 > max || light_errors > 0 => {
            println!("FAIL: light p99 {p99:.1} ms with {heavy} heavy in flight (bar: {max} ms)");
            false
        }
        Some(max) => {
            println!("PASS: light p99 {p99:.1} ms with {heavy} heavy in flight (bar: {max} ms)");
            true
        }
        None => true,
    })
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

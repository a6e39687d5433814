//! CLI tests of `citra report` (one self-contained HTML file, English and Indonesian, text of
//! posts escaped) and of the cooperation/conflict columns of `citra relations`.

mod common;

use common::*;

/// A store built by `citra demo`, plus the posts that try XSS.
fn demo_with_xss() -> Dir {
    let d = Dir::new();
    let db = d.db().display().to_string();
    d.citra(&["demo", "--out", &db]).ok();
    d.citra(&["ingest", "-q", &fixture("xss-posts.jsonl")]).ok();
    d
}

fn report(d: &Dir, extra: &[&str], name: &str) -> String {
    let out = d.path().join(name).display().to_string();
    let mut args = vec!["report", "--out", out.as_str()];
    args.extend_from_slice(extra);
    d.citra(&args).ok();
    std::fs::read_to_string(&out).expect("the report file")
}

/// The HTML without post texts (`<q>…</q>`) and post links shown as text (`<code class="url">`).
fn without_post_text(html: &str) -> String {
    let mut s = html.to_owned();
    for (open, close) in [("<q>", "</q>"), ("<code class=\"url\">", "</code>")] {
        while let Some(a) = s.find(open) {
            let Some(b) = s[a..].find(close) else { break };
            s.replace_range(a..a + b + close.len(), "");
        }
    }
    s
}

#[test]
fn report010_one_self_contained_file() {
    let d = demo_with_xss();
    let before: Vec<_> =
        std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let html = report(&d, &[], "report.html");
    let after: Vec<_> =
        std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(after.len(), before.len() + 1, "one file written: {after:?}");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("viewBox="));
    // Three countries by default (the store's most mentioned), each with its chart.
    assert!(html.contains("id=\"c-MEX\"") && html.contains("id=\"c-USA\""));
    assert!(html.matches("<svg class=\"chart\"").count() >= 3);
    assert!(html.contains("id=\"relations\""));
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
    // Shocks are marked and explained, with the mention highlighted.
    assert!(html.contains("stroke-dasharray"), "a shock line");
    assert!(html.contains("<mark>Mexico</mark>"), "a highlighted mention");
    // Nothing outside the file: no script, no remote reference outside post texts and links.
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script element");
    assert!(!lower.contains("<link") && !lower.contains("@import") && !lower.contains("url("));
    let bare = without_post_text(&html).to_lowercase();
    assert!(!bare.contains("http://") && !bare.contains("https://"), "a remote reference");
    for tag in ["<img", "<iframe", "<object", "<embed", "<audio", "<video", "<image", "<use"] {
        assert!(!lower.contains(tag), "no embedded resource: {tag}");
    }
    for href in bare.match_indices("href=\"").map(|(i, _)| &bare[i + 6..i + 7]) {
        assert_eq!(href, "#", "only links inside the page");
    }
}

#[test]
fn report020_posts_stay_text() {
    let d = demo_with_xss();
    let html = report(&d, &["--country", "MEX"], "mex.html");
    // The XSS posts lead the leaderboard and the October 2018 shock: shown, escaped.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the script post, escaped");
    assert!(html.contains("@&lt;img src=x onerror=alert(2)&gt;"), "the author, escaped");
    assert!(html.contains("&lt;b onmouseover=&#39;alert(3)&#39;&gt;"));
    assert!(html.contains("&amp; &quot;friends&quot;"));
    assert!(
        !html.contains("<script") && !html.contains("<img") && !html.contains("<b onmouseover")
    );
    // The link in a post text is there, as text.
    assert!(html.contains("https://example.org/x?a=1&amp;"));
    assert!(!html.contains("id=\"c-USA\""), "only the country asked for");
}

#[test]
fn report030_languages() {
    let d = demo_with_xss();
    let en = report(&d, &["--country", "Meksiko"], "en.html");
    let id = report(&d, &["--country", "MEX", "--lang", "id"], "id.html");
    for label in [
        "How to read this report",
        "Image of Mexico",
        "Actor leaderboard",
        "Relations between countries",
        "verbal coop.",
    ] {
        assert!(en.contains(label), "en: {label}");
        assert!(!id.contains(label), "id has the English {label}");
    }
    for label in [
        "Cara membaca laporan ini",
        "Citra Meksiko",
        "Papan peringkat aktor",
        "Hubungan antarnegara",
        "kerja sama verbal",
    ] {
        assert!(id.contains(label), "id: {label}");
        assert!(!en.contains(label), "en has the Indonesian {label}");
    }
    assert!(en.contains("<html lang=\"en\">") && id.contains("<html lang=\"id\">"));
}

#[test]
fn report040_errors_and_empty() {
    let d = Dir::new();
    let out = d.path().join("r.html").display().to_string();
    let e = d.citra(&["report", "--out", &out]).fails();
    assert!(e.contains("no store at"), "{e}");
    d.citra(&["init"]).ok();
    let e = d.citra(&["report", "--country", "Atlantis", "--out", &out]).fails();
    assert!(e.contains("unknown country 'Atlantis'"), "{e}");
    let e =
        d.citra(&["report", "--from", "2019-01-02", "--to", "2019-01-01", "--out", &out]).fails();
    assert!(e.contains("range is empty"), "{e}");
    // An empty store: a report that says so, exit 0.
    let html = report(&d, &["--country", "MEX"], "r.html");
    assert!(html.contains("The store holds no dated mentions"));
    assert!(html.contains("No dated, scored mentions of this country"));
    let e = d
        .citra(&["report", "--out", &d.path().join("no/such/dir/r.html").display().to_string()])
        .fails();
    assert!(e.contains("check the folder exists"), "{e}");
}

fn csv_rows(out: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut rows = vec![header];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(str::to_owned).collect());
    }
    rows
}

#[test]
fn relations050_cooperation_conflict() {
    let d = demo_with_xss();
    let rows = csv_rows(&d.citra(&["relations", "--format", "csv"]).ok());
    let col =
        |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let (vc, mc, vx, mx, g) = (
        col("verbal_coop"),
        col("material_coop"),
        col("verbal_conflict"),
        col("material_conflict"),
        col("goldstein"),
    );
    let usa_mex = rows.iter().find(|r| r[0] == "USA" && r[1] == "MEX").expect("USA → MEX");
    let n = |i: usize| usa_mex[i].parse::<u64>().unwrap();
    let events = n(vc) + n(mc) + n(vx) + n(mx);
    assert!(events > 0, "the demo's USA → MEX posts code actions: {usa_mex:?}");
    assert!(n(vc) > 0 && n(mx) > 0, "both cooperation and material conflict: {usa_mex:?}");
    let goldstein: f64 = usa_mex[g].parse().unwrap();
    assert!((-10.0..=10.0).contains(&goldstein));
    // JSON: the same counts on the edge.
    let v: serde_json::Value =
        serde_json::from_str(&d.citra(&["relations", "--format", "json"]).ok()).unwrap();
    let e = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "USA" && e["target"] == "MEX")
        .unwrap();
    assert_eq!(e["verbal_coop"].as_u64(), Some(n(vc)));
    assert_eq!(e["material_conflict"].as_u64(), Some(n(mx)));
    // Gephi formats carry them as edge attributes.
    let graphml = d.citra(&["relations", "--format", "graphml"]).ok();
    assert!(graphml.contains("<key id=\"verbal_conflict\" for=\"edge\""));
    assert!(graphml.contains(&format!("<data key=\"verbal_coop\">{}</data>", n(vc))));
    let gexf = d.citra(&["relations", "--format", "gexf"]).ok();
    assert!(gexf.contains(&format!("<attvalue for=\"material_coop\" value=\"{}\"/>", n(mc))));
    // The table shows them too.
    let table = d.citra(&["relations"]).ok();
    assert!(table.lines().next().unwrap().contains("goldstein"));
}

#[test]
fn report060_foreign_and_domestic_lines() {
    let d = Dir::new();
    d.citra(&["ingest", "-q", &fixture("voice-posts.jsonl")]).ok();
    // (extra arguments, the header's counting modes)
    let rows: &[(&[&str], &str)] = &[
        (&[], "--leaders exclude --voice all"),
        (&["--leaders", "include", "--voice", "foreign"], "--leaders include --voice foreign"),
    ];
    for (i, (extra, modes)) in rows.iter().enumerate() {
        let mut args = vec!["--country", "USA", "--country", "IDN"];
        args.extend_from_slice(extra);
        let html = report(&d, &args, &format!("voice-{i}.html"));
        assert!(html.contains(modes), "{modes}");
        // Each chart draws the foreign and the domestic voice, both present for Indonesia
        // (Trump's post about it is foreign, Jokowi's domestic), whatever --voice filters.
        let idn = &html[html.find("id=\"c-IDN\"").expect("Indonesia's section")..];
        for voice in ["foreign", "domestic"] {
            assert_eq!(html.matches(&format!("class=\"voice-{voice}\"")).count(), 2, "{voice}");
            let group = &idn[idn.find(&format!("class=\"voice-{voice}\"")).unwrap()..];
            let group = &group[..group.find("</g>").unwrap()];
            assert!(group.contains("<circle") || group.contains("<polyline"), "{voice}: {group}");
        }
        assert!(html.contains("foreign voice") && html.contains("domestic voice"), "legend");
    }
}

#[test]
fn report070_says_how_many_shocks_it_shows() {
    // The report explains the largest change points; when it shows fewer than `citra shocks`
    // finds, it says so (it used to drop them silently).
    let d = demo_with_xss();
    let shocks = d.citra(&["shocks", "--country", "MEX", "--format", "json"]).json();
    let total = shocks["shocks"].as_array().unwrap().len();
    assert!(total >= 2, "the demo store should have change points for Mexico: {shocks}");
    let html = report(&d, &["--country", "MEX", "--max-shocks", "1"], "one.html");
    let want = format!("Shown: the 1 largest of {total} change points");
    assert!(html.contains(&want), "no '{want}' in the report");
    assert!(html.contains("citra shocks --country MEX"));
    let all = report(&d, &["--country", "MEX", "--max-shocks", "50"], "all.html");
    assert!(!all.contains("shocks-shown"), "every change point shown: no note");
    let id = report(&d, &["--country", "MEX", "--max-shocks", "1", "--lang", "id"], "id.html");
    assert!(id.contains(&format!("Ditampilkan: 1 titik perubahan terbesar dari {total}")));
}

#[test]
fn report080_stdout_and_open_ranges() {
    let d = demo_with_xss();
    // `--out -` writes the page to standard output (nothing else there).
    let html = d.citra(&["report", "--country", "MEX", "--out", "-"]).ok();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    // A range open at one end reads as such, in both languages (it read "2017-01-01 … …").
    let en = d.citra(&["report", "--country", "MEX", "--from", "2017-01-01", "--out", "-"]).ok();
    assert!(en.contains("from 2017-01-01") && !en.contains("… …"));
    let id = d
        .citra(&["report", "--country", "MEX", "--to", "2018-12-31", "--lang", "id", "--out", "-"])
        .ok();
    assert!(id.contains("sampai 2018-12-31") && !id.contains("… …"));
}

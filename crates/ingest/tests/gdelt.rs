//! GDELT 2.0 files on the recorded day of `tests/fixtures/gdelt/`: plain and zipped, every kind,
//! a malformed row, damaged archives.

use citra_ingest::gdelt::{self, GdeltReader};
use citra_model::Quad;
use citra_model::gdelt::{GdeltKind, GdeltRow};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/gdelt/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read(r: GdeltReader) -> (Vec<GdeltRow>, Vec<citra_ingest::RecordError>) {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for r in r {
        match r {
            Ok(row) => rows.push(row),
            Err(e) => bad.push(e),
        }
    }
    (rows, bad)
}

#[test]
fn gdelt010_files_of_the_day() {
    let rows: &[(&str, GdeltKind, usize, &[u64])] = &[
        ("20190607000000.export.CSV", GdeltKind::Events, 30, &[]),
        ("20190607001500.export.CSV.zip", GdeltKind::Events, 30, &[]),
        ("20190607003000.export.CSV", GdeltKind::Events, 30, &[5]),
        ("20190607004500.export.CSV.zip", GdeltKind::Events, 30, &[]),
        ("20190607004500.mentions.CSV", GdeltKind::Mentions, 60, &[]),
        ("20190607004500.gkg.csv.zip", GdeltKind::Gkg, 12, &[]),
    ];
    for (name, kind, n, bad_lines) in rows {
        let r = gdelt::open(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.kind(), *kind, "{name}");
        let (good, bad) = read(r);
        assert_eq!(good.len(), *n, "{name}");
        let lines: Vec<u64> = bad.iter().map(|e| e.source.line).collect();
        assert_eq!(lines, *bad_lines, "{name}: {bad:?}");
        for e in &bad {
            assert!(e.reason.contains("expected 61 tab-separated columns"), "{e}");
            assert!(e.source.path.ends_with(name));
        }
    }
}

#[test]
fn gdelt020_fields_of_a_zipped_event() {
    let (rows, _) = read(gdelt::open(&fixture("20190607001500.export.CSV.zip")).unwrap());
    let GdeltRow::Event(e) = &rows[0] else { panic!("{:?}", rows[0]) };
    assert_eq!(e.id, 851334150);
    assert_eq!(e.added.to_rfc3339(), "2019-06-07T00:15:00+00:00");
    assert!(e.source_url.as_deref().unwrap().starts_with("https://"));
    // Quad classes follow the CAMEO root.
    for row in &rows {
        let GdeltRow::Event(e) = row else { panic!() };
        let root: u8 = e.root_code.parse().unwrap();
        assert_eq!(Some(e.quad), Quad::of_root(root), "{e:?}");
        assert!(e.code.starts_with(&e.root_code));
    }
    // CAMEO's ROM and WSB are ISO's ROU and PSE; EUR (a region) is no country.
    let all: Vec<GdeltRow> = ["20190607000000.export.CSV", "20190607003000.export.CSV"]
        .iter()
        .flat_map(|f| read(gdelt::open(&fixture(f)).unwrap()).0)
        .collect();
    let mut mapped = std::collections::BTreeSet::new();
    for row in &all {
        let GdeltRow::Event(e) = row else { panic!() };
        for a in [&e.actor1, &e.actor2] {
            mapped.insert((a.country_raw.clone(), a.country.clone()));
        }
    }
    for pair in [("ROM", Some("ROU")), ("WSB", Some("PSE")), ("EUR", None)] {
        let want = (Some(pair.0.to_owned()), pair.1.map(str::to_owned));
        assert!(mapped.contains(&want), "{pair:?} not in {mapped:?}");
    }
}

#[test]
fn gdelt030_damaged_archives() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("20190607001500.export.CSV.zip")).unwrap();
    // Cut short in the middle of the deflated data.
    let cut = dir.path().join("20190607001500.export.CSV.zip");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let r = gdelt::open(cut.to_str().unwrap()).unwrap();
    let (rows, bad) = read(r);
    assert!(rows.len() < 30);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].reason.contains("cut short or damaged"), "{}", bad[0]);
    assert!(bad[0].reason.contains("not marked done"), "{}", bad[0]);
    // A flipped byte in the CRC-32 of the header: every row reads, then the check fails.
    let mut flipped = good.clone();
    flipped[14] ^= 0xff;
    let path = dir.path().join("20190607004500.export.CSV.zip");
    std::fs::write(&path, &flipped).unwrap();
    let mut r = gdelt::open(path.to_str().unwrap()).unwrap();
    let items: Vec<_> = r.by_ref().collect();
    assert!(!r.damaged() || items.last().is_some_and(|i| i.is_err()));
    assert!(r.damaged());
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.reason.contains("CRC-32"), "{last}");
    // Not a zip at all past its magic bytes: the header is refused when opening.
    let junk = dir.path().join("20190607010000.export.CSV.zip");
    std::fs::write(&junk, b"PK\x03\x04short").unwrap();
    let e = gdelt::open(junk.to_str().unwrap()).unwrap_err().to_string();
    assert!(e.contains("zip"), "{e}");
}

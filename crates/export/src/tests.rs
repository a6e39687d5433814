use super::*;

#[test]
fn values_as_text() {
    let t = chrono::DateTime::parse_from_rfc3339("2019-06-07T12:00:00.123456789Z").unwrap();
    let rows: [(Value, &str); 8] = [
        (Value::Null, ""),
        (Value::Int(-3), "-3"),
        (Value::Float(0.1), "0.1"),
        (Value::Float(f64::NAN), ""),
        (Value::Bool(true), "true"),
        (Value::Str("a,b".into()), "a,b"),
        (Value::Date(NaiveDate::from_ymd_opt(2019, 6, 7).unwrap()), "2019-06-07"),
        (Value::Time(t.with_timezone(&Utc)), "2019-06-07T12:00:00.123456Z"),
    ];
    for (v, want) in rows {
        assert_eq!(v.text(), want, "{v:?}");
    }
}

#[test]
fn plover_crosswalk() {
    let rows = [
        ("010", 1, None),
        ("020", 2, Some("REQUEST")),
        ("036", 3, Some("AGREE")),
        ("0874", 8, Some("RETREAT")),
        ("081", 8, Some("CONCEDE")),
        ("112", 11, Some("ACCUSE")),
        ("138", 13, Some("THREATEN")),
        ("190", 19, Some("ASSAULT")),
        ("", 0, None),
    ];
    for (code, root, want) in rows {
        assert_eq!(plover::event_type(code, root), want, "{code}");
    }
}

#[test]
fn actor_countries() {
    for (code, want) in [
        ("USA", Some("USA")),
        ("USAGOV", Some("USA")),
        ("mex", Some("MEX")),
        ("IGO", None),
        ("---", None),
        ("", None),
    ] {
        assert_eq!(tables::country_of(code), want, "{code}");
    }
}

#[test]
fn rows_must_fit() {
    let mut sink = open(Format::Csv, &tables::IMAGE, Box::new(std::io::sink())).unwrap();
    assert!(sink.row(&[Value::Null]).is_err());
    let mut row = vec![Value::Null; tables::IMAGE.columns.len()];
    assert!(sink.row(&row).is_err(), "null in a required column");
    row[0] = Value::Str("MEX".into());
    assert!(sink.row(&row).is_err());
}

#[test]
fn every_column_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/EXPORT.md"))
        .expect("docs/EXPORT.md");
    assert!(doc.contains(SCHEMA_VERSION));
    let mut tables: Vec<&Table> = tables::ALL.to_vec();
    tables.extend([&icews::EVENTS, &icews::DYADS]);
    for t in tables {
        let section = doc
            .split("\n### ")
            .find(|s| s.starts_with(&format!("`{}`", t.name)))
            .unwrap_or_else(|| panic!("no section ### `{}` in docs/EXPORT.md", t.name));
        for c in t.columns {
            let nullable = if c.nullable { "yes" } else { "no" };
            let row = format!("| `{}` | {} |", c.name, c.ty.as_str());
            let line = section
                .lines()
                .find(|l| l.starts_with(&row))
                .unwrap_or_else(|| panic!("{}: no row {row}", t.name));
            assert!(
                line.contains(&format!("| {nullable} |")),
                "{}: {line} nullable {nullable}",
                t.name
            );
        }
    }
}

/// A relations row with a null Goldstein mean on odd rows.
fn relation_row(i: i64) -> Vec<Value> {
    let day = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Duration::days(i % 365);
    let mut row = vec![Value::Date(day), Value::Str("USA".into()), Value::Str(format!("C{i}"))];
    row.extend((0..2).map(|_| Value::Int(i)));
    row.extend((0..6).map(|k| Value::Float(i as f64 + f64::from(k) / 10.0)));
    row.extend((0..4).map(|_| Value::Int(1)));
    row.push(if i % 2 == 1 { Value::Null } else { Value::Float(-2.5) });
    row
}

#[test]
fn parquet_row_groups_are_bounded_and_read_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let tmp = tempfile::NamedTempFile::new().unwrap();
    const GROUP: usize = 1000;
    let n = 2 * GROUP as i64 + 5;
    let file = tmp.reopen().unwrap();
    let mut sink: Box<dyn RowSink> = Box::new(
        parquet_out::ParquetSink::with_group_rows(&tables::RELATIONS, Box::new(file), GROUP)
            .unwrap(),
    );
    for i in 0..n {
        sink.row(&relation_row(i)).unwrap();
    }
    assert_eq!(sink.finish().unwrap(), n as u64);
    let r = SerializedFileReader::new(tmp.reopen().unwrap()).unwrap();
    let md = r.metadata();
    assert_eq!(md.file_metadata().num_rows(), n);
    let groups: Vec<i64> = md.row_groups().iter().map(|g| g.num_rows()).collect();
    assert_eq!(groups, [GROUP as i64, GROUP as i64, 5]);
    for (i, row) in r.get_row_iter(None).unwrap().enumerate().filter(|(i, _)| i % 700 < 2) {
        let row = row.unwrap();
        let cols: Vec<(String, Field)> =
            row.get_column_iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let get = |name: &str| cols.iter().find(|(k, _)| k == name).unwrap().1.clone();
        assert_eq!(get("target"), Field::Str(format!("C{i}")));
        assert_eq!(get("docs"), Field::Long(i as i64));
        assert_eq!(get("ci_low"), Field::Double(i as f64 + 0.2));
        let want = if i % 2 == 1 { Field::Null } else { Field::Double(-2.5) };
        assert_eq!(get("goldstein"), want, "row {i}");
    }
}

#[test]
fn jsonl_and_csv_rows_are_in_column_order() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    for (format, want) in [
        (
            Format::Jsonl,
            "{\"date\":\"2019-01-02\",\"source\":\"USA\",\"target\":\"C1\",\"docs\":1,",
        ),
        (Format::Csv, "date,source,target,docs,mentions,reach,"),
        (Format::Tsv, "date\tsource\ttarget\tdocs\t"),
    ] {
        let out = Shared::default();
        let mut sink = open(format, &tables::RELATIONS, Box::new(out.clone())).unwrap();
        sink.row(&relation_row(1)).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with(want), "{format:?}: {text}");
        if format == Format::Jsonl {
            assert!(text.trim_end().ends_with("\"goldstein\":null}"), "{text}");
        }
    }
}

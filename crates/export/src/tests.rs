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

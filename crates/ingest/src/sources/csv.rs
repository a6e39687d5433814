//! CSV and TSV with a header row, columns named by a [`ColumnMap`] or recognised by common
//! names; split Indonesian date columns (Tanggal/Bulan/Tahun/Jam) are recognised. The
//! delimiter is the header line's most frequent of `,`, `;` (spreadsheets in locales whose
//! decimal separator is a comma) and tab, outside quotes.

use super::Records;
use super::mapped::{RecordCtx, TWITTER_COLUMNS, build};
use crate::columns::{ColumnMap, Field};
use crate::input::Stream;
use crate::report::Shared;
use crate::{Record, RecordError};
use std::io::BufRead;

pub(crate) fn read(
    path: String,
    mut stream: Stream,
    map: ColumnMap,
    delimiter: Option<u8>,
    shared: Shared,
) -> Records {
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&mut stream));
    // The csv crate counts a CRLF-terminated record's start one line early.
    let line_fix = u64::from(crlf(&mut stream));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(stream);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim_start_matches('\u{feff}').trim().to_owned())
            .collect(),
        Err(e) => return once(RecordError::new(&path, 1, format!("CSV header: {e}"), "")),
    };
    shared.with(|r| r.columns = Some(headers.clone()));
    let cols = match Columns::resolve(&headers, &map) {
        Ok(c) => c,
        Err(reason) => return once(RecordError::new(&path, 1, reason, &headers.join(","))),
    };
    let date_column = match (cols.of(Field::CreatedAt), cols.parts) {
        (Some(i), _) => headers.get(i).cloned(),
        (None, Some(_)) => Some("Tanggal/Bulan/Tahun".to_owned()),
        (None, None) => None,
    };
    shared.with(|r| r.date_column = date_column);
    let mut rec = csv::ByteRecord::new();
    let mut done = false;
    let mut last_line = 1;
    Box::new(std::iter::from_fn(move || {
        if done {
            return None;
        }
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => {
                done = true;
                None
            }
            Ok(true) => {
                let line = rec.position().map_or(last_line + 1, |p| p.line() + line_fix);
                last_line = line;
                Some(row(&path, line, &rec, &cols, delimiter))
            }
            Err(e) => {
                // Read errors carry no position: report them after the last record read.
                let line = e.position().map_or(last_line + 1, |p| p.line() + line_fix);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    done = true;
                }
                Some(Err(RecordError::new(&path, line, format!("CSV: {e}"), "")))
            }
        }
    }))
}

fn once(e: RecordError) -> Records {
    Box::new(std::iter::once(Err(e)))
}

/// Whether the header line ends with CRLF.
fn crlf(stream: &mut Stream) -> bool {
    let Ok(buf) = stream.fill_buf() else { return false };
    buf.iter().position(|b| *b == b'\n').is_some_and(|i| i > 0 && buf.get(i - 1) == Some(&b'\r'))
}

fn sniff_delimiter(stream: &mut Stream) -> u8 {
    let Ok(buf) = stream.fill_buf() else { return b',' };
    delimiter_of(buf)
}

/// The header line's delimiter: the most frequent of `,`, tab and `;` outside quotes (comma
/// on a tie, then tab).
fn delimiter_of(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [commas, tabs, semicolons] = counts;
    if commas >= tabs && commas >= semicolons {
        b','
    } else if tabs >= semicolons {
        b'\t'
    } else {
        b';'
    }
}

/// Column indexes for each field.
struct Columns {
    index: Vec<Option<usize>>,
    names: Vec<String>,
    parts: Option<[usize; 4]>,
    default_platform: &'static str,
}

impl Columns {
    fn resolve(headers: &[String], map: &ColumnMap) -> Result<Columns, String> {
        let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let mut index = Vec::with_capacity(Field::ALL.len());
        for f in Field::ALL {
            let i = match map.get(*f) {
                Some(col) => Some(find(col).ok_or_else(|| {
                    format!(
                        "column map: column '{col}' (for {}) is not in the header (columns: {})",
                        f.name(),
                        headers.join(", ")
                    )
                })?),
                None => f.default_columns().iter().find_map(|c| find(c)),
            };
            index.push(i);
        }
        let text = Field::ALL.iter().position(|f| *f == Field::Text).and_then(|i| index.get(i));
        if text.copied().flatten().is_none() {
            return Err(format!(
                "text: no text column in the header (columns: {}; looked for {}); pass --map \
                 text=COLUMN",
                headers.join(", "),
                Field::Text.default_columns().join(", ")
            ));
        }
        let parts = match (find("tanggal"), find("bulan"), find("tahun")) {
            (Some(d), Some(m), Some(y)) => Some([d, m, y, find("jam").unwrap_or(usize::MAX)]),
            _ => None,
        };
        let twitter =
            headers.iter().any(|h| TWITTER_COLUMNS.iter().any(|c| h.eq_ignore_ascii_case(c)));
        Ok(Columns {
            index,
            names: headers.to_vec(),
            parts,
            default_platform: if twitter { "twitter" } else { "file" },
        })
    }

    fn of(&self, f: Field) -> Option<usize> {
        Field::ALL.iter().position(|x| *x == f).and_then(|i| self.index.get(i).copied().flatten())
    }
}

fn row(path: &str, line: u64, rec: &csv::ByteRecord, cols: &Columns, delim: u8) -> Record {
    let field = |i: usize| rec.get(i).map(|b| String::from_utf8_lossy(b).into_owned());
    let raw = || {
        let sep = char::from(delim).to_string();
        let fields: Vec<String> =
            rec.iter().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
        fields.join(&sep)
    };
    let name = |f: Field| cols.of(f).and_then(|i| cols.names.get(i)).map(String::as_str);
    let ctx = RecordCtx {
        path,
        line,
        raw: &raw,
        text_column: name(Field::Text),
        date_column: name(Field::CreatedAt),
        default_platform: cols.default_platform,
    };
    let parts = cols.parts.map(|[d, m, y, t]| {
        [
            field(d).unwrap_or_default(),
            field(m).unwrap_or_default(),
            field(y).unwrap_or_default(),
            field(t).unwrap_or_default(),
        ]
    });
    let mut get = |f: Field| cols.of(f).and_then(field);
    build(&ctx, &mut get, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter010_table() {
        let rows: &[(&str, u8)] = &[
            ("id,text,created_at\n1;2;3;4\n", b','),
            ("id;text;created_at\n", b';'),
            ("id\ttext\tcreated_at\n", b'\t'),
            ("\"a;b\",\"c;d\"\n", b','),
            ("\"a,b\";\"c,d\";e\n", b';'),
            ("text\n", b','),
            ("", b','),
            ("a;b,c\n", b','),
        ];
        for (text, want) in rows {
            assert_eq!(delimiter_of(text.as_bytes()) as char, *want as char, "{text:?}");
        }
    }
}

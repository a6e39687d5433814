//! Rendering rows as an aligned table, JSON or CSV.

use crate::args::Format;
use std::io::Write;

/// A rectangular result: a header and rows of cells, plus the JSON value for `--format json`.
pub(crate) struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table { header: header.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    pub(crate) fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Writes the table with columns padded to their widest cell; numbers right-aligned.
    pub(crate) fn write_text(&self, out: &mut impl Write) -> std::io::Result<()> {
        let n = self.header.len();
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                width[i] = width[i].max(cell.chars().count());
            }
        }
        let numeric: Vec<bool> = (0..n)
            .map(|i| {
                !self.rows.is_empty()
                    && self.rows.iter().all(|r| r.get(i).is_none_or(|c| looks_numeric(c)))
            })
            .collect();
        let line = |cells: Vec<&str>, out: &mut dyn Write| -> std::io::Result<()> {
            let mut s = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let pad = width[i].saturating_sub(cell.chars().count());
                if numeric[i] {
                    s.extend(std::iter::repeat_n(' ', pad));
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    if i + 1 < cells.len() {
                        s.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            writeln!(out, "{}", s.trim_end())
        };
        line(self.header.iter().map(String::as_str).collect(), out)?;
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        line(rule.iter().map(String::as_str).collect(), out)?;
        for row in &self.rows {
            line(row.iter().map(String::as_str).collect(), out)?;
        }
        Ok(())
    }

    pub(crate) fn write_csv(&self, out: impl Write) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()?;
        Ok(())
    }
}

/// A number, a percentage, or an interval `[a, b]`: right-aligned. Dates are not numbers.
fn looks_numeric(s: &str) -> bool {
    let num = |t: &str| t.trim().trim_end_matches('%').parse::<f64>().is_ok();
    match s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) => inner.split(", ").all(num),
        None => num(s),
    }
}

/// Prints `table` (text or CSV) or `json`, as the format asks.
pub(crate) fn emit(format: Format, table: &Table, json: &serde_json::Value) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Table => table.write_text(&mut out)?,
        Format::Csv => table.write_csv(&mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, json)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Seconds as `7h 52m 07s` (days when over 24 h).
pub(crate) fn delay(s: i64) -> String {
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    if d > 0 {
        format!("{d}d {h}h {m:02}m")
    } else if h > 0 {
        format!("{h}h {m:02}m {sec:02}s")
    } else {
        format!("{m}m {sec:02}s")
    }
}

/// A float with a fixed number of decimals, with negative zero shown as zero.
pub(crate) fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table010() {
        let mut t = Table::new(vec!["period", "mentions", "tone"]);
        t.push(vec!["2017-01-26".into(), "12".into(), "-0.41".into()]);
        t.push(vec!["2017-01-27".into(), "3".into(), "0.05".into()]);
        let mut out = Vec::new();
        t.write_text(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "period      mentions   tone\n----------  --------  -----\n2017-01-26        12  -0.41\n2017-01-27         3   0.05\n"
        );
    }

    #[test]
    fn numeric010() {
        let rows = [
            ("12", true),
            ("-0.41", true),
            ("14%", true),
            ("[-0.31, -0.11]", true),
            ("2017-01-26", false),
            ("2017", true),
            ("MEX", false),
            ("", false),
        ];
        for (cell, want) in rows {
            assert_eq!(looks_numeric(cell), want, "{cell}");
        }
    }

    #[test]
    fn fixed010() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-0.126, 2), "-0.13");
        assert_eq!(fixed(1.0, 1), "1.0");
    }
}

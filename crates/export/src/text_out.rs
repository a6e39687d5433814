//! CSV/TSV and JSON Lines writers.

use crate::{Error, RowSink, Table, Value, check};
use std::io::{BufWriter, Write};

/// CSV (or TSV) with a header line.
pub(crate) struct Delimited {
    table: &'static Table,
    w: csv::Writer<Box<dyn Write + Send>>,
    rows: u64,
}

impl Delimited {
    pub(crate) fn new(
        table: &'static Table,
        out: Box<dyn Write + Send>,
        delimiter: u8,
    ) -> Result<Delimited, Error> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        w.write_record(table.columns.iter().map(|c| c.name))?;
        Ok(Delimited { table, w, rows: 0 })
    }
}

impl RowSink for Delimited {
    fn row(&mut self, values: &[Value]) -> Result<(), Error> {
        check(self.table, values)?;
        self.w.write_record(values.iter().map(Value::text))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, Error> {
        self.w.flush()?;
        Ok(self.rows)
    }
}

/// One JSON object per line, keys in column order.
pub(crate) struct Jsonl {
    table: &'static Table,
    w: BufWriter<Box<dyn Write + Send>>,
    rows: u64,
}

impl Jsonl {
    pub(crate) fn new(table: &'static Table, out: Box<dyn Write + Send>) -> Jsonl {
        Jsonl { table, w: BufWriter::with_capacity(1 << 16, out), rows: 0 }
    }
}

/// A value as JSON: numbers, booleans, strings; days and instants as their ISO 8601 text;
/// null for no value and for non-finite floats.
pub(crate) fn json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Bool(b) => J::Bool(*b),
        Value::Str(s) => J::String(s.clone()),
        Value::Date(_) | Value::Time(_) => J::String(v.text()),
    }
}

impl RowSink for Jsonl {
    fn row(&mut self, values: &[Value]) -> Result<(), Error> {
        check(self.table, values)?;
        self.w.write_all(b"{")?;
        for (i, (c, v)) in self.table.columns.iter().zip(values).enumerate() {
            if i > 0 {
                self.w.write_all(b",")?;
            }
            serde_json::to_writer(&mut self.w, c.name)?;
            self.w.write_all(b":")?;
            serde_json::to_writer(&mut self.w, &json(v))?;
        }
        self.w.write_all(b"}\n")?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, Error> {
        self.w.flush()?;
        Ok(self.rows)
    }
}

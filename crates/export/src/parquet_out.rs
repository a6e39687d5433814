//! The Parquet writer: parquet's low-level `SerializedFileWriter` (no arrow), one buffer per
//! column, a row group written every [`ROW_GROUP_ROWS`] rows.

use crate::{Error, META_SCHEMA, META_TABLE, ROW_GROUP_ROWS, RowSink, SCHEMA_VERSION, Table, Type};
use crate::{Value, check};
use chrono::NaiveDate;
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::{BufWriter, Write};
use std::sync::Arc;

/// The Parquet message type of a table: every column a primitive field, `required` or
/// `optional`, with the logical types R's arrow, pyarrow and DuckDB read.
pub(crate) fn message_type(table: &Table) -> String {
    let mut s = format!("message {} {{\n", table.name);
    for c in table.columns {
        let rep = if c.nullable { "optional" } else { "required" };
        let ty = match c.ty {
            Type::Int64 => "int64",
            Type::Float64 => "double",
            Type::Bool => "boolean",
            Type::Str => "binary",
            Type::Date => "int32",
            Type::Timestamp => "int64",
        };
        let logical = match c.ty {
            Type::Str => " (STRING)",
            Type::Date => " (DATE)",
            Type::Timestamp => " (TIMESTAMP(MICROS,true))",
            _ => "",
        };
        s.push_str(&format!("  {rep} {ty} {}{logical};\n", c.name));
    }
    s.push('}');
    s
}

/// Values of one column of the current row group.
enum Buf {
    I64(Vec<i64>),
    I32(Vec<i32>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
    Bytes(Vec<ByteArray>),
}

struct ColBuf {
    values: Buf,
    /// Definition levels (1 = a value, 0 = null), for nullable columns only.
    defs: Option<Vec<i16>>,
}

pub(crate) struct ParquetSink {
    table: &'static Table,
    writer: SerializedFileWriter<BufWriter<Box<dyn Write + Send>>>,
    cols: Vec<ColBuf>,
    buffered: usize,
    rows: u64,
    group_rows: usize,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

impl ParquetSink {
    pub(crate) fn new(table: &'static Table, out: Box<dyn Write + Send>) -> Result<Self, Error> {
        Self::with_group_rows(table, out, ROW_GROUP_ROWS)
    }

    /// A writer whose row groups hold at most `group_rows` rows.
    pub(crate) fn with_group_rows(
        table: &'static Table,
        out: Box<dyn Write + Send>,
        group_rows: usize,
    ) -> Result<Self, Error> {
        let schema = Arc::new(parse_message_type(&message_type(table))?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("citra {} ({SCHEMA_VERSION})", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![
                KeyValue::new(META_SCHEMA.to_owned(), SCHEMA_VERSION.to_owned()),
                KeyValue::new(META_TABLE.to_owned(), table.name.to_owned()),
            ]))
            .build();
        let writer = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 16, out),
            schema,
            props.into(),
        )?;
        let cols = table
            .columns
            .iter()
            .map(|c| ColBuf {
                values: match c.ty {
                    Type::Int64 | Type::Timestamp => Buf::I64(Vec::new()),
                    Type::Date => Buf::I32(Vec::new()),
                    Type::Float64 => Buf::F64(Vec::new()),
                    Type::Bool => Buf::Bool(Vec::new()),
                    Type::Str => Buf::Bytes(Vec::new()),
                },
                defs: c.nullable.then(Vec::new),
            })
            .collect();
        Ok(ParquetSink { table, writer, cols, buffered: 0, rows: 0, group_rows: group_rows.max(1) })
    }

    /// Writes the buffered rows as one row group.
    fn flush_group(&mut self) -> Result<(), Error> {
        if self.buffered == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        let mut i = 0;
        while let Some(mut col) = group.next_column()? {
            let buf = &mut self.cols[i];
            let defs = buf.defs.as_deref();
            match &mut buf.values {
                Buf::I64(v) => col.typed::<Int64Type>().write_batch(v, defs, None)?,
                Buf::I32(v) => col.typed::<Int32Type>().write_batch(v, defs, None)?,
                Buf::F64(v) => col.typed::<DoubleType>().write_batch(v, defs, None)?,
                Buf::Bool(v) => col.typed::<BoolType>().write_batch(v, defs, None)?,
                Buf::Bytes(v) => col.typed::<ByteArrayType>().write_batch(v, defs, None)?,
            };
            col.close()?;
            match &mut buf.values {
                Buf::I64(v) => v.clear(),
                Buf::I32(v) => v.clear(),
                Buf::F64(v) => v.clear(),
                Buf::Bool(v) => v.clear(),
                Buf::Bytes(v) => v.clear(),
            }
            if let Some(d) = &mut buf.defs {
                d.clear();
            }
            i += 1;
        }
        group.close()?;
        self.buffered = 0;
        Ok(())
    }
}

impl RowSink for ParquetSink {
    fn row(&mut self, values: &[Value]) -> Result<(), Error> {
        check(self.table, values)?;
        for (buf, v) in self.cols.iter_mut().zip(values) {
            if let Some(d) = &mut buf.defs {
                d.push(i16::from(*v != Value::Null));
            }
            match (&mut buf.values, v) {
                (_, Value::Null) => {}
                (Buf::I64(b), Value::Int(i)) => b.push(*i),
                (Buf::I64(b), Value::Time(t)) => b.push(t.timestamp_micros()),
                (Buf::I32(b), Value::Date(d)) => {
                    b.push(i32::try_from((*d - epoch()).num_days()).unwrap_or(i32::MAX))
                }
                (Buf::F64(b), Value::Float(f)) => b.push(*f),
                (Buf::Bool(b), Value::Bool(x)) => b.push(*x),
                (Buf::Bytes(b), Value::Str(s)) => b.push(ByteArray::from(s.as_str())),
                // `check` has matched every value to its column's type.
                _ => unreachable!("value checked against its column"),
            }
        }
        self.buffered += 1;
        self.rows += 1;
        if self.buffered >= self.group_rows {
            self.flush_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, Error> {
        self.flush_group()?;
        let mut out = self.writer.into_inner()?;
        out.flush()?;
        Ok(self.rows)
    }
}

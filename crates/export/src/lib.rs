//! `citra export`: the store's tables (posts, mentions, coded events) and the series the
//! analytics compute (the citra index, the country → country relations per day, the change
//! points) as files for R, pandas, DuckDB and event-data tools.
//!
//! A table is a fixed list of typed [`Column`]s ([`tables`]); rows are slices of [`Value`]s in
//! that order. [`open`] gives a [`RowSink`] that writes them as they come, in one of the
//! [`Format`]s: CSV, tab-separated (the ICEWS layouts), JSON Lines, or Parquet in row groups of
//! at most [`ROW_GROUP_ROWS`] rows, so no table is ever held whole in memory. [`plover`] writes
//! events as PLOVER-style JSON objects, [`icews`] maps events and dyads to ICEWS columns.
//!
//! The schema of every table is versioned by [`SCHEMA_VERSION`] and documented, column by
//! column, in `docs/EXPORT.md`; Parquet files carry the version in their key-value metadata
//! under [`META_SCHEMA`] (and the table name under [`META_TABLE`]).
#![deny(missing_docs)]

pub mod icews;
mod parquet_out;
pub mod plover;
pub mod tables;
mod text_out;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use std::io::Write;

/// The version of the exported schema: bumped whenever a column is renamed, retyped or removed
/// (adding a column at the end keeps it).
pub const SCHEMA_VERSION: &str = "citra.export/1";

/// Parquet key-value metadata key holding [`SCHEMA_VERSION`].
pub const META_SCHEMA: &str = "citra.export.schema";

/// Parquet key-value metadata key holding the table's name (`posts`, `image`, …).
pub const META_TABLE: &str = "citra.export.table";

/// Most rows in one Parquet row group: what a writer holds in memory at once.
pub const ROW_GROUP_ROWS: usize = 65_536;

/// A column's type, with its Parquet physical and logical type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// 64-bit signed integer (Parquet INT64, no logical type).
    Int64,
    /// IEEE 754 double (Parquet DOUBLE).
    Float64,
    /// true/false (Parquet BOOLEAN).
    Bool,
    /// UTF-8 text (Parquet BYTE_ARRAY, logical STRING).
    Str,
    /// A calendar day, UTC (Parquet INT32, logical DATE: days since 1970-01-01).
    Date,
    /// An instant, UTC, to the microsecond (Parquet INT64, logical TIMESTAMP(MICROS, UTC)).
    Timestamp,
}

impl Type {
    /// The name used in `docs/EXPORT.md` and in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::Int64 => "int64",
            Type::Float64 => "float64",
            Type::Bool => "bool",
            Type::Str => "string",
            Type::Date => "date",
            Type::Timestamp => "timestamp",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name (header in CSV, key in JSON, field in Parquet).
    pub name: &'static str,
    /// Its type.
    pub ty: Type,
    /// Whether a row may have no value (empty in CSV, `null` in JSON, a null in Parquet).
    pub nullable: bool,
}

/// A table's schema: its name and columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The table's name (`posts`, `mentions`, …).
    pub name: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (only in nullable columns).
    Null,
    /// An [`Type::Int64`] value.
    Int(i64),
    /// A [`Type::Float64`] value.
    Float(f64),
    /// A [`Type::Bool`] value.
    Bool(bool),
    /// A [`Type::Str`] value.
    Str(String),
    /// A [`Type::Date`] value.
    Date(NaiveDate),
    /// A [`Type::Timestamp`] value.
    Time(DateTime<Utc>),
}

impl Value {
    /// `Some(v)` as `f(v)`, `None` as [`Value::Null`].
    pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
        v.map_or(Value::Null, f)
    }

    /// An optional string.
    pub fn str_opt(v: Option<&str>) -> Value {
        v.map_or(Value::Null, |s| Value::Str(s.to_owned()))
    }

    /// The value as text (CSV, TSV): empty for null, ISO 8601 for days and instants (UTC, `Z`,
    /// fractions of a second only when there are any), the shortest text that reads back as the
    /// same double for floats (non-finite floats are empty).
    pub fn text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) if f.is_finite() => f.to_string(),
            Value::Float(_) => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Str(s) => s.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Time(t) => micros(t).to_rfc3339_opts(SecondsFormat::AutoSi, true),
        }
    }

    /// True when the value fits a column of type `ty` (null needs a nullable column).
    pub fn fits(&self, col: &Column) -> bool {
        matches!(
            (self, col.ty),
            (Value::Null, _)
                | (Value::Int(_), Type::Int64)
                | (Value::Float(_), Type::Float64)
                | (Value::Bool(_), Type::Bool)
                | (Value::Str(_), Type::Str)
                | (Value::Date(_), Type::Date)
                | (Value::Time(_), Type::Timestamp)
        ) && (col.nullable || *self != Value::Null)
    }
}

/// The instant truncated to the microsecond (what Parquet's TIMESTAMP(MICROS) keeps), so that
/// every format writes the same instant.
fn micros(t: &DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(*t)
}

/// The file formats of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV with a header line; fields quoted only when they hold a comma, a quote or a
    /// line break; quotes doubled.
    Csv,
    /// The same with tabs between fields (the ICEWS layouts).
    Tsv,
    /// One JSON object per line, keys in column order, `null` for no value.
    Jsonl,
    /// Apache Parquet, Snappy-compressed pages, row groups of at most [`ROW_GROUP_ROWS`] rows.
    Parquet,
}

/// What can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The Parquet writer refused.
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] citra_store::Error),
    /// A row does not fit its table (a bug of the caller, reported instead of a bad file).
    #[error("row does not fit table {table}: {why}")]
    Row {
        /// The table.
        table: &'static str,
        /// What is wrong.
        why: String,
    },
}

/// Where rows go: one call per row, then [`RowSink::finish`] (which writes what is buffered
/// and the file's footer; a sink dropped unfinished leaves an incomplete file).
pub trait RowSink {
    /// Writes one row, whose values are in the table's column order.
    fn row(&mut self, values: &[Value]) -> Result<(), Error>;
    /// Flushes and closes the output; returns the rows written.
    fn finish(self: Box<Self>) -> Result<u64, Error>;
}

/// Checks that a row fits `table` (count and types).
fn check(table: &Table, values: &[Value]) -> Result<(), Error> {
    if values.len() != table.columns.len() {
        return Err(Error::Row {
            table: table.name,
            why: format!("{} values for {} columns", values.len(), table.columns.len()),
        });
    }
    for (v, c) in values.iter().zip(table.columns) {
        if !v.fits(c) {
            return Err(Error::Row {
                table: table.name,
                why: format!("{v:?} in column {} ({})", c.name, c.ty.as_str()),
            });
        }
    }
    Ok(())
}

/// A writer of `table`'s rows in `format` to `out`.
pub fn open(
    format: Format,
    table: &'static Table,
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn RowSink>, Error> {
    Ok(match format {
        Format::Csv => Box::new(text_out::Delimited::new(table, out, b',')?),
        Format::Tsv => Box::new(text_out::Delimited::new(table, out, b'\t')?),
        Format::Jsonl => Box::new(text_out::Jsonl::new(table, out)),
        Format::Parquet => Box::new(parquet_out::ParquetSink::new(table, out)?),
    })
}

#[cfg(test)]
mod tests;

//! `parallax export`: tables of the store as JSON Lines, CSV or Parquet.
//!
//! A table is a list of typed [`Column`]s and a stream of rows of [`Value`]s
//! ([`tables`] produces them, one function per `--what`); a [`Sink`] per format writes them.
//! Adding a table is one more function in [`tables`] and nothing here.

mod csv;
mod jsonl;
mod parquet;
pub(crate) mod tables;

use std::io::Write;

use crate::cli::ExportFormat;

/// The type of a column, which Parquet keeps in its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// UTF-8 text.
    Text,
    /// 64-bit integer.
    Int,
    /// 64-bit float.
    Float,
}

/// A named, typed column; every column may hold nulls.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
}

/// One cell. A value's variant matches its column's [`Kind`], or is `Null`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Null, Value::Text)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Value::Null, Value::Int)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

/// Writes rows of one table in one format.
pub(crate) trait Sink {
    /// Writes one row (as many values as columns, in column order).
    fn row(&mut self, values: &[Value]) -> anyhow::Result<()>;
    /// Flushes what is buffered and closes the output.
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// The sink for `format` over `out`.
pub(crate) fn sink(
    format: ExportFormat,
    columns: &[Column],
    out: Box<dyn Write + Send>,
) -> anyhow::Result<Box<dyn Sink>> {
    Ok(match format {
        ExportFormat::Jsonl => Box::new(jsonl::JsonLines::new(columns, out)),
        ExportFormat::Csv => Box::new(csv::Csv::new(columns, out)?),
        ExportFormat::Parquet => Box::new(parquet::Parquet::new(columns, out)?),
    })
}

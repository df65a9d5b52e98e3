//! Parquet through the Arrow writer: one row group per batch of rows, zstd-compressed,
//! every column nullable and typed as its [`Kind`](super::Kind).

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::{Column, Kind, Sink, Value};

/// Rows per record batch: bounds memory on large exports.
const BATCH_ROWS: usize = 8192;

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
}

pub(crate) struct Parquet {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    writer: ArrowWriter<Box<dyn Write + Send>>,
}

fn builders(columns: &[Column]) -> Vec<Builder> {
    columns
        .iter()
        .map(|c| match c.kind {
            Kind::Text => Builder::Text(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
        })
        .collect()
}

impl Parquet {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> anyhow::Result<Self> {
        let schema: SchemaRef = Arc::new(Schema::new(
            columns
                .iter()
                .map(|c| {
                    let t = match c.kind {
                        Kind::Text => DataType::Utf8,
                        Kind::Int => DataType::Int64,
                        Kind::Float => DataType::Float64,
                    };
                    Field::new(c.name, t, true)
                })
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .build();
        Ok(Self {
            writer: ArrowWriter::try_new(out, schema.clone(), Some(props))?,
            builders: builders(columns),
            schema,
            rows: 0,
        })
    }

    fn flush_batch(&mut self) -> anyhow::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Text(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Float(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.rows = 0;
        Ok(())
    }
}

impl Sink for Parquet {
    fn row(&mut self, values: &[Value]) -> anyhow::Result<()> {
        for (b, v) in self.builders.iter_mut().zip(values) {
            match (b, v) {
                (Builder::Text(b), Value::Text(s)) => b.append_value(s),
                (Builder::Int(b), Value::Int(i)) => b.append_value(*i),
                (Builder::Float(b), Value::Float(f)) => b.append_value(*f),
                (Builder::Text(b), Value::Null) => b.append_null(),
                (Builder::Int(b), Value::Null) => b.append_null(),
                (Builder::Float(b), Value::Null) => b.append_null(),
                (_, v) => anyhow::bail!("export: value {v:?} does not match its column's type"),
            }
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.flush_batch()?;
        self.writer.close()?;
        Ok(())
    }
}

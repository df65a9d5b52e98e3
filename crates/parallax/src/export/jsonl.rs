//! JSON Lines: one object per row, keys in column order, nulls as `null`.

use std::io::{BufWriter, Write};

use super::{Column, Sink, Value};

pub(crate) struct JsonLines {
    names: Vec<&'static str>,
    out: BufWriter<Box<dyn Write + Send>>,
}

impl JsonLines {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> Self {
        Self {
            names: columns.iter().map(|c| c.name).collect(),
            out: BufWriter::new(out),
        }
    }
}

impl Sink for JsonLines {
    fn row(&mut self, values: &[Value]) -> anyhow::Result<()> {
        // Written by hand, not through a map, so keys keep the column order.
        self.out.write_all(b"{")?;
        for (k, (name, v)) in self.names.iter().zip(values).enumerate() {
            if k > 0 {
                self.out.write_all(b",")?;
            }
            // Through io::Error, so a closed stdout reads as a broken pipe, not a failure.
            serde_json::to_writer(&mut self.out, name).map_err(std::io::Error::from)?;
            self.out.write_all(b":")?;
            match v {
                Value::Null => self.out.write_all(b"null")?,
                Value::Text(s) => {
                    serde_json::to_writer(&mut self.out, s).map_err(std::io::Error::from)?
                }
                Value::Int(i) => write!(self.out, "{i}")?,
                // Non-finite floats have no JSON form: serde_json writes null.
                Value::Float(f) => {
                    serde_json::to_writer(&mut self.out, f).map_err(std::io::Error::from)?
                }
            }
        }
        self.out.write_all(b"}\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

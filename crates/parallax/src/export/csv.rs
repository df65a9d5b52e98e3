//! CSV (RFC 4180): a header row, fields quoted when they hold a comma, a quote or a line
//! break, quotes doubled; nulls are empty fields.

use std::io::{BufWriter, Write};

use super::{Column, Sink, Value};

pub(crate) struct Csv {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl Csv {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> anyhow::Result<Self> {
        let mut csv = Self {
            out: BufWriter::new(out),
        };
        let header: Vec<Value> = columns
            .iter()
            .map(|c| Value::Text(c.name.to_string()))
            .collect();
        csv.row(&header)?;
        Ok(csv)
    }
}

/// `field` as one CSV field.
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

impl Sink for Csv {
    fn row(&mut self, values: &[Value]) -> anyhow::Result<()> {
        for (k, v) in values.iter().enumerate() {
            if k > 0 {
                self.out.write_all(b",")?;
            }
            match v {
                Value::Null => {}
                Value::Text(s) => self.out.write_all(field(s).as_bytes())?,
                Value::Int(i) => write!(self.out, "{i}")?,
                Value::Float(f) => write!(self.out, "{f}")?,
            }
        }
        // RFC 4180 ends records with CRLF.
        self.out.write_all(b"\r\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}

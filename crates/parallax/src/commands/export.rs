//! `parallax export`: one table of the store (articles, stories, links) as JSON Lines, CSV or
//! Parquet, to a file or standard output.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::export::{sink, tables};
use crate::output;
use crate::UserError;

pub(super) fn run(g: &Global, a: &ExportArgs) -> anyhow::Result<u8> {
    if a.format == ExportFormat::Parquet && a.out.is_none() {
        return Err(UserError(
            "--format parquet needs --out FILE (Parquet is not streamed to a terminal)".into(),
        )
        .into());
    }
    let mut store = super::open_existing_store(g)?;
    // Into `PATH.part` beside the target, renamed at the end: a failed export leaves no
    // half-written file under the asked name.
    let part = a.out.as_ref().map(|p| {
        let mut name = p.as_os_str().to_owned();
        name.push(".part");
        std::path::PathBuf::from(name)
    });
    let out: Box<dyn Write + Send> = match &part {
        Some(part) => Box::new(
            std::fs::File::create(part)
                .map_err(|e| UserError(format!("{}: {e}", part.display())))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let columns = tables::columns(a.what);
    let written = sink(a.format, columns, out).and_then(|mut sink| {
        let n = tables::rows(&mut store, a.what, &mut |values| sink.row(values))?;
        sink.finish()?;
        Ok(n)
    });
    let n = match written {
        Ok(n) => n,
        Err(e) => {
            if let Some(part) = &part {
                let _ = std::fs::remove_file(part);
            }
            return Err(e);
        }
    };
    if let (Some(part), Some(path)) = (&part, &a.out) {
        std::fs::rename(part, path)
            .with_context(|| format!("renaming {} to {}", part.display(), path.display()))?;
        output::status(&format!("{n} rows written to {}", path.display()));
    }
    Ok(crate::exit::OK)
}

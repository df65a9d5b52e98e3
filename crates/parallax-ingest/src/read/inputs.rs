//! Turning what the user typed (files, folders, globs, `-`) into a sorted list of inputs.

use std::path::{Path, PathBuf};

use super::Input;
use crate::IngestError;

/// Expands each argument: `-` is standard input, a folder is walked recursively (hidden entries
/// skipped, sorted by path so runs are reproducible), a pattern with `*`, `?` or `[` is a glob.
pub fn expand_inputs(args: &[String]) -> Result<Vec<Input>, IngestError> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files);
            files.sort();
            out.extend(files.into_iter().map(Input::Path));
        } else if path.exists() {
            out.push(Input::Path(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            let paths = glob::glob(arg).map_err(|e| IngestError::BadGlob {
                pattern: arg.clone(),
                reason: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = Vec::new();
            for p in paths.flatten() {
                if p.is_dir() {
                    walk(&p, &mut files);
                } else {
                    files.push(p);
                }
            }
            if files.is_empty() {
                return Err(IngestError::NoSuchInput(arg.clone()));
            }
            files.sort();
            out.extend(files.into_iter().map(Input::Path));
        } else {
            return Err(IngestError::NoSuchInput(arg.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable folder becomes an input whose open fails, so it is reported.
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

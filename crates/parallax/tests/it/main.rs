//! End-to-end tests: the real `parallax` binary in a scratch folder.

#![allow(clippy::print_stderr)] // tests say why they skip

mod browser;
mod cli;
mod equivalence;
mod evals;
mod export;
mod facts;
mod http;
mod quotes;
mod seeds;
mod serve;
mod store;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether `scripts/fetch-model.sh` installed the sentence encoder in this checkout; when it
/// did not, says that the test (or its `part`) skips.
#[allow(clippy::print_stderr)] // says why the test skips
pub(crate) fn encoder_or_skip(part: &str) -> bool {
    let installed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../models/all-MiniLM-L6-v2/model.safetensors")
        .is_file();
    if !installed {
        eprintln!(
            "skipped {part}: the sentence encoder is not installed (bash scripts/fetch-model.sh)"
        );
    }
    installed
}

/// A scratch folder with its own store.
pub(crate) struct Scratch {
    pub(crate) dir: tempfile::TempDir,
}

impl Scratch {
    pub(crate) fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("parallax.db")
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `parallax --db <scratch db> ARGS…`.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
        c.arg("--db")
            .arg(self.db())
            .args(args)
            .current_dir(self.dir.path())
            .env("PARALLAX_NO_PROGRESS", "1");
        c
    }

    /// Runs and parses stdout as JSON.
    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        self.json_with(args, &[])
    }

    /// Runs with extra environment variables and parses stdout as JSON.
    pub(crate) fn json_with(&self, args: &[&str], vars: &[(&str, &str)]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self
            .command(&a)
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: {e}\nstdout: {}\nstderr: {}",
                text(&out.stdout),
                text(&out.stderr)
            )
        })
    }

    /// The stored article `id` (`parallax article ID --original`) and its original bytes.
    pub(crate) fn original(&self, id: &str) -> (serde_json::Value, Vec<u8>) {
        let full = self.json(&["article", id, "--original"]);
        let bytes = full["original"]
            .as_array()
            .expect("an original byte array")
            .iter()
            .map(|b| u8::try_from(b.as_u64().expect("a byte")).expect("a byte"))
            .collect();
        (full, bytes)
    }
}

/// The string `field` of each object of a JSON array, in order.
pub(crate) fn strings<'a>(items: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .expect("an array of objects")
        .iter()
        .map(|a| a[field].as_str().expect("the field"))
        .collect()
}

/// A JSON array of objects with an `id` (articles, a story's articles) as id → `field`.
pub(crate) fn field_by_id(
    items: &serde_json::Value,
    field: &str,
) -> std::collections::HashMap<String, String> {
    items
        .as_array()
        .expect("an array of objects")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("an id").to_string(),
                a[field].as_str().expect("the field").to_string(),
            )
        })
        .collect()
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub(crate) fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

/// `../shared` beside the repository, when this checkout has it.
pub(crate) fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("seeds").is_dir().then(|| p.canonicalize().unwrap())
}

//! The `parallax` command line: ingest news input into the embedded store, inspect it, evaluate
//! quality on labelled data and benchmark speed. This crate is the only one that knows about
//! terminals, progress bars and exit codes.

mod aligned;
mod cli;
mod commands;
mod eval;
mod export;
mod link;
mod output;
mod pipeline;
mod progress;
mod quote_models;
mod report;
mod serve;
mod story_facts;
mod story_quotes;
mod views;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, documented in the README.
pub(crate) mod exit {
    /// Everything went through.
    pub(crate) const OK: u8 = 0;
    /// The run finished, but some input was rejected (see `parallax rejects`).
    pub(crate) const REJECTS: u8 = 1;
    /// Bad arguments, settings or store: nothing was done.
    pub(crate) const USAGE: u8 = 2;
    /// An internal error: a bug or corruption.
    pub(crate) const INTERNAL: u8 = 3;
}

/// An error that is the user's to fix (bad argument, missing file, foreign store), as opposed to
/// an internal one.
#[derive(Debug)]
pub(crate) struct UserError(pub(crate) String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    output::init(&args.global);
    match commands::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if output::is_broken_pipe(&e) {
                return ExitCode::from(exit::OK);
            }
            let user = e.chain().any(|c| {
                c.is::<UserError>()
                    || c.is::<views::NotFound>()
                    || c.is::<parallax_ingest::IngestError>()
            }) || e.chain().any(|c| {
                c.downcast_ref::<parallax_store::StoreError>()
                    .is_some_and(|s| !matches!(s, parallax_store::StoreError::BadData { .. }))
            });
            output::error(&format!("{e:#}"));
            ExitCode::from(if user { exit::USAGE } else { exit::INTERNAL })
        }
    }
}

//! One function per command; `run` dispatches and returns the exit code.

mod align;
mod article;
mod bench;
mod bench_align;
mod export;
mod facts;
mod framing;
pub(crate) mod ingest;
mod list;
mod provenance;
mod quotes;
mod stories;

use anyhow::Context as _;
use parallax_store::Store;

use crate::cli::{BenchCommand, Cli, Command, EvalCommand, Global};
use crate::UserError;

/// Runs the command the user asked for.
pub(crate) fn run(cli: Cli) -> anyhow::Result<u8> {
    if let Some(n) = cli.global.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let g = &cli.global;
    match cli.command {
        Command::Ingest(args) => ingest::run(g, &args),
        Command::Articles(args) => list::articles(g, &args),
        Command::Article(args) => article::run(g, &args),
        Command::Rejects(args) => list::rejects(g, &args),
        Command::Stories(args) => stories::list(g, &args),
        Command::Story(args) => stories::show(g, &args),
        Command::Dups(args) => stories::dups(g, &args),
        Command::Align(args) => align::run(g, &args),
        Command::Provenance(args) => provenance::run(g, &args),
        Command::Facts(args) => facts::run(g, &args),
        Command::Framing(args) => framing::run(g, &args),
        Command::Quotes(args) => quotes::list(g, &args),
        Command::Quote(args) => quotes::show(g, &args),
        Command::Export(args) => export::run(g, &args),
        Command::Stats => list::stats(g),
        Command::Serve(args) => crate::serve::run(g, &args),
        Command::Report(args) => crate::report::run(g, &args),
        Command::Languages => list::languages(g),
        Command::Eval(EvalCommand::Extraction(args)) => crate::eval::extraction::run(g, &args),
        Command::Eval(EvalCommand::Dups(args)) => crate::eval::dups::run(g, &args),
        Command::Eval(EvalCommand::Stories(args)) => crate::eval::stories::run(g, &args),
        Command::Eval(EvalCommand::Facts(args)) => crate::eval::facts::run(g, &args),
        Command::Eval(EvalCommand::Quotes(args)) => crate::eval::quotes::run(g, &args),
        Command::Eval(EvalCommand::QuoteVariants(args)) => {
            crate::eval::quotes::run_variants(g, &args)
        }
        Command::Eval(EvalCommand::Paraphrase(args)) => crate::eval::paraphrase::run(g, &args),
        Command::Eval(EvalCommand::Derivation(args)) => crate::eval::derivation::run(g, &args),
        Command::Eval(EvalCommand::Wire(args)) => crate::eval::wire::run(g, &args),
        Command::Eval(EvalCommand::Alignment(args)) => crate::eval::alignment::run(g, &args),
        Command::Bench(BenchCommand::Ingest(args)) => bench::ingest(g, &args),
        Command::Bench(BenchCommand::Align(args)) => bench_align::run(g, &args),
    }
}

/// Opens the store named by `--db`.
pub(crate) fn open_store(g: &Global) -> anyhow::Result<Store> {
    Store::open(&g.db).context("opening the store")
}

/// Opens an existing store for reading; a missing file is a user error, not a new store.
pub(crate) fn open_existing_store(g: &Global) -> anyhow::Result<Store> {
    if !g.db.exists() {
        return Err(UserError(format!(
            "{}: no store here yet; run `parallax ingest PATH…` first or pass --db",
            g.db.display()
        ))
        .into());
    }
    open_store(g)
}

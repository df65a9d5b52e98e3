//! The models quote extraction and grouping ask (`parallax-encoder`), each loaded once per
//! process on first use: the attribution tagger that extraction reads and the same-statement
//! model that grouping asks. Without the encoder installed, the rules extract and words group,
//! after one warning each.

use std::sync::OnceLock;

use parallax_encoder::{AttributionTagger, EncoderError, SameStatement};
use parallax_quotes::{PieceTagger, StatementScorer, TaggedPiece};

use crate::output;

static STATEMENTS: OnceLock<Option<SameStatement>> = OnceLock::new();
static TAGGER: OnceLock<Option<AttributionTagger>> = OnceLock::new();

/// Set to `off` to extract quotes by the rules and group them on their words alone even with
/// the models installed (much faster, e.g. for exporting every story of a large store).
pub(crate) const SWITCH_ENV: &str = "PARALLAX_QUOTE_ENCODER";

fn switched_off() -> bool {
    std::env::var(SWITCH_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("off"))
}

/// Loads a model unless switched off ([`SWITCH_ENV`]); when it is not installed or cannot be
/// read, one warning says so and what takes its place (`instead`).
fn load<M>(what: &str, instead: &str, load: impl FnOnce() -> Result<M, EncoderError>) -> Option<M> {
    if switched_off() {
        return None;
    }
    ask(format_args!("{what} loaded"), instead, load)
}

/// The installed same-statement model, or `None` (see [`load`]).
pub(crate) fn installed() -> Option<&'static SameStatement> {
    STATEMENTS
        .get_or_init(|| {
            load(
                "same-statement model",
                "quotes are grouped on their words alone",
                SameStatement::load_installed,
            )
        })
        .as_ref()
}

/// The installed attribution tagger as extraction's [`PieceTagger`], or `None` (see [`load`]).
pub(crate) fn tagger() -> Option<Tagger> {
    TAGGER
        .get_or_init(|| {
            load(
                "attribution tagger",
                "quotes are extracted by the rules alone",
                AttributionTagger::load_installed,
            )
        })
        .as_ref()
        .map(Tagger)
}

/// Articles longer than this (in bytes) are left to the rules: 64 KB of English is some 12,000
/// word pieces, which the tagger read in 9.4 s on 2 cores (release build), so a 5 MB page
/// would take over ten minutes. News articles are a few KB.
const MAX_TAGGED_BYTES: usize = 64 * 1024;

/// The attribution tagger for an article in `language` (as stored) of `bytes` bytes, or `None`
/// where the rules read it alone:
/// - the tagger was fitted on English news only, and on other languages it tagged fragments of
///   words as quotes (on eval-dev's multilingual news, dozens per dozen French, Russian or
///   Chinese articles); the rules read quotation marks in any language. An article whose
///   language is unknown is read;
/// - an article longer than [`MAX_TAGGED_BYTES`] would take too long.
pub(crate) fn tagger_for(language: Option<&str>, bytes: usize) -> Option<Tagger> {
    let english = language.is_none_or(|l| {
        l.split(['-', '_'])
            .next()
            .is_some_and(|primary| primary.eq_ignore_ascii_case("en"))
    });
    if !english || bytes > MAX_TAGGED_BYTES {
        return None;
    }
    tagger()
}

/// A call to a model: its time logged with `what` it did, or a warning saying what takes its
/// place (`instead`).
fn ask<T>(
    what: std::fmt::Arguments<'_>,
    instead: &str,
    run: impl FnOnce() -> Result<T, EncoderError>,
) -> Option<T> {
    let t0 = std::time::Instant::now();
    match run() {
        Ok(answer) => {
            tracing::debug!(seconds = t0.elapsed().as_secs_f64(), "{what}");
            Some(answer)
        }
        Err(e) => {
            output::warn(&format!("{e}; {instead}"));
            None
        }
    }
}

/// [`AttributionTagger`] behind extraction's [`PieceTagger`]: a failed run is warned about and
/// leaves that article to the rules.
pub(crate) struct Tagger(&'static AttributionTagger);

impl PieceTagger for Tagger {
    fn tag(&self, text: &str) -> Option<Vec<TaggedPiece>> {
        let pieces = ask(
            format_args!("article of {} bytes tagged", text.len()),
            "this article's quotes are extracted by the rules",
            || self.0.tag(text),
        )?;
        Some(
            pieces
                .into_iter()
                .map(|p| TaggedPiece {
                    span: parallax_quotes::Span::new(p.start, p.end),
                    content: p.content,
                    role: p.role,
                })
                .collect(),
        )
    }
}

/// The installed model as grouping's scorer.
pub(crate) fn scorer() -> Option<Scorer> {
    installed().map(Scorer)
}

/// [`SameStatement`] behind grouping's [`StatementScorer`]: a failed run is warned about and
/// leaves those pairs to the word comparison.
pub(crate) struct Scorer(&'static SameStatement);

impl StatementScorer for Scorer {
    fn same_statement(&self, pairs: &[(&str, &str)]) -> Option<Vec<f64>> {
        ask(
            format_args!("{} same-statement pairs scored", pairs.len()),
            "these quotes are grouped on their words alone",
            || self.0.probabilities(pairs),
        )
    }
}

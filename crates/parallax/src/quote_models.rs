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
    let t0 = std::time::Instant::now();
    match load() {
        Ok(model) => {
            tracing::debug!(seconds = t0.elapsed().as_secs_f64(), "{what} loaded");
            Some(model)
        }
        Err(e) => {
            output::warn(&format!("{e}; {instead}"));
            None
        }
    }
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

/// Whether the attribution tagger reads articles in `language`: it was fitted on English news
/// only, and on other languages it tags fragments of words as quotes (on eval-dev's
/// multilingual news, dozens per dozen French, Russian or Chinese articles), so those are
/// left to the rules, which read quotation marks in any language. An article whose language
/// is unknown is read.
pub(crate) fn tagger_reads(language: Option<&str>) -> bool {
    language.is_none_or(|l| {
        l.split(['-', '_'])
            .next()
            .is_some_and(|primary| primary.eq_ignore_ascii_case("en"))
    })
}

/// [`AttributionTagger`] behind extraction's [`PieceTagger`]: a failed run is warned about and
/// leaves that article to the rules.
pub(crate) struct Tagger(&'static AttributionTagger);

impl PieceTagger for Tagger {
    fn tag(&self, text: &str) -> Option<Vec<TaggedPiece>> {
        let t0 = std::time::Instant::now();
        match self.0.tag(text) {
            Ok(pieces) => {
                tracing::debug!(
                    pieces = pieces.len(),
                    seconds = t0.elapsed().as_secs_f64(),
                    "article tagged"
                );
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
            Err(e) => {
                output::warn(&format!(
                    "{e}; this article's quotes are extracted by the rules"
                ));
                None
            }
        }
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
        let t0 = std::time::Instant::now();
        match self.0.probabilities(pairs) {
            Ok(p) => {
                tracing::debug!(
                    pairs = pairs.len(),
                    seconds = t0.elapsed().as_secs_f64(),
                    "same-statement pairs scored"
                );
                Some(p)
            }
            Err(e) => {
                output::warn(&format!(
                    "{e}; these quotes are grouped on their words alone"
                ));
                None
            }
        }
    }
}

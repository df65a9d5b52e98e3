//! The same-statement model that quote grouping asks (`parallax-encoder`), loaded once per
//! process on first use. Without it installed, grouping compares words, after one warning.

use std::sync::OnceLock;

use parallax_encoder::SameStatement;
use parallax_quotes::StatementScorer;

use crate::output;

static MODEL: OnceLock<Option<SameStatement>> = OnceLock::new();

/// Set to `off` to group quotes on their words alone even with the model installed (faster,
/// e.g. for exporting every story of a large store).
pub(crate) const SWITCH_ENV: &str = "PARALLAX_QUOTE_ENCODER";

/// The installed model; `None` when switched off ([`SWITCH_ENV`]), or, with one warning saying
/// how to install it, when it is not installed or cannot be read.
pub(crate) fn installed() -> Option<&'static SameStatement> {
    MODEL
        .get_or_init(|| {
            if std::env::var(SWITCH_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
                return None;
            }
            load()
        })
        .as_ref()
}

fn load() -> Option<SameStatement> {
    let t0 = std::time::Instant::now();
    match SameStatement::load_installed() {
        Ok(model) => {
            tracing::debug!(
                seconds = t0.elapsed().as_secs_f64(),
                "sentence encoder loaded"
            );
            Some(model)
        }
        Err(e) => {
            output::warn(&format!("{e}; quotes are grouped on their words alone"));
            None
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

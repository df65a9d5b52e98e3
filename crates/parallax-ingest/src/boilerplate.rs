//! Outlet boilerplate: a paragraph that recurs verbatim (after normalisation) in many articles
//! of one outlet, such as a closing "About us" blurb or a newsletter plug. It stays in the text
//! and the original, and is left out of analysis.
//!
//! The decision needs counts across articles, which the store keeps per (outlet, paragraph
//! fingerprint) for the first and last three paragraphs of each article (boilerplate sits at
//! the edges; a paragraph that recurs mid-article, such as a standard background paragraph of
//! a running story, is content); this module holds only the rule, so every caller decides the
//! same way.

/// Settings of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoilerplateRule {
    /// A paragraph is boilerplate once it appears in at least this many distinct articles of
    /// the same outlet.
    pub min_articles: u32,
}

/// The default threshold: three distinct articles of one outlet.
pub const DEFAULT_MIN_ARTICLES: u32 = 3;

impl Default for BoilerplateRule {
    fn default() -> Self {
        Self {
            min_articles: DEFAULT_MIN_ARTICLES,
        }
    }
}

impl BoilerplateRule {
    /// True when a paragraph seen in `articles` distinct articles of its outlet is boilerplate.
    pub fn is_boilerplate(&self, articles: u32) -> bool {
        articles >= self.min_articles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_inclusive() {
        let rule = BoilerplateRule::default();
        assert!(!rule.is_boilerplate(2));
        assert!(rule.is_boilerplate(3));
        assert!(BoilerplateRule { min_articles: 5 }.is_boilerplate(5));
    }
}

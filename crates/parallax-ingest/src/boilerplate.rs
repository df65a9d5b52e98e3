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

impl Default for BoilerplateRule {
    fn default() -> Self {
        Self { min_articles: 3 }
    }
}

impl BoilerplateRule {
    /// True when a paragraph seen in `articles` distinct articles of its outlet is boilerplate.
    pub fn is_boilerplate(&self, articles: u32) -> bool {
        articles >= self.min_articles
    }
}

//! Rows for exports: every article with its story, read in one pass so that exporting a large
//! store never holds all texts at once.

use crate::{Store, StoreError};

/// One article as exports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// Insertion order.
    pub seq: i64,
    /// Article id.
    pub id: String,
    /// URL, if known.
    pub url: Option<String>,
    /// Outlet key.
    pub outlet: Option<String>,
    /// Outlet name as the page gives it.
    pub outlet_name: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date (ISO 8601, as precise as the input).
    pub published: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Story id, once linked.
    pub story: Option<i64>,
    /// Clean text.
    pub text: String,
    /// Input path.
    pub source_path: String,
}

impl Store {
    /// Calls `each` with every article in insertion order, stopping at its first error.
    pub fn for_each_article_row<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(ArticleRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.seq, a.id, a.url, a.outlet, a.outlet_name, a.title, a.published,
                        a.language, l.story, a.text, a.source_path
                 FROM articles a LEFT JOIN article_links l ON l.article_seq = a.seq
                 ORDER BY a.seq",
            )
            .map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let row = (|| {
                Ok::<_, rusqlite::Error>(ArticleRow {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    url: r.get(2)?,
                    outlet: r.get(3)?,
                    outlet_name: r.get(4)?,
                    title: r.get(5)?,
                    published: r.get(6)?,
                    language: r.get(7)?,
                    story: r.get(8)?,
                    text: r.get(9)?,
                    source_path: r.get(10)?,
                })
            })()
            .map_err(self.err())?;
            each(row)?;
        }
        Ok(())
    }
}

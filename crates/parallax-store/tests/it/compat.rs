//! Stores written by earlier schema versions open, migrate and read back with today's code.
//! Each `tests/compat/vN.db` was written by the release that introduced schema N (from the
//! fixtures in `fixtures/ingest`) and is never regenerated.

use std::path::PathBuf;

use parallax_store::{ArticleFilter, Store, SCHEMA_VERSION};

fn open_copy(name: &str) -> (tempfile::TempDir, Store) {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/compat")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join(name);
    std::fs::copy(&src, &dst).unwrap();
    let store = Store::open(&dst).unwrap();
    (dir, store)
}

#[test]
fn schema_1_store_reads_back() {
    let (_dir, store) = open_copy("v1.db");
    let stats = store.stats().unwrap();
    assert_eq!(stats.schema_version, SCHEMA_VERSION);
    assert_eq!(stats.articles, 7);
    let rows = store.articles(&ArticleFilter::default()).unwrap();
    let harbor = rows
        .iter()
        .find(|r| r.id == "89ec562253e6d406")
        .expect("harbor article");
    assert_eq!(
        harbor.title.as_deref(),
        Some("Harbor bridge reopens after storm repairs")
    );
    // Schema 4 indexed the articles already there for full-text search.
    assert_eq!(
        store.search("harbor bridge", 10).unwrap(),
        vec![harbor.id.clone()]
    );
    assert!(store.search("\"unbalanced", 10).unwrap().is_empty());
    let full = store.article(&harbor.id).unwrap().unwrap();
    assert!(full.article.text.contains("six weeks after a winter storm"));
    assert!(String::from_utf8_lossy(&full.article.original).contains("<!DOCTYPE html>"));
    assert_eq!(
        full.article.attributions[0].agency.as_deref(),
        Some("Reuters")
    );
    // The three Hilltop Herald articles share their closing line: outlet boilerplate.
    let hilltop = store
        .articles(&ArticleFilter {
            outlet: Some("hilltop-herald".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hilltop.len(), 3);
    let first = store.article(&hilltop[0].id).unwrap().unwrap();
    let last = first.article.paragraphs.len() - 1;
    assert_eq!(first.paragraph_articles[last], 3);
    assert!(first.paragraph_articles[..last].iter().all(|&n| n == 1));
}

//! `parallax export`: the files read back (JSON Lines by serde, Parquet by the parquet crate,
//! CSV by hand) and checked against what the store shows through other commands.

use std::collections::HashMap;

use arrow_array::{Array, Int64Array, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Deserialize;

use crate::evals::derivation_corpus;
use crate::{text, Scratch};

#[derive(Deserialize)]
struct ArticleRow {
    id: String,
    seq: i64,
    story: Option<i64>,
    published: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    text: String,
    url: Option<String>,
}

fn ingested() -> Scratch {
    let s = Scratch::new();
    let corpus = derivation_corpus(&s);
    let out = s.run(&["ingest", &corpus]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    s
}

#[test]
fn json_lines_articles_match_the_store() {
    let s = ingested();
    let out = s.run(&["export", "--format", "jsonl", "--what", "articles"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<ArticleRow> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let listed = s.json(&["articles"]);
    assert_eq!(rows.len(), listed.as_array().unwrap().len());
    assert_eq!(rows.len(), 4);
    let stories = s.json(&["stories"]);
    let story_ids: Vec<i64> = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["id"].as_i64().unwrap())
        .collect();
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r.seq, k as i64 + 1, "insertion order");
        let a = s.json(&["article", &r.id]);
        assert_eq!(r.title.as_deref(), a["title"].as_str());
        assert_eq!(r.outlet.as_deref(), a["outlet"].as_str());
        assert_eq!(r.published.as_deref(), a["published"]["iso"].as_str());
        assert_eq!(r.text, a["text"].as_str().unwrap());
        assert_eq!(r.url, None);
        assert!(
            story_ids.contains(&r.story.expect("linked")),
            "{:?}",
            r.story
        );
    }
}

#[test]
fn parquet_articles_and_links_read_back_with_the_parquet_crate() {
    let s = ingested();
    let jsonl = s.run(&["export", "--format", "jsonl", "--what", "articles"]);
    let expected: Vec<ArticleRow> = text(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let path = s.path("articles.parquet");
    let out = s.run(&[
        "export",
        "--format",
        "parquet",
        "--what",
        "articles",
        "--out",
        &path.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!s.path("articles.parquet.part").exists());
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = builder.metadata().clone();
    assert_eq!(meta.file_metadata().num_rows(), expected.len() as i64);
    assert!(matches!(
        meta.row_group(0).column(0).compression(),
        parquet::basic::Compression::ZSTD(_)
    ));
    let mut got: Vec<(String, i64, Option<i64>, String)> = Vec::new();
    for batch in builder.build().unwrap() {
        let batch = batch.unwrap();
        let col = |name: &str| batch.column(batch.schema().index_of(name).unwrap()).clone();
        let ids = col("id");
        let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
        let seqs = col("seq");
        let seqs = seqs.as_any().downcast_ref::<Int64Array>().unwrap();
        let stories = col("story");
        let stories = stories.as_any().downcast_ref::<Int64Array>().unwrap();
        let texts = col("text");
        let texts = texts.as_any().downcast_ref::<StringArray>().unwrap();
        let urls = col("url");
        assert_eq!(urls.null_count(), batch.num_rows(), "no URLs: all null");
        for k in 0..batch.num_rows() {
            got.push((
                ids.value(k).to_string(),
                seqs.value(k),
                (!stories.is_null(k)).then(|| stories.value(k)),
                texts.value(k).to_string(),
            ));
        }
    }
    let want: Vec<(String, i64, Option<i64>, String)> = expected
        .iter()
        .map(|r| (r.id.clone(), r.seq, r.story, r.text.clone()))
        .collect();
    assert_eq!(got, want);

    // Links: as many rows as `parallax dups` reports pairs, ids of stored articles.
    let links = s.path("links.parquet");
    let out = s.run(&[
        "export",
        "--format",
        "parquet",
        "--what",
        "links",
        "--out",
        &links.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&links).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let known: HashMap<&str, ()> = want.iter().map(|r| (r.0.as_str(), ())).collect();
    let mut n = 0;
    for batch in reader {
        let batch = batch.unwrap();
        let a = batch
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .clone();
        for k in 0..batch.num_rows() {
            assert!(known.contains_key(a.value(k)), "{}", a.value(k));
        }
        n += batch.num_rows();
    }
    // The verbatim copy is an exact duplicate of the original body, the light edit a near one.
    assert!(n >= 1, "links: {n}");
}

#[test]
fn csv_stories_have_a_header_and_one_record_per_story() {
    let s = ingested();
    let out = s.run(&["export", "--format", "csv", "--what", "stories"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = text(&out.stdout);
    let records: Vec<&str> = body.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(
        records[0],
        "id,articles,outlets,independent,first_published,last_published,languages,label"
    );
    let stories = s.json(&["stories"]);
    let stories = stories.as_array().unwrap();
    assert_eq!(records.len() - 1, stories.len());
    let first: Vec<&str> = records[1].splitn(5, ',').collect();
    assert_eq!(first[0], stories[0]["id"].as_i64().unwrap().to_string());
    assert_eq!(
        first[1],
        stories[0]["articles"].as_i64().unwrap().to_string()
    );
}

#[test]
fn parquet_needs_a_file_and_bad_targets_are_clear_errors() {
    let s = ingested();
    let out = s.run(&["export", "--format", "parquet", "--what", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--out"), "{}", text(&out.stderr));
    let out = s.run(&[
        "export",
        "--format",
        "jsonl",
        "--what",
        "articles",
        "--out",
        "/nonexistent-dir/x.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("/nonexistent-dir/x.jsonl"));
}

#[derive(Deserialize)]
struct QuoteRow {
    story: i64,
    quote: String,
    article: String,
    start: i64,
    end: i64,
    text: String,
}

#[test]
fn quotes_and_facts_export_what_the_story_commands_show() {
    let s = Scratch::new();
    let fixture = crate::http::web_fixture("story.jsonl")
        .display()
        .to_string();
    let out = s.run(&["ingest", &fixture]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Quotes as JSON Lines: one row per rendering, the same renderings `quotes --json` lists.
    let out = s.run(&["export", "--format", "jsonl", "--what", "quotes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<QuoteRow> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let listed = s.json(&["quotes"]);
    let mut expected: Vec<(i64, String, String, i64, i64, String)> = Vec::new();
    for story in listed.as_array().unwrap() {
        for q in story["quotes"].as_array().unwrap() {
            for v in q["variants"].as_array().unwrap() {
                expected.push((
                    story["story"].as_i64().unwrap(),
                    q["id"].as_str().unwrap().to_string(),
                    v["article"].as_str().unwrap().to_string(),
                    v["start"].as_i64().unwrap(),
                    v["end"].as_i64().unwrap(),
                    v["text"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    let got: Vec<(i64, String, String, i64, i64, String)> = rows
        .into_iter()
        .map(|r| (r.story, r.quote, r.article, r.start, r.end, r.text))
        .collect();
    assert!(!got.is_empty(), "the fixture quotes its authority");
    assert_eq!(got, expected);

    // Facts as Parquet: as many rows as `facts --story` lists over every story, values equal.
    let path = s.path("facts.parquet");
    let out = s.run(&[
        "export",
        "--format",
        "parquet",
        "--what",
        "facts",
        "--out",
        &path.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut expected: Vec<(String, f64)> = Vec::new();
    for story in s.json(&["stories"]).as_array().unwrap() {
        let id = story["id"].as_i64().unwrap().to_string();
        for f in s.json(&["facts", "--story", &id])["facts"]
            .as_array()
            .unwrap()
        {
            expected.push((
                f["text"].as_str().unwrap().to_string(),
                f["value"].as_f64().unwrap(),
            ));
        }
    }
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut got: Vec<(String, f64)> = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let col = |name: &str| batch.column(batch.schema().index_of(name).unwrap()).clone();
        let texts = col("text");
        let texts = texts.as_any().downcast_ref::<StringArray>().unwrap();
        let values = col("value");
        let values = values
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .unwrap();
        for i in 0..batch.num_rows() {
            got.push((texts.value(i).to_string(), values.value(i)));
        }
    }
    expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
    got.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert!(got.iter().any(|(_, v)| *v == 400.0), "{got:?}");
    assert_eq!(got, expected);
}

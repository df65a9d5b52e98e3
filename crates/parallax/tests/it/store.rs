//! The store across runs, and stores that must not be touched.

use crate::{fixture, text, Scratch};

#[test]
fn store_reopens_across_runs() {
    let s = Scratch::new();
    s.run(&["ingest", &fixture("harbor.html")]);
    let first = s.json(&["articles"]);
    let s2 = s.json(&["stats"]);
    assert_eq!(s2["articles"], 1);
    assert_eq!(s2["schema_version"], parallax_store::SCHEMA_VERSION);
    let id = first[0]["id"].as_str().unwrap();
    let (a, original) = s.original(id);
    assert_eq!(a["title"], "Harbor bridge reopens after storm repairs");
    assert_eq!(original, std::fs::read(fixture("harbor.html")).unwrap());
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_kept() {
    let s = Scratch::new();
    std::fs::write(s.db(), b"these are my notes, not a database").unwrap();
    let out = s.run(&["ingest", &fixture("harbor.html")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a Parallax store"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(s.db()).unwrap(),
        b"these are my notes, not a database"
    );
}

#[test]
fn a_damaged_store_gives_a_clear_error() {
    let s = Scratch::new();
    s.run(&["ingest", &fixture("wire.jsonl")]);
    // Keep the header, scribble over the pages.
    let mut bytes = std::fs::read(s.db()).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5a;
    }
    let _ = std::fs::remove_file(s.db().with_extension("db-wal"));
    std::fs::write(s.db(), &bytes).unwrap();
    let out = s.run(&["stats"]);
    assert_ne!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains(s.db().to_str().unwrap()), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn other_link_settings_on_a_linked_store_are_refused_and_nothing_changes() {
    let s = Scratch::new();
    let out = s.run(&["ingest", &fixture("outlet-a-1.txt")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = s.json(&["stories"]);
    let out = s.run(&["ingest", "--jaccard", "0.7", &fixture("outlet-a-2.txt")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("this store was linked with"),
        "{}",
        text(&out.stderr)
    );
    // Refused before anything is stored: the store is as it was, and a run with the store's
    // settings takes the file.
    assert_eq!(s.json(&["stats"])["articles"], 1);
    assert_eq!(s.json(&["stories"]), before);
    let out = s.run(&["ingest", &fixture("outlet-a-2.txt")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let total: i64 = s
        .json(&["stories"])
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["articles"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 2);
}

#[test]
fn a_story_state_of_another_version_is_refused_by_name_and_nothing_is_stored() {
    let s = Scratch::new();
    let out = s.run(&["ingest", &fixture("outlet-a-1.txt")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // As if a newer Parallax had linked the store: its story state's version byte is ahead.
    {
        let mut store = parallax_store::Store::open(&s.db()).unwrap();
        let mut state = store.link_state("stories").unwrap().expect("a story state");
        state[4] = u8::MAX;
        store
            .write_links(&parallax_store::LinkBatch {
                state: vec![("stories", state)],
                ..Default::default()
            })
            .unwrap();
    }
    let out = s.run(&["ingest", &fixture("outlet-a-2.txt")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("version 255"), "{err}");
    assert!(err.contains("written by a newer Parallax"), "{err}");
    assert!(err.contains("new --db"), "{err}");
    assert_eq!(s.json(&["stats"])["articles"], 1);
}

#[test]
fn a_failed_link_write_is_reported_and_rolled_back_and_the_next_run_links_all() {
    let s = Scratch::new();
    let folder = fixture("");
    let out = s.run(&["ingest", "--no-link", &folder]);
    let stored = s.json(&["stats"])["articles"].as_u64().unwrap();
    assert!(stored >= 5, "{}", text(&out.stderr));
    let links = |db: &std::path::Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM article_links", [], |r| r.get(0))
            .unwrap()
    };
    // The links are written on a thread and connection of their own: make that write fail.
    rusqlite::Connection::open(s.db())
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER fail_links BEFORE INSERT ON article_links
             BEGIN SELECT RAISE(ABORT, 'injected link-write failure'); END;",
        )
        .unwrap();
    let out = s.run(&["ingest", &folder]);
    assert!(!out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("injected link-write failure"), "{err}");
    assert_eq!(links(&s.db()), 0, "nothing half-written");
    assert!(
        parallax_store::Store::open(&s.db())
            .unwrap()
            .link_state("stories")
            .unwrap()
            .is_none(),
        "no story state saved"
    );
    assert_eq!(s.json(&["stats"])["articles"], stored, "no article lost");
    rusqlite::Connection::open(s.db())
        .unwrap()
        .execute_batch("DROP TRIGGER fail_links;")
        .unwrap();
    s.run(&["ingest", &folder]);
    assert_eq!(links(&s.db()), stored as i64);
    assert!(!s.json(&["stories"]).as_array().unwrap().is_empty());
}

#[test]
fn story_summaries_count_copies_once_in_one_run_and_across_runs() {
    let s = Scratch::new();
    let story = crate::http::web_fixture("story.jsonl");
    let out = s.run(&["ingest", &story.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let story_in = |s: &Scratch, language: &str| {
        let stories = s.json(&["stories"]);
        stories
            .as_array()
            .unwrap()
            .iter()
            .find(|st| st["languages"] == language)
            .cloned()
            .unwrap_or_else(|| panic!("a story in {language}: {stories}"))
    };
    let flood = |s: &Scratch| story_in(s, "en");
    let arabic = story_in(&s, "ar");
    // The wire report, its near copy, an edited and a paraphrased report: the copy is not
    // independent coverage.
    let first = flood(&s);
    assert_eq!(first["articles"], 4, "{first}");
    assert_eq!(first["outlets"], 4, "{first}");
    assert_eq!(first["independent"], 3, "{first}");
    assert_eq!(first["first_time"], 1_738_620_000, "{first}");
    assert_eq!(first["last_time"], 1_738_659_600, "{first}");

    // A later run adds a verbatim repost by another outlet: only that story is refreshed, and
    // the repost joins the wire's group.
    let wire: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&story)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let mut repost = wire.clone();
    repost["id"] = "flood-repost".into();
    repost["outlet"] = "reposts.example".into();
    repost["date"] = "2025-02-05T08:00:00Z".into();
    let path = s.path("repost.jsonl");
    std::fs::write(&path, format!("{repost}\n")).unwrap();
    let out = s.run(&["ingest", &path.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let second = flood(&s);
    assert_eq!(second["id"], first["id"], "{second}");
    assert_eq!(second["articles"], 5, "{second}");
    assert_eq!(second["outlets"], 5, "{second}");
    assert_eq!(second["independent"], 3, "{second}");
    assert_eq!(second["last_time"], 1_738_742_400, "{second}");
    // The story the run did not touch keeps its summary.
    assert_eq!(story_in(&s, "ar"), arabic);
    assert_eq!(s.json(&["stories"]).as_array().unwrap().len(), 2);
}

/// Originals are compressed in parallel, one zstd context per worker, against each article's
/// own text: every article of a batch gets its own line back, byte for byte.
#[test]
fn every_original_comes_back_with_its_article() {
    let s = Scratch::new();
    let lines: Vec<String> = (0..40)
        .map(|i| {
            serde_json::json!({
                "id": format!("n{i}"),
                "outlet": format!("outlet-{}", i % 3),
                "date": "2024-05-01",
                "text": format!(
                    "Report {i}: the ferry from pier {i} was delayed by {} minutes.\n\n\
                     Passengers waited in the rain, the harbour office said on day {i}.",
                    i * 7
                ),
            })
            .to_string()
        })
        .collect();
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("ferries.jsonl"), body).unwrap();
    let out = s.run(&["ingest", &s.path("ferries.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let arts = s.json(&["articles"]);
    assert_eq!(arts.as_array().unwrap().len(), lines.len());
    for a in arts.as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let (full, original) = s.original(id);
        let line: serde_json::Value = serde_json::from_slice(&original).unwrap();
        assert_eq!(line["text"], full["text"], "article {id}");
        assert!(lines.contains(&String::from_utf8(original).unwrap()));
    }
}

/// More articles than one store transaction holds (16,384): every transaction is written,
/// the last partial one included, and a second run finds every article already stored.
#[test]
fn an_input_larger_than_one_transaction_is_stored_whole_and_once() {
    let s = Scratch::new();
    let n = 17_000;
    let body: String = (0..n)
        .map(|i| {
            format!(
                "{}\n",
                serde_json::json!({
                    "id": format!("t{i}"),
                    "outlet": "tide-tables.example",
                    "date": "2024-05-01",
                    "lang": "en",
                    "text": format!("Tide table {i}: high water at pier {i} came {} minutes late.", i % 97),
                })
            )
        })
        .collect();
    let input = s.path("tides.jsonl").display().to_string();
    std::fs::write(&input, body).unwrap();
    let first = s.json(&["ingest", "--no-link", &input]);
    assert_eq!(first["stored"], n, "{first}");
    assert_eq!(first["rejected"], 0, "{first}");
    let again = s.json(&["ingest", "--no-link", &input]);
    assert_eq!(again["stored"], 0, "{again}");
    assert_eq!(again["known"], n, "{again}");
    // The last line sits in the second transaction: its article and original are whole.
    let arts = s.json(&["articles", "--limit", "20000"]);
    let arts = arts.as_array().unwrap();
    assert_eq!(arts.len(), n);
    let last = arts
        .iter()
        .find(|a| a["source_location"]["line"] == n)
        .expect("the last line is listed");
    let (full, original) = s.original(last["id"].as_str().unwrap());
    let line: serde_json::Value = serde_json::from_slice(&original).unwrap();
    assert_eq!(line["id"], format!("t{}", n - 1));
    assert_eq!(line["text"], full["text"]);
}

//! Facts and framing on the seeds: 003's casualty figures are its own, and the two outlets name
//! the occupying power and the Leader differently. Skips (saying so) where ../shared is absent.

use serde_json::Value;

use crate::{shared, text, Scratch};

/// Ingests the seeds and returns the scratch store, the seeds' story id and 003's article id.
fn seeded() -> Option<(Scratch, String, String)> {
    let Some(shared) = shared() else {
        eprintln!("skipping facts seeds test: ../shared/seeds is not present in this checkout");
        return None;
    };
    let s = Scratch::new();
    let out = s.run(&["ingest", shared.join("seeds").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stories = s.json(&["stories"]);
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 1, "the seeds are one story: {stories:#?}");
    let story = stories[0]["id"].to_string();
    let articles = s.json(&["articles"]);
    let a003 = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source_path"].as_str().unwrap().contains("003_"))
        .expect("003 ingested")["id"]
        .as_str()
        .unwrap()
        .to_string();
    Some((s, story, a003))
}

#[test]
fn seeds_casualty_figures_are_only_in_003() {
    let Some((s, story, a003)) = seeded() else {
        return;
    };
    let v = s.json(&["facts", "--story", &story]);
    assert_eq!(v["story"].to_string(), story);
    let facts = v["facts"].as_array().unwrap();
    let outlet_003 = facts
        .iter()
        .find(|f| f["article"] == a003.as_str())
        .expect("003 states facts")["outlet"]
        .as_str()
        .unwrap()
        .to_string();
    // Spans slice the article's clean text.
    let clean = s.json(&["article", &a003])["text"]
        .as_str()
        .unwrap()
        .to_string();
    for f in facts.iter().filter(|f| f["article"] == a003.as_str()) {
        let (a, b) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&clean[a..b], f["text"].as_str().unwrap());
    }
    let partial = |measure: &str| -> &Value {
        v["partial"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["fact"]["measure"] == measure && p["fact"]["article"] == a003.as_str())
            .unwrap_or_else(|| panic!("no partial {measure} fact of 003: {:#}", v["partial"]))
    };
    let killed = partial("killed");
    assert_eq!(killed["fact"]["value"], 18.0);
    assert_eq!(killed["fact"]["text"], "martyring 18");
    assert_eq!(killed["outlets_with"], serde_json::json!([outlet_003]));
    assert_eq!(
        killed["outlets_without"],
        serde_json::json!(["iran-news-gazette"])
    );
    let injured = partial("injured");
    assert_eq!(injured["fact"]["value"], 1500.0);
    assert_eq!(injured["fact"]["approx"], "almost");
    assert_eq!(injured["fact"]["high"], 1500.0);
    assert_eq!(injured["outlets_with"], serde_json::json!([outlet_003]));
    // The outlets never state one quantity differently.
    assert!(
        v["discrepancies"].as_array().unwrap().is_empty(),
        "{:#}",
        v["discrepancies"]
    );

    // The table view says the same.
    let out = s.run(&["facts", "--story", &story]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("injuring almost 1,500"));
    // A story that does not exist is the user's error.
    let out = s.run(&["facts", "--story", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no story 999"));
}

#[test]
fn seeds_framing_shows_the_naming_contrasts() {
    let Some((s, story, a003)) = seeded() else {
        return;
    };
    let v = s.json(&["framing", "--story", &story]);
    let referents = v["referents"].as_array().unwrap();
    // A referent named by 000 with `one` of `ours` and by 003 with one of `theirs`.
    let contrast = |ours: &[&str], theirs: &[&str]| {
        referents.iter().any(|r| {
            let names = r["names"].as_array().unwrap();
            let by = |in_003: bool, wanted: &[&str]| {
                names.iter().any(|n| {
                    (n["article"] == a003.as_str()) == in_003
                        && wanted
                            .iter()
                            .any(|w| n["name"].as_str().unwrap().contains(w))
                })
            };
            by(false, ours) && by(true, theirs)
        })
    };
    assert!(
        contrast(&["occupying regime"], &["occupation regime"]),
        "{referents:#?}"
    );
    assert!(
        contrast(&["Zionist regime"], &["Zionist entity"]),
        "{referents:#?}"
    );
    assert!(
        contrast(&["Supreme Leader"], &["Imam Khamenei"]),
        "{referents:#?}"
    );
    // The Leader and the regime are different referents.
    assert!(!contrast(&["Supreme Leader"], &["Zionist entity"]));
    // Distinctive terms: each outlet favours its own title for the Leader.
    let terms = |outlet_is_003: bool| -> Vec<String> {
        v["distinctive"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| (g["outlet"] != "iran-news-gazette") == outlet_is_003)
            .unwrap()["terms"]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        terms(true).contains(&"imam".to_string()),
        "{:#}",
        v["distinctive"]
    );
    assert!(
        terms(false).contains(&"leader".to_string()),
        "{:#}",
        v["distinctive"]
    );

    // Corpus-wide terms, and the two scopes are exclusive.
    let c = s.json(&["framing", "--corpus", "--min-count", "2", "--limit", "5"]);
    let groups = c["distinctive"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "only 000 has an outlet: {groups:#?}");
    assert!(groups[0]["terms"].as_array().unwrap().len() <= 5);
    let out = s.run(&["framing"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eval_facts_scores_counts_and_edited_copies() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("data/facts")).unwrap();
    std::fs::create_dir_all(s.path("data/stories")).unwrap();
    std::fs::write(
        s.path("data/facts/incidents.jsonl"),
        concat!(
            r#"{"story": "1", "num_killed": 3, "num_injured": 2}"#,
            "\n",
            r#"{"story": "2", "num_killed": 1, "num_injured": 0}"#,
            "\n",
        ),
    )
    .unwrap();
    std::fs::write(
        s.path("data/stories/gva-2013-2015.jsonl"),
        concat!(
            r#"{"story": "1", "title": "Shooting", "text": "Police said 3 people were killed and 2 were wounded on Friday."}"#,
            "\n",
            r#"{"story": "2", "title": "Party", "text": "A man was shot and killed at a party on Sunday."}"#,
            "\n",
        ),
    )
    .unwrap();
    let v = s.json(&[
        "eval",
        "facts",
        s.path("data/facts/incidents.jsonl").to_str().unwrap(),
    ]);
    let row = |system: &str, measure: &str| {
        v["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["system"] == system && r["measure"] == measure)
            .unwrap()
            .clone()
    };
    assert_eq!(row("parallax", "killed")["accuracy"], 1.0, "{v:#}");
    assert_eq!(row("parallax", "injured")["accuracy"], 1.0, "{v:#}");
    // The baseline needs digits before "killed": it misses "a man was shot and killed".
    assert_eq!(row("baseline", "killed")["accuracy"], 0.5, "{v:#}");
    let d = &v["discrepancies"];
    // One case per document with an exact figure in digits: only the first has one.
    assert_eq!(d["cases_changed"], 1, "{d:#}");
    assert_eq!(d["true_positives"], 1, "{d:#}");
    assert_eq!(d["false_positives"], 0, "{d:#}");
    // A missing file is the user's error.
    let out = s.run(&["eval", "facts", "nope.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.jsonl"));
}

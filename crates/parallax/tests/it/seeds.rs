//! The canonical case: the two origin articles in ../shared/seeds, ingested as raw files.
//! Skips (saying so) where ../shared is absent.

use crate::{shared, text, Scratch};

#[test]
fn seeds_ingest_with_dates_outlets_credits_and_boilerplate() {
    let Some(shared) = shared() else {
        eprintln!("skipping seeds test: ../shared/seeds is not present in this checkout");
        return;
    };
    let s = Scratch::new();
    let out = s.run(&["ingest", shared.join("seeds").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = s.json(&["articles"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let by_file = |stem: &str| {
        rows.iter()
            .find(|r| r["source_path"].as_str().unwrap().contains(stem))
            .unwrap_or_else(|| panic!("{stem} not ingested"))
    };
    let a000 = s.json(&[
        "article",
        by_file("000_").get("id").unwrap().as_str().unwrap(),
    ]);
    let a003 = s.json(&[
        "article",
        by_file("003_").get("id").unwrap().as_str().unwrap(),
    ]);

    // Dates: 003 states one in its header, 000 states none and must not get one.
    assert_eq!(a003["published"]["iso"], "2018-04-06");
    assert_eq!(a003["published"]["origin"], "text_header");
    assert!(a000["published"].is_null(), "{:#}", a000["published"]);

    // Outlets: 000 names itself in its closing blurb; 003 carries no outlet at all.
    assert_eq!(a000["outlet"], "iran-news-gazette");
    assert!(a003["outlet"].is_null());

    // Title, debris and language.
    assert_eq!(
        a000["title"],
        "Leader: Intensifying fight against occupiers, allies, key to Palestine issue"
    );
    assert!(!a000["text"].as_str().unwrap().contains("|  |"));
    assert_eq!(a000["language"], "en");
    assert_eq!(a003["language"], "en");

    // Credit: "Source: Islamic Republic News Agency" → IRNA, pointing at the exact bytes.
    let credit = &a000["attributions"][0];
    assert_eq!(credit["kind"], "source_line");
    assert_eq!(credit["agency"], "IRNA");
    let t = a000["text"].as_str().unwrap();
    let (start, end) = (
        credit["span"]["start"].as_u64().unwrap() as usize,
        credit["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&t[start..end], "Islamic Republic News Agency");
    assert!(a003["attributions"].as_array().unwrap().is_empty());

    // Boilerplate: the closing site blurb of 000 is kept in the text but left out of analysis.
    let paras = a000["paragraph_views"].as_array().unwrap();
    let blurb = paras.last().unwrap();
    assert!(blurb["text"]
        .as_str()
        .unwrap()
        .starts_with("The iran News Gazette is mainly concerned with"));
    assert_eq!(blurb["role"], "site_blurb");
    assert_eq!(blurb["analysed"], false);
    assert_eq!(paras[paras.len() - 2]["role"], "credit");
    // 003's paragraphs on the march and its casualties are content.
    let p003 = a003["paragraph_views"].as_array().unwrap();
    assert!(p003.iter().all(|p| p["analysed"] == true));
    assert!(p003
        .iter()
        .any(|p| p["text"].as_str().unwrap().contains("martyring 18")));

    // The originals are kept byte for byte.
    let raw = std::fs::read(shared.join("seeds/000_47c81d98f74a1fe8.txt")).unwrap();
    let (_, stored) = s.original(a000["id"].as_str().unwrap());
    assert_eq!(stored, raw);
}

#[test]
fn seeds_compare_shows_003s_march_paragraphs_as_added_and_no_blurb() {
    let Some(shared) = shared() else {
        eprintln!("skipping seeds compare test: ../shared/seeds is not present in this checkout");
        return;
    };
    let s = Scratch::new();
    let out = s.run(&["ingest", shared.join("seeds").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stories = s.json(&["stories"]);
    assert_eq!(stories.as_array().unwrap().len(), 1, "{stories}");
    let id = stories[0]["id"].as_i64().unwrap().to_string();
    let v = s.json(&["story", &id, "--compare"]);
    let cmp = v["compare"].as_array().unwrap();
    // 000 is undated, so either may be the older text: each is compared with the other.
    assert_eq!(cmp.len(), 2, "{v:#}");
    let added = |c: &serde_json::Value| -> String {
        c["added"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["text"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let dated = cmp
        .iter()
        .find(|c| c["credited"].as_array().unwrap().is_empty())
        .unwrap();
    let wire = cmp
        .iter()
        .find(|c| !c["credited"].as_array().unwrap().is_empty())
        .unwrap();
    // 003's own paragraphs: the March 30 march and its casualties.
    assert!(
        added(dated).contains("On March 30, Gazans marched"),
        "{dated:#}"
    );
    assert!(added(dated).contains("martyring 18"), "{dated:#}");
    // The quotes both carry are aligned, so they are not added by either.
    assert!(!added(dated).contains("unforgivable"), "{dated:#}");
    assert!(!added(wire).contains("unforgivable"), "{wire:#}");
    // 000 credits IRNA, which is not in the corpus: no source inside the story, nothing
    // omitted, and its site blurb is boilerplate, not an addition.
    assert_eq!(
        wire["credited"][0], "Islamic Republic News Agency",
        "{wire:#}"
    );
    assert!(wire["source"].is_null());
    assert!(wire["omitted"].as_array().unwrap().is_empty());
    assert!(!added(wire).contains("mainly concerned"), "{wire:#}");
    assert!(!added(wire).contains("Source:"), "{wire:#}");

    // Two translations of one statement: many edited and paraphrased passages, no verbatim.
    let al = s.json(&[
        "align",
        dated["article"].as_str().unwrap(),
        wire["article"].as_str().unwrap(),
    ]);
    let kinds = |k: &str| {
        al["passages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["kind"] == k)
            .count()
    };
    assert!(kinds("edited") >= 3, "{al:#}");
    assert!(kinds("paraphrase") >= 3, "{al:#}");
    assert_eq!(kinds("verbatim"), 0, "{al:#}");

    // Roles: 000 is a copy of IRNA (credited, not ingested), 003 an independent report.
    let p = s.json(&["provenance", &id]);
    let roles = &p["roles"];
    assert_eq!(roles["independent_sources"], 2, "{roles}");
    assert_eq!(
        roles["origins"][0], "Islamic Republic News Agency",
        "{roles}"
    );
    assert_eq!(roles["copies"][0]["article"], wire["article"], "{roles}");
    assert_eq!(roles["copies"][0]["credited_only"], true, "{roles}");
    assert_eq!(roles["independent_reports"][0], dated["article"], "{roles}");
}

//! The commands as a user runs them: ingest, articles, article, rejects, exit statuses.

use crate::{field_by_id, fixture, strings, text, Scratch};

#[test]
fn ingest_folder_then_list_and_show() {
    let s = Scratch::new();
    let out = s.run(&["ingest", &fixture("")]);
    // mapped.jsonl needs --map: its line is rejected, so the run exits 1 with the rest stored.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("mapped.jsonl:1: missing field \"text\""),
        "{stderr}"
    );
    assert!(stderr.contains("8 articles stored"), "{stderr}");
    let list = s.json(&["articles"]);
    let rows = list.as_array().unwrap();
    // harbor.html + 3 wire lines + 3 outlet-a + scraped.txt; mapped.jsonl is rejected without --map.
    assert_eq!(rows.len(), 8, "{list:#}");
    let harbor = rows
        .iter()
        .find(|r| r["outlet"] == "coastal-courier")
        .unwrap();
    let id = harbor["id"].as_str().unwrap();
    let shown = s.run(&["article", &id[..8], "--removed"]);
    let page = text(&shown.stdout);
    assert!(
        page.contains("Harbor bridge reopens after storm repairs"),
        "{page}"
    );
    assert!(
        page.contains("Dateline \"Reuters\" → agency Reuters"),
        "{page}"
    );
    assert!(
        page.contains("in-page boilerplate removed by the extractor"),
        "{page}"
    );
    assert!(
        page.contains("Most read"),
        "removed blocks are listed: {page}"
    );
}

#[test]
fn the_html_extractor_mode_is_chosen_per_run_and_recorded() {
    let stored_by = |mode: Option<&str>| {
        let s = Scratch::new();
        let mut args = vec!["ingest", "--no-link"];
        if let Some(m) = mode {
            args.extend(["--html-extractor", m]);
        }
        let path = fixture("harbor.html");
        args.push(&path);
        let out = s.run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let rows = s.json(&["articles"]);
        let id = rows[0]["id"].as_str().unwrap().to_string();
        let art = s.json(&["article", &id]);
        let body = art["text"].as_str().unwrap().to_string();
        assert!(body.contains("reopened to traffic"), "{body}");
        assert!(!body.contains("Most read"), "{body}");
        art["extractor"].as_str().unwrap().to_string()
    };
    assert_eq!(stored_by(None), "parallax");
    assert_eq!(stored_by(Some("both")), "parallax");
    assert_eq!(stored_by(Some("fast")), "parallax-fast");
    let s = Scratch::new();
    let bad = s.run(&[
        "ingest",
        "--html-extractor",
        "quick",
        &fixture("harbor.html"),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(
        text(&bad.stderr).contains("both, fast"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn reingest_adds_nothing_and_more_files_append() {
    let s = Scratch::new();
    s.run(&["ingest", &fixture("wire.jsonl")]);
    let again = s.json(&["ingest", &fixture("wire.jsonl")]);
    assert_eq!(again["stored"], 0);
    assert_eq!(again["known"], 3);
    let more = s.json(&["ingest", &fixture("scraped.txt")]);
    assert_eq!(more["stored"], 1);
    assert_eq!(s.json(&["stats"])["articles"], 4);
}

#[test]
fn rejects_are_listed_and_set_the_exit_status() {
    let s = Scratch::new();
    std::fs::write(
        s.path("bad.jsonl"),
        "{\"text\": \"A good line about the council budget vote.\"}\n{broken\n{\"title\": \"x\"}\n",
    )
    .unwrap();
    std::fs::write(s.path("empty.txt"), "").unwrap();
    let out = s.run(&[
        "ingest",
        s.path("bad.jsonl").to_str().unwrap(),
        s.path("empty.txt").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.jsonl:2: broken JSON"), "{stderr}");
    assert!(
        stderr.contains("bad.jsonl:3: missing field \"text\""),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt: empty document"), "{stderr}");
    assert_eq!(s.json(&["stats"])["articles"], 1);
    let rejects = s.json(&["rejects"]);
    let kinds: Vec<&str> = rejects
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3);
    for k in ["bad_json", "missing_field", "empty"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    let table = text(&s.run(&["rejects"]).stdout);
    assert!(table.contains("bad.jsonl:2"), "{table}");
}

#[test]
fn map_option_and_stdin() {
    let s = Scratch::new();
    let out = s.run(&[
        "ingest",
        "--map",
        "text=body,title=headline,date=published_at",
        &fixture("mapped.jsonl"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = s.json(&["articles"]);
    assert_eq!(rows[0]["title"], "Ferry timetable changes");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["--db", s.db().to_str().unwrap(), "ingest", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"text\": \"From standard input: the harbor festival was cancelled because of rain.\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(s.json(&["stats"])["articles"], 2);
}

#[test]
fn glob_inputs() {
    let s = Scratch::new();
    let pattern = format!("{}/outlet-a-*.txt", fixture(""));
    let r = s.json(&["ingest", &pattern]);
    assert_eq!(r["stored"], 3);
    let missing = s.run(&["ingest", "/nonexistent/*.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("no such file"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn outlet_boilerplate_is_found_across_articles() {
    let s = Scratch::new();
    s.run(&[
        "ingest",
        &fixture("outlet-a-1.txt"),
        &fixture("outlet-a-2.txt"),
    ]);
    let first = s.json(&["articles"])[0]["id"].as_str().unwrap().to_string();
    let before = s.json(&["article", &first]);
    assert!(before["paragraph_views"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["analysed"] == true));
    // A third article of the outlet repeats the closing line: now it is boilerplate everywhere.
    s.run(&["ingest", &fixture("outlet-a-3.txt")]);
    let after = s.json(&["article", &first]);
    let last = after["paragraph_views"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["role"], "outlet_boilerplate", "{after:#}");
    assert_eq!(last["analysed"], false);
    assert_eq!(last["outlet_articles"], 3);
    // A stricter threshold given on the command line keeps it as content.
    let strict = s.json(&["article", &first, "--boilerplate-min-articles", "4"]);
    let strict_last = strict["paragraph_views"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(strict_last["role"], "body");
    assert_eq!(strict_last["analysed"], true);
    assert!(
        after["text"]
            .as_str()
            .unwrap()
            .contains("your home for news from the valley"),
        "kept in the text"
    );
}

#[test]
fn article_filters_and_prefix_errors() {
    let s = Scratch::new();
    s.run(&["ingest", &fixture("wire.jsonl"), &fixture("scraped.txt")]);
    let since = s.json(&["articles", "--since", "2024-03-15"]);
    assert_eq!(since.as_array().unwrap().len(), 1);
    let outlet = s.json(&["articles", "--outlet", "valley-times.example"]);
    assert_eq!(outlet.as_array().unwrap().len(), 1);
    let missing = s.run(&["article", "zzzz"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("no article with id"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn help_documents_every_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("--help")
        .output()
        .unwrap();
    let help = text(&out.stdout);
    for cmd in [
        "ingest",
        "articles",
        "article",
        "rejects",
        "stats",
        "languages",
        "eval",
        "bench",
    ] {
        assert!(help.contains(cmd), "{help}");
    }
}

#[test]
fn align_shows_edits_with_offsets_into_the_clean_text() {
    let s = Scratch::new();
    let original = "The council voted on Monday to raise parking fees in the old town by ten percent.\n\n\
                    Shop owners said the change would drive customers to the new mall outside the city.";
    let edited = "The council voted on Monday to raise parking fees in the old town by twelve percent.\n\n\
                  Shop owners said the change would drive customers to the new mall outside the city.";
    let lines = [
        serde_json::json!({"id": "a", "outlet": "one", "date": "2024-05-01", "text": original}),
        serde_json::json!({"id": "b", "outlet": "two", "date": "2024-05-01", "text": edited}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("pair.jsonl"), body).unwrap();
    let out = s.run(&["ingest", &s.path("pair.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let arts = s.json(&["articles"]);
    let id_of = |outlet: &str| {
        arts.as_array()
            .unwrap()
            .iter()
            .find(|a| a["outlet"] == outlet)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (a, b) = (id_of("one"), id_of("two"));
    let v = s.json(&["align", &a, &b]);
    let passages = v["passages"].as_array().unwrap();
    let edited_p = passages
        .iter()
        .find(|p| p["kind"] == "edited")
        .unwrap_or_else(|| panic!("no edited passage: {v}"));
    let sub = edited_p["diff"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["op"] == "substitute")
        .unwrap();
    let (start, end) = (
        sub["a"]["start"].as_u64().unwrap() as usize,
        sub["a"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&original[start..end], "ten");
    assert!(passages.iter().any(|p| p["kind"] == "verbatim"));
    let table = s.run(&["align", &a, &b]);
    assert!(
        text(&table.stdout).contains("[-ten-]{+twelve+}"),
        "{}",
        text(&table.stdout)
    );
    let missing = s.run(&["align", &a, "ffff"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn story_compare_shows_what_each_article_adds_and_omits() {
    let s = Scratch::new();
    let p1 = "The harbour bridge in Northport reopened on Friday after three weeks of storm repairs, the port authority said.";
    let p2 = "Engineers replaced forty cables and repainted the main span, at a cost the authority put at two million euros.";
    let p3 = "Ferry operators said traffic on the crossing had halved while the bridge was closed to cars and lorries.";
    let p4 = "Local shops near the bridge plan a street festival next weekend to celebrate the reopening with music.";
    let lines = [
        serde_json::json!({"id": "src", "outlet": "wire", "date": "2024-05-01T08:00:00Z", "title": "Northport harbour bridge reopens", "text": format!("{p1}\n\n{p2}\n\n{p3}")}),
        serde_json::json!({"id": "trim", "outlet": "brief", "date": "2024-05-01T09:00:00Z", "title": "Northport harbour bridge reopens", "text": format!("{p1}\n\n{p2}")}),
        serde_json::json!({"id": "more", "outlet": "daily", "date": "2024-05-01T10:00:00Z", "title": "Northport harbour bridge reopens", "text": format!("{p1}\n\n{p2}\n\n{p3}\n\n{p4}")}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("bridge.jsonl"), body).unwrap();
    let out = s.run(&["ingest", &s.path("bridge.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stories = s.json(&["stories"]);
    assert_eq!(stories.as_array().unwrap().len(), 1, "{stories}");
    let id = stories[0]["id"].as_i64().unwrap().to_string();
    let v = s.json(&["story", &id, "--compare"]);
    // The same corpus ingested with --align has its story aligned at ingest time.
    let t = Scratch::new();
    let path = s.path("bridge.jsonl").display().to_string();
    let run = t.json(&["ingest", "--align", &path]);
    assert_eq!(run["aligned"]["stories"], 1, "{run}");
    assert_eq!(run["aligned"]["pairs"], 3, "{run}");
    let again = t.json(&["ingest", "--align", &path]);
    assert_eq!(again["aligned"]["stories"], 0, "nothing new: {again}");
    assert_eq!(
        t.json(&["story", &id, "--compare"])["compare"],
        v["compare"]
    );
    let clash = t.run(&["ingest", "--align", "--no-link", &path]);
    assert_eq!(clash.status.code(), Some(2));
    let outlet_of = field_by_id(&v["articles"], "outlet");
    // Stretches run from the first word to the last, without trailing punctuation.
    let cmp = v["compare"].as_array().unwrap();
    assert_eq!(cmp.len(), 2);
    for c in cmp {
        let texts = |k: &str| -> Vec<String> {
            c[k].as_array()
                .unwrap()
                .iter()
                .map(|x| x["text"].as_str().unwrap().to_string())
                .collect()
        };
        match outlet_of[c["article"].as_str().unwrap()].as_str() {
            "brief" => {
                assert!(texts("added").is_empty(), "{c}");
                assert_eq!(
                    texts("omitted"),
                    vec![p3.trim_end_matches('.').to_string()],
                    "{c}"
                );
            }
            "daily" => {
                assert_eq!(
                    texts("added"),
                    vec![p4.trim_end_matches('.').to_string()],
                    "{c}"
                );
                assert!(texts("omitted").is_empty(), "{c}");
            }
            other => panic!("unexpected outlet {other}"),
        }
    }
    let outlets = v["outlets"].as_array().unwrap();
    let daily = outlets.iter().find(|o| o["outlet"] == "daily").unwrap();
    assert_eq!(daily["added_words"], 17, "{daily}");
    assert_eq!(daily["omitted_words"], 0);
    let brief = outlets.iter().find(|o| o["outlet"] == "brief").unwrap();
    assert_eq!(brief["omitted_words"], 18, "{brief}");
}

#[test]
fn provenance_links_copies_and_credited_agencies() {
    let s = Scratch::new();
    let wire = "The harbour bridge in Northport reopened on Friday after three weeks of storm repairs, the port authority said.\n\n\
                Engineers replaced forty cables and repainted the main span, at a cost the authority put at two million euros.";
    let lines = [
        serde_json::json!({"id": "w", "outlet": "northport-wire", "date": "2024-05-01T08:00:00Z", "title": "Northport bridge reopens", "text": wire}),
        serde_json::json!({"id": "c", "outlet": "daily", "date": "2024-05-01T11:00:00Z", "title": "Northport bridge reopens", "text": format!("{wire}\n\nSource: IRNA")}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("prov.jsonl"), body).unwrap();
    let out = s.run(&["ingest", &s.path("prov.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stories = s.json(&["stories"]);
    let id = stories[0]["id"].as_i64().unwrap().to_string();
    let v = s.json(&["provenance", &id]);
    let nodes = v["nodes"].as_array().unwrap();
    let first = nodes[0]["key"].as_str().unwrap();
    let second = nodes[1]["key"].as_str().unwrap();
    let edges = v["edges"].as_array().unwrap();
    let copy = edges
        .iter()
        .find(|e| e["from"] == first && e["to"] == second)
        .unwrap_or_else(|| panic!("no edge from the wire to the copy: {v}"));
    assert_eq!(copy["order"], "source_first");
    assert!(copy["copied"].as_f64().unwrap() > 0.9, "{copy}");
    let credited = edges
        .iter()
        .find(|e| e["from"] == "IRNA")
        .unwrap_or_else(|| panic!("no credited-source edge: {v}"));
    assert_eq!(credited["to"], second);
    let agency = nodes
        .iter()
        .find(|n| n["kind"] == "credited_source")
        .unwrap_or_else(|| panic!("no credited-source node: {v}"));
    assert_eq!(agency["key"], "IRNA", "{agency}");
    assert_eq!(agency["name"], "Islamic Republic News Agency", "{agency}");
    // Roles: the copy and its wire are one source; the wire is the origin.
    let roles = &v["roles"];
    assert_eq!(roles["independent_sources"], 1, "{roles}");
    assert_eq!(roles["origins"][0], first, "{roles}");
    assert_eq!(roles["copies"][0]["article"], second, "{roles}");
    assert_eq!(roles["copies"][0]["source"], first, "{roles}");
    assert!(roles["independent_reports"].as_array().unwrap().is_empty());
    assert_eq!(s.run(&["provenance", "999"]).status.code(), Some(2));
}

#[test]
fn a_short_text_under_other_headlines_is_not_a_duplicate() {
    let s = Scratch::new();
    let paywall = "Subscribe to keep reading. You have used all of your free articles this month. \
                   Already a subscriber? Log in to continue reading this story.";
    let ferry = "The ferry between the two islands resumed service on Monday after a three \
                 month winter pause, the operator said, with four crossings a day until June.";
    let lines = [
        (
            "ledger.example",
            "2024-03-01",
            "Council approves new budget for harbor district",
            paywall,
        ),
        (
            "ledger.example",
            "2024-03-02",
            "Two injured in overnight fire on Elm Street",
            paywall,
        ),
        (
            "gazette.example",
            "2024-03-02",
            "Ferry service resumes after winter pause",
            ferry,
        ),
        (
            "courier.example",
            "2024-03-02",
            "Ferry service resumes after winter break",
            ferry,
        ),
    ];
    let body: String = lines
        .iter()
        .map(|(outlet, date, title, text)| {
            format!(
                "{}\n",
                serde_json::json!({"outlet": outlet, "date": date, "title": title, "text": text})
            )
        })
        .collect();
    std::fs::write(s.path("short.jsonl"), body).unwrap();
    let out = s.run(&["ingest", &s.path("short.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let title_of = field_by_id(&s.json(&["articles"]), "title");
    let dups = s.json(&["dups"]);
    let groups = dups["groups"].as_array().unwrap();
    // The two ferry copies are one group; the two paywalled pages, same text under
    // headlines that share nothing, are not duplicates of each other.
    assert_eq!(groups.len(), 1, "{dups}");
    let mut titles: Vec<&str> = groups[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| title_of[id.as_str().unwrap()].as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Ferry service resumes after winter break",
            "Ferry service resumes after winter pause"
        ]
    );
}

#[test]
fn a_later_report_reopens_its_closed_story_across_runs() {
    let s = Scratch::new();
    let line = |outlet: &str, date: &str, title: &str, text: &str| {
        format!(
            "{}\n",
            serde_json::json!({"outlet": outlet, "date": date, "title": title, "text": text})
        )
    };
    let shooting = line(
        "ledger.example",
        "2024-03-01",
        "Gunman wounds two at Riverton Mall",
        "Dorian Kessler, 34, opened fire outside the Riverton Mall food court on Friday, \
         wounding two shoppers before officers of the Riverton police arrested him, \
         Chief Amara Quist said.",
    );
    // Other news moves the stream's clock past the 14-day window, so the story closes.
    let council = |date: &str| {
        line(
            "gazette.example",
            date,
            "Springfield council passes library budget",
            "The Springfield council approved the new library budget after a long debate \
             on property taxes and opening hours.",
        )
    };
    let trial = line(
        "courier.example",
        "2024-06-12",
        "Riverton Mall gunman Dorian Kessler goes on trial",
        "Dorian Kessler went on trial on Wednesday for the shooting outside the Riverton Mall \
         food court that wounded two shoppers, and Chief Amara Quist of the Riverton police \
         testified about the arrest.",
    );
    std::fs::write(
        s.path("first.jsonl"),
        [shooting, council("2024-04-01"), council("2024-05-20")].concat(),
    )
    .unwrap();
    std::fs::write(s.path("later.jsonl"), trial).unwrap();
    for file in ["first.jsonl", "later.jsonl"] {
        let out = s.run(&["ingest", &s.path(file).display().to_string()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let stories = s.json(&["stories"]);
    let mall = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|st| st["articles"] == 2 && st["label"].to_string().contains("Riverton"))
        .unwrap_or_else(|| panic!("no two-article Riverton story: {stories:#}"));
    let id = mall["id"].as_i64().unwrap().to_string();
    let detail = s.json(&["story", &id]);
    let placements = strings(&detail["articles"], "placement");
    assert_eq!(placements, ["opened", "reopened"], "{detail:#}");
    let shown = text(&s.run(&["story", &id]).stdout);
    assert!(shown.contains("reopened the closed story"), "{shown}");

    // With the archive off, the trial opens a story of its own.
    let t = Scratch::new();
    for file in ["first.jsonl", "later.jsonl"] {
        let path = s.path(file).display().to_string();
        let out = t.run(&["ingest", "--archive-days", "0", &path]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let apart = t.json(&["stories"]);
    assert!(
        apart
            .as_array()
            .unwrap()
            .iter()
            .all(|st| st["articles"] == 1 || !st["label"].to_string().contains("Riverton")),
        "{apart:#}"
    );
}

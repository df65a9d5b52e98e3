//! `parallax serve` over a real socket: every endpoint, error codes, pagination, the body limit,
//! every response checked against openapi.json; a server killed in the middle of an ingest; and
//! the static report.

use serde_json::Value;

use crate::http::{conforms, openapi, web_fixture, Server};
use crate::{strings, text, Scratch};

const NDJSON: &str = "application/x-ndjson";

fn story_fixture() -> Vec<u8> {
    std::fs::read(web_fixture("story.jsonl")).unwrap()
}

#[test]
fn every_endpoint_answers_as_openapi_json_says() {
    let doc = openapi();
    let s = Scratch::new();
    let srv = Server::start(&s, &["--max-body", "20000"]);
    let ok = |path: &str, template: &str| {
        let r = srv.get(path);
        assert_eq!(r.status, 200, "{path}: {}", text(&r.body));
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        conforms(&doc, template, "get", &r);
        r.json()
    };
    let fail = |path: &str, template: &str, status: u16, code: &str| {
        let r = srv.get(path);
        assert_eq!(r.status, status, "{path}: {}", text(&r.body));
        if !template.is_empty() {
            conforms(&doc, template, "get", &r);
        }
        assert_eq!(r.json()["code"], code, "{path}");
    };

    assert_eq!(ok("/api/health", "/api/health")["status"], "ok");
    assert_eq!(ok("/api/stats", "/api/stats")["articles"], 0);

    // Ingest through the API: the same pipeline as the CLI, link stage included.
    let r = srv.post("/api/ingest", NDJSON, &story_fixture());
    assert_eq!(r.status, 200, "{}", text(&r.body));
    conforms(&doc, "/api/ingest", "post", &r);
    let v = r.json();
    assert_eq!(v["stored"], 5);
    assert_eq!(v["link"]["linked"], 5);
    // The same body again adds nothing.
    let again = srv.post(
        "/api/ingest",
        "application/x-ndjson; charset=utf-8",
        &story_fixture(),
    );
    assert_eq!(again.json()["stored"], 0);
    assert_eq!(again.json()["known"], 5);

    let stats = ok("/api/stats", "/api/stats");
    assert_eq!(stats["articles"], 5);
    assert_eq!(stats["stories"], 2);

    // Pagination by cursor visits every story once, in the unpaged order.
    let all = ok("/api/stories", "/api/stories");
    assert!(all["next_cursor"].is_null());
    let ids = |v: &Value| -> Vec<i64> {
        v["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    let mut paged = Vec::new();
    let mut page = ok("/api/stories?limit=1", "/api/stories");
    loop {
        paged.extend(ids(&page));
        let Some(c) = page["next_cursor"].as_str() else {
            break;
        };
        page = ok(&format!("/api/stories?limit=1&cursor={c}"), "/api/stories");
    }
    assert_eq!(paged, ids(&all));
    assert_eq!(paged.len(), 2);
    let big = all["stories"][0]["id"].as_i64().unwrap();
    assert_eq!(all["stories"][0]["articles"], 4);

    // Filters and full-text search.
    assert_eq!(
        ids(&ok("/api/stories?q=Marsh%20evacuated", "/api/stories")),
        vec![big]
    );
    assert_eq!(
        ids(&ok("/api/stories?q=%22unbalanced", "/api/stories")).len(),
        0
    );
    assert_eq!(ids(&ok("/api/stories?q=zebra", "/api/stories")).len(), 0);
    assert_eq!(ids(&ok("/api/stories?lang=ar", "/api/stories")).len(), 1);
    assert_eq!(
        ids(&ok("/api/stories?min_outlets=2", "/api/stories")),
        vec![big]
    );
    assert_eq!(
        ids(&ok("/api/stories?outlet=wire.example", "/api/stories")),
        vec![big]
    );
    assert_eq!(
        ids(&ok("/api/stories?since=2025-02-05", "/api/stories")).len(),
        0
    );
    assert_eq!(
        ids(&ok("/api/stories?until=2025-02-03", "/api/stories")),
        vec![big]
    );

    // Story detail: articles, aligned passages, provenance, quotes, facts and framing.
    let d = ok(&format!("/api/stories/{big}"), "/api/stories/{id}");
    assert_eq!(d["articles"].as_array().unwrap().len(), 4);
    assert_eq!(d["alignment_scope"], "all_pairs");
    assert_eq!(d["alignments"].as_array().unwrap().len(), 6);
    let kinds: Vec<&str> = d["alignments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["passages"].as_array().unwrap())
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"verbatim"), "{kinds:?}");
    assert!(kinds.contains(&"edited"), "{kinds:?}");
    assert!(!d["provenance"]["edges"].as_array().unwrap().is_empty());
    assert!(!d["links"].as_array().unwrap().is_empty());
    // The later stages' sections are filled from the same articles.
    let members = strings(&d["articles"], "id");
    for k in ["quotes", "facts", "framing"] {
        assert_eq!(d[k]["story"], big, "{k}");
    }
    let facts = d["facts"]["facts"].as_array().unwrap();
    assert!(
        facts.iter().any(|f| f["value"] == 400.0),
        "'about four hundred homes' is a fact: {facts:?}"
    );
    assert!(facts
        .iter()
        .all(|f| members.contains(&f["article"].as_str().unwrap())));
    assert!(!d["framing"]["distinctive"].as_array().unwrap().is_empty());
    let arabic = ids(&ok("/api/stories?lang=ar", "/api/stories"))[0];
    let ar = ok(&format!("/api/stories/{arabic}"), "/api/stories/{id}");
    assert_eq!(ar["articles"][0]["dir"], "rtl");

    let id = d["articles"][0]["id"].as_str().unwrap();
    let a = ok(&format!("/api/articles/{id}"), "/api/articles/{id}");
    assert_eq!(a["story"], big);
    assert!(a["original"].as_str().unwrap().contains("flood-wire"));
    assert!(!a["paragraphs"].as_array().unwrap().is_empty());

    let outlets = ok("/api/outlets", "/api/outlets");
    assert_eq!(outlets["outlets"].as_array().unwrap().len(), 5);

    let spec = srv.get("/openapi.json");
    assert_eq!(spec.status, 200);
    assert_eq!(spec.json(), doc);
    let page = srv.get("/");
    assert!(text(&page.body).contains("app.js"));
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(srv.get("/app.js").status, 200);
    assert_eq!(srv.get("/style.css").status, 200);

    // Errors: JSON with a stable code, 4xx for every bad input.
    fail("/api/stories/999", "/api/stories/{id}", 404, "not_found");
    fail("/api/stories/abc", "/api/stories/{id}", 400, "bad_id");
    fail("/api/articles/nope", "/api/articles/{id}", 404, "not_found");
    fail("/api/stories?limit=abc", "/api/stories", 400, "bad_query");
    fail("/api/stories?limit=0", "/api/stories", 400, "bad_request");
    fail("/api/stories?colour=red", "/api/stories", 400, "bad_query");
    fail("/api/stories?cursor=zz", "/api/stories", 400, "bad_request");
    fail(
        "/api/stories?since=yesterday",
        "/api/stories",
        400,
        "bad_request",
    );
    fail("/api/nothing", "", 404, "not_found");
    let r = srv.post("/api/stories", NDJSON, b"{}");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["code"], "method_not_allowed");
    let post_fail = |ct: &str, body: &[u8], status: u16, code: &str| {
        let r = srv.post("/api/ingest", ct, body);
        assert_eq!(r.status, status, "{}", text(&r.body));
        conforms(&doc, "/api/ingest", "post", &r);
        assert_eq!(r.json()["code"], code);
    };
    post_fail("application/json", b"{}", 415, "unsupported_media_type");
    post_fail(NDJSON, b"", 400, "empty_body");
    post_fail(NDJSON, b"not json at all\n", 422, "nothing_ingested");
    post_fail(NDJSON, &vec![b'x'; 30_000], 413, "payload_too_large");
    // Still serving after all that.
    assert_eq!(ok("/api/stats", "/api/stats")["articles"], 5);
    // An article the CLI ingests while the server runs is searchable at the next search: the
    // index catches up then, not at ingest.
    let late = serde_json::json!({"id": "late", "outlet": "coast-times", "date": "2024-06-02T10:00:00Z",
        "title": "Quokka colony found on a northern island",
        "text": "Rangers counted forty quokkas on the island, far north of their known range."});
    std::fs::write(s.path("late.jsonl"), format!("{late}\n")).unwrap();
    let out = s.run(&["ingest", &s.path("late.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(ids(&ok("/api/stories?q=quokkas", "/api/stories")).len(), 1);
}

/// JSON Lines of `n` distinct articles spread over a few topics.
fn many_articles(n: usize) -> Vec<u8> {
    let topics = [
        "flood barriers river rain homes evacuated",
        "election ballots turnout parliament coalition",
        "vaccine trial hospital patients doses",
        "wildfire forest firefighters wind hectares",
    ];
    let mut out = String::new();
    for i in 0..n {
        let t = topics[i % topics.len()];
        let text = format!(
            "Report number {i} about {t}. Officials in district {d} said on day {day} that the {t} \
             situation was being watched closely by {k} teams.\n\nA second paragraph for item {i} \
             adds that residents of block {b} were told to wait for further notice about the {t}.",
            d = i % 97,
            day = i % 28 + 1,
            k = i % 13 + 2,
            b = i * 7 % 101,
        );
        let line = serde_json::json!({
            "id": format!("bulk-{i}"),
            "outlet": format!("outlet-{}.example", i % 9),
            "date": format!("2025-03-{:02}T{:02}:00:00Z", i % 28 + 1, i % 24),
            "title": format!("Item {i}: {t}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn a_server_killed_during_an_ingest_loses_and_duplicates_nothing() {
    let s = Scratch::new();
    let n = 5000;
    let body = many_articles(n);
    let srv = Server::start(&s, &[]);
    let addr = srv.addr.clone();
    let upload = body.clone();
    let pending = std::thread::spawn(move || {
        crate::http::request(&addr, "POST", "/api/ingest", Some(NDJSON), &upload)
    });
    // Wait until the ingest has begun writing, then kill the server outright (SIGKILL).
    let started = std::time::Instant::now();
    loop {
        let stored = srv
            .get("/api/stats")
            .json()
            .get("articles")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if stored > 0 || started.elapsed().as_secs() > 60 || pending.is_finished() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut srv = srv;
    srv.child.kill().unwrap();
    srv.child.wait().unwrap();
    let answer = pending.join().unwrap();
    let interrupted = answer.as_ref().map(|r| r.status != 200).unwrap_or(true);
    drop(srv);

    let srv = Server::start(&s, &[]);
    let r = srv.post("/api/ingest", NDJSON, &body);
    assert_eq!(r.status, 200, "{}", text(&r.body));
    let v = r.json();
    assert_eq!(
        v["stored"].as_u64().unwrap() + v["known"].as_u64().unwrap(),
        n as u64
    );
    let stats = srv.get("/api/stats").json();
    assert_eq!(stats["articles"], n as u64, "{stats}");
    // Every article is linked into exactly one story.
    let mut linked = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/stories?limit=1000&cursor={c}"),
            None => "/api/stories?limit=1000".to_string(),
        };
        let page = srv.get(&path).json();
        linked += page["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["articles"].as_u64().unwrap())
            .sum::<u64>();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(linked, n as u64);
    assert!(
        interrupted,
        "the ingest finished before the kill: the test did not interrupt it"
    );
}

#[test]
fn report_writes_a_static_site_with_its_data_inlined() {
    let s = Scratch::new();
    let out = s.run(&["ingest", &web_fixture("story.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dir = s.path("site");
    let out = s.run(&["report", &dir.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains(r#"<script src="data.js"></script>"#));
    let data = std::fs::read_to_string(dir.join("data.js")).unwrap();
    let json = data
        .strip_prefix("window.PARALLAX_DATA = ")
        .and_then(|d| d.trim_end().strip_suffix(';'))
        .unwrap();
    let v: Value = serde_json::from_str(json).unwrap();
    // The default takes stories of two articles or more: the four-outlet story only.
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    let id = v["stories"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(v["details"][&id]["articles"].as_array().unwrap().len(), 4);
    // Nothing in the site points outside it.
    for f in ["index.html", "app.js", "style.css"] {
        // The SVG namespace is a name, not a request.
        let body = std::fs::read_to_string(dir.join(f))
            .unwrap()
            .replace("http://www.w3.org/2000/svg", "");
        assert!(
            !body.contains("http://") && !body.contains("https://") && !body.contains("//cdn"),
            "{f} refers outside"
        );
    }
    // Chosen stories, and an unknown one refused.
    let one = s.run(&[
        "report",
        &s.path("one").display().to_string(),
        "--story",
        "1",
    ]);
    assert!(one.status.success(), "{}", text(&one.stderr));
    let bad = s.run(&[
        "report",
        &s.path("bad").display().to_string(),
        "--story",
        "99",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("no story 99"));
}

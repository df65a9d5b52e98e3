//! The web UI in headless Chromium (scripts/browser-test.mjs, set up by
//! scripts/setup-browser.sh): a click on an aligned passage lights its counterpart in another
//! outlet's column, and the static report opens from disk without any network request.

use std::path::Path;
use std::process::Command;

use crate::http::{web_fixture, Server};
use crate::{text, Scratch};

fn missing_tools(repo: &Path) -> Option<String> {
    if !Path::new("/usr/bin/chromium").exists() {
        return Some("/usr/bin/chromium is missing (run scripts/setup-browser.sh)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is missing".into());
    }
    if !repo
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        return Some(
            "node_modules/playwright-core is missing (run scripts/setup-browser.sh)".into(),
        );
    }
    None
}

#[test]
fn a_clicked_passage_lights_its_counterpart_and_the_report_stays_offline() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if let Some(why) = missing_tools(&repo) {
        eprintln!("skipping the browser test: {why}");
        return;
    }
    let s = Scratch::new();
    let out = s.run(&["ingest", &web_fixture("story.jsonl").display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = s.path("report");
    let out = s.run(&["report", &report.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let srv = Server::start(&s, &[]);
    let list = srv.get("/api/stories?min_articles=2").json();
    let story = list["stories"][0]["id"].as_i64().unwrap();
    let arabic = srv.get("/api/stories?lang=ar").json()["stories"][0]["id"]
        .as_i64()
        .unwrap();
    // Screenshots go to the target folder, beside the test binary.
    let shots = Path::new(env!("CARGO_BIN_EXE_parallax"))
        .parent()
        .unwrap()
        .join("browser-test");
    std::fs::create_dir_all(&shots).unwrap();
    let run = Command::new("node")
        .arg(repo.join("scripts/browser-test.mjs"))
        .current_dir(&repo)
        .env("PARALLAX_URL", format!("http://{}", srv.addr))
        .env("PARALLAX_STORY", story.to_string())
        .env("PARALLAX_RTL_STORY", arabic.to_string())
        .env("PARALLAX_REPORT", report.join("index.html"))
        .env("PARALLAX_SHOTS", &shots)
        .env("PARALLAX_SECTIONS", web_fixture("sections.json"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "browser test failed:\nstdout: {}\nstderr: {}",
        text(&run.stdout),
        text(&run.stderr)
    );
    assert!(shots.join("story.png").exists());
    assert!(shots.join("report.png").exists());
}

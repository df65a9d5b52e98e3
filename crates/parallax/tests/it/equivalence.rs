//! The equivalence tester: every fixture goes through every mode (one batch or ten
//! time-ordered batches; one or two threads) and must come out with the same stories and the
//! same duplicate links. Runs with the same number of batches must also agree on story ids
//! and on every byte of `parallax stories --json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{fixture, shared, text, Scratch};

/// What a run produced, independent of story numbering.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    /// Stories as sets of article ids.
    partition: BTreeSet<BTreeSet<String>>,
    /// (a, b, kind) for every duplicate or containment link.
    dups: BTreeSet<(String, String, String)>,
    /// Article id → outlet key, to tell the articles of a fixture apart.
    outlets: BTreeMap<String, String>,
}

/// One mode's run: its outcome and the raw `stories --json` bytes.
struct Run {
    outcome: Outcome,
    stories_json: String,
}

fn ingest(s: &Scratch, paths: &[String], threads: usize) {
    let mut args = vec![
        "--threads".to_string(),
        threads.to_string(),
        "ingest".into(),
    ];
    args.extend(paths.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = s.run(&args);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "ingest {paths:?}: {}",
        text(&out.stderr)
    );
}

fn outcome(s: &Scratch) -> Run {
    let out = s.run(&["stories", "--json", "--limit", "100000"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stories_json = text(&out.stdout);
    let stories: Value = serde_json::from_str(&stories_json).unwrap();
    let mut partition = BTreeSet::new();
    for st in stories.as_array().unwrap() {
        let id = st["id"].as_i64().unwrap().to_string();
        let detail = s.json(&["story", &id]);
        let members: BTreeSet<String> = detail["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(members.len() as i64, st["articles"].as_i64().unwrap());
        partition.insert(members);
    }
    let dups_json = s.json(&["dups", "--limit", "100000", "--min-size", "2"]);
    let mut dups = BTreeSet::new();
    for g in dups_json["groups"].as_array().unwrap() {
        for l in g["links"].as_array().unwrap() {
            dups.insert(link(l));
        }
    }
    for l in dups_json["containment"].as_array().unwrap() {
        dups.insert(link(l));
    }
    let outlets = s
        .json(&["articles", "--limit", "100000"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["outlet"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    Run {
        outcome: Outcome {
            partition,
            dups,
            outlets,
        },
        stories_json,
    }
}

fn link(l: &Value) -> (String, String, String) {
    let (a, b) = (l["a"].as_str().unwrap(), l["b"].as_str().unwrap());
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    (a.into(), b.into(), l["kind"].as_str().unwrap().into())
}

/// Runs every mode on inputs already split into time-ordered batches and checks they agree;
/// returns the outcome.
fn check_all_modes(name: &str, batches: &[Vec<String>]) -> Outcome {
    let all: Vec<String> = batches.iter().flatten().cloned().collect();
    let mut runs = Vec::new();
    for (mode, threads, split) in [
        ("batch, 1 thread", 1, false),
        ("batch, 2 threads", 2, false),
        ("incremental, 1 thread", 1, true),
        ("incremental, 2 threads", 2, true),
    ] {
        let s = Scratch::new();
        if split {
            for b in batches {
                ingest(&s, b, threads);
            }
        } else {
            ingest(&s, &all, threads);
        }
        runs.push((mode, outcome(&s)));
    }
    let (first_mode, first) = &runs[0];
    assert!(
        !first.outcome.partition.is_empty(),
        "{name}: no stories at all"
    );
    for (mode, run) in &runs[1..] {
        assert_eq!(
            run.outcome, first.outcome,
            "{name}: {mode} differs from {first_mode}"
        );
    }
    assert_eq!(
        runs[0].1.stories_json, runs[1].1.stories_json,
        "{name}: story ids or summaries differ between 1 and 2 threads (batch)"
    );
    assert_eq!(
        runs[2].1.stories_json, runs[3].1.stories_json,
        "{name}: story ids or summaries differ between 1 and 2 threads (incremental)"
    );
    runs.swap_remove(0).1.outcome
}

/// A multi-outlet corpus written by this test: eight events over forty days, each reported
/// by an original, an exact repost, a lightly edited copy, a trimmed copy and an independent
/// rewrite, plus two undated articles (a repost and a rewrite) and an unrelated undated one.
/// Dated records are in time order.
fn synthetic_corpus() -> Vec<(Option<String>, String)> {
    let places = [
        "Riverton",
        "Lakemoor",
        "Ashford",
        "Brightwater",
        "Coldbrook",
        "Dunmore",
        "Eastvale",
        "Fairhaven",
    ];
    let people = [
        "Maria Okafor",
        "Jonas Lindqvist",
        "Priya Raman",
        "Tomasz Wojcik",
        "Elena Ruiz",
        "Samuel Adeyemi",
        "Hana Sato",
        "Victor Mendes",
    ];
    let subjects = [
        ("bridge", "collapsed", "engineers", "traffic"),
        ("factory", "burned", "firefighters", "smoke"),
        ("dam", "cracked", "inspectors", "water"),
        ("school", "flooded", "teachers", "pupils"),
        ("hospital", "evacuated", "nurses", "patients"),
        ("mine", "caved", "rescuers", "miners"),
        ("railway", "derailed", "investigators", "passengers"),
        ("market", "closed", "traders", "stalls"),
    ];
    let mut records = Vec::new();
    for (e, ((place, person), (thing, verb, crew, crowd))) in
        places.iter().zip(people).zip(subjects).enumerate()
    {
        let n = 11 + e * 7;
        let day = 1 + e * 4;
        let original = format!(
            "The old {thing} in {place} {verb} early on Tuesday, and {n} people were hurt, officials said.\n\n\
             Mayor {person} told reporters that {crew} had worked through the night and that the {thing} \
             would stay shut while the {crowd} were looked after.\n\n\
             \"We will find out why the {thing} {verb},\" {person} said, adding that an inquiry would report \
             within {n} days.\n\n\
             Residents of {place} said the {thing} had worried them for years; several had written to the \
             council about it.\n\n\
             The regional government promised money for repairs and said {crew} from three towns were helping."
        );
        let edited = original
            .replace("early on Tuesday", "on Tuesday morning")
            .replace("told reporters", "said");
        let trimmed: String = original
            .split("\n\n")
            .take(3)
            .collect::<Vec<_>>()
            .join("\n\n");
        let rewrite = format!(
            "{n} people were injured when the {thing} {verb} in {place} on Tuesday. {person}, the town's \
             mayor, said {crew} were still at the scene and the {crowd} would be cared for. An inquiry \
             into why the {thing} {verb} will report within {n} days, {person} said."
        );
        let versions = [
            ("wire", original.clone(), 0),
            ("repost", original.clone(), 2),
            ("daily", edited, 5),
            ("brief", trimmed, 8),
            ("herald", rewrite.clone(), 11),
        ];
        for (outlet, body, hour) in versions {
            records.push((
                Some(format!("2024-03-{:02}T{:02}:00:00Z", day, 6 + hour)),
                serde_json::json!({
                    "id": format!("e{e}-{outlet}"),
                    "outlet": format!("e{e}-{outlet}"),
                    "date": format!("2024-03-{:02}T{:02}:00:00Z", day, 6 + hour),
                    "title": format!("{} {verb} in {place}", capitalise(thing)),
                    "text": body,
                })
                .to_string(),
            ));
        }
        if e == 2 {
            for (outlet, body) in [
                ("undated-copy", original.clone()),
                ("undated-rewrite", rewrite),
            ] {
                records.push((
                    None,
                    serde_json::json!({
                        "id": format!("e{e}-{outlet}"),
                        "outlet": format!("e{e}-{outlet}"),
                        "title": format!("{} {verb} in {place}", capitalise(thing)),
                        "text": body,
                    })
                    .to_string(),
                ));
            }
        }
    }
    // An undated article about nothing else in the corpus: a story of its own, in every mode.
    records.push((
        None,
        serde_json::json!({
            "id": "e9-undated-alone",
            "outlet": "e9-undated-alone",
            "title": "Orchestra announces its winter concert season",
            "text": "The city orchestra announced twelve winter concerts, including a cycle of \
                     symphonies and a new violin concerto commissioned for its centenary.",
        })
        .to_string(),
    ));
    records
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Writes records into `n` JSON Lines files in time order (undated records go into the
/// middle batch, like a feed that lacks dates for a while).
fn split_into_files(
    dir: &Path,
    records: &[(Option<String>, String)],
    n: usize,
) -> Vec<Vec<String>> {
    let dated: Vec<&String> = records
        .iter()
        .filter(|r| r.0.is_some())
        .map(|r| &r.1)
        .collect();
    let undated: Vec<&String> = records
        .iter()
        .filter(|r| r.0.is_none())
        .map(|r| &r.1)
        .collect();
    let per = dated.len().div_ceil(n);
    let mut batches = Vec::new();
    for (i, chunk) in dated.chunks(per).enumerate() {
        let mut lines: Vec<&String> = chunk.to_vec();
        if i == n / 2 {
            lines.extend(&undated);
        }
        let path: PathBuf = dir.join(format!("batch-{i:02}.jsonl"));
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, body).unwrap();
        batches.push(vec![path.display().to_string()]);
    }
    batches
}

#[test]
fn synthetic_corpus_same_stories_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    let records = synthetic_corpus();
    let batches = split_into_files(dir.path(), &records, 10);
    assert_eq!(batches.len(), 10);
    let outcome = check_all_modes("synthetic corpus", &batches);
    // The corpus is clear-cut: eight events and one unrelated undated article, nine stories,
    // and every copy linked. Outlet keys carry the event ("e2-undated-copy").
    let named: BTreeSet<BTreeSet<String>> = outcome
        .partition
        .iter()
        .map(|s| s.iter().map(|id| outcome.outlets[id].clone()).collect())
        .collect();
    assert_eq!(named.len(), 9, "{named:#?}");
    for story in &named {
        let event = story
            .iter()
            .next()
            .unwrap()
            .split('-')
            .next()
            .unwrap()
            .to_string();
        assert!(
            story.iter().all(|o| o.starts_with(&format!("{event}-"))),
            "{story:?}"
        );
    }
    let e2 = named
        .iter()
        .find(|s| s.iter().any(|o| o.starts_with("e2-")))
        .unwrap();
    assert!(
        e2.contains("e2-undated-copy") && e2.contains("e2-undated-rewrite"),
        "{e2:?}"
    );
    let kinds: BTreeMap<String, usize> = outcome.dups.iter().fold(BTreeMap::new(), |mut m, d| {
        *m.entry(d.2.clone()).or_default() += 1;
        m
    });
    assert!(kinds.get("exact").copied().unwrap_or(0) >= 8, "{kinds:?}");
    assert!(kinds.get("near").copied().unwrap_or(0) >= 8, "{kinds:?}");
    assert!(
        kinds.get("contained").copied().unwrap_or(0) >= 8,
        "{kinds:?}"
    );
}

#[test]
fn ingest_fixtures_same_stories_in_every_mode() {
    // One file per batch, in the order of their publication dates (undated files last).
    let mut files: Vec<(String, String)> = [
        "outlet-a-1.txt",
        "outlet-a-2.txt",
        "outlet-a-3.txt",
        "wire.jsonl",
        "harbor.html",
        "scraped.txt",
    ]
    .iter()
    .map(|f| (fixture(f), String::new()))
    .collect();
    let probe = Scratch::new();
    for (path, date) in &mut files {
        ingest(&probe, std::slice::from_ref(path), 1);
        let arts = probe.json(&["articles", "--limit", "1000"]);
        *date = arts
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["source_path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(path.rsplit('/').next().unwrap()))
            })
            .filter_map(|a| a["published"].as_str().map(str::to_string))
            .min()
            .unwrap_or_else(|| "~undated".into());
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let batches: Vec<Vec<String>> = files.into_iter().map(|f| vec![f.0]).collect();
    check_all_modes("fixtures/ingest", &batches);
}

#[test]
fn seeds_same_story_in_every_mode() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent, so the seeds cannot be read");
        return;
    };
    let seeds = shared.join("seeds");
    let mut files: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    // 003 is dated, 000 is not: the dated one first.
    files.sort_by_key(|f| std::cmp::Reverse(f.clone()));
    let batches: Vec<Vec<String>> = files.into_iter().map(|f| vec![f]).collect();
    let outcome = check_all_modes("seeds", &batches);
    assert_eq!(
        outcome.partition.len(),
        1,
        "the seeds are one story: {:?}",
        outcome.partition
    );
}

#[test]
fn odd_articles_are_linked_without_a_crash() {
    // One word, a 5 MB body, a body that is all outlet boilerplate, and an empty text (a
    // reject at ingest): the link stage handles each and says what it did.
    let s = Scratch::new();
    let big: String = (0..600_000).map(|i| format!("w{} ", i % 5000)).collect();
    let blurb = "Subscribe to the Gazette newsletter for the morning briefing.";
    let mut lines = vec![
        serde_json::json!({"id": "one", "outlet": "x", "date": "2024-01-01", "text": "Hello"}),
        serde_json::json!({"id": "big", "outlet": "x", "date": "2024-01-02", "text": big}),
        serde_json::json!({"id": "empty", "outlet": "x", "date": "2024-01-02", "text": ""}),
    ];
    for i in 0..4 {
        lines.push(serde_json::json!({
            "id": format!("g{i}"), "outlet": "gazette", "date": "2024-01-03",
            "text": format!("Story number {i} about the harbour.\n\n{blurb}")
        }));
    }
    lines.push(serde_json::json!({"id": "only-blurb", "outlet": "gazette", "date": "2024-01-04", "text": blurb}));
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("odd.jsonl"), body).unwrap();
    let out = s.run(&[
        "ingest",
        "--json",
        &s.path("odd.jsonl").display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["link"]["linked"], 7, "{summary}");
    let stories = s.json(&["stories", "--limit", "1000"]);
    let total: i64 = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["articles"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 7, "every stored article is in exactly one story");
}

/// Article id → story, and the `stories` table, from `parallax export` (one call each, where
/// [`outcome`] asks story by story: too many calls for thousands of articles).
fn exported(s: &Scratch) -> (BTreeSet<BTreeSet<String>>, String) {
    let export = |what: &str| {
        let out = s.run(&["export", "--format", "jsonl", "--what", what]);
        assert!(out.status.success(), "export {what}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let mut stories: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for line in export("articles").lines() {
        let a: Value = serde_json::from_str(line).unwrap();
        stories
            .entry(a["story"].as_i64().expect("every article is linked"))
            .or_default()
            .insert(a["id"].as_str().unwrap().to_string());
    }
    (stories.into_values().collect(), export("stories"))
}

/// More articles than one link step holds (the first step takes 512, the next 4,096): the
/// stage reads each step's articles ahead while the one before is linked, and must come out
/// as ten time-ordered batches small enough for one step each do. The story summaries, read
/// in one part per worker, must not depend on the thread count either.
#[test]
fn several_link_steps_give_the_stories_of_small_batches() {
    const EVENTS: usize = 470;
    const COPIES: usize = 10;
    let mut rng = fastrand::Rng::with_seed(0x5eed_1e55);
    let syllables = [
        "ka", "lo", "mi", "ve", "tu", "ra", "no", "si", "pe", "do", "gu", "fe",
    ];
    let mut word = |n: usize| -> String {
        (0..n)
            .map(|_| syllables[rng.usize(..syllables.len())])
            .collect()
    };
    let mut lines: Vec<(String, String)> = Vec::new();
    for e in 0..EVENTS {
        let place = capitalise(&word(3));
        let what: Vec<String> = (0..4).map(|_| word(3)).collect();
        for c in 0..COPIES {
            // Events a few hours apart, their reports over the next day.
            let minutes = e * 180 + c * 97;
            let date = format!(
                "2024-03-{:02}T{:02}:{:02}:00Z",
                1 + minutes / 1440,
                minutes / 60 % 24,
                minutes % 60
            );
            let text = format!(
                "In {place} the {} of the {} was reported by witnesses. Officials said the {} \
                 and the {} would be reviewed, report {c} of event {e} notes.",
                what[0], what[1], what[2], what[3]
            );
            let line = serde_json::json!({
                "id": format!("e{e}c{c}"),
                "outlet": format!("outlet-{}.example", (e + c) % 12),
                "date": date,
                "title": format!("{place}: {} {}", what[0], what[1]),
                "text": text,
            });
            lines.push((date, format!("{line}\n")));
        }
    }
    // The file is in no particular order; the batches are in time order.
    let mut shuffled = lines.clone();
    rng.shuffle(&mut shuffled);
    lines.sort();
    let whole = Scratch::new();
    let all = whole.path("all.jsonl").display().to_string();
    std::fs::write(
        &all,
        shuffled.iter().map(|l| l.1.as_str()).collect::<String>(),
    )
    .unwrap();
    let batches: Vec<String> = lines
        .chunks(lines.len().div_ceil(10))
        .enumerate()
        .map(|(i, part)| {
            let p = whole.path(&format!("batch{i}.jsonl")).display().to_string();
            std::fs::write(&p, part.iter().map(|l| l.1.as_str()).collect::<String>()).unwrap();
            p
        })
        .collect();
    assert!(lines.len() > 512 + 4096, "more than two link steps");

    ingest(&whole, std::slice::from_ref(&all), 2);
    let (partition, stories_two) = exported(&whole);
    let one_thread = Scratch::new();
    ingest(&one_thread, std::slice::from_ref(&all), 1);
    let (partition_one, stories_one) = exported(&one_thread);
    let split = Scratch::new();
    for b in &batches {
        ingest(&split, std::slice::from_ref(b), 2);
    }
    let (partition_split, _) = exported(&split);

    assert!(
        partition.len() >= EVENTS / 2 && partition.len() <= EVENTS * 2,
        "{} stories for {EVENTS} events",
        partition.len()
    );
    assert_eq!(
        partition, partition_split,
        "one run against ten time-ordered batches"
    );
    assert_eq!(partition, partition_one, "two threads against one");
    assert_eq!(
        stories_two, stories_one,
        "story summaries with two threads against one"
    );
}

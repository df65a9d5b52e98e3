//! `parallax eval paraphrase`, `derivation`, `alignment` and `stories` on small corpora written
//! here.

use crate::{text, Scratch};

const WIRE: [&str; 4] = [
    "The regional water authority said on Tuesday that the Kessel reservoir had fallen to its lowest level in forty years after a dry spring and record demand from farms.",
    "Engineers will begin pumping from the northern aquifer next week, and households in twelve towns have been asked to cut their use by a fifth until the autumn rains arrive.",
    "Farmers in the valley warned that the restrictions could ruin this year's harvest of apples and pears, which depends on steady irrigation through the summer months.",
    "The authority's director, Mara Lindqvist, told reporters that fines for washing cars and filling swimming pools would be doubled from the first of July.",
];

/// Writes a corpus and its truth file in the gen_corpus.py formats; returns the corpus path.
pub(crate) fn derivation_corpus(s: &Scratch) -> String {
    let original = WIRE.join("\n\n");
    let verbatim = original.clone();
    let light = [
        WIRE[0].replace("Tuesday", "Wednesday").replace("record", "heavy"),
        WIRE[1].replace("twelve", "eleven"),
        WIRE[2].to_string(),
        WIRE[3].replace("doubled", "tripled"),
        "Local officials in Brenn said they were preparing emergency tankers for outlying villages.".to_string(),
    ]
    .join("\n\n");
    let rewrite = "Drought grips the valley as Kessel levels hit a four-decade low.\n\n\
                   Residents of twelve towns face water limits while the aquifer is tapped, Mara Lindqvist confirmed, \
                   and orchards fear for their crops as summer begins without rain in sight.";
    let rows = [
        (
            "w1",
            "wire",
            "2024-05-01T08:00:00Z",
            original.as_str(),
            "original",
            "",
        ),
        (
            "c1",
            "daily",
            "2024-05-01T09:00:00Z",
            verbatim.as_str(),
            "verbatim",
            "w1",
        ),
        (
            "c2",
            "herald",
            "2024-05-01T10:00:00Z",
            light.as_str(),
            "light",
            "w1",
        ),
        (
            "c3",
            "courier",
            "2024-05-01T11:00:00Z",
            rewrite,
            "rewrite",
            "w1",
        ),
    ];
    let mut body = String::new();
    let mut truth = String::from("id\tstory\tfamily\trelation\tsource_id\n");
    for (id, outlet, date, text, relation, source) in rows {
        body.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": id, "outlet": outlet, "date": date, "title": "Reservoir", "text": text})
        ));
        truth.push_str(&format!("{id}\ts1\tf1\t{relation}\t{source}\n"));
    }
    std::fs::write(s.path("c.jsonl"), body).unwrap();
    std::fs::write(s.path("c.truth.tsv"), truth).unwrap();
    s.path("c.jsonl").display().to_string()
}

#[test]
fn derivation_classes_and_direction_on_a_small_corpus() {
    let s = Scratch::new();
    let corpus = derivation_corpus(&s);
    let r = s.json(&["eval", "derivation", &corpus]);
    assert_eq!(r["articles"], 4, "{r}");
    assert_eq!(r["scored"], 3, "{r}");
    // confusion[gold][predicted]: the verbatim copy is wholly derived, the light edit
    // partially, the rewrite not derived.
    assert_eq!(r["confusion"][0][0], 1, "{r}");
    assert_eq!(r["confusion"][1][1], 1, "{r}");
    assert_eq!(r["confusion"][2][2], 1, "{r}");
    assert!((r["macro_f1"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{r}");
    assert_eq!(r["originals"][2], 1, "{r}");
    assert_eq!(r["direction"]["pairs"], 2, "{r}");
    assert_eq!(r["direction"]["correct"], 2, "{r}");
    assert!(r["direction_undated"].is_null(), "{r}");

    // With every date dropped, both copy pairs have an undated end and are scored apart.
    let u = s.json(&["eval", "derivation", &corpus, "--undated", "1"]);
    let d = &u["direction_undated"];
    assert_eq!(d["pairs"], 2, "{u}");
    assert_eq!(
        d["correct"].as_u64().unwrap()
            + d["reversed"].as_u64().unwrap()
            + d["missing"].as_u64().unwrap(),
        2,
        "{u}"
    );
    assert_eq!(u["direction"]["pairs"], 2, "{u}");
}

#[test]
fn derivation_without_truth_is_a_clear_error() {
    let s = Scratch::new();
    let corpus = derivation_corpus(&s);
    std::fs::remove_file(s.path("c.truth.tsv")).unwrap();
    let out = s.run(&["eval", "derivation", &corpus]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("c.truth.tsv") && err.contains("--truth"),
        "{err}"
    );
}

#[test]
fn paraphrase_eval_scores_pairs_and_names_bad_lines() {
    let s = Scratch::new();
    let pairs = [
        serde_json::json!({"id": "1", "label": 1,
            "a": "The army killed 17 protesters near the fence on Friday.",
            "b": "On Friday soldiers killed 17 protesters close to the border fence."}),
        serde_json::json!({"id": "2", "label": 0,
            "a": "Shares of the company rose 4 percent in early trading.",
            "b": "The minister resigned after a week of protests in the capital."}),
    ];
    let body: String = pairs.iter().map(|p| format!("{p}\n")).collect();
    std::fs::write(s.path("pairs.jsonl"), &body).unwrap();
    let r = s.json(&[
        "eval",
        "paraphrase",
        &s.path("pairs.jsonl").display().to_string(),
    ]);
    let rows = r.as_array().unwrap();
    assert_eq!(rows.len(), 4, "{r}");
    assert_eq!(rows[0]["items"], 2);
    assert_eq!(rows[0]["true_positives"], 1, "{r}");
    assert_eq!(rows[3]["system"], "always paraphrase");
    assert_eq!(rows[3]["predicted"], 2);

    std::fs::write(s.path("bad.jsonl"), format!("{body}{{\"label\": 1}}\n")).unwrap();
    let out = s.run(&[
        "eval",
        "paraphrase",
        &s.path("bad.jsonl").display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad.jsonl:3"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bench_align_times_one_story_and_every_story() {
    let s = Scratch::new();
    let corpus = derivation_corpus(&s);
    let out = s.path("results").display().to_string();
    let r = s.json(&[
        "bench",
        "align",
        "--jsonl",
        &corpus,
        "--story-size",
        "3",
        "--repeat",
        "1",
        "--all",
        "--out",
        &out,
    ]);
    let runs = r["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "{r}");
    assert!(runs[0]["articles"].as_u64().unwrap() <= 3, "{r}");
    assert!(runs[0]["pairs"].as_u64().unwrap() >= 1, "{r}");
    assert_eq!(runs[1]["name"], "every story");
    assert_eq!(runs[1]["articles"], 4, "{r}");
    assert!(runs[1]["edges"].as_u64().unwrap() >= 2, "{r}");
    assert!(std::fs::read_dir(s.path("results")).unwrap().count() == 1);
}

#[test]
fn alignment_eval_scores_built_pairs_beside_the_baseline() {
    let s = Scratch::new();
    let other = [
        "Voters in the northern province elect a new governor on Sunday after a campaign dominated by road building and school closures.",
        "The two leading candidates, a former mayor and a retired judge, both promised to reopen the rural clinics shut last year.",
        "Turnout is expected to be low because of heavy snow forecast for the mountain districts, election officials said on Friday.",
    ];
    let lines = [
        serde_json::json!({"story": "water", "text": WIRE.join("\n\n")}),
        serde_json::json!({"story": "vote", "text": other.join("\n\n")}),
    ];
    let mut body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(s.path("articles.jsonl"), &body).unwrap();
    let path = s.path("articles.jsonl").display().to_string();
    let r = s.json(&["eval", "alignment", &path, "--pairs", "30"]);
    let levels = r.as_array().unwrap();
    assert_eq!(levels.len(), 2, "{r}");
    for level in levels {
        let ours = &level["systems"][0];
        let base = &level["systems"][1];
        assert_eq!(ours["system"], "parallax align");
        assert!(
            level["b_paragraphs_edited"].as_u64().unwrap() > 0,
            "{level}"
        );
        // Edited paragraphs are found by the aligner and missed by identical matching.
        assert!(ours["b_recall"].as_f64().unwrap() >= 0.9, "{level}");
        assert!(ours["b_precision"].as_f64().unwrap() >= 0.9, "{level}");
        assert!(
            ours["b_f1"].as_f64().unwrap() > base["b_f1"].as_f64().unwrap(),
            "{level}"
        );
        assert!(base["verbatim_label"].is_null());
    }

    // A broken line is named, the rest is scored, and the status says something was skipped.
    body.push_str("{\"text\": \n");
    std::fs::write(s.path("bad.jsonl"), &body).unwrap();
    let out = s.run(&[
        "eval",
        "alignment",
        &s.path("bad.jsonl").display().to_string(),
        "--pairs",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("bad.jsonl:3"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("parallax align"));
}

#[test]
fn story_eval_reads_a_generated_corpus_and_writes_the_model_rows() {
    let s = Scratch::new();
    let corpus = derivation_corpus(&s);
    let pairs = s.path("pairs.tsv").display().to_string();
    let r = s.json(&["eval", "stories", &corpus, "--pairs", &pairs]);
    assert_eq!(r[0]["system"], "parallax", "{r}");
    assert_eq!(r[0]["documents"], 4, "{r}");
    let rows = std::fs::read_to_string(&pairs).unwrap();
    let lines: Vec<Vec<&str>> = rows.lines().map(|l| l.split('\t').collect()).collect();
    // The first article has no candidate; each later one is compared with the gold story
    // (label 1), and every row carries the set, the article and the model's 18 inputs.
    assert_eq!(lines[0], ["pairs", "0", "-"], "{rows}");
    for article in 1..4 {
        let gold = lines
            .iter()
            .filter(|l| l[1] == article.to_string() && l[2] == "1")
            .count();
        assert_eq!(gold, 1, "article {article}: {rows}");
    }
    assert!(lines[1..].iter().all(|l| l.len() == 3 + 18), "{rows}");
    // --dump: one line per document with its gold story and both systems' stories.
    let dump = s.path("dump.jsonl").display().to_string();
    s.json(&["eval", "stories", &corpus, "--dump", &dump]);
    let placed: Vec<serde_json::Value> = std::fs::read_to_string(&dump)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(placed.len(), 4);
    assert_eq!(placed[0]["line"], 1);
    assert!(placed
        .iter()
        .all(|p| p["gold"].is_string() && p["parallax"].is_u64() && p["baseline"].is_u64()));
    // --limit reads only the first articles.
    let r = s.json(&["eval", "stories", &corpus, "--limit", "2"]);
    assert_eq!(r[0]["documents"], 2, "{r}");
    // Without stories and without a truth file: a clear error naming the missing file.
    std::fs::remove_file(s.path("c.truth.tsv")).unwrap();
    let out = s.run(&["eval", "stories", &corpus]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("c.truth.tsv"),
        "{}",
        text(&out.stderr)
    );
}

/// Quote pairs written here, in the eval-dev format: a short phrase quoted alike in two
/// different statements (label 0), a verbatim quote (1), a re-worded one (1), two unrelated
/// quotes (0).
const QUOTE_PAIRS: [(u8, &str, &str); 4] = [
    (
        0,
        "Vell called the plan “a disgrace” on Monday.",
        "Critics of the budget said the cuts were “a disgrace” for the region.",
    ),
    (
        1,
        "“The harbour will reopen for every fishing crew in spring,” Quill said on Friday.",
        "Quill told a rally: “The harbour will reopen for every fishing crew in spring.”",
    ),
    (
        1,
        "Mayor Ada Quill said the new levy would “ruin small farms across the valley.”",
        "Quill warned that the levy would “destroy the valley's small farms.”",
    ),
    (
        0,
        "Quill said the bridge “will open to traffic in May,” officials confirmed.",
        "Police said three fans “were arrested after the match” on Saturday.",
    ),
];

/// `parallax eval KIND --json PATH` with the quote models `on` or `off`: the JSON printed and
/// stderr; a failed run fails the test.
fn eval_json(
    s: &Scratch,
    kind: &str,
    path: &std::path::Path,
    encoder: &str,
) -> (serde_json::Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["eval", kind, "--json"])
        .arg(path)
        .current_dir(s.dir.path())
        .env("PARALLAX_QUOTE_ENCODER", encoder)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        text(&out.stderr),
    )
}

/// The byte spans between “ and ” in `text`, as the eval-dev file gives them.
fn quoted_spans(text: &str) -> serde_json::Value {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('“').map(|i| from + i + '“'.len_utf8()) {
        let close = open + text[open..].find('”').expect("a closing mark");
        out.push(serde_json::json!({"start": open, "end": close, "text": &text[open..close]}));
        from = close;
    }
    serde_json::Value::Array(out)
}

#[test]
fn quote_variant_eval_runs_the_grouping_with_and_without_the_encoder() {
    let s = Scratch::new();
    let lines: Vec<String> = QUOTE_PAIRS
        .iter()
        .map(|(label, a, b)| {
            serde_json::json!({
                "label": label, "a": a, "b": b,
                "quotes_a": quoted_spans(a), "quotes_b": quoted_spans(b),
            })
            .to_string()
        })
        .collect();
    let path = s.path("pairs.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let eval = |encoder: &str| {
        let (rows, stderr) = eval_json(&s, "quote-variants", &path, encoder);
        let by_system = |name: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["system"] == name)
                .map(|r| {
                    (
                        r["precision"].as_f64().unwrap(),
                        r["recall"].as_f64().unwrap(),
                    )
                })
        };
        (
            by_system("parallax"),
            by_system("parallax, words only"),
            by_system("always same statement"),
            stderr,
        )
    };
    // Switched off: words alone take the shared phrase for one statement.
    let (model, words, always, stderr) = eval("off");
    assert_eq!(model, None, "no encoder row when it is off");
    assert!(stderr.contains("needs the sentence encoder"), "{stderr}");
    assert_eq!(words, Some((2.0 / 3.0, 1.0)));
    assert_eq!(always, Some((0.5, 1.0)));
    if !crate::encoder_or_skip("the encoder half") {
        return;
    }
    // With it, the two statements that share only a phrase are told apart.
    let (model, words, _, _) = eval("on");
    assert_eq!(model, Some((1.0, 1.0)));
    assert_eq!(words, Some((2.0 / 3.0, 1.0)));
}

/// An attribution as (source, cue, content) substrings of its article.
type Attribution = (&'static str, &'static str, &'static str);

/// Two articles of ours in PolNeAR's format.
const POLNEAR_ARTICLES: [(&str, &[Attribution]); 2] = [
    (
        "Mayor Ada Quill said on Monday that the harbour would reopen for fishing crews in the spring. \
         The council approved the repairs last week.\n\n\
         “We have waited long enough for this,” the mayor told reporters at the quay.",
        &[
            ("Mayor Ada Quill", "said", "that the harbour would reopen for fishing crews in the spring"),
            ("the mayor", "told", "“We have waited long enough for this,”"),
        ],
    ),
    (
        "Police arrested three fans after the match on Saturday, according to a statement from the club. \
         The club's chairman, Tom Brell, said the fans would be banned for life.",
        &[
            ("a statement from the club", "according to", "Police arrested three fans after the match on Saturday"),
            ("The club's chairman, Tom Brell,", "said", "the fans would be banned for life"),
        ],
    ),
];

fn polnear_span(text: &str, part: &str) -> serde_json::Value {
    let start = text.find(part).expect("the part is in the text");
    serde_json::json!({"start": start, "end": start + part.len(), "text": part})
}

#[test]
fn quote_eval_scores_the_tagger_beside_the_rules() {
    let s = Scratch::new();
    let lines: Vec<String> = POLNEAR_ARTICLES
        .iter()
        .enumerate()
        .map(|(i, (text, atts))| {
            let attributions: Vec<serde_json::Value> = atts
                .iter()
                .enumerate()
                .map(|(k, (source, cue, content))| {
                    serde_json::json!({
                        "id": format!("E{k}"),
                        "source": polnear_span(text, source),
                        "cue": polnear_span(text, cue),
                        "content": polnear_span(text, content),
                        "no_source": false,
                        "has_quote_marks": content.contains('“'),
                    })
                })
                .collect();
            serde_json::json!({"id": format!("a{i}"), "text": text, "attributions": attributions})
                .to_string()
        })
        .collect();
    let path = s.path("polnear.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let eval = |encoder: &str| eval_json(&s, "quotes", &path, encoder).0[0].clone();
    let off = eval("off");
    assert_eq!(off["all"]["counts"]["gold"], 4);
    assert!(
        off["rules_only"].is_null(),
        "no second row without the tagger"
    );
    if !crate::encoder_or_skip("the tagger half") {
        return;
    }
    let on = eval("on");
    // The rules' row is the same extraction as with the tagger switched off.
    assert_eq!(on["rules_only"]["counts"], off["all"]["counts"]);
    // Each attribution found, with its speaker, and nothing else.
    let c = &on["all"]["counts"];
    assert_eq!(c["matched"], 4, "{on}");
    assert_eq!(c["speaker_correct"], 4, "{on}");
    assert_eq!(c["predicted"], 4, "{on}");
}

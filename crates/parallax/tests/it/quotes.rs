//! `parallax quotes` and `parallax quote` on the seeds: one statement rendered by two outlets
//! ("a big unforgivable sin" / "a big unforgivable mistake"), one speaker behind every written
//! form of his name, and the sin / mistake difference flagged as a change of meaning.

use serde_json::Value;

use crate::{shared, text, Scratch};

/// The group holding a rendering whose text contains `needle`.
fn group_with<'a>(stories: &'a Value, needle: &str) -> Option<&'a Value> {
    stories
        .as_array()?
        .iter()
        .flat_map(|s| s["quotes"].as_array().into_iter().flatten())
        .find(|g| {
            g["variants"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|v| v["text"].as_str().unwrap_or("").contains(needle))
        })
}

#[test]
fn seeds_sin_and_mistake_are_one_statement_of_one_speaker() {
    let Some(shared) = shared() else {
        eprintln!("skipping quotes seeds test: ../shared/seeds is not present in this checkout");
        return;
    };
    let s = Scratch::new();
    let out = s.run(&["ingest", shared.join("seeds").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = s.json(&["quotes"]);
    let g = group_with(&all, "big unforgivable sin")
        .unwrap_or_else(|| panic!("no sin rendering: {all:#}"));
    let variants = g["variants"].as_array().unwrap();
    let sin = variants
        .iter()
        .find(|v| v["text"].as_str().unwrap().contains("big unforgivable sin"))
        .unwrap();
    let mistake = variants
        .iter()
        .find(|v| {
            v["text"]
                .as_str()
                .unwrap()
                .contains("big unforgivable mistake")
        })
        .unwrap_or_else(|| panic!("sin and mistake not grouped: {g:#}"));
    assert_ne!(sin["article"], mistake["article"]);
    assert!(!g["single_outlet"].as_bool().unwrap());

    // One speaker: the group's and each rendering's resolved name are Khamenei, though one
    // article writes "Ayatollah Seyyed Ali Khamenei" and the other "the Imam".
    assert!(g["speaker"].as_str().unwrap().contains("Khamenei"), "{g:#}");
    for v in [sin, mistake] {
        assert!(
            v["speaker_resolved"]
                .as_str()
                .unwrap_or("")
                .contains("Khamenei"),
            "{v:#}"
        );
    }
    assert_ne!(sin["speaker_as_written"], mistake["speaker_as_written"]);

    // Offsets index the clean text `parallax article` shows.
    for v in [sin, mistake] {
        let art = s.json(&["article", v["article"].as_str().unwrap()]);
        let t = art["text"].as_str().unwrap();
        let (a, b) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        let words = v["text"].as_str().unwrap();
        assert!(t[a..b].contains(words), "{:?} vs {words:?}", &t[a..b]);
    }

    // The sin / mistake substitution carries meaning.
    let flagged = g["differences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["ops"].as_array().unwrap())
        .any(|o| {
            let pair = [o["a"].as_str().unwrap(), o["b"].as_str().unwrap()];
            o["op"] == "substitute"
                && o["meaning"] == true
                && pair.contains(&"sin")
                && pair.contains(&"mistake")
        });
    assert!(flagged, "{:#}", g["differences"]);

    // `quote ID` shows the same group; `--speaker` filters by any form of the name.
    let id = g["id"].as_str().unwrap();
    let one = s.json(&["quote", id]);
    assert_eq!(one["id"], id);
    let shown = s.run(&["quote", id]);
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    assert!(
        text(&shown.stdout).contains("[-mistake-]{+sin+}")
            || text(&shown.stdout).contains("[-sin-]{+mistake+}")
    );
    let by_speaker = s.json(&["quotes", "--speaker", "Imam Khamenei"]);
    assert!(group_with(&by_speaker, "big unforgivable sin").is_some());
    let nobody = s.json(&["quotes", "--speaker", "Nobody Atall"]);
    assert!(group_with(&nobody, "big unforgivable").is_none());
}

#[test]
fn quote_ids_and_stories_that_do_not_exist_are_user_errors() {
    let s = Scratch::new();
    let input = s.path("a.txt");
    std::fs::write(
        &input,
        "“We will reopen the harbour in spring,” Mayor Ada Quill said on Monday.\n",
    )
    .unwrap();
    let out = s.run(&["ingest", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = s.json(&["quotes"]);
    let g = group_with(&listed, "reopen the harbour").unwrap_or_else(|| panic!("{listed:#}"));
    assert_eq!(g["variants"][0]["kind"], "direct");
    assert_eq!(g["variants"][0]["speaker_as_written"], "Mayor Ada Quill");
    assert!(g["single_outlet"].as_bool().unwrap());
    for args in [
        &["quote", "nonsense"][..],
        &["quote", "999:abc:0"],
        &["quotes", "--story", "999"],
    ] {
        let out = s.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// `quotes --json` with the encoder on and off, for a store holding one article of `body`.
fn quotes_on_and_off(title: &str, body: &str) -> (Scratch, Value, Value) {
    let s = Scratch::new();
    let line = serde_json::json!({
        "id": "port", "outlet": "harbour-gazette", "date": "2026-03-02",
        "title": title, "text": body,
    });
    std::fs::write(s.path("a.jsonl"), format!("{line}\n")).unwrap();
    let out = s.run(&["ingest", s.path("a.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let on = s.json(&["quotes"]);
    let off = s.json_with(&["quotes"], &[("PARALLAX_QUOTE_ENCODER", "off")]);
    (s, on, off)
}

/// The attribution tagger was fitted on English news: an article recognised as French gets
/// the quotes the rules give whether the encoder is installed or not. (Read by the tagger,
/// this article gave one reported quote that the rules, which know English cues, do not.)
#[test]
fn the_tagger_reads_english_articles_only() {
    if !crate::encoder_or_skip("this test") {
        return;
    }
    let body = "Le maire Paul Girard a déclaré lundi que le port rouvrirait au printemps, après \
                six mois de travaux. Selon la préfète Anne Morel, les travaux coûteront plus que \
                prévu et la digue sera renforcée avant l’hiver. Les pêcheurs, qui dépendent du \
                port, ont critiqué une décision jugée tardive et estiment que la saison est déjà \
                perdue.\n\nLe syndicat des marins a rappelé que trois bateaux attendent toujours \
                leur réparation. Pour le directeur du chantier, Marc Dupuis, il n’y a aucune \
                raison de s’inquiéter : les délais seront tenus, a-t-il assuré.";
    let (s, on, off) = quotes_on_and_off("Le port rouvrira au printemps", body);
    let articles = s.json(&["articles"]);
    assert_eq!(articles[0]["language"], "fr", "{articles:#}");
    assert_eq!(on, off);
}

/// An English article far longer than news (here 86 KB) is left to the rules: the tagger takes
/// about 9 s per 64 KB. The same paragraph alone is read by the tagger.
#[test]
fn the_tagger_leaves_very_long_articles_to_the_rules() {
    if !crate::encoder_or_skip("this test") {
        return;
    }
    let paragraph = "The harbour master warned that the pier would stay closed through the \
                     winter. Residents expressed concern about the cost of the repairs, and the \
                     council appeared to suggest that mooring fees would rise next year.\n\n";
    let (_, on, off) = quotes_on_and_off("Pier stays shut", paragraph);
    assert_ne!(on, off, "the tagger reads one paragraph");
    let (_, on, off) = quotes_on_and_off("Pier stays shut", &paragraph.repeat(400));
    assert_eq!(on, off);
}

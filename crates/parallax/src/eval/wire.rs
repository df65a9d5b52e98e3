//! `parallax eval wire [PATH]`: "this article is wire copy" and which agency, detected from the
//! article's text and author line by the credit extraction that ingest uses
//! (`parallax_ingest::credits` with the built-in agency list), against the labels of the
//! eval-dev `provenance/polnear-wire.jsonl` format. Texts come from files in the PolNeAR quotes
//! format (`{id, text, …}`), joined on `id`.
//!
//! An article counts as wire copy when a credit in a credit position (a dateline, a byline, a
//! source line or an agency in parentheses) names an agency of the list; an agency only cited
//! in running text ("according to Reuters") is a source, not the article's origin. The author
//! field is read as a byline ("By AFP").

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use parallax_model::AttributionKind;
use serde::{Deserialize, Serialize};

use super::metrics::{binary, Binary};
use crate::cli::{EvalWireArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct Label {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    wire: Option<String>,
    #[serde(default = "yes")]
    wire_recorded: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct TextRow {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct Report {
    /// Rows with `wire_recorded`.
    scored: usize,
    /// Rows left out because their wire field was not recorded.
    not_recorded: usize,
    /// Scored rows whose text was found in the text files (the others use title and author).
    with_text: usize,
    #[serde(flatten)]
    wire: Binary,
    /// True positives whose agency is the labelled one.
    agency_correct: usize,
    agency_accuracy: f64,
    /// Labelled agency → (labelled, detected as wire, right agency).
    by_agency: Vec<(String, usize, usize, usize)>,
}

/// The agency this article is wire copy of, if any: the first credit-position credit that
/// names a known agency, the author line first.
pub(crate) fn wire_agency(author: Option<&str>, text: &str) -> Option<String> {
    let byline = author
        .map(|a| format!("By {}\n\n", a.trim()))
        .unwrap_or_default();
    let doc = format!("{byline}{text}");
    parallax_ingest::credits(&doc)
        .into_iter()
        .filter(|c| {
            matches!(
                c.kind,
                AttributionKind::Dateline
                    | AttributionKind::Byline
                    | AttributionKind::SourceLine
                    | AttributionKind::Parenthetical
            )
        })
        .find_map(|c| c.agency)
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| {
        UserError(format!(
            "{}: {e}; the eval-dev data lives in ../shared/eval-dev",
            path.display()
        ))
    })?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| UserError(format!("{}:{}: {e}", path.display(), i + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .map_err(|e| UserError(format!("{}:{}: {e}", path.display(), i + 1)))?,
        );
    }
    Ok(out)
}

/// The default text files: the PolNeAR quotes files beside the provenance folder.
fn default_texts(labels: &Path) -> Vec<PathBuf> {
    let dir = labels
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("quotes/polnear-train-dev"))
        .unwrap_or_default();
    ["train.jsonl", "dev.jsonl", "test.jsonl"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.exists())
        .collect()
}

pub(crate) fn run(g: &Global, a: &EvalWireArgs) -> anyhow::Result<u8> {
    let labels: Vec<Label> = read_jsonl(&a.dataset)?;
    let text_files = if a.texts.is_empty() {
        default_texts(&a.dataset)
    } else {
        a.texts.clone()
    };
    let mut texts: HashMap<String, String> = HashMap::new();
    for f in &text_files {
        for row in read_jsonl::<TextRow>(f)? {
            texts.insert(row.id, row.text);
        }
    }
    let report = score(&labels, &texts);
    if g.json {
        output::json(&report)?;
        return Ok(crate::exit::OK);
    }
    let rows: Vec<Vec<String>> = report
        .by_agency
        .iter()
        .map(|(k, n, found, right)| {
            vec![
                k.clone(),
                n.to_string(),
                found.to_string(),
                right.to_string(),
            ]
        })
        .collect();
    output::out(&format!(
        "{} rows scored ({} not recorded, left out); {} with text\n\
         wire copy     precision {:.3}  recall {:.3}  F1 {:.3}  ({} predicted, {} labelled, {} right)\n\
         agency        {:.3} right on the true positives ({} of {})\n\n{}",
        report.scored,
        report.not_recorded,
        report.with_text,
        report.wire.precision,
        report.wire.recall,
        report.wire.f1,
        report.wire.predicted,
        report.wire.gold,
        report.wire.true_positives,
        report.agency_accuracy,
        report.agency_correct,
        report.wire.true_positives,
        output::table(&["labelled agency", "articles", "found as wire", "right agency"], &rows)
    ))?;
    Ok(crate::exit::OK)
}

fn score(labels: &[Label], texts: &HashMap<String, String>) -> Report {
    let mut decisions = Vec::new();
    let (mut agency_correct, mut with_text, mut not_recorded) = (0, 0, 0);
    let mut by_agency: std::collections::BTreeMap<String, (usize, usize, usize)> =
        Default::default();
    for l in labels {
        if !l.wire_recorded {
            not_recorded += 1;
            continue;
        }
        let text = match texts.get(&l.id) {
            Some(t) => {
                with_text += 1;
                t.clone()
            }
            None => l.title.clone().unwrap_or_default(),
        };
        let found = wire_agency(l.author.as_deref(), &text);
        let gold = l.wire.as_deref().filter(|w| !w.is_empty());
        decisions.push((found.is_some(), gold.is_some()));
        if let Some(gold) = gold {
            let e = by_agency.entry(gold.to_string()).or_default();
            e.0 += 1;
            if let Some(f) = &found {
                e.1 += 1;
                let right = f.eq_ignore_ascii_case(gold);
                e.2 += usize::from(right);
                agency_correct += usize::from(right);
            }
        }
    }
    let wire = binary(decisions);
    Report {
        scored: wire.items,
        not_recorded,
        with_text,
        agency_correct,
        agency_accuracy: agency_correct as f64 / wire.true_positives.max(1) as f64,
        wire,
        by_agency: by_agency
            .into_iter()
            .map(|(k, (n, f, r))| (k, n, f, r))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_and_author_bylines_make_wire_copy_and_citations_do_not() {
        let dateline = "A title.\n\nLONDON (Reuters) - The minister resigned on Friday.";
        assert_eq!(wire_agency(None, dateline).as_deref(), Some("Reuters"));
        assert_eq!(
            wire_agency(Some("AFP"), "The minister resigned.").as_deref(),
            Some("AFP")
        );
        assert_eq!(
            wire_agency(
                Some("Jane Roe"),
                "The minister resigned, according to Reuters."
            ),
            None
        );
    }

    #[test]
    fn unrecorded_rows_are_left_out_and_agencies_are_checked() {
        let label = |id: &str, author: Option<&str>, wire: Option<&str>, recorded| Label {
            id: id.into(),
            title: None,
            author: author.map(str::to_string),
            wire: wire.map(str::to_string),
            wire_recorded: recorded,
        };
        let labels = [
            label("a", Some("AP"), Some("AP"), true),
            label("b", Some("UPI"), Some("AP"), true),
            label("c", Some("Jane Roe"), None, true),
            label("d", Some("AP"), None, false),
        ];
        let texts = HashMap::from([("a".to_string(), "Text.".to_string())]);
        let r = score(&labels, &texts);
        assert_eq!((r.scored, r.not_recorded, r.with_text), (3, 1, 1));
        assert_eq!((r.wire.true_positives, r.wire.predicted), (2, 2));
        assert_eq!(r.agency_correct, 1);
    }
}

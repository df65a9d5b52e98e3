//! `parallax eval facts [PATH]`: numeric facts against the Gun Violence Archive's final killed
//! and injured counts per incident (eval-dev README §3), and discrepancy detection on
//! controlled edits of the same articles.
//!
//! Per incident, every document of its story is read; the story's figure is the value most
//! documents lead with (ties to the larger, as later reports carry the final toll), 0 when none
//! states one. The baseline takes, per document,
//! the first number written in digits within three words before "killed", "dead" or "died"
//! ("injured", "wounded"), and the largest over the story's documents (0 when none).
//!
//! Discrepancies: for each document with an exact killed or injured figure in digits, three
//! copies are compared with the original as another outlet: the number changed (must be
//! flagged), the number written in words (must not), and the number as an agreeing
//! approximation, "almost N+1" or "at least N" (must not).

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context as _;
use parallax_facts::{compare, extract, DocFacts, Fact};
use serde::{Deserialize, Serialize};

use crate::cli::{EvalFactsArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct Incident {
    story: String,
    num_killed: Option<f64>,
    num_injured: Option<f64>,
}

#[derive(Deserialize)]
struct Doc {
    story: String,
    #[serde(default)]
    stories: Vec<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Accuracy and error of one system on one measure.
#[derive(Debug, Default, Serialize)]
struct Score {
    system: &'static str,
    measure: &'static str,
    incidents: usize,
    exact: usize,
    accuracy: f64,
    mae: f64,
}

#[derive(Debug, Default, Serialize)]
struct DiscrepancyScore {
    cases_changed: usize,
    cases_words: usize,
    cases_approx: usize,
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    precision: f64,
    recall: f64,
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &PathBuf) -> anyhow::Result<Vec<T>> {
    std::fs::read_to_string(path)
        .with_context(|| format!("reading {}", path.display()))?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

/// The story's figure of `measure`: per document the first value stated (the lead tells the
/// incident; later numbers are often other events or yearly totals), and the one most documents
/// give; 0 when none states one. Counts of
/// people shot stand in for injured when no injury count is given (shot minus killed).
fn ours(facts: &[Vec<Fact>], measure: &str) -> f64 {
    let max_of = |m: &str| {
        let firsts: Vec<f64> = facts
            .iter()
            .filter_map(|doc| doc.iter().find(|f| f.measure == m))
            .map(|f| f.value)
            .collect();
        // The value most documents lead with; ties go to the larger (the later toll).
        firsts
            .iter()
            .map(|&v| (firsts.iter().filter(|&&w| w == v).count(), v))
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .map(|(_, v)| v)
    };
    match (measure, max_of(measure)) {
        (_, Some(v)) => v,
        ("injured", None) => max_of("shot")
            .map(|s| (s - max_of("killed").unwrap_or(0.0)).max(0.0))
            .unwrap_or(0.0),
        _ => 0.0,
    }
}

/// The baseline: the first digits within three words before one of `words`.
fn baseline(text: &str, words: &[&str]) -> Option<f64> {
    let toks: Vec<&str> = parallax_text::words(text).map(|s| s.slice(text)).collect();
    for (i, w) in toks.iter().enumerate() {
        if words.contains(&w.to_lowercase().as_str()) {
            for k in (i.saturating_sub(3)..i).rev() {
                if let Ok(v) = toks[k].parse::<f64>() {
                    return Some(v);
                }
            }
        }
    }
    None
}

fn score(system: &'static str, measure: &'static str, pairs: &[(f64, f64)]) -> Score {
    let exact = pairs.iter().filter(|(p, g)| (p - g).abs() < 1e-9).count();
    let n = pairs.len().max(1) as f64;
    Score {
        system,
        measure,
        incidents: pairs.len(),
        exact,
        accuracy: exact as f64 / n,
        mae: pairs.iter().map(|(p, g)| (p - g).abs()).sum::<f64>() / n,
    }
}

/// English words for 0–999.
fn in_words(n: u64) -> Option<String> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    fn below_100(n: u64) -> String {
        if n < 20 {
            SMALL[n as usize].to_string()
        } else if n.is_multiple_of(10) {
            TENS[(n / 10) as usize].to_string()
        } else {
            format!("{}-{}", TENS[(n / 10) as usize], SMALL[(n % 10) as usize])
        }
    }
    match n {
        0..=99 => Some(below_100(n)),
        100..=999 if n.is_multiple_of(100) => {
            Some(format!("{} hundred", SMALL[(n / 100) as usize]))
        }
        100..=999 => Some(format!(
            "{} hundred and {}",
            SMALL[(n / 100) as usize],
            below_100(n % 100)
        )),
        _ => None,
    }
}

/// Discrepancies between `original` and `edited` (two outlets) other than those pairing `old`
/// with `new` for `measure`, and whether one pairs them.
fn check(original: &str, edited: &str, measure: &str, old: f64, new: f64) -> (usize, bool) {
    let docs = [
        DocFacts {
            outlet: "original".into(),
            facts: extract(original),
        },
        DocFacts {
            outlet: "edited".into(),
            facts: extract(edited),
        },
    ];
    let c = compare(&docs);
    let hits = c
        .discrepancies
        .iter()
        .filter(|d| {
            let (fa, fb) = (&docs[d.a.0].facts[d.a.1], &docs[d.b.0].facts[d.b.1]);
            d.measure == measure
                && ((fa.value == old && fb.value == new) || (fa.value == new && fb.value == old))
        })
        .count();
    (c.discrepancies.len() - hits, hits > 0)
}

fn discrepancy_eval(texts: &[&str]) -> DiscrepancyScore {
    let mut s = DiscrepancyScore::default();
    for text in texts {
        let facts = extract(text);
        let Some(f) = facts.iter().find(|f| {
            matches!(f.measure.as_str(), "killed" | "injured")
                && f.approx.is_none()
                && f.quantity.slice(text).bytes().all(|b| b.is_ascii_digit())
        }) else {
            continue;
        };
        let n = f.value;
        // Every statement of that figure is edited, as an outlet reporting another number would.
        let mut spans: Vec<parallax_text::Span> = facts
            .iter()
            .filter(|g| g.measure == f.measure && g.value == n && g.approx.is_none())
            .map(|g| g.quantity)
            .collect();
        spans.sort_by_key(|s| s.start);
        let edit = |with: &str| {
            let mut out = String::with_capacity(text.len() + 16);
            let mut at = 0;
            for s in &spans {
                out.push_str(&text[at..s.start]);
                out.push_str(with);
                at = s.end;
            }
            out.push_str(&text[at..]);
            out
        };
        // Changed number: must be flagged, and nothing else.
        let changed = n + if n >= 10.0 { 2.0 } else { 1.0 };
        let (found, hit) = check(
            text,
            &edit(&format!("{changed:.0}")),
            &f.measure,
            n,
            changed,
        );
        s.cases_changed += 1;
        s.false_positives += found;
        if hit {
            s.true_positives += 1;
        } else {
            s.false_negatives += 1;
        }
        // The same number in words: no discrepancy.
        if let Some(w) = in_words(n as u64) {
            s.cases_words += 1;
            s.false_positives += check(text, &edit(&w), &f.measure, n, n).0;
        }
        // An approximation that agrees: no discrepancy.
        let approx = if n >= 9.0 {
            format!("almost {:.0}", n + 1.0)
        } else {
            format!("at least {n:.0}")
        };
        s.cases_approx += 1;
        s.false_positives += check(text, &edit(&approx), &f.measure, n, n).0;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    s.precision = ratio(s.true_positives, s.true_positives + s.false_positives);
    s.recall = ratio(s.true_positives, s.true_positives + s.false_negatives);
    s
}

pub(crate) fn run(g: &Global, a: &EvalFactsArgs) -> anyhow::Result<u8> {
    let stories_path = a.stories.clone().unwrap_or_else(|| {
        a.dataset
            .parent()
            .and_then(|p| p.parent())
            .unwrap_or_else(|| std::path::Path::new("."))
            .join("stories/gva-2013-2015.jsonl")
    });
    for p in [&a.dataset, &stories_path] {
        if !p.exists() {
            return Err(UserError(format!(
                "{}: not found (the eval-dev facts and stories files, ../shared/eval-dev)",
                p.display()
            ))
            .into());
        }
    }
    let mut incidents: Vec<Incident> = read_jsonl(&a.dataset)?;
    if let Some(n) = a.limit {
        incidents.truncate(n);
    }
    let docs: Vec<Doc> = read_jsonl(&stories_path)?;
    let mut by_story: HashMap<&str, Vec<String>> = HashMap::new();
    for d in &docs {
        let text = format!(
            "{}\n\n{}",
            d.title.as_deref().unwrap_or(""),
            d.text.as_deref().unwrap_or("")
        );
        let mut keys: Vec<&str> = d.stories.iter().map(String::as_str).collect();
        if !keys.contains(&d.story.as_str()) {
            keys.push(&d.story);
        }
        for k in keys {
            by_story.entry(k).or_default().push(text.clone());
        }
    }
    let mut pairs: HashMap<(&str, &str), Vec<(f64, f64)>> = HashMap::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut covered = 0;
    for inc in &incidents {
        let Some(story_docs) = by_story.get(inc.story.as_str()) else {
            continue;
        };
        covered += 1;
        let facts: Vec<Vec<Fact>> = story_docs.iter().map(|t| extract(t)).collect();
        texts.extend(story_docs.iter().map(String::as_str));
        for (measure, gold, words) in [
            ("killed", inc.num_killed, &["killed", "dead", "died"][..]),
            ("injured", inc.num_injured, &["injured", "wounded"][..]),
        ] {
            let Some(gold) = gold else { continue };
            pairs
                .entry(("parallax", measure))
                .or_default()
                .push((ours(&facts, measure), gold));
            let base = story_docs
                .iter()
                .filter_map(|t| baseline(t, words))
                .fold(0.0, f64::max);
            pairs
                .entry(("baseline", measure))
                .or_default()
                .push((base, gold));
        }
    }
    let mut scores = Vec::new();
    for system in ["parallax", "baseline"] {
        for measure in ["killed", "injured"] {
            scores.push(score(
                system,
                measure,
                pairs
                    .get(&(system, measure))
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            ));
        }
    }
    let disc = discrepancy_eval(&texts);
    if g.json {
        output::json(&serde_json::json!({
            "incidents": incidents.len(),
            "incidents_with_documents": covered,
            "counts": scores,
            "discrepancies": disc,
        }))?;
        return Ok(crate::exit::OK);
    }
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|s| {
            vec![
                s.system.to_string(),
                s.measure.to_string(),
                s.incidents.to_string(),
                format!("{:.3}", s.accuracy),
                format!("{:.3}", s.mae),
            ]
        })
        .collect();
    let mut out = format!(
        "{} incidents, {} with documents\n\n",
        incidents.len(),
        covered
    );
    out.push_str(&output::table(
        &["SYSTEM", "MEASURE", "INCIDENTS", "ACCURACY", "MAE"],
        &rows,
    ));
    out.push_str(&format!(
        "\n\ndiscrepancies on edited copies: {} changed, {} in words, {} approximated; \
         precision {:.3}, recall {:.3} (TP {}, FP {}, FN {})",
        disc.cases_changed,
        disc.cases_words,
        disc.cases_approx,
        disc.precision,
        disc.recall,
        disc.true_positives,
        disc.false_positives,
        disc.false_negatives
    ));
    output::out(&out)?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_for_edits() {
        assert_eq!(in_words(18).as_deref(), Some("eighteen"));
        assert_eq!(in_words(42).as_deref(), Some("forty-two"));
        assert_eq!(in_words(120).as_deref(), Some("one hundred and twenty"));
        assert_eq!(in_words(1200), None);
    }

    #[test]
    fn edits_are_scored() {
        let s = discrepancy_eval(&["Police said 3 people were killed and 12 were wounded."]);
        assert_eq!(s.cases_changed, 1);
        assert_eq!(
            (s.true_positives, s.false_negatives, s.false_positives),
            (1, 0, 0)
        );
        assert_eq!(
            baseline("Police said 3 people were killed", &["killed"]),
            Some(3.0)
        );
    }
}

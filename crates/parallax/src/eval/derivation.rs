//! `parallax eval derivation CORPUS`: document-level derivation and provenance direction on a
//! corpus made by `gen_corpus.py`, whose `.truth.tsv` gives every article's relation to its
//! source (`original`, `verbatim`, `light`, `rewrite`) and the source's id.
//!
//! The corpus is ingested and linked into a scratch store exactly as `parallax ingest` would,
//! then every story's provenance graph is built as `parallax provenance` builds it. Each
//! article is classified from its strongest incoming edge from another article into the three
//! METER classes; the generator's relations map onto them as its docstring describes them:
//! `verbatim` (identical body) → wholly derived, `light` (a copy with word substitutions,
//! dropped sentences and added paragraphs) → partially derived, `rewrite` (fresh text sharing
//! only topic words, names, numbers and at most two quotes) → non-derived. Originals have no
//! source; they are counted apart (they should come out non-derived).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::Context as _;
use parallax_align::{Edge, NodeKind, Provenance, ProvenanceParams};
use parallax_ingest::{expand_inputs, IngestOptions};
use parallax_model::NoReporter;
use parallax_store::Store;
use serde::Serialize;

use super::metrics::{binary, Binary};
use crate::cli::{EvalDerivationArgs, Global};
use crate::output;
use crate::UserError;

/// The three classes of the METER corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Derivation {
    Wholly,
    Partially,
    NonDerived,
}

const CLASSES: [Derivation; 3] = [
    Derivation::Wholly,
    Derivation::Partially,
    Derivation::NonDerived,
];

impl Derivation {
    fn name(self) -> &'static str {
        match self {
            Derivation::Wholly => "wholly",
            Derivation::Partially => "partially",
            Derivation::NonDerived => "non-derived",
        }
    }

    /// The class of a generator relation; `None` for originals (no source).
    fn of_relation(relation: &str) -> Option<Self> {
        match relation {
            "verbatim" => Some(Derivation::Wholly),
            "light" => Some(Derivation::Partially),
            "rewrite" => Some(Derivation::NonDerived),
            _ => None,
        }
    }
}

/// Where the classes split, on the strongest incoming edge.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Thresholds {
    /// Wholly derived: at least this share of the article's words verbatim in its source.
    pub(crate) wholly_verbatim: f64,
    /// Partially derived: at least this share copied (verbatim or edited).
    pub(crate) partially_copied: f64,
}

/// Classifies an article from the edges into it: the edge from another article with the
/// largest copied share decides (credits alone do not make text derived).
pub(crate) fn classify<'e>(
    edges: impl IntoIterator<Item = &'e Edge>,
    t: &Thresholds,
) -> Derivation {
    let best = edges.into_iter().max_by(|x, y| {
        x.copied
            .total_cmp(&y.copied)
            .then(x.verbatim.total_cmp(&y.verbatim))
    });
    match best {
        Some(e) if e.verbatim >= t.wholly_verbatim => Derivation::Wholly,
        Some(e) if e.copied >= t.partially_copied => Derivation::Partially,
        _ => Derivation::NonDerived,
    }
}

#[derive(Serialize)]
struct ClassScore {
    class: Derivation,
    #[serde(flatten)]
    score: Binary,
}

#[derive(Serialize)]
struct Direction {
    /// Truth pairs (source, copy) with relation verbatim or light.
    pairs: usize,
    /// Pairs with an edge source → copy.
    correct: usize,
    /// Pairs with an edge copy → source.
    reversed: usize,
    /// Pairs with no edge between them (other sources chosen, or split across stories).
    missing: usize,
    /// correct / pairs.
    accuracy: f64,
    /// correct / (correct + reversed): direction alone, where an edge was found.
    accuracy_where_linked: f64,
}

#[derive(Serialize)]
struct Report {
    articles: usize,
    stories: usize,
    thresholds: Thresholds,
    /// Articles with a source, scored.
    scored: usize,
    /// confusion[gold][predicted], classes in the order wholly, partially, non-derived.
    confusion: [[usize; 3]; 3],
    classes: Vec<ClassScore>,
    macro_f1: f64,
    /// Originals by predicted class (wholly, partially, non-derived).
    originals: [usize; 3],
    direction: Direction,
    /// The same on copy pairs with an undated end (`null` without `--undated`).
    direction_undated: Option<Direction>,
    ingest_link_seconds: f64,
    provenance_seconds: f64,
}

/// Counts of copy pairs by the edge found between them.
#[derive(Default)]
struct Tally {
    pairs: usize,
    correct: usize,
    reversed: usize,
}

impl Tally {
    fn add(&mut self, forward: bool, backward: bool) {
        self.pairs += 1;
        if forward {
            self.correct += 1;
        } else if backward {
            self.reversed += 1;
        }
    }

    fn direction(&self) -> Direction {
        Direction {
            pairs: self.pairs,
            correct: self.correct,
            reversed: self.reversed,
            missing: self.pairs - self.correct - self.reversed,
            accuracy: self.correct as f64 / self.pairs.max(1) as f64,
            accuracy_where_linked: self.correct as f64
                / (self.correct + self.reversed).max(1) as f64,
        }
    }
}

/// Writes `corpus` into `dir` with the `date` of about `share` of its lines removed (chosen by
/// a hash of the line number, so runs repeat); returns the copy and the 0-based rows undated.
fn undate(
    corpus: &std::path::Path,
    share: f64,
    dir: &std::path::Path,
) -> anyhow::Result<(std::path::PathBuf, HashSet<usize>)> {
    use std::io::{BufRead, Write};
    let out_path = dir.join("undated.jsonl");
    let input =
        std::fs::File::open(corpus).with_context(|| format!("reading {}", corpus.display()))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&out_path)?);
    let mut rows = HashSet::new();
    for (row, line) in std::io::BufReader::new(input).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", corpus.display(), row + 1))?;
        let h = xxhash_rust::xxh3::xxh3_64(&(row as u64).to_le_bytes());
        if (h >> 11) as f64 / (1u64 << 53) as f64 >= share {
            writeln!(out, "{line}")?;
            continue;
        }
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&line) {
            Ok(mut obj) => {
                obj.remove("date");
                rows.insert(row);
                writeln!(out, "{}", serde_json::Value::Object(obj))?;
            }
            // A line that is not an object goes through as it is; ingest reports it.
            Err(_) => writeln!(out, "{line}")?,
        }
    }
    out.flush()?;
    Ok((out_path, rows))
}

/// One truth row.
struct Truth {
    id: String,
    relation: String,
    source_id: String,
}

fn read_truth(path: &std::path::Path) -> anyhow::Result<Vec<Truth>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, l)| l.split('\t').collect())
        .unwrap_or_default();
    let col = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            UserError(format!(
                "{}:1: no `{name}` column (expected id, story, family, relation, source_id)",
                path.display()
            ))
        })
    };
    let (id, relation, source) = (col("id")?, col("relation")?, col("source_id")?);
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| -> anyhow::Result<String> {
            cols.get(c).map(|s| s.trim().to_string()).ok_or_else(|| {
                UserError(format!(
                    "{}:{}: expected {} columns, found {}",
                    path.display(),
                    i + 1,
                    header.len(),
                    cols.len()
                ))
                .into()
            })
        };
        out.push(Truth {
            id: get(id)?,
            relation: get(relation)?,
            // A trailing empty column may be cut by editors: a missing source is no source.
            source_id: cols
                .get(source)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

pub(crate) fn run(g: &Global, a: &EvalDerivationArgs) -> anyhow::Result<u8> {
    let truth_path = super::dups::truth_file(&a.corpus, a.truth.as_deref());
    if !a.corpus.exists() {
        return Err(UserError(format!(
            "{}: no such corpus; make one with ../shared/tools/gen_corpus.py N PREFIX",
            a.corpus.display()
        ))
        .into());
    }
    if !truth_path.exists() {
        return Err(UserError(format!(
            "{}: no truth file beside the corpus; pass --truth (gen_corpus.py writes PREFIX.truth.tsv)",
            truth_path.display()
        ))
        .into());
    }
    let truth = read_truth(&truth_path)?;
    let thresholds = Thresholds {
        wholly_verbatim: a.wholly_verbatim,
        partially_copied: a.partially_copied,
    };

    // Ingest and link into a scratch store.
    let t0 = Instant::now();
    let tmp = tempfile::tempdir().context("creating a scratch folder")?;
    let mut store = Store::open(&tmp.path().join("derivation.db"))?;
    let (corpus, undated) = if a.undated > 0.0 {
        undate(&a.corpus, a.undated, tmp.path())?
    } else {
        (a.corpus.clone(), HashSet::new())
    };
    let inputs = expand_inputs(&[corpus.display().to_string()])?;
    crate::pipeline::ingest(&mut store, &inputs, &IngestOptions::default(), &NoReporter)?;
    let settings = crate::link::LinkSettings {
        story_threshold: a.story_threshold,
        time_scale_days: a.time_scale_days,
        merge_threshold: a.merge_threshold,
        ..crate::link::LinkSettings::default()
    };
    crate::link::link(&mut store, settings, &|_, _| {})?;
    let ingest_link_seconds = t0.elapsed().as_secs_f64();

    // Stored article id ↔ truth row, through the corpus line each article came from.
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut stories: Vec<i64> = Vec::new();
    for (id, location, story) in store.story_assignments()? {
        let loc: serde_json::Value = serde_json::from_str(&location)?;
        if let Some(line) = loc["line"].as_u64() {
            let row = line as usize - 1;
            if row >= truth.len() {
                return Err(UserError(format!(
                    "{}: line {line} has no truth row ({} rows): corpus and truth do not match",
                    a.corpus.display(),
                    truth.len()
                ))
                .into());
            }
            row_of.insert(id, row);
        }
        stories.push(story);
    }
    stories.sort_unstable();
    stories.dedup();

    let t1 = Instant::now();
    let params = ProvenanceParams::default();
    let mut graphs: Vec<Provenance> = Vec::with_capacity(stories.len());
    for &story in &stories {
        let p = crate::views::story::provenance(
            &mut store,
            story,
            &params,
            settings.boilerplate_min_articles,
        )?;
        graphs.push(p.graph);
    }
    let provenance_seconds = t1.elapsed().as_secs_f64();

    let report = score(
        &truth,
        &row_of,
        &graphs,
        thresholds,
        stories.len(),
        &undated,
    );
    let report = Report {
        ingest_link_seconds,
        provenance_seconds,
        ..report
    };
    print(g, &report)?;
    Ok(crate::exit::OK)
}

/// Scores the graphs against the truth; `row_of` maps stored article ids to truth rows.
fn score(
    truth: &[Truth],
    row_of: &HashMap<String, usize>,
    graphs: &[Provenance],
    t: Thresholds,
    stories: usize,
    undated: &HashSet<usize>,
) -> Report {
    let mut into: HashMap<&str, Vec<&Edge>> = HashMap::new();
    let mut linked: HashSet<(usize, usize)> = HashSet::new();
    for graph in graphs {
        let articles: HashSet<&str> = graph
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Article)
            .map(|n| n.key.as_str())
            .collect();
        for e in &graph.edges {
            if !articles.contains(e.from.as_str()) {
                continue;
            }
            into.entry(e.to.as_str()).or_default().push(e);
            if let (Some(&f), Some(&to)) = (row_of.get(&e.from), row_of.get(&e.to)) {
                linked.insert((f, to));
            }
        }
    }
    let mut confusion = [[0usize; 3]; 3];
    let mut originals = [0usize; 3];
    let mut decisions: Vec<(Derivation, Derivation)> = Vec::new();
    let index = |c: Derivation| CLASSES.iter().position(|&x| x == c).unwrap_or(2);
    for (id, &row) in row_of {
        let predicted = classify(into.get(id.as_str()).into_iter().flatten().copied(), &t);
        match Derivation::of_relation(&truth[row].relation) {
            Some(gold) => {
                confusion[index(gold)][index(predicted)] += 1;
                decisions.push((predicted, gold));
            }
            None => originals[index(predicted)] += 1,
        }
    }
    let classes: Vec<ClassScore> = CLASSES
        .iter()
        .map(|&c| ClassScore {
            class: c,
            score: binary(decisions.iter().map(|&(p, g)| (p == c, g == c))),
        })
        .collect();
    let macro_f1 = classes.iter().map(|c| c.score.f1).sum::<f64>() / classes.len() as f64;

    // Direction on copy pairs whose source is known.
    let row_by_id: HashMap<&str, usize> = truth
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut all = Tally::default();
    let mut with_undated = Tally::default();
    for (copy, r) in truth.iter().enumerate() {
        if !matches!(r.relation.as_str(), "verbatim" | "light") {
            continue;
        }
        let Some(&source) = row_by_id.get(r.source_id.as_str()) else {
            continue;
        };
        let forward = linked.contains(&(source, copy));
        let backward = linked.contains(&(copy, source));
        all.add(forward, backward);
        if undated.contains(&source) || undated.contains(&copy) {
            with_undated.add(forward, backward);
        }
    }
    Report {
        articles: row_of.len(),
        stories,
        thresholds: t,
        scored: decisions.len(),
        confusion,
        classes,
        macro_f1,
        originals,
        direction: all.direction(),
        direction_undated: (!undated.is_empty()).then(|| with_undated.direction()),
        ingest_link_seconds: 0.0,
        provenance_seconds: 0.0,
    }
}

fn print(g: &Global, r: &Report) -> anyhow::Result<()> {
    if g.json {
        return output::json(r);
    }
    let rows: Vec<Vec<String>> = r
        .classes
        .iter()
        .zip(&r.confusion)
        .map(|(c, conf)| {
            vec![
                c.class.name().to_string(),
                c.score.gold.to_string(),
                format!("{} / {} / {}", conf[0], conf[1], conf[2]),
                format!("{:.3}", c.score.precision),
                format!("{:.3}", c.score.recall),
                format!("{:.3}", c.score.f1),
            ]
        })
        .collect();
    let d = &r.direction;
    output::out(&format!(
        "{} articles in {} stories; {} with a source scored (verbatim → wholly, light → partially, rewrite → non-derived)\n\
         thresholds: wholly at verbatim share ≥ {}, partially at copied share ≥ {}\n\n{}\n\
         macro-F1            {:.3}  (METER's best published: 0.664)\n\
         originals           {} wholly / {} partially / {} non-derived\n\
         direction           {:.3} of {} copy pairs have the edge source → copy ({} reversed, {} without an edge; {:.3} where linked)\n\
         {}\
         ingest + link       {:.2} s\n\
         provenance          {:.2} s",
        r.articles,
        r.stories,
        r.scored,
        r.thresholds.wholly_verbatim,
        r.thresholds.partially_copied,
        output::table(
            &["gold class", "articles", "predicted W / P / N", "precision", "recall", "F1"],
            &rows
        ),
        r.macro_f1,
        r.originals[0],
        r.originals[1],
        r.originals[2],
        d.accuracy,
        d.pairs,
        d.reversed,
        d.missing,
        d.accuracy_where_linked,
        r.direction_undated.as_ref().map_or(String::new(), |u| format!(
            "  with an undated end {:.3} of {} ({} reversed, {} without an edge; {:.3} where linked)\n",
            u.accuracy, u.pairs, u.reversed, u.missing, u.accuracy_where_linked
        )),
        r.ingest_link_seconds,
        r.provenance_seconds,
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_align::Order;

    fn edge(copied: f64, verbatim: f64) -> Edge {
        Edge {
            from: "a".into(),
            to: "b".into(),
            order: Order::SourceFirst,
            copied,
            paraphrased: 0.0,
            verbatim,
            longest_verbatim_words: 0,
            credit: None,
            confidence: copied,
        }
    }

    #[test]
    fn the_edge_with_most_copied_text_decides() {
        let t = Thresholds {
            wholly_verbatim: 0.75,
            partially_copied: 0.3,
        };
        assert_eq!(classify([], &t), Derivation::NonDerived);
        assert_eq!(classify([&edge(0.1, 0.05)], &t), Derivation::NonDerived);
        let (weak, edited, whole) = (edge(0.2, 0.1), edge(0.9, 0.2), edge(1.0, 0.98));
        assert_eq!(classify([&weak, &edited], &t), Derivation::Partially);
        assert_eq!(classify([&weak, &edited, &whole], &t), Derivation::Wholly);
    }

    #[test]
    fn relations_map_to_meter_classes() {
        assert_eq!(
            Derivation::of_relation("verbatim"),
            Some(Derivation::Wholly)
        );
        assert_eq!(
            Derivation::of_relation("light"),
            Some(Derivation::Partially)
        );
        assert_eq!(
            Derivation::of_relation("rewrite"),
            Some(Derivation::NonDerived)
        );
        assert_eq!(Derivation::of_relation("original"), None);
    }
}

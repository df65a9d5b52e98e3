//! Terms that set one outlet apart from the others: the log-odds ratio with an informative
//! Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), as z-scores. The prior
//! is the term distribution of a reference corpus, so a word common everywhere needs far more
//! use to stand out than a rare one.

use std::collections::HashMap;

use parallax_align::{EnglishTerms, TermNormalizer};
use parallax_text::words;
use serde::Serialize;

/// One distinctive term of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistinctiveTerm {
    /// The word, lower-cased.
    pub term: String,
    /// z-score of the log-odds ratio of this group against all others (positive: the group
    /// uses it more).
    pub z: f64,
    /// Uses by this group.
    pub count: u32,
}

/// Counts of the content words of `text`, lower-cased: stop words, one-letter words and words
/// holding digits are left out.
pub fn term_counts(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for w in words(text) {
        let lower = w.slice(text).to_lowercase();
        if lower.chars().any(|c| c.is_numeric()) || EnglishTerms.term(&lower).is_none() {
            continue;
        }
        *out.entry(lower).or_insert(0) += 1;
    }
    out
}

/// For each group (outlet) in `groups`, the `limit` terms with the highest z-score against the
/// union of the other groups, keeping those used at least `min_count` times with z > 0.
///
/// `prior` holds a reference corpus's term counts; it is scaled to `prior_mass` pseudo-counts
/// (with half a count for terms it lacks), which sets how strongly rare observations are
/// shrunk towards the corpus.
pub fn distinctive(
    groups: &[(String, HashMap<String, u32>)],
    prior: &HashMap<String, u64>,
    prior_mass: f64,
    limit: usize,
    min_count: u32,
) -> Vec<(String, Vec<DistinctiveTerm>)> {
    let mut total: HashMap<&str, u64> = HashMap::new();
    for (_, counts) in groups {
        for (t, &c) in counts {
            *total.entry(t.as_str()).or_insert(0) += u64::from(c);
        }
    }
    let vocab = prior.len().max(total.len()) as f64;
    let prior_total: f64 = prior.values().sum::<u64>() as f64 + 0.5 * vocab;
    let alpha =
        |t: &str| prior_mass * (prior.get(t).copied().unwrap_or(0) as f64 + 0.5) / prior_total;
    let all_n: f64 = total.values().sum::<u64>() as f64;
    groups
        .iter()
        .map(|(name, counts)| {
            let n_i: f64 = counts.values().map(|&c| f64::from(c)).sum();
            let n_j = all_n - n_i;
            let mut terms: Vec<DistinctiveTerm> = counts
                .iter()
                .filter(|(_, &c)| c >= min_count)
                .map(|(t, &c)| {
                    let a = alpha(t);
                    let y_i = f64::from(c);
                    let y_j = total[t.as_str()] as f64 - y_i;
                    let odds = |y: f64, n: f64| ((y + a) / (n + prior_mass - y - a)).ln();
                    let delta = odds(y_i, n_i) - odds(y_j, n_j);
                    let var = 1.0 / (y_i + a) + 1.0 / (y_j + a);
                    DistinctiveTerm {
                        term: t.clone(),
                        z: delta / var.sqrt(),
                        count: c,
                    }
                })
                .filter(|d| d.z > 0.0)
                .collect();
            terms.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
            terms.truncate(limit);
            (name.clone(), terms)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_skip_stop_words_and_numbers() {
        let c = term_counts("The regime and the regime's 18 snipers");
        assert_eq!(c.get("regime"), Some(&2));
        assert_eq!(c.get("snipers"), Some(&1));
        assert!(!c.contains_key("the") && !c.contains_key("18"));
    }

    #[test]
    fn log_odds_ranks_what_each_group_uses_more() {
        let a = term_counts("regime regime regime regime entity march march gaza gaza");
        let b = term_counts("entity entity entity entity regime march march gaza gaza");
        let mut prior: HashMap<String, u64> = HashMap::new();
        for c in [&a, &b] {
            for (t, &n) in c {
                *prior.entry(t.clone()).or_insert(0) += u64::from(n);
            }
        }
        let out = distinctive(&[("a".into(), a), ("b".into(), b)], &prior, 10.0, 5, 1);
        assert_eq!(out[0].1[0].term, "regime");
        assert_eq!(out[1].1[0].term, "entity");
        // Words both use alike are not distinctive for either.
        assert!(out.iter().all(|(_, t)| t.iter().all(|d| d.term != "gaza")));
        // Four uses against one outrank two against one.
        let a = term_counts("regime regime regime regime entity march march gaza gaza");
        let b = term_counts("entity entity entity entity regime march gaza gaza");
        let out = distinctive(&[("a".into(), a), ("b".into(), b)], &prior, 10.0, 5, 1);
        let terms: Vec<&str> = out[0].1.iter().map(|d| d.term.as_str()).collect();
        assert_eq!(terms, ["regime", "march"]);
    }
}

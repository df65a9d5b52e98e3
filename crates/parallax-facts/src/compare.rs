//! Facts compared across the outlets of a story: discrepancies (the same quantity of the same
//! thing with values no reading can reconcile) and facts only some outlets state.

use std::collections::BTreeSet;

use crate::extract::Fact;

/// The facts of one article and the outlet that published it.
#[derive(Debug, Clone)]
pub struct DocFacts {
    /// The outlet's name; articles of one outlet are pooled.
    pub outlet: String,
    /// The article's facts, from [`extract`](crate::extract).
    pub facts: Vec<Fact>,
}

/// A fact, as an index pair: the document in the input, then the fact in it.
pub(crate) type FactRef = (usize, usize);

/// Two outlets stating incompatible values for the same quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Discrepancy {
    /// The shared measure.
    pub measure: String,
    /// The subject when either fact names one.
    pub subject: Option<String>,
    /// The fact of one outlet.
    pub a: FactRef,
    /// The fact of the other.
    pub b: FactRef,
    /// Why they conflict, in words.
    pub why: String,
}

/// A fact that only some of the story's outlets state (none of the others states a value of
/// that measure that agrees with it).
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    /// The fact, as first stated.
    pub fact: FactRef,
    /// Outlets stating an agreeing value.
    pub outlets_with: Vec<String>,
    /// The story's other outlets.
    pub outlets_without: Vec<String>,
}

/// Discrepancies and partial facts of a story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Conflicting pairs, each once.
    pub discrepancies: Vec<Discrepancy>,
    /// Facts missing from some outlets.
    pub partial: Vec<Partial>,
}

/// Measures that place an event or describe one person among several; outlets legitimately
/// cite different ones, so they are neither compared nor listed as partial.
const NOT_COMPARED: &[&str] = &["date", "year", "duration", "age"];

/// True for the measures whose conflicts are reported: the lexicon's (people killed, injured,
/// arrested, protesters…). A counted noun ("blocks", "rounds") or an amount of money has too
/// many referents in one story to call two values a conflict without more context.
fn conflicts_reported(measure: &str) -> bool {
    crate::extract::is_lexicon_measure(measure)
}

/// True when two facts may be about the same quantity: same measure, and neither subject nor
/// time tells them apart.
fn comparable(f: &Fact, g: &Fact) -> bool {
    f.measure == g.measure && same_subject(f, g) && same_time(f, g)
}

fn same_subject(f: &Fact, g: &Fact) -> bool {
    match (&f.subject, &g.subject) {
        (Some(a), Some(b)) => {
            let norm = |s: &str| s.to_lowercase().trim_end_matches('s').to_string();
            norm(a) == norm(b)
        }
        _ => true,
    }
}

/// Times conflict only when both are dated and the dates differ, or when one is a running
/// total ("since March 30") and the other is not.
fn same_time(f: &Fact, g: &Fact) -> bool {
    let (Some(a), Some(b)) = (&f.time, &g.time) else {
        return true;
    };
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let since = |s: &str| s.starts_with("since");
    if since(&a) != since(&b) {
        return false;
    }
    let dated = |s: &str| s.bytes().any(|c| c.is_ascii_digit());
    let bare = |s: &str| {
        s.trim_start_matches("since ")
            .trim_start_matches("on ")
            .to_string()
    };
    !(dated(&a) && dated(&b) && bare(&a) != bare(&b))
}

fn agrees(f: &Fact, g: &Fact) -> bool {
    f.as_quantity().agrees_with(&g.as_quantity())
}

/// Compares the facts of a story's documents.
pub fn compare(docs: &[DocFacts]) -> Comparison {
    let outlets: BTreeSet<&str> = docs.iter().map(|d| d.outlet.as_str()).collect();
    let all: Vec<FactRef> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.facts.len()).map(move |i| (d, i)))
        .filter(|&(d, i)| !NOT_COMPARED.contains(&docs[d].facts[i].measure.as_str()))
        .collect();
    let fact = |r: FactRef| &docs[r.0].facts[r.1];
    let outlet = |r: FactRef| docs[r.0].outlet.as_str();
    let mut out = Comparison::default();
    for &f in &all {
        // The other outlets' facts of the same quantity.
        let mut by_outlet: Vec<&str> = outlets
            .iter()
            .copied()
            .filter(|o| *o != outlet(f))
            .collect();
        by_outlet.sort_unstable();
        if !conflicts_reported(&fact(f).measure) || fact(f).individual {
            by_outlet.clear();
        }
        for o in by_outlet {
            let same_quantity: Vec<FactRef> = all
                .iter()
                .copied()
                .filter(|&g| outlet(g) == o && comparable(fact(f), fact(g)))
                .collect();
            if same_quantity.iter().any(|&g| agrees(fact(f), fact(g))) {
                continue;
            }
            let cands: Vec<FactRef> = same_quantity
                .into_iter()
                .filter(|&g| !fact(g).individual)
                .collect();
            if cands.is_empty() {
                continue;
            }
            let g = *cands
                .iter()
                .min_by(|&&x, &&y| {
                    let d = |r: FactRef| (fact(r).value - fact(f).value).abs();
                    d(x).total_cmp(&d(y))
                })
                .expect("not empty");
            // When f's own outlet also states g's value, the two outlets agree on g and f is
            // about something else ("2 killed last year").
            let own_agrees = all.iter().any(|&h| {
                outlet(h) == outlet(f) && comparable(fact(h), fact(g)) && agrees(fact(h), fact(g))
            });
            // One conflict is reported once however often each outlet repeats its figure.
            let same = |x: FactRef, y: FactRef| {
                outlet(x) == outlet(y) && comparable(fact(x), fact(y)) && agrees(fact(x), fact(y))
            };
            let seen = out
                .discrepancies
                .iter()
                .any(|x| (same(x.a, g) && same(x.b, f)) || (same(x.a, f) && same(x.b, g)));
            if own_agrees || seen {
                continue;
            }
            out.discrepancies.push(Discrepancy {
                measure: fact(f).measure.clone(),
                subject: fact(f).subject.clone().or_else(|| fact(g).subject.clone()),
                a: f,
                b: g,
                why: format!(
                    "{} says {}, {} says {} {}{}: no value fits both",
                    outlet(f),
                    describe(fact(f)),
                    o,
                    describe(fact(g)),
                    fact(f).measure,
                    fact(f)
                        .subject
                        .as_ref()
                        .or(fact(g).subject.as_ref())
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default(),
                ),
            });
        }
        // Which outlets state an agreeing value.
        let with: BTreeSet<&str> = all
            .iter()
            .copied()
            .filter(|&g| comparable(fact(f), fact(g)) && agrees(fact(f), fact(g)))
            .map(outlet)
            .collect();
        if with.len() == outlets.len() {
            continue;
        }
        let covered = out.partial.iter().any(|p| {
            comparable(fact(p.fact), fact(f))
                && agrees(fact(p.fact), fact(f))
                && p.outlets_with
                    .iter()
                    .map(String::as_str)
                    .eq(with.iter().copied())
        });
        if !covered {
            out.partial.push(Partial {
                fact: f,
                outlets_with: with.iter().map(|s| s.to_string()).collect(),
                outlets_without: outlets.difference(&with).map(|s| s.to_string()).collect(),
            });
        }
    }
    out
}

/// "almost 1,500 (1350–1500)" style wording of a fact's value.
fn describe(f: &Fact) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    match (&f.approx, f.high) {
        (None, _) => num(f.value),
        (Some(a), Some(h)) => format!("{a} {} ({}–{})", num(f.value), num(f.low), num(h)),
        (Some(a), None) => format!("{a} {} ({} or more)", num(f.value), num(f.low)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn doc(outlet: &str, text: &str) -> DocFacts {
        DocFacts {
            outlet: outlet.into(),
            facts: extract(text),
        }
    }

    #[test]
    fn seventeen_against_eighteen_killed_is_a_discrepancy() {
        let docs = [
            doc("a", "Soldiers killed 17 protesters on Friday."),
            doc("b", "On Friday 18 protesters were killed."),
        ];
        let c = compare(&docs);
        assert_eq!(c.discrepancies.len(), 1, "{c:?}");
        let d = &c.discrepancies[0];
        assert_eq!(d.measure, "killed");
        assert_eq!(docs[d.a.0].facts[d.a.1].value, 17.0);
        assert_eq!(docs[d.b.0].facts[d.b.1].value, 18.0);
        assert!(d.why.contains("no value fits both"), "{}", d.why);
    }

    #[test]
    fn approximate_and_exact_values_that_agree_are_no_conflict() {
        let docs = [
            doc("a", "Medics said 1,492 people were injured."),
            doc("b", "Almost 1,500 were wounded, and eighteen were killed."),
            doc("c", "Israeli fire killed 18 and wounded nearly 1,500."),
        ];
        let c = compare(&docs);
        assert!(c.discrepancies.is_empty(), "{c:?}");
        // The death toll is missing from outlet a only.
        let killed: Vec<&Partial> = c
            .partial
            .iter()
            .filter(|p| docs[p.fact.0].facts[p.fact.1].measure == "killed")
            .collect();
        assert_eq!(killed.len(), 1, "{c:?}");
        assert_eq!(killed[0].outlets_with, ["b", "c"]);
        assert_eq!(killed[0].outlets_without, ["a"]);
    }

    #[test]
    fn facts_of_other_subjects_or_dates_do_not_conflict() {
        let docs = [
            doc(
                "a",
                "On March 30, 17 protesters were killed. In all, 2 soldiers were killed.",
            ),
            doc(
                "b",
                "On April 6, 9 protesters were killed. 2 soldiers were killed.",
            ),
        ];
        let c = compare(&docs);
        assert!(c.discrepancies.is_empty(), "{c:?}");
    }

    #[test]
    fn ages_and_single_people_are_not_held_against_totals() {
        let docs = [
            doc("a", "A 19-year-old man was wounded. 4 people were wounded."),
            doc("b", "The 20-year-old victim was among 4 people wounded."),
        ];
        let c = compare(&docs);
        assert!(c.discrepancies.is_empty(), "{c:?}");
    }

    #[test]
    fn an_outlet_that_also_states_the_other_value_is_not_in_conflict() {
        let docs = [
            doc(
                "a",
                "3 people were killed on Friday and 1 killed in an earlier attack.",
            ),
            doc("b", "3 people were killed on Friday."),
        ];
        assert!(compare(&docs).discrepancies.is_empty());
    }
}

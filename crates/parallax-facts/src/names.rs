//! Names per referent. Noun phrases ("the occupying regime", "Imam Khamenei") are found in each
//! text; two phrases of different outlets name one referent when aligned passages put them in
//! the same slot: the same substituted words of a diff, the same word before them ("fight
//! against ___"), or the speaker of the same statement ("___ said"). Within one text, phrases
//! with the same head noun, the same surname, or an organisation head sharing a proper
//! modifier ("the Zionist regime", "the Zionist entity") are joined too, so each referent
//! collects every name its outlets use.

use std::collections::{BTreeMap, HashMap};

use parallax_align::{Alignment, DiffOp, EnglishTerms, PassageKind, TermNormalizer};
use parallax_text::calendar::{is_full_month, weekday};
use parallax_text::Span;

use crate::quantity::{tokenize, Token};

/// One text of a story, with its outlet.
#[derive(Debug, Clone)]
pub struct NamedDoc<'t> {
    /// The outlet's name.
    pub outlet: String,
    /// The text the alignments and spans refer to.
    pub text: &'t str,
}

/// One name as used in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the text in the input.
    pub doc: usize,
    /// The name as written.
    pub name: String,
    /// Its bytes in the text.
    pub span: Span,
}

/// A referent the outlets name differently: one mention per distinct name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referent {
    /// The names, by text order, then position.
    pub names: Vec<Mention>,
}

/// Verbs that introduce a statement; the phrase before one is the statement's speaker.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "stressed",
    "noted",
    "reaffirmed",
    "affirmed",
    "underlined",
    "emphasized",
    "emphasised",
    "stated",
    "declared",
    "announced",
    "warned",
    "explained",
    "insisted",
    "urged",
    "told",
    "wrote",
    "argued",
    "claimed",
];

/// Head nouns of organisations and states: two such phrases of one text that share a proper
/// modifier name one body ("the Zionist regime", "the Zionist entity").
const BODY_HEADS: &[&str] = &[
    "regime",
    "entity",
    "government",
    "state",
    "occupation",
    "administration",
    "authorities",
    "authority",
    "army",
    "military",
    "forces",
    "movement",
    "group",
    "organization",
    "organisation",
    "party",
    "coalition",
    "militia",
];

/// Last words of institution and place names, never surnames ("Mount Sinai Hospital",
/// "Stroger Hospital").
const INSTITUTION_HEADS: &[&str] = &[
    "hospital",
    "center",
    "centre",
    "county",
    "police",
    "department",
    "school",
    "university",
    "college",
    "street",
    "avenue",
    "road",
    "park",
    "church",
    "company",
    "office",
    "court",
    "city",
    "state",
    "council",
    "agency",
    "ministry",
    "news",
    "times",
    "post",
    "press",
    "side",
    "river",
    "lake",
    "island",
    "airport",
    "station",
    "square",
    "bridge",
    "district",
    "province",
];

/// Words before a phrase too common to mark a slot.
const WEAK_ANCHORS: &[&str] = &[
    "and", "or", "of", "that", "as", "is", "was", "the", "a", "an",
];

/// A noun phrase of one text.
#[derive(Debug, Clone)]
struct Phrase {
    span: Span,
    /// Index of its first token (the article "the" for definite phrases).
    first: usize,
    /// Index after its last token.
    end: usize,
    /// The head (last) word, lower-cased.
    head: String,
    /// Starts with "the".
    definite: bool,
    /// Capitalised words before the head, lower-cased.
    proper_modifiers: Vec<String>,
    /// The first word after "the", lower-cased (a title: "the Imam" ~ "Imam Khamenei").
    lead: String,
}

/// Day and month names: times, not referents.
fn is_calendar(lower: &str) -> bool {
    weekday(lower).is_some() || is_full_month(lower)
}

fn is_stop(lower: &str) -> bool {
    EnglishTerms.term(lower).is_none()
}

fn capitalised(text: &str, t: &Token) -> bool {
    t.span
        .slice(text)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Text between two tokens that a phrase may span: spaces, quotes and brackets.
fn joins(gap: &str) -> bool {
    gap.chars().all(|c| {
        c.is_whitespace() && c != '\n'
            || matches!(c, '"' | '“' | '”' | '‘' | '[' | ']' | '\'' | '’')
    }) && !gap.contains("' ")
        && !gap.contains("’ ")
}

fn gap<'t>(text: &'t str, toks: &[Token], j: usize) -> &'t str {
    &text[toks[j - 1].span.end..toks[j].span.start]
}

/// The noun phrases of `text`: definite phrases ("the occupying regime", "the deceitful, liar
/// and usurper [Zionist] regime") and runs of capitalised words ("Ayatollah Seyyed Ali
/// Khamenei").
fn phrases(text: &str, toks: &[Token]) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].lower == "the" {
            let mut j = i + 1;
            let mut last = None;
            // Tokens a comma precedes, and tokens "and": a comma belongs to the phrase only in
            // a list that "and" closes ("the deceitful, liar and usurper regime").
            let mut commas = Vec::new();
            let mut ands = Vec::new();
            while j < toks.len() && j - i <= 8 {
                if gap(text, toks, j).contains(',') {
                    commas.push(j);
                }
                if toks[j].lower == "and" {
                    ands.push(j);
                }
                let g = gap(text, toks, j);
                let w = toks[j].lower.as_str();
                let listed = g.trim() == "," || w == "and";
                if !(joins(g) || g.trim() == ",") {
                    break;
                }
                // "the combatant and resistant wing", but not "the Muslim world and
                // intensifying the fight".
                if w == "and" && toks.get(j + 1).is_some_and(|t| t.lower.ends_with("ing")) {
                    break;
                }
                if w == "and" || (listed && last.is_none()) {
                    if w == "and" && last.is_none() {
                        break;
                    }
                    j += 1;
                    continue;
                }
                // A stop word, a possessive or a past-tense verb after the noun ends the phrase.
                // Numbers are facts, not names ("the 700 block").
                let numeric = w.as_bytes()[0].is_ascii_digit();
                if is_stop(w) || is_calendar(w) || numeric || (last.is_some() && w.ends_with("ed"))
                {
                    break;
                }
                if g.trim() == "," && toks.get(j + 1).is_none() {
                    break;
                }
                last = Some(j);
                j += 1;
            }
            if let Some(c) = commas.iter().copied().find(|&c| {
                last.is_some_and(|l| c <= l)
                    && !ands.iter().any(|&a| a > c && last.is_some_and(|l| a < l))
            }) {
                last = (i + 1..c).rev().find(|&k| toks[k].lower != "and");
            }
            if let Some(l) = last {
                out.push(phrase(text, toks, i, l + 1, true));
                i = l + 1;
                continue;
            }
        } else if capitalised(text, &toks[i]) && !toks[i].lower.as_bytes()[0].is_ascii_digit() {
            let mut j = i + 1;
            while j < toks.len() && capitalised(text, &toks[j]) && joins(gap(text, toks, j)) {
                j += 1;
            }
            let mut start = i;
            let opener = i == 0 || gap(text, toks, i).contains(['.', '\n', '“', '"', '!', '?']);
            // A sentence opener that reads as a verb or adverb ("Underlining Iran's stance").
            if opener
                && ["ing", "ly", "ed"]
                    .iter()
                    .any(|x| toks[i].lower.ends_with(x))
            {
                start += 1;
            }
            // A capitalised function word or a lone sentence opener is no name.
            while start < j && (is_stop(&toks[start].lower) || is_calendar(&toks[start].lower)) {
                start += 1;
            }
            while j > start && is_calendar(&toks[j - 1].lower) {
                j -= 1;
            }
            if j > start && !(j - start == 1 && opener && start == i) {
                out.push(phrase(text, toks, start, j, false));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn phrase(text: &str, toks: &[Token], first: usize, end: usize, definite: bool) -> Phrase {
    let body = if definite { first + 1 } else { first };
    Phrase {
        span: Span::new(toks[first].span.start, toks[end - 1].span.end),
        first,
        end,
        head: toks[end - 1].lower.clone(),
        definite,
        proper_modifiers: (body..end - 1)
            .filter(|&k| capitalised(text, &toks[k]))
            .map(|k| toks[k].lower.clone())
            .collect(),
        lead: toks[body].lower.clone(),
    }
}

/// A name as compared: lower-case words, without "the", quotes or brackets.
fn normal(text: &str, span: Span) -> String {
    let words: Vec<String> = parallax_text::words(span.slice(text))
        .map(|w| w.slice(span.slice(text)).to_lowercase())
        .collect();
    let skip = usize::from(words.first().is_some_and(|w| w == "the"));
    words[skip..].join(" ")
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let next = self.0[y];
            self.0[y] = r;
            y = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The speaker phrase of a statement inside `within`: the phrase just before the first
/// reporting verb, or the phrase an "of" chain hangs from ("the Leader of the Revolution said").
fn speaker(
    text: &str,
    toks: &[Token],
    ps: &[usize],
    all: &[Phrase],
    within: Span,
) -> Option<usize> {
    let verb = toks.iter().position(|t| {
        t.span.start >= within.start
            && t.span.end <= within.end + 16
            && REPORTING.contains(&t.lower.as_str())
    })?;
    let mut best = ps
        .iter()
        .copied()
        .filter(|&p| all[p].end <= verb && verb - all[p].end <= 3)
        .filter(|&p| (all[p].end..verb).all(|k| !gap(text, toks, k + 1).contains(['.', ';', '\n'])))
        .max_by_key(|&p| all[p].end)?;
    // "the Supreme Leader of the Islamic Revolution said": climb the "of" chain.
    while let Some(prev) = ps
        .iter()
        .copied()
        .find(|&p| all[p].end + 1 == all[best].first && toks[all[p].end].lower == "of")
    {
        best = prev;
    }
    Some(best)
}

/// Referents the texts name differently, found through `alignments` (each `(a, b, alignment)`
/// aligns text `a` with text `b`). Only referents with names from at least two outlets, where
/// some outlet uses a name the others do not, are returned.
pub fn referents(
    docs: &[NamedDoc<'_>],
    alignments: &[(usize, usize, &Alignment)],
) -> Vec<Referent> {
    let toks: Vec<Vec<Token>> = docs.iter().map(|d| tokenize(d.text)).collect();
    let per_doc: Vec<Vec<Phrase>> = docs
        .iter()
        .zip(&toks)
        .map(|(d, t)| phrases(d.text, t))
        .collect();
    // Global phrase index: offset of each doc's first phrase.
    let mut base = Vec::with_capacity(docs.len());
    let mut n = 0;
    for p in &per_doc {
        base.push(n);
        n += p.len();
    }
    let mut uf = UnionFind((0..n).collect());
    let mut linked = vec![false; n];
    // A definite phrase refers back to the nearest earlier definite phrase of the same head
    // whose proper modifiers it does not contradict ("the occupying regime" … "the Zionist
    // regime"; but not "the South Shore neighborhood" … "the Woodlawn neighborhood"). Only the
    // nearest, so a bare "the neighborhood" does not join every neighbourhood of the text.
    let mut antecedent: Vec<Option<usize>> = vec![None; n];
    for (d, ps) in per_doc.iter().enumerate() {
        for y in 0..ps.len() {
            let q = &ps[y];
            if !q.definite {
                continue;
            }
            let subset = |a: &[String], b: &[String]| a.iter().all(|m| b.contains(m));
            antecedent[base[d] + y] = (0..y).rev().find(|&x| {
                let p = &ps[x];
                p.definite
                    && p.head == q.head
                    && (subset(&p.proper_modifiers, &q.proper_modifiers)
                        || subset(&q.proper_modifiers, &p.proper_modifiers))
            });
        }
    }
    // Within one text: antecedents, a title matching a name's first word, organisation heads
    // sharing a proper modifier.
    for (d, ps) in per_doc.iter().enumerate() {
        for x in 0..ps.len() {
            for y in x + 1..ps.len() {
                let (p, q) = (&ps[x], &ps[y]);
                let same = (p.definite && q.definite && antecedent[base[d] + y] == Some(x))
                    // "the Imam" after "Imam Khamenei": the nearest earlier name with that title.
                    || (q.definite
                        && !p.definite
                        && q.head == q.lead
                        && (x..y).rev().find(|&k| {
                            let c = &ps[k];
                            !c.definite && c.lead == q.head && c.end - c.first > 1
                        }) == Some(x))
                    || (p.definite
                        && q.definite
                        && BODY_HEADS.contains(&p.head.as_str())
                        && BODY_HEADS.contains(&q.head.as_str())
                        && p.proper_modifiers
                            .iter()
                            .any(|m| q.proper_modifiers.contains(m)));
                if same {
                    uf.union(base[d] + x, base[d] + y);
                }
            }
        }
    }
    // Across the story: the same name, or capitalised names sharing their last word (a surname).
    let all: Vec<(usize, usize)> = per_doc
        .iter()
        .enumerate()
        .flat_map(|(d, ps)| (0..ps.len()).map(move |x| (d, x)))
        .collect();
    // Words the story writes in lower case somewhere are common nouns ("hospital"), not
    // surnames.
    let lower_words: std::collections::HashSet<&str> = docs
        .iter()
        .flat_map(|d| parallax_text::words(d.text).map(move |w| w.slice(d.text)))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut by_surname: HashMap<String, usize> = HashMap::new();
    for &(d, x) in &all {
        let p = &per_doc[d][x];
        let g = base[d] + x;
        let key = normal(docs[d].text, p.span);
        if let Some(&h) = by_name.get(&key) {
            uf.union(g, h);
        } else {
            by_name.insert(key, g);
        }
        if !p.definite
            && p.end - p.first > 1
            && !lower_words.contains(p.head.as_str())
            && !INSTITUTION_HEADS.contains(&p.head.as_str())
        {
            if let Some(&h) = by_surname.get(&p.head) {
                uf.union(g, h);
            } else {
                by_surname.insert(p.head.clone(), g);
            }
        }
    }
    // Slots of aligned passages.
    for &(a, b, al) in alignments {
        for passage in &al.passages {
            // Passages stating numbers, none of them shared, tell different events in one
            // template ("a 23-year-old … in the 700 block" against "a 17-year-old … in the 3300
            // block"): their slots hold different things, not different names.
            let numbers = |d: usize, within: Span| -> Vec<&str> {
                toks[d]
                    .iter()
                    .filter(|t| inside(t.span, within) && t.lower.as_bytes()[0].is_ascii_digit())
                    .map(|t| t.lower.as_str())
                    .collect()
            };
            let (na, nb) = (numbers(a, passage.a), numbers(b, passage.b));
            if !na.is_empty() && !nb.is_empty() && !na.iter().any(|x| nb.contains(x)) {
                continue;
            }
            let in_a: Vec<usize> = (0..per_doc[a].len())
                .filter(|&x| inside(per_doc[a][x].span, passage.a))
                .collect();
            let in_b: Vec<usize> = (0..per_doc[b].len())
                .filter(|&x| inside(per_doc[b][x].span, passage.b))
                .collect();
            let mut pairs = Vec::new();
            // In an edited passage, a substitution that touches one phrase on each side swaps
            // one name for another. (Paraphrase diffs are too coarse for that.)
            let diff = if passage.kind == PassageKind::Edited {
                &passage.diff[..]
            } else {
                &[]
            };
            for op in diff {
                if let DiffOp::Substitute { a: sa, b: sb } = op {
                    let pa: Vec<usize> = in_a
                        .iter()
                        .copied()
                        .filter(|&x| overlaps(per_doc[a][x].span, *sa))
                        .collect();
                    let pb: Vec<usize> = in_b
                        .iter()
                        .copied()
                        .filter(|&y| overlaps(per_doc[b][y].span, *sb))
                        .collect();
                    if let ([x], [y]) = (&pa[..], &pb[..]) {
                        pairs.push((*x, *y));
                    }
                }
            }
            let anchor = |d: usize, x: usize| -> Option<String> {
                let p = &per_doc[d][x];
                let k = p.first.checked_sub(1)?;
                let t = &toks[d];
                let g = &docs[d].text[t[k].span.end..t[p.first].span.start];
                (!g.contains(['.', ',', ';', '\n']) && !WEAK_ANCHORS.contains(&t[k].lower.as_str()))
                    .then(|| t[k].lower.clone())
            };
            let mut anchors_a: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &x in &in_a {
                if let Some(w) = anchor(a, x) {
                    anchors_a.entry(w).or_default().push(x);
                }
            }
            let mut anchors_b: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &y in &in_b {
                if let Some(w) = anchor(b, y) {
                    anchors_b.entry(w).or_default().push(y);
                }
            }
            for (w, xs) in &anchors_a {
                if let Some(ys) = anchors_b.get(w) {
                    if xs.len() == 1 && ys.len() == 1 {
                        pairs.push((xs[0], ys[0]));
                    }
                }
            }
            let sa = speaker(docs[a].text, &toks[a], &in_a, &per_doc[a], passage.a);
            let sb = speaker(docs[b].text, &toks[b], &in_b, &per_doc[b], passage.b);
            if let (Some(x), Some(y)) = (sa, sb) {
                pairs.push((x, y));
            }
            for (x, y) in pairs {
                // Two names of one thing share their head without contradicting proper
                // modifiers ("the occupying regime", "the 'Israeli' occupation regime") or are
                // both proper ("the Supreme Leader", "Imam Khamenei"); "the head" against "the
                // chest" is another fact, not another name.
                let (p, q) = (&per_doc[a][x], &per_doc[b][y]);
                let proper = |d: usize, ph: &Phrase| {
                    let body = if ph.definite { ph.first + 1 } else { ph.first };
                    (body..ph.end).any(|k| capitalised(docs[d].text, &toks[d][k]))
                };
                let subset = |x: &[String], y: &[String]| x.iter().all(|m| y.contains(m));
                let compatible = subset(&p.proper_modifiers, &q.proper_modifiers)
                    || subset(&q.proper_modifiers, &p.proper_modifiers);
                let accepted = if p.head == q.head {
                    compatible // not "the West Side" against "the South Side"
                } else {
                    proper(a, p) && proper(b, q)
                };
                if !accepted {
                    continue;
                }
                let (gx, gy) = (base[a] + x, base[b] + y);
                uf.union(gx, gy);
                linked[gx] = true;
                linked[gy] = true;
            }
        }
    }
    // Group, keep one mention per (text, name), and keep contrasting referents.
    let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(d, x) in &all {
        groups.entry(uf.find(base[d] + x)).or_default().push((d, x));
    }
    let mut out = Vec::new();
    for members in groups.values() {
        if !members.iter().any(|&(d, x)| linked[base[d] + x]) {
            continue;
        }
        let mut names: Vec<Mention> = Vec::new();
        let mut seen: Vec<(usize, String)> = Vec::new();
        for &(d, x) in members {
            let p = &per_doc[d][x];
            let key = normal(docs[d].text, p.span);
            if seen.contains(&(d, key.clone())) {
                continue;
            }
            seen.push((d, key));
            names.push(Mention {
                doc: d,
                name: p.span.slice(docs[d].text).to_string(),
                span: p.span,
            });
        }
        // Contrast: some outlet uses a name that another outlet of the referent never uses.
        let outlet_names = |o: &str| -> Vec<&str> {
            seen.iter()
                .filter(|(d, _)| docs[*d].outlet == o)
                .map(|(_, k)| k.as_str())
                .collect()
        };
        let outlets: Vec<&str> = {
            let mut v: Vec<&str> = seen.iter().map(|(d, _)| docs[*d].outlet.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let contrast = outlets.len() >= 2
            && outlets.iter().any(|o| {
                let mine = outlet_names(o);
                outlets
                    .iter()
                    .filter(|p| *p != o)
                    .any(|p| mine.iter().any(|m| !outlet_names(p).contains(m)))
            });
        if contrast {
            names.sort_by_key(|m| (m.doc, m.span.start));
            out.push(Referent { names });
        }
    }
    out
}

fn inside(s: Span, within: Span) -> bool {
    s.start >= within.start && s.end <= within.end
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_align::{align, AlignParams};

    fn names_of(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        phrases(text, &toks)
            .iter()
            .map(|p| p.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn phrases_cover_definites_and_names() {
        let got = names_of(
            "Talks with the deceitful, liar and usurper [Zionist] regime will fail, Ayatollah Seyyed Ali Khamenei said of the occupying regime and its allies.",
        );
        assert!(
            got.contains(&"the deceitful, liar and usurper [Zionist] regime".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"Ayatollah Seyyed Ali Khamenei".to_string()),
            "{got:?}"
        );
        assert!(got.contains(&"the occupying regime".to_string()), "{got:?}");
    }

    #[test]
    fn odd_texts_give_names_without_panicking() {
        let a = "The “Israeli” [Zionist] regime, the ’ Imam said. Ünal Öz, the 一 二 三 Leader of the, and";
        let b = "The [Zionist] entity, said the Imam. Ünal Öz and the Leader of , the 一 二 the";
        let cuts = |t: &str| -> Vec<usize> {
            (0..=t.len())
                .filter(|&i| t.is_char_boundary(i))
                .step_by(3)
                .collect()
        };
        for &x in &cuts(a) {
            for &y in &cuts(b) {
                let (ta, tb) = (&a[..x], &b[y..]);
                let al = align(ta, tb, &AlignParams::default());
                let docs = [
                    NamedDoc {
                        outlet: "x".into(),
                        text: ta,
                    },
                    NamedDoc {
                        outlet: "y".into(),
                        text: tb,
                    },
                ];
                for r in referents(&docs, &[(0, 1, &al)]) {
                    for m in r.names {
                        assert_eq!(m.span.slice(docs[m.doc].text), m.name);
                    }
                }
            }
        }
    }

    #[test]
    fn aligned_slots_join_names_of_one_referent() {
        let a = "The Governor of the province said on Monday that the fight against the Assad government and its allies must go on until the region is safe again for every family living there.";
        let b = "Governor Maria Lopez said on Monday that the fight against the Syrian regime and its allies must go on until the region is safe again for every family living there.";
        let al = align(a, b, &AlignParams::default());
        assert!(!al.passages.is_empty());
        let docs = [
            NamedDoc {
                outlet: "x".into(),
                text: a,
            },
            NamedDoc {
                outlet: "y".into(),
                text: b,
            },
        ];
        let refs = referents(&docs, &[(0, 1, &al)]);
        let has = |one: &str, other: &str| {
            refs.iter().any(|r| {
                r.names.iter().any(|m| m.doc == 0 && m.name == one)
                    && r.names.iter().any(|m| m.doc == 1 && m.name == other)
            })
        };
        assert!(has("the Assad government", "the Syrian regime"), "{refs:?}");
        assert!(has("The Governor", "Governor Maria Lopez"), "{refs:?}");
        // Names both outlets share ("the region") are no contrast.
        assert!(refs
            .iter()
            .all(|r| r.names.iter().all(|m| m.name != "the region")));
    }
}

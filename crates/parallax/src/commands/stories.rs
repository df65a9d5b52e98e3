//! `parallax stories`, `parallax story ID` and `parallax dups`: what the link stage stored.

use std::collections::{BTreeMap, HashMap, HashSet};

use parallax_store::{DupRow, Store, StoryFilter, StoryMember, StorySummary};
use serde::Serialize;

use crate::cli::{DupsArgs, Global, StoriesArgs, StoryArgs};
use crate::output::{self, clip, table};
use crate::views::contributions::{contributions, ArticleContribution, OutletContribution};
use crate::views::time_filter;
use crate::UserError;

fn day(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

fn linked_store(g: &Global) -> anyhow::Result<Store> {
    let store = super::open_existing_store(g)?;
    if store.story_ids()?.is_empty() && store.stats()?.articles > 0 {
        output::warn("no article is linked yet: run `parallax ingest` without --no-link");
    }
    Ok(store)
}

pub(super) fn list(g: &Global, a: &StoriesArgs) -> anyhow::Result<u8> {
    let store = linked_store(g)?;
    let rows = store.stories(&StoryFilter {
        since: time_filter("--since", a.since.as_deref(), false)?,
        until: time_filter("--until", a.until.as_deref(), true)?,
        outlet: a.outlet.clone(),
        language: a.lang.clone(),
        min_articles: a.min_articles,
        limit: Some(a.limit),
        ..StoryFilter::default()
    })?;
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.articles.to_string(),
                s.outlets.to_string(),
                s.independent.to_string(),
                format!("{} … {}", day(s.first_time), day(s.last_time)),
                s.languages.clone(),
                clip(&s.label, 60),
            ]
        })
        .collect();
    output::out(&table(
        &[
            "STORY",
            "ARTICLES",
            "OUTLETS",
            "INDEPENDENT",
            "SPAN",
            "LANG",
            "LABEL",
        ],
        &body,
    ))?;
    if rows.len() == a.limit {
        output::status(&format!("(first {} shown; --limit N for more)", a.limit));
    }
    Ok(crate::exit::OK)
}

/// One article of `parallax story`, with why it is there.
#[derive(Serialize)]
struct MemberView {
    #[serde(flatten)]
    member: StoryMember,
    /// Terms it shares with the story's earlier articles, strongest first.
    shared_terms: Vec<String>,
    /// Its duplicate and containment links to other articles of the story.
    links: Vec<LinkView>,
}

#[derive(Serialize)]
struct LinkView {
    other: String,
    kind: &'static str,
    jaccard: f64,
    /// Share of this article's text found in the other.
    this_in_other: f64,
    /// Share of the other's text found in this one.
    other_in_this: f64,
}

#[derive(Serialize)]
struct StoryView {
    #[serde(flatten)]
    summary: StorySummary,
    merged: Vec<parallax_store::MergeRow>,
    articles: Vec<MemberView>,
    /// With `--compare`: what each article adds (against the articles that may precede it)
    /// and omits (against its likely source).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    compare: Vec<ArticleContribution>,
    /// With `--compare`: the same split summed per outlet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    outlets: Vec<OutletContribution>,
}

pub(super) fn show(g: &Global, a: &StoryArgs) -> anyhow::Result<u8> {
    let mut store = linked_store(g)?;
    let Some(summary) = store.story(a.id)? else {
        let hint = match store.merged_into(a.id)? {
            Some(to) => format!("; it was merged into story {to}"),
            None => String::new(),
        };
        return Err(UserError(format!("no story {}{hint}", a.id)).into());
    };
    let members = store.story_members(a.id)?;
    let seqs: Vec<i64> = members.iter().map(|m| m.seq).collect();
    let in_story: HashSet<i64> = seqs.iter().copied().collect();
    let ids: HashMap<i64, String> = members.iter().map(|m| (m.seq, m.id.clone())).collect();
    let sources = store.link_sources(&seqs, &store.boilerplate_keys(3)?)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut views = Vec::with_capacity(members.len());
    for (m, s) in members.into_iter().zip(&sources) {
        let text = format!("{}\n\n{}", s.title.as_deref().unwrap_or(""), s.text);
        let terms = parallax_cluster::salient_terms(&text);
        let shared: Vec<String> = terms
            .iter()
            .filter(|(t, _)| seen.contains_key(t))
            .take(a.terms)
            .map(|(t, _)| t.clone())
            .collect();
        for (t, _) in terms {
            *seen.entry(t).or_default() += 1;
        }
        let links = store
            .dup_links_of(m.seq)?
            .into_iter()
            .filter_map(|d: DupRow| {
                let (other, this_in_other, other_in_this) = if d.a == m.seq {
                    (d.b, d.a_in_b, d.b_in_a)
                } else {
                    (d.a, d.b_in_a, d.a_in_b)
                };
                in_story.contains(&other).then(|| LinkView {
                    other: ids[&other].clone(),
                    kind: d.kind,
                    jaccard: d.jaccard,
                    this_in_other,
                    other_in_this,
                })
            })
            .collect();
        views.push(MemberView {
            member: m,
            shared_terms: shared,
            links,
        });
    }
    let (compare, outlets) = if a.compare {
        let params = parallax_align::ProvenanceParams::default();
        let p = crate::views::story::provenance(
            &mut store,
            a.id,
            &params,
            parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES,
        )?;
        let c = contributions(&mut store, &p, &params.align)?;
        (c.articles, c.outlets)
    } else {
        (Vec::new(), Vec::new())
    };
    let view = StoryView {
        merged: store.merges_into(a.id)?,
        summary,
        articles: views,
        outlets,
        compare,
    };
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let s = &view.summary;
    let mut out = format!(
        "story {}: {}\n{} articles, {} outlets, {} independent, {} … {}, languages {}\n",
        s.id,
        s.label,
        s.articles,
        s.outlets,
        s.independent,
        day(s.first_time),
        day(s.last_time),
        if s.languages.is_empty() {
            "-"
        } else {
            &s.languages
        }
    );
    for m in &view.merged {
        out.push_str(&format!(
            "merged story {} in (bridged by article {}, {} similarity {:.2})\n",
            m.absorbed,
            store.article_id(m.article_seq)?.unwrap_or_default(),
            m.reason,
            m.similarity
        ));
    }
    out.push('\n');
    for v in &view.articles {
        let m = &v.member;
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            m.published.as_deref().unwrap_or("undated"),
            m.id,
            m.outlet.as_deref().unwrap_or("-"),
            clip(m.title.as_deref().unwrap_or("-"), 70)
        ));
        let why = match m.placement.as_str() {
            "opened" => "opened the story".to_string(),
            "similar" => format!("joined: probability {:.2} for the story", m.score),
            "duplicate" => format!("joined as a copy (probability {:.2})", m.score),
            "reopened" => format!(
                "reopened the closed story: probability {:.2} for it",
                m.score
            ),
            "undated_duplicate" => format!("undated, placed by a copy (Jaccard {:.2})", m.score),
            "undated_similar" => {
                format!("undated, placed by similarity (probability {:.2})", m.score)
            }
            other => other.replace('_', " "),
        };
        out.push_str(&format!("    {why}"));
        if m.joined != s.id {
            out.push_str(&format!(" (first in story {}, merged)", m.joined));
        }
        out.push('\n');
        if !v.shared_terms.is_empty() {
            out.push_str(&format!("    shared: {}\n", v.shared_terms.join(", ")));
        }
        for l in &v.links {
            out.push_str(&format!(
                "    {} of {}: Jaccard {:.2}, {:.0}% of this in it, {:.0}% of it in this\n",
                l.kind,
                l.other,
                l.jaccard,
                l.this_in_other * 100.0,
                l.other_in_this * 100.0
            ));
        }
    }
    if !view.outlets.is_empty() {
        out.push_str(
            "\nper outlet (words added against the articles that may precede them / omitted from their likely source):\n",
        );
        for o in &view.outlets {
            out.push_str(&format!(
                "    {}  {} article{}: +{} / -{}\n",
                o.outlet,
                o.articles,
                if o.articles == 1 { "" } else { "s" },
                o.added_words,
                o.omitted_words
            ));
        }
    }
    for c in &view.compare {
        match (&c.source, c.covered, c.source_covered) {
            (Some(src), Some(mine), Some(theirs)) => out.push_str(&format!(
                "\n{} against its likely source {}: {:.0}% of it aligned ({} verbatim, {} edited, {} paraphrase), {:.0}% of the source carried\n",
                c.article,
                src,
                mine * 100.0,
                c.verbatim,
                c.edited,
                c.paraphrase,
                theirs * 100.0
            )),
            _ => out.push_str(&format!(
                "\n{}: no likely source in the story; compared with {} article{} that may precede it\n",
                c.article,
                c.compared_with,
                if c.compared_with == 1 { "" } else { "s" }
            )),
        }
        if !c.credited.is_empty() {
            out.push_str(&format!(
                "    credits {} (not in the corpus)\n",
                c.credited.join(", ")
            ));
        }
        for (what, list) in [("adds", &c.added), ("omits", &c.omitted)] {
            for s in list {
                out.push_str(&format!(
                    "    {what} {}..{}  {}\n",
                    s.start,
                    s.end,
                    clip(&s.text.split_whitespace().collect::<Vec<_>>().join(" "), 90)
                ));
            }
        }
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}

#[derive(Serialize)]
struct DupGroup {
    /// Articles joined by exact or near-duplicate links, earliest linked first.
    articles: Vec<String>,
    links: Vec<DupView>,
}

#[derive(Serialize)]
struct DupView {
    a: String,
    b: String,
    kind: &'static str,
    jaccard: f64,
    a_in_b: f64,
    b_in_a: f64,
}

#[derive(Serialize)]
struct DupsView {
    groups: Vec<DupGroup>,
    /// Containment links (trimmed copies): `a` inside `b` when `a_in_b` ≥ the threshold.
    containment: Vec<DupView>,
}

pub(super) fn dups(g: &Global, a: &DupsArgs) -> anyhow::Result<u8> {
    let store = linked_store(g)?;
    let rows = store.dup_links()?;
    let mut ids: HashMap<i64, String> = HashMap::new();
    for d in &rows {
        for seq in [d.a, d.b] {
            if let std::collections::hash_map::Entry::Vacant(e) = ids.entry(seq) {
                e.insert(store.article_id(seq)?.unwrap_or_default());
            }
        }
    }
    // Groups: connected components of exact and near links.
    let mut parent: BTreeMap<i64, i64> = BTreeMap::new();
    fn find(p: &mut BTreeMap<i64, i64>, x: i64) -> i64 {
        let mut r = x;
        while let Some(&n) = p.get(&r) {
            if n == r {
                break;
            }
            r = n;
        }
        p.insert(x, r);
        r
    }
    for d in rows.iter().filter(|d| d.kind != "contained") {
        parent.entry(d.a).or_insert(d.a);
        parent.entry(d.b).or_insert(d.b);
        let (ra, rb) = (find(&mut parent, d.a), find(&mut parent, d.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let keys: Vec<i64> = parent.keys().copied().collect();
    for k in keys {
        let r = find(&mut parent, k);
        members.entry(r).or_default().push(k);
    }
    let mut groups: Vec<(i64, Vec<i64>)> = members
        .into_iter()
        .filter(|(_, m)| m.len() >= a.min_size)
        .collect();
    groups.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(&y.0)));
    groups.truncate(a.limit);
    let mut view = DupsView {
        groups: Vec::new(),
        containment: Vec::new(),
    };
    let link_view = |d: &DupRow| DupView {
        a: ids[&d.a].clone(),
        b: ids[&d.b].clone(),
        kind: d.kind,
        jaccard: d.jaccard,
        a_in_b: d.a_in_b,
        b_in_a: d.b_in_a,
    };
    for (_, m) in &groups {
        let set: HashSet<i64> = m.iter().copied().collect();
        let links = rows
            .iter()
            .filter(|d| d.kind != "contained" && set.contains(&d.a))
            .map(link_view)
            .collect();
        let articles = m.iter().map(|s| ids[s].clone()).collect();
        view.groups.push(DupGroup { articles, links });
    }
    view.containment = rows
        .iter()
        .filter(|d| d.kind == "contained")
        .take(a.limit)
        .map(link_view)
        .collect();
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let mut out = String::new();
    if view.groups.is_empty() {
        out.push_str("no duplicate groups\n");
    }
    for (i, grp) in view.groups.iter().enumerate() {
        out.push_str(&format!(
            "group {} ({} articles)\n",
            i + 1,
            grp.articles.len()
        ));
        for l in &grp.links {
            out.push_str(&format!(
                "    {} ~ {}  {}  Jaccard {:.2}\n",
                l.a, l.b, l.kind, l.jaccard
            ));
        }
    }
    if !view.containment.is_empty() {
        out.push_str("\ncontainment (A inside B)\n");
        let body: Vec<Vec<String>> = view
            .containment
            .iter()
            .map(|l| {
                let (inner, outer, share) = if l.a_in_b >= l.b_in_a {
                    (&l.a, &l.b, l.a_in_b)
                } else {
                    (&l.b, &l.a, l.b_in_a)
                };
                vec![
                    inner.clone(),
                    outer.clone(),
                    format!("{:.0}%", share * 100.0),
                    format!("{:.2}", l.jaccard),
                ]
            })
            .collect();
        out.push_str(&table(&["A", "B", "A IN B", "JACCARD"], &body));
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}

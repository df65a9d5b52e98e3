//! Each article's role in its story: the origins others copied, the copies, and the
//! independent reports. Copies are counted the way the story list counts independent sources:
//! articles joined by duplicate or containment links are one source, so the count here is the
//! story's `independent` figure.

use std::collections::{BTreeMap, HashMap};

use parallax_align::NodeKind;
use parallax_store::Store;
use serde::Serialize;

use super::story::StoryProvenance;

/// A copy and where it comes from.
#[derive(Debug, Serialize)]
pub(crate) struct CopyOf {
    pub(crate) article: String,
    /// The article it copies (inside the story), or the credited agency outside it.
    pub(crate) source: String,
    /// True when the source is a credited agency that the corpus does not hold.
    pub(crate) credited_only: bool,
}

/// The story's sources, as provenance and duplicate links give them.
#[derive(Debug, Serialize)]
pub(crate) struct StoryRoles {
    /// Distinct sources: groups of articles joined by duplicate or containment links.
    pub(crate) independent_sources: usize,
    /// Articles whose text others in the story carry, and credited agencies outside it that
    /// an article copies.
    pub(crate) origins: Vec<String>,
    pub(crate) copies: Vec<CopyOf>,
    /// Articles that neither copy nor are copied.
    pub(crate) independent_reports: Vec<String>,
}

/// Roles of the members of `p`'s story.
pub(crate) fn roles(store: &Store, p: &StoryProvenance) -> anyhow::Result<StoryRoles> {
    let members = &p.members;
    let index: HashMap<i64, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.seq, i))
        .collect();
    // Groups joined by duplicate or containment links (as the story summary counts them).
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        parent[x] = r;
        r
    }
    for m in members {
        for d in store.dup_links_of(m.seq)? {
            if let (Some(&a), Some(&b)) = (index.get(&d.a), index.get(&d.b)) {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let id_index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let credited: HashMap<&str, &str> = p
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::CreditedSource)
        .map(|n| (n.key.as_str(), n.name.as_deref().unwrap_or(n.key.as_str())))
        .collect();
    let mut out = StoryRoles {
        independent_sources: groups.len(),
        origins: Vec::new(),
        copies: Vec::new(),
        independent_reports: Vec::new(),
    };
    let mut agencies_copied: Vec<String> = Vec::new();
    for group in groups.values() {
        // The group's origin: the member that no other member of the group is a provenance
        // source of (the first in story order when the graph cannot tell).
        let sourced_inside = |i: usize| {
            p.graph.edges.iter().any(|e| {
                e.to == members[i].id
                    && id_index
                        .get(e.from.as_str())
                        .is_some_and(|&s| s != i && group.contains(&s))
            })
        };
        let origin = group
            .iter()
            .copied()
            .find(|&i| !sourced_inside(i))
            .unwrap_or(group[0]);
        if group.len() > 1 {
            out.origins.push(members[origin].id.clone());
            for &i in group.iter().filter(|&&i| i != origin) {
                // Its strongest provenance source inside the group, else the group's origin.
                let source = p
                    .graph
                    .edges
                    .iter()
                    .filter(|e| e.to == members[i].id)
                    .find_map(|e| id_index.get(e.from.as_str()).filter(|s| group.contains(s)))
                    .copied()
                    .unwrap_or(origin);
                out.copies.push(CopyOf {
                    article: members[i].id.clone(),
                    source: members[source].id.clone(),
                    credited_only: false,
                });
            }
            continue;
        }
        // A single article: a copy of a credited agency outside the corpus, or independent.
        let agency = p
            .graph
            .edges
            .iter()
            .filter(|e| e.to == members[origin].id)
            .find_map(|e| credited.get(e.from.as_str()));
        match agency {
            Some(name) => {
                if !agencies_copied.iter().any(|a| a == name) {
                    agencies_copied.push(name.to_string());
                }
                out.copies.push(CopyOf {
                    article: members[origin].id.clone(),
                    source: name.to_string(),
                    credited_only: true,
                });
            }
            None => out.independent_reports.push(members[origin].id.clone()),
        }
    }
    out.origins.extend(agencies_copied);
    Ok(out)
}

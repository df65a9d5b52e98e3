//! Online story clustering: articles arrive in time order and each joins the most similar
//! active story or opens a new one.
//!
//! An article is a sparse TF-IDF vector over its words (stop words removed), plus its
//! capitalised phrases (names of people, places, organisations) as separate, heavier features,
//! and its numbers. A story keeps the sum of its members' vectors; similarity is the cosine to
//! that centroid. Stories whose newest article is older than the window are retired, which
//! bounds memory by the window, not the corpus. IDF is learned as the stream goes.

use std::collections::HashMap;

use crate::features::StoryFeatures;

/// Settings of the clusterer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryParams {
    /// Minimum cosine to join a story.
    pub threshold: f64,
    /// Stories idle for longer than this (seconds) are closed.
    pub window_secs: i64,
    /// Weight of a capitalised phrase relative to a word.
    pub entity_weight: f32,
    /// Weight of a number relative to a word.
    pub number_weight: f32,
    /// Use names and numbers at all (off gives the plain TF-IDF baseline).
    pub use_entities: bool,
}

impl Default for StoryParams {
    fn default() -> Self {
        Self {
            threshold: 0.16,
            window_secs: 14 * 86_400,
            entity_weight: 2.0,
            number_weight: 1.0,
            use_entities: true,
        }
    }
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// The story (dense, in order of creation).
    pub story: u32,
    /// Cosine to the story it joined (0 for a new story).
    pub score: f64,
    /// True when the article opened the story.
    pub opened: bool,
}

struct Story {
    centroid: HashMap<u64, f32>,
    norm_sq: f64,
    last_time: Option<i64>,
    open: bool,
}

/// The online clusterer.
pub struct StoryClusterer {
    params: StoryParams,
    df: HashMap<u64, u32>,
    docs: u32,
    stories: Vec<Story>,
    /// Feature → stories that carry it strongly (candidate retrieval).
    index: HashMap<u64, Vec<u32>>,
}

/// Features per article used to find candidate stories.
const INDEX_TOP: usize = 64;

impl StoryClusterer {
    /// An empty clusterer.
    pub fn new(params: StoryParams) -> Self {
        Self {
            params,
            df: HashMap::new(),
            docs: 0,
            stories: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Number of stories opened so far.
    pub fn stories(&self) -> usize {
        self.stories.len()
    }

    /// Adds one article (in time order) and returns its story.
    pub fn add(&mut self, f: &StoryFeatures) -> Assignment {
        self.docs += 1;
        for (k, _) in &f.features {
            *self.df.entry(*k).or_default() += 1;
        }
        let n = f64::from(self.docs);
        let mut vec: Vec<(u64, f32)> = f
            .features
            .iter()
            .map(|&(k, w)| {
                let df = f64::from(*self.df.get(&k).unwrap_or(&1));
                (k, (f64::from(w) * ((n + 1.0) / df).ln()) as f32)
            })
            .collect();
        let norm = vec
            .iter()
            .map(|(_, w)| f64::from(*w).powi(2))
            .sum::<f64>()
            .sqrt()
            .max(1e-9);
        for v in &mut vec {
            v.1 = (f64::from(v.1) / norm) as f32;
        }
        // Close stories that fell out of the window.
        if let Some(t) = f.time {
            for s in self.stories.iter_mut().filter(|s| s.open) {
                if s.last_time
                    .is_some_and(|lt| t - lt > self.params.window_secs)
                {
                    s.open = false;
                    s.centroid = HashMap::new();
                }
            }
        }
        let mut top: Vec<(u64, f32)> = vec.clone();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(INDEX_TOP);
        let mut candidates: Vec<u32> = top
            .iter()
            .filter_map(|(k, _)| self.index.get(k))
            .flatten()
            .copied()
            .filter(|&s| self.stories[s as usize].open)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(u32, f64)> = None;
        for c in candidates {
            let s = &self.stories[c as usize];
            let dot: f64 = vec
                .iter()
                .map(|(k, w)| f64::from(*w) * f64::from(*s.centroid.get(k).unwrap_or(&0.0)))
                .sum();
            let cos = dot / s.norm_sq.sqrt().max(1e-9);
            if best.is_none_or(|(_, b)| cos > b) {
                best = Some((c, cos));
            }
        }
        let (story, score, opened) = match best {
            Some((c, cos)) if cos >= self.params.threshold => (c, cos, false),
            _ => {
                self.stories.push(Story {
                    centroid: HashMap::new(),
                    norm_sq: 0.0,
                    last_time: None,
                    open: true,
                });
                ((self.stories.len() - 1) as u32, 0.0, true)
            }
        };
        let s = &mut self.stories[story as usize];
        for (k, w) in &vec {
            *s.centroid.entry(*k).or_default() += *w;
        }
        s.norm_sq = s.centroid.values().map(|w| f64::from(*w).powi(2)).sum();
        if let Some(t) = f.time {
            s.last_time = Some(s.last_time.map_or(t, |lt| lt.max(t)));
        }
        for (k, _) in &top {
            let list = self.index.entry(*k).or_default();
            if list.last() != Some(&story) {
                list.push(story);
            }
        }
        Assignment {
            story,
            score,
            opened,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str, day: i64) -> StoryFeatures {
        StoryFeatures::of(None, text, Some(day * 86_400), &StoryParams::default())
    }

    #[test]
    fn same_event_joins_and_other_event_opens() {
        let mut c = StoryClusterer::new(StoryParams::default());
        let a = c.add(&feats("A gunman shot two people outside the Riverton Mall on Friday, police in Riverton said.", 0));
        let b = c.add(&feats("Police in Riverton said two people were shot outside the Riverton Mall on Friday night.", 0));
        let d = c.add(&feats(
            "The Springfield council approved the new library budget after a long debate on taxes.",
            0,
        ));
        assert!(a.opened);
        assert_eq!(b.story, a.story, "score {}", b.score);
        assert!(d.opened);
    }

    #[test]
    fn stories_close_after_the_window() {
        let mut c = StoryClusterer::new(StoryParams::default());
        let a = c.add(&feats("A gunman shot two people outside the Riverton Mall on Friday, police in Riverton said.", 0));
        let b = c.add(&feats("Police in Riverton said two people were shot outside the Riverton Mall on Friday night.", 30));
        assert_ne!(a.story, b.story);
    }
}

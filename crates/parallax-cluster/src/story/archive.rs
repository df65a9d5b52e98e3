//! The archive of closed stories. A story closes once the window passes without a new article;
//! a trial, a funeral or an anniversary can still come months later. So a closed story is kept,
//! compacted to its heaviest features, and listed under a few of them, and an article that no
//! open story takes may reopen it. The archive keeps a story for the horizon
//! ([`StoryParams::archive_secs`](super::StoryParams::archive_secs)) and holds at most
//! [`ARCHIVE_MAX`] stories, the longest idle leaving first, so memory still does not grow with
//! the corpus.

use std::collections::{BTreeMap, BTreeSet};

use parallax_text::KeyMap32;
use smallvec::SmallVec;

use super::{channels_in, days_norm_sq, Compared, Story};
use crate::centroid::{keep_heaviest, slot_key, Centroid};
use crate::features::Channel;
use crate::state::{Reader, StateError, Writer};

/// Features a closed story keeps (its heaviest): enough for the cosines of a late report,
/// at a fraction of an open story's memory.
const ARCHIVE_TOP: usize = 64;

/// Index keys a closed story stays listed under (those of its heaviest features).
const ARCHIVE_KEYS: usize = 16;

/// A feature listed under more closed stories than this does not find candidates among them:
/// reopening a story takes what few others share.
pub(super) const ARCHIVE_POSTINGS: usize = 32;

/// Closed stories scored per article that no open story takes: on GVA one or two reopen as
/// many stories as eight, and each costs a cache miss per feature.
pub(super) const ARCHIVE_CANDIDATES: usize = 2;

/// Closed stories kept at most; the longest idle leave first. On the 1M generated corpus,
/// where the archive fills, peak RSS was 1886 MiB without it, 1970 / 1976 / 2028 MiB with at
/// most 8,192 / 16,384 / 32,768, against the 2 GiB that run must stay under.
const ARCHIVE_MAX: usize = 16_384;

/// A closed story as the archive keeps it: its [`ARCHIVE_TOP`] heaviest features in a sorted
/// slice (512 bytes, where an open story's table holds every feature of its articles).
pub(super) struct Archived {
    /// Stored keys ([`slot_key`]) and weights, sorted by key.
    entries: Box<[(u32, f32)]>,
    /// The full centroid's norms: a cosine over the kept features stays a lower bound.
    norm_sq: [f64; Channel::COUNT],
    size: u32,
    last_time: i64,
}

impl Archived {
    /// The stored keys it is listed under in the archive's index: those of its heaviest
    /// features.
    fn index_keys(&self) -> Vec<u32> {
        let mut top = self.entries.to_vec();
        keep_heaviest(&mut top, ARCHIVE_KEYS);
        let mut keys: Vec<u32> = top.into_iter().map(|e| e.0).collect();
        keys.sort_unstable();
        keys
    }

    /// The story, open again.
    pub(super) fn reopened(&self) -> Story {
        let mut centroid = Centroid::default();
        centroid.reserve(self.entries.len());
        for &(k, w) in self.entries.iter() {
            centroid.add(k, w);
        }
        Story {
            centroid,
            norm_sq: self.norm_sq,
            size: self.size,
            last_time: Some(self.last_time),
            keys: Default::default(),
        }
    }
}

impl Compared for Archived {
    fn weight(&self, key: u64) -> f32 {
        let key = slot_key(key);
        self.entries
            .binary_search_by_key(&key, |e| e.0)
            .map_or(0.0, |i| self.entries[i].1)
    }
    fn norm_sq(&self) -> &[f64; Channel::COUNT] {
        &self.norm_sq
    }
    fn size(&self) -> u32 {
        self.size
    }
    fn last_time(&self) -> Option<i64> {
        Some(self.last_time)
    }
    fn warm(&self, _keys: &[(u64, f32)]) -> u32 {
        // A slice of 64 entries is a few cache lines, read in full by the first searches.
        0
    }
}

/// The closed stories, their index and the order in which they leave.
pub(super) struct Archive {
    stories: BTreeMap<u32, Archived>,
    /// Stored feature key ([`slot_key`]) → closed stories listed under it, as the open
    /// stories' index.
    index: KeyMap32<SmallVec<[u32; 2]>>,
    /// Closed stories by the time of their newest article, oldest first: the order in which
    /// they leave.
    order: BTreeSet<(i64, u32)>,
    /// Most stories kept: [`ARCHIVE_MAX`], smaller in tests.
    max: usize,
}

impl Default for Archive {
    fn default() -> Self {
        Self {
            stories: BTreeMap::new(),
            index: KeyMap32::default(),
            order: BTreeSet::new(),
            max: ARCHIVE_MAX,
        }
    }
}

impl Archive {
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.stories.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The closed stories by id.
    pub(super) fn stories(&self) -> &BTreeMap<u32, Archived> {
        &self.stories
    }

    /// The closed stories listed under a feature.
    pub(super) fn listed_under(&self, key: u64) -> Option<&[u32]> {
        self.index.get(&slot_key(key)).map(|l| l.as_slice())
    }

    /// Keeps a closed story, compacted to its heaviest features. A story without a dated
    /// article is not kept: nothing could tell when it should leave.
    pub(super) fn keep(&mut self, id: u32, story: &Story) {
        let Some(last_time) = story.last_time else {
            return;
        };
        // The ties of the heaviest features go by key, so the slot order does not matter.
        let mut entries = story.centroid.heaviest(ARCHIVE_TOP);
        entries.sort_unstable_by_key(|e| e.0);
        self.insert(
            id,
            Archived {
                entries: entries.into_boxed_slice(),
                norm_sq: story.norm_sq,
                size: story.size,
                last_time,
            },
        );
    }

    fn insert(&mut self, id: u32, archived: Archived) {
        // Lists are not capped (those over [`ARCHIVE_POSTINGS`] find nothing), so a loaded
        // state lists exactly what the saved one did.
        for k in archived.index_keys() {
            self.index.entry(k).or_default().push(id);
        }
        self.order.insert((archived.last_time, id));
        self.stories.insert(id, archived);
    }

    /// Takes a story out of the archive.
    pub(super) fn take(&mut self, id: u32) -> Option<Archived> {
        let story = self.stories.remove(&id)?;
        self.order.remove(&(story.last_time, id));
        for k in story.index_keys() {
            if let Some(list) = self.index.get_mut(&k) {
                list.retain(|s| *s != id);
                if list.is_empty() {
                    self.index.remove(&k);
                }
            }
        }
        Some(story)
    }

    /// Forgets the stories idle for longer than `horizon` seconds before `now`, and the
    /// longest idle ones beyond the most it holds.
    pub(super) fn forget(&mut self, now: i64, horizon: i64) {
        while let Some(&(lt, id)) = self.order.first() {
            if now - lt <= horizon && self.stories.len() <= self.max {
                break;
            }
            self.take(id);
        }
    }

    /// Writes the stories (id, newest time, size, norms, kept features) in id order.
    pub(super) fn write(&self, w: &mut Writer, version: u8) {
        w.u64(self.stories.len() as u64);
        for (id, a) in &self.stories {
            w.u32(*id);
            w.i64(a.last_time);
            w.u32(a.size);
            for n in &a.norm_sq[..channels_in(version)] {
                w.f64(*n);
            }
            w.u64(a.entries.len() as u64);
            for &(k, v) in a.entries.iter() {
                w.u32(k);
                w.f32(v);
            }
        }
    }

    /// Reads what [`Archive::write`] wrote, and lists the stories again.
    pub(super) fn read(r: &mut Reader, version: u8) -> Result<Self, StateError> {
        let mut archive = Self::default();
        let n = r.len(48)?;
        for _ in 0..n {
            let id = r.u32()?;
            let last_time = r.i64()?;
            let size = r.u32()?;
            let mut norm_sq = [0.0; Channel::COUNT];
            for v in &mut norm_sq[..channels_in(version)] {
                *v = r.f64()?;
            }
            let m = r.len(8)?;
            let mut entries = Vec::with_capacity(m);
            for _ in 0..m {
                entries.push((r.u32()?, r.f32()?));
            }
            if channels_in(version) < Channel::COUNT {
                norm_sq[Channel::Days as usize] = days_norm_sq(&entries);
            }
            archive.insert(
                id,
                Archived {
                    entries: entries.into_boxed_slice(),
                    norm_sq,
                    size,
                    last_time,
                },
            );
        }
        Ok(archive)
    }

    /// Checks that the order and the index cover exactly the stories kept.
    #[cfg(test)]
    pub(super) fn assert_consistent(&self) {
        assert_eq!(self.order.len(), self.stories.len());
        assert!(self
            .order
            .iter()
            .all(|(_, id)| self.stories.contains_key(id)));
        assert!(self
            .index
            .values()
            .all(|l| l.iter().all(|s| self.stories.contains_key(s))));
        for (id, a) in &self.stories {
            for k in a.index_keys() {
                assert!(self.index[&k].contains(id), "story {id} unlisted under {k}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A closed story of one article at `time`, with a few features of its own.
    fn closed(id: u32, time: i64) -> Story {
        let mut s = Story::empty();
        let k = id * 100;
        s.absorb_vector([(k + 1, 1.0f32), (k + 2, 0.5), (k + 3, 0.25)].into_iter());
        s.size = 1;
        s.touch(Some(time));
        s
    }

    #[test]
    fn the_longest_idle_leave_first_beyond_the_most_it_holds() {
        let mut a = Archive {
            max: 3,
            ..Archive::default()
        };
        // Kept out of time order: the order of leaving is by newest article, not by arrival.
        for (id, time) in [(0, 50), (1, 10), (2, 40), (3, 20), (4, 30)] {
            a.keep(id, &closed(id, time));
        }
        assert_eq!(
            a.len(),
            5,
            "nothing leaves until the archive is asked to forget"
        );
        a.forget(60, 1_000);
        let kept: Vec<u32> = a.stories().keys().copied().collect();
        assert_eq!(kept, [0, 2, 4], "the stories idle since 10 and 20 left");
        a.assert_consistent();
        assert!(
            a.listed_under(101).is_none(),
            "a story that left is unlisted"
        );
        assert_eq!(a.listed_under(401), Some(&[4][..]));
        // The horizon applies on its own: at 95 with a horizon of 50, 40 and 30 are too old.
        a.forget(95, 50);
        assert_eq!(a.stories().keys().copied().collect::<Vec<_>>(), [0]);
        a.assert_consistent();
    }

    #[test]
    fn an_undated_story_is_not_kept_and_a_kept_one_reopens_whole() {
        let mut a = Archive::default();
        a.keep(7, &Story::empty());
        assert!(a.is_empty());
        let story = closed(8, 100);
        a.keep(8, &story);
        let back = a.take(8).expect("kept").reopened();
        assert!(a.is_empty() && a.listed_under(801).is_none());
        assert_eq!((back.size, back.last_time), (1, Some(100)));
        assert_eq!(back.norm_sq, story.norm_sq);
        assert_eq!(back.centroid.get(802), 0.5);
    }

    #[test]
    fn it_reads_back_what_it_wrote() {
        let mut a = Archive::default();
        for (id, time) in [(3, 30), (1, 10), (2, 20)] {
            a.keep(id, &closed(id, time));
        }
        let mut w = Writer::new(b"TEST", 1);
        a.write(&mut w, 5);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes, b"TEST", 1..=1).expect("header");
        let b = Archive::read(&mut r, 5).expect("archive");
        r.end().expect("nothing left");
        b.assert_consistent();
        assert_eq!(
            a.stories().keys().collect::<Vec<_>>(),
            b.stories().keys().collect::<Vec<_>>()
        );
        for (x, y) in a.stories().values().zip(b.stories().values()) {
            assert_eq!(
                (&x.entries, x.norm_sq, x.size, x.last_time),
                (&y.entries, y.norm_sq, y.size, y.last_time)
            );
        }
    }
}

//! The link stage, run after every ingest: exact and near duplicates, containment, and
//! stories for the articles not linked yet, in publication-time order, continuing from the
//! state the store saved last time. Decisions are `parallax_cluster`'s; this module feeds it
//! from the store and writes its answers back.
//!
//! Stream order is (time, seq) for dated articles. Undated articles never move the stream's
//! state: after every run, each is placed by its duplicate links to dated articles, else by
//! similarity to the open stories, else alone. So ingesting a corpus at once or in
//! time-ordered batches gives the same stories.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::Context as _;
use parallax_cluster::{
    story_label, DupLink, NearDuplicates, Params, Shingles, Signature, StoryClusterer,
    StoryFeatures, StoryParams, PERMUTATIONS,
};
use parallax_ingest::boilerplate::BoilerplateRule;
use parallax_store::{
    DupRow, LinkBatch, LinkRow, LinkSource, LinkWrite, MergeRow, Store, StoryMember, StorySummary,
    DEFAULT_CACHE_KIB,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::UserError;

/// Shingle sets of earlier articles kept in memory for verifying near duplicates (about 5 KB
/// each for a 600-word article, so about 250 MB); older ones are read back from the store when
/// a candidate needs them, which is rare: copies follow their source within days.
const RESIDENT_SETS: usize = 50_000;

/// Articles read and prepared per step.
const CHUNK: usize = 4096;

/// Articles in the first step at most: nothing overlaps their preparation (the serial step
/// waits for it), so they are few.
const FIRST_CHUNK: usize = 512;

/// Each chunk's results go into an open write at once (so they are not held in memory); the
/// write commits, with the stream's saved state, once per this many chunks (131,072
/// articles): saving the state costs time proportional to the open window (61 MB on the 100k
/// corpus), so not after every chunk. A run that stops early links the rest next time.
/// Committing every 16 chunks cost 0.7 s more on 100k articles.
const CHUNKS_PER_WRITE: usize = 32;

/// Settings of the link stage, saved with the store on first use: a store is linked under one
/// set of settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct LinkSettings {
    /// Near-duplicate Jaccard threshold.
    pub(crate) jaccard: f64,
    /// Containment threshold.
    pub(crate) containment: f64,
    /// Story join threshold (a probability of the join model).
    pub(crate) story_threshold: f64,
    /// Story window in days.
    pub(crate) window_days: f64,
    /// Story merge threshold (cosine of centroids).
    pub(crate) merge_threshold: f64,
    /// Time-proximity scale in days (0: off).
    pub(crate) time_scale_days: f64,
    /// Days closed stories are kept to be reopened (0: none). A store linked before closed
    /// stories were kept reads as the defaults, and its saved story state, which has no
    /// archive, goes on without one.
    #[serde(default = "default_archive_days")]
    pub(crate) archive_days: f64,
    /// Join-model probability to reopen a closed story.
    #[serde(default = "default_reopen_threshold")]
    pub(crate) reopen_threshold: f64,
    /// Outlet boilerplate threshold.
    pub(crate) boilerplate_min_articles: u32,
}

fn default_archive_days() -> f64 {
    StoryParams::default().archive_secs as f64 / 86_400.0
}

fn default_reopen_threshold() -> f64 {
    StoryParams::default().reopen_threshold
}

impl Default for LinkSettings {
    fn default() -> Self {
        let near = Params::default();
        let story = StoryParams::default();
        Self {
            jaccard: near.jaccard,
            containment: near.containment,
            story_threshold: story.threshold,
            window_days: story.window_secs as f64 / 86_400.0,
            merge_threshold: story.merge_threshold,
            time_scale_days: story.time_scale_secs / 86_400.0,
            archive_days: default_archive_days(),
            reopen_threshold: default_reopen_threshold(),
            boilerplate_min_articles: BoilerplateRule::default().min_articles,
        }
    }
}

impl LinkSettings {
    fn near(&self) -> Params {
        Params {
            jaccard: self.jaccard,
            containment: self.containment,
            resident_sets: RESIDENT_SETS,
            ..Params::default()
        }
    }

    fn story(&self) -> StoryParams {
        StoryParams {
            threshold: self.story_threshold,
            window_secs: (self.window_days * 86_400.0).round() as i64,
            merge_threshold: self.merge_threshold,
            time_scale_secs: self.time_scale_days * 86_400.0,
            archive_secs: (self.archive_days * 86_400.0).round() as i64,
            reopen_threshold: self.reopen_threshold,
            ..StoryParams::default()
        }
    }
}

/// What a link run did.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct LinkSummary {
    /// Articles linked in this run.
    pub(crate) linked: usize,
    /// Of which undated.
    pub(crate) undated: usize,
    /// Duplicate and containment links found.
    pub(crate) dup_links: usize,
    /// Stories opened.
    pub(crate) stories_opened: usize,
    /// Stories merged into others.
    pub(crate) merges: usize,
    /// Seconds.
    pub(crate) seconds: f64,
}

const SETTINGS_STATE: &str = "settings";
const STORY_STATE: &str = "stories";

/// Publication time in seconds since the epoch from a stored ISO date or timestamp.
pub(crate) fn epoch_seconds(iso: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let iso = iso.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(iso) {
        return Some(t.timestamp());
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(iso, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    let day = iso.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
}

/// The text that counts for duplicates, stories and alignment: the clean text with credits,
/// site blurbs and outlet boilerplate blanked out (newlines of the same byte length), so
/// every offset into it is an offset into the article's text.
pub(crate) fn analysis_text(s: &LinkSource) -> String {
    let mut bytes = s.text.clone().into_bytes();
    for (p, boiler) in s.paragraphs.iter().zip(&s.boilerplate) {
        if *boiler || p.role != parallax_model::ParagraphRole::Body {
            bytes[p.span.start..p.span.end].fill(b'\n');
        }
    }
    // Paragraphs start and end on character boundaries, so the result is still UTF-8.
    String::from_utf8(bytes).expect("blanking whole paragraphs keeps UTF-8 valid")
}

/// The text stories compare: the analysis text without the paragraphs after the first that
/// name the publishing outlet (a sign-off or a blurb such as "Hilltop Herald is your home for
/// news from the valley"). Outlet boilerplate only becomes known once an outlet has enough
/// articles; until then its blurb would pull the outlet's articles into one story. Only
/// outlet keys of two words or more are looked for ("reuters" alone is also news text).
fn story_text(s: &LinkSource, analysis: &str) -> String {
    let Some(outlet) = s.outlet.as_deref() else {
        return analysis.to_string();
    };
    let phrase: Vec<String> = alphanumeric_words(outlet.split('.').next().unwrap_or(""))
        .map(str::to_lowercase)
        .collect();
    if phrase.len() < 2 {
        return analysis.to_string();
    }
    // Most paragraphs do not contain the name's first word at all: with an ASCII name, a
    // search ignoring ASCII case rules them out before they are split into words.
    let first_word = phrase[0].is_ascii().then_some(phrase[0].as_bytes());
    let mut bytes = analysis.as_bytes().to_vec();
    let mut first = true;
    let mut words: Vec<&str> = Vec::new();
    for p in &s.paragraphs {
        let Some(text) = analysis.get(p.span.start..p.span.end) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        if !first && first_word.is_none_or(|w| contains_ignoring_ascii_case(text, w)) {
            words.clear();
            words.extend(alphanumeric_words(text));
            let names_outlet = words.windows(phrase.len()).any(|w| {
                w.iter()
                    .zip(&phrase)
                    .all(|(word, key)| word.chars().flat_map(char::to_lowercase).eq(key.chars()))
            });
            if names_outlet {
                bytes[p.span.start..p.span.end].fill(b'\n');
            }
        }
        first = false;
    }
    String::from_utf8(bytes).expect("blanking whole paragraphs keeps UTF-8 valid")
}

/// Whether `text` contains `word` (ASCII, lower case), ignoring ASCII case. A scan for the
/// first byte in either case, then a comparison: cheaper than building a searcher per
/// article, which cost about 1.5 s of CPU on the 100k corpus.
fn contains_ignoring_ascii_case(text: &str, word: &[u8]) -> bool {
    let Some(&first) = word.first() else {
        return true;
    };
    let text = text.as_bytes();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), text).any(|i| {
        text[i..]
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// The maximal runs of alphanumeric characters of `text`.
fn alphanumeric_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// What an article brings to story clustering, from its analysis text: without the outlet's
/// blurbs ([`story_text`]) and without the outlet's own name as a name.
fn story_features(
    s: &LinkSource,
    analysis: &str,
    time: Option<i64>,
    params: &StoryParams,
) -> StoryFeatures {
    StoryFeatures::of_language(
        s.title.as_deref(),
        &story_text(s, analysis),
        time,
        params,
        s.language.as_deref(),
    )
    .without_outlet_name(s.outlet.as_deref().unwrap_or(""))
}

/// `items` in steps of `size`, the first no larger than [`FIRST_CHUNK`]. Used by the link
/// stage and `eval stories`.
pub(crate) fn steps<T>(items: &[T], size: usize) -> Vec<&[T]> {
    let size = size.max(1);
    let (first, rest) = items.split_at(items.len().min(FIRST_CHUNK.min(size)));
    std::iter::once(first)
        .filter(|c| !c.is_empty())
        .chain(rest.chunks(size))
        .collect()
}

/// Runs `serial` on this thread while `len` items are prepared beside it by `prepare(index)`,
/// and returns what `serial` returned, the items in order and the thread-seconds spent
/// preparing them. Helper threads, one fewer than the workers, claim items one at a time; this
/// thread joins them once `serial` is done. So the serial step, the stage's critical path,
/// keeps a core while it runs (on every core the two competed and the serial step slowed by
/// more than the overlap saved), and no core idles after it. The link stage and `eval stories`
/// prepare their next chunk this way while the current one is taken.
pub(crate) fn overlapped<T: Send + Sync, R>(
    len: usize,
    prepare: impl Fn(usize) -> T + Sync,
    serial: impl FnOnce() -> R,
) -> (R, Vec<T>, f64) {
    if len == 0 {
        return (serial(), Vec::new(), 0.0);
    }
    let ahead = Ahead::new(len);
    let helpers = rayon::current_num_threads().saturating_sub(1).max(1);
    let (result, seconds) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers)
            .map(|_| scope.spawn(|| ahead.work(&prepare)))
            .collect();
        let result = serial();
        let mut seconds = ahead.work(&prepare);
        for h in handles {
            seconds += h.join().expect("preparing items ahead panicked");
        }
        (result, seconds)
    });
    (result, ahead.into_items(), seconds)
}

/// Items being prepared by several threads, each claimed once, kept in order.
struct Ahead<T> {
    next: AtomicUsize,
    slots: Vec<OnceLock<T>>,
}

impl<T: Send + Sync> Ahead<T> {
    fn new(len: usize) -> Self {
        Self {
            next: AtomicUsize::new(0),
            slots: (0..len).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Prepares unclaimed items until none is left; returns the seconds spent.
    fn work(&self, prepare: impl Fn(usize) -> T) -> f64 {
        let t = Instant::now();
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = self.slots.get(i) else {
                return t.elapsed().as_secs_f64();
            };
            // Each index is claimed once, so the slot is empty.
            let _ = slot.set(prepare(i));
        }
    }

    /// The items in order, once every thread that worked on them has finished.
    fn into_items(self) -> Vec<T> {
        self.slots
            .into_iter()
            .map(|s| s.into_inner().expect("every claimed item is prepared"))
            .collect()
    }
}

/// One article ready for the serial steps.
struct Prepared {
    seq: i64,
    time: Option<i64>,
    exact_hash: i64,
    /// Taken by the near-duplicate index ([`Stream::near_links`]), which keeps them.
    shingles: Shingles,
    shingle_count: usize,
    signature: Option<Signature>,
    features: StoryFeatures,
    /// The title, kept only for a text too short to stand for an article on its own
    /// ([`SHORT_TEXT_SHINGLES`]).
    short_text_title: Option<String>,
}

/// Texts with fewer shingles (about this many words) are duplicates only under headlines that
/// agree ([`parallax_cluster::titles_agree`]): pages whose scraped text is a paywall notice, a
/// sign-up prompt or an error message carry the same short text under their own headlines.
const SHORT_TEXT_SHINGLES: usize = 100;

fn prepare(s: &LinkSource, time: Option<i64>, params: &StoryParams) -> Prepared {
    let text = analysis_text(s);
    let shingles = Shingles::of(&text);
    let signature = (!shingles.is_empty()).then(|| Signature::of(&shingles));
    Prepared {
        seq: s.seq,
        time,
        exact_hash: parallax_text::fingerprint(&text) as i64,
        features: story_features(s, &text, time, params),
        shingle_count: shingles.len(),
        short_text_title: (shingles.len() < SHORT_TEXT_SHINGLES)
            .then(|| s.title.clone().unwrap_or_default()),
        shingles,
        signature,
    }
}

fn signature_bytes(sig: &Signature) -> Vec<u8> {
    sig.0.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn signature_from(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != PERMUTATIONS * 4 {
        return None;
    }
    let mut sig = [0u32; PERMUTATIONS];
    for (v, c) in sig.iter_mut().zip(bytes.chunks_exact(4)) {
        *v = u32::from_le_bytes(c.try_into().ok()?);
    }
    Some(Signature(sig))
}

/// exact (same normalised body), contained (one text is inside the other but not the other
/// way round: a trimmed copy), or near (similar both ways).
fn dup_kind(link: &DupLink, same_hash: bool, near: &Params) -> &'static str {
    let one_way = link.new_in_other.max(link.other_in_new) >= near.containment
        && link.new_in_other.min(link.other_in_new) < near.containment;
    if same_hash {
        "exact"
    } else if one_way || !link.is_near_duplicate(near) {
        "contained"
    } else {
        "near"
    }
}

/// Story ids after merges: absorbed → the story that took it. Merges chain (a story absorbed
/// into one that is absorbed in turn), so ids are followed to the end.
#[derive(Default)]
pub(crate) struct Redirects(pub(crate) HashMap<u32, u32>);

impl Redirects {
    /// The story `s` ended in.
    pub(crate) fn resolve(&self, mut s: u32) -> u32 {
        while let Some(&n) = self.0.get(&s) {
            s = n;
        }
        s
    }
}

/// The in-memory side of the stream, rebuilt from the store at the start of a run.
struct Stream {
    near: NearDuplicates,
    stories: StoryClusterer,
    exact: HashMap<i64, i64>,
    story_of: HashMap<i64, u32>,
    dated: HashSet<i64>,
    redirects: Redirects,
    /// Undated articles that opened a story of their own, and that story.
    alone: HashMap<i64, u32>,
}

impl Stream {
    /// The stream as the store left it, with room for `incoming` more articles.
    fn load(store: &Store, settings: LinkSettings, incoming: usize) -> anyhow::Result<Self> {
        let stories = match store.link_state(STORY_STATE)? {
            Some(bytes) => StoryClusterer::load(&bytes)
                .context("the store's saved story state is unreadable")?,
            None => StoryClusterer::new(settings.story()),
        };
        let mut s = Self {
            near: NearDuplicates::new(settings.near()),
            stories,
            exact: HashMap::new(),
            story_of: HashMap::new(),
            dated: HashSet::new(),
            redirects: Redirects::default(),
            alone: HashMap::new(),
        };
        let linked = store.linked_count()?;
        s.near.reserve(linked + incoming);
        s.exact.reserve(linked + incoming);
        s.story_of.reserve(linked + incoming);
        store.for_each_linked(|a| {
            s.exact.entry(a.exact_hash).or_insert(a.seq);
            s.story_of.insert(a.seq, a.story as u32);
            if a.time.is_some() {
                s.dated.insert(a.seq);
            }
            if a.placement == "undated_alone" {
                s.alone.insert(a.seq, a.story as u32);
            }
            if let Some(sig) = a.signature.as_deref().and_then(signature_from) {
                s.near.index_signature(a.seq as u32, &sig);
            }
        })?;
        Ok(s)
    }

    fn story(&self, seq: i64) -> Option<u32> {
        self.story_of.get(&seq).map(|s| self.redirects.resolve(*s))
    }

    /// Indexes a chunk's articles for near duplicates, in order, and returns each one's
    /// verified links to earlier articles (the checks run on the worker pool). Articles
    /// without a signature (too short to shingle) get none. The index takes the articles'
    /// shingle sets.
    fn near_links(
        &mut self,
        chunk: &mut [Prepared],
        store: &Store,
        boilerplate: &HashSet<i64>,
    ) -> anyhow::Result<Vec<Vec<DupLink>>> {
        let signed: Vec<(u32, Shingles, &Signature)> = chunk
            .iter_mut()
            .filter_map(|p| {
                p.signature
                    .as_ref()
                    .map(|sig| (p.seq as u32, std::mem::take(&mut p.shingles), sig))
            })
            .collect();
        let mut load_error = None;
        let mut found =
            self.near
                .insert_batch(signed, &mut |id| match store
                    .link_sources(&[i64::from(id)], boilerplate)
                {
                    Ok(v) => v.first().map(|s| Shingles::of(&analysis_text(s))),
                    Err(e) => {
                        load_error = Some(e);
                        None
                    }
                })
                .into_iter();
        if let Some(e) = load_error {
            return Err(e).context("reading an earlier article to verify a duplicate");
        }
        Ok(chunk
            .iter()
            .map(|p| {
                if p.signature.is_some() {
                    found.next().expect("one result per signed article")
                } else {
                    Vec::new()
                }
            })
            .collect())
    }

    /// Records the article's duplicate links (`near`: its verified near-duplicate and
    /// containment links, from [`Stream::near_links`]) and, for a dated article, its story.
    fn link(
        &mut self,
        p: &Prepared,
        near: Vec<DupLink>,
        titles: &Store,
        batch: &mut LinkBatch,
        summary: &mut LinkSummary,
    ) -> anyhow::Result<()> {
        let near_params = *self.near.params();
        let mut links: Vec<(DupLink, bool)> = near
            .into_iter()
            .map(|l| {
                let same = self.exact.get(&p.exact_hash) == Some(&i64::from(l.other));
                (l, same)
            })
            .collect();
        // Texts too short to shingle are still exact duplicates of their first copy.
        if let Some(&first) = self.exact.get(&p.exact_hash) {
            if !links.iter().any(|(l, _)| i64::from(l.other) == first) {
                links.push((
                    DupLink {
                        other: first as u32,
                        jaccard: 1.0,
                        new_in_other: 1.0,
                        other_in_new: 1.0,
                    },
                    true,
                ));
            }
        } else {
            self.exact.insert(p.exact_hash, p.seq);
        }
        if let Some(title) = &p.short_text_title {
            let mut kept = Vec::with_capacity(links.len());
            for link in links {
                let other = titles
                    .title(i64::from(link.0.other))
                    .context("reading an earlier article's title")?;
                if parallax_cluster::titles_agree(title, other.as_deref().unwrap_or("")) {
                    kept.push(link);
                }
            }
            links = kept;
        }
        // Strongest link first: it decides the story.
        links.sort_by(|a, b| {
            b.0.jaccard
                .total_cmp(&a.0.jaccard)
                .then(a.0.other.cmp(&b.0.other))
        });
        for (l, same) in &links {
            batch.dups.push(DupRow {
                a: i64::from(l.other),
                b: p.seq,
                kind: dup_kind(l, *same, &near_params),
                jaccard: l.jaccard,
                a_in_b: l.other_in_new,
                b_in_a: l.new_in_other,
            });
        }
        summary.dup_links += links.len();

        let (story, score, placement) = if p.time.is_some() {
            let mut linked: Vec<u32> = Vec::new();
            for (l, _) in &links {
                if let Some(s) = self.story(i64::from(l.other)) {
                    if !linked.contains(&s) {
                        linked.push(s);
                    }
                }
            }
            let a = self.stories.add_linked(&p.features, &linked);
            for m in &a.merged {
                self.redirects.0.insert(m.absorbed, a.story);
                batch.merges.push(MergeRow {
                    absorbed: i64::from(m.absorbed),
                    into_story: i64::from(a.story),
                    article_seq: p.seq,
                    similarity: m.similarity,
                    reason: if m.by_duplicate {
                        "duplicate"
                    } else {
                        "similar"
                    },
                });
                summary.merges += 1;
            }
            if a.opened {
                summary.stories_opened += 1;
            }
            self.dated.insert(p.seq);
            (a.story, a.score, a.placement.name())
        } else {
            summary.undated += 1;
            let placed = self.place_undated(
                p.seq,
                &p.features,
                &links
                    .iter()
                    .map(|(l, _)| (i64::from(l.other), l.jaccard))
                    .collect::<Vec<_>>(),
            );
            if placed.2 == "undated_alone" {
                summary.stories_opened += 1;
            }
            placed
        };
        self.story_of.insert(p.seq, story);
        batch.rows.push(LinkRow {
            seq: p.seq,
            time: p.time,
            exact_hash: p.exact_hash,
            shingles: p.shingle_count as i64,
            signature: p.signature.as_ref().map(signature_bytes),
            story: i64::from(story),
            score,
            placement,
        });
        Ok(())
    }

    /// An undated article's story: that of its strongest duplicate link to a dated article,
    /// (`partners`: (article, Jaccard) of its duplicate links), else the open story it matches best, else a story of its own (kept across runs).
    fn place_undated(
        &mut self,
        seq: i64,
        features: &StoryFeatures,
        partners: &[(i64, f64)],
    ) -> (u32, f64, &'static str) {
        let best_link = partners
            .iter()
            .filter(|(other, _)| self.dated.contains(other))
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((other, jaccard)) = best_link {
            if let Some(s) = self.story(other) {
                return (s, jaccard, "undated_duplicate");
            }
        }
        // Copies among undated articles still share a story: that of an already placed one.
        let undated_link = partners
            .iter()
            .filter_map(|&(other, jaccard)| self.story(other).map(|s| (s, jaccard, other)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)));
        if let Some((s, jaccard, _)) = undated_link {
            return (s, jaccard, "undated_duplicate");
        }
        if let Some((s, cos)) = self.stories.place(features) {
            return (s, cos, "undated_similar");
        }
        // Keep the story it opened alone in an earlier run; otherwise open one.
        if let Some(&s) = self.alone.get(&seq) {
            return (s, 0.0, "undated_alone");
        }
        let s = self.stories.new_story_id();
        self.alone.insert(seq, s);
        (s, 0.0, "undated_alone")
    }
}

/// Refuses settings other than those the store was linked with, and a saved story state
/// this build cannot continue (user errors), so that `ingest` can check before it stores
/// anything.
pub(crate) fn check_settings(store: &Store, asked: LinkSettings) -> anyhow::Result<()> {
    settled(store, asked)?;
    if let Some(bytes) = store.link_state(STORY_STATE)? {
        StoryClusterer::check_state(&bytes).map_err(|e| {
            UserError(format!(
                "{}: {e}; its stories cannot be continued by this build. Ingest into a new \
                 --db, or use the Parallax that wrote it",
                store.path().display()
            ))
        })?;
    }
    Ok(())
}

/// Checks the settings against those the store was linked with, saving them on first use.
fn settled(store: &Store, asked: LinkSettings) -> anyhow::Result<(LinkSettings, bool)> {
    match store.link_state(SETTINGS_STATE)? {
        Some(bytes) => {
            let saved: LinkSettings = serde_json::from_slice(&bytes)
                .context("the store's saved link settings are unreadable")?;
            if saved != asked {
                return Err(UserError(format!(
                    "{}: this store was linked with {}; the settings given now are {}. \
                     Use the same settings, or ingest into a new --db",
                    store.path().display(),
                    serde_json::to_string(&saved)?,
                    serde_json::to_string(&asked)?
                ))
                .into());
            }
            Ok((saved, false))
        }
        None => Ok((asked, true)),
    }
}

/// Links every article of the store that is not linked yet, then re-places undated articles
/// and refreshes the summaries of the stories that changed.
pub(crate) fn link(
    store: &mut Store,
    asked: LinkSettings,
    progress: &dyn Fn(usize, usize),
) -> anyhow::Result<LinkSummary> {
    let t0 = Instant::now();
    let (settings, first_run) = settled(store, asked)?;
    let mut summary = LinkSummary::default();
    let mut pending: Vec<(Option<i64>, i64)> = store
        .unlinked()?
        .into_iter()
        .map(|(seq, published)| (published.as_deref().and_then(epoch_seconds), seq))
        .collect();
    if pending.is_empty() {
        return Ok(summary);
    }
    // Dated articles in time order, then undated ones.
    pending.sort_by_key(|&(t, seq)| (t.is_none(), t, seq));
    let boilerplate = store.boilerplate_keys(settings.boilerplate_min_articles)?;
    let mut stream = Stream::load(store, settings, pending.len())?;
    let story_params = settings.story();
    let mut touched: BTreeSet<u32> = BTreeSet::new();
    let mut done = 0;
    let mut phases = [0f64; 4];
    let mut tick = Instant::now();
    let mut lap = |phase: usize| {
        phases[phase] += tick.elapsed().as_secs_f64();
        tick = Instant::now();
    };
    lap(0);
    let mut batch = LinkBatch::default();
    let chunks: Vec<&[(Option<i64>, i64)]> = steps(&pending, CHUNK);
    let prepare_chunk = |chunk: &[(Option<i64>, i64)], sources: Vec<LinkSource>| -> Vec<Prepared> {
        sources
            .par_iter()
            .zip(chunk.par_iter())
            .map(|(s, (time, _))| prepare(s, *time, &story_params))
            .collect()
    };
    let read = |store: &Store, chunk: &[(Option<i64>, i64)]| -> anyhow::Result<Vec<LinkSource>> {
        let seqs: Vec<i64> = chunk.iter().map(|c| c.1).collect();
        Ok(store.link_sources(&seqs, &boilerplate)?)
    };
    // The next chunk is read on a connection of its own, and another reads earlier articles
    // back for duplicate checks. The articles read were committed by ingest; nothing read
    // depends on the links being written.
    let open_reader = || -> anyhow::Result<Store> {
        let reader =
            Store::open(store.path()).context("opening a second connection to read articles")?;
        reader.set_cache_kib(2048)?;
        Ok(reader)
    };
    let reader = open_reader()?;
    let loader = open_reader()?;
    // The results are written on a connection and thread of their own, so the link step, the
    // stage's critical path, does not wait for SQLite: each chunk's batch goes to the writer,
    // with whether the write commits after it (the stream's state commits with it).
    let writer_store = Store::open(store.path()).context("opening a connection to write links")?;
    // The writer's page cache takes the place of this connection's, idle meanwhile (the two
    // together would add their size to the peak memory).
    store.set_cache_kib(2048)?;
    let (to_writer, batches) = std::sync::mpsc::sync_channel::<(LinkBatch, bool)>(2);
    let written = std::thread::scope(|scope| -> anyhow::Result<()> {
        let writer = scope.spawn(move || -> anyhow::Result<()> {
            let mut writing: Option<LinkWrite<'_>> = None;
            for (batch, commit) in batches {
                let write = match &mut writing {
                    Some(w) => w,
                    None => writing.insert(writer_store.begin_links()?),
                };
                write.add(&batch)?;
                if commit {
                    writing.take().expect("a write is open").commit()?;
                }
            }
            // A write left open (the link step failed) rolls back when dropped.
            Ok(())
        });
        let linking = (|| -> anyhow::Result<()> {
            let mut next = Some(prepare_chunk(chunks[0], read(&loader, chunks[0])?));
            let mut read_ahead = chunks.get(1).map(|&c| read(&reader, c)).transpose()?;
            lap(1);
            for (i, chunk) in chunks.iter().enumerate() {
                let mut current = next.take().expect("prepared ahead");
                let upcoming = chunks
                    .get(i + 1)
                    .map(|&c| (c, read_ahead.take().expect("read ahead")));
                // The next chunk is prepared while this one is linked and its results sent.
                let prepare_one = |k: usize| {
                    let (c, sources) = upcoming.as_ref().expect("only called with a next chunk");
                    prepare(&sources[k], c[k].0, &story_params)
                };
                let len = upcoming.as_ref().map_or(0, |(c, _)| c.len());
                let (linked, prepared, _) =
                    overlapped(len, prepare_one, || -> anyhow::Result<()> {
                        let near = stream.near_links(&mut current, &loader, &boilerplate)?;
                        for (p, near) in current.iter().zip(near) {
                            stream.link(p, near, &loader, &mut batch, &mut summary)?;
                        }
                        lap(2);
                        done += chunk.len();
                        for r in &batch.rows {
                            touched.insert(r.story as u32);
                        }
                        for m in &batch.merges {
                            touched.insert(m.into_story as u32);
                        }
                        let commit = (i + 1) % CHUNKS_PER_WRITE == 0 || done == pending.len();
                        if commit {
                            batch.state.push((STORY_STATE, stream.stories.save()));
                            if first_run {
                                batch
                                    .state
                                    .push((SETTINGS_STATE, serde_json::to_vec(&settings)?));
                            }
                        }
                        // A closed channel means the writer failed: its error is returned below.
                        if to_writer
                            .send((std::mem::take(&mut batch), commit))
                            .is_err()
                        {
                            anyhow::bail!("the link writer stopped");
                        }
                        lap(3);
                        // The chunk after the next is read while the helpers still prepare the next
                        // one: reading it before the step would leave their core idle meanwhile.
                        read_ahead = chunks.get(i + 2).map(|&c| read(&reader, c)).transpose()?;
                        lap(0);
                        Ok(())
                    });
                linked?;
                next = Some(prepared);
                lap(1);
                summary.linked = done;
                progress(done, pending.len());
            }
            Ok(())
        })();
        drop(to_writer);
        let tj = Instant::now();
        let wrote = writer.join().expect("the link writer panicked");
        tracing::debug!(
            seconds = tj.elapsed().as_secs_f64(),
            "waited for the link writer"
        );
        // The writer's own error explains a stopped link step best.
        wrote.and(linking)
    });
    // The stage's own error first: a failure to restore the cache would only hide it.
    let restored = store.set_cache_kib(DEFAULT_CACHE_KIB);
    written?;
    restored?;
    tracing::debug!(
        read = phases[0],
        prepare = phases[1],
        link = phases[2],
        send = phases[3],
        "link stage seconds"
    );
    replace_old_undated(store, &mut stream, &pending, &boilerplate, &mut touched)?;
    let touched: BTreeSet<u32> = touched
        .into_iter()
        .map(|s| stream.redirects.resolve(s))
        .collect();
    // The stream's indexes are the run's largest allocations; the summaries do not need them.
    drop(stream);
    let t_summaries = Instant::now();
    refresh_summaries(store, &touched)?;
    tracing::debug!(
        stories = touched.len(),
        seconds = t_summaries.elapsed().as_secs_f64(),
        "story summaries"
    );
    summary.seconds = t0.elapsed().as_secs_f64();
    Ok(summary)
}

/// Undated articles linked in earlier runs are placed again against the current state, so
/// their story does not depend on how the input was split into runs.
fn replace_old_undated(
    store: &mut Store,
    stream: &mut Stream,
    pending: &[(Option<i64>, i64)],
    boilerplate: &HashSet<i64>,
    touched: &mut BTreeSet<u32>,
) -> anyhow::Result<()> {
    let new: HashSet<i64> = pending.iter().map(|p| p.1).collect();
    let old: Vec<i64> = store
        .linked_keys()?
        .into_iter()
        .filter(|&(seq, time)| time.is_none() && !new.contains(&seq))
        .map(|(seq, _)| seq)
        .collect();
    let params = stream.stories.params().to_owned();
    for chunk in old.chunks(CHUNK) {
        let sources = store.link_sources(chunk, boilerplate)?;
        for s in &sources {
            let features = story_features(s, &analysis_text(s), None, &params);
            let partners: Vec<(i64, f64)> = store
                .dup_links_of(s.seq)?
                .iter()
                .map(|d| (if d.a == s.seq { d.b } else { d.a }, d.jaccard))
                .collect();
            let before = stream.story(s.seq);
            let (story, score, placement) = stream.place_undated(s.seq, &features, &partners);
            if before != Some(story) {
                touched.extend(before);
                touched.insert(story);
                stream.story_of.insert(s.seq, story);
                store.place_article(s.seq, i64::from(story), score, placement)?;
            }
        }
    }
    if old.is_empty() {
        // The run's last write saved the state after its last article.
        return Ok(());
    }
    // The new story-id counter of undated stories must survive the run.
    let mut batch = LinkBatch::default();
    batch.state.push((STORY_STATE, stream.stories.save()));
    store.write_links(&batch)?;
    Ok(())
}

/// Recomputes article, outlet and independent-source counts, time span and label. The
/// stories are read in parts, one per worker, each on a connection of its own: reading the
/// members is most of the work, and it is the last step of a run, with nothing beside it.
fn refresh_summaries(store: &mut Store, stories: &BTreeSet<u32>) -> anyhow::Result<()> {
    let ids: Vec<i64> = stories.iter().map(|&s| i64::from(s)).collect();
    let parts = rayon::current_num_threads().clamp(1, 4);
    let part_len = ids.len().div_ceil(parts).max(1);
    let summarise = |conn: &Store, part: &[i64]| -> anyhow::Result<Vec<StorySummary>> {
        let mut rows = Vec::with_capacity(part.len());
        conn.for_each_story_members(part, |id, members, links| {
            rows.push(story_summary(id, &members, &links));
        })?;
        Ok(rows)
    };
    let path = store.path().to_path_buf();
    let shared: &Store = store;
    let mut rows: Vec<StorySummary> = Vec::with_capacity(ids.len());
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let mut pieces = ids.chunks(part_len);
        let first = pieces.next().unwrap_or(&[]);
        let others: Vec<_> = pieces
            .map(|part| {
                let path = &path;
                scope.spawn(move || -> anyhow::Result<Vec<StorySummary>> {
                    let conn = Store::open(path)
                        .context("opening a second connection to read story members")?;
                    summarise(&conn, part)
                })
            })
            .collect();
        rows.extend(summarise(shared, first)?);
        for h in others {
            rows.extend(h.join().expect("story summary thread panicked")?);
        }
        Ok(())
    })?;
    store.write_story_summaries(&rows)?;
    Ok(())
}

/// A story's summary from its members (in time order) and the duplicate links that end at
/// one of them, as (older, newer) article keys.
fn story_summary(id: i64, members: &[StoryMember], links: &[(i64, i64)]) -> StorySummary {
    let seqs: HashSet<i64> = members.iter().map(|m| m.seq).collect();
    // Independent sources: members joined by duplicate or containment links count once.
    let mut parent: HashMap<i64, i64> = seqs.iter().map(|s| (*s, *s)).collect();
    fn find(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let mut r = x;
        while parent[&r] != r {
            r = parent[&r];
        }
        parent.insert(x, r);
        r
    }
    for &(a, b) in links {
        if seqs.contains(&a) && seqs.contains(&b) {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
    }
    let independent = seqs
        .iter()
        .map(|s| find(&mut parent, *s))
        .collect::<HashSet<_>>()
        .len();
    let outlets: BTreeSet<&str> = members.iter().filter_map(|m| m.outlet.as_deref()).collect();
    let languages: BTreeSet<&str> = members
        .iter()
        .filter_map(|m| m.language.as_deref())
        .collect();
    let times: Vec<i64> = members.iter().filter_map(|m| m.time).collect();
    StorySummary {
        id,
        articles: members.len() as i64,
        outlets: outlets.len() as i64,
        independent: independent as i64,
        first_time: times.iter().min().copied(),
        last_time: times.iter().max().copied(),
        label: story_label(
            members.iter().filter_map(|m| m.title.as_deref()).take(50),
            4,
        ),
        languages: languages.into_iter().collect::<Vec<_>>().join(","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapped_prepares_every_item_once_in_order_beside_the_serial_step() {
        let calls = AtomicUsize::new(0);
        let prepare = |i: usize| {
            calls.fetch_add(1, Ordering::Relaxed);
            format!("item {i}")
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let (serial, items, _) = pool.install(|| overlapped(1000, prepare, || "serial"));
        assert_eq!(serial, "serial");
        assert_eq!(calls.load(Ordering::Relaxed), 1000);
        assert_eq!(
            items,
            (0..1000).map(|i| format!("item {i}")).collect::<Vec<_>>()
        );
        // Nothing to prepare: the serial step alone.
        let (serial, items, seconds) = overlapped(0, |_| -> String { unreachable!() }, || 7);
        assert_eq!((serial, items.len(), seconds), (7, 0, 0.0));
    }

    #[test]
    fn steps_cover_the_input_in_order_with_a_small_first_step() {
        for (n, size) in [
            (0, 4096),
            (7, 3),
            (511, 4096),
            (513, 4096),
            (10_000, 4096),
            (9, 1),
        ] {
            let items: Vec<usize> = (0..n).collect();
            let got = steps(&items, size);
            assert_eq!(got.concat(), items, "{n} items in steps of {size}");
            assert!(got.iter().all(|s| !s.is_empty() && s.len() <= size));
            if let Some(first) = got.first() {
                assert!(first.len() <= FIRST_CHUNK);
            }
        }
        assert_eq!(
            steps(&(0..10_000).collect::<Vec<_>>(), 4096)[0].len(),
            FIRST_CHUNK
        );
    }

    fn source(outlet: Option<&str>, text: &str) -> LinkSource {
        let paragraphs: Vec<parallax_model::Paragraph> = parallax_text::paragraphs(text)
            .into_iter()
            .map(|span| parallax_model::Paragraph {
                span,
                hash: 0,
                role: parallax_model::ParagraphRole::Body,
            })
            .collect();
        LinkSource {
            seq: 0,
            outlet: outlet.map(str::to_string),
            language: None,
            title: None,
            text: text.to_string(),
            boilerplate: vec![false; paragraphs.len()],
            paragraphs,
        }
    }

    #[test]
    fn ascii_case_is_ignored_when_looking_for_a_word() {
        assert!(contains_ignoring_ascii_case(
            "Follow HILLTOP online",
            b"hilltop"
        ));
        assert!(contains_ignoring_ascii_case("the hilltop", b"hilltop"));
        assert!(contains_ignoring_ascii_case("HiLlToP", b"hilltop"));
        // A first letter that recurs before the word, and a word cut off at the end.
        assert!(contains_ignoring_ascii_case("hhh hillhilltop", b"hilltop"));
        assert!(!contains_ignoring_ascii_case("the hillto", b"hilltop"));
        assert!(!contains_ignoring_ascii_case("Über hill top", b"hilltop"));
        assert!(contains_ignoring_ascii_case("anything", b""));
    }

    #[test]
    fn story_text_leaves_out_later_paragraphs_that_name_the_outlet() {
        let text = "Hilltop Herald reporters saw the fair open on Monday.\n\n\
                    Tickets go on sale in June.\n\n\
                    The Herald of Hilltop fair is a parade.\n\n\
                    The Hilltop-Herald is your home for news from the valley.\n\n\
                    Follow HILLTOP HERALD online.";
        let s = source(Some("hilltop-herald.example"), text);
        let out = story_text(&s, &analysis_text(&s));
        // Byte offsets are kept: the blurb is blanked, not cut.
        assert_eq!(out.len(), text.len());
        assert!(out.contains("Hilltop Herald reporters") && out.contains("Tickets"));
        assert!(!out.contains("your home") && !out.contains("Follow"));
        // The outlet's words in another order are not its name.
        assert!(out.contains("Herald of Hilltop"));
        // A name outside ASCII is compared in full Unicode lower case.
        let text =
            "Die Stadt feiert.\n\nDie ÜBERLINGER WOCHE informiert Sie.\n\nÜberlinger feiern.";
        let s = source(Some("überlinger-woche.example"), text);
        let out = story_text(&s, &analysis_text(&s));
        assert!(!out.contains("informiert") && out.contains("Überlinger feiern"));
        // One-word outlet keys and articles without an outlet are left as they are.
        let s = source(
            Some("reuters.com"),
            "Markets rose.\n\nReuters reported it first.",
        );
        assert_eq!(story_text(&s, &s.text), s.text);
        let s = source(None, text);
        assert_eq!(story_text(&s, &s.text), text);
    }

    #[test]
    fn dates_and_timestamps_become_epoch_seconds() {
        assert_eq!(epoch_seconds("1970-01-02"), Some(86_400));
        assert_eq!(epoch_seconds("2018-04-06"), Some(1_522_972_800));
        assert_eq!(epoch_seconds("2018-04-06T01:00:00Z"), Some(1_522_976_400));
        assert_eq!(
            epoch_seconds("2018-04-06T03:00:00+02:00"),
            Some(1_522_976_400)
        );
        assert_eq!(epoch_seconds("2018-04-06T01:00:00"), Some(1_522_976_400));
        assert_eq!(epoch_seconds("yesterday"), None);
    }
}

//! What an article brings to story clustering: weighted features of its title and body.
//!
//! - **Words**: lower-cased, stop words of the article's language removed, stemmed with the
//!   Snowball stemmer of that language (`frostem`). The language is given or recognised from
//!   the text's stop words; without one, words are kept whole.
//! - **Names**: capitalised words, each alone and each adjacent pair ("Bernard Gillis" gives
//!   `bernard`, `gillis` and `bernard gillis`), kept unstemmed so they meet across languages.
//!   A capitalised word that opens a sentence is a name only if the article also capitalises
//!   it mid-sentence and never writes it in lower case; sentences written in capitals and
//!   title-case titles say nothing about names.
//! - **Numbers**: the value of every number, in any script's digits ("٢٠١٩" = "2019").
//! - Scripts written without spaces (Chinese, Japanese, Thai...) give character bigrams.
//!
//! Only the body's first 3,000 bytes count (its lead: [`LEAD_BYTES`]). The title counts
//! double, without the outlet's name that titles often end with; sentences
//! about the web page rather than the news ("Please enable JavaScript to watch this video")
//! are dropped. With `use_entities` off (the plain TF-IDF baseline) only words are kept, and
//! titles and sentences are taken as they are. Every feature is hashed to a u64 key, so the clusterer never holds strings and
//! no string is built per word (stems are cached per thread).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use frostem::Stemmer;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::story::StoryParams;

/// What an article brings to clustering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryFeatures {
    /// (feature hash, weight before IDF), one entry per distinct feature, sorted by hash.
    pub features: Vec<(u64, f32)>,
    /// Publication time in seconds since the epoch, if known.
    pub time: Option<i64>,
}

/// Weight of a title word relative to a body word: the title names the event.
const TITLE_FACTOR: f32 = 2.0;
/// Shorter words (in characters) are not word features.
const MIN_WORD_CHARS: usize = 3;
/// Words of the text read to recognise its language.
const DETECT_WORDS: usize = 400;
/// A sentence with this share of web words (and at least one) is about the page, not the news.
const WEB_SHARE: f32 = 0.1;
/// Stems cached per thread before the cache starts over.
const STEM_CACHE_MAX: usize = 1 << 18;

/// Seeds that keep the kinds of feature apart (a word and a name never share a key).
const SEED_LOWER: u64 = 0x4c4f_5745_5232_3031;
const SEED_WORD: u64 = 0x574f_5244_5354_454d;
const SEED_NAME: u64 = 0x454e_5449_5459_3031;
const SEED_NAME_PAIR: u64 = 0x454e_5449_5459_3032;
const SEED_NUMBER: u64 = 0x4e55_4d42_4552_3031;
const SEED_DAY: u64 = 0x4441_5953_4e41_4d45;
/// Weight of each mention of a day.
const DAY_WEIGHT: f32 = 1.0;

/// News reporting words per language, added to NLTK's stop words.
const NEWS_STOP_WORDS: &str = include_str!("../data/news-stop-words.txt");
/// Words of web pages around articles (sign-up prompts, players, sharing).
const WEB_WORDS: &str = include_str!("../data/web-words.txt");

/// Languages with an NLTK stop-word list (ISO 639-1): these can also be recognised.
const STOP_LANGUAGES: &[&str] = &[
    // Commonest news languages first: a tie goes to the earlier one.
    "en", "es", "fr", "de", "ru", "pt", "it", "ar", "nl", "tr", "id", "sv", "da", "no", "fi", "el",
    "he", "hu", "ro", "ca", "sl", "sq", "bn", "ne", "ta", "az", "be", "eu", "kk", "tg", "uz",
];
/// Languages with a Snowball stemmer but no stop-word list: used when named.
const STEM_ONLY_LANGUAGES: &[&str] = &[
    "cs", "eo", "et", "fa", "ga", "hi", "hy", "lt", "pl", "sr", "st", "uk", "yi",
];

use parallax_text::{is_unspaced as unspaced, KeyMap as IdMap, KeySet as IdSet};

/// What a feature is, kept in the two low bits of its key so that the clusterer can score
/// words, names and numbers apart without holding anything else per feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A stemmed word (or a character bigram of an unspaced script).
    Words = 0,
    /// A capitalised word or pair of words.
    Names = 1,
    /// The value of a number.
    Numbers = 2,
    /// A day the article names ("Sunday", "Nov. 22"), resolved against its publication date.
    Days = 3,
}

impl Channel {
    /// Number of channels.
    pub const COUNT: usize = 4;

    /// The channel a feature key belongs to.
    pub fn of(key: u64) -> Channel {
        match key & 3 {
            1 => Channel::Names,
            2 => Channel::Numbers,
            3 => Channel::Days,
            _ => Channel::Words,
        }
    }

    /// `key` marked as belonging to this channel.
    fn tag(self, key: u64) -> u64 {
        (key & !3) | self as u64
    }
}

/// Spreads the bits of a combined key.
fn mix(h: u64) -> u64 {
    let h = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

/// The feature of a name word, from its lower-case hash.
fn name_key(lower: u64) -> u64 {
    Channel::Names.tag(mix(lower ^ SEED_NAME))
}

/// The feature of two adjacent name words ("Bernard Gillis"), from their lower-case hashes.
fn name_pair_key(first: u64, second: u64) -> u64 {
    Channel::Names.tag(mix(first.rotate_left(17) ^ second ^ SEED_NAME_PAIR))
}

/// Hash of the lower case of `w` (`scratch` holds it when it is not short ASCII).
fn lower_hash(w: &str, scratch: &mut String) -> u64 {
    // Most words are short and ASCII: lower-cased on the stack, with no string to grow.
    const SHORT: usize = 32;
    if w.len() <= SHORT && w.is_ascii() {
        let mut buf = [0u8; SHORT];
        for (d, s) in buf.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        return xxh3_64_with_seed(&buf[..w.len()], SEED_LOWER);
    }
    lower_into(w, scratch);
    xxh3_64_with_seed(scratch.as_bytes(), SEED_LOWER)
}

/// Lower-cases `w` into `out` (no allocation once `out` has grown).
fn lower_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.push_str(w);
        out.make_ascii_lowercase();
    } else {
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
}

struct Language {
    stemmer: Option<Stemmer>,
    /// Lower-case hashes of its stop words.
    stop: IdSet,
}

struct Languages {
    by_code: HashMap<&'static str, usize>,
    all: Vec<Language>,
    /// Lower-case word hash → bit set of the `STOP_LANGUAGES` that list it.
    detect: IdMap<u64>,
    /// Lower-case hashes of web words.
    web: WordFilter,
}

/// A small set of lower-case word hashes, asked about every word of every article: a bit per
/// 4,096th of the hash space answers "no" for nearly all words without probing the set.
struct WordFilter {
    bits: [u64; 64],
    set: IdSet,
}

impl WordFilter {
    fn new(hashes: impl IntoIterator<Item = u64>) -> Self {
        let mut filter = Self {
            bits: [0; 64],
            set: IdSet::default(),
        };
        for h in hashes {
            let b = (h >> 52) as usize;
            filter.bits[b / 64] |= 1 << (b % 64);
            filter.set.insert(h);
        }
        filter
    }

    fn contains(&self, h: u64) -> bool {
        let b = (h >> 52) as usize;
        self.bits[b / 64] & (1 << (b % 64)) != 0 && self.set.contains(&h)
    }
}

/// `code: words` lines (comments with `#`) of a data file.
fn data_lines(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(code, words)| (code.trim(), words))
}

fn languages() -> &'static Languages {
    static LANGUAGES: LazyLock<Languages> = LazyLock::new(|| {
        let mut by_code = HashMap::new();
        let mut all = Vec::new();
        let mut detect = IdMap::default();
        let mut lower = String::new();
        for &code in STOP_LANGUAGES.iter().chain(STEM_ONLY_LANGUAGES) {
            let mut stop = IdSet::default();
            for w in stop_words::lookup(code).unwrap_or_default() {
                stop.insert(lower_hash(w, &mut lower));
            }
            if let Some(bit) = STOP_LANGUAGES.iter().position(|c| *c == code) {
                for &h in &stop {
                    *detect.entry(h).or_default() |= 1u64 << bit;
                }
            }
            for (_, words) in data_lines(NEWS_STOP_WORDS).filter(|(c, _)| *c == code) {
                for w in words.split_whitespace() {
                    stop.insert(lower_hash(w, &mut lower));
                }
            }
            by_code.insert(code, all.len());
            all.push(Language {
                stemmer: Stemmer::try_from_name(code).ok(),
                stop,
            });
        }
        let web = WordFilter::new(
            data_lines(WEB_WORDS)
                .flat_map(|(_, words)| words.split_whitespace())
                .map(|w| lower_hash(w, &mut lower)),
        );
        Languages {
            by_code,
            all,
            detect,
            web,
        }
    });
    &LANGUAGES
}

impl Languages {
    /// The language named by an ISO 639-1 code ("en", "EN", "en-US").
    fn named(&self, code: &str) -> Option<usize> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        self.by_code.get(primary.as_str()).copied()
    }

    /// The language of an article from the stop words among its first words (of the body,
    /// or of the title when the body has none), if it clearly has one.
    fn recognise(&self, tokens: &[Token]) -> Option<usize> {
        let text = u8::from(tokens.iter().any(|t| t.text == 1 && t.lower != 0));
        let mut counts = [0u32; 64];
        let mut seen = 0u32;
        for t in tokens
            .iter()
            .filter(|t| t.text == text && t.lower != 0)
            .take(DETECT_WORDS)
        {
            seen += 1;
            let mut bits = self.detect.get(&t.lower).copied().unwrap_or(0);
            while bits != 0 {
                counts[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        let (best, hits) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i)))?;
        // Prose is at least one stop word in ten.
        (*hits > 0 && *hits * 10 >= seen).then(|| self.by_code[STOP_LANGUAGES[best]])
    }
}

/// What [`STEMS`] holds for a stop word: a key of the names channel, never a word's.
const STOP_KEY: u64 = Channel::Names as u64;

thread_local! {
    /// (language, lower-case word hash) → stem key, or [`STOP_KEY`] for a stop word of the
    /// language: words repeat, stemming is the slow part. Only the thread's own calls use it,
    /// and it only holds what the language's stop words and stemmer give.
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// Slots of [`StemCache`]'s front table (64 KiB): the few thousand commonest words of a
/// language make up most of its running text.
const STEM_FRONT_SLOTS: usize = 4096;

/// The stem cache: a direct-mapped front table for the common words, which stays in the
/// processor's cache, before the large map of every word seen (megabytes, so nearly every
/// lookup there missed the processor's cache: a fifth of the feature pass).
struct StemCache {
    front: Box<[(u64, u64); STEM_FRONT_SLOTS]>,
    all: IdMap<u64>,
}

impl Default for StemCache {
    fn default() -> Self {
        Self {
            front: Box::new([(0, 0); STEM_FRONT_SLOTS]),
            all: IdMap::default(),
        }
    }
}

impl StemCache {
    /// The value under `key` (a well-mixed hash), made by `make` the first time.
    fn get_or_insert_with(&mut self, key: u64, make: impl FnOnce() -> u64) -> u64 {
        let slot = &mut self.front[(key >> (64 - STEM_FRONT_SLOTS.trailing_zeros())) as usize];
        // Key 0 marks an empty slot, so it never comes from the front table.
        if slot.0 == key && key != 0 {
            return slot.1;
        }
        if self.all.len() >= STEM_CACHE_MAX {
            self.all.clear();
        }
        let value = *self.all.entry(key).or_insert_with(make);
        *slot = (key, value);
        value
    }
}

/// One word of the title or body.
#[derive(Clone, Copy)]
struct Token {
    /// Byte range of the word in its text.
    start: usize,
    end: usize,
    /// Hash of the lower-cased word (0 for numbers and unspaced runs).
    lower: u64,
    /// Word or number feature (0: none).
    key: u64,
    /// Weight of its features (0 once its sentence is dropped).
    factor: f32,
    /// Index of the text (0 title, 1 body): names never run across texts.
    text: u8,
    /// Starts with an upper-case letter.
    capital: bool,
    /// Two or more capitals and no lower-case letter ("NYPD", "HAWTHORNE").
    upper: bool,
    /// Too short to be a word feature.
    short: bool,
    /// Opens a sentence (or the title).
    sentence_start: bool,
    /// Only spaces, a hyphen or an apostrophe since the previous word (or the dot of an
    /// initial): the two can be one name.
    glued: bool,
    /// In a title written in title case, or a sentence in capitals: capitals mean nothing.
    caseless: bool,
    stop: bool,
    /// A word of web pages (video, e-mail, subscribe).
    web: bool,
}

impl StoryFeatures {
    /// Features of an article's title and body, its language recognised from its stop words.
    pub fn of(title: Option<&str>, body: &str, time: Option<i64>, params: &StoryParams) -> Self {
        Self::of_language(title, body, time, params, None)
    }

    /// Features of an article's title and body in `language` (ISO 639-1, e.g. `"en"`; a
    /// region such as `"en-US"` is ignored). `None`, or a language without stop words or
    /// stemmer, recognises the language from the stop words of the text.
    pub fn of_language(
        title: Option<&str>,
        body: &str,
        time: Option<i64>,
        params: &StoryParams,
        language: Option<&str>,
    ) -> Self {
        let langs = languages();
        // Without names and numbers this is the plain TF-IDF baseline: words only, with no
        // title cleaning or sentence dropping either.
        let plain = !params.use_entities;
        let title = title.unwrap_or("");
        let body = lead_of(body);
        let texts = [if plain { title } else { clean_title(title) }, body];
        let mut weights: IdMap<f32> = IdMap::default();
        let mut tokens: Vec<Token> = Vec::with_capacity(body.len() / 6);
        let mut lower = String::new();
        let number_weight = if plain { 0.0 } else { params.number_weight };
        for (t, text) in texts.into_iter().enumerate() {
            let factor = if t == 0 { TITLE_FACTOR } else { 1.0 };
            let title_case = t == 0 && is_title_case(text);
            let mut prev_end = 0;
            let mut prev_initial = false;
            for span in parallax_text::words(text) {
                let w = span.slice(text);
                let gap = &text[prev_end..span.start];
                // Most words follow a single space: neither a sentence start nor a break.
                let (sentence_start, glued) = if gap == " " && prev_end > 0 {
                    (false, true)
                } else {
                    (
                        prev_end == 0
                            || gap.contains('\n')
                            || gap
                                .trim_end()
                                .ends_with(['.', '!', '?', '"', '“', ':', '—', '|']),
                        !gap.is_empty()
                            && (gap
                                .chars()
                                .all(|c| matches!(c, ' ' | '\u{a0}' | '-' | '\'' | '’'))
                                || (gap == ". " && prev_initial)),
                    )
                };
                prev_initial = w.len() == 1;
                prev_end = span.end;
                let mut tok = Token {
                    start: span.start,
                    end: span.end,
                    lower: 0,
                    key: 0,
                    factor,
                    text: t as u8,
                    capital: false,
                    upper: false,
                    short: false,
                    sentence_start,
                    glued,
                    caseless: title_case,
                    stop: true,
                    web: false,
                };
                // Most words are ASCII, and no ASCII word is of an unspaced script.
                if !w.is_ascii() && w.chars().any(unspaced) {
                    add_unspaced(w, factor, number_weight, &mut weights);
                    tokens.push(tok);
                    continue;
                }
                let first = w.chars().next().unwrap_or(' ');
                if digit(first).is_some() {
                    if number_weight > 0.0 {
                        tok.key = number_key(w);
                        tok.factor *= number_weight;
                    }
                    tokens.push(tok);
                    continue;
                }
                tok.lower = lower_hash(w, &mut lower);
                tok.capital = first.is_uppercase();
                (tok.upper, tok.short) = shape(w);
                tok.web = langs.web.contains(tok.lower);
                tokens.push(tok);
            }
        }
        let lang = language
            .and_then(|c| langs.named(c))
            .or_else(|| langs.recognise(&tokens));
        let unstemmed = |lower: u64| Channel::Words.tag(mix(lower ^ SEED_WORD));
        STEMS.with_borrow_mut(|stems| {
            for t in tokens.iter_mut().filter(|t| t.lower != 0) {
                // One lookup gives both whether the word is a stop word and its stem.
                let key = match lang {
                    None => unstemmed(t.lower),
                    Some(i) => {
                        let language = &langs.all[i];
                        let salt = mix(i as u64 + 1);
                        stems.get_or_insert_with(t.lower ^ salt, || {
                            if language.stop.contains(&t.lower) {
                                return STOP_KEY;
                            }
                            let Some(stemmer) = language.stemmer else {
                                return unstemmed(t.lower);
                            };
                            lower_into(&texts[usize::from(t.text)][t.start..t.end], &mut lower);
                            Channel::Words.tag(xxh3_64_with_seed(
                                stemmer.stem(&lower).as_bytes(),
                                SEED_WORD,
                            ))
                        })
                    }
                };
                t.stop = key == STOP_KEY;
                if !t.stop && !t.short {
                    t.key = key;
                }
            }
        });
        if !plain {
            mark_sentences(&mut tokens);
        }
        weights.reserve(tokens.len() / 2);
        if !plain {
            add_names(&tokens, params.entity_weight, &mut weights);
        }
        for t in &tokens {
            if t.key != 0 && t.factor > 0.0 {
                *weights.entry(t.key).or_default() += t.factor;
            }
        }
        if let (false, Some(time)) = (plain, time) {
            let mut days = Vec::new();
            let mut words: Vec<&str> = Vec::with_capacity(tokens.len());
            for (t, text) in texts.iter().enumerate() {
                words.clear();
                words.extend(
                    tokens
                        .iter()
                        .filter(|k| usize::from(k.text) == t)
                        .map(|k| &text[k.start..k.end]),
                );
                crate::days::named_days(&words, time, &mut days);
            }
            for day in days {
                let key = Channel::Days.tag(mix(day as u64 ^ SEED_DAY));
                *weights.entry(key).or_default() += DAY_WEIGHT;
            }
        }
        // Sublinear term frequency: the tenth mention of a word adds little.
        let mut features: Vec<(u64, f32)> = weights
            .into_iter()
            .filter(|&(_, w)| w > 0.0)
            .map(|(k, w)| (k, if w > 1.0 { 1.0 + w.ln() } else { w }))
            .collect();
        features.sort_unstable_by_key(|f| f.0);
        Self { features, time }
    }
}

impl StoryFeatures {
    /// Drops the name features that spell the publishing outlet (its key, e.g.
    /// `hilltop-herald` or `valley-times.example`: each word and each adjacent pair): every
    /// article of an outlet that signs its pages shares them, and they say nothing about
    /// the event.
    pub fn without_outlet_name(mut self, outlet: &str) -> Self {
        let words: Vec<u64> = outlet
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| lower_hash(w, &mut String::new()))
            .collect();
        let mut drop: Vec<u64> = words.iter().map(|&w| name_key(w)).collect();
        drop.extend(words.windows(2).map(|p| name_pair_key(p[0], p[1])));
        self.features.retain(|(k, _)| !drop.contains(k));
        self
    }
}

/// Bytes of a body that give features (about 500 words). News states its event first, and
/// what follows in long articles (background, reactions) pulls them towards other stories.
/// On the generated c100k corpus the feature pass of `eval stories` went from 7.1 to 5.1 s at
/// BCubed 0.990 → 0.987; GVA 0.899 → 0.898, ECB+ unchanged (its documents are shorter);
/// 2,000 bytes gave 0.974 on c100k.
const LEAD_BYTES: usize = 3000;

/// The first [`LEAD_BYTES`] of a body, cut at a space.
fn lead_of(body: &str) -> &str {
    if body.len() <= LEAD_BYTES {
        return body;
    }
    let mut end = LEAD_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    match body[..end].rfind(char::is_whitespace) {
        Some(i) => &body[..i],
        None => &body[..end],
    }
}

/// Whether a word is in capitals (two or more, no lower-case letter: "NYPD") and whether it
/// is too short to be a word feature. ASCII words, most of them, are tested on their bytes.
fn shape(w: &str) -> (bool, bool) {
    if w.is_ascii() {
        let b = w.as_bytes();
        (
            b.iter().filter(|c| c.is_ascii_uppercase()).nth(1).is_some()
                && !b.iter().any(u8::is_ascii_lowercase),
            b.len() < MIN_WORD_CHARS,
        )
    } else {
        (
            w.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
                && !w.chars().any(char::is_lowercase),
            w.chars().nth(MIN_WORD_CHARS - 1).is_none(),
        )
    }
}

/// Per sentence: capitals mean nothing in a sentence written in capitals, and a sentence
/// about the web page ("Sign up for our newsletter", "Watch the video") is dropped.
fn mark_sentences(tokens: &mut [Token]) {
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start + 1;
        while end < tokens.len()
            && !tokens[end].sentence_start
            && tokens[end].text == tokens[start].text
        {
            end += 1;
        }
        let sentence = &mut tokens[start..end];
        let words = sentence.iter().filter(|t| t.lower != 0).count();
        let upper = sentence.iter().filter(|t| t.upper).count();
        let web = sentence.iter().filter(|t| t.web).count();
        let caseless = words >= 3 && upper * 2 > words;
        let dropped = web > 0 && web as f32 >= WEB_SHARE * sentence.len() as f32;
        for t in sentence.iter_mut() {
            t.caseless |= caseless;
            if dropped {
                t.factor = 0.0;
            }
        }
        start = end;
    }
}

/// Name features: every word of a run of capitalised words, and every adjacent pair.
fn add_names(tokens: &[Token], weight: f32, weights: &mut IdMap<f32>) {
    // Words the article capitalises mid-sentence, and those of them it also writes in lower
    // case. Only named words are looked up, so the lower-case words are not all collected:
    // that set, as large as the article's vocabulary, cost more than the rest of this pass.
    let counted = || tokens.iter().filter(|t| t.lower != 0 && t.factor > 0.0);
    let mut named = IdSet::default();
    for t in counted() {
        if t.capital && !t.sentence_start && !t.caseless && !t.stop {
            named.insert(t.lower);
        }
    }
    let mut common = IdSet::default();
    if !named.is_empty() {
        for t in counted() {
            if !t.capital && !t.caseless && named.contains(&t.lower) {
                common.insert(t.lower);
            }
        }
    }
    let is_name = |t: &Token| {
        t.capital
            && !t.stop
            && t.factor > 0.0
            && (!(t.sentence_start || t.caseless)
                || (named.contains(&t.lower) && !common.contains(&t.lower)))
    };
    let mut i = 0;
    while i < tokens.len() {
        if !is_name(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && is_name(&tokens[j])
            && tokens[j].glued
            && tokens[j].text == tokens[i].text
            && (tokens[j].caseless || !tokens[j].sentence_start)
        {
            j += 1;
        }
        let run = &tokens[i..j];
        for (k, t) in run.iter().enumerate() {
            let w = weight * t.factor;
            *weights.entry(name_key(t.lower)).or_default() += w;
            if k > 0 {
                *weights
                    .entry(name_pair_key(run[k - 1].lower, t.lower))
                    .or_default() += w;
            }
        }
        i = j;
    }
}

/// The title without the outlet's name it often ends (or starts) with: "Four shot - WMC
/// Action News 5 - Memphis, Tennessee" is "Four shot". The headline is the first part
/// between separators, unless a later part is more than twice as long.
fn clean_title(title: &str) -> &str {
    let mut parts = title
        .split(['|', '«', '»'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return title;
    };
    let longest = parts.max_by_key(|p| p.len()).unwrap_or(first);
    if longest.len() > 2 * first.len() {
        longest
    } else {
        first
    }
}

/// Whether two titles could head the same article: at least half the words of four letters
/// or more of the shorter one (outlet names cut as in [`clean_title`], case ignored) are in the
/// other. A missing or wordless title agrees with any. Copies keep most of their headline;
/// pages that share only a paywall notice or an error message under their own headlines do
/// not.
pub fn titles_agree(a: &str, b: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        let mut w: Vec<String> = clean_title(t)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let (a, b) = (words(a), words(b));
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return true;
    }
    let shared = small
        .iter()
        .filter(|w| large.binary_search(w).is_ok())
        .count();
    2 * shared > small.len()
}

/// A title whose longer words mostly start with capitals ("Man Killed At Party In Hawthorne").
fn is_title_case(title: &str) -> bool {
    let (mut capitals, mut all) = (0, 0);
    for span in parallax_text::words(title) {
        let w = span.slice(title);
        if let Some(c) = w.chars().next().filter(|c| c.is_alphabetic()) {
            if w.len() > 3 {
                all += 1;
                capitals += usize::from(c.is_uppercase());
            }
        }
    }
    all >= 3 && capitals * 4 >= all * 3
}

/// The value of a decimal digit of any common script (ASCII, Arabic-Indic, Persian,
/// Devanagari and other Indic, Thai, Myanmar, full-width...).
fn digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    if !c.is_numeric() {
        return None;
    }
    const ZEROS: [u32; 20] = [
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
        0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0x19D0, 0xFF10,
    ];
    let u = c as u32;
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&u))
        .map(|z| u - z)
}

/// The key of the number a word starts with ("75th" → 75, "٢٠١٩" → 2019, "007" → 7), the
/// same whatever the script of its digits.
fn number_key(w: &str) -> u64 {
    let mut ascii = [0u8; 32];
    let mut len = 0;
    for d in w.chars().map_while(digit) {
        if (len == 0 && d == 0) || len == ascii.len() {
            continue;
        }
        ascii[len] = b'0' + d as u8;
        len += 1;
    }
    Channel::Numbers.tag(xxh3_64_with_seed(&ascii[..len], SEED_NUMBER))
}

/// A word with characters of an unspaced script: character bigrams of those parts, numbers
/// and other letters as usual ("2019年北京" gives 2019 and 年北, 北京).
fn add_unspaced(w: &str, factor: f32, number_weight: f32, weights: &mut IdMap<f32>) {
    let class = |c: char| {
        if unspaced(c) {
            0
        } else if digit(c).is_some() {
            1
        } else {
            2
        }
    };
    let mut chars = w.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = class(c);
        let mut end = w.len();
        while let Some(&(j, d)) = chars.peek() {
            if class(d) != kind {
                end = j;
                break;
            }
            chars.next();
        }
        let part = &w[start..end];
        match kind {
            0 => add_bigrams(part, factor, weights),
            1 if number_weight > 0.0 => {
                *weights.entry(number_key(part)).or_default() += factor * number_weight;
            }
            1 => {}
            _ => {
                let lower = lower_hash(part, &mut String::new());
                *weights
                    .entry(Channel::Words.tag(mix(lower ^ SEED_WORD)))
                    .or_default() += factor;
            }
        }
    }
}

/// Character bigrams of a run of an unspaced script (the character itself when alone).
fn add_bigrams(run: &str, factor: f32, weights: &mut IdMap<f32>) {
    let mut bounds = run.char_indices().map(|(i, _)| i).chain([run.len()]);
    let (Some(mut a), Some(mut b)) = (bounds.next(), bounds.next()) else {
        return;
    };
    let mut any = false;
    for c in bounds {
        *weights
            .entry(Channel::Words.tag(xxh3_64_with_seed(&run.as_bytes()[a..c], SEED_WORD)))
            .or_default() += factor;
        (a, b, any) = (b, c, true);
    }
    if !any {
        *weights
            .entry(Channel::Words.tag(xxh3_64_with_seed(&run.as_bytes()[a..b], SEED_WORD)))
            .or_default() += factor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> StoryParams {
        StoryParams::default()
    }

    fn keys(f: &StoryFeatures) -> std::collections::HashSet<u64> {
        f.features.iter().map(|(k, _)| *k).collect()
    }

    fn word(w: &str, lang: &str) -> u64 {
        let stemmer = Stemmer::try_from_name(lang).ok();
        let stem = stemmer.map_or(w.to_string(), |s| s.stem(w).into_owned());
        Channel::Words.tag(xxh3_64_with_seed(stem.as_bytes(), SEED_WORD))
    }

    fn name(w: &str) -> u64 {
        name_key(lower_hash(w, &mut String::new()))
    }

    fn days(f: &StoryFeatures) -> Vec<u64> {
        f.features
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| Channel::of(*k) == Channel::Days)
            .collect()
    }

    #[test]
    fn days_named_in_title_or_body_meet_however_written() {
        // Monday 2015-11-23, noon.
        let monday = 16_762 * 86_400 + 12 * 3_600;
        let sunday = StoryFeatures::of(
            Some("Two hurt in shooting"),
            "Police said the shooting happened Sunday night.",
            Some(monday),
            &params(),
        );
        let dated = StoryFeatures::of(
            Some("Vigil held for Nov. 22 shooting victims"),
            "Neighbours gathered near the park.",
            Some(monday + 86_400),
            &params(),
        );
        assert_eq!(days(&sunday).len(), 1);
        assert_eq!(days(&sunday), days(&dated));
        // Undated articles, and a month and day split between title and body, name no day.
        let undated = StoryFeatures::of(None, "It happened Sunday.", None, &params());
        assert!(days(&undated).is_empty());
        let split = StoryFeatures::of(
            Some("Shooting on Nov."),
            "22 people were questioned.",
            Some(monday),
            &params(),
        );
        assert!(days(&split).is_empty());
    }

    #[test]
    fn the_outlets_own_name_is_not_a_name_feature() {
        let f = StoryFeatures::of(
            None,
            "The fair returns in August, organisers told the Hilltop Herald. Mayor Ann Boyd agreed.",
            None,
            &params(),
        );
        let k = keys(&f);
        assert!(k.contains(&name("hilltop")) && k.contains(&name("boyd")));
        let k = keys(&f.without_outlet_name("hilltop-herald"));
        assert!(!k.contains(&name("hilltop")) && !k.contains(&name("herald")));
        let pair = name_pair_key(
            lower_hash("hilltop", &mut String::new()),
            lower_hash("herald", &mut String::new()),
        );
        assert!(!k.contains(&pair));
        assert!(k.contains(&name("boyd")) && k.contains(&name("ann")));
    }

    #[test]
    fn the_stem_cache_answers_from_either_table() {
        let mut cache = StemCache::default();
        let same_slot = [1u64 << 52 | 7, 1 << 52 | 9];
        assert_eq!(cache.get_or_insert_with(same_slot[0], || 70), 70);
        // A second key of the same front slot takes it over; the first is still in the map.
        assert_eq!(cache.get_or_insert_with(same_slot[1], || 90), 90);
        assert_eq!(
            cache.get_or_insert_with(same_slot[0], || unreachable!()),
            70
        );
        // Key 0 marks an empty slot, so it is always looked up in the map.
        assert_eq!(cache.get_or_insert_with(0, || 5), 5);
        assert_eq!(cache.get_or_insert_with(0, || unreachable!()), 5);
    }

    #[test]
    fn only_the_lead_of_a_long_body_gives_features() {
        let filler = "The council met again on the pier and talked at length. ".repeat(60);
        let body = format!("{filler}Zanzibar was named at the very end.");
        assert!(body.len() > LEAD_BYTES);
        let f = StoryFeatures::of(None, &body, None, &params());
        assert!(!keys(&f).contains(&word("zanzibar", "en")));
        let short = StoryFeatures::of(None, "Zanzibar was named at the start.", None, &params());
        assert!(keys(&short).contains(&word("zanzibar", "en")));
    }

    #[test]
    fn words_are_stemmed_and_stop_words_dropped() {
        let a = StoryFeatures::of(
            None,
            "The shootings were reported downtown.",
            None,
            &params(),
        );
        let b = StoryFeatures::of(None, "A shooting is reported downtown.", None, &params());
        let (ka, kb) = (keys(&a), keys(&b));
        assert!(ka.contains(&word("shooting", "en")));
        assert!(ka.contains(&word("downtown", "en")));
        // "the", "were" (NLTK) and "reported" (news words) are stop words.
        assert_eq!(ka.len(), 2);
        assert_eq!(ka, kb);
        assert!(a.features.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn language_is_recognised_or_given() {
        let text = "Die Polizei hat am Montag in der Stadt zwei Männer festgenommen, die nach \
                    Angaben der Ermittler an den Schüssen beteiligt waren.";
        let recognised = StoryFeatures::of(None, text, None, &params());
        let given = StoryFeatures::of_language(None, text, None, &params(), Some("de-DE"));
        assert_eq!(recognised, given);
        assert!(keys(&given).contains(&word("festgenommen", "de")));
        assert!(!keys(&given).contains(&word("der", "de")));
        // Named by a code the stop words do not know, the language is recognised.
        let unknown = StoryFeatures::of_language(None, text, None, &params(), Some("xx"));
        assert_eq!(unknown, given);
    }

    #[test]
    fn names_alone_and_in_pairs_and_at_sentence_starts() {
        let body = "Gillis was shot on Cerise Avenue. Police said Bernard Gillis, 20, died. \
                    Police found the gun. Another man was hurt.";
        let f = StoryFeatures::of(None, body, None, &params());
        let k = keys(&f);
        for n in ["gillis", "bernard", "cerise", "avenue"] {
            assert!(k.contains(&name(n)), "{n}");
        }
        let pair = name_pair_key(
            lower_hash("bernard", &mut String::new()),
            lower_hash("gillis", &mut String::new()),
        );
        assert!(k.contains(&pair));
        // "Police" and "Another" only open sentences (and "police" is no name mid-sentence).
        assert!(!k.contains(&name("police")));
        assert!(!k.contains(&name("another")));
        // Numbers count, in any script.
        assert!(k.contains(&number_key("20")));
        assert_eq!(number_key("٢٠"), number_key("20"));
        assert_eq!(number_key("020th"), number_key("20"));
    }

    #[test]
    fn names_need_entities_switched_on() {
        let off = StoryParams {
            use_entities: false,
            ..params()
        };
        let f = StoryFeatures::of(None, "Officers met Bernard Gillis on 5 May.", None, &off);
        assert!(!keys(&f).contains(&name("gillis")));
        assert!(!keys(&f).contains(&number_key("5")));
        assert!(keys(&f).contains(&word("gillis", "en")));
    }

    #[test]
    fn titles_agree_when_they_share_most_words_of_the_shorter() {
        assert!(titles_agree(
            "Police ID suspect in New Orleans parade shooting",
            "Suspect identified in New Orleans Mother's Day parade shooting - WWL"
        ));
        // One shared place name is not a shared headline.
        assert!(!titles_agree(
            "St. Louis man charged with shooting from car, killing man on his birthday",
            "Two men killed, 8 wounded in overnight shootings in St. Louis"
        ));
        assert!(!titles_agree(
            "Deadly gunfire followed reported argument at party",
            "Shooting details emerge"
        ));
        // The outlet's name after the headline does not make two headlines agree.
        assert!(!titles_agree(
            "Man wanted in Lunenburg quadruple shooting - NBC12 - WWBT - Richmond, VA News",
            "Police search for driver after crash - NBC12 - WWBT - Richmond, VA News"
        ));
        assert!(titles_agree("", "Anything at all"));
        assert!(titles_agree("A to Z", "Shooting details emerge"));
    }

    #[test]
    fn capitals_in_titles_and_shouting_say_nothing() {
        let f = StoryFeatures::of(
            Some("Man Killed At Party In Hawthorne - KTLA 5 News"),
            "A VIOLENT NIGHT ON THE STREETS OF DETROIT LEFT FOUR HURT. A man was killed at a party.",
            None,
            &params(),
        );
        let k = keys(&f);
        assert!(!k.contains(&name("killed")));
        assert!(!k.contains(&name("violent")));
        assert!(
            !k.contains(&name("ktla")),
            "the outlet's name is cut from the title"
        );
        assert!(k.contains(&word("hawthorne", "en")));
    }

    #[test]
    fn web_page_sentences_are_dropped() {
        let f = StoryFeatures::of(
            None,
            "Please enable JavaScript to watch this video. Four people were shot in Gary.",
            None,
            &params(),
        );
        let k = keys(&f);
        assert!(!k.contains(&word("enable", "en")));
        assert!(k.contains(&word("gary", "en")));
        assert_eq!(clean_title("Four shot | WMC Action News 5"), "Four shot");
        assert_eq!(clean_title("Police: Man shot"), "Police: Man shot");
    }

    #[test]
    fn words_are_shaped_by_their_characters() {
        // The rule on characters; ASCII words take a byte path that must agree with it.
        let by_chars = |w: &str| {
            (
                w.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
                    && !w.chars().any(char::is_lowercase),
                w.chars().count() < MIN_WORD_CHARS,
            )
        };
        for w in [
            "NYPD",
            "Nypd",
            "nypd",
            "US",
            "Us",
            "A",
            "ab",
            "abc",
            "ABc",
            "X1",
            "AB_C",
            "9",
            "ÉCOLE",
            "été",
            "ÉÉ",
            "Ωμέγα",
        ] {
            assert_eq!(shape(w), by_chars(w), "{w}");
        }
        assert_eq!(shape("NYPD"), (true, false));
        assert_eq!(shape("US"), (true, true));
        assert_eq!(shape("Nypd"), (false, false));
    }

    #[test]
    fn stop_words_are_remembered_per_language() {
        // "die" is a German stop word and an English word: the per-thread cache that holds
        // stop status and stems must not carry the German answer into an English text.
        let de = StoryFeatures::of_language(None, "die Polizei", None, &params(), Some("de"));
        assert!(!keys(&de).contains(&word("die", "de")));
        let en =
            StoryFeatures::of_language(None, "Three soldiers die", None, &params(), Some("en"));
        assert!(keys(&en).contains(&word("die", "en")));
        let again = StoryFeatures::of_language(None, "die Polizei", None, &params(), Some("de"));
        assert_eq!(again, de);
    }

    #[test]
    fn unspaced_scripts_give_bigrams_and_numbers() {
        let f = StoryFeatures::of(None, "2019年北京发生枪击", None, &params());
        let k = keys(&f);
        assert!(k.contains(&number_key("2019")));
        assert!(k.contains(&Channel::Words.tag(xxh3_64_with_seed("北京".as_bytes(), SEED_WORD))));
        assert!(StoryFeatures::of(None, "", None, &params())
            .features
            .is_empty());
        assert!(StoryFeatures::of(Some("   "), " . ", None, &params())
            .features
            .is_empty());
    }
}

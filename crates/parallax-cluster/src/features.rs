//! What an article brings to story clustering: weighted features of its title and body.
//!
//! Words (stop words removed, crudely stemmed), capitalised phrases (names of people, places,
//! organisations) and numbers, each hashed to a u64 key so the clusterer never holds strings.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use crate::story::StoryParams;

/// What an article brings to clustering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryFeatures {
    /// (feature hash, weight before IDF), one entry per distinct feature.
    pub features: Vec<(u64, f32)>,
    /// Publication time in seconds since the epoch, if known.
    pub time: Option<i64>,
}

const STOP_WORDS: &str = "a about above after again against all also am an and any are as at be because been before being \
below between both but by can could did do does doing down during each few for from further had has have having he her \
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on \
once only or other our ours ourselves out over own same she should so some such than that the their theirs them \
themselves then there these they this those through to too under until up very was we were what when where which while \
who whom why will with would you your yours yourself yourselves said says say told according one two new year years \
last first people time would could may might must shall its it's also";

fn stop_words() -> &'static HashSet<&'static str> {
    static SET: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.split_whitespace().collect());
    &SET
}

impl StoryFeatures {
    /// Features of an article's title and body. The title counts twice: it names the event.
    pub fn of(title: Option<&str>, body: &str, time: Option<i64>, params: &StoryParams) -> Self {
        let mut weights: HashMap<u64, f32> = HashMap::new();
        let stop = stop_words();
        let mut add_text = |text: &str, factor: f32| {
            let spans: Vec<parallax_text::Span> = parallax_text::words(text).collect();
            let mut phrase: Vec<&str> = Vec::new();
            let flush_phrase = |phrase: &mut Vec<&str>, weights: &mut HashMap<u64, f32>| {
                if params.use_entities
                    && !phrase.is_empty()
                    && !(phrase.len() == 1 && stop.contains(phrase[0].to_lowercase().as_str()))
                {
                    let key = format!("E:{}", phrase.join(" ").to_lowercase());
                    *weights.entry(xxh3_64(key.as_bytes())).or_default() +=
                        params.entity_weight * factor;
                }
                phrase.clear();
            };
            for (i, span) in spans.iter().enumerate() {
                let w = span.slice(text);
                let lower = w.to_lowercase();
                let is_number = w.chars().all(|c| c.is_ascii_digit());
                // Capitalised words not at a sentence start form phrases.
                let sentence_start = i == 0
                    || text[..span.start]
                        .trim_end()
                        .ends_with(['.', '!', '?', '"', '“', '\n']);
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                if capital && !sentence_start && !stop.contains(lower.as_str()) {
                    phrase.push(w);
                } else {
                    flush_phrase(&mut phrase, &mut weights);
                }
                if is_number {
                    if params.use_entities {
                        *weights
                            .entry(xxh3_64(format!("N:{w}").as_bytes()))
                            .or_default() += params.number_weight * factor;
                    }
                    continue;
                }
                if lower.chars().count() < 3 || stop.contains(lower.as_str()) {
                    continue;
                }
                let stem = crude_stem(&lower);
                *weights
                    .entry(xxh3_64(format!("W:{stem}").as_bytes()))
                    .or_default() += factor;
            }
            flush_phrase(&mut phrase, &mut weights);
        };
        if let Some(t) = title {
            add_text(t, 2.0);
        }
        add_text(body, 1.0);
        let mut features: Vec<(u64, f32)> = weights
            .into_iter()
            .map(|(k, w)| (k, 1.0 + w.ln()))
            .collect();
        features.sort_unstable_by_key(|f| f.0);
        Self { features, time }
    }
}

/// Strips the commonest English inflections so "shooting" and "shootings" meet.
fn crude_stem(w: &str) -> &str {
    for suffix in ["ings", "ing", "ies", "es", "s", "ed"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.chars().count() >= 4 {
                return stem;
            }
        }
    }
    w
}

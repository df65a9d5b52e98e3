//! Language identification, restricted to the configured languages.
//!
//! A cheap first pass decides most articles: the writing system alone names Korean, Japanese,
//! Chinese, Thai, Greek, Hebrew or Hindi text, and counts of a few very frequent function
//! words separate the common Latin-script languages when one clearly dominates. Everything
//! else (Arabic-script and Cyrillic languages, close neighbours such as Danish and Norwegian,
//! short or mixed text) goes to lingua.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use lingua::{IsoCode639_1, IsoCode639_3, Language, LanguageDetector, LanguageDetectorBuilder};
use parallax_model::{Paragraph, ParagraphRole};
use parallax_text::KeyHasher;

use crate::IngestError;

/// Text shorter than this (in bytes) is not identified: too little evidence.
const MIN_BYTES: usize = 24;
/// Identification reads at most this many bytes of body text: a few sentences identify a
/// language reliably, and the cost grows with the sample.
const SAMPLE_BYTES: usize = 600;
/// lingua reads at most this many bytes.
const LINGUA_BYTES: usize = 240;
/// The function-word pass decides when the top language has at least this many hits…
const MIN_HITS: usize = 6;
/// …and this many times the hits of the runner-up. (Words that are also common English words,
/// such as Polish "to" and "do" or Dutch "door", are left out of the lists.)
const MARGIN: usize = 3;

/// Very frequent function words of common Latin-script languages. A word listed for several
/// languages counts for each, so only words that tell languages apart tip the balance.
const FUNCTION_WORDS: &[(Language, &str)] = &[
    (
        Language::English,
        "the and of to that is was with for said his have from by this are were which would their",
    ),
    (
        Language::German,
        "der und das nicht ist mit sich auch dem ein eine wurde wird sie für von zu auf",
    ),
    (
        Language::French,
        "le les des est une dans pour qui pas du sur au avec il sont cette été mais ont aux",
    ),
    (
        Language::Spanish,
        "el los las del que por una con para se su es al lo como más pero sus fue este",
    ),
    (
        Language::Italian,
        "il di che non per una della sono del gli le alla anche nel ha è più dei questo essere",
    ),
    (
        Language::Portuguese,
        "os não uma com do da dos das em para que ao mais foi pelo pela seu sua ele",
    ),
    (
        Language::Dutch,
        "de het een van niet dat zijn voor aan ook wordt naar bij maar werd",
    ),
    (
        Language::Swedish,
        "och att det som på är av för med till har inte ett jag vid",
    ),
    (
        Language::Polish,
        "w się nie z że jest przez oraz jego także był",
    ),
    (
        Language::Turkish,
        "ve bir için ile olarak çok daha olan gibi ama değil sonra kadar ise şu",
    ),
];

// A language's bit must fit in the table's `u16`.
const _: () = assert!(FUNCTION_WORDS.len() <= 16);

/// Function word → a bit per entry of [`FUNCTION_WORDS`] that lists it. Looked up for every
/// word of nearly every article, so with a cheap hash rather than the default one.
static WORD_LANGUAGES: LazyLock<HashMap<&'static str, u16, BuildHasherDefault<KeyHasher>>> =
    LazyLock::new(|| {
        let mut m: HashMap<&'static str, u16, BuildHasherDefault<KeyHasher>> = HashMap::default();
        for (i, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for w in words.split_whitespace() {
                *m.entry(w).or_default() |= 1 << i;
            }
        }
        m
    });

pub(super) struct LanguageId {
    detector: LanguageDetector,
    allowed: HashSet<Language>,
}

impl LanguageId {
    pub(super) fn new(codes: &[String]) -> Result<Self, IngestError> {
        let languages: Vec<Language> = if codes.is_empty() {
            Language::all().into_iter().collect()
        } else {
            codes
                .iter()
                .map(|c| {
                    c.trim()
                        .parse::<IsoCode639_1>()
                        .ok()
                        .map(|iso| Language::from_iso_code_639_1(&iso))
                        .filter(|l| Language::all().contains(l))
                        .ok_or_else(|| IngestError::UnknownLanguage(c.clone()))
                })
                .collect::<Result<_, _>>()?
        };
        let mut for_detector = languages.clone();
        if for_detector.len() == 1 {
            // lingua needs two languages to choose between; the foil is never reported.
            for_detector.push(if languages[0] == Language::English {
                Language::German
            } else {
                Language::English
            });
        }
        Ok(Self {
            detector: LanguageDetectorBuilder::from_languages(&for_detector)
                .with_low_accuracy_mode()
                .build(),
            allowed: languages.into_iter().collect(),
        })
    }

    /// Identifies the language of the body paragraphs of an article.
    pub(super) fn identify_body(&self, text: &str, paragraphs: &[Paragraph]) -> Option<String> {
        let mut sample = String::new();
        for p in paragraphs.iter().filter(|p| p.role == ParagraphRole::Body) {
            if sample.len() >= SAMPLE_BYTES {
                break;
            }
            sample.push_str(p.span.slice(text));
            sample.push('\n');
        }
        self.identify(&sample)
    }

    /// Identifies the language of `text`.
    pub(super) fn identify(&self, text: &str) -> Option<String> {
        let mut end = text.len().min(SAMPLE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = text[..end].trim();
        if sample.len() < MIN_BYTES {
            return None;
        }
        // No ASCII text is in one of the scripts `by_script` names.
        let quick = (!sample.is_ascii())
            .then(|| by_script(sample))
            .flatten()
            .or_else(|| by_function_words(sample));
        if let Some(l) = quick.filter(|l| self.allowed.contains(l)) {
            return Some(l.iso_code_639_1().to_string());
        }
        // lingua's cost grows with text length times the number of languages: a few sentences
        // are plenty.
        let mut short = sample.len().min(LINGUA_BYTES);
        while !sample.is_char_boundary(short) {
            short -= 1;
        }
        let lang = self.detector.detect_language_of(&sample[..short])?;
        self.allowed
            .contains(&lang)
            .then(|| lang.iso_code_639_1().to_string())
    }
}

/// Languages named by their writing system alone.
fn by_script(sample: &str) -> Option<Language> {
    let (
        mut letters,
        mut hangul,
        mut kana,
        mut han,
        mut thai,
        mut greek,
        mut hebrew,
        mut devanagari,
    ) = (
        0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize,
    );
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        match c as u32 {
            0xAC00..=0xD7AF | 0x1100..=0x11FF => hangul += 1,
            0x3040..=0x30FF => kana += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => han += 1,
            0x0E00..=0x0E7F => thai += 1,
            0x0370..=0x03FF => greek += 1,
            0x0590..=0x05FF => hebrew += 1,
            0x0900..=0x097F => devanagari += 1,
            _ => {}
        }
    }
    let share = |n: usize| n * 2 > letters;
    if share(hangul) {
        Some(Language::Korean)
    } else if share(kana + han) && kana * 10 > letters {
        Some(Language::Japanese)
    } else if share(han) {
        Some(Language::Chinese)
    } else if share(thai) {
        Some(Language::Thai)
    } else if share(greek) {
        Some(Language::Greek)
    } else if share(hebrew) {
        Some(Language::Hebrew)
    } else if share(devanagari) {
        Some(Language::Hindi)
    } else {
        None
    }
}

/// The Latin-script language whose function words clearly dominate, if one does.
fn by_function_words(sample: &str) -> Option<Language> {
    let mut hits = [0usize; FUNCTION_WORDS.len()];
    for span in parallax_text::words(sample) {
        let w = span.slice(sample);
        let lower;
        let w = if w.chars().any(char::is_uppercase) {
            lower = w.to_lowercase();
            lower.as_str()
        } else {
            w
        };
        if let Some(&langs) = WORD_LANGUAGES.get(w) {
            for (i, h) in hits.iter_mut().enumerate() {
                *h += usize::from(langs >> i & 1 == 1);
            }
        }
    }
    let mut ranked: Vec<(Language, usize)> = FUNCTION_WORDS
        .iter()
        .zip(hits)
        .filter(|(_, n)| *n > 0)
        .map(|((l, _), n)| (*l, n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (top, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    (n >= MIN_HITS && n >= MARGIN * second.max(1)).then_some(top)
}

/// ISO 639-1 codes of every language the identifier was built with, sorted.
pub fn supported_languages() -> Vec<String> {
    let mut v: Vec<String> = Language::all()
        .into_iter()
        .map(|l| l.iso_code_639_1().to_string())
        .collect();
    v.sort();
    v
}

/// Normalises a declared language (`en-US`, `EN`, `eng`) to ISO 639-1, if it is one we know.
pub(super) fn normalize_code(declared: &str) -> Option<String> {
    let primary = declared
        .trim()
        .split(['-', '_'])
        .next()?
        .to_ascii_lowercase();
    if let Ok(c) = primary.parse::<IsoCode639_1>() {
        return Some(c.to_string());
    }
    let c3 = primary.parse::<IsoCode639_3>().ok()?;
    Some(
        Language::from_iso_code_639_3(&c3)
            .iso_code_639_1()
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_common_news_languages() {
        let id = LanguageId::new(&[]).unwrap();
        let cases = [
            ("en", "The Supreme Leader said on Wednesday that the solution lies in resistance and that talks with the regime were a mistake."),
            ("ar", "قال المرشد الأعلى يوم الأربعاء إن الحل يكمن في تعزيز جبهة المقاومة في العالم الإسلامي."),
            ("fa", "رهبر انقلاب اسلامی روز چهارشنبه گفتند که راه حل مسئله فلسطین تقویت جبهه مقاومت است."),
            ("de", "Der Oberste Führer sagte am Mittwoch, die Lösung liege in der Stärkung des Widerstands und nicht in Verhandlungen mit dem Regime."),
            ("ru", "Верховный лидер заявил в среду, что решение палестинского вопроса заключается в усилении сопротивления."),
            ("zh", "最高领袖周三表示，巴勒斯坦问题的解决办法在于加强伊斯兰世界的抵抗阵线。"),
            ("ja", "最高指導者は水曜日、パレスチナ問題の解決はイスラム世界の抵抗戦線を強化することにあると述べた。"),
        ];
        for (want, text) in cases {
            assert_eq!(id.identify(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(id.identify("ok"), None);
    }

    #[test]
    fn function_words_need_a_clear_winner() {
        assert_eq!(
            by_function_words("the court said that the ruling was final and that it would not hear the appeal of the company"),
            Some(Language::English)
        );
        // Too few function words: left to lingua.
        assert_eq!(by_function_words("Gaza border snipers protesters"), None);
    }

    #[test]
    fn configured_list_is_enforced() {
        assert!(LanguageId::new(&["xx".into()]).is_err());
        let only = LanguageId::new(&["en".into(), "de".into()]).unwrap();
        assert_eq!(
            only.identify("Der Oberste Führer sagte am Mittwoch, die Lösung liege im Widerstand.")
                .as_deref(),
            Some("de")
        );
        let no_english = LanguageId::new(&["de".into()]).unwrap();
        assert_eq!(
            no_english.identify("The leader said that the talks were over and that was all."),
            None
        );
    }

    #[test]
    fn declared_codes() {
        assert_eq!(normalize_code("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_code("deu").as_deref(), Some("de"));
        assert_eq!(normalize_code("zz"), None);
    }
}

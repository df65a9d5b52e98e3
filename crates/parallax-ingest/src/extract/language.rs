//! Language identification: whatlang as a fast first pass when it is sure, lingua otherwise,
//! both restricted to the configured languages.

use std::collections::HashSet;

use lingua::{IsoCode639_1, IsoCode639_3, Language, LanguageDetector, LanguageDetectorBuilder};
use parallax_model::{Paragraph, ParagraphRole};

use crate::IngestError;

/// Text shorter than this (in bytes) is not identified: too little evidence.
const MIN_BYTES: usize = 24;
/// Identification reads at most this many bytes of body text.
const SAMPLE_BYTES: usize = 1500;

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
        let detector = if languages.len() == 1 {
            // lingua needs two languages; one configured language needs no detector at all,
            // but keep the type simple by adding English as a foil.
            let mut two = languages.clone();
            two.push(if languages[0] == Language::English {
                Language::German
            } else {
                Language::English
            });
            LanguageDetectorBuilder::from_languages(&two)
                .with_low_accuracy_mode()
                .build()
        } else {
            LanguageDetectorBuilder::from_languages(&languages)
                .with_low_accuracy_mode()
                .build()
        };
        Ok(Self {
            detector,
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
        if let Some(info) = whatlang::detect(sample) {
            if info.is_reliable() && info.confidence() > 0.9 {
                let lang = info
                    .lang()
                    .code()
                    .parse::<IsoCode639_3>()
                    .ok()
                    .map(|c| Language::from_iso_code_639_3(&c));
                if let Some(l) = lang.filter(|l| self.allowed.contains(l)) {
                    return Some(l.iso_code_639_1().to_string());
                }
            }
        }
        let lang = self.detector.detect_language_of(sample)?;
        self.allowed
            .contains(&lang)
            .then(|| lang.iso_code_639_1().to_string())
    }
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
            ("en", "The Supreme Leader said on Wednesday that the solution lies in resistance."),
            ("ar", "قال المرشد الأعلى يوم الأربعاء إن الحل يكمن في تعزيز جبهة المقاومة في العالم الإسلامي."),
            ("fa", "رهبر انقلاب اسلامی روز چهارشنبه گفتند که راه حل مسئله فلسطین تقویت جبهه مقاومت است."),
            ("de", "Der Oberste Führer sagte am Mittwoch, die Lösung liege in der Stärkung des Widerstands."),
        ];
        for (want, text) in cases {
            assert_eq!(id.identify(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(id.identify("ok"), None);
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
    }

    #[test]
    fn declared_codes() {
        assert_eq!(normalize_code("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_code("deu").as_deref(), Some("de"));
        assert_eq!(normalize_code("zz"), None);
    }
}

//! Site blurbs: an outlet describing itself at the end of an article ("The X News Gazette is
//! mainly concerned with…", "All rights reserved", "Follow us on…"). Such a paragraph is about
//! the outlet, not the news, so it is kept in the text but left out of analysis. Outlet
//! boilerplate that recurs across articles is caught later, by [`crate::boilerplate`]; this
//! catches it in an outlet's very first article.

use std::sync::LazyLock;

use parallax_model::{Paragraph, ParagraphRole};
use regex::Regex;

/// Only the last few paragraphs can be a closing blurb.
const TAIL: usize = 3;

static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:is|are)\s+(?:mainly|primarily|mostly|chiefly)\s+(?:concerned|focused)\s+(?:with|on)(?-u:\b)
        | (?-u:\b)(?:our|its)\s+(?:main\s+|primary\s+)?(?:objective|mission|aim|goal)\s+is\s+to(?-u:\b)
        | (?-u:\b)all\s+rights\s+reserved(?-u:\b)
        | (?-u:\b)(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+newsletter(?-u:\b)
        | (?-u:\b)follow\s+us\s+on(?-u:\b)
        | (?-u:\b)download\s+(?:our|the)\s+app(?-u:\b)
        | (?-u:\b)(?:this|the)\s+(?:article|story|material)\s+(?:may\s+not|cannot)\s+be\s+(?:published|reproduced|republished)(?-u:\b)
        | (?-u:\b)(?:is\s+an?|is\s+the)\s+(?:independent\s+|leading\s+|online\s+)*(?:news\s+(?:website|site|portal|outlet|agency)|online\s+(?:newspaper|magazine))(?-u:\b)
        ",
    )
    .unwrap()
});

/// "The iran News Gazette is mainly…" → "The iran News Gazette".
static SELF_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((?:The\s+)?(?:[\p{L}\p{N}&'.-]+\s+){0,4}?(?:News|Gazette|Times|Post|Journal|Herald|Tribune|Daily|Network|Press|Online|Media|Observer|Monitor|Review|Chronicle|Agency|Today|Report|Telegraph|Express|Mirror|Star|Sun)(?-u:\b)(?:\s+[\p{Lu}][\p{L}]+){0,2})\s+(?:is|are|was|provides|covers|aims)(?-u:\b)",
    )
    .unwrap()
});

/// Marks closing blurb paragraphs; returns the outlet name a blurb gives for itself, if any.
pub(super) fn mark(text: &str, paragraphs: &mut [Paragraph]) -> Option<String> {
    let n = paragraphs.len();
    let mut name = None;
    // Never mark the only paragraph: an article is not all blurb.
    if n < 2 {
        return None;
    }
    for p in paragraphs[n.saturating_sub(TAIL)..].iter_mut() {
        let s = p.span.slice(text);
        if p.role == ParagraphRole::Body && s.len() <= 600 && CUES.is_match(s) {
            p.role = ParagraphRole::SiteBlurb;
            if name.is_none() {
                name = SELF_NAME.captures(s).map(|c| c[1].to_string());
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Span;

    fn paras(text: &str) -> Vec<Paragraph> {
        parallax_text::paragraphs(text)
            .into_iter()
            .map(|span: Span| Paragraph {
                span,
                hash: 0,
                role: ParagraphRole::Body,
            })
            .collect()
    }

    #[test]
    fn closing_self_description_is_a_blurb() {
        let text = "The leader said talks are a sin.\n\nSource: Agency\n\nThe Example News Gazette is mainly concerned with news about the region. Its main objective is to provide verified information.";
        let mut p = paras(text);
        let name = mark(text, &mut p);
        assert_eq!(name.as_deref(), Some("The Example News Gazette"));
        assert_eq!(p[2].role, ParagraphRole::SiteBlurb);
        assert_eq!(p[0].role, ParagraphRole::Body);
    }

    #[test]
    fn news_about_an_agency_is_not_a_blurb() {
        let text = "The ministry said the agency would resume work.\n\nOfficials added that talks continue next week.";
        let mut p = paras(text);
        assert_eq!(mark(text, &mut p), None);
        assert!(p.iter().all(|p| p.role == ParagraphRole::Body));
    }
}

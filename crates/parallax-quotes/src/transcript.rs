//! Transcript turns: lines of an interview or debate transcript, "TAPPER: Do you think …",
//! each a verbatim quote of the named speaker that runs to the end of its line, over every
//! sentence in it (sentence-by-sentence reading would keep only one of them).

use parallax_text::{words, Span};

use crate::cues::{self, is_in};
use crate::extract::{Quote, QuoteKind};

/// Longest speaker label before the colon, in words ("JAKE TAPPER", "Alex Seitz-Wald").
const MAX_LABEL_WORDS: usize = 3;
/// Longest speaker label before the colon, in bytes.
const MAX_LABEL_BYTES: usize = 40;
/// Fewest words a turn says.
const MIN_TURN_WORDS: usize = 3;
/// Fewest turn lines that make a text a transcript, unless a speaker speaks twice. One line
/// alone is a headline ("Ryan: …"), read with its sentence instead.
const MIN_TURNS: usize = 3;

/// One labelled line: the speaker label and what follows the colon, to the end of the line.
struct Turn {
    label: Span,
    colon: usize,
    content: Span,
}

/// The turns of `text` when it holds a transcript: at least [`MIN_TURNS`] labelled lines, or a
/// speaker label used on two lines.
pub(crate) fn turns(text: &str) -> Vec<Quote> {
    let mut found: Vec<Turn> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(t) = turn(line, offset) {
            found.push(t);
        }
        offset += line.len();
    }
    let repeated = found.iter().enumerate().any(|(i, a)| {
        found[i + 1..].iter().any(|b| {
            a.label
                .slice(text)
                .eq_ignore_ascii_case(b.label.slice(text))
        })
    });
    if found.len() < MIN_TURNS && !repeated {
        return Vec::new();
    }
    found
        .into_iter()
        .map(|t| Quote {
            content: t.content,
            fragments: Vec::new(),
            cue: Some(Span::new(t.colon, t.colon + 1)),
            speaker: Some(t.label),
            resolved: None,
            kind: QuoteKind::Direct,
        })
        .collect()
}

/// The turn on `line` (which starts at byte `offset` of the text), if it opens with a short
/// name and a colon: an optional quotation mark, one to three words that each start with a
/// capital letter (or are name particles), not a line label such as "UPDATE:".
fn turn(line: &str, offset: usize) -> Option<Turn> {
    // The first colon, near the line's start (a colon further on is not a label's).
    let colon = line.find(':').filter(|&c| c <= MAX_LABEL_BYTES)?;
    let head = &line[..colon];
    let label_words: Vec<Span> = words(head).collect();
    let first = label_words.first()?;
    let last = label_words.last()?;
    // Only spaces, an opening quotation mark, and the name's own punctuation around the words.
    let lead = head[..first.start].trim();
    if label_words.len() > MAX_LABEL_WORDS
        || lead.chars().count() > 1
        || lead.chars().any(char::is_alphanumeric)
        || head[last.end..].trim() != ""
        || head
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ',' | ';' | '(' | '!' | '?'))
    {
        return None;
    }
    let name_like = label_words.iter().all(|w| {
        let w = w.slice(head);
        w.chars().next().is_some_and(char::is_uppercase) || matches!(w, "de" | "van" | "von" | "al")
    });
    if !name_like
        || label_words
            .iter()
            .any(|w| is_in(cues::LABELS, &w.slice(head).to_lowercase()))
    {
        return None;
    }
    let body = &line[colon + 1..];
    let start = colon + 1 + (body.len() - body.trim_start().len());
    let end = line.trim_end().len();
    if end <= start || words(&line[start..end]).count() < MIN_TURN_WORDS {
        return None;
    }
    Some(Turn {
        label: Span::new(offset + first.start, offset + last.end),
        colon: offset + colon,
        content: Span::new(offset + start, offset + end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Vec<(&str, &str)> {
        turns(text)
            .into_iter()
            .map(|q| {
                (
                    q.speaker.map_or("", |s| s.slice(text)),
                    q.content.slice(text),
                )
            })
            .collect()
    }

    #[test]
    fn each_labelled_line_of_a_transcript_is_a_turn() {
        let text = "Partial transcript:\n\nJANE ROE: Will the pier reopen? People are asking.\n\n\
                    QUILL: It will. We need a month.\n\nJANE ROE: And the ferry?\n";
        assert_eq!(
            said(text),
            [
                ("JANE ROE", "Will the pier reopen? People are asking."),
                ("QUILL", "It will. We need a month."),
                ("JANE ROE", "And the ferry?"),
            ]
        );
    }

    #[test]
    fn a_headline_labels_and_times_are_not_turns() {
        // One labelled line is a headline, read with its sentence.
        assert!(
            said("Quill: The pier will reopen in spring\n\nThe council met on Monday.").is_empty()
        );
        // A colon past a label's length is not a label's, even after few words.
        let long = "Supercalifragilisticexpialidocious Extraordinarily: it was said.\n";
        assert!(said(&long.repeat(3)).is_empty());
        // Labels, times and long lead-ins are not speakers.
        let text = "UPDATE: The pier reopened this morning.\n10:30 a.m. The ferry is back.\n\
                    The council said on Monday: the pier will reopen.\nUPDATE: More boats came in.\n";
        assert!(said(text).is_empty(), "{:?}", said(text));
    }

    #[test]
    fn a_speaker_twice_makes_a_transcript() {
        let text =
            "\"Chris Matthews: Seriously, what does it cost?\n\nLopez: Nobody knows yet.\n\n\
                    Chris Matthews: Then say so.\n";
        let got = said(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], ("Chris Matthews", "Seriously, what does it cost?"));
    }
}

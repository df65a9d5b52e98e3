//! Quote extraction: direct, mixed and indirect quotes with content, cue and speaker spans.
//!
//! The text is cut into units: sentences, joined where a quotation runs across them. In each
//! unit a reporting cue (a speech verb of [`crate::cues`], or "according to") is looked for
//! outside quotation marks; its speaker is the noun phrase before it ("X said") or, inverted,
//! after it ("…,” said X); its content is what follows it ("said that …", "said: “…”") or what
//! precedes the speaker ("…, X said."). Long quotations with no cue in their unit carry on the
//! speaker of the quote before them.

use parallax_text::calendar::weekday;
use parallax_text::{words, Span};
use serde::{Deserialize, Serialize};

use crate::cues::{self, is_in};
use crate::marks::{self, Region};

/// How a quote renders what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Entirely within quotation marks.
    Direct,
    /// Reported speech with a quoted fragment in it.
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
}

/// One quote in an article, every span a byte range into the article text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// What was said: its outer bounds (quotation marks included for direct quotes).
    pub content: Span,
    /// The pieces of the content when the speaker interrupts it (`“A,” he said, “B.”`);
    /// empty when the content is one piece.
    pub fragments: Vec<Span>,
    /// The reporting verb or phrase, when there is one.
    pub cue: Option<Span>,
    /// The speaker as written here ("the Imam", "he", "Ayatollah Khamenei"), when stated.
    pub speaker: Option<Span>,
    /// The person name the speaker stands for in this article, filled by
    /// [`crate::speaker::resolve_in_article`].
    pub resolved: Option<Span>,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
}

impl Quote {
    /// The content's pieces: the fragments, or the content itself.
    pub fn pieces(&self) -> Vec<Span> {
        if self.fragments.is_empty() {
            vec![self.content]
        } else {
            self.fragments.clone()
        }
    }
}

/// The quotes of an English `text`, in order of content start, with in-article speakers
/// resolved.
pub fn extract(text: &str) -> Vec<Quote> {
    let regions = marks::regions(text);
    let mut out: Vec<Quote> = Vec::new();
    for unit in units(text, &regions) {
        let regs: Vec<Region> = regions
            .iter()
            .copied()
            .filter(|r| r.outer.start >= unit.start && r.outer.end <= unit.end)
            .collect();
        Unit::new(text, unit, regs).extract(&mut out);
    }
    // A transcript turn is read whole; what its colon gave one of its sentences gives way.
    let turns = crate::transcript::turns(text);
    out.retain(|q| {
        !turns
            .iter()
            .any(|t| q.cue == t.cue || q.content == t.content)
    });
    out.extend(turns);
    out.sort_by_key(|q| (q.content.start, q.content.end));
    crate::speaker::resolve_in_article(text, &mut out);
    out
}

/// Sentences, joined where a quoted region crosses a sentence boundary or a sentence ends
/// with a colon.
fn units(text: &str, regions: &[Region]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for s in parallax_align::sentences(text) {
        if let Some(last) = out.last_mut() {
            let crosses = regions
                .iter()
                .any(|r| r.outer.start < last.end && r.outer.end > s.start);
            // "The minister said:" closes a line; what was said opens the next one.
            let introduces = last.slice(text).ends_with(':');
            if crosses || introduces || attributes(last.slice(text), s.slice(text)) {
                last.end = s.end;
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Longest attribution after a question or exclamation in quotes that is read with it, in
/// words (`“Why now?” Senator Jane Doe of Ohio asked reporters.`).
const MAX_TAIL_WORDS: usize = 8;

/// Is `sentence` the attribution of the quotation that ends `previous` with a question or
/// exclamation mark (`“How many times?” Clinton said.`)? The sentence splitter ends a sentence
/// there, since a capital follows; the quotation and its speaker are one sentence.
fn attributes(previous: &str, sentence: &str) -> bool {
    let closes_quote = previous
        .trim_end()
        .strip_suffix(|c: char| marks::is_mark(c))
        .is_some_and(|p| p.ends_with(['?', '!']));
    if !closes_quote || sentence.starts_with(|c: char| marks::is_mark(c)) {
        return false;
    }
    let ws: Vec<String> = words(sentence)
        .map(|w| w.slice(sentence).to_lowercase())
        .collect();
    ws.len() <= MAX_TAIL_WORDS && ws.iter().any(|w| cues::is_listed_speech_verb(w))
}

/// The cue searches over a unit, in order.
#[derive(Clone, Copy)]
enum Pass {
    According,
    /// A hand-listed speech verb as the unit's last word.
    Listed,
    Speech,
    Stance,
}

/// One unit being read: its words and quoted regions.
struct Unit<'t> {
    text: &'t str,
    span: Span,
    words: Vec<Span>,
    /// Region index holding each word, if quoted.
    quoted: Vec<Option<usize>>,
    regions: Vec<Region>,
}

/// A word that reads as a plural noun ("specialists", "proponents", "majorities"): groups
/// of people and documents are what most often "say" without a name.
fn is_plural_noun(w: &str) -> bool {
    w.len() >= 5
        && w.chars().all(|c| c.is_ascii_lowercase())
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
}

/// Words that end a speaker phrase when walking left from a cue.
const LEFT_STOPS: &[&str] = &[
    "that", "which", "who", "whom", "when", "while", "because", "but", "if", "than", "so", "since",
    "where", "what", "why", "how", "though", "although", "unless", "whether", "as",
];

/// Determiners that make a speech word a noun ("the report", "his claims").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "this", "these", "those", "my", "your",
    "such", "no",
];

/// Words that open an adverbial after a speech verb rather than what was said (weekdays too:
/// see [`adverbial_start`]).
const ADVERBIAL_STARTS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "while",
    "last",
    "earlier",
    "later",
    "from",
    "with",
    "via",
    "through",
    "yesterday",
    "today",
    "tonight",
    "recently",
    "then",
    "since",
    "when",
    "to",
    "of",
    "about",
    "afterward",
    "afterwards",
    "privately",
    "publicly",
];

/// Whether `w` (lower-case) opens an adverbial rather than a name or a clause: a word of
/// [`ADVERBIAL_STARTS`] or a weekday ("said Thursday he would leave").
fn adverbial_start(w: &str) -> bool {
    is_in(ADVERBIAL_STARTS, w) || weekday(w).is_some()
}

/// Pronouns that open a reported clause ("said Thursday he would leave").
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "there"];

/// Possessives that open a clause by its subject ("said Tuesday his actions are …").
const POSSESSIVES: &[&str] = &["his", "her", "their", "its", "our"];

/// Forms of "be": before a participle they make a passive ("was reported", "is expected").
const BE_FORMS: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Does word `w` (lower-case) open a clause as its subject or the subject's possessive?
fn opens_clause(w: &str) -> bool {
    is_in(SUBJECT_PRONOUNS, w) || is_in(POSSESSIVES, w)
}

/// Verbs whose object (the listener) sits between cue and content: "told reporters that".
const WITH_LISTENER: &[&str] = &[
    "told", "tell", "tells", "telling", "asked", "warned", "urged", "assured",
];

/// Words that open what was asked: "asked whether …", "asked Clinton how …". (In "asked
/// her to call", the one asked is part of what was asked.)
const QUESTION_OPENERS: &[&str] = &["whether", "if", "how", "what", "why", "where", "which"];

/// Lower-case words inside personal and organisation names ("Party of Freedom", "de Blasio").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "for", "and", "de", "del", "van", "von", "der", "al", "bin", "la", "le",
];

/// Shortest content after a cue, in words ("mentioned climate change", "attacked Trump,
/// saying …": two words are enough for an object).
const MIN_CONTENT_WORDS: usize = 2;

/// Shortest unquoted content before its speaker, in words: a two-word opening before a cue
/// is more often a subject or a subhead than what was said.
const MIN_CONTENT_BEFORE: usize = 3;
/// Finite forms of "be", "have" and the modals: an adverbial ("on Monday") holds none.
const FINITE_AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
    "may", "might", "must",
];
/// Longest speaker before a headline or transcript colon, in words.
const MAX_HEADLINE_SPEAKER: usize = 3;
/// Most words before a headline's colon, with whom or what the speaker addressed.
const MAX_HEADLINE_WORDS: usize = 8;
/// Longest speaker phrase with its apposition ("Rex Early, a former party chairman,"), in words.
const MAX_APPOSED_WORDS: usize = 30;
/// Longest speaker phrase, in words.
const MAX_SPEAKER_WORDS: usize = 9;
/// Longest source phrase after "according to", in words.
const MAX_SOURCE_WORDS: usize = 24;
/// Most words between a quote and a quotation that continues it (`she said in Ohio.`).
const MAX_ATTRIBUTION_WORDS: usize = 25;
/// Shortest quotation taken as a quote with no cue in its unit.
const MIN_CUELESS_WORDS: usize = 4;

/// Does the gap between two words hold a dash that may set off a clause: an em or en dash, a
/// horizontal bar, or two hyphens typed for a dash? (Phrase breaks, [`Unit::breaks_before`],
/// keep to em and en dashes and a spaced hyphen: counting these there too lowered quote F1 on
/// PolNeAR.)
fn has_dash(gap: &str) -> bool {
    gap.contains(['—', '―']) || gap.contains(" – ") || gap.contains("--")
}

/// Is `w` the -ing form of a stance verb ("seeking", "planning", "hoping", "vowing")?
fn stance_participle(w: &str) -> bool {
    // The tables are ASCII, and the byte arithmetic below needs it.
    let Some(stem) = w
        .strip_suffix("ing")
        .filter(|s| s.len() > 2 && s.is_ascii())
    else {
        return false;
    };
    // "planning" -> "plan", "hoping" -> "hope".
    let undoubled = stem
        .len()
        .checked_sub(2)
        .filter(|&i| stem.as_bytes()[i] == stem.as_bytes()[i + 1])
        .map(|i| &stem[..=i]);
    is_in(cues::STANCE_VERBS, stem)
        || is_in(cues::STANCE_VERBS, &format!("{stem}e"))
        || undoubled.is_some_and(|u| is_in(cues::STANCE_VERBS, u))
}

impl<'t> Unit<'t> {
    fn new(text: &'t str, span: Span, regions: Vec<Region>) -> Self {
        let words: Vec<Span> = words(span.slice(text))
            .map(|w| w.shifted(span.start))
            .collect();
        let quoted = words
            .iter()
            .map(|w| {
                regions
                    .iter()
                    .position(|r| r.outer.start <= w.start && w.end <= r.outer.end)
            })
            .collect();
        Self {
            text,
            span,
            words,
            quoted,
            regions,
        }
    }

    /// Does word `k` start with a capital letter?
    fn capitalised(&self, k: usize) -> bool {
        self.words[k]
            .slice(self.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    fn lower(&self, i: usize) -> String {
        self.words[i].slice(self.text).to_lowercase()
    }

    /// Text between word `i - 1` (or the unit start) and word `i` (or the unit end).
    fn gap(&self, i: usize) -> &'t str {
        let from = if i == 0 {
            self.span.start
        } else {
            self.words[i - 1].end
        };
        let to = self.words.get(i).map_or(self.span.end, |w| w.start);
        &self.text[from..to]
    }

    /// Does the gap before word `i` break a phrase (clause punctuation or a quotation mark)?
    fn breaks_before(&self, i: usize) -> bool {
        let gap = self.gap(i);
        gap.contains(" - ")
            || gap.chars().any(|c| {
                matches!(
                    c,
                    ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–' | '\n' | '!' | '?'
                ) || marks::is_mark(c) && !(c == '\'' || c == '\u{2019}')
            })
    }

    /// Like [`Self::breaks_before`], but a parenthesis inside a name ("Sen. Marco Rubio
    /// (R-Fla.)") does not break a speaker phrase.
    fn breaks_speaker(&self, i: usize) -> bool {
        let gap = self.gap(i);
        gap.contains(" - ")
            || gap.chars().any(|c| {
                matches!(
                    c,
                    ',' | ';' | ':' | '[' | ']' | '—' | '–' | '\n' | '!' | '?'
                ) || marks::is_mark(c) && !(c == '\'' || c == '\u{2019}')
            })
    }

    /// Does the content starting at word `k` end before word `j`: a new clause that is not
    /// what was said (", but he gave …", "and called him …", ", pointing to …", "— a
    /// proposal …", ", said one …")?
    fn clause_ends_before(&self, k: usize, j: usize) -> bool {
        if j <= k + 1 || self.quoted[j].is_some() {
            return false;
        }
        let w = self.lower(j);
        let gap = self.gap(j);
        let comma = gap.contains(',');
        let next_is_cue = |v: usize| {
            v < self.words.len() && self.quoted[v].is_none() && cues::is_speech_verb(&self.lower(v))
        };
        // A participle opens a clause when words, not a list, follow it ("pointing to …",
        // not "deceptive, occupying and liar").
        let participle = w.len() >= 5
            && w.ends_with("ing")
            && !matches!(
                w.as_str(),
                "including" | "regarding" | "concerning" | "during"
            )
            && j + 1 < self.words.len()
            && !self.breaks_before(j + 1)
            && !matches!(self.lower(j + 1).as_str(), "and" | "or");
        // "While Trump admitted using the tax code, he does not defend it": a report inside
        // a sentence's opening subordinate clause ends where the main clause's subject comes.
        let subordinate = matches!(
            self.lower(0).as_str(),
            "while" | "although" | "though" | "when" | "if" | "after" | "because" | "since"
        );
        if subordinate && comma && opens_clause(&w) {
            return true;
        }
        // "…, and yet here was Judge Berman …", "…, and Democrats accused …": after a comma,
        // "and" before a new subject joins the writer's next clause.
        if comma
            && w == "and"
            && j + 1 < self.words.len()
            && self.quoted[j + 1].is_none()
            && (self.capitalised(j + 1) || is_in(SUBJECT_PRONOUNS, &self.lower(j + 1)))
        {
            return true;
        }
        // ", but that …" is a second clause of what was said.
        let but_that = w == "but" && j + 1 < self.words.len() && self.lower(j + 1) == "that";
        (comma
            && (matches!(w.as_str(), "but" | "although" | "though" | "whereas") && !but_that
                || participle
                || next_is_cue(j)))
            || (matches!(w.as_str(), "and" | "but") && next_is_cue(self.skip_verb_prefixes(j + 1)))
            || has_dash(gap)
                && (matches!(w.as_str(), "a" | "an" | "the" | "which" | "who")
                    || w.len() > 5 && w.ends_with("ing"))
    }

    /// Is word `k` an auxiliary, a negation or an adverb that may stand before a verb: one of
    /// [`cues::VERB_PREFIXES`], "not", or a piece of a contraction ("he’s said", "doesn’t
    /// believe": the words split at the apostrophe)?
    fn is_verb_prefix(&self, k: usize) -> bool {
        let w = self.lower(k);
        let apostrophe = |gap: &str| matches!(gap, "'" | "\u{2019}");
        is_in(cues::VERB_PREFIXES, &w)
            || w == "not"
            || k > 0
                && apostrophe(self.gap(k))
                && matches!(w.as_str(), "s" | "ll" | "d" | "ve" | "re" | "m" | "t")
            || w.ends_with('n')
                && k + 1 < self.words.len()
                && apostrophe(self.gap(k + 1))
                && self.lower(k + 1) == "t"
    }

    /// The first word of the verb group whose main verb is word `i`: auxiliaries, negations
    /// and adverbs right before it are included ("he has not yet said" -> "has").
    fn verb_start(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0
            && !self.breaks_speaker(j)
            && self.quoted[j - 1].is_none()
            && self.is_verb_prefix(j - 1)
        {
            j -= 1;
        }
        j
    }

    /// The first word from `k` on that is not an auxiliary, a negation or an adverb ("has also
    /// said" -> "said").
    fn skip_verb_prefixes(&self, mut k: usize) -> usize {
        while k < self.words.len()
            && self.quoted[k].is_none()
            && !self.breaks_before(k + 1)
            && self.is_verb_prefix(k)
        {
            k += 1;
        }
        k
    }

    fn extract(&self, out: &mut Vec<Quote>) {
        let mut taken: Vec<Span> = Vec::new();
        let n = self.words.len();
        // "Gingrich: Trump Must Decide If He Wants …": a headline's speaker and colon come
        // before any cue inside what they said.
        if let Some(q) = self.headline() {
            taken.extend([q.content, q.cue.unwrap_or(q.content)]);
            taken.extend(q.speaker);
            out.push(q);
        }
        // "according to" first: a verb inside what it attributes is part of that content;
        // then a hand-listed speech verb that ends the sentence ("…, the minister said."),
        // whose content is all before it, so a learned cue inside that content ("…the floods
        // have angered the farmers, I deem…") does not take a piece of it for another
        // speaker; then speech verbs; then any verb of stance before "that" or "to".
        for pass in [Pass::According, Pass::Listed, Pass::Speech, Pass::Stance] {
            for i in 0..n {
                if self.quoted[i].is_some()
                    || taken
                        .iter()
                        .any(|t| t.start <= self.words[i].start && self.words[i].end <= t.end)
                {
                    continue;
                }
                let lower = self.lower(i);
                let according = lower == "according" && i + 1 < n && self.lower(i + 1) == "to";
                let by = match pass {
                    Pass::Speech => self.passive_by(i),
                    _ => None,
                };
                let found = match pass {
                    Pass::According if according => self.according(i),
                    Pass::According if i == 0 && lower == "in" => self.in_poll(),
                    Pass::Listed if i + 1 == n && cues::is_listed_speech_verb(&lower) => {
                        self.verb(i, out)
                    }
                    Pass::Speech if lower == "reportedly" => self.reportedly(i),
                    Pass::Speech if by.is_some() => by,
                    Pass::Speech
                        if cues::is_speech_verb(&lower)
                            || self.evidence_verb(i)
                            || self.no_response(i) =>
                    {
                        self.verb(i, out)
                    }
                    Pass::Stance if self.is_stance_verb(i) => self.stance(i),
                    _ => None,
                };
                if let Some(q) = found {
                    taken.push(q.content);
                    if let Some(s) = q.speaker {
                        taken.push(s);
                    }
                    if let Some(c) = q.cue {
                        taken.push(c);
                    }
                    out.push(q);
                }
            }
        }
        self.cueless(&taken, out);
    }

    /// "Sanders: Clinton email story has moved" (headlines) and "FALLIN: Well, I think …"
    /// (transcripts): a short capitalised name, a colon, and what they said.
    fn headline(&self) -> Option<Quote> {
        let c = (1..self.words.len().min(MAX_HEADLINE_WORDS + 1))
            .find(|&k| self.gap(k).contains(':'))?;
        let gap = self.gap(c);
        // The colon, then perhaps the opening mark of a quotation ("Sanders: ‘Of Course’ …").
        let after_colon = gap.trim_start().strip_prefix(':').map(str::trim);
        let colon_only = after_colon.is_some_and(|rest| rest.chars().all(marks::is_mark));
        // "Clinton to Planned Parenthood: …", "Gillibrand on Hillary's Speeches: …": the
        // speaker is the name before "to" or "on"; the rest says whom or what about.
        let addressed = (1..c)
            .find(|&k| matches!(self.lower(k).as_str(), "to" | "on"))
            .unwrap_or(c);
        // "Clinton camp: …", "WSJ editorial: …": a name and the common noun of its group.
        let first = self.lower(0);
        let group_noun = |k: usize| {
            k > 0
                && k + 1 == addressed
                && self.capitalised(0)
                && !is_in(DETERMINERS, &first)
                && !is_in(cues::SPEAKER_LEADS, &first)
                && !adverbial_start(&first)
                && !matches!(first.as_str(), "for" | "among" | "as")
        };
        let name_like = |k: usize| {
            self.quoted[k].is_none()
                && (self.capitalised(k)
                    || k >= addressed
                    || is_in(NAME_PARTICLES, &self.lower(k))
                    || group_noun(k))
        };
        if !colon_only
            || addressed > MAX_HEADLINE_SPEAKER
            || !self.capitalised(0)
            || !(0..c).all(name_like)
        {
            return None;
        }
        // Not a label ("CORRECTION:", "The Latest:", "Q:") nor a shouted headline
        // ("FIX IS IN:").
        let speaker: Vec<&str> = (0..addressed)
            .map(|k| self.words[k].slice(self.text))
            .collect();
        let shouted =
            speaker.len() > 1 && speaker.iter().all(|w| !w.chars().any(char::is_lowercase));
        // A label is made of label words ("The Latest", "EXCLUSIVE VIDEO"); a name may hold
        // one ("Judicial Watch").
        let label = |w: &&str| is_in(cues::LABELS, &w.to_lowercase());
        let labelled = speaker.iter().any(label)
            && speaker
                .iter()
                .all(|w| label(w) || w.eq_ignore_ascii_case("the"));
        if shouted || labelled || speaker.iter().any(|w| w.chars().count() < 2) {
            return None;
        }
        let content = self.content_from(c)?;
        let colon = self.words[c - 1].end + gap.find(':')?;
        let mut q = self.quote(
            content,
            Some(Span::new(colon, colon + 1)),
            Some(Span::new(
                self.words[0].start,
                self.words[addressed - 1].end,
            )),
        );
        q.cue = Some(Span::new(colon, colon + 1));
        Some(q)
    }

    /// A verb reporting a stance or intention before a clause: "Clinton believes that …",
    /// "Sanders wants to …", "he declined to …" (one of [`cues::STANCE_VERBS`], with or without
    /// -s, or a lower-case word ending in -ed, followed by "that" or by "to" and a verb).
    fn is_stance_verb(&self, i: usize) -> bool {
        let Some(next) = (i + 1 < self.words.len()).then(|| self.lower(i + 1)) else {
            return false;
        };
        if !matches!(next.as_str(), "that" | "to")
            || self.breaks_before(i + 1)
            || self.quoted[i + 1].is_some()
        {
            return false;
        }
        let w = self.words[i].slice(self.text);
        if !w.chars().all(|c| c.is_ascii_lowercase()) || is_in(cues::NOT_STANCE, w) {
            return false;
        }
        // "marched to the fence" is a movement, not a stance: "to" must lead a verb.
        if next == "to" {
            let Some(after) = self.words.get(i + 2).map(|w| w.slice(self.text)) else {
                return false;
            };
            let lower = after.to_lowercase();
            if is_in(DETERMINERS, &lower) || !after.chars().all(|c| c.is_ascii_lowercase()) {
                return false;
            }
        }
        let base = w.strip_suffix('s').unwrap_or(w);
        is_in(cues::STANCE_VERBS, w)
            || is_in(cues::STANCE_VERBS, base)
            || w.len() > 4 && w.ends_with("ed")
            || stance_participle(w)
    }

    /// The quote of a stance verb at `i`: its subject, and the clause after "that" (or from
    /// "to").
    fn stance(&self, i: usize) -> Option<Quote> {
        let (s0, s1) = self.subject_left(i)?;
        let k = if self.lower(i + 1) == "that" {
            i + 2
        } else {
            i + 1
        };
        let c = match self.refusal(i) {
            Some(c) => c,
            None => self.content_from(k)?,
        };
        // "The birth is expected to coincide with …": in the passive nobody is named, and the
        // subject is part of what is expected.
        let passive = i > 0 && self.lower(i).ends_with("ed") && is_in(BE_FORMS, &self.lower(i - 1));
        if passive {
            return Some(self.quote(
                Span::new(self.words[s0].start, c.end),
                Some(self.words[i]),
                None,
            ));
        }
        Some(self.quote(
            c,
            Some(self.words[i]),
            Some(Span::new(self.words[s0].start, self.words[s1].end)),
        ))
    }

    /// Long quotations nobody in this unit is cued for: they carry on the last speaker.
    fn cueless(&self, taken: &[Span], out: &mut Vec<Quote>) {
        for (k, r) in self.regions.iter().enumerate() {
            if taken
                .iter()
                .any(|t| t.start < r.outer.end && r.outer.start < t.end)
            {
                continue;
            }
            // A quotation that opens the unit or follows a colon is a statement, not a phrase
            // quoted in passing.
            let first = self.quoted.iter().position(|q| *q == Some(k));
            let opens = first.is_some_and(|f| f == 0 || self.gap(f).contains(':'));
            if !opens {
                continue;
            }
            // `“A,” she said. “B.”`: a quotation right after a quote and its attribution, in
            // the same paragraph, continues that quote.
            if let Some(last) = out
                .last_mut()
                .filter(|q| q.kind != QuoteKind::Indirect && q.content.end <= r.outer.start)
            {
                let between = &self.text[last.content.end..r.outer.start];
                // Within the paragraph after a short attribution, or straight on in the next
                // paragraph ("…” \n\n “…”).
                let same_paragraph =
                    !between.contains('\n') && words(between).count() <= MAX_ATTRIBUTION_WORDS;
                if same_paragraph || between.trim().is_empty() {
                    let mut pieces = last.pieces();
                    pieces.push(r.outer);
                    last.fragments = pieces;
                    last.content = Span::new(last.content.start, r.outer.end);
                    continue;
                }
            }
            // On its own, a short quotation is more often a phrase than a statement.
            if r.words < MIN_CUELESS_WORDS {
                continue;
            }
            let prev = out.last().and_then(|q| q.speaker);
            out.push(Quote {
                content: r.outer,
                fragments: Vec::new(),
                cue: None,
                speaker: prev,
                resolved: None,
                kind: QuoteKind::Direct,
            });
        }
    }

    /// "In a CBS News poll last month, she led Mr. Sanders 56 percent to 32 percent": a poll
    /// or survey named at the start of the sentence is the source of the clause after it.
    fn in_poll(&self) -> Option<Quote> {
        let n = self.words.len();
        let noun = (1..n.min(11))
            .take_while(|&k| self.quoted[k].is_none() && !self.breaks_before(k))
            .find(|&k| {
                matches!(
                    self.lower(k).as_str(),
                    "poll" | "polls" | "survey" | "surveys"
                )
            })?;
        let next_comma = |from: usize| (from + 1..n).find(|&j| self.gap(j).contains(','));
        let mut comma = next_comma(noun)?;
        if comma - noun > 8 {
            return None;
        }
        // "…poll, conducted in early September, …": a participle phrase still names the poll.
        let participle = |w: String| w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"));
        if participle(self.lower(comma)) {
            if let Some(c) = next_comma(comma).filter(|&c| c - comma <= 8) {
                comma = c;
            }
        }
        let content = self.content_from(comma)?;
        let source = Span::new(self.words[1].start, self.words[comma - 1].end);
        Some(self.quote(content, Some(self.words[0]), Some(source)))
    }

    /// "according to X, …" and "…, according to X".
    fn according(&self, i: usize) -> Option<Quote> {
        let cue = Span::new(self.words[i].start, self.words[i + 1].end);
        let (s0, s1) = self.source_right(i + 2)?;
        let speaker = Some(Span::new(self.words[s0].start, self.words[s1].end));
        let before = self.content_before(i).filter(|_| self.breaks_before(i));
        // After a complete statement, a clause opened by a conjunction, a relative or a
        // participle is the writer's ("…, according to a CNN tally, but his path narrows").
        let goes_on = |k: usize| {
            let w = self.lower(k);
            before.is_none()
                || !(matches!(
                    w.as_str(),
                    "but"
                        | "although"
                        | "though"
                        | "whereas"
                        | "even"
                        | "while"
                        | "which"
                        | "who"
                        | "where"
                        | "compared"
                ) || w.len() > 5 && w.ends_with("ing"))
        };
        let after = self
            .content_from(s1 + 1)
            .filter(|_| self.breaks_before(s1 + 1) && goes_on(s1 + 1));
        let mut q = match (before, after) {
            // "Among the rulings at risk, according to X, are 16 …": both sides.
            (Some(b), Some(a)) => {
                let mut q = self.quote(Span::new(b.start, a.end), Some(cue), speaker);
                q.fragments = vec![b, a];
                q
            }
            (Some(c), None) | (None, Some(c)) => self.quote(c, Some(cue), speaker),
            (None, None) => return None,
        };
        if q.fragments.is_empty() && before.is_none() && i > 0 {
            // "X, according to Y, …" with a short lead: keep the lead in the content.
            if let Some(lead) =
                (i > 0).then(|| Span::new(self.words[0].start, self.content_end(i - 1)))
            {
                q.fragments = vec![lead, q.content];
                q.content = Span::new(lead.start, q.content.end);
            }
        }
        Some(q)
    }

    /// "Asked whether …, she said …" / "When asked about …": the question, with no speaker,
    /// up to the clause break.
    fn asked(&self, i: usize) -> Option<Quote> {
        let opens = i == 0
            || i == 1
                && matches!(
                    self.lower(0).as_str(),
                    "when" | "if" | "once" | "after" | "and" | "but"
                );
        if self.lower(i) != "asked" || i + 1 >= self.words.len() {
            return None;
        }
        if !opens {
            return self.asked_within(i);
        }
        let end = (i + 2..self.words.len()).find(|&j| {
            self.breaks_before(j) && self.quoted[j].is_none()
                || self.quoted[j].is_some()
                    && self.quoted[j] != self.quoted[j - 1]
                    && self.breaks_before(j)
        })?;
        let content = Span::new(
            match self.quoted[i + 1] {
                Some(r) => self.regions[r].outer.start,
                None => self.words[i + 1].start,
            },
            self.content_end(end - 1),
        );
        Some(self.quote(content, Some(self.words[i]), None))
    }

    /// "…, he said when asked by a reporter if that remains his view", "when he was first
    /// asked whether …": inside a sentence, the question from its opening word (within a few
    /// words of the cue) to the clause's end, with no speaker.
    fn asked_within(&self, i: usize) -> Option<Quote> {
        let before = self.lower(i.checked_sub(1)?);
        let passive = matches!(
            before.as_str(),
            "when" | "once" | "after" | "if" | "being" | "was" | "were" | "been" | "is" | "are"
        ) || i >= 2
            && matches!(self.lower(i - 2).as_str(), "was" | "were" | "been" | "when")
            && matches!(
                before.as_str(),
                "first" | "later" | "also" | "again" | "repeatedly"
            );
        if !passive {
            return None;
        }
        let n = self.words.len();
        let j = (i + 1..n.min(i + 7))
            .take_while(|&j| self.quoted[j].is_none() && (j == i + 1 || !self.breaks_before(j)))
            .find(|&j| is_in(QUESTION_OPENERS, &self.lower(j)))?;
        let content = self.content_from(j)?;
        Some(self.quote(content, Some(self.words[i]), None))
    }

    /// "declined to comment", "refused to hold hearings for …": what was refused, from
    /// "to"; however short ("to comment"), up to the break.
    fn refusal(&self, i: usize) -> Option<Span> {
        let refuses = matches!(
            self.lower(i).as_str(),
            "declined" | "declines" | "refused" | "refuses"
        );
        let k = i + 1;
        if !refuses
            || k + 1 >= self.words.len()
            || self.lower(k) != "to"
            || self.quoted[k].is_some()
            || self.breaks_before(k)
            || self.breaks_before(k + 1)
        {
            return None;
        }
        self.content_from(k).or_else(|| {
            let last = (k + 1..self.words.len())
                .take_while(|&j| j == k + 1 || !self.breaks_before(j))
                .last()?;
            Some(Span::new(self.words[k].start, self.content_end(last)))
        })
    }

    /// "called Trump “unhinged.”", "called him divisive": after a verb of naming, the one
    /// named and the name are what was said, even in two words (up to a break or an "and").
    fn naming(&self, i: usize) -> Option<Span> {
        if !matches!(
            self.lower(i).as_str(),
            "called" | "calls" | "call" | "labeled" | "labelled" | "dubbed" | "branded"
        ) {
            return None;
        }
        let last = (i + 1..self.words.len())
            .take_while(|&j| {
                // ("called Trump “unhinged.”": the name may open a quotation.)
                let opens_quotation =
                    self.quoted[j].is_some() && self.gap(j).trim().chars().all(marks::is_mark);
                j == i + 1
                    || (!self.breaks_before(j) || opens_quotation)
                        && !matches!(self.lower(j).as_str(), "and" | "but" | "as" | "for")
            })
            .last()?;
        (last > i + 1).then(|| Span::new(self.words[i + 1].start, self.content_end(last)))
    }

    /// A speech verb at word `i`.
    fn verb(&self, i: usize, out: &[Quote]) -> Option<Quote> {
        if let Some(q) = self.asked(i) {
            return Some(q);
        }
        if i > 0 && is_in(DETERMINERS, &self.lower(i - 1)) && !self.breaks_before(i) {
            return None;
        }
        let cue = self.words[i];
        let lower = self.lower(i);
        // "He began by saying …", "she released a statement saying …": an -ing cue inside the
        // clause reports for the clause's subject.
        if lower.len() > 5
            && lower.ends_with("ing")
            && i > 1
            && !self.breaks_before(i)
            && self.quoted[i - 1].is_none()
            && matches!(
                self.lower(i - 1).as_str(),
                "by" | "while"
                    | "after"
                    | "upon"
                    | "before"
                    | "when"
                    | "statement"
                    | "email"
                    | "letter"
                    | "tweet"
                    | "message"
                    | "note"
                    | "video"
            )
        {
            if let (Some(c), Some(sp)) = (self.content_after(i), self.clause_subject(i - 1)) {
                return Some(self.quote(c, Some(cue), Some(sp)));
            }
        }
        // "She declared victory and said (that) …": a verb joined to the clause before shares
        // its subject.
        if let Some(j) = self.joined_to_clause_before(i) {
            let c = self.content_after(i)?;
            return Some(self.quote(c, Some(cue), self.clause_subject(j)));
        }
        if let Some((s0, s1)) = self.subject_left(i) {
            let speaker = Some(Span::new(self.words[s0].start, self.words[s1].end));
            // "…, X said." (possibly followed by ", adding …") before "X said (that) …".
            let before = s0 > 0 && self.breaks_before(s0) && self.content_before(s0).is_some();
            // "The museum, Mr. Bush said, celebrated …": a short subject before the speaker set
            // off by commas, and the rest of its sentence after.
            if !before
                && s0 > 0
                && self.gap(s0).trim() == ","
                && self.gap(i + 1).trim() == ","
                && (0..s0).all(|k| self.quoted[k].is_none())
            {
                // ("This campaign, he says, is different.": the two pieces make the length.)
                let n = self.words.len();
                let after = n - (i + 1);
                let rest = self.content_from(i + 1).or_else(|| {
                    (after > 0 && s0 + after >= MIN_CONTENT_WORDS)
                        .then(|| Span::new(self.words[i + 1].start, self.content_end(n - 1)))
                });
                if let Some(rest) = rest {
                    let lead = Span::new(self.words[0].start, self.words[s0 - 1].end);
                    let mut q = self.quote(Span::new(lead.start, rest.end), Some(cue), speaker);
                    q.fragments = vec![lead, rest];
                    return Some(q);
                }
            }
            let after = self
                .refusal(i)
                .or_else(|| self.content_after(i))
                .or_else(|| self.naming(i));
            // "“It’s over,” she said of the race, in which …": after a whole quotation, what
            // follows the cue is the writer's, unless it opens a second report ("that …", "…").
            let quotation_before = before
                && self
                    .content_before(s0)
                    .is_some_and(|l| self.is_quotation(l));
            if quotation_before && !self.breaks_before(i + 1) {
                if let Some(rest) = self.quotation_resumes(i) {
                    // "“A,” Trump said during a rally in Kenansville, N.C., “B.”": one quote
                    // in two pieces around the writer's words.
                    let lead = self.content_before(s0)?;
                    let mut q = self.quote(Span::new(lead.start, rest.end), Some(cue), speaker);
                    q.fragments = vec![lead, rest];
                    q.kind = QuoteKind::Direct;
                    return Some(q);
                }
            }
            if let Some(c) = after
                .filter(|_| !before || !self.breaks_before(i + 1))
                .filter(|&c| !quotation_before || self.opens_report(c))
            {
                return Some(self.quote(c, Some(cue), speaker));
            }
            if before {
                let lead = self.content_before(s0)?;
                // "Asked about the device, Lane said, “Not going into that.”": after the
                // writer's words, a quotation right after the cue is what was said.
                let quotes_after = self.quoted.get(i + 1).is_some_and(Option::is_some)
                    && self.breaks_before(i + 1);
                if quotes_after && !self.holds_quotation(lead) {
                    return Some(self.quote(self.content_from(i + 1)?, Some(cue), speaker));
                }
                let mut q = self.quote(lead, Some(cue), speaker);
                self.continue_after(i + 1, &mut q);
                // (A unit may end on the comma: "…, he said," before a line break.)
                if q.fragments.is_empty()
                    && i + 1 < self.words.len()
                    && self.gap(i + 1).trim() == ","
                {
                    // "After X, police said, Y went home.": the sentence goes on after the cue
                    // (unless another report opens there: ", adding …"). After a whole
                    // quotation it goes on in the writer's words ("“He loves us,” she said,
                    // and soon …") unless it quotes again at once ("…, he said, but “…”").
                    let next = self.lower(i + 1);
                    let quotes_again = self.quoted.get(i + 1).is_some_and(Option::is_some)
                        || matches!(next.as_str(), "and" | "but")
                            && self.quoted.get(i + 2).is_some_and(Option::is_some);
                    let writers = self.is_quotation(q.content) && !quotes_again;
                    if let Some(rest) = self
                        .content_from(i + 1)
                        .filter(|_| !(next.ends_with("ing") && cues::is_speech_verb(&next)))
                        .filter(|_| !writers)
                    {
                        q.fragments = vec![q.content, rest];
                        q.content = Span::new(q.content.start, rest.end);
                    }
                }
                return Some(q);
            }
            return None;
        }
        // ", noting that …", ", citing …": an -ing cue after a break reports for the quote
        // just before it, or for the subject of its clause.
        if (is_in(cues::PARTICIPLES, &lower) || lower.len() > 5 && lower.ends_with("ing"))
            && i > 0
            && self.breaks_before(i)
        {
            let c = self.content_after(i)?;
            let speaker = out
                .last()
                .filter(|q| q.content.end <= cue.start && q.content.end + 400 >= cue.start)
                .and_then(|q| q.speaker)
                .or_else(|| self.clause_subject(i));
            return Some(self.quote(c, Some(cue), speaker));
        }
        // "Debbie Walsh, director of the centre, (has) said …": a name with an apposition (unless a
        // name follows the cue: "…, said Geert Wilders, founder of the party.").
        let v = self.verb_start(i);
        // "“…,” Scott Pruitt, the attorney general of Oklahoma, said at an event.": a
        // quotation, then its speaker with an apposition, then the cue.
        if v > 0 && self.gap(v).trim() == "," {
            if let Some((lead, speaker)) = self.quotation_then_speaker(v) {
                let mut q = self.quote(lead, Some(cue), Some(speaker));
                self.continue_after(i + 1, &mut q);
                return Some(q);
            }
        }
        // ("Sen. Jack Reed (D-R.I.), said …": the apposition may close a bracket.)
        // ("Jason Sims — a teacher from Mount Pleasant — says …": or set off by dashes.)
        let set_off = |g: &str| g.ends_with(',') || g.ends_with('—') || g.ends_with('–');
        if v > 0 && set_off(self.gap(v).trim()) && !self.name_after_cue(i) {
            if let (Some(c), Some(sp)) = (self.content_after(i), self.apposed_subject(v)) {
                return Some(self.quote(c, Some(cue), Some(sp)));
            }
        }
        // "“…,” said X."
        if i > 0 && self.breaks_before(i) {
            let (s0, s1) = self.phrase_right(i + 1)?;
            let mut q = self.quote(
                self.content_before(i)?,
                Some(cue),
                Some(Span::new(self.words[s0].start, self.words[s1].end)),
            );
            self.continue_after(s1 + 1, &mut q);
            return Some(q);
        }
        None
    }

    /// Is the cue at `i` followed by a name that ends the unit or takes an apposition ("…,
    /// said Nargis Kassenova, an expert at …"): the speaker of inverted order, not content?
    fn name_after_cue(&self, i: usize) -> bool {
        let Some((s0, s1)) = self.phrase_right(i + 1) else {
            return false;
        };
        let ends = s1 + 1 == self.words.len() || self.gap(s1 + 1).trim() == ",";
        let name = self.capitalised(s0)
            && !is_in(cues::PRONOUNS, &self.lower(s0))
            && (s0..=s1).all(|k| self.capitalised(k) || is_in(NAME_PARTICLES, &self.lower(k)));
        // "…, says political scientist Dossym Satpayev in Almaty.": a title before the name.
        let first = self.lower(s0);
        let titled = cues::is_say(&self.lower(i))
            && s1 > s0
            && s1 - s0 < 6
            && self.capitalised(s1)
            && self.capitalised(s1 - 1)
            && !adverbial_start(&first)
            && !is_in(cues::PRONOUNS, &first)
            && !is_in(DETERMINERS, &first)
            && !is_in(cues::SPEAKER_LEADS, &first)
            && !first.ends_with("ing")
            && (ends || matches!(self.lower(s1 + 1).as_str(), "in" | "at" | "of" | "who"));
        name && ends || titled
    }

    /// Is the cue at `i` a verb joined by "and" or "but" to a clause before it ("… and said",
    /// "… but has also said"), not the verb of a compound subject ("Trump and Cruz said")?
    /// Returns the index of the joining word.
    fn joined_to_clause_before(&self, i: usize) -> Option<usize> {
        let j = self.verb_start(i);
        // The joining word right before the verb (and its auxiliaries), with a clause before it.
        let join = j.checked_sub(1)?;
        (join >= 2
            && !self.breaks_speaker(j)
            && self.quoted[join].is_none()
            && matches!(self.lower(join).as_str(), "and" | "but"))
        .then_some(join)
    }

    /// The subject of the clause that ends before word `join` (a joining word or a participle):
    /// a pronoun, a name, or a short description led by a determiner, at the start of the unit.
    fn clause_subject(&self, join: usize) -> Option<Span> {
        // "Prior to the demonstration, the military had deployed …": an opening adverbial set
        // off by a comma comes before the subject.
        let opener = self.lower(0);
        let s = if adverbial_start(&opener) || opener == "prior" {
            (1..join.min(10))
                .find(|&k| self.gap(k).trim() == ",")
                .unwrap_or(0)
        } else {
            0
        };
        if self.quoted[s].is_some() {
            return None;
        }
        let first = self.lower(s);
        if !self.capitalised(s) && s == 0 {
            return None;
        }
        let end = if is_in(cues::PRONOUNS, &first) {
            s
        } else {
            // A name ("Sen. Bernie Sanders"), or a determiner and the nouns after it ("The
            // senator"), up to the first word that can be the clause's verb.
            let determiner = is_in(DETERMINERS, &first) && first != "no";
            let mut end = s;
            while end + 1 < join
                && end + 1 < s + MAX_SPEAKER_WORDS
                && !self.breaks_speaker(end + 1)
                && self.quoted[end + 1].is_none()
            {
                let next = self.lower(end + 1);
                let in_name = self.capitalised(end + 1) || is_in(NAME_PARTICLES, &next);
                let noun = determiner
                    && !next.ends_with("ed")
                    && !self.is_verb_prefix(end + 1)
                    && !cues::is_speech_verb(&next)
                    && end < s + 3;
                if !(in_name || noun) {
                    break;
                }
                end += 1;
            }
            end
        };
        self.looks_like_speaker(s, end)
            .then(|| Span::new(self.words[s].start, self.words[end].end))
    }

    /// The speaker phrase ending just before the cue at `i`, skipping auxiliaries and adverbs
    /// ("he also said"), as word indices.
    fn subject_left(&self, i: usize) -> Option<(usize, usize)> {
        let end = self.verb_start(i);
        if end == 0 || self.breaks_speaker(end) {
            return None;
        }
        // "Barkley, who said …": the relative pronoun stands for the speaker.
        if matches!(self.lower(end - 1).as_str(), "who" | "which") {
            return Some((end - 1, end - 1));
        }
        let mut start = end;
        while start > 0 && end - start < MAX_SPEAKER_WORDS {
            let w = start - 1;
            if self.quoted[w].is_some()
                || is_in(LEFT_STOPS, &self.lower(w))
                || cues::is_speech_verb(&self.lower(w))
            {
                break;
            }
            start = w;
            if self.breaks_speaker(start) {
                break;
            }
        }
        // Leading "and"/"or" and prepositions are not part of the speaker.
        while start < end
            && matches!(
                self.lower(start).as_str(),
                "and" | "or" | "then" | "but" | "on" | "in" | "at" | "also"
            )
        {
            start += 1;
        }
        // Before "say" a plural noun is a speaker too ("security specialists say").
        let says = cues::is_say(&self.lower(i));
        let head = self.lower(end - 1);
        // "…, analyst says.": a headline's bare noun set off before a closing cue.
        let headline_noun = says
            && i + 1 == self.words.len()
            && end - start <= 2
            && start > 0
            && self.gap(start).trim() == ",";
        let speaker = self.looks_like_speaker(start, end - 1)
            || says && is_plural_noun(&head)
            || is_in(cues::EVIDENCE, &head)
            || headline_noun;
        if start == end || !speaker {
            return None;
        }
        Some((start, end - 1))
    }

    /// The speaker of "Name, apposition, said": from the first comma-separated segment of the
    /// unit that starts like a name (capitalised, or a determiner) up to the comma before the
    /// cue at `i`, apposition included.
    fn apposed_subject(&self, i: usize) -> Option<Span> {
        // A joining word opening the sentence is not part of the name ("But Megan Hester, …").
        let first = usize::from(
            i > 1
                && matches!(
                    self.lower(0).as_str(),
                    "but" | "and" | "so" | "yet" | "still"
                ),
        );
        let mut starts = vec![first];
        starts.extend((first + 1..i).filter(|&k| self.gap(k).trim() == ","));
        for &k in &starts {
            if i - k > MAX_APPOSED_WORDS || self.quoted[k].is_some() {
                continue;
            }
            let lower = self.lower(k);
            let name_like = self.capitalised(k)
                && !adverbial_start(&lower)
                && !matches!(
                    lower.as_str(),
                    "and"
                        | "but"
                        | "so"
                        | "yet"
                        | "if"
                        | "as"
                        | "after"
                        | "before"
                        | "when"
                        | "although"
                        | "though"
                );
            if name_like || is_in(DETERMINERS, &lower) && lower != "no" {
                return Some(Span::new(self.words[k].start, self.words[i - 1].end));
            }
        }
        None
    }

    /// "The Club for Growth is reportedly spending $1.5 million …": a report without a
    /// named source; what was reported is the clause, the adverb included.
    fn reportedly(&self, i: usize) -> Option<Quote> {
        // "Trump reportedly told aides …": the verb after it is the cue.
        let next = self.skip_verb_prefixes(i + 1);
        if next < self.words.len() && cues::is_speech_verb(&self.lower(next)) {
            return None;
        }
        let content = self.content_from(0)?;
        Some(self.quote(content, Some(self.words[i]), None))
    }

    /// Do words `k` and `k + 1` open a quantity ("at least", "at most", "about half", "about
    /// 40 percent")?
    fn quantity_at(&self, k: usize) -> bool {
        let next = self.lower(k + 1);
        match self.lower(k).as_str() {
            "at" => matches!(next.as_str(), "least" | "most"),
            "about" => {
                matches!(next.as_str(), "half" | "a" | "one" | "two" | "three")
                    || next.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        }
    }

    /// Is the verb at `i` in the passive: a form of "be" among the words of its verb group
    /// ("was first reported", "is expected")?
    fn is_passive(&self, i: usize) -> bool {
        (self.verb_start(i)..i).any(|k| is_in(BE_FORMS, &self.lower(k)))
    }

    /// "O'Malley's move was first reported by MSNBC": a reporting verb in the passive with its
    /// agent after "by"; what was reported is the subject before it.
    fn passive_by(&self, i: usize) -> Option<Quote> {
        let n = self.words.len();
        // Most words are not followed by "by": that test first, the rest only then.
        if i + 2 >= n || self.quoted[i + 1].is_some() || self.lower(i + 1) != "by" {
            return None;
        }
        let lower = self.lower(i);
        let v = self.verb_start(i);
        if !lower.ends_with("ed")
            || !cues::is_speech_verb(&lower)
            || !self.is_passive(i)
            || v < 2
            || self.breaks_speaker(v)
        {
            return None;
        }
        let (s0, s1) = self.run_right(i + 2, MAX_SPEAKER_WORDS, |_| false)?;
        if !self.looks_like_speaker(s0, s1) {
            return None;
        }
        // The subject: from the clause's start (after a comma, if any) to the verb group.
        let start = (1..v).rev().find(|&k| self.breaks_before(k)).unwrap_or(0);
        let content = Span::new(self.words[start].start, self.content_end(v - 1));
        let speaker = Span::new(self.words[s0].start, self.words[s1].end);
        Some(self.quote(content, Some(self.words[i]), Some(speaker)))
    }

    /// "The campaign did not (immediately) respond to a request for comment", "did not return
    /// a message": a negated verb of answering reports the non-answer.
    fn no_response(&self, i: usize) -> bool {
        matches!(self.lower(i).as_str(), "respond" | "return" | "reply")
            && (i.saturating_sub(3)..i)
                .any(|k| self.quoted[k].is_none() && matches!(self.lower(k).as_str(), "not" | "t"))
    }

    /// Is word `i` a verb of what records make known ("show") right after a record noun
    /// ("polls show", "new filings show")?
    fn evidence_verb(&self, i: usize) -> bool {
        i > 0
            && self.quoted[i - 1].is_none()
            && !self.breaks_before(i)
            && is_in(cues::EVIDENCE, &self.lower(i - 1))
            && is_in(cues::EVIDENCE_VERBS, &self.lower(i))
    }

    /// The unit's opening quotation and the speaker phrase between it and the comma before
    /// word `v` (the cue's first word): the speaker starts like a name or a description and
    /// holds a comma of its own (an apposition).
    fn quotation_then_speaker(&self, v: usize) -> Option<(Span, Span)> {
        let k = (1..v).find(|&k| self.quoted[k].is_none())?;
        let lead = self.content_before(k)?;
        let lower = self.lower(k);
        let name_like = self.capitalised(k) && !adverbial_start(&lower)
            || is_in(DETERMINERS, &lower) && lower != "no";
        let apposed = (k + 1..v).any(|j| self.gap(j).trim() == ",");
        let ok = self.is_quotation(lead)
            && self.gap(k).contains(',')
            && name_like
            && apposed
            && v - k <= MAX_APPOSED_WORDS
            && (k..v).all(|j| self.quoted[j].is_none() && !cues::is_speech_verb(&self.lower(j)));
        ok.then(|| (lead, Span::new(self.words[k].start, self.words[v - 1].end)))
    }

    /// A speaker phrase starting at word `i` and running to the next break (inverted order
    /// "said the minister").
    fn phrase_right(&self, i: usize) -> Option<(usize, usize)> {
        let (i, end) = self.run_right(i, MAX_SPEAKER_WORDS, |w| {
            matches!(
                w,
                "that"
                    | "on"
                    | "in"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "who"
                    | "which"
                    | "when"
                    | "while"
                    | "to"
                    | "as"
            )
        })?;
        self.looks_like_speaker(i, end).then_some((i, end))
    }

    /// The source after "according to": anything up to the clause break ("early results of
    /// exit polls conducted for the networks", "recent data from comScore"), as long as
    /// [`MAX_SOURCE_WORDS`] allows.
    fn source_right(&self, i: usize) -> Option<(usize, usize)> {
        self.run_right(i, MAX_SOURCE_WORDS, |_| false)
    }

    /// Words from `i` on, at most `max`, up to a break, a quotation or a word `stops` names.
    fn run_right(
        &self,
        i: usize,
        max: usize,
        stops: impl Fn(&str) -> bool,
    ) -> Option<(usize, usize)> {
        if i >= self.words.len() || self.quoted[i].is_some() {
            return None;
        }
        let mut end = i;
        while end + 1 < self.words.len()
            && end + 1 - i < max
            && !self.breaks_before(end + 1)
            && self.quoted[end + 1].is_none()
            && !stops(&self.lower(end + 1))
        {
            end += 1;
        }
        Some((i, end))
    }

    /// A phrase can be a speaker when it names someone (a capitalised word that is not just
    /// the sentence's first word), is a pronoun, or is a description led by a determiner, a
    /// quantifier or a word for a group of people ("another source", "top aides").
    fn looks_like_speaker(&self, a: usize, b: usize) -> bool {
        let first = self.lower(a);
        if a == b && is_in(cues::PRONOUNS, &first) {
            return true;
        }
        // "another source", "federal officials", "critics of the plan": led by a determiner,
        // a quantifier or a word for people, or headed by one.
        // "47 percent said", "six in 10 said": a share of those polled.
        let share = matches!(self.lower(b).as_str(), "percent" | "%")
            || self.lower(b).bytes().all(|c| c.is_ascii_digit());
        share
            || is_in(cues::SPEAKER_LEADS, &first)
            || is_in(cues::PEOPLE, &first)
            || is_in(cues::PEOPLE, &self.lower(b))
            || (a..=b).any(|k| self.capitalised(k))
    }

    /// The content after the cue at `i`: skips a listener ("told reporters"), an adverbial
    /// before "that", the "that", and a colon. `None` when fewer than three words follow.
    fn content_after(&self, i: usize) -> Option<Span> {
        let n = self.words.len();
        let mut k = i + 1;
        if k >= n {
            return None;
        }
        // "called for a ban", "calls on Congress to act", "referring to the convention": the
        // particle belongs to the cue.
        let cue = self.lower(i);
        let particle = self.lower(k);
        let takes_particle = match particle.as_str() {
            "for" | "on" | "upon" => cue.starts_with("call"),
            "to" => ["refer", "allud", "point", "respond", "repl"]
                .iter()
                .any(|p| cue.starts_with(p)),
            "about" => {
                cue.starts_with("talk") || cue.starts_with("spok") || cue.starts_with("speak")
            }
            _ => false,
        };
        if takes_particle && self.quoted[k].is_none() {
            k += 1;
            if k >= n {
                return None;
            }
        }
        if is_in(WITH_LISTENER, &self.lower(i)) && self.quoted[k].is_none() {
            // The listener runs to "that", a comma or a colon, within a few words; after
            // "asked", to the question too ("asked Clinton on Friday whether …").
            let asks = matches!(self.lower(i).as_str(), "asked" | "asks" | "ask");
            let opens = |j: usize| {
                let w = self.lower(j);
                w == "that" || asks && is_in(QUESTION_OPENERS, &w)
            };
            let mut j = k;
            while j < n
                && j - k < 5
                && self.quoted[j].is_none()
                && !opens(j)
                && !self.breaks_before(j + 1)
            {
                j += 1;
            }
            if j < n && (opens(j) || self.breaks_before(j + 1) || self.quoted[j].is_some()) {
                k = if opens(j) || self.quoted[j].is_some() {
                    j
                } else {
                    j + 1
                };
            } else {
                // "told the Washington Examiner." says nothing itself.
                k = j;
            }
        }
        // "said on Wednesday that …": a short adverbial before "that".
        let mut after_that = false;
        // "rejected that argument in a ruling": "that" before a singular common noun and no
        // verb is a determiner, part of the object ("said that officials in …", "that dealing
        // with …" and "that Quill and …" open clauses).
        let determiner = |t: usize| {
            if t + 1 >= n {
                return false;
            }
            let noun = self.lower(t + 1);
            self.quoted[t + 1].is_none()
                && !self.capitalised(t + 1)
                && !noun.ends_with("ing")
                && !noun.ends_with('s')
                && (t + 2 >= n
                    || self.breaks_before(t + 2)
                    || matches!(
                        self.lower(t + 2).as_str(),
                        "and" | "in" | "at" | "on" | "for" | "with" | "by" | "from"
                    ))
        };
        if let Some(t) = (k..n.min(k + 7))
            .find(|&j| self.lower(j) == "that" && self.quoted[j].is_none())
            .filter(|&t| !determiner(t))
        {
            // Not across another verb's clause: "thanked the crews but warned that …", nor
            // into a relative clause: in "said officials have video that shows …" the "that"
            // belongs to "video".
            if (k..t).all(|j| {
                self.quoted[j].is_none()
                    && !matches!(self.lower(j).as_str(), "and" | "but")
                    && !cues::is_speech_verb(&self.lower(j))
                    && !is_in(FINITE_AUXILIARIES, &self.lower(j))
            }) {
                k = t + 1;
                after_that = true;
            }
        }
        // "said in a statement, …" / "said on Tuesday.": an adverbial is not content (after
        // "that" it is: "said that in a race with Cruz, he would …").
        // ("Thursday's speeches …" is a possessive, not an adverbial; "agreed to lend him
        // $5 million" is an infinitive.)
        let possessive = k + 1 < n && matches!(self.gap(k + 1), "'" | "\u{2019}");
        // ("The pier is expected to open" is read whole by the stance rule.)
        let infinitive = !self.is_passive(i) && k + 1 < n && self.lower(k) == "to" && {
            let next = self.lower(k + 1);
            let plural = next.ends_with('s') && !next.ends_with("ss");
            self.quoted[k + 1].is_none()
                && !self.capitalised(k + 1)
                && !is_in(DETERMINERS, &next)
                && !is_in(cues::SPEAKER_LEADS, &next)
                && !is_in(cues::PRONOUNS, &next)
                && !matches!(next.as_str(), "him" | "her" | "them" | "me" | "us" | "you")
                && !is_in(cues::PEOPLE, &next)
                && !plural
                && !next.bytes().any(|b| b.is_ascii_digit())
        };
        if !after_that
            && k < n
            && self.quoted[k].is_none()
            && adverbial_start(&self.lower(k))
            && !possessive
            && !infinitive
            // "reported at least six planes", "said about half of …": a quantity, not a
            // place or a topic.
            && !(k + 1 < n && self.quantity_at(k))
        {
            let comma = (k + 1..n.min(k + 9)).find(|&j| self.breaks_before(j));
            // "said on Friday he met …": without a comma, the adverbial ends where the
            // reported clause's subject pronoun begins.
            let subject = || {
                (k + 1..n.min(k + 7))
                    .take_while(|&j| self.quoted[j].is_none() && !self.breaks_before(j))
                    .find(|&j| opens_clause(&self.lower(j)))
            };
            // "complained about the rules", "agreed with Matthews": after a cue that is not
            // a plain verb of saying, a preposition with no comma after its phrase opens the
            // cue's complement, which is what was said.
            let complement = || {
                let says = cues::is_plain_speech(&self.lower(i));
                (!says
                    && matches!(
                        self.lower(k).as_str(),
                        "about" | "on" | "for" | "with" | "of" | "against" | "over"
                    ))
                .then_some(k + 1)
            };
            k = complement().or(comma).or_else(subject)?;
        }
        if !after_that && cues::takes_object(&self.lower(i)) && k < n && self.quoted[k].is_none() {
            // A short object ends its sentence: "attacked Machado."
            let stop = (k + 1..n).find(|&j| self.breaks_before(j)).unwrap_or(n);
            if stop - k < MIN_CONTENT_WORDS && stop == n {
                return Some(Span::new(self.words[k].start, self.content_end(stop - 1)));
            }
        }
        let content = self.content_from(k)?;
        if after_that || !cues::takes_object(&self.lower(i)) {
            return Some(content);
        }
        // "attacked Machado in early-morning tweets": the object ends where an adverbial of
        // the act or a relative clause about it begins.
        let end = (k + 1..n)
            .find(|&j| {
                self.quoted[j].is_none()
                    && (self.gap(j).contains(',')
                        && matches!(self.lower(j).as_str(), "which" | "who")
                        || matches!(
                            self.lower(j).as_str(),
                            "in" | "during" | "since" | "when" | "after" | "while" | "before"
                        ))
            })
            .map_or(content.end, |j| self.content_end(j - 1));
        Some(Span::new(content.start, end.min(content.end)))
    }

    /// Content from word `k` to the end of the unit, if long enough.
    fn content_from(&self, k: usize) -> Option<Span> {
        let n = self.words.len();
        if k >= n || n - k < MIN_CONTENT_WORDS {
            return None;
        }
        let start = match self.quoted[k] {
            Some(r) => self.regions[r].outer.start,
            None => self.words[k].start,
        };
        // ", noting that …" after the content is another quote of the same speaker.
        let last = (k + 1..n)
            .find(|&j| {
                self.quoted[j].is_none()
                    && self.gap(j).contains(',')
                    && is_in(cues::PARTICIPLES, &self.lower(j))
            })
            .map_or(n - 1, |j| j - 1);
        // "…, and Trump says …" / "…, another says …": a second speaker starts a new quote;
        // other clauses that are not what was said end it too.
        let last = (k + 1..=last)
            .find(|&j| self.starts_clause_with_speaker(j) || self.clause_ends_before(k, j))
            .map_or(last, |j| j - 1);
        // Leave out a joining "and" or "but" at the cut.
        let last = if last > k && matches!(self.lower(last).as_str(), "and" | "but" | "while") {
            last - 1
        } else {
            last
        };
        if last + 1 - k < MIN_CONTENT_WORDS {
            return None;
        }
        Some(Span::new(start, self.content_end(last)))
    }

    /// Does word `s` open a clause "SPEAKER says …": after a comma or a conjunction, a short
    /// speaker phrase followed by a speech verb?
    fn starts_clause_with_speaker(&self, s: usize) -> bool {
        if self.quoted[s].is_some() {
            return false;
        }
        let after_join = self.breaks_before(s)
            || s > 0 && matches!(self.lower(s - 1).as_str(), "and" | "but" | "while");
        if !after_join || is_in(LEFT_STOPS, &self.lower(s)) {
            return false;
        }
        (s + 1..self.words.len().min(s + 5)).any(|v| {
            self.quoted[v].is_none()
                && cues::is_reporting_verb(&self.lower(v))
                && !self.breaks_before(v)
                && self.subject_left(v).is_some_and(|(a, _)| a == s)
        })
    }

    /// End of content whose last word is `last`: through a closing quotation, else the word.
    fn content_end(&self, last: usize) -> usize {
        match self.quoted[last] {
            Some(r) => self.regions[r].outer.end,
            None => self.words[last].end,
        }
    }

    /// Content from the unit start to just before word `i` (the speaker or cue), when a
    /// comma or a closing quotation separates them.
    fn content_before(&self, i: usize) -> Option<Span> {
        // A quotation may be short ("“Absolutely,” he said."); unquoted content may not.
        let all_quoted = i > 0 && (0..i).all(|k| self.quoted[k].is_some());
        if i < MIN_CONTENT_BEFORE && !all_quoted {
            return None;
        }
        let start = match self.quoted[0] {
            Some(r) => self.regions[r].outer.start,
            None => self.words[0].start,
        };
        let end = self.content_end(i - 1);
        Some(Span::new(start, end))
    }

    /// `“A,” he said, “B.”`: a quotation right after the speaker continues the content.
    fn continue_after(&self, k: usize, q: &mut Quote) {
        let Some(r) = self.quoted.get(k).copied().flatten() else {
            return;
        };
        if !self.breaks_before(k) {
            return;
        }
        let next = self.regions[r].outer;
        q.fragments = vec![q.content, next];
        q.content = Span::new(q.content.start, next.end);
        q.kind = if self.regions.iter().any(|r| r.outer == q.fragments[0]) {
            QuoteKind::Direct
        } else {
            QuoteKind::Mixed
        };
    }

    /// The quotation that resumes after the cue at `i` and the writer's words that follow it
    /// ("said during a rally in Kenansville, N.C., “…”"): the first quotation in the unit after
    /// the cue, within a dozen words, opened after a comma or a colon.
    fn quotation_resumes(&self, i: usize) -> Option<Span> {
        let j = (i + 1..self.words.len().min(i + 13)).find(|&j| self.quoted[j].is_some())?;
        let r = self.quoted[j]?;
        let opened_after = self
            .gap(j)
            .trim_end_matches(|c: char| c.is_whitespace() || marks::is_mark(c));
        (opened_after.ends_with(',') || opened_after.ends_with(':'))
            .then_some(self.regions[r].outer)
    }

    /// Does content `c` open a report of its own: a quotation, a clause after "that", or a
    /// participle ("referring to …", "adding …")?
    fn opens_report(&self, c: Span) -> bool {
        let first = self.words.iter().position(|w| w.start >= c.start);
        let word_before = first.and_then(|k| k.checked_sub(1)).map(|k| self.lower(k));
        self.regions.iter().any(|r| r.outer.start == c.start)
            || first.is_some_and(|k| {
                let w = self.lower(k);
                w.len() > 5 && w.ends_with("ing")
            })
            || word_before.as_deref() == Some("that")
    }

    /// Whether `span` holds a quotation.
    fn holds_quotation(&self, span: Span) -> bool {
        self.regions
            .iter()
            .any(|r| span.start <= r.outer.start && r.outer.end <= span.end)
    }

    /// Whether `span` is exactly one quotation, marks included.
    fn is_quotation(&self, span: Span) -> bool {
        self.regions.iter().any(|r| r.outer == span)
    }

    /// A quote with its kind read from the quotation marks in its content.
    fn quote(&self, content: Span, cue: Option<Span>, speaker: Option<Span>) -> Quote {
        let inside: Vec<&Region> = self
            .regions
            .iter()
            .filter(|r| content.start <= r.outer.start && r.outer.end <= content.end)
            .collect();
        let kind = if inside.len() == 1 && inside[0].outer == content {
            QuoteKind::Direct
        } else if inside.is_empty() {
            QuoteKind::Indirect
        } else {
            QuoteKind::Mixed
        };
        Quote {
            content,
            fragments: Vec::new(),
            cue,
            speaker,
            resolved: None,
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (content, speaker, kind) of every quote, as text.
    fn found(text: &str) -> Vec<(&str, Option<&str>, QuoteKind)> {
        extract(text)
            .into_iter()
            .map(|q| {
                (
                    q.content.slice(text),
                    q.speaker.map(|s| s.slice(text)),
                    q.kind,
                )
            })
            .collect()
    }

    #[test]
    fn direct_quotes_in_every_mark() {
        for (open, close) in [
            ("“", "”"),
            ("\"", "\""),
            ("« ", " »"),
            ("„", "“"),
            ("‘", "’"),
            ("'", "'"),
        ] {
            let text =
                format!("{open}The ferry will run again in June,{close} the harbour master said.");
            let got = found(&text);
            assert_eq!(got.len(), 1, "{open}…{close}: {got:?}");
            assert!(
                got[0].0.contains("The ferry will run again in June"),
                "{got:?}"
            );
            assert_eq!(got[0].1, Some("the harbour master"), "{open}…{close}");
            assert_eq!(got[0].2, QuoteKind::Direct, "{open}…{close}");
        }
    }

    #[test]
    fn speaker_before_a_colon_and_inverted_speaker() {
        let t = "Mayor Ada Quill said: “We will rebuild the pier before winter.”";
        assert_eq!(
            found(t),
            [(
                "“We will rebuild the pier before winter.”",
                Some("Mayor Ada Quill"),
                QuoteKind::Direct
            )]
        );
        let t = "“We will rebuild the pier before winter,” said Ada Quill.";
        assert_eq!(found(t)[0].1, Some("Ada Quill"));
    }

    #[test]
    fn quote_over_several_paragraphs_is_one_quote() {
        let t = "The minister said:\n\n“The first harvest failed in the north.\n\n“The second one will not fail, because the canals are open.”\n\nThe session then closed.";
        let got = extract(t);
        assert_eq!(got.len(), 1, "{got:?}");
        let c = got[0].content.slice(t);
        assert!(
            c.starts_with("“The first harvest") && c.ends_with("canals are open.”"),
            "{c:?}"
        );
        assert_eq!(got[0].speaker.map(|s| s.slice(t)), Some("The minister"));
    }

    #[test]
    fn nested_quote_stays_inside_the_outer_one() {
        let t =
            "“They called the plan ‘a betrayal of the valley’ and walked out,” the governor said.";
        let got = found(t);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].0,
            "“They called the plan ‘a betrayal of the valley’ and walked out,”"
        );
        assert_eq!(got[0].2, QuoteKind::Direct);
    }

    #[test]
    fn mixed_quote_is_reported_speech_with_a_quoted_fragment() {
        let t = "The governor said the plan was “a betrayal of the valley” and would be withdrawn.";
        let got = found(t);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, QuoteKind::Mixed);
        assert_eq!(got[0].1, Some("The governor"));
        assert!(got[0].0.starts_with("the plan was"));
    }

    #[test]
    fn indirect_quotes_of_every_cue_form() {
        let cases = [
            (
                "Ada Quill said that the pier would reopen in spring.",
                "the pier would reopen in spring",
                "Ada Quill",
            ),
            (
                "The council added the budget had been cut by a third.",
                "the budget had been cut by a third",
                "The council",
            ),
            (
                "The bridge will close for a month, the Imam said.",
                "The bridge will close for a month",
                "the Imam",
            ),
            (
                "Quill stressed the repairs must start before the floods.",
                "the repairs must start before the floods",
                "Quill",
            ),
            (
                "According to the port authority, three ships were turned away.",
                "three ships were turned away",
                "the port authority",
            ),
            (
                "Three ships were turned away, according to the port authority.",
                "Three ships were turned away",
                "the port authority",
            ),
            // What the writer adds after the source is not part of the statement.
            (
                "Three ships were turned away, according to the port authority, but the ferry ran.",
                "Three ships were turned away",
                "the port authority",
            ),
            // A clause set off by a dash, however it is typed, is not what was said.
            (
                "Ada Quill said the pier would reopen in spring -- a promise made twice before.",
                "the pier would reopen in spring",
                "Ada Quill",
            ),
            (
                "Ada Quill said the pier would reopen in spring ― leaving the ferry idle.",
                "the pier would reopen in spring",
                "Ada Quill",
            ),
            // A "that" after a verb opens a relative clause, not the content.
            (
                "The harbour master said divers have a video that shows the collapse.",
                "divers have a video that shows the collapse",
                "The harbour master",
            ),
            // "that" before a noun and no verb is a determiner, part of the object.
            (
                "Ada Quill disputed that estimate at the council meeting.",
                "that estimate at the council meeting",
                "Ada Quill",
            ),
            // The particle of "call for" and "call on" is part of the cue.
            (
                "Ada Quill called for a new survey of the harbour walls.",
                "a new survey of the harbour walls",
                "Ada Quill",
            ),
            (
                "The union called on the council to reopen the ferry office.",
                "the council to reopen the ferry office",
                "The union",
            ),
            (
                "The bridge will close for a month, another engineer said.",
                "The bridge will close for a month",
                "another engineer",
            ),
            (
                "The bridge will close for a month, harbour officials said.",
                "The bridge will close for a month",
                "harbour officials",
            ),
            // A speaker set off by commas inside the sentence: both sides are what was said,
            // "including …" and a gerund subject too.
            (
                "The pier, Ada Quill said, needs new piles, including the ones by the ferry.",
                "The pier, Ada Quill said, needs new piles, including the ones by the ferry",
                "Ada Quill",
            ),
            (
                "Though the storm was short, she said, replacing the piles would take a year.",
                "Though the storm was short, she said, replacing the piles would take a year",
                "she",
            ),
            // A learned cue ("touted") after a comma does not open a second speaker's clause.
            (
                "Ada Quill noted that at a meeting in 1972, she touted a plan to rebuild the pier.",
                "at a meeting in 1972, she touted a plan to rebuild the pier",
                "Ada Quill",
            ),
            // The object of "attacked", "cited": without the adverbial of the act or a
            // relative clause about it, and short when the sentence ends.
            (
                "Ada Quill attacked the harbour board in a late-night post.",
                "the harbour board",
                "Ada Quill",
            ),
            ("Ada Quill attacked Okafor.", "Okafor", "Ada Quill"),
            (
                "Ada Quill cited the flood report, which the council had never published.",
                "the flood report",
                "Ada Quill",
            ),
            // Contracted auxiliaries and negations belong to the verb, not the speaker.
            (
                "Quill’s deputy hasn’t said the pier would reopen in spring.",
                "the pier would reopen in spring",
                "Quill’s deputy",
            ),
            (
                "Ada Quill, the harbour master, has also said the pier would reopen in spring.",
                "the pier would reopen in spring",
                "Ada Quill, the harbour master",
            ),
            // A verb joined to the clause before shares its subject.
            (
                "The harbour master closed the pier on Monday and said the storm had loosened it.",
                "the storm had loosened it",
                "The harbour master",
            ),
        ];
        one_indirect_quote_each(&cases);
        // A compound subject is not a joined clause.
        let got = found("Quill and Okafor said the pier would reopen in spring.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, Some("Quill and Okafor"));
        // "…, noting that …": a second quote of the same speaker.
        let t = "Quill opened the new pier on Monday, noting that the old one had stood for ninety years.";
        let got = found(t);
        let noting = got
            .iter()
            .find(|q| q.0.starts_with("the old one"))
            .unwrap_or_else(|| panic!("{got:?}"));
        assert_eq!(noting.2, QuoteKind::Indirect);
    }

    /// Each (text, content, speaker) case has exactly that one indirect quote.
    fn one_indirect_quote_each(cases: &[(&str, &str, &str)]) {
        for &(t, content, speaker) in cases {
            let got = found(t);
            assert_eq!(got.len(), 1, "{t}: {got:?}");
            assert_eq!(got[0].0, content, "{t}");
            assert_eq!(got[0].1, Some(speaker), "{t}");
            assert_eq!(got[0].2, QuoteKind::Indirect, "{t}");
        }
    }

    #[test]
    fn stance_verbs_before_that_or_to() {
        let cases = [
            (
                "Ada Quill believes that the pier can reopen in spring.",
                "the pier can reopen in spring",
                "Ada Quill",
            ),
            (
                "The council wants to close the pier by March.",
                "to close the pier by March",
                "The council",
            ),
            // The -ing forms, with a doubled consonant or a dropped "e" undone.
            (
                "The council is planning to close the pier by March.",
                "to close the pier by March",
                "The council",
            ),
            (
                "Ada Quill is hoping to reopen the pier in spring.",
                "to reopen the pier in spring",
                "Ada Quill",
            ),
        ];
        one_indirect_quote_each(&cases);
        // In the passive nobody is named, and the subject is part of what is expected.
        let got = found("The new pier is expected to open before the summer.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].0,
            "The new pier is expected to open before the summer"
        );
        assert_eq!(got[0].1, None);
        // Movement, not stance: "to" does not lead a verb.
        assert!(found("The council is heading to the pier with the mayor.").is_empty());
        assert!(!stance_participle("sing") && !stance_participle("string"));
        // A character whose last two bytes are equal (U+1041: E1 81 81) is no doubled letter.
        assert!(!stance_participle("plan\u{1041}ing"));
    }

    #[test]
    fn headlines_transcripts_and_questions() {
        let t = "Quill: Harbour will reopen in spring";
        assert_eq!(
            found(t),
            [(
                "Harbour will reopen in spring",
                Some("Quill"),
                QuoteKind::Indirect
            )]
        );
        assert!(found("CORRECTION: An earlier version misspelled a name here.").is_empty());
        let t = "Asked whether the pier was safe, Quill said the engineers had signed it off.";
        let got = found(t);
        assert_eq!(
            got[0],
            ("whether the pier was safe", None, QuoteKind::Indirect),
            "{got:?}"
        );
        assert_eq!(got[1].1, Some("Quill"), "{got:?}");
    }

    #[test]
    fn interrupted_quote_has_two_fragments() {
        let t = "“The pier is safe,” she said, “and it will stay open all winter.”";
        let q = &extract(t)[0];
        assert_eq!(q.fragments.len(), 2, "{q:?}");
        assert_eq!(
            q.fragments[1].slice(t),
            "“and it will stay open all winter.”"
        );
    }

    #[test]
    fn the_writer_goes_on_after_a_quotation_and_its_speaker() {
        let t = "“He really does love us,” Mara said, and soon the balloons were dropping.";
        let q = &extract(t)[0];
        assert_eq!(q.content.slice(t), "“He really does love us,”", "{q:?}");
        assert!(q.fragments.is_empty(), "{q:?}");
        // Quoting again at once still continues the quote.
        let t = "“I like Larry,” he said, but “on energy Larry has a long history of lobbying.”";
        assert_eq!(extract(t)[0].fragments.len(), 2);
        let t = "Asked to describe the device, Inspector Lane said, “Not going into that at all.”";
        let quotes = extract(t);
        let q = quotes
            .iter()
            .find(|q| q.speaker.is_some())
            .expect("the inspector's quote");
        assert_eq!(q.content.slice(t), "“Not going into that at all.”", "{q:?}");
        assert!(q.fragments.is_empty(), "{q:?}");
    }

    #[test]
    fn a_question_in_quotes_keeps_the_attribution_after_it() {
        let t = "She said she wanted them to know that “this is not who we are.” “How many \
                 times must we see this?” Rivas said. “It has to stop.”";
        let quotes = extract(t);
        let q = quotes
            .iter()
            .find(|q| q.content.slice(t).contains("How many"))
            .expect("the question is quoted");
        assert_eq!(q.cue.map(|c| c.slice(t)), Some("said"), "{quotes:?}");
        assert!(
            q.speaker.is_some_and(|s| s.slice(t) == "Rivas"),
            "{quotes:?}"
        );
        let pieces: Vec<&str> = q.pieces().iter().map(|p| p.slice(t)).collect();
        assert_eq!(
            pieces,
            ["“How many times must we see this?”", "“It has to stop.”"],
            "{quotes:?}"
        );
        // The indirect quote before it ends where its own sentence does.
        assert!(quotes
            .iter()
            .any(|q| q.content.slice(t).ends_with("who we are.”")));
        // A longer sentence after the question is not its attribution.
        let t = "“Why now?” The mayor said on Monday night that the vote on the budget would wait.";
        assert!(extract(t)
            .iter()
            .all(|q| !q.content.slice(t).starts_with("“Why")));
    }

    #[test]
    fn a_short_quotation_after_the_attribution_continues_the_quote() {
        let t = "“I would,” Mara said to the television. “I would, Donald.”\n\nThe room was quiet.";
        let q = &extract(t)[0];
        let pieces: Vec<&str> = q.pieces().iter().map(|p| p.slice(t)).collect();
        assert_eq!(pieces, ["“I would,”", "“I would, Donald.”"], "{q:?}");
        // Alone, it is not taken for a statement.
        assert_eq!(extract("The crowd cheered. “I would, Donald.”").len(), 0);
    }

    #[test]
    fn what_was_asked_is_the_question() {
        let t = "The mayor was calm when Dana Reyes asked whether the pier would reopen in spring.";
        let q = &extract(t)[0];
        assert_eq!(
            q.content.slice(t),
            "whether the pier would reopen in spring"
        );
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("Dana Reyes"));
        let t = "A reporter asked the mayor how she felt about the vote on the harbour.";
        assert_eq!(
            extract(t)[0].content.slice(t),
            "how she felt about the vote on the harbour"
        );
        // Asked in passing, with nobody named as asking.
        let t = "“Absolutely,” he said when asked by a reporter if that remains his view.";
        let quotes = extract(t);
        let asked = quotes
            .iter()
            .find(|q| q.cue.map(|c| c.slice(t)) == Some("asked"))
            .expect("the question");
        assert_eq!(asked.content.slice(t), "if that remains his view");
        assert_eq!(asked.speaker, None);
    }

    #[test]
    fn short_refusals_and_namings_are_quotes() {
        let t = "The Harbour Office declined to comment, citing the inquiry.";
        let q = &extract(t)[0];
        assert_eq!(q.content.slice(t), "to comment");
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("The Harbour Office"));
        let t = "In a fiery speech on the pier, Mayor Dana Reyes called him reckless.";
        let q = &extract(t)[0];
        assert_eq!(q.content.slice(t), "him reckless");
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("Mayor Dana Reyes"));
    }

    #[test]
    fn headlines_name_the_speaker_before_the_colon() {
        let t = "Reyes: ‘Of Course’ The Pier Will Reopen In Spring.";
        let q = &extract(t)[0];
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("Reyes"));
        assert_eq!(
            q.content.slice(t),
            "‘Of Course’ The Pier Will Reopen In Spring"
        );
        // Whom it was said to is not the speaker; a cue inside the headline is not either.
        let t = "Reyes to Harbour Board: Lane Wants The Pier Closed.";
        let quotes = extract(t);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].speaker.map(|s| s.slice(t)), Some("Reyes"));
        assert_eq!(quotes[0].content.slice(t), "Lane Wants The Pier Closed");
    }

    #[test]
    fn but_that_goes_on_with_what_was_said() {
        let t =
            "Reyes said the pier was safe, but that the harbour still needs work before spring.";
        assert_eq!(
            extract(t)[0].content.slice(t),
            "the pier was safe, but that the harbour still needs work before spring"
        );
    }

    #[test]
    fn security_specialists_say() {
        let t = "But security specialists say the leak is an extension of the campaign.";
        let q = &extract(t)[0];
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("security specialists"));
        assert_eq!(
            q.content.slice(t),
            "the leak is an extension of the campaign"
        );
    }

    #[test]
    fn a_long_source_after_according_to() {
        let t = "According to early results of exit polls conducted for the networks by a research firm, nearly half of the voters were black.";
        let q = &extract(t)[0];
        assert_eq!(
            q.speaker.map(|s| s.slice(t)),
            Some("early results of exit polls conducted for the networks by a research firm")
        );
        assert_eq!(q.content.slice(t), "nearly half of the voters were black");
    }

    #[test]
    fn scare_quotes_and_plain_prose_are_not_quotes() {
        assert!(
            found("The so-called “harbour tax” was repealed last year by the council.").is_empty()
        );
        assert!(found("The state report on the floods was published in May.").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn name_after_a_comma_and_cue_is_the_speaker_not_the_content() {
        let t =
            "The ferry fares will double by spring, said Ada Quill, director of the Harbour Board.";
        assert_eq!(
            found(t),
            [(
                "The ferry fares will double by spring",
                Some("Ada Quill"),
                QuoteKind::Indirect
            )]
        );
        // A name with an apposition before the cue still speaks what follows.
        let t = "Ada Quill, director of the Harbour Board, said the fares will double by spring.";
        assert_eq!(
            found(t),
            [(
                "the fares will double by spring",
                Some("Ada Quill, director of the Harbour Board"),
                QuoteKind::Indirect
            )]
        );
    }

    #[test]
    fn a_sentence_ending_in_said_is_not_split_by_a_learned_cue_inside_it() {
        let q = found(
            "Now that the floods have angered the farmers of the valley, I deem it necessary \
             to repeat our plan for the dams, the minister said.",
        );
        assert_eq!(
            q,
            [(
                "Now that the floods have angered the farmers of the valley, I deem it \
                 necessary to repeat our plan for the dams",
                Some("the minister"),
                QuoteKind::Indirect
            )]
        );
    }

    #[test]
    fn adverbial_after_that_is_part_of_the_content() {
        let t = "Nevertheless, Quill said that in a vote between the two boards, she would back the harbour.";
        assert_eq!(
            found(t),
            [(
                "in a vote between the two boards, she would back the harbour",
                Some("Quill"),
                QuoteKind::Indirect
            )]
        );
    }
    #[test]
    fn a_quotation_then_a_speaker_with_an_apposition() {
        // The speaker sits between the quotation and the cue; what follows the cue is the
        // writer's account of where it was said.
        let t = "“It is an invasion of the state's domain,” Scott Pruitt, the attorney general \
                 of Oklahoma, said at a Washington event.";
        assert_eq!(
            found(t),
            [(
                "“It is an invasion of the state's domain,”",
                Some("Scott Pruitt, the attorney general of Oklahoma"),
                QuoteKind::Direct
            )]
        );
    }

    #[test]
    fn a_quotation_resumes_after_the_writers_words() {
        let t = "“I think the moderator will be fair,” Trump said during a rally in Kenansville, \
                 “but a lot of people will be watching.”";
        let q = &extract(t)[0];
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("Trump"));
        let pieces: Vec<&str> = q.fragments.iter().map(|f| f.slice(t)).collect();
        assert_eq!(
            pieces,
            [
                "“I think the moderator will be fair,”",
                "“but a lot of people will be watching.”"
            ]
        );
        // What follows the cue is not what was said when it only says what the quote was
        // about.
        let t = "“It is finished,” she said of the election, in which she was sure he would win.";
        assert_eq!(
            found(t),
            [("“It is finished,”", Some("she"), QuoteKind::Direct)]
        );
    }

    #[test]
    fn records_show() {
        one_indirect_quote_each(&[
            (
                "Bush had to lend his campaign money last month, fundraising documents show.",
                "Bush had to lend his campaign money last month",
                "fundraising documents",
            ),
            (
                "New filings show the campaign has less than $1.3 million in cash.",
                "the campaign has less than $1.3 million in cash",
                "New filings",
            ),
        ]);
        // "show" alone is not a cue.
        assert!(found("The talk show host opened the show with a joke about the race.").is_empty());
    }
    #[test]
    fn an_adverbial_without_a_comma_ends_at_the_reported_subject() {
        one_indirect_quote_each(&[
            (
                "Mr. Clinton said Thursday he would leave the board if his wife won.",
                "he would leave the board if his wife won",
                "Mr. Clinton",
            ),
            (
                "The donor said on Friday he met the candidate earlier this week.",
                "he met the candidate earlier this week",
                "The donor",
            ),
            // A share of those polled speaks too.
            (
                "Around that time, 47 percent said they would vote for Clinton.",
                "they would vote for Clinton",
                "47 percent",
            ),
            // A weekday with a possessive is the content's subject, not an adverbial.
            (
                "Rachel Berg, a philanthropist from Monsey, said Thursday's speeches changed her mind.",
                "Thursday's speeches changed her mind",
                "Rachel Berg, a philanthropist from Monsey",
            ),
        ]);
    }
    #[test]
    fn bare_nouns_shares_and_titles_as_speakers() {
        one_indirect_quote_each(&[
            (
                "Her fate hinges on Obama's popularity at the time, analyst says.",
                "Her fate hinges on Obama's popularity at the time",
                "analyst",
            ),
            (
                "By double digits, those surveyed say stricter gun laws would help.",
                "stricter gun laws would help",
                "those surveyed",
            ),
            (
                "India has more cultural resonance through its films, says political scientist \
                 Dossym Satpayev in Almaty.",
                "India has more cultural resonance through its films",
                "political scientist Dossym Satpayev",
            ),
            // After an apposition, a clause that ends in a name is still what was said.
            (
                "Sen. Chuck Grassley, facing a challenge in Iowa, said he would welcome Cruz.",
                "he would welcome Cruz",
                "Sen. Chuck Grassley, facing a challenge in Iowa",
            ),
        ]);
    }
    #[test]
    fn referring_to_takes_its_particle() {
        let t = "“We have to awaken the body,” he said, referring to faith-driven voters in Iowa.";
        let got = found(t);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].0, "faith-driven voters in Iowa");
        assert_eq!(got[1].1, Some("he"));
    }
    #[test]
    fn headline_sources_with_a_label_word_or_a_group_noun() {
        for (t, speaker, content) in [
            (
                "Judicial Watch: State Department Hid Key Email For Years",
                "Judicial Watch",
                "State Department Hid Key Email For Years",
            ),
            (
                "Poll: Trump and Clinton hold narrow leads in Pennsylvania",
                "Poll",
                "Trump and Clinton hold narrow leads in Pennsylvania",
            ),
            (
                "Clinton camp: Trump's rhetoric threatens national security",
                "Clinton camp",
                "Trump's rhetoric threatens national security",
            ),
        ] {
            assert_eq!(
                found(t),
                [(content, Some(speaker), QuoteKind::Indirect)],
                "{t}"
            );
        }
        // Labels made only of label words stay labels, and a subhead is not a group.
        assert!(found("The Latest: Trump and Clinton hold narrow leads in Ohio").is_empty());
        assert!(
            found("Another challenge: Most states have passed the deadline")
                .iter()
                .all(|q| q.1 != Some("Another challenge"))
        );
    }
    #[test]
    fn reportedly_reports_its_clause_without_a_source() {
        let t = "The Club for Growth is reportedly spending $1.5 million on advertisements.";
        let q = &extract(t)[0];
        assert_eq!(
            q.content.slice(t),
            "The Club for Growth is reportedly spending $1.5 million on advertisements"
        );
        assert_eq!(q.cue.map(|c| c.slice(t)), Some("reportedly"));
        assert_eq!(q.speaker, None);
    }
    #[test]
    fn a_non_answer_is_reported() {
        one_indirect_quote_each(&[
            (
                "The Trump campaign did not respond to several questions about the aircraft.",
                "several questions about the aircraft",
                "The Trump campaign",
            ),
            (
                "Singer and Faso did not immediately respond to a request for comment.",
                "a request for comment",
                "Singer and Faso",
            ),
            (
                "A spokeswoman for Mr. Trump did not return a message for comment.",
                "a message for comment",
                "A spokeswoman for Mr. Trump",
            ),
        ]);
        // "reportedly" before a speech verb leaves the cue to the verb.
        assert_eq!(
            found("Trump reportedly told aides that he would skip the debate."),
            [(
                "he would skip the debate",
                Some("Trump"),
                QuoteKind::Indirect
            )]
        );
    }
    #[test]
    fn a_poll_named_first_is_the_source() {
        one_indirect_quote_each(&[(
            "In the previous national poll, conducted in early September, Clinton led Trump by \
             5 points.",
            "Clinton led Trump by 5 points",
            "the previous national poll, conducted in early September",
        )]);
        // Not any sentence opening with "In".
        assert!(
            found("In the morning, Clinton led a rally in Ohio with her running mate.").is_empty()
        );
    }
    #[test]
    fn to_before_a_verb_opens_an_infinitive_not_an_adverbial() {
        one_indirect_quote_each(&[
            (
                "In the end, Patriot agreed to effectively lend Mr. Clarke $5 million.",
                "to effectively lend Mr. Clarke $5 million",
                "Patriot",
            ),
            // Before a listener it is still an adverbial.
            (
                "Trump said to reporters, the wall will be built.",
                "the wall will be built",
                "Trump",
            ),
        ]);
    }
    #[test]
    fn a_preposition_after_a_cue_that_is_not_saying_opens_its_complement() {
        let t = "Sanders complained about the rules of the primary in a long speech, saying more.";
        let got = found(t);
        assert_eq!(
            got[0],
            (
                "the rules of the primary in a long speech",
                Some("Sanders"),
                QuoteKind::Indirect
            ),
            "{got:?}"
        );
        // After "said", a phrase before a comma is still an adverbial.
        assert_eq!(
            found("Trump said on Tuesday, the wall will be built.")[0].0,
            "the wall will be built"
        );
    }
    #[test]
    fn passive_reports_and_quantities() {
        let t = "O'Malley's move was first reported by MSNBC.";
        assert_eq!(
            found(t),
            [("O'Malley's move", Some("MSNBC"), QuoteKind::Indirect)]
        );
        one_indirect_quote_each(&[(
            "CNN reported at least six planes filled the skies with messages.",
            "at least six planes filled the skies with messages",
            "CNN",
        )]);
    }
    #[test]
    fn saying_inside_a_clause_reports_for_its_subject() {
        for (t, content, speaker) in [
            (
                "He began by saying that the judge had been fair.",
                "the judge had been fair",
                "He",
            ),
            (
                "She released a statement saying the company shared her values.",
                "the company shared her values",
                "She",
            ),
        ] {
            let got = found(t);
            assert!(
                got.iter().any(|q| q.0 == content && q.1 == Some(speaker)),
                "{t}: {got:?}"
            );
        }
    }
    #[test]
    fn naming_a_quotation_and_an_apposition_ending_in_a_period() {
        let t = "On Twitter, Jeb Bush called Trump “unhinged.”";
        assert_eq!(
            found(t),
            [("Trump “unhinged.”", Some("Jeb Bush"), QuoteKind::Mixed)]
        );
        one_indirect_quote_each(&[(
            "Sen. Rand Paul, R-Ky., told Fox News that polls could be wrong.",
            "polls could be wrong",
            "Sen. Rand Paul, R-Ky",
        )]);
    }
    #[test]
    fn short_interrupted_reports_and_dashed_appositions() {
        let t = "This campaign, he says, is different.";
        let q = &extract(t)[0];
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("he"));
        let pieces: Vec<&str> = q.fragments.iter().map(|f| f.slice(t)).collect();
        assert_eq!(pieces, ["This campaign", "is different"]);
        one_indirect_quote_each(&[(
            "Jason Sims — a teacher from Mount Pleasant — says he voted for Rubio.",
            "he voted for Rubio",
            "Jason Sims — a teacher from Mount Pleasant",
        )]);
    }
    #[test]
    fn a_report_in_an_opening_subordinate_clause_ends_at_the_main_clause() {
        let t = "While Trump admitted using the tax code to his benefit, he does not defend it.";
        let got = found(t);
        assert_eq!(got[0].0, "using the tax code to his benefit", "{got:?}");
        // A participle of five letters after a comma ends a report too.
        let t = "The average shows Clinton ahead by 3.7 points, using the five most recent polls.";
        assert_eq!(found(t)[0].0, "Clinton ahead by 3.7 points");
    }
    #[test]
    fn and_before_a_new_subject_after_a_comma_ends_a_report() {
        one_indirect_quote_each(&[(
            "Republicans said the department mishandled the inquiry, and Democrats wondered why.",
            "the department mishandled the inquiry",
            "Republicans",
        )]);
        // Without a comma, names joined by "and" stay in the report.
        assert_eq!(
            found("Pollsters said Clinton and Trump are tied in Ohio.")[0].0,
            "Clinton and Trump are tied in Ohio"
        );
    }
    #[test]
    fn an_adverbial_ends_at_a_possessive_subject_and_about_half_is_a_quantity() {
        one_indirect_quote_each(&[
            (
                "The president said Tuesday his actions are consistent with the law.",
                "his actions are consistent with the law",
                "The president",
            ),
            (
                "The budget office said about half of the adjustment reflected lost revenue.",
                "about half of the adjustment reflected lost revenue",
                "The budget office",
            ),
        ]);
    }
    #[test]
    fn two_words_are_enough_after_a_cue() {
        let got = found("Campaigning against Romney, he mentioned climate change.");
        assert_eq!(got, [("climate change", Some("he"), QuoteKind::Indirect)]);
        // The second verb of a clause keeps its own content and the clause's subject.
        let t = "She thanked the crews but has also warned that repairs will take a year.";
        let got = found(t);
        assert!(
            got.contains(&("the crews", Some("She"), QuoteKind::Indirect))
                && got.contains(&("repairs will take a year", Some("She"), QuoteKind::Indirect)),
            "{got:?}"
        );
        // Two words before a cue are not enough to be what was said.
        assert!(found("Most states, officials said.").is_empty());
    }
    #[test]
    fn a_quotation_of_four_words_stands_alone() {
        assert_eq!(
            found("“We will never quit.” The crowd cheered."),
            [("“We will never quit.”", None, QuoteKind::Direct)]
        );
        assert!(found("“Never quit.” The crowd cheered.").is_empty());
    }
    #[test]
    fn the_subject_of_a_joined_verb_comes_after_an_opening_adverbial() {
        let t = "Prior to the march, the military had deployed snipers and authorized its forces \
                 to open fire on protesters.";
        let got = found(t);
        assert!(
            got.iter()
                .any(|q| q.0 == "its forces to open fire on protesters"
                    && q.1 == Some("the military")),
            "{got:?}"
        );
    }
    #[test]
    fn a_sentence_that_ends_on_a_comma_after_its_cue() {
        // A line that stops on "he said," once indexed past its last word.
        let t = "By saying so, he won the room, he said,\nand left.";
        let got = found(t);
        assert!(got.iter().any(|q| q.1 == Some("he")), "{got:?}");
    }
}

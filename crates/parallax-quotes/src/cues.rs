//! English cue tables: the words that introduce reported speech, the words that stand for a
//! person, and the words whose change alters a statement's meaning. Kept as data so another
//! language is another set of tables, not new code.

/// Reporting verbs in every inflection that reports speech or a stated position
/// (lower-case, sorted for binary search).
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "accused", "accuses", "accusing", "acknowledge", "acknowledged", "acknowledges",
    "acknowledging", "add", "added", "adding", "adds", "admit", "admits", "admitted",
    "affirmed", "affirms", "agreed", "agrees", "allege", "alleged", "alleges", "announce",
    "announced", "announces", "announcing", "answered", "appeared", "appears", "argue",
    "argued", "argues", "arguing", "ask", "asked", "asks", "assert", "asserted", "asserts",
    "attacked", "attacks", "backed", "backs", "believe", "believed", "believes", "blamed",
    "blames", "boasted", "called", "calling", "calls", "charge", "charged", "charges", "cited",
    "cites", "citing", "claim", "claimed", "claiming", "claims", "commented", "complained",
    "concede", "conceded", "concedes", "conceding", "condemned", "condemns", "confirm",
    "confirmed", "confirming", "confirms", "contend", "contended", "contends", "continued",
    "cried", "criticised", "criticized", "criticizes", "declare", "declared", "declares",
    "declaring", "declined", "defended", "defends", "denied", "denies", "denounced",
    "denounces", "deny", "described", "describes", "describing", "disputed", "emphasised",
    "emphasized", "endorsed", "endorses", "estimated", "expected", "expects", "explain",
    "explained", "explaining", "explains", "expressed", "feared", "fears", "finds", "found",
    "hinted", "hoped", "hopes", "indicated", "indicates", "insist", "insisted", "insisting",
    "insists", "maintained", "maintains", "mentioned", "noted", "noting", "observed",
    "opposed", "opposes", "opposing", "pledged", "pledges", "praised", "praises", "predicted",
    "predicting", "predicts", "proclaimed", "promised", "promises", "proposed", "proposes",
    "questioned", "questions", "reaffirmed", "recalled", "recalling", "recalls", "referred",
    "referring", "reiterated", "reiterating", "rejected", "rejects", "remarked", "repeated",
    "replied", "reported", "reporting", "reports", "responded", "said", "say", "saying",
    "says", "seemed", "seems", "shouted", "show", "showed", "shows", "slammed", "slams",
    "stated", "stating", "stress", "stressed", "stresses", "stressing", "suggest", "suggested",
    "suggesting", "suggests", "support", "supported", "supporting", "supports", "tell",
    "telling", "tells", "testified", "think", "thinks", "thought", "told", "tweeted",
    "tweeting", "tweets", "underlined", "underlining", "underscored", "urge", "urged", "urges",
    "urging", "vowed", "vowing", "vows", "want", "wanted", "wants", "warn", "warned",
    "warning", "warns", "welcomed", "welcomes", "worried", "write", "writes", "wrote",
    "yelled",
];

/// Participles of speech verbs that follow a main clause ("…, noting that …") and carry on
/// the sentence subject as speaker.
pub(crate) const PARTICIPLES: &[&str] = &[
    "adding",
    "arguing",
    "claiming",
    "declaring",
    "explaining",
    "insisting",
    "noting",
    "saying",
    "stating",
    "stressing",
    "suggesting",
    "underlining",
    "warning",
];

/// Verbs of stance or intention that take a "that" clause or a "to" infinitive and do not end
/// in -ed or -s in their common forms.
pub(crate) const STANCE_VERBS: &[&str] = &[
    "think", "believe", "want", "hope", "expect", "plan", "seem", "appear", "vow", "pledge",
    "intend", "decline", "refuse", "promise", "threaten", "know", "feel", "fear", "doubt", "wish",
    "demand", "insist", "argue", "suggest", "seek", "sought", "hope", "knew", "felt", "thought",
    "agree", "deny", "mean", "meant",
];

/// Words ending like verbs that do not report a stance ("used to", "compared to", "related
/// to", "needed to" …).
pub(crate) const NOT_STANCE: &[&str] = &[
    "used",
    "compared",
    "related",
    "needed",
    "supposed",
    "forced",
    "allowed",
    "designed",
    "meant",
    "linked",
    "tied",
    "added",
    "limited",
    "devoted",
    "dedicated",
    "committed",
    "opposed",
    "exposed",
    "subjected",
    "entitled",
    "attached",
    "elected",
    "nominated",
    "appointed",
    "named",
    "scheduled",
    "slated",
    "set",
    "poised",
    "likely",
    "returned",
    "traveled",
    "travelled",
    "moved",
    "headed",
    "turned",
    "listed",
    "reached",
    "applied",
    "sentenced",
    "assigned",
    "sees",
    "goes",
    "times",
    "days",
    "years",
    "voters",
    "states",
    "points",
    "parties",
    "issues",
    "votes",
    "members",
    "leaders",
    "officials",
    "supporters",
    "candidates",
    "delegates",
    "republicans",
    "democrats",
    "americans",
    "questions",
    "means",
    "causes",
    "services",
    "changes",
    "increased",
    "reduced",
    "contributed",
    "donated",
    "raised",
    "spent",
    "paid",
    "sent",
    "given",
    "signed",
    "won",
    "lost",
    "due",
    "next",
    "close",
];

/// Words between a speaker and its verb that belong to neither ("he also said", "she has
/// said", "officials later told").
pub(crate) const VERB_PREFIXES: &[&str] = &[
    "also",
    "already",
    "has",
    "had",
    "have",
    "is",
    "was",
    "were",
    "are",
    "will",
    "would",
    "later",
    "once",
    "previously",
    "repeatedly",
    "then",
    "recently",
    "further",
    "again",
    "publicly",
    "reportedly",
    "privately",
    "often",
    "never",
    "still",
    "had",
    "did",
    "does",
    "do",
    "once",
    "first",
    "just",
    "even",
    "been",
];

/// Personal pronouns that can be a speaker; they resolve to the person named last.
pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];

/// Honorifics, ranks and titles written before a name; stripped when names are compared
/// ("Ayatollah Seyyed Ali Khamenei" and "Imam Khamenei" are both "Khamenei").
pub(crate) const TITLES: &[&str] = &[
    "adm",
    "admiral",
    "ambassador",
    "archbishop",
    "ayatollah",
    "bishop",
    "captain",
    "cardinal",
    "chairman",
    "chancellor",
    "chief",
    "col",
    "colonel",
    "commander",
    "congressman",
    "congresswoman",
    "councillor",
    "dame",
    "deputy",
    "dr",
    "emir",
    "former",
    "gen",
    "general",
    "gov",
    "governor",
    "grand",
    "hojatoleslam",
    "imam",
    "judge",
    "justice",
    "king",
    "lady",
    "leader",
    "lord",
    "lt",
    "madam",
    "mayor",
    "minister",
    "miss",
    "mr",
    "mrs",
    "ms",
    "mufti",
    "mullah",
    "premier",
    "president",
    "prime",
    "prince",
    "princess",
    "prof",
    "professor",
    "queen",
    "rabbi",
    "rep",
    "representative",
    "rev",
    "reverend",
    "secretary",
    "sen",
    "senator",
    "sergeant",
    "sgt",
    "shah",
    "sheikh",
    "sir",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sultan",
    "supreme",
    "seyyed",
    "sayyid",
    "sayed",
    "syed",
];

/// Words that turn a statement into its opposite when added, dropped or replaced.
pub(crate) const NEGATIONS: &[&str] = &[
    "cannot", "neither", "never", "no", "none", "nor", "not", "nothing", "nobody", "nowhere", "t",
    "without", "won",
];

/// Is `w` (lower-case) in the sorted or unsorted table?
pub(crate) fn is_in(table: &[&str], w: &str) -> bool {
    table.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_are_sorted_lowercase_and_unique() {
        for w in SPEECH_VERBS.windows(2) {
            assert!(w[0] < w[1], "{} before {}", w[0], w[1]);
        }
        assert!(SPEECH_VERBS
            .iter()
            .all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(is_in(SPEECH_VERBS, "stressed"));
        assert!(!is_in(SPEECH_VERBS, "walked"));
    }
}

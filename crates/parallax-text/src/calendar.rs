//! English calendar words as news writes them: weekday and month names, in full or cut short.
//! Shared by the stages that read dates ("on Sunday", "Nov. 22") so that they agree on what
//! names a day.

/// Weekday names in lower case, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names in full and in lower case, January first. Their first three letters are the
/// abbreviations.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The weekday `word` names in full, any case: 0 for Monday to 6 for Sunday.
pub fn weekday(word: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| word.eq_ignore_ascii_case(d))
}

/// The month `word` names, 1 to 12: its full name, its first three letters or "Sept", any
/// case, without a trailing period. "Mar" must not be "Marsh", nor "May" "Mayor". Compared in
/// place: the story features ask this of every capitalised word of every article.
pub fn month(word: &str) -> Option<u32> {
    let prefix = word.get(..3)?;
    let i = MONTHS
        .iter()
        .position(|m| prefix.eq_ignore_ascii_case(&m[..3]))?;
    (word.len() == 3 || word.eq_ignore_ascii_case(MONTHS[i]) || word.eq_ignore_ascii_case("sept"))
        .then_some(i as u32 + 1)
}

/// Whether `word` names a month in full ("November", not "Nov"), any case.
pub fn is_full_month(word: &str) -> bool {
    MONTHS.iter().any(|m| word.eq_ignore_ascii_case(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_full_cut_short_or_as_sept() {
        assert_eq!(month("November"), Some(11));
        assert_eq!(month("nov"), Some(11));
        assert_eq!(month("Sept"), Some(9));
        assert_eq!(month("SEP"), Some(9));
        assert_eq!(month("May"), Some(5));
        assert_eq!(month("Mayor"), None);
        assert_eq!(month("Marsh"), None);
        assert_eq!(month("Ma"), None);
        assert_eq!(month("Novem"), None);
        // A word whose third byte is inside a character is no month, and no panic.
        assert_eq!(month("Noé"), None);
        assert!(is_full_month("march"));
        assert!(!is_full_month("mar"));
    }

    #[test]
    fn weekdays_in_full_from_monday() {
        assert_eq!(weekday("Monday"), Some(0));
        assert_eq!(weekday("SUNDAY"), Some(6));
        assert_eq!(weekday("Sun"), None);
        assert_eq!(weekday("Sundays"), None);
    }
}

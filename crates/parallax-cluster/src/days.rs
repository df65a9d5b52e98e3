//! The days an article says things happened on: "on Sunday", "Nov. 22", "June 13, 2015",
//! resolved against its publication date. Reports of one event name the same day however
//! they word the rest; reports of two shootings in one city a week apart name different ones.

use parallax_text::calendar::{month, weekday};

/// Seconds per day.
const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), or `None` for a date that
/// does not exist (February 30).
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    // Years counted from March, so the leap day ends a year (the usual civil-day arithmetic).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The civil year of a day number.
fn year_of(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    yoe + era * 400 + i64::from(mp >= 10)
}

/// A day of the month written as `word` ("22", "22nd").
fn day_of_month(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The days (since 1970-01-01) that one text names, given as its words in order, for an
/// article published at `time` (seconds since the epoch): a weekday is the latest such day on
/// or before publication; a month and day without a year, the latest one no more than a day
/// after it. Each day once per mention, in text order, added to `days`. The words are the
/// ones the story features already split the text into: splitting it again cost 3% of the
/// link stage.
pub(crate) fn named_days(words: &[&str], time: i64, days: &mut Vec<i64>) {
    let published = time.div_euclid(DAY);
    for (i, w) in words.iter().enumerate() {
        if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        if let Some(wd) = weekday(w) {
            // 1970-01-01 was a Thursday (3 counting from Monday).
            let today = (published + 3).rem_euclid(7);
            days.push(published - (today - wd as i64).rem_euclid(7));
            continue;
        }
        let (Some(m), Some(d)) = (month(w), words.get(i + 1).and_then(|n| day_of_month(n))) else {
            continue;
        };
        let year = words
            .get(i + 2)
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<i64>().ok())
            .filter(|y| (1900..=2100).contains(y));
        let day = match year {
            Some(y) => days_from_civil(y, m, d),
            None => {
                let y = year_of(published);
                days_from_civil(y, m, d).and_then(|day| {
                    if day > published + 1 {
                        days_from_civil(y - 1, m, d)
                    } else {
                        Some(day)
                    }
                })
            }
        };
        days.extend(day);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d).unwrap()
    }

    /// The days each text names, split into words as the story features split it.
    fn days_in(texts: &[&str], time: i64) -> Vec<i64> {
        let mut days = Vec::new();
        for text in texts {
            let words: Vec<&str> = parallax_text::words(text)
                .map(|span| span.slice(text))
                .collect();
            named_days(&words, time, &mut days);
        }
        days
    }

    #[test]
    fn civil_days_count_from_1970() {
        assert_eq!(at(1970, 1, 1), 0);
        assert_eq!(at(2015, 11, 23), 16_762);
        assert_eq!(at(2016, 2, 29) - at(2016, 2, 28), 1);
        assert_eq!(days_from_civil(2015, 2, 29), None);
        for d in [
            at(2015, 1, 1),
            at(2015, 12, 31),
            at(2016, 2, 29),
            at(1999, 3, 1),
        ] {
            assert_eq!(
                year_of(d),
                if d < at(2000, 1, 1) { 1999 } else { year_of(d) }
            );
        }
        assert_eq!(year_of(at(2015, 12, 31)), 2015);
        assert_eq!(year_of(at(2016, 1, 1)), 2016);
    }

    #[test]
    fn weekdays_and_dates_resolve_against_publication() {
        // Published Monday 2015-11-23, noon.
        let time = at(2015, 11, 23) * DAY + 12 * 3_600;
        let days = days_in(
            &[
                "Shooting at Bunny Friend playground",
                "Police said the shooting happened Sunday night. On Nov. 22 about 300 people \
                 gathered; a hearing is set for Jan. 8, and a trial began June 13, 2015. The \
                 Marsh Street mayor may speak Monday.",
            ],
            time,
        );
        assert_eq!(
            days,
            vec![
                at(2015, 11, 22),
                at(2015, 11, 22),
                at(2015, 1, 8),
                at(2015, 6, 13),
                at(2015, 11, 23)
            ]
        );
        // Early January: December is last year's.
        let time = at(2016, 1, 2) * DAY;
        assert_eq!(
            days_in(&["Since December 28th"], time),
            vec![at(2015, 12, 28)]
        );
        assert_eq!(days_in(&["the 5th of May", "Mayor Day 12"], time), vec![]);
    }
}

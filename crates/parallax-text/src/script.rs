//! Scripts that matter for splitting text into comparable units.

/// True for characters of scripts written without spaces between words (Thai, Lao, Myanmar,
/// Khmer, kana, Han): their words cannot be found by spaces, so callers compare characters
/// or character pairs instead.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xF900..=0xFAFF // Han compatibility
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3134F // Han extensions B to G
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn spaced_and_unspaced_scripts() {
        assert!(super::is_unspaced('中'));
        assert!(super::is_unspaced('ภ'));
        assert!(!super::is_unspaced('a'));
        assert!(!super::is_unspaced('ب'));
    }
}

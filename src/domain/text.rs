//! Text hygiene: what enters the store is NFC and free of control
//! characters; what reaches a terminal never carries escape sequences.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("contains a control character (U+{code:04X}) at character {position}")]
pub struct ControlChar {
    pub code: u32,
    pub position: usize,
}

/// Normalizes to NFC and trims; refuses control characters.
pub fn clean(input: &str) -> Result<String, ControlChar> {
    clean_with(input, false)
}

/// Like [`clean`] but keeps line breaks (for notes and summaries).
pub fn clean_multiline(input: &str) -> Result<String, ControlChar> {
    clean_with(input, true)
}

fn clean_with(input: &str, multiline: bool) -> Result<String, ControlChar> {
    let input = input.trim();
    // Nearly all text arrives in NFC already: the quick check skips the
    // normalizer, which is most of an import's validation time.
    let text: String = match unicode_normalization::is_nfc_quick(input.chars()) {
        unicode_normalization::IsNormalized::Yes => input.to_string(),
        _ => input.nfc().collect(),
    };
    for (position, ch) in text.chars().enumerate() {
        if ch.is_control() && !(multiline && ch == '\n') {
            return Err(ControlChar {
                code: ch as u32,
                position: position + 1,
            });
        }
    }
    Ok(text)
}

/// For display: control characters become U+FFFD so that data can never
/// move the cursor or change colours.
pub fn printable(input: &str) -> String {
    input
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_to_nfc() {
        // "é" as e + combining acute becomes one character.
        assert_eq!(clean("e\u{301}").unwrap(), "\u{e9}");
        assert_eq!(clean("  张三 ").unwrap(), "张三");
    }

    #[test]
    fn refuses_control_characters() {
        let err = clean("ab\u{1b}[31m").unwrap_err();
        assert_eq!(err.code, 0x1b);
        assert_eq!(err.position, 3);
        assert!(clean_multiline("a\nb").is_ok());
        assert!(clean("a\nb").is_err());
    }

    #[test]
    fn printable_strips_escapes() {
        assert_eq!(printable("a\u{1b}b"), "a\u{FFFD}b");
    }
}

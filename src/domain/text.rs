//! Text hygiene: what enters the store is NFC and free of control
//! characters; what reaches a terminal never carries escape sequences.
//!
//! One rule for every way text comes in (the intake form, a step's note or
//! reason, a correction, a provider, an import): fullwidth digits, Latin
//! letters and the ideographic space read as ASCII (NFKC for those only,
//! so that Chinese punctuation stays as typed); a tab is a space; a line
//! break ends a line of a note (CR LF as LF) and is refused elsewhere; any
//! other control character is refused. An export writes what the rule
//! gave, and the rule gives the same text again, so an export imports.
//!
//! Lengths are bounded too: a line (a name, an address, a reason, a label)
//! has at most [`MAX_LINE`] characters, a text of several lines (a summary,
//! a note, a decision) at most [`MAX_TEXT`].

use unicode_normalization::UnicodeNormalization;

/// The most characters of a one-line text.
pub const MAX_LINE: usize = 1_000;
/// The most characters of a text of several lines.
pub const MAX_TEXT: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("contains a control character (U+{code:04X}) at character {position}")]
    Control { code: u32, position: usize },
    #[error("is {len} characters long; at most {max} are kept")]
    TooLong { len: usize, max: usize },
}

/// Normalizes (see the module) and trims; refuses control characters.
pub fn clean(input: &str) -> Result<String, TextError> {
    clean_with(input, false)
}

/// Fullwidth digits, Latin letters and the ideographic space as ASCII
/// (`１３８` → `138`, `Ｘ` → `X`), the way NFKC folds them; everything
/// else as it is.
pub fn fold_width(input: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{3000}' | '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
    if !input.chars().any(wide) {
        return std::borrow::Cow::Borrowed(input);
    }
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Like [`clean`] but keeps line breaks (for notes and summaries).
pub fn clean_multiline(input: &str) -> Result<String, TextError> {
    clean_with(input, true)
}

fn clean_with(input: &str, multiline: bool) -> Result<String, TextError> {
    let folded = fold_width(input);
    let spaced;
    let input = if folded.contains(['\t', '\r']) {
        spaced = folded.replace("\r\n", "\n").replace('\t', " ");
        spaced.as_str()
    } else {
        &folded
    };
    let input = input.trim();
    let max = if multiline { MAX_TEXT } else { MAX_LINE };
    // Counted before anything is copied: a 10-million-character name is
    // refused at once, not normalized first.
    let len = input.chars().take(max + 1).count();
    if len > max {
        return Err(TextError::TooLong {
            len: input.chars().count(),
            max,
        });
    }
    // Nearly all text arrives in NFC already: the quick check skips the
    // normalizer, which is most of an import's validation time.
    let text: String = match unicode_normalization::is_nfc_quick(input.chars()) {
        unicode_normalization::IsNormalized::Yes => input.to_string(),
        _ => input.nfc().collect(),
    };
    for (position, ch) in text.chars().enumerate() {
        if ch.is_control() && !(multiline && ch == '\n') {
            return Err(TextError::Control {
                code: ch as u32,
                position: position + 1,
            });
        }
    }
    Ok(text)
}

/// Pasted or typed text for a one-line field: line breaks and tabs become
/// spaces (a pasted newline never submits).
pub fn one_line(input: &str) -> String {
    input.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")
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
        assert_eq!(
            err,
            TextError::Control {
                code: 0x1b,
                position: 3
            }
        );
        assert!(clean_multiline("a\nb").is_ok());
        assert!(clean("a\nb").is_err());
    }

    #[test]
    fn tabs_are_spaces_and_fullwidth_digits_and_letters_are_ascii() {
        assert_eq!(
            clean_multiline("已电话联系\t申请人补交工资条").unwrap(),
            "已电话联系 申请人补交工资条"
        );
        assert_eq!(clean("a\tb").unwrap(), "a b");
        assert_eq!(clean_multiline("a\r\nb").unwrap(), "a\nb");
        assert_eq!(
            clean("１３８　００００　１２３４").unwrap(),
            "138 0000 1234"
        );
        assert_eq!(
            clean("１１０１０５１９４９１２３１００２Ｘ").unwrap(),
            "11010519491231002X"
        );
        // Chinese punctuation stays as typed.
        assert_eq!(clean("张三，（男）").unwrap(), "张三，（男）");
        assert!(clean("a\u{1b}b").is_err());
    }

    proptest::proptest! {
        /// Cleaning what was cleaned changes nothing: what the store keeps
        /// passes the rule again when it is imported.
        #[test]
        fn the_rule_is_idempotent(s in "\\PC*|[\t\r\n 　０-９Ａ-Ｚa-z张三，e\u{301}]*") {
            for multiline in [false, true] {
                if let Ok(once) = clean_with(&s, multiline) {
                    proptest::prop_assert_eq!(clean_with(&once, multiline), Ok(once.clone()));
                }
            }
        }
    }

    #[test]
    fn lengths_are_bounded() {
        assert!(clean(&"张".repeat(MAX_LINE)).is_ok());
        let err = clean(&"张".repeat(10_000_000)).unwrap_err();
        assert_eq!(
            err,
            TextError::TooLong {
                len: 10_000_000,
                max: MAX_LINE
            }
        );
        assert!(err.to_string().contains("at most 1000"), "{err}");
        assert!(clean_multiline(&"a\n".repeat(MAX_TEXT / 2)).is_ok());
        assert!(clean_multiline(&"a".repeat(MAX_TEXT + 1)).is_err());
    }

    #[test]
    fn printable_strips_escapes() {
        assert_eq!(printable("a\u{1b}b"), "a\u{FFFD}b");
    }
}

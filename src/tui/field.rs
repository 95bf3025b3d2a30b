//! A one-line text field with a cursor, on the `tui-input` crate: editing,
//! cursor movement and deletion go by character (grapheme), and positions on
//! screen by display width, so Chinese typed through an input method is
//! edited one character at a time. What is typed is NFC-normalized and
//! control characters never get in.

use tui_input::{Input, InputRequest};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
}

/// Two fields are equal when they hold the same text with the cursor at the
/// same place (`Input` keeps a kill ring too, which does not count).
impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl Eq for TextField {}

impl TextField {
    pub fn new() -> TextField {
        TextField::default()
    }

    /// A field holding `text` (cleaned like typed text), cursor at the end.
    pub fn with_text(text: &str) -> TextField {
        let mut f = TextField::new();
        f.insert(text);
        f
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// In characters from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// The display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self) -> usize {
        self.input.visual_cursor()
    }

    /// The columns to skip so that the cursor shows in `width` columns.
    pub fn scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    fn request(&mut self, r: InputRequest) {
        self.input.handle(r);
    }

    /// Inserts typed or pasted text at the cursor.
    pub fn insert(&mut self, s: &str) {
        let clean: Vec<char> = s.chars().filter(|c| !c.is_control()).collect();
        if clean.is_empty() {
            return;
        }
        for c in &clean {
            self.request(InputRequest::InsertChar(*c));
        }
        // Normalizing can merge characters (e + combining accent): recount
        // the cursor in the normalized text.
        let text = self.text();
        let at = text
            .char_indices()
            .nth(self.cursor())
            .map_or(text.len(), |(i, _)| i);
        let before: String = text[..at].nfc().collect();
        let normalized: String = text.nfc().collect();
        if normalized != text {
            let cursor = before.chars().count();
            self.input = Input::new(normalized).with_cursor(cursor);
        }
    }

    pub fn delete_back(&mut self) {
        self.request(InputRequest::DeletePrevChar);
    }

    pub fn delete_forward(&mut self) {
        self.request(InputRequest::DeleteNextChar);
    }

    /// Deletes back to the start of the word before the cursor.
    pub fn delete_word(&mut self) {
        self.request(InputRequest::DeletePrevWord);
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    pub fn left(&mut self) {
        self.request(InputRequest::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.request(InputRequest::GoToNextChar);
    }

    pub fn home(&mut self) {
        self.request(InputRequest::GoToStart);
    }

    pub fn end(&mut self) {
        self.request(InputRequest::GoToEnd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> TextField {
        TextField::with_text(s)
    }

    #[test]
    fn edits_chinese_by_character() {
        let mut f = field("张三丰");
        assert_eq!((f.cursor(), f.cursor_column()), (3, 6));
        f.delete_back();
        assert_eq!(f.text(), "张三");
        f.home();
        f.right();
        f.insert("小");
        assert_eq!(f.text(), "张小三");
        assert_eq!(f.cursor_column(), 4);
        f.delete_forward();
        assert_eq!(f.text(), "张小");
        f.end();
        f.delete_forward();
        assert_eq!(f.text(), "张小");
    }

    #[test]
    fn words_and_clearing() {
        let mut f = field("wang  fang ");
        f.delete_word();
        assert_eq!(f.text(), "wang  ");
        f.delete_word();
        assert_eq!(f.text(), "");
        f.insert("abc");
        f.left();
        f.clear();
        assert_eq!((f.text(), f.cursor()), ("", 0));
        f.delete_back();
        f.delete_word();
        assert_eq!(f.text(), "");
    }

    #[test]
    fn control_characters_are_dropped_and_text_is_nfc() {
        let f = field("a\u{1b}[2Jb");
        assert_eq!(f.text(), "a[2Jb");
        let f = field("e\u{301}");
        assert_eq!((f.text(), f.cursor()), ("\u{e9}", 1));
        // A combining mark typed after its letter merges with it.
        let mut f = field("caf");
        f.insert("e");
        f.insert("\u{301}");
        assert_eq!((f.text(), f.cursor()), ("caf\u{e9}", 4));
        f.home();
        f.insert("x");
        assert_eq!((f.text(), f.cursor()), ("xcaf\u{e9}", 1));
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_cursor_in_view() {
        let f = field("张三丰李四王五赵六");
        // 18 columns in 10: the cursor at the end shows.
        let s = f.scroll(10);
        assert!(f.cursor_column() - s <= 10, "{s}");
        assert_eq!(field("ab").scroll(10), 0);
    }
}

//! A one-line text field with a cursor. Positions count characters, not
//! bytes, so Chinese text is edited one character at a time; what is typed
//! is NFC-normalized and control characters never get in.

use unicode_normalization::UnicodeNormalization;

use crate::display::width;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    text: String,
    /// In characters from the start.
    cursor: usize,
}

impl TextField {
    pub fn new() -> TextField {
        TextField::default()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self) -> usize {
        width(&self.text.chars().take(self.cursor).collect::<String>())
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts typed or pasted text at the cursor.
    pub fn insert(&mut self, s: &str) {
        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
        // Normalizing can merge characters (e + combining accent): recount.
        let before: String = self.text[..at + clean.len()].nfc().collect();
        let cursor = before.chars().count();
        self.text = self.text.nfc().collect();
        self.cursor = cursor.min(self.len());
    }

    pub fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.delete_forward();
        }
    }

    pub fn delete_forward(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes back to the start of the word before the cursor.
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> TextField {
        let mut f = TextField::new();
        f.insert(s);
        f
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
    }
}

//! Display-width aware text for terminals: CJK characters take two columns,
//! so padding and cutting go by width, never by bytes or characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::text::printable;

/// An instant of the history as the reader reads it: in `zone`, or in the
/// reader's own time zone (the TZ setting) when None. The store keeps UTC.
pub fn local_time(
    at: chrono::DateTime<chrono::FixedOffset>,
    zone: Option<chrono::FixedOffset>,
) -> String {
    const FORMAT: &str = "%Y-%m-%d %H:%M";
    match zone {
        Some(z) => at.with_timezone(&z).format(FORMAT).to_string(),
        None => at.with_timezone(&chrono::Local).format(FORMAT).to_string(),
    }
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending in an ellipsis when cut.
/// Control characters never pass.
pub fn fit(s: &str, max: usize) -> String {
    let s = printable(s);
    if width(&s) <= max {
        return s;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Fits `s` into exactly `cols` columns: cut with an ellipsis, or padded.
pub fn cell(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Right-aligns `s` in `cols` columns.
pub fn cell_right(s: &str, cols: usize) -> String {
    let out = fit(s, cols);
    let pad = cols.saturating_sub(width(&out));
    format!("{}{out}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("张三"), 4);
        assert_eq!(cell("张三", 6), "张三  ");
        assert_eq!(fit("张三丰先生", 7), "张三丰…");
        assert_eq!(width(&fit("张三丰先生", 7)), 7);
        assert_eq!(fit("ab", 2), "ab");
        assert_eq!(cell_right("12", 4), "  12");
    }

    #[test]
    fn escapes_never_pass() {
        assert!(!fit("a\u{1b}[2Jb", 10).contains('\u{1b}'));
    }
}
